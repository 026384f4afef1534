"""Open Badges 3.0 models and the micro-credential ↔ OB 3.0 mapping."""

from __future__ import annotations

from ._base import DateTimeZ, OBModel, format_datetime, parse_datetime
from ._clr import CLR_ASSOCIATION_TYPES, Association, ClrCredential, ClrSubject
from ._enums import (
    AchievementType,
    AlignmentTargetType,
    IdentifierTypeEnum,
    ResultStatusType,
    ResultType,
)
from ._mapping import (
    LEVEL_ALIGNMENT_TYPE,
    MICROCRED_CONTEXT,
    MICROCRED_TERMS,
    MICROCRED_VOCAB,
    from_micro_credential,
    to_micro_credential,
)
from ._models import *  # noqa: F403
from ._models import __all__ as _models_all
from ._read import Finding, ReadResult, read_clr_credential, read_credential

__all__ = [
    "AchievementType",
    "AlignmentTargetType",
    "Association",
    "CLR_ASSOCIATION_TYPES",
    "ClrCredential",
    "ClrSubject",
    "DateTimeZ",
    "Finding",
    "IdentifierTypeEnum",
    "LEVEL_ALIGNMENT_TYPE",
    "MICROCRED_CONTEXT",
    "MICROCRED_TERMS",
    "MICROCRED_VOCAB",
    "OBModel",
    "ReadResult",
    "ResultStatusType",
    "ResultType",
    "format_datetime",
    "from_micro_credential",
    "parse_datetime",
    "read_clr_credential",
    "read_credential",
    "to_micro_credential",
    *_models_all,
]
