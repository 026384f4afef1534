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

The encoder is `orjson <https://github.com/ijl/orjson>`_ when it is installed (a dependency;
12-14x faster than the C encoder of ``json`` from 1 KB to 1 MB) and the standard library's
C encoder otherwise.  On the values this module hands it (exact JSON types, keys and strings
without surrogates, numbers as above) both write the same bytes: every BMP character as a
string and as a key, key order, and the floats of the range above are checked against each
other in ``tests/test_fast_jcs.py``.  orjson is told to refuse what it would otherwise
convert (integers beyond 2**53, subclasses, dates, dataclasses), so anything unusual still
declines; :func:`read_back` also checks the text of every number it reads back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

__all__ = ["encode_ready", "encoder", "fast_jcs", "jcs_key_ok", "jcs_ready_float", "read_back"]

_MAX_SAFE = 2**53
_DUMPS = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False, check_circular=False).encode


def _stdlib_encode(value: Any) -> bytes:
    """Sorted-key compact JSON through the standard library's C encoder, as UTF-8."""
    text: str = _DUMPS(value)
    return text.encode("utf-8")


def _orjson_encoder() -> Callable[[Any], bytes] | None:
    """orjson's ``dumps`` with sorted keys, refusing what it would silently convert; ``None``
    when orjson is not installed."""
    try:
        import orjson
    except ImportError:
        return None
    dumps = orjson.dumps
    option = (orjson.OPT_SORT_KEYS | orjson.OPT_STRICT_INTEGER | orjson.OPT_PASSTHROUGH_SUBCLASS
              | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)

    def encode(value: Any) -> bytes:
        out: bytes = dumps(value, option=option)
        return out

    return encode


#: the encoder in use and its name, chosen on first use (orjson is imported only then)
_ENCODER: list[Callable[[Any], bytes]] = []
_ENCODER_NAME: list[str] = []


def _choose(name: str | None = None) -> Callable[[Any], bytes]:
    """Select the encoder: ``"orjson"``, ``"json"`` or ``None`` (orjson when installed)."""
    if name not in (None, "orjson", "json"):
        raise ValueError(f"unknown JCS encoder {name!r}")
    fast = None if name == "json" else _orjson_encoder()
    if name == "orjson" and fast is None:
        raise ValueError("orjson is not installed")
    chosen, label = (fast, "orjson") if fast is not None else (_stdlib_encode, "json")
    _ENCODER[:] = [chosen]
    _ENCODER_NAME[:] = [label]
    return chosen


def _encode(value: Any) -> bytes:
    """Sorted-key compact UTF-8 JSON of ``value`` with the chosen encoder (raises
    ``TypeError``, ``ValueError``, ``UnicodeEncodeError`` or ``RecursionError`` where the
    value is not plain JSON)."""
    fn = _ENCODER[0] if _ENCODER else _choose()
    return fn(value)


def encoder(name: str | None = None) -> str:
    """The JSON encoder behind the JCS fast path: ``"orjson"`` or ``"json"`` (the standard
    library's).  With ``name``, select it first (``None`` as a name is not a selection; tests
    and benchmarks use ``"json"`` to measure or check the fallback)."""
    if name is not None:
        _choose(name)
    elif not _ENCODER:
        _choose()
    return _ENCODER_NAME[0]
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
        return _encode(value)
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
    # (an integral float prints "2.0": JCS wants "2"); in the ready range ECMAScript prints
    # the shortest round-trip digits in fixed notation, which is Python's repr there
    if not jcs_ready_float(value) or token != repr(value):
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
        data = _encode(value)
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
        return _encode(_convert(value, 0))
    except (_Unsuitable, UnicodeEncodeError, ValueError, TypeError, RecursionError):
        return None
