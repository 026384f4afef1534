"""End-to-end acceptance over every real file in tests/vectors/real (issue 13).

Each file goes through what a new user would call: :func:`microcred.verify` (with the
documented status-list relaxations for the DCC's re-hosted lists), :func:`microcred.clr.
verify_clr` / :func:`~microcred.clr.read_clr`, :func:`microcred.ob3.read_credential`,
:mod:`microcred.ob2` (reading, offline verification), :mod:`microcred.baking` (PNG/SVG), and
a sample through the CLI.  The expected *meaning* of each fixture is data below, each entry
saying where it comes from:

* 1EdTech validator (digital-credentials-public-validator at 38254719, Apache-2.0):
  ``inspector-vc/src/test/java/org/oneedtech/inspect/vc/OB20Tests.java``, ``OB30Tests.java``
  and ``inspector-clr/.../ClrTests.java`` (``assertValid`` / ``assertWarning`` = valid,
  ``assertInvalid`` = invalid); fixtures those tests do not run take the meaning of their
  name (``-err-``, ``noproof`` negative);
* DCC vc-test-fixtures (0440d64c, MIT): the file name, ``[registry]-[status]-[expiry]``, with
  ``tampered``, ``badDidWeb`` and ``badSchema`` negative (the repository's README).

Where microcred's verdict differs from the meaning, the entry is in ``DIFFERS`` with the
verdict microcred gives and why; the tests pin those too, so a change on either side shows.
Keys are found as the 1EdTech validator finds them (EmbeddedProofProbe: an HTTP(S)
verification method whose fragment is a publicKeyMultibase is that key; did:key; the VC-JWT
header's ``jwk``), and the DCC's did:web documents are the ones in ``dids/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import microcred as mc
from microcred import baking, clr, ob2, ob3

REAL = Path(__file__).resolve().parent / "vectors" / "real"
V = REAL / "1edtech-validator"
DCC = REAL / "dcc-vc-test-fixtures"
EXT = REAL / "openbadges-extensions"
# After every DCC "notExpired"/"noExpiry" fixture became valid (the latest validFrom,
# legacy-noStatus-noExpiry-lcwExperience, is 2026-01-23), while their status lists are valid.
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
EMAIL = "nobody@example.org"  # the OB 2.0 samples' recipient (sha256 with salt "deadsea")

Verdict = tuple[bool, frozenset[str]]  # verified, and "check:code" of the failed checks


def _verdict(result: mc.VerificationResult | clr.ClrVerification) -> Verdict:
    checks = result.clr.checks if isinstance(result, clr.ClrVerification) else result.checks
    failed = frozenset(f"{c.id}:{c.code}" for c in checks if not c.ok)
    return result.verified, failed


def _files() -> list[Path]:
    return sorted(p for p in REAL.rglob("*") if p.is_file() and p.name != "SOURCES.md")


# -- every file is accounted for -------------------------------------------------------------


def test_every_real_file_is_listed_with_its_hash() -> None:
    listed = dict(reversed(line.split("  ", 1)) for line in re.findall(
        r"^[0-9a-f]{64}  .+$", (REAL / "SOURCES.md").read_text(encoding="utf-8"), re.M))
    for path in _files():
        if path.name == "README.md":  # dids/legacy/README.md: documentation upstream
            continue
        name = str(path.relative_to(REAL))
        assert name in listed, name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[name], name


# -- how a user runs each kind of file -------------------------------------------------------


def _verification_methods(node: Any, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "verificationMethod" and isinstance(value, str):
                out.add(value)
            else:
                _verification_methods(value, out)
    elif isinstance(node, list):
        for value in node:
            _verification_methods(value, out)
    return out


def _validator_keys(doc: Any) -> mc.KeyResolver:
    """Keys as the 1EdTech validator finds them (EmbeddedProofProbe.java, lines 110-123: an
    HTTP(S) or URN verification method whose fragment is a valid publicKeyMultibase is that
    key), did:key, and a VC-JWT header's ``jwk`` (the validator accepts it)."""
    static = mc.StaticKeyResolver()
    for vm in _verification_methods(doc, set()):
        fragment = urlsplit(vm).fragment
        if vm.split(":", 1)[0] in ("http", "https", "urn") and fragment:
            # not a valid key: the proof's method stays unknown, as upstream
            with contextlib.suppress(mc.MicrocredError):
                static.add(vm, fragment)
    return static | mc.DidKeyResolver() | mc.EmbeddedJwkResolver()


def _payload(path: Path) -> Any:
    """The credential in a file: JSON text, a compact JWS, or what a PNG/SVG has baked in."""
    raw = path.read_bytes()
    if path.suffix in (".png", ".svg"):
        return baking.unbake(raw)
    return raw.decode("utf-8").strip()


def _json(path: Path) -> Any:
    return json.loads(path.read_bytes().decode("utf-8-sig"))


def _decoded(payload: Any) -> Any:
    if isinstance(payload, str) and payload.startswith("{"):
        return json.loads(payload)
    if isinstance(payload, str):  # a VC-JWT: the key material is in the header
        return None
    return payload


