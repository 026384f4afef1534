"""A micro-credential with microcred terms is accepted by the JavaScript reference stack.

@digitalbazaar/vc verifies with jsonld.js in *safe mode*, so this is the external check that the
embedded microcred context leaves no term undefined and that the JSON literals canonicalise the
same way in both implementations (identical proofValue).  Uses the bridge in tests/interop/
(``npm ci`` there); skips with the reason when Node.js or the packages are absent.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest

import microcred
from _node import Bridge, bridge
from microcred import MicroCredential, ob3

pytestmark = pytest.mark.interop

KEY = microcred.Ed25519Key.from_seed(bytes(range(32)))
CREATED = "2026-04-01T00:00:00Z"
NOW = "2026-05-01T00:00:00Z"

MC: dict[str, Any] = {
    "learner": {"id": "did:example:learner", "name": "山田 花子"},
    "issue_date": "2026-04-01T09:00:00+09:00",
    "title": {"text": "Data literacy", "lang": "en", "translations": {"ja": "データリテラシー"}},
    "awarding_body": {"name": "Example University", "country": "JP", "region": "JP-13"},
    "description": "Reading graphs.\nQuotes \" and backslashes \\.",
    "learning_outcomes": [{"statement": "Interpret a chart",
                           "alignments": [{"target_url": "https://esco.example/skill/9"}]}],
    "participation": {"mode": "blended"},
    "languages": ["ja", "en"],
    "effort": {"hours": "12.5", "credits": [{"amount": "0.5", "system": "ECTS"}]},
    "assessment": {"kinds": ["testing"], "criteria": "Score 60% or more"},
    "quality_assurance": [{"kind": "internal", "scope": "programme"}],
    "level": {"framework": "EQF", "value": 4},
    "recognition": {"credits": [{"amount": "1", "system": "JP_TANI"}]},
    "stackability": {"integration": "stand_alone"},
    "grade": {"value": "85", "scale": "0-100"},
}


@pytest.fixture(scope="module")
def node() -> Bridge:
    return bridge("interop.mjs", allow_fatal=True)


def _credential() -> dict[str, Any]:
    cred = ob3.from_micro_credential(
        MicroCredential.parse(MC), credential_id="urn:uuid:5c0d7e1a-3b7f-4d2e-9f61-0a2b3c4d5e6f",
        issuer=KEY.did)
    doc = cred.to_jsonld()
    assert len(doc["@context"]) == 3  # the embedded microcred context is in use
    return doc


def test_reference_stack_signs_identically_and_verifies(node: Any) -> None:
    doc = _credential()
    ours = microcred.sign(doc, KEY.signer(), created=CREATED)
    theirs = node({"op": "sign", "credential": doc, "created": CREATED,
                   "publicKeyMultibase": KEY.public_key_multibase,
                   "secretKeyMultibase": KEY.export_secret_multibase()})["signed"]
    assert theirs["proof"]["proofValue"] == ours["proof"]["proofValue"]
    answer = node({"op": "verify", "credential": ours, "now": NOW})
    assert answer["verified"] is True, answer["error"]
    back = ob3.to_micro_credential(theirs)
    # an OB 3.0 credential reads back as a digital badge (MC states no certification)
    assert back == MicroCredential.parse({**MC, "certification": {"kind": "digital_badge"}})
    assert microcred.verify(theirs, now=datetime(2026, 5, 1, tzinfo=timezone.utc)).verified


def test_reference_stack_rejects_a_changed_microcred_term(node: Any) -> None:
    ours = microcred.sign(_credential(), KEY.signer(), created=CREATED)
    forged = copy.deepcopy(ours)
    forged["credentialSubject"]["achievement"]["learnerEffort"]["hours"] = "125"
    answer = node({"op": "verify", "credential": forged, "now": NOW})
    assert answer["verified"] is False


def test_reference_stack_safe_mode_needs_the_embedded_context(node: Any) -> None:
    doc = _credential()
    doc["@context"] = doc["@context"][:2]
    answer = node({"op": "sign", "credential": doc, "created": CREATED,
                   "publicKeyMultibase": KEY.public_key_multibase,
                   "secretKeyMultibase": KEY.export_secret_multibase()})
    assert "signed" not in answer
    assert "safe mode" in answer["fatal"].lower()
