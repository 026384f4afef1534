"""What a micro-credential *is*: the common descriptors as a typed model.

:class:`Descriptor` lists the 17 common descriptors of the JV-Campus/JMOOC joint working group's
table (in its order) plus the three optional extras of the EU Council Recommendation 2022/C 243/02,
Annex I. :class:`MicroCredential` holds one typed field (or sub-model) per descriptor. Every field
is optional here: whether a framework *requires* it is the business of :mod:`microcred.profiles`.

>>> from microcred import MicroCredential, Descriptor
>>> mc = MicroCredential(title={"text": "Data science basics",
...                             "translations": {"ja": "データサイエンス基礎"}})
>>> mc.has(Descriptor.TITLE), mc.has(Descriptor.LEVEL)
(True, False)
>>> mc.title.in_lang("ja")
'データサイエンス基礎'

Untrusted data goes through :meth:`MicroCredential.parse`, which raises
:class:`~microcred.InvalidDataError` naming the path of every problem:

>>> MicroCredential.parse({"languages": ["en", "x!"], "level": {"framework": "EQF", "value": 9}})
Traceback (most recent call last):
...
microcred._errors.InvalidDataError: invalid micro-credential: 2 problem(s)
  languages.1: ...
  level.value: ...
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._credits import CreditSystem, hours_per_credit
from ._errors import InvalidDataError
from ._labels import BilingualLabels, register_labels
from ._registry import RegisteredKey
from ._sources import Reference, SourceStatus

__all__ = [
    "COMMON_DESCRIPTORS",
    "EU_EXTRA_DESCRIPTORS",
    "LEVEL_RANGES",
    "MAX_NOTIONAL_HOURS",
    "Alignment",
    "Assessment",
    "AssessmentKind",
    "AwardingBody",
    "Certification",
    "CertificationKind",
    "CreditAmount",
    "Descriptor",
    "Grade",
    "IdentityObject",
    "Integration",
    "Learner",
    "LearnerEffort",
    "LearningOutcome",
    "Level",
    "LevelFramework",
    "LevelFrameworkSpec",
    "LocalizedText",
    "MicroCredential",
    "Participation",
    "ParticipationMode",
    "PathwayModel",
    "Prerequisites",
    "ProviderKind",
    "QAKind",
    "QAScope",
    "QualityAssurance",
    "Recognition",
    "RecognitionKind",
    "Side",
    "StackTarget",
    "Stackability",
    "Supervision",
    "Synchrony",
    "is_well_formed_language_tag",
    "register_level_framework",
    "unregister_level_framework",
]


# --------------------------------------------------------------------------------------------
# Descriptors
# --------------------------------------------------------------------------------------------


class Descriptor(str, enum.Enum):
    """The common descriptors of a micro-credential, in the order of the JV-Campus/JMOOC
    framework's common-descriptor table (1-17), followed by
    the optional extras of EU Council Recommendation 2022/C 243/02, Annex I (supervision and
    identity verification during assessment; grade achieved; further information).

    Each member has :attr:`number`, :attr:`label_en`, :attr:`label_ja` and :attr:`field` (the
    :class:`MicroCredential` attribute path holding it).
    """

    LEARNER_IDENTIFICATION = "learner_identification"
    DATE_OF_ISSUING = "date_of_issuing"
    TITLE = "title"
    AWARDING_BODY = "awarding_body"
    COUNTRY_REGION = "country_region"
    CONTENT = "content"
    LEARNING_OUTCOMES = "learning_outcomes"
    FORM_OF_PARTICIPATION = "form_of_participation"
    LANGUAGE = "language"
    LEARNER_EFFORT = "learner_effort"
    ASSESSMENT = "assessment"
    QUALITY_ASSURANCE = "quality_assurance"
    LEVEL = "level"
    CERTIFICATION = "certification"
    CREDIT_RECOGNITION = "credit_recognition"
    PREREQUISITES = "prerequisites"
    STACKABILITY = "stackability"
    SUPERVISION_IDENTITY_VERIFICATION = "supervision_identity_verification"
    GRADE = "grade"
    FURTHER_INFORMATION = "further_information"

    @property
    def number(self) -> int:
        """1-based position: 1-17 are the JWG table's rows, 18-20 the EU extras."""
        return _DESCRIPTOR_ORDER.index(self) + 1

    @property
    def label_en(self) -> str:
        """English label (the JWG table's wording for 1-17, the EU Annex I wording for 18-20)."""
        return _DESCRIPTOR_INFO[self][0]

    @property
    def label_ja(self) -> str:
        """Japanese label (the JWG table's wording for 1-17)."""
        return _DESCRIPTOR_INFO[self][1]

    @property
    def field(self) -> str:
        """Dotted attribute path of :class:`MicroCredential` that holds this descriptor."""
        return _DESCRIPTOR_INFO[self][2]

    @property
    def sides(self) -> frozenset[Side]:
        """Which record a descriptor belongs to: the *offering* (the advertised learning
        opportunity), the *award* (the issued credential), or both. A micro-credential has both
        aspects ("教育プログラム自体と教育プログラムの学修歴の証明という2つの側面", the talk
        presenting the JV-Campus/JMOOC framework); the Australian framework describes
        offerings, EU Annex I the issued credential."""
        return _AWARD_ONLY if self in _AWARD_ONLY_DESCRIPTORS else _BOTH_SIDES

    @property
    def is_common(self) -> bool:
        """True for the 17 common descriptors, False for the EU optional extras."""
        return self.number <= 17

    def label(self, lang: str = "en") -> str:
        """Label in ``lang`` (``"ja"`` for Japanese, anything else for English)."""
        return self.label_ja if lang.lower().startswith("ja") else self.label_en

    def __str__(self) -> str:
        return self.value


