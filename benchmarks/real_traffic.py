"""Real-traffic benchmark: distinct, varied OB 3.0 credentials, single pass, interleaved rounds.

Usage::

    python benchmarks/real_traffic.py                    # default run (< 5 min on 2 cores)
    python benchmarks/real_traffic.py --quick            # smoke run (< 60 s)
    python benchmarks/real_traffic.py --out benchmarks/results/after-trust-model.json
    python benchmarks/real_traffic.py --markdown benchmarks/results/before-trust-model.json

The corpus (``benchmarks/corpus.py``: 1,000 distinct credentials, 50 issuer keys, OB 3.0.1 /
3.0.2 / 3.0.3, 0–10 alignments, results, evidence, 0–3 signed endorsements, English and
Japanese, own ``created`` each; plus scale rows of ~1 KB, 10 KB, 100 KB and 1 MB) is written
once to ``--corpus`` (default: a directory in the system temp dir) and read by every
implementation from the same files.

Each document is processed **once** per implementation and suite: the corpus is split into
``--rounds`` interleaved slices (document ``i`` goes to round ``i % rounds``) and every round
runs every implementation on its slice, in an order rotated from round to round.  A figure is
the median over the rounds with the min–max spread; a ratio is computed per round on exactly
the same documents (microcred's rate over the other's), then its median and spread.

Implementations in the same run:

* microcred ``sign`` / ``verify`` (eddsa-rdfc-2022 and eddsa-jcs-2022; ``verify`` with
  ``verify_endorsements=False`` like the others, plus a row with the embedded endorsements
  verified too), on documents this process has just signed;
* microcred ``verify`` in a **fresh process** on documents signed by another process (the
  verify-only row): one child per round and suite, warmed up on other documents first;
* the naive pyld baseline (``benchmarks/baseline.py``, eddsa-rdfc-2022 only);
* a plain JCS baseline (eddsa-jcs-2022 with ``json.dumps`` + hashlib + PyNaCl and no JSON-LD
  checks at all: the Python floor of the JCS suite, not a conforming verifier);
* the JavaScript reference (Digital Bazaar ``@digitalbazaar/vc`` + data-integrity +
  eddsa-rdfc-2022 / eddsa-jcs-2022 cryptosuites, ``benchmarks/js/bench.mjs``) when ``node`` and
  ``tests/interop/node_modules`` are present; it runs as one long-lived process.

Times are wall clock per call (``perf_counter`` / ``performance.now``); process CPU time is
recorded too (``cpu_*`` in the JSON).  The load average is recorded before, during (per round)
and after the run: the machine is shared, so read the spread.  Nothing here is asserted by the
test suite.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
import corpus  # noqa: E402

RDFC, JCS = "eddsa-rdfc-2022", "eddsa-jcs-2022"
SUITES = (RDFC, JCS)
#: the physical floor is no cryptosuite: its one "suite" is this tag
FLOOR = "floor"
TAG = {RDFC: "rdfc", JCS: "jcs", FLOOR: "any"}
#: the ratios computed and shown: (microcred's suite tag, other implementation/tag)
COMPARISONS = (("rdfc", "naive-pyld/rdfc"), ("rdfc", "js-reference/rdfc"),
               ("rdfc", "floor/any"), ("jcs", "plain-jcs/jcs"), ("jcs", "js-reference/jcs"),
               ("jcs", "floor/any"))
JS_DIR = ROOT / "tests" / "interop"
BENCH_MJS = HERE / "js" / "bench.mjs"
Json = dict[str, Any]
#: per document: (wall seconds, process CPU seconds)
Times = dict[int, tuple[float, float]]


def default_corpus_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"microcred-bench-{corpus.GENERATOR_VERSION}"


# -- the corpus as every implementation sees it -------------------------------------------------


class Data:
    """The corpus files, parsed once: sets ``corpus``, ``warmup`` and one per scale row."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.manifest: Json = json.loads((directory / "manifest.json").read_text("utf-8"))
        self.keys = {k["k"]: k for k in corpus.read(directory / "keys.jsonl")}
        self.sets: dict[str, list[Json]] = {
            "corpus": corpus.read(directory / "corpus.jsonl"),
            "warmup": corpus.read(directory / "warmup.jsonl"),
        }
        for e in corpus.read(directory / "scale.jsonl"):
            self.sets.setdefault(e["scale"], []).append(e)
        self.now = datetime.fromisoformat(self.manifest["verify_now"].replace("Z", "+00:00"))


class Result:
    """One implementation × suite × set × round: per-document times and outcomes."""

    def __init__(self) -> None:
        self.sign: Times = {}
        self.verify: Times = {}
        self.verify_full: Times = {}
        self.proof_values: dict[int, str | None] = {}
        self.verified = 0
        self.verified_full = 0
        self.errors: list[str] = []
        self.signed: dict[int, Json] = {}

    def error(self, text: str) -> None:
        if len(self.errors) < 3:
            self.errors.append(text[:300])


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


