"""Framework profiles: which descriptors a framework requires, as sourced, versioned data.

A :class:`Profile` gives, for every :class:`~microcred.Descriptor`, a :class:`Requirement` (with
a note and a citation: a :class:`~microcred.frameworks.Reference` to a public document with its
verification status) plus value constraints such as a minimum volume.

:data:`ALL` reproduces the five columns of the comparison table of the JV-Campus/JMOOC joint
WG's micro-credential framework (2024), as shown in the talk 「マイクロクレデンシャルの国内外の
最新動向と質保証」 (井上雅裕), cell for cell (必須 → REQUIRED, 選択 → OPTIONAL, 有り → LISTED,
blank → NOT_LISTED). The other built-ins are encoded from the frameworks' own texts:
:data:`EU_COUNCIL_2022`, :data:`AU_NMF_2021`, :data:`MY_SAMC_2023`, :data:`NZ_NZQA_2022`,
:data:`UK_QAA_2022`, :data:`IE_IUA_MICROCREDS`, :data:`CA_ECAMPUSONTARIO_2020`. Earlier
versions (:data:`SUPERSEDED`) are reachable with
``get(name, as_of=date)``. :func:`union`, :func:`intersection`, :func:`diff` and
:func:`conflicts` combine profiles; :func:`matrix` checks many credentials against many
profiles and :func:`portable_to_all` says what to add to meet them all.

>>> from microcred import profiles, Descriptor
>>> profiles.JWG.requirement(Descriptor.LEARNING_OUTCOMES)
<Requirement.REQUIRED: 'required'>
>>> profiles.EU_COUNCIL_2022.requirement(Descriptor.LEVEL)
<Requirement.CONDITIONAL: 'conditional'>
>>> print(profiles.compare().to_markdown(lang="ja").splitlines()[0])
| # | 記述項目 | JWG | EU | Australia | Malaysia | 履修証明 |
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Protocol

from . import _frameworks_data as _fwd
from ._credits import CreditSystem, hours_per_credit
from ._errors import ProfileError
from ._model import (
    Descriptor,
    LevelFramework,
    MicroCredential,
    ProviderKind,
    QAKind,
    Side,
)
from ._sources import Reference

__all__ = [
    "ALL",
    "AUSTRALIA",
    "AU_NMF_2021",
    "BUILTIN",
    "CA_ECAMPUSONTARIO_2020",
    "EU",
    "EU_COM_2021_770",
    "EU_COUNCIL_2022",
    "IE_IUA_MICROCREDS",
    "JP_CERTIFICATE_PROGRAMME",
    "JP_CERTIFICATE_PROGRAMME_2007",
    "JWG",
    "JWG_2023_DRAFT",
    "MALAYSIA",
    "MY_SAMC_2023",
    "NZ_NZQA_2018",
    "NZ_NZQA_2022",
    "SUPERSEDED",
    "UK_QAA_2022",
    "UNENCODED_VERSIONS",
    "VERSIONS",
    "Comparison",
    "Conflict",
    "ConformanceMatrix",
    "Constraint",
    "CreditBearing",
    "CreditSize",
    "CreditsIn",
    "EffortBasis",
    "EffortSteps",
    "Finding",
    "Gap",
    "InternalQARequired",
    "LevelFrameworkIn",
    "MaxOutcomesPerCredit",
    "MaximumEffort",
    "MinimumEffort",
    "OutcomesAligned",
    "Portability",
    "PreferredCreditSystem",
    "Profile",
    "ProfileDiff",
    "ProfileReport",
    "ProviderKindIn",
    "QAStatementIfUnregulated",
    "Requirement",
    "Rule",
    "RuleDifference",
    "Severity",
    "Status",
    "UnencodedVersion",
    "check",
    "compare",
    "conflicts",
    "diff",
    "gap",
    "get",
    "history",
    "intersection",
    "matrix",
    "portable_to_all",
    "union",
]


def _ja(lang: str) -> bool:
    return lang.lower().startswith("ja")


# --------------------------------------------------------------------------------------------
# Requirement levels, rules, findings
# --------------------------------------------------------------------------------------------


class Requirement(str, enum.Enum):
    """How a framework treats a descriptor.

    The JWG table's symbols map as 必須 → REQUIRED, 選択 → OPTIONAL, 有り → LISTED (present in
    the framework, status not graded), blank → NOT_LISTED. CONDITIONAL is for elements a primary
    source requires only in some cases (EU: level "if applicable").
    """

    REQUIRED = "required"
    CONDITIONAL = "conditional"
    OPTIONAL = "optional"
    LISTED = "listed"
    NOT_LISTED = "not_listed"

    @property
    def label_en(self) -> str:
        """English cell text."""
        return _REQ_LABELS[self][0]

    @property
    def label_ja(self) -> str:
        """Japanese cell text (the JWG table's symbols; 条件付き for CONDITIONAL)."""
        return _REQ_LABELS[self][1]

    def label(self, lang: str = "en") -> str:
        """Cell text in ``lang``."""
        return self.label_ja if _ja(lang) else self.label_en

    @classmethod
    def from_table_symbol(cls, symbol: str) -> Requirement:
        """Map a cell of the JWG table (必須, 選択, 有り or blank) to a requirement."""
        return cls.from_seed_symbol(symbol)

    @classmethod
    def from_seed_symbol(cls, symbol: str) -> Requirement:
        """Map a cell of the JWG table (必須, 選択, 有り or blank) to a requirement."""
        try:
            return _FROM_SYMBOL[symbol.strip()]
        except KeyError:
            raise ProfileError(
                f"unknown table symbol {symbol!r} (use 必須, 選択, 有り or blank)") from None


_REQ_LABELS: dict[Requirement, tuple[str, str]] = {
    Requirement.REQUIRED: ("Required", "必須"),
    Requirement.CONDITIONAL: ("Conditional", "条件付き"),
    Requirement.OPTIONAL: ("Optional", "選択"),
    Requirement.LISTED: ("Listed", "有り"),
    Requirement.NOT_LISTED: ("", ""),
}
_FROM_SYMBOL = {"必須": Requirement.REQUIRED, "選択": Requirement.OPTIONAL,
              "有り": Requirement.LISTED, "": Requirement.NOT_LISTED}


@dataclass(frozen=True)
class Rule:
    """A profile's treatment of one descriptor: requirement, optional note and citation.

    ``ref`` is the structured :class:`~microcred.frameworks.Reference` of the cell (document,
    body, date, section, URL, status); ``citation`` is its one-line text (filled from ``ref``
    when not given).
    """

    requirement: Requirement
    note_en: str = ""
    note_ja: str = ""
    citation: str = ""
    ref: Reference | None = None

    def __post_init__(self) -> None:
        if not self.citation and self.ref is not None:
            object.__setattr__(self, "citation", str(self.ref))

    def note(self, lang: str = "en") -> str:
        """The note in ``lang`` (falls back to English)."""
        return (self.note_ja or self.note_en) if _ja(lang) else self.note_en


class Severity(str, enum.Enum):
    """How a finding affects conformance."""

    ERROR = "error"  # the credential does not conform
    UNDETERMINED = "undetermined"  # the data cannot show conformance either way
    WARNING = "warning"  # conformance holds, but the framework asks for more where applicable
    INFO = "info"


class Status(str, enum.Enum):
    """Outcome of a profile check."""

    CONFORMS = "conforms"
    DOES_NOT_CONFORM = "does_not_conform"
    INDETERMINATE = "indeterminate"

    @property
    def label_en(self) -> str:
        """English label."""
        return {"conforms": "conforms", "does_not_conform": "does not conform",
                "indeterminate": "cannot be decided from the data"}[self.value]

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return {"conforms": "適合", "does_not_conform": "不適合",
                "indeterminate": "データからは判定できません"}[self.value]

    def label(self, lang: str = "en") -> str:
        """Label in ``lang``."""
        return self.label_ja if _ja(lang) else self.label_en


@dataclass(frozen=True)
class Finding:
    """One finding of a profile check, with an English and a Japanese message."""

    code: str
    severity: Severity
    message_en: str
    message_ja: str
    descriptor: Descriptor | None = None
    citation: str = ""

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return self.message_ja if _ja(lang) else self.message_en

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"code": self.code, "severity": self.severity.value,
                "descriptor": self.descriptor.value if self.descriptor else None,
                "message_en": self.message_en, "message_ja": self.message_ja,
                "citation": self.citation}


# --------------------------------------------------------------------------------------------
# Constraints (data; each knows how to check itself)
# --------------------------------------------------------------------------------------------


class Constraint(Protocol):
    """A value constraint of a profile. Implementations are frozen dataclasses."""

    @property
    def code(self) -> str:
        """Machine-readable code used in findings."""
        ...

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        ...

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Findings for ``mc`` (empty when satisfied)."""
        ...


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):g}"


def _span(low: Fraction, high: Fraction) -> str:
    return _fmt(low) if low == high else f"{_fmt(low)}–{_fmt(high)}"


class EffortBasis(str, enum.Enum):
    """Which hours a volume rule counts.

    NOTIONAL: the whole learner effort (notional learning hours, workload). CONTACT: hours of
    instruction (授業時間). UNSTATED: the source does not say; the rule is then met when the
    notional hours reach it (the more lenient reading, since contact hours are part of them).
    """

    NOTIONAL = "notional"
    CONTACT = "contact"
    UNSTATED = "unstated"

    def label(self, lang: str = "en") -> str:
        """Label in ``lang``."""
        en, ja = {"notional": ("notional hours", "総学習時間"),
                  "contact": ("contact hours", "授業時間"),
                  "unstated": ("hours (basis not stated by the source)",
                               "時間（根拠資料に区別の記載なし）")}[self.value]
        return ja if _ja(lang) else en


def _interval(mc: MicroCredential, basis: EffortBasis) -> tuple[Fraction, Fraction] | None:
    eff = mc.effort
    if eff is None:
        return None
    if basis is EffortBasis.CONTACT:
        return eff.contact_interval()
    return eff.hours_interval()


def _cite(citation: str, ref: Reference | None) -> str:
    return citation or (str(ref) if ref is not None else "")


def _effort_unknown(c: Any, descriptor: Descriptor, cite: str) -> Finding:
    return Finding(
        "effort_unknown", Severity.UNDETERMINED,
        f"learner effort is not stated, so '{c.describe()}' cannot be checked",
        f"学習量が記載されていないため「{c.describe('ja')}」を確認できません", descriptor, cite)


@dataclass(frozen=True)
class MinimumEffort:
    """Minimum learner effort: at least ``hours`` (counted on ``basis``), or (when ``credits``
    is set) alternatively at least that many credits in any credit system.

    Hours given as credits are converted with their range (:func:`~microcred.hours_per_credit`):
    the constraint is met when the low end reaches the minimum, violated when the high end stays
    below it, and undetermined in between. With ``basis=CONTACT`` the contact hours count; when
    only notional hours are stated, a notional total below the minimum is a violation (contact
    hours are part of it) and anything else is undetermined.
    """

    hours: Fraction
    credits: Fraction | None = None
    citation: str = ""
    code: str = "effort_below_minimum"
    basis: EffortBasis = EffortBasis.NOTIONAL
    ref: Reference | None = None

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        h = _fmt(self.hours)
        unit = self.basis.label(lang)
        if self.credits is None:
            return (f"{unit} {h} 時間以上" if _ja(lang)
                    else f"learner effort at least {h} h ({unit})")
        c = _fmt(self.credits)
        return (f"{unit} {h} 時間以上または {c} 単位以上" if _ja(lang)
                else f"learner effort at least {h} h ({unit}) or {c} credit(s)")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """See the class docstring."""
        cite = _cite(self.citation, self.ref)
        eff = mc.effort
        if eff is None:
            return [_effort_unknown(self, Descriptor.LEARNER_EFFORT, cite)]
        if self.credits is not None and any(c.amount >= self.credits for c in eff.credits):
            return []
        contact_unknown = self.basis is EffortBasis.CONTACT and eff.contact_hours is None
        # Without contact hours, the notional hours bound them from above.
        counted = (EffortBasis.CONTACT if self.basis is EffortBasis.CONTACT and not contact_unknown
                   else EffortBasis.NOTIONAL)
        low, high = (eff.contact_interval() if counted is EffortBasis.CONTACT
                     else eff.hours_interval())
        if low >= self.hours and not contact_unknown:
            return []
        h = _fmt(self.hours)
        unit, unit_ja = counted.label(), counted.label("ja")
        if high < self.hours:
            return [Finding(
                self.code, Severity.ERROR,
                f"learner effort {_span(low, high)} h ({unit}) is below the minimum: "
                f"{self.describe()}",
                f"学習量 {_span(low, high)} 時間（{unit_ja}）は下限に達しません"
                f"（{self.describe('ja')}）",
                Descriptor.LEARNER_EFFORT, cite)]
        if contact_unknown and low >= self.hours:
            return [Finding(
                "contact_hours_unknown", Severity.UNDETERMINED,
                f"the minimum counts contact hours ({h} h), which are not stated",
                f"下限（{h} 時間）は授業時間で数えますが、授業時間数が記載されていません",
                Descriptor.LEARNER_EFFORT, cite)]
        return [Finding(
            "effort_indeterminate", Severity.UNDETERMINED,
            f"learner effort converts to {_span(low, high)} h, which may or may not reach {h} h; "
            "state the notional hours",
            f"学習量は換算で {_span(low, high)} 時間となり、{h} 時間以上か判定できません。"
            "総学習時間を記載してください",
            Descriptor.LEARNER_EFFORT, cite)]


@dataclass(frozen=True)
class MaximumEffort:
    """Maximum learner effort: below ``hours`` (``strict``) or at most ``hours``, counted on
    ``basis`` (e.g. the Australian framework: "less than an AQF award qualification")."""

    hours: Fraction
    strict: bool = True
    basis: EffortBasis = EffortBasis.NOTIONAL
    citation: str = ""
    ref: Reference | None = None
    code: str = "effort_above_maximum"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        h = _fmt(self.hours)
        if _ja(lang):
            return f"{self.basis.label(lang)} {h} 時間{'未満' if self.strict else '以下'}"
        word = "below" if self.strict else "at most"
        return f"learner effort {word} {h} h ({self.basis.label()})"

    def _ok(self, x: Fraction) -> bool:
        return x < self.hours if self.strict else x <= self.hours

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Met when the whole interval is below the bound; violated when none of it is."""
        cite = _cite(self.citation, self.ref)
        interval = _interval(mc, self.basis)
        if interval is None:
            return [_effort_unknown(self, Descriptor.LEARNER_EFFORT, cite)]
        low, high = interval
        if self._ok(high):
            return []
        if not self._ok(low):
            return [Finding(
                self.code, Severity.ERROR,
                f"learner effort {_span(low, high)} h is above the maximum: {self.describe()}",
                f"学習量 {_span(low, high)} 時間は上限を超えています（{self.describe('ja')}）",
                Descriptor.LEARNER_EFFORT, cite)]
        return [Finding(
            "effort_indeterminate", Severity.UNDETERMINED,
            f"learner effort converts to {_span(low, high)} h, which may exceed the maximum "
            f"({self.describe()}); state the notional hours",
            f"学習量は換算で {_span(low, high)} 時間となり、上限（{self.describe('ja')}）を"
            "超えるか判定できません",
            Descriptor.LEARNER_EFFORT, cite)]


