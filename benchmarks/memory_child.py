"""Child process for ``run.py``: peak memory of issuing N typical credentials in one batch.

Prints one JSON line: the Python-heap peak seen by ``tracemalloc`` while the batch is signed
(inputs and outputs included, as an issuer holding the whole cohort would), and the process's
maximum resident set size.  Run in a fresh process so that nothing else inflates the figures.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads


def main() -> None:
    """Issue ``argv[1]`` credentials with eddsa-rdfc-2022 and report the memory peak."""
    import microcred as mc

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    signer = mc.Ed25519Key.from_seed(bytes(range(32))).signer()
    # warm up (imports, bundled contexts) before measuring
    mc.sign(workloads.typical(0), signer, created="2025-04-01T00:00:00Z")
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    t0 = time.perf_counter()
    docs = [workloads.typical(i) for i in range(n)]
    many = getattr(mc, "sign_many", None)
    if many is not None:
        signed = many(docs, signer, created="2025-04-01T00:00:00Z")
    else:
        signed = [mc.sign(d, signer, created="2025-04-01T00:00:00Z") for d in docs]
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(signed) == n
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({
        "n": n, "api": "sign_many" if many is not None else "sign",
        "tracemalloc_peak_mib": peak / 2**20, "maxrss_mib": rss / 1024,
        "maxrss_before_batch_mib": rss0 / 1024, "seconds_under_tracemalloc": elapsed,
    }))


if __name__ == "__main__":
    main()
