"""Keys: Ed25519 (PyNaCl) and ECDSA P-256/P-384 (``cryptography``), the resolved public-key
type, the :class:`Signer` protocol and the built-in signers.

Encodings follow W3C Controlled Identifiers v1.0 §2.2.2 (Multikey: ``0xed01`` + 32-byte
Ed25519 public key, ``0x8026`` + 32-byte secret seed; ``0x8024`` / ``0x8124`` + SEC 1
compressed P-256 / P-384 point, ``0x8626`` / ``0x8726`` + the big-endian secret scalar; all
``z``-base58btc), RFC 8037 (OKP JWK), RFC 7518 §6.2 (EC JWK), RFC 7638 (JWK thumbprints) and
the Ed25519Signature2020 verification key type (``Ed25519VerificationKey2020``).

ECDSA signatures are the fixed-size IEEE P1363 form ``r || s`` (RFC 4754 §7) that the W3C
ECDSA cryptosuites and JWS (RFC 7518 §3.4) both use; DER is never produced nor accepted.
Signing is deterministic (RFC 6979, which vc-di-ecdsa §3 recommends); verification accepts
high-S and low-S alike, as FIPS 186-5 does (see ``docs/ecdsa.md``). No elliptic-curve
arithmetic happens here: point decoding, validation, signing and verification are
``cryptography``'s (OpenSSL).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import nacl.bindings
import nacl.exceptions
import nacl.signing

from .._errors import KeyFormatError
from .._lazy import LazyModule
from .multibase import (
    ED25519_PRIV_HEADER,
    ED25519_PUB_HEADER,
    P256_PRIV_HEADER,
    P256_PUB_HEADER,
    P384_PRIV_HEADER,
    P384_PUB_HEADER,
    b58_decode,
    b58_encode,
    b64url_decode,
    b64url_encode,
)

if TYPE_CHECKING:
    import secrets

    from cryptography import exceptions as _crypto_exc
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    from cryptography.hazmat.primitives.asymmetric import utils as _dss
else:  # cryptography loads for ECDSA, JWK and pyca keys only (Ed25519 uses PyNaCl)
    secrets = LazyModule("secrets")  # (key generation only)
    _crypto_exc = LazyModule("cryptography.exceptions")
    hashes = LazyModule("cryptography.hazmat.primitives.hashes")
    ec = LazyModule("cryptography.hazmat.primitives.asymmetric.ec")
    ed25519 = LazyModule("cryptography.hazmat.primitives.asymmetric.ed25519")
    _dss = LazyModule("cryptography.hazmat.primitives.asymmetric.utils")

__all__ = [
    "ALL_RELATIONSHIPS",
    "CryptographySigner",
    "EcdsaKey",
    "EcdsaSigner",
    "Ed25519Key",
    "Ed25519Signer",
    "ResolvedKey",
    "Signer",
    "der_to_p1363",
    "ed25519_public_from_multibase",
    "ed25519_public_to_multibase",
    "jwk_thumbprint",
    "public_key_from_multibase",
]

#: The four verification relationships a did:key document lists its key under.
ALL_RELATIONSHIPS = frozenset(
    {"assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"}
)
_MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
_ED2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"


def ed25519_public_to_multibase(public_key: bytes) -> str:
    """Multikey encoding (``z6Mk…``) of a raw 32-byte Ed25519 public key."""
    if len(public_key) != 32:
        raise KeyFormatError(f"Ed25519 public key must be 32 bytes, got {len(public_key)}")
    return b58_encode(ED25519_PUB_HEADER + public_key)


def ed25519_public_from_multibase(value: object, *, what: str = "publicKeyMultibase") -> bytes:
    """Raw 32-byte Ed25519 public key from a Multikey value; :class:`KeyFormatError` otherwise.

    Only the ``0xed01`` header is accepted (vc-di-eddsa §2.1.1: implementations "will raise
    errors if they encounter a Multikey prefix value other than ``0xed01``").
    """
    raw = b58_decode(value, what=what)
    if raw[:2] != ED25519_PUB_HEADER:
        raise KeyFormatError(f"{what}: multicodec header 0x{raw[:2].hex()} is not Ed25519 "
                             "public key 0xed01")
    key = raw[2:]
    if len(key) != 32:
        raise KeyFormatError(f"{what}: Ed25519 public key must be 32 bytes, got {len(key)}")
    return key


_VALID_POINTS: set[bytes] = set()  # public keys already checked (bounded memo)


def _is_valid_point(key: bytes) -> bool:
    """Whether ``key`` encodes a valid, non-small-order Ed25519 point (~55 µs; memoised)."""
    if key in _VALID_POINTS:  # one verification resolves the same key several times
        return True
    if not nacl.bindings.crypto_core_ed25519_is_valid_point(key):
        return False
    if len(_VALID_POINTS) >= 4096:
        _VALID_POINTS.clear()
    _VALID_POINTS.add(key)
    return True


def _check_point(public_key: bytes, what: str) -> None:
    """Reject encodings that are not a valid, non-small-order Ed25519 point."""
    if not _is_valid_point(bytes(public_key)):
        raise KeyFormatError(f"{what}: not a valid Ed25519 public key (invalid or small-order "
                             "point)")


class _InvalidPoint(Exception):
    """Internal: a well-formed encoding of something that is not a usable Ed25519 point."""


def _valid_point_or_raise(key: bytes) -> bytes:
    if len(key) != 32 or not _is_valid_point(key):
        raise _InvalidPoint
    return key


@functools.lru_cache(maxsize=1024)
def _multikey_public(value: str) -> bytes:
    """Memoised ``ed25519_public_from_multibase`` + point check, per Multikey string.

    Only successes are cached: a malformed value raises its :class:`KeyFormatError` (never
    cached) and an invalid point raises :class:`_InvalidPoint`, on which the caller reruns the
    uncached path to raise the usual error.
    """
    return _valid_point_or_raise(ed25519_public_from_multibase(value))


@functools.lru_cache(maxsize=1024)
def _jwk_x_public(x: str) -> bytes:
    """Memoised decode, length and point check of an OKP JWK ``x`` (as :func:`_multikey_public`)."""
    return _valid_point_or_raise(b64url_decode(x, what="JWK x"))


@functools.lru_cache(maxsize=1024)
def _cached_verify_key(public_key: bytes) -> nacl.signing.VerifyKey:
    return nacl.signing.VerifyKey(public_key)


def _verify_key(public_key: bytes) -> nacl.signing.VerifyKey:
    """A PyNaCl ``VerifyKey`` per raw public key (immutable, so shared; bounded memo)."""
    if type(public_key) is bytes:
        return _cached_verify_key(public_key)
    return nacl.signing.VerifyKey(public_key)  # whatever PyNaCl says about other types


# -- ECDSA P-256 / P-384 ----------------------------------------------------------------------

@dataclass(frozen=True)
class _Curve:
    """What microcred needs to know about one NIST curve (no arithmetic: constants only)."""

    name: str  # "P-256"
    size: int  # bytes of a coordinate, of the secret scalar and of each of r, s
    jose_alg: str  # "ES256": ECDSA with this curve and its hash (RFC 7518 §3.4)
    hash_name: str  # "sha256": the hash ECDSA and the cryptosuites use with this curve
    pub_header: bytes
    priv_header: bytes
    order: int  # the group order n (for range checks of secrets only)

    def ec_curve(self) -> ec.EllipticCurve:
        return ec.SECP256R1() if self.name == "P-256" else ec.SECP384R1()

    def hash_algorithm(self) -> hashes.HashAlgorithm:
        return hashes.SHA256() if self.name == "P-256" else hashes.SHA384()


#: The ECDSA curves microcred signs and verifies with, by JOSE/Multikey name.
CURVES: dict[str, _Curve] = {
    "P-256": _Curve("P-256", 32, "ES256", "sha256", P256_PUB_HEADER, P256_PRIV_HEADER,
                    0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
    "P-384": _Curve("P-384", 48, "ES384", "sha384", P384_PUB_HEADER, P384_PRIV_HEADER,
                    int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF58"
                        "1A0DB248B0A77AECEC196ACCC52973", 16)),
}
_CURVE_BY_PUB_HEADER = {c.pub_header: c for c in CURVES.values()}
_CURVE_BY_ALG = {**{c.jose_alg: c for c in CURVES.values()}, **CURVES}
_PUB_HEADERS = {ED25519_PUB_HEADER: "Ed25519", P256_PUB_HEADER: "P-256",
                P384_PUB_HEADER: "P-384"}
#: Multikey headers of EC keys microcred names but does not use (for precise reports).
_OTHER_EC_HEADERS = {b"\xe7\x01": "secp256k1", b"\x82\x24": "P-521"}


def _curve_of(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> _Curve:
    name = key.curve.name
    if name == "secp256r1":
        return CURVES["P-256"]
    if name == "secp384r1":
        return CURVES["P-384"]
    raise KeyFormatError(f"unsupported elliptic curve {name!r} (P-256 and P-384 are supported)")


def _compressed(public: ec.EllipticCurvePublicKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return public.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)


def public_key_from_multibase(value: object, *, what: str = "publicKeyMultibase"
                              ) -> tuple[str, bytes]:
    """``(key type, raw public key)`` of a Multikey value: ``"Ed25519"`` and 32 bytes, or
    ``"P-256"`` / ``"P-384"`` and the 33- / 49-byte SEC 1 compressed point.

    The encoding (header, length, compression prefix) is checked here; whether the bytes are
    a point of the curve is checked when the key is used (:meth:`ResolvedKey.check`).
    :class:`KeyFormatError` for anything else (e.g. a secp256k1 or P-521 Multikey).
    """
    raw = b58_decode(value, what=what)
    key_type = _PUB_HEADERS.get(raw[:2])
    if key_type is None:
        raise KeyFormatError(f"{what}: multicodec header 0x{raw[:2].hex()} is not an Ed25519 "
                             "(0xed01), P-256 (0x8024) or P-384 (0x8124) public key")
    key = raw[2:]
    if key_type == "Ed25519":
        if len(key) != 32:
            raise KeyFormatError(f"{what}: Ed25519 public key must be 32 bytes, got {len(key)}")
        return key_type, key
    size = CURVES[key_type].size
    if len(key) != size + 1 or key[0] not in (2, 3):
        raise KeyFormatError(f"{what}: {key_type} public key must be a {size + 1}-byte "
                             f"compressed point (0x02/0x03 prefix), got {len(key)} bytes")
    return key_type, key


@functools.lru_cache(maxsize=1024)
def _ec_point(curve_name: str, encoded: bytes) -> ec.EllipticCurvePublicKey:
    """The public key of an SEC 1 encoded point (memoised per encoding; successes only)."""
    curve = CURVES[curve_name]
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(curve.ec_curve(), encoded)
    except (ValueError, _crypto_exc.UnsupportedAlgorithm):
        raise KeyFormatError(f"not a valid {curve_name} public key (not a point of the curve)"
                             ) from None


def _jwk_coordinate(jwk: Mapping[str, Any], name: str, curve: _Curve) -> bytes:
    value = b64url_decode(jwk.get(name), what=f"JWK {name}")
    if len(value) != curve.size:
        raise KeyFormatError(f"JWK {name}: a {curve.name} coordinate must be {curve.size} "
                             f"bytes, got {len(value)}")
    return value


def _ec_from_jwk(jwk: Mapping[str, Any]) -> tuple[_Curve, ec.EllipticCurvePublicKey]:
    curve = CURVES.get(str(jwk.get("crv")))
    if jwk.get("kty") != "EC" or curve is None:
        raise KeyFormatError(f"JWK is not a P-256 or P-384 EC key (kty {jwk.get('kty')!r}, "
                             f"crv {jwk.get('crv')!r})")
    x = _jwk_coordinate(jwk, "x", curve)
    y = _jwk_coordinate(jwk, "y", curve)
    return curve, _ec_point(curve.name, b"\x04" + x + y)


def ec_public_jwk(public: ec.EllipticCurvePublicKey) -> dict[str, str]:
    """The EC JWK (RFC 7518 §6.2) of a P-256/P-384 public key object."""
    curve = _curve_of(public)
    numbers = public.public_numbers()
    return {"kty": "EC", "crv": curve.name,
            "x": b64url_encode(numbers.x.to_bytes(curve.size, "big")),
            "y": b64url_encode(numbers.y.to_bytes(curve.size, "big"))}


def _p1363(der: bytes, curve: _Curve) -> bytes:
    r, s = _dss.decode_dss_signature(der)
    return r.to_bytes(curve.size, "big") + s.to_bytes(curve.size, "big")


def der_to_p1363(signature: bytes, curve: str) -> bytes:
    """The fixed-size ``r || s`` form of a DER ECDSA signature (what most KMS/HSM APIs and
    ``cryptography`` return); a :class:`Signer` for an ECDSA cryptosuite must return this form.

    ``curve`` is ``"P-256"`` or ``"P-384"``; :class:`KeyFormatError` if ``signature`` is not DER
    or its numbers do not fit the curve.
    """
    c = CURVES.get(curve)
    if c is None:
        raise KeyFormatError(f"unsupported curve {curve!r}")
    try:
        r, s = _dss.decode_dss_signature(bytes(signature))
    except ValueError:
        raise KeyFormatError("not a DER-encoded ECDSA signature") from None
    if not (0 < r < c.order and 0 < s < c.order):
        raise KeyFormatError(f"DER signature numbers out of range for {curve}")
    return r.to_bytes(c.size, "big") + s.to_bytes(c.size, "big")


def _ecdsa_verify(public: ec.EllipticCurvePublicKey, curve: _Curve, message: bytes,
                  signature: bytes) -> bool:
    """Verify a P1363 signature; False (never an exception) for anything malformed.

    Exactly ``2 * size`` bytes are required, so DER (``0x30 …``, variable length) is refused
    (a DER value of exactly that length would be read as r || s and fail).  r and s must be in
    ``[1, n-1]``; s above n/2 ("high-S") is accepted, as FIPS 186-5 verification does.
    """
    if type(signature) is not bytes or len(signature) != 2 * curve.size:
        return False
    r = int.from_bytes(signature[: curve.size], "big")
    s = int.from_bytes(signature[curve.size:], "big")
    if not (0 < r < curve.order and 0 < s < curve.order):
        return False
    try:
        public.verify(_dss.encode_dss_signature(r, s), bytes(message),
                      ec.ECDSA(curve.hash_algorithm()))
    except (_crypto_exc.InvalidSignature, ValueError, TypeError):
        return False
    return True


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url) of an OKP, EC or RSA public JWK.

    >>> jwk_thumbprint({"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "kid": "ignored"})
    'RDgNRYDb79jbk-P-ajJnMZumfDir5astRaQ6H-xiOCM'
    """
    required = {"EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x"),
                "RSA": ("e", "kty", "n")}.get(str(jwk.get("kty")))
    if required is None:
        raise KeyFormatError(f"JWK thumbprint: unsupported kty {jwk.get('kty')!r}")
    members = {}
    for name in required:
        value = jwk.get(name)
        if not isinstance(value, str):
            raise KeyFormatError(f"JWK thumbprint: member {name!r} must be a string")
        members[name] = value
    text = json.dumps(members, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return b64url_encode(hashlib.sha256(text.encode("utf-8")).digest())


@runtime_checkable
class Signer(Protocol):
    """What a signing backend (software key, KMS, HSM) implements.

    ``algorithm`` names the signature algorithm: ``"Ed25519"`` (the EdDSA suites),
    ``"ES256"`` (ECDSA P-256 with SHA-256) or ``"ES384"`` (ECDSA P-384 with SHA-384) for the
    ECDSA suites (``"P-256"`` / ``"P-384"`` are accepted as synonyms). ``verification_method``
    is the URL a verifier resolves to the public key (e.g. ``did:key:z6Mk…#z6Mk…`` or
    ``https://example.edu/issuers/1#key-1``) and ``sign(data)`` returns the raw signature over
    ``data``: 64 bytes for Ed25519; for ECDSA the signer hashes ``data`` itself (as JWS ES256
    and a KMS's "raw message" mode do) and returns the fixed-size ``r || s`` form (64 or 96
    bytes; convert a DER signature with :func:`der_to_p1363`).
    """

    @property
    def algorithm(self) -> str:
        """Signature algorithm, e.g. ``"Ed25519"``."""
        ...

    @property
    def verification_method(self) -> str:
        """Verification method URL written into the proof."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Sign ``data`` and return the raw signature bytes."""
        ...


class _KeyViews:
    """The identifier views every key pair offers, from its ``public_key_multibase``."""

    __slots__ = ()

    @property
    def public_key_multibase(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def did(self) -> str:
        """The did:key DID of this key, ``did:key:<Multikey>``."""
        return "did:key:" + self.public_key_multibase

    @property
    def did_verification_method(self) -> str:
        """The did:key verification method URL, ``did:key:<Multikey>#<Multikey>``."""
        mb = self.public_key_multibase
        return f"did:key:{mb}#{mb}"

    def multikey(self, *, id: str | None = None, controller: str | None = None) -> dict[str, Any]:
        """A ``Multikey`` verification method document (CID v1.0 §2.2.2).

        ``id`` defaults to the did:key verification method, ``controller`` to the id without
        its fragment.
        """
        vm_id = id or self.did_verification_method
        return {
            "@context": _MULTIKEY_CONTEXT,
            "id": vm_id,
            "type": "Multikey",
            "controller": controller or vm_id.split("#", 1)[0],
            "publicKeyMultibase": self.public_key_multibase,
        }

    def resolved(self, *, id: str | None = None, controller: str | None = None) -> ResolvedKey:
        """This key's public half as a :class:`ResolvedKey` (for static resolvers and tests)."""
        vm_id = id or self.did_verification_method
        return ResolvedKey(id=vm_id, controller=controller or vm_id.split("#", 1)[0],
                           type="Multikey", public_key_multibase=self.public_key_multibase)


class Ed25519Key(_KeyViews):
    """An Ed25519 key pair held in memory (PyNaCl).

    >>> key = Ed25519Key.from_seed(bytes(32))
    >>> key.did
    'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'

    The secret never appears in ``repr``/``str``; :meth:`export_secret_multibase` is the one
    deliberate way out. Instances pickle (as their seed) so that batch issuance can run in a
    process pool; treat pickles like the secret key itself.
    """

    __slots__ = ("_public", "_seed", "_signing_key")

    def __init__(self, seed: bytes) -> None:
        if not isinstance(seed, (bytes, bytearray)) or len(seed) != 32:
            raise KeyFormatError("Ed25519 seed must be exactly 32 bytes")
        self._seed = bytes(seed)
        self._signing_key = nacl.signing.SigningKey(self._seed)
        self._public = bytes(self._signing_key.verify_key)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def generate(cls) -> Ed25519Key:
        """A new random key (32 bytes from :mod:`secrets`)."""
        return cls(secrets.token_bytes(32))

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519Key:
        """The key for a 32-byte RFC 8032 secret (seed)."""
        return cls(seed)

    @classmethod
    def from_secret_bytes(cls, secret: bytes) -> Ed25519Key:
        """From a 32-byte seed or the 64-byte ``seed || public`` form (NaCl/libsodium).

        In the 64-byte form the public half must match the seed.
        """
        if len(secret) == 32:
            return cls(secret)
        if len(secret) == 64:
            key = cls(secret[:32])
            if key._public != secret[32:]:
                raise KeyFormatError("64-byte Ed25519 secret: public half does not match seed")
            return key
        raise KeyFormatError(f"Ed25519 secret key must be 32 or 64 bytes, got {len(secret)}")

    @classmethod
    def from_secret_multibase(cls, value: str) -> Ed25519Key:
        """From a ``secretKeyMultibase``.

        Accepts the W3C form (``z3u2…``: ``0x8026`` + 32-byte seed), the older Digital Bazaar
        form used by the 1EdTech OB 3.0 implementation-guide vector (``0x8026`` + 64-byte
        ``seed || public``) and an identity-multihash seed (``z1A…``: ``0x00 0x20`` + seed).
        """
        try:
            raw = b58_decode(value, what="secretKeyMultibase", secret=True)
        except KeyFormatError:  # never echo any part of a secret
            raise KeyFormatError("secretKeyMultibase: not a z-base58btc multibase value"
                                 ) from None
        if raw[:2] == ED25519_PRIV_HEADER:
            return cls.from_secret_bytes(raw[2:])
        if raw[:2] == b"\x00\x20" and len(raw) == 34:
            return cls(raw[2:])
        raise KeyFormatError(f"secretKeyMultibase: multicodec header 0x{raw[:2].hex()} is not "
                             "Ed25519 secret key 0x8026")

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> Ed25519Key:
        """From a private OKP JWK (RFC 8037: ``kty`` OKP, ``crv`` Ed25519, ``d``, ``x``)."""
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            raise KeyFormatError("JWK is not an Ed25519 OKP key")
        if "d" not in jwk:
            raise KeyFormatError("JWK has no private part 'd'")
        key = cls(b64url_decode(jwk["d"], what="JWK d"))
        if "x" in jwk and b64url_decode(jwk["x"], what="JWK x") != key._public:
            raise KeyFormatError("JWK: 'x' does not match 'd'")
        return key

    # -- public views ---------------------------------------------------------------------
    @property
    def public_key(self) -> bytes:
        """Raw 32-byte public key."""
        return self._public

    @property
    def public_key_multibase(self) -> str:
        """Multikey public key, ``z6Mk…``."""
        return ed25519_public_to_multibase(self._public)

    @property
    def public_jwk(self) -> dict[str, str]:
        """Public key as an RFC 8037 OKP JWK (no ``d``)."""
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self._public)}

    def ed25519_verification_key_2020(
        self, *, id: str | None = None, controller: str | None = None
    ) -> dict[str, Any]:
        """An ``Ed25519VerificationKey2020`` verification method document."""
        doc = self.multikey(id=id, controller=controller)
        doc["@context"] = _ED2020_CONTEXT
        doc["type"] = "Ed25519VerificationKey2020"
        return doc

    def export_jwk(self) -> dict[str, str]:
        """The key pair as a private OKP JWK (RFC 8037, with ``d``). Handle with care."""
        return {**self.public_jwk, "d": b64url_encode(self._seed)}

    @property
    def algorithm(self) -> str:
        """``"Ed25519"``."""
        return "Ed25519"

    def export_secret_multibase(self) -> str:
        """The secret as a W3C ``secretKeyMultibase`` (``z3u2…``). Handle with care."""
        return b58_encode(ED25519_PRIV_HEADER + self._seed)

    # -- signing ----------------------------------------------------------------------------
    def sign(self, data: bytes) -> bytes:
        """Pure Ed25519 (RFC 8032) signature of ``data``; 64 bytes."""
        return bytes(self._signing_key.sign(bytes(data)).signature)

    def signer(self, verification_method: str | None = None) -> Ed25519Signer:
        """A :class:`Signer` for this key; the verification method defaults to did:key."""
        return Ed25519Signer(self, verification_method or self.did_verification_method)

    # -- dunder -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Ed25519Key(public_key_multibase={self.public_key_multibase!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ed25519Key):
            return NotImplemented
        return secrets.compare_digest(self._seed, other._seed)

    def __hash__(self) -> int:
        return hash(self._public)

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return (Ed25519Key, (self._seed,))