def _status_checker(lists: dict[str, Any], resolver: mc.KeyResolver,
                    **relax: Any) -> mc.BitstringStatusChecker:
    return mc.BitstringStatusChecker(
        lists, verify_list=lambda c: mc.verify(c, now=NOW, resolver=resolver), **relax)


# The 1EdTech bit-string-list fixtures name their list at its raw.githubusercontent.com URL;
# the list there (ob30/bit-string-list/testlist) says id https://example.com/credentials/
# status/3 and is short: the relaxations documented in docs/status-lists.md.
BSL_URL = ("https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/"
           "refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist")


def verdict_1edtech_vc(path: Path) -> Verdict:
    """An OB 3.0 credential or CLR of the 1EdTech validator's resources."""
    payload = _payload(path)
    resolver = _validator_keys(_decoded(payload))
    lists = {BSL_URL: _json(V / "ob30" / "bit-string-list" / "testlist")}
    checker = _status_checker(lists, resolver, short_lists="warn")
    if "clr20" in path.parts:
        doc = _decoded(payload)
        if isinstance(doc, dict):
            return _verdict(clr.verify_clr(doc, now=NOW, resolver=resolver,
                                           status_checker=checker))
    return _verdict(mc.verify(payload, now=NOW, resolver=resolver, status_checker=checker))


def _dcc_resolver() -> mc.KeyResolver:
    resolver: mc.KeyResolver = mc.DidKeyResolver()
    for sub in ("legacy", "oidf"):
        document = _json(DCC / "dids" / sub / "did.json")
        resolver = resolver | mc.StaticKeyResolver.from_did_web(document["id"], document)
    return resolver


def _dcc_lists() -> dict[str, Any]:
    """The DCC's lists at the URLs its credentials name (see tests/test_statuslist_real.py)."""
    from test_statuslist_real import _lists

    return _lists()


def verdict_dcc(path: Path) -> Verdict:
    resolver = _dcc_resolver()
    # the documented relaxations for these re-hosted lists (docs/status-lists.md)
    checker = _status_checker(_dcc_lists(), resolver, issuer_mismatch="warn",
                              short_lists="warn")
    return _verdict(mc.verify(path.read_bytes(), now=NOW, resolver=resolver,
                              status_checker=checker))


def _ob2_documents() -> dict[str, Any]:
    """The validator's test harness serves ob20/assets/<file> at three origins
    (OB20Tests.localDomains); the extension contexts and schemas as SOURCES.md says."""
    docs: dict[str, Any] = {}
    for path in sorted((V / "ob20" / "assets").glob("*.json")):
        try:
            doc = _json(path)
        except ValueError:  # openbadges_context.json is not strict JSON upstream
            continue
        for origin in ("https://www.example.org/", "https://example.org/", "http://example.org/"):
            docs[origin + path.name] = doc
    for name in ("exampleExtension", "applyLinkExtension"):
        docs[f"https://w3id.org/openbadges/extensions/{name}/context.json"] = _json(
            EXT / name / "context.json")
        docs[f"https://openbadgespec.org/extensions/{name}/schema.json"] = _json(
            EXT / name / "schema.json")
    return docs


def verdict_ob2(path: Path, **extra: Any) -> Verdict:
    raw = path.read_bytes()
    docs = {**_ob2_documents(), **extra}
    try:  # a hosted assertion is served at its own id (the harness serves the fixture)
        read = ob2.load_assertion(raw)
        if isinstance(read.assertion.get("id"), str) and read.jws is None:
            docs.setdefault(read.assertion["id"], read.assertion)
    except mc.MicrocredError:
        pass
    return _verdict(ob2.verify_ob2(raw, documents=docs, recipient=EMAIL, now=NOW))


