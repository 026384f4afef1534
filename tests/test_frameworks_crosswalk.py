"""Crosswalks: ELM v3 (Europass Digital Credentials) both ways, CTDL descriptions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from microcred import InvalidDataError, MicroCredential, crosswalk
from microcred.testing import micro_credentials

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Every field here has a place in ELM, so the round trip is exact.
MAPPED: dict[str, Any] = {
    "id": "urn:example:mc:1",
    "learner": {"id": "did:example:learner-1", "name": "Ana Andromeda"},
    "issue_date": "2025-01-15T09:00:00+01:00",
    "valid_until": "2030-01-15T09:00:00+01:00",
    "title": {"text": "Digital micro-credential creation", "lang": "en",
              "translations": {"es": "Creación de microcredenciales digitales"}},
    "awarding_body": {"name": {"text": "University of Zed", "lang": "en"}, "country": "IE",
                      "url": "https://uniz.edu",
                      "co_awarding_bodies": [{"name": "Universität Beispiel", "country": "DE"}]},
    "description": "Designing and issuing an ELM credential.",
    "learning_outcomes": [{"statement": {"text": "Develop digital content", "lang": "en"},
                           "alignments": [{"target_url": "http://data.europa.eu/esco/skill/"
                                                         "5fd5c985-eaaa-47aa-8314-62359c54505a",
                                           "target_name": "develop digital content"}]}],
    "participation": {"mode": "blended"},
    "languages": ["en"],
    "effort": {"hours": "60", "credits": [{"amount": "2", "system": "ECTS"}]},
    "assessment": {"kinds": ["other"], "criteria": "Submission of a compliant credential.",
                   "supervision": "unsupervised_no_identity_verification"},
    "quality_assurance": [{"kind": "external", "scope": "programme",
                           "body": "National QA agency", "reference": "https://qa.example"}],
    "level": {"framework": "EQF", "value": 6},
    "prerequisites": {"description": "An EU Login account."},
    "grade": {"value": "Pass"},
    "further_information": "Issued in the EDC pilot.",
}


def test_elm_round_trip_is_exact_where_the_models_overlap() -> None:
    mc = MicroCredential.parse(MAPPED)
    out = crosswalk.to_elm(mc)
    # kinds of assessment and the scope of QA are the only values ELM cannot hold here
    assert [u.path for u in out.unmapped] == ["assessment.kinds", "quality_assurance.0.scope"]
    doc = out.document
    assert doc["type"] == ["VerifiableCredential", "EuropeanDigitalCredential"]
    spec = doc["credentialSubject"]["hasClaim"]["specifiedBy"]
    assert spec["eqfLevel"]["id"] == "http://data.europa.eu/snb/eqf/6"  # ELM eqf/1..8
    assert spec["volumeOfLearning"] == "PT60H"
    assert spec["creditPoint"][0]["framework"]["id"].endswith("/education-credit/6fcec5c5af")
    bodies = doc["credentialSubject"]["hasClaim"]["awardedBy"]["awardingBody"]
    assert [b["location"]["address"]["countryCode"]["id"].rsplit("/", 1)[1]
            for b in bodies] == ["IRL", "DEU"]
    back = crosswalk.from_elm(json.loads(json.dumps(doc)))
    assert back.credential == mc
    assert [u.path for u in back.unmapped] == ["assessment.kinds",
                                               "specifiedBy.accreditation"]


def test_what_does_not_map_is_reported() -> None:
    data = dict(MAPPED)
    data.update({
        "effort": {"hours": "60", "contact_hours": "20",
                   "credits": [{"amount": "1.5", "system": "MY_CREDIT"}]},
        "quality_assurance": [{"kind": "internal", "scope": "programme"}],
        "level": {"framework": "MQF", "value": 6,
                  "other_levels": [{"framework": "EQF", "value": 6}]},
        "participation": {"mode": "in_person"},
        "languages": ["en-GB", "ja"],
        "certification": {"kind": "digital_badge"},
        "stackability": {"integration": "stand_alone"},
    })
    out = crosswalk.to_elm(MicroCredential.parse(data))
    paths = {u.path for u in out.unmapped}
    assert {"effort.contact_hours", "effort.credits.0", "quality_assurance.0", "level",
            "participation", "languages.0", "certification", "stackability"} <= paths
    spec = out.document["credentialSubject"]["hasClaim"]["specifiedBy"]
    assert spec["eqfLevel"]["id"].endswith("/eqf/6")  # the EQF level among several
    assert [c["id"].rsplit("/", 1)[1] for c in spec["language"]] == ["JPN"]
    assert all(u.reason for u in out.unmapped) and str(out.unmapped[0])


@SETTINGS
@given(micro_credentials())
def test_elm_is_a_fixed_point_after_one_round(mc: MicroCredential) -> None:
    """Whatever is written to ELM is read back exactly: ELM → model → ELM changes nothing."""
    first = crosswalk.to_elm(mc)
    back = crosswalk.from_elm(json.loads(json.dumps(first.document)))
    assert back.credential is not None
    again = crosswalk.to_elm(back.credential)
    assert again.document == first.document
    # and the values that did map are the original ones
    c = back.credential
    assert c.id == mc.id and c.issue_date == mc.issue_date and c.title == mc.title
    assert c.description == mc.description and c.valid_until == mc.valid_until
    if mc.effort is not None and mc.effort.hours is not None:
        assert c.effort is not None and c.effort.hours == mc.effort.hours


def test_from_elm_refuses_what_is_not_a_credential() -> None:
    with pytest.raises(InvalidDataError):
        crosswalk.from_elm([])  # type: ignore[arg-type]
    bad_level = {"credentialSubject": {"hasClaim": {"specifiedBy": {
        "eqfLevel": {"id": "http://data.europa.eu/snb/eqf/9"}}}}}
    with pytest.raises(InvalidDataError):
        crosswalk.from_elm(bad_level)
    odd = {"credentialSubject": {"hasClaim": {"specifiedBy": {
        "volumeOfLearning": "P1M", "creditPoint": [{"framework": {"id": "urn:x"},
                                                    "point": "2"}]}}}}
    got = crosswalk.from_elm(odd)
    assert got.credential == MicroCredential()
    assert {u.path for u in got.unmapped} == {"specifiedBy.volumeOfLearning",
                                              "specifiedBy.creditPoint"}
    with pytest.raises(TypeError):
        crosswalk.to_elm({"title": "x"})  # type: ignore[arg-type]


def test_ctdl_description() -> None:
    mc = MicroCredential.parse(MAPPED)
    out = crosswalk.to_ctdl(mc)
    doc = out.document
    assert doc["@type"] == "ceterms:MicroCredential"
    assert doc["ceterms:name"]["es"].startswith("Creación")
    assert [o["ceterms:name"] for o in doc["ceterms:ownedBy"]] == [
        {"en": "University of Zed"}, {"und": "Universität Beispiel"}]
    assert doc["ceterms:creditValue"][0]["ceterms:value"] == 2.0
    assert doc["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "PT60H"
    assert {"learning_outcomes", "level", "assessment"} <= {u.path for u in out.unmapped}
    assert "not checked" in crosswalk.CTDL_STATUS
