"""Command-line interface: ``python -m microcred <command>``.

Commands are registered in one table, :data:`COMMANDS`: each entry names a function that adds the
command's arguments to its sub-parser and a function that runs it and returns the exit status.
To add a command, write those two functions and add one :class:`Command` line to
:data:`COMMANDS`.

Every command follows the same rules:

* exit status 0 when done (verified, conforms), 1 for a negative verdict (not verified, does
  not conform, some records failed), 2 for unusable input (a file that cannot be read, is not
  UTF-8, is not the expected kind of document; bad arguments);
* with ``--json`` the standard output is one JSON document in every case, errors included
  (``{"ok": false, "status": 2, "error": {"code": ..., "message": ...}}``);
* messages in one language per run (``--lang en|ja``);
* no traceback for any input (set ``MICROCRED_DEBUG=1`` to see one for an internal error);
* every human-readable line goes through :func:`safe_text`, which escapes control characters
  and bidirectional overrides, so that a credential cannot clear the screen, move the cursor
  or print a line of its own.

This module is the only part of microcred that prints or reads files.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import itertools
import json
import os
import re
import sys
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TextIO

from ._errors import MicrocredError

if TYPE_CHECKING:  # imported where used: the batch commands do not need the models
    from ._model import MicroCredential

__all__ = ["COMMANDS", "Command", "build_demo_credential", "main", "safe_text"]


# --------------------------------------------------------------------------------------------
# Safe output
# --------------------------------------------------------------------------------------------

# C0 and C1 controls and DEL, lone surrogates (cannot be encoded), line/paragraph separators,
# bidirectional embeddings/overrides/isolates and marks, and invisible characters that can
# hide text (zero-width space, word joiner and invisible operators, BOM, annotation marks).
_UNSAFE_CLASS = (r"\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064"
                 r"\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff")
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
# In JSON text C0 controls are already escaped inside strings (and \n is layout).
_UNSAFE_IN_JSON = re.compile("[" + _UNSAFE_CLASS.replace(r"\x00-\x1f", "") + "]")


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: object) -> str:
    """``str(value)`` made inert for a terminal, on one line.

    Control characters (C0, DEL, C1: escape sequences, carriage returns, new lines),
    bidirectional overrides and isolates, line separators, invisible characters and lone
    surrogates are shown as ``\\x1b``/``\\u202e`` escapes; everything else is unchanged.

    >>> safe_text("Badge\\x1b[2J\\nVERIFIED \\u202eevil")
    'Badge\\\\x1b[2J\\\\x0aVERIFIED \\\\u202eevil'
    """
    text = value if isinstance(value, str) else str(value)
    return _UNSAFE.sub(_escape_char, text)


def _json_text(data: Any, *, indent: int | None = 2) -> str:
    """JSON with non-ASCII text kept readable but C1 controls, bidi overrides and lone
    surrogates escaped as ``\\uXXXX`` (still valid JSON, same value)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Out:
    """Human-readable output: every line is escaped by :func:`safe_text`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def line(self, text: str = "") -> None:
        self.stream.write(safe_text(text) + "\n")

    def block(self, text: str) -> None:
        """Several lines (our own layout); each line is escaped."""
        for line in text.split("\n"):
            self.line(line)


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _in_lang(message: str, lang: str) -> str:
    """One language of a library message written as ``English / 日本語``."""
    start = 0
    while (i := message.find(" / ", start)) >= 0:
        if _CJK.search(message, i + 3) and not _CJK.search(message, 0, i):
            return message[i + 3:] if lang == "ja" else message[:i]
        start = i + 1
    return message


#: What to do on the command line about a check that failed for want of a key (the library's
#: message speaks of the Python API).
_CLI_HINTS = {
    "unknown-verification-method": ("give its public key with --keys FILE",
                                    "--keys FILE で公開鍵を指定してください"),
    "key-unresolved": ("give the key with --keys FILE, or accept a key embedded in a VC-JWT "
                       "header with --embedded-jwk",
                       "--keys FILE で鍵を指定するか、VC-JWT ヘッダーに埋め込まれた鍵を "
                       "--embedded-jwk で受け付けてください"),
}


def _check_message(check: Any, lang: str) -> str:
    """A check's message in the run's language (an English message that quotes a bilingual
    ``English / 日本語`` error keeps its English half), with what to do on the command line
    when a key is missing."""
    if lang == "ja":
        message = str(check.message_ja or check.message)
    else:
        message = _in_lang(check.message, "en")
    hint = _CLI_HINTS.get(check.code)
    return f"{message} ({_t(lang, *hint)})" if hint else message


def _t(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


def _both(exc: BaseException) -> tuple[str, str]:
    """An exception's message in English and in Japanese (when it carries both)."""
    text = str(exc)
    return _in_lang(text, "en"), _in_lang(text, "ja")


# --------------------------------------------------------------------------------------------
# The demo credential
# --------------------------------------------------------------------------------------------

_JST = timezone(timedelta(hours=9))


def build_demo_credential(now: datetime | None = None) -> MicroCredential:
    """A realistic, bilingual micro-credential of a (fictional) Japanese university.

    "Applied Data Science and AI Basics / データサイエンス・AI応用基礎": 2 単位 (90 notional
    hours), online and asynchronous, assessed by project and supervised online test with
    identity verification, stackable into a 履修証明 certificate programme and recognisable
    towards a master's degree. ``now`` sets the issue date (default: 21 March 2025, 10:00 JST,
    so that the demo output is reproducible).
    """
    from ._model import MicroCredential

    issued = now or datetime(2025, 3, 21, 10, 0, tzinfo=_JST)
    base = "https://university.example"

    def t(en: str, ja: str) -> dict[str, object]:
        return {"text": en, "lang": "en", "translations": {"ja": ja}}

    return MicroCredential.parse({
        "id": f"{base}/micro-credentials/ds-ai-basics",
        "learner": {
            "id": "did:example:learner-7f3a9c",
            "name": "Hanako Yamada",
            "identifiers": [{"identity_type": "studentId",
                             "identity_hash": "sha256$6b9f0e1c4d2a8e7f5b3c1a9d8e7f6a5b"
                                              "4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a",
                             "hashed": True, "salt": "mc-2025"}],
        },
        "issue_date": issued.isoformat(),
        "title": t("Applied Data Science and AI Basics", "データサイエンス・AI応用基礎"),
        "awarding_body": {
            "name": t("Example University", "サンプル大学"),
            "id": f"{base}/", "url": f"{base}/", "kind": "higher_education",
            "country": "JP", "region": "JP-13",
        },
        "description": t(
            "Statistics, Python programming and machine-learning basics for working adults, "
            "with a capstone analysis of open government data.",
            "社会人向けに統計・Pythonプログラミング・機械学習の基礎を学び、"
            "オープンデータの分析プロジェクトで仕上げるプログラム。"),
        "learning_outcomes": [
            {"statement": t("Summarise and visualise a data set with descriptive statistics.",
                            "記述統計を用いてデータを要約し可視化できる。"),
             "alignments": [{"target_url": f"{base}/frameworks/ds-literacy#data-handling",
                             "framework": "Example University data-science competencies",
                             "target_code": "DS-1"}]},
            {"statement": t("Build and evaluate a simple supervised learning model in Python.",
                            "Pythonで教師あり学習の簡単なモデルを構築し評価できる。"),
             "alignments": [{"target_url": f"{base}/frameworks/ds-literacy#ml-basics",
                             "framework": "Example University data-science competencies",
                             "target_code": "DS-3"}]},
            {"statement": t("Explain the ethical and legal limits of using personal data.",
                            "個人データ利用における倫理的・法的な制約を説明できる。")},
        ],
        "participation": {"mode": "online", "synchrony": "asynchronous",
                          "description": t("On-demand video lectures with weekly online "
                                           "office hours.",
                                           "オンデマンド講義と週1回のオンライン質問会。")},
        "languages": ["ja", "en"],
        "effort": {"hours": "90", "credits": [{"amount": "2", "system": "JP_TANI"}]},
        "assessment": {
            "kinds": ["project", "testing"],
            "description": t("Capstone data-analysis report and a final online test.",
                             "最終分析レポートとオンライン試験。"),
            "criteria": t("Published rubric; pass mark 60/100 overall.",
                          "公開ルーブリックにより評価、総合60点以上で合格。"),
            "supervision": "supervised_online_with_identity_verification",
            "identity_verified": True,
        },
        "quality_assurance": [
            {"kind": "internal", "scope": "programme",
             "body": t("Curriculum committee, Example University", "サンプル大学 教務委員会"),
             "description": t("Annual self-assessment of outcomes and assessment.",
                              "学修成果と評価の年次自己点検。")},
            {"kind": "external", "scope": "institution",
             "body": t("Certified evaluation and accreditation agency", "認証評価機関"),
             "description": t("Institutional accreditation under the School Education Act.",
                              "学校教育法に基づく機関別認証評価。")},
        ],
        "certification": {"kind": "digital_badge",
                          "name": t("Open Badges 3.0 credential", "オープンバッジ 3.0")},
        "recognition": {"kind": "academic_credit",
                        "credits": [{"amount": "2", "system": "JP_TANI"}],
                        "recognized_by": t("Example University", "サンプル大学")},
        "prerequisites": {"description": t("Upper-secondary mathematics (statistics basics).",
                                           "高等学校数学（統計の基礎）程度。")},
        "stackability": {
            "integration": "integrated",
            "towards": [
                {"name": t("Certificate Programme in Data Science (120 h)",
                           "データサイエンス履修証明プログラム（120時間）"),
                 "id": f"{base}/programmes/ds-certificate", "pathways": ["modular"]},
                {"name": t("Master of Data Science", "データサイエンス修士"),
                 "id": f"{base}/programmes/mds", "pathways": ["recognition_of_prior_learning"]},
            ],
        },
        "further_information": t(f"{base}/micro-credentials/ds-ai-basics/syllabus",
                                 f"{base}/micro-credentials/ds-ai-basics/syllabus"),
    })




