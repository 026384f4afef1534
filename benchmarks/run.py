"""microcred benchmark runner: every figure with its ratio to a baseline measured in the same run.

Usage::

    python benchmarks/run.py                   # full run: batches of 1,000, memory of 10,000
    python benchmarks/run.py --quick           # a smoke run (small batches, no memory child)
    python benchmarks/run.py --batch 200 --baseline-sample 50 --repeats 3

The baseline (``benchmarks/baseline.py``) is a plain pyld + hashlib + PyNaCl eddsa-rdfc-2022
implementation, run on the same credentials (the first ``--baseline-sample`` of each batch).
Results are printed as a table and written as JSON (``--out``, default
``benchmarks/results/latest.json``) together with the machine they came from.  Everything runs
on one core (one process); no figure is asserted anywhere in the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
import workloads  # noqa: E402

SEED = bytes(range(32))
CREATED = "2025-04-01T00:00:00Z"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


# -- timing helpers -----------------------------------------------------------------------------


def timed_batch(fn: Callable[[Any], Any], items: Sequence[Any], repeats: int) -> dict[str, Any]:
    """Median time of ``fn`` over ``items`` (``repeats`` passes) → per-item figures.

    ``per_item_us`` (and the ratios) use process CPU time, which stays meaningful when other
    processes share the cores; the wall-clock median is kept as ``wall_median_s``.
    """
    cpu, wall = [], []
    for _ in range(repeats):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        for it in items:
            fn(it)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    med = statistics.median(cpu)
    per = med / len(items)
    return {"n": len(items), "repeats": repeats, "cpu_median_s": med,
            "wall_median_s": statistics.median(wall), "per_item_us": per * 1e6,
            "per_s": 1 / per if per else float("inf")}


def timed_call(fn: Callable[[], Any], repeats: int) -> dict[str, Any]:
    """Median CPU (and wall) time of one call of ``fn`` (``repeats`` calls)."""
    cpu, wall = [], []
    for _ in range(repeats):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
    return {"repeats": repeats, "median_s": statistics.median(cpu),
            "wall_median_s": statistics.median(wall)}


def batch_call(fn: Callable[[], Any], n: int, base_us: float, repeats: int) -> dict[str, Any]:
    """Time one batch call over ``n`` items; per-item figure and ratio to ``base_us``."""
    out = timed_call(fn, repeats)
    out["per_item_us"] = out["median_s"] / n * 1e6
    out["ratio"] = base_us / out["per_item_us"]
    return out


# -- machine ------------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    """Where the figures come from."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for mod in ("pyld", "nacl", "pydantic", "orjson", "microcred"):
        try:
            m = __import__(mod)
            versions[mod] = getattr(m, "__version__", "?")
        except Exception:
            versions[mod] = "missing"
    try:
        from importlib.metadata import version
        versions["pyld"] = version("PyLD")
    except Exception:
        pass
    return {
        "cpu": cpu, "logical_cpus": os.cpu_count(), "platform": platform.platform(),
        "python": platform.python_version(), "implementation": platform.python_implementation(),
        "versions": versions, "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


# -- the microcred side (tolerant: parts may not exist yet) -------------------------------------


class Microcred:
    """Handles on microcred's public API, or the reason a part is unavailable."""

    def __init__(self) -> None:
        import microcred as mc

        self.mc = mc
        self.key = mc.Ed25519Key.from_seed(SEED)
        self.signer = self.key.signer()
        self.vm = self._vm()
        self.resolver = mc.DidKeyResolver()

    def _vm(self) -> str:
        for attr in ("verification_method", "verification_method_id", "kid", "key_id"):
            v = getattr(self.signer, attr, None)
            if isinstance(v, str):
                return v
        did = self.key.did
        return f"{did}#{did.split(':')[-1]}"

    def sign(self, doc: dict[str, Any], suite: str = "eddsa-rdfc-2022") -> dict[str, Any]:
        out: dict[str, Any] = self.mc.sign(doc, self.signer, cryptosuite=suite, created=CREATED)
        return out

    def verify(self, signed: dict[str, Any], endorsements: bool = False) -> bool:
        res = self.mc.verify(signed, resolver=self.resolver, now=NOW,
                             verify_endorsements=endorsements)
        return bool(res.verified)

    def endorse(self, doc: dict[str, Any], k: int) -> dict[str, Any]:
        """Sign an endorsement with endorser ``k``'s own did:key (as its issuer)."""
        key = self.mc.Ed25519Key.from_seed(bytes([k + 1]) * 32)
        doc = dict(doc, issuer=dict(doc["issuer"], id=key.did))
        out: dict[str, Any] = self.mc.sign(doc, key.signer(), created=CREATED)
        return out

    def sign_many(self, docs: Sequence[dict[str, Any]], suite: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = self.mc.sign_many(docs, self.signer, cryptosuite=suite,
                                                      created=CREATED)
        return out

    def verify_many(self, docs: Sequence[dict[str, Any]]) -> list[Any]:
        out: list[Any] = self.mc.verify_many(docs, resolver=self.resolver, now=NOW,
                                             verify_endorsements=False)
        return out


def fast_path_sign(doc: dict[str, Any], key: Any, vm: str) -> str:
    """The fast path's floor: eddsa-rdfc-2022 proofValue via microcred.jsonld._fast directly."""
    import hashlib

    from microcred.jsonld._fast import fast_canonicalize

    proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": CREATED,
             "verificationMethod": vm, "proofPurpose": "assertionMethod"}
    cfg = fast_canonicalize(dict(proof, **{"@context": doc["@context"]}))
    canon = fast_canonicalize(doc)
    if cfg is None or canon is None:
        raise RuntimeError("fast path declined a benchmark workload")
    data = hashlib.sha256(cfg.encode()).digest() + hashlib.sha256(canon.encode()).digest()
    return baseline.b58btc_encode(key.sign(data).signature)


# -- sections -----------------------------------------------------------------------------------


def run_crypto(args: argparse.Namespace, results: dict[str, Any], notes: list[str]) -> None:
    """Sign/verify/canonicalise figures for each workload."""
    import nacl.signing

    contexts, source = baseline.bundled_contexts()
    results["contexts_source"] = source
    naive = baseline.NaiveRdfc(contexts)
    nkey = nacl.signing.SigningKey(SEED)
    try:
        mcr: Microcred | None = Microcred()
    except Exception as exc:  # pragma: no cover - depends on what has landed
        mcr = None
        notes.append(f"microcred sign/verify unavailable: {exc!r}")
    vm = mcr.vm if mcr else "did:key:z6MkBenchmark#z6MkBenchmark"

    gens: dict[str, Callable[[int], dict[str, Any]]] = dict(workloads.WORKLOADS)
    if mcr is not None:  # issuer = the signing key's DID; endorsements really signed
        did = mcr.key.did
        gens = {"typical": lambda i: workloads.typical(i, did),
                "large": lambda i: workloads.large(i, did, mcr.endorse)}
    for wname, gen in gens.items():
        docs = [gen(i) for i in range(args.batch)]
        sample = docs[: args.baseline_sample]
        w: dict[str, Any] = {"size_bytes": workloads.size(docs[0]), "batch": len(docs),
                             "baseline_sample": len(sample)}
        results["workloads"][wname] = w
        print(f"\n[{wname}] {w['size_bytes']} bytes, batch {len(docs)}", flush=True)

        # baseline
        b_signed = [naive.sign(d, nkey, vm, CREATED) for d in sample]
        w["baseline_rdfc_sign"] = timed_batch(
            lambda d: naive.sign(d, nkey, vm, CREATED), sample, args.repeats)
        w["baseline_rdfc_verify"] = timed_batch(
            lambda s: naive.verify(s, nkey.verify_key), b_signed, args.repeats)
        w["baseline_canonicalize"] = timed_batch(naive.canonize, sample, args.repeats)
        base_sign = w["baseline_rdfc_sign"]["per_item_us"]
        base_verify = w["baseline_rdfc_verify"]["per_item_us"]
        base_canon = w["baseline_canonicalize"]["per_item_us"]

        # the fast path alone (floor of the library path)
        try:
            from microcred.jsonld._fast import fast_canonicalize

            w["fast_canonicalize"] = timed_batch(fast_canonicalize, docs, args.repeats)
            w["fast_canonicalize"]["ratio"] = base_canon / w["fast_canonicalize"]["per_item_us"]
            w["fast_path_sign"] = timed_batch(lambda d: fast_path_sign(d, nkey, vm), docs,
                                              args.repeats)
            w["fast_path_sign"]["ratio"] = base_sign / w["fast_path_sign"]["per_item_us"]
            same = all(fast_path_sign(d, nkey, vm) == s["proof"]["proofValue"]
                       for d, s in zip(sample, b_signed, strict=True))
            w["fast_path_identical_to_baseline"] = same
        except Exception as exc:
            notes.append(f"fast path ({wname}): {exc!r}")

        try:
            from microcred import jsonld as mj

            canon = mj.canonicalize
            w["microcred_canonicalize"] = timed_batch(canon, docs, args.repeats)
            w["microcred_canonicalize"]["ratio"] = (
                base_canon / w["microcred_canonicalize"]["per_item_us"])
            w["canonicalize_identical"] = all(canon(d) == naive.canonize(d) for d in sample)
        except Exception as exc:
            notes.append(f"jsonld.canonicalize ({wname}): {exc!r}")

        if mcr is None:
            continue
        for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022"):
            tag = "rdfc" if "rdfc" in suite else "jcs"
            try:
                signed = [mcr.sign(d, suite) for d in docs]
                w[f"microcred_{tag}_sign"] = timed_batch(lambda d, s=suite: mcr.sign(d, s),
                                                         docs, args.repeats)
                w[f"microcred_{tag}_sign"]["ratio"] = (
                    base_sign / w[f"microcred_{tag}_sign"]["per_item_us"])
                oks = [mcr.verify(s, True) for s in signed[: args.baseline_sample]]
                w[f"microcred_{tag}_all_verified"] = all(oks)
                w[f"microcred_{tag}_verify"] = timed_batch(mcr.verify, signed, args.repeats)
                w[f"microcred_{tag}_verify"]["ratio"] = (
                    base_verify / w[f"microcred_{tag}_verify"]["per_item_us"])
                if wname == "large":  # full verification: the 5 endorsement proofs too
                    w[f"microcred_{tag}_verify_with_endorsements"] = timed_batch(
                        lambda sd: mcr.verify(sd, True), signed, args.repeats)
                if tag == "rdfc":
                    w["rdfc_proofs_identical_to_baseline"] = all(
                        s["proof"] == b["proof"] for s, b in zip(signed, b_signed, strict=False))
                if hasattr(mcr.mc, "sign_many"):
                    w[f"microcred_{tag}_sign_many"] = batch_call(
                        lambda s=suite, dd=docs: mcr.sign_many(dd, s), len(docs), base_sign,
                        args.repeats)
                if hasattr(mcr.mc, "verify_many"):
                    w[f"microcred_{tag}_verify_many"] = batch_call(
                        lambda sg=signed: mcr.verify_many(sg), len(docs), base_verify,
                        args.repeats)
            except Exception as exc:
                notes.append(f"microcred {suite} ({wname}): {exc!r}")


def run_records(args: argparse.Namespace, results: dict[str, Any], notes: list[str]) -> None:
    """Profile checks and UNESCO assessment per record (when those APIs exist)."""
    try:
        from records import record_workload
    except Exception as exc:
        notes.append(f"record workload unavailable: {exc!r}")
        return
    try:
        records, checks = record_workload(args.batch)
    except Exception as exc:
        notes.append(f"record workload failed: {exc!r}")
        return
    for name, fn in checks.items():
        try:
            results["records"][name] = timed_batch(fn, records, args.repeats)
        except Exception as exc:
            notes.append(f"{name}: {exc!r}")


def run_stack(args: argparse.Namespace, results: dict[str, Any], notes: list[str]) -> None:
    """The stackability resolver: benchmarks/bench_stack.py (owned by the stack engineer)."""
    try:
        import bench_stack
    except Exception as exc:
        notes.append(f"bench_stack unavailable: {exc!r}")
        return
    try:
        out = bench_stack.run(args.stack_repeats)
        results["stack"] = out if isinstance(out, dict) else {"result": out}
    except Exception as exc:
        notes.append(f"bench_stack.run failed: {exc!r}")


def run_memory(args: argparse.Namespace, results: dict[str, Any], notes: list[str]) -> None:
    """Peak memory of a batch issuance, measured in a fresh child process."""
    if args.memory_batch <= 0:
        return
    cmd = [sys.executable, str(HERE / "memory_child.py"), str(args.memory_batch)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
        if proc.returncode != 0:
            notes.append(f"memory child failed: {proc.stderr.strip()[-500:]}")
            return
        results["memory"] = json.loads(proc.stdout.strip().splitlines()[-1])
    except Exception as exc:
        notes.append(f"memory child: {exc!r}")


# -- output -------------------------------------------------------------------------------------


def table(results: dict[str, Any]) -> str:
    """The human-readable summary."""
    rows = [("workload", "figure", "per item", "per second", "× baseline")]
    for wname, w in results["workloads"].items():
        for key, val in w.items():
            if isinstance(val, dict) and "per_item_us" in val:
                ratio = val.get("ratio")
                rows.append((wname, key, f"{val['per_item_us']:.1f} µs",
                             f"{1e6 / val['per_item_us']:.0f}" if val["per_item_us"] else "-",
                             f"{ratio:.1f}×" if ratio else "(baseline)"
                             if key.startswith("baseline") else ""))
            elif isinstance(val, bool):
                rows.append((wname, key, "yes" if val else "NO", "", ""))
    for name, val in results.get("records", {}).items():
        rows.append(("record", name, f"{val['per_item_us']:.1f} µs",
                     f"{val['per_s']:.0f}", ""))
    stack = results.get("stack")
    if stack and "median_s" in stack:
        rows.append(("stack", str(stack.get("name", "resolver")),
                     f"{stack['median_s'] * 1e3:.1f} ms median (wall)",
                     f"cpu {stack.get('cpu_median_s', 0) * 1e3:.1f} ms", "target < 50 ms"))
    mem = results.get("memory")
    if mem:
        rows.append(("memory", f"issue {mem.get('n')} credentials",
                     f"peak {mem.get('tracemalloc_peak_mib', 0):.1f} MiB (Python heap)",
                     f"maxrss {mem.get('maxrss_mib', 0):.1f} MiB", ""))
    widths = [max(len(str(r[i])) for r in rows) for i in range(5)]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * wd for wd in widths))
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    """The figures as a Markdown table (for docs/performance.md)."""
    labels = {
        "baseline_rdfc_sign": "naive pyld eddsa-rdfc-2022 sign (baseline)",
        "baseline_rdfc_verify": "naive pyld eddsa-rdfc-2022 verify (baseline)",
        "baseline_canonicalize": "naive pyld canonicalisation",
        "microcred_canonicalize": "`jsonld.canonicalize` (safe mode, limits)",
        "microcred_rdfc_sign": "`sign` eddsa-rdfc-2022",
        "microcred_rdfc_verify": "`verify` eddsa-rdfc-2022",
        "microcred_rdfc_verify_with_endorsements": "`verify` rdfc, + 5 endorsement proofs",
        "microcred_jcs_sign": "`sign` eddsa-jcs-2022",
        "microcred_jcs_verify": "`verify` eddsa-jcs-2022",
        "microcred_jcs_verify_with_endorsements": "`verify` jcs, + 5 endorsement proofs",
        "microcred_rdfc_sign_many": "`sign_many` eddsa-rdfc-2022",
        "microcred_rdfc_verify_many": "`verify_many` eddsa-rdfc-2022",
        "microcred_jcs_sign_many": "`sign_many` eddsa-jcs-2022",
        "microcred_jcs_verify_many": "`verify_many` eddsa-jcs-2022",
    }
    lines = ["| workload | operation | per credential | per second | × naive baseline |",
             "|---|---|---:|---:|---:|"]
    for wname, w in results["workloads"].items():
        for key, label in labels.items():
            val = w.get(key)
            if not isinstance(val, dict) or "per_item_us" not in val:
                continue
            per = val["per_item_us"]
            ratio = val.get("ratio")
            shown = f"{ratio:.1f}×" if ratio else ("1×" if key.startswith("baseline") else "—")
            lines.append(f"| {wname} ({w['size_bytes'] / 1000:.1f} KB) | {label} | "
                         f"{per / 1000:.2f} ms | {1e6 / per:,.0f} | {shown} |")
    for name, val in results.get("records", {}).items():
        lines.append(f"| record | `{name}` | {val['per_item_us'] / 1000:.3f} ms | "
                     f"{val['per_s']:,.0f} | |")
    stack = results.get("stack")
    if stack and "median_s" in stack:
        cpu_ms = stack.get("cpu_median_s", 0) * 1e3
        lines.append(f"| 1,000 units × 200 requirements | `stack.resolve` | "
                     f"{stack['median_s'] * 1e3:.1f} ms (CPU {cpu_ms:.1f} ms) | | "
                     "target < 50 ms |")
    mem = results.get("memory")
    if mem:
        lines.append(f"| {mem['n']:,} typical credentials | peak memory of `{mem['api']}` "
                     f"| {mem['tracemalloc_peak_mib']:.0f} MiB Python heap, "
                     f"{mem['maxrss_mib']:.0f} MiB max RSS | | |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks, print the table, write the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=1000, help="credentials per batch (1000)")
    ap.add_argument("--baseline-sample", type=int, default=200,
                    help="first N credentials of each batch also run through the baseline")
    ap.add_argument("--repeats", type=int, default=3, help="passes per figure (median)")
    ap.add_argument("--stack-repeats", type=int, default=20, help="resolver repetitions")
    ap.add_argument("--memory-batch", type=int, default=10_000,
                    help="credentials issued by the peak-memory child (0 = skip)")
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: batch 50, baseline 20, 1 repeat, no memory child")
    ap.add_argument("--only", choices=["crypto", "records", "stack", "memory"], action="append",
                    help="run only these sections")
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    ap.add_argument("--markdown", metavar="RESULTS_JSON",
                    help="print the figures of a results file as a Markdown table and exit")
    args = ap.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text(encoding="utf-8"))))
        return 0
    if args.quick:
        args.batch, args.baseline_sample, args.repeats = 50, 20, 1
        args.memory_batch, args.stack_repeats = 0, 5
    args.baseline_sample = min(args.baseline_sample, args.batch)

    results: dict[str, Any] = {"machine": machine_info(), "settings": {
        "batch": args.batch, "baseline_sample": args.baseline_sample, "repeats": args.repeats,
        "memory_batch": args.memory_batch, "created": CREATED}, "workloads": {},
        "records": {}}
    notes: list[str] = []
    sections = args.only or ["crypto", "records", "stack", "memory"]
    if "crypto" in sections:
        run_crypto(args, results, notes)
    if "records" in sections:
        run_records(args, results, notes)
    if "stack" in sections:
        run_stack(args, results, notes)
    if "memory" in sections:
        run_memory(args, results, notes)
    results["notes"] = notes
    print()
    print(table(results))
    for n in notes:
        print("note:", n)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
