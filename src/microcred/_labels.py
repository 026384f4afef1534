"""Bilingual (English / Japanese) labels for enums: one registry and one mixin for all areas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_REGISTRY: dict[Any, tuple[str, str]] = {}


def register_labels(labels: Mapping[Any, tuple[str, str]]) -> None:
    """Record ``member -> (English label, Japanese label)`` for enum members."""
    _REGISTRY.update(labels)


class BilingualLabels:
    """Mixin for enums whose members carry registered English and Japanese labels."""

    @property
    def label_en(self) -> str:
        """English label."""
        return _REGISTRY[self][0]

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return _REGISTRY[self][1]

    def label(self, lang: str = "en") -> str:
        """Label in ``lang`` (``"ja"`` for Japanese, anything else for English)."""
        return self.label_ja if lang.lower().startswith("ja") else self.label_en
