"""Input model of the stackability resolver: credits, earned units, matches and requirement trees.

Everything here is an immutable pydantic model without I/O.  Amounts are exact
(:class:`fractions.Fraction`); floats are refused because they would silently round.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator

from .._credits import CreditSystem
from .._errors import InvalidDataError, NumberLimitError
from .._labels import BilingualLabels
from .._labels import register_labels as register_labels

__all__ = [
    "AgeLimit",
    "AllOf",
    "AnyOf",
    "Cap",
    "Condition",
    "ConversionPolicy",
    "Credits",
    "Match",
    "NOf",
    "Node",
    "Ref",
    "Requirement",
    "Route",
    "SharingCap",
    "Unit",
]


#: Bounds on exact numbers read from data: significant digits and the decimal exponent (of the
#: value's leading digit).  Checked before any exact conversion, so ``"1e10000000"`` or a
#: 401-digit integer costs microseconds, not minutes (issue 11, finding 9).
MAX_DIGITS = 64
MAX_EXPONENT = 64
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_RATIO = re.compile(r"([+-]?[0-9]+)/([0-9]+)\Z")
_BIG = 10 ** MAX_DIGITS


def _limit(text: str) -> NumberLimitError:
    short = text if len(text) <= 24 else text[:24] + "…"
    return NumberLimitError(
        f"number {short} is out of bounds (at most {MAX_DIGITS} significant digits and a decimal "
        f"exponent within ±{MAX_EXPONENT}) / 数値 {short} が上限（有効数字 {MAX_DIGITS} 桁・"
        f"指数 ±{MAX_EXPONENT}）を超えています")


def exact_number(value: Any, *, floats: bool = False) -> Fraction:
    """An exact :class:`~fractions.Fraction` of an int, Fraction, Decimal or decimal string
    (``"7.5"``, ``"1e2"``, ``"5/3"``), and of a float by its shortest repr when ``floats``.

    Bounded before conversion: :class:`microcred.NumberLimitError` beyond :data:`MAX_DIGITS`
    significant digits or a decimal exponent beyond ±:data:`MAX_EXPONENT`; ``ValueError`` for
    anything that is not a finite number (bool included).
    """
    if isinstance(value, Fraction):
        if abs(value.numerator) >= _BIG or value.denominator >= _BIG:
            raise _limit(str(value))
        return value
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | float) or (
            isinstance(value, float) and not floats):
        raise ValueError(
            f"expected an int, Fraction, Decimal or decimal string, got {type(value).__name__} "
            "(floats are refused because they round) / 正確な数値を指定してください")
    if isinstance(value, int):
        if not -_BIG < value < _BIG:
            raise _limit(f"{type(value).__name__} of {value.bit_length()} bits")
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number / 有限の数値ではありません")
        value = repr(value)
    if isinstance(value, str):
        text = value.strip()
        ratio = _RATIO.match(text)
        if ratio:
            num, den = ratio.group(1), ratio.group(2)
            if len(num.lstrip("+-")) > MAX_DIGITS or len(den) > MAX_DIGITS:
                raise _limit(text)
            if int(den) == 0:
                raise ValueError(f"{text!r} divides by zero / 0 で割っています")
            return Fraction(int(num), int(den))
        if len(text) > 2 * (MAX_DIGITS + MAX_EXPONENT):
            raise _limit(text)
        if not _DECIMAL.match(text):
            raise ValueError(f"{value[:40]!r} is not a number / 数値ではありません")
        value = Decimal(text)
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number / 有限の数値ではありません")
    if value and (len(value.as_tuple().digits) > MAX_DIGITS
                  or not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT):
        raise _limit(str(value))
    return Fraction(value)


def to_fraction(value: Any) -> Fraction:
    """Convert an exact number (int, Fraction, Decimal, decimal string) to a Fraction
    (bounded: see :func:`exact_number`)."""
    return exact_number(value)


def _frac(value: Any) -> Fraction:
    return to_fraction(value)


def _opt_frac(value: Any) -> Fraction | None:
    return None if value is None else to_fraction(value)


def _strset(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, Iterable):
        items = list(value)
        if not all(isinstance(v, str) for v in items):
            raise ValueError("expected strings / 文字列を指定してください")
        return frozenset(items)
    raise ValueError("expected a set of strings / 文字列の集合を指定してください")


Frac = Annotated[Fraction, BeforeValidator(_frac)]
OptFrac = Annotated[Fraction | None, BeforeValidator(_opt_frac)]
StrSet = Annotated[frozenset[str] | None, BeforeValidator(_strset)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise InvalidDataError.from_pydantic(exc, type(self).__name__) from None


class Labelled(BilingualLabels, str, enum.Enum):
    """A string enum whose members carry English and Japanese labels."""


class Route(Labelled):
    """How a unit reached the learner's record (recognition route)."""

    NATIVE = "native"
    TRANSFER = "transfer"
    RPL = "rpl"
    CREDIT_BANK = "credit_bank"


