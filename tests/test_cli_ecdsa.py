"""The CLI with P-256/P-384 keys: keygen --type, issue (Data Integrity and VC-JWT), verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli_credentials import run

DESCRIPTOR = {"title": "Data basics", "learner": {"id": "did:example:learner-1"},
              "issue_date": "2026-04-01T09:00:00+09:00", "effort": {"hours": "30"},
              "learning_outcomes": [{"statement": "Clean data."}]}


@pytest.mark.parametrize(("kind", "prefix"), [("p256", "did:key:zDn"), ("p384", "did:key:z82"),
                                               ("ed25519", "did:key:z6Mk")])
def test_keygen_issue_and_verify_with_every_key_type(tmp_path: Path, kind: str,
                                                     prefix: str) -> None:
    key = tmp_path / "key.txt"
    code, text = run("keygen", "--type", kind, "--out", str(key), "--json")
    assert code == 0 and json.loads(text)["did"].startswith(prefix)
    desc = tmp_path / "desc.json"
    desc.write_text(json.dumps(DESCRIPTOR), encoding="utf-8")
    suites = ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"] if kind != "ed25519" else [
        "eddsa-rdfc-2022", "eddsa-jcs-2022"]
    for i, suite in enumerate(suites):
        code, signed = run("issue", str(desc), "--key", str(key), "--suite", suite,
                           "--created", "2026-04-01T00:00:00Z",
                           "--id", f"urn:uuid:6a1e2c0e-8f9b-4a31-9d0c-2b7e5f1a4c3{i}")
        assert code == 0, signed
        assert json.loads(signed)["proof"]["cryptosuite"] == suite
        cred = tmp_path / f"c{i}.json"
        cred.write_text(signed, encoding="utf-8")
        code, text = run("verify", str(cred), "--now", "2026-05-01T00:00:00Z")
        assert code == 0 and "VERIFIED" in text, text
    code, token = run("issue", str(desc), "--key", str(key), "--format", "jwt",
                      "--id", "urn:uuid:6a1e2c0e-8f9b-4a31-9d0c-2b7e5f1a4c3f")
    assert code == 0
    # the compact JWS as it is (as `unbake` prints it), not a quoted JSON string
    assert token.strip().count(".") == 2 and not token.startswith('"'), token
    jwt = tmp_path / "c.jwt"
    jwt.write_text(token, encoding="utf-8")
    code, text = run("verify", str(jwt), "--now", "2027-05-01T00:00:00Z")
    assert code == 0 and "VERIFIED" in text, text
