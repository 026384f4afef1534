"""Bitstring Status List v1.0: spec examples, round trips, bounds and the status checker."""

from __future__ import annotations

import base64
import copy
import gzip
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred as mc
from _vectors import REFERENCE
from microcred.statuslist import decode_status_list, encode_status_list

REF = REFERENCE / "w3c-vc-bitstring-status-list"
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    path = REF / "spec-examples.json"
    if not path.exists():
        pytest.skip(f"reference data absent: {path}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# -- spec examples ---------------------------------------------------------------------------

def test_decoded_lists_match_the_recorded_set_bits(spec: dict[str, Any]) -> None:
    for case in spec["decodedEncodedLists"]:
        raw = decode_status_list(case["encodedList"])
        assert len(raw) == case["uncompressedBytes"]
        assert len(raw) * 8 == case["uncompressedBits"]
        lst = mc.BitstringStatusList.from_bytes(raw, min_entries=0)
        assert lst.nonzero() == case["setIndicesMsbFirst"], case["label"]
        if case["meetsMinimum131072Entries"]:
            mc.BitstringStatusList.decode(case["encodedList"])
        else:  # the DCC fixture list (100,000 bits) is below the spec minimum
            with pytest.raises(mc.StatusListError, match="131072"):
                mc.BitstringStatusList.decode(case["encodedList"])


def test_spec_example_credential_is_valid(spec: dict[str, Any]) -> None:
    checker = mc.BitstringStatusChecker([spec["statusListCredential"]], assume_verified=True)
    report = checker(spec["revocableCredential"], now=NOW)
    assert report.outcome is mc.StatusOutcome.VALID and report.valid
    (entry,) = report.entries
    assert entry.index == 94567 and entry.purpose == "revocation" and entry.status == 0


def test_spec_example_revoked_after_setting_its_bit(spec: dict[str, Any]) -> None:
    lst = mc.BitstringStatusList.decode(spec["statusListCredential"]["credentialSubject"]
                                        ["encodedList"])
    lst.set(94567)
    status_cred = copy.deepcopy(spec["statusListCredential"])
    status_cred["credentialSubject"]["encodedList"] = lst.encode()
    checker = mc.BitstringStatusChecker({status_cred["id"]: status_cred}, assume_verified=True)
    report = checker(spec["revocableCredential"], now=NOW)
    assert report.outcome is mc.StatusOutcome.REVOKED and not report.valid
    assert report.code == "status-revoked"
    assert "失効" in report.message_ja


def test_builders_reproduce_the_spec_shapes(spec: dict[str, Any]) -> None:
    example = spec["revocableCredential"]["credentialStatus"]
    built = mc.status_list_entry(status_list_credential=example["statusListCredential"],
                                 index=int(example["statusListIndex"]), purpose="revocation")
    assert built == example
    ex_list = spec["statusListCredential"]
    cred = mc.status_list_credential(mc.BitstringStatusList(), id=ex_list["id"],
                                     issuer=ex_list["issuer"], valid_from=ex_list["validFrom"],
                                     subject_id=ex_list["credentialSubject"]["id"])
    assert cred["type"] == ex_list["type"]
    assert cred["credentialSubject"]["type"] == "BitstringStatusList"
    # GZIP headers differ between producers; the decoded bits must be identical.
    assert decode_status_list(cred["credentialSubject"]["encodedList"]) == decode_status_list(
        ex_list["credentialSubject"]["encodedList"])


def test_message_entry_with_status_size_2(spec: dict[str, Any]) -> None:
    partial = spec["messageEntryExample_partial"]
    msgs = {int(m["status"], 16): m["message"] for m in partial["statusMessage"]}
    msgs[3] = "undefined"  # the spec elides the fourth entry with "..."
    entry = mc.status_list_entry(status_list_credential=partial["statusListCredential"],
                                 index=int(partial["statusListIndex"]), purpose="message",
                                 status_size=2, status_messages=msgs, id=partial["id"])
    assert entry["statusMessage"][:3] == partial["statusMessage"]
    lst = mc.BitstringStatusList(524_288, status_size=2)  # the example index is 492,847
    lst.set(492847, 2)
    list_cred = mc.status_list_credential(lst, id=partial["statusListCredential"],
                                          issuer="did:example:1", valid_from="2024-01-01T00:00:00Z",
                                          purpose="message")
    cred = {"issuer": "did:example:1", "credentialStatus": entry}
    report = mc.BitstringStatusChecker([list_cred], assume_verified=True)(cred, now=NOW)
    assert report.outcome is mc.StatusOutcome.VALID  # a message is information, not a failure
    assert report.entries[0].status == 2 and report.entries[0].status_message == "rejected"


# -- the list itself ---------------------------------------------------------------------------

def test_minimum_size_and_rounding() -> None:
    assert len(mc.BitstringStatusList()) == mc.MIN_STATUS_LIST_ENTRIES == 131_072
    assert len(mc.BitstringStatusList().to_bytes()) == 16_384  # 16 KB (spec §2.2)
    with pytest.raises(mc.StatusListError):
        mc.BitstringStatusList(1000)
    assert len(mc.BitstringStatusList(13, min_entries=0)) == 16


def test_msb_first_bit_order() -> None:
    lst = mc.BitstringStatusList()
    lst.set(0)
    lst.set(9)
    raw = lst.to_bytes()
    assert raw[0] == 0b1000_0000 and raw[1] == 0b0100_0000


def test_range_and_value_errors() -> None:
    lst = mc.BitstringStatusList()
    for bad in (-1, 131_072, True, "3"):
        with pytest.raises(mc.StatusListError):
            lst.get(bad)  # type: ignore[arg-type]
    with pytest.raises(mc.StatusListError):
        lst.set(1, 2)
    with pytest.raises(mc.StatusListError):
        mc.BitstringStatusList(status_size=0)


def test_gzip_bomb_is_an_error_not_oom() -> None:
    bomb = encode_status_list(bytes(64 * 1024 * 1024))  # 64 MiB of zeros, ~65 KB compressed
    with pytest.raises(mc.StatusListError, match="bound"):
        decode_status_list(bomb)
    with pytest.raises(mc.StatusListError, match="bound"):
        decode_status_list(encode_status_list(bytes(20_000)), max_bytes=16_384)


@pytest.mark.parametrize("encoded", [
    "H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",  # no multibase prefix
    "zH4sIAAAAAAAAA",                                                        # base58 prefix
    "u!!!!",                                                                 # not base64url
    "u" + base64.urlsafe_b64encode(b"plain bytes").decode().rstrip("="),   # not gzip
    "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAA",                    # truncated
])
def test_malformed_encodings(encoded: str) -> None:
    with pytest.raises(mc.StatusListError):
        decode_status_list(encoded)


def test_corrupt_crc_and_trailing_data() -> None:
    good = bytearray(gzip.compress(bytes(16384), mtime=0))
    bad_crc = bytes(good[:-8]) + bytes([good[-8] ^ 1]) + bytes(good[-7:])
    for data in (bad_crc, bytes(good) + b"junk"):
        text = "u" + base64.urlsafe_b64encode(data).decode().rstrip("=")
        with pytest.raises(mc.StatusListError):
            decode_status_list(text)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, 131_071), max_size=300))
