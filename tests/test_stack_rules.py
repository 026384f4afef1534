"""Worked cases built from published rules (``tests/vectors/project/research/stackability.md``).

Each test names the rule it encodes (R1...R24 in the research note) and its source.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from microcred import InvalidDataError, StackError, StructuralError, stack

AS_OF = date(2025, 1, 1)
S, N = stack.Verdict.SATISFIED, stack.Verdict.NOT_SATISFIED


def units(*ids: str, **kw: object) -> list[stack.Unit]:
    return [stack.Unit(id=i, **kw) for i in ids]


# ------------------------------------------------------------------------------ greedy trap
def test_greedy_trap_erickson_b3() -> None:
    """b.3: R1 = 2 of {A,B,C}, R2 = 2 of {C,D,E}.  B,C,D,E can graduate in any listing order."""
    r1 = stack.Requirement("R1", match=stack.Match(ids={"A", "B", "C"}), count=2)
    r2 = stack.Requirement("R2", match=stack.Match(ids={"C", "D", "E"}), count=2)
    for target in (stack.AllOf(r1, r2), stack.AllOf(r2, r1)):
        res = stack.resolve(target, units("E", "D", "C", "B"), as_of=AS_OF)
        assert res.verdict is S
        assert set(res.units_for("R1")) == {"B", "C"}
        assert set(res.units_for("R2")) == {"D", "E"}


def test_greedy_trap_shortfall_is_a_hall_certificate() -> None:
    """b.2: B,C,D cannot graduate; the certificate names both rules and a deficit of 1 unit."""
    r1 = stack.Requirement("R1", match=stack.Match(ids={"A", "B", "C"}), count=2)
    r2 = stack.Requirement("R2", match=stack.Match(ids={"C", "D", "E"}), count=2)
    res = stack.resolve(stack.AllOf(r2, r1), units("B", "C", "D"), as_of=AS_OF)
    assert res.verdict is N
    (short,) = res.missing
    assert set(short.requirements) == {"R1", "R2"}
    assert short.required["units"] == 4 and short.available["units"] == 3
    assert short.deficit["units"] == 1
    # the unit R1 could have used is reported as counted elsewhere
    elsewhere = [r for r in res.rejected if r.reason == "used_elsewhere"]
    assert elsewhere and all(r.requirement == "R1" for r in elsewhere)
    assert {r.unit for r in elsewhere} <= {"B", "C"}
    text = " ".join(short.could_close)
    assert "A" in text or "E" in text
    assert "同時に満たせません" in short.message_ja


def test_dartmouth_distributives_r23() -> None:
    """R23: GOVT 5 satisfies INT or SOC, GOVT 39 only SOC -> GOVT 5 to INT, GOVT 39 to SOC."""
    soc = stack.Requirement("SOC", match=stack.Match(ids={"GOVT 5", "GOVT 39"}), count=1)
    intl = stack.Requirement("INT", match=stack.Match(ids={"GOVT 5"}), count=1)
    res = stack.resolve(stack.AllOf(soc, intl), units("GOVT 5", "GOVT 39"), as_of=AS_OF)
    assert res.verdict is S
    assert res.units_for("INT") == ("GOVT 5",)
    assert res.units_for("SOC") == ("GOVT 39",)


def test_credit_threshold_partition_needs_search() -> None:
    """b.4 source 1: indivisible credits against thresholds (3+3 | 2+2+2 for two 6s)."""
    us = [stack.Unit(id=f"u{i}", credits=stack.Credits(c, "ECTS"), tags={"x"})
          for i, c in enumerate([3, 3, 2, 2, 2])]
    six = stack.Credits(6, "ECTS")
    t = stack.AllOf(stack.Requirement("a", match=stack.Match(tags={"x"}), credits=six),
                    stack.Requirement("b", match=stack.Match(tags={"x"}), credits=six))
    assert stack.resolve(t, us, as_of=AS_OF).verdict is S
    t7 = stack.AllOf(stack.Requirement("a", match=stack.Match(tags={"x"}), credits=six),
                     stack.Requirement("b", match=stack.Match(tags={"x"}),
                                       credits=stack.Credits(7, "ECTS")))
    # 12 credits in total but 6 + 7 = 13: no split of whole units works
    res = stack.resolve(t7, us, as_of=AS_OF)
    assert res.verdict is N
    assert res.missing[0].deficit["ECTS"] == 1


# ------------------------------------------------------------------------------ MicroMasters
def _micromasters() -> tuple[stack.Node, dict[str, stack.Node]]:
    """R1: SC0x-SC4x, a verified certificate in each, then the proctored CFx exam.
    R2: if admitted to the blended master's, it counts as one semester; the rest on campus."""
    courses = [stack.Requirement(c, match=stack.Match(ids={c}, tags={"verified"}), count=1)
               for c in ("SC0x", "SC1x", "SC2x", "SC3x", "SC4x")]
    mm = stack.AllOf(*courses, stack.Requirement("CFx", match=stack.Match(ids={"CFx"}),
                                                 count=1), name="mm")
    campus = stack.Requirement("campus", match=stack.Match(tags={"scm-campus-semester"}),
                               count=1)
    masters = stack.embedded("micromasters-scm", campus,
                             components=stack.Ref("micromasters-scm"),
                             admission=stack.Match(tags={"admitted:scmb"}), name="scm")
    return masters, {"micromasters-scm": mm}


