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


def _two_issuers(tmp_path: Path) -> tuple[str, str, str, str, str]:
    """Two credentials of https issuers and a key file for each: (issuer a, credential a,
    credential b, keys a, keys b)."""
    a, b = "https://a.example/issuer", "https://b.example/issuer"
    cred_a = write(tmp_path / "a.json", mc.sign(credential(a), KEY.signer(a + "#k"),
                                                created="2024-01-01T00:00:00Z"))
    cred_b = write(tmp_path / "b.json", mc.sign(credential(b), OTHER.signer(b + "#k"),
                                                created="2024-01-01T00:00:00Z"))
    keys_a = write(tmp_path / "ka.json", {a + "#k": KEY.public_key_multibase})
    keys_b = write(tmp_path / "kb.json", {b + "#k": OTHER.public_key_multibase})
    return a, cred_a, cred_b, keys_a, keys_b


def test_keys_files_are_merged(tmp_path: Path) -> None:
    a, cred_a, cred_b, keys_a, keys_b = _two_issuers(tmp_path)
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


# -- verify-batch takes the same verification options as verify ------------------------------


def _options(command: str) -> dict[str, Any]:
    """A sub-command's options: flag -> (nargs, choices, default, action class)."""
    from microcred.__main__ import build_parser

    parser = build_parser()
    sub: Any = next(a for a in parser._actions if a.dest == "command")
    return {flag: (a.nargs, a.choices, a.default, type(a).__name__)
            for a in sub.choices[command]._actions for flag in a.option_strings}


def test_verify_batch_has_every_verification_option_of_verify() -> None:
    single, many = _options("verify"), _options("verify-batch")
    # (--challenge and --domain are for one presentation: verify-batch verifies credentials;
    # --document and --recipient are for one OB 2.0 assertion)
    one_only = ("--challenge", "--domain", "--document", "--recipient")
    shared = {flag: spec for flag, spec in single.items()
              if flag not in ("-h", "--help", *one_only)}
    assert "--challenge" not in many and "--domain" not in many
    assert {"--keys", "--context", "--status-list", "--status-relax", "--trusted-list-issuer",
            "--proof-policy", "--now", "--no-endorsements"} <= set(shared)
    for flag, spec in shared.items():
        assert many.get(flag) == spec, flag


def _lines(path: Path, records: list[Any]) -> str:
    return write(path, "".join(json.dumps(r) + "\n" for r in records))


