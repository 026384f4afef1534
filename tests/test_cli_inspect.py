"""CLI: ``python -m microcred inspect`` (the trust report on a received badge)."""

from __future__ import annotations

import copy
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import microcred as mc
from microcred import baking, ob3
from microcred.__main__ import build_demo_credential, main

KEY = mc.Ed25519Key.from_seed(bytes([9]) * 32)
NOW = "2025-04-01T00:00:00Z"
REAL = Path(__file__).resolve().parent / "vectors" / "real" / "1edtech-validator" / "ob30"
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                 r"\u2028\u2029]")
HOSTILE = "\x1b[2J\x1b[H\r\nVERIFIED\n\x9b31m\x85\u202eevil\u2066x\u2069\u200f\u2028\x00\x7f"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def _badge(micro: mc.MicroCredential | None = None) -> dict[str, Any]:
    cred = ob3.from_micro_credential(micro or build_demo_credential(),
                                     credential_id="urn:uuid:cli-inspect", issuer=KEY.did)
    return mc.sign(cred.to_jsonld(), KEY.signer(),
                   created=datetime(2025, 3, 21, 1, 0, tzinfo=timezone.utc))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("inspect")
    signed = _badge()
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["learnerEffort"]["hours"] = "900"
    paths = {"badge": tmp / "badge.json", "tampered": tmp / "tampered.json",
             "jwt": tmp / "badge.jwt", "png": tmp / "badge.png", "plain": tmp / "plain.png",
             "array": tmp / "array.json", "missing": tmp / "missing.json"}
    paths["badge"].write_text(json.dumps(signed), encoding="utf-8")
    paths["tampered"].write_text(json.dumps(tampered), encoding="utf-8")
    unsigned = ob3.from_micro_credential(build_demo_credential(), credential_id="urn:uuid:j",
                                         issuer=KEY.did).to_jsonld()
    paths["jwt"].write_text(mc.issue_vc_jwt(unsigned, KEY.signer()) + "\n", encoding="utf-8")
    paths["png"].write_bytes(baking.bake(baking.minimal_png(), signed))
    paths["plain"].write_bytes(baking.minimal_png())
    paths["array"].write_text("[1, 2]", encoding="utf-8")
    return paths


def test_verified_badge_exits_0_with_both_wheels(files: dict[str, Path]) -> None:
    code, text = run("inspect", str(files["badge"]), "--now", NOW)
    assert code == 0, text
    lines = text.split("\n")
    assert lines[0] == "Trust report: Applied Data Science and AI Basics"
    assert lines[2].startswith("VERIFIED: the data is authenticated")
    for part in ("1. The badge (information technology)", "2. The micro-credential (education)",
                 "Quality assurance stated by the issuer", "UNESCO (2022) definition: met",
                 "Framework profiles:", "Conditions:"):
        assert part in text, part


def test_japanese(files: dict[str, Path]) -> None:
    code, text = run("inspect", str(files["badge"]), "--now", NOW, "--lang", "ja")
    assert code == 0
    assert text.startswith("信頼性レポート: データサイエンス・AI応用基礎\n")
    assert "検証成功" in text and "求められる条件:" in text and "VERIFIED" not in text


def test_vc_jwt_and_baked_png(files: dict[str, Path]) -> None:
    assert run("inspect", str(files["jwt"]), "--now", NOW)[0] == 0
    code, text = run("inspect", str(files["png"]), "--now", NOW)
    assert code == 0 and "Trust report: Applied Data Science" in text


def test_tampered_badge_exits_1_with_the_education_report(files: dict[str, Path]) -> None:
    code, text = run("inspect", str(files["tampered"]), "--now", NOW)
    assert code == 1
    assert "NOT VERIFIED: the data is not authenticated" in text
    assert "⚠ the data is not authenticated: every value below is unverified" in text
    assert "Learner effort: 900 h" in text and "UNESCO (2022) definition" in text