def test_micromasters_embedded_r1_r2() -> None:
    masters, targets = _micromasters()
    verified = [stack.Unit(id=c, tags={"verified"}) for c in
                ("SC0x", "SC1x", "SC2x", "SC3x", "SC4x")]
    rest = [stack.Unit(id="CFx"), stack.Unit(id="adm", tags={"admitted:scmb"}),
            stack.Unit(id="sem", tags={"scm-campus-semester"})]
    res = stack.resolve(masters, verified + rest, as_of=AS_OF, targets=targets)
    assert res.verdict is S
    # no CFx exam: not satisfied, and the shortfall points at CFx
    res2 = stack.resolve(masters, verified + rest[1:], as_of=AS_OF, targets=targets)
    assert res2.verdict is N
    assert any("CFx" in s.message_en for s in res2.missing)
    # an audit-track (unverified) course does not count
    audit = [*verified[:4], stack.Unit(id="SC4x")]
    assert stack.resolve(masters, audit + rest, as_of=AS_OF, targets=targets).verdict is N
    # holding the MicroMasters credential itself is enough for the block
    held = [stack.Unit(id="micromasters-scm"), *rest[1:]]
    assert stack.resolve(masters, held, as_of=AS_OF, targets=targets).verdict is S
    # admission is not guaranteed (R2): without it, not satisfied
    assert stack.resolve(masters, verified + rest[:1] + rest[2:], as_of=AS_OF,
                         targets=targets).verdict is N


# ------------------------------------------------------------------------------ APEL.C
def _bachelor(n_courses: int = 40) -> stack.Node:
    """R5: a Malaysian bachelor's needs 120 credits: here 40 courses of 3 MQF credits."""
    three = stack.Credits(3, "MY_CREDIT")
    leaves = [stack.Requirement(f"c{i:02d}", match=stack.Match(ids={f"c{i:02d}"}), count=1,
                                value=three) for i in range(n_courses - 1)]
    fyp = stack.Requirement("fyp", match=stack.Match(ids={"fyp"}, routes={stack.Route.NATIVE}),
                            count=1, value=three)  # R4: APEL.C not for the final-year project
    return stack.rpl(stack.AllOf(*leaves, fyp, name="courses"),
                     total=stack.Credits(120, "MY_CREDIT"), max_fraction="0.3")


def _record(n_rpl: int) -> list[stack.Unit]:
    out = []
    for i in range(39):
        route = stack.Route.RPL if i < n_rpl else stack.Route.NATIVE
        out.append(stack.Unit(id=f"c{i:02d}", credits=stack.Credits(3, "MY_CREDIT"),
                              route=route, earned_on=date(2024, 1, 1)))
    out.append(stack.Unit(id="fyp", credits=stack.Credits(3, "MY_CREDIT")))
    return out


def test_apel_c_30_percent_cap_r4() -> None:
    """R4: APEL.C credit at most 30 % of 120 graduating credits = 36 = 12 whole courses."""
    target = _bachelor()
    assert stack.resolve(target, _record(12), as_of=AS_OF).verdict is S
    res = stack.resolve(target, _record(13), as_of=AS_OF)
    assert res.verdict is N
    assert any(r.reason == "cap_reached" for r in res.rejected)
    assert "programme#rpl cap" not in res.progress  # caps are rules, not nodes