@dataclass(frozen=True)
class EffortSteps:
    """Notional hours are ``minimum`` plus a whole number of ``step`` hours (Malaysia SAMC:
    40 h = 1 credit, then increments of 20 h = 0.5 credit)."""

    minimum: Fraction
    step: Fraction
    citation: str = ""
    ref: Reference | None = None
    code: str = "effort_step"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        m, s = _fmt(self.minimum), _fmt(self.step)
        return (f"総学習時間は {m} 時間以上、{s} 時間刻み" if _ja(lang)
                else f"notional hours of at least {m}, in steps of {s}")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Undetermined unless the notional hours are known exactly."""
        cite = _cite(self.citation, self.ref)
        interval = _interval(mc, EffortBasis.NOTIONAL)
        if interval is None or interval[0] != interval[1]:
            return [Finding(
                "effort_steps_unknown", Severity.UNDETERMINED,
                f"the exact notional hours are not stated ({self.describe()})",
                f"総学習時間が確定できません（{self.describe('ja')}）",
                Descriptor.LEARNER_EFFORT, cite)]
        h = interval[0]
        if h >= self.minimum and ((h - self.minimum) / self.step).denominator == 1:
            return []
        return [Finding(
            self.code, Severity.ERROR,
            f"{_fmt(h)} notional hours do not fit: {self.describe()}",
            f"総学習時間 {_fmt(h)} 時間は要件に合いません（{self.describe('ja')}）",
            Descriptor.LEARNER_EFFORT, cite)]


@dataclass(frozen=True)
class CreditSize:
    """Size in ``system`` credits within ``[low, high]`` (``low`` may be ``None``): stated
    credits of that system, or the notional hours converted with its hours per credit."""

    system: CreditSystem
    low: Fraction | None
    high: Fraction
    citation: str = ""
    ref: Reference | None = None
    code: str = "credit_size"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        sys_ = self.system.label(lang)
        hi = _fmt(self.high)
        if self.low is None:
            return f"{sys_} {hi} 以下" if _ja(lang) else f"at most {hi} {sys_}s"
        lo = _fmt(self.low)
        return f"{sys_} {lo}〜{hi}" if _ja(lang) else f"{lo} to {hi} {sys_}s"

    def size(self, mc: MicroCredential) -> tuple[Fraction, Fraction] | None:
        """Credit size interval, or ``None`` when no effort is stated."""
        eff = mc.effort
        if eff is None:
            return None
        for c in eff.credits:
            if c.system is self.system:
                a = Fraction(c.amount)
                return a, a
        low_h, high_h = eff.hours_interval()
        per = hours_per_credit(self.system)
        return low_h / per.high, high_h / per.low

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Met, violated or undetermined as the size interval lies inside, outside or across."""
        cite = _cite(self.citation, self.ref)
        size = self.size(mc)
        if size is None:
            return [_effort_unknown(self, Descriptor.LEARNER_EFFORT, cite)]
        low, high = size
        lo = self.low if self.low is not None else Fraction(0)
        if lo <= low and high <= self.high:
            return []
        if high < lo or low > self.high:
            return [Finding(
                self.code, Severity.ERROR,
                f"size {_span(low, high)} {self.system.value} is outside {self.describe()}",
                f"規模 {_span(low, high)} {self.system.label_ja} は範囲外です"
                f"（{self.describe('ja')}）",
                Descriptor.LEARNER_EFFORT, cite)]
        return [Finding(
            "credit_size_indeterminate", Severity.UNDETERMINED,
            f"size converts to {_span(low, high)} {self.system.value}; state the credits "
            f"({self.describe()})",
            f"規模は換算で {_span(low, high)} となり判定できません（{self.describe('ja')}）",
            Descriptor.LEARNER_EFFORT, cite)]


@dataclass(frozen=True)
class MaxOutcomesPerCredit:
    """At most ``per_credit`` learning outcomes per credit of ``system`` (Malaysia SAMC: no
    more than two intended learning outcomes per credit)."""

    per_credit: int
    system: CreditSystem
    citation: str = ""
    ref: Reference | None = None
    code: str = "too_many_outcomes"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        return (f"学修成果は {self.system.label_ja} 1単位あたり {self.per_credit} 件まで"
                if _ja(lang)
                else f"at most {self.per_credit} learning outcomes per {self.system.label_en}")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Uses :class:`CreditSize` to find the credits."""
        n = len(mc.learning_outcomes)
        if n == 0:
            return []
        size = CreditSize(self.system, None, Fraction(10**9)).size(mc)
        cite = _cite(self.citation, self.ref)
        if size is None:
            return [_effort_unknown(self, Descriptor.LEARNING_OUTCOMES, cite)]
        low, high = size
        if n <= self.per_credit * low:
            return []
        if n > self.per_credit * high:
            return [Finding(
                self.code, Severity.ERROR,
                f"{n} learning outcomes for {_span(low, high)} credit(s): {self.describe()}",
                f"{_span(low, high)} 単位に学修成果が {n} 件あります（{self.describe('ja')}）",
                Descriptor.LEARNING_OUTCOMES, cite)]
        return [Finding(
            "outcomes_per_credit_indeterminate", Severity.UNDETERMINED,
            f"{n} learning outcomes for {_span(low, high)} credit(s) may exceed "
            f"{self.describe()}",
            f"学修成果 {n} 件が上限を超えるか判定できません（{self.describe('ja')}）",
            Descriptor.LEARNING_OUTCOMES, cite)]


@dataclass(frozen=True)
class CreditBearing:
    """The micro-credential awards credits (credit / other recognition names an amount)."""

    citation: str = ""
    ref: Reference | None = None
    code: str = "not_credit_bearing"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        return "単位を授与すること" if _ja(lang) else "credit-bearing (credits are awarded)"

    def check(self, mc: MicroCredential) -> list[Finding]:
        """An error when recognition is stated without credits; absence is a descriptor rule."""
        r = mc.recognition
        if r is None or r.credits:
            return []
        return [Finding(
            self.code, Severity.ERROR,
            f"recognition names no credits; required: {self.describe()}",
            f"単位数が記載されていません（{self.describe('ja')}）",
            Descriptor.CREDIT_RECOGNITION, _cite(self.citation, self.ref))]


@dataclass(frozen=True)
class CreditsIn:
    """Credits are stated in ``system`` (e.g. ECTS-bearing micro-credentials in Ireland), in
    the credit recognition or the learner effort."""

    system: CreditSystem
    citation: str = ""
    ref: Reference | None = None
    code: str = "credit_system_missing"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        return (f"{self.system.label_ja} で単位を記載" if _ja(lang)
                else f"credits stated in {self.system.label_en}s")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """An error when no credits of ``system`` are stated."""
        credits = [*(mc.recognition.credits if mc.recognition else []),
                   *(mc.effort.credits if mc.effort else [])]
        if any(c.system is self.system for c in credits):
            return []
        return [Finding(
            self.code, Severity.ERROR,
            f"no credits in {self.system.label_en}s are stated ({self.describe()})",
            f"{self.system.label_ja} の単位数が記載されていません（{self.describe('ja')}）",
            Descriptor.CREDIT_RECOGNITION, _cite(self.citation, self.ref))]


@dataclass(frozen=True)
class OutcomesAligned:
    """Every learning outcome is aligned to an item of a competency framework (eCampusOntario:
    "aligned with a common competency framework such as ESCO")."""

    citation: str = ""
    ref: Reference | None = None
    code: str = "outcome_not_aligned"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        return ("学修成果をコンピテンシー枠組みに対応付け" if _ja(lang)
                else "learning outcomes aligned to a competency framework")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """One error per outcome without an alignment."""
        cite = _cite(self.citation, self.ref)
        return [Finding(
            self.code, Severity.ERROR,
            f"learning outcome {i + 1} is not aligned to a competency framework",
            f"学修成果 {i + 1} がコンピテンシー枠組みに対応付けられていません",
            Descriptor.LEARNING_OUTCOMES, cite)
            for i, lo in enumerate(mc.learning_outcomes) if not lo.alignments]


@dataclass(frozen=True)
class InternalQARequired:
    """Internal quality assurance must be among the QA statements (the JV-Campus/JMOOC QA
    matrix: internal QA is the required condition, external accreditation is not)."""

    citation: str = ""
    ref: Reference | None = None
    code: str = "internal_qa_missing"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        return "内部質保証を記載すること" if _ja(lang) else "internal quality assurance is stated"

    def check(self, mc: MicroCredential) -> list[Finding]:
        """An error when QA is stated but none of it is internal."""
        qa = mc.quality_assurance
        if not qa or any(q.kind is QAKind.INTERNAL for q in qa):
            return []
        return [Finding(
            self.code, Severity.ERROR,
            "only external quality assurance is stated; internal QA is required",
            "外部質保証のみが記載されています。内部質保証が必須です",
            Descriptor.QUALITY_ASSURANCE, _cite(self.citation, self.ref))]


@dataclass(frozen=True)
class QAStatementIfUnregulated:
    """Providers outside the regulated sector must give a quality-assurance statement
    (Australian framework, minimum standards); regulated providers need not."""

    citation: str = ""
    ref: Reference | None = None
    code: str = "qa_statement_required"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        return ("規制対象外の提供者は質保証の記載が必須" if _ja(lang)
                else "a QA statement is mandatory for unregulated providers")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Error for an unregulated body without QA, undetermined when regulation is unknown."""
        if mc.quality_assurance:
            return []
        cite = _cite(self.citation, self.ref)
        bodies = mc.all_awarding_bodies()
        if bodies and all(b.regulated is True for b in bodies):
            return []
        if any(b.regulated is False for b in bodies):
            return [Finding(
                self.code, Severity.ERROR,
                "an unregulated provider must give a quality-assurance statement",
                "規制対象外の提供者は質保証の記載が必須です",
                Descriptor.QUALITY_ASSURANCE, cite)]
        return [Finding(
            "provider_regulation_unknown", Severity.UNDETERMINED,
            "no QA statement, and it is not stated whether the provider is regulated "
            f"({self.describe()})",
            f"質保証の記載がなく、提供者が規制対象か記載されていません（{self.describe('ja')}）",
            Descriptor.QUALITY_ASSURANCE, cite)]


