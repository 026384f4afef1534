"""Hypothesis strategies for OB 3.0 documents (test helpers; needs ``hypothesis``).

Re-exported by :mod:`microcred.testing`.  Generated documents follow the OB 3.0 serialisation
rules (arrays for multi-valued properties, absolute URIs, DateTimeZ strings) and use only terms
defined by the VC v2 and OB 3.0.3 contexts, so they canonicalise in JSON-LD safe mode; with
``extras=True`` they also carry unknown members (which safe mode rejects, but parsing keeps).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from ._base import format_datetime
from ._enums import AchievementType, AlignmentTargetType, ResultType
from ._models import OB_CONTEXT_V3_0_3, VC_V2_CONTEXT, OpenBadgeCredential

__all__ = ["ob3_credential_documents", "ob3_credentials"]

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
    max_size=24)
_slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)


@st.composite
def _uris(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["https", "urn", "did"]))
    slug = draw(_slug)
    if kind == "https":
        return f"https://{draw(_slug)}.example/{slug}"
    if kind == "urn":
        return f"urn:uuid:{draw(st.uuids())}"
    return f"did:example:{slug}"


_datetimes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=9)),
                               timezone(timedelta(hours=-5, minutes=-30))]),
).map(lambda d: format_datetime(d.replace(microsecond=0)))


@st.composite
def _alignments(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {"type": ["Alignment"], "targetName": draw(_text),
                           "targetUrl": draw(_uris())}
    if draw(st.booleans()):
        doc["targetType"] = draw(st.sampled_from([t.value for t in AlignmentTargetType]))
    if draw(st.booleans()):
        doc["targetCode"] = draw(_slug)
    return doc


@st.composite
def _achievements(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": draw(_uris()), "type": ["Achievement"], "name": draw(_text),
        "description": draw(_text), "criteria": {"narrative": draw(_text)},
    }
    if draw(st.booleans()):
        doc["achievementType"] = draw(st.sampled_from(
            [t.value for t in AchievementType] + ["ext:MicroMasters"]))
    if draw(st.booleans()):
        doc["creditsAvailable"] = draw(st.integers(0, 240) | st.floats(
            0, 240, allow_nan=False, allow_infinity=False))
    if draw(st.booleans()):
        doc["alignment"] = draw(st.lists(_alignments(), min_size=1, max_size=3))
    if draw(st.booleans()):
        doc["inLanguage"] = draw(st.sampled_from(["ja", "en", "en-US", "zh-Hant-TW"]))
    if draw(st.booleans()):
        doc["tag"] = draw(st.lists(_text, min_size=1, max_size=3))
    if draw(st.booleans()):
        rd_id = draw(_uris())
        doc["resultDescription"] = [{
            "id": rd_id, "type": ["ResultDescription"], "name": draw(_text),
            "resultType": draw(st.sampled_from([t.value for t in ResultType])),
        }]
    return doc


@st.composite
def ob3_credential_documents(draw: st.DrawFn, *, extras: bool = False) -> dict[str, Any]:
    """Wire-form (``dict``) OB 3.0 credentials in the VC 2.0 form, unsigned."""
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "achievement": draw(_achievements())}
    if draw(st.booleans()):
        subject["id"] = draw(_uris())
    else:
        subject["identifier"] = [{
            "type": "IdentityObject", "hashed": False, "identityType": "emailAddress",
            "identityHash": f"{draw(_slug)}@example.org"}]
    if draw(st.booleans()):
        subject["result"] = [{"type": ["Result"], "value": draw(_text)}]
    issuer: Any = draw(_uris())
    if draw(st.booleans()):
        issuer = {"id": issuer, "type": ["Profile"], "name": draw(_text)}
    doc: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, OB_CONTEXT_V3_0_3],
        "id": draw(_uris()),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": draw(_datetimes),
        "credentialSubject": subject,
    }
    if draw(st.booleans()):
        doc["name"] = draw(_text)
    if draw(st.booleans()):
        doc["validUntil"] = draw(_datetimes)
    if extras:
        json_values = st.recursive(
            st.none() | st.booleans() | st.integers(-(2**53), 2**53) | _text,
            lambda inner: st.lists(inner, max_size=3)
            | st.dictionaries(_slug, inner, max_size=3),
            max_leaves=6)
        for node in (doc, subject, subject["achievement"]):
            for key, value in draw(st.dictionaries(
                    _slug.map(lambda s: "x-" + s), json_values, max_size=2)).items():
                node[key] = value
    return doc


def ob3_credentials(*, extras: bool = False) -> st.SearchStrategy[OpenBadgeCredential]:
    """Parsed :class:`~microcred.ob3.OpenBadgeCredential` objects (see
    :func:`ob3_credential_documents`)."""
    return ob3_credential_documents(extras=extras).map(OpenBadgeCredential.from_jsonld)
