"""The design / operation / issuance conditions checklist, and the module doctests of the
framework modules."""

from __future__ import annotations

import doctest
import importlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred import MicroCredential, conditions, profiles
from microcred.__main__ import build_demo_credential
from microcred.conditions import CONDITIONS, Stage
from microcred.frameworks import Reference, SourceStatus
from microcred.testing import micro_credentials

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
_EVIDENCE_ONLY = {"relevance", "authenticity"}


@pytest.mark.parametrize("module", ["microcred.profiles", "microcred._model",
                                    "microcred.frameworks", "microcred.conditions",
                                    "microcred._sources", "microcred.unesco",
                                    "microcred.crosswalk"])
def test_module_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module),
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_the_talks_conditions_with_the_eu_principles() -> None:
    stages = {s: [c.key for c in CONDITIONS if c.stage is s] for s in Stage}
    assert stages[Stage.DESIGN] == ["transparency", "valid_assessment", "quality_assurance",
                                    "framework"]
    assert stages[Stage.OPERATION] == ["learner_centred", "relevance", "learning_pathways",
                                       "recognition", "information_guidance"]
    assert stages[Stage.ISSUANCE] == ["authenticity", "portability"]
    principles = sorted(int(r.section.split("principle ")[1].split()[0])
                        for c in CONDITIONS for r in c.refs if "Annex II" in r.section)
    assert principles == list(range(1, 11))  # all ten Annex II principles
    for c in CONDITIONS:
        assert c.refs and all(isinstance(r, Reference) for r in c.refs)
        assert c.name_en != c.name_ja and c.text_en and c.text_ja
    talk = [c for c in CONDITIONS if any("求められる条件" in r.section for r in c.refs)]
    assert len(talk) == 10 and all(r.status is SourceStatus.SECONDARY
                                   for c in talk for r in c.refs if "求められる" in r.section)


def test_demo_credential_checklist() -> None:
    r = conditions.assess(build_demo_credential())
    assert r.unmet == ()
    assert {x.condition.key for x in r.needs_evidence} == _EVIDENCE_ONLY
    ev = {"relevance": "https://example.org/employer-board", "verified": True}
    r2 = conditions.assess(build_demo_credential(), evidence=ev)
    assert r2.needs_evidence == () and r2.unmet == ()
    assert "✓" in r2.to_text("ja") and "設計の条件" in r2.to_text("ja")

    class Result:
        verified = False

    r3 = conditions.assess(build_demo_credential(), evidence={"verified": Result()})
    assert r3.result("authenticity").met is False


def test_empty_credential_fails_what_the_data_can_show() -> None:
    r = conditions.assess(MicroCredential())
    assert {x.condition.key for x in r.unmet} == {
        "transparency", "valid_assessment", "quality_assurance", "framework",
        "learning_pathways", "recognition", "portability"}
    with pytest.raises(TypeError):
        conditions.assess({"title": "x"})  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        r.result("nope")


@SETTINGS
@given(micro_credentials(), st.dictionaries(
    st.sampled_from(["relevance", "information_guidance", "learner_centred", "verified",
                     "learning_pathways"]),
    st.booleans() | st.just("https://example.org/evidence"), max_size=5))
def test_every_condition_is_decided_or_asks_for_evidence(mc: MicroCredential,
                                                         ev: dict[str, Any]) -> None:
    r = conditions.assess(mc, evidence=ev)
    assert [x.condition for x in r.results] == list(CONDITIONS)
    for x in r.results:
        assert x.reason_en and x.reason_ja
        if x.met is None:  # only what the descriptors cannot show, and only without evidence
            key = "verified" if x.condition.key == "authenticity" else x.condition.key
            assert key not in ev
    assert (r.result("framework").met is True) == profiles.check(mc, profiles.JWG).conforms
    plain = conditions.assess(mc)
    for x, y in zip(plain.results, r.results, strict=True):
        if x.met is not None and x.condition.key not in ev:
            assert x.met == y.met  # evidence never changes what the data decides