# --------------------------------------------------------------------------------------------
# Errors, files
# --------------------------------------------------------------------------------------------


class _CliError(Exception):
    """Unusable input: exit status 2, reported in the run's language (as JSON with --json)."""

    def __init__(self, en: str, ja: str | None = None, *, code: str = "unusable-input") -> None:
        super().__init__(en)
        self.en = en
        self.ja = ja or en
        self.code = code

    def message(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


class _UsageError(SystemExit):
    """Bad command-line arguments (argparse's message and the usage line); :func:`main`
    reports it, other callers of :func:`build_parser` see the usual ``SystemExit(2)``."""

    def __init__(self, message: str, usage: str) -> None:
        super().__init__(2)
        self.message = message
        self.usage = usage


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse would print and exit
        raise _UsageError(message, self.format_usage())


#: Files larger than this are refused before reading (baked images included).
MAX_FILE_BYTES = 64 * 1024 * 1024


#: The operating system's reasons, in Japanese (strerror is English).
_OS_REASONS_JA = {
    errno.ENOENT: "ファイルまたはディレクトリがありません", errno.EISDIR: "ディレクトリです",
    errno.ENOTDIR: "パスの途中がディレクトリではありません", errno.EACCES: "アクセス権がありません",
    errno.EPERM: "許可されていません", errno.ENOSPC: "空き容量がありません",
    errno.EROFS: "読み取り専用のファイルシステムです", errno.EEXIST: "既に存在します",
    errno.ENAMETOOLONG: "名前が長すぎます",
}


def _os_error(action: str, path: str, exc: OSError) -> _CliError:
    """A file that cannot be read (``action`` "read") or written ("write"), in both
    languages."""
    en = exc.strerror or type(exc).__name__
    ja = _OS_REASONS_JA.get(exc.errno or 0, en)
    if action == "read":
        return _CliError(f"cannot read {path}: {en}", f"{path} を読めません: {ja}",
                         code="unreadable")
    return _CliError(f"cannot write {path}: {en}", f"{path} に書き込めません: {ja}",
                     code="unwritable")


def _read_bytes(path: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes ('-': standard input); unreadable or too large is unusable input."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
    except OSError as exc:
        raise _os_error("read", path, exc) from None
    if len(data) > limit:
        raise _CliError(f"{path}: larger than {limit} bytes",
                        f"{path}: {limit} バイトを超えています", code="too-large")
    return data


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark from an editor is harmless here
    except UnicodeDecodeError as exc:
        raise _CliError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            f"{path}: UTF-8 のテキストではありません(オフセット {exc.start} のバイト "
            f"0x{raw[exc.start]:02x})", code="not-utf8") from None


def _read_json(path: str) -> Any:
    return _parse_json(_decode(_read_bytes(path), path), path)


def _parse_json(text: str, path: str) -> Any:
    from .jsonld import parse_json

    try:
        return parse_json(text)
    except MicrocredError as exc:
        en, ja = _both(exc)
        raise _CliError(f"{path}: not acceptable JSON: {en}",
                        f"{path}: JSON として受け付けられません: {ja}",
                        code="invalid-json") from None


def _read_json_object(path: str, what_en: str, what_ja: str) -> dict[str, Any]:
    data = _read_json(path)
    if not isinstance(data, dict):
        raise _CliError(f"{path}: expected a JSON object ({what_en})",
                        f"{path}: JSON オブジェクト({what_ja})ではありません",
                        code="not-an-object")
    return data


def _write_output(data: bytes | str, path: str | None, out: TextIO) -> None:
    """``data`` to ``path``, or to ``out`` (escaped for the terminal) when there is none."""
    if path is None or path == "-":
        text = data if isinstance(data, str) else data.decode("utf-8", "backslashreplace")
        text = text[:-1] if text.endswith("\n") else text
        out.write("\n".join(safe_text(line) for line in text.split("\n")) + "\n")
        return
    try:
        with open(path, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise _os_error("write", path, exc) from None


def _split_pair(spec: str, option: str) -> tuple[str, str]:
    """``URL=FILE`` (the URL may itself contain '=': the last one separates)."""
    url, sep, path = spec.rpartition("=")
    if not sep or not url or not path or ":" not in url:
        raise _CliError(f"{option}: expected URL=FILE, got {spec!r}",
                        f"{option}: URL=FILE の形で指定してください({spec!r})",
                        code="bad-argument")
    return url, path


def _describe(exc: BaseException, lang: str) -> tuple[str, list[str]]:
    """(code, message lines) for an exception reported to the user."""
    from ._errors import InvalidDataError

    if isinstance(exc, _CliError):
        return exc.code, exc.message(lang).split("\n")
    if isinstance(exc, InvalidDataError) and exc.errors:
        head = str(exc).split("\n", 1)[0]
        return "invalid-data", [_in_lang(head, lang)] + [
            f"  {e.path}: {_in_lang(e.msg, lang)}" for e in exc.errors
            if e.msg not in head]  # (a problem the first line already says is not repeated)
    errors = getattr(exc, "errors", None)
    if callable(errors) and type(exc).__name__ == "ValidationError":  # pydantic
        lines = [_t(lang, "invalid data:", "データが不正です:")]
        try:
            for e in errors():
                loc = ".".join(str(p) for p in e.get("loc", ())) or "<root>"
                lines.append(f"  {loc}: {_in_lang(str(e.get('msg', '')), lang)}")
        except Exception:
            lines.append(f"  {exc}")
        return "invalid-data", lines
    if isinstance(exc, MicrocredError):
        return "invalid-input", [_in_lang(line, lang) for line in str(exc).split("\n")]
    if isinstance(exc, (RecursionError, MemoryError)):
        return "too-large", [_t(lang, "input too large or too deeply nested",
                                "入力が大きすぎるか、入れ子が深すぎます")]
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        if lang == "ja":
            reason = _OS_REASONS_JA.get(exc.errno or 0, reason)
        return "io-error", [f"{getattr(exc, 'filename', None) or ''}: {reason}"]
    return "internal-error", [_t(lang, "internal error (please report it): ",
                                 "内部エラー(報告してください): ")
                              + f"{type(exc).__name__}: {exc}"]


def _report_error(code: str, lines: list[str], *, lang: str, as_json: bool, out: TextIO,
                  extra: Mapping[str, Any] | None = None, usage: str = "") -> int:
    if as_json:
        out.write(_json_text({**(extra or {}), "ok": False, "status": 2,
                              "error": {"code": code, "message": "\n".join(lines)}}) + "\n")
        return 2
    err = _Out(sys.stderr)
    if usage:
        err.block(usage.rstrip("\n"))
    err.line(_t(lang, "error: ", "エラー: ") + lines[0])
    for line in lines[1:]:
        err.line(line)
    return 2


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """A CLI command: name, one-line help, argument set-up and the function that runs it."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]


def _lang_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("en", "ja"), default="en",
                   help="output language / 出力言語 (default: en)")


def _json_arg(p: argparse.ArgumentParser, what: str = "print the outcome as JSON") -> None:
    p.add_argument("--json", action="store_true",
                   help=f"{what} (errors included: exit status 2 with an 'error' member)")


def _summary(mc: MicroCredential, lang: str) -> list[str]:
    """A few descriptor values of ``mc``, one per line."""
    from ._model import Descriptor

    ja = lang == "ja"
    sep = "、" if ja else ", "
    rows: list[tuple[Descriptor, str]] = []
    if mc.awarding_body:
        b = mc.awarding_body
        kind = f" ({b.kind.label(lang)})" if b.kind else ""
        rows.append((Descriptor.AWARDING_BODY,
                     f"{b.name.in_lang(lang)}, {b.region or b.country or '-'}{kind}"))
    if mc.effort:
        e = mc.effort
        parts = [f"{e.hours} {'時間' if ja else 'h'}"] if e.hours is not None else []
        parts += [f"{c.amount} {c.system.label(lang)}" for c in e.credits]
        rows.append((Descriptor.LEARNER_EFFORT, " = ".join(parts)))
    if mc.participation:
        p = mc.participation
        mode = p.mode.label(lang) + (sep + p.synchrony.label(lang) if p.synchrony else "")
        rows.append((Descriptor.FORM_OF_PARTICIPATION, mode))
    if mc.languages:
        rows.append((Descriptor.LANGUAGE, ", ".join(mc.languages)))
    if mc.assessment:
        a = mc.assessment
        text = sep.join(k.label(lang) for k in a.kinds)
        if a.supervision:
            text += f" ({a.supervision.label(lang)})"
        if a.criteria is not None:  # (e.g. an OB 3.0 badge's criteria.narrative, kind 'other')
            criteria = a.criteria.in_lang(lang)
            criteria = criteria if len(criteria) <= 80 else criteria[:79] + "…"
            text += f" — {_t(lang, 'criteria', '基準')}: {criteria}"
        rows.append((Descriptor.ASSESSMENT, text))
    if mc.stackability:
        st = mc.stackability
        targets = "; ".join(
            t.name.in_lang(lang) + (f" [{sep.join(p.label(lang) for p in t.pathways)}]"
                                    if t.pathways else "")
            for t in st.towards)
        rows.append((Descriptor.STACKABILITY,
                     st.integration.label(lang) + (f": {targets}" if targets else "")))
    lines = [f"  {d.label(lang)}: {value}" for d, value in rows]
    missing = sep.join(d.label(lang) for d in mc.missing_descriptors()) or "-"
    n, total = len(mc.present_descriptors()), len(Descriptor)
    lines.append(f"  記述項目: {total} 項目中 {n} 項目に記載（未記載: {missing}）" if ja
                 else f"  Descriptors: {n} of {total} filled in (missing: {missing})")
    return lines


def _width(text: str) -> int:
    """Display width in a terminal (East Asian wide characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _heading(text: str) -> list[str]:
    return ["", text, "=" * _width(text)]


_MARKS = {"passed": "✓", "failed": "✗", "skipped": "-", "could-not-check": "?"}


def _is_warning(check: Any) -> bool:
    """An optional check that did not pass, or a check that passed only because a policy was
    relaxed (``--status-relax``): shown as a warning, never as ✗ or ✓."""
    if check.outcome.value == "passed" and check.details and check.details.get("relaxations"):
        return True
    return not check.required and check.outcome.value in ("failed", "could-not-check")


def _mark(check: Any) -> str:
    return "!" if _is_warning(check) else _MARKS.get(check.outcome.value, "?")


def _verdict_word(ok: bool, lang: str) -> str:
    return _t(lang, "verified" if ok else "NOT verified", "検証成功" if ok else "検証失敗")


def demo_issue_and_verify(mc: MicroCredential, out: TextIO, lang: str) -> None:
    """Issue ``mc`` as a signed Open Badges 3.0 credential, verify it, then show tampering fail.

    Uses a fixed demo key (never use a published key for real credentials) and fixed times,
    so the output is reproducible.
    """
    from . import ob3 as _ob3
    from .signing import Ed25519Key, sign, verify

    o = _Out(out)
    key = Ed25519Key.from_seed(bytes(32))  # demo key only: it is public
    cred = _ob3.from_micro_credential(
        mc, credential_id="urn:uuid:2f1e7a0c-5d3b-4c8e-9b6a-1a2b3c4d5e6f", issuer=key.did)
    signed = sign(cred.to_jsonld(), key.signer(),
                  created=datetime(2025, 3, 21, 1, 0, tzinfo=timezone.utc))
    now = datetime(2025, 4, 1, tzinfo=timezone.utc)
    for line in _heading("4. " + _t(lang, "Issue and verify as Open Badges 3.0",
                                    "Open Badges 3.0 での発行と検証")):
        o.line(line)
    proof = signed["proof"]
    size = len(json.dumps(signed, ensure_ascii=False).encode("utf-8"))
    o.line(f"  {_t(lang, 'Issuer', '発行者')}: {key.did}")
    o.line(f"  {_t(lang, 'Proof', '証明')}: {proof['type']} / {proof['cryptosuite']}, "
           f"{proof['proofValue'][:24]}… ({size} bytes JSON)")
    result = verify(signed, now=now)
    o.line(f"  {_t(lang, 'Verification', '検証結果')}: {_verdict_word(result.verified, lang)}")
    for c in result.checks:
        msg = c.message_ja if lang == "ja" and c.message_ja else c.message
        o.line(f"    {_mark(c)} {c.id}: {msg}")
    tampered = json.loads(json.dumps(signed))
    tampered["credentialSubject"]["achievement"]["name"] = "Advanced Data Science (forged)"
    bad = verify(tampered, now=now)
    failed = ", ".join(f"{c.id} ({c.code})" for c in bad.failures)
    o.line(f"  {_t(lang, 'After tampering with the name', '改ざんした場合')}: "
           f"{_verdict_word(bad.verified, lang)} — {failed}")


def _run_demo(args: argparse.Namespace, out: TextIO) -> int:
    from . import profiles as _profiles
    from . import unesco as _unesco

    lang: str = args.lang
    mc = build_demo_credential()
    o = _Out(out)
    title = mc.title.in_lang(lang) if mc.title else ""
    for line in _heading(_t(lang, "Micro-credential: ", "マイクロクレデンシャル: ") + title):
        o.line(line)
    for line in _summary(mc, lang):
        o.line(line)
    for line in _heading("1. UNESCO (2022)"):
        o.line(line)
    o.block(_unesco.assess(mc).to_text(lang))
    for line in _heading("2. " + _t(lang, "Framework profiles", "フレームワーク別の適合性")):
        o.line(line)
    for p in _profiles.BUILTIN:
        o.block(_profiles.check(mc, p).to_text(lang))
    for line in _heading("3. " + _t(lang, "Gap to the EU profiles", "EU への差分")):
        o.line(line)
    for p in (_profiles.EU, _profiles.EU_COUNCIL_2022):
        o.block(_profiles.gap(mc, p).to_text(lang))
    demo_issue_and_verify(mc, out, lang)
    return 0


def _configure_profiles(p: argparse.ArgumentParser) -> None:
    _lang_arg(p)
    p.add_argument("--format", choices=("md", "csv", "json"), default="md",
                   help="output format (default: md)")
    p.add_argument("--all", action="store_true",
                   help="also include EU_COUNCIL_2022 (Annex I) next to the five framework "
                        "columns")
    p.add_argument("--notes", action="store_true", help="list cell notes under the table (md)")


def _run_profiles(args: argparse.Namespace, out: TextIO) -> int:
    from . import profiles as _profiles

    chosen = _profiles.BUILTIN if args.all else _profiles.ALL
    comparison = _profiles.compare(chosen)
    if args.format == "csv":
        out.write(comparison.to_csv())  # machine values; both label languages are columns
    elif args.format == "json":
        out.write(_json_text(comparison.as_dict()) + "\n")
    else:
        _Out(out).block(comparison.to_markdown(args.lang, notes=args.notes))
    return 0


def _configure_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="micro-credential descriptor as JSON (the "
                                "MicroCredential.model_dump(mode='json') shape); '-' reads "
                                "standard input. For a signed credential use 'verify'.")
    p.add_argument("--profile", action="append", metavar="KEY",
                   help="profile key (repeatable; default: every built-in profile)")
    _json_arg(p)
    _lang_arg(p)


#: Members that only a credential (not a descriptor) has.
_CREDENTIAL_MEMBERS = ("@context", "proof", "credentialSubject", "issuer")


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 all chosen profiles conform, 1 some do not (or cannot be decided),
    2 the file is not a micro-credential descriptor."""
    from . import profiles as _profiles
    from . import unesco as _unesco

    data = _read_json_object(args.file, "a micro-credential descriptor",
                             "マイクロクレデンシャルの記述")
    if any(member in data for member in _CREDENTIAL_MEMBERS):
        raise _CliError(
            f"{args.file} is a credential (it has "
            f"{', '.join(m for m in _CREDENTIAL_MEMBERS if m in data)}), not a micro-credential "
            "descriptor: 'check' expects a descriptor file (MicroCredential JSON); to check a "
            "credential's signature use 'verify'",
            f"{args.file} はクレデンシャルです。'check' はマイクロクレデンシャルの記述ファイル"
            "(MicroCredential JSON)を受け付けます。クレデンシャルの検証には 'verify' を使って"
            "ください", code="not-a-descriptor")
    from ._model import MicroCredential

    mc = MicroCredential.parse(data)
    chosen = ([_profiles.get(k) for k in args.profile] if args.profile
              else list(_profiles.BUILTIN))
    reports = [_profiles.check(mc, p) for p in chosen]
    assessment = _unesco.assess(mc)
    status = 0 if all(r.conforms for r in reports) else 1
    if args.json:
        out.write(_json_text({"ok": status == 0, "status": status,
                              "unesco": assessment.as_dict(),
                              "profiles": [r.as_dict() for r in reports]}) + "\n")
    else:
        o = _Out(out)
        o.block(assessment.to_text(args.lang))
        o.line()
        for r in reports:
            o.block(r.to_text(args.lang))
    return status


# --------------------------------------------------------------------------------------------
# verify / issue / bake / unbake
# --------------------------------------------------------------------------------------------


def _pad(text: str, width: int) -> str:
    """Left-justify ``text`` to ``width`` terminal columns."""
    return text + " " * max(width - _width(text), 0)


_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")


def _load_credential(raw: bytes, path: str) -> Any:
    """A credential from file bytes: baked PNG/SVG, compact JWS, or a JSON object."""
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if raw.startswith(b"\x89PNG") or head.startswith(b"<"):
        from . import baking

        return baking.unbake(raw)
    text = _decode(raw, path).strip()
    if text.startswith("{"):
        return _parse_json(text, path)
    if _JWS.fullmatch(text):
        return text
    if text.startswith('"') and _JWS.fullmatch(text.strip('"')):
        return text.strip('"')  # (a compact JWS written as a JSON string, as 'issue' does)
    raise _CliError(f"{path}: not a credential (expected a JSON object, a compact JWS or a "
                    "baked PNG/SVG image)",
                    f"{path}: クレデンシャルではありません(JSON オブジェクト、compact JWS、"
                    "ベイクされた PNG/SVG 画像のいずれかが必要です)", code="not-a-credential")


def _resolver_from_files(paths: Sequence[str]) -> Any:
    """did:key plus the keys of every file, merged; one id with two different keys is an
    error."""
    from .signing import DidKeyResolver, StaticKeyResolver

    parts: list[Any] = []
    for path in paths:
        data = _read_json_object(path, "verification-method id -> key, or a controller "
                                       "document", "検証メソッド ID → 鍵、またはコントローラ文書")
        try:
            if "id" in data and ("verificationMethod" in data or "assertionMethod" in data):
                part = StaticKeyResolver.from_controller_document(data)
                vms = data.get("verificationMethod", [])
                ids = [vm["id"] for vm in (vms if isinstance(vms, list) else [vms])
                       if isinstance(vm, dict) and isinstance(vm.get("id"), str)]
                ids = [data["id"] + i if i.startswith("#") else i for i in ids]
            else:
                part = StaticKeyResolver(data)
                ids = list(data)
        except MicrocredError as exc:
            en, ja = _both(exc)
            raise _CliError(f"--keys {path}: {en}", f"--keys {path}: {ja}",
                            code="bad-key") from None
        for vm_id in ids:
            for earlier in parts:
                try:
                    known, new = earlier.resolve(vm_id), part.resolve(vm_id)
                except MicrocredError:
                    continue
                if known != new:
                    raise _CliError(f"--keys: {vm_id} has different keys in two files",
                                    f"--keys: {vm_id} の鍵がファイルによって異なります",
                                    code="conflicting-keys")
        parts.append(part)
    return DidKeyResolver() if not parts else DidKeyResolver() | _chain(parts)


def _chain(parts: Sequence[Any]) -> Any:
    from .signing import ChainedKeyResolver

    return ChainedKeyResolver(*parts)


def _loader_from(specs: Sequence[str]) -> Any:
    """A StaticLoader serving the bundled contexts plus each ``--context URL=FILE``."""
    if not specs:
        return None
    from .jsonld import StaticLoader

    loader = StaticLoader()
    for spec in specs:
        url, path = _split_pair(spec, "--context")
        document = _read_json_object(path, "a JSON-LD context document",
                                     "JSON-LD コンテキスト文書")
        try:
            loader.register(url, document)
        except MicrocredError as exc:
            en, ja = _both(exc)
            raise _CliError(f"--context {url}: {en}", f"--context {url}: {ja}",
                            code="bad-context") from None
    return loader


def _status_lists(specs: Sequence[str]) -> dict[str, Any]:
    """``--status-list [URL=]FILE`` → {URL: status-list credential} (URL defaults to its id)."""
    table: dict[str, Any] = {}
    for spec in specs:
        if "=" in spec and not os.path.exists(spec):
            url: str | None
            url, path = _split_pair(spec, "--status-list")
        else:
            url, path = None, spec
        cred = _read_json_object(path, "a status-list credential",
                                 "ステータスリストのクレデンシャル")
        if url is None:
            url = cred.get("id")
            if not isinstance(url, str):
                raise _CliError(f"--status-list {path}: the credential has no id; give it as "
                                "URL=FILE",
                                f"--status-list {path}: id がありません。URL=FILE の形で"
                                "指定してください", code="bad-status-list")
        table[url] = cred
    return table


def _status_urls(document: Any) -> list[str]:
    """The status-list URLs a credential refers to."""
    if not isinstance(document, Mapping):
        return []
    status = document.get("credentialStatus")
    entries = status if isinstance(status, list) else [status]
    urls = [e.get("statusListCredential") for e in entries if isinstance(e, Mapping)]
    return [u for u in urls if isinstance(u, str)]


def _jwt_payload(token: str) -> Any:
    try:
        from .vcjwt import decode_vc_jwt

        return decode_vc_jwt(token)[1]
    except Exception:
        return None


def _configure_verify(p: argparse.ArgumentParser) -> None:
    _lang_arg(p)
    p.add_argument("file", help="credential or presentation: JSON, compact JWS (VC-JWT), or "
                                "baked PNG/SVG")
    _verification_args(p)
    p.add_argument("--challenge", metavar="TEXT",
                   help="presentations: the challenge the holder's proof must carry")
    p.add_argument("--domain", metavar="TEXT",
                   help="presentations: the domain the holder's proof must carry")
    _ob2_args(p, batch=False)
    _json_arg(p, "print the result as JSON")


def _verification_args(p: argparse.ArgumentParser) -> None:
    """The verification options shared by verify and verify-batch (read by
    :func:`_verify_options`)."""
    p.add_argument("--keys", metavar="FILE", action="append", default=[],
                   help="keys beyond did:key: a JSON object mapping verification-method ids to "
                        "Multikey/JWK public keys, or a controller (DID) document (repeatable; "
                        "merged)")
    p.add_argument("--context", metavar="URL=FILE", action="append", default=[],
                   help="serve the JSON-LD context in FILE at URL (repeatable; there is no "
                        "network access)")
    p.add_argument("--status-list", metavar="[URL=]FILE", action="append", default=[],
                   help="a status-list credential (already fetched) to check credentialStatus "
                        "against, at URL (default: its id); its proof is verified with the same "
                        "keys (repeatable)")
    p.add_argument("--status-relax", metavar="POLICY", action="append", default=[],
                   choices=("list-id", "issuer", "short-lists"),
                   help="accept, with a warning, a status list whose issuer is not the "
                        "credential's (issuer), or that is shorter than the minimum "
                        "(short-lists) (repeatable); a list whose id differs from its URL is "
                        "accepted with a warning already, as by the API (list-id: no MUST)")
    p.add_argument("--trusted-list-issuer", metavar="ID", action="append", default=[],
                   help="a status-list issuer trusted besides the credential's issuer "
                        "(repeatable)")
    p.add_argument("--no-require-status", action="store_true",
                   help="do not fail when credentialStatus cannot be checked")
    p.add_argument("--proof-policy", choices=("all", "any"), default="all",
                   help="every proof must verify (all, the default) or at least one (any)")
    p.add_argument("--no-endorsements", action="store_true",
                   help="do not verify embedded endorsements")
    p.add_argument("--embedded-jwk", action="store_true",
                   help="accept a VC-JWT key embedded in the header (jwk); not bound to issuer")
    p.add_argument("--now", metavar="DATETIME",
                   help="verify as of this time (ISO 8601; default: the current time)")


def _parse_now(value: str | None) -> datetime | None:
    """``--now``: None when not given; an ISO 8601 date-time, or unusable input."""
    if not value:
        return None
    from .vcjwt import parse_datetime

    now = parse_datetime(value)
    if now is None:
        raise _CliError(f"--now: {value!r} is not an ISO 8601 date-time",
                        f"--now: {value!r} は ISO 8601 の日時ではありません",
                        code="bad-argument")
    return now


def _verify_options(args: argparse.Namespace,
                    now: datetime | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """``microcred.verify`` keyword options from the flags of :func:`_verification_args`
    (``now`` when ``--now`` is not given), and the status lists by URL.

    Everything in the options pickles (a process pool carries them): the status lists' own
    proofs are checked by a ``functools.partial`` of ``verify``, not a lambda."""
    import functools

    from .signing import DidKeyResolver, verify
    from .statuslist import BitstringStatusChecker

    resolver = _resolver_from_files(args.keys) if args.keys else None
    if args.embedded_jwk:
        from .vcjwt import EmbeddedJwkResolver

        resolver = (resolver or DidKeyResolver()) | EmbeddedJwkResolver()
    options: dict[str, Any] = {"resolver": resolver, "now": _parse_now(args.now) or now,
                               "require_status": not args.no_require_status,
                               "proof_policy": args.proof_policy,
                               "verify_endorsements": not args.no_endorsements}
    loader = _loader_from(args.context)
    if loader is not None:
        options["loader"] = loader
    lists = _status_lists(args.status_list)
    if lists:
        relax = set(args.status_relax)
        options["status_checker"] = BitstringStatusChecker(
            lists, verify_list=functools.partial(verify, **options),
            list_id_mismatch="warn",  # the API's default: the spec has no MUST (issue 13)
            issuer_mismatch="warn" if "issuer" in relax else "refuse",
            short_lists="warn" if "short-lists" in relax else "refuse",
            trusted_list_issuers=tuple(args.trusted_list_issuer))
    return options, lists


def _missing_lists(document: Any, lists: Mapping[str, Any], lang: str) -> list[str]:
    """A warning for each status list the credential names that no --status-list gives."""
    referenced = _status_urls(_jwt_payload(document) if isinstance(document, str)
                              else document)
    return [_t(lang, f"no status list given for {u} (--status-list URL=FILE)",
               f"{u} のステータスリストが指定されていません(--status-list URL=FILE)")
            for u in dict.fromkeys(referenced) if u not in lists]


def _ob2_input(raw: bytes, path: str) -> Any:
    """The OB 2.0 assertion the file holds (JSON, JWS, hosted URL or baked image), or None."""
    from .ob2 import unbake_ob2

    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    value: Any
    if raw.startswith(b"\x89PNG") or head.startswith(b"<"):
        try:
            value = unbake_ob2(raw)
        except MicrocredError:
            return None
    else:
        try:
            value = _load_credential(raw, path)
        except _CliError:
            return None
    from ._dispatch import is_ob2

    return value if is_ob2(value) else None


def _ob2_documents(specs: Sequence[str]) -> dict[str, Any]:
    """``--document URL=FILE`` → {URL: JSON document}."""
    table: dict[str, Any] = {}
    for spec in specs:
        url, path = _split_pair(spec, "--document")
        table[url] = _read_json_object(path, "a JSON document", "JSON 文書")
    return table


#: verify's options that only OB 3.0 credentials use: (flag, given?).
_OB3_ONLY_FLAGS: tuple[tuple[str, Callable[[argparse.Namespace], bool]], ...] = (
    ("--keys", lambda a: bool(a.keys)), ("--context", lambda a: bool(a.context)),
    ("--status-list", lambda a: bool(a.status_list)),
    ("--status-relax", lambda a: bool(a.status_relax)),
    ("--trusted-list-issuer", lambda a: bool(a.trusted_list_issuer)),
    ("--no-require-status", lambda a: bool(a.no_require_status)),
    ("--proof-policy", lambda a: a.proof_policy != "all"),
    ("--no-endorsements", lambda a: bool(a.no_endorsements)),
    ("--embedded-jwk", lambda a: bool(a.embedded_jwk)))


def _ob2_notes(args: argparse.Namespace, lang: str) -> list[str]:
    """What ``verify`` and ``verify-batch`` say about an OB 2.0 assertion: each OB 3.0-only
    flag given does not apply, and without ``--document`` nothing can be checked."""
    notes = [_t(lang, f"{flag} does not apply to an Open Badges 2.0 assertion (use "
                      "--document URL=FILE)",
                f"{flag} は Open Badges 2.0 のアサーションには使われません"
                "(--document URL=FILE を使ってください)")
             for flag, given in _OB3_ONLY_FLAGS if given(args)]
    if not args.document:
        notes.append(_t(
            lang, "an Open Badges 2.0 assertion is verified against its BadgeClass, Issuer "
                  "and key (or hosted copy): give each as --document URL=FILE",
            "Open Badges 2.0 のアサーションは BadgeClass・発行者・鍵(またはホストされた写し)と"
            "照合します。それぞれを --document URL=FILE で指定してください"))
    return notes


def _ob2_options(args: argparse.Namespace) -> dict[str, Any]:
    """The OB 2.0 options of :func:`microcred._dispatch.verify_one` from ``--document`` and
    ``--recipient`` (only those given)."""
    options: dict[str, Any] = {}
    if args.document:
        options["ob2_documents"] = _ob2_documents(args.document)
    if args.recipient is not None:
        options["recipient"] = args.recipient
    return options


def _ob2_args(p: argparse.ArgumentParser, *, batch: bool) -> None:
    """``--document`` and ``--recipient`` (verify and verify-batch)."""
    each = "; one pool for every OB 2.0 record of the batch" if batch else ""
    p.add_argument("--document", metavar="URL=FILE", action="append", default=[],
                   help="Open Badges 2.0: a document already fetched from URL (the BadgeClass, "
                        "the Issuer profile, the CryptographicKey, the RevocationList, or the "
                        "hosted assertion as published at its id) (repeatable; nothing is "
                        f"fetched, a document not given is 'could not check'{each})")
    p.add_argument("--recipient", metavar="IDENTITY",
                   help="Open Badges 2.0: the recipient identity (e.g. an e-mail address) to "
                        "compare with the assertion's, hashed or not"
                        + ("; every record must be an OB 2.0 assertion that names it (another "
                           "record is an error line)" if batch else ""))


def _run_verify(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 verified, 1 not verified, 2 the input could not be used."""
    from ._dispatch import verify_one
    from .signing import verify

    lang: str = args.lang
    raw = _read_bytes(args.file)
    assertion = _ob2_input(raw, args.file)
    if assertion is not None:
        result = verify_one(assertion, now=_parse_now(args.now), **_ob2_options(args))
        return _report(result, result, (), "", args, out, lang, _ob2_notes(args, lang))
    if args.document or args.recipient:
        raise _CliError("--document and --recipient are for Open Badges 2.0 assertions; "
                        f"{args.file} is not one",
                        "--document と --recipient は Open Badges 2.0 のアサーション用です。"
                        f"{args.file} はアサーションではありません", code="bad-argument")
    document = _load_credential(raw, args.file)
    options, lists = _verify_options(args)
    referenced = _status_urls(_jwt_payload(document) if isinstance(document, str)
                              else document)
    warnings = [(_t(lang, f"--status-list {u}: the credential does not refer to this list",
                    f"--status-list {u}: クレデンシャルはこのリストを参照していません"))
                for u in lists if u not in referenced]
    warnings += _missing_lists(document, lists, lang)
    types = document.get("type") if isinstance(document, dict) else None
    if isinstance(types, list) and "ClrCredential" in types:
        from .clr import verify_clr

        clr = verify_clr(document, **options)
        return _report(clr, clr.clr, clr.credentials, "verifiableCredential[{i}]",
                       args, out, lang, warnings)
    if isinstance(types, list) and "VerifiablePresentation" in types:
        from .presentation import verify_presentation

        vp = verify_presentation(document, challenge=args.challenge, domain=args.domain,
                                 **options)
        return _report(vp, vp, vp.credentials, "verifiableCredential[{i}]",
                       args, out, lang, warnings)
    result = verify(document, **options)
    return _report(result, result, result.endorsements,
                   _t(lang, "endorsement", "推薦") + " {i}", args, out, lang, warnings)


def _report(outcome: Any, checks: Any, inner: Sequence[Any], label: str,
            args: argparse.Namespace, out: TextIO, lang: str, warnings: Sequence[str]) -> int:
    """Print a verification (``outcome``: its ``verified`` and ``as_dict()``; ``checks``: the
    result whose checks are listed) and one verdict line per inner result (the credentials
    of a presentation or CLR, the endorsements of a credential). Exit status 0 or 1."""
    if args.json:
        out.write(_json_text({**outcome.as_dict(), "warnings": warnings}) + "\n")
        return 0 if outcome.verified else 1
    o = _Out(out)
    _print_checks(checks, o, lang)
    for i, item in enumerate(inner):
        failed = ", ".join(f"{c.id} ({c.code})" for c in item.failures)
        o.line(f"  {label.format(i=i)}: {_verdict_word(item.verified, lang)}"
               f"{' — ' + failed if failed else ''}")
    return _verdict(outcome.verified, o, lang, warnings)


def _print_checks(result: Any, o: _Out, lang: str) -> None:
    ja = lang == "ja"
    for check in result.checks:
        if _is_warning(check):
            label = _t(lang, "warning", "警告")
        else:
            label = check.outcome.label_ja if ja else check.outcome.value
        message = _check_message(check, lang)
        optional = "" if check.required else _t(lang, " (optional)", " (任意)")
        o.line(f"{_mark(check)} {_pad(label, 15)} {check.id:<24} {check.code}{optional}: "
               f"{message}")


def _verdict(ok: bool, o: _Out, lang: str, warnings: Sequence[str] = ()) -> int:
    for warning in warnings:
        o.line(f"! {_t(lang, 'warning', '警告')}: {warning}")
    o.line(_t(lang, "VERIFIED" if ok else "NOT VERIFIED",
              "検証に成功しました" if ok else "検証に失敗しました"))
    return 0 if ok else 1


def _load_signing_key(path: str, kid: str | None) -> tuple[Any, str]:
    """(signer, kind) from a key file: secret multibase, private JWK, or PEM private key."""
    from .jsonld import parse_json
    from .signing import Ed25519Key

    raw = _read_bytes(path)
    text = _decode(raw, path).strip()
    try:
        if text.startswith("-----BEGIN"):
            return _pem_signer(raw, path, kid)
        if text.startswith("{"):
            jwk = parse_json(text)
            if isinstance(jwk, dict) and "secretKeyMultibase" in jwk:
                return _multibase_signer(str(jwk["secretKeyMultibase"]), kid)
            if isinstance(jwk, dict) and jwk.get("kty") == "EC":
                from ._di.keys import EcdsaKey

                return EcdsaKey.from_jwk(jwk).signer(kid), "ecdsa"
            if isinstance(jwk, dict):
                return Ed25519Key.from_jwk(jwk).signer(kid), "ed25519"
            raise _CliError(f"{path}: not a key object", f"{path}: 鍵ではありません",
                            code="bad-key")
        return _multibase_signer(text, kid)
    except MicrocredError as exc:
        en, ja = _both(exc)
        raise _CliError(f"--key {path}: {en}", f"--key {path}: 鍵を読み込めません({ja})",
                        code="bad-key") from None


def _multibase_signer(value: str, kid: str | None) -> tuple[Any, str]:
    """A signer from a secretKeyMultibase of any supported type (Ed25519, P-256, P-384)."""
    from .signing import Ed25519Key

    try:
        return Ed25519Key.from_secret_multibase(value).signer(kid), "ed25519"
    except MicrocredError:
        from ._di.keys import EcdsaKey

        return EcdsaKey.from_secret_multibase(value).signer(kid), "ecdsa"


def _pem_signer(raw: bytes, path: str, kid: str | None) -> tuple[Any, str]:
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        load_pem_private_key,
    )

    from .signing import Ed25519Key
    from .vcjwt import JoseSigner

    try:
        private = load_pem_private_key(raw, password=None)
    except (ValueError, TypeError) as exc:
        raise _CliError(f"{path}: cannot load the PEM private key ({exc})",
                        f"{path}: PEM 秘密鍵を読み込めません({exc})", code="bad-key") from None
    if isinstance(private, ed25519.Ed25519PrivateKey):
        seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return Ed25519Key.from_seed(seed).signer(kid), "ed25519"
    if kid is None:
        raise _CliError("an RSA/EC key needs --kid (the key's URL, e.g. issuer#key-1)",
                        "RSA/EC 鍵には --kid(鍵の URL、例: issuer#key-1)が必要です",
                        code="bad-argument")
    return JoseSigner(private, kid), "jose"


def _signing_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key", required=True,
                   help="private key file (see 'keygen'): secretKeyMultibase (z3u2...), a "
                        "private JWK, or a PEM private key (Ed25519 or P-256/P-384 for Data "
                        "Integrity; also RSA for --format jwt)")
    p.add_argument("--issuer", help="issuer id (default: the key's did:key)")
    p.add_argument("--kid", help="verification method / JWT kid (default: did:key#...)")
    p.add_argument("--format", choices=("di", "jwt"), default="di",
                   help="Data Integrity proof (eddsa-rdfc-2022) or VC-JWT (default: di)")
    p.add_argument("--cryptosuite", "--suite", default="eddsa-rdfc-2022",
                   help="Data Integrity cryptosuite: eddsa-rdfc-2022 (default), eddsa-jcs-2022, "
                        "ecdsa-rdfc-2019, ecdsa-jcs-2019 (a P-256/P-384 key turns an eddsa "
                        "default into ecdsa-rdfc-2019)")
    p.add_argument("--created", help="proof creation time (default: now)")


