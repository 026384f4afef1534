"""Ed25519 keys (PyNaCl), the resolved public-key type and the built-in signer.

Encodings follow W3C Controlled Identifiers v1.0 §2.2.2 (Multikey: ``0xed01`` + 32-byte public
key, ``0x8026`` + 32-byte secret seed, both ``z``-base58btc), RFC 8037 (OKP JWK) and the
Ed25519Signature2020 verification key type (``Ed25519VerificationKey2020``).
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import nacl.bindings
import nacl.exceptions
import nacl.signing

from .._errors import KeyFormatError
from .multibase import (
    ED25519_PRIV_HEADER,
    ED25519_PUB_HEADER,
    b58_decode,
    b58_encode,
    b64url_decode,
    b64url_encode,
)

__all__ = [
    "ALL_RELATIONSHIPS",
    "Ed25519Key",
    "Ed25519Signer",
    "ResolvedKey",
    "Signer",
    "ed25519_public_from_multibase",
    "ed25519_public_to_multibase",
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


@runtime_checkable
class Signer(Protocol):
    """What a signing backend (software key, KMS, HSM) implements.

    ``algorithm`` names the signature algorithm (``"Ed25519"`` for every built-in
    cryptosuite), ``verification_method`` is the URL a verifier resolves to the public key
    (e.g. ``did:key:z6Mk…#z6Mk…`` or ``https://example.edu/issuers/1#key-1``) and
    ``sign(data)`` returns the raw signature over ``data`` (64 bytes for Ed25519).
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


class Ed25519Key:
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
    def did(self) -> str:
        """The did:key DID of this key, ``did:key:z6Mk…``."""
        return "did:key:" + self.public_key_multibase

    @property
    def did_verification_method(self) -> str:
        """The did:key verification method URL, ``did:key:z6Mk…#z6Mk…``."""
        mb = self.public_key_multibase
        return f"did:key:{mb}#{mb}"

    @property
    def public_jwk(self) -> dict[str, str]:
        """Public key as an RFC 8037 OKP JWK (no ``d``)."""
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self._public)}

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

    def ed25519_verification_key_2020(
        self, *, id: str | None = None, controller: str | None = None
    ) -> dict[str, Any]:
        """An ``Ed25519VerificationKey2020`` verification method document."""
        doc = self.multikey(id=id, controller=controller)
        doc["@context"] = _ED2020_CONTEXT
        doc["type"] = "Ed25519VerificationKey2020"
        return doc

    def export_secret_multibase(self) -> str:
        """The secret as a W3C ``secretKeyMultibase`` (``z3u2…``). Handle with care."""
        return b58_encode(ED25519_PRIV_HEADER + self._seed)

    def resolved(self, *, id: str | None = None, controller: str | None = None) -> ResolvedKey:
        """This key's public half as a :class:`ResolvedKey` (for static resolvers and tests)."""
        vm_id = id or self.did_verification_method
        return ResolvedKey(id=vm_id, controller=controller or vm_id.split("#", 1)[0],
                           type="Multikey", public_key_multibase=self.public_key_multibase)

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
        """From a ``z6Mk…`` value; ``controller`` defaults to ``id`` without its fragment."""
        ed25519_public_from_multibase(public_key_multibase)  # validate early
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
            ed25519_public_from_multibase(vm["publicKeyMultibase"])
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
        """``"Ed25519"``, ``"RSA"``, ``"P-256"``, ``"P-384"``, … or ``"unknown"``."""
        if self.public_key_multibase is not None:
            return "Ed25519"
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

    def to_document(self) -> dict[str, Any]:
        """The verification method as JSON."""
        doc: dict[str, Any] = {"id": self.id, "type": self.type, "controller": self.controller}
        if self.public_key_multibase is not None:
            doc["publicKeyMultibase"] = self.public_key_multibase
        else:
            doc["publicKeyJwk"] = dict(self.public_key_jwk or {})
        return doc
