"""Building units from Open Badges 3.0 credentials, CLR 2.0 records and MicroCredential models.

Pure functions over already-parsed data (no I/O).  JSON numbers are read by their decimal text
(``42.5`` → 85/2) so that amounts stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from .._credits import CreditSystem
from .._errors import AmbiguousSubjectError, AmbiguousValueError, NumberLimitError, StackError
from ._model import Credits, Route, Unit, exact_number

__all__ = ["aggregate", "targets_towards", "unit_from_micro_credential", "unit_from_ob3",
           "units_from_clr"]

_LEVEL = re.compile(r"[0-9]{1,3}\Z")  # ASCII digits only ("²" is a digit to str.isdigit)
_LEVEL_FRAMEWORKS = ("EQF", "NQF", "MQF", "AQF", "NZQF", "SCQF", "QF-EHEA", "FHEQ")


def _as_dict(obj: Any, what: str) -> Mapping[str, Any]:
    if hasattr(obj, "to_jsonld") and not isinstance(obj, Mapping):
        obj = obj.to_jsonld()
    if not isinstance(obj, Mapping):
        raise StackError(f"{what} must be a JSON object (dict) or an OB3 model / "
                         f"{what} は JSON オブジェクトである必要があります")
    return obj


def _date(value: Any, path: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) < 10:
        raise StackError(f"{path}: not an ISO 8601 date/time: {value!r} / 日付形式が不正です")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise StackError(f"{path}: not an ISO 8601 date/time: {value!r} / 日付形式が不正です"
                         ) from None


def _number(value: Any, path: str) -> Fraction:
    """A non-negative exact number from JSON data (bounded: :func:`exact_number`)."""
    try:
        out = exact_number(value, floats=True)
    except NumberLimitError as exc:
        raise NumberLimitError(f"{path}: {exc}") from None
    except (ValueError, ArithmeticError):
        raise StackError(f"{path}: not a finite number: {str(value)[:40]!r} / 数値ではありません"
                         ) from None
    if out < 0:
        raise StackError(f"{path}: negative: {value!r} / 負の値です")
    return out


def _items(value: Any) -> list[Any]:
    """A JSON value read as a set: a list's items, a single value alone, nothing for null."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _one(found: list[Any], what: str, how: str) -> Any:
    """The single candidate (duplicates that are equal count once), else refuse: the order of
    a JSON-LD set is not signed, so "the first" would be whatever the last holder chose."""
    distinct: list[Any] = []
    for f in found:
        if f not in distinct:
            distinct.append(f)
    if len(distinct) > 1:
        raise AmbiguousValueError(
            f"{what}: {len(distinct)} different candidates and nothing to choose one by ({how}); "
            f"the order of a set is not signed, so microcred never takes the first / "
            f"{what} に候補が複数あり一つに決められません（集合の順序は署名されません）")
    return distinct[0] if distinct else None


def _ident(value: Any) -> str | None:
    if isinstance(value, Mapping):
        v = value.get("id")
        return v if isinstance(v, str) else None
    return value if isinstance(value, str) else None


def _subject(doc: Mapping[str, Any], subject_id: str | None, *, need: str) -> Mapping[str, Any]:
    """The one ``credentialSubject`` that has ``need`` (and ``id`` == ``subject_id`` if given);
    several different ones are refused, never "the first"."""
    found = [s for s in _items(doc.get("credentialSubject"))
             if isinstance(s, Mapping) and need in s
             and (subject_id is None or s.get("id") == subject_id)]
    if not found:
        raise StackError(f"credentialSubject: no subject with {need}"
                         f"{f' and id {subject_id!r}' if subject_id else ''} "
                         "/ 該当する主体がありません")
    try:
        got: Mapping[str, Any] = _one(found, "credentialSubject", "pass subject_id=")
    except AmbiguousValueError as exc:
        raise AmbiguousSubjectError(str(exc)) from None
    return got


def _level(alignments: list[Any], level_framework: str | None) -> tuple[int, str] | None:
    """The level from alignments to a level framework, selected by value, not by order."""
    found: list[tuple[int, str]] = []
    for al in alignments:
        if not isinstance(al, Mapping):
            continue
        fw, code = al.get("targetFramework"), al.get("targetCode")
        if not isinstance(fw, str) or not isinstance(code, str):
            continue
        name = next((f for f in _LEVEL_FRAMEWORKS if f in fw.upper()), None)
        digits = code.rsplit("/", 1)[-1]
        if name is None or not _LEVEL.match(digits):
            continue
        if level_framework is None or name == level_framework.upper():
            found.append((int(digits), name))
    got: tuple[int, str] | None = _one(
        found, "achievement.alignment (level)", "pass level_framework=")
    return got


