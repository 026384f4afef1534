"""Everything that crosses a process boundary pickles: results, keys, signers, resolvers,
loaders and models (process pools, Dask, Ray and Spark all pickle task arguments and
results)."""

from __future__ import annotations

import copy
import pickle
from types import MappingProxyType
from typing import Any

import pytest

import microcred as mc
from microcred import ob3
from microcred.jsonld import StaticLoader
from test_sign import KEY, RESOLVER, VM
from test_sign import ob3_credential as _credential


def _round_trip(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def _result() -> mc.VerificationResult:
    signed = mc.sign(_credential(), KEY.signer(VM), created="2024-04-01T00:00:00Z")
    return mc.verify(signed, resolver=RESOLVER)


def test_verification_result_round_trips_equal() -> None:
    result = _result()
    assert result.verified
    back = _round_trip(result)
    assert back == result
    assert back.verified
    assert back.as_dict() == result.as_dict()
    assert back.document == result.document
    for before, after in zip(result.checks, back.checks, strict=True):
        assert dict(after.details) == dict(before.details)
        assert type(after.details) is type(before.details)


def test_failed_result_round_trips_with_details() -> None:
    signed = mc.sign(_credential(), KEY.signer(VM), created="2024-04-01T00:00:00Z")
    signed["name"] = "Tampered"
    result = mc.verify(signed, resolver=RESOLVER)
    assert not result.verified
    back = _round_trip(result)
    assert back == result and not back.verified
    assert back.failures == result.failures
    assert back.summary() == result.summary()


@pytest.mark.parametrize("details", [None, {"size": 3},
                                     MappingProxyType({"a": [1, 2], "b": {"c": "d"}})])
def test_check_round_trips_and_details_stay_read_only(details: Any) -> None:
    check = mc.Check("proof.0.signature", mc.Outcome.FAILED, "signature-invalid",
                     "bad", "不正", True, details)
    back = _round_trip(check)
    assert back == check
    assert dict(back.details) == dict(check.details)
    assert type(back.details) is type(check.details)
    assert copy.deepcopy(check) == check
    assert copy.copy(check) == check


def test_result_with_endorsements_round_trips() -> None:
    inner = mc.VerificationResult((mc.Check("x", mc.Outcome.PASSED, "ok", "ok"),))
    outer = mc.VerificationResult(
        (mc.Check("y", mc.Outcome.SKIPPED, "none", "n", required=False,
                  details=MappingProxyType({"k": 1})),), {"a": 1}, (inner,))
    assert _round_trip(outer) == outer


def test_key_and_signer_round_trip_and_still_sign() -> None:
    key = _round_trip(KEY)
    assert key == KEY
    signer = _round_trip(KEY.signer(VM))
    signed = mc.sign(_credential(), signer, created="2024-04-01T00:00:00Z")
    assert mc.verify(signed, resolver=RESOLVER).verified


@pytest.mark.parametrize("resolver", [
    mc.DidKeyResolver(),
    RESOLVER,
    mc.DidKeyResolver() | RESOLVER,
    mc.EmbeddedJwkResolver(),
], ids=["didkey", "static", "chained", "embedded-jwk"])
def test_resolvers_round_trip_and_still_resolve(resolver: Any) -> None:
    back = _round_trip(resolver)
    assert type(back) is type(resolver)
    assert repr(back) == repr(resolver)
    if not isinstance(resolver, mc.EmbeddedJwkResolver):
        vm = KEY.did_verification_method if isinstance(resolver, mc.DidKeyResolver) else VM
        assert back.resolve(vm) == resolver.resolve(vm)


def test_verify_with_unpickled_resolver() -> None:
    signed = mc.sign(_credential(), KEY.signer(VM), created="2024-04-01T00:00:00Z")
    assert mc.verify(signed, resolver=_round_trip(RESOLVER)).verified


def test_static_loader_round_trips() -> None:
    loader = StaticLoader({"https://example.org/ctx": {"@context": {"x": "https://example.org/x"}}})
    loader.register_inline({"y": "https://example.org/y"})
    back = _round_trip(loader)
    assert back("https://example.org/ctx") == loader("https://example.org/ctx")
    assert back.knows_inline({"y": "https://example.org/y"})
    assert not back.knows_inline({"y": "https://example.org/z"})
    back.register("https://example.org/other", {"@context": {}})  # usable: lock rebuilt


def test_micro_credential_model_round_trips() -> None:
    model = mc.MicroCredential(awarding_body={"name": "X Univ."})
    assert _round_trip(model) == model


def test_ob3_model_round_trips() -> None:
    model = ob3.parse_credential(_credential())
    assert _round_trip(model) == model


def test_jose_signer_round_trips() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    signer = mc.JoseSigner(ec.generate_private_key(ec.SECP256R1()), "https://ex.edu/k#1")
    back = _round_trip(signer)
    assert back.algorithm == "ES256" and back.verification_method == "https://ex.edu/k#1"
    assert back.public_jwk == signer.public_jwk


def test_status_checker_with_a_partial_list_verifier_round_trips() -> None:
    """What the CLI builds for --status-list (and docs/batch.md recommends): a checker whose
    list verifier is functools.partial(verify, ...) travels to a worker and still answers."""
    import functools
    from datetime import datetime, timezone

    now = datetime(2025, 1, 1, tzinfo=timezone.utc)  # one instant for both
    url = "https://example.edu/status/9"
    lst = mc.BitstringStatusList()
    lst.set(2)
    issuer = "https://example.edu/issuers/565049"
    listed = mc.sign(mc.status_list_credential(lst, id=url, issuer=issuer,
                                               valid_from="2024-01-01T00:00:00Z"),
                     KEY.signer(VM), created="2024-04-01T00:00:00Z")
    checker = mc.BitstringStatusChecker({url: listed},
                                        verify_list=functools.partial(mc.verify,
                                                                      resolver=RESOLVER))
    back = _round_trip(checker)
    assert back.policies == checker.policies
    for index, revoked in ((2, True), (3, False)):
        doc = _credential()
        doc["credentialStatus"] = mc.status_list_entry(status_list_credential=url, index=index)
        signed = mc.sign(doc, KEY.signer(VM), created="2024-04-01T00:00:00Z")
        results = [mc.verify(signed, resolver=RESOLVER, status_checker=c, now=now)
                   for c in (checker, back)]
        assert [r.verified for r in results] == [not revoked] * 2
        assert results[0] == results[1]
