"""Credit systems as registrable data: name, notional hours per credit, and the cited source.

A credit system is a key (``"ECTS"``), English and Japanese names, the notional learning hours
that one credit stands for, as an inclusive range when the source gives a range (ECTS: 25–30
hours), and a :class:`~microcred.frameworks.Reference` to the public document the figure comes
from.  When no public source giving hours per credit was found, the system is registered
*without* hours (``hours is None``): the data says so, no number is invented, and converting it
needs an agreed factor (``stack.ConversionPolicy.agreements``).

Built in: ECTS, JP_TANI, MY_CREDIT, US_SEMESTER_HOUR, UK_CREDIT, NZ_CREDIT, SCQF_CREDIT,
MIT_UNIT, IE_ECTS, and TH_CREDIT and SG_SIT_CREDIT (without hours).  More are registered with
:func:`register_credit_system`; :class:`CreditSystem` then accepts them like the built-in ones
(``CreditSystem("XX_CREDIT")``, iteration, model fields).

>>> from microcred import CreditSystem, hours_per_credit
>>> r = hours_per_credit(CreditSystem.ECTS)
>>> (r.low, r.high)
(Fraction(25, 1), Fraction(30, 1))
>>> hours_per_credit("JP_TANI").low
Fraction(45, 1)
>>> credits_to_hours(2, "ECTS")
(Fraction(50, 1), Fraction(60, 1))
>>> CreditSystem.TH_CREDIT.hours is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import ClassVar

from ._errors import ErrorDetail, InvalidDataError
from ._frameworks_data import MQA_SAMC
from ._registry import RegisteredKey
from ._sources import Reference, SourceStatus

__all__ = [
    "CREDIT_SYSTEMS",
    "CreditSystem",
    "CreditSystemSpec",
    "HoursRange",
    "credit_system_specs",
    "credits_to_hours",
    "hours_per_credit",
    "register_credit_system",
    "unregister_credit_system",
]


@dataclass(frozen=True)
class HoursRange:
    """Inclusive interval of notional learning hours that ONE credit stands for.

    ``low == high`` when the source gives a single standard value. ``source`` is the citation as
    text; ``reference`` the same citation as data (title, issuer, date, section, URL, status).
    """

    low: Fraction
    high: Fraction
    source: str
    reference: Reference | None = field(default=None, compare=False)

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


_KEY = re.compile(r"^[A-Z][A-Z0-9_]{1,31}\Z")


def _hours(value: object, name: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal | str):
        raise InvalidDataError(f"{name} must be an exact number (int, Fraction, Decimal, str)",
                               [ErrorDetail((name,), f"got {type(value).__name__}",
                                            "type_error")])
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise InvalidDataError(f"{name} is not a number",
                               [ErrorDetail((name,), repr(value), "value_error")]) from None


@dataclass(frozen=True)
class CreditSystemSpec:
    """Data of one credit system: key, names, hours per credit (or none), source.

    ``low``/``high`` are the notional hours one credit stands for (exact numbers; ``low ==
    high`` for a single standard value); both ``None`` when no public source giving them was
    found, which ``source.note`` then explains.
    """

    key: str
    name_en: str
    name_ja: str
    low: Fraction | None
    high: Fraction | None
    source: Reference

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not _KEY.match(self.key):
            raise InvalidDataError(
                f"credit system key {self.key!r} must be 2-32 upper-case letters, digits or "
                "underscores, starting with a letter / 単位制度のキーが不正です",
                [ErrorDetail(("key",), repr(self.key), "value_error")])
        if not (self.name_en and self.name_ja):
            raise InvalidDataError(f"credit system {self.key}: English and Japanese names are "
                                   "required / 英語名と日本語名が必要です")
        if not isinstance(self.source, Reference):
            raise InvalidDataError(f"credit system {self.key}: source must be a Reference "
                                   "/ 出典が必要です")
        if (self.low is None) != (self.high is None):
            raise InvalidDataError(f"credit system {self.key}: give both low and high hours, or "
                                   "neither / 時間数の上下限は両方指定します")
        if self.low is not None and self.high is not None:
            object.__setattr__(self, "low", _hours(self.low, "low"))
            object.__setattr__(self, "high", _hours(self.high, "high"))
            HoursRange(self.low, self.high, "")  # 0 < low <= high


_SYSTEMS: dict[str, CreditSystem] = {}
_SPECS: dict[str, CreditSystemSpec] = {}
_RANGES: dict[str, HoursRange] = {}


class CreditSystem(RegisteredKey):
    """A named credit system: an *open* set of registered data.

    It behaves like the string enum it used to be: members are attributes
    (``CreditSystem.ECTS``), the value equals the name, ``CreditSystem("ECTS")`` returns the
    member, iteration lists every registered system, ``str()`` gives the key, and a member
    equals its key as a string.  New systems are registered with
    :func:`register_credit_system`.

    >>> CreditSystem("MIT_UNIT") is CreditSystem.MIT_UNIT, CreditSystem.MIT_UNIT.hours.low
    (True, Fraction(14, 1))
    """

    _what = ("credit system", "単位制度", "credit_system")

    ECTS: ClassVar[CreditSystem]
    JP_TANI: ClassVar[CreditSystem]
    MY_CREDIT: ClassVar[CreditSystem]
    US_SEMESTER_HOUR: ClassVar[CreditSystem]
    UK_CREDIT: ClassVar[CreditSystem]
    NZ_CREDIT: ClassVar[CreditSystem]
    SCQF_CREDIT: ClassVar[CreditSystem]
    MIT_UNIT: ClassVar[CreditSystem]
    IE_ECTS: ClassVar[CreditSystem]
    TH_CREDIT: ClassVar[CreditSystem]
    SG_SIT_CREDIT: ClassVar[CreditSystem]

    @classmethod
    def _members(cls) -> dict[str, CreditSystem]:
        return _SYSTEMS

    @property
    def _data(self) -> CreditSystemSpec:
        return _SPECS[self.value]

    @property
    def spec(self) -> CreditSystemSpec:
        """The registered data."""
        return _SPECS[self.value]

    @property
    def hours(self) -> HoursRange | None:
        """Notional hours per credit, or ``None`` when no public source giving them was found."""
        return _RANGES.get(self.value)

    @property
    def source(self) -> Reference:
        """Where the figure (or the statement that there is none) comes from."""
        return self.spec.source


def register_credit_system(spec: CreditSystemSpec, *, replace: bool = False) -> CreditSystem:
    """Register a credit system (or, with ``replace=True``, update a registered one).

    >>> from microcred.frameworks import Reference
    >>> cs = register_credit_system(CreditSystemSpec(
    ...     "XX_CREDIT", "Example credit", "例示単位", Fraction(20), Fraction(20),
    ...     Reference("Example credit rules", "Example body", "2025")))
    >>> credits_to_hours(3, "XX_CREDIT")
    (Fraction(60, 1), Fraction(60, 1))
    >>> unregister_credit_system("XX_CREDIT")
    """
    if not isinstance(spec, CreditSystemSpec):
        raise TypeError("register_credit_system() needs a CreditSystemSpec")
    cs = CreditSystem._register(spec, _SPECS, replace)
    if spec.low is not None and spec.high is not None:
        _RANGES[spec.key] = HoursRange(spec.low, spec.high, str(spec.source), spec.source)
    else:
        _RANGES.pop(spec.key, None)
    return cs


def unregister_credit_system(key: str) -> None:
    """Remove a system registered with :func:`register_credit_system` (built-ins stay)."""
    CreditSystem._unregister(key, _SPECS, _BUILTIN_KEYS)
    _RANGES.pop(key, None)


def credit_system_specs() -> tuple[CreditSystemSpec, ...]:
    """Every registered credit system's data, in registration order (with or without hours)."""
    return tuple(_SPECS.values())


