"""Differential tests of the resolver's fast paths against their plain reference versions.

The eligibility builder answers most (unit, requirement) pairs from indexes (ids, tags, routes),
shares one ``(YES, 1, 1)`` pair between count requirements, decides level-only matches with
``level_status`` instead of ``match_status``, and ``make_view`` scales count requirements in one
pass.  Each is compared here with the straightforward evaluation it replaces: every live unit
against every requirement through ``match_status`` and ``unit_amount``, and the view built pair
by pair with the common denominator, on random records and matches.  The resolver also pauses
the cyclic garbage collector during a call: the verdicts, with and without, are compared too.
"""

from __future__ import annotations

import gc
from datetime import date
from fractions import Fraction
from math import lcm
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import stack
from microcred.stack import _compile, _elig, _solve
from microcred.stack._elig import NO, NO_ID, UNK, YES

AS_OF = date(2025, 1, 1)
IDS = ("A", "B", "C", "D")
TAGS = ("x", "y", "z")
ROUTES = (stack.Route.NATIVE, stack.Route.RPL, stack.Route.TRANSFER)


@st.composite
def units(draw: st.DrawFn) -> list[stack.Unit]:
    out = []
    for i in range(draw(st.integers(0, 7))):
        size = draw(st.sampled_from(["ects", "tani", "hours", "none"]))
        out.append(stack.Unit(
            id=f"u{i}", achievement=draw(st.one_of(st.none(), st.sampled_from(IDS))),
            credits=(stack.Credits(draw(st.sampled_from(["2", "7.5", "3"])), "ECTS")
                     if size == "ects" else stack.Credits(draw(st.integers(1, 4)), "JP_TANI")
                     if size == "tani" else None),
            hours=Fraction(draw(st.integers(10, 90))) if size == "hours" else None,
            tags=draw(st.sets(st.sampled_from(TAGS), max_size=2)),
            level=draw(st.one_of(st.none(), st.integers(3, 7))),
            grade=draw(st.one_of(st.none(), st.integers(1, 4))),
            route=draw(st.sampled_from(ROUTES)),
            earned_on=draw(st.sampled_from([None, date(2020, 5, 1), date(2024, 5, 1),
                                            date(2026, 1, 1)])),
            valid_until=draw(st.sampled_from([None, date(2024, 12, 31)]))))
    return out


@st.composite
def matches(draw: st.DrawFn) -> stack.Match:
    kw: dict[str, object] = {}
    for name, values in (("ids", (*IDS, "u0", "u3")), ("tags", TAGS), ("routes", ROUTES)):
        if draw(st.booleans()):
            kw[name] = draw(st.sets(st.sampled_from(values), min_size=1, max_size=2))
    if draw(st.booleans()):
        kw["min_level"] = draw(st.integers(3, 7))
    if draw(st.booleans()):
        kw["max_level"] = draw(st.integers(4, 7))
    if draw(st.integers(0, 3)) == 0:
        kw["min_grade"] = draw(st.integers(1, 4))
    if draw(st.integers(0, 3)) == 0:
        kw["max_age_years"] = draw(st.integers(1, 6))
    return stack.Match(**kw)


@st.composite
def targets(draw: st.DrawFn) -> stack.Node:
    leaves: list[stack.Node] = []
    for i in range(draw(st.integers(1, 4))):
        m = draw(matches())
        kind = draw(st.sampled_from(["count", "ects", "tani", "hours"]))
        if kind == "count":
            leaves.append(stack.Requirement(f"r{i}", match=m, count=draw(st.integers(1, 2))))
        elif kind == "hours":
            leaves.append(stack.Requirement(f"r{i}", match=m, hours=60))
        else:
            system = "ECTS" if kind == "ects" else "JP_TANI"
            leaves.append(stack.Requirement(f"r{i}", match=m,
                                            credits=stack.Credits(4, system)))
    caps: tuple[stack.Cap, ...] = ()
    if draw(st.booleans()):
        caps = (stack.Cap(match=draw(matches()), max=stack.Credits(6, "ECTS")),)
    return stack.AllOf(*leaves, caps=caps)


def reference_pairs(prog: _compile.Program, record: list[stack.Unit]
                    ) -> list[list[tuple[int, tuple[int, Fraction, Fraction]]]]:
    """Every live unit against every leaf, in unit order, without indexes or shortcuts
    (the leaves here have no prerequisites and no age limits of their own)."""
    policy = stack.ConversionPolicy()
    out = []
    for leaf in prog.leaves:
        row = []
        for i, u in enumerate(record):
            if _elig.global_status(u, AS_OF) is not None:
                continue
            st_, _ = _elig.match_status(leaf.req.match, u, AS_OF)
            if st_ in (NO_ID, NO):
                continue
            if leaf.kind == "count":
                row.append((i, (st_, Fraction(1), Fraction(1))))
                continue
            amt = (_elig.unit_amount(u, leaf.system, policy) if leaf.system is not None
                   else _elig.unit_hours(u, policy))
            if amt is None or amt[1] <= 0:
                continue
            row.append((i, (st_, amt[0], amt[1])))
        out.append(row)
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(targets(), units())
def test_eligibility_equals_plain_evaluation(target: stack.Node,
                                             record: list[stack.Unit]) -> None:
    record = sorted(record, key=lambda u: u.id)
    prog = _compile.compile_target(target, {})
    el = _elig.compute(prog, record, AS_OF, stack.ConversionPolicy())
    assert [list(d.items()) for d in el.pairs] == reference_pairs(prog, record)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matches(), units())