def test_round_trip_random_index_sets(indices: set[int]) -> None:
    lst = mc.BitstringStatusList()
    for i in indices:
        lst.set(i)
    decoded = mc.BitstringStatusList.decode(lst.encode())
    assert decoded.nonzero() == sorted(indices)
    assert decoded.to_bytes() == lst.to_bytes()
    for i in list(indices)[:20]:
        decoded.clear(i)
        assert decoded.get(i) == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 4), st.dictionaries(st.integers(0, 50_000), st.integers(0, 15), max_size=60))
def test_multi_bit_entries_round_trip(size: int, values: dict[int, int]) -> None:
    lst = mc.BitstringStatusList(status_size=size)
    want = {i: v % (1 << size) for i, v in values.items()}
    for i, v in want.items():
        lst.set(i, v)
    decoded = mc.BitstringStatusList.decode(lst.encode(), status_size=size)
    for i, v in want.items():
        assert decoded.get(i) == v
    assert decoded.nonzero() == sorted(i for i, v in want.items() if v)


@settings(max_examples=25, deadline=None)
@given(st.sets(st.integers(0, 131_071), min_size=1, max_size=50), st.integers(0, 131_071))
def test_checker_agrees_with_membership(revoked: set[int], probe: int) -> None:
    lst = mc.BitstringStatusList()
    for i in revoked:
        lst.set(i)
    url = "https://example.edu/status/1"
    list_cred = mc.status_list_credential(lst, id=url, issuer="did:example:i",
                                          valid_from="2024-01-01T00:00:00Z")
    cred = {"issuer": {"id": "did:example:i"},
            "credentialStatus": mc.status_list_entry(status_list_credential=url, index=probe)}
    report = mc.BitstringStatusChecker([list_cred], assume_verified=True)(cred, now=NOW)
    expected = mc.StatusOutcome.REVOKED if probe in revoked else mc.StatusOutcome.VALID
    assert report.outcome is expected


