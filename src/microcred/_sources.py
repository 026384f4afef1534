"""Citations as data: a public reference with how far it was checked.

Every cell of a built-in profile, every level framework and every rule carries a
:class:`Reference`: document title, issuing body, date, section or page, URL, and a
:class:`SourceStatus` saying whether the wording was read in the primary text, taken from a
secondary source that quotes it, or is not yet verified.

>>> from microcred.frameworks import Reference, SourceStatus
>>> r = Reference("Example framework", "Example body", "2024-04", "§2", "https://example.org/",
...               SourceStatus.SECONDARY, via="https://example.net/quote")
>>> print(r)
Example body, Example framework (2024-04), §2, https://example.org/ [secondary; via https://example.net/quote]
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

__all__ = ["Reference", "SourceStatus"]


class SourceStatus(str, enum.Enum):
    """How far a cited fact was checked."""

    VERIFIED_PRIMARY = "verified_primary"  # read in the primary text itself
    SECONDARY = "secondary"  # quoted by a third party that cites the primary text
    UNVERIFIED = "unverified"  # not confirmed; a hypothesis until checked

    @property
    def label_en(self) -> str:
        """English label."""
        return {"verified_primary": "verified against the primary text",
                "secondary": "secondary source",
                "unverified": "unverified"}[self.value]

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return {"verified_primary": "一次資料で確認済み", "secondary": "二次資料による",
                "unverified": "未確認"}[self.value]

    def label(self, lang: str = "en") -> str:
        """Label in ``lang``."""
        return self.label_ja if lang.lower().startswith("ja") else self.label_en


@dataclass(frozen=True)
class Reference:
    """A public reference: ``title`` by ``body`` (``date``), ``section``, ``url``; ``status``
    says how it was checked and ``via`` names the secondary source when there is one.

    ``url`` is empty only when no public address is known (the data then says so in
    ``note``)."""

    title: str
    body: str
    date: str
    section: str = ""
    url: str = ""
    status: SourceStatus = SourceStatus.UNVERIFIED
    via: str = ""
    note: str = ""

    def at(self, section: str, status: SourceStatus | None = None, via: str | None = None,
           note: str | None = None) -> Reference:
        """The same document, another section (and optionally another status)."""
        return Reference(self.title, self.body, self.date, section, self.url,
                         self.status if status is None else status,
                         self.via if via is None else via, self.note if note is None else note)

    def __str__(self) -> str:
        parts = [f"{self.body}, {self.title} ({self.date})"]
        if self.section:
            parts.append(self.section)
        if self.url:
            parts.append(self.url)
        tail = self.status.value.replace("_", " ")
        if self.via:
            tail += f"; via {self.via}"
        if self.note:
            tail += f"; {self.note}"
        return ", ".join(parts) + f" [{tail}]"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return {"title": self.title, "body": self.body, "date": self.date,
                "section": self.section, "url": self.url, "status": self.status.value,
                "via": self.via, "note": self.note}
