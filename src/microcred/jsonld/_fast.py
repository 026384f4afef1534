"""Fast JSON-LD → RDF → RDFC-1.0 path for documents over known contexts.

Why: pyld re-processes every context of every document (its context hashing, ``uuid1`` calls and
term definitions are ~95 % of the cost of canonicalising an Open Badges credential).  This module
processes each context *once* (with pyld's own context processor, so every term definition,
``@protected`` rule and error is pyld's), keeps the processed active contexts in a per-loader cache,
and runs a direct, narrow JSON-LD expansion + toRDF over them, then RDFC-1.0 for the common case
where every blank node has a unique first-degree hash.

The fast path is *conservative*: it only answers when it is sure to produce exactly what the
slow path (pyld + microcred's safe mode and N-Quads fixes) produces.  Anything it does not
handle, and anything that would make the slow path raise or decide (a dropped term, a relative
IRI, an unknown context, an index/language map, ``@reverse``, explicit blank node ids, blank nodes
that need N-degree hashing, ...) makes it *decline* (return ``None``), and the caller runs the
slow path, which then raises its usual typed error.  Differential tests (``tests/test_fast*.py``)
check byte-identical N-Quads against the slow path on generated OB3 credentials and vectors.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from . import _ctxsnap
from ._json import _quick_ok, has_null_value
from ._rdfc import DEFAULT_LIMITS

__all__ = ["FastCanonicalizer", "FastPathDeclined", "SafeCheck", "fast_check"]

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
XSD_DOUBLE = XSD + "double"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = "<" + RDF + "type>"
RDF_FIRST = "<" + RDF + "first>"
RDF_REST = "<" + RDF + "rest>"
RDF_NIL = "<" + RDF + "nil>"
RDF_JSON = RDF + "JSON"
RDF_LANGSTRING = RDF + "langString"
I18N = "https://www.w3.org/ns/i18n#"

_KEYWORDS = frozenset({
    "@annotation", "@base", "@container", "@context", "@default", "@direction", "@embed",
    "@explicit", "@first", "@graph", "@id", "@import", "@included", "@index", "@json",
    "@language", "@list", "@nest", "@none", "@omitDefault", "@prefix", "@preserve",
    "@propagate", "@protected", "@requireAll", "@reverse", "@set", "@type", "@value",
    "@version", "@vocab",
})
_KEYWORD_LIKE = re.compile(r"^@[a-zA-Z]+\Z")
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*\Z")
#: pyld's (and jsonld.js's) absolute-IRI test: its ``+-.`` is a range that admits ``,`` and
#: its ``$`` admits a final newline. Where it and :data:`_ABSOLUTE` disagree the fast path
#: declines (issue 11, finding 4C): microcred's safe mode and the reference read such IRIs
#: differently, and the fast path never guesses which.
_PYLD_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")
# Characters that pyld would write raw into an IRIREF but N-Quads forbids: decline those IRIs.
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_LANG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
_NQ_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f",
}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_DOUBLE_FIX = re.compile(r"(\d)0*E\+?(-)?0*(\d)")

#: Depth beyond which the fast path declines (the slow path applies its own limits).
MAX_DEPTH = 64
#: Processed contexts kept per loader before the cache is dropped and rebuilt.
MAX_CACHED_CONTEXTS = 4096
#: Number of quads beyond which the fast path declines (the slow path applies its own limits).
MAX_QUADS = 100_000


# Memo of RDF terms already serialised (shared by all instances; the same text always gives
# the same term).  Bounded: cleared when full.
_CACHE_SIZE = 16_384
#: Longest string memoised as an IRI or literal term (longer values are distinct in practice:
#: a memo of them would not hit on distinct traffic, and would hold attacker-sized keys).
_MEMO_MAX_LEN = 256
#: Entries per memo dictionary (per processed context) before that one memo is dropped; the
#: processed contexts themselves are never dropped for it.
_MEMO_ENTRIES = 4096
#: Total key characters of a node beyond which its plan is computed but not memoised.
_PLAN_KEY_CHARS = 4096
_IRIS: dict[str, str] = {}
_LITERALS: dict[tuple[Any, ...], str] = {}


_PROOF_CONFIG_KEYS = frozenset({"@context", "type", "cryptosuite", "created",
                                "verificationMethod", "proofPurpose"})
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?"
                       r"(Z|[+-][0-9]{2}:[0-9]{2})\Z")
_PLACEHOLDER_DATE = "1970-01-01T00:00:00Z"


_NO_PLAN0 = object()  # marker: the node's shape is not memoised in _Ctx.plan0
_MISSING: Any = object()  # marker: not in a memo


class FastPathDeclined(Exception):
    """Internal: the fast path does not handle this input; the slow path must run."""


def _decline(why: str) -> FastPathDeclined:
    return FastPathDeclined(why)


def _escape_char(m: re.Match[str]) -> str:
    c = m.group(0)
    return _NQ_ESCAPES.get(c) or f"\\u{ord(c):04X}"


def escape_literal(value: str) -> str:
    """Escape a literal's lexical form as RDFC-1.0 canonical N-Quads requires.

    ``\\b \\t \\n \\f \\r " \\\\`` use ECHAR; other C0 controls and U+007F use ``\\uXXXX``.
    """
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    return _NEEDS_ESCAPE.sub(_escape_char, value)


def _iri(value: str) -> str:
    term = _IRIS.get(value)
    if term is None:
        if _BAD_IRI.search(value) is not None:
            raise _decline(f"IRI needs escaping: {value!r}")
        term = "<" + value + ">"
        if len(value) <= _MEMO_MAX_LEN:
            if len(_IRIS) >= _CACHE_SIZE:
                _IRIS.clear()
            _IRIS[value] = term
    return term


def _literal(value: str, datatype: str | None = None, language: str | None = None) -> str:
    out = '"' + escape_literal(value) + '"'
    if language is not None:
        return out + "@" + language
    if datatype is None or datatype == XSD_STRING:
        return out
    return out + "^^" + _iri(datatype)


def _canonical_double(value: float) -> str:
    return _DOUBLE_FIX.sub(r"\1E\2\3", f"{value:1.15E}")


def _json_literal(value: Any) -> str:
    """Lexical form of a JSON literal (``@type: @json``) as pyld writes it; declines on
    ``"@value": null`` inside (safe mode refuses it) and on values it cannot canonicalise."""
    if has_null_value(value):
        raise _decline('"@value": null inside a JSON literal')
    try:
        from c14n.Canonicalize import canonicalize as jcs  # type: ignore[import-untyped]

        return str(jcs(value).decode("utf-8"))
    except Exception as exc:
        raise _decline("JSON literal cannot be canonicalised") from exc


def _is_integer(v: Any) -> bool:
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


class _TermInfo:
    """What a (compact) key means in one active context, computed once."""

    __slots__ = ("container", "cplan", "direction", "expanded", "has_direction", "has_language",
                 "language", "reverse", "scoped", "type")

    def __init__(self, ctx: _Ctx, key: str) -> None:
        raw = ctx.raw
        mappings = raw["mappings"]
        self.expanded = ctx.expand_vocab(key)
        #: how the safe-mode walk checks this key's values (see _Checker.plan), once known
        self.cplan: tuple[Any, ...] | None = None
        entry = mappings.get(key) if key in mappings else None
        self.scoped: Any = None
        self.type: Any = None
        self.container: tuple[str, ...] = ()
        self.reverse = False
        # get_context_value(ctx, key, '@language' / '@direction') semantics
        self.has_language = "@language" in raw
        self.language: Any = raw.get("@language")
        self.has_direction = "@direction" in raw
        self.direction: Any = raw.get("@direction")
        if key in mappings and entry is None:
            self.has_language = self.has_direction = False
            self.language = self.direction = None
        if entry is not None:
            self.scoped = entry.get("@context")
            self.type = entry.get("@type")
            cont = entry.get("@container")
            if cont is not None:
                self.container = tuple(cont) if isinstance(cont, (list, tuple)) else (cont,)
            self.reverse = bool(entry.get("reverse"))
            if "@language" in entry:
                self.has_language, self.language = True, entry["@language"]
            if "@direction" in entry:
                self.has_direction, self.direction = True, entry["@direction"]


class _Ctx:
    """A processed pyld active context plus memoised look-ups."""

    __slots__ = ("children", "fc", "id_cache", "info_cache", "plan0", "plan1", "plan2",
                 "previous", "raw", "type_cache", "vocab_cache")

    def __init__(self, fc: FastCanonicalizer, raw: Any) -> None:
        self.fc = fc
        self.raw = raw
        self.vocab_cache: dict[str, str | None] = {}
        self.id_cache: dict[str, str | None] = {}
        #: type value -> its absolute, N-Quads-safe IRI (only values that passed the checks)
        self.type_cache: dict[str, str] = {}
        self.info_cache: dict[str, _TermInfo] = {}
        self.children: dict[Any, _Ctx] = {}
        self.plan0: dict[Any, tuple[_Ctx, _Ctx, list[tuple[str, str]],
                                    list[tuple[str, _TermInfo]]]] = {}
        self.plan1: dict[Any, tuple[_Ctx, tuple[str, ...], str | None]] = {}
        self.plan2: dict[Any, tuple[_Ctx, list[tuple[str, str]],
                                    list[tuple[str, _TermInfo]]]] = {}
        prev = raw.get("previousContext")
        self.previous: _Ctx | None = fc.wrap(prev) if prev is not None else None

    def info(self, key: str) -> _TermInfo:
        ti = self.info_cache.get(key)
        if ti is None:
            ti = _TermInfo(self, key)
            if len(key) <= _MEMO_MAX_LEN:
                if len(self.info_cache) >= _MEMO_ENTRIES:
                    self.info_cache.clear()
                self.info_cache[key] = ti
        return ti

    def expand_vocab(self, value: str) -> str | None:
        out = self.vocab_cache.get(value, _MISSING)
        return self._remember(self.vocab_cache, value, True) if out is _MISSING else out

    def expand_id(self, value: str) -> str | None:
        out = self.id_cache.get(value, _MISSING)
        return self._remember(self.id_cache, value, False) if out is _MISSING else out

    def _remember(self, cache: dict[str, str | None], value: str, vocab: bool) -> str | None:
        """Expand ``value`` (as a vocabulary term or an ``@id``) and memoise it in ``cache``."""
        out = self._expand_iri(value, vocab=vocab)
        if len(value) <= _MEMO_MAX_LEN:  # ids of distinct credentials never hit: bounded
            if len(cache) >= _MEMO_ENTRIES:
                cache.clear()
            cache[value] = out
        return out

    def type_iri(self, value: str) -> str:
        """The IRI of a ``@type`` value; declines when it is undefined, relative or unsafe."""
        try:
            return self.type_cache[value]
        except KeyError:
            pass
        tiri = self.expand_vocab(value)
        if tiri is None or not _ABSOLUTE.match(tiri) or tiri.startswith("_:"):
            raise _decline(f"relative or undefined type {value!r}")
        _iri(tiri)
        if len(value) <= _MEMO_MAX_LEN:
            if len(self.type_cache) >= _MEMO_ENTRIES:
                self.type_cache.clear()
            self.type_cache[value] = tiri
        return tiri

    def _expand_iri(self, value: str, *, vocab: bool) -> str | None:
        # Mirrors pyld's _expand_iri with base=None (no document-relative resolution).
        if value in _KEYWORDS:
            return value
        if _KEYWORD_LIKE.match(value):
            return None
        mappings = self.raw["mappings"]
        if vocab and value in mappings:
            m = mappings[value]
            return None if m is None else str(m["@id"])
        colon = value.find(":")
        if colon > 0:
            prefix, suffix = value[:colon], value[colon + 1:]
            if prefix == "_" or suffix.startswith("//"):
                return value
            m = mappings.get(prefix)
            if m and m.get("_prefix"):
                return str(m["@id"]) + suffix
            if _ABSOLUTE.match(value):
                return value
            if _PYLD_ABSOLUTE.match(value):
                raise _decline("IRI that pyld and safe mode read differently")
        if vocab and "@vocab" in self.raw:
            return str(self.raw["@vocab"]) + value
        return value

    def child(self, key: Any, local: Any, *, propagate: bool = True,
              override_protected: bool = False) -> _Ctx:
        ck = (key, propagate, override_protected)
        c = self.children.get(ck)
        if c is None:
            c = self.children[ck] = self.fc.process(self, local, propagate, override_protected)
        return c


def _small(strings: tuple[str, ...]) -> bool:
    """Whether a tuple of strings is small enough to be part of a memo key."""
    return len(strings) <= 64 and sum(map(len, strings)) <= _PLAN_KEY_CHARS


def _put(memo: dict[Any, Any], key: Any, value: Any) -> None:
    """Memoise in a dictionary bounded by :data:`_MEMO_ENTRIES` (dropped whole when full)."""
    if len(memo) >= _MEMO_ENTRIES:
        memo.clear()
    memo[key] = value


def _split_keys(ctx: _Ctx, keys: tuple[str, ...]
                ) -> tuple[list[tuple[str, str]], list[tuple[str, _TermInfo]]]:
    """Keyword members and property members of a node; decline on anything else."""
    kws: list[tuple[str, str]] = []
    props: list[tuple[str, _TermInfo]] = []
    seen: set[str] = set()
    for key in keys:
        ti = ctx.info(key)
        ep = ti.expanded
        if ep is None:
            raise _decline(f"dropped key {key!r}")
        if ep in _KEYWORDS:
            if ep in seen and ep != "@type":
                raise _decline("colliding keywords")
            seen.add(ep)
            if ep not in ("@id", "@type", "@value", "@language", "@direction"):
                raise _decline(f"keyword {ep} not handled by the fast path")
            kws.append((key, ep))
        elif not _ABSOLUTE.match(ep) or ep.startswith("_:"):
            raise _decline(f"dropped key {key!r}")
        else:
            props.append((key, ti))
    return kws, props


#: Members of a context definition the fast path understands: exactly those the bundled
#: contexts use.  Anything else (``@reverse``, ``@nest``, ``@index``, ``@prefix``,
#: ``@propagate``, ``@import``, ``@base``, ``@language``, keyword aliases other than
#: ``id``/``type``, container lists and maps, a scoped context redefining its own term) is
#: left to pyld: the fast path is a compiled view of the known contexts, not a JSON-LD
#: processor (issue 11, finding 4).
_CTX_KEYWORDS = frozenset({"@protected", "@version", "@vocab"})
_DEF_MEMBERS = frozenset({"@id", "@type", "@container", "@context", "@protected"})
_CONTAINERS = frozenset({"@set", "@list", "@graph"})
_ALIASES = {"id": "@id", "type": "@type"}


def unsupported_feature(context: Any, _term: str | None = None, _depth: int = 0) -> str | None:
    """Why the fast path cannot compile ``context`` (a context value), or None when it can.

    >>> unsupported_feature({"name": "https://schema.org/name"}) is None
    True
    >>> unsupported_feature({"r": {"@reverse": "https://example.org/r"}})
    "term 'r' uses @reverse"
    """
    if _depth > 8:
        return "context nesting"
    items = context if isinstance(context, list) else [context]
    for item in items:
        if isinstance(item, str):
            continue  # a URL: checked when loaded
        if not isinstance(item, dict):
            return "null or non-object context"
        for key, value in item.items():
            if key.startswith("@"):
                if key not in _CTX_KEYWORDS:
                    return f"context keyword {key}"
                continue
            if isinstance(value, str):
                if value.startswith("@") and _ALIASES.get(key) != value:
                    return f"keyword alias {key!r}"
                continue
            if not isinstance(value, dict):
                return f"term {key!r} has a null or non-object definition"
            extra = set(value) - _DEF_MEMBERS
            if extra:
                return f"term {key!r} uses {sorted(extra)[0]}"
            iri = value.get("@id")
            if isinstance(iri, str) and iri.startswith("@") and _ALIASES.get(key) != iri:
                return f"keyword alias {key!r}"
            container = value.get("@container")
            if container is not None and not (isinstance(container, str)
                                              and container in _CONTAINERS):
                return f"term {key!r} container {container!r}"
            typ = value.get("@type")
            if typ is not None and (not isinstance(typ, str)
                                    or (typ.startswith("@")
                                        and typ not in ("@id", "@vocab", "@json"))):
                return f"term {key!r} type {typ!r}"
            if value.get("@context") is not None:  # (a null scoped context resets: VC v2 uses it)
                scoped = value["@context"]
                inner = scoped if isinstance(scoped, list) else [scoped]
                if any(isinstance(c, dict) and key in c for c in inner):
                    return f"term {key!r} redefines itself in its scoped context"
                why = unsupported_feature(scoped, key, _depth + 1)
                if why is not None:
                    return why
    return None


class _Run:
    """State of one document's conversion to quads."""

    __slots__ = ("bnodes", "keys", "quads", "seen", "vkey")

    def __init__(self) -> None:
        self.bnodes = 0
        # dedupe key of the value object being expanded (stack, innermost last)
        self.vkey: list[Any] = []
        # (graph, subject, predicate, pyld dedupe key) -> object term
        self.keys: dict[tuple[str, str, str, Any], str] = {}
        self.seen: set[tuple[str, str, str, str]] = set()
        self.quads: list[tuple[str, str, str, str]] = []

    def bnode(self) -> str:
        self.bnodes += 1
        return f"_:b{self.bnodes}"

    def add(self, g: str, s: str, p: str, key: Any, o: str) -> None:
        """Add a quad the way pyld's node map merges values (first equal value wins)."""
        k = (g, s, p, key)
        prev = self.keys.get(k)
        if prev is not None:
            if prev != o:
                raise _decline("values pyld treats as equal map to different RDF terms")
            return
        q = (s, p, o, g)
        if q in self.seen:
            raise _decline("distinct JSON-LD values map to the same RDF term")
        self.keys[k] = o
        self.seen.add(q)
        self.quads.append(q)
        if len(self.quads) > MAX_QUADS:
            raise _decline("too many quads for the fast path")

    def add_list_quad(self, g: str, s: str, p: str, o: str) -> None:
        self.quads.append((s, p, o, g))


