"""The exact core: an integer program of one view, decided by a solver library.

Credit thresholds over whole units are bin packing (NP-hard), so the hand-written flow
algorithms stay in front for the polynomial cases and this model decides everything else:
a component of active requirements (:func:`build`, fixed leaves) or the whole tree with its
choices (``tree=True``: one binary per node, ``k`` of the children of each group).

Every coefficient is an integer of the view's exact scale.  The backend is HiGHS (``highspy``,
branch and cut), chosen by measurement against OR-Tools CP-SAT in ``benchmarks/bench_stack.py``
(see ``docs/stack.md``).  A solution is accepted only after the solver's own exact check
(:meth:`Solver.verify`), so the backend is never trusted to say "satisfied".

The model (x: unit ``u`` counts for leaf ``l``; s: node satisfied):

* once per counting layer: ``Σ_l∈layer x[u,l] ≤ 1``;
* a leaf: ``Σ_u amt[l][u]·x[u,l] ≥ demand[l]·s[l]`` (``s[l] = 1`` for fixed leaves);
* a group: ``Σ_children s ≥ k·s[g]``, the root ``s = 1``;
* retakes: at most one unit per achievement key counts for a leaf unless it is repeatable;
* a cap: each unit counts once per cap with the largest weight it is used with in its scope
  (``y[u,c] ≥ w·x[u,l]``), ``Σ_u y[u,c] ≤ limit``;
* a sharing cap: ``shared[u] = 1`` when ``u`` counts in two or more of its layers,
  ``Σ_u w[u]·shared[u] ≤ limit``;
* prerequisites: ``x[u,l] + x[v,p] ≤ 1`` when ``p`` is a prerequisite of ``l`` and ``v`` was
  earned after ``u``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING, Any

from .._errors import StackError

if TYPE_CHECKING:
    from ._compile import Group
    from ._solve import Solver

Term = tuple[int, int]  # (variable, coefficient)


@dataclass
class Model:
    """A backend-neutral integer program: variables with bounds, linear rows, an objective."""

    lb: list[int] = field(default_factory=list)
    ub: list[int] = field(default_factory=list)
    rows: list[tuple[list[Term], int | None, int | None]] = field(default_factory=list)
    objective: list[Term] = field(default_factory=list)
    #: with an objective: stop after this many branch-and-bound nodes and keep the best
    #: solution found (deterministic, unlike a time limit); None: solve to optimality
    max_nodes: int | None = None

    def var(self, lb: int = 0, ub: int = 1) -> int:
        self.lb.append(lb)
        self.ub.append(ub)
        return len(self.lb) - 1

    def row(self, terms: list[Term], lo: int | None = None, hi: int | None = None) -> None:
        if terms or (lo is not None and lo > 0) or (hi is not None and hi < 0):
            self.rows.append((terms, lo, hi))


EXACT_LIMIT = 2**50  # integers a double holds exactly, with room for sums


class InexactModel(StackError):
    """The integer program has coefficients too large for exact floating-point work (amounts
    with very fine fractions): refused rather than risk a wrong verdict."""


def _check_exact(model: Model) -> None:
    big = max((abs(c) for terms, _, _ in model.rows for _, c in terms), default=0)
    big = max(big, max((abs(lo) for _, lo, _ in model.rows if lo is not None), default=0),
              max((abs(hi) for _, _, hi in model.rows if hi is not None), default=0),
              max((abs(c) for _, c in model.objective), default=0), max(model.ub, default=0))
    if big > EXACT_LIMIT:
        raise InexactModel(
            "amounts too fine-grained for the exact solver (a coefficient above 2^50 after "
            "scaling to a common denominator) / 数値の分母が大きすぎて厳密に解けません")


def _new_highs(highspy: Any) -> Any:
    """A HiGHS instance without the banner: ``highspy.Highs()`` prints one from C++ when it is
    constructed (its Python wrapper sets up callbacks); the core binding it wraps,
    ``highspy._Highs``, has the same solver methods and prints nothing, so the library never
    has to touch the process's file descriptors (the core does no I/O)."""
    core = getattr(highspy, "_Highs", None)
    return core() if core is not None else highspy.Highs()


