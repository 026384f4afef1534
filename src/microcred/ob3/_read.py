"""Lenient reading of received OB 3.0 credentials: the typed model plus conformance findings.

The strict parsers (:meth:`OBModel.from_jsonld`, :func:`parse_credential`) stay the default
for building and issuing: they refuse anything the OB 3.0 data model or JSON Schema refuses.
A wallet or verifier that *receives* credentials needs to read what issuers really publish, so
:func:`read_credential` tolerates the few violations that keep a clear meaning and reports each
as a :class:`Finding` instead of raising:

* ``subject_identity`` (error): a credentialSubject with neither ``id`` nor ``identifier``; the
  credential is then bound to no learner (``AchievementSubject.id`` is ``None``);
* ``image_iri`` (warning): an ``image`` given as a plain URL string instead of an Image object
  (the OB context types ``image`` as ``@id``, so the meaning is the same); read as
  ``Image(id=...)`` and written back as the string;
* ``enum_ext`` (warning): a value of an extensible enumeration (``achievementType``,
  ``resultType``, ``targetType``, ``identifierType``, ``identityType``) that is neither in the
  vocabulary nor an ``ext:`` term; kept as the plain string.

Everything else that the strict parser refuses is still an error here
(:class:`~microcred.InvalidDataError` with paths): a model missing what makes it meaningful
(no ``achievement``, no ``issuer``, wrong ``type``) is never returned half-built.  Input is
bounded like every other entry point: text goes through :func:`microcred.jsonld.parse_json`
(size, depth, duplicate keys, NaN), objects through the same plain-JSON and size checks.

Nothing is dropped: unknown members stay in the model and ``result.to_jsonld()`` returns the
document that was read (single values stay single, member order is kept).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, Literal, TypeVar

from pydantic import ValidationError

from .._errors import ErrorDetail, InvalidDataError
from ..jsonld import DEFAULT_MAX_BYTES, parse_json
from ._base import (
    _JWS_RE,
    _LENIENT,
    _WIRE,
    OBModel,
    _invalid,
    check_json_value,
    jwt_credential,
)
from ._clr import CLR_ASSOCIATION_TYPES, CLR_CONTEXT_RE, Association, ClrCredential, ClrSubject
from ._enums import _EXT_RE
from ._models import (
    OB_CONTEXT_RE,
    Achievement,
    AchievementSubject,
    Alignment,
    EndorsementCredential,
    IdentifierEntry,
    IdentityObject,
    Image,
    OpenBadgeCredential,
    ResultDescription,
    _VerifiableCredential,
)

__all__ = ["Finding", "ReadResult", "read_clr_credential", "read_credential"]

Severity = Literal["error", "warning"]
_T = TypeVar("_T", bound=OBModel)


@dataclass(frozen=True)
class Finding:
    """One conformance problem found while reading a credential leniently.

    ``path`` is the JSON path (member names and array indexes) of the offending value,
    ``rule`` a stable code (``subject_identity``, ``image_iri``, ``enum_ext`` ...),
    ``severity`` ``"error"`` (a MUST of OB 3.0 is violated) or ``"warning"`` (the JSON Schema
    shape is violated but the meaning is clear); ``message`` / ``message_ja`` explain it.
    """

    path: tuple[str | int, ...]
    rule: str
    severity: Severity
    message: str
    message_ja: str

    @property
    def pointer(self) -> str:
        """The path as an RFC 6901 JSON Pointer (``/credentialSubject/achievement/image``)."""
        return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in self.path)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {"path": self.pointer, "rule": self.rule, "severity": self.severity,
                "message": self.message, "message_ja": self.message_ja}


@dataclass(frozen=True)
class ReadResult(Generic[_T]):
    """A credential read leniently: the typed model and what does not conform.

    ``credential`` is an :class:`OpenBadgeCredential` or :class:`EndorsementCredential`
    (:func:`read_credential`) or a :class:`ClrCredential` (:func:`microcred.clr.read_clr`);
    ``findings`` is empty exactly when the strict parser would have accepted the document.
    """

    credential: _T
    findings: tuple[Finding, ...]
    #: The compact JWS the credential was read from (VC-JWT), else None.  Reading does not
    #: check its signature: use :func:`microcred.verify` for that.
    jwt: str | None = None

    @property
    def conforms(self) -> bool:
        """True when there is no finding at all."""
        return not self.findings

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``"error"``."""
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The findings of severity ``"warning"``."""
        return tuple(f for f in self.findings if f.severity == "warning")

    def to_jsonld(self) -> dict[str, Any]:
        """The document that was read, unchanged (see :meth:`OBModel.to_jsonld`)."""
        return self.credential.to_jsonld()


# --------------------------------------------------------------------------------------------
# Input bounds


def load_document(doc: Mapping[str, Any] | str | bytes, what: str,
                  max_bytes: int) -> dict[str, Any]:
    """The document as a plain JSON object, bounded; raise :class:`InvalidDataError` or
    :class:`~microcred.InvalidJsonError` otherwise (never a partial result)."""
    if isinstance(doc, (str, bytes, bytearray, memoryview)):
        token = _compact_jws(doc, max_bytes)
        data = (jwt_credential(token, max_bytes=max_bytes) if token is not None else
                parse_json(bytes(doc) if not isinstance(doc, str) else doc, max_bytes=max_bytes))
    elif isinstance(doc, Mapping):
        data = doc
    else:
        raise TypeError(f"read a {what} from a dict or JSON text (str/bytes), "
                        f"not {type(doc).__name__}")
    if not isinstance(data, Mapping):
        raise InvalidDataError(
            f"invalid {what}: expected a JSON object, got {type(data).__name__} "
            "(JSON オブジェクトが必要です)",
            [ErrorDetail((), "expected a JSON object", "model_type")])
    plain = dict(data)
    bad = check_json_value(plain)
    if bad:
        raise InvalidDataError(f"invalid {what}: not plain JSON (プレーンな JSON ではありません)",
                               bad)
    if not isinstance(doc, (str, bytes, bytearray, memoryview)):
        size = len(json.dumps(plain, ensure_ascii=False, separators=(",", ":")).encode())
        if size > max_bytes:
            raise InvalidDataError(
                f"invalid {what}: {size} bytes of JSON exceed the limit of {max_bytes} "
                f"(上限 {max_bytes} バイトを超えています)",
                [ErrorDetail((), f"{size} bytes > {max_bytes}", "too_large")])
    return plain


def _compact_jws(doc: str | bytes | bytearray | memoryview, max_bytes: int) -> str | None:
    """``doc`` as a compact JWS string when it is one (bounded), else None."""
    if len(doc) > max_bytes:
        return None  # parse_json reports the size
    try:
        text = doc.strip() if isinstance(doc, str) else bytes(doc).strip().decode("ascii")
    except UnicodeDecodeError:
        return None
    return text if _JWS_RE.match(text) else None


# --------------------------------------------------------------------------------------------
# The finding walk

#: (model class, Python field name): fields holding an extensible enumeration value.
_EXT_FIELDS: dict[type[OBModel], tuple[str, ...]] = {
    Achievement: ("achievement_type",),
    ResultDescription: ("result_type",),
    Alignment: ("target_type",),
    IdentifierEntry: ("identifier_type",),
    IdentityObject: ("identity_type",),
}


def _children(model: OBModel) -> Iterator[tuple[str, Any]]:
    """(wire name, value) of the fields and unknown members of ``model``."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is not None:
            yield (field.alias or name), value


