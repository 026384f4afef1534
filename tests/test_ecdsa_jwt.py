"""VC-JWT with the new keys: ES256 (P-256), ES384 (P-384) and EdDSA, signed by EcdsaKey /
Ed25519Key / CryptographySigner and verified through did:key, did:jwk, Multikey and JWK keys;
cross-checked with an independent JOSE implementation (joserfc) where it is installed.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred as mc

NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)
KEYS: dict[str, Any] = {
    "ES256": mc.EcdsaKey.from_secret_bytes(bytes(range(9, 41)), curve="P-256"),
    "ES384": mc.EcdsaKey.from_secret_bytes(bytes(range(9, 57)), curve="P-384"),
    "EdDSA": mc.Ed25519Key.from_seed(bytes(range(9, 41))),
}


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "http://example.edu/credentials/3732",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Teamwork Badge",
        "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
                              "type": ["AchievementSubject"],
                              "achievement": {"id": "https://example.edu/achievements/1",
                                              "type": ["Achievement"], "name": "Teamwork"}},
    }


def _code(result: mc.VerificationResult, check_id: str) -> str:
    check = result.check(check_id)
    assert check is not None, [c.id for c in result.checks]
    return check.code


@pytest.mark.parametrize("alg", ["ES256", "ES384", "EdDSA"])
def test_issue_and_verify_with_did_key(alg: str) -> None:
    key = KEYS[alg]
    token = mc.issue_vc_jwt(_credential(key.did), key.signer())
    header = json.loads(_b64d(token.split(".")[0]))
    assert header["alg"] == alg and header["kid"] == key.did_verification_method
    signature = _b64d(token.split(".")[2])
    assert len(signature) == {"ES256": 64, "ES384": 96, "EdDSA": 64}[alg]
    result = mc.verify_vc_jwt(token, resolver=mc.DidKeyResolver(), now=NOW)
    assert result.verified, result.as_dict()
    # the signature is over ASCII(header) "." ASCII(payload), as the key's JWS check says
    signing_input = token.rsplit(".", 1)[0].encode()
    assert key.resolved().verify_jws(alg, signing_input, signature)


@pytest.mark.parametrize("alg", ["ES256", "ES384"])
def test_did_jwk_and_jwk_keys(alg: str) -> None:
    key = KEYS[alg]
    did = mc.did_jwk_for(key.public_jwk)
    token = mc.issue_vc_jwt(_credential(did), key.signer(did + "#0"))
    resolver = mc.DidKeyResolver() | mc.DidJwkResolver()
    assert mc.verify_vc_jwt(token, resolver=resolver, now=NOW).verified
    # an HSM-style signer (cryptography key object) with a JWK-resolved key
    issuer = "https://example.edu/issuers/1"
    hsm = mc.CryptographySigner(key.private_key, issuer + "#key-1")
    token = mc.issue_vc_jwt(_credential(issuer), hsm)
    static = mc.StaticKeyResolver({issuer + "#key-1": hsm.public_jwk})
    assert mc.verify_vc_jwt(token, resolver=static, now=NOW).verified


def test_wrong_key_for_the_algorithm() -> None:
    p256, p384 = KEYS["ES256"], KEYS["ES384"]
    token = mc.issue_vc_jwt(_credential(p256.did), p256.signer())
    # the kid names a P-384 key: ES256 needs P-256
    resolver = mc.StaticKeyResolver({p256.did_verification_method: p384.resolved(
        id=p256.did_verification_method)})
    result = mc.verify_vc_jwt(token, resolver=resolver, now=NOW)
    assert not result.verified
    assert _code(result, "jwt.key") == "key-alg-mismatch"


def test_tampered_and_der_signatures_fail() -> None:
    key = KEYS["ES384"]
    token = mc.issue_vc_jwt(_credential(key.did), key.signer())
    head, payload, sig = token.split(".")
    raw = _b64d(sig)
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    der = encode_dss_signature(int.from_bytes(raw[:48], "big"), int.from_bytes(raw[48:], "big"))
    for bad_sig in (der, raw[:-1], bytes(96), raw[::-1]):
        bad = f"{head}.{payload}." + base64.urlsafe_b64encode(bad_sig).rstrip(b"=").decode()
        result = mc.verify_vc_jwt(bad, resolver=mc.DidKeyResolver(), now=NOW)
        assert not result.verified
        assert _code(result, "jwt.signature") != "ok"


def test_independent_jose_implementation_agrees() -> None:
    joserfc = pytest.importorskip("joserfc")
    from joserfc import jws
    from joserfc.jwk import ECKey

    for alg in ("ES256", "ES384"):
        key = KEYS[alg]
        token = mc.issue_vc_jwt(_credential(key.did), key.signer())
        # joserfc verifies microcred's token
        jws.deserialize_compact(token, ECKey.import_key(key.public_jwk), algorithms=[alg])
        # microcred verifies joserfc's signature over the same payload
        payload = _b64d(token.split(".")[1])
        theirs = jws.serialize_compact(
            {"alg": alg, "kid": key.did_verification_method, "typ": "JWT"}, payload,
            ECKey.import_key(key.export_jwk()), algorithms=[alg])
        result = mc.verify_vc_jwt(theirs, resolver=mc.DidKeyResolver(), now=NOW)
        assert result.verified, result.as_dict()
    del joserfc


@settings(max_examples=20, deadline=None)
@given(alg=st.sampled_from(["ES256", "ES384"]), data=st.binary(max_size=300))
def test_jws_round_trip_property(alg: str, data: bytes) -> None:
    key = KEYS[alg]
    signer = mc.CryptographySigner(key.private_key)
    assert signer.algorithm == alg
    sig = signer.sign(data)
    assert key.resolved().verify_jws(alg, data, sig)
    assert not key.resolved().verify_jws(alg, data + b".", sig)
    other = "ES384" if alg == "ES256" else "ES256"
    assert not key.resolved().verify_jws(other, data, sig)


def test_generated_p256_ec_key_from_cryptography() -> None:
    private = ec.generate_private_key(ec.SECP256R1())
    key = mc.EcdsaKey(private)
    assert key.private_key is private and key.algorithm == "ES256"
