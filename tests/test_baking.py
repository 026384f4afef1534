"""Baked badges (OB 3.0 docformat.md "Baked Badge"): PNG iTXt and SVG, round trips and bad input."""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import baking

CRED: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2",
                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "id": "http://example.com/credentials/3527",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.com/issuers/876543", "type": ["Profile"],
               "name": "Example Corp ]]> <&> 日本語"},
    "validFrom": "2010-01-01T00:00:00Z",
    "name": "Teamwork Badge",
    "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
                          "type": ["AchievementSubject"]},
}
JWS = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2V4YW1wbGUuY29tIn0.c2lnbmF0dXJl"


def chunk(ctype: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def chunk_types(png: bytes) -> list[bytes]:
    pos, out = 8, []
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        out.append(png[pos + 4:pos + 8])
        pos += 12 + length
    return out


# -- PNG ---------------------------------------------------------------------------------------

def test_png_chunk_bytes_are_exactly_as_specified() -> None:
    baked = baking.bake_png(baking.minimal_png(), JWS)
    # docformat.md: keyword 'openbadgecredential', compression 0, method 0, languageTag '',
    # translatedKeyword '' -> keyword NUL 0 0 NUL NUL text; placed before IEND (1EdTech samples).
    expected = chunk(b"iTXt", b"openbadgecredential\x00\x00\x00\x00\x00" + JWS.encode())
    assert expected in baked
    assert chunk_types(baked) == [b"IHDR", b"IDAT", b"iTXt", b"IEND"]
    assert baked.startswith(baking.minimal_png()[:-12])  # everything else kept byte for byte


def test_png_round_trip_json_and_jws() -> None:
    png = baking.minimal_png()
    assert baking.unbake(baking.bake_png(png, CRED)) == CRED
    assert baking.unbake(baking.bake_png(png, JWS)) == JWS
    assert mc.baking.unbake_png(baking.bake(png, CRED)) == CRED


def test_png_already_baked_needs_replace() -> None:
    baked = baking.bake_png(baking.minimal_png(), CRED)
    with pytest.raises(mc.BakingError, match="replace"):
        baking.bake_png(baked, JWS)
    again = baking.bake_png(baked, JWS, replace=True)
    assert baking.unbake(again) == JWS
    assert chunk_types(again).count(b"iTXt") == 1


def test_png_duplicate_credential_chunks_are_an_error() -> None:
    png = baking.minimal_png()
    data = b"openbadgecredential\x00\x00\x00\x00\x00" + json.dumps(CRED).encode()
    doubled = png[:-12] + chunk(b"iTXt", data) + chunk(b"iTXt", data) + png[-12:]
    with pytest.raises(mc.BakingError, match="exactly one"):
        baking.unbake(doubled)


@pytest.mark.parametrize("mutate, match", [
    (lambda p: p[:20], "truncated"),
    (lambda p: b"\x89PNX" + p[4:], "signature"),
    (lambda p: p + b"extra", "after IEND"),
    (lambda p: p[:-12], "truncated"),
    (lambda p: p[:30] + bytes([p[30] ^ 0xFF]) + p[31:], "CRC"),
])
def test_png_malformed(mutate: Any, match: str) -> None:
    baked = baking.bake_png(baking.minimal_png(), CRED)
    with pytest.raises(mc.BakingError, match=match):
        baking.unbake_png(mutate(baked))


def test_png_compressed_text_ob2_and_missing() -> None:
    png = baking.minimal_png()
    zipped = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b"{}")
    with pytest.raises(mc.BakingError, match="compress"):
        baking.unbake(png[:-12] + chunk(b"iTXt", zipped) + png[-12:])
    ob2 = png[:-12] + chunk(b"tEXt", b"openbadges\x00https://example.org/assertion") + png[-12:]
    with pytest.raises(mc.BakingError, match=r"2\.0"):
        baking.unbake(ob2)
    with pytest.raises(mc.BakingError, match=r"no OB 3\.0"):
        baking.unbake(png)
    prefix = b"openbadgecredential\x00\x00\x00\x00\x00"
    garbage = png[:-12] + chunk(b"iTXt", prefix + b"not json") + png[-12:]
    with pytest.raises(mc.BakingError, match="neither"):
        baking.unbake(garbage)
    dup_key = b'openbadgecredential\x00\x00\x00\x00\x00{"id": 1, "id": 2}'
    with pytest.raises(mc.BakingError, match="duplicate"):
        baking.unbake(png[:-12] + chunk(b"iTXt", dup_key) + png[-12:])


