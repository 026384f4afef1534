"""did:key (Ed25519, P-256, P-384) and did:jwk, as pure computation.

did:key (W3C CCG did:key Method v0.7): ``did:key:<mb>`` with ``mb := z[a-km-zA-HJ-NP-Z1-9]+``
(optionally ``did:key:<version>:<mb>``, version ``1``); the verification method is
``did:key:<mb>#<mb>``. ``<mb>`` is a Multikey: Ed25519 (``z6Mk…``), P-256 (``zDn…``) or
P-384 (``z82…``, compressed points). Error names are those of the did:key resolution
algorithm (``invalidDid``, ``invalidPublicKeyLength``, ``invalidPublicKey``,
``unsupportedPublicKeyType``, ``invalidDidUrl``).

did:web (W3C CCG did:web Method Specification §3.2 "Read"): :func:`did_web_url` gives the
HTTPS URL to fetch (microcred does no I/O); ``StaticKeyResolver.from_did_web`` takes the
fetched document.

did:jwk (did:jwk method specification, https://github.com/quartzjer/did-jwk):
``did:jwk:<base64url(UTF-8 JSON of a public JWK)>``, one verification method ``#0``
(type ``JsonWebKey2020``); only the public members may appear.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

import nacl.bindings

from .._errors import KeyFormatError
from .keys import (
    ALL_RELATIONSHIPS,
    ResolvedKey,
    _check_point,
    _ec_point,
    ec_public_jwk,
    public_key_from_multibase,
)
from .multibase import X25519_PUB_HEADER, b58_encode, b64url_decode

__all__ = [
    "DidKeyError",
    "did_jwk_document",
    "did_jwk_for",
    "did_key_document",
    "did_web_url",
    "parse_did_jwk",
    "parse_did_key",
    "resolve_did_jwk",
    "x25519_from_ed25519",
]

_DID_KEY_RE = re.compile(r"^did:key:(?:(?P<version>[0-9]+):)?(?P<mb>z[1-9A-HJ-NP-Za-km-z]+)\Z")
_DID_JWK_RE = re.compile(r"^did:jwk:(?P<b64>[A-Za-z0-9_-]+)\Z")
_DID_WEB_RE = re.compile(
    r"^did:web:(?P<host>[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?:%3[Aa](?P<port>[0-9]{1,5}))?"
    r"(?P<path>(?::(?:[A-Za-z0-9._~!$&'()*+,;=@-]|%[0-9A-Fa-f]{2})+)*)\Z")
_DID_CONTEXT = "https://www.w3.org/ns/did/v1"
_MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
_ED2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
_X25519_2020_CONTEXT = "https://w3id.org/security/suites/x25519-2020/v1"
_JWS2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1"


class DidKeyError(KeyFormatError):
    """A did:key (or did:jwk) DID or DID URL is malformed or names an unsupported key type.

    ``code`` is the did:key resolution error name, e.g. ``"invalidPublicKeyLength"``.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(f"{code}: {message}")


#: Multicodec headers did:key knows but microcred does not support (for precise errors).
_OTHER_HEADERS = {b"\xe7\x01": "secp256k1", b"\x82\x24": "P-521", b"\xeb\x01": "BLS12-381 G2",
                  b"\xec\x01": "X25519", b"\x85\x24": "RSA"}


def _parse(did_or_url: object) -> tuple[str, str, bytes]:
    """``(multibase value, key type, raw public key)`` of a did:key DID or DID URL."""
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
        key_type, key = public_key_from_multibase(mb, what="did:key")
    except KeyFormatError as exc:
        from .multibase import b58_decode

        try:
            raw = b58_decode(mb, what="did:key")
        except KeyFormatError as exc2:
            raise DidKeyError("invalidDid", str(exc2)) from None
        header = raw[:2]
        if header in (b"\xed\x01", b"\x80\x24", b"\x81\x24"):
            raise DidKeyError("invalidPublicKeyLength", str(exc)) from None
        other = _OTHER_HEADERS.get(header)
        raise DidKeyError("unsupportedPublicKeyType",
                          f"multicodec header 0x{header.hex()}"
                          + (f" ({other})" if other else "")
                          + " is not Ed25519 (0xed01), P-256 (0x8024) or P-384 (0x8124)"
                          ) from None
    try:
        if key_type == "Ed25519":
            _check_point(key, "did:key")
        else:
            _ec_point(key_type, key)
    except KeyFormatError as exc:
        raise DidKeyError("invalidPublicKey", f"did:key: {exc}") from None
    if sep and fragment != mb:
        raise DidKeyError("invalidDidUrl", f"fragment #{fragment} does not identify the key "
                          f"#{mb}")
    return mb, key_type, key


