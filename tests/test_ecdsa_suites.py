"""ecdsa-rdfc-2019 and ecdsa-jcs-2019 (W3C Data Integrity ECDSA Cryptosuites v1.0), P-256 and P-384.

Byte-exact against the W3C vectors (tests/vectors/ecdsa, see SOURCES.md there): canonical
document, canonical proof configuration, both hashes, the combined hash, the signature (signing
is deterministic, RFC 6979, and reproduces the published signatures) and the whole signed
document; the published signatures verify. Then bad input: wrong key types and curves, DER,
truncated and malformed signatures, invalid points — a failed check, never an exception.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from hypothesis import given, settings
from hypothesis import strategies as st
from multiformats import multibase

import microcred as mc
from _vectors import REFERENCE
from microcred import jsonld
from microcred._di.keys import CURVES
from microcred._di.suites import (
    CRYPTOSUITES,
    DEFAULT_VERIFY_SUITES,
    EcdsaCryptosuite,
    ProofValueError,
    decode_proof_value,
    get_suite,
    suite_for_proof,
)

VECTORS = Path(__file__).resolve().parent / "vectors" / "ecdsa"
REF = REFERENCE
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)

#: (directory, file suffix, suite, key pair, curve)
CASES = {
    "rdfc-p256": ("ecdsa-rdfc-2019-p256", "ECDSAP256", "ecdsa-rdfc-2019", "p256KeyPair.json"),
    "rdfc-p384": ("ecdsa-rdfc-2019-p384", "ECDSAP384", "ecdsa-rdfc-2019", "p384KeyPair.json"),
    "jcs-p256": ("ecdsa-jcs-2019-p256", "JCSECDSAP256", "ecdsa-jcs-2019", "p256KeyPair.json"),
    "jcs-p384": ("ecdsa-jcs-2019-p384", "JCSECDSAP384", "ecdsa-jcs-2019", "p384KeyPair.json"),
}


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def loader() -> Any:
    """Bundled contexts + the VC examples context (from the W3C vc-data-model snapshot)."""
    path = REF / "w3c-vc-data-model" / "contexts" / "credentials-examples-v2.jsonld"
    if not path.exists():
        pytest.skip(f"reference data {path} not available")
    return jsonld.StaticLoader({EXAMPLES_V2: _json(path)})


def _key(pair: str) -> mc.EcdsaKey:
    return mc.EcdsaKey.from_secret_multibase(_json(VECTORS / pair)["secretKeyMultibase"])


def _split(signed: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return {k: v for k, v in signed.items() if k != "proof"}, signed["proof"]


# -- byte-exact vectors -------------------------------------------------------------------------

@pytest.mark.parametrize("case", list(CASES))
def test_vector_intermediates_byte_exact(case: str, loader: Any) -> None:
    folder, sfx, name, pair = CASES[case]
    d = VECTORS / folder
    key = _key(pair)
    unsecured, proof = _split(_json(d / f"signed{sfx}.json"))
    config = _json(d / f"proofConfig{sfx}.json")
    assert config["@context"] == unsecured["@context"]
    assert {k: v for k, v in proof.items() if k not in ("proofValue", "@context")} == {
        k: v for k, v in config.items() if k != "@context"}
    suite = get_suite(name).for_key(key.resolved())
    assert isinstance(suite, EcdsaCryptosuite) and suite.curve == key.curve
    h = hashlib.sha256 if key.curve == "P-256" else hashlib.sha384
    options = {k: v for k, v in proof.items() if k != "proofValue"}

    canon_doc = suite.canonical(suite.transform(unsecured, loader=loader))
    assert canon_doc.decode() == _text(d / f"canonDoc{sfx}.txt")
    canon_proof = suite.canonical(suite.proof_config(options, unsecured, loader=loader))
    assert canon_proof.decode() == _text(d / f"proofCanon{sfx}.txt")
    assert h(canon_doc).hexdigest() == _text(d / f"docHash{sfx}.txt").strip()
    assert h(canon_proof).hexdigest() == _text(d / f"proofHash{sfx}.txt").strip()
    combined = suite.hash(canon_doc, canon_proof)
    assert combined.hex() == _text(d / f"combinedHash{sfx}.txt").strip()
    assert len(combined) == 2 * CURVES[key.curve].size

    # the published signature verifies; deterministic signing reproduces it exactly
    sig_hex = _text(d / f"sigHex{sfx}.txt").strip()
    assert multibase.decode(proof["proofValue"]).hex() == sig_hex
    assert _text(d / f"sigBTC58{sfx}.txt").strip() == proof["proofValue"]
    assert suite.verify_hash(combined, proof["proofValue"], key.resolved())
    assert key.resolved().verify_ecdsa(combined, bytes.fromhex(sig_hex))
    assert suite.sign_hash(combined, key.signer()) == proof["proofValue"]


@pytest.mark.parametrize("case", list(CASES))
def test_sign_reproduces_the_signed_vector(case: str, loader: Any) -> None:
    folder, sfx, name, pair = CASES[case]
    signed = _json(VECTORS / folder / f"signed{sfx}.json")
    unsecured, proof = _split(signed)
    key = _key(pair)
    out = mc.sign(unsecured, key.signer(), cryptosuite=name, created=proof["created"],
                  loader=loader)
    assert out == signed
    assert json.dumps(out) == json.dumps(signed)  # member order too
    # an HSM-style signer over a cryptography key object gives the same proof (it verifies;
    # cryptography's own signing is randomised, so the value differs)
    hsm = mc.CryptographySigner(key.private_key)
    other = mc.sign(unsecured, hsm, cryptosuite=name, created=proof["created"], loader=loader)
    suite = get_suite(name)
    p = other["proof"]
    opts = {k: v for k, v in p.items() if k != "proofValue"}
    doc = suite.jcs_unsecured_for_verify(unsecured, opts) if suite.canonicalization == "jcs" \
        else unsecured
    assert doc is not None
    hash_data = suite.hash(suite.transform(doc, loader=loader),
                           suite.proof_config(opts, unsecured, loader=loader))
    assert suite.verify_hash(hash_data, p["proofValue"], key.resolved())


CITIZENSHIP_V4RC1 = "https://w3id.org/citizenship/v4rc1"


@pytest.fixture(scope="module")
def citizenship_loader() -> Any:
    """The citizenship v4rc1 context of the 'employ' and ecdsa-sd-2023 documents."""
    return jsonld.StaticLoader({CITIZENSHIP_V4RC1: _json(
        VECTORS / "contexts" / "citizenship-v4rc1.jsonld")})


@pytest.mark.parametrize(("folder", "sfx", "pair"), [
    ("ecdsa-rdfc-2019-p256/employ", "ECDSAP256", "p256KeyPair.json"),
    ("ecdsa-rdfc-2019-p384/employ", "ECDSAP384", "p384KeyPair.json"),
])
def test_employ_vectors_byte_exact(folder: str, sfx: str, pair: str,
                                   citizenship_loader: Any) -> None:
    """The 'employ' documents have blank nodes: for P-384 their labels come from the SHA-384
    RDFC-1.0 run (vc-di-ecdsa §3), and the published canonical form agrees."""
    d = VECTORS / folder
    key = _key(pair)
    suite = get_suite("ecdsa-rdfc-2019").for_key(key.resolved())
    assert isinstance(suite, EcdsaCryptosuite)
    signed = _json(d / f"signed{sfx}.json")
    unsecured, proof = _split(signed)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    canon_doc = suite.canonical(suite.transform(unsecured, loader=citizenship_loader))
    assert canon_doc.decode() == _text(d / f"canonDoc{sfx}.txt")
    assert "_:c14n" in canon_doc.decode()
    canon_proof = suite.canonical(suite.proof_config(options, unsecured,
                                                     loader=citizenship_loader))
    assert canon_proof.decode() == _text(d / f"proofCanon{sfx}.txt")
    combined = suite.hash(canon_doc, canon_proof)
    assert combined.hex() == _text(d / f"combinedHash{sfx}.txt").strip()
    assert suite.verify_hash(combined, proof["proofValue"], key.resolved())
    assert suite.sign_hash(combined, key.signer()) == _text(d / f"sigBTC58{sfx}.txt").strip()
    assert mc.sign(unsecured, key.signer(), cryptosuite="ecdsa-rdfc-2019",
                   created=proof["created"], loader=citizenship_loader) == signed


def test_p384_rdfc_labels_blank_nodes_with_sha384() -> None:
    """vc-di-ecdsa §3: RDFC-1.0 uses SHA-384 for P-384 keys. With two blank nodes whose
    first-degree hashes order differently under SHA-256 and SHA-384 the labels differ; the
    P-384 suite's canonical form is the SHA-384 canonicalisation (also as DB's JS does it,
    with messageDigestAlgorithm)."""
    suite = get_suite("ecdsa-rdfc-2019")
    assert isinstance(suite, EcdsaCryptosuite)
    for n in range(40):
        nquads = (f'_:a <http://ex.org/p> "{n}" .\n_:b <http://ex.org/p> "x{n}" .\n'
                  '_:a <http://ex.org/q> _:b .\n')
        sha256 = jsonld.canonicalize_nquads(nquads)
        sha384 = jsonld.canonicalize_nquads(nquads, hash_algorithm="sha384")
        if sha256 != sha384:
            break
    else:  # pragma: no cover
        raise AssertionError("no example where the labels differ")
    p384 = suite.for_curve("P-384")
    assert p384.canonical(sha256.encode()) == sha384.encode()
    assert suite.for_curve("P-256").canonical(sha256.encode()) == sha256.encode()
    # and the combined hash uses the SHA-384 labels and SHA-384
    config = b'_:c14n0 <http://ex.org/p> "c" .\n'
    assert p384.hash(sha256.encode(), config) == (
        hashlib.sha384(config).digest() + hashlib.sha384(sha384.encode()).digest())
    # the curve-neutral suite redoes it for a P-384 key
    key = mc.EcdsaKey.generate("P-384")
    deferred = suite.hash(sha256.encode(), config)
    assert len(deferred) == 64
    pv = suite.sign_hash(deferred, key.signer())
    assert p384.verify_hash(p384.hash(sha256.encode(), config), pv, key.resolved())
    assert suite.verify_hash(deferred, pv, key.resolved())


def test_suites_are_registered_and_allowed_by_default() -> None:
    for name in ("ecdsa-rdfc-2019", "ecdsa-jcs-2019"):
        assert name in CRYPTOSUITES and name in DEFAULT_VERIFY_SUITES
        suite = suite_for_proof({"type": "DataIntegrityProof", "cryptosuite": name})
        assert suite.name == name and suite.can_sign
    suite = get_suite("ecdsa-rdfc-2019")
    assert isinstance(suite, EcdsaCryptosuite)
    assert suite.for_curve("P-384").for_curve("P-384") is suite.for_curve("P-384")
    with pytest.raises(mc.UnknownCryptosuiteError):
        suite.for_curve("P-521")
    # Ed25519 suites are their own for_key
    ed = get_suite("eddsa-rdfc-2022")
    assert ed.for_key(mc.Ed25519Key.from_seed(bytes(32)).resolved()) is ed


# -- key_problem ---------------------------------------------------------------------------------

def _codes(suite_name: str, key: mc.ResolvedKey) -> str | None:
    problem = get_suite(suite_name).key_problem(key)
    if problem is not None:
        assert len(problem) == 3 and all(isinstance(p, str) and p for p in problem)
    return None if problem is None else problem[0]


def test_key_problem_codes() -> None:
    p256, p384 = mc.EcdsaKey.generate("P-256"), mc.EcdsaKey.generate("P-384")
    ed = mc.Ed25519Key.from_seed(bytes(32))
    rsa = mc.ResolvedKey.from_jwk("x#1", {"kty": "RSA", "n": "AQAB", "e": "AQAB"})
    k1 = mc.ResolvedKey.from_jwk("x#1", {"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"})
    p521 = mc.ResolvedKey.from_jwk("x#1", {"kty": "EC", "crv": "P-521", "x": "AA", "y": "AA"})
    off_curve = mc.ResolvedKey.from_jwk("x#1", {**p256.public_jwk, "y": p256.public_jwk["x"]})
    legacy_type = mc.ResolvedKey(id="x#1", controller="x", type="EcdsaSecp256k1VerificationKey2019",
                                 public_key_multibase=p256.public_key_multibase)
    for name in ("ecdsa-rdfc-2019", "ecdsa-jcs-2019"):
        assert _codes(name, p256.resolved()) is None
        assert _codes(name, p384.resolved()) is None
        assert _codes(name, mc.ResolvedKey.from_jwk("x#1", p384.public_jwk)) is None
        assert _codes(name, ed.resolved()) == "wrong-key-type"
        assert _codes(name, rsa) == "wrong-key-type"
        assert _codes(name, k1) == "wrong-curve"
        assert _codes(name, p521) == "wrong-curve"
        assert _codes(name, off_curve) == "invalid-public-key"
        assert _codes(name, legacy_type) == "wrong-key-type"
        for header, code in ((b"\xe7\x01", "wrong-curve"), (b"\x82\x24", "wrong-curve"),
                             (b"\x12\x34", "wrong-key-type")):
            odd = mc.ResolvedKey(id="x#1", controller="x", public_key_multibase=multibase.encode(
                header + b"\x02" + bytes(32), "base58btc"))
            assert _codes(name, odd) == code
        garbled = mc.ResolvedKey(id="x#1", controller="x", public_key_multibase="zDn0OIl")
        assert _codes(name, garbled) == "invalid-public-key"
        bound = get_suite(name)
        assert isinstance(bound, EcdsaCryptosuite)
        problem = bound.for_curve("P-256").key_problem(p384.resolved())
        assert problem is not None and problem[0] == "wrong-curve"
    for name in ("eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020", "eddsa-2022"):
        assert _codes(name, ed.resolved()) is None
        assert _codes(name, p256.resolved()) == "wrong-key-type"
        assert _codes(name, rsa) == "wrong-key-type"
        mb = multibase.encode(b"\xed\x01" + bytes(31) + b"\x80", "base58btc")
        bad = mc.ResolvedKey(id="x#1", controller="x", public_key_multibase=mb)
        assert _codes(name, bad) == "invalid-public-key"


# -- bad signatures ------------------------------------------------------------------------------

def _verdict(suite: Any, hash_data: bytes, value: Any, key: mc.ResolvedKey) -> bool | str:
    """verify_hash's answer: True/False, or "malformed" for its one exception."""
    try:
        return bool(suite.verify_hash(hash_data, value, key))
    except ProofValueError:
        return "malformed"


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
def test_bad_proof_values_fail_without_exceptions(curve: str) -> None:
    key = mc.EcdsaKey.generate(curve)
    other = mc.EcdsaKey.generate("P-384" if curve == "P-256" else "P-256")
    resolved = key.resolved()
    c = CURVES[curve]
    for name in ("ecdsa-rdfc-2019", "ecdsa-jcs-2019"):
        suite = get_suite(name)
        assert isinstance(suite, EcdsaCryptosuite)
        bound = suite.for_curve(curve)
        hash_data = bound.hash(b"doc", b"config")
        pv = suite.sign_hash(hash_data, key.signer())
        sig = multibase.decode(pv)
        assert len(sig) == 2 * c.size
        assert suite.verify_hash(hash_data, pv, resolved)
        r, s = int.from_bytes(sig[:c.size], "big"), int.from_bytes(sig[c.size:], "big")
        der = multibase.encode(encode_dss_signature(r, s), "base58btc")
        high_s = multibase.encode(sig[:c.size] + (c.order - s).to_bytes(c.size, "big"),
                                  "base58btc")
        assert suite.verify_hash(hash_data, high_s, resolved)  # high-S accepted (FIPS 186-5)
        bad_values: list[Any] = [
            der, pv[:-2], pv + "1", "u" + pv[1:], "z", "", "z0OIl", None, 42, ["x"],
            multibase.encode(bytes(2 * c.size), "base58btc"),  # r = s = 0
            multibase.encode(sig[:c.size] + c.order.to_bytes(c.size, "big"), "base58btc"),
            multibase.encode(sig + b"\0", "base58btc"),
        ]
        for bad in bad_values:
            assert _verdict(suite, hash_data, bad, resolved) in (False, "malformed"), bad
        for malformed in (der, pv[:-2], "u" + pv[1:], None, 42):
            assert _verdict(suite, hash_data, malformed, resolved) == "malformed", malformed
        with pytest.raises(ProofValueError, match="DER"):
            suite.decode_proof_value(der, resolved)
        # right signature, wrong data / key / curve / key type
        assert not suite.verify_hash(bound.hash(b"doc", b"other"), pv, resolved)
        assert _verdict(suite, hash_data, pv, other.resolved()) in (False, "malformed")
        assert not suite.for_curve(other.curve).verify_hash(hash_data, pv, resolved)
        assert not suite.verify_hash(hash_data, pv, mc.Ed25519Key.from_seed(bytes(32)).resolved())
        off = mc.ResolvedKey.from_jwk("x#1", {**key.public_jwk, "y": key.public_jwk["x"]})
        assert not suite.verify_hash(hash_data, pv, off)


