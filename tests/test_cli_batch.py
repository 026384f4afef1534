"""CLI ``keygen``, ``issue-batch`` and ``verify-batch`` (JSON Lines in and out)."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from microcred.__main__ import build_demo_credential
from test_cli_credentials import run

NOW = "2025-06-01T00:00:00Z"
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture()
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "issuer.key"
    code, text = run("keygen", "--out", str(path), "--json")
    assert code == 0, text
    return path


def _records(tmp_path: Path) -> Path:
    descriptor = build_demo_credential().model_dump(mode="json")
    lines = [
        json.dumps(descriptor),                                              # line 1
        json.dumps({"descriptor": descriptor, "id": "urn:uuid:batch-2",
                    "subject_id": "did:example:learner-2"}),                 # line 2
        "",                                                                  # line 3 (blank)
        "{not json",                                                         # line 4
        json.dumps({"descriptor": {"title": 5}}),                            # line 5
        json.dumps({"descriptor": descriptor, "id": "urn:uuid:batch-6"}),    # line 6
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_keygen_writes_a_private_file_and_never_overwrites(tmp_path: Path,
                                                           key_file: Path) -> None:
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    before = key_file.read_text()
    assert before.startswith("z") and len(before.strip()) > 40
    code, text = run("keygen", "--out", str(key_file), "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "exists"
    assert key_file.read_text() == before
    code, text = run("keygen", "--out", str(key_file), "--force")
    assert code == 0 and "did:key:" in text and "secret" in text
    assert key_file.read_text() != before
    code, text = run("keygen", "--out", str(tmp_path / "k2.key"), "--lang", "ja")
    assert code == 0 and "秘密" in text


def test_issue_batch_then_verify_batch(tmp_path: Path, key_file: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run("issue-batch", str(_records(tmp_path)), "--key", str(key_file),
                     "--created", "2025-03-01T00:00:00Z")
    assert code == 1  # two records failed; the rest were issued
    out = _lines(text)
    assert [(o["line"], o["ok"]) for o in out] == [(1, True), (2, True), (4, False),
                                                   (5, False), (6, True)]
    assert out[1]["id"] == "urn:uuid:batch-2" and out[0]["id"].startswith("urn:uuid:")
    assert out[2]["error"]["message"] and out[3]["error"]["type"]
    assert "3 issued, 2 errors" in capsys.readouterr().err
    issued = tmp_path / "issued.jsonl"
    issued.write_text(text, encoding="utf-8")
    code, text = run("verify-batch", str(issued), "--now", NOW)
    checked = _lines(text)
    assert code == 1  # the issue-batch error lines are not credentials
    assert [o["verified"] for o in checked if "verified" in o] == [True, True, True]
    assert [o["line"] for o in checked if "error" in o] == [3, 4]
    assert "3 verified, 0 not verified, 2 unreadable" in capsys.readouterr().err
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps(o["credential"]) for o in out if o["ok"]) + "\n")
    code, text = run("verify-batch", str(good), "--now", NOW, "--json")
    assert code == 0, text
    summary = json.loads(capsys.readouterr().err)
    assert summary["records"] == 3 and summary["verified"] == 3
    tampered = [json.loads(line) for line in good.read_text().splitlines()]
    tampered[1]["name"] = "Forged"
    good.write_text("\n".join(json.dumps(t) for t in tampered) + "\n")
    code, text = run("verify-batch", str(good), "--now", NOW, "--full")
    checked = _lines(text)
    assert code == 1 and [o["verified"] for o in checked] == [True, False, True]
    assert checked[1]["failures"] and checked[1]["result"]["verified"] is False


def test_workers_give_the_same_lines(tmp_path: Path, key_file: Path) -> None:
    _, text = run("issue-batch", str(_records(tmp_path)), "--key", str(key_file),
                  "--created", "2025-03-01T00:00:00Z")
    issued = tmp_path / "issued.jsonl"
    issued.write_text(text, encoding="utf-8")
    one = run("verify-batch", str(issued), "--now", NOW, "--chunk-size", "1")
    two = run("verify-batch", str(issued), "--now", NOW, "--workers", "2", "--chunk-size", "2")
    assert one == two


def test_batch_unusable_input(tmp_path: Path, key_file: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.jsonl")
    assert run("verify-batch", missing)[0] == 2
    assert "cannot read" in capsys.readouterr().err
    code, text = run("issue-batch", missing, "--key", str(key_file), "--json")
    assert code == 2 and json.loads(text)["status"] == 2
    code, text = run("issue-batch", str(_records(tmp_path)), "--key", missing, "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "unreadable"
    code, text = run("verify-batch", str(_records(tmp_path)), "--workers", "0", "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "bad-argument"


def test_pipeline_through_real_processes(tmp_path: Path, key_file: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    issue = subprocess.run(
        [sys.executable, "-m", "microcred", "issue-batch", "-", "--key", str(key_file)],
        input=_records(tmp_path).read_text(), capture_output=True, text=True, timeout=120,
        check=False, env=env)
    assert issue.returncode == 1 and "Traceback" not in issue.stderr
    verify = subprocess.run(
        [sys.executable, "-m", "microcred", "verify-batch", "-", "--json"],
        input=issue.stdout, capture_output=True, text=True, timeout=120, check=False, env=env)
    assert "Traceback" not in verify.stderr
    assert json.loads(verify.stderr)["verified"] == 3


@pytest.mark.parametrize("command", ["verify-batch", "issue-batch"])
def test_bad_files_a_new_user_tries(tmp_path: Path, key_file: Path, command: str) -> None:
    """The walkthrough's files: each gives exit 2 and a named code (or, for a file of
    JSON Lines with bad lines, a line per record and exit 1); never a traceback."""
    pretty = json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "x"},
                        indent=2)
    cases: dict[str, tuple[Any, int, str]] = {
        "notjson.txt": (b"hello world\nthis is not json\n", 2, "not-json-lines"),
        "latin1.jsonl": ('{"title": "Caf\xe9"}\n'.encode("latin-1"), 2, "not-utf8"),
        "pretty.json": (pretty.encode(), 2, "not-json-lines"),
        "dir": (None, 2, "unreadable"),
        "missing.jsonl": (False, 2, "unreadable"),
    }
    extra = ["--key", str(key_file)] if command == "issue-batch" else []
    for name, (content, status, code) in cases.items():
        path = tmp_path / name
        if content is None:
            path.mkdir()
        elif content is not False:
            path.write_bytes(content)
        for lang in ("en", "ja"):
            got, text = run(command, str(path), "--json", "--lang", lang, *extra)
            assert got == status, (name, text)
            error = json.loads(text)["error"]
            assert error["code"] == code, (name, text)
            assert (CJK.search(error["message"]) is not None) == (lang == "ja"), error
            if lang == "ja":  # (no English reason from the operating system either)
                rest = error["message"].replace(str(path), "")
                assert not re.search(r"\b(such|directory|file|denied)\b", rest), error
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert run(command, str(empty), *extra) == (0, "")
    huge = tmp_path / "huge.jsonl"
    huge.write_text('{"a": "' + "x" * (17 * 1024 * 1024) + '"}\n{"b": 1}\n', encoding="utf-8")
    got, text = run(command, str(huge), *extra)
    lines = _lines(text)
    assert got == 1 and lines[0]["line"] == 1 and "limit" in lines[0]["error"]["message"]
    bad_json = tmp_path / "bad-line.jsonl"
    bad_json.write_text('{"a": 1}\n{"b": \n', encoding="utf-8")
    got, text = run(command, str(bad_json), *extra)
    message = _lines(text)[1]["error"]["message"]
    assert got == 1 and "column" in message and "line 1" not in message


def test_real_negative_credentials_in_one_language(tmp_path: Path) -> None:
    """1EdTech's negative OB 3.0 fixtures fail safe mode; the library's message quotes a
    bilingual error, and each line keeps only the run's language."""
    real = Path(__file__).parent / "vectors" / "real" / "1edtech-validator" / "ob30"
    names = ["simple-err-type.json", "simple-err-evidence-type.json"]
    path = tmp_path / "negative.jsonl"
    path.write_text("".join(json.dumps(json.loads((real / n).read_text("utf-8"))) + "\n"
                            for n in names), encoding="utf-8")
    for lang in ("en", "ja"):
        code, text = run("verify-batch", str(path), "--lang", lang)
        lines = _lines(text)
        assert code == 1 and [line["verified"] for line in lines] == [False, False]
        messages = [f["message"] for line in lines for f in line["failures"]
                    if f["code"] == "safe-mode-violation"]
        assert len(messages) == 2
        if lang == "en":
            assert not any(CJK.search(m) for m in messages), messages
        else:
            assert all(CJK.search(m) for m in messages), messages