# -- the checker: fail-closed -------------------------------------------------------------------

URL = "https://example.edu/status/7"


def _pair(purpose: str = "revocation", set_bit: bool = False) -> tuple[dict[str, Any],
                                                                         dict[str, Any]]:
    lst = mc.BitstringStatusList()
    if set_bit:
        lst.set(42)
    list_cred = mc.status_list_credential(lst, id=URL, issuer="https://example.edu/issuer",
                                          valid_from="2024-01-01T00:00:00Z",
                                          valid_until="2026-01-01T00:00:00Z",
                                          purpose=["revocation", "suspension"])
    cred = {"issuer": "https://example.edu/issuer",
            "credentialStatus": [mc.status_list_entry(status_list_credential=URL, index=42,
                                                      purpose=purpose)]}
    return cred, list_cred


def test_suspension_is_reported_as_suspended() -> None:
    cred, list_cred = _pair("suspension", set_bit=True)
    report = mc.BitstringStatusChecker([list_cred], assume_verified=True)(cred, now=NOW)
    assert report.outcome is mc.StatusOutcome.SUSPENDED
    assert "一時停止" in report.message_ja


def test_checker_requires_an_explicit_verification_choice() -> None:
    with pytest.raises(mc.StatusListError):
        mc.BitstringStatusChecker([])


def _outcome(cred: dict[str, Any], lists: Any, **kw: Any) -> mc.StatusReport:
    kw.setdefault("assume_verified", True)
    report: mc.StatusReport = mc.BitstringStatusChecker(lists, **kw)(cred, now=NOW)
    return report


