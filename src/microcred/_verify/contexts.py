"""Stage ``contexts``: the document's JSON-LD contexts are ones this verifier knows.

VC Data Model 2.0 §6.3 (type-specific credential processing) lets a verifier accept only the
contexts it knows. microcred's policy (issue 11) is exactly that, by default:

* every ``@context`` value anywhere in the document (outside ``proof``) is either a URL the
  loader serves (bundled or caller-registered) or an inline context registered by value
  (:meth:`microcred.jsonld.StaticLoader.register_inline`; microcred's own embedded context
  is pinned); anything else fails with ``unknown-context`` / ``inline-context-not-allowed``;
* the first context is the VC context; OB and CLR credentials carry their own context;
* counts are bounded before any JSON-LD processing (``too-many-contexts``,
  ``too-many-context-terms``).

The document ``@context`` is not covered by an RDFC signature: an inline context can make the
same signed graph read differently as JSON (a type term whose scoped context swaps two
terms). Refusing unknown inline contexts makes that impossible by construction.

``allow_inline_contexts=True`` (opt-in) also accepts top-level inline contexts that only add
*fresh* vocabulary: plain term definitions whose names and IRIs no known context defines, with
no scoped contexts, keyword aliases, ``@vocab``/``@base``/``@language``, ``@reverse`` or
containers beyond ``@set``/``@list``. Such a context cannot change what any known term, type
or IRI means, so every member a caller reads through the known vocabularies means what was
signed; the new terms are the issuer's own extension data.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .._errors import UnknownContextError
from ..jsonld._contexts import CONTEXT_URLS
from ..jsonld._loader import default_loader
from ._base import VC_V1, VC_V2, Checks, context_list, short, types_of
from .options import Options

_OB_CONTEXT_PREFIXES = ("https://purl.imsglobal.org/spec/ob/v3p0/context",)
_CLR_CONTEXT_PREFIXES = ("https://purl.imsglobal.org/spec/clr/v2p0/context",)
_OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"})
_CLR_TYPES = frozenset({"ClrCredential"})
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*\Z")
_FRESH_TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-.]*\Z")
_FRESH_TYPES = frozenset({"@id", "@json"})
_FRESH_CONTAINERS = frozenset({"@set", "@list"})
_BUNDLED_URLS = frozenset(CONTEXT_URLS)


def contexts_of(doc: Mapping[str, Any], limit: int) -> tuple[list[tuple[str, Any]], bool]:
    """``(path, entry)`` for every entry of every ``@context`` member outside ``proof``, in
    document order, and whether more than ``limit`` entries exist (then the list stops)."""
    found: list[tuple[str, Any]] = []
    stack: list[tuple[Any, str]] = [(doc, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            items = list(node.items())
            for key, value in reversed(items):
                if key == "@context":  # (a null context is an entry: refused below)
                    for i, entry in enumerate(value if isinstance(value, list) else [value]):
                        found.append((f"{path}.@context[{i}]", entry))
                        if len(found) > limit:
                            return found, True
                elif (key != "proof" or path != "$") and isinstance(value, (dict, list)):
                    stack.append((value, f"{path}.{key}"))
        elif isinstance(node, list):
            for i in range(len(node) - 1, -1, -1):
                if isinstance(node[i], (dict, list)):
                    stack.append((node[i], f"{path}[{i}]"))
    found.sort(key=lambda item: (item[0].count("."), item[0]))
    return found, False


def check_contexts(doc: Mapping[str, Any], checks: Checks, options: Options,
                   found: Any = None) -> bool:
    """Run the stage; True when the contexts are acceptable. ``found`` is the input stage's
    :class:`~.input.Scan` of ``doc`` (its context entries), if there is one."""
    limits = options.limits
    loader: Any = options.loader if options.loader is not None else default_loader()
    differs = None
    if _has_registered(loader):  # (the caller registered contexts: they may read differently)
        seen = found.contexts if found is not None else [
            entry for _path, entry in contexts_of(doc, limits.max_context_entries)[0]]
        differs = _type_reset_used(doc, loader, seen)
    if differs is not None:
        checks.fail("contexts", "type-scoped-null-context",
                    f"the document uses {short(differs, 60)!r} as a type, and a caller's context "
                    "gives that term a null scoped context: pyld ignores it, jsonld.js resets "
                    "the node's context, so the two read the document differently",
                    f"型 {short(differs, 60)!r} の型スコープ付き null コンテキストは pyld と "
                    "jsonld.js で解釈が異なるため受け付けません", term=differs)
        return False
    if found is not None and _known_list(found.contexts, loader) and _first_ok(doc):
        checks.ok("contexts", "ok", "contexts are known and in order",
                  "コンテキストは既知で、順序も正しいです")
        return True
    if found is not None:
        plain = found.contexts
        too_many = len(plain) > limits.max_context_entries
        if not too_many and all(type(c) is str for c in plain):
            entries: list[tuple[str, Any]] = [("", c) for c in plain]
        else:  # (paths are needed only to name a refused entry)
            entries, too_many = contexts_of(doc, limits.max_context_entries)
    else:
        entries, too_many = contexts_of(doc, limits.max_context_entries)
    if too_many:
        checks.fail("contexts", "too-many-contexts",
                    f"more than {limits.max_context_entries} @context entries",
                    f"@context の要素が {limits.max_context_entries} 件を超えています",
                    limit=limits.max_context_entries)
        return False
    top = context_list(doc.get("@context"))
    if not top or top[0] not in (VC_V2, VC_V1):
        checks.fail("contexts", "first-context-not-vc",
                    f"the first @context must be {VC_V2} (or {VC_V1}), got "
                    f"{short(top[0]) if top else None}",
                    "最初の @context が VC のコンテキストではありません")
        return False
    types = {t for t in types_of(doc) if isinstance(t, str)}
    urls = [c for c in top if isinstance(c, str)]
    if types & _OB_TYPES and not any(u.startswith(_OB_CONTEXT_PREFIXES) for u in urls):
        checks.fail("contexts", "missing-ob-context",
                    "an Open Badges credential needs the OB 3.0 context",
                    "Open Badges のクレデンシャルには OB 3.0 のコンテキストが必要です")
        return False
    if types & _CLR_TYPES and not any(u.startswith(_CLR_CONTEXT_PREFIXES) for u in urls):
        checks.fail("contexts", "missing-clr-context", "a CLR credential needs the CLR 2.0 context",
                    "CLR のクレデンシャルには CLR 2.0 のコンテキストが必要です")
        return False
    urls_only = all(type(entry) is str for _path, entry in entries)
    version = getattr(loader, "version", None)  # (StaticLoader: bumped by registration)
    memo_key = (version, tuple(e for _p, e in entries)) if (
        urls_only and len(entries) <= 16 and type(version) is int) else None
    if memo_key is not None:
        known = _KNOWN_LISTS.get(loader)
        if known is not None and memo_key in known:
            checks.ok("contexts", "ok", "contexts are known and in order",
                      "コンテキストは既知で、順序も正しいです")
            return True
    unknown: list[str] = []
    inline: list[tuple[str, Any]] = []
    for path, entry in entries:
        if isinstance(entry, str):
            if not _knows_url(loader, entry):
                unknown.append(entry)
        elif isinstance(entry, dict):
            if not _knows_inline(loader, entry):
                inline.append((path, entry))
        else:
            checks.fail("contexts", "invalid-context",
                        f"{path}: @context entries must be URLs or objects, got {short(entry)}",
                        f"{path}: @context の要素は URL かオブジェクトでなければなりません",
                        path=path)
            return False
    if unknown:
        shown = ", ".join(short(u, 120) for u in unknown[:5])
        checks.fail("contexts", "unknown-context",
                    f"unknown context(s) {shown} (not bundled, not registered; microcred "
                    "never fetches contexts)",
                    f"未知のコンテキスト: {shown}(同梱・登録されていません)",
                    contexts=unknown[:16])
        return False
    if inline:
        problem = _inline_problem(inline, doc, loader, options)
        if problem is not None:
            code, en, ja, path = problem
            checks.fail("contexts", code, en, ja, path=path)
            return False
    if memo_key is not None:  # (lists of URLs the loader knows: the URLs alone decide)
        try:
            known = _KNOWN_LISTS.setdefault(loader, set())
            if len(known) >= 1024:
                known.clear()
            known.add(memo_key)
        except TypeError:  # a loader that cannot be weakly referenced: no memo
            pass
    checks.ok("contexts", "ok", "contexts are known and in order",
              "コンテキストは既知で、順序も正しいです")
    return True


def _type_reset_used(doc: Mapping[str, Any], loader: Any, entries: list[Any]) -> str | None:
    """A type the document uses whose term has a null scoped context in one of the caller's
    contexts (registered by URL or by value), or None.

    JSON-LD 1.1 applies a type-scoped ``"@context": null`` (it resets the node's active
    context); pyld 3.3 ignores it, jsonld.js applies it, so the same document means different
    things to the two references (found by the fast path's differential review). No bundled
    context has such a term used as a type, so only documents that name a context the caller
    registered are examined. ``entries``: the document's ``@context`` entries."""
    if not _has_registered(loader):
        return None
    sources: list[Any] = []
    for entry in entries:
        if isinstance(entry, str):
            if entry in _BUNDLED_URLS:
                continue
            try:
                document = loader(entry)["document"]
            except Exception:  # unknown: the rest of the stage reports it
                continue
            sources.append(document.get("@context") if isinstance(document, dict) else None)
        elif isinstance(entry, dict):
            sources.append(entry)
    if not sources:
        return None
    reset: set[str] = set()
    type_keys = {"type", "@type"}
    for source in sources:
        _reset_terms(source, reset, type_keys)
    if not reset:
        return None
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key == "@context":
                    continue
                if key in type_keys:
                    for t in value if isinstance(value, list) else [value]:
                        if isinstance(t, str) and t in reset:
                            return t
                if isinstance(value, (Mapping, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (Mapping, list)))
    return None


def type_reset_problem(doc: Mapping[str, Any], loader: Any, limit: int = 1000) -> str | None:
    """:func:`_type_reset_used` for a document that did not come through the input walk (what
    :func:`microcred.sign` refuses so that it never issues what this stage refuses)."""
    loader = loader if loader is not None else default_loader()
    if not _has_registered(loader):
        return None
    entries = [entry for _path, entry in contexts_of(doc, limit)[0]]
    return _type_reset_used(doc, loader, entries)


def _has_registered(loader: Any) -> bool:
    """Whether ``loader`` may serve a context the caller registered (any loader that is not a
    :class:`~microcred.jsonld.StaticLoader` may)."""
    return bool(getattr(loader, "has_registered", True))


def _reset_terms(context: Any, reset: set[str], type_keys: set[str]) -> None:
    """Collect the terms of ``context`` (scoped contexts included) whose scoped context is
    null, and the aliases of ``@type``."""
    for _item, term, definition in _term_definitions(context, 0):
        if definition == "@type" or (isinstance(definition, dict)
                                     and definition.get("@id") == "@type"):
            type_keys.add(term)
        if isinstance(definition, dict) and "@context" in definition \
                and definition["@context"] is None:
            reset.add(term)


#: Lists of context URLs (and the loader's version) found known, per loader; bounded.
_KNOWN_LISTS: weakref.WeakKeyDictionary[Any, set[Any]] = weakref.WeakKeyDictionary()


def _known_list(contexts: list[Any], loader: Any) -> bool:
    """Whether this exact list of context URLs was found known with this loader version."""
    if len(contexts) > 16:
        return False
    version = getattr(loader, "version", None)
    if type(version) is not int:
        return False
    try:
        known = _KNOWN_LISTS.get(loader)
        return known is not None and (version, tuple(contexts)) in known
    except TypeError:  # an unhashable entry (an inline context): not memoised
        return False


def _first_ok(doc: Mapping[str, Any]) -> bool:
    """The order and presence rules that do not depend on the loader (first context VC; OB
    and CLR types carry their own context), for the memoised case."""
    top = context_list(doc.get("@context"))
    if not top or top[0] not in (VC_V2, VC_V1):
        return False
    types = {t for t in types_of(doc) if isinstance(t, str)}
    if types & _OB_TYPES and not any(isinstance(u, str) and u.startswith(_OB_CONTEXT_PREFIXES)
                                     for u in top):
        return False
    return not (types & _CLR_TYPES and not any(
        isinstance(u, str) and u.startswith(_CLR_CONTEXT_PREFIXES) for u in top))


def _knows_url(loader: Any, url: str) -> bool:
    try:
        return url in loader
    except TypeError:  # a plain pyld-style callable loader
        try:
            loader(url)
        except UnknownContextError:
            return False
        except Exception:
            return False
        return True


def _knows_inline(loader: Any, context: Any) -> bool:
    knows = getattr(loader, "knows_inline", None)
    if knows is None:
        knows = default_loader().knows_inline
    return bool(knows(context))


def _inline_problem(inline: list[tuple[str, Any]], doc: Mapping[str, Any], loader: Any,
                    options: Options) -> tuple[str, str, str, str] | None:
    """Why unregistered inline contexts are refused, or None (opt-in, fresh terms only)."""
    path = inline[0][0]
    if not options.allow_inline_contexts:
        return ("inline-context-not-allowed",
                f"{path}: an inline @context that is not registered (register it by value with "
                "StaticLoader.register_inline, or pass allow_inline_contexts=True for contexts "
                "that only add new terms)",
                f"{path}: 登録されていないインラインの @context は受け付けません", path)
    terms = sum(len(c) for _, c in inline)
    if terms > options.limits.max_inline_context_terms:
        return ("too-many-context-terms",
                f"inline contexts define {terms} terms (limit "
                f"{options.limits.max_inline_context_terms})",
                f"インラインコンテキストの語が上限 {options.limits.max_inline_context_terms} "
                "を超えています", path)
    known = vocabulary(doc, loader)
    known_names, known_iris = known.names, known.iris
    for path, context in inline:
        if not re.fullmatch(r"\$\.@context\[\d+\]", path):
            return ("inline-context-not-allowed",
                    f"{path}: inline contexts are accepted only at the top level",
                    f"{path}: インラインコンテキストは最上位でのみ受け付けます", path)
        for term, definition in context.items():
            why = _fresh_problem(term, definition, known_names, known_iris)
            if why is not None:
                return ("inline-context-not-allowed",
                        f"{path}: term {short(term, 60)} {why}; an accepted inline context "
                        "may only add new terms",
                        f"{path}: 語 {short(term, 60)} は新しい語の追加ではありません", path)
    return None


def _fresh_problem(term: str, definition: Any, known_names: frozenset[str],
                   known_iris: frozenset[str]) -> str | None:
    if term in ("@protected", "@version"):
        return None
    if term.startswith("@"):
        return f"sets {term}"
    if not _FRESH_TERM.match(term):
        return "is not a plain term name"
    if term in known_names:
        return "redefines a term of a known context"
    iri: Any
    typ: Any
    container: Any
    if isinstance(definition, str):
        iri, typ, container = definition, None, None
    elif isinstance(definition, dict) and set(definition) <= {"@id", "@type", "@container"}:
        iri = definition.get("@id")
        typ, container = definition.get("@type"), definition.get("@container")
    else:
        return "is not a plain term definition"
    if not isinstance(iri, str) or iri.startswith("@") or not _ABSOLUTE_IRI.match(iri):
        return "does not map to an absolute IRI"
    if iri in known_iris or _namespace(iri) in known_iris:
        return "uses an IRI (or IRI namespace) of a known context"
    if typ is not None and not (typ in _FRESH_TYPES or (
            isinstance(typ, str) and not typ.startswith("@") and _ABSOLUTE_IRI.match(typ))):
        return "has an unsupported @type"
    if container is not None and container not in _FRESH_CONTAINERS:
        return "has an unsupported @container"
    return None


@dataclass(frozen=True)
class Vocabulary:
    """What a document's known contexts define: every term name (scoped ones included), the
    names whose values are JSON literals, and every IRI and IRI namespace they map to."""

    names: frozenset[str]
    json_terms: frozenset[str]
    iris: frozenset[str]


_VOCABULARY: weakref.WeakKeyDictionary[Any, dict[Any, Vocabulary]] = weakref.WeakKeyDictionary()


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > iri.find("://") + 2 else iri


def vocabulary(doc: Mapping[str, Any], loader: Any, *, inline: bool = False) -> Vocabulary:
    """The :class:`Vocabulary` of the document's context URLs (memoised per loader version),
    plus, with ``inline=True``, of its top-level inline contexts (the accepted ones)."""
    ctx = context_list(doc.get("@context"))
    urls = tuple(c for c in ctx if isinstance(c, str))
    key = (getattr(loader, "version", None), urls)
    try:
        memo = _VOCABULARY.setdefault(loader, {})
    except TypeError:  # not weakly referenceable: no memo
        memo = {}
    out = memo.get(key)
    if out is None:
        sources: list[Any] = []
        for url in urls:
            try:
                document = loader(url)["document"]
            except Exception:
                continue
            sources.append(document.get("@context") if isinstance(document, dict) else None)
        out = _collect(sources)
        if len(memo) >= 256:
            memo.clear()
        memo[key] = out
    extra = [c for c in ctx if isinstance(c, dict)] if inline else []
    if not extra:
        return out
    more = _collect(extra)
    return Vocabulary(out.names | more.names, out.json_terms | more.json_terms,
                      out.iris | more.iris)


def _collect(sources: list[Any]) -> Vocabulary:
    names: set[str] = set()
    json_terms: set[str] = set()
    iris: set[str] = set()
    for source in sources:
        for term, iri, is_json in _definitions_typed(source, 0):
            names.add(term)
            if is_json:
                json_terms.add(term)
            if iri:
                iris.add(iri)
    return Vocabulary(frozenset(names), frozenset(json_terms),
                      frozenset(iris | {_namespace(i) for i in iris}))


def _term_definitions(context: Any, depth: int) -> Iterator[tuple[dict[str, Any], str, Any]]:
    """(context object, term, definition) for every term of ``context``, the scoped contexts
    of its definitions included (8 levels at most)."""
    if depth > 8:
        return
    for item in context_list(context):
        if not isinstance(item, dict):
            continue
        for term, definition in item.items():
            if term.startswith("@"):
                continue
            yield item, term, definition
            if isinstance(definition, dict):
                yield from _term_definitions(definition.get("@context"), depth + 1)


def _definitions_typed(context: Any, depth: int) -> Iterator[tuple[str, str | None, bool]]:
    """(term, IRI or None, whether its values are JSON literals) for every definition."""
    for item, term, definition in _term_definitions(context, depth):
        if isinstance(definition, str):
            yield term, definition, False
        elif isinstance(definition, dict):
            iri = definition.get("@id")
            vocab = item.get("@vocab")
            yield term, iri if isinstance(iri, str) else (
                vocab + term if isinstance(vocab, str) else None), (
                definition.get("@type") == "@json")
        else:
            yield term, None, False
