"""Fast RFC 8785 (JCS) for the common case, through the C JSON encoder.

``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` *is* the JSON
Canonicalization Scheme when:

* every object key sorts the same by code point as by UTF-16 code unit (no key character
  above U+FFFF, no surrogate code points);
* every number prints the same as ECMAScript's ``Number.prototype.toString``: integers (and
  integral floats, printed without ``.0``) of magnitude below 2**53, and non-integral floats of
  magnitude in [1e-4, 1e16) where Python's shortest round-trip ``repr`` and ECMAScript's agree
  on fixed notation;
* strings are well-formed Unicode (no lone surrogates): the C encoder escapes exactly what
  ECMAScript's ``JSON.stringify`` escapes (``"`` ``\\`` and U+0000–U+001F, with ``\\b \\f \\n
  \\r \\t`` short forms and lowercase ``\\u00xx``).

Anything else returns ``None`` and the caller uses :func:`microcred.jsonld.jcs`, which also
raises the proper errors (NaN, lone surrogates, ...).  ``tests/test_fast_jcs.py`` checks
equality with :func:`microcred.jsonld.jcs` on generated JSON.
"""

from __future__ import annotations

import json
from typing import Any, Final

__all__ = ["encode_ready", "fast_jcs", "jcs_key_ok", "jcs_ready_float", "read_back"]

_MAX_SAFE = 2**53
_DUMPS = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False, check_circular=False).encode
_MAX_DEPTH = 200
#: The first surrogate code point, built with ``chr`` because mypyc (the optional accelerator,
#: ``python -m microcred._accelerate``) refuses string literals holding a lone surrogate.
_SURROGATE_MIN: Final = chr(0xD800)


class _Unsuitable(Exception):
    """Internal: the value needs the general JCS implementation."""


def _bmp_key(key: str) -> bool:
    """No surrogate code points and nothing above U+FFFF: UTF-16 order = code point order."""
    return all(c < _SURROGATE_MIN or "\ue000" <= c <= "\uffff" for c in key)


_OK_KEYS: set[str] = set()  # keys already checked (bounded memo)


def _check_key(k: Any) -> None:
    if k in _OK_KEYS:
        return
    if type(k) is not str or (k and max(k) >= _SURROGATE_MIN and not _bmp_key(k)):
        raise _Unsuitable
    if len(_OK_KEYS) >= 10_000:
        _OK_KEYS.clear()
    _OK_KEYS.add(k)


def jcs_key_ok(k: str) -> bool:
    """Whether the string ``k`` sorts the same by code point as by UTF-16 code unit (kept in a
    bounded memo when it does)."""
    try:
        _check_key(k)
    except _Unsuitable:
        return False
    return True


def jcs_ready_float(value: float) -> bool:
    """Whether the finite float ``value`` prints as ECMAScript prints it, as it is (not
    integral, magnitude in [1e-4, 1e16)); integral floats must become ints first."""
    return not value.is_integer() and 1e-4 <= abs(value) < 1e16


def encode_ready(value: Any) -> bytes | None:
    """RFC 8785 JCS of a value already known to be *ready*: exact JSON types, string keys
    accepted by :func:`jcs_key_ok`, integers within ±2**53, finite floats accepted by
    :func:`jcs_ready_float` (what :func:`_convert` returns unchanged). No walk of its own;
    ``None`` for lone surrogates (the general JCS reports them). ``tests/test_fast_jcs.py``
    holds it equal to :func:`microcred.jsonld.jcs`."""
    try:
        text: str = _DUMPS(value)
        return text.encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError, RecursionError):
        return None


def _convert(value: Any, depth: int) -> Any:
    """``value`` with integral floats as ints (a new object only where something changed).

    Exact types only (``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``);
    anything else (subclasses, tuples, ...) goes to the general implementation.
    """
    t = type(value)
    if t is str or t is bool or value is None:
        return value
    if t is dict:
        if depth > _MAX_DEPTH:
            raise _Unsuitable
        out: dict[str, Any] | None = None
        for k, v in value.items():
            if k not in _OK_KEYS:  # (the memo test inline: most keys recur)
                _check_key(k)
            tv = type(v)
            if tv is str or tv is bool or v is None:
                continue
            c = _convert(v, depth + 1)
            if c is not v:
                if out is None:
                    out = dict(value)
                out[k] = c
        return value if out is None else out
    if t is list:
        if depth > _MAX_DEPTH:
            raise _Unsuitable
        lst: list[Any] | None = None
        for i, v in enumerate(value):
            tv = type(v)
            if tv is str or tv is bool or v is None:
                continue
            c = _convert(v, depth + 1)
            if c is not v:
                if lst is None:
                    lst = list(value)
                lst[i] = c
        return value if lst is None else lst
    if t is int:
        if -_MAX_SAFE < value < _MAX_SAFE:
            return value
        raise _Unsuitable
    if t is float:
        if value.is_integer():
            if -_MAX_SAFE < value < _MAX_SAFE:
                return int(value)
            raise _Unsuitable
        if 1e-4 <= abs(value) < 1e16:  # NaN and infinities fail this test
            return value
        raise _Unsuitable
    raise _Unsuitable


def _float_token(token: str) -> float:
    value = float(token)
    if not jcs_ready_float(value):  # (an integral float prints "2.0": JCS wants "2")
        raise _Unsuitable
    return value


def _int_token(token: str) -> int:
    value = int(token)
    if not -_MAX_SAFE < value < _MAX_SAFE:
        raise _Unsuitable
    return value


#: UTF-8 lead bytes of characters above U+FFFF (where UTF-16 and code point order differ)
_ASTRAL_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")


def read_back(value: dict[str, Any]) -> tuple[bytes, dict[str, Any]] | None:
    """(RFC 8785 JCS of ``value``, the JSON parsed back from those bytes), without a walk in
    Python, or ``None`` (then :func:`fast_jcs` and the general JCS decide).

    The C encoder serialises ``value`` as it is; the bytes are JCS when every number prints as
    ECMAScript prints it (checked token by token while parsing back: integral floats, ints
    beyond ±2**53 and exponent forms decline), no key can sort differently by UTF-16 code
    units (nothing above U+FFFF anywhere in the bytes) and the parsed-back value equals
    ``value`` (a non-string key, which the encoder would turn into a string, a tuple, ...
    make them differ). Used where the parsed-back value is needed anyway (a verifier reads
    exactly the signed content); ``tests/test_fast_jcs.py`` holds it equal to
    :func:`microcred.jsonld.jcs`.
    """
    try:
        data = _DUMPS(value).encode("utf-8")
    except (UnicodeEncodeError, ValueError, TypeError, RecursionError):
        return None
    for lead in _ASTRAL_LEADS:
        if lead in data:
            return None
    try:
        back = json.loads(data, parse_float=_float_token, parse_int=_int_token)
    except (_Unsuitable, ValueError, RecursionError):
        return None
    if type(back) is not dict or back != value:
        return None
    return data, back


def fast_jcs(value: Any) -> bytes | None:
    """RFC 8785 canonical JSON of ``value`` as UTF-8, or ``None`` when the fast path declines."""
    try:
        text: str = _DUMPS(_convert(value, 0))
        return text.encode("utf-8")
    except (_Unsuitable, UnicodeEncodeError, ValueError, TypeError, RecursionError):
        return None