class _Ranges(Mapping[CreditSystem, HoursRange]):
    """Live read-only view: credit system -> hours per credit, for the systems that have a
    sourced figure (a system registered without hours is not a key)."""

    def __getitem__(self, key: CreditSystem | str) -> HoursRange:
        if not isinstance(key, str):
            raise KeyError(key)
        return _RANGES[str.__str__(key)]

    def __iter__(self) -> Iterator[CreditSystem]:
        return iter([_SYSTEMS[k] for k in _SPECS if k in _RANGES])

    def __len__(self) -> int:
        return len(_RANGES)


CREDIT_SYSTEMS: Mapping[CreditSystem, HoursRange] = _Ranges()
"""Read-only live table: credit system -> hours per one credit (systems with a sourced figure)."""


def _system(system: CreditSystem | str) -> CreditSystem:
    if isinstance(system, CreditSystem):
        return system
    try:
        return CreditSystem._checked(system)
    except ValueError:
        known = ", ".join(_SYSTEMS)
        raise InvalidDataError(
            f"unknown credit system {system!r} / 不明な単位制度です",
            [ErrorDetail(("credit_system",), f"{system!r} is not one of: {known}",
                         "unknown_credit_system")],
        ) from None


def hours_per_credit(system: CreditSystem | str) -> HoursRange:
    """Return the notional hours that one credit of ``system`` stands for.

    ``system`` is a :class:`CreditSystem` or its name (``"ECTS"``). An unknown name raises
    :class:`~microcred.InvalidDataError` with the path ``credit_system``; so does a system
    registered without hours (code ``no_hours_per_credit``: no public source gives them, so
    converting it needs an agreed factor).
    """
    cs = _system(system)
    rng = _RANGES.get(cs.value)
    if rng is None:
        raise InvalidDataError(
            f"{cs.value} has no sourced hours per credit; convert it with an agreed factor "
            "/ この単位制度には出典のある1単位あたりの時間数がありません",
            [ErrorDetail(("credit_system",), f"{cs.value}: {cs.source.note}",
                         "no_hours_per_credit")])
    return rng


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


