"""Batch throughput: ``microcred.batch`` on 1 and 2 worker processes, interleaved rounds.

Usage::

    python benchmarks/batch_throughput.py                 # 1,000 credentials x 5 rounds (~1 min)
    python benchmarks/batch_throughput.py --quick         # smoke run (~15 s)
    python benchmarks/batch_throughput.py --chunk-size 16 --rounds 7

What is measured, per round and per worker count (1, then 2, the order alternating from round
to round so that a change of load hits both):

* ``sign``: ``batch.sign_many`` of the corpus documents (``benchmarks/corpus.py``: distinct,
  varied OB 3.0 credentials, 1–12 KB) with a ``ProcessPoolExecutor`` of N workers and the
  chunking ``microcred.batch`` does (``--chunk-size``);
* ``verify``: ``batch.verify_many`` of what was signed (full verification: embedded endorsements
  too), the same way;
* ``issue``: ``batch.issue_many`` of a cohort, the demo descriptor with its own credential id
  and learner per record (what an LMS does at the end of term: descriptor to signed OB 3.0).

Every round signs with its own ``created`` time, so every proof is new, and starts **fresh
worker processes** (``forkserver``: nothing inherited from this process), warmed up on other
documents (``warmup.jsonl``) before the clock starts: no worker ever sees a document twice.  A
third row, ``in-process``, runs the same round with no pool inside one fresh worker: the cost
of a record without any process boundary.

Reported (stdout and ``benchmarks/results/batch-throughput-latest.json``): credentials per
second per row, the ratio **2 workers / 1 worker** computed per round on the same documents
(median, min, max over the rounds; the issue's target is >= 1.7), the ratio 1 worker /
in-process (the price of the boundary), the parent's CPU time per record (pickling records out,
results in), what crosses the boundary per record (pickled bytes out and in) and the load
average.  Both worker counts must produce byte-identical signed credentials and equal
verification results (checked: a benchmark that measured wrong answers would be worthless).
The machine is shared: read the spread and the load average before the median.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import pickle
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import real_traffic  # noqa: E402

Json = dict[str, Any]
DEFAULT_OUT = HERE / "results" / "batch-throughput-latest.json"
OPS = ("sign", "verify", "issue")


# -- work done in the workers (module level: it must pickle) -----------------------------------


def _signer(seed: str) -> Any:
    import microcred as mc

    return mc.Ed25519Key.from_seed(bytes.fromhex(seed)).signer()


def _verify_options(now: datetime) -> Json:
    import microcred as mc

    return {"resolver": mc.DidKeyResolver(), "now": now}


def warm(documents: Sequence[Json], seed: str, now: datetime) -> int:
    """Import microcred and sign and verify a few documents (the first call pays for loading
    the bundled contexts); returns this worker's pid."""
    import microcred as mc

    for doc in documents:
        mc.verify(mc.sign(doc, _signer(seed), created="2025-01-01T00:00:00Z"),
                  **_verify_options(now))
    return os.getpid()


def in_process(documents: Sequence[Json], records: Sequence[Json], seed: str, created: str,
               now: datetime) -> Json:
    """One round with no pool, timed inside a worker."""
    from microcred import batch

    t0 = time.perf_counter()
    signed = batch.sign_many(documents, _signer(seed), created=created)
    t1 = time.perf_counter()
    checked = batch.verify_many([i.value for i in signed], **_verify_options(now))
    t2 = time.perf_counter()
    issued = batch.issue_many(records, _signer(seed), created=created)
    t3 = time.perf_counter()
    return {"sign_s": t1 - t0, "verify_s": t2 - t1, "issue_s": t3 - t2,
            "verified": sum(i.ok for i in checked), "issued": sum(i.ok for i in issued)}


# -- one round --------------------------------------------------------------------------------


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))


def _warm_pool(pool: ProcessPoolExecutor, workers: int, warmup: Sequence[Json], seed: str,
               now: datetime) -> None:
    # one task per worker at a time, until every worker has done one
    pids: set[int] = set()
    while len(pids) < workers:
        futures = [pool.submit(warm, warmup[:4], seed, now) for _ in range(workers)]
        pids |= {f.result() for f in futures}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    gc.collect()  # (a collection of earlier garbage is not this operation's cost)
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def run_pool(workers: int, documents: Sequence[Json], records: Sequence[Json],
             warmup: Sequence[Json], seed: str, created: str, now: datetime,
             chunk_size: int) -> Json:
    """Sign then verify ``documents``, then issue ``records``, on a fresh, warmed pool of
    ``workers`` processes."""
    from microcred import batch

    with _pool(workers) as pool:
        _warm_pool(pool, workers, warmup, seed, now)
        signed, sign_s, sign_cpu = _timed(lambda: batch.sign_many(
            documents, _signer(seed), created=created, executor=pool, chunk_size=chunk_size))
        credentials = [i.value for i in signed]
        checked, verify_s, verify_cpu = _timed(lambda: batch.verify_many(
            credentials, executor=pool, chunk_size=chunk_size, **_verify_options(now)))
        issued, issue_s, issue_cpu = _timed(lambda: batch.issue_many(
            records, _signer(seed), created=created, executor=pool, chunk_size=chunk_size))
    return {"sign_s": sign_s, "sign_parent_cpu_s": sign_cpu, "verify_s": verify_s,
            "verify_parent_cpu_s": verify_cpu, "issue_s": issue_s,
            "issue_parent_cpu_s": issue_cpu, "errors": sum(i.failed for i in signed),
            "verified": sum(i.ok for i in checked), "issued": sum(i.ok for i in issued),
            "credentials": credentials + [i.value for i in issued],
            "results": [i.value for i in checked]}