class FastCanonicalizer:
    """Canonicalise JSON-LD documents quickly, reusing processed contexts across documents.

    ``document_loader`` is a pyld-style loader ``(url, options) -> RemoteDocument``; the
    documents it returns for a URL must not change over the life of this object (processed
    contexts are cached per URL).  Thread-safe for concurrent use.
    """

    def __init__(self, document_loader: Callable[..., Any], *,
                 rdf_direction: str = "i18n-datatype") -> None:
        if rdf_direction != "i18n-datatype":
            raise ValueError("only rdfDirection 'i18n-datatype' is supported")
        self._lock = threading.RLock()
        self._loader = document_loader
        #: pyld's processor and options, made when a context is not in the snapshot
        self._pyld: tuple[Any, dict[str, Any]] | None = None
        #: pyld's processed bundled contexts, precomputed (when this loader serves them)
        self._snapshot = _ctxsnap.snapshot() if _serves_bundled(document_loader) else None
        #: context URLs whose documents use only features the fast path compiles
        self._supported: set[str] = set()
        self._wrapped: dict[int, _Ctx] = {}
        self._templates: dict[str, str] = {}
        if self._snapshot is not None:
            self._initial_raw = self._snapshot.raw(0)
        else:
            processor, options = self._pyld_processor()
            self._initial_raw = processor._get_initial_context(options)
        self.initial = self.wrap(self._initial_raw)

    def _pyld_processor(self) -> tuple[Any, dict[str, Any]]:
        """pyld's context processor (absent-@vocab removal fixed) and its options, made once."""
        if self._pyld is None:
            from cachetools import LRUCache
            from pyld.context_resolver import ContextResolver

            from ._pyld import JsonLdProcessor

            loader = self._loader
            self._pyld = (JsonLdProcessor(), {
                "base": None,
                "documentLoader": loader,
                "contextResolver": ContextResolver(LRUCache(maxsize=1000), loader),
                "processingMode": "json-ld-1.1",
                "isFrame": False,
                "keepFreeFloatingNodes": False,
                "extractAllScripts": False,
            })
        return self._pyld

    def _process_pyld(self, raw: Any, local: Any, propagate: bool,
                      override_protected: bool) -> Any:
        """pyld's ``_process_context`` (raises what pyld raises)."""
        processor, options = self._pyld_processor()
        return processor._process_context(raw, local, options,
                                          override_protected=override_protected,
                                          propagate=propagate)

    # -- context handling ------------------------------------------------------------------

    def wrap(self, raw: Any) -> _Ctx:
        """The memo wrapper for a processed pyld active context (kept alive by the cache)."""
        c = self._wrapped.get(id(raw))
        if c is None or c.raw is not raw:
            c = _Ctx(self, raw)
            self._wrapped[id(raw)] = c
        return c

    def embedded_key(self, local: Any) -> Any:
        """Cache key of a context value embedded in a document: URLs as they are, inline
        contexts by digest, and only inline contexts the loader knows by value (others are
        left to pyld, so that no cache key can stand for two different contexts)."""
        if isinstance(local, str):
            return local
        if isinstance(local, list):
            if all(isinstance(x, str) for x in local):
                return tuple(local)
            return tuple(x if isinstance(x, str) else self._inline_key(x) for x in local)
        return self._inline_key(local)

    def _inline_key(self, context: Any) -> tuple[str, str]:
        knows = getattr(self._loader, "knows_inline", None)
        if not isinstance(context, dict) or knows is None or not knows(context):
            raise _decline("inline context not registered by value")
        from ._loader import context_digest

        return ("inline", context_digest(context))

    def _check_supported(self, local: Any) -> None:
        """Decline contexts that use a feature the fast path does not compile (once per URL
        or inline digest; scoped contexts are checked with the context that defines them)."""
        for item in local if isinstance(local, list) else [local]:
            key = item if isinstance(item, str) else None
            if key is not None and key in self._supported:
                continue
            if key is not None:
                try:
                    doc = self._loader(key)["document"]
                except Exception as exc:
                    raise _decline(f"context {key} cannot be loaded: {exc}") from exc
                why = unsupported_feature(doc.get("@context") if isinstance(doc, dict)
                                          else None)
                if why is not None:
                    raise _decline(why)
                self._supported.add(key)
            else:
                why = unsupported_feature(item)
                if why is not None:
                    raise _decline(why)

    def process(self, ctx: _Ctx, local: Any, propagate: bool, override_protected: bool) -> _Ctx:
        """Process ``local`` on top of ``ctx`` as pyld does: from the snapshot of pyld's
        processed bundled contexts, else with pyld (errors make the fast path decline)."""
        if len(self._wrapped) > 2 * MAX_CACHED_CONTEXTS:
            raise _decline("context cache full")
        if (local is None or local is False) and override_protected:
            # a property-scoped null context (pyld keeps it as False; VC 2.0's
            # verifiableCredential has one, so every presentation with credentials meets it):
            # pyld's _process_context resets to its initial context, protected terms or not.
            # Other null contexts (type-scoped) still decline to pyld.
            return self.initial
        # (the snapshot holds only processing that passed _check_supported when it was
        # generated, on the same pinned contents: a hit needs no second look)
        raw = (None if self._snapshot is None
               else self._snapshot.child(ctx.raw, local, propagate, override_protected))
        if raw is None:
            self._check_supported(local)
            try:
                raw = self._process_pyld(ctx.raw, local, propagate, override_protected)
            except Exception as exc:  # unknown context, protected redefinition, ...
                raise _decline(f"context processing failed: {exc}") from exc
        return self.wrap(raw)

    # -- public entry points -----------------------------------------------------------------

    def to_quads(self, document: Any) -> list[tuple[str, str, str, str]]:
        """The document's RDF dataset as (s, p, o, g) N-Quads terms (g ``""`` = default)."""
        if not isinstance(document, dict):
            raise _decline("top-level value is not a JSON object")
        run = _Run()
        with self._lock:
            if len(self._wrapped) > MAX_CACHED_CONTEXTS:
                # processed contexts come from known contexts only (inline ones by digest);
                # this bound is a backstop, never reached by distinct credentials
                self._wrapped.clear()
                self.initial = self.wrap(self._initial_raw)
            self._top(run, document)
        return run.quads

    def check(self, document: Any, *, watched: Iterable[str] = (), max_values: int = MAX_QUADS,
              max_depth: int = MAX_DEPTH + 1) -> SafeCheck | None:
        """Decide JSON-LD safe mode without building the RDF dataset, or ``None`` (undecided).

        A :class:`SafeCheck` is returned only when :func:`microcred.jsonld.canonicalize` (safe
        mode) of ``document`` would succeed: the walk is the one :meth:`to_quads` does, with
        every one of its refusals, minus the quads.  ``None`` means "ask the full pipeline"
        (which then decides, or raises its typed error).  The caller must already know that
        every string of ``document`` is well-formed Unicode (e.g. it has UTF-8-encoded it).
        ``watched`` are predicate IRIs whose values on the top-level node are counted;
        ``max_values`` bounds the number of values (quads) and ``max_depth`` the JSON nesting,
        as :class:`~microcred.jsonld.Limits` ``max_quads`` / ``max_depth`` do.
        """
        if type(document) is not dict or "@context" not in document:
            return None
        checker = _Checker(self, frozenset(watched), max_values, max_depth)
        try:
            with self._lock:
                if len(self._wrapped) > MAX_CACHED_CONTEXTS:
                    self._wrapped.clear()
                    self.initial = self.wrap(self._initial_raw)
                # (a top-level @graph is declined by the node plan: keyword not handled)
                checker.node(self.initial, None, document, 0, 0, top=True)
        except Exception:  # declined, or input the walk does not understand: undecided
            return None
        if checker.values == 0:  # safe mode refuses an empty dataset
            return None
        checker.result.values = checker.values
        return checker.result

    def canonicalize(self, document: Any, limits: Any = None) -> str | None:
        """RDFC-1.0 canonical N-Quads of ``document``, or ``None`` when the fast path declines.

        ``limits`` is a :class:`~microcred.jsonld.Limits` (quads and N-degree work); the
        caller has already applied its input checks (size, depth) as the slow path does.
        """
        if _PROOF_CONFIG_KEYS.issuperset(document) if isinstance(document, dict) else False:
            templated = self._proof_config(document, limits)
            if templated is not None:
                return templated
        return self._canonicalize(document, limits)

    def _canonicalize(self, document: Any, limits: Any) -> str | None:
        try:
            quads = self.to_quads(document)
            out = canonicalize_quads(quads, limits)
            out.encode("utf-8")  # lone surrogates: the slow path raises InvalidJsonError
            return out
        except (FastPathDeclined, RecursionError, UnicodeEncodeError):
            return None

    def _proof_config(self, config: dict[str, Any], limits: Any) -> str | None:
        """Data Integrity proof configurations differ only in ``created``: use a template.

        The canonical form of ``{type, cryptosuite, created, verificationMethod, proofPurpose,
        @context}`` is computed once per everything-but-``created`` with a placeholder date;
        each call substitutes its own ``created`` literal.  Used only when every member but
        ``@context`` is a string, ``created`` is a plain xsd:dateTime (no escaping) and the
        template has one blank node and one occurrence of the placeholder, so labels and line
        order cannot depend on ``created``.
        """
        created = config.get("created")
        if (set(config) != _PROOF_CONFIG_KEYS or not isinstance(created, str)
                or not _DATETIME.fullmatch(created)
                or not all(isinstance(v, str) for k, v in config.items() if k != "@context")):
            return None
        try:
            key = json.dumps({k: v for k, v in config.items() if k != "created"},
                             sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError):
            return None
        if len(key) > 1024:  # never memoise attacker-sized keys: key by digest
            key = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        template = self._templates.get(key)
        if template is None:
            out = self._canonicalize(dict(config, created=_PLACEHOLDER_DATE), limits)
            ph = f'"{_PLACEHOLDER_DATE}"'
            ok = (out is not None and out.count(ph) == 1 and "_:c14n1" not in out
                  and out.count("_:c14n0") == out.count("\n"))
            template = out if ok and out is not None else ""
            if len(self._templates) > MAX_CACHED_CONTEXTS:
                self._templates.clear()
            self._templates[key] = template
        if not template:
            return None
        return template.replace(f'"{_PLACEHOLDER_DATE}"', f'"{created}"', 1)

    # -- expansion + toRDF -------------------------------------------------------------------

    def _top(self, run: _Run, element: dict[str, Any]) -> None:
        ctx = self.initial
        for key in element:
            if ctx.expand_vocab(key) == "@graph" and key != "@context":
                raise _decline("top-level @graph")
        if "@context" not in element:
            raise _decline("document without @context")
        term = self._node(run, ctx, None, element, "", 0, top=True)
        if term is None:
            raise _decline("top-level value object")
        if not run.quads:  # safe mode rejects an empty dataset: let the slow path say so
            raise _decline("empty dataset")

    def _plan(self, ctx: _Ctx, active_prop: str | None, element: dict[str, Any]
              ) -> tuple[_Ctx, _Ctx, list[tuple[str, str]], list[tuple[str, _TermInfo]]]:
        """Active context, type-scoped context and key meanings for a node object.

        Mirrors pyld's _expand (type-scoped context reversion, property-scoped and embedded
        contexts) and _prepare_nested_context (type-scoped contexts).  Memoised on the key set
        and type values, which is all the result depends on.
        """
        keys = tuple(element)
        has_local = "@context" in element
        ck = self.embedded_key(element["@context"]) if has_local else None
        # one-look-up memo for the usual shape: types under the key "type" (strings); looking
        # up is always fine, *storing* is bounded (no attacker-sized keys): see _small
        tv = element.get("type")
        tk: Any = _NO_PLAN0
        if tv is None or type(tv) is str:
            tk = tv
        elif type(tv) is list and all(type(t) is str for t in tv):
            tk = tuple(tv)
        if tk is not _NO_PLAN0:
            hit = ctx.plan0.get((active_prop, keys, ck, tk))
            if hit is not None:
                return hit
        k1 = (active_prop, keys, ck)
        p1 = ctx.plan1.get(k1)
        if p1 is None:
            p1 = self._plan1(ctx, active_prop, element)
            if _small(keys):
                _put(ctx.plan1, k1, p1)
        ctx2, skeys, type_key = p1
        types: tuple[str, ...] = ()
        if type_key is not None:
            tv = element[type_key]
            if type(tv) is str:
                types = (tv,)
            elif type(tv) is list and all(type(t) is str for t in tv):
                types = tuple(sorted(tv))
            else:
                types = tuple(sorted(t for t in (tv if isinstance(tv, list) else [tv])
                                     if isinstance(t, str)))
        k2 = (skeys, types)
        p2 = ctx2.plan2.get(k2)
        if p2 is None:
            final = ctx2
            for t in types:
                sc = ctx2.info(t).scoped
                if sc is not None and sc is not False:
                    final = final.child(("t", id(sc)), sc, propagate=False)
            kws, props = _split_keys(final, skeys)
            p2 = (final, kws, props)
            if _small(skeys) and _small(types):
                _put(ctx2.plan2, k2, p2)
        out = (p2[0], ctx2, p2[1], p2[2])
        if (tk is not _NO_PLAN0 and type_key in (None, "type") and _small(keys)
                and (tk is None or _small((tk,) if type(tk) is str else tk))):
            # the result depends on keys, contexts and the values of the type key only
            _put(ctx.plan0, (active_prop, keys, ck, tk), out)
        return out

    def _plan1(self, ctx: _Ctx, active_prop: str | None,
               element: dict[str, Any]) -> tuple[_Ctx, tuple[str, ...], str | None]:
        psc = ctx.info(active_prop).scoped if active_prop is not None else None
        # revert type-scoped context unless this is a value object or a subject reference
        type_scoped = ctx if ctx.previous is not None else None
        must_revert = True
        if type_scoped is not None and len(element) <= 2 and "@context" not in element:
            for key in sorted(element):
                ep = type_scoped.expand_vocab(key)
                if ep == "@value":
                    must_revert = False
                    ctx = type_scoped
                    break
                if ep == "@id" and len(element) == 1:
                    must_revert = False
                    break
        if must_revert and ctx.previous is not None:
            ctx = ctx.previous
        if psc is not None:
            ctx = ctx.child(("p", id(psc)), psc, propagate=True, override_protected=True)
        if "@context" in element:
            local = element["@context"]
            if isinstance(local, dict) and len(local) == 1 and "@context" in local:
                raise _decline("keyword redefinition")
            ctx = ctx.child(("e", self.embedded_key(local)), local)
        skeys = tuple(sorted(k for k in element if k != "@context"))
        type_keys = [k for k in skeys if ctx.info(k).expanded == "@type"]
        if len(type_keys) > 1:
            raise _decline("several keys expand to @type")
        return ctx, skeys, (type_keys[0] if type_keys else None)

    def _node(self, run: _Run, ctx: _Ctx, active_prop: str | None, element: dict[str, Any],
              graph: str, depth: int, top: bool = False) -> str | None:
        """Expand one JSON object; emit its quads; return its RDF term (None if dropped)."""
        if depth > MAX_DEPTH:
            raise _decline("too deep")
        ctx, type_scoped, kws, props = self._plan(ctx, active_prop, element)
        node_id, types_out, lit = self._keywords(ctx, type_scoped, element, kws,
                                                 bool(props), top)
        if lit is not None:  # a value object
            run.vkey[-1] = lit[1]
            return lit[0]

        subject = _iri(node_id) if node_id is not None else run.bnode()
        for t in types_out:
            run.add(graph, subject, RDF_TYPE, ("@id", t), _iri(t))
        if top and not props and not types_out:
            return subject
        for key, ti in props:
            self._property(run, ctx, subject, key, ti, element[key], graph, depth)
        return subject

    def _keywords(self, ctx: _Ctx, type_scoped: _Ctx, element: dict[str, Any],
                  kws: list[tuple[str, str]], has_props: bool, top: bool
                  ) -> tuple[str | None, list[str], tuple[str, Any] | None]:
        """The keyword members of a node: (its @id IRI, its type IRIs, its literal and dedupe
        key when it is a value object); declines on anything the fast path does not answer."""
        node_id: str | None = None
        types_out: list[str] = []
        value_parts: dict[str, Any] | None = None
        has_type = type_is_array = False
        for key, ep in kws:
            value = element[key]
            if ep == "@id":
                if not isinstance(value, str):
                    raise _decline("non-string @id")
                node_id = ctx.expand_id(value)
                if node_id is None or not _ABSOLUTE.match(node_id) or node_id.startswith("_:"):
                    raise _decline("relative or blank @id")
                _iri(node_id)
            elif ep == "@type":
                has_type = True
                type_is_array = isinstance(value, list)
                for v in value if type_is_array else (value,):
                    if not isinstance(v, str):
                        raise _decline("non-string @type")
                    types_out.append(type_scoped.type_iri(v))
            else:  # @value, @language, @direction
                if value_parts is None:
                    value_parts = {}
                value_parts[ep] = value
        if value_parts is None:
            return node_id, types_out, None
        if has_props or node_id is not None or "@value" not in value_parts or top:
            raise _decline("unusual value object")
        if has_type and type_is_array:  # a value object's @type must be a string
            raise _decline("value object @type is an array")
        if "@direction" in value_parts and not isinstance(value_parts["@direction"], str):
            raise _decline("non-string @direction")
        return None, types_out, self._value_object(value_parts, types_out, has_type)

    def _value_object(self, parts: dict[str, Any], types: list[str],
                      has_type: bool) -> tuple[str, Any]:
        value = parts.get("@value")
        language = parts.get("@language")
        direction = parts.get("@direction")
        if has_type and (language is not None or direction is not None):
            raise _decline("typed value with language")
        if has_type and len(types) != 1:
            raise _decline("value object @type must be one IRI")
        if value is None:  # dropped by pyld; microcred's safe mode refuses it
            raise _decline('"@value": null')
        if isinstance(value, (dict, list)):
            raise _decline("object @value")
        if language is not None:
            if not isinstance(language, str) or not isinstance(value, str):
                raise _decline("bad language-tagged value")
            language = language.lower()
            if not _LANG.fullmatch(language):
                raise _decline("unusual language tag")
        if direction is not None and direction not in ("ltr", "rtl"):
            raise _decline("bad direction")
        datatype = types[0] if has_type else None
        key = ("V", isinstance(value, bool), value, datatype, language)
        return self._literal_term(value, datatype, language, direction), key

    def _literal_term(self, value: Any, datatype: str | None, language: str | None,
                      direction: str | None) -> str:
        # Mirrors pyld's _object_to_rdf for value objects (rdfDirection = i18n-datatype).
        if isinstance(value, bool):
            return _literal("true" if value else "false", datatype or XSD_BOOLEAN)
        if isinstance(value, float) and not value.is_integer():
            if value != value or value in (float("inf"), float("-inf")):
                raise _decline("non-finite number")
            return _literal(_canonical_double(value), datatype or XSD_DOUBLE)
        if datatype == XSD_DOUBLE:
            try:
                fv = float(value)
            except (ValueError, TypeError):
                return _literal(str(value), XSD_DOUBLE)
            if fv != fv or fv in (float("inf"), float("-inf")):
                raise _decline("non-finite number")
            return _literal(_canonical_double(fv), XSD_DOUBLE)
        if _is_integer(value):
            if abs(value) >= 1e21:
                return _literal(_canonical_double(value), datatype or XSD_DOUBLE)
            return _literal(str(int(value)), datatype or XSD_INTEGER)
        if not isinstance(value, str):
            raise _decline("unexpected literal type")
        if direction is not None:
            return _literal(value, f"{I18N}{language or ''}_{direction}")
        if language is not None:
            if datatype is not None:
                raise _decline("language with datatype")
            return _literal(value, None, language)
        return _literal(value, datatype)

    def _property(self, run: _Run, ctx: _Ctx, subject: str, key: str, ti: _TermInfo,
                  value: Any, graph: str, depth: int) -> None:
        if ti.reverse:
            raise _decline("reverse property")
        container = ti.container
        for c in container:
            if c not in ("@set", "@list", "@graph") and isinstance(value, dict):
                raise _decline(f"{c} container map")
        if "@graph" in container and ("@list" in container):
            raise _decline("@graph @list container")
        predicate = _iri(ti.expanded or "")
        term_ctx = ctx
        if ti.scoped is not None:
            term_ctx = ctx.child(("p", id(ti.scoped)), ti.scoped, propagate=True,
                                 override_protected=True)
        vti = term_ctx.info(key)
        if ti.type == "@json":
            if "@list" in container or "@graph" in container:
                raise _decline("@json with container")
            lex = _json_literal(value)
            run.add(graph, subject, predicate, ("J", lex), _literal(lex, RDF_JSON))
            return
        if value is None:  # pyld drops a null property value (whatever the container)
            return
        if "@list" in container:
            items = value if isinstance(value, list) else [value]
            terms: list[str] = []
            for item in items:
                if isinstance(item, list):
                    raise _decline("list of lists")
                r = self._item(run, term_ctx, key, vti, item, graph, depth)
                if r is not None:
                    terms.append(r[0])
            head = self._rdf_list(run, terms, graph)
            run.add(graph, subject, predicate, object(), head)
            return
        if "@graph" in container:
            items = value if isinstance(value, list) else [value]
            for item in items:
                if item is None:
                    continue
                if not isinstance(item, dict):
                    raise _decline("non-object value in @graph container")
                g = run.bnode()
                before = len(run.quads)
                r = self._item(run, term_ctx, key, vti, item, g, depth)
                if r is None:
                    continue
                if r[0].startswith('"'):
                    raise _decline("literal in @graph container")
                if len(run.quads) == before:  # empty or id-only node: safe mode refuses it
                    raise _decline("node without statements in a named graph")
                run.add(graph, subject, predicate, ("@id", g), g)
            return
        for item in (self._flat(value) if isinstance(value, list) else (value,)):
            r = self._item(run, term_ctx, key, vti, item, graph, depth)
            if r is not None:
                run.add(graph, subject, predicate, r[1], r[0])

    @staticmethod
    def _flat(value: Any) -> Iterable[Any]:
        if isinstance(value, list):
            for v in value:
                if isinstance(v, list):
                    yield from FastCanonicalizer._flat(v)
                else:
                    yield v
        else:
            yield value

    def _item(self, run: _Run, ctx: _Ctx, prop: str, ti: _TermInfo, item: Any, graph: str,
              depth: int) -> tuple[str, Any] | None:
        """Expand one property value; return (object term, pyld dedupe key) or None.

        ``ti`` is ``ctx.info(prop)`` (the property's meaning in the term-scoped context).
        """
        if item is None:
            return None
        if isinstance(item, dict):
            if "@list" in item or "@set" in item:
                raise _decline("explicit @list/@set")
            run.vkey.append(None)
            try:
                t = self._node(run, ctx, prop, item, graph, depth + 1)
            finally:
                vkey = run.vkey.pop()
            if t is None:
                return None
            return t, (vkey if vkey is not None else ("@id", t))
        typ = ti.type
        if isinstance(item, str) and typ in ("@id", "@vocab"):
            iri = ctx.expand_id(item) if typ == "@id" else ctx.expand_vocab(item)
            if iri is None or not _ABSOLUTE.match(iri) or iri.startswith("_:"):
                raise _decline(f"relative IRI value {item!r}")
            return _iri(iri), ("@id", iri)
        datatype: str | None = None
        language: str | None = None
        direction: str | None = None
        if typ is not None and typ not in ("@id", "@vocab", "@none"):
            datatype = str(typ)
        elif isinstance(item, str):
            if ti.has_language and ti.language is not None:
                language = str(ti.language).lower()
                if not _LANG.fullmatch(language):
                    raise _decline("unusual language tag")
            if ti.has_direction and ti.direction is not None:
                direction = str(ti.direction)
        if not isinstance(item, (str, bool, int, float)):
            raise _decline("unexpected JSON value")
        # pyld's compare_values key: strict for bools, == for numbers/strings
        key = ("V", isinstance(item, bool), item, datatype, language)
        # floats by repr: -0.0 == 0.0 (same hash) but they are different literals
        ck = (type(item), repr(item) if type(item) is float else item, datatype, language,
              direction)
        term = _LITERALS.get(ck)
        if term is None:
            term = self._literal_term(item, datatype, language, direction)
            if type(item) is not str or len(item) <= _MEMO_MAX_LEN:  # (long texts differ)
                if len(_LITERALS) >= _CACHE_SIZE:
                    _LITERALS.clear()
                _LITERALS[ck] = term
        return term, key

    def _rdf_list(self, run: _Run, terms: list[str], graph: str) -> str:
        if not terms:
            return RDF_NIL
        head = node = run.bnode()
        for i, t in enumerate(terms):
            run.add_list_quad(graph, node, RDF_FIRST, t)
            nxt = run.bnode() if i + 1 < len(terms) else RDF_NIL
            run.add_list_quad(graph, node, RDF_REST, nxt)
            node = nxt
        return head


