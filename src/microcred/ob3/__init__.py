"""Open Badges 3.0 models and the micro-credential ↔ OB 3.0 mapping."""

from __future__ import annotations

from ._base import DateTimeZ, OBModel, format_datetime, parse_datetime
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

__all__ = [
    "AchievementType",
    "AlignmentTargetType",
    "DateTimeZ",
    "IdentifierTypeEnum",
    "LEVEL_ALIGNMENT_TYPE",
    "MICROCRED_CONTEXT",
    "MICROCRED_TERMS",
    "MICROCRED_VOCAB",
    "OBModel",
    "ResultStatusType",
    "ResultType",
    "format_datetime",
    "from_micro_credential",
    "parse_datetime",
    "to_micro_credential",
    *_models_all,
]
