"""Hypothesis strategies for the microcred model, exported for reuse in tests.

Needs ``hypothesis`` (a dev dependency); not imported by ``microcred/__init__``.

>>> from hypothesis import given, settings
>>> from microcred.testing import micro_credentials
>>> @settings(max_examples=5)
... @given(micro_credentials())
... def round_trips(mc):
...     assert type(mc).parse(mc.model_dump(mode="json")) == mc
>>> round_trips()

Every strategy draws *valid* values (they pass :meth:`MicroCredential.parse`), so they can feed
property tests of anything downstream (profiles, OB3 mapping, stackability).
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any, TypeVar

from hypothesis import strategies as st

from ._credits import CREDIT_SYSTEMS, CreditSystem
from ._model import (
    LEVEL_RANGES,
    MAX_NOTIONAL_HOURS,
    Alignment,
    Assessment,
    AssessmentKind,
    AwardingBody,
    Certification,
    CertificationKind,
    CreditAmount,
    Descriptor,
    Grade,
    IdentityObject,
    Integration,
    Learner,
    LearnerEffort,
    LearningOutcome,
    Level,
    LevelFramework,
    LocalizedText,
    MicroCredential,
    Participation,
    ParticipationMode,
    PathwayModel,
    Prerequisites,
    ProviderKind,
    QAKind,
    QAScope,
    QualityAssurance,
    Recognition,
    RecognitionKind,
    Stackability,
    StackTarget,
    Supervision,
    Synchrony,
    _canonical_case,
)
from .profiles import Constraint, MinimumEffort, Profile, Requirement, Rule

__all__ = [
    "alignments",
    "assessments",
    "awarding_bodies",
    "aware_datetimes",
    "certifications",
    "country_codes",
    "credit_amounts",
    "framework_profiles",
    "grades",
    "identity_objects",
    "language_tags",
    "learner_efforts",
    "learners",
    "learning_outcomes",
    "levels",
    "localized_texts",
    "micro_credentials",
    "participations",
    "prerequisites",
    "quality_assurances",
    "recognitions",
    "stack_targets",
    "stackabilities",
    "texts",
    "uris",
]

_T = TypeVar("_T")
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"


@functools.cache
def texts(max_size: int = 20) -> st.SearchStrategy[str]:
    """Non-blank text (any Unicode characters, including Japanese)."""
    return st.text(min_size=1, max_size=max_size).filter(lambda s: bool(s.strip()))


@functools.cache
@st.composite
def language_tags(draw: st.DrawFn, canonical: bool = False) -> str:
    """Well-formed BCP 47 tags: ``language[-script][-region][-variant][-extension][-x-private]``.

    ``canonical=True`` returns them in RFC 5646 case (as the model stores them); otherwise the
    case is random.
    """
    alpha = st.text(_LOWER, min_size=1, max_size=1)
    parts = [draw(st.text(_LOWER, min_size=2, max_size=3))]
    if draw(st.booleans()):
        parts.append(draw(st.text(_LOWER, min_size=4, max_size=4)))  # script
    if draw(st.booleans()):
        parts.append(draw(st.one_of(st.text(_LOWER, min_size=2, max_size=2),
                                    st.text(_DIGITS, min_size=3, max_size=3))))  # region
    if draw(st.integers(0, 4)) == 0:
        parts.append(draw(st.text(_LOWER + _DIGITS, min_size=5, max_size=8)))  # variant
    if draw(st.integers(0, 4)) == 0:
        singleton = draw(alpha.filter(lambda c: c != "x"))
        parts += [singleton, draw(st.text(_LOWER + _DIGITS, min_size=2, max_size=8))]
    if draw(st.integers(0, 4)) == 0:
        parts += ["x", draw(st.text(_LOWER + _DIGITS, min_size=1, max_size=8))]
    tag = "-".join(parts)
    if canonical:
        return _canonical_case(tag)
    flips = draw(st.lists(st.booleans(), min_size=len(tag), max_size=len(tag)))
    return "".join(c.upper() if f else c for c, f in zip(tag, flips, strict=True))


@functools.cache
def uris() -> st.SearchStrategy[str]:
    """Absolute URIs: https URLs, DIDs and URNs."""
    token = st.text(_LOWER + _DIGITS, min_size=1, max_size=12)
    return st.one_of(
        st.builds(lambda h, p: f"https://{h}.example/{p}", token, token),
        st.builds(lambda m, i: f"did:{m}:{i}", st.sampled_from(["example", "key", "web"]), token),
        st.uuids().map(lambda u: f"urn:uuid:{u}"),
    )


@functools.cache
def aware_datetimes(microseconds: bool = True) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes (UTC offsets in whole minutes, -12:00 to +14:00)."""
    tz = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
    dts = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31),
                       timezones=tz)
    return dts if microseconds else dts.map(lambda d: d.replace(microsecond=0))