# -- safe-mode check without RDF ----------------------------------------------------------------


class SafeCheck:
    """What :meth:`FastCanonicalizer.check` found about a document that passes safe mode.

    ``root_id`` is the expanded ``@id`` of the top-level node (``None``: a blank node);
    ``root_types`` its expanded types; ``root_counts`` maps each *watched* predicate IRI to the
    number of values the top-level node has for it in the default graph (``2`` means "two or
    more": duplicates may be merged in the graph, so the exact count is not known);
    ``root_id_reused`` is True when another node object carries the top-level node's ``@id``
    (its statements then land on the same subject).
    """

    __slots__ = ("root_counts", "root_id", "root_id_reused", "root_types", "values")

    def __init__(self) -> None:
        self.root_id: str | None = None
        self.root_types: tuple[str, ...] = ()
        self.root_counts: dict[str, int] = {}
        self.root_id_reused = False
        self.values = 0


# How a property's string values are checked (see _Checker.plan).
_S_PLAIN = 0  # any string is a plain, typed or language-tagged literal that cannot be refused
_S_ID = 1  # an IRI reference (@type: @id)
_S_VOCAB = 2  # a vocabulary IRI (@type: @vocab)
_S_JSON = 3  # a JSON literal (@type: @json)
_S_GENERAL = 4  # anything else: the literal is built (memoised) to find out


