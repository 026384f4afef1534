"""microcred.batch: per-record outcomes, progress, chunking, any Executor (threads, processes,
a Dask cluster), and the same answers as the serial run."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import batch
from microcred.__main__ import build_demo_credential
from test_sign import ISSUER, KEY, RESOLVER, VM, ob3_credential

NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
CREATED = "2024-04-01T00:00:00Z"


def _documents(n: int) -> list[dict[str, Any]]:
    return [ob3_credential(name=f"Badge {i}", cred_id=f"urn:uuid:batch-{i}") for i in range(n)]


def _mixed(n: int) -> list[Any]:
    """Signed credentials, one tampered, one not a credential at all."""
    signed = [mc.sign(d, KEY.signer(VM), created=CREATED) for d in _documents(n)]
    signed[1] = copy.deepcopy(signed[1])
    signed[1]["name"] = "Forged"
    return [*signed, "not a credential", {"@context": 5}]


def _digest(items: list[batch.BatchItem]) -> list[dict[str, Any]]:
    return [item.as_dict() for item in items]


def test_sign_many_bad_record_is_an_error_entry_the_rest_go_on() -> None:
    docs: list[Any] = _documents(4)
    docs.insert(2, ["not", "an", "object"])
    items = batch.sign_many(docs, KEY.signer(VM), created=CREATED)
    assert [i.index for i in items] == list(range(5))
    assert [i.failed for i in items] == [False, False, True, False, False]
    assert items[2].error and items[2].error_type
    assert not items[2].ok and items[0].ok
    for item in (items[0], items[4]):
        assert mc.verify(item.value, resolver=RESOLVER, now=NOW).verified
    assert items[0].as_dict()["credential"]["proof"]["created"] == CREATED
    assert items[2].as_dict()["error"]["type"] == items[2].error_type


def test_verify_many_per_record_verdicts_in_order() -> None:
    items = batch.verify_many(_mixed(5), resolver=RESOLVER, now=NOW)
    assert len(items) == 7
    assert [i.ok for i in items] == [True, False, True, True, True, False, False]
    assert all(not i.failed for i in items)  # verify() never raises: a verdict per record
    assert isinstance(items[0].value, mc.VerificationResult)
    json.dumps(_digest(items))


def test_issue_many_with_records_and_bare_descriptors() -> None:
    descriptor = build_demo_credential()
    records: list[Any] = [
        descriptor,
        {"descriptor": descriptor.model_dump(mode="json"), "id": "urn:uuid:issue-1",
         "subject_id": "did:example:learner-2", "valid_from": "2025-04-01T00:00:00Z"},
        {"descriptor": {"title": 5}},                       # invalid descriptor
        {"descriptor": descriptor, "valid_from": "someday"},  # invalid date
    ]
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    items = batch.issue_many(records, key.signer(), created=CREATED)
    assert [i.failed for i in items] == [False, False, True, True]
    assert items[0].value["id"].startswith("urn:uuid:")
    second = items[1].value
    assert second["id"] == "urn:uuid:issue-1" and second["issuer"]["id"] == key.did
    assert second["credentialSubject"]["id"] == "did:example:learner-2"
    assert mc.verify(second, now=datetime(2025, 6, 1, tzinfo=timezone.utc)).verified
    jwts = batch.issue_many(records[:1], key.signer(), format="jwt")
    assert isinstance(jwts[0].value, str) and jwts[0].value.count(".") == 2
    with pytest.raises(ValueError):
        batch.issue_many(records, key.signer(), format="xml")


def test_progress_and_chunking() -> None:
    calls: list[tuple[int, int | None]] = []
    items = batch.verify_many(_mixed(8), resolver=RESOLVER, now=NOW, chunk_size=3,
                              progress=lambda done, total: calls.append((done, total)))
    assert len(items) == 10
    assert calls == [(3, 10), (6, 10), (9, 10), (10, 10)]

    def generated() -> Iterator[Any]:
        yield from _mixed(2)

    calls.clear()
    assert len(batch.verify_many(generated(), chunk_size=2, now=NOW,
                                 progress=lambda d, t: calls.append((d, t)))) == 4
    assert calls == [(2, None), (4, None)]
    with pytest.raises(ValueError):
        batch.verify_many([], chunk_size=0)
    assert batch.verify_many([]) == []


def test_thread_and_process_pools_equal_the_serial_run() -> None:
    docs = _mixed(6)
    serial = batch.verify_many(docs, resolver=RESOLVER, now=NOW)
    with ThreadPoolExecutor(2) as pool:
        threaded = batch.verify_many(docs, resolver=RESOLVER, now=NOW, executor=pool,
                                     chunk_size=2)
    with ProcessPoolExecutor(2) as pool:
        processed = batch.verify_many(docs, resolver=RESOLVER, now=NOW, executor=pool,
                                      chunk_size=3, max_pending=1)
        signed = batch.sign_many(_documents(3), KEY.signer(VM), executor=pool, created=CREATED)
    assert threaded == serial and processed == serial
    assert _digest(processed) == _digest(serial)
    assert signed == batch.sign_many(_documents(3), KEY.signer(VM), created=CREATED)


def test_a_task_that_cannot_travel_fails_its_records_not_the_batch() -> None:
    with ProcessPoolExecutor(1) as pool:
        items = batch.verify_many(_mixed(2), executor=pool, now=NOW,
                                  on_endorsement=lambda e, d: None)  # a lambda does not pickle
    assert len(items) == 4 and all(i.failed for i in items)
    assert all(i.error_type for i in items)


@pytest.mark.slow
def test_dask_local_cluster_with_two_workers_equals_the_serial_run() -> None:
    distributed = pytest.importorskip("distributed")
    docs = _mixed(30)
    serial = batch.verify_many(docs, resolver=RESOLVER, now=NOW)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        # (on a loaded machine the workers can register after the client connects: wait for
        # both, so the batch really runs on two of them)
        client.wait_for_workers(2, timeout=120)
        assert len(client.scheduler_info()["workers"]) == 2
        clustered = batch.verify_many(docs, resolver=RESOLVER, now=NOW, chunk_size=4,
                                      executor=client.get_executor())
    assert clustered == serial
    assert _digest(clustered) == _digest(serial)


def test_unknown_options_raise_at_once_not_once_per_record() -> None:
    with pytest.raises(TypeError, match="resolvr"):
        batch.verify_many(_mixed(2), resolvr=RESOLVER)
    with pytest.raises(TypeError, match="create"):
        batch.sign_many(_documents(1), KEY.signer(VM), create=CREATED)
    with pytest.raises(TypeError, match="cryptosuit"):
        batch.issue_many([build_demo_credential()], KEY.signer(), cryptosuit="x")


def _status_batch() -> tuple[list[Any], dict[str, Any]]:
    """Credentials that need a registered context and a status list (one revoked), and the
    verify options that make them verifiable: a StaticLoader and a status checker whose
    list verifier is a partial of verify (both pickle)."""
    import functools

    url = "https://example.edu/contexts/extra-v1.json"
    loader = mc.jsonld.StaticLoader(
        {url: {"@context": {"@protected": True, "credits": "https://example.edu/v#credits"}}})
    status_url = "https://example.edu/status/1"
    lst = mc.BitstringStatusList()
    lst.set(3)
    listed = mc.sign(mc.status_list_credential(lst, id=status_url, issuer=ISSUER,
                                               valid_from="2024-01-01T00:00:00Z"),
                     KEY.signer(VM), created=CREATED)
    docs = []
    for i in range(6):
        doc = ob3_credential(name=f"Badge {i}", cred_id=f"urn:uuid:status-{i}")
        doc["@context"] = [*doc["@context"], url]
        doc["credits"] = i
        doc["credentialStatus"] = mc.status_list_entry(status_list_credential=status_url,
                                                       index=i)
        docs.append(mc.sign(doc, KEY.signer(VM), created=CREATED, loader=loader))
    base: dict[str, Any] = {"resolver": RESOLVER, "now": NOW, "loader": loader}
    checker = mc.BitstringStatusChecker({status_url: listed},
                                        verify_list=functools.partial(mc.verify, **base))
    return docs, {**base, "status_checker": checker}


def test_loader_and_status_checker_travel_to_a_process_pool() -> None:
    docs, options = _status_batch()
    serial = batch.verify_many(docs, **options)
    assert [i.ok for i in serial] == [True, True, True, False, True, True]
    assert "revoked" in json.dumps(serial[3].as_dict())
    assert not any(i.ok for i in batch.verify_many(docs, resolver=RESOLVER, now=NOW))
    with ProcessPoolExecutor(2) as pool:
        pooled = batch.verify_many(docs, executor=pool, chunk_size=1, **options)
    assert pooled == serial and _digest(pooled) == _digest(serial)


def test_signer_and_options_are_pickled_once_and_unpickled_once_per_process() -> None:
    import pickle

    docs, options = _status_batch()
    shared = batch._Shared(KEY.signer(VM), options)
    assert shared.get()[1] is options  # in this process: the originals, nothing pickled
    first, second = pickle.dumps(shared), pickle.dumps(shared)
    assert first == second and shared.__getstate__()["blob"] is shared.__getstate__()["blob"]
    arrived = [pickle.loads(first), pickle.loads(second)]
    signer, got = arrived[0].get()
    assert got is not options and arrived[1].get()[1] is got  # one copy per process
    assert signer.verification_method == VM and got["loader"] is not options["loader"]
    assert [mc.verify(d, **got).verified for d in docs] == [
        mc.verify(d, **options).verified for d in docs]
    for _ in range(batch._SHARED_KEEP):  # later batches push it out: memory stays bounded
        pickle.loads(pickle.dumps(batch._Shared(None, {}))).get()
    assert shared.token not in batch._SHARED


def test_issue_errors_say_what_is_wrong_with_the_record() -> None:
    descriptor = build_demo_credential().model_dump(mode="json")
    records: list[Any] = [
        {"descriptor": descriptor, "subjectId": "did:example:x"},   # misspelt member
        {"descriptor": descriptor, "valid_until": "2025-13-01"},
        {"descriptor": descriptor, "subject_id": "not a uri"},
        {"descriptor": {"title": 5}},
    ]
    items = batch.issue_many(records, KEY.signer(), created=CREATED)
    assert all(i.failed and i.error_type == "InvalidDataError" for i in items)
    errors = [i.error or "" for i in items]
    assert "'subjectId'" in errors[0] and "subject_id" in errors[0]
    assert errors[1].startswith("valid_until: '2025-13-01'")
    assert "'not a uri'" in errors[2] and "URI" in errors[2]
    assert "title:" in errors[3] and "\n" not in errors[3]  # every problem, on one line
    assert all(issubclass(getattr(mc, i.error_type or ""), mc.MicrocredError) for i in items)


_ARRIVALS = 0


class _Counted:
    """A key resolver that counts how often it is unpickled in this process."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __setstate__(self, state: dict[str, Any]) -> None:
        global _ARRIVALS
        _ARRIVALS += 1
        self.__dict__.update(state)

    def resolve(self, verification_method: str) -> Any:
        return self.inner.resolve(verification_method)


