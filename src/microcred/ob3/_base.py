"""Shared machinery of the OB 3.0 models: wire-shape preservation, strict JSON, common types.

Every OB model keeps what it was given: unknown properties (pydantic ``extra="allow"``, stored
under their JSON names), whether a multi-valued property arrived as a single value or as an
array, and the order of members. ``to_jsonld()`` therefore returns the same JSON value that
``from_jsonld()`` read.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import typing
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictFloat,
    StrictInt,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from .._errors import ErrorDetail, InvalidDataError
from .._model import Uri
from ..jsonld import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, parse_json

_M = TypeVar("_M", bound="OBModel")

#: Context key used by :meth:`OBModel.from_jsonld` to switch on wire-form checks.
_WIRE = "microcred_ob3_wire"
#: Context key of lenient reading (:func:`microcred.ob3.read_credential`): the few spec
#: violations that keep a clear meaning are tolerated by the validators and reported as
#: findings afterwards, by a walk over the model (:mod:`microcred.ob3._read`).
_LENIENT = "microcred_ob3_lenient"
#: Serialisation context key: the model being written by :meth:`OBModel.to_jsonld`.
_TOP = "microcred_ob3_top"


_JWS_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\Z")


def jwt_credential(token: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """The credential a VC-JWT carries, *without checking its signature*: the ``vc`` claim
    (OB 3.0 / VC-JWT 1.1 form) or the payload itself (VC-JOSE-COSE form).  ``None`` when
    ``token`` is not a compact JWS; :class:`~microcred.InvalidJsonError` /
    :class:`~microcred.InvalidDataError` when its payload is not JSON."""
    if not isinstance(token, str) or len(token) > max_bytes or not _JWS_RE.match(token):
        return None
    body = token.split(".")[1]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise InvalidDataError("the JWT payload is not base64url (JWT のペイロードが不正です)"
                               ) from None
    payload = parse_json(raw, max_bytes=max_bytes)
    if isinstance(payload, dict) and isinstance(payload.get("vc"), dict):
        return payload["vc"]
    return payload


def is_lenient(info: ValidationInfo | None) -> bool:
    """Whether a validator runs inside a lenient read."""
    return info is not None and isinstance(info.context, dict) and bool(
        info.context.get(_LENIENT))

# --------------------------------------------------------------------------------------------
# Scalar types
# --------------------------------------------------------------------------------------------

def pattern_check(regex: re.Pattern[str], code: str, message: str) -> Any:
    """An after-validator raising ``code`` / ``message`` (with ``{value}``) on a mismatch."""

    def check(value: str) -> str:
        if not regex.match(value):
            raise PydanticCustomError(code, message, {"value": value[:80]})
        return value

    return check


# An absolute URI (the foundation's Uri type: scheme, ':' and no whitespace).  Relative
# references ("badge/123") are what JSON-LD toRDF silently drops (ob3-vc.md §k.3).
URI = Uri
"""An absolute URI (``https:``, ``urn:``, ``did:``, ``data:`` ...); relative references fail."""

# RFC 3339 date-time; OB's DateTimeZ requires the offset, DateTime makes it optional.
_DT_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$"
)


def parse_datetime(value: str) -> datetime:
    """Parse an RFC 3339 / ISO 8601 date-time string as OB writes it.

    Naive values (no offset) come back naive; ``Z`` means UTC.  Fractions beyond microseconds
    are truncated.  Raises :class:`ValueError` on anything else.
    """
    m = _DT_RE.match(value)
    if not m:
        raise ValueError(f"not an RFC 3339 date-time: '{value}'")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    frac = m.group(7)
    micro = int((frac[1:] + "000000")[:6]) if frac else 0
    tz = m.group(8)
    tzinfo: timezone | None = None
    if tz in ("Z", "z"):
        tzinfo = timezone.utc
    elif tz:
        sign = 1 if tz[0] == "+" else -1
        hours, minutes = int(tz[1:3]), int(tz[4:6])
        if hours > 23 or minutes > 59:
            raise ValueError(f"bad UTC offset in '{value}'")
        tzinfo = timezone(sign * timedelta(hours=hours, minutes=minutes))
    if second == 60:  # leap second: RFC 3339 allows it, Python does not
        second = 59
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tzinfo)


def format_datetime(value: datetime) -> str:
    """Format an aware :class:`~datetime.datetime` as an OB ``DateTimeZ`` string.

    UTC is written with ``Z``; microseconds only when non-zero; an offset that is not a whole
    number of minutes is converted to UTC.  Naive values are refused
    (:class:`InvalidDataError`): OB requires the timezone.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidDataError(
            "a DateTimeZ needs a timezone (タイムゾーン付きの日時が必要です)",
            [ErrorDetail(loc=(), msg=f"naive datetime {value.isoformat()}", type="datetime_tz")],
        )
    offset = value.utcoffset()
    if value.replace(fold=1 - value.fold).utcoffset() != offset:
        # a local time that a DST change repeats or skips: which instant is meant is a guess
        raise InvalidDataError(
            "ambiguous or non-existent local time (曖昧または存在しない現地時刻です)",
            [ErrorDetail(loc=(), msg=f"local time {value.isoformat()} depends on fold",
                         type="datetime_ambiguous")],
        )
    if offset is not None and offset.total_seconds() % 60:
        # RFC 3339 offsets are whole minutes (historic LMT zones are not): write UTC instead
        value = value.astimezone(timezone.utc)
    spec = "seconds" if value.microsecond == 0 else "microseconds"
    text = value.isoformat(timespec=spec)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _check_dtz(value: str) -> str:
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise PydanticCustomError(
            "datetime_z",
            "not a date-time with timezone (DateTimeZ): '{value}' "
            "(タイムゾーン付き日時ではありません)",
            {"value": value[:80]},
        )
    return value