def test_fail_closed_cases() -> None:
    cred, list_cred = _pair()
    cnc = mc.StatusOutcome.COULD_NOT_CHECK
    # list not supplied
    assert _outcome(cred, []).outcome is cnc
    assert _outcome(cred, []).code == "STATUS_RETRIEVAL_ERROR"
    # list proof does not verify (or the verifier crashes)
    assert _outcome(cred, [list_cred], assume_verified=False,
                    verify_list=lambda c: False).outcome is cnc
    assert _outcome(cred, [list_cred], assume_verified=False,
                    verify_list=lambda c: 1 / 0).outcome is cnc
    # purpose not served by the list
    other = copy.deepcopy(cred)
    other["credentialStatus"][0]["statusPurpose"] = "message"
    assert _outcome(other, [list_cred]).code == "STATUS_VERIFICATION_ERROR"
    # different issuer
    other = copy.deepcopy(cred)
    other["issuer"] = "https://evil.example/"
    assert _outcome(other, [list_cred]).outcome is cnc
    assert _outcome(other, [list_cred], require_same_issuer=False).outcome is mc.StatusOutcome.VALID
    # expired list
    late = mc.BitstringStatusChecker([list_cred], assume_verified=True)(
        cred, now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    assert late.outcome is cnc
    # index beyond the list, malformed index, unsupported type
    for field, value in (("statusListIndex", "999999999"), ("statusListIndex", "-1"),
                         ("statusListIndex", "0042"), ("type", "1EdTechRevocationList")):
        other = copy.deepcopy(cred)
        other["credentialStatus"][0][field] = value
        assert _outcome(other, [list_cred]).outcome is cnc, (field, value)
    # too short a list
    short = copy.deepcopy(list_cred)
    short["credentialSubject"]["encodedList"] = encode_status_list(bytes(100))
    assert _outcome(cred, [short]).code == "STATUS_LIST_LENGTH_ERROR"


def test_combination_revoked_beats_could_not_check() -> None:
    cred, list_cred = _pair(set_bit=True)
    cred["credentialStatus"].append({"type": "StatusList2021Entry"})
    assert _outcome(cred, [list_cred]).outcome is mc.StatusOutcome.REVOKED


def test_no_status_is_valid_and_garbage_never_raises() -> None:
    assert _outcome({"issuer": "x"}, []).outcome is mc.StatusOutcome.VALID
    junks: list[Any] = [[], "x", None, {"credentialStatus": 5}, {"credentialStatus": [None, {}]}]
    for junk in junks:
        assert _outcome(junk, []).outcome is mc.StatusOutcome.COULD_NOT_CHECK


def test_legacy_status_list_2021(spec: dict[str, Any]) -> None:
    # StatusList2021 (W3C CCG) encodes the same GZIP bitstring without the multibase prefix.
    case = spec["decodedEncodedLists"][1]  # 1EdTech validator list, bit 23 set
    raw_b64 = case["encodedList"][1:]
    assert decode_status_list(raw_b64, legacy=True) == decode_status_list(case["encodedList"])
    with pytest.raises(mc.StatusListError):
        decode_status_list(raw_b64)  # not without legacy=True
    url = "https://example.edu/status/2021"
    list_cred = {"@context": ["https://www.w3.org/2018/credentials/v1",
                              "https://w3id.org/vc/status-list/2021/v1"],
                 "id": url, "type": ["VerifiableCredential", "StatusList2021Credential"],
                 "issuer": "did:example:i", "issuanceDate": "2024-01-01T00:00:00Z",
                 "credentialSubject": {"id": url + "#list", "type": "StatusList2021",
                                       "statusPurpose": "revocation", "encodedList": raw_b64}}

    def cred(index: int) -> dict[str, Any]:
        return {"issuer": "did:example:i", "credentialStatus": {
            "id": f"{url}#{index}", "type": "StatusList2021Entry", "statusPurpose": "revocation",
            "statusListIndex": str(index), "statusListCredential": url}}

    assert _outcome(cred(23), [list_cred]).outcome is mc.StatusOutcome.REVOKED
    assert _outcome(cred(22), [list_cred]).outcome is mc.StatusOutcome.VALID
    strict = _outcome(cred(23), [list_cred], legacy_2021=False)
    assert strict.code == "UNSUPPORTED_STATUS_TYPE"
    # a 2021 entry must not be answered from a Bitstring list (and vice versa)
    bitstring = {**list_cred, "type": ["VerifiableCredential", "BitstringStatusListCredential"]}
    assert _outcome(cred(23), [bitstring]).outcome is mc.StatusOutcome.COULD_NOT_CHECK


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 64), st.sets(st.integers(0, 63)), st.integers(0, 2**32))
def test_allocator_never_repeats_and_fills_the_list(length: int, used: set[int],
                                                    seed: int) -> None:
    import random

    used = {u for u in used if u < length}
    alloc = mc.StatusIndexAllocator(length, used, rng=random.Random(seed))
    got = [alloc.allocate() for _ in range(length - len(used))]
    assert len(set(got)) == len(got) and not set(got) & used
    assert set(got) | used == set(range(length))
    with pytest.raises(mc.StatusListError, match="in use"):
        alloc.allocate()


def test_allocator_defaults_and_errors() -> None:
    alloc = mc.StatusIndexAllocator()
    first = alloc.allocate()
    assert 0 <= first < 131_072 and alloc.used == {first}
    with pytest.raises(mc.StatusListError):
        mc.StatusIndexAllocator(10, [10])


