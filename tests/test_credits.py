"""Credit systems: registrable data with cited public sources, exact conversions.

The expected figures below are written out from the public documents each system cites (not
from the project's notes), and every built-in figure is also checked against the sentence its
own ``Reference`` quotes, so that a number changed without its source fails here.
"""

from __future__ import annotations

import copy
import pickle
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import microcred
from microcred import (
    CREDIT_SYSTEMS,
    CreditAmount,
    CreditSystem,
    CreditSystemSpec,
    HoursRange,
    InvalidDataError,
    LearnerEffort,
    StackError,
    credit_system_specs,
    credits_to_hours,
    hours_per_credit,
    register_credit_system,
    stack,
    unregister_credit_system,
)
from microcred.frameworks import Reference, SourceStatus

NAMES = ("CreditSystem", "CreditSystemSpec", "HoursRange", "hours_per_credit", "CREDIT_SYSTEMS",
         "credits_to_hours", "credit_system_specs", "register_credit_system",
         "unregister_credit_system")

# Hours per credit, from the primary documents each entry cites:
EXPECTED: dict[str, tuple[int, int] | None] = {
    "ECTS": (25, 30),  # ECTS Users' Guide 2015: 1,500-1,800 h per 60 credits
    "JP_TANI": (45, 45),  # 大学設置基準 第21条第2項 (MEXT Q&A 2022, Q41-42): 標準45時間
    "MY_CREDIT": (40, 40),  # MQA SAMC GGP 2.2, 5.3.8: the first 40 notional hours = 1 credit
    "US_SEMESTER_HOUR": (45, 45),  # 34 CFR 600.2: (1 + 2) h x ~15 weeks, a minimum
    "UK_CREDIT": (10, 10),  # CQFW (Welsh Government): one credit for every 10 hours of learning
    "NZ_CREDIT": (10, 10),  # NZQA Listing and Operational Rules 2022, rule 3
    "SCQF_CREDIT": (10, 10),  # SCQF Partnership: a notional 10 hours of learning time
    "MIT_UNIT": (14, 14),  # MIT Registrar: approximately 14 hours of work per term
    "IE_ECTS": (20, 25),  # TU Dublin: each ECTS credit corresponds to 20-25 learning hours
    "TH_CREDIT": None,  # defined by instruction hours per mode of study; no notional figure
    "SG_SIT_CREDIT": None,  # SIT's bulletin gives credit totals, no hours per credit
}


def test_exported() -> None:
    for name in NAMES:
        assert name in microcred.__all__


def test_enum_compatibility() -> None:
    """Existing callers: members as attributes, value == name, lookup by value, str()."""
    assert [cs.value for cs in CreditSystem][:6] == [
        "ECTS", "JP_TANI", "MY_CREDIT", "US_SEMESTER_HOUR", "UK_CREDIT", "NZ_CREDIT"]
    for cs in CreditSystem:
        assert cs.value == cs.name
        assert CreditSystem(cs.name) is cs and getattr(CreditSystem, cs.name) is cs
        assert cs.label_en and cs.label_ja and cs.label_en != cs.label_ja
        assert cs.label("ja") == cs.label_ja and cs.label("en") == cs.label_en
        assert str(cs) == cs.name and f"{cs}" == cs.name and cs == cs.name
        assert repr(cs) == f"<CreditSystem.{cs.name}: {cs.name!r}>"
        assert pickle.loads(pickle.dumps(cs)) is cs and copy.deepcopy(cs) is cs
        assert cs in CreditSystem
    assert len(CreditSystem) == len(credit_system_specs())
    with pytest.raises(ValueError):
        CreditSystem("ects")


def test_every_system_cites_a_public_source() -> None:
    assert {cs.value for cs in CreditSystem} >= set(EXPECTED)
    for spec in credit_system_specs():
        ref = spec.source
        assert isinstance(ref, Reference)
        assert ref.title and ref.body and ref.date, spec.key
        assert ref.url.startswith(("https://", "http://")), spec.key
        if ref.status is SourceStatus.SECONDARY:
            assert ref.via, f"{spec.key}: name the secondary source"
        if ref.status is SourceStatus.UNVERIFIED or spec.low is None:
            assert ref.note, f"{spec.key}: say what was not verified or found"


