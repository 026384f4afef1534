"""Frameworks as research data: references, level frameworks and credit systems.

- :class:`Reference` and :class:`SourceStatus`: citations with how far they were checked;
  :data:`REFERENCES` lists every document the built-in profiles cite, and
  :data:`NOT_OBTAINED` the frameworks whose primary texts could not be obtained (no profile is
  encoded for them).
- Level frameworks are registrable data (:class:`~microcred.LevelFrameworkSpec`,
  :func:`~microcred.register_level_framework`); :func:`level_frameworks` lists them.
- :func:`credit_systems` lists the credit systems with their hours per credit and source.

>>> from microcred import frameworks
>>> [fw.value for fw in frameworks.level_frameworks()][:3]
['EQF', 'AQF', 'MQF']
>>> frameworks.credit_systems()["MY_CREDIT"]["hours_per_credit"]
['40', '40']
>>> frameworks.REFERENCES["nzqa_2018"].status.value
'verified_primary'
"""

from __future__ import annotations

from typing import Any

from ._credits import credit_system_specs
from ._frameworks_data import NOT_OBTAINED, REFERENCES
from ._model import (
    LEVEL_RANGES,
    LevelFramework,
    LevelFrameworkSpec,
    register_level_framework,
    unregister_level_framework,
)
from ._sources import Reference, SourceStatus

__all__ = [
    "LEVEL_RANGES",
    "NOT_OBTAINED",
    "REFERENCES",
    "LevelFramework",
    "LevelFrameworkSpec",
    "Reference",
    "SourceStatus",
    "credit_systems",
    "level_frameworks",
    "register_level_framework",
    "unregister_level_framework",
]


def level_frameworks() -> tuple[LevelFramework, ...]:
    """Every registered level framework, in registration order."""
    return tuple(LevelFramework)


def credit_systems() -> dict[str, dict[str, Any]]:
    """Every registered credit system as data: name (en, ja), hours per credit (low, high as
    strings; ``None`` for a system no public source gives hours for, e.g. Thai credits) and
    source, keyed by the system's value.

    >>> credit_systems()["TH_CREDIT"]["hours_per_credit"] is None
    True
    """
    return {spec.key: {"name_en": spec.name_en, "name_ja": spec.name_ja,
                       "hours_per_credit": (None if spec.low is None or spec.high is None
                                            else [str(spec.low), str(spec.high)]),
                       "source": spec.source}
            for spec in credit_system_specs()}