def test_png_bad_credential_argument() -> None:
    with pytest.raises(mc.BakingError):
        baking.bake_png(baking.minimal_png(), "not a jws")
    with pytest.raises(mc.BakingError):
        baking.bake_png(baking.minimal_png(), 42)  # type: ignore[arg-type]
    with pytest.raises(mc.BakingError):
        baking.bake_png("not bytes", CRED)  # type: ignore[arg-type]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(), json_values, max_size=6))
def test_round_trip_any_json_object_png_and_svg(extra: dict[str, Any]) -> None:
    """Baking either round-trips, or refuses what the reader would refuse (e.g. an integer
    longer than the JSON number limit): never an image that cannot be read back."""
    cred = {**CRED, **extra}
    try:
        mc.jsonld.parse_json(json.dumps(cred))
    except mc.InvalidJsonError:
        with pytest.raises(mc.BakingError, match="would not be readable"):
            baking.bake_png(baking.minimal_png(), cred)
        with pytest.raises(mc.BakingError, match="would not be readable"):
            baking.bake_svg(SVG_PLAIN, cred)
        return
    assert baking.unbake(baking.bake_png(baking.minimal_png(), cred)) == cred
    assert baking.unbake(baking.bake_svg(SVG_PLAIN, cred)) == cred


def test_bake_refuses_what_unbake_would_refuse() -> None:
    cred = {**CRED, "n": 10 ** 70}  # the JSON reader's limit: numbers of at most 64 characters
    with pytest.raises(mc.BakingError, match="64 characters"):
        baking.bake_png(baking.minimal_png(), cred)


# -- SVG ---------------------------------------------------------------------------------------

SVG_PLAIN = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
             b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
             b'<circle cx="5" cy="5" r="4" fill="#f80"/></svg>\n')


def test_svg_jws_shape_per_spec() -> None:
    baked = baking.bake_svg(SVG_PLAIN, JWS)
    # docformat.md: xmlns:openbadges on <svg>, then directly after the <svg> tag
    # <openbadges:credential verify="header.payload.signature"></openbadges:credential>
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert (b'viewBox="0 0 10 10"><openbadges:credential verify="' + JWS.encode()
            + b'"></openbadges:credential><circle') in baked
    assert baking.unbake(baked) == JWS


def test_svg_json_in_cdata_survives_cdata_terminator() -> None:
    baked = baking.bake_svg(SVG_PLAIN, CRED)
    assert b"<openbadges:credential><![CDATA[" in baked
    assert baking.unbake(baked) == CRED  # the issuer name contains "]]>"


def test_spec_example_svg_is_read() -> None:
    # Shape of the example in ob_v3p0/docformat.md (embedded-proof variant).
    cred = {**CRED, "issuer": "https://example.com/issuers/876543"}
    svg = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<svg xmlns="http://www.w3.org/2000/svg" '
           'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" viewBox="0 0 512 512">\n'
           '  <openbadges:credential>\n    <![CDATA[\n' + json.dumps(cred, indent=2)
           + '\n    ]]>\n  </openbadges:credential>\n  <g></g>\n</svg>').encode()
    assert baking.unbake(svg) == cred
    with pytest.raises(mc.BakingError, match="replace"):
        baking.bake_svg(svg, JWS)
    replaced = baking.bake_svg(svg, JWS, replace=True)
    assert baking.unbake(replaced) == JWS
    assert replaced.count(b"xmlns:openbadges") == 1


def test_svg_prefixed_and_self_closing_roots() -> None:
    prefixed = b'<s:svg xmlns:s="http://www.w3.org/2000/svg" width="1"/>'
    baked = baking.bake_svg(prefixed, CRED)
    assert baked.startswith(b'<s:svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"')
    assert baked.endswith(b"</s:svg>")
    assert baking.unbake(baked) == CRED


