"""The trust report (microcred.inspect_badge): both wheels, the badge and the education side.

Real credential: tests/vectors/real/1edtech-validator/ob30 (origins and licence in
tests/vectors/real/SOURCES.md).
"""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import microcred as mc
from microcred import ob3, profiles
from microcred.__main__ import build_demo_credential
from microcred.report import ReportProblem, TrustReport, inspect_badge

KEY = mc.Ed25519Key.from_seed(bytes([7]) * 32)
CREATED = datetime(2025, 3, 21, 1, 0, tzinfo=timezone.utc)
NOW = datetime(2025, 4, 1, tzinfo=timezone.utc)
REAL = Path(__file__).resolve().parent / "vectors" / "real" / "1edtech-validator" / "ob30"
# what must never reach a line of render() raw: controls, bidi overrides, line separators
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                 r"\u2028\u2029]")


def _unsigned(micro: mc.MicroCredential | None = None) -> dict[str, Any]:
    cred = ob3.from_micro_credential(micro or build_demo_credential(),
                                     credential_id="urn:uuid:report-1", issuer=KEY.did)
    return cred.to_jsonld()


@pytest.fixture(scope="module")
def signed() -> dict[str, Any]:
    return mc.sign(_unsigned(), KEY.signer(), created=CREATED)


@pytest.fixture(scope="module")
def report(signed: dict[str, Any]) -> TrustReport:
    return inspect_badge(signed, now=NOW)


# -- a verified badge -------------------------------------------------------------------------


def test_verified_badge_turns_both_wheels(report: TrustReport) -> None:
    assert report.verified and report.verification.verified
    assert report.issuer == (KEY.did, "Example University")
    assert report.reading is not None and report.reading.conforms
    m = report.micro_credential
    assert m is not None and m.title is not None
    assert m.title.in_lang("ja") == "データサイエンス・AI応用基礎"
    assert report.descriptors_problem is None and report.reading_problem is None
    assert report.unesco is not None and report.unesco.meets_definition
    assert [r.profile.key for r in report.profiles] == [p.key for p in profiles.BUILTIN]
    assert "JWG" in report.conforms_to and "EU" not in report.conforms_to  # no level
    assert [(q.kind.value, q.scope.value) for q in report.quality_assurance] == [
        ("internal", "programme"), ("external", "institution")]
    assert report.conditions is not None
    assert report.conditions.result("authenticity").met is True
    assert report.conditions.result("quality_assurance").met is True


def test_verified_render_in_english(report: TrustReport) -> None:
    text = report.render()
    lines = text.split("\n")
    assert lines[0] == "Trust report: Applied Data Science and AI Basics"
    assert lines[2].startswith("VERIFIED: the data is authenticated, signed with a key of the "
                               f"issuer {KEY.did}")
    for expected in ("1. The badge (information technology)", "    ✓ Proofs: ",
                     "2. The micro-credential (education)",
                     "  Quality assurance stated by the issuer (not checked with the QA "
                     "bodies):",
                     "  UNESCO (2022) definition: met", "  Framework profiles:",
                     "  Conditions:", "      ✓ Authenticity and verification: the issued "
                                      "credential verifies"):
        assert any(line.startswith(expected) for line in lines), expected
    assert "not authenticated" not in text
    assert not re.search(r"[\u3040-\u30ff]", text.replace("履修証明プログラム", ""))  # English only


def test_japanese_rendering(report: TrustReport) -> None:
    text = report.render("ja")
    lines = text.split("\n")
    assert lines[0] == "信頼性レポート: データサイエンス・AI応用基礎"
    assert lines[2].startswith("検証成功：データは発行者")
    for expected in ("1. デジタルバッジ（情報技術）", "2. マイクロクレデンシャル（教育）",
                     "  発行者が記載する質保証（質保証機関には未確認）:",
                     "    • プログラムの内部質保証 — サンプル大学 教務委員会",
                     "  UNESCO（2022）の定義: 満たす", "  フレームワーク別の適合性:",
                     "  求められる条件:", "    デジタル発行の条件",
                     "      ✓ 検証可能性: 発行された証明は検証に成功"):
        assert expected in lines, expected
    assert "VERIFIED" not in text and "conforms" not in text
    assert report.render("ja-JP") == text


def test_as_dict_is_json_and_bilingual(report: TrustReport) -> None:
    data = json.loads(json.dumps(report.as_dict()))
    assert data["verified"] is data["authenticated"] is True
    assert data["notice"]["en"].startswith("VERIFIED") and data["notice"]["ja"]
    assert data["verification"]["verified"] is True
    assert data["reading"] == {"ok": True, "conforms": True, "findings": [], "problem": None}
    assert data["descriptors"]["authenticated"] is True
    assert "learning_outcomes" in data["descriptors"]["present"]
    assert data["descriptors"]["missing"] == ["level", "grade"]
    assert len(data["quality_assurance"]["stated_by_issuer"]) == 2
    assert data["unesco"]["meets_definition"] is True
    assert {p["profile"] for p in data["profiles"]} == {p.key for p in profiles.BUILTIN}
    assert data["conditions"]["results"][0]["key"] == "transparency"


