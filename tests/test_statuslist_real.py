"""Status lists on real data: the Digital Credentials Consortium's verifier test fixtures.

The 39 DCC credentials with a ``credentialStatus`` (tests/vectors/real/dcc-vc-test-fixtures,
MIT, see SOURCES.md there) name two URLs for their list:

* ``https://digitalcredentials.github.io/vc-test-fixtures/statusLists/…`` — the files under
  ``statusLists/`` of the same repository;
* ``https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/main/src/
  test-fixtures/status/e5WK8CbZ1GjycuPombrj`` — in digitalcredentials/verifier-core at
  115af83e9523def6c7b58d80ae378b557b6d8a24 (MIT); that file is byte for byte the
  ``statusLists/didkey-ed25519Signature2020/e5WK8CbZ1GjycuPombrj`` stored here (sha256
  50605738…5663, checked below), so it is supplied for both URLs.

The lists' ``id`` is ``https://testing.dcconsortium.org/status/…`` (re-hosted), they are signed
by another key than most credentials, and have 100,000 entries.  With the documented
relaxations every status verdict equals the meaning of the fixture's file name.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import microcred as mc
from microcred.statuslist import StatusRelaxation

DCC = Path(__file__).parent / "vectors" / "real" / "dcc-vc-test-fixtures"
LISTS = DCC / "statusLists" / "didkey-ed25519Signature2020"
GITHUB_IO = ("https://digitalcredentials.github.io/vc-test-fixtures/statusLists/"
             "didkey-ed25519Signature2020/")
VERIFIER_CORE = ("https://raw.githubusercontent.com/digitalcredentials/verifier-core/refs/heads/"
                 "main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj")
VERIFIER_CORE_SHA256 = "50605738641643b47ea7b6512dd70340ceec67a04aac814536f49d005fee5663"
LIST_ISSUER = "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
RELAXED = {"list_id_mismatch", "issuer_mismatch", "short_lists"}

pytestmark = pytest.mark.skipif(not LISTS.is_dir(), reason=f"real fixtures absent: {LISTS}")


def _credentials() -> list[Path]:
    if not DCC.is_dir():
        return []
    found = []
    for path in sorted((DCC / "verifiableCredentials").rglob("*.json")):
        text = path.read_text(encoding="utf-8")
        if text.strip() and "credentialStatus" in json.loads(text):
            found.append(path)
    return found


CREDENTIALS = _credentials()


def _meaning(name: str) -> tuple[mc.StatusOutcome, str]:
    """The status a fixture's file name promises, and the reason code for could-not-check."""
    for bad, code in (("expiredStatus", "has expired"), ("notYetValidStatus", "not yet valid"),
                      ("tamperedStatus", "does not verify"),
                      ("missingTypeStatus", "is not a BitstringStatusListCredential")):
        if bad in name:
            return mc.StatusOutcome.COULD_NOT_CHECK, code
    if "validStatus" in name:
        return mc.StatusOutcome.VALID, "status-valid"
    if "revoked" in name or "revokedStaus" in name:  # (sic: one file name upstream)
        return mc.StatusOutcome.REVOKED, "status-revoked"
    raise AssertionError(f"no status meaning in {name}")


def _lists() -> dict[str, Any]:
    lists = {GITHUB_IO + p.name: json.loads(p.read_text(encoding="utf-8"))
             for p in LISTS.iterdir()}
    lists[VERIFIER_CORE] = lists[GITHUB_IO + "e5WK8CbZ1GjycuPombrj"]
    return lists


def _checker(**policies: Any) -> mc.BitstringStatusChecker:
    return mc.BitstringStatusChecker(_lists(), verify_list=lambda c: mc.verify(c, now=NOW),
                                     **policies)


@pytest.fixture(scope="module")
def relaxed() -> mc.BitstringStatusChecker:
    return _checker(issuer_mismatch="warn", short_lists="warn")


@pytest.fixture(scope="module")
def strict() -> mc.BitstringStatusChecker:
    return _checker()


def test_the_fixture_set_is_the_one_of_the_issue() -> None:
    assert len(CREDENTIALS) == 39
    meanings = [_meaning(p.name)[0] for p in CREDENTIALS]
    # 10 valid statuses; one of them (twoOIDF-validStatus-expired) is an expired credential,
    # so 9 of them are valid credentials, as the issue counts them
    assert meanings.count(mc.StatusOutcome.VALID) == 10
    assert meanings.count(mc.StatusOutcome.COULD_NOT_CHECK) == 4
    data = (LISTS / "e5WK8CbZ1GjycuPombrj").read_bytes()
    assert hashlib.sha256(data).hexdigest() == VERIFIER_CORE_SHA256