def parse_did_key(did_or_url: object) -> tuple[str, bytes]:
    """Split a did:key DID or DID URL into ``(multibase value, raw public key)``.

    The raw key is 32 bytes for Ed25519 and the SEC 1 compressed point for P-256 (33 bytes)
    and P-384 (49 bytes); it is checked to be a valid point. A DID URL must have the fragment
    ``#<mb>`` (the only verification method of a did:key without key agreement).
    """
    mb, _, key = _parse(did_or_url)
    return mb, key


def x25519_from_ed25519(public_key: bytes) -> str:
    """The X25519 key-agreement Multikey (``z6LS…``) derived from an Ed25519 public key."""
    return b58_encode(X25519_PUB_HEADER
                      + nacl.bindings.crypto_sign_ed25519_pk_to_curve25519(public_key))


@functools.lru_cache(maxsize=4096)
def resolve_did_key(vm_id: str) -> ResolvedKey:
    """Resolve a did:key verification method URL (or bare DID) to its key.

    Pure computation, memoised (bounded) since a wallet or batch repeats the same issuers;
    ``ResolvedKey`` is immutable and failures are never cached.
    """
    mb, _, _ = _parse(vm_id)
    did = vm_id.partition("#")[0]
    return ResolvedKey(id=f"{did}#{mb}", controller=did, type="Multikey",
                       public_key_multibase=mb, relationships=ALL_RELATIONSHIPS)


def did_key_document(did: str, *, key_type: str = "Multikey",
                     enable_encryption_key_derivation: bool = False) -> dict[str, Any]:
    """The DID document of a did:key.

    ``key_type`` is ``"Multikey"`` (contexts DID v1 + Multikey v1, as in vc-di-eddsa and
    vc-di-ecdsa), ``"Ed25519VerificationKey2020"`` (Ed25519 only; the did:key report's
    example) or ``"JsonWebKey2020"`` (a ``publicKeyJwk``, as in the did:key report's NIST-curve
    vectors). With ``enable_encryption_key_derivation`` an X25519 ``keyAgreement`` key is added
    (Ed25519 only).
    """
    mb, kind, key = _parse(did)
    if "#" in did:
        raise DidKeyError("invalidDid", "expected a DID, not a DID URL")
    allowed = ("Multikey", "JsonWebKey2020") + (
        ("Ed25519VerificationKey2020",) if kind == "Ed25519" else ())
    if key_type not in allowed:
        raise DidKeyError("unsupportedPublicKeyType",
                          f"unsupported key type {key_type!r} for a {kind} did:key")
    vm_id = f"{did}#{mb}"
    vm: dict[str, Any] = {"id": vm_id, "type": key_type, "controller": did}
    if key_type == "JsonWebKey2020":
        ctx = [_DID_CONTEXT, _JWS2020_CONTEXT]
        vm["publicKeyJwk"] = _public_jwk(kind, key)
    else:
        ctx = [_DID_CONTEXT, _MULTIKEY_CONTEXT if key_type == "Multikey" else _ED2020_CONTEXT]
        vm["publicKeyMultibase"] = mb
    vms: list[dict[str, Any]] = [vm]
    doc: dict[str, Any] = {"@context": ctx, "id": did, "verificationMethod": vms}
    for rel in ("authentication", "assertionMethod", "capabilityDelegation",
                "capabilityInvocation"):
        doc[rel] = [vm_id]
    if enable_encryption_key_derivation:
        if kind != "Ed25519":
            raise DidKeyError("unsupportedPublicKeyType",
                              f"no X25519 key agreement key can be derived from a {kind} key")
        x = x25519_from_ed25519(key)
        xtype = "Multikey" if key_type == "Multikey" else "X25519KeyAgreementKey2020"
        if key_type != "Multikey":
            ctx.append(_X25519_2020_CONTEXT)
        vms.append({"id": f"{did}#{x}", "type": xtype, "controller": did,
                    "publicKeyMultibase": x})
        doc["keyAgreement"] = [f"{did}#{x}"]
    return doc


def _public_jwk(kind: str, key: bytes) -> dict[str, str]:
    from .multibase import b64url_encode

    if kind == "Ed25519":
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(key)}
    return ec_public_jwk(_ec_point(kind, key))


# -- did:jwk ------------------------------------------------------------------------------------

_JWK_PRIVATE_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})


