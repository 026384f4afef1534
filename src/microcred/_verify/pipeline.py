"""The verification pipeline: one document, one pass through explicit stages.

    input → data model → contexts → safe mode → proofs → proof set → issuer binding
          → validity → status → endorsements

Each rule lives in the module of its stage; this module only orders them and dispatches
formats. Formats other than Data Integrity JSON (a compact JWS for VC-JWT) are *adapters*
registered with :func:`register_format` by the modules that implement them
(:mod:`microcred.vcjwt`); the pipeline imports none of them, and adapters reuse the stages
(data model, contexts, safe mode, validity, status, endorsements) through
:func:`document_checks`, :func:`check_validity` etc. Endorsements are verified by calling
back into :func:`verify_embedded`, so they get the same stages and share the run's budget.

Never raises for document content: every problem is a failed check with a stable code. A
caller's wrong argument type raises :class:`TypeError` (see :func:`.options.make_options`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from .._di.result import Check, VerificationResult
from ._base import Checks, Job
from .contexts import check_contexts
from .endorsements import check_endorsements
from .input import Compact, read_input
from .options import (
    DEFAULT_CLOCK_SKEW,
    DEFAULT_ENDORSEMENT_DEPTH,
    DEFAULT_MAX_BYTES,
    EndorsementHook,
    Options,
    StatusChecker,
    make_options,
)
from .proofs import check_proofs
from .proofset import apply_policy, check_holder_binding, check_issuer_binding
from .safemode import check_safe_mode
from .status import check_refresh, check_status
from .validity import check_validity

if TYPE_CHECKING:
    from .._di.resolvers import KeyResolver
    from ..jsonld import DocumentLoader, Limits


@dataclass(frozen=True)
class FormatAdapter:
    """A secured-credential format other than Data Integrity JSON.

    ``verify(token, options, depth)`` returns a :class:`VerificationResult`; it runs its own
    format-specific steps (decoding, signature, claims) and the shared stages.
    """

    name: str
    verify: Callable[[str, Options, int], VerificationResult]


_COMPACT: list[FormatAdapter] = []


def register_format(adapter: FormatAdapter) -> None:
    """Register the adapter for compact-JWS input (one; a later registration replaces it)."""
    _COMPACT[:] = [adapter]


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
    allow_inline_contexts: bool = False,
    verify_endorsements: bool = True,
    max_endorsement_depth: int = DEFAULT_ENDORSEMENT_DEPTH,
    on_endorsement: EndorsementHook | None = None,
) -> VerificationResult:
    """Verify a secured credential and return a structured :class:`VerificationResult`.

    ``document`` may be a mapping, an OB3 model object, JSON text/bytes or a compact JWS
    (VC-JWT, handled by the :mod:`microcred.vcjwt` adapter). Keys come from ``resolver``
    (:class:`~microcred.DidKeyResolver` by default); ``now`` (an aware ``datetime``) defaults
    to the current UTC time.

    The guarantee: when the result is *verified*, every proof that counts passed all of its
    checks and the issuer is bound only through those; the document the caller reads
    (``result.document``) means what was signed, because only known contexts are accepted
    (bundled, registered with ``loader``, or inline contexts registered by value;
    ``allow_inline_contexts=True`` also accepts inline contexts that only add new terms);
    and hostile input is bounded by ``limits`` (:class:`microcred.jsonld.Limits`) before any
    signature is checked.

    Proofs: every known proof must pass (``proof_policy="all"``) or at least one
    (``"any"``, as OB 3.0 allows); proofs of unknown or disallowed suites (``cryptosuites``)
    never count and are reported as warnings. ``status_checker(credential, now=now)`` is
    called when the credential has ``credentialStatus``; without one the status check is
    ``could-not-check`` and, unless ``require_status=False``, ``verified`` is False.
    Embedded endorsements are verified the same way up to ``max_endorsement_depth``
    (``on_endorsement(endorsement, depth)`` may take over). ``domain``/``challenge``, when
    given, must equal the proof's (VC-DI §4.4). ``max_bytes`` bounds text input.

    Never raises for bad document content: every problem is a failed check with a stable
    code. A wrong argument type raises :class:`TypeError` saying what to pass.
    """
    options = make_options(
        resolver=resolver, now=now, clock_skew=clock_skew, status_checker=status_checker,
        require_status=require_status, cryptosuites=cryptosuites, proof_policy=proof_policy,
        proof_purpose=proof_purpose, domain=domain, challenge=challenge, loader=loader,
        limits=limits, max_bytes=max_bytes, allow_inline_contexts=allow_inline_contexts,
        verify_endorsements=verify_endorsements, max_endorsement_depth=max_endorsement_depth,
        on_endorsement=on_endorsement)
    return verify_embedded(document, options, 0)


def verify_many(documents: Iterable[Any], **options: Any) -> list[VerificationResult]:
    """:func:`verify` each document with the same options (in order; each its own budget)."""
    return [verify(doc, **options) for doc in documents]


def verify_embedded(document: Any, options: Options, depth: int) -> VerificationResult:
    """Run the pipeline on ``document`` with checked ``options`` at endorsement ``depth``."""
    checks = Checks()
    try:
        got = read_input(document, checks, options)
        if got is None:
            return VerificationResult(tuple(checks.items))
        if isinstance(got, Compact):
            if not _COMPACT:
                checks.fail("input", "unsupported-format",
                            "compact JWS (VC-JWT) input, but no VC-JWT adapter is loaded",
                            "VC-JWT 形式ですが、VC-JWT の検証機能が読み込まれていません")
                return VerificationResult(tuple(checks.items))
            return _COMPACT[0].verify(str(got), options, depth)
        doc, jcs_bytes, found = got
        checks.ok("input", "ok", "input is a JSON object", "入力は JSON オブジェクトです")
        job = Job(doc, checks, options, depth, jcs_bytes, found)
        endorsements = _run(job)
        return VerificationResult(tuple(checks.items), doc, endorsements)
    except Exception as exc:  # last line of defence: a crash is a failure, never a pass
        checks.crash("verify", exc)
        return VerificationResult(tuple(checks.items))


def _run(job: Job) -> tuple[VerificationResult, ...]:
    checks, options, doc = job.checks, job.options, job.doc
    if job.presentation:
        _run_presentation(job)
        return ()
    checks.guard("data-model", lambda: _check_data_model(doc, checks))
    contexts_ok = checks.guard("contexts", lambda: check_contexts(doc, checks, options,
                                                                  job.scan))
    if contexts_ok:
        checks.guard("safe-mode", lambda: check_safe_mode(job))
    else:
        checks.skip("safe-mode", "not-checked",
                    "not checked: the contexts are not acceptable, so the document is not "
                    "processed as JSON-LD", "コンテキストが受け付けられないため確認していません")
    outcomes = checks.guard("proofs", lambda: check_proofs(job))
    controllers = (checks.guard("proof-set", lambda: apply_policy(job, outcomes))
                   if outcomes is not None else None) or []
    checks.guard("issuer-binding", lambda: check_issuer_binding(job, controllers))
    checks.guard("validity", lambda: check_validity(doc, checks, options.now,
                                                    options.clock_skew))
    checks.guard("status", lambda: check_status(doc, checks, options.status_checker,
                                                options.now, options.require_status))
    checks.guard("refresh", lambda: check_refresh(doc, checks))
    found = checks.guard("endorsements", lambda: check_endorsements(job, verify_embedded))
    return tuple(found or ())


def _run_presentation(job: Job) -> None:
    """A verifiable presentation (VC 2.0 §4.13): its own stages only — data model, contexts,
    safe mode, proofs (the caller says ``proof_purpose="authentication"``, ``challenge``,
    ``domain``), proof set and holder binding. The credentials inside are verified one by one
    by :func:`microcred.verify_presentation`; a presentation has no validity period, status
    or endorsements of its own."""
    checks, options, doc = job.checks, job.options, job.doc
    checks.guard("data-model", lambda: _check_data_model(doc, checks))
    if checks.guard("contexts", lambda: check_contexts(doc, checks, options, job.scan)):
        checks.guard("safe-mode", lambda: check_safe_mode(job))
    else:
        checks.skip("safe-mode", "not-checked",
                    "not checked: the contexts are not acceptable",
                    "コンテキストが受け付けられないため確認していません")
    outcomes = checks.guard("proofs", lambda: check_proofs(job))
    controllers = (checks.guard("proof-set", lambda: apply_policy(job, outcomes))
                   if outcomes is not None else None) or []
    checks.guard("holder-binding", lambda: check_holder_binding(job, controllers))


def _check_data_model(doc: Mapping[str, Any], checks: Checks) -> None:
    """VC Data Model rules (:mod:`microcred._di.datamodel`), one check with every
    violation in its details."""
    from .._di.datamodel import data_model_check

    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    check = data_model_check(unsecured, "data-model")
    if check.outcome.value == "passed" and not check.details:
        checks.ok(check.id, check.code, check.message, check.message_ja)
    else:
        checks.items.append(check)


def document_checks(credential: Mapping[str, Any], *, options: Options | None = None,
                    loader: Any = None) -> list[Check]:
    """The stages that do not involve a proof: ``data-model``, ``contexts`` and
    ``safe-mode`` (used by adapters whose signature is checked elsewhere, e.g. VC-JWT)."""
    if options is None:
        options = make_options(loader=loader)
    checks = Checks()
    doc = {k: v for k, v in credential.items() if k != "proof"}
    job = Job(doc, checks, options, 0, None)
    checks.guard("data-model", lambda: _check_data_model(doc, checks))
    if checks.guard("contexts", lambda: check_contexts(doc, checks, options)):
        checks.guard("safe-mode", lambda: check_safe_mode(job))
    return checks.items