# -- the expectations ------------------------------------------------------------------------
# path: (meaning: verified?, a failed "check:code" that must be among the reasons (the
#        validator's probe that fails, mapped to microcred's check), where the meaning comes from)
T30 = "OB30Tests."
SAFE = "safe-mode:safe-mode-violation"  # an undefined type: the validator's type probes
VALIDATOR_VC: dict[str, tuple[bool, str | None, str]] = {
    "ob30/simple.json": (True, None, T30 + "testSimpleJsonValid: assertValid"),
    "ob30/simple.1ob": (True, None, T30 + "testSimple1ObValid: assertValid"),
    "ob30/simple_v1.json": (True, None, T30 + "testSimpleV1JsonValid: assertWarning"),
    "ob30/simple-did-web-method.json": (True, None, T30 + "testSimpleDidWebMethodJsonValid"),
    "ob30/simple-json.png": (True, None, T30 + "testSimplePNGPlainValid: assertValid"),
    "ob30/simple-jwt.png": (True, None, T30 + "testSimplePNGJWTValid: assertValid"),
    "ob30/simple-jwt_v1.png": (True, None, T30 + "testSimpleV1PNGJWTValid: assertWarning"),
    "ob30/simple-json.svg": (True, None, T30 + "testSimpleJsonSVGPlainValid: assertValid"),
    "ob30/simple-jwt.svg": (True, None, T30 + "testSimpleJsonSVGJWTValid: assertValid"),
    "ob30/simple-jwt_v1.svg": (True, None, T30 + "testSimpleV1JsonSVGJWTValid: assertWarning"),
    "ob30/simple-context-alias.json": (True, None, T30 + "testSimpleJsonContextAlias"),
    "ob30/simple-context-version.json": (True, None, "Samples: valid (true); the test only "
                                         "looks for ContextPropertyProbe"),
    "ob30/simple-eddsa-2022.json": (True, None, T30 + "testEddsa2022Warning: assertWarning"),
    "ob30/sd/derivedcredential.json": (True, None, T30 + "testDerivedCredentialValid"),
    "ob30/endorsement-valid.json": (True, None, "Endorsement30Tests."
                                    "testEndorsementWithoutErrors: assertValid"),
    "ob30/bit-string-list/testlist": (True, None, "Samples.OB30.BSL: valid (a list credential)"),
    "ob30/velocity.jwt": (False, "jwt.key:key-unresolved", T30 + "testVelocityJWTValid: "
                          "assertInvalid (no key for did:velocity here)"),
    "ob30/simple-err-type.json": (False, SAFE, T30 + "testSimpleJsonInvalidUnknownType"),
    "ob30/simple-err-proof-method.json": (False, "proof-set:no-valid-proof",
                                          T30 + "testSimpleJsonInvalidProofMethod"),
    "ob30/simple-err-proof-method-no-scheme.json": (
        False, "proof-set:no-valid-proof", T30 + "testSimpleJsonInvalidProofMethodNoScheme"),
    "ob30/simple-err-proof-method-unknown-scheme.json": (
        False, "proof-set:no-valid-proof", T30 + "testSimpleJsonInvalidProofMethodUnknownScheme"),
    "ob30/simple-err-proof-method-unknown-did-method.json": (
        False, "proof-set:no-valid-proof", T30 + "testSimpleJsonInvalidProofMethodUnknownDid"
        "Method"),
    "ob30/simple-err-proof-value.json": (False, "proof.0.signature:signature-invalid",
                                         T30 + "testSimpleJsonInvalidProofValue"),
    "ob30/simple-err-expired.json": (False, "validity:expired", T30 + "testSimpleJsonExpired"),
    "ob30/simple-err-issued.json": (False, "validity:not-yet-valid",
                                    T30 + "testSimpleJsonNotIssued"),
    "ob30/simple-err-context.json": (False, "contexts:first-context-not-vc",
                                     T30 + "testSimpleJsonContextError"),
    "ob30/simple-err-issuer.json": (False, "data-model:issuer-missing",
                                    T30 + "testSimpleJsonSchemaError"),
    "ob30/simple-err-credential-subject-type.json": (
        False, SAFE, T30 + "testSimpleJsonInvalidCredentialSubjectType"),
    "ob30/simple-err-credential-subject-identifier-type.json": (
        False, SAFE, T30 + "testSimpleJsonInvalidCredentialSubjectIdentifierType"),
    "ob30/simple-err-credential-subject-result-type.json": (
        False, SAFE, T30 + "testSimpleJsonInvalidCredentialSubjectResultType"),
    "ob30/simple-err-credential-subject-achievement-result-description-type.json": (
        False, SAFE, T30 + "testSimpleJsonInvalidCredentialSubjectAchievementResultDescription"
        "Type"),
    "ob30/simple-err-credential-subject-profile-type.json": (
        False, SAFE, T30 + "testSimpleJsonInvalidCredentialSubjectProfileType"),
    "ob30/simple-err-evidence-type.json": (False, SAFE, T30 + "testSimpleJsonInvalidEvidence"
                                           "Type"),
    "ob30/simple-err-issuer-type.json": (False, SAFE, T30 + "testSimpleJsonInvalidIssuerType"),
    "ob30/simple-err-issuer-parentorg-type.json": (
        False, SAFE, T30 + "testSimpleJsonInvalidIssuerParentOrgType"),
    "ob30/simple-err-issuer-otheridentifier-type.json": (
        False, SAFE, T30 + "testSimpleJsonInvalidIssuerOtherIdentifierType"),
    "ob30/simple-noproof.json": (False, "proofs:no-proof", "Samples: invalid (false); name"),
    "ob30/complete.json": (False, None, T30 + "testCompleteJsonInvalidInlineSchemaRef; "
                           "Samples: invalid (false)"),
    "ob30/complete_v1.json": (False, None, T30 + "testCompleteV1JsonInvalidInlineSchemaRef"),
    # 1EdTechRevocationList is not a status type microcred knows: could not check, not verified
    "ob30/credential-status-revoked.json": (False, "status:UNSUPPORTED_STATUS_TYPE",
                                            T30 + "testCredentialStatusRevoked: assertInvalid"),
    "ob30/endorsement-err-schema-status-refresh.json": (
        False, "proof.0.signature:signature-invalid",
        "Endorsement30Tests.testEndorsementWithErrors: assertInvalid"),
    "ob30/bit-string-list/credential-status-revoked.json": (
        False, "status:status-revoked", T30 + "testBitstringStatusListRevoked: assertInvalid"),
    "ob30/bit-string-list/credential-status-revoked-blank-nodes.json": (
        False, "status:status-revoked", T30 + "testRevokedWithBlankNodes: assertInvalid"),
    "clr20/simple.json": (True, None, "CLR20Tests.testSimpleJsonValid: assertValid"),
    "clr20/simple-noproof.json": (False, "proofs:no-proof", "the name (no test upstream)"),
}

