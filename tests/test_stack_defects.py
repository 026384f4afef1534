"""Regression and property tests for the defects of issue 15 (D1-D4).

Each regression test is the issue's own example; each property test states the rule for every
generated instance.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred import stack

AS_OF = date(2025, 1, 1)
S, N = stack.Verdict.SATISFIED, stack.Verdict.NOT_SATISFIED
SH = "US_SEMESTER_HOUR"


# ----------------------------------------------------------------------------------------- D1
def _transfer(max_fraction: Fraction | int) -> stack.Node:
    return stack.transfer_programme({"A": stack.Credits(3, SH), "B": stack.Credits(3, SH)},
                                    total=stack.Credits(6, SH), max_fraction=max_fraction)


def test_d1_uncredited_unit_counts_against_a_credit_cap() -> None:
    """A MOOC without credits or hours credits course A (3 SH granted): a 0 % cap refuses it."""
    mooc = stack.Unit(id="mooc", route=stack.Route.TRANSFER, covers={"A": 1}, grade=3)
    b = stack.Unit(id="B")
    res = stack.resolve(_transfer(0), [mooc, b], as_of=AS_OF)
    assert res.verdict is N
    assert any(r.unit == "mooc" and r.reason == "cap_reached" for r in res.rejected)
    # half the programme by transfer: exactly the 3 SH the MOOC is granted
    assert stack.resolve(_transfer(Fraction(1, 2)), [mooc, b], as_of=AS_OF).verdict is S


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["none", "hours", "credits"]), min_size=1, max_size=3),
       st.integers(0, 4))
def test_d1_cap_counts_granted_value_whatever_the_unit_carries(kinds: list[str],
                                                               allowed: int) -> None:
    """Under a cap of ``allowed`` transferred courses' worth of credit (3 SH each), at most
    ``allowed`` courses are credited by transfer, whatever credit the units themselves carry."""
    courses = {f"C{i}": stack.Credits(3, SH) for i in range(len(kinds))}
    total = stack.Credits(3 * len(kinds), SH)
    target = stack.transfer_programme(courses, total=total,
                                      max_fraction=Fraction(allowed, len(kinds)) if
                                      allowed <= len(kinds) else 1)
    us = []
    for i, kind in enumerate(kinds):
        extra: dict[str, object] = {}
        if kind == "hours":
            extra["hours"] = 1
        elif kind == "credits":
            extra["credits"] = stack.Credits(1, SH)
        us.append(stack.Unit(id=f"t{i}", route=stack.Route.TRANSFER, covers={f"C{i}": 1},
                             grade=3, **extra))  # type: ignore[arg-type]
    res = stack.resolve(target, us, as_of=AS_OF)
    assert res.verdict is (S if allowed >= len(kinds) else N)


# ----------------------------------------------------------------------------------------- D2
def test_d2_plan_keeps_fractional_amounts() -> None:
    """7.5 ECTS twice is 15 ECTS: plan() adds both, at their exact cost."""
    target = stack.Requirement("r", credits=stack.Credits(15, "ECTS"))
    cands = [stack.Unit(id=i, credits=stack.Credits("7.5", "ECTS")) for i in ("a", "b", "c")]
    p = stack.plan(target, [], cands, as_of=AS_OF, cost="credits")
    assert p.verdict is S and len(p.add) == 2 and p.cost == 15
    assert p.resolution is not None and p.resolution.verdict is S


@settings(max_examples=60, deadline=None)
@given(st.lists(st.fractions(Fraction(1, 3), 5).map(lambda f: f.limit_denominator(6)),
                min_size=1, max_size=4),
       st.fractions(Fraction(1, 2), 8).map(lambda f: f.limit_denominator(4)))
def test_d2_plan_agrees_with_resolve_on_fractions(amounts: list[Fraction],
                                                  need: Fraction) -> None:
    """The plan's verdict with every candidate equals resolve() with every candidate."""
    target = stack.Requirement("r", credits=stack.Credits(need, "ECTS"))
    cands = [stack.Unit(id=f"u{i}", credits=stack.Credits(a, "ECTS"))
             for i, a in enumerate(amounts)]
    p = stack.plan(target, [], cands, as_of=AS_OF, cost="credits")
    full = stack.resolve(target, cands, as_of=AS_OF).verdict
    assert p.verdict is full
    if p.verdict is S:
        assert sum((c.credits.amount for c in cands if c.id in p.add),  # type: ignore[union-attr]
                   Fraction(0)) >= need


