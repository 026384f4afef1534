"""Typed models of a CLR 2.0 ClrCredential (1EdTech Comprehensive Learner Record 2.0).

Shapes from the CLR 2.0 JSON Schema (``clr_v2p0_clrcredential_schema.json``; the stored copy
is the 1EdTech validator's draft-04 conversion) and the CLR 2.0 context.  A ClrCredential is an
OB-style verifiable credential whose ``credentialSubject`` (a ``ClrSubject``) carries the
learner's ``verifiableCredential`` list (OB 3.0 credentials), an ``achievement`` list and
``association`` objects.  The models keep unknown members and the wire shape exactly like the
OB 3.0 models (:class:`~microcred.ob3.OBModel`); lenient reading is
:func:`microcred.clr.read_clr`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .._errors import MicrocredError
from ._base import URI, Bool, OBModel, is_lenient, jwt_credential, type_list_validator
from ._models import (
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    Achievement,
    EndorsementCredential,
    IdentityObject,
    Image,
    OpenBadgeCredential,
    _VerifiableCredential,
)

__all__ = [
    "CLR_ASSOCIATION_TYPES",
    "CLR_CONTEXT_RE",
    "Association",
    "ClrCredential",
    "ClrSubject",
]

#: The eight CLR 2.0 association types (``AssociationType`` enumeration of the schema).
CLR_ASSOCIATION_TYPES = frozenset({
    "exactMatchOf", "isChildOf", "isParentOf", "isPartOf", "isPeerOf", "isRelatedTo",
    "precedes", "replacedBy",
})

#: The second ``@context`` item of a CLR 2.0 credential (any CLR 2.0.x context file).
CLR_CONTEXT_RE = re.compile(
    r"^https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.\d\.\d)?\.json\Z")


def _check_association_type(value: str, info: ValidationInfo) -> str:
    if value not in CLR_ASSOCIATION_TYPES and not is_lenient(info):
        raise PydanticCustomError(
            "association_type",
            "'{value}' is not a CLR 2.0 associationType (CLR 2.0 の関連種別ではありません)",
            {"value": value[:80]})
    return value


class Association(OBModel):
    """``sourceId`` *associationType* ``targetId`` between two achievements of the CLR."""

    type: Literal["Association"] = "Association"
    association_type: str
    source_id: URI
    target_id: URI

    _kind_ok = field_validator("association_type")(_check_association_type)


def _credential_tag(value: Any) -> str:
    if isinstance(value, str):  # a VC-JWT (lenient reading): its payload's type decides
        try:
            value = jwt_credential(value)
        except MicrocredError:
            value = None
    types = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    return "EndorsementCredential" if "EndorsementCredential" in types else "OpenBadgeCredential"


EmbeddedCredential = Annotated[
    Annotated[OpenBadgeCredential, Tag("OpenBadgeCredential")]
    | Annotated[EndorsementCredential, Tag("EndorsementCredential")],
    Discriminator(_credential_tag),
]


class ClrSubject(OBModel):
    """The learner of a CLR and what the CLR says about them.

    ``verifiable_credential`` holds the embedded OB 3.0 credentials as typed models.  Either
    ``id`` or at least one ``identifier`` is required; a lenient read keeps a subject with
    neither and reports it (the CLR is then bound to no learner).
    """

    id: URI | None = None
    type: list[str] = Field(default_factory=lambda: ["ClrSubject"])
    identifier: list[IdentityObject] | None = None
    achievement: list[Achievement] | None = None
    verifiable_credential: list[EmbeddedCredential]
    association: list[Association] | None = None

    _type_ok = field_validator("type")(type_list_validator("ClrSubject"))

    @model_validator(mode="after")
    def _id_or_identifier(self, info: ValidationInfo) -> ClrSubject:
        if self.id is None and not self.identifier and not is_lenient(info):
            raise PydanticCustomError(
                "subject_identity",
                "ClrSubject needs an 'id' or at least one 'identifier' "
                "(学習者の id または identifier が必要です)")
        return self


def _check_clr_context(value: list[str | dict[str, Any]],
                       info: ValidationInfo) -> list[str | dict[str, Any]]:
    first = value[0] if value else None
    second = value[1] if len(value) > 1 else None
    if first not in (VC_V2_CONTEXT, VC_V1_CONTEXT):
        raise PydanticCustomError(
            "context_order",
            "the first @context item must be '{v2}' (or '{v1}' for VC 1.1) "
            "(最初の @context は VC コンテキストでなければなりません)",
            {"v2": VC_V2_CONTEXT, "v1": VC_V1_CONTEXT})
    if not (isinstance(second, str) and CLR_CONTEXT_RE.match(second)) and not is_lenient(info):
        raise PydanticCustomError(
            "context_order",
            "the second @context item must be a CLR 2.0 context, got '{got}' "
            "(2 番目の @context は CLR 2.0 コンテキストでなければなりません)",
            {"got": str(second)[:80]})
    for item in value:
        if not isinstance(item, (str, dict)):
            raise PydanticCustomError("context_item", "@context items must be URIs or objects")
    return value


class ClrCredential(_VerifiableCredential):
    """A CLR 2.0 ClrCredential (``type`` includes ``ClrCredential``)."""

    name: str
    credential_subject: ClrSubject
    partial: Bool | None = None
    endorsement: list[EndorsementCredential] | None = None
    endorsement_jwt: list[str] | None = None
    image: Image | None = None

    _context_ok = field_validator("context")(_check_clr_context)
    _type_ok = field_validator("type")(type_list_validator("ClrCredential"))

    @property
    def learner_id(self) -> str | None:
        """The ClrSubject's ``id`` (``None`` when the CLR names no learner id)."""
        return self.credential_subject.id


ClrSubject.model_rebuild()
ClrCredential.model_rebuild()