def _grade(results: list[Any], result_description: str | None) -> Fraction | None:
    """The numeric ``result.value`` (of the ``resultDescription`` given), selected by value."""
    found: list[Fraction] = []
    for i, res in enumerate(results):
        if not isinstance(res, Mapping) or not isinstance(res.get("value"), str):
            continue
        if result_description is not None and _ident(
                res.get("resultDescription")) != result_description:
            continue
        try:
            found.append(exact_number(res["value"]))
        except NumberLimitError as exc:
            raise NumberLimitError(f"credentialSubject.result[{i}].value: {exc}") from None
        except (ValueError, ArithmeticError):
            continue  # a letter grade or other non-numeric result is not a grade
    got: Fraction | None = _one(found, "credentialSubject.result (grade)",
                                "pass result_description=")
    return got


def unit_from_ob3(credential: Any, *, credit_system: CreditSystem | str | None = None,
                  route: Route | str = Route.NATIVE, unit_id: str | None = None,
                  subject_id: str | None = None, result_description: str | None = None,
                  level_framework: str | None = None) -> Unit:
    """Build a :class:`Unit` from an OB 3.0 AchievementCredential (dict or OB3 model).

    Reads: the achievement ``id`` (the unit's ``achievement`` key) and ``name``;
    ``credentialSubject.creditsEarned`` (else ``achievement.creditsAvailable``) in
    ``credit_system``, which is required when credits are present because OB 3.0 does not say
    which system they are in; ``awardedDate`` (else ``validFrom``/``issuanceDate``) as
    ``earned_on``; ``validFrom``/``validUntil`` (or ``expirationDate``); the issuer id;
    ``achievement.tag`` plus alignment ``targetCode``/``targetUrl`` as tags; a level from an
    alignment whose ``targetFramework`` names a level framework (EQF, MQF, AQF, ...) with a
    numeric ``targetCode``; a numeric ``result.value`` as the grade.  The unit id is
    ``unit_id``, else the credential ``id``, else the achievement id.

    Nothing depends on the order of a set (RDF canonicalisation signs sets, not their order):
    the subject is the one with an ``achievement`` (``subject_id=`` selects by id), the grade
    the one numeric result (``result_description=`` selects by the result description's id),
    the level the one level alignment (``level_framework=`` selects a framework).  Several
    different candidates raise :class:`microcred.AmbiguousValueError` (for subjects
    :class:`microcred.AmbiguousSubjectError`); numbers beyond the bounds of
    :func:`exact_number` raise :class:`microcred.NumberLimitError`; anything else malformed
    :class:`microcred.StackError`.  Verify the credential first: this function reads, it does
    not check proofs.
    """
    cred = _as_dict(credential, "credential")
    subject = _subject(cred, subject_id, need="achievement")
    ach = subject.get("achievement")
    if not isinstance(ach, Mapping) or not isinstance(ach.get("id"), str):
        raise StackError("credentialSubject.achievement.id: missing / 達成 ID がありません")
    ach_id: str = ach["id"]
    credits: Credits | None = None
    raw = subject.get("creditsEarned")
    path = "credentialSubject.creditsEarned"
    if raw is None:
        raw, path = ach.get("creditsAvailable"), "credentialSubject.achievement.creditsAvailable"
    if raw is not None:
        amount = _number(raw, path)
        if credit_system is None:
            raise StackError(f"{path}: credits present but credit_system not given (OB 3.0 does "
                             "not name the credit system) / 単位制度を指定してください")
        credits = Credits(amount, credit_system)
    alignments = _items(ach.get("alignment"))
    tags: set[str] = {t for t in _items(ach.get("tag")) if isinstance(t, str)}
    for al in alignments:
        if isinstance(al, Mapping):
            tags.update(al[k] for k in ("targetCode", "targetUrl") if isinstance(al.get(k), str))
    lvl = _level(alignments, level_framework)
    grade = _grade(_items(subject.get("result")), result_description)
    earned = cred.get("awardedDate") or cred.get("validFrom") or cred.get("issuanceDate")
    uid = unit_id or (cred.get("id") if isinstance(cred.get("id"), str) else None) or ach_id
    return Unit(
        id=uid, achievement=ach_id,
        title=ach.get("name") if isinstance(ach.get("name"), str) else None,
        credits=credits,
        earned_on=_date(earned, "awardedDate"),
        valid_from=_date(cred.get("validFrom"), "validFrom"),
        valid_until=_date(cred.get("validUntil") or cred.get("expirationDate"), "validUntil"),
        issuer=_ident(cred.get("issuer")), route=Route(route), grade=grade,
        tags=frozenset(tags), level=lvl[0] if lvl else None,
        framework=lvl[1] if lvl else None)


