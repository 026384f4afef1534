"""The microcred exception hierarchy.

Every error microcred raises on purpose derives from :class:`MicrocredError`, so callers can
catch one class.  Sub-classes say *what* went wrong; attributes say *where*.

Each area of the library adds its specific exceptions here so that the whole family is visible
in one place (``help(microcred.MicrocredError)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AmbiguousSubjectError",
    "AmbiguousValueError",
    "BakingError",
    "CanonicalizationLimitError",
    "DataModelError",
    "ErrorDetail",
    "InvalidDataError",
    "InvalidJsonError",
    "JsonLdError",
    "JwtError",
    "KeyFormatError",
    "KeyResolutionError",
    "MicrocredError",
    "NumberLimitError",
    "ProfileError",
    "SafeModeError",
    "SigningError",
    "StackError",
    "StatusListError",
    "StructuralError",
    "UnknownContextError",
    "UnknownCryptosuiteError",
    "UnsupportedEncodingError",
    "VerificationError",
]


class MicrocredError(Exception):
    """Root of every exception raised deliberately by microcred."""


@dataclass(frozen=True)
class ErrorDetail:
    """One problem found while validating input.

    ``loc`` is the path to the offending value (field names and list indexes, as pydantic
    reports them), ``msg`` a human-readable message, ``type`` a machine-readable code.
    """

    loc: tuple[str | int, ...]
    msg: str
    type: str

    @property
    def path(self) -> str:
        """The location as a dotted path, e.g. ``learning_outcomes.0.statement``."""
        return ".".join(str(p) for p in self.loc) or "<root>"


class InvalidDataError(MicrocredError, ValueError):
    """Input data does not fit the model.

    ``errors`` lists every problem with its field path; ``str(exc)`` names them all.
    Raised instead of (and chained from) :class:`pydantic.ValidationError` by microcred's
    parsing entry points.
    """

    def __init__(self, message: str, errors: Sequence[ErrorDetail] = ()) -> None:
        self.errors: tuple[ErrorDetail, ...] = tuple(errors)
        if self.errors:
            lines = [message] + [f"  {e.path}: {e.msg} [{e.type}]" for e in self.errors]
            message = "\n".join(lines)
        super().__init__(message)

    @classmethod
    def from_pydantic(cls, exc: Any, what: str = "data") -> InvalidDataError:
        """Build from a :class:`pydantic.ValidationError`, keeping every error location."""
        details = [
            ErrorDetail(loc=tuple(err.get("loc", ())), msg=str(err.get("msg", "")),
                        type=str(err.get("type", "")))
            for err in exc.errors()
        ]
        return cls(f"invalid {what}: {len(details)} problem(s)", details)


class InvalidJsonError(MicrocredError, ValueError):
    """Text is not acceptable JSON (syntax error, NaN/Infinity, duplicate keys, too deep)."""


class NumberLimitError(InvalidJsonError):
    """A JSON number is longer (more digits, a larger exponent) than the limit allows."""


class ProfileError(MicrocredError):
    """A framework profile is malformed or a profile operation cannot be performed."""


class JsonLdError(MicrocredError):
    """JSON-LD processing failed."""


class UnknownContextError(JsonLdError):
    """A document names a context that is neither bundled nor registered by the caller.

    microcred never fetches contexts from the network.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"unknown JSON-LD context {url!r}: not bundled and not registered "
                         "(microcred never fetches contexts)")


class SafeModeError(JsonLdError):
    """Expansion would drop a term or type, or meet a relative IRI (JSON-LD *safe mode*)."""

    def __init__(self, message: str, *, term: str | None = None, path: str | None = None) -> None:
        self.term = term
        self.path = path
        super().__init__(message)


class CanonicalizationLimitError(JsonLdError):
    """Canonicalisation stopped because a configured resource limit was reached."""


class KeyFormatError(MicrocredError, ValueError):
    """A key or key encoding (multibase, JWK, seed) is malformed or of the wrong type/length."""


class KeyResolutionError(MicrocredError):
    """A verification method could not be resolved to a public key."""


class UnknownCryptosuiteError(MicrocredError):
    """A proof names a cryptosuite or proof type that is not on the allow-list."""


class SigningError(MicrocredError):
    """A document could not be signed."""


class VerificationError(MicrocredError):
    """Raised by helpers that turn a failed verification result into an exception."""


class StackError(MicrocredError):
    """The stackability resolver cannot work with its input."""


class StructuralError(StackError):
    """A pathway is structurally invalid (cycle, dangling reference, impossible demand)."""


class StatusListError(MicrocredError):
    """A Bitstring Status List or status entry is malformed, or decoding exceeded its bounds."""


class BakingError(MicrocredError):
    """An image cannot be baked or unbaked (malformed PNG/SVG, duplicated credential, ...)."""


class JwtError(MicrocredError):
    """A VC-JWT is malformed or uses a disallowed algorithm."""


class AmbiguousSubjectError(InvalidDataError):
    """A credential has several ``credentialSubject`` entries and not exactly one of the
    wanted type, so which one is meant cannot be decided (the order of a set is not signed:
    microcred never takes "the first")."""


class DataModelError(SigningError):
    """A document breaks the VC data model, so it is not signed (VC 2.0: a conforming issuer
    never produces a non-conforming credential).

    ``violations`` lists every problem (``path``, ``code``, ``problem_type``, ``message_en``,
    ``message_ja``; see :func:`microcred.data_model_violations`); ``str(exc)`` names them all.
    """

    def __init__(self, violations: Sequence[Any]) -> None:
        self.violations: tuple[Any, ...] = tuple(violations)
        lines = [f"the document does not conform to the VC data model "
                 f"({len(self.violations)} violation(s)); it was not signed"]
        lines += [f"  {v}" for v in self.violations]
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.violations,))

    @property
    def message_ja(self) -> str:
        """The same in Japanese."""
        return "\n".join(["文書が VC データモデルに適合しないため署名しませんでした"] + [
            f"  {getattr(v, 'path', '')}: {getattr(v, 'message_ja', v)}"
            for v in self.violations])


class UnsupportedEncodingError(BakingError):
    """A baked SVG is not UTF-8, or declares an encoding in which its bytes mean other text
    than in UTF-8: two readers would read two different credentials, so it is refused.
    ``encoding`` is the declared (or detected) encoding."""

    def __init__(self, encoding: str, reason: str) -> None:
        self.encoding = encoding
        super().__init__(
            f"SVG encoding {encoding!r} refused: {reason}; baked SVGs are read as UTF-8 "
            f"(SVG のエンコーディング {encoding!r} は扱えません。UTF-8 で保存してください)")


class AmbiguousValueError(InvalidDataError):
    """A credential holds several different values where microcred reads one (two numeric
    results, two level alignments) and nothing says which is meant: the order of a set is not
    signed, so microcred never takes "the first".  Select one explicitly (see the function's
    ``..._id=``/``result_description=``/``level_framework=`` arguments)."""
