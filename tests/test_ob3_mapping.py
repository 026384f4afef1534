"""Descriptor ↔ OB 3.0 mapping: lossless round trip, schema validity, canonicalisation."""

from __future__ import annotations

import copy
import functools
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred
from _vectors import REFERENCE
from microcred import MicroCredential, ob3
from microcred.testing import micro_credentials, ob3_credential_documents

REF = REFERENCE
EXAMPLES = REF / "1edtech-openbadges-specification" / "examples"
SCHEMA = (REF / "educredentials-obv3-examples" / "schemas"
          / "ob_v3p0_achievementcredential_schema.json")
CONTEXTS = {  # the published copies, to check term names against
    "https://www.w3.org/ns/credentials/v2":
        REF / "w3c-vc-data-model" / "contexts" / "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json":
        REF / "1edtech-openbadges-specification" / "contexts" / "context-3.0.3.json",
}
needs_ref = pytest.mark.skipif(not REF.is_dir(), reason="tests/vectors/reference is missing")

FULL: dict[str, Any] = {
    "id": "https://example.ac.jp/mc/ds101",
    "learner": {"id": "did:example:learner", "name": "山田 花子",
                "identifiers": [{"identity_type": "emailAddress",
                                 "identity_hash": "h@example.jp"}]},
    "issue_date": "2026-04-01T09:00:00+09:00",
    "valid_until": "2031-04-01T09:00:00+09:00",
    "title": {"text": "Data science basics", "lang": "en",
              "translations": {"ja": "データサイエンス基礎"}},
    "awarding_body": {"name": "Example University", "id": "https://example.ac.jp",
                      "country": "JP", "region": "JP-13"},
    "description": "Statistics and programming for beginners.",
    "learning_outcomes": [{"statement": "Apply linear regression",
                           "alignments": [{"target_url": "https://esco.example/skill/1",
                                           "target_name": "regression"}]}],
    "participation": {"mode": "online", "synchrony": "asynchronous"},
    "languages": ["ja", "en"],
    "effort": {"hours": "25.5", "credits": [{"amount": "1", "system": "ECTS"}]},
    "assessment": {"kinds": ["testing", "project"], "criteria": "Pass the final exam",
                   "supervision": "supervised_online_with_identity_verification"},
    "quality_assurance": [{"kind": "internal", "scope": "programme"},
                          {"kind": "external", "scope": "institution", "body": "NIAD-QE"}],
    "level": {"framework": "EQF", "value": 6},
    "certification": {"kind": "digital_badge"},
    "recognition": {"credits": [{"amount": "1.5", "system": "ECTS"}]},
    "prerequisites": {"description": "High-school mathematics"},
    "stackability": {"integration": "integrated",
                     "towards": [{"name": "MSc Data Science", "pathways": ["modular"]}]},
    "grade": {"value": "A", "scale": "A-F"},
    "further_information": "https://example.ac.jp/ds101",
}

MINIMAL: dict[str, Any] = {
    "learner": {"id": "did:example:learner"},
    "issue_date": "2026-04-01T00:00:00Z",
    "title": "Teamwork",
    "description": "Working in teams.",
}


def _issue(mc: MicroCredential, **kw: Any) -> ob3.OpenBadgeCredential:
    args: dict[str, Any] = {"credential_id": "urn:uuid:7d7b2e5c-0a4e-4c55-b1a3-4f5d8c0e9a11",
                            "issuer": "https://example.ac.jp/issuer"}
    args.update(kw)
    return ob3.from_micro_credential(mc, **args)


def _as_badge(mc: MicroCredential) -> MicroCredential:
    """``mc`` as it reads back from OB 3.0: an OB 3.0 credential is a digital badge, so the
    certification descriptor is that when ``mc`` states none (the one value the mapping adds)."""
    if mc.certification is not None:
        return mc
    return mc.model_copy(update={"certification": microcred.Certification(kind="digital_badge")})