def test_signing_errors() -> None:
    suite = get_suite("ecdsa-rdfc-2019")
    assert isinstance(suite, EcdsaCryptosuite)
    h = suite.hash(b"d", b"c")
    with pytest.raises(mc.SigningError, match="ECDSA signer"):
        suite.sign_hash(h, mc.Ed25519Key.from_seed(bytes(32)).signer())
    with pytest.raises(mc.SigningError, match="bound to P-256"):
        suite.for_curve("P-256").sign_hash(h, mc.EcdsaKey.generate("P-384").signer())

    class DerSigner:
        algorithm = "ES256"
        verification_method = "https://ex.edu/i#k"

        def __init__(self) -> None:
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.asymmetric import ec

            self._key = ec.generate_private_key(ec.SECP256R1())
            self._alg = ec.ECDSA(hashes.SHA256())

        def sign(self, data: bytes) -> bytes:
            return self._key.sign(data, self._alg)  # DER: refused

    with pytest.raises(mc.SigningError, match="P1363"):
        suite.sign_hash(h, DerSigner())
    with pytest.raises(mc.SigningError, match="ECDSA"):
        mc.sign(_credential({}), mc.Ed25519Key.from_seed(bytes(32)).signer(),
                cryptosuite="ecdsa-jcs-2019")
    # Ed25519 suites refuse ECDSA signers as before
    with pytest.raises(mc.SigningError):
        get_suite("eddsa-rdfc-2022").sign_hash(b"x" * 64, mc.EcdsaKey.generate().signer())