@dataclass(frozen=True)
class ProviderKindIn:
    """Every awarding body must be of one of ``kinds`` (e.g. higher education for 履修証明)."""

    kinds: frozenset[ProviderKind]
    citation: str = ""
    code: str = "provider_kind"
    ref: Reference | None = None

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        names = ", ".join(sorted(k.label(lang) for k in self.kinds))
        return f"発行機関の種別: {names}" if _ja(lang) else f"awarding body is one of: {names}"

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Undetermined when an awarding body or its kind is not stated."""
        cite = _cite(self.citation, self.ref)
        bodies = mc.all_awarding_bodies()
        out: list[Finding] = []
        for body in bodies:
            if body.kind is not None and body.kind not in self.kinds:
                out.append(Finding(
                    self.code, Severity.ERROR,
                    f"awarding body is of kind '{body.kind.label_en}'; required: {self.describe()}",
                    f"発行機関の種別「{body.kind.label_ja}」は要件外です（{self.describe('ja')}）",
                    Descriptor.AWARDING_BODY, cite))
        if out:
            return out
        if not bodies or any(b.kind is None for b in bodies):
            return [Finding(
                "provider_kind_unknown", Severity.UNDETERMINED,
                f"the kind of awarding body is not stated ({self.describe()})",
                f"発行機関の種別が記載されていません（{self.describe('ja')}）",
                Descriptor.AWARDING_BODY, cite)]
        return []


@dataclass(frozen=True)
class LevelFrameworkIn:
    """When a level is stated, one of the credential's levels must be in ``frameworks``.

    ``severity`` is ERROR for a framework that states levels in its own framework (Malaysia:
    MQF) and WARNING where the level is asked for only "if applicable" (EU Annex I: a level in
    a national framework alone is not an error).
    """

    frameworks: frozenset[LevelFramework]
    citation: str = ""
    code: str = "level_framework"
    severity: Severity = Severity.ERROR
    ref: Reference | None = None

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        names = ", ".join(sorted(f.value for f in self.frameworks))
        return f"レベルの枠組み: {names}" if _ja(lang) else f"level expressed in: {names}"

    def check(self, mc: MicroCredential) -> list[Finding]:
        """No finding when no level is stated (the descriptor rule covers absence)."""
        levels = mc.all_levels()
        if not levels or any(lv.framework in self.frameworks for lv in levels):
            return []
        fw = ", ".join(lv.framework.value for lv in levels)
        return [Finding(
            self.code, self.severity,
            f"level is given in {fw}; expected {self.describe()}",
            f"レベルが {fw} で記載されています（{self.describe('ja')}）",
            Descriptor.LEVEL, _cite(self.citation, self.ref))]


@dataclass(frozen=True)
class PreferredCreditSystem:
    """Advice: effort should be expressed in ``system`` where possible (a WARNING, not an error)."""

    system: CreditSystem
    citation: str = ""
    code: str = "preferred_credit_system"
    ref: Reference | None = None

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        return (f"可能な限り {self.system.label_ja} で学習量を表示" if _ja(lang)
                else f"effort in {self.system.label_en}s wherever possible")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """A warning when effort is stated but not in the preferred system."""
        eff = mc.effort
        if eff is None or any(c.system is self.system for c in eff.credits):
            return []
        return [Finding(
            self.code, Severity.WARNING,
            f"learner effort is not expressed in {self.system.label_en}s ({self.describe()})",
            f"学習量が {self.system.label_ja} で表示されていません（{self.describe('ja')}）",
            Descriptor.LEARNER_EFFORT, _cite(self.citation, self.ref))]


# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A framework profile: requirement per descriptor plus value constraints, with its version.

    ``rules`` may omit descriptors; omitted ones are NOT_LISTED. Researchers can define their own
    profiles and compare them with the built-ins via :func:`compare`.

    Versions: ``family`` groups the versions of one framework (defaults to ``key``);
    ``version``, ``effective_from`` and ``superseded_by`` (the key of the next version) let
    :func:`get` pick the version in force on a date. ``describes`` says whether the framework
    describes the offering, the award or both (:class:`~microcred.Side`); ``references`` are the
    structured documents behind ``sources``.
    """

    key: str
    name_en: str
    name_ja: str
    jurisdiction: str
    sources: tuple[str, ...]
    rules: Mapping[Descriptor, Rule]
    constraints: tuple[Constraint, ...] = ()
    note_en: str = ""
    note_ja: str = ""
    version: str = ""
    effective_from: date | None = None
    superseded_by: str | None = None
    family: str = ""
    describes: frozenset[Side] = frozenset({Side.OFFERING, Side.AWARD})
    references: tuple[Reference, ...] = ()
    _full: Mapping[Descriptor, Rule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.key or not self.key.strip():
            raise ProfileError("a profile needs a non-empty key")
        full: dict[Descriptor, Rule] = {}
        for d, rule in self.rules.items():
            try:
                desc = Descriptor(d)
            except ValueError:
                raise ProfileError(f"profile {self.key}: unknown descriptor {d!r}") from None
            if not isinstance(rule, Rule):
                raise ProfileError(f"profile {self.key}: rule for {desc.value} is not a Rule")
            full[desc] = rule
        for d in Descriptor:
            full.setdefault(d, Rule(Requirement.NOT_LISTED))
        describes = frozenset(Side(s) for s in self.describes)
        if not describes:
            raise ProfileError(f"profile {self.key}: describes neither offering nor award")
        object.__setattr__(self, "describes", describes)
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))
        object.__setattr__(self, "_full", MappingProxyType({d: full[d] for d in Descriptor}))
        refs = tuple(self.references)
        object.__setattr__(self, "references", refs)
        srcs = tuple(self.sources) or tuple(str(r) for r in refs)
        object.__setattr__(self, "sources", srcs)
        object.__setattr__(self, "constraints", tuple(self.constraints))
        object.__setattr__(self, "family", self.family or self.key)

    def name(self, lang: str = "en") -> str:
        """Display name in ``lang``."""
        return self.name_ja if _ja(lang) else self.name_en

    def rule(self, descriptor: Descriptor | str) -> Rule:
        """The rule for ``descriptor`` (NOT_LISTED when the profile is silent)."""
        return self._full[Descriptor(descriptor)]

    def requirement(self, descriptor: Descriptor | str) -> Requirement:
        """The requirement level for ``descriptor``."""
        return self.rule(descriptor).requirement

    def descriptors(self, requirement: Requirement) -> tuple[Descriptor, ...]:
        """Descriptors with the given requirement, in table order."""
        return tuple(d for d, r in self._full.items() if r.requirement is requirement)

    def in_force(self, on: date) -> bool:
        """Whether this version applies on ``on`` (from ``effective_from`` until the
        successor's)."""
        if self.effective_from is not None and on < self.effective_from:
            return False
        if self.superseded_by is not None:
            nxt = _by_key(self.superseded_by)
            if nxt is not None and nxt.effective_from is not None and on >= nxt.effective_from:
                return False
        return True

    def __hash__(self) -> int:
        return hash(self.key)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description: metadata, a rule per descriptor, constraint descriptions."""
        return {
            "key": self.key, "name_en": self.name_en, "name_ja": self.name_ja,
            "jurisdiction": self.jurisdiction, "sources": list(self.sources),
            "references": [r.as_dict() for r in self.references],
            "note_en": self.note_en, "note_ja": self.note_ja,
            "family": self.family, "version": self.version,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "superseded_by": self.superseded_by,
            "describes": sorted(s.value for s in self.describes),
            "rules": {d.value: {"requirement": r.requirement.value, "note_en": r.note_en,
                                "note_ja": r.note_ja, "citation": r.citation,
                                "reference": r.ref.as_dict() if r.ref else None}
                      for d, r in self._full.items()},
            "constraints": [{"code": c.code, "en": c.describe("en"), "ja": c.describe("ja")}
                            for c in self.constraints],
        }


def _rules(table: Mapping[Descriptor, str], notes: Mapping[Descriptor, tuple[str, str, str]],
           refs: Mapping[Descriptor, Reference] | None = None) -> dict[Descriptor, Rule]:
    out: dict[Descriptor, Rule] = {}
    for d, symbol in table.items():
        req = Requirement[symbol] if symbol.isupper() else Requirement.from_seed_symbol(symbol)
        en, ja, cite = notes.get(d, ("", "", ""))
        ref = (refs or {}).get(d)
        if cite and ref is not None:
            cite = f"{ref}; {cite}"
        out[d] = Rule(req, en, ja, cite, ref)
    return out


# The comparison table of the JV-Campus/JMOOC framework as shown in the talk, one row per
# descriptor, columns JWG (案) | EU | Australia | Malaysia | 履修証明; "" is a blank cell.
_D = Descriptor
_TALK_TABLE: dict[Descriptor, tuple[str, str, str, str, str]] = {
    _D.LEARNER_IDENTIFICATION: ("必須", "必須", "", "有り", "有り"),
    _D.DATE_OF_ISSUING: ("必須", "必須", "", "有り", "有り"),
    _D.TITLE: ("必須", "必須", "必須", "有り", "有り"),
    _D.AWARDING_BODY: ("必須", "必須", "必須", "有り", "有り"),
    _D.COUNTRY_REGION: ("選択", "必須", "", "", ""),
    _D.CONTENT: ("必須", "", "必須", "", "有り"),
    _D.LEARNING_OUTCOMES: ("必須", "必須", "必須", "有り", ""),
    _D.FORM_OF_PARTICIPATION: ("必須", "必須", "必須", "有り", "有り"),
    _D.LANGUAGE: ("選択", "", "必須", "有り", ""),
    _D.LEARNER_EFFORT: ("必須", "必須", "必須", "有り", "有り"),
    _D.ASSESSMENT: ("必須", "必須", "必須", "有り", "有り"),
    _D.QUALITY_ASSURANCE: ("必須", "必須", "必須", "有り", "有り"),
    _D.LEVEL: ("選択", "必須", "", "有り", ""),
    _D.CERTIFICATION: ("選択", "", "必須", "", "有り"),
    _D.CREDIT_RECOGNITION: ("必須", "必須", "必須", "有り", "有り"),
    _D.PREREQUISITES: ("選択", "選択", "必須", "有り", "有り"),
    _D.STACKABILITY: ("選択", "選択", "選択", "", ""),
}
_COLUMNS = ("JWG (案)", "EU", "Australia", "Malaysia", "履修証明")


def _column(i: int) -> dict[Descriptor, str]:
    return {d: row[i] for d, row in _TALK_TABLE.items()}


def _cell_refs(i: int, doc: Reference) -> dict[Descriptor, Reference]:
    """One reference per cell: the framework's comparison table, row and column."""
    return {d: doc.at(f"common descriptors table, row {d.number} ({d.label_en}), "
                      f"column {_COLUMNS[i]}") for d in _TALK_TABLE}


_R = _fwd
_EU_OJ = str(_R.EU_OJ)
_TALK_CITE = str(_R.TALK)

_JWG_RULES = _rules(_column(0), {}, _cell_refs(0, _R.JWG_FRAMEWORK))
_JWG_CONSTRAINTS: tuple[Constraint, ...] = (
    MinimumEffort(Fraction(10), Fraction(1), basis=EffortBasis.UNSTATED,
                  ref=_R.TALK.at("slide 'マイクロクレデンシャルと履修証明プログラムの関係': "
                                 "総時間：10時間または1単位以上",
                                 note="the slide does not say whether the 10 hours are "
                                      "notional or contact hours")),
    InternalQARequired(ref=_R.TALK.at(
        "slide 'マイクロクレデンシャルの質保証のマトリックス' and 設計の条件: "
        "内部質保証の基準の公表",
        note="internal QA is the required condition; external accreditation is not required")),
)

