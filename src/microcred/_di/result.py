"""The structured verification result: an ordered list of checks, each with an outcome.

``verified`` is true only when every *required* check passed. A check that could not be
carried out (``could-not-check``, e.g. credentialStatus without a status checker) is
required by default, so the default is fail-closed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from .._errors import VerificationError

__all__ = ["Check", "Outcome", "VerificationResult"]


class Outcome(str, enum.Enum):
    """Outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    COULD_NOT_CHECK = "could-not-check"

    def __str__(self) -> str:
        return self.value

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return {"passed": "合格", "failed": "不合格", "skipped": "対象外",
                "could-not-check": "確認不能"}[self.value]


@dataclass(frozen=True, init=False)
class Check:
    """One verification step.

    ``id`` names the step (``"proof.0.signature"``), ``code`` is a stable machine-readable
    reason (``"signature-invalid"``), ``message``/``message_ja`` say it in English and
    Japanese, and ``required`` tells whether it counts towards ``verified``.
    """

    id: str
    outcome: Outcome
    code: str
    message: str
    message_ja: str = ""
    required: bool = True
    details: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def __init__(self, id: str, outcome: Outcome, code: str, message: str,
                 message_ja: str = "", required: bool = True,
                 details: Mapping[str, Any] | None = None) -> None:
        # A verification builds ~15 checks: fill the instance dict directly instead of the
        # frozen dataclass's per-field object.__setattr__ (the instance stays frozen).
        d = self.__dict__
        d["id"] = id
        d["outcome"] = outcome
        d["code"] = code
        d["message"] = message
        d["message_ja"] = message_ja
        d["required"] = required
        d["details"] = {} if details is None else details

    def __reduce__(self) -> tuple[Any, ...]:
        # A mappingproxy does not pickle: send the details as a dict, re-wrapped on load.
        details = self.details
        return (_load_check, (self.id, self.outcome, self.code, self.message,
                              self.message_ja, self.required, dict(details),
                              isinstance(details, MappingProxyType)))

    @property
    def ok(self) -> bool:
        """True when the check passed, or is not required."""
        return self.outcome is Outcome.PASSED or not self.required

    @property
    def problem_type(self) -> str | None:
        """The VC Data Model 2.0 §7.1 problem-details ``type`` of a check that did not pass
        (``…#PARSING_ERROR``, ``…#CRYPTOGRAPHIC_SECURITY_ERROR``, ``…#MALFORMED_VALUE_ERROR``,
        ``…#RANGE_ERROR``), for mapping results onto VC API error responses; None for a
        check that passed or was skipped, or that no problem type describes."""
        if self.outcome is Outcome.PASSED or self.outcome is Outcome.SKIPPED:
            return None
        given = self.details.get("problem_type") if self.details else None
        if isinstance(given, str):
            return given
        return _problem_type(self.id, self.code)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (with ``problem_type`` when the check did not pass)."""
        problem = self.problem_type
        return {"id": self.id, "outcome": self.outcome.value, "code": self.code,
                "message": self.message, "message_ja": self.message_ja,
                "required": self.required,
                **({"problem_type": problem} if problem else {}),
                **({"details": dict(self.details)} if self.details else {})}


_VC = "https://www.w3.org/TR/vc-data-model#"
_CRYPTO = ("proofs", "proof-set", "issuer-binding", "holder-binding", "jwt.")


def _problem_type(check_id: str, code: str) -> str | None:
    """VC 2.0 §7.1 problem type by check id and code (one place: see Check.problem_type)."""
    if check_id == "input" or code in ("invalid-json", "too-deep", "too-large"):
        return _VC + "PARSING_ERROR"
    if check_id.startswith("proof.") or check_id.startswith(_CRYPTO):
        if code in ("invalid-datetime", "proof-field-type", "proof-missing-field",
                    "proof-unknown-field", "proof-not-object", "jwt-malformed"):
            return _VC + "MALFORMED_VALUE_ERROR"
        return _VC + "CRYPTOGRAPHIC_SECURITY_ERROR"
    if check_id == "validity":
        return _VC + ("MALFORMED_VALUE_ERROR" if code == "invalid-datetime"
                      else "RANGE_ERROR")
    if check_id in ("data-model", "contexts", "safe-mode", "endorsement.shape",
                    "endorsement.target"):
        return _VC + "MALFORMED_VALUE_ERROR"
    return None  # (status: the status checker's own details say; endorsements: their results)


def _load_check(id: str, outcome: Outcome, code: str, message: str, message_ja: str,
                required: bool, details: dict[str, Any], proxy: bool) -> Check:
    """Unpickle a :class:`Check` (see ``Check.__reduce__``)."""
    return Check(id, outcome, code, message, message_ja, required,
                 MappingProxyType(details) if proxy else details)


class CheckList:
    """What every result made of checks offers: truth, iteration, failures, look-ups.

    Subclasses have a ``checks`` tuple and a ``verified`` property.
    """

    checks: tuple[Check, ...]

    @property
    def verified(self) -> bool:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def __bool__(self) -> bool:
        return self.verified

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        """Required checks that did not pass."""
        return tuple(c for c in self.checks if not c.ok)

    def check(self, check_id: str) -> Check | None:
        """The check with this id, if any."""
        return next((c for c in self.checks if c.id == check_id), None)

    @property
    def codes(self) -> dict[str, str]:
        """``{check id: code}``."""
        return {c.id: c.code for c in self.checks}


@dataclass(frozen=True)
class VerificationResult(CheckList):
    """What :func:`microcred.verify` returns.

    >>> r = VerificationResult((Check("json", Outcome.PASSED, "ok", "parsed"),))
    >>> r.verified, bool(r)
    (True, True)
    """

    checks: tuple[Check, ...]
    document: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)
    endorsements: tuple[VerificationResult, ...] = ()

    @property
    def verified(self) -> bool:
        """True only when there is at least one check and every required check passed
        (endorsement results included)."""
        return (bool(self.checks) and all(c.ok for c in self.checks)
                and all(e.verified for e in self.endorsements))

    def summary(self) -> tuple[str, str]:
        """English and Japanese one-line summaries, naming the failed checks if any."""
        passed = sum(c.outcome is Outcome.PASSED for c in self.checks)
        if self.verified:
            return (f"verified ({passed} checks passed)",
                    f"検証成功(確認 {passed} 件に合格)")
        bad = ", ".join(f"{c.id} ({c.code})" for c in self.failures) or "endorsements"
        return f"not verified: {bad}", f"検証失敗: {bad}"

    def raise_for_failure(self) -> None:
        """Raise :class:`~microcred.VerificationError` naming the failed checks, if any."""
        if not self.verified:
            bad = self.failures or tuple(
                c for e in self.endorsements for c in e.failures)
            names = ", ".join(f"{c.id}={c.code}" for c in bad) or "no checks"
            raise VerificationError(f"verification failed: {names}")

    def read(self) -> Any:
        """The verified document read as a typed OB 3.0 model, leniently: an
        :class:`microcred.ob3.ReadResult` (``credential`` plus conformance ``findings``).

        Only for a *verified* result (what is read is then what was signed); raises
        :class:`~microcred.VerificationError` otherwise, and
        :class:`~microcred.InvalidDataError` when the document is not an OB 3.0 credential.
        A CLR reads with :func:`microcred.clr.read_clr`.
        """
        if not self.verified or self.document is None:
            raise VerificationError("read() needs a verified result: the document is not "
                                    "authenticated")
        from ..ob3 import read_credential

        return read_credential(dict(self.document))

    def with_checks(self, *checks: Check) -> VerificationResult:
        """A copy with more checks appended (used by callers that add their own steps)."""
        return replace(self, checks=self.checks + checks)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {"verified": self.verified, "checks": [c.as_dict() for c in self.checks],
                **({"endorsements": [e.as_dict() for e in self.endorsements]}
                   if self.endorsements else {})}
