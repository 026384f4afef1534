"""Endorsements: issue OB 3.0 EndorsementCredentials and verify the ones a credential carries.

>>> import microcred as mc
>>> key = mc.Ed25519Key.from_seed(bytes(32))
>>> e = mc.endorsement_credential(id="urn:uuid:e1", issuer=key.did, name="Good standing",
...                               endorsed_id="https://example.edu/issuers/1",
...                               valid_from="2024-01-01T00:00:00Z",
...                               comment="Accredited provider / 認定機関")
>>> e["type"], e["credentialSubject"]["type"]
(['VerifiableCredential', 'EndorsementCredential'], ['EndorsementSubject'])

An endorsement is a credential of its own (OB 3.0 §"EndorsementCredential": ``type`` contains
``EndorsementCredential``; required ``id``, ``name``, ``issuer``, ``validFrom`` and a
``credentialSubject`` of type ``EndorsementSubject`` whose ``id`` is the endorsed thing, with an
optional ``endorsementComment``).  It is secured like any credential, with a Data Integrity proof
(:func:`issue_endorsement` with ``format="di"``) or as a VC-JWT (``format="jwt"``), and carried in
the ``endorsement`` (objects) or ``endorsementJwt`` (compact JWS) list of the credential, of its
issuer profile or of its achievement (:func:`attach_endorsement`, before the carrier is signed).

:func:`verify_endorsements` walks a credential, verifies every endorsement it finds (proof,
validity, status, the EndorsementCredential shape, and that the endorsement is about the object
that carries it), then the endorsements inside those endorsements, down to ``max_depth``.
OB 3.0 verification step 6 asks for exactly this ("Verify every embedded EndorsementCredential
the same way", ob_v3p0/verification.md).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._di.result import VerificationResult
from ._errors import InvalidDataError
from ._verify import make_options
from ._verify.endorsements import carriers, endorsement_checks, subject_id, verify_found
from ._verify.pipeline import verify_embedded

__all__ = [
    "EndorsementFinding",
    "EndorsementReport",
    "attach_endorsement",
    "endorsement_credential",
    "issue_endorsement",
    "verify_endorsement",
    "verify_endorsements",
]

_VC_V2 = "https://www.w3.org/ns/credentials/v2"
_OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: JSON Schema of EndorsementCredential (ob_v3p0 credentialSchema id used by the spec example).
ENDORSEMENT_SCHEMA = ("https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                      "ob_v3p0_endorsementcredential_schema.json")
_DEFAULT_DEPTH = 2


def endorsement_credential(
    *,
    id: str,
    issuer: str | Mapping[str, Any],
    endorsed_id: str,
    name: str,
    valid_from: str,
    comment: str | None = None,
    valid_until: str | None = None,
    description: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build an unsigned EndorsementCredential about ``endorsed_id``.

    ``issuer`` is the endorser's id or Profile object (a bare id becomes
    ``{"id": ..., "type": ["Profile"]}``).  ``endorsed_id`` is the ``id`` of the endorsed
    achievement, issuer profile or credential.  ``extra`` members are copied in last.
    """
    for field_name, value in (("id", id), ("endorsed_id", endorsed_id), ("name", name),
                              ("valid_from", valid_from)):
        if not isinstance(value, str) or not value.strip():
            raise InvalidDataError(f"endorsement {field_name} must be a non-empty string")
    if isinstance(issuer, str):
        profile: dict[str, Any] = {"id": issuer, "type": ["Profile"]}
    elif isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str):
        profile = dict(issuer)
    else:
        raise InvalidDataError("endorsement issuer must be an id or a Profile with an id")
    subject: dict[str, Any] = {"id": endorsed_id, "type": ["EndorsementSubject"]}
    if comment is not None:
        subject["endorsementComment"] = comment
    cred = credential_skeleton([_VC_V2, _OB_303], id, "EndorsementCredential", name, profile,
                               valid_from, valid_until, description)
    cred["credentialSubject"] = subject
    if extra:
        cred.update(copy.deepcopy(dict(extra)))
    return cred


