"""CLR 2.0: wrap several OB 3.0 credentials into one ClrCredential, verify it, stack it.

>>> import microcred as mc
>>> mc.AssociationType("isPartOf").label_ja
'一部である'
>>> mc.association("urn:a", "urn:b", "isPartOf")
{'type': 'Association', 'associationType': 'isPartOf', 'sourceId': 'urn:a', 'targetId': 'urn:b'}

A Comprehensive Learner Record (1EdTech CLR 2.0) is a credential whose ``credentialSubject`` (a
``ClrSubject``) carries the learner's ``verifiableCredential`` list (signed OB 3.0
credentials), the ``achievement`` list, and ``association`` objects that say how two
achievements relate: ``{"type": "Association", "associationType": ..., "sourceId": ...,
"targetId": ...}`` with one of exactly eight association types (CLR 2.0 JSON schema,
``clr_v2p0_clrcredential_schema.json`` ``Association``; see the research notes,
``ob3-vc.md`` §i).

* :func:`clr_credential` builds an unsigned ClrCredential; sign it with :func:`microcred.sign`.
* :func:`verify_clr` verifies the CLR's own proof and every embedded credential, and checks the
  associations and that every credential is about the CLR's learner.
* :func:`clr_units` and :func:`clr_pathway` hand a CLR to :mod:`microcred.stack`: the credentials
  become earned units with their credits, and the ``isPartOf``/``isChildOf``/``isParentOf``
  associations (with ``precedes`` for ordering and ``exactMatchOf`` for equivalence) become the
  requirement tree of a larger achievement.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._di.result import Check, Outcome, VerificationResult
from ._errors import AmbiguousSubjectError, InvalidDataError, StructuralError
from .endorsement import credential_skeleton
from .jsonld import DEFAULT_MAX_BYTES
from .ob3 import ClrCredential, ReadResult, read_clr_credential

__all__ = [
    "AssociationType",
    "ClrVerification",
    "association",
    "clr_achievements",
    "clr_credential",
    "clr_pathway",
    "clr_units",
    "read_clr",
    "verify_clr",
]

_VC_V2 = "https://www.w3.org/ns/credentials/v2"
_CLR_201 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
_OB_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: credentialSchema id of the CLR 2.0 JSON schema (as in the 1EdTech CLR test vector).
CLR_SCHEMA = ("https://purl.imsglobal.org/spec/clr/v2p0/schema/json/"
              "clr_v2p0_clrcredential_schema.json")


class AssociationType(str, enum.Enum):
    """The eight CLR 2.0 association types (source achievement → target achievement)."""

    EXACT_MATCH_OF = "exactMatchOf"
    IS_CHILD_OF = "isChildOf"
    IS_PARENT_OF = "isParentOf"
    IS_PART_OF = "isPartOf"
    IS_PEER_OF = "isPeerOf"
    IS_RELATED_TO = "isRelatedTo"
    PRECEDES = "precedes"
    REPLACED_BY = "replacedBy"

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return _LABELS_JA[self.value]


_LABELS_JA = {
    "exactMatchOf": "完全に一致する", "isChildOf": "子である", "isParentOf": "親である",
    "isPartOf": "一部である", "isPeerOf": "同等である", "isRelatedTo": "関連する",
    "precedes": "先行する", "replacedBy": "置き換えられた",
}


def association(source_id: str, target_id: str,
                association_type: AssociationType | str) -> dict[str, Any]:
    """An Association object: ``source_id`` *association_type* ``target_id``.

    E.g. ``association(module, degree, "isPartOf")``.  Unknown types are refused.
    """
    try:
        kind = AssociationType(association_type)
    except ValueError:
        raise InvalidDataError(
            f"unknown associationType {association_type!r}; CLR 2.0 allows "
            f"{[t.value for t in AssociationType]}") from None
    for name, value in (("sourceId", source_id), ("targetId", target_id)):
        if not isinstance(value, str) or not value:
            raise InvalidDataError(f"association {name} must be a non-empty URI string")
    return {"type": "Association", "associationType": kind.value, "sourceId": source_id,
            "targetId": target_id}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else ([] if value is None else [value])


def _select_subject(cred: Mapping[str, Any], wanted: str) -> Mapping[str, Any]:
    """The credential's subject of type ``wanted``, independent of the order of the
    ``credentialSubject`` set: the only subject object, or else the only one whose ``type``
    includes ``wanted``.  ``{}`` when there is none; :class:`AmbiguousSubjectError` when
    several subjects leave the choice open."""
    subjects = [s for s in _as_list(cred.get("credentialSubject")) if isinstance(s, Mapping)]
    if len(subjects) <= 1:
        return subjects[0] if subjects else {}
    typed = [s for s in subjects if wanted in _as_list(s.get("type"))]
    if len(typed) == 1:
        return typed[0]
    raise AmbiguousSubjectError(
        f"{len(subjects)} credentialSubject entries, {len(typed)} of type {wanted!r}: which "
        "one is meant is ambiguous (the order of a set is not signed) / "
        f"credentialSubject が {len(subjects)} 件あり、{wanted} 型は {len(typed)} 件です。"
        "どれを指すか決められません（集合の順序は署名されていません）")


def _subject(cred: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ClrSubject of a CLR (see :func:`_select_subject`)."""
    return _select_subject(cred, "ClrSubject")


