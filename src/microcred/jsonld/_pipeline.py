"""JSON-LD → RDF → RDFC-1.0: expansion and toRDF through pyld, safe mode, canonical N-Quads.

pyld is called with the options that the Data Integrity REC (§2.4.3) and the digitalbazaar
stack use (``base`` null, ``rdfDirection`` ``i18n-datatype``, JSON-LD 1.1, static contexts
only); pyld has no safe mode, so dropped terms and relative IRIs are detected here.
Canonicalisation itself is microcred's own RDFC-1.0 implementation (:mod:`._rdfc`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

from .._errors import (
    CanonicalizationLimitError,
    InvalidJsonError,
    JsonLdError,
    NumberLimitError,
    SafeModeError,
    UnknownContextError,
)
from . import _fast
from ._json import _check_tree, _TooDeepError, has_null_value, number_problem, parse_json
from ._loader import StaticLoader, default_loader
from ._nquads import Quad, blank, iri, literal, parse_nquads
from ._rdfc import DEFAULT_LIMITS, Limits, canonical_labelling, relabel

if TYPE_CHECKING:
    from pyld import context_resolver as _pyld_resolver
    from pyld import identifier_issuer as _pyld_issuer
    from pyld import jsonld as _pyld

    from . import _pyld as _processor
else:  # pyld loads when a document needs the full expansion (the fast path declined)
    from .._lazy import LazyModule

    _pyld = LazyModule("pyld.jsonld")
    _pyld_resolver = LazyModule("pyld.context_resolver")
    _pyld_issuer = LazyModule("pyld.identifier_issuer")
    _processor = LazyModule("microcred.jsonld._pyld")

__all__ = [
    "canonicalize",
    "canonicalize_nquads",
    "canonicalize_quads",
    "expand",
    "to_rdf",
]

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*\Z")
_BCP47 = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
_KEYWORD = re.compile(r"^@[a-zA-Z]+\Z")

Loader = Callable[..., Any]


# --- input -------------------------------------------------------------------------------------

def _prepare(document: Any, limits: Limits) -> Any:
    """Parse text input strictly; enforce the size and depth limits."""
    if isinstance(document, (str, bytes, bytearray)):
        size = len(document.encode("utf-8", "surrogatepass") if isinstance(document, str)
                   else document)
        if size > limits.max_bytes:
            raise CanonicalizationLimitError(
                f"JSON-LD text of {size} bytes exceeds the limit of {limits.max_bytes} / "
                "JSON-LD テキストが上限サイズを超えています")
        try:
            document = parse_json(
                bytes(document) if isinstance(document, bytearray) else document,
                max_depth=limits.max_depth, max_bytes=limits.max_bytes,
                max_number_length=limits.max_number_length)
        except _TooDeepError as exc:
            raise CanonicalizationLimitError(str(exc)) from None
    elif not isinstance(document, (dict, list)):
        raise JsonLdError(f"a JSON-LD document must be an object or array, not "
                          f"{type(document).__name__}")
    elif not _plain_within(document, limits):
        # (the one-pass check failed or could not decide: the detailed checks name it)
        problem = number_problem(document, limits.max_number_length)
        if problem is not None:
            raise NumberLimitError(f"{problem} / 数値が上限を超えています")
    else:
        return document
    # Lone surrogates are caught where the canonical form is encoded (canonicalize_quads).
    _check_tree(document, limits.max_depth, CanonicalizationLimitError, strings=False)
    values = _count_values(document, limits.max_quads)
    if values > limits.max_quads:
        # every value outside @context yields at least one quad in safe mode (or is refused):
        # refuse before expansion rather than after 100,000 quads
        raise CanonicalizationLimitError(
            f"document has more than {limits.max_quads} values, so more quads than the limit "
            "/ 値の数がクワッド数の上限を超えています")
    return document


_BOUNDS: dict[int, int] = {}


def _plain_within(document: Any, limits: Limits) -> bool:
    """One pass over a plain JSON tree (exact dict/list/str/int/float/bool/None): nesting
    within ``max_depth``, integers within ``max_number_length`` digits, finite floats, at most
    ``max_quads`` values outside ``@context``. False when any fails or anything else is met
    (then the detailed checks run and name the problem)."""
    bound = _BOUNDS.get(limits.max_number_length)
    if bound is None:
        bound = _BOUNDS[limits.max_number_length] = 10 ** limits.max_number_length
    max_depth, budget = limits.max_depth, limits.max_quads
    stack: list[tuple[Any, int]] = [(document, 0)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth >= max_depth:
            return False
        if type(node) is dict:
            items: Any = node.items()
        elif type(node) is list:
            items = enumerate(node)
        else:
            return False
        for k, v in items:
            t = type(v)
            if t is dict or t is list:
                if k != "@context":
                    push((v, depth + 1))
                elif not _plain_context(v, depth + 1, max_depth):
                    return False
                continue
            if k == "@context":
                continue
            budget -= 1
            if t is str or t is bool or v is None:
                continue
            if t is int:
                if not -bound < v < bound:
                    return False
            elif t is not float or v - v != 0.0:
                return False
        if budget < 0:
            return False
    return True


def _plain_context(value: Any, depth: int, max_depth: int) -> bool:
    """A context value's nesting (its numbers and values are not counted)."""
    stack = [(value, depth)]
    while stack:
        node, d = stack.pop()
        if d >= max_depth:
            return False
        if type(node) is dict:
            stack.extend((v, d + 1) for v in node.values() if type(v) in (dict, list))
        elif type(node) is list:
            stack.extend((v, d + 1) for v in node if type(v) in (dict, list))
    return True