# ----------------------------------------------------------------------------------------- D3
def test_d3_a_cap_counts_a_unit_once() -> None:
    """modular(total=) counts a module in two layers; under a 3.6-credit RPL cap one 3-credit
    RPL module is 3 credits, not 6."""
    target = stack.rpl(stack.modular(["m1", "m2"], total=stack.Credits(6, "ECTS")),
                       total=stack.Credits(12, "ECTS"), max_fraction="0.3")
    us = [stack.Unit(id="m1", credits=stack.Credits(3, "ECTS"), route=stack.Route.RPL),
          stack.Unit(id="m2", credits=stack.Credits(3, "ECTS"))]
    assert stack.resolve(target, us, as_of=AS_OF).verdict is S
    both = [u.model_copy(update={"route": stack.Route.RPL}) for u in us]
    assert stack.resolve(target, both, as_of=AS_OF).verdict is N


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(0, 12))
def test_d3_layers_do_not_multiply_cap_usage(n: int, size: int, limit: int) -> None:
    """RPL units counted in two layers use the cap once: satisfied iff n·size ≤ limit."""
    mods = [f"m{i}" for i in range(n)]
    inner = stack.modular(mods, total=stack.Credits(n * size, "ECTS"))
    target = stack.AllOf(inner, caps=(stack.Cap(match=stack.Match(routes={stack.Route.RPL}),
                                                max=stack.Credits(limit, "ECTS")),))
    us = [stack.Unit(id=m, credits=stack.Credits(size, "ECTS"), route=stack.Route.RPL)
          for m in mods]
    assert stack.resolve(target, us, as_of=AS_OF).verdict is (S if n * size <= limit else N)


# ----------------------------------------------------------------------------------------- D4
def test_d4_retakes_are_one_course() -> None:
    two = stack.Requirement("r", match=stack.Match(ids={"MATH101", "MATH102"}), count=2)
    attempts = [stack.Unit(id="a1", achievement="MATH101", earned_on=date(2023, 1, 1)),
                stack.Unit(id="a2", achievement="MATH101", earned_on=date(2024, 1, 1))]
    res = stack.resolve(two, attempts, as_of=AS_OF)
    assert res.verdict is N
    (short,) = res.missing
    text = " ".join(short.could_close) + short.message_en
    assert "repeat" not in text and "MATH102" in text
    again = two.model_copy(update={"repeatable": True})
    assert stack.resolve(again, attempts, as_of=AS_OF).verdict is S
    # with MATH102 earned it is met, by one attempt of each
    ok = stack.resolve(two, [*attempts, stack.Unit(id="b", achievement="MATH102")],
                       as_of=AS_OF)
    assert ok.verdict is S and len(ok.units_for("r")) == 2


def test_d4_retakes_in_credit_requirements() -> None:
    """Two attempts of a 5-credit course are 5 credits towards a 10-credit leaf."""
    leaf = stack.Requirement("r", match=stack.Match(tags={"x"}), credits=stack.Credits(10, "ECTS"))
    us = [stack.Unit(id=f"a{i}", achievement="C1", credits=stack.Credits(5, "ECTS"), tags={"x"})
          for i in range(3)]
    assert stack.resolve(leaf, us, as_of=AS_OF).verdict is N
    leaf2 = leaf.model_copy(update={"repeatable": True})
    assert stack.resolve(leaf2, us, as_of=AS_OF).verdict is S


def test_d4_no_repeat_suggested_when_all_held() -> None:
    leaf = stack.Requirement("r", match=stack.Match(ids={"M1"}), count=2)
    res = stack.resolve(leaf, [stack.Unit(id="x", achievement="M1")], as_of=AS_OF)
    assert res.verdict is N
    assert not any("repeat" in c for c in res.missing[0].could_close)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=6), st.integers(1, 3),
       st.booleans())
def test_d4_count_is_distinct_achievements(keys: list[str], k: int, repeatable: bool) -> None:
    leaf = stack.Requirement("r", match=stack.Match(ids={"A", "B", "C"}), count=k,
                             repeatable=repeatable)
    us = [stack.Unit(id=f"u{i}", achievement=key) for i, key in enumerate(keys)]
    have = len(keys) if repeatable else len(set(keys))
    assert stack.resolve(leaf, us, as_of=AS_OF).verdict is (S if have >= k else N)


# ------------------------------------------------------------------------------------- D5/D6
def _level_case() -> tuple[stack.Node, list[stack.Unit]]:
    credit = stack.Requirement("credit", match=stack.Match(tags={"c"}, min_level=2),
                               credits=stack.Credits(6, "JP_TANI"))
    other = stack.Requirement("other", match=stack.Match(tags={"x"}, min_level=1), count=1)
    units = [stack.Unit(id="a", credits=stack.Credits(5, "JP_TANI"), level=3, tags={"c"}),
             stack.Unit(id="b", credits=stack.Credits(1, "JP_TANI"), tags={"c"}),
             stack.Unit(id="d", tags={"x"}), stack.Unit(id="e", level=1, tags={"x"})]
    return stack.AllOf(credit, other), units


def test_d5_indeterminate_shows_the_range_and_what_decides_it() -> None:
    target, units = _level_case()
    res = stack.resolve(target, units, as_of=AS_OF)
    assert res.verdict is stack.Verdict.INDETERMINATE and res.reason == "uncertain_data"
    p = res.progress["credit"]
    assert (p.achieved, p.achieved_high, p.required) == (5, 6, 6)
    assert p.achieved_text == "5–6"
    assert "5–6/6 JP_TANI" in res.explain() and "5–6/6 JP_TANI" in res.explain("ja")
    # only the doubt that decides: b's level, not d's (e meets "other" for certain)
    assert [(u.unit, u.reason) for u in res.uncertainties] == [("b", "level_unknown")]
    assert "level" in res.uncertainties[0].decides_en
    assert "レベル" in res.uncertainties[0].decides_ja
    assert not any(r.unit == "b" and r.reason == "not_needed" for r in res.rejected)
    assert "b" in res.units_for("credit")


