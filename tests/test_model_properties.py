"""Property tests over the whole model with the strategies of :mod:`microcred.testing`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from microcred import (
    LEVEL_RANGES,
    Descriptor,
    InvalidDataError,
    LevelFramework,
    MicroCredential,
    is_well_formed_language_tag,
    profiles,
    unesco,
)
from microcred.profiles import Requirement, Severity, Status
from microcred.testing import (
    credit_amounts,
    framework_profiles,
    language_tags,
    learner_efforts,
    micro_credentials,
)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(micro_credentials())
def test_json_round_trip_is_lossless(mc: MicroCredential) -> None:
    dumped = mc.model_dump(mode="json")
    text = json.dumps(dumped, ensure_ascii=False)
    again = MicroCredential.parse(json.loads(text))
    assert again == mc
    assert again.model_dump(mode="json") == dumped
    assert MicroCredential.parse_json(mc.model_dump_json()) == mc


@SETTINGS
@given(micro_credentials())
def test_presence_partitions_descriptors(mc: MicroCredential) -> None:
    present = mc.present_descriptors()
    missing = mc.missing_descriptors()
    assert present.isdisjoint(missing)
    assert present | set(missing) == set(Descriptor)
    assert all(mc.has(d) for d in present)


@SETTINGS
@given(micro_credentials(), st.sampled_from(profiles.BUILTIN))
def test_check_reports_exactly_the_missing_required(mc: MicroCredential,
                                                    profile: profiles.Profile) -> None:
    report = profiles.check(mc, profile)
    required = set(profile.descriptors(Requirement.REQUIRED))
    assert set(report.missing_required) == required - mc.present_descriptors()
    if report.conforms:
        assert required <= mc.present_descriptors()
        assert all(f.severity in (Severity.WARNING, Severity.INFO) for f in report.findings)
    errors = any(f.severity is Severity.ERROR for f in report.findings)
    assert (report.status is Status.DOES_NOT_CONFORM) == errors
    g = profiles.gap(mc, profile)
    assert g.must_add == report.missing_required
    assert g.closed == (report.status is Status.CONFORMS)
    for f in report.findings:
        assert f.message_en and f.message_ja


@SETTINGS
@given(micro_credentials(), st.sampled_from(list(Descriptor)))
def test_removing_a_descriptor_never_helps(mc: MicroCredential, d: Descriptor) -> None:
    assume(mc.has(d) and "." not in d.field)
    data = mc.model_dump(mode="json")
    data[d.field] = [] if isinstance(data[d.field], list) else None
    less = MicroCredential.parse(data)
    for p in profiles.BUILTIN:
        before, after = profiles.check(mc, p), profiles.check(less, p)
        assert set(before.missing_required) <= set(after.missing_required)
        if p.requirement(d) is Requirement.REQUIRED:
            assert after.status is Status.DOES_NOT_CONFORM
        if p.requirement(d) is Requirement.LISTED:  # cannot be shown to conform any more
            assert after.status is not Status.CONFORMS


@SETTINGS
@given(micro_credentials())
def test_unesco_clauses_follow_descriptors(mc: MicroCredential) -> None:
    a = unesco.assess(mc)
    c1, c2, c3, c4 = (c.met for c in a.clauses)
    assert c1 == bool(mc.learning_outcomes)
    assert c2 == (mc.assessment is not None and mc.assessment.criteria is not None
                  and mc.awarding_body is not None)
    assert c3 == (mc.stackability is not None or mc.recognition is not None)
    assert c4 == any(q.kind.value == "internal" for q in mc.quality_assurance)
    assert a.meets_definition == all((c1, c2, c3, c4))


@settings(max_examples=200, deadline=None)
@given(language_tags())
def test_generated_tags_are_well_formed_and_normalised(tag: str) -> None:
    assert is_well_formed_language_tag(tag)
    stored = MicroCredential(languages=[tag]).languages[0]
    assert stored.lower() == tag.lower()
    assert MicroCredential(languages=[stored]).languages[0] == stored  # idempotent


@settings(max_examples=200, deadline=None)
@given(language_tags(), st.sampled_from(["_", " ", "--", "-", "é", "!", "-toolongsubtag"]),
       st.data())
def test_corrupted_tags_rejected(tag: str, junk: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(tag)))
    bad = tag[:pos] + junk + tag[pos:]
    assume(not is_well_formed_language_tag(bad))
    with pytest.raises(InvalidDataError) as info:
        MicroCredential.parse({"languages": [bad]})
    assert [e.path for e in info.value.errors] == ["languages.0"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(list(LevelFramework)), st.integers(-100, 100))
def test_levels_validated_per_framework(fw: LevelFramework, value: int) -> None:
    low, high = LEVEL_RANGES[fw]
    data = {"level": {"framework": fw.value, "value": value}}
    if low <= value <= high:
        assert MicroCredential.parse(data).level is not None
    else:
        with pytest.raises(InvalidDataError) as info:
            MicroCredential.parse(data)
        assert [e.path for e in info.value.errors] == ["level.value"]


@settings(max_examples=100, deadline=None)
@given(st.datetimes())
def test_naive_datetimes_rejected(dt: datetime) -> None:
    for name in ("issue_date", "valid_until"):
        with pytest.raises(InvalidDataError) as info:
            MicroCredential.parse({name: dt.isoformat()})
        assert [e.path for e in info.value.errors] == [name]


@settings(max_examples=100, deadline=None)
@given(learner_efforts())
def test_effort_interval_is_ordered_and_positive(effort: Any) -> None:
    low, high = effort.hours_interval()
    assert 0 < low <= high


@settings(max_examples=100, deadline=None)
@given(credit_amounts(), st.sampled_from(["-", "-0"]))
def test_negative_credits_rejected(amount: Any, sign: str) -> None:
    data = {"effort": {"credits": [{"amount": sign + str(amount.amount),
                                    "system": amount.system.value}]}}
    with pytest.raises(InvalidDataError) as info:
        MicroCredential.parse(data)
    assert info.value.errors[0].path.startswith("effort.credits.0")


@SETTINGS
@given(st.lists(framework_profiles(), min_size=1, max_size=4, unique_by=lambda p: p.key),
       micro_credentials())
def test_comparison_and_check_of_any_profiles(ps: list[profiles.Profile],
                                              mc: MicroCredential) -> None:
    import csv
    import io

    c = profiles.compare(ps)
    rows = c.rows()
    assert [r["number"] for r in rows] == list(range(1, len(Descriptor) + 1))
    for r in rows:
        for p in ps:
            assert r[p.key] == p.requirement(Descriptor(r["descriptor"])).value
    parsed = list(csv.DictReader(io.StringIO(c.to_csv())))
    assert [dict(x) for x in parsed] == [{k: str(v) for k, v in r.items()} for r in rows]
    for lang in ("en", "ja"):
        assert len(c.to_markdown(lang).splitlines()) == 2 + len(Descriptor)
    for p in ps:
        report = profiles.check(mc, p)
        required = set(p.descriptors(Requirement.REQUIRED))
        assert set(report.missing_required) == required - mc.present_descriptors()


# -- issue 11, finding 9: any exponent is decided fast, and typed ------------------------------

_BOUND_CODES = {"number_too_large", "number_too_precise", "number_too_long", "finite_number",
                "greater_than", "absurd_effort", "less_than_equal", "decimal_parsing",
                "decimal_type"}


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(-(10**6), 10**6), st.integers(-(10**8), 10**8),
       st.sampled_from(["effort", "recognition", "hours"]))
def test_any_exponent_is_decided_fast_and_typed(mantissa: int, exponent: int,
                                                where: str) -> None:
    """``<m>e<exp>`` for exponents up to ±10**8: parse either accepts the exact value or raises
    InvalidDataError with a bounds code, within the deadline (it took 22-35 s, then
    OverflowError, before the bound)."""
    text = f"{mantissa}e{exponent}"
    data: dict[str, Any] = ({"effort": {"hours": text}} if where == "hours"
                            else {where: {"credits": [{"amount": text, "system": "ECTS"}]}})
    try:
        mc = MicroCredential.parse(data)
    except InvalidDataError as exc:
        assert {e.type for e in exc.errors} <= _BOUND_CODES
        return
    from decimal import Decimal
    value = Decimal(text)
    assert value > 0
    normal = value.normalize().as_tuple().exponent
    assert isinstance(normal, int) and -normal <= 6 and value.adjusted() <= 15
    eff = mc.effort if where != "recognition" else None
    got = (eff.hours if where == "hours" and eff is not None
           else (mc.effort or mc.recognition).credits[0].amount)  # type: ignore[union-attr]
    assert got == value
