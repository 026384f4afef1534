"""Ed25519 keys, Multikey encodings, resolved keys and resolvers.

Vectors: W3C vc-di-eddsa TestVectors/keyPair.json and proof-set-chain/multiKeyPairs.json,
1EdTech OB 3.0 implementation guide (impl-test-vectors/obv3p0/vector.json), did:key
test-vectors/ed25519-x25519.json (all under tests/vectors/reference, vendored).
"""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from multiformats import multibase

import microcred as mc
from _vectors import REFERENCE

REF = REFERENCE


def _ref(*parts: str) -> dict:
    path = REF.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} not available")
    return json.loads(path.read_text(encoding="utf-8"))


def test_w3c_key_pair_secret_multibase_gives_public_multikey() -> None:
    kp = _ref("w3c-vc-di-eddsa", "TestVectors", "keyPair.json")
    key = mc.Ed25519Key.from_secret_multibase(kp["privateKeyMultibase"])
    assert key.public_key_multibase == kp["publicKeyMultibase"]
    assert key.export_secret_multibase() == kp["privateKeyMultibase"]
    assert key.did_verification_method == (
        f"did:key:{kp['publicKeyMultibase']}#{kp['publicKeyMultibase']}")
    # ob3-vc.md §f: decoded secret = 0x8026 || c96ef9ea…8ed6 (32-byte seed)
    assert key == mc.Ed25519Key.from_seed(bytes.fromhex(
        "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"))
    assert key.public_key.hex() == (
        "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f")


def test_w3c_multi_key_pairs() -> None:
    pairs = _ref("w3c-vc-di-eddsa", "TestVectors", "proof-set-chain", "multiKeyPairs.json")
    assert len(pairs) == 4
    for kp in pairs.values():
        key = mc.Ed25519Key.from_secret_multibase(kp["privateKeyMultibase"])
        assert key.public_key_multibase == kp["publicKeyMultibase"]
        assert kp["privateKeyMultibase"].startswith("z3u2")


def test_1edtech_legacy_64_byte_secret_and_hex_seed() -> None:
    v = _ref("1edtech-openbadges-specification", "impl-test-vectors", "obv3p0",
             "vector.json")["keyPair"]
    legacy = mc.Ed25519Key.from_secret_multibase(v["secretKeyMultibase_as_published"])
    assert legacy.public_key_multibase == v["publicKeyMultibase"]
    assert legacy.public_key.hex() == v["publicKeyHex"]
    seeded = mc.Ed25519Key.from_seed(bytes.fromhex(v["seedHex_32byte"]))
    assert seeded == legacy
    full_hex = v["privateKeyHex_64byte_seed_plus_public"]
    full = mc.Ed25519Key.from_secret_bytes(bytes.fromhex(full_hex))
    assert full == legacy
    # the exported form is the W3C 34-byte one
    assert legacy.export_secret_multibase().startswith("z3u2")


def test_64_byte_secret_with_wrong_public_half_is_rejected() -> None:
    seed = bytes(range(32))
    with pytest.raises(mc.KeyFormatError, match="public half"):
        mc.Ed25519Key.from_secret_bytes(seed + bytes(32))


def test_did_key_vectors_and_jwk() -> None:
    vectors = _ref("w3c-ccg-did-method-key", "test-vectors", "ed25519-x25519.json")
    assert len(vectors) == 5
    for did, v in vectors.items():
        key = mc.Ed25519Key.from_seed(bytes.fromhex(v["seed"]))
        assert key.did == did
        vkp = v["verificationKeyPair"]
        if "publicKeyBase58" in vkp:  # the bare base58btc key (no multicodec header)
            assert "z" + vkp["publicKeyBase58"] == multibase.encode(key.public_key,
                                                                     "base58btc")
        else:  # the JsonWebKey2020 vector (seed 00…05)
            assert key.public_jwk == vkp["publicKeyJwk"]
            assert mc.Ed25519Key.from_jwk(vkp["privateKeyJwk"]) == key
            assert mc.ResolvedKey.from_document(vkp).ed25519_public_bytes() == key.public_key


def test_private_jwk_round_trip() -> None:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    import base64

    d = base64.urlsafe_b64encode(bytes(range(32))).rstrip(b"=").decode()
    assert mc.Ed25519Key.from_jwk({**key.public_jwk, "d": d}) == key
    with pytest.raises(mc.KeyFormatError):
        mc.Ed25519Key.from_jwk(key.public_jwk)  # no d
    with pytest.raises(mc.KeyFormatError):
        mc.Ed25519Key.from_jwk({"kty": "EC", "crv": "P-256", "d": d})


def test_secret_never_in_repr_and_key_pickles() -> None:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    secret = key.export_secret_multibase()
    for text in (repr(key), str(key), repr(key.signer()), str(key.signer())):
        assert secret not in text
        assert bytes(range(32)).hex() not in text
    clone = pickle.loads(pickle.dumps(key.signer()))
    assert clone.key == key and clone.verification_method == key.did_verification_method
    assert clone.sign(b"x") == key.sign(b"x")