def _check_dt(value: str) -> str:
    try:
        parse_datetime(value)
    except ValueError:
        raise PydanticCustomError(
            "datetime",
            "not a date-time: '{value}' (日時ではありません)",
            {"value": value[:80]},
        ) from None
    return value


DateTimeZ = Annotated[str, AfterValidator(_check_dtz)]
"""An RFC 3339 date-time with its offset, kept as the exact string that was given."""

DateTime = Annotated[str, AfterValidator(_check_dt)]
"""An RFC 3339 date-time, offset optional, kept as the exact string that was given."""

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


Date = Annotated[str, AfterValidator(pattern_check(
    re.compile(r"^\d{4}-\d{2}-\d{2}\Z"), "date", "not a YYYY-MM-DD date: '{value}'"))]
"""An ISO 8601 calendar date ``YYYY-MM-DD``."""

# OB LanguageCode pattern, copied from the AchievementCredential JSON Schema (inLanguage).
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?\Z")

LanguageCode = Annotated[str, AfterValidator(pattern_check(
    LANGUAGE_CODE_RE, "language_code",
    "not an OB LanguageCode (BCP 47 subset, e.g. 'ja' or 'en-US'): '{value}'"))]
"""A BCP 47 tag in the subset OB's JSON Schema allows (``ja``, ``en-US``, ``zh-Hant-TW``)."""



def _check_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PydanticCustomError("number_type", "Input should be a JSON number (数値が必要です)")
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("json_number", "non-JSON number (JSON にない数値)")
    return value


Number = Annotated[StrictInt | StrictFloat, BeforeValidator(_check_number)]
"""A JSON number, kept as int or float exactly as given (so ``36`` stays ``36``)."""

Bool = StrictBool

# --------------------------------------------------------------------------------------------
# Strict JSON
# --------------------------------------------------------------------------------------------


