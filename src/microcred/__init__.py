"""microcred: describe, issue, verify and stack micro-credentials.

>>> import microcred as mc
>>> issubclass(mc.InvalidDataError, mc.MicrocredError)
True

The flat namespace re-exports the public API of the private modules behind it; the
sub-modules :mod:`microcred.profiles`, :mod:`microcred.unesco`, :mod:`microcred.ob3`,
:mod:`microcred.jsonld`, :mod:`microcred.stack`, :mod:`microcred.baking` and
:mod:`microcred.ob2` (Open Badges 2.0) are public too.

Names are imported on first use (PEP 562), so ``import microcred`` stays cheap: the table
:data:`_EXPORTS` says which module defines each public name. To export a new name, add it to
its module's ``__all__`` and to that module's entry here (and, for type checkers, to the
``TYPE_CHECKING`` imports below); ``tests/test_lazy_imports.py`` checks the table.
"""

from __future__ import annotations

import importlib
import sys
import types

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.2.0"

#: Public sub-modules (``microcred.ob3``...), imported on first use.
_SUBMODULES = (
    "baking", "batch", "clr", "endorsement", "jsonld", "ob2", "ob3", "profiles", "signing",
    "stack", "statuslist", "unesco", "vcjwt",
)

#: module -> the public names it provides, imported on first use.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "._credits": (
        "CREDIT_SYSTEMS", "CreditSystem", "CreditSystemSpec", "HoursRange",
        "credit_system_specs", "credits_to_hours", "hours_per_credit", "register_credit_system",
        "unregister_credit_system",
    ),
    "._errors": (
        "AmbiguousSubjectError", "AmbiguousValueError", "BakingError",
        "CanonicalizationLimitError", "DataModelError", "ErrorDetail", "InvalidDataError",
        "InvalidJsonError", "JsonLdError", "JwtError",
        "KeyFormatError", "KeyResolutionError", "MicrocredError", "NumberLimitError",
        "ProfileError", "SafeModeError", "SigningError", "StackError", "StatusListError",
        "StructuralError", "UnknownContextError", "UnknownCryptosuiteError",
        "UnsupportedEncodingError", "VerificationError",
    ),
    "._model": (
        "COMMON_DESCRIPTORS", "EU_EXTRA_DESCRIPTORS", "LEVEL_RANGES", "MAX_NOTIONAL_HOURS",
        "Alignment", "Assessment", "AssessmentKind", "AwardingBody", "Certification",
        "CertificationKind", "CreditAmount", "Descriptor", "Grade", "IdentityObject",
        "Integration", "Learner", "LearnerEffort", "LearningOutcome", "Level", "LevelFramework",
        "LevelFrameworkSpec", "LocalizedText", "MicroCredential", "Participation",
        "ParticipationMode", "PathwayModel", "Prerequisites", "ProviderKind", "QAKind", "QAScope",
        "QualityAssurance", "Recognition", "RecognitionKind", "Side", "StackTarget",
        "Stackability", "Supervision", "Synchrony", "is_well_formed_language_tag",
        "register_level_framework", "unregister_level_framework",
    ),
    ".clr": (
        "AssociationType", "ClrVerification", "association", "clr_achievements", "clr_credential",
        "clr_pathway", "clr_units", "read_clr", "verify_clr",
    ),
    ".endorsement": (
        "EndorsementFinding", "EndorsementReport", "attach_endorsement", "endorsement_credential",
        "issue_endorsement", "verify_endorsement", "verify_endorsements",
    ),
    ".presentation": (
        "ENVELOPED_JWT_MEDIA_TYPES", "PresentationResult", "envelope_vc_jwt", "presentation",
        "sign_presentation", "verify_presentation",
    ),
    ".signing": (
        "CRYPTOSUITES", "DATA_INTEGRITY_CONTEXT", "DEFAULT_CLOCK_SKEW", "BaseKeyResolver",
        "ChainedKeyResolver", "Check", "Cryptosuite", "DidKeyError", "DidKeyResolver",
        "Ed25519Key", "Ed25519Signer", "KeyResolver", "Outcome", "ProofValueError", "ResolvedKey",
        "Signer", "StaticKeyResolver", "StatusChecker", "UnknownVerificationMethodError",
        "VerificationResult", "Violation", "data_model_check", "data_model_violations",
        "default_cryptosuite", "did_key_document", "ed25519_public_from_multibase",
        "ed25519_public_to_multibase", "get_suite", "parse_did_key", "related_resource_violations",
        "sign", "sign_many", "verify", "verify_many", "x25519_from_ed25519",
    ),
    ".statuslist": (
        "MIN_STATUS_LIST_ENTRIES", "BitstringStatusChecker", "BitstringStatusList", "StatusCheck",
        "StatusIndexAllocator", "StatusOutcome", "StatusPolicy", "StatusPurpose",
        "StatusRelaxation", "StatusReport", "check_status",
        "decode_status_list", "encode_status_list", "status_list_credential", "status_list_entry",
    ),
    ".vcjwt": (
        "DEFAULT_JWT_ALGORITHMS", "EmbeddedJwkResolver", "JoseSigner", "decode_vc_jwt",
        "issue_vc_jwt", "verify_vc_jwt",
    ),
    "._di.didkey": (
        "did_jwk_document", "did_jwk_for", "did_web_url", "parse_did_jwk",
    ),
    "._di.ecdsa_sd": (
        "EcdsaSdCryptosuite", "derive_proof", "ecdsa_sd_2023",
    ),
    "._di.keys": (
        "CryptographySigner", "EcdsaKey", "EcdsaSigner", "der_to_p1363", "jwk_thumbprint",
        "public_key_from_multibase",
    ),
    "._di.resolvers": (
        "DidJwkResolver",
    ),
    "._di.suites": (
        "EcdsaCryptosuite",
    ),
    ".batch": (
        "BatchItem", "issue_many",
    ),
    ".report": (
        "TrustReport", "inspect_badge",
    ),
}

