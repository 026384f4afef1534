"""Reading credentials and CTDL into the resolver (issue 11, findings 6, 9, 10).

F6: nothing read from a credential depends on the order of a set: the subject, the grade and
the level are selected by id/type/value, and ambiguity is refused with a typed error.
F9: huge numbers are refused before any exact conversion, fast.
F10: document content never raises anything but a MicrocredError.
"""

from __future__ import annotations

import contextlib
import copy
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import (
    AmbiguousSubjectError,
    AmbiguousValueError,
    MicrocredError,
    NumberLimitError,
    stack,
)


def credential(**subject: Any) -> dict[str, Any]:
    ach = {"id": "urn:ach:1", "type": ["Achievement"], "name": "Data literacy",
           "tag": ["data"],
           "alignment": [{"type": ["Alignment"], "targetFramework": "EQF",
                          "targetCode": "EQF/4", "targetName": "EQF 4",
                          "targetUrl": "https://example.org/eqf/4"}]}
    subj: dict[str, Any] = {"id": "did:example:learner", "type": ["AchievementSubject"],
                            "achievement": ach, "creditsEarned": 5,
                            "result": [{"type": ["Result"], "value": "45",
                                        "resultDescription": "urn:rd:score"}]}
    subj.update(subject)
    return {"id": "urn:cred:1", "type": ["VerifiableCredential", "AchievementCredential"],
            "issuer": {"id": "did:example:issuer"}, "validFrom": "2024-06-01T00:00:00Z",
            "credentialSubject": subj}


def read(doc: Any, **kw: Any) -> stack.Unit:
    return stack.unit_from_ob3(doc, credit_system="ECTS", **kw)


# ------------------------------------------------------------------------------------------ F6
def test_f6_reordered_results_are_refused_not_reread() -> None:
    """Two numeric results: which is the grade cannot depend on their order."""
    doc = credential(result=[{"type": ["Result"], "value": "45",
                              "resultDescription": "urn:rd:score"},
                             {"type": ["Result"], "value": "95",
                              "resultDescription": "urn:rd:percentile"}])
    swapped = copy.deepcopy(doc)
    swapped["credentialSubject"]["result"].reverse()
    for d in (doc, swapped):
        with pytest.raises(AmbiguousValueError, match="result"):
            read(d)
        assert read(d, result_description="urn:rd:score").grade == 45
        assert read(d, result_description="urn:rd:percentile").grade == 95


def test_f6_letter_grades_do_not_make_numeric_ones_ambiguous() -> None:
    doc = credential(result=[{"type": ["Result"], "value": "A"},
                             {"type": ["Result"], "value": "3.5"}])
    assert read(doc).grade == stack.Unit(id="x", grade="3.5").grade


def test_f6_two_levels_are_refused_unless_a_framework_is_chosen() -> None:
    doc = credential()
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"targetFramework": "EQF", "targetCode": "EQF/4"},
        {"targetFramework": "EQF", "targetCode": "EQF/7"}]
    with pytest.raises(AmbiguousValueError, match="level"):
        read(doc)
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"targetFramework": "AQF", "targetCode": "7"},
        {"targetFramework": "EQF", "targetCode": "EQF/4"}]
    with pytest.raises(AmbiguousValueError):
        read(doc)
    u = read(doc, level_framework="eqf")
    assert (u.level, u.framework) == (4, "EQF")
    # the same level twice is one level
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"targetFramework": "EQF", "targetCode": "EQF/4"},
        {"targetFramework": "EQF 2017", "targetCode": "4"}]
    assert read(doc).level == 4


def test_f6_subjects_selected_by_id_never_by_position() -> None:
    doc = credential()
    other = copy.deepcopy(doc["credentialSubject"])
    other["id"] = "did:example:other"
    other["creditsEarned"] = 120
    doc["credentialSubject"] = [doc["credentialSubject"], other]
    with pytest.raises(AmbiguousSubjectError):
        read(doc)
    for order in (doc["credentialSubject"], list(reversed(doc["credentialSubject"]))):
        d = {**doc, "credentialSubject": order}
        assert read(d, subject_id="did:example:learner").credits == stack.Credits(5, "ECTS")
        assert read(d, subject_id="did:example:other").credits == stack.Credits(120, "ECTS")
    # a subject without an achievement (e.g. a profile) is not a candidate
    doc["credentialSubject"] = [{"id": "did:example:x", "type": ["Profile"]},
                                credential()["credentialSubject"]]
    assert read(doc).credits == stack.Credits(5, "ECTS")