class _Checker:
    """State of one :meth:`FastCanonicalizer.check` walk.

    The walk mirrors :meth:`FastCanonicalizer._node` / ``_property`` / ``_item`` decision for
    decision (it refuses, i.e. declines, exactly where they do) but emits nothing; what a
    property's values need is worked out once per (active context, key) in :meth:`plan`.
    """

    __slots__ = ("fc", "max_depth", "max_values", "result", "values", "watched")

    def __init__(self, fc: FastCanonicalizer, watched: frozenset[str], max_values: int,
                 max_depth: int) -> None:
        self.fc = fc
        self.watched = watched
        self.max_values = max_values
        self.max_depth = max_depth
        self.result = SafeCheck()
        self.values = 0

    @staticmethod
    def plan(ctx: _Ctx, key: str, ti: _TermInfo) -> tuple[Any, ...]:
        """(term-scoped context, its meaning of ``key``, string mode, container flags)."""
        cp = ti.cplan
        if cp is not None:
            return cp
        if ti.reverse:
            raise _decline("reverse property")
        container = ti.container
        is_list = "@list" in container
        is_graph = "@graph" in container
        if is_list and is_graph:
            raise _decline("@graph @list container")
        maps = any(c not in ("@set", "@list", "@graph") for c in container)
        _iri(ti.expanded or "")
        term_ctx = ctx
        if ti.scoped is not None:
            term_ctx = ctx.child(("p", id(ti.scoped)), ti.scoped, propagate=True,
                                 override_protected=True)
        vti = term_ctx.info(key)
        typ = vti.type
        mode = _S_GENERAL
        if ti.type == "@json":
            mode = _S_JSON
        elif typ == "@id":
            mode = _S_ID
        elif typ == "@vocab":
            mode = _S_VOCAB
        elif typ is not None and typ != "@none":
            if typ != XSD_DOUBLE and _BAD_IRI.search(str(typ)) is None:
                mode = _S_PLAIN  # a typed literal: any lexical form is accepted
        elif vti.has_direction and vti.direction is not None:
            mode = _S_GENERAL
        elif vti.has_language and vti.language is not None:
            if _LANG.fullmatch(str(vti.language).lower()):
                mode = _S_PLAIN
        else:
            mode = _S_PLAIN
        plain = mode == _S_PLAIN and not is_list and not is_graph
        cp = ti.cplan = (term_ctx, vti, mode, is_list, is_graph, maps, plain)
        return cp

    def node(self, ctx: _Ctx, active_prop: str | None, element: dict[str, Any], depth: int,
             jdepth: int, top: bool = False) -> bool:
        """Check one JSON object; True for a node object, False for a value object."""
        if depth > MAX_DEPTH or jdepth >= self.max_depth:
            raise _decline("too deep")
        local = element.get("@context")
        if local is not None and type(local) is not str:
            if type(local) is list and all(type(c) is str for c in local):
                if jdepth + 1 >= self.max_depth:
                    raise _decline("too deep")
            elif not _quick_ok(local, self.max_depth - jdepth - 1, False):
                raise _decline("too deep")
        ctx, type_scoped, kws, props = self.fc._plan(ctx, active_prop, element)
        node_id, types_out, lit = self.fc._keywords(ctx, type_scoped, element, kws,
                                                    bool(props), top)
        if lit is not None:  # a value object
            return False
        result = self.result
        if top:
            result.root_id = node_id
            result.root_types = tuple(types_out)
        elif node_id is not None and node_id == result.root_id:
            result.root_id_reused = True
        own = len(types_out)  # statements of this node (nested nodes count their own)
        watched = self.watched if top else None
        for key, ti in props:
            value = element[key]
            cp = ti.cplan
            if cp is None:
                cp = self.plan(ctx, key, ti)
            if type(value) is str and cp[6]:
                n = 1  # the common case: one plain or typed literal, nothing to refuse
            elif type(value) is str and cp[2] == _S_GENERAL and not cp[3] and not cp[4]:
                self.scalar(cp[1], value)
                n = 1
            else:
                n = self.prop(cp, key, value, depth, jdepth)
            own += n
            if watched is not None and n and ti.expanded in watched:
                # two or more values may be merged in the graph: the exact count is unknown
                iri = ti.expanded or ""
                result.root_counts[iri] = min(result.root_counts.get(iri, 0) + n, 2)
        self.values += own
        if self.values > self.max_values:
            raise _decline("too many values for the fast path")
        return True

    def prop(self, cp: tuple[Any, ...], key: str, value: Any, depth: int, jdepth: int) -> int:
        """Check one property's value(s); return how many statements link the node to them."""
        term_ctx, vti, mode, is_list, is_graph, maps, _plain = cp
        if maps and type(value) is dict:
            raise _decline("container map")
        if mode == _S_JSON:
            if is_list or is_graph:
                raise _decline("@json with container")
            if not _quick_ok(value, self.max_depth - jdepth - 1, False):
                raise _decline("too deep")
            _json_literal(value)
            return 1
        if value is None:
            return 0
        if type(value) is list:
            if jdepth + 1 >= self.max_depth:
                raise _decline("too deep")
            items: list[Any] = value
            jd = jdepth + 1
        else:
            items = [value]
            jd = jdepth
        if is_list:
            n = 0
            for item in items:
                if type(item) is list:
                    raise _decline("list of lists")
                if self.item(term_ctx, key, vti, mode, item, depth, jd) is not None:
                    n += 1
            self.values += 2 * n
            return 1
        if is_graph:
            links = 0
            for item in items:
                if item is None:
                    continue
                if type(item) is not dict:
                    raise _decline("non-object value in @graph container")
                before = self.values
                r = self.item(term_ctx, key, vti, mode, item, depth, jd)
                if r is None:
                    continue
                if r is False:
                    raise _decline("literal in @graph container")
                if self.values == before:
                    raise _decline("node without statements in a named graph")
                links += 1
            return links
        links = 0
        for item in items:
            if type(item) is list:
                raise _decline("nested list")
            if self.item(term_ctx, key, vti, mode, item, depth, jd) is not None:
                links += 1
        return links

    def item(self, ctx: _Ctx, prop: str, ti: _TermInfo, mode: int, item: Any, depth: int,
             jdepth: int) -> bool | None:
        """Check one property value: True (a node), False (a literal) or None (dropped)."""
        t = type(item)
        if t is str:
            if mode == _S_PLAIN:
                return False
            if mode in (_S_ID, _S_VOCAB):
                iri = ctx.expand_id(item) if mode == _S_ID else ctx.expand_vocab(item)
                if iri is None or not _ABSOLUTE.match(iri) or iri.startswith("_:"):
                    raise _decline(f"relative IRI value {item!r}")
                _iri(iri)
                return True
        elif t is dict:
            if "@list" in item or "@set" in item:
                raise _decline("explicit @list/@set")
            return self.node(ctx, prop, item, depth + 1, jdepth + 1)
        elif item is None:
            return None
        self.scalar(ti, item)
        return False

    def scalar(self, ti: _TermInfo, item: Any) -> None:
        """Build (memoised) the literal of a scalar value, as ``_item`` does, for its refusals."""
        t = type(item)
        if t is not str and t is not bool and t is not int and t is not float:
            raise _decline("unexpected JSON value")
        typ = ti.type
        datatype: str | None = None
        language: str | None = None
        direction: str | None = None
        if typ is not None and typ not in ("@id", "@vocab", "@none"):
            datatype = str(typ)
        elif t is str:
            if ti.has_language and ti.language is not None:
                language = str(ti.language).lower()
                if not _LANG.fullmatch(language):
                    raise _decline("unusual language tag")
            if ti.has_direction and ti.direction is not None:
                direction = str(ti.direction)
        ck = (t, repr(item) if t is float else item, datatype, language, direction)
        if ck not in _LITERALS:
            term = self.fc._literal_term(item, datatype, language, direction)
            if t is not str or len(item) <= _MEMO_MAX_LEN:  # (long texts are distinct)
                if len(_LITERALS) >= _CACHE_SIZE:
                    _LITERALS.clear()
                _LITERALS[ck] = term


