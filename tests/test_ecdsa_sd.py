"""ecdsa-sd-2023: base proof (issuer), derived proof (holder), verification (verifier).

Byte-exact against the W3C vc-di-ecdsa vectors (tests/vectors/ecdsa/ecdsa-sd-2023, both the
"employ" and the "prc" credentials): canonical N-Quads, HMAC-labelled N-Quads, the mandatory /
non-mandatory split, proof configuration and hashes, the whole signed base document (the
per-statement and base signatures are deterministic, RFC 6979, and equal the published ones),
the group indexes, the derived reveal document with its proof value, and the verifier's
intermediate data. Then bad input: tampered statements, label maps, indexes, CBOR, base proofs
shown to a verifier, wrong curves — failed checks, never exceptions.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import jsonld
from microcred._di import ecdsa_sd as sd
from microcred._di.suites import CRYPTOSUITES, DEFAULT_VERIFY_SUITES, ProofValueError, get_suite

VECTORS = Path(__file__).resolve().parent / "vectors" / "ecdsa"
SD = VECTORS / "ecdsa-sd-2023"
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)
CASES = {"employ": ("employmentAuth.json", "employMandatory.json", "employSelective.json"),
         "prc": ("prCredUnsigned.json", "prCredMandatory.json", "prCredSelective.json")}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


LOADER = jsonld.StaticLoader({"https://w3id.org/citizenship/v4rc1": _json(
    VECTORS / "contexts" / "citizenship-v4rc1.jsonld")})
MATERIAL = _json(SD / "SDKeyMaterial.json")
BASE_KEY = mc.EcdsaKey.from_secret_multibase(MATERIAL["baseKeyPair"]["secretKeyMultibase"])
PROOF_KEY = mc.EcdsaKey.from_secret_multibase(MATERIAL["proofKeyPair"]["secretKeyMultibase"])
HMAC_KEY = bytes.fromhex(MATERIAL["hmacKeyString"])


def _map(value: dict[str, Any]) -> list[list[Any]]:
    assert value["dataType"] == "Map"
    return [list(e) for e in value["value"]]


def _verify(doc: dict[str, Any]) -> mc.VerificationResult:
    return mc.verify(doc, loader=LOADER, now=NOW)


def _signature_code(doc: dict[str, Any]) -> str:
    check = _verify(doc).check("proof.0.signature")
    assert check is not None
    return check.code


@pytest.mark.parametrize("case", list(CASES))
def test_base_proof_byte_exact(case: str) -> None:
    doc_name, mandatory_name, _ = CASES[case]
    d = SD / case
    # the document the base proof signs (the "prc" unsigned file has another description:
    # the published base proof was made over this one)
    document = {k: v for k, v in _json(d / "addSignedSDBase.json").items() if k != "proof"}
    if case == "employ":
        assert document == _json(VECTORS / doc_name)
    mandatory = _json(VECTORS / mandatory_name)
    assert _json(d / "addBaseTransform.json")["mandatoryPointers"] == mandatory

    # canonical N-Quads, then with HMAC labels; the mandatory / non-mandatory split
    assert jsonld.canonicalize(document, loader=LOADER).splitlines(keepends=True) == _json(
        d / "addBaseDocCanon.json")
    grouped = sd.canonicalize_and_group(document, sd.hmac_label_map_factory(HMAC_KEY),
                                        {"mandatory": mandatory}, loader=LOADER)
    assert grouped.nquads == _json(d / "addBaseDocHMACCanon.json")
    transform = _json(d / "addBaseTransform.json")
    group = grouped.groups["mandatory"]
    assert [[k, v] for k, v in group.matching.items()] == _map(transform["mandatory"])
    assert [[k, v] for k, v in group.non_matching.items()] == _map(transform["nonMandatory"])

    # proof configuration and hashes
    suite = sd.ecdsa_sd_2023(mandatory, hmac_key=HMAC_KEY, proof_scoped_key=PROOF_KEY)
    config = _json(d / "addProofConfig.json")
    options = {k: v for k, v in config.items() if k != "@context"}
    canon_config = suite.proof_config(options, document, loader=LOADER)
    assert canon_config.decode() == (d / "addProofConfigCanon.txt").read_text(encoding="utf-8")
    hashes = _json(d / "addHashData.json")
    import hashlib

    assert hashlib.sha256(canon_config).hexdigest() == hashes["proofHash"]
    assert hashlib.sha256("".join(group.matching.values()).encode()).hexdigest() == (
        hashes["mandatoryHash"])

    # the signed base document, byte for byte (deterministic signatures equal the vector's)
    signed = mc.sign(document, BASE_KEY.signer(), cryptosuite=suite,
                     created=config["created"], loader=LOADER)
    expected = _json(d / "addSignedSDBase.json")
    assert signed == expected
    assert json.dumps(signed) == json.dumps(expected)
    raw = _json(d / "addRawBaseSignatureInfo.json")
    base = sd.BaseProofValue.parse(signed["proof"]["proofValue"])
    assert base.base_signature.hex() == raw["baseSignature"]
    assert [s.hex() for s in base.signatures] == raw["signatures"]
    assert "z" + mc.public_key_from_multibase(raw["publicKey"])[1].hex() != ""
    assert base.public_key == b"\x80\x24" + PROOF_KEY.public_key
    assert base.mandatory_pointers == raw["mandatoryPointers"]
    recovered = _json(d / "derivedRecoveredBaseData.json")
    assert base.hmac_key.hex() == recovered["hmacKey"]


@pytest.mark.parametrize("case", list(CASES))
def test_derived_proof_byte_exact(case: str) -> None:
    _, mandatory_name, selective_name = CASES[case]
    d = SD / case
    base = _json(d / "addSignedSDBase.json")
    mandatory = _json(VECTORS / mandatory_name)
    selective = _json(VECTORS / selective_name)

    unsecured = {k: v for k, v in base.items() if k != "proof"}
    grouped = sd.canonicalize_and_group(
        unsecured, sd.hmac_label_map_factory(HMAC_KEY),
        {"mandatory": mandatory, "selective": selective, "combined": mandatory + selective},
        loader=LOADER)
    indexes = _json(d / "derivedGroupIndexes.json")
    assert list(grouped.groups["combined"].matching) == indexes["combinedIndexes"]
    assert list(grouped.groups["mandatory"].matching) == indexes["mandatoryIndexes"]
    assert list(grouped.groups["mandatory"].non_matching) == indexes["nonMandatoryIndexes"]
    assert list(grouped.groups["selective"].matching) == indexes["selectiveIndexes"]

    derived = sd.derive_proof(base, selective, loader=LOADER)
    expected = _json(d / "derivedRevealDocument.json")
    assert derived == expected
    assert json.dumps(derived) == json.dumps(expected)
    assert {k: v for k, v in derived.items() if k != "proof"} == _json(
        d / "derivedUnsignedReveal.json")
    value = sd.DerivedProofValue.parse(derived["proof"]["proofValue"])
    assert value.mandatory_indexes == _json(
        d / "derivedAdjMandatoryIndexes.json")["adjMandatoryIndexes"]
    assert [s.hex() for s in value.signatures] == _json(
        d / "derivedAdjSignatures.json")["filteredSignatures"]
    disclosed = _json(d / "verifyDerivedProofValue.json")
    assert [list(e) for e in value.label_map.items()] == disclosed["labelMap"]
    assert value.serialize() == derived["proof"]["proofValue"]


@pytest.mark.parametrize("case", list(CASES))
def test_verifier_data_and_verdict(case: str) -> None:
    d = SD / case
    derived = _json(d / "derivedRevealDocument.json")
    unsecured = {k: v for k, v in derived.items() if k != "proof"}
    suite = get_suite("ecdsa-sd-2023")
    proof = derived["proof"]
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    canonical = suite.transform(unsecured, loader=LOADER)
    config = suite.proof_config(options, unsecured, loader=LOADER)
    data = sd.create_verify_data(sd.DerivedProofValue.parse(proof["proofValue"]), canonical,
                                 config)
    assert data is not None
    expected = _json(d / "verifyCreateVerifyData.json")
    assert data.proof_hash.hex() == expected["proofHash"]
    assert data.mandatory_hash.hex() == expected["mandatoryHash"]
    assert data.non_mandatory == expected["nonMandatory"]
    assert [s.hex() for s in data.signatures] == expected["signatures"]
    assert suite.verify_hash(suite.hash(canonical, config), proof["proofValue"],
                             BASE_KEY.resolved())
    assert _signature_code(derived) == "signature-valid"


# -- through sign() / derive_proof() / verify() with an OB 3.0 credential ---------------------

def _ob3(key: mc.EcdsaKey) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:3c6a1e52-8f0b-4b0e-a7c4-2d9e1f0a5b61",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": key.did, "type": ["Profile"], "name": "Example University"},
        "validFrom": "2024-04-01T00:00:00Z",
        "name": "Data Literacy",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "hashed": False,
                            "identityHash": "learner@example.edu", "identityType": "emailAddress"}],
            "achievement": {"id": "https://example.edu/achievements/data-literacy",
                            "type": ["Achievement"], "name": "Data Literacy",
                            "description": "Reads and questions charts.",
                            "criteria": {"narrative": "Passed the final assessment."}},
            "result": [{"type": ["Result"], "value": "A"},
                       {"type": ["Result"], "value": "92"}],
        },
    }


MANDATORY = ["/issuer", "/validFrom", "/credentialSubject/achievement"]
KEY = mc.EcdsaKey.from_secret_bytes(bytes(range(40, 72)), curve="P-256")


@pytest.fixture(scope="module")
def base_ob3() -> dict[str, Any]:
    return mc.sign(_ob3(KEY), KEY.signer(), cryptosuite=mc.ecdsa_sd_2023(MANDATORY),
                   created="2024-04-01T00:00:00Z")


def test_ob3_reveal_the_achievement_hide_the_grades(base_ob3: dict[str, Any]) -> None:
    derived = mc.derive_proof(base_ob3, ["/credentialSubject/identifier"])
    subject = derived["credentialSubject"]
    assert "result" not in subject  # grades hidden
    assert subject["achievement"]["name"] == "Data Literacy"
    assert subject["identifier"][0]["identityHash"] == "learner@example.edu"
    assert "name" not in derived  # not mandatory, not selected
    result = mc.verify(derived, now=NOW)
    assert result.verified, result.as_dict()
    # only the mandatory statements
    minimal = mc.derive_proof(base_ob3, [])
    assert "identifier" not in minimal["credentialSubject"]
    assert mc.verify(minimal, now=NOW).verified
    # everything
    full = mc.derive_proof(base_ob3, ["/name", "/credentialSubject/result",
                                      "/credentialSubject/identifier"])
    assert full["credentialSubject"]["result"][1]["value"] == "92"
    assert mc.verify(full, now=NOW).verified


def test_tampered_derived_documents_fail(base_ob3: dict[str, Any]) -> None:
    derived = mc.derive_proof(base_ob3, ["/credentialSubject/result/0"])
    assert derived["credentialSubject"]["result"] == [{"type": ["Result"], "value": "A"}]
    assert _signature_code(derived) == "signature-valid"

    changed = json.loads(json.dumps(derived))
    changed["credentialSubject"]["result"][0]["value"] = "A+"
    assert _signature_code(changed) == "signature-invalid"

    mandatory_changed = json.loads(json.dumps(derived))
    mandatory_changed["credentialSubject"]["achievement"]["name"] = "Something else"
    assert _signature_code(mandatory_changed) == "signature-invalid"

    added = json.loads(json.dumps(derived))
    added["credentialSubject"]["result"].append({"type": ["Result"], "value": "92"})
    assert _signature_code(added) == "signature-invalid"

    removed = json.loads(json.dumps(derived))
    del removed["credentialSubject"]["result"]
    assert _signature_code(removed) == "signature-invalid"


def _with_value(doc: dict[str, Any], parts: list[Any], header: bytes = sd.DERIVED_HEADER
                ) -> dict[str, Any]:
    out = json.loads(json.dumps(doc))
    out["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(
        header + cbor2.dumps(parts)).rstrip(b"=").decode()
    return out


def test_tampered_proof_values_fail(base_ob3: dict[str, Any]) -> None:
    derived = mc.derive_proof(base_ob3, ["/credentialSubject/result/0"])
    v = sd.DerivedProofValue.parse(derived["proof"]["proofValue"])
    compressed = {int(k[4:]): base64.urlsafe_b64decode(val[1:] + "=") for k, val
                  in v.label_map.items()}
    parts = [v.base_signature, v.public_key, v.signatures, compressed, v.mandatory_indexes]
    assert _signature_code(_with_value(derived, parts)) == "signature-valid"
    # a swapped label map, other mandatory indexes, a dropped or swapped signature
    if len(compressed) >= 2:
        keys = sorted(compressed)
        swapped = {**compressed, keys[0]: compressed[keys[1]], keys[1]: compressed[keys[0]]}
        assert _signature_code(_with_value(derived, [*parts[:3], swapped, parts[4]])) == (
            "signature-invalid")
    assert _signature_code(_with_value(derived, [*parts[:3], {}, parts[4]])) == (
        "signature-invalid")
    assert _signature_code(_with_value(derived, [*parts[:4], parts[4][1:]])) == (
        "signature-invalid")
    assert _signature_code(_with_value(derived, [*parts[:4], [*parts[4], 999]])) == (
        "signature-valid")  # an index past the end names no statement (as the reference)
    assert _signature_code(_with_value(derived, [*parts[:2], parts[2][:-1], *parts[3:]])) == (
        "signature-invalid")
    assert _signature_code(_with_value(derived, [*parts[:2], parts[2][::-1], *parts[3:]])) in (
        "signature-invalid", "signature-valid" if len(parts[2]) < 2 else "signature-invalid")
    other_scoped = b"\x80\x24" + mc.EcdsaKey.generate().public_key
    assert _signature_code(_with_value(derived, [parts[0], other_scoped, *parts[2:]])) == (
        "signature-invalid")
    # malformed: wrong shapes, sizes, types, tags, trailing bytes, headers, encodings
    malformed: list[dict[str, Any]] = [
        _with_value(derived, parts[:4]),
        _with_value(derived, [parts[0][:63], *parts[1:]]),
        _with_value(derived, [parts[0], parts[1][:34], *parts[2:]]),
        _with_value(derived, [parts[0], b"\x80\x24" + bytes(33), *parts[2:]]),  # not a point
        _with_value(derived, [*parts[:2], [b"x" * 63], *parts[3:]]),
        _with_value(derived, [*parts[:3], {"c14n0": b"x" * 32}, parts[4]]),
        _with_value(derived, [*parts[:3], {0: b"x" * 31}, parts[4]]),
        _with_value(derived, [*parts[:4], ["0"]]),
        _with_value(derived, [cbor2.CBORTag(64, parts[0]), *parts[1:]]),
        _with_value(derived, parts, header=b"\xd9\x5d\x02"),
    ]
    trailing = json.loads(json.dumps(derived))
    trailing["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(
        sd.DERIVED_HEADER + cbor2.dumps(parts) + b"\x00").rstrip(b"=").decode()
    malformed.append(trailing)
    for text in ("z" + derived["proof"]["proofValue"][1:], "u!!", "u", "uAAAA"):
        bad = json.loads(json.dumps(derived))
        bad["proof"]["proofValue"] = text
        malformed.append(bad)
    for doc in malformed:
        result = _verify(doc)
        assert not result.verified
        check = result.check("proof.0.signature")
        assert check is not None and check.code == "malformed-proof-value", check


def test_base_proofs_are_for_the_holder(base_ob3: dict[str, Any]) -> None:
    result = mc.verify(base_ob3, now=NOW)
    assert not result.verified
    check = result.check("proof.0.signature")
    assert check is not None and check.code == "malformed-proof-value"
    assert "base proof" in check.message
    with pytest.raises(ProofValueError, match="base proof"):
        sd.DerivedProofValue.parse(base_ob3["proof"]["proofValue"])


def test_keys_and_curves() -> None:
    suite = get_suite("ecdsa-sd-2023")
    assert "ecdsa-sd-2023" in CRYPTOSUITES and "ecdsa-sd-2023" in DEFAULT_VERIFY_SUITES
    assert suite.key_problem(KEY.resolved()) is None
    problem = suite.key_problem(mc.EcdsaKey.generate("P-384").resolved())
    assert problem is not None and problem[0] == "wrong-curve"
    problem = suite.key_problem(mc.Ed25519Key.from_seed(bytes(32)).resolved())
    assert problem is not None and problem[0] == "wrong-key-type"
    with pytest.raises(mc.SigningError, match="P-256"):
        mc.sign(_ob3(KEY), mc.EcdsaKey.generate("P-384").signer(),
                cryptosuite=mc.ecdsa_sd_2023(MANDATORY))
    with pytest.raises(mc.UnknownCryptosuiteError):
        suite.for_curve("P-384")  # type: ignore[attr-defined]


def test_holder_errors(base_ob3: dict[str, Any]) -> None:
    with pytest.raises(mc.SigningError, match="does not match"):
        mc.derive_proof(base_ob3, ["/credentialSubject/nothing"])
    with pytest.raises(mc.SigningError, match="JSON pointer"):
        mc.derive_proof(base_ob3, ["credentialSubject"])
    with pytest.raises(mc.SigningError, match="exactly one"):
        mc.derive_proof({k: v for k, v in base_ob3.items() if k != "proof"}, ["/name"])
    with pytest.raises(mc.SigningError, match="exactly one"):
        mc.derive_proof(base_ob3, ["/name"], proof_id="urn:other")
    bare = mc.sign(_ob3(KEY), KEY.signer(), cryptosuite="ecdsa-sd-2023",
                   created="2024-04-01T00:00:00Z")
    with pytest.raises(mc.SigningError, match="nothing selected"):
        mc.derive_proof(bare, [])
    assert mc.verify(mc.derive_proof(bare, ["/issuer", "/validFrom",
                                            "/credentialSubject/achievement"]),
                     now=NOW).verified
    with pytest.raises(mc.SigningError, match="JSON pointer"):
        mc.ecdsa_sd_2023(["no-slash"])


def test_pointer_parsing() -> None:
    assert sd.json_pointer_paths("") == []
    assert sd.json_pointer_paths("/a~1b/~0c/0/x1") == ["a/b", "~c", 0, "x1"]
    with pytest.raises(mc.SigningError):
        sd.json_pointer_paths("/a~2")
    doc = {"@context": "x", "id": "urn:a", "type": "T", "list": [{"id": "_:b", "type": "U",
                                                                   "v": 1, "w": 2}, 5, 6]}
    assert sd.select_json_ld(["/list/2", "/list/0/w"], doc) == {
        "@context": "x", "id": "urn:a", "type": "T", "list": [{"type": "U", "w": 2}, 6]}
    assert sd.select_json_ld([], doc) is None
    assert sd.select_json_ld([""], doc) == doc


# -- properties ----------------------------------------------------------------------------------

_SELECTABLE = ["/name", "/credentialSubject/result", "/credentialSubject/result/0",
               "/credentialSubject/result/1", "/credentialSubject/identifier",
               "/credentialSubject/identifier/0/identityHash", "/issuer/name"]


@settings(max_examples=12, deadline=None)
@given(st.lists(st.sampled_from(_SELECTABLE), max_size=4, unique=True))
def test_any_selection_verifies_and_reveals_only_what_was_asked(pointers: list[str]) -> None:
    base = mc.sign(_ob3(KEY), KEY.signer(), cryptosuite=mc.ecdsa_sd_2023(MANDATORY),
                   created="2024-04-01T00:00:00Z")
    derived = mc.derive_proof(base, pointers)
    assert mc.verify(derived, now=NOW).verified
    if not any(p.startswith("/credentialSubject/result") for p in pointers):
        assert "result" not in derived["credentialSubject"]
    if "/name" not in pointers:
        assert "name" not in derived


_DERIVED_FOR_FUZZ: dict[str, Any] = {}


def _fuzz_base() -> dict[str, Any]:
    if not _DERIVED_FOR_FUZZ:
        base = mc.sign(_ob3(KEY), KEY.signer(), cryptosuite=mc.ecdsa_sd_2023(MANDATORY),
                       created="2024-04-01T00:00:00Z")
        _DERIVED_FOR_FUZZ.update(mc.derive_proof(base, ["/credentialSubject/result/0"]))
    return json.loads(json.dumps(_DERIVED_FOR_FUZZ))


@settings(max_examples=40, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7),
       cut=st.booleans())
def test_mutated_derived_proof_values_never_verify_nor_raise(position: int, bit: int,
                                                            cut: bool) -> None:
    doc = _fuzz_base()
    raw = bytearray(base64.urlsafe_b64decode(doc["proof"]["proofValue"][1:] + "=="))
    position %= len(raw)
    if cut:
        del raw[position:]
    else:
        raw[position] ^= 1 << bit
    doc["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(bytes(raw)).rstrip(
        b"=").decode()
    result = mc.verify(doc, now=NOW)  # never raises
    assert not result.verified
    check = result.check("proof.0.signature")
    assert check is not None and check.code in ("malformed-proof-value", "signature-invalid")


def test_base_proof_through_an_hsm_style_signer() -> None:
    """The issuer's key can stay in an HSM: only the base signature needs it."""
    signer = mc.CryptographySigner(KEY.private_key)
    base = mc.sign(_ob3(KEY), signer, cryptosuite=mc.ecdsa_sd_2023(MANDATORY),
                   created="2024-04-01T00:00:00Z")
    assert mc.verify(mc.derive_proof(base, ["/name"]), now=NOW).verified


def test_tampered_mandatory_pointers_in_the_base_proof(base_ob3: dict[str, Any]) -> None:
    """A holder who edits the base proof's mandatory pointers (to hide a mandatory statement
    or to change the mandatory set) gets a derived proof that does not verify."""
    base = sd.BaseProofValue.parse(base_ob3["proof"]["proofValue"])
    for pointers in (["/issuer", "/validFrom"], [*MANDATORY, "/name"],
                     ["/issuer", "/validFrom", "/credentialSubject/achievement/name"]):
        edited = json.loads(json.dumps(base_ob3))
        edited["proof"]["proofValue"] = sd.BaseProofValue(
            base.base_signature, base.public_key, base.hmac_key, base.signatures,
            pointers).serialize()
        derived = mc.derive_proof(edited, ["/credentialSubject/result/0"])
        assert _signature_code(derived) == "signature-invalid", pointers