@settings(max_examples=60, deadline=None)
@given(st.permutations(range(3)), st.permutations(range(3)), st.booleans())
def test_f6_set_order_never_changes_the_unit(res_order: list[int], al_order: list[int],
                                             distinct: bool) -> None:
    """Every permutation of results and alignments reads the same unit, or the same refusal."""
    results = [{"value": "45", "resultDescription": "urn:a"}, {"value": "B+"},
               {"value": "95" if distinct else "45", "resultDescription": "urn:b"}]
    aligns = [{"targetFramework": "EQF", "targetCode": "EQF/4"},
              {"targetUrl": "https://example.org/x", "targetCode": "X1"},
              {"targetFramework": "EQF", "targetCode": "EQF/7" if distinct else "4"}]
    base = credential(result=results)
    base["credentialSubject"]["achievement"]["alignment"] = aligns
    doc = credential(result=[results[i] for i in res_order])
    doc["credentialSubject"]["achievement"]["alignment"] = [aligns[i] for i in al_order]

    def outcome(d: Any) -> object:
        try:
            return read(d)
        except AmbiguousValueError as exc:
            return type(exc)

    got = outcome(doc)
    assert got == outcome(base)
    assert (got is AmbiguousValueError) == distinct


def test_f6_clr_subject_is_selected_not_first() -> None:
    clr = {"type": ["VerifiableCredential", "ClrCredential"],
           "credentialSubject": [{"id": "did:example:x", "type": ["Profile"]},
                                 {"id": "did:example:learner", "type": ["ClrSubject"],
                                  "verifiableCredential": [credential()]}]}
    assert [u.id for u in stack.units_from_clr(clr, credit_system="ECTS")] == ["urn:cred:1"]


# ------------------------------------------------------------------------------------------ F9
HUGE: list[Any] = ["1e10000000", "-1e-10000000", "9" * 401, 10 ** 400, "1" + "0" * 70,
                   "1/" + "7" * 100]


@pytest.mark.parametrize("value", HUGE)
def test_f9_huge_numbers_are_refused_fast(value: Any) -> None:
    cases = [
        lambda: read(credential(creditsEarned=value)),
        lambda: read(credential(result=[{"value": str(value)}])),
        lambda: stack.from_ctdl({"ceterms:creditValue": {
            "ceterms:value": value, "ceterms:creditUnitType": "creditUnit:SemesterHour"}}),
        lambda: stack.Credits(value, "ECTS"),
        lambda: stack.Unit(id="u", hours=value),
    ]
    for case in cases:
        t0 = time.perf_counter()
        with pytest.raises(MicrocredError) as info:
            case()
        assert time.perf_counter() - t0 < 0.5
        assert isinstance(info.value, NumberLimitError) or "bounds" in str(info.value)


def test_f9_numbers_within_bounds_stay_exact() -> None:
    assert read(credential(creditsEarned="7.5")).credits == stack.Credits("15/2", "ECTS")
    assert read(credential(creditsEarned=2.5)).credits == stack.Credits("2.5", "ECTS")
    assert read(credential(result=[{"value": "1e1"}])).grade == 10


# ----------------------------------------------------------------------------------------- F10
def test_f10_issue_examples_raise_microcred_errors() -> None:
    doc = credential()
    doc["credentialSubject"]["achievement"]["alignment"] = 1.5
    assert read(doc).level is None  # a number is no alignment object: ignored
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {"targetFramework": "EQF", "targetCode": "EQF/²"}]
    assert read(doc).level is None  # "²" is not a level
    with pytest.raises(MicrocredError):
        stack.from_ctdl({"ceterms:creditValue": []})
    with pytest.raises(MicrocredError):
        stack.from_ctdl({"ceterms:hasCondition": [{}] * 2, "ceterms:creditValue": [{}, {}]})
    nested: dict[str, Any] = {}
    for _ in range(5000):
        nested = {"ceterms:hasCondition": [nested]}
    with pytest.raises(MicrocredError):
        stack.from_ctdl(nested)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(["EQF/²", "EQF/4", "1e10000000", "2024-01-01",
                                             "creditUnit:SemesterHour", "7.5"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "value", "targetFramework", "targetCode", "achievement",
                         "ceterms:value", "@id", "type"]), inner, max_size=3),
    max_leaves=8)

OB3_PATHS = [("credentialSubject",), ("credentialSubject", "achievement"),
             ("credentialSubject", "achievement", "alignment"),
             ("credentialSubject", "achievement", "tag"),
             ("credentialSubject", "achievement", "id"), ("credentialSubject", "result"),
             ("credentialSubject", "creditsEarned"), ("validFrom",), ("issuer",),
             ("validUntil",), ("id",)]


def _put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        nxt = doc.get(key)
        if not isinstance(nxt, dict):
            return
        doc = nxt
    doc[path[-1]] = value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(OB3_PATHS), JSON), min_size=1, max_size=3))
def test_f10_ob3_content_raises_only_microcred_errors(edits: list[tuple[Any, Any]]) -> None:
    doc = credential()
    for path, value in edits:
        _put(doc, path, value)
    with contextlib.suppress(MicrocredError):
        read(doc)


CTDL_KEYS = ["ceterms:creditValue", "ceterms:requiredNumber", "ceterms:logicalOperator",
             "ceterms:hasCondition", "ceterms:targetComponent", "ceterms:alternativeCondition",
             "ceterms:name", "ceterms:targetCredential"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(CTDL_KEYS), JSON, max_size=4))
def test_f10_ctdl_content_raises_only_microcred_errors(cond: dict[str, Any]) -> None:
    with contextlib.suppress(MicrocredError):
        stack.from_ctdl(cond)
