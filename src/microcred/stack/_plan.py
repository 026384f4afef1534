"""``plan``: the cheapest set of additional candidate units that would satisfy a target."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Literal

from .._errors import StackError
from ._compile import Group, Program, compile_target
from ._elig import Eligibility, compute, per_credit
from ._exact import InexactModel, cheapest
from ._model import ConversionPolicy, Node, Unit
from ._resolve import DEFAULT_BUDGET, _decide, _run, check_as_of, check_conditions, check_units
from ._result import Resolution, Verdict
from ._solve import Solver, make_view

__all__ = ["Plan", "plan"]

Cost = Literal["hours", "credits", "count"] | Callable[[Unit], Fraction]


@dataclass(frozen=True)
class Plan:
    """The outcome of :func:`plan`.

    ``verdict``: SATISFIED when adding ``add`` (possibly nothing) satisfies the target (a
    cheapest such set, unless ``reason`` is ``"search_budget"``: then ``max_checks`` stopped the
    search before it proved no cheaper set exists); NOT_SATISFIED when no set of candidates
    can; INDETERMINATE when the search budget ran out or uncertain data leaves it open;
    STRUCTURAL_ERROR for a broken pathway.  ``cost`` is the
    total cost of ``add``; ``resolution`` the resolution with ``add`` included.
    ``cheaper_undecided`` lists cheaper candidate sets whose verdict was INDETERMINATE (so the
    plan is the cheapest *proven* one).
    """

    verdict: Verdict
    add: tuple[str, ...]
    cost: Fraction
    resolution: Resolution | None
    reason: str | None = None
    cheaper_undecided: tuple[tuple[str, ...], ...] = ()


def unit_cost(u: Unit, cost: Cost) -> Fraction:
    """Cost of a candidate: notional hours (``hours``, the low end of a range), credits
    (``credits``, in the unit's own system), 1 (``count``) or a caller's function."""
    if callable(cost):
        return Fraction(cost(u))
    if cost == "count":
        return Fraction(1)
    if cost == "credits":
        if u.credits is None:
            raise StackError(f"candidate {u.id!r} has no credits to cost / 単位数がありません")
        return u.credits.amount
    if u.hours is not None:
        return u.hours
    if u.credits is not None:
        return u.credits.amount * per_credit(u.credits.system).low
    raise StackError(f"candidate {u.id!r} has neither hours nor credits to cost "
                     "/ 学習時間も単位数もありません")


def _restrict(el: Eligibility, keep: frozenset[int], ids: set[str]) -> Eligibility:
    return Eligibility(
        [{u: v for u, v in d.items() if u in keep} for d in el.pairs],
        [{u: v for u, v in d.items() if u in keep} for d in el.capw],
        [{u: v for u, v in d.items() if u in keep} for d in el.sharew],
        {u: r for u, r in el.global_reject.items() if u in keep},
        {u: r for u, r in el.near_miss.items() if u in keep},
        [x for x in el.uncertain if x.unit in ids], el.dens)


def _verdict(prog: Program, units: list[Unit], el: Eligibility, budget: int) -> str:
    pess = _run(Solver(prog, units, make_view(prog, el, False), budget)).kind
    if pess == "sat":
        return "sat"
    if pess == "unsat" and not el.is_uncertain:
        return "unsat"
    opt = _run(Solver(prog, units, make_view(prog, el, True), budget)).kind
    return "unsat" if opt == "unsat" else "open"


def _mandatory(node: Group | int, prog: Program) -> set[int]:
    """Leaves every configuration activates (reached from the root through AllOf only)."""
    if isinstance(node, int):
        return {node}
    if node.k != len(node.children):
        return set()
    out: set[int] = set()
    for c in node.children:
        out |= _mandatory(c, prog)
    return out


def plan(target: Node, earned: Iterable[Unit], candidates: Iterable[Unit], *, as_of: date,
         cost: Cost = "hours", targets: Mapping[str, Node] | None = None,
         conversion: ConversionPolicy | None = None, budget: int = DEFAULT_BUDGET,
         max_checks: int = 5000, conditions: Iterable[str] = ()) -> Plan:
    """Find the cheapest set of ``candidates`` to add to ``earned`` so that ``target`` holds.

    With certain data, one exact integer program over the whole tree (a binary per candidate,
    the cost as objective; ties go to the cheaper-listed candidates) decides it.  With uncertain
    data (a cheapest *proven* set is wanted, and cheaper undecided sets are listed):
    exact branch-and-bound over the candidates (cheapest first, include before exclude): a
    branch is cut when its cost reaches the best set found, or when adding *every* remaining
    candidate still cannot satisfy the target (adding units never hurts, so nothing below it
    can).  The result is a cheapest set.  Only candidates that could count for some requirement
    are considered.  More than ``max_checks`` examined sets gives INDETERMINATE.
    """
    day = check_as_of(as_of)
    base = list(earned)
    cands = list(candidates)
    units = check_units([*base, *cands])
    policy = conversion or getattr(target, "conversion", None) or ConversionPolicy()
    prog = compile_target(target, targets or {}, check_conditions(conditions))
    if any(i.severity == "error" for i in prog.issues):
        res = Resolution(Verdict.STRUCTURAL_ERROR, reason="structure", issues=tuple(prog.issues))
        return Plan(Verdict.STRUCTURAL_ERROR, (), Fraction(0), res, "structure")
    el = compute(prog, units, day, policy)
    index = {u.id: i for i, u in enumerate(units)}
    base_idx = frozenset(index[u.id] for u in base)
    useful: set[int] = set()
    for d in el.pairs:
        useful.update(d)
    cand_idx = sorted((index[u.id] for u in cands if index[u.id] in useful),
                      key=lambda i: (unit_cost(units[i], cost), units[i].id))
    costs = [unit_cost(units[i], cost) for i in cand_idx]

    def check(sel: tuple[int, ...]) -> str:
        keep = base_idx | {cand_idx[k] for k in sel}
        ids = {units[i].id for i in keep}
        return _verdict(prog, units, _restrict(el, frozenset(keep), ids), budget)

    def finish(sel: tuple[int, ...], undecided: list[tuple[str, ...]]) -> Plan:
        add = tuple(units[cand_idx[k]].id for k in sel)
        keep = base_idx | {cand_idx[k] for k in sel}
        ids = {units[i].id for i in keep}
        res = _decide(prog, units, _restrict(el, frozenset(keep), ids), budget)
        return Plan(Verdict.SATISFIED, add, sum((costs[k] for k in sel), Fraction(0)), res,
                    None, tuple(undecided))

    every = tuple(range(len(cand_idx)))
    if not el.is_uncertain and all(c >= 0 for c in costs):
        # certain data: one exact integer program, the cheapest set by construction
        solver = Solver(prog, units, make_view(prog, el, False), budget)
        try:
            sel = cheapest(solver, base_idx, cand_idx, costs)
        except InexactModel:  # costs too fine-grained: the branch-and-bound below decides
            sel = None
        if sel is not None:
            return finish(tuple(sel), [])
    if check(every) == "unsat":
        keep = base_idx | {cand_idx[k] for k in every}
        ids = {units[i].id for i in keep}
        res = _decide(prog, units, _restrict(el, frozenset(keep), ids), budget)
        return Plan(Verdict.NOT_SATISFIED, (), Fraction(0), res, "no_candidate_set")
    n = len(cand_idx)
    # candidates without which even all the others cannot satisfy the target are in every
    # solution: take them first (the search below then only decides the optional ones)
    forced = tuple(k for k in range(n)
                   if check(tuple(x for x in range(n) if x != k)) == "unsat")
    free = [k for k in range(n) if k not in forced]
    base_cost = sum((costs[k] for k in forced), Fraction(0))
    best: tuple[Fraction, tuple[int, ...]] | None = None
    undecided: list[tuple[Fraction, tuple[int, ...]]] = []
    checks = 0
    exhausted = False

    m = len(free)
    # lower bound: a mandatory leaf (reached through AllOf only) short of d needs new units
    # eligible for it, each costing at least (its cost / its amount) per unit of amount
    mand = sorted(_mandatory(prog.root, prog))
    have = {li: sum((hi for u, (_, _, hi) in el.pairs[li].items() if u in base_idx),
                    Fraction(0)) for li in mand}
    gives = {li: {k: el.pairs[li][cand_idx[k]][2] for k in range(n)
                  if cand_idx[k] in el.pairs[li]} for li in mand}

    def lower_bound(idx: int, sel: tuple[int, ...]) -> Fraction | None:
        """Extra cost still needed at least, or None when some mandatory leaf cannot be met."""
        bound = Fraction(0)
        rest = free[idx:]
        for li in mand:
            short = prog.leaves[li].demand - have[li] - sum(
                (gives[li].get(k, Fraction(0)) for k in sel), Fraction(0))
            if short <= 0:
                continue
            ratios = [costs[k] / gives[li][k] for k in rest if gives[li].get(k, 0) > 0]
            if not ratios:
                return None
            bound = max(bound, short * min(ratios))
        return bound

    def dfs(idx: int, sel: tuple[int, ...], cost: Fraction) -> None:
        nonlocal best, checks, exhausted
        if exhausted or (best is not None and cost >= best[0]):
            return
        checks += 1
        if checks > max_checks:
            exhausted = True
            return
        got = check(sel)
        if got == "sat":
            best = (cost, sel)
            return
        if got == "open":
            undecided.append((cost, sel))
        if idx == m or (best is not None and cost + costs[free[idx]] >= best[0]):
            return
        lb = lower_bound(idx, sel)
        if lb is None or (best is not None and cost + lb >= best[0]):
            return
        # everything still available: if even that fails, no extension of ``sel`` works
        if idx > 0 and check((*sel, *free[idx:])) == "unsat":
            return
        dfs(idx + 1, (*sel, free[idx]), cost + costs[free[idx]])
        dfs(idx + 1, sel, cost)

    dfs(0, forced, base_cost)

    def names(sel: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(units[cand_idx[k]].id for k in sel)

    if best is not None:
        bcost = best[0]
        cheaper = tuple(names(sel) for c, sel in undecided if c < bcost)
        found = finish(best[1], list(cheaper))
        if exhausted:  # a satisfying set, but the search stopped before proving it cheapest
            return Plan(found.verdict, found.add, found.cost, found.resolution,
                        "search_budget", found.cheaper_undecided)
        return found
    return Plan(Verdict.INDETERMINATE, (), Fraction(0), None,
                "search_budget" if exhausted else "uncertain_data",
                tuple(names(sel) for _, sel in undecided))