register_labels({
    Route.NATIVE: ("earned at the awarding institution", "在籍機関での修得"),
    Route.TRANSFER: ("credit transfer", "単位互換・編入による認定"),
    Route.RPL: ("recognition of prior learning", "既修得学習の認定"),
    Route.CREDIT_BANK: ("credit bank", "単位バンク"),
})


class Credits(_Frozen):
    """An exact amount of credit in a named credit system: ``Credits(5, "ECTS")``."""

    amount: Frac
    system: CreditSystem

    def __init__(self, amount: int | Fraction | Decimal | str, system: CreditSystem | str,
                 /) -> None:
        super().__init__(amount=amount, system=system)

    @model_validator(mode="after")
    def _nonneg(self) -> Credits:
        if self.amount < 0:
            raise ValueError("credit amount must not be negative / 単位数は負にできません")
        return self

    def __str__(self) -> str:
        return f"{_fmt(self.amount)} {self.system.value}"


def _fmt(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    dec = Decimal(x.numerator) / Decimal(x.denominator)
    if Fraction(dec) == x:
        return format(dec.normalize(), "f")
    return f"{x.numerator}/{x.denominator}"


class Unit(_Frozen):
    """One earned item in a learner's record: a course, micro-credential, badge, RPL award...

    ``id`` is unique within one record.  ``achievement`` (default: ``id``) is the achievement or
    course identifier that :class:`Match` ``ids`` look for; two units may share it (a retake).
    ``credits`` is an exact amount in a credit system; ``hours`` (notional learning hours) is used
    for credit requirements when ``credits`` is absent.  ``covers`` maps a course identifier of a
    receiving programme to the assessed share of that course's content this unit covers (the
    Thai transfer rule asks for at least 3/4).  ``grade`` is numeric (e.g. a 4-point scale).
    ``profiles`` are the keys of the framework profiles the unit is known to conform to
    (``unit_from_micro_credential(..., profiles=...)`` checks them).
    """

    id: str
    achievement: str | None = None
    title: str | None = None
    credits: Credits | None = None
    hours: OptFrac = None
    level: int | None = None
    framework: str | None = None
    earned_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    issuer: str | None = None
    route: Route = Route.NATIVE
    grade: OptFrac = None
    tags: frozenset[str] = frozenset()
    covers: Mapping[str, Frac] = {}
    profiles: frozenset[str] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for name in ("tags", "profiles"):
                if name in data and data[name] is not None:
                    data = dict(data)
                    data[name] = _strset(data[name]) or frozenset()
        return data

    @model_validator(mode="after")
    def _check(self) -> Unit:
        if not self.id:
            raise ValueError("unit id must not be empty / 単位IDが空です")
        if self.hours is not None and self.hours < 0:
            raise ValueError("hours must not be negative / 学習時間は負にできません")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from / 有効期間が逆転しています")
        for k, v in self.covers.items():
            if not 0 <= v <= 1:
                raise ValueError(f"covers[{k!r}] must be between 0 and 1 / 範囲外です")
        return self

    @property
    def key(self) -> str:
        """The identifier matched by ``Match(ids=...)``: ``achievement`` or else ``id``."""
        return self.achievement or self.id

    def __hash__(self) -> int:
        return hash((self.id, self.achievement, self.earned_on))

    @classmethod
    def from_ob3(cls, credential: Any, *, credit_system: CreditSystem | str | None = None,
                 route: Route | str = Route.NATIVE, unit_id: str | None = None) -> Unit:
        """Build a unit from an Open Badges 3.0 credential (a JSON dict or an OB3 model).

        See :func:`microcred.stack.unit_from_ob3`.
        """
        from ._io import unit_from_ob3

        return unit_from_ob3(credential, credit_system=credit_system, route=route,
                             unit_id=unit_id)

    @classmethod
    def from_micro_credential(cls, mc: Any, *, unit_id: str | None = None,
                              earned_on: date | None = None,
                              route: Route | str = Route.NATIVE,
                              credit_system: CreditSystem | str | None = None,
                              profiles: Iterable[Any] = ()) -> Unit:
        """Build a unit from a :class:`microcred.MicroCredential` description.

        See :func:`microcred.stack.unit_from_micro_credential`.
        """
        from ._io import unit_from_micro_credential

        return unit_from_micro_credential(mc, unit_id=unit_id, earned_on=earned_on, route=route,
                                          credit_system=credit_system, profiles=profiles)


class Match(_Frozen):
    """Which units a requirement (or a cap) accepts.  Every given criterion must hold.

    ``ids`` (any of, against :attr:`Unit.key` and :attr:`Unit.id`), ``tags`` (any of),
    ``all_tags`` (all of), ``issuers``, ``routes``, ``frameworks`` (level framework names),
    ``min_level``/``max_level``, ``min_grade``, ``covers`` + ``min_coverage`` (content coverage of
    a receiving course), ``max_age_years`` (credit age limit: earned no more than N years before
    ``as_of``, inclusive), ``earned_from``/``earned_until`` (inclusive window); per-unit
    conditions: ``min_hours`` (the unit's own size: its notional hours, else its credits in
    hours, an interval) and ``profiles`` (conforms to any of these profile keys: "each module
    must itself be a JWG-conformant micro-credential of at least 10 hours").  Units without the
    data a criterion needs are *unknown* for it, never silently accepted or rejected.
    """

    ids: StrSet = None
    tags: StrSet = None
    all_tags: StrSet = None
    issuers: StrSet = None
    routes: frozenset[Route] | None = None
    frameworks: StrSet = None
    min_level: int | None = None
    max_level: int | None = None
    min_grade: OptFrac = None
    covers: str | None = None
    min_coverage: OptFrac = None
    max_age_years: int | None = None
    earned_from: date | None = None
    earned_until: date | None = None
    min_hours: OptFrac = None
    profiles: StrSet = None

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("routes") is not None:
            data = dict(data)
            r = data["routes"]
            data["routes"] = frozenset([r] if isinstance(r, str | Route) else r)
        return data

    @model_validator(mode="after")
    def _check(self) -> Match:
        if self.max_age_years is not None and self.max_age_years < 0:
            raise ValueError("max_age_years must not be negative")
        if self.min_coverage is not None and self.covers is None:
            raise ValueError("min_coverage needs covers=<course id>")
        return self


class Requirement(_Frozen):
    """A leaf: units matching ``match`` must supply ``count`` units, ``credits`` of credit, or
    ``hours`` of notional learning hours (a unit's ``hours``, else its credits converted to
    hours as an interval: "at least 60 hours", the 履修証明 minimum).

    ``after`` names other leaves that are prerequisites: every unit counted here must be earned
    on or after every unit counted for them.  ``value`` is the credit the programme grants for
    this leaf (a course credited whole by transfer or RPL); credit caps then count ``value``
    instead of the unit's own credits.  ``title``/``title_ja`` label the leaf for people.

    At most one unit per achievement (:attr:`Unit.key`) counts for a leaf, so two attempts at
    the same course are one course; ``repeatable=True`` declares a leaf whose achievements may
    count again (a course that can be taken for credit more than once).
    """

    name: str
    match: Match = Match()
    count: int | None = None
    credits: Credits | None = None
    hours: OptFrac = None
    after: tuple[str, ...] = ()
    layer: str | None = None
    value: Credits | None = None
    title: str | None = None
    title_ja: str | None = None
    repeatable: bool = False
    kind: Literal["leaf"] = "leaf"

    def __init__(self, name: str, /, **kw: Any) -> None:
        super().__init__(name=name, **kw)

    @model_validator(mode="after")
    def _check(self) -> Requirement:
        if not self.name or "/" in self.name:
            raise ValueError("requirement name must be non-empty and contain no '/'")
        if sum(x is not None for x in (self.count, self.credits, self.hours)) != 1:
            raise ValueError("give exactly one of count=, credits= or hours= "
                             "/ count・credits・hours のいずれか一つを指定してください")
        if self.hours is not None and self.hours <= 0:
            raise ValueError("hours demand must be positive")
        if self.count is not None and self.count < 1:
            raise ValueError("count must be at least 1")
        if self.credits is not None and self.credits.amount <= 0:
            raise ValueError("credits demand must be positive")
        if self.value is not None and self.count != 1:
            raise ValueError("value= is for count=1 requirements (one unit credits the leaf)")
        return self


class Cap(_Frozen):
    """Limit what units matching ``match`` may contribute inside the node carrying the cap.

    Exactly one of ``max`` (credits), ``max_units`` (count), or ``fraction`` of ``of`` (e.g. 30 %
    of 120 credits).  Capped units count whole (no partial credit): a unit that does not fit under
    the cap does not count.
    """

    match: Match
    max: Credits | None = None
    max_units: int | None = None
    fraction: OptFrac = None
    of: Credits | None = None
    name: str = "cap"

    @model_validator(mode="after")
    def _check(self) -> Cap:
        given = sum(x is not None for x in (self.max, self.max_units, self.fraction))
        if given != 1:
            raise ValueError("give exactly one of max=, max_units=, fraction= (+ of=)")
        if (self.fraction is None) != (self.of is None):
            raise ValueError("fraction= needs of= (the programme total) and vice versa")
        if self.fraction is not None and not 0 <= self.fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        if self.max_units is not None and self.max_units < 0:
            raise ValueError("max_units must not be negative")
        return self

    @property
    def limit(self) -> Credits | int:
        """The absolute limit: a :class:`Credits` amount or a number of units."""
        if self.max_units is not None:
            return self.max_units
        if self.max is not None:
            return self.max
        assert self.fraction is not None and self.of is not None
        return Credits(self.of.amount * self.fraction, self.of.system)


class SharingCap(_Frozen):
    """Limit the units counted in two or more layers at once (e.g. bachelor's and master's).

    ``max`` credits or ``max_units`` units, summed over units used in at least two of ``layers``.
    """

    layers: tuple[str, ...]
    max: Credits | None = None
    max_units: int | None = None
    name: str = "sharing cap"

    @model_validator(mode="after")
    def _check(self) -> SharingCap:
        if len(set(self.layers)) < 2:
            raise ValueError("a sharing cap needs at least two distinct layers")
        if (self.max is None) == (self.max_units is None):
            raise ValueError("give exactly one of max= or max_units=")
        return self


class ConversionPolicy(_Frozen):
    """How to convert between credit systems.

    ``agreements`` maps ``(from_system, to_system)`` to an exact factor (an agreement table or
    a transfer-value profile): it overrides hour-based conversion.  Otherwise credits go through
    notional hours as an interval; ``bound`` decides what to do with it: ``"interval"`` (default)
    keeps it and a threshold it straddles yields INDETERMINATE, ``"low"``/``"high"`` use the
    lower/upper end.
    """

    agreements: Mapping[tuple[CreditSystem, CreditSystem], Frac] = {}
    bound: Literal["interval", "low", "high"] = "interval"


class AgeLimit(_Frozen):
    """Credit age limit inside the node carrying it: units matching ``match`` count only if
    earned no more than ``years`` years before ``as_of`` (inclusive), e.g. prior credit for RPL
    considered only if awarded at most 5 years before."""

    years: int
    match: Match = Match()
    name: str = "age limit"

    @model_validator(mode="after")
    def _check(self) -> AgeLimit:
        if self.years < 0:
            raise ValueError("years must not be negative")
        return self


Rule = Cap | SharingCap | AgeLimit


class _Group(_Frozen):
    children: tuple[Node, ...]
    name: str | None = None
    layer: str | None = None
    caps: tuple[Rule, ...] = ()
    conversion: ConversionPolicy | None = None
    title: str | None = None
    title_ja: str | None = None

    def _check_name(self) -> None:
        if self.name is not None and (not self.name or "/" in self.name):
            raise ValueError("node name must be non-empty and contain no '/'")


class AllOf(_Group):
    """Every child must be satisfied (children use disjoint units within a layer)."""

    kind: Literal["all"] = "all"

    def __init__(self, *children: Node, **kw: Any) -> None:
        super().__init__(children=children, **kw)

    @model_validator(mode="after")
    def _check(self) -> AllOf:
        self._check_name()
        return self


class AnyOf(_Group):
    """At least one child must be satisfied."""

    kind: Literal["any"] = "any"

    def __init__(self, *children: Node, **kw: Any) -> None:
        super().__init__(children=children, **kw)

    @model_validator(mode="after")
    def _check(self) -> AnyOf:
        self._check_name()
        return self


class NOf(_Group):
    """At least ``k`` children must be satisfied.

    ``disjoint=True`` (default): the chosen children use disjoint units (within the layer).
    ``disjoint=False``: each child is its own counting layer, so one unit may count for several
    children (and, being in another layer, also for the rest of the tree).
    """

    k: int
    disjoint: bool = True
    kind: Literal["nof"] = "nof"

    def __init__(self, k: int, *children: Node, **kw: Any) -> None:
        super().__init__(k=k, children=children, **kw)  # type: ignore[call-arg]

    @model_validator(mode="after")
    def _check(self) -> NOf:
        self._check_name()
        if self.k < 0:
            raise ValueError("k must not be negative")
        return self


class Ref(_Frozen):
    """A reference to another named target (e.g. a MicroMasters inside a master's).

    Satisfied by a held unit whose key equals ``target`` or by satisfying that target's tree.
    """

    target: str
    name: str | None = None
    kind: Literal["ref"] = "ref"

    def __init__(self, target: str, /, **kw: Any) -> None:
        super().__init__(target=target, **kw)


class Condition(_Frozen):
    """A condition of a pathway that is not an earned unit: admission to a programme,
    enrolment, a residency status...  Met when ``name`` is among the ``conditions`` given to
    :func:`~microcred.stack.resolve` / :func:`~microcred.stack.plan`; ``plan`` never proposes
    units for it (an admission is granted, not added)."""

    name: str
    title: str | None = None
    title_ja: str | None = None
    kind: Literal["condition"] = "condition"

    def __init__(self, name: str, /, **kw: Any) -> None:
        super().__init__(name=name, **kw)

    @model_validator(mode="after")
    def _check(self) -> Condition:
        if not self.name or "/" in self.name:
            raise ValueError("condition name must be non-empty and contain no '/'")
        return self


Node = Requirement | AllOf | AnyOf | NOf | Ref | Condition

AllOf.model_rebuild()
AnyOf.model_rebuild()
NOf.model_rebuild()