# Where microcred's verdict is not the meaning: the meaning, the failed checks microcred
# gives, and why.
DIFFERS: dict[str, tuple[bool, frozenset[str], str]] = {
    "ob30/simple-did-key-method.json": (True, frozenset({"issuer-binding:controller-not-issuer"}), (
        "meaning: valid (OB30Tests.testSimpleDidKeyMethodJsonValid). The issuer is a urn:uuid "
        "and the proof's key a did:key nobody ties to it: microcred binds the issuer only "
        "through the proof (the verifier's promise); the validator does not bind them")),
    "ob30/simple-multiple-proofs.json": (False, frozenset(), (
        "meaning: invalid (OB30Tests.testSimpleMultipleProofsJsonValid asserts one error, from "
        "JsonLDValidationProbe: the unknown proof's type is not defined by the contexts). "
        "microcred: the known proof verifies and the unknown one is a warning (issue 13 item "
        "6, VC Data Integrity)")),
    "ob30/simple.jwt": (True, frozenset({"jwt.header:jwt-header-invalid"}), (
        "meaning: valid (Samples: true; no test runs it). The header has neither kid nor jwk: "
        "the key would be fetched from the issuer profile (OB 3.0 §8.2.4.1); microcred never "
        "fetches, and calls the header invalid rather than 'could not check'")),
    "clr20/simple_v1.json": (True, frozenset({"clr.subjects:subject-mismatch"}), (
        "meaning: valid (CLR20Tests.testSimpleV1JsonValid: assertWarning). The proof verifies "
        "(microcred.verify says verified); its associations naming achievements the CLR does "
        "not carry are a warning here too (association-target-absent), but an embedded "
        "credential is about did:example:ebfeb1f712ebc6f1c276e12ec21, not the CLR's learner "
        "urn:uuid:360a0e1e-...: microcred fails that (a CLR must not carry another learner's "
        "credentials, issue 11 F12); the validator does not compare subjects")),
    "clr20/complex.json": (True, frozenset({"clr.subjects:subject-mismatch",
                                      "endorsements:endorsement-invalid",
                                      "issuer-binding:controller-not-issuer"}), (
        "meaning: valid (Samples: true; its test is commented out upstream). As simple_v1, "
        "plus a urn:uuid issuer signed with an unrelated did:key, and an endorsement without "
        "a name")),
    "clr20/simple.jwt": (True, frozenset({"contexts:missing-clr-context"}), (
        "meaning: valid (Samples: true; CLR20Tests.testSimpleJWTValid is @Disabled). It uses "
        "the pre-release draft context https://dc.imsglobal.org/draft/clr/v2p0/context")),
    "clr20/simple_old_safesigned.json": (True, frozenset({"contexts:missing-clr-context",
                                                    "proof-set:no-valid-proof"}), (
        "meaning: valid by its name (no sample, no test upstream). Draft CLR context, and a "
        "proof that does not verify over the document as the bundled contexts read it")),
}

