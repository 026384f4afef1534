"""Crosswalks: a :class:`~microcred.MicroCredential` as a European Learning Model (ELM v3)
credential and back, and as a Credential Engine CTDL description.

ELM v3 / Europass Digital Credentials is the EU's own format for issuing micro-credentials under
the Council Recommendation 2022/C 243/02. The mapping follows the ELM ontology, the EDC
application profile and the official sample ``Sample-MC-Annex1-unsigned.jsonld``
(european-commission-empl/European-Learning-Model, ``Credentials/JSON-LD Examples (ELM v3)/``):

==========================  ==================================================================
descriptor                  ELM (JSON-LD term)
==========================  ==================================================================
learner                     ``credentialSubject`` (Person: ``id``, ``fullName``)
date of issuing             ``issued``, ``validFrom``; ``awardedBy.awardingDate``
title                       ``credentialSubject.hasClaim.title``, ``specifiedBy.title``
awarding body(ies)          ``hasClaim.awardedBy.awardingBody`` (Organisation: ``legalName``,
                            ``location.address.countryCode``); the lead one is also ``issuer``
content                     ``specifiedBy.description``
learning outcomes           ``specifiedBy.learningOutcome`` (``title``, ``relatedSkill``)
form of participation       ``specifiedBy.mode`` (online and blended concepts of the sample)
language                    ``specifiedBy.language`` (EU language authority)
learner effort              ``specifiedBy.volumeOfLearning`` (``PT<hours>H``) and
                            ``specifiedBy.creditPoint`` (ECTS)
assessment                  ``hasClaim.provenBy`` (LearningAssessment, its specification's
                            ``description``); supervision as ``idVerification``
quality assurance           ``specifiedBy.accreditation`` (external QA with its body only)
level                       ``specifiedBy.eqfLevel`` (EQF only)
prerequisites               ``specifiedBy.entryRequirement``
grade                       ``provenBy.grade``
further information         ``hasClaim.additionalNote``
==========================  ==================================================================

Everything else is reported, never dropped silently: :attr:`Crosswalk.unmapped` lists the
values that have no place in the target model, with the reason.

>>> from microcred import MicroCredential, crosswalk
>>> mc = MicroCredential.parse({"title": {"text": "Data literacy", "lang": "en"},
...                             "effort": {"hours": "25", "contact_hours": "10"},
...                             "level": {"framework": "EQF", "value": 5}})
>>> out = crosswalk.to_elm(mc)
>>> out.document["credentialSubject"]["hasClaim"]["specifiedBy"]["volumeOfLearning"]
'PT25H'
>>> [u.path for u in out.unmapped]
['effort.contact_hours']
>>> crosswalk.from_elm(out.document).credential == mc.model_copy(
...     update={"effort": mc.effort.model_copy(update={"contact_hours": None})})
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ._credits import CreditSystem
from ._errors import InvalidDataError
from ._model import (
    AwardingBody,
    LevelFramework,
    LocalizedText,
    MicroCredential,
    ParticipationMode,
    QAKind,
    Supervision,
)

__all__ = ["ELM_CONTEXT", "Crosswalk", "Unmapped", "from_elm", "to_ctdl", "to_elm"]

ELM_CONTEXT: tuple[str, ...] = ("https://www.w3.org/2018/credentials/v1",
                                "http://data.europa.eu/snb/model/context/edc-ap")
"""The ``@context`` of the ELM v3 sample credentials."""

_COUNTRY_AUTH = "http://publications.europa.eu/resource/authority/country/"
_LANG_AUTH = "http://publications.europa.eu/resource/authority/language/"
_EQF = "http://data.europa.eu/snb/eqf/"
_ECTS = "http://data.europa.eu/snb/education-credit/6fcec5c5af"
# Concepts as used in the official ELM v3 micro-credential sample.
_MODES = {ParticipationMode.ONLINE: "http://data.europa.eu/snb/learning-assessment/920fbb3cbe",
          ParticipationMode.BLENDED: "http://data.europa.eu/snb/learning-assessment/e92d221e4d"}
_UNSUPERVISED = "http://data.europa.eu/snb/supervision-verification/c598449d64"



def _words(text: str) -> list[str]:
    return text.split()


# ISO 3166-1 alpha-2 -> the EU country authority's codes (alpha-3 for these countries).
_ALPHA3 = dict(zip(_words(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO "
    "CH GB UA TR RS AL MK ME BA MD US CA MX BR AR CL AU NZ JP KR CN TW HK SG MY TH ID PH VN IN "
    "ZA EG MA IL AE SA"),
    _words(
        "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL "
        "PRT ROU SVK SVN ESP SWE ISL LIE NOR CHE GBR UKR TUR SRB ALB MKD MNE BIH MDA USA CAN "
        "MEX BRA ARG CHL AUS NZL JPN KOR CHN TWN HKG SGP MYS THA IDN PHL VNM IND ZAF EGY MAR "
        "ISR ARE SAU"), strict=True))
_ALPHA2 = {v: k for k, v in _ALPHA3.items()}
# BCP 47 primary language -> the EU language authority's code (ISO 639-2/T).
_LANG3 = dict(zip(_words(
    "en fr de es it pt nl pl sv da fi el cs sk sl hu ro bg hr et lv lt ga mt ja zh ko ms th "
    "id vi ar ru uk tr"),
    _words(
        "ENG FRA DEU SPA ITA POR NLD POL SWE DAN FIN ELL CES SLK SLV HUN RON BUL HRV EST LAV "
        "LIT GLE MLT JPN ZHO KOR MSA THA IND VIE ARA RUS UKR TUR"), strict=True))
_LANG2 = {v: k for k, v in _LANG3.items()}


@dataclass(frozen=True)
class Unmapped:
    """A value that has no place in the target model, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Crosswalk:
    """Result of a crosswalk: the target ``document`` (or ``credential`` when reading back) and
    every value that did not map."""

    document: dict[str, Any]
    unmapped: tuple[Unmapped, ...]
    credential: MicroCredential | None = None