@dataclass(frozen=True)
class Ed25519Signer:
    """The built-in :class:`Signer`: an in-memory :class:`Ed25519Key` (picklable)."""

    key: Ed25519Key
    verification_method: str
    algorithm: str = "Ed25519"

    def sign(self, data: bytes) -> bytes:
        """Ed25519 signature of ``data``."""
        return self.key.sign(data)


class EcdsaKey(_KeyViews):
    """An ECDSA key pair (P-256 or P-384) held in memory by ``cryptography``.

    >>> key = EcdsaKey.from_secret_bytes(bytes(31) + b"\\x01", curve="P-256")
    >>> key.did[:11], key.algorithm
    ('did:key:zDn', 'ES256')

    ``sign(data)`` is deterministic ECDSA (RFC 6979) with the curve's hash (SHA-256 for P-256,
    SHA-384 for P-384) in the P1363 form ``r || s``. The secret never appears in
    ``repr``/``str``; :meth:`export_secret_multibase` and :meth:`export_jwk` are the deliberate
    ways out. Instances pickle (as curve and secret); treat pickles like the secret key itself.
    To sign with a key held by an HSM or KMS, implement :class:`Signer` instead (see
    :class:`CryptographySigner`).
    """

    __slots__ = ("_curve", "_private", "_public")

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(private_key, ec.EllipticCurvePrivateKey):
            raise KeyFormatError("EcdsaKey needs a cryptography EllipticCurvePrivateKey")
        self._curve = _curve_of(private_key)
        self._private = private_key
        self._public = _compressed(private_key.public_key())

    # -- construction -------------------------------------------------------------------
    @classmethod
    def generate(cls, curve: str = "P-256") -> EcdsaKey:
        """A new random key on ``curve`` (``"P-256"`` or ``"P-384"``)."""
        c = CURVES.get(curve)
        if c is None:
            raise KeyFormatError(f"unsupported curve {curve!r} (P-256 or P-384)")
        return cls(ec.generate_private_key(c.ec_curve()))

    @classmethod
    def from_secret_bytes(cls, secret: bytes, *, curve: str = "P-256") -> EcdsaKey:
        """From the big-endian secret scalar (32 bytes for P-256, 48 for P-384)."""
        c = CURVES.get(curve)
        if c is None:
            raise KeyFormatError(f"unsupported curve {curve!r} (P-256 or P-384)")
        if not isinstance(secret, (bytes, bytearray)) or len(secret) != c.size:
            raise KeyFormatError(f"{curve} secret key must be exactly {c.size} bytes")
        d = int.from_bytes(secret, "big")
        if not 0 < d < c.order:
            raise KeyFormatError(f"{curve} secret key is out of range")
        return cls(ec.derive_private_key(d, c.ec_curve()))

    @classmethod
    def from_secret_multibase(cls, value: str) -> EcdsaKey:
        """From a ``secretKeyMultibase``: ``0x8626`` + 32 bytes (P-256, ``z42…``) or
        ``0x8726`` + 48 bytes (P-384, ``z2fa…``), as in the W3C vc-di-ecdsa key pairs."""
        try:
            raw = b58_decode(value, what="secretKeyMultibase", secret=True)
        except KeyFormatError:  # never echo any part of a secret
            raise KeyFormatError("secretKeyMultibase: not a z-base58btc multibase value"
                                 ) from None
        for c in CURVES.values():
            if raw[:2] == c.priv_header:
                return cls.from_secret_bytes(raw[2:], curve=c.name)
        raise KeyFormatError(f"secretKeyMultibase: multicodec header 0x{raw[:2].hex()} is not "
                             "a P-256 (0x8626) or P-384 (0x8726) secret key")

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> EcdsaKey:
        """From a private EC JWK (RFC 7518 §6.2: ``kty`` EC, ``crv`` P-256/P-384, ``d``; ``x``
        and ``y``, if present, must match ``d``)."""
        curve = CURVES.get(str(jwk.get("crv")))
        if jwk.get("kty") != "EC" or curve is None:
            raise KeyFormatError("JWK is not a P-256 or P-384 EC key")
        if "d" not in jwk:
            raise KeyFormatError("JWK has no private part 'd'")
        key = cls.from_secret_bytes(b64url_decode(jwk["d"], what="JWK d"), curve=curve.name)
        public = key.public_jwk
        for name in ("x", "y"):
            if name in jwk and jwk[name] != public[name]:
                raise KeyFormatError(f"JWK: {name!r} does not match 'd'")
        return key

    # -- public views ---------------------------------------------------------------------
    @property
    def curve(self) -> str:
        """``"P-256"`` or ``"P-384"``."""
        return self._curve.name

    @property
    def algorithm(self) -> str:
        """The JOSE name of what :meth:`sign` does: ``"ES256"`` or ``"ES384"``."""
        return self._curve.jose_alg

    @property
    def private_key(self) -> ec.EllipticCurvePrivateKey:
        """The ``cryptography`` private key object."""
        return self._private

    @property
    def public_key(self) -> bytes:
        """The SEC 1 compressed public point (33 or 49 bytes)."""
        return self._public

    @property
    def public_key_multibase(self) -> str:
        """Multikey public key, ``zDn…`` (P-256) or ``z82…`` (P-384)."""
        return b58_encode(self._curve.pub_header + self._public)

    @property
    def public_jwk(self) -> dict[str, str]:
        """Public key as an EC JWK (RFC 7518 §6.2; no ``d``)."""
        return ec_public_jwk(self._private.public_key())

    def export_jwk(self) -> dict[str, str]:
        """The key pair as a private EC JWK (with ``d``). Handle with care."""
        d = self._private.private_numbers().private_value.to_bytes(self._curve.size, "big")
        return {**self.public_jwk, "d": b64url_encode(d)}

    def export_secret_multibase(self) -> str:
        """The secret as a ``secretKeyMultibase`` (``0x8626``/``0x8726`` header)."""
        d = self._private.private_numbers().private_value.to_bytes(self._curve.size, "big")
        return b58_encode(self._curve.priv_header + d)

    # -- signing ----------------------------------------------------------------------------
    def sign(self, data: bytes) -> bytes:
        """Deterministic ECDSA (RFC 6979) of ``data`` with the curve's hash; ``r || s``."""
        try:
            der = self._private.sign(bytes(data), ec.ECDSA(self._curve.hash_algorithm(),
                                                           deterministic_signing=True))
        except _crypto_exc.UnsupportedAlgorithm:  # pragma: no cover - OpenSSL < 3.2: random k
            # is valid too
            der = self._private.sign(bytes(data), ec.ECDSA(self._curve.hash_algorithm()))
        return _p1363(der, self._curve)

    def signer(self, verification_method: str | None = None) -> EcdsaSigner:
        """A :class:`Signer` for this key; the verification method defaults to did:key."""
        return EcdsaSigner(self, verification_method or self.did_verification_method)

    # -- dunder -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"EcdsaKey(curve={self.curve!r}, public_key_multibase={self.public_key_multibase!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EcdsaKey):
            return NotImplemented
        return self.curve == other.curve and (
            self._private.private_numbers().private_value
            == other._private.private_numbers().private_value)

    def __hash__(self) -> int:
        return hash(self._public)

    def __reduce__(self) -> tuple[Any, ...]:
        d = self._private.private_numbers().private_value.to_bytes(self._curve.size, "big")
        return (_ecdsa_key_from_pickle, (d, self.curve))


