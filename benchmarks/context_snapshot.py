"""Generate ``src/microcred/jsonld/_processed_contexts.json``: pyld's processed bundled contexts.

The fast path reads the bundled contexts through pyld's context processor; a fresh process
would load pyld for that alone. This script records what pyld returns while typical
credentials are signed and verified (the first documents of the benchmark corpus, in every
OB 3.0 version and both VC versions, and microcred's own OB 3.0 output with its inline
context), and writes it as the snapshot :mod:`microcred.jsonld._ctxsnap` rebuilds. Run it
after changing a bundled context, microcred's inline context or the pyld pin, always in a
fresh process (what pyld is asked depends on process-wide memos);
``tests/test_context_snapshot.py`` checks that the file is what this script writes::

    python benchmarks/context_snapshot.py            # rewrite the file
    python benchmarks/context_snapshot.py --check    # exit 1 when it is stale
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

ROOT = Path(__file__).resolve().parent.parent
#: Real credentials vendored for the tests (1EdTech validator OB 3.0 samples, DCC fixtures):
#: verified as they are (whatever the verdict), so their contexts are in the snapshot too.
REAL = ("tests/vectors/real/1edtech-validator/ob30", "tests/vectors/real/dcc-vc-test-fixtures")
#: Corpus documents replayed (a prefix of the corpus: deterministic).
N_DOCUMENTS = 200
#: The first corpus documents (and every variant) also go through a signed presentation.
N_PRESENTED = 20
SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)


def readme_credential() -> dict[str, Any]:
    """The README example as microcred issues it (OB 3.0 with microcred's inline context)."""
    import microcred as mc
    from microcred import ob3

    cred = mc.MicroCredential.parse({
        "title": {"text": "データサイエンス基礎", "lang": "ja",
                  "translations": {"en": "Data science basics"}},
        "learner": {"id": "did:example:learner-42"},
        "issue_date": "2026-04-01T09:00:00+09:00",
        "effort": {"hours": "30"},
        "learning_outcomes": [{"statement": "Clean and summarise a data set."}]})
    issuer = mc.Ed25519Key.from_seed(bytes(range(32))).did
    doc = ob3.from_micro_credential(
        cred, credential_id="urn:uuid:6a1e2c0e-8f9b-4a31-9d0c-2b7e5f1a4c3d", issuer=issuer)
    return dict(doc.to_jsonld())


V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"
_OB = "https://purl.imsglobal.org/spec/ob/v3p0/"
#: Other ways credentials combine the bundled contexts: (VC context, OB context, extras).
VARIANTS = [
    (vc, _OB + ob, extra)
    for vc in (V1, V2)
    for ob in ("context.json", "context-3.0.1.json", "context-3.0.2.json", "context-3.0.3.json")
    for extra in ((), (_OB + "extensions.json",))
]


def _variants(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A corpus credential of each VC version under each combination of :data:`VARIANTS`."""
    by_vc = {}
    for doc in docs:
        by_vc.setdefault(doc["@context"][0], doc)
    plain = [{"@context": [vc], "type": ["VerifiableCredential"], "id": "urn:uuid:0",
              "issuer": docs[0]["issuer"], date: "2026-01-01T00:00:00Z",
              "credentialSubject": {"id": "did:example:subject"}}
             for vc, date in ((V1, "issuanceDate"), (V2, "validFrom"))]
    return plain + [dict(by_vc[vc], **{"@context": [vc, ob, *extra]})
                    for vc, ob, extra in VARIANTS if vc in by_vc]


def _real_documents() -> list[dict[str, Any]]:
    """The vendored real credentials (JSON objects with a proof), in path order."""
    out = []
    for folder in REAL:
        for path in sorted((ROOT / folder).rglob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(doc, dict) and "@context" in doc and "proof" in doc:
                out.append(doc)
    return out


def replay() -> None:
    """Sign and verify the generating documents (the contexts pyld processes meanwhile are
    what the snapshot holds)."""
    import microcred as mc

    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    docs = [entry["document"] for entry in corpus.documents(N_DOCUMENTS)] + [readme_credential()]
    for n, doc in enumerate(docs + _variants(docs)):
        for suite in SUITES:
            try:
                signed = mc.sign(doc, key.signer(), cryptosuite=suite,
                                 created="2026-04-01T00:00:00Z")
            except mc.MicrocredError:  # a combination the data model refuses: not typical
                continue
            mc.verify(signed, now=NOW)
            if N_PRESENTED <= n < len(docs):
                continue
            vp = mc.sign_presentation(mc.presentation([signed], holder=key.did), key.signer(),
                                      challenge="c", domain="d", cryptosuite=suite,
                                      created="2026-04-01T00:00:00Z")
            mc.verify_presentation(vp, challenge="c", domain="d", now=NOW)
    for doc in _real_documents():
        mc.verify(doc, now=NOW)


def generate() -> str:
    """The snapshot file's text."""
    from microcred.jsonld import _ctxsnap

    data = _ctxsnap.build(replay)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def target() -> Path:
    from microcred.jsonld import _ctxsnap

    src = Path(__file__).resolve().parent.parent / "src" / "microcred" / "jsonld"
    return src / _ctxsnap.SNAPSHOT_FILE


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = generate()
    path = target()
    if "--check" in args:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is stale: run python benchmarks/context_snapshot.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(f"wrote {path}: {len(data['contexts'])} contexts, {len(data['entries'])} term "
          f"definitions, {len(data['children'])} look-ups, {len(text) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