def boundary(documents: Sequence[Json], records: Sequence[Json], seed: str, created: str,
             now: datetime, chunk_size: int) -> Json:
    """Pickled bytes per record of one chunk's task and of its results (what a process pool
    sends and receives, as ``microcred.batch`` builds them), and of the options blob every task
    carries."""
    from microcred import batch

    def size(obj: Any) -> int:
        return len(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))

    docs = list(enumerate(documents[:chunk_size]))
    shared = {"sign": batch._Shared(_signer(seed), {"created": created}),
              "verify": batch._Shared(None, _verify_options(now)),
              "issue": batch._Shared(_signer(seed), {"issuer": None, "format": "di",
                                                     "sign_options": {"created": created}})}
    signed = batch._sign_chunk(docs, shared["sign"])
    chunks = {"sign": docs, "verify": [(i, item.value) for i, item in enumerate(signed)],
              "issue": list(enumerate(records[:chunk_size]))}
    work = {"sign": batch._sign_chunk, "verify": batch._verify_chunk,
            "issue": batch._issue_chunk}
    out: Json = {"chunk_size": len(docs), "options_blob_bytes": {}}
    for op in OPS:
        n = len(chunks[op])
        out[f"{op}_task_bytes_per_record"] = size((work[op], chunks[op], shared[op])) / n
        out[f"{op}_result_bytes_per_record"] = size(work[op](chunks[op], shared[op])) / n
        out["options_blob_bytes"][op] = len(shared[op].__getstate__()["blob"])
    return out


# -- statistics and output --------------------------------------------------------------------


def _spread(values: Sequence[float]) -> Json:
    return {"rounds": [round(v, 4) for v in values], "median": statistics.median(values),
            "min": min(values), "max": max(values)}


def summarise(rounds: Sequence[Json], n: int) -> Json:
    out: Json = {}
    for op in OPS:
        rates = {w: [n / r[w][f"{op}_s"] for r in rounds] for w in ("in_process", "1", "2")}
        out[op] = {
            "per_s": {w: _spread(v) for w, v in rates.items()},
            "ratio_2_over_1": _spread([r["1"][f"{op}_s"] / r["2"][f"{op}_s"] for r in rounds]),
            "ratio_1_over_in_process": _spread([r["in_process"][f"{op}_s"] / r["1"][f"{op}_s"]
                                                for r in rounds]),
            "parent_cpu_us_per_record": {
                w: statistics.median(r[w][f"{op}_parent_cpu_s"] for r in rounds) / n * 1e6
                for w in ("1", "2")},
        }
    return out


def render(report: Json) -> str:
    s = report["summary"]
    lines = [f"batch throughput: {report['settings']['n']} credentials x "
             f"{report['settings']['rounds']} rounds, chunk size "
             f"{report['settings']['chunk_size']} (median [min–max] over rounds)"]
    for op in OPS:
        row = s[op]
        rates = "  ".join(f"{w}: {row['per_s'][w]['median']:.0f}/s" for w in
                          ("in_process", "1", "2"))
        r = row["ratio_2_over_1"]
        b = row["ratio_1_over_in_process"]
        lines.append(f"  {op:6} {rates}")
        lines.append(f"         2 workers / 1 worker: {r['median']:.2f}x "
                     f"[{r['min']:.2f}–{r['max']:.2f}]   1 worker / in-process: "
                     f"{b['median']:.2f}x   parent CPU per record: "
                     + ", ".join(f"{w} worker(s) {v:.0f} µs"
                                 for w, v in row["parent_cpu_us_per_record"].items()))
    bd = report["boundary"]
    lines.append("  crosses the boundary per record (pickled bytes out / back): " + ", ".join(
        f"{op} {bd[op + '_task_bytes_per_record']:.0f} / {bd[op + '_result_bytes_per_record']:.0f}"
        for op in OPS) + f"; options blob, once a task: {bd['options_blob_bytes']}")
    lines.append(f"  load average: start {report['load_average']['start']}, "
                 f"end {report['load_average']['end']}")
    return "\n".join(lines)