def _wire_roundtrip(cred: ob3.OpenBadgeCredential) -> MicroCredential:
    return ob3.to_micro_credential(ob3.OpenBadgeCredential.from_json(cred.to_json()))


@functools.cache
def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)


def _schema_errors(doc: dict[str, Any]) -> list[Any]:
    return list(_validator().iter_errors(doc))


def _nquads(doc: dict[str, Any]) -> str:
    """RDFC-1.0 N-Quads of ``doc`` in JSON-LD safe mode, with the bundled contexts only."""
    return microcred.jsonld.canonicalize(doc)


# ------------------------------------------------------------------------------------------
# Round trip
# ------------------------------------------------------------------------------------------


def test_full_round_trip_is_lossless() -> None:
    mc = MicroCredential.parse(FULL)
    cred = _issue(mc)
    assert _wire_roundtrip(cred) == _as_badge(mc)
    assert ob3.to_micro_credential(cred.to_jsonld()) == _as_badge(mc)


def test_minimal_uses_only_standard_properties() -> None:
    mc = MicroCredential.parse(MINIMAL)
    cred = _issue(mc)
    doc = cred.to_jsonld()
    assert doc["@context"] == [ob3.VC_V2_CONTEXT, ob3.OB_CONTEXT_V3_0_3]  # no microcred terms
    ach = doc["credentialSubject"]["achievement"]
    assert ach["achievementType"] == "MicroCredential"
    assert ach["name"] == "Teamwork" and ach["description"] == "Working in teams."
    assert ach["id"] == doc["id"] + "#achievement"
    assert doc["validFrom"] == "2026-04-01T00:00:00Z"
    assert _wire_roundtrip(cred) == _as_badge(mc)


def test_standard_properties_carry_what_they_can() -> None:
    mc = MicroCredential.parse(FULL)
    doc = _issue(mc).to_jsonld()
    ach = doc["credentialSubject"]["achievement"]
    assert ach["inLanguage"] == "ja"
    assert ach["creditsAvailable"] == 1.5
    assert ach["criteria"] == {"narrative": "Pass the final exam"}
    level = [a for a in ach["alignment"] if a.get("targetType") == ob3.LEVEL_ALIGNMENT_TYPE]
    assert level == [{"type": ["Alignment"], "targetName": "EQF level 6",
                      # ELM EQF concept URI (frameworks.md §8)
                      "targetUrl": "http://data.europa.eu/snb/eqf/6",
                      "targetCode": "6", "targetFramework": "EQF",
                      "targetType": "ext:QualificationsFrameworkLevel"}]
    assert doc["issuer"]["address"]["addressCountryCode"] == "JP"
    assert doc["issuer"]["name"] == "Example University"
    assert doc["credentialSubject"]["result"] == [{"type": ["Result"], "value": "A"}]
    assert doc["validUntil"] == "2031-04-01T09:00:00+09:00"
    # decimal hours travel exactly, as a string inside the JSON literal
    assert ach["learnerEffort"]["hours"] == "25.5"
    assert doc["credentialSubject"]["learnerIdentification"]["name"] == "山田 花子"


def test_reissue_keeps_original_issue_date_as_awarded_date() -> None:
    mc = MicroCredential.parse(MINIMAL)
    later = datetime(2027, 1, 1, tzinfo=timezone.utc)
    cred = _issue(mc, valid_from=later)
    assert cred.valid_from == "2027-01-01T00:00:00Z"
    assert cred.awarded_date == "2026-04-01T00:00:00Z"
    assert _wire_roundtrip(cred) == _as_badge(mc)


def test_subject_override() -> None:
    mc = MicroCredential.parse(MINIMAL)
    ident = ob3.IdentityObject(hashed=False, identity_hash="a@example.com",
                               identity_type="emailAddress")
    cred = _issue(mc, subject_id="did:example:other", identity=[ident])
    back = _wire_roundtrip(cred)
    assert back.learner is not None
    assert back.learner.id == "did:example:other"
    assert back.learner.identifiers[0].identity_hash == "a@example.com"