def _lang_map(t: LocalizedText) -> dict[str, str]:
    return {t.lang or "und": t.text, **t.translations}


def _text(m: Any) -> LocalizedText | None:
    if isinstance(m, str):
        return LocalizedText(text=m)
    if isinstance(m, Mapping):
        lit = m.get("noteLiteral", m)
        if isinstance(lit, Mapping) and lit:
            items = [(k, v) for k, v in lit.items() if isinstance(v, str)]
            if items:
                (lang, text), rest = items[0], items[1:]
                return LocalizedText(text=text, lang=None if lang == "und" else lang,
                                     translations=dict(rest))
    return None


def _note(t: LocalizedText) -> dict[str, Any]:
    return {"type": "Note", "noteLiteral": _lang_map(t)}


def _dec(d: Decimal) -> str:
    return format(d, "f")


def _concept(iri: str, label: str) -> dict[str, Any]:
    return {"id": iri, "type": "Concept", "prefLabel": {"en": label}}


def _org(b: AwardingBody, path: str, out: list[Unmapped]) -> dict[str, Any]:
    org: dict[str, Any] = {"type": "Organisation", "legalName": _lang_map(b.name)}
    if b.id is not None:
        org["id"] = b.id
    if b.url is not None:
        org["homepage"] = {"type": "WebResource", "contentURL": b.url}
    if b.country is not None:
        code = _ALPHA3.get(b.country)
        if code is None:
            out.append(Unmapped(f"{path}.country", f"{b.country} has no code in microcred's "
                                "table of the EU country authority"))
        else:
            org["location"] = {"type": "Location", "address": {
                "type": "Address", "countryCode": _concept(_COUNTRY_AUTH + code, code)}}
    for name, why in (("region", "ELM uses the ATU table, not ISO 3166-2"),
                      ("kind", "no ELM property for the kind of provider"),
                      ("regulated", "no ELM property for regulation")):
        if getattr(b, name) is not None:
            out.append(Unmapped(f"{path}.{name}", why))
    return org