def solve_highs(model: Model) -> list[int] | None:
    """Solve with HiGHS (branch and cut, one thread); None when infeasible.

    Every coefficient is an integer, so HiGHS's tolerances only matter for huge coefficients;
    a returned point is rounded and then checked exactly by the caller."""
    _check_exact(model)
    if not model.lb:  # no variables: every row is a constant 0
        ok = all((lo is None or lo <= 0) and (hi is None or hi >= 0) for _, lo, hi in model.rows)
        return [] if ok else None
    import highspy
    import numpy as np

    h = _new_highs(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    n = len(model.lb)
    inf = highspy.kHighsInf
    idx = np.arange(n, dtype=np.int32)
    cost = np.zeros(n)
    for v, c in model.objective:
        cost[v] += c
    h.addVars(n, np.array(model.lb, dtype=float), np.array(model.ub, dtype=float))
    if model.objective:
        h.changeColsCost(n, idx, cost)
    h.changeColsIntegrality(n, idx, np.array([highspy.HighsVarType.kInteger] * n))
    for terms, lo, hi in model.rows:
        h.addRow(-inf if lo is None else float(lo), inf if hi is None else float(hi),
                 len(terms), np.array([v for v, _ in terms], dtype=np.int32),
                 np.array([float(c) for _, c in terms]))
    if model.objective:  # integer objective: a gap below 1 is optimality (default 1e-4 rel.)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.5)
    if model.max_nodes is not None:
        h.setOptionValue("mip_max_nodes", model.max_nodes)
    h.run()
    status = h.getModelStatus()
    if model.max_nodes is not None and status != highspy.HighsModelStatus.kInfeasible and (
            h.getInfo().primal_solution_status == 2):  # a feasible incumbent
        return [round(x) for x in h.getSolution().col_value]
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status == highspy.HighsModelStatus.kModelEmpty:  # variables without rows
        return list(model.lb)
    if status != highspy.HighsModelStatus.kOptimal:  # pragma: no cover - no limit is set
        raise StackError(f"exact solver stopped without an answer ({status}) "
                         "/ 厳密ソルバーが解を返しませんでした")
    return [round(x) for x in h.getSolution().col_value]


BACKEND: Callable[[Model], list[int] | None] = solve_highs


@dataclass
class Built:
    model: Model
    x: dict[tuple[int, int], int]  # (unit, leaf) -> variable
    s: dict[int, int]  # leaf -> variable (tree mode)


def build(solver: Solver, leaves: frozenset[int], tree: Group | int | None = None,
          extra: Callable[[Model, dict[tuple[int, int], int]], None] | None = None,
          soft: bool = False) -> Built:
    """The model of ``leaves`` (all required) or, with ``tree``, of the tree's choices; with
    ``soft``, of as many of ``leaves`` as can be met together (the objective)."""
    prog, view, units = solver.prog, solver.view, solver.units
    lv = prog.leaves
    m = Model()
    x: dict[tuple[int, int], int] = {}
    for li in sorted(leaves):
        for u in sorted(view.amt[li]):
            x[(u, li)] = m.var()
    s: dict[int, int] = {}
    if tree is not None:
        def node(g: Group | int) -> int:
            if isinstance(g, int):
                s[g] = m.var()
                return s[g]
            v = m.var()
            kids = [node(c) for c in g.children]
            m.row([*((c, 1) for c in kids), (v, -g.k)], lo=0)
            return v
        root = node(tree)
        m.row([(root, 1)], lo=1)
    elif soft:
        for li in sorted(leaves):
            s[li] = m.var()
            m.objective.append((s[li], -1))
    by_layer: dict[tuple[int, str], list[int]] = {}
    for (u, li), v in x.items():
        by_layer.setdefault((u, lv[li].layer), []).append(v)
    for vs in by_layer.values():
        if len(vs) > 1:
            m.row([(v, 1) for v in vs], hi=1)
    for li in sorted(leaves):
        # whole units: divide by the gcd of the amounts and round the demand up (exact, and
        # a much stronger relaxation for packings whose amounts share a factor)
        g = 0
        for a in view.amt[li].values():
            g = gcd(g, a)
        g = g or 1
        need = -(-view.demand[li] // g)
        terms = [(x[(u, li)], a // g) for u, a in sorted(view.amt[li].items())]
        if li in s:
            m.row([*terms, (s[li], -need)], lo=0)
        else:
            m.row(terms, lo=need)
        if not lv[li].req.repeatable:
            groups: dict[str, list[int]] = {}
            for u in view.amt[li]:
                groups.setdefault(units[u].key, []).append(x[(u, li)])
            for vs in groups.values():
                if len(vs) > 1:
                    m.row([(v, 1) for v in vs], hi=1)
    for c, spec in enumerate(prog.caps):
        per_unit: dict[int, list[tuple[int, int]]] = {}
        terms = []
        most = 0  # the most the cap could count: no row needed when it is within the limit
        for li in sorted(spec.scope & leaves):
            granted = (c, li) in view.capval  # a value= leaf: its value, for every unit
            for u in view.amt[li]:
                w = view.cw(c, li, u)
                if w is not None and w > 0:
                    if granted:
                        terms.append((x[(u, li)], w))
                        most += w
                    else:
                        per_unit.setdefault(u, []).append((x[(u, li)], w))
        for opts in per_unit.values():
            top = max(w for _, w in opts)
            most += top
            if len(opts) == 1:
                terms.append((opts[0][0], opts[0][1]))
                continue
            same = all(w == top for _, w in opts)
            y = m.var(0, 1 if same else top)
            for v, w in opts:
                m.row([(y, 1), (v, -(1 if same else w))], lo=0)
            terms.append((y, top if same else 1))
        if terms and most > view.climit[c]:
            m.row(terms, hi=view.climit[c])
    for k, sh in enumerate(prog.shares):
        lays = sorted(sh.layers)
        terms = []
        for u, w in view.sharew[k].items():
            per: list[list[int]] = [[x[(u, li)] for li in sorted(leaves)
                                     if (u, li) in x and lv[li].layer == lay] for lay in lays]
            per = [p for p in per if p]
            if len(per) < 2 or w <= 0:
                continue
            sv = m.var()
            m.row([*((v, 1) for p in per for v in p), (sv, -(len(per) - 1))], hi=1)
            terms.append((sv, w))
        if terms:
            m.row(terms, hi=view.slimit[k])
    for li in sorted(leaves):
        for p in lv[li].after:
            if p not in leaves:
                continue
            for u in view.amt[li]:
                du = units[u].earned_on
                if du is None:
                    continue
                for w in view.amt[p]:
                    dw = units[w].earned_on
                    if dw is not None and dw > du:
                        m.row([(x[(u, li)], 1), (x[(w, p)], 1)], hi=1)
    if tree is None:
        _break_symmetry(solver, leaves, m, x)
    if extra is not None:
        extra(m, x)
    return Built(m, x, s)


def _break_symmetry(solver: Solver, leaves: frozenset[int], m: Model,
                    x: dict[tuple[int, int], int]) -> None:
    """Interchangeable required leaves (same eligible units and amounts, demand, layer, caps,
    no ordering) are bins of a bin packing: number them by their first unit, so the j-th unit
    of the class may only go to the first j+1 of them (valid for every solution, relabelled)."""
    lv, view = solver.prog.leaves, solver.view
    classes: dict[tuple[object, ...], list[int]] = {}
    for li in sorted(leaves):
        leaf = lv[li]
        if leaf.after or leaf.dependents:
            continue
        sig = (tuple(sorted(view.amt[li].items())), view.demand[li], leaf.layer,
               tuple(leaf.caps), leaf.req.repeatable, leaf.req.value)
        classes.setdefault(sig, []).append(li)
    for members in classes.values():
        if len(members) < 2:
            continue
        units = sorted(view.amt[members[0]])
        for j, u in enumerate(units):
            for i in range(j + 1, len(members)):
                m.ub[x[(u, members[i])]] = 0


def solve(solver: Solver, leaves: frozenset[int], tree: Group | int | None = None
          ) -> tuple[frozenset[int], dict[tuple[int, str], int]] | None:
    """Decide exactly: (active leaves, assignment) or None when no assignment exists."""
    b = build(solver, leaves, tree)
    got = BACKEND(b.model)
    if got is None:
        return None
    return extract(solver, b, got, leaves)


def cheapest(solver: Solver, base: frozenset[int], cands: list[int],
             costs: list[Fraction]) -> list[int] | None:
    """Positions (in ``cands``) of a cheapest set of candidate units that, with ``base``,
    satisfies the whole tree; None when even all of them cannot.  Ties go to the set with the
    smallest positions (``cands`` is ordered cheapest first, then by id)."""
    scale = 1
    for c in costs:
        scale = scale * c.denominator // gcd(scale, c.denominator)
    n = len(cands)
    pos = {u: k for k, u in enumerate(cands)}
    chosen: list[int] = []

    def extra(m: Model, x: dict[tuple[int, int], int]) -> None:
        for k in range(n):
            chosen.append(m.var())
            m.objective.append((chosen[k], int(costs[k] * scale) * (n * n + 1) + k))
        for (u, _), v in x.items():
            if u in pos:
                m.row([(v, 1), (chosen[pos[u]], -1)], hi=0)
            elif u not in base:
                m.ub[v] = 0

    b = build(solver, frozenset(range(len(solver.prog.leaves))), solver.prog.root, extra)
    got = BACKEND(b.model)
    if got is None:
        return None
    extract(solver, b, got, frozenset(range(len(solver.prog.leaves))))
    return [k for k in range(n) if got[chosen[k]] == 1]


def most_together(solver: Solver, leaves: frozenset[int]
                  ) -> tuple[frozenset[int], dict[tuple[int, str], int]]:
    """A largest set of ``leaves`` that can be met together, with its assignment (for the
    explanation of a component that cannot be met whole)."""
    b = build(solver, leaves, soft=True)
    b.model.max_nodes = 500
    got = BACKEND(b.model)
    if got is None:  # pragma: no cover - meeting none of them is always possible
        return frozenset(), {}
    return extract(solver, b, got, leaves)


def extract(solver: Solver, b: Built, got: list[int], leaves: frozenset[int]
            ) -> tuple[frozenset[int], dict[tuple[int, str], int]]:
    lv = solver.prog.leaves
    active = frozenset(li for li in leaves if not b.s or got[b.s[li]] == 1)
    assign: dict[tuple[int, str], int] = {}
    for (u, li), v in b.x.items():
        if got[v] == 1 and li in active:
            assign[(u, lv[li].layer)] = li
    if not solver.verify(active, assign):  # pragma: no cover - a backend defect
        raise StackError("exact solver returned an assignment that breaks a rule "
                         "/ 厳密ソルバーの解が規則に反しています")
    return active, assign