# -- implementations ----------------------------------------------------------------------------


def run_python(set_name: str, entries: Sequence[Json], indices: Sequence[int],
               sign: Callable[[Json], Json], verify: Callable[[Json, Json], bool],
               why: Callable[[Json], str] | None = None) -> Result:
    """Time ``sign(entry)`` of each document, then ``verify(signed, entry)`` of each result."""
    out = Result()
    signed: dict[int, Json] = {}
    gc.collect()
    for i in indices:
        doc, wall, cpu = _timed(lambda e=entries[i]: sign(e))
        out.sign[i] = (wall, cpu)
        signed[i] = doc
        out.proof_values[i] = doc["proof"].get("proofValue")
    gc.collect()
    for i in indices:
        ok, wall, cpu = _timed(lambda d=signed[i], e=entries[i]: verify(d, e))
        out.verify[i] = (wall, cpu)
        out.verified += bool(ok)
        if not ok:
            out.error(f"{set_name}[{i}] not verified" + (f": {why(signed[i])}" if why else ""))
    out.signed = signed
    return out


class Microcred:
    name = "microcred"
    suites = SUITES

    def __init__(self, data: Data) -> None:
        import microcred as mc

        self.mc = mc
        self.data = data
        self.signers = {k: mc.Ed25519Key.from_seed(bytes.fromhex(r["seed"])).signer()
                        for k, r in data.keys.items()}
        self.resolver = mc.DidKeyResolver()

    def verify(self, doc: Json, endorsements: bool = False) -> bool:
        res = self.mc.verify(doc, resolver=self.resolver, now=self.data.now,
                             verify_endorsements=endorsements)
        return bool(res.verified)

    def run(self, set_name: str, indices: Sequence[int], suite: str,
            full: bool = True) -> Result:
        def sign(e: Json) -> Json:
            out: Json = self.mc.sign(e["document"], self.signers[e["key"]], cryptosuite=suite,
                                     created=e["created"])
            return out

        out = run_python(set_name, self.data.sets[set_name], indices, sign,
                         lambda d, _e: self.verify(d), self._why)
        if full:  # the embedded endorsements verified too (only microcred does this)
            gc.collect()
            for i in indices:
                ok, wall, cpu = _timed(lambda d=out.signed[i]: self.verify(d, True))
                out.verify_full[i] = (wall, cpu)
                out.verified_full += bool(ok)
        out.signed = {}
        return out

    def _why(self, doc: Json) -> str:
        try:
            res = self.mc.verify(doc, resolver=self.resolver, now=self.data.now,
                                 verify_endorsements=False)
            return json.dumps(res.as_dict(), default=str)[:300]
        except Exception as exc:
            return repr(exc)


class _Plain:
    """A plain Python implementation: PyNaCl keys from the corpus seeds, ``sign``/``verify``."""

    name = ""
    suites: tuple[str, ...] = ()

    def __init__(self, data: Data) -> None:
        import nacl.signing

        self.data = data
        self.keys = {k: nacl.signing.SigningKey(bytes.fromhex(r["seed"]))
                     for k, r in data.keys.items()}

    def sign(self, doc: Json, key: Any, vm: str, created: str) -> Json:
        raise NotImplementedError

    def verify(self, signed: Json, vk: Any) -> bool:
        raise NotImplementedError

    def run(self, set_name: str, indices: Sequence[int], suite: str) -> Result:
        keys, vms = self.keys, self.data.keys
        out = run_python(
            set_name, self.data.sets[set_name], indices,
            lambda e: self.sign(e["document"], keys[e["key"]],
                                vms[e["key"]]["verificationMethod"], e["created"]),
            lambda d, e: self.verify(d, keys[e["key"]].verify_key))
        out.signed = {}
        return out


class Naive(_Plain):
    """The naive pyld baseline of benchmarks/baseline.py (eddsa-rdfc-2022 only)."""

    name = "naive-pyld"
    suites = (RDFC,)

    def __init__(self, data: Data) -> None:
        super().__init__(data)
        self.impl = baseline.NaiveRdfc(json.loads((data.dir / "contexts.json").read_text("utf-8")))

    def sign(self, doc: Json, key: Any, vm: str, created: str) -> Json:
        return self.impl.sign(doc, key, vm, created)

    def verify(self, signed: Json, vk: Any) -> bool:
        return self.impl.verify(signed, vk)


def _plain_encoder() -> Callable[[Any], bytes]:
    try:
        import orjson
    except ImportError:
        return lambda value: json.dumps(value, sort_keys=True, separators=(",", ":"),
                                        ensure_ascii=False).encode()
    dumps, option = orjson.dumps, orjson.OPT_SORT_KEYS
    return lambda value: dumps(value, option=option)


