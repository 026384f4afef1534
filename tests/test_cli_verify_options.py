"""CLI ``verify`` for real files: repeatable ``--keys``, ``--context URL=FILE``,
``--status-list URL=FILE``, ``--proof-policy``, ``--no-endorsements``, warnings for optional
checks."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import microcred as mc
from test_cli_credentials import KEY, NOW, run
from test_cli_credentials import credential as base_credential

OTHER = mc.Ed25519Key.from_seed(bytes([14]) * 32)


def credential(issuer: str = KEY.did, **extra: Any) -> dict[str, Any]:
    return base_credential(issuer={"id": issuer, "type": ["Profile"], "name": "CLI University"},
                           **extra)


def write(path: Path, data: Any) -> str:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_keys_files_are_merged(tmp_path: Path) -> None:
    a, b = "https://a.example/issuer", "https://b.example/issuer"
    cred_a = write(tmp_path / "a.json", mc.sign(credential(a), KEY.signer(a + "#k"),
                                                created="2024-01-01T00:00:00Z"))
    cred_b = write(tmp_path / "b.json", mc.sign(credential(b), OTHER.signer(b + "#k"),
                                                created="2024-01-01T00:00:00Z"))
    keys_a = write(tmp_path / "ka.json", {a + "#k": KEY.public_key_multibase})
    keys_b = write(tmp_path / "kb.json", {b + "#k": OTHER.public_key_multibase})
    assert run("verify", cred_a, "--now", NOW)[0] == 1  # key unknown
    for cred in (cred_a, cred_b):
        code, text = run("verify", cred, "--now", NOW, "--keys", keys_a, "--keys", keys_b)
        assert code == 0, text
    conflict = write(tmp_path / "kc.json", {a + "#k": OTHER.public_key_multibase})
    code, text = run("verify", cred_a, "--keys", keys_a, "--keys", conflict, "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "conflicting-keys"


def test_context_url_file(tmp_path: Path) -> None:
    url = "https://example.edu/contexts/extra-v1.json"
    context = {"@context": {"@protected": True,
                            "credits": "https://example.edu/vocab#credits"}}
    loader = mc.jsonld.StaticLoader({url: context})
    doc = credential()
    doc["@context"] = [*doc["@context"], url]
    doc["credits"] = 3
    signed = mc.sign(doc, KEY.signer(), created="2024-01-01T00:00:00Z", loader=loader)
    path = write(tmp_path / "cred.json", signed)
    ctx = write(tmp_path / "extra.json", context)
    code, text = run("verify", path, "--now", NOW)
    assert code == 1 and url in text
    code, text = run("verify", path, "--now", NOW, "--context", f"{url}={ctx}")
    assert code == 0, text
    assert run("verify", path, "--context", f"{url}={tmp_path / 'nope.json'}")[0] == 2
    assert run("verify", path, "--context", "no-equals-sign")[0] == 2


def _status_setup(tmp_path: Path) -> tuple[str, str, str]:
    url = "https://example.edu/status/3"
    lst = mc.BitstringStatusList()
    lst.set(7)
    status_cred = mc.sign(mc.status_list_credential(lst, id=url, issuer=KEY.did,
                                                    valid_from="2024-01-01T00:00:00Z"),
                          KEY.signer(), created="2024-01-01T00:00:00Z")
    entry = mc.status_list_entry(status_list_credential=url, index=7)
    revoked = mc.sign(credential(credentialStatus=entry), KEY.signer(),
                      created="2024-01-01T00:00:00Z")
    return (url, write(tmp_path / "status.json", status_cred),
            write(tmp_path / "revoked.json", revoked))


def test_status_list_url_file_and_unmatched_urls(tmp_path: Path) -> None:
    url, status, revoked = _status_setup(tmp_path)
    code, text = run("verify", revoked, "--now", NOW)
    assert code == 1 and f"no status list given for {url}" in text
    code, text = run("verify", revoked, "--now", NOW, "--status-list", f"{url}={status}")
    assert code == 1 and "revoked" in text and "no status list given" not in text
    code, text = run("verify", revoked, "--now", NOW, "--status-list", status)  # URL = its id
    assert code == 1 and "revoked" in text
    other = "https://example.edu/status/99"
    code, text = run("verify", revoked, "--now", NOW, "--status-list", f"{other}={status}",
                     "--json")
    data = json.loads(text)
    assert code == 1 and data["verified"] is False
    assert any(other in w for w in data["warnings"]) and any(url in w for w in data["warnings"])


def test_optional_failures_are_warnings_not_crosses(tmp_path: Path) -> None:
    _, _, revoked = _status_setup(tmp_path)
    code, text = run("verify", revoked, "--now", NOW, "--no-require-status")
    assert code == 0, text
    assert "✗" not in text
    status_lines = [line for line in text.splitlines() if line.startswith("!")]
    assert status_lines and all("warning" in line for line in status_lines)
    code, text = run("verify", revoked, "--now", NOW, "--no-require-status", "--lang", "ja")
    assert code == 0 and "警告" in text and "✗" not in text


def test_proof_policy(tmp_path: Path) -> None:
    signed = mc.sign(credential(), KEY.signer(), created="2024-01-01T00:00:00Z")
    broken = copy.deepcopy(signed["proof"])
    broken["proofValue"] = broken["proofValue"][:-4] + ("AAAA" if not broken["proofValue"]
                                                       .endswith("AAAA") else "BBBB")
    signed["proof"] = [signed["proof"], broken]
    path = write(tmp_path / "two-proofs.json", signed)
    assert run("verify", path, "--now", NOW)[0] == 1
    code, text = run("verify", path, "--now", NOW, "--proof-policy", "any")
    assert code == 0, text


def test_no_endorsements(tmp_path: Path) -> None:
    endorser = mc.Ed25519Key.from_seed(bytes([15]) * 32)
    endorsement = mc.endorsement_credential(
        id="urn:uuid:endorsement-cli", issuer=endorser.did,
        endorsed_id="https://example.edu/a/1",
        name="Quality assured", valid_from="2024-01-01T00:00:00Z", comment="ok")
    signed = mc.issue_endorsement(endorsement, endorser.signer(), format="di",
                                  created="2024-01-01T00:00:00Z")
    doc = mc.attach_endorsement(credential(), signed, to="achievement")
    path = write(tmp_path / "endorsed.json",
                 mc.sign(doc, KEY.signer(), created="2024-01-01T00:00:00Z"))
    code, text = run("verify", path, "--now", NOW, "--json")
    assert code == 0 and json.loads(text).get("endorsements"), text
    code, text = run("verify", path, "--now", NOW, "--no-endorsements", "--json")
    assert code == 0 and not json.loads(text).get("endorsements"), text
    code, text = run("verify", path, "--now", NOW)
    assert "endorsement 0: verified" in text
    code, text = run("verify", path, "--now", NOW, "--no-endorsements")
    assert code == 0 and "endorsement 0" not in text