def test_apel_c_not_for_final_year_project_r4() -> None:
    target = _bachelor()
    rec = _record(0)
    rec[-1] = stack.Unit(id="fyp", credits=stack.Credits(3, "MY_CREDIT"), route=stack.Route.RPL)
    res = stack.resolve(target, rec, as_of=AS_OF)
    assert res.verdict is N
    assert [s.requirements for s in res.missing] == [("programme/courses/fyp",)]


def test_structural_impossible_rpl_only_leaf_above_cap() -> None:
    cap = stack.Cap(match=stack.Match(routes={stack.Route.RPL}), max=stack.Credits(6, "ECTS"))
    t = stack.AllOf(stack.Requirement("r", match=stack.Match(routes={stack.Route.RPL}),
                                      credits=stack.Credits(9, "ECTS")), caps=(cap,))
    res = stack.resolve(t, [], as_of=AS_OF)
    assert res.verdict is stack.Verdict.STRUCTURAL_ERROR
    assert res.issues[0].code == "impossible_demand"


# ------------------------------------------------------------------------------ Thailand
TH = "TH_CREDIT"  # Thai credits (หน่วยกิต), never relabelled as another system


def _thai_programme(**kw: object) -> stack.Node:
    courses = {"TH101": stack.Credits(3, TH),
               "TH102": stack.Credits(3, TH),
               "TH201": stack.Credits(3, TH),
               "TH202": stack.Credits(3, TH)}
    return stack.transfer_programme(courses, total=stack.Credits(12, TH),
                                    **kw)  # type: ignore[arg-type]


def _deposit(uid: str, course: str, coverage: str, grade: str) -> stack.Unit:
    return stack.Unit(id=uid, credits=stack.Credits(3, TH),
                      covers={course: Fraction(coverage)}, grade=Fraction(grade),
                      route=stack.Route.TRANSFER)


def test_thai_transfer_criteria_r7() -> None:
    """R7: content coverage >= 3/4 of the course and grade >= C (2.00)."""
    native = units("TH101", "TH102", "TH201")
    ok = _deposit("x", "TH202", "0.75", "2.00")
    res = stack.resolve(_thai_programme(), [*native, ok], as_of=AS_OF)
    assert res.verdict is S
    assert res.units_for("programme/TH202/transferred") == ("x",)
    low_cov = _deposit("x", "TH202", "0.74", "4")
    res = stack.resolve(_thai_programme(), [*native, low_cov], as_of=AS_OF)
    assert res.verdict is N
    assert [r.reason for r in res.rejected if r.unit == "x"] == ["coverage_too_low"]
    low_grade = _deposit("x", "TH202", "1", "1.5")
    res = stack.resolve(_thai_programme(), [*native, low_grade], as_of=AS_OF)
    assert [r.reason for r in res.rejected if r.unit == "x"] == ["grade_too_low"]


def test_thai_half_cap_and_residency_r8_r9() -> None:
    """R8: AU caps transfer at half the programme credits; R9: study at the receiving
    institution (residency, expressed here as native credits at ``home``)."""
    prog = _thai_programme(max_fraction="1/2", residency=stack.Credits(6, TH),
                           home="au")
    deps = [_deposit(f"d{i}", c, "0.8", "3") for i, c in enumerate(["TH101", "TH102", "TH201"])]
    native = [stack.Unit(id="TH202", credits=stack.Credits(3, TH), issuer="au")]
    res = stack.resolve(prog, [*deps, *native], as_of=AS_OF)
    assert res.verdict is N  # 9 transferred credits > 6, and residency 3 < 6
    native2 = [stack.Unit(id=c, credits=stack.Credits(3, TH), issuer="au")
               for c in ("TH201", "TH202")]
    res = stack.resolve(prog, [*deps, *native2], as_of=AS_OF)
    assert res.verdict is S
    assert res.progress["programme/residency"].achieved == 6


