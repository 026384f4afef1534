"""CLI: ``demo`` and ``profiles`` (run in-process and once as a real subprocess)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from microcred import Descriptor, profiles
from microcred.__main__ import COMMANDS, build_demo_credential, build_parser, main


def run(*argv: str) -> str:
    out = io.StringIO()
    assert main(list(argv), out) == 0
    return out.getvalue()


def test_commands_registered_in_one_table() -> None:
    assert [c.name for c in COMMANDS][:2] == ["demo", "profiles"]
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args([])  # a command is required


def test_demo_credential_is_bilingual_and_complete() -> None:
    mc = build_demo_credential()
    assert mc.title is not None and mc.title.in_lang("ja") == "データサイエンス・AI応用基礎"
    assert mc.awarding_body is not None and mc.awarding_body.country == "JP"
    missing = set(mc.missing_descriptors())
    assert missing == {Descriptor.LEVEL, Descriptor.GRADE}  # Japan has no national QF
    for lo in mc.learning_outcomes:
        assert set(lo.statement.languages) == {"en", "ja"}


def test_demo_output_en() -> None:
    text = run("demo")
    assert "UNESCO (2022) definition: met" in text
    for p in profiles.BUILTIN:
        assert p.name_en in text
    assert "  + Level (required)" in text
    # section 4: the credential is issued, verifies, and a tampered copy does not
    assert "Verification: verified\n" in text
    assert "✓ proof.0.signature: eddsa-rdfc-2022 signature verifies" in text
    assert ("After tampering with the name: NOT verified — proof.0.signature (signature-invalid)"
            in text)


def test_demo_output_ja() -> None:
    text = run("demo", "--lang", "ja")
    assert "UNESCO（2022）の定義: 満たす" in text
    assert "データサイエンス・AI応用基礎" in text and "不適合" in text
    assert "検証結果: 検証成功" in text and "改ざんした場合: 検証失敗" in text


def test_profiles_markdown() -> None:
    md = run("profiles", "--lang", "ja")
    assert md.splitlines()[0] == "| # | 記述項目 | JWG | EU | Australia | Malaysia | 履修証明 |"
    assert len(md.strip().splitlines()) == 2 + len(Descriptor)
    md_all = run("profiles", "--all", "--notes")
    assert "EU Annex I" in md_all.splitlines()[0] and "if applicable" in md_all


def test_profiles_csv_and_json() -> None:
    rows = list(csv.DictReader(io.StringIO(run("profiles", "--format", "csv"))))
    assert rows[12]["descriptor"] == "level" and rows[12]["EU"] == "required"
    data = json.loads(run("profiles", "--format", "json", "--all"))
    assert [p["key"] for p in data["profiles"]] == [p.key for p in profiles.BUILTIN]
    assert data["rows"] == profiles.compare(profiles.BUILTIN).rows()


def test_module_runs_as_script() -> None:
    proc = subprocess.run([sys.executable, "-m", "microcred", "profiles", "--format", "csv"],
                          capture_output=True, text=True, encoding="utf-8", check=True)
    assert proc.stdout.startswith("number,descriptor,label_en,label_ja,JWG,EU,")


def test_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mc.json"
    path.write_text(build_demo_credential().model_dump_json(), encoding="utf-8")
    out = io.StringIO()
    assert main(["check", str(path), "--profile", "JWG"], out) == 0
    assert "UNESCO (2022) definition: met" in out.getvalue()
    out = io.StringIO()
    assert main(["check", str(path), "--profile", "EU", "--json"], out) == 1
    data = json.loads(out.getvalue())
    assert data["unesco"]["meets_definition"] is True
    assert data["profiles"][0]["status"] == "does_not_conform"
    assert data["profiles"][0]["findings"][0]["descriptor"] == "level"
    bad = tmp_path / "bad.json"
    bad.write_text('{"languages": ["en_US"]}', encoding="utf-8")
    assert main(["check", str(bad)], io.StringIO()) == 2
    assert "languages.0" in capsys.readouterr().err
    assert main(["check", str(path), "--profile", "NOPE"], io.StringIO()) == 2