JWG_2023_DRAFT = Profile(
    key="JWG_2023_DRAFT",
    name_en="JV-Campus/JMOOC joint WG micro-credential framework (draft, October 2023)",
    name_ja="JV-Campus・JMOOC 共同WG マイクロクレデンシャル・フレームワーク"
            "（ドラフト版、2023年10月）",
    jurisdiction="JP", sources=(), references=(_R.JWG_DRAFT, _R.TALK),
    rules=_rules(_column(0), {}, _cell_refs(0, _R.JWG_DRAFT)),
    constraints=_JWG_CONSTRAINTS,
    family="JWG", version="draft 2023-10", effective_from=date(2023, 10, 1),
    superseded_by="JWG",
    note_en="The column 案 (proposed) of the framework's comparison table, as shown in the talk.",
    note_ja="講演資料に示された比較表の「案」列。",
)

JWG = Profile(
    key="JWG",
    name_en="JV-Campus/JMOOC joint WG micro-credential framework (1st edition, April 2024)",
    name_ja="JV-Campus・JMOOC 共同WG マイクロクレデンシャル・フレームワーク（第1版、2024年4月）",
    jurisdiction="JP", sources=(),
    references=(_R.JWG_FRAMEWORK, _R.TALK),
    rules=_JWG_RULES,
    constraints=_JWG_CONSTRAINTS,
    family="JWG", version="1st edition 2024-04", effective_from=date(2024, 4, 1),
    note_en="Cells as the talk shows them (column 案 of the comparison table); the talk dates "
            "the 1st edition April 2024 and the table of that edition was not retrieved, so "
            "the cells are carried over from the proposal. The JWG's digital-issuance "
            "guidelines 1.1 (Open Badges 2.0) and 3.0 (Open Badges 3.0) are known to exist "
            "(UNENCODED_VERSIONS) but their texts were not read: none of their cells is "
            "encoded.",
    note_ja="講演資料の比較表「案」列による。第1版（2024年4月）の表は未入手のため案の内容を引き継ぐ。"
            "デジタル発行のためのガイドライン1.1（OpenBadge2.0）・3.0（OpenBadge3.0）は存在を"
            "確認したが本文は未読のため、その内容は記述していない（UNENCODED_VERSIONS）。",
)

EU = Profile(
    key="EU",
    name_en="EU (as tabulated in the JV-Campus/JMOOC framework)",
    name_ja="EU（JV-Campus/JMOOC フレームワークの比較表による）",
    jurisdiction="EU", sources=(), references=(_R.JWG_FRAMEWORK, _R.EU_OJ),
    rules=_rules(_column(1), {
        _D.LEVEL: (
            "The Recommendation asks for level only 'if applicable' (EQF, QF-EHEA); see "
            "EU_COUNCIL_2022.",
            "勧告原文ではレベルは「該当する場合」のみ（EQF、QF-EHEA）。EU_COUNCIL_2022 を参照。",
            f"{_EU_OJ}, Annex I element M8"),
        _D.CREDIT_RECOGNITION: (
            "No separate element in Annex I: ECTS is the unit of notional workload (M7) and "
            "recognition appears only as stackability (O4).",
            "附属書Iに独立した項目はなく、ECTSは学習量（M7）の単位として現れる。",
            f"{_EU_OJ}, Annex I elements M7 and O4"),
        _D.LEARNER_EFFORT: (
            "'Notional workload needed to achieve the learning outcomes (in ECTS, wherever "
            "possible)'.",
            "「学修成果の達成に必要な想定学習量（可能な限りECTS）」。",
            f"{_EU_OJ}, Annex I element M7"),
    }, _cell_refs(1, _R.JWG_FRAMEWORK)),
    describes=frozenset({Side.AWARD}),
    note_en="Column 'EU' of the JV-Campus/JMOOC framework's comparison table (name kept for "
            "compatibility); EU_COUNCIL_2022 encodes Annex I itself.",
    note_ja="JV-Campus/JMOOC フレームワークの比較表の「EU」列。"
            "附属書I そのものは EU_COUNCIL_2022。",
)

AUSTRALIA = Profile(
    key="AUSTRALIA",
    name_en="Australia: National Microcredentials Framework (2021)",
    name_ja="オーストラリア：National Microcredentials Framework（2021）",
    jurisdiction="AU", sources=(), references=(_R.JWG_FRAMEWORK, _R.AU_NMF),
    rules=_rules(_column(2), {
        _D.QUALITY_ASSURANCE: (
            "The NMF makes a QA statement mandatory only for unregulated providers; see "
            "AU_NMF_2021.",
            "NMF では質保証の記載は規制対象外の提供者にのみ必須。AU_NMF_2021 を参照。",
            str(_R.AU_NMF.at("minimum standards"))),
    }, _cell_refs(2, _R.JWG_FRAMEWORK)),
    constraints=(MinimumEffort(Fraction(1), None, basis=EffortBasis.NOTIONAL,
                               ref=_R.AU_NMF.at("minimum standards: 'a volume of learning that "
                                                "is at least one hour'")),),
    describes=frozenset({Side.OFFERING}),
    note_en="Column 'Australia' of the JV-Campus/JMOOC framework's comparison table; "
            "AU_NMF_2021 encodes the framework's own rules (upper bound, QA statement).",
    note_ja="比較表の「Australia」列。枠組み自体の規則は AU_NMF_2021。",
)

MALAYSIA = Profile(
    key="MALAYSIA",
    name_en="Malaysia: MQA Guidelines to Good Practices: Micro-credentials (2020)",
    name_ja="マレーシア：MQA マイクロクレデンシャル優良実践ガイドライン（2020）",
    jurisdiction="MY", sources=(), references=(_R.JWG_FRAMEWORK, _R.MQA_GGP_MC),
    rules=_rules(_column(3), {
        _D.LEVEL: ("Levels follow the 8-level MQF.", "レベルは8段階のMQF。",
                   str(LevelFramework.MQF.source)),
    }, _cell_refs(3, _R.JWG_FRAMEWORK)),
    constraints=(LevelFrameworkIn(frozenset({LevelFramework.MQF}),
                                  ref=LevelFramework.MQF.source),),
    family="MQA", version="GGP:MC 2020", effective_from=date(2020, 8, 10),
    superseded_by="MY_SAMC_2023",
    note_en="Column 'Malaysia' of the JV-Campus/JMOOC framework's comparison table (有り: "
            "listed, status not graded). For stand-alone micro-credentials MQA's SAMC "
            "guidelines (2023) follow; see MY_SAMC_2023.",
    note_ja="比較表の「Malaysia」列。単独型のマイクロクレデンシャルは SAMC（2023）を参照。",
)

_RISHU_NOTES: dict[Descriptor, tuple[str, str, str]] = {
    _D.CREDIT_RECOGNITION: (
        "Universities may award credit to participants since August 2019; not required.",
        "2019年8月以降、単位授与が可能（必須ではない）。", str(_R.NIAD_GLOSSARY)),
    _D.QUALITY_ASSURANCE: (
        "An institutional duty to set up a system for design, evaluation and issuance.",
        "課程の編成・実施状況の評価・履修証明書の交付に必要な体制の整備（機関の義務）。",
        str(_R.SEKO_KISOKU_2008)),
}
_RISHU_PROVIDER = ProviderKindIn(
    frozenset({ProviderKind.HIGHER_EDUCATION}),
    ref=_R.GAKKO_KYOIKU_HO_105.at("「大学は…証明書を交付することができる」"))


def _rishu_minimum(hours: int, ref: Reference) -> MinimumEffort:
    return MinimumEffort(Fraction(hours), None, basis=EffortBasis.CONTACT, ref=ref)


JP_CERTIFICATE_PROGRAMME_2007 = Profile(
    key="JP_CERTIFICATE_PROGRAMME_2007",
    name_en="Japan: certificate programme (履修証明プログラム), 2007 rules (120 hours)",
    name_ja="履修証明（2007年制度、120時間以上）",
    jurisdiction="JP", sources=(),
    references=(_R.SEKO_KISOKU_2008, _R.GAKKO_KYOIKU_HO_105, _R.MEXT_NOTICE_2008),
    rules=_rules(_column(4), _RISHU_NOTES, _cell_refs(4, _R.JWG_FRAMEWORK)),
    constraints=(_rishu_minimum(120, _R.SEKO_KISOKU_2008.at(
        "2.(1): 履修証明の課程は、120時間以上")),
                 _RISHU_PROVIDER),
    family="JP_CERTIFICATE_PROGRAMME", version="2007", effective_from=date(2007, 12, 26),
    superseded_by="JP_CERTIFICATE_PROGRAMME",
    note_en="学校教育法 第105条 and 施行規則 第164条 as enacted (in force 26 December 2007): at "
            "least 120 hours, counted as hours of instruction.",
    note_ja="制度創設時（2007年12月26日施行）：総時間数120時間以上。",
)

JP_CERTIFICATE_PROGRAMME = Profile(
    key="JP_CERTIFICATE_PROGRAMME",
    name_en="Japan: certificate programme (履修証明プログラム)",
    name_ja="履修証明",
    jurisdiction="JP", sources=(),
    references=(_R.JWG_FRAMEWORK, _R.RISHU_60H_2019, _R.RISHU_CONTACT, _R.GAKKO_KYOIKU_HO_105),
    rules=_rules(_column(4), _RISHU_NOTES, _cell_refs(4, _R.JWG_FRAMEWORK)),
    constraints=(_rishu_minimum(60, _R.RISHU_60H_2019), _RISHU_PROVIDER),
    family="JP_CERTIFICATE_PROGRAMME", version="2019", effective_from=date(2019, 4, 1),
    note_en="Column '履修証明' of the JV-Campus/JMOOC framework's comparison table, with the "
            "2019 minimum of 60 hours (120 hours before April 2019: JP_CERTIFICATE_PROGRAMME_"
            "2007). The hours are read as hours of instruction (授業時間).",
    note_ja="比較表の「履修証明」列。2019年4月以降 総時間数60時間以上（授業時間として扱う）。",
)

_EU_ANNEX_ROWS: dict[Descriptor, str] = {
    _D.LEARNER_IDENTIFICATION: "REQUIRED",
    _D.DATE_OF_ISSUING: "REQUIRED",
    _D.TITLE: "REQUIRED",
    _D.AWARDING_BODY: "REQUIRED",
    _D.COUNTRY_REGION: "REQUIRED",
    _D.CONTENT: "NOT_LISTED",
    _D.LEARNING_OUTCOMES: "REQUIRED",
    _D.FORM_OF_PARTICIPATION: "REQUIRED",
    _D.LANGUAGE: "NOT_LISTED",
    _D.LEARNER_EFFORT: "REQUIRED",
    _D.ASSESSMENT: "REQUIRED",
    _D.QUALITY_ASSURANCE: "REQUIRED",
    _D.LEVEL: "CONDITIONAL",
    _D.CERTIFICATION: "NOT_LISTED",
    _D.CREDIT_RECOGNITION: "NOT_LISTED",
    _D.PREREQUISITES: "OPTIONAL",
    _D.STACKABILITY: "OPTIONAL",
    _D.SUPERVISION_IDENTITY_VERIFICATION: "OPTIONAL",
    _D.GRADE: "OPTIONAL",
    _D.FURTHER_INFORMATION: "OPTIONAL",
}

_ANNEX_ELEMENTS: dict[Descriptor, tuple[str, str, str]] = {
    _D.LEARNER_IDENTIFICATION: ("mandatory element M1", "", ""),
    _D.TITLE: ("mandatory element M2", "", ""),
    _D.COUNTRY_REGION: ("mandatory element M3", "Country(ies)/Region(s) of the issuer.",
                        "発行者の国・地域（複数可）。"),
    _D.AWARDING_BODY: ("mandatory element M4", "Awarding body(ies).", "発行機関（複数可）。"),
    _D.DATE_OF_ISSUING: ("mandatory element M5", "", ""),
    _D.LEARNING_OUTCOMES: ("mandatory element M6", "", ""),
    _D.LEARNER_EFFORT: (
        "mandatory element M7",
        "Notional workload needed to achieve the learning outcomes, in ECTS wherever possible.",
        "学修成果の達成に必要な想定学習量（可能な限りECTS）。"),
    _D.LEVEL: (
        "mandatory element M8",
        "Level (and cycle, if applicable) in EQF / QF-EHEA, 'if applicable': a level in a "
        "national framework alone is a warning, not an error.",
        "レベル（EQF、QF-EHEA）は「該当する場合」に記載。国の枠組みのみの場合は警告。"),
    _D.ASSESSMENT: ("mandatory element M9", "", ""),
    _D.FORM_OF_PARTICIPATION: ("mandatory element M10", "", ""),
    _D.QUALITY_ASSURANCE: ("mandatory element M11", "", ""),
    _D.CONTENT: ("not an element", "Content only via 'Further information' and the "
                 "transparency principle (Annex II).",
                 "内容は「その他の情報」と透明性原則（附属書II）でのみ扱われる。"),
    _D.CREDIT_RECOGNITION: (
        "not an element", "ECTS appears as the unit of workload (M7), recognition as "
        "stackability (O4).", "ECTSは学習量（M7）の単位、認定は積み上げ（O4）として扱われる。"),
    _D.PREREQUISITES: ("optional element O1", "", ""),
    _D.SUPERVISION_IDENTITY_VERIFICATION: (
        "optional element O2", "Values: unsupervised with no identity verification, "
        "supervised with no identity verification, supervised online or onsite with identity "
        "verification.", "値：監督なし・本人確認なし／監督あり・本人確認なし／"
        "オンラインまたは対面の監督と本人確認あり。"),
    _D.GRADE: ("optional element O3", "", ""),
    _D.STACKABILITY: (
        "optional element O4", "Stand-alone, independent micro-credential / integrated, "
        "stackable towards another credential.", "独立型／他の資格へ積み上げ可能な統合型。"),
    _D.FURTHER_INFORMATION: ("optional element O5", "", ""),
}