def _utf8_ok(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_json_value(value: Any, loc: tuple[str | int, ...] = (), *,
                     max_depth: int = DEFAULT_MAX_DEPTH) -> list[ErrorDetail]:
    """Return one :class:`ErrorDetail` per place where ``value`` is not a plain JSON value.

    Plain JSON: dict with str keys, list, str, bool, None, int, finite float; nested at most
    ``max_depth`` levels (the same bound as :func:`microcred.jsonld.parse_json`).
    """
    errors: list[ErrorDetail] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, loc)]
    while stack:
        item, where = stack.pop()
        if len(where) - len(loc) > max_depth:
            errors.append(ErrorDetail(
                (*where[: len(loc) + 8], "..."),
                f"nested more than {max_depth} levels (入れ子が深すぎます)", "json_depth"))
            break
        if isinstance(item, dict):
            for k, v in item.items():
                if not isinstance(k, str) or not _utf8_ok(k):
                    errors.append(ErrorDetail(where, f"bad key {k!r}", "json_key"))
                else:
                    stack.append((v, (*where, k)))
        elif isinstance(item, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(item))
        elif isinstance(item, float):
            if not math.isfinite(item):
                errors.append(ErrorDetail(
                    where, f"non-JSON number '{item}' (JSON にない数値)", "json_number"))
        elif isinstance(item, str):
            if not _utf8_ok(item):
                errors.append(ErrorDetail(
                    where, "string with a lone surrogate: not encodable as UTF-8 "
                    "(UTF-8 に変換できない文字列)", "json_string"))
        elif item is None or isinstance(item, (bool, int)):
            pass
        else:
            errors.append(ErrorDetail(
                where, f"not a JSON value: {type(item).__name__}", "json_type"))
    return errors


# --------------------------------------------------------------------------------------------
# The base model
# --------------------------------------------------------------------------------------------