def test_module_level_proof_value_shape() -> None:
    assert len(decode_proof_value(multibase.encode(bytes(96), "base58btc"))) == 96
    with pytest.raises(ProofValueError):
        decode_proof_value(multibase.encode(bytes(72), "base58btc"))
    ed = get_suite("eddsa-rdfc-2022")
    with pytest.raises(ProofValueError, match="64"):
        ed.decode_proof_value(multibase.encode(bytes(96), "base58btc"))
    key = mc.Ed25519Key.from_seed(bytes(32))
    assert _verdict(ed, b"x", "not base58", key.resolved()) == "malformed"
    assert _verdict(ed, b"x", multibase.encode(bytes(96), "base58btc"),
                    key.resolved()) == "malformed"
    assert _verdict(ed, b"x", multibase.encode(bytes(64), "base58btc"), key.resolved()) is False
    assert _verdict(ed, b"x", multibase.encode(bytes(64), "base58btc"),
                    mc.EcdsaKey.generate().resolved()) is False


# -- properties ----------------------------------------------------------------------------------

def _credential(subject: dict[str, Any]) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"], "issuer": "https://ex.edu/issuers/1",
            "credentialSubject": {"id": "did:example:learner", **subject}}


_KEYS = {"P-256": mc.EcdsaKey.from_secret_bytes(bytes(range(2, 34)), curve="P-256"),
         "P-384": mc.EcdsaKey.from_secret_bytes(bytes(range(2, 50)), curve="P-384")}
