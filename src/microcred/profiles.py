"""Framework profiles: which descriptors a framework requires, as data.

A :class:`Profile` gives, for every :class:`~microcred.Descriptor`, a :class:`Requirement` (with an
optional note and citation) plus value constraints such as a minimum volume. The built-ins
reproduce the five framework columns of the seed presentation's table cell for cell
(必須 → REQUIRED, 選択 → OPTIONAL, 有り → LISTED, blank → NOT_LISTED); :data:`EU_COUNCIL_2022` is
encoded from Annex I of the Council Recommendation itself.

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
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Protocol

from ._credits import CreditSystem
from ._errors import ProfileError
from ._model import (
    Descriptor,
    LevelFramework,
    MicroCredential,
    ProviderKind,
)

__all__ = [
    "ALL",
    "AUSTRALIA",
    "BUILTIN",
    "EU",
    "EU_COUNCIL_2022",
    "JP_CERTIFICATE_PROGRAMME",
    "JWG",
    "MALAYSIA",
    "Comparison",
    "Constraint",
    "Finding",
    "Gap",
    "LevelFrameworkIn",
    "MinimumEffort",
    "PreferredCreditSystem",
    "Profile",
    "ProfileReport",
    "ProviderKindIn",
    "Requirement",
    "Rule",
    "Severity",
    "Status",
    "check",
    "compare",
    "gap",
    "get",
]


def _ja(lang: str) -> bool:
    return lang.lower().startswith("ja")


# --------------------------------------------------------------------------------------------
# Requirement levels, rules, findings
# --------------------------------------------------------------------------------------------


class Requirement(str, enum.Enum):
    """How a framework treats a descriptor.

    The seed table's symbols map as 必須 → REQUIRED, 選択 → OPTIONAL, 有り → LISTED (present in
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
        """Japanese cell text (the seed's symbols; 条件付き for CONDITIONAL)."""
        return _REQ_LABELS[self][1]

    def label(self, lang: str = "en") -> str:
        """Cell text in ``lang``."""
        return self.label_ja if _ja(lang) else self.label_en

    @classmethod
    def from_seed_symbol(cls, symbol: str) -> Requirement:
        """Map a cell of the seed table (必須, 選択, 有り or blank) to a requirement."""
        try:
            return _FROM_SEED[symbol.strip()]
        except KeyError:
            raise ProfileError(f"unknown seed table symbol {symbol!r}") from None


_REQ_LABELS: dict[Requirement, tuple[str, str]] = {
    Requirement.REQUIRED: ("Required", "必須"),
    Requirement.CONDITIONAL: ("Conditional", "条件付き"),
    Requirement.OPTIONAL: ("Optional", "選択"),
    Requirement.LISTED: ("Listed", "有り"),
    Requirement.NOT_LISTED: ("", ""),
}
_FROM_SEED = {"必須": Requirement.REQUIRED, "選択": Requirement.OPTIONAL,
              "有り": Requirement.LISTED, "": Requirement.NOT_LISTED}


@dataclass(frozen=True)
class Rule:
    """A profile's treatment of one descriptor: requirement, optional note and citation."""

    requirement: Requirement
    note_en: str = ""
    note_ja: str = ""
    citation: str = ""

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


@dataclass(frozen=True)
class MinimumEffort:
    """Minimum learner effort: at least ``hours`` notional hours, or (when ``credits`` is set)
    alternatively at least that many credits in any credit system.

    Hours given as credits are converted with their range (:func:`~microcred.hours_per_credit`):
    the constraint is met when the low end reaches the minimum, violated when the high end stays
    below it, and undetermined in between.
    """

    hours: Fraction
    credits: Fraction | None = None
    citation: str = ""
    code: str = "effort_below_minimum"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        h = _fmt(self.hours)
        if self.credits is None:
            return f"学習量 {h} 時間以上" if _ja(lang) else f"learner effort at least {h} h"
        c = _fmt(self.credits)
        return (f"学習量 {h} 時間以上または {c} 単位以上" if _ja(lang)
                else f"learner effort at least {h} h or {c} credit(s)")

    def check(self, mc: MicroCredential) -> list[Finding]:
        """See the class docstring."""
        eff = mc.effort
        if eff is None:
            return [Finding(
                "effort_unknown", Severity.UNDETERMINED,
                f"learner effort is not stated, so '{self.describe()}' cannot be checked",
                f"学習量が記載されていないため「{self.describe('ja')}」を確認できません",
                Descriptor.LEARNER_EFFORT, self.citation)]
        if self.credits is not None and any(c.amount >= self.credits for c in eff.credits):
            return []
        low, high = eff.hours_interval()
        if low >= self.hours:
            return []
        h = _fmt(self.hours)
        if high < self.hours:
            return [Finding(
                self.code, Severity.ERROR,
                f"learner effort {_span(low, high)} h is below the minimum: {self.describe()}",
                f"学習量 {_span(low, high)} 時間は下限に達しません（{self.describe('ja')}）",
                Descriptor.LEARNER_EFFORT, self.citation)]
        return [Finding(
            "effort_indeterminate", Severity.UNDETERMINED,
            f"learner effort converts to {_span(low, high)} h, which may or may not reach {h} h; "
            "state the notional hours",
            f"学習量は換算で {_span(low, high)} 時間となり、{h} 時間以上か判定できません。"
            "総学習時間を記載してください",
            Descriptor.LEARNER_EFFORT, self.citation)]