def model_findings(model: OBModel, path: tuple[str | int, ...] = ()) -> list[Finding]:
    """Every finding of lenient reading inside ``model`` (located under ``path``)."""
    found: list[Finding] = []
    todo: list[tuple[Any, tuple[str | int, ...]]] = [(model, path)]
    while todo:
        node, where = todo.pop()
        if not isinstance(node, OBModel):
            continue
        found.extend(_own_findings(node, where))
        for key, value in _children(node):
            if isinstance(value, list):
                if key in node._singles:  # a single value on the wire: no index in the path
                    todo.extend((item, (*where, key)) for item in value)
                else:
                    todo.extend((item, (*where, key, i)) for i, item in enumerate(value))
            elif isinstance(value, OBModel):
                todo.append((value, (*where, key)))
    found.sort(key=lambda f: [str(p) for p in f.path])
    return found


def _own_findings(node: OBModel, where: tuple[str | int, ...]) -> list[Finding]:
    out: list[Finding] = []
    if isinstance(node, Image) and node.iri_form:
        out.append(Finding(
            where, "image_iri", "warning",
            "image is a plain URL string; OB 3.0 wants an Image object "
            '({"id": ..., "type": "Image"}); read as that object',
            "image が URL 文字列です。OB 3.0 では Image オブジェクトが必要です"
            "（そのように読みました）"))
    if isinstance(node, AchievementSubject) and node.id is None and not node.identifier:
        out.append(Finding(
            where, "subject_identity", "error",
            "credentialSubject has neither 'id' nor 'identifier': the credential is bound to "
            "no learner and cannot be matched to a holder",
            "credentialSubject に id も identifier もありません。資格証明が学習者に結び付いて"
            "いないため、所持者と照合できません"))
    if isinstance(node, _VerifiableCredential) and node.jwt_form is not None:
        out.append(Finding(
            where, "embedded_jwt", "warning",
            "an embedded credential given as a VC-JWT string; read from its payload (reading "
            "does not check its signature)",
            "埋め込みの資格証明が VC-JWT 文字列です。ペイロードから読みました（署名は未確認）"))
    for alias in type(node)._wire_required:
        # members OB 3.0 requires that a lenient read lets be absent (see OBModel)
        name = next(n for n, f in type(node).model_fields.items() if (f.alias or n) == alias)
        if getattr(node, name) is None:
            what = type(node).__name__
            out.append(Finding(
                (*where, alias), f"missing_{alias}", "warning",
                f"the {what} has no '{alias}' (OB 3.0 requires it)",
                f"{what} に {alias} がありません（OB 3.0 では必須）"))
    if isinstance(node, ClrSubject) and node.id is None and not node.identifier:
        out.append(Finding(
            where, "subject_identity", "error",
            "the ClrSubject has neither 'id' nor 'identifier': the CLR is bound to no learner, "
            "so its credentials cannot be shown to be about one learner",
            "ClrSubject に id も identifier もありません。CLR が学習者に結び付いていないため、"
            "含まれる資格証明が同じ学習者のものか確認できません"))
    if isinstance(node, _VerifiableCredential):
        second = node.context[1] if len(node.context) > 1 else None
        clr = isinstance(node, ClrCredential)
        pattern, kind = (CLR_CONTEXT_RE, "CLR 2.0") if clr else (OB_CONTEXT_RE, "OB 3.0")
        if not (isinstance(second, str) and pattern.match(second)):
            out.append(Finding(
                (*where, "@context", 1), "context_order", "warning",
                f"the second @context item {str(second)[:80]!r} is not a {kind} context "
                "(a pre-release or draft context?)",
                f"2 番目の @context {str(second)[:80]!r} は {kind} コンテキストではありません"))
    if isinstance(node, Association) and node.association_type not in CLR_ASSOCIATION_TYPES:
        out.append(Finding(
            (*where, "associationType"), "association_type", "warning",
            f"{node.association_type[:80]!r} is not a CLR 2.0 associationType; kept as it is",
            f"{node.association_type[:80]!r} は CLR 2.0 の関連種別ではありません（そのまま保持）"))
    for name in _EXT_FIELDS.get(type(node), ()):
        value = getattr(node, name)
        if isinstance(value, str) and not isinstance(value, Enum) and not _EXT_RE.match(value):
            field = type(node).model_fields[name]
            out.append(Finding(
                (*where, field.alias or name), "enum_ext", "warning",
                f"{value[:80]!r} is neither a value of the OB 3.0 vocabulary nor an 'ext:' "
                "extension term; kept as it is",
                f"{value[:80]!r} は OB 3.0 の語彙にも 'ext:' 拡張語にもありません（そのまま保持）"))
    return out


