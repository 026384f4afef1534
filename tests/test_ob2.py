"""Open Badges 2.0: reading, offline verification and conversion to OB 3.0.

Real inputs: the 1EdTech validator's OB 2.0 test resources (tests/vectors/real/SOURCES.md). Its
test harness serves ob20/assets/<file> at http(s)://example.org/<file>; ``DOCS`` does the same.
"""

from __future__ import annotations

import base64
import copy
import json
import struct
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import baking, ob2, ob3

R = Path(__file__).resolve().parent / "vectors" / "real" / "1edtech-validator" / "ob20"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
EMAIL = "nobody@example.org"  # the recipient of the validator's samples (sha256 + "deadsea")


def chunk(ctype: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", zlib.crc32(ctype + data))


def _asset_docs() -> dict[str, Any]:
    docs: dict[str, Any] = {}
    for path in sorted((R / "assets").glob("*.json")):
        raw = path.read_bytes()
        try:
            doc = json.loads(raw[raw.index(b"{"):].decode("utf-8-sig"))
        except ValueError:
            continue
        for origin in ("https://www.example.org/", "https://example.org/", "http://example.org/"):
            docs[origin + path.name] = doc
    return docs


DOCS = _asset_docs()


def _hosted(name: str) -> tuple[bytes, dict[str, Any]]:
    """The fixture, and the documents with the assertion served at its own id."""
    raw = (R / name).read_bytes()
    assertion = ob2.load_assertion(raw).assertion
    return raw, {**DOCS, assertion["id"]: assertion}


# -- the validator's fixtures: every verdict as the fixture means it ---------------------------

VALID_HOSTED = [
    "basic-assertion.json", "basic-assertion-with-language.json",
    "basic-assertion-no-public-key.json", "basic-assertion-with-allowed-origins.json",
    "basic-assertion-with-allowed-origins-valid-starts-with.json",
    "basic-assertion-with-allowed-origins-valid-multiple-starts-with.json",
    "assertion-with-endorsements.json", "assertion-with-extension-node-basic.json",
    "assertion-with-multiple-extensions.json", "warning-with-redirection.json",
]


@pytest.mark.parametrize("name", VALID_HOSTED)
def test_valid_hosted_assertions_verify(name: str) -> None:
    raw, docs = _hosted(name)
    result = ob2.verify_ob2(raw, documents=docs, recipient=EMAIL, now=NOW)
    assert result.verified, result.summary()
    assert result.codes["ob2.verification"] == "hosted-ok"
    assert result.codes["ob2.recipient"] == "recipient-match"


@pytest.mark.parametrize(("name", "check", "code"), [
    ("basic-assertion-expired.json", "ob2.validity", "expired"),
    ("basic-assertion-expired-before-issued.json", "ob2.validity", "expires-before-issued"),
    ("basic-assertion-in-future.json", "ob2.validity", "issued-in-future"),
    ("basic-assertion-invalid-context.json", "ob2.shape", "assertion-invalid"),
    ("basic-assertion-invalid-type.json", "ob2.shape", "assertion-invalid"),
    ("basic-assertion-with-allowed-origins-invalid-starts-with.json", "ob2.verification",
     "hosted-not-allowed"),
    ("basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json",
     "ob2.verification", "hosted-not-allowed"),
    # the validator: testDataImageInAssertion -> assertInvalid (Assertion.java: the assertion's
    # image has no allowDataUri)
    ("assertion-with-data-image.json", "ob2.image", "data-uri-not-allowed"),
])
def test_invalid_hosted_assertions_do_not_verify(name: str, check: str, code: str) -> None:
    raw, docs = _hosted(name)
    result = ob2.verify_ob2(raw, documents=docs, now=NOW)
    assert not result.verified
    assert result.codes[check] == code
    failed = next(c for c in result.checks if c.id == check)
    assert failed.message and failed.message_ja


@pytest.mark.parametrize(("name", "verified", "revocation"), [
    ("simple.jwt", True, "not-revoked"),
    ("simple-not-revoked.jwt", True, "not-revoked"),
    ("simple-revoked.jwt", False, "revoked"),
])
def test_signed_assertions(name: str, verified: bool, revocation: str) -> None:
    token = (R / name).read_text().strip()
    result = ob2.verify_ob2(token, documents=DOCS, recipient=EMAIL, now=NOW)
    assert result.codes["ob2.verification"] == "signature-valid"
    assert result.codes["ob2.revocation"] == revocation
    assert result.verified is verified


def test_baked_png_assertion() -> None:
    png = (R / "simple-badge.png").read_bytes()
    found = ob2.unbake_ob2(png)
    assert isinstance(found, dict) and found["type"] == "Assertion"
    with pytest.raises(mc.BakingError, match=r"2\.0"):
        baking.unbake(png)  # the OB 3.0 reader still refuses it, naming OB 2.0
    result = ob2.verify_ob2(png, documents={**DOCS, found["id"]: found}, now=NOW)
    assert result.verified, result.summary()


def test_missing_documents_are_could_not_check_never_verified() -> None:
    raw, _ = _hosted("basic-assertion.json")
    result = ob2.verify_ob2(raw, documents={}, now=NOW)
    assert not result.verified
    check = result.check("ob2.badge")
    assert check is not None and check.outcome is mc.Outcome.COULD_NOT_CHECK
    assert check.details["url"] == "https://example.org/robotics-badge.json"
    # the hosted assertion itself not supplied: could not check
    result = ob2.verify_ob2(raw, documents=DOCS, now=NOW)
    check = result.check("ob2.verification")
    assert check is not None and (check.outcome, check.code) == (
        mc.Outcome.COULD_NOT_CHECK, "document-missing")
    # the key of a signed assertion not supplied
    token = (R / "simple.jwt").read_text().strip()
    no_key = {k: v for k, v in DOCS.items() if not k.endswith("key1.json")}
    result = ob2.verify_ob2(token, documents=no_key, now=NOW)
    assert result.codes["ob2.verification"] == "document-missing" and not result.verified
    # a revocation list not supplied
    token = (R / "simple-revoked.jwt").read_text().strip()
    no_list = {k: v for k, v in DOCS.items() if not k.endswith("/revocation-list.json")}
    result = ob2.verify_ob2(token, documents=no_list, now=NOW)
    assert result.codes["ob2.revocation"] == "document-missing" and not result.verified


def test_callable_documents_and_json_text_documents() -> None:
    raw, docs = _hosted("basic-assertion.json")
    asked: list[str] = []

    def fetch(url: str) -> str | None:
        asked.append(url)
        return json.dumps(docs[url]) if url in docs else None

    assert ob2.verify_ob2(raw, documents=fetch, now=NOW).verified
    assert "https://example.org/robotics-badge.json" in asked


def test_tampered_hosted_copy_and_forged_signature_fail() -> None:
    raw, docs = _hosted("basic-assertion.json")
    copy_ = json.loads(raw)
    copy_["issuedOn"] = "2015-01-01T00:00:00Z"
    result = ob2.verify_ob2(copy_, documents=docs, now=NOW)
    assert result.codes["ob2.verification"] == "hosted-mismatch"
    token = (R / "simple.jwt").read_text().strip()
    head, body, sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["recipient"]["identity"] = "sha256$" + "0" * 64
    forged = ".".join((head, base64.urlsafe_b64encode(json.dumps(payload).encode())
                       .rstrip(b"=").decode(), sig))
    result = ob2.verify_ob2(forged, documents=DOCS, now=NOW)
    assert result.codes["ob2.verification"] == "signature-invalid" and not result.verified


def _sign(payload: dict[str, Any], key: rsa.RSAPrivateKey, alg: str = "RS256") -> str:
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    head = b64(json.dumps({"alg": alg}).encode())
    body = b64(json.dumps(payload).encode())
    sig = key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{b64(sig)}"


def test_a_key_not_owned_by_the_issuer_is_refused() -> None:
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = attacker.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    token = (R / "simple.jwt").read_text().strip()
    body = token.split(".")[1]
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["verification"]["creator"] = "https://evil.example/key.json"
    docs = {**DOCS, "https://evil.example/key.json": {
        "@context": ob2.OB2_CONTEXT, "type": "CryptographicKey",
        "id": "https://evil.example/key.json", "owner": "https://evil.example/me",
        "publicKeyPem": pem}}
    result = ob2.verify_ob2(_sign(payload, attacker), documents=docs, now=NOW)
    assert result.codes["ob2.verification"] == "key-not-issuers" and not result.verified
    # the same key claiming the issuer as owner, but not listed in the issuer's publicKey
    docs["https://evil.example/key.json"]["owner"] = "https://example.org/organization.json"
    result = ob2.verify_ob2(_sign(payload, attacker), documents=docs, now=NOW)
    assert result.codes["ob2.verification"] == "key-not-issuers"
    # and a JWS that is not RS256
    result = ob2.verify_ob2(_sign(payload, attacker, "HS256"), documents=docs, now=NOW)
    assert result.codes["ob2.verification"] == "alg-not-allowed"


@pytest.mark.parametrize("junk", [b"", b"{", b"[1]", "not json", 42, None, b"\x89PNG\r\n\x1a\n",
                                  "https://example.org/unknown.json", "a.b.c", {"type": 1}])
def test_bad_input_never_raises(junk: Any) -> None:
    result = ob2.verify_ob2(junk, documents={}, now=NOW)
    assert not result.verified


def test_recipient_mismatch_and_plain_identities() -> None:
    raw, docs = _hosted("basic-assertion.json")
    assert ob2.verify_ob2(raw, documents=docs, recipient="other@example.org",
                          now=NOW).codes["ob2.recipient"] == "recipient-mismatch"
    plain = json.loads(raw)
    plain["recipient"] = {"type": "email", "hashed": False, "identity": "Nobody@Example.org"}
    docs = {**docs, plain["id"]: plain}
    assert ob2.verify_ob2(plain, documents=docs, recipient=EMAIL,
                          now=NOW).codes["ob2.recipient"] == "recipient-match"


# -- baking: OB 2.0 images --------------------------------------------------------------------


def test_unbake_svg_and_png_forms() -> None:
    token = (R / "simple.jwt").read_text().strip()
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{ob2.OB2_SVG_NAMESPACE}">'
           f'<openbadges:assertion verify="{token}"/></svg>').encode()
    assert ob2.unbake_ob2(svg) == token
    url_svg = svg.replace(token.encode(), b"https://example.org/beths-robotics-badge.json")
    assert ob2.unbake_ob2(url_svg) == "https://example.org/beths-robotics-badge.json"
    body = json.dumps({"type": "Assertion"})
    cdata = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{ob2.OB2_SVG_NAMESPACE}">'
             f'<openbadges:assertion><![CDATA[{body}]]></openbadges:assertion></svg>').encode()
    assert ob2.unbake_ob2(cdata) == {"type": "Assertion"}
    with pytest.raises(mc.BakingError):
        ob2.unbake_ob2(b'<svg xmlns="http://www.w3.org/2000/svg"/>')
    png = baking.minimal_png()
    text = png[:-12] + chunk(b"tEXt", b"openbadges\0https://example.org/a.json") + png[-12:]
    assert ob2.unbake_ob2(text) == "https://example.org/a.json"
    latin = png[:-12] + chunk(b"tEXt", b"openbadges\0{\"n\": \"\xe9\"}") + png[-12:]
    with pytest.raises(mc.BakingError, match="Latin-1"):
        ob2.unbake_ob2(latin)


