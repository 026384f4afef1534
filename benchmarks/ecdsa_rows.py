"""ECDSA rows beside the Ed25519 rows: the same distinct corpus, the same process (issue 14).

Each corpus document is signed with a key of its issuer index (Ed25519 from the corpus seed;
P-256 / P-384 derived from the same seed) and its own ``created``, then verified once; the
suites run interleaved document by document, so the ratios compare like with like::

    python benchmarks/ecdsa_rows.py [--n 300] [--out benchmarks/results/ecdsa-rows.json]

Figures are documents per second (process CPU time per call, median over the documents of
each round, then the median of the rounds); nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

SUITES = (("eddsa-rdfc-2022", "ed25519"), ("eddsa-jcs-2022", "ed25519"),
          ("ecdsa-rdfc-2019", "P-256"), ("ecdsa-jcs-2019", "P-256"),
          ("ecdsa-rdfc-2019", "P-384"), ("ecdsa-jcs-2019", "P-384"))


def _keys(mc: Any, seeds: dict[int, str]) -> dict[tuple[int, str], Any]:
    from microcred._di.keys import EcdsaKey

    out: dict[tuple[int, str], Any] = {}
    for k, seed in seeds.items():
        raw = bytes.fromhex(seed)
        out[(k, "ed25519")] = mc.Ed25519Key.from_seed(raw).signer()
        for curve, size in (("P-256", 32), ("P-384", 48)):
            secret = hashlib.sha512(curve.encode() + raw).digest()[:size]
            out[(k, curve)] = EcdsaKey.from_secret_bytes(secret, curve=curve).signer()
    return out


def _for(entry: dict[str, Any], signer: Any, curve: str) -> Any:
    """The entry's document, issued by the key's did:key (the corpus names the Ed25519 one)."""
    doc = entry["document"]
    if curve == "ed25519":
        return doc
    did = signer.key.did
    issuer = doc.get("issuer")
    return {**doc, "issuer": {**issuer, "id": did} if isinstance(issuer, dict) else did}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=300, help="corpus documents (300)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--out", type=Path, default=HERE / "results" / "ecdsa-rows.json")
    args = p.parse_args(argv)

    import microcred as mc

    entries = list(corpus.documents(args.n))
    seeds = {i: r["seed"] for i, r in enumerate(corpus.keys())}
    signers = _keys(mc, seeds)
    now = datetime(2025, 6, 1, tzinfo=timezone.utc)
    rates: dict[str, dict[str, list[float]]] = {
        f"{s} {c}": {"sign": [], "verify": []} for s, c in SUITES}
    for entry in entries[:10]:  # warm-up
        for suite, curve in SUITES:
            signer = signers[(entry["key"], curve)]
            mc.verify(mc.sign(_for(entry, signer, curve), signer,
                              cryptosuite=suite, created=entry["created"]),
                      now=now, verify_endorsements=False)
    for r in range(args.rounds):
        part = entries[r::args.rounds]
        times: dict[str, dict[str, list[float]]] = {
            k: {"sign": [], "verify": []} for k in rates}
        for entry in part:
            for suite, curve in SUITES:
                name = f"{suite} {curve}"
                signer = signers[(entry["key"], curve)]
                doc = _for(entry, signer, curve)
                c0 = time.process_time()
                signed = mc.sign(doc, signer, cryptosuite=suite, created=entry["created"])
                c1 = time.process_time()
                ok = mc.verify(signed, now=now, verify_endorsements=False).verified
                c2 = time.process_time()
                if not ok:
                    raise SystemExit(f"{name}: document {entry['i']} did not verify")
                times[name]["sign"].append(c1 - c0)
                times[name]["verify"].append(c2 - c1)
        for name, t in times.items():
            for op in ("sign", "verify"):
                rates[name][op].append(len(t[op]) / sum(t[op]))
    table = {name: {op: statistics.median(v) for op, v in ops.items()}
             for name, ops in rates.items()}
    base = {"rdfc": table["eddsa-rdfc-2022 ed25519"], "jcs": table["eddsa-jcs-2022 ed25519"]}
    print(f"{'suite':28s} {'sign/s':>9s} {'verify/s':>9s} {'sign/Ed25519':>13s} "
          f"{'verify/Ed25519':>15s}")
    for name, row in table.items():
        ref = base["jcs" if "jcs" in name else "rdfc"]
        print(f"{name:28s} {row['sign']:9.0f} {row['verify']:9.0f} "
              f"{row['sign'] / ref['sign']:12.2f}× {row['verify'] / ref['verify']:14.2f}×")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": args.n, "rounds": args.rounds, "load": load,
                                    "cpu_rates_per_second": table}, indent=2) + "\n",
                        encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