def _count_values(document: Any, stop: int) -> int:
    """Scalars (and empty containers) outside ``@context`` members; stops past ``stop``."""
    count = 0
    stack = [document]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if type(node) is dict:
            for k, v in node.items():
                if k == "@context":
                    continue
                if type(v) is dict or type(v) is list:
                    push(v)
                else:
                    count += 1
        elif type(node) is list:
            for v in node:
                if type(v) is dict or type(v) is list:
                    push(v)
                else:
                    count += 1
        if count > stop:
            break
    return count


def _resolver_for(loader: Loader) -> Any:
    if isinstance(loader, StaticLoader):
        return loader.context_resolver()
    return _pyld_resolver.ContextResolver({}, loader)


def _raise_from_pyld(exc: BaseException) -> NoReturn:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, (UnknownContextError, SafeModeError)):
            raise cause from exc
        cause = cause.__cause__ or cause.__context__
    code = getattr(exc, "code", None) or getattr(exc, "type", "")
    raise JsonLdError(f"JSON-LD processing failed ({code}): {exc} / JSON-LD の処理に失敗しました"
                      ) from exc


# --- safe mode ---------------------------------------------------------------------------------

def _locate(document: Any, needle: str, *, fold: bool = False) -> str | None:
    """JSON path of the first member named ``needle`` or string value equal to it."""

    def same(value: Any) -> bool:
        if fold:
            return isinstance(value, str) and value.lower() == needle
        return bool(value == needle)

    stack: list[tuple[Any, str]] = [(document, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            items = [(k, v) for k, v in node.items() if k != "@context"]
            for key, value in items:
                if key == needle or same(value):
                    return f"{path}.{key}"
            stack.extend((v, f"{path}.{k}") for k, v in reversed(items))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                if same(value):
                    return f"{path}[{i}]"
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node))))
    return None