@pytest.mark.parametrize(("system", "hours"), EXPECTED.items())
def test_figures_match_sources(system: str, hours: tuple[int, int] | None) -> None:
    cs = CreditSystem(system)
    if hours is None:
        assert cs.hours is None and cs not in CREDIT_SYSTEMS
        assert "no " in cs.source.note  # the data says that no figure was found
        with pytest.raises(InvalidDataError) as info:
            hours_per_credit(cs)
        assert info.value.errors[0].type == "no_hours_per_credit"
        return
    rng = hours_per_credit(system)
    assert (rng.low, rng.high) == (Fraction(hours[0]), Fraction(hours[1]))
    assert rng is CREDIT_SYSTEMS[cs] is cs.hours and rng.reference is cs.source
    assert rng.is_exact == (hours[0] == hours[1])
    assert cs.source.title in rng.source  # the text citation names the document


QUOTED = {  # system -> the numbers its cited sentence must contain
    "ECTS": ("1,500", "1,800", "25 to 30"), "JP_TANI": ("45",), "US_SEMESTER_HOUR": ("two",
                                                                                 "fifteen"),
    "NZ_CREDIT": ("ten notional learning hours",), "SCQF_CREDIT": ("10 hours",),
    "MIT_UNIT": ("14 hours",), "IE_ECTS": ("20-25",), "UK_CREDIT": ("every 10 hours",),
    "MY_CREDIT": ("first 40 notional hours", "equated with 1 credit"),
}


def test_every_built_in_figure_is_quoted() -> None:
    """A built-in system with hours must have its figure checked against a quoted sentence."""
    assert {k for k, v in EXPECTED.items() if v is not None} == set(QUOTED)


@pytest.mark.parametrize(("system", "words"), QUOTED.items())
def test_figures_are_the_quoted_ones(system: str, words: tuple[str, ...]) -> None:
    text = CreditSystem(system).source.section
    for w in words:
        assert w in text, (system, w)
    assert CreditSystem(system).source.status is not SourceStatus.UNVERIFIED


def test_ects_range_derived_from_full_time_year() -> None:
    rng = hours_per_credit(CreditSystem.ECTS)
    assert rng.low * 60 == 1500 and rng.high * 60 == 1800


def test_seed_systems_are_not_ects() -> None:
    """Thai and SIT credits are their own systems, never ECTS in disguise."""
    for key in ("TH_CREDIT", "SG_SIT_CREDIT"):
        cs = CreditSystem(key)
        assert cs != CreditSystem.ECTS and "ECTS" not in cs.label_en
        assert cs.hours is None


@pytest.mark.parametrize("bad", ["ects", "CATS", "", "JP-TANI", "US_QUARTER_HOUR"])
def test_unknown_system_rejected(bad: str) -> None:
    with pytest.raises(InvalidDataError) as info:
        hours_per_credit(bad)
    assert info.value.errors[0].path == "credit_system"
    assert info.value.errors[0].type == "unknown_credit_system"
    assert repr(bad) in str(info.value)


def test_hours_range_invariants() -> None:
    with pytest.raises(InvalidDataError):
        HoursRange(Fraction(30), Fraction(25), "x")
    with pytest.raises(InvalidDataError):
        HoursRange(Fraction(0), Fraction(1), "x")
    rng = hours_per_credit("ECTS")
    assert 25 in rng and 30 in rng and Fraction(55, 2) in rng
    assert 24 not in rng and 31 not in rng
    assert "27" not in rng and float("nan") not in rng and True not in rng


