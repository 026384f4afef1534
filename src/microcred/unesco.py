"""The UNESCO (2022) definition of a micro-credential, as four checkable clauses.

UNESCO (2022), *Towards a common definition of micro-credentials* (ED/PLS/YLS/2022/04): a
micro-credential

1. is a record of focused learning achievement verifying what the learner knows, understands or
   can do;
2. includes assessment based on clearly defined standards and is awarded by a trusted provider;
3. has stand-alone value and may also contribute to or complement other micro-credentials or
   macro-credentials, including through recognition of prior learning; and
4. meets the standards required by relevant quality assurance.

:func:`assess` decides each clause from the descriptors (never from free text alone):

>>> from microcred import MicroCredential, unesco
>>> a = unesco.assess(MicroCredential(learning_outcomes=[{"statement": "Use pandas."}]))
>>> [c.met for c in a.clauses]
[True, False, False, False]
>>> a.meets_definition
False
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._errors import InvalidDataError
from ._model import Descriptor, MicroCredential, QAKind

__all__ = ["CLAUSES", "Clause", "ClauseResult", "Reason", "UnescoAssessment", "assess"]

_SOURCE = ("UNESCO (2022), Towards a common definition of micro-credentials, ED/PLS/YLS/2022/04, "
           "https://unesdoc.unesco.org/ark:/48223/pf0000381668 (clause wording as quoted by "
           "JMICRO, https://www.micro-credentials.jp/en/home-english/)")


@dataclass(frozen=True)
class Clause:
    """One clause of the UNESCO definition, in English (UNESCO's wording) and Japanese."""

    number: int
    text_en: str
    text_ja: str

    def text(self, lang: str = "en") -> str:
        """The clause in ``lang``."""
        return self.text_ja if lang.lower().startswith("ja") else self.text_en


CLAUSES: tuple[Clause, ...] = (
    Clause(1, "is a record of focused learning achievement verifying what the learner knows, "
              "understands or can do",
           "学習者が何を知り、理解し、何ができるかを証明する、焦点を絞った学習成果の記録である"),
    Clause(2, "includes assessment based on clearly defined standards and is awarded by a trusted "
              "provider",
           "明確に定義された基準に基づく評価を含み、信頼できる提供者によって授与される"),
    Clause(3, "has stand-alone value and may also contribute to or complement other "
              "micro-credentials or macro-credentials, including through recognition of prior "
              "learning",
           "単独で価値を持ち、既修得学習の認定などを通じて他のマイクロクレデンシャルや"
           "マクロクレデンシャルに貢献・補完しうる"),
    Clause(4, "meets the standards required by relevant quality assurance",
           "関連する質保証が求める基準を満たす"),
)
"""The four clauses (English wording quoted from UNESCO 2022; Japanese by microcred)."""


@dataclass(frozen=True)
class Reason:
    """Why a clause is (not) met, with the descriptor it rests on."""

    ok: bool
    en: str
    ja: str
    descriptor: Descriptor | None = None

    def text(self, lang: str = "en") -> str:
        """The reason in ``lang``."""
        return self.ja if lang.lower().startswith("ja") else self.en


@dataclass(frozen=True)
class ClauseResult:
    """Whether one clause is met, and why."""

    clause: Clause
    met: bool
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"clause": self.clause.number, "met": self.met,
                "text_en": self.clause.text_en, "text_ja": self.clause.text_ja,
                "reasons": [{"ok": r.ok, "en": r.en, "ja": r.ja,
                             "descriptor": r.descriptor.value if r.descriptor else None}
                            for r in self.reasons]}


@dataclass(frozen=True)
class UnescoAssessment:
    """The four clause results; :attr:`meets_definition` when all are met."""

    clauses: tuple[ClauseResult, ...]

    @property
    def meets_definition(self) -> bool:
        """True when every clause is met."""
        return all(c.met for c in self.clauses)

    @property
    def unmet(self) -> tuple[ClauseResult, ...]:
        """Clauses that are not met."""
        return tuple(c for c in self.clauses if not c.met)

    def to_text(self, lang: str = "en") -> str:
        """A readable summary, one block per clause."""
        ja = lang.lower().startswith("ja")
        if ja:
            head = "UNESCO（2022）の定義: " + ("満たす" if self.meets_definition else "満たさない")
        else:
            head = "UNESCO (2022) definition: " + ("met" if self.meets_definition else "not met")
        lines = [head]
        for c in self.clauses:
            mark = "✓" if c.met else "✗"
            lines.append(f"  {mark} {c.clause.number}. {c.clause.text(lang)}")
            for r in c.reasons:
                lines.append(f"      {'+' if r.ok else '-'} {r.text(lang)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"meets_definition": self.meets_definition, "source": _SOURCE,
                "clauses": [c.as_dict() for c in self.clauses]}


def _clause1(mc: MicroCredential) -> ClauseResult:
    n = len(mc.learning_outcomes)
    reasons = [Reason(n > 0,
                      f"{n} learning outcome(s) stated" if n else "no learning outcomes stated",
                      f"学修成果 {n} 件" if n else "学修成果が記載されていません",
                      Descriptor.LEARNING_OUTCOMES)]
    return ClauseResult(CLAUSES[0], n > 0, tuple(reasons))