def _arrivals() -> int:
    return _ARRIVALS


def test_a_worker_unpickles_the_options_once_for_all_its_chunks() -> None:
    docs = _mixed(6)
    serial = batch.verify_many(docs, resolver=RESOLVER, now=NOW)
    with ProcessPoolExecutor(1) as pool:
        pooled = batch.verify_many(docs, executor=pool, chunk_size=1, resolver=_Counted(RESOLVER),
                                   now=NOW)
        assert pool.submit(_arrivals).result() == 1  # 8 chunks, one unpickling
        batch.verify_many(docs, executor=pool, chunk_size=2, resolver=_Counted(RESOLVER),
                          now=NOW)
        assert pool.submit(_arrivals).result() == 2  # a new batch brings its own options
    assert [i.ok for i in pooled] == [i.ok for i in serial]


def test_presentations_verified_with_their_credentials_in_a_pool_equal_the_serial_run(
        ) -> None:
    holder = mc.Ed25519Key.from_seed(bytes([3]) * 32)
    good = mc.sign(ob3_credential(), KEY.signer(VM), created=CREATED)
    forged = copy.deepcopy(good)
    forged["name"] = "Forged"
    vps = [mc.sign_presentation(mc.presentation([cred], holder=holder.did), holder.signer(),
                                challenge="c-1", created=CREATED)
           for cred in (good, forged, good)]
    resolver = mc.DidKeyResolver() | RESOLVER
    serial = [mc.verify_presentation(vp, challenge="c-1", resolver=resolver, now=NOW)
              for vp in vps]
    assert [r.verified for r in serial] == [True, False, True]  # the forged credential counts
    with ProcessPoolExecutor(2) as pool:
        items = batch.verify_presentations_many(vps, executor=pool, chunk_size=1,
                                                challenge="c-1", resolver=resolver, now=NOW)
    assert [i.value for i in items] == serial and [i.ok for i in items] == [True, False, True]
    wrong = batch.verify_presentations_many(vps, challenge="c-2", resolver=resolver, now=NOW)
    assert not any(i.ok for i in wrong)
    with pytest.raises(TypeError, match="chalenge"):
        batch.verify_presentations_many(vps, chalenge="c-1")