def test_issue_batch_jwt_lines_name_their_credential(tmp_path: Path, key_file: Path) -> None:
    code, text = run("issue-batch", str(_records(tmp_path)), "--key", str(key_file),
                     "--format", "jwt")
    issued = [line for line in _lines(text) if line["ok"]]
    assert code == 1 and len(issued) == 3
    assert all(isinstance(line["credential"], str) for line in issued)
    assert [line["id"] for line in issued][1:] == ["urn:uuid:batch-2", "urn:uuid:batch-6"]
    assert issued[0]["id"].startswith("urn:uuid:")
    path = tmp_path / "jwt.jsonl"
    path.write_text(text, encoding="utf-8")
    code, text = run("verify-batch", str(path), "--now", NOW)
    checked = [line for line in _lines(text) if "verified" in line]
    assert [line["id"] for line in checked] == [line["id"] for line in issued]


def test_a_bad_signing_option_is_unusable_input_not_an_error_per_line(
        tmp_path: Path, key_file: Path) -> None:
    records = str(_records(tmp_path))
    for option in (["--cryptosuite", "nope"], ["--created", "yesterday"]):
        code, text = run("issue-batch", records, "--key", str(key_file), "--json", *option)
        assert code == 2 and json.loads(text)["error"]["code"] == "bad-argument", text
        assert option[1] in json.loads(text)["error"]["message"]
    code, text = run("issue-batch", records, "--key", str(key_file), "--cryptosuite",
                     "eddsa-jcs-2022", "--created", "2025-03-01T00:00:00Z")
    assert code == 1 and sum(line["ok"] for line in _lines(text)) == 3


