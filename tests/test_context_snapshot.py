"""The snapshot of pyld's processed bundled contexts (microcred.jsonld._ctxsnap).

The file is what benchmarks/context_snapshot.py generates from the bundled contexts with pyld
(regenerated and compared here); it is pinned to every bundled context's SHA-256 and to the pyld
version, and used only by loaders that serve the bundled contexts unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from microcred.jsonld import StaticLoader, _ctxsnap, _fast
from microcred.jsonld._contexts import BUNDLED_CONTEXTS, bundled_document

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import context_snapshot  # noqa: E402

V2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
V1 = "https://www.w3.org/2018/credentials/v1"
OB301 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
DI2 = "https://w3id.org/security/data-integrity/v2"


@pytest.fixture(autouse=True)
def _fresh_instances() -> Any:
    _fast._reset_instances()
    yield
    _fast._reset_instances()


def test_the_file_is_what_the_generator_writes_from_pyld() -> None:
    # build() also checks every rebuilt context against pyld's own (members and their order);
    # a fresh process, as the file is made (what pyld is asked depends on process-wide memos)
    proc = subprocess.run([sys.executable, str(BENCH / "context_snapshot.py"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def test_pinned_to_the_bundled_contexts_and_pyld() -> None:
    data = json.loads(context_snapshot.target().read_text(encoding="utf-8"))
    assert data["contexts_sha256"] == {c.filename: c.sha256 for c in BUNDLED_CONTEXTS}
    assert data["pyld"] == _ctxsnap.pyld_version()
    from importlib.metadata import version

    assert _ctxsnap.pyld_version() == version("pyld")


def test_a_rebuilt_context_is_pyld_processing_of_its_local_context() -> None:
    # independent of build(): process the usual top-level context with pyld and compare
    from pyld.context_resolver import ContextResolver

    from microcred.jsonld._pyld import JsonLdProcessor

    snap = _ctxsnap.snapshot()
    assert snap is not None
    loader = StaticLoader()
    options = {"base": None, "documentLoader": loader, "processingMode": "json-ld-1.1",
               "contextResolver": ContextResolver({}, loader)}
    processor = JsonLdProcessor()
    for local in ([V2, OB303], [V2], [V1, OB301, DI2]):
        theirs = processor._process_context(
            processor._get_initial_context(options), local, options)
        ours = snap.child(snap.raw(0), local, True, False)
        assert ours is not None
        assert list(ours["mappings"].items()) == list(theirs["mappings"].items())
        assert {k: v for k, v in ours.items() if k != "mappings"} == {
            k: v for k, v in theirs.items() if k not in ("mappings", "_uuid")}


def test_unknown_processing_is_left_to_pyld() -> None:
    snap = _ctxsnap.snapshot()
    assert snap is not None
    assert snap.child(snap.raw(0), [V2, {"x": "https://example.org/x"}], True, False) is None
    assert snap.child({"mappings": {}}, [V2], True, False) is None  # not a snapshot context


def test_used_only_by_loaders_that_serve_the_bundled_contexts() -> None:
    assert _fast.FastCanonicalizer(StaticLoader())._snapshot is not None
    assert _fast.FastCanonicalizer(StaticLoader(bundled=False))._snapshot is None
    other = bundled_document(OB303)
    other["@context"]["achievement"] = {"@id": "https://example.org/other"}
    replaced = StaticLoader()
    replaced.register(OB303, other, replace=True)
    assert _fast.FastCanonicalizer(replaced)._snapshot is None


def test_stale_pins_switch_the_snapshot_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_ctxsnap, "_SNAPSHOT", [])
    monkeypatch.setattr(_ctxsnap, "pyld_version", lambda: "0.0.0")
    assert _ctxsnap.snapshot() is None
    monkeypatch.setattr(_ctxsnap, "_SNAPSHOT", [])
    monkeypatch.undo()
    monkeypatch.setattr(_ctxsnap, "_SNAPSHOT", [])
    monkeypatch.setattr(_ctxsnap, "_pins", lambda: {"credentials-v2.jsonld": "0" * 64})
    assert _ctxsnap.snapshot() is None


def test_same_canonical_form_with_and_without_the_snapshot() -> None:
    docs = [entry["document"] for entry in context_snapshot.corpus.documents(30)]
    docs.append({"@context": [V2, OB303], "id": "urn:x", "type": ["VerifiableCredential"],
                 "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2"}})
    with_snapshot = _fast.FastCanonicalizer(StaticLoader())
    without = _fast.FastCanonicalizer(StaticLoader())
    without._snapshot = None
    without._initial_raw = without._pyld_processor()[0]._get_initial_context(
        without._pyld_processor()[1])
    without.initial = without.wrap(without._initial_raw)
    for doc in docs:
        assert with_snapshot.canonicalize(doc) == without.canonicalize(doc)
