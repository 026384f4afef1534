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


def _js_rows(mc: Any, entries: list[dict[str, Any]], signers: dict[tuple[int, str], Any],
             now: datetime) -> dict[str, Any] | None:
    """The same documents, keys and ``created`` through the JS reference (ECDSA suites), or
    None when Node.js or the tests/interop packages are missing."""
    import shutil
    import subprocess
    import tempfile

    node = shutil.which("node")
    modules = HERE.parent / "tests" / "interop" / "node_modules" / "@digitalbazaar"
    if node is None or not (modules / "ecdsa-rdfc-2019-cryptosuite").exists():
        print("(JS reference skipped: node or tests/interop/node_modules missing)")
        return None
    from microcred.jsonld._contexts import BUNDLED_CONTEXTS, bundled_document

    contexts = {u: bundled_document(u) for b in BUNDLED_CONTEXTS for u in b.urls}
    with tempfile.TemporaryDirectory() as tmp:
        items = Path(tmp) / "items.jsonl"
        ctx = Path(tmp) / "contexts.json"
        ctx.write_text(json.dumps(contexts), encoding="utf-8")
        with items.open("w", encoding="utf-8") as fh:
            for entry in entries:
                for suite, curve in SUITES:
                    if curve == "ed25519":
                        continue
                    signer = signers[(entry["key"], curve)]
                    fh.write(json.dumps({
                        "suite": suite, "curve": curve, "created": entry["created"],
                        "document": _for(entry, signer, curve), "now": now.isoformat(),
                        "publicKeyMultibase": signer.key.public_key_multibase,
                        "secretKeyMultibase": signer.key.export_secret_multibase()}) + "\n")
        proc = subprocess.run([node, str(HERE / "js" / "ecdsa_bench.mjs"), str(items),
                               str(ctx)], capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        print(f"(JS reference failed: {proc.stderr[-500:]})")
        return None
    out = json.loads(proc.stdout)
    rates = {name: {op: len(t[op]) / sum(t[op]) for op in ("sign", "verify")}
             for name, t in out["rows"].items()}
    return {"rates": rates, "verified": out["verified"], "errors": out["errors"],
            "documents": len(entries)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=300, help="corpus documents (300)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--out", type=Path, default=HERE / "results" / "ecdsa-rows.json")
    p.add_argument("--no-js", action="store_true", help="skip the JS reference")
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
    js = None if args.no_js else _js_rows(mc, entries, signers, now)
    if js is not None:
        print(f"\n{'JS reference (Digital Bazaar)':28s} {'sign/s':>9s} {'verify/s':>9s} "
              f"{'microcred/JS sign':>18s} {'verify':>7s}")
        for name, row in js["rates"].items():
            mine = table[name]
            print(f"{name:28s} {row['sign']:9.0f} {row['verify']:9.0f} "
                  f"{mine['sign'] / row['sign']:17.1f}× {mine['verify'] / row['verify']:6.1f}×")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"n": args.n, "rounds": args.rounds, "load": load,
                                    "cpu_rates_per_second": table,
                                    "js_reference": js}, indent=2) + "\n",
                        encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
