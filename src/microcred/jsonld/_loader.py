"""A static JSON-LD document loader: bundled and caller-registered contexts, never the network."""

from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from .._errors import JsonLdError, UnknownContextError
from ._contexts import CONTEXT_URLS, bundled_document
from ._json import parse_json

__all__ = ["DocumentLoader", "StaticLoader", "context_digest", "default_loader"]

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*\Z")


class _BoundedCache(dict[str, Any]):
    """A dict that forgets everything when it grows past ``maxsize`` (hostile inline contexts)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def __setitem__(self, key: str, value: Any) -> None:
        if len(self) >= self.maxsize and key not in self:
            self.clear()
        super().__setitem__(key, value)


def context_digest(context: Any) -> str:
    """SHA-256 (hex) of an inline context value, over its JSON text with sorted keys.

    Member order in a JSON object carries no meaning in JSON-LD, array order does: two
    context values with the same digest define the same terms.
    """
    text = json.dumps(context, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


#: Digests of the inline contexts microcred itself writes, pinned: every loader that serves
#: the bundled contexts knows them (tests/test_trust_model.py recomputes each pin).
BUILTIN_INLINE_CONTEXTS: frozenset[str] = frozenset({
    # microcred.ob3.MICROCRED_CONTEXT (the microcred descriptor terms, JSON literals)
    "de91d1767b9c623b71e75e370ea51bdd25e9306341012f98fe6053ac82ee7c68",
    # the same before the ``qualificationLevel`` term was added (0.2.0): credentials issued
    # with it still verify
    "b0da27a3cdc50154b35cc3116cea045afa35a2a9079adae034994553bfb05487",
})


class DocumentLoader(Protocol):
    """A pyld-compatible document loader: ``loader(url, options) -> RemoteDocument``."""

    def __call__(self, url: str, options: Any = None) -> dict[str, Any]: ...


class StaticLoader:
    """Serve bundled and caller-registered JSON-LD documents; refuse everything else.

    The loader is a pyld-compatible callable (``loader(url, options)`` returns a JSON-LD
    *RemoteDocument* dict).  Any URL that is neither bundled (see
    :data:`microcred.jsonld.CONTEXT_URLS`) nor registered raises
    :class:`~microcred.UnknownContextError` naming the URL.  There is no network fallback.

    >>> ctx = {"@context": {"x": "https://example.org/x"}}
    >>> loader = StaticLoader({"https://example.org/ctx": ctx})
    >>> loader("https://example.org/ctx")["document"]
    {'@context': {'x': 'https://example.org/x'}}
    >>> "https://www.w3.org/ns/credentials/v2" in loader
    True
    >>> loader("https://evil.example/ctx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    microcred._errors.UnknownContextError: unknown JSON-LD context 'https://evil.example/ctx': ...
    """

    def __init__(self, documents: Mapping[str, Any] | None = None, *, bundled: bool = True,
                 frozen: bool = False) -> None:
        self._bundled = bundled
        self._documents: dict[str, Any] = {}
        #: digests of inline contexts registered by value (:meth:`register_inline`)
        self._inline: set[str] = set()
        #: bumped by every registration: caches derived from this loader key on it
        self.version = 0
        self._frozen = False
        self._lock = threading.Lock()
        # Resolved (processed) contexts, private to this loader: safe to cache by URL
        # because this loader always serves the same document for a URL.
        self._resolved = _BoundedCache(maxsize=256)
        for url, document in (documents or {}).items():
            self.register(url, document)
        self._frozen = frozen

    # -- registration -----------------------------------------------------------------------

    def register(self, url: str, document: Any, *, replace: bool = False) -> None:
        """Serve ``document`` (a dict with ``@context``, or its JSON text) at ``url``.

        Registering a URL that is bundled, or already registered with a different document,
        raises :class:`~microcred.JsonLdError` unless ``replace=True``.  The default loader
        (:func:`default_loader`) is frozen and refuses registration; build your own
        ``StaticLoader`` instead.
        """
        if self._frozen:
            raise JsonLdError("this loader is frozen; create a StaticLoader to register contexts")
        if not isinstance(url, str) or not _ABSOLUTE_IRI.match(url):
            raise JsonLdError(f"context URL {url!r} is not an absolute IRI")
        if isinstance(document, (str, bytes)):
            document = parse_json(document)
        if not isinstance(document, dict) or "@context" not in document:
            raise JsonLdError(f"document for {url!r} must be a JSON object with '@context'")
        document = copy.deepcopy(document)
        if not replace:
            existing = self._lookup(url)
            if existing is not None and existing != document:
                raise JsonLdError(f"{url!r} is already served with a different document; "
                                  "pass replace=True to override it")
        with self._lock:
            self._documents[url] = document
            self._resolved.clear()
            self.version += 1

    def register_inline(self, context: Any) -> str:
        """Accept an inline context object (or list) by value; returns its digest.

        A verifier accepts only contexts it knows: URLs it serves, and inline context values
        registered here (compared by :func:`context_digest`, so any change to a term refuses
        the document).  microcred's own embedded context is known to every loader that serves
        the bundled contexts.
        """
        if self._frozen:
            raise JsonLdError("this loader is frozen; create a StaticLoader to register contexts")
        if not isinstance(context, (dict, list)):
            raise JsonLdError("an inline context must be a JSON object or array")
        digest = context_digest(copy.deepcopy(context))
        with self._lock:
            self._inline.add(digest)
            self._resolved.clear()
            self.version += 1
        return digest

    @property
    def has_registered(self) -> bool:
        """Whether any context was registered on this loader (by URL or by value), beyond the
        bundled ones.

        >>> StaticLoader().has_registered
        False
        """
        return bool(self._documents) or bool(self._inline)

    def knows_inline(self, context: Any) -> bool:
        """Whether the inline context value ``context`` was registered by value (or is one
        of microcred's own and this loader serves the bundled contexts)."""
        try:
            digest = context_digest(context)
        except (TypeError, ValueError):
            return False
        return digest in self._inline or (self._bundled and digest in BUILTIN_INLINE_CONTEXTS)

    def extended(self, documents: Mapping[str, Any]) -> StaticLoader:
        """Return a new, unfrozen loader serving this loader's documents plus ``documents``."""
        loader = StaticLoader(self._documents, bundled=self._bundled)
        loader._inline = set(self._inline)
        for url, document in documents.items():
            loader.register(url, document)
        return loader

    # -- lookup -----------------------------------------------------------------------------

    def _lookup(self, url: str) -> Any | None:
        document = self._documents.get(url)
        if document is not None:
            return document
        if self._bundled:
            return bundled_document(url)
        return None

    def document(self, url: str) -> Any:
        """Return a fresh copy of the document served at ``url`` (or raise UnknownContextError)."""
        registered = self._documents.get(url)
        if registered is not None:
            return copy.deepcopy(registered)
        document = bundled_document(url) if self._bundled else None  # (a fresh parse)
        if document is None:
            raise UnknownContextError(url)
        return document

    def __contains__(self, url: object) -> bool:
        # membership needs no parsed document (verify asks this for every credential)
        return isinstance(url, str) and (
            url in self._documents or (self._bundled and url in CONTEXT_URLS))

    def __iter__(self) -> Iterator[str]:
        seen = set(self._documents)
        yield from self._documents
        if self._bundled:
            yield from (u for u in CONTEXT_URLS if u not in seen)

    @property
    def urls(self) -> frozenset[str]:
        """Every URL this loader serves."""
        return frozenset(self)

    def __call__(self, url: str, options: Any = None) -> dict[str, Any]:
        """Return the JSON-LD RemoteDocument for ``url`` (pyld document-loader protocol)."""
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": self.document(url),
        }

    def _load_cacheable(self, url: str, options: Any = None) -> dict[str, Any]:
        remote = self(url, options)
        remote["tag"] = "static"  # cached only in this loader's own resolver cache
        return remote

    def context_resolver(self) -> Any:
        """A pyld ``ContextResolver`` that caches processed contexts for this loader only.

        Pass it as the ``contextResolver`` option next to ``documentLoader=self`` so that
        bundled contexts are processed once per loader rather than once per document.
        """
        from pyld.context_resolver import ContextResolver  # pyld loads for full expansion only

        return ContextResolver(self._resolved, self._load_cacheable)

    def __getstate__(self) -> dict[str, Any]:
        # (pickles for process pools and clusters: the lock and the processed-context cache
        # are per process and rebuilt on arrival)
        return {"bundled": self._bundled, "documents": self._documents,
                "inline": self._inline, "frozen": self._frozen}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._bundled = state["bundled"]
        self._documents = dict(state["documents"])
        self._inline = set(state["inline"])
        self._frozen = state["frozen"]
        self._lock = threading.Lock()
        self._resolved = _BoundedCache(maxsize=256)
        self.version = 0

    def __repr__(self) -> str:
        return (f"StaticLoader({len(self._documents)} registered, "
                f"bundled={self._bundled}, frozen={self._frozen})")


_DEFAULT: StaticLoader | None = None
_DEFAULT_LOCK = threading.Lock()


def default_loader() -> StaticLoader:
    """Return the shared, frozen loader that serves only the bundled contexts."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = StaticLoader(frozen=True)
        return _DEFAULT