# -- RDFC-1.0 -------------------------------------------------------------------------------------


def _hash_line(q: tuple[str, str, str, str], b: str) -> str:
    s, p, o, g = q
    if s[0] == "_":
        s = "_:a" if s == b else "_:z"
    if o[0] == "_":
        o = "_:a" if o == b else "_:z"
    if g:
        if g[0] == "_":
            g = "_:a" if g == b else "_:z"
        return f"{s} {p} {o} {g} .\n"
    return f"{s} {p} {o} .\n"


def canonicalize_quads(quads: list[tuple[str, str, str, str]], limits: Any = None) -> str:
    """RDFC-1.0 canonical N-Quads of a dataset given as (s, p, o, g) N-Quads terms.

    The common case (every blank node has a unique first-degree hash, so labels follow the
    sorted hashes) is done here.  When N-degree hashing is needed, microcred's RDFC-1.0
    implementation (:mod:`microcred.jsonld._rdfc`) runs with the caller's ``limits``, so the
    same work limits apply as on the slow path; reaching one makes the fast path decline (the
    slow path then raises :class:`~microcred.CanonicalizationLimitError` itself).
    """
    max_quads = getattr(limits, "max_quads", MAX_QUADS)
    if len(quads) > max_quads:
        raise _decline("more quads than the limit")
    by_bnode: dict[str, list[tuple[str, str, str, str]]] = {}
    for q in quads:
        s, _p, o, g = q
        if s[0] == "_":
            by_bnode.setdefault(s, []).append(q)
        if o[0] == "_" and o != s:
            by_bnode.setdefault(o, []).append(q)
        if g and g[0] == "_" and g != s and g != o:
            by_bnode.setdefault(g, []).append(q)
    hashes: dict[str, str] = {}
    seen: set[str] = set()
    shared = False
    sha256 = hashlib.sha256
    for b, qs in by_bnode.items():
        lines = [_hash_line(q, b) for q in qs]
        lines.sort()
        h = sha256("".join(lines).encode("utf-8")).hexdigest()
        if h in seen:
            shared = True
        seen.add(h)
        hashes[b] = h
    if shared:  # N-degree hashing needed: hand over the grouping and first-degree hashes
        return _relabel(quads, _ndegree(quads, limits, (by_bnode, hashes)))
    label = {b: f"_:c14n{i}" for i, b in enumerate(sorted(hashes, key=hashes.__getitem__))}
    return _relabel(quads, label)


