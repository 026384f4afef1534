"""OB 3.0 enumerations.

Values are those of the OB 3.0 data model (1EdTech/openbadges-specification@1af145f:
ob_v3p0/common_credentials.lines), cross-checked against the AchievementCredential JSON Schema
(educredentials/obv3-examples@9c3ed67:schemas/ob_v3p0_achievementcredential_schema.json).
*Extensible* enumerations (EnumExt) also accept terms of the form ``ext:Name``.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from ._base import is_lenient, pattern_check

_E = TypeVar("_E", bound=Enum)

# The schema's pattern is "(ext:)[a-z|A-Z|0-9|.|-|_]+" (unanchored); anchored here.
_EXT_RE = re.compile(r"^ext:[a-zA-Z0-9|._\-]+\Z")


ExtTerm = Annotated[str, AfterValidator(pattern_check(
    _EXT_RE, "enum_ext", "not an 'ext:' extension term: '{value}' ('ext:' 拡張語ではありません)"))]
"""An extension term of an OB EnumExt, e.g. ``ext:MicroMasters``."""


def ext_enum_validator(enum_cls: type[_E]) -> BeforeValidator:
    """A validator for ``enum_cls | str`` fields of an OB EnumExt: a known value becomes the
    enum member, an ``ext:`` term stays a string, anything else is one clear error."""

    def check(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, enum_cls):
            return value
        if not isinstance(value, str):
            raise PydanticCustomError("string_type", "Input should be a valid string")
        try:
            return enum_cls(value)
        except ValueError:
            pass
        if not _EXT_RE.match(value) and not is_lenient(info):
            # a lenient read keeps the term as it is; the finding walk reports it
            raise PydanticCustomError(
                "enum_ext",
                "'{value}' is not a {name} value and not an 'ext:' extension term "
                "(既知の値でも 'ext:' 拡張語でもありません)",
                {"value": value[:80], "name": enum_cls.__name__},
            )
        return value

    return BeforeValidator(check)


class AchievementType(str, Enum):
    """The 31 OB 3.0 achievement types (``MicroCredential`` is one of them)."""

    ACHIEVEMENT = "Achievement"
    APPRENTICESHIP_CERTIFICATE = "ApprenticeshipCertificate"
    ASSESSMENT = "Assessment"
    ASSIGNMENT = "Assignment"
    ASSOCIATE_DEGREE = "AssociateDegree"
    AWARD = "Award"
    BADGE = "Badge"
    BACHELOR_DEGREE = "BachelorDegree"
    CERTIFICATE = "Certificate"
    CERTIFICATE_OF_COMPLETION = "CertificateOfCompletion"
    CERTIFICATION = "Certification"
    COMMUNITY_SERVICE = "CommunityService"
    COMPETENCY = "Competency"
    COURSE = "Course"
    CO_CURRICULAR = "CoCurricular"
    DEGREE = "Degree"
    DIPLOMA = "Diploma"
    DOCTORAL_DEGREE = "DoctoralDegree"
    FIELDWORK = "Fieldwork"
    GENERAL_EDUCATION_DEVELOPMENT = "GeneralEducationDevelopment"
    JOURNEYMAN_CERTIFICATE = "JourneymanCertificate"
    LEARNING_PROGRAM = "LearningProgram"
    LICENSE = "License"
    MEMBERSHIP = "Membership"
    PROFESSIONAL_DOCTORATE = "ProfessionalDoctorate"
    QUALITY_ASSURANCE_CREDENTIAL = "QualityAssuranceCredential"
    MASTER_CERTIFICATE = "MasterCertificate"
    MASTER_DEGREE = "MasterDegree"
    MICRO_CREDENTIAL = "MicroCredential"
    RESEARCH_DOCTORATE = "ResearchDoctorate"
    SECONDARY_SCHOOL_DIPLOMA = "SecondarySchoolDiploma"


class ResultType(str, Enum):
    """OB 3.0 ResultType (extensible)."""

    GRADE_POINT_AVERAGE = "GradePointAverage"
    LETTER_GRADE = "LetterGrade"
    PERCENT = "Percent"
    PERFORMANCE_LEVEL = "PerformanceLevel"
    PREDICTED_SCORE = "PredictedScore"
    RAW_SCORE = "RawScore"
    RESULT = "Result"
    RUBRIC_CRITERION = "RubricCriterion"
    RUBRIC_CRITERION_LEVEL = "RubricCriterionLevel"
    RUBRIC_SCORE = "RubricScore"
    SCALED_SCORE = "ScaledScore"
    STATUS = "Status"


class ResultStatusType(str, Enum):
    """OB 3.0 ResultStatusType (closed enumeration)."""

    COMPLETED = "Completed"
    ENROLLED = "Enrolled"
    FAILED = "Failed"
    IN_PROGRESS = "InProgress"
    ON_HOLD = "OnHold"
    PROVISIONAL = "Provisional"
    WITHDREW = "Withdrew"


class AlignmentTargetType(str, Enum):
    """OB 3.0 AlignmentTargetType (extensible)."""

    CEASN_COMPETENCY = "ceasn:Competency"
    CETERMS_CREDENTIAL = "ceterms:Credential"
    CF_ITEM = "CFItem"
    CF_RUBRIC = "CFRubric"
    CF_RUBRIC_CRITERION = "CFRubricCriterion"
    CF_RUBRIC_CRITERION_LEVEL = "CFRubricCriterionLevel"
    CTDL = "CTDL"


class IdentifierTypeEnum(str, Enum):
    """Identifier types of IdentityObject / IdentifierEntry (extensible)."""

    NAME = "name"
    SOURCED_ID = "sourcedId"
    SYSTEM_ID = "systemId"
    PRODUCT_ID = "productId"
    USER_NAME = "userName"
    ACCOUNT_ID = "accountId"
    EMAIL_ADDRESS = "emailAddress"
    NATIONAL_IDENTITY_NUMBER = "nationalIdentityNumber"
    ISBN = "isbn"
    ISSN = "issn"
    LIS_SOURCED_ID = "lisSourcedId"
    ONE_ROSTER_SOURCED_ID = "oneRosterSourcedId"
    SIS_SOURCED_ID = "sisSourcedId"
    LTI_CONTEXT_ID = "ltiContextId"
    LTI_DEPLOYMENT_ID = "ltiDeploymentId"
    LTI_TOOL_ID = "ltiToolId"
    LTI_PLATFORM_ID = "ltiPlatformId"
    LTI_USER_ID = "ltiUserId"
    IDENTIFIER = "identifier"