def test_batch_files_are_read_as_the_batch_goes(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """verify-batch reads a JSON Lines file line by line (any length, bounded memory): the
    first lines are read to judge the file, the rest as the batch needs them; an overlong or
    non-UTF-8 line further down is a bad line (exit 1), not the end of the run."""
    from microcred import __main__ as cli

    monkeypatch.setattr(cli, "MAX_LINE_BYTES", 200)
    path = tmp_path / "stream.jsonl"
    rows = [b'{"a": %d}\n' % i for i in range(2000)]
    rows[5] = b'{"long": "' + b"x" * 500 + b'"}\n'
    rows[7] = '{"title": "Caf\xe9"}\n'.encode("latin-1")
    rows[9] = b"null\n"
    path.write_bytes(b"".join(rows))
    lines = cli._JsonLines(str(path), "en", lambda record: (record, None))
    assert lines._fh.tell() < 100  # only the head has been read
    records = lines.records()
    assert next(records) == {"a": 0}
    assert lines._fh.tell() < path.stat().st_size
    assert sum(1 for _ in records) == 2000 - 3  # (and two bad lines)
    code, text = run("verify-batch", str(path), "--chunk-size", "7")
    out = _lines(text)
    assert code == 1 and [line["line"] for line in out] == list(range(1, 2001))
    assert "longer than 200 bytes" in out[5]["error"]["message"]
    assert "not UTF-8" in out[7]["error"]["message"]
    assert out[9]["verified"] is False and "error" not in out[9]  # null is JSON: a verdict


def test_a_few_bad_first_lines_are_bad_lines_but_only_bad_lines_are_not_json_lines(
        tmp_path: Path) -> None:
    path = tmp_path / "head.jsonl"
    path.write_text("{oops\n\n{oops\n" + json.dumps({"a": 1}) + "\n", encoding="utf-8")
    code, text = run("verify-batch", str(path))
    assert code == 1 and [line["line"] for line in _lines(text)] == [1, 3, 4]
    path.write_text("{oops\n" * 150 + json.dumps({"a": 1}) + "\n", encoding="utf-8")
    code, text = run("verify-batch", str(path), "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "not-json-lines"


def test_one_pretty_printed_document_on_standard_input_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    pretty = json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"],
                         "type": ["VerifiableCredential"], "id": "x"}, indent=2)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(pretty.encode())))
    code, text = run("verify-batch", "-", "--json")
    assert code == 2 and json.loads(text)["error"]["code"] == "not-json-lines"
    lines = pretty.encode().replace(b"\n", b" ") + b"\n" + pretty.encode().replace(b"\n", b" ")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    code, text = run("verify-batch", "-")
    assert code == 1 and [line["line"] for line in _lines(text)] == [1, 2]