def test_credit_bank_ledger_r11() -> None:
    """R11: the Thai credit bank sets no time limit on accumulating credit."""
    bank = stack.CreditBank(owner="learner")
    bank = bank.deposit(_deposit("mooc1", "TH101", "0.9", "3.5"), "mooc", date(2012, 5, 1))
    bank = bank.deposit(_deposit("tr1", "TH102", "0.8", "3"), "training", date(2024, 5, 1))
    assert [u.route for u in bank.units(AS_OF)] == [stack.Route.CREDIT_BANK] * 2
    assert bank.units(date(2013, 1, 1))[0].tags >= {"deposit:mooc"}
    native = units("TH201", "TH202")
    assert bank.evaluate(_thai_programme(), as_of=AS_OF, native=native).verdict is S
    out = bank.withdraw("tr1", date(2024, 12, 1))
    assert out.evaluate(_thai_programme(), as_of=AS_OF, native=native).verdict is N
    # before the withdrawal date the deposit still counts
    assert out.evaluate(_thai_programme(), as_of=date(2024, 11, 30),
                        native=native).verdict is S
    with pytest.raises(StackError):
        bank.deposit(_deposit("tr1", "TH102", "1", "4"), "training", date(2024, 6, 1))


# ------------------------------------------------------------------------------ age limits
def test_credit_age_limit_inclusive_r18() -> None:
    """R18: prior credit considered only if awarded no more than 5 years before (inclusive)."""
    prog = stack.rpl(stack.Requirement("prior", match=stack.Match(tags={"edu"}), count=1),
                     total=stack.Credits(60, "UK_CREDIT"), max_fraction="2/3",
                     max_age_years=5)
    on_limit = stack.Unit(id="x", tags={"edu"}, route=stack.Route.RPL,
                          credits=stack.Credits(10, "UK_CREDIT"), earned_on=date(2020, 1, 1))
    assert stack.resolve(prog, [on_limit], as_of=AS_OF).verdict is S
    too_old = on_limit.model_copy(update={"earned_on": date(2019, 12, 31)})
    res = stack.resolve(prog, [too_old], as_of=AS_OF)
    assert res.verdict is N
    assert res.rejected[0].reason == "too_old"
    # native credit is not subject to the RPL age limit
    native = too_old.model_copy(update={"route": stack.Route.NATIVE})
    assert stack.resolve(prog, [native], as_of=AS_OF).verdict is S
    # unknown date: cannot decide
    undated = on_limit.model_copy(update={"earned_on": None})
    res = stack.resolve(prog, [undated], as_of=AS_OF)
    assert res.verdict is stack.Verdict.INDETERMINATE
    assert res.reason == "uncertain_data"


def test_match_max_age_leap_day() -> None:
    m = stack.Match(max_age_years=1)
    r = stack.Requirement("r", match=m, count=1)
    u = stack.Unit(id="u", earned_on=date(2023, 2, 28))
    assert stack.resolve(r, [u], as_of=date(2024, 2, 29)).verdict is S
    u2 = stack.Unit(id="u", earned_on=date(2023, 2, 27))
    assert stack.resolve(r, [u2], as_of=date(2024, 2, 29)).verdict is N


# ------------------------------------------------------------------------------ conversion
def test_interval_conversion_r13_r14() -> None:
    """R13: 1 ECTS = 25-30 h; R14: 1 単位 = 45 h.  9 ECTS = 225-270 h = 5-6 単位."""
    u = [stack.Unit(id="e", credits=stack.Credits(9, "ECTS"))]

    def need(n: int, **kw: object) -> stack.Resolution:
        r = stack.Requirement("r", credits=stack.Credits(n, "JP_TANI"))
        return stack.resolve(r, u, as_of=AS_OF, **kw)  # type: ignore[arg-type]

    assert need(5).verdict is S
    res = need(6)
    assert res.verdict is stack.Verdict.INDETERMINATE and res.reason == "uncertain_data"
    assert res.uncertainties[0].reason == "conversion_range"
    assert need(7).verdict is N
    low = stack.ConversionPolicy(bound="low")
    assert need(6, conversion=low).verdict is N
    table = stack.ConversionPolicy(agreements={("ECTS", "JP_TANI"): Fraction(2, 3)})
    assert need(6, conversion=table).verdict is S
    assert need(7, conversion=table).verdict is N
    # the pathway itself may declare its agreement table
    declared = stack.AllOf(stack.Requirement("r", credits=stack.Credits(6, "JP_TANI")),
                           conversion=table)
    assert stack.resolve(declared, u, as_of=AS_OF).verdict is S


