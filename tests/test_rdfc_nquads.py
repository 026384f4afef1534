"""N-Quads terms: RDFC-1.0 canonical escaping and the parser (round trips, errors)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred
from microcred import jsonld
from microcred.jsonld._nquads import iri, literal

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_iri = st.builds(lambda s: "urn:ex:" + s, st.text(st.characters(
    blacklist_categories=("Cs",), blacklist_characters='\x00<>"{}|^`\\ '
    + "".join(map(chr, range(0x21)))), max_size=10))
_bnode = st.sampled_from(["_:a", "_:b1", "_:c.d", "_:x-y"])
_lang = st.sampled_from(["en", "ja-JP", "zh-Hant-TW"])
_literal = st.one_of(
    st.builds(literal, _text),
    st.builds(lambda v, d: literal(v, d), _text, _iri),
    st.builds(lambda v, lang: literal(v, None, lang), _text, _lang),
)
_quad = st.builds(jsonld.Quad, st.one_of(st.builds(iri, _iri), _bnode), st.builds(iri, _iri),
                  st.one_of(st.builds(iri, _iri), _bnode, _literal),
                  st.one_of(st.just(""), st.builds(iri, _iri), _bnode))


@settings(max_examples=300, deadline=None)
@given(st.lists(_quad, max_size=8, unique=True))
def test_serialise_then_parse_round_trips(quads: list[jsonld.Quad]) -> None:
    text = "".join(jsonld.serialize_quad(q) for q in quads)
    assert jsonld.parse_nquads(text) == quads


@settings(max_examples=300, deadline=None)
@given(_text)
def test_escaping_is_rdfc_canonical(value: str) -> None:
    escaped = jsonld.escape_literal(value)
    # no raw control character, quote or lone backslash survives
    assert not any(ord(c) < 0x20 or c == "\x7f" for c in escaped)
    # only the seven ECHARs and upper-case \uXXXX appear after a backslash
    assert re.fullmatch(r'(?:[^\\"]|\\[btnfr"\\]|\\u[0-9A-F]{4})*', escaped, re.DOTALL)


def test_rdfc_escapes() -> None:
    assert jsonld.escape_literal('\b\t\n\f\r"\\') == '\\b\\t\\n\\f\\r\\"\\\\'
    assert jsonld.escape_literal("\x00\x0b\x0e\x1f\x7f") == "\\u0000\\u000B\\u000E\\u001F\\u007F"
    assert jsonld.escape_literal("é€😀\u2028") == "é€😀\u2028"


def test_parse_normalises_escapes() -> None:
    text = '<urn:ex:\\u0041> <urn:p> "\\u00E9\\U0001F600\\t\\\'" .\n'
    assert jsonld.parse_nquads(text) == [
        jsonld.Quad("<urn:ex:A>", "<urn:p>", '"é😀\\t\'"', "")]
    xsd_string = '<urn:s> <urn:p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .'
    assert jsonld.parse_nquads(xsd_string)[0].object == '"x"'
    assert jsonld.parse_nquads("# comment\n\n<urn:s> <urn:p> _:b0 <urn:g> . # trailing\n") == [
        jsonld.Quad("<urn:s>", "<urn:p>", "_:b0", "<urn:g>")]


@pytest.mark.parametrize("bad", [
    "<urn:s> <urn:p> <urn:o>",                      # no final dot
    "<urn:s> _:p <urn:o> .",                         # blank node predicate
    '"lit" <urn:p> <urn:o> .',                       # literal subject
    "<urn:s> <urn:p> <urn:o> . extra",
    "<urn:s> <urn:p> <urn:has space> .",
    '<urn:s> <urn:p> "\\uD800" .',                   # surrogate escape
    '<urn:s> <urn:p> "x"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .',
    "<urn:s> <urn:p> <urn:\\u0020> .",               # escaped space in an IRI
    "<urn:s> <urn:p> <urn:o> <urn:g> <urn:h> .",
])
def test_parse_errors_are_typed(bad: str) -> None:
    with pytest.raises(microcred.JsonLdError):
        jsonld.parse_nquads(bad)


def test_duplicates_collapse() -> None:
    line = "<urn:s> <urn:p> _:b .\n"
    assert jsonld.canonicalize_nquads(line * 3) == "<urn:s> <urn:p> _:c14n0 .\n"
