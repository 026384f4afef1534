"""Strict JSON parsing: RFC 8259 text, I-JSON-style restrictions, bounded size and depth."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from .._errors import InvalidJsonError, NumberLimitError

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_NUMBER_LENGTH", "number_problem",
           "parse_json"]

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")

#: Default maximum nesting depth of arrays and objects accepted by :func:`parse_json`.
DEFAULT_MAX_DEPTH = 100
#: Default maximum size (UTF-8 bytes) accepted by :func:`parse_json`.
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


#: Default maximum length (characters) of a JSON number token, and the digits of an integer
#: given as a Python value: bounds exact conversions (``Fraction``, ``Decimal``) and pyld's
#: number formatting before any work (a 401-digit integer made pyld raise OverflowError).
DEFAULT_MAX_NUMBER_LENGTH = 64


def _number_error(text: str, limit: int) -> NumberLimitError:
    return NumberLimitError(
        f"number {text[:24]}{'…' if len(text) > 24 else ''} is longer than {limit} characters "
        f"/ 数値が {limit} 文字を超えています")


def _reject_constant(name: str) -> Any:
    raise InvalidJsonError(
        f"{name} is not a JSON number (RFC 8259 §6) / {name} は JSON の数値ではありません")


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NumberLimitError(
            f"number {text[:40]} overflows an IEEE 754 double / "
            f"数値 {text[:40]} は倍精度浮動小数点の範囲外です")
    return value


def _bounded(convert: Any, limit: int) -> Any:
    def parse(text: str) -> Any:
        if len(text) > limit:
            raise _number_error(text, limit)
        return convert(text)
    return parse


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidJsonError(
                f"duplicate object key {key!r} / オブジェクトのキー {key!r} が重複しています")
        result[key] = value
    return result


def _check_tree(value: Any, max_depth: int, error: type[Exception] | None = None, *,
                strings: bool = True) -> None:
    """Check nesting depth (and, if ``strings``, reject lone surrogates) without recursion.

    A quick pass without paths runs first; only a failing value is walked again to name the
    path of the problem.
    """
    if not _quick_ok(value, max_depth, strings):
        _check_tree_with_paths(value, max_depth, error)


def _quick_ok(value: Any, max_depth: int, strings: bool) -> bool:
    if isinstance(value, str):
        return not strings or _utf8(value)
    if not isinstance(value, (dict, list)):
        return True
    stack: list[tuple[Any, int]] = [(value, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth >= max_depth:
            return False
        if isinstance(node, dict):
            if strings and not all(_utf8(key) for key in node):
                return False
            items: Any = node.values()
        else:
            items = node
        for item in items:
            if isinstance(item, (dict, list)):
                push((item, depth + 1))
            elif strings and isinstance(item, str) and not _utf8(item):
                return False
    return True


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_tree_with_paths(value: Any, max_depth: int, error: type[Exception] | None) -> None:
    stack: list[tuple[Any, int, str]] = [(value, 0, "$")]
    while stack:
        node, depth, path = stack.pop()
        if isinstance(node, str):
            _check_string(node, path)
        elif isinstance(node, dict):
            if depth >= max_depth:
                raise _deep(error, max_depth, path)
            for key, item in node.items():
                _check_string(key, path)
                stack.append((item, depth + 1, f"{path}.{key}"))
        elif isinstance(node, list):
            if depth >= max_depth:
                raise _deep(error, max_depth, path)
            stack.extend((item, depth + 1, f"{path}[{i}]") for i, item in enumerate(node))


def _deep(error: type[Exception] | None, max_depth: int, path: str) -> Exception:
    exc = _too_deep(max_depth, path)
    return exc if error is None else error(str(exc))


class _TooDeepError(InvalidJsonError):
    """Internal marker: the JSON text exceeded the depth limit."""


def _too_deep(max_depth: int, path: str) -> InvalidJsonError:
    if len(path) > 120:
        path = path[:60] + "..." + path[-60:]
    return _TooDeepError(
        f"JSON nested deeper than {max_depth} levels at {path} / "
        f"JSON の入れ子が {max_depth} 段を超えています ({path})")


def _check_string(text: str, path: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidJsonError(
            f"string at {path} contains a lone surrogate (RFC 7493 §2.1) / "
            f"{path} の文字列に対になっていないサロゲートがあります") from None


def number_problem(value: Any, max_length: int = DEFAULT_MAX_NUMBER_LENGTH) -> str | None:
    """A message naming the first number of ``value`` (a parsed JSON tree) that is out of
    bounds — an ``int`` with more than ``max_length`` digits, or a non-finite ``float`` — else
    None. Iterative; strings, keys and depth are left to the other checks."""
    bound = 10 ** max_length
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        t = type(node)
        if t is dict:
            for item in node.values():
                if type(item) in (dict, list, int, float):
                    push(item)
        elif t is list:
            for item in node:
                if type(item) in (dict, list, int, float):
                    push(item)
        elif t is int:
            if not -bound < node < bound:
                return f"an integer has more than {max_length} digits"
        elif t is float:
            if not math.isfinite(node):
                return f"{node!r} is not a JSON number"
        elif isinstance(node, bool):
            continue
        elif isinstance(node, int):  # int subclasses (IntEnum...)
            if not -bound < node < bound:
                return f"an integer has more than {max_length} digits"
        elif isinstance(node, float):
            if not math.isfinite(node):
                return f"{node!r} is not a JSON number"
        elif isinstance(node, (dict, list)):
            push(dict(node) if isinstance(node, dict) else list(node))
    return None


def parse_json(text: str | bytes, *, max_depth: int = DEFAULT_MAX_DEPTH,
               max_bytes: int = DEFAULT_MAX_BYTES,
               max_number_length: int = DEFAULT_MAX_NUMBER_LENGTH) -> Any:
    """Parse JSON text strictly.

    Rejects, with :class:`~microcred.InvalidJsonError`: syntax errors, ``NaN``/``Infinity``
    and numbers that overflow a double, duplicate object keys, lone surrogates, bytes that are
    not UTF-8 (a byte-order mark included), texts longer than ``max_bytes`` UTF-8 bytes and
    arrays/objects nested deeper than ``max_depth``; number tokens longer than
    ``max_number_length`` characters raise :class:`~microcred.NumberLimitError` (a subclass)
    before any conversion.

    >>> parse_json('{"a": [1, 2.5, "x"]}')
    {'a': [1, 2.5, 'x']}
    >>> parse_json('{"a": 1, "a": 2}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    microcred._errors.InvalidJsonError: duplicate object key 'a' / ...
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        if len(raw) > max_bytes:
            raise InvalidJsonError(
                f"JSON text of {len(raw)} bytes exceeds the limit of {max_bytes} / "
                f"JSON テキストが上限 {max_bytes} バイトを超えています")
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidJsonError(
                f"JSON text is not UTF-8 (RFC 8259 §8.1): {exc} / "
                "JSON テキストが UTF-8 ではありません"
            ) from None
    elif isinstance(text, str):
        decoded = text
        if len(decoded) > max_bytes or len(decoded.encode("utf-8", "surrogatepass")) > max_bytes:
            raise InvalidJsonError(
                f"JSON text exceeds the limit of {max_bytes} bytes / "
                f"JSON テキストが上限 {max_bytes} バイトを超えています")
        _check_string(decoded, "$")
    else:
        raise InvalidJsonError(f"expected str or bytes, got {type(text).__name__}")
    try:
        value = json.loads(decoded, object_pairs_hook=_pairs, parse_constant=_reject_constant,
                           parse_float=_bounded(_parse_float, max_number_length),
                           parse_int=_bounded(int, max_number_length))
    except InvalidJsonError:
        raise
    except RecursionError:
        raise _too_deep(max_depth, "$") from None
    except ValueError as exc:  # JSONDecodeError, int digit limits
        raise InvalidJsonError(f"invalid JSON: {exc} / JSON として不正です") from None
    # Lone surrogates can only come from \\uD800-\\uDFFF escapes at this point.
    _check_tree(value, max_depth, strings=_SURROGATE_ESCAPE.search(decoded) is not None)
    return value


def has_null_value(document: Any) -> bool:
    """Whether an explicit ``"@value": null`` occurs outside ``@context`` (pyld drops it silently;
    safe mode refuses it, on the slow and the fast path alike)."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "@value" in node and node["@value"] is None:
                return True
            stack.extend(v for k, v in node.items()
                         if k != "@context" and isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return False