def test_non_enum_identity_type_goes_ext() -> None:
    data = copy.deepcopy(MINIMAL)
    data["learner"]["identifiers"] = [{"identity_type": "studentId", "identity_hash": "S1"}]
    mc = MicroCredential.parse(data)
    cred = _issue(mc)
    assert cred.credential_subject.identifier is not None
    assert cred.credential_subject.identifier[0].identity_type == "ext:studentId"
    assert _wire_roundtrip(cred) == _as_badge(mc)


# ------------------------------------------------------------------------------------------
# External truth: JSON Schema and JSON-LD
# ------------------------------------------------------------------------------------------


@needs_ref
@pytest.mark.parametrize("data", [FULL, MINIMAL], ids=["full", "minimal"])
def test_issued_credentials_validate_against_the_ob3_schema(data: dict[str, Any]) -> None:
    doc = _issue(MicroCredential.parse(data)).to_jsonld()
    assert _schema_errors(doc) == []


@needs_ref
def test_microcred_terms_do_not_redefine_context_terms() -> None:
    # A protected-term redefinition would make every verifier reject the credential.
    defined: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            defined.update(node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for path in CONTEXTS.values():
        walk(json.loads(path.read_text(encoding="utf-8")))
    validator_ctx = (REF / "1edtech-digital-credentials-public-validator" / "contexts"
                     / "ob-v3p0-3.0.3.json")
    walk(json.loads(validator_ctx.read_text(encoding="utf-8")))
    assert not set(ob3.MICROCRED_TERMS) & defined


@needs_ref
def test_every_microcred_term_survives_canonicalisation() -> None:
    doc = _issue(MicroCredential.parse(FULL)).to_jsonld()
    nquads = _nquads(doc)
    used = set(doc["credentialSubject"]) | set(doc["credentialSubject"]["achievement"])
    used &= set(ob3.MICROCRED_TERMS)
    assert len(used) >= 14
    for term in used:
        assert f"<{ob3.MICROCRED_VOCAB}{term}>" in nquads, term
    assert "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON" in nquads
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievementType>" in nquads
    assert "MicroCredential" in nquads


def test_without_the_embedded_context_safe_mode_refuses_the_terms() -> None:
    doc = _issue(MicroCredential.parse(FULL)).to_jsonld()
    doc["@context"] = doc["@context"][:2]
    with pytest.raises(microcred.SafeModeError) as info:
        _nquads(doc)
    assert info.value.term in ob3.MICROCRED_TERMS


def test_reissued_credential_with_awarded_date_canonicalises() -> None:
    mc = MicroCredential.parse(MINIMAL)
    doc = _issue(mc, valid_from=datetime(2027, 1, 1, tzinfo=timezone.utc)).to_jsonld()
    nquads = _nquads(doc)
    # OB 3.0.3 maps awardedDate to "xsd:dateTime" without defining the xsd prefix
    # (ob3-vc.md §a, context quirks), so the datatype IRI is literally xsd:dateTime.
    assert ('<https://purl.imsglobal.org/spec/vc/ob/vocab.html#awardedDate> '
            '"2026-04-01T00:00:00Z"^^<xsd:dateTime> .') in nquads


# ------------------------------------------------------------------------------------------
# Reading credentials microcred did not write
# ------------------------------------------------------------------------------------------


@needs_ref
def test_spec_example_reads_as_micro_credential() -> None:
    doc = json.loads((EXAMPLES / "fullOpenBadge.json").read_text(encoding="utf-8"))
    mc = ob3.to_micro_credential(doc)
    assert mc.title is not None and mc.title.text == "1EdTech University Degree"
    assert mc.learner is not None and mc.learner.id == "did:example:ebfeb1f712ebc6f1c276e12ec21"
    assert len(mc.learner.identifiers) == 2
    assert mc.awarding_body is not None and mc.awarding_body.name.text == "1EdTech University"
    assert mc.grade is not None and mc.grade.value == "A"
    assert mc.level is None  # CFItem alignments are not levels
    assert mc.issue_date == datetime(2010, 1, 1, tzinfo=timezone.utc)


@needs_ref
def test_address_country_that_is_not_iso_is_left_out() -> None:
    doc = json.loads((EXAMPLES / "basicOpenBadgeCredential.json").read_text(encoding="utf-8"))
    doc["issuer"]["address"] = {"type": ["Address"], "addressCountryCode": "USA"}
    mc = ob3.to_micro_credential(doc)
    assert mc.awarding_body is not None
    assert mc.awarding_body.name.text == "Example Corp"
    assert mc.awarding_body.country is None  # "USA" is not ISO 3166-1 alpha-2: not guessed


# ------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------


def test_cannot_issue_without_title_learner_or_date() -> None:
    with pytest.raises(microcred.InvalidDataError, match="title"):
        _issue(MicroCredential.parse({k: v for k, v in MINIMAL.items() if k != "title"}))
    with pytest.raises(microcred.InvalidDataError, match="learner"):
        _issue(MicroCredential.parse({k: v for k, v in MINIMAL.items() if k != "learner"}))
    with pytest.raises(microcred.InvalidDataError, match="issue_date"):
        _issue(MicroCredential.parse({k: v for k, v in MINIMAL.items() if k != "issue_date"}))


def test_identity_type_that_ob_cannot_express() -> None:
    data = copy.deepcopy(MINIMAL)
    data["learner"]["identifiers"] = [{"identity_type": "学籍番号", "identity_hash": "S1"}]
    with pytest.raises(microcred.InvalidDataError, match="identity type"):
        _issue(MicroCredential.parse(data))


def test_term_without_embedded_context_is_refused() -> None:
    doc = _issue(MicroCredential.parse(FULL)).to_jsonld()
    doc["@context"] = doc["@context"][:2]
    with pytest.raises(microcred.InvalidDataError) as info:
        ob3.to_micro_credential(doc)
    paths = {e.path for e in info.value.errors}
    assert "credentialSubject.achievement.learnerEffort" in paths
    assert all(e.type == "undefined_term" for e in info.value.errors)


def test_bad_term_value_names_its_path() -> None:
    doc = _issue(MicroCredential.parse(FULL)).to_jsonld()
    doc["credentialSubject"]["achievement"]["learnerEffort"] = {"hours": "-3"}
    with pytest.raises(microcred.InvalidDataError) as info:
        ob3.to_micro_credential(doc)
    assert any(e.path.startswith("credentialSubject.achievement.learnerEffort.hours")
               for e in info.value.errors)


def test_contradicting_terms_are_refused() -> None:
    doc = _issue(MicroCredential.parse(FULL)).to_jsonld()
    doc["credentialSubject"]["achievement"]["name"] = "Something else"
    with pytest.raises(microcred.InvalidDataError, match="contradicts"):
        ob3.to_micro_credential(doc)
    doc = _issue(MicroCredential.parse(FULL)).to_jsonld()
    doc["credentialSubject"]["id"] = "did:example:someone-else"
    with pytest.raises(microcred.InvalidDataError, match="contradicts"):
        ob3.to_micro_credential(doc)


# ------------------------------------------------------------------------------------------
# Property: MicroCredential → OB3 → JSON → OB3 → MicroCredential is lossless
# ------------------------------------------------------------------------------------------


_ISSUABLE = micro_credentials()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(mc=_ISSUABLE, fallback=st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
    timezones=st.just(timezone(timedelta(hours=9)))))