def _relabel(quads: list[tuple[str, str, str, str]], label: dict[str, str]) -> str:
    out: list[str] = []
    for s, p, o, g in quads:
        if s[0] == "_":
            s = label[s]
        if o[0] == "_":
            o = label[o]
        if g:
            if g[0] == "_":
                g = label[g]
            out.append(f"{s} {p} {o} {g} .\n")
        else:
            out.append(f"{s} {p} {o} .\n")
    out.sort()
    return "".join(out)


def _ndegree(quads: list[tuple[str, str, str, str]], limits: Any,
             precomputed: Any = None) -> dict[str, str]:
    """Blank nodes share a first-degree hash: microcred's full RDFC-1.0 labelling (limits)."""
    try:
        from .._errors import CanonicalizationLimitError
        from ._rdfc import canonical_labelling
    except ImportError as exc:  # pragma: no cover - the RDFC module is part of microcred
        raise _decline("RDFC-1.0 N-degree implementation unavailable") from exc
    try:
        return dict(canonical_labelling(quads, limits=limits, _precomputed=precomputed).mapping)
    except CanonicalizationLimitError as exc:
        raise _decline("RDFC-1.0 work limit reached") from exc


# -- per-loader instances ---------------------------------------------------------------------

_INSTANCES: weakref.WeakKeyDictionary[Any, tuple[Any, FastCanonicalizer]] = (
    weakref.WeakKeyDictionary())
