"""The solver: b-matching by augmenting paths and flow bounds for the polynomial cases, choice
enumeration, and the exact integer program of :mod:`._exact` for the hard core.

A *view* fixes one reading of uncertain data: the pessimistic view counts only certain
eligibility at the low end of conversion ranges (and caps at the high end); the optimistic view
the opposite.  Pessimistic-feasible implies feasible for every reading; optimistic-infeasible
implies infeasible for every reading.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from math import gcd
from typing import Any

from . import _exact
from ._compile import ROUTE_RANK, Group, Program
from ._elig import PREF_ROUTE, UNK, YES, Eligibility, pref_key
from ._flow import FlowNetwork
from ._model import Unit


class OutOfBudget(Exception):
    """Internal: the work budget is exhausted."""


@dataclass
class View:
    """One reading of the data, scaled to integers (``scale``) for fast exact arithmetic.

    ``amt[leaf][unit]`` is the amount a unit supplies to a leaf (1 for count leaves, credits in
    the leaf's system otherwise); ``demand``, cap and sharing weights and limits likewise.
    """

    scale: int
    amt: list[dict[int, int]]
    demand: list[int]
    capw: list[dict[int, int]]
    climit: list[int]
    sharew: list[dict[int, int]]
    slimit: list[int]
    capval: dict[tuple[int, int], int]
    ids: list[str] = field(default_factory=list)  # per unit, from the eligibility (or empty)
    pref: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def cw(self, c: int, li: int, u: int) -> int | None:
        """Weight of unit ``u`` used for leaf ``li`` under cap ``c`` (None: not capped)."""
        w = self.capw[c].get(u)
        if w is None:
            return None
        return self.capval.get((c, li), w)

    def frac(self, x: int) -> Fraction:
        """Back to an exact amount."""
        return Fraction(x, self.scale)


def make_view(prog: Program, el: Eligibility, optimistic: bool) -> View:
    """Build the pessimistic or optimistic view."""
    # the common denominator of every amount in this view: the eligibility collects the
    # denominators of the amounts it computes (a restricted eligibility keeps them, D2), and
    # ``sc`` below asserts that none is missing rather than flooring silently
    dens = {1} | el.dens
    dens.update(lf.demand.denominator for lf in prog.leaves)
    dens.update(c.limit.denominator for c in prog.caps)
    dens.update(sh.limit.denominator for sh in prog.shares)
    capval_f: dict[tuple[int, int], Fraction] = {}
    for c in prog.caps:
        if c.kind == "credits":
            for li in c.scope:
                val = prog.leaves[li].req.value
                if val is not None:
                    capval_f[(c.idx, li)] = val.amount
                    dens.add(val.amount.denominator)
    scale = 1
    for q in dens:
        scale = scale * q // gcd(scale, q)

    def sc(x: Fraction) -> int:
        q, r = divmod(scale, x.denominator)
        assert r == 0, "an amount outside the view's common denominator"
        return x.numerator * q

    # one pass per dictionary, straight to scaled integers; a count leaf's pairs all supply 1
    keep = (YES, UNK) if optimistic else (YES,)
    amt: list[dict[int, int]] = []
    for lf, d in zip(prog.leaves, el.pairs, strict=True):
        if lf.kind == "count":
            amt.append({u: scale for u, p in d.items() if p[0] in keep})
            continue
        a: dict[int, int] = {}
        for u, (st, lo, hi) in d.items():
            if st in keep:
                v = hi if optimistic else lo
                if v.numerator > 0:
                    a[u] = sc(v)
        amt.append(a)
    if optimistic:
        capw = [{u: sc(lo) for u, (st, lo, _) in d.items() if st == YES} for d in el.capw]
        sharew = [{u: sc(lo) for u, (lo, _) in d.items()} for d in el.sharew]
    else:
        capw = [{u: sc(hi) for u, (st, _, hi) in d.items() if st in (YES, UNK)}
                for d in el.capw]
        sharew = [{u: sc(hi) for u, (_, hi) in d.items()} for d in el.sharew]
    return View(
        scale, amt,
        [sc(lf.demand) for lf in prog.leaves],
        capw,
        [sc(c.limit) for c in prog.caps],
        sharew,
        [sc(sh.limit) for sh in prog.shares],
        {k: sc(v) for k, v in capval_f.items()},
        el.ids, el.pref, el.keys,
    )


def unit_ranks(units: list[Unit], doubtful: frozenset[int] = frozenset(),
               ids: list[str] | None = None, pref: list[int] | None = None) -> list[int]:
    """Each unit's position in the preference order (route rank, doubtful last, earlier
    expiry, then id).  When the units come sorted by id (as ``check_units`` returns them), a
    stable sort on one integer per unit (:func:`._elig.pref_key`, given as ``pref`` when the
    eligibility gathered it) gives that order; otherwise the tuples are sorted."""
    ids = ids or [u.id for u in units]
    if all(map(str.__lt__, ids, ids[1:])):  # sorted by id: ties keep index (= id) order
        base = pref or [pref_key(u) for u in units]
        doubt = 10 * PREF_ROUTE
        keys = [k + doubt if i in doubtful else k for i, k in enumerate(base)] \
            if doubtful else base
        order = sorted(range(len(units)), key=keys.__getitem__)
    else:
        tuples = [(ROUTE_RANK[u.route] + 10 * (i in doubtful), u.valid_until or date.max, u.id)
                  for i, u in enumerate(units)]
        order = sorted(range(len(units)), key=tuples.__getitem__)
    rank = [0] * len(units)
    for pos, i in enumerate(order):
        rank[i] = pos
    return rank


@dataclass
class CompResult:
    ok: bool
    assign: dict[tuple[int, str], int] = field(default_factory=dict)  # (unit, layer) -> leaf
    # violated relaxation: leaves, deficit (scaled), measure ("units" or a credit system)
    hall: tuple[frozenset[int], int, str] | None = None


class Solver:
    """Solve one view of a compiled program."""

    def __init__(self, prog: Program, units: list[Unit], view: View, budget: int,
                 doubtful: frozenset[int] = frozenset()) -> None:
        self.prog = prog
        self.units = units
        self.view = view
        self.budget = budget
        self.work = 0
        self.comp_memo: dict[frozenset[int], CompResult] = {}
        self.alone_memo: dict[int, bool] = {}
        self.fixed_memo: dict[int, frozenset[int] | None] = {}
        self.leaves_memo: dict[int, frozenset[int]] = {}
        self.retake_memo: dict[int, bool] = {}
        self.failed = 0  # full configurations found infeasible so far
        # preference among equivalent choices: native before transfer/credit bank/RPL, then
        # earlier-expiring, then by id (stackability.md b.2 secondary objective)
        # (units with uncertain data last, so that a favourable reading relies on as few of
        # them as the fast paths can manage)
        self.doubtful = doubtful
        # ``rank[u]`` is the unit's position in that order (ids are unique, so the order is
        # total): sorting by it is sorting by the tuple, with integer comparisons
        self.rank = unit_ranks(units, doubtful, view.ids, view.pref)
        self.keys = view.keys or [u.key for u in units]  # achievement keys, by unit index

    # ------------------------------------------------------------------ configurations
    def tick(self, n: int = 1) -> None:
        self.work += n
        if self.work > self.budget:
            raise OutOfBudget

    def fixed(self, node: Group | int) -> frozenset[int] | None:
        """The leaves of a subtree without choices (every group needs all children), else None."""
        if isinstance(node, int):
            return frozenset({node})
        key = id(node)
        if key in self.fixed_memo:
            return self.fixed_memo[key]
        out: frozenset[int] | None = frozenset()
        if node.k != len(node.children):
            out = None
        else:
            acc: set[int] = set()
            for c in node.children:
                f = self.fixed(c)
                if f is None:
                    out = None
                    break
                acc |= f
            else:
                out = frozenset(acc)
        self.fixed_memo[key] = out
        return out

    def configs(self, node: Group | int) -> Iterator[frozenset[int]]:
        """Active-leaf sets: exactly ``k`` children of every group are active."""
        f = self.fixed(node)
        if f is not None:
            yield f
            return
        assert isinstance(node, Group)
        kids = node.children
        if node.k == 0:
            yield frozenset()
            return
        if node.k < len(kids):
            kids = [c for c in kids if self.alone(c)]
        if len(kids) < node.k:
            return
        if node.k == len(kids):
            yield from self._product(list(kids))
            return
        yield from self._pick(kids, node.k, 0, frozenset(), 0)

    def leaves_of(self, node: Group | int) -> frozenset[int]:
        """Every leaf in a subtree."""
        if isinstance(node, int):
            return frozenset({node})
        got = self.leaves_memo.get(id(node))
        if got is None:
            got = frozenset().union(*(self.leaves_of(c) for c in node.children))
            self.leaves_memo[id(node)] = got
        return got

    def need_of(self, node: Group | int) -> int:
        """A lower bound on the units a subtree needs (0 unless it has no choices)."""
        f = self.fixed(node)
        return 0 if f is None else sum(self.k_min(li) for li in f)

    def _pigeonhole(self, kids: list[Group | int], k: int, idx: int, acc: frozenset[int],
                    count: int) -> bool:
        """Necessary condition when all leaves share one layer: the chosen leaves and the
        cheapest remaining children need no more units than all of them could use."""
        rest = kids[idx:]
        leaves = set(acc)
        for c in rest:
            leaves |= self.leaves_of(c)
        if len({self.prog.leaves[li].layer for li in leaves}) > 1:
            return True
        needs = sorted(self.need_of(c) for c in rest)[: k - count]
        supply: set[int] = set()
        for li in leaves:
            supply.update(self.view.amt[li])
        return sum(self.k_min(li) for li in acc) + sum(needs) <= len(supply)

    def _pick(self, kids: list[Group | int], k: int, idx: int, acc: frozenset[int],
              count: int) -> Iterator[frozenset[int]]:
        """Choose ``k`` children, including before excluding; a partial choice that is already
        infeasible on its own is pruned with everything that extends it (monotone)."""
        if count == k:
            yield acc
            return
        if len(kids) - idx < k - count or not self._pigeonhole(kids, k, idx, acc, count):
            return
        for c in self.configs(kids[idx]):
            self.tick()
            nxt = acc | c
            if count + 1 < k and not self.solve_active(nxt)[0]:
                continue
            yield from self._pick(kids, k, idx + 1, nxt, count + 1)
        yield from self._pick(kids, k, idx + 1, acc, count)

    def _product(self, kids: list[Group | int]) -> Iterator[frozenset[int]]:
        base: set[int] = set()
        choice: list[Group | int] = []
        for c in kids:
            f = self.fixed(c)
            if f is None:
                choice.append(c)
            else:
                base |= f
        if not choice:
            yield frozenset(base)
            return
        # once a configuration has failed, prune partial choices that already fail (adding
        # active leaves never helps); before that, go straight for a first full configuration
        if self.failed and not self.solve_active(frozenset(base))[0]:
            return
        iters = [self.configs(choice[0])]
        chosen: list[frozenset[int]] = []
        while iters:
            got = next(iters[-1], None)
            if got is None:
                iters.pop()
                if chosen:
                    chosen.pop()
                continue
            self.tick()
            if len(iters) == len(choice):
                yield frozenset(base.union(got, *chosen))
            elif self.failed and not self.solve_active(frozenset(base.union(got, *chosen)))[0]:
                continue
            else:
                chosen.append(got)
                iters.append(self.configs(choice[len(iters)]))

    def alone(self, node: Group | int) -> bool:
        """Can this subtree be satisfied on its own (ignoring the rest of the tree)?"""
        key = node if isinstance(node, int) else -1 - id(node)
        got = self.alone_memo.get(key)
        if got is None:
            got = any(self.solve_active(c)[0] for c in self.configs(node))
            self.alone_memo[key] = got
        return got

    def solve_active(self, active: frozenset[int]) -> tuple[bool, dict[tuple[int, str], int],
                                                             list[frozenset[int]]]:
        """Solve a fixed set of active leaves; returns (ok, assignment, failing components)."""
        assign: dict[tuple[int, str], int] = {}
        failing: list[frozenset[int]] = []
        for comp in self.components(active):
            res = self.comp_memo.get(comp)
            if res is None:
                res = self.solve_component(comp)
                self.comp_memo[comp] = res
            if res.ok:
                assign.update(res.assign)
            else:
                failing.append(comp)
                break
        return not failing, assign, failing

    # ------------------------------------------------------------------ components
    def components(self, active: frozenset[int]) -> list[frozenset[int]]:
        leaves = self.prog.leaves
        parent = {i: i for i in active}

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(a: int, b: int) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        first_in: dict[str, dict[int, int]] = {}  # layer -> unit -> first leaf using it
        for li in sorted(active):
            lay = leaves[li].layer
            first = first_in.get(lay)
            if first is None:
                first = first_in[lay] = {}
            for u in self.view.amt[li]:
                f = first.get(u)
                if f is None:
                    first[u] = li
                else:
                    union(f, li)
        for c, spec in enumerate(self.prog.caps):
            w = self.view.capw[c]
            members = [li for li in sorted(active & spec.scope)
                       if any(u in w for u in self.view.amt[li])]
            for li in members[1:]:
                union(members[0], li)
        for sh in self.prog.shares:
            by_unit: dict[int, list[int]] = {}
            for li in sorted(active):
                if leaves[li].layer in sh.layers:
                    for u in self.view.amt[li]:
                        by_unit.setdefault(u, []).append(li)
            for lst in by_unit.values():
                if len({leaves[x].layer for x in lst}) > 1:
                    for li in lst[1:]:
                        union(lst[0], li)
        for li in active:
            for p in leaves[li].after:
                if p in active:
                    union(li, p)
        groups: dict[int, list[int]] = {}
        for li in sorted(active):
            groups.setdefault(find(li), []).append(li)
        return [frozenset(g) for _, g in sorted(groups.items())]

    def _is_flat(self, comp: frozenset[int]) -> bool:
        leaves = self.prog.leaves
        if any(leaves[li].kind != "count" for li in comp):
            return False
        if len({leaves[li].layer for li in comp}) > 1:
            return False
        for li in comp:
            if leaves[li].after or leaves[li].dependents or self.retakes(li):
                return False
            for c in leaves[li].caps:
                w = self.view.capw[c]
                if any(u in w for u in self.view.amt[li]):
                    return False
        return True

    def retakes(self, li: int) -> bool:
        """True when two units eligible for a non-repeatable leaf share an achievement."""
        if self.prog.leaves[li].req.repeatable:
            return False
        got = self.retake_memo.get(li)
        if got is None:
            keys = [self.keys[u] for u in self.view.amt[li]]
            got = len(set(keys)) < len(keys)
            self.retake_memo[li] = got
        return got

    def solve_component(self, comp: frozenset[int]) -> CompResult:
        leaves = self.prog.leaves
        view = self.view
        for li in comp:  # every leaf alone must have enough supply
            if sum(view.amt[li].values()) < view.demand[li]:
                return CompResult(False, hall=(frozenset({li}), -1, ""))
        # count relaxation (credit leaves need at least k_min units), per layer: necessary
        by_layer: dict[str, list[int]] = {}
        for li in sorted(comp):
            by_layer.setdefault(leaves[li].layer, []).append(li)
        flat = self._is_flat(comp)
        guess: dict[tuple[int, str], int] = {}
        for lay, lst in sorted(by_layer.items()):
            demand = {li: self.k_min(li) for li in lst}
            ok, owner, hall = self.bmatch(lst, demand)
            if not ok:
                return CompResult(False, hall=hall)
            if flat:
                return CompResult(True, {(u, lay): li for u, li in owner.items()})
            for u, li in owner.items():
                guess[(u, lay)] = li
        if self._top_up(comp, guess) and self.verify(comp, guess):
            return CompResult(True, guess)
        penalty: dict[tuple[int, str], int] = {}
        for _ in range(6):  # constructive tries, steering count requirements away from units
            greedy = self._greedy(comp, penalty)  # that short credit requirements need
            if isinstance(greedy, dict):
                return CompResult(True, greedy)
            if not greedy:
                break
            for li in greedy:
                lay = leaves[li].layer
                for u, a in self.view.amt[li].items():
                    penalty[(u, lay)] = penalty.get((u, lay), 0) + a
        for _lay, lst in sorted(by_layer.items()):
            cut = self.credit_bound(lst)
            if cut is not None:
                return CompResult(False, hall=cut)
        packed = self.pack(comp)
        if packed is not None and self.verify(comp, packed):
            return CompResult(True, packed)
        return self.search(comp)

    def pack(self, comp: frozenset[int], limit: int = 20_000
             ) -> dict[tuple[int, str], int] | None:
        """Interchangeable credit requirements (same eligible units and amounts, demand and
        layer, no caps, orderings or retakes) are bin covering: fill them one at a time, the
        largest free unit first (some solution uses it, in any bin), completions with the least
        excess first, failed remainders memoised.  Finds a packing or gives up after ``limit``
        steps (None: the exact program decides, and proves infeasibility)."""
        leaves, view = self.prog.leaves, self.view
        lst = sorted(comp)
        first = leaves[lst[0]]
        if len(lst) < 2 or first.kind != "credits":
            return None
        amt = view.amt[lst[0]]
        for li in lst:
            lf = leaves[li]
            if (lf.kind != "credits" or lf.layer != first.layer or lf.caps or lf.after
                    or lf.dependents or view.amt[li] != amt or view.demand[li] != view.demand[
                        lst[0]] or self.retakes(li)):
                return None
        if any(first.layer in sh.layers for sh in self.prog.shares):
            return None
        demand = view.demand[lst[0]]
        items = sorted(amt, key=lambda u: (-amt[u], self.rank[u]))
        sizes = [amt[u] for u in items]
        steps = [0]
        failed: set[tuple[int, ...]] = set()

        def completions(free: list[int], start: int, need: int) -> list[list[int]]:
            """Minimal sets of free positions (after ``start``) adding at least ``need``,
            equal sizes taken in order; the least excess first."""
            out: list[tuple[int, list[int]]] = []

            def grow(i: int, need: int, chosen: list[int]) -> None:
                if len(out) > 200:
                    return
                last = None
                for j in range(i, len(free)):
                    size = sizes[free[j]]
                    if size == last:
                        continue
                    last = size
                    if size >= need:
                        out.append((size - need, [*chosen, free[j]]))
                    else:
                        grow(j + 1, need - size, [*chosen, free[j]])
            grow(start, need, [])
            out.sort(key=lambda t: (t[0], len(t[1])))
            return [c for _, c in out]

        def fill(free: list[int], bins: int) -> list[list[int]] | None:
            if bins == 0:
                return []
            steps[0] += 1
            if steps[0] > limit:
                raise OutOfBudget
            if sum(sizes[i] for i in free) < bins * demand:
                return None
            key = (bins, *free)
            if key in failed:
                return None
            head = free[0]
            rest = free[1:]
            need = demand - sizes[head]
            options = [[]] if need <= 0 else completions(rest, 0, need)
            for extra in options:
                used = {head, *extra}
                got = fill([i for i in free if i not in used], bins - 1)
                if got is not None:
                    return [[head, *extra], *got]
            failed.add(key)
            return None

        try:
            bins = fill(list(range(len(items))), len(lst))
        except OutOfBudget:
            return None
        if bins is None:
            return None
        return {(items[i], first.layer): li for li, b in zip(lst, bins, strict=True)
                for i in b}

    def credit_bound(self, lst: list[int]) -> tuple[frozenset[int], int, str] | None:
        """Divisible-credit max-flow relaxation of one layer's leaves (a necessary condition).

        Units supply their credit (one credit system), credit leaves demand theirs, a count
        leaf demands the sum of its k smallest eligible amounts; a credit cap whose scope
        covers every leaf is a node between the source and its units.  Returns the leaves on
        the sink side of a minimum cut and the deficit when the relaxation is infeasible."""
        leaves = self.prog.leaves
        view = self.view
        systems = {leaves[li].system for li in lst if leaves[li].kind == "credits"}
        if len(systems) != 1 or any(leaves[li].kind == "hours" for li in lst):
            return None
        supply: dict[int, int] = {}
        for li in lst:
            if leaves[li].kind == "credits":
                for u, a in view.amt[li].items():
                    supply[u] = max(supply.get(u, 0), a)
        demand: dict[int, int] = {}
        for li in lst:
            if leaves[li].kind == "credits":
                # whole units: a leaf receives a multiple of the gcd of its amounts, so its
                # demand rounds up to one (parity and the like, invisible to divisible flow)
                g = 0
                for a in view.amt[li].values():
                    g = gcd(g, a)
                d = view.demand[li]
                demand[li] = -(-d // g) * g if g else d
            else:
                amounts = sorted(supply.get(u, 0) for u in view.amt[li])
                demand[li] = sum(amounts[: int(leaves[li].demand)])
        caps = [c for c, spec in enumerate(self.prog.caps)
                if spec.kind == "credits" and spec.system in systems
                and set(lst) <= spec.scope and not any((c, li) in view.capval for li in lst)]
        owner: dict[int, int] = {}
        for c in caps:
            for u in view.capw[c]:
                if u in supply:
                    owner[u] = -1 if u in owner else c
        units = sorted(supply)
        node = {u: 2 + len(caps) + i for i, u in enumerate(units)}
        lnode = {li: 2 + len(caps) + len(units) + i for i, li in enumerate(lst)}
        net = FlowNetwork(2 + len(caps) + len(units) + len(lst))
        self.tick(len(units) + len(lst))
        for k, c in enumerate(caps):
            net.add(0, 2 + k, view.climit[c])
        for u in units:
            own = owner.get(u)
            src = 2 + caps.index(own) if own is not None and own >= 0 else 0
            net.add(src, node[u], supply[u])
        for li in lst:
            credit = leaves[li].kind == "credits"
            for u in view.amt[li]:
                if u in node:
                    net.add(node[u], lnode[li], view.amt[li][u] if credit else supply[u])
            net.add(lnode[li], 1, demand[li])
        total = sum(demand.values())
        flow = net.max_flow()
        if flow >= total:
            return None
        side = net.source_side()
        (system,) = systems
        return (frozenset(li for li in lst if lnode[li] not in side), total - flow,
                str(system))

    def _greedy(self, comp: frozenset[int], penalty: dict[tuple[int, str], int]
                ) -> dict[tuple[int, str], int] | list[int]:
        """A cap-aware constructive try: count requirements take the units least useful to
        credit requirements; credit requirements (least slack first) take the remaining units
        that no other credit requirement wants, uncapped before capped, largest first.  The
        result counts only if :meth:`verify` accepts it; otherwise the exact search decides."""
        leaves = self.prog.leaves
        view = self.view
        amt = view.amt
        self.tick(len(comp))
        credit = sorted(li for li in comp if leaves[li].kind == "credits")
        # per layer, per unit: the credit the credit requirements could take from it, and how
        # many of them want it (dictionaries per layer: no (unit, layer) key per lookup)
        value: dict[str, dict[int, int]] = {}
        wanted: dict[str, dict[int, int]] = {}
        for li in credit:
            lay = leaves[li].layer
            if lay not in value:
                value[lay], wanted[lay] = {}, {}
            val, want = value[lay], wanted[lay]
            for u, a in amt[li].items():
                val[u] = val.get(u, 0) + a
                want[u] = want.get(u, 0) + 1
        pen: dict[str, dict[int, int]] = {}
        for (u, lay), p in penalty.items():
            pen.setdefault(lay, {})[u] = p
        capped: set[int] = set()
        for c in {c for li in comp for c in leaves[li].caps}:
            capped.update(view.capw[c])
        assign: dict[tuple[int, str], int] = {}
        by_layer: dict[str, list[int]] = {}
        for li in sorted(comp):
            if leaves[li].kind == "count":
                by_layer.setdefault(leaves[li].layer, []).append(li)
        rank = self.rank
        for lay, lst in sorted(by_layer.items()):
            pen_of, val_of = pen.get(lay, {}), value.get(lay, {})

            def pref(u: int, pen_l: dict[int, int] = pen_of,
                     val_l: dict[int, int] = val_of) -> tuple[int, bool, int, int]:
                return (pen_l.get(u, 0), u in capped, val_l.get(u, 0), rank[u])

            ok, owner, _ = self.bmatch(lst, {li: int(leaves[li].demand) for li in lst}, pref)
            if not ok:
                return []
            for u, li in owner.items():
                assign[(u, lay)] = li
        capused = [0] * len(self.prog.caps)
        taken: dict[str, set[int]] = {}  # the units ``assign`` holds, per layer
        for (u, lay), li in assign.items():
            for c in leaves[li].caps:
                capused[c] += view.cw(c, li, u) or 0
            got = taken.get(lay)
            if got is None:
                got = taken[lay] = set()
            got.add(u)
        supply = {li: sum(a for u, a in amt[li].items()
                          if u not in taken.get(leaves[li].layer, ())) for li in credit}
        short: list[int] = []
        for li in sorted(credit, key=lambda x: (supply[x] - view.demand[x], x)):
            lay = leaves[li].layer
            need = view.demand[li]
            mine = taken.get(lay)
            if mine is None:
                mine = taken[lay] = set()
            a_li = amt[li]
            want_l = wanted.get(lay, {})
            free = [u for u in a_li if u not in mine]
            free.sort(key=lambda u: (u in capped, want_l.get(u, 0), -a_li[u], rank[u]))
            for u in free:
                if need <= 0:
                    break
                ws = [(c, view.cw(c, li, u) or 0) for c in leaves[li].caps
                      if u in view.capw[c]]
                if any(capused[c] + w > view.climit[c] for c, w in ws):
                    continue
                for c, w in ws:
                    capused[c] += w
                assign[(u, lay)] = li
                mine.add(u)
                need -= a_li[u]
            if need > 0:
                short.append(li)
        if short:
            return short
        return assign if self.verify(comp, assign) else []

    def _top_up(self, comp: frozenset[int], assign: dict[tuple[int, str], int]) -> bool:
        """Complete a count-relaxation assignment with free units (a fast first try)."""
        leaves = self.prog.leaves
        amt = self.view.amt
        got = dict.fromkeys(comp, 0)
        for (u, _), li in assign.items():
            got[li] += amt[li][u]
        for li in sorted(comp):
            need = self.view.demand[li] - got[li]
            if need <= 0:
                continue
            lay = leaves[li].layer
            for u in sorted(amt[li], key=lambda x: (-amt[li][x], self.rank[x])):
                if (u, lay) not in assign:
                    assign[(u, lay)] = li
                    need -= amt[li][u]
                    if need <= 0:
                        break
            if need > 0:
                return False
        return True

    def verify(self, comp: frozenset[int], assign: dict[tuple[int, str], int]) -> bool:
        """Check an assignment against every rule of the component (independent of search)."""
        leaves = self.prog.leaves
        view = self.view
        got = dict.fromkeys(comp, 0)
        layers_of: dict[int, list[str]] = {}
        dates: dict[int, list[int]] = {}
        keys: set[tuple[int, str]] = set()
        for (u, lay), li in assign.items():
            if li not in comp or leaves[li].layer != lay or u not in view.amt[li]:
                return False
            if not leaves[li].req.repeatable:  # one unit per achievement and leaf (D4)
                k = (li, self.keys[u])
                if k in keys:
                    return False
                keys.add(k)
            got[li] += view.amt[li][u]
            layers_of.setdefault(u, []).append(lay)
            dates.setdefault(li, []).append(u)
        if any(got[li] < view.demand[li] for li in comp):
            return False
        capused = self.cap_usage(assign)
        if any(capused[c] > view.climit[c] for c in range(len(capused))):
            return False
        for s, sh in enumerate(self.prog.shares):
            tot = sum(view.sharew[s].get(u, 0) for u, lays in layers_of.items()
                      if len(set(lays) & sh.layers) >= 2)
            if tot > view.slimit[s]:
                return False
        for li in comp:
            for p in leaves[li].after:
                for u in dates.get(li, ()):
                    du = self.units[u].earned_on
                    for v in dates.get(p, ()):
                        dv = self.units[v].earned_on
                        if du is not None and dv is not None and dv > du:
                            return False
        return True

    def cap_usage(self, assign: dict[tuple[int, str], int]) -> list[int]:
        """Per cap, the credit granted: every ``value=`` leaf a unit credits counts its value
        (one deposit crediting two courses is granted both); the unit's own credit counts once
        per cap, however many layers count it (D3), with the largest weight it has there."""
        own: dict[tuple[int, int], int] = {}
        used = [0] * len(self.prog.caps)
        capval = self.view.capval
        for (u, _), li in assign.items():
            for c in self.prog.leaves[li].caps:
                if (c, li) in capval:
                    if u in self.view.capw[c]:
                        used[c] += capval[(c, li)]
                    continue
                w = self.view.cw(c, li, u)
                if w is not None and w > own.get((c, u), -1):
                    own[(c, u)] = w
        for (c, _), w in own.items():
            used[c] += w
        return used

    def k_min(self, li: int) -> int:
        leaf = self.prog.leaves[li]
        if leaf.kind == "count":
            return int(leaf.demand)
        need, n = self.view.demand[li], 0
        for a in sorted(self.view.amt[li].values(), reverse=True):
            if need <= 0:
                break
            need -= a
            n += 1
        return n

    # ------------------------------------------------------------------ b-matching
    def bmatch(self, lst: list[int], demand: dict[int, int],
               pref: Callable[[int], Any] | None = None) -> tuple[
            bool, dict[int, int], tuple[frozenset[int], int, str] | None]:
        """Max b-matching (units capacity 1, leaf ``li`` capacity ``demand[li]``); ``pref``
        orders the units each leaf tries first (the result is maximum either way)."""
        key = pref or self.rank.__getitem__
        elig = {li: sorted(self.view.amt[li], key=key) for li in lst}
        owner: dict[int, int] = {}
        load = dict.fromkeys(lst, 0)
        for li in lst:
            d = demand[li]
            for u in elig[li]:
                if load[li] >= d:
                    break
                if u not in owner:
                    owner[u] = li
                    load[li] += 1
        self.tick(len(lst))
        deficient = False
        for li in lst:
            while load[li] < demand[li]:
                if not self._augment(li, elig, owner):
                    deficient = True
                    break
                load[li] += 1
        if not deficient:
            return True, owner, None
        # Hall violator: leaves reachable by alternating paths from the deficient leaves
        for li in lst:
            load[li] = 0
        for li in owner.values():
            load[li] += 1
        seen = {li for li in lst if load[li] < demand[li]}
        queue = deque(seen)
        while queue:
            x = queue.popleft()
            for u in elig[x]:
                y = owner.get(u)
                if y is not None and y not in seen:
                    seen.add(y)
                    queue.append(y)
        deficit = sum(demand[x] - load[x] for x in seen)
        exact = all(self.prog.leaves[x].kind == "count" for x in seen)
        return False, owner, (frozenset(seen), deficit, "units" if exact else "")

    def _augment(self, start: int, elig: dict[int, list[int]], owner: dict[int, int]) -> bool:
        parent: dict[int, tuple[int, int]] = {}
        seen = {start}
        queue = deque([start])
        while queue:
            x = queue.popleft()
            self.tick()
            for u in elig[x]:
                y = owner.get(u)
                if y == x:
                    continue
                if y is None:
                    owner[u] = x
                    cur = x
                    while cur != start:
                        px, pu = parent[cur]
                        owner[pu] = px
                        cur = px
                    return True
                if y not in seen:
                    seen.add(y)
                    parent[y] = (x, u)
                    queue.append(y)
        return False

    # ------------------------------------------------------------------ exact core
    def search(self, comp: frozenset[int]) -> CompResult:
        """Decide a component exactly with the integer program of :mod:`._exact`."""
        self.tick()
        got = _exact.solve(self, comp)
        if got is None:
            return CompResult(False)
        return CompResult(True, got[1])

    def solve_tree(self) -> tuple[frozenset[int], dict[tuple[int, str], int]] | None:
        """Decide the whole tree, choices included, in one integer program."""
        return _exact.solve(self, frozenset(range(len(self.prog.leaves))), self.prog.root)
