"""Cold start: what a fresh process pays before its first answer (issues 17 and 18).

Rows, each over ``--rounds`` fresh processes run in interleaved rounds (median, min–max):

* ``python -c pass``: the interpreter alone (the floor every row below includes);
* ``import + first verify``: inside a fresh process, ``import microcred`` and the first
  ``microcred.verify()`` of a credential signed by another process (the README example, as
  eddsa-rdfc-2022 and eddsa-jcs-2022), timed with ``perf_counter`` (issue 17: ≤ 120 ms);
* ``fresh process``: wall time of a whole process (interpreter, import, first sign, first verify)
  on the first credential of the benchmark corpus, next to the JavaScript reference process
  doing the same (``benchmarks/js/cold_start.mjs``, Digital Bazaar, when Node.js and
  ``tests/interop/node_modules`` are present) on the same files (issue 18: ≤ 0.6× JS).

Also reports which heavy packages the verify-only process loaded.  Bytecode is cached (as in an
installed package) in a private ``PYTHONPYCACHEPREFIX``, warmed before timing.  Nothing here is
asserted; ``tests/test_lazy_imports.py`` checks which modules a verification loads.

    python benchmarks/cold_start.py [--rounds 15] [--json OUT] [--before OLD_CHECKOUT/src]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
HEAVY = ("pyld", "cryptography", "cbor2", "pydantic", "requests", "asyncio", "highspy")

#: Signs the README example (both suites) into DIR/readme-SUITE.json (not timed).
SIGN_README = r"""
import json, sys
import microcred as mc
sys.path.insert(0, sys.argv[1])
from context_snapshot import readme_credential
doc = readme_credential()
key = mc.Ed25519Key.from_seed(bytes(range(32)))
for suite in sys.argv[3:]:
    signed = mc.sign(doc, key.signer(), cryptosuite=suite, created="2026-04-01T00:00:00Z")
    with open(f"{sys.argv[2]}/readme-{suite}.json", "w", encoding="utf-8") as f:
        json.dump(signed, f, ensure_ascii=False)
"""

#: import + first verify of a file signed elsewhere; prints seconds and the heavy modules loaded.
FIRST_VERIFY = r"""
import sys, time
t0, c0 = time.perf_counter(), time.process_time()
import json
import microcred
with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
ok = microcred.verify(doc).verified
t1, c1 = time.perf_counter(), time.process_time()
heavy = [m for m in sys.argv[2:] if m in sys.modules]
print(json.dumps({"s": t1 - t0, "cpu": c1 - c0, "verified": ok, "loaded": heavy}))
"""

#: a whole fresh process: import, sign the corpus's first credential, verify it (exit 1 if not).
SIGN_VERIFY = r"""
import json, sys
from datetime import datetime
import microcred as mc
d = sys.argv[1]
with open(d + "/corpus.jsonl", encoding="utf-8") as f:
    entry = json.loads(f.readline())
with open(d + "/keys.jsonl", encoding="utf-8") as f:
    key = next(k for k in map(json.loads, f) if k["k"] == entry["key"])
with open(d + "/manifest.json", encoding="utf-8") as f:
    now = datetime.fromisoformat(json.load(f)["verify_now"].replace("Z", "+00:00"))
signer = mc.Ed25519Key.from_seed(bytes.fromhex(key["seed"])).signer()
signed = mc.sign(entry["document"], signer, cryptosuite=sys.argv[2], created=entry["created"])
sys.exit(0 if mc.verify(signed, now=now).verified else 1)
"""


def _env(pycache: Path, src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _wall(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one whole child process."""
    c0, t0 = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - t0, _children_cpu() - c0


def _node() -> str | None:
    node = shutil.which("node")
    modules = ROOT / "tests" / "interop" / "node_modules" / "@digitalbazaar" / "vc"
    return node if node and modules.is_dir() else None


def _summary(times: list[tuple[float, float]]) -> dict[str, float]:
    ms = sorted(1000 * wall for wall, _cpu in times)
    cpu = [1000 * c for _wall, c in times]
    return {"median_ms": round(statistics.median(ms), 1), "min_ms": round(ms[0], 1),
            "max_ms": round(ms[-1], 1), "cpu_median_ms": round(statistics.median(cpu), 1),
            "n": len(ms)}