@pytest.mark.parametrize("svg, match", [
    (b'<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg">&xxe;</svg>', "refused"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>', "refused"),
    (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
     b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY x "y">]>'
     b'<svg xmlns="http://www.w3.org/2000/svg"/>', "internal subset"),
    (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://example.org/evil.dtd">'
     b'<svg xmlns="http://www.w3.org/2000/svg">&nbsp;</svg>', "undeclared entity"),
    (b'<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg">'
     b'&xxe;</svg>', "undeclared entity"),
    (b'<!DOCTYPE svg []><svg xmlns="http://www.w3.org/2000/svg"/>', "internal subset"),
    (b'<svg xmlns="http://www.w3.org/2000/svg">&undefined;</svg>', "well-formed"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', "well-formed"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "not an SVG"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "no <openbadges:credential>"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
     b'<openbadges:assertion verify="https://example.org/a"/></svg>', "2.0"),
    ('<svg xmlns="http://www.w3.org/2000/svg">é</svg>'.encode("latin-1"), "UTF-8"),
])
def test_svg_refusals(svg: bytes, match: str) -> None:
    with pytest.raises(mc.BakingError, match=match):
        baking.unbake_svg(svg)


def test_svg_two_credentials_and_conflicting_prefix() -> None:
    el = f'<openbadges:credential verify="{JWS}"/>'
    two = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{baking.OB3_SVG_NAMESPACE}">'
           f'{el}{el}</svg>').encode()
    with pytest.raises(mc.BakingError, match="exactly one"):
        baking.unbake(two)
    assert baking.unbake(two[: two.index(b"<openbadges")] + el.encode() + b"</svg>") == JWS
    clash = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://other"/>'
    with pytest.raises(mc.BakingError, match="prefix"):
        baking.bake_svg(clash, CRED)
    # a credential element in another namespace is not an OB 3.0 credential
    other = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="http://other"><o:credential/></svg>'
    with pytest.raises(mc.BakingError, match="no <openbadges"):
        baking.unbake(other)


def test_format_detection() -> None:
    assert baking.image_format(baking.minimal_png()) == "png"
    assert baking.image_format(b"\xef\xbb\xbf  <svg/>") == "svg"
    with pytest.raises(mc.BakingError):
        baking.image_format(b"GIF89a")


def test_unicode_edge_cases() -> None:
    odd = {**CRED, "name": "a\ufffeb\uffffc\u0000d\u2028e😀"}
    for image in (baking.minimal_png(), SVG_PLAIN):
        assert baking.unbake(baking.bake(image, odd)) == odd
    with pytest.raises(mc.BakingError, match="surrogate"):
        baking.bake_png(baking.minimal_png(), {**CRED, "name": "\ud800"})


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=40))
def test_any_text_value_round_trips_in_svg(value: str) -> None:
    cred = {**CRED, "name": value}
    assert baking.unbake(baking.bake_svg(SVG_PLAIN, cred)) == cred


# -- images as they are made: DOCTYPE lines, encodings, Latin-1 PNG text chunks ----------------

DOCTYPE = (b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n')


@pytest.mark.parametrize("doctype", [
    DOCTYPE,
    b'<!DOCTYPE svg SYSTEM "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
    b"<!DOCTYPE svg>",
])
def test_svg_doctype_without_internal_subset_is_accepted(doctype: bytes) -> None:
    svg = (b'<?xml version="1.0" encoding="utf-8"?>\n' + doctype
           + b'<svg xmlns="http://www.w3.org/2000/svg">&amp;&#x41;<g/></svg>')
    baked = baking.bake(svg, CRED)
    assert doctype in baked  # kept byte for byte
    assert baking.unbake(baked) == CRED
    assert baking.unbake(baking.bake(baked, JWS, replace=True)) == JWS


def test_real_1edtech_svgs_with_doctype_unbake() -> None:
    from pathlib import Path
    root = Path(__file__).resolve().parent / "vectors" / "real" / "1edtech-validator" / "ob30"
    json_svg = baking.unbake((root / "simple-json.svg").read_bytes())
    assert isinstance(json_svg, dict) and "OpenBadgeCredential" in json_svg["type"]
    for name in ("simple-jwt.svg", "simple-jwt_v1.svg"):
        token = baking.unbake((root / name).read_bytes())
        assert isinstance(token, str) and token.count(".") == 2
    assert baking.unbake((root / "simple-json.png").read_bytes()) == json_svg


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "us-ascii", "windows-1252", "Shift_JIS"])
def test_svg_declaring_an_ascii_compatible_encoding_reads_when_unambiguous(
        encoding: str) -> None:
    svg = (f'<?xml version="1.0" encoding="{encoding}"?>'
           '<svg xmlns="http://www.w3.org/2000/svg"/>').encode("ascii")
    baked = baking.bake_svg(svg, CRED)  # CRED has non-ASCII text: written as \u escapes
    assert baked.isascii()
    assert baking.unbake(baked) == CRED


