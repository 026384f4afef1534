"""The data-model stage: the VC Data Model's structural rules, one function per rule.

:func:`data_model_violations` returns every violation of a credential or presentation as a
:class:`Violation` with a JSON path (``$.credentialSchema[0].id``), a stable kebab-case
``code``, the VC 2.0 problem-details type (VC Data Model 2.0 §7.2, used by the verification
algorithm of §7.1) and English and Japanese messages. It is pure (no I/O, no JSON-LD
processing, no clock) and never raises, whatever JSON it is given.

Sources: W3C *Verifiable Credentials Data Model v2.0* (Recommendation, 2025) §4.3–4.13,
§5.3–5.6, §5.8; *Verifiable Credentials Data Model v1.1* §4.1–4.10, §5.4–5.7 for documents
whose first context is ``https://www.w3.org/2018/credentials/v1``; *VC Data Integrity 1.0*
§2.1 (a proof has a ``type``) and §2.6 (``digestMultibase``).

What needs JSON-LD (terms the contexts do not define, protected-term redefinition, types
that expand to relative IRIs) is checked by the ``contexts`` and ``safe-mode`` stages, not
here. The resource digests of ``relatedResource`` are checked by
:func:`related_resource_violations` over bytes the caller supplies (nothing is fetched).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .result import Check, Outcome
from .statusentry import status_entry_problem
from .suites import XSD_DATETIME_RE

__all__ = [
    "CRYPTOGRAPHIC_SECURITY_ERROR",
    "MALFORMED_VALUE_ERROR",
    "PARSING_ERROR",
    "RANGE_ERROR",
    "VC_V1",
    "VC_V2",
    "Violation",
    "credential_violations",
    "data_model_check",
    "data_model_violations",
    "presentation_violations",
    "related_resource_violations",
]

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"

# VC Data Model 2.0 §7.2 Problem Details: the ``type`` URLs of the four defined problems.
PARSING_ERROR = "https://www.w3.org/TR/vc-data-model#PARSING_ERROR"
CRYPTOGRAPHIC_SECURITY_ERROR = "https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR"
MALFORMED_VALUE_ERROR = "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
RANGE_ERROR = "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"

_PROBLEM_CODES = {PARSING_ERROR: -64, CRYPTOGRAPHIC_SECURITY_ERROR: -65,
                  MALFORMED_VALUE_ERROR: -66, RANGE_ERROR: -67}


@dataclass(frozen=True)
class Violation:
    """One data-model rule a document breaks.

    ``path`` is a JSON path to the offending value (``$.credentialSubject[1]``), ``code`` a
    stable kebab-case reason, ``problem_type`` the VC 2.0 §7.2 problem-details type URL.
    """

    path: str
    code: str
    problem_type: str
    message_en: str
    message_ja: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message_en} [{self.code}]"

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {"path": self.path, "code": self.code, "problem_type": self.problem_type,
                "message": self.message_en, "message_ja": self.message_ja}

    def problem_details(self) -> dict[str, Any]:
        """A VC 2.0 §7.2 ProblemDetails object (``type``, ``code``, ``title``, ``detail``)."""
        return {"type": self.problem_type, "code": _PROBLEM_CODES[self.problem_type],
                "title": self.problem_type.rsplit("#", 1)[1],
                "detail": f"{self.path}: {self.message_en}"}


_V = Violation


def _bad(path: str, code: str, en: str, ja: str) -> Violation:
    return Violation(path, code, MALFORMED_VALUE_ERROR, en, ja)


# -- small helpers ---------------------------------------------------------------------------

_WS_SEARCH = re.compile(r"\s").search


def _member(path: str, key: str) -> str:
    """``$.a`` or ``$['@context']`` (keys that are not identifiers are bracketed)."""
    if key.isascii() and key.isidentifier():  # (= _IDENT_RE, without a regex)
        return f"{path}.{key}"
    return "{}['{}']".format(path, key.replace("\\", "\\\\").replace("'", "\\'"))


def _items(value: Any, path: str) -> Iterator[tuple[Any, str]]:
    """``(item, path)`` for a value that is one item or a JSON array of items."""
    if isinstance(value, list):
        for i, v in enumerate(value):
            yield v, f"{path}[{i}]"
    else:
        yield value, path


# RFC 3986 scheme, then anything but whitespace, controls and the characters RFC 3986
# never allows (a conservative "is this an absolute URL/IRI" test; ``did:``, ``urn:`` and
# ``data:`` URLs pass, ``https ://x`` and ``fake-issuer`` do not).
_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]*\Z")


def is_url(value: Any) -> bool:
    """Whether ``value`` is a string that is an absolute URL (VC 2.0 §4.4's "URL")."""
    return isinstance(value, str) and bool(_URL_RE.match(value)) and len(value) > 2


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _types(obj: Mapping[str, Any]) -> list[Any]:
    t = obj.get("type")
    return list(t) if isinstance(t, list) else [] if t is None else [t]


def _is_v1(doc: Mapping[str, Any]) -> bool:
    ctx = doc.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    return first == VC_V1


# -- identifiers, contexts, types (VC 2.0 §4.3–4.5; VC 1.1 §4.1–4.3) -------------------------

def rule_context(doc: Mapping[str, Any], path: str, *, presentation: bool = False) -> list[_V]:
    """VC 2.0 §4.3 Contexts (VC 1.1 §4.1): ``@context`` is present, an ordered set whose first
    item is the VC context URL, and whose other items are URLs or objects."""
    what = "presentation" if presentation else "credential"
    if "@context" not in doc:
        return [_bad(_member(path, "@context"), "context-missing",
                     f"a verifiable {what} must have @context",
                     "@context がありません")]
    ctx = doc["@context"]
    items = ctx if isinstance(ctx, list) else [ctx]
    out: list[_V] = []
    if not items or items[0] not in (VC_V2, VC_V1):
        out.append(_bad(_member(path, "@context") + ("[0]" if isinstance(ctx, list) else ""),
                        "first-context-not-vc",
                        f"the first @context must be {VC_V2} (or {VC_V1} for VC 1.1), got "
                        f"{_short(items[0]) if items else 'nothing'}",
                        "最初の @context が VC のコンテキストではありません"))
    for i, item in enumerate(items[1:], 1):
        if isinstance(item, str):
            if not is_url(item):
                p = f"{_member(path, '@context')}[{i}]"
                out.append(_bad(p, "context-not-url", f"@context entry {_short(item)} is not "
                                "a URL", f"@context の要素 {_short(item)} は URL ではありません"))
        elif not isinstance(item, Mapping):
            p = f"{_member(path, '@context')}[{i}]"
            out.append(_bad(p, "context-entry-invalid",
                            "@context entries must be URLs or objects",
                            "@context の要素は URL かオブジェクトでなければなりません"))
    return out


def rule_id(obj: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.4 Identifiers (VC 1.1 §4.2): if present, ``id`` is a single URL."""
    if "id" not in obj:
        return []
    value = obj["id"]
    if isinstance(value, list):
        return [_bad(_member(path, "id"), "id-not-single", "id must be a single URL, not a list",
                     "id は単一の URL でなければなりません(配列は不可)")]
    if not is_url(value):
        return [_bad(_member(path, "id"), "id-not-url", f"id {_short(value)} is not a URL",
                     f"id {_short(value)} は URL ではありません")]
    return []


def rule_type(obj: Mapping[str, Any], path: str, required: str | None) -> list[_V]:
    """VC 2.0 §4.5 Types (VC 1.1 §4.3): ``type`` is present, one or more terms or absolute URL
    strings, and includes ``required`` (``VerifiableCredential`` / ``VerifiablePresentation``)."""
    p = _member(path, "type")
    if "type" not in obj:
        return [_bad(p, "type-missing", "type is missing", "type がありません")]
    value = obj["type"]
    types = value if isinstance(value, list) else [value]
    out: list[_V] = []
    if not types:
        out.append(_bad(p, "type-empty", "type has no value", "type に値がありません"))
    for i, t in enumerate(types):
        if not isinstance(t, str) or not t or _WS_SEARCH(t):
            out.append(_bad(f"{p}[{i}]" if isinstance(value, list) else p, "type-not-string",
                            f"type value {_short(t)} is not a term or URL",
                            f"type の値 {_short(t)} は用語でも URL でもありません"))
    if required is not None and required not in types:
        code = "missing-vc-type" if required == "VerifiableCredential" else "missing-vp-type"
        out.append(_bad(p, code, f"type must include {required}",
                        f"type に {required} がありません"))
    return out


# -- inline contexts (VC 2.0 §4.3 "processable as a JSON-LD context", §4.5) ------------------

@functools.lru_cache(maxsize=4)
def _base_terms(url: str) -> tuple[dict[str, Any], frozenset[str]]:
    """(protected term definitions, terms defined for types) of a bundled VC base context."""
    try:
        from ..jsonld import default_loader

        ctx = default_loader().document(url)["@context"]
    except Exception:
        return {}, frozenset()
    terms = {k: v for k, v in ctx.items() if not k.startswith("@")}
    typed = set(terms)
    for name in ("VerifiableCredential", "VerifiablePresentation"):
        scoped = terms.get(name, {})
        if isinstance(scoped, Mapping) and isinstance(scoped.get("@context"), Mapping):
            typed.update(k for k in scoped["@context"] if not k.startswith("@"))
    return (terms if ctx.get("@protected") is True else {}), frozenset(typed)


def _definition(value: Any) -> Any:
    return {"@id": value} if isinstance(value, str) else value


def _iri_of(value: Any) -> Any:
    return value if isinstance(value, str) else (
        value.get("@id") if isinstance(value, Mapping) else None)


def rule_inline_contexts(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.3 Contexts (items after the first are "processable as a JSON-LD context")
    and §4.5 Types (values are terms or absolute URLs), for what can be seen without JSON-LD
    processing: an inline context may not redefine a protected term of the VC base context
    or of an earlier inline context (JSON-LD 1.1 §4.1.11), its term IRIs contain no white
    space, and with ``"@vocab": null`` every type that is not a URL must be a defined term.
    URL contexts other than the VC base context are left to the ``contexts`` stage."""
    ctx = doc.get("@context")
    items = ctx if isinstance(ctx, list) else [ctx]
    if not items or items[0] not in (VC_V2, VC_V1):
        return []
    protected, typed = _base_terms(items[0])
    protected = dict(protected)
    defined = set(typed)
    only_known = True
    vocab_null = False
    out: list[_V] = []
    for i, item in enumerate(items[1:], 1):
        if not isinstance(item, Mapping):
            only_known = False
            continue
        cp = f"{_member(path, '@context')}[{i}]"
        all_protected = item.get("@protected") is True
        if "@vocab" in item and item["@vocab"] is None:
            vocab_null = True
        for term, value in item.items():
            if not isinstance(term, str) or term.startswith("@"):
                continue
            tp = _member(cp, term)
            if term in protected and _definition(value) != _definition(protected[term]):
                out.append(_bad(tp, "protected-term-redefined",
                                f"the inline context redefines the protected term {term!r}",
                                f"インラインのコンテキストが保護された用語 {term} を"
                                "再定義しています"))
                continue
            iri = _iri_of(value)
            if isinstance(iri, str) and (not iri or _WS_SEARCH(iri)):
                out.append(_bad(tp, "context-term-not-iri",
                                f"term {term!r} maps to {_short(iri)}, which is not an IRI",
                                f"用語 {term} の対応先 {_short(iri)} は IRI ではありません"))
            defined.add(term)
            if all_protected or (isinstance(value, Mapping) and value.get("@protected") is True):
                protected.setdefault(term, value)
    if vocab_null and only_known:
        tv = doc.get("type")
        for t, tp in _items(tv, _member(path, "type")):
            if isinstance(t, str) and ":" not in t and t not in defined:
                out.append(_bad(tp, "type-not-mapped",
                                f"type {t!r} is neither a URL nor a term any context defines",
                                f"type {t} は URL でも定義された用語でもありません"))
    return out


# -- names and descriptions (VC 2.0 §4.6) ----------------------------------------------------

_LANG_KEYS = frozenset({"@value", "@language", "@direction"})


def _language_value_ok(value: Any) -> bool:
    if isinstance(value, str):
        return True
    if not isinstance(value, Mapping) or not isinstance(value.get("@value"), str):
        return False
    if any(k not in _LANG_KEYS for k in value):
        return False
    lang = value.get("@language")
    if "@language" in value and not isinstance(lang, str):
        return False
    return "@direction" not in value or value["@direction"] in ("ltr", "rtl")


def rule_names(obj: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.6 Names and Descriptions: ``name`` / ``description`` are strings or language
    value objects (``@value`` with optional ``@language`` / ``@direction`` and nothing else),
    or arrays of them."""
    out: list[_V] = []
    for key in ("name", "description"):
        if key not in obj:
            continue
        for item, p in _items(obj[key], _member(path, key)):
            if not _language_value_ok(item):
                out.append(_bad(p, f"{key}-invalid",
                                f"{key} must be a string or a language value object "
                                "(@value, @language, @direction only)",
                                f"{key} は文字列か言語値オブジェクト(@value・@language・"
                                "@direction のみ)でなければなりません"))
    return out


# -- issuer, subject (VC 2.0 §4.7–4.8; VC 1.1 §4.4–4.5) ------------------------------------

def rule_issuer(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.7 Issuer (VC 1.1 §4.5): ``issuer`` is required; a URL or an object whose
    ``id`` is a URL."""
    p = _member(path, "issuer")
    if "issuer" not in doc:
        return [_bad(p, "issuer-missing", "issuer is missing", "issuer がありません")]
    issuer = doc["issuer"]
    if isinstance(issuer, str):
        if not is_url(issuer):
            return [_bad(p, "issuer-not-url", f"issuer {_short(issuer)} is not a URL",
                         f"issuer {_short(issuer)} は URL ではありません")]
        return []
    if not isinstance(issuer, Mapping):
        return [_bad(p, "issuer-invalid", "issuer must be a URL or an object with an id",
                     "issuer は URL か id を持つオブジェクトでなければなりません")]
    if "id" not in issuer:
        return [_bad(_member(p, "id"), "issuer-id-missing", "the issuer object has no id",
                     "issuer オブジェクトに id がありません")]
    out = rule_id(issuer, p)
    return out + rule_names(issuer, p)


def rule_credential_subject(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.8 Credential Subject (VC 1.1 §4.4): ``credentialSubject`` is required, one or
    more objects, each making a claim (at least one property); each ``id`` a single URL."""
    p = _member(path, "credentialSubject")
    if "credentialSubject" not in doc:
        return [_bad(p, "credential-subject-missing", "credentialSubject is missing",
                     "credentialSubject がありません")]
    value = doc["credentialSubject"]
    if isinstance(value, list) and not value:
        return [_bad(p, "credential-subject-empty", "credentialSubject is an empty list",
                     "credentialSubject が空の配列です")]
    out: list[_V] = []
    for item, ip in _items(value, p):
        if not isinstance(item, Mapping):
            out.append(_bad(ip, "credential-subject-not-object",
                            "each credentialSubject must be an object",
                            "credentialSubject はオブジェクトでなければなりません"))
        elif not item:
            out.append(_bad(ip, "credential-subject-no-claims",
                            "a credentialSubject must make a claim (it has no properties)",
                            "credentialSubject が何も主張していません(プロパティがありません)"))
        else:
            out.extend(rule_id(item, ip))
    return out


# -- validity (VC 2.0 §4.9, §5.8; VC 1.1 §4.6, §4.8) ------------------------------------------

def _parse_dt(value: str) -> datetime | None:
    """An aware datetime for a matching XML Schema dateTime, None when out of Python's range
    (years beyond 9999 still match the format; they are just not compared)."""
    text = value.replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    frac = re.search(r"\.([0-9]+)", text)
    if frac and len(frac.group(1)) > 6:
        text = text[: frac.start(1)] + frac.group(1)[:6] + text[frac.end(1):]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _datetime_value(doc: Mapping[str, Any], key: str, path: str, *, stamp: bool,
                    out: list[_V]) -> datetime | None:
    if key not in doc:
        return None
    value = doc[key]
    p = _member(path, key)
    m = XSD_DATETIME_RE.match(value) if isinstance(value, str) else None
    if m is None or (stamp and m["tz"] is None):
        kind = "dateTimeStamp (with a time zone)" if stamp else "dateTime"
        out.append(_bad(p, "invalid-datetime",
                        f"{key} {_short(value)} is not an XML Schema {kind}",
                        f"{key} {_short(value)} は XML Schema の "
                        f"{'dateTimeStamp(タイムゾーン付き)' if stamp else 'dateTime'} "
                        "ではありません"))
        return None
    return _parse_dt(value)


def _period(doc: Mapping[str, Any], path: str, start_key: str, end_key: str, *,
            stamp: bool, out: list[_V]) -> list[_V]:
    """Format of both dates, then ``start <= end`` (a RANGE_ERROR otherwise)."""
    start = _datetime_value(doc, start_key, path, stamp=stamp, out=out)
    end = _datetime_value(doc, end_key, path, stamp=stamp, out=out)
    if start is not None and end is not None and start > end:
        out.append(Violation(_member(path, end_key), "validity-period-inverted",
                             RANGE_ERROR, f"{end_key} is earlier than {start_key}",
                             f"{end_key} が {start_key} より前です"))
    return out


def rule_validity_period(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.9 Validity Period and §5.8 Representing Time: ``validFrom`` / ``validUntil``
    are XML Schema dateTimeStamps, and ``validFrom`` is not later than ``validUntil``."""
    return _period(doc, path, "validFrom", "validUntil", stamp=True, out=[])


def rule_v1_dates(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 1.1 §4.6 Issuance Date (``issuanceDate`` required, an XML Schema dateTime) and §4.8
    Expiration (``expirationDate``, if present, an XML Schema dateTime)."""
    out: list[_V] = []
    if "issuanceDate" not in doc:
        out.append(_bad(_member(path, "issuanceDate"), "issuance-date-missing",
                        "a VC 1.1 credential needs issuanceDate",
                        "VC 1.1 のクレデンシャルには issuanceDate が必要です"))
    return _period(doc, path, "issuanceDate", "expirationDate", stamp=False, out=out)


# -- typed members (VC 2.0 §4.10, §4.11, §5.4–5.6, VC-DI §2.1) ---------------------------------

#: member → (section, kebab name, needs an id)
_TYPED_MEMBERS: dict[str, tuple[str, str, bool]] = {
    "credentialStatus": ("§4.10 Status", "credential-status", False),
    "credentialSchema": ("§4.11 Data Schemas", "credential-schema", True),
    "refreshService": ("§5.4 Refreshing", "refresh-service", False),
    "termsOfUse": ("§5.5 Terms of Use", "terms-of-use", False),
    "evidence": ("§5.6 Evidence", "evidence", False),
}


def rule_typed_member(doc: Mapping[str, Any], path: str, member: str) -> list[_V]:
    """VC 2.0 §4.10 (``credentialStatus``), §4.11 (``credentialSchema``), §5.4
    (``refreshService``), §5.5 (``termsOfUse``), §5.6 (``evidence``) — VC 1.1 §4.9, §5.4–5.7:
    each value is an object with a ``type``; its ``id``, if present, is a single URL;
    ``credentialSchema`` objects also need an ``id``."""
    if member not in doc:
        return []
    section, name, needs_id = _TYPED_MEMBERS[member]
    out: list[_V] = []
    value = doc[member]
    p = _member(path, member)
    if isinstance(value, list) and not value:
        return [_bad(p, f"{name}-empty", f"{member} is an empty list",
                     f"{member} が空の配列です")]
    for item, ip in _items(value, p):
        if not isinstance(item, Mapping):
            out.append(_bad(ip, f"{name}-not-object", f"{member} must be an object "
                            f"(VC 2.0 {section})", f"{member} はオブジェクトでなければなりません"))
            continue
        if "type" not in item:
            out.append(_bad(_member(ip, "type"), f"{name}-missing-type",
                            f"{member} needs a type (VC 2.0 {section})",
                            f"{member} に type がありません"))
        else:
            out.extend(rule_type(item, ip, None))
        if needs_id and "id" not in item:
            out.append(_bad(_member(ip, "id"), f"{name}-missing-id",
                            f"{member} needs an id (VC 2.0 {section})",
                            f"{member} に id がありません"))
        out.extend(rule_id(item, ip))
    return out


#: ``credentialStatus`` types whose members the status checker reads (Bitstring Status List
#: v1.0 §2.1, and its first draft's StatusList2021Entry).
_STATUS_LIST_ENTRIES = frozenset({"BitstringStatusListEntry", "StatusList2021Entry"})


def rule_status_entry(doc: Mapping[str, Any], path: str) -> list[_V]:
    """Bitstring Status List v1.0 §2.1: the members of a ``BitstringStatusListEntry`` have
    the forms the spec gives (``statusPurpose`` a string, ``statusListIndex`` a base-10
    integer, ``statusListCredential`` a URL, ``statusSize`` an integer, ...), exactly as the
    status checker reads them (:func:`microcred._di.statusentry.status_entry_problem`).

    A signed entry written in another JSON-LD form of the same graph (a value object, a node
    reference, a string for an integer) would otherwise be a status that "could not be
    checked", which ``require_status=False`` accepts, instead of the status it signs."""
    if "credentialStatus" not in doc:
        return []
    out: list[_V] = []
    for item, ip in _items(doc["credentialStatus"], _member(path, "credentialStatus")):
        if isinstance(item, Mapping) and _STATUS_LIST_ENTRIES & {
                t for t in _types(item) if isinstance(t, str)}:
            problem = status_entry_problem(item)
            if problem is not None:
                out.append(_bad(ip, "credential-status-malformed",
                                f"{problem[0]} (Bitstring Status List §2.1)", problem[1]))
    return out

def rule_proof_type(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC Data Integrity 1.0 §2.1 Proofs (and VC 2.0 §4.12): every ``proof`` is an object
    with a ``type``."""
    if "proof" not in doc:
        return []
    out: list[_V] = []
    for item, ip in _items(doc["proof"], _member(path, "proof")):
        if not isinstance(item, Mapping):
            out.append(_bad(ip, "proof-not-object", "a proof must be an object",
                            "proof はオブジェクトでなければなりません"))
        elif not isinstance(item.get("type"), str) or not item.get("type"):
            out.append(_bad(_member(ip, "type"), "proof-missing-type",
                            "a proof needs a type (VC Data Integrity §2.1)",
                            "proof に type がありません"))
    return out


# -- relatedResource (VC 2.0 §5.3) ------------------------------------------------------------

_SRI_RE = re.compile(r"(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?[\x21-\x7e]*)?\Z")
_SRI_SIZES = {"sha256": 32, "sha384": 48, "sha512": 64}
#: multihash code → (hashlib name, digest size)
_MULTIHASH = {0x12: ("sha256", 32), 0x20: ("sha384", 48), 0x13: ("sha512", 64),
              0x16: ("sha3_256", 32), 0x15: ("sha3_384", 48), 0x14: ("sha3_512", 64)}


def _sri_digests(value: Any) -> list[tuple[str, bytes]] | None:
    """(algorithm, digest) pairs of a digestSRI value (a string of whitespace-separated
    hash expressions, or a list of them); None when malformed."""
    texts = value if isinstance(value, list) else [value]
    found: list[tuple[str, bytes]] = []
    for text in texts:
        if not isinstance(text, str):
            return None
        for expr in text.split():
            m = _SRI_RE.match(expr)
            if m is None:
                return None
            try:
                digest = base64.b64decode(m.group(2), validate=True)
            except (binascii.Error, ValueError):
                return None
            if len(digest) != _SRI_SIZES[m.group(1)]:
                return None
            found.append((m.group(1), digest))
    return found or None


def _varint(data: bytes, pos: int) -> tuple[int, int] | None:
    value = shift = 0
    while pos < len(data) and shift < 63:
        b = data[pos]
        value |= (b & 0x7F) << shift
        pos += 1
        if not b & 0x80:
            return value, pos
        shift += 7
    return None


def _multibase_digests(value: Any) -> list[tuple[str, bytes]] | None:
    """(hashlib name, digest) pairs of a digestMultibase value (VC-DI §2.6: a multibase
    ``z``/``u`` multihash, or a list of them); None when malformed or of an unknown hash."""
    from .._errors import MicrocredError
    from .multibase import decode_multibase

    texts = value if isinstance(value, list) else [value]
    found: list[tuple[str, bytes]] = []
    for text in texts:
        if not isinstance(text, str) or text[:1] not in ("z", "u") or len(text) > 512:
            return None
        try:
            raw = decode_multibase(text, what="digestMultibase")
        except (MicrocredError, ValueError):
            return None
        head = _varint(raw, 0)
        if head is None:
            return None
        code, pos = head
        size = _varint(raw, pos)
        if size is None or code not in _MULTIHASH:
            return None
        length, pos = size
        algo, expected = _MULTIHASH[code]
        if length != expected or len(raw) - pos != length:
            return None
        found.append((algo, raw[pos:]))
    return found or None


def rule_related_resource(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §5.3 Integrity of Related Resources: ``relatedResource`` is one or more objects,
    each with an ``id`` (a URL, unique among them) and a well-formed ``digestSRI`` or
    ``digestMultibase``."""
    if "relatedResource" not in doc:
        return []
    p = _member(path, "relatedResource")
    value = doc["relatedResource"]
    if isinstance(value, list) and not value:
        return [_bad(p, "related-resource-empty", "relatedResource is an empty list",
                     "relatedResource が空の配列です")]
    out: list[_V] = []
    seen: set[str] = set()
    for item, ip in _items(value, p):
        if not isinstance(item, Mapping):
            out.append(_bad(ip, "related-resource-not-object",
                            "each relatedResource must be an object",
                            "relatedResource の要素はオブジェクトでなければなりません"))
            continue
        if "id" not in item:
            out.append(_bad(_member(ip, "id"), "related-resource-missing-id",
                            "a relatedResource needs an id", "relatedResource に id がありません"))
        else:
            out.extend(rule_id(item, ip))
            rid = item["id"]
            if isinstance(rid, str):
                if rid in seen:
                    out.append(_bad(_member(ip, "id"), "related-resource-duplicate-id",
                                    f"relatedResource id {_short(rid)} appears more than once",
                                    f"relatedResource の id {_short(rid)} が重複しています"))
                seen.add(rid)
        if "digestSRI" not in item and "digestMultibase" not in item:
            out.append(_bad(ip, "related-resource-missing-digest",
                            "a relatedResource needs digestSRI or digestMultibase",
                            "relatedResource に digestSRI も digestMultibase もありません"))
        if "digestSRI" in item and _sri_digests(item["digestSRI"]) is None:
            out.append(_bad(_member(ip, "digestSRI"), "related-resource-invalid-digest",
                            "digestSRI is not a SRI hash expression (sha256/384/512-base64)",
                            "digestSRI が SRI のハッシュ式ではありません"))
        if "digestMultibase" in item and _multibase_digests(item["digestMultibase"]) is None:
            out.append(_bad(_member(ip, "digestMultibase"), "related-resource-invalid-digest",
                            "digestMultibase is not a multibase-encoded multihash "
                            "(sha2/sha3 256/384/512)",
                            "digestMultibase がマルチベース符号化のマルチハッシュではありません"))
        if "mediaType" in item and not isinstance(item["mediaType"], str):
            out.append(_bad(_member(ip, "mediaType"), "related-resource-invalid-media-type",
                            "mediaType must be a string", "mediaType は文字列でなければなりません"))
    return out


def related_resource_violations(
        doc: Any, resources: Mapping[str, bytes] | Callable[[str], bytes | None]
) -> list[Violation]:
    """Check ``relatedResource`` digests against resource bytes the caller supplies
    (VC 2.0 §5.3; no fetching).

    ``resources`` maps a resource ``id`` to its bytes, or is a callable returning the bytes
    (or None: not available, not checked). A digest that does not match is a
    CRYPTOGRAPHIC_SECURITY_ERROR (``related-resource-digest-mismatch``); for digestSRI the
    strongest algorithm listed decides (as in Subresource Integrity), for digestMultibase
    every digest must match. Malformed entries are left to :func:`data_model_violations`.
    Never raises for document content.
    """
    if not isinstance(doc, Mapping) or "relatedResource" not in doc:
        return []
    get: Callable[[str], Any]
    get = resources.get if isinstance(resources, Mapping) else resources
    out: list[_V] = []
    for item, ip in _items(doc["relatedResource"], "$.relatedResource"):
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            continue
        try:
            data = get(item["id"])
        except Exception:  # a caller's lookup failing is "not available"
            data = None
        if not isinstance(data, (bytes, bytearray, memoryview)):
            continue
        data = bytes(data)
        if "digestSRI" in item:
            sri = _sri_digests(item["digestSRI"])
            if sri:
                strongest = max((a for a, _ in sri), key=lambda a: _SRI_SIZES[a])
                actual = hashlib.new(strongest, data).digest()
                if not any(a == strongest and d == actual for a, d in sri):
                    out.append(Violation(_member(ip, "digestSRI"),
                                         "related-resource-digest-mismatch",
                                         CRYPTOGRAPHIC_SECURITY_ERROR,
                                         f"the {strongest} digest of {_short(item['id'])} "
                                         "does not match digestSRI",
                                         f"{_short(item['id'])} の {strongest} ダイジェストが "
                                         "digestSRI と一致しません"))
        if "digestMultibase" in item:
            mb = _multibase_digests(item["digestMultibase"])
            for algo, digest in mb or ():
                if hashlib.new(algo, data).digest() != digest:
                    out.append(Violation(_member(ip, "digestMultibase"),
                                         "related-resource-digest-mismatch",
                                         CRYPTOGRAPHIC_SECURITY_ERROR,
                                         f"the {algo} digest of {_short(item['id'])} does "
                                         "not match digestMultibase",
                                         f"{_short(item['id'])} の {algo} ダイジェストが "
                                         "digestMultibase と一致しません"))
                    break
    return out


# -- presentations (VC 2.0 §4.13; VC 1.1 §4.10) -----------------------------------------------

ENVELOPED_VC = "EnvelopedVerifiableCredential"


def rule_holder(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.13 Verifiable Presentations: ``holder``, if present, is a URL or an object
    with an ``id`` (a URL)."""
    if "holder" not in doc:
        return []
    holder = doc["holder"]
    p = _member(path, "holder")
    if isinstance(holder, str):
        return [] if is_url(holder) else [
            _bad(p, "holder-not-url", f"holder {_short(holder)} is not a URL",
                 f"holder {_short(holder)} は URL ではありません")]
    if not isinstance(holder, Mapping):
        return [_bad(p, "holder-invalid", "holder must be a URL or an object with an id",
                     "holder は URL か id を持つオブジェクトでなければなりません")]
    if "id" not in holder:
        return [_bad(_member(p, "id"), "holder-id-missing", "the holder object has no id",
                     "holder オブジェクトに id がありません")]
    return rule_id(holder, p)


def rule_enveloped_credential(obj: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.13.1 Enveloped Verifiable Credentials: ``@context`` present (the VC
    context first), ``id`` a ``data:`` URL, ``type`` ``EnvelopedVerifiableCredential``."""
    out: list[_V] = rule_context(obj, path)
    rid = obj.get("id")
    if not isinstance(rid, str) or not rid.startswith("data:") or "," not in rid:
        out.append(_bad(_member(path, "id"), "enveloped-id-not-data-url",
                        "an enveloped credential's id must be a data: URL",
                        "包まれたクレデンシャルの id は data: URL でなければなりません"))
    if ENVELOPED_VC not in _types(obj):
        out.append(_bad(_member(path, "type"), "enveloped-missing-type",
                        f"an enveloped credential's type must be {ENVELOPED_VC}",
                        f"包まれたクレデンシャルの type は {ENVELOPED_VC} でなければなりません"))
    return out


def _looks_enveloped(obj: Mapping[str, Any]) -> bool:
    rid = obj.get("id")
    return ENVELOPED_VC in _types(obj) or (
        "type" not in obj and isinstance(rid, str) and rid.startswith("data:"))


def rule_verifiable_credentials(doc: Mapping[str, Any], path: str) -> list[_V]:
    """VC 2.0 §4.13: ``verifiableCredential`` values are verifiable credential or enveloped
    verifiable credential objects (never strings, numbers or URLs); each is checked with the
    credential rules (or the §4.13.1 enveloped rules)."""
    if "verifiableCredential" not in doc:
        return []
    out: list[_V] = []
    for item, ip in _items(doc["verifiableCredential"], _member(path, "verifiableCredential")):
        if not isinstance(item, Mapping):
            out.append(_bad(ip, "verifiable-credential-not-object",
                            "verifiableCredential values must be objects (not strings, "
                            "numbers or URLs)",
                            "verifiableCredential の要素はオブジェクトでなければなりません"))
        elif _looks_enveloped(item):
            out.extend(rule_enveloped_credential(item, ip))
        else:
            out.extend(credential_violations(item, ip))
    return out


# -- entry points -----------------------------------------------------------------------------

def credential_violations(doc: Mapping[str, Any], path: str = "$") -> list[Violation]:
    """Every data-model rule for a credential (VC 2.0, or VC 1.1 when its first context is
    the VC 1.1 context)."""
    v1 = _is_v1(doc)
    out = rule_context(doc, path)
    out += rule_inline_contexts(doc, path)
    out += rule_id(doc, path)
    out += rule_type(doc, path, "VerifiableCredential")
    out += rule_names(doc, path)
    out += rule_issuer(doc, path)
    out += rule_credential_subject(doc, path)
    out += rule_v1_dates(doc, path) if v1 else rule_validity_period(doc, path)
    for member in _TYPED_MEMBERS:
        out += rule_typed_member(doc, path, member)
    out += rule_status_entry(doc, path)
    out += rule_related_resource(doc, path)
    out += rule_proof_type(doc, path)
    return out


def presentation_violations(doc: Mapping[str, Any], path: str = "$") -> list[Violation]:
    """Every data-model rule for a presentation (VC 2.0 §4.13, VC 1.1 §4.10), including the
    credential rules for each embedded credential."""
    out = rule_context(doc, path, presentation=True)
    out += rule_inline_contexts(doc, path)
    out += rule_id(doc, path)
    out += rule_type(doc, path, "VerifiablePresentation")
    out += rule_holder(doc, path)
    out += rule_typed_member(doc, path, "termsOfUse")
    out += rule_related_resource(doc, path)
    out += rule_proof_type(doc, path)
    out += rule_verifiable_credentials(doc, path)
    return out


def is_presentation(doc: Any) -> bool:
    """Whether a document says it is a presentation (its ``type`` has VerifiablePresentation,
    or it has ``verifiableCredential``/``holder`` and no VerifiableCredential type)."""
    if not isinstance(doc, Mapping):
        return False
    types = _types(doc)
    if "VerifiablePresentation" in types:
        return True
    return "VerifiableCredential" not in types and (
        "verifiableCredential" in doc or "holder" in doc)


def data_model_violations(doc: Mapping[str, Any]) -> list[Violation]:
    """Every VC data-model violation of ``doc`` (a credential or a presentation), in
    document order of the rules; empty when it conforms.

    Pure and total: never raises for any JSON value (a non-object is one PARSING_ERROR).
    """
    if not isinstance(doc, Mapping):
        return [Violation("$", "not-an-object", PARSING_ERROR,
                          f"expected a JSON object, got {type(doc).__name__}",
                          "JSON オブジェクトではありません")]
    try:
        if is_presentation(doc):
            return presentation_violations(doc)
        return credential_violations(doc)
    except Exception as exc:  # a bug, never a pass: report it as a violation
        return [Violation("$", "data-model-internal-error", PARSING_ERROR,
                          f"the data-model check failed: {type(exc).__name__}: {exc}",
                          "データモデルの確認に失敗しました")]


def data_model_check(doc: Any, check_id: str = "data-model") -> Check:
    """The data-model stage as one :class:`~microcred.Check`: passed, or failed with the
    first violation's code and every violation (``as_dict`` form) in ``details``."""
    violations = data_model_violations(doc)
    if not violations:
        return Check(check_id, Outcome.PASSED, "ok", "the document conforms to the VC data model",
                     "文書は VC データモデルに適合しています")
    first = violations[0]
    more = f" (+{len(violations) - 1} more)" if len(violations) > 1 else ""
    return Check(check_id, Outcome.FAILED, first.code, f"{first}{more}",
                 f"{first.path}: {first.message_ja}{more}",
                 details={"violations": [v.as_dict() for v in violations],
                          "problem_type": first.problem_type})