def test_hours_only_unit_counts_for_credits() -> None:
    u = stack.Unit(id="h", hours=90)  # 90 h = 2 単位 exactly
    r = stack.Requirement("r", credits=stack.Credits(2, "JP_TANI"))
    assert stack.resolve(r, [u], as_of=AS_OF).verdict is S
    nocredit = stack.Unit(id="n")
    res = stack.resolve(r, [nocredit], as_of=AS_OF)
    assert res.verdict is N and res.rejected[0].reason == "no_credit_value"


# ------------------------------------------------------------------------------ sharing, order
def test_double_counting_between_degrees_r19() -> None:
    """R19: at most 9 credits may count toward both the bachelor's and the master's."""
    us = [stack.Unit(id=f"g{i}", credits=stack.Credits(3, "US_SEMESTER_HOUR"), tags={"grad"})
          for i in range(4)]
    cap = stack.SharingCap(layers=("ba", "ma"), max=stack.Credits(9, "US_SEMESTER_HOUR"))

    def target(ma: int) -> stack.Node:
        return stack.AllOf(
            stack.Requirement("ba", match=stack.Match(tags={"grad"}),
                              credits=stack.Credits(12, "US_SEMESTER_HOUR"), layer="ba"),
            stack.Requirement("ma", match=stack.Match(tags={"grad"}),
                              credits=stack.Credits(ma, "US_SEMESTER_HOUR"), layer="ma"),
            caps=(cap,))

    assert stack.resolve(target(9), us, as_of=AS_OF).verdict is S
    assert stack.resolve(target(12), us, as_of=AS_OF).verdict is N
    # the same with the ready-made constructor for two targets
    grad = stack.Match(tags={"grad"})

    def degrees(ma: int) -> stack.Node:
        return stack.joint(
            stack.Requirement("ba", match=grad, credits=stack.Credits(12, "US_SEMESTER_HOUR")),
            stack.Requirement("ma", match=grad, credits=stack.Credits(ma, "US_SEMESTER_HOUR")),
            max_shared=stack.Credits(9, "US_SEMESTER_HOUR"), names=("bs", "ms"))

    res = stack.resolve(degrees(9), us, as_of=AS_OF)
    assert res.verdict is S
    assert {a.layer for a in res.assignment} == {"bs", "ms"}
    assert stack.resolve(degrees(12), us, as_of=AS_OF).verdict is N


def test_uva_double_major_two_courses_r22() -> None:
    """R22: at most 2 courses double-counted between two majors."""
    cap = stack.SharingCap(layers=("m1", "m2"), max_units=2)
    us = units("x1", "x2", "x3", "y1")
    m1 = stack.Requirement("m1", match=stack.Match(ids={"x1", "x2", "x3"}), count=3, layer="m1")
    m2 = stack.Requirement("m2", match=stack.Match(ids={"x1", "x2", "x3", "y1"}), count=3,
                           layer="m2")
    assert stack.resolve(stack.AllOf(m1, m2, caps=(cap,)), us, as_of=AS_OF).verdict is S
    m2b = m2.model_copy(update={"count": 4})
    assert stack.resolve(stack.AllOf(m1, m2b, caps=(cap,)), us, as_of=AS_OF).verdict is N


def test_prerequisite_ordering_by_date() -> None:
    calc1 = stack.Requirement("calc1", match=stack.Match(tags={"calc1"}), count=1)
    calc2 = stack.Requirement("calc2", match=stack.Match(tags={"calc2"}), count=1,
                              after=("calc1",))
    good = [stack.Unit(id="a", tags={"calc1"}, earned_on=date(2023, 1, 1)),
            stack.Unit(id="b", tags={"calc2"}, earned_on=date(2023, 6, 1))]
    assert stack.resolve(stack.AllOf(calc1, calc2), good, as_of=AS_OF).verdict is S
    bad = [good[0].model_copy(update={"earned_on": date(2024, 1, 1)}), good[1]]
    assert stack.resolve(stack.AllOf(calc1, calc2), bad, as_of=AS_OF).verdict is N
    # a second, earlier calc1 fixes it: the search finds the right one
    more = [*bad, stack.Unit(id="c", tags={"calc1"}, earned_on=date(2022, 1, 1))]
    res = stack.resolve(stack.AllOf(calc1, calc2), more, as_of=AS_OF)
    assert res.verdict is S and res.units_for("calc1") == ("c",)


