"""Stage ``status``: ``credentialStatus`` through the caller's status checker (no I/O here).

Without a checker the status is ``could-not-check`` and, unless ``require_status=False``,
the credential is not verified (fail-closed). The checker's answer must be one of: a
:class:`~microcred.Check`, an :class:`~microcred.Outcome`, a ``bool`` (True = valid), or an
object with an ``outcome`` of ``valid`` / ``revoked`` / ``suspended`` / ``could-not-check``.
Anything else (``1``, ``"valid"``, ``None``) is ``status-answer-invalid``, a failure: a
verifier must not guess what a status service meant (issue 11, finding 14).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .._di.result import Check, Outcome
from ._base import Checks, short

_STATUS_MAP = {"valid": Outcome.PASSED, "revoked": Outcome.FAILED, "suspended": Outcome.FAILED,
               "could-not-check": Outcome.COULD_NOT_CHECK}


def check_status(doc: Mapping[str, Any], checks: Checks, checker: Any, now: datetime,
                 required: bool) -> None:
    if "credentialStatus" not in doc:
        checks.skip("status", "no-status", "the credential has no credentialStatus",
                    "credentialStatus がありません")
        return
    if checker is None:
        checks.add("status", Outcome.COULD_NOT_CHECK, "status-not-checked",
                   "credentialStatus is present but no status checker was given",
                   "credentialStatus がありますが、状態確認の手段が渡されていません",
                   required=required)
        return
    try:
        res = checker(doc, now=now)
    except Exception as exc:
        checks.add("status", Outcome.COULD_NOT_CHECK, "status-check-error",
                   f"the status checker failed: {type(exc).__name__}: {short(str(exc), 200)}",
                   "状態確認でエラーが発生しました", required=required)
        return
    if isinstance(res, Check):
        checks.items.append(Check("status", res.outcome, res.code, res.message, res.message_ja,
                                  (res.required and required) or res.outcome is Outcome.FAILED,
                                  res.details))
        return
    details: dict[str, Any] = {}
    if isinstance(res, bool):
        outcome, code = (Outcome.PASSED, "status-valid") if res else (Outcome.FAILED, "revoked")
        en, ja = "", ""
    elif isinstance(res, Outcome):
        outcome, code, en, ja = res, str(res), "", ""
    else:
        raw = getattr(res, "outcome", None)
        value = getattr(raw, "value", raw)
        mapped = _STATUS_MAP.get(value) if isinstance(value, str) else None
        if mapped is None:
            checks.fail("status", "status-answer-invalid",
                        f"the status checker answered {short(res, 60)}, which is not a status "
                        "(expected a Check, an Outcome, a bool or an object with an outcome)",
                        "状態確認の応答が不正です")
            return
        outcome = mapped
        code = str(getattr(res, "code", value))
        en, ja = str(getattr(res, "message", "")), str(getattr(res, "message_ja", ""))
        extra = getattr(res, "details", None)
        details = dict(extra) if isinstance(extra, Mapping) else {}
    en = en or f"status: {code}"
    ja = ja or f"状態: {code}"
    checks.add("status", outcome, code, en, ja,
               required=required or outcome is Outcome.FAILED, **details)


def check_refresh(doc: Mapping[str, Any], checks: Checks) -> None:
    """``refreshService`` (VC 2.0 §5.4): reported, never followed (no I/O here). A warning,
    not a failure: the credential is what was signed; a fresher one may exist."""
    if "refreshService" not in doc:
        return
    services = doc["refreshService"]
    items = services if isinstance(services, list) else [services]
    urls = [s.get("id") for s in items if isinstance(s, Mapping) and isinstance(s.get("id"), str)]
    shown = ", ".join(short(u, 80) for u in urls[:3])
    checks.add("refresh", Outcome.COULD_NOT_CHECK, "refresh-not-followed",
               f"the credential names a refreshService ({shown}); microcred does not fetch "
               "it: a fresher credential may exist",
               "refreshService が指定されています(取得はしません。より新しいクレデンシャルが"
               "ある可能性があります)", required=False, services=urls[:16])