#: RFC 8785 for the corpus's values (integers, non-integral decimals, strings), with the
#: fastest encoder at hand: orjson when installed (microcred's JCS encoder too), else the
#: standard library's C encoder (the two write the same bytes here)
plain_jcs = _plain_encoder()


class PlainJcs(_Plain):
    """eddsa-jcs-2022 written plainly: JCS + SHA-256 + Ed25519, no JSON-LD checks at all."""

    name = "plain-jcs"
    suites = (JCS,)

    @staticmethod
    def _hash(doc: Json, config: Json) -> bytes:
        return (hashlib.sha256(plain_jcs(config)).digest()
                + hashlib.sha256(plain_jcs(doc)).digest())

    def sign(self, doc: Json, key: Any, vm: str, created: str) -> Json:
        proof = {"type": "DataIntegrityProof", "cryptosuite": JCS, "created": created,
                 "verificationMethod": vm, "proofPurpose": "assertionMethod",
                 "@context": doc["@context"]}
        sig = key.sign(self._hash(doc, proof)).signature
        return dict(doc, proof=dict(proof, proofValue=baseline.b58btc_encode(sig)))

    def verify(self, signed: Json, vk: Any) -> bool:
        doc = {k: v for k, v in signed.items() if k != "proof"}
        proof = dict(signed["proof"])
        sig = baseline.b58btc_decode(proof.pop("proofValue"))
        if "@context" in proof:
            ctx = doc["@context"]
            pctx = proof["@context"]
            pctx = pctx if isinstance(pctx, list) else [pctx]
            if (ctx if isinstance(ctx, list) else [ctx])[: len(pctx)] != pctx:
                return False
        try:
            vk.verify(self._hash(doc, proof), sig)
        except Exception:
            return False
        return True


class Floor(_Plain):
    """The physical floor of issue 18: ``json.loads`` of the file, SHA-256 of it, Ed25519.

    Not a cryptosuite and not a verifier: what any implementation that parses the credential,
    hashes it once and checks one signature must spend at least. ``sign`` parses the document's
    JSON text, hashes it and signs the hash; ``verify`` parses the text again, hashes it and
    verifies that signature. The text is the document as a file would hold it (made before the
    clock starts).
    """

    name = "floor"
    suites = (FLOOR,)

    def run(self, set_name: str, indices: Sequence[int], suite: str) -> Result:
        entries = self.data.sets[set_name]
        texts = {i: json.dumps(entries[i]["document"], ensure_ascii=False).encode()
                 for i in indices}
        keys = self.keys

        def sign(i: int) -> Json:
            text = texts[i]
            json.loads(text)
            sig = keys[entries[i]["key"]].sign(hashlib.sha256(text).digest()).signature
            return {"text": text, "sig": sig, "proof": {"proofValue": None}}

        def verify(signed: Json, i: int) -> bool:
            json.loads(signed["text"])
            try:
                keys[entries[i]["key"]].verify_key.verify(
                    hashlib.sha256(signed["text"]).digest(), signed["sig"])
            except Exception:
                return False
            return True

        by_index = [{"i": i} for i in range(len(entries))]
        out = run_python(set_name, by_index, indices, lambda e: sign(e["i"]),
                         lambda d, e: verify(d, e["i"]))
        out.signed = {}
        return out