_OWNER = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = ["__version__", *_SUBMODULES, *_OWNER]


def __getattr__(name: str) -> Any:
    """Import a public name (or sub-module) the first time it is used."""
    module = _OWNER.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
    for module in _EXPORTS:  # a name added to a module's __all__ but not to the table yet
        found = importlib.import_module(module, __name__)
        if name in getattr(found, "__all__", ()):
            value = getattr(found, name)
            globals()[name] = value
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """Keeps a public function that shares its name with a sub-module (``presentation``)
    from being replaced by that sub-module when the import system binds it to the package,
    as the eager star-imports used to."""

    def __setattr__(self, name: str, value: Any) -> None:
        if (isinstance(value, types.ModuleType) and name in _OWNER
                and value.__name__ == f"{__name__}.{name}" and hasattr(value, name)):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # the eager form, for type checkers and IDEs
    from . import _credits as _credits
    from . import _errors as _errors
    from . import _model as _model
    from . import baking as baking
    from . import batch as batch
    from . import clr as clr
    from . import endorsement as endorsement
    from . import jsonld as jsonld
    from . import ob2 as ob2
    from . import ob3 as ob3
    from . import profiles as profiles
    from . import signing as signing
    from . import stack as stack
    from . import statuslist as statuslist
    from . import unesco as unesco
    from . import vcjwt as vcjwt
    from ._credits import *
    from ._di.didkey import did_jwk_document as did_jwk_document
    from ._di.didkey import did_jwk_for as did_jwk_for
    from ._di.didkey import did_web_url as did_web_url
    from ._di.didkey import parse_did_jwk as parse_did_jwk
    from ._di.ecdsa_sd import EcdsaSdCryptosuite as EcdsaSdCryptosuite
    from ._di.ecdsa_sd import derive_proof as derive_proof
    from ._di.ecdsa_sd import ecdsa_sd_2023 as ecdsa_sd_2023
    from ._di.keys import CryptographySigner as CryptographySigner
    from ._di.keys import EcdsaKey as EcdsaKey
    from ._di.keys import EcdsaSigner as EcdsaSigner
    from ._di.keys import der_to_p1363 as der_to_p1363
    from ._di.keys import jwk_thumbprint as jwk_thumbprint
    from ._di.keys import public_key_from_multibase as public_key_from_multibase
    from ._di.resolvers import DidJwkResolver as DidJwkResolver
    from ._di.suites import EcdsaCryptosuite as EcdsaCryptosuite
    from ._errors import *
    from ._model import *
    from .batch import BatchItem as BatchItem
    from .batch import issue_many as issue_many
    from .clr import *
    from .endorsement import *
    from .presentation import *
    from .report import TrustReport as TrustReport
    from .report import inspect_badge as inspect_badge
    from .signing import *
    from .statuslist import *
    from .vcjwt import *