def test_credits_to_hours() -> None:
    assert credits_to_hours("7.5", "ECTS") == (Fraction(375, 2), Fraction(225))
    assert credits_to_hours(Decimal("2"), CreditSystem.JP_TANI) == (Fraction(90), Fraction(90))
    assert credits_to_hours(0, "UK_CREDIT") == (Fraction(0), Fraction(0))
    assert credits_to_hours(12, "MIT_UNIT") == (Fraction(168), Fraction(168))
    for bad in (-1, "-0.5"):
        with pytest.raises(InvalidDataError):
            credits_to_hours(bad, "ECTS")
    for wrong in (1.5, True, None, "abc", Decimal("NaN")):
        with pytest.raises(InvalidDataError):
            credits_to_hours(wrong, "ECTS")  # type: ignore[arg-type]
    with pytest.raises(InvalidDataError):
        credits_to_hours(3, "TH_CREDIT")


# ------------------------------------------------------------------------------ registration
def _spec(key: str = "XX_CREDIT", low: object = 20, high: object = 30) -> CreditSystemSpec:
    return CreditSystemSpec(key, "Example credit", "例示単位", low, high,  # type: ignore[arg-type]
                            Reference("Example credit rules", "Example body", "2025",
                                      url="https://example.org/credit"))


def test_register_use_and_unregister() -> None:
    cs = register_credit_system(_spec(low="20", high=Decimal("30")))
    try:
        assert CreditSystem("XX_CREDIT") is cs and cs in list(CreditSystem)
        assert hours_per_credit(cs).low == 20 and cs in CREDIT_SYSTEMS
        with pytest.raises(InvalidDataError):
            register_credit_system(_spec())  # already registered
        assert register_credit_system(_spec(low=15, high=15), replace=True) is cs
        assert cs.hours is not None and cs.hours.high == 15
        # the descriptor model reads the registry
        amount = CreditAmount(amount=Decimal(2), system="XX_CREDIT")
        assert amount.system is cs and amount.hours() == (Fraction(30), Fraction(30))
        assert CreditAmount.model_validate_json(amount.model_dump_json()) == amount
        # and so does the stack resolver: 3 XX (45 h) is 1.5-1.8 ECTS
        need = stack.Requirement("r", credits=stack.Credits(Fraction(3, 2), "ECTS"))
        res = stack.resolve(need, [stack.Unit(id="u", credits=stack.Credits(3, "XX_CREDIT"))],
                            as_of=__import__("datetime").date(2025, 1, 1))
        assert res.verdict is stack.Verdict.SATISFIED
    finally:
        unregister_credit_system("XX_CREDIT")
    assert "XX_CREDIT" not in CreditSystem
    with pytest.raises(ValueError):
        CreditSystem("XX_CREDIT")
    with pytest.raises(InvalidDataError):
        unregister_credit_system("ECTS")


@pytest.mark.parametrize("bad", [
    {"key": "xx"}, {"key": "X"}, {"key": "XX-CREDIT"}, {"low": 0}, {"low": 30, "high": 20},
    {"low": None}, {"low": 1.5}, {"low": "abc"},
])
def test_spec_validation(bad: dict[str, object]) -> None:
    kw: dict[str, object] = {"key": "XX_CREDIT", "low": 20, "high": 30, **bad}
    with pytest.raises(InvalidDataError):
        _spec(**kw)  # type: ignore[arg-type]


def test_system_without_hours_in_the_model_and_the_resolver() -> None:
    """A Thai credit is accepted by the descriptor model (hours unknown: 0 to the limit), adds
    up with Thai credits in the resolver, and converts to another system only by agreement."""
    amount = CreditAmount(amount=Decimal(3), system=CreditSystem.TH_CREDIT)
    assert amount.hours()[0] == 0
    effort = LearnerEffort(hours=Decimal(135), credits=[amount])
    assert effort.hours_interval() == (Fraction(135), Fraction(135))
    day = __import__("datetime").date(2025, 1, 1)
    unit = stack.Unit(id="u", credits=stack.Credits(3, "TH_CREDIT"))
    same = stack.Requirement("r", credits=stack.Credits(3, "TH_CREDIT"))
    assert stack.resolve(same, [unit], as_of=day).verdict is stack.Verdict.SATISFIED
    other = stack.Requirement("r", credits=stack.Credits(6, "ECTS"))
    with pytest.raises(StackError, match="agreements"):
        stack.resolve(other, [unit], as_of=day)
    agreed = stack.ConversionPolicy(agreements={("TH_CREDIT", "ECTS"): Fraction(2)})
    res = stack.resolve(other, [unit], as_of=day, conversion=agreed)
    assert res.verdict is stack.Verdict.SATISFIED
    # size unknown for a per-unit minimum: undecided, never silently accepted or refused
    sized = stack.Requirement("r", match=stack.Match(min_hours=10), count=1)
    assert stack.resolve(sized, [unit], as_of=day).verdict is stack.Verdict.INDETERMINATE