_json_scalars = st.one_of(st.text(max_size=12), st.integers(-10**6, 10**6), st.booleans())


@settings(max_examples=25, deadline=None)
@given(curve=st.sampled_from(["P-256", "P-384"]),
       claims=st.dictionaries(st.from_regex(r"x[a-z]{1,8}", fullmatch=True), _json_scalars,
                              max_size=5),
       tamper=st.booleans())
def test_jcs_sign_verify_property(curve: str, claims: dict[str, Any], tamper: bool) -> None:
    """Any JCS-signed document's proof verifies with its key; any change to the document or the
    other curve's key makes it fail."""
    key = _KEYS[curve]
    doc = _credential(claims)
    # (the claims are undefined terms: a JCS signature test, so signed as a fixture)
    signed = mc.sign(doc, key.signer(), cryptosuite="ecdsa-jcs-2019",
                     created="2025-01-01T00:00:00Z", check_data_model=False)
    unsecured, proof = _split(signed)
    if tamper:
        unsecured = {**unsecured, "credentialSubject": {**unsecured["credentialSubject"],
                                                        "zz": "tampered"}}
    suite = get_suite("ecdsa-jcs-2019")
    opts = {k: v for k, v in proof.items() if k != "proofValue"}
    jdoc = suite.jcs_unsecured_for_verify(unsecured, opts)
    assert jdoc is not None
    hash_data = suite.for_key(key.resolved()).hash(suite.transform(jdoc),
                                                   suite.proof_config(opts, unsecured))
    assert suite.verify_hash(hash_data, proof["proofValue"], key.resolved()) is (not tamper)
    other = _KEYS["P-384" if curve == "P-256" else "P-256"]
    assert _verdict(suite, hash_data, proof["proofValue"], other.resolved()) in (
        False, "malformed")


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=120).map(
    lambda b: multibase.encode(b, "base58btc") if b else "z")))