def test_signer_protocol() -> None:
    signer = mc.Ed25519Key.generate().signer("https://ex.edu/issuers/1#key-1")
    assert isinstance(signer, mc.Signer)
    assert signer.algorithm == "Ed25519"
    assert signer.verification_method == "https://ex.edu/issuers/1#key-1"
    assert len(signer.sign(b"hello")) == 64


def test_verification_method_documents() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    mk = key.multikey()
    assert mk["type"] == "Multikey" and mk["controller"] == key.did
    assert mk["id"] == key.did_verification_method
    ed = key.ed25519_verification_key_2020(id="https://ex.edu/i#k", controller="https://ex.edu/i")
    assert ed["type"] == "Ed25519VerificationKey2020"
    assert ed["publicKeyMultibase"] == key.public_key_multibase


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("z6MkO0l", "not base58btc"),           # 0, O, l are not in the alphabet
        ("f00ff", "header 'z'"),                 # base16 multibase is not accepted
        ("z", "empty"),
        ("zz", "header"),                        # decodes, but not 0xed01
        (123, "expected a string"),
    ],
)
def test_malformed_public_multibase(value: object, match: str) -> None:
    with pytest.raises(mc.KeyFormatError, match=match):
        mc.ed25519_public_from_multibase(value)


def test_wrong_key_lengths() -> None:
    short = multibase.encode(b"\xed\x01" + bytes(31), "base58btc")
    with pytest.raises(mc.KeyFormatError, match="32 bytes, got 31"):
        mc.ed25519_public_from_multibase(short)
    with pytest.raises(mc.KeyFormatError):
        mc.Ed25519Key.from_seed(bytes(31))
    with pytest.raises(mc.KeyFormatError):
        mc.Ed25519Key.from_secret_bytes(bytes(33))
    bad_secret = multibase.encode(b"\x80\x26" + bytes(20), "base58btc")
    with pytest.raises(mc.KeyFormatError):
        mc.Ed25519Key.from_secret_multibase(bad_secret)
    # a P-256 secret header is refused
    with pytest.raises(mc.KeyFormatError, match="0x8026"):
        mc.Ed25519Key.from_secret_multibase(multibase.encode(b"\x86\x26" + bytes(32),
                                                             "base58btc"))


def test_resolved_key_carries_jwk_for_rsa_and_ec() -> None:
    rsa = mc.ResolvedKey.from_jwk("https://ex.edu/i#rsa", {"kty": "RSA", "n": "AQAB", "e": "AQAB"})
    assert rsa.key_type == "RSA" and rsa.controller == "https://ex.edu/i"
    ec = mc.ResolvedKey.from_jwk("https://ex.edu/i#ec", {"kty": "EC", "crv": "P-256",
                                                          "x": "AA", "y": "AA"})
    assert ec.key_type == "P-256"
    with pytest.raises(mc.KeyFormatError, match="not Ed25519"):
        rsa.ed25519_public_bytes()
    with pytest.raises(mc.KeyFormatError, match="private"):
        mc.ResolvedKey.from_jwk("x#y", {"kty": "OKP", "crv": "Ed25519", "x": "AA", "d": "AA"})
    okp = mc.Ed25519Key.from_seed(bytes(32))
    r = mc.ResolvedKey.from_jwk("x#y", okp.public_jwk)
    assert r.key_type == "Ed25519" and r.ed25519_public_bytes() == okp.public_key
    assert r.verify_ed25519(b"m", okp.sign(b"m"))
    assert not r.verify_ed25519(b"m", okp.sign(b"n"))


def test_small_order_public_key_is_rejected() -> None:
    # the identity point (0,1) encodes as 01 00…00: small order (vc-di-eddsa §"Security
    # Properties of Ed25519 Implementations" suggests rejecting such keys)
    ident = mc.ed25519_public_to_multibase(b"\x01" + bytes(31))
    r = mc.ResolvedKey.from_multikey("https://ex.edu/i#k", ident)
    with pytest.raises(mc.KeyFormatError, match="small-order"):
        r.ed25519_public_bytes()


def test_static_resolver_and_chain() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    static = mc.StaticKeyResolver({"https://ex.edu/issuers/1#key-1": key.public_key_multibase})
    got = static.resolve("https://ex.edu/issuers/1#key-1")
    assert got.controller == "https://ex.edu/issuers/1"
    assert got.public_key_multibase == key.public_key_multibase
    with pytest.raises(mc.UnknownVerificationMethodError):
        static.resolve("https://ex.edu/issuers/1#key-2")
    chain = mc.DidKeyResolver() | static
    assert chain.resolve(key.did_verification_method).controller == key.did
    assert chain.resolve("https://ex.edu/issuers/1#key-1") == got
    with pytest.raises(mc.UnknownVerificationMethodError):
        chain.resolve("https://other.example/#k")
    assert len((chain | mc.StaticKeyResolver()).resolvers) == 3
    assert isinstance(static, mc.KeyResolver)
    with pytest.raises(mc.KeyFormatError):
        mc.StaticKeyResolver({"https://ex.edu/i#k": "z6MkNotAKey"})


