"""Credit systems: the hours-per-credit table against the research notes and its sources."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred
from _vectors import project_file
from microcred import (
    CREDIT_SYSTEMS,
    CreditSystem,
    HoursRange,
    InvalidDataError,
    credits_to_hours,
    hours_per_credit,
)

RESEARCH = project_file("research/frameworks.md").parent


def test_exported() -> None:
    for name in ("CreditSystem", "HoursRange", "hours_per_credit", "CREDIT_SYSTEMS"):
        assert name in microcred.__all__


def test_value_equals_name_and_labels() -> None:
    for cs in CreditSystem:
        assert cs.value == cs.name
        assert CreditSystem(cs.name) is cs
        assert cs.label_en and cs.label_ja
        assert cs.label_en != cs.label_ja
        assert str(cs) == cs.name


def test_every_system_has_a_sourced_range() -> None:
    assert set(CREDIT_SYSTEMS) == set(CreditSystem)
    for cs, rng in CREDIT_SYSTEMS.items():
        assert isinstance(rng.low, Fraction) and isinstance(rng.high, Fraction)
        assert 0 < rng.low <= rng.high
        assert ".md" in rng.source  # cites the research notes
        assert hours_per_credit(cs) is rng
        assert hours_per_credit(cs.value) is rng


# Figures copied from frameworks.md §8 and stackability.md (b.6, R13-R16).
@pytest.mark.parametrize(
    ("system", "low", "high"),
    [
        ("ECTS", 25, 30),  # ECTS Users' Guide 2015: 1,500-1,800 h / 60 ECTS
        ("JP_TANI", 45, 45),  # 大学設置基準 第21条
        ("MY_CREDIT", 40, 40),  # MQF 2nd ed.: 40 NLH
        ("US_SEMESTER_HOUR", 45, 45),  # 34 CFR 600.2: (1 + 2) h x ~15 weeks
        ("UK_CREDIT", 10, 10),  # QAA/SCQF
        ("NZ_CREDIT", 10, 10),  # NZQA
    ],
)
def test_figures_match_research(system: str, low: int, high: int) -> None:
    rng = hours_per_credit(system)
    assert (rng.low, rng.high) == (Fraction(low), Fraction(high))
    assert rng.is_exact == (low == high)


def test_ects_range_derived_from_full_time_year() -> None:
    # 60 ECTS = one full-time year of 1,500-1,800 hours (ECTS Users' Guide 2015).
    rng = hours_per_credit(CreditSystem.ECTS)
    assert rng.low * 60 == 1500 and rng.high * 60 == 1800


def test_research_text_contains_the_figures() -> None:
    if not RESEARCH.is_dir():
        pytest.skip("../shared/research is absent")
    text = (RESEARCH / "frameworks.md").read_text(encoding="utf-8")
    assert "1 ECTS ≈ 25–30 h" in text
    assert "1 単位 = 45 h" in text
    assert "1 credit = 40 NLH" in text
    assert "1 NZ credit = 10 h" in text
    stack = (RESEARCH / "stackability.md").read_text(encoding="utf-8")
    assert "US semester credit ≥ 45 h" in stack


@pytest.mark.parametrize("bad", ["ects", "CATS", "", "JP-TANI", "US_QUARTER_HOUR"])
def test_unknown_system_rejected(bad: str) -> None:
    with pytest.raises(InvalidDataError) as info:
        hours_per_credit(bad)
    assert info.value.errors[0].path == "credit_system"
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
    assert credits_to_hours(0, "UK_CREDIT") == (0, 0)
    for bad in (-1, "-0.5"):
        with pytest.raises(InvalidDataError):
            credits_to_hours(bad, "ECTS")
    for wrong in (1.5, True, None, "abc", Decimal("NaN")):
        with pytest.raises(InvalidDataError):
            credits_to_hours(wrong, "ECTS")  # type: ignore[arg-type]


@settings(max_examples=100)
@given(
    st.fractions(min_value=0, max_value=1000),
    st.sampled_from(list(CreditSystem)),
)
def test_conversion_is_linear_and_ordered(amount: Fraction, system: CreditSystem) -> None:
    lo, hi = credits_to_hours(amount, system)
    rng = hours_per_credit(system)
    assert lo <= hi
    assert lo == amount * rng.low and hi == amount * rng.high
    lo2, hi2 = credits_to_hours(amount * 2, system)
    assert (lo2, hi2) == (2 * lo, 2 * hi)
