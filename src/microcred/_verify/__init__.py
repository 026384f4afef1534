"""The verification pipeline (see :mod:`.pipeline` for the stages and their order).

Each stage is a module: :mod:`.input`, :mod:`.contexts`, :mod:`.safemode`, :mod:`.proofs`,
:mod:`.proofset` (proof-set policy and issuer binding), :mod:`.validity`, :mod:`.status`,
:mod:`.endorsements`; the data-model rules live in :mod:`microcred._di.datamodel`. Format
adapters (VC-JWT) register themselves; this package imports none.
"""

from __future__ import annotations

from .options import (
    DEFAULT_CLOCK_SKEW,
    DEFAULT_ENDORSEMENT_DEPTH,
    DEFAULT_MAX_BYTES,
    Budget,
    EndorsementHook,
    Options,
    StatusChecker,
    make_options,
)
from .pipeline import (
    FormatAdapter,
    document_checks,
    register_format,
    verify,
    verify_embedded,
    verify_many,
)

__all__ = [
    "DEFAULT_CLOCK_SKEW",
    "DEFAULT_ENDORSEMENT_DEPTH",
    "DEFAULT_MAX_BYTES",
    "Budget",
    "EndorsementHook",
    "FormatAdapter",
    "Options",
    "StatusChecker",
    "document_checks",
    "make_options",
    "register_format",
    "verify",
    "verify_embedded",
    "verify_many",
]