def _reserved_key(document: Any) -> str | None:
    """The first member name that looks like a keyword but is none (pyld reports it as None)."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key.startswith("@") and key not in _pyld.KEYWORDS:
                    return str(key)
                if key != "@context":
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return None


def _unsafe(document: Any, term: str, what_en: str, what_ja: str) -> SafeModeError:
    path = _locate(document, term)
    if path is None and term.lower() == term:  # pyld lower-cases language tags
        path = _locate(document, term, fold=True)
    where = f" at {path}" if path else ""
    return SafeModeError(f"safe mode: {what_en} {term!r}{where} / セーフモード: {what_ja} {term!r}",
                         term=term, path=path)


def _is_node_ref(value: str) -> bool:
    return value.startswith("_:") or bool(_ABSOLUTE_IRI.match(value))


def _check_free_floating(items: list[Any], document: Any) -> None:
    """Top-level (or ``@graph``) items that JSON-LD drops: values, lists, empty or id-only
    nodes (jsonld.js safe mode: "free-floating scalar", "object with only @id", ...)."""
    for item in items:
        if not isinstance(item, dict):
            continue
        if "@value" in item or "@list" in item:
            raise _unsafe(document, str(item.get("@value", "@list")),
                          "free-floating value dropped", "ノードに属さない値が破棄されます")
        if not item or set(item) == {"@id"}:
            raise _unsafe(document, str(item.get("@id", "{}")),
                          "node without properties dropped", "プロパティのないノードが破棄されます")


def _check_expanded(expanded: list[Any], document: Any) -> None:
    """Reject what toRDF would drop: relative IRIs, bad types and languages, free values."""
    _check_free_floating(expanded, document)
    for node in _nodes(expanded):
        graph = node.get("@graph")
        if isinstance(graph, list):
            _check_free_floating(graph, document)
        _check_object(node, document)


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            for key, child in item.items():
                if key == "@reverse" and isinstance(child, dict):
                    stack.extend(child.values())
                elif key not in ("@value", "@type", "@id", "@language", "@direction",
                                 "@index"):
                    stack.append(child)


def _check_object(obj: dict[str, Any], document: Any) -> None:
    if "@value" in obj:
        vtype = obj.get("@type")
        if vtype is not None and vtype != "@json" and not _ABSOLUTE_IRI.match(str(vtype)):
            raise _unsafe(document, str(vtype), "relative datatype IRI", "相対的なデータ型 IRI")
        lang = obj.get("@language")
        if lang is not None and not _BCP47.match(str(lang)):
            raise _unsafe(document, str(lang), "invalid language tag", "不正な言語タグ")
        return
    if "@list" in obj:
        return
    node_id = obj.get("@id")
    if node_id is not None and (not isinstance(node_id, str) or not _is_node_ref(node_id)):
        raise _unsafe(document, str(node_id), "relative or invalid @id", "相対的または不正な @id")
    types = obj.get("@type", [])
    for node_type in types if isinstance(types, list) else [types]:
        if not isinstance(node_type, str) or not _is_node_ref(node_type):
            raise _unsafe(document, str(node_type), "relative or undefined type",
                          "相対的または未定義の型")
    for key in obj:
        if _KEYWORD.match(key):
            continue
        if key.startswith("_:") or not _ABSOLUTE_IRI.match(key):
            raise _unsafe(document, key, "term dropped (no absolute IRI)",
                          "絶対 IRI にならない項目が破棄されます")
    reverse = obj.get("@reverse")
    if isinstance(reverse, dict):
        for key in reverse:
            if key.startswith("_:") or not _ABSOLUTE_IRI.match(key):
                raise _unsafe(document, key, "reverse property dropped",
                              "逆プロパティが破棄されます")


# --- expansion and toRDF -----------------------------------------------------------------------

def _expand(document: Any, loader: Loader, safe: bool,
            processor_box: list[Any] | None = None) -> list[Any]:
    dropped: list[str] = []
    processor = _processor.JsonLdProcessor(on_property_dropped=dropped.append)
    options = {
        "documentLoader": loader,
        "contextResolver": _resolver_for(loader),
        "base": None,
        "processingMode": "json-ld-1.1",
        "extractAllScripts": False,
        # In safe mode keep what expansion would drop at top level, to report it.
        "keepFreeFloatingNodes": safe,
    }
    try:
        expanded: list[Any] = processor.expand(document, options)
    except _pyld.JsonLdError as exc:
        _raise_from_pyld(exc)
    except RecursionError:
        raise JsonLdError("JSON-LD document nested too deeply") from None
    except ValueError as exc:  # pyld reports some invalid IRIs (e.g. a relative @context) so
        raise JsonLdError(f"JSON-LD processing failed (invalid IRI): {exc} / "
                          "JSON-LD の処理に失敗しました (不正な IRI)") from None
    except (KeyError, TypeError, AttributeError, IndexError) as exc:
        # pyld crashes on some malformed contexts (e.g. "@direction": null); still a typed error
        raise JsonLdError(f"JSON-LD processing failed (malformed input): {exc!r} / "
                          "JSON-LD の処理に失敗しました (不正な入力)") from None
    if safe:
        if dropped:
            term = dropped[0] or _reserved_key(document) or "null"
            raise _unsafe(document, term, "undefined term dropped", "未定義の項目が破棄されます")
        if has_null_value(document):
            raise SafeModeError('safe mode: "@value": null drops the value / '
                                "セーフモード: null の @value は破棄されます", term="@value",
                                path=None)
        _check_expanded(expanded, document)
    if processor_box is not None:
        processor_box.append(processor)
    return expanded


def expand(document: Any, *, loader: Loader | None = None, safe: bool = True,
           limits: Limits | None = None) -> list[Any]:
    """Expand a JSON-LD document (pyld, static contexts only, no base IRI).

    ``document`` is a dict/list or JSON text (parsed with :func:`parse_json`).  In safe mode
    (the default) a dropped term, a relative IRI, an undefined type or an invalid language tag
    raises :class:`~microcred.SafeModeError` naming the term and its JSON path.
    """
    limits = limits or DEFAULT_LIMITS
    document = _prepare(document, limits)
    return _expand(document, loader or default_loader(), safe)


def _term(node: dict[str, Any]) -> str:
    if node["type"] == "blank node":
        return blank(node["value"])
    if node["type"] == "IRI":
        return iri(node["value"])
    return literal(node["value"], node.get("datatype"), node.get("language"))


def _node_map_work(expanded: list[Any]) -> int:
    """Upper bound of the value comparisons pyld's node-map step makes for ``expanded``.

    pyld adds each value of a (subject, property) pair after comparing it with every value
    already there, so a pair with ``n`` values costs ``n * (n - 1) / 2`` comparisons. Values are
    counted per subject id (anonymous nodes each on their own) across the whole document, which
    over-estimates only when one id appears in several named graphs.
    """
    counts: dict[tuple[Any, str], int] = {}
    stack: list[Any] = list(expanded)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict) or "@value" in item:
            continue
        if "@list" in item:
            stack.append(item["@list"])
            continue
        subject = item.get("@id", id(item))
        for key, values in item.items():
            if key in ("@graph", "@included"):
                stack.append(values)
            elif key == "@reverse" and isinstance(values, dict):
                for prop, items in values.items():
                    for obj in items if isinstance(items, list) else [items]:
                        if isinstance(obj, dict):
                            pair = (obj.get("@id", id(obj)), prop)
                            counts[pair] = counts.get(pair, 0) + 1
                            stack.append(obj)
            elif key == "@type" or not key.startswith("@"):
                seq = values if isinstance(values, list) else [values]
                pair = (subject, key)
                counts[pair] = counts.get(pair, 0) + len(seq)
                stack.extend(seq)
    return sum(n * (n - 1) // 2 for n in counts.values())


def to_rdf(document: Any, *, loader: Loader | None = None, safe: bool = True,
           limits: Limits | None = None, _prepared: bool = False) -> list[Quad]:
    """Convert a JSON-LD document to RDF quads (canonical N-Quads terms; graph ``""`` = default).

    Uses pyld's toRDF with ``rdfDirection='i18n-datatype'`` and no generalized RDF.  Safe mode
    as for :func:`expand`; in safe mode an empty dataset is also an error.
    """
    limits = limits or DEFAULT_LIMITS
    document = document if _prepared else _prepare(document, limits)
    box: list[Any] = []
    expanded = _expand(document, loader or default_loader(), safe, box)
    processor = box[0]
    options = {"rdfDirection": "i18n-datatype", "produceGeneralizedRdf": False,
               "processingMode": "json-ld-1.1"}
    work = _node_map_work(expanded)
    if work > limits.max_node_map_comparisons:
        raise CanonicalizationLimitError(
            f"JSON-LD node map would need up to {work} value comparisons (limit "
            f"{limits.max_node_map_comparisons}): too many values for one subject and property / "
            "同じ主語・プロパティの値が多すぎます")
    try:
        issuer = _pyld_issuer.IdentifierIssuer("_:b")
        node_map: dict[str, Any] = {"@default": {}}
        processor._create_node_map(expanded, node_map, "@default", issuer)
        quads: list[Quad] = []
        seen: set[Quad] = set()
        for graph_name, graph in sorted(node_map.items()):
            if graph_name == "@default":
                g = ""
            elif graph_name.startswith("_:"):
                g = graph_name
            elif _ABSOLUTE_IRI.match(graph_name):
                g = iri(graph_name)
            else:
                if safe:
                    raise _unsafe(document, graph_name, "relative graph name", "相対的なグラフ名")
                continue
            for triple in processor._graph_to_rdf(graph, issuer, options):
                quad = Quad(_term(triple["subject"]), _term(triple["predicate"]),
                            _term(triple["object"]), g)
                if quad not in seen:
                    seen.add(quad)
                    quads.append(quad)
                if len(quads) > limits.max_quads:
                    raise CanonicalizationLimitError(
                        f"document yields more than {limits.max_quads} quads / "
                        "クワッド数が上限を超えています")
    except _pyld.JsonLdError as exc:
        _raise_from_pyld(exc)
    except RecursionError:
        raise JsonLdError("JSON-LD document nested too deeply") from None
    except (KeyError, TypeError, AttributeError, IndexError, ValueError) as exc:
        if isinstance(exc, UnicodeEncodeError):
            raise InvalidJsonError("a string contains a lone surrogate and cannot be "
                                   "canonicalised / 対になっていないサロゲートを含む文字列は"
                                   "正規化できません") from None
        # pyld's node map crashes on some expanded forms (e.g. a scoped self-alias to @id
        # with a string value, issue 11 finding 4): still a typed error, never a traceback
        raise JsonLdError(f"JSON-LD processing failed (malformed input): {type(exc).__name__} "
                          "/ JSON-LD の処理に失敗しました (不正な入力)") from None
    except UnicodeEncodeError:  # pyld encodes JSON literals: a lone surrogate inside one
        raise InvalidJsonError("a string contains a lone surrogate and cannot be canonicalised "
                               "/ 対になっていないサロゲートを含む文字列は正規化できません"
                               ) from None
    if safe and not quads:
        raise SafeModeError("safe mode: the document yields no RDF statements / "
                            "セーフモード: 文書から RDF 文が得られません", term=None, path="$")
    return quads


# --- canonicalisation --------------------------------------------------------------------------

def canonicalize_quads(quads: list[Quad] | list[tuple[str, str, str, str]], *,
                       limits: Limits | None = None, hash_algorithm: str = "sha256") -> str:
    """RDFC-1.0 canonical N-Quads of a dataset given as quads (see :func:`to_rdf`)."""
    try:
        labelling = canonical_labelling(quads, limits=limits, hash_algorithm=hash_algorithm)
        out = "".join(relabel(quads, labelling.mapping))
        out.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidJsonError("a string contains a lone surrogate and cannot be canonicalised / "
                               "対になっていないサロゲートを含む文字列は正規化できません") from None
    return out


def canonicalize(document: Any, *, loader: Loader | None = None, safe: bool = True,
                 limits: Limits | None = None, hash_algorithm: str = "sha256") -> str:
    """Canonicalise a JSON-LD document: RDFC-1.0 canonical N-Quads.

    Contexts come only from ``loader`` (default: the bundled contexts); safe mode is on by
    default (:class:`~microcred.SafeModeError`); resource limits raise
    :class:`~microcred.CanonicalizationLimitError`.  ``hash_algorithm`` is the RDFC-1.0
    hash (``"sha256"``, or ``"sha384"``).
    """
    limits = limits or DEFAULT_LIMITS
    # input checks (size, depth, numbers, value count) once, before either path
    document = _prepare(document, limits)
    if hash_algorithm == "sha256":
        # Fast path (microcred.jsonld._fast, performance issue): byte-identical output, or None
        # for anything it does not handle or the slow path would reject (then the slow path
        # below answers or raises as usual).
        fast = _fast.fast_canonicalize(document, loader=loader, limits=limits)
        if fast is not None:
            return fast
    quads = to_rdf(document, loader=loader, safe=safe, limits=limits, _prepared=True)
    return canonicalize_quads(quads, limits=limits, hash_algorithm=hash_algorithm)


def canonicalize_nquads(nquads: str, *, limits: Limits | None = None,
                        hash_algorithm: str = "sha256") -> str:
    """Canonicalise an RDF dataset given as N-Quads text with RDFC-1.0.

    ``hash_algorithm`` is ``"sha256"`` (the default) or ``"sha384"``.
    """
    limits = limits or DEFAULT_LIMITS
    if len(nquads.encode("utf-8", "surrogatepass")) > limits.max_bytes:
        raise CanonicalizationLimitError(
            f"N-Quads input exceeds {limits.max_bytes} bytes / N-Quads 入力が上限を超えています")
    return canonicalize_quads(parse_nquads(nquads), limits=limits, hash_algorithm=hash_algorithm)
