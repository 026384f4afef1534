"""Command-line interface: ``python -m microcred <command>``.

Commands are registered in one table, :data:`COMMANDS`: each entry names a function that adds the
command's arguments to its sub-parser and a function that runs it and returns the exit status.
To add a command (``verify``, ``issue``, ``bake``, ``unbake``, ...), write those two functions and
add one :class:`Command` line to :data:`COMMANDS`.

This module is the only part of microcred that prints or reads files.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO

from . import profiles as _profiles
from . import unesco as _unesco
from ._errors import MicrocredError
from ._model import Descriptor, MicroCredential

__all__ = ["COMMANDS", "Command", "build_demo_credential", "main"]


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


def _summary(mc: MicroCredential, lang: str) -> list[str]:
    """A few descriptor values of ``mc``, one per line."""
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


def demo_issue_and_verify(mc: MicroCredential, out: TextIO, lang: str) -> None:
    """Issue ``mc`` as a signed Open Badges 3.0 credential, verify it, then show tampering fail.

    Uses a fixed demo key (never use a published seed for real credentials) and fixed times,
    so the output is reproducible.
    """
    from . import ob3 as _ob3
    from .signing import Ed25519Key, sign, verify

    ja = lang == "ja"
    w = out.write
    key = Ed25519Key.from_seed(bytes(32))  # demo key only: the all-zero seed is public
    cred = _ob3.from_micro_credential(
        mc, credential_id="urn:uuid:2f1e7a0c-5d3b-4c8e-9b6a-1a2b3c4d5e6f", issuer=key.did)
    signed = sign(cred.to_jsonld(), key.signer(),
                  created=datetime(2025, 3, 21, 1, 0, tzinfo=timezone.utc))
    now = datetime(2025, 4, 1, tzinfo=timezone.utc)
    w("\n".join(_heading("4. " + ("Open Badges 3.0 での発行と検証" if ja
                                   else "Issue and verify as Open Badges 3.0"))) + "\n")
    proof = signed["proof"]
    size = len(json.dumps(signed, ensure_ascii=False).encode("utf-8"))
    w(f"  {'発行者' if ja else 'Issuer'}: {key.did}\n")
    w(f"  {'証明' if ja else 'Proof'}: {proof['type']} / {proof['cryptosuite']}, "
      f"{proof['proofValue'][:24]}… ({size} bytes JSON)\n")
    result = verify(signed, now=now)
    mark = {"passed": "✓", "failed": "✗", "skipped": "-", "could-not-check": "?"}
    def verdict(ok: bool) -> str:
        if ja:
            return "検証成功" if ok else "検証失敗"
        return "verified" if ok else "NOT verified"

    w(f"  {'検証結果' if ja else 'Verification'}: {verdict(result.verified)}\n")
    for c in result.checks:
        msg = c.message_ja if ja and c.message_ja else c.message
        w(f"    {mark.get(c.outcome.value, '?')} {c.id}: {msg}\n")
    tampered = json.loads(json.dumps(signed))
    tampered["credentialSubject"]["achievement"]["name"] = "Advanced Data Science (forged)"
    bad = verify(tampered, now=now)
    failed = ", ".join(f"{c.id} ({c.code})" for c in bad.failures)
    w(f"  {'改ざんした場合' if ja else 'After tampering with the name'}: "
      f"{verdict(bad.verified)} — {failed}\n")


def _run_demo(args: argparse.Namespace, out: TextIO) -> int:
    lang: str = args.lang
    ja = lang == "ja"
    mc = build_demo_credential()
    w = out.write
    title = mc.title.in_lang(lang) if mc.title else ""
    w("\n".join(_heading(("マイクロクレデンシャル: " if ja else "Micro-credential: ") + title)))
    w("\n" + "\n".join(_summary(mc, lang)) + "\n")

    w("\n".join(_heading("1. UNESCO (2022)")) + "\n")
    w(_unesco.assess(mc).to_text(lang) + "\n")

    w("\n".join(_heading("2. " + ("フレームワーク別の適合性" if ja else "Framework profiles")))
      + "\n")
    for p in _profiles.BUILTIN:
        w(_profiles.check(mc, p).to_text(lang) + "\n")

    w("\n".join(_heading("3. " + ("EU への差分" if ja else "Gap to the EU profiles"))) + "\n")
    for p in (_profiles.EU, _profiles.EU_COUNCIL_2022):
        w(_profiles.gap(mc, p).to_text(lang) + "\n")

    # --- 4. Issue and verify as Open Badges 3.0 (wired in by the lead) ---------------------
    demo_issue_and_verify(mc, out, lang)
    return 0


def _configure_profiles(p: argparse.ArgumentParser) -> None:
    _lang_arg(p)
    p.add_argument("--format", choices=("md", "csv", "json"), default="md",
                   help="output format (default: md)")
    p.add_argument("--all", action="store_true",
                   help="also include EU_COUNCIL_2022 (Annex I) next to the seed's five columns")
    p.add_argument("--notes", action="store_true", help="list cell notes under the table (md)")


def _run_profiles(args: argparse.Namespace, out: TextIO) -> int:
    chosen = _profiles.BUILTIN if args.all else _profiles.ALL
    comparison = _profiles.compare(chosen)
    if args.format == "csv":
        out.write(comparison.to_csv())  # machine values; both label languages are columns
    elif args.format == "json":
        out.write(json.dumps(comparison.as_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(comparison.to_markdown(args.lang, notes=args.notes) + "\n")
    return 0


def _configure_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="micro-credential as JSON (MicroCredential.model_dump(mode='json') "
                                "shape); '-' reads standard input")
    p.add_argument("--profile", action="append", metavar="KEY",
                   help="profile key (repeatable; default: every built-in profile)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _lang_arg(p)


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 all chosen profiles conform, 1 some do not (or cannot be decided),
    2 the file is not a valid micro-credential."""
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    try:
        mc = MicroCredential.parse_json(text)
        chosen = ([_profiles.get(k) for k in args.profile] if args.profile
                  else list(_profiles.BUILTIN))
    except MicrocredError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    reports = [_profiles.check(mc, p) for p in chosen]
    assessment = _unesco.assess(mc)
    if args.json:
        out.write(json.dumps({"unesco": assessment.as_dict(),
                              "profiles": [r.as_dict() for r in reports]},
                             ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(assessment.to_text(args.lang) + "\n\n")
        out.write("\n".join(r.to_text(args.lang) for r in reports) + "\n")
    return 0 if all(r.conforms for r in reports) else 1


# --------------------------------------------------------------------------------------------
# verify / issue / bake / unbake (issue 7)
# --------------------------------------------------------------------------------------------

_MARKS = {"passed": "✓", "failed": "✗", "skipped": "-", "could-not-check": "?"}


def _pad(text: str, width: int) -> str:
    """Left-justify ``text`` to ``width`` terminal columns."""
    return text + " " * max(width - _width(text), 0)


class _CliError(Exception):
    """A user-facing problem (unreadable file, bad key): reported on standard error."""


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise _CliError(f"cannot read {path}: {exc.strerror or exc}") from None


def _write_output(data: bytes | str, path: str | None, out: TextIO) -> None:
    if path is None or path == "-":
        text = data if isinstance(data, str) else data.decode("utf-8")
        out.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        with open(path, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise _CliError(f"cannot write {path}: {exc.strerror or exc}") from None


def _load_credential(raw: bytes) -> Any:
    """A credential from file bytes: baked PNG/SVG, compact JWS, or JSON."""
    from . import baking

    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if raw.startswith(b"\x89PNG") or head.startswith(b"<"):
        return baking.unbake(raw)
    text = raw.decode("utf-8-sig").strip()  # a byte-order mark from an editor is harmless here
    if text.startswith("{"):
        from .jsonld import parse_json

        return parse_json(text)
    return text


def _resolver_from_file(path: str) -> Any:
    from .jsonld import parse_json
    from .signing import DidKeyResolver, StaticKeyResolver

    data = parse_json(_read_bytes(path))
    if isinstance(data, dict) and "id" in data and ("verificationMethod" in data
                                                    or "assertionMethod" in data):
        return DidKeyResolver() | StaticKeyResolver.from_controller_document(data)
    if not isinstance(data, dict):
        raise _CliError(f"{path}: expected a JSON object (verification-method id -> key, or a "
                        "controller document)")
    return DidKeyResolver() | StaticKeyResolver(data)


def _configure_verify(p: argparse.ArgumentParser) -> None:
    _lang_arg(p)
    p.add_argument("file", help="credential: JSON, compact JWS (VC-JWT), or baked PNG/SVG")
    p.add_argument("--keys", metavar="JSON",
                   help="keys beyond did:key: a JSON object mapping verification-method ids to "
                        "Multikey/JWK public keys, or a controller (DID) document")
    p.add_argument("--embedded-jwk", action="store_true",
                   help="accept a VC-JWT key embedded in the header (jwk); not bound to issuer")
    p.add_argument("--status-list", metavar="JSON", action="append", default=[],
                   help="a status-list credential (already fetched) to check credentialStatus "
                        "against; its proof is verified with the same keys (repeatable)")
    p.add_argument("--no-require-status", action="store_true",
                   help="do not fail when credentialStatus cannot be checked")
    p.add_argument("--now", metavar="DATETIME",
                   help="verify as of this time (ISO 8601; default: the current time)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def _run_verify(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 verified, 1 not verified (or the input could not be read)."""
    from .jsonld import parse_json
    from .signing import verify
    from .statuslist import BitstringStatusChecker
    from .vcjwt import EmbeddedJwkResolver, parse_datetime

    ja = args.lang == "ja"
    try:
        document = _load_credential(_read_bytes(args.file))
        resolver = _resolver_from_file(args.keys) if args.keys else None
        if args.embedded_jwk:
            from .signing import DidKeyResolver

            resolver = (resolver or DidKeyResolver()) | EmbeddedJwkResolver()
        now = None
        if args.now:
            now = parse_datetime(args.now)
            if now is None:
                raise _CliError(f"--now: {args.now!r} is not an ISO 8601 date-time")
        checker = None
        if args.status_list:
            lists = [parse_json(_read_bytes(p)) for p in args.status_list]
            checker = BitstringStatusChecker(
                lists, verify_list=lambda c: verify(c, resolver=resolver, now=now))
    except (_CliError, MicrocredError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    options: dict[str, Any] = {"resolver": resolver, "now": now, "status_checker": checker,
                               "require_status": not args.no_require_status}
    types = document.get("type") if isinstance(document, dict) else None
    if isinstance(types, list) and "ClrCredential" in types:
        from .clr import verify_clr

        clr = verify_clr(document, **options)
        if args.json:
            out.write(json.dumps(clr.as_dict(), ensure_ascii=False, indent=2) + "\n")
        else:
            _print_checks(clr.clr, out, ja)
            for i, inner in enumerate(clr.credentials):
                state = ("検証成功" if inner.verified else "検証失敗") if ja else (
                    "verified" if inner.verified else "NOT verified")
                failed = ", ".join(f"{c.id} ({c.code})" for c in inner.failures)
                out.write(f"  verifiableCredential[{i}]: {state}"
                          f"{' — ' + failed if failed else ''}\n")
        return _verdict(clr.verified, out, ja and not args.json, quiet=args.json)
    result = verify(document, **options)
    if args.json:
        out.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0 if result.verified else 1
    _print_checks(result, out, ja)
    for i, endorsement in enumerate(result.endorsements):
        state = ("検証成功" if endorsement.verified else "検証失敗") if ja else (
            "verified" if endorsement.verified else "NOT verified")
        out.write(f"  endorsement {i}: {state}\n")
    return _verdict(result.verified, out, ja)


def _print_checks(result: Any, out: TextIO, ja: bool) -> None:
    for check in result.checks:
        outcome = check.outcome.value
        label = check.outcome.label_ja if ja else outcome
        message = (check.message_ja or check.message) if ja else check.message
        optional = "" if check.required else (" (任意)" if ja else " (optional)")
        out.write(f"{_MARKS.get(outcome, ' ')} {_pad(label, 15)} {check.id:<24} {check.code}"
                  f"{optional}: {message}\n")


def _verdict(ok: bool, out: TextIO, ja: bool, *, quiet: bool = False) -> int:
    if not quiet:
        if ja:
            out.write("検証に成功しました\n" if ok else "検証に失敗しました\n")
        else:
            out.write("VERIFIED\n" if ok else "NOT VERIFIED\n")
    return 0 if ok else 1


def _load_signing_key(path: str, kid: str | None) -> tuple[Any, str]:
    """(signer, kind) from a key file: secret multibase, private JWK, or PEM private key."""
    from .jsonld import parse_json
    from .signing import Ed25519Key

    raw = _read_bytes(path)
    text = raw.decode("utf-8", "replace").strip()
    if text.startswith("-----BEGIN"):
        from cryptography.hazmat.primitives.asymmetric import ed25519
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
            load_pem_private_key,
        )

        from .vcjwt import JoseSigner

        try:
            private = load_pem_private_key(raw, password=None)
        except (ValueError, TypeError) as exc:
            raise _CliError(f"{path}: cannot load the PEM private key ({exc})") from None
        if isinstance(private, ed25519.Ed25519PrivateKey):
            seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
            key = Ed25519Key.from_seed(seed)
            return key.signer(kid), "ed25519"
        if kid is None:
            raise _CliError("an RSA/EC key needs --kid (the key's URL, e.g. issuer#key-1)")
        return JoseSigner(private, kid), "jose"
    if text.startswith("{"):
        jwk = parse_json(text)
        if isinstance(jwk, dict) and "secretKeyMultibase" in jwk:
            key = Ed25519Key.from_secret_multibase(jwk["secretKeyMultibase"])
        elif isinstance(jwk, dict):
            key = Ed25519Key.from_jwk(jwk)
        else:
            raise _CliError(f"{path}: not a key object")
        return key.signer(kid), "ed25519"
    return Ed25519Key.from_secret_multibase(text).signer(kid), "ed25519"


def _configure_issue(p: argparse.ArgumentParser) -> None:
    p.add_argument("descriptor", help="micro-credential descriptor JSON (MicroCredential)")
    p.add_argument("--key", required=True,
                   help="private key file: secretKeyMultibase (z3u2...), a private JWK, or a "
                        "PEM private key (Ed25519; RSA/P-256 for --format jwt)")
    p.add_argument("--id", required=True, help="credential id (URI), e.g. urn:uuid:...")
    p.add_argument("--issuer", help="issuer id (default: the key's did:key)")
    p.add_argument("--kid", help="verification method / JWT kid (default: did:key#...)")
    p.add_argument("--format", choices=("di", "jwt"), default="di",
                   help="Data Integrity proof (eddsa-rdfc-2022) or VC-JWT (default: di)")
    p.add_argument("--cryptosuite", default="eddsa-rdfc-2022",
                   help="Data Integrity cryptosuite (default: eddsa-rdfc-2022)")
    p.add_argument("--created", help="proof creation time (default: now)")
    p.add_argument("--out", help="output file (default: standard output)")


def _run_issue(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 issued, 2 bad descriptor, key or arguments."""
    from . import ob3
    from .jsonld import parse_json
    from .signing import sign
    from .vcjwt import issue_vc_jwt

    try:
        descriptor = MicroCredential.parse(parse_json(_read_bytes(args.descriptor)))
        signer, kind = _load_signing_key(args.key, args.kid)
        issuer = args.issuer
        if issuer is None:
            if kind != "ed25519":
                raise _CliError("--issuer is required with an RSA/EC key")
            issuer = signer.key.did
        doc = ob3.from_micro_credential(descriptor, credential_id=args.id,
                                        issuer=issuer).to_jsonld()
        if args.format == "jwt":
            data: str = issue_vc_jwt(doc, signer)
        else:
            if kind != "ed25519":
                raise _CliError("Data Integrity proofs need an Ed25519 key")
            signed = sign(doc, signer, cryptosuite=args.cryptosuite, created=args.created)
            data = json.dumps(signed, ensure_ascii=False, indent=2)
        _write_output(data, args.out, out)
    except (_CliError, MicrocredError, UnicodeDecodeError, ImportError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    return 0


def _configure_bake(p: argparse.ArgumentParser) -> None:
    p.add_argument("image", help="PNG or SVG image")
    p.add_argument("credential", help="signed credential: JSON file or compact JWS file")
    p.add_argument("--out", required=True, help="where to write the baked image")
    p.add_argument("--replace", action="store_true",
                   help="replace a credential already baked into the image")


def _guarded(action: Callable[[], None]) -> int:
    """Run ``action``; a user-facing error goes to standard error with exit status 2."""
    try:
        action()
    except (_CliError, MicrocredError, UnicodeDecodeError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    return 0


def _run_bake(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 baked, 2 bad image or credential."""
    from . import baking

    def action() -> None:
        credential = _load_credential(_read_bytes(args.credential))
        if not isinstance(credential, (dict, str)):
            raise _CliError("the credential file holds neither a JSON object nor a JWS")
        baked = baking.bake(_read_bytes(args.image), credential, replace=args.replace)
        _write_output(baked, args.out, out)

    return _guarded(action)


def _configure_unbake(p: argparse.ArgumentParser) -> None:
    p.add_argument("image", help="baked PNG or SVG image")
    p.add_argument("--out", help="output file (default: standard output)")


def _run_unbake(args: argparse.Namespace, out: TextIO) -> int:
    """Exit status: 0 extracted, 2 no (valid) baked credential."""
    from . import baking

    def action() -> None:
        credential = baking.unbake(_read_bytes(args.image))
        data = credential if isinstance(credential, str) else json.dumps(
            credential, ensure_ascii=False, indent=2)
        _write_output(data, args.out, out)

    return _guarded(action)


COMMANDS: tuple[Command, ...] = (
    Command("demo", "build a sample micro-credential and check it against every profile",
            _lang_arg, _run_demo),
    Command("profiles", "print the framework profile comparison table",
            _configure_profiles, _run_profiles),
    Command("check", "check a micro-credential (JSON file) against the UNESCO definition and "
            "framework profiles", _configure_check, _run_check),
    Command("verify", "verify a credential (JSON, VC-JWT, baked PNG/SVG); exit 0 if verified",
            _configure_verify, _run_verify),
    Command("issue", "issue a signed OB 3.0 credential from a descriptor JSON and a key file",
            _configure_issue, _run_issue),
    Command("bake", "bake a credential into a PNG or SVG image", _configure_bake, _run_bake),
    Command("unbake", "extract the credential baked into a PNG or SVG image",
            _configure_unbake, _run_unbake),
)
"""Every CLI command, in the order shown by ``--help``."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per entry of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="python -m microcred",
        description="microcred: describe, issue, verify and stack micro-credentials.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for cmd in COMMANDS:
        sp = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.configure(sp)
        sp.set_defaults(_command=cmd)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status."""
    args = build_parser().parse_args(argv)
    cmd: Command = args._command
    try:
        return cmd.run(args, out if out is not None else sys.stdout)
    except BrokenPipeError:  # e.g. `python -m microcred demo | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