def to_elm(mc: MicroCredential) -> Crosswalk:
    """``mc`` as an ELM v3 European Digital Credential (unsigned JSON-LD)."""
    if not isinstance(mc, MicroCredential):
        raise TypeError(f"to_elm() needs a MicroCredential, not {type(mc).__name__}")
    out: list[Unmapped] = []
    spec: dict[str, Any] = {"type": "Qualification"}
    claim: dict[str, Any] = {"type": "LearningAchievement", "specifiedBy": spec}
    subject: dict[str, Any] = {"type": "Person", "hasClaim": claim}
    doc: dict[str, Any] = {"@context": list(ELM_CONTEXT),
                           "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
                           "credentialSubject": subject}
    if mc.id is not None:
        doc["id"] = mc.id
    if mc.issue_date is not None:
        doc["issued"] = doc["validFrom"] = mc.issue_date.isoformat()
    if mc.valid_until is not None:
        doc["expirationDate"] = mc.valid_until.isoformat()
    if mc.learner is not None:
        if mc.learner.id is not None:
            subject["id"] = mc.learner.id
        if mc.learner.name is not None and mc.learner.id is not None:
            subject["fullName"] = {"und": mc.learner.name}
        elif mc.learner.name is not None:
            out.append(Unmapped("learner.name", "without a learner id the name is not "
                                "written (the learner could not be read back)"))
        if mc.learner.identifiers:
            out.append(Unmapped("learner.identifiers", "ELM identifies a person by national "
                                "ID (LegalIdentifier), not by hashed identity objects"))
    if mc.title is not None:
        claim["title"] = spec["title"] = _lang_map(mc.title)
    bodies = mc.all_awarding_bodies()
    if bodies:
        orgs = [_org(b, "awarding_body" if i == 0 else f"awarding_body.co_awarding_bodies."
                     f"{i - 1}", out) for i, b in enumerate(bodies)]
        doc["issuer"] = orgs[0]
        process: dict[str, Any] = {"type": "AwardingProcess", "awardingBody": orgs}
        if mc.issue_date is not None:
            process["awardingDate"] = mc.issue_date.isoformat()
        claim["awardedBy"] = process
    if mc.description is not None:
        spec["description"] = _lang_map(mc.description)
    if mc.learning_outcomes:
        los = []
        for i, lo in enumerate(mc.learning_outcomes):
            item: dict[str, Any] = {"type": "LearningOutcome", "title": _lang_map(lo.statement)}
            skills = []
            for j, al in enumerate(lo.alignments):
                skill: dict[str, Any] = {"id": al.target_url, "type": "Concept"}
                if al.target_name is not None:
                    skill["prefLabel"] = {"und": al.target_name}
                skills.append(skill)
                for name in ("framework", "target_code"):
                    if getattr(al, name) is not None:
                        out.append(Unmapped(f"learning_outcomes.{i}.alignments.{j}.{name}",
                                            "no ELM place"))
            if skills:
                item["relatedSkill"] = skills
            los.append(item)
        spec["learningOutcome"] = los
    if mc.participation is not None:
        p = mc.participation
        if p.mode in _MODES:
            spec["mode"] = _concept(_MODES[p.mode], p.mode.label_en)
            for name in ("synchrony", "description"):
                if getattr(p, name) is not None:
                    out.append(Unmapped(f"participation.{name}", "no ELM property"))
        else:
            out.append(Unmapped("participation", f"no ELM concept known to microcred for "
                                f"{p.mode.value}"))
    if mc.languages:
        langs = []
        for i, tag in enumerate(mc.languages):
            code = _LANG3.get(tag.lower()) if "-" not in tag else None
            if code is None:
                out.append(Unmapped(f"languages.{i}", f"{tag} has no code in microcred's "
                                    "table of the EU language authority"))
            else:
                langs.append(_concept(_LANG_AUTH + code, code))
        if langs:
            spec["language"] = langs
    _effort_to_elm(mc, spec, out)
    _assessment_to_elm(mc, claim, out)
    qa = [q for q in mc.quality_assurance if q.kind is QAKind.EXTERNAL and q.body is not None]
    if qa:
        spec["accreditation"] = [
            {"type": "Accreditation",
             "accreditingAgent": {"type": "Organisation", "legalName": _lang_map(q.body)},
             **({"homepage": {"type": "WebResource", "contentURL": q.reference}}
                if q.reference else {})}
            for q in qa if q.body is not None]
    for i, q in enumerate(mc.quality_assurance):
        if q not in qa:
            out.append(Unmapped(f"quality_assurance.{i}", "ELM accreditation records external "
                                "QA by a named body; internal QA has no ELM place"))
        else:
            out.append(Unmapped(f"quality_assurance.{i}.scope", "the scope of QA has no ELM "
                                "place (read back as programme)"))
            if q.description is not None:
                out.append(Unmapped(f"quality_assurance.{i}.description", "no ELM place"))
    eqf = mc.level_in(LevelFramework.EQF) if mc.level is not None else None
    if eqf is not None:
        spec["eqfLevel"] = _concept(f"{_EQF}{eqf.value}", f"Level {eqf.value}")
    others = [lv.framework.value for lv in mc.all_levels() if lv is not eqf]
    if others:
        out.append(Unmapped("level", f"only the EQF level is written; {', '.join(others)} "
                            "would need ELM nqfLevel QDR concepts"))
    if mc.prerequisites is not None:
        if mc.prerequisites.description is not None:
            spec["entryRequirement"] = _note(mc.prerequisites.description)
        if mc.prerequisites.credentials:
            out.append(Unmapped("prerequisites.credentials", "no ELM place for credential "
                                "references as entry requirements"))
    if mc.further_information is not None:
        claim["additionalNote"] = [_note(mc.further_information)]
    for name, why in (("certification", "the EDC itself is the record"),
                      ("recognition", "ELM has no credit-recognition element beyond "
                                      "creditPoint"),
                      ("stackability", "no dedicated ELM property (ELM v3)")):
        if getattr(mc, name) is not None:
            out.append(Unmapped(name, why))
    return Crosswalk(doc, tuple(out))