# -- conversion to OB 3.0 ---------------------------------------------------------------------


def test_convert_hosted_assertion_to_ob3() -> None:
    raw, docs = _hosted("basic-assertion.json")
    cred = ob2.to_ob3(raw, documents=docs)
    parsed = ob3.OpenBadgeCredential.from_jsonld(cred)  # strict OB 3.0
    subject = parsed.credential_subject
    assert subject.achievement.name == "Awesome Robotics Badge"
    assert subject.identifier is not None and subject.identifier[0].matches(EMAIL)
    assert subject.identifier[0].identity_type == ob3.IdentifierTypeEnum.EMAIL_ADDRESS
    assert parsed.issuer_id == "https://example.org/organization.json"
    assert cred["validFrom"] == "2016-12-31T23:59:59Z" == cred["awardedDate"]
    assert cred["evidence"] == [{"id": "https://example.org/beths-robot-work.html",
                                 "type": ["Evidence"]}]
    assert subject.achievement.criteria.id == "https://example.org/badgecriteria.json"
    again = ob2.to_ob3(raw, documents=docs, credential_id="urn:uuid:new",
                       issuer_id="did:web:example.org")
    assert again["id"] == "urn:uuid:new" and again["issuer"]["id"] == "did:web:example.org"


def test_convert_signed_assertion_and_sign_as_ob3() -> None:
    token = (R / "simple.jwt").read_text().strip()
    cred = ob2.to_ob3(token, documents=DOCS, issuer_id=KEY.did)
    signed = mc.sign(cred, KEY.signer(), created="2026-01-01T00:00:00Z")
    assert mc.verify(signed, now=NOW).verified