def _annex_rules(doc: Reference) -> dict[Descriptor, Rule]:
    out: dict[Descriptor, Rule] = {}
    for d, symbol in _EU_ANNEX_ROWS.items():
        element, en, ja = _ANNEX_ELEMENTS.get(d, ("not an element", "", ""))
        ref = doc.at(f"Annex I, {element}")
        out[d] = Rule(Requirement[symbol], en, ja, str(ref), ref)
    return out


_EU_LEVEL = LevelFrameworkIn(
    frozenset({LevelFramework.EQF, LevelFramework.QF_EHEA}), severity=Severity.WARNING,
    ref=_R.EU_OJ.at("Annex I, mandatory element M8 ('if applicable')"))

EU_COM_2021_770 = Profile(
    key="EU_COM_2021_770",
    name_en="EU: Commission proposal COM(2021) 770, Annex I",
    name_ja="EU：欧州委員会提案 COM(2021) 770 附属書I",
    jurisdiction="EU", sources=(), references=(_R.EU_PROPOSAL,),
    rules=_annex_rules(_R.EU_PROPOSAL),
    constraints=(_EU_LEVEL, PreferredCreditSystem(
        CreditSystem.ECTS, ref=_R.EU_PROPOSAL.at("Annex I, M7 'wherever possible'"))),
    describes=frozenset({Side.AWARD}),
    family="EU_COUNCIL", version="proposal 2021-12-10", effective_from=date(2021, 12, 10),
    superseded_by="EU_COUNCIL_2022",
    note_en="The proposal's element list as in SWD(2021) 367 (singular 'Awarding body', "
            "'Country/Region of the issuer'); same requirement pattern as the adopted Annex I.",
    note_ja="提案段階の附属書I（単数表記）。要件の構成は採択版と同じ。",
)

EU_COUNCIL_2022 = Profile(
    key="EU_COUNCIL_2022",
    name_en="EU Council Recommendation 2022/C 243/02, Annex I",
    name_ja="EU 理事会勧告 2022/C 243/02 附属書I",
    jurisdiction="EU", sources=(_EU_OJ, _R.EU_OJ.url), references=(_R.EU_OJ,),
    rules=_annex_rules(_R.EU_OJ),
    constraints=(
        _EU_LEVEL,
        PreferredCreditSystem(CreditSystem.ECTS,
                              ref=_R.EU_OJ.at("Annex I, element M7 'wherever possible'")),
    ),
    describes=frozenset({Side.AWARD}),
    family="EU_COUNCIL", version="2022/C 243/02", effective_from=date(2022, 6, 16),
    note_en="Encoded from Annex I (11 mandatory elements, one of them conditional; 5 optional "
            "elements); the exact OJ wording of M3, M4, M7 and M8 is taken from secondary "
            "quotations, not the OJ PDF.",
    note_ja="附属書I（必須11項目、うち1項目は条件付き、任意5項目）から作成。",
)

_AU = _R.AU_NMF
AU_NMF_2021 = Profile(
    key="AU_NMF_2021",
    name_en="Australia: National Microcredentials Framework (2021), minimum standards",
    name_ja="オーストラリア：National Microcredentials Framework（2021）最低基準",
    jurisdiction="AU", sources=(), references=(_AU, _R.ASQA_VOLUME),
    rules={
        _D.LEARNING_OUTCOMES: Rule(Requirement.REQUIRED, "'must be clearly stated'",
                                   "「明確に記述されなければならない」",
                                   ref=_AU.at("minimum standards")),
        _D.ASSESSMENT: Rule(Requirement.REQUIRED, "'requires assessment that provides evidence "
                            "that learning outcomes have been achieved'",
                            "学修成果の達成を示す評価が必要", ref=_AU.at("minimum standards")),
        _D.LEARNER_EFFORT: Rule(Requirement.REQUIRED, "volume of learning of at least one hour",
                                "学習量1時間以上", ref=_AU.at("minimum standards; definition")),
        _D.QUALITY_ASSURANCE: Rule(
            Requirement.CONDITIONAL, "'Unregulated providers of microcredentials must provide a "
            "quality assurance statement'", "規制対象外の提供者は質保証の記載が必須",
            ref=_AU.at("minimum standards")),
    },
    constraints=(
        MinimumEffort(Fraction(1), None, basis=EffortBasis.NOTIONAL,
                      ref=_AU.at("minimum standards: at least one hour")),
        MaximumEffort(Fraction(600), strict=True, basis=EffortBasis.NOTIONAL,
                      ref=_R.ASQA_VOLUME.at(
                          "smallest AQF awards (Certificate I/II, Graduate Certificate): 0.5 "
                          "year = 600 h", note="the NMF definition: 'less than an AQF award "
                          "qualification'")),
        QAStatementIfUnregulated(ref=_AU.at("minimum standards")),
    ),
    describes=frozenset({Side.OFFERING}),
    family="AU_NMF", version="2021-11", effective_from=date(2022, 3, 22),
    note_en="The framework's own minimum standards and definition. The 'critical information "
            "requirements' (required / recommended items) were not retrieved and are not "
            "encoded; the framework describes the advertised offering.",
    note_ja="NMF の最低基準と定義から作成。必須情報の一覧表は未入手のため未収録。",
)

_SAMC = _R.MQA_SAMC
MY_SAMC_2023 = Profile(
    key="MY_SAMC_2023",
    name_en="Malaysia: MQA Quality Verification of Stand-Alone Micro-credentials (SAMC, 2023)",
    name_ja="マレーシア：MQA 単独型マイクロクレデンシャルの質検証（SAMC、2023）",
    jurisdiction="MY", sources=(), references=(_SAMC, _R.MQA_SAMC_STAR),
    rules={
        _D.LEARNING_OUTCOMES: Rule(Requirement.REQUIRED, "At most two intended learning "
                                   "outcomes per credit.", "1単位あたり学修成果2件まで",
                                   ref=_SAMC.at("GGP section 5.3.8 (outcomes per credit)",
                                                note="as summarised by a university guideline")),
        _D.LEARNER_EFFORT: Rule(Requirement.REQUIRED, "Minimum 40 notional hours (1 credit), "
                                "then increments of 20 hours (0.5 credit).",
                                "最低40時間（1単位）、以後20時間（0.5単位）刻み",
                                ref=_SAMC.at("GGP sections 2.2, 5.3.8")),
        _D.ASSESSMENT: Rule(Requirement.REQUIRED, "Learners are assessed to meet outcomes.",
                            "学修成果に対する評価が必要", ref=_R.MQA_SAMC_STAR),
        _D.CREDIT_RECOGNITION: Rule(Requirement.REQUIRED, "Credit-bearing.", "単位付与が条件",
                                    ref=_R.MQA_SAMC_STAR),
        _D.QUALITY_ASSURANCE: Rule(Requirement.REQUIRED, "Quality verification by an approved "
                                   "Quality Verification Centre, valid for at most 3 years.",
                                   "認定QVCによる質検証（有効期間3年以内）",
                                   ref=_SAMC.at("GGP sections 2.7, 2.9")),
        _D.LEVEL: Rule(Requirement.REQUIRED, "Quality verification establishes the MQF level(s) "
                       "and the credits.", "質検証でMQFレベルと単位数を確定",
                       ref=_SAMC.at("GGP section 2.9")),
    },
    constraints=(
        MinimumEffort(Fraction(40), None, basis=EffortBasis.NOTIONAL,
                      ref=_SAMC.at("GGP section 2.2: 'a minimum of 40 hours of notional "
                                   "learning time'")),
        EffortSteps(Fraction(40), Fraction(20), ref=_SAMC.at("GGP sections 2.2, 5.3.8")),
        MaxOutcomesPerCredit(2, CreditSystem.MY_CREDIT,
                             ref=_SAMC.at("tertiary: university guideline summarising the GGP")),
        CreditBearing(ref=_R.MQA_SAMC_STAR),
        LevelFrameworkIn(frozenset({LevelFramework.MQF}), ref=_SAMC.at("GGP section 2.9")),
    ),
    family="MQA", version="SAMC 2023", effective_from=date(2023, 1, 1),
    note_en="From the GGP sections quoted by a Quality Verification Centre; the GGP's list of "
            "certificate contents was not retrieved, so other descriptors are not listed. The "
            "effective date is known to the year only.",
    note_ja="QVC が引用する GGP の条項から作成。証明書記載事項の一覧は未入手。施行日は年のみ判明。",
)

NZ_NZQA_2018 = Profile(
    key="NZ_NZQA_2018",
    name_en="New Zealand: NZQA micro-credentials (2018)",
    name_ja="ニュージーランド：NZQA マイクロクレデンシャル（2018）",
    jurisdiction="NZ", sources=(), references=(_R.NZQA_2018,),
    rules={
        _D.LEARNING_OUTCOMES: Rule(Requirement.REQUIRED, "'specified by a statement of purpose, "
                                   "learning outcomes, and strong evidence of need'",
                                   "目的・学修成果・需要の根拠で規定",
                                   ref=_R.NZQA_2018.at("What is a micro-credential?")),
        _D.LEARNER_EFFORT: Rule(Requirement.REQUIRED, "'be 5-40 credits in size'",
                                "5〜40 クレジット", ref=_R.NZQA_2018),
    },
    constraints=(CreditSize(CreditSystem.NZ_CREDIT, Fraction(5), Fraction(40),
                            ref=_R.NZQA_2018),),
    family="NZQA", version="2018", effective_from=date(2018, 8, 22),
    superseded_by="NZ_NZQA_2022",
    note_en="NZQA's 2018 approval requirements: 5-40 credits (1 credit = 10 notional hours).",
    note_ja="NZQA 2018年の承認要件：5〜40クレジット。",
)

NZ_NZQA_2022 = Profile(
    key="NZ_NZQA_2022",
    name_en="New Zealand: NZQA micro-credential listing rules (2022)",
    name_ja="ニュージーランド：NZQA マイクロクレデンシャル登録規則（2022）",
    jurisdiction="NZ", sources=(), references=(_R.NZQA_2022, _R.NZQA_PAGE_2022),
    rules={
        _D.TITLE: Rule(Requirement.REQUIRED, "a suitable title", "適切な名称",
                       ref=_R.NZQA_2022.at("rule 6.1(a)")),
        _D.LEARNER_EFFORT: Rule(Requirement.REQUIRED, "the credit value", "クレジット数",
                                ref=_R.NZQA_2022.at("rule 6.1(b)")),
        _D.LEVEL: Rule(Requirement.REQUIRED, "the level (NZQCF)", "レベル（NZQCF）",
                       ref=_R.NZQA_2022.at("rule 6.1(b)")),
        _D.LEARNING_OUTCOMES: Rule(Requirement.REQUIRED, "purpose and outcome statement",
                                   "目的と学修成果の記述", ref=_R.NZQA_2022.at("rule 6.1(d)")),
        _D.AWARDING_BODY: Rule(Requirement.REQUIRED, "the name of the appointed "
                               "micro-credential developer", "開発者の名称",
                               ref=_R.NZQA_2022.at("rule 6.1(e)")),
        _D.STACKABILITY: Rule(Requirement.CONDITIONAL, "education pathways to qualifications "
                              "or other credentials, if any", "資格等への経路（ある場合）",
                              ref=_R.NZQA_2022.at("rule 6.1(d)(iv)")),
    },
    constraints=(
        CreditSize(CreditSystem.NZ_CREDIT, None, Fraction(40),
                   ref=_R.NZQA_PAGE_2022.at("'up to 40 credits in size'")),
        LevelFrameworkIn(frozenset({LevelFramework.NZQF}), ref=_R.NZQA_2022.at("rule 6.1(b)")),
    ),
    describes=frozenset({Side.OFFERING}),
    family="NZQA", version="2022", effective_from=date(2022, 1, 1),
    note_en="Listing details of rule 6.1; the size is 'up to 40 credits' (the 2018 lower bound "
            "of 5 credits is gone). The NZSCED code, standards and review period have no "
            "descriptor. The rules are dated 2022; the day is not known here.",
    note_ja="登録規則6.1の記載事項。規模は40クレジット以下。施行日は年のみ判明。",
)