def test_arbitrary_proof_values_never_raise(value: str) -> None:
    for curve, key in _KEYS.items():
        suite = get_suite("ecdsa-rdfc-2019")
        assert isinstance(suite, EcdsaCryptosuite)
        h = suite.for_curve(curve).hash(b"d", b"c")
        assert _verdict(suite, h, value, key.resolved()) in (False, "malformed")


# -- through verify() ----------------------------------------------------------------------------

def _verifier_asks_suites() -> bool:
    """Whether mc.verify() lets the suite judge the key (suite.key_problem): a JCS ECDSA
    credential gets past the key check."""
    key = _KEYS["P-256"]
    signed = mc.sign(_credential({}), key.signer(), cryptosuite="ecdsa-jcs-2019",
                     created="2025-01-01T00:00:00Z")
    check = mc.verify(signed, now=NOW).check("proof.0.verification-method")
    return check is not None and check.code == "ok"


_VERIFIER_USES_KEY_PROBLEM = _verifier_asks_suites()


@pytest.mark.skipif(not _VERIFIER_USES_KEY_PROBLEM,
                    reason="the verifier does not yet ask suite.key_problem (lead's rewrite)")
@pytest.mark.parametrize("case", list(CASES))
def test_verify_accepts_the_vectors(case: str, loader: Any) -> None:
    folder, sfx, _, _ = CASES[case]
    signed = _json(VECTORS / folder / f"signed{sfx}.json")
    result = mc.verify(signed, loader=loader, now=NOW)
    check = result.check("proof.0.signature")
    assert check is not None and check.code == "signature-valid", result.checks
    tampered = json.loads(json.dumps(signed))
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    check = mc.verify(tampered, loader=loader, now=NOW).check("proof.0.signature")
    assert check is not None and check.code == "signature-invalid"