def units_from_clr(clr: Any, *, credit_system: CreditSystem | str | None = None,
                   route: Route | str = Route.NATIVE) -> list[Unit]:
    """Build units from a CLR 2.0 ClrCredential: one unit per embedded AchievementCredential.

    CLR ``association`` entries describe how achievements relate (isParentOf, isPartOf, ...);
    they are record structure, not rules, so they are not read here: express a programme's rules
    as a requirement tree (``Match(ids=...)`` on achievement ids).  Embedded credentials given as
    compact JWS strings must be verified and decoded by the caller first.
    """
    doc = _as_dict(clr, "CLR credential")
    subject = _subject(doc, None, need="verifiableCredential")
    out: list[Unit] = []
    for i, vc in enumerate(_items(subject.get("verifiableCredential"))):
        if not isinstance(vc, Mapping):
            raise StackError(f"credentialSubject.verifiableCredential[{i}]: not an object "
                             "(decode and verify enveloped credentials first)")
        out.append(unit_from_ob3(vc, credit_system=credit_system, route=route))
    return out


def unit_from_micro_credential(mc: Any, *, unit_id: str | None = None,
                               earned_on: date | None = None,
                               route: Route | str = Route.NATIVE,
                               credit_system: CreditSystem | str | None = None,
                               profiles: Iterable[Any] = ()) -> Unit:
    """Build a unit from a :class:`microcred.MicroCredential`.

    Credits come from ``recognition.credits`` (credit actually recognised) else
    ``effort.credits`` (workload expressed in credits); when several systems are listed,
    ``credit_system`` picks one (default: the first listed).  ``effort.hours`` becomes the unit's
    notional hours; ``level`` its level and framework; the awarding body's ``id`` (else its name)
    the issuer; ``issue_date`` (else ``earned_on=``) the earning date; ``valid_until`` the
    expiry; learning-outcome alignment target URLs and codes the tags; a numeric ``grade.value``
    the grade.  The unit id is ``unit_id`` else the micro-credential ``id``.  ``profiles``
    (:class:`microcred.profiles.Profile` objects) are checked with
    :func:`microcred.profiles.check`; the keys of those the micro-credential conforms to become
    the unit's ``profiles`` (for ``Match(profiles=...)``).
    """
    from .._model import MicroCredential

    if not isinstance(mc, MicroCredential):
        raise StackError("expected a microcred.MicroCredential / MicroCredential ではありません")
    uid = unit_id or mc.id
    if not isinstance(uid, str):
        raise StackError("micro-credential has no id; pass unit_id= / ID がありません")
    amounts = list(getattr(mc.recognition, "credits", None) or []) or list(
        getattr(mc.effort, "credits", None) or [])
    credits: Credits | None = None
    if amounts:
        pick = amounts[0]
        if credit_system is not None:
            want = CreditSystem(credit_system)
            pick = next((a for a in amounts if a.system == want), None)
            if pick is None:
                raise StackError(f"no credits in {want.value} on this micro-credential "
                                 "/ 指定の単位制度の単位数がありません")
        credits = Credits(_number(pick.amount, "credits"), pick.system)
    hours = getattr(mc.effort, "hours", None)
    level = mc.level.value if mc.level is not None else None
    framework = mc.level.framework.value if mc.level is not None else None
    body = mc.awarding_body
    issuer = None
    if body is not None:
        issuer = body.id or body.name.text
    tags: set[str] = set()
    for lo in mc.learning_outcomes:
        for al in lo.alignments:
            tags.add(al.target_url)
            if al.target_code:
                tags.add(al.target_code)
    grade: Fraction | None = None
    if mc.grade is not None:
        try:
            grade = exact_number(mc.grade.value, floats=True)
        except NumberLimitError:
            raise
        except (ValueError, ArithmeticError):
            grade = None
    day = earned_on or (mc.issue_date.date() if mc.issue_date is not None else None)
    conforms: set[str] = set()
    if profiles:
        from .. import profiles as _profiles

        conforms = {p.key for p in profiles if _profiles.check(mc, p).conforms}
    return Unit(
        id=uid, title=mc.title.text if mc.title is not None else None, credits=credits,
        hours=_number(hours, "effort.hours") if hours is not None else None, level=level,
        framework=framework,
        earned_on=day, valid_until=mc.valid_until.date() if mc.valid_until is not None else None,
        issuer=issuer, route=Route(route), grade=grade, tags=frozenset(tags),
        profiles=frozenset(conforms))


