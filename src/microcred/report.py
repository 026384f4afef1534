"""The two wheels of trust in one report: a received badge, verified and read as education.

"Micro-credentials are education, digital badges are information technology: the two wheels of
trust." :func:`inspect_badge` turns both for a received Open Badges 3.0 credential (a ``dict``,
JSON text or a compact JWS):

* **the badge** (information technology): :func:`microcred.verify` (proofs, issuer binding,
  validity period, status, endorsements) and the lenient OB 3.0 reading
  (:func:`microcred.ob3.read_credential` findings);
* **the micro-credential** (education): the descriptors read from the OB 3.0 data
  (:func:`microcred.ob3.to_micro_credential`), the quality assurance the issuer states, the
  UNESCO (2022) definition (:mod:`microcred.unesco`), every built-in framework profile
  (:mod:`microcred.profiles`) and the conditions on design, operation and digital issuance
  (:mod:`microcred.conditions`, with the verification as the evidence of authenticity).

The result, :class:`TrustReport`, is typed, bilingual (``render(lang="en"|"ja")``) and
JSON-ready (``as_dict()``). Document content never raises: a badge that does not verify still
gets the education-side report, marked "the data is not authenticated"; a document that cannot
be read as OB 3.0 gets the verification and the reason. Every string taken from the document is
shown inert in :meth:`TrustReport.render` (control characters, bidirectional overrides and
line separators escaped), so it cannot add lines of its own.

>>> from microcred import inspect_badge
>>> r = inspect_badge({"@context": ["https://www.w3.org/ns/credentials/v2"]})
>>> r.verified, r.micro_credential is None
(False, True)
>>> print(r.notice[1])
検証失敗：データの真正性は確認されていません。以下は文書の記載内容であり、発行者が署名したものとは確認できません。
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import conditions as _conditions
from . import ob3 as _ob3
from . import profiles as _profiles
from . import unesco as _unesco
from ._errors import InvalidDataError, MicrocredError
from ._model import Descriptor, MicroCredential, QualityAssurance
from .signing import Check, Outcome, VerificationResult, verify

__all__ = ["ReportProblem", "TrustReport", "inspect_badge"]


def _ja(lang: str) -> bool:
    return lang.lower().startswith("ja")


def _inert(value: object) -> str:
    """``str(value)`` on one inert line: control and format characters, line and paragraph
    separators and lone surrogates shown as ``\\x1b`` / ``\\u202e`` escapes."""
    text = value if isinstance(value, str) else str(value)
    out = []
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class ReportProblem:
    """Why part of the report could not be produced (``code``, English, Japanese, details)."""

    code: str
    en: str
    ja: str
    details: tuple[str, ...] = ()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return self.ja if _ja(lang) else self.en

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"code": self.code, "en": self.en, "ja": self.ja, "details": list(self.details)}


def _problem(code: str, en: str, ja: str, exc: BaseException) -> ReportProblem:
    head = str(exc).split("\n", 1)[0]
    details: list[str] = []
    if isinstance(exc, InvalidDataError):
        details = [f"{e.path}: {e.msg}" for e in exc.errors[:10]]
    return ReportProblem(code, f"{en}: {head}", f"{ja}: {head}", tuple(details))


#: (check ids, English label, Japanese label): the aspects of verification shown first.
_ASPECTS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("proof-set", "jwt.signature"), "Proofs", "署名"),
    (("issuer-binding", "jwt.issuer-binding"), "Issuer", "発行者との結び付き"),
    (("validity",), "Validity period", "有効期間"),
    (("status",), "Status (revocation)", "失効状態"),
    (("endorsements",), "Endorsements", "推薦"),
)
_MARKS = {Outcome.PASSED: "✓", Outcome.FAILED: "✗", Outcome.SKIPPED: "-",
          Outcome.COULD_NOT_CHECK: "?"}


def _mark(check: Check) -> str:
    if not check.required and check.outcome in (Outcome.FAILED, Outcome.COULD_NOT_CHECK):
        return "!"
    return _MARKS.get(check.outcome, "?")


def _issuer_of(document: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """(issuer id, issuer name) as the document states them."""
    if not isinstance(document, Mapping):
        return None, None
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return issuer, None
    if isinstance(issuer, Mapping):
        ident, name = issuer.get("id"), issuer.get("name")
        return (ident if isinstance(ident, str) else None,
                name if isinstance(name, str) else None)
    return None, None


@dataclass(frozen=True)
class TrustReport:
    """What :func:`inspect_badge` found: the badge's verification and its education side.

    ``verification`` is the :class:`~microcred.VerificationResult`; ``reading`` the lenient
    OB 3.0 reading (``None`` with ``reading_problem`` when the document is not readable as
    OB 3.0); ``micro_credential`` the descriptors (``None`` when none can be read; when the
    microcred descriptor terms are invalid, ``descriptors_problem`` says why and the descriptors
    are those of the standard OB 3.0 properties alone);
    ``unesco``, ``profiles`` and ``conditions`` the education-side checks (empty or ``None``
    when there are no descriptors).
    """

    verification: VerificationResult
    reading: _ob3.ReadResult[Any] | None
    reading_problem: ReportProblem | None
    micro_credential: MicroCredential | None
    descriptors_problem: ReportProblem | None
    unesco: _unesco.UnescoAssessment | None
    profiles: tuple[_profiles.ProfileReport, ...]
    conditions: _conditions.ConditionsReport | None

    @property
    def verified(self) -> bool:
        """True when the badge verified: the data is authenticated."""
        return self.verification.verified

    @property
    def issuer(self) -> tuple[str | None, str | None]:
        """(id, name) of the issuer as the credential states them."""
        if self.reading is not None:
            return _issuer_of(self.reading.to_jsonld())
        return _issuer_of(self.verification.document)

    @property
    def quality_assurance(self) -> tuple[QualityAssurance, ...]:
        """The quality assurance the issuer states in the data (not checked with the QA
        bodies)."""
        mc = self.micro_credential
        return () if mc is None else tuple(mc.quality_assurance)

    @property
    def conforms_to(self) -> tuple[str, ...]:
        """Keys of the profiles the descriptors conform to."""
        return tuple(r.profile.key for r in self.profiles if r.conforms)

    @property
    def notice(self) -> tuple[str, str]:
        """The headline in English and Japanese: whether the data is authenticated."""
        if self.verified:
            ident = _inert(self.issuer[0] or "?")
            return (f"VERIFIED: the data is authenticated, signed with a key of the issuer "
                    f"{ident}. Names and quality-assurance statements are the issuer's own "
                    "claims.",
                    f"検証成功：データは発行者 {ident} の鍵で署名されています。名称や質保証の"
                    "記載は発行者自身の申告です。")
        return ("NOT VERIFIED: the data is not authenticated. What follows is what the "
                "document claims; nothing shows that its issuer signed it.",
                "検証失敗：データの真正性は確認されていません。以下は文書の記載内容であり、"
                "発行者が署名したものとは確認できません。")

    # -- output ------------------------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (both languages; strings from the document unchanged)."""
        mc = self.micro_credential
        ident, name = self.issuer
        return {
            "verified": self.verified,
            "authenticated": self.verified,
            "notice": {"en": self.notice[0], "ja": self.notice[1]},
            "issuer": {"id": ident, "name": name},
            "verification": self.verification.as_dict(),
            "reading": {
                "ok": self.reading is not None,
                "conforms": self.reading.conforms if self.reading is not None else None,
                "findings": ([f.as_dict() for f in self.reading.findings]
                             if self.reading is not None else []),
                "problem": self.reading_problem.as_dict() if self.reading_problem else None,
            },
            "descriptors": {
                "ok": mc is not None,
                "authenticated": self.verified and mc is not None,
                "present": ([d.value for d in Descriptor if mc.has(d)]
                            if mc is not None else []),
                "missing": [d.value for d in mc.missing_descriptors()] if mc is not None else [],
                "micro_credential": mc.model_dump(mode="json") if mc is not None else None,
                "problem": (self.descriptors_problem.as_dict()
                            if self.descriptors_problem else None),
            },
            "quality_assurance": {
                "stated_by_issuer": [q.model_dump(mode="json") for q in self.quality_assurance],
                "authenticated": self.verified and mc is not None,
            },
            "unesco": self.unesco.as_dict() if self.unesco is not None else None,
            "profiles": [r.as_dict() for r in self.profiles],
            "conforms_to": list(self.conforms_to),
            "conditions": self.conditions.as_dict() if self.conditions is not None else None,
        }

    def render(self, lang: str = "en") -> str:
        """The report as text in ``lang`` (``"en"`` or ``"ja"``); strings from the document
        are escaped so that each stays on its line."""
        ja = _ja(lang)
        lng = "ja" if ja else "en"

        def t(en: str, ja_text: str) -> str:
            return ja_text if ja else en

        mc = self.micro_credential
        title = (mc.title.in_lang(lng) if mc is not None and mc.title is not None
                 else t("(untitled)", "(名称なし)"))
        head = t("Trust report: ", "信頼性レポート: ") + _inert(title)
        lines = [head, "=" * min(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
                                     for c in head), 78),
                 self.notice[1 if ja else 0], ""]
        lines += self._render_badge(lng, t)
        lines.append("")
        lines += self._render_education(lng, t)
        return "\n".join(lines)

    def _render_badge(self, lang: str, t: Any) -> list[str]:
        v = self.verification
        ja = lang == "ja"
        ident, name = self.issuer
        lines = [t("1. The badge (information technology)", "1. デジタルバッジ（情報技術）")]
        issuer = _inert(name) + (f" ({_inert(ident)})" if ident else "") if name else \
            _inert(ident or t("not stated", "記載なし"))
        lines.append(f"  {t('Issuer', '発行者')}: {issuer}")
        summary = v.summary()[1 if ja else 0]
        lines.append(f"  {t('Verification', '検証')}: {_inert(summary)}")
        shown: set[str] = set()
        for ids, en, ja_label in _ASPECTS:
            check = next((c for c in v.checks if c.id in ids), None)
            if check is None:
                continue
            shown.add(check.id)
            msg = (check.message_ja or check.message) if ja else check.message
            lines.append(f"    {_mark(check)} {ja_label if ja else en}: {_inert(msg)}")
        for check in v.checks:
            if check.id in shown or (check.outcome is Outcome.PASSED or
                                     check.outcome is Outcome.SKIPPED):
                continue
            msg = (check.message_ja or check.message) if ja else check.message
            lines.append(f"    {_mark(check)} {_inert(check.id)} ({_inert(check.code)}): "
                         f"{_inert(msg)}")
        for i, e in enumerate(v.endorsements):
            e_id, e_name = _issuer_of(e.document)
            who = _inert(e_name or e_id or "?")
            word = t("verified", "検証成功") if e.verified else t("NOT verified", "検証失敗")
            lines.append(f"    {t('endorsement', '推薦')} {i + 1}: {who} — {word}")
        if self.reading is not None:
            r = self.reading
            if r.conforms:
                lines.append(f"  {t('OB 3.0 reading', 'OB 3.0 の読み取り')}: "
                             + t("conforms to the OB 3.0 data model",
                                 "OB 3.0 のデータモデルに適合"))
            else:
                lines.append(f"  {t('OB 3.0 reading', 'OB 3.0 の読み取り')}: "
                             + t(f"{len(r.findings)} finding(s), read leniently",
                                 f"{len(r.findings)} 件の指摘（寛容に読み取り）"))
                for f in r.findings:
                    mark = "✗" if f.severity == "error" else "!"
                    msg = f.message_ja if ja else f.message
                    lines.append(f"    {mark} {_inert(f.pointer or '/')} {f.rule}: {_inert(msg)}")
        elif self.reading_problem is not None:
            lines.append(f"  {t('OB 3.0 reading', 'OB 3.0 の読み取り')}: "
                         f"✗ {_inert(self.reading_problem.text(lang))}")
            lines += [f"    {_inert(d)}" for d in self.reading_problem.details]
        return lines

    def _render_education(self, lang: str, t: Any) -> list[str]:
        ja = lang == "ja"
        lines = [t("2. The micro-credential (education)", "2. マイクロクレデンシャル（教育）")]
        if not self.verified:
            lines.append("  " + t("⚠ the data is not authenticated: every value below is "
                                  "unverified", "⚠ データの真正性は未確認です。以下の値はすべて"
                                                "未検証です"))
        mc = self.micro_credential
        if mc is None:
            problem = self.descriptors_problem or self.reading_problem
            reason = _inert(problem.text(lang)) if problem else ""
            lines.append("  " + t("no descriptors could be read", "記述項目を読み取れません")
                         + (f": {reason}" if reason else ""))
            if self.descriptors_problem is not None:
                lines += [f"    {_inert(d)}" for d in self.descriptors_problem.details]
            return lines
        if self.descriptors_problem is not None:
            lines.append(f"  ⚠ {_inert(self.descriptors_problem.text(lang))}")
            lines += [f"    {_inert(d)}" for d in self.descriptors_problem.details]
        lines += _descriptor_lines(mc, lang, t)
        lines.append(f"  {t('Quality assurance stated by the issuer', '発行者が記載する質保証')}"
                     f"{t(' (not checked with the QA bodies)', '（質保証機関には未確認）')}:")
        if not mc.quality_assurance:
            lines.append("    " + t("none stated", "記載なし"))
        for q in mc.quality_assurance:
            body = f" — {_inert(q.body.in_lang(lang))}" if q.body else ""
            text = (f"{q.scope.label_ja}の{q.kind.label_ja}質保証" if ja
                    else f"{q.kind.label_en} QA of the {q.scope.label_en.lower()}")
            lines.append(f"    • {text}{body}")
            if q.description is not None:
                lines.append(f"      {_inert(q.description.in_lang(lang))}")
            if q.reference is not None:
                lines.append(f"      {_inert(q.reference)}")
        if self.unesco is not None:
            u = self.unesco
            word = (t("met", "満たす") if u.meets_definition else t("not met", "満たさない"))
            lines.append(f"  {t('UNESCO (2022) definition', 'UNESCO（2022）の定義')}: {word}")
            for c in u.clauses:
                lines.append(f"    {'✓' if c.met else '✗'} {c.clause.number}. "
                             f"{c.clause.text(lang)}")
                for why in c.reasons:
                    lines.append(f"        {'+' if why.ok else '-'} "
                                 f"{_inert(why.text(lang))}")
        if self.profiles:
            lines.append(f"  {t('Framework profiles', 'フレームワーク別の適合性')}:")
            marks = {_profiles.Status.CONFORMS: "✓", _profiles.Status.DOES_NOT_CONFORM: "✗",
                     _profiles.Status.INDETERMINATE: "?"}
            for r in self.profiles:
                lines.append(f"    {marks[r.status]} {_inert(r.profile.name(lang))}: "
                             f"{r.status.label(lang)}")
                lines += _finding_lines(r, lang, t)
        if self.conditions is not None:
            lines.append(f"  {t('Conditions', '求められる条件')}:")
            for stage in _conditions.Stage:
                lines.append(f"    {stage.label(lang)}")
                for cr in self.conditions.results:
                    if cr.condition.stage is stage:
                        mark = {True: "✓", False: "✗", None: "?"}[cr.met]
                        lines.append(f"      {mark} {cr.condition.name(lang)}: "
                                     f"{_inert(cr.reason(lang))}")
        return lines