T20 = "OB20Tests."
NOT_ASSERTION = "ob2.shape:assertion-invalid"
OB20: dict[str, tuple[bool, str | None, str]] = {
    "ob20/basic-assertion.json": (True, None, T20 + "testSimpleJsonValid: assertValid"),
    "ob20/simple-badge.png": (True, None, T20 + "testSimplePNGPlainValid: assertValid"),
    "ob20/simple.jwt": (True, None, T20 + "testSimpleJWTValid: assertValid"),
    "ob20/simple-not-revoked.jwt": (True, None, T20 + "testJWTNotRevoked: assertValid"),
    "ob20/assertion-with-endorsements.json": (True, None, T20 + "testEndorsementsInAssertion"),
    "ob20/basic-assertion-no-public-key.json": (True, None, T20 + "testNoPublicKeyInIssuer"),
    "ob20/basic-assertion-with-allowed-origins.json": (True, None, T20 + "testVerification"),
    "ob20/basic-assertion-with-allowed-origins-valid-starts-with.json": (
        True, None, T20 + "testVerificationStartsWith: assertValid"),
    "ob20/basic-assertion-with-allowed-origins-valid-multiple-starts-with.json": (
        True, None, T20 + "testVerificationMultipleStartsWith: assertValid"),
    "ob20/basic-assertion-with-language.json": (True, None, T20 + "testAssertionWithLanguage"),
    "ob20/assertion-with-extension-node-basic.json": (True, None, T20 + "testExtensionNode"),
    "ob20/assertion-with-multiple-extensions.json": (True, None,
                                                     T20 + "testMultipleExtensionNode"),
    "ob20/warning-with-redirection.json": (True, None, T20 + "WarningTests."
                                           "testWarningRedirectionJsonValid: assertWarning"),
    "ob20/warning-issuer-non-http.json": (True, None, T20 + "WarningTests."
                                          "testWarningIssuerNonHttps: assertWarning"),
    "ob20/basic-assertion-invalid-context.json": (False, NOT_ASSERTION,
                                                  T20 + "testSimpleJsonInvalidContext"),
    "ob20/basic-assertion-invalid-type.json": (False, NOT_ASSERTION,
                                               T20 + "testSimpleJsonInvalidType"),
    "ob20/simple-revoked.jwt": (False, "ob2.revocation:revoked", T20 + "testJWTRevoked"),
    "ob20/assertion-with-data-image.json": (False, "ob2.image:data-uri-not-allowed",
                                            T20 + "testDataImageInAssertion: assertInvalid"),
    "ob20/basic-assertion-with-allowed-origins-invalid-starts-with.json": (
        False, "ob2.verification:hosted-not-allowed", T20 + "testVerificationStartsWith"),
    "ob20/basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json": (
        False, "ob2.verification:hosted-not-allowed", T20 + "testVerificationMultipleStartsWith"),
    "ob20/basic-assertion-expired.json": (False, "ob2.validity:expired", T20 + "testExpired"),
    "ob20/basic-assertion-expired-before-issued.json": (
        False, "ob2.validity:expires-before-issued", T20 + "testExpiredBeforeIssued"),
    "ob20/basic-assertion-in-future.json": (False, "ob2.validity:issued-in-future",
                                            T20 + "testIssuedInFuture"),
    # Not assertions: the validator validates these documents on their own (testRdfValidation);
    # microcred verifies assertions, so verify_ob2 refuses each (ob2.shape).  The invalid ones
    # agree in verdict only.
    "ob20/rdf-validation/invalid-class.json": (False, NOT_ASSERTION, T20 + "testRdfValidation"),
    "ob20/rdf-validation/invalid-empty-type.json": (False, NOT_ASSERTION,
                                                    T20 + "testRdfValidation"),
    "ob20/rdf-validation/invalid-one-invalid-class.json": (False, NOT_ASSERTION,
                                                           T20 + "testRdfValidation"),
    "ob20/rdf-validation/badge-class-invalid-issuer-type.json": (False, NOT_ASSERTION,
                                                                 T20 + "testRdfValidation"),
}
_ALONE = ("meaning: valid ({}). Not an assertion: the validator validates a {} on its own; "
          "microcred verifies assertions (verify_ob2 refuses it: ob2.shape), and checks "
          "BadgeClasses and Issuers as an assertion's documents")
for _path, _what, _source in (
        ("ob20/badge-class-with-language.json", "BadgeClass", "Samples: true"),
        ("ob20/issuer-compact-iri-validation.json", "Issuer", T20 + "testCompactIriInIssuer"),
        ("ob20/rdf-validation/valid-badge-class.json", "BadgeClass", T20 + "testRdfValidation"),
        ("ob20/rdf-validation/valid-badge-class-empty-criteria-type.json", "BadgeClass",
         T20 + "testRdfValidation"),
        ("ob20/rdf-validation/valid-issuer-extension.json", "Issuer", T20 + "testRdfValidation"),
        ("ob20/rdf-validation/valid-alignment-object.json", "AlignmentObject",
         T20 + "testRdfValidation"),
        ("ob20/rdf-validation/valid-cool-class.json", "node of an external class",
         T20 + "testRdfValidation"),
        ("ob20/assets/badgeclass1.json", "BadgeClass", T20 + "testSimpleBadgeClassJsonValid"),
        ("ob20/assets/badge-with-data-image.json", "BadgeClass", T20 + "testDataImageInBadge"),
        ("ob20/assets/badgeclass-with-complex-image.json", "BadgeClass",
         T20 + "testComplexImageInAssertion")):
    DIFFERS[_path] = (True, frozenset({NOT_ASSERTION}), _ALONE.format(_source, _what))
DIFFERS["ob20/assertion-with-extension-node-invalid.json"] = (False, frozenset(), (
    "meaning: invalid (OB20Tests.testInvalidExtensionNode; openbadges-validator-core "
    "test_validate_extension_node_invalid: 1337 is not the string the schema requires). Its "
    "type 'obi:extensions/#ExampleExtension' is the one the example context declared until "
    "2018; today's context (the one the validator bundles) declares 'extensions:Example"
    "Extension', so no schema names this type and microcred warns (ob2.extension: "
    "no-schema-declared). With the 2015 context it is invalid: test below"))
