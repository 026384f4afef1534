"""Stage ``input``: whatever the caller passed becomes one plain JSON object, within limits.

Text is bounded in bytes, nesting and number length before it is parsed further; a compact
JWS is handed to the format adapter registered for it (VC-JWT); a model object is dumped;
everything is copied, so later stages and the caller read a document nobody else holds.
For a document whose proofs all sign JCS bytes the copy is parsed back from those bytes, so
every later check reads exactly the signed content.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .._di.proofs import MAX_DEPTH as MAX_COPY_DEPTH
from .._di.proofs import as_document, proof_list
from .._di.suites import jcs_cryptosuites
from .._errors import InvalidJsonError, NumberLimitError, SigningError
from ..jsonld import _fast_jcs
from ..jsonld._fast_jcs import fast_jcs, read_back
from ..jsonld._json import _TooDeepError, number_problem, parse_json
from ._base import Checks
from .options import Options

JWS_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\Z")


class Compact(str):
    """Marker: the input is a compact JWS (for the VC-JWT adapter)."""


class Scan:
    """What one walk over the document found, for the later stages (no paths: a stage that
    must name a path walks again, on the failure path only).

    ``contexts``: every entry of every ``@context`` member outside the top-level ``proof``
    (stops after ``limit`` + 1); ``colon_keys``: a member name outside ``@context`` contains
    ``:`` (an IRI key is possible); ``endorsement_keys``: an ``endorsement`` /
    ``endorsementJwt`` member exists; ``number``: the first number out of bounds, if any.
    """

    __slots__ = ("colon_keys", "contexts", "endorsement_keys", "endorsements", "keyword",
                 "number")

    def __init__(self) -> None:
        #: the first member named by a JSON-LD keyword outside :data:`DOCUMENT_KEYWORDS`
        self.keyword: str | None = None
        self.contexts: list[Any] = []
        self.colon_keys = False
        self.endorsement_keys = False
        #: endorsements counted by the walk, or None when it was not walked
        self.endorsements: int | None = 0
        self.number: str | None = None


_BIG: dict[int, int] = {}
#: Integers up to this magnitude are exact as IEEE 754 doubles; beyond it only some are, and
#: the others mean another number to every JavaScript reader of the document (an RDFC proof
#: signs pyld's exact integer, so what a JavaScript verifier or reader sees would differ).
_EXACT = 2**53


def _exact_double(v: int) -> bool:
    """Whether the integer ``v`` is exactly an IEEE 754 double."""
    try:
        return int(float(v)) == v
    except OverflowError:
        return False

#: The keywords a verifier reads as member names in a document (VC, OB and CLR documents
#: use these); any other (``@included``, ``@reverse``, ``@nest``, ``@index``, ...) would
#: let JSON-LD merge or move values where readers of the JSON do not look. ``@set`` and
#: ``@list`` are among those: ``{"@set": [v]}`` is the graph of ``[v]`` (and ``{"@list":
#: [...]}`` that of a plain array under a list container such as OB's ``allowedValue``), so
#: an RDFC-signed value re-spelt so is hidden from every reader; no real credential uses them.
#: So are ``@id`` and ``@type`` on a node: every VC context aliases them as ``id`` and
#: ``type``, and a reader of ``credentialSubject.id`` would not see a subject's id spelt
#: ``@id`` (a bearer credential to that reader). ``@type`` stays for value objects
#: (``{"@value": ..., "@type": ...}``).
DOCUMENT_KEYWORDS = frozenset({"@context", "@value", "@language", "@direction", "@graph"})
#: (a member named by any other keyword, or ``@type``, makes the input stage walk JCS bytes)
_ODD_KEYWORD = re.compile(
    rb'"(@(?!(?:context|value|language|direction|graph)")[^"\\]*)":')


def odd_keyword(key: str, node: Mapping[str, Any]) -> bool:
    """Whether member ``key`` of object ``node`` is a keyword readers do not read (see
    :data:`DOCUMENT_KEYWORDS`; ``@type`` is read in a value object only)."""
    return key[:1] == "@" and key not in DOCUMENT_KEYWORDS and not (
        key == "@type" and "@value" in node)


def first_keyword(document: Any) -> str | None:
    """The first member named by a JSON-LD keyword outside :data:`DOCUMENT_KEYWORDS` (what
    the input walk records as :attr:`Scan.keyword`), for a document that did not come
    through that walk (a VC-JWT payload); ``@context`` values and the top-level ``proof``
    are not searched."""
    found = _first_refused(document, numbers=False)
    return None if found is None else found[1]


def _first_refused(document: Any, *, numbers: bool) -> tuple[str, str] | None:
    """``("keyword-not-supported", member)`` for the first member named by a keyword readers
    do not read, or (with ``numbers``) ``("number-too-large", message)`` for the first
    integer that is not exactly a double; ``@context`` values and the top-level ``proof``
    are not searched."""
    stack: list[tuple[Any, bool]] = [(document, True)]
    while stack:
        node, top = stack.pop()
        if isinstance(node, Mapping):
            items: Any = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        for k, v in items:
            if isinstance(k, str):
                if k == "@context" or (top and k == "proof"):
                    continue
                if odd_keyword(k, node):
                    return "keyword-not-supported", k
            if isinstance(v, (Mapping, list)):
                stack.append((v, False))
            elif (numbers and type(v) is int and not -_EXACT <= v <= _EXACT
                  and not _exact_double(v)):
                return "number-too-large", inexact_integer_message(v)
    return None


def inexact_integer_message(v: int) -> str:
    """Why the integer ``v`` is refused (``number-too-large``): not exactly a double."""
    return (f"integer {v} is not exactly representable as an IEEE 754 double: "
            "JavaScript readers (jsonld.js, JSON.parse) read another number "
            "(RFC 8259 §6, RFC 7493 §2.2)")


def _clean_by_bytes(document: Any) -> bool:
    """True when :func:`unsignable` would surely find nothing, read from orjson's bytes (a
    tenth of the walk's time): orjson refuses integers beyond ±(2**53 - 1) (strict integers),
    and a member named by any keyword but the five of :data:`DOCUMENT_KEYWORDS` is a
    ``"@...":`` token in the bytes (quotes inside strings are escaped, so no string value can
    make one). False (walk) when orjson is not the encoder, or it refuses the value; a
    ``"@type":`` token, or a keyword inside ``@context`` or a proof, only costs the walk.
    ``tests/test_sign_parity.py`` holds it to the walk."""
    if _fast_jcs.encoder() != "orjson":
        return False
    try:
        data = _fast_jcs._encode(document)
    except Exception:  # not plain JSON, or an integer orjson will not write: walk
        return False
    return _ODD_KEYWORD.search(data) is None


def unsignable(document: Any) -> tuple[str, str] | None:
    """What this stage would refuse in ``document`` before any proof is checked, as
    ``(code, message)``: a member named by a keyword readers do not read
    (``keyword-not-supported``, the safe-mode stage's code) or an integer a JavaScript
    reader reads as another number (``number-too-large``). :func:`microcred.sign` refuses
    to sign such a document, so that it never issues what its verifier refuses. Proofs
    already on the document and ``@context`` values are not searched."""
    if _clean_by_bytes(document):
        return None
    found = _first_refused(document, numbers=True)
    if found is not None and found[0] == "keyword-not-supported":
        return (found[0],
                f"the document uses the JSON-LD keyword {found[1][:40]!r} as a member")
    return found


class _Unusual(Exception):
    """Internal: not a plain JSON tree (the general copy and scan run instead)."""


def _copy_scan(document: Any, max_number_length: int) -> tuple[dict[str, Any], Scan] | None:
    """A copy of a plain JSON object (exact dict/list/str/int/float/bool/None types) and its
    :class:`Scan`, in one walk (the only walk the input stage makes); None for anything else
    (the caller normalises it with :func:`as_document` first)."""
    if type(document) is not dict:
        return None
    out = Scan()
    bound = _BIG.get(max_number_length)
    if bound is None:
        bound = _BIG[max_number_length] = 10 ** max_number_length
    try:
        copy = _copy_dict(document, out, bound, 0, True)
    except (_Unusual, RecursionError):
        return None
    return copy, out


def _copy_dict(value: dict[Any, Any], out: Scan, bound: int, depth: int,
               top: bool = False) -> dict[str, Any]:
    if depth >= MAX_COPY_DEPTH:
        raise _Unusual
    copy = value.copy()
    for k, v in copy.items():
        if type(k) is not str:
            raise _Unusual
        if k == "@context":
            if type(v) is list:
                out.contexts.extend(v)
                if all(type(c) is str for c in v):
                    copy[k] = v.copy()
                    continue
            else:
                out.contexts.append(v)
                if type(v) is str or v is None:
                    continue
            # an inline context: copied and its numbers checked, no flags
            sub = Scan()
            copy[k] = _copy_any(v, sub, bound, depth + 1)
            if sub.number is not None:
                out.number = sub.number
            continue
        if top and k == "proof":  # copied, numbers checked; no contexts, no flags
            sub = Scan()
            copy[k] = _copy_any(v, sub, bound, depth + 1)
            if sub.number is not None:
                out.number = sub.number
            continue
        if ":" in k:
            out.colon_keys = True
        elif k[:1] == "@" and odd_keyword(k, value):
            out.keyword = out.keyword or k
        if k == "endorsement" or k == "endorsementJwt":
            out.endorsement_keys = True
            out.endorsements += len(v) if type(v) is list else 1  # type: ignore[operator]
        t = type(v)
        if t is str or t is bool or v is None:
            continue
        copy[k] = _copy_any(v, out, bound, depth + 1)
    return copy


def _copy_any(v: Any, out: Scan, bound: int, depth: int) -> Any:
    t = type(v)
    if t is dict:
        return _copy_dict(v, out, bound, depth)
    if t is list:
        if depth >= MAX_COPY_DEPTH:
            raise _Unusual
        lst = v.copy()
        for i, item in enumerate(lst):
            ti = type(item)
            if ti is str or ti is bool or item is None:
                continue
            lst[i] = _copy_any(item, out, bound, depth + 1)
        return lst
    if t is int:
        if not -bound < v < bound:
            out.number = "an integer has more digits than the limit allows"
        elif not -_EXACT <= v <= _EXACT and not _exact_double(v):
            out.number = inexact_integer_message(v)
        return v
    if t is float:
        if v - v != 0.0:  # inf or nan
            out.number = f"{v!r} is not a JSON number"
        return v
    if t is str or t is bool or v is None:
        return v
    raise _Unusual


def read_input(document: Any, checks: Checks, options: Options
               ) -> tuple[dict[str, Any], bytes | None, Scan] | Compact | None:
    """(copy, JCS bytes of the copy without its proof or None, :class:`Scan`), a
    :class:`Compact` token, or None after a failed ``input`` check."""
    limits = options.limits
    max_bytes = min(options.max_bytes, limits.max_bytes)
    if isinstance(document, (bytes, bytearray, memoryview)):
        if len(document) > max_bytes:
            checks.fail("input", "too-large", f"document is larger than {max_bytes} bytes",
                        f"文書が上限 {max_bytes} バイトを超えています", size=len(document))
            return None
        try:
            document = bytes(document).decode("utf-8")
        except UnicodeDecodeError:
            checks.fail("input", "invalid-json", "input is not UTF-8 text",
                        "入力が UTF-8 テキストではありません")
            return None
    if isinstance(document, str):
        stripped = document.strip()
        if len(stripped) <= max_bytes and JWS_RE.match(stripped):
            return Compact(stripped)
        size = len(document)
        if size * 4 > max_bytes:  # only then can the UTF-8 form exceed the bound
            size = len(document.encode("utf-8", "surrogatepass"))
        if size > max_bytes:
            checks.fail("input", "too-large", f"document is larger than {max_bytes} bytes",
                        f"文書が上限 {max_bytes} バイトを超えています", size=size)
            return None
        try:
            document = parse_json(document, max_bytes=max_bytes, max_depth=limits.max_depth,
                                  max_number_length=limits.max_number_length)
        except NumberLimitError as exc:
            checks.fail("input", "number-too-large", str(exc), str(exc))
            return None
        except _TooDeepError as exc:
            checks.fail("input", "too-deep", str(exc), str(exc))
            return None
        except InvalidJsonError as exc:
            checks.fail("input", "invalid-json", f"not acceptable JSON: {exc}",
                        f"JSON として受け付けられません: {exc}")
            return None
    if not isinstance(document, Mapping):
        try:
            document = as_document(document)
        except SigningError:
            checks.fail("input", "not-an-object",
                        f"expected a JSON object, got {type(document).__name__}",
                        "JSON オブジェクトではありません")
            return None
    signed_jcs = _jcs_signed_copy(document)
    if signed_jcs is not None:
        # the fast JCS encoder accepts only integers within ±2^53 and ordinary floats, so
        # the signed content's numbers are bounded; the JCS bytes answer the other questions
        doc, data = signed_jcs
        found = Scan()
        found.number = number_problem(doc["proof"], limits.max_number_length)
        contexts = _url_contexts(data)
        if contexts is None or _ODD_KEYWORD.search(data) is not None:
            # (an inline context, or a keyword that may sit inside one: the walk decides)
            walked = _copy_scan(doc, limits.max_number_length)
            if walked is not None:
                contexts, found.keyword = walked[1].contexts, walked[1].keyword
        found.contexts = contexts or []
        found.endorsement_keys = b'"endorsement' in data
        found.endorsements = None  # (not counted here)
        found.colon_keys = True  # (unknown; only RDFC-signed documents ask)
        copy: dict[str, Any] = doc
    else:
        # numbers are bounded before any conversion (canonicalisation, Fractions): one walk
        # copies and scans (a model object or a Mapping is normalised to plain JSON first)
        copied = _copy_scan(document, limits.max_number_length)
        if copied is None:
            try:
                copied = _copy_scan(as_document(document), limits.max_number_length)
            except (SigningError, RecursionError) as exc:
                checks.fail("input", "invalid-json", f"not a JSON document: {exc}",
                            f"JSON 文書ではありません: {exc}")
                return None
        if copied is None:  # (as_document gives plain JSON: only too deep to recurse)
            checks.fail("input", "too-deep", "not a JSON document: nested too deeply",
                        "JSON 文書ではありません(入れ子が深すぎます)")
            return None
        copy, found = copied
    if found.number is not None:
        checks.fail("input", "number-too-large", found.number,
                    f"数値が上限を超えています: {found.number}")
        return None
    return copy, (signed_jcs[1] if signed_jcs is not None else None), found


def jcs_suite_names() -> frozenset[str]:
    """The ``cryptosuite`` values of the registered suites that sign JCS bytes (read without
    importing ecdsa-sd-2023's module, which a verifier meeting none never loads)."""
    return jcs_cryptosuites()


#: ``"@context":`` followed by a URL or a list of URLs, in JCS bytes. A ``"@context":``
#: inside a string value cannot match: JCS escapes the quotes of strings (``\"``).
_CTX_MEMBER = b'"@context":'
_URL_CONTEXT = re.compile(rb'"@context":("[^"\\]*"|\[(?:"[^"\\]*"(?:,"[^"\\]*")*)?\])')


def _url_contexts(data: bytes) -> list[Any] | None:
    """Every context entry of a document from its JCS bytes when every ``@context`` member
    is a URL or a list of URLs; None otherwise (then the walk decides)."""
    found = _URL_CONTEXT.findall(data)
    if len(found) != data.count(_CTX_MEMBER):
        return None
    out: list[Any] = []
    for value in found:
        parsed = json.loads(value)
        if type(parsed) is list:
            out.extend(parsed)
        else:
            out.append(parsed)
    return out


def only_jcs_proofs(doc: Mapping[str, Any]) -> bool:
    """Whether every proof of ``doc`` claims a JCS cryptosuite (then no RDF is signed)."""
    proofs = proof_list(doc.get("proof"))
    names = jcs_suite_names()
    return bool(proofs) and all(
        isinstance(p, Mapping) and p.get("type") == "DataIntegrityProof"
        and isinstance(p.get("cryptosuite"), str) and p["cryptosuite"] in names
        for p in proofs)


def _jcs_signed_copy(document: Any) -> tuple[dict[str, Any], bytes] | None:
    """For a plain-JSON document whose proofs all sign JCS bytes: (copy, JCS bytes).

    The copy is parsed back from the JCS bytes of the document without its proof (plus a copy
    of the proof), so every later check reads exactly the signed content, with members in JCS
    order; this is also cheaper than a deep copy. None for anything else.
    """
    if type(document) is not dict or not only_jcs_proofs(document):
        return None
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    got = read_back(unsecured)  # no walk in Python when the C encoder's bytes are JCS
    if got is None:
        data = fast_jcs(unsecured)  # exact JSON types and str keys only, else None
        if data is None:
            return None
        doc: dict[str, Any] = json.loads(data)
    else:
        data, doc = got
    try:
        proof = as_document({"proof": document["proof"]})["proof"]
    except (SigningError, RecursionError):
        return None
    doc["proof"] = proof
    return doc, data