def test_level_status_equals_match_status(m: stack.Match, record: list[stack.Unit]) -> None:
    if not _elig._level_only(m):
        return
    for u in record:
        full = _elig.match_status(m, u, AS_OF)
        if full[0] == NO_ID:  # level_status is asked only about units the index returns
            continue
        assert _elig.level_status(m, u) == full


def reference_view(prog: _compile.Program, el: _elig.Eligibility, optimistic: bool
                   ) -> _solve.View:
    """The view pair by pair, through exact fractions and one common denominator."""
    amt = [{u: (hi if optimistic else lo) for u, (s, lo, hi) in d.items()
            if (s == YES or (optimistic and s == UNK)) and (hi if optimistic else lo) > 0}
           for d in el.pairs]
    capw = [{u: (lo if optimistic else hi) for u, (s, lo, hi) in d.items()
             if s == YES or (not optimistic and s == UNK)} for d in el.capw]
    values = [x for d in amt + capw for x in d.values()]
    values += [lf.demand for lf in prog.leaves] + [c.limit for c in prog.caps]
    scale = lcm(1, *(x.denominator for x in values))
    return _solve.View(scale, [{u: int(x * scale) for u, x in d.items()} for d in amt],
                       [int(lf.demand * scale) for lf in prog.leaves],
                       [{u: int(x * scale) for u, x in d.items()} for d in capw],
                       [int(c.limit * scale) for c in prog.caps], [], [], {})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(targets(), units(), st.booleans())
def test_view_equals_reference(target: stack.Node, record: list[stack.Unit],
                               optimistic: bool) -> None:
    record = sorted(record, key=lambda u: u.id)
    prog = _compile.compile_target(target, {})
    el = _elig.compute(prog, record, AS_OF, stack.ConversionPolicy())
    view = _solve.make_view(prog, el, optimistic)
    ref = reference_view(prog, el, optimistic)
    # the same amounts as exact fractions (the view's scale may be a multiple of the least one)
    for got, want in ((view.amt, ref.amt), (view.capw, ref.capw)):
        assert [{u: Fraction(x, view.scale) for u, x in d.items()} for d in got] == \
            [{u: Fraction(x, ref.scale) for u, x in d.items()} for d in want]
    assert [Fraction(x, view.scale) for x in view.demand] == \
        [Fraction(x, ref.scale) for x in ref.demand]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(targets(), units())
def test_collector_pause_changes_nothing(target: stack.Node, record: list[stack.Unit]) -> None:
    paused = stack.resolve(target, record, as_of=AS_OF)
    assert gc.isenabled()  # resumed after the call
    gc.disable()
    try:
        plain = stack.resolve(target, record, as_of=AS_OF)
        assert not gc.isenabled()  # a collector paused by the caller stays paused
    finally:
        gc.enable()
    assert paused == plain


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=5), st.text(max_size=5), st.one_of(st.none(), st.text(max_size=5)),
       st.fractions(min_value=0, max_value=10), st.booleans(),
       st.lists(st.text(max_size=3), max_size=2))
def test_fast_result_constructors_equal_the_dataclass_ones(
        a: str, b: str, c: str | None, x: Fraction, flag: bool, names: list[str]) -> None:
    """The resolver's direct builders fill exactly the dataclass fields, in order, and give
    objects equal to (and hashing, printing and pickling like) the normal construction."""
    import pickle
    from dataclasses import astuple, fields

    from microcred.stack._result import (
        Allocation,
        Progress,
        Rejection,
        new_allocation,
        new_progress,
        new_rejection,
    )

    cases: list[tuple[type[Any], tuple[object, ...], Any]] = [
        (Rejection, (a, b, c), new_rejection),
        (Allocation, (a, b, "main", x, x + 1, "ECTS"), new_allocation),
        (Progress, (a, "leaf", x, x, "units", flag, not flag, tuple(names), c, None, x),
         new_progress),
    ]
    for cls, values, build in cases:
        plain, fast = cls(*values), build(*values)
        assert type(fast) is cls
        assert list(vars(fast)) == [f.name for f in fields(cls)]
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert astuple(fast) == values
        assert pickle.loads(pickle.dumps(fast)) == plain


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(units(), st.sets(st.integers(0, 6)))
def test_unit_ranks_equal_the_tuple_order(record: list[stack.Unit], doubt: set[int]) -> None:
    """The integer-key ranking of an id-sorted record is the (route, doubt, expiry, id) order;
    an unsorted record goes through the tuples themselves."""
    from microcred.stack._compile import ROUTE_RANK
    from microcred.stack._solve import unit_ranks

    doubtful = frozenset(doubt)
    for rec in (sorted(record, key=lambda u: u.id), record[::-1]):
        pref = [(ROUTE_RANK[u.route] + 10 * (i in doubtful), u.valid_until or date.max, u.id)
                for i, u in enumerate(rec)]
        want = sorted(range(len(rec)), key=pref.__getitem__)
        rank = unit_ranks(rec, doubtful)
        assert sorted(range(len(rec)), key=rank.__getitem__) == want
