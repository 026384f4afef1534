"""Descriptor ↔ OB 3.0 mapping.

Every descriptor goes into the standard OB 3.0 property that fits it (``name``,
``description``, ``criteria``, ``achievementType`` ``MicroCredential``, ``inLanguage``,
``creditsAvailable``, ``alignment`` for levels and skills, ``result``, the issuer Profile ...).
Whenever the standard property cannot hold the descriptor *exactly* (translations, decimal hours,
enumerated kinds, descriptors with no OB slot at all), the complete descriptor value also travels
in a microcred term, a JSON literal (``"@type": "@json"``) under the vocabulary
``https://w3id.org/microcred/vocab#``, defined by an *embedded* context object appended to
``@context`` (no context URL to fetch).  JSON literals canonicalise (RDFC-1.0) to
``rdf:JSON`` literals, so the terms are covered by a Data Integrity signature and survive
JSON-LD safe mode in any conformant verifier.

The reverse mapping reads a microcred term when present and the standard property otherwise,
so ``to_micro_credential(from_micro_credential(mc, ...))`` gives ``mc`` back.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from .._errors import ErrorDetail, InvalidDataError
from .._model import (
    Assessment,
    AssessmentKind,
    AwardingBody,
    Certification,
    CertificationKind,
    Grade,
    Learner,
    LearnerEffort,
    LearningOutcome,
    Level,
    LevelFramework,
    LocalizedText,
    MicroCredential,
    Participation,
    Prerequisites,
    QualityAssurance,
    Recognition,
    Stackability,
)
from .._model import IdentityObject as MCIdentityObject
from ._base import LANGUAGE_CODE_RE, format_datetime, parse_datetime
from ._enums import AchievementType, IdentifierTypeEnum
from ._models import (
    OB_CONTEXT_V3_0_3,
    VC_V2_CONTEXT,
    Achievement,
    AchievementSubject,
    Address,
    Alignment,
    CredentialSchema,
    CredentialStatus,
    Criteria,
    Evidence,
    IdentityObject,
    Image,
    OpenBadgeCredential,
    Profile,
    Result,
)

__all__ = [
    "LEVEL_ALIGNMENT_TYPE",
    "MICROCRED_CONTEXT",
    "MICROCRED_TERMS",
    "MICROCRED_VOCAB",
    "from_micro_credential",
    "to_micro_credential",
]

MICROCRED_VOCAB = "https://w3id.org/microcred/vocab#"
"""The stable vocabulary IRI of microcred's terms."""

#: microcred term → (node it sits on, MicroCredential field).  Term names are the camelCase
#: :class:`~microcred.Descriptor` values; none of them is defined by the VC v2 or OB contexts.
MICROCRED_TERMS: Mapping[str, tuple[str, str]] = {
    "learnerIdentification": ("credentialSubject", "learner"),
    "grade": ("credentialSubject", "grade"),
    "title": ("achievement", "title"),
    "content": ("achievement", "description"),
    "awardingBody": ("achievement", "awarding_body"),
    "learningOutcomes": ("achievement", "learning_outcomes"),
    "formOfParticipation": ("achievement", "participation"),
    "language": ("achievement", "languages"),
    "learnerEffort": ("achievement", "effort"),
    "assessment": ("achievement", "assessment"),
    "qualityAssurance": ("achievement", "quality_assurance"),
    "qualificationLevel": ("achievement", "level"),
    "certification": ("achievement", "certification"),
    "creditRecognition": ("achievement", "recognition"),
    "prerequisites": ("achievement", "prerequisites"),
    "stackability": ("achievement", "stackability"),
    "furtherInformation": ("achievement", "further_information"),
}

MICROCRED_CONTEXT: Mapping[str, Any] = {
    "@protected": True,
    **{term: {"@id": MICROCRED_VOCAB + term, "@type": "@json"} for term in MICROCRED_TERMS},
}
"""The embedded JSON-LD context object that defines microcred's terms (appended to
``@context`` after the VC v2 and OB 3.0.3 contexts; ``@protected`` like those)."""

LEVEL_ALIGNMENT_TYPE = "ext:QualificationsFrameworkLevel"
"""``targetType`` of the Alignment that carries the :class:`~microcred.Level` descriptor."""