UK_QAA_2022 = Profile(
    key="UK_QAA_2022",
    name_en="UK: QAA Micro-credentials Characteristics Statement (2022)",
    name_ja="英国：QAA マイクロクレデンシャル特性声明（2022）",
    jurisdiction="GB", sources=(), references=(_R.QAA_2022, _R.QAA_WALES),
    rules={
        _D.LEARNING_OUTCOMES: Rule(Requirement.REQUIRED, "'outcome-based'", "成果基盤",
                                   ref=_R.QAA_WALES),
        _D.ASSESSMENT: Rule(Requirement.REQUIRED, "'learners are assessed to demonstrate they "
                            "have achieved the learning outcomes'", "学修成果の達成を評価",
                            ref=_R.QAA_WALES),
        _D.CREDIT_RECOGNITION: Rule(Requirement.REQUIRED, "'short, credit-bearing courses'",
                                    "単位を伴う短期課程", ref=_R.QAA_2022),
    },
    constraints=(CreditBearing(ref=_R.QAA_2022),),
    family="UK_QAA", version="2022-05-30", effective_from=date(2022, 5, 30),
    note_en="From QAA's own summaries of the statement; the statement's credit ranges and "
            "certification contents were not read and are not encoded.",
    note_ja="QAA の要約ページから作成。声明本文の単位範囲・証明事項は未収録。",
)

_IUA = _R.IUA_MC2
IE_IUA_MICROCREDS = Profile(
    key="IE_IUA_MICROCREDS",
    name_en="Ireland: IUA MicroCreds (ECTS-bearing, NFQ-placed micro-credentials)",
    name_ja="アイルランド：IUA MicroCreds（ECTS付与・NFQ位置付け）",
    jurisdiction="IE", sources=(), references=(_R.IUA_MICROCREDS, _IUA),
    rules={
        _D.LEARNING_OUTCOMES: Rule(Requirement.REQUIRED, "'a proof of the learning outcomes'",
                                   "学修成果の証明", ref=_R.IUA_MICROCREDS),
        _D.CREDIT_RECOGNITION: Rule(Requirement.REQUIRED, "'ECTS-bearing'", "ECTS単位を付与",
                                    ref=_IUA),
        _D.QUALITY_ASSURANCE: Rule(Requirement.REQUIRED, "'quality-assured'", "質保証済み",
                                   ref=_IUA),
        _D.AWARDING_BODY: Rule(Requirement.REQUIRED, "'accredited by a university'",
                               "大学が認定", ref=_IUA),
        _D.LEVEL: Rule(Requirement.REQUIRED, "'included within the National Framework of "
                       "Qualifications (NFQ)'", "NFQに位置付け", ref=_IUA),
        _D.STACKABILITY: Rule(Requirement.OPTIONAL, "'with the ability to stack their learning "
                              "towards a larger award'", "より大きな資格への積み上げが可能",
                              ref=_R.IUA_MICROCREDS),
    },
    constraints=(CreditsIn(CreditSystem.ECTS, ref=_IUA), CreditBearing(ref=_IUA),
                 LevelFrameworkIn(frozenset({LevelFramework.NFQ_IE}), ref=_IUA)),
    family="IE_IUA", version="2020-2025 project", effective_from=date(2020, 1, 1),
    note_en="From the IUA's own project pages; QQI's policy text was not obtained. The "
            "project runs 2020-2025; the day it took effect is not known here.",
    note_ja="IUA のプロジェクトページから作成。QQI の方針文書は未入手。",
)

_ECO = _R.ECAMPUSONTARIO
CA_ECAMPUSONTARIO_2020 = Profile(
    key="CA_ECAMPUSONTARIO_2020",
    name_en="Canada (Ontario): eCampusOntario Micro-credential Principles and Framework (2020)",
    name_ja="カナダ（オンタリオ州）：eCampusOntario マイクロクレデンシャル原則と枠組み（2020）",
    jurisdiction="CA-ON", sources=(), references=(_ECO,),
    rules={
        _D.AWARDING_BODY: Rule(Requirement.REQUIRED, "'issued by an established agency, "
                               "organization, institution, or employer'",
                               "確立した機関・組織・雇用主が発行", ref=_ECO.at("Issuing Body")),
        _D.LEARNING_OUTCOMES: Rule(Requirement.REQUIRED, "'performance competencies explicitly "
                                   "aligned to underlying knowledge, attitudes and skills'",
                                   "知識・態度・技能に対応したパフォーマンス・コンピテンシー",
                                   ref=_ECO.at("Outcomes; Competency/Skills Targeted")),
        _D.ASSESSMENT: Rule(Requirement.REQUIRED, "'will require evidence of achievement of "
                            "outcomes'", "学修成果の達成の証拠が必要",
                            ref=_ECO.at("Summative Assessment")),
    },
    constraints=(OutcomesAligned(ref=_ECO.at(
        "Competency/Skills Targeted: 'aligned with a common competency framework such as "
        "ESCO'")),),
    family="CA_ECAMPUSONTARIO", version="2020", effective_from=date(2020, 12, 1),
    note_en="The framework elements with a descriptor; 'transcript' and 'partner endorsement' "
            "apply 'where possible' and have no descriptor. The principles (relevance, "
            "verifiability, ownership, extensibility) are conditions, not descriptors. The "
            "PDF is dated December 2020 (its URL); the day is not known here.",
    note_ja="記述項目に対応する枠組み要素のみ。原則は条件として扱う。",
)

ALL: tuple[Profile, ...] = (JWG, EU, AUSTRALIA, MALAYSIA, JP_CERTIFICATE_PROGRAMME)
"""The five columns of the JV-Campus/JMOOC framework's comparison table, in its order."""

BUILTIN: tuple[Profile, ...] = (*ALL, EU_COUNCIL_2022, AU_NMF_2021, MY_SAMC_2023,
                                NZ_NZQA_2022, UK_QAA_2022, IE_IUA_MICROCREDS,
                                CA_ECAMPUSONTARIO_2020)
"""Every built-in profile in force today: :data:`ALL` plus the primary-source profiles."""

SUPERSEDED: tuple[Profile, ...] = (JWG_2023_DRAFT, JP_CERTIFICATE_PROGRAMME_2007,
                                   EU_COM_2021_770, NZ_NZQA_2018)
"""Earlier versions, reachable with :func:`get` and ``as_of``."""

VERSIONS: tuple[Profile, ...] = (*BUILTIN, *SUPERSEDED)
"""Every built-in profile version."""


@dataclass(frozen=True)
class UnencodedVersion:
    """A version of a framework that is known to exist (its :attr:`reference` says where that
    was read) but whose primary text was not read, so microcred encodes **no cell** of it.

    It is listed by :func:`history` beside the encoded versions; :func:`get` never returns it
    (a profile without its cells would let every credential conform).
    """

    family: str
    version: str
    name_en: str
    name_ja: str
    effective_from: date
    reference: Reference
    revised: date | None = None
    note_en: str = ""
    note_ja: str = ""

    encoded = False
    """Always False: no cell of this version is encoded."""

    def name(self, lang: str = "en") -> str:
        """Display name in ``lang``."""
        return self.name_ja if _ja(lang) else self.name_en


_NO_CELLS_EN = ("known to exist, text not read: no cell encoded (status unverified); the "
                "framework's 1st edition (JWG) stays the version in force")
_NO_CELLS_JA = "存在は確認済み・本文未読のため内容は未記述（未確認）。有効な版は第1版（JWG）のまま"

UNENCODED_VERSIONS: tuple[UnencodedVersion, ...] = (
    UnencodedVersion(
        "JWG", "Guideline 1.1 (Open Badges 2.0)",
        "JV-Campus/JMOOC joint WG, Guidelines for Digital Issuance of Micro-credentials 1.1 "
        "(Open Badges 2.0)",
        "JV-Campus・JMOOC 共同WG マイクロクレデンシャルをデジタル発行するためのガイドライン1.1"
        "（OpenBadge2.0に対応）",
        date(2024, 3, 27), _R.JWG_GUIDELINE_1_1, revised=date(2025, 5, 27),
        note_en=_NO_CELLS_EN, note_ja=_NO_CELLS_JA),
    UnencodedVersion(
        "JWG", "Guideline 3.0 (Open Badges 3.0)",
        "JV-Campus/JMOOC joint WG, Guidelines for Digital Issuance of Micro-credentials 3.0 "
        "(Open Badges 3.0)",
        "JV-Campus・JMOOC 共同WG マイクロクレデンシャルをデジタル発行するためのガイドライン3.0"
        "（OpenBadge3.0に対応）",
        date(2025, 2, 25), _R.JWG_GUIDELINE_3_0, revised=date(2025, 5, 27),
        note_en=_NO_CELLS_EN, note_ja=_NO_CELLS_JA),
)
"""Versions known to exist whose cells are not encoded (their texts were not read)."""


def history(family: str) -> tuple[Profile | UnencodedVersion, ...]:
    """Every known version of a framework family, oldest first: the encoded profiles and the
    :class:`UnencodedVersion` entries (``encoded`` False), by ``effective_from``.

    >>> [(v.version, getattr(v, "encoded", True)) for v in history("JWG")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('draft 2023-10', True), ('Guideline 1.1 (Open Badges 2.0)', False),
     ('1st edition 2024-04', True), ('Guideline 3.0 (Open Badges 3.0)', False)]
    """
    want = family.strip().lower()
    found: list[Profile | UnencodedVersion] = [p for p in VERSIONS if p.family.lower() == want]
    found += [v for v in UNENCODED_VERSIONS if v.family.lower() == want]
    if not found:
        known = ", ".join(sorted({p.family for p in VERSIONS}))
        raise ProfileError(f"unknown profile family {family!r}; known: {known}")
    return tuple(sorted(found, key=lambda v: v.effective_from or date.min))


def _by_key(key: str) -> Profile | None:
    for p in VERSIONS:
        if p.key == key:
            return p
    return None


def get(key: str, as_of: date | None = None) -> Profile:
    """Look a built-in profile up by key or family (case-insensitive).

    Without ``as_of`` a key returns that profile and a family its version in force today;
    with ``as_of`` the version of the key's family in force on that date:

    >>> get("JP_CERTIFICATE_PROGRAMME", as_of=date(2018, 4, 1)).version
    '2007'
    >>> get("jp_certificate_programme").constraints[0].hours
    Fraction(60, 1)
    """
    want = key.strip().lower()
    exact = next((p for p in VERSIONS if p.key.lower() == want), None)
    family = exact.family if exact is not None else next(
        (p.family for p in VERSIONS if p.family.lower() == want), None)
    if family is None:
        known = ", ".join(p.key for p in VERSIONS)
        raise ProfileError(f"unknown profile {key!r}; known: {known}")
    if as_of is None:
        if exact is not None:
            return exact
        as_of = date.today()
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    members = [p for p in VERSIONS if p.family == family and p.in_force(as_of)]
    if not members:
        raise ProfileError(f"no version of {family} is in force on {as_of.isoformat()} "
                           f"/ {as_of.isoformat()} 時点で有効な版がありません")
    return max(members, key=lambda p: p.effective_from or date.min)


