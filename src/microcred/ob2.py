"""Open Badges 2.0: read hosted and signed assertions, verify them offline, convert to OB 3.0.

Open Badges 2.0 (1EdTech, 2018) is still the format of most badges in the wild.  An OB 2.0
*Assertion* names its recipient (usually a salted hash of an e-mail address), links to a
*BadgeClass* (what was achieved), which links to an *Issuer* profile.  It is verified in one
of two ways:

* **hosted**: the assertion is published at its own ``id`` URL; fetching it from there (from an
  origin the issuer allows) is the proof;
* **signed**: the assertion is the payload of a compact JWS (RS256) made with a key the issuer
  publishes as a *CryptographicKey* whose ``owner`` is the issuer.

microcred never fetches anything.  The caller supplies every document it fetched — the hosted
assertion, BadgeClass, Issuer, CryptographicKey, RevocationList — through ``documents``: a
mapping from URL to the document (a dict or JSON text), or a function ``url -> document or
None``.  A document the caller did not supply makes the step *could not check*, never
*verified*.

>>> from microcred import ob2
>>> assertion = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
...     "id": "https://example.org/assertions/1",
...     "recipient": {"type": "email", "hashed": False, "identity": "ann@example.org"},
...     "badge": "https://example.org/badges/robotics", "issuedOn": "2024-01-01T00:00:00Z",
...     "verification": {"type": "hosted"}}
>>> documents = {assertion["id"]: assertion,
...     "https://example.org/badges/robotics": {"@context": "https://w3id.org/openbadges/v2",
...         "type": "BadgeClass", "id": "https://example.org/badges/robotics",
...         "name": "Robotics", "description": "Built a robot.",
...         "image": "https://example.org/robotics.png",
...         "criteria": {"narrative": "Build a robot."}, "issuer": "https://example.org/issuer"},
...     "https://example.org/issuer": {"@context": "https://w3id.org/openbadges/v2",
...         "type": "Issuer", "id": "https://example.org/issuer", "name": "Example",
...         "url": "https://example.org", "email": "badges@example.org"}}
>>> result = ob2.verify_ob2(assertion, documents=documents, recipient="ann@example.org")
>>> result.verified, result.codes["ob2.verification"], result.codes["ob2.recipient"]
(True, 'hosted-ok', 'recipient-match')
>>> ob3_doc = ob2.to_ob3(assertion, documents=documents)
>>> ob3_doc["credentialSubject"]["achievement"]["name"], ob3_doc["validFrom"]
('Robotics', '2024-01-01T00:00:00Z')
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote_to_bytes, urlsplit

from ._di.result import Check, Outcome, VerificationResult
from ._errors import BakingError, InvalidDataError, MicrocredError
from .baking import _chunks, _parse_payload, _scan_svg, _split_itxt, image_format
from .jsonld import DEFAULT_MAX_BYTES, StaticLoader, expand, parse_json
from .ob3 import OpenBadgeCredential, parse_datetime

__all__ = [
    "MAX_DATA_IMAGE_BYTES",
    "MAX_EXTENSIONS",
    "OB2_CONTEXT",
    "OB2_PNG_KEYWORD",
    "OB2_SVG_NAMESPACE",
    "Ob2Assertion",
    "load_assertion",
    "to_ob3",
    "unbake_ob2",
    "verify_ob2",
]

#: The OB 2.0 JSON-LD context (bundled: :mod:`microcred.jsonld`).
OB2_CONTEXT = "https://w3id.org/openbadges/v2"
#: Keyword of the iTXt chunk of an OB 2.0 baked PNG.
OB2_PNG_KEYWORD = "openbadges"
#: Namespace of the ``<openbadges:assertion>`` element of an OB 2.0 baked SVG.
OB2_SVG_NAMESPACE = "http://openbadges.org"

Documents = Mapping[str, Any] | Callable[[str], Any]

_JWS_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\Z")
_MAX_INFLATED = 4 * 1024 * 1024
_DEFAULT_SKEW = timedelta(minutes=5)
_HOSTED = frozenset({"hosted", "HostedBadge"})
_SIGNED = frozenset({"signed", "SignedBadge"})
_IDENTITY_TYPES = {"email": "emailAddress"}


# --------------------------------------------------------------------------------------------
# Reading


def unbake_ob2(image: bytes) -> dict[str, Any] | str:
    """The OB 2.0 assertion baked into a PNG or SVG: a dict (JSON), or a string (a compact JWS
    of a signed assertion, or the URL of a hosted one).

    PNG: the ``iTXt`` chunk with keyword ``openbadges`` (compressed text is inflated, bounded);
    an OB 1.x ``tEXt`` chunk with that keyword is read only when it is ASCII (Latin-1 and UTF-8
    readers agree).  SVG: the ``<openbadges:assertion>`` element in ``http://openbadges.org``,
    its ``verify`` attribute (URL or JWS) or its body (JSON).  SVGs are parsed as safely as
    OB 3.0 ones (:mod:`microcred.baking`).  Raises :class:`~microcred.BakingError`.
    """
    if image_format(image) == "png":
        return _unbake_png(image)
    scan = _scan_svg(image, element=f"{OB2_SVG_NAMESPACE} assertion")
    if len(scan.cred_attrs) != 1:
        raise BakingError(f"the SVG carries {len(scan.cred_attrs)} <openbadges:assertion> "
                          "elements in http://openbadges.org; exactly one is needed")
    attrs, body = scan.cred_attrs[0], "".join(scan.cred_text[0]).strip()
    verify = attrs.get("verify", "").strip()
    if verify and body:
        raise BakingError("<openbadges:assertion> has both a 'verify' attribute and a body")
    return _payload(verify or body, "SVG <openbadges:assertion>")


def _unbake_png(image: bytes) -> dict[str, Any] | str:
    found: list[str] = []
    for chunk in _chunks(image):
        keyword = chunk.data.split(b"\0", 1)[0]
        if keyword != OB2_PNG_KEYWORD.encode():
            continue
        if chunk.ctype == b"iTXt":
            parsed = _split_itxt(chunk.data)
            if parsed is None:
                raise BakingError("malformed 'openbadges' iTXt chunk")
            raw = parsed.text
            if parsed.compressed:
                inflater = zlib.decompressobj()
                try:
                    raw = inflater.decompress(raw, _MAX_INFLATED)
                except zlib.error as exc:
                    raise BakingError(f"the 'openbadges' iTXt text does not inflate: {exc}"
                                      ) from None
                if inflater.unconsumed_tail:
                    raise BakingError("the 'openbadges' iTXt text inflates beyond "
                                      f"{_MAX_INFLATED} bytes")
            try:
                found.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                raise BakingError("the 'openbadges' iTXt text is not UTF-8") from None
        elif chunk.ctype == b"tEXt":
            raw = chunk.data[len(keyword) + 1:]
            if not raw.isascii():
                raise BakingError("an 'openbadges' tEXt chunk with non-ASCII (Latin-1) text: "
                                  "readers would disagree on it; refused")
            found.append(raw.decode("ascii"))
        else:
            raise BakingError(f"an 'openbadges' {chunk.ctype.decode()} chunk; OB 2.0 uses iTXt")
    if len(found) != 1:
        raise BakingError(f"the PNG carries {len(found)} 'openbadges' chunks; exactly one is "
                          "needed")
    return _payload(found[0], "PNG 'openbadges'")


def _payload(text: str, where: str) -> dict[str, Any] | str:
    """Assertion JSON, a compact JWS, or (OB 2.0 only) the URL of a hosted assertion."""
    text = text.strip()
    if _is_http(text):
        return text
    return _parse_payload(text, where)


@dataclass(frozen=True)
class Ob2Assertion:
    """An OB 2.0 assertion as read: the JSON, and the compact JWS when it came signed."""

    assertion: dict[str, Any]
    jws: str | None = None
    jws_header: dict[str, Any] | None = None


def _b64json(part: str, what: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise InvalidDataError(f"the JWS {what} is not base64url") from None
    value = parse_json(raw)
    if not isinstance(value, dict):
        raise InvalidDataError(f"the JWS {what} is not a JSON object")
    return value


def load_assertion(source: Mapping[str, Any] | str | bytes, *,
                   documents: Documents | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> Ob2Assertion:
    """Read an OB 2.0 assertion from a dict, JSON text, a compact JWS, the URL of a hosted
    assertion (looked up in ``documents``), or baked PNG/SVG bytes.

    Raises :class:`~microcred.InvalidJsonError`, :class:`~microcred.InvalidDataError` or
    :class:`~microcred.BakingError` when the input is not an assertion; nothing is fetched.
    """
    value: Any = source
    if isinstance(source, (bytes, bytearray, memoryview)):
        raw = bytes(source)
        if len(raw) > max_bytes:
            raise InvalidDataError(f"input of {len(raw)} bytes exceeds the limit of {max_bytes}")
        if raw[:8] == b"\x89PNG\r\n\x1a\n" or raw.lstrip()[:1] == b"<":
            value = unbake_ob2(raw)
        else:
            value = raw.decode("utf-8", "strict") if raw.isascii() else raw
    if isinstance(value, bytes):
        value = parse_json(value, max_bytes=max_bytes)
    if isinstance(value, str):
        text = value.strip()
        if _JWS_RE.match(text):
            header_b64, payload_b64, _ = text.split(".")
            header = _b64json(header_b64, "header")
            return Ob2Assertion(_b64json(payload_b64, "payload"), text, header)
        if _is_http(text):
            hosted = _resolve(documents, text, max_bytes) if documents is not None else None
            if hosted is None:
                raise InvalidDataError(f"the assertion is only referenced by its URL {text!r}; "
                                       "pass the fetched document in documents")
            return Ob2Assertion(hosted)
        value = parse_json(text, max_bytes=max_bytes)
    if not isinstance(value, Mapping):
        raise InvalidDataError(f"an OB 2.0 assertion is a JSON object, not "
                               f"{type(value).__name__}")
    return Ob2Assertion(dict(value))


_HTTP_ID = re.compile(r"^https?://.+", re.IGNORECASE | re.DOTALL)


def _is_http_id(issuer_id: str) -> bool:
    """ValidationIssuerPropertyProbe's test: the id matches ``^http(s)?://.+``."""
    return bool(_HTTP_ID.match(issuer_id))


