"""Bilingual (English / Japanese) labels for enums: one registry and one mixin for all areas.

The registry is keyed by ``(enum class, value)``, not by the member: members of two string
enums with the same value (``AssessmentKind.OTHER`` and ``RecognitionKind.OTHER`` are both
``"other"``) are equal and hash alike, so a registry keyed by members gave every ``"other"``
the label registered last ("Other recognition" for an assessment kind).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_REGISTRY: dict[tuple[type, Any], tuple[str, str]] = {}


def _key(member: Any) -> tuple[type, Any]:
    return type(member), getattr(member, "value", member)


def register_labels(labels: Mapping[Any, tuple[str, str]]) -> None:
    """Record ``member -> (English label, Japanese label)`` for the members of ONE enum class.

    One class per call, because a dict literal mixing classes silently loses entries: Python
    keeps one key for equal members (the first) with the last value.
    """
    classes = {type(member) for member in labels}
    if len(classes) > 1:
        raise TypeError("register_labels() takes the members of one enum class per call, not "
                        f"{sorted(c.__name__ for c in classes)}")
    for member, pair in labels.items():
        _REGISTRY[_key(member)] = pair


class BilingualLabels:
    """Mixin for enums whose members carry registered English and Japanese labels."""

    @property
    def label_en(self) -> str:
        """English label."""
        return _REGISTRY[_key(self)][0]

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return _REGISTRY[_key(self)][1]

    def label(self, lang: str = "en") -> str:
        """Label in ``lang`` (``"ja"`` for Japanese, anything else for English)."""
        return self.label_ja if lang.lower().startswith("ja") else self.label_en
