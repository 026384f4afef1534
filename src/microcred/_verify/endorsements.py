"""Stage ``endorsements``: every embedded endorsement verified the same way (OB 3.0 step 6).

An endorsement is a credential of its own (an ``EndorsementCredential`` with a Data Integrity
proof, or a VC-JWT in ``endorsementJwt``) carried by the credential, its issuer profile or
its achievement. Each is run through the whole pipeline (by the ``verify_one`` function the
pipeline passes in: this module imports no format adapter), then checked to be an
endorsement (``endorsement.shape``) about the object carrying it (``endorsement.target``).
Work is bounded: endorsements and their proofs draw on the verification's proof budget
(``Limits.max_total_proofs``), and nesting stops at ``max_endorsement_depth``
(deeper ones are ``could-not-check``, required: fail-closed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._di.result import Check, Outcome, VerificationResult
from ._base import Job, short

VerifyOne = Callable[[Any, Any, int], VerificationResult]


def carriers(node: Any, path: str = "") -> list[tuple[str, Any, str, Any]]:
    """(path, owner id, key, endorsement) for each endorsement below ``node``, in path
    order; ``proof`` and ``@context`` members and the endorsements themselves are not
    searched."""
    stack: list[tuple[Any, str, int]] = [(node, path, 0)]
    found: list[tuple[str, Any, str, Any]] = []
    while stack:
        current, where, depth = stack.pop()
        if depth > 64:
            continue
        if isinstance(current, Mapping):
            for key, value in current.items():
                sub = f"{where}.{key}" if where else str(key)
                if key in ("endorsement", "endorsementJwt"):
                    items = value if isinstance(value, list) else [value]
                    for i, item in enumerate(items):
                        found.append((f"{sub}[{i}]", current.get("id"), key, item))
                elif key not in ("proof", "@context") and isinstance(value, (Mapping, list)):
                    stack.append((value, sub, depth + 1))
        elif isinstance(current, list):
            for i, item in enumerate(current):
                if isinstance(item, (Mapping, list)):
                    stack.append((item, f"{where}[{i}]", depth + 1))
    found.sort(key=lambda item: item[0])
    return found


def count(node: Any) -> int:
    """How many endorsements :func:`carriers` would find (no paths: cheaper)."""
    n = 0
    stack: list[tuple[Any, int]] = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if depth > 64:
            continue
        if type(current) is dict:
            for key, value in current.items():
                if key == "endorsement" or key == "endorsementJwt":
                    n += len(value) if type(value) is list else 1
                elif (key != "proof" and key != "@context"
                      and (type(value) is dict or type(value) is list)):
                    stack.append((value, depth + 1))
        elif type(current) is list:
            stack.extend((item, depth + 1) for item in current
                         if type(item) is dict or type(item) is list)
        elif isinstance(current, Mapping):  # (not a plain JSON object: the general walk)
            n += len(carriers(current))
    return n


def subject_id(doc: Any) -> Any:
    """The ``credentialSubject.id`` of a credential (None when there is not exactly one)."""
    if not isinstance(doc, Mapping):
        return None
    subject = doc.get("credentialSubject")
    return subject.get("id") if isinstance(subject, Mapping) else None


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else ([] if value is None else [value])


def endorsement_checks(doc: Any, endorsed_id: str | None, path: str,
                       carrier_has_id: bool = True) -> list[Check]:
    """``endorsement.shape`` and ``endorsement.target`` for a verified document."""
    out: list[Check] = []
    problems: list[tuple[str, str]] = []
    if not isinstance(doc, Mapping):
        problems.append(("endorsement is not a JSON object",
                         "推薦が JSON オブジェクトではありません"))
    else:
        types = _as_list(doc.get("type"))
        if "EndorsementCredential" not in types or "VerifiableCredential" not in types:
            problems.append(("type must include VerifiableCredential and EndorsementCredential",
                             "type に VerifiableCredential と EndorsementCredential が必要です"))
        if not isinstance(doc.get("name"), str) or not doc["name"]:
            problems.append(("an EndorsementCredential needs a name",
                             "EndorsementCredential には name が必要です"))
        subject = doc.get("credentialSubject")
        if not isinstance(subject, Mapping) or "EndorsementSubject" not in _as_list(
                subject.get("type")) or not isinstance(subject.get("id"), str):
            problems.append((
                "credentialSubject must be an EndorsementSubject with an id",
                "credentialSubject は id を持つ EndorsementSubject でなければなりません"))
    if problems:
        out.append(Check("endorsement.shape", Outcome.FAILED, "not-an-endorsement",
                         "; ".join(en for en, _ in problems), "。".join(ja for _, ja in problems)))
    else:
        out.append(Check("endorsement.shape", Outcome.PASSED, "endorsement-credential",
                         "an EndorsementCredential with an EndorsementSubject",
                         "EndorsementSubject を持つ EndorsementCredential です"))
    if not carrier_has_id:
        out.append(Check("endorsement.target", Outcome.FAILED, "carrier-without-id",
                         f"the object carrying {path} has no id, so the endorsement cannot be "
                         "matched to it",
                         f"{path} を持つオブジェクトに id がなく、推薦の対象を確認できません"))
    elif endorsed_id is not None:
        about = subject_id(doc)
        if about == endorsed_id:
            out.append(Check("endorsement.target", Outcome.PASSED, "endorses-carrier",
                             f"the endorsement is about {short(endorsed_id, 120)}",
                             f"この推薦は {short(endorsed_id, 120)} についてのものです"))
        else:
            out.append(Check("endorsement.target", Outcome.FAILED, "endorses-something-else",
                             f"the endorsement is about {short(about, 120)}, but is carried by "
                             f"{short(endorsed_id, 120)}",
                             f"この推薦は {short(about, 120)} についてのもので、"
                             f"{short(endorsed_id, 120)} についてのものではありません"))
    return out


def verify_found(item: Any, owner_id: Any, path: str, options: Any, depth: int,
                 verify_one: VerifyOne) -> VerificationResult:
    """Verify one endorsement found at ``path`` (owned by ``owner_id``) and check that it is
    an endorsement of its carrier."""
    result = verify_one(item, options, depth)
    if result.document is None:
        return result
    return result.with_checks(*endorsement_checks(
        result.document, owner_id if isinstance(owner_id, str) else None, path,
        carrier_has_id=isinstance(owner_id, str)))


def check_endorsements(job: Job, verify_one: VerifyOne) -> tuple[VerificationResult, ...]:
    """Run the stage on ``job.doc``; the results of the endorsements verified."""
    checks, options = job.checks, job.options
    jcs_bytes = job.cache.get(("jcs", None))
    # the JCS form of the document without its proof names every member: no '"endorsement'
    # in it means no endorsement member anywhere the search looks (proof members are skipped)
    if jcs_bytes is not None and b'"endorsement' not in jcs_bytes:
        return ()
    if job.scan is not None and not job.scan.endorsement_keys:
        return ()
    if not options.verify_endorsements:
        # (counted by the input walk when it ran; otherwise not counted: the JCS bytes
        # already said that endorsements are present)
        n = job.scan.endorsements if job.scan is not None else count(job.doc)
        if n is None:
            checks.skip("endorsements", "not-checked", "endorsements not checked "
                        "(verify_endorsements=False)", "推薦は確認していません")
        elif n:
            checks.skip("endorsements", "not-checked", f"{n} endorsement(s) not checked "
                        "(verify_endorsements=False)", f"推薦 {n} 件は確認していません")
        return ()
    found = carriers(job.doc)
    if not found:
        return ()
    if job.depth + 1 > options.max_endorsement_depth:
        checks.add("endorsements", Outcome.COULD_NOT_CHECK, "too-deep",
                   f"{len(found)} endorsement(s) nested deeper than "
                   f"{options.max_endorsement_depth} were not verified",
                   f"入れ子が深すぎるため推薦 {len(found)} 件を確認していません")
        return ()
    if not options.budget.take_proofs(len(found)):
        limit = options.limits.max_total_proofs
        checks.fail("endorsements", "too-many-proofs",
                    f"{len(found)} endorsement(s) exceed what is left of the budget of "
                    f"{limit} proofs for this verification",
                    f"推薦 {len(found)} 件がこの検証の証明数の上限 {limit} を超えます",
                    limit=limit)
        return ()
    sub = options.for_endorsement()
    hook = options.on_endorsement
    results: list[VerificationResult] = []
    for path, owner_id, _key, item in found:
        res = hook(item, job.depth + 1) if hook is not None else None
        if res is None:
            res = verify_found(item, owner_id, path, sub, job.depth + 1, verify_one)
        results.append(res)
    bad = sum(not r.verified for r in results)
    if bad and all(_only_too_deep(r) for r in results if not r.verified):
        checks.add("endorsements", Outcome.COULD_NOT_CHECK, "too-deep",
                   f"endorsements nested deeper than {options.max_endorsement_depth} were "
                   "not verified", "入れ子が深すぎるため確認していない推薦があります")
    elif bad:
        checks.fail("endorsements", "endorsement-invalid",
                    f"{bad} of {len(results)} endorsement(s) failed verification",
                    f"推薦 {len(results)} 件中 {bad} 件が検証に失敗しました")
    else:
        checks.ok("endorsements", "ok", f"{len(results)} endorsement(s) verified",
                  f"推薦 {len(results)} 件を検証しました")
    return tuple(results)


def _only_too_deep(result: VerificationResult) -> bool:
    """Whether ``result`` fails only because endorsements lie beyond the depth bound."""
    failures = result.failures
    if not failures or any(c.id != "endorsements" for c in failures):
        return False
    return all(c.code == "too-deep" or (c.code == "endorsement-invalid" and all(
        _only_too_deep(e) for e in result.endorsements if not e.verified)) for c in failures)
