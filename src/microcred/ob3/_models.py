"""Pydantic models of the Open Badges 3.0 data model.

Field lists and cardinalities: 1EdTech/openbadges-specification@1af145f:
ob_v3p0/common_credentials.lines, cross-checked against the AchievementCredential JSON Schema
(educredentials/obv3-examples@9c3ed67).  Multi-valued properties are ``list[...]``; every model
keeps unknown properties (see :class:`~microcred.ob3._base.OBModel`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import (
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._base import (
    URI,
    Bool,
    Date,
    DateTime,
    DateTimeZ,
    LanguageCode,
    Number,
    OBModel,
    is_lenient,
    jwt_credential,
    parse_datetime,
    type_list_validator,
)
from ._enums import (
    AchievementType,
    AlignmentTargetType,
    IdentifierTypeEnum,
    ResultStatusType,
    ResultType,
    ext_enum_validator,
)

__all__ = [
    "OB_CONTEXT_RE",
    "OB_CONTEXT_V3_0_3",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "CredentialSchema",
    "CredentialStatus",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "OpenBadgeCredential",
    "Profile",
    "Proof",
    "RefreshService",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "TermsOfUse",
    "parse_credential",
]

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
"""The VC Data Model 2.0 base context; MUST be the first ``@context`` item."""
VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
"""The VC Data Model 1.1 base context (read and verify only)."""
OB_CONTEXT_V3_0_3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
"""The OB 3.0.3 context microcred issues with (second ``@context`` item)."""
#: The schema's pattern for the second context item (any OB 3.0.x context file).
OB_CONTEXT_RE = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json\Z")

AchievementTypeValue = Annotated[AchievementType | str, ext_enum_validator(AchievementType)]
ResultTypeValue = Annotated[ResultType | str, ext_enum_validator(ResultType)]
AlignmentTargetTypeValue = Annotated[
    AlignmentTargetType | str, ext_enum_validator(AlignmentTargetType)]
IdentifierTypeValue = Annotated[IdentifierTypeEnum | str, ext_enum_validator(IdentifierTypeEnum)]

# OB 3.0.0 and 3.0.1 define name/description with "@type": "xsd:string" and are not
# @protected; under the protected VC v2 context that is a protected-term redefinition (ob3-vc.md
# §a "context quirks"; 1EdTech errata for 3.0.2).
_OB_CONTEXTS_V1_ONLY = frozenset({
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
})

_COMPACT_JWS_RE = re.compile(r"^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+\Z")


def _check_jws(values: list[str]) -> list[str]:
    for v in values:
        if not _COMPACT_JWS_RE.match(v):
            raise PydanticCustomError(
                "compact_jws", "not a Compact JWS (コンパクト JWS ではありません)")
    return values


# ---------------------------------------------------------------------------------------------
# Small shapes
# ---------------------------------------------------------------------------------------------


class Image(OBModel):
    """An image: ``id`` is the URI or Data URI; ``type`` is always ``"Image"``.

    The OB 3.0 schema wants an object; many issuers write the image as a plain URL string
    (the OB context types ``image`` as ``@id``, so the meaning is clear).  A lenient read
    (:func:`microcred.ob3.read_credential`) accepts that string as ``Image(id=...)``, reports
    it, and writes the string back unchanged (:attr:`iri_form`).
    """

    id: URI
    type: Literal["Image"] = "Image"
    caption: str | None = None

    @property
    def iri_form(self) -> bool:
        """True when the image was read from a plain URL string (lenient reading only)."""
        return self._string_form is not None

    @classmethod
    def _from_string(cls, text: str) -> Mapping[str, Any] | None:
        return {"id": text, "type": "Image"}


class IdentifierEntry(OBModel):
    """Another identifier of a Profile or Achievement (``identifier`` of ``identifierType``)."""

    type: Literal["IdentifierEntry"] = "IdentifierEntry"
    identifier: str
    identifier_type: IdentifierTypeValue


class IdentityObject(OBModel):
    """A (possibly hashed) identifier of the recipient, e.g. an e-mail address.

    ``identity_hash`` is the plain identifier when ``hashed`` is false, else
    ``"sha256$<hex>"`` / ``"md5$<hex>"`` of identifier + salt.
    """

    type: Literal["IdentityObject"] = "IdentityObject"
    hashed: Bool
    identity_hash: str
    identity_type: IdentifierTypeValue
    salt: str | None = None

    @classmethod
    def hashed_from(cls, identifier: str, *, salt: str | None = None,
                    identity_type: IdentifierTypeEnum | str = IdentifierTypeEnum.EMAIL_ADDRESS,
                    ) -> IdentityObject:
        """A hashed identity: ``sha256$`` + hex SHA-256 of the UTF-8 identifier with the salt
        appended (OB 3.0 IdentityHash)."""
        digest = hashlib.sha256((identifier + (salt or "")).encode("utf-8")).hexdigest()
        return cls(hashed=True, identity_hash="sha256$" + digest, identity_type=identity_type,
                   salt=salt)

    def matches(self, identifier: str) -> bool:
        """Whether ``identifier`` (e.g. an e-mail address) is the one this object identifies.

        Plain identities compare exactly; hashed ones recompute ``md5`` or ``sha256`` of the
        identifier + salt and compare hex digests case-insensitively.  Unknown algorithms never
        match.
        """
        if not self.hashed:
            return hmac.compare_digest(self.identity_hash.encode(), identifier.encode())
        algorithm, _, expected = self.identity_hash.partition("$")
        if algorithm not in ("sha256", "md5") or not expected:
            return False
        data = (identifier + (self.salt or "")).encode("utf-8")
        actual = hashlib.new(algorithm, data, usedforsecurity=False).hexdigest()
        return hmac.compare_digest(actual, expected.lower())


class GeoCoordinates(OBModel):
    """Latitude and longitude."""

    type: Literal["GeoCoordinates"] = "GeoCoordinates"
    latitude: Number
    longitude: Number


class Address(OBModel):
    """A postal address."""

    type: list[str] = Field(default_factory=lambda: ["Address"])
    address_country: str | None = None
    address_country_code: str | None = None
    address_region: str | None = None
    address_locality: str | None = None
    street_address: str | None = None
    post_office_box_number: str | None = None
    postal_code: str | None = None
    geo: GeoCoordinates | None = None

    _type_ok = field_validator("type")(type_list_validator("Address"))


class Criteria(OBModel):
    """How the achievement is earned: a URI and/or a Markdown narrative."""

    id: URI | None = None
    narrative: str | None = None


class Alignment(OBModel):
    """An alignment to a competency, skill or level in a framework (schema.org AlignmentObject)."""

    type: list[str] = Field(default_factory=lambda: ["Alignment"])
    target_name: str
    target_url: URI
    target_code: str | None = None
    target_description: str | None = None
    target_framework: str | None = None
    target_type: AlignmentTargetTypeValue | None = None

    _type_ok = field_validator("type")(type_list_validator("Alignment"))


class RubricCriterionLevel(OBModel):
    """One level of a rubric criterion."""

    id: URI
    type: list[str] = Field(default_factory=lambda: ["RubricCriterionLevel"])
    name: str
    alignment: list[Alignment] | None = None
    description: str | None = None
    level: str | None = None
    points: str | None = None

    _type_ok = field_validator("type")(type_list_validator("RubricCriterionLevel"))


class ResultDescription(OBModel):
    """Describes a possible result (grade, status, rubric level ...) of an achievement."""

    id: URI
    type: list[str] = Field(default_factory=lambda: ["ResultDescription"])
    name: str
    result_type: ResultTypeValue
    alignment: list[Alignment] | None = None
    allowed_value: list[str] | None = None
    required_level: URI | None = None
    required_value: str | None = None
    rubric_criterion_level: list[RubricCriterionLevel] | None = None
    value_max: str | None = None
    value_min: str | None = None

    _type_ok = field_validator("type")(type_list_validator("ResultDescription"))


class Result(OBModel):
    """A result the learner obtained, linked to a ResultDescription by its ``id``."""

    type: list[str] = Field(default_factory=lambda: ["Result"])
    achieved_level: URI | None = None
    alignment: list[Alignment] | None = None
    result_description: URI | None = None
    status: ResultStatusType | None = None
    value: str | None = None

    _type_ok = field_validator("type")(type_list_validator("Result"))


class Related(OBModel):
    """Another edition (language, version) of the same achievement."""

    id: URI
    type: list[str] = Field(default_factory=lambda: ["Related"])
    in_language: LanguageCode | None = None
    version: str | None = None

    _type_ok = field_validator("type")(type_list_validator("Related"))


class Evidence(OBModel):
    """Evidence of the achievement (a URL or Data URI and/or a narrative)."""

    type: list[str] = Field(default_factory=lambda: ["Evidence"])
    id: URI | None = None
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None

    _type_ok = field_validator("type")(type_list_validator("Evidence"))


class CredentialSchema(OBModel):
    """A schema the credential conforms to (``1EdTechJsonSchemaValidator2019``, ``JsonSchema``)."""

    id: URI
    type: str


class CredentialStatus(OBModel):
    """Where to check revocation (``1EdTechRevocationList``, ``BitstringStatusListEntry`` ...)."""

    id: URI | None = None
    type: str


class RefreshService(OBModel):
    """Where to obtain a refreshed copy (``1EdTechCredentialRefresh``)."""

    id: URI
    type: str


class TermsOfUse(OBModel):
    """Terms of use of the credential."""

    id: URI | None = None
    type: str


class Proof(OBModel):
    """An embedded proof (Data Integrity or legacy Linked Data proof); other members are kept."""

    type: str
    created: DateTime | None = None
    cryptosuite: str | None = None
    challenge: str | None = None
    domain: str | None = None
    nonce: str | None = None
    proof_purpose: str | None = None
    proof_value: str | None = None
    verification_method: str | None = None


# ---------------------------------------------------------------------------------------------
# Profile, Achievement, subject
# ---------------------------------------------------------------------------------------------


class Profile(OBModel):
    """A person or organisation: issuer, creator of an achievement, endorser, source."""

    id: URI
    type: list[str] = Field(default_factory=lambda: ["Profile"])
    name: str | None = None
    url: URI | None = None
    phone: str | None = None
    description: str | None = None
    endorsement: list[EndorsementCredential] | None = None
    endorsement_jwt: list[str] | None = None
    image: Image | None = None
    email: str | None = None
    address: Address | None = None
    other_identifier: list[IdentifierEntry] | None = None
    official: str | None = None
    parent_org: Profile | None = None
    family_name: str | None = None
    given_name: str | None = None
    additional_name: str | None = None
    patronymic_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    family_name_prefix: str | None = None
    date_of_birth: Date | None = None

    _type_ok = field_validator("type")(type_list_validator("Profile"))
    _jws_ok = field_validator("endorsement_jwt")(_check_jws)


class Achievement(OBModel):
    """What was achieved: the description of the micro-credential itself."""

    id: URI
    type: list[str] = Field(default_factory=lambda: ["Achievement"])
    criteria: Criteria
    # required by OB 3.0 (strict parsing refuses its absence); a lenient read keeps an
    # achievement without it and reports it
    description: str | None = None
    name: str
    alignment: list[Alignment] | None = None
    achievement_type: AchievementTypeValue | None = None
    creator: Profile | None = None
    credits_available: Number | None = None
    endorsement: list[EndorsementCredential] | None = None
    endorsement_jwt: list[str] | None = None
    field_of_study: str | None = None
    human_code: str | None = None
    image: Image | None = None
    in_language: LanguageCode | None = None
    other_identifier: list[IdentifierEntry] | None = None
    related: list[Related] | None = None
    result_description: list[ResultDescription] | None = None
    specialization: str | None = None
    tag: list[str] | None = None
    version: str | None = None

    _wire_required: ClassVar[tuple[str, ...]] = ("description",)
    _type_ok = field_validator("type")(type_list_validator("Achievement"))
    _jws_ok = field_validator("endorsement_jwt")(_check_jws)

    @model_validator(mode="after")
    def _required_description(self, info: ValidationInfo) -> Achievement:
        if self.description is None and not is_lenient(info):
            raise PydanticCustomError(
                "missing", "description is required (description は必須です)")
        return self


class AchievementSubject(OBModel):
    """The learner and the achievement awarded to them.

    Either ``id`` or at least one ``identifier`` is required (OB verification step 1).
    """

    id: URI | None = None
    type: list[str] = Field(default_factory=lambda: ["AchievementSubject"])
    achievement: Achievement
    activity_end_date: DateTime | None = None
    activity_start_date: DateTime | None = None
    credits_earned: Number | None = None
    identifier: list[IdentityObject] | None = None
    image: Image | None = None
    license_number: str | None = None
    narrative: str | None = None
    result: list[Result] | None = None
    role: str | None = None
    source: Profile | None = None
    term: str | None = None

    _type_ok = field_validator("type")(type_list_validator("AchievementSubject"))

    @model_validator(mode="after")
    def _id_or_identifier(self, info: ValidationInfo) -> AchievementSubject:
        # a lenient read keeps such a subject (the credential is then bound to no learner);
        # the finding walk reports it as an error-severity finding
        if self.id is None and not self.identifier and not is_lenient(info):
            raise PydanticCustomError(
                "subject_identity",
                "credentialSubject needs an 'id' or at least one 'identifier' "
                "(学習者の id または identifier が必要です)",
            )
        return self


class EndorsementSubject(OBModel):
    """What an endorsement is about (``id`` of the endorsed entity) and the comment."""

    id: URI
    type: list[str] = Field(default_factory=lambda: ["EndorsementSubject"])
    endorsement_comment: str | None = None

    _type_ok = field_validator("type")(type_list_validator("EndorsementSubject"))


# ---------------------------------------------------------------------------------------------
# Credentials
# ---------------------------------------------------------------------------------------------


def _check_context(value: list[str | dict[str, Any]],
                   info: ValidationInfo) -> list[str | dict[str, Any]]:
    if len(value) < 2:
        raise PydanticCustomError(
            "context_order",
            "@context needs the VC context then an OB 3.0 context (VC, OB の順で 2 つ以上必要です)",
        )
    first, second = value[0], value[1]
    if first not in (VC_V2_CONTEXT, VC_V1_CONTEXT):
        raise PydanticCustomError(
            "context_order",
            "the first @context item must be '{v2}' (or '{v1}' for VC 1.1), got '{got}' "
            "(最初の @context は VC コンテキストでなければなりません)",
            {"v2": VC_V2_CONTEXT, "v1": VC_V1_CONTEXT, "got": str(first)[:80]},
        )
    if not (isinstance(second, str) and OB_CONTEXT_RE.match(second)) and not is_lenient(info):
        # a lenient read keeps e.g. the pre-release OB 3.0 context and reports it
        raise PydanticCustomError(
            "context_order",
            "the second @context item must be an OB 3.0 context such as '{ob}', got '{got}' "
            "(2 番目の @context は OB 3.0 コンテキストでなければなりません)",
            {"ob": OB_CONTEXT_V3_0_3, "got": str(second)[:80]},
        )
    if first == VC_V2_CONTEXT and second in _OB_CONTEXTS_V1_ONLY:
        raise PydanticCustomError(
            "context_version",
            "'{ob}' redefines protected VC 2.0 terms (name, description) and only works with the "
            "VC 1.1 context; a VC 2.0 credential needs OB context 3.0.2 or later "
            "(この OB コンテキストは VC 2.0 と併用できません)",
            {"ob": second})
    for item in value[2:]:
        if not isinstance(item, (str, dict)):
            raise PydanticCustomError("context_item", "@context items must be URIs or objects")
    return value


_C = TypeVar("_C", bound="_VerifiableCredential")


class _VerifiableCredential(OBModel):
    """Shared shape of the OB credential classes (VC 2.0 and VC 1.1 forms)."""

    context: list[str | dict[str, Any]] = Field(alias="@context")
    # required by OB 3.0 (strict parsing refuses its absence); VC 1.1 made it optional and
    # 1EdTech's own VC 1.1 examples embed endorsements without it: a lenient read keeps them
    id: URI | None = None
    type: list[str]

    _wire_required: ClassVar[tuple[str, ...]] = ("id",)
    issuer: Annotated[
        Annotated[URI, Tag("uri")] | Annotated[Profile, Tag("profile")],
        Discriminator(lambda v: "uri" if isinstance(v, str) else "profile"),
    ]
    valid_from: DateTimeZ | None = None
    valid_until: DateTimeZ | None = None
    issuance_date: DateTimeZ | None = None
    expiration_date: DateTimeZ | None = None
    name: str | None = None
    description: str | None = None
    awarded_date: DateTimeZ | None = None
    proof: list[Proof] | None = None
    credential_schema: list[CredentialSchema] | None = None
    credential_status: CredentialStatus | None = None
    refresh_service: RefreshService | None = None
    terms_of_use: list[TermsOfUse] | None = None

    _context_ok = field_validator("context")(_check_context)
    _vc_type_ok = field_validator("type")(type_list_validator("VerifiableCredential"))

    @property
    def jwt_form(self) -> str | None:
        """The compact JWS this credential was read from when a lenient read met it embedded
        as a VC-JWT string (e.g. in a CLR); it is written back as that string while the model
        is unchanged.  Reading does not check the JWS signature."""
        return self._string_form

    @classmethod
    def _from_string(cls, text: str) -> Mapping[str, Any] | None:
        payload = jwt_credential(text)
        return payload if isinstance(payload, dict) else None

    @model_validator(mode="after")
    def _required_id(self, info: ValidationInfo) -> _VerifiableCredential:
        if self.id is None and not is_lenient(info):
            raise PydanticCustomError("missing", "id is required (id は必須です)")
        return self

    @model_validator(mode="after")
    def _dates_for_version(self) -> _VerifiableCredential:
        if self.vc_version == "2.0":
            if self.issuance_date is not None or self.expiration_date is not None:
                raise PydanticCustomError(
                    "vc_version",
                    "issuanceDate/expirationDate are VC 1.1 properties; a VC 2.0 credential uses "
                    "validFrom/validUntil (VC 2.0 では validFrom/validUntil を使います)",
                )
            if self.valid_from is None:
                raise PydanticCustomError(
                    "missing", "validFrom is required (validFrom は必須です)")
        else:
            if self.issuance_date is None:
                raise PydanticCustomError(
                    "missing", "issuanceDate is required in a VC 1.1 credential "
                    "(VC 1.1 では issuanceDate は必須です)")
        return self

    @property
    def vc_version(self) -> Literal["2.0", "1.1"]:
        """``"2.0"`` or ``"1.1"``, from the first ``@context`` item."""
        return "1.1" if self.context and self.context[0] == VC_V1_CONTEXT else "2.0"

    @property
    def issuer_id(self) -> str:
        """The issuer's URI, whether ``issuer`` is a URI or a Profile."""
        return self.issuer if isinstance(self.issuer, str) else self.issuer.id

    @property
    def valid_from_datetime(self) -> datetime | None:
        """Start of validity as a datetime (``validFrom``, or ``issuanceDate`` in VC 1.1)."""
        text = self.valid_from or self.issuance_date
        return parse_datetime(text) if text else None

    @property
    def valid_until_datetime(self) -> datetime | None:
        """End of validity as a datetime (``validUntil``, or ``expirationDate`` in VC 1.1)."""
        text = self.valid_until or self.expiration_date
        return parse_datetime(text) if text else None

    def with_proof(self: _C, proof: Proof | Mapping[str, Any]) -> _C:
        """A copy with ``proof`` appended (``proof`` becomes an array, as the OB schema wants)."""
        doc = self.to_jsonld()
        existing = doc.get("proof")
        proofs = [] if existing is None else existing if isinstance(existing, list) else [existing]
        added = proof.to_jsonld() if isinstance(proof, Proof) else dict(proof)
        doc["proof"] = [*proofs, added]
        return type(self).from_jsonld(doc)

    def unsigned(self) -> dict[str, Any]:
        """The wire form without ``proof``: the document a Data Integrity proof is made over."""
        doc = self.to_jsonld()
        doc.pop("proof", None)
        return doc