def test_pydantic_field_rejects_unregistered() -> None:
    class M(BaseModel):
        system: CreditSystem

    assert M(system="MIT_UNIT").system is CreditSystem.MIT_UNIT
    assert M.model_validate_json('{"system": "SCQF_CREDIT"}').model_dump(mode="json") == {
        "system": "SCQF_CREDIT"}
    with pytest.raises(ValidationError, match="not a registered credit system"):
        M(system="ects")


# ------------------------------------------------------------------------------ properties
SYSTEMS = [cs for cs in CreditSystem if cs.hours is not None]
DECIMALS = st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False,
                       allow_infinity=False)


@settings(max_examples=150)
@given(st.fractions(min_value=0, max_value=1000), st.sampled_from(SYSTEMS))
def test_conversion_is_exact_linear_and_ordered(amount: Fraction, system: CreditSystem) -> None:
    lo, hi = credits_to_hours(amount, system)
    rng = hours_per_credit(system)
    assert isinstance(lo, Fraction) and isinstance(hi, Fraction)
    assert lo <= hi and lo == amount * rng.low and hi == amount * rng.high
    assert credits_to_hours(amount * 2, system) == (2 * lo, 2 * hi)
    assert credits_to_hours(str(amount), system) == (lo, hi)  # "p/q" strings are exact too


@settings(max_examples=150)
@given(DECIMALS, DECIMALS, st.sampled_from(SYSTEMS))
def test_conversion_is_additive_on_decimals(a: Decimal, b: Decimal, system: CreditSystem) -> None:
    lo_a, hi_a = credits_to_hours(a, system)
    lo_b, hi_b = credits_to_hours(b, system)
    assert credits_to_hours(a + b, system) == (lo_a + lo_b, hi_a + hi_b)
    assert credits_to_hours(format(a, "f"), system) == (lo_a, hi_a)


@settings(max_examples=150)
@given(st.fractions(min_value=Fraction(1, 100), max_value=500), st.sampled_from(SYSTEMS),
       st.sampled_from(SYSTEMS))
def test_stack_conversion_interval_contains_every_reading(
        amount: Fraction, src: CreditSystem, dst: CreditSystem) -> None:
    """Through hours, src -> dst is the interval of every pair of readings of the two ranges;
    its ends are attained (by the extreme readings) and nothing outside it is."""
    from microcred.stack._elig import convert

    lo, hi = convert(amount, src, dst, stack.ConversionPolicy())
    s, d = hours_per_credit(src), hours_per_credit(dst)
    readings = {amount * hs / hd for hs in (s.low, s.high) for hd in (d.low, d.high)}
    if src == dst:
        assert lo == hi == amount
    else:
        assert (lo, hi) == (min(readings), max(readings))
    assert all(lo <= r <= hi for r in readings) or src == dst


def test_docs_table_lists_every_sourced_system() -> None:
    text = (__import__("pathlib").Path(__file__).resolve().parent.parent / "docs"
            / "concepts.md").read_text(encoding="utf-8")
    for cs in CREDIT_SYSTEMS:
        assert re.search(rf"^{cs.value}\s", text, re.M), cs


def test_module_doctests() -> None:
    import doctest

    import microcred._credits as module

    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def test_frameworks_lists_every_registered_credit_system() -> None:
    # systems registered without hours (no public source gives them) are listed with None
    from microcred import frameworks
    from microcred._credits import credit_system_specs

    listed = frameworks.credit_systems()
    assert set(listed) == {spec.key for spec in credit_system_specs()}
    assert listed["TH_CREDIT"]["hours_per_credit"] is None
    assert listed["ECTS"]["hours_per_credit"] == ["25", "30"]