# Not inputs of any test upstream; what reading them gives.
NOT_INPUTS = {
    "ob20/redirected-validation-subject.json": "ob2.input:unreadable",  # comments: not JSON
}


def dcc_meaning(name: str) -> tuple[bool, frozenset[str]]:
    """What a DCC fixture's name promises: verified or not, and the failed checks that say
    why (README of vc-test-fixtures: [registry]-[status]-[expiry]; tampered, badDidWeb and
    badSchema are negative)."""
    reasons: set[str] = set()
    if "tampered" in name and "tamperedStatus" not in name:
        reasons.add("proof.0.signature:signature-invalid")
    if "badDidWeb" in name:
        reasons.add("proof.0.verification-method:unknown-verification-method")
    if "badSchema" in name:  # issuanceDate through an inline context in a VC 2.0 credential
        reasons.add("contexts:inline-context-not-allowed")
    if re.search(r"-(expired|notYetValid)\b", name.replace(".json", "")):
        reasons.add("validity:expired" if "-expired" in name else "validity:not-yet-valid")
    if re.search(r"revoked(Status|Staus)?-", name):  # (sic: "revokedStaus" upstream)
        reasons.add("status:status-revoked")
    if re.search(r"(expired|notYetValid|tampered|missingType)Status", name):
        reasons.add("status:STATUS_VERIFICATION_ERROR")
    return not reasons, frozenset(reasons)


# dataIntegrityProof/didKey/noRegistry-revokedStatus-noExpiry.json: revoked as its name says,
# and also expired (validUntil 2010-01-02, although the name says noExpiry).
DIFFERS["dcc:verifiableCredentials/v2/dataIntegrityProof/didKey/"
        "oidf-noStatus-notExpired-complexIssuer.json"] = (
    True, frozenset({"endorsements:endorsement-invalid"}),
    "meaning: valid (its name). The issuer profile carries an endorsement that expired on "
    "2020-01-01, and microcred's verified includes embedded endorsements, as OB 3.0 "
    "'OpenBadgeCredential Verification' step 6 lists them among the steps that must pass "
    "(1EdTech/openbadges-specification ob_v3p0/verification.md); verify_endorsements=False "
    "(CLI --no-endorsements) verifies it; the DCC verifier does not check endorsements")


# -- the tests -------------------------------------------------------------------------------


def _check(key: str, got: Verdict, meaning: bool, reason: str | frozenset[str] | None) -> None:
    verified, failed = got
    if key in DIFFERS:
        meaning, codes, why = DIFFERS[key]
        assert (verified, failed) == (not codes, codes), f"{key}: {why}"
        assert verified is not meaning, key  # else it belongs in the tables of meanings
        return
    assert verified is meaning, (key, sorted(failed))
    wanted = {reason} if isinstance(reason, str) else set(reason or ())
    assert wanted <= failed, (key, sorted(failed))


VC_FILES = sorted(str(p.relative_to(V)) for p in V.rglob("*") if p.is_file()
                  and ("ob30" in p.parts or "clr20" in p.parts))


def test_every_validator_vc_file_has_a_meaning() -> None:
    assert set(VC_FILES) == set(VALIDATOR_VC) | {k for k in DIFFERS if not k.startswith(
        ("ob20/", "dcc:"))}


@pytest.mark.parametrize("name", VC_FILES)
def test_1edtech_ob30_and_clr20_verdicts(name: str) -> None:
    meaning, reason, _ = VALIDATOR_VC[name] if name in VALIDATOR_VC else (
        DIFFERS[name][0], None, "")
    _check(name, verdict_1edtech_vc(V / name), meaning, reason)


OB20_FILES = sorted(str(p.relative_to(V)) for p in (V / "ob20").rglob("*") if p.is_file()
                    and "assets" not in p.parts)


def test_every_ob20_input_has_a_meaning() -> None:
    ob20_differs = {k for k in DIFFERS if k.startswith("ob20/") and "/assets/" not in k}
    assert set(OB20_FILES) == set(OB20) | ob20_differs | set(NOT_INPUTS)


@pytest.mark.parametrize("name", OB20_FILES + sorted(k for k in DIFFERS if "/assets/" in k))
def test_1edtech_ob20_verdicts(name: str) -> None:
    got = verdict_ob2(V / name)
    if name in NOT_INPUTS:
        assert got == (False, frozenset({NOT_INPUTS[name]}))
        return
    meaning, reason, _ = OB20[name] if name in OB20 else (DIFFERS[name][0], None, "")
    _check(name, got, meaning, reason)


def test_the_invalid_extension_fixture_with_the_context_it_was_written_for() -> None:
    old = _json(EXT / "exampleExtension" / "context-2015.json")
    got = verdict_ob2(V / "ob20/assertion-with-extension-node-invalid.json", **{
        "https://w3id.org/openbadges/extensions/exampleExtension/context.json": old})
    assert got == (False, frozenset({"ob2.extension:extension-invalid"}))


