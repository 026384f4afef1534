"""Key resolution: verification-method id → :class:`ResolvedKey`, separate from context loading.

No network: the did:key and did:jwk resolvers are pure computation, and the static resolver
holds keys the caller obtained (e.g. from a did:web document or a JWK Set it fetched itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

from .._errors import KeyFormatError, KeyResolutionError
from .didkey import did_web_url, resolve_did_jwk, resolve_did_key
from .keys import ResolvedKey

__all__ = [
    "BaseKeyResolver",
    "ChainedKeyResolver",
    "DidJwkResolver",
    "DidKeyResolver",
    "KeyResolver",
    "StaticKeyResolver",
    "UnknownVerificationMethodError",
]

_RELATIONSHIPS = ("assertionMethod", "authentication", "capabilityInvocation",
                  "capabilityDelegation", "keyAgreement")


class UnknownVerificationMethodError(KeyResolutionError):
    """This resolver does not know the verification method (another one in a chain may)."""

    def __init__(self, vm_id: str, why: str = "not known to this resolver") -> None:
        self.verification_method = vm_id
        super().__init__(f"verification method {vm_id!r}: {why}")


@runtime_checkable
class KeyResolver(Protocol):
    """Resolves a verification-method id to a :class:`ResolvedKey`.

    ``resolve`` raises :class:`UnknownVerificationMethodError` when the id is not its
    business (so that a chain tries the next resolver), :class:`~microcred.KeyFormatError`
    when the key it found is malformed, and :class:`~microcred.KeyResolutionError` otherwise.
    Implementations must not do hidden I/O unless the caller built them to.
    """

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Return the public key and controller of ``verification_method``."""
        ...


class BaseKeyResolver:
    """Mixin giving resolvers ``a | b`` composition (try ``a``, then ``b``)."""

    def resolve(self, verification_method: str) -> ResolvedKey:  # pragma: no cover - abstract
        """Return the public key and controller of ``verification_method``."""
        raise NotImplementedError

    def __or__(self, other: KeyResolver) -> ChainedKeyResolver:
        return ChainedKeyResolver(self, other)

    def __ror__(self, other: KeyResolver) -> ChainedKeyResolver:
        return ChainedKeyResolver(other, self)


class ChainedKeyResolver(BaseKeyResolver):
    """Tries resolvers in order; the first that knows the id answers."""

    def __init__(self, *resolvers: KeyResolver) -> None:
        flat: list[KeyResolver] = []
        for r in resolvers:
            flat.extend(r.resolvers if isinstance(r, ChainedKeyResolver) else (r,))
        self.resolvers: tuple[KeyResolver, ...] = tuple(flat)

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Ask each resolver in turn; :class:`UnknownVerificationMethodError` if none knows."""
        for r in self.resolvers:
            try:
                return r.resolve(verification_method)
            except UnknownVerificationMethodError:
                continue
        raise UnknownVerificationMethodError(verification_method, "no resolver knows it")

    def __repr__(self) -> str:
        return " | ".join(repr(r) for r in self.resolvers)


class _ComputedDidResolver(BaseKeyResolver):
    """Resolves the DIDs of one method that are pure computation (the key is in the DID)."""

    _prefix = ""

    @staticmethod
    def _compute(verification_method: str) -> ResolvedKey:  # pragma: no cover - overridden
        raise NotImplementedError

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Resolve a verification method of this DID method (no I/O)."""
        if not isinstance(verification_method, str) or not verification_method.startswith(
                self._prefix):
            raise UnknownVerificationMethodError(str(verification_method),
                                                 f"not a {self._prefix.rstrip(':')}")
        return self._compute(verification_method)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class DidKeyResolver(_ComputedDidResolver):
    """Resolves ``did:key:z6Mk…#z6Mk…`` (Ed25519), ``did:key:zDn…`` (P-256) and
    ``did:key:z82…`` (P-384) by computation; no I/O.

    A bare ``did:key:z6Mk…`` (no fragment) is accepted too, as the 1EdTech validator does.
    """

    _prefix = "did:key:"
    _compute = staticmethod(resolve_did_key)


class DidJwkResolver(_ComputedDidResolver):
    """Resolves ``did:jwk:…#0`` (the DID is the base64url JWK itself) by computation; no I/O.

    Combine it with others: ``DidKeyResolver() | DidJwkResolver()``.
    """

    _prefix = "did:jwk:"
    _compute = staticmethod(resolve_did_jwk)


