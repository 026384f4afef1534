"""Properties: soundness under uncertain data, optimality of ``plan``, a large valid assignment."""

from __future__ import annotations

import itertools
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import stack

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_stack_oracle import TAGS, Inst, check_assignment, oracle

AS_OF = date(2025, 1, 1)
ECTS_HOURS = (25, 30)  # stackability.md R13: 1 ECTS = 25-30 h
TANI_HOURS = 45  # R14: 1 単位 = 45 h


@st.composite
def uncertain(draw: st.DrawFn) -> Inst:
    """Units in ECTS or 単位, some without a level; requirements in 単位."""
    units = []
    for i in range(draw(st.integers(1, 4))):
        system = draw(st.sampled_from(["ECTS", "JP_TANI"]))
        units.append(stack.Unit(
            id=f"u{i}", credits=stack.Credits(draw(st.integers(1, 5)), system),
            tags=draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2)),
            level=draw(st.one_of(st.none(), st.integers(1, 3)))))
    leaves = []
    for i in range(draw(st.integers(1, 3))):
        match = stack.Match(tags=draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2)),
                            min_level=draw(st.one_of(st.none(), st.integers(2, 3))))
        leaves.append(stack.Requirement(
            f"r{i}", match=match, credits=stack.Credits(draw(st.integers(1, 6)), "JP_TANI")))
    return Inst(units, stack.AllOf(*leaves) if draw(st.booleans()) else stack.AnyOf(*leaves))


def readings(inst: Inst) -> list[Inst]:
    """Concrete versions: every unknown level and every ECTS rate at the ends of its range."""
    choices = []
    for u in inst.units:
        assert u.credits is not None
        rates = ECTS_HOURS if u.credits.system.value == "ECTS" else (TANI_HOURS,)
        levels = (1, 3) if u.level is None else (u.level,)
        choices.append([(r, lv) for r in rates for lv in levels])
    out = []
    for combo in itertools.product(*choices):
        us = []
        for u, (rate, lv) in zip(inst.units, combo, strict=True):
            assert u.credits is not None
            tani = u.credits.amount * rate / TANI_HOURS
            us.append(u.model_copy(update={"credits": stack.Credits(tani, "JP_TANI"),
                                           "level": lv}))
        out.append(Inst(us, inst.target))
    return out


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(uncertain())
def test_sound_under_uncertain_data(inst: Inst) -> None:
    res = stack.resolve(inst.target, inst.units, as_of=AS_OF)
    truths = {oracle(r) for r in readings(inst)}
    if res.verdict is stack.Verdict.SATISFIED:
        assert truths == {True}
    elif res.verdict is stack.Verdict.NOT_SATISFIED:
        assert truths == {False}
    else:
        assert res.verdict is stack.Verdict.INDETERMINATE
        assert res.reason == "uncertain_data" and res.uncertainties
    if len(truths) == 2:  # the data really leaves it open: never a definite verdict
        assert res.verdict is stack.Verdict.INDETERMINATE


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(1, 4), st.sets(st.sampled_from(TAGS), min_size=1)),
                min_size=0, max_size=2),
       st.lists(st.tuples(st.integers(1, 4), st.sets(st.sampled_from(TAGS), min_size=1)),
                min_size=0, max_size=4),
       st.lists(st.tuples(st.sets(st.sampled_from(TAGS), min_size=1), st.integers(1, 6)),
                min_size=1, max_size=3))
def test_plan_is_cheapest(have: list[tuple[int, set[str]]], offer: list[tuple[int, set[str]]],
                          reqs: list[tuple[set[str], int]]) -> None:
    earned = [stack.Unit(id=f"h{i}", credits=stack.Credits(c, "ECTS"), tags=t)
              for i, (c, t) in enumerate(have)]
    cands = [stack.Unit(id=f"c{i}", credits=stack.Credits(c, "ECTS"), tags=t)
             for i, (c, t) in enumerate(offer)]
    target = stack.AllOf(*[stack.Requirement(f"r{i}", match=stack.Match(tags=t),
                                             credits=stack.Credits(n, "ECTS"))
                           for i, (t, n) in enumerate(reqs)])
    best: Fraction | None = None
    for k in range(len(cands) + 1):
        for sub in itertools.combinations(cands, k):
            if oracle(Inst([*earned, *sub], target)):
                cost = sum((u.credits.amount * 25 for u in sub if u.credits), Fraction(0))
                best = cost if best is None else min(best, cost)
    p = stack.plan(target, earned, cands, as_of=AS_OF)
    if best is None:
        assert p.verdict is stack.Verdict.NOT_SATISFIED
    else:
        assert p.verdict is stack.Verdict.SATISFIED and p.cost == best
        assert p.resolution is not None and p.resolution.satisfied


def test_large_instance_assignment_is_valid() -> None:
    """The benchmark's 1,000 x 200 instance: a valid assignment (correctness, not speed)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import bench_stack

    target, units = bench_stack.build()
    res = stack.resolve(target, units, as_of=bench_stack.AS_OF)
    assert res.verdict is stack.Verdict.SATISFIED
    check_assignment(Inst(units, target), res)
    by_id = {u.id: u for u in units}
    rpl = sum((by_id[a.unit].credits.amount for a in res.assignment  # type: ignore[union-attr]
               if by_id[a.unit].route is stack.Route.RPL), Fraction(0))
    assert rpl <= 180  # the cap: 30 % of 600
    assert isinstance(target, stack.AllOf)
    reqs = {f"programme/{r.name}": r for r in target.children
            if isinstance(r, stack.Requirement)}
    for a in res.assignment:
        m, u = reqs[a.requirement].match, by_id[a.unit]
        assert (m.ids is None or u.key in m.ids) and (m.tags is None or m.tags & u.tags)
        assert m.min_level is None or (u.level is not None and u.level >= m.min_level)