def test_signed_status_list_end_to_end() -> None:
    """A signed list is verified with microcred.verify; a forged list is not believed."""
    key = mc.Ed25519Key.from_seed(bytes([21]) * 32)
    url = "https://example.edu/status/signed"
    lst = mc.BitstringStatusList()
    lst.set(42)
    signed = mc.sign(mc.status_list_credential(lst, id=url, issuer=key.did,
                                               valid_from="2024-01-01T00:00:00Z"),
                     key.signer(), created="2024-01-01T00:00:00Z")
    assert mc.verify(signed, now=NOW).verified
    checker = mc.BitstringStatusChecker([signed], verify_list=lambda c: mc.verify(c, now=NOW))
    cred = {"issuer": key.did, "credentialStatus": [
        mc.status_list_entry(status_list_credential=url, index=42)]}
    assert checker(cred, now=NOW).outcome is mc.StatusOutcome.REVOKED
    forged = copy.deepcopy(signed)
    forged["credentialSubject"]["encodedList"] = mc.BitstringStatusList().encode()  # "un-revoke"
    checker = mc.BitstringStatusChecker([forged], verify_list=lambda c: mc.verify(c, now=NOW))
    report = checker(cred, now=NOW)
    assert report.outcome is mc.StatusOutcome.COULD_NOT_CHECK
    assert report.code == "STATUS_VERIFICATION_ERROR"


# -- the optional members and several purposes (issue 12 §4) ----------------------------------

ISSUER = "did:example:1"
LIST_URL = "https://example.edu/status/multi"


def _multi_list(values: dict[int, int], size: int = 1, purposes: Any = None) -> dict[str, Any]:
    lst = mc.BitstringStatusList(mc.MIN_STATUS_LIST_ENTRIES * size, status_size=size)
    for index, value in values.items():
        lst.set(index, value)
    return mc.status_list_credential(
        lst, id=LIST_URL, issuer=ISSUER, valid_from="2024-01-01T00:00:00Z",
        purpose=purposes or ["revocation", "suspension", "message"])


def test_one_list_several_purposes() -> None:
    """A status list credential serving revocation, suspension and message at once (§2.2:
    statusPurpose is one or more values); a credential with an entry for each."""
    list_cred = _multi_list({10: 1, 11: 1})
    assert list_cred["credentialSubject"]["statusPurpose"] == [
        "revocation", "suspension", "message"]

    def cred(rev: int, sus: int, msg: int) -> dict[str, Any]:
        return {"issuer": ISSUER, "credentialStatus": [
            mc.status_list_entry(status_list_credential=LIST_URL, index=rev),
            mc.status_list_entry(status_list_credential=LIST_URL, index=sus,
                                 purpose="suspension"),
            mc.status_list_entry(status_list_credential=LIST_URL, index=msg, purpose="message",
                                 status_messages={0: "pending", 1: "accepted"})]}

    ok = _outcome(cred(1, 2, 11), [list_cred])
    assert ok.outcome is mc.StatusOutcome.VALID
    assert [e.status for e in ok.entries] == [0, 0, 1]
    assert ok.entries[2].status_message == "accepted" and ok.entries[2].purpose == "message"
    assert _outcome(cred(1, 10, 3), [list_cred]).outcome is mc.StatusOutcome.SUSPENDED
    assert _outcome(cred(10, 11, 3), [list_cred]).outcome is mc.StatusOutcome.REVOKED
    only_rev = _multi_list({}, purposes=["revocation"])
    report = _outcome(cred(1, 2, 3), [only_rev])
    assert report.outcome is mc.StatusOutcome.COULD_NOT_CHECK
    assert [e.code for e in report.entries] == [
        "status-valid", "STATUS_VERIFICATION_ERROR", "STATUS_VERIFICATION_ERROR"]


