"""did:key (W3C CCG did:key Method v0.7) for Ed25519, P-256 and P-384, and did:jwk: documents,
resolution and errors.

Vectors: tests/vectors/reference/w3c-ccg-did-method-key/test-vectors/*.json (vendored).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multiformats import multibase

import microcred as mc
from _vectors import REFERENCE

REF = REFERENCE


def _vectors(name: str) -> dict:
    path = REF / "w3c-ccg-did-method-key" / "test-vectors" / name
    if not path.exists():
        pytest.skip(f"reference data {path} not available")
    return json.loads(path.read_text(encoding="utf-8"))


def test_did_documents_match_vectors() -> None:
    for did, v in _vectors("ed25519-x25519.json").items():
        doc = mc.did_key_document(did, enable_encryption_key_derivation=True)
        expected = v["didDocument"]
        assert doc["id"] == expected["id"]
        vm_ids = [vm["id"] for vm in doc["verificationMethod"]]
        assert vm_ids == [vm["id"] for vm in expected["verificationMethod"]]
        for rel in ("assertionMethod", "authentication", "capabilityInvocation",
                    "capabilityDelegation", "keyAgreement"):
            assert doc[rel] == expected[rel], rel
        # the X25519 key-agreement key derived from the Ed25519 key
        x = doc["verificationMethod"][1]["publicKeyMultibase"]
        assert x.startswith("z6LS")
        assert expected["keyAgreement"][0].endswith("#" + x)


def test_did_document_without_key_agreement() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    doc = mc.did_key_document(key.did)
    assert doc["@context"] == ["https://www.w3.org/ns/did/v1",
                               "https://w3id.org/security/multikey/v1"]
    assert doc["verificationMethod"] == [{
        "id": key.did_verification_method, "type": "Multikey", "controller": key.did,
        "publicKeyMultibase": key.public_key_multibase}]
    assert "keyAgreement" not in doc
    ed = mc.did_key_document(key.did, key_type="Ed25519VerificationKey2020")
    assert ed["verificationMethod"][0]["type"] == "Ed25519VerificationKey2020"


def test_resolver_gives_key_controller_and_relationships() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    r = mc.DidKeyResolver().resolve(key.did_verification_method)
    assert r.controller == key.did
    assert r.ed25519_public_bytes() == key.public_key
    assert {"assertionMethod", "authentication"} <= r.relationships
    # leniency seen in the 1EdTech validator fixtures: bare DID without fragment
    assert mc.DidKeyResolver().resolve(key.did).id == key.did_verification_method
    # version form did:key:1:<mb>
    assert mc.parse_did_key("did:key:1:" + key.public_key_multibase)[1] == key.public_key


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("did:key:abc", "invalidDid"),                     # no z multibase
        ("did:key:", "invalidDid"),
        ("did:web:example.com", "invalidDid"),
        ("did:key:2:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", "invalidDid"),
        ("did:key:zTjsVPtY", "invalidPublicKeyLength"),     # did-key-test-suite example
        ("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp#z6Mkother",
         "invalidDidUrl"),
        (42, "invalidDid"),
    ],
)
def test_did_key_errors(value: object, code: str) -> None:
    with pytest.raises(mc.DidKeyError) as info:
        mc.parse_did_key(value)
    assert info.value.code == code
    assert isinstance(info.value, mc.KeyFormatError)


def _crv(v: dict) -> str:
    vm = v["verificationMethod"]
    if "publicKeyJwk" in vm:
        return str(vm["publicKeyJwk"]["crv"])
    return "P-256" if vm["type"].startswith("P256") else "other"


def test_unsupported_did_keys() -> None:
    for name in ("secp256k1.json", "bls12381.json"):
        for did in _vectors(name):
            with pytest.raises(mc.DidKeyError) as info:
                mc.DidKeyResolver().resolve(did)
            assert info.value.code in ("unsupportedPublicKeyType", "invalidDid"), did
    p521 = [d for d, v in _vectors("nist-curves.json").items() if _crv(v) == "P-521"]
    assert len(p521) == 2
    for did in p521:
        with pytest.raises(mc.DidKeyError) as info:
            mc.DidKeyResolver().resolve(did)
        assert info.value.code == "unsupportedPublicKeyType"


def test_nist_curve_did_keys_match_vectors() -> None:
    """did:key report test-vectors/nist-curves.json: P-256 and P-384 (JsonWebKey2020 form)."""
    seen = 0
    for did, v in _vectors("nist-curves.json").items():
        vm = v["verificationMethod"]
        crv = _crv(v)
        if crv not in ("P-256", "P-384"):
            continue
        resolved = mc.DidKeyResolver().resolve(f"{did}#{did[8:]}")
        assert resolved.key_type == crv and resolved.controller == did
        resolved.check()
        if "publicKeyJwk" not in vm:  # the older P256Key2021 form: the DID resolves
            continue
        seen += 1
        assert mc.ResolvedKey.from_jwk("x#1", vm["publicKeyJwk"]).ec_public_key(
            ).public_numbers() == resolved.ec_public_key().public_numbers()
        if "privateKeyJwk" in vm:
            key = mc.EcdsaKey.from_jwk(vm["privateKeyJwk"])
            assert key.did == did
            assert key.public_jwk == vm["publicKeyJwk"]
        expected = v["didDocument"]
        doc = mc.did_key_document(did, key_type="JsonWebKey2020")
        assert doc["@context"] == expected["@context"]
        assert doc["verificationMethod"] == expected["verificationMethod"]
        for rel in ("assertionMethod", "authentication", "capabilityInvocation",
                    "capabilityDelegation"):
            assert doc[rel] == expected[rel], rel
        multikey_doc = mc.did_key_document(did)
        assert multikey_doc["verificationMethod"][0]["publicKeyMultibase"] == did[8:]
        with pytest.raises(mc.DidKeyError):
            mc.did_key_document(did, key_type="Ed25519VerificationKey2020")
        with pytest.raises(mc.DidKeyError):
            mc.did_key_document(did, enable_encryption_key_derivation=True)
    assert seen == 4


def test_nist_did_key_errors() -> None:
    key = mc.EcdsaKey.from_secret_bytes(bytes(31) + b"\x07", curve="P-256")
    raw = multibase.decode(key.public_key_multibase)
    # wrong length for the header
    short = multibase.encode(raw[:-1], "base58btc")
    with pytest.raises(mc.DidKeyError) as info:
        mc.parse_did_key("did:key:" + short)
    assert info.value.code == "invalidPublicKeyLength"
    # an x coordinate that is not on the curve (x = 5 has no square root mod p for P-256)
    bad = None
    for x in range(1, 50):
        candidate = raw[:3] + bytes(31) + bytes([x])
        try:
            mc.parse_did_key("did:key:" + multibase.encode(candidate, "base58btc"))
        except mc.DidKeyError as exc:
            assert exc.code == "invalidPublicKey"
            bad = candidate
            break
    assert bad is not None
    # an uncompressed point is not a Multikey P-256 key
    uncompressed = b"\x80\x24\x04" + bytes(64)
    with pytest.raises(mc.DidKeyError) as info:
        mc.parse_did_key("did:key:" + multibase.encode(uncompressed, "base58btc"))
    assert info.value.code == "invalidPublicKeyLength"


def test_did_jwk_round_trip_and_document() -> None:
    for key in (mc.EcdsaKey.generate("P-256"), mc.EcdsaKey.generate("P-384"),
                mc.Ed25519Key.from_seed(bytes(32))):
        did = mc.did_jwk_for(key.public_jwk)
        assert mc.parse_did_jwk(did) == key.public_jwk
        resolved = mc.DidJwkResolver().resolve(did + "#0")
        assert resolved.id == did + "#0" and resolved.controller == did
        assert resolved.type == "JsonWebKey2020"
        assert resolved.key_type == ("Ed25519" if isinstance(key, mc.Ed25519Key) else key.curve)
        assert mc.DidJwkResolver().resolve(did).id == did + "#0"
        doc = mc.did_jwk_document(did)
        assert doc["verificationMethod"][0]["publicKeyJwk"] == key.public_jwk
        assert doc["assertionMethod"] == [did + "#0"]
        sig = key.sign(b"m")
        alg = "EdDSA" if isinstance(key, mc.Ed25519Key) else key.algorithm
        assert resolved.verify_jws(alg, b"m", sig)


def test_did_jwk_spec_example() -> None:
    """The P-256 example of the did:jwk specification."""
    did = ("did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUd"
           "FJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmw"
           "yR3pIM25TRSJ9")
    jwk = mc.parse_did_jwk(did)
    assert jwk == {"crv": "P-256", "kty": "EC",
                   "x": "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0",
                   "y": "_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE"}
    doc = mc.did_jwk_document(did)
    assert set(doc) >= {"assertionMethod", "authentication", "keyAgreement",
                        "capabilityInvocation", "capabilityDelegation"}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("did:jwk:", "invalidDid"),
        ("did:jwk:!!", "invalidDid"),
        ("did:jwk:bm90IGpzb24", "invalidDid"),  # "not json"
        ("did:jwk:WzFd", "invalidDid"),  # [1]
        ("did:jwk:eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IkFBIiwieSI6IkFBIiwiZCI6IkFBIn0",
         "invalidDid"),  # has "d"
        ("did:jwk:eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IkFBIiwieSI6IkFBIn0",
         "invalidPublicKey"),  # 1-byte coordinates
        ("did:jwk:eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6IkFBIiwieSI6IkFBIn0#1",
         "invalidDidUrl"),
        (7, "invalidDid"),
    ],
)
def test_did_jwk_errors(value: object, code: str) -> None:
    with pytest.raises(mc.DidKeyError) as info:
        mc.parse_did_jwk(value)
    assert info.value.code == code
    if isinstance(value, str):
        with pytest.raises(mc.KeyFormatError):
            mc.DidJwkResolver().resolve(value)


def test_did_jwk_resolver_ignores_other_methods() -> None:
    with pytest.raises(mc.UnknownVerificationMethodError):
        mc.DidJwkResolver().resolve("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")
    chain = mc.DidKeyResolver() | mc.DidJwkResolver()
    key = mc.EcdsaKey.generate()
    assert chain.resolve(key.did_verification_method).key_type == "P-256"
    assert chain.resolve(mc.did_jwk_for(key.public_jwk) + "#0").key_type == "P-256"


def test_resolver_ignores_other_methods() -> None:
    with pytest.raises(mc.UnknownVerificationMethodError):
        mc.DidKeyResolver().resolve("https://ex.edu/issuers/1#key-1")


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_did_round_trip(seed: bytes) -> None:
    key = mc.Ed25519Key.from_seed(seed)
    mb, raw = mc.parse_did_key(key.did_verification_method)
    assert mb == key.public_key_multibase and raw == key.public_key
    assert mc.did_key_document(key.did)["assertionMethod"] == [key.did_verification_method]


@pytest.mark.parametrize(
    ("did", "url"),
    [  # did:web §3.2 examples
        ("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json"),
        ("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json"),
        ("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json"),
        ("did:web:Example.EDU:issuers:1", "https://example.edu/issuers/1/did.json"),
    ],
)
def test_did_web_url(did: str, url: str) -> None:
    assert mc.did_web_url(did) == url


@pytest.mark.parametrize("did", ["did:web:", "did:web:example.com#key-1", "did:web:exa mple.com",
                                 "did:web:example.com:..:x", "did:web:example.com%3A99999",
                                 "did:web:example.com/x", "did:key:z6Mk", "did:web:-bad.com",
                                 "did:web:example.com::x"])
def test_did_web_url_refuses(did: str) -> None:
    with pytest.raises(mc.DidKeyError) as info:
        mc.did_web_url(did)
    assert info.value.code == "invalidDid"


def test_did_web_document_to_resolver() -> None:
    key = mc.EcdsaKey.generate("P-256")
    did = "did:web:example.edu:issuers:1"
    doc = {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
           "id": did, "verificationMethod": [key.multikey(id=f"{did}#key-1", controller=did)],
           "assertionMethod": ["#key-1"]}
    resolver = mc.StaticKeyResolver.from_did_web(did, doc)
    resolved = resolver.resolve(f"{did}#key-1")
    assert resolved.key_type == "P-256" and "assertionMethod" in resolved.relationships
    with pytest.raises(mc.KeyFormatError, match="is not"):
        mc.StaticKeyResolver.from_did_web("did:web:other.edu", doc)
