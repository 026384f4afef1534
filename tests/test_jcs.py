"""RFC 8785 (JCS) and strict JSON parsing.

Expected values are copied from RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785):
Appendix B (number serialisation samples), §3.2.2 (sample canonicalisation) and
§3.2.3 (sorting of object member names).
"""

from __future__ import annotations

import json
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred
from microcred.jsonld import jcs, jcs_number, parse_json

# RFC 8785 Appendix B: IEEE 754 bit pattern -> ECMAScript serialisation.
RFC8785_NUMBERS = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]


def _double(bits: str) -> float:
    return float(struct.unpack(">d", bytes.fromhex(bits))[0])


@pytest.mark.parametrize(("bits", "expected"), RFC8785_NUMBERS)
def test_rfc8785_number_samples(bits: str, expected: str) -> None:
    assert jcs_number(_double(bits)) == expected
    assert jcs(_double(bits)) == expected.encode()


@pytest.mark.parametrize("bits", ["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"])
def test_rfc8785_nan_and_infinity_rejected(bits: str) -> None:
    with pytest.raises(microcred.InvalidJsonError):
        jcs([_double(bits)])


def test_rfc8785_sample_canonicalisation() -> None:
    # RFC 8785 §3.2.2: input text and its canonical form.
    text = (
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        ' "literals": [null, true, false]}'
    )
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert jcs(parse_json(text)) == expected.encode("utf-8")


def test_rfc8785_member_sorting() -> None:
    # RFC 8785 §3.2.3: names sorted by UTF-16 code units (the emoji's surrogates sort
    # before U+FB33 although its code point is larger).
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    out = json.loads(jcs(value))
    assert list(out.values()) == [
        "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis",
        "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh",
    ]


def test_integers() -> None:
    # ECMAScript prints 2**60 with 17 significant digits: 1152921504606847000.
    assert jcs([0, -1, 2**53, 2**60]) == b"[0,-1,9007199254740992,1152921504606847000]"
    # An integer whose text is exactly the ECMAScript form of its nearest double is kept.
    assert jcs(35737776157445630) == b"35737776157445630"
    with pytest.raises(microcred.InvalidJsonError):
        jcs(2**53 + 1)  # JSON.parse would silently round it to ...992: refuse
    with pytest.raises(microcred.InvalidJsonError):
        jcs(2**60 + 1)
    with pytest.raises(microcred.InvalidJsonError):
        jcs(10**400)


@pytest.mark.parametrize("bad", [{1: "x"}, {"a": {1, 2}}, "\ud800", {"\udc00": 1}, b"bytes"])
def test_non_json_values_rejected(bad: object) -> None:
    with pytest.raises(microcred.InvalidJsonError):
        jcs(bad)


def _numbers_as_floats(value: object) -> object:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return {k: _numbers_as_floats(v) for k, v in value.items()}
    assert isinstance(value, list)
    return [_numbers_as_floats(v) for v in value]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_jcs_round_trips_and_is_idempotent(value: object) -> None:
    out = jcs(value)
    again = json.loads(out)
    assert _numbers_as_floats(again) == _numbers_as_floats(value)
    assert jcs(again) == out
    assert jcs(parse_json(out)) == out


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_round_trips_exactly(x: float) -> None:
    text = jcs_number(x)
    assert float(text) == x
    # ECMAScript never uses a leading '+' or an upper-case exponent and drops ".0".
    assert "E" not in text and not text.endswith(".0")
    assert ("e" in text) == (x != 0 and not 1e-6 <= abs(x) < 1e21)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=6), st.integers(0, 9), max_size=8))
def test_member_order_is_utf16_order(value: dict[str, int]) -> None:
    keys = list(json.loads(jcs(value)))
    assert keys == sorted(value, key=lambda k: [ord(c) for c in k.encode("utf-16-be").decode(
        "latin-1")])


# --- parse_json -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "[NaN]", "[Infinity]", "[-Infinity]", "[1e400]", '{"a": 1, "a": 2}',
    '{"x": {"id": 1, "id": 1}}', '["\\ud800"]', '{"\\udc00": 1}', "[1,]", "{'a': 1}", "",
    "[1] [2]", "0" * 5000 + "1",
])
def test_parse_json_rejects(text: str) -> None:
    with pytest.raises(microcred.InvalidJsonError):
        parse_json(text)


def test_parse_json_rejects_bad_bytes() -> None:
    with pytest.raises(microcred.InvalidJsonError):
        parse_json(b"\xef\xbb\xbf[1]")  # UTF-8 byte order mark
    with pytest.raises(microcred.InvalidJsonError):
        parse_json('["é"]'.encode("latin-1"))
    with pytest.raises(microcred.InvalidJsonError):
        parse_json('["x"]'.encode("utf-16"))
    assert parse_json('{"名前": "マイクロクレデンシャル"}'.encode()) == {
        "名前": "マイクロクレデンシャル"}


def test_parse_json_limits() -> None:
    assert parse_json("[" * 10 + "]" * 10, max_depth=10) == [[[[[[[[[[]]]]]]]]]]
    with pytest.raises(microcred.InvalidJsonError, match="deeper than 10"):
        parse_json("[" * 11 + "]" * 11, max_depth=10)
    with pytest.raises(microcred.InvalidJsonError):
        parse_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(microcred.InvalidJsonError, match="exceeds"):
        parse_json("[" + "1," * 100 + "1]", max_bytes=50)
    with pytest.raises(microcred.InvalidJsonError, match="exceeds"):
        parse_json(b"[" + b"1," * 100 + b"1]", max_bytes=50)
    assert issubclass(microcred.InvalidJsonError, ValueError)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_parse_json_agrees_with_json_module(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert parse_json(text) == json.loads(text)
