"""Stackability: do these credentials add up to that qualification, and what is missing?

An exact, explainable resolver.  Earned :class:`Unit` items are matched against a requirement
tree (:class:`Requirement` leaves under :class:`AllOf`, :class:`AnyOf`, :class:`NOf`, with
:class:`Cap`, :class:`SharingCap`, layers and :class:`Ref` to other targets) on an explicit
``as_of`` date.  See ``docs/stack.md``.

>>> from datetime import date
>>> from microcred import stack
>>> earned = [stack.Unit(id="math101", credits=stack.Credits(2, "JP_TANI")),
...           stack.Unit(id="stat201", credits=stack.Credits(5, "ECTS"))]
>>> target = stack.AllOf(
...     stack.Requirement("core", match=stack.Match(ids={"math101", "stat201"}), count=1),
...     stack.Requirement("electives", match=stack.Match(tags={"elective"}),
...                       credits=stack.Credits(4, "JP_TANI")))
>>> stack.resolve(target, earned, as_of=date(2025, 1, 1)).verdict.value
'not_satisfied'
"""

from __future__ import annotations

from ._ctdl import from_ctdl
from ._io import (
    aggregate,
    targets_towards,
    unit_from_micro_credential,
    unit_from_ob3,
    units_from_clr,
)
from ._model import (
    AgeLimit,
    AllOf,
    AnyOf,
    Cap,
    Condition,
    ConversionPolicy,
    Credits,
    Match,
    Node,
    NOf,
    Ref,
    Requirement,
    Route,
    SharingCap,
    Unit,
)
from ._pathways import (
    CreditBank,
    Deposit,
    DepositKind,
    Withdrawal,
    embedded,
    joint,
    modular,
    rpl,
    transfer_programme,
)
from ._plan import Plan, plan
from ._resolve import describe_match, resolve, validate
from ._result import (
    Allocation,
    Progress,
    Rejection,
    Resolution,
    Shortfall,
    StructuralIssue,
    Uncertainty,
    Verdict,
)

__all__ = [
    "AgeLimit",
    "AllOf",
    "Allocation",
    "AnyOf",
    "Cap",
    "Condition",
    "ConversionPolicy",
    "CreditBank",
    "Credits",
    "Deposit",
    "DepositKind",
    "Match",
    "NOf",
    "Node",
    "Plan",
    "Progress",
    "Ref",
    "Rejection",
    "Requirement",
    "Resolution",
    "Route",
    "SharingCap",
    "Shortfall",
    "StructuralIssue",
    "Uncertainty",
    "Unit",
    "Verdict",
    "Withdrawal",
    "aggregate",
    "describe_match",
    "embedded",
    "from_ctdl",
    "joint",
    "modular",
    "plan",
    "resolve",
    "rpl",
    "targets_towards",
    "transfer_programme",
    "unit_from_micro_credential",
    "unit_from_ob3",
    "units_from_clr",
    "validate",
]
