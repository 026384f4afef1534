"""The conditions on design, operation and digital issuance, as a checklist with reasons.

The talk presenting the JV-Campus/JMOOC framework (井上雅裕, 2024, slide
「マイクロクレデンシャルに求められる条件」) lists conditions for the **design** of a
micro-credential (transparency, valid assessment, quality assurance, built on a framework), for
its **operation** (learner-centred, relevance with employers, learning pathways, information and
guidance) and for its **digital issuance** (authenticity and verification, portability). They
overlap with the ten principles of Annex II of the EU Council Recommendation 2022/C 243/02, which
add recognition. :func:`assess` decides each condition from the descriptors where the data can
show it, and from ``evidence`` (links or facts the caller supplies) where it cannot; a condition
without either is "needs evidence", never assumed.

>>> from microcred import MicroCredential, conditions
>>> mc = MicroCredential.parse({"learning_outcomes": [{"statement": "Use SQL."}],
...                             "effort": {"hours": "20"},
...                             "awarding_body": {"name": "Example University"}})
>>> r = conditions.assess(mc)
>>> r.result("transparency").met, r.result("valid_assessment").met, r.result("relevance").met
(True, False, None)
>>> conditions.assess(mc, evidence={"relevance": "https://example.org/advisory-board"}
...                   ).result("relevance").met
True
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import profiles as _profiles
from ._frameworks_data import EU_OJ, TALK
from ._model import (
    CertificationKind,
    Descriptor,
    Integration,
    MicroCredential,
    ParticipationMode,
    QAKind,
)
from ._sources import Reference, SourceStatus

__all__ = ["CONDITIONS", "Condition", "ConditionResult", "ConditionsReport", "Stage", "assess"]


def _ja(lang: str) -> bool:
    return lang.lower().startswith("ja")


class Stage(str, enum.Enum):
    """When a condition applies."""

    DESIGN = "design"
    OPERATION = "operation"
    ISSUANCE = "issuance"

    def label(self, lang: str = "en") -> str:
        """Label in ``lang``."""
        return {"design": ("Design", "設計の条件"),
                "operation": ("Planning and operation", "計画・運用での指針"),
                "issuance": ("Digital issuance", "デジタル発行の条件")}[self.value][
            1 if _ja(lang) else 0]


_SLIDE = TALK.at("slide 'マイクロクレデンシャルに求められる条件'", SourceStatus.SECONDARY)


def _annex_ii(n: int, name: str, status: SourceStatus, via: str = "") -> Reference:
    return EU_OJ.at(f"Annex II, principle {n} ({name})", status, via=via,
                    note="" if status is not SourceStatus.UNVERIFIED
                    else "principle name from the frameworks research notes §1.3; the OJ "
                         "Annex II was not read (EUR-Lex's stored page stops before the "
                         "Annexes) and no public page quoting it was found")


@dataclass(frozen=True)
class Condition:
    """One condition: key, stage, bilingual name and text, and its sources."""

    key: str
    stage: Stage
    name_en: str
    name_ja: str
    text_en: str
    text_ja: str
    refs: tuple[Reference, ...]

    def name(self, lang: str = "en") -> str:
        """Name in ``lang``."""
        return self.name_ja if _ja(lang) else self.name_en


@dataclass(frozen=True)
class ConditionResult:
    """Whether a condition is met (``None``: the data cannot show it; evidence is needed)."""

    condition: Condition
    met: bool | None
    reason_en: str
    reason_ja: str
    descriptors: tuple[Descriptor, ...] = ()

    def reason(self, lang: str = "en") -> str:
        """The reason in ``lang``."""
        return self.reason_ja if _ja(lang) else self.reason_en

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        c = self.condition
        return {"key": c.key, "stage": c.stage.value, "met": self.met,
                "reason_en": self.reason_en, "reason_ja": self.reason_ja,
                "descriptors": [d.value for d in self.descriptors],
                "sources": [str(r) for r in c.refs]}


@dataclass(frozen=True)
class ConditionsReport:
    """Every condition's result, in :data:`CONDITIONS` order."""

    results: tuple[ConditionResult, ...]

    def result(self, key: str) -> ConditionResult:
        """The result for condition ``key``."""
        for r in self.results:
            if r.condition.key == key:
                return r
        raise KeyError(key)

    @property
    def unmet(self) -> tuple[ConditionResult, ...]:
        """Conditions the data shows are not met."""
        return tuple(r for r in self.results if r.met is False)

    @property
    def needs_evidence(self) -> tuple[ConditionResult, ...]:
        """Conditions that need evidence beyond the descriptors."""
        return tuple(r for r in self.results if r.met is None)

    def to_text(self, lang: str = "en") -> str:
        """One line per condition, grouped by stage."""
        lines: list[str] = []
        for stage in Stage:
            lines.append(stage.label(lang))
            for r in self.results:
                if r.condition.stage is stage:
                    mark = {True: "✓", False: "✗", None: "?"}[r.met]
                    lines.append(f"  {mark} {r.condition.name(lang)}: {r.reason(lang)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"results": [r.as_dict() for r in self.results]}


_S, _U = SourceStatus.SECONDARY, SourceStatus.UNVERIFIED
CONDITIONS: tuple[Condition, ...] = (
    Condition("transparency", Stage.DESIGN, "Transparency", "透明性",
              "Learning outcomes, volume of learning and the issuer are published.",
              "学修成果、学習量、発行者の情報等を公表",
              (_SLIDE, _annex_ii(2, "Transparency", _S,
                                 "https://openspace.etf.europa.eu/content/transparency"))),
    Condition("valid_assessment", Stage.DESIGN, "Valid assessment", "学修成果の適切なアセスメント",
              "Learning outcomes are assessed against clear criteria.", "明確な基準、多様な評価",
              (_SLIDE, _annex_ii(4, "Valid assessment", _S,
                                 "https://openspace.etf.europa.eu/pages/valid-assessment"))),
    Condition("quality_assurance", Stage.DESIGN, "Quality assurance", "質保証",
              "Internal quality assurance, with its standards published.",
              "内部質保証の基準の公表",
              (_SLIDE, _annex_ii(1, "Quality", _S,
                                 "https://teacamp.vdu.lt/mod/page/view.php?id=4867"))),
    Condition("framework", Stage.DESIGN, "Designed on a framework",
              "フレームワークやガイドラインに沿って設計",
              "Common definitions and descriptors make the credential comparable across "
              "institutions and borders.", "共通定義や標準記述子に基づき、国内外で流通・共有できる",
              (_SLIDE,)),
    Condition("learner_centred", Stage.OPERATION, "Learner-centred", "学習者本位",
              "Flexible ways of learning, e.g. online or blended.",
              "柔軟な学習方法（オンライン、ブレンド型等）",
              (_SLIDE, _annex_ii(8, "Learner-centred", _U))),
    Condition("relevance", Stage.OPERATION, "Relevance", "発行機関と雇用者の協力",
              "Needs are established and the credential is developed with employers.",
              "ニーズを把握し、共同開発・実施", (_SLIDE, _annex_ii(3, "Relevance", _U))),
    Condition("learning_pathways", Stage.OPERATION, "Learning pathways", "多様な学習経路を支援",
              "From partial learning to degrees.", "部分的な学習から学位へ",
              (_SLIDE, _annex_ii(5, "Learning pathways", _U))),
    Condition("recognition", Stage.OPERATION, "Recognition", "認定",
              "Clear recognition value (credit or other recognition).",
              "単位等の認定の価値が明確", (_annex_ii(6, "Recognition", _U),)),
    Condition("information_guidance", Stage.OPERATION, "Information and guidance",
              "情報提供とガイダンス", "Support, comparison sites.", "サポート、比較サイト",
              (_SLIDE, _annex_ii(10, "Information and guidance", _U))),
    Condition("authenticity", Stage.ISSUANCE, "Authenticity and verification", "検証可能性",
              "Forgery and tampering are prevented: the credential verifies.",
              "偽造や改ざんを防止", (_SLIDE, _annex_ii(9, "Authentic", _U))),
    Condition("portability", Stage.ISSUANCE, "Portability", "学習者が安全に所有・利用できる",
              "The learner owns and carries the record.", "学習者が持ち運べる",
              (_SLIDE, _annex_ii(7, "Portable", _U))),
)
"""The conditions, in the talk's order (recognition, from EU Annex II, after pathways)."""

_Ps = tuple[_profiles.Profile, ...]
_Out = tuple[bool | None, str, str, tuple[Descriptor, ...]]
_Check = Callable[[MicroCredential, Mapping[str, Any], _Ps], _Out]


def _evidence(ev: Mapping[str, Any], key: str) -> tuple[bool | None, str, str] | None:
    value = ev.get(key)
    if value is None:
        return None
    verified = getattr(value, "verified", None)
    if isinstance(verified, bool):
        value = verified
    if isinstance(value, bool):
        return (value, f"evidence given: {value}", f"根拠の記載: {value}")
    if isinstance(value, str) and value.strip():
        return (True, f"evidence: {value}", f"根拠: {value}")
    return (False, f"evidence {key!r} is not usable", f"根拠「{key}」を確認できません")


def _transparency(mc: MicroCredential, ev: Mapping[str, Any],
                  ps: _Ps) -> _Out:
    want = (Descriptor.LEARNING_OUTCOMES, Descriptor.LEARNER_EFFORT, Descriptor.AWARDING_BODY)
    missing = [d for d in want if not mc.has(d)]
    if not missing:
        return (True, "outcomes, effort and issuer are stated", "学修成果・学習量・発行者を記載",
                want)
    return (False, "not stated: " + ", ".join(d.label_en for d in missing),
            "記載なし：" + "、".join(d.label_ja for d in missing), tuple(missing))


def _valid_assessment(mc: MicroCredential, ev: Mapping[str, Any],
                      ps: _Ps) -> _Out:
    a = mc.assessment
    d = (Descriptor.ASSESSMENT,)
    if a is None:
        return False, "no assessment stated", "評価の方法の記載なし", d
    if a.criteria is None:
        return False, "assessment criteria are not stated", "評価基準の記載なし", d
    return True, "assessment with stated criteria", "評価基準を明示した評価", d


def _qa(mc: MicroCredential, ev: Mapping[str, Any],
        ps: _Ps) -> _Out:
    d = (Descriptor.QUALITY_ASSURANCE,)
    if any(q.kind is QAKind.INTERNAL for q in mc.quality_assurance):
        return True, "internal quality assurance is stated", "内部質保証を記載", d
    return False, "internal quality assurance is not stated", "内部質保証の記載なし", d


def _framework(mc: MicroCredential, ev: Mapping[str, Any],
               ps: _Ps) -> _Out:
    ok = [p.key for p in ps if _profiles.check(mc, p).conforms]
    if ok:
        return True, "conforms to " + ", ".join(ok), ", ".join(ok) + " に適合", ()
    keys = ", ".join(p.key for p in ps)
    return False, f"conforms to none of {keys}", f"{keys} のいずれにも適合しない", ()


def _learner_centred(mc: MicroCredential, ev: Mapping[str, Any],
                     ps: _Ps) -> _Out:
    d = (Descriptor.FORM_OF_PARTICIPATION,)
    got = _evidence(ev, "learner_centred")
    if got is not None:
        return (*got, d)
    p = mc.participation
    if p is not None and p.mode in (ParticipationMode.ONLINE, ParticipationMode.BLENDED):
        return (True, f"flexible participation: {p.mode.label_en.lower()}",
                f"柔軟な受講形態：{p.mode.label_ja}", d)
    return (None, "flexibility is not shown by the form of participation; give evidence",
            "受講形態から柔軟性を判断できません。根拠を示してください", d)


def _by_evidence(key: str) -> _Check:
    def check(mc: MicroCredential, ev: Mapping[str, Any],
              ps: _Ps) -> _Out:
        got = _evidence(ev, key)
        if got is not None:
            return (*got, ())
        if key == "information_guidance" and mc.further_information is not None:
            return (True, "further information is given", "その他の情報を記載",
                    (Descriptor.FURTHER_INFORMATION,))
        return (None, f"the descriptors cannot show this; give evidence[{key!r}]",
                f"記述項目からは判断できません。evidence[{key!r}] を示してください", ())
    return check


def _pathways(mc: MicroCredential, ev: Mapping[str, Any],
              ps: _Ps) -> _Out:
    d = (Descriptor.STACKABILITY,)
    s = mc.stackability
    if s is not None and s.integration is Integration.INTEGRATED:
        names = "; ".join(t.name.in_lang("en") for t in s.towards)
        names_ja = "；".join(t.name.in_lang("ja") for t in s.towards)
        return True, f"stackable towards {names}", f"積み上げ先：{names_ja}", d
    got = _evidence(ev, "learning_pathways")
    if got is not None:
        return (*got, d)
    return (False, "no pathway towards a larger credential is stated",
            "より大きな資格への経路が記載されていません", d)


def _recognition(mc: MicroCredential, ev: Mapping[str, Any],
                 ps: _Ps) -> _Out:
    d = (Descriptor.CREDIT_RECOGNITION,)
    if mc.recognition is not None:
        return True, f"recognition: {mc.recognition.kind.label_en}", \
            f"認定：{mc.recognition.kind.label_ja}", d
    return False, "no credit or other recognition stated", "単位・その他の認定の記載なし", d


def _authenticity(mc: MicroCredential, ev: Mapping[str, Any],
                  ps: _Ps) -> _Out:
    got = _evidence(ev, "verified")
    if got is not None:
        ok, _, _ = got
        return (ok, "the issued credential verifies" if ok else "the credential does not verify",
                "発行された証明は検証に成功" if ok else "証明の検証に失敗", ())
    return (None, "verify the issued credential and pass evidence['verified'] (a bool or a "
            "verification result)", "発行された証明を検証し evidence['verified'] に渡してください",
            ())


def _portability(mc: MicroCredential, ev: Mapping[str, Any],
                 ps: _Ps) -> _Out:
    d = (Descriptor.LEARNER_IDENTIFICATION, Descriptor.CERTIFICATION)
    digital = (mc.certification is not None and mc.certification.kind in
               (CertificationKind.DIGITAL_BADGE, CertificationKind.DIGITAL_CERTIFICATE))
    if mc.learner is not None and digital:
        return True, "a digital record issued to an identified learner", \
            "識別された学習者へのデジタル発行", d
    if not digital:
        return False, "the certification is not digital", "証明がデジタルではありません", d
    return False, "the learner is not identified", "学習者が識別されていません", d


_CHECKS: dict[str, _Check] = {
    "transparency": _transparency, "valid_assessment": _valid_assessment,
    "quality_assurance": _qa, "framework": _framework, "learner_centred": _learner_centred,
    "relevance": _by_evidence("relevance"), "learning_pathways": _pathways,
    "recognition": _recognition, "information_guidance": _by_evidence("information_guidance"),
    "authenticity": _authenticity, "portability": _portability,
}


def assess(mc: MicroCredential, evidence: Mapping[str, Any] | None = None,
           frameworks: Iterable[_profiles.Profile] = (_profiles.JWG,)) -> ConditionsReport:
    """Assess every condition of :data:`CONDITIONS` for ``mc``.

    ``evidence`` maps a condition key to a URL (a document showing it), a bool, or (for
    ``"verified"``) a verification result with a ``verified`` attribute. ``frameworks`` are the
    profiles the "designed on a framework" condition accepts (the JWG framework by default).
    """
    if not isinstance(mc, MicroCredential):
        raise TypeError(f"assess() needs a MicroCredential, not {type(mc).__name__}")
    ev: Mapping[str, Any] = evidence or {}
    ps = tuple(frameworks)
    out = []
    for c in CONDITIONS:
        met, en, ja, ds = _CHECKS[c.key](mc, ev, ps)
        out.append(ConditionResult(c, met, en, ja, ds))
    return ConditionsReport(tuple(out))