def _learner_subject(cred: Mapping[str, Any]) -> Mapping[str, Any]:
    """The AchievementSubject of an embedded OB 3.0 credential."""
    return _select_subject(cred, "AchievementSubject")


def _achievement_of(cred: Mapping[str, Any]) -> Mapping[str, Any] | None:
    ach = _learner_subject(cred).get("achievement")
    return ach if isinstance(ach, Mapping) else None


def clr_credential(
    *,
    id: str,
    issuer: str | Mapping[str, Any],
    valid_from: str,
    name: str,
    credentials: Sequence[Mapping[str, Any]],
    subject_id: str | None = None,
    associations: Sequence[Mapping[str, Any]] = (),
    achievements: Sequence[Mapping[str, Any]] | None = None,
    partial: bool | None = None,
    description: str | None = None,
    valid_until: str | None = None,
) -> dict[str, Any]:
    """Build an unsigned ClrCredential wrapping ``credentials`` (signed OB 3.0 credentials).

    ``achievements`` defaults to the achievements of the credentials (one per id, in order);
    ``subject_id`` defaults to the learner id shared by the credentials.  Associations must
    use CLR 2.0 types and refer to achievements of the CLR.  Raises
    :class:`~microcred.InvalidDataError` naming the problem.
    """
    if not credentials:
        raise InvalidDataError("a CLR needs at least one credential (verifiableCredential)")
    creds: list[dict[str, Any]] = []
    for i, cred in enumerate(credentials):
        if isinstance(cred, str):
            raise InvalidDataError(f"credentials[{i}] is a compact JWS; CLR 2.0 embeds "
                                   "credential objects")
        if not isinstance(cred, Mapping) or "VerifiableCredential" not in _as_list(
                cred.get("type")):
            raise InvalidDataError(f"credentials[{i}] is not a verifiable credential")
        creds.append(copy.deepcopy(dict(cred)))
        if not isinstance(_learner_subject(cred).get("id"), str):
            raise InvalidDataError(
                f"credentials[{i}] has no credentialSubject id: a CLR can only show that its "
                "credentials are about one learner when each names the learner's id "
                "(学習者の id がない資格証明は CLR に含められません)")
    learners = {_learner_subject(c).get("id") for c in creds} - {None}
    if subject_id is None:
        if len(learners) != 1:
            raise InvalidDataError(f"cannot infer the learner: credential subjects are "
                                   f"{sorted(map(str, learners))}; pass subject_id")
        subject_id = str(next(iter(learners)))
    elif learners - {subject_id}:
        raise InvalidDataError(f"credentials are about {sorted(map(str, learners - {subject_id}))}"
                               f", not the CLR subject {subject_id!r}")
    if achievements is None:
        seen: dict[str, Mapping[str, Any]] = {}
        for cred in creds:
            ach = _achievement_of(cred)
            if ach is not None and isinstance(ach.get("id"), str):
                seen.setdefault(ach["id"], ach)
        achievement_list = [copy.deepcopy(dict(a)) for a in seen.values()]
    else:
        achievement_list = [copy.deepcopy(dict(a)) for a in achievements]
    known = {a.get("id") for a in achievement_list}
    assoc_list = []
    for i, assoc in enumerate(associations):
        if not isinstance(assoc, Mapping):
            raise InvalidDataError(f"associations[{i}] is not an object")
        built = association(assoc.get("sourceId", ""), assoc.get("targetId", ""),
                            assoc.get("associationType", ""))
        for end in ("sourceId", "targetId"):
            if built[end] not in known:
                raise InvalidDataError(f"associations[{i}].{end} {built[end]!r} is not an "
                                       "achievement of this CLR")
        assoc_list.append(built)
    subject: dict[str, Any] = {"id": subject_id, "type": ["ClrSubject"]}
    if achievement_list:
        subject["achievement"] = achievement_list
    subject["verifiableCredential"] = creds
    if assoc_list:
        subject["association"] = assoc_list
    profile = {"id": issuer, "type": ["Profile"]} if isinstance(issuer, str) else dict(issuer)
    clr = credential_skeleton([_VC_V2, _CLR_201, _OB_303], id, "ClrCredential", name, profile,
                              valid_from, valid_until, description)
    if partial is not None:
        clr["partial"] = partial
    clr["credentialSubject"] = subject
    return clr


