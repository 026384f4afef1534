"""Requirement trees from Credential Engine CTDL conditions (already-parsed JSON, no I/O).

CTDL describes requirements but leaves their evaluation undefined (``stackability.md`` §1.1);
the choices made here are declared:

* ``ComponentCondition``: ``requiredNumber`` counts target components *and* sub-conditions (the
  Credential Engine pathway viewer's convention); without it, ``logicalOperator`` ``OR`` means
  one of them and anything else (or nothing) means all of them.  Each target component is a
  leaf met by one unit whose key is the component's id.
* ``ConditionProfile``: all of its targets (``targetCredential``, ``targetAssessment``,
  ``targetLearningOpportunity``, ``targetCompetency``), plus ``creditValue`` as a credit demand
  over those targets (over any unit when there are none); ``alternativeCondition`` lists
  alternatives, any one of which fulfils the profile.
* ``creditValue``/``ValueProfile``: ``value`` (else ``minValue``) in the system named by
  ``creditUnitType`` (a concept, or an alignment object whose ``targetNode`` is the concept).
  Only ``creditUnit:SemesterHour`` is mapped by default (the Registry sample, R24); pass
  ``credit_units`` for others.  ``percentage`` is refused: it is not an amount.

Keys may be compact (``requiredNumber``) or prefixed (``ceterms:requiredNumber``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .._credits import CreditSystem
from .._errors import InvalidDataError, NumberLimitError, StackError
from ._model import AllOf, AnyOf, Credits, Match, Node, NOf, Requirement, exact_number

__all__ = ["from_ctdl"]

DEFAULT_CREDIT_UNITS: Mapping[str, CreditSystem] = {
    "creditUnit:SemesterHour": CreditSystem.US_SEMESTER_HOUR,
}
MAX_DEPTH = 64  # nested conditions (a hostile document must not exhaust the Python stack)
_TARGETS = ("targetCredential", "targetAssessment", "targetLearningOpportunity",
            "targetCompetency", "targetComponent")


def _get(obj: Mapping[str, Any], key: str) -> Any:
    if key in obj:
        return obj[key]
    return obj.get(f"ceterms:{key}")


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _id(value: Any, path: str) -> str:
    if isinstance(value, str) and value:
        return value
    if isinstance(value, Mapping):
        for k in ("@id", "id", "ceterms:ctid", "ctid"):
            if isinstance(value.get(k), str) and value[k]:
                return str(value[k])
    raise StackError(f"{path}: a target needs an id (@id or ctid) / 対象に ID がありません")


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):  # language map {"en": "..."}
        for v in value.values():
            if isinstance(v, str):
                return v
    return None


_UNSAFE = re.compile(r"[^A-Za-z0-9._:\-]+")


def _name(raw: str, used: set[str]) -> str:
    base = _UNSAFE.sub("_", raw).strip("_") or "item"
    name, n = base, 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name)
    return name


def _credits(vp: Any, units: Mapping[str, CreditSystem], path: str) -> Credits:
    profiles = [v for v in _list(vp) if v is not None]
    if len(profiles) != 1 or not isinstance(profiles[0], Mapping):
        raise StackError(f"{path}: creditValue must be one ValueProfile object "
                         f"(got {len(profiles)}) / creditValue は ValueProfile 一つにしてください")
    vp = profiles[0]
    if _get(vp, "percentage") is not None and _get(vp, "value") is None:
        raise StackError(f"{path}: a percentage is not a credit amount "
                         "/ 割合は単位数ではありません")
    amount = _get(vp, "value")
    if amount is None:
        amount = _get(vp, "minValue")
    if isinstance(amount, bool) or not isinstance(amount, int | float | str):
        raise StackError(f"{path}.value: missing or not a number / 数値がありません")
    try:
        value = exact_number(amount, floats=True)
    except NumberLimitError as exc:
        raise NumberLimitError(f"{path}.value: {exc}") from None
    except (ValueError, ArithmeticError):
        raise StackError(f"{path}.value: not a number: {str(amount)[:40]!r}") from None
    unit = _list(_get(vp, "creditUnitType"))
    concept = unit[0] if len(unit) == 1 else None
    if isinstance(concept, Mapping):  # CredentialAlignmentObject encoding
        concept = _get(concept, "targetNode") or concept.get("@id")
    if not isinstance(concept, str) or concept not in units:
        raise StackError(f"{path}.creditUnitType: {concept!r} is not mapped to a credit system "
                         "(pass credit_units=) / 単位種別を単位制度に対応付けてください")
    try:
        return Credits(value, units[concept])
    except InvalidDataError as exc:
        raise StackError(f"{path}: {exc}") from None


def from_ctdl(condition: Mapping[str, Any], *,
              credit_units: Mapping[str, CreditSystem | str] | None = None,
              name: str | None = None) -> Node:
    """Build a requirement tree from a CTDL ``ComponentCondition`` or ``ConditionProfile``.

    See the module notes for the declared semantics.  Leaves are named after the target ids
    (characters outside ``[A-Za-z0-9._:-]`` become ``_``) and match units by those ids.
    """
    units = dict(DEFAULT_CREDIT_UNITS)
    for k, v in (credit_units or {}).items():
        units[k] = CreditSystem(v)
    used: set[str] = set()

    def build(obj: Any, path: str, label: str | None, depth: int = 0) -> Node:
        if not isinstance(obj, Mapping):
            raise StackError(f"{path}: expected a CTDL condition object")
        if depth > MAX_DEPTH:
            raise StackError(f"{path}: conditions nested deeper than {MAX_DEPTH} "
                             f"/ 条件の入れ子が {MAX_DEPTH} 段を超えています")
        kids: list[Node] = []
        target_ids: list[str] = []
        for key in _TARGETS:
            for j, t in enumerate(_list(_get(obj, key))):
                tid = _id(t, f"{path}.{key}[{j}]")
                target_ids.append(tid)
                kids.append(Requirement(_name(tid, used), match=Match(ids={tid}), count=1,
                                        title=_text(_get(t, "name")) if isinstance(
                                            t, Mapping) else tid))
        for j, sub in enumerate(_list(_get(obj, "hasCondition"))):
            kids.append(build(sub, f"{path}.hasCondition[{j}]", None, depth + 1))
        cv = _get(obj, "creditValue")
        if cv is not None:
            kids.append(Requirement(
                _name("credits", used), credits=_credits(cv, units, f"{path}.creditValue"),
                match=Match(ids=set(target_ids)) if target_ids else Match()))
        title = _text(_get(obj, "name"))
        node_name = _name(label or title or "condition", used)
        required = _get(obj, "requiredNumber")
        op = str(_get(obj, "logicalOperator") or "AND").rsplit(":", 1)[-1].upper()
        if op == "NOT":
            raise StackError(f"{path}.logicalOperator: NOT is not supported / NOT は未対応です")
        if required is not None:
            if isinstance(required, bool) or not isinstance(required, int) or required < 0:
                raise StackError(f"{path}.requiredNumber: not a non-negative integer")
            node: Node = NOf(required, *kids, name=node_name, title=title)
        elif op == "OR":
            node = AnyOf(*kids, name=node_name, title=title)
        else:
            node = AllOf(*kids, name=node_name, title=title)
        alts = _list(_get(obj, "alternativeCondition"))
        if alts:
            options = [node, *(build(a, f"{path}.alternativeCondition[{j}]", None, depth + 1)
                               for j, a in enumerate(alts))]
            node = AnyOf(*options, name=_name(f"{node_name}-or", used))
        return node

    return build(condition, "<root>", name)