def _is_http(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


def _resolve(documents: Documents | None, url: str, max_bytes: int) -> dict[str, Any] | None:
    """The caller-supplied document for ``url`` as a JSON object, or None."""
    if documents is None:
        return None
    found = documents(url) if callable(documents) else documents.get(url)
    if found is None:
        return None
    if isinstance(found, (str, bytes, bytearray)):
        found = parse_json(bytes(found) if not isinstance(found, str) else found,
                           max_bytes=max_bytes)
    if not isinstance(found, Mapping):
        raise InvalidDataError(f"the document supplied for {url!r} is not a JSON object")
    return dict(found)


# --------------------------------------------------------------------------------------------
# Verification


def _types(node: Mapping[str, Any]) -> list[str]:
    return _as_strs(node.get("type"))


def _ob2_time(value: Any, what: str) -> datetime:
    """An OB 2.0 DateTime: an ISO 8601 string with an offset, or a Unix timestamp."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**11:
        return datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed
        if parsed is not None:
            raise InvalidDataError(f"{what} {value!r} has no UTC offset; which instant is "
                                   "meant would be a guess (タイムゾーンがありません)")
    raise InvalidDataError(f"{what} {str(value)[:60]!r} is not an OB 2.0 DateTime")


class _Checks:
    def __init__(self) -> None:
        self.items: list[Check] = []

    def add(self, check_id: str, outcome: Outcome, code: str, en: str, ja: str, *,
            required: bool = True, **details: Any) -> None:
        self.items.append(Check(check_id, outcome, code, en, ja, required, details or None))

    def ok(self, check_id: str, code: str, en: str, ja: str, **details: Any) -> None:
        self.add(check_id, Outcome.PASSED, code, en, ja, **details)

    def fail(self, check_id: str, code: str, en: str, ja: str, **details: Any) -> None:
        self.add(check_id, Outcome.FAILED, code, en, ja, **details)

    def missing(self, check_id: str, url: str, what: str) -> None:
        self.add(check_id, Outcome.COULD_NOT_CHECK, "document-missing",
                 f"the {what} {url!r} was not supplied (microcred never fetches)",
                 f"{what} {url!r} が与えられていません（microcred は取得しません）", url=url)


def _node(checks: _Checks, check_id: str, ref: Any, what: str, wanted: tuple[str, ...],
          documents: Documents | None, max_bytes: int) -> dict[str, Any] | None:
    """An embedded node, or the supplied document for a reference, of one of ``wanted``."""
    if isinstance(ref, Mapping):
        node: dict[str, Any] = dict(ref)
    elif isinstance(ref, str) and ref:
        try:
            found = _resolve(documents, ref, max_bytes)
        except MicrocredError as exc:
            checks.fail(check_id, "document-invalid", f"the {what} {ref!r}: {exc}",
                        f"{what} {ref!r} が不正です: {exc}")
            return None
        if found is None:
            checks.missing(check_id, ref, what)
            return None
        node = found
    else:
        checks.fail(check_id, "reference-missing", f"no {what} reference",
                    f"{what} の参照がありません")
        return None
    if not set(wanted) & set(_types(node)):
        checks.fail(check_id, "wrong-type", f"the {what} is not of type {' or '.join(wanted)}",
                    f"{what} の type が {' または '.join(wanted)} ではありません")
        return None
    return node


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _as_strs(value: Any) -> list[str]:
    """A string or a list of strings as a list (other items and values ignored)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _hosted(checks: _Checks, read: Ob2Assertion, issuer: Mapping[str, Any],
            documents: Documents | None, max_bytes: int) -> dict[str, Any] | None:
    """Hosted verification; returns the hosted (authoritative) assertion when it checks."""
    assertion_id = read.assertion.get("id")
    if not isinstance(assertion_id, str) or not _is_http(assertion_id):
        checks.fail("ob2.verification", "hosted-id-not-http",
                    "a hosted assertion's id must be the HTTP(S) URL it is published at",
                    "ホスト型アサーションの id は公開先の HTTP(S) URL でなければなりません")
        return None
    found = issuer.get("verification")
    policy: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    starts = _as_strs(policy.get("startsWith"))
    origins = [o.lower() for o in _as_strs(policy.get("allowedOrigins"))]
    issuer_id = str(issuer.get("id") or "")
    if starts and not any(assertion_id.startswith(s) for s in starts):
        checks.fail("ob2.verification", "hosted-not-allowed",
                    f"the assertion id {assertion_id!r} starts with none of the issuer's "
                    f"startsWith {starts}",
                    f"アサーション id {assertion_id!r} が発行者の startsWith {starts} の"
                    "どれとも一致しません")
        return None
    if origins and _host(assertion_id) not in origins:
        checks.fail("ob2.verification", "hosted-not-allowed",
                    f"the assertion is hosted on {_host(assertion_id)!r}, not on one of the "
                    f"issuer's allowedOrigins {origins}",
                    f"アサーションのホスト {_host(assertion_id)!r} は発行者の allowedOrigins "
                    f"{origins} にありません")
        return None
    # An issuer id that is not HTTP(S), with no policy, has no origin to enforce: the 1EdTech
    # validator warns and goes on (VerificationDependenciesProbe: "has no HTTP domain to
    # enforce hosted verification policy against"); ob2.issuer-http carries the warning.
    enforced = bool(starts or origins or _is_http_id(issuer_id))
    if not starts and not origins and enforced and _host(assertion_id) != _host(issuer_id):
        checks.fail("ob2.verification", "hosted-not-allowed",
                    f"the assertion is hosted on {_host(assertion_id)!r}, not on the issuer's "
                    f"origin {_host(issuer_id)!r} (no verification policy allows it)",
                    f"アサーションのホスト {_host(assertion_id)!r} が発行者のオリジン "
                    f"{_host(issuer_id)!r} と異なります")
        return None
    try:
        hosted = _resolve(documents, assertion_id, max_bytes)
    except MicrocredError as exc:
        checks.fail("ob2.verification", "document-invalid", str(exc), str(exc))
        return None
    if hosted is None:
        checks.missing("ob2.verification", assertion_id, "hosted assertion")
        return None
    if hosted != read.assertion:
        checks.fail("ob2.verification", "hosted-mismatch",
                    "the assertion differs from the copy published at its id",
                    "アサーションが id の公開先の内容と異なります")
        return None
    if enforced:
        checks.ok("ob2.verification", "hosted-ok",
                  f"the assertion is published at its id {assertion_id!r}, an origin the issuer "
                  "allows",
                  f"アサーションは発行者が認めるオリジンの id {assertion_id!r} で公開されています")
    else:
        checks.ok("ob2.verification", "hosted-ok",
                  f"the assertion is published at its id {assertion_id!r}; the issuer has no "
                  "HTTP origin, so no origin policy could be enforced (see ob2.issuer-http)",
                  f"アサーションは id {assertion_id!r} で公開されています。発行者に HTTP の"
                  "オリジンがないため、ホスト元の制限は確認できません（ob2.issuer-http）",
                  origin_enforced=False)
    return hosted


def _published_issuer(checks: _Checks, ref: Any, issuer: dict[str, Any],
                      documents: Documents | None, max_bytes: int) -> dict[str, Any] | None:
    """The issuer profile that decides verification: the document published for the
    issuer's id, never a copy embedded in the assertion or the BadgeClass (a signed
    assertion's embedded profile is the signer's content: listing the signer's key under the
    real issuer's id made it the issuer's). As the 1EdTech validator, which resolves
    ``badge.issuer`` as a URL. A document whose ``id`` differs from the URL it was supplied
    for is accepted on the same host (a redirect, as in the validator's own fixtures, with
    the warning ``issuer-id-differs``), never across hosts: whoever serves a URL speaks only
    for its own host. A profile whose id is not HTTP(S) has no published location (anyone
    may claim it; ``ob2.issuer-http`` warns of that, as the validator does) and is used as it
    is. None after a failed or could-not-check ``ob2.verification``."""
    issuer_id = issuer.get("id")
    if isinstance(ref, Mapping):
        if not isinstance(issuer_id, str) or not _is_http_id(issuer_id):
            return issuer
        found = _node(checks, "ob2.verification", issuer_id, "Issuer profile",
                      ("Issuer", "Profile"), documents, max_bytes)
        if found is None:
            return None
        ref, issuer, issuer_id = issuer_id, found, found.get("id")
    if issuer_id == ref:
        return issuer
    shown, served = str(issuer_id)[:120], str(ref)[:120]
    if isinstance(issuer_id, str) and _is_http_id(issuer_id) and not (
            isinstance(ref, str) and _host(ref) and _host(issuer_id) == _host(ref)):
        checks.fail("ob2.verification", "issuer-id-differs",
                    f"the issuer document supplied for {served!r} has id {shown!r} on another "
                    "host: it cannot speak for that issuer's keys or hosts",
                    f"{served!r} の発行者文書の id {shown!r} は別のホストのものです")
        return None
    checks.add("ob2.issuer-id", Outcome.FAILED, "issuer-id-differs",
               f"the issuer document supplied for {served!r} has id {shown!r} (a redirect "
               "on the same host, or an id with no published location); its id is used",
               f"{served!r} の発行者文書の id は {shown!r} です", required=False)
    return issuer

def _signed(checks: _Checks, read: Ob2Assertion, issuer: Mapping[str, Any],
            documents: Documents | None, max_bytes: int) -> bool:
    if read.jws is None or read.jws_header is None:
        checks.fail("ob2.verification", "signed-without-jws",
                    "verification.type is 'signed' but the assertion was not given as a JWS",
                    "署名型ですが JWS として与えられていません")
        return False
    if read.jws_header.get("alg") != "RS256":
        checks.fail("ob2.verification", "alg-not-allowed",
                    f"JWS alg {str(read.jws_header.get('alg'))[:20]!r}; OB 2.0 uses RS256",
                    "JWS の alg が RS256 ではありません")
        return False
    verification = read.assertion.get("verification")
    creator = verification.get("creator") if isinstance(verification, Mapping) else None
    keys = _as_strs(issuer.get("publicKey"))
    if not isinstance(creator, str):
        if len(keys) != 1:
            checks.fail("ob2.verification", "key-unknown",
                        "verification.creator is absent and the issuer does not name exactly "
                        "one publicKey", "署名鍵を特定できません")
            return False
        creator = keys[0]
    key = _node(checks, "ob2.verification", creator, "CryptographicKey", ("CryptographicKey",),
                documents, max_bytes)
    if key is None:
        return False
    issuer_id = issuer.get("id")
    # the key must be listed in the issuer's own profile: its owner is only what whoever
    # hosts the key document says (both 1EdTech validators: "verify key ownership")
    if key.get("owner") != issuer_id or creator not in keys:
        checks.fail("ob2.verification", "key-not-issuers",
                    f"the key {creator!r} is not the issuer's (owner {key.get('owner')!r}, "
                    f"issuer {issuer_id!r}, issuer publicKey {keys})",
                    f"鍵 {creator!r} は発行者のものではありません")
        return False
    pem = key.get("publicKeyPem")
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
        from cryptography.hazmat.primitives.serialization import load_pem_public_key
    except ImportError:  # pragma: no cover - cryptography is a dependency
        checks.add("ob2.verification", Outcome.COULD_NOT_CHECK, "crypto-unavailable",
                   "RS256 needs the 'cryptography' package", "RS256 には cryptography が必要です")
        return False
    try:
        public = load_pem_public_key(pem.encode() if isinstance(pem, str) else b"")
    except (ValueError, TypeError):
        checks.fail("ob2.verification", "key-invalid", f"the key {creator!r} has no usable "
                    "publicKeyPem", f"鍵 {creator!r} の publicKeyPem が不正です")
        return False
    if not isinstance(public, rsa.RSAPublicKey) or public.key_size < 2048:
        checks.fail("ob2.verification", "key-invalid", "RS256 needs an RSA key of 2048 bits "
                    "or more", "RS256 には 2048 ビット以上の RSA 鍵が必要です")
        return False
    head, body, sig = read.jws.split(".")
    try:
        signature = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
        public.verify(signature, f"{head}.{body}".encode("ascii"), padding.PKCS1v15(),
                      hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        checks.fail("ob2.verification", "signature-invalid", "the JWS signature does not "
                    f"verify with {creator!r}", f"JWS の署名が {creator!r} で検証できません")
        return False
    checks.ok("ob2.verification", "signature-valid",
              f"the JWS signature verifies with the issuer's key {creator!r}",
              f"JWS の署名は発行者の鍵 {creator!r} で検証できました")
    return True


def _revocation(checks: _Checks, assertion: Mapping[str, Any], issuer: Mapping[str, Any],
                signed: bool, documents: Documents | None, max_bytes: int) -> None:
    if assertion.get("revoked") is True:
        reason = assertion.get("revocationReason")
        checks.fail("ob2.revocation", "revoked",
                    f"the assertion is revoked ({str(reason)[:200]!r})",
                    f"アサーションは失効しています（{str(reason)[:200]!r}）")
        return
    ref = issuer.get("revocationList")
    if not signed or not isinstance(ref, str):
        checks.ok("ob2.revocation", "not-revoked",
                  "not revoked (hosted: the published assertion is not marked revoked)"
                  if not signed else "the issuer publishes no revocation list",
                  "失効していません")
        return
    listing = _node(checks, "ob2.revocation", ref, "RevocationList", ("RevocationList",),
                    documents, max_bytes)
    if listing is None:
        return
    ids = {assertion.get("id"), assertion.get("uid")} - {None}
    entries = listing.get("revokedAssertions")
    for entry in entries if isinstance(entries, list) else []:
        entry_id = entry if isinstance(entry, str) else (
            entry.get("id") or entry.get("uid") if isinstance(entry, Mapping) else None)
        if entry_id in ids:
            reason = entry.get("revocationReason") if isinstance(entry, Mapping) else None
            checks.fail("ob2.revocation", "revoked",
                        f"the issuer's revocation list revokes the assertion ({reason!r})",
                        f"発行者の失効リストでアサーションが失効しています（{reason!r}）")
            return
    checks.ok("ob2.revocation", "not-revoked", "not on the issuer's revocation list",
              "発行者の失効リストに含まれていません")


def _recipient_check(checks: _Checks, assertion: Mapping[str, Any],
                     recipient: str | None) -> None:
    if recipient is None:
        checks.add("ob2.recipient", Outcome.SKIPPED, "not-requested",
                   "no recipient identity given to compare", "照合する受領者が指定されていません",
                   required=False)
        return
    who = assertion.get("recipient")
    if not isinstance(who, Mapping) or not isinstance(who.get("identity"), str):
        checks.fail("ob2.recipient", "recipient-invalid", "the assertion has no recipient "
                    "identity", "受領者の identity がありません")
        return
    identity: str = who["identity"]
    salt_value = who.get("salt")
    salt = salt_value if isinstance(salt_value, str) else ""
    if who.get("hashed") is True:
        algorithm, _, expected = identity.partition("$")
        if algorithm not in ("sha256", "md5") or not expected:
            checks.fail("ob2.recipient", "hash-unsupported",
                        f"unsupported identity hash {identity[:20]!r}",
                        "未対応の identity ハッシュです")
            return
        actual = hashlib.new(algorithm, (recipient + salt).encode("utf-8"),
                             usedforsecurity=False).hexdigest()
        match = hmac.compare_digest(actual, expected.lower())
    else:
        plain = recipient.lower() if who.get("type") == "email" else recipient
        match = hmac.compare_digest(
            plain.encode(), (identity.lower() if who.get("type") == "email" else identity
                             ).encode())
    if match:
        checks.ok("ob2.recipient", "recipient-match", "the assertion names this recipient",
                  "アサーションはこの受領者のものです")
    else:
        checks.fail("ob2.recipient", "recipient-mismatch",
                    "the assertion does not name this recipient",
                    "アサーションはこの受領者のものではありません")


def _times(checks: _Checks, assertion: Mapping[str, Any], now: datetime,
           skew: timedelta) -> None:
    try:
        issued = _ob2_time(assertion.get("issuedOn"), "issuedOn")
        expires = (_ob2_time(assertion["expires"], "expires")
                   if assertion.get("expires") is not None else None)
    except InvalidDataError as exc:
        checks.fail("ob2.validity", "date-invalid", str(exc), str(exc))
        return
    if expires is not None and expires < issued:
        checks.fail("ob2.validity", "expires-before-issued", "expires is before issuedOn",
                    "有効期限が発行日より前です")
    elif issued > now + skew:
        checks.fail("ob2.validity", "issued-in-future", f"issuedOn {issued.isoformat()} is in "
                    "the future", f"発行日 {issued.isoformat()} が未来です")
    elif expires is not None and expires < now - skew:
        checks.fail("ob2.validity", "expired", f"expired on {expires.isoformat()}",
                    f"{expires.isoformat()} に有効期限が切れています")
    else:
        checks.ok("ob2.validity", "valid", "issued in the past and not expired",
                  "発行済みで有効期限内です")


def _shape(checks: _Checks, assertion: Mapping[str, Any]) -> bool:
    problems: list[str] = []
    context = assertion.get("@context")
    if OB2_CONTEXT not in _as_strs(context) and context != OB2_CONTEXT:
        problems.append(f"@context must include {OB2_CONTEXT!r}")
    if "Assertion" not in _types(assertion):
        problems.append("type must include 'Assertion'")
    for member in ("id", "recipient", "badge", "verification", "issuedOn"):
        if assertion.get(member) in (None, "", {}):
            problems.append(f"'{member}' is required")
    verification = assertion.get("verification")
    kind = verification.get("type") if isinstance(verification, Mapping) else None
    if kind not in _HOSTED | _SIGNED:
        problems.append("verification.type must be 'hosted' or 'signed'")
    if problems:
        text = "; ".join(problems)
        checks.fail("ob2.shape", "assertion-invalid", f"not an OB 2.0 assertion: {text}",
                    f"OB 2.0 のアサーションではありません: {text}")
        return False
    checks.ok("ob2.shape", "assertion-ok", "an OB 2.0 Assertion", "OB 2.0 のアサーションです")
    return True


def verify_ob2(source: Mapping[str, Any] | str | bytes, *, documents: Documents | None = None,
               recipient: str | None = None, now: datetime | None = None,
               clock_skew: timedelta = _DEFAULT_SKEW,
               max_bytes: int = DEFAULT_MAX_BYTES) -> VerificationResult:
    """Verify an OB 2.0 assertion without network I/O.

    ``source`` is the assertion as :func:`load_assertion` reads it (dict, JSON text, compact
    JWS, hosted URL, baked PNG/SVG).  ``documents`` supplies what a verifier would fetch, by
    URL: the hosted assertion (at its ``id``), the BadgeClass, the Issuer profile, the
    CryptographicKey (``verification.creator``) and the issuer's RevocationList.  ``recipient``
    (e.g. an e-mail address) is compared with the assertion's possibly hashed identity.

    Checks: ``ob2.input``, ``ob2.shape``, ``ob2.badge``, ``ob2.issuer``, ``ob2.verification``
    (hosted: published at its id on an origin the issuer's verification policy allows —
    ``startsWith``, ``allowedOrigins``, else the issuer's own host; signed: RS256 JWS by a key
    whose ``owner`` is the issuer), ``ob2.revocation``, ``ob2.validity`` (``issuedOn`` not in
    the future, ``expires`` not passed, ``clock_skew`` tolerated), ``ob2.recipient``.  A
    document not supplied is *could not check* (not verified).  Never raises for bad input.

    As the 1EdTech validator (digital-credentials-public-validator) also checks:
    ``ob2.image`` (an assertion's ``image`` may not be a ``data:`` URI; a BadgeClass's or
    Issuer's may, if it declares image/png or image/svg+xml, decodes, and is at most
    :data:`MAX_DATA_IMAGE_BYTES`), ``ob2.extension`` (each ``Extension`` node against the
    JSON schema its context names — contexts and schemas are supplied through ``documents``;
    one not supplied, or the optional ``jsonschema`` package absent, is a *could not check*
    warning) and ``ob2.issuer-http`` (a warning when the issuer id is not HTTP(S); a hosted
    assertion then has no issuer origin to be checked against, which the validator accepts
    with that warning).
    """
    checks = _Checks()
    when = now if now is not None else datetime.now(timezone.utc)
    if when.tzinfo is None:
        raise TypeError("now must be a timezone-aware datetime")
    try:
        read = load_assertion(source, documents=documents, max_bytes=max_bytes)
    except (MicrocredError, UnicodeDecodeError) as exc:
        checks.fail("ob2.input", "unreadable", f"not a readable OB 2.0 assertion: {exc}",
                    f"OB 2.0 のアサーションとして読めません: {exc}")
        return VerificationResult(tuple(checks.items))
    checks.ok("ob2.input", "read", "signed (JWS)" if read.jws else "assertion JSON",
              "署名付き（JWS）" if read.jws else "アサーション JSON")
    assertion = read.assertion
    if not _shape(checks, assertion):
        return VerificationResult(tuple(checks.items), assertion)
    badge = _node(checks, "ob2.badge", assertion.get("badge"), "BadgeClass", ("BadgeClass",),
                  documents, max_bytes)
    issuer = None
    if badge is not None:
        checks.ok("ob2.badge", "badge-ok", f"BadgeClass {badge.get('name')!r}",
                  f"BadgeClass {badge.get('name')!r}")
        issuer = _node(checks, "ob2.issuer", badge.get("issuer"), "Issuer profile",
                       ("Issuer", "Profile"), documents, max_bytes)
    if issuer is not None:
        ref = badge.get("issuer") if badge is not None else None
        checks.ok("ob2.issuer", "issuer-ok", f"issuer {issuer.get('name')!r}",
                  f"発行者 {issuer.get('name')!r}")
        published = _published_issuer(checks, ref, issuer, documents, max_bytes)
        issuer_id = str(issuer.get("id") or "")
        if not _is_http_id(issuer_id):
            checks.add("ob2.issuer-http", Outcome.FAILED, "issuer-not-http",
                       f"the issuer profile id {issuer_id[:80]!r} is not an HTTP(S) URL: many "
                       "platforms can only handle HTTP(S)-hosted issuers, and a hosted "
                       "assertion has no issuer origin to be checked against",
                       f"発行者 id {issuer_id[:80]!r} が HTTP(S) ではありません。多くの環境は "
                       "HTTP(S) の発行者しか扱えず、ホスト型ではホスト元を確認できません",
                       required=False)
        kind = assertion["verification"]["type"]
        signed = kind in _SIGNED
        current: Mapping[str, Any] | None = None
        if published is None:
            pass  # (ob2.verification failed or could not be checked: the issuer is unknown)
        elif signed:
            ok = _signed(checks, read, published, documents, max_bytes)
            current = assertion if ok else None
        else:
            current = _hosted(checks, read, published, documents, max_bytes)
        if current is not None and published is not None:
            _revocation(checks, current, published, signed, documents, max_bytes)
    nodes = [("Assertion", assertion), ("BadgeClass", badge), ("Issuer", issuer)]
    _images(checks, nodes)
    _extensions(checks, nodes, documents, max_bytes)
    _times(checks, assertion, when, clock_skew)
    _recipient_check(checks, assertion, recipient)
    return VerificationResult(tuple(checks.items), assertion)


# --------------------------------------------------------------------------------------------
# Images and extensions (the 1EdTech validator's IMAGE_VALIDATION and VALIDATE_EXTENSION_NODE)

#: Media types a ``data:`` image may declare (ValidationImagePropertyProbe.allowedMimeTypes).
_DATA_IMAGE_TYPES = frozenset({"image/png", "image/svg+xml"})
#: Bound on a ``data:`` image's decoded size (microcred's; the validator has none).
MAX_DATA_IMAGE_BYTES = 2 * 1024 * 1024
_OBI = "https://w3id.org/openbadges#"
_EXTENSION_TYPES = frozenset({"Extension", "obi:Extension", _OBI + "Extension"})
_MAX_EXTENSION_DEPTH = 16
#: At most this many extension nodes per document are validated (each is JSON-LD processed).
MAX_EXTENSIONS = 32


def _is_data_uri(url: str) -> bool:
    """PrimitiveValueValidator.validateDataUri: scheme ``data`` and a comma."""
    return url[:5].lower() == "data:" and "," in url


def _data_image_problem(url: str) -> tuple[str, str, str] | None:
    """(code, en, ja) when a ``data:`` URI is not a well-formed PNG/SVG image within bounds."""
    header, _, payload = url[5:].partition(",")
    params = [p.strip() for p in header.split(";")]
    media = params[0].lower()
    if media not in _DATA_IMAGE_TYPES:
        return ("data-uri-media-type",
                f"the data: image declares {media or 'no media type'!r}, not image/png or "
                "image/svg+xml", f"data: 画像のメディアタイプ {media!r} は PNG/SVG ではありません")
    encoded = len(params) > 1 and params[-1].lower() == "base64"
    size = len(payload) * 3 // 4 if encoded else len(payload)
    if size > MAX_DATA_IMAGE_BYTES:
        return ("data-uri-too-large", f"the data: image is over {MAX_DATA_IMAGE_BYTES} bytes",
                f"data: 画像が {MAX_DATA_IMAGE_BYTES} バイトを超えています")
    try:
        data = (base64.b64decode(payload, validate=True) if encoded
                else unquote_to_bytes(payload))
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        return ("data-uri-malformed", "the data: image has no decodable content",
                "data: 画像の内容を復号できません")
    return None


def _images(checks: _Checks, nodes: Sequence[tuple[str, Mapping[str, Any] | None]]) -> None:
    """``image`` of the assertion, BadgeClass and Issuer, as the validator checks them.

    An assertion's image may not be a ``data:`` URI (Assertion.java: its ``image`` validation
    has no ``allowDataUri``; openbadges-validator-core test_base64_data_uri_in_assertion);
    a BadgeClass's or Issuer's may, declaring image/png or image/svg+xml
    (ValidationImagePropertyProbe).  Several images are refused.  Remote images are not
    fetched, so not checked.
    """
    seen = 0
    for what, node in nodes:
        value = node.get("image") if node is not None else None
        if value is None:
            continue
        if isinstance(value, list):
            checks.fail("ob2.image", "many-images", f"the {what} has several images",
                        f"{what} に画像が複数あります")
            return
        url = value.get("id") if isinstance(value, Mapping) else value
        if not isinstance(url, str) or not _is_data_uri(url.strip()):
            continue
        seen += 1
        if what == "Assertion":
            checks.fail("ob2.image", "data-uri-not-allowed",
                        "the assertion's image may not be a data: URI (bake the image, or "
                        "leave the image to the BadgeClass)",
                        "アサーションの image に data: URI は使えません")
            return
        problem = _data_image_problem(url.strip())
        if problem is not None:
            code, en, ja = problem
            checks.fail("ob2.image", code, f"the {what}'s image: {en}", f"{what} の画像: {ja}")
            return
    if seen:
        checks.ok("ob2.image", "image-ok", "data: images are PNG or SVG and decode",
                  "data: 画像は PNG/SVG で復号できます")


def _extension_nodes(node: Any, depth: int = 0) -> list[Mapping[str, Any]]:
    """The nodes typed ``Extension`` in a document (depth-bounded)."""
    found: list[Mapping[str, Any]] = []
    if depth > _MAX_EXTENSION_DEPTH:
        return found
    values: Any = node.values() if isinstance(node, Mapping) else node
    if isinstance(node, Mapping) and _EXTENSION_TYPES & set(_types(node)):
        found.append(node)
    if isinstance(node, (Mapping, list)):
        for value in values:
            found.extend(_extension_nodes(value, depth + 1))
    return found


def _context_urls(*nodes: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        for url in _as_strs(node.get("@context")):
            if url != OB2_CONTEXT and url not in out:
                out.append(url)
    return out


def _expanded_types(types: list[str]) -> set[str]:
    """Types as IRIs under the OB 2.0 context (ExtensionProbe.isLdTermInList)."""
    if not types:
        return set()
    expanded = expand({"@context": OB2_CONTEXT, "@type": types}, safe=False)
    return set(expanded[0].get("@type", [])) if expanded else set()


def _validations(context_doc: Mapping[str, Any], loader: StaticLoader) -> list[tuple[str, str]]:
    """(validatesType IRI, validationSchema URL) pairs an extension context declares under
    ``obi:validation`` (read as JSON-LD, as the validator reads them)."""
    out: list[tuple[str, str]] = []
    for node in expand(dict(context_doc), loader=loader, safe=False):
        for entry in node.get(_OBI + "validation", []):
            kinds = [v.get("@value") for v in entry.get(_OBI + "validatesType", [])]
            urls = [v.get("@value") or v.get("@id")
                    for v in entry.get(_OBI + "validationSchema", [])]
            for kind in kinds:
                for url in urls:
                    if isinstance(kind, str) and isinstance(url, str):
                        out.extend((t, url.strip()) for t in _expanded_types([kind.strip()]))
    return out


def _extensions(checks: _Checks, docs: Sequence[tuple[str, Mapping[str, Any] | None]],
                documents: Documents | None, max_bytes: int) -> None:
    """Validate OB 2.0 extensions against the JSON schemas their contexts name.

    The 1EdTech validator's ExtensionProbe (inspector-vc, jsonld/probe/ExtensionProbe.java):
    for each context the document uses, other than the OB 2.0 one, its ``obi:validation``
    entries whose ``validatesType`` is one of the extension's types name a JSON schema
    (draft 4); the extension node, compacted with the OB 2.0 context and that context, must
    validate against it.  The contexts and schemas come from ``documents`` like every other
    document: one not supplied is *could not check* (a warning), never a pass.
    """
    for what, doc in docs:
        if doc is None:
            continue
        nodes = _extension_nodes(doc)
        if len(nodes) > MAX_EXTENSIONS:
            checks.fail("ob2.extension", "too-many-extensions",
                        f"the {what} has {len(nodes)} extensions; at most {MAX_EXTENSIONS} "
                        "are checked", f"{what} の拡張が多すぎます（{len(nodes)} 個）")
            continue
        for node in nodes:
            _extension(checks, what, doc, node, documents, max_bytes)


def _extension_document(checks: _Checks, label: str, url: str, kind: tuple[str, str],
                        documents: Documents | None, max_bytes: int) -> dict[str, Any] | None:
    """The supplied extension context or schema; None (the check recorded) when it is not
    supplied (``context-missing``/``schema-missing``: could not check, a warning) or bad."""
    try:
        found = _resolve(documents, url, max_bytes)
    except MicrocredError as exc:
        checks.fail("ob2.extension", "document-invalid", f"the extension {kind[0]} {url!r}: "
                    f"{exc}", f"拡張の{kind[1]} {url!r} が不正です: {exc}")
        return None
    if found is None:
        checks.add("ob2.extension", Outcome.COULD_NOT_CHECK, f"{kind[0]}-missing",
                   f"the {label}: its {kind[0]} {url!r} was not supplied (microcred never "
                   "fetches), so it could not be checked",
                   f"{label}: {kind[1]} {url!r} が与えられていないため確認できません",
                   required=False, url=url)
    return found


def _extension(checks: _Checks, what: str, doc: Mapping[str, Any], node: Mapping[str, Any],
               documents: Documents | None, max_bytes: int) -> None:
    cid = "ob2.extension"
    label = ", ".join(t for t in _types(node) if t not in _EXTENSION_TYPES) or "Extension"
    contexts: dict[str, dict[str, Any]] = {}
    for url in _context_urls(doc, node):
        found = _extension_document(checks, f"{what}'s extension {label}", url,
                                    ("context", "コンテキスト"), documents, max_bytes)
        if found is None:
            return
        if "@context" not in found:
            checks.fail(cid, "document-invalid", f"the extension context {url!r} has no "
                        "@context", f"拡張のコンテキスト {url!r} に @context がありません")
            return
        contexts[url] = found
    try:
        loader = StaticLoader(contexts)
        wanted = _expanded_types([t for t in _types(node) if t not in _EXTENSION_TYPES])
        schemas = [(url, schema_url) for url, ctx in contexts.items()
                   for kind, schema_url in _validations(ctx, loader) if kind in wanted]
    except MicrocredError as exc:
        checks.fail(cid, "extension-unreadable", f"the {what}'s extension {label}: {exc}",
                    f"{what} の拡張 {label} を読めません: {exc}")
        return
    if not schemas:
        checks.add(cid, Outcome.SKIPPED, "no-schema-declared",
                   f"the {what}'s extension {label}: no context names a schema for it",
                   f"{what} の拡張 {label}: スキーマの指定がありません", required=False)
        return
    for url, schema_url in schemas:
        _extension_schema(checks, what, label, doc, node, contexts[url], schema_url, loader,
                          documents, max_bytes)


def _extension_schema(checks: _Checks, what: str, label: str, doc: Mapping[str, Any],
                      node: Mapping[str, Any], context: Mapping[str, Any], schema_url: str,
                      loader: StaticLoader, documents: Documents | None,
                      max_bytes: int) -> None:
    cid = "ob2.extension"
    schema = _extension_document(checks, f"{what}'s extension {label}", schema_url,
                                 ("schema", "スキーマ"), documents, max_bytes)
    if schema is None:
        return
    try:
        import jsonschema  # type: ignore[import-untyped]  # optional (only OB 2.0 extensions)
        import referencing  # jsonschema's own dependency
        import referencing.exceptions
        import referencing.jsonschema
    except ImportError:
        checks.add(cid, Outcome.COULD_NOT_CHECK, "jsonschema-unavailable",
                   "validating an OB 2.0 extension needs the optional 'jsonschema' package "
                   "(pip install jsonschema)",
                   "OB 2.0 拡張の検証には jsonschema パッケージが必要です", required=False)
        return
    # The node read in its own document's contexts, then compacted with the OB 2.0 context
    # and the extension's (ExtensionProbe.validateSingleExtension).
    body = {k: v for k, v in node.items() if k != "@context"}
    source = {"@context": [*_as_list(doc.get("@context")), *_as_list(node.get("@context"))],
              **body}
    try:
        compacted = _compact(expand(source, loader=loader, safe=False),
                             [OB2_CONTEXT, context["@context"]], loader)
        errors = sorted(jsonschema.Draft4Validator(schema, registry=_schema_registry(
            documents, max_bytes)).iter_errors(compacted), key=lambda e: list(e.absolute_path))
    except referencing.exceptions.Unresolvable as exc:
        checks.add(cid, Outcome.COULD_NOT_CHECK, "schema-missing",
                   f"the {what}'s extension {label}: the schema {schema_url!r} refers to "
                   f"{str(exc)[:120]}, which was not supplied (microcred never fetches)",
                   f"{what} の拡張 {label}: スキーマが参照する文書が与えられていません",
                   required=False, url=schema_url)
        return
    except (MicrocredError, jsonschema.SchemaError) as exc:
        checks.fail(cid, "extension-unreadable", f"the {what}'s extension {label}: {exc}",
                    f"{what} の拡張 {label} を検証できません: {exc}")
        return
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "(node)"
        text = f"{where}: {errors[0].message[:200]}"
        checks.fail(cid, "extension-invalid",
                    f"the {what}'s extension {label} does not validate against {schema_url!r}: "
                    f"{text}", f"{what} の拡張 {label} がスキーマに適合しません: {text}",
                    schema=schema_url)
        return
    checks.ok(cid, "extension-valid", f"the {what}'s extension {label} validates against "
              f"{schema_url!r}", f"{what} の拡張 {label} はスキーマに適合します",
              schema=schema_url)


def _schema_registry(documents: Documents | None, max_bytes: int) -> Any:
    """A ``referencing`` registry whose ``$ref`` look-ups go to ``documents`` only.

    jsonschema would otherwise fetch a remote ``$ref`` itself (deprecated, but still done by
    jsonschema 4.x): a schema's references are documents like any other, supplied by the
    caller; one not supplied is unresolvable (*could not check*)."""
    import referencing
    import referencing.exceptions
    import referencing.jsonschema

    def retrieve(uri: str) -> Any:
        try:
            found = _resolve(documents, uri, max_bytes)
        except MicrocredError:
            found = None
        if found is None:
            raise referencing.exceptions.NoSuchResource(ref=uri)  # type: ignore[call-arg]
        return referencing.Resource.from_contents(
            found, default_specification=referencing.jsonschema.DRAFT4)

    return referencing.Registry(retrieve=retrieve)  # type: ignore[call-arg]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


def _compact(expanded: list[Any], context: list[Any], loader: StaticLoader) -> Any:
    from pyld import jsonld as pyld_jsonld

    from .jsonld._pyld import JsonLdProcessor

    options = {"documentLoader": loader, "base": None, "processingMode": "json-ld-1.1"}
    try:
        return JsonLdProcessor().compact(expanded, {"@context": context}, options)
    except (pyld_jsonld.JsonLdError, RecursionError, ValueError, KeyError, TypeError) as exc:
        raise InvalidDataError(f"JSON-LD compaction failed: {str(exc)[:200]}") from None


# --------------------------------------------------------------------------------------------
# Conversion to OB 3.0


def _image(value: Any) -> dict[str, Any] | None:
    if isinstance(value, str):
        return {"id": value, "type": "Image"}
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        out: dict[str, Any] = {"id": value["id"], "type": "Image"}
        if isinstance(value.get("caption"), str):
            out["caption"] = value["caption"]
        return out
    return None


_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _copy(source: Mapping[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The members ``names`` maps, renamed; an ``id`` only when it is an absolute URI (an
    OB 2.0 node may carry a blank-node id such as ``_:b1``, which OB 3.0 has no use for)."""
    return {new: source[old] for old, new in names.items() if source.get(old) is not None
            and (old != "id" or (isinstance(source[old], str) and not source[old].startswith(
                "_:") and bool(_ABSOLUTE_URI.match(source[old]))))}


def _profile(issuer: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": issuer.get("id"), "type": ["Profile"]}
    out.update(_copy(issuer, {"name": "name", "url": "url", "email": "email",
                              "description": "description", "telephone": "phone"}))
    image = _image(issuer.get("image"))
    if image is not None:
        out["image"] = image
    return out


def _achievement(badge: Mapping[str, Any], issuer: Mapping[str, Any] | None) -> dict[str, Any]:
    criteria = badge.get("criteria")
    if isinstance(criteria, str):
        crit: dict[str, Any] = {"id": criteria}
    elif isinstance(criteria, Mapping):
        crit = _copy(criteria, {"id": "id", "narrative": "narrative"})
    else:
        crit = {}
    out: dict[str, Any] = {"id": badge.get("id"), "type": ["Achievement"],
                           "name": badge.get("name"), "description": badge.get("description"),
                           "criteria": crit}
    image = _image(badge.get("image"))
    if image is not None:
        out["image"] = image
    found = badge.get("alignment")
    listed: list[Any] = found if isinstance(found, list) else [found]
    alignments = [
        {"type": ["Alignment"], **_copy(a, {n: n for n in (
            "targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode")})}
        for a in listed if isinstance(a, Mapping)]
    if alignments:
        out["alignment"] = alignments
    tags = _as_strs(badge.get("tags"))
    if tags:
        out["tag"] = tags
    if issuer is not None:
        out["creator"] = _profile(issuer)
    if isinstance(badge.get("@language"), str):
        out["inLanguage"] = badge["@language"]
    return out


def _evidence(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    out = []
    for item in items:
        if isinstance(item, str):
            out.append({"id": item, "type": ["Evidence"]})
        elif isinstance(item, Mapping):
            out.append({"type": ["Evidence"], **_copy(item, {n: n for n in (
                "id", "narrative", "name", "description", "genre", "audience")})})
    return out


def _z(value: Any, what: str) -> str:
    stamp = _ob2_time(value, what).astimezone(timezone.utc)
    text = stamp.isoformat(timespec="seconds" if not stamp.microsecond else "microseconds")
    return text.replace("+00:00", "Z")


def to_ob3(source: Mapping[str, Any] | str | bytes, *, documents: Documents | None = None,
           credential_id: str | None = None, issuer_id: str | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Convert an OB 2.0 assertion (with its BadgeClass and Issuer) to an unsigned OB 3.0
    OpenBadgeCredential, so an institution can re-issue its legacy badges.

    The correspondence (OB 3.0's successor of each OB 2.0 class):

    * Assertion → ``OpenBadgeCredential`` (``@context`` VC 2.0 + OB 3.0.3); ``id`` =
      ``credential_id`` or the assertion id; ``issuedOn`` → ``validFrom`` and ``awardedDate``;
      ``expires`` → ``validUntil``; ``image`` → ``image``; ``evidence`` → ``evidence``;
      ``narrative`` → ``credentialSubject.narrative``;
    * ``recipient`` (IdentityObject) → ``credentialSubject.identifier`` (``identity`` →
      ``identityHash``, ``type`` ``email`` → ``emailAddress``, other types → ``ext:<type>``,
      ``hashed`` and ``salt`` kept);
    * BadgeClass → ``credentialSubject.achievement`` (``id``, ``name``, ``description``,
      ``criteria`` URL → ``criteria.id``, ``image``, ``alignment`` → ``Alignment``, ``tags`` →
      ``tag``, the issuer → ``creator``);
    * Issuer → ``issuer`` Profile (``id`` or ``issuer_id``, e.g. the DID the institution signs
      OB 3.0 with; ``name``, ``url``, ``email``, ``description``, ``telephone`` → ``phone``,
      ``image``).

    Not carried over: the OB 2.0 signature or hosting (sign the result with
    :func:`microcred.sign`), revocation (give the new credential a ``credentialStatus``),
    endorsements (they sign the OB 2.0 objects) and extensions.  The result is checked with
    the strict OB 3.0 parser; :class:`~microcred.InvalidDataError` names what is missing.
    """
    assertion = load_assertion(source, documents=documents, max_bytes=max_bytes).assertion
    badge_ref = assertion.get("badge")
    badge = dict(badge_ref) if isinstance(badge_ref, Mapping) else (
        _resolve(documents, badge_ref, max_bytes) if isinstance(badge_ref, str) else None)
    if badge is None:
        raise InvalidDataError(f"the BadgeClass {badge_ref!r} was not supplied in documents")
    issuer_ref = badge.get("issuer")
    issuer = dict(issuer_ref) if isinstance(issuer_ref, Mapping) else (
        _resolve(documents, issuer_ref, max_bytes) if isinstance(issuer_ref, str) else None)
    if issuer is None:
        raise InvalidDataError(f"the Issuer {issuer_ref!r} was not supplied in documents")
    profile = _profile(issuer)
    if issuer_id is not None:
        profile["id"] = issuer_id
    subject: dict[str, Any] = {"type": ["AchievementSubject"],
                               "achievement": _achievement(badge, issuer)}
    who = assertion.get("recipient")
    if isinstance(who, Mapping):
        kind = str(who.get("type", ""))
        identity: dict[str, Any] = {
            "type": "IdentityObject", "hashed": who.get("hashed") is True,
            "identityHash": who.get("identity"),
            "identityType": _IDENTITY_TYPES.get(kind, f"ext:{kind}" if kind else "identifier")}
        if isinstance(who.get("salt"), str):
            identity["salt"] = who["salt"]
        subject["identifier"] = [identity]
    if isinstance(assertion.get("narrative"), str):
        subject["narrative"] = assertion["narrative"]
    cred: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": credential_id or assertion.get("id"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge.get("name"),
        "issuer": profile,
        "validFrom": _z(assertion.get("issuedOn"), "issuedOn"),
        "awardedDate": _z(assertion.get("issuedOn"), "issuedOn"),
        "credentialSubject": subject,
    }
    if assertion.get("expires") is not None:
        cred["validUntil"] = _z(assertion["expires"], "expires")
    image = _image(assertion.get("image"))
    if image is not None:
        cred["image"] = image
    evidence = _evidence(assertion.get("evidence"))
    if evidence:
        cred["evidence"] = evidence
    cred = json.loads(json.dumps(cred))  # plain JSON, no shared sub-objects
    OpenBadgeCredential.from_jsonld(cred)  # strict: the result must be a valid OB 3.0 document
    return cred