def test_a_presentation_line_says_to_use_verify(tmp_path: Path) -> None:
    import microcred as mc

    holder = mc.Ed25519Key.from_seed(bytes([3]) * 32)
    vp = mc.sign_presentation(mc.presentation([], holder=holder.did), holder.signer(),
                              challenge="c", created="2025-01-01T00:00:00Z")
    path = tmp_path / "vp.jsonl"
    path.write_text(json.dumps({"a": 1}) + "\n" + json.dumps(vp) + "\n", encoding="utf-8")
    code, text = run("verify-batch", str(path))
    line = _lines(text)[1]
    assert code == 1 and line["error"]["type"] == "NotACredential"
    assert "'verify'" in line["error"]["message"]


# -- Open Badges 2.0 records (issue 17): one dispatch with 'verify' ----------------------------

OB2_NOW = "2026-06-01T00:00:00+00:00"


def _ob2_mix(tmp_path: Path) -> tuple[Path, list[Path], list[str]]:
    """A JSON Lines file mixing OB 3.0 credentials (a signed JSON one, a VC-JWT) with the
    1EdTech validator's OB 2.0 assertions (hosted JSON, signed JWS, a revoked JWS), each record
    also written to a file of its own for 'verify'; and the --document flags the validator's
    harness serves (see tests/test_cli_ob2.py)."""
    import microcred as mc
    from test_cli_credentials import KEY, credential
    from test_cli_ob2 import OB20, _assets

    hosted = OB20 / "basic-assertion.json"
    assertion = json.loads(hosted.read_text(encoding="utf-8"))
    records: list[Any] = [
        mc.sign(credential(), KEY.signer(), created="2024-01-01T00:00:00Z"),  # OB 3.0
        assertion,                                                              # OB 2.0 hosted
        (OB20 / "simple.jwt").read_text(encoding="utf-8").strip(),             # OB 2.0 signed
        mc.issue_vc_jwt(credential(), KEY.signer()),                            # OB 3.0 VC-JWT
        (OB20 / "simple-revoked.jwt").read_text(encoding="utf-8").strip(),     # OB 2.0 revoked
    ]
    singles = []
    for i, record in enumerate(records):
        single = tmp_path / f"record-{i}.{'json' if isinstance(record, dict) else 'jwt'}"
        single.write_text(json.dumps(record) if isinstance(record, dict) else record,
                          encoding="utf-8")
        singles.append(single)
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join((json.dumps(r) if isinstance(r, dict) else r) + "\n"
                            for r in records), encoding="utf-8")
    documents = [*_assets(), "--document", f"{assertion['id']}={hosted}"]
    return path, singles, documents


def _is_ob2_file(path: Path) -> bool:
    from microcred._dispatch import is_ob2

    text = path.read_text(encoding="utf-8")
    return is_ob2(json.loads(text) if text.startswith("{") else text)


@pytest.mark.parametrize("extra", [[], ["--no-endorsements", "--proof-policy", "any"],
                                   ["--lang", "ja"]])