def credential_skeleton(context: list[str], id: str, kind: str, name: str,
                        issuer: dict[str, Any], valid_from: str, valid_until: str | None,
                        description: str | None) -> dict[str, Any]:
    """The common members of a VC 2.0 credential of type ``kind`` (internal helper)."""
    cred: dict[str, Any] = {"@context": context, "id": id,
                            "type": ["VerifiableCredential", kind], "name": name,
                            "issuer": issuer, "validFrom": valid_from}
    if description is not None:
        cred["description"] = description
    if valid_until is not None:
        cred["validUntil"] = valid_until
    return cred


def issue_endorsement(endorsement: Mapping[str, Any], signer: Any, *, format: str = "di",
                      **options: Any) -> dict[str, Any] | str:
    """Secure an EndorsementCredential: a Data Integrity proof (``format="di"``, options go
    to :func:`microcred.sign`) or a VC-JWT (``format="jwt"``, options go to
    :func:`microcred.issue_vc_jwt`)."""
    shape = endorsement_checks(endorsement, None, "endorsement")[0]
    if not shape.ok:
        raise InvalidDataError(f"not an EndorsementCredential: {shape.message}")
    if format == "di":
        from .signing import sign

        return sign(endorsement, signer, **options)
    if format == "jwt":
        from .vcjwt import issue_vc_jwt

        return issue_vc_jwt(endorsement, signer, **options)
    raise InvalidDataError(f"format must be 'di' or 'jwt', not {format!r}")


_TARGETS = ("credential", "issuer", "achievement")


def attach_endorsement(document: Mapping[str, Any], endorsement: Mapping[str, Any] | str, *,
                       to: str = "credential") -> dict[str, Any]:
    """Return a copy of ``document`` carrying ``endorsement``.

    ``to`` is ``"credential"`` (the credential itself), ``"issuer"`` (its issuer Profile, which
    must be an object) or ``"achievement"`` (``credentialSubject.achievement``).  A signed
    endorsement object goes to ``endorsement``, a compact JWS to ``endorsementJwt``.  Attach
    before signing the carrier; the endorsement must be about the carrier's ``id``.
    Note: ``endorsementJwt`` is missing from some published copies of the OB 3.0.3 context, which
    makes Data Integrity signing fail safe mode; prefer embedded endorsement objects there.
    """
    if to not in _TARGETS:
        raise InvalidDataError(f"to must be one of {_TARGETS}, not {to!r}")
    doc = copy.deepcopy(dict(document))
    if to == "credential":
        owner: Any = doc
    elif to == "issuer":
        owner = doc.get("issuer")
        if not isinstance(owner, dict):
            raise InvalidDataError("the issuer is a bare id; make it a Profile object to carry "
                                   "endorsements")
    else:
        subject = doc.get("credentialSubject")
        owner = subject.get("achievement") if isinstance(subject, dict) else None
        if not isinstance(owner, dict):
            raise InvalidDataError("credentialSubject.achievement is missing")
    target = owner.get("id")
    if isinstance(endorsement, str):
        from .vcjwt import decode_vc_jwt

        _, payload, _, _ = decode_vc_jwt(endorsement)
        about = subject_id(payload.get("vc", payload))
        key = "endorsementJwt"
    elif isinstance(endorsement, Mapping):
        about = subject_id(endorsement)
        key = "endorsement"
    else:
        raise InvalidDataError("endorsement must be a signed object or a compact JWS")
    if about != target:
        raise InvalidDataError(f"the endorsement is about {about!r}, not the {to} {target!r}")
    existing = owner.get(key)
    items = list(existing) if isinstance(existing, list) else ([] if existing is None
                                                                else [existing])
    items.append(copy.deepcopy(endorsement) if not isinstance(endorsement, str) else endorsement)
    owner[key] = items
    return doc


