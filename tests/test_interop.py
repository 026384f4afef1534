"""Interop with the JavaScript reference stack (@digitalbazaar/vc, data-integrity,
eddsa-rdfc-2022-cryptosuite, eddsa-jcs-2022-cryptosuite, ed25519-multikey,
ed25519-signature-2020; versions pinned in tests/interop/).

Credentials microcred signs verify there, credentials the reference signs verify here, and
both produce the identical proofValue for the same key, document and ``created``. Skips with
the reason when Node.js or the npm packages (``npm ci`` in tests/interop) are absent.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

import microcred as mc
from _node import Bridge, bridge

pytestmark = pytest.mark.interop

NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
SEED = "9b3a5f1e0c2d4e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7"
KEY = mc.Ed25519Key.from_seed(bytes.fromhex(SEED))
CREATED = "2024-04-01T09:00:00Z"


@pytest.fixture(scope="module")
def node() -> Bridge:
    return bridge("interop.mjs")


def _credentials() -> list[dict[str, Any]]:
    base = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": KEY.did, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-04-01T00:00:00Z",
    }

    def cred(i: int, name: str, description: str, **more: Any) -> dict[str, Any]:
        achievement = {"id": f"https://example.edu/achievements/{i}", "type": ["Achievement"],
                       "name": name, "description": description,
                       "criteria": {"narrative": "Passed the final assessment."}, **more}
        return {**base, "id": f"urn:uuid:00000000-0000-4000-8000-00000000000{i}", "name": name,
                "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
                                      "achievement": achievement}}

    return [
        cred(1, "Teamwork Badge", "Collaborates within a group."),
        cred(2, "データリテラシー入門", "グラフを読み解く力。\n改行と \"引用\" と \\ を含む。",
             achievementType="MicroCredential", creditsAvailable=1.5, humanCode="DL-101",
             inLanguage="ja"),
        cred(3, "Emoji 🎓 and tabs\t", "Ünïcödé, RTL \u05d0, NUL-free control \u0007 char.",
             achievementType="Badge", tag=["b", "a"]),
    ]


ED2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
SUITES = ["eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020"]


def _legacy_secret() -> str:
    """The 64-byte (seed || public) ``privateKeyMultibase`` of Ed25519VerificationKey2020."""
    from multiformats import multibase

    seed = bytes.fromhex(SEED)
    return str(multibase.encode(b"\x80\x26" + seed + KEY.public_key, "base58btc"))


@pytest.mark.parametrize("suite", SUITES)
@pytest.mark.parametrize("index", range(3))
def test_same_proof_value_both_ways(node: Any, index: int, suite: str) -> None:
    cred = _credentials()[index]
    if suite == "Ed25519Signature2020":
        cred["@context"] = [*cred["@context"], ED2020_CONTEXT]
    ours = mc.sign(cred, KEY.signer(), created=CREATED, cryptosuite=suite)
    theirs = node({"op": "sign", "suite": suite, "credential": cred, "created": CREATED,
                   "publicKeyMultibase": KEY.public_key_multibase,
                   "secretKeyMultibase": KEY.export_secret_multibase(),
                   "privateKeyMultibase2020": _legacy_secret()})["signed"]
    assert theirs["proof"]["proofValue"] == ours["proof"]["proofValue"]
    assert theirs == ours
    # microcred verifies what the reference signed
    result = mc.verify(theirs, now=NOW)
    assert result.verified, result.as_dict()
    # the reference verifies what microcred signed
    answer = node({"op": "verify", "suite": suite, "credential": ours,
                   "now": "2025-01-01T00:00:00Z"})
    assert answer["verified"] is True, answer["error"]


def test_reference_rejects_tampered_microcred_credential(node: Any) -> None:
    ours = mc.sign(_credentials()[0], KEY.signer(), created=CREATED)
    ours["credentialSubject"]["achievement"]["name"] = "Forged Badge"
    answer = node({"op": "verify", "credential": ours, "now": "2025-01-01T00:00:00Z"})
    assert answer["verified"] is False
    assert not mc.verify(ours, now=NOW).verified


def test_legacy_eddsa_2022_from_the_reference_verifies_here(node: Any) -> None:
    """eddsa-2022 (the pre-REC name, @digitalbazaar/eddsa-2022-cryptosuite): microcred
    verifies it with the eddsa-rdfc-2022 algorithm, as the 1EdTech validator does."""
    cred = _credentials()[1]
    theirs = node({"op": "sign", "suite": "eddsa-2022", "credential": cred, "created": CREATED,
                   "publicKeyMultibase": KEY.public_key_multibase,
                   "secretKeyMultibase": KEY.export_secret_multibase()})["signed"]
    assert theirs["proof"]["cryptosuite"] == "eddsa-2022"
    result = mc.verify(theirs, now=NOW)
    assert result.verified, result.as_dict()
    assert not mc.verify(theirs, now=NOW, cryptosuites=["eddsa-rdfc-2022"]).verified


def test_vc11_ed25519signature2020_both_ways(node: Any) -> None:
    """The installed base: a VC 1.1 credential with an Ed25519Signature2020 proof."""
    cred = {"@context": ["https://www.w3.org/2018/credentials/v1", ED2020_CONTEXT],
            "id": "urn:uuid:5a7c1f0e-2b6d-4c3e-8f9a-0d1e2f3a4b5c",
            "type": ["VerifiableCredential"], "issuer": KEY.did,
            "issuanceDate": "2024-04-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:learner"}}
    ours = mc.sign(cred, KEY.signer(), created=CREATED, cryptosuite="Ed25519Signature2020")
    theirs = node({"op": "sign", "suite": "Ed25519Signature2020", "credential": cred,
                   "created": CREATED, "publicKeyMultibase": KEY.public_key_multibase,
                   "privateKeyMultibase2020": _legacy_secret()})["signed"]
    assert theirs == ours
    assert mc.verify(theirs, now=NOW).verified
    answer = node({"op": "verify", "suite": "Ed25519Signature2020", "credential": ours,
                   "now": "2025-01-01T00:00:00Z"})
    assert answer["verified"] is True, answer["error"]