def test_ob20_assets_are_documents_the_verifier_reads() -> None:
    """Every asset is served to the verifier above; the JSON ones read as OB 2.0 documents,
    the images are plain (not baked), the HTML evidence page is empty upstream."""
    served = _ob2_documents()
    for path in sorted((V / "ob20" / "assets").iterdir()):
        if path.suffix == ".json" and path.name != "openbadges_context.json":
            assert served["https://example.org/" + path.name] == _json(path)
        elif path.suffix == ".png":
            with pytest.raises(mc.BakingError, match="0 'openbadges' chunks"):
                ob2.unbake_ob2(path.read_bytes())
        elif path.suffix == ".html":
            assert path.read_bytes() == b""
        else:  # the OB 2.0 context as stored upstream: a byte-order mark, and a comment
            assert path.name == "openbadges_context.json"
            with pytest.raises(mc.InvalidJsonError):
                mc.jsonld.parse_json(path.read_bytes())


DCC_FILES = sorted(str(p.relative_to(DCC)) for p in (DCC / "verifiableCredentials").rglob("*")
                   if p.suffix == ".json")


@pytest.mark.parametrize("name", DCC_FILES)
def test_dcc_credential_verdicts(name: str) -> None:
    path = DCC / name
    got = verdict_dcc(path)
    if not path.read_bytes().strip():  # empty upstream: unusable input, never a verdict
        assert got == (False, frozenset({"input:invalid-json"}))
        return
    meaning, reasons = dcc_meaning(path.name)
    _check("dcc:" + name, got, meaning, reasons)


def test_dcc_qr_code_svgs_are_not_baked_credentials() -> None:
    svgs = sorted((DCC / "verifiableCredentials").rglob("*.svg"))
    assert svgs
    for path in svgs:  # QR codes of the credential (upstream), not OB 3.0 baked SVGs
        with pytest.raises(mc.BakingError, match="no <openbadges:credential>"):
            baking.unbake(path.read_bytes())


@pytest.mark.parametrize(("name", "failed"), [
    # statusLists/: the list credentials, verified as credentials (their names say how)
    ("e5WK8CbZ1GjycuPombrj", frozenset()),
    ("expired", frozenset({"validity:expired"})),
    ("notYetValid", frozenset({"validity:not-yet-valid"})),
    ("tampered", frozenset({"proof.0.signature:signature-invalid", "proof-set:no-valid-proof"})),
    # a valid credential; as a status list it is refused (legacy-missingTypeStatus above)
    ("missingBitStringType", frozenset()),
])
def test_dcc_status_list_credentials(name: str, failed: frozenset[str]) -> None:
    path = DCC / "statusLists" / "didkey-ed25519Signature2020" / name
    assert verdict_dcc(path) == (not failed, failed)


def test_dcc_did_documents_give_the_keys() -> None:
    for sub in ("legacy", "oidf"):
        document = _json(DCC / "dids" / sub / "did.json")
        resolver = mc.StaticKeyResolver.from_did_web(document["id"], document)
        vm = f"{document['id']}#z6MkjXe1vZvPRqFuc9nRBtZ3e1Y9XKDFSbjFAfzLfW2bD6cZ"
        assert resolver.resolve(vm).controller == document["id"]


# -- every positive credential is readable ---------------------------------------------------

