"""Stage ``validity``: the validity period holds at ``now`` (VC 2.0 §4.9, VC 1.1 §7.5).

``validFrom``/``validUntil`` (VC 1.1: ``issuanceDate``/``expirationDate``, the former
required) are XML Schema dateTimeStamps; ``now`` may be up to ``clock_skew`` outside the
window. An inverted window (start after end) is a failure whatever the skew (issue 11,
finding 13): no instant lies in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from ._base import VC_V1, Checks, context_list, isoformat, parse_datetime


def check_validity(doc: Mapping[str, Any], checks: Checks, now: datetime,
                   skew: timedelta) -> None:
    v1 = context_list(doc.get("@context"))[:1] == [VC_V1]
    start_key, end_key = ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    try:
        start = parse_datetime(doc[start_key]) if start_key in doc else None
        end = parse_datetime(doc[end_key]) if end_key in doc else None
    except (ValueError, OverflowError) as exc:
        checks.fail("validity", "invalid-datetime", f"validity period: {exc}",
                    f"有効期間の日時が不正です: {exc}")
        return
    if v1 and start is None:
        checks.fail("validity", "missing-issuance-date", "a VC 1.1 credential needs issuanceDate",
                    "VC 1.1 のクレデンシャルには issuanceDate が必要です")
        return
    if start is not None and end is not None and start > end:
        checks.fail("validity", "invalid-validity-period",
                    f"{start_key} {doc[start_key]} is after {end_key} {doc[end_key]}",
                    f"{start_key} が {end_key} より後になっています")
        return
    if start is not None and now + skew < start:
        checks.fail("validity", "not-yet-valid", f"not valid before {doc[start_key]}",
                    f"{doc[start_key]} より前は有効ではありません")
        return
    if end is not None and now - skew > end:
        checks.fail("validity", "expired", f"expired at {doc[end_key]}",
                    f"{doc[end_key]} に有効期限が切れています")
        return
    at = isoformat(now)
    checks.ok("validity", "ok", f"valid at {at}", f"{at} の時点で有効期間内です")
