"""``resolve``: structural checks, both views, verdict, explanation (bilingual)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from fractions import Fraction
from operator import attrgetter

from .._errors import StackError
from ._compile import Group, Program, compile_target
from ._elig import YES, Eligibility, compute
from ._exact import most_together
from ._model import ConversionPolicy, Match, Node, Unit, _fmt
from ._result import (
    Progress,
    Rejection,
    Resolution,
    Shortfall,
    StructuralIssue,
    Verdict,
    new_allocation,
    new_progress,
    new_rejection,
)
from ._solve import OutOfBudget, Solver, make_view

DEFAULT_BUDGET = 10_000
_BY_ID = attrgetter("id")
EXPLAIN_BUDGET = 20_000
_ZERO = Fraction(0)


@dataclass
class _Outcome:
    kind: str  # "sat" | "unsat"
    active: frozenset[int] | None = None
    assign: dict[tuple[int, str], int] | None = None


def check_units(earned: Iterable[Unit]) -> list[Unit]:
    """Validate the record: units only, unique ids; returns the units sorted by id."""
    units = list(earned)
    seen: set[str] = set()
    for i, u in enumerate(units):
        if not isinstance(u, Unit):
            raise StackError(f"earned[{i}] is a {type(u).__name__}, not a stack.Unit "
                             "/ stack.Unit ではありません")
        if u.id in seen:
            raise StackError(f"duplicate unit id {u.id!r} in the record / 単位IDが重複しています")
        seen.add(u.id)
    return sorted(units, key=_BY_ID)


def check_conditions(conditions: Iterable[str]) -> frozenset[str]:
    """The names of the conditions that are met (strings, not one string)."""
    if isinstance(conditions, str):
        raise StackError("conditions must be a collection of names, not one string "
                         "/ conditions には名前の集合を指定してください")
    out = frozenset(conditions)
    if not all(isinstance(c, str) for c in out):
        raise StackError("conditions must be names (strings) / 条件名は文字列です")
    return out


def check_as_of(as_of: object) -> date:
    """``as_of`` must be given explicitly as a date (a datetime is reduced to its date)."""
    if isinstance(as_of, datetime):
        return as_of.date()
    if not isinstance(as_of, date):
        raise StackError("as_of must be a datetime.date (the resolver never reads the clock) "
                         "/ as_of には日付を指定してください")
    return as_of


def resolve(target: Node, earned: Iterable[Unit], *, as_of: date,
            targets: Mapping[str, Node] | None = None,
            conversion: ConversionPolicy | None = None,
            budget: int = DEFAULT_BUDGET, conditions: Iterable[str] = ()) -> Resolution:
    """Decide whether ``earned`` satisfies ``target`` on ``as_of``, exactly, and explain it.

    ``targets`` names the trees that :class:`Ref` nodes point to; ``conditions`` names the
    :class:`Condition` nodes that are met (admission, enrolment...); ``conversion`` declares how
    credits convert between systems (default: the ``conversion`` the root group declares, else
    through notional hours as intervals, and a straddled threshold gives INDETERMINATE);
    ``budget`` bounds the work of the enumeration of choices before the whole tree goes to the
    exact integer program (the verdict does not depend on it: INDETERMINATE means uncertain
    data, never "the search ran out").  Malformed input (not units, duplicate unit ids, no
    ``as_of`` date) raises :class:`microcred.StackError`; a structurally
    invalid pathway gives the STRUCTURAL_ERROR verdict (see ``Resolution.raise_for_structure``).
    """
    day = check_as_of(as_of)
    units = check_units(earned)
    policy = conversion or getattr(target, "conversion", None) or ConversionPolicy()
    with collector_paused():
        prog = compile_target(target, targets or {}, check_conditions(conditions))
        if any(i.severity == "error" for i in prog.issues):
            return Resolution(Verdict.STRUCTURAL_ERROR, reason="structure",
                              issues=tuple(prog.issues))
        el = compute(prog, units, day, policy)
        res = _decide(prog, units, el, budget)
    return replace(res, issues=tuple(prog.issues)) if prog.issues else res


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of one resolver call.

    The resolver allocates many small containers (index lists, pair tuples, exact fractions)
    and keeps them alive until it returns; with the collector running, each of its frequent
    collections traverses all of them again (on 10,000 units x 2,000 requirements that was
    about a third of the time).  The temporaries are freed by reference counting when the call
    returns, whatever the collector does, so pausing it changes no result, only when cyclic
    garbage made meanwhile is collected (at the next collection after the call).  The
    collector is resumed only if this call paused it.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def validate(target: Node, *, targets: Mapping[str, Node] | None = None
             ) -> tuple[StructuralIssue, ...]:
    """Structural checks of a pathway alone (no units): reference and prerequisite cycles,
    dangling references, duplicate names, impossible demands.  Empty when the pathway is sound."""
    return tuple(compile_target(target, targets or {}).issues)


def _run(solver: Solver) -> _Outcome:
    """Enumerate configurations within the budget, then decide the rest exactly: the whole
    tree, choices included, goes to the integer program (never "the search ran out")."""
    try:
        for active in solver.configs(solver.prog.root):
            ok, assign, _ = solver.solve_active(active)
            if ok:
                return _Outcome("sat", active, assign)
            solver.failed += 1
    except OutOfBudget:
        got = solver.solve_tree()
        if got is None:
            return _Outcome("unsat")
        return _Outcome("sat", got[0], got[1])
    return _Outcome("unsat")


def _decide(prog: Program, units: list[Unit], el: Eligibility, budget: int) -> Resolution:
    pess = Solver(prog, units, make_view(prog, el, optimistic=False), budget)
    out = _run(pess)
    if out.kind == "sat":
        assert out.active is not None and out.assign is not None
        return _build(prog, units, el, pess, Verdict.SATISFIED, None, out.active, out.assign, ())
    opt = pess
    if el.is_uncertain:
        ids = {x.unit for x in el.uncertain}
        doubtful = frozenset(i for i, u in enumerate(units) if u.id in ids)
        opt = Solver(prog, units, make_view(prog, el, optimistic=True), budget, doubtful)
        out2 = _run(opt)
        if out2.kind != "unsat":
            assert out2.active is not None and out2.assign is not None
            opt, out2 = _fewest_doubts(prog, units, el, opt, out2, budget)
            assert out2.active is not None and out2.assign is not None
            return _indeterminate(prog, units, el, opt, out2.active, out2.assign,
                                  pess.work + opt.work)
    # proven NOT_SATISFIED in the optimistic view (which equals the pessimistic one if certain)
    active, assign, missing = _explain(prog, units, opt)
    return _build(prog, units, el, opt, Verdict.NOT_SATISFIED, None, active, assign, missing)


def _pessimistic_for(el: Eligibility, fixed: frozenset[int]) -> Eligibility:
    """The eligibility with the doubts of the units in ``fixed`` read unfavourably (unknown
    eligibility dropped, conversion at its low end; caps: counted, at the high end)."""
    pairs = [{u: ((YES, lo, lo) if u in fixed else (st, lo, hi))
              for u, (st, lo, hi) in d.items() if not (u in fixed and st != YES)}
             for d in el.pairs]
    capw = [{u: ((YES, hi, hi) if u in fixed else (st, lo, hi)) for u, (st, lo, hi) in d.items()}
            for d in el.capw]
    return replace(el, pairs=pairs, capw=capw)


def _fewest_doubts(prog: Program, units: list[Unit], el: Eligibility, opt: Solver,
                   out: _Outcome, budget: int) -> tuple[Solver, _Outcome]:
    """Read the doubts of the units the favourable reading uses unfavourably, one unit at a
    time, as long as the target stays satisfiable: the doubts left are each needed (an
    inclusion-minimal set), so a doubt that cannot change the verdict is not reported."""
    assert out.assign is not None
    doubtful = sorted({u for (u, _), _li in out.assign.items()
                       if u in opt.doubtful}, key=lambda u: units[u].id)
    fixed: frozenset[int] = frozenset(u for u in range(len(units)) if u in opt.doubtful
                                      and u not in doubtful)
    for u in doubtful:
        trial = fixed | {u}
        view_el = _pessimistic_for(el, trial)
        solver = Solver(prog, units, make_view(prog, view_el, optimistic=True), budget,
                        opt.doubtful - trial)
        got = _run(solver)
        if got.kind == "sat":
            fixed, opt, out = trial, solver, got
    return opt, out


def _indeterminate(prog: Program, units: list[Unit], el: Eligibility, opt: Solver,
                   active: frozenset[int], assign: dict[tuple[int, str], int],
                   work: int) -> Resolution:
    """Uncertain data: the favourable reading's assignment with every amount as a range (the
    certain low end to the favourable high end), and only the uncertainties it relies on."""
    low: dict[int, Fraction] = {}
    allocs = []
    used: set[tuple[str, str]] = set()
    for (u, lay), li in assign.items():
        leaf = prog.leaves[li]
        st, lo, hi = el.pairs[li][u]
        lo = lo if st == YES else _ZERO
        low[li] = low.get(li, _ZERO) + lo
        allocs.append(new_allocation(units[u].id, leaf.path, lay, lo, hi, leaf.measure))
        used.add((units[u].id, leaf.path))
        for c in leaf.caps:
            used.add((units[u].id, prog.caps[c].path))
    allocs.sort(key=lambda a: (a.requirement, a.unit))
    still = {units[u].id for u in opt.doubtful}  # the doubts still read favourably
    relied = tuple(x for x in el.uncertain if (x.unit, x.requirement) in used
                   and x.unit in still)
    return Resolution(
        Verdict.INDETERMINATE, reason="uncertain_data", assignment=tuple(allocs),
        progress=_progress(prog, units, opt, active, assign, low),
        rejected=_rejections(prog, units, el, opt, active, assign),
        uncertainties=relied or tuple(el.uncertain), work=work)


def _build(prog: Program, units: list[Unit], el: Eligibility, solver: Solver, verdict: Verdict,
           reason: str | None, active: frozenset[int], assign: dict[tuple[int, str], int],
           missing: tuple[Shortfall, ...]) -> Resolution:
    allocs = []
    ids = _ids(solver, units)
    for (u, lay), li in assign.items():
        leaf = prog.leaves[li]
        _, lo, hi = el.pairs[li][u]
        allocs.append(new_allocation(ids[u], leaf.path, lay, lo, hi, leaf.measure))
    allocs.sort(key=lambda a: (a.requirement, a.unit))
    return Resolution(
        verdict, reason=reason, assignment=tuple(allocs),
        progress=_progress(prog, units, solver, active, assign),
        rejected=_rejections(prog, units, el, solver, active, assign),
        missing=missing, work=solver.work)


def _ids(solver: Solver, units: list[Unit]) -> list[str]:
    """Unit ids by index: gathered with the eligibility, else read from the units."""
    return solver.view.ids or [u.id for u in units]


def _leaf_fill(solver: Solver, assign: dict[tuple[int, str], int]) -> dict[int, int]:
    """Counted amount per leaf (scaled integers of the solver's view)."""
    got: dict[int, int] = {}
    amt = solver.view.amt
    for (u, _), li in assign.items():
        got[li] = got.get(li, 0) + amt[li].get(u, 0)
    return got


def _progress(prog: Program, units: list[Unit], solver: Solver, active: frozenset[int],
              assign: dict[tuple[int, str], int],
              low: dict[int, Fraction] | None = None) -> dict[str, Progress]:
    """Progress of every node; with ``low`` (uncertain data) a leaf's progress is the range
    from ``low`` (certain) to what the solver's reading counts, and it is met only if ``low``
    meets it."""
    got = _leaf_fill(solver, assign)
    view = solver.view
    out: dict[str, Progress] = {}
    sat: dict[int, bool] = {}
    owner = _owners(assign)
    ids = _ids(solver, units)
    fracs: dict[tuple[int, int], Fraction] = {}  # equal amounts share one (immutable) Fraction

    def frac(x: int, scale: int = view.scale) -> Fraction:
        got = fracs.get((x, scale))
        if got is None:
            got = fracs[(x, scale)] = Fraction(x, scale)
        return got
    for leaf in prog.leaves:
        g = got.get(leaf.idx, 0)
        high: Fraction | None = None
        if low is not None:
            high = view.frac(g)
            lo = low.get(leaf.idx, _ZERO)
            ok = leaf.idx in active and lo >= leaf.demand
        else:
            ok = leaf.idx in active and g >= view.demand[leaf.idx]
        sat[leaf.idx] = ok
        own = owner.get(leaf.layer, {})
        li = leaf.idx
        elsewhere = tuple(sorted(ids[u] for u in view.amt[li] if own.get(u, li) != li))
        out[leaf.path] = new_progress(
            leaf.path, "leaf", frac(g) if low is None else low.get(leaf.idx, _ZERO),
            leaf.demand, leaf.measure, ok,
            leaf.idx in active, elsewhere, leaf.req.title, leaf.req.title_ja, high)

    def walk(node: Group | int, on: bool) -> bool:
        if isinstance(node, int):
            return sat[node]
        n_ok = sum(1 for c in node.children if walk(c, on))
        ok = n_ok >= node.k
        is_active = on and _any_active(node, active)
        out[node.path] = new_progress(node.path, node.kind, frac(n_ok, 1), frac(node.k, 1),
                                      "children", ok, is_active, (), node.title,
                                      node.title_ja, None)
        return ok

    walk(prog.root, True)
    return out


def _owners(assign: dict[tuple[int, str], int]) -> dict[str, dict[int, int]]:
    """The assignment per layer: layer -> unit -> leaf."""
    owner: dict[str, dict[int, int]] = {}
    for (u, lay), li in assign.items():
        got = owner.get(lay)
        if got is None:
            got = owner[lay] = {}
        got[u] = li
    return owner


def _any_active(node: Group | int, active: frozenset[int]) -> bool:
    if isinstance(node, int):
        return node in active
    return any(_any_active(c, active) for c in node.children) or node.k == 0


def _rejections(prog: Program, units: list[Unit], el: Eligibility, solver: Solver,
                active: frozenset[int], assign: dict[tuple[int, str], int]
                ) -> tuple[Rejection, ...]:
    used = {u for (u, _) in assign}
    got = _leaf_fill(solver, assign)
    demand = solver.view.demand
    amt = solver.view.amt
    capw = solver.view.capw
    leaves = prog.leaves
    eligible_for: dict[int, list[int]] = {}
    for li, d in enumerate(amt):
        for u in d:
            lst = eligible_for.get(u)
            if lst is None:
                eligible_for[u] = [li]
            else:
                lst.append(li)
    out: list[Rejection] = []
    add = out.append
    ids = _ids(solver, units)
    global_reject = el.global_reject
    near_miss = el.near_miss
    idle = "inactive" if active else "not_needed"
    for u in range(len(units)):
        if u in used:
            continue
        uid = ids[u]
        code = global_reject.get(u)
        if code is not None:
            add(new_rejection(uid, code, None))
            continue
        lis = eligible_for.get(u)
        if not lis:
            near = near_miss.get(u)
            if near:
                li, code = min(near)
                add(new_rejection(uid, code, leaves[li].path))
            else:
                add(new_rejection(uid, "no_match", None))
            continue
        act = [li for li in lis if li in active]
        if not act:
            add(new_rejection(uid, idle, None))
            continue
        short = [li for li in act if got.get(li, 0) < demand[li]]
        if not short:
            add(new_rejection(uid, "not_needed", None))
            continue
        capped = any(u in capw[c] for li in short for c in leaves[li].caps)
        add(new_rejection(uid, "cap_reached" if capped else "blocked", leaves[short[0]].path))
    # units that an unmet requirement could use but that count elsewhere in its layer
    for leaf in leaves:
        li = leaf.idx
        if li not in active or got.get(li, 0) >= demand[li]:
            continue
        for u in sorted(amt[li], key=ids.__getitem__):
            other = assign.get((u, leaf.layer))
            if other is not None and other != li:
                add(new_rejection(ids[u], "used_elsewhere", leaf.path))
    return tuple(out)


# ---------------------------------------------------------------------- NOT_SATISFIED detail
def _default_config(solver: Solver, node: Group | int) -> frozenset[int]:
    if isinstance(node, int):
        return frozenset({node})
    kids = list(node.children)
    if node.k < len(kids):
        order = []
        for i, c in enumerate(kids):
            try:
                ok = solver.alone(c)
            except OutOfBudget:
                ok = False
            order.append((not ok, -_closeness(solver, _default_config(solver, c)), i))
        kids = [kids[i] for _, _, i in sorted(order)[: node.k]]
    out: frozenset[int] = frozenset()
    for c in kids:
        out |= _default_config(solver, c)
    return out


def _closeness(solver: Solver, leaves: frozenset[int]) -> Fraction:
    """Average share of each leaf's demand that its eligible units could cover on their own."""
    if not leaves:
        return Fraction(1)
    tot = Fraction(0)
    for li in leaves:
        have = sum(solver.view.amt[li].values())
        tot += min(Fraction(1), Fraction(have, max(1, solver.view.demand[li])))
    return tot / len(leaves)


def describe_match(m: Match, held: set[str] | None = None, *,
                   repeatable: bool = False) -> tuple[str, str]:
    """A short English/Japanese description of what a unit must look like to match ``m``.

    ``held`` are the achievements that already count (or could): they are not suggested again
    unless the requirement is ``repeatable`` (a retake of a course is the same course)."""
    en: list[str] = []
    ja: list[str] = []
    if m.ids is not None:
        ids = sorted(m.ids - (held or set()))
        every = ", ".join(sorted(m.ids))
        if ids:
            en.append("one of " + ", ".join(ids))
            ja.append("次のいずれか: " + "、".join(ids))
        elif repeatable:
            en.append("a repeat of " + every)
            ja.append("次の再履修: " + "、".join(sorted(m.ids)))
        else:
            en.append(f"nothing more: each of {every} counts once")
            ja.append(f"追加できる単位はありません（{'、'.join(sorted(m.ids))} は各一回のみ算入）")
    if m.tags is not None:
        en.append("tagged " + " or ".join(sorted(m.tags)))
        ja.append("タグ " + "／".join(sorted(m.tags)))
    if m.all_tags is not None:
        en.append("tagged all of " + ", ".join(sorted(m.all_tags)))
        ja.append("タグ（すべて） " + "、".join(sorted(m.all_tags)))
    if m.issuers is not None:
        en.append("issued by " + " or ".join(sorted(m.issuers)))
        ja.append("発行機関 " + "／".join(sorted(m.issuers)))
    if m.routes is not None:
        en.append("via " + " or ".join(sorted(r.label_en for r in m.routes)))
        ja.append("経路 " + "／".join(sorted(r.label_ja for r in m.routes)))
    if m.min_level is not None:
        en.append(f"level ≥ {m.min_level}")
        ja.append(f"レベル {m.min_level} 以上")
    if m.min_grade is not None:
        en.append(f"grade ≥ {_fmt(m.min_grade)}")
        ja.append(f"成績 {_fmt(m.min_grade)} 以上")
    if m.covers is not None:
        cov = f" ≥ {_fmt(m.min_coverage)}" if m.min_coverage is not None else ""
        en.append(f"covering {m.covers}{cov}")
        ja.append(f"{m.covers} の内容を{cov}充足")
    if m.max_age_years is not None:
        en.append(f"earned within {m.max_age_years} years")
        ja.append(f"{m.max_age_years} 年以内に修得")
    if not en:
        return "any unit", "任意の単位"
    return "; ".join(en), "、".join(ja)


def _explain(prog: Program, units: list[Unit], solver: Solver
             ) -> tuple[frozenset[int], dict[tuple[int, str], int], tuple[Shortfall, ...]]:
    """Pick a configuration, find the conflicting requirement sets and a best partial fill."""
    ex = Solver(prog, units, solver.view, EXPLAIN_BUDGET)
    ex.alone_memo = solver.alone_memo
    ex.comp_memo = solver.comp_memo
    active = _default_config(ex, prog.root)
    assign: dict[tuple[int, str], int] = {}
    shortfalls: list[Shortfall] = []
    for comp in ex.components(active):
        res = ex.comp_memo.get(comp)
        if res is None:
            try:
                res = ex.solve_component(comp)
            except OutOfBudget:
                res = None
        if res is not None and res.ok:
            assign.update(res.assign)
            continue
        # a largest set of these requirements that can be met together (exact)
        met, best = most_together(ex, comp)
        ok_set = sorted(met)
        assign.update(best)
        unmet = sorted(set(comp) - set(ok_set))
        _fill(prog, ex, assign, unmet)
        conflict: set[int]
        proven: tuple[str, Fraction] | None = None
        if res is not None and res.hall is not None:
            conflict = set(res.hall[0])
            _, amount, measure = res.hall
            if measure == "units":
                proven = (measure, Fraction(amount))
            elif measure:
                proven = (measure, ex.view.frac(amount))
        else:
            conflict = set(unmet)
            for li in ok_set:
                lay = prog.leaves[li].layer
                if any(any(prog.leaves[x].layer == lay and u in ex.view.amt[x] for x in unmet)
                       for u in ex.view.amt[li]):
                    conflict.add(li)
        shortfalls.append(_shortfall(prog, ex, sorted(conflict), unmet, assign, proven))
    for g in prog.groups:  # a condition is granted, not earned: say so, suggest no unit
        if g.kind == "condition" and g.k == 1:
            name = g.title or g.path
            shortfalls.append(Shortfall(
                (g.path,), {}, {}, {}, (),
                f"{g.path}: condition {name!r} is not met (it is granted, e.g. admission, "
                "not earned by adding units)",
                f"{g.path}: 条件 {name!r} を満たしていません（入学許可などの条件で、"
                "単位の追加では満たせません）"))
    return active, assign, tuple(shortfalls)


def _fill(prog: Program, solver: Solver, assign: dict[tuple[int, str], int],
          unmet: list[int]) -> None:
    """Give unused eligible units to unmet leaves (partial progress), respecting caps."""
    capused: dict[int, int] = {}
    for (u, _), li in assign.items():
        for c in prog.leaves[li].caps:
            w = solver.view.cw(c, li, u)
            if w is not None:
                capused[c] = capused.get(c, 0) + w
    for li in unmet:
        leaf = prog.leaves[li]
        have = 0
        for u in sorted(solver.view.amt[li], key=solver.rank.__getitem__):
            if have >= solver.view.demand[li]:
                break
            if (u, leaf.layer) in assign:
                continue
            ws = [(c, solver.view.cw(c, li, u) or 0) for c in leaf.caps
                  if u in solver.view.capw[c]]
            if any(capused.get(c, 0) + w > solver.view.climit[c] for c, w in ws):
                continue
            if leaf.after or leaf.dependents or any(
                    leaf.layer in sh.layers for sh in prog.shares):
                continue  # keep the partial fill trivially valid
            for c, w in ws:
                capused[c] = capused.get(c, 0) + w
            assign[(u, leaf.layer)] = li
            have += solver.view.amt[li][u]


def _saturated_caps(prog: Program, solver: Solver, unmet: list[int],
                    assign: dict[tuple[int, str], int]) -> list[tuple[str, Fraction, Fraction]]:
    """Caps that stop an eligible unit from joining an unmet leaf: (path, used, limit)."""
    view = solver.view
    used = [0] * len(prog.caps)
    for (u, _), li in assign.items():
        for c in prog.leaves[li].caps:
            used[c] += view.cw(c, li, u) or 0
    out = []
    for c, spec in enumerate(prog.caps):
        for li in unmet:
            if c in prog.leaves[li].caps and any(
                    (u, prog.leaves[li].layer) not in assign
                    and used[c] + (view.cw(c, li, u) or 0) > view.climit[c]
                    for u in view.amt[li] if u in view.capw[c]):
                out.append((spec.path, view.frac(used[c]), view.frac(view.climit[c])))
                break
    return out


def _shortfall(prog: Program, solver: Solver, conflict: list[int], unmet: list[int],
               assign: dict[tuple[int, str], int],
               proven: tuple[str, Fraction] | None = None) -> Shortfall:
    required: dict[str, Fraction] = {}
    available: dict[str, Fraction] = {}
    seen: dict[str, set[tuple[int, str]]] = {}
    for li in conflict:
        leaf = prog.leaves[li]
        meas = leaf.measure
        required[meas] = required.get(meas, _ZERO) + leaf.demand
        s = seen.setdefault(meas, set())
        for u, a in solver.view.amt[li].items():
            if (u, leaf.layer) not in s:
                s.add((u, leaf.layer))
                available[meas] = available.get(meas, _ZERO) + solver.view.frac(a)
        available.setdefault(meas, _ZERO)
    deficit = {k: max(_ZERO, v - available.get(k, _ZERO)) for k, v in required.items()}
    if proven is not None:  # the deficit of the violated flow relaxation (min cut)
        deficit[proven[0]] = max(deficit.get(proven[0], _ZERO), proven[1])
    paths = tuple(prog.leaves[li].path for li in conflict)
    close_en: list[str] = []
    close_ja: list[str] = []
    for li in unmet:
        keys = {solver.units[u].key for u in solver.view.amt[li]}
        keys |= {solver.units[u].id for u in solver.view.amt[li]}
        en, ja = describe_match(prog.leaves[li].req.match, keys,
                                repeatable=prog.leaves[li].req.repeatable)
        close_en.append(f"{prog.leaves[li].path}: {en}")
        close_ja.append(f"{prog.leaves[li].path}: {ja}")
    req_s = ", ".join(f"{_fmt(v)} {k}" for k, v in sorted(required.items()))
    av_s = ", ".join(f"{_fmt(v)} {k}" for k, v in sorted(available.items()))
    def_s = ", ".join(f"{_fmt(v)} {k}" for k, v in sorted(deficit.items()) if v > 0)
    if len(paths) == 1:
        en = f"{paths[0]} cannot be met: it needs {req_s}; eligible units supply {av_s}"
        ja = f"{paths[0]} は満たせません: 必要 {req_s}、該当単位の合計 {av_s}"
    else:
        en = (f"{', '.join(paths)} cannot be met together: they need {req_s}; eligible units "
              f"supply {av_s}")
        ja = f"{'、'.join(paths)} は同時に満たせません: 必要 {req_s}、該当単位の合計 {av_s}"
    if def_s:
        en += f"; at least {def_s} more needed"
        ja += f"、少なくともあと {def_s} 必要"
    else:
        en += " (units are indivisible or blocked by caps/ordering)"
        ja += "（単位は分割できない、または上限・順序の制約があります）"
    for path, used, limit in _saturated_caps(prog, solver, unmet, assign):
        en += f"; cap {path} reached ({_fmt(used)} of {_fmt(limit)} used)"
        ja += f"、上限 {path} に到達（{_fmt(limit)} のうち {_fmt(used)} 使用）"
    if close_en:
        en += ". Could close it: " + " | ".join(close_en)
        ja += "。追加候補: " + " ｜ ".join(close_ja)
    return Shortfall(paths, required, available, deficit, tuple(close_en), en, ja)
