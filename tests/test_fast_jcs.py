"""Differential tests: the fast JCS path against microcred.jsonld.jcs (RFC 8785).

The oracle is microcred's own RFC 8785 implementation, itself tested on RFC 8785's number and
ordering cases (tests/test_jcs.py); here every value the fast path answers must give the same
bytes, and the RFC 8785 appendix examples must be reproduced.  Every test runs with both
encoders behind the fast path: orjson (the default when installed) and the standard library's.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.jsonld import _fast_jcs, jcs
from microcred.jsonld._fast_jcs import fast_jcs

try:
    import orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the fallback is tested anyway
    orjson = None

ENCODERS = ["json", pytest.param("orjson", marks=pytest.mark.skipif(
    orjson is None, reason="orjson is not installed"))]


@pytest.fixture(scope="module", params=ENCODERS, autouse=True)
def jcs_encoder(request: pytest.FixtureRequest) -> Any:
    """Run the module once per encoder, then restore the default choice."""
    before = _fast_jcs.encoder()
    assert _fast_jcs.encoder(request.param) == request.param
    yield request.param
    _fast_jcs.encoder(before)

_numbers = st.one_of(
    st.integers(-(2**60), 2**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1.0, 2.0, 1e-4, 9.999e-5, 1e16, 1e15 + 0.5, 1e21, 5e-324,
                     0.1, 1 / 3, 123456789.123, 2.0**53, -(2.0**53) + 1]),
)
_text = st.text(st.characters(), max_size=8)
_keys = st.one_of(_text, st.sampled_from(["@context", "a", "b", "\u20ac", "\U0001f600",
                                          "\ue000", "é"]))
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), _numbers, _text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_fast_jcs_equals_jcs(value: Any) -> None:
    fast = fast_jcs(value)
    if fast is None:
        return
    assert fast == jcs(value)


def test_fast_jcs_answers_typical_credentials() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import workloads

    for doc in (workloads.typical(1), workloads.large(2)):
        fast = fast_jcs(doc)
        assert fast is not None and fast == jcs(doc)


def test_declines_what_needs_the_general_algorithm() -> None:
    for value in ({"x": 1e-7}, {"x": 1e21}, {"x": 2**53}, {"\U0001f600": 1, "\ue000": 2},
                  {"x": math.nan}, {"x": "\ud800"}, {"x": (1, 2)}):
        assert fast_jcs(value) is None


def test_rfc8785_appendix_example() -> None:
    """RFC 8785 §3.2.3 sorting example keys and §3.2.2 string escapes."""
    value = json.loads('{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", '
                       '"\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", '
                       '"\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}')
    assert fast_jcs(value) == jcs(value)
    assert fast_jcs({"s": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/"}) == (
        '{"s":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'.encode())


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_keys, json_values, max_size=5))
def test_signing_copy_walk_readiness_equals_jcs(value: dict[str, Any]) -> None:
    """The signing copy walk's "ready" verdict: the C encoder's bytes of the copy, without
    the conversion walk, equal the general JCS (or both refuse: lone surrogates)."""
    from microcred import InvalidJsonError, SigningError
    from microcred._di.proofs import _copy_checked
    from microcred.jsonld._fast_jcs import encode_ready

    try:
        copy, ready = _copy_checked(value)
    except SigningError:  # NaN, infinities: not JSON, refused before any JCS
        return
    assert copy == value
    if not ready:
        return
    fast = encode_ready(copy)
    if fast is None:
        with pytest.raises(InvalidJsonError):
            jcs(copy)
    else:
        assert fast == jcs(copy)
        assert fast == fast_jcs(copy)


def test_signing_copy_walk_finds_what_needs_the_general_algorithm() -> None:
    from microcred._di.proofs import _copy_checked

    for value in ({"x": 1e-7}, {"x": 2.0}, {"x": [1e21]}, {"x": {"y": 2**53}},
                  {"\U0001f600": 1}, {"x": [{"\U0001f600": 1}]}):
        assert _copy_checked(value)[1] is False
    for value in ({"x": 0.5, "y": [1, -(2**53) + 1, "\U0001f600"]}, {"\ue000": True}):
        assert _copy_checked(value)[1] is True


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_keys, json_values, max_size=5))
def test_read_back_equals_jcs(value: dict[str, Any]) -> None:
    """The verifier's read-back (C encoder, no conversion walk): the bytes are the general
    JCS and the parsed-back value is what those bytes say, whenever it answers."""
    from microcred.jsonld._fast_jcs import read_back

    got = read_back(value)
    if got is None:
        return
    data, back = got
    assert data == jcs(value)
    assert back == json.loads(data) and back == value


def test_read_back_declines_what_the_encoder_would_change() -> None:
    from microcred.jsonld._fast_jcs import read_back

    for value in ({"x": 2.0}, {"x": -0.0}, {"x": 1e-7}, {"x": 2**53}, {"x": [1e16]},
                  {"\U0001f600": 1, "\ue000": 2}, {"x": "\U0001f600"}, {"x": (1, 2)},
                  {"x": {1: "a"}}, {"x": {None: "a"}}, {"x": math.nan}, {"x": "\ud800"},
                  {"x": {True: 1}}):
        assert read_back(value) is None, value
    value = {"b": [0.5, -(2**53) + 1, True, None], "a": {"é": "日本語\n"}}
    got = read_back(value)
    assert got is not None and got[0] == jcs(value) and got[1] == value


def test_default_encoder_is_orjson_when_installed() -> None:
    import subprocess
    import sys

    code = "from microcred.jsonld import _fast_jcs; print(_fast_jcs.encoder())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ("json" if orjson is None else "orjson")
    with pytest.raises(ValueError, match="unknown JCS encoder"):
        _fast_jcs.encoder("simdjson")


@pytest.mark.skipif(orjson is None, reason="orjson is not installed")
def test_orjson_writes_what_the_stdlib_encoder_writes_for_every_bmp_character() -> None:
    """Strings and keys: every character of the Basic Multilingual Plane but the surrogates,
    alone and with neighbours that sort around it (the escapes of RFC 8785 §3.2.2.2 and the
    code point order of §3.2.3)."""
    from microcred.jsonld._fast_jcs import _orjson_encoder, _stdlib_encode

    fast = _orjson_encoder()
    assert fast is not None
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    for n in range(0, len(chars), 512):
        chunk = chars[n:n + 512]
        strings = {"s": chunk, "joined": "".join(chunk)}
        keys = {c: i for i, c in enumerate(chunk)} | {"a": 0, "\u00e9": 1, "\uffff": 2}
        for value in (strings, keys):
            assert fast(value) == _stdlib_encode(value) == jcs(value)


@pytest.mark.skipif(orjson is None, reason="orjson is not installed")
@settings(max_examples=3000, deadline=None)
@given(st.floats(min_value=1e-4, max_value=1e16, exclude_max=True)
       | st.floats(min_value=-1e16, max_value=-1e-4, exclude_min=True))
def test_orjson_prints_ready_floats_as_ecmascript(value: float) -> None:
    """In the range the fast path answers, orjson, the C encoder and RFC 8785 agree."""
    from microcred.jsonld._fast_jcs import _orjson_encoder, _stdlib_encode, jcs_ready_float

    fast = _orjson_encoder()
    assert fast is not None
    if jcs_ready_float(value):
        assert fast([value]) == _stdlib_encode([value]) == jcs([value])


def test_the_encoder_refuses_what_it_would_convert() -> None:
    """Values that are not plain JSON are refused (or read back unequal): the fast path
    declines and the general JCS decides, whichever encoder is in use."""
    import dataclasses
    import datetime
    import enum
    import uuid

    from microcred.jsonld._fast_jcs import _encode, encode_ready, read_back

    class Colour(str, enum.Enum):
        RED = "red"

    @dataclasses.dataclass
    class Point:
        x: int

    odd: list[Any] = [datetime.datetime(2025, 1, 1), Point(1), uuid.UUID(int=1), 2**53 + 1,
                      2**70, math.inf, (1, 2), {1, 2}, b"x"]
    for item in odd:
        assert fast_jcs({"x": item}) is None, item
        assert read_back({"x": item}) is None, item
    for item in (datetime.datetime(2025, 1, 1), Point(1), {1, 2}, b"x"):
        with pytest.raises((TypeError, ValueError)):
            _encode({"x": item})
        assert encode_ready({"x": item}) is None
    # a str enum member is a str: where the fast path answers, it answers what JCS says
    got = read_back({"x": Colour.RED})
    assert got is None or got[0] == jcs({"x": Colour.RED}) == b'{"x":"red"}'