def test_round_trip_property(mc: MicroCredential, fallback: datetime) -> None:
    if mc.title is None or mc.learner is None:
        with pytest.raises(microcred.InvalidDataError):
            _issue(mc, valid_from=fallback)
        return
    if any(not i.identity_type.replace(".", "").replace("-", "").replace("_", "").isalnum()
           or not i.identity_type.isascii() for i in mc.learner.identifiers):
        return  # not expressible as an OB IdentifierTypeEnum / ext: term (tested above)
    start = mc.issue_date or fallback
    if mc.valid_until is not None and mc.valid_until <= start:
        with pytest.raises(microcred.InvalidDataError, match="validUntil"):
            _issue(mc, valid_from=start)
        return
    cred = _issue(mc, valid_from=start)
    if REF.is_dir():
        assert _schema_errors(cred.to_jsonld()) == []
    back = _wire_roundtrip(cred)
    expected = mc if mc.issue_date is not None else mc.model_copy(
        update={"issue_date": fallback})
    assert back == _as_badge(expected)


def test_every_micro_credential_field_is_mapped() -> None:
    # Guard: a descriptor field added to MicroCredential must get a place in the mapping.
    mapped = {field for _node, field in ob3.MICROCRED_TERMS.values()}
    mapped |= {"id", "issue_date", "level", "valid_until"}  # standard OB properties only
    assert mapped == set(MicroCredential.model_fields)