@pytest.mark.parametrize(("svg", "encoding"), [
    ('<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg">'
     'é</svg>'.encode("latin-1"), "ISO-8859-1"),
    # valid UTF-8 bytes that a Latin-1 reader would read as other text
    ('<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg">'
     'é</svg>'.encode(), "ISO-8859-1"),
    ('<?xml version="1.0" encoding="UTF-16"?><svg xmlns="http://www.w3.org/2000/svg"/>'
     .encode("utf-16"), "UTF-16"),
    (b'<?xml version="1.0" encoding="x-unknown-7"?>'
     b'<svg xmlns="http://www.w3.org/2000/svg"/>', "x-unknown-7"),
    ('<svg xmlns="http://www.w3.org/2000/svg">é</svg>'.encode("latin-1"), "unknown"),
])
def test_svg_encoding_that_readers_would_disagree_on_is_refused(svg: bytes,
                                                                 encoding: str) -> None:
    with pytest.raises(mc.UnsupportedEncodingError) as info:
        baking.unbake(svg)
    assert info.value.encoding == encoding
    assert "UTF-8" in str(info.value) and "エンコーディング" in str(info.value)
    with pytest.raises(mc.BakingError):
        baking.bake_svg(svg, CRED)


@pytest.mark.parametrize("ctype", [b"tEXt", b"zTXt"])
def test_png_latin1_text_chunk_with_the_credential_keyword_is_refused(ctype: bytes) -> None:
    text = json.dumps(CRED).encode("latin-1", "replace")
    data = (b"openbadgecredential\0" + text if ctype == b"tEXt"
            else b"openbadgecredential\0\0" + zlib.compress(text))
    png = baking.minimal_png()
    alone = png[:-12] + chunk(ctype, data) + png[-12:]
    with pytest.raises(mc.BakingError, match=ctype.decode() + ".*refused, not ignored"):
        baking.unbake(alone)
    # next to a valid iTXt chunk it is still refused: two verifiers could read two credentials
    both = baking.bake_png(png, CRED)
    both = both[:-12] + chunk(ctype, data) + both[-12:]
    with pytest.raises(mc.BakingError, match="iTXt"):
        baking.unbake(both)
    with pytest.raises(mc.BakingError, match="replace=True"):
        baking.bake_png(alone, CRED)
    rebaked = baking.bake_png(both, JWS, replace=True)  # replacing removes every candidate
    assert ctype not in chunk_types(rebaked) and baking.unbake(rebaked) == JWS
    other = png[:-12] + chunk(ctype, b"Comment\0made with a tool") + png[-12:]
    assert baking.unbake(baking.bake_png(other, CRED)) == CRED  # other keywords are fine


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(encoding=st.sampled_from(["ISO-8859-1", "windows-1252", "US-ASCII", "utf-8", "UTF8"]),
       name=st.text(max_size=12), jwt=st.booleans())
def test_svg_declared_encodings_round_trip_or_refuse_never_misread(
        encoding: str, name: str, jwt: bool) -> None:
    svg = (f'<?xml version="1.0" encoding="{encoding}"?>'
           '<svg xmlns="http://www.w3.org/2000/svg"/>').encode("ascii")
    credential: dict[str, Any] | str = JWS if jwt else {**CRED, "name": name}
    try:
        baked = baking.bake_svg(svg, credential)
    except mc.BakingError:
        return  # e.g. a name with characters XML cannot carry
    assert baking.unbake(baked) == credential
    if encoding.lower() not in ("utf-8", "utf8"):
        assert baked.isascii()
