"""Regressions found in review: aliased members and fast-path disagreements (lead)."""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest

import microcred as mc
from microcred import jsonld
from microcred.jsonld import _fast

CRED = "https://www.w3.org/2018/credentials#"
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
KEY = mc.Ed25519Key.from_seed(bytes(range(32)))


def _signed(suite: str = "eddsa-rdfc-2022") -> dict[str, Any]:
    cred: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:5d0c4f3e-7d1b-4c2a-9e8f-0a1b2c3d4e5f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": KEY.did, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-01-01T00:00:00Z",
        "validUntil": "2024-06-01T00:00:00Z",  # expired at NOW
        "name": "Data Literacy",
        "credentialSubject": {
            "id": "did:example:learner", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.edu/a", "type": ["Achievement"], "name": "DL",
                            "description": "d", "criteria": {"narrative": "n"}}}}
    if suite == "Ed25519Signature2020":
        cred["@context"].append("https://w3id.org/security/suites/ed25519-2020/v1")
    return mc.sign(cred, KEY.signer(), cryptosuite=suite, created="2024-01-01T00:00:00Z")


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "Ed25519Signature2020"])
def test_embedded_context_alias_cannot_hide_expiry(suite: str) -> None:
    signed = _signed(suite)
    assert mc.verify(signed, now=NOW).codes["validity"] == "expired"
    forged = copy.deepcopy(signed)
    forged["@context"] = [*forged["@context"], {
        "vu": {"@id": CRED + "validUntil", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}}]
    forged["vu"] = forged.pop("validUntil")  # same graph, so the same signature
    result = mc.verify(forged, now=NOW)
    assert not result.verified
    # refused by the contexts policy (issue 11): an unregistered inline context ...
    assert result.codes["contexts"] == "inline-context-not-allowed"
    assert not mc.verify(forged, now=NOW, allow_inline_contexts=True).verified  # known IRI
    # ... and, as a second line of defence, by the aliased-term rule when it is registered
    result = mc.verify(forged, now=NOW, loader=_knowing(forged))
    assert not result.verified
    assert result.codes["safe-mode"] == "aliased-term"


def _knowing(doc: dict[str, Any]) -> mc.jsonld.StaticLoader:
    loader = mc.jsonld.StaticLoader()
    for ctx in doc["@context"]:
        if isinstance(ctx, dict):
            loader.register_inline(ctx)
    return loader


def test_full_iri_key_cannot_hide_expiry() -> None:
    forged = _signed()
    forged[CRED + "validUntil"] = {"@value": forged.pop("validUntil"),
                                   "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}
    result = mc.verify(forged, now=NOW)
    assert not result.verified
    assert result.codes["safe-mode"] == "aliased-term"


def test_alias_cannot_hide_credential_status() -> None:
    cred = _signed()
    del cred["proof"]
    cred["credentialStatus"] = {"id": "https://example.edu/status/1#5",
                                "type": "BitstringStatusListEntry",
                                "statusPurpose": "revocation", "statusListIndex": "5",
                                "statusListCredential": "https://example.edu/status/1"}
    signed = mc.sign(cred, KEY.signer(), created="2024-01-01T00:00:00Z")
    forged = copy.deepcopy(signed)
    forged["@context"] = [*forged["@context"], {"st": {"@id": CRED + "credentialStatus",
                                                       "@type": "@id"}}]
    forged["st"] = forged.pop("credentialStatus")
    result = mc.verify(forged, now=datetime(2024, 3, 1, tzinfo=timezone.utc),
                       status_checker=lambda c, now=None: False)
    assert not result.verified
    assert result.codes["contexts"] == "inline-context-not-allowed"
    result = mc.verify(forged, now=datetime(2024, 3, 1, tzinfo=timezone.utc),
                       status_checker=lambda c, now=None: False, loader=_knowing(forged))
    assert not result.verified
    assert result.codes["safe-mode"] == "aliased-term"


def test_untampered_credential_still_verifies() -> None:
    result = mc.verify(_signed(), now=datetime(2024, 3, 1, tzinfo=timezone.utc))
    assert result.verified, result.failures


# --- fast path vs slow path (found by differential fuzzing) ----------------------------------

def _both(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    def run() -> str | None:
        try:
            return jsonld.canonicalize(doc)
        except mc.MicrocredError as exc:
            return type(exc).__name__
    fast = run()
    saved = _fast.fast_canonicalize
    try:
        _fast.fast_canonicalize = lambda *a, **k: None  # type: ignore[assignment]
        slow = run()
    finally:
        _fast.fast_canonicalize = saved  # type: ignore[assignment]
    return fast, slow


@pytest.mark.parametrize("value", [
    {"@value": "x", "@direction": None},
    {"@value": "x", "@type": ["https://example.org/t"]},
])
def test_fast_and_slow_paths_agree_on_bad_value_objects(value: dict[str, Any]) -> None:
    doc = {"@context": {"p": "https://schema.org/p"}, "@id": "urn:ex:1", "p": value}
    fast, slow = _both(doc)
    assert fast == slow == "JsonLdError"


def test_negative_zero_is_not_confused_with_zero() -> None:
    ctx = {"p": {"@id": "https://schema.org/p",
                 "@type": "http://www.w3.org/2001/XMLSchema#double"}}
    first = jsonld.canonicalize({"@context": ctx, "@id": "urn:ex:1", "p": -0.0})
    second = jsonld.canonicalize({"@context": ctx, "@id": "urn:ex:1", "p": 0.0})
    assert '"-0.0E0"' in first and '"0.0E0"' in second


def test_many_chained_proofs_are_refused_quickly() -> None:
    # review finding: n proofs each listing n previousProof ids grew faster than n^2 (n=150: 50 s)
    signed = _signed()
    proof = signed["proof"]
    n = 200
    signed["proof"] = [dict(proof, id=f"urn:p:{i}", previousProof=[f"urn:p:{j}" for j in range(n)])
                       for i in range(n)]
    result = mc.verify(signed, now=NOW)
    assert not result.verified
    assert result.codes["proofs"] == "too-many-proofs"