@needs_ref
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=ob3_credential_documents())
def test_generated_ob3_documents_canonicalise_without_dropped_terms(doc: dict[str, Any]) -> None:
    # every property the models emit is defined by the VC v2 / OB 3.0.3 contexts
    nquads = _nquads(doc)
    assert f"<{doc['id']}> <https://www.w3.org/2018/credentials#validFrom>" in nquads


def test_issue_sign_verify_read_back_and_tamper() -> None:
    # End to end with microcred.signing (eddsa-rdfc-2022, did:key): the microcred terms are
    # covered by the signature, so changing one breaks it.
    signing = microcred.signing
    key = signing.Ed25519Key.from_seed(bytes(range(32)))
    mc = MicroCredential.parse(FULL)
    cred = _issue(mc, issuer=key.did)
    signed = signing.sign(cred, key.signer(), created="2026-04-01T00:00:00Z", proof_array=True)
    when = datetime(2026, 5, 1, tzinfo=timezone.utc)
    assert signing.verify(signed, now=when, require_status=False).verified
    assert _schema_errors(signed) == [] if REF.is_dir() else True
    parsed = ob3.OpenBadgeCredential.from_jsonld(signed)
    assert parsed.to_jsonld() == signed
    assert ob3.to_micro_credential(parsed) == _as_badge(mc)
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["learnerEffort"]["hours"] = "2550"
    result = signing.verify(tampered, now=when, require_status=False)
    assert not result.verified
    assert result.codes["proof.0.signature"] == "signature-invalid"