def parse_did_jwk(did_or_url: object) -> dict[str, Any]:
    """The public JWK a did:jwk DID (or its DID URL ``#0``) encodes.

    :class:`DidKeyError` (``invalidDid``) when it is not base64url of a UTF-8 JSON object,
    the JWK has private members, or the fragment is not ``0``; Ed25519, P-256 and P-384 keys
    are validated as points (``invalidPublicKey``); RSA keys are accepted as they are (for
    VC-JWT RS256).
    """
    if not isinstance(did_or_url, str):
        raise DidKeyError("invalidDid", "a did:jwk must be a string")
    did, sep, fragment = did_or_url.partition("#")
    m = _DID_JWK_RE.match(did)
    if m is None:
        raise DidKeyError("invalidDid", f"{did[:80]!r} is not did:jwk:<base64url>")
    if sep and fragment != "0":
        raise DidKeyError("invalidDidUrl", f"a did:jwk has one verification method #0, not "
                          f"#{fragment}")
    try:
        jwk = json.loads(b64url_decode(m["b64"], what="did:jwk").decode("utf-8"))
    except (KeyFormatError, UnicodeDecodeError, ValueError, RecursionError):
        raise DidKeyError("invalidDid", "did:jwk: not base64url of a UTF-8 JSON JWK") from None
    if not isinstance(jwk, dict) or not isinstance(jwk.get("kty"), str):
        raise DidKeyError("invalidDid", "did:jwk: the JWK is not an object with a 'kty'")
    if _JWK_PRIVATE_MEMBERS & set(jwk):
        raise DidKeyError("invalidDid", "did:jwk: the JWK contains private key members")
    key = ResolvedKey.from_jwk(f"{did}#0", jwk)
    try:
        key.check()
    except KeyFormatError as exc:
        raise DidKeyError("invalidPublicKey", str(exc)) from None
    return jwk


@functools.lru_cache(maxsize=1024)
def resolve_did_jwk(vm_id: str) -> ResolvedKey:
    """Resolve ``did:jwk:…#0`` (or the bare DID) to its key; pure computation, memoised.

    The key is authorised for every relationship except ``keyAgreement`` unless its ``use``
    is ``"enc"``, in which case it is only a key agreement key (did:jwk §"Read").
    """
    jwk = parse_did_jwk(vm_id)
    did = vm_id.partition("#")[0]
    rels = frozenset({"keyAgreement"}) if jwk.get("use") == "enc" else ALL_RELATIONSHIPS
    return ResolvedKey(id=f"{did}#0", controller=did, type="JsonWebKey2020",
                       public_key_jwk=jwk, relationships=rels)


def did_jwk_document(did: str) -> dict[str, Any]:
    """The DID document of a did:jwk (did:jwk §"Read"), one ``JsonWebKey2020`` method ``#0``."""
    if "#" in str(did):
        raise DidKeyError("invalidDid", "expected a DID, not a DID URL")
    jwk = parse_did_jwk(did)
    vm_id = f"{did}#0"
    doc: dict[str, Any] = {
        "@context": [_DID_CONTEXT, _JWS2020_CONTEXT],
        "id": did,
        "verificationMethod": [{"id": vm_id, "type": "JsonWebKey2020", "controller": did,
                                "publicKeyJwk": jwk}],
    }
    if jwk.get("use") != "sig":
        doc["keyAgreement"] = [vm_id]
    if jwk.get("use") != "enc":
        for rel in ("assertionMethod", "authentication", "capabilityInvocation",
                    "capabilityDelegation"):
            doc[rel] = [vm_id]
    return doc


def did_jwk_for(jwk: dict[str, Any]) -> str:
    """The did:jwk DID of a public JWK (its members serialised compactly, in their order)."""
    from .multibase import b64url_encode

    if _JWK_PRIVATE_MEMBERS & set(jwk):
        raise KeyFormatError("did:jwk: refusing a JWK with private key members")
    text = json.dumps(jwk, separators=(",", ":"), ensure_ascii=False)
    return "did:jwk:" + b64url_encode(text.encode("utf-8"))


# -- did:web --------------------------------------------------------------------------------------

def did_web_url(did: str) -> str:
    """The URL of the DID document of a did:web DID (did:web §3.2 "Read"), e.g.
    ``did:web:example.edu`` → ``https://example.edu/.well-known/did.json`` and
    ``did:web:example.edu%3A8443:issuers:1`` → ``https://example.edu:8443/issuers/1/did.json``.

    Pure computation: fetching is the caller's (then
    ``StaticKeyResolver.from_did_web(did, document)``). :class:`DidKeyError`
    (``invalidDid``) for anything that is not a did:web DID (a DID URL with a fragment, a
    path segment ``..``, a port out of range, …).
    """
    if not isinstance(did, str):
        raise DidKeyError("invalidDid", "a did:web must be a string")
    m = _DID_WEB_RE.match(did)
    if m is None:
        raise DidKeyError("invalidDid", f"{did[:120]!r} is not did:web:<domain>[:<path>]")
    port = m["port"]
    if port is not None and not 0 < int(port) < 65536:
        raise DidKeyError("invalidDid", f"did:web port {port} is out of range")
    segments = [seg for seg in m["path"].split(":") if seg]
    if any(seg in (".", "..") for seg in segments):
        raise DidKeyError("invalidDid", "did:web path segments cannot be '.' or '..'")
    host = m["host"].lower() + (f":{port}" if port else "")
    path = "/".join(segments) if segments else ".well-known"
    return f"https://{host}/{path}/did.json"