@pytest.mark.skipif(not _VERIFIER_USES_KEY_PROBLEM,
                    reason="the verifier does not yet ask suite.key_problem (lead's rewrite)")
def test_verify_reports_bad_keys_and_signatures(loader: Any) -> None:
    signed = _json(VECTORS / "ecdsa-rdfc-2019-p256" / "signedECDSAP256.json")
    vm = signed["proof"]["verificationMethod"]
    # an Ed25519 key behind the verification method
    resolver = mc.StaticKeyResolver({vm: mc.Ed25519Key.from_seed(bytes(32)).resolved(id=vm)})
    check = mc.verify(signed, resolver=resolver, loader=loader,
                      now=NOW).check("proof.0.verification-method")
    assert check is not None and check.code == "wrong-key-type"
    # a secp256k1 key
    k1 = mc.ResolvedKey.from_jwk(vm, {"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"})
    check = mc.verify(signed, resolver=mc.StaticKeyResolver({vm: k1}), loader=loader,
                      now=NOW).check("proof.0.verification-method")
    assert check is not None and check.code == "wrong-curve"
    # a DER signature
    sig = multibase.decode(signed["proof"]["proofValue"])
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    bad = json.loads(json.dumps(signed))
    bad["proof"]["proofValue"] = multibase.encode(der, "base58btc")
    result = mc.verify(bad, loader=loader, now=NOW)
    assert not result.verified
    check = result.check("proof.0.signature")
    assert check is not None and check.code in ("malformed-proof-value", "signature-invalid")


