"""CLI without surprises: no traceback for any input, exit status 0/1/2 for every command,
``--json`` in every case, one language per run, and nothing a credential says can drive the
terminal."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import microcred as mc
from microcred import baking
from microcred.__main__ import build_demo_credential, main, safe_text
from test_cli_credentials import KEY, NOW, credential, run

CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Everything safe_text must neutralise (a sample of each family).
HOSTILE = ("\x1b[2J\x1b[H\x1b]0;title\x07\r\nVERIFIED\n\x9b31m\x85\u202eevil\u2066x\u2069"
           "\u200f\u2028\ud800\x00\x7f")
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f"
                         r"\u061c\u2028\u2029\ud800-\udfff]")


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    signed = mc.sign(credential(), KEY.signer(), created="2024-01-01T00:00:00Z")
    paths = {"cred": tmp_path / "badge.json", "key": tmp_path / "issuer.key",
             "desc": tmp_path / "descriptor.json", "latin1": tmp_path / "latin1.json",
             "png": tmp_path / "plain.png", "missing": tmp_path / "missing.json",
             "dir": tmp_path}
    paths["cred"].write_text(json.dumps(signed), encoding="utf-8")
    paths["key"].write_text(KEY.export_secret_multibase() + "\n", encoding="utf-8")
    paths["desc"].write_text(build_demo_credential().model_dump_json(), encoding="utf-8")
    paths["latin1"].write_bytes('{"title": "Caf\xe9 \xab\xbb"}'.encode("latin-1"))
    paths["png"].write_bytes(baking.minimal_png())
    return paths


# -- safe_text ------------------------------------------------------------------------------


def test_safe_text_escapes_controls_bidi_and_surrogates() -> None:
    escaped = safe_text(HOSTILE)
    assert not RAW_CONTROL.search(escaped)
    for token in ("\\x1b", "\\x0a", "\\x0d", "\\x9b", "\\x85", "\\u202e", "\\u2066",
                  "\\u2069", "\\u200f", "\\u2028", "\\ud800", "\\x00", "\\x7f", "\\x07"):
        assert token in escaped
    escaped.encode("utf-8")  # no lone surrogate left: always printable


@pytest.mark.parametrize("text", ["データサイエンス・AI応用基礎", "Café — naïve ✓", "🎓 badge",
                                  "עברית", "https://example.edu/a?b=c#d"])
def test_safe_text_keeps_ordinary_text(text: str) -> None:
    assert safe_text(text) == text


# -- no traceback, exit status 2, --json for unusable input --------------------------------


def _unusable_cases(f: dict[str, Path]) -> list[list[str]]:
    missing, latin1, cred = str(f["missing"]), str(f["latin1"]), str(f["cred"])
    desc, key = str(f["desc"]), str(f["key"])
    return [
        ["check", missing], ["check", latin1], ["check", cred], ["check", str(f["dir"])],
        ["verify", missing], ["verify", latin1], ["verify", str(f["png"])],
        ["verify", cred, "--keys", missing], ["verify", cred, "--keys", latin1],
        ["verify", cred, "--context", "nonsense"], ["verify", cred, "--now", "yesterday"],
        ["verify", cred, "--status-list", missing],
        ["issue", missing, "--key", key, "--id", "urn:x"],
        ["issue", latin1, "--key", key, "--id", "urn:x"],
        ["issue", desc, "--key", latin1, "--id", "urn:x"],
        ["issue", desc, "--key", key, "--id", "not a uri"],
        ["issue", cred, "--key", key, "--id", "urn:x"],
        ["bake", str(f["png"]), missing, "--out", str(f["dir"] / "o.png")],
        ["bake", str(f["png"]), latin1, "--out", str(f["dir"] / "o.png")],
        ["unbake", str(f["png"])], ["unbake", missing],
    ]


def test_unusable_input_exits_2_without_traceback(files: dict[str, Path],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for argv in _unusable_cases(files):
        code, text = run(*argv)
        err = capsys.readouterr().err
        assert code == 2, (argv, text, err)
        assert "Traceback" not in err and "Error:" not in err.split(":", 1)[0], (argv, err)
        assert err.startswith("error: "), (argv, err)
        assert not RAW_CONTROL.search(err)


def test_unusable_input_with_json_is_one_json_document(
        files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    for argv in _unusable_cases(files):
        code, text = run(*argv, "--json")
        assert code == 2, (argv, text)
        data = json.loads(text)
        assert data["ok"] is False and data["status"] == 2, argv
        assert data["error"]["code"] and data["error"]["message"], argv
        assert capsys.readouterr().err == ""
        if argv[0] == "verify":
            assert data["verified"] is False


def test_bad_arguments_exit_2_in_either_form(files: dict[str, Path],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run("verify")[0] == 2
    assert "usage:" in capsys.readouterr().err
    code, text = run("verify", str(files["cred"]), "--proof-policy", "some", "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "bad-arguments"
    code, text = run("nonsense", "--json")
    assert code == 2 and json.loads(text)["status"] == 2


def test_messages_name_the_problem(files: dict[str, Path],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    run("check", str(files["missing"]))
    assert "cannot read" in capsys.readouterr().err
    run("check", str(files["latin1"]))
    assert "not UTF-8" in capsys.readouterr().err
    run("check", str(files["cred"]))
    err = capsys.readouterr().err
    assert "descriptor" in err and "verify" in err and "Extra inputs" not in err
    run("issue", str(files["desc"]), "--key", str(files["key"]), "--id", "not a uri")
    err = capsys.readouterr().err
    assert "absolute URI" in err and not CJK.search(err)
    run("issue", str(files["desc"]), "--key", str(files["key"]), "--id", "not a uri",
        "--lang", "ja")
    err = capsys.readouterr().err
    assert err.startswith("エラー: ") and "絶対URI" in err and "absolute URI" not in err


def test_real_process_has_no_traceback(files: dict[str, Path]) -> None:
    for argv in (["check", str(files["latin1"])],
                 ["issue", str(files["desc"]), "--key", str(files["key"]), "--id", "not a uri"],
                 ["verify", str(files["missing"]), "--json"]):
        proc = subprocess.run([sys.executable, "-m", "microcred", *argv], capture_output=True,
                              text=True, encoding="utf-8", timeout=120, check=False)
        assert proc.returncode == 2, (argv, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["error"]["code"] == "unreadable"


# -- exit status 0 / 1 -------------------------------------------------------------------------


def test_exit_status_per_command(files: dict[str, Path], tmp_path: Path) -> None:
    assert run("verify", str(files["cred"]), "--now", NOW)[0] == 0
    tampered = json.loads(files["cred"].read_text())
    tampered["name"] = "Forged"
    (tmp_path / "t.json").write_text(json.dumps(tampered))
    assert run("verify", str(tmp_path / "t.json"), "--now", NOW)[0] == 1
    assert run("check", str(files["desc"]), "--profile", "JWG")[0] == 0
    assert run("check", str(files["desc"]), "--profile", "EU")[0] == 1
    code, text = run("issue", str(files["desc"]), "--key", str(files["key"]), "--id", "urn:x:1",
                     "--json")
    assert code == 0 and json.loads(text)["credential"]["proof"]
    code, text = run("issue", str(files["desc"]), "--key", str(files["key"]), "--id", "urn:x:1",
                     "--out", str(tmp_path / "c.json"), "--json")
    assert code == 0 and json.loads(text) == {"ok": True, "status": 0,
                                              "out": str(tmp_path / "c.json")}
    baked = tmp_path / "baked.png"
    assert run("bake", str(files["png"]), str(tmp_path / "c.json"), "--out", str(baked))[0] == 0
    code, text = run("unbake", str(baked), "--json")
    assert code == 0 and json.loads(text)["credential"]["id"] == "urn:x:1"


# -- one language per run ------------------------------------------------------------------


def test_one_language_per_run(files: dict[str, Path]) -> None:
    code, text = run("verify", str(files["cred"]), "--now", NOW)
    assert code == 0 and not CJK.search(text)
    code, text = run("verify", str(files["cred"]), "--now", NOW, "--lang", "ja")
    assert code == 0 and "検証に成功しました" in text
    assert "VERIFIED" not in text and "passed" not in text


def test_cli_texts_never_mention_internal_words(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("demo", "profiles", "check", "verify", "issue", "bake", "unbake"):
        with pytest.raises(SystemExit):
            main([command, "--help"], io.StringIO())
        assert "seed" not in capsys.readouterr().out.lower()


def test_demo_never_mentions_internal_words() -> None:
    for lang in ("en", "ja"):
        assert "seed" not in run("demo", "--lang", lang)[1].lower()


# -- hostile credentials cannot drive the terminal --------------------------------------------


def _hostile_credential() -> dict[str, Any]:
    hostile = HOSTILE.replace("\ud800", "")  # the JSON parser refuses lone surrogates
    cred = credential(name=f"Badge{hostile}")
    cred["type"] = ["VerifiableCredential", f"OpenBadgeCredential{hostile}"]
    cred["issuer"] = {"id": f"https://evil.example/{hostile}", "type": ["Profile"],
                      "name": hostile}
    cred["@context"] = [*cred["@context"], f"https://evil.example/ctx{hostile}"]
    cred["proof"] = {"type": "DataIntegrityProof", "cryptosuite": f"eddsa{hostile}",
                     "verificationMethod": f"did:key:z{hostile}#k", "proofPurpose":
                     "assertionMethod", "proofValue": f"z{hostile}"}
    return cred


def test_hostile_strings_are_escaped_everywhere(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(_hostile_credential()), encoding="utf-8")  # \uXXXX escapes
    for lang in ("en", "ja"):
        code, text = run("verify", str(path), "--now", NOW, "--lang", lang)
        assert code == 1
        assert not RAW_CONTROL.search(text)
        lines = text.split("\n")
        assert "VERIFIED" not in lines and lines[-2] in ("NOT VERIFIED", "検証に失敗しました")
        assert "\\x1b" in text or code == 1
    code, text = run("verify", str(path), "--now", NOW, "--json")
    assert code == 1 and not RAW_CONTROL.search(text.replace("\n", ""))
    assert json.loads(text)["verified"] is False
    # a hostile file name in an error message
    odd = tmp_path / "x\x1b[2Jy\u202e.json"
    code, _ = run("verify", str(odd))
    err = capsys.readouterr().err
    assert code == 2 and "\\x1b[2J" in err and not RAW_CONTROL.search(err)


def test_hostile_descriptor_text_is_escaped(files: dict[str, Path], tmp_path: Path) -> None:
    data = json.loads(files["desc"].read_text())
    data["title"]["text"] = "Data\x1b[2J\x9b\u202eScience"
    path = tmp_path / "hostile-desc.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, text = run("check", str(path), "--profile", "JWG")
    assert code in (0, 1) and not RAW_CONTROL.search(text)
    code, text = run("issue", str(path), "--key", str(files["key"]), "--id", "urn:x:2")
    assert code == 0 and not RAW_CONTROL.search(text.replace("\n", ""))
    assert json.loads(text)["name"] == "Data\x1b[2J\x9b\u202eScience"  # same value, escaped


def test_a_problem_is_said_once(tmp_path: Path, files: dict[str, Path],
                                capsys: pytest.CaptureFixture[str]) -> None:
    """A descriptor without an issue date: the one problem is one line, not the head line
    and the same text again under it."""
    descriptor = tmp_path / "no-date.json"
    descriptor.write_text(json.dumps({"title": {"text": "x", "lang": "en"},
                                      "learner": {"id": "did:example:learner-1"}}),
                          encoding="utf-8")
    code, _ = run("issue", str(descriptor), "--key", str(files["key"]), "--id",
                  "urn:uuid:6a1e2c0e-8f9b-4a31-9d0c-2b7e5f1a4c3d")
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "valid_from" in lines[0], lines