def _clause2(mc: MicroCredential) -> ClauseResult:
    a = mc.assessment
    reasons: list[Reason] = []
    if a is None:
        reasons.append(Reason(False, "no assessment stated", "評価の方法が記載されていません",
                              Descriptor.ASSESSMENT))
    else:
        kinds = ", ".join(k.label_en.lower() for k in a.kinds)
        kinds_ja = "、".join(k.label_ja for k in a.kinds)
        reasons.append(Reason(True, f"assessment: {kinds}", f"評価の方法：{kinds_ja}",
                              Descriptor.ASSESSMENT))
        if a.criteria is not None:
            reasons.append(Reason(True, "assessment standards (criteria) are stated",
                                  "評価基準が明示されています", Descriptor.ASSESSMENT))
        else:
            reasons.append(Reason(False, "the standards (criteria) of assessment are not stated",
                                  "評価基準が明示されていません", Descriptor.ASSESSMENT))
    bodies = mc.all_awarding_bodies()
    if not bodies:
        reasons.append(Reason(False, "no awarding body identified", "発行機関が記載されていません",
                              Descriptor.AWARDING_BODY))
    else:
        def named(lang: str) -> str:
            out = []
            for b in bodies:
                ident = b.id or b.url
                out.append(b.name.in_lang(lang) + (f" ({ident})" if ident else ""))
            return (" and " if lang == "en" else "、").join(out)
        joint, joint_ja = (" jointly", "（共同発行）") if len(bodies) > 1 else ("", "")
        reasons.append(Reason(True, f"awarded{joint} by {named('en')}",
                              f"発行機関：{named('ja')}{joint_ja}", Descriptor.AWARDING_BODY))
    met = all(r.ok for r in reasons)
    return ClauseResult(CLAUSES[1], met, tuple(reasons))


def _clause3(mc: MicroCredential) -> ClauseResult:
    reasons: list[Reason] = []
    s = mc.stackability
    if s is not None:
        if s.towards:
            names = "; ".join(t.name.in_lang("en") for t in s.towards)
            names_ja = "；".join(t.name.in_lang("ja") for t in s.towards)
            paths = sorted({p for t in s.towards for p in t.pathways}, key=lambda p: p.value)
            via_en = f" via {', '.join(p.label_en for p in paths)}" if paths else ""
            via_ja = f"（{'、'.join(p.label_ja for p in paths)}）" if paths else ""
            reasons.append(Reason(True, f"stackable towards {names}{via_en}",
                                  f"積み上げ先：{names_ja}{via_ja}", Descriptor.STACKABILITY))
        else:
            reasons.append(Reason(True, "declared a stand-alone, independent micro-credential",
                                  "独立型のマイクロクレデンシャルとして記載",
                                  Descriptor.STACKABILITY))
    r = mc.recognition
    if r is not None:
        credits = ", ".join(f"{c.amount} {c.system.label_en}" for c in r.credits)
        credits_ja = "、".join(f"{c.amount} {c.system.label_ja}" for c in r.credits)
        reasons.append(Reason(True, f"credit / recognition: {credits or r.kind.label_en}",
                              f"単位/認定：{credits_ja or r.kind.label_ja}",
                              Descriptor.CREDIT_RECOGNITION))
    met = bool(reasons)
    if not met:
        reasons.append(Reason(False, "neither stackability nor credit/recognition is stated",
                              "積み上げ可能性も単位/認定も記載されていません",
                              Descriptor.STACKABILITY))
    return ClauseResult(CLAUSES[2], met, tuple(reasons))


def _clause4(mc: MicroCredential) -> ClauseResult:
    qa = mc.quality_assurance
    reasons: list[Reason] = []
    internal = [q for q in qa if q.kind is QAKind.INTERNAL]
    external = [q for q in qa if q.kind is QAKind.EXTERNAL]
    for q in qa:
        body = f" by {q.body.in_lang('en')}" if q.body else ""
        body_ja = f"（{q.body.in_lang('ja')}）" if q.body else ""
        reasons.append(Reason(True, f"{q.kind.value} QA of the {q.scope.value}{body}",
                              f"{q.scope.label_ja}の{q.kind.label_ja}質保証{body_ja}",
                              Descriptor.QUALITY_ASSURANCE))
    if not internal:
        extra = " (external QA alone is stated)" if external else ""
        extra_ja = "（外部質保証のみ記載）" if external else ""
        reasons.append(Reason(False, "internal quality assurance, the required condition, is not "
                              f"stated{extra}",
                              f"必要条件である内部質保証が記載されていません{extra_ja}",
                              Descriptor.QUALITY_ASSURANCE))
    return ClauseResult(CLAUSES[3], bool(internal), tuple(reasons))


def assess(mc: MicroCredential) -> UnescoAssessment:
    """Assess ``mc`` against the four clauses of the UNESCO (2022) definition.

    1. met when at least one learning outcome is stated;
    2. met when an assessment with stated criteria and an awarding body are present;
    3. met when stackability (stand-alone or stackable) or credit/other recognition is stated;
    4. met when internal quality assurance is stated: the JV-Campus/JMOOC QA matrix makes
       internal QA the required condition and external accreditation optional.
    """
    if not isinstance(mc, MicroCredential):
        raise InvalidDataError(f"assess() needs a MicroCredential, not {type(mc).__name__}")
    return UnescoAssessment((_clause1(mc), _clause2(mc), _clause3(mc), _clause4(mc)))