# -- Open Badges 2.0 assertions among the records (issue 17) ----------------------------------

OB2 = (Path(__file__).resolve().parent / "vectors" / "real" / "1edtech-validator" / "ob20")
OB2_NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def _ob2_documents() -> dict[str, Any]:
    """The validator's assets as its harness serves them (OB20Tests.localDomains), and the
    hosted assertion's published copy."""
    documents: dict[str, Any] = {}
    for path in sorted((OB2 / "assets").glob("*.json")):
        try:
            document = json.loads(path.read_text("utf-8"))
        except ValueError:  # openbadges_context.json is not strict JSON upstream
            continue
        for origin in ("https://example.org/", "http://example.org/"):
            documents[origin + path.name] = document
    hosted = json.loads((OB2 / "basic-assertion.json").read_text("utf-8"))
    documents[hosted["id"]] = hosted
    return documents


def _ob2_mixed() -> list[Any]:
    hosted = json.loads((OB2 / "basic-assertion.json").read_text("utf-8"))
    return [mc.sign(_documents(1)[0], KEY.signer(VM), created=CREATED), hosted,
            (OB2 / "simple.jwt").read_text("utf-8").strip(), hosted["id"],   # (a hosted URL)
            (OB2 / "simple-revoked.jwt").read_text("utf-8").strip()]


