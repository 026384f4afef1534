"""Per-record workloads: framework profile checks and the UNESCO assessment.

A registrar or researcher re-checks many records against every profile; these figures are per
record (one MicroCredential), with all built-in profiles checked in one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any


def record_workload(n: int) -> tuple[list[Any], dict[str, Callable[[Any], Any]]]:
    """``n`` MicroCredential records and the per-record functions to time."""
    from microcred import profiles, unesco
    from microcred.__main__ import build_demo_credential

    base = build_demo_credential(now=datetime(2025, 4, 1, tzinfo=timezone.utc))
    records = [base.model_copy(update={"id": f"urn:uuid:00000000-0000-4000-8000-{i:012d}"})
               if "id" in type(base).model_fields else base for i in range(n)]
    builtin = list(profiles.BUILTIN)

    def all_profiles(record: Any) -> Any:
        return [profiles.check(record, p) for p in builtin]

    def one_profile(record: Any) -> Any:
        return profiles.check(record, builtin[0])

    return records, {
        f"profiles.check x{len(builtin)} (all built-in profiles)": all_profiles,
        f"profiles.check ({builtin[0].key})": one_profile,
        "unesco.assess": unesco.assess,
    }
