"""verify(): the structured result, each failure mode with its code, and robustness."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc

NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
KEY = mc.Ed25519Key.from_seed(bytes(range(32)))
OTHER = mc.Ed25519Key.from_seed(bytes(range(1, 33)))
ISSUER = "https://example.edu/issuers/565049"
VM = f"{ISSUER}#key-1"
RESOLVER = mc.StaticKeyResolver({VM: KEY.public_key_multibase})
CREATED = "2024-04-01T00:00:00Z"


def credential(**extra: Any) -> dict[str, Any]:
    cred: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:0b0c6d2e-52a4-4b8e-a7c6-1f2f5e1d9a01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": ISSUER, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-04-01T00:00:00Z",
        "name": "Data Literacy",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.edu/achievements/data",
                            "type": ["Achievement"], "name": "Data Literacy",
                            "description": "Reads charts.",
                            "criteria": {"narrative": "Passed the assessment."}},
        },
    }
    cred.update(extra)
    return cred


def signed(cred: dict[str, Any] | None = None, signer: Any = None, **kw: Any) -> dict[str, Any]:
    return mc.sign(cred or credential(), signer or KEY.signer(VM), created=CREATED, **kw)


def codes(doc: Any, **kw: Any) -> dict[str, str]:
    kw.setdefault("resolver", RESOLVER)
    kw.setdefault("now", NOW)
    return mc.verify(doc, **kw).codes


def test_result_shape() -> None:
    result = mc.verify(signed(), resolver=RESOLVER, now=NOW)
    assert result.verified and bool(result)
    ids = [c.id for c in result.checks]
    # the pipeline's stages, in order (microcred._verify.pipeline)
    assert ids[:5] == ["input", "data-model", "contexts", "safe-mode", "proofs"]
    assert ids[5:11] == [f"proof.0.{s}" for s in ("suite", "shape", "purpose", "created",
                                                  "verification-method", "signature")]
    assert ids[11:] == ["proof-set", "issuer-binding", "validity", "status"]
    for c in result.checks:
        assert isinstance(c.outcome, mc.Outcome) and c.code and c.message and c.message_ja
    assert result.check("status").outcome is mc.Outcome.SKIPPED  # no credentialStatus
    assert json.loads(json.dumps(result.as_dict()))["verified"] is True
    result.raise_for_failure()
    assert result.summary()[0].startswith("verified (")
    bad = mc.verify(signed(), now=NOW)
    assert bad.summary() == (
        "not verified: proof.0.verification-method (unknown-verification-method), "
        "proof-set (no-valid-proof)",
        "検証失敗: proof.0.verification-method (unknown-verification-method), "
        "proof-set (no-valid-proof)")
    with pytest.raises(mc.VerificationError, match="unknown-verification-method"):
        bad.raise_for_failure()


def test_json_text_and_bytes_input() -> None:
    text = json.dumps(signed())
    assert mc.verify(text, resolver=RESOLVER, now=NOW).verified
    assert mc.verify(text.encode(), resolver=RESOLVER, now=NOW).verified


@pytest.mark.parametrize(
    ("doc", "code"),
    [
        ("{not json", "invalid-json"),
        ('{"a": NaN}', "invalid-json"),
        ('{"a": 1, "a": 2}', "invalid-json"),   # duplicate keys
        (b"\xff\xfe", "invalid-json"),
        ("[1, 2]", "not-an-object"),
        (42, "not-an-object"),
        (None, "not-an-object"),
    ],
)
def test_bad_input(doc: Any, code: str) -> None:
    result = mc.verify(doc, now=NOW)
    assert not result.verified
    assert result.codes["input"] == code


def test_huge_document_is_refused_before_parsing() -> None:
    text = json.dumps(credential(description="x" * 2000))
    result = mc.verify(text, now=NOW, max_bytes=1000)
    assert result.codes == {"input": "too-large"}
    # the bound is on UTF-8 bytes: 400 three-byte characters are 1200 bytes
    text = json.dumps(credential(description="語" * 400), ensure_ascii=False)
    assert len(text) < 1400 < len(text.encode())
    assert mc.verify(text, now=NOW, max_bytes=1400).codes == {"input": "too-large"}


def test_huge_or_pathological_documents_hit_canonicalisation_limits() -> None:
    doc = signed()
    small = mc.jsonld.Limits(max_quads=10)
    c = codes(doc, limits=small)
    assert c["safe-mode"] == "canonicalization-limit"
    assert c["proof.0.signature"] == "not-checked"  # (not redone after safe mode failed)
    with pytest.raises(mc.CanonicalizationLimitError):
        mc.sign(credential(), KEY.signer(VM), limits=small)
    # thirty indistinguishable blank nodes still canonicalise within the default limits
    poison = credential()
    poison["credentialSubject"]["achievement"]["alignment"] = [
        {"type": ["Alignment"], "targetName": "x", "targetUrl": "https://x.example/"}
        for _ in range(30)]
    doc = signed(poison)
    assert mc.verify(doc, resolver=RESOLVER, now=NOW).verified
    deep: dict[str, Any] = {"x": 1}
    for _ in range(300):
        deep = {"a": deep}
    assert codes(credential(credentialSubject=deep))["input"] == "invalid-json"


def test_vc_jwt_is_dispatched() -> None:
    token = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"
    result = mc.verify(token, now=NOW)
    assert not result.verified
    assert result.checks  # either the VC-JWT verifier's checks or "unsupported-format"
    issue = getattr(mc, "issue_vc_jwt", None)
    if issue is None:
        return
    jwt = issue(credential(), KEY.signer(VM))
    result = mc.verify(jwt, resolver=RESOLVER, now=NOW, require_status=False)
    ids = [c.id for c in result.checks]
    assert any(i.startswith("jwt.") for i in ids)
    # microcred's data-model checks run on the payload too
    assert {"data-model", "contexts", "safe-mode"} <= set(ids), ids


def test_missing_members() -> None:
    doc = signed()
    del doc["issuer"]
    c = codes(doc)
    assert c["data-model"] == "issuer-missing"  # (the VC rule, in one place)
    assert c["issuer-binding"] == "missing-issuer"
    doc = credential()
    assert codes(doc)["proofs"] == "no-proof"


def test_contexts() -> None:
    doc = signed()
    doc["@context"] = list(reversed(doc["@context"]))
    assert codes(doc)["contexts"] == "first-context-not-vc"
    doc = signed()
    doc["@context"] = doc["@context"][:1]
    assert codes(doc)["contexts"] == "missing-ob-context"
    doc = signed()
    doc["@context"].append("https://evil.example/context.json")
    c = codes(doc)
    assert c["contexts"] == "unknown-context"
    assert c["safe-mode"] == "not-checked"  # no JSON-LD processing of unknown contexts


def test_types() -> None:
    doc = signed()
    doc["type"] = ["OpenBadgeCredential"]
    assert codes(doc)["data-model"] == "missing-vc-type"


def test_safe_mode_violation_is_reported() -> None:
    doc = signed()
    doc["credentialSubject"]["favouriteColour"] = "blue"
    c = codes(doc)
    assert c["safe-mode"] == "safe-mode-violation"


def test_unknown_verification_method() -> None:
    assert codes(signed(), resolver=mc.DidKeyResolver())["proof.0.verification-method"] == (
        "unknown-verification-method")


def test_malformed_did_key() -> None:
    doc = signed(signer=FakeSigner("did:key:z6MkO0lNotBase58#z6MkO0lNotBase58"))
    c = codes(doc, resolver=mc.DidKeyResolver())
    assert c["proof.0.verification-method"] == "invalid-public-key"
    assert c["proof.0.signature"] == "not-checked"
    doc = signed(signer=FakeSigner("did:key:zTjsVPtY#zTjsVPtY"))
    result = mc.verify(doc, now=NOW)
    check = result.check("proof.0.verification-method")
    assert check is not None and check.details["did_key_error"] == "invalidPublicKeyLength"


class FakeSigner:
    def __init__(self, vm: str) -> None:
        self.verification_method = vm
        self.algorithm = "Ed25519"

    def sign(self, data: bytes) -> bytes:
        return KEY.sign(data)


def test_ed25519_key_from_a_jwk_set_verifies() -> None:
    jwks = {"keys": [{**KEY.public_jwk, "kid": "key-1"}]}
    r = mc.StaticKeyResolver.from_jwks(jwks, controller=ISSUER)
    result = mc.verify(signed(), resolver=r, now=NOW)
    assert result.verified, result.as_dict()


def test_wrong_key_type() -> None:
    rsa = mc.StaticKeyResolver({VM: {"kty": "RSA", "n": "AQAB", "e": "AQAB"}})
    assert codes(signed(), resolver=rsa)["proof.0.verification-method"] == "wrong-key-type"


def test_key_not_authorised_for_assertion() -> None:
    doc = {"id": ISSUER, "verificationMethod": [
        {"id": "#key-1", "type": "Multikey", "controller": ISSUER,
         "publicKeyMultibase": KEY.public_key_multibase}], "authentication": ["#key-1"]}
    r = mc.StaticKeyResolver.from_controller_document(doc)
    assert codes(signed(), resolver=r)["proof.0.verification-method"] == (
        "verification-relationship")


def test_wrong_proof_purpose() -> None:
    c = codes(signed(proof_purpose="authentication"))
    assert c["proof.0.purpose"] == "wrong-proof-purpose"
    assert codes(signed(proof_purpose="authentication"),
                 proof_purpose="authentication")["proof.0.purpose"] == "ok"


def test_expected_domain_and_challenge() -> None:
    doc = signed(domain="https://verifier.example", challenge="c-123")
    assert codes(doc, domain="https://verifier.example", challenge="c-123")[
        "proof.0.purpose"] == "ok"
    assert codes(doc, domain="https://other.example")["proof.0.purpose"] == "domain-mismatch"
    assert codes(doc, challenge="c-999")["proof.0.purpose"] == "challenge-mismatch"
    assert codes(signed(), challenge="c-123")["proof.0.purpose"] == "challenge-mismatch"


def test_controller_not_issuer() -> None:
    result = mc.verify(signed(signer=OTHER.signer()), now=NOW)
    assert result.codes["proof.0.signature"] == "signature-valid"
    assert result.codes["issuer-binding"] == "controller-not-issuer"
    assert not result.verified


def test_wrong_key_signature_invalid() -> None:
    doc = signed(signer=FakeSigner(VM))
    assert codes(doc)["proof.0.signature"] == "signature-valid"
    r2 = mc.StaticKeyResolver({VM: OTHER.public_key_multibase})
    assert codes(doc, resolver=r2)["proof.0.signature"] == "signature-invalid"


@pytest.mark.parametrize(
    ("extra", "now", "code"),
    [
        ({"validFrom": "2025-06-01T00:00:00Z"}, NOW, "not-yet-valid"),
        ({"validUntil": "2024-12-31T00:00:00Z"}, NOW, "expired"),
        ({"validUntil": "2024-12-31T23:58:00Z"}, NOW, "ok"),         # within 5 min skew
        ({"validFrom": "2025-01-01T00:04:00Z"}, NOW, "ok"),          # within 5 min skew
        ({"validUntil": "2030-01-01T00:00:00+09:00"}, NOW, "ok"),
    ],
)
def test_validity_window(extra: dict[str, str], now: datetime, code: str) -> None:
    doc = signed(credential(**extra))
    assert codes(doc, now=now)["validity"] == code


def test_validity_window_skew_is_configurable() -> None:
    doc = signed(credential(validUntil="2024-12-31T23:58:00Z"))
    assert codes(doc, clock_skew=timedelta(0))["validity"] == "expired"


def test_invalid_datetime_is_a_failed_check() -> None:
    doc = signed()
    doc["validFrom"] = "2024-04-01"  # not a dateTimeStamp; also breaks the signature
    assert codes(doc)["validity"] == "invalid-datetime"


def test_proof_members() -> None:
    doc = signed()
    doc["proof"]["nonsense"] = "x"
    assert codes(doc)["proof.0.shape"] == "proof-unknown-field"
    doc = signed()
    del doc["proof"]["proofPurpose"]
    assert codes(doc)["proof.0.shape"] == "proof-missing-field"
    doc = signed()
    doc["proof"]["created"] = 5
    assert codes(doc)["proof.0.shape"] == "proof-field-type"
    doc = signed()
    doc["proof"]["proofValue"] = "z3" + "1" * 10
    assert codes(doc)["proof.0.signature"] == "malformed-proof-value"
    doc = signed()
    doc["proof"]["proofValue"] = "u" + doc["proof"]["proofValue"][1:]
    assert codes(doc)["proof.0.signature"] == "malformed-proof-value"
    doc = signed(expires="2024-06-01T00:00:00Z")
    assert codes(doc)["proof.0.created"] == "proof-expired"
    doc = signed()
    doc["proof"] = "not an object"
    assert codes(doc)["proof.0.suite"] == "proof-not-object"


def test_suites_allow_list_and_unknown_suite() -> None:
    doc = signed()
    assert codes(doc, cryptosuites=["eddsa-jcs-2022"])["proof.0.suite"] == (
        "cryptosuite-not-allowed")
    doc["proof"]["cryptosuite"] = "eddsa-rdf-2022"  # the OB typo is not guessed
    assert codes(doc)["proof.0.suite"] == "unknown-cryptosuite"


def test_proof_policy_any_accepts_one_good_proof() -> None:
    doc = signed()
    # a proof of an unknown type never counts; the known proofs decide (VC-DI proof sets)
    doc["proof"] = [{"type": "SomeProofType", "proofValue": "z1"}, doc["proof"]]
    for policy in ("all", "any"):
        result = mc.verify(doc, resolver=RESOLVER, now=NOW, proof_policy=policy)
        assert result.verified, result.as_dict()
        assert result.codes["proof.0.suite"] == "unknown-cryptosuite"
        assert not result.check("proof.0.suite").required  # a warning
    # a known proof that fails: "all" refuses, "any" accepts the good one
    bad = signed(proof_purpose="authentication")  # fails its purpose check
    doc["proof"] = [bad["proof"], signed()["proof"]]
    assert not mc.verify(doc, resolver=RESOLVER | mc.DidKeyResolver(), now=NOW).verified
    result = mc.verify(doc, resolver=RESOLVER | mc.DidKeyResolver(), now=NOW,
                       proof_policy="any")
    assert result.verified, result.as_dict()


def test_proof_set_of_issuer_and_witness() -> None:
    doc = signed()
    doc = mc.sign(doc, OTHER.signer(), created=CREATED)
    result = mc.verify(doc, resolver=RESOLVER | mc.DidKeyResolver(), now=NOW)
    assert result.verified, result.as_dict()
    assert result.codes["proof.1.signature"] == "signature-valid"


def test_eddsa_2022_legacy_name_verifies() -> None:
    # eddsa-2022 uses the eddsa-rdfc-2022 algorithm under its pre-REC name (verify only)
    suite = mc.get_suite("eddsa-2022")
    import dataclasses

    signer_suite = dataclasses.replace(suite, can_sign=True)
    doc = signed(cryptosuite=signer_suite)
    assert doc["proof"]["cryptosuite"] == "eddsa-2022"
    assert mc.verify(doc, resolver=RESOLVER, now=NOW).verified


def test_jcs_context_must_prefix_document_context() -> None:
    doc = signed(cryptosuite="eddsa-jcs-2022")
    assert doc["proof"]["@context"] == doc["@context"]
    doc["proof"]["@context"] = ["https://www.w3.org/ns/credentials/v2", "https://x.example/"]
    assert codes(doc)["proof.0.signature"] == "context-mismatch"


# -- status -------------------------------------------------------------------------------------

STATUS = {"id": "https://example.edu/status/1#94567", "type": "BitstringStatusListEntry",
          "statusPurpose": "revocation", "statusListIndex": "94567",
          "statusListCredential": "https://example.edu/status/1"}


def test_status_without_checker_is_fail_closed() -> None:
    doc = signed(credential(credentialStatus=STATUS))
    result = mc.verify(doc, resolver=RESOLVER, now=NOW)
    status = result.check("status")
    assert status is not None and status.outcome is mc.Outcome.COULD_NOT_CHECK
    assert status.code == "status-not-checked"
    assert not result.verified
    relaxed = mc.verify(doc, resolver=RESOLVER, now=NOW, require_status=False)
    assert relaxed.verified
    assert relaxed.check("status").outcome is mc.Outcome.COULD_NOT_CHECK  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("answer", "outcome", "verified"),
    [
        (SimpleNamespace(outcome=SimpleNamespace(value="valid"), code="status-valid",
                         message="ok", message_ja="有効"), mc.Outcome.PASSED, True),
        (SimpleNamespace(outcome="revoked", code="revoked", message="revoked",
                         message_ja="失効"), mc.Outcome.FAILED, False),
        (SimpleNamespace(outcome="could-not-check", code="STATUS_RETRIEVAL_ERROR",
                         message="no list", message_ja="なし"), mc.Outcome.COULD_NOT_CHECK, False),
        (True, mc.Outcome.PASSED, True),
        (mc.Outcome.FAILED, mc.Outcome.FAILED, False),
    ],
)
def test_status_checker_outcomes(answer: Any, outcome: mc.Outcome, verified: bool) -> None:
    seen: list[Any] = []

    def checker(cred: Any, *, now: datetime) -> Any:
        seen.append((cred["credentialStatus"], now))
        return answer

    doc = signed(credential(credentialStatus=STATUS))
    result = mc.verify(doc, resolver=RESOLVER, now=NOW, status_checker=checker)
    assert seen == [(STATUS, NOW)]
    assert result.check("status").outcome is outcome  # type: ignore[union-attr]
    assert result.verified is verified


def test_status_checker_crash_is_not_a_pass() -> None:
    def checker(cred: Any, **_: Any) -> Any:
        raise RuntimeError("network down")

    doc = signed(credential(credentialStatus=STATUS))
    result = mc.verify(doc, resolver=RESOLVER, now=NOW, status_checker=checker)
    assert result.codes["status"] == "status-check-error" and not result.verified


def test_real_status_list_checker() -> None:
    lst = mc.BitstringStatusList()
    lst.set(94567)
    slc = mc.status_list_credential(lst, id="https://example.edu/status/1", issuer=ISSUER,
                                    valid_from="2024-01-01T00:00:00Z")
    checker = mc.BitstringStatusChecker({"https://example.edu/status/1": slc},
                                        assume_verified=True)
    doc = signed(credential(credentialStatus=STATUS))
    result = mc.verify(doc, resolver=RESOLVER, now=NOW, status_checker=checker)
    assert result.check("status").outcome is mc.Outcome.FAILED  # type: ignore[union-attr]
    assert not result.verified


# -- crashes inside checks ------------------------------------------------------------------------

class ExplodingResolver:
    def resolve(self, verification_method: str) -> mc.ResolvedKey:
        raise RuntimeError("boom")


class RefusingResolver:
    def resolve(self, verification_method: str) -> mc.ResolvedKey:
        raise mc.KeyResolutionError("the issuer's did:web document could not be fetched")


def test_resolution_errors_stop_the_chain_and_are_reported() -> None:
    chain = RefusingResolver() | RESOLVER  # a real failure is not "unknown": no fallback
    assert codes(signed(), resolver=chain)["proof.0.verification-method"] == (
        "key-resolution-error")


def test_unexpected_exception_is_a_failed_check() -> None:
    result = mc.verify(signed(), resolver=ExplodingResolver(), now=NOW)
    assert not result.verified
    assert "internal-error" in result.codes.values()


# -- endorsements -------------------------------------------------------------------------------

def test_embedded_endorsement_is_verified_with_depth_bound() -> None:
    endorser = "https://endorser.example/issuers/1"
    evm = f"{endorser}#key"
    endorsement = mc.sign({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:9d3a1e70-8c55-4a4c-9f0e-4a8d0e1b2c3d",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": endorser, "type": ["Profile"], "name": "Endorser"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Endorsement",
        "credentialSubject": {"id": "https://example.edu/achievements/data",
                              "type": ["EndorsementSubject"],
                              "endorsementComment": "Solid."},
    }, OTHER.signer(evm), created=CREATED)
    cred = credential()
    cred["credentialSubject"]["achievement"]["endorsement"] = [endorsement]
    doc = signed(cred)
    both = RESOLVER | mc.StaticKeyResolver({evm: OTHER.public_key_multibase})
    result = mc.verify(doc, resolver=both, now=NOW)
    assert result.verified, result.as_dict()
    assert len(result.endorsements) == 1 and result.endorsements[0].verified
    assert result.codes["endorsements"] == "ok"
    # without the endorser's key, the endorsement (and so the whole) fails
    alone = mc.verify(doc, resolver=RESOLVER, now=NOW)
    assert alone.codes["endorsements"] == "endorsement-invalid" and not alone.verified
    # depth bound: not followed at all, which is fail-closed unless endorsements are set aside
    shallow = mc.verify(doc, resolver=both, now=NOW, max_endorsement_depth=0)
    assert shallow.codes["endorsements"] == "too-deep" and not shallow.verified
    aside = mc.verify(doc, resolver=RESOLVER, now=NOW, verify_endorsements=False)
    assert aside.codes["endorsements"] == "not-checked" and aside.verified
    # the hook can take over
    calls: list[int] = []

    def hook(e: Any, depth: int) -> mc.VerificationResult:
        calls.append(depth)
        return mc.verify(e, resolver=both, now=NOW)

    assert mc.verify(doc, resolver=RESOLVER, now=NOW, on_endorsement=hook).verified
    assert calls == [1]


# -- robustness ----------------------------------------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["@context", "type", "proof", "issuer", "id", "validFrom",
                                       "credentialSubject", "proofValue", "cryptosuite",
                                       "verificationMethod", "proofPurpose", "endorsement",
                                       "credentialStatus", "x"]) | st.text(max_size=8),
                      children, max_size=6),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json_values)
def test_verify_never_raises_on_arbitrary_json(value: Any) -> None:
    result = mc.verify(value, now=NOW)
    assert isinstance(result, mc.VerificationResult)
    assert not result.verified
    result = mc.verify(json.dumps(value), now=NOW)
    assert not result.verified


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["type", "cryptosuite", "proofValue",
                                        "verificationMethod", "proofPurpose", "created",
                                        "previousProof", "@context", "id"]),
                       st.none() | st.text(max_size=30) | st.lists(st.text(max_size=5),
                                                                  max_size=2)))
def test_verify_never_raises_on_arbitrary_proofs(proof: dict[str, Any]) -> None:
    doc = signed()
    doc["proof"] = [doc["proof"], proof]
    result = mc.verify(doc, resolver=RESOLVER, now=NOW)
    if result.verified:  # only when the junk proof is of no known suite: it does not count
        junk = result.check("proof.1.suite")
        assert junk is not None and junk.code == "unknown-cryptosuite" and not junk.required
    alone = dict(doc, proof=proof)
    assert not mc.verify(alone, resolver=RESOLVER, now=NOW).verified


# -- VC 1.1 + Ed25519Signature2020 (the installed base) -------------------------------------------

def _vc11(**extra: Any) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/2018/credentials/v1",
                         "https://w3id.org/security/suites/ed25519-2020/v1"],
            "id": "urn:uuid:5a7c1f0e-2b6d-4c3e-8f9a-0d1e2f3a4b5c",
            "type": ["VerifiableCredential"],
            "issuer": ISSUER,
            "issuanceDate": "2024-04-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner"}, **extra}


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({}, "ok"),
        ({"expirationDate": "2024-12-01T00:00:00Z"}, "expired"),
        ({"issuanceDate": "2025-02-01T00:00:00Z"}, "not-yet-valid"),
    ],
)
def test_vc11_ed25519signature2020(extra: dict[str, Any], code: str) -> None:
    doc = mc.sign(_vc11(**extra), KEY.signer(VM), cryptosuite="Ed25519Signature2020",
                  created=CREATED)
    result = mc.verify(doc, resolver=RESOLVER, now=NOW)
    assert result.codes["proof.0.signature"] == "signature-valid", result.as_dict()
    assert result.codes["validity"] == code
    assert result.verified is (code == "ok")


def test_vc11_without_issuance_date() -> None:
    cred = _vc11()
    del cred["issuanceDate"]
    with pytest.raises(mc.DataModelError):
        mc.sign(cred, KEY.signer(VM), cryptosuite="Ed25519Signature2020", created=CREATED)
    doc = mc.sign(cred, KEY.signer(VM), cryptosuite="Ed25519Signature2020", created=CREATED,
                  check_data_model=False)
    assert codes(doc)["validity"] == "missing-issuance-date"