def _effort_to_elm(mc: MicroCredential, spec: dict[str, Any], out: list[Unmapped]) -> None:
    eff = mc.effort
    if eff is None:
        return
    if eff.hours is not None:
        spec["volumeOfLearning"] = f"PT{_dec(eff.hours)}H"
    for i, c in enumerate(eff.credits):
        if c.system is CreditSystem.ECTS:
            spec["creditPoint"] = [{"type": "CreditPoint", "framework": _concept(
                _ECTS, "European Credit Transfer System"), "point": _dec(c.amount)}]
        else:
            out.append(Unmapped(f"effort.credits.{i}", f"{c.system.value}: microcred knows "
                                "no ELM credit framework concept for it"))
    for name in ("contact_hours", "description"):
        if getattr(eff, name) is not None:
            out.append(Unmapped(f"effort.{name}", "no ELM property"))


def _assessment_to_elm(mc: MicroCredential, claim: dict[str, Any],
                       out: list[Unmapped]) -> None:
    a = mc.assessment
    if a is None and mc.grade is None:
        return
    proven: dict[str, Any] = {"type": "LearningAssessment"}
    if a is not None:
        spec: dict[str, Any] = {"type": "LearningAssessmentSpecification"}
        if a.criteria is not None:
            spec["description"] = _lang_map(a.criteria)
        if a.description is not None:
            out.append(Unmapped("assessment.description", "one ELM description: the "
                                "criteria are written"))
        proven["specifiedBy"] = spec
        out.append(Unmapped("assessment.kinds", "no ELM concepts known to microcred for the "
                            "kinds of assessment"))
        if a.supervision is Supervision.UNSUPERVISED_NO_ID:
            proven["idVerification"] = _concept(_UNSUPERVISED,
                                                "Unsupervised without ID Verification")
        elif a.supervision is not None:
            out.append(Unmapped("assessment.supervision", "only the sample's 'unsupervised' "
                                "concept is known to microcred"))
        if a.identity_verified is not None:
            out.append(Unmapped("assessment.identity_verified", "carried by the supervision "
                                "concept only"))
    if mc.grade is not None:
        proven["grade"] = {"type": "Note", "noteLiteral": {"und": mc.grade.value}}
        for name in ("scale", "description"):
            if getattr(mc.grade, name) is not None:
                out.append(Unmapped(f"grade.{name}", "ELM grade is a note; not mapped"))
    claim["provenBy"] = [proven]


