"""Units from OB 3.0 credentials, CLR 2.0 records and MicroCredential models.

Reads the 1EdTech examples and test vectors vendored under ``tests/vectors/reference``.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from fractions import Fraction
from typing import Any

import pytest

from _vectors import REFERENCE
from microcred import MicroCredential, StackError, stack

REF = REFERENCE
OB_SPEC = REF / "1edtech-openbadges-specification"


def _load(rel: str) -> Any:
    path = OB_SPEC / rel
    if not path.exists():
        pytest.skip(f"reference file {path} not available (tests/vectors/reference)")
    return json.loads(path.read_text(encoding="utf-8"))


def test_unit_from_full_open_badge_example() -> None:
    """The 1EdTech fullOpenBadge.json example: creditsEarned 42.0, validUntil 2030-01-01."""
    cred = _load("examples/fullOpenBadge.json")
    with pytest.raises(StackError, match="credit_system"):
        stack.Unit.from_ob3(cred)
    u = stack.Unit.from_ob3(cred, credit_system="US_SEMESTER_HOUR")
    assert u.id == cred["id"]
    assert u.achievement == cred["credentialSubject"]["achievement"]["id"]
    assert u.credits == stack.Credits(42, "US_SEMESTER_HOUR")
    assert u.valid_until == date(2030, 1, 1)
    assert u.issuer == cred["issuer"]["id"]
    assert {"research", "computer science"} <= u.tags
    # matched by achievement id, valid in 2025, expired after 2030
    req = stack.Requirement("degree", match=stack.Match(ids={u.key}),
                            credits=stack.Credits(36, "US_SEMESTER_HOUR"))
    assert stack.resolve(req, [u], as_of=date(2025, 1, 1)).verdict is stack.Verdict.SATISFIED
    late = stack.resolve(req, [u], as_of=date(2030, 1, 2))
    assert late.verdict is stack.Verdict.NOT_SATISFIED
    assert late.rejected[0].reason == "expired"


def test_unit_from_ob3_model_equals_dict() -> None:
    """An OB3 model (microcred.ob3) reads the same as its JSON."""
    from microcred import ob3

    cred = _load("examples/fullOpenBadge.json")
    model = ob3.AchievementCredential.from_jsonld(cred)
    assert stack.Unit.from_ob3(model, credit_system="ECTS") == \
        stack.Unit.from_ob3(cred, credit_system="ECTS")


def test_units_from_clr_vector() -> None:
    """The 1EdTech CLR 2.0 test vector: one embedded AchievementCredential."""
    clr = _load("impl-test-vectors/clrv2p0/unsigned-credential.json")
    got = stack.units_from_clr(clr)
    embedded = clr["credentialSubject"]["verifiableCredential"]
    assert [u.id for u in got] == [vc["id"] for vc in embedded]
    assert got[0].achievement == embedded[0]["credentialSubject"]["achievement"]["id"]
    assert got[0].earned_on == date(2010, 1, 1)


class _Model:
    """Stands in for an OB3 model: anything with ``to_jsonld()``."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def to_jsonld(self) -> dict[str, Any]:
        return self.doc


def test_ob3_model_and_levels_and_errors() -> None:
    doc = {
        "id": "urn:uuid:1", "issuer": "https://ex.edu/i", "validFrom": "2024-03-01T00:00:00Z",
        "awardedDate": "2024-02-20T00:00:00Z",
        "credentialSubject": {
            "creditsEarned": 2.5,
            "result": [{"value": "3.7"}],
            "achievement": {"id": "https://ex.edu/a/1", "name": "Stats",
                            "alignment": [{"targetFramework": "EQF", "targetCode": "6",
                                           "targetUrl": "http://data.europa.eu/snb/eqf/6"}]}},
    }
    u = stack.unit_from_ob3(_Model(doc), credit_system="ECTS", route="transfer")
    assert u.credits is not None and u.credits.amount == Fraction(5, 2)
    assert (u.level, u.framework, u.grade) == (6, "EQF", Fraction(37, 10))
    assert u.earned_on == date(2024, 2, 20) and u.route is stack.Route.TRANSFER
    bad = dict(doc, credentialSubject={"achievement": {}})
    with pytest.raises(StackError, match=r"achievement\.id"):
        stack.unit_from_ob3(bad)
    with pytest.raises(StackError):
        stack.unit_from_ob3(dict(doc, validFrom="yesterday"), credit_system="ECTS")
    with pytest.raises(StackError):
        stack.unit_from_ob3(["not", "a", "dict"])


def test_unit_from_micro_credential() -> None:
    mc = MicroCredential(
        id="https://ex.edu/mc/1", title={"text": "Data science basics"},
        effort={"hours": "30", "credits": [{"amount": "1", "system": "ECTS"}]},
        level={"framework": "EQF", "value": 6},
        issue_date=datetime(2024, 5, 1, tzinfo=timezone.utc),
        awarding_body={"name": "Keio University"})
    u = stack.Unit.from_micro_credential(mc)
    assert u.id == "https://ex.edu/mc/1" and u.title == "Data science basics"
    assert u.credits == stack.Credits(1, "ECTS") and u.hours == 30
    assert (u.level, u.framework, u.issuer) == (6, "EQF", "Keio University")
    assert u.earned_on == date(2024, 5, 1)
    with pytest.raises(StackError):
        stack.Unit.from_micro_credential(mc, credit_system="JP_TANI")
    with pytest.raises(StackError):
        stack.Unit.from_micro_credential({"id": "x"})