# ------------------------------------------------------------------------------ modular, plan
def test_modular_sit_18_credit_modules() -> None:
    """frameworks.md §7: SIT micro-credentials of 18 credits stack towards the degree."""
    mods = [f"mc{i}" for i in range(10)]
    award = stack.modular(mods, need=8, total=stack.Credits(144, "ECTS"))
    held = [stack.Unit(id=m, credits=stack.Credits(18, "ECTS")) for m in mods[:8]]
    assert stack.resolve(award, held, as_of=AS_OF).verdict is S
    assert stack.resolve(award, held[:7], as_of=AS_OF).verdict is N


def test_plan_cheapest_candidates() -> None:
    t = stack.Requirement("r", match=stack.Match(tags={"x"}), credits=stack.Credits(6, "ECTS"))
    have = [stack.Unit(id="h", credits=stack.Credits(2, "ECTS"), tags={"x"})]
    cands = [stack.Unit(id="big", credits=stack.Credits(6, "ECTS"), tags={"x"}),
             stack.Unit(id="m1", credits=stack.Credits(2, "ECTS"), tags={"x"}),
             stack.Unit(id="m2", credits=stack.Credits(3, "ECTS"), tags={"x"}),
             stack.Unit(id="other", credits=stack.Credits(1, "ECTS"), tags={"y"})]
    p = stack.plan(t, have, cands, as_of=AS_OF)
    assert p.verdict is S and p.add == ("m1", "m2")
    assert p.cost == 125  # (2 + 3) ECTS x 25 h, the low end of the ECTS range
    assert p.resolution is not None and p.resolution.verdict is S
    by_count = stack.plan(t, have, cands, as_of=AS_OF, cost="count")
    assert by_count.add == ("big",)
    none = stack.plan(t, have, cands[3:], as_of=AS_OF)
    assert none.verdict is N and none.add == ()
    done = stack.plan(t, [*have, cands[0]], [], as_of=AS_OF)
    assert done.verdict is S and done.add == () and done.cost == 0


def test_plan_proves_cheapest_among_many_candidates() -> None:
    """42 candidates: two are essential, and 12 elective credits must be bought cheapest."""
    t = stack.AllOf(
        stack.Requirement("core", match=stack.Match(ids={"c1", "c2", "c3"}), count=3),
        stack.Requirement("el", match=stack.Match(tags={"el"}), credits=stack.Credits(12, "ECTS")))
    have = [stack.Unit(id="c1", credits=stack.Credits(5, "ECTS"))]
    cands = [stack.Unit(id=f"x{i:02d}", credits=stack.Credits(1 + i % 6, "ECTS"), tags={"el"})
             for i in range(40)]
    cands += [stack.Unit(id="c2", credits=stack.Credits(5, "ECTS")),
              stack.Unit(id="c3", credits=stack.Credits(6, "ECTS"))]
    p = stack.plan(t, have, cands, as_of=AS_OF)
    assert p.verdict is S and p.reason is None  # proven cheapest, not cut by max_checks
    assert {"c2", "c3"} <= set(p.add)
    assert p.cost == (5 + 6 + 12) * 25  # hours at the low end of the ECTS range (R13)
    by_count = stack.plan(t, have, cands, as_of=AS_OF, cost="count")
    assert by_count.cost == 4 and by_count.reason is None  # c2, c3 and two 6-credit units


# ------------------------------------------------------------------------------ structure
def test_structural_errors() -> None:
    a = stack.AllOf(stack.Ref("B"), name="A")
    b = stack.AllOf(stack.Ref("A"), name="B")
    res = stack.resolve(stack.Ref("A"), [], as_of=AS_OF, targets={"A": a, "B": b})
    assert res.verdict is stack.Verdict.STRUCTURAL_ERROR
    (cyc,) = [i for i in res.issues if i.code == "cycle"]
    assert cyc.cycle == ("A", "B", "A")
    with pytest.raises(StructuralError):
        res.raise_for_structure()
    dangling = stack.resolve(stack.Ref("nowhere"), [], as_of=AS_OF)
    assert dangling.issues[0].code == "dangling_reference"
    nof = stack.NOf(3, stack.Requirement("x", count=1), stack.Requirement("y", count=1))
    assert stack.resolve(nof, [], as_of=AS_OF).issues[0].code == "impossible_demand"
    dup = stack.AllOf(stack.Requirement("x", count=1), stack.Requirement("x", count=2))
    assert stack.resolve(dup, [], as_of=AS_OF).issues[0].code == "duplicate_name"
    order = stack.AllOf(stack.Requirement("p", count=1, after=("q",)),
                        stack.Requirement("q", count=1, after=("p",)))
    assert [i.code for i in stack.resolve(order, [], as_of=AS_OF).issues] == ["cycle"]
    assert [i.code for i in stack.validate(order)] == ["cycle"]
    assert stack.validate(a, targets={"A": a, "B": b})[0].cycle == ("B", "A", "B")
    assert stack.validate(stack.AllOf(stack.Requirement("x", count=1))) == ()