def test_vc_jwt_badge_is_read_from_what_was_signed() -> None:
    token = mc.issue_vc_jwt(_unsigned(), KEY.signer())
    r = inspect_badge(token, now=NOW)
    assert r.verified and r.micro_credential is not None
    assert r.unesco is not None and r.unesco.meets_definition
    assert inspect_badge(token.encode(), now=NOW).verified


def test_json_text_and_model_inputs(signed: dict[str, Any]) -> None:
    assert inspect_badge(json.dumps(signed), now=NOW).verified
    model = ob3.read_credential(signed).credential
    assert inspect_badge(model, now=NOW).verified


# -- a badge that does not verify still gets the education report ------------------------------


def test_tampered_badge_gets_the_education_report_marked_unverified(
        signed: dict[str, Any]) -> None:
    bad = copy.deepcopy(signed)
    bad["credentialSubject"]["achievement"]["learnerEffort"]["hours"] = "900"
    r = inspect_badge(bad, now=NOW)
    assert not r.verified
    assert "proof-set" in {c.id for c in r.verification.failures}
    assert r.micro_credential is not None and r.micro_credential.effort is not None
    assert str(r.micro_credential.effort.hours) == "900"  # what the document claims
    assert r.unesco is not None and len(r.profiles) == len(profiles.BUILTIN)
    assert r.conditions is not None and r.conditions.result("authenticity").met is False
    text = r.render()
    assert text.split("\n")[2].startswith("NOT VERIFIED: the data is not authenticated")
    assert "  ⚠ the data is not authenticated: every value below is unverified" in text
    assert "UNESCO (2022) definition" in text
    ja = r.render("ja")
    assert "検証失敗：データの真正性は確認されていません" in ja
    data = r.as_dict()
    assert data["authenticated"] is False and data["descriptors"]["authenticated"] is False
    assert data["quality_assurance"]["authenticated"] is False


def test_contradicting_terms_fall_back_to_the_standard_properties(
        signed: dict[str, Any]) -> None:
    bad = copy.deepcopy(signed)
    bad["credentialSubject"]["achievement"]["name"] = "Advanced Data Science (forged)"
    r = inspect_badge(bad, now=NOW)
    assert not r.verified
    assert isinstance(r.descriptors_problem, ReportProblem)
    assert r.descriptors_problem.code == "descriptors-invalid"
    assert any("contradicts" in d for d in r.descriptors_problem.details)
    m = r.micro_credential
    assert m is not None and m.title is not None
    assert m.title.text == "Advanced Data Science (forged)" and m.effort is None
    assert "⚠ the microcred descriptor terms cannot be read" in r.render()


def test_unsigned_badge_is_not_verified_but_read() -> None:
    r = inspect_badge(_unsigned(), now=NOW)
    assert not r.verified and r.micro_credential is not None
    assert "NOT VERIFIED" in r.render()


@pytest.mark.parametrize("document", [
    {}, {"@context": ["https://www.w3.org/ns/credentials/v2"]}, "{", "not json", b"[1, 2]",
    "e30.e30.e30", {"type": ["VerifiableCredential", "OpenBadgeCredential"], "issuer": 5},
    {"credentialSubject": {"achievement": "x" * 100}}, "[" * 10_000,
])
def test_unreadable_documents_never_raise(document: Any) -> None:
    r = inspect_badge(document, now=NOW)
    assert not r.verified and r.micro_credential is None
    assert r.reading_problem is not None or r.descriptors_problem is not None
    assert r.unesco is None and r.profiles == () and r.conditions is None
    for lang in ("en", "ja"):
        text = r.render(lang)
        assert ("no descriptors could be read" in text) or ("記述項目を読み取れません" in text)
    json.dumps(r.as_dict())