KEY = mc.Ed25519Key.from_seed(bytes([9]) * 32)


def test_convert_refuses_missing_documents_and_naive_dates() -> None:
    raw, docs = _hosted("basic-assertion.json")
    with pytest.raises(mc.InvalidDataError, match="BadgeClass"):
        ob2.to_ob3(raw, documents={})
    naive = json.loads(raw)
    naive["issuedOn"] = "2016-12-31T23:59:59"
    with pytest.raises(mc.InvalidDataError, match="offset"):
        ob2.to_ob3(naive, documents=docs)
    stamp = json.loads(raw)
    stamp["issuedOn"] = 1483228799  # OB 2.0 allows Unix timestamps
    assert ob2.to_ob3(stamp, documents=docs)["validFrom"] == "2016-12-31T23:59:59Z"


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=20), description=st.text(min_size=1, max_size=40),
       tags=st.lists(st.text(min_size=1, max_size=8), max_size=3),
       hashed=st.booleans(), narrative=st.none() | st.text(min_size=1, max_size=30))
def test_conversion_is_valid_ob3_and_keeps_the_recipient(
        name: str, description: str, tags: list[str], hashed: bool,
        narrative: str | None) -> None:
    raw, docs = _hosted("basic-assertion.json")
    assertion = json.loads(raw)
    if not hashed:
        assertion["recipient"] = {"type": "email", "hashed": False, "identity": EMAIL}
    if narrative is not None:
        assertion["narrative"] = narrative
    badge = copy.deepcopy(docs["https://example.org/robotics-badge.json"])
    badge.update(name=name, description=description, tags=tags)
    docs = {**docs, "https://example.org/robotics-badge.json": badge}
    cred = ob2.to_ob3(assertion, documents=docs)
    parsed = ob3.OpenBadgeCredential.from_jsonld(cred)
    assert parsed.credential_subject.achievement.name == name
    assert parsed.credential_subject.achievement.tag == (tags or None)
    identity = parsed.credential_subject.identifier
    assert identity is not None and identity[0].matches(EMAIL)
    assert parsed.credential_subject.narrative == narrative