def aggregate(resolution: Any, components: Iterable[Any], *, template: Any = None,
              **fields: Any) -> Any:
    """The aggregate credential of a satisfied stack: a :class:`microcred.MicroCredential`
    describing what the counted components add up to, to check against the target's profile
    (e.g. a JWG series stacked into a 履修証明プログラム of at least 60 hours).

    ``components`` are the components' :class:`~microcred.MicroCredential` descriptions; those
    whose ``id`` is a unit the resolution counts are aggregated: ``effort.hours`` is their sum
    (left out if any counted component has no hours), ``learning_outcomes`` their union (each
    statement once, in the components' id order).  Everything else comes from ``template`` (the
    programme's own description: awarding body, quality assurance...) and ``fields`` (given to
    ``MicroCredential.parse``; ``fields`` win).  Raises :class:`microcred.StackError` unless the
    resolution is SATISFIED or when a counted unit has no component.
    """
    from .._model import MicroCredential
    from ._result import Resolution, Verdict

    if not isinstance(resolution, Resolution) or resolution.verdict is not Verdict.SATISFIED:
        raise StackError("aggregate() needs a SATISFIED stack.Resolution "
                         "/ 充足した判定結果が必要です")
    by_id: dict[str, Any] = {}
    for mc in components:
        if not isinstance(mc, MicroCredential) or not isinstance(mc.id, str):
            raise StackError("components must be MicroCredentials with an id "
                             "/ 構成要素には ID 付きの MicroCredential を指定してください")
        by_id[mc.id] = mc
    counted = sorted({a.unit for a in resolution.assignment})
    missing = [u for u in counted if u not in by_id]
    if missing:
        raise StackError(f"no component description for {', '.join(missing)} "
                         "/ 構成要素の記述がありません")
    data: dict[str, Any] = {}
    if template is not None:
        if not isinstance(template, MicroCredential):
            raise StackError("template must be a MicroCredential / template が不正です")
        data = template.model_dump(mode="json", exclude_none=True)
    hours = [by_id[u].effort.hours if by_id[u].effort is not None else None for u in counted]
    effort = dict(data.get("effort") or {})
    effort.pop("credits", None)
    known = [_number(h, "effort.hours") for h in hours if h is not None]
    if counted and len(known) == len(hours):
        effort["hours"] = str(sum(known, Fraction(0)))
    else:
        effort.pop("hours", None)
    if effort:
        data["effort"] = effort
    else:
        data.pop("effort", None)
    outcomes: list[Any] = []
    seen: set[str] = set()
    for u in counted:
        for lo in by_id[u].learning_outcomes:
            dumped = lo.model_dump(mode="json", exclude_none=True)
            key = repr(dumped.get("statement"))
            if key not in seen:
                seen.add(key)
                outcomes.append(dumped)
    if outcomes:
        data["learning_outcomes"] = outcomes
    data.update(fields)
    return MicroCredential.parse(data)


def targets_towards(mc: Any, catalogue: Mapping[str, Any]) -> dict[str, Any]:
    """The stack targets a micro-credential declares (``stackability.towards``, by their
    ``id``) that ``catalogue`` (target id -> requirement tree) defines, to resolve a learner's
    record against each: ``{id: tree}``.  Declared targets without an id or missing from the
    catalogue raise :class:`microcred.StackError` naming them (a declaration that nothing can
    check is a gap, not something to skip silently)."""
    from .._model import MicroCredential

    if not isinstance(mc, MicroCredential):
        raise StackError("expected a microcred.MicroCredential / MicroCredential ではありません")
    towards = mc.stackability.towards if mc.stackability is not None else []
    out: dict[str, Any] = {}
    unknown: list[str] = []
    for t in towards:
        if t.id is None or t.id not in catalogue:
            unknown.append(t.id or t.name.text)
        else:
            out[t.id] = catalogue[t.id]
    if unknown:
        raise StackError(f"stack targets without a requirement tree: {', '.join(unknown)} "
                         "/ 要件が定義されていない積み上げ先があります")
    return out
