"""sign() never issues what verify() refuses before any proof (strict for data you issue).

Found by the differential mutation test (tests/test_mutation_interop.py): a JCS proof signed
undefined terms and any proof signed integers JavaScript reads as another number, and
verify() then refused both. Each case below is refused by sign() with the error the
verifier's rule implies, for every Ed25519 suite; a property test checks the converse on
random additions: whatever sign() accepts, verify() verifies.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc

KEY = mc.Ed25519Key.from_seed(bytes(range(32)))
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
BASE: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2",
                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "id": "urn:uuid:3f0c7a53-8a5e-4b0d-9d53-000000000001",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": KEY.did, "type": ["Profile"], "name": "Example University"},
    "validFrom": "2025-04-01T00:00:00Z", "name": "Data Literacy",
    "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
        "id": "https://university.example/achievements/1", "type": ["Achievement"],
        "name": "Data Literacy", "criteria": {"narrative": "Pass the assessment."}}},
}


def _with(path: tuple[str, ...], member: str, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    node = doc
    for step in path:
        node = node[step]
    node[member] = value
    return doc


REFUSED = [
    ("undefined term", _with(("credentialSubject",), "favouriteColour", "blue"),
     mc.SafeModeError, "safe-mode-violation"),
    ("undefined type", _with(("credentialSubject",), "type", ["AchievementSubject", "Pet"]),
     mc.SafeModeError, "safe-mode-violation"),
    ("@id member", _with(("credentialSubject",), "@id", "did:example:learner"),
     mc.SafeModeError, "keyword-not-supported"),
    ("@included member", _with((), "@included", [{"id": "urn:x:1"}]),
     mc.SafeModeError, "keyword-not-supported"),
    ("integer 2^53+1", _with(("credentialSubject", "achievement"), "creditsAvailable",
                             2**53 + 1), mc.SigningError, "number-too-large"),
    ("integer in a list", _with(("credentialSubject", "achievement"), "creditsAvailable",
                                [-(2**60) - 1]), mc.SigningError, "number-too-large"),
]


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize(("name", "doc", "error", "code"), REFUSED, ids=[r[0] for r in REFUSED])
def test_sign_refuses_what_verify_refuses(suite: str, name: str, doc: dict[str, Any],
                                          error: type[Exception], code: str) -> None:
    with pytest.raises(error):
        mc.sign(doc, KEY.signer(), cryptosuite=suite, created="2025-04-01T00:00:00Z")
    # the negative-fixture escape hatch signs it where the suite itself can (RDFC applies
    # safe mode anyway, JCS refuses inexact integers anyway), and verify() refuses it so
    try:
        signed = mc.sign(doc, KEY.signer(), cryptosuite=suite, created="2025-04-01T00:00:00Z",
                         check_data_model=False)
    except mc.MicrocredError:
        return
    result = mc.verify(signed, now=NOW)
    assert not result.verified
    assert code in {c.code for c in result.checks if c.outcome is mc.Outcome.FAILED}, name


@pytest.mark.parametrize("suite", SUITES)
def test_exact_doubles_and_defined_terms_still_sign(suite: str) -> None:
    doc = _with(("credentialSubject", "achievement"), "creditsAvailable", 2**60)
    signed = mc.sign(doc, KEY.signer(), cryptosuite=suite, created="2025-04-01T00:00:00Z")
    assert mc.verify(signed, now=NOW).verified


_members = st.sampled_from(["name", "description", "favouriteColour", "@id", "@type", "@set",
                            "@nest", "creditsAvailable", "id", "type", "narrative", "image"])
_values = st.one_of(st.text(max_size=5), st.integers(-(2**64), 2**64),
                    st.sampled_from(["Achievement", "Profile", "urn:x:1", "https://e.example/",
                                     ["Achievement"], {"@value": "x"}]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suite=st.sampled_from(SUITES), where=st.sampled_from([(), ("credentialSubject",),
                                                             ("credentialSubject", "achievement")]),
       member=_members, value=_values)
def test_what_sign_accepts_verify_verifies(suite: str, where: tuple[str, ...], member: str,
                                           value: Any) -> None:
    doc = _with(where, member, value)
    try:
        signed = mc.sign(doc, KEY.signer(), cryptosuite=suite, created="2025-04-01T00:00:00Z")
    except mc.MicrocredError:
        return
    result = mc.verify(signed, now=NOW)
    assert result.verified, [(c.id, c.code) for c in result.checks
                             if c.outcome is mc.Outcome.FAILED]


_json_keys = st.one_of(st.sampled_from(["@id", "@type", "@set", "@context", "@value",
                                        "@graph", "@nest", "@vocab", "name", "proof", "@"]),
                       st.text(max_size=4))
_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.text(max_size=6),
              st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
              st.sampled_from([2**53 - 1, 2**53, 2**53 + 1, -(2**53) - 1, 2**60, "\"@id\":"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(_json_keys, inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=600, deadline=None)
@given(st.dictionaries(_json_keys, _json, max_size=5))
def test_the_byte_prefilter_never_hides_what_the_walk_finds(doc: dict[str, Any]) -> None:
    """``unsignable`` first reads orjson's bytes; whenever they look clean, the full walk
    must find nothing either (the prefilter may only send clean documents to the walk)."""
    from microcred._verify import input as _input

    if _input._clean_by_bytes(doc):
        stack: list[Any] = [doc]
        while stack:  # a plain re-statement of the rules, without the prefilter
            node = stack.pop()
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "@context" or (node is doc and k == "proof"):
                        continue
                    assert not _input.odd_keyword(k, node), k
                    stack.append(v)
            elif isinstance(node, list):
                stack.extend(node)
            elif type(node) is int:
                assert -(2**53) <= node <= 2**53 or int(float(node)) == node, node


def test_the_byte_prefilter_sends_keywords_and_big_integers_to_the_walk() -> None:
    from microcred._verify import input as _input
    from microcred.jsonld import _fast_jcs

    if _fast_jcs.encoder() != "orjson":
        pytest.skip("orjson is not installed: the walk always runs")
    assert _input._clean_by_bytes(BASE)
    for _name, doc, _error, code in REFUSED:
        if code != "safe-mode-violation":
            assert not _input._clean_by_bytes(doc), _name
    assert not _input._clean_by_bytes({"a": {"@type": "x", "@value": "y"}})  # walk decides
    assert _input.unsignable({"a": {"@type": "x", "@value": "y"}}) is None


@pytest.mark.parametrize(("key", "suite"), [
    (KEY, "eddsa-rdfc-2022"),
    (mc.EcdsaKey.from_secret_bytes(bytes(31) + b"\x05", curve="P-256"), "ecdsa-rdfc-2019"),
    (mc.EcdsaKey.from_secret_bytes(bytes(47) + b"\x05", curve="P-384"), "ecdsa-rdfc-2019"),
])
def test_the_default_cryptosuite_follows_the_signer(key: Any, suite: str) -> None:
    """Without ``cryptosuite=``, sign() uses the RDFC suite of the signer's family (as the
    CLI's ``issue`` does); an ECDSA signer used to be refused by the eddsa default."""
    doc = copy.deepcopy(BASE)
    doc["issuer"] = {**doc["issuer"], "id": key.did}
    assert mc.default_cryptosuite(key.signer()) == suite
    signed = mc.sign(doc, key.signer(), created="2025-04-01T00:00:00Z")
    assert signed["proof"]["cryptosuite"] == suite
    assert signed == mc.sign(doc, key.signer(), cryptosuite=suite,
                             created="2025-04-01T00:00:00Z") or suite.startswith("ecdsa")
    assert mc.verify(signed, now=NOW).verified