@functools.cache
def country_codes() -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 shaped codes (two upper-case letters)."""
    return st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


# A pool of canonical tags (from RFC 5646 Appendix A and everyday use) keeps nested strategies
# fast; :func:`language_tags` covers the syntax itself.
_TAG_POOL = ("en", "ja", "en-GB", "ja-JP", "zh-Hant-TW", "sr-Latn-RS", "es-419", "de-CH-1901",
             "fr", "ms", "th", "x-private", "en-US-u-islamcal", "i-klingon")


@functools.cache
def _opt(strategy: st.SearchStrategy[_T]) -> st.SearchStrategy[_T | None]:
    return st.none() | strategy


@functools.cache
def _pool_tags() -> st.SearchStrategy[str]:
    return st.sampled_from(_TAG_POOL)


@functools.cache
@st.composite
def localized_texts(draw: st.DrawFn) -> LocalizedText:
    """Text with an optional language and up to two translations in other languages."""
    lang = draw(_opt(_pool_tags()))
    keys = draw(st.lists(_pool_tags(), max_size=2, unique=True))
    keys = [k for k in keys if k != lang]
    return LocalizedText(text=draw(texts()), lang=lang,
                         translations={k: draw(texts()) for k in keys})


@functools.cache
def identity_objects() -> st.SearchStrategy[IdentityObject]:
    """Plain or hashed identity objects (a salt only when hashed)."""
    plain = st.builds(IdentityObject, identity_type=st.sampled_from(
        ["emailAddress", "studentId", "nationalIdentityNumber", "ext:memberId"]),
        identity_hash=texts(30), hashed=st.just(False), salt=st.none())
    hashed = st.builds(IdentityObject, identity_type=st.sampled_from(["emailAddress",
                                                                      "studentId"]),
                       identity_hash=st.text("0123456789abcdef", min_size=64, max_size=64)
                       .map(lambda h: f"sha256${h}"),
                       hashed=st.just(True), salt=_opt(texts(16)))
    return plain | hashed


@functools.cache
@st.composite
def learners(draw: st.DrawFn) -> Learner:
    """Learners with an id and/or identity objects."""
    ident = draw(_opt(uris()))
    ids = draw(st.lists(identity_objects(), min_size=0 if ident else 1, max_size=2))
    return Learner(id=ident, identifiers=ids, name=draw(_opt(texts())))


@functools.cache
@st.composite
def awarding_bodies(draw: st.DrawFn, co_awarding: bool = True) -> AwardingBody:
    """Awarding bodies; a region, when drawn, lies in the country. With ``co_awarding`` (the
    default) the body may name up to two co-awarding bodies (a joint micro-credential)."""
    country = draw(_opt(country_codes()))
    region = None
    if country is not None and draw(st.booleans()):
        sub = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=3))
        region = f"{country}-{sub}"
    co = draw(st.lists(awarding_bodies(co_awarding=False), max_size=2)) if co_awarding else []
    return AwardingBody(name=draw(localized_texts()), id=draw(_opt(uris())),
                        url=draw(_opt(uris())),
                        kind=draw(st.none() | st.sampled_from(list(ProviderKind))),
                        country=country, region=region,
                        regulated=draw(st.none() | st.booleans()), co_awarding_bodies=co)


@functools.cache
def alignments() -> st.SearchStrategy[Alignment]:
    """Framework alignments of a learning outcome."""
    return st.builds(Alignment, target_url=uris(), target_name=_opt(texts()),
                     framework=_opt(texts()), target_code=_opt(texts(10)))


@functools.cache
def learning_outcomes() -> st.SearchStrategy[LearningOutcome]:
    """Learning outcome statements with up to two alignments."""
    return st.builds(LearningOutcome, statement=localized_texts(),
                     alignments=st.lists(alignments(), max_size=2))


@functools.cache
def participations() -> st.SearchStrategy[Participation]:
    """Forms of participation."""
    return st.builds(Participation, mode=st.sampled_from(list(ParticipationMode)),
                     synchrony=st.none() | st.sampled_from(list(Synchrony)),
                     description=_opt(localized_texts()))


@functools.cache
@st.composite
def credit_amounts(draw: st.DrawFn, system: CreditSystem | None = None) -> CreditAmount:
    """Positive credit amounts (two decimal places) within the model's effort limit."""
    cs = system or draw(st.sampled_from(list(CREDIT_SYSTEMS)))
    low = CREDIT_SYSTEMS[cs].low
    top = (MAX_NOTIONAL_HOURS * low.denominator / low.numerator).quantize(
        Decimal("1"), rounding=ROUND_FLOOR)
    amount = draw(st.decimals(min_value=Decimal("0.01"), max_value=top, places=2,
                              allow_nan=False, allow_infinity=False))
    return CreditAmount(amount=amount, system=cs)


