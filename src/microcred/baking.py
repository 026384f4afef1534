"""Baked badges: embed an Open Badges 3.0 credential in a PNG or SVG image, and get it back.

>>> from microcred import baking
>>> png = baking.minimal_png()                       # a 1x1 transparent PNG, for examples
>>> baked = baking.bake_png(png, {"id": "urn:uuid:1", "type": ["VerifiableCredential"]})
>>> baking.unbake(baked)["id"]
'urn:uuid:1'

Exactly as OB 3.0 specifies (1EdTech/openbadges-specification@1af145ff:ob_v3p0/docformat.md,
"Baked Badge"):

* **PNG**: one ``iTXt`` chunk with keyword ``openbadgecredential``, no compression, empty language
  tag and translated keyword; its text is the credential JSON (embedded proof) or the compact JWS
  (VC-JWT).  The chunk "MUST NOT appear in a PNG more than once".  It is inserted just before
  ``IEND``, as in 1EdTech's sample images.
* **SVG**: an ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`` attribute on ``<svg>``
  and, directly after the ``<svg>`` start tag, one ``<openbadges:credential>`` element carrying
  the compact JWS in its ``verify`` attribute, or the JSON in a ``<![CDATA[...]]>`` body.

Bytes in, bytes out; the standard library only.  PNG chunks are parsed by hand with CRC checks.
SVG is parsed with expat with every DTD feature that could change the content refused: a
``DOCTYPE`` naming a public/system identifier (``<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
"...">``, which most editors write) is accepted, but an internal subset, any entity
declaration, any external entity and any reference to an entity that is not predefined are
refused, and the external DTD is never read.  So neither XXE nor entity expansion can happen.
Everything else in the image is kept byte for byte.  Old OB 2.0 baked images (keyword
``openbadges``, namespace ``http://openbadges.org``) are recognised and rejected with a clear
message (read them with :mod:`microcred.ob2` where available).

Decisions beyond the specification (docs/status-baking-jwt.md):

* **PNG ``tEXt``/``zTXt`` chunks with the keyword ``openbadgecredential`` are refused**, even
  next to a valid ``iTXt`` chunk: OB 3.0 allows only one uncompressed ``iTXt`` chunk, ``tEXt`` is
  Latin-1 (a UTF-8 tool and a Latin-1 tool would read different text) and two candidate chunks
  would let two verifiers read two different credentials.  Never ignored.
* **SVG encodings**: the credential is read as UTF-8, like UTF-8 tools do.  A document that
  declares another encoding is read only when its bytes mean the same text in that encoding
  and in UTF-8 (e.g. an ASCII-only SVG declared ``ISO-8859-1``); otherwise
  :class:`~microcred.UnsupportedEncodingError` is raised, because two readers would disagree
  on the credential.  Baking into such a document writes the JSON ASCII-only (``\\u``
  escapes), so the result stays unambiguous.
"""

from __future__ import annotations

import codecs
import json
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from ._errors import BakingError, InvalidJsonError, UnsupportedEncodingError
from .jsonld import parse_json

__all__ = [
    "OB3_SVG_NAMESPACE",
    "PNG_KEYWORD",
    "bake",
    "bake_png",
    "bake_svg",
    "image_format",
    "minimal_png",
    "unbake",
    "unbake_png",
    "unbake_svg",
]

#: iTXt keyword of an OB 3.0 baked PNG (docformat.md).
PNG_KEYWORD = "openbadgecredential"
#: XML namespace of the ``openbadges:credential`` element in a baked SVG (docformat.md).
OB3_SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"

_OB2_PNG_KEYWORD = b"openbadges"
_OB2_SVG_NAMESPACE = "http://openbadges.org"
_SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JWS_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\Z")  # OB3 CompactJws
_NAME_RE = re.compile(rb"[^\s/>]+")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_NON_XML_RE = re.compile("[\ufffe\uffff]")
_MAX_CHUNK = 2**31 - 1  # PNG §5.3: chunk length is at most 2^31 - 1

