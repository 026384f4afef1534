"""Signing and verification: Ed25519 keys, did:key, Data Integrity proofs, structured results.

>>> import microcred as mc
>>> key = mc.Ed25519Key.from_seed(bytes(32))
>>> key.did
'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'

``sign(document, signer, cryptosuite=..., created=...)`` adds a proof
(``eddsa-rdfc-2022`` by default; ``eddsa-jcs-2022`` and ``Ed25519Signature2020`` too) and
``verify(document, resolver=..., now=...)`` returns a :class:`VerificationResult` whose
``checks`` say what passed, what failed and why. See ``docs/signing.md``.
"""

from __future__ import annotations

from ._di.didkey import DidKeyError, did_key_document, parse_did_key, x25519_from_ed25519
from ._di.keys import (
    Ed25519Key,
    Ed25519Signer,
    ResolvedKey,
    Signer,
    ed25519_public_from_multibase,
    ed25519_public_to_multibase,
)
from ._di.proofs import sign, sign_many
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
from ._di.verifier import DEFAULT_CLOCK_SKEW, StatusChecker, verify, verify_many

__all__ = [
    "CRYPTOSUITES",
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
    "did_key_document",
    "ed25519_public_from_multibase",
    "ed25519_public_to_multibase",
    "get_suite",
    "parse_did_key",
    "sign",
    "sign_many",
    "verify",
    "verify_many",
    "x25519_from_ed25519",
]