@pytest.mark.parametrize("size", [2, 3, 8])
def test_status_size_messages_and_reference(size: int) -> None:
    """statusSize > 1 with statusMessage (one message per value, §2.1) and statusReference."""
    top = (1 << size) - 1
    list_cred = _multi_list({5: top, 6: 1}, size=size, purposes="message")
    messages = {v: f"message {v:#x}" for v in range(1 << size)}
    refs = ["https://example.edu/status-codes", "https://example.edu/status-codes/ja"]

    def cred(index: int) -> dict[str, Any]:
        return {"issuer": ISSUER, "credentialStatus": mc.status_list_entry(
            status_list_credential=LIST_URL, index=index, purpose="message", status_size=size,
            status_messages=messages, status_reference=refs)}

    entry = cred(5)["credentialStatus"]
    assert entry["statusSize"] == size and entry["statusReference"] == refs
    assert entry["statusMessage"][top] == {"status": hex(top), "message": f"message {top:#x}"}
    for index, value in ((5, top), (6, 1), (7, 0)):
        report = _outcome(cred(index), [list_cred])
        (check,) = report.entries
        assert report.outcome is mc.StatusOutcome.VALID
        assert (check.status, check.status_message) == (value, f"message {value:#x}")
        assert check.status_reference == tuple(refs) and check.problem_type is None
    single = cred(5)
    single["credentialStatus"]["statusReference"] = refs[0]
    assert _outcome(single, [list_cred]).entries[0].status_reference == (refs[0],)


def test_malformed_optional_members_fail_closed() -> None:
    list_cred = _multi_list({}, size=2, purposes="message")
    messages = {0: "a", 1: "b", 2: "c", 3: "d"}
    entry = mc.status_list_entry(status_list_credential=LIST_URL, index=1, purpose="message",
                                 status_size=2, status_messages=messages)
    for member, value in (("statusReference", "not a url"), ("statusReference", []),
                          ("statusReference", [5]), ("statusMessage", messages),
                          ("statusMessage", entry["statusMessage"][:3]), ("statusSize", 0),
                          ("statusSize", 17), ("statusSize", True)):
        bad = {**entry, member: value}
        (check,) = _outcome({"issuer": ISSUER, "credentialStatus": bad}, [list_cred]).entries
        assert check.outcome is mc.StatusOutcome.COULD_NOT_CHECK, (member, value)
        assert check.code == "MALFORMED_STATUS_ENTRY"
        assert check.problem_type == "https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR"
    with pytest.raises(mc.StatusListError, match="statusReference"):
        mc.status_list_entry(status_list_credential=LIST_URL, index=1,
                             status_reference="no url")
    with pytest.raises(mc.StatusListError, match="statusMessage"):
        mc.status_list_entry(status_list_credential=LIST_URL, index=1, status_size=2,
                             status_messages={0: "a"})


def test_problem_types() -> None:
    cred, list_cred = _pair()
    missing = _outcome(cred, []).entries[0]
    assert missing.problem_type == (
        "https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR")
    far = copy.deepcopy(cred)
    far["credentialStatus"][0]["statusListIndex"] = "999999999"
    (check,) = _outcome(far, [list_cred]).entries
    assert check.code == "RANGE_ERROR"
    assert check.problem_type == "https://www.w3.org/TR/vc-data-model#RANGE_ERROR"
    assert _outcome(cred, [list_cred]).entries[0].problem_type is None


def test_status_entries_in_signed_credentials_pass_the_data_model() -> None:
    """Entries built here satisfy the data-model stage (credentialStatus needs a type)."""
    cred = {"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"], "issuer": ISSUER,
            "credentialSubject": {"id": "did:example:s"},
            "credentialStatus": [
                mc.status_list_entry(status_list_credential=LIST_URL, index=1),
                mc.status_list_entry(status_list_credential=LIST_URL, index=2,
                                     purpose="message", status_size=2,
                                     status_messages={0: "a", 1: "b", 2: "c", 3: "d"},
                                     status_reference="https://example.edu/codes")]}
    assert mc.data_model_violations(cred) == []
    assert mc.data_model_violations(_multi_list({})) == []


# --------------------------------------------------------------------------------------------
# Policies for real lists: re-hosted (id ≠ URL), another issuer, shorter than the minimum