def _first(v: Any) -> Any:
    return v[0] if isinstance(v, list) and v else v


def _list(v: Any) -> list[Any]:
    return v if isinstance(v, list) else [] if v is None else [v]


_PT_HOURS = re.compile(r"^PT(\d{1,6}(?:\.\d{1,6})?)H\Z")


def from_elm(doc: Mapping[str, Any]) -> Crosswalk:
    """Read an ELM v3 credential (as written by :func:`to_elm`, or a similar EDC) back into a
    :class:`~microcred.MicroCredential`. Values microcred cannot read are listed in
    ``unmapped``; invalid values raise :class:`~microcred.InvalidDataError`."""
    if not isinstance(doc, Mapping):
        raise InvalidDataError("an ELM credential must be a JSON object "
                               "/ JSONオブジェクトが必要です")
    out: list[Unmapped] = []
    data: dict[str, Any] = {}
    if isinstance(doc.get("id"), str):
        data["id"] = doc["id"]
    if isinstance(doc.get("issued") or doc.get("validFrom"), str):
        data["issue_date"] = doc.get("issued") or doc.get("validFrom")
    if isinstance(doc.get("expirationDate"), str):
        data["valid_until"] = doc["expirationDate"]
    subject = _first(doc.get("credentialSubject")) or {}
    if isinstance(subject, Mapping):
        learner: dict[str, Any] = {}
        if isinstance(subject.get("id"), str):
            learner["id"] = subject["id"]
            name = _text(subject.get("fullName"))
            if name is not None:
                learner["name"] = name.text
            data["learner"] = learner
        claim = _first(subject.get("hasClaim")) or {}
        if isinstance(claim, Mapping):
            _claim_from_elm(claim, data, out)
    return Crosswalk(dict(doc), tuple(out), MicroCredential.parse(data))


def _org_from_elm(org: Any) -> dict[str, Any] | None:
    if not isinstance(org, Mapping):
        return None
    name = _text(org.get("legalName") or org.get("prefLabel"))
    if name is None:
        return None
    body: dict[str, Any] = {"name": name.model_dump(exclude_defaults=True)}
    if isinstance(org.get("id"), str) and not org["id"].startswith("urn:epass:"):
        body["id"] = org["id"]
    home = org.get("homepage")
    if isinstance(home, Mapping) and isinstance(home.get("contentURL"), str):
        body["url"] = home["contentURL"]
    loc = _first(org.get("location"))
    if isinstance(loc, Mapping):
        addr = _first(loc.get("address"))
        code = addr.get("countryCode") if isinstance(addr, Mapping) else None
        iri = code.get("id") if isinstance(code, Mapping) else None
        if isinstance(iri, str) and iri.rsplit("/", 1)[-1] in _ALPHA2:
            body["country"] = _ALPHA2[iri.rsplit("/", 1)[-1]]
    return body


def _claim_from_elm(claim: Mapping[str, Any], data: dict[str, Any],
                    out: list[Unmapped]) -> None:
    spec = _first(claim.get("specifiedBy")) or {}
    title = _text(claim.get("title") or (spec.get("title") if isinstance(spec, Mapping)
                                         else None))
    if title is not None:
        data["title"] = title.model_dump(exclude_defaults=True)
    awarded = claim.get("awardedBy")
    if isinstance(awarded, Mapping):
        bodies = [b for b in (_org_from_elm(o) for o in _list(awarded.get("awardingBody")))
                  if b is not None]
        if bodies:
            data["awarding_body"] = {**bodies[0], "co_awarding_bodies": bodies[1:]}
    notes = [_text(n) for n in _list(claim.get("additionalNote"))]
    if notes and notes[0] is not None:
        data["further_information"] = notes[0].model_dump(exclude_defaults=True)
    proven = _first(claim.get("provenBy"))
    if isinstance(proven, Mapping):
        _assessment_from_elm(proven, data, out)
    if isinstance(spec, Mapping):
        _spec_from_elm(spec, data, out)


