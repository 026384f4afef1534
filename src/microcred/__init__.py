"""microcred: describe, issue, verify and stack micro-credentials.

>>> import microcred as mc
>>> issubclass(mc.InvalidDataError, mc.MicrocredError)
True

The flat namespace re-exports the public API of the private modules behind it; the
sub-modules :mod:`microcred.profiles`, :mod:`microcred.unesco`, :mod:`microcred.ob3`,
:mod:`microcred.jsonld`, :mod:`microcred.stack`, :mod:`microcred.baking` and
:mod:`microcred.ob2` (Open Badges 2.0) are public too.
"""

from __future__ import annotations

from . import (
    _credits,
    _errors,
    _model,
    clr,
    endorsement,
    signing,
    statuslist,
    vcjwt,
)
from . import baking as baking
from . import batch as batch
from . import jsonld as jsonld
from . import ob2 as ob2
from . import ob3 as ob3
from . import presentation as _presentation
from . import profiles as profiles
from . import stack as stack
from . import unesco as unesco
from ._credits import *
from ._di.didkey import did_jwk_document, did_jwk_for, did_web_url, parse_did_jwk
from ._di.ecdsa_sd import EcdsaSdCryptosuite, derive_proof, ecdsa_sd_2023
from ._di.keys import (
    CryptographySigner,
    EcdsaKey,
    EcdsaSigner,
    der_to_p1363,
    jwk_thumbprint,
    public_key_from_multibase,
)
from ._di.resolvers import DidJwkResolver
from ._di.suites import EcdsaCryptosuite
from ._errors import *
from ._model import *
from .batch import BatchItem, issue_many
from .clr import *
from .endorsement import *
from .presentation import *
from .signing import *
from .statuslist import *
from .vcjwt import *

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "baking",
    "batch",
    "BatchItem",
    "issue_many",
    "jsonld",
    "ob2",
    "ob3",
    "profiles",
    "stack",
    "unesco",
    *_errors.__all__,
    # keys and identifiers beyond Ed25519 (issue 14)
    "CryptographySigner",
    "DidJwkResolver",
    "EcdsaCryptosuite",
    "EcdsaKey",
    "EcdsaSdCryptosuite",
    "EcdsaSigner",
    "der_to_p1363",
    "derive_proof",
    "did_jwk_document",
    "did_jwk_for",
    "did_web_url",
    "ecdsa_sd_2023",
    "jwk_thumbprint",
    "parse_did_jwk",
    "public_key_from_multibase",
    *_credits.__all__,
    *_model.__all__,
    *signing.__all__,
    *_presentation.__all__,
    *vcjwt.__all__,
    *statuslist.__all__,
    *endorsement.__all__,
    *clr.__all__,
]
