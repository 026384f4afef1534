"""Stage ``proofs``: each proof on its own — suite, shape, purpose, times, key, signature.

Every proof gets the checks ``proof.N.suite`` / ``.shape`` / ``.purpose`` / ``.created`` /
``.verification-method`` / ``.signature`` and one :class:`ProofOutcome`. Whether a proof
*counts* is decided afterwards by the proof-set policy (:mod:`.proofset`); nothing here binds
the issuer. Sources: VC Data Integrity 1.0 §4.4–4.5 and §2.1–2.2, vc-di-eddsa §3.2–3.3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .._di.didkey import DidKeyError
from .._di.keys import ResolvedKey
from .._di.proofs import proof_input, proof_list
from .._di.resolvers import UnknownVerificationMethodError
from .._di.suites import Cryptosuite, ProofValueError, decode_proof_value, suite_for_proof
from .._errors import (
    CanonicalizationLimitError,
    InvalidJsonError,
    JsonLdError,
    KeyFormatError,
    KeyResolutionError,
    SafeModeError,
    SigningError,
    UnknownCryptosuiteError,
)
from ._base import Checks, Job, context_list, parse_datetime, short

_DI_PROOF_MEMBERS = frozenset({
    "type", "cryptosuite", "created", "expires", "verificationMethod", "proofPurpose",
    "proofValue", "id", "previousProof", "domain", "challenge", "nonce", "@context",
})
_REQUIRED_PROOF_MEMBERS = ("type", "verificationMethod", "proofPurpose", "proofValue")
STEPS = ("suite", "shape", "purpose", "created", "verification-method", "signature")


@dataclass(frozen=True)
class ProofOutcome:
    """What the proof stage found about one proof.

    ``known``: its suite is known and allowed (an unknown proof never counts);
    ``passed``: every one of its checks passed; ``controller``: the controller of its key
    when the key was resolved (binding the issuer is the proof-set stage's decision, and only
    through proofs that count).
    """

    index: int
    known: bool
    passed: bool
    controller: str | None
    first: int  # index of its first check in Checks.items
    last: int   # one past its last check


def check_proofs(job: Job) -> list[ProofOutcome] | None:
    """Check every proof; None when the proof set itself is unacceptable (a failed
    ``proofs`` check: none, too many, or over the verification's budget)."""
    checks, limits = job.checks, job.options.limits
    proofs = proof_list(job.doc.get("proof"))
    if not proofs:
        checks.fail("proofs", "no-proof", "the document has no proof",
                    "文書に証明 (proof) がありません")
        return None
    if len(proofs) > limits.max_proofs or any(
            isinstance(p, Mapping) and isinstance(p.get("previousProof"), list)
            and len(p["previousProof"]) > limits.max_proofs for p in proofs):
        # each proof is canonicalised on its own and chains are walked: bound the work
        checks.fail("proofs", "too-many-proofs",
                    f"more than {limits.max_proofs} proofs or previousProof entries",
                    f"証明または previousProof が {limits.max_proofs} 件を超えています",
                    limit=limits.max_proofs)
        return None
    if not job.options.budget.take_proofs(len(proofs)):
        checks.fail("proofs", "too-many-proofs",
                    f"more than {limits.max_total_proofs} proofs in this verification "
                    "(the document and its endorsements together)",
                    f"この検証の証明が合計 {limits.max_total_proofs} 件を超えています",
                    limit=limits.max_total_proofs)
        return None
    checks.ok("proofs", "ok", f"{len(proofs)} proof(s)", f"証明 {len(proofs)} 件")
    outcomes: list[ProofOutcome] = []
    for i, proof in enumerate(proofs):
        start = len(checks.items)
        known, controller, signed = False, None, False
        try:
            known, controller, signed = _check_one(i, proof, proofs, job)
        except Exception as exc:
            checks.crash(f"proof.{i}", exc)
        end = len(checks.items)
        # counts only if every check passed *and* its signature was verified (a skipped
        # signature check is not a pass)
        passed = known and signed and all(c.ok for c in checks.items[start:end])
        outcomes.append(ProofOutcome(i, known, passed, controller, start, end))
    return outcomes


def _skip_rest(checks: Checks, prefix: str, steps: Iterable[str], why: str = "") -> None:
    for step in steps:
        checks.skip(f"{prefix}.{step}", "not-checked",
                    why or "not checked: an earlier step failed",
                    "前の段階が失敗したため確認していません")


def _check_one(i: int, proof: Any, proofs: list[Any], job: Job
               ) -> tuple[bool, str | None, bool]:
    """(known and allowed, controller of the resolved key, signature verified)."""
    checks, options = job.checks, job.options
    p = f"proof.{i}"
    if not isinstance(proof, Mapping):
        checks.fail(f"{p}.suite", "proof-not-object", "the proof is not an object",
                    "証明がオブジェクトではありません")
        _skip_rest(checks, p, STEPS[1:])
        return False, None, False
    # 1. suite: named, known and allowed
    try:
        suite = suite_for_proof(proof)
    except UnknownCryptosuiteError:
        checks.fail(f"{p}.suite", "unknown-cryptosuite",
                    f"unknown proof type/cryptosuite {short(proof.get('type'), 60)}/"
                    f"{short(proof.get('cryptosuite'), 60)}",
                    "未知の証明タイプ/暗号スイートです",
                    type=proof.get("type"), cryptosuite=proof.get("cryptosuite"))
        _skip_rest(checks, p, STEPS[1:])
        return False, None, False
    if suite.name not in options.cryptosuites:
        checks.fail(f"{p}.suite", "cryptosuite-not-allowed",
                    f"{suite.name} is not in the allowed suites {sorted(options.cryptosuites)}",
                    f"{suite.name} は許可された暗号スイートではありません")
        _skip_rest(checks, p, STEPS[1:])
        return False, None, False
    checks.ok(f"{p}.suite", "ok", f"{suite.name} (known and allowed)",
              f"{suite.name}(既知で許可された暗号スイート)")
    # 2. shape: required and known members with the right JSON types
    if not _check_shape(p, proof, suite, checks):
        _skip_rest(checks, p, STEPS[2:])
        return True, None, False
    # 3. purpose (and the expected domain / challenge, VC-DI §4.4 steps 5-7)
    mismatch = _purpose_problem(proof, options)
    if mismatch:
        checks.fail(f"{p}.purpose", *mismatch)
    else:
        checks.ok(f"{p}.purpose", "ok", f"proofPurpose {proof['proofPurpose']}",
                  f"proofPurpose は {proof['proofPurpose']} です")
    # 4. created / expires
    _check_times(p, proof, checks, options)
    # 5. verification method
    key = _resolve_key(p, proof, suite, checks, options)
    if key is None:
        _skip_rest(checks, p, ("signature",))
        return True, None, False
    # 6. signature (not computed when safe mode already failed: nothing could verify)
    if not job.safe_mode_ok:
        checks.skip(f"{p}.signature", "not-checked",
                    "not checked: the document failed JSON-LD safe mode",
                    "JSON-LD セーフモードに違反しているため署名は確認していません")
        return True, key.controller, False
    return True, key.controller, _check_signature(p, proof, proofs, suite, key, job)


def _purpose_problem(proof: Mapping[str, Any], options: Any) -> tuple[str, str, str] | None:
    """(code, English, Japanese) when purpose, domain or challenge do not match."""
    if proof["proofPurpose"] != options.proof_purpose:
        return ("wrong-proof-purpose",
                f"proofPurpose is {short(proof['proofPurpose'], 60)}, expected "
                f"{options.proof_purpose!r}",
                f"proofPurpose が {options.proof_purpose} ではありません")
    domain = options.domain
    if domain is not None:
        got = proof.get("domain")
        if domain != got and not (isinstance(got, list) and domain in got):
            return ("domain-mismatch", f"proof domain {short(got, 60)} is not {domain!r}",
                    f"証明の domain が {domain} ではありません")
    challenge = options.challenge
    if challenge is not None and proof.get("challenge") != challenge:
        return ("challenge-mismatch", f"proof challenge {short(proof.get('challenge'), 60)} "
                f"is not {challenge!r}", f"証明の challenge が {challenge} ではありません")
    return None


def _check_shape(p: str, proof: Mapping[str, Any], suite: Cryptosuite, checks: Checks) -> bool:
    missing = [k for k in _REQUIRED_PROOF_MEMBERS if k not in proof]
    if missing:
        checks.fail(f"{p}.shape", "proof-missing-field", f"proof lacks {', '.join(missing)}",
                    f"証明に必須の項目がありません: {', '.join(missing)}", fields=missing)
        return False
    allowed = _DI_PROOF_MEMBERS if suite.cryptosuite else _DI_PROOF_MEMBERS - {"cryptosuite"}
    extra = sorted(k for k in proof if k not in allowed)
    if extra:
        shown = ", ".join(short(k, 40) for k in extra[:5])
        checks.fail(f"{p}.shape", "proof-unknown-field",
                    f"proof has member(s) {shown} not defined for {suite.name}",
                    f"証明に未定義の項目があります: {shown}", fields=extra[:16])
        return False
    for k in ("verificationMethod", "proofPurpose", "proofValue", "created", "expires",
              "id", "nonce"):
        if k in proof and not isinstance(proof[k], str):
            checks.fail(f"{p}.shape", "proof-field-type", f"proof {k} must be a string",
                        f"証明の {k} は文字列でなければなりません", field=k)
            return False
    for k in ("domain", "challenge"):
        v = proof.get(k)
        if v is not None and not (isinstance(v, str) or (
                k == "domain" and isinstance(v, list) and v
                and all(isinstance(x, str) for x in v))):
            checks.fail(f"{p}.shape", "proof-field-type", f"proof {k} must be a string",
                        f"証明の {k} は文字列でなければなりません", field=k)
            return False
    prev = proof.get("previousProof")
    if prev is not None and not (isinstance(prev, str) or (
            isinstance(prev, list) and prev and all(isinstance(x, str) for x in prev))):
        checks.fail(f"{p}.shape", "proof-field-type",
                    "previousProof must be a string or a list of strings",
                    "previousProof は文字列または文字列の配列でなければなりません",
                    field="previousProof")
        return False
    checks.ok(f"{p}.shape", "ok", "proof members are complete and known",
              "証明の項目はそろっており既知です")
    return True


def _check_times(p: str, proof: Mapping[str, Any], checks: Checks, options: Any) -> None:
    """``created`` (not in the future beyond the clock skew) and ``expires`` (not past).

    A proof created in the future is refused (``proof-created-in-future``): a signature
    cannot predate its own creation, and accepting it would let a post-dated proof outlive
    a key's revocation. (VC-DI 1.0 leaves this to the verifier; jsonld-signatures checks
    ``created`` against a date only when asked.)
    """
    now, skew = options.now, options.clock_skew
    try:
        if "created" in proof:
            created = parse_datetime(proof["created"], require_tz=False)
            if created > now + skew:
                checks.fail(f"{p}.created", "proof-created-in-future",
                            f"the proof claims to be created at {proof['created']}, after now "
                            "(beyond the clock skew)",
                            f"証明の作成日時 {proof['created']} が現在より後です")
                return
        if "expires" in proof:
            expires = parse_datetime(proof["expires"], require_tz=False)
            if now - skew > expires:
                checks.fail(f"{p}.created", "proof-expired",
                            f"the proof expired at {proof['expires']}",
                            f"証明の有効期限 {proof['expires']} が過ぎています")
                return
    except (ValueError, OverflowError) as exc:
        checks.fail(f"{p}.created", "invalid-datetime", f"proof date: {exc}",
                    f"証明の日時が不正です: {exc}")
        return
    if "created" not in proof:
        checks.skip(f"{p}.created", "no-created", "the proof has no created time",
                    "証明に作成日時がありません")
        return
    checks.ok(f"{p}.created", "ok", f"created {proof['created']}",
              f"作成日時 {proof['created']}")


def _key_problem(suite: Cryptosuite, key: ResolvedKey) -> tuple[str, str, str] | None:
    """(code, en, ja) when ``key`` cannot verify ``suite`` proofs (the suite decides)."""
    ask = getattr(suite, "key_problem", None)
    if callable(ask):
        answer = ask(key)
        return None if answer is None else (str(answer[0]), str(answer[1]), str(answer[2]))
    if key.key_type != suite.algorithm or key.type not in suite.key_types:
        return ("wrong-key-type",
                f"{suite.name} needs an {suite.algorithm} key, the method is a "
                f"{key.key_type} {key.type}", f"{suite.name} には {suite.algorithm} 鍵が必要です")
    try:
        key.ed25519_public_bytes()
    except KeyFormatError as exc:
        return ("invalid-public-key", f"malformed key: {exc}", f"公開鍵の形式が不正です: {exc}")
    return None


def _resolve_key(p: str, proof: Mapping[str, Any], suite: Cryptosuite, checks: Checks,
                 options: Any) -> ResolvedKey | None:
    vm = proof["verificationMethod"]
    cid = f"{p}.verification-method"
    shown = short(vm, 120)
    try:
        key = options.resolver.resolve(vm)
    except UnknownVerificationMethodError:
        checks.fail(cid, "unknown-verification-method",
                    f"no resolver knows the verification method {shown}",
                    f"検証方法 {shown} を解決できません", verification_method=vm)
        return None
    except DidKeyError as exc:
        checks.fail(cid, "invalid-public-key", f"did:key: {exc}",
                    f"did:key が不正です ({exc.code})", verification_method=vm,
                    did_key_error=exc.code)
        return None
    except KeyFormatError as exc:
        checks.fail(cid, "invalid-public-key", f"malformed key: {exc}",
                    f"公開鍵の形式が不正です: {exc}", verification_method=vm)
        return None
    except KeyResolutionError as exc:
        checks.fail(cid, "key-resolution-error", f"key resolution failed: {exc}",
                    f"鍵の解決に失敗しました: {exc}", verification_method=vm)
        return None
    if not isinstance(key, ResolvedKey):
        checks.fail(cid, "key-resolution-error", "the resolver returned no ResolvedKey",
                    "リゾルバが鍵を返しませんでした", verification_method=vm)
        return None
    problem = _key_problem(suite, key)
    if problem is not None:
        checks.fail(cid, *problem, verification_method=vm)
        return None
    if options.proof_purpose not in key.relationships:
        checks.fail(cid, "verification-relationship",
                    f"the controller does not authorise {shown} for {options.proof_purpose}",
                    f"管理者は {shown} を {options.proof_purpose} に認めていません",
                    verification_method=vm)
        return None
    checks.ok(cid, "ok", f"{shown} → {key.type} key controlled by {short(key.controller, 120)}",
              f"{shown} の鍵 (管理者 {short(key.controller, 120)}) を解決しました",
              verification_method=vm, controller=key.controller)
    return key


def _check_signature(p: str, proof: Mapping[str, Any], proofs: list[Any], suite: Cryptosuite,
                     key: ResolvedKey, job: Job) -> bool:
    checks, options, cache, unsecured = job.checks, job.options, job.cache, job.unsecured
    cid = f"{p}.signature"
    loader, limits = options.loader, options.limits
    if suite.algorithm == "Ed25519":
        # (other suites decode their own proof values in verify_hash)
        try:
            decode_proof_value(proof["proofValue"])
        except ProofValueError as exc:
            checks.fail(cid, "malformed-proof-value", str(exc),
                        f"proofValue の形式が不正です: {exc}")
            return False
    prev = proof.get("previousProof")
    try:
        doc = proof_input(unsecured, proofs, prev)
    except SigningError as exc:
        checks.fail(cid, "previous-proof-missing", str(exc),
                    f"previousProof が指す証明がありません: {exc}")
        return False
    options_doc = {k: v for k, v in proof.items() if k != "proofValue"}
    try:
        if suite.canonicalization == "jcs":
            jdoc = suite.jcs_unsecured_for_verify(doc, options_doc)
            if jdoc is None:
                checks.fail(cid, "context-mismatch",
                            "the document @context does not start with the proof's @context",
                            "文書の @context が証明の @context で始まっていません")
                return False
            same = prev is None and jdoc.get("@context") == unsecured.get("@context")
            cached = cache.get(("jcs", None)) if same else None
            transformed = cached if cached is not None else suite.transform(jdoc)
        else:
            if "@context" in proof and not _context_prefix(proof["@context"], doc):
                # (the RDFC proof configuration takes the document's @context, so the
                # proof's own is not signed: it must say what the document says)
                checks.fail(cid, "context-mismatch",
                            "the proof's @context is not the start of the document's @context",
                            "証明の @context が文書の @context の先頭と一致しません")
                return False
            ck = ("rdfc", None if prev is None else tuple(
                [prev] if isinstance(prev, str) else prev))
            if ck not in cache:
                cache[ck] = suite.transform(doc, loader=loader, limits=limits)
            transformed = cache[ck]
        config = suite.proof_config(options_doc, doc, loader=loader, limits=limits)
    except SafeModeError as exc:
        checks.fail(cid, "proof-config-invalid", f"proof or document not signable: {exc}",
                    f"証明の構成が不正です: {exc}")
        return False
    except SigningError as exc:
        checks.fail(cid, "proof-config-invalid", str(exc), f"証明の構成が不正です: {exc}")
        return False
    except CanonicalizationLimitError as exc:
        checks.fail(cid, "canonicalization-limit", f"canonicalisation stopped: {exc}",
                    f"正規化が上限に達して中止されました: {exc}")
        return False
    except (JsonLdError, InvalidJsonError) as exc:
        checks.fail(cid, "canonicalization-error", f"canonicalisation failed: {exc}",
                    f"正規化に失敗しました: {exc}")
        return False
    try:
        good = suite.verify_hash(suite.hash(transformed, config), proof["proofValue"], key)
    except (ProofValueError, KeyFormatError) as exc:
        checks.fail(cid, "malformed-proof-value", str(exc), f"proofValue の形式が不正です: {exc}")
        return False
    if good:
        checks.ok(cid, "signature-valid", f"{suite.name} signature verifies",
                  f"{suite.name} 署名は有効です")
        return True
    checks.fail(cid, "signature-invalid", f"the {suite.name} signature does not verify",
                f"{suite.name} 署名が一致しません(改ざんまたは鍵の誤り)")
    return False


def _context_prefix(proof_context: Any, doc: Mapping[str, Any]) -> bool:
    """Whether a proof's ``@context`` is a non-empty start of the document's (the rule of
    vc-di-eddsa / vc-di-ecdsa "Verify Proof" step 4.1, applied to every suite)."""
    mine = context_list(proof_context)
    return bool(mine) and context_list(doc.get("@context"))[:len(mine)] == mine