def verify_endorsement(endorsement: Mapping[str, Any] | str, *, endorsed_id: str | None = None,
                       **verify_options: Any) -> VerificationResult:
    """Verify one endorsement (object with an embedded proof, or compact JWS).

    Runs the verification pipeline (options such as ``resolver``, ``now``,
    ``status_checker`` are those of :func:`microcred.verify`; nested endorsements are left
    to :func:`verify_endorsements`) and adds the checks ``endorsement.shape`` (an
    EndorsementCredential with a name and an EndorsementSubject) and, when ``endorsed_id`` is
    given, ``endorsement.target`` (the endorsement is about that id).
    """
    options = make_options(**_options(verify_options), verify_endorsements=False)
    result = verify_embedded(endorsement, options.for_endorsement(), 1)
    if result.document is None:
        return result
    return result.with_checks(*endorsement_checks(result.document, endorsed_id, "endorsement"))


def _options(verify_options: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in verify_options.items()
            if k not in ("verify_endorsements", "max_endorsement_depth", "on_endorsement")}


@dataclass(frozen=True)
class EndorsementFinding:
    """One endorsement found in a document.

    ``path`` locates it (``issuer.endorsement[0]``; nested ones are prefixed by their
    carrier's path), ``endorsed_id`` is the id of the object carrying it, ``depth`` is 1 for
    endorsements of the document itself and one more for each level of nesting.  ``result`` is
    ``None`` when the endorsement lies beyond the depth bound and was not verified.
    """

    path: str
    endorsed_id: str | None
    depth: int
    endorsement: Mapping[str, Any] | str
    result: VerificationResult | None

    @property
    def verified(self) -> bool:
        """True when the endorsement was verified and passed."""
        return self.result is not None and self.result.verified


@dataclass(frozen=True)
class EndorsementReport:
    """Every endorsement found by :func:`verify_endorsements`, in document order."""

    findings: tuple[EndorsementFinding, ...]

    @property
    def verified(self) -> bool:
        """True when every endorsement found was verified (none left unchecked)."""
        return all(f.verified for f in self.findings)

    @property
    def unchecked(self) -> tuple[EndorsementFinding, ...]:
        """Endorsements beyond the depth bound."""
        return tuple(f for f in self.findings if f.result is None)

    def __len__(self) -> int:
        return len(self.findings)

    def summary(self) -> tuple[str, str]:
        """English and Japanese one-line summaries."""
        ok = sum(f.verified for f in self.findings)
        n = len(self.findings)
        skipped = len(self.unchecked)
        return (f"{ok} of {n} endorsement(s) verified, {skipped} beyond the depth bound",
                f"推薦 {n} 件中 {ok} 件を検証（深さ制限により未確認 {skipped} 件）")


def verify_endorsements(document: Mapping[str, Any], *, max_depth: int = _DEFAULT_DEPTH,
                        **verify_options: Any) -> EndorsementReport:
    """Verify every endorsement carried anywhere in ``document``, recursively.

    Each endorsement is checked like :func:`verify_endorsement` against the ``id`` of the
    object carrying it; the endorsements inside a verified endorsement (e.g. of the endorser's
    profile) are checked in turn, down to ``max_depth`` levels.  Deeper ones are reported with
    ``result=None``, so :attr:`EndorsementReport.verified` is False: fail-closed.  All of them
    share one proof budget (``Limits.max_total_proofs``).
    """
    if max_depth < 0:
        raise InvalidDataError("max_depth must be >= 0")
    options = make_options(**_options(verify_options), verify_endorsements=False)
    sub = options.for_endorsement()
    findings: list[EndorsementFinding] = []
    queue: list[tuple[Any, str, int]] = [(document, "", 1)]
    while queue:
        node, prefix, depth = queue.pop(0)
        for path, owner_id, _key, item in carriers(node, prefix):
            if depth > max_depth:
                findings.append(EndorsementFinding(path, owner_id, depth, item, None))
                continue
            result = verify_found(item, owner_id, path, sub, depth, verify_embedded)
            findings.append(EndorsementFinding(path, owner_id, depth, item, result))
            inner = result.document
            if inner is not None:
                queue.append((inner, path, depth + 1))
    return EndorsementReport(tuple(findings))