def _span(low: Fraction, high: Fraction) -> str:
    return _fmt(low) if low == high else f"{_fmt(low)}–{_fmt(high)}"


@dataclass(frozen=True)
class ProviderKindIn:
    """The awarding body must be of one of ``kinds`` (e.g. higher education for 履修証明)."""

    kinds: frozenset[ProviderKind]
    citation: str = ""
    code: str = "provider_kind"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        names = ", ".join(sorted(k.label(lang) for k in self.kinds))
        return f"発行機関の種別: {names}" if _ja(lang) else f"awarding body is one of: {names}"

    def check(self, mc: MicroCredential) -> list[Finding]:
        """Undetermined when the awarding body or its kind is not stated."""
        body = mc.awarding_body
        if body is None or body.kind is None:
            return [Finding(
                "provider_kind_unknown", Severity.UNDETERMINED,
                f"the kind of awarding body is not stated ({self.describe()})",
                f"発行機関の種別が記載されていません（{self.describe('ja')}）",
                Descriptor.AWARDING_BODY, self.citation)]
        if body.kind in self.kinds:
            return []
        return [Finding(
            self.code, Severity.ERROR,
            f"awarding body is of kind '{body.kind.label_en}'; required: {self.describe()}",
            f"発行機関の種別「{body.kind.label_ja}」は要件外です（{self.describe('ja')}）",
            Descriptor.AWARDING_BODY, self.citation)]


@dataclass(frozen=True)
class LevelFrameworkIn:
    """When a level is stated, it must be in one of ``frameworks``."""

    frameworks: frozenset[LevelFramework]
    citation: str = ""
    code: str = "level_framework"

    def describe(self, lang: str = "en") -> str:
        """One-line description."""
        names = ", ".join(sorted(f.value for f in self.frameworks))
        return f"レベルの枠組み: {names}" if _ja(lang) else f"level expressed in: {names}"

    def check(self, mc: MicroCredential) -> list[Finding]:
        """No finding when no level is stated (the descriptor rule covers absence)."""
        if mc.level is None or mc.level.framework in self.frameworks:
            return []
        fw = mc.level.framework.value
        return [Finding(
            self.code, Severity.ERROR,
            f"level is given in {fw}; expected {self.describe()}",
            f"レベルが {fw} で記載されています（{self.describe('ja')}）",
            Descriptor.LEVEL, self.citation)]


@dataclass(frozen=True)
class PreferredCreditSystem:
    """Advice: effort should be expressed in ``system`` where possible (a WARNING, not an error)."""

    system: CreditSystem
    citation: str = ""
    code: str = "preferred_credit_system"

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
            Descriptor.LEARNER_EFFORT, self.citation)]


# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A framework profile: requirement per descriptor plus value constraints.

    ``rules`` may omit descriptors; omitted ones are NOT_LISTED. Researchers can define their own
    profiles and compare them with the built-ins via :func:`compare`.
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
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))
        object.__setattr__(self, "_full", MappingProxyType({d: full[d] for d in Descriptor}))
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "constraints", tuple(self.constraints))

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

    def __hash__(self) -> int:
        return hash(self.key)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description: metadata, a rule per descriptor, constraint descriptions."""
        return {
            "key": self.key, "name_en": self.name_en, "name_ja": self.name_ja,
            "jurisdiction": self.jurisdiction, "sources": list(self.sources),
            "note_en": self.note_en, "note_ja": self.note_ja,
            "rules": {d.value: {"requirement": r.requirement.value, "note_en": r.note_en,
                                "note_ja": r.note_ja, "citation": r.citation}
                      for d, r in self._full.items()},
            "constraints": [{"code": c.code, "en": c.describe("en"), "ja": c.describe("ja")}
                            for c in self.constraints],
        }


def _rules(table: Mapping[Descriptor, str], notes: Mapping[Descriptor, tuple[str, str, str]],
           ) -> dict[Descriptor, Rule]:
    out: dict[Descriptor, Rule] = {}
    for d, symbol in table.items():
        req = Requirement[symbol] if symbol.isupper() else Requirement.from_seed_symbol(symbol)
        en, ja, cite = notes.get(d, ("", "", ""))
        out[d] = Rule(req, en, ja, cite)
    return out


# The seed table (seed/README.md §2), one row per descriptor, columns
# JWG | EU | Australia | Malaysia | 履修証明; "" is a blank cell.
_D = Descriptor
_SEED_TABLE: dict[Descriptor, tuple[str, str, str, str, str]] = {
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


def _column(i: int) -> dict[Descriptor, str]:
    return {d: row[i] for d, row in _SEED_TABLE.items()}


_SEED_CITE = ("井上雅裕「マイクロクレデンシャルの国内外の最新動向と質保証」, "
              "common-descriptor table (seed/README.md §2)")
_EU_OJ = ("Council Recommendation of 16 June 2022 on a European approach to micro-credentials "
          "for lifelong learning and employability (2022/C 243/02), OJ C 243, 27.6.2022, p. 10-25, "
          "Annex I")
_FW = "frameworks.md"

JWG = Profile(
    key="JWG",
    name_en="JV-Campus/JMOOC joint WG framework (proposal)",
    name_ja="JV-Campus・JMOOC 共同WG フレームワーク（案）",
    jurisdiction="JP",
    sources=(_SEED_CITE,
             "JMICRO, Guidelines for Digital Issuance of Micro-credentials 1.1 (2024) / 3.0 "
             "(2025), https://www.micro-credentials.jp/?p=8714"),
    rules=_rules(_column(0), {}),
    constraints=(MinimumEffort(Fraction(10), Fraction(1),
                               "seed/README.md §3: micro-credential minimum volume "
                               "'10 hours or 1 credit or more'"),),
    note_en="Column 'JWG' of the seed table (the joint WG's proposal, 案).",
    note_ja="シード資料の表の「JWG」列（共同WG案）。",
)

EU = Profile(
    key="EU",
    name_en="EU (as tabulated in the seed)",
    name_ja="EU（シード資料の表による）",
    jurisdiction="EU",
    sources=(_SEED_CITE, _EU_OJ),
    rules=_rules(_column(1), {
        _D.LEVEL: (
            "The Recommendation asks for level only 'if applicable' (EQF, QF-EHEA); see "
            "EU_COUNCIL_2022.",
            "勧告原文ではレベルは「該当する場合」のみ（EQF、QF-EHEA）。EU_COUNCIL_2022 を参照。",
            f"{_EU_OJ}, element M8; {_FW} §1.2, §9 row 13"),
        _D.CREDIT_RECOGNITION: (
            "No separate element in Annex I: ECTS is the unit of notional workload (M7) and "
            "recognition appears only as stackability (O4).",
            "附属書Iに独立した項目はなく、ECTSは学習量（M7）の単位として現れる。",
            f"{_FW} §9 row 15"),
        _D.LEARNER_EFFORT: (
            "'Notional workload needed to achieve the learning outcomes (in ECTS, wherever "
            "possible)'.",
            "「学修成果の達成に必要な想定学習量（可能な限りECTS）」。",
            f"{_EU_OJ}, element M7"),
    }),
    note_en="Column 'EU' of the seed table; EU_COUNCIL_2022 encodes Annex I itself.",
    note_ja="シード資料の表の「EU」列。附属書I そのものは EU_COUNCIL_2022。",
)

AUSTRALIA = Profile(
    key="AUSTRALIA",
    name_en="Australia: National Microcredentials Framework (2021)",
    name_ja="オーストラリア：National Microcredentials Framework（2021）",
    jurisdiction="AU",
    sources=(_SEED_CITE, "Australian Government, National Microcredentials Framework (2021)"),
    rules=_rules(_column(2), {
        _D.QUALITY_ASSURANCE: (
            "The NMF makes a QA statement mandatory only for unregulated providers.",
            "NMF では質保証の記載は規制対象外の提供者にのみ必須。",
            f"{_FW} §9 row 12"),
    }),
    constraints=(MinimumEffort(Fraction(1), None,
                               "National Microcredentials Framework: volume of learning at least "
                               f"1 hour ({_FW} §8, §9 row 10)"),),
    note_en="Column 'Australia' of the seed table. The NMF also bounds a micro-credential below "
            "the smallest AQF award; that bound is not encoded.",
    note_ja="シード資料の表の「Australia」列。",
)

MALAYSIA = Profile(
    key="MALAYSIA",
    name_en="Malaysia: MQA Guidelines to Good Practices: Micro-credentials (2020)",
    name_ja="マレーシア：MQA マイクロクレデンシャル優良実践ガイドライン（2020）",
    jurisdiction="MY",
    sources=(_SEED_CITE, "Malaysian Qualifications Agency, GGP: Micro-credentials (2020); "
             "SAMC guideline (2023)"),
    rules=_rules(_column(3), {
        _D.LEVEL: ("Levels follow the 8-level MQF.", "レベルは8段階のMQF。", f"{_FW} §3.4"),
    }),
    constraints=(LevelFrameworkIn(frozenset({LevelFramework.MQF}), f"{_FW} §3.4"),),
    note_en="Column 'Malaysia' of the seed table (有り: listed, status not graded).",
    note_ja="シード資料の表の「Malaysia」列。",
)

JP_CERTIFICATE_PROGRAMME = Profile(
    key="JP_CERTIFICATE_PROGRAMME",
    name_en="Japan: certificate programme (履修証明プログラム)",
    name_ja="履修証明",
    jurisdiction="JP",
    sources=(_SEED_CITE, "学校教育法 第105条; 学校教育法施行規則 第164条"),
    rules=_rules(_column(4), {
        _D.CREDIT_RECOGNITION: (
            "Universities may award credit to participants since August 2019; not required.",
            "2019年8月以降、単位授与が可能（必須ではない）。",
            f"{_FW} §5.2 (NIAD-QE glossary)"),
        _D.QUALITY_ASSURANCE: (
            "An institutional duty to set up a system for design, evaluation and issuance.",
            "課程の編成・実施状況の評価・履修証明書の交付に必要な体制の整備（機関の義務）。",
            f"{_FW} §5.2"),
    }),
    constraints=(
        MinimumEffort(Fraction(60), None,
                      "学校教育法施行規則 第164条: 総時間数は60時間以上 (120 h before April 2019); "
                      f"{_FW} §5.2, §8"),
        ProviderKindIn(frozenset({ProviderKind.HIGHER_EDUCATION}),
                       "学校教育法 第105条: 大学は…証明書を交付することができる; seed/README.md §3 "
                       "'higher-education institutions only'"),
    ),
    note_en="Column '履修証明' of the seed table.",
    note_ja="シード資料の表の「履修証明」列。",
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


def _annex(element: str, en: str = "", ja: str = "") -> tuple[str, str, str]:
    return (en, ja, f"{_EU_OJ}, {element} ({_FW} §1.2)")


EU_COUNCIL_2022 = Profile(
    key="EU_COUNCIL_2022",
    name_en="EU Council Recommendation 2022/C 243/02, Annex I",
    name_ja="EU 理事会勧告 2022/C 243/02 附属書I",
    jurisdiction="EU",
    sources=(_EU_OJ, "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022H0627(02)"),
    rules=_rules(_EU_ANNEX_ROWS, {
        _D.LEARNER_IDENTIFICATION: _annex("mandatory element M1"),
        _D.TITLE: _annex("mandatory element M2"),
        _D.COUNTRY_REGION: _annex("mandatory element M3", "Country(ies)/Region(s) of the issuer.",
                                  "発行者の国・地域（複数可）。"),
        _D.AWARDING_BODY: _annex("mandatory element M4", "Awarding body(ies).",
                                 "発行機関（複数可）。"),
        _D.DATE_OF_ISSUING: _annex("mandatory element M5"),
        _D.LEARNING_OUTCOMES: _annex("mandatory element M6"),
        _D.LEARNER_EFFORT: _annex(
            "mandatory element M7",
            "Notional workload needed to achieve the learning outcomes, in ECTS wherever possible.",
            "学修成果の達成に必要な想定学習量（可能な限りECTS）。"),
        _D.LEVEL: _annex(
            "mandatory element M8",
            "Level (and cycle, if applicable) in EQF / QF-EHEA, 'if applicable'.",
            "レベル（EQF、QF-EHEA）は「該当する場合」に記載。"),
        _D.ASSESSMENT: _annex("mandatory element M9"),
        _D.FORM_OF_PARTICIPATION: _annex("mandatory element M10"),
        _D.QUALITY_ASSURANCE: _annex("mandatory element M11"),
        _D.CONTENT: _annex("not an element", "Content only via 'Further information' and the "
                           "transparency principle (Annex II).",
                           "内容は「その他の情報」と透明性原則（附属書II）でのみ扱われる。"),
        _D.CREDIT_RECOGNITION: _annex(
            "not an element", "ECTS appears as the unit of workload (M7), recognition as "
            "stackability (O4).", "ECTSは学習量（M7）の単位、認定は積み上げ（O4）として扱われる。"),
        _D.PREREQUISITES: _annex("optional element O1"),
        _D.SUPERVISION_IDENTITY_VERIFICATION: _annex(
            "optional element O2", "Values: unsupervised with no identity verification, "
            "supervised with no identity verification, supervised online or onsite with identity "
            "verification.", "値：監督なし・本人確認なし／監督あり・本人確認なし／"
            "オンラインまたは対面の監督と本人確認あり。"),
        _D.GRADE: _annex("optional element O3"),
        _D.STACKABILITY: _annex(
            "optional element O4", "Stand-alone, independent micro-credential / integrated, "
            "stackable towards another credential.", "独立型／他の資格へ積み上げ可能な統合型。"),
        _D.FURTHER_INFORMATION: _annex("optional element O5"),
    }),
    constraints=(
        LevelFrameworkIn(frozenset({LevelFramework.EQF}),
                         f"{_EU_OJ}, element M8 (EQF; QF-EHEA cycles are not modelled)"),
        PreferredCreditSystem(CreditSystem.ECTS, f"{_EU_OJ}, element M7 'wherever possible'"),
    ),
    note_en="Encoded from Annex I (11 mandatory elements, one of them conditional; 5 optional "
            "elements) as described in frameworks.md §1.2 and §9; the exact OJ wording of M3, M4, "
            "M7 and M8 is not yet verified against the OJ PDF.",
    note_ja="附属書I（必須11項目、うち1項目は条件付き、任意5項目）から作成。",
)

ALL: tuple[Profile, ...] = (JWG, EU, AUSTRALIA, MALAYSIA, JP_CERTIFICATE_PROGRAMME)
"""The five framework columns of the seed table, in its order."""

BUILTIN: tuple[Profile, ...] = (*ALL, EU_COUNCIL_2022)
"""Every built-in profile: :data:`ALL` plus :data:`EU_COUNCIL_2022`."""


def get(key: str) -> Profile:
    """Look a built-in profile up by key (case-insensitive), e.g. ``get("jwg")``."""
    for p in BUILTIN:
        if p.key.lower() == key.strip().lower():
            return p
    known = ", ".join(p.key for p in BUILTIN)
    raise ProfileError(f"unknown profile {key!r}; known: {known}")


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


def _descriptor_findings(mc: MicroCredential, profile: Profile) -> list[Finding]:
    out: list[Finding] = []
    for d in Descriptor:
        rule = profile.rule(d)
        if mc.has(d):
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


def check(mc: MicroCredential, profile: Profile) -> ProfileReport:
    """Check ``mc`` against ``profile``.

    Missing REQUIRED descriptors and violated constraints are errors (does not conform).
    Constraints the data cannot decide, and missing LISTED descriptors (the framework lists them
    without grading them required or optional), make the status INDETERMINATE. A missing
    CONDITIONAL descriptor is a warning.
    """
    if not isinstance(mc, MicroCredential):
        raise ProfileError(f"check() needs a MicroCredential, not {type(mc).__name__}")
    if not isinstance(profile, Profile):
        raise ProfileError(f"check() needs a Profile, not {type(profile).__name__}")
    findings = _descriptor_findings(mc, profile)
    for c in profile.constraints:
        findings.extend(c.check(mc))
    severities = {f.severity for f in findings}
    if Severity.ERROR in severities:
        status = Status.DOES_NOT_CONFORM
    elif Severity.UNDETERMINED in severities:
        status = Status.INDETERMINATE
    else:
        status = Status.CONFORMS
    return ProfileReport(profile, status, tuple(findings))


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

    With the defaults the rows for the 17 common descriptors reproduce the seed table.
    """
    ps = tuple(profiles)
    if not ps:
        raise ProfileError("compare() needs at least one profile")
    keys = [p.key for p in ps]
    if len(set(keys)) != len(keys):
        raise ProfileError(f"duplicate profile keys: {keys}")
    ds = tuple(Descriptor) if descriptors is None else tuple(Descriptor(d) for d in descriptors)
    return Comparison(ps, ds)