_DESCRIPTOR_INFO: dict[Descriptor, tuple[str, str, str]] = {
    # JV-Campus/JMOOC framework (2024), common-descriptor table as shown in the talk by 井上雅裕
    # (English and Japanese wording of the table)
    Descriptor.LEARNER_IDENTIFICATION: (
        "Identification of the learner", "学習者を識別する情報", "learner"),
    Descriptor.DATE_OF_ISSUING: ("Date of issuing", "発行日", "issue_date"),
    Descriptor.TITLE: ("Title of the micro-credential", "マイクロクレデンシャル名称", "title"),
    Descriptor.AWARDING_BODY: ("Awarding body", "発行機関", "awarding_body"),
    Descriptor.COUNTRY_REGION: (
        "Country/Region of the issuer", "発行国／地域", "awarding_body.country"),
    Descriptor.CONTENT: ("Content / Description", "内容", "description"),
    Descriptor.LEARNING_OUTCOMES: ("Learning outcomes", "学修成果", "learning_outcomes"),
    Descriptor.FORM_OF_PARTICIPATION: ("Form of participation", "授業の方法", "participation"),
    Descriptor.LANGUAGE: ("Language", "授業言語", "languages"),
    Descriptor.LEARNER_EFFORT: ("Learner effort", "学習量（総学習時間）", "effort"),
    Descriptor.ASSESSMENT: ("Type of assessment", "評価の方法", "assessment"),
    Descriptor.QUALITY_ASSURANCE: ("Type of quality assurance", "質保証", "quality_assurance"),
    Descriptor.LEVEL: ("Level", "レベル", "level"),
    Descriptor.CERTIFICATION: ("Certification", "証明", "certification"),
    Descriptor.CREDIT_RECOGNITION: (
        "Credit / other recognition", "単位/その他の認定", "recognition"),
    Descriptor.PREREQUISITES: (
        "Prerequisites needed to enrol", "（受講）前提条件", "prerequisites"),
    Descriptor.STACKABILITY: ("Stackability", "積み上げ可能性", "stackability"),
    # EU 2022/C 243/02 Annex I optional elements (elements O2, O3, O5);
    # the Japanese labels are microcred's translations.
    Descriptor.SUPERVISION_IDENTITY_VERIFICATION: (
        "Supervision and identity verification during assessment",
        "評価時の監督と本人確認", "assessment.supervision"),
    Descriptor.GRADE: ("Grade achieved", "取得成績", "grade"),
    Descriptor.FURTHER_INFORMATION: ("Further information", "その他の情報", "further_information"),
}

class Side(str, enum.Enum):
    """The two aspects of a micro-credential: the offering and the award."""

    OFFERING = "offering"
    AWARD = "award"

    @property
    def label_en(self) -> str:
        """English label."""
        return {"offering": "Offering (the advertised learning opportunity)",
                "award": "Award (the issued credential)"}[self.value]

    @property
    def label_ja(self) -> str:
        """Japanese label."""
        return {"offering": "教育プログラム（提供・公表される内容）",
                "award": "学修歴の証明（発行される証明）"}[self.value]

    def label(self, lang: str = "en") -> str:
        """Label in ``lang``."""
        return self.label_ja if lang.lower().startswith("ja") else self.label_en


_BOTH_SIDES = frozenset({Side.OFFERING, Side.AWARD})
_AWARD_ONLY = frozenset({Side.AWARD})
# Facts about one learner's achievement exist only once it is awarded.
_AWARD_ONLY_DESCRIPTORS = frozenset({
    Descriptor.LEARNER_IDENTIFICATION, Descriptor.DATE_OF_ISSUING, Descriptor.GRADE})

_DESCRIPTOR_ORDER: tuple[Descriptor, ...] = tuple(Descriptor)

COMMON_DESCRIPTORS: tuple[Descriptor, ...] = _DESCRIPTOR_ORDER[:17]
"""The 17 common descriptors, in the order of the JV-Campus/JMOOC framework's table."""

EU_EXTRA_DESCRIPTORS: tuple[Descriptor, ...] = _DESCRIPTOR_ORDER[17:]
"""The three optional extras of EU Annex I that are not among the 17 common descriptors."""


# --------------------------------------------------------------------------------------------
# Validated string types
# --------------------------------------------------------------------------------------------

# RFC 5646 §2.1 ABNF, well-formedness only (no registry look-up).
_ALPHA = "[A-Za-z]"
_ALNUM = "[A-Za-z0-9]"
_LANGTAG = re.compile(
    rf"""^(?:
      (?P<language>{_ALPHA}{{2,3}}(?:-{_ALPHA}{{3}}){{0,3}}|{_ALPHA}{{4}}|{_ALPHA}{{5,8}})
      (?P<script>-{_ALPHA}{{4}})?
      (?P<region>-(?:{_ALPHA}{{2}}|[0-9]{{3}}))?
      (?P<variants>(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*)
      (?P<extensions>(?:-[0-9A-WY-Za-wy-z](?:-{_ALNUM}{{2,8}})+)*)
      (?P<privateuse>-[Xx](?:-{_ALNUM}{{1,8}})+)?
    |
      [Xx](?:-{_ALNUM}{{1,8}})+
    )\Z""",
    re.VERBOSE,
)
# RFC 5646 §2.2.8 grandfathered tags (irregular and regular), matched case-insensitively.
_GRANDFATHERED = frozenset(
    t.lower()
    for t in [
        "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
        "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL",
        "sgn-CH-DE", "art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka",
        "zh-min", "zh-min-nan", "zh-xiang",
    ]
)


def is_well_formed_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 (RFC 5646) language tag.

    Checks the RFC 5646 syntax, and two validity rules that need no registry: no repeated
    variant and no repeated extension singleton (§2.2.5, §2.2.6). It does not look subtags up
    in the IANA registry.

    >>> is_well_formed_language_tag("ja"), is_well_formed_language_tag("zh-Hant-TW")
    (True, True)
    >>> is_well_formed_language_tag("en_US"), is_well_formed_language_tag("de-DE-1996-1996")
    (False, False)
    """
    if not isinstance(tag, str) or not tag.isascii():
        return False
    if tag.lower() in _GRANDFATHERED:
        return True
    m = _LANGTAG.match(tag)
    if m is None:
        return False
    variants = [v.lower() for v in (m.group("variants") or "").split("-") if v]
    if len(variants) != len(set(variants)):
        return False
    ext = m.group("extensions") or ""
    singletons = [p.lower() for p in ext.split("-") if len(p) == 1]
    return len(singletons) == len(set(singletons))


def _canonical_case(tag: str) -> str:
    """RFC 5646 §2.1.1 case conventions: language lower, script title, region upper; everything
    after a singleton (extensions, private use) lower."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    after_singleton = len(parts[0]) == 1  # a private-use tag "x-..."
    for p in parts[1:]:
        if after_singleton or len(p) == 1:
            out.append(p.lower())
            after_singleton = True
        elif len(p) == 2:
            out.append(p.upper())
        elif len(p) == 4 and p.isalpha():
            out.append(p.title())
        else:
            out.append(p.lower())
    return "-".join(out)


def _check_language_tag(value: str) -> str:
    if not is_well_formed_language_tag(value):
        raise PydanticCustomError(
            "bcp47",
            "'{tag}' is not a well-formed BCP 47 language tag / BCP 47 言語タグとして不正です",
            {"tag": value},
        )
    if value.lower() in _GRANDFATHERED:
        return value
    return _canonical_case(value)


LanguageTag = Annotated[str, AfterValidator(_check_language_tag)]
"""A well-formed BCP 47 language tag, normalised to RFC 5646 case conventions."""


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "text must not be empty / 空の文字列は不可です")
    return value


Text = Annotated[str, AfterValidator(_check_text)]
"""Non-blank text."""

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+\Z")


def _check_uri(value: str) -> str:
    if not _URI.match(value):
        raise PydanticCustomError(
            "uri",
            "'{value}' is not an absolute URI (RFC 3986), e.g. https://... or did:... "
            "/ 絶対URIではありません",
            {"value": value},
        )
    return value