@pytest.mark.parametrize("path", CREDENTIALS, ids=lambda p: str(p.relative_to(DCC)))
def test_every_verdict_is_the_fixtures_meaning(path: Path, relaxed: mc.BitstringStatusChecker,
                                               strict: mc.BitstringStatusChecker) -> None:
    cred = json.loads(path.read_text(encoding="utf-8"))
    expected, reason = _meaning(path.name)
    report = relaxed(cred, now=NOW)
    assert report.outcome is expected, report.message
    if expected is mc.StatusOutcome.COULD_NOT_CHECK:
        assert reason in report.message
        assert report.code == "STATUS_VERIFICATION_ERROR"
        assert not report.relaxations  # these lists are at their own URL, by the same issuer
        return
    assert report.code == reason
    (entry,) = report.entries
    assert {r.policy for r in entry.relaxations} == RELAXED
    assert "[relaxed:" in entry.message and "【緩和:" in entry.message_ja
    # Nothing is relaxed by default but the re-hosted id: never valid, never revoked.
    default = strict(cred, now=NOW)
    assert default.outcome is mc.StatusOutcome.COULD_NOT_CHECK
    assert "issuer_mismatch='warn'" in default.message
    # Each relaxation is needed: refusing any one of them is could-not-check again.
    for policy in sorted(RELAXED):
        one_refused = {p: ("refuse" if p == policy else "warn") for p in RELAXED}
        assert _checker(**one_refused)(cred, now=NOW).outcome is (
            mc.StatusOutcome.COULD_NOT_CHECK), policy


def test_relaxations_name_what_was_compared(relaxed: mc.BitstringStatusChecker) -> None:
    cred = json.loads((DCC / "verifiableCredentials/v1/ed25519/didKey/"
                       "mixedRegistry-validStatus-noExpiry.json").read_text(encoding="utf-8"))
    by_policy = {r.policy: r for r in relaxed(cred, now=NOW).relaxations}
    url = GITHUB_IO + "e5WK8CbZ1GjycuPombrj"
    assert by_policy["list_id_mismatch"].details == {
        "url": url, "list_id": "https://testing.dcconsortium.org/status/e5WK8CbZ1GjycuPombrj"}
    assert by_policy["issuer_mismatch"].details == {
        "url": url, "list_issuer": LIST_ISSUER, "credential_issuer": cred["issuer"]["id"],
        "trusted": False}
    assert by_policy["short_lists"].details == {"url": url, "entries": 100_000,
                                                "minimum": mc.MIN_STATUS_LIST_ENTRIES}
    for r in by_policy.values():
        assert isinstance(r, StatusRelaxation) and r.message and r.message_ja
        assert r.code == "status-relaxed-" + r.policy.replace("_", "-")


def test_trusted_list_issuer_and_an_ecosystem_minimum() -> None:
    cred = json.loads((DCC / "verifiableCredentials/v2/ed25519/didKey/"
                       "noRegistry-revokedStatus-notExpired.json").read_text(encoding="utf-8"))
    checker = _checker(trusted_list_issuers=[LIST_ISSUER], min_entries=100_000)
    report = checker(cred, now=NOW)
    assert report.outcome is mc.StatusOutcome.REVOKED
    # an ecosystem bound (min_entries) is the spec's own rule: not a relaxation
    assert [r.policy for r in report.relaxations] == ["list_id_mismatch", "issuer_mismatch"]
    assert report.relaxations[1].details["trusted"] is True
    # trusting another issuer does not help
    other = _checker(trusted_list_issuers=["did:example:other"], short_lists="warn")
    assert other(cred, now=NOW).outcome is mc.StatusOutcome.COULD_NOT_CHECK


def test_a_sequence_of_lists_is_matched_by_id_and_says_so() -> None:
    cred = json.loads((DCC / "verifiableCredentials/v1/ed25519/didKey/"
                       "mixedRegistry-validStatus-noExpiry.json").read_text(encoding="utf-8"))
    checker = mc.BitstringStatusChecker(list(_lists().values()), assume_verified=True,
                                        issuer_mismatch="warn", short_lists="warn")
    report = checker(cred, now=NOW)
    assert report.code == "STATUS_RETRIEVAL_ERROR"
    assert "pass {url: list}" in report.message


def test_in_verify_the_status_check_names_the_relaxations(
        relaxed: mc.BitstringStatusChecker) -> None:
    valid = json.loads((DCC / "verifiableCredentials/v1/ed25519/didKey/"
                        "mixedRegistry-validStatus-noExpiry.json").read_text(encoding="utf-8"))
    revoked = json.loads((DCC / "verifiableCredentials/v2/ed25519/didKey/"
                          "noRegistry-revokedStatus-notExpired.json").read_text(encoding="utf-8"))
    for cred, outcome, code in ((valid, mc.Outcome.PASSED, "status-valid"),
                                (revoked, mc.Outcome.FAILED, "status-revoked")):
        check = mc.verify(cred, now=NOW, status_checker=relaxed).check("status")
        assert check is not None and check.outcome is outcome and check.code == code
        assert "[relaxed:" in check.message and "【緩和:" in check.message_ja
        as_check = mc.verify(cred, now=NOW,
                             status_checker=lambda c, now: relaxed(c, now=now).as_check())
        got = as_check.check("status")
        assert got is not None and got.outcome is outcome
        assert {r["policy"] for r in got.details["relaxations"]} == RELAXED
