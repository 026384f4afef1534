"""Requirement trees from CTDL conditions (``stackability.md`` §1.1, E7 and R24)."""

from __future__ import annotations

from datetime import date

import pytest

from microcred import StackError, stack

AS_OF = date(2025, 1, 1)


def _units(*ids: str) -> list[stack.Unit]:
    return [stack.Unit(id=i) for i in ids]


def test_pathway_conditions_e7() -> None:
    """CE pathways/PathwayConditions.json (early draft): OR of "2 of {B, C, D}" and
    "1 of {A}".  requiredNumber counts components and sub-conditions (viewer convention)."""
    cond = {
        "@type": "ceterms:ComponentCondition", "ceterms:requiredNumber": 1,
        "ceterms:hasCondition": [
            {"@type": "ceterms:ComponentCondition", "ceterms:requiredNumber": 2,
             "ceterms:targetComponent": ["urn:B", "urn:C", "urn:D"]},
            {"@type": "ceterms:ComponentCondition", "ceterms:requiredNumber": 1,
             "ceterms:targetComponent": [{"@id": "urn:A"}]},
        ],
    }
    tree = stack.from_ctdl(cond, name="assessment")
    assert stack.validate(tree) == ()
    verdict = {ids: stack.resolve(tree, _units(*ids), as_of=AS_OF).verdict
               for ids in [("urn:B", "urn:D"), ("urn:A",), ("urn:B",), ("urn:C", "urn:D")]}
    assert verdict == {("urn:B", "urn:D"): stack.Verdict.SATISFIED,
                       ("urn:A",): stack.Verdict.SATISFIED,
                       ("urn:B",): stack.Verdict.NOT_SATISFIED,
                       ("urn:C", "urn:D"): stack.Verdict.SATISFIED}


def test_condition_profile_credit_value_r24() -> None:
    """R24: ConditionProfile.creditValue = ValueProfile{creditUnitType: SemesterHour,
    value: 10} (Registry_Assistant sample); also in the alignment-object encoding."""
    for unit_type in ("creditUnit:SemesterHour",
                      {"@type": "ceterms:CredentialAlignmentObject",
                       "ceterms:targetNode": "creditUnit:SemesterHour"}):
        profile = {"@type": "ceterms:ConditionProfile", "description": "10 semester hours",
                   "creditValue": {"@type": "ceterms:ValueProfile",
                                   "creditUnitType": [unit_type], "value": 10}}
        tree = stack.from_ctdl(profile)
        nine = [stack.Unit(id="x", credits=stack.Credits(9, "US_SEMESTER_HOUR"))]
        ten = [stack.Unit(id="x", credits=stack.Credits(10, "US_SEMESTER_HOUR"))]
        assert stack.resolve(tree, nine, as_of=AS_OF).verdict is stack.Verdict.NOT_SATISFIED
        assert stack.resolve(tree, ten, as_of=AS_OF).verdict is stack.Verdict.SATISFIED


def test_alternative_condition_and_logical_operator() -> None:
    profile = {
        "ceterms:targetCredential": [{"@id": "https://ex.org/cred/a", "ceterms:name": "A"}],
        "ceterms:alternativeCondition": [{"ceterms:targetAssessment": ["https://ex.org/exam"]}],
    }
    tree = stack.from_ctdl(profile)
    assert stack.resolve(tree, _units("https://ex.org/exam"), as_of=AS_OF).satisfied
    assert stack.resolve(tree, _units("https://ex.org/cred/a"), as_of=AS_OF).satisfied
    assert not stack.resolve(tree, _units("other"), as_of=AS_OF).satisfied
    either = stack.from_ctdl({"logicalOperator": "OR", "targetComponent": ["a", "b"]})
    assert stack.resolve(either, _units("b"), as_of=AS_OF).satisfied


def test_ctdl_errors() -> None:
    with pytest.raises(StackError, match="creditUnitType"):
        stack.from_ctdl({"creditValue": {"creditUnitType": "creditUnit:ClockHour", "value": 3}})
    mapped = stack.from_ctdl({"creditValue": {"creditUnitType": "creditUnit:ClockHour",
                                              "value": 3}},
                             credit_units={"creditUnit:ClockHour": "UK_CREDIT"})
    assert isinstance(mapped, stack.AllOf)
    with pytest.raises(StackError, match="percentage"):
        stack.from_ctdl({"creditValue": {"percentage": 1.5}})
    with pytest.raises(StackError, match="requiredNumber"):
        stack.from_ctdl({"requiredNumber": -1, "targetComponent": ["a"]})
    with pytest.raises(StackError, match="NOT"):
        stack.from_ctdl({"logicalOperator": "NOT", "targetComponent": ["a"]})
    with pytest.raises(StackError, match="id"):
        stack.from_ctdl({"targetComponent": [{"name": "no id"}]})
    impossible = stack.from_ctdl({"requiredNumber": 3, "targetComponent": ["a", "b"]})
    assert stack.validate(impossible)[0].code == "impossible_demand"
