"""Reading a status entry: the members of a ``BitstringStatusListEntry`` in their §2.1 forms.

Bitstring Status List v1.0 §2.1 gives each member of an entry one form (``statusPurpose`` a
string, ``statusListIndex`` a base-10 integer as a string, ``statusListCredential`` a URL,
``statusSize`` an integer, ``statusMessage`` one object per status value, ``statusReference``
one or more URLs).  Two places need the same reading: the data-model stage, which fails a
credential whose entry the status checker could not read (an RDFC proof signs the graph, and
the same graph can be spelt in a form the checker would not read), and the status checker
itself (:mod:`microcred.statuslist`).  Both use :func:`read_status_entry`, so they cannot
drift apart.  No I/O, no status list fetched here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EntryProblem", "StatusEntry", "parse_messages", "parse_references",
           "read_status_entry", "status_entry_problem"]

_INDEX_RE = re.compile(r"^(0|[1-9][0-9]*)\Z")
_HEX_RE = re.compile(r"^0x[0-9a-fA-F]+\Z")
_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+\Z")


@dataclass(frozen=True)
class EntryProblem:
    """The first member of an entry that is not in its §2.1 form, in English and Japanese;
    ``details`` are the members read before it (``purpose``, ``index``, ...)."""

    message: str
    message_ja: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusEntry:
    """An entry's members as the checker reads them (``details`` as in :class:`EntryProblem`,
    plus ``status_list_credential`` and, when present, ``status_reference``)."""

    details: dict[str, Any]
    index: int
    url: str
    size: int
    messages: dict[int, str]


def parse_references(raw: Any) -> tuple[str, ...] | None:
    """``statusReference`` (§2.1: one or more URLs where the status values are explained)."""
    refs = raw if isinstance(raw, list) else [raw]
    if not refs or not all(isinstance(r, str) and _URL_RE.match(r) for r in refs):
        return None
    return tuple(refs)


def parse_messages(raw: Any, size: int) -> dict[int, str] | None:
    """``statusMessage``: exactly one ``{"status": "0x..", "message": ".."}`` per status value
    of a ``size``-bit status, or None."""
    if not isinstance(raw, list) or len(raw) != 1 << size:
        return None
    out: dict[int, str] = {}
    for item in raw:
        if not isinstance(item, Mapping):
            return None
        status, msg = item.get("status"), item.get("message")
        if not isinstance(status, str) or not _HEX_RE.match(status) or not isinstance(msg, str):
            return None
        out[int(status, 16)] = msg
    return out if sorted(out) == list(range(1 << size)) else None


def read_status_entry(entry: Mapping[str, Any]) -> StatusEntry | EntryProblem:
    """The members of a status entry that the checker reads, in the forms Bitstring Status
    List v1.0 §2.1 gives them, or the problem naming the first member that is not."""
    purpose = entry.get("statusPurpose")
    raw_index = entry.get("statusListIndex")
    url = entry.get("statusListCredential")
    if not isinstance(purpose, str) or not purpose:
        return EntryProblem("statusPurpose is missing or not a string",
                            "statusPurpose がないか文字列ではありません")
    index: int | None = None
    if isinstance(raw_index, str) and _INDEX_RE.match(raw_index):
        index = int(raw_index)
    elif isinstance(raw_index, int) and not isinstance(raw_index, bool) and raw_index >= 0:
        index = raw_index  # seen in the wild (1EdTech validator fixtures); unambiguous
    if index is None:
        return EntryProblem(f"statusListIndex {raw_index!r} is not a base-10 integer >= 0",
                            f"statusListIndex {raw_index!r} が 0 以上の10進整数ではありません",
                            {"purpose": purpose})
    kw: dict[str, Any] = {"purpose": purpose, "index": index}
    if not isinstance(url, str) or not url:
        return EntryProblem("statusListCredential is missing",
                            "statusListCredential がありません", kw)
    kw["status_list_credential"] = url
    size = entry.get("statusSize", 1)
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 16:
        return EntryProblem(f"statusSize {size!r} is not valid",
                            f"statusSize {size!r} が不正です", kw)
    messages: dict[int, str] = {}
    if "statusMessage" in entry or size > 1:
        parsed = parse_messages(entry.get("statusMessage"), size)
        if parsed is None:
            return EntryProblem(f"statusMessage must list exactly {1 << size} status values",
                                f"statusMessage には {1 << size} 個の値が必要です", kw)
        messages = parsed
    if "statusReference" in entry:
        refs = parse_references(entry["statusReference"])
        if refs is None:
            return EntryProblem("statusReference must be a URL or a list of URLs",
                                "statusReference は URL または URL の配列でなければなりません",
                                kw)
        kw["status_reference"] = refs
    return StatusEntry(kw, index, url, size, messages)


def status_entry_problem(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """(English, Japanese) naming the first member of a ``BitstringStatusListEntry`` (or
    ``StatusList2021Entry``) that is not in the form §2.1 gives it, or None.

    The data-model stage applies this to every credential, so that a status entry the
    checker cannot read is a failure whatever ``require_status`` says: an RDFC proof signs
    the graph, and the same graph can be written with a member the checker would not read
    (``{"@value": "7"}``, ``{"id": url}``, ``"2"`` for an integer, a repeated value), which
    would turn a revoked credential into one whose status "could not be checked"."""
    read = read_status_entry(entry)
    return (read.message, read.message_ja) if isinstance(read, EntryProblem) else None
