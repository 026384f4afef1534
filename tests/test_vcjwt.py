"""VC-JWT (OB 3.0 integrity.md "JSON Web Token Proof Format"): issue, verify, refuse."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred.vcjwt import decode_vc_jwt

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
ISSUER = "https://example.edu/issuers/565049"
KID = ISSUER + "#key-1"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def credential(issuer: str = ISSUER, **extra: Any) -> dict[str, Any]:
    cred: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "http://example.edu/credentials/3732",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Teamwork Badge / チームワーク",
        "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
                              "type": ["AchievementSubject"],
                              "achievement": {"id": "https://example.edu/achievements/1",
                                              "type": ["Achievement"], "name": "Teamwork"}},
    }
    cred.update(extra)
    return cred


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def sign_raw(header: dict[str, Any], payload: dict[str, Any], signer: Any) -> str:
    """An independent JWS builder (no microcred code) for hand-made tokens."""
    head = b64(json.dumps(header).encode()) + "." + b64(json.dumps(payload).encode())
    return head + "." + b64(signer(head.encode()))


# -- external truth: RFC 8037 Appendix A.4 (Ed25519 JWS) ---------------------------------------

RFC8037_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
RFC8037_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
RFC8037_JWS = ("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt"
               "7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg")


def test_rfc8037_ed25519_vector() -> None:
    from microcred.vcjwt import _verify_signature

    key = mc.Ed25519Key.from_seed(b64d(RFC8037_D))
    assert key.public_jwk["x"] == RFC8037_X
    head, _, sig = RFC8037_JWS.rpartition(".")
    assert b64(key.sign(head.encode())) == sig  # Ed25519 is deterministic
    resolved = mc.ResolvedKey.from_jwk("urn:k", {"kty": "OKP", "crv": "Ed25519", "x": RFC8037_X})
    assert _verify_signature("EdDSA", resolved, head.encode(), b64d(sig))
    assert not _verify_signature("EdDSA", resolved, head.encode() + b"x", b64d(sig))


# -- round trips ----------------------------------------------------------------------------------

def test_eddsa_did_key_round_trip_and_claims() -> None:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    cred = credential(issuer=key.did, validUntil="2030-01-01T00:00:00Z")
    token = mc.issue_vc_jwt(cred, key.signer())
    header, payload, _, _ = decode_vc_jwt(token)
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": key.signer().verification_method}
    # OB 3.0 claim mapping: iss, jti, nbf (NumericDate of validFrom), sub, exp
    assert payload["iss"] == key.did and payload["jti"] == cred["id"]
    assert payload["nbf"] == 1704067200 and payload["exp"] == 1893456000
    assert payload["sub"] == cred["credentialSubject"]["id"]
    claims = ("iss", "jti", "nbf", "sub", "exp")
    assert {k: v for k, v in payload.items() if k not in claims} == cred
    result = mc.verify_vc_jwt(token, now=NOW)
    assert result.verified, result.as_dict()
    assert result.document == cred
    ids = [c.id for c in result.checks]
    assert ids[:6] == ["jwt.format", "jwt.header", "jwt.alg", "jwt.key", "jwt.signature",
                       "jwt.issuer-binding"]


def test_microcred_verify_accepts_a_compact_jws() -> None:
    key = mc.Ed25519Key.generate()
    token = mc.issue_vc_jwt(credential(issuer=key.did), key.signer())
    assert mc.verify(token, now=NOW).verified
    assert not mc.verify(token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB"),
                         now=NOW).verified


def test_the_callers_limits_bound_a_jwt_payload() -> None:
    """A VC-JWT's payload is bounded by the ``limits`` given to verify, as a Data Integrity
    document is (red-team review: it was parsed with the default limits whatever the caller
    set)."""
    from microcred.jsonld import Limits

    key = mc.Ed25519Key.generate()
    cred = credential(issuer=key.did)
    cred["credentialSubject"]["achievement"]["criteria"] = {"narrative": "n" * 600}
    token = mc.issue_vc_jwt(cred, key.signer())
    assert mc.verify(token, now=NOW).verified
    # (max_bytes already bounded the token as a whole: the input stage's too-large)
    assert mc.verify(token, now=NOW, limits=Limits(max_bytes=400)).codes == {
        "input": "too-large"}
    # depth 4 (credentialSubject.achievement.criteria), and "nbf" has 10 digits
    for limits in (Limits(max_depth=3), Limits(max_number_length=5)):
        result = mc.verify(token, now=NOW, limits=limits)
        assert not result.verified
        assert result.codes["jwt.format"] == "jwt-malformed", result.codes
    with pytest.raises(mc.JwtError):
        decode_vc_jwt(token, limits=Limits(max_depth=3))


@pytest.mark.parametrize("which", ["rsa", "ec"])
def test_rs256_es256_round_trip_with_independent_keys(which: str, rsa_key: Any,
                                                      ec_key: Any) -> None:
    private = rsa_key if which == "rsa" else ec_key
    signer = mc.JoseSigner(private, KID)
    token = mc.issue_vc_jwt(credential(), signer)
    header, _, signing_input, sig = decode_vc_jwt(token)
    assert header["alg"] == ("RS256" if which == "rsa" else "ES256")
    # verify with cryptography directly, independently of microcred's verifier
    if which == "rsa":
        rsa_key.public_key().verify(sig, signing_input, padding.PKCS1v15(), hashes.SHA256())
    else:
        der = utils.encode_dss_signature(int.from_bytes(sig[:32], "big"),
                                         int.from_bytes(sig[32:], "big"))
        ec_key.public_key().verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    resolver = mc.StaticKeyResolver({KID: signer.public_jwk})
    assert mc.verify_vc_jwt(token, resolver=resolver, now=NOW).verified
    assert mc.verify(token, resolver=resolver, now=NOW).verified


def test_tokens_made_by_an_independent_implementation_verify(rsa_key: Any, ec_key: Any) -> None:
    payload = {**credential(), "iss": ISSUER, "jti": credential()["id"], "nbf": 1704067200,
               "sub": credential()["credentialSubject"]["id"]}
    rs = sign_raw({"alg": "RS256", "kid": KID}, payload,
                  lambda m: rsa_key.sign(m, padding.PKCS1v15(), hashes.SHA256()))

    def es(m: bytes) -> bytes:
        r, s = utils.decode_dss_signature(ec_key.sign(m, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    es_token = sign_raw({"alg": "ES256", "kid": KID, "typ": "JWT"}, payload, es)
    rsa_jwk = mc.JoseSigner(rsa_key, KID).public_jwk
    ec_jwk = mc.JoseSigner(ec_key, KID).public_jwk
    assert mc.verify_vc_jwt(rs, resolver=mc.StaticKeyResolver({KID: rsa_jwk}), now=NOW).verified
    assert mc.verify_vc_jwt(es_token, resolver=mc.StaticKeyResolver({KID: ec_jwk}),
                            now=NOW).verified
    # and the other way round through joserfc, if present
    joserfc = pytest.importorskip("joserfc")
    from joserfc import jws
    from joserfc.jwk import ECKey, RSAKey

    token = mc.issue_vc_jwt(credential(), mc.JoseSigner(rsa_key, KID))
    obj = jws.deserialize_compact(token, RSAKey.import_key(rsa_jwk), algorithms=["RS256"])
    assert json.loads(obj.payload)["jti"] == credential()["id"]
    token = mc.issue_vc_jwt(credential(), mc.JoseSigner(ec_key, KID))
    jws.deserialize_compact(token, ECKey.import_key(ec_jwk), algorithms=["ES256"])
    assert joserfc is not None


def test_vc11_vc_claim_token() -> None:
    key = mc.Ed25519Key.generate()
    vc = {"@context": ["https://www.w3.org/2018/credentials/v1"],
          "type": ["VerifiableCredential"],
          "credentialSubject": {"https://schema.org/name": "x"}}  # (the v1 context has no name)
    payload = {"vc": vc, "iss": key.did, "jti": "urn:uuid:42", "nbf": 1704067200,
               "sub": "did:example:s"}
    token = sign_raw({"alg": "EdDSA", "kid": key.signer().verification_method}, payload, key.sign)
    result = mc.verify_vc_jwt(token, now=NOW)
    assert result.verified, result.as_dict()
    assert result.document is not None
    assert result.document["issuer"] == key.did
    assert result.document["issuanceDate"] == "2024-01-01T00:00:00Z"
    assert result.document["credentialSubject"]["id"] == "did:example:s"


# -- refusals -------------------------------------------------------------------------------

def codes(result: mc.VerificationResult) -> dict[str, str]:
    return {c.id: c.code for c in result.checks if not c.ok}


def test_alg_none_and_hmac_confusion_are_refused(rsa_key: Any) -> None:
    import hmac

    payload = {**credential(), "iss": ISSUER, "jti": credential()["id"], "nbf": 1704067200}
    none_token = sign_raw({"alg": "none", "kid": KID}, payload, lambda m: b"x")
    rsa_jwk = mc.JoseSigner(rsa_key, KID).public_jwk
    resolver = mc.StaticKeyResolver({KID: rsa_jwk})
    assert codes(mc.verify_vc_jwt(none_token, resolver=resolver, now=NOW)) == {
        "jwt.alg": "alg-none"}
    # the classic confusion: HS256 keyed with the public key's bytes
    secret = json.dumps(rsa_jwk).encode()
    hs = sign_raw({"alg": "HS256", "kid": KID}, payload,
                  lambda m: hmac.new(secret, m, "sha256").digest())
    assert codes(mc.verify_vc_jwt(hs, resolver=resolver, now=NOW, algorithms=["HS256", "RS256"])
                 ) == {"jwt.alg": "alg-not-allowed"}
    # an RS256 token is refused when the caller allows only ES256
    rs = mc.issue_vc_jwt(credential(), mc.JoseSigner(rsa_key, KID))
    assert not mc.verify_vc_jwt(rs, resolver=resolver, now=NOW, algorithms=["ES256"]).verified
    # unsecured JWT (empty signature) and JWE (5 parts) are malformed
    assert codes(mc.verify_vc_jwt(none_token.rpartition(".")[0] + ".", now=NOW)) == {
        "jwt.format": "jwt-malformed"}
    assert "jwt.format" in codes(mc.verify_vc_jwt("a.b.c.d.e", now=NOW))


def test_alg_key_type_mismatch(rsa_key: Any) -> None:
    ed = mc.Ed25519Key.generate()
    payload = {**credential(), "iss": ISSUER, "jti": credential()["id"], "nbf": 1704067200}
    token = sign_raw({"alg": "EdDSA", "kid": KID}, payload, ed.sign)
    resolver = mc.StaticKeyResolver({KID: mc.JoseSigner(rsa_key, KID).public_jwk})
    assert codes(mc.verify_vc_jwt(token, resolver=resolver, now=NOW)) == {
        "jwt.key": "key-alg-mismatch"}


def test_embedded_jwk_needs_opt_in_and_is_reported(ec_key: Any) -> None:
    token = mc.issue_vc_jwt(credential(), mc.JoseSigner(ec_key, KID), embed_jwk=True)
    header, *_ = decode_vc_jwt(token)
    assert "jwk" in header and "kid" not in header and "d" not in header["jwk"]
    refused = mc.verify_vc_jwt(token, now=NOW)
    assert codes(refused) == {"jwt.key": "key-unresolved"}
    assert "EmbeddedJwkResolver" in refused.failures[0].message
    accepted = mc.verify_vc_jwt(token, resolver=mc.DidKeyResolver() | mc.EmbeddedJwkResolver(),
                                now=NOW)
    assert accepted.verified
    key_check = accepted.check("jwt.key")
    binding = accepted.check("jwt.issuer-binding")
    assert key_check is not None and key_check.code == "embedded-jwk"
    assert binding is not None and binding.outcome is mc.Outcome.SKIPPED


def test_key_controller_must_be_the_issuer() -> None:
    key = mc.Ed25519Key.generate()
    token = mc.issue_vc_jwt(credential(issuer="https://other.example/issuer"), key.signer())
    assert codes(mc.verify_vc_jwt(token, now=NOW)) == {
        "jwt.issuer-binding": "controller-not-issuer"}


def test_claim_mismatches() -> None:
    key = mc.Ed25519Key.generate()
    cred = credential(issuer=key.did)
    base = {**cred, "iss": key.did, "jti": cred["id"], "nbf": 1704067200,
            "sub": cred["credentialSubject"]["id"]}
    head = {"alg": "EdDSA", "kid": key.signer().verification_method}
    for claim, value in (("jti", "urn:other"), ("sub", "did:example:other"), ("nbf", 1704067201)):
        token = sign_raw(head, {**base, claim: value}, key.sign)
        assert codes(mc.verify_vc_jwt(token, now=NOW)) == {f"jwt.claims.{claim}": "claim-mismatch"}
    token = sign_raw(head, {k: v for k, v in base.items() if k != "jti"}, key.sign)
    assert codes(mc.verify_vc_jwt(token, now=NOW)) == {"jwt.claims.jti": "claim-missing"}
    token = sign_raw(head, {**base, "iss": "https://x.example"}, key.sign)
    assert "jwt.claims.iss" in codes(mc.verify_vc_jwt(token, now=NOW))


def test_validity_window() -> None:
    key = mc.Ed25519Key.generate()
    token = mc.issue_vc_jwt(credential(issuer=key.did, validUntil="2024-06-01T00:00:00Z"),
                            key.signer())
    assert codes(mc.verify_vc_jwt(token, now=NOW)) == {"validity": "expired"}
    early = datetime(2023, 12, 31, tzinfo=timezone.utc)
    assert codes(mc.verify_vc_jwt(token, now=early)) == {"validity": "not-yet-valid"}
    assert mc.verify_vc_jwt(token, now=datetime(2024, 3, 1, tzinfo=timezone.utc)).verified


def test_header_rules() -> None:
    key = mc.Ed25519Key.generate()
    cred = credential(issuer=key.did)
    payload = {**cred, "iss": key.did, "jti": cred["id"], "nbf": 1704067200}
    vm = key.signer().verification_method
    for header in ({"alg": "EdDSA", "kid": vm, "jku": "https://evil.example/jwks"},
                   {"alg": "EdDSA", "kid": vm, "crit": ["exp"]},
                   {"alg": "EdDSA"},
                   {"alg": "EdDSA", "kid": vm, "typ": "JWE"},
                   {"alg": "EdDSA", "jwk": {**key.public_jwk, "d": "secret"}}):
        token = sign_raw(header, payload, key.sign)
        assert codes(mc.verify_vc_jwt(token, now=NOW)) == {"jwt.header": "jwt-header-invalid"}


def test_malformed_tokens() -> None:
    key = mc.Ed25519Key.generate()
    token = mc.issue_vc_jwt(credential(issuer=key.did), key.signer())
    h, p, s = token.split(".")
    dup = b64(b'{"alg":"EdDSA","alg":"none"}')
    for bad in (f"{h}.{p}.{s}=", f"{h}.{p}+.{s}", f"{dup}.{p}.{s}", f"{b64(b'[1]')}.{p}.{s}",
                f"{h}.{b64(b'not json')}.{s}", "", "...", 42):
        result = mc.verify_vc_jwt(bad, now=NOW)  # type: ignore[arg-type]
        assert not result.verified and codes(result) == {"jwt.format": "jwt-malformed"}, bad


def test_status_via_bitstring_status_list() -> None:
    key = mc.Ed25519Key.generate()
    url = "https://example.edu/status/1"
    entry = mc.status_list_entry(status_list_credential=url, index=7)
    token = mc.issue_vc_jwt(credential(issuer=key.did, credentialStatus=entry), key.signer())
    no_checker = mc.verify_vc_jwt(token, now=NOW)
    assert codes(no_checker) == {"status": "status-not-checked"}
    assert mc.verify_vc_jwt(token, now=NOW, require_status=False).verified
    lst = mc.BitstringStatusList()
    list_cred = mc.status_list_credential(lst, id=url, issuer=key.did,
                                          valid_from="2024-01-01T00:00:00Z")
    checker = mc.BitstringStatusChecker([list_cred], assume_verified=True)
    assert mc.verify_vc_jwt(token, now=NOW, status_checker=checker).verified
    lst.set(7)
    list_cred = mc.status_list_credential(lst, id=url, issuer=key.did,
                                          valid_from="2024-01-01T00:00:00Z")
    checker = mc.BitstringStatusChecker([list_cred], assume_verified=True)
    assert codes(mc.verify_vc_jwt(token, now=NOW, status_checker=checker)) == {
        "status": "status-revoked"}
    via_verify = mc.verify(token, now=NOW, status_checker=checker)
    assert via_verify.codes["status"] == "status-revoked" and not via_verify.verified


def test_issue_refuses_bad_input() -> None:
    key = mc.Ed25519Key.generate()
    for bad in ({**credential(), "id": None}, {**credential(), "issuer": {}},
                {**credential(), "validFrom": "yesterday"}):
        with pytest.raises(mc.JwtError):
            mc.issue_vc_jwt(bad, key.signer())

    class Hmac:
        algorithm = "HS256"
        verification_method = KID

        def sign(self, data: bytes) -> bytes:
            return data

    with pytest.raises(mc.JwtError):
        mc.issue_vc_jwt(credential(), Hmac())
    with pytest.raises(mc.JwtError, match="surrogate"):
        mc.issue_vc_jwt(credential(name="\ud800"), key.signer())
    with pytest.raises(mc.KeyFormatError):
        mc.JoseSigner(rsa.generate_private_key(public_exponent=65537, key_size=1024), KID)
    with pytest.raises(mc.KeyFormatError):
        mc.JoseSigner(ec.generate_private_key(ec.SECP384R1()), KID)


_KEY = mc.Ed25519Key.from_seed(bytes(range(1, 33)))
_TOKEN = mc.issue_vc_jwt(credential(issuer=_KEY.did), _KEY.signer())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(_TOKEN) - 1), st.sampled_from("AQgw_-."))
def test_any_single_character_change_fails(pos: int, char: str) -> None:
    if _TOKEN[pos] == char:
        return
    tampered = _TOKEN[:pos] + char + _TOKEN[pos + 1:]
    assert not mc.verify_vc_jwt(tampered, now=NOW).verified


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200) | st.from_regex(r"[A-Za-z0-9_-]{0,40}\.[A-Za-z0-9_-]{0,40}\."
                                             r"[A-Za-z0-9_-]{0,40}", fullmatch=True))
def test_verify_never_raises(text: str) -> None:
    assert not mc.verify_vc_jwt(text, now=NOW).verified


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_ob3_credentials_round_trip_as_jwt_and_baked(data: st.DataObject) -> None:
    from microcred import baking
    from microcred.testing import ob3_credential_documents

    doc = data.draw(ob3_credential_documents(extras=True))
    doc.pop("validUntil", None)
    issuer = doc["issuer"]
    doc["issuer"] = {**issuer, "id": _KEY.did} if isinstance(issuer, dict) else _KEY.did
    token = mc.issue_vc_jwt(doc, _KEY.signer())
    now = mc.vcjwt.parse_datetime(doc["validFrom"])
    result = mc.verify_vc_jwt(token, now=now)
    # the payload goes through the same JSON-LD stages as a Data Integrity credential: the
    # generator's undefined extension terms fail safe mode, nothing else may fail
    assert {c.id for c in result.failures} <= {"safe-mode"}, result.as_dict()
    assert result.verified or result.codes["safe-mode"] == "safe-mode-violation"
    assert result.document == doc
    for image in (baking.minimal_png(), b'<svg xmlns="http://www.w3.org/2000/svg"/>'):
        assert baking.unbake(baking.bake(image, token)) == token
        assert baking.unbake(baking.bake(image, doc)) == doc
