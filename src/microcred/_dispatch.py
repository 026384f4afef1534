"""Which verifier an input needs: an Open Badges 2.0 assertion goes to
:func:`microcred.ob2.verify_ob2`, anything else to :func:`microcred.verify`.

One place for the decision, used by :func:`microcred.batch.verify_many` (and so by the CLI's
``verify-batch``) and by the CLI's ``verify``. Nothing heavy is imported here: ``ob2`` loads
only when a compact JWS has to be read to tell, or an assertion is verified.

>>> is_ob2({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"})
True
>>> is_ob2({"@context": ["https://www.w3.org/ns/credentials/v2"],
...         "type": ["VerifiableCredential", "OpenBadgeCredential"]})
False
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ._errors import InvalidDataError, MicrocredError

__all__ = ["OB2_ONLY_OPTIONS", "RecipientNotApplicableError", "is_ob2", "verify_one"]

#: The OB 2.0 context, as assertions write it (with or without a final slash).
_OB2_CONTEXTS = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")
_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")
#: Options of :func:`verify_one` that only OB 2.0 assertions use.
OB2_ONLY_OPTIONS = ("ob2_documents", "recipient")
#: Options of :func:`microcred.verify` that :func:`microcred.ob2.verify_ob2` also takes.
_SHARED_OPTIONS = ("now", "clock_skew", "max_bytes")


class RecipientNotApplicableError(InvalidDataError):
    """A recipient identity to compare was given for an input that is not an Open Badges 2.0
    assertion (an OB 3.0 credential names its subject differently; it is not compared)."""


def is_ob2(value: Any) -> bool:
    """True for an OB 2.0 assertion (by its context, or an ``Assertion`` that is no VC), a
    compact JWS whose payload is one, or the URL of a hosted assertion (as OB 2.0 images bake
    them). Never raises."""
    if isinstance(value, str):
        text = value.strip()
        if text.lower().startswith(("https://", "http://")):
            return True
        if not _JWS.fullmatch(text):
            return False
        from .ob2 import load_assertion

        try:
            value = load_assertion(text).assertion
        except MicrocredError:
            return False
    if not isinstance(value, Mapping):
        return False
    context = value.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if any(isinstance(c, str) and c.rstrip("/") in _OB2_CONTEXTS for c in contexts):
        return True
    types = value.get("type")
    types = types if isinstance(types, list) else [types]
    return "Assertion" in types and "VerifiableCredential" not in types


def verify_one(document: Any, *, ob2_documents: Any = None, recipient: str | None = None,
               **options: Any) -> Any:
    """Verify ``document`` with the verifier it needs; a
    :class:`~microcred.VerificationResult` either way.

    An OB 2.0 assertion (:func:`is_ob2`) goes to :func:`microcred.ob2.verify_ob2` with
    ``documents=ob2_documents`` (what a verifier would fetch, by URL), ``recipient`` and the
    options both verifiers take (``now``, ``clock_skew``, ``max_bytes``); the OB 3.0 options
    do not apply to it. Anything else goes to :func:`microcred.verify` with ``options``;
    ``recipient`` given for it raises :class:`RecipientNotApplicableError`, because no
    recipient would be compared and a verdict would look as if one had been.
    """
    if is_ob2(document):
        from .ob2 import verify_ob2

        shared = {name: options[name] for name in _SHARED_OPTIONS if name in options}
        return verify_ob2(document, documents=ob2_documents, recipient=recipient, **shared)
    if recipient is not None:
        raise RecipientNotApplicableError(
            "a recipient to compare applies to Open Badges 2.0 assertions only; this is not "
            "one, and no recipient would be compared / 照合する受領者は Open Badges 2.0 の"
            "アサーションにだけ使われます。これはアサーションではなく、受領者は照合されません")
    from .signing import verify

    return verify(document, **options)
