"""The input stage's one walk (``_verify.input.scan``) and its JCS shortcut, against plain
re-implementations (the verifier's fast paths are proven equal to the obvious code)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from microcred import jsonld
from microcred._verify.contexts import contexts_of
from microcred._verify.endorsements import carriers, count
from microcred._verify.input import Scan, _copy_scan, _url_contexts

_KEYS = st.sampled_from(["@context", "a", "b:c", "endorsement", "endorsementJwt", "proof",
                         "id", "x\"@context\":", "@id", "@included", "@value", '"@nest":',
                         "@type", "@set"])
_URLS = st.sampled_from(["https://www.w3.org/ns/credentials/v2", "https://e.x/c",
                         '"@context":["https://evil"]', "urn:x"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                     st.floats(allow_nan=False, allow_infinity=False), _URLS,
                     st.text(max_size=6))
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=30)


def scan(doc: Any, _limit: int, max_number_length: int) -> Scan:
    """The input stage's walk, for its scan (the copy is checked elsewhere)."""
    got = _copy_scan(doc, max_number_length)
    assert got is not None
    return got[1]


def _plain_contexts(doc: Any) -> list[Any]:
    return [entry for _path, entry in contexts_of(doc, 10**6)[0]]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_KEYS, _JSON, max_size=6))
def test_scan_finds_what_the_plain_walks_find(doc: dict[str, Any]) -> None:
    found = scan(doc, 10**6, 64)
    assert sorted(map(repr, found.contexts)) == sorted(map(repr, _plain_contexts(doc)))
    keys = _all_keys(doc, skip_top_proof=True)
    assert found.endorsement_keys == any(k in ("endorsement", "endorsementJwt") for k in keys)
    if count(doc):
        assert found.endorsement_keys  # (the flag may also come from inside @context)
    assert found.colon_keys == any(":" in k for k in keys)
    odd = [k for k, node in _keys_in(doc) if k.startswith("@") and ":" not in k
           and k not in ("@value", "@language", "@direction", "@graph")
           and not (k == "@type" and "@value" in node)]  # (@type in a value object only)
    assert (found.keyword is not None) == bool(odd)
    big = any(isinstance(v, int) and not isinstance(v, bool)
              and (abs(v) >= 10**18 or int(float(v)) != v)  # (not a double: 2**53 + 1)
              for v in _all_values(doc))  # (numbers in @context values and the proof too)
    assert (scan(doc, 10**6, 18).number is not None) == big


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_KEYS, _JSON, max_size=6))
def test_jcs_context_shortcut_equals_the_walk(doc: dict[str, Any]) -> None:
    doc = {k: v for k, v in doc.items() if k != "proof"}
    try:
        data = jsonld.jcs(doc)
    except Exception:
        return
    from microcred._verify.input import _ODD_KEYWORD

    if scan(doc, 10**6, 10**6).keyword is not None:  # (the bytes see a superset)
        assert _ODD_KEYWORD.search(data) is not None
    shortcut = _url_contexts(data)
    if shortcut is not None:
        assert sorted(shortcut) == sorted(_plain_contexts(doc))
        assert all(isinstance(c, str) for c in shortcut)


def test_endorsement_count_equals_carriers() -> None:
    doc = {"a": {"endorsement": [{"x": 1}, {"y": 2}], "id": "urn:a"},
           "b": [{"endorsementJwt": "t.t.t"}], "proof": {"endorsement": [1]}}
    assert count(doc) == len(carriers(doc)) == 3


def _all_keys(node: Any, skip_top_proof: bool, top: bool = True) -> list[str]:
    out: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if (top and skip_top_proof and k == "proof") or k == "@context":
                continue
            out.append(k)
            out.extend(_all_keys(v, skip_top_proof, False))
    elif isinstance(node, list):
        for v in node:
            out.extend(_all_keys(v, skip_top_proof, False))
    return out


def _keys_in(node: Any, top: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """(key, the object holding it) outside ``@context`` and the top-level ``proof``."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if (top and k == "proof") or k == "@context":
                continue
            out.append((k, node))
            out.extend(_keys_in(v, False))
    elif isinstance(node, list):
        for v in node:
            out.extend(_keys_in(v, False))
    return out


def _all_values(node: Any, top: bool = True) -> list[Any]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _all_values(v, False)]
    if isinstance(node, list):
        return [x for v in node for x in _all_values(v, False)]
    return [node]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_KEYS, _JSON, max_size=6))
def test_copy_scan_copies_exactly_and_counts_endorsements(doc: dict[str, Any]) -> None:
    from microcred._di.proofs import as_document

    got = _copy_scan(doc, 18)
    assert got is not None  # (plain JSON always copies)
    copy, found = got
    assert copy == as_document(doc)
    assert copy is not doc
    assert found.endorsements == sum(
        len(v) if isinstance(v, list) else 1 for k, v in _all_items(doc)
        if k in ("endorsement", "endorsementJwt"))


def _all_items(node: Any) -> list[tuple[str, Any]]:
    """Every (key, value) outside ``@context`` and the top-level ``proof``."""
    return [(k, holder[k]) for k, holder in _keys_in(node)]
