"""ECDSA interop with the JavaScript reference stack (@digitalbazaar/vc, data-integrity,
ecdsa-rdfc-2019-cryptosuite, ecdsa-jcs-2019-cryptosuite, ecdsa-sd-2023-cryptosuite,
ecdsa-multikey; versions pinned in tests/interop/).

Both ways, both curves: credentials microcred signs with ecdsa-rdfc-2019 verify there,
credentials the reference signs (with its own keys, ``EcdsaMultikey.generate``) verify here,
and tampered ones fail on both sides. The reference signs with WebCrypto (random k), so the
proof values differ; everything before the signature is compared through the verdicts.
Skips with the reason when Node.js or the npm packages (``npm ci`` in tests/interop) are
absent.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

import microcred as mc
from _node import Bridge, bridge, missing
from microcred import jsonld

pytestmark = pytest.mark.interop

NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
CREATED = "2024-04-01T09:00:00Z"
KEYS = {"P-256": mc.EcdsaKey.from_secret_bytes(bytes(range(7, 39)), curve="P-256"),
        "P-384": mc.EcdsaKey.from_secret_bytes(bytes(range(7, 55)), curve="P-384")}


@pytest.fixture(scope="module")
def node() -> Bridge:
    return bridge("ecdsa.mjs", ("vc", "ecdsa-rdfc-2019-cryptosuite", "ecdsa-multikey"))


def _credential(issuer: str, i: int) -> dict[str, Any]:
    """An OB 3.0 credential (blank nodes: the subject and criteria have no id)."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": f"urn:uuid:00000000-0000-4000-8000-00000000010{i}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-04-01T00:00:00Z",
        "name": ["Teamwork Badge", "データリテラシー入門 🎓"][i],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"id": f"https://example.edu/achievements/{i}",
                            "type": ["Achievement"], "name": "Achievement",
                            "description": "Collaborates within a group.\n\"quoted\"",
                            "criteria": {"narrative": "Passed the final assessment."}}},
    }


def test_a_p384_case_depends_on_sha384_blank_node_labels() -> None:
    """vc-di-ecdsa §3: RDFC-1.0 with SHA-384 for P-384 keys. Credential 0 is labelled
    differently under SHA-384, so the P-384 cases above check that rule against the reference
    (which passes ``messageDigestAlgorithm: 'SHA-384'``)."""
    doc = _credential(KEYS["P-384"].did, 0)
    assert jsonld.canonicalize(doc) != jsonld.canonicalize(doc, hash_algorithm="sha384")


def _tampered(doc: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(doc))
    out["credentialSubject"]["achievement"]["name"] = "Something else"
    return out


SUITES = ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"]


def _suite_ok(suite: str) -> None:
    reason = missing(("ecdsa-jcs-2019-cryptosuite",))
    if suite == "ecdsa-jcs-2019" and reason:
        pytest.skip(reason)


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("curve", ["P-256", "P-384"])
@pytest.mark.parametrize("index", range(2))
def test_microcred_signed_verifies_in_the_reference(node: Any, curve: str, index: int,
                                                    suite: str) -> None:
    _suite_ok(suite)
    key = KEYS[curve]
    ours = mc.sign(_credential(key.did, index), key.signer(), cryptosuite=suite,
                   created=CREATED)
    answer = node({"op": "verify", "suite": suite, "credential": ours,
                   "now": "2025-01-01T00:00:00Z"})
    assert answer["verified"], answer["error"]
    answer = node({"op": "verify", "suite": suite, "credential": _tampered(ours),
                   "now": "2025-01-01T00:00:00Z"})
    assert not answer["verified"]
    # the same through an HSM-style signer (a cryptography key object)
    hsm = mc.sign(_credential(key.did, index), mc.CryptographySigner(key.private_key),
                  cryptosuite=suite, created=CREATED)
    assert node({"op": "verify", "suite": suite, "credential": hsm,
                 "now": "2025-01-01T00:00:00Z"})["verified"]


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("curve", ["P-256", "P-384"])
@pytest.mark.parametrize("index", range(2))
def test_reference_signed_verifies_in_microcred(node: Any, curve: str, index: int,
                                                suite: str) -> None:
    _suite_ok(suite)
    pair = node({"op": "keys", "curve": curve})
    key = mc.EcdsaKey.from_secret_multibase(pair["secretKeyMultibase"])  # their encoding
    assert key.public_key_multibase == pair["publicKeyMultibase"]
    theirs = node({"op": "sign", "suite": suite, "credential": _credential(key.did, index),
                   "created": CREATED, **pair})["signed"]
    result = mc.verify(theirs, now=NOW)
    assert result.verified, result.as_dict()
    assert result.check("proof.0.signature").code == "signature-valid"  # type: ignore[union-attr]
    assert not mc.verify(_tampered(theirs), now=NOW).verified
    # and the proof microcred makes for the same document and key verifies there as well
    ours = mc.sign(_credential(key.did, index), key.signer(), cryptosuite=suite,
                   created=CREATED)
    assert {k: v for k, v in ours["proof"].items() if k != "proofValue"} == {
        k: v for k, v in theirs["proof"].items() if k != "proofValue"}
    assert node({"op": "verify", "suite": suite, "credential": ours,
                 "now": "2025-01-01T00:00:00Z"})["verified"]


