"""W3C Bitstring Status List v1.0: create, encode, decode and check credential status.

>>> import microcred as mc
>>> lst = mc.BitstringStatusList()            # 131,072 entries, all 0
>>> lst.set(94567)
>>> mc.BitstringStatusList.decode(lst.encode()).get(94567)
1

A status list is a bitstring, GZIP-compressed and multibase-encoded (``u`` + base64url without
padding) into the ``encodedList`` of a ``BitstringStatusListCredential``; a credential points at
one entry with a ``BitstringStatusListEntry`` in its ``credentialStatus`` (Bitstring Status List
v1.0, w3c/vc-bitstring-status-list@74fcae11, §2.1 and §2.2).  Index 0 is the left-most bit, i.e.
the most significant bit of the first byte (§3.1 "Bitstring Encoding").

Checking status never fetches anything: the caller supplies the status-list credentials (already
retrieved and, through ``verify_list`` or ``assume_verified=True``, verified) to a
:class:`BitstringStatusChecker`, which :func:`microcred.verify` calls as its ``status_checker``.
The outcome is one of three kinds (valid, revoked/suspended, could not check) and the default is
fail-closed: anything the checker cannot establish is "could not check", never "valid".

Real lists are often re-hosted (their ``id`` is not the URL the credential names), signed by
another party than the credential's issuer, or shorter than the minimum (100,000-entry lists
from the StatusList2021 era).  :class:`BitstringStatusChecker` refuses these by default and
accepts each only under an explicit policy (``list_id_mismatch``, ``issuer_mismatch``,
``short_lists`` = ``"warn"``); every relaxation that is used is reported on the entry
(:class:`StatusRelaxation`), never silently.  See docs/status-lists.md.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import re
import secrets
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Literal

from ._di.result import Check, Outcome
from ._di.statusentry import (
    EntryProblem,
    parse_references,
    read_status_entry,
)
from ._errors import StatusListError
from .vcjwt import parse_datetime

__all__ = [
    "MIN_STATUS_LIST_ENTRIES",
    "BitstringStatusChecker",
    "BitstringStatusList",
    "StatusCheck",
    "StatusIndexAllocator",
    "StatusOutcome",
    "StatusPolicy",
    "StatusPurpose",
    "StatusRelaxation",
    "StatusReport",
    "check_status",
    "decode_status_list",
    "encode_status_list",
    "status_list_credential",
    "status_list_entry",
]

#: Minimum number of entries of a status list (spec §3.2 step "minimumNumberOfEntries", 131,072
#: = 16 KiB of bits; w3c/vc-bitstring-status-list@74fcae11 §2.2 "at least 16KB in size").
MIN_STATUS_LIST_ENTRIES = 131_072

#: Default bound on the *decompressed* size of a status list: 16 MiB, i.e. 134 million entries.
DEFAULT_MAX_DECODED_BYTES = 16 * 1024 * 1024

_VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
_ERR_BASE = "https://www.w3.org/ns/credentials/status#"


class StatusPurpose(str, Enum):
    """The reserved ``statusPurpose`` values of Bitstring Status List v1.0 (§2.1)."""

    REFRESH = "refresh"
    REVOCATION = "revocation"
    SUSPENSION = "suspension"
    MESSAGE = "message"


class StatusOutcome(str, Enum):
    """The three kinds of answer a status check gives (and which of revoked/suspended)."""

    VALID = "valid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    COULD_NOT_CHECK = "could-not-check"


# --------------------------------------------------------------------------------------------
# Encoding


def encode_status_list(bitstring: bytes) -> str:
    """Encode raw bitstring bytes as ``encodedList``: ``u`` + base64url-no-pad(GZIP(bytes)).

    The GZIP header carries no modification time, so the output is deterministic.
    """
    compressed = gzip.compress(bytes(bitstring), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_status_list(encoded: str, *, max_bytes: int = DEFAULT_MAX_DECODED_BYTES,
                       legacy: bool = False) -> bytes:
    """Decode an ``encodedList`` value to the raw bitstring bytes.

    Decompression is bounded: more than ``max_bytes`` of output (a GZIP bomb) raises
    :class:`~microcred.StatusListError` without allocating the rest.  The input must be a
    multibase base64url string (prefix ``u``) holding exactly one complete GZIP member
    (RFC 1952) with a correct CRC; anything else raises :class:`~microcred.StatusListError`.
    With ``legacy=True`` (StatusList2021, which predates the multibase prefix) the prefix may be
    absent and the standard base64 alphabet and padding are accepted too.
    """
    if not isinstance(encoded, str):
        raise StatusListError(f"encodedList must be a string, not {type(encoded).__name__}")
    if legacy and not encoded.startswith("u"):
        encoded = "u" + encoded.replace("+", "-").replace("/", "_").rstrip("=")
    if not encoded.startswith("u"):
        raise StatusListError(
            "encodedList must be multibase base64url (prefix 'u'); got prefix "
            f"{encoded[:1]!r}")
    body = encoded[1:]
    if len(body) > 4 * max_bytes:  # compressed data larger than any acceptable output
        raise StatusListError("encodedList is longer than the decoding bound allows")
    if not re.fullmatch(r"[A-Za-z0-9_-]*", body):
        raise StatusListError("encodedList contains characters outside base64url")
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise StatusListError(f"encodedList is not valid base64url: {exc}") from exc
    if compressed[:2] != b"\x1f\x8b":
        raise StatusListError("encodedList is not GZIP data (missing magic bytes 1f 8b)")
    dec = zlib.decompressobj(wbits=31)  # 16 + 15: GZIP wrapper, checks CRC32 and ISIZE
    try:
        out = dec.decompress(compressed, max_bytes + 1)
    except zlib.error as exc:
        raise StatusListError(f"encodedList GZIP data is corrupt: {exc}") from exc
    if len(out) > max_bytes or dec.unconsumed_tail:
        raise StatusListError(
            f"decoded status list exceeds the bound of {max_bytes} bytes (GZIP bomb?)")
    if not dec.eof:
        raise StatusListError("encodedList GZIP data is truncated")
    if dec.unused_data:
        raise StatusListError("encodedList has data after the GZIP member")
    return out


# --------------------------------------------------------------------------------------------
# The list


class BitstringStatusList:
    """A mutable bitstring status list of ``length`` entries of ``status_size`` bits each.

    ``length`` defaults to (and must be at least) :data:`MIN_STATUS_LIST_ENTRIES`; it is
    rounded up so that the bitstring fills whole bytes.  Entry ``i`` occupies bits
    ``i*status_size .. (i+1)*status_size-1``, most significant bit first.
    """

    __slots__ = ("_bits", "_length", "_status_size")

    def __init__(self, length: int = MIN_STATUS_LIST_ENTRIES, *, status_size: int = 1,
                 min_entries: int = MIN_STATUS_LIST_ENTRIES) -> None:
        _check_size(status_size)
        if isinstance(length, bool) or not isinstance(length, int) or length < min_entries:
            raise StatusListError(
                f"a status list needs at least {min_entries} entries, got {length!r}")
        nbytes = -(-length * status_size // 8)
        self._bits = bytearray(nbytes)
        self._status_size = status_size
        self._length = nbytes * 8 // status_size

    @classmethod
    def from_bytes(cls, data: bytes, *, status_size: int = 1,
                   min_entries: int = MIN_STATUS_LIST_ENTRIES) -> BitstringStatusList:
        """Wrap raw bitstring bytes (a copy is taken); refuses lists below ``min_entries``."""
        _check_size(status_size)
        length = len(data) * 8 // status_size
        if length < min_entries:
            raise StatusListError(
                f"status list has {length} entries of {status_size} bit(s); at least "
                f"{min_entries} are required (STATUS_LIST_LENGTH_ERROR)")
        obj = cls.__new__(cls)
        obj._bits = bytearray(data)
        obj._status_size = status_size
        obj._length = length
        return obj

    @classmethod
    def decode(cls, encoded: str, *, status_size: int = 1,
               min_entries: int = MIN_STATUS_LIST_ENTRIES,
               max_bytes: int = DEFAULT_MAX_DECODED_BYTES,
               legacy: bool = False) -> BitstringStatusList:
        """Decode an ``encodedList`` (bounded, see :func:`decode_status_list`)."""
        return cls.from_bytes(decode_status_list(encoded, max_bytes=max_bytes, legacy=legacy),
                              status_size=status_size, min_entries=min_entries)

    def __len__(self) -> int:
        return self._length

    @property
    def status_size(self) -> int:
        """Bits per entry (``statusSize``, default 1)."""
        return self._status_size

    def to_bytes(self) -> bytes:
        """The raw (uncompressed) bitstring."""
        return bytes(self._bits)

    def encode(self) -> str:
        """The ``encodedList`` value for a status-list credential."""
        return encode_status_list(bytes(self._bits))

    def _index(self, index: int) -> int:
        if isinstance(index, bool) or not isinstance(index, int):
            raise StatusListError(f"status list index must be an int, got {index!r}")
        if not 0 <= index < self._length:
            raise StatusListError(
                f"status list index {index} out of range 0..{self._length - 1} (RANGE_ERROR)")
        return index * self._status_size

    def get(self, index: int) -> int:
        """The status value of entry ``index`` (0 .. 2**status_size - 1)."""
        start = self._index(index)
        value = 0
        for bit in range(start, start + self._status_size):
            value = (value << 1) | ((self._bits[bit >> 3] >> (7 - (bit & 7))) & 1)
        return value

    def set(self, index: int, value: int = 1) -> None:
        """Set entry ``index`` to ``value`` (1 = revoked/suspended for one-bit lists)."""
        start = self._index(index)
        size = self._status_size
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < (1 << size):
            raise StatusListError(f"status value {value!r} does not fit in {size} bit(s)")
        for k in range(size):
            bit = start + k
            mask = 1 << (7 - (bit & 7))
            if (value >> (size - 1 - k)) & 1:
                self._bits[bit >> 3] |= mask
            else:
                self._bits[bit >> 3] &= ~mask & 0xFF

    def clear(self, index: int) -> None:
        """Reset entry ``index`` to 0 (valid)."""
        self.set(index, 0)

    def nonzero(self) -> list[int]:
        """Indexes of every entry whose status is not 0, in ascending order."""
        found: list[int] = []
        size = self._status_size
        for byte_no, byte in enumerate(self._bits):
            if not byte:
                continue
            first = (byte_no * 8) // size
            last = min((byte_no * 8 + 7) // size, self._length - 1)
            for idx in range(first, last + 1):
                if (not found or found[-1] != idx) and self.get(idx):
                    found.append(idx)
        return found

    def __repr__(self) -> str:
        return (f"BitstringStatusList(length={self._length}, status_size={self._status_size}, "
                f"nonzero={len(self.nonzero())})")


def _check_size(status_size: int) -> None:
    if isinstance(status_size, bool) or not isinstance(status_size, int) or status_size < 1:
        raise StatusListError(f"statusSize must be an integer > 0, got {status_size!r}")
    if status_size > 16:
        raise StatusListError(f"statusSize {status_size} is unreasonably large (max 16)")


class StatusIndexAllocator:
    """Hands out unused status-list indexes at random (spec §2.1: ``statusListIndex`` SHOULD be
    assigned randomly, so that neighbouring indexes reveal nothing about each other).

    ``used`` are indexes already given out (e.g. loaded from the issuer's database); the
    allocator never returns one twice and raises :class:`~microcred.StatusListError` when the
    list is full.  ``rng`` defaults to :mod:`secrets` (pass ``random.Random(seed)`` in tests).
    """

    def __init__(self, length: int = MIN_STATUS_LIST_ENTRIES, used: Iterable[int] = (), *,
                 rng: Any = None) -> None:
        if isinstance(length, bool) or not isinstance(length, int) or length < 1:
            raise StatusListError(f"length must be a positive integer, got {length!r}")
        self._length = length
        self._used: set[int] = set()
        for index in used:
            if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < length:
                raise StatusListError(f"used index {index!r} is outside 0..{length - 1}")
            self._used.add(index)
        self._rng = rng

    @property
    def used(self) -> frozenset[int]:
        """Every index handed out so far (including the initial ``used``)."""
        return frozenset(self._used)

    def _below(self, n: int) -> int:
        if self._rng is None:
            return secrets.randbelow(n)
        return int(self._rng.randrange(n))

    def allocate(self) -> int:
        """A random index not handed out before."""
        free = self._length - len(self._used)
        if free <= 0:
            raise StatusListError(f"all {self._length} status-list indexes are in use")
        if free * 4 >= self._length:  # at least a quarter free: rejection sampling is cheap
            while True:
                index = self._below(self._length)
                if index not in self._used:
                    break
        else:  # nearly full: pick uniformly among the free indexes
            candidates = [i for i in range(self._length) if i not in self._used]
            index = candidates[self._below(len(candidates))]
        self._used.add(index)
        return index


# --------------------------------------------------------------------------------------------
# Builders


def status_list_credential(
    status_list: BitstringStatusList,
    *,
    id: str,
    issuer: str | Mapping[str, Any],
    valid_from: str,
    purpose: str | Sequence[str] = "revocation",
    valid_until: str | None = None,
    ttl: int | None = None,
    subject_id: str | None = None,
) -> dict[str, Any]:
    """Build an unsigned ``BitstringStatusListCredential`` (spec §2.2) for ``status_list``.

    Sign the result like any credential (``microcred.sign``); serve it at ``id``.
    ``subject_id`` defaults to ``id + "#list"`` as in the spec's example.
    """
    purposes = [purpose] if isinstance(purpose, str) else list(purpose)
    if not purposes or not all(isinstance(p, str) and p for p in purposes):
        raise StatusListError("statusPurpose must be one or more non-empty strings")
    subject: dict[str, Any] = {
        "id": subject_id or f"{id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purposes[0] if len(purposes) == 1 else purposes,
        "encodedList": status_list.encode(),
    }
    if ttl is not None:
        if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl < 0:
            raise StatusListError(f"ttl must be a non-negative integer (ms), got {ttl!r}")
        subject["ttl"] = ttl
    cred: dict[str, Any] = {
        "@context": [_VC_V2_CONTEXT],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer if isinstance(issuer, str) else dict(issuer),
        "validFrom": valid_from,
    }
    if valid_until is not None:
        cred["validUntil"] = valid_until
    cred["credentialSubject"] = subject
    return cred


def status_list_entry(
    *,
    status_list_credential: str,
    index: int,
    purpose: str = "revocation",
    id: str | None = None,
    status_size: int = 1,
    status_messages: Mapping[int, str] | None = None,
    status_reference: str | Sequence[str] | None = None,
) -> dict[str, Any]:
    """Build a ``BitstringStatusListEntry`` for a credential's ``credentialStatus`` (§2.1).

    ``id`` defaults to ``<list URL>#<index>`` as in the spec's example.  With
    ``status_size > 1``, ``status_messages`` must give a message for each of the
    ``2**status_size`` values.
    """
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise StatusListError(f"statusListIndex must be an integer >= 0, got {index!r}")
    _check_size(status_size)
    entry: dict[str, Any] = {
        "id": id or f"{status_list_credential}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": status_list_credential,
    }
    if status_size != 1 or status_messages is not None:
        entry["statusSize"] = status_size
        if status_messages is None or sorted(status_messages) != list(range(1 << status_size)):
            raise StatusListError(
                f"statusSize {status_size} needs statusMessage entries for exactly the values "
                f"0..{(1 << status_size) - 1}")
        entry["statusMessage"] = [
            {"status": hex(v), "message": status_messages[v]} for v in sorted(status_messages)]
    if status_reference is not None:
        if parse_references(status_reference) is None:
            raise StatusListError("statusReference must be a URL or a list of URLs")
        entry["statusReference"] = (status_reference if isinstance(status_reference, str)
                                    else list(status_reference))
    return entry


# --------------------------------------------------------------------------------------------
# Checking


@dataclass(frozen=True)
class StatusCheck:
    """The outcome of checking one ``credentialStatus`` entry.

    ``code`` is machine-readable (for failures the spec's error name, e.g.
    ``STATUS_RETRIEVAL_ERROR``); ``message``/``message_ja`` are English and Japanese text.
    ``status`` is the raw value read from the list (``None`` when it could not be read) and
    ``status_message`` the ``statusMessage`` text for it, if the entry defines one.
    ``relaxations`` names every check that a policy of the checker relaxed for this entry
    (empty under the default, strict policies); their text is appended to ``message``.
    """

    outcome: StatusOutcome
    code: str
    message: str
    message_ja: str
    purpose: str | None = None
    index: int | None = None
    status_list_credential: str | None = None
    status: int | None = None
    status_message: str | None = None
    status_reference: tuple[str, ...] = ()
    relaxations: tuple[StatusRelaxation, ...] = ()

    @property
    def problem_type(self) -> str | None:
        """The problem-details ``type`` URL of a check that could not be done: the Bitstring
        Status List §3.5 error (``…/status-list#STATUS_RETRIEVAL_ERROR``,
        ``STATUS_VERIFICATION_ERROR``, ``STATUS_LIST_LENGTH_ERROR``) or the VC 2.0 §7.2 one
        (``MALFORMED_VALUE_ERROR`` for a malformed or unsupported entry, ``RANGE_ERROR``);
        None for a status that was read (valid, revoked, suspended)."""
        if self.outcome is not StatusOutcome.COULD_NOT_CHECK:
            return None
        if self.code in _STATUS_LIST_ERRORS:
            return _STATUS_LIST_ERROR_BASE + self.code
        if self.code == "RANGE_ERROR":
            return _VC_ERROR_BASE + "RANGE_ERROR"
        return _VC_ERROR_BASE + "MALFORMED_VALUE_ERROR"


#: Bitstring Status List v1.0 §3.5 errors, and the base of their ``type`` URLs.
_STATUS_LIST_ERRORS = frozenset({"STATUS_RETRIEVAL_ERROR", "STATUS_VERIFICATION_ERROR",
                                 "STATUS_LIST_LENGTH_ERROR"})
_STATUS_LIST_ERROR_BASE = "https://www.w3.org/ns/credentials/status-list#"
_VC_ERROR_BASE = "https://www.w3.org/TR/vc-data-model#"


@dataclass(frozen=True)
class StatusReport:
    """All ``credentialStatus`` entries of one credential, and the combined outcome.

    Combination: any revoked → REVOKED; else any suspended → SUSPENDED; else any entry that
    could not be checked → COULD_NOT_CHECK (fail-closed); else VALID.  A credential without
    ``credentialStatus`` is VALID with no entries.
    """

    outcome: StatusOutcome
    entries: tuple[StatusCheck, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        """True only when the combined outcome is VALID."""
        return self.outcome is StatusOutcome.VALID

    @property
    def code(self) -> str:
        """A machine-readable code for the combined outcome."""
        for entry in self.entries:
            if entry.outcome is self.outcome:
                return entry.code
        return "status-valid" if self.valid else self.outcome.value

    @property
    def message(self) -> str:
        """English summary."""
        return "; ".join(e.message for e in self.entries) or "no credentialStatus"

    @property
    def message_ja(self) -> str:
        """Japanese summary."""
        return "。".join(e.message_ja for e in self.entries) or "credentialStatus なし"

    @property
    def relaxations(self) -> tuple[StatusRelaxation, ...]:
        """Every relaxation used by any entry, in entry order (empty when none was needed)."""
        return tuple(r for e in self.entries for r in e.relaxations)

    @property
    def details(self) -> dict[str, Any]:
        """Machine-readable details: ``{"relaxations": [...]}`` when a policy relaxed a check
        (each item as :meth:`StatusRelaxation.as_dict`), else empty."""
        relaxed = self.relaxations
        return {"relaxations": [r.as_dict() for r in relaxed]} if relaxed else {}

    def as_check(self, id: str = "status") -> Check:
        """This report as a :class:`microcred.Check` (valid → passed, revoked/suspended →
        failed, could not check → could-not-check) whose ``details`` name the relaxations."""
        outcome = {StatusOutcome.VALID: Outcome.PASSED, StatusOutcome.REVOKED: Outcome.FAILED,
                   StatusOutcome.SUSPENDED: Outcome.FAILED,
                   StatusOutcome.COULD_NOT_CHECK: Outcome.COULD_NOT_CHECK}[self.outcome]
        return Check(id, outcome, self.code, self.message, self.message_ja, True,
                     self.details or None)


#: A policy for one relaxable check of :class:`BitstringStatusChecker`: ``"refuse"`` (the entry
#: is "could not check") or ``"warn"`` (accepted, and reported as a :class:`StatusRelaxation`).
StatusPolicy = Literal["refuse", "warn"]
_POLICIES = ("refuse", "warn")


@dataclass(frozen=True)
class StatusRelaxation:
    """One check that a ``"warn"`` policy relaxed while checking one status entry.

    ``policy`` is the keyword that allowed it (``"list_id_mismatch"``, ``"issuer_mismatch"``,
    ``"short_lists"``, or ``"legacy_2021"`` for a StatusList2021 entry); ``code`` is
    ``status-relaxed-<policy>``; ``details`` carries the values compared (URLs, issuers,
    lengths).  A relaxation never changes the bit read: it only lets a list be used.
    """

    policy: str
    message: str
    message_ja: str
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """``status-relaxed-list-id-mismatch`` etc."""
        return "status-relaxed-" + self.policy.replace("_", "-")

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (``policy``, ``code``, ``message``, ``message_ja``, details)."""
        return {"policy": self.policy, "code": self.code, "message": self.message,
                "message_ja": self.message_ja, **dict(self.details)}


_LABELS_JA = {
    "revocation": "失効", "suspension": "一時停止", "message": "メッセージ", "refresh": "更新",
}


def _fail(code: str, en: str, ja: str, **kw: Any) -> StatusCheck:
    return StatusCheck(StatusOutcome.COULD_NOT_CHECK, code, en, ja, **kw)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _types(obj: Mapping[str, Any]) -> list[Any]:
    return _as_list(obj.get("type"))


def _issuer_id(cred: Mapping[str, Any]) -> Any:
    issuer = cred.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


ListVerifier = Callable[[Mapping[str, Any]], Any]


@dataclass(frozen=True)
class _Family:
    entry: str
    credential: str
    subject: str
    legacy: bool


_FAMILIES = (
    _Family("BitstringStatusListEntry", "BitstringStatusListCredential", "BitstringStatusList",
            False),
    # W3C CCG StatusList2021, the predecessor: same bits, no multibase prefix; still found in
    # OB 3.0 badges issued in 2025 (research notes ob3-vc.md §h).
    _Family("StatusList2021Entry", "StatusList2021Credential", "StatusList2021", True),
)


class BitstringStatusChecker:
    """Checks ``credentialStatus`` against status-list credentials that the caller supplies.

    ``lists`` is either a mapping ``{url: list_credential}``, where ``url`` is the URL the
    caller fetched the list from (the ``statusListCredential`` URL that credentials name), or
    an iterable of list credentials, each keyed by its own ``id``.  Their proofs must be
    checked: pass ``verify_list`` (any callable returning something truthy, or an object with a
    truthy ``verified`` attribute such as a :class:`microcred.VerificationResult`, for a list
    whose proofs verify; e.g. ``lambda c: mc.verify(c, resolver=r)``), or
    ``assume_verified=True`` when the caller has already done so.  Without either the checker
    refuses to be built: an unverified list proves nothing.

    Policies (each ``"refuse"`` or ``"warn"``; a ``"warn"`` that is used is reported on the
    entry as a :class:`StatusRelaxation` and in its message, never silently; the bit read is
    the same under every policy).  Citations are to Bitstring Status List v1.0,
    W3C Recommendation 2025-05-15 (w3c/vc-bitstring-status-list@74fcae11):

    ``list_id_mismatch`` (default ``"warn"``)
        The list's ``id`` differs from the URL it was supplied for (lists that were
        re-hosted).  §2.2 only says the list credential "MAY express an ``id`` property that
        matches the value specified in ``statusListCredential``", and the §3.2 Validate
        Algorithm dereferences the URL without comparing ``id``: there is no MUST, so the list
        is accepted and the mismatch reported.  Pass ``"refuse"`` to require equality (a
        defence against a list of the same issuer being handed in for another URL).
    ``issuer_mismatch`` (default ``"refuse"``)
        The list's issuer differs from the credential's.  §2.2 allows it ("the issuer value of
        a verifiable credential containing a BitstringStatusListEntry MAY be different from the
        issuer value of a BitstringStatusListCredential"), but the §3.2 note "Issuer
        validation is use case dependent" makes trusting the list's issuer the verifier's
        decision, and the checker has nothing to base that trust on: any party can sign a list
        that says "not revoked".  So it refuses unless the caller trusts that issuer, with
        ``"warn"`` (any list issuer) or ``trusted_list_issuers`` (these issuers only).
        ``require_same_issuer=False`` (older spelling) means ``issuer_mismatch="warn"``.
    ``short_lists`` (default ``"refuse"``)
        The list has fewer than ``min_entries`` entries.  §2.2: "The uncompressed bitstring
        MUST be at least 16KB in size"; §3.2 steps 2 and 9: fewer than
        ``minimumNumberOfEntries`` (131,072 "unless a different lower bound is established by
        a specific ecosystem specification") raises ``STATUS_LIST_LENGTH_ERROR``.  ``"warn"``
        reads such lists anyway (the 100,000-entry lists of the StatusList2021 era).  Lowering
        ``min_entries`` is the spec's own ecosystem bound and is not reported.

    The W3C CCG ``StatusList2021Entry`` / ``StatusList2021Credential`` / ``StatusList2021``
    types are accepted unless ``legacy_2021=False``: they are the same data model and
    algorithm under the names of the document's first Working Draft ("Verifiable Credential
    Status List v2021", FPWD 2023-04-27, renamed Bitstring Status List), with an
    ``encodedList`` lacking the multibase prefix.  Using them is reported as a relaxation
    (``legacy_2021``) because §2.1 says ``type`` "MUST be BitstringStatusListEntry".  An entry
    of one family is never answered from a list of the other.

    Instances are callables: ``checker(credential, now=...) -> StatusReport``, which is what
    :func:`microcred.verify` expects as ``status_checker``.
    """

    def __init__(
        self,
        lists: Mapping[str, Mapping[str, Any]] | Iterable[Mapping[str, Any]],
        *,
        verify_list: ListVerifier | None = None,
        assume_verified: bool = False,
        min_entries: int = MIN_STATUS_LIST_ENTRIES,
        max_bytes: int = DEFAULT_MAX_DECODED_BYTES,
        list_id_mismatch: StatusPolicy = "warn",
        issuer_mismatch: StatusPolicy | None = None,
        short_lists: StatusPolicy = "refuse",
        trusted_list_issuers: Iterable[str] = (),
        require_same_issuer: bool | None = None,
        clock_skew: timedelta = timedelta(minutes=5),
        legacy_2021: bool = True,
    ) -> None:
        if verify_list is None and not assume_verified:
            raise StatusListError(
                "pass verify_list=... to verify the status-list credentials, or "
                "assume_verified=True if you verified them yourself")
        if require_same_issuer is not None and issuer_mismatch is not None and (
                require_same_issuer != (issuer_mismatch == "refuse")):
            raise StatusListError(
                f"require_same_issuer={require_same_issuer!r} contradicts "
                f"issuer_mismatch={issuer_mismatch!r}; pass only issuer_mismatch")
        if issuer_mismatch is None:
            issuer_mismatch = "warn" if require_same_issuer is False else "refuse"
        self._id_policy = _policy("list_id_mismatch", list_id_mismatch)
        self._issuer_policy = _policy("issuer_mismatch", issuer_mismatch)
        self._short_policy = _policy("short_lists", short_lists)
        if isinstance(trusted_list_issuers, str):
            raise StatusListError("trusted_list_issuers must be a collection of issuer ids, "
                                  "not one string")
        self._trusted_issuers = frozenset(trusted_list_issuers)
        if not all(isinstance(i, str) and i for i in self._trusted_issuers):
            raise StatusListError("trusted_list_issuers must hold non-empty strings")
        if isinstance(min_entries, bool) or not isinstance(min_entries, int) or min_entries < 0:
            raise StatusListError(f"min_entries must be an integer >= 0, got {min_entries!r}")
        table: dict[str, Mapping[str, Any]] = {}
        self._by_id = not isinstance(lists, Mapping)
        if isinstance(lists, Mapping):
            for url, cred in lists.items():
                if not isinstance(url, str) or not url:
                    raise StatusListError(f"status list URL {url!r} is not a non-empty string")
                table[url] = cred
        else:
            for cred in lists:
                if not isinstance(cred, Mapping) or not isinstance(cred.get("id"), str):
                    raise StatusListError(
                        "each status-list credential needs a string 'id' (or pass "
                        "{url: list_credential} to say which URL each list was fetched from)")
                table[cred["id"]] = cred
        self._lists = table
        self._verify_list = verify_list
        self._legacy = legacy_2021
        self._min_entries = min_entries
        self._max_bytes = max_bytes
        self._skew = clock_skew
        self._verified_cache: dict[str, bool] = {}
        self._decoded_cache: dict[tuple[str, int], BitstringStatusList] = {}

    @property
    def policies(self) -> dict[str, str]:
        """The policies in force: ``{"list_id_mismatch": ..., "issuer_mismatch": ...,
        "short_lists": ..., "legacy_2021": "warn" | "refuse"}``."""
        return {"list_id_mismatch": self._id_policy, "issuer_mismatch": self._issuer_policy,
                "short_lists": self._short_policy,
                "legacy_2021": "warn" if self._legacy else "refuse"}

    def __call__(self, credential: Mapping[str, Any], *, now: datetime | None = None,
                 **_: Any) -> StatusReport:
        """Check every ``credentialStatus`` entry of ``credential`` (see :class:`StatusReport`)."""
        return check_status(credential, self, now=now)

    # -- internals used by check_status ------------------------------------------------------

    def _list_ok(self, url: str, cred: Mapping[str, Any]) -> bool:
        if self._verify_list is None:
            return True
        if url not in self._verified_cache:
            try:
                res = self._verify_list(cred)
                ok = bool(getattr(res, "verified", res))
            except Exception:  # a verifier that crashes has not verified anything
                ok = False
            self._verified_cache[url] = ok
        return self._verified_cache[url]

    def check_entry(self, credential: Mapping[str, Any], entry: Any,
                    now: datetime | None = None) -> StatusCheck:
        """Check one status entry of ``credential``."""
        relaxed: list[StatusRelaxation] = []
        result = self._check_entry(credential, entry, now, relaxed)
        if not relaxed:
            return result
        en = "; ".join(r.message for r in relaxed)
        ja = "。".join(r.message_ja for r in relaxed)
        return replace(result, message=f"{result.message} [relaxed: {en}]",
                       message_ja=f"{result.message_ja}【緩和: {ja}】",
                       relaxations=tuple(relaxed))

    def _check_entry(self, credential: Mapping[str, Any], entry: Any,
                     now: datetime | None, relaxed: list[StatusRelaxation]) -> StatusCheck:
        if not isinstance(entry, Mapping):
            return _fail("MALFORMED_STATUS_ENTRY", "credentialStatus entry is not an object",
                         "credentialStatus の項目がオブジェクトではありません")
        types = _types(entry)
        family = next((f for f in _FAMILIES if f.entry in types), None)
        if family is None or (family.legacy and not self._legacy):
            return _fail(
                "UNSUPPORTED_STATUS_TYPE",
                f"status type {types!r} is not supported (BitstringStatusListEntry"
                f"{', StatusList2021Entry' if self._legacy else ''})",
                f"状態確認方式 {types!r} には対応していません")
        read = _read_entry(entry)
        if isinstance(read, StatusCheck):
            return read
        kw, index, url, size, messages = read
        purpose = kw["purpose"]
        if family.legacy:
            relaxed.append(StatusRelaxation(
                "legacy_2021",
                f"{family.entry} is the pre-Recommendation name of BitstringStatusListEntry",
                f"{family.entry} は BitstringStatusListEntry の勧告以前の名称です",
                {"type": family.entry}))
        lst_cred = self._lists.get(url)
        if lst_cred is None:
            hint = (" (lists given as a sequence are matched by their id; pass {url: list} "
                    "to say which URL a list was fetched from)" if self._by_id else "")
            return _fail("STATUS_RETRIEVAL_ERROR",
                         f"status list {url} was not supplied by the caller{hint}",
                         f"状態リスト {url} が与えられていません", **kw)
        problem = self._list_problem(credential, url, lst_cred, purpose, now, family, relaxed)
        if problem is not None:
            en, ja = problem
            return _fail("STATUS_VERIFICATION_ERROR", en, ja, **kw)
        try:
            bits = self._decoded(url, lst_cred, size, family.legacy)
        except StatusListError as exc:
            return _fail("STATUS_LIST_DECODE_ERROR", f"status list {url}: {exc}",
                         f"状態リスト {url} を読めません: {exc}", **kw)
        if len(bits) < self._min_entries:
            if self._short_policy == "refuse":
                return _fail(
                    "STATUS_LIST_LENGTH_ERROR",
                    f"status list {url} has {len(bits)} entries of {size} bit(s); at least "
                    f"{self._min_entries} are required (pass short_lists='warn' to read it)",
                    f"状態リスト {url} の項目数 {len(bits)} が最小値 {self._min_entries} "
                    "未満です", **kw)
            relaxed.append(StatusRelaxation(
                "short_lists",
                f"status list {url} has {len(bits)} entries, fewer than the minimum "
                f"{self._min_entries}",
                f"状態リスト {url} の項目数 {len(bits)} は最小値 {self._min_entries} 未満です",
                {"url": url, "entries": len(bits), "minimum": self._min_entries}))
        try:
            value = bits.get(index)
        except StatusListError as exc:
            return _fail("RANGE_ERROR", f"status list {url}: {exc}",
                         f"状態リスト {url} を読めません: {exc}", **kw)
        kw["status"] = value
        kw["status_message"] = messages.get(value)
        label_ja = _LABELS_JA.get(purpose, purpose)
        if value == 0 or purpose not in ("revocation", "suspension"):
            extra = f" ({messages[value]})" if value in messages else ""
            return StatusCheck(
                StatusOutcome.VALID, "status-valid" if value == 0 else f"status-{purpose}",
                f"{purpose} status at index {index} is {value:#x}{extra}",
                f"{label_ja}状態（索引 {index}）は {value:#x}{extra}", **kw)
        if purpose == "revocation":
            return StatusCheck(StatusOutcome.REVOKED, "status-revoked",
                               f"credential is revoked (index {index} of {url})",
                               f"この資格証明は失効しています（{url} の索引 {index}）", **kw)
        return StatusCheck(StatusOutcome.SUSPENDED, "status-suspended",
                           f"credential is suspended (index {index} of {url})",
                           f"この資格証明は一時停止中です（{url} の索引 {index}）", **kw)

    def _list_problem(self, credential: Mapping[str, Any], url: str,
                      lst: Mapping[str, Any], purpose: str, now: datetime | None,
                      family: _Family, relaxed: list[StatusRelaxation]) -> tuple[str, str] | None:
        if not isinstance(lst, Mapping):
            return (f"status list {url} is not a JSON object",
                    f"状態リスト {url} が JSON オブジェクトではありません")
        if family.credential not in _types(lst):
            return (f"{url} is not a {family.credential}",
                    f"{url} は {family.credential} ではありません")
        list_id = lst.get("id")
        if list_id is not None and list_id != url:
            if not isinstance(list_id, str) or self._id_policy == "refuse":
                return (f"status list id {list_id!r} differs from {url}, the URL it was "
                        "supplied for (pass list_id_mismatch='warn' to accept re-hosted lists)",
                        f"状態リストの id {list_id!r} が {url} と異なります")
            relaxed.append(StatusRelaxation(
                "list_id_mismatch",
                f"status list id {list_id} differs from {url}, the URL it was supplied for",
                f"状態リストの id {list_id} が取得元 {url} と異なります",
                {"url": url, "list_id": list_id}))
        subject = lst.get("credentialSubject")
        if not isinstance(subject, Mapping) or family.subject not in _types(subject):
            return (f"{url}: credentialSubject is not a {family.subject}",
                    f"{url}: credentialSubject が {family.subject} ではありません")
        if purpose not in _as_list(subject.get("statusPurpose")):
            return (f"{url} does not serve statusPurpose {purpose!r}",
                    f"{url} は statusPurpose {purpose!r} を扱いません")
        list_issuer, cred_issuer = _issuer_id(lst), _issuer_id(credential)
        if list_issuer != cred_issuer:
            trusted = list_issuer in self._trusted_issuers
            if not isinstance(list_issuer, str) or not list_issuer or (
                    self._issuer_policy == "refuse" and not trusted):
                return (f"status list {url} is issued by {list_issuer!r}, not by the "
                        f"credential's issuer {cred_issuer!r} (pass issuer_mismatch='warn' or "
                        "trusted_list_issuers=[...] if you trust the list's issuer)",
                        f"状態リスト {url} の発行者が資格証明の発行者と異なります")
            relaxed.append(StatusRelaxation(
                "issuer_mismatch",
                f"status list {url} is issued by {list_issuer}, not by the credential's "
                f"issuer {cred_issuer}",
                f"状態リスト {url} の発行者 {list_issuer} は資格証明の発行者 {cred_issuer} と"
                "異なります",
                {"url": url, "list_issuer": list_issuer, "credential_issuer": cred_issuer,
                 "trusted": trusted}))
        if now is not None:
            start_key = "validFrom" if "validFrom" in lst else "issuanceDate"  # VC 1.1 too
            end_key = "validUntil" if "validUntil" in lst else "expirationDate"
            start, end = parse_datetime(lst.get(start_key)), parse_datetime(lst.get(end_key))
            if (start_key in lst and start is None) or (end_key in lst and end is None):
                return (f"status list {url} has an unreadable validity period",
                        f"状態リスト {url} の有効期間が読めません")
            if start is not None and now + self._skew < start:
                return (f"status list {url} is not yet valid",
                        f"状態リスト {url} はまだ有効ではありません")
            if end is not None and now - self._skew > end:
                return (f"status list {url} has expired ({end_key} {lst.get(end_key)})",
                        f"状態リスト {url} は有効期限切れです")
        if not self._list_ok(url, lst):
            return (f"the proof of status list {url} does not verify",
                    f"状態リスト {url} の証明を検証できません")
        return None

    def _decoded(self, url: str, lst: Mapping[str, Any], size: int,
                 legacy: bool) -> BitstringStatusList:
        key = (url, size)
        if key not in self._decoded_cache:
            subject = lst["credentialSubject"]
            self._decoded_cache[key] = BitstringStatusList.decode(
                subject.get("encodedList"), status_size=size, legacy=legacy,
                min_entries=0, max_bytes=self._max_bytes)
        return self._decoded_cache[key]


def _policy(name: str, value: Any) -> str:
    if value not in _POLICIES:
        raise StatusListError(f"{name} must be 'refuse' or 'warn', got {value!r}")
    return str(value)


def _read_entry(entry: Mapping[str, Any]
                ) -> StatusCheck | tuple[dict[str, Any], int, str, int, dict[int, str]]:
    """:func:`microcred._di.statusentry.read_status_entry` as the checker uses it:
    ``(details, index, url, statusSize, messages)``, or the ``MALFORMED_STATUS_ENTRY`` check
    naming the first member that is not in its §2.1 form."""
    read = read_status_entry(entry)
    if isinstance(read, EntryProblem):
        return _fail("MALFORMED_STATUS_ENTRY", read.message, read.message_ja, **read.details)
    return dict(read.details), read.index, read.url, read.size, read.messages


_RANK = {StatusOutcome.REVOKED: 3, StatusOutcome.SUSPENDED: 2,
         StatusOutcome.COULD_NOT_CHECK: 1, StatusOutcome.VALID: 0}


def check_status(credential: Mapping[str, Any], checker: BitstringStatusChecker, *,
                 now: datetime | None = None) -> StatusReport:
    """Check every ``credentialStatus`` entry of ``credential`` with ``checker``.

    Never raises for bad input: malformed entries are "could not check".
    """
    if not isinstance(credential, Mapping):
        entry = _fail("MALFORMED_CREDENTIAL", "credential is not a JSON object",
                      "資格証明が JSON オブジェクトではありません")
        return StatusReport(StatusOutcome.COULD_NOT_CHECK, (entry,))
    entries = _as_list(credential.get("credentialStatus"))
    results: list[StatusCheck] = []
    for entry in entries:
        try:
            results.append(checker.check_entry(credential, entry, now))
        except Exception as exc:  # never a crash, never a pass
            results.append(_fail("STATUS_CHECK_ERROR", f"status check failed: {exc!r}",
                                 f"状態確認に失敗しました: {exc!r}"))
    outcome = max((r.outcome for r in results), key=_RANK.__getitem__,
                  default=StatusOutcome.VALID)
    return StatusReport(outcome, tuple(results))