def test_ob2_and_ob3_records_each_get_what_verify_gives(tmp_path: Path, extra: list[str]) -> None:
    """Each line of a mixed batch equals 'verify' on that record alone: the same result (every
    check), the same verdict, and as hints the warnings 'verify' prints (OB 3.0-only flags not
    applying to an OB 2.0 assertion). --document serves every OB 2.0 record and is not used by
    OB 3.0 ones (for which 'verify' refuses it)."""
    path, singles, documents = _ob2_mix(tmp_path)
    code, text = run("verify-batch", str(path), *documents, "--now", OB2_NOW, "--full", *extra)
    lines = _lines(text)
    assert [line["line"] for line in lines] == [1, 2, 3, 4, 5]
    assert [line["verified"] for line in lines] == [True, True, True, True, False]
    assert code == 1  # the revoked assertion
    for line, single in zip(lines, singles, strict=True):
        ob2 = _is_ob2_file(single)
        alone, out = run("verify", str(single), *(documents if ob2 else []), "--now", OB2_NOW,
                         "--json", *extra)
        expected = json.loads(out)
        warnings = expected.pop("warnings")
        assert line["result"] == expected, single.name
        assert line["ok"] is (alone == 0)
        assert line.get("hints", []) == warnings
        if ob2 and extra[:1] == ["--no-endorsements"]:
            assert sorted(w.split()[0] for w in warnings) == ["--no-endorsements",
                                                              "--proof-policy"]
    assert lines[4]["failures"][0]["code"] == "revoked"
    if "ja" in extra:
        assert all(CJK.search(f["message"]) for f in lines[4]["failures"])


def test_ob2_records_without_documents_say_what_to_give(tmp_path: Path) -> None:
    path, _, _ = _ob2_mix(tmp_path)
    for lang in ("en", "ja"):
        code, text = run("verify-batch", str(path), "--now", OB2_NOW, "--lang", lang)
        lines = _lines(text)
        assert code == 1
        assert [line["verified"] for line in lines] == [True, False, False, True, False]
        for line in (lines[1], lines[2], lines[4]):
            assert "document-missing" in {f["code"] for f in line["failures"]}
            assert len(line["hints"]) == 1 and "--document URL=FILE" in line["hints"][0]
            assert (CJK.search(line["hints"][0]) is not None) == (lang == "ja")
        assert "hints" not in lines[0] and "hints" not in lines[3]


def test_recipient_is_one_identity_for_every_record(tmp_path: Path) -> None:
    """--recipient: every OB 2.0 record must name it; a record that is not an OB 2.0 assertion
    is an error line (as 'verify' exits 2 on it: no recipient would be compared)."""
    from test_cli_ob2 import EMAIL

    path, singles, documents = _ob2_mix(tmp_path)
    for recipient, match in ((EMAIL, "recipient-match"), ("someone@example.org",
                                                          "recipient-mismatch")):
        code, text = run("verify-batch", str(path), *documents, "--now", OB2_NOW,
                         "--recipient", recipient, "--full")
        lines = _lines(text)
        assert code == 1
        for line, single in zip(lines, singles, strict=True):
            alone, out = run("verify", str(single), *documents, "--now", OB2_NOW,
                             "--recipient", recipient, "--json")
            if _is_ob2_file(single):
                checks = {c["id"]: c["code"] for c in line["result"]["checks"]}
                assert checks["ob2.recipient"] == match
                assert line["ok"] is (alone == 0)
            else:
                assert alone == 2 and json.loads(out)["error"]["code"] == "bad-argument"
                assert line["error"]["type"] == "RecipientNotApplicableError"
                assert "Open Badges 2.0" in line["error"]["message"]
    code, text = run("verify-batch", str(path), *documents, "--now", OB2_NOW, "--recipient",
                     EMAIL, "--lang", "ja")
    assert all(CJK.search(line["error"]["message"]) for line in _lines(text) if "error" in line)


def test_ob2_records_in_worker_processes_give_the_same_lines(tmp_path: Path) -> None:
    path, _, documents = _ob2_mix(tmp_path)
    args = ["verify-batch", str(path), *documents, "--now", OB2_NOW, "--recipient",
            "nobody@example.org"]
    assert run(*args, "--chunk-size", "1") == run(*args, "--workers", "2", "--chunk-size", "2")


def test_a_bad_ob2_flag_is_unusable_input_before_any_line(tmp_path: Path) -> None:
    path, _, _ = _ob2_mix(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\xff\xfe not json")
    for flag in ("no-equals-sign", f"https://example.org/x.json={broken}",
                 f"https://example.org/x.json={tmp_path / 'missing.json'}"):
        code, text = run("verify-batch", str(path), "--document", flag, "--json")
        assert code == 2, (flag, text)
        assert "error" in json.loads(text) and "line" not in json.loads(text)