Uri = Annotated[str, AfterValidator(_check_uri)]
"""An absolute URI (RFC 3986 shape): ``https://...``, ``did:...``, ``urn:...``."""

_COUNTRY = re.compile(r"^[A-Z]{2}\Z")
_SUBDIVISION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}\Z")


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def _check_country(value: str) -> str:
    if not _COUNTRY.match(value):
        raise PydanticCustomError(
            "iso3166_1",
            "'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. JP) "
            "/ ISO 3166-1 alpha-2 の国コードではありません",
            {"value": value},
        )
    return value


def _check_subdivision(value: str) -> str:
    if not _SUBDIVISION.match(value):
        raise PydanticCustomError(
            "iso3166_2",
            "'{value}' is not an ISO 3166-2 subdivision code (e.g. JP-13) "
            "/ ISO 3166-2 の地域コードではありません",
            {"value": value},
        )
    return value


CountryCode = Annotated[str, BeforeValidator(_upper), AfterValidator(_check_country)]
SubdivisionCode = Annotated[str, BeforeValidator(_upper), AfterValidator(_check_subdivision)]


_Labelled = BilingualLabels


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


# --------------------------------------------------------------------------------------------
# Sub-models
# --------------------------------------------------------------------------------------------


class LocalizedText(_Base):
    """Text with its language and optional translations keyed by BCP 47 tag.

    A plain string is accepted wherever a ``LocalizedText`` is expected.

    >>> t = LocalizedText(text="Data science", lang="en", translations={"ja": "データサイエンス"})
    >>> t.in_lang("ja"), t.in_lang("ja-JP"), t.in_lang("fr")
    ('データサイエンス', 'データサイエンス', 'Data science')
    """

    text: Text
    lang: LanguageTag | None = None
    translations: dict[LanguageTag, Text] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"text": data} if isinstance(data, str) else data

    @field_validator("translations", mode="before")
    @classmethod
    def _no_case_duplicates(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            seen = [k.lower() for k in value if isinstance(k, str)]
            if len(seen) != len(set(seen)):
                raise PydanticCustomError(
                    "duplicate", "language tags repeat (tags are case-insensitive) "
                    "/ 言語タグが重複しています")
        return value

    @field_validator("translations")
    @classmethod
    def _no_clash(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        lang = info.data.get("lang")
        if lang is not None and lang in value:
            raise PydanticCustomError(
                "translation_clash",
                "translation for '{lang}' repeats the main text's language "
                "/ 本文と同じ言語の翻訳があります",
                {"lang": lang},
            )
        return value

    def in_lang(self, lang: str) -> str:
        """The text in ``lang`` (exact tag, then primary language), else the main text."""
        want = lang.lower()
        if self.lang is not None and self.lang.lower() == want:
            return self.text
        for tag, text in self.translations.items():
            if tag.lower() == want:
                return text
        primary = want.split("-")[0]
        if self.lang is not None and self.lang.lower().split("-")[0] == primary:
            return self.text
        for tag, text in self.translations.items():
            if tag.lower().split("-")[0] == primary:
                return text
        return self.text

    @property
    def languages(self) -> tuple[str, ...]:
        """Tags for which text is available (the main language first, when known)."""
        head = (self.lang,) if self.lang is not None else ()
        return head + tuple(self.translations)

    def __str__(self) -> str:
        return self.text


class IdentityObject(_Base):
    """A (possibly hashed) learner identifier, as in Open Badges 3.0 ``IdentityObject``.

    ``identity_type`` is e.g. ``emailAddress`` or ``studentId``; ``identity_hash`` is the value,
    or ``sha256$<hex>`` when ``hashed`` (with the ``salt`` used, if any).
    """

    identity_type: Text
    identity_hash: Text
    hashed: bool = False
    salt: str | None = None

    @field_validator("salt")
    @classmethod
    def _salt_needs_hash(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("hashed") is False:
            raise PydanticCustomError(
                "salt_without_hash", "a salt only makes sense for a hashed identity "
                "/ ハッシュ化されていない識別子にソルトは不要です")
        return value


class Learner(_Base):
    """Identification of the learner: a URI/DID and/or identity objects, and a name."""

    id: Uri | None = None
    identifiers: list[IdentityObject] = Field(default_factory=list)
    name: Text | None = None

    @model_validator(mode="after")
    def _identified(self) -> Learner:
        if self.id is None and not self.identifiers:
            raise PydanticCustomError(
                "learner_unidentified",
                "a learner needs an id (URI/DID) or at least one identifier "
                "/ 学習者には id（URI/DID）か識別子が必要です")
        return self


class ProviderKind(_Labelled, str, enum.Enum):
    """Kind of awarding body (the talk by 井上雅裕, 2024: micro-credentials are also offered by
    academic societies
    and private providers, 履修証明 only by higher-education institutions)."""

    HIGHER_EDUCATION = "higher_education"
    VOCATIONAL = "vocational"
    ACADEMIC_SOCIETY = "academic_society"
    PROFESSIONAL_BODY = "professional_body"
    PRIVATE_PROVIDER = "private_provider"
    EMPLOYER = "employer"
    PUBLIC_AUTHORITY = "public_authority"
    OTHER = "other"


class AwardingBody(_Base):
    """The awarding body, with its country (ISO 3166-1 alpha-2) and region (ISO 3166-2)."""

    name: LocalizedText
    id: Uri | None = None
    url: Uri | None = None
    kind: ProviderKind | None = None
    country: CountryCode | None = None
    region: SubdivisionCode | None = None
    regulated: bool | None = None
    """Whether the body is a provider regulated by its country's education regulator (e.g. a
    TEQSA- or ASQA-registered provider in Australia). Unknown when ``None``."""
    co_awarding_bodies: list[AwardingBody] = Field(default_factory=list)
    """Further awarding bodies of a joint micro-credential, e.g. a European Universities
    alliance (EU Annex I: "Awarding body(ies)", "Country(ies)/Region(s) of the issuer"); this
    body is the lead one. Co-awarding bodies name no co-awarding bodies themselves."""

    @field_validator("co_awarding_bodies")
    @classmethod
    def _flat(cls, value: list[AwardingBody]) -> list[AwardingBody]:
        if any(b.co_awarding_bodies for b in value):
            raise PydanticCustomError(
                "nested_co_awarding", "co-awarding bodies are listed once, on the lead body "
                "/ 共同発行機関は主たる発行機関にまとめて記載します")
        return value

    @field_validator("region")
    @classmethod
    def _region_in_country(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        country = info.data.get("country")
        if country is None:
            raise PydanticCustomError(
                "region_without_country", "a region needs the country too "
                "/ 地域を指定する場合は国も必要です")
        if value[:2] != country:
            raise PydanticCustomError(
                "region_country_mismatch",
                "region '{region}' is not in country '{country}' "
                "/ 地域コードが国コードと一致しません",
                {"region": value, "country": country})
        return value


class Alignment(_Base):
    """Alignment of a learning outcome to a skill or competency framework item."""

    target_url: Uri
    target_name: Text | None = None
    framework: Text | None = None
    target_code: Text | None = None


class LearningOutcome(_Base):
    """A learning outcome statement, optionally aligned to framework items."""

    statement: LocalizedText
    alignments: list[Alignment] = Field(default_factory=list)


class ParticipationMode(_Labelled, str, enum.Enum):
    """Form of participation (EU consultation-group examples: online, onsite or blended,
    work experience)."""

    ONLINE = "online"
    IN_PERSON = "in_person"
    BLENDED = "blended"
    WORK_BASED = "work_based"


class Synchrony(_Labelled, str, enum.Enum):
    """Whether participation is synchronous."""

    SYNCHRONOUS = "synchronous"
    ASYNCHRONOUS = "asynchronous"
    MIXED = "mixed"


class Participation(_Base):
    """Form of participation in the learning activity."""

    mode: ParticipationMode
    synchrony: Synchrony | None = None
    description: LocalizedText | None = None


MAX_NUMBER_CHARS = 40
"""Longest decimal string accepted for an amount of hours or credits (before any conversion)."""

MAX_DECIMAL_PLACES = 6
"""Most decimal places an amount of hours or credits may have (after trailing zeros are dropped)."""

MAX_NUMBER_MAGNITUDE = 15
"""Largest decimal exponent (``Decimal.adjusted()``) an amount may have: at most 10**15."""


def _bound_number_input(value: Any) -> Any:
    """Refuse oversized input before it becomes a ``Decimal`` (issue 11, finding 9).

    A huge integer or an overlong string would make the exact conversion itself expensive.
    """
    if isinstance(value, str) and len(value) > MAX_NUMBER_CHARS:
        raise PydanticCustomError(
            "number_too_long",
            "a number of more than {limit} characters is not accepted "
            "/ {limit} 文字を超える数値は受け付けません",
            {"limit": MAX_NUMBER_CHARS})
    if isinstance(value, int) and not isinstance(value, bool) and (
            value.bit_length() > 60 or abs(value) > 10**MAX_NUMBER_MAGNITUDE):
        raise PydanticCustomError(
            "number_too_large",
            "a number above 10^{limit} is not accepted / 10^{limit} を超える数値は受け付けません",
            {"limit": MAX_NUMBER_MAGNITUDE})
    return value


def _bound_decimal(value: Decimal) -> Decimal:
    """Bound digits and exponent of a finite ``Decimal`` *before* any exact (``Fraction``)
    conversion: ``1e10000000`` would otherwise cost tens of seconds (issue 11, finding 9)."""
    if not value.is_finite():
        return value  # rejected by allow_inf_nan=False
    if value and value.adjusted() > MAX_NUMBER_MAGNITUDE:
        raise PydanticCustomError(
            "number_too_large",
            "a number above 10^{limit} is not accepted / 10^{limit} を超える数値は受け付けません",
            {"limit": MAX_NUMBER_MAGNITUDE})
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - finite values have int exponents
        return value
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0")) if value else 0
    places = -(exponent + trailing)
    if places > MAX_DECIMAL_PLACES:
        raise PydanticCustomError(
            "number_too_precise",
            "at most {limit} decimal places are accepted / 小数点以下は {limit} 桁までです",
            {"limit": MAX_DECIMAL_PLACES})
    return value


MAX_NOTIONAL_HOURS = Decimal(10000)
"""Upper bound on learner effort (hours, or credits converted to hours at the low end of their
range). A full-time year is 1,500-1,800 h (ECTS Users' Guide); anything above 10,000 h is not a
micro-credential and is treated as a data error."""

PositiveAmount = Annotated[Decimal, BeforeValidator(_bound_number_input),
                           Field(gt=0, allow_inf_nan=False), AfterValidator(_bound_decimal)]
"""A positive decimal amount with bounded digits and exponent (checked before conversion)."""

Hours = Annotated[Decimal, BeforeValidator(_bound_number_input),
                  Field(gt=0, le=MAX_NOTIONAL_HOURS, allow_inf_nan=False),
                  AfterValidator(_bound_decimal)]
"""Positive hours up to :data:`MAX_NOTIONAL_HOURS`, bounded like :data:`PositiveAmount`."""


class CreditAmount(_Base):
    """An amount of credits in a named :class:`~microcred.CreditSystem`."""

    amount: PositiveAmount
    system: CreditSystem

    @model_validator(mode="after")
    def _not_absurd(self) -> CreditAmount:
        if self.system.hours is None:  # no sourced hours per credit: nothing to bound by
            return self
        hours = Fraction(self.amount) * hours_per_credit(self.system).low
        if hours > MAX_NOTIONAL_HOURS:
            raise PydanticCustomError(
                "absurd_effort",
                "{amount} {system} is at least {hours} h, above the {limit} h limit "
                "/ 学習量が大きすぎます",
                {"amount": str(self.amount), "system": self.system.value,
                 "hours": str(float(hours)), "limit": str(MAX_NOTIONAL_HOURS)})
        return self

    def hours(self) -> tuple[Fraction, Fraction]:
        """Inclusive interval of notional hours these credits stand for (from 0 to
        :data:`MAX_NOTIONAL_HOURS` when the system has no sourced hours per credit)."""
        if self.system.hours is None:
            return Fraction(0), Fraction(MAX_NOTIONAL_HOURS)
        rng = hours_per_credit(self.system)
        amount = Fraction(self.amount)
        return amount * rng.low, amount * rng.high


class LearnerEffort(_Base):
    """Learner effort: notional learning hours and/or credits (at least one)."""

    hours: Hours | None = None
    credits: list[CreditAmount] = Field(default_factory=list)
    description: LocalizedText | None = None
    contact_hours: Hours | None = None
    """Hours of instruction (授業時間, contact or guided learning hours), beside the notional
    hours of the whole learner effort. They are part of it, so never more than it."""

    @model_validator(mode="after")
    def _something(self) -> LearnerEffort:
        if self.hours is None and not self.credits and self.contact_hours is None:
            raise PydanticCustomError(
                "effort_empty", "learner effort needs hours, contact hours or credits "
                "/ 学習量には時間数、授業時間数または単位数が必要です")
        if self.contact_hours is not None and (self.hours is not None or self.credits):
            top = (Fraction(self.hours) if self.hours is not None
                   else max(c.hours()[1] for c in self.credits))
            if Fraction(self.contact_hours) > top:
                raise PydanticCustomError(
                    "contact_exceeds_notional",
                    "contact hours ({contact}) exceed the notional hours of the whole effort "
                    "(at most {top}) / 授業時間数が総学習時間を超えています",
                    {"contact": str(self.contact_hours), "top": str(float(top))})
        systems = [c.system for c in self.credits]
        if len(systems) != len(set(systems)):
            raise PydanticCustomError(
                "duplicate_credit_system", "each credit system may appear once "
                "/ 同じ単位制度が重複しています")
        return self

    def hours_interval(self) -> tuple[Fraction, Fraction]:
        """Notional hours as an inclusive interval.

        The stated hours when given (exact); otherwise the smallest interval covering every
        stated credit amount converted with :func:`~microcred.hours_per_credit`, raised to the
        contact hours when those are stated (notional hours include them); with contact hours
        alone, from them up to :data:`MAX_NOTIONAL_HOURS`.
        """
        if self.hours is not None:
            h = Fraction(self.hours)
            return h, h
        contact = Fraction(self.contact_hours) if self.contact_hours is not None else None
        if not self.credits:
            assert contact is not None  # the validator requires something
            return contact, Fraction(MAX_NOTIONAL_HOURS)
        spans = [c.hours() for c in self.credits]
        low, high = min(s[0] for s in spans), max(s[1] for s in spans)
        return (low if contact is None else max(low, contact)), high

    def contact_interval(self) -> tuple[Fraction, Fraction]:
        """Contact hours as an inclusive interval: exact when stated, otherwise between 0 and
        the notional hours (instruction is part of the whole effort)."""
        if self.contact_hours is not None:
            c = Fraction(self.contact_hours)
            return c, c
        return Fraction(0), self.hours_interval()[1]


class AssessmentKind(_Labelled, str, enum.Enum):
    """Type of assessment (the EU consultation group's example list plus project/other)."""

    TESTING = "testing"
    APPLICATION_OF_SKILL = "application_of_skill"
    PORTFOLIO = "portfolio"
    PROJECT = "project"
    RECOGNITION_OF_PRIOR_LEARNING = "recognition_of_prior_learning"
    OTHER = "other"


class Supervision(_Labelled, str, enum.Enum):
    """EU Annex I optional element "Supervision and identity verification during assessment",
    with the values enumerated in the Recommendation (element O2)."""

    UNSUPERVISED_NO_ID = "unsupervised_no_identity_verification"
    SUPERVISED_NO_ID = "supervised_no_identity_verification"
    SUPERVISED_ONLINE_WITH_ID = "supervised_online_with_identity_verification"
    SUPERVISED_ONSITE_WITH_ID = "supervised_onsite_with_identity_verification"

    @property
    def identity_verified(self) -> bool:
        """Whether this value includes identity verification."""
        return self in (Supervision.SUPERVISED_ONLINE_WITH_ID,
                        Supervision.SUPERVISED_ONSITE_WITH_ID)


class Assessment(_Base):
    """Type of assessment: kinds, the standards (criteria) it applies, supervision and identity
    verification."""

    kinds: list[AssessmentKind] = Field(min_length=1)
    description: LocalizedText | None = None
    criteria: LocalizedText | None = None
    supervision: Supervision | None = None
    identity_verified: bool | None = None

    @field_validator("kinds")
    @classmethod
    def _unique_kinds(cls, value: list[AssessmentKind]) -> list[AssessmentKind]:
        if len(value) != len(set(value)):
            raise PydanticCustomError("duplicate",
                                      "assessment kinds repeat / 評価方法が重複しています")
        return value

    @field_validator("identity_verified")
    @classmethod
    def _consistent(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        sup = info.data.get("supervision")
        if value is not None and isinstance(sup, Supervision) and sup.identity_verified != value:
            raise PydanticCustomError(
                "supervision_contradiction",
                "identity_verified={value} contradicts supervision '{sup}' "
                "/ 本人確認の有無が監督方法と矛盾します",
                {"value": value, "sup": sup.value})
        return value


class QAKind(_Labelled, str, enum.Enum):
    """Internal (self-assessment) or external (third-party) quality assurance (the JWG QA
    matrix)."""

    INTERNAL = "internal"
    EXTERNAL = "external"


class QAScope(_Labelled, str, enum.Enum):
    """What is quality-assured: the institution or the individual programme (the JWG QA
    matrix)."""

    INSTITUTION = "institution"
    PROGRAMME = "programme"


class QualityAssurance(_Base):
    """One quality-assurance statement, placed in the JWG's 2x2 QA matrix (kind x scope)."""

    kind: QAKind
    scope: QAScope
    body: LocalizedText | None = None
    reference: Uri | None = None
    description: LocalizedText | None = None


# Level frameworks are registrable data: a key, names, an inclusive range and a cited source.

_EQF_REC = Reference(
    "Council Recommendation of 22 May 2017 on the European Qualifications Framework for lifelong "
    "learning (2017/C 189/03)", "Council of the European Union", "2017-05-22",
    "Annex II (eight levels)",
    "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32017H0615(01)",
    SourceStatus.SECONDARY,
    via="ELM v3 concept scheme http://data.europa.eu/snb/eqf/25831c2 (values eqf/1 to eqf/8)")
_FRAMEWORK_SOURCES: dict[str, Reference] = {
    "EQF": _EQF_REC,
    "QF-EHEA": Reference(
        "A Framework for Qualifications of the European Higher Education Area",
        "Bologna Working Group on Qualifications Frameworks", "2005",
        "three cycles (first, second, third); the short cycle is not modelled",
        "https://www.ehea.info/page-qualification-frameworks", SourceStatus.UNVERIFIED),
    "AQF": Reference(
        "Australian Qualifications Framework, Second Edition", "Australian Qualifications "
        "Framework Council", "2013-01", "levels 1-10", "https://www.aqf.edu.au/",
        SourceStatus.SECONDARY, via="ASQA, Volume of learning, https://asqa.gov.au/node/6287"),
    "MQF": Reference(
        "Malaysian Qualifications Framework, 2nd edition", "Malaysian Qualifications Agency",
        "2017", "eight levels", "https://www2.mqa.gov.my/", SourceStatus.SECONDARY,
        via="MQA Programme Standards (levels 3 to 8)"),
    "NZQF": Reference(
        "New Zealand Qualifications and Credentials Framework", "New Zealand Qualifications "
        "Authority", "2022", "ten levels", "https://www2.nzqa.govt.nz/",
        SourceStatus.UNVERIFIED),
    "SCQF": Reference(
        "Scottish Credit and Qualifications Framework", "SCQF Partnership", "2019",
        "twelve levels", "https://scqf.org.uk/", SourceStatus.UNVERIFIED),
    "FHEQ": Reference(
        "The Frameworks for Higher Education Qualifications of UK Degree-Awarding Bodies",
        "QAA", "2014", "FHEQ levels 4-8 (England, Wales, Northern Ireland)",
        "https://www.qaa.ac.uk/", SourceStatus.UNVERIFIED),
    "NFQ-IE": Reference(
        "National Framework of Qualifications (Ireland)", "Quality and Qualifications Ireland",
        "2003", "ten levels", "https://www.qqi.ie/", SourceStatus.UNVERIFIED),
    "AQRF": Reference(
        "ASEAN Qualifications Reference Framework", "ASEAN", "2014", "eight levels",
        "https://asean.org/", SourceStatus.UNVERIFIED),
}


@dataclass(frozen=True)
class LevelFrameworkSpec:
    """Data of one level framework: key, names, inclusive level range, source."""

    key: str
    name_en: str
    name_ja: str
    low: int
    high: int
    source: Reference

    def __post_init__(self) -> None:
        if not _FRAMEWORK_KEY.match(self.key):
            raise InvalidDataError(
                f"level framework key {self.key!r} must be 2-16 upper-case letters, digits or "
                "hyphens / 枠組みのキーが不正です")
        if not self.low <= self.high:
            raise InvalidDataError(f"level framework {self.key}: low > high / 範囲が不正です")


_FRAMEWORK_KEY = re.compile(r"^[A-Z][A-Z0-9-]{1,15}\Z")
_LEVEL_FRAMEWORKS: dict[str, LevelFramework] = {}
_LEVEL_SPECS: dict[str, LevelFrameworkSpec] = {}


class LevelFramework(RegisteredKey):
    """A qualifications framework whose levels the model validates: an *open* set.

    It behaves like a string enum (``LevelFramework.EQF == "EQF"``, ``.value``, iteration,
    ``LevelFramework("MQF")``), but new frameworks are registered as data with
    :func:`register_level_framework` (name, range, source). Built-in: EQF, QF-EHEA, AQF, MQF,
    NZQF, SCQF, FHEQ, NFQ-IE and AQRF, each with its cited source.  (The same registry base
    as :class:`~microcred.CreditSystem`.)

    >>> LevelFramework("MQF") is LevelFramework.MQF, LevelFramework.EQF.range
    (True, (1, 8))
    """

    _what: ClassVar[tuple[str, str, str]] = ("level framework", "レベル枠組み",
                                             "level_framework")

    EQF: ClassVar[LevelFramework]
    QF_EHEA: ClassVar[LevelFramework]
    AQF: ClassVar[LevelFramework]
    MQF: ClassVar[LevelFramework]
    NZQF: ClassVar[LevelFramework]
    SCQF: ClassVar[LevelFramework]
    FHEQ: ClassVar[LevelFramework]
    NFQ_IE: ClassVar[LevelFramework]
    AQRF: ClassVar[LevelFramework]

    @classmethod
    def _members(cls) -> dict[str, LevelFramework]:
        return _LEVEL_FRAMEWORKS

    @classmethod
    def _lookup(cls, key: str) -> LevelFramework | None:
        return _LEVEL_FRAMEWORKS.get(key) or _LEVEL_FRAMEWORKS.get(key.upper())

    @property
    def _data(self) -> LevelFrameworkSpec:
        return self.spec

    @property
    def spec(self) -> LevelFrameworkSpec:
        """The registered data."""
        return _LEVEL_SPECS[self.value]

    @property
    def range(self) -> tuple[int, int]:
        """Inclusive level range."""
        return self.spec.low, self.spec.high

    @property
    def source(self) -> Reference:
        """Where the range comes from."""
        return self.spec.source


def register_level_framework(spec: LevelFrameworkSpec, *, replace: bool = False
                             ) -> LevelFramework:
    """Register a level framework (or, with ``replace=True``, update a registered one).

    >>> fw = register_level_framework(LevelFrameworkSpec(
    ...     "XQF", "Example QF", "例示枠組み", 1, 4,
    ...     Reference("Example QF", "Example body", "2025")))
    >>> Level(framework="XQF", value=4).framework is fw
    True
    >>> unregister_level_framework("XQF")
    """
    if not isinstance(spec, LevelFrameworkSpec):
        raise TypeError("register_level_framework() needs a LevelFrameworkSpec")
    return LevelFramework._register(spec, _LEVEL_SPECS, replace)


def unregister_level_framework(key: str) -> None:
    """Remove a framework registered with :func:`register_level_framework` (built-ins stay)."""
    LevelFramework._unregister(key, _LEVEL_SPECS, _BUILTIN_FRAMEWORKS_KEYS)


_BUILTIN_FRAMEWORKS: tuple[tuple[str, str, str, int, int], ...] = (
    ("EQF", "European Qualifications Framework", "欧州資格枠組み（EQF）", 1, 8),
    ("AQF", "Australian Qualifications Framework", "オーストラリア資格枠組み（AQF）", 1, 10),
    ("MQF", "Malaysian Qualifications Framework", "マレーシア資格枠組み（MQF）", 1, 8),
    ("QF-EHEA", "Qualifications Framework of the European Higher Education Area (cycles)",
     "欧州高等教育圏資格枠組み（QF-EHEA、課程段階）", 1, 3),
    ("NZQF", "New Zealand Qualifications and Credentials Framework",
     "ニュージーランド資格・クレデンシャル枠組み（NZQCF）", 1, 10),
    ("SCQF", "Scottish Credit and Qualifications Framework",
     "スコットランド単位・資格枠組み（SCQF）", 1, 12),
    ("FHEQ", "Framework for Higher Education Qualifications (England, Wales, Northern Ireland)",
     "英国高等教育資格枠組み（FHEQ）", 4, 8),
    ("NFQ-IE", "National Framework of Qualifications (Ireland)",
     "アイルランド国家資格枠組み（NFQ）", 1, 10),
    ("AQRF", "ASEAN Qualifications Reference Framework", "ASEAN資格参照枠組み（AQRF）", 1, 8),
)
for _key, _en, _ja, _low, _high in _BUILTIN_FRAMEWORKS:
    setattr(LevelFramework, _key.replace("-", "_"), register_level_framework(
        LevelFrameworkSpec(_key, _en, _ja, _low, _high, _FRAMEWORK_SOURCES[_key])))
_BUILTIN_FRAMEWORKS_KEYS = frozenset(k for k, *_ in _BUILTIN_FRAMEWORKS)


class _LevelRanges(Mapping[LevelFramework, tuple[int, int]]):
    """Live read-only view: framework -> inclusive range (follows the registry)."""

    def __getitem__(self, key: LevelFramework | str) -> tuple[int, int]:
        try:
            return LevelFramework(key).range
        except ValueError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[LevelFramework]:
        return iter(LevelFramework)

    def __len__(self) -> int:
        return len(_LEVEL_FRAMEWORKS)


LEVEL_RANGES: Mapping[LevelFramework, tuple[int, int]] = _LevelRanges()
"""Inclusive level range per registered framework (a live view of the registry)."""


class Level(_Base):
    """Level of the learning experience in a qualifications framework, with its levels in
    other frameworks (EQF and a national framework, MQF and AQRF, ...): one per framework."""

    framework: LevelFramework
    value: int
    other_levels: list[Level] = Field(default_factory=list)

    @field_validator("other_levels")
    @classmethod
    def _one_per_framework(cls, value: list[Level], info: ValidationInfo) -> list[Level]:
        if any(lv.other_levels for lv in value):
            raise PydanticCustomError(
                "nested_other_levels", "other levels are listed once, on the main level "
                "/ 追加のレベルは主たるレベルにまとめて記載します")
        fws = [info.data.get("framework"), *(lv.framework for lv in value)]
        if len(fws) != len(set(fws)):
            raise PydanticCustomError(
                "duplicate_level_framework", "one level per framework "
                "/ 同じ枠組みのレベルが重複しています")
        return value

    @field_validator("value", mode="after")
    @classmethod
    def _in_range(cls, value: int, info: ValidationInfo) -> int:
        fw = info.data.get("framework")
        if isinstance(fw, LevelFramework):
            low, high = LEVEL_RANGES[fw]
            if not low <= value <= high:
                raise PydanticCustomError(
                    "level_out_of_range",
                    "{fw} levels run from {low} to {high}, not {value} "
                    "/ レベルが範囲外です",
                    {"fw": fw.value, "low": low, "high": high, "value": value})
        return value


class CertificationKind(_Labelled, str, enum.Enum):
    """How the achievement is certified."""

    DIGITAL_BADGE = "digital_badge"
    DIGITAL_CERTIFICATE = "digital_certificate"
    PAPER_CERTIFICATE = "paper_certificate"
    TRANSCRIPT = "transcript"


class Certification(_Base):
    """Certification: what record is issued (e.g. an Open Badge, a 履修証明書)."""

    kind: CertificationKind
    name: LocalizedText | None = None
    description: LocalizedText | None = None


class RecognitionKind(_Labelled, str, enum.Enum):
    """Kind of credit or other recognition."""

    ACADEMIC_CREDIT = "academic_credit"
    INDUSTRY = "industry"
    PROFESSIONAL = "professional"
    OTHER = "other"


class Recognition(_Base):
    """Credit / other recognition: credits awarded and/or recognition by another body."""

    kind: RecognitionKind = RecognitionKind.ACADEMIC_CREDIT
    credits: list[CreditAmount] = Field(default_factory=list)
    recognized_by: LocalizedText | None = None
    description: LocalizedText | None = None

    @model_validator(mode="after")
    def _something(self) -> Recognition:
        if self.kind is RecognitionKind.ACADEMIC_CREDIT and not self.credits:
            raise PydanticCustomError(
                "credit_without_amount", "academic credit recognition needs credits "
                "/ 単位認定には単位数が必要です")
        if not self.credits and self.description is None and self.recognized_by is None:
            raise PydanticCustomError(
                "recognition_empty", "recognition needs credits, a recognising body or a "
                "description / 認定の内容がありません")
        return self


class Prerequisites(_Base):
    """Prerequisites needed to enrol: text and/or references to other credentials."""

    description: LocalizedText | None = None
    credentials: list[Uri] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something(self) -> Prerequisites:
        if self.description is None and not self.credentials:
            raise PydanticCustomError(
                "prerequisites_empty", "prerequisites need a description or credential "
                "references / 前提条件の内容がありません")
        return self


class Integration(_Labelled, str, enum.Enum):
    """EU Annex I integration/stackability options (element O4)."""

    STAND_ALONE = "stand_alone"
    INTEGRATED = "integrated"


class PathwayModel(_Labelled, str, enum.Enum):
    """The pathway models from micro-credentials to degrees of the talk by 井上雅裕 (2024)."""

    EMBEDDED = "embedded"
    RECOGNITION_OF_PRIOR_LEARNING = "recognition_of_prior_learning"
    MODULAR = "modular"


class StackTarget(_Base):
    """A larger credential this micro-credential stacks towards, and by which pathway(s)."""

    name: LocalizedText
    id: Uri | None = None
    pathways: list[PathwayModel] = Field(default_factory=list)

    @field_validator("pathways")
    @classmethod
    def _unique(cls, value: list[PathwayModel]) -> list[PathwayModel]:
        if len(value) != len(set(value)):
            raise PydanticCustomError("duplicate", "pathway models repeat / 経路が重複しています")
        return value


class Stackability(_Base):
    """Integration/stackability: stand-alone, or integrated and stackable towards targets.

    Contradictions are rejected: a stand-alone micro-credential names no targets, and an
    integrated one names at least one (EU Annex I: "stand-alone, independent micro-credential /
    integrated, stackable towards another credential").
    """

    integration: Integration
    towards: list[StackTarget] = Field(default_factory=list, validate_default=True)
    description: LocalizedText | None = None

    @field_validator("towards")
    @classmethod
    def _consistent(cls, value: list[StackTarget], info: ValidationInfo) -> list[StackTarget]:
        integ = info.data.get("integration")
        if integ is Integration.STAND_ALONE and value:
            raise PydanticCustomError(
                "stackability_contradiction",
                "a stand-alone micro-credential cannot stack towards targets; use 'integrated' "
                "/ 独立型のマイクロクレデンシャルに積み上げ先は指定できません")
        if integ is Integration.INTEGRATED and not value:
            raise PydanticCustomError(
                "stackability_contradiction",
                "an integrated micro-credential must name what it stacks towards "
                "/ 統合型の場合は積み上げ先が必要です")
        return value


class Grade(_Base):
    """Grade achieved (EU Annex I optional element)."""

    value: Text
    scale: Text | None = None
    description: LocalizedText | None = None


# one call per enum class: members of different string enums with the same value are equal
# and hash alike, so one dict literal holding them all would keep only the last (_labels)
register_labels({
    ProviderKind.HIGHER_EDUCATION: ("Higher-education institution", "高等教育機関"),
    ProviderKind.VOCATIONAL: ("Vocational education provider", "職業教育機関"),
    ProviderKind.ACADEMIC_SOCIETY: ("Academic society", "学会"),
    ProviderKind.PROFESSIONAL_BODY: ("Professional body", "職能団体"),
    ProviderKind.PRIVATE_PROVIDER: ("Private provider", "民間事業者"),
    ProviderKind.EMPLOYER: ("Employer", "企業・雇用主"),
    ProviderKind.PUBLIC_AUTHORITY: ("Public authority", "公的機関"),
    ProviderKind.OTHER: ("Other", "その他"),
})
register_labels({
    ParticipationMode.ONLINE: ("Online", "オンライン"),
    ParticipationMode.IN_PERSON: ("In person", "対面"),
    ParticipationMode.BLENDED: ("Blended", "ブレンド型"),
    ParticipationMode.WORK_BASED: ("Work-based", "職場での学習"),
})
register_labels({
    Synchrony.SYNCHRONOUS: ("Synchronous", "同期型"),
    Synchrony.ASYNCHRONOUS: ("Asynchronous", "非同期型（オンデマンド）"),
    Synchrony.MIXED: ("Synchronous and asynchronous", "同期・非同期の併用"),
})
register_labels({
    AssessmentKind.TESTING: ("Testing", "試験"),
    AssessmentKind.APPLICATION_OF_SKILL: ("Application of a skill", "技能の実演"),
    AssessmentKind.PORTFOLIO: ("Portfolio", "ポートフォリオ"),
    AssessmentKind.PROJECT: ("Project", "プロジェクト"),
    AssessmentKind.RECOGNITION_OF_PRIOR_LEARNING: (
        "Recognition of prior learning", "既修得学習の認定"),
    AssessmentKind.OTHER: ("Other", "その他"),
})
register_labels({
    Supervision.UNSUPERVISED_NO_ID: (
        "Unsupervised with no identity verification", "監督なし・本人確認なし"),
    Supervision.SUPERVISED_NO_ID: (
        "Supervised with no identity verification", "監督あり・本人確認なし"),
    Supervision.SUPERVISED_ONLINE_WITH_ID: (
        "Supervised online with identity verification", "オンライン監督・本人確認あり"),
    Supervision.SUPERVISED_ONSITE_WITH_ID: (
        "Supervised onsite with identity verification", "対面監督・本人確認あり"),
})
register_labels({
    QAKind.INTERNAL: ("Internal", "内部"),
    QAKind.EXTERNAL: ("External", "外部"),
})
register_labels({
    QAScope.INSTITUTION: ("Institution", "機関"),
    QAScope.PROGRAMME: ("Programme", "プログラム"),
})
register_labels({
    CertificationKind.DIGITAL_BADGE: ("Digital badge", "デジタルバッジ"),
    CertificationKind.DIGITAL_CERTIFICATE: ("Digital certificate", "デジタル証明書"),
    CertificationKind.PAPER_CERTIFICATE: ("Paper certificate", "紙の証明書"),
    CertificationKind.TRANSCRIPT: ("Transcript", "成績証明書"),
})
register_labels({
    RecognitionKind.ACADEMIC_CREDIT: ("Academic credit", "単位認定"),
    RecognitionKind.INDUSTRY: ("Industry recognition", "産業界による認定"),
    RecognitionKind.PROFESSIONAL: ("Professional recognition", "職能団体による認定"),
    RecognitionKind.OTHER: ("Other recognition", "その他の認定"),
})
register_labels({
    Integration.STAND_ALONE: ("Stand-alone, independent micro-credential", "独立型"),
    Integration.INTEGRATED: (
        "Integrated, stackable towards another credential", "統合型（他の資格へ積み上げ可能）"),
})
register_labels({
    # the talk by 井上雅裕 (2024), pathways to degrees
    PathwayModel.EMBEDDED: ("Embedded", "内包"),
    PathwayModel.RECOGNITION_OF_PRIOR_LEARNING: (
        "Recognition of prior learning", "既修得学習の認定"),
    PathwayModel.MODULAR: ("Modular", "モジュール"),
})


# --------------------------------------------------------------------------------------------
# The micro-credential
# --------------------------------------------------------------------------------------------


class MicroCredential(_Base):
    """A micro-credential described by the common descriptors (one field per descriptor).

    Every descriptor field is optional; :mod:`microcred.profiles` decides which ones a
    framework requires. ``id`` and ``valid_until`` are not descriptors but are carried for
    issuance. Use :meth:`parse` / :meth:`parse_json` for untrusted input.
    """

    id: Uri | None = None
    learner: Learner | None = None
    issue_date: AwareDatetime | None = None
    title: LocalizedText | None = None
    awarding_body: AwardingBody | None = None
    description: LocalizedText | None = None
    learning_outcomes: list[LearningOutcome] = Field(default_factory=list)
    participation: Participation | None = None
    languages: list[LanguageTag] = Field(default_factory=list)
    effort: LearnerEffort | None = None
    assessment: Assessment | None = None
    quality_assurance: list[QualityAssurance] = Field(default_factory=list)
    level: Level | None = None
    certification: Certification | None = None
    recognition: Recognition | None = None
    prerequisites: Prerequisites | None = None
    stackability: Stackability | None = None
    grade: Grade | None = None
    further_information: LocalizedText | None = None
    valid_until: AwareDatetime | None = None
    def all_levels(self) -> tuple[Level, ...]:
        """The main level followed by its other levels (``level.other_levels``)."""
        lv = self.level
        return () if lv is None else (lv, *lv.other_levels)

    def level_in(self, framework: LevelFramework | str) -> Level | None:
        """The level stated in ``framework``, if any."""
        fw = LevelFramework(framework)
        return next((lv for lv in self.all_levels() if lv.framework is fw), None)

    def all_awarding_bodies(self) -> tuple[AwardingBody, ...]:
        """The lead awarding body followed by its co-awarding bodies
        (``awarding_body.co_awarding_bodies``)."""
        b = self.awarding_body
        return () if b is None else (b, *b.co_awarding_bodies)

    def countries(self) -> tuple[str, ...]:
        """Countries of the awarding bodies (ISO 3166-1 alpha-2), first occurrence order."""
        out: list[str] = []
        for b in self.all_awarding_bodies():
            if b.country is not None and b.country not in out:
                out.append(b.country)
        return tuple(out)

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        if len({v.lower() for v in value}) != len(value):
            raise PydanticCustomError("duplicate", "languages repeat / 言語が重複しています")
        return value

    @field_validator("valid_until")
    @classmethod
    def _after_issue(cls, value: datetime | None, info: ValidationInfo) -> datetime | None:
        issued = info.data.get("issue_date")
        if value is not None and isinstance(issued, datetime) and value <= issued:
            raise PydanticCustomError(
                "expiry_before_issue", "valid_until must be after issue_date "
                "/ 有効期限は発行日より後でなければなりません")
        return value

    # -- parsing ------------------------------------------------------------------------------

    @classmethod
    def parse(cls, data: Any) -> MicroCredential:
        """Validate untrusted data (a mapping, e.g. from ``model_dump(mode="json")``).

        Raises :class:`~microcred.InvalidDataError` listing the path of every problem.
        """
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidDataError.from_pydantic(exc, "micro-credential") from exc

    @classmethod
    def parse_json(cls, text: str | bytes) -> MicroCredential:
        """Validate untrusted JSON text; errors as in :meth:`parse`."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            raise InvalidDataError.from_pydantic(exc, "micro-credential") from exc

    # -- descriptors --------------------------------------------------------------------------

    def has(self, descriptor: Descriptor) -> bool:
        """Whether the descriptor has a value in this micro-credential."""
        d = Descriptor(descriptor)
        if d is Descriptor.COUNTRY_REGION:
            return bool(self.countries())
        if d is Descriptor.SUPERVISION_IDENTITY_VERIFICATION:
            a = self.assessment
            return a is not None and (a.supervision is not None or a.identity_verified is not None)
        value = getattr(self, d.field)
        if isinstance(value, list):
            return bool(value)
        return value is not None

    def present_descriptors(self) -> frozenset[Descriptor]:
        """Every descriptor that has a value."""
        return frozenset(d for d in Descriptor if self.has(d))

    def missing_descriptors(self) -> tuple[Descriptor, ...]:
        """Descriptors without a value, in table order."""
        return tuple(d for d in Descriptor if not self.has(d))