def _configure_issue(p: argparse.ArgumentParser) -> None:
    p.add_argument("descriptor", help="micro-credential descriptor JSON (MicroCredential)")
    p.add_argument("--id", required=True, help="credential id (URI), e.g. urn:uuid:...")
    _signing_args(p)
    p.add_argument("--out", help="output file (default: standard output)")
    _json_arg(p, "print {ok, credential} (or {ok, out} with --out) as JSON")
    _lang_arg(p)


def _issue_one(descriptor: Any, signer: Any, kind: str, *, credential_id: str,
               issuer: str | None, fmt: str, cryptosuite: str, created: str | None) -> Any:
    """Sign one descriptor (a mapping) as an OB 3.0 credential: the signed dict or a JWS."""
    from . import ob3
    from ._model import MicroCredential
    from .signing import sign
    from .vcjwt import issue_vc_jwt

    model = descriptor if isinstance(descriptor, MicroCredential) else MicroCredential.parse(
        descriptor)
    if issuer is None:
        if kind not in ("ed25519", "ecdsa"):
            raise _CliError("--issuer is required with an RSA/PEM key",
                            "RSA/PEM 鍵では --issuer が必要です", code="bad-argument")
        issuer = signer.key.did
    doc = ob3.from_micro_credential(model, credential_id=credential_id,
                                    issuer=issuer).to_jsonld()
    if fmt == "jwt":
        return issue_vc_jwt(doc, signer)
    if kind not in ("ed25519", "ecdsa"):
        raise _CliError("Data Integrity proofs need an Ed25519 or P-256/P-384 key file",
                        "Data Integrity 証明には Ed25519 か P-256/P-384 の鍵ファイルが必要です",
                        code="bad-key")
    if kind == "ecdsa" and cryptosuite.startswith("eddsa"):
        cryptosuite = "ecdsa-rdfc-2019"  # (the key decides the family; rdfc as the default)
    return sign(doc, signer, cryptosuite=cryptosuite, created=created)