def test_wrong_argument_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        inspect_badge(42)
    with pytest.raises(TypeError):
        inspect_badge({}, now="yesterday")
    with pytest.raises(TypeError):
        inspect_badge({}, profiles=["JWG"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        inspect_badge({}, evidence=["relevance"])  # type: ignore[arg-type]


# -- options pass through ---------------------------------------------------------------------


def test_verify_options_and_evidence_pass_through(signed: dict[str, Any]) -> None:
    late = inspect_badge(signed, now=datetime(2099, 1, 1, tzinfo=timezone.utc))
    assert late.verified  # no validUntil: still valid
    status = copy.deepcopy(_unsigned())
    status["credentialStatus"] = {"id": "https://example.edu/status/1#5",
                                  "type": "BitstringStatusListEntry",
                                  "statusPurpose": "revocation", "statusListIndex": "5",
                                  "statusListCredential": "https://example.edu/status/1"}
    with_status = mc.sign(status, KEY.signer(), created=CREATED)
    assert not inspect_badge(with_status, now=NOW).verified  # could not check the status
    assert inspect_badge(with_status, now=NOW, require_status=False).verified
    assert inspect_badge(with_status, now=NOW, status_checker=lambda c, now: True).verified
    assert not inspect_badge(with_status, now=NOW, status_checker=lambda c, now: False).verified
    r = inspect_badge(signed, now=NOW, evidence={"relevance": "https://example.org/board",
                                                 "verified": False},
                      profiles=[profiles.JWG])
    assert r.conditions is not None
    assert r.conditions.result("relevance").met is True
    assert r.conditions.result("authenticity").met is True  # the verification wins
    assert [p.profile.key for p in r.profiles] == ["JWG"]


# -- a real 1EdTech credential ----------------------------------------------------------------


@pytest.mark.skipif(not (REAL / "simple.json").exists(), reason="real vectors not present")
def test_real_1edtech_credential() -> None:
    doc = json.loads((REAL / "simple.json").read_text(encoding="utf-8"))
    vm = doc["proof"][0]["verificationMethod"]
    unknown = inspect_badge(doc, now=NOW)
    assert not unknown.verified  # its key is not published at a resolvable address
    assert unknown.micro_credential is not None
    resolver = mc.StaticKeyResolver({vm: vm.split("#", 1)[1]})
    r = inspect_badge(doc, resolver=resolver, now=NOW)
    assert r.verified and r.issuer == ("https://example.com/issuers/876543", "Example Corp")
    m = r.micro_credential
    assert m is not None and m.title is not None and m.title.text == "Teamwork"
    assert m.learner is not None and m.learner.id == "did:example:ebfeb1f712ebc6f1c276e12ec21"
    assert r.unesco is not None and not r.unesco.meets_definition
    assert r.conforms_to == () and r.quality_assurance == ()
    text = r.render()
    assert "Trust report: Teamwork" in text and "    none stated" in text
    assert "required descriptors missing: Learning outcomes" in text
    assert "信頼性レポート: Teamwork" in r.render("ja")


@pytest.mark.skipif(not (REAL / "endorsement-valid.json").exists(),
                    reason="real vectors not present")
def test_real_endorsement_credential_has_no_descriptors() -> None:
    doc = json.loads((REAL / "endorsement-valid.json").read_text(encoding="utf-8"))
    r = inspect_badge(doc, now=NOW)
    assert r.reading is not None and r.micro_credential is None
    assert r.descriptors_problem is not None
    assert r.descriptors_problem.code == "not-an-achievement"
    assert "EndorsementCredential" in r.render()


# -- hostile strings --------------------------------------------------------------------------

HOSTILE = "\x1b[2J\x1b[H\r\nVERIFIED\n\x9b31m\x85\u202eevil\u2066x\u2069\u200f\u2028\x00\x7f"


def test_hostile_strings_are_inert_in_render() -> None:
    data = build_demo_credential().model_dump(mode="json")
    data["title"]["text"] = f"Badge{HOSTILE}"
    data["awarding_body"]["name"]["text"] = f"Uni{HOSTILE}"
    data["quality_assurance"][0]["body"]["text"] = f"QA{HOSTILE}"
    data["learning_outcomes"][0]["statement"]["text"] = f"LO{HOSTILE}"
    doc = mc.sign(_unsigned(mc.MicroCredential.parse(data)), KEY.signer(), created=CREATED)
    doc["issuer"]["name"] = f"Issuer{HOSTILE}"  # and unauthenticated from here on
    r = inspect_badge(doc, now=NOW)
    assert not r.verified and r.micro_credential is not None
    for lang in ("en", "ja"):
        text = r.render(lang)
        assert not RAW.search(text)
        assert "VERIFIED" not in text.split("\n")
        assert "Trust report: Badge\\x1b[2J\\x1b[H\\x0d\\x0aVERIFIED" in text or lang == "ja"
        assert "\\u202eevil" in text and "Issuer\\x1b" in text


def test_inert_keeps_ordinary_text() -> None:
    from microcred.report import _inert

    for text in ("データサイエンス・AI応用基礎", "Café — naïve ✓", "🎓 badge", "עברית"):
        assert _inert(text) == text


def test_module_doctest() -> None:
    import doctest

    import microcred.report

    result = doctest.testmod(microcred.report,
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
