"""The resolver against a brute-force oracle on thousands of small random instances.

The oracle enumerates every assignment of units to leaves (a unit at most once per counting
layer) and evaluates the tree and the caps directly from the documented semantics; it shares no
code with the solver.  Also: shuffle invariance, monotonicity, validity of every assignment.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import stack

AS_OF = date(2025, 1, 1)
TAGS = ("a", "b", "c")


@dataclass
class Inst:
    units: list[stack.Unit]
    target: stack.Node
    conversion: stack.ConversionPolicy | None = None
    conditions: frozenset[str] = frozenset()


def _leaf(draw: st.DrawFn, i: int, layer: str | None) -> stack.Requirement:
    tags = draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2))
    min_level = draw(st.one_of(st.none(), st.integers(1, 3)))
    match = stack.Match(tags=tags, min_level=min_level)
    if draw(st.booleans()):
        return stack.Requirement(f"r{i}", match=match, count=draw(st.integers(1, 2)), layer=layer)
    return stack.Requirement(f"r{i}", match=match,
                             credits=stack.Credits(draw(st.integers(1, 6)), "ECTS"), layer=layer)


@st.composite
def instances(draw: st.DrawFn, max_units: int = 4) -> Inst:
    n = draw(st.integers(1, max_units))
    units = []
    for i in range(n):
        units.append(stack.Unit(
            id=f"u{i}", credits=stack.Credits(draw(st.integers(1, 4)), "ECTS"),
            tags=draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2)),
            level=draw(st.integers(1, 3)),
            route=draw(st.sampled_from([stack.Route.NATIVE, stack.Route.RPL]))))
    n_leaves = draw(st.integers(1, 4))
    two_layers = draw(st.booleans())
    leaves = [_leaf(draw, i, "x" if two_layers and draw(st.booleans()) else None)
              for i in range(n_leaves)]
    shape = draw(st.sampled_from(["all", "any", "nof", "nested", "nof_shared"]))
    caps: tuple[stack.Cap, ...] = ()
    if draw(st.booleans()):
        if draw(st.booleans()):
            caps = (stack.Cap(match=stack.Match(routes={stack.Route.RPL}),
                              max=stack.Credits(draw(st.integers(0, 5)), "ECTS")),)
        else:
            caps = (stack.Cap(match=stack.Match(routes={stack.Route.RPL}),
                              max_units=draw(st.integers(0, 2))),)
    target: stack.Node
    if shape == "all" or len(leaves) == 1:
        target = stack.AllOf(*leaves, caps=caps)
    elif shape == "any":
        target = stack.AnyOf(*leaves, caps=caps)
    elif shape in ("nof", "nof_shared"):
        k = draw(st.integers(1, len(leaves)))
        target = stack.NOf(k, *leaves, disjoint=shape == "nof", caps=caps)
    else:
        cut = draw(st.integers(1, len(leaves) - 1))
        inner = stack.AnyOf(*leaves[cut:], name="inner") if draw(st.booleans()) else \
            stack.NOf(1, *leaves[cut:], name="inner", disjoint=draw(st.booleans()))
        target = stack.AllOf(*leaves[:cut], inner, caps=caps)
    return Inst(units, target)


# ------------------------------------------------------------------------------- the oracle
# Notional hours per credit (stackability.md b.6), written out here so that the oracle shares
# no conversion code with the resolver.
HPC = {"ECTS": (Fraction(25), Fraction(30)), "JP_TANI": (Fraction(45), Fraction(45)),
       "US_SEMESTER_HOUR": (Fraction(45), Fraction(45))}


@dataclass
class OLeaf:
    req: stack.Requirement
    layer: object


@dataclass
class OGroup:
    k: int
    children: list[OGroup | OLeaf]
    caps: tuple[stack.Cap, ...]
    shares: tuple[stack.SharingCap, ...] = ()


def _build(node: stack.Node, layer: object, met: frozenset[str] = frozenset()
           ) -> OGroup | OLeaf:
    if isinstance(node, stack.Requirement):
        return OLeaf(node, node.layer if node.layer is not None else layer)
    if isinstance(node, stack.Condition):  # met: nothing needed; else never met
        return OGroup(0 if node.name in met else 1, [], ())
    assert isinstance(node, stack.AllOf | stack.AnyOf | stack.NOf)
    lay = node.layer if node.layer is not None else layer
    kids = []
    for c in node.children:
        child_layer = object() if isinstance(node, stack.NOf) and not node.disjoint else lay
        kids.append(_build(c, child_layer, met))
    k = {"all": len(kids), "any": 1}.get(node.kind, getattr(node, "k", 0))
    caps = tuple(c for c in node.caps if isinstance(c, stack.Cap))
    shares = tuple(c for c in node.caps if isinstance(c, stack.SharingCap))
    return OGroup(k, kids, caps, shares)


def _leaves(g: OGroup | OLeaf) -> list[OLeaf]:
    if isinstance(g, OLeaf):
        return [g]
    return [x for c in g.children for x in _leaves(c)]


def _status(u: stack.Unit, m: stack.Match) -> str:
    """"yes", "unk" (data missing) or "no", from the documented Match semantics."""
    if m.ids is not None and u.key not in m.ids and u.id not in m.ids:
        return "no"
    if m.tags is not None and not (m.tags & u.tags):
        return "no"
    if m.routes is not None and u.route not in m.routes:
        return "no"
    if m.covers is not None and (m.covers not in u.covers or (
            m.min_coverage is not None and u.covers[m.covers] < m.min_coverage)):
        return "no"
    out = "yes"
    if m.min_level is not None:
        if u.level is None:
            out = "unk"
        elif u.level < m.min_level:
            return "no"
    if m.min_grade is not None:
        if u.grade is None:
            out = "unk"
        elif u.grade < m.min_grade:
            return "no"
    if m.min_hours is not None:  # the unit's own size, hours else credits at hours per credit
        if u.hours is not None:
            lo = hi = u.hours
        elif u.credits is not None:
            r = HPC[u.credits.system.value]
            lo, hi = u.credits.amount * r[0], u.credits.amount * r[1]
        else:
            return "unk"
        if hi < m.min_hours:
            return "no"
        if lo < m.min_hours:
            out = "unk"
    return out


def _convert(u: stack.Unit, dst: str, policy: stack.ConversionPolicy
             ) -> tuple[Fraction, Fraction] | None:
    if u.credits is not None:
        src, a = u.credits.system.value, u.credits.amount
        if src == dst:
            return a, a
        for (f, t), factor in policy.agreements.items():
            if f.value == src and t.value == dst:
                return a * factor, a * factor
        lo, hi = a * HPC[src][0] / HPC[dst][1], a * HPC[src][1] / HPC[dst][0]
    elif u.hours is not None:
        lo, hi = u.hours / HPC[dst][1], u.hours / HPC[dst][0]
    else:
        return None
    return _bounded(lo, hi, policy)


def _bounded(lo: Fraction, hi: Fraction, policy: stack.ConversionPolicy
             ) -> tuple[Fraction, Fraction]:
    if policy.bound == "low":
        return lo, lo
    if policy.bound == "high":
        return hi, hi
    return lo, hi


def _supply(u: stack.Unit, req: stack.Requirement, policy: stack.ConversionPolicy,
            optimistic: bool) -> Fraction | None:
    """What ``u`` supplies to ``req`` in one reading (None: does not count)."""
    st = _status(u, req.match)
    if st == "no" or (st == "unk" and not optimistic):
        return None
    if req.after and u.earned_on is None and not optimistic:
        return None
    if req.count is not None:
        return Fraction(1)
    if req.hours is not None:  # notional hours: its own, else its credits at hours per credit
        if u.hours is not None:
            got: tuple[Fraction, Fraction] | None = (u.hours, u.hours)
        elif u.credits is not None:
            r = HPC[u.credits.system.value]
            got = _bounded(u.credits.amount * r[0], u.credits.amount * r[1], policy)
        else:
            return None
        a = got[1] if optimistic else got[0]
        return a if a > 0 else None
    assert req.credits is not None
    got = _convert(u, req.credits.system.value, policy)
    if got is None:
        return None
    a = got[1] if optimistic else got[0]
    return a if a > 0 else None


def _cap_weight(u: stack.Unit, req: stack.Requirement, cap: stack.Cap,
                policy: stack.ConversionPolicy, optimistic: bool) -> Fraction | None:
    """What ``u`` counted for ``req`` weighs against ``cap`` (None: not capped)."""
    st = _status(u, cap.match)
    if st == "no" or (st == "unk" and optimistic):
        return None
    if cap.max_units is not None:
        return Fraction(1)
    lim = cap.limit
    assert isinstance(lim, stack.Credits)
    if req.value is not None:  # the credit the leaf grants (D1)
        return req.value.amount
    got = _convert(u, lim.system.value, policy)
    if got is None:
        return Fraction(0)
    return got[0] if optimistic else got[1]


def oracle_reading(inst: Inst, optimistic: bool) -> bool:
    """Is there an assignment satisfying the target in one reading of the data?"""
    policy = inst.conversion or stack.ConversionPolicy()
    root_layer = getattr(inst.target, "layer", None) or "main"
    root = _build(inst.target, root_layer, inst.conditions)
    leaves = _leaves(root)
    layers: list[object] = []
    for lf in leaves:
        if all(lf.layer is not x and lf.layer != x for x in layers):
            layers.append(lf.layer)

    def same(a: object, b: object) -> bool:
        return a is b or (isinstance(a, str) and a == b)

    supply = [[_supply(u, lf.req, policy, optimistic) for lf in leaves] for u in inst.units]
    per_unit_choices = []
    for ui in range(len(inst.units)):
        options_per_layer = []
        for lay in layers:
            opts: list[int | None] = [None]
            opts += [i for i, lf in enumerate(leaves)
                     if same(lf.layer, lay) and supply[ui][i] is not None]
            options_per_layer.append(opts)
        per_unit_choices.append(list(itertools.product(*options_per_layer)))

    def ok(g: OGroup | OLeaf, got: dict[int, Fraction], uses: list[list[int]]) -> bool:
        if isinstance(g, OLeaf):
            i = leaves.index(g)
            demand = Fraction(g.req.count) if g.req.count is not None else (
                g.req.hours if g.req.hours is not None
                else g.req.credits.amount)  # type: ignore[union-attr]
            return got.get(i, Fraction(0)) >= demand
        scope = {leaves.index(x) for x in _leaves(g)}
        for cap in g.caps:
            total = Fraction(0)
            for ui, used in enumerate(uses):
                # the value of every value= leaf it credits; its own credit once, the largest
                own: list[Fraction] = []
                for li in used:
                    if li not in scope:
                        continue
                    w = _cap_weight(inst.units[ui], leaves[li].req, cap, policy, optimistic)
                    if w is None:
                        continue
                    if leaves[li].req.value is not None and cap.max_units is None:
                        total += w
                    else:
                        own.append(w)
                if own:
                    total += max(own)
            lim = cap.limit
            if total > (lim if isinstance(lim, int) else lim.amount):
                return False
        for sh in g.shares:
            total = Fraction(0)
            for ui, used in enumerate(uses):
                lays = {leaves[li].layer for li in used} & set(sh.layers)
                if len(lays) >= 2:
                    u = inst.units[ui]
                    total += 1 if sh.max_units is not None else u.credits.amount  # type: ignore[union-attr]
            limit = sh.max_units if sh.max_units is not None else sh.max.amount  # type: ignore[union-attr]
            if total > limit:
                return False
        return sum(1 for c in g.children if ok(c, got, uses)) >= g.k

    def ordered(uses: list[list[int]]) -> bool:
        for li, lf in enumerate(leaves):
            for name in lf.req.after:
                (pi,) = [i for i, x in enumerate(leaves) if x.req.name == name]
                for ui, used in enumerate(uses):
                    if li not in used:
                        continue
                    for vi, vused in enumerate(uses):
                        if pi in vused:
                            du, dv = inst.units[ui].earned_on, inst.units[vi].earned_on
                            if du is not None and dv is not None and dv > du:
                                return False
        return True

    def distinct(uses: list[list[int]]) -> bool:
        """A non-repeatable leaf counts one unit per achievement (retakes, D4)."""
        seen: set[tuple[int, str]] = set()
        for ui, used in enumerate(uses):
            for li in used:
                if leaves[li].req.repeatable:
                    continue
                k = (li, inst.units[ui].key)
                if k in seen:
                    return False
                seen.add(k)
        return True

    for combo in itertools.product(*per_unit_choices):
        got: dict[int, Fraction] = {}
        uses: list[list[int]] = []
        for ui, choice in enumerate(combo):
            used = [li for li in choice if li is not None]
            uses.append(used)
            for li in used:
                a = supply[ui][li]
                assert a is not None
                got[li] = got.get(li, Fraction(0)) + a
        if ok(root, got, uses) and ordered(uses) and distinct(uses):
            return True
    return False


def oracle_verdict(inst: Inst) -> stack.Verdict:
    """SATISFIED in the pessimistic reading, NOT_SATISFIED if not even in the optimistic one,
    else INDETERMINATE (the data leaves it open)."""
    if oracle_reading(inst, optimistic=False):
        return stack.Verdict.SATISFIED
    if not oracle_reading(inst, optimistic=True):
        return stack.Verdict.NOT_SATISFIED
    return stack.Verdict.INDETERMINATE


def oracle(inst: Inst) -> bool:
    """Certain data: is the target satisfiable?"""
    got = oracle_verdict(inst)
    assert got is not stack.Verdict.INDETERMINATE
    return got is stack.Verdict.SATISFIED


def check_assignment(inst: Inst, res: stack.Resolution) -> None:
    """Every reported assignment is valid: once per layer, demands met, caps respected."""
    seen: set[tuple[str, str]] = set()
    for a in res.assignment:
        assert (a.unit, a.layer) not in seen, "unit counted twice in one layer"
        seen.add((a.unit, a.layer))
    for p in res.progress.values():
        if p.kind == "leaf":
            total = sum((a.amount for a in res.assignment if a.requirement == p.path),
                        Fraction(0))
            assert total == p.achieved
            assert p.satisfied == (p.active and total >= p.required)
    if res.verdict is stack.Verdict.SATISFIED:
        label = getattr(inst.target, "name", None) or "(root)"
        root = res.progress.get(label)
        assert root is None or root.satisfied


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_agrees_with_brute_force_oracle(inst: Inst) -> None:
    res = stack.resolve(inst.target, inst.units, as_of=AS_OF)
    expected = oracle(inst)
    assert res.verdict is (stack.Verdict.SATISFIED if expected else stack.Verdict.NOT_SATISFIED)
    check_assignment(inst, res)
    if not expected:
        assert res.missing, "NOT_SATISFIED must explain the shortfall"


@st.composite
def layered_instances(draw: st.DrawFn) -> Inst:
    """Two layers with an optional sharing cap, and optional prerequisite ordering."""
    n = draw(st.integers(1, 4))
    days = [date(2024, m, 1) for m in (1, 4, 8)]
    units = [stack.Unit(id=f"u{i}", credits=stack.Credits(draw(st.integers(1, 3)), "ECTS"),
                        tags=draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2)),
                        earned_on=draw(st.sampled_from(days)), level=2) for i in range(n)]
    leaves = []
    for i in range(draw(st.integers(2, 4))):
        lf = _leaf(draw, i, draw(st.sampled_from([None, "x"])))
        if i > 0 and draw(st.integers(0, 2)) == 0:
            lf = lf.model_copy(update={"after": (f"r{draw(st.integers(0, i - 1))}",)})
        leaves.append(lf)
    caps: tuple[stack.SharingCap, ...] = ()
    if draw(st.booleans()):
        caps = (stack.SharingCap(layers=("main", "x"), max_units=draw(st.integers(0, 2))),) \
            if draw(st.booleans()) else \
            (stack.SharingCap(layers=("main", "x"),
                              max=stack.Credits(draw(st.integers(0, 4)), "ECTS")),)
    if draw(st.booleans()):
        return Inst(units, stack.AllOf(*leaves, caps=caps))
    return Inst(units, stack.AllOf(leaves[0], stack.AnyOf(*leaves[1:]), caps=caps))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layered_instances())
def test_layers_sharing_and_ordering_agree_with_oracle(inst: Inst) -> None:
    res = stack.resolve(inst.target, inst.units, as_of=AS_OF)
    assert res.verdict is (stack.Verdict.SATISFIED if oracle(inst)
                           else stack.Verdict.NOT_SATISFIED)
    check_assignment(inst, res)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_search_alone_agrees_with_oracle(inst: Inst) -> None:
    """Force every component through branch-and-bound (no flow shortcut, no repair)."""
    from microcred.stack import _solve

    saved = (_solve.Solver._is_flat, _solve.Solver._top_up, _solve.Solver._greedy)
    _solve.Solver._is_flat = lambda self, comp: False  # type: ignore[method-assign]
    _solve.Solver._top_up = lambda self, comp, assign: False  # type: ignore[method-assign]
    _solve.Solver._greedy = lambda self, comp, penalty: []  # type: ignore[method-assign]
    try:
        res = stack.resolve(inst.target, inst.units, as_of=AS_OF)
    finally:
        (_solve.Solver._is_flat, _solve.Solver._top_up,  # type: ignore[method-assign]
         _solve.Solver._greedy) = saved
    assert res.verdict is (stack.Verdict.SATISFIED if oracle(inst)
                           else stack.Verdict.NOT_SATISFIED)
    check_assignment(inst, res)


@settings(max_examples=300, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_shuffle_invariance(inst: Inst, rnd: random.Random) -> None:
    base = stack.resolve(inst.target, inst.units, as_of=AS_OF).verdict
    units = list(inst.units)
    rnd.shuffle(units)
    t = inst.target
    if isinstance(t, stack.AllOf | stack.AnyOf | stack.NOf):
        kids = list(t.children)
        rnd.shuffle(kids)
        t = t.model_copy(update={"children": tuple(kids)})
    assert stack.resolve(t, units, as_of=AS_OF).verdict is base


@settings(max_examples=300, deadline=None)
@given(instances(max_units=3), st.sets(st.sampled_from(TAGS), min_size=1),
       st.integers(1, 4), st.booleans())
def test_monotone_in_units(inst: Inst, tags: set[str], credits: int, rpl: bool) -> None:
    before = stack.resolve(inst.target, inst.units, as_of=AS_OF).verdict
    extra = stack.Unit(id="extra", credits=stack.Credits(credits, "ECTS"), tags=tags, level=3,
                       route=stack.Route.RPL if rpl else stack.Route.NATIVE)
    after = stack.resolve(inst.target, [*inst.units, extra], as_of=AS_OF).verdict
    if before is stack.Verdict.SATISFIED:
        assert after is stack.Verdict.SATISFIED


@st.composite
def medium_instances(draw: st.DrawFn) -> Inst:
    """Too big for the brute-force oracle: up to 10 units and 6 leaves, with an RPL cap."""
    units = [stack.Unit(id=f"u{i}", credits=stack.Credits(draw(st.integers(1, 5)), "ECTS"),
                        tags=draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2)),
                        level=draw(st.integers(1, 3)),
                        route=draw(st.sampled_from([stack.Route.NATIVE, stack.Route.RPL])))
             for i in range(draw(st.integers(4, 10)))]
    leaves = [_leaf(draw, i, None) for i in range(draw(st.integers(2, 6)))]
    caps = (stack.Cap(match=stack.Match(routes={stack.Route.RPL}),
                      max=stack.Credits(draw(st.integers(0, 8)), "ECTS")),) \
        if draw(st.booleans()) else ()
    return Inst(units, stack.AllOf(*leaves, caps=caps))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(medium_instances())
def test_shortcuts_agree_with_search_on_medium_instances(inst: Inst) -> None:
    """The flow, repair, greedy and relaxation shortcuts never change a verdict that the
    exact search alone (validated against the oracle above) reaches."""
    from microcred.stack import _solve

    fast = stack.resolve(inst.target, inst.units, as_of=AS_OF)
    saved = (_solve.Solver._is_flat, _solve.Solver._top_up, _solve.Solver._greedy,
             _solve.Solver.credit_bound)
    _solve.Solver._is_flat = lambda self, comp: False  # type: ignore[method-assign]
    _solve.Solver._top_up = lambda self, comp, assign: False  # type: ignore[method-assign]
    _solve.Solver._greedy = lambda self, comp, penalty: []  # type: ignore[method-assign]
    _solve.Solver.credit_bound = lambda self, lst: None  # type: ignore[method-assign]
    try:
        slow = stack.resolve(inst.target, inst.units, as_of=AS_OF)
    finally:
        (_solve.Solver._is_flat, _solve.Solver._top_up,  # type: ignore[method-assign]
         _solve.Solver._greedy, _solve.Solver.credit_bound) = saved
    if stack.Verdict.INDETERMINATE not in (fast.verdict, slow.verdict):
        assert fast.verdict is slow.verdict
    check_assignment(inst, fast)


# ------------------------------------------------------------------- issue 15: richer instances
SYSTEMS = ("ECTS", "JP_TANI")
POLICIES = [None, stack.ConversionPolicy(bound="low"), stack.ConversionPolicy(bound="high"),
            stack.ConversionPolicy(agreements={("JP_TANI", "ECTS"): 2, ("ECTS", "JP_TANI"): "1/2"})]


def _rich_unit(draw: st.DrawFn, i: int) -> stack.Unit:
    kind = draw(st.sampled_from(["credits", "credits", "hours", "none"]))
    extra: dict[str, object] = {}
    if kind == "credits":
        extra["credits"] = stack.Credits(
            draw(st.sampled_from([1, 2, 3, Fraction(3, 2), Fraction(5, 3)])),
            draw(st.sampled_from(SYSTEMS)))
    elif kind == "hours":
        extra["hours"] = draw(st.sampled_from([30, 45, 60, 90]))
    return stack.Unit(
        id=f"u{i}", achievement=draw(st.sampled_from([None, "K1", "K2"])),
        tags=draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2)),
        level=draw(st.sampled_from([None, 1, 2, 3])),
        route=draw(st.sampled_from([stack.Route.NATIVE, stack.Route.RPL,
                                    stack.Route.TRANSFER])), **extra)  # type: ignore[arg-type]


def _rich_leaf(draw: st.DrawFn, i: int) -> stack.Requirement:
    match = stack.Match(tags=draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2)),
                        min_level=draw(st.sampled_from([None, None, 2])),
                        min_hours=draw(st.sampled_from([None, None, None, 40])))
    rep = draw(st.booleans())
    kind = draw(st.sampled_from(["count", "credits", "value", "hours"]))
    if kind == "hours":
        return stack.Requirement(f"r{i}", match=match, repeatable=rep,
                                 hours=draw(st.sampled_from([30, 50, 90, 100])))
    if kind == "count":
        return stack.Requirement(f"r{i}", match=match, count=draw(st.integers(1, 2)),
                                 repeatable=rep)
    if kind == "value":
        return stack.Requirement(f"r{i}", match=match, count=1, repeatable=rep,
                                 value=stack.Credits(draw(st.integers(1, 3)), "ECTS"))
    return stack.Requirement(f"r{i}", match=match, repeatable=rep, credits=stack.Credits(
        draw(st.sampled_from([1, 2, 3, Fraction(5, 2), 4])), draw(st.sampled_from(SYSTEMS))))


@st.composite
def rich_instances(draw: st.DrawFn) -> Inst:
    """Caps (credit caps count value= leaves and uncredited units), retakes (shared
    achievements), conversions (intervals through hours, bounds, agreements), fractions,
    hours requirements, per-unit minimum sizes, unknown levels, conditions (admission) and
    nested NOf (disjoint or not), on at most 4 units and 4 leaves."""
    units = [_rich_unit(draw, i) for i in range(draw(st.integers(1, 4)))]
    leaves: list[stack.Node] = [_rich_leaf(draw, i) for i in range(draw(st.integers(1, 4)))]
    caps: tuple[stack.Cap, ...] = ()
    if draw(st.booleans()):
        cm = stack.Match(routes={stack.Route.RPL, stack.Route.TRANSFER})
        caps = (stack.Cap(match=cm, max=stack.Credits(draw(st.integers(0, 4)), "ECTS")),) \
            if draw(st.booleans()) else (stack.Cap(match=cm, max_units=draw(st.integers(0, 2))),)
    while len(leaves) > 1 and draw(st.booleans()):  # nest: group a run of children
        a = draw(st.integers(0, len(leaves) - 2))
        b = draw(st.integers(a + 2, len(leaves)))
        kids = leaves[a:b]
        inner = stack.NOf(draw(st.integers(0, len(kids))), *kids, name=f"g{len(leaves)}_{a}",
                          disjoint=draw(st.booleans()))
        leaves = [*leaves[:a], inner, *leaves[b:]]
    met: frozenset[str] = frozenset()
    if draw(st.integers(0, 3)) == 0:  # a condition of the pathway (admission), met or not
        leaves.append(stack.Condition("admitted"))
        met = frozenset({"admitted"}) if draw(st.booleans()) else frozenset()
    k = draw(st.integers(1, len(leaves)))
    target = stack.NOf(k, *leaves, caps=caps, disjoint=draw(st.booleans()))
    return Inst(units, target, draw(st.sampled_from(POLICIES)), met)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_instances())
def test_rich_instances_agree_with_oracle(inst: Inst) -> None:
    """resolve() equals the brute-force oracle's verdict, INDETERMINATE included."""
    res = stack.resolve(inst.target, inst.units, as_of=AS_OF, conversion=inst.conversion,
                        conditions=inst.conditions)
    assert res.verdict is oracle_verdict(inst)
    if res.verdict is stack.Verdict.SATISFIED:
        check_assignment(inst, res)