# EQF levels as ELM concepts (frameworks.md §8: http://data.europa.eu/snb/eqf/{1..8}); the other
# frameworks (AQF, MQF ...) publish no level URIs, so microcred mints stable ones.
_LEVEL_URL: Mapping[str, str] = {"EQF": "http://data.europa.eu/snb/eqf/{n}"}
_LEVEL_URL_DEFAULT = "https://w3id.org/microcred/levels/{fw}/{n}"

_EXT_CHARS_RE = re.compile(r"^[a-zA-Z0-9|._\-]+\Z")
_ACHIEVEMENT_FRAGMENT = "#achievement"


def _fail(msg: str, loc: tuple[str | int, ...] = (), kind: str = "ob3_mapping") -> InvalidDataError:
    return InvalidDataError(msg, [ErrorDetail(loc, msg, kind)])


@functools.cache
def _defaults(model: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """(field name, default) of a model, made once per class: pydantic inspects a default
    factory's signature on every call (~130 calls per credential issued).  The defaults are
    only compared with, never handed out, so sharing one value per field is safe."""
    return tuple((name, field.get_default(call_default_factory=True))
                 for name, field in model.model_fields.items())


def _dump(value: Any) -> Any:
    """The microcred JSON form of a descriptor value, compact: defaults left out and a
    :class:`LocalizedText` without language or translations written as a plain string (both
    are what :meth:`MicroCredential.parse` reads)."""
    if isinstance(value, LocalizedText) and value.lang is None and not value.translations:
        return value.text
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, default in _defaults(type(value)):
            item = getattr(value, name)
            if item == default:
                continue
            out[name] = _dump(item)
        return out
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


# ---------------------------------------------------------------------------------------------
# Standard-property readers (used for the reverse mapping and to decide if a term is needed)
# ---------------------------------------------------------------------------------------------


def _identity_type_to_ob(value: str) -> str:
    if value in IdentifierTypeEnum._value2member_map_:
        return value
    if _EXT_CHARS_RE.match(value):
        return "ext:" + value
    raise _fail(
        f"identity type {value!r} is neither an OB IdentifierTypeEnum value nor usable as an "
        f"'ext:' term / 識別子の種別 {value!r} は OB の IdentifierTypeEnum の値でも 'ext:' の語でも"
        "ありません", ("learner", "identifiers"))


def _identity_type_from_ob(value: str) -> str:
    return value[4:] if value.startswith("ext:") else value


def _subject_learner(subject: AchievementSubject) -> Learner | None:
    idents = [
        MCIdentityObject(identity_type=_identity_type_from_ob(str(getattr(i.identity_type, "value",
                                                                            i.identity_type))),
                         identity_hash=i.identity_hash, hashed=i.hashed,
                         salt=i.salt if i.hashed else None)  # a salt means nothing unhashed
        for i in subject.identifier or []
    ]
    return Learner(id=subject.id, identifiers=idents)


def _std_title(ach: Achievement) -> LocalizedText | None:
    return LocalizedText(text=ach.name) if ach.name.strip() else None


def _std_description(ach: Achievement) -> LocalizedText | None:
    return LocalizedText(text=ach.description) if ach.description and ach.description.strip() \
        else None


def _std_awarding_body(issuer: str | Profile) -> AwardingBody | None:
    if isinstance(issuer, str) or not issuer.name:
        return None
    addr = issuer.address
    country = addr.address_country_code if addr else None
    region = addr.address_region if addr else None
    # OB's address is free text: keep the parts that are ISO 3166 codes, leave out the rest
    for c, r in ((country, region), (country, None), (None, None)):
        try:
            return AwardingBody(name=LocalizedText(text=issuer.name), id=issuer.id,
                                url=issuer.url, country=c, region=r)
        except ValidationError:
            continue
    return None


def _std_languages(ach: Achievement) -> list[str]:
    return [ach.in_language] if ach.in_language else []


def _level_pairs(ach: Achievement) -> list[tuple[str, str]]:
    """(framework, code) of every level Alignment (``targetType`` :data:`LEVEL_ALIGNMENT_TYPE`),
    in document order."""
    return [(al.target_framework, al.target_code) for al in ach.alignment or []
            if al.target_type == LEVEL_ALIGNMENT_TYPE and al.target_framework and al.target_code]


def _std_level(ach: Achievement) -> Level | None:
    """The level from the level Alignments: the first one is the main level, the others its
    other levels. Alignments are an unordered set once signed (RDF), so with several levels
    microcred also writes the ``qualificationLevel`` term, which fixes the main one; a
    credential from another issuer is read in document order."""
    found: list[Level] = []
    for fw, code in _level_pairs(ach):
        try:
            lv = Level(framework=LevelFramework(fw), value=int(code))
        except (ValidationError, ValueError):
            continue  # not a level microcred can hold: left out
        if all(lv.framework is not f.framework for f in found):
            found.append(lv)
    if not found:
        return None
    return Level(framework=found[0].framework, value=found[0].value, other_levels=found[1:])


def _std_assessment(ach: Achievement) -> Assessment | None:
    """The assessment criteria from ``criteria.narrative``: OB 3.0's "narrative of what is
    needed to earn the achievement". OB names no type of assessment, so the kind is read as
    ``other`` (as the ELM crosswalk does). A narrative that only repeats the description or
    the name (what microcred writes when it has no criteria, and what many badges do) says
    nothing about assessment and is left out."""
    narrative = ach.criteria.narrative if ach.criteria is not None else None
    if narrative is None or not narrative.strip():
        return None
    if narrative.strip() in {(ach.description or "").strip(), ach.name.strip()}:
        return None
    return Assessment(kinds=[AssessmentKind.OTHER], criteria=LocalizedText(text=narrative))


_OB3_CERTIFICATION = Certification(kind=CertificationKind.DIGITAL_BADGE)
"""What an OB 3.0 credential is, read when no ``certification`` term says more: a digital
badge."""


def _std_grade(subject: AchievementSubject) -> Grade | None:
    for res in subject.result or []:
        if res.value:
            return Grade(value=res.value)
    return None


def _lenient(fn: Callable[[], Any]) -> Any:
    """Run a standard-property reader; a value that does not fit the model counts as absent."""
    try:
        return fn()
    except (ValidationError, ValueError, KeyError):
        return None


# ---------------------------------------------------------------------------------------------
# MicroCredential → OB 3.0
# ---------------------------------------------------------------------------------------------


def _level_alignment(level: Level) -> Alignment:
    fw = level.framework
    return Alignment(
        target_name=f"{fw.value} level {level.value}",
        target_url=_LEVEL_URL.get(fw.value, _LEVEL_URL_DEFAULT).format(fw=fw.value,
                                                                      n=level.value),
        target_framework=fw.value,
        target_code=str(level.value),
        target_type=LEVEL_ALIGNMENT_TYPE,
    )


def _outcome_alignments(outcomes: Sequence[LearningOutcome]) -> list[Alignment]:
    out = []
    for lo in outcomes:
        for al in lo.alignments:
            out.append(Alignment(
                target_name=al.target_name or lo.statement.text,
                target_url=al.target_url,
                target_framework=al.framework,
                target_code=al.target_code,
                target_description=lo.statement.text,
            ))
    return out


def _issuer_profile(issuer: str | Profile, body: AwardingBody | None) -> str | Profile:
    if isinstance(issuer, Profile) or body is None:
        return issuer
    address = None
    if body.country is not None:
        address = Address(address_country_code=body.country, address_region=body.region)
    return Profile(id=issuer, name=body.name.text, url=body.url, address=address)


def from_micro_credential(
    mc: MicroCredential,
    *,
    credential_id: str,
    issuer: str | Profile,
    subject_id: str | None = None,
    identity: Sequence[IdentityObject] | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    achievement_id: str | None = None,
    name: str | None = None,
    image: Image | None = None,
    achievement_image: Image | None = None,
    evidence: Sequence[Evidence] | None = None,
    credential_status: CredentialStatus | None = None,
    credential_schema: Sequence[CredentialSchema] | None = None,
) -> OpenBadgeCredential:
    """Describe ``mc`` as an unsigned OB 3.0 ``OpenBadgeCredential`` (VC 2.0 form).

    * ``credential_id``: URI of the credential; ``issuer``: the issuer's URI (a Profile is built
      from ``mc.awarding_body``) or a ready :class:`Profile`.
    * The learner is ``mc.learner`` unless ``subject_id`` / ``identity`` are given.
    * ``valid_from`` defaults to ``mc.issue_date`` and ``valid_until`` to ``mc.valid_until``;
      when ``mc.issue_date`` differs from ``valid_from`` it is kept as ``awardedDate``.
    * The achievement's ``id`` is ``achievement_id``, else ``mc.id``, else
      ``credential_id + "#achievement"``.
    * ``name`` (default: the title), ``image`` (the credential's), ``achievement_image`` (the
      badge image), ``evidence``, ``credential_status`` and ``credential_schema`` are passed
      through to the OB properties of the same names.

    Raises :class:`microcred.InvalidDataError` when OB 3.0 cannot express the credential
    (no title, no learner, no validity start).
    """
    if mc.title is None:
        raise _fail("OB 3.0 needs a title (Achievement.name) / OB 3.0 には名称"
                    "（Achievement.name）が必要です", ("title",))
    start = valid_from if valid_from is not None else mc.issue_date
    if start is None:
        raise _fail("OB 3.0 needs a validity start (validFrom): give valid_from or the "
                    "descriptor's issue_date / OB 3.0 には有効開始日（validFrom）が必要です。"
                    "valid_from か記述項目の issue_date を指定してください",
                    ("issue_date",))
    until = valid_until if valid_until is not None else mc.valid_until
    if until is not None and until <= start:
        raise _fail("validUntil must be after validFrom / 有効期限は有効開始日より後でなければ"
                    "なりません", ("valid_until",))

    # -- learner ---------------------------------------------------------------------------
    learner = mc.learner
    sid = subject_id if subject_id is not None else (learner.id if learner else None)
    if identity is not None:
        idents: list[IdentityObject] = list(identity)
    else:
        idents = [
            IdentityObject(hashed=i.hashed, identity_hash=i.identity_hash,
                           identity_type=_identity_type_to_ob(i.identity_type), salt=i.salt)
            for i in (learner.identifiers if learner else [])
        ]
    if sid is None and not idents:
        raise _fail("the learner needs an id or an identity / 学習者の id か識別情報が必要です",
                    ("learner",))

    ach_extra: dict[str, Any] = {}
    subj_extra: dict[str, Any] = {}

    # -- achievement (standard properties) ---------------------------------------------------
    ach_id = achievement_id or mc.id or credential_id + _ACHIEVEMENT_FRAGMENT
    description = mc.description.text if mc.description else ""
    if mc.assessment is not None and mc.assessment.criteria is not None:
        narrative = mc.assessment.criteria.text
    else:
        narrative = description or mc.title.text
    alignments = _outcome_alignments(mc.learning_outcomes)
    alignments.extend(_level_alignment(lv) for lv in mc.all_levels())
    first_language = mc.languages[0] if mc.languages else ""
    in_language = first_language if LANGUAGE_CODE_RE.match(first_language) else None
    credits = None
    if mc.recognition is not None and len(mc.recognition.credits) == 1:
        credits = float(mc.recognition.credits[0].amount)
    achievement = Achievement(
        id=ach_id,
        name=mc.title.text,
        description=description,
        criteria=Criteria(narrative=narrative),
        achievement_type=AchievementType.MICRO_CREDENTIAL,
        alignment=alignments or None,
        in_language=in_language,
        credits_available=credits,
        image=achievement_image,
    )
    issuer_value = _issuer_profile(issuer, mc.awarding_body)
    subject = AchievementSubject(
        id=sid, identifier=idents or None, achievement=achievement,
        result=[Result(value=mc.grade.value)] if mc.grade is not None else None)

    # -- microcred terms: only where the standard property does not give the value back -----
    std_learner = _lenient(lambda: _subject_learner(subject))
    if std_learner is None and learner is not None and learner.name is not None:
        raise _fail("the credential subject's identity does not fit the learner descriptor, "
                    "so the learner's name cannot be attached / 資格証明の対象が学習者の記述項目と"
                    "合わないため、学習者の氏名を付けられません",
                    ("learner",))
    if std_learner is not None and learner is not None and learner.name is not None:
        # the learner descriptor is whoever the subject names, plus the name (no OB slot)
        subj_extra["learnerIdentification"] = _dump(
            std_learner.model_copy(update={"name": learner.name}))
    std: dict[str, Any] = {
        "learner": learner,
        "grade": _lenient(lambda: _std_grade(subject)),
        "title": _lenient(lambda: _std_title(achievement)),
        "description": _lenient(lambda: _std_description(achievement)),
        "awarding_body": _lenient(lambda: _std_awarding_body(issuer_value)),
        "languages": _std_languages(achievement),
        "assessment": _lenient(lambda: _std_assessment(achievement)),
        "certification": _OB3_CERTIFICATION,
        # one level: its Alignment gives it back; several: the term fixes which is the main one
        "level": mc.level if mc.level is not None and not mc.level.other_levels else None,
    }
    for term, (node, field) in MICROCRED_TERMS.items():
        value = getattr(mc, field)
        if value is None or value == []:
            continue
        if field in std and std[field] == value:
            continue  # the standard property gives the value back, or handled above
        (subj_extra if node == "credentialSubject" else ach_extra)[term] = _dump(value)

    if ach_extra:
        achievement = Achievement(**achievement.model_dump(by_alias=True, exclude_none=True),
                                  **ach_extra)
    subject = AchievementSubject(
        **subject.model_dump(by_alias=True, exclude_none=True, exclude={"achievement"}),
        achievement=achievement, **subj_extra)

    context: list[str | dict[str, Any]] = [VC_V2_CONTEXT, OB_CONTEXT_V3_0_3]
    if ach_extra or subj_extra:
        context.append(copy.deepcopy(dict(MICROCRED_CONTEXT)))
    awarded = None
    if mc.issue_date is not None and mc.issue_date != start:
        awarded = format_datetime(mc.issue_date)
    return OpenBadgeCredential(
        context=context,
        id=credential_id,
        type=["VerifiableCredential", "OpenBadgeCredential"],
        issuer=issuer_value,
        valid_from=format_datetime(start),
        valid_until=format_datetime(until) if until is not None else None,
        awarded_date=awarded,
        name=name if name is not None else mc.title.text,
        credential_subject=subject,
        image=image,
        evidence=list(evidence) if evidence else None,
        credential_status=credential_status,
        credential_schema=list(credential_schema) if credential_schema else None,
    )


# ---------------------------------------------------------------------------------------------
# OB 3.0 → MicroCredential
# ---------------------------------------------------------------------------------------------

_FIELD_MODEL: Mapping[str, Any] = {
    "learner": Learner,
    "grade": Grade,
    "title": LocalizedText,
    "description": LocalizedText,
    "awarding_body": AwardingBody,
    "learning_outcomes": [LearningOutcome],
    "participation": Participation,
    "languages": [str],
    "effort": LearnerEffort,
    "assessment": Assessment,
    "quality_assurance": [QualityAssurance],
    "level": Level,
    "certification": Certification,
    "recognition": Recognition,
    "prerequisites": Prerequisites,
    "stackability": Stackability,
    "further_information": LocalizedText,
}


def _defined_terms(context: Sequence[Any]) -> dict[str, str]:
    """Terms that embedded context objects map into the microcred vocabulary."""
    out: dict[str, str] = {}
    for item in context:
        if not isinstance(item, dict):
            continue
        for term, definition in item.items():
            iri = definition.get("@id") if isinstance(definition, dict) else definition
            if isinstance(iri, str) and iri.startswith(MICROCRED_VOCAB):
                out[term] = iri
    return out


def _contradictions(values: Mapping[str, Any], subject: AchievementSubject,
                    ach: Achievement) -> list[ErrorDetail]:
    """microcred terms must agree with the standard properties they refine."""
    out: list[ErrorDetail] = []
    learner = values.get("learner")
    std = _lenient(lambda: _subject_learner(subject))
    if isinstance(learner, Learner) and std is not None and (
            learner.id != std.id or learner.identifiers != std.identifiers):
        out.append(ErrorDetail(
            ("credentialSubject", "learnerIdentification"),
            "learnerIdentification contradicts credentialSubject id/identifier "
            "(学習者情報が credentialSubject と矛盾します)", "contradiction"))
    level = values.get("level")
    if "qualificationLevel" in (ach.model_extra or {}) and isinstance(level, Level):
        stated = {(lv.framework.value, str(lv.value)) for lv in (level, *level.other_levels)}
        if stated != set(_level_pairs(ach)):
            out.append(ErrorDetail(
                ("credentialSubject", "achievement", "qualificationLevel"),
                "qualificationLevel contradicts the achievement's level alignments "
                "(レベルが alignment と矛盾します)", "contradiction"))
    for field, text, term in (("title", ach.name, "title"),
                              ("description", ach.description, "content")):
        value = values.get(field)
        if isinstance(value, LocalizedText) and value.text != text:
            out.append(ErrorDetail(
                ("credentialSubject", "achievement", term),
                f"{term} contradicts the achievement's {'name' if term == 'title' else field} "
                "(標準プロパティと矛盾します)", "contradiction"))
    return out


def to_micro_credential(cred: OpenBadgeCredential | Mapping[str, Any]) -> MicroCredential:
    """Read the descriptors of an OB 3.0 credential back into a :class:`~microcred.MicroCredential`.

    microcred terms are read when the credential's ``@context`` defines them in the microcred
    vocabulary; otherwise the descriptors come from the standard OB properties (values that do
    not fit the descriptor model are left out).  A microcred term whose value does not fit
    raises :class:`microcred.InvalidDataError` naming its path.
    """
    if not isinstance(cred, OpenBadgeCredential):
        cred = OpenBadgeCredential.from_jsonld(cred)
    subject = cred.credential_subject
    ach = subject.achievement
    defined = _defined_terms(cred.context)

    values: dict[str, Any] = {
        "learner": _lenient(lambda: _subject_learner(subject)),
        "grade": _lenient(lambda: _std_grade(subject)),
        "title": _lenient(lambda: _std_title(ach)),
        "description": _lenient(lambda: _std_description(ach)),
        "awarding_body": _lenient(lambda: _std_awarding_body(cred.issuer)),
        "languages": _lenient(lambda: _std_languages(ach)) or [],
        "level": _lenient(lambda: _std_level(ach)),
        "assessment": _lenient(lambda: _std_assessment(ach)),
        "certification": _OB3_CERTIFICATION,
    }
    errors: list[ErrorDetail] = []
    for term, (node, field) in MICROCRED_TERMS.items():
        holder = subject if node == "credentialSubject" else ach
        extra = holder.model_extra or {}
        if term not in extra:
            continue
        loc: tuple[str | int, ...] = (("credentialSubject", term) if node == "credentialSubject"
                                      else ("credentialSubject", "achievement", term))
        if defined.get(term) != MICROCRED_VOCAB + term:
            errors.append(ErrorDetail(
                loc, f"'{term}' is not defined as {MICROCRED_VOCAB}{term} by an embedded "
                "@context object (microcred の語彙として定義されていません)", "undefined_term"))
            continue
        spec = _FIELD_MODEL[field]
        try:
            if isinstance(spec, list):
                raw = extra[term]
                if not isinstance(raw, list):
                    raise _fail("expected a JSON array", loc)
                item_type = spec[0]
                if item_type is str:
                    values[field] = MicroCredential.model_validate({field: raw}).languages
                else:
                    values[field] = [item_type.model_validate(v) for v in raw]
            else:
                values[field] = spec.model_validate(extra[term])
        except ValidationError as exc:
            errors.extend(ErrorDetail((*loc, *e["loc"]), str(e["msg"]), str(e["type"]))
                          for e in exc.errors())
        except InvalidDataError as exc:
            errors.extend(exc.errors)
    errors.extend(_contradictions(values, subject, ach))
    if errors:
        raise InvalidDataError(
            f"invalid microcred terms in OB 3.0 credential: {len(errors)} problem(s)", errors)

    id_ = None if cred.id is not None and ach.id == cred.id + _ACHIEVEMENT_FRAGMENT else ach.id
    issued = cred.awarded_date or cred.valid_from or cred.issuance_date
    until = cred.valid_until or cred.expiration_date
    data = {k: v for k, v in values.items() if v is not None and v != []}
    try:
        return MicroCredential(
            id=id_,
            issue_date=parse_datetime(issued) if issued else None,
            valid_until=parse_datetime(until) if until else None,
            **data,
        )
    except ValidationError as exc:
        raise InvalidDataError.from_pydantic(exc, "micro-credential from OB 3.0") from exc
