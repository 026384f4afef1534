"""Memory on distinct traffic: resident set size while one process signs and verifies N
distinct credentials (issue 18: ≤ 80 MiB after 100,000).

Each credential is ``workloads.typical(i)`` issued by one of 50 keys with its own ``created``;
it is signed, verified and dropped (a verifier streaming received credentials).  Prints one
JSON line every 10,000 credentials: maximum and current RSS (MiB), failures, seconds.

    python benchmarks/memory_verify.py [N] [eddsa-rdfc-2022|eddsa-jcs-2022]
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import workloads


def _rss_mib() -> tuple[float, float]:
    """(maximum, current) resident set size in MiB (Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    current = peak
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    current = int(line.split()[1]) / 1024
    except OSError:
        pass
    return round(peak, 1), round(current, 1)


def main(argv: list[str] | None = None) -> int:
    import microcred as mc

    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 100_000
    suite = args[1] if len(args) > 1 else "eddsa-rdfc-2022"
    keys = [mc.Ed25519Key.from_seed(bytes([k]) * 32) for k in range(50)]
    signers = [k.signer() for k in keys]
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    start = datetime(2025, 4, 1, tzinfo=timezone.utc)
    failed = 0
    t0 = time.perf_counter()
    peak, current = _rss_mib()
    print(json.dumps({"n": 0, "maxrss_mib": peak, "rss_mib": current}), flush=True)
    for i in range(n):
        k = i % len(keys)
        created = (start + timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        signed = mc.sign(workloads.typical(i, keys[k].did), signers[k], cryptosuite=suite,
                         created=created)
        failed += not mc.verify(signed, now=now).verified
        if (i + 1) % 10_000 == 0 or i + 1 == n:
            peak, current = _rss_mib()
            print(json.dumps({"n": i + 1, "suite": suite, "maxrss_mib": peak,
                              "rss_mib": current, "failed": failed,
                              "seconds": round(time.perf_counter() - t0, 1)}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