# --------------------------------------------------------------------------------------------
# Checking
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileReport:
    """Result of :func:`check`: status, and every finding with bilingual messages."""

    profile: Profile
    status: Status
    findings: tuple[Finding, ...]

    @property
    def conforms(self) -> bool:
        """True only when conformance is shown (not when it is undetermined)."""
        return self.status is Status.CONFORMS

    @property
    def missing_required(self) -> tuple[Descriptor, ...]:
        """Required descriptors that have no value."""
        return tuple(f.descriptor for f in self.findings
                     if f.code == "missing_required" and f.descriptor is not None)

    @property
    def violated_constraints(self) -> tuple[Finding, ...]:
        """Findings from value constraints that are violated (ERROR severity)."""
        return tuple(f for f in self.findings
                     if f.severity is Severity.ERROR and f.code != "missing_required")

    def errors(self) -> tuple[Finding, ...]:
        """Findings that break conformance."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    def to_text(self, lang: str = "en") -> str:
        """A short human-readable report."""
        head = f"{self.profile.name(lang)}: {self.status.label(lang)}"
        lines = [head]
        marks = {Severity.ERROR: "✗", Severity.UNDETERMINED: "?", Severity.WARNING: "!",
                 Severity.INFO: "·"}
        for f in self.findings:
            lines.append(f"  {marks[f.severity]} {f.message(lang)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"profile": self.profile.key, "status": self.status.value,
                "conforms": self.conforms, "findings": [f.as_dict() for f in self.findings]}


def _descriptor_findings(mc: MicroCredential, profile: Profile, side: Side) -> list[Finding]:
    out: list[Finding] = []
    for d in Descriptor:
        rule = profile.rule(d)
        if mc.has(d):
            continue
        if side not in d.sides:
            if rule.requirement in (Requirement.REQUIRED, Requirement.CONDITIONAL,
                                    Requirement.LISTED):
                out.append(Finding(
                    "not_applicable_to_side", Severity.INFO,
                    f"{d.label_en} belongs to the award, not to an offering",
                    f"{d.label_ja} は発行される証明の項目で、教育プログラムには該当しません",
                    d, rule.citation))
            continue
        if rule.requirement is Requirement.REQUIRED:
            out.append(Finding(
                "missing_required", Severity.ERROR,
                f"required descriptor missing: {d.label_en}",
                f"必須の記述項目がありません：{d.label_ja}", d, rule.citation))
        elif rule.requirement is Requirement.CONDITIONAL:
            note = f" ({rule.note_en})" if rule.note_en else ""
            note_ja = f"（{rule.note('ja')}）" if rule.note("ja") else ""
            out.append(Finding(
                "missing_conditional", Severity.WARNING,
                f"descriptor required where applicable is missing: {d.label_en}{note}",
                f"該当する場合に必須の記述項目がありません：{d.label_ja}{note_ja}",
                d, rule.citation))
        elif rule.requirement is Requirement.LISTED:
            out.append(Finding(
                "missing_listed", Severity.UNDETERMINED,
                f"missing a descriptor the framework lists without saying whether it is "
                f"required: {d.label_en}",
                f"枠組みに記載があり必須か任意かが示されていない記述項目がありません：{d.label_ja}",
                d, rule.citation))
    return out


def _status(findings: Iterable[Finding]) -> Status:
    severities = {f.severity for f in findings}
    if Severity.ERROR in severities:
        return Status.DOES_NOT_CONFORM
    if Severity.UNDETERMINED in severities:
        return Status.INDETERMINATE
    return Status.CONFORMS


def _default_side(profile: Profile) -> Side:
    return Side.AWARD if Side.AWARD in profile.describes else Side.OFFERING


def check(mc: MicroCredential, profile: Profile, side: Side | str | None = None) -> ProfileReport:
    """Check ``mc`` against ``profile``.

    Missing REQUIRED descriptors and violated constraints are errors (does not conform).
    Constraints the data cannot decide, and missing LISTED descriptors (the framework lists them
    without grading them required or optional), make the status INDETERMINATE. A missing
    CONDITIONAL descriptor is a warning.

    ``side`` checks ``mc`` as an offering or as an award (:class:`~microcred.Side`); by default
    as an award, unless the profile describes offerings only. On the offering side the
    award-only descriptors (learner, date of issuing, grade) are not asked for.
    """
    if not isinstance(mc, MicroCredential):
        raise ProfileError(f"check() needs a MicroCredential, not {type(mc).__name__}")
    if not isinstance(profile, Profile):
        raise ProfileError(f"check() needs a Profile, not {type(profile).__name__}")
    try:
        s = _default_side(profile) if side is None else Side(side)
    except ValueError:
        raise ProfileError(f"side must be 'offering' or 'award', not {side!r}") from None
    findings = _descriptor_findings(mc, profile, s)
    for c in profile.constraints:
        findings.extend(c.check(mc))
    return ProfileReport(profile, _status(findings), tuple(findings))


@dataclass(frozen=True)
class Gap:
    """What a credential needs so that it meets ``profile`` (see :func:`gap`)."""

    profile: Profile
    must_add: tuple[Descriptor, ...]
    should_add: tuple[Descriptor, ...]
    to_fix: tuple[Finding, ...]
    to_clarify: tuple[Finding, ...]

    @property
    def closed(self) -> bool:
        """True when nothing must be added, fixed or clarified."""
        return not (self.must_add or self.to_fix or self.to_clarify)

    def to_text(self, lang: str = "en") -> str:
        """Human-readable list of what to add, fix and clarify."""
        ja = _ja(lang)
        name = self.profile.name(lang)
        if self.closed and not self.should_add:
            return f"{name}: 追加すべき項目はありません" if ja else f"{name}: nothing to add"
        lines = [f"{name} に適合するために:" if ja else f"To meet {name}:"]
        for d in self.must_add:
            lines.append(f"  + {d.label(lang)}" + ("（必須）" if ja else " (required)"))
        for d in self.should_add:
            suffix = "（該当する場合）" if ja else " (if applicable)"
            lines.append(f"  + {d.label(lang)}{suffix}")
        for f in self.to_fix:
            lines.append(f"  ✗ {f.message(lang)}")
        for f in self.to_clarify:
            lines.append(f"  ? {f.message(lang)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"profile": self.profile.key, "closed": self.closed,
                "must_add": [d.value for d in self.must_add],
                "should_add": [d.value for d in self.should_add],
                "to_fix": [f.as_dict() for f in self.to_fix],
                "to_clarify": [f.as_dict() for f in self.to_clarify]}


def gap(mc: MicroCredential, target: Profile) -> Gap:
    """What must be added (required descriptors), should be added (conditional ones), fixed
    (violated constraints) or clarified (undetermined constraints) for ``mc`` to meet ``target``.
    """
    report = check(mc, target)
    return Gap(
        profile=target,
        must_add=report.missing_required,
        should_add=tuple(f.descriptor for f in report.findings
                         if f.code == "missing_conditional" and f.descriptor is not None),
        to_fix=report.violated_constraints,
        to_clarify=tuple(f for f in report.findings if f.severity is Severity.UNDETERMINED),
    )


# --------------------------------------------------------------------------------------------
# Comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Descriptors (rows) × profiles (columns); see :func:`compare`."""

    profiles: tuple[Profile, ...]
    descriptors: tuple[Descriptor, ...]

    def cell(self, descriptor: Descriptor, profile: Profile | str) -> Requirement:
        """Requirement in one cell."""
        p = profile if isinstance(profile, Profile) else self._by_key(profile)
        return p.requirement(descriptor)

    def _by_key(self, key: str) -> Profile:
        for p in self.profiles:
            if p.key == key:
                return p
        raise ProfileError(f"profile {key!r} is not in this comparison")

    def rows(self) -> list[dict[str, Any]]:
        """Plain rows (one dict per descriptor) for ``pandas.DataFrame(rows)``.

        Keys: ``number``, ``descriptor``, ``label_en``, ``label_ja``, then one key per profile
        holding the :class:`Requirement` value (e.g. ``"required"``).
        """
        out = []
        for d in self.descriptors:
            row: dict[str, Any] = {"number": d.number, "descriptor": d.value,
                                   "label_en": d.label_en, "label_ja": d.label_ja}
            for p in self.profiles:
                row[p.key] = p.requirement(d).value
            out.append(row)
        return out

    def header(self, lang: str = "en") -> list[str]:
        """Column headings: '#', descriptor, then each profile's short name."""
        first = ["#", "記述項目" if _ja(lang) else "Descriptor"]
        return first + [_short(p, lang) for p in self.profiles]

    def table(self, lang: str = "en") -> list[list[str]]:
        """Header plus one row of cell texts per descriptor."""
        body = [[str(d.number), d.label(lang)]
                + [p.requirement(d).label(lang) + ("*" if p.rule(d).note_en else "")
                   for p in self.profiles]
                for d in self.descriptors]
        return [self.header(lang), *body]

    def to_markdown(self, lang: str = "en", notes: bool = False) -> str:
        """A Markdown table; ``*`` marks cells with a note, listed below when ``notes``."""
        if lang not in ("en", "ja"):
            raise ProfileError(f"lang must be 'en' or 'ja', not {lang!r}")
        table = self.table(lang)
        lines = ["| " + " | ".join(table[0]) + " |",
                 "|" + "|".join("---" for _ in table[0]) + "|"]
        lines += ["| " + " | ".join(r) + " |" for r in table[1:]]
        if notes:
            lines.append("")
            for p in self.profiles:
                for d in self.descriptors:
                    rule = p.rule(d)
                    if rule.note_en:
                        lines.append(f"- {_short(p, lang)} / {d.label(lang)}: {rule.note(lang)}")
        return "\n".join(lines)

    def to_csv(self) -> str:
        """CSV text (header row included): number, descriptor, both labels, then one column
        per profile holding the requirement value (``required``, ``optional``, ...)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        keys = [p.key for p in self.profiles]
        w.writerow(["number", "descriptor", "label_en", "label_ja", *keys])
        for r in self.rows():
            w.writerow([r["number"], r["descriptor"], r["label_en"], r["label_ja"],
                        *(r[p.key] for p in self.profiles)])
        return buf.getvalue()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: each profile's :meth:`Profile.as_dict` and the rows."""
        return {"profiles": [p.as_dict() for p in self.profiles], "rows": self.rows()}


def _short(p: Profile, lang: str) -> str:
    return _SHORT.get(p.key, (p.key, p.key))[1 if _ja(lang) else 0]


_SHORT = {"JWG": ("JWG", "JWG"), "EU": ("EU", "EU"), "AUSTRALIA": ("Australia", "Australia"),
          "MALAYSIA": ("Malaysia", "Malaysia"),
          "JP_CERTIFICATE_PROGRAMME": ("Certificate programme (JP)", "履修証明"),
          "EU_COUNCIL_2022": ("EU Annex I", "EU附属書I")}


def compare(profiles: Iterable[Profile] = ALL,
            descriptors: Sequence[Descriptor] | None = None) -> Comparison:
    """Compare profiles: rows are descriptors (all of them by default), columns profiles.

    With the defaults the rows for the 17 common descriptors reproduce the JV-Campus/JMOOC
    framework's table.
    """
    ps = tuple(profiles)
    if not ps:
        raise ProfileError("compare() needs at least one profile")
    keys = [p.key for p in ps]
    if len(set(keys)) != len(keys):
        raise ProfileError(f"duplicate profile keys: {keys}")
    ds = tuple(Descriptor) if descriptors is None else tuple(Descriptor(d) for d in descriptors)
    return Comparison(ps, ds)



# --------------------------------------------------------------------------------------------
# Profile algebra
# --------------------------------------------------------------------------------------------

# How strongly a requirement asks for a descriptor, by the effect of its absence:
# error > undetermined > warning > nothing (listed as optional) > nothing (not listed).
_STRICTNESS: dict[Requirement, int] = {
    Requirement.REQUIRED: 4, Requirement.LISTED: 3, Requirement.CONDITIONAL: 2,
    Requirement.OPTIONAL: 1, Requirement.NOT_LISTED: 0,
}


def _combine(ps: Sequence[Profile], pick: Any, key: str | None, what: str,
             constraints: tuple[Constraint, ...]) -> Profile:
    if not ps:
        raise ProfileError(f"{what}() needs at least one profile")
    for p in ps:
        if not isinstance(p, Profile):
            raise ProfileError(f"{what}() needs Profile objects, not {type(p).__name__}")
    rules: dict[Descriptor, Rule] = {}
    for d in Descriptor:
        chosen = pick((p.rule(d) for p in ps), key=lambda r: _STRICTNESS[r.requirement])
        cites = "; ".join(dict.fromkeys(
            f"{p.key}: {p.rule(d).citation}" for p in ps
            if p.rule(d).requirement is chosen.requirement and p.rule(d).citation))
        rules[d] = Rule(chosen.requirement, chosen.note_en, chosen.note_ja, cites, chosen.ref)
    keys = [p.key for p in ps]
    name = f"{what}({', '.join(keys)})"
    describes = frozenset().union(*(p.describes for p in ps))
    return Profile(key=key or name, name_en=name, name_ja=name,
                   jurisdiction="+".join(dict.fromkeys(p.jurisdiction for p in ps)),
                   sources=tuple(dict.fromkeys(s for p in ps for s in p.sources)),
                   rules=rules, constraints=constraints, describes=describes,
                   references=tuple(dict.fromkeys(r for p in ps for r in p.references)),
                   note_en=f"{what} of {', '.join(keys)}", note_ja=f"{', '.join(keys)} の{what}")