class OpenBadgeCredential(_VerifiableCredential):
    """An Open Badges 3.0 credential (alias ``AchievementCredential``).

    Issue in the VC 2.0 form (``@context`` = VC v2 then OB 3.0.3; ``validFrom``); the VC 1.1
    form (``issuanceDate``) is read and verified but should not be issued.

    >>> from microcred.ob3 import OpenBadgeCredential
    >>> cred = OpenBadgeCredential.from_jsonld({
    ...     "@context": ["https://www.w3.org/ns/credentials/v2",
    ...                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    ...     "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
    ...     "issuer": "https://example.edu", "validFrom": "2026-01-01T00:00:00Z",
    ...     "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
    ...         "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"],
    ...             "name": "Intro", "description": "An intro.",
    ...             "criteria": {"narrative": "Pass"}}}})
    >>> cred.credential_subject.achievement.name
    'Intro'
    """

    credential_subject: AchievementSubject
    endorsement: list[EndorsementCredential] | None = None
    endorsement_jwt: list[str] | None = None
    evidence: list[Evidence] | None = None
    image: Image | None = None

    _type_ok = field_validator("type")(
        type_list_validator("OpenBadgeCredential", "AchievementCredential"))
    _jws_ok = field_validator("endorsement_jwt")(_check_jws)

    @model_validator(mode="after")
    def _name_in_v11(self) -> OpenBadgeCredential:
        if self.vc_version == "1.1" and self.name is None:
            raise PydanticCustomError(
                "missing", "name is required in a VC 1.1 AchievementCredential (name は必須です)")
        return self