class StaticKeyResolver(BaseKeyResolver):
    """A mapping the caller fills: verification-method id → key.

    Values may be a Multikey string (``z6Mk…``; the controller is the id without its
    fragment), a public JWK mapping, a verification-method JSON object or a
    :class:`ResolvedKey`. Keys given as bare values are authorised for ``assertionMethod``.

    >>> r = StaticKeyResolver({"https://ex.edu/issuers/1#key-1":
    ...                        "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"})
    >>> r.resolve("https://ex.edu/issuers/1#key-1").controller
    'https://ex.edu/issuers/1'
    """

    def __init__(self, keys: Mapping[str, str | Mapping[str, Any] | ResolvedKey] | None = None
                 ) -> None:
        self._keys: dict[str, ResolvedKey] = {}
        for vm_id, value in (keys or {}).items():
            self.add(vm_id, value)

    def add(self, vm_id: str, value: str | Mapping[str, Any] | ResolvedKey) -> None:
        """Register one key (validated now, so that bad keys fail at set-up time)."""
        if isinstance(value, ResolvedKey):
            key = value
        elif isinstance(value, str):
            key = ResolvedKey.from_multikey(vm_id, value)
        elif isinstance(value, Mapping) and "kty" in value:
            key = ResolvedKey.from_jwk(vm_id, value)
        elif isinstance(value, Mapping):
            key = ResolvedKey.from_document({"id": vm_id, **value})
        else:
            raise KeyFormatError(f"verification method {vm_id!r}: unsupported key value "
                                 f"{type(value).__name__}")
        if key.id != vm_id:
            raise KeyFormatError(f"verification method id {key.id!r} does not match {vm_id!r}")
        self._keys[vm_id] = key

    @classmethod
    def from_controller_document(cls, document: Mapping[str, Any]) -> StaticKeyResolver:
        """Keys of a controller document (e.g. a did:web DID document) the caller fetched.

        Follows CID v1.0 §3.3: each verification method's ``controller`` must be the document
        ``id``; relationships (``assertionMethod``, …) are taken from the document, and
        relative ids (``#key-1``) are resolved against the document ``id``.
        """
        doc_id = document.get("id")
        if not isinstance(doc_id, str):
            raise KeyFormatError("controller document needs a string 'id'")

        def absolute(ref: str) -> str:
            return doc_id + ref if ref.startswith("#") else ref

        rels: dict[str, set[str]] = {}
        embedded: list[Mapping[str, Any]] = []
        for rel in _RELATIONSHIPS:
            entries = document.get(rel, [])
            for entry in entries if isinstance(entries, list) else [entries]:
                if isinstance(entry, str):
                    rels.setdefault(absolute(entry), set()).add(rel)
                elif isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
                    rels.setdefault(absolute(entry["id"]), set()).add(rel)
                    embedded.append(entry)
        vms = document.get("verificationMethod", [])
        resolver = cls()
        for vm in [*(vms if isinstance(vms, list) else [vms]), *embedded]:
            if not isinstance(vm, Mapping) or not isinstance(vm.get("id"), str):
                raise KeyFormatError("controller document: verification method without 'id'")
            vm_id = absolute(vm["id"])
            if vm.get("controller", doc_id) != doc_id:
                raise KeyFormatError(f"verification method {vm_id!r}: controller "
                                     f"{vm.get('controller')!r} is not the document {doc_id!r}")
            resolver._keys[vm_id] = ResolvedKey.from_document(
                {**vm, "id": vm_id, "controller": doc_id},
                relationships=frozenset(rels.get(vm_id, set())))
        return resolver

    @classmethod
    def from_did_web(cls, did: str, document: Mapping[str, Any]) -> StaticKeyResolver:
        """Keys of a did:web DID document the caller fetched from :func:`did_web_url`.

        The document's ``id`` must be ``did`` (did:web §3.2: a document for another DID is
        refused); then as :meth:`from_controller_document`.
        """
        did_web_url(did)  # validates the DID
        if document.get("id") != did:
            raise KeyFormatError(f"the did:web document's id {document.get('id')!r} is not "
                                 f"{did!r}")
        return cls.from_controller_document(document)

    @classmethod
    def from_jwks(cls, jwks: Mapping[str, Any], *, controller: str) -> StaticKeyResolver:
        """Keys of a JWK Set the caller fetched (e.g. OB 3.0's
        ``https://{issuer authority}/.well-known/jwks.json``), all controlled by ``controller``.

        Each key needs a ``kid``; an absolute ``kid`` is the verification-method id, a relative
        one becomes ``controller#kid``. Private keys are refused.
        """
        keys = jwks.get("keys")
        if not isinstance(keys, list):
            raise KeyFormatError("a JWK Set needs a 'keys' array")
        resolver = cls()
        for jwk in keys:
            if not isinstance(jwk, Mapping) or not isinstance(jwk.get("kid"), str):
                raise KeyFormatError("every key of the JWK Set needs a string 'kid'")
            kid = jwk["kid"]
            vm_id = kid if ":" in kid else f"{controller}#{kid.lstrip('#')}"
            resolver._keys[vm_id] = ResolvedKey.from_jwk(vm_id, jwk, controller=controller)
        return resolver

    @classmethod
    def from_keys(cls, keys: Iterable[ResolvedKey]) -> StaticKeyResolver:
        """From already-built :class:`ResolvedKey` objects."""
        return cls({k.id: k for k in keys})

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Look the id up."""
        try:
            return self._keys[verification_method]
        except (KeyError, TypeError):
            raise UnknownVerificationMethodError(str(verification_method)) from None

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"StaticKeyResolver({sorted(self._keys)!r})"