_INSTANCES_LOCK = threading.Lock()


def _serves_bundled(loader: Any) -> bool:
    """Whether ``loader`` is a StaticLoader serving every bundled context as bundled (none
    replaced): then pyld's processing of them is the snapshot's."""
    from ._contexts import CONTEXT_URLS

    documents = getattr(loader, "_documents", None)
    return (type(loader).__name__ == "StaticLoader" and isinstance(documents, dict)
            and getattr(loader, "_bundled", False) is True
            and not any(url in documents for url in CONTEXT_URLS))


def _reset_instances() -> None:
    """Forget every per-loader instance (the next use builds new ones)."""
    with _INSTANCES_LOCK:
        _INSTANCES.clear()
        _DEFAULT_INSTANCE.clear()


def _loader_token(loader: Any) -> Any:
    """A fingerprint that changes whenever ``loader`` could serve a different document.

    Only microcred's :class:`~microcred.jsonld.StaticLoader` is understood (bundled documents
    are immutable; every registration bumps the loader's ``version``).  Any other loader
    gets ``None``: the fast path is not used with it.
    """
    documents = getattr(loader, "_documents", None)
    version = getattr(loader, "version", None)
    if (not isinstance(documents, dict) or type(loader).__name__ != "StaticLoader"
            or type(version) is not int):
        return None
    # every registration bumps the version: a replaced document is never served from the
    # instance built before it (identity-based tokens could be reused after garbage collection)
    return (bool(getattr(loader, "_bundled", True)), version)