# --------------------------------------------------------------------------------------------
# Entry point


def read_credential(
    doc: Mapping[str, Any] | str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES,
) -> ReadResult[OpenBadgeCredential | EndorsementCredential]:
    """Read a received OB 3.0 credential leniently: the typed model plus its findings.

    ``doc`` is the credential as a ``dict``, as JSON text, or as a VC-JWT (compact JWS: the
    ``vc`` claim, or the payload itself in the VC-JOSE-COSE form; the signature is *not*
    checked by reading, ``result.jwt`` keeps the token).  The class
    (:class:`EndorsementCredential` or :class:`OpenBadgeCredential`) is chosen by ``type``.
    Raises :class:`~microcred.InvalidJsonError` for text that is not strict JSON or exceeds
    ``max_bytes``, :class:`~microcred.InvalidDataError` (with paths) for a document that is
    not an object, is too large, or violates a rule that lenient reading does not tolerate.

    >>> from microcred import ob3
    >>> res = ob3.read_credential({
    ...     "@context": ["https://www.w3.org/ns/credentials/v2",
    ...                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    ...     "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
    ...     "issuer": {"id": "https://example.edu", "type": ["Profile"],
    ...                "image": "https://example.edu/logo.png"},
    ...     "validFrom": "2026-01-01T00:00:00Z",
    ...     "credentialSubject": {"type": ["AchievementSubject"],
    ...         "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"],
    ...             "name": "Intro", "description": "An intro.",
    ...             "criteria": {"narrative": "Pass"}}}})
    >>> [(f.pointer, f.rule, f.severity) for f in res.findings]
    [('/credentialSubject', 'subject_identity', 'error'), ('/issuer/image', 'image_iri', 'warning')]
    >>> res.credential.issuer.image.id
    'https://example.edu/logo.png'
    """
    data = load_document(doc, "credential", max_bytes)
    jwt = _compact_jws(doc, max_bytes) if isinstance(doc, (str, bytes)) else None
    types = data.get("type")
    type_list = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    cls: type[OpenBadgeCredential | EndorsementCredential] = (
        EndorsementCredential if "EndorsementCredential" in type_list else OpenBadgeCredential)
    try:
        model = cls.model_validate(data, context={_WIRE: True, _LENIENT: True})
    except ValidationError as exc:
        raise _invalid(exc, cls.__name__, data) from exc
    return ReadResult(model, tuple(model_findings(model)), jwt)


def read_clr_credential(doc: Mapping[str, Any] | str | bytes, *,
                        max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult[ClrCredential]:
    """Read a ClrCredential leniently (see :func:`microcred.clr.read_clr`)."""
    data = load_document(doc, "ClrCredential", max_bytes)
    jwt = _compact_jws(doc, max_bytes) if isinstance(doc, (str, bytes)) else None
    try:
        model = ClrCredential.model_validate(data, context={_WIRE: True, _LENIENT: True})
    except ValidationError as exc:
        raise _invalid(exc, "ClrCredential", data) from exc
    return ReadResult(model, tuple(model_findings(model)), jwt)
