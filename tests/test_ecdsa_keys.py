"""ECDSA P-256/P-384 keys: Multikey and JWK encodings, signing, the Signer protocol, JWS checks.

Vectors: W3C vc-di-ecdsa TestVectors/p256KeyPair.json and p384KeyPair.json (copied into
tests/vectors/ecdsa/, see SOURCES.md there); RFC 7638 §3.1 (JWK thumbprint).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from multiformats import multibase

import microcred as mc
from microcred._di.keys import CURVES

VECTORS = Path(__file__).resolve().parent / "vectors" / "ecdsa"


def _pair(curve: str) -> dict[str, str]:
    name = {"P-256": "p256KeyPair.json", "P-384": "p384KeyPair.json"}[curve]
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("curve", "prefix", "size"), [("P-256", "zDn", 32), ("P-384", "z82", 48)])
def test_w3c_key_pairs(curve: str, prefix: str, size: int) -> None:
    kp = _pair(curve)
    key = mc.EcdsaKey.from_secret_multibase(kp["secretKeyMultibase"])
    assert key.curve == curve
    assert key.public_key_multibase == kp["publicKeyMultibase"]
    assert key.public_key_multibase.startswith(prefix)
    assert key.export_secret_multibase() == kp["secretKeyMultibase"]
    assert len(key.public_key) == size + 1
    assert key.did == "did:key:" + kp["publicKeyMultibase"]
    assert mc.public_key_from_multibase(kp["publicKeyMultibase"]) == (curve, key.public_key)
    assert key.multikey()["publicKeyMultibase"] == kp["publicKeyMultibase"]
    resolved = key.resolved()
    assert resolved.key_type == curve and resolved.curve == curve
    resolved.check()


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
def test_jwk_round_trips(curve: str) -> None:
    key = mc.EcdsaKey.generate(curve)
    private = key.export_jwk()
    assert set(private) == {"kty", "crv", "x", "y", "d"}
    assert mc.EcdsaKey.from_jwk(private) == key
    assert mc.EcdsaKey.from_secret_bytes(
        key.private_key.private_numbers().private_value.to_bytes(CURVES[curve].size, "big"),
        curve=curve) == key
    resolved = mc.ResolvedKey.from_jwk("https://ex.edu/i#k", key.public_jwk)
    assert resolved.key_type == curve
    assert resolved.ec_public_key().public_numbers() == (
        key.private_key.public_key().public_numbers())
    with pytest.raises(mc.KeyFormatError, match="does not match"):
        mc.EcdsaKey.from_jwk({**private, "x": mc.EcdsaKey.generate(curve).public_jwk["x"]})
    with pytest.raises(mc.KeyFormatError, match="no private part"):
        mc.EcdsaKey.from_jwk(key.public_jwk)


def test_ed25519_private_jwk_export() -> None:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    jwk = key.export_jwk()
    assert jwk["kty"] == "OKP" and "d" in jwk
    assert mc.Ed25519Key.from_jwk(jwk) == key
    assert key.algorithm == "Ed25519"


def test_bad_keys_are_refused() -> None:
    with pytest.raises(mc.KeyFormatError):
        mc.EcdsaKey.generate("P-521")
    with pytest.raises(mc.KeyFormatError):
        mc.EcdsaKey.from_secret_bytes(bytes(32), curve="P-256")  # zero is not a secret
    with pytest.raises(mc.KeyFormatError):
        mc.EcdsaKey.from_secret_bytes(b"\xff" * 32, curve="P-256")  # above the order
    with pytest.raises(mc.KeyFormatError):
        mc.EcdsaKey.from_secret_bytes(bytes(31) + b"\x01", curve="P-384")  # wrong length
    with pytest.raises(mc.KeyFormatError, match="0x8626"):
        mc.EcdsaKey.from_secret_multibase(multibase.encode(b"\x80\x26" + bytes(32),
                                                           "base58btc"))
    with pytest.raises(mc.KeyFormatError):
        mc.EcdsaKey(ec.generate_private_key(ec.SECP521R1()))
    with pytest.raises(mc.KeyFormatError):
        mc.EcdsaKey.from_jwk({"kty": "EC", "crv": "secp256k1", "d": "AA"})
    # secp256k1 / P-521 Multikeys are not supported
    for header in (b"\xe7\x01", b"\x82\x24"):
        with pytest.raises(mc.KeyFormatError, match="multicodec header"):
            mc.public_key_from_multibase(multibase.encode(header + b"\x02" + bytes(32),
                                                          "base58btc"))
    # an x coordinate with no point on the curve
    for x in range(1, 60):
        r = mc.ResolvedKey.from_multikey(
            "https://ex.edu/i#k", multibase.encode(b"\x80\x24\x02" + bytes(31) + bytes([x]),
                                                   "base58btc"))
        try:
            r.check()
        except mc.KeyFormatError as exc:
            assert "not a point" in str(exc)
            assert not r.verify_ecdsa(b"m", bytes(64))
            break
    else:  # pragma: no cover
        raise AssertionError("no invalid x found")
    # a JWK point off the curve
    jwk = mc.EcdsaKey.generate().public_jwk
    bad = {**jwk, "y": jwk["x"]}
    off = mc.ResolvedKey.from_jwk("https://ex.edu/i#k", bad)
    with pytest.raises(mc.KeyFormatError):
        off.check()
    assert not off.verify_jws("ES256", b"m", bytes(64))


def test_secret_not_in_repr_and_pickles() -> None:
    key = mc.EcdsaKey.generate("P-384")
    text = repr(key) + str(key)
    assert key.export_jwk()["d"] not in text
    assert key.export_secret_multibase() not in text
    assert pickle.loads(pickle.dumps(key)) == key
    signer = key.signer()
    assert pickle.loads(pickle.dumps(signer)).verification_method == signer.verification_method
    assert hash(key) == hash(pickle.loads(pickle.dumps(key)))


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
def test_signing_is_deterministic_p1363(curve: str) -> None:
    key = mc.EcdsaKey.generate(curve)
    size = CURVES[curve].size
    sig = key.sign(b"hello")
    assert len(sig) == 2 * size
    assert sig == key.sign(b"hello")  # RFC 6979
    assert key.resolved().verify_ecdsa(b"hello", sig)
    # cryptography agrees (independent of microcred's P1363 conversion)
    r, s = int.from_bytes(sig[:size], "big"), int.from_bytes(sig[size:], "big")
    key.private_key.public_key().verify(encode_dss_signature(r, s), b"hello",
                                        ec.ECDSA(CURVES[curve].hash_algorithm()))


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
def test_verification_refuses_der_and_malformed_and_accepts_high_s(curve: str) -> None:
    key = mc.EcdsaKey.generate(curve)
    resolved = key.resolved()
    c = CURVES[curve]
    sig = key.sign(b"m")
    r, s = int.from_bytes(sig[:c.size], "big"), int.from_bytes(sig[c.size:], "big")
    der = encode_dss_signature(r, s)
    assert not resolved.verify_ecdsa(b"m", der)  # DER refused
    assert mc.der_to_p1363(der, curve) == sig
    # high-S: (r, n - s) is the same signature's other valid form; accepted (FIPS 186-5)
    flipped = r.to_bytes(c.size, "big") + (c.order - s).to_bytes(c.size, "big")
    assert resolved.verify_ecdsa(b"m", flipped)
    for bad in (b"", sig[:-1], sig + b"\0", bytes(2 * c.size),
                bytes(c.size) + sig[c.size:],  # r = 0
                sig[:c.size] + c.order.to_bytes(c.size, "big"),  # s = n
                b"\xff" * (2 * c.size)):
        assert not resolved.verify_ecdsa(b"m", bad)
    assert not resolved.verify_ecdsa(b"x", sig)
    assert not resolved.verify_ecdsa(b"m", bytearray(sig))  # type: ignore[arg-type]
    with pytest.raises(mc.KeyFormatError):
        mc.der_to_p1363(sig, curve)
    with pytest.raises(mc.KeyFormatError):
        mc.der_to_p1363(der, "P-521")


def test_wrong_curve_and_wrong_type_do_not_verify() -> None:
    p256, p384 = mc.EcdsaKey.generate("P-256"), mc.EcdsaKey.generate("P-384")
    ed = mc.Ed25519Key.from_seed(bytes(32))
    sig = p256.sign(b"m")
    assert not p384.resolved().verify_ecdsa(b"m", sig)
    assert not ed.resolved().verify_ecdsa(b"m", sig)
    assert p256.resolved().verify_jws("ES256", b"m", sig)
    assert not p256.resolved().verify_jws("ES384", b"m", sig)
    assert not p256.resolved().verify_jws("EdDSA", b"m", sig)
    assert not p256.resolved().verify_jws("RS256", b"m", sig)
    assert not p256.resolved().verify_jws("none", b"m", b"")
    assert ed.resolved().verify_jws("EdDSA", b"m", ed.sign(b"m"))
    assert not ed.resolved().verify_jws("ES256", b"m", ed.sign(b"m"))
    rsa = mc.ResolvedKey.from_jwk("x#1", {"kty": "RSA", "n": "AQAB", "e": "AQAB"})
    assert not rsa.verify_ecdsa(b"m", sig) and not rsa.verify_jws("ES256", b"m", sig)


def test_cryptography_signer_never_reads_the_secret() -> None:
    class OpaqueKey(ec.EllipticCurvePrivateKey):
        """An HSM-like key: signs and gives its public key, refuses everything else."""

        def __init__(self) -> None:
            self._inner = ec.generate_private_key(ec.SECP256R1())
            self.signed = 0

        def sign(self, data: bytes, signature_algorithm: ec.EllipticCurveSignatureAlgorithm
                 ) -> bytes:
            self.signed += 1
            return self._inner.sign(data, signature_algorithm)

        def public_key(self) -> ec.EllipticCurvePublicKey:
            return self._inner.public_key()

        @property
        def curve(self) -> ec.EllipticCurve:
            return self._inner.curve

        @property
        def key_size(self) -> int:
            return self._inner.key_size

        def exchange(self, *a: object, **k: object) -> bytes:
            raise AssertionError("the secret must not be used")

        def private_numbers(self) -> ec.EllipticCurvePrivateNumbers:
            raise AssertionError("the secret must not be read")

        def private_bytes(self, *a: object, **k: object) -> bytes:
            raise AssertionError("the secret must not be read")

        def __copy__(self) -> OpaqueKey:
            return self

        def __deepcopy__(self, memo: object) -> OpaqueKey:
            return self

    opaque = OpaqueKey()
    signer = mc.CryptographySigner(opaque)
    assert isinstance(signer, mc.Signer)
    assert signer.algorithm == "ES256"
    assert signer.verification_method.startswith("did:key:zDn")
    sig = signer.sign(b"data")
    assert opaque.signed == 1 and len(sig) == 64
    resolved = mc.DidKeyResolver().resolve(signer.verification_method)
    assert resolved.verify_ecdsa(b"data", sig)
    # Ed25519 and P-384 objects
    ed = mc.CryptographySigner(ed25519.Ed25519PrivateKey.generate(), "https://ex.edu/i#k")
    assert ed.algorithm == "Ed25519" and ed.verification_method == "https://ex.edu/i#k"
    assert ed.did.startswith("did:key:z6Mk")
    assert mc.DidKeyResolver().resolve(ed.did).verify_ed25519(b"x", ed.sign(b"x"))
    p384 = mc.CryptographySigner(ec.generate_private_key(ec.SECP384R1()))
    assert p384.algorithm == "ES384" and len(p384.sign(b"x")) == 96
    assert "ES384" in repr(p384)
    with pytest.raises(mc.KeyFormatError):
        mc.CryptographySigner("not a key")  # type: ignore[arg-type]
    with pytest.raises(mc.KeyFormatError):
        mc.CryptographySigner(ec.generate_private_key(ec.SECP256K1()))


def test_static_resolver_and_documents_take_ecdsa_multikeys() -> None:
    key = mc.EcdsaKey.generate("P-384")
    r = mc.StaticKeyResolver({"https://ex.edu/i#k": key.public_key_multibase})
    assert r.resolve("https://ex.edu/i#k").key_type == "P-384"
    doc = {"id": "https://ex.edu/i", "verificationMethod": [key.multikey(id="https://ex.edu/i#1")],
           "assertionMethod": ["#1"]}
    resolved = mc.StaticKeyResolver.from_controller_document(doc).resolve("https://ex.edu/i#1")
    assert resolved.curve == "P-384" and "assertionMethod" in resolved.relationships


def test_jwk_thumbprint_rfc7638_example() -> None:
    jwk = {
        "kty": "RSA",
        "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L"
             "6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v"
             "-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qN"
             "Lyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awap"
             "JzKnqDKgw",
        "e": "AQAB",
        "alg": "RS256",
        "kid": "2011-04-29",
    }
    assert mc.jwk_thumbprint(jwk) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    key = mc.EcdsaKey.generate()
    assert mc.jwk_thumbprint(key.export_jwk()) == mc.jwk_thumbprint(key.public_jwk)
    with pytest.raises(mc.KeyFormatError):
        mc.jwk_thumbprint({"kty": "oct", "k": "AA"})
    with pytest.raises(mc.KeyFormatError):
        mc.jwk_thumbprint({"kty": "EC", "crv": "P-256", "x": 1, "y": "A"})


_P256 = mc.EcdsaKey.from_secret_bytes(bytes(range(1, 33)), curve="P-256")
_P384 = mc.EcdsaKey.from_secret_bytes(bytes(range(1, 49)), curve="P-384")


@settings(max_examples=40, deadline=None)
@given(msg=st.binary(max_size=200), which=st.sampled_from(["P-256", "P-384"]),
       flip=st.integers(min_value=0, max_value=10_000))
def test_sign_verify_property(msg: bytes, which: str, flip: int) -> None:
    """Every signature verifies, matches cryptography's own verify, and any changed bit fails."""
    key = _P256 if which == "P-256" else _P384
    sig = key.sign(msg)
    resolved = key.resolved()
    assert resolved.verify_ecdsa(msg, sig)
    size = CURVES[which].size
    der = encode_dss_signature(int.from_bytes(sig[:size], "big"),
                               int.from_bytes(sig[size:], "big"))
    assert decode_dss_signature(der) == (int.from_bytes(sig[:size], "big"),
                                         int.from_bytes(sig[size:], "big"))
    key.private_key.public_key().verify(der, msg, ec.ECDSA(hashes.SHA256() if which == "P-256"
                                                            else hashes.SHA384()))
    assert mc.der_to_p1363(der, which) == sig
    bit = flip % (8 * len(sig))
    tampered = bytearray(sig)
    tampered[bit // 8] ^= 1 << (bit % 8)
    assert not resolved.verify_ecdsa(msg, bytes(tampered))


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=120))
def test_arbitrary_signature_bytes_never_raise(data: bytes) -> None:
    for key in (_P256, _P384):
        assert key.resolved().verify_ecdsa(b"m", data) is False
        assert key.resolved().verify_jws(key.algorithm, b"m", data) is False
