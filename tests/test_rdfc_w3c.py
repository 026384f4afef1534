"""The whole W3C RDF Dataset Canonicalization test suite (../shared/reference/w3c-rdf-canon).

Every positive evaluation test must give byte-identical canonical N-Quads, every map test the
published blank node mapping, and every negative test must be rejected (by the default limits).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import microcred
from microcred import jsonld

SUITE = (Path(__file__).resolve().parent.parent.parent / "shared" / "reference"
         / "w3c-rdf-canon" / "tests")


def _entries() -> list[dict[str, Any]]:
    manifest = SUITE / "manifest.jsonld"
    if not manifest.exists():
        return []
    return list(json.loads(manifest.read_text(encoding="utf-8"))["entries"])


ENTRIES = _entries()


def _algorithm(entry: dict[str, Any]) -> str:
    return "sha384" if entry.get("hashAlgorithm") == "SHA384" else "sha256"


def _read(rel: str) -> str:
    return (SUITE / rel).read_bytes().decode("utf-8")


@pytest.fixture(autouse=True)
def _need_suite() -> None:
    if not ENTRIES:
        pytest.skip("W3C rdf-canon suite not available (../shared/reference absent)")


def test_suite_is_complete() -> None:
    kinds = [e["type"] for e in ENTRIES]
    assert kinds.count("rdfc:RDFC10EvalTest") == 64
    assert kinds.count("rdfc:RDFC10MapTest") == 21
    assert kinds.count("rdfc:RDFC10NegativeEvalTest") == 1


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["type"] == "rdfc:RDFC10EvalTest"],
                         ids=lambda e: e["id"].lstrip("#"))
def test_eval(entry: dict[str, Any]) -> None:
    out = jsonld.canonicalize_nquads(_read(entry["action"]), hash_algorithm=_algorithm(entry))
    assert out.encode("utf-8") == (SUITE / entry["result"]).read_bytes()


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e["type"] == "rdfc:RDFC10MapTest"],
                         ids=lambda e: e["id"].lstrip("#"))
def test_map(entry: dict[str, Any]) -> None:
    quads = jsonld.parse_nquads(_read(entry["action"]))
    labelling = jsonld.canonical_labelling(quads, hash_algorithm=_algorithm(entry))
    expected = json.loads(_read(entry["result"]))
    assert {k[2:]: v[2:] for k, v in labelling.mapping.items()} == expected


@pytest.mark.parametrize("entry",
                         [e for e in ENTRIES if e["type"] == "rdfc:RDFC10NegativeEvalTest"],
                         ids=lambda e: e["id"].lstrip("#"))
def test_negative(entry: dict[str, Any]) -> None:
    with pytest.raises(microcred.CanonicalizationLimitError):
        jsonld.canonicalize_nquads(_read(entry["action"]))
    # Tighter limits stop it earlier, still with the typed error.
    with pytest.raises(microcred.CanonicalizationLimitError):
        jsonld.canonicalize_nquads(_read(entry["action"]),
                                   limits=jsonld.Limits(max_permutations=10))
