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
from ._models import *  # noqa: F403
from ._models import __all__ as _models_all

__all__ = [
    "AchievementType",
    "AlignmentTargetType",
    "DateTimeZ",
    "IdentifierTypeEnum",
    "OBModel",
    "ResultStatusType",
    "ResultType",
    "format_datetime",
    "parse_datetime",
    *_models_all,
]
