"""did:key (W3C CCG did:key Method v0.7) for Ed25519: documents, resolution and errors.

Vectors: ../shared/reference/w3c-ccg-did-method-key/test-vectors/*.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred as mc

REF = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"


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


def test_non_ed25519_did_keys_are_unsupported() -> None:
    for name in ("nist-curves.json", "secp256k1.json", "bls12381.json"):
        for did in _vectors(name):
            with pytest.raises(mc.DidKeyError) as info:
                mc.DidKeyResolver().resolve(did)
            assert info.value.code in ("unsupportedPublicKeyType", "invalidDid"), did


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
