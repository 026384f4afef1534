"""The fast path is a compiled view of the known contexts: equal to the reference, or declines.

Issue 11, finding 4: term flags read from the wrong definition (``@reverse``, a scoped
self-alias to a keyword, a scoped ``"@type": "@json"``), ``@graph`` containers with ``@id`` /
``@index``, and the absolute-IRI test (``x,y:z``, a final newline). Every document here is
run through the fast path (``jsonld._fast``: the canonicaliser and the safe-mode walk), the
slow path (pyld plus microcred's safe mode) and, when Node.js is present, jsonld.js (the
reference the verifier's promise is stated against). Whenever the fast path answers, its
answer is byte-identical to both; otherwise it declines.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import jsonld
from microcred.jsonld import _fast

EX = "https://ex.org/"

#: The classes of finding 4, each as (context, document members).
CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "reverse": ({"knows": {"@reverse": EX + "knows"}},
                {"knows": {"@id": EX + "b", EX + "p": "v"}}),
    "scoped-self-alias": ({"c": {"@id": EX + "c", "@context": {"c": "@id"}}},
                          {"c": {"c": EX + "x", EX + "p": "v"}}),
    "scoped-json": ({"n": {"@id": EX + "n", "@context": {
        "n": {"@id": EX + "n", "@type": "@json"}}}}, {"n": {"n": 1, EX + "p": "v"}}),
    "scoped-json-string": ({"n": {"@id": EX + "n", "@context": {
        "n": {"@id": EX + "n", "@type": "@json"}}}}, {"n": {"n": "1", EX + "p": "v"}}),
    "graph-id-container": ({"g": {"@id": EX + "g", "@container": ["@graph", "@id"]}},
                           {"g": [{EX + "p": "v"}, {EX + "q": "w"}]}),
    "graph-index-container": ({"g": {"@id": EX + "g", "@container": ["@graph", "@index"]}},
                              {"g": [{EX + "p": "v"}]}),
    "graph-container": ({"g": {"@id": EX + "g", "@container": "@graph"}},
                        {"g": [{EX + "p": "v"}, {EX + "q": "w"}]}),
    "comma-scheme-id": ({"r": {"@id": EX + "r", "@type": "@id"}}, {"r": "x,y:z"}),
    "comma-scheme-node": ({}, {EX + "r": {"@id": "x,y:z", EX + "p": "v"}}),
    "newline-iri": ({"r": {"@id": EX + "r", "@type": "@id"}}, {"r": "x:y\n"}),
    "keyword-alias": ({"ident": "@id", "p": EX + "p"}, {"ident": EX + "s", "p": "v"}),
    "type-alias": ({"kind": "@type", "p": EX + "p"}, {"kind": EX + "T", "p": "v"}),
    "nest": ({"n": "@nest", "p": EX + "p"}, {"n": {"p": "v"}}),
    "plain": ({"p": EX + "p", "q": {"@id": EX + "q", "@type": "@id"}},
              {"p": "v", "q": EX + "o"}),
    "list": ({"l": {"@id": EX + "l", "@container": "@list"}}, {"l": ["a", "b", "a"]}),
    "json": ({"j": {"@id": EX + "j", "@type": "@json"}}, {"j": {"b": [1, 2.5], "a": None}}),
    # a property-scoped null context resets to the initial context (VC 2.0's
    # verifiableCredential); inside, terms of the outer context are undefined (dropped)
    "scoped-null": ({"vc": {"@id": EX + "vc", "@container": "@graph", "@context": None},
                     "p": EX + "p"}, {"vc": {EX + "q": "w"}, "p": "v"}),
    "scoped-null-drops": ({"vc": {"@id": EX + "vc", "@context": None}, "p": EX + "p"},
                          {"vc": {"p": "v", EX + "q": "w"}}),
    # pyld raised KeyError for "@vocab": null without a @vocab to remove; jsonld.js accepts it
    "vocab-null": ({"@vocab": None, "p": EX + "p"}, {"p": "v"}),
}


def _doc(ctx: dict[str, Any], members: dict[str, Any]) -> dict[str, Any]:
    return {"@context": ctx, "@id": EX + "s", **members}


def _loader(doc: dict[str, Any]) -> jsonld.StaticLoader:
    loader = jsonld.StaticLoader()
    ctx = doc["@context"]
    for c in ctx if isinstance(ctx, list) else [ctx]:
        if isinstance(c, dict):
            loader.register_inline(c)
    return loader


def _slow(doc: dict[str, Any], loader: Any) -> str | None:
    try:
        quads = jsonld.to_rdf(doc, loader=loader, safe=True)
        return jsonld.canonicalize_quads(quads)
    except mc.MicrocredError:
        return None


def _check(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    loader = _loader(doc)
    fast = _fast.fast_canonicalize(doc, loader=loader)
    slow = _slow(doc, loader)
    if fast is not None:
        assert slow is not None, "the fast path answered where the slow path refuses"
        assert fast == slow
    walk = _fast.fast_check(doc, loader=loader)
    if walk is not None:
        assert slow is not None, "the safe-mode walk passed what the slow path refuses"
    # without registration the fast path compiles no inline context at all
    assert _fast.fast_canonicalize(doc) is None
    return fast, slow


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_class_of_finding_4(case: str) -> None:
    ctx, members = CASES[case]
    fast, _slow_answer = _check(_doc(ctx, members))
    if case not in ("plain", "list", "json", "graph-container", "vocab-null", "scoped-null"):
        assert fast is None, f"{case}: the fast path must decline this feature"
    else:
        assert fast is not None, f"{case}: plain features stay on the fast path"


def test_unsupported_features_are_named() -> None:
    for case in ("reverse", "scoped-self-alias", "scoped-json", "graph-id-container",
                 "graph-index-container", "keyword-alias", "type-alias", "nest"):
        assert _fast.unsupported_feature(CASES[case][0]) is not None, case
    for case in ("plain", "list", "json", "graph-container"):
        assert _fast.unsupported_feature(CASES[case][0]) is None, case
    # the VC, Data Integrity, OB and CLR contexts compile (others, e.g. the DCC context
    # with its @reverse term, are left to pyld: slower, never different)
    from microcred.jsonld._contexts import BUNDLED_CONTEXTS, bundled_document

    core = ("credentials-", "data-integrity-", "ob-", "clr-", "vc-bitstring", "multikey",
            "did-v1", "ed25519-")
    compiled = [b for b in BUNDLED_CONTEXTS if b.filename.startswith(core)]
    assert len(compiled) >= 15
    for b in compiled:
        assert _fast.unsupported_feature(bundled_document(b.urls[0])["@context"]) is None, b


# -- generated documents aimed at scoped contexts, containers, aliases and IRIs -----------------

_IRIS = st.sampled_from([EX + "o", "x,y:z", "x:y\n", "urn:a", "_:b1", "rel/ative", "",
                         "https://ex.org/a b", "a:b:c", "@id"])
_VALUES = st.one_of(st.text(max_size=4), st.integers(-3, 3), st.booleans(), _IRIS,
                    st.floats(allow_nan=False, allow_infinity=False, width=32))


@st.composite
def featured(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(sorted(CASES)), min_size=1, max_size=4, unique=True))
    ctx: dict[str, Any] = {}
    members: dict[str, Any] = {}
    for name in names:
        c, m = CASES[name]
        ctx.update(c)
        members.update(m)
    # perturb one member's value with something IRI-like or scalar
    if members and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(members)))
        members[key] = draw(st.one_of(_VALUES, st.lists(_VALUES, max_size=3),
                                      st.fixed_dictionaries({"@id": _IRIS})))
    return _doc(ctx, members)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(featured())
def test_fast_path_equals_slow_path_or_declines(doc: dict[str, Any]) -> None:
    _check(doc)


# -- against jsonld.js, when Node.js is present ---------------------------------------------------

@pytest.mark.interop
@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_fast_path_equals_jsonld_js_where_it_answers() -> None:
    from test_jsonld_interop import _run_jsonld_js

    docs = [_doc(*CASES[c]) for c in sorted(CASES)]
    import random

    rnd = random.Random(11)
    names = sorted(CASES)
    for _ in range(60):  # combinations of features, deterministic
        picked = rnd.sample(names, rnd.randint(2, 4))
        ctx: dict[str, Any] = {}
        members: dict[str, Any] = {}
        for n in picked:
            ctx.update(CASES[n][0])
            members.update(CASES[n][1])
        docs.append(_doc(ctx, members))
    js = _run_jsonld_js(docs, jsonld.StaticLoader())  # (skips without the packages)
    answered = 0
    for doc, ref in zip(docs, js, strict=True):
        fast = _fast.fast_canonicalize(doc, loader=_loader(doc))
        if fast is None:
            continue
        answered += 1
        assert "ok" in ref, (doc, ref)
        assert fast == ref["ok"], doc
    assert answered >= 3