def _ecdsa_key_from_pickle(secret: bytes, curve: str) -> EcdsaKey:
    return EcdsaKey.from_secret_bytes(secret, curve=curve)


@dataclass(frozen=True)
class EcdsaSigner:
    """The built-in ECDSA :class:`Signer`: an in-memory :class:`EcdsaKey` (picklable)."""

    key: EcdsaKey
    verification_method: str

    @property
    def algorithm(self) -> str:
        """``"ES256"`` (P-256 with SHA-256) or ``"ES384"`` (P-384 with SHA-384)."""
        return self.key.algorithm

    def sign(self, data: bytes) -> bytes:
        """Deterministic ECDSA signature of ``data`` (P1363 ``r || s``)."""
        return self.key.sign(data)


class CryptographySigner:
    """A :class:`Signer` around a ``cryptography`` private key object it never looks inside.

    Works with any ``EllipticCurvePrivateKey`` (P-256, P-384) or ``Ed25519PrivateKey`` —
    including objects whose secret lives in an HSM or KMS behind that interface: only
    ``private_key.sign()`` and ``private_key.public_key()`` are called, so the secret is never
    read. ECDSA signatures come back from ``cryptography`` in DER and are converted to the
    P1363 form the cryptosuites and JWS need.

    >>> from cryptography.hazmat.primitives.asymmetric import ec
    >>> signer = CryptographySigner(ec.generate_private_key(ec.SECP384R1()))
    >>> signer.algorithm, signer.verification_method[:11]
    ('ES384', 'did:key:z82')
    """

    def __init__(self, private_key: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey,
                 verification_method: str | None = None) -> None:
        if not isinstance(private_key, (ec.EllipticCurvePrivateKey,
                                        ed25519.Ed25519PrivateKey)):
            raise KeyFormatError("CryptographySigner needs an EllipticCurvePrivateKey (P-256, "
                                 "P-384) or an Ed25519PrivateKey")
        self._private = private_key
        public = private_key.public_key()
        self._curve: _Curve | None
        if isinstance(private_key, ed25519.Ed25519PrivateKey):
            from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

            self._curve = None
            raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
            self.public_key_multibase = b58_encode(ED25519_PUB_HEADER + raw)
        else:
            self._curve = _curve_of(private_key)
            assert isinstance(public, ec.EllipticCurvePublicKey)
            self.public_key_multibase = b58_encode(self._curve.pub_header
                                                   + _compressed(public))
        mb = self.public_key_multibase
        self.verification_method: str = verification_method or f"did:key:{mb}#{mb}"

    @property
    def algorithm(self) -> str:
        """``"Ed25519"``, ``"ES256"`` or ``"ES384"``."""
        return "Ed25519" if self._curve is None else self._curve.jose_alg

    @property
    def did(self) -> str:
        """The did:key DID of the public key."""
        return "did:key:" + self.public_key_multibase

    @property
    def public_jwk(self) -> dict[str, str]:
        """The public key as a JWK (OKP Ed25519 or EC P-256/P-384; never ``d``)."""
        resolved = ResolvedKey(id="urn:x#k", controller="urn:x",
                               public_key_multibase=self.public_key_multibase)
        if self._curve is None:
            return {"kty": "OKP", "crv": "Ed25519",
                    "x": b64url_encode(resolved.ed25519_public_bytes())}
        return ec_public_jwk(resolved.ec_public_key())

    def sign(self, data: bytes) -> bytes:
        """Sign with the wrapped object: Ed25519 (64 bytes) or ECDSA in P1363 form."""
        if self._curve is None:
            assert isinstance(self._private, ed25519.Ed25519PrivateKey)
            return self._private.sign(bytes(data))
        assert isinstance(self._private, ec.EllipticCurvePrivateKey)
        der = self._private.sign(bytes(data), ec.ECDSA(self._curve.hash_algorithm()))
        return _p1363(der, self._curve)

    def __repr__(self) -> str:
        return (f"CryptographySigner(algorithm={self.algorithm!r}, "
                f"verification_method={self.verification_method!r})")