def union(*profiles: Profile, key: str | None = None) -> Profile:
    """The strictest requirement of the profiles per descriptor, every constraint merged: a
    credential conforms to the union exactly when it conforms to each profile.

    >>> u = union(JWG, EU_COUNCIL_2022)
    >>> u.requirement(Descriptor.COUNTRY_REGION), u.requirement(Descriptor.LEVEL)
    (<Requirement.REQUIRED: 'required'>, <Requirement.CONDITIONAL: 'conditional'>)
    """
    cs = tuple(dict.fromkeys(c for p in profiles for c in p.constraints))
    return _combine(profiles, max, key, "union", cs)


def intersection(*profiles: Profile, key: str | None = None) -> Profile:
    """The weakest requirement per descriptor and only the constraints every profile has:
    what all the profiles ask for in common."""
    if profiles:
        common = [c for c in profiles[0].constraints
                  if all(c in p.constraints for p in profiles[1:])]
    else:
        common = []
    return _combine(profiles, min, key, "intersection", tuple(dict.fromkeys(common)))


@dataclass(frozen=True)
class RuleDifference:
    """One descriptor treated differently by two profiles."""

    descriptor: Descriptor
    a: Requirement
    b: Requirement

    @property
    def stricter(self) -> str:
        """``"a"``, ``"b"`` or ``"same"`` (for equally strict, differently named cells)."""
        sa, sb = _STRICTNESS[self.a], _STRICTNESS[self.b]
        return "a" if sa > sb else "b" if sb > sa else "same"


@dataclass(frozen=True)
class ProfileDiff:
    """What distinguishes profile ``a`` from ``b`` (see :func:`diff`)."""

    a: Profile
    b: Profile
    rules: tuple[RuleDifference, ...]
    only_in_a: tuple[Constraint, ...]
    only_in_b: tuple[Constraint, ...]

    @property
    def empty(self) -> bool:
        """True when the two profiles ask for the same things."""
        return not (self.rules or self.only_in_a or self.only_in_b)

    def to_text(self, lang: str = "en") -> str:
        """Readable list of the differences."""
        ja = _ja(lang)
        lines = [f"{self.a.key} ⇔ {self.b.key}"]
        for r in self.rules:
            lines.append(f"  {r.descriptor.label(lang)}: {r.a.label(lang) or '—'} / "
                         f"{r.b.label(lang) or '—'}")
        for c in self.only_in_a:
            lines.append(f"  {self.a.key}{'のみ' if ja else ' only'}: {c.describe(lang)}")
        for c in self.only_in_b:
            lines.append(f"  {self.b.key}{'のみ' if ja else ' only'}: {c.describe(lang)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"a": self.a.key, "b": self.b.key,
                "rules": [{"descriptor": r.descriptor.value, "a": r.a.value, "b": r.b.value,
                           "stricter": r.stricter} for r in self.rules],
                "only_in_a": [c.describe() for c in self.only_in_a],
                "only_in_b": [c.describe() for c in self.only_in_b]}


def diff(a: Profile, b: Profile) -> ProfileDiff:
    """Descriptors whose requirement differs, and constraints only one profile has.

    >>> d = diff(EU, EU_COUNCIL_2022)
    >>> [(r.descriptor.value, r.a.value, r.b.value) for r in d.rules][:2]
    [('level', 'required', 'conditional'), ('credit_recognition', 'required', 'not_listed')]
    """
    rules = tuple(RuleDifference(d, a.requirement(d), b.requirement(d)) for d in Descriptor
                  if a.requirement(d) is not b.requirement(d))
    return ProfileDiff(a, b, rules,
                       tuple(c for c in a.constraints if c not in b.constraints),
                       tuple(c for c in b.constraints if c not in a.constraints))


@dataclass(frozen=True)
class Conflict:
    """Constraints of different profiles that pull against each other.

    ``satisfiable`` is True when one credential can still meet all of them (e.g. level
    frameworks: with one level in each framework), False when no credential can.
    """

    code: str
    profiles: tuple[str, ...]
    message_en: str
    message_ja: str
    satisfiable: bool

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return self.message_ja if _ja(lang) else self.message_en

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"code": self.code, "profiles": list(self.profiles),
                "satisfiable": self.satisfiable, "message_en": self.message_en,
                "message_ja": self.message_ja}


def _hours_bounds(p: Profile) -> tuple[Fraction, Fraction | None]:
    """The notional-hour window a profile's effort constraints allow (contact minimums count
    too, since notional hours include contact hours)."""
    low, high = Fraction(0), None
    for c in p.constraints:
        if isinstance(c, MinimumEffort) and c.credits is None:
            low = max(low, c.hours)
        elif isinstance(c, EffortSteps):
            low = max(low, c.minimum)
        elif isinstance(c, MaximumEffort):
            high = c.hours if high is None else min(high, c.hours)
        elif isinstance(c, CreditSize):
            per = hours_per_credit(c.system)
            if c.low is not None:
                low = max(low, c.low * per.low)
            top = c.high * per.high
            high = top if high is None else min(high, top)
    return low, high


def conflicts(*profiles: Profile) -> tuple[Conflict, ...]:
    """Requirements of the profiles that pull against each other.

    - ``level_frameworks``: two profiles each require their own level framework (e.g. MQF vs
      NZQF); satisfiable with several levels (``level.other_levels``).
    - ``provider_kinds``: the allowed kinds of awarding body do not overlap; unsatisfiable.
    - ``effort_window``: one profile's minimum is above another's maximum; unsatisfiable.

    >>> [c.code for c in conflicts(MALAYSIA, NZ_NZQA_2022)]
    ['level_frameworks']
    """
    out: list[Conflict] = []
    ps = list(profiles)
    for i, a in enumerate(ps):
        for b in ps[i + 1:]:
            for ca in a.constraints:
                for cb in b.constraints:
                    if (isinstance(ca, LevelFrameworkIn) and isinstance(cb, LevelFrameworkIn)
                            and ca.severity is Severity.ERROR and cb.severity is Severity.ERROR
                            and not ca.frameworks & cb.frameworks):
                        fa = ", ".join(sorted(f.value for f in ca.frameworks))
                        fb = ", ".join(sorted(f.value for f in cb.frameworks))
                        out.append(Conflict(
                            "level_frameworks", (a.key, b.key),
                            f"{a.key} needs a level in {fa}, {b.key} one in {fb}: state one "
                            "level in each (level.other_levels)",
                            f"{a.key} は {fa}、{b.key} は {fb} のレベルを求めます。"
                            "それぞれのレベルを記載してください（level.other_levels）", True))
                    if (isinstance(ca, ProviderKindIn) and isinstance(cb, ProviderKindIn)
                            and not ca.kinds & cb.kinds):
                        out.append(Conflict(
                            "provider_kinds", (a.key, b.key),
                            f"{a.key} and {b.key} allow no common kind of awarding body",
                            f"{a.key} と {b.key} で許される発行機関の種別が重なりません", False))
            la, ha = _hours_bounds(a)
            lb, hb = _hours_bounds(b)
            for (lo_p, lo), (hi_p, hi) in (((a, la), (b, hb)), ((b, lb), (a, ha))):
                if hi is not None and lo >= hi:
                    out.append(Conflict(
                        "effort_window", (lo_p.key, hi_p.key),
                        f"{lo_p.key} needs at least {_fmt(lo)} h, {hi_p.key} allows less than "
                        f"about {_fmt(hi)} h",
                        f"{lo_p.key} は {_fmt(lo)} 時間以上、{hi_p.key} は約 {_fmt(hi)} 時間未満を"
                        "求めます", False))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Conformance matrix and portability
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConformanceMatrix:
    """Credentials × profiles: one :class:`ProfileReport` per pair (see :func:`matrix`)."""

    names: tuple[str, ...]
    profiles: tuple[Profile, ...]
    reports: tuple[tuple[ProfileReport, ...], ...]

    def rows(self) -> list[dict[str, Any]]:
        """One plain row per (credential, profile): ``credential``, ``profile``, ``status``,
        ``conforms``, ``errors``, ``undetermined``, ``warnings`` (finding codes joined by
        ``;``) — ready for ``pandas.DataFrame(rows)`` or CSV."""
        out = []
        for name, reports in zip(self.names, self.reports, strict=True):
            for r in reports:
                def codes(sev: Severity, r: ProfileReport = r) -> str:
                    return ";".join(dict.fromkeys(
                        f.code + (f":{f.descriptor.value}" if f.descriptor else "")
                        for f in r.findings if f.severity is sev))
                out.append({"credential": name, "profile": r.profile.key,
                            "status": r.status.value, "conforms": r.conforms,
                            "errors": codes(Severity.ERROR),
                            "undetermined": codes(Severity.UNDETERMINED),
                            "warnings": codes(Severity.WARNING)})
        return out

    def status(self, credential: str, profile: str) -> Status:
        """Status of one cell."""
        i = self.names.index(credential)
        j = [p.key for p in self.profiles].index(profile)
        return self.reports[i][j].status

    def to_csv(self) -> str:
        """CSV text of :meth:`rows`."""
        buf = io.StringIO()
        cols = ["credential", "profile", "status", "conforms", "errors", "undetermined",
                "warnings"]
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(self.rows())
        return buf.getvalue()

    def to_dataframe(self) -> Any:
        """The rows as a ``pandas.DataFrame`` (pandas is an optional dependency)."""
        try:
            import pandas as pd  # type: ignore[import-untyped,unused-ignore]
        except ImportError:
            raise ProfileError("to_dataframe() needs pandas (pip install pandas); rows() gives "
                               "the same data as plain dictionaries") from None
        return pd.DataFrame(self.rows())

    def to_markdown(self, lang: str = "en") -> str:
        """Credentials as rows, profiles as columns, statuses in the cells."""
        head = ["資格" if _ja(lang) else "Credential", *(_short(p, lang) for p in self.profiles)]
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
        for name, reports in zip(self.names, self.reports, strict=True):
            lines.append("| " + " | ".join([name, *(r.status.label(lang) for r in reports)])
                         + " |")
        return "\n".join(lines)


def matrix(credentials: Mapping[str, MicroCredential] | Sequence[MicroCredential],
           profiles: Iterable[Profile] = BUILTIN,
           side: Side | str | None = None) -> ConformanceMatrix:
    """Check every credential against every profile. ``credentials`` is a mapping name →
    credential, or a sequence (named by ``id``, else by position)."""
    if isinstance(credentials, Mapping):
        items = list(credentials.items())
    else:
        items = [(mc.id or f"#{i + 1}", mc) for i, mc in enumerate(credentials)]
    ps = tuple(profiles)
    if not ps:
        raise ProfileError("matrix() needs at least one profile")
    reports = tuple(tuple(check(mc, p, side) for p in ps) for _, mc in items)
    return ConformanceMatrix(tuple(str(n) for n, _ in items), ps, reports)


@dataclass(frozen=True)
class Portability:
    """What a credential needs to conform to all of several profiles at once."""

    profiles: tuple[Profile, ...]
    gap: Gap
    conflicts: tuple[Conflict, ...]

    @property
    def portable(self) -> bool:
        """True when the credential already conforms to every profile."""
        return self.gap.closed

    def to_text(self, lang: str = "en") -> str:
        """Readable list: what to add, fix and clarify, and the conflicts to resolve."""
        keys = ", ".join(p.key for p in self.profiles)
        head = (f"{keys} のすべてに適合するために:" if _ja(lang)
                else f"To conform to all of {keys}:")
        lines = [head, *self.gap.to_text(lang).splitlines()[1:]]
        if self.portable and not self.gap.should_add:
            lines.append("  追加すべき項目はありません" if _ja(lang) else "  nothing to add")
        for c in self.conflicts:
            if not c.satisfiable or not self.portable:  # resolved when the credential conforms
                lines.append(f"  ⚠ {c.message(lang)}")
        return "\n".join(lines)


def portable_to_all(mc: MicroCredential, profiles: Iterable[Profile] = BUILTIN) -> Portability:
    """What to add, fix or clarify so that ``mc`` conforms to every profile at once: the gap
    to their :func:`union`, with the :func:`conflicts` among them."""
    ps = tuple(profiles)
    u = union(*ps, key="ALL_OF")
    return Portability(ps, gap(mc, u), conflicts(*ps))