OB_TYPES = {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"}
# Positive by name or sample flag, but not a meaningful OB 3.0 credential: what reading says.
UNREADABLE = {
    # Samples: true, run by no test; a pre-release draft (context imsglobal.github.io/openbadges-
    # specification) whose subject says who but not what was achieved
    "ob30/simple.jwt": "credentialSubject.achievement",
}


def _positive() -> list[tuple[str, Path]]:
    """(key, path) of every fixture whose meaning is positive."""
    out = [(n, V / n) for n in VC_FILES
           if (VALIDATOR_VC[n][0] if n in VALIDATOR_VC else DIFFERS[n][0])]
    out += [("dcc:" + n, DCC / n) for n in DCC_FILES
            if (DCC / n).read_bytes().strip() and dcc_meaning(Path(n).name)[0]]
    return out


POSITIVE = _positive()


def _types_of(doc: Any) -> set[str]:
    found = doc.get("type") if isinstance(doc, dict) else None
    return {found} if isinstance(found, str) else set(found or ())


@pytest.mark.parametrize(("key", "path"), POSITIVE, ids=[k for k, _ in POSITIVE])
def test_every_positive_credential_reads(key: str, path: Path) -> None:
    payload = _payload(path)
    doc = _decoded(payload)
    if doc is None:  # a VC-JWT: the credential is its vc claim (or the payload, VC-JOSE-COSE)
        claims = mc.vcjwt.decode_vc_jwt(payload)[1]
        doc = claims.get("vc", claims)
    types = _types_of(doc)
    if "ClrCredential" in types:
        read = clr.read_clr(doc)
        assert read.credential.to_jsonld() == doc, key  # lossless
    elif key in UNREADABLE:
        with pytest.raises(mc.InvalidDataError, match=UNREADABLE[key]):
            ob3.read_credential(payload)
    elif types & OB_TYPES:
        result = ob3.read_credential(payload)
        assert result.to_jsonld() == doc, key  # lossless
    else:  # status lists, and VCs that are not Open Badges (DCC: nonOBWithOBContext,
        # oldDCCExample, minimal): they verify; reading them as a badge says what is missing
        assert not types & OB_TYPES
        with pytest.raises(mc.InvalidDataError, match="OpenBadgeCredential"):
            ob3.read_credential(doc)


def test_verified_results_read_as_models() -> None:
    """``VerificationResult.read()`` on what verifies: the model a receiving app works with."""
    read = 0
    for key, path in POSITIVE:
        if not key.startswith("dcc:") or not _types_of(_json(path)) & OB_TYPES:
            continue
        result = mc.verify(path.read_bytes(), now=NOW, resolver=_dcc_resolver(),
                           status_checker=_status_checker(_dcc_lists(), _dcc_resolver(),
                                                          issuer_mismatch="warn",
                                                          short_lists="warn"))
        assert result.verified is (key not in DIFFERS), key
        if result.verified:
            assert result.read().credential.id == json.loads(path.read_bytes()).get("id")
            read += 1
    assert read == 48


OB20_POSITIVE = [n for n, (meaning, _, _) in OB20.items() if meaning]


@pytest.mark.parametrize("name", OB20_POSITIVE)
def test_every_positive_ob20_assertion_reads_and_converts(name: str) -> None:
    read = ob2.load_assertion((V / name).read_bytes())
    assert "Assertion" in _types_of(read.assertion)
    cred = ob2.to_ob3(read.assertion, documents=_ob2_documents())
    subject = ob3.OpenBadgeCredential.from_jsonld(cred).credential_subject  # strict OB 3.0
    assert subject.achievement.name


# -- a sample through the CLI: exit 0 verified, 1 not verified, 2 unusable input ---------------


def _cli(*args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run([sys.executable, "-m", "microcred", "verify", *args, "--json",
                           "--now", NOW.isoformat()], capture_output=True, text=True,
                          timeout=120, check=False)
    return done.returncode, json.loads(done.stdout)


def test_cli_exit_codes_on_real_files(tmp_path: Path) -> None:
    from test_statuslist_real import GITHUB_IO, LISTS, VERIFIER_CORE

    creds = DCC / "verifiableCredentials"
    ok = creds / "v2/ed25519/didKey/legacy-noStatus-noExpiry.json"
    assert _cli(str(ok))[0] == 0
    code, out = _cli(str(creds / "v2/ed25519/didKey/legacy-noStatus-noExpiry-tampered.json"))
    assert code == 1 and out["verified"] is False
    code, out = _cli(str(creds / "v1/ed25519/didKey/legacy-noStatus-noExpiry.json"))  # empty
    assert code == 2 and "error" in out
    # status lists as fetched, at the URLs the credentials name, with the documented relaxations
    lists = [f"--status-list={GITHUB_IO}{p.name}={p}" for p in sorted(LISTS.iterdir())]
    lists.append(f"--status-list={VERIFIER_CORE}={LISTS / 'e5WK8CbZ1GjycuPombrj'}")
    relax = ["--status-relax", "issuer", "--status-relax", "short-lists"]
    valid = creds / "v1/ed25519/didKey/mixedRegistry-validStatus-noExpiry.json"
    revoked = creds / "v2/ed25519/didKey/noRegistry-revokedStatus-notExpired.json"
    assert _cli(str(valid), *lists, *relax)[0] == 0
    code, out = _cli(str(revoked), *lists, *relax)
    assert code == 1 and {c["code"] for c in out["checks"]} >= {"status-revoked"}
    assert _cli(str(valid), *lists)[0] == 1  # not relaxed: another issuer's list is refused
    # the 1EdTech keys, as a --keys file (verification method -> publicKeyMultibase)
    vms = _verification_methods([_json(V / "ob30/simple.json"), _json(
        V / "ob30/simple-err-expired.json"), _decoded(_payload(V / "ob30/simple-json.png"))],
        set())
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({vm: urlsplit(vm).fragment for vm in vms}), encoding="utf-8")
    assert _cli(str(V / "ob30/simple.json"), "--keys", str(keys))[0] == 0
    assert _cli(str(V / "ob30/simple-json.png"), "--keys", str(keys))[0] == 0
    assert _cli(str(V / "ob30/simple-err-expired.json"), "--keys", str(keys))[0] == 1
    assert _cli(str(V / "ob30/simple-jwt.svg"), "--embedded-jwk")[0] == 0
    # OB 2.0: 'verify' reads the assertion as OB 2.0 (ob2.verify_ob2); without the fetched
    # documents (--document URL=FILE, tests/test_cli_ob2.py) nothing is fetched: could not check
    code, out = _cli(str(V / "ob20/basic-assertion.json"))
    assert code == 1 and out["verified"] is False
    assert {c["code"] for c in out["checks"]} >= {"document-missing"}