# -- ecdsa-sd-2023 --------------------------------------------------------------------------------

SD_MANDATORY = ["/issuer", "/validFrom", "/credentialSubject/achievement"]
SD_SELECTIVE = ["/name"]


def _sd_ok(node: Any) -> None:
    reason = missing(("ecdsa-sd-2023-cryptosuite",))
    if reason:
        pytest.skip(reason)


@pytest.mark.parametrize("index", range(2))
def test_sd_microcred_base_reference_derives_and_both_verify(node: Any, index: int) -> None:
    _sd_ok(node)
    key = KEYS["P-256"]
    base = mc.sign(_credential(key.did, index), key.signer(),
                   cryptosuite=mc.ecdsa_sd_2023(SD_MANDATORY), created=CREATED)
    theirs = node({"op": "sd-derive", "credential": base,
                   "selectivePointers": SD_SELECTIVE})["derived"]
    ours = mc.derive_proof(base, SD_SELECTIVE)
    # the same disclosure: same reveal document and the same derived proof value
    assert theirs == ours
    result = mc.verify(theirs, now=NOW)
    assert result.verified, result.as_dict()
    for doc in (ours, theirs):
        answer = node({"op": "sd-verify", "credential": doc, "now": "2025-01-01T00:00:00Z"})
        assert answer["verified"], answer["error"]
    tampered = _tampered(ours)
    assert not mc.verify(tampered, now=NOW).verified
    assert not node({"op": "sd-verify", "credential": tampered,
                     "now": "2025-01-01T00:00:00Z"})["verified"]


@pytest.mark.parametrize("index", range(2))
def test_sd_reference_base_microcred_derives_and_both_verify(node: Any, index: int) -> None:
    _sd_ok(node)
    pair = node({"op": "keys", "curve": "P-256"})
    key = mc.EcdsaKey.from_secret_multibase(pair["secretKeyMultibase"])
    base = node({"op": "sd-sign", "credential": _credential(key.did, index),
                 "created": CREATED, "mandatoryPointers": SD_MANDATORY, **pair})["signed"]
    ours = mc.derive_proof(base, SD_SELECTIVE)
    answer = node({"op": "sd-verify", "credential": ours, "now": "2025-01-01T00:00:00Z"})
    assert answer["verified"], answer["error"]
    assert mc.verify(ours, now=NOW).verified
    theirs = node({"op": "sd-derive", "credential": base,
                   "selectivePointers": SD_SELECTIVE})["derived"]
    assert theirs == ours
    # the base proof itself is not something a verifier accepts
    check = mc.verify(base, now=NOW).check("proof.0.signature")
    assert check is not None and check.code == "malformed-proof-value"