def clr_achievements(clr: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every achievement of a CLR by id: the ``achievement`` list and those of the credentials."""
    subject = _subject(clr)
    found: dict[str, Mapping[str, Any]] = {}
    for ach in _as_list(subject.get("achievement")):
        if isinstance(ach, Mapping) and isinstance(ach.get("id"), str):
            found.setdefault(ach["id"], ach)
    for cred in _as_list(subject.get("verifiableCredential")):
        ach = _achievement_of(cred) if isinstance(cred, Mapping) else None
        if ach is not None and isinstance(ach.get("id"), str):
            found.setdefault(ach["id"], ach)
    return found


def read_clr(doc: Mapping[str, Any] | str | bytes, *,
             max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult[ClrCredential]:
    """Read a received ClrCredential leniently: the typed model plus conformance findings.

    Returns a :class:`microcred.ob3.ReadResult` whose ``credential`` is a
    :class:`microcred.ob3.ClrCredential` (the embedded credentials are typed OB 3.0 models,
    read leniently too) and whose ``findings`` list what does not conform, with paths
    (a ClrSubject or embedded subject without ``id``/``identifier``, issuer images as plain
    URLs, unknown enumeration values, a pre-2.0 CLR context, unknown association types ...).
    Raises :class:`~microcred.InvalidJsonError` / :class:`~microcred.InvalidDataError` for
    input that is not JSON, not an object, too large, or not a meaningful CLR; never returns a
    partial model.  Reading is not verifying: use :func:`verify_clr` for that.
    """
    return read_clr_credential(doc, max_bytes=max_bytes)


# --------------------------------------------------------------------------------------------
# Verification


@dataclass(frozen=True)
class ClrVerification:
    """The verification of a CLR: its own result and one per embedded credential.

    ``clr`` holds the CLR's checks plus ``clr.associations`` and ``clr.subjects``;
    ``credentials[i]`` is the result for ``verifiableCredential[i]``.  ``verified`` is true only
    when all of them are.
    """

    clr: VerificationResult
    credentials: tuple[VerificationResult, ...]

    @property
    def verified(self) -> bool:
        """True when the CLR and every embedded credential verified."""
        return self.clr.verified and bool(self.credentials) and all(
            r.verified for r in self.credentials)

    def __bool__(self) -> bool:
        return self.verified

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {"verified": self.verified, "clr": self.clr.as_dict(),
                "credentials": [r.as_dict() for r in self.credentials]}


def _association_check(clr: Mapping[str, Any]) -> Check:
    """``clr.associations``: each association is a CLR 2.0 ``Association``.

    A malformed association (wrong ``type``, extra members, an associationType outside CLR
    2.0) fails.  An association whose ``sourceId`` or ``targetId`` names an achievement the
    CLR does not carry is a warning (``association-target-absent``): the CLR 2.0 schema
    only says these are achievement ids, and the 1EdTech validator accepts such CLRs
    (its ``clr20/simple_v1.json`` sample) with a warning; :func:`clr_pathway` ignores them.
    """
    known = clr_achievements(clr)
    problems: list[str] = []
    absent: list[str] = []
    for i, assoc in enumerate(_as_list(_subject(clr).get("association"))):
        if not isinstance(assoc, Mapping):
            problems.append(f"association[{i}] is not an object")
            continue
        extra = set(assoc) - {"type", "associationType", "sourceId", "targetId"}
        if assoc.get("type") != "Association" or extra:
            problems.append(f"association[{i}] must have type 'Association' and no other "
                            f"members (found {sorted(extra)})")
        if assoc.get("associationType") not in {t.value for t in AssociationType}:
            problems.append(f"association[{i}].associationType "
                            f"{assoc.get('associationType')!r} is not a CLR 2.0 type")
        for end in ("sourceId", "targetId"):
            if not isinstance(assoc.get(end), str) or not assoc[end]:
                problems.append(f"association[{i}].{end} is not an achievement id")
            elif assoc[end] not in known:
                absent.append(f"association[{i}].{end} {assoc[end]!r}")
    if problems:
        return Check("clr.associations", Outcome.FAILED, "association-invalid",
                     "; ".join(problems),
                     "関連付け（association）が不正です: " + "; ".join(problems))
    if absent:
        listed = "; ".join(absent)
        return Check("clr.associations", Outcome.FAILED, "association-target-absent",
                     f"associations name achievements this CLR does not carry: {listed}",
                     f"関連付けが CLR に含まれない達成を参照しています: {listed}",
                     required=False)
    return Check("clr.associations", Outcome.PASSED, "associations-ok",
                 "associations use CLR 2.0 types and refer to achievements of the CLR",
                 "関連付けは CLR 2.0 の種類で、CLR 内の達成を参照しています")


def _subject_check(clr: Mapping[str, Any]) -> Check:
    """``clr.subjects``: every embedded credential is about the CLR's learner.

    "Same learner" is only ever said when the ClrSubject and every embedded credential's
    AchievementSubject name an ``id`` and all the ids are equal.  A CLR or credential bound to
    no learner id is *could not check* (not verified), never "same learner"; several subjects
    that leave the choice open are a failure (set order is not signed).
    """
    try:
        clr_subject = _subject(clr)
    except AmbiguousSubjectError as exc:
        return Check("clr.subjects", Outcome.FAILED, "subject-ambiguous", str(exc), str(exc))
    learner = clr_subject.get("id")
    creds = _as_list(clr_subject.get("verifiableCredential"))
    if not creds:
        return Check("clr.subjects", Outcome.FAILED, "no-credentials",
                     "the ClrSubject has no verifiableCredential",
                     "ClrSubject に verifiableCredential がありません")
    others: set[str] = set()
    unbound: list[int] = []
    for i, cred in enumerate(creds):
        if not isinstance(cred, Mapping):
            unbound.append(i)  # e.g. a compact JWS: its subject is not read here
            continue
        try:
            subject_id = _learner_subject(cred).get("id")
        except AmbiguousSubjectError as exc:
            return Check("clr.subjects", Outcome.FAILED, "subject-ambiguous",
                         f"verifiableCredential[{i}]: {exc}", f"verifiableCredential[{i}]: {exc}")
        if not isinstance(subject_id, str):
            unbound.append(i)
        elif subject_id != learner:
            others.add(subject_id)
    if isinstance(learner, str) and others:
        return Check("clr.subjects", Outcome.FAILED, "subject-mismatch",
                     f"embedded credentials are about {sorted(others)}, not the CLR subject "
                     f"{learner!r}",
                     f"含まれる資格証明の対象 {sorted(others)} が CLR の学習者 {learner!r} と"
                     "異なります")
    if not isinstance(learner, str):
        return Check("clr.subjects", Outcome.COULD_NOT_CHECK, "learner-unbound",
                     "the ClrSubject has no id: the embedded credentials cannot be shown to be "
                     "about one learner",
                     "ClrSubject に id がないため、含まれる資格証明が同じ学習者のものか"
                     "確認できません")
    if unbound:
        return Check("clr.subjects", Outcome.COULD_NOT_CHECK, "learner-unbound",
                     f"verifiableCredential {unbound} name no credentialSubject id: they cannot "
                     f"be shown to be about the CLR's learner {learner!r}",
                     f"verifiableCredential {unbound} に credentialSubject の id がないため、"
                     f"CLR の学習者 {learner!r} のものか確認できません")
    return Check("clr.subjects", Outcome.PASSED, "same-learner",
                 "every embedded credential is about the CLR's learner",
                 "すべての資格証明が CLR の学習者についてのものです")


def verify_clr(clr: Mapping[str, Any], **verify_options: Any) -> ClrVerification:
    """Verify a ClrCredential and every credential it embeds.

    ``verify_options`` (``resolver``, ``now``, ``status_checker``, ...) go to
    :func:`microcred.verify` for the CLR and for each embedded credential.  Adds the checks
    ``clr.associations`` and ``clr.subjects`` to the CLR's result.  Never raises for bad input.
    """
    from .signing import verify

    outer = verify(clr, **verify_options)
    doc = outer.document if outer.document is not None else (
        clr if isinstance(clr, Mapping) else {})
    extra: list[Check] = []
    if "ClrCredential" not in _as_list(doc.get("type")):
        extra.append(Check("clr.type", Outcome.FAILED, "not-a-clr",
                           "type does not include ClrCredential",
                           "type に ClrCredential が含まれていません"))
    for fn in (_association_check, _subject_check):
        try:
            extra.append(fn(doc))
        except AmbiguousSubjectError as exc:
            extra.append(Check("clr.associations", Outcome.FAILED, "subject-ambiguous",
                               str(exc), str(exc)))
        except Exception as exc:  # never a crash, never a pass
            extra.append(Check("clr", Outcome.FAILED, "internal-error", repr(exc), repr(exc)))
    try:
        embedded = _as_list(_subject(doc).get("verifiableCredential"))
    except AmbiguousSubjectError:
        embedded = []  # clr.subjects has failed; ClrVerification needs credentials to verify
    inner = tuple(verify(c, **verify_options) for c in embedded)
    return ClrVerification(outer.with_checks(*extra), inner)


# --------------------------------------------------------------------------------------------
# Bridge to microcred.stack


def clr_units(clr: Mapping[str, Any], *, credit_system: str | None = None,
              tags_from_types: bool = True) -> list[Any]:
    """The CLR's embedded credentials as :class:`microcred.stack.Unit` items.

    One unit per credential, read by :meth:`microcred.stack.Unit.from_ob3` (achievement id,
    ``creditsEarned`` or else ``creditsAvailable`` in ``credit_system`` — OB 3.0 does not name
    the credit system, so credits without ``credit_system`` are an error, never a guess —
    ``awardedDate``/``validFrom`` as the date earned, issuer, tags from alignments).  With
    ``tags_from_types`` the achievement's ``achievementType`` (e.g. ``MicroCredential``) is
    added as a tag.  Verify the CLR first (:func:`verify_clr`); this function reads, it does
    not check.
    """
    from . import stack

    units: list[Any] = []
    for i, cred in enumerate(_as_list(_subject(clr).get("verifiableCredential"))):
        if not isinstance(cred, Mapping):
            raise InvalidDataError(f"verifiableCredential[{i}] is not an object")
        unit = stack.Unit.from_ob3(cred, credit_system=credit_system)
        kind = (_achievement_of(cred) or {}).get("achievementType")
        if tags_from_types and isinstance(kind, str):
            unit = unit.model_copy(update={"tags": unit.tags | {kind}})
        units.append(unit)
    return units


def _part_edges(clr: Mapping[str, Any]) -> tuple[dict[str, list[str]], dict[str, set[str]],
                                                 dict[str, set[str]]]:
    parts: dict[str, list[str]] = {}
    before: dict[str, set[str]] = {}
    same: dict[str, set[str]] = {}
    for assoc in _as_list(_subject(clr).get("association")):
        if not isinstance(assoc, Mapping):
            continue
        kind, src, dst = (assoc.get("associationType"), assoc.get("sourceId"),
                          assoc.get("targetId"))
        if not isinstance(src, str) or not isinstance(dst, str):
            continue
        if kind in ("isPartOf", "isChildOf"):
            parts.setdefault(dst, [])
            if src not in parts[dst]:
                parts[dst].append(src)
        elif kind == "isParentOf":
            parts.setdefault(src, [])
            if dst not in parts[src]:
                parts[src].append(dst)
        elif kind == "precedes":
            before.setdefault(dst, set()).add(src)
        elif kind == "exactMatchOf":
            same.setdefault(src, set()).add(dst)
            same.setdefault(dst, set()).add(src)
    return parts, before, same


def _leaf_name(achievement_id: str) -> str:
    return achievement_id.replace("/", "_")


def clr_pathway(clr: Mapping[str, Any], target: str) -> Any:
    """The requirement tree the CLR's associations describe for achievement ``target``.

    The tree demands all of ``target``'s parts (sources of ``isPartOf``/``isChildOf`` into it,
    targets of its ``isParentOf``); a part is satisfied by a unit for that part itself or, if it
    has parts of its own, by all of those, recursively.  ``exactMatchOf`` makes two
    achievements interchangeable; ``precedes`` between two parts becomes prerequisite
    ordering (``Requirement.after``).  A cycle of part-of associations raises
    :class:`~microcred.StructuralError`.  Returns a :mod:`microcred.stack` node for
    :func:`microcred.stack.resolve` (with :func:`clr_units`).
    """
    from . import stack

    parts, before, same = _part_edges(clr)
    if target not in parts:
        raise InvalidDataError(f"no association in this CLR names parts of {target!r}")

    def ids_for(ach: str) -> set[str]:
        group, todo = {ach}, [ach]
        while todo:
            for other in same.get(todo.pop(), ()):
                if other not in group:
                    group.add(other)
                    todo.append(other)
        return group

    def build(ach: str, trail: tuple[str, ...]) -> Any:
        if ach in trail:
            cycle = " → ".join((*trail[trail.index(ach):], ach))
            raise StructuralError(f"part-of associations form a cycle: {cycle}")
        leaf = stack.Requirement(
            _leaf_name(ach), match=stack.Match(ids=ids_for(ach)), count=1,
            after=tuple(sorted(_leaf_name(p) for p in before.get(ach, ())
                               if p in parts_of_parent(trail))),
            title=ach)
        if ach not in parts:
            return leaf
        children = [build(p, (*trail, ach)) for p in parts[ach]]
        composite = stack.AllOf(*children, name=f"{_leaf_name(ach)}-parts",
                                title=f"parts of {ach}", title_ja=f"{ach} の構成要素")
        if not trail:
            return composite
        return stack.AnyOf(leaf, composite, name=f"{_leaf_name(ach)}-or-parts")

    def parts_of_parent(trail: tuple[str, ...]) -> set[str]:
        return set(parts.get(trail[-1], ())) if trail else set()

    return build(target, ())
