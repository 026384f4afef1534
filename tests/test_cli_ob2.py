"""``microcred verify`` on Open Badges 2.0 assertions (issue 13): the CLI reads JSON, signed
(JWS) and baked OB 2.0 assertions and verifies them with ``ob2.verify_ob2`` against the
documents the caller fetched (``--document URL=FILE``); nothing is fetched.

Inputs are the 1EdTech validator's OB 2.0 test resources (tests/vectors/real, Apache-2.0);
its harness serves ``ob20/assets/<file>`` at ``https://example.org/`` and two other origins
(OB20Tests.localDomains), which is what the ``--document`` flags below give.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

V = Path(__file__).resolve().parent / "vectors" / "real" / "1edtech-validator"
OB20 = V / "ob20"
NOW = "2026-06-01T00:00:00+00:00"
EMAIL = "nobody@example.org"  # the samples' recipient (sha256 with salt "deadsea")


def _assets() -> list[str]:
    flags: list[str] = []
    for path in sorted((OB20 / "assets").glob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError:  # openbadges_context.json is not strict JSON upstream
            continue
        for origin in ("https://example.org/", "http://example.org/"):
            flags += ["--document", f"{origin}{path.name}={path}"]
    return flags


def _cli(*args: str) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-m", "microcred", "verify", *args, "--now", NOW],
                          capture_output=True, text=True, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


def _json(*args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = _cli(*args, "--json")
    assert "Traceback" not in err
    return code, json.loads(out)


def _codes(result: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["code"] for c in result["checks"]}


def test_hosted_assertion_with_its_documents_verifies() -> None:
    hosted = OB20 / "basic-assertion.json"
    assertion_id = json.loads(hosted.read_text(encoding="utf-8"))["id"]
    code, result = _json(str(hosted), *_assets(), "--document", f"{assertion_id}={hosted}",
                         "--recipient", EMAIL)
    assert code == 0 and result["verified"] is True
    codes = _codes(result)
    assert codes["ob2.verification"] == "hosted-ok"
    assert codes["ob2.recipient"] == "recipient-match"
    assert result["warnings"] == []


def test_hosted_assertion_without_its_published_copy_could_not_be_checked() -> None:
    # the file alone says nothing about what its id serves: never 'verified'
    code, result = _json(str(OB20 / "basic-assertion.json"), *_assets())
    assert code == 1 and result["verified"] is False
    assert any(c["id"] == "ob2.verification" and c["outcome"] == "could-not-check"
               for c in result["checks"])


def test_without_documents_nothing_is_fetched_and_the_cli_says_what_to_give() -> None:
    code, out, err = _cli(str(OB20 / "basic-assertion.json"))
    assert code == 1 and not err
    assert "document-missing" in out and "--document URL=FILE" in out
    assert "NOT VERIFIED" in out
    code, out, _ = _cli(str(OB20 / "basic-assertion.json"), "--lang", "ja")
    assert code == 1 and "検証に失敗しました" in out and "NOT VERIFIED" not in out


@pytest.mark.parametrize(("name", "expected", "failed"), [
    ("simple.jwt", 0, None),                               # OB20Tests.testSimpleJWTValid
    ("simple-not-revoked.jwt", 0, None),                   # testJWTNotRevoked
    ("simple-revoked.jwt", 1, ("ob2.revocation", "revoked")),  # testJWTRevoked
    ("simple-badge.png", 0, None),                         # testSimplePNGPlainValid
    ("basic-assertion-expired.json", 1, ("ob2.validity", "expired")),
])
def test_signed_and_baked_assertions(name: str, expected: int, failed: tuple[str, str] | None,
                                     tmp_path: Path) -> None:
    path = OB20 / name
    extra: list[str] = []
    if path.suffix == ".json":
        assertion_id = json.loads(path.read_text(encoding="utf-8"))["id"]
        extra = ["--document", f"{assertion_id}={path}"]
    elif path.suffix == ".png":  # a hosted assertion baked; the harness publishes it at its id
        from microcred import ob2

        baked = ob2.unbake_ob2(path.read_bytes())
        assert isinstance(baked, dict)
        hosted = tmp_path / "hosted.json"
        hosted.write_text(json.dumps(baked), encoding="utf-8")
        extra = ["--document", f"{baked['id']}={hosted}"]
    code, result = _json(str(path), *_assets(), *extra, "--recipient", EMAIL)
    assert code == expected, _codes(result)
    assert result["verified"] is (expected == 0)
    if failed is not None:
        check_id, check_code = failed
        assert _codes(result)[check_id] == check_code


def test_options_for_ob3_are_named_as_not_applying() -> None:
    keys = OB20 / "assets" / "key1.json"
    code, result = _json(str(OB20 / "simple.jwt"), *_assets(), "--keys", str(keys))
    assert code == 0
    assert any("--keys does not apply" in w for w in result["warnings"])


def test_ob2_flags_on_an_ob3_credential_are_unusable_input() -> None:
    code, out, err = _cli(str(V / "ob30" / "simple.json"), "--recipient", EMAIL)
    assert code == 2 and "Traceback" not in err
    assert "Open Badges 2.0" in out + err


def test_a_bad_document_flag_is_unusable_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\xff\xfe not json")
    for flag in ("no-equals-sign", f"https://example.org/x.json={broken}",
                 f"https://example.org/x.json={tmp_path / 'missing.json'}"):
        code, out, err = _cli(str(OB20 / "simple.jwt"), "--document", flag)
        assert code == 2, (flag, out, err)
        assert "Traceback" not in err
