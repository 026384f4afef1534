"""Credit systems and how many notional learning hours one credit stands for.

The figures are data with their sources, never a single invented number: when a source gives a
range (ECTS: 25–30 hours per credit), the range is kept as an inclusive interval.

>>> from microcred import CreditSystem, hours_per_credit
>>> r = hours_per_credit(CreditSystem.ECTS)
>>> (r.low, r.high)
(Fraction(25, 1), Fraction(30, 1))
>>> hours_per_credit("JP_TANI").low
Fraction(45, 1)
>>> credits_to_hours(2, "ECTS")
(Fraction(50, 1), Fraction(60, 1))
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from ._errors import ErrorDetail, InvalidDataError
from ._labels import BilingualLabels, register_labels

__all__ = [
    "CREDIT_SYSTEMS",
    "CreditSystem",
    "HoursRange",
    "credits_to_hours",
    "hours_per_credit",
]


class CreditSystem(BilingualLabels, str, enum.Enum):
    """A named credit system; the value equals the member name (``CreditSystem("ECTS")``)."""

    ECTS = "ECTS"
    JP_TANI = "JP_TANI"
    MY_CREDIT = "MY_CREDIT"
    US_SEMESTER_HOUR = "US_SEMESTER_HOUR"
    UK_CREDIT = "UK_CREDIT"
    NZ_CREDIT = "NZ_CREDIT"

    def __str__(self) -> str:  # so that f-strings show "ECTS", not "CreditSystem.ECTS"
        return self.value


_LABELS: dict[CreditSystem, tuple[str, str]] = {
    CreditSystem.ECTS: ("ECTS credit", "ECTS単位"),
    CreditSystem.JP_TANI: ("Japanese credit (tani)", "単位（日本の大学）"),
    CreditSystem.MY_CREDIT: ("Malaysian MQF credit", "マレーシアMQF単位"),
    CreditSystem.US_SEMESTER_HOUR: ("US semester credit hour", "米国セメスター単位時間"),
    CreditSystem.UK_CREDIT: ("UK credit (CATS/SCQF)", "英国単位（CATS/SCQF）"),
    CreditSystem.NZ_CREDIT: ("New Zealand NZQF credit", "ニュージーランドNZQF単位"),
}
register_labels(_LABELS)


@dataclass(frozen=True)
class HoursRange:
    """Inclusive interval of notional learning hours that ONE credit stands for.

    ``low == high`` when the source gives a single standard value. ``source`` cites where the
    figure comes from (the research notes ``frameworks.md`` §8 and ``stackability.md`` b.6, which
    in turn cite the primary documents).
    """

    low: Fraction
    high: Fraction
    source: str

    def __post_init__(self) -> None:
        if not (0 < self.low <= self.high):
            raise InvalidDataError(
                "hours range must satisfy 0 < low <= high",
                [ErrorDetail(("low",), f"low={self.low}, high={self.high}", "value_error")],
            )

    def __contains__(self, hours: object) -> bool:
        if isinstance(hours, bool) or not isinstance(hours, int | float | Fraction | Decimal):
            return False
        try:
            return self.low <= Fraction(hours) <= self.high
        except (ValueError, OverflowError):  # NaN, infinity
            return False

    @property
    def is_exact(self) -> bool:
        """True when the source gives one standard value rather than a range."""
        return self.low == self.high


_F = Fraction

_TABLE: dict[CreditSystem, HoursRange] = {
    CreditSystem.ECTS: HoursRange(
        _F(25), _F(30),
        "ECTS Users' Guide 2015: 60 ECTS = one full-time year = 1,500-1,800 h, so 1 ECTS = "
        "25-30 h (frameworks.md §8; stackability.md R13, b.6)",
    ),
    CreditSystem.JP_TANI: HoursRange(
        _F(45), _F(45),
        "大学設置基準 第21条2項: 一単位の授業科目を四十五時間の学修を必要とする内容をもつて構成"
        "することを標準とし; kept in the 2022 revision, MEXT Q&A Q41-42 (frameworks.md §5.3, §8; "
        "stackability.md R14)",
    ),
    CreditSystem.MY_CREDIT: HoursRange(
        _F(40), _F(40),
        "Malaysian Qualifications Framework 2nd ed. (2017): 1 credit = 40 notional learning hours "
        "(frameworks.md §3.2, §8; stackability.md R6, b.6)",
    ),
    CreditSystem.US_SEMESTER_HOUR: HoursRange(
        _F(45), _F(45),
        "34 CFR 600.2 (credit hour): not less than 1 h of classroom and 2 h of out-of-class work "
        "per week for about 15 weeks, i.e. about 45 h per semester credit; the regulation states "
        "a minimum, encoded as its standard value 45 h (stackability.md R15, b.6)",
    ),
    CreditSystem.UK_CREDIT: HoursRange(
        _F(10), _F(10),
        "QAA / SCQF: 1 credit = 10 notional hours of learning (stackability.md R16, b.6)",
    ),
    CreditSystem.NZ_CREDIT: HoursRange(
        _F(10), _F(10),
        "NZQA: 1 NZQF credit = 10 notional learning hours (frameworks.md §8; stackability.md "
        "R16, b.6)",
    ),
}

CREDIT_SYSTEMS: Mapping[CreditSystem, HoursRange] = MappingProxyType(_TABLE)
"""Read-only table: credit system -> hours per one credit."""


def _system(system: CreditSystem | str) -> CreditSystem:
    if isinstance(system, CreditSystem):
        return system
    try:
        return CreditSystem(system)
    except ValueError:
        known = ", ".join(s.value for s in CreditSystem)
        raise InvalidDataError(
            f"unknown credit system {system!r} / 不明な単位制度です",
            [ErrorDetail(("credit_system",), f"{system!r} is not one of: {known}",
                         "unknown_credit_system")],
        ) from None


def hours_per_credit(system: CreditSystem | str) -> HoursRange:
    """Return the notional hours that one credit of ``system`` stands for.

    ``system`` is a :class:`CreditSystem` or its name (``"ECTS"``). An unknown name raises
    :class:`~microcred.InvalidDataError` with the path ``credit_system``.
    """
    return _TABLE[_system(system)]


def credits_to_hours(
    credits: int | Fraction | Decimal | str, system: CreditSystem | str
) -> tuple[Fraction, Fraction]:
    """Convert an amount of credits into an inclusive ``(low, high)`` interval of hours.

    Exact arithmetic (``Fraction``); floats are refused because they would silently round
    (pass ``"7.5"`` or ``Fraction(15, 2)`` instead). Negative amounts raise
    :class:`~microcred.InvalidDataError`.
    """
    if isinstance(credits, bool) or not isinstance(credits, int | Fraction | Decimal | str):
        raise InvalidDataError(
            "credits must be an int, Fraction, Decimal or decimal string",
            [ErrorDetail(("credits",), f"got {type(credits).__name__}", "type_error")],
        )
    try:
        amount = Fraction(credits)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise InvalidDataError(
            "credits is not a number",
            [ErrorDetail(("credits",), f"{credits!r} is not a number", "value_error")],
        ) from None
    if amount < 0:
        raise InvalidDataError(
            "credits must not be negative / 単位数は負にできません",
            [ErrorDetail(("credits",), f"{credits!r} < 0", "value_error")],
        )
    rng = hours_per_credit(system)
    return amount * rng.low, amount * rng.high