def test_vc11_credential_reads_dates_from_issuance_and_expiration() -> None:
    doc = _issue(MicroCredential.parse(MINIMAL)).to_jsonld()
    doc["@context"] = ["https://www.w3.org/2018/credentials/v1",
                       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"]
    doc["type"] = ["VerifiableCredential", "AchievementCredential"]
    doc["issuanceDate"] = doc.pop("validFrom")
    doc["expirationDate"] = "2030-01-01T00:00:00+09:00"
    mc = ob3.to_micro_credential(doc)
    assert mc.issue_date == datetime(2026, 4, 1, tzinfo=timezone.utc)
    assert mc.valid_until == datetime(2030, 1, 1, tzinfo=timezone(timedelta(hours=9)))


def test_issuer_profile_given_by_the_caller() -> None:
    mc = MicroCredential.parse(FULL)
    profile = ob3.Profile(id="https://jmooc.example/issuer", name="JMOOC",
                          url="https://jmooc.example")
    cred = _issue(mc, issuer=profile)
    doc = cred.to_jsonld()
    assert doc["issuer"] == {"id": "https://jmooc.example/issuer", "type": ["Profile"],
                             "name": "JMOOC", "url": "https://jmooc.example"}
    # the awarding body (a university) differs from the issuing platform: kept in the term
    assert doc["credentialSubject"]["achievement"]["awardingBody"]["name"] == "Example University"
    assert _wire_roundtrip(cred) == _as_badge(mc)


@pytest.mark.parametrize("framework,value,url", [
    ("EQF", 8, "http://data.europa.eu/snb/eqf/8"),  # ELM concept (frameworks.md §8)
    ("AQF", 10, "https://w3id.org/microcred/levels/AQF/10"),
    ("MQF", 1, "https://w3id.org/microcred/levels/MQF/1"),
])
def test_level_alignment(framework: str, value: int, url: str) -> None:
    mc = MicroCredential.parse({**MINIMAL, "level": {"framework": framework, "value": value}})
    cred = _issue(mc)
    alignment = cred.credential_subject.achievement.alignment
    assert alignment is not None and len(alignment) == 1
    assert (alignment[0].target_url, alignment[0].target_code) == (url, str(value))
    assert alignment[0].target_framework == framework
    assert cred.context == [ob3.VC_V2_CONTEXT, ob3.OB_CONTEXT_V3_0_3]  # no microcred term
    assert _wire_roundtrip(cred) == _as_badge(mc)


@needs_ref
def test_pass_through_properties_validate() -> None:
    mc = MicroCredential.parse(MINIMAL)
    cred = _issue(
        mc, name="Teamwork (2026)",
        image=ob3.Image(id="https://example.ac.jp/cred.png"),
        achievement_image=ob3.Image(id="data:image/png;base64,iVBORw0KGgo=", caption="badge"),
        evidence=[ob3.Evidence(id="https://example.ac.jp/evidence/1", name="Report")],
        credential_status=ob3.CredentialStatus(
            id="https://example.ac.jp/status/1#94567", type="BitstringStatusListEntry"),
        credential_schema=[ob3.CredentialSchema(
            id="https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
               "ob_v3p0_achievementcredential_schema.json",
            type="1EdTechJsonSchemaValidator2019")])
    doc = cred.to_jsonld()
    assert doc["name"] == "Teamwork (2026)"
    assert doc["credentialSubject"]["achievement"]["image"]["type"] == "Image"
    assert doc["evidence"] == [{"type": ["Evidence"], "id": "https://example.ac.jp/evidence/1",
                                "name": "Report"}]
    assert _schema_errors(doc) == []
    assert _wire_roundtrip(cred) == _as_badge(mc)


def test_microcred_terms_are_protected() -> None:
    doc = _issue(MicroCredential.parse(FULL)).to_jsonld()
    doc["@context"].append({"assessment": "https://attacker.example/assessment"})
    with pytest.raises(microcred.JsonLdError, match="protected term"):
        _nquads(doc)


# ------------------------------------------------------------------------------------------
# Several levels, several awarding bodies (issue 16)
# ------------------------------------------------------------------------------------------

MULTI: dict[str, Any] = {
    **FULL,
    "awarding_body": {"name": "Example University", "country": "JP",
                      "co_awarding_bodies": [{"name": "Universiti Contoh", "country": "MY"},
                                             {"name": "Exempel Universitet", "country": "SE"}]},
    "level": {"framework": "EQF", "value": 6,
              "other_levels": [{"framework": "MQF", "value": 6},
                               {"framework": "NZQF", "value": 7}]},
}


def _level_alignments(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(a["targetFramework"], a["targetCode"], a["targetUrl"])
            for a in doc["credentialSubject"]["achievement"]["alignment"]
            if a.get("targetType") == ob3.LEVEL_ALIGNMENT_TYPE]


def test_every_level_is_an_alignment_and_the_term_fixes_the_main_one() -> None:
    mc = MicroCredential.parse(MULTI)
    doc = _issue(mc).to_jsonld()
    assert _level_alignments(doc) == [
        ("EQF", "6", "http://data.europa.eu/snb/eqf/6"),
        ("MQF", "6", "https://w3id.org/microcred/levels/MQF/6"),
        ("NZQF", "7", "https://w3id.org/microcred/levels/NZQF/7")]
    ach = doc["credentialSubject"]["achievement"]
    assert ach["qualificationLevel"] == MULTI["level"]
    assert [b["country"] for b in ach["awardingBody"]["co_awarding_bodies"]] == ["MY", "SE"]
    back = ob3.to_micro_credential(doc)
    assert back == _as_badge(mc)
    assert back.countries() == ("JP", "MY", "SE")
    assert [lv.framework.value for lv in back.all_levels()] == ["EQF", "MQF", "NZQF"]
    # the level term is a JSON literal under the microcred vocabulary, so it is signed
    assert f"<{ob3.MICROCRED_VOCAB}qualificationLevel>" in _nquads(doc)


def test_alignment_order_does_not_decide_the_main_level() -> None:
    # alignments are a set once signed (RDF): reordering them keeps the signature, so the main
    # level must come from the signed term, not from the first alignment
    doc = _issue(MicroCredential.parse(MULTI)).to_jsonld()
    ach = doc["credentialSubject"]["achievement"]
    reordered = copy.deepcopy(doc)
    reordered["credentialSubject"]["achievement"]["alignment"] = ach["alignment"][::-1]
    assert _nquads(reordered) == _nquads(doc)
    back = ob3.to_micro_credential(reordered)
    assert back.level is not None and back.level.framework.value == "EQF"
    # without the term (a credential from another issuer): document order, first is main
    del reordered["credentialSubject"]["achievement"]["qualificationLevel"]
    lone = ob3.to_micro_credential(reordered)
    assert lone.level is not None
    assert [lv.framework.value for lv in lone.all_levels()] == ["NZQF", "MQF", "EQF"]


def test_level_term_contradicting_the_alignments_is_refused() -> None:
    doc = _issue(MicroCredential.parse(MULTI)).to_jsonld()
    doc["credentialSubject"]["achievement"]["qualificationLevel"]["other_levels"][1]["value"] = 8
    with pytest.raises(microcred.InvalidDataError) as info:
        ob3.to_micro_credential(doc)
    assert [(e.path, e.type) for e in info.value.errors] == [
        ("credentialSubject.achievement.qualificationLevel", "contradiction")]


def test_single_level_needs_no_term() -> None:
    mc = MicroCredential.parse({**MINIMAL, "level": {"framework": "MQF", "value": 4}})
    doc = _issue(mc).to_jsonld()
    assert doc["@context"] == [ob3.VC_V2_CONTEXT, ob3.OB_CONTEXT_V3_0_3]
    assert ob3.to_micro_credential(doc) == _as_badge(mc)


def test_context_before_the_level_term_is_still_pinned() -> None:
    # credentials issued by 0.2.0 embed the context without qualificationLevel: still known
    from microcred.jsonld._loader import BUILTIN_INLINE_CONTEXTS, context_digest

    before = {k: v for k, v in ob3.MICROCRED_CONTEXT.items() if k != "qualificationLevel"}
    assert context_digest(before) in BUILTIN_INLINE_CONTEXTS
    assert context_digest(dict(ob3.MICROCRED_CONTEXT)) in BUILTIN_INLINE_CONTEXTS


def _docs_joint_credential() -> MicroCredential:
    """The credential of docs/concepts.md that conforms to every built-in profile (executed
    from the page itself, so the test and the docs cannot drift apart)."""
    import doctest
    from pathlib import Path

    page = Path(__file__).resolve().parent.parent / "docs" / "concepts.md"
    examples = doctest.DocTestParser().get_examples(page.read_text(encoding="utf-8"))
    source = next(e.source for e in examples if e.source.startswith("joint = "))
    namespace: dict[str, Any] = {"MicroCredential": MicroCredential}
    exec(source, namespace)  # the project's own documentation page
    joint = namespace["joint"]
    assert isinstance(joint, MicroCredential)
    return joint


def test_credential_for_every_profile_still_conforms_after_issue_sign_verify_read() -> None:
    from microcred import profiles

    joint = _docs_joint_credential()
    assert len(joint.all_levels()) > 1 and len(joint.all_awarding_bodies()) > 1
    before = {p.key: profiles.check(joint, p).status for p in profiles.BUILTIN}
    assert set(before.values()) == {profiles.Status.CONFORMS}
    key = microcred.signing.Ed25519Key.from_seed(bytes(range(32)))
    cred = _issue(joint, issuer=key.did)
    signed = microcred.signing.sign(cred, key.signer(), created="2025-03-31T03:00:00Z")
    result = microcred.signing.verify(signed, now=datetime(2025, 4, 1, tzinfo=timezone.utc),
                                      require_status=False)
    assert result.verified, result.summary()
    back = ob3.to_micro_credential(ob3.OpenBadgeCredential.from_jsonld(signed))
    assert back == joint
    after = {p.key: profiles.check(back, p).status for p in profiles.BUILTIN}
    assert after == before


# ------------------------------------------------------------------------------------------
# Certification and assessment criteria of OB 3.0 badges (1EdTech examples)
# ------------------------------------------------------------------------------------------


@needs_ref
@pytest.mark.parametrize("name,narrative", [
    ("basicOpenBadgeCredential.json", "Team members are nominated for this badge by their peers "
     "and recognized upon review by Example Corp management."),
    ("fullOpenBadge.json", r"# Degree Requirements\nStudents must complete..."),  # sic
    ("achievementAlignmentCase.json", "Cite strong and thorough textual evidence to support "
     "analysis of what the text says explicitly as well as inferences drawn from the text, "
     "including determining where the text leaves matters uncertain"),
])
def test_spec_examples_read_certification_and_assessment_criteria(name: str,
                                                                  narrative: str) -> None:
    doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    mc = ob3.to_micro_credential(doc)
    assert mc.certification == microcred.Certification(kind="digital_badge")
    assert mc.assessment is not None
    assert mc.assessment.criteria is not None and mc.assessment.criteria.text == narrative
    assert [k.value for k in mc.assessment.kinds] == ["other"]  # OB names no type
    assert mc.quality_assurance == []  # OB 3.0 has no quality-assurance property


def test_narrative_repeating_the_description_or_name_is_not_assessment() -> None:
    doc = _issue(MicroCredential.parse(MINIMAL)).to_jsonld()
    ach = doc["credentialSubject"]["achievement"]
    assert ach["criteria"] == {"narrative": "Working in teams."}  # microcred's fallback
    assert ob3.to_micro_credential(doc).assessment is None
    ach["criteria"] = {"narrative": "Teamwork"}
    assert ob3.to_micro_credential(doc).assessment is None
    ach["criteria"] = {"id": "https://example.org/criteria"}
    assert ob3.to_micro_credential(doc).assessment is None
    ach["criteria"] = {"narrative": "Peer-reviewed group project."}
    read = ob3.to_micro_credential(doc).assessment
    assert read is not None and read.criteria is not None
    assert read.criteria.text == "Peer-reviewed group project."


def test_certification_and_criteria_terms_win_over_the_defaults() -> None:
    # a 履修証明書 described on a badge, and an assessment with its own kinds
    mc = MicroCredential.parse({**MINIMAL, "certification": {"kind": "paper_certificate"},
                                "assessment": {"kinds": ["testing"], "criteria": "Exam"}})
    doc = _issue(mc).to_jsonld()
    ach = doc["credentialSubject"]["achievement"]
    assert ach["criteria"] == {"narrative": "Exam"}
    assert ach["certification"] == {"kind": "paper_certificate"}
    assert ach["assessment"] == {"kinds": ["testing"], "criteria": "Exam"}
    assert ob3.to_micro_credential(doc) == mc
    # criteria alone with kind 'other' is what the standard property says: no term needed
    plain = MicroCredential.parse({**MINIMAL, "certification": {"kind": "digital_badge"},
                                   "assessment": {"kinds": ["other"], "criteria": "Exam"}})
    plain_doc = _issue(plain).to_jsonld()
    assert plain_doc["@context"] == [ob3.VC_V2_CONTEXT, ob3.OB_CONTEXT_V3_0_3]
    assert ob3.to_micro_credential(plain_doc) == plain