_POLICY_NAMES = ("list_id_mismatch", "issuer_mismatch", "short_lists")
_CONDITION_CODES = {"list_id_mismatch": "STATUS_VERIFICATION_ERROR",
                    "issuer_mismatch": "STATUS_VERIFICATION_ERROR",
                    "short_lists": "STATUS_LIST_LENGTH_ERROR"}


def _situation(bits: set[int], index: int, *, rehosted: bool, other_issuer: bool, short: bool,
               purpose: str = "revocation") -> tuple[dict[str, Any], dict[str, Any]]:
    """A credential and the list supplied for its URL, with the chosen real-world defects."""
    lst = mc.BitstringStatusList(1024, min_entries=1) if short else mc.BitstringStatusList()
    for b in bits:
        lst.set(b % len(lst))
    list_cred = mc.status_list_credential(
        lst, id="https://mirror.example/status/1" if rehosted else URL,
        issuer="did:example:status-service" if other_issuer else "https://example.edu/issuer",
        valid_from="2024-01-01T00:00:00Z", purpose=purpose)
    cred = {"issuer": "https://example.edu/issuer",
            "credentialStatus": mc.status_list_entry(status_list_credential=URL, index=index,
                                                     purpose=purpose)}
    return cred, list_cred


@settings(max_examples=60, deadline=None)
@given(bits=st.sets(st.integers(0, 1023), max_size=8), index=st.integers(0, 1023),
       rehosted=st.booleans(), other_issuer=st.booleans(), short=st.booleans(),
       purpose=st.sampled_from(["revocation", "suspension"]),
       policies=st.tuples(*[st.sampled_from(["refuse", "warn"])] * 3))
def test_policies_only_ever_unlock_the_same_bit(bits: set[int], index: int, rehosted: bool,
                                                other_issuer: bool, short: bool, purpose: str,
                                                policies: tuple[str, str, str]) -> None:
    cred, list_cred = _situation(bits, index, rehosted=rehosted, other_issuer=other_issuer,
                                 short=short, purpose=purpose)
    chosen = dict(zip(_POLICY_NAMES, policies, strict=True))
    report = _outcome(cred, {URL: list_cred}, **chosen)
    present = {"list_id_mismatch": rehosted, "issuer_mismatch": other_issuer,
               "short_lists": short}
    refused = [p for p in _POLICY_NAMES if present[p] and chosen[p] == "refuse"]
    set_bit = index in bits
    hit = {"revocation": mc.StatusOutcome.REVOKED, "suspension": mc.StatusOutcome.SUSPENDED}
    if refused:  # a refusing policy: could not check, with that policy's error
        assert report.outcome is mc.StatusOutcome.COULD_NOT_CHECK
        assert report.code in {_CONDITION_CODES[p] for p in refused}
        assert any(f"{p}='warn'" in report.message for p in refused)
    else:  # everything relaxed is named, and the bit decides exactly as with a clean list
        assert report.outcome is (hit[purpose] if set_bit else mc.StatusOutcome.VALID)
        assert {r.policy for r in report.relaxations} == {p for p in _POLICY_NAMES
                                                         if present[p]}
        assert ("[relaxed:" in report.message) == any(present.values())
        clean_cred, clean_list = _situation(bits, index, rehosted=False, other_issuer=False,
                                            short=short, purpose=purpose)
        clean = _outcome(clean_cred, {URL: clean_list}, short_lists="warn")
        assert clean.outcome is report.outcome
    # Relaxing everything never turns a revoked/suspended entry valid, and never rescues a
    # list whose proof fails.
    all_warn = {p: "warn" for p in _POLICY_NAMES}
    if set_bit:
        assert _outcome(cred, {URL: list_cred}, **all_warn).outcome is hit[purpose]
    bad_proof = _outcome(cred, {URL: list_cred}, assume_verified=False,
                         verify_list=lambda c: False, **all_warn)
    assert bad_proof.outcome is mc.StatusOutcome.COULD_NOT_CHECK


