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


ROUTES = list(stack.Route)


@st.composite
def any_tree(draw: st.DrawFn, depth: int = 0) -> stack.Node:
    """Random trees with every node and rule type (for robustness, not for an oracle)."""
    kind = draw(st.sampled_from(["leaf", "leaf", "all", "any", "nof", "ref"] if depth < 2
                                else ["leaf"]))
    name = f"n{draw(st.integers(0, 10_000))}"
    if kind == "leaf":
        match = stack.Match(
            tags=draw(st.one_of(st.none(), st.sets(st.sampled_from(TAGS), min_size=1))),
            routes=draw(st.one_of(st.none(), st.sets(st.sampled_from(ROUTES), min_size=1))),
            min_level=draw(st.one_of(st.none(), st.integers(1, 3))),
            min_grade=draw(st.one_of(st.none(), st.just(Fraction(2)))),
            max_age_years=draw(st.one_of(st.none(), st.integers(0, 5))))
        system = draw(st.sampled_from(["ECTS", "JP_TANI", "UK_CREDIT"]))
        if draw(st.booleans()):
            count = draw(st.integers(1, 3))
            return stack.Requirement(name, match=match, count=count,
                                     value=stack.Credits(3, "ECTS")
                                     if count == 1 and draw(st.booleans()) else None)
        return stack.Requirement(name, match=match,
                                 credits=stack.Credits(draw(st.integers(1, 9)), system))
    if kind == "ref":
        return stack.Ref(draw(st.sampled_from(["T1", "T2", "missing"])), name=name)
    kids = draw(st.lists(any_tree(depth + 1), min_size=1, max_size=3))
    rules: list[stack.Cap | stack.SharingCap | stack.AgeLimit] = []
    if draw(st.booleans()):
        rules.append(stack.Cap(match=stack.Match(routes={stack.Route.RPL}),
                               max=stack.Credits(draw(st.integers(0, 9)), "ECTS")))
    if draw(st.booleans()):
        rules.append(stack.AgeLimit(years=draw(st.integers(0, 4))))
    if draw(st.booleans()):
        rules.append(stack.SharingCap(layers=("main", "x"), max_units=1))
    layer = draw(st.sampled_from([None, None, "x"]))
    if kind == "all":
        return stack.AllOf(*kids, name=name, caps=tuple(rules), layer=layer)
    if kind == "any":
        return stack.AnyOf(*kids, name=name, caps=tuple(rules), layer=layer)
    return stack.NOf(draw(st.integers(0, len(kids) + 1)), *kids, name=name, caps=tuple(rules),
                     disjoint=draw(st.booleans()), layer=layer)


@st.composite
def any_units(draw: st.DrawFn) -> list[stack.Unit]:
    out = []
    for i in range(draw(st.integers(0, 5))):
        system = draw(st.sampled_from(["ECTS", "JP_TANI", "UK_CREDIT", None]))
        out.append(stack.Unit(
            id=f"u{i}", credits=stack.Credits(draw(st.integers(0, 6)), system) if system else None,
            hours=draw(st.one_of(st.none(), st.integers(0, 90))),
            tags=draw(st.sets(st.sampled_from(TAGS))),
            level=draw(st.one_of(st.none(), st.integers(1, 3))),
            grade=draw(st.one_of(st.none(), st.sampled_from([Fraction(1), Fraction(3)]))),
            route=draw(st.sampled_from(ROUTES)),
            earned_on=draw(st.one_of(st.none(), st.dates(date(2015, 1, 1), date(2026, 1, 1)))),
            valid_until=draw(st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2030, 1, 1))))))
    return out


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_tree(), any_units(), any_tree(1), st.booleans())
def test_any_input_gives_a_typed_answer(target: stack.Node, units: list[stack.Unit],
                                        t1: stack.Node, with_targets: bool) -> None:
    """Every node and rule type together: a verdict (or a structural error), never a crash,
    and every reported assignment obeys the once-per-layer rule."""
    targets = {"T1": t1, "T2": stack.AllOf(stack.Ref("T1"))} if with_targets else {}
    res = stack.resolve(target, units, as_of=AS_OF, targets=targets, budget=5_000)
    assert isinstance(res.verdict, stack.Verdict)
    if res.verdict is stack.Verdict.STRUCTURAL_ERROR:
        assert res.issues
    seen = set()
    for a in res.assignment:
        assert (a.unit, a.layer) not in seen
        seen.add((a.unit, a.layer))
    res.explain("en")
    res.explain("ja")
    res.as_dict()
