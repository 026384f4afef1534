"""Canonical N-Quads terms (RDFC-1.0 §4.3 / appendix A): escaping, serialising, parsing.

A quad is a tuple ``(subject, predicate, object, graph)`` of term strings already in canonical
N-Quads syntax: ``<iri>``, ``_:label`` or ``"literal"`` with ``@lang`` or ``^^<datatype>``;
``graph`` is ``""`` for the default graph.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .._errors import JsonLdError

__all__ = [
    "XSD_STRING",
    "Quad",
    "blank",
    "escape_literal",
    "iri",
    "literal",
    "parse_nquads",
    "serialize_quad",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Quad(NamedTuple):
    """One RDF quad; each member is a term in canonical N-Quads syntax (graph ``""`` = default)."""

    subject: str
    predicate: str
    object: str
    graph: str = ""


# RDFC-1.0 canonical N-Quads: ECHAR for \b \t \n \f \r \" \\, UCHAR (upper-case hex) for the
# other C0 controls and DEL; everything else is written as is (UTF-8).
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"',
          "\\": "\\\\"}
_ESCAPE_TABLE = str.maketrans({
    **{chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]},
    **_ECHAR,
})
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
# Characters that may not appear (unescaped) in an IRIREF.
_BAD_IRI_CHAR = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGTAG = re.compile(r"^[a-zA-Z]+(-[a-zA-Z0-9]+)*\Z")


def escape_literal(value: str) -> str:
    """Escape a literal's lexical form as canonical N-Quads requires (RDFC-1.0 appendix A)."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return value.translate(_ESCAPE_TABLE)


def iri(value: str) -> str:
    """Return ``<value>``, rejecting characters that an N-Quads IRIREF cannot hold."""
    if _BAD_IRI_CHAR.search(value):
        raise JsonLdError(f"IRI {value!r} contains a character not allowed in an IRI "
                          "/ IRI に使用できない文字が含まれています")
    return "<" + value + ">"


def blank(label: str) -> str:
    """Return the blank node term ``_:label`` (``label`` may already carry the ``_:``)."""
    return label if label.startswith("_:") else "_:" + label


def literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """Return a canonical N-Quads literal term (``xsd:string`` is left implicit)."""
    text = '"' + escape_literal(value) + '"'
    if language:
        return text + "@" + language
    if datatype and datatype != XSD_STRING:
        return text + "^^" + iri(datatype)
    return text


def serialize_quad(quad: tuple[str, str, str, str]) -> str:
    """Serialise one quad as a canonical N-Quads line (with the final ``\\n``)."""
    s, p, o, g = quad
    if g:
        return f"{s} {p} {o} {g} .\n"
    return f"{s} {p} {o} .\n"


# --- parsing ------------------------------------------------------------------------------------

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRIREF = rf"<((?:[^\x00-\x20<>\"{{}}|^`\\]|{_UCHAR})*)>"
_PN_FIRST = r"(?:[A-Za-z0-9_]|[^\x00-\x7f])"
_PN_LAST = r"(?:[A-Za-z0-9_\-]|[^\x00-\x7f])"
_BNODE = rf"_:({_PN_FIRST}(?:(?:{_PN_LAST}|\.)*{_PN_LAST})?)"
_STRING = rf"\"((?:[^\"\\\n\r]|\\[tbnrf\"'\\]|{_UCHAR})*)\""
_LANG = r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
_WS = r"[ \t]*"
_TERM = re.compile(rf"{_IRIREF}|{_BNODE}|{_STRING}(?:\^\^{_IRIREF}|{_LANG})?")
_ESCAPE_SEQ = re.compile(rf"{_UCHAR}|\\[tbnrf\"'\\]")
_UNECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'",
            "\\": "\\"}


def _unescape(text: str, where: str) -> str:
    if "\\" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        seq = m.group(0)
        if seq[1] in "uU":
            code = int(seq[2:], 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise JsonLdError(f"invalid code point escape {seq} in {where}")
            return chr(code)
        return _UNECHAR[seq[1]]

    return _ESCAPE_SEQ.sub(repl, text)


def _parse_term(line: str, pos: int, lineno: int, kinds: str) -> tuple[str, int]:
    m = _TERM.match(line, pos)
    if m is None:
        raise JsonLdError(f"N-Quads line {lineno}: cannot parse a term at column {pos + 1}")
    where = f"N-Quads line {lineno}"
    if m.group(1) is not None:
        kind = "i"
        term = iri(_unescape(m.group(1), where))
    elif m.group(2) is not None:
        kind = "b"
        term = "_:" + m.group(2)
    else:
        kind = "l"
        value = _unescape(m.group(3), where)
        if m.group(4) is not None:
            datatype = _unescape(m.group(4), where)
            if datatype == RDF_LANGSTRING:
                raise JsonLdError(f"{where}: rdf:langString literal without a language tag")
            term = literal(value, datatype)
        else:
            term = literal(value, None, m.group(5))
    if kind not in kinds:
        raise JsonLdError(f"N-Quads line {lineno}: unexpected term {m.group(0)[:60]!r}")
    return term, m.end()


def parse_nquads(text: str) -> list[Quad]:
    """Parse N-Quads 1.1 text into canonical-form quads (escapes normalised, duplicates kept
    out); raise :class:`~microcred.JsonLdError` naming the line on a syntax error."""
    quads: list[Quad] = []
    seen: set[Quad] = set()
    ws = re.compile(_WS)
    for lineno, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        pos = ws.match(raw, 0).end()  # type: ignore[union-attr]
        if pos == len(raw) or raw[pos] == "#":
            continue
        s, pos = _parse_term(raw, pos, lineno, "ib")
        pos = ws.match(raw, pos).end()  # type: ignore[union-attr]
        p, pos = _parse_term(raw, pos, lineno, "i")
        pos = ws.match(raw, pos).end()  # type: ignore[union-attr]
        o, pos = _parse_term(raw, pos, lineno, "ibl")
        pos = ws.match(raw, pos).end()  # type: ignore[union-attr]
        g = ""
        if pos < len(raw) and raw[pos] != ".":
            g, pos = _parse_term(raw, pos, lineno, "ib")
            pos = ws.match(raw, pos).end()  # type: ignore[union-attr]
        if pos >= len(raw) or raw[pos] != ".":
            raise JsonLdError(f"N-Quads line {lineno}: expected '.' at column {pos + 1}")
        pos = ws.match(raw, pos + 1).end()  # type: ignore[union-attr]
        if pos < len(raw) and raw[pos] != "#":
            raise JsonLdError(f"N-Quads line {lineno}: unexpected text after '.'")
        quad = Quad(s, p, o, g)
        if quad not in seen:  # an RDF dataset is a set of quads
            seen.add(quad)
            quads.append(quad)
    return quads
