"""Lenient reading of received OB 3.0 / CLR 2.0 credentials (ob3.read_credential, read_clr).

Real credentials: tests/vectors/real (1EdTech validator test resources, DCC vc-test-fixtures;
origins, licences and hashes in tests/vectors/real/SOURCES.md).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import ob3
from microcred.testing import ob3_credential_documents

REAL = Path(__file__).resolve().parent / "vectors" / "real"
OB_TYPES = {"OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"}
# fixtures whose names say they are meant to fail (structure, schema, tampering, bad DID)
NEGATIVE_MARKS = ("-err-", "noproof", "tampered", "badDidWeb", "badSchema")


def _ob3_files() -> list[Path]:
    out = []
    for path in sorted(REAL.rglob("*.json")):
        if "ob20" in path.parts or "clr20" in path.parts:
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # one DCC fixture is an empty file
            continue
        types = doc.get("type") if isinstance(doc, dict) else None
        types = [types] if isinstance(types, str) else types or []
        if OB_TYPES & set(types):
            out.append(path)
    return out


OB3_FILES = _ob3_files()
POSITIVE = [p for p in OB3_FILES if not any(m in p.name for m in NEGATIVE_MARKS)]


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _strict_ok(doc: dict[str, Any]) -> bool:
    try:
        ob3.parse_credential(doc)
    except mc.InvalidDataError:
        return False
    return True


# -- the real corpus --------------------------------------------------------------------------


def test_every_real_positive_credential_reads() -> None:
    assert len(POSITIVE) >= 90
    strict = sum(_strict_ok(_load(p)) for p in POSITIVE)
    read = 0
    for path in POSITIVE:
        doc = _load(path)
        result = ob3.read_credential(doc)
        read += 1
        assert result.to_jsonld() == doc, path  # lossless
        assert json.loads(json.dumps(doc)) == result.to_jsonld()
        # no finding exactly when the strict parser accepts the document
        assert result.conforms == _strict_ok(doc), path
    assert read == len(POSITIVE)
    assert strict < read  # the strict parser refuses most of what is really published


@pytest.mark.parametrize("path", POSITIVE, ids=lambda p: str(p.relative_to(REAL)))
def test_real_credential_reads_from_text_and_bytes(path: Path) -> None:
    raw = path.read_bytes()
    assert ob3.read_credential(raw).to_jsonld() == ob3.read_credential(raw.decode()).to_jsonld()


@pytest.mark.parametrize("name", [
    "simple-err-context.json", "simple-err-type.json", "simple-err-issuer.json",
    "simple-err-issuer-type.json", "simple-err-credential-subject-type.json",
    "simple-err-credential-subject-identifier-type.json", "simple-err-evidence-type.json",
    "simple-err-credential-subject-result-type.json", "simple-noproof.json",
])
def test_structurally_broken_fixtures_still_fail(name: str) -> None:
    doc = _load(REAL / "1edtech-validator" / "ob30" / name)
    with pytest.raises(mc.InvalidDataError):
        ob3.read_credential(doc)


def test_dcc_issuer_image_and_subject_findings() -> None:
    doc = _load(REAL / "dcc-vc-test-fixtures" / "verifiableCredentials" / "v1" / "ed25519"
                / "didKey" / "noRegistry-noStatus-noExpiry.json")
    result = ob3.read_credential(doc)
    rules = {(f.pointer, f.rule, f.severity) for f in result.findings}
    assert ("/issuer/image", "image_iri", "warning") in rules
    assert ("/credentialSubject", "subject_identity", "error") in rules
    issuer = result.credential.issuer
    assert isinstance(issuer, ob3.Profile) and issuer.image is not None
    assert issuer.image.id == doc["issuer"]["image"] and issuer.image.iri_form
    assert result.credential.credential_subject.id is None
    assert [f.severity for f in result.errors] == ["error"]
    assert all(f.message and f.message_ja for f in result.findings)
    assert json.loads(json.dumps([f.as_dict() for f in result.findings]))


# -- the tolerated rules, one by one ---------------------------------------------------------

BASIC: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2",
                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://example.edu", "type": ["Profile"]},
    "validFrom": "2026-01-01T00:00:00Z",
    "credentialSubject": {
        "id": "did:example:learner", "type": ["AchievementSubject"],
        "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"],
                        "name": "Intro", "description": "An intro.",
                        "criteria": {"narrative": "Pass"}}},
}


def _variant(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASIC)
    node = doc
    for key in path[:-1]:
        node = node[key]
    if value is None:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


@pytest.mark.parametrize(("path", "value", "pointer", "rule", "severity"), [
    (("credentialSubject", "id"), None, "/credentialSubject", "subject_identity", "error"),
    (("issuer", "image"), "https://example.edu/logo.png", "/issuer/image", "image_iri",
     "warning"),
    (("credentialSubject", "achievement", "image"), "data:image/png;base64,AAAA",
     "/credentialSubject/achievement/image", "image_iri", "warning"),
    (("credentialSubject", "achievement", "achievementType"), "Nanodegree",
     "/credentialSubject/achievement/achievementType", "enum_ext", "warning"),
    (("id",), None, "/id", "missing_id", "warning"),
])
def test_each_tolerated_rule(path: tuple[str, ...], value: Any, pointer: str, rule: str,
                             severity: str) -> None:
    doc = _variant(path, value)
    with pytest.raises(mc.InvalidDataError):
        ob3.parse_credential(doc)  # strict stays strict
    result = ob3.read_credential(doc)
    assert [(f.pointer, f.rule, f.severity) for f in result.findings] == [
        (pointer, rule, severity)]
    assert result.to_jsonld() == doc


def test_conforming_document_has_no_finding() -> None:
    result = ob3.read_credential(BASIC)
    assert result.conforms and result.findings == () and result.to_jsonld() == BASIC
    assert ob3.read_credential(BASIC).credential == ob3.parse_credential(BASIC)


def test_an_image_string_that_is_not_a_uri_is_still_an_error() -> None:
    with pytest.raises(mc.InvalidDataError, match="image"):
        ob3.read_credential(_variant(("issuer", "image"), "logo.png"))


def test_unknown_members_are_kept() -> None:
    doc = _variant(("credentialSubject", "id"), None)
    doc["x-custom"] = {"nested": [1, 2.5, None, "ü"]}
    doc["credentialSubject"]["achievement"]["somethingElse"] = "kept"
    result = ob3.read_credential(doc)
    assert result.to_jsonld() == doc
    assert result.credential.model_extra == {"x-custom": {"nested": [1, 2.5, None, "ü"]}}


def test_endorsement_credential_class_is_chosen_by_type() -> None:
    doc = {**copy.deepcopy(BASIC), "type": ["VerifiableCredential", "EndorsementCredential"],
           "credentialSubject": {"id": "https://example.edu/a/1",
                                 "type": ["EndorsementSubject"]}}
    result = ob3.read_credential(doc)
    assert isinstance(result.credential, ob3.EndorsementCredential)
    assert [f.rule for f in result.findings] == ["missing_name"]
    assert result.to_jsonld() == doc


# -- bounded and typed -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "{", "[1, 2]", '"x"', "null", '{"a": NaN}',
                                  '{"a": 1, "a": 2}', b"\xff\xfe{}"])
def test_not_json_or_not_an_object_is_an_error(text: str | bytes) -> None:
    with pytest.raises((mc.InvalidJsonError, mc.InvalidDataError)):
        ob3.read_credential(text)
    with pytest.raises((mc.InvalidJsonError, mc.InvalidDataError)):
        mc.read_clr(text)


def test_too_large_is_an_error_never_a_partial_model() -> None:
    doc = copy.deepcopy(BASIC)
    doc["padding"] = "x" * 5000
    with pytest.raises(mc.InvalidDataError, match="limit"):
        ob3.read_credential(doc, max_bytes=4096)
    with pytest.raises(mc.InvalidJsonError, match="limit"):
        ob3.read_credential(json.dumps(doc), max_bytes=4096)
    deep: Any = "leaf"
    for _ in range(200):
        deep = [deep]
    with pytest.raises(mc.InvalidDataError):
        ob3.read_credential({**BASIC, "deep": deep})


def test_not_plain_json_and_wrong_argument_types() -> None:
    with pytest.raises(mc.InvalidDataError):
        ob3.read_credential({**BASIC, "n": float("nan")})
    with pytest.raises(TypeError, match="dict or JSON text"):
        ob3.read_credential(42)  # type: ignore[arg-type]


# -- properties ------------------------------------------------------------------------------

_MUTATIONS = st.lists(st.sampled_from(["drop_subject_id", "issuer_image", "ach_type",
                                       "unknown_member", "single_type"]), unique=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=ob3_credential_documents(extras=True), mutations=_MUTATIONS,
       junk=st.dictionaries(st.text(min_size=1, max_size=5).map(lambda k: "x-" + k),
                            st.recursive(st.none() | st.booleans() | st.integers(-10**18, 10**18)
                                         | st.text(max_size=5),
                                         lambda c: st.lists(c, max_size=3), max_leaves=5),
                            max_size=3))
def test_lenient_read_is_lossless_and_reports_each_mutation(
        doc: dict[str, Any], mutations: list[str], junk: dict[str, Any]) -> None:
    doc = copy.deepcopy(doc)
    subject = doc["credentialSubject"]
    expected: set[str] = set()
    if "drop_subject_id" in mutations:
        subject.pop("id", None)
        subject.pop("identifier", None)
        expected.add("subject_identity")
    if "issuer_image" in mutations:
        doc["issuer"] = {"id": "https://issuer.example", "type": ["Profile"],
                         "image": "https://issuer.example/logo.png"}
        expected.add("image_iri")
    if "ach_type" in mutations:
        subject["achievement"]["achievementType"] = "NotInTheVocabulary"
        expected.add("enum_ext")
    if "unknown_member" in mutations:
        doc.update(junk)
    if "single_type" in mutations:
        subject["type"] = "AchievementSubject"
    result = ob3.read_credential(doc)
    assert result.to_jsonld() == doc
    assert expected <= {f.rule for f in result.findings}
    assert result.conforms == _strict_ok(doc)
    again = ob3.read_credential(result.to_jsonld())
    assert again.findings == result.findings


# -- CLR ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["simple.json", "simple_v1.json", "complex.json",
                                  "simple_old_safesigned.json"])
def test_real_clrs_read(name: str) -> None:
    doc = _load(REAL / "1edtech-validator" / "clr20" / name)
    result = mc.read_clr(doc)
    assert result.to_jsonld() == doc
    clr = result.credential
    assert isinstance(clr, ob3.ClrCredential)
    assert all(isinstance(c, ob3.OpenBadgeCredential)
               for c in clr.credential_subject.verifiable_credential)
    assert clr.learner_id == doc["credentialSubject"]["id"]


def test_real_clr_findings() -> None:
    old = mc.read_clr(_load(REAL / "1edtech-validator" / "clr20" / "simple_old_safesigned.json"))
    assert [(f.pointer, f.rule) for f in old.findings] == [("/@context/1", "context_order")]
    complex_ = mc.read_clr(_load(REAL / "1edtech-validator" / "clr20" / "complex.json"))
    assert [f.rule for f in complex_.findings] == ["missing_name"]
    assert complex_.findings[0].pointer.startswith("/credentialSubject/verifiableCredential/0/")
    with pytest.raises(mc.InvalidDataError):
        ob3.ClrCredential.from_jsonld(
            _load(REAL / "1edtech-validator" / "clr20" / "simple_old_safesigned.json"))


def test_clr_without_learner_reads_with_an_error_finding() -> None:
    doc = _load(REAL / "1edtech-validator" / "clr20" / "simple.json")
    del doc["credentialSubject"]["id"]
    doc["credentialSubject"]["association"][0]["associationType"] = "hasSkillLevel"
    result = mc.read_clr(doc)
    assert {(f.pointer, f.rule, f.severity) for f in result.findings} == {
        ("/credentialSubject", "subject_identity", "error"),
        ("/credentialSubject/association/0/associationType", "association_type", "warning")}
    assert result.to_jsonld() == doc
    assert result.credential.learner_id is None


def test_clr_with_unreadable_embedded_credential_is_an_error() -> None:
    doc = _load(REAL / "1edtech-validator" / "clr20" / "simple.json")
    del doc["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["achievement"]
    with pytest.raises(mc.InvalidDataError, match="verifiableCredential"):
        mc.read_clr(doc)


# -- VC-JWT and baked images: reading (not verifying) what they carry -------------------------


def test_vc_jwt_is_read_from_its_payload() -> None:
    from microcred import baking

    token = (REAL / "1edtech-validator" / "ob30" / "velocity.jwt").read_text()
    result = ob3.read_credential(token)
    assert result.jwt == token.strip()
    assert isinstance(result.credential, ob3.OpenBadgeCredential)
    for name in ("simple-jwt.png", "simple-jwt.svg", "simple-jwt_v1.png", "simple-jwt_v1.svg",
                 "simple-json.png", "simple-json.svg"):
        carried = baking.unbake((REAL / "1edtech-validator" / "ob30" / name).read_bytes())
        read = ob3.read_credential(carried)
        assert read.conforms, name
        assert (read.jwt is not None) == isinstance(carried, str)
    with pytest.raises((mc.InvalidDataError, mc.InvalidJsonError)):
        ob3.read_credential("a.b.c")  # payload "i\xb7" is not JSON


def test_clr_jwt_with_embedded_jwt_credentials_is_lossless() -> None:
    from microcred.ob3._base import jwt_credential

    token = (REAL / "1edtech-validator" / "clr20" / "simple.jwt").read_text().strip()
    result = mc.read_clr(token)
    assert result.jwt == token
    assert result.to_jsonld() == jwt_credential(token)  # embedded JWS strings written back
    embedded = result.credential.credential_subject.verifiable_credential[0]
    assert isinstance(embedded, ob3.OpenBadgeCredential) and embedded.jwt_form is not None
    assert embedded.credential_subject.achievement.name
    rules = {(f.pointer, f.rule) for f in result.findings}
    assert ("/credentialSubject/verifiableCredential/0", "embedded_jwt") in rules
    with pytest.raises(mc.InvalidDataError):
        ob3.ClrCredential.from_jsonld(jwt_credential(token))  # strict: objects only


def test_string_forms_are_written_back_only_while_unchanged() -> None:
    doc = _variant(("issuer", "image"), "https://example.edu/logo.png")
    cred = ob3.read_credential(doc).credential
    issuer = cred.issuer
    assert isinstance(issuer, ob3.Profile) and issuer.image is not None
    assert issuer.to_jsonld()["image"] == "https://example.edu/logo.png"
    # the model itself is an object; the string form applies where it is nested
    assert issuer.image.to_jsonld() == {"id": "https://example.edu/logo.png", "type": "Image"}
    captioned = issuer.model_copy(update={"image": issuer.image.model_copy(
        update={"caption": "Logo"})})
    assert captioned.to_jsonld()["image"] == {"id": "https://example.edu/logo.png",
                                              "type": "Image", "caption": "Logo"}
    token = (REAL / "1edtech-validator" / "clr20" / "simple.jwt").read_text().strip()
    clr = mc.read_clr(token).credential
    subject = clr.credential_subject
    assert isinstance(subject.to_jsonld()["verifiableCredential"][0], str)
    renamed = subject.model_copy(update={"verifiable_credential": [
        subject.verifiable_credential[0].model_copy(update={"name": "changed"})]})
    assert isinstance(renamed.to_jsonld()["verifiableCredential"][0], dict)  # not what was signed


@settings(max_examples=40, deadline=None)
@given(drop_id=st.booleans(), image=st.booleans(), kind=st.sampled_from(
    ["isPartOf", "hasSkillLevel", "precedes"]), extra=st.dictionaries(
        st.text(min_size=1, max_size=4).map(lambda k: "x-" + k),
        st.integers(-10**18, 10**18),  # (numbers past Limits.max_number_length are refused)
        max_size=2))
def test_clr_lenient_read_is_lossless(drop_id: bool, image: bool, kind: str,
                                      extra: dict[str, int]) -> None:
    doc = _load(REAL / "1edtech-validator" / "clr20" / "simple.json")
    subject = doc["credentialSubject"]
    if drop_id:
        del subject["id"]
    if image:
        doc["issuer"] = {**doc["issuer"], "image": "https://example.edu/logo.png"} \
            if isinstance(doc["issuer"], dict) else doc["issuer"]
    subject["association"][0]["associationType"] = kind
    subject.update(extra)
    result = mc.read_clr(doc)
    assert result.to_jsonld() == doc
    rules = {f.rule for f in result.findings}
    assert ("subject_identity" in rules) == drop_id
    assert ("association_type" in rules) == (kind == "hasSkillLevel")
    assert mc.read_clr(json.dumps(doc)).findings == result.findings