def _is_list_annotation(annotation: Any) -> bool:
    """True when a field annotation is ``list[...]`` or ``list[...] | None``."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return True
    if origin is typing.Union or (origin is not None and getattr(origin, "__name__", "") ==
                                  "UnionType"):
        return any(typing.get_origin(a) is list for a in typing.get_args(annotation))
    return False


_MISSING = object()


class OBModel(BaseModel):
    """Base of every OB 3.0 model.

    * Field names are snake_case in Python and camelCase on the wire.
    * Unknown properties are kept (``model_extra``) under their JSON names.
    * A multi-valued property given as a single value (JSON-LD compacted form) is exposed as a
      one-item list and written back as a single value; member order is kept.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        alias_generator=to_camel,
        validate_default=False,
        protected_namespaces=(),
    )

    _singles: frozenset[str] = PrivateAttr(default=frozenset())
    _order: tuple[str, ...] = PrivateAttr(default=())
    # a lenient read may meet an object written as a string (an image URL, an embedded
    # VC-JWT): the string and the object read from it, so that the string is written back
    _string_form: str | None = PrivateAttr(default=None)
    _string_payload: Any = PrivateAttr(default=None)
    #: Wire names that are optional on the Python side only so that a lenient read can keep
    #: a document without them; on the wire (strict) their absence is "Field required".
    _wire_required: ClassVar[tuple[str, ...]] = ()
    _list_cache: ClassVar[dict[type[BaseModel], frozenset[str]]] = {}
    _names_cache: ClassVar[dict[type[BaseModel], frozenset[str]]] = {}

    @classmethod
    def _list_aliases(cls) -> frozenset[str]:
        """Wire names of the multi-valued (``list``) properties of this class."""
        found = OBModel._list_cache.get(cls)
        if found is None:
            found = frozenset(
                (f.alias or name) for name, f in cls.model_fields.items()
                if _is_list_annotation(f.annotation)
            )
            OBModel._list_cache[cls] = found
        return found

    @classmethod
    def _python_only_names(cls) -> frozenset[str]:
        """Python field names that differ from their wire (alias) names."""
        found = OBModel._names_cache.get(cls)
        if found is None:
            found = frozenset(n for n, f in cls.model_fields.items() if f.alias and f.alias != n)
            OBModel._names_cache[cls] = found
        return found

    @model_validator(mode="wrap")
    @classmethod
    def _keep_shape(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        original: str | None = None
        if isinstance(data, str) and is_lenient(info):
            payload = cls._from_string(data)
            if payload is not None:
                original, data = data, payload
        if not isinstance(data, Mapping):
            return handler(data)
        wire = isinstance(info.context, dict) and bool(info.context.get(_WIRE))
        singles: set[str] = set()
        lists = cls._list_aliases()
        shaped: dict[str, Any] = {}
        stash: dict[str, Any] = {}
        names = cls._python_only_names() if wire else frozenset()
        for key, value in data.items():
            if key in names:
                # on the wire only JSON names count: "valid_until" is an unknown property
                stash[str(key)] = value
                continue
            if key in lists and value is not None and not isinstance(value, list):
                singles.add(key)
                value = [value]
            shaped[key] = value
        if wire:
            for keyword, alias in (("@id", "id"), ("@type", "type")):
                if keyword in data and alias in data:
                    # the context aliases id/type to @id/@type: JSON-LD would see one key twice
                    raise PydanticCustomError(
                        "colliding_keywords",
                        "'{a}' and '{b}' are the same JSON-LD keyword (重複したキーワード)",
                        {"a": alias, "b": keyword})
        if wire and "type" in cls.model_fields and "type" not in shaped:
            # a default type is a Python convenience; on the wire "type" is required everywhere
            shaped["type"] = _MISSING
        if wire and not is_lenient(info):
            for required in cls._wire_required:
                if required not in shaped:
                    shaped[required] = _MISSING
        inst = handler(shaped)
        if isinstance(inst, OBModel):
            inst._singles = frozenset(singles)
            if wire:  # keyword construction keeps the declaration order instead
                inst._order = tuple(str(k) for k in data)
            if original is not None:
                inst._string_form = original
                inst._string_payload = json.loads(json.dumps(dict(data)))
            if stash:
                extra = inst.__pydantic_extra__
                if extra is None:  # pragma: no cover - extra="allow" always has a dict
                    extra = inst.__pydantic_extra__ = {}
                extra.update(stash)
        return inst

    @field_validator("*", mode="before")
    @classmethod
    def _no_null_on_wire(cls, value: Any, info: ValidationInfo) -> Any:
        if value is _MISSING:
            raise PydanticCustomError("missing", "Field required (必須です)")
        if value is None and isinstance(info.context, dict) and info.context.get(_WIRE):
            raise PydanticCustomError(
                "null_value",
                "null values MUST be omitted (OB 3.0 serialization) (null は省略してください)",
            )
        return value

    @model_serializer(mode="wrap")
    def _write_shape(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        out = self._shape_out(handler(self), info)
        top = isinstance(info.context, dict) and info.context.get(_TOP) is self
        if (self._string_form is not None and info.by_alias and not top
                and out == self._string_payload):
            return self._string_form  # nested, and unchanged since it was read from the string
        return out

    @classmethod
    def _from_string(cls, text: str) -> Mapping[str, Any] | None:
        """The object a lenient read takes a string for (None: a string is not this model)."""
        return None

    def _shape_out(self, out: dict[str, Any], info: SerializationInfo) -> dict[str, Any]:
        """Drop unset optional members, restore single values and the member order."""
        fields = type(self).model_fields
        for name, f in fields.items():
            key = (f.alias or name) if info.by_alias else name
            if key in out and out[key] is None:
                del out[key]
        if info.by_alias:
            for key in self._singles:
                value = out.get(key)
                if isinstance(value, list) and len(value) == 1:
                    out[key] = value[0]
            if self._order:
                rank = {k: i for i, k in enumerate(self._order)}
                out = dict(sorted(out.items(), key=lambda kv: rank.get(kv[0], len(rank))))
        return out

    # -- public helpers ----------------------------------------------------------------------

    def to_jsonld(self) -> dict[str, Any]:
        """Return the wire (JSON-LD compact) form as a new plain ``dict``.

        Unknown properties and single-vs-array shapes read by :meth:`from_jsonld` are kept, so
        ``from_jsonld(d).to_jsonld() == d``.
        """
        # the model itself is always written as an object (a string form applies when nested)
        result: dict[str, Any] = self.model_dump(mode="json", by_alias=True,
                                                 context={_TOP: self})
        return result

    def to_json(self, *, indent: int | None = None) -> str:
        """Serialise :meth:`to_jsonld` as JSON text (UTF-8 safe, non-ASCII kept)."""
        return json.dumps(self.to_jsonld(), ensure_ascii=False, indent=indent, allow_nan=False)

    @classmethod
    def from_jsonld(cls: type[_M], data: Mapping[str, Any]) -> _M:
        """Parse the wire form (a ``dict`` as produced by :func:`json.loads`).

        Raises :class:`microcred.InvalidDataError` listing every problem with its JSON path
        (missing required properties, non-URI ids, wrong types, NaN, ``null`` values ...).
        """
        if not isinstance(data, Mapping):
            raise InvalidDataError(
                f"invalid {cls.__name__}: expected a JSON object, got {type(data).__name__}",
                [ErrorDetail((), "expected a JSON object", "model_type")],
            )
        bad = check_json_value(dict(data))
        if bad:
            raise InvalidDataError(f"invalid {cls.__name__}: not plain JSON", bad)
        try:
            return cls.model_validate(data, context={_WIRE: True})
        except ValidationError as exc:
            raise _invalid(exc, cls.__name__, data) from exc

    @classmethod
    def from_json(cls: type[_M], text: str | bytes) -> _M:
        """Parse JSON text strictly (:func:`microcred.jsonld.parse_json`: no NaN, no duplicate
        keys, bounded depth; :class:`microcred.InvalidJsonError`), then :meth:`from_jsonld`."""
        data = parse_json(text)
        if not isinstance(data, dict):
            raise InvalidDataError(
                f"invalid {cls.__name__}: expected a JSON object",
                [ErrorDetail((), "expected a JSON object", "model_type")],
            )
        return cls.from_jsonld(data)


def json_loc(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Keep only the parts of a pydantic error location that are JSON keys or indexes of
    ``data`` (dropping union-branch labels such as ``function-after[...]``)."""
    out: list[str | int] = []
    node = data
    missing = False
    for part in loc:
        if missing:
            break
        if isinstance(node, Mapping) and isinstance(part, str):
            if part in node:
                out.append(part)
                node = node[part]
            elif not _BRANCH_RE.match(part):
                out.append(part)  # a missing required key: name it, stop descending
                missing = True
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
    return tuple(out)


# pydantic's labels for union members / validator wrappers inside an error location
_BRANCH_RE = re.compile(
    r"^(function-(after|before|wrap|plain)\[.*\]|[a-z\-]*enum\[.*\]|int|float|str|bool|"
    r"list\[.*\]|dict\[.*\]|literal\[.*\]|tagged-union\[.*\]|uri|profile|[A-Z]\w*)\Z")


def _invalid(exc: ValidationError, what: str, data: Any) -> InvalidDataError:
    details: list[ErrorDetail] = []
    seen: set[tuple[tuple[str | int, ...], str]] = set()
    for err in exc.errors():
        loc = json_loc(data, tuple(err.get("loc", ())))
        key = (loc, str(err.get("type", "")))
        if key in seen:
            continue
        seen.add(key)
        details.append(ErrorDetail(loc, str(err.get("msg", "")), key[1]))
    return InvalidDataError(f"invalid {what}: {len(details)} problem(s)", details)


def type_list_validator(required: str, *alternatives: str) -> Any:
    """Build a ``type`` check: the list must contain ``required`` (or one of ``alternatives``)."""
    wanted = (required, *alternatives)

    def check(value: list[str]) -> list[str]:
        if not value:
            raise PydanticCustomError("type_empty", "type must not be empty (type が空です)")
        if not any(w in value for w in wanted):
            raise PydanticCustomError(
                "type_missing",
                "type must include {wanted} (type に {wanted} が必要です)",
                {"wanted": " or ".join(repr(w) for w in wanted)},
            )
        return value

    return check