def _assessment_from_elm(proven: Mapping[str, Any], data: dict[str, Any],
                         out: list[Unmapped]) -> None:
    aspec = _first(proven.get("specifiedBy"))
    if isinstance(aspec, Mapping):
        text = _text(aspec.get("description"))
        assessment: dict[str, Any] = {"kinds": ["other"]}
        if text is not None:
            assessment["criteria"] = text.model_dump(exclude_defaults=True)
        idv = proven.get("idVerification")
        if isinstance(idv, Mapping) and idv.get("id") == _UNSUPERVISED:
            assessment["supervision"] = Supervision.UNSUPERVISED_NO_ID.value
        data["assessment"] = assessment
        out.append(Unmapped("assessment.kinds", "ELM names no kind microcred can read; "
                            "read as 'other'"))
    grade = _text(proven.get("grade"))
    if grade is not None:
        data["grade"] = {"value": grade.text}


def _spec_from_elm(spec: Mapping[str, Any], data: dict[str, Any],
                   out: list[Unmapped]) -> None:
    desc = _text(spec.get("description"))
    if desc is not None:
        data["description"] = desc.model_dump(exclude_defaults=True)
    los = []
    for lo in _list(spec.get("learningOutcome")):
        if not isinstance(lo, Mapping):
            continue
        stmt = _text(lo.get("title"))
        if stmt is None:
            continue
        aligns = []
        for s in _list(lo.get("relatedSkill")) + _list(lo.get("relatedESCOSkill")):
            if isinstance(s, Mapping) and isinstance(s.get("id"), str):
                al: dict[str, Any] = {"target_url": s["id"]}
                name = _text(s.get("prefLabel"))
                if name is not None:
                    al["target_name"] = name.text
                aligns.append(al)
        los.append({"statement": stmt.model_dump(exclude_defaults=True), "alignments": aligns})
    if los:
        data["learning_outcomes"] = los
    mode = spec.get("mode")
    if isinstance(mode, Mapping):
        back = {v: k for k, v in _MODES.items()}.get(mode.get("id", ""))
        if back is not None:
            data["participation"] = {"mode": back.value}
        else:
            out.append(Unmapped("specifiedBy.mode", f"concept {mode.get('id')} is not known"))
    langs = []
    for c in _list(spec.get("language")):
        code = c.get("id", "").rsplit("/", 1)[-1] if isinstance(c, Mapping) else ""
        if code in _LANG2:
            langs.append(_LANG2[code])
        else:
            out.append(Unmapped("specifiedBy.language", f"{code or c!r} is not known"))
    if langs:
        data["languages"] = langs
    effort: dict[str, Any] = {}
    vol = spec.get("volumeOfLearning")
    if isinstance(vol, str):
        m = _PT_HOURS.match(vol)
        if m:
            effort["hours"] = m.group(1)
        else:
            out.append(Unmapped("specifiedBy.volumeOfLearning",
                                f"{vol!r} is not a duration in hours (PT<n>H)"))
    for cp in _list(spec.get("creditPoint")):
        fw = cp.get("framework") if isinstance(cp, Mapping) else None
        if isinstance(fw, Mapping) and fw.get("id") == _ECTS and isinstance(cp.get("point"),
                                                                            str):
            try:
                Decimal(cp["point"])
            except InvalidOperation:
                out.append(Unmapped("specifiedBy.creditPoint", "point is not a number"))
                continue
            effort.setdefault("credits", []).append({"amount": cp["point"], "system": "ECTS"})
        else:
            out.append(Unmapped("specifiedBy.creditPoint", "not an ECTS credit point"))
    if effort:
        data["effort"] = effort
    eqf = spec.get("eqfLevel")
    if isinstance(eqf, Mapping) and isinstance(eqf.get("id"), str) and eqf["id"].startswith(
            _EQF):
        tail = eqf["id"][len(_EQF):]
        if tail.isdigit() and len(tail) == 1:
            data["level"] = {"framework": "EQF", "value": int(tail)}
    if "nqfLevel" in spec:
        out.append(Unmapped("specifiedBy.nqfLevel", "QDR concepts are not read"))
    req = _text(spec.get("entryRequirement"))
    if req is not None:
        data["prerequisites"] = {"description": req.model_dump(exclude_defaults=True)}
    qa = []
    for acc in _list(spec.get("accreditation")):
        agent = acc.get("accreditingAgent") if isinstance(acc, Mapping) else None
        name = _text(agent.get("legalName")) if isinstance(agent, Mapping) else None
        if name is not None:
            item: dict[str, Any] = {"kind": "external", "scope": "programme",
                                    "body": name.model_dump(exclude_defaults=True)}
            home = acc.get("homepage")
            if isinstance(home, Mapping) and isinstance(home.get("contentURL"), str):
                item["reference"] = home["contentURL"]
            qa.append(item)
    if qa:
        data["quality_assurance"] = qa
        out.append(Unmapped("specifiedBy.accreditation", "read as external QA of the "
                            "programme (ELM does not say the scope)"))