def _run_issue(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 issued, 2 bad descriptor, key or arguments."""
    descriptor = _read_json_object(args.descriptor, "a micro-credential descriptor",
                                   "マイクロクレデンシャルの記述")
    signer, kind = _load_signing_key(args.key, args.kid)
    issued = _issue_one(descriptor, signer, kind, credential_id=args.id, issuer=args.issuer,
                        fmt=args.format, cryptosuite=args.cryptosuite, created=args.created)
    return _emit_credential(issued, args, out)


def _configure_bake(p: argparse.ArgumentParser) -> None:
    p.add_argument("image", help="PNG or SVG image")
    p.add_argument("credential", help="signed credential: JSON file or compact JWS file")
    p.add_argument("--out", required=True, help="where to write the baked image")
    p.add_argument("--replace", action="store_true",
                   help="replace a credential already baked into the image")
    _json_arg(p)
    _lang_arg(p)


def _run_bake(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 baked, 2 bad image or credential."""
    from . import baking

    credential = _load_credential(_read_bytes(args.credential), args.credential)
    if not isinstance(credential, (dict, str)):
        raise _CliError("the credential file holds neither a JSON object nor a JWS",
                        "クレデンシャルのファイルが JSON オブジェクトでも JWS でもありません",
                        code="not-a-credential")
    baked = baking.bake(_read_bytes(args.image), credential, replace=args.replace)
    _write_output(baked, args.out, out)
    if args.json:
        out.write(_json_text({"ok": True, "status": 0, "out": args.out}) + "\n")
    return 0


def _configure_unbake(p: argparse.ArgumentParser) -> None:
    p.add_argument("image", help="baked PNG or SVG image")
    p.add_argument("--out", help="output file (default: standard output)")
    _json_arg(p, "print {ok, credential} (or {ok, out} with --out) as JSON")
    _lang_arg(p)


def _run_unbake(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 extracted, 2 no (valid) baked credential."""
    from . import baking

    return _emit_credential(baking.unbake(_read_bytes(args.image)), args, out)


def _emit_credential(credential: dict[str, Any] | str, args: argparse.Namespace,
                     out: TextIO) -> int:
    """Write a credential (a JSON object, or a compact JWS as it is) to ``--out`` or to
    standard output; ``--json`` wraps it as ``{ok, credential}`` (or ``{ok, out}``)."""
    if args.out in (None, "-"):
        if args.json:
            out.write(_json_text({"ok": True, "status": 0, "credential": credential}) + "\n")
        elif isinstance(credential, str):
            out.write(safe_text(credential) + "\n")
        else:
            out.write(_json_text(credential) + "\n")
        return 0
    _write_output(credential if isinstance(credential, str)
                  else json.dumps(credential, ensure_ascii=False, indent=2), args.out, out)
    if args.json:
        out.write(_json_text({"ok": True, "status": 0, "out": args.out}) + "\n")
    return 0


# --------------------------------------------------------------------------------------------
# keygen / issue-batch / verify-batch
# --------------------------------------------------------------------------------------------


def _configure_keygen(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True,
                   help="where to write the new private key (secretKeyMultibase); "
                        "created readable by you only, never overwritten without --force")
    p.add_argument("--type", choices=("ed25519", "p256", "p384"), default="ed25519",
                   help="key type: Ed25519 (eddsa-* suites), P-256 or P-384 (ecdsa-* suites, "
                        "ES256/ES384); default ed25519")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    _json_arg(p, "print the key's did:key and public key as JSON")
    _lang_arg(p)


def _run_keygen(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 written, 2 the file exists or cannot be written."""
    from .signing import Ed25519Key

    lang: str = args.lang
    kind = getattr(args, "type", "ed25519")
    if kind == "ed25519":
        key: Any = Ed25519Key.generate()
    else:
        from ._di.keys import EcdsaKey

        key = EcdsaKey.generate("P-256" if kind == "p256" else "P-384")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if args.force else os.O_EXCL)
    try:
        fd = os.open(args.out, flags, 0o600)
    except FileExistsError:
        raise _CliError(f"{args.out} exists; choose another file or pass --force",
                        f"{args.out} は既にあります。別のファイルを指定するか --force を"
                        "付けてください", code="exists") from None
    except OSError as exc:
        raise _os_error("write", args.out, exc) from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        if hasattr(os, "fchmod"):
            os.fchmod(fh.fileno(), 0o600)
        fh.write(key.export_secret_multibase() + "\n")
    info = {"ok": True, "status": 0, "out": args.out, "did": key.did,
            "verificationMethod": key.did_verification_method,
            "publicKeyMultibase": key.public_key_multibase}
    if args.json:
        out.write(_json_text(info) + "\n")
        return 0
    o = _Out(out)
    label = {"ed25519": "Ed25519", "p256": "P-256", "p384": "P-384"}[kind]
    o.line(_t(lang, f"New {label} private key written to {args.out} (readable by you only).",
              f"{label} の秘密鍵を {args.out} に書き出しました(本人のみ読み取り可)。"))
    o.line(f"  {_t(lang, 'Issuer (did:key)', '発行者 (did:key)')}: {key.did}")
    o.line(f"  {_t(lang, 'Verification method', '検証メソッド')}: {key.did_verification_method}")
    o.line(f"  {_t(lang, 'Public key (Multikey)', '公開鍵 (Multikey)')}: "
           f"{key.public_key_multibase}")
    o.line(_t(lang, "Keep this file secret and backed up: whoever holds it can issue in your "
                    "name, and a lost key means issuing under a new one.",
              "このファイルは秘密にし、バックアップしてください。持つ人は誰でもあなたの名前で"
              "発行でき、失うと新しい鍵で発行し直すことになります。"))
    return 0


def _batch_args(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("records", help=f"JSON Lines file, one {what} per line ('-': standard "
                                   "input); blank lines are skipped")
    p.add_argument("--out", help="JSON Lines output file (default: standard output)")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="worker processes (default: 1, in this process)")
    p.add_argument("--chunk-size", type=int, default=32, metavar="N",
                   help="records per task (default: 32)")
    _json_arg(p, "write the summary (standard error) as JSON")
    _lang_arg(p)


#: A JSON Lines record longer than this is reported as a bad line (and never held whole).
MAX_LINE_BYTES = 64 * 1024 * 1024
#: How many unreadable lines may open a JSON Lines file before it is refused as not JSON Lines.
_LOOKAHEAD = 100
_LINE_1 = re.compile(r"line 1 column (\d+) \(char \d+\)")

#: A line of a batch file in file order: (line number, (error type, message) or None for a
#: record, the record or _UNREADABLE).
_Entry = tuple[int, "tuple[str, str] | None", Any]
_UNREADABLE: Any = object()


class _JsonLines:
    """The records of a JSON Lines file (or standard input), read as the batch needs them, so
    that a file of any length runs in bounded memory.

    The first lines are read when the object is made: a file that cannot be opened, whose
    first line is not UTF-8, that is one JSON document over several lines (a pretty-printed
    credential), or whose first lines are all unreadable is unusable input (exit status 2)
    before anything is written. ``records()`` yields the good records to the batch;
    ``merge(items)`` pairs the batch's items (in order) with their line numbers and puts the
    bad lines between them, in file order. ``accept(record)`` may turn a parsed record into
    another (its credential) or into an error (type, message)."""

    def __init__(self, path: str, lang: str,
                 accept: Callable[[Any], tuple[Any, tuple[str, str] | None]]) -> None:
        self.path, self.lang, self.accept = path, lang, accept
        self.lines = 0
        self._order: deque[_Entry] = deque()
        try:
            self._fh: Any = (sys.stdin.buffer if path == "-"
                             else open(path, "rb"))  # noqa: SIM115 - closed by records()
        except OSError as exc:
            raise _os_error("read", path, exc) from None
        self._raw = self._read()
        self._pushback: deque[tuple[int, bytes | None]] = deque()
        self._tape: list[bytes] | None = []  # raw lines, kept while the head is judged
        self._head: list[_Entry] = []
        try:
            self._lookahead()
        except BaseException:
            self._close()
            raise

    def _close(self) -> None:
        if self._fh is not sys.stdin.buffer:
            self._fh.close()

    def read_fraction(self) -> float | None:
        """How much of a regular file has been read (None for standard input)."""
        if self._fh is sys.stdin.buffer or self._fh.closed:
            return None
        with contextlib.suppress(OSError, ValueError):
            size = os.fstat(self._fh.fileno()).st_size
            return min(self._fh.tell() / size, 1.0) if size else None
        return None

    def _read(self) -> Iterator[tuple[int, bytes | None]]:
        """(line number, bytes) of each line; None for a line longer than MAX_LINE_BYTES."""
        number = 0
        while line := self._fh.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while (rest := self._fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
            else:
                yield number, line

    def _feed(self) -> Iterator[tuple[int, bytes | None]]:
        while True:
            if self._pushback:
                number, raw = self._pushback.popleft()
            else:
                got = next(self._raw, None)
                if got is None:
                    return
                number, raw = got
            if self._tape is not None and raw is not None:
                self._tape.append(raw)
            yield number, raw

    def _entries(self) -> Iterator[_Entry]:
        from .jsonld import parse_json

        for number, raw in self._feed():
            if raw is None:
                yield number, ("InvalidJsonError", _t(
                    self.lang, f"longer than {MAX_LINE_BYTES} bytes",
                    f"{MAX_LINE_BYTES} バイトを超えています")), _UNREADABLE
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError as exc:
                if not self.lines:  # the file itself is not UTF-8
                    _decode(raw, self.path)
                yield number, ("InvalidJsonError", _t(
                    self.lang, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column "
                               f"{exc.start + 1})",
                    f"UTF-8 ではありません({exc.start + 1} 桁目のバイト "
                    f"0x{raw[exc.start]:02x})")), _UNREADABLE
                continue
            if not line:
                continue
            self.lines += 1
            if _JWS.fullmatch(line):
                record: Any = line
            else:
                try:
                    record = parse_json(line)
                except MicrocredError as exc:  # (the position is within the line)
                    message = _LINE_1.sub(r"column \1", _in_lang(str(exc), self.lang))
                    yield number, ("InvalidJsonError", message), _UNREADABLE
                    continue
            record, error = self.accept(record)
            yield number, error, record

    def _lookahead(self) -> None:
        """Read up to the first readable line; refuse a file that is not JSON Lines."""
        self._entries_it = self._entries()
        for entry in self._entries_it:
            self._head.append(entry)
            if entry[2] is not _UNREADABLE:  # a JSON value (a record, or one accept() refused)
                self._tape = None
                return
            if len(self._head) == 1:
                self._refuse_one_document()
            if len(self._head) >= _LOOKAHEAD:
                break
        self._tape = None
        if self._head:  # nothing but unreadable lines
            number, error, _ = self._head[0]
            message = error[1] if error else ""
            raise _CliError(
                f"{self.path}: not JSON Lines (one JSON value per line): line {number}: "
                f"{message}",
                f"{self.path}: JSON Lines(1 行に 1 つの JSON 値)ではありません: {number} 行目: "
                f"{message}", code="not-json-lines")

    def _refuse_one_document(self) -> None:
        """Input whose first line is not JSON but whose whole text (up to MAX_FILE_BYTES) is:
        one JSON document written over several lines. The lines read to tell stay for the
        batch."""
        from .jsonld import parse_json

        tape = list(self._tape or [])
        size = sum(map(len, tape))
        for number, raw in self._raw:
            self._pushback.append((number, raw))
            if raw is None or size + len(raw) > MAX_FILE_BYTES:
                return
            tape.append(raw)
            size += len(raw)
        try:
            parse_json(b"".join(tape).decode("utf-8-sig"))
        except (MicrocredError, UnicodeDecodeError):
            return
        raise _CliError(
            f"{self.path}: one JSON document over several lines, not JSON Lines: put one "
            "record on each line (e.g. jq -c . FILE), or use 'verify' or 'issue' for a single "
            "record",
            f"{self.path}: 複数行にわたる 1 つの JSON 文書で、JSON Lines ではありません。1 行に "
            "1 件ずつ書くか(例: jq -c . FILE)、1 件だけなら 'verify' か 'issue' を使ってください",
            code="not-json-lines")

    def records(self) -> Iterator[Any]:
        """The good records, in order (each line's place is kept for :meth:`merge`)."""
        try:
            for entry in itertools.chain(self._head, self._entries_it):
                self._order.append(entry)
                if entry[1] is None:
                    yield entry[2]
        finally:
            self._close()

    def merge(self, items: Iterable[Any]) -> Iterator[_Entry | tuple[int, None, Any]]:
        """(line number, error, record) for a bad line, (line number, None, item) for each
        batch item, in file order."""
        for item in items:
            while self._order and self._order[0][1] is not None:
                yield self._order.popleft()
            number, _, record = self._order.popleft()
            yield number, None, (item, record)
        while self._order:
            yield self._order.popleft()


class _BatchOutput:
    """JSON Lines to a file or standard output, a progress line on a terminal, a summary."""

    def __init__(self, args: argparse.Namespace, out: TextIO,
                 read_fraction: Callable[[], float | None] | None = None) -> None:
        self.args = args
        self.read_fraction = read_fraction
        self.started = time.monotonic()
        self.counts: dict[str, int] = {}
        self._tty = sys.stderr.isatty() and not args.json
        if args.out in (None, "-"):
            self.stream = out
            self._close: Callable[[], None] = lambda: None
        else:
            try:
                fh = open(args.out, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
            except OSError as exc:
                raise _os_error("write", args.out, exc) from None
            self.stream = fh
            self._close = fh.close

    def emit(self, record: dict[str, Any], outcome: str) -> None:
        self.stream.write(_json_text(record, indent=None) + "\n")
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    def progress(self, done: int, total: int | None) -> None:
        if self._tty:
            read = self.read_fraction() if self.read_fraction is not None else None
            share = f" ({read:.0%} {_t(self.args.lang, 'read', '読込')})" if read else ""
            sys.stderr.write(f"\r  {done}{share}   ")
            sys.stderr.flush()

    def finish(self, labels: Mapping[str, tuple[str, str]]) -> None:
        self._close()
        if self._tty:
            sys.stderr.write("\r" + " " * 30 + "\r")
        seconds = time.monotonic() - self.started
        n = sum(self.counts.values())
        if self.args.json:
            sys.stderr.write(_json_text({"records": n, **{k: self.counts.get(k, 0)
                                                          for k in labels},
                                         "seconds": round(seconds, 3)}, indent=None) + "\n")
            return
        lang: str = self.args.lang
        parts = ", ".join(f"{self.counts.get(k, 0)} {_t(lang, *label)}"
                          for k, label in labels.items())
        rate = f", {n / seconds:.0f}/s" if seconds > 0 and n else ""
        noun = "record" if n == 1 else "records"
        _Out(sys.stderr).line(_t(lang, f"{n} {noun}: {parts} ({seconds:.1f} s{rate})",
                                 f"{n} 件: {parts}({seconds:.1f} 秒{rate})"))


def _executor(args: argparse.Namespace) -> Any:
    if args.workers < 1 or args.chunk_size < 1:
        raise _CliError("--workers and --chunk-size must be at least 1",
                        "--workers と --chunk-size は 1 以上にしてください",
                        code="bad-argument")
    if args.workers == 1:
        return contextlib.nullcontext(None)
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(args.workers)


def _configure_issue_batch(p: argparse.ArgumentParser) -> None:
    _batch_args(p, "record (a descriptor, or {\"descriptor\": ..., \"id\": ..., "
                   "\"subject_id\": ..., \"valid_from\": ...})")
    _signing_args(p)


def _run_issue_batch(args: argparse.Namespace, out: TextIO) -> int:
    """One output line per record: {"line", "ok", "id", "credential"} or {"line", "ok",
    "error"}. Exit status: 0 all issued, 1 some records failed, 2 unusable input."""
    from . import batch

    signer, kind = _load_signing_key(args.key, args.kid)
    if args.issuer is None and kind not in ("ed25519", "ecdsa"):
        raise _CliError("--issuer is required with an RSA/PEM key",
                        "RSA/EC 鍵では --issuer が必要です", code="bad-argument")
    if args.format == "di" and kind != "ed25519":
        raise _CliError("Data Integrity proofs need an Ed25519 key",
                        "Data Integrity 証明には Ed25519 鍵が必要です", code="bad-key")
    if args.format == "di":
        _check_sign_options(args.cryptosuite, args.created)
    lines = _JsonLines(args.records, args.lang, lambda record: (record, None))
    sink = _BatchOutput(args, out, lines.read_fraction)
    options: dict[str, Any] = ({"cryptosuite": args.cryptosuite, "created": args.created}
                               if args.format == "di" else {})
    with _executor(args) as pool:
        items = batch.iter_issue(lines.records(), signer, issuer=args.issuer,
                                 format=args.format, executor=pool,
                                 chunk_size=args.chunk_size, progress=sink.progress,
                                 **options)
        for number, error, got in lines.merge(items):
            if error is not None:
                sink.emit({"line": number, "ok": False,
                           "error": {"type": error[0], "message": error[1]}}, "errors")
                continue
            item, _ = got
            if item.failed:
                sink.emit({"line": number, "ok": False,
                           "error": {"type": item.error_type,
                                     "message": _in_lang(item.error or "", args.lang)}},
                          "errors")
            else:
                credential = item.value
                payload = (credential if isinstance(credential, dict)
                           else _jwt_payload(credential))  # (a VC-JWT: its credential's id)
                cred_id = payload.get("id") if isinstance(payload, Mapping) else None
                sink.emit({"line": number, "ok": True, "id": cred_id,
                           "credential": credential}, "issued")
    sink.finish({"issued": ("issued", "発行"), "errors": ("errors", "エラー")})
    return 0 if not sink.counts.get("errors") else 1


def _check_sign_options(cryptosuite: str, created: str | None) -> None:
    """``--cryptosuite`` and ``--created``, checked once by the suite's own rule before any
    record: a bad one is unusable input (exit status 2), not an error on every line."""
    from ._di.suites import get_suite

    try:
        suite = get_suite(cryptosuite)
        suite.check_options({"type": suite.proof_type, "cryptosuite": suite.cryptosuite,
                             "created": created})
    except MicrocredError as exc:
        en, ja = _both(exc)
        raise _CliError(en, ja, code="bad-argument") from None


def _configure_verify_batch(p: argparse.ArgumentParser) -> None:
    _batch_args(p, "credential (a JSON object, a compact JWS, or an issue-batch output line) "
                   "or Open Badges 2.0 assertion (JSON, a signed JWS, or a hosted one's URL as "
                   "a JSON string)")
    _verification_args(p)
    _ob2_args(p, batch=True)
    p.add_argument("--full", action="store_true", help="include every check in each line")


def _batch_credential(lang: str) -> Callable[[Any], tuple[Any, tuple[str, str] | None]]:
    """verify-batch's records: an issue-batch output line carries its credential in
    "credential"; its error lines carry none."""
    def accept(record: Any) -> tuple[Any, tuple[str, str] | None]:
        if isinstance(record, dict) and "@context" not in record:
            if record.get("ok") is False and "error" in record:
                return record, ("InvalidJsonError", _t(
                    lang, "an issue-batch error line: no credential",
                    "issue-batch のエラー行です(クレデンシャルがありません)"))
            if "credential" in record:
                record = record["credential"]
        types = record.get("type") if isinstance(record, dict) else None
        if isinstance(types, list) and "VerifiablePresentation" in types:
            return record, ("NotACredential", _t(
                lang, "a verifiable presentation: verify it with 'verify' (verify-batch "
                      "verifies credentials)",
                "検証可能なプレゼンテーションです。'verify' で検証してください(verify-batch は"
                "クレデンシャルを検証します)"))
        return record, None
    return accept


def _run_verify_batch(args: argparse.Namespace, out: TextIO) -> int:
    """One output line per credential: {"line", "ok", "verified", "id", "failures",
    "warnings"[, "hints", "result"]} or {"line", "ok", "error"}. Exit status: 0 all verified,
    1 some not verified (or unreadable lines), 2 unusable input."""
    from . import batch
    from ._dispatch import is_ob2

    lang: str = args.lang
    # one instant for the whole batch, so that every worker judges validity alike
    options, lists = _verify_options(args, now=datetime.now(timezone.utc))
    options.update(_ob2_options(args))
    ob2_notes = _ob2_notes(args, lang)
    lines = _JsonLines(args.records, lang, _batch_credential(lang))
    sink = _BatchOutput(args, out, lines.read_fraction)
    with _executor(args) as pool:
        items = batch.iter_verify(lines.records(), executor=pool,
                                  chunk_size=args.chunk_size, progress=sink.progress,
                                  **options)
        for number, error, got in lines.merge(items):
            if error is not None:
                sink.emit({"line": number, "ok": False,
                           "error": {"type": error[0], "message": error[1]}}, "unreadable")
                continue
            item, record = got
            if item.failed:
                sink.emit({"line": number, "ok": False,
                           "error": {"type": item.error_type,
                                     "message": _in_lang(item.error or "", lang)}},
                          "unreadable")
                continue
            result = item.value
            doc = result.document if isinstance(result.document, Mapping) else {}
            line: dict[str, Any] = {
                "line": number, "ok": result.verified, "verified": result.verified,
                "id": doc.get("id"),
                "failures": [_check_brief(c, lang) for c in result.failures],
                "warnings": [_check_brief(c, lang) for c in result.checks if _is_warning(c)]}
            if is_ob2(record):
                hints = ob2_notes
            else:
                hints = _missing_lists(record, lists, lang) if lists else []
            if hints:
                line["hints"] = hints
            if args.full:
                line["result"] = result.as_dict()
            sink.emit(line, "verified" if result.verified else "not_verified")
    sink.finish({"verified": ("verified", "検証成功"),
                 "not_verified": ("not verified", "検証失敗"),
                 "unreadable": ("unreadable", "読めない行")})
    return 0 if set(sink.counts) <= {"verified"} else 1


def _check_brief(check: Any, lang: str) -> dict[str, str]:
    message = _check_message(check, lang)
    return {"id": check.id, "code": check.code, "message": message}


def _configure_inspect(p: argparse.ArgumentParser) -> None:
    _lang_arg(p)
    p.add_argument("file", help="a received credential: JSON, compact JWS (VC-JWT), or baked "
                                "PNG/SVG; '-' reads standard input")
    p.add_argument("--keys", metavar="FILE", action="append", default=[],
                   help="keys beyond did:key, as for 'verify' (repeatable; merged)")
    p.add_argument("--context", metavar="URL=FILE", action="append", default=[],
                   help="serve the JSON-LD context in FILE at URL (repeatable)")
    p.add_argument("--status-list", metavar="[URL=]FILE", action="append", default=[],
                   help="a status-list credential (already fetched), as for 'verify'")
    p.add_argument("--no-require-status", action="store_true",
                   help="do not fail when credentialStatus cannot be checked")
    p.add_argument("--now", metavar="DATETIME",
                   help="verify as of this time (ISO 8601; default: the current time)")
    _json_arg(p, "print the report as JSON")


def _run_inspect(args: argparse.Namespace, out: TextIO) -> int:
    """The trust report (verification and education side). Exit status: 0 the badge verified,
    1 it did not (the education side is still reported, marked unauthenticated), 2 the input
    could not be used. Profile conformance is reported, not a verdict."""
    from .report import inspect_badge
    from .signing import verify
    from .statuslist import BitstringStatusChecker

    document = _load_credential(_read_bytes(args.file), args.file)
    now = _parse_now(args.now)
    options: dict[str, Any] = {
        "resolver": _resolver_from_files(args.keys) if args.keys else None, "now": now,
        "loader": _loader_from(args.context), "require_status": not args.no_require_status}
    lists = _status_lists(args.status_list)
    if lists:
        options["status_checker"] = BitstringStatusChecker(lists, verify_list=lambda c: verify(
            c, resolver=options["resolver"], now=now, loader=options["loader"]))
    report = inspect_badge(document, **options)
    status = 0 if report.verified else 1
    if args.json:
        out.write(_json_text({"ok": status == 0, "status": status, **report.as_dict()}) + "\n")
    else:
        _Out(out).block(report.render(args.lang))
    return status


COMMANDS: tuple[Command, ...] = (
    Command("demo", "build a sample micro-credential and check it against every profile",
            _lang_arg, _run_demo),
    Command("profiles", "print the framework profile comparison table",
            _configure_profiles, _run_profiles),
    Command("check", "check a micro-credential descriptor (JSON file) against the UNESCO "
            "definition and framework profiles", _configure_check, _run_check),
    Command("verify", "verify a credential, presentation, CLR or OB 2.0 assertion (JSON, "
            "VC-JWT/JWS, baked PNG/SVG); exit 0 if verified",
            _configure_verify, _run_verify),
    Command("inspect", "trust report on a received badge: verification, descriptors, profiles, "
            "UNESCO, quality assurance, conditions; exit 0 if verified",
            _configure_inspect, _run_inspect),
    Command("issue", "issue a signed OB 3.0 credential from a descriptor JSON and a key file",
            _configure_issue, _run_issue),
    Command("bake", "bake a credential into a PNG or SVG image", _configure_bake, _run_bake),
    Command("unbake", "extract the credential baked into a PNG or SVG image",
            _configure_unbake, _run_unbake),
    Command("keygen", "write a new private key file (Ed25519, P-256 or P-384) for 'issue' and "
            "'issue-batch'",
            _configure_keygen, _run_keygen),
    Command("issue-batch", "issue one credential per JSON Lines record (JSON Lines out)",
            _configure_issue_batch, _run_issue_batch),
    Command("verify-batch", "verify one credential (OB 3.0 or 2.0) per JSON Lines record "
            "(JSON Lines out)",
            _configure_verify_batch, _run_verify_batch),
)
"""Every CLI command, in the order shown by ``--help``."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per entry of :data:`COMMANDS`."""
    parser = _Parser(
        prog="python -m microcred",
        description="microcred: describe, issue, verify and stack micro-credentials. "
                    "Exit status: 0 ok, 1 negative verdict, 2 unusable input.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for cmd in COMMANDS:
        sp = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.configure(sp)
        sp.set_defaults(_command=cmd)
    return parser


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of ``--name VALUE`` / ``--name=VALUE`` in ``argv``, read before parsing (so
    that argument errors are reported in the right language and form)."""
    value = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(name + "="):
            value = arg[len(name) + 1:]
    return value


def _tolerant(stream: Any) -> None:
    """A terminal that cannot show some character gets an escape, not an encoding error."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):  # a detached stream
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 1 negative verdict, 2 unusable input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if out is None:
        _tolerant(sys.stdout)
    _tolerant(sys.stderr)
    stream = out if out is not None else sys.stdout
    lang = "ja" if _option(argv, "--lang") == "ja" else "en"
    as_json = "--json" in argv[:argv.index("--")] if "--" in argv else "--json" in argv
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        return _report_error("bad-arguments", [exc.message], lang=lang, as_json=as_json,
                             out=stream, usage=exc.usage)
    cmd: Command = args._command
    lang = getattr(args, "lang", lang)
    as_json = bool(getattr(args, "json", False))
    try:
        return cmd.run(args, stream)
    except BrokenPipeError:  # e.g. `python -m microcred demo | head`
        if out is None:
            _silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if os.environ.get("MICROCRED_DEBUG"):
            raise
        code, lines = _describe(exc, lang)
        extra = {"verified": False} if cmd.name == "verify" else None
        return _report_error(code, lines, lang=lang, as_json=as_json, out=stream, extra=extra)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that the interpreter's final flush
    does not print an error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass


if __name__ == "__main__":
    sys.exit(main())