#: Findings about a missing descriptor, shown as one line per profile: (code, mark, en, ja).
_GROUPED = (
    ("missing_required", "✗", "required descriptors missing: ", "必須の記述項目がありません："),
    ("missing_listed", "?", "descriptors the framework lists without grading them, missing: ",
     "枠組みに記載があり必須か任意かが示されていない記述項目がありません："),
)


def _finding_lines(report: _profiles.ProfileReport, lang: str, t: Any) -> list[str]:
    """The errors and undecided findings of a profile check; missing descriptors grouped."""
    sep = t(", ", "、")
    lines: list[str] = []
    for code, mark, en, ja in _GROUPED:
        ds = [f.descriptor.label(lang) for f in report.findings
              if f.code == code and f.descriptor is not None]
        if ds:
            lines.append(f"        {mark} {t(en, ja)}{sep.join(ds)}")
    for f in report.findings:
        if any(f.code == g[0] and f.descriptor is not None for g in _GROUPED):
            continue
        if f.severity in (_profiles.Severity.ERROR, _profiles.Severity.UNDETERMINED):
            mark = "✗" if f.severity is _profiles.Severity.ERROR else "?"
            lines.append(f"        {mark} {_inert(f.message(lang))}")
    return lines


def _descriptor_lines(mc: MicroCredential, lang: str, t: Any) -> list[str]:
    ja = lang == "ja"
    sep = "、" if ja else ", "
    lines: list[str] = []
    bodies = mc.all_awarding_bodies()
    if bodies:
        names = sep.join(_inert(b.name.in_lang(lang)) + (f" ({_inert(b.id or b.url)})"
                                                          if b.id or b.url else "")
                         for b in bodies)
        countries = sep.join(mc.countries())
        lines.append(f"  {Descriptor.AWARDING_BODY.label(lang)}: {names}"
                     + (f" [{countries}]" if countries else ""))
    learner = mc.learner
    if learner is not None:
        who = learner.id or sep.join(i.identity_type for i in learner.identifiers)
        lines.append(f"  {Descriptor.LEARNER_IDENTIFICATION.label(lang)}: {_inert(who)}")
    if mc.issue_date is not None:
        lines.append(f"  {Descriptor.DATE_OF_ISSUING.label(lang)}: "
                     f"{mc.issue_date.isoformat()}")
    e = mc.effort
    if e is not None:
        parts = [f"{e.hours} {t('h', '時間')}"] if e.hours is not None else []
        parts += [f"{c.amount} {c.system.label(lang)}" for c in e.credits]
        if e.contact_hours is not None:
            parts.append(f"{e.contact_hours} {t('contact h', '授業時間')}")
        lines.append(f"  {Descriptor.LEARNER_EFFORT.label(lang)}: {' = '.join(parts)}")
    levels = mc.all_levels()
    if levels:
        lines.append(f"  {Descriptor.LEVEL.label(lang)}: "
                     + sep.join(f"{lv.framework.value} {lv.value}" for lv in levels))
    n = len(mc.learning_outcomes)
    if n:
        lines.append(f"  {Descriptor.LEARNING_OUTCOMES.label(lang)}: "
                     + t(f"{n} stated", f"{n} 件"))
    missing = sep.join(d.label(lang) for d in mc.missing_descriptors()) or "-"
    present, total = len(mc.present_descriptors()), len(Descriptor)
    lines.append(t(f"  Descriptors: {present} of {total} filled in (missing: {missing})",
                   f"  記述項目: {total} 項目中 {present} 項目に記載（未記載: {missing}）"))
    return lines