@functools.cache
@st.composite
def learner_efforts(draw: st.DrawFn) -> LearnerEffort:
    """Hours and/or credits (at most one amount per credit system)."""
    systems = draw(st.lists(st.sampled_from(list(CREDIT_SYSTEMS)), max_size=2, unique=True))
    hours = draw(st.none() | st.decimals(min_value=Decimal("0.5"), max_value=MAX_NOTIONAL_HOURS,
                                         places=1, allow_nan=False, allow_infinity=False))
    if hours is None and not systems:
        systems = [draw(st.sampled_from(list(CREDIT_SYSTEMS)))]
    return LearnerEffort(hours=hours, credits=[draw(credit_amounts(s)) for s in systems],
                         description=draw(_opt(localized_texts())))


@functools.cache
@st.composite
def assessments(draw: st.DrawFn) -> Assessment:
    """Assessments; ``identity_verified`` never contradicts ``supervision``."""
    sup = draw(st.none() | st.sampled_from(list(Supervision)))
    verified = (draw(st.none() | st.booleans()) if sup is None
                else draw(st.none() | st.just(sup.identity_verified)))
    return Assessment(kinds=draw(st.lists(st.sampled_from(list(AssessmentKind)), min_size=1,
                                          max_size=3, unique=True)),
                      description=draw(_opt(localized_texts())),
                      criteria=draw(_opt(localized_texts())),
                      supervision=sup, identity_verified=verified)


@functools.cache
def quality_assurances() -> st.SearchStrategy[QualityAssurance]:
    """Quality-assurance statements anywhere in the 2x2 matrix."""
    return st.builds(QualityAssurance, kind=st.sampled_from(list(QAKind)),
                     scope=st.sampled_from(list(QAScope)), body=_opt(localized_texts()),
                     reference=_opt(uris()), description=_opt(localized_texts()))


@functools.cache
@st.composite
def levels(draw: st.DrawFn, other_levels: bool = True) -> Level:
    """Levels within each framework's range; with ``other_levels`` (the default) the level
    may state its levels in up to three other frameworks (one per framework)."""
    fws = draw(st.lists(st.sampled_from(list(LevelFramework)), min_size=1,
                        max_size=4 if other_levels else 1, unique=True))

    def one(fw: LevelFramework) -> Level:
        low, high = LEVEL_RANGES[fw]
        return Level(framework=fw, value=draw(st.integers(low, high)))

    main, *others = (one(fw) for fw in fws)
    return Level(framework=main.framework, value=main.value, other_levels=others)


@functools.cache
def certifications() -> st.SearchStrategy[Certification]:
    """Certification records."""
    return st.builds(Certification, kind=st.sampled_from(list(CertificationKind)),
                     name=_opt(localized_texts()),
                     description=_opt(localized_texts()))


@functools.cache
@st.composite
def recognitions(draw: st.DrawFn) -> Recognition:
    """Credit / other recognition (academic credit always carries credits)."""
    kind = draw(st.sampled_from(list(RecognitionKind)))
    systems = draw(st.lists(st.sampled_from(list(CREDIT_SYSTEMS)), max_size=2, unique=True))
    if kind is RecognitionKind.ACADEMIC_CREDIT and not systems:
        systems = [draw(st.sampled_from(list(CREDIT_SYSTEMS)))]
    by = draw(_opt(localized_texts()))
    desc = draw(_opt(localized_texts()))
    if not systems and by is None and desc is None:
        desc = draw(localized_texts())
    return Recognition(kind=kind, credits=[draw(credit_amounts(s)) for s in systems],
                       recognized_by=by, description=desc)


