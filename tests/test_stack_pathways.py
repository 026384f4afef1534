"""The seed's pathways without faking (issue 15): hours as a requirement measure, admission as
a condition of a pathway rather than an earned unit."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred import InvalidDataError, StackError, stack

AS_OF = date(2025, 1, 1)
S, N, OPEN = (stack.Verdict.SATISFIED, stack.Verdict.NOT_SATISFIED,
              stack.Verdict.INDETERMINATE)


# ------------------------------------------------------------------------------------- hours
def test_hours_requirement_rirekishomei_minimum() -> None:
    """履修証明プログラム: at least 60 hours, from a JWG-style series of short courses."""
    target = stack.Requirement("hours", match=stack.Match(tags={"jwg"}), hours=60,
                               title="履修証明の総時間")
    series = [stack.Unit(id=f"m{i}", hours=h, tags={"jwg"}) for i, h in enumerate((15, 20, 25))]
    res = stack.resolve(target, series, as_of=AS_OF)
    assert res.verdict is S and res.progress["hours"].measure == "hours"
    short = stack.resolve(target, series[:2], as_of=AS_OF)
    assert short.verdict is N
    assert short.missing[0].deficit == {"hours": 25}
    # credits convert to hours: 1 単位 is 45 h exactly, 1 ECTS 25-30 h (a range)
    assert stack.resolve(target, [stack.Unit(id="t", credits=stack.Credits(2, "JP_TANI"),
                                             tags={"jwg"})], as_of=AS_OF).verdict is S
    two_ects = [stack.Unit(id="e", credits=stack.Credits(2, "ECTS"), tags={"jwg"}),
                stack.Unit(id="s", hours=5, tags={"jwg"})]
    res = stack.resolve(target, two_ects, as_of=AS_OF)  # 50-60 + 5 h against 60 h
    assert res.verdict is OPEN and res.progress["hours"].achieved_text == "55–65"


def test_hours_requirement_needs_exactly_one_measure() -> None:
    with pytest.raises(InvalidDataError):
        stack.Requirement("r", hours=10, count=1)
    with pytest.raises(InvalidDataError):
        stack.Requirement("r", hours=0)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=1, max_size=6), st.integers(1, 100),
       st.lists(st.sampled_from(["K1", "K2", None]), min_size=6, max_size=6))
def test_hours_is_the_sum_of_distinct_achievements(hours: list[int], need: int,
                                                   keys: list[str | None]) -> None:
    """One leaf of hours: met iff the best unit per achievement adds up to the demand."""
    units = [stack.Unit(id=f"u{i}", achievement=keys[i], hours=h) for i, h in enumerate(hours)]
    best: dict[str, int] = {}
    for u in units:
        best[u.key] = max(best.get(u.key, 0), int(u.hours or 0))
    res = stack.resolve(stack.Requirement("r", hours=need), units, as_of=AS_OF)
    assert res.verdict is (S if sum(best.values()) >= need else N)
    assert sum((a.amount for a in res.assignment), Fraction(0)) == res.progress["r"].achieved


# ---------------------------------------------------------------------------------- admission
def _masters() -> stack.Node:
    block = stack.Requirement("mm", match=stack.Match(tags={"micromasters"}), count=5)
    campus = stack.Requirement("campus", match=stack.Match(tags={"campus"}), count=1)
    return stack.embedded("micromasters-scm", campus, components=block,
                          admission="admitted:scm", name="scm")


def test_admission_is_a_condition_not_a_unit() -> None:
    courses = [stack.Unit(id=f"c{i}", tags={"micromasters"}) for i in range(5)]
    sem = stack.Unit(id="sem", tags={"campus"})
    ok = stack.resolve(_masters(), [*courses, sem], as_of=AS_OF, conditions={"admitted:scm"})
    assert ok.verdict is S
    res = stack.resolve(_masters(), [*courses, sem], as_of=AS_OF)
    assert res.verdict is N
    assert any("admitted:scm" in s.message_en and "入学許可" in s.message_ja
               for s in res.missing)
    # plan() never proposes "adding" an admission: with every candidate it still fails
    offer = [stack.Unit(id="adm", tags={"admitted:scm"}), sem]
    p = stack.plan(_masters(), courses, offer, as_of=AS_OF, cost="count")
    assert p.verdict is N and p.add == ()
    p2 = stack.plan(_masters(), courses, offer, as_of=AS_OF, cost="count",
                    conditions=["admitted:scm"])
    assert p2.verdict is S and p2.add == ("sem",)
    with pytest.raises(StackError):
        stack.resolve(_masters(), courses, as_of=AS_OF, conditions="admitted:scm")


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(["a", "b", "c"])), st.integers(0, 3))
def test_conditions_behave_like_met_or_impossible_children(met: set[str], k: int) -> None:
    """NOf(k) over three conditions is met iff at least k of them are."""
    target = stack.NOf(k, *(stack.Condition(n) for n in ("a", "b", "c")))
    got = stack.resolve(target, [], as_of=AS_OF, conditions=met).verdict
    assert got is (S if len(met) >= k else N)


# ------------------------------------------------------------------------- per-unit conditions
def test_each_module_a_jwg_micro_credential_of_10_hours() -> None:
    """"Each module must itself be a JWG-conformant micro-credential of at least 10 hours"."""
    from microcred import MicroCredential, profiles
    from microcred.__main__ import build_demo_credential

    good = build_demo_credential()
    data = good.model_dump(mode="json")
    data["effort"] = {"hours": 2}
    small = MicroCredential.parse(data)
    units = [stack.Unit.from_micro_credential(mc, unit_id=uid, profiles=[profiles.JWG])
             for uid, mc in (("good", good), ("small", small))]
    assert units[0].profiles == {"JWG"} and units[1].profiles == frozenset()
    each = stack.Match(profiles={"JWG"}, min_hours=10)
    target = stack.Requirement("modules", match=each, count=1)
    later = date(2026, 1, 1)  # the demo credential is issued in 2025
    res = stack.resolve(target, units, as_of=later)
    assert res.verdict is S and res.units_for("modules") == ("good",)
    res2 = stack.resolve(target, units[1:], as_of=later)
    assert res2.verdict is N
    assert [r.reason for r in res2.rejected] == ["profile_nonconforming"]


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.none(), st.integers(1, 40)), st.one_of(st.none(), st.integers(1, 3)),
       st.integers(1, 40))
def test_min_hours_three_valued(hours: int | None, ects: int | None, minimum: int) -> None:
    """Size from hours (exact) or ECTS credits (25-30 h each, an interval): met, not met, or
    open exactly as the interval says."""
    unit = stack.Unit(id="u", hours=hours,
                      credits=stack.Credits(ects, "ECTS") if ects is not None else None)
    target = stack.Requirement("r", match=stack.Match(min_hours=minimum), count=1)
    got = stack.resolve(target, [unit], as_of=AS_OF).verdict
    if hours is not None:
        lo = hi = hours
    elif ects is not None:
        lo, hi = 25 * ects, 30 * ects
    else:
        assert got is OPEN
        return
    assert got is (S if lo >= minimum else N if hi < minimum else OPEN)


# ---------------------------------------------------------------------------- credit bank
SH = "US_SEMESTER_HOUR"


def _programme() -> stack.Node:
    three = stack.Credits(3, SH)
    return stack.transfer_programme({"TH101": three, "TH102": three, "TH201": three},
                                    total=stack.Credits(9, SH), max_fraction="2/3")


def test_one_deposit_credits_several_covered_courses() -> None:
    """A MOOC certificate assessed to cover two courses credits both; the 2/3 cap counts the
    credit granted for each (6 of 6 allowed)."""
    mooc = stack.Unit(id="mooc", covers={"TH101": 1, "TH102": Fraction(4, 5)}, grade=3)
    bank = stack.CreditBank().deposit(mooc, "mooc", date(2023, 1, 1),
                                      assessed=stack.Credits(6, SH),
                                      evidence=("https://example.org/mooc/cert/1",))
    res = bank.evaluate(_programme(), as_of=AS_OF, native=[stack.Unit(id="TH201")])
    assert res.verdict is S
    assert res.units_for("programme/TH101/transferred") == ("mooc",)
    assert res.units_for("programme/TH102/transferred") == ("mooc",)
    tight = stack.transfer_programme({"TH101": stack.Credits(3, SH),
                                      "TH102": stack.Credits(3, SH),
                                      "TH201": stack.Credits(3, SH)},
                                     total=stack.Credits(9, SH), max_fraction="1/3")
    assert bank.evaluate(tight, as_of=AS_OF, native=[stack.Unit(id="TH201")]).verdict is N


def test_entry_criteria_per_deposit_kind() -> None:
    bank = stack.CreditBank(entry={stack.DepositKind.WORK_EXPERIENCE:
                                   stack.Match(min_grade=2)})
    work = stack.Unit(id="work", covers={"TH101": 1})
    with pytest.raises(StackError, match="entry criteria"):
        bank.deposit(work, "work_experience", date(2024, 1, 1))  # no assessed grade
    ok = bank.deposit(work.model_copy(update={"grade": Fraction(3)}), "work_experience",
                      date(2024, 1, 1), assessed=stack.Credits(3, SH))
    assert [u.credits for u in ok.units(AS_OF)] == [stack.Credits(3, SH)]
    # other kinds have no criteria here
    assert bank.deposit(work, "mooc", date(2024, 1, 1)).units(AS_OF)[0].id == "work"


def test_partial_withdrawal_into_a_programme_leaves_a_transfer_record() -> None:
    dep = stack.Unit(id="d1", covers={"TH101": 1, "TH102": 1}, grade=3,
                     credits=stack.Credits(6, SH))
    bank = stack.CreditBank(owner="learner").deposit(dep, "micro_credential", date(2023, 1, 1))
    bank2 = bank.withdraw("d1", date(2024, 6, 1), amount=stack.Credits(3, SH), into="AU-BBA",
                          courses=["TH101"])
    assert bank2.balance("d1", AS_OF) == stack.Credits(3, SH)
    assert bank2.balance("d1", date(2024, 5, 31)) == stack.Credits(6, SH)
    (held,) = bank2.units(AS_OF)
    assert held.credits == stack.Credits(3, SH)
    (moved,) = bank2.transfers("AU-BBA", AS_OF)
    assert moved.route is stack.Route.TRANSFER and moved.credits == stack.Credits(3, SH)
    assert set(moved.covers) == {"TH101"} and moved.key == "d1"
    # the programme's own record now credits TH101 by transfer (nothing was deleted)
    prog = stack.transfer_programme({"TH101": stack.Credits(3, SH)}, total=stack.Credits(3, SH))
    assert stack.resolve(prog, [moved], as_of=AS_OF).verdict is S
    # the rest, withdrawn whole, leaves nothing held; more is refused
    bank3 = bank2.withdraw("d1", date(2024, 7, 1), into="AU-BBA", courses=["TH102"])
    assert bank3.units(AS_OF) == [] and bank3.balance("d1", AS_OF) == stack.Credits(0, SH)
    assert [u.credits for u in bank3.transfers("AU-BBA", AS_OF)] == [stack.Credits(3, SH)] * 2
    with pytest.raises(StackError):
        bank3.withdraw("d1", date(2024, 8, 1))
    with pytest.raises(StackError):
        bank.withdraw("d1", date(2024, 6, 1), amount=stack.Credits(7, SH))
    with pytest.raises(StackError):
        bank.withdraw("d1", date(2024, 6, 1), courses=["TH999"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 4), max_size=5), st.integers(1, 12))
def test_withdrawals_conserve_credit(parts: list[int], total: int) -> None:
    """Held plus transferred credit always equals the deposit, whatever partial withdrawals
    were accepted; a withdrawal beyond the balance is refused."""
    dep = stack.Unit(id="d", covers={"C": 1}, credits=stack.Credits(total, SH))
    bank = stack.CreditBank().deposit(dep, "mooc", date(2020, 1, 1))
    for i, p in enumerate(parts):
        try:
            bank = bank.withdraw("d", date(2021, 1, 1 + i), amount=stack.Credits(p, SH),
                                 into="P")
        except StackError:
            assert bank.balance("d", AS_OF).amount < p  # type: ignore[union-attr]
    held = sum((u.credits.amount for u in bank.units(AS_OF)), Fraction(0))  # type: ignore[union-attr]
    moved = sum((u.credits.amount for u in bank.transfers("P", AS_OF)), Fraction(0))  # type: ignore[union-attr]
    assert held + moved == total


# ------------------------------------------------------------------------ back to descriptors
def test_aggregate_credential_checked_against_the_target_profile() -> None:
    """A JWG series stacked into a 履修証明プログラム: the aggregate has the counted hours and
    the union of outcomes, and the 60-hour minimum of the programme profile is checked on it."""
    from microcred import MicroCredential, profiles
    from microcred.__main__ import build_demo_credential

    demo = build_demo_credential().model_dump(mode="json", exclude_none=True)

    def component(i: int, hours: int) -> MicroCredential:
        d = dict(demo, id=f"urn:mc:{i}", effort={"hours": str(hours)})
        return MicroCredential.parse(d)

    comps = [component(i, h) for i, h in enumerate((15, 20, 30, 3))]
    units = [stack.Unit.from_micro_credential(mc, profiles=[profiles.JWG]) for mc in comps]
    each = stack.Match(profiles={"JWG"}, min_hours=10)
    target = stack.Requirement("series", match=each, hours=60)
    later = date(2026, 1, 1)
    res = stack.resolve(target, units, as_of=later)
    assert res.verdict is S
    template = MicroCredential.parse(dict(demo, id="urn:programme"))
    agg = stack.aggregate(res, comps, template=template, title="データサイエンス履修証明プログラム")
    assert agg.effort is not None and agg.effort.hours == 65
    assert agg.id == "urn:programme"
    assert len(agg.learning_outcomes) == len(comps[0].learning_outcomes)
    codes = {f.code for f in profiles.check(agg, profiles.JP_CERTIFICATE_PROGRAMME).findings}
    assert "effort_below_minimum" not in codes
    short = stack.resolve(stack.Requirement("series", match=each, hours=30), units[:2],
                          as_of=later)
    small = stack.aggregate(short, comps, template=template)
    assert small.effort is not None and small.effort.hours == 35
    codes = {f.code for f in profiles.check(small, profiles.JP_CERTIFICATE_PROGRAMME).findings}
    assert "effort_below_minimum" in codes
    with pytest.raises(StackError):
        stack.aggregate(stack.resolve(target, units[:1], as_of=later), comps)


def test_targets_towards_connects_descriptors_to_trees() -> None:
    from microcred.__main__ import build_demo_credential

    mc = build_demo_credential()
    cert = "https://university.example/programmes/ds-certificate"
    mds = "https://university.example/programmes/mds"
    tree = stack.Requirement("series", match=stack.Match(ids={mc.id}), count=1)
    got = stack.targets_towards(mc, {cert: tree, mds: tree, "urn:other": tree})
    assert set(got) == {cert, mds}
    unit = stack.Unit.from_micro_credential(mc)
    assert all(stack.resolve(t, [unit], as_of=date(2026, 1, 1)).verdict is S
               for t in got.values())
    with pytest.raises(StackError, match="mds"):
        stack.targets_towards(mc, {cert: tree})