def measure(rounds: int, src: Path = ROOT / "src", before: Path | None = None) -> dict[str, Any]:
    """Run every row ``rounds`` times, interleaved; return the summaries and the context.

    ``src`` is the directory microcred is imported from; ``before`` another checkout's ``src``,
    measured in the same rounds (rows prefixed ``before:``).
    """
    py = sys.executable
    node = _node()
    with tempfile.TemporaryDirectory(prefix="microcred-cold-") as tmp:
        work = Path(tmp)
        env = _env(work / "pycache", src)
        corpus.write(work / "corpus", n=1, per_scale=0)
        subprocess.run([py, "-c", SIGN_README, str(HERE), str(work), *SUITES], env=env,
                       check=True)
        rows: dict[str, list[tuple[float, float]]] = {}
        loaded: dict[str, list[str]] = {}
        verified = True

        def first_verify(suite: str, env: dict[str, str], tag: str) -> tuple[float, float]:
            nonlocal verified
            out = subprocess.run([py, "-c", FIRST_VERIFY, str(work / f"readme-{suite}.json"),
                                  *HEAVY], env=env, check=True, capture_output=True, text=True,
                                 timeout=120)
            got = json.loads(out.stdout)
            verified = verified and got["verified"]
            loaded[tag + suite] = got["loaded"]
            return float(got["s"]), float(got["cpu"])

        jobs: dict[str, Any] = {"python -c pass": lambda: _wall([py, "-c", "pass"], env)}
        envs = {"": env}
        if before is not None:
            envs["before: "] = _env(work / "pycache-before", before)
        for suite in SUITES:
            for tag, e in envs.items():
                jobs[f"{tag}import + first verify ({suite})"] = (
                    lambda s=suite, e=e, t=tag: first_verify(s, e, t))
                jobs[f"{tag}fresh process: microcred sign + verify ({suite})"] = (
                    lambda s=suite, e=e: _wall([py, "-c", SIGN_VERIFY, str(work / "corpus"), s],
                                               e))
            if node:
                jobs[f"fresh process: JS reference sign + verify ({suite})"] = (
                    lambda s=suite: _wall([node, str(HERE / "js" / "cold_start.mjs"),
                                           str(work / "corpus"), s], env))
        for job in jobs.values():  # warm-up: bytecode written, file caches filled (not timed)
            job()
        for _ in range(rounds):
            for name, job in jobs.items():
                rows.setdefault(name, []).append(job())
    result: dict[str, Any] = {
        "rows": {name: _summary(times) for name, times in rows.items()},
        "verified": verified, "heavy_modules_loaded_by_verify": loaded,
        "python": sys.version.split()[0], "node": _node_version(node),
        "cpus": os.cpu_count(), "load_average": os.getloadavg(),
    }
    for suite in SUITES:
        ours = result["rows"][f"fresh process: microcred sign + verify ({suite})"]["median_ms"]
        js = result["rows"].get(f"fresh process: JS reference sign + verify ({suite})")
        if js:
            ours_cpu = result["rows"][
                f"fresh process: microcred sign + verify ({suite})"]["cpu_median_ms"]
            result.setdefault("ratio_to_js", {})[suite] = round(ours / js["median_ms"], 2)
            result.setdefault("cpu_ratio_to_js", {})[suite] = round(
                ours_cpu / js["cpu_median_ms"], 2)
    return result


def _node_version(node: str | None) -> str | None:
    if node is None:
        return None
    return subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--src", type=Path, default=ROOT / "src",
                        help="import microcred from this directory (default: this checkout)")
    parser.add_argument("--before", type=Path,
                        help="also measure the microcred of this directory (another checkout's "
                             "src) in the same rounds")
    args = parser.parse_args(argv)
    result = measure(args.rounds, args.src.resolve(),
                     args.before.resolve() if args.before else None)
    width = max(map(len, result["rows"]))
    for name, row in result["rows"].items():
        print(f"{name:<{width}}  {row['median_ms']:7.1f} ms  "
              f"(min {row['min_ms']:.1f}, max {row['max_ms']:.1f}, n={row['n']}; "
              f"CPU {row['cpu_median_ms']:.1f} ms)")
    for suite, ratio in result.get("ratio_to_js", {}).items():
        cpu = result["cpu_ratio_to_js"][suite]
        print(f"fresh process, microcred / JS reference ({suite}): {ratio:.2f}× wall, "
              f"{cpu:.2f}× CPU")
    print(f"heavy modules loaded by a verification: {result['heavy_modules_loaded_by_verify']}")
    print(f"all verified: {result['verified']}; load average {result['load_average']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["verified"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
