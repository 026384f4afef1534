"""did:key for Ed25519 (W3C CCG did:key Method v0.7), as pure computation.

Format: ``did:key:<mb>`` with ``mb := z[a-km-zA-HJ-NP-Z1-9]+`` (optionally
``did:key:<version>:<mb>``, version ``1``); the verification method is ``did:key:<mb>#<mb>``.
Error names are those of the did:key resolution algorithm (``invalidDid``,
``invalidPublicKeyLength``, ``invalidPublicKey``, ``unsupportedPublicKeyType``,
``invalidDidUrl``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

import nacl.bindings

from .._errors import KeyFormatError
from .keys import ALL_RELATIONSHIPS, ResolvedKey, _check_point
from .multibase import ED25519_PUB_HEADER, X25519_PUB_HEADER, b58_decode, b58_encode

__all__ = ["DidKeyError", "did_key_document", "parse_did_key", "x25519_from_ed25519"]

_DID_KEY_RE = re.compile(r"^did:key:(?:(?P<version>[0-9]+):)?(?P<mb>z[1-9A-HJ-NP-Za-km-z]+)\Z")
_DID_CONTEXT = "https://www.w3.org/ns/did/v1"
_MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
_ED2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
_X25519_2020_CONTEXT = "https://w3id.org/security/suites/x25519-2020/v1"


class DidKeyError(KeyFormatError):
    """A did:key DID or DID URL is malformed or names an unsupported key type.

    ``code`` is the did:key resolution error name, e.g. ``"invalidPublicKeyLength"``.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(f"{code}: {message}")


def parse_did_key(did_or_url: object) -> tuple[str, bytes]:
    """Split a did:key DID or DID URL into ``(multibase value, raw Ed25519 public key)``.

    A DID URL must have the fragment ``#<mb>`` (the only verification method of an Ed25519
    did:key without key agreement).
    """
    if not isinstance(did_or_url, str):
        raise DidKeyError("invalidDid", "a did:key must be a string")
    did, sep, fragment = did_or_url.partition("#")
    m = _DID_KEY_RE.match(did)
    if m is None:
        raise DidKeyError("invalidDid", f"{did!r} is not did:key:z<base58btc>")
    if m["version"] not in (None, "1"):
        raise DidKeyError("invalidDid", f"unsupported did:key version {m['version']!r}")
    mb = m["mb"]
    try:
        raw = b58_decode(mb, what="did:key")
    except KeyFormatError as exc:
        raise DidKeyError("invalidDid", str(exc)) from None
    if raw[:2] != ED25519_PUB_HEADER:
        raise DidKeyError("unsupportedPublicKeyType",
                          f"multicodec header 0x{raw[:2].hex()} is not Ed25519 (0xed01)")
    key = raw[2:]
    if len(key) != 32:
        raise DidKeyError("invalidPublicKeyLength",
                          f"Ed25519 public key must be 32 bytes, got {len(key)}")
    try:
        _check_point(key, "did:key")
    except KeyFormatError as exc:
        raise DidKeyError("invalidPublicKey", str(exc)) from None
    if sep and fragment != mb:
        raise DidKeyError("invalidDidUrl", f"fragment #{fragment} does not identify the key "
                          f"#{mb}")
    return mb, key


def x25519_from_ed25519(public_key: bytes) -> str:
    """The X25519 key-agreement Multikey (``z6LS…``) derived from an Ed25519 public key."""
    return b58_encode(X25519_PUB_HEADER
                      + nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(public_key))


@functools.lru_cache(maxsize=4096)
def resolve_did_key(vm_id: str) -> ResolvedKey:
    """Resolve a did:key verification method URL (or bare DID) to its Ed25519 key.

    Pure computation, memoised (bounded) since a wallet or batch repeats the same issuers;
    ``ResolvedKey`` is immutable and failures are never cached.
    """
    mb, _ = parse_did_key(vm_id)
    did = vm_id.partition("#")[0]
    return ResolvedKey(id=f"{did}#{mb}", controller=did, type="Multikey",
                       public_key_multibase=mb, relationships=ALL_RELATIONSHIPS)


def did_key_document(did: str, *, key_type: str = "Multikey",
                     enable_encryption_key_derivation: bool = False) -> dict[str, Any]:
    """The DID document of an Ed25519 did:key.

    ``key_type`` is ``"Multikey"`` (contexts DID v1 + Multikey v1, as in vc-di-eddsa) or
    ``"Ed25519VerificationKey2020"`` (the did:key report's example). With
    ``enable_encryption_key_derivation`` an X25519 ``keyAgreement`` key is added.
    """
    mb, key = parse_did_key(did)
    if "#" in did:
        raise DidKeyError("invalidDid", "expected a DID, not a DID URL")
    if key_type not in ("Multikey", "Ed25519VerificationKey2020"):
        raise DidKeyError("unsupportedPublicKeyType", f"unsupported key type {key_type!r}")
    vm_id = f"{did}#{mb}"
    ctx = [_DID_CONTEXT, _MULTIKEY_CONTEXT if key_type == "Multikey" else _ED2020_CONTEXT]
    vms: list[dict[str, Any]] = [
        {"id": vm_id, "type": key_type, "controller": did, "publicKeyMultibase": mb}
    ]
    doc: dict[str, Any] = {"@context": ctx, "id": did, "verificationMethod": vms}
    for rel in ("authentication", "assertionMethod", "capabilityDelegation",
                "capabilityInvocation"):
        doc[rel] = [vm_id]
    if enable_encryption_key_derivation:
        x = x25519_from_ed25519(key)
        xtype = "Multikey" if key_type == "Multikey" else "X25519KeyAgreementKey2020"
        if key_type != "Multikey":
            ctx.append(_X25519_2020_CONTEXT)
        vms.append({"id": f"{did}#{x}", "type": xtype, "controller": did,
                    "publicKeyMultibase": x})
        doc["keyAgreement"] = [f"{did}#{x}"]
    return doc