_JWK_KEY_TYPES = {("OKP", "Ed25519"): "Ed25519", ("EC", "P-256"): "P-256",
                  ("EC", "P-384"): "P-384", ("EC", "P-521"): "P-521",
                  ("EC", "secp256k1"): "secp256k1"}


@dataclass(frozen=True)
class ResolvedKey:
    """A verification method resolved to its public key.

    Carries either a Multikey/Ed25519VerificationKey2020 value (``public_key_multibase``) or a
    public JWK (``public_key_jwk``: OKP, RSA or EC keys, e.g. for VC-JWT RS256/ES256).
    ``relationships`` lists the verification relationships (``assertionMethod``, …) under
    which the controller document authorises the key.
    """

    id: str
    controller: str
    type: str = "Multikey"
    public_key_multibase: str | None = None
    public_key_jwk: Mapping[str, Any] | None = field(default=None, hash=False)
    relationships: frozenset[str] = frozenset({"assertionMethod"})

    def __post_init__(self) -> None:
        if (self.public_key_multibase is None) == (self.public_key_jwk is None):
            raise KeyFormatError(f"verification method {self.id!r}: exactly one of "
                                 "publicKeyMultibase and publicKeyJwk is required")
        if self.public_key_jwk is not None:
            if "d" in self.public_key_jwk:
                raise KeyFormatError(f"verification method {self.id!r}: publicKeyJwk contains "
                                     "a private key member 'd'")
            object.__setattr__(self, "public_key_jwk", dict(self.public_key_jwk))

    @classmethod
    def from_multikey(cls, id: str, public_key_multibase: str, *, controller: str | None = None,
                      relationships: frozenset[str] = frozenset({"assertionMethod"})
                      ) -> ResolvedKey:
        """From a Multikey value (``z6Mk…`` Ed25519, ``zDn…`` P-256, ``z82…`` P-384);
        ``controller`` defaults to ``id`` without its fragment."""
        public_key_from_multibase(public_key_multibase)  # validate the encoding early
        return cls(id=id, controller=controller or id.split("#", 1)[0], type="Multikey",
                   public_key_multibase=public_key_multibase, relationships=relationships)

    @classmethod
    def from_jwk(cls, id: str, jwk: Mapping[str, Any], *, controller: str | None = None,
                 relationships: frozenset[str] = frozenset({"assertionMethod"})) -> ResolvedKey:
        """From a public JWK (``d`` is rejected)."""
        if not isinstance(jwk, Mapping) or not isinstance(jwk.get("kty"), str):
            raise KeyFormatError(f"verification method {id!r}: publicKeyJwk needs a 'kty'")
        return cls(id=id, controller=controller or id.split("#", 1)[0], type="JsonWebKey",
                   public_key_jwk=jwk, relationships=relationships)

    @classmethod
    def from_document(cls, vm: Mapping[str, Any], *,
                      relationships: frozenset[str] = frozenset({"assertionMethod"})
                      ) -> ResolvedKey:
        """From a verification method JSON object (Multikey, Ed25519VerificationKey2020,
        JsonWebKey, JsonWebKey2020)."""
        vm_id, vm_type, controller = vm.get("id"), vm.get("type"), vm.get("controller")
        if not isinstance(vm_id, str) or not isinstance(vm_type, str):
            raise KeyFormatError("verification method needs string 'id' and 'type'")
        if controller is not None and not isinstance(controller, str):
            raise KeyFormatError(f"verification method {vm_id!r}: 'controller' must be a string")
        if "publicKeyMultibase" in vm:
            public_key_from_multibase(vm["publicKeyMultibase"])
            return cls(id=vm_id, controller=controller or vm_id.split("#", 1)[0], type=vm_type,
                       public_key_multibase=vm["publicKeyMultibase"],
                       relationships=relationships)
        if "publicKeyJwk" in vm:
            jwk = vm["publicKeyJwk"]
            if not isinstance(jwk, Mapping):
                raise KeyFormatError(f"verification method {vm_id!r}: publicKeyJwk must be an "
                                     "object")
            return cls(id=vm_id, controller=controller or vm_id.split("#", 1)[0], type=vm_type,
                       public_key_jwk=jwk, relationships=relationships)
        raise KeyFormatError(f"verification method {vm_id!r}: no publicKeyMultibase or "
                             "publicKeyJwk")

    @property
    def key_type(self) -> str:
        """``"Ed25519"``, ``"RSA"``, ``"P-256"``, ``"P-384"``, … or ``"unknown"``.

        For a Multikey value this is read from its multicodec header (a value that does not
        decode counts as ``"Ed25519"``, the one type Multikey had before, so that it is then
        reported as a malformed Ed25519 key).
        """
        mb = self.public_key_multibase
        if mb is not None:
            try:
                raw = b58_decode(mb, what="publicKeyMultibase")
            except KeyFormatError:
                return "Ed25519"
            return _PUB_HEADERS.get(raw[:2]) or _OTHER_EC_HEADERS.get(raw[:2], "unknown")
        jwk = self.public_key_jwk or {}
        if jwk.get("kty") == "RSA":
            return "RSA"
        return _JWK_KEY_TYPES.get((str(jwk.get("kty")), str(jwk.get("crv"))), "unknown")

    def ed25519_public_bytes(self) -> bytes:
        """The raw Ed25519 public key; :class:`KeyFormatError` if this is not a valid one.

        Decoding and the point check are memoised per encoded key (successes only), since
        one verification asks for the key several times and batches repeat issuers.
        """
        mb = self.public_key_multibase
        if mb is not None:
            if type(mb) is str:
                try:
                    return _multikey_public(mb)
                except _InvalidPoint:
                    pass  # the uncached path below raises the error naming this method
            raw = ed25519_public_from_multibase(mb)
        else:
            jwk = self.public_key_jwk or {}
            if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
                raise KeyFormatError(f"verification method {self.id!r} is a {self.key_type} "
                                     "key, not Ed25519")
            x = jwk.get("x")
            if type(x) is str:
                try:
                    return _jwk_x_public(x)
                except _InvalidPoint:
                    pass  # wrong length or point: the uncached path raises the usual error
            raw = b64url_decode(x, what="JWK x")
            if len(raw) != 32:
                raise KeyFormatError(f"JWK x: Ed25519 public key must be 32 bytes, got {len(raw)}")
        _check_point(raw, f"verification method {self.id!r}")
        return raw

    def verify_ed25519(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is a valid Ed25519 signature of ``message`` by this key."""
        if len(signature) != 64:
            return False
        try:
            _verify_key(self.ed25519_public_bytes()).verify(message, signature)
        except nacl.exceptions.BadSignatureError:
            return False
        return True

    @property
    def curve(self) -> str | None:
        """``"P-256"`` / ``"P-384"`` for an ECDSA key of a supported curve, else ``None``."""
        key_type = self.key_type
        return key_type if key_type in CURVES else None

    def ec_public_key(self) -> ec.EllipticCurvePublicKey:
        """The P-256/P-384 public key (a ``cryptography`` object), validated as a point of its
        curve; :class:`KeyFormatError` if this is not a valid P-256/P-384 key."""
        mb = self.public_key_multibase
        try:
            if mb is not None:
                key_type, raw = public_key_from_multibase(mb)
                if key_type not in CURVES:
                    raise KeyFormatError(f"a {key_type} key, not P-256 or P-384")
                return _ec_point(key_type, raw)
            return _ec_from_jwk(self.public_key_jwk or {})[1]
        except KeyFormatError as exc:
            raise KeyFormatError(f"verification method {self.id!r}: {exc}") from None

    def check(self) -> None:
        """Validate the public key for use (Ed25519: length and a valid, non-small-order
        point; P-256/P-384: a point of the curve); :class:`KeyFormatError` otherwise.
        Other key types (RSA, …) are left to their users."""
        key_type = self.key_type
        if key_type == "Ed25519":
            self.ed25519_public_bytes()
        elif key_type in CURVES:
            self.ec_public_key()

    def verify_ecdsa(self, message: bytes, signature: bytes) -> bool:
        """Whether ``signature`` (P1363 ``r || s``) is a valid ECDSA signature of ``message``
        by this P-256 (SHA-256) or P-384 (SHA-384) key. Never raises: a malformed signature,
        a DER signature or an unusable key is ``False``."""
        curve = CURVES.get(self.key_type)
        if curve is None:
            return False
        try:
            public = self.ec_public_key()
        except KeyFormatError:
            return False
        return _ecdsa_verify(public, curve, message, signature)

    def verify_jws(self, alg: str, signing_input: bytes, signature: bytes) -> bool:
        """Whether ``signature`` is a valid JWS signature (RFC 7515) over ``signing_input``
        (``ASCII(header) '.' ASCII(payload)``) with this key under ``alg``: ``EdDSA``
        (Ed25519 keys), ``ES256`` (P-256) or ``ES384`` (P-384). ``False`` for a key that does
        not suit ``alg``, an unknown ``alg`` or a malformed signature; never raises."""
        try:
            if alg == "EdDSA":
                return self.key_type == "Ed25519" and self.verify_ed25519(signing_input,
                                                                          signature)
            curve = _CURVE_BY_ALG.get(alg) if alg.startswith("ES") else None
            if curve is None or self.key_type != curve.name:
                return False
            return self.verify_ecdsa(signing_input, signature)
        except (KeyFormatError, TypeError, ValueError):
            return False

    def to_document(self) -> dict[str, Any]:
        """The verification method as JSON."""
        doc: dict[str, Any] = {"id": self.id, "type": self.type, "controller": self.controller}
        if self.public_key_multibase is not None:
            doc["publicKeyMultibase"] = self.public_key_multibase
        else:
            doc["publicKeyJwk"] = dict(self.public_key_jwk or {})
        return doc