def test_a_tiny_budget_never_gives_indeterminate() -> None:
    """PARTITION-like instances: the budget only bounds the enumeration before the exact core;
    the verdict is decided either way and equals the one with the default budget."""
    sizes = [3, 5, 7, 9, 11, 13, 17, 19]
    us = [stack.Unit(id=f"u{i}", credits=stack.Credits(c, "ECTS")) for i, c in enumerate(sizes)]
    for extra, want in ((Fraction(1, 2), N), (Fraction(0), S)):
        half = stack.Credits(Fraction(sum(sizes), 2) + extra, "ECTS")
        t = stack.AllOf(stack.Requirement("a", credits=half),
                        stack.Requirement("b", credits=half))
        for budget in (1, 5, 10**6):
            res = stack.resolve(t, us, as_of=AS_OF, budget=budget)
            assert res.verdict is want, (extra, budget)
            assert res.reason is None


def test_choices_are_pruned_once_a_configuration_fails() -> None:
    """2^30 combinations of alternatives, all failing on the same fixed pair: decided fast."""
    kids: list[stack.Node] = [
        stack.Requirement("X", match=stack.Match(ids={"u1", "u2"}), count=2),
        stack.Requirement("Y", match=stack.Match(ids={"u1"}), count=1)]
    for i in range(30):
        kids.append(stack.AnyOf(
            stack.Requirement(f"A{i}", match=stack.Match(ids={f"a{i}"}), count=1),
            stack.Requirement(f"B{i}", match=stack.Match(ids={f"b{i}"}), count=1),
            name=f"alt{i}"))
    us = units("u1", "u2", *(f"a{i}" for i in range(30)), *(f"b{i}" for i in range(30)))
    res = stack.resolve(stack.AllOf(*kids), us, as_of=AS_OF, budget=20_000)
    assert res.verdict is N
    assert [s.requirements for s in res.missing] == [("X", "Y")]


# ------------------------------------------------------------------------------ validity, input
def test_validity_at_as_of() -> None:
    r = stack.Requirement("r", count=1)
    exp = stack.Unit(id="e", valid_until=date(2024, 12, 31))
    assert stack.resolve(r, [exp], as_of=AS_OF).rejected[0].reason == "expired"
    assert stack.resolve(r, [exp], as_of=date(2024, 12, 31)).verdict is S
    future = stack.Unit(id="f", earned_on=date(2025, 1, 2))
    assert stack.resolve(r, [future], as_of=AS_OF).rejected[0].reason == "earned_after_as_of"


def test_input_errors() -> None:
    with pytest.raises(StackError):
        stack.resolve(stack.Requirement("r", count=1), units("a", "a"), as_of=AS_OF)
    with pytest.raises(StackError):
        stack.resolve(stack.Requirement("r", count=1), [], as_of="2025-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError):
        stack.Credits(1.5, "ECTS")  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError):
        stack.Credits(1, "POINTS")
    with pytest.raises(InvalidDataError):
        stack.Requirement("r", count=1, credits=stack.Credits(1, "ECTS"))
    assert stack.Credits("7.5", "ECTS").amount == Fraction(15, 2)


def test_unknown_level_is_indeterminate_when_it_matters() -> None:
    r = stack.Requirement("r", match=stack.Match(min_level=6), count=1)
    res = stack.resolve(r, [stack.Unit(id="u")], as_of=AS_OF)
    assert res.verdict is stack.Verdict.INDETERMINATE
    assert res.uncertainties[0].reason == "level_unknown"
    both = [stack.Unit(id="u"), stack.Unit(id="v", level=7)]
    assert stack.resolve(r, both, as_of=AS_OF).verdict is S
    r2 = r.model_copy(update={"count": 2})
    assert stack.resolve(r2, [stack.Unit(id="u")], as_of=AS_OF).verdict is N