Credential = Mapping[str, Any] | str


# --------------------------------------------------------------------------------------------
# Payload handling


def _payload_text(credential: Credential, *, ascii_only: bool = False) -> str:
    if isinstance(credential, str):
        token = credential.strip()
        if not _JWS_RE.match(token):
            raise BakingError("a string credential must be a compact JWS (header.payload.sig)")
        return token
    if isinstance(credential, Mapping):
        try:
            text = json.dumps(credential, ensure_ascii=ascii_only, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise BakingError(f"credential is not JSON-serialisable: {exc}") from exc
        if _SURROGATE_RE.search(text):
            raise BakingError("credential contains a lone surrogate, which is not UTF-8 text")
        try:  # bake only what unbake reads back (the same bounded JSON reader)
            parse_json(text)
        except InvalidJsonError as exc:
            raise BakingError(f"the credential would not be readable from the image: {exc}"
                              ) from exc
        # Characters XML 1.0 forbids (U+FFFE, U+FFFF) can only occur inside JSON strings, where
        # a \uXXXX escape means the same; JSON already escapes the C0 controls.
        return _NON_XML_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    raise BakingError(
        f"credential must be a dict or a compact JWS string, not {type(credential).__name__}")


def _parse_payload(text: str, where: str) -> dict[str, Any] | str:
    text = text.strip()
    if _JWS_RE.match(text):
        return text
    if not text.startswith("{"):
        raise BakingError(f"{where}: the embedded data is neither credential JSON nor a "
                          "compact JWS")
    try:
        value = parse_json(text)
    except InvalidJsonError as exc:
        raise BakingError(f"{where}: the embedded credential is not acceptable JSON: {exc}"
                          ) from exc
    if not isinstance(value, dict):
        raise BakingError(f"{where}: the embedded credential is not a JSON object")
    return value


# --------------------------------------------------------------------------------------------
# PNG


@dataclass(frozen=True)
class _Chunk:
    ctype: bytes
    data: bytes
    start: int  # offset of the length field
    end: int    # offset after the CRC


def _chunks(image: bytes) -> list[_Chunk]:
    if not isinstance(image, (bytes, bytearray, memoryview)):
        raise BakingError(f"image must be bytes, not {type(image).__name__}")
    image = bytes(image)
    if not image.startswith(_PNG_SIGNATURE):
        raise BakingError("not a PNG image (bad signature)")
    pos = len(_PNG_SIGNATURE)
    out: list[_Chunk] = []
    while True:
        if pos + 8 > len(image):
            raise BakingError(f"PNG is truncated at byte {pos} (no IEND chunk)")
        length, ctype = struct.unpack(">I4s", image[pos:pos + 8])
        if length > _MAX_CHUNK:
            raise BakingError(f"PNG chunk at byte {pos} declares an invalid length {length}")
        if not all(65 <= c <= 90 or 97 <= c <= 122 for c in ctype):
            raise BakingError(f"PNG chunk at byte {pos} has an invalid type {ctype!r}")
        end = pos + 12 + length
        if end > len(image):
            raise BakingError(f"PNG chunk {ctype.decode()} at byte {pos} is truncated")
        data = image[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", image[end - 4:end])
        if zlib.crc32(ctype + data) != crc:
            raise BakingError(f"PNG chunk {ctype.decode()} at byte {pos} has a bad CRC")
        out.append(_Chunk(ctype, data, pos, end))
        pos = end
        if ctype == b"IEND":
            break
    if out[0].ctype != b"IHDR":
        raise BakingError("PNG does not start with an IHDR chunk")
    if pos != len(image):
        raise BakingError(f"PNG has {len(image) - pos} byte(s) of data after IEND")
    return out


def _chunk(ctype: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


@dataclass
class _Itxt:
    keyword: bytes
    compressed: int
    method: int
    text: bytes


def _split_itxt(data: bytes) -> _Itxt | None:
    nul = data.find(b"\0")
    if nul <= 0 or nul > 79 or len(data) < nul + 3:
        return None
    keyword = data[:nul]
    compressed, method = data[nul + 1], data[nul + 2]
    rest = data[nul + 3:]
    lang_end = rest.find(b"\0")
    if lang_end < 0:
        return None
    trans_end = rest.find(b"\0", lang_end + 1)
    if trans_end < 0:
        return None
    return _Itxt(keyword, compressed, method, rest[trans_end + 1:])


def _credential_chunks(chunks: list[_Chunk]) -> tuple[list[tuple[_Chunk, _Itxt]], list[_Chunk]]:
    """The ``iTXt`` chunks with the OB 3.0 keyword, and the ``tEXt``/``zTXt`` chunks with it."""
    found: list[tuple[_Chunk, _Itxt]] = []
    latin: list[_Chunk] = []
    for chunk in chunks:
        if chunk.ctype in (b"tEXt", b"zTXt", b"iTXt"):
            keyword = chunk.data.split(b"\0", 1)[0]
            if keyword == _OB2_PNG_KEYWORD:
                raise BakingError(
                    "this PNG holds an Open Badges 2.0 assertion (keyword 'openbadges'), "
                    "not an OB 3.0 credential")
            if keyword == PNG_KEYWORD.encode() and chunk.ctype != b"iTXt":
                latin.append(chunk)
        if chunk.ctype == b"iTXt":
            parsed = _split_itxt(chunk.data)
            if parsed is not None and parsed.keyword == PNG_KEYWORD.encode():
                found.append((chunk, parsed))
    return found, latin


def minimal_png() -> bytes:
    """A valid 1x1 transparent PNG (67 bytes), handy for examples and tests."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00\x00\x00\x00")
    return (_PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat)
            + _chunk(b"IEND", b""))


def bake_png(image: bytes, credential: Credential, *, replace: bool = False) -> bytes:
    """Return ``image`` (PNG bytes) with ``credential`` baked into an ``iTXt`` chunk.

    ``credential`` is the credential dict (embedded proof) or a compact JWS string (VC-JWT).
    If the image already carries a credential, :class:`~microcred.BakingError` is raised
    unless ``replace=True``, which removes the old chunk first.
    """
    chunks = _chunks(image)
    existing, latin = _credential_chunks(chunks)
    if (existing or latin) and not replace:
        raise BakingError("the PNG already carries an OB 3.0 credential (pass replace=True)")
    text = _payload_text(credential).encode("utf-8")
    data = PNG_KEYWORD.encode() + b"\0\0\0\0\0" + text  # flag 0, method 0, "" lang, "" key
    if len(data) > _MAX_CHUNK:
        raise BakingError("credential too large for a PNG chunk")
    drop = {id(c) for c, _ in existing} | {id(c) for c in latin}
    source = bytes(image)
    out = bytearray(_PNG_SIGNATURE)
    for chunk in chunks:
        if id(chunk) in drop:
            continue
        if chunk.ctype == b"IEND":
            out += _chunk(b"iTXt", data)
        out += source[chunk.start:chunk.end]
    return bytes(out)


def unbake_png(image: bytes) -> dict[str, Any] | str:
    """Extract the credential baked into a PNG: a dict (JSON) or a compact JWS string."""
    found, latin = _credential_chunks(_chunks(image))
    if latin:
        kinds = sorted({c.ctype.decode() for c in latin})
        raise BakingError(
            f"the PNG carries the credential keyword 'openbadgecredential' in a {'/'.join(kinds)} "
            "chunk; OB 3.0 allows only one uncompressed iTXt chunk (tEXt is Latin-1 text, so "
            "tools would disagree on the credential): refused, not ignored / "
            "PNG の tEXt/zTXt チャンクに資格証明があります。OB 3.0 では非圧縮の iTXt チャンク 1 つ"
            "だけが認められます")
    if not found:
        raise BakingError("the PNG carries no OB 3.0 credential (no iTXt 'openbadgecredential')")
    if len(found) > 1:
        raise BakingError(f"the PNG carries {len(found)} 'openbadgecredential' iTXt chunks; "
                          "OB 3.0 allows exactly one")
    chunk, itxt = found[0]
    if itxt.compressed != 0:
        raise BakingError("the 'openbadgecredential' iTXt chunk is compressed; OB 3.0 says "
                          "compression MUST NOT be used")
    try:
        text = itxt.text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakingError(f"the iTXt text at byte {chunk.start} is not UTF-8") from exc
    return _parse_payload(text, "PNG iTXt 'openbadgecredential'")


# --------------------------------------------------------------------------------------------
# SVG


@dataclass
class _SvgScan:
    root_name: str = ""
    root_start: int = -1
    root_ns: dict[str, str] = field(default_factory=dict)
    cred_spans: list[tuple[int, int]] = field(default_factory=list)
    cred_attrs: list[dict[str, str]] = field(default_factory=list)
    cred_text: list[list[str]] = field(default_factory=list)
    in_cred: int = 0
    depth: int = 0
    cred_start: int = -1


def _refuse(what: str) -> Any:
    def handler(*_: Any) -> Any:
        raise BakingError(f"SVG contains {what}; refused (no DTDs or entities, to prevent XXE)")
    return handler


def _tag_end(doc: bytes, start: int) -> int:
    """Offset just after the '>' closing the tag that starts at ``start``."""
    quote = 0
    for pos in range(start, len(doc)):
        byte = doc[pos]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return pos + 1
    raise BakingError("SVG start tag is not closed")


_XML_DECL_RE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?<\?xml\s+version\s*=\s*(?:\"[^\"]*\"|'[^']*')"
    rb"(?:\s+encoding\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?")
_UTF8_NAMES = frozenset({"utf-8", "utf8"})


def _declared_encoding(svg: bytes) -> str | None:
    """The ``encoding`` of the XML declaration, as written (``None`` when absent)."""
    m = _XML_DECL_RE.match(svg)
    if m is None or (m.group(1) is None and m.group(2) is None):
        return None
    raw = m.group(1) if m.group(1) is not None else m.group(2)
    return raw.decode("ascii", "replace")


def _check_encoding(svg: bytes) -> str | None:
    """Refuse an SVG whose credential a UTF-8 reader and a reader honouring the declared
    encoding would read differently; return the declared non-UTF-8 encoding, if any."""
    declared = _declared_encoding(svg)
    if svg.startswith((b"\xff\xfe", b"\xfe\xff")) or (
            len(svg) > 1 and (svg[0] == 0 or svg[1] == 0)):
        raise UnsupportedEncodingError(declared or "UTF-16", "the SVG is UTF-16 encoded")
    try:
        as_utf8 = svg.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsupportedEncodingError(
            declared or "unknown", f"the SVG is not UTF-8 text ({exc.reason} at byte "
            f"{exc.start})") from None
    if declared is None or declared.lower() in _UTF8_NAMES:
        return None
    try:
        codec = codecs.lookup(declared)
    except LookupError:
        raise UnsupportedEncodingError(declared, "the declared encoding is unknown") from None
    try:
        same = svg.decode(codec.name) == as_utf8
    except (UnicodeDecodeError, ValueError):
        same = False
    if not same:
        raise UnsupportedEncodingError(
            declared, "its bytes mean different text in that encoding and in UTF-8")
    return declared


def _refuse_doctype(name: str, system_id: str | None, public_id: str | None,
                    has_internal_subset: int) -> None:
    if has_internal_subset:
        raise BakingError("SVG DOCTYPE has an internal subset; refused (no DTD declarations or "
                          "entities, to prevent XXE and entity expansion)")


def _scan_svg(svg: bytes, *, element: str = f"{OB3_SVG_NAMESPACE} credential") -> _SvgScan:
    """Parse a baked SVG safely and locate the ``element`` (``"<namespace> <local name>"``)
    carrying the credential: OB 3.0's ``openbadges:credential`` by default, OB 2.0's
    ``openbadges:assertion`` for :mod:`microcred.ob2`."""
    if not isinstance(svg, (bytes, bytearray, memoryview)):
        raise BakingError(f"image must be bytes, not {type(svg).__name__}")
    svg = bytes(svg)
    _check_encoding(svg)
    scan = _SvgScan()
    # the text is UTF-8 (checked above): expat must not decode it as anything else
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse("an entity declaration")
    parser.UnparsedEntityDeclHandler = _refuse("an unparsed entity declaration")
    parser.ExternalEntityRefHandler = _refuse("an external entity reference")
    parser.SkippedEntityHandler = _refuse("a reference to an undeclared entity")
    parser.ElementDeclHandler = _refuse("an element declaration")
    parser.AttlistDeclHandler = _refuse("an attribute-list declaration")
    parser.NotationDeclHandler = _refuse("a notation declaration")
    pending_ns: dict[str, str] = {}

    def start_ns(prefix: str | None, uri: str) -> None:
        pending_ns[prefix or ""] = uri

    def start(name: str, attrs: dict[str, str]) -> None:
        index = parser.CurrentByteIndex
        if scan.depth == 0:
            uri, _, local = name.rpartition(" ")
            if local != "svg" or uri not in ("", _SVG_NAMESPACE):
                raise BakingError(f"root element is {local!r}, not an SVG <svg> element")
            scan.root_name, scan.root_start = name, index
            scan.root_ns = dict(pending_ns)
        pending_ns.clear()
        scan.depth += 1
        if name == f"{_OB2_SVG_NAMESPACE} assertion" and element != name:
            raise BakingError("this SVG holds an Open Badges 2.0 assertion "
                              "(openbadges:assertion in http://openbadges.org), not OB 3.0")
        if name == element:
            if scan.in_cred:
                raise BakingError(f"nested <{element.rpartition(' ')[2]}> elements")
            scan.in_cred = scan.depth
            scan.cred_start = index
            scan.cred_attrs.append(dict(attrs))
            scan.cred_text.append([])

    def end(name: str) -> None:
        if scan.in_cred == scan.depth:
            # expat points at the end tag, or at the start tag of an empty-element tag
            scan.cred_spans.append((scan.cred_start, _tag_end(svg, parser.CurrentByteIndex)))
            scan.in_cred = 0
        scan.depth -= 1

    def text(data: str) -> None:
        if scan.in_cred:
            scan.cred_text[-1].append(data)

    parser.StartNamespaceDeclHandler = start_ns
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(svg, True)
    except expat.ExpatError as exc:
        raise BakingError(f"SVG is not well-formed XML: {exc}") from exc
    if scan.root_start < 0:
        raise BakingError("SVG has no root element")
    return scan


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;"))


def bake_svg(image: bytes, credential: Credential, *, replace: bool = False) -> bytes:
    """Return the SVG ``image`` (UTF-8 bytes) with ``credential`` baked in.

    Adds the ``xmlns:openbadges`` declaration to the root ``<svg>`` element if missing, and an
    ``<openbadges:credential>`` element directly after the ``<svg>`` start tag (compact JWS in
    ``verify``; JSON in a CDATA section).  An existing credential is an error unless
    ``replace=True``.  The rest of the document is kept byte for byte.
    """
    doc = bytes(image) if isinstance(image, (bytes, bytearray, memoryview)) else image
    scan = _scan_svg(doc)
    if scan.cred_spans and not replace:
        raise BakingError("the SVG already carries an OB 3.0 credential (pass replace=True)")
    declared = scan.root_ns.get("openbadges")
    if declared is not None and declared != OB3_SVG_NAMESPACE:
        raise BakingError(f"the SVG binds the prefix 'openbadges' to {declared!r}, "
                          f"not {OB3_SVG_NAMESPACE!r}")
    for start, stop in sorted(scan.cred_spans, reverse=True):
        doc = doc[:start] + doc[stop:]
    # a document declaring another (ASCII-compatible) encoding gets ASCII-only JSON
    payload = _payload_text(credential, ascii_only=_check_encoding(doc) is not None)
    if isinstance(credential, str):
        element = f'<openbadges:credential verify="{_xml_attr(payload)}"></openbadges:credential>'
    else:
        element = f"<openbadges:credential>{_cdata(payload)}</openbadges:credential>"
    tag_stop = _tag_end(doc, scan.root_start)
    head = doc[:tag_stop]
    self_closing = head.rstrip(b">").rstrip().endswith(b"/")
    if self_closing:
        head = head.rstrip(b">").rstrip()[:-1].rstrip() + b">"
    name_match = _NAME_RE.match(doc, scan.root_start + 1)
    if name_match is None:  # pragma: no cover - expat accepted the tag
        raise BakingError("cannot locate the <svg> tag name")
    tag_name = name_match.group(0)
    if declared is None:
        name_end = name_match.end()
        head = (head[:name_end] + f' xmlns:openbadges="{OB3_SVG_NAMESPACE}"'.encode()
                + head[name_end:])
    tail = doc[tag_stop:]
    if self_closing:
        tail = b"</" + tag_name + b">" + tail
    baked = head + element.encode("utf-8") + tail
    _scan_svg(baked)  # the result must itself be well-formed and carry one credential
    return baked


def unbake_svg(image: bytes) -> dict[str, Any] | str:
    """Extract the credential baked into an SVG: a dict (JSON) or a compact JWS string."""
    scan = _scan_svg(image)
    if not scan.cred_attrs:
        raise BakingError("the SVG carries no <openbadges:credential> element in the OB 3.0 "
                          f"namespace {OB3_SVG_NAMESPACE}")
    if len(scan.cred_attrs) > 1:
        raise BakingError(f"the SVG carries {len(scan.cred_attrs)} <openbadges:credential> "
                          "elements; OB 3.0 allows exactly one")
    attrs, body = scan.cred_attrs[0], "".join(scan.cred_text[0]).strip()
    verify = attrs.get("verify")
    if verify is not None:
        if body:
            raise BakingError("<openbadges:credential> has both a 'verify' attribute and a body")
        if not _JWS_RE.match(verify.strip()):
            raise BakingError("the 'verify' attribute is not a compact JWS")
        return verify.strip()
    if not body:
        raise BakingError("<openbadges:credential> is empty")
    return _parse_payload(body, "SVG <openbadges:credential>")


# --------------------------------------------------------------------------------------------
# Format dispatch


def image_format(image: bytes) -> str:
    """``"png"`` or ``"svg"`` by content (PNG signature, otherwise XML text), else an error."""
    if not isinstance(image, (bytes, bytearray, memoryview)):
        raise BakingError(f"image must be bytes, not {type(image).__name__}")
    head = bytes(image[:512])
    if head.startswith(_PNG_SIGNATURE):
        return "png"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "svg"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\0", b"\0<")):
        return "svg"  # UTF-16 XML: _scan_svg refuses it with UnsupportedEncodingError
    raise BakingError("image is neither PNG nor SVG")


def bake(image: bytes, credential: Credential, *, replace: bool = False) -> bytes:
    """Bake into a PNG or SVG, chosen by the image content."""
    if image_format(image) == "png":
        return bake_png(image, credential, replace=replace)
    return bake_svg(image, credential, replace=replace)


def unbake(image: bytes) -> dict[str, Any] | str:
    """Extract the credential of a baked PNG or SVG: the credential dict or the compact JWS."""
    if image_format(image) == "png":
        return unbake_png(image)
    return unbake_svg(image)