# --------------------------------------------------------------------------------------------
# CTDL
# --------------------------------------------------------------------------------------------

CTDL_STATUS = ("ceterms:MicroCredential (the exact match of OB 3.0's MicroCredential achievement "
               "type) and ceterms:creditValue / ValueProfile / creditUnitType were checked in "
               "the OB 3.0 specification and the Credential Registry samples; the other "
               "ceterms terms used here were not checked against the CTDL terms page")
"""How far the CTDL terms used by :func:`to_ctdl` were checked."""


def to_ctdl(mc: MicroCredential) -> Crosswalk:
    """``mc`` as a Credential Engine CTDL description (``ceterms:MicroCredential``).

    >>> from microcred import MicroCredential, crosswalk
    >>> d = crosswalk.to_ctdl(MicroCredential.parse({"title": "SQL basics"})).document
    >>> d["@type"], d["ceterms:name"]
    ('ceterms:MicroCredential', {'und': 'SQL basics'})
    """
    if not isinstance(mc, MicroCredential):
        raise TypeError(f"to_ctdl() needs a MicroCredential, not {type(mc).__name__}")
    out: list[Unmapped] = []
    doc: dict[str, Any] = {"@context": "https://credreg.net/ctdl/schema/context/json",
                           "@type": "ceterms:MicroCredential"}
    if mc.id is not None:
        doc["@id"] = mc.id
    if mc.title is not None:
        doc["ceterms:name"] = _lang_map(mc.title)
    if mc.description is not None:
        doc["ceterms:description"] = _lang_map(mc.description)
    bodies = mc.all_awarding_bodies()
    if bodies:
        doc["ceterms:ownedBy"] = [
            {"@type": "ceterms:CredentialOrganization", "ceterms:name": _lang_map(b.name),
             **({"@id": b.id} if b.id else {}),
             **({"ceterms:subjectWebpage": b.url} if b.url else {})} for b in bodies]
    if mc.languages:
        doc["ceterms:inLanguage"] = list(mc.languages)
    eff = mc.effort
    if eff is not None:
        values = []
        for c in eff.credits:
            values.append({"@type": "ceterms:ValueProfile", "ceterms:value": float(c.amount),
                           "ceterms:creditUnitTypeDescription": {"en": c.system.label_en}})
        if values:
            doc["ceterms:creditValue"] = values
        if eff.hours is not None:
            doc["ceterms:estimatedDuration"] = [{"@type": "ceterms:DurationProfile",
                                                 "ceterms:exactDuration": f"PT{_dec(eff.hours)}H"}]
    if mc.learning_outcomes:
        out.append(Unmapped("learning_outcomes", "CTDL states competencies through "
                            "ceasn frameworks (ceterms:requires / targetCompetency); not "
                            "written"))
    for name in ("level", "assessment", "quality_assurance", "participation", "prerequisites",
                 "stackability", "recognition", "learner", "issue_date", "grade"):
        value = getattr(mc, name)
        if value is not None and value != []:
            out.append(Unmapped(name, "not written by microcred's CTDL description"))
    return Crosswalk(doc, tuple(out))