def test_verify_many_sends_ob2_assertions_to_verify_ob2_and_the_rest_to_verify() -> None:
    from microcred import ob2

    records, documents = _ob2_mixed(), _ob2_documents()
    items = batch.verify_many(records, resolver=RESOLVER, now=OB2_NOW, ob2_documents=documents)
    assert [i.ok for i in items] == [True, True, True, True, False]
    assert items[0].value == mc.verify(records[0], resolver=RESOLVER, now=OB2_NOW)
    for item, record in zip(items[1:], records[1:], strict=True):
        assert item.value == ob2.verify_ob2(record, documents=documents, now=OB2_NOW)
    # without the documents nothing is fetched and no assertion verifies
    bare = batch.verify_many(records, resolver=RESOLVER, now=OB2_NOW)
    assert [i.ok for i in bare] == [True, False, False, False, False]
    assert not any(i.failed for i in bare)


def test_a_recipient_applies_to_every_ob2_assertion_and_refuses_the_rest() -> None:
    records, documents = _ob2_mixed(), _ob2_documents()
    items = batch.verify_many(records, resolver=RESOLVER, now=OB2_NOW, ob2_documents=documents,
                              recipient="nobody@example.org")
    assert items[0].failed and items[0].error_type == "RecipientNotApplicableError"
    assert all(i.value.check("ob2.recipient").code == "recipient-match" for i in items[1:])
    other = batch.verify_many(records[1:], now=OB2_NOW, ob2_documents=documents,
                              recipient="somebody@example.org")
    assert not any(i.ok for i in other)
    assert {i.value.check("ob2.recipient").code for i in other} == {"recipient-mismatch"}
    with ProcessPoolExecutor(2) as pool:
        pooled = batch.verify_many(records, executor=pool, chunk_size=2, resolver=RESOLVER,
                                   now=OB2_NOW, ob2_documents=documents,
                                   recipient="nobody@example.org")
    assert _digest(pooled) == _digest(items)


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["@context", "type", "id", "badge",
                                                       "verification", "recipient", "x"]),
                                      inner, max_size=4), max_leaves=12),
       st.sampled_from([None, "https://w3id.org/openbadges/v2", "Assertion"]))
def test_any_record_gets_a_verdict_from_the_verifier_it_looks_like(value: Any,
                                                                   mark: str | None) -> None:
    """Whatever the record, verify_many gives a verdict (never an error item), from
    verify_ob2 exactly when is_ob2 says it is an OB 2.0 assertion."""
    from microcred._dispatch import is_ob2

    if isinstance(value, dict) and mark is not None:
        value["@context" if mark.startswith("https") else "type"] = mark
    [item] = batch.verify_many([value], now=OB2_NOW, ob2_documents={})
    assert not item.failed and not item.ok
    assert (item.value.checks[0].id == "ob2.input") is is_ob2(value)
