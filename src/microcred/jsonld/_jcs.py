"""RFC 8785 JSON Canonicalization Scheme (JCS).

Numbers are serialised like ECMAScript ``Number.prototype.toString`` (RFC 8785 §3.2.2.3),
strings like ECMAScript ``JSON.stringify`` (§3.2.2.2), and object members are sorted by the
UTF-16 code units of their names (§3.2.3).
"""

from __future__ import annotations

import math
from typing import Any

from .._errors import InvalidJsonError

__all__ = ["jcs", "jcs_number"]

_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
for _c in range(0x20):
    _ESCAPES.setdefault(chr(_c), f"\\u{_c:04x}")
_ESCAPE_TABLE = str.maketrans(_ESCAPES)

#: Largest integer magnitude that an IEEE 754 double holds exactly together with its neighbours.
_MAX_SAFE = 2**53


def jcs_number(value: float | int) -> str:
    """Serialise a number as ECMAScript ``Number.prototype.toString`` does (RFC 8785 §3.2.2.3).

    Python ``int`` values must be exactly representable as an IEEE 754 double; NaN and the
    infinities are rejected with :class:`~microcred.InvalidJsonError`.
    """
    if isinstance(value, bool):  # pragma: no cover - guarded by the caller
        raise InvalidJsonError("a boolean is not a number")
    if isinstance(value, int):
        if abs(value) > _MAX_SAFE:
            try:
                as_float = float(value)
            except OverflowError:
                raise InvalidJsonError(f"integer {value} is outside the IEEE 754 range") from None
            text = jcs_number(as_float)
            # Accept the integer when it is the double's value or the double's ECMAScript
            # text; anything else would be silently rounded by JSON.parse.
            if int(as_float) != value and text != str(value):
                raise InvalidJsonError(
                    f"integer {value} is not exactly representable as an IEEE 754 double "
                    "(RFC 8785 §3.2.2.3)")
            return text
        else:
            return str(value)
    if not math.isfinite(value):
        raise InvalidJsonError(f"{value!r} is not a JSON number (RFC 8785 §3.2.2.3)")
    if value == 0:
        return "0"  # also for -0
    sign = "-" if value < 0 else ""
    # repr() yields the shortest digit string that round-trips (as ECMAScript requires).
    text = repr(abs(value))
    mantissa, _, exp_text = text.partition("e")
    int_part, _, frac_part = mantissa.partition(".")
    if frac_part == "0":
        frac_part = ""
    digits = (int_part + frac_part).lstrip("0")
    # value = 0.<digits> * 10**n  (ECMA-262 Number::toString, with k = len(digits))
    n = len(int_part) + (int(exp_text) if exp_text else 0)
    if int_part == "0":  # 0.000ddd: the leading zeros of the fraction lower the exponent
        n = -(len(frac_part) - len(frac_part.lstrip("0"))) + (int(exp_text) if exp_text else 0)
    digits = digits.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        exp = f"e{'+' if e >= 0 else '-'}{abs(e)}"
        out = digits + exp if k == 1 else digits[0] + "." + digits[1:] + exp
    return sign + out


def _string(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidJsonError(
            "string contains a lone surrogate and cannot be canonicalised (RFC 8785 §3.2.2.2)"
        ) from None
    return '"' + value.translate(_ESCAPE_TABLE) + '"'


def _utf16_key(name: str) -> bytes:
    return name.encode("utf-16-be", "surrogatepass")


def _serialise(value: Any, out: list[str], depth: int, path: str) -> None:
    if depth > 1000:
        raise InvalidJsonError(f"value nested too deeply at {path}")
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_string(value))
    elif isinstance(value, (int, float)):
        try:
            out.append(jcs_number(value))
        except InvalidJsonError as exc:
            raise InvalidJsonError(f"{exc} at {path}") from None
    elif isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise InvalidJsonError(f"object key {key!r} at {path} is not a string")
        out.append("{")
        first = True
        for key in sorted(value, key=_utf16_key):
            if not first:
                out.append(",")
            first = False
            out.append(_string(key))
            out.append(":")
            _serialise(value[key], out, depth + 1, f"{path}.{key}")
        out.append("}")
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _serialise(item, out, depth + 1, f"{path}[{i}]")
        out.append("]")
    else:
        raise InvalidJsonError(f"{type(value).__name__} at {path} is not a JSON value")


def jcs(value: Any) -> bytes:
    """Return the RFC 8785 (JCS) canonical UTF-8 bytes of a JSON value.

    ``value`` is made of ``dict`` (string keys), ``list``/``tuple``, ``str``, ``int``,
    ``float``, ``bool`` and ``None``.  NaN, infinities, integers that an IEEE 754 double
    cannot hold exactly, lone surrogates and non-JSON types raise
    :class:`~microcred.InvalidJsonError`.

    >>> jcs({"b": [1.0, 2.5e-7, 1e21], "a": "€\\n"})
    b'{"a":"\\xe2\\x82\\xac\\\\n","b":[1,2.5e-7,1e+21]}'
    """
    out: list[str] = []
    _serialise(value, out, 0, "$")
    return "".join(out).encode("utf-8")