def parse_credential(data: Mapping[str, Any]) -> OpenBadgeCredential | EndorsementCredential:
    """Parse an OB 3.0 credential of either class, chosen by its ``type``.

    Raises :class:`microcred.InvalidDataError` (with paths) when it is neither.
    """
    types = data.get("type") if isinstance(data, Mapping) else None
    if isinstance(types, str):
        types = [types]
    if isinstance(types, list) and "EndorsementCredential" in types:
        return EndorsementCredential.from_jsonld(data)
    return OpenBadgeCredential.from_jsonld(data)


AchievementCredential = OpenBadgeCredential
"""Alias: OB 3.0 calls the class AchievementCredential and the type OpenBadgeCredential."""


class EndorsementCredential(_VerifiableCredential):
    """A third party's endorsement of a profile, achievement or credential."""

    # required here (strict parsing refuses its absence); optional on the base class and in
    # a lenient read, which reports it
    name: str | None = None
    credential_subject: EndorsementSubject

    _wire_required: ClassVar[tuple[str, ...]] = ("id", "name")

    @model_validator(mode="after")
    def _required_name(self, info: ValidationInfo) -> EndorsementCredential:
        if self.name is None and not is_lenient(info):
            raise PydanticCustomError(
                "missing", "name is required in an EndorsementCredential (name は必須です)")
        return self

    _type_ok = field_validator("type")(type_list_validator("EndorsementCredential"))


for _cls in (Profile, Achievement, AchievementSubject, OpenBadgeCredential, EndorsementCredential):
    _cls.model_rebuild()
