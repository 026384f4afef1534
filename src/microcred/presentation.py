"""Verifiable Presentations: build, sign (DIDAuth / holder proofs) and verify them.

>>> import microcred as mc
>>> vp = mc.presentation(holder="did:example:holder")
>>> vp["type"]
['VerifiablePresentation']

A presentation wraps zero or more credentials (``verifiableCredential``) and is signed by its
holder with an ``authentication`` proof bound to a verifier's ``challenge`` and ``domain``
(VC 2.0 §4.13; VC Data Integrity 1.0 §2.1, §4.4). :func:`verify_presentation` returns a
:class:`PresentationResult`: the presentation's own checks (data model, contexts and safe
mode, the proof with its purpose, challenge and domain, the holder bound to the proof's
key) plus one full :class:`~microcred.VerificationResult` per embedded credential, each
verified with :func:`microcred.verify` and the same options. ``verified`` is true only when
the presentation and every credential are. Enveloped credentials
(``EnvelopedVerifiableCredential`` with a ``data:application/vc+jwt,…`` id, VC 2.0 §4.13.1)
go through the VC-JWT verifier. See ``docs/presentations.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._di.datamodel import (
    ENVELOPED_VC,
    VC_V1,
    VC_V2,
    data_model_check,
    data_model_violations,
    rule_enveloped_credential,
)
from ._di.proofs import as_document, proof_list
from ._di.result import Check, CheckList, Outcome, VerificationResult
from ._errors import DataModelError, SigningError
from .signing import sign, verify

if TYPE_CHECKING:
    from ._di.keys import Signer
    from ._di.suites import Cryptosuite

__all__ = [
    "ENVELOPED_JWT_MEDIA_TYPES",
    "PresentationResult",
    "envelope_vc_jwt",
    "presentation",
    "sign_presentation",
    "verify_presentation",
]

#: ``data:`` media types of enveloped credentials verified as VC-JWT (VC-JOSE-COSE §3.1.1;
#: ``application/vc-ld+jwt`` is the name of the 2023 drafts, still used by the W3C suite).
ENVELOPED_JWT_MEDIA_TYPES = frozenset({"application/vc+jwt", "application/vc-ld+jwt",
                                       "application/jwt"})

def envelope_vc_jwt(token: str) -> dict[str, Any]:
    """An ``EnvelopedVerifiableCredential`` for a VC-JWT compact JWS (VC 2.0 §4.13.1)."""
    if not isinstance(token, str) or token.count(".") != 2:
        raise TypeError("envelope_vc_jwt() needs a compact JWS string (header.payload.sig)")
    return {"@context": VC_V2, "id": f"data:application/vc+jwt,{token.strip()}",
            "type": ENVELOPED_VC}


def presentation(credentials: Any = (), *, holder: str | Mapping[str, Any] | None = None,
                 id: str | None = None, types: Sequence[str] = (),
                 contexts: Sequence[str | Mapping[str, Any]] = (),
                 version: str = "2.0") -> dict[str, Any]:
    """Build an (unsigned) verifiable presentation.

    ``credentials`` is one credential or an iterable of them: secured credentials (JSON
    objects or OB3 model objects; copied) or VC-JWT compact JWS strings, which become
    ``EnvelopedVerifiableCredential`` objects. ``holder`` (a URL or an object with an ``id``),
    ``id``, extra ``types`` and extra ``contexts`` are optional; ``version`` ``"1.1"`` uses
    the VC 1.1 base context. Raises :class:`~microcred.DataModelError` (every violation
    listed) when the result would not conform to the VC data model, ``TypeError`` for
    arguments of the wrong kind.
    """
    if version not in ("2.0", "1.1"):
        raise TypeError(f"version must be '2.0' or '1.1', got {version!r}")
    if isinstance(credentials, (str, Mapping)) or hasattr(credentials, "model_dump"):
        credentials = [credentials]
    if not isinstance(credentials, Iterable):
        raise TypeError("credentials must be a credential or an iterable of credentials")
    if isinstance(types, str) or isinstance(contexts, (str, Mapping)):
        raise TypeError("types and contexts are sequences (lists) of values")
    vp: dict[str, Any] = {"@context": [VC_V1 if version == "1.1" else VC_V2, *contexts],
                          "type": ["VerifiablePresentation", *types]}
    if id is not None:
        vp["id"] = id
    if holder is not None:
        vp["holder"] = dict(holder) if isinstance(holder, Mapping) else holder
    embedded: list[Any] = []
    for cred in credentials:
        if isinstance(cred, str):
            if version == "1.1":
                raise TypeError("enveloped (VC-JWT) credentials need a VC 2.0 presentation")
            embedded.append(envelope_vc_jwt(cred))
        else:
            try:
                embedded.append(as_document(cred))
            except SigningError as exc:
                raise TypeError(f"a credential must be a JSON object, an OB3 model object "
                                f"or a VC-JWT string: {exc}") from None
    if embedded:
        vp["verifiableCredential"] = embedded
    violations = data_model_violations(vp)
    if violations:
        raise DataModelError(violations)
    return vp


def sign_presentation(vp: Any, signer: Signer, *, challenge: str | None = None,
                      domain: str | None = None, proof_purpose: str = "authentication",
                      cryptosuite: str | Cryptosuite | None = None,
                      created: str | datetime | None = None, **options: Any) -> dict[str, Any]:
    """Sign a presentation as its holder: :func:`microcred.sign` with an ``authentication``
    proof carrying the verifier's ``challenge`` and ``domain`` (VC-DI §2.1: they prevent
    replay; a verifier that asked for them requires them).

    The presentation (and every credential in it) is checked against the data model first
    (:class:`~microcred.DataModelError`). When the presentation names a ``holder``, the
    signer's verification method must belong to it (its URL starts with the holder id), so
    that the holder binding a verifier checks can pass; otherwise :class:`SigningError`.
    Other ``options`` are those of :func:`microcred.sign` (``cryptosuite`` too: by default
    the RDFC suite of the signer's family).
    """
    doc = as_document(vp)
    holder = _holder_id(doc)
    vm = getattr(signer, "verification_method", None)
    if isinstance(holder, str) and isinstance(vm, str) and not _same_controller(vm, holder):
        raise SigningError(f"the signer's verification method {vm!r} does not belong to the "
                           f"holder {holder!r}; sign with the holder's key")
    return sign(doc, signer, cryptosuite=cryptosuite, created=created,
                proof_purpose=proof_purpose, challenge=challenge, domain=domain, **options)


# -- the result ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PresentationResult(CheckList):
    """What :func:`verify_presentation` returns.

    ``checks`` are the presentation's own (``input``, ``data-model``, ``contexts``,
    ``safe-mode``, ``proofs``, ``proof.N.*``, ``holder-binding``, ``replay-protection``, and
    :func:`microcred.verify`'s credential-only checks kept as not required), ``credentials``
    one :class:`~microcred.VerificationResult` per entry of ``verifiableCredential``, in
    order. ``verified`` is true only when every required presentation check passed and
    every credential verified.
    """

    checks: tuple[Check, ...]
    credentials: tuple[VerificationResult, ...] = ()
    document: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def verified(self) -> bool:
        """The presentation and every credential in it verified."""
        return (bool(self.checks) and all(c.ok for c in self.checks)
                and all(r.verified for r in self.credentials))

    @property
    def holder(self) -> str | None:
        """The holder id the presentation names, if any."""
        return _holder_id(self.document) if self.document is not None else None

    def summary(self) -> tuple[str, str]:
        """English and Japanese one-line summaries."""
        n = len(self.credentials)
        if self.verified:
            return (f"presentation verified ({n} credential(s) verified)",
                    f"プレゼンテーションを検証しました(クレデンシャル {n} 件も検証済み)")
        bad = [f"{c.id} ({c.code})" for c in self.failures]
        bad += [f"credential {i}" for i, r in enumerate(self.credentials) if not r.verified]
        text = ", ".join(bad)
        return f"presentation not verified: {text}", f"プレゼンテーションの検証失敗: {text}"

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {"verified": self.verified, "checks": [c.as_dict() for c in self.checks],
                "credentials": [r.as_dict() for r in self.credentials]}


# -- verification -------------------------------------------------------------------------------

#: verify() options passed on to each embedded credential as given.
_CREDENTIAL_OPTIONS = ("resolver", "now", "clock_skew", "status_checker", "require_status",
                       "cryptosuites", "proof_policy", "loader", "limits", "max_bytes",
                       "verify_endorsements", "max_endorsement_depth", "on_endorsement")
_MAX_CREDENTIALS = 64
_DEFAULT_MAX_BYTES = 8 * 1024 * 1024


def _holder_id(doc: Any) -> Any:
    if not isinstance(doc, Mapping):
        return None
    holder = doc.get("holder")
    return holder.get("id") if isinstance(holder, Mapping) else holder


def _same_controller(vm: str, controller: str) -> bool:
    """Whether a verification method URL belongs to ``controller`` (did:…#key, URL#key)."""
    return vm == controller or vm.startswith(controller + "#") or vm.split("#", 1)[0] == (
        controller)


def _ok(cid: str, code: str, en: str, ja: str, **details: Any) -> Check:
    return Check(cid, Outcome.PASSED, code, en, ja, details=details or None)


def _fail(cid: str, code: str, en: str, ja: str, **details: Any) -> Check:
    return Check(cid, Outcome.FAILED, code, en, ja, details=details or None)


def _skip(cid: str, code: str, en: str, ja: str, **details: Any) -> Check:
    return Check(cid, Outcome.SKIPPED, code, en, ja, required=False, details=details or None)


def _subject_ids(cred: Mapping[str, Any]) -> list[Any]:
    subject = cred.get("credentialSubject")
    items = subject if isinstance(subject, list) else [subject]
    return [s.get("id") for s in items if isinstance(s, Mapping)]


def _envelope_token(entry: Mapping[str, Any]) -> tuple[str | None, str]:
    """(compact JWS, media type) of an enveloped credential's ``data:`` URL id."""
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid.startswith("data:") or "," not in rid:
        return None, ""
    head, token = rid[5:].split(",", 1)
    media = head.split(";", 1)[0].strip().lower()
    return token.strip(), media


def _verify_enveloped(entry: Mapping[str, Any], options: Mapping[str, Any]) -> VerificationResult:
    token, media = _envelope_token(entry)
    shape = rule_enveloped_credential(entry, "$")  # VC 2.0 §4.13.1
    if token is None:
        return VerificationResult((_fail(
            "input", "enveloped-id-not-data-url",
            "an enveloped credential's id is not a data: URL",
            "包まれたクレデンシャルの id が data: URL ではありません"),))
    if media not in ENVELOPED_JWT_MEDIA_TYPES:
        return VerificationResult((_fail(
            "input", "unsupported-envelope",
            f"enveloped credentials of media type {media!r} are not supported (VC-JWT only)",
            f"メディアタイプ {media} の包まれたクレデンシャルには対応していません"),))
    result = verify(token, **options)
    for v in shape:
        result = result.with_checks(_fail("enveloped", v.code, f"{v.path}: {v.message_en}",
                                          f"{v.path}: {v.message_ja}", path=v.path))
    return result


def _validity(entry: Mapping[str, Any], options: Mapping[str, Any]) -> list[Check]:
    """The pipeline's ``validity`` and ``status`` stages for a credential it does not run on
    (a self-asserted one): VC 2.0 §4.9 and §4.10 hold for every credential, so an expired or
    revoked self-asserted credential is not reported verified."""
    from ._verify._base import Checks
    from ._verify.options import DEFAULT_CLOCK_SKEW, make_options
    from ._verify.status import check_status
    from ._verify.validity import check_validity

    opts = make_options(now=options.get("now"),
                        clock_skew=options.get("clock_skew", DEFAULT_CLOCK_SKEW),
                        status_checker=options.get("status_checker"),
                        require_status=options.get("require_status", True))
    found = Checks()
    check_validity(entry, found, opts.now, opts.clock_skew)
    check_status(entry, found, opts.status_checker, opts.now, opts.require_status)
    return found.items

def _verify_embedded(i: int, entry: Any, vp: Mapping[str, Any], holder_bound: bool,
                     options: Mapping[str, Any], subject_binding: bool) -> VerificationResult:
    if not isinstance(entry, Mapping):
        return VerificationResult((_fail(
            "input", "verifiable-credential-not-object",
            f"verifiableCredential[{i}] is not an object (strings, numbers and URLs are not "
            "credentials; wrap a VC-JWT in an EnvelopedVerifiableCredential)",
            f"verifiableCredential[{i}] がオブジェクトではありません"),))
    rid = entry.get("id")
    types = entry.get("type")
    type_list = types if isinstance(types, list) else [types]
    if ENVELOPED_VC in type_list or (types is None and isinstance(rid, str)
                                     and rid.startswith("data:")):
        return _verify_enveloped(entry, options)
    holder = _holder_id(vp)
    issuer = entry.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if not proof_list(entry.get("proof")):
        # VC 2.0 §4.13.4: a self-asserted credential secured only by the presentation's
        # proof: its issuer must be the holder, and the holder bound to that proof.
        checks = [data_model_check(entry)]
        if not isinstance(holder, str):
            checks.append(_fail("self-asserted", "self-asserted-no-holder",
                                "the credential has no proof and the presentation names no "
                                "holder (VC 2.0 §4.13.4)",
                                "証明のないクレデンシャルですが、プレゼンテーションに holder が"
                                "ありません"))
        elif issuer_id != holder:
            checks.append(_fail("self-asserted", "self-asserted-issuer-not-holder",
                                f"the credential has no proof and its issuer {issuer_id!r} is "
                                f"not the holder {holder!r} (VC 2.0 §4.13.4)",
                                "証明のないクレデンシャルの発行者が holder ではありません"))
        elif not holder_bound:
            checks.append(_fail("self-asserted", "holder-not-bound",
                                "a self-asserted credential is secured by the presentation's "
                                "proof, which does not bind the holder",
                                "自己表明クレデンシャルを守るプレゼンテーションの証明が holder "
                                "と結び付いていません"))
        else:
            checks.append(_ok("self-asserted", "ok",
                              "self-asserted by the holder and secured by the presentation's "
                              "proof", "holder 自身の表明で、プレゼンテーションの証明で保護"
                              "されています"))
        checks.extend(_validity(entry, options))  # (validity and status hold as any other's)
        result = VerificationResult(tuple(checks), document=entry)
    else:
        result = verify(entry, **options)
        if result.check("data-model") is None:
            result = result.with_checks(data_model_check(entry))
    if subject_binding:
        ids = _subject_ids(entry)
        if isinstance(holder, str) and holder in ids:
            result = result.with_checks(_ok("holder-subject", "ok",
                                            f"the holder {holder} is a subject of the "
                                            "credential", f"holder {holder} は主体です"))
        else:
            result = result.with_checks(_fail(
                "holder-subject", "subject-not-holder",
                f"the holder {holder!r} is not a subject of the credential (subjects: "
                f"{ids!r})", "holder がクレデンシャルの主体ではありません"))
    return result


def _proof_checks(doc: dict[str, Any], challenge: str | None, domain: str | None,
                  proof_purpose: str, options: Mapping[str, Any]) -> list[Check]:
    """The presentation's own checks from the verification pipeline (which runs its
    presentation stages: data model, contexts, safe mode, proofs with the authentication
    purpose, challenge and domain, proof set and holder binding)."""
    result = verify(doc, proof_purpose=proof_purpose, challenge=challenge, domain=domain,
                    **options)
    return [c for c in result.checks if c.id != "input"]


def verify_presentation(
    vp: Any,
    *,
    challenge: str | None = None,
    domain: str | None = None,
    proof_purpose: str = "authentication",
    require_proof: bool = True,
    subject_binding: bool = False,
    **options: Any,
) -> PresentationResult:
    """Verify a presentation and every credential in it; returns a :class:`PresentationResult`.

    ``vp`` is a mapping or JSON text/bytes. The presentation's proof must have
    ``proof_purpose`` (``authentication``) and, when given, the verifier's ``challenge`` and
    ``domain``; a presentation that names a ``holder`` must be signed by a key the holder
    controls (``holder-binding``). ``require_proof=False`` accepts an unsigned presentation
    (its credentials are still verified). ``subject_binding=True`` also requires the holder
    to be a subject of each credential (``holder-subject``). Every other option
    (``resolver``, ``now``, ``clock_skew``, ``status_checker``, ``require_status``,
    ``cryptosuites``, ``proof_policy``, ``loader``, ``limits``, …) is passed to
    :func:`microcred.verify` for the presentation and for each credential. Never raises for
    bad input: every problem is a failed check.
    """
    unknown = set(options) - set(_CREDENTIAL_OPTIONS)
    if unknown:
        raise TypeError(f"verify_presentation() got unexpected option(s) {sorted(unknown)}")
    try:
        return _verify_presentation(vp, challenge, domain, proof_purpose, require_proof,
                                    subject_binding, options)
    except Exception as exc:  # last line of defence: a crash is a failure, never a pass
        return PresentationResult((_fail(
            "verify", "internal-error",
            f"unexpected error: {type(exc).__name__}: {exc}",
            f"予期しないエラーが発生しました: {type(exc).__name__}"),))


def _parse(vp: Any, max_bytes: int) -> tuple[dict[str, Any] | None, Check]:
    if isinstance(vp, (bytes, bytearray)):
        try:
            vp = bytes(vp).decode("utf-8")
        except UnicodeDecodeError:
            return None, _fail("input", "invalid-json", "input is not UTF-8 text",
                               "入力が UTF-8 テキストではありません")
    if isinstance(vp, str):
        from ._errors import InvalidJsonError
        from .jsonld import parse_json

        if len(vp) > max_bytes:
            return None, _fail("input", "too-large", f"document is larger than {max_bytes} "
                               "bytes", f"文書が上限 {max_bytes} バイトを超えています")
        try:
            vp = parse_json(vp, max_bytes=max_bytes)
        except InvalidJsonError as exc:
            return None, _fail("input", "invalid-json", f"not acceptable JSON: {exc}",
                               f"JSON として受け付けられません: {exc}")
    try:
        doc = as_document(vp)
    except SigningError as exc:
        return None, _fail("input", "not-an-object", f"expected a JSON object: {exc}",
                           "JSON オブジェクトではありません")
    return doc, _ok("input", "ok", "input is a JSON object", "入力は JSON オブジェクトです")


def _verify_presentation(vp: Any, challenge: str | None, domain: str | None,
                         proof_purpose: str, require_proof: bool, subject_binding: bool,
                         options: dict[str, Any]) -> PresentationResult:
    doc, first = _parse(vp, int(options.get("max_bytes", _DEFAULT_MAX_BYTES)))
    if doc is None:
        return PresentationResult((first,))
    checks: list[Check] = [first]
    types = doc.get("type")
    type_list = types if isinstance(types, list) else [types]
    checks.append(data_model_check(doc))
    if "VerifiablePresentation" not in type_list:
        checks.append(_fail("presentation", "not-a-presentation",
                            "the document is not a VerifiablePresentation",
                            "文書が VerifiablePresentation ではありません"))
    # the proof: microcred.verify's contexts, safe-mode and proof checks, with the
    # authentication purpose, challenge and domain; its credential-only checks do not count
    if proof_list(doc.get("proof")) or require_proof:
        own = _proof_checks(doc, challenge, domain, proof_purpose, options)
        checks.extend(c for c in own if c.id != "data-model")
    else:
        checks.append(_skip("proofs", "no-proof", "unsigned presentation accepted "
                            "(require_proof=False)", "署名のないプレゼンテーションを受け付けました"
                            "(require_proof=False)"))
        checks.append(_skip("holder-binding", "unsigned",
                            "unsigned presentation: the holder is not bound (require_proof="
                            "False)", "署名がないため holder は結び付いていません"))
    binding = next((c for c in checks if c.id == "holder-binding"), None)
    holder_bound = binding is not None and binding.outcome is Outcome.PASSED
    if challenge is None and domain is None and proof_list(doc.get("proof")):
        checks.append(_skip("replay-protection", "no-challenge",
                            "no challenge or domain was required: the presentation could be a "
                            "replay", "challenge も domain も指定されていないため再送の可能性が"
                            "あります"))
    # the credentials, each on its own with the same options
    entries = doc.get("verifiableCredential")
    items = [] if entries is None else entries if isinstance(entries, list) else [entries]
    if len(items) > _MAX_CREDENTIALS:
        checks.append(_fail("credentials", "too-many-credentials",
                            f"more than {_MAX_CREDENTIALS} credentials",
                            f"クレデンシャルが {_MAX_CREDENTIALS} 件を超えています"))
        items = []
    creds = tuple(_verify_embedded(i, e, doc, holder_bound, options, subject_binding)
                  for i, e in enumerate(items))
    return PresentationResult(tuple(checks), creds, doc)