@functools.cache
@st.composite
def prerequisites(draw: st.DrawFn) -> Prerequisites:
    """Prerequisites with a description and/or credential references."""
    desc = draw(_opt(localized_texts()))
    refs = draw(st.lists(uris(), min_size=0 if desc else 1, max_size=2))
    return Prerequisites(description=desc, credentials=refs)


@functools.cache
def stack_targets() -> st.SearchStrategy[StackTarget]:
    """Stacking targets with distinct pathway models."""
    return st.builds(StackTarget, name=localized_texts(), id=_opt(uris()),
                     pathways=st.lists(st.sampled_from(list(PathwayModel)), max_size=3,
                                       unique=True))


@functools.cache
@st.composite
def stackabilities(draw: st.DrawFn) -> Stackability:
    """Consistent stackability: stand-alone without targets, integrated with 1-3 targets."""
    integ = draw(st.sampled_from(list(Integration)))
    towards = ([] if integ is Integration.STAND_ALONE
               else draw(st.lists(stack_targets(), min_size=1, max_size=3)))
    return Stackability(integration=integ, towards=towards,
                        description=draw(_opt(localized_texts())))


@functools.cache
def grades() -> st.SearchStrategy[Grade]:
    """Grades achieved."""
    return st.builds(Grade, value=texts(5), scale=_opt(texts(10)),
                     description=_opt(localized_texts()))


@st.composite
def micro_credentials(draw: st.DrawFn, /, microseconds: bool = True,
                      **fixed: Any) -> MicroCredential:
    """Valid micro-credentials with any subset of descriptors filled in.

    Keyword arguments fix fields, e.g. ``micro_credentials(level=None)``.
    """
    def opt(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(_opt(strategy))

    issued = opt(aware_datetimes(microseconds))
    until = None
    if draw(st.booleans()):
        base = issued or datetime(1990, 1, 1, tzinfo=timezone.utc)
        until = base + draw(st.timedeltas(min_value=timedelta(seconds=1),
                                          max_value=timedelta(days=3650)))
        if not microseconds:
            until = until.replace(microsecond=0) + timedelta(seconds=1)
    fields: dict[str, Any] = {
        "id": opt(uris()),
        "learner": opt(learners()),
        "issue_date": issued,
        "title": opt(localized_texts()),
        "awarding_body": opt(awarding_bodies()),
        "description": opt(localized_texts()),
        "learning_outcomes": draw(st.lists(learning_outcomes(), max_size=3)),
        "participation": opt(participations()),
        "languages": draw(st.lists(_pool_tags() | language_tags(canonical=True), max_size=3,
                                   unique_by=str.lower)),
        "effort": opt(learner_efforts()),
        "assessment": opt(assessments()),
        "quality_assurance": draw(st.lists(quality_assurances(), max_size=3)),
        "level": opt(levels()),
        "certification": opt(certifications()),
        "recognition": opt(recognitions()),
        "prerequisites": opt(prerequisites()),
        "stackability": opt(stackabilities()),
        "grade": opt(grades()),
        "further_information": opt(localized_texts()),
        "valid_until": until,
    }
    fields.update(fixed)
    return MicroCredential(**fields)


@functools.cache
@st.composite
def framework_profiles(draw: st.DrawFn) -> Profile:
    """Random :class:`microcred.profiles.Profile` objects (rules for any subset of descriptors,
    optionally a minimum-effort constraint)."""
    ds = draw(st.lists(st.sampled_from(list(Descriptor)), unique=True))
    rules = {d: Rule(draw(st.sampled_from(list(Requirement))),
                     draw(st.sampled_from(["", "note"])), "", "") for d in ds}
    constraints: tuple[Constraint, ...] = ()
    if draw(st.booleans()):
        constraints = (MinimumEffort(Fraction(draw(st.integers(1, 200)))),)
    key = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=8))
    return Profile(key=key, name_en=key, name_ja=key, jurisdiction="ZZ", sources=("test",),
                   rules=rules, constraints=constraints)

# --------------------------------------------------------------------------------------------
# Open Badges 3.0 documents (defined in microcred.ob3._strategies, next to the OB3 models)
# --------------------------------------------------------------------------------------------

from .ob3._strategies import ob3_credential_documents, ob3_credentials  # noqa: E402

__all__ += ["ob3_credential_documents", "ob3_credentials"]