def node_unavailable() -> str | None:
    """Why the JS reference cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (JS_DIR / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        return "tests/interop/node_modules missing (run `npm ci` in tests/interop)"
    return None


class Js:
    """The Digital Bazaar reference, one long-lived ``node benchmarks/js/bench.mjs --serve``."""

    name = "js-reference"
    suites = SUITES

    def __init__(self, data: Data) -> None:
        node = shutil.which("node")
        assert node is not None
        self.proc = subprocess.Popen(
            [node, str(BENCH_MJS), str(data.dir), "--serve"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, encoding="utf-8", cwd=str(JS_DIR))
        hello = self._read()
        self.version = hello.get("node")

    def _read(self) -> Json:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"bench.mjs exited ({self.proc.wait()})")
        out: Json = json.loads(line)
        if "fatal" in out:
            raise RuntimeError(out["fatal"])
        return out

    def run(self, set_name: str, indices: Sequence[int], suite: str) -> Result:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"op": "run", "set": set_name,
                                          "indices": list(indices), "suite": suite}) + "\n")
        self.proc.stdin.flush()
        ans = self._read()
        out = Result()
        for n, i in enumerate(indices):
            out.sign[i] = (ans["sign"][n], ans["signCpu"][n])
            out.verify[i] = (ans["verify"][n], ans["verifyCpu"][n])
            out.proof_values[i] = ans["proofValues"][n]
        out.verified = ans["verified"]
        out.errors = ans["errors"]
        return out

    def close(self) -> None:
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write('{"op": "quit"}\n')
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        except Exception:
            self.proc.kill()


# -- child processes: signing for, and verifying in, other processes ----------------------------


def _signed_path(out_dir: Path, suite: str, set_name: str, r: int) -> Path:
    return out_dir / f"signed-{TAG[suite]}-{set_name}-{r}.jsonl"


def sign_child(corpus_dir: Path, out_dir: Path, plan: dict[str, list[list[int]]]) -> None:
    """Sign the planned documents with microcred (both suites): one JSON Lines file per suite,
    set and round (a verify child reads only its own)."""
    data = Data(corpus_dir)
    mcr = Microcred(data)
    for suite in SUITES:
        for set_name, rounds in plan.items():
            entries = data.sets[set_name]
            for r, indices in enumerate(rounds):
                with _signed_path(out_dir, suite, set_name, r).open("w", encoding="utf-8") as f:
                    for i in indices:
                        e = entries[i]
                        doc = mcr.mc.sign(e["document"], mcr.signers[e["key"]],
                                          cryptosuite=suite, created=e["created"])
                        f.write(json.dumps({"i": i, "document": doc}, ensure_ascii=False) + "\n")


def verify_child(corpus_dir: Path, signed_dir: Path, suite: str, r: int,
                 work: list[tuple[str, list[int]]]) -> Json:
    """In a fresh process: warm up on the signed warm-up documents, then verify each once."""
    data = Data(corpus_dir)
    mcr = Microcred(data)

    def load(set_name: str, r: int) -> dict[int, Json]:
        rows = corpus.read(_signed_path(signed_dir, suite, set_name, r))
        return {row["i"]: row["document"] for row in rows}

    for doc in load("warmup", 0).values():
        mcr.verify(doc)
    out: Json = {}
    for set_name, indices in work:
        docs = load(set_name, r)
        res = Result()
        gc.collect()
        for i in indices:
            ok, wall, cpu = _timed(lambda doc=docs[i]: mcr.verify(doc))
            res.verify[i] = (wall, cpu)
            res.verified += bool(ok)
            if not ok:
                res.error(f"{set_name}[{i}] not verified: {mcr._why(docs[i])}")
        out[set_name] = {"verify": {str(i): t for i, t in res.verify.items()},
                         "verified": res.verified, "errors": res.errors}
    return out


def run_verify_child(args: argparse.Namespace, signed_dir: Path, suite: str, r: int,
                     work: list[tuple[str, list[int]]]) -> dict[str, Result]:
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--verify-child", str(signed_dir),
         "--corpus", str(args.corpus), "--suite", suite, "--round", str(r)],
        input=json.dumps(work), capture_output=True, text=True, encoding="utf-8",
        timeout=1800, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"verify child failed: {proc.stderr.strip()[-800:]}")
    ans = json.loads(proc.stdout.strip().splitlines()[-1])
    out: dict[str, Result] = {}
    for set_name, part in ans.items():
        res = Result()
        res.verify = {int(i): (t[0], t[1]) for i, t in part["verify"].items()}
        res.verified = part["verified"]
        res.errors = part["errors"]
        out[set_name] = res
    return out


# -- statistics and output ----------------------------------------------------------------------


def _spread(values: Sequence[float]) -> Json:
    return {"rounds": [round(v, 4) for v in values], "median": statistics.median(values),
            "min": min(values), "max": max(values)}


def row_stats(per_round: Sequence[Times]) -> Json:
    """Rates of one row over its rounds (documents per second, wall and CPU)."""
    rounds = [t for t in per_round if t]
    wall = [len(t) / sum(w for w, _c in t.values()) for t in rounds]
    cpu = [len(t) / max(sum(c for _w, c in t.values()), 1e-9) for t in rounds]
    every = [w for t in rounds for w, _c in t.values()]
    return {"docs": [len(t) for t in rounds], "per_s": _spread(wall), "cpu_per_s": _spread(cpu),
            "median_doc_ms": statistics.median(every) * 1e3, "total_s": sum(every)}


def ratio_stats(num: Sequence[Times], den: Sequence[Times]) -> Json | None:
    """microcred's speed over another's, per round on the documents both ran."""
    wall, cpu = [], []
    for a, b in zip(num, den, strict=True):
        common = sorted(set(a) & set(b))
        if not common:
            continue
        wall.append(sum(b[i][0] for i in common) / sum(a[i][0] for i in common))
        cpu.append(sum(b[i][1] for i in common) / max(sum(a[i][1] for i in common), 1e-9))
    if not wall:
        return None
    return {"wall": _spread(wall), "cpu": _spread(cpu)}


def _git(*a: str) -> str:
    return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True,
                          check=False).stdout.strip()


def git_commit(ref: str | None) -> Json:
    """What was measured: the committed tree ``ref`` (a commit id), or the working tree."""
    import microcred

    if ref:
        return {"commit": ref, "subject": _git("log", "-1", "--format=%s", ref),
                "tree": f"git archive of {ref} (uncommitted changes not measured)",
                "microcred_imported_from": str(Path(microcred.__file__).parent)}
    dirty = _git("status", "--porcelain", "--untracked-files=no", "--", "src").splitlines()
    return {"commit": _git("rev-parse", "HEAD"), "subject": _git("log", "-1", "--format=%s"),
            "tree": "working tree", "src_dirty": [line[3:] for line in dirty],
            "microcred_imported_from": str(Path(microcred.__file__).parent)}


def use_ref(ref: str) -> tuple[Path, str]:
    """Export ``src/`` of ``ref`` (git archive, the repository untouched) and import from it.

    Children inherit it through PYTHONPATH.  Returns the temporary directory to remove and the
    commit id (resolved once: the branch may move during the run)."""
    import io
    import tarfile

    if "microcred" in sys.modules:
        raise RuntimeError("--ref must be applied before microcred is imported")
    commit = _git("rev-parse", "--verify", f"{ref}^{{commit}}")
    if not commit:
        raise SystemExit(f"--ref {ref}: not a commit")
    tar = subprocess.run(["git", "archive", "--format=tar", commit, "src"], cwd=ROOT,
                         capture_output=True, check=True).stdout
    tmp = Path(tempfile.mkdtemp(prefix="microcred-bench-src-"))
    with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
        tf.extractall(tmp, filter="data") if sys.version_info >= (3, 12) else tf.extractall(tmp)
    src = str(tmp / "src")
    sys.path.insert(0, src)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (src, os.environ.get("PYTHONPATH")) if p)
    return tmp, commit


def machine() -> Json:
    import run as legacy  # benchmarks/run.py: the same machine description as the old runner

    info: Json = legacy.machine_info()
    node = shutil.which("node")
    if node:
        info["node"] = subprocess.run([node, "--version"], capture_output=True, text=True,
                                      check=False).stdout.strip()
        try:
            lock = json.loads((JS_DIR / "package-lock.json").read_text("utf-8"))
            pk = lock.get("packages", {})
            info["js_packages"] = {
                name: pk.get(f"node_modules/{name}", {}).get("version")
                for name in ("@digitalbazaar/vc", "@digitalbazaar/data-integrity",
                             "@digitalbazaar/eddsa-rdfc-2022-cryptosuite",
                             "@digitalbazaar/eddsa-jcs-2022-cryptosuite", "jsonld",
                             "rdf-canonize")}
        except (OSError, ValueError):
            pass
    return info


LABELS = {
    "microcred/rdfc": "microcred eddsa-rdfc-2022",
    "microcred/jcs": "microcred eddsa-jcs-2022",
    "naive-pyld/rdfc": "naive pyld baseline rdfc",
    "plain-jcs/jcs": "plain JCS floor (no JSON-LD; orjson when installed)",
    "js-reference/rdfc": "JS reference (Digital Bazaar) rdfc",
    "js-reference/jcs": "JS reference (Digital Bazaar) jcs",
    "floor/any": "physical floor (json.loads + SHA-256 + Ed25519)",
}


def _num(x: float) -> str:
    return f"{x:,.0f}" if x >= 20 else f"{x:.1f}" if x >= 1 else f"{x:.2f}"


def _fmt_rate(s: Json | None) -> str:
    if not s:
        return "—"
    p = s["per_s"]
    return f"{_num(p['median'])} [{_num(p['min'])}–{_num(p['max'])}]"


def _x(ratio: float) -> str:
    """A ratio with two significant digits below 1 (0.25×), one decimal above (12.3×)."""
    return f"{ratio:.2f}" if ratio < 1 else f"{ratio:.1f}"


def _fmt_ratio(r: Json | None) -> str:
    if not r:
        return "—"
    w = r["wall"]
    return f"{_x(w['median'])}× [{_x(w['min'])}–{_x(w['max'])}]"


def _cpu_ratios(rs: Json, tag: str, other: str) -> str:
    return " / ".join(f"{_x(rs[k]['cpu']['median'])}×" if k in rs else "—" for k in (
        f"{tag}/sign/{other}", f"{tag}/verify/{other}", f"{tag}/verify-fresh/{other}"))


def table(results: Json) -> str:
    """Rows: implementation × suite per set; then the ratios (microcred / other)."""
    rows = [("set", "implementation", "sign/s med [min–max]", "verify/s med [min–max]",
             "verify/s fresh process", "verify/s + endorsements")]
    for set_name, rs in results["rows"].items():
        for key, label in LABELS.items():
            if f"{key}/sign" not in rs:
                continue
            rows.append((set_name, label, _fmt_rate(rs.get(f"{key}/sign")),
                         _fmt_rate(rs.get(f"{key}/verify")),
                         _fmt_rate(rs.get(f"{key}/verify-fresh")),
                         _fmt_rate(rs.get(f"{key}/verify-full"))))
    rows.append(("", "", "", "", "", ""))
    rows.append(("set", "ratio (microcred / other)", "sign (wall)", "verify (wall)",
                 "verify, fresh process (wall)", "CPU-time medians: sign / verify / fresh"))
    for set_name, rs in results["ratios"].items():
        for tag, other in COMPARISONS:
            if not any(k.startswith(f"{tag}/") and k.endswith(f"/{other}") for k in rs):
                continue
            cpu = _cpu_ratios(rs, tag, other)
            rows.append((set_name, f"microcred {tag} / {LABELS[other]}",
                         _fmt_ratio(rs.get(f"{tag}/sign/{other}")),
                         _fmt_ratio(rs.get(f"{tag}/verify/{other}")),
                         _fmt_ratio(rs.get(f"{tag}/verify-fresh/{other}")), cpu))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(results: Json) -> str:
    """The headline figures as Markdown (for docs)."""
    out = ["| set | implementation | sign/s (wall) | verify/s (wall) | "
           "verify/s, fresh process (wall) | CPU time: sign/s / verify/s / fresh |",
           "|---|---|---:|---:|---:|---:|"]
    for set_name, rs in results["rows"].items():
        for key, label in LABELS.items():
            if f"{key}/sign" in rs:
                cpu = " / ".join(_num(rs[f"{key}/{op}"]["cpu_per_s"]["median"])
                                 if f"{key}/{op}" in rs else "—"
                                 for op in ("sign", "verify", "verify-fresh"))
                out.append(f"| {set_name} | {label} | {_fmt_rate(rs.get(f'{key}/sign'))} | "
                           f"{_fmt_rate(rs.get(f'{key}/verify'))} | "
                           f"{_fmt_rate(rs.get(f'{key}/verify-fresh'))} | {cpu} |")
    out += ["", "| set | ratio (microcred / other) | sign (wall) | verify (wall) | "
            "verify, fresh process (wall) | CPU time: sign / verify / fresh |",
            "|---|---|---:|---:|---:|---:|"]
    for set_name, rs in results["ratios"].items():
        for tag, other in COMPARISONS:
            if f"{tag}/sign/{other}" in rs:
                out.append(f"| {set_name} | microcred {tag} / {LABELS[other]} | "
                           f"{_fmt_ratio(rs.get(f'{tag}/sign/{other}'))} | "
                           f"{_fmt_ratio(rs.get(f'{tag}/verify/{other}'))} | "
                           f"{_fmt_ratio(rs.get(f'{tag}/verify-fresh/{other}'))} | "
                           f"{_cpu_ratios(rs, tag, other)} |")
    return "\n".join(out)


# -- the run ------------------------------------------------------------------------------------


def plan_rounds(data: Data, args: argparse.Namespace) -> dict[str, list[list[int]]]:
    """set -> per round, the documents of that round (document i goes to round i % rounds)."""
    sizes = {"corpus": min(args.n, len(data.sets["corpus"]))}
    for s in args.scales:
        sizes[s] = min(args.per_scale or corpus.SCALES[s][1], len(data.sets.get(s, [])))
    return {s: [[i for i in range(n) if i % args.rounds == r] for r in range(args.rounds)]
            for s, n in sizes.items() if n}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=default_corpus_dir(),
                    help="corpus directory (written if missing or stale)")
    ap.add_argument("--n", type=int, default=corpus.N_DOCS, help="corpus documents (1000)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (5)")
    ap.add_argument("--scales", default=",".join(corpus.SCALES),
                    help="scale rows to run, comma-separated ('' for none)")
    ap.add_argument("--per-scale", type=int, default=None,
                    help="at most this many documents per scale row")
    ap.add_argument("--slow-every", type=int, default=4,
                    help="the slow implementations (naive pyld, JS rdfc) run every Nth "
                    "document of each corpus round (4)")
    ap.add_argument("--warmup", type=int, default=corpus.N_WARMUP,
                    help=f"warm-up documents per implementation, not measured ({corpus.N_WARMUP})")
    ap.add_argument("--no-js", action="store_true", help="skip the JS reference")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 100 documents, 3 rounds, scale rows up to 100 KB")
    ap.add_argument("--out", type=Path, default=None,
                    help="result JSON (default benchmarks/results/real-traffic-latest.json)")
    ap.add_argument("--label", default="", help="free text stored with the results")
    ap.add_argument("--ref", default=None,
                    help="measure the committed src/ of this git ref (e.g. HEAD), exported "
                    "with git archive, instead of the working tree")
    ap.add_argument("--markdown", type=Path, metavar="RESULTS_JSON",
                    help="print a results file as Markdown tables and exit")
    ap.add_argument("--sign-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--verify-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--suite", help=argparse.SUPPRESS)
    ap.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text("utf-8"))))
        return 0
    if args.sign_child:
        sign_child(args.corpus, args.sign_child, json.loads(sys.stdin.read()))
        return 0
    if args.verify_child:
        work = [(s, list(ix)) for s, ix in json.loads(sys.stdin.read())]
        print(json.dumps(verify_child(args.corpus, args.verify_child, args.suite, args.round,
                                      work)))
        return 0

    if args.quick:
        args.n = min(args.n, 100)
        args.rounds = min(args.rounds, 3)
        if args.scales == ",".join(corpus.SCALES):
            args.scales = "1KB,10KB,100KB"
        args.per_scale = args.per_scale or 6
        args.warmup = min(args.warmup, 5)
    args.scales = [s for s in args.scales.split(",") if s]
    for s in args.scales:
        if s not in corpus.SCALES:
            ap.error(f"unknown scale {s!r} (one of {', '.join(corpus.SCALES)})")
    out_path = args.out or HERE / "results" / "real-traffic-latest.json"
    ref_tmp = None
    if args.ref:
        ref_tmp, args.ref = use_ref(args.ref)
        print(f"measuring src/ of commit {args.ref}", flush=True)
    try:
        return _run(args, out_path)
    finally:
        if ref_tmp is not None:
            shutil.rmtree(ref_tmp, ignore_errors=True)


def _run(args: argparse.Namespace, out_path: Path) -> int:
    """The measured run (after the corpus and the measured tree are settled)."""

    started = time.perf_counter()
    started_utc = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    load_start = os.getloadavg()
    print(f"load average {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}; "
          f"corpus {args.corpus}", flush=True)
    manifest = corpus.ensure(args.corpus, args.n, args.per_scale, args.scales)
    data = Data(args.corpus)
    phases = {"corpus_s": time.perf_counter() - started}
    plan = plan_rounds(data, args)
    notes: list[str] = []

    impls: list[Any] = [Microcred(data), Naive(data), PlainJcs(data), Floor(data)]
    js_reason = "disabled (--no-js)" if args.no_js else node_unavailable()
    js: Js | None = None
    if js_reason is None:
        try:
            js = Js(data)
            impls.append(js)
        except Exception as exc:
            js_reason = f"failed to start: {exc!r}"
    if js_reason:
        notes.append(f"JS reference not run: {js_reason}")
        print(f"note: JS reference not run: {js_reason}", flush=True)

    signed_dir = Path(tempfile.mkdtemp(prefix="microcred-bench-signed-"))
    try:
        # documents for the verify-only rows, signed in another process
        warm = list(range(min(args.warmup, len(data.sets["warmup"]))))
        sign_plan = dict(plan, warmup=[warm])
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--sign-child", str(signed_dir),
             "--corpus", str(args.corpus)], input=json.dumps(sign_plan), text=True,
            capture_output=True, timeout=1800, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"sign child failed: {proc.stderr.strip()[-800:]}")

        # warm-up: contexts processed, code paths taken, JIT warm (not measured)
        for impl in impls:
            for suite in impl.suites:
                impl.run("warmup", warm, suite)

        phases["startup_s"] = time.perf_counter() - started - phases["corpus_s"]
        # rows[set][impl/tag/op] = per round Times
        raw: dict[str, dict[str, list[Times]]] = {s: {} for s in plan}
        pvs: dict[str, dict[str, dict[int, str | None]]] = {s: {} for s in plan}
        verified: dict[str, dict[str, list[int]]] = {s: {} for s in plan}
        errors: list[str] = []
        loads = []

        def record(set_name: str, key: str, op: str, r: int, times: Times, ok: int) -> None:
            raw[set_name].setdefault(f"{key}/{op}", [{} for _ in range(args.rounds)])[r] = times
            verified[set_name].setdefault(f"{key}/{op}", []).append(ok)

        for r in range(args.rounds):
            t_round = time.perf_counter()
            order = impls[r % len(impls):] + impls[: r % len(impls)]
            for impl in order:
                for suite in impl.suites:
                    key = f"{impl.name}/{TAG[suite]}"
                    slow = impl.name == "naive-pyld" or (impl.name == "js-reference"
                                                         and suite == RDFC)
                    for set_name, rounds in plan.items():
                        idx = rounds[r]
                        if slow and set_name == "corpus":
                            idx = idx[:: args.slow_every]
                        if not idx:
                            continue
                        res = impl.run(set_name, idx, suite)
                        record(set_name, key, "sign", r, res.sign, len(res.sign))
                        record(set_name, key, "verify", r, res.verify, res.verified)
                        if res.verify_full:
                            record(set_name, key, "verify-full", r, res.verify_full,
                                   res.verified_full)
                        pvs[set_name].setdefault(key, {}).update(res.proof_values)
                        errors += [f"{key} {e}" for e in res.errors]
            for suite in SUITES:  # verify-only: a fresh process, documents signed elsewhere
                work = [(s, rounds[r]) for s, rounds in plan.items() if rounds[r]]
                for set_name, res in run_verify_child(args, signed_dir, suite, r,
                                                      work).items():
                    record(set_name, f"microcred/{TAG[suite]}", "verify-fresh", r, res.verify,
                           res.verified)
                    errors += [f"microcred/{TAG[suite]} fresh {e}" for e in res.errors]
            loads.append(os.getloadavg())
            print(f"round {r + 1}/{args.rounds}: {time.perf_counter() - t_round:.1f} s, "
                  f"load {loads[-1][0]:.2f}", flush=True)
    finally:
        shutil.rmtree(signed_dir, ignore_errors=True)
        if js is not None:
            js.close()

    results: Json = {
        "benchmark": "real_traffic", "label": args.label, "git": git_commit(args.ref),
        "started_utc": started_utc,
        "machine": machine(),
        "settings": {"n": args.n, "rounds": args.rounds, "scales": args.scales,
                     "per_scale": args.per_scale, "slow_every": args.slow_every,
                     "warmup": args.warmup,
                     "quick": args.quick, "js": js is not None,
                     "timing": "wall clock per call (perf_counter / performance.now); "
                               "cpu_* = process CPU time"},
        "corpus": {"dir": str(args.corpus), "generator": manifest["generator"],
                   "files": manifest["files"], "verify_now": manifest["verify_now"],
                   "stats": corpus.stats(data.sets["corpus"][: args.n]),
                   "scale_bytes": {s: [corpus.size(data.sets[s][i]["document"])
                                       for r in plan[s] for i in r]
                                   for s in plan if s != "corpus"}},
        "load_average": {"start": load_start, "rounds": loads, "end": os.getloadavg(),
                         "note": "1/5/15-minute load averages; this machine has "
                                 f"{os.cpu_count()} logical CPUs"},
        "rows": {}, "ratios": {}, "checks": {}, "notes": notes,
    }
    for set_name, rows in raw.items():
        results["rows"][set_name] = {k: row_stats(v) for k, v in rows.items()}
        ratios: Json = {}
        for tag, other in COMPARISONS:
            for op in ("sign", "verify", "verify-fresh"):
                mine = rows.get(f"microcred/{tag}/{op}")
                theirs = rows.get(f"{other}/{'verify' if op == 'verify-fresh' else op}")
                if mine and theirs:
                    st = ratio_stats(mine, theirs)
                    if st:
                        ratios[f"{tag}/{op}/{other}"] = st
        results["ratios"][set_name] = ratios
        # proof values: rdfc must be identical everywhere; jcs between the same proof shapes
        checks: Json = {}
        mine_pv = pvs[set_name]
        for tag, others in (("rdfc", ("naive-pyld/rdfc", "js-reference/rdfc")),
                            ("jcs", ("plain-jcs/jcs", "js-reference/jcs"))):
            base = mine_pv.get(f"microcred/{tag}", {})
            for other in others:
                theirs_pv = mine_pv.get(other)
                if theirs_pv:
                    common = set(base) & set(theirs_pv)
                    checks[f"{tag} proofValue microcred == {other}"] = (
                        f"{sum(base[i] == theirs_pv[i] for i in common)}/{len(common)}")
        for key, oks in verified[set_name].items():
            n_docs = sum(len(t) for t in raw[set_name][key])
            checks[f"{key} ok"] = f"{sum(oks)}/{n_docs}"
        results["checks"][set_name] = checks
    results["errors"] = errors[:20]
    results["elapsed_s"] = time.perf_counter() - started
    phases["rounds_s"] = results["elapsed_s"] - phases["corpus_s"] - phases["startup_s"]
    results["phases"] = phases

    print()
    print(table(results))
    bad = {s: {k: v for k, v in c.items() if v.split("/")[0] != v.split("/")[1]}
           for s, c in results["checks"].items()}
    bad = {s: c for s, c in bad.items() if c}
    if bad:
        print("\nchecks that did not hold:", json.dumps(bad, indent=1))
    for e in errors[:5]:
        print("error:", e)
    la = results["load_average"]
    print(f"\nload average: start {la['start'][0]:.2f}, end {la['end'][0]:.2f}; "
          f"commit {results['git']['commit'][:12]} ({results['git']['tree']}); "
          f"{results['elapsed_s']:.0f} s (corpus {phases['corpus_s']:.0f} s, start-up "
          f"{phases['startup_s']:.0f} s)")
    if results["git"].get("src_dirty"):
        print("warning: src/ has uncommitted changes (measured as they are; --ref HEAD measures "
              "the commit)")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"written: {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