def test_module_examples() -> None:
    import doctest

    assert mc.ob2 is ob2
    assert doctest.testmod(ob2).failed == 0


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                     lambda c: st.lists(c, max_size=3)
                     | st.dictionaries(st.text(max_size=6), c, max_size=4), max_leaves=12)


@settings(max_examples=80, deadline=None)
@given(mutation=st.dictionaries(st.sampled_from(
    ["@context", "type", "id", "recipient", "badge", "verification", "issuedOn", "expires",
     "revoked", "evidence", "image"]), _JSON, max_size=4))
def test_verify_never_raises_and_mutations_never_verify_unless_harmless(
        mutation: dict[str, Any]) -> None:
    raw, docs = _hosted("basic-assertion.json")
    assertion = {**json.loads(raw), **mutation}
    result = ob2.verify_ob2(assertion, documents=docs, now=NOW)
    if result.verified:  # the published copy is the original: only no-op mutations verify
        assert assertion == json.loads(raw)


# -- what the validator checks beside verification: images, extensions, issuer ids --------------

X = R.parents[1] / "openbadges-extensions"  # extension contexts and schemas (SOURCES.md)
EXAMPLE_CTX = "https://w3id.org/openbadges/extensions/exampleExtension/context.json"
APPLY_CTX = "https://w3id.org/openbadges/extensions/applyLinkExtension/context.json"
EXAMPLE_SCHEMA = "https://openbadgespec.org/extensions/exampleExtension/schema.json"
APPLY_SCHEMA = "https://openbadgespec.org/extensions/applyLinkExtension/schema.json"