def _standard_only(document: dict[str, Any]) -> MicroCredential | None:
    """The descriptors of the standard OB 3.0 properties alone (the microcred terms left out),
    or None."""
    subject = document.get("credentialSubject")
    if isinstance(subject, dict):
        subject = document["credentialSubject"] = dict(subject)
        achievement = subject.get("achievement")
        if isinstance(achievement, dict):
            achievement = subject["achievement"] = dict(achievement)
        for holder in (subject, achievement):
            if isinstance(holder, dict):
                for term in _ob3.MICROCRED_TERMS:
                    holder.pop(term, None)
    try:
        cred = _ob3.read_credential(document).credential
        if isinstance(cred, _ob3.OpenBadgeCredential):
            return _ob3.to_micro_credential(cred)
    except (MicrocredError, ValueError):
        pass
    return None


def inspect_badge(
    document: Any,
    *,
    resolver: Any = None,
    now: Any = None,
    status_checker: Any = None,
    loader: Any = None,
    evidence: Mapping[str, Any] | None = None,
    profiles: Iterable[_profiles.Profile] | None = None,
    **verify_options: Any,
) -> TrustReport:
    """Verify a received OB 3.0 credential and report on it as education too.

    ``document`` is a ``dict``, JSON text (``str``/``bytes``), a compact JWS (VC-JWT) or an
    OB 3.0 model object. ``resolver``, ``now``, ``status_checker``, ``loader`` and any other
    keyword (``require_status``, ``proof_policy``, ``verify_endorsements``, ``max_bytes`` ...)
    go to :func:`microcred.verify`. ``profiles`` are the framework profiles checked (default:
    :data:`microcred.profiles.BUILTIN`, each as an award); they are also the frameworks the
    "designed on a framework" condition accepts. ``evidence`` goes to
    :func:`microcred.conditions.assess` (its ``"verified"`` is always this verification).

    The education side is read from the authenticated document when the badge verifies, else
    from ``document`` as it stands (and marked unauthenticated). Never raises for document
    content; a wrong argument raises :class:`TypeError` / :class:`ValueError` as
    :func:`~microcred.verify` does.
    """
    if hasattr(document, "to_jsonld") and callable(document.to_jsonld):
        document = document.to_jsonld()
    elif isinstance(document, (bytearray, memoryview)):
        document = bytes(document)
    if not isinstance(document, (Mapping, str, bytes)):
        raise TypeError("inspect_badge() needs a credential as a dict, JSON text or a compact "
                        f"JWS, not {type(document).__name__}")
    chosen = tuple(_profiles.BUILTIN if profiles is None else profiles)
    for p in chosen:
        if not isinstance(p, _profiles.Profile):
            raise TypeError(f"profiles must be microcred.profiles.Profile objects, not "
                            f"{type(p).__name__}")
    if evidence is not None and not isinstance(evidence, Mapping):
        raise TypeError(f"evidence must be a mapping, not {type(evidence).__name__}")
    try:
        result = verify(document, resolver=resolver, now=now, status_checker=status_checker,
                        loader=loader, **verify_options)
    except MicrocredError as exc:  # verify() reports content as checks; kept just in case
        result = VerificationResult((Check("input", Outcome.FAILED, "unusable-input", str(exc),
                                           f"入力を使用できません: {exc}"),))
    source: Any = (result.document if result.verified and isinstance(result.document, Mapping)
                   else document)
    reading: _ob3.ReadResult[Any] | None = None
    reading_problem = descriptors_problem = None
    mc: MicroCredential | None = None
    max_bytes = verify_options.get("max_bytes")
    try:
        reading = (_ob3.read_credential(source) if not isinstance(max_bytes, int)
                   else _ob3.read_credential(source, max_bytes=max_bytes))
    except (MicrocredError, ValueError) as exc:
        reading_problem = _problem("unreadable", "not readable as an OB 3.0 credential",
                                   "OB 3.0 のクレデンシャルとして読めません", exc)
    if reading is not None:
        cred = reading.credential
        if not isinstance(cred, _ob3.OpenBadgeCredential):
            descriptors_problem = ReportProblem(
                "not-an-achievement",
                f"a {type(cred).__name__} awards no achievement, so it has no micro-credential "
                "descriptors",
                f"{type(cred).__name__} は達成を授与しないため、マイクロクレデンシャルの"
                "記述項目がありません")
        else:
            try:
                mc = _ob3.to_micro_credential(cred)
            except (MicrocredError, ValueError) as exc:
                descriptors_problem = _problem(
                    "descriptors-invalid", "the microcred descriptor terms cannot be read, so "
                    "only the standard OB 3.0 properties are",
                    "microcred の記述項目を読み取れないため、OB 3.0 の標準プロパティのみを"
                    "読みました", exc)
                mc = _standard_only(reading.to_jsonld())
    if mc is None:
        return TrustReport(result, reading, reading_problem, None, descriptors_problem, None,
                           (), None)
    ev = {**(evidence or {}), "verified": result}
    return TrustReport(
        result, reading, reading_problem, mc, descriptors_problem, _unesco.assess(mc),
        tuple(_profiles.check(mc, p) for p in chosen),
        _conditions.assess(mc, evidence=ev, frameworks=chosen))