def test_resolvers_pickle() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    r = mc.DidKeyResolver() | mc.StaticKeyResolver({"https://ex.edu/i#k": key.public_key_multibase})
    clone = pickle.loads(pickle.dumps(r))
    assert clone.resolve("https://ex.edu/i#k") == r.resolve("https://ex.edu/i#k")


def test_static_resolver_from_controller_document() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    other = mc.Ed25519Key.from_seed(bytes(31) + b"\x01")
    doc = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": "did:web:ex.edu",
        "verificationMethod": [
            {"id": "#key-1", "type": "Multikey", "controller": "did:web:ex.edu",
             "publicKeyMultibase": key.public_key_multibase},
            {"id": "did:web:ex.edu#key-2", "type": "Multikey", "controller": "did:web:ex.edu",
             "publicKeyMultibase": other.public_key_multibase},
        ],
        "assertionMethod": ["#key-1"],
        "authentication": ["did:web:ex.edu#key-2"],
    }
    r = mc.StaticKeyResolver.from_controller_document(doc)
    k1 = r.resolve("did:web:ex.edu#key-1")
    assert k1.controller == "did:web:ex.edu" and "assertionMethod" in k1.relationships
    assert "assertionMethod" not in r.resolve("did:web:ex.edu#key-2").relationships
    with pytest.raises(mc.KeyFormatError, match="controller"):
        mc.StaticKeyResolver.from_controller_document(
            {**doc, "verificationMethod": [{**doc["verificationMethod"][0],
                                            "controller": "did:web:evil"}]})


@settings(max_examples=50, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_seed_multibase_round_trips(seed: bytes) -> None:
    key = mc.Ed25519Key.from_seed(seed)
    assert mc.Ed25519Key.from_secret_multibase(key.export_secret_multibase()) == key
    assert mc.ed25519_public_from_multibase(key.public_key_multibase) == key.public_key
    assert key.public_key_multibase.startswith("z6Mk")
    assert mc.Ed25519Key.from_secret_bytes(seed + key.public_key) == key


def test_errors_do_not_echo_secrets() -> None:
    secret = mc.Ed25519Key.from_seed(bytes(range(32))).export_secret_multibase()
    broken = secret[:-1] + "0"  # "0" is not base58btc
    with pytest.raises(mc.KeyFormatError) as info:
        mc.Ed25519Key.from_secret_multibase(broken)
    assert secret[1:-1] not in str(info.value) and "0" not in str(info.value).split(":")[-1]


def test_non_canonical_signature_is_rejected() -> None:
    """S + L (the group order) is the same signature modulo L but not canonical: RFC 8032
    §5.1.7 verification (and vc-di-eddsa's SUF-CMA note) requires rejecting it."""
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    sig = key.sign(b"message")
    order = 2**252 + 27742317777372353535851937790883648493
    s = int.from_bytes(sig[32:], "little") + order
    malleated = sig[:32] + s.to_bytes(32, "little")
    assert key.resolved().verify_ed25519(b"message", sig)
    assert not key.resolved().verify_ed25519(b"message", malleated)
    assert not key.resolved().verify_ed25519(b"message", sig[:63])


def test_static_resolver_from_jwks() -> None:
    key = mc.Ed25519Key.from_seed(bytes(32))
    jwks = {"keys": [{**key.public_jwk, "kid": "key-1"},
                     {"kty": "RSA", "n": "AQAB", "e": "AQAB", "kid": "https://ex.edu/keys/rsa"}]}
    r = mc.StaticKeyResolver.from_jwks(jwks, controller="https://ex.edu/issuers/1")
    ed = r.resolve("https://ex.edu/issuers/1#key-1")
    assert ed.controller == "https://ex.edu/issuers/1" and ed.key_type == "Ed25519"
    assert ed.ed25519_public_bytes() == key.public_key
    assert r.resolve("https://ex.edu/keys/rsa").key_type == "RSA"
    with pytest.raises(mc.KeyFormatError, match="private"):
        mc.StaticKeyResolver.from_jwks({"keys": [{**key.public_jwk, "kid": "k", "d": "AA"}]},
                                       controller="https://ex.edu/i")
    with pytest.raises(mc.KeyFormatError, match="kid"):
        mc.StaticKeyResolver.from_jwks({"keys": [key.public_jwk]}, controller="https://ex.edu/i")


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=200))
def test_signatures_agree_with_an_independent_implementation(seed: bytes, msg: bytes) -> None:
    """PyNaCl (libsodium) and pyca/cryptography (OpenSSL) give the same RFC 8032 signature."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    other = Ed25519PrivateKey.from_private_bytes(seed)
    key = mc.Ed25519Key.from_seed(seed)
    assert key.sign(msg) == other.sign(msg)
    assert key.resolved().verify_ed25519(msg, other.sign(msg))