def _failed(data: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((c["id"], c["code"]) for c in data["checks"]
                  if c["outcome"] != "passed" and c["required"])


def _same_verdicts(tmp_path: Path, files: list[str], *options: str) -> list[dict[str, Any]]:
    """verify on each file and verify-batch (1 and 2 workers) on all of them give the same
    verdicts and failed checks; returns the batch lines."""
    singles = []
    for path in files:
        code, text = run("verify", path, "--json", *options)
        data = json.loads(text)
        assert code == (0 if data["verified"] else 1), text
        singles.append(data)
    records = [json.loads(Path(path).read_text(encoding="utf-8")) for path in files]
    jsonl = _lines(tmp_path / "batch.jsonl", records)
    outputs = []
    for workers in ("1", "2"):
        code, text = run("verify-batch", jsonl, "--workers", workers, "--chunk-size", "1",
                         "--json", *options)
        lines = [json.loads(line) for line in text.splitlines()]
        assert code == (0 if all(s["verified"] for s in singles) else 1), text
        assert [line["verified"] for line in lines] == [s["verified"] for s in singles]
        assert [sorted((f["id"], f["code"]) for f in line["failures"]) for line in lines] == [
            _failed(s) for s in singles]
        outputs.append(lines)
    assert outputs[0] == outputs[1]
    return outputs[0]


def test_verify_batch_keys_and_context_like_verify(tmp_path: Path) -> None:
    a, cred_a, cred_b, keys_a, keys_b = _two_issuers(tmp_path)
    url = "https://example.edu/contexts/extra-v1.json"
    context = {"@context": {"@protected": True, "credits": "https://example.edu/vocab#credits"}}
    doc = credential()
    doc["@context"] = [*doc["@context"], url]
    doc["credits"] = 3
    cred_c = write(tmp_path / "c.json", mc.sign(doc, KEY.signer(), created="2024-01-01T00:00:00Z",
                                                loader=mc.jsonld.StaticLoader({url: context})))
    ctx = write(tmp_path / "extra.json", context)
    files = [cred_a, cred_b, cred_c]
    lines = _same_verdicts(tmp_path, files, "--now", NOW)
    assert [line["verified"] for line in lines] == [False, False, False]
    lines = _same_verdicts(tmp_path, files, "--now", NOW, "--keys", keys_a, "--keys", keys_b,
                           "--context", f"{url}={ctx}")
    assert [line["verified"] for line in lines] == [True, True, True]
    conflict = write(tmp_path / "kc.json", {a + "#k": OTHER.public_key_multibase})
    code, text = run("verify-batch", _lines(tmp_path / "x.jsonl", []), "--keys", keys_a,
                     "--keys", conflict, "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "conflicting-keys"


def test_verify_batch_status_lists_and_policies_like_verify(tmp_path: Path) -> None:
    """A list re-hosted at another URL and signed by another issuer: refused until both
    policies are relaxed (or its issuer trusted); then the revoked bit is read."""
    url, hosted = "https://example.edu/status/3", "https://mirror.example/status-3"
    lst = mc.BitstringStatusList()
    lst.set(7)
    listed = mc.sign(mc.status_list_credential(lst, id=url, issuer=OTHER.did,
                                               valid_from="2024-01-01T00:00:00Z"),
                     OTHER.signer(), created="2024-01-01T00:00:00Z")
    status = write(tmp_path / "status.json", listed)
    revoked = write(tmp_path / "revoked.json", mc.sign(
        credential(credentialStatus=mc.status_list_entry(status_list_credential=hosted,
                                                         index=7)),
        KEY.signer(), created="2024-01-01T00:00:00Z"))
    fine = write(tmp_path / "fine.json", mc.sign(
        credential(credentialStatus=mc.status_list_entry(status_list_credential=hosted,
                                                         index=8)),
        KEY.signer(), created="2024-01-01T00:00:00Z"))
    files = [revoked, fine]
    given = ("--now", NOW, "--status-list", f"{hosted}={status}")
    refused = _same_verdicts(tmp_path, files, *given)
    relaxed = _same_verdicts(tmp_path, files, *given, "--status-relax", "list-id",
                             "--status-relax", "issuer")
    trusted = _same_verdicts(tmp_path, files, *given, "--status-relax", "list-id",
                             "--trusted-list-issuer", OTHER.did)
    assert [line["verified"] for line in refused] == [False, False]
    assert refused[0]["failures"] != relaxed[0]["failures"]
    for lines in (relaxed, trusted):
        assert [line["verified"] for line in lines] == [False, True]
        assert "revoked" in json.dumps(lines[0]["failures"])
        assert "relax" in json.dumps(lines[1]["warnings"]) + json.dumps(lines[1])
    missing = _same_verdicts(tmp_path, files, "--now", NOW, "--status-list",
                             f"https://elsewhere.example/list={status}")
    assert all(hosted in " ".join(line["hints"]) for line in missing)


def test_a_missing_key_says_which_option_gives_it(tmp_path: Path) -> None:
    _, cred_a, _, keys_a, _ = _two_issuers(tmp_path)
    for lang, hint in (("en", "--keys FILE"), ("ja", "--keys FILE で公開鍵")):
        code, text = run("verify", cred_a, "--now", NOW, "--lang", lang)
        assert code == 1 and hint in text, text
        code, text = run("verify-batch", _lines(tmp_path / "one.jsonl",
                                                [json.loads(Path(cred_a).read_text())]),
                         "--now", NOW, "--lang", lang)
        assert code == 1 and hint in text, text
    code, text = run("verify", cred_a, "--now", NOW, "--keys", keys_a)
    assert code == 0 and "--keys" not in text