def test_json(files: dict[str, Path]) -> None:
    code, text = run("inspect", str(files["badge"]), "--now", NOW, "--json")
    data = json.loads(text)
    assert code == 0 and data["ok"] is True and data["status"] == 0
    assert data["verified"] is True and data["unesco"]["meets_definition"] is True
    assert "JWG" in data["conforms_to"]
    code, text = run("inspect", str(files["tampered"]), "--now", NOW, "--json")
    data = json.loads(text)
    assert code == 1 and data["ok"] is False and data["authenticated"] is False
    assert data["descriptors"]["ok"] is True


@pytest.mark.skipif(not (REAL / "simple.json").exists(), reason="real vectors not present")
def test_real_1edtech_credential_with_keys(tmp_path: Path) -> None:
    doc = json.loads((REAL / "simple.json").read_text(encoding="utf-8"))
    vm = doc["proof"][0]["verificationMethod"]
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps({vm: vm.split("#", 1)[1]}), encoding="utf-8")
    code, text = run("inspect", str(REAL / "simple.json"), "--now", NOW)
    assert code == 1 and "Trust report: Teamwork" in text
    assert "unknown-verification-method" in text
    code, text = run("inspect", str(REAL / "simple.json"), "--keys", str(keys), "--now", NOW)
    assert code == 0 and "VERIFIED: the data is authenticated" in text
    assert "UNESCO (2022) definition: not met" in text


def test_status_options(files: dict[str, Path], tmp_path: Path) -> None:
    cred = ob3.from_micro_credential(build_demo_credential(), credential_id="urn:uuid:s",
                                     issuer=KEY.did).to_jsonld()
    cred["credentialStatus"] = {"id": "https://example.edu/status/1#5",
                                "type": "BitstringStatusListEntry",
                                "statusPurpose": "revocation", "statusListIndex": "5",
                                "statusListCredential": "https://example.edu/status/1"}
    path = tmp_path / "status.json"
    signed = mc.sign(cred, KEY.signer(), created=datetime(2025, 3, 21, tzinfo=timezone.utc))
    path.write_text(json.dumps(signed), encoding="utf-8")
    assert run("inspect", str(path), "--now", NOW)[0] == 1
    assert run("inspect", str(path), "--now", NOW, "--no-require-status")[0] == 0


@pytest.mark.parametrize("argv", [
    ["missing"], ["plain"], ["array"], ["badge", "--now", "yesterday"],
    ["badge", "--keys", "missing"], ["badge", "--context", "nonsense"],
])
def test_unusable_input_exits_2(files: dict[str, Path], argv: list[str],
                                capsys: pytest.CaptureFixture[str]) -> None:
    args = [str(files[a]) if a in files else a for a in argv]
    code, text = run("inspect", *args)
    assert code == 2 and text == ""
    assert "Traceback" not in capsys.readouterr().err
    code, text = run("inspect", *args, "--json")
    data = json.loads(text)
    assert code == 2 and data["ok"] is False and data["status"] == 2 and data["error"]["code"]


def test_hostile_strings_are_escaped(tmp_path: Path) -> None:
    data = build_demo_credential().model_dump(mode="json")
    data["title"]["text"] = f"Badge{HOSTILE}"
    data["awarding_body"]["name"]["text"] = f"Uni{HOSTILE}"
    data["quality_assurance"][0]["description"]["text"] = f"QA{HOSTILE}"
    signed = _badge(mc.MicroCredential.parse(data))  # a signed badge, hostile by its issuer
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(signed), encoding="utf-8")
    signed["issuer"]["name"] = f"Issuer{HOSTILE}"
    signed["credentialSubject"]["achievement"]["description"] = f"Text{HOSTILE}"
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(signed), encoding="utf-8")
    for file, status in ((path, 0), (forged, 1)):
        for lang in ("en", "ja"):
            code, text = run("inspect", str(file), "--now", NOW, "--lang", lang)
            assert code == status
            assert not RAW.search(text)
            assert "VERIFIED" not in text.split("\n")
            assert "\\x1b[2J" in text and "\\u202eevil" in text
        code, text = run("inspect", str(file), "--now", NOW, "--json")
        assert code == status and not RAW.search(text.replace("\n", ""))
        assert json.loads(text)["verified"] is (status == 0)


def test_help_lists_inspect(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"], io.StringIO())
    assert "inspect" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["inspect", "--help"], io.StringIO())
    assert "seed" not in capsys.readouterr().out.lower()