def _cohort(n: int, r: int) -> list[Json]:
    """``n`` issue records for round ``r``: the demo descriptor, a distinct id and learner."""
    from microcred.__main__ import build_demo_credential

    descriptor = build_demo_credential().model_dump(mode="json")
    return [{"descriptor": descriptor, "id": f"urn:uuid:{uuid.UUID(int=r << 32 | i)}",
             "subject_id": f"did:example:learner-{r}-{i}"} for i in range(n)]


def _issued_by(document: Json, did: str) -> Json:
    """The corpus document with ``did`` as its issuer (the issuer's own endorsements, which
    endorse the original issuer id, are left out; the achievement's stay)."""
    doc = dict(document)
    issuer = doc.get("issuer")
    if isinstance(issuer, dict):
        doc["issuer"] = {k: v for k, v in issuer.items() if k != "endorsement"} | {"id": did}
    else:
        doc["issuer"] = did
    return doc


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=real_traffic.default_corpus_dir(),
                    help="corpus directory (written if missing)")
    ap.add_argument("--n", type=int, default=1000, help="credentials per round (1000)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (5)")
    ap.add_argument("--chunk-size", type=int, default=None,
                    help="records per task (default: microcred.batch's default)")
    ap.add_argument("--quick", action="store_true", help="200 credentials x 3 rounds")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON ({DEFAULT_OUT.name})")
    args = ap.parse_args(argv)
    if args.quick:
        args.n, args.rounds = 200, 3
    from microcred import batch

    chunk_size = args.chunk_size or batch.DEFAULT_CHUNK_SIZE
    corpus.ensure(args.corpus, args.n)
    data = real_traffic.Data(args.corpus)
    # one signer for the batch (sign_many takes one): every document names its did:key
    seed, did = data.keys[0]["seed"], data.keys[0]["did"]
    documents = [_issued_by(e["document"], did) for e in data.sets["corpus"][:args.n]]
    warmup = [_issued_by(e["document"], did) for e in data.sets["warmup"]]
    base = datetime(2025, 3, 1, tzinfo=timezone.utc)
    # this process's own first use (imports on the first results it unpickles), not recorded
    run_pool(1, warmup[:8], _cohort(8, 1 << 20), warmup, seed, "2025-01-01T00:00:00Z",
             data.now, chunk_size)
    load_start = os.getloadavg()
    rounds: list[Json] = []
    loads = []
    for r in range(args.rounds):
        created = (base + timedelta(seconds=r)).strftime("%Y-%m-%dT%H:%M:%SZ")
        records = _cohort(args.n, r)
        row: Json = {}
        with _pool(1) as pool:
            _warm_pool(pool, 1, warmup, seed, data.now)
            row["in_process"] = pool.submit(in_process, documents, records, seed, created,
                                            data.now).result()
        for workers in ((1, 2) if r % 2 == 0 else (2, 1)):
            row[str(workers)] = run_pool(workers, documents, records, warmup, seed, created,
                                         data.now, chunk_size)
        one, two = row["1"], row["2"]
        if one.pop("credentials") != two.pop("credentials"):
            raise SystemExit("1 and 2 workers signed different credentials")
        if one.pop("results") != two.pop("results"):
            raise SystemExit("1 and 2 workers gave different verification results")
        if not (one["verified"] == two["verified"] == row["in_process"]["verified"] == args.n
                == one["issued"] == two["issued"] == row["in_process"]["issued"]):
            raise SystemExit(f"not every credential verified: {row}")
        rounds.append(row)
        loads.append(os.getloadavg())
        print(f"round {r + 1}/{args.rounds}: 2 workers / 1: "
              + ", ".join(f"{op} {one[op + '_s'] / two[op + '_s']:.2f}x" for op in OPS)
              + f" (load {loads[-1][0]:.2f})", file=sys.stderr)
    report: Json = {
        "benchmark": "batch_throughput",
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": real_traffic.machine(),
        "settings": {"n": args.n, "rounds": args.rounds, "chunk_size": chunk_size,
                     "corpus": corpus.GENERATOR_VERSION, "start_method": "forkserver",
                     "verify_options": "resolver=DidKeyResolver(), now=corpus verify_now "
                                       "(embedded endorsements verified)"},
        "load_average": {"start": load_start, "rounds": loads, "end": os.getloadavg()},
        "boundary": boundary(documents, _cohort(chunk_size, 0), seed, "2025-03-01T00:00:00Z",
                             data.now, chunk_size),
        "summary": summarise(rounds, args.n),
        "rounds": rounds,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(render(report))
    print(f"(JSON: {args.out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
