"""Endorsements: build, secure (DI and JWT), attach, and verify recursively with a depth bound."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Any

import pytest

import microcred as mc
from _vectors import REFERENCE

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
REF = REFERENCE / \
    "1edtech-openbadges-specification" / "examples" / "endorsement.json"

ENDORSER = mc.Ed25519Key.from_seed(bytes([7]) * 32)
META = mc.Ed25519Key.from_seed(bytes([8]) * 32)   # endorses the endorser
ISSUER = mc.Ed25519Key.from_seed(bytes([9]) * 32)


def badge() -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:badge-1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Data literacy",
        "issuer": {"id": ISSUER.did, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.edu/achievements/data-literacy",
                            "type": ["Achievement"], "name": "Data literacy",
                            "criteria": {"narrative": "Pass the assessment"}}},
    }


def endorsement_of(target: str, key: mc.Ed25519Key, n: int = 1) -> dict[str, Any]:
    return mc.endorsement_credential(id=f"urn:uuid:endorsement-{n}", issuer=key.did,
                                     endorsed_id=target, name="Quality assured / 質保証済み",
                                     valid_from="2024-01-01T00:00:00Z",
                                     comment="Meets the agency's standards")


def test_builder_matches_the_spec_example() -> None:
    if not REF.exists():
        pytest.skip(f"reference data absent: {REF}")
    example = json.loads(REF.read_text(encoding="utf-8"))
    built = mc.endorsement_credential(
        id=example["id"], issuer=example["issuer"], name=example["name"],
        endorsed_id=example["credentialSubject"]["id"], valid_from=example["validFrom"],
        valid_until=example["validUntil"],
        comment=example["credentialSubject"]["endorsementComment"])
    for key in ("id", "type", "name", "issuer", "validFrom", "validUntil", "credentialSubject"):
        assert built[key] == example[key], key
    assert built["@context"] == example["@context"][:2]


def test_builder_refuses_bad_input() -> None:
    with pytest.raises(mc.InvalidDataError):
        mc.endorsement_credential(id="", issuer="did:x", endorsed_id="x", name="n",
                                  valid_from="2024-01-01T00:00:00Z")
    with pytest.raises(mc.InvalidDataError):
        mc.endorsement_credential(id="urn:x", issuer={"name": "no id"}, endorsed_id="x",
                                  name="n", valid_from="2024-01-01T00:00:00Z")
    with pytest.raises(mc.InvalidDataError):
        mc.issue_endorsement(badge(), ENDORSER.signer(), format="jwt")  # not an endorsement
    with pytest.raises(mc.InvalidDataError):
        mc.issue_endorsement(endorsement_of("x", ENDORSER), ENDORSER.signer(), format="pdf")


def test_jwt_endorsement_round_trip() -> None:
    token = mc.issue_endorsement(endorsement_of("https://example.edu/x", ENDORSER),
                                 ENDORSER.signer(), format="jwt")
    assert isinstance(token, str)
    ok = mc.verify_endorsement(token, endorsed_id="https://example.edu/x", now=NOW)
    assert ok.verified, ok.as_dict()
    wrong = mc.verify_endorsement(token, endorsed_id="https://example.edu/y", now=NOW)
    assert {c.id: c.code for c in wrong.failures} == {
        "endorsement.target": "endorses-something-else"}


def test_di_endorsement_signature_and_shape() -> None:
    signed = mc.issue_endorsement(endorsement_of("https://example.edu/x", ENDORSER),
                                  ENDORSER.signer(), format="di", cryptosuite="eddsa-jcs-2022",
                                  created="2024-02-01T00:00:00Z")
    assert isinstance(signed, dict) and "proof" in signed
    result = mc.verify_endorsement(signed, endorsed_id="https://example.edu/x", now=NOW)
    assert result.codes["proof.0.signature"] == "signature-valid"
    assert result.codes["endorsement.shape"] == "endorsement-credential"
    assert result.codes["endorsement.target"] == "endorses-carrier"
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["endorsementComment"] = "Does not meet the standards"
    bad = mc.verify_endorsement(tampered, endorsed_id="https://example.edu/x", now=NOW)
    assert not bad.verified and bad.codes["proof.0.signature"] != "signature-valid"


def test_attach_places_and_checks_the_target() -> None:
    doc = badge()
    achievement_id = doc["credentialSubject"]["achievement"]["id"]
    jwt = mc.issue_endorsement(endorsement_of(achievement_id, ENDORSER), ENDORSER.signer(),
                               format="jwt")
    assert isinstance(jwt, str)
    out = mc.attach_endorsement(doc, jwt, to="achievement")
    assert out["credentialSubject"]["achievement"]["endorsementJwt"] == [jwt]
    assert "endorsementJwt" not in doc["credentialSubject"]["achievement"]  # copy, not mutated
    with pytest.raises(mc.InvalidDataError, match="about"):
        mc.attach_endorsement(doc, jwt, to="issuer")
    with pytest.raises(mc.InvalidDataError):
        mc.attach_endorsement({**doc, "issuer": ISSUER.did}, jwt, to="issuer")
    with pytest.raises(mc.InvalidDataError):
        mc.attach_endorsement(doc, jwt, to="subject")


def _nested_badge() -> dict[str, Any]:
    """A badge whose issuer is endorsed by ENDORSER, whose profile is endorsed by META."""
    endorser_profile = {"id": ENDORSER.did, "type": ["Profile"], "name": "QA agency"}
    meta = mc.issue_endorsement(endorsement_of(ENDORSER.did, META, 2), META.signer(),
                                format="jwt")
    assert isinstance(meta, str)
    endorser_profile["endorsementJwt"] = [meta]
    inner = endorsement_of(ISSUER.did, ENDORSER, 1)
    inner["issuer"] = endorser_profile
    jwt = mc.issue_endorsement(inner, ENDORSER.signer(), format="jwt")
    assert isinstance(jwt, str)
    return mc.attach_endorsement(badge(), jwt, to="issuer")


def test_recursive_verification_with_depth_bound() -> None:
    doc = _nested_badge()
    report = mc.verify_endorsements(doc, now=NOW)
    assert [(f.path, f.depth) for f in report.findings] == [
        ("issuer.endorsementJwt[0]", 1),
        ("issuer.endorsementJwt[0].issuer.endorsementJwt[0]", 2)]
    assert report.verified, [f.result.as_dict() for f in report.findings if f.result]
    assert report.findings[1].endorsed_id == ENDORSER.did
    shallow = mc.verify_endorsements(doc, now=NOW, max_depth=1)
    assert not shallow.verified and len(shallow.unchecked) == 1
    assert "未確認 1 件" in shallow.summary()[1]
    assert len(mc.verify_endorsements(badge(), now=NOW)) == 0


def test_misplaced_endorsement_fails_target_check() -> None:
    doc = badge()
    jwt = mc.issue_endorsement(endorsement_of("https://somewhere.else/", ENDORSER),
                               ENDORSER.signer(), format="jwt")
    doc["issuer"]["endorsementJwt"] = [jwt]  # pasted in without attach_endorsement's check
    report = mc.verify_endorsements(doc, now=NOW)
    assert not report.verified
    result = report.findings[0].result
    assert result is not None and result.codes["endorsement.target"] == "endorses-something-else"


def test_expired_or_forged_endorsement_fails() -> None:
    expired = endorsement_of(ISSUER.did, ENDORSER)
    expired["validUntil"] = "2024-06-01T00:00:00Z"
    jwt = mc.issue_endorsement(expired, ENDORSER.signer(), format="jwt")
    assert isinstance(jwt, str)
    doc = mc.attach_endorsement(badge(), jwt, to="issuer")
    result = mc.verify_endorsements(doc, now=NOW).findings[0].result
    assert result is not None and result.codes["validity"] == "expired"
    # signed by someone who is not the endorsement's issuer
    forged = endorsement_of(ISSUER.did, ENDORSER)
    jwt = mc.issue_endorsement(forged, META.signer(), format="jwt")
    doc = mc.attach_endorsement(badge(), jwt, to="issuer")
    result = mc.verify_endorsements(doc, now=NOW).findings[0].result
    assert result is not None and not result.verified
    assert result.codes["jwt.issuer-binding"] == "controller-not-issuer"


def test_endorsements_inside_a_vc_jwt_are_verified() -> None:
    doc = _nested_badge()
    token = mc.issue_vc_jwt(doc, ISSUER.signer())
    result = mc.verify_vc_jwt(token, now=NOW)
    assert result.verified and result.codes["endorsements"] == "ok"
    # results form a tree: the endorsement, and the endorsement of its issuer inside it
    assert len(result.endorsements) == 1 and len(result.endorsements[0].endorsements) == 1
    shallow = mc.verify_vc_jwt(token, now=NOW, max_endorsement_depth=1)
    assert shallow.codes["endorsements"] == "too-deep" and not shallow.verified
    aside = mc.verify_vc_jwt(token, now=NOW, verify_endorsements=False)
    assert aside.verified and aside.codes["endorsements"] == "not-checked"  # (a skip)


@pytest.mark.parametrize("junk", ["junk", "a.b.c", {}, {"endorsement": [1, None, "x.y.z"]},
                                  {"issuer": {"endorsementJwt": "not-a-jwt"}}])
def test_endorsement_verification_never_raises(junk: Any) -> None:
    if isinstance(junk, dict):
        report = mc.verify_endorsements(junk, now=NOW)
        assert report.verified is (not report.findings)
    else:
        assert not mc.verify_endorsement(junk, now=NOW).verified