def fast_canonicalize(document: Any, *, loader: Any = None, limits: Any = None) -> str | None:
    """RDFC-1.0 N-Quads of ``document`` through the fast path, or ``None`` to use the slow path.

    ``loader`` is the :class:`~microcred.jsonld.StaticLoader` the slow path would use (``None``
    for the default loader); ``limits`` the :class:`~microcred.jsonld.Limits` in force.  The
    answer, when there is one, is byte-identical to the slow path's; ``None`` means "not handled
    here" (including every input the slow path rejects).
    """
    fc = _instance(loader)
    return None if fc is None else fc.canonicalize(document, limits)


_DEFAULT_INSTANCE: list[FastCanonicalizer] = []  # the default (frozen) loader's, once made


def _instance(loader: Any) -> FastCanonicalizer | None:
    """The :class:`FastCanonicalizer` of ``loader`` (default: the bundled contexts), or None."""
    if loader is None:
        from ._loader import default_loader

        fc = _instance(default_loader())
        if fc is not None and not _DEFAULT_INSTANCE:  # frozen: the same instance for good
            _DEFAULT_INSTANCE.append(fc)
        return fc
    if getattr(loader, "_frozen", False) is True:  # registration refused: the token is fixed
        known = _INSTANCES.get(loader)
        if known is not None:
            return known[1]
    token = _loader_token(loader)
    if token is None:
        return None
    try:
        with _INSTANCES_LOCK:
            entry = _INSTANCES.get(loader)
            if entry is None or entry[0] != token:
                entry = (token, FastCanonicalizer(loader))
                _INSTANCES[loader] = entry
    except TypeError:  # a loader that cannot be weakly referenced or hashed
        return None
    return entry[1]


def fast_check(document: Any, *, loader: Any = None, limits: Any = None,
               watched: Iterable[str] = ()) -> SafeCheck | None:
    """:meth:`FastCanonicalizer.check` with the per-loader instance, or ``None`` (undecided).

    ``limits`` (:class:`~microcred.jsonld.Limits`) supplies ``max_quads`` and ``max_depth``.
    """
    fc = _DEFAULT_INSTANCE[0] if loader is None and _DEFAULT_INSTANCE else _instance(loader)
    if fc is None:
        return None
    limits = limits or DEFAULT_LIMITS
    return fc.check(document, watched=watched, max_values=limits.max_quads,
                    max_depth=limits.max_depth)
