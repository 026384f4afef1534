"""CLI: ``verify``, ``issue``, ``bake`` and ``unbake`` (python -m microcred ...)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import microcred as mc
from microcred import baking
from microcred.__main__ import build_demo_credential, main

KEY = mc.Ed25519Key.from_seed(bytes([11]) * 32)
NOW = "2025-06-01T00:00:00Z"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out)
    return code, out.getvalue()


def credential(**extra: Any) -> dict[str, Any]:
    cred: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:cli-1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": KEY.did, "type": ["Profile"], "name": "CLI University"},
        "validFrom": "2024-01-01T00:00:00Z", "name": "CLI badge",
        "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
                              "achievement": {"id": "https://example.edu/a/1",
                                              "type": ["Achievement"], "name": "CLI",
                                              "criteria": {"narrative": "Use the CLI"}}}}
    cred.update(extra)
    return cred


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    token = mc.issue_vc_jwt(credential(), KEY.signer())
    paths = {"jwt": tmp_path / "badge.jwt", "png": tmp_path / "badge.png",
             "svg": tmp_path / "badge.svg", "key": tmp_path / "issuer.key",
             "desc": tmp_path / "descriptor.json"}
    paths["jwt"].write_text(token + "\n", encoding="utf-8")
    paths["png"].write_bytes(baking.minimal_png())
    paths["svg"].write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    paths["key"].write_text(KEY.export_secret_multibase() + "\n", encoding="utf-8")
    paths["desc"].write_text(build_demo_credential().model_dump_json(), encoding="utf-8")
    return paths


def test_verify_jwt_prints_checks_and_exits_0(files: dict[str, Path]) -> None:
    code, text = run("verify", str(files["jwt"]), "--now", NOW)
    assert code == 0, text
    assert "jwt.signature" in text and "signature-valid" in text and text.endswith("VERIFIED\n")
    code, text = run("verify", str(files["jwt"]), "--now", NOW, "--lang", "ja")
    assert code == 0 and "合格" in text and "検証に成功しました" in text
    code, text = run("verify", str(files["jwt"]), "--now", NOW, "--json")
    assert code == 0 and json.loads(text)["verified"] is True


def test_verify_failures_exit_1_unusable_input_2(files: dict[str, Path], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("verify", str(files["jwt"]), "--now", "2023-01-01T00:00:00Z")
    assert code == 1 and "not-yet-valid" in text and text.endswith("NOT VERIFIED\n")
    broken = tmp_path / "broken.jwt"
    token = files["jwt"].read_text().strip()
    broken.write_text(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert run("verify", str(broken), "--now", NOW)[0] == 1
    # unusable input is exit status 2 (not a verdict)
    code, _ = run("verify", str(tmp_path / "missing.json"))
    assert code == 2 and "cannot read" in capsys.readouterr().err
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    assert run("verify", str(garbage))[0] == 2


def test_bake_unbake_round_trip_png_and_svg(files: dict[str, Path], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    token = files["jwt"].read_text().strip()
    for kind in ("png", "svg"):
        baked = tmp_path / f"baked.{kind}"
        code, text = run("bake", str(files[kind]), str(files["jwt"]), "--out", str(baked))
        assert code == 0, text
        assert baking.unbake(baked.read_bytes()) == token
        code, text = run("unbake", str(baked))
        assert code == 0 and text.strip() == token
        code, text = run("verify", str(baked), "--now", NOW)
        assert code == 0, text
        code, _ = run("bake", str(baked), str(files["jwt"]), "--out", str(baked))
        assert code == 2 and "replace" in capsys.readouterr().err
    out = tmp_path / "extracted.jwt"
    assert run("unbake", str(tmp_path / "baked.png"), "--out", str(out))[0] == 0
    assert out.read_text().strip() == token


def test_issue_di_and_jwt_then_verify(files: dict[str, Path], tmp_path: Path) -> None:
    jwt_out = tmp_path / "issued.jwt"
    code, text = run("issue", str(files["desc"]), "--key", str(files["key"]),
                     "--id", "urn:uuid:issued-1", "--format", "jwt", "--out", str(jwt_out))
    assert code == 0, text
    header, payload, _, _ = mc.decode_vc_jwt(jwt_out.read_text())
    assert header["alg"] == "EdDSA" and payload["iss"] == KEY.did
    assert payload["credentialSubject"]["achievement"]["achievementType"] == "MicroCredential"
    result = mc.verify_vc_jwt(jwt_out.read_text(), now=mc.vcjwt.parse_datetime(NOW))
    assert result.check("jwt.signature") is not None
    assert result.codes["jwt.signature"] == "signature-valid"
    di_out = tmp_path / "issued.json"
    code, text = run("issue", str(files["desc"]), "--key", str(files["key"]),
                     "--id", "urn:uuid:issued-2", "--cryptosuite", "eddsa-jcs-2022",
                     "--created", "2025-03-21T01:00:00Z", "--out", str(di_out))
    assert code == 0, text
    signed = json.loads(di_out.read_text())
    assert signed["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    checked = mc.verify(signed, now=mc.vcjwt.parse_datetime(NOW))
    assert checked.codes["proof.0.signature"] == "signature-valid"


def test_issue_refusals(files: dict[str, Path], tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    bad_key = tmp_path / "bad.key"
    bad_key.write_text("not a key")
    code, text = run("issue", str(files["desc"]), "--key", str(bad_key), "--id", "urn:x")
    assert code == 2 and not text and capsys.readouterr().err.startswith("error:")
    bad_desc = tmp_path / "bad.json"
    bad_desc.write_text('{"title": 5}')
    code, text = run("issue", str(bad_desc), "--key", str(files["key"]), "--id", "urn:x")
    assert code == 2 and capsys.readouterr().err.startswith("error:")
    code, _ = run("unbake", str(files["png"]))
    assert code == 2 and "no OB 3.0 credential" in capsys.readouterr().err


def test_python_dash_m_entry_point(files: dict[str, Path]) -> None:
    proc = subprocess.run([sys.executable, "-m", "microcred", "verify", str(files["jwt"]),
                           "--now", NOW], capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "VERIFIED" in proc.stdout


def test_verify_with_keys_file_embedded_jwk_and_status_list(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    issuer = "https://example.edu/issuers/cli"
    kid = issuer + "#key-1"
    signer = mc.JoseSigner(ec.generate_private_key(ec.SECP256R1()), kid)
    token = mc.issue_vc_jwt(credential(issuer={"id": issuer, "type": ["Profile"]}), signer)
    (tmp_path / "es.jwt").write_text(token)
    assert run("verify", str(tmp_path / "es.jwt"), "--now", NOW)[0] == 1  # key unknown
    (tmp_path / "keys.json").write_text(json.dumps({kid: signer.public_jwk}))
    code, text = run("verify", str(tmp_path / "es.jwt"), "--now", NOW,
                     "--keys", str(tmp_path / "keys.json"))
    assert code == 0, text
    embedded = mc.issue_vc_jwt(credential(issuer={"id": issuer, "type": ["Profile"]}), signer,
                               embed_jwk=True)
    (tmp_path / "emb.jwt").write_text(embedded)
    assert run("verify", str(tmp_path / "emb.jwt"), "--now", NOW)[0] == 1
    code, text = run("verify", str(tmp_path / "emb.jwt"), "--now", NOW, "--embedded-jwk")
    assert code == 0 and "embedded-jwk" in text
    # status: revoked through a signed status list given on the command line
    url = "https://example.edu/status/cli"
    lst = mc.BitstringStatusList()
    lst.set(7)
    status_cred = mc.sign(mc.status_list_credential(lst, id=url, issuer=KEY.did,
                                                    valid_from="2024-01-01T00:00:00Z"),
                          KEY.signer(), created="2024-01-01T00:00:00Z")
    (tmp_path / "status.json").write_text(json.dumps(status_cred))
    entry = mc.status_list_entry(status_list_credential=url, index=7)
    revocable = mc.issue_vc_jwt(credential(credentialStatus=entry), KEY.signer())
    (tmp_path / "rev.jwt").write_text(revocable)
    code, text = run("verify", str(tmp_path / "rev.jwt"), "--now", NOW)
    assert code == 1 and "status-not-checked" in text
    assert run("verify", str(tmp_path / "rev.jwt"), "--now", NOW, "--no-require-status")[0] == 0
    code, text = run("verify", str(tmp_path / "rev.jwt"), "--now", NOW,
                     "--status-list", str(tmp_path / "status.json"))
    assert code == 1 and "status-revoked" in text


def test_verify_a_clr_checks_every_credential(tmp_path: Path) -> None:
    inner = mc.sign(credential(), KEY.signer(), created="2024-01-01T00:00:00Z")
    clr = mc.sign(mc.clr_credential(id="urn:uuid:clr-cli", issuer=KEY.did, name="Transcript",
                                    valid_from="2024-02-01T00:00:00Z", credentials=[inner]),
                  KEY.signer(), created="2024-02-01T00:00:00Z")
    path = tmp_path / "clr.json"
    path.write_text(json.dumps(clr))
    code, text = run("verify", str(path), "--now", NOW)
    assert code == 0, text
    assert "clr.associations" in text and "verifiableCredential[0]: verified" in text
    clr["credentialSubject"]["verifiableCredential"][0]["name"] = "forged"
    path.write_text(json.dumps(clr))
    code, text = run("verify", str(path), "--now", NOW, "--lang", "ja")
    assert code == 1 and "verifiableCredential[0]: 検証失敗" in text
    code, text = run("verify", str(path), "--now", NOW, "--json")
    assert code == 1 and json.loads(text)["verified"] is False
