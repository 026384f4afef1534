"""Signing and verification: Ed25519 keys, did:key, Data Integrity proofs, structured results.

>>> import microcred as mc
>>> key = mc.Ed25519Key.from_seed(bytes(32))
>>> key.did
'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'

``sign(document, signer, cryptosuite=..., created=...)`` checks the document against the VC
data model (refusing with :class:`~microcred.DataModelError`, every violation listed with its
JSON path) and adds a proof (``eddsa-rdfc-2022`` by default; ``eddsa-jcs-2022`` and
``Ed25519Signature2020`` too); ``verify(document, resolver=..., now=...)`` returns a
:class:`VerificationResult` whose ``checks`` say what passed, what failed and why. See
``docs/signing.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._di import proofs as _proofs
from ._di.datamodel import (
    VC_V1,
    Violation,
    data_model_check,
    data_model_violations,
    related_resource_violations,
)
from ._di.didkey import DidKeyError, did_key_document, parse_did_key, x25519_from_ed25519
from ._di.keys import (
    Ed25519Key,
    Ed25519Signer,
    ResolvedKey,
    Signer,
    ed25519_public_from_multibase,
    ed25519_public_to_multibase,
)
from ._di.resolvers import (
    BaseKeyResolver,
    ChainedKeyResolver,
    DidKeyResolver,
    KeyResolver,
    StaticKeyResolver,
    UnknownVerificationMethodError,
)
from ._di.result import Check, Outcome, VerificationResult
from ._di.suites import CRYPTOSUITES, Cryptosuite, ProofValueError, get_suite

#   VC-JWT format adapter with the pipeline, so verify() accepts compact JWS input)
from ._errors import DataModelError, JsonLdError, SafeModeError, SigningError
from ._verify import DEFAULT_CLOCK_SKEW, StatusChecker, verify, verify_many
from ._verify import input as _input
from ._verify.contexts import type_reset_problem
from ._verify.safemode import check_signable_jcs
from .vcjwt import _verify_compact as _vc_jwt_adapter  # noqa: F401  (registers the

if TYPE_CHECKING:
    from .jsonld import DocumentLoader, Limits

__all__ = [
    "CRYPTOSUITES",
    "DATA_INTEGRITY_CONTEXT",
    "DEFAULT_CLOCK_SKEW",
    "BaseKeyResolver",
    "ChainedKeyResolver",
    "Check",
    "Cryptosuite",
    "DidKeyError",
    "DidKeyResolver",
    "Ed25519Key",
    "Ed25519Signer",
    "KeyResolver",
    "Outcome",
    "ProofValueError",
    "ResolvedKey",
    "Signer",
    "StaticKeyResolver",
    "StatusChecker",
    "UnknownVerificationMethodError",
    "VerificationResult",
    "Violation",
    "data_model_check",
    "data_model_violations",
    "default_cryptosuite",
    "did_key_document",
    "ed25519_public_from_multibase",
    "ed25519_public_to_multibase",
    "get_suite",
    "parse_did_key",
    "related_resource_violations",
    "sign",
    "sign_many",
    "verify",
    "verify_many",
    "x25519_from_ed25519",
]

#: The context VC-DI §2.1 asks a VC 1.1 document to carry for a ``DataIntegrityProof``
#: (added when missing, as the JavaScript reference does).
DATA_INTEGRITY_CONTEXT = "https://w3id.org/security/data-integrity/v2"
_DI_CONTEXT_PREFIX = "https://w3id.org/security/data-integrity/"


def _check_signer(signer: Any) -> None:
    """A caller passing the wrong kind of object gets a TypeError saying what to pass
    (issue 11 F10: ``sign(doc, key)`` instead of ``sign(doc, key.signer())``)."""
    if callable(getattr(signer, "signer", None)):
        name = type(signer).__name__
        raise TypeError(f"sign() needs a Signer, got the key object {name}: pass "
                        f"key.signer() (or key.signer(verification_method)) instead of the key")
    missing = [a for a in ("algorithm", "verification_method", "sign")
               if not hasattr(signer, a)]
    if missing or not callable(getattr(signer, "sign", None)):
        raise TypeError(f"sign() needs a Signer (an object with algorithm, "
                        f"verification_method and sign(data) -> bytes, e.g. "
                        f"Ed25519Key.signer()), got {type(signer).__name__}")


def _context_list(ctx: Any) -> list[Any]:
    return [] if ctx is None else list(ctx) if isinstance(ctx, list) else [ctx]


def _with_suite_context(doc: dict[str, Any], suite: Cryptosuite, add: bool) -> dict[str, Any]:
    """VC-DI §2.1 / vc-di-eddsa §2.2: a VC 1.1 document signed with a ``DataIntegrityProof``
    needs the Data Integrity context, and an Ed25519Signature2020 proof its suite context.
    Missing ones are appended (as the reference implementation does), or refused when
    ``add`` is false."""
    ctx = _context_list(doc.get("@context"))
    needed: list[str] = []
    if suite.required_context and suite.required_context not in ctx:
        needed.append(suite.required_context)
    if (suite.proof_type == "DataIntegrityProof" and ctx[:1] == [VC_V1]
            and not any(isinstance(c, str) and c.startswith(_DI_CONTEXT_PREFIX) for c in ctx)):
        needed.append(DATA_INTEGRITY_CONTEXT)
    if not needed:
        return doc
    if not add:
        if needed[0] == DATA_INTEGRITY_CONTEXT:
            raise SigningError("a VC 1.1 document needs the Data Integrity context "
                               f"({DATA_INTEGRITY_CONTEXT}) in its @context for a "
                               "DataIntegrityProof (add_suite_context=False)")
        raise SigningError(f"{suite.name} proofs need {needed[0]!r} in the document's "
                           "@context (add_suite_context=False)")
    return {**doc, "@context": [*ctx, *needed]}


def sign(document: Any, signer: Signer, *, cryptosuite: str | Cryptosuite | None = None,
         created: str | datetime | None = None, proof_purpose: str = "assertionMethod",
         proof_id: str | None = None, previous_proof: str | list[str] | None = None,
         expires: str | datetime | None = None, domain: str | None = None,
         challenge: str | None = None, nonce: str | None = None,
         proof_array: bool = False, loader: DocumentLoader | None = None,
         limits: Limits | None = None, add_suite_context: bool = True,
         check_data_model: bool = True) -> dict[str, Any]:
    """Check ``document`` against the VC data model, then add a Data Integrity proof and
    return the signed copy.

    ``document`` is a credential or presentation (a mapping or an OB3 model object); it is
    not modified. A document that breaks the data model (VC 2.0, or VC 1.1 when its first
    context is the VC 1.1 one; see :func:`data_model_violations`) is refused with
    :class:`~microcred.DataModelError` listing every violation with its JSON path: a
    conforming issuer never produces a non-conforming credential. So is what :func:`verify`
    refuses before any proof: a member named by a JSON-LD keyword readers do not read
    (``@id`` on a node, ``@included``, ``@set``, ...; :class:`~microcred.SafeModeError`), an
    integer JavaScript reads as another number (beyond 2**53 and not exactly a double;
    :class:`~microcred.SigningError`), and, for the JCS suites, an undefined term or type
    (safe mode; RDFC canonicalisation applies it anyway). ``check_data_model=False`` skips
    these checks (only for making negative test fixtures).

    ``cryptosuite`` defaults to the RDFC suite of the signer's family (see
    :func:`default_cryptosuite`): ``eddsa-rdfc-2022`` for an Ed25519 signer,
    ``ecdsa-rdfc-2019`` for a P-256 or P-384 one, as the command line's ``issue`` does.

    VC 1.1 documents get the Data Integrity context (``DATA_INTEGRITY_CONTEXT``) appended
    for a ``DataIntegrityProof``, and any document the Ed25519-2020 suite context for an
    ``Ed25519Signature2020`` proof, when missing (VC-DI §2.1 says an implementation SHOULD;
    the JavaScript reference does); ``add_suite_context=False`` refuses instead.

    ``created`` defaults to the current UTC time (to the second). If the document already has
    proofs, the new one is added to the proof set; ``previous_proof`` (an id or ids of existing
    proofs) makes it a link of a proof chain. A single proof is written as an object unless
    ``proof_array=True``. ``loader`` (extra JSON-LD contexts) and ``limits`` go to the
    canonicaliser. Raises :class:`TypeError` when ``signer`` is not a Signer (e.g. a key:
    pass ``key.signer()``), :class:`~microcred.SigningError` (or its subclass
    :class:`~microcred.DataModelError`, :class:`~microcred.UnknownCryptosuiteError`,
    :class:`~microcred.SafeModeError`, …) when the document cannot be signed.
    """
    _check_signer(signer)
    suite = get_suite(cryptosuite if cryptosuite is not None else default_cryptosuite(signer))
    # a plain dict is read as it is (proofs.sign copies it once); anything else is copied
    base = document if type(document) is dict else _proofs.as_document(document)
    doc = _with_suite_context(base, suite, add_suite_context)
    if check_data_model:
        violations = data_model_violations(doc)
        if violations:
            if any(v.code == "data-model-internal-error" for v in violations):
                _proofs.as_document(document)  # not JSON: say what (SigningError)
            raise DataModelError(violations)
        _refuse_unverifiable(doc, suite, loader, limits)
    return _proofs.sign(doc, signer, cryptosuite=suite, created=created,
                        proof_purpose=proof_purpose, proof_id=proof_id,
                        previous_proof=previous_proof, expires=expires, domain=domain,
                        challenge=challenge, nonce=nonce, proof_array=proof_array,
                        loader=loader, limits=limits)


_ECDSA_ALGORITHMS = frozenset({"ES256", "ES384", "P-256", "P-384"})


def default_cryptosuite(signer: Signer) -> str:
    """The cryptosuite :func:`sign` uses when none is named: the RDFC suite of the signer's
    family, ``"ecdsa-rdfc-2019"`` for an ECDSA signer (``algorithm`` ES256/ES384, or P-256 /
    P-384) and ``"eddsa-rdfc-2022"`` otherwise.

    >>> import microcred as mc
    >>> mc.default_cryptosuite(mc.Ed25519Key.from_seed(bytes(32)).signer())
    'eddsa-rdfc-2022'
    >>> mc.default_cryptosuite(mc.EcdsaKey.from_secret_bytes(bytes(31) + b"\x01").signer())
    'ecdsa-rdfc-2019'
    """
    algorithm = getattr(signer, "algorithm", None)
    return "ecdsa-rdfc-2019" if algorithm in _ECDSA_ALGORITHMS else "eddsa-rdfc-2022"


def _refuse_unverifiable(doc: dict[str, Any], suite: Cryptosuite,
                         loader: DocumentLoader | None, limits: Limits | None) -> None:
    """Refuse what :func:`verify` would refuse before any proof (strict for data you issue):
    the input stage's keyword and number rules, and for JCS suites safe mode (RDFC
    canonicalisation applies safe mode itself)."""
    problem = _input.unsignable(doc)
    if problem is not None:
        code, message = problem
        if code == "keyword-not-supported":
            raise SafeModeError(f"safe mode: {message}; verifiers refuse it "
                                "(keyword-not-supported) / セーフモード: このキーワードは"
                                "メンバー名として使えません")
        raise SigningError(f"{message}; verifiers refuse it ({code}) / この整数は署名できません")
    differs = type_reset_problem(doc, loader)
    if differs is not None:
        raise JsonLdError(f"the type {differs!r} has a null type-scoped context in a registered "
                          "context: pyld and jsonld.js read it differently, and verifiers refuse "
                          "it (type-scoped-null-context) / 型スコープ付き null コンテキストは "
                          "署名できません")
    if suite.canonicalization == "jcs":
        check_signable_jcs({k: v for k, v in doc.items() if k != "proof"}, loader, limits)


def sign_many(documents: Iterable[Any], signer: Signer, **options: Any) -> list[dict[str, Any]]:
    """:func:`sign` each document with the same signer and options (in order).

    A simple loop; for large batches run it in a process pool (see ``docs/signing.md``).
    """
    return [sign(doc, signer, **options) for doc in documents]