def test_as_dict_is_json_ready() -> None:
    import json

    r = stack.Requirement("r", credits=stack.Credits(6, "JP_TANI"))
    res = stack.resolve(r, [stack.Unit(id="e", credits=stack.Credits(9, "ECTS"))], as_of=AS_OF)
    d = json.loads(json.dumps(res.as_dict(), ensure_ascii=False))
    assert d["verdict"] == "indeterminate" and d["uncertainties"][0]["reason"] == \
        "conversion_range"
    ok = stack.resolve(r.model_copy(update={"credits": stack.Credits(5, "JP_TANI")}),
                       [stack.Unit(id="e", credits=stack.Credits(9, "ECTS"))], as_of=AS_OF)
    (alloc,) = ok.as_dict()["assignment"]
    assert (alloc["amount"], alloc["amount_high"]) == ("5", "6")


def test_bilingual_explanation() -> None:
    r = stack.Requirement("core", match=stack.Match(ids={"m1"}), count=1, title="Core course",
                          title_ja="必修科目")
    res = stack.resolve(r, [stack.Unit(id="x")], as_of=AS_OF)
    assert res.explain().startswith("Verdict: not satisfied")
    ja = res.explain("ja")
    assert ja.startswith("判定: 未充足") and "どの要件にも該当しません" in ja
    assert "core «必修科目»: 0/1" in ja and "core «Core course»: 0/1" in res.explain()
    assert stack.Verdict.INDETERMINATE.label_ja == "判定不能"


# ------------------------------------------------------------------------------ match criteria
@pytest.mark.parametrize(("match", "unit", "expected"), [
    (stack.Match(issuers={"keio"}), {"issuer": "keio"}, S),
    (stack.Match(issuers={"keio"}), {"issuer": "other"}, N),
    (stack.Match(all_tags={"a", "b"}), {"tags": {"a", "b", "c"}}, S),
    (stack.Match(all_tags={"a", "b"}), {"tags": {"a"}}, N),
    (stack.Match(frameworks={"EQF"}, min_level=6), {"framework": "EQF", "level": 6}, S),
    (stack.Match(frameworks={"EQF"}, min_level=6), {"framework": "MQF", "level": 6}, N),
    (stack.Match(max_level=5), {"level": 6}, N),
    (stack.Match(max_level=5), {}, stack.Verdict.INDETERMINATE),
    (stack.Match(min_grade=Fraction(2)), {}, stack.Verdict.INDETERMINATE),
    (stack.Match(earned_from=date(2020, 1, 1), earned_until=date(2020, 12, 31)),
     {"earned_on": date(2020, 12, 31)}, S),
    (stack.Match(earned_from=date(2020, 1, 1), earned_until=date(2020, 12, 31)),
     {"earned_on": date(2021, 1, 1)}, N),
    (stack.Match(routes={stack.Route.TRANSFER}), {"route": "transfer"}, S),
    (stack.Match(ids={"x"}), {"achievement": "x"}, S),
])
def test_match_criteria(match: stack.Match, unit: dict[str, object],
                        expected: stack.Verdict) -> None:
    r = stack.Requirement("r", match=match, count=1)
    u = stack.Unit(id="u", **unit)
    assert stack.resolve(r, [u], as_of=AS_OF).verdict is expected


def test_trivial_and_degenerate_groups() -> None:
    assert stack.resolve(stack.NOf(0, stack.Requirement("x", count=1)), [],
                         as_of=AS_OF).verdict is S
    assert stack.resolve(stack.AnyOf(), [], as_of=AS_OF).issues[0].code == "impossible_demand"
    empty = stack.Requirement("x", match=stack.Match(ids=set()), count=1)
    assert stack.resolve(empty, [], as_of=AS_OF).issues[0].code == "impossible_demand"


def test_unit_validation() -> None:
    with pytest.raises(InvalidDataError):
        stack.Unit(id="u", valid_from=date(2025, 1, 2), valid_until=date(2025, 1, 1))
    with pytest.raises(InvalidDataError):
        stack.Unit(id="u", covers={"c": "1.5"})
    with pytest.raises(InvalidDataError):
        stack.Unit(id="")
    with pytest.raises(InvalidDataError):
        stack.Cap(match=stack.Match(), max_units=1, max=stack.Credits(1, "ECTS"))
    with pytest.raises(InvalidDataError):
        stack.SharingCap(layers=("a", "a"), max_units=1)
