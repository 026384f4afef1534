"""UNESCO (2022) definition: four clauses decided from the descriptors."""

from __future__ import annotations

from typing import Any

import pytest

from _vectors import project_file
from microcred import Descriptor, InvalidDataError, MicroCredential, unesco
from microcred.__main__ import build_demo_credential


def with_(mc: MicroCredential, **changes: Any) -> MicroCredential:
    data = mc.model_dump(mode="json")
    data.update(changes)
    return MicroCredential.parse(data)


def test_clause_wording_matches_sources() -> None:
    assert [c.number for c in unesco.CLAUSES] == [1, 2, 3, 4]
    paths = [project_file("research/frameworks.md"), project_file("seed/README.md")]
    research = paths[0].read_text(encoding="utf-8")
    for c in unesco.CLAUSES:
        assert f'"{c.text_en}' in research  # quoted verbatim in frameworks.md §4.1
        assert c.text_ja


def test_demo_meets_definition() -> None:
    a = unesco.assess(build_demo_credential())
    assert a.meets_definition and a.unmet == ()
    assert all(r.ok for c in a.clauses for r in c.reasons)
    assert "met" in a.to_text() and "満たす" in a.to_text("ja")
    assert a.as_dict()["meets_definition"] is True


def test_empty_credential_meets_nothing() -> None:
    a = unesco.assess(MicroCredential())
    assert [c.met for c in a.clauses] == [False] * 4
    for c in a.clauses:
        assert c.reasons and not any(r.ok for r in c.reasons)
        assert all(r.en and r.ja for r in c.reasons)


def test_clause2_needs_criteria_and_body() -> None:
    mc = build_demo_credential()
    assessment = mc.assessment
    assert assessment is not None
    no_criteria = assessment.model_dump(mode="json") | {"criteria": None}
    assert not unesco.assess(with_(mc, assessment=no_criteria)).clauses[1].met
    assert not unesco.assess(with_(mc, awarding_body=None)).clauses[1].met


def test_clause3_stackability_or_recognition() -> None:
    mc = build_demo_credential()
    only_recognition = with_(mc, stackability=None)
    assert unesco.assess(only_recognition).clauses[2].met
    stand_alone = with_(mc, recognition=None, stackability={"integration": "stand_alone"})
    assert unesco.assess(stand_alone).clauses[2].met
    neither = with_(mc, recognition=None, stackability=None)
    assert not unesco.assess(neither).clauses[2].met


def test_clause4_internal_qa_required() -> None:
    mc = build_demo_credential()
    external_only = [q.model_dump(mode="json") for q in mc.quality_assurance
                     if q.kind.value == "external"]
    c4 = unesco.assess(with_(mc, quality_assurance=external_only)).clauses[3]
    assert not c4.met
    assert any("external QA alone" in r.en for r in c4.reasons)
    internal_only = [{"kind": "internal", "scope": "institution"}]
    assert unesco.assess(with_(mc, quality_assurance=internal_only)).clauses[3].met


def test_bad_argument() -> None:
    with pytest.raises(InvalidDataError):
        unesco.assess({"title": "x"})  # type: ignore[arg-type]


def test_joint_awarding_bodies_are_named_in_clause_2() -> None:
    mc = MicroCredential.parse({
        "assessment": {"kinds": ["project"], "criteria": "rubric"},
        "awarding_body": {"name": "University A", "url": "https://a.example",
                          "co_awarding_bodies": [{"name": {"text": "University B",
                                                           "translations": {"ja": "B大学"}}}]}})
    clause = unesco.assess(mc).clauses[1]
    assert clause.met
    body = next(r for r in clause.reasons if r.descriptor is Descriptor.AWARDING_BODY)
    assert body.en == "awarded jointly by University A (https://a.example) and University B"
    assert body.ja == "発行機関：University A (https://a.example)、B大学（共同発行）"
