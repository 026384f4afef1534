"""Verification: every step is a :class:`Check`; nothing raises, nothing passes by accident.

Order of checks (ids): ``input``, ``shape``, ``contexts``, ``types``, ``safe-mode``, ``proofs``,
per proof ``proof.N.suite``/``.shape``/``.purpose``/``.created``/``.verification-method``/
``.signature``, then ``issuer-binding``, ``validity``, ``status`` and ``endorsements``.
Sources: VC Data Integrity 1.0 §4.4–4.5 and §2.6, vc-di-eddsa §3.2–3.3, OB 3.0
verification.md (see ``docs/signing.md`` for the codes).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .._errors import (
    CanonicalizationLimitError,
    InvalidJsonError,
    JsonLdError,
    KeyFormatError,
    KeyResolutionError,
    SafeModeError,
    SigningError,
    UnknownContextError,
    UnknownCryptosuiteError,
)
from ..jsonld._fast import fast_check
from ..jsonld._fast_jcs import fast_jcs
from ..jsonld._loader import default_loader
from .didkey import DidKeyError
from .keys import ResolvedKey
from .proofs import as_document, proof_input, proof_list
from .resolvers import DidKeyResolver, KeyResolver, UnknownVerificationMethodError
from .result import Check, Outcome, VerificationResult
from .suites import (
    DEFAULT_VERIFY_SUITES,
    XSD_DATETIME_RE,
    Cryptosuite,
    ProofValueError,
    _jcs,
    _rdfc,
    decode_proof_value,
    suite_for_proof,
)

if TYPE_CHECKING:
    from ..jsonld import DocumentLoader, Limits

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "DEFAULT_MAX_BYTES",
    "StatusChecker",
    "document_checks",
    "verify",
    "verify_many",
]

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
_OB_CONTEXT_PREFIXES = ("https://purl.imsglobal.org/spec/ob/v3p0/context",)
_CLR_CONTEXT_PREFIXES = ("https://purl.imsglobal.org/spec/clr/v2p0/context",)
_OB_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"})
_CLR_TYPES = frozenset({"ClrCredential"})
_JWS_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\Z")

#: Clock skew tolerated on validity windows (5 minutes, as @digitalbazaar/vc ``maxClockSkew``).
DEFAULT_CLOCK_SKEW = timedelta(minutes=5)
#: Largest serialised document (str/bytes input) accepted: 8 MiB.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
#: How deep embedded endorsements are followed (an endorsement of an endorsement is depth 2).
DEFAULT_ENDORSEMENT_DEPTH = 2

#: ``status_checker(credential, now=...)`` returns an object with an ``outcome`` of
#: ``"valid"``/``"revoked"``/``"suspended"``/``"could-not-check"`` (and optionally ``code``,
#: ``message``, ``message_ja``), or a :class:`Check`, an :class:`Outcome` or a bool.
StatusChecker = Callable[..., Any]
EndorsementHook = Callable[[Any, int], "VerificationResult | None"]

_DI_PROOF_MEMBERS = frozenset({
    "type", "cryptosuite", "created", "expires", "verificationMethod", "proofPurpose",
    "proofValue", "id", "previousProof", "domain", "challenge", "nonce", "@context",
})
_REQUIRED_PROOF_MEMBERS = ("type", "verificationMethod", "proofPurpose", "proofValue")


_NO_DETAILS: Mapping[str, Any] = MappingProxyType({})
#: Passing checks without details, by (id, code, message, message_ja); bounded.
_PASSED: dict[tuple[str, str, str, str], Check] = {}


class _Checks:
    """Collects checks for one document."""

    def __init__(self) -> None:
        self.items: list[Check] = []

    def add(self, id: str, outcome: Outcome, code: str, en: str, ja: str, *,
            required: bool = True, **details: Any) -> Check:
        check = Check(id, outcome, code, en, ja, required, details)
        self.items.append(check)
        return check

    def ok(self, id: str, code: str, en: str, ja: str, **details: Any) -> Check:
        if details:
            check = Check(id, Outcome.PASSED, code, en, ja, True, details)
        else:  # passing checks recur verbatim across a batch: share the (frozen) objects
            key = (id, code, en, ja)
            shared = _PASSED.get(key)
            if shared is None:
                if len(_PASSED) >= 4096:
                    _PASSED.clear()
                shared = _PASSED[key] = Check(id, Outcome.PASSED, code, en, ja, True,
                                              _NO_DETAILS)
            check = shared
        self.items.append(check)
        return check

    def fail(self, id: str, code: str, en: str, ja: str, **details: Any) -> Check:
        return self.add(id, Outcome.FAILED, code, en, ja, **details)

    def skip(self, id: str, code: str, en: str, ja: str, **details: Any) -> Check:
        return self.add(id, Outcome.SKIPPED, code, en, ja, required=False, **details)

    def crash(self, id: str, exc: BaseException) -> Check:
        return self.fail(id, "internal-error",
                         f"unexpected error during this check: {type(exc).__name__}: {exc}",
                         f"この確認中に予期しないエラーが発生しました: {type(exc).__name__}")


def _context_list(ctx: Any) -> list[Any]:
    if ctx is None:
        return []
    return list(ctx) if isinstance(ctx, list) else [ctx]


def _types(obj: Mapping[str, Any]) -> list[Any]:
    t = obj.get("type")
    return list(t) if isinstance(t, list) else [t] if t is not None else []


def _issuer_id(doc: Mapping[str, Any]) -> Any:
    issuer = doc.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


def parse_datetime(value: Any, *, require_tz: bool = True) -> datetime:
    """Parse an XML Schema dateTime; :class:`ValueError` naming the problem."""
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a string")
    if len(value) <= 40:  # memoised (a cohort's credentials share their dates)
        return _parse_datetime_cached(value, require_tz)
    return _parse_datetime(value, require_tz)


@functools.lru_cache(maxsize=4096)
def _parse_datetime_cached(value: str, require_tz: bool) -> datetime:
    return _parse_datetime(value, require_tz)  # errors are raised, never cached


def _parse_datetime(value: str, require_tz: bool) -> datetime:
    m = XSD_DATETIME_RE.match(value)
    if m is None:
        raise ValueError(f"{value!r} is not an XML Schema dateTime")
    if m["tz"] is None and require_tz:
        raise ValueError(f"{value!r} has no timezone (a dateTimeStamp needs one)")
    text = value.replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    frac = re.search(r"\.([0-9]+)", text) if "." in text else None
    if frac and len(frac.group(1)) > 6:
        text = text[: frac.start(1)] + frac.group(1)[:6] + text[frac.end(1):]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is outside the supported date range") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _known_context(url: str, loader: DocumentLoader | None) -> bool:
    """Whether a context URL is bundled or registered with the loader (never fetched)."""
    ld: Any = loader if loader is not None else default_loader()
    try:
        return url in ld
    except TypeError:  # a plain pyld-style callable loader
        try:
            ld(url)
        except UnknownContextError:
            return False
        return True


# -- the public entry points -------------------------------------------------------------------

def verify(
    document: Any,
    *,
    resolver: KeyResolver | None = None,
    now: datetime | None = None,
    clock_skew: timedelta = DEFAULT_CLOCK_SKEW,
    status_checker: StatusChecker | None = None,
    require_status: bool = True,
    cryptosuites: Iterable[str] | None = None,
    proof_policy: str = "all",
    proof_purpose: str = "assertionMethod",
    domain: str | None = None,
    challenge: str | None = None,
    loader: DocumentLoader | None = None,
    limits: Limits | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    verify_endorsements: bool = True,
    max_endorsement_depth: int = DEFAULT_ENDORSEMENT_DEPTH,
    on_endorsement: EndorsementHook | None = None,
    _depth: int = 0,
) -> VerificationResult:
    """Verify a secured credential and return a structured :class:`VerificationResult`.

    ``document`` may be a mapping, an OB3 model object, JSON text/bytes or a compact JWS
    (VC-JWT, handed to :mod:`microcred.vcjwt`). Keys come from ``resolver``
    (:class:`DidKeyResolver` by default); ``now`` defaults to the current UTC time.

    Proofs: every proof must verify (``proof_policy="all"``, VC-DI proof sets) or at least one
    (``"any"``, as OB 3.0 allows); only suites in ``cryptosuites`` are accepted (default: all
    four known ones). ``status_checker`` is called as ``status_checker(credential, now=now)``
    when the credential has ``credentialStatus``; without one the status check is
    ``could-not-check`` and, unless ``require_status=False``, ``verified`` is False
    (fail-closed). Embedded endorsements are verified the same way up to
    ``max_endorsement_depth`` (``on_endorsement(endorsement, depth)`` may take over).

    ``domain``/``challenge``, when given, must equal the proof's (VC-DI §4.4).
    ``loader`` (a :class:`microcred.jsonld.StaticLoader` with extra contexts) and ``limits``
    (:class:`microcred.jsonld.Limits`) go to the canonicaliser; ``max_bytes`` bounds text
    input. Never raises for bad input: every problem is a failed check with a precise code.
    """
    checks = _Checks()
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    options = dict(resolver=resolver, now=now, clock_skew=clock_skew,
                   status_checker=status_checker, require_status=require_status,
                   cryptosuites=cryptosuites, proof_policy=proof_policy,
                   proof_purpose=proof_purpose, domain=domain, challenge=challenge,
                   loader=loader, limits=limits,
                   max_bytes=max_bytes,
                   verify_endorsements=verify_endorsements,
                   max_endorsement_depth=max_endorsement_depth, on_endorsement=on_endorsement)
    try:
        if isinstance(document, (bytes, bytearray)):
            try:
                document = bytes(document).decode("utf-8")
            except UnicodeDecodeError:
                checks.fail("input", "invalid-json", "input is not UTF-8 text",
                            "入力が UTF-8 テキストではありません")
                return VerificationResult(tuple(checks.items))
        if isinstance(document, str):
            stripped = document.strip()
            if _JWS_RE.match(stripped):
                return _verify_jwt(stripped, checks, options)
            size = len(document)
            if size * 4 > max_bytes:  # only then can the UTF-8 form exceed the bound
                size = len(document.encode("utf-8", "surrogatepass"))
            if size > max_bytes:
                checks.fail("input", "too-large",
                            f"document is larger than {max_bytes} bytes",
                            f"文書が上限 {max_bytes} バイトを超えています", size=size)
                return VerificationResult(tuple(checks.items))
            from ..jsonld import parse_json

            try:
                document = parse_json(document, max_bytes=max_bytes)
            except InvalidJsonError as exc:
                checks.fail("input", "invalid-json", f"not acceptable JSON: {exc}",
                            f"JSON として受け付けられません: {exc}")
                return VerificationResult(tuple(checks.items))
        if not isinstance(document, Mapping):
            try:
                document = as_document(document)
            except SigningError:
                checks.fail("input", "not-an-object",
                            f"expected a JSON object, got {type(document).__name__}",
                            "JSON オブジェクトではありません")
                return VerificationResult(tuple(checks.items))
        signed_jcs = _jcs_signed_copy(document)
        if signed_jcs is not None:
            doc, data = signed_jcs
        else:
            data = None
            try:
                doc = as_document(document)
            except SigningError as exc:
                checks.fail("input", "invalid-json", f"not a JSON document: {exc}",
                            f"JSON 文書ではありません: {exc}")
                return VerificationResult(tuple(checks.items))
        checks.ok("input", "ok", "input is a JSON object", "入力は JSON オブジェクトです")
        endorsements = _verify_document(doc, checks, options, _depth, data)
        return VerificationResult(tuple(checks.items), doc, endorsements)
    except Exception as exc:  # last line of defence: a crash is a failure, never a pass
        checks.crash("verify", exc)
        return VerificationResult(tuple(checks.items))


def verify_many(documents: Iterable[Any], **options: Any) -> list[VerificationResult]:
    """:func:`verify` each document with the same options (in order)."""
    return [verify(doc, **options) for doc in documents]


# -- VC-JWT hook ---------------------------------------------------------------------------------

def _verify_jwt(token: str, checks: _Checks, options: Mapping[str, Any]) -> VerificationResult:
    try:
        from ..vcjwt import verify_vc_jwt  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        checks.fail("input", "unsupported-format",
                    "compact JWS (VC-JWT) input, but VC-JWT verification is not available",
                    "VC-JWT 形式ですが、VC-JWT の検証機能がありません")
        return VerificationResult(tuple(checks.items))
    loader = options["loader"]
    result = verify_vc_jwt(token, resolver=options["resolver"] or DidKeyResolver(),
                           now=options["now"], clock_skew=options["clock_skew"],
                           status_checker=options["status_checker"],
                           require_status=options["require_status"],
                           document_checks=lambda cred: document_checks(cred, loader=loader),
                           verify_endorsements=options["verify_endorsements"],
                           max_endorsement_depth=options["max_endorsement_depth"])
    if not isinstance(result, VerificationResult):
        checks.fail("input", "internal-error", "VC-JWT verifier returned no result",
                    "VC-JWT 検証が結果を返しませんでした")
        return VerificationResult(tuple(checks.items))
    return result


# -- the document checks ---------------------------------------------------------------------------

def document_checks(credential: Mapping[str, Any], *,
                    loader: DocumentLoader | None = None) -> list[Check]:
    """The data-model checks that do not involve a proof: ``contexts``, ``types`` and
    ``safe-mode`` (used for VC-JWT payloads, whose signature is checked elsewhere)."""
    checks = _Checks()
    doc = {k: v for k, v in credential.items() if k != "proof"}
    _guard(checks, "contexts", lambda: _check_contexts(doc, checks, loader))
    _guard(checks, "types", lambda: _check_types(doc, checks))
    _guard(checks, "safe-mode",
           lambda: _check_safe_mode(doc, doc, checks, {"loader": loader}, {}))
    return checks.items


def _jcs_signed_copy(document: Any) -> tuple[dict[str, Any], bytes] | None:
    """For a plain-JSON document whose proofs are all eddsa-jcs-2022: (copy, JCS bytes).

    The copy is parsed back from the JCS bytes of the document without its proof (plus a copy
    of the proof), so every later check reads exactly the signed content, with members in JCS
    order; this is also cheaper than a deep copy. None for anything else (the caller copies
    with :func:`as_document`, which reports bad input).
    """
    if type(document) is not dict or not _only_jcs_proofs(document):
        return None
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    data = fast_jcs(unsecured)  # exact JSON types and str keys only, else None
    if data is None:
        return None
    try:
        proof = as_document({"proof": document["proof"]})["proof"]
    except SigningError:
        return None
    doc: dict[str, Any] = json.loads(data)
    doc["proof"] = proof
    return doc, data


def _verify_document(doc: dict[str, Any], checks: _Checks, options: Mapping[str, Any],
                     depth: int, jcs_bytes: bytes | None = None
                     ) -> tuple[VerificationResult, ...]:
    _check_shape(doc, checks)
    _guard(checks, "contexts", lambda: _check_contexts(doc, checks, options["loader"]))
    _guard(checks, "types", lambda: _check_types(doc, checks))
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    cache: dict[Any, bytes] = {}
    if jcs_bytes is not None:  # the JCS form of ``unsecured`` (it was parsed from it)
        cache[("jcs", None)] = jcs_bytes
    _guard(checks, "safe-mode", lambda: _check_safe_mode(doc, unsecured, checks, options, cache))
    bound = _check_proofs(doc, unsecured, checks, options, cache)
    _guard(checks, "issuer-binding", lambda: _check_issuer_binding(doc, bound, checks))
    _guard(checks, "validity", lambda: _check_validity(doc, checks, options))
    _guard(checks, "status", lambda: _check_status(doc, checks, options))
    results: list[VerificationResult] = []
    _guard(checks, "endorsements",
           lambda: results.extend(_check_endorsements(doc, checks, options, depth, cache)))
    return tuple(results)


def _guard(checks: _Checks, id: str, fn: Callable[[], Any]) -> None:
    try:
        fn()
    except Exception as exc:
        checks.crash(id, exc)


def _check_shape(doc: Mapping[str, Any], checks: _Checks) -> None:
    missing = [k for k in ("@context", "type", "issuer", "proof") if k not in doc]
    if "credentialSubject" not in doc:
        missing.append("credentialSubject")
    if missing:
        checks.fail("shape", "missing-field", f"missing member(s): {', '.join(missing)}",
                    f"必須の項目がありません: {', '.join(missing)}", fields=missing)
        return
    issuer = _issuer_id(doc)
    if not isinstance(issuer, str) or not issuer:
        checks.fail("shape", "invalid-issuer", "issuer must be a URL or an object with an id",
                    "issuer は URL か id を持つオブジェクトでなければなりません")
        return
    checks.ok("shape", "ok", "document has the members of a secured credential",
              "署名付きクレデンシャルの必須項目があります")


#: Context lists (and types) of credentials already found in order with the default loader.
_CONTEXTS_OK: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()


def _check_contexts(doc: Mapping[str, Any], checks: _Checks,
                    loader: DocumentLoader | None) -> None:
    raw, types_raw = doc.get("@context"), doc.get("type")
    memo: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    if (loader is None and type(raw) is list and type(types_raw) is list
            and len(raw) <= 16 and len(types_raw) <= 16
            and all(type(c) is str for c in raw) and all(type(t) is str for t in types_raw)):
        memo = (tuple(raw), tuple(types_raw))  # the outcome depends on these alone
        if memo in _CONTEXTS_OK:
            checks.ok("contexts", "ok", "contexts are known and in order",
                      "コンテキストは既知で、順序も正しいです")
            return
    ctx = _context_list(raw)
    if not ctx or ctx[0] not in (VC_V2, VC_V1):
        checks.fail("contexts", "first-context-not-vc",
                    f"the first @context must be {VC_V2} (or {VC_V1}), got "
                    f"{ctx[0] if ctx else None!r}",
                    "最初の @context が VC のコンテキストではありません")
        return
    types = {t for t in _types(doc) if isinstance(t, str)}
    urls = [c for c in ctx if isinstance(c, str)]
    if types & _OB_TYPES and not any(u.startswith(_OB_CONTEXT_PREFIXES) for u in urls):
        checks.fail("contexts", "missing-ob-context",
                    "an Open Badges credential needs the OB 3.0 context",
                    "Open Badges のクレデンシャルには OB 3.0 のコンテキストが必要です")
        return
    if types & _CLR_TYPES and not any(u.startswith(_CLR_CONTEXT_PREFIXES) for u in urls):
        checks.fail("contexts", "missing-clr-context", "a CLR credential needs the CLR 2.0 context",
                    "CLR のクレデンシャルには CLR 2.0 のコンテキストが必要です")
        return
    bad = [c for c in ctx if not isinstance(c, (str, Mapping))]
    if bad:
        checks.fail("contexts", "invalid-context", "@context entries must be URLs or objects",
                    "@context の要素は URL かオブジェクトでなければなりません")
        return
    unknown = [u for u in urls if not _known_context(u, loader)]
    if unknown:
        checks.fail("contexts", "unknown-context",
                    f"unknown context(s) {', '.join(unknown)} (not bundled, not registered; "
                    "microcred never fetches contexts)",
                    f"未知のコンテキスト: {', '.join(unknown)}(同梱・登録されていません)",
                    contexts=unknown)
        return
    if memo is not None:
        if len(_CONTEXTS_OK) >= 1024:
            _CONTEXTS_OK.clear()
        _CONTEXTS_OK.add(memo)
    checks.ok("contexts", "ok", "contexts are known and in order",
              "コンテキストは既知で、順序も正しいです")


def _check_types(doc: Mapping[str, Any], checks: _Checks) -> None:
    types = _types(doc)
    if not all(isinstance(t, str) for t in types) or "VerifiableCredential" not in types:
        checks.fail("types", "missing-vc-type", "type must include VerifiableCredential",
                    "type に VerifiableCredential がありません", types=types)
        return
    checks.ok("types", "ok", f"types: {', '.join(types)}", f"型: {', '.join(types)}")


def _check_safe_mode(doc: Mapping[str, Any], unsecured: Mapping[str, Any], checks: _Checks,
                     options: Mapping[str, Any], cache: dict[Any, bytes]) -> None:
    if _only_jcs_proofs(doc) and _check_safe_mode_jcs(unsecured, checks, options, cache):
        return
    try:
        cache[("rdfc", None)] = _rdfc(unsecured, options["loader"], options.get("limits"))
    except SafeModeError as exc:
        checks.fail("safe-mode", "safe-mode-violation",
                    f"JSON-LD safe mode: {exc}", f"JSON-LD セーフモード違反: {exc}",
                    term=exc.term, path=exc.path)
        return
    except UnknownContextError as exc:
        checks.fail("safe-mode", "unknown-context", str(exc),
                    f"未知のコンテキスト {exc.url} のため展開できません", context=exc.url)
        return
    except CanonicalizationLimitError as exc:
        checks.fail("safe-mode", "canonicalization-limit", f"canonicalisation stopped: {exc}",
                    f"正規化が上限に達して中止されました: {exc}")
        return
    except JsonLdError as exc:
        checks.fail("safe-mode", "jsonld-error", f"JSON-LD processing failed: {exc}",
                    f"JSON-LD の処理に失敗しました: {exc}")
        return
    problem = _aliased_term(unsecured, cache[("rdfc", None)].decode("utf-8"))
    if problem is not None:
        _fail_aliased(checks, problem)
        return
    _ok_safe_mode(checks)


_CRED = "https://www.w3.org/2018/credentials#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: Members the validity, status and issuer-binding checks read by their JSON name.
_WATCHED_TERMS = ("issuer", "validFrom", "validUntil", "issuanceDate", "expirationDate",
                  "credentialStatus")
_WATCHED_IRIS = frozenset(_CRED + t for t in _WATCHED_TERMS)
_UNDECIDED = "\0undecided"


def _only_jcs_proofs(doc: Mapping[str, Any]) -> bool:
    """Whether every proof of ``doc`` claims eddsa-jcs-2022 (then no RDF is signed)."""
    proofs = proof_list(doc.get("proof"))
    return bool(proofs) and all(
        isinstance(p, Mapping) and p.get("type") == "DataIntegrityProof"
        and p.get("cryptosuite") == "eddsa-jcs-2022" for p in proofs)


def _check_safe_mode_jcs(unsecured: Mapping[str, Any], checks: _Checks,
                         options: Mapping[str, Any], cache: dict[Any, bytes]) -> bool:
    """Safe mode for a document whose proofs all sign JCS bytes: no RDF dataset is needed.

    The JSON-LD walk of :func:`microcred.jsonld._fast.fast_check` decides safe mode (every
    term, type and IRI defined, the same refusals as the full pipeline) and counts the
    credential node's values for the aliased-term check, without building, labelling or
    sorting quads. Returns False when it cannot decide; the caller then runs the full
    canonicalisation, which decides (or reports) as before. The JCS bytes computed on the way
    (they also prove every string is well-formed Unicode) are kept for the signature check.
    """
    data = cache.get(("jcs", None))
    if data is None:
        try:
            data = _jcs(unsecured)
        except Exception:  # not JCS-serialisable (a lone surrogate...): the full path reports it
            return False
    found = fast_check(unsecured, loader=options["loader"], limits=options.get("limits"),
                       watched=_WATCHED_IRIS)
    if found is None:
        return False
    problem = _aliased_term_counted(unsecured, found)
    if problem == _UNDECIDED:
        return False
    cache[("jcs", None)] = data
    if problem is not None:
        _fail_aliased(checks, problem)
        return True
    _ok_safe_mode(checks)
    return True


def _aliased_term_counted(unsecured: Mapping[str, Any], found: Any) -> str | None:
    """:func:`_aliased_term` from the counts of a safe-mode walk (``_UNDECIDED`` if unsure).

    The walk's top-level node is the credential node when it is typed VerifiableCredential
    and is the node of the JSON ``id`` (or both are blank); values from elsewhere can reach
    it only through a reused ``@id``, which leaves the question to the full check.
    """
    if _CRED + "VerifiableCredential" not in found.root_types or found.root_id_reused:
        return _UNDECIDED
    doc_id = unsecured.get("id")
    if not (found.root_id == doc_id and (doc_id is None or isinstance(doc_id, str))):
        return _UNDECIDED
    for term in _WATCHED_TERMS:
        value = unsecured.get(term)
        in_json = 0 if value is None else len(value) if isinstance(value, list) else 1
        in_graph = found.root_counts.get(_CRED + term, 0)
        if in_graph > 1:
            return _UNDECIDED
        if in_json != in_graph:
            return term
    return None


def _fail_aliased(checks: _Checks, problem: str) -> None:
    checks.fail("safe-mode", "aliased-term",
                f"the JSON members differ from the signed graph for {problem!r}: a term "
                "is renamed or aliased (e.g. by an embedded context or a full IRI key)",
                f"{problem!r} について JSON の項目と署名対象のグラフが一致しません"
                "（別名や IRI キーによる置き換え）", term=problem)


def _ok_safe_mode(checks: _Checks) -> None:
    checks.ok("safe-mode", "ok", "no term, type or IRI is dropped by JSON-LD processing",
              "JSON-LD 処理で失われる項目はありません")


def _aliased_term(unsecured: Mapping[str, Any], nquads: str) -> str | None:
    """Name a watched member whose JSON view disagrees with the canonical graph, or None.

    The validity, status and issuer checks read JSON members by name, but an RDFC proof signs
    the graph: an embedded context alias (``"vu": cred:validUntil``) or a full-IRI key moves a
    value out of the checks' sight without changing a single signed triple. So the number of
    values under each watched name must equal the number of triples with that predicate on the
    credential node (the node of the JSON ``id``, else the one default-graph
    ``VerifiableCredential`` that is nobody's object; anything else fails closed).
    """
    from ..jsonld import parse_nquads

    doc_id = unsecured.get("id")
    if isinstance(doc_id, str):
        # usual case: only the lines about the node of the JSON id are parsed (canonical
        # N-Quads put one quad on each line, subject first)
        prefix = f"<{doc_id}> "
        own = [q for q in parse_nquads(
            "".join(line + "\n" for line in nquads.split("\n") if line.startswith(prefix)))
            if q.graph == ""]
        if any(q.predicate == _RDF_TYPE and q.object == f"<{_CRED}VerifiableCredential>"
               for q in own):
            return _watched_mismatch(unsecured, own, prefix[:-1])
    # only lines that mention the VC namespace matter (parsing every line costs ~5 ms on a
    # 15 KB credential)
    relevant = "".join(line + "\n" for line in nquads.splitlines() if _CRED in line)
    quads = [q for q in parse_nquads(relevant) if q.graph == ""]
    vc_type = f"<{_CRED}VerifiableCredential>"
    credentials = {q.subject for q in quads if q.predicate == _RDF_TYPE and q.object == vc_type}
    doc_id = unsecured.get("id")
    if isinstance(doc_id, str) and f"<{doc_id}>" in credentials:
        root = f"<{doc_id}>"  # (its node may also be an object: issuer id == credential id)
    else:
        objects = {q.object for q in parse_nquads(nquads)}
        roots = {c for c in credentials if c not in objects}
        if len(roots) != 1:
            return "@id"
        root = roots.pop()
    return _watched_mismatch(unsecured, quads, root)


def _watched_mismatch(unsecured: Mapping[str, Any], quads: Iterable[Any],
                      root: str) -> str | None:
    """The first watched member whose JSON value count differs from ``root``'s triples."""
    quads = list(quads)
    for term in _WATCHED_TERMS:
        value = unsecured.get(term)
        in_json = 0 if value is None else len(value) if isinstance(value, list) else 1
        predicate = f"<{_CRED}{term}>"
        in_graph = sum(1 for q in quads if q.subject == root and q.predicate == predicate)
        if in_json != in_graph:
            return term
    return None


# -- proofs ---------------------------------------------------------------------------------

#: Most proofs (and ``previousProof`` entries of one proof) a document may carry; real proof
#: sets and chains have a handful (the W3C vectors: 2-3).
MAX_PROOFS = 16


def _check_proofs(doc: Mapping[str, Any], unsecured: Mapping[str, Any], checks: _Checks,
                  options: Mapping[str, Any], cache: dict[Any, bytes]) -> list[str]:
    """Check every proof; return the controllers of the proofs whose signature verified."""
    proofs = proof_list(doc.get("proof"))
    if not proofs:
        checks.fail("proofs", "no-proof", "the document has no proof",
                    "文書に証明 (proof) がありません")
        return []
    if len(proofs) > MAX_PROOFS or any(
            isinstance(p, Mapping) and isinstance(p.get("previousProof"), list)
            and len(p["previousProof"]) > MAX_PROOFS for p in proofs):
        # each proof is canonicalised on its own and chains are walked: bound the work
        checks.fail("proofs", "too-many-proofs",
                    f"more than {MAX_PROOFS} proofs or previousProof entries",
                    f"証明または previousProof が {MAX_PROOFS} 件を超えています")
        return []
    checks.ok("proofs", "ok", f"{len(proofs)} proof(s)", f"証明 {len(proofs)} 件")
    controllers: list[str] = []
    groups: list[tuple[int, int]] = []
    for i, proof in enumerate(proofs):
        start = len(checks.items)
        try:
            controller = _check_one_proof(i, proof, proofs, unsecured, checks, options, cache)
        except Exception as exc:
            checks.crash(f"proof.{i}", exc)
            controller = None
        if controller is not None:
            controllers.append(controller)
        groups.append((start, len(checks.items)))
    if options["proof_policy"] == "any":
        good = [g for g in groups if all(c.ok for c in checks.items[g[0]:g[1]])]
        if good:
            for lo, hi in groups:
                if (lo, hi) not in good:
                    for j in range(lo, hi):
                        c = checks.items[j]
                        checks.items[j] = Check(c.id, c.outcome, c.code, c.message,
                                                c.message_ja, False, c.details)
    elif options["proof_policy"] != "all":
        checks.fail("proofs", "invalid-policy", f"unknown proof_policy "
                    f"{options['proof_policy']!r} (use 'all' or 'any')",
                    "proof_policy が不正です")
    return controllers


def _skip_rest(checks: _Checks, prefix: str, steps: Iterable[str]) -> None:
    for step in steps:
        checks.skip(f"{prefix}.{step}", "not-checked", "not checked: an earlier step failed",
                    "前の段階が失敗したため確認していません")


_STEPS = ("suite", "shape", "purpose", "created", "verification-method", "signature")


def _check_one_proof(i: int, proof: Any, proofs: list[Any], unsecured: Mapping[str, Any],
                     checks: _Checks, options: Mapping[str, Any],
                     cache: dict[Any, bytes]) -> str | None:
    p = f"proof.{i}"
    if not isinstance(proof, Mapping):
        checks.fail(f"{p}.suite", "proof-not-object", "the proof is not an object",
                    "証明がオブジェクトではありません")
        _skip_rest(checks, p, _STEPS[1:])
        return None
    # 1. suite: named, known and allowed
    try:
        suite = suite_for_proof(proof)
    except UnknownCryptosuiteError:
        checks.fail(f"{p}.suite", "unknown-cryptosuite",
                    f"unknown proof type/cryptosuite {proof.get('type')!r}/"
                    f"{proof.get('cryptosuite')!r}",
                    "未知の証明タイプ/暗号スイートです",
                    type=proof.get("type"), cryptosuite=proof.get("cryptosuite"))
        _skip_rest(checks, p, _STEPS[1:])
        return None
    allowed = (DEFAULT_VERIFY_SUITES if options["cryptosuites"] is None
               else frozenset(options["cryptosuites"]))
    if suite.name not in allowed:
        checks.fail(f"{p}.suite", "cryptosuite-not-allowed",
                    f"{suite.name} is not in the allowed suites {sorted(allowed)}",
                    f"{suite.name} は許可された暗号スイートではありません")
        _skip_rest(checks, p, _STEPS[1:])
        return None
    checks.ok(f"{p}.suite", "ok", f"{suite.name} (known and allowed)",
              f"{suite.name}(既知で許可された暗号スイート)")
    # 2. shape: required and known members with the right JSON types
    if not _check_proof_shape(p, proof, suite, checks):
        _skip_rest(checks, p, _STEPS[2:])
        return None
    # 3. purpose (and the expected domain / challenge, VC-DI §4.4 steps 5-7)
    mismatch = _purpose_problem(proof, options)
    if mismatch:
        checks.fail(f"{p}.purpose", *mismatch)
    else:
        checks.ok(f"{p}.purpose", "ok", f"proofPurpose {proof['proofPurpose']}",
                  f"proofPurpose は {proof['proofPurpose']} です")
    # 4. created / expires
    _check_proof_times(p, proof, checks, options)
    # 5. verification method
    key = _resolve_key(p, proof, suite, checks, options)
    if key is None:
        _skip_rest(checks, p, ("signature",))
        return None
    # 6. signature
    if _check_signature(p, proof, proofs, suite, key, unsecured, checks, options, cache):
        return key.controller
    return None


def _purpose_problem(proof: Mapping[str, Any],
                     options: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """(code, English, Japanese) when purpose, domain or challenge do not match."""
    if proof["proofPurpose"] != options["proof_purpose"]:
        return ("wrong-proof-purpose",
                f"proofPurpose is {proof['proofPurpose']!r}, expected "
                f"{options['proof_purpose']!r}",
                f"proofPurpose が {options['proof_purpose']} ではありません")
    domain = options.get("domain")
    if domain is not None:
        got = proof.get("domain")
        if domain != got and not (isinstance(got, list) and domain in got):
            return ("domain-mismatch", f"proof domain {got!r} is not {domain!r}",
                    f"証明の domain が {domain} ではありません")
    challenge = options.get("challenge")
    if challenge is not None and proof.get("challenge") != challenge:
        return ("challenge-mismatch", f"proof challenge {proof.get('challenge')!r} is not "
                f"{challenge!r}", f"証明の challenge が {challenge} ではありません")
    return None


def _check_proof_shape(p: str, proof: Mapping[str, Any], suite: Cryptosuite,
                       checks: _Checks) -> bool:
    required = list(_REQUIRED_PROOF_MEMBERS)
    missing = [k for k in required if k not in proof]
    if missing:
        checks.fail(f"{p}.shape", "proof-missing-field",
                    f"proof lacks {', '.join(missing)}",
                    f"証明に必須の項目がありません: {', '.join(missing)}", fields=missing)
        return False
    allowed = _DI_PROOF_MEMBERS if suite.cryptosuite else _DI_PROOF_MEMBERS - {"cryptosuite"}
    extra = sorted(k for k in proof if k not in allowed)
    if extra:
        checks.fail(f"{p}.shape", "proof-unknown-field",
                    f"proof has member(s) {', '.join(extra)} not defined for {suite.name}",
                    f"証明に未定義の項目があります: {', '.join(extra)}", fields=extra)
        return False
    for k in ("verificationMethod", "proofPurpose", "proofValue", "created", "expires",
              "id", "nonce"):
        if k in proof and not isinstance(proof[k], str):
            checks.fail(f"{p}.shape", "proof-field-type", f"proof {k} must be a string",
                        f"証明の {k} は文字列でなければなりません", field=k)
            return False
    prev = proof.get("previousProof")
    if prev is not None and not (isinstance(prev, str) or (
            isinstance(prev, list) and prev and all(isinstance(x, str) for x in prev))):
        checks.fail(f"{p}.shape", "proof-field-type",
                    "previousProof must be a string or a list of strings",
                    "previousProof は文字列または文字列の配列でなければなりません",
                    field="previousProof")
        return False
    checks.ok(f"{p}.shape", "ok", "proof members are complete and known",
              "証明の項目はそろっており既知です")
    return True


def _check_proof_times(p: str, proof: Mapping[str, Any], checks: _Checks,
                       options: Mapping[str, Any]) -> None:
    try:
        if "created" in proof:
            parse_datetime(proof["created"], require_tz=False)
        if "expires" in proof:
            expires = parse_datetime(proof["expires"], require_tz=False)
            if options["now"] - options["clock_skew"] > expires:
                checks.fail(f"{p}.created", "proof-expired",
                            f"the proof expired at {proof['expires']}",
                            f"証明の有効期限 {proof['expires']} が過ぎています")
                return
    except ValueError as exc:
        checks.fail(f"{p}.created", "invalid-datetime", f"proof date: {exc}",
                    f"証明の日時が不正です: {exc}")
        return
    if "created" not in proof:
        checks.skip(f"{p}.created", "no-created", "the proof has no created time",
                    "証明に作成日時がありません")
        return
    checks.ok(f"{p}.created", "ok", f"created {proof['created']}",
              f"作成日時 {proof['created']}")


def _resolve_key(p: str, proof: Mapping[str, Any], suite: Cryptosuite, checks: _Checks,
                 options: Mapping[str, Any]) -> ResolvedKey | None:
    vm = proof["verificationMethod"]
    resolver: KeyResolver = options["resolver"] or DidKeyResolver()
    cid = f"{p}.verification-method"
    try:
        key = resolver.resolve(vm)
    except UnknownVerificationMethodError:
        checks.fail(cid, "unknown-verification-method",
                    f"no resolver knows the verification method {vm!r}",
                    f"検証方法 {vm} を解決できません", verification_method=vm)
        return None
    except DidKeyError as exc:
        checks.fail(cid, "invalid-public-key", f"did:key: {exc}",
                    f"did:key が不正です ({exc.code})", verification_method=vm,
                    did_key_error=exc.code)
        return None
    except KeyFormatError as exc:
        checks.fail(cid, "invalid-public-key", f"malformed key: {exc}",
                    f"公開鍵の形式が不正です: {exc}", verification_method=vm)
        return None
    except KeyResolutionError as exc:
        checks.fail(cid, "key-resolution-error", f"key resolution failed: {exc}",
                    f"鍵の解決に失敗しました: {exc}", verification_method=vm)
        return None
    if not isinstance(key, ResolvedKey):
        checks.fail(cid, "key-resolution-error", "the resolver returned no ResolvedKey",
                    "リゾルバが鍵を返しませんでした", verification_method=vm)
        return None
    if key.key_type != suite.algorithm or key.type not in suite.key_types:
        checks.fail(cid, "wrong-key-type",
                    f"{suite.name} needs an {suite.algorithm} key, the method is a "
                    f"{key.key_type} {key.type}",
                    f"{suite.name} には {suite.algorithm} 鍵が必要です", verification_method=vm)
        return None
    try:
        key.ed25519_public_bytes()
    except KeyFormatError as exc:
        checks.fail(cid, "invalid-public-key", f"malformed key: {exc}",
                    f"公開鍵の形式が不正です: {exc}", verification_method=vm)
        return None
    if options["proof_purpose"] not in key.relationships:
        checks.fail(cid, "verification-relationship",
                    f"the controller does not authorise {vm!r} for {options['proof_purpose']}",
                    f"管理者は {vm} を {options['proof_purpose']} に認めていません",
                    verification_method=vm)
        return None
    checks.ok(cid, "ok", f"{vm} → {key.type} key controlled by {key.controller}",
              f"{vm} の鍵 (管理者 {key.controller}) を解決しました",
              verification_method=vm, controller=key.controller)
    return key


def _check_signature(p: str, proof: Mapping[str, Any], proofs: list[Any], suite: Cryptosuite,
                     key: ResolvedKey, unsecured: Mapping[str, Any], checks: _Checks,
                     options: Mapping[str, Any], cache: dict[Any, bytes]) -> bool:
    cid = f"{p}.signature"
    loader = options["loader"]
    try:
        decode_proof_value(proof["proofValue"])
    except ProofValueError as exc:
        checks.fail(cid, "malformed-proof-value", str(exc), f"proofValue の形式が不正です: {exc}")
        return False
    prev = proof.get("previousProof")
    try:
        doc = proof_input(unsecured, proofs, prev)
    except SigningError as exc:
        checks.fail(cid, "previous-proof-missing", str(exc),
                    f"previousProof が指す証明がありません: {exc}")
        return False
    options_doc = {k: v for k, v in proof.items() if k != "proofValue"}
    try:
        if suite.canonicalization == "jcs":
            jdoc = suite.jcs_unsecured_for_verify(doc, options_doc)
            if jdoc is None:
                checks.fail(cid, "context-mismatch",
                            "the document @context does not start with the proof's @context",
                            "文書の @context が証明の @context で始まっていません")
                return False
            same = prev is None and jdoc.get("@context") == unsecured.get("@context")
            cached = cache.get(("jcs", None)) if same else None
            transformed = cached if cached is not None else suite.transform(jdoc)
        else:
            ck = ("rdfc", None if prev is None else repr(prev))
            if ck not in cache:
                cache[ck] = suite.transform(doc, loader=loader, limits=options["limits"])
            transformed = cache[ck]
        config = suite.proof_config(options_doc, doc, loader=loader, limits=options["limits"])
    except SafeModeError as exc:
        checks.fail(cid, "proof-config-invalid", f"proof or document not signable: {exc}",
                    f"証明の構成が不正です: {exc}")
        return False
    except SigningError as exc:
        checks.fail(cid, "proof-config-invalid", str(exc), f"証明の構成が不正です: {exc}")
        return False
    except CanonicalizationLimitError as exc:
        checks.fail(cid, "canonicalization-limit", f"canonicalisation stopped: {exc}",
                    f"正規化が上限に達して中止されました: {exc}")
        return False
    except (JsonLdError, InvalidJsonError) as exc:
        checks.fail(cid, "canonicalization-error", f"canonicalisation failed: {exc}",
                    f"正規化に失敗しました: {exc}")
        return False
    if suite.verify_hash(suite.hash(transformed, config), proof["proofValue"], key):
        checks.ok(cid, "signature-valid", f"{suite.name} signature verifies",
                  f"{suite.name} 署名は有効です")
        return True
    checks.fail(cid, "signature-invalid", f"the {suite.name} signature does not verify",
                f"{suite.name} 署名が一致しません(改ざんまたは鍵の誤り)")
    return False


# -- issuer, validity, status, endorsements ---------------------------------------------------

def _check_issuer_binding(doc: Mapping[str, Any], controllers: list[str],
                          checks: _Checks) -> None:
    issuer = _issuer_id(doc)
    if not isinstance(issuer, str):
        checks.fail("issuer-binding", "missing-issuer", "the credential names no issuer id",
                    "発行者の id がありません")
        return
    if not controllers:
        checks.skip("issuer-binding", "no-verified-proof",
                    "no proof verified, so no key can be bound to the issuer",
                    "有効な証明がないため発行者との結び付きを確認できません")
        return
    if issuer in controllers:
        checks.ok("issuer-binding", "ok", f"a verified proof's key is controlled by the issuer "
                  f"{issuer}", f"有効な証明の鍵は発行者 {issuer} の管理下にあります")
        return
    checks.fail("issuer-binding", "controller-not-issuer",
                f"no verified proof's key is controlled by the issuer {issuer} (controllers: "
                f"{', '.join(sorted(set(controllers)))})",
                f"有効な証明の鍵の管理者が発行者 {issuer} ではありません",
                issuer=issuer, controllers=sorted(set(controllers)))


def _check_validity(doc: Mapping[str, Any], checks: _Checks, options: Mapping[str, Any]) -> None:
    now, skew = options["now"], options["clock_skew"]
    v1 = _context_list(doc.get("@context"))[:1] == [VC_V1]
    start_key, end_key = ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    try:
        start = parse_datetime(doc[start_key]) if start_key in doc else None
        end = parse_datetime(doc[end_key]) if end_key in doc else None
    except ValueError as exc:
        checks.fail("validity", "invalid-datetime", f"validity period: {exc}",
                    f"有効期間の日時が不正です: {exc}")
        return
    if v1 and start is None:
        checks.fail("validity", "missing-issuance-date", "a VC 1.1 credential needs issuanceDate",
                    "VC 1.1 のクレデンシャルには issuanceDate が必要です")
        return
    if start is not None and now + skew < start:
        checks.fail("validity", "not-yet-valid", f"not valid before {doc[start_key]}",
                    f"{doc[start_key]} より前は有効ではありません")
        return
    if end is not None and now - skew > end:
        checks.fail("validity", "expired", f"expired at {doc[end_key]}",
                    f"{doc[end_key]} に有効期限が切れています")
        return
    at = _isoformat(now)
    checks.ok("validity", "ok", f"valid at {at}", f"{at} の時点で有効期間内です")


def _isoformat(moment: datetime) -> str:
    # (a batch is verified at one ``now``; equal instants in other offsets are other keys)
    return _isoformat_cached(moment, moment.utcoffset())


@functools.lru_cache(maxsize=64)
def _isoformat_cached(moment: datetime, _offset: Any) -> str:
    return moment.isoformat()


_STATUS_MAP = {"valid": Outcome.PASSED, "revoked": Outcome.FAILED, "suspended": Outcome.FAILED,
               "could-not-check": Outcome.COULD_NOT_CHECK}


def _check_status(doc: Mapping[str, Any], checks: _Checks, options: Mapping[str, Any]) -> None:
    if "credentialStatus" not in doc:
        checks.skip("status", "no-status", "the credential has no credentialStatus",
                    "credentialStatus がありません")
        return
    required = bool(options["require_status"])
    checker = options["status_checker"]
    if checker is None:
        checks.add("status", Outcome.COULD_NOT_CHECK, "status-not-checked",
                   "credentialStatus is present but no status checker was given",
                   "credentialStatus がありますが、状態確認の手段が渡されていません",
                   required=required)
        return
    try:
        res = checker(doc, now=options["now"])
    except Exception as exc:
        checks.add("status", Outcome.COULD_NOT_CHECK, "status-check-error",
                   f"the status checker failed: {type(exc).__name__}: {exc}",
                   "状態確認でエラーが発生しました", required=required)
        return
    if isinstance(res, Check):
        checks.items.append(Check("status", res.outcome, res.code, res.message, res.message_ja,
                                  res.required and required, res.details))
        return
    if isinstance(res, bool):
        outcome, code = (Outcome.PASSED, "status-valid") if res else (Outcome.FAILED, "revoked")
        en, ja = "", ""
    elif isinstance(res, Outcome):
        outcome, code, en, ja = res, str(res), "", ""
    else:
        raw = getattr(res, "outcome", None)
        value = getattr(raw, "value", raw)
        outcome = _STATUS_MAP.get(str(value), Outcome.COULD_NOT_CHECK)
        code = str(getattr(res, "code", value))
        en, ja = str(getattr(res, "message", "")), str(getattr(res, "message_ja", ""))
    en = en or f"status: {code}"
    ja = ja or f"状態: {code}"
    checks.add("status", outcome, code, en, ja,
               required=required or outcome is Outcome.FAILED)


def _find_endorsements(value: Any) -> list[Any]:
    """Every value of an ``endorsement`` / ``endorsementJwt`` member, in document order.

    Members named ``proof`` are not searched, nor found endorsements themselves (they are
    verified on their own); nesting deeper than 64 levels is not followed.
    """
    found: list[Any] = []
    _collect_endorsements(value, 0, found)
    return found


_SCALARS = (str, int, float, bool, type(None))


def _collect_endorsements(value: Any, depth: int, found: list[Any]) -> None:
    if depth > 64:
        return
    if isinstance(value, Mapping):
        for k, v in value.items():
            if k == "proof":
                continue
            if k == "endorsement" or k == "endorsementJwt":
                if isinstance(v, list):
                    found.extend(v)
                else:
                    found.append(v)
            elif type(v) not in _SCALARS:
                _collect_endorsements(v, depth + 1, found)
    elif isinstance(value, list):
        for v in value:
            if type(v) not in _SCALARS:
                _collect_endorsements(v, depth + 1, found)


_VERIFY_OPTION_NAMES = ("resolver", "now", "clock_skew", "status_checker", "require_status",
                        "cryptosuites", "proof_policy", "proof_purpose", "loader", "limits",
                        "max_bytes")


def _check_endorsements(doc: Mapping[str, Any], checks: _Checks, options: Mapping[str, Any],
                        depth: int, cache: Mapping[Any, bytes] | None = None
                        ) -> list[VerificationResult]:
    """OB 3.0 verification step 6: verify every embedded endorsement the same way.

    Without an ``on_endorsement`` hook this uses :func:`microcred.endorsement.verify_endorsements`
    (which also checks that each endorsement is about the object carrying it). Endorsements
    beyond ``max_endorsement_depth`` are ``could-not-check`` and required (fail-closed); pass
    ``verify_endorsements=False`` to leave endorsements aside knowingly.
    """
    jcs_bytes = (cache or {}).get(("jcs", None))
    # the JCS form of the document without its proof names every member: no '"endorsement'
    # in it means no endorsement member anywhere the search looks (proof members are skipped)
    found = [] if jcs_bytes is not None and b'"endorsement' not in jcs_bytes else (
        _find_endorsements(doc))
    if not found:
        return []
    if not options["verify_endorsements"]:
        checks.skip("endorsements", "not-checked", f"{len(found)} endorsement(s) not checked "
                    "(verify_endorsements=False)", f"推薦 {len(found)} 件は確認していません")
        return []
    limit = options["max_endorsement_depth"] - depth
    sub = {k: options[k] for k in _VERIFY_OPTION_NAMES}
    hook = options["on_endorsement"]
    results: list[VerificationResult] = []
    unchecked = 0
    if limit <= 0:
        unchecked = len(found)
    elif hook is not None:
        for e in found:
            res = hook(e, depth + 1)
            if res is None:
                res = verify(e, **sub, verify_endorsements=True,
                             max_endorsement_depth=options["max_endorsement_depth"],
                             on_endorsement=hook, _depth=depth + 1)
            results.append(res)
    else:
        from ..endorsement import verify_endorsements

        report = verify_endorsements(doc, max_depth=limit, **sub)
        results = [f.result for f in report.findings if f.result is not None]
        unchecked = len(report.findings) - len(results)
    bad = sum(not r.verified for r in results)
    if bad:
        checks.fail("endorsements", "endorsement-invalid",
                    f"{bad} of {len(results)} endorsement(s) failed verification",
                    f"推薦 {len(results)} 件中 {bad} 件が検証に失敗しました")
    elif unchecked:
        checks.add("endorsements", Outcome.COULD_NOT_CHECK, "too-deep",
                   f"{unchecked} endorsement(s) nested deeper than "
                   f"{options['max_endorsement_depth']} were not verified",
                   f"入れ子が深すぎるため推薦 {unchecked} 件を確認していません")
    else:
        checks.ok("endorsements", "ok", f"{len(results)} endorsement(s) verified",
                  f"推薦 {len(results)} 件を検証しました")
    return results