def test_policy_defaults_follow_the_spec() -> None:
    checker = mc.BitstringStatusChecker([], assume_verified=True)
    assert checker.policies == {"list_id_mismatch": "warn", "issuer_mismatch": "refuse",
                                "short_lists": "refuse", "legacy_2021": "warn"}
    assert mc.BitstringStatusChecker([], assume_verified=True, require_same_issuer=False,
                                     legacy_2021=False).policies["issuer_mismatch"] == "warn"
    cred, list_cred = _situation(set(), 5, rehosted=True, other_issuer=False, short=False)
    assert _outcome(cred, {URL: list_cred}).outcome is mc.StatusOutcome.VALID
    refused = _outcome(cred, {URL: list_cred}, list_id_mismatch="refuse")
    assert refused.code == "STATUS_VERIFICATION_ERROR"
    assert "list_id_mismatch='warn'" in refused.message and not refused.relaxations
    # a non-string id is malformed, whatever the policy
    list_cred["id"] = {"id": URL}
    assert _outcome(cred, {URL: list_cred}).outcome is mc.StatusOutcome.COULD_NOT_CHECK


def test_policy_arguments_are_checked() -> None:
    bad: list[dict[str, Any]] = [
        {"list_id_mismatch": "ignore"}, {"issuer_mismatch": True}, {"short_lists": None},
        {"require_same_issuer": True, "issuer_mismatch": "warn"},
        {"require_same_issuer": False, "issuer_mismatch": "refuse"},
        {"trusted_list_issuers": "did:example:one"}, {"trusted_list_issuers": [""]},
        {"min_entries": -1}, {"min_entries": True},
    ]
    for kw in bad:
        with pytest.raises(mc.StatusListError):
            mc.BitstringStatusChecker([], assume_verified=True, **kw)
    with pytest.raises(mc.StatusListError):
        mc.BitstringStatusChecker({"": {}}, assume_verified=True)
    assert mc.BitstringStatusChecker([], assume_verified=True, require_same_issuer=True,
                                     issuer_mismatch="refuse").policies["issuer_mismatch"] == (
                                         "refuse")


def test_issuer_mismatch_needs_a_readable_list_issuer() -> None:
    cred, list_cred = _situation(set(), 5, rehosted=False, other_issuer=True, short=False)
    list_cred["issuer"] = {"name": "no id"}
    report = _outcome(cred, {URL: list_cred}, issuer_mismatch="warn")
    assert report.outcome is mc.StatusOutcome.COULD_NOT_CHECK and not report.relaxations


def test_legacy_2021_use_is_reported_and_as_check_carries_details(spec: dict[str, Any]) -> None:
    raw_b64 = spec["decodedEncodedLists"][1]["encodedList"][1:]
    url = "https://example.edu/status/2021"
    list_cred = {"id": url, "type": ["VerifiableCredential", "StatusList2021Credential"],
                 "issuer": "did:example:i",
                 "credentialSubject": {"id": url + "#list", "type": "StatusList2021",
                                       "statusPurpose": "revocation", "encodedList": raw_b64}}
    cred = {"issuer": "did:example:i", "credentialStatus": {
        "type": "StatusList2021Entry", "statusPurpose": "revocation",
        "statusListIndex": "22", "statusListCredential": url}}
    report = _outcome(cred, [list_cred])
    assert report.outcome is mc.StatusOutcome.VALID
    assert [r.policy for r in report.relaxations] == ["legacy_2021"]
    check = report.as_check()
    assert isinstance(check, mc.Check) and check.outcome is mc.Outcome.PASSED
    assert check.details["relaxations"][0]["code"] == "status-relaxed-legacy-2021"
    plain_cred, plain_list = _pair()
    plain = _outcome(plain_cred, [plain_list])
    assert plain.as_check().details == {} and not plain.relaxations
    for outcome, expected in ((mc.StatusOutcome.REVOKED, mc.Outcome.FAILED),
                              (mc.StatusOutcome.COULD_NOT_CHECK, mc.Outcome.COULD_NOT_CHECK)):
        assert mc.StatusReport(outcome).as_check().outcome is expected
