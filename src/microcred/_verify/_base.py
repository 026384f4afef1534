"""What every stage shares: the check collector, date parsing and small JSON helpers."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from .._di.result import Check, Outcome
from .._di.suites import XSD_DATETIME_RE

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"

_NO_DETAILS: Mapping[str, Any] = MappingProxyType({})
#: Passing checks without details, shared across a batch: only short texts are memoised (a
#: message may quote document content; attacker-sized keys are never kept).
_PASSED: dict[tuple[str, str, str, str], Check] = {}
_PASSED_MAX_TEXT = 160


class Checks:
    """Collects the checks of one document, in order."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[Check] = []

    def add(self, id: str, outcome: Outcome, code: str, en: str, ja: str, *,
            required: bool = True, **details: Any) -> Check:
        check = Check(id, outcome, code, en, ja, required, details)
        self.items.append(check)
        return check

    def ok(self, id: str, code: str, en: str, ja: str, **details: Any) -> Check:
        if details or len(en) + len(ja) > _PASSED_MAX_TEXT:
            check = Check(id, Outcome.PASSED, code, en, ja, True, details or None)
        else:  # passing checks recur verbatim across a batch: share the (frozen) objects
            key = (id, code, en, ja)
            check = _PASSED.get(key)  # type: ignore[assignment]
            if check is None:
                if len(_PASSED) >= 4096:
                    _PASSED.clear()
                check = _PASSED[key] = Check(id, Outcome.PASSED, code, en, ja, True,
                                             _NO_DETAILS)
        self.items.append(check)
        return check

    def fail(self, id: str, code: str, en: str, ja: str, **details: Any) -> Check:
        return self.add(id, Outcome.FAILED, code, en, ja, **details)

    def warn(self, id: str, code: str, en: str, ja: str, **details: Any) -> Check:
        """A failed check that does not count towards the verdict (a warning)."""
        return self.add(id, Outcome.FAILED, code, en, ja, required=False, **details)

    def skip(self, id: str, code: str, en: str, ja: str, **details: Any) -> Check:
        return self.add(id, Outcome.SKIPPED, code, en, ja, required=False, **details)

    def crash(self, id: str, exc: BaseException) -> Check:
        return self.fail(id, "internal-error",
                         f"unexpected error during this check: {type(exc).__name__}",
                         f"この確認中に予期しないエラーが発生しました: {type(exc).__name__}")

    def guard(self, id: str, fn: Any) -> Any:
        """Run one stage; an unexpected exception is a failed check, never a pass."""
        try:
            return fn()
        except Exception as exc:
            self.crash(id, exc)
            return None


def context_list(ctx: Any) -> list[Any]:
    if ctx is None:
        return []
    return list(ctx) if isinstance(ctx, list) else [ctx]


def types_of(obj: Mapping[str, Any]) -> list[Any]:
    t = obj.get("type")
    return list(t) if isinstance(t, list) else [t] if t is not None else []


def issuer_id(doc: Mapping[str, Any]) -> Any:
    issuer = doc.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


def short(value: Any, limit: int = 80) -> str:
    """``repr`` of a document value, cut to ``limit`` characters (messages quote content)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_datetime(value: Any, *, require_tz: bool = True) -> datetime:
    """Parse an XML Schema dateTime; :class:`ValueError` naming the problem."""
    if not isinstance(value, str):
        raise ValueError(f"{short(value)} is not a string")
    if len(value) <= 40:  # memoised (a cohort's credentials share their dates)
        return _parse_datetime_cached(value, require_tz)
    if len(value) > 64:
        raise ValueError(f"{short(value)} is not an XML Schema dateTime")
    return _parse_datetime(value, require_tz)


@functools.lru_cache(maxsize=4096)
def _parse_datetime_cached(value: str, require_tz: bool) -> datetime:
    return _parse_datetime(value, require_tz)  # errors are raised, never cached


def _parse_datetime(value: str, require_tz: bool) -> datetime:
    m = XSD_DATETIME_RE.match(value)
    if m is None:
        raise ValueError(f"{value!r} is not an XML Schema dateTime")
    if m["tz"] is None and require_tz:
        raise ValueError(f"{value!r} has no timezone (a dateTimeStamp needs one)")
    text = value.replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    frac = re.search(r"\.([0-9]+)", text) if "." in text else None
    if frac and len(frac.group(1)) > 6:
        text = text[: frac.start(1)] + frac.group(1)[:6] + text[frac.end(1):]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is outside the supported date range") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def isoformat(moment: datetime) -> str:
    # (a batch is verified at one ``now``; equal instants in other offsets are other keys)
    return _isoformat_cached(moment, moment.utcoffset())


@functools.lru_cache(maxsize=64)
def _isoformat_cached(moment: datetime, _offset: Any) -> str:
    return moment.isoformat()


class Job:
    """One document on its way through the pipeline: what each stage reads and leaves.

    ``cache`` holds canonical forms computed once and reused (``("jcs", None)``: the JCS
    bytes of the unsecured document; ``("rdfc", None)``: its canonical N-Quads);
    ``safe_mode_ok`` is False once the safe-mode stage failed (no signature is then checked:
    nothing that fails safe mode can verify, and the work is not repeated).
    """

    __slots__ = ("cache", "checks", "depth", "doc", "options", "presentation", "safe_mode_ok",
                 "scan", "unsecured")

    def __init__(self, doc: dict[str, Any], checks: Checks, options: Any, depth: int,
                 jcs_bytes: bytes | None, scan: Any = None) -> None:
        #: what the input stage's walk found (:class:`.input.Scan`), or None (walk on demand)
        self.scan = scan
        self.doc = doc
        self.unsecured = {k: v for k, v in doc.items() if k != "proof"}
        self.checks = checks
        self.options = options
        self.depth = depth
        self.cache: dict[Any, bytes] = {}
        if jcs_bytes is not None:  # the JCS form of ``unsecured`` (the copy was parsed from it)
            self.cache[("jcs", None)] = jcs_bytes
        self.safe_mode_ok = False
        #: a VerifiablePresentation (typed so, and not a VerifiableCredential)
        types = types_of(doc)
        self.presentation = ("VerifiablePresentation" in types
                             and "VerifiableCredential" not in types)