@settings(max_examples=15, deadline=None)
@given(curve=st.sampled_from(["P-256", "P-384"]),
       names=st.lists(st.text(alphabet="abcxyz ", min_size=1, max_size=6), min_size=1,
                      max_size=4),
       tamper=st.booleans())
def test_rdfc_sign_verify_property_with_blank_nodes(curve: str, names: list[str],
                                                    tamper: bool) -> None:
    """RDFC with blank nodes (subjects without id): what sign() makes, the suite verifies
    (P-384: SHA-384 labels on both sides); a changed value fails."""
    key = _KEYS[curve]
    doc = {"@context": ["https://www.w3.org/ns/credentials/v2",
                        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
           "type": ["VerifiableCredential", "OpenBadgeCredential"],
           "issuer": {"id": "https://ex.edu/issuers/1", "type": ["Profile"], "name": "U"},
           "validFrom": "2024-01-01T00:00:00Z", "name": "B",
           "credentialSubject": {  # no ids: blank nodes
               "type": ["AchievementSubject"],
               "achievement": {"id": "https://ex.edu/a/1", "type": ["Achievement"],
                               "name": names[0], "description": "d",
                               "criteria": {"narrative": names[-1]}},
               "result": [{"type": ["Result"], "value": n} for n in names]}}
    signed = mc.sign(doc, key.signer(), cryptosuite="ecdsa-rdfc-2019",
                     created="2025-01-01T00:00:00Z")
    unsecured, proof = _split(signed)
    if tamper:
        unsecured = json.loads(json.dumps(unsecured))
        unsecured["credentialSubject"]["result"][0]["value"] += "?"
    suite = get_suite("ecdsa-rdfc-2019")
    opts = {k: v for k, v in proof.items() if k != "proofValue"}
    hash_data = suite.hash(suite.transform(unsecured), suite.proof_config(opts, unsecured))
    assert _verdict(suite, hash_data, proof["proofValue"], key.resolved()) is (not tamper)
    bound = suite.for_key(key.resolved())
    bound_hash = bound.hash(bound.transform(unsecured), bound.proof_config(opts, unsecured))
    assert _verdict(bound, bound_hash, proof["proofValue"], key.resolved()) is (not tamper)