# ------------------------------------------------------------------------------ built-in data
_P, _S, _U = SourceStatus.VERIFIED_PRIMARY, SourceStatus.SECONDARY, SourceStatus.UNVERIFIED
_F = Fraction

_BUILTIN: tuple[CreditSystemSpec, ...] = (
    CreditSystemSpec(
        "ECTS", "ECTS credit", "ECTS単位", _F(25), _F(30), Reference(
            "ECTS Users' Guide 2015", "European Commission", "2015",
            "'60 ECTS credits are attached to the workload of a full-time year ... student "
            "workload ranges from 1,500 to 1,800 hours for an academic year, whereby one credit "
            "corresponds to 25 to 30 hours of work'",
            "https://op.europa.eu/en/publication-detail/-/publication/"
            "da7467e6-8450-11e5-b8b7-01aa75ed71a1", _S,
            via="https://www.azvo.hr/en/component/seoglossary/4-basic-recognition-terms/"
                "143-60-ects-credits (Croatian ENIC-NARIC, quoting the guide)")),
    CreditSystemSpec(
        "JP_TANI", "Japanese credit (tani)", "単位（日本の大学）", _F(45), _F(45), Reference(
            "令和4年度大学設置基準等の改正に係るQ&A", "文部科学省 (MEXT)", "2022",
            "Q41-Q42: 1単位当たり標準45時間の学修 (大学設置基準 第21条第2項: 一単位の授業科目を"
            "四十五時間の学修を必要とする内容をもつて構成することを標準とし)",
            "https://www.mext.go.jp/mext_02036.html", _P,
            note="a standard (標準), encoded as its value 45 h")),
    CreditSystemSpec(
        "MY_CREDIT", "Malaysian MQF credit", "マレーシアMQF単位", _F(40), _F(40), MQA_SAMC.at(
            "sections 2.2 and 5.3.8: 'The first 40 notional hours of learning time (LT) is "
            "equated with 1 credit. Subsequent notional hours beyond the minimum shall be in "
            "increments of 20 hours or 0.5 credits.'",
            note="MQA's own statement of the credit, read as the Quality Verification Centre "
                 "quotes it; the framework-wide text, MQF 2nd edition (2017) §4 'Credit "
                 "system', was not reached (its stored copies give only the contents page)")),
    CreditSystemSpec(
        "US_SEMESTER_HOUR", "US semester credit hour", "米国セメスター単位時間", _F(45), _F(45),
        Reference(
            "34 CFR 600.2, definition of 'credit hour'", "U.S. Department of Education",
            "2010-11-01", "'not less than one hour of classroom or direct faculty instruction "
            "and a minimum of two hours of out of class student work each week for approximately "
            "fifteen weeks for one semester or trimester hour of credit'",
            "https://www.ecfr.gov/current/title-34/subtitle-B/chapter-VI/part-600/subpart-A/"
            "section-600.2", _S,
            via="https://aicusa.edu/academics/academic-affairs/registration/credit-hour-policy "
                "(quotes the definition, '34CFR 600.2 (11/1/2010)')",
            note="a minimum of (1 + 2) h x about 15 weeks, encoded as its standard value 45 h")),
    CreditSystemSpec(
        "UK_CREDIT", "UK credit (CATS)", "英国単位（CATS）", _F(10), _F(10), Reference(
            "Credit and Qualifications Framework for Wales (CQFW)", "Welsh Government (Business "
            "Wales)", "n.d. (page as stored in 2026)",
            "'Credit is a way of recognising the amount of learning that has been achieved, one "
            "credit is awarded for every 10 hours of learning time.'",
            "https://businesswales.gov.wales/skillsgateway/skills-development/"
            "credit-and-qualifications-framework-wales", _P,
            note="the UK credit as the CQFW (Wales) defines it; QAA's Higher Education Credit "
                 "Framework for England (2nd ed., May 2021) uses the same 10-hour CATS credit, "
                 "but its sentence was not reached in the stored copies of the PDF; Imperial "
                 "College London restates it: 'the UK Credit Transfer and Accumulation System "
                 "(CATS) where 1 UK credit is equivalent to 10 notional hours of student "
                 "effort' (https://www.imperial.ac.uk/staff/tools-and-reference/"
                 "quality-assurance-enhancement/programme-information/"
                 "national-frameworks-and-credit-systems/, secondary)")),
    CreditSystemSpec(
        "NZ_CREDIT", "New Zealand NZQCF credit", "ニュージーランドNZQCF単位", _F(10), _F(10),
        Reference(
            "Qualification and Micro-credential Listing and Operational Rules 2022",
            "New Zealand Qualifications Authority", "2022",
            "rule 3 (Interpretation): 'credit value means the number of credits, with each "
            "credit representing ten notional learning hours'",
            "https://www.nzqa.govt.nz/about-us/our-role/legislation/nzqa-rules/"
            "nzqf-related-rules/nzqf-qualification-listing-and-operational-rules/3/", _P)),
    CreditSystemSpec(
        "SCQF_CREDIT", "SCQF credit point", "SCQF単位ポイント", _F(10), _F(10), Reference(
            "Credit Points", "SCQF Partnership", "n.d. (page as stored in 2026)",
            "'one credit point represents the amount of learning achieved through a notional "
            "10 hours of learning time'",
            "http://www.scqf.org.uk/AbouttheFramework/CreditPoints.aspx", _P)),
    CreditSystemSpec(
        "MIT_UNIT", "MIT unit", "MITユニット", _F(14), _F(14), Reference(
            "Subject Levels & Credit", "MIT Office of the Registrar", "n.d. (page as stored in "
            "2026)", "Credit: 'One MIT unit is approximately equal to 14 hours of work per term'",
            "https://registrar.mit.edu/registration-academics/academic-requirements/"
            "subject-levels-credit", _P,
            note="'approximately', encoded as its value 14 h; MIT itself offers no official "
                 "conversion to other credit systems")),
    CreditSystemSpec(
        "IE_ECTS", "ECTS credit as stated by Irish higher education institutions",
        "アイルランドの高等教育機関が定めるECTS単位", _F(20), _F(25), Reference(
            "Credits & Professional Certifications: What is an ECTS Credit?",
            "Technological University Dublin", "n.d. (page as stored in 2026)",
            "'Each ECTS credit corresponds to 20-25 learning hours'",
            "https://tudublin.ie/study/part-time/how-to-apply/credits-and-professional-"
            "certifications", _P,
            note="an institution's statement, also used for NFQ awards (Higher Certificate = "
                 "120 ECTS, level 6); Dundalk IT states 20 h; the ECTS Users' Guide itself "
                 "gives 25-30 h (ECTS). No national (QQI/NFQ) figure was found")),
    CreditSystemSpec(
        "TH_CREDIT", "Thai credit (หน่วยกิต)", "タイの単位（หน่วยกิต）", None, None, Reference(
            "เกณฑ์มาตรฐานหลักสูตรระดับปริญญาตรี พ.ศ. 2565 (Criteria for Undergraduate "
            "Programme Standards B.E. 2565)", "คณะกรรมการมาตรฐานการอุดมศึกษา (Higher Education "
            "Standards Committee, Thailand)", "2022", "",
            "https://acrd.tu.ac.th/course/standard.html", _U,
            via="https://online.flipbuilder.com/icsg/qtje/files/basic-html/page124.html (a "
                "university regulation: lecture 15 h, laboratory 30-45 h, practice or field "
                "study 45 h of instruction per credit per semester)",
            note="a Thai credit is defined by hours of instruction per semester by mode of study, "
                 "not by notional learning hours, and no primary source giving notional hours "
                 "per credit was found: no figure is encoded (convert with an agreed factor)")),
    CreditSystemSpec(
        "SG_SIT_CREDIT", "Singapore Institute of Technology credit",
        "シンガポール工科大学（SIT）の単位", None, None, Reference(
            "Academic Bulletin: Graduation Requirements (Competency-based Stackable "
            "Micro-credential pathway)", "Singapore Institute of Technology", "2024",
            "'a bachelor's degree typically requires completion of a minimum of 180 or 240 "
            "credits'",
            "https://singaporetech.edu.sg/academic-bulletin/undergraduate-programmes-competency-"
            "based-stackable-micro-credential-pathway/graduation-requirements", _P,
            note="SIT's public bulletin gives credit totals but no hours per credit, and no "
                 "public SIT source giving them was found: no figure is encoded (convert with "
                 "an agreed factor)")),
)
for _spec in _BUILTIN:
    setattr(CreditSystem, _spec.key, register_credit_system(_spec))
_BUILTIN_KEYS = frozenset(s.key for s in _BUILTIN)
