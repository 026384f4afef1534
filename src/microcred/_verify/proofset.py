"""Stages ``proof-set`` and ``issuer-binding``: which proofs count, and who signed.

Proof-set policy (VC Data Integrity 1.0 §2.1.2 proof sets; OB 3.0 allows any one proof):

* a proof of an unknown type or cryptosuite, or of a suite the caller did not allow, does not
  count; it is reported as a warning (``required=False``) when known proofs decide, and the
  document fails when no known proof exists (the 1EdTech validator and the Digital Bazaar
  verifier accept a proof set with one proof they do not understand; so does microcred);
* ``proof_policy="all"`` (default): every known proof must pass all of its checks;
* ``proof_policy="any"``: at least one known proof must pass all of its checks; the checks of
  the other proofs become warnings.

Issuer binding: the issuer is bound only through proofs that *count* — proofs that passed
every check (purpose, domain, challenge, times, key, signature). A proof that failed any
check never binds, whatever the policy (issue 11, finding 1).
"""

from __future__ import annotations

from collections.abc import Mapping

from .._di.result import Check
from ._base import Job, issuer_id, short
from .proofs import ProofOutcome


def apply_policy(job: Job, outcomes: list[ProofOutcome]) -> list[str]:
    """Mark what does not count as warnings; return the controllers of counted proofs."""
    checks, items = job.checks, job.checks.items
    known = [o for o in outcomes if o.known]
    if not known:
        checks.fail("proof-set", "no-known-proof",
                    "no proof of a known and allowed cryptosuite",
                    "既知で許可された暗号スイートの証明がありません")
        return []
    for o in outcomes:
        if not o.known:  # does not count: a warning
            _demote(items, o)
    counted = [o for o in known if o.passed]
    if job.options.proof_policy == "any":
        if counted:
            for o in known:
                if not o.passed:
                    _demote(items, o)
    elif len(counted) != len(known):
        counted = []  # "all": one failed known proof and nothing counts
    controllers = [o.controller for o in counted if o.controller is not None]
    if counted:
        checks.ok("proof-set", "ok",
                  f"{len(counted)} of {len(outcomes)} proof(s) count "
                  f"(policy {job.options.proof_policy})",
                  f"証明 {len(outcomes)} 件中 {len(counted)} 件が有効です"
                  f"(方針 {job.options.proof_policy})",
                  controllers=sorted(set(controllers))[:16])
    else:
        checks.fail("proof-set", "no-valid-proof",
                    f"no proof passed all of its checks (policy {job.options.proof_policy})"
                    if job.options.proof_policy == "any" else
                    "not every known proof passed all of its checks (policy all)",
                    "すべての確認に合格した証明がありません")
    return controllers


def _demote(items: list[Check], o: ProofOutcome) -> None:
    for j in range(o.first, o.last):
        c = items[j]
        if c.required:
            items[j] = Check(c.id, c.outcome, c.code, c.message, c.message_ja, False,
                             c.details)


def check_issuer_binding(job: Job, controllers: list[str]) -> None:
    """A credential's issuer is bound only through counted proofs."""
    issuer = issuer_id(job.doc)
    if not isinstance(issuer, str):
        job.checks.fail("issuer-binding", "missing-issuer", "the credential names no issuer id",
                        "発行者の id がありません")
        return
    _bind(job, "issuer", "発行者", issuer, controllers)


def check_holder_binding(job: Job, controllers: list[str]) -> None:
    """A presentation that names a ``holder`` is bound to it only through counted proofs
    (VC 2.0 §4.13, VC-DI §4.4: the authentication proof's key must be the holder's)."""
    holder = job.doc.get("holder")
    holder_id = holder.get("id") if isinstance(holder, Mapping) else holder
    if holder is None:
        job.checks.skip("holder-binding", "no-holder", "the presentation names no holder",
                        "プレゼンテーションに holder がありません")
        return
    if not isinstance(holder_id, str):
        job.checks.fail("holder-binding", "invalid-holder", "holder has no usable id",
                        "holder の id が使えません")
        return
    _bind(job, "holder", "holder", holder_id, controllers)


def _bind(job: Job, role: str, role_ja: str, party: str, controllers: list[str]) -> None:
    """The one binding rule: ``party`` (the issuer or the holder) controls the key of a proof
    that counts. With no counted proof the check is skipped: the proof-set check has failed
    already, and a failure is not counted twice."""
    cid, shown = f"{role}-binding", short(party, 120)
    if not controllers:
        job.checks.skip(cid, "no-verified-proof",
                        f"no proof counts, so no key is bound to the {role}",
                        f"有効な証明がないため{role_ja}との結び付きを確認できません")
        return
    if party in controllers:
        job.checks.ok(cid, "ok", f"a counted proof's key is controlled by the {role} {shown}",
                      f"有効な証明の鍵は{role_ja} {shown} の管理下にあります", **{role: party})
        return
    listed = ", ".join(short(c, 80) for c in sorted(set(controllers))[:5])
    job.checks.fail(cid, f"controller-not-{role}",
                    f"no counted proof's key is controlled by the {role} {shown} "
                    f"(controllers: {listed})",
                    f"有効な証明の鍵の管理者が{role_ja} {shown} ではありません",
                    **{role: party}, controllers=sorted(set(controllers))[:16])