def test_d5_conversion_range_is_shown_as_a_range() -> None:
    """2 ECTS are 50–60 h, 10/9–4/3 JP_TANI: 1 JP_TANI + that against 2.2 JP_TANI is open."""
    leaf = stack.Requirement("r", credits=stack.Credits("2.2", "JP_TANI"))
    units = [stack.Unit(id="j", credits=stack.Credits(1, "JP_TANI")),
             stack.Unit(id="e", credits=stack.Credits(2, "ECTS"))]
    res = stack.resolve(leaf, units, as_of=AS_OF)
    assert res.verdict is stack.Verdict.INDETERMINATE
    p = res.progress["r"]
    assert (p.achieved, p.achieved_high) == (Fraction(19, 9), Fraction(7, 3))
    (u,) = res.uncertainties
    assert u.reason == "conversion_range" and "conversion" in u.decides_en
    agreed = stack.ConversionPolicy(agreements={("ECTS", "JP_TANI"): "0.6"})
    assert stack.resolve(leaf, units, as_of=AS_OF, conversion=agreed).verdict is S


def test_d6_an_impossible_alternative_is_a_warning() -> None:
    impossible = stack.NOf(3, stack.Requirement("x", count=1), stack.Requirement("y", count=1),
                           name="bad")
    fine = stack.Requirement("ok", match=stack.Match(ids={"u"}), count=1)
    res = stack.resolve(stack.AnyOf(impossible, fine), [stack.Unit(id="u")], as_of=AS_OF)
    assert res.verdict is S
    (issue,) = res.issues
    assert issue.code == "impossible_demand" and issue.severity == "warning"
    assert stack.resolve(stack.AnyOf(impossible, fine), [], as_of=AS_OF).verdict is N
    # the same impossibility on the only path is still an error of the whole target
    res2 = stack.resolve(stack.AllOf(impossible, fine), [stack.Unit(id="u")], as_of=AS_OF)
    assert res2.verdict is stack.Verdict.STRUCTURAL_ERROR
    assert res2.issues[0].severity == "error"
    empty = stack.Requirement("e", match=stack.Match(ids=set()), count=1)
    res3 = stack.resolve(stack.NOf(1, empty, fine), [stack.Unit(id="u")], as_of=AS_OF)
    assert res3.verdict is S and res3.issues[0].severity == "warning"


def test_amounts_too_fine_for_the_exact_core_are_refused_not_guessed() -> None:
    """Denominators whose common multiple exceeds what a double holds exactly: a typed
    refusal (never a float-rounded verdict); coarse amounts still decide."""
    from microcred import StackError

    primes = [1000003, 1000033, 1000037, 1000039]
    sizes = [Fraction(p + 1, p) for p in primes] + [Fraction(1, 1)] * 4
    units = [stack.Unit(id=f"u{i}", credits=stack.Credits(a, "ECTS")) for i, a in
             enumerate(sizes)]
    half = stack.Credits(Fraction(sum(sizes, Fraction(0)), 2), "ECTS")
    target = stack.AllOf(stack.Requirement("a", credits=half),
                         stack.Requirement("b", credits=half))
    with pytest.raises(StackError, match="fine-grained"):
        stack.resolve(target, units, as_of=AS_OF)
    coarse = [u.model_copy(update={"credits": stack.Credits(1, "ECTS")}) for u in units]
    four = stack.Credits(4, "ECTS")
    assert stack.resolve(stack.AllOf(stack.Requirement("a", credits=four),
                                     stack.Requirement("b", credits=four)),
                         coarse, as_of=AS_OF).verdict is S


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.booleans()), min_size=1, max_size=5),
       st.integers(1, 8))
def test_d5_reported_doubts_are_each_needed(units_spec: list[tuple[int, bool]],
                                            need: int) -> None:
    """INDETERMINATE reports an inclusion-minimal set of doubts: reading any one reported
    unit's doubt unfavourably (here: dropping the unit of unknown level) makes the target fail
    with the other reported doubts read favourably."""
    leaf = stack.Requirement("r", match=stack.Match(min_level=2),
                             credits=stack.Credits(need, "ECTS"))
    units = [stack.Unit(id=f"u{i}", credits=stack.Credits(c, "ECTS"),
                        level=None if unknown else 3) for i, (c, unknown) in
             enumerate(units_spec)]
    res = stack.resolve(leaf, units, as_of=AS_OF)
    if res.verdict is not stack.Verdict.INDETERMINATE:
        return
    reported = {u.unit for u in res.uncertainties}
    assert reported and all(u.reason == "level_unknown" for u in res.uncertainties)
    known = [u for u in units if u.level is not None]
    for uid in reported:  # the others favourable (level 3), this one unfavourable (dropped)
        trial = known + [u.model_copy(update={"level": 3}) for u in units
                         if u.id in reported - {uid}]
        assert stack.resolve(leaf, trial, as_of=AS_OF).verdict is N