def _ext(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((X / name).read_text(encoding="utf-8"))
    return data


EXTENSION_DOCS = {EXAMPLE_CTX: _ext("exampleExtension/context.json"),
                  APPLY_CTX: _ext("applyLinkExtension/context.json"),
                  EXAMPLE_SCHEMA: _ext("exampleExtension/schema.json"),
                  APPLY_SCHEMA: _ext("applyLinkExtension/schema.json")}


def test_a_non_http_issuer_is_a_warning_as_the_validator_gives() -> None:
    # the validator: WarningTests.testWarningIssuerNonHttps -> assertWarning (valid, warned)
    raw, docs = _hosted("warning-issuer-non-http.json")
    result = ob2.verify_ob2(raw, documents=docs, recipient=EMAIL, now=NOW)
    assert result.verified, result.summary()
    warning = result.check("ob2.issuer-http")
    assert warning is not None and not warning.required
    assert (warning.outcome, warning.code) == (mc.Outcome.FAILED, "issuer-not-http")
    assert warning.message and warning.message_ja
    check = result.check("ob2.verification")
    assert check is not None and check.details == {"origin_enforced": False}
    # the published copy is still compared: a changed copy does not verify
    changed = {**json.loads(raw), "issuedOn": "2015-01-01T00:00:00Z"}
    assert ob2.verify_ob2(changed, documents=docs, now=NOW).codes["ob2.verification"] == (
        "hosted-mismatch")
    # an HTTP issuer gives no such warning
    raw, docs = _hosted("basic-assertion.json")
    assert ob2.verify_ob2(raw, documents=docs, now=NOW).check("ob2.issuer-http") is None


def _with_badge_image(image: Any) -> tuple[bytes, dict[str, Any]]:
    raw, docs = _hosted("basic-assertion.json")
    badge = {**docs["https://example.org/robotics-badge.json"], "image": image}
    return raw, {**docs, "https://example.org/robotics-badge.json": badge}


def test_data_images_in_a_badgeclass_are_checked_as_the_validator_does() -> None:
    # the validator: testDataImageInBadge (assets/badge-with-data-image.json) -> assertValid
    image = json.loads((R / "assets" / "badge-with-data-image.json").read_text())["image"]
    raw, docs = _with_badge_image(image)
    result = ob2.verify_ob2(raw, documents=docs, now=NOW)
    assert result.verified and result.codes["ob2.image"] == "image-ok"
    raw, docs = _with_badge_image({"id": image, "caption": "a robot"})  # an Image node
    assert ob2.verify_ob2(raw, documents=docs, now=NOW).codes["ob2.image"] == "image-ok"
    svg = "data:image/svg+xml;utf8,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22/%3E"
    raw, docs = _with_badge_image(svg)
    assert ob2.verify_ob2(raw, documents=docs, now=NOW).verified
    for bad, code in (("data:image/gif;base64,R0lGODlhAQABAAAAACw=", "data-uri-media-type"),
                      ("data:,hello", "data-uri-media-type"),
                      ("data:image/png;base64,not base64!", "data-uri-malformed"),
                      ("data:image/png;base64,", "data-uri-malformed"),
                      ("data:image/png;base64," + "A" * (ob2.MAX_DATA_IMAGE_BYTES * 4 // 3 + 8),
                       "data-uri-too-large"),
                      ([image, image], "many-images")):
        raw, docs = _with_badge_image(bad)
        result = ob2.verify_ob2(raw, documents=docs, now=NOW)
        assert not result.verified and result.codes["ob2.image"] == code, bad
    # a remote image is not fetched: nothing is claimed about it
    raw, docs = _hosted("basic-assertion.json")
    assert ob2.verify_ob2(raw, documents=docs, now=NOW).check("ob2.image") is None


@settings(max_examples=40, deadline=None)
@given(media=st.sampled_from(["image/png", "IMAGE/PNG", "image/svg+xml", "image/jpeg",
                              "text/html", "", "image/png;charset=x"]),
       payload=st.binary(min_size=0, max_size=40))
def test_a_badge_data_image_verifies_exactly_when_png_or_svg_and_decodable(
        media: str, payload: bytes) -> None:
    uri = f"data:{media};base64,{base64.b64encode(payload).decode()}"
    raw, docs = _with_badge_image(uri)
    result = ob2.verify_ob2(raw, documents=docs, now=NOW)
    kind = media.split(";")[0].lower()
    assert result.verified is (kind in ("image/png", "image/svg+xml") and bool(payload))


@pytest.mark.parametrize(("name", "checked"), [
    # the validator: testExtensionNode, testMultipleExtensionNode -> assertValid
    ("assertion-with-extension-node-basic.json", 1),
    ("assertion-with-multiple-extensions.json", 2),
])
def test_extensions_validate_against_the_schemas_their_contexts_name(
        name: str, checked: int) -> None:
    raw, docs = _hosted(name)
    result = ob2.verify_ob2(raw, documents={**docs, **EXTENSION_DOCS}, now=NOW)
    assert result.verified, result.summary()
    checks = [c for c in result.checks if c.id == "ob2.extension"]
    assert [c.code for c in checks] == ["extension-valid"] * checked
    assert {c.details["schema"] for c in checks} <= {EXAMPLE_SCHEMA, APPLY_SCHEMA}


def test_an_extension_that_breaks_its_schema_does_not_verify() -> None:
    # the validator: testInvalidExtensionNode -> assertInvalid.  The fixture's extension type
    # 'obi:extensions/#ExampleExtension' is the one the example context declared until
    # 2018-01-31 (openbadges-specification d765a75); with that context the schema applies and
    # 1337 is not the string it requires.
    raw, docs = _hosted("assertion-with-extension-node-invalid.json")
    docs = {**docs, **EXTENSION_DOCS, EXAMPLE_CTX: _ext("exampleExtension/context-2015.json")}
    result = ob2.verify_ob2(raw, documents=docs, now=NOW)
    assert not result.verified
    check = result.check("ob2.extension")
    assert check is not None and check.code == "extension-invalid" and check.required
    assert "1337 is not of type 'string'" in check.message
    # with today's context no schema is declared for that type: said, not passed
    raw, docs = _hosted("assertion-with-extension-node-invalid.json")
    result = ob2.verify_ob2(raw, documents={**docs, **EXTENSION_DOCS}, now=NOW)
    check = result.check("ob2.extension")
    assert check is not None and (check.outcome, check.code) == (
        mc.Outcome.SKIPPED, "no-schema-declared")


def test_a_valid_extension_value_changed_to_break_the_schema_fails() -> None:
    raw, docs = _hosted("assertion-with-extension-node-basic.json")
    doc = json.loads(raw)
    doc["extensions:exampleExtension"]["http://schema.org/text"] = 1337
    docs = {**docs, **EXTENSION_DOCS, doc["id"]: doc}
    assert ob2.verify_ob2(doc, documents=docs, now=NOW).codes["ob2.extension"] == (
        "extension-invalid")
    del doc["extensions:exampleExtension"]["http://schema.org/text"]  # required by the schema
    assert ob2.verify_ob2(doc, documents=docs, now=NOW).codes["ob2.extension"] == (
        "extension-invalid")


@pytest.mark.parametrize(("missing", "code"), [(EXAMPLE_CTX, "context-missing"),
                                               (EXAMPLE_SCHEMA, "schema-missing")])
def test_an_extension_whose_context_or_schema_is_not_supplied_is_could_not_check(
        missing: str, code: str) -> None:
    raw, docs = _hosted("assertion-with-extension-node-basic.json")
    docs = {**docs, **{k: v for k, v in EXTENSION_DOCS.items() if k != missing}}
    result = ob2.verify_ob2(raw, documents=docs, now=NOW)
    check = result.check("ob2.extension")
    assert check is not None and (check.outcome, check.code) == (
        mc.Outcome.COULD_NOT_CHECK, code)
    assert not check.required and check.details["url"] == missing  # a warning, never a pass
    assert all(c.outcome is not mc.Outcome.PASSED for c in result.checks
               if c.id == "ob2.extension")


def test_without_jsonschema_an_extension_is_could_not_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "jsonschema", None)  # import jsonschema -> ImportError
    raw, docs = _hosted("assertion-with-extension-node-basic.json")
    result = ob2.verify_ob2(raw, documents={**docs, **EXTENSION_DOCS}, now=NOW)
    check = result.check("ob2.extension")
    assert check is not None and (check.outcome, check.code) == (
        mc.Outcome.COULD_NOT_CHECK, "jsonschema-unavailable")
    assert "pip install jsonschema" in check.message


def test_too_many_extensions_are_refused() -> None:
    raw, docs = _hosted("basic-assertion.json")
    doc = json.loads(raw)
    doc.update({f"extensions:e{i}": {"type": ["Extension", f"extensions:E{i}"]}
                for i in range(ob2.MAX_EXTENSIONS + 1)})
    result = ob2.verify_ob2(doc, documents={**docs, doc["id"]: doc}, now=NOW)
    assert result.codes["ob2.extension"] == "too-many-extensions" and not result.verified


def test_conversion_drops_blank_node_ids() -> None:
    # the validator's extension fixtures carry evidence {"id": "_:b1", "narrative": ...}
    raw, docs = _hosted("assertion-with-extension-node-basic.json")
    cred = ob2.to_ob3(raw, documents=docs)
    assert cred["evidence"] == [{"type": ["Evidence"], "narrative": "Rocked the free world"}]
    ob3.OpenBadgeCredential.from_jsonld(cred)


@settings(max_examples=30, deadline=None)
@given(value=st.none() | st.booleans() | st.integers(-10**18, 10**18) | st.text(max_size=12)
       | st.lists(st.text(max_size=4), max_size=2))
def test_an_extension_verifies_exactly_when_its_schema_accepts_it(value: Any) -> None:
    """The example schema wants exampleProperty as a string (openbadges-specification
    ob_v2p0/extensions/exampleExtension/schema.json); a null value is dropped by JSON-LD, so
    the required property is missing."""
    raw, docs = _hosted("assertion-with-extension-node-basic.json")
    doc = json.loads(raw)
    doc["extensions:exampleExtension"]["http://schema.org/text"] = value
    result = ob2.verify_ob2(doc, documents={**docs, **EXTENSION_DOCS, doc["id"]: doc}, now=NOW)
    expected = isinstance(value, str) or (isinstance(value, list) and len(value) == 1)
    assert result.verified is expected, result.codes
    assert result.codes["ob2.extension"] == ("extension-valid" if expected
                                             else "extension-invalid")


def test_a_schema_ref_is_looked_up_in_documents_never_fetched(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """jsonschema 4.x would fetch a remote $ref itself; here references are documents."""
    import urllib.request

    def no_network(*_: Any, **__: Any) -> Any:
        raise AssertionError("fetched")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    part = "https://openbadgespec.org/extensions/exampleExtension/property.json"
    referring = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                 "properties": {"exampleProperty": {"$ref": part}},
                 "required": ["exampleProperty"]}
    raw, docs = _hosted("assertion-with-extension-node-basic.json")
    docs = {**docs, **EXTENSION_DOCS, EXAMPLE_SCHEMA: referring}
    check = ob2.verify_ob2(raw, documents=docs, now=NOW).check("ob2.extension")
    assert check is not None and (check.outcome, check.code, check.required) == (
        mc.Outcome.COULD_NOT_CHECK, "schema-missing", False)
    for kind, verified in (("string", True), ("integer", False)):
        supplied = {**docs, part: {"type": kind}}
        result = ob2.verify_ob2(raw, documents=supplied, now=NOW)
        assert result.verified is verified, result.codes


@settings(max_examples=60, deadline=None)
@given(node=st.dictionaries(st.sampled_from(["@context", "type", "id", "exampleProperty",
                                             "http://schema.org/text", "@type"]),
                            _JSON, max_size=4),
       context=_JSON, schema=_JSON)
def test_hostile_extensions_never_raise_and_never_pass_unchecked(
        node: dict[str, Any], context: Any, schema: Any) -> None:
    raw, docs = _hosted("basic-assertion.json")
    doc = json.loads(raw)
    doc["extensions:x"] = {**node, "type": ["Extension", *_string_types(node.get("type"))]}
    doc["@context"] = [ob2.OB2_CONTEXT, EXAMPLE_CTX]
    docs = {**docs, doc["id"]: doc, EXAMPLE_CTX: context, EXAMPLE_SCHEMA: schema}
    result = ob2.verify_ob2(doc, documents=docs, now=NOW)
    for check in result.checks:
        if check.id == "ob2.extension" and check.outcome is mc.Outcome.PASSED:
            assert isinstance(schema, dict) and isinstance(context, dict)


def _string_types(value: Any) -> list[str]:
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