def _plan_oracle(inst: Inst, base: list[stack.Unit], cands: list[stack.Unit],
                 cost: dict[str, int]) -> tuple[int | None, bool]:
    """(cheapest cost of a candidate set the oracle satisfies, whether any set is open)."""
    best: int | None = None
    open_ = False
    for r in range(len(cands) + 1):
        for sel in itertools.combinations(cands, r):
            v = oracle_verdict(Inst([*base, *sel], inst.target, inst.conversion,
                                    inst.conditions))
            c = sum(cost[u.id] for u in sel)
            if v is stack.Verdict.SATISFIED and (best is None or c < best):
                best = c
            open_ = open_ or v is stack.Verdict.INDETERMINATE
    return best, open_


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_instances(), st.integers(0, 3), st.lists(st.integers(1, 5), min_size=4,
                                                     max_size=4))
def test_plan_agrees_with_oracle(inst: Inst, n_base: int, prices: list[int]) -> None:
    """plan() finds a cheapest candidate set the oracle accepts (fractions, caps, retakes,
    conversions), or says none exists exactly when the oracle finds none."""
    base, cands = inst.units[:n_base], inst.units[n_base:]
    cost = {u.id: prices[i] for i, u in enumerate(inst.units)}
    p = stack.plan(inst.target, base, cands, as_of=AS_OF, conversion=inst.conversion,
                   cost=lambda u: Fraction(cost[u.id]), conditions=inst.conditions)
    best, open_ = _plan_oracle(inst, base, cands, cost)
    if p.verdict is stack.Verdict.SATISFIED:
        assert best is not None and p.cost == best, (p.add, best)
        chosen = [u for u in cands if u.id in p.add]
        assert oracle_verdict(Inst([*base, *chosen], inst.target, inst.conversion,
                                   inst.conditions)) is stack.Verdict.SATISFIED
    elif p.verdict is stack.Verdict.NOT_SATISFIED:
        assert best is None and not open_
    else:
        assert p.verdict is stack.Verdict.INDETERMINATE and best is None and open_


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=6, max_size=12), st.integers(5, 40),
       st.lists(st.integers(1, 9), min_size=12, max_size=12))
def test_plan_cheapest_with_many_candidates(sizes: list[int], need: int,
                                            prices: list[int]) -> None:
    """A credit threshold over up to 12 candidates (4,096 sets, beyond the oracle above): the
    plan's cost is the brute-force minimum, with no search budget involved."""
    target = stack.Requirement("r", credits=stack.Credits(need, "ECTS"))
    cands = [stack.Unit(id=f"c{i:02d}", credits=stack.Credits(s, "ECTS"))
             for i, s in enumerate(sizes)]
    price = {u.id: prices[i] for i, u in enumerate(cands)}
    p = stack.plan(target, [], cands, as_of=AS_OF, cost=lambda u: Fraction(price[u.id]))
    best = None
    for r in range(len(cands) + 1):
        for sel in itertools.combinations(range(len(cands)), r):
            if sum(sizes[i] for i in sel) >= need:
                c = sum(prices[i] for i in sel)
                best = c if best is None or c < best else best
    if best is None:
        assert p.verdict is stack.Verdict.NOT_SATISFIED
    else:
        assert p.verdict is stack.Verdict.SATISFIED and p.reason is None and p.cost == best
