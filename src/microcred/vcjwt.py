"""VC-JWT: Open Badges 3.0 credentials secured as a compact JWS (OB 3.0 "JSON Web Token Proof").

>>> import microcred as mc
>>> key = mc.Ed25519Key.from_seed(bytes(32))
>>> cred = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1",
...         "type": ["VerifiableCredential"], "issuer": key.did,
...         "validFrom": "2024-01-01T00:00:00Z", "credentialSubject": {"id": "did:example:1"}}
>>> token = mc.issue_vc_jwt(cred, key.signer())
>>> token.count(".")
2
>>> mc.verify_vc_jwt(token, now=mc.vcjwt.parse_datetime("2025-01-01T00:00:00Z")).verified
True

Following 1EdTech/openbadges-specification@1af145ff:ob_v3p0/integrity.md:

* The JOSE header has ``alg``, and ``kid`` (a URI the key resolver dereferences) or ``jwk`` (a
  public key, never with ``d``), and optionally ``typ`` = ``JWT``; no other header parameter.
* The payload is the credential itself (VC 2.0 style) plus the claims ``iss`` = ``issuer.id``,
  ``jti`` = ``id``, ``nbf`` = ``validFrom`` as a NumericDate, ``sub`` = ``credentialSubject.id``
  and, with ``validUntil``, ``exp``.  VC 1.1 JWTs carrying the credential in a ``vc`` claim are
  verified too.

Algorithms come from an allow-list (default ``EdDSA``, ``ES256``, ``RS256``; RS256 is the
spec's minimum, and the only ones the 1EdTech validator accepts are RS256 and ES256).  ``none``
and every HMAC algorithm are refused whatever the caller allows, and the key's type must match
the algorithm, so a public key can never be used as an HMAC secret (algorithm confusion).
EdDSA runs on PyNaCl; RS256/ES256 need the optional ``cryptography`` package
(``pip install 'microcred[jwt]'``).

A key named by ``kid`` comes from the key resolver; a key embedded in the header (``jwk``) is
used only if the caller opts in by adding :class:`EmbeddedJwkResolver` to the resolver chain,
and the result then says that the key was not bound to the issuer.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from ._di.keys import ResolvedKey
from ._di.resolvers import (
    BaseKeyResolver,
    ChainedKeyResolver,
    KeyResolver,
    UnknownVerificationMethodError,
)
from ._di.result import Check, Outcome, VerificationResult
from ._errors import InvalidJsonError, JwtError, KeyFormatError, KeyResolutionError
from ._verify import FormatAdapter, Options, document_checks, make_options, register_format
from ._verify._base import Checks, Job, short
from ._verify.endorsements import check_endorsements
from ._verify.pipeline import verify_embedded
from ._verify.status import check_refresh, check_status
from .jsonld import parse_json

__all__ = [
    "DEFAULT_JWT_ALGORITHMS",
    "EmbeddedJwkResolver",
    "JoseSigner",
    "decode_vc_jwt",
    "issue_vc_jwt",
    "verify_vc_jwt",
]

#: Algorithms accepted by default when verifying.
DEFAULT_JWT_ALGORITHMS: tuple[str, ...] = ("EdDSA", "ES256", "ES384", "RS256")
_SUPPORTED = frozenset(DEFAULT_JWT_ALGORITHMS)
_ALLOWED_HEADERS = frozenset({"alg", "kid", "jwk", "typ", "cty"})
#: ``cty`` values of the W3C VC-JOSE-COSE form (Securing VCs using JOSE and COSE, §3.1.1:
#: ``typ`` ``vc+jwt``, ``cty`` ``vc``; ``vc+ld+json`` in drafts).
_ALLOWED_CTY = frozenset({"vc", "vc+ld+json", "application/vc", "application/vc+ld+json"})
_ALLOWED_TYP = frozenset({"JWT", "vc+jwt", "vc+ld+jwt"})
_B64URL_RE = re.compile(r"^[A-Za-z0-9_-]*\Z")
_MAX_TOKEN = 8 * 1024 * 1024
_MIN_RSA_BITS = 2048
_VC_V2 = "https://www.w3.org/ns/credentials/v2"
_VC_V1 = "https://www.w3.org/2018/credentials/v1"


# --------------------------------------------------------------------------------------------
# Encoding helpers


def _b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64d(text: str, what: str) -> bytes:
    if not _B64URL_RE.match(text) or len(text) % 4 == 1:
        raise JwtError(f"{what} is not base64url without padding")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64e(data) != text:  # non-canonical trailing bits: reject (no malleability)
        raise JwtError(f"{what} is not canonical base64url")
    return data


def _json_bytes(value: Any) -> bytes:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise JwtError(f"value contains text that is not UTF-8 (lone surrogate): {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise JwtError(f"value is not JSON-serialisable: {exc}") from exc


def parse_datetime(value: Any) -> datetime | None:
    """Parse an XML Schema dateTime (``Z`` or offset; no offset means UTC); ``None`` if bad."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _numeric_date(value: Any) -> int | None:
    parsed = parse_datetime(value)
    return None if parsed is None else math.floor(parsed.timestamp())


#: NumericDates that ``datetime`` can represent (years 1 to 9999).
_MIN_NUMERIC_DATE = -62135596800
_MAX_NUMERIC_DATE = 253402300799


def _moment(value: Any) -> datetime | None:
    """A NumericDate claim as an aware datetime, or None when it is not one (a bool, a
    string, non-finite or outside years 1–9999): never an exception."""
    if (not isinstance(value, (int, float)) or isinstance(value, bool)
            or not math.isfinite(value)
            or not _MIN_NUMERIC_DATE <= value <= _MAX_NUMERIC_DATE):
        return None
    return datetime.fromtimestamp(value, timezone.utc)


def _issuer_id(cred: Mapping[str, Any]) -> Any:
    issuer = cred.get("issuer")
    return issuer.get("id") if isinstance(issuer, Mapping) else issuer


def _subject_id(cred: Mapping[str, Any]) -> Any:
    subject = cred.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if len(subject) == 1 else None
    return subject.get("id") if isinstance(subject, Mapping) else None


# --------------------------------------------------------------------------------------------
# Signing


class JoseSigner:
    """Signs JWS with an RSA (``RS256``) or P-256 (``ES256``) key from ``cryptography``.

    ``kid`` is the key id to put in the header (a URI the verifier can resolve, e.g.
    ``https://example.edu/issuers/1#key-1``).  Ed25519 keys (``EdDSA``) are better signed with
    :meth:`microcred.Ed25519Key.signer`, which :func:`issue_vc_jwt` accepts directly.
    """

    def __init__(self, private_key: Any, kid: str) -> None:
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        if isinstance(private_key, rsa.RSAPrivateKey):
            if private_key.key_size < _MIN_RSA_BITS:
                raise KeyFormatError(f"RSA keys must have at least {_MIN_RSA_BITS} bits")
            self.algorithm = "RS256"
        elif isinstance(private_key, ec.EllipticCurvePrivateKey):
            if private_key.curve.name != "secp256r1":
                raise KeyFormatError(f"only P-256 EC keys are supported (ES256), not "
                                     f"{private_key.curve.name}")
            self.algorithm = "ES256"
        else:
            raise KeyFormatError(f"unsupported private key type {type(private_key).__name__}")
        self._key = private_key
        self.verification_method = kid

    def __reduce__(self) -> tuple[Any, ...]:
        # (pickles for process pools and clusters, as Ed25519Key does: the private key
        # travels as unencrypted PKCS#8 — keep workers inside your trust boundary)
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        pem = self._key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        return (JoseSigner.from_pem, (pem, self.verification_method))

    @classmethod
    def from_pem(cls, pem: bytes, kid: str, password: bytes | None = None) -> JoseSigner:
        """From a PEM-encoded PKCS#8 / traditional private key."""
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        try:
            key = load_pem_private_key(pem, password=password)
        except (ValueError, TypeError) as exc:
            raise KeyFormatError(f"cannot load the PEM private key: {exc}") from None
        return cls(key, kid)

    @property
    def public_jwk(self) -> dict[str, str]:
        """The public key as a JWK (RFC 7517/7518)."""
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        pub = self._key.public_key()
        if isinstance(pub, rsa.RSAPublicKey):
            nums = pub.public_numbers()
            return {"kty": "RSA", "n": _b64e(_int_bytes(nums.n)), "e": _b64e(_int_bytes(nums.e))}
        assert isinstance(pub, ec.EllipticCurvePublicKey)
        pnums = pub.public_numbers()
        return {"kty": "EC", "crv": "P-256", "x": _b64e(pnums.x.to_bytes(32, "big")),
                "y": _b64e(pnums.y.to_bytes(32, "big"))}

    def sign(self, data: bytes) -> bytes:
        """The JWS signature of ``data`` (PKCS#1 v1.5 for RS256, raw r||s for ES256)."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

        if self.algorithm == "RS256":
            return bytes(self._key.sign(data, padding.PKCS1v15(), hashes.SHA256()))
        der = self._key.sign(data, ec.ECDSA(hashes.SHA256()))
        r, s = utils.decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def __repr__(self) -> str:
        return f"JoseSigner({self.algorithm}, kid={self.verification_method!r})"


def _int_bytes(n: int) -> bytes:
    return n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")


def _jws_alg(signer: Any) -> str:
    alg = getattr(signer, "algorithm", None)
    if alg in ("Ed25519", "EdDSA"):
        return "EdDSA"
    if alg in ("RS256", "ES256", "ES384"):
        return str(alg)
    raise JwtError(f"signer algorithm {alg!r} cannot produce a VC-JWT "
                   "(supported: Ed25519/EdDSA, RS256, ES256, ES384)")


def _public_jwk(signer: Any) -> dict[str, Any]:
    jwk = getattr(signer, "public_jwk", None)
    if jwk is None and hasattr(signer, "key"):
        jwk = getattr(signer.key, "public_jwk", None)
    if callable(jwk):
        jwk = jwk()
    if not isinstance(jwk, Mapping):
        raise JwtError("embed_jwk=True needs a signer that exposes its public JWK")
    if "d" in jwk:
        raise JwtError("refusing to embed a JWK that contains the private member 'd'")
    return dict(jwk)


def issue_vc_jwt(credential: Mapping[str, Any], signer: Any, *, kid: str | None = None,
                 embed_jwk: bool = False, typ: str | None = "JWT") -> str:
    """Sign ``credential`` as a VC-JWT and return the compact JWS.

    ``signer`` is a :class:`microcred.Signer` (the Ed25519 one gives ``EdDSA``), a
    :class:`JoseSigner` (``RS256``/``ES256``) or any object with ``algorithm``,
    ``verification_method`` and ``sign(bytes) -> bytes`` producing a JWS signature.
    ``kid`` defaults to the signer's verification method; with ``embed_jwk=True`` the public
    key is put in the header as ``jwk`` instead.  The claims ``iss``, ``jti``, ``nbf``, ``sub``
    and ``exp`` are derived from the credential as OB 3.0 requires; an embedded proof, if any,
    stays in the payload ("the embedded proof is added first, then the JWT is created").
    """
    if not isinstance(credential, Mapping):
        if hasattr(credential, "model_dump"):
            credential = credential.model_dump(mode="json", by_alias=True, exclude_none=True)
        else:
            raise JwtError("credential must be a JSON object")
    alg = _jws_alg(signer)
    payload: dict[str, Any] = dict(credential)
    issuer, cred_id = _issuer_id(credential), credential.get("id")
    if not isinstance(issuer, str) or not issuer:
        raise JwtError("the credential needs an issuer id (claim 'iss')")
    if not isinstance(cred_id, str) or not cred_id:
        raise JwtError("the credential needs an id (claim 'jti')")
    nbf = _numeric_date(credential.get("validFrom", credential.get("issuanceDate")))
    if nbf is None:
        raise JwtError("the credential needs a valid validFrom (claim 'nbf')")
    payload["iss"], payload["jti"], payload["nbf"] = issuer, cred_id, nbf
    subject = _subject_id(credential)
    if isinstance(subject, str):
        payload["sub"] = subject
    if "validUntil" in credential or "expirationDate" in credential:
        exp = _numeric_date(credential.get("validUntil", credential.get("expirationDate")))
        if exp is None:
            raise JwtError("validUntil is not a valid dateTime (claim 'exp')")
        payload["exp"] = exp
    header: dict[str, Any] = {"alg": alg}
    if typ is not None:
        if typ not in _ALLOWED_TYP:
            raise JwtError(f"typ {typ!r} is not allowed")
        header["typ"] = typ
    if embed_jwk:
        header["jwk"] = _public_jwk(signer)
    else:
        key_id = kid or getattr(signer, "verification_method", None)
        if not isinstance(key_id, str) or not key_id:
            raise JwtError("a kid is required (or embed_jwk=True)")
        header["kid"] = key_id
    signing_input = _b64e(_json_bytes(header)) + "." + _b64e(_json_bytes(payload))
    signature = signer.sign(signing_input.encode("ascii"))
    return signing_input + "." + _b64e(bytes(signature))


# --------------------------------------------------------------------------------------------
# Decoding and verification


def decode_vc_jwt(token: str, *, limits: Any = None
                  ) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """Split and decode a compact JWS *without verifying it*.

    Returns ``(header, payload, signing_input, signature)``; raises
    :class:`~microcred.JwtError` on any malformation (three base64url parts, JSON objects,
    strict JSON: no duplicate keys). ``limits`` (:class:`~microcred.jsonld.Limits`) bounds
    the header's and payload's JSON as the verifier's input stage bounds a document
    (``max_depth``, ``max_bytes``, ``max_number_length``); the defaults otherwise.
    """
    if not isinstance(token, str):
        raise JwtError(f"a compact JWS is a string, not {type(token).__name__}")
    token = token.strip()
    if len(token) > _MAX_TOKEN:
        raise JwtError(f"token longer than {_MAX_TOKEN} characters")
    parts = token.split(".")
    if len(parts) != 3:
        raise JwtError(f"a compact JWS has 3 dot-separated parts, this has {len(parts)} "
                       "(JWE and unsecured JWTs are not accepted)")
    decoded: list[dict[str, Any]] = []
    for part, what in zip(parts[:2], ("header", "payload"), strict=True):
        raw = _b64d(part, f"JWS {what}")
        try:
            value = (parse_json(raw) if limits is None else parse_json(
                raw, max_depth=limits.max_depth, max_bytes=limits.max_bytes,
                max_number_length=limits.max_number_length))
        except InvalidJsonError as exc:
            raise JwtError(f"JWS {what} is not acceptable JSON: {exc}") from exc
        if not isinstance(value, dict):
            raise JwtError(f"JWS {what} is not a JSON object")
        decoded.append(value)
    signature = _b64d(parts[2], "JWS signature")
    if not signature:
        raise JwtError("JWS signature is empty")
    return decoded[0], decoded[1], (parts[0] + "." + parts[1]).encode("ascii"), signature


class EmbeddedJwkResolver(BaseKeyResolver):
    """Opt-in: let :func:`verify_vc_jwt` use a public key embedded in the JWS header (``jwk``).

    An embedded key proves only that the token was not altered since whoever holds that key
    signed it, not who the issuer is, so it is off unless this resolver is in the chain, e.g.
    ``mc.DidKeyResolver() | mc.EmbeddedJwkResolver()``.  The result of a token verified this
    way carries a ``jwt.key`` check with code ``embedded-jwk`` and an issuer-binding check
    that was skipped.  It resolves no verification-method ids by itself.
    """

    embedded_jwk = True

    def resolve(self, verification_method: str) -> ResolvedKey:
        """Never resolves an id (the key comes from the token header)."""
        raise UnknownVerificationMethodError(str(verification_method),
                                             "EmbeddedJwkResolver resolves header keys only")

    def __repr__(self) -> str:
        return "EmbeddedJwkResolver()"


def _allows_embedded(resolver: Any) -> bool:
    if getattr(resolver, "embedded_jwk", False) is True:
        return True
    if isinstance(resolver, ChainedKeyResolver):
        return any(_allows_embedded(r) for r in resolver.resolvers)
    return False


_EXPECTED_KEY = {"EdDSA": "Ed25519", "ES256": "P-256", "ES384": "P-384", "RS256": "RSA"}


def _verify_signature(alg: str, key: ResolvedKey, data: bytes, sig: bytes) -> bool:
    if alg in ("EdDSA", "ES256", "ES384"):  # Multikey or JWK keys (microcred._di.keys)
        try:
            key.check()
        except KeyFormatError as exc:
            raise KeyFormatError(f"unusable {alg} public key: {exc}") from exc
        return key.verify_jws(alg, data, sig)
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
    except ImportError as exc:  # pragma: no cover - the dev extra installs cryptography
        raise JwtError(f"{alg} needs the 'cryptography' package: pip install "
                       "'microcred[jwt]'") from exc
    jwk = key.public_key_jwk or {}
    try:
        if alg == "RS256":
            n = int.from_bytes(_b64d(str(jwk.get("n", "")), "JWK n"), "big")
            e = int.from_bytes(_b64d(str(jwk.get("e", "")), "JWK e"), "big")
            if n.bit_length() < _MIN_RSA_BITS:
                raise KeyFormatError(f"RSA key of {n.bit_length()} bits is too short "
                                     f"(minimum {_MIN_RSA_BITS})")
            rsa_key = rsa.RSAPublicNumbers(e, n).public_key()
            rsa_key.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
            return True
        return False
    except InvalidSignature:
        return False
    except (ValueError, JwtError) as exc:
        raise KeyFormatError(f"unusable {alg} public key: {exc}") from exc


def _check(cid: str, outcome: Outcome, code: str, en: str, ja: str, *,
           required: bool = True, **details: Any) -> Check:
    return Check(cid, outcome, code, en, ja, required=required, details=details)


def _passed(cid: str, code: str, en: str, ja: str, **details: Any) -> Check:
    return _check(cid, Outcome.PASSED, code, en, ja, **details)


def _failed(cid: str, code: str, en: str, ja: str, **details: Any) -> Check:
    return _check(cid, Outcome.FAILED, code, en, ja, **details)


def _credential_from_payload(payload: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """The credential of a VC-JWT payload, and whether it is a VC 1.1 ``vc`` claim token."""
    if "vc" in payload and isinstance(payload["vc"], Mapping):
        cred = dict(payload["vc"])
        # VC Data Model 1.1 §6.3.1: the JWT claims stand for these properties.
        if "issuer" not in cred and isinstance(payload.get("iss"), str):
            cred["issuer"] = payload["iss"]
        if "id" not in cred and isinstance(payload.get("jti"), str):
            cred["id"] = payload["jti"]
        for claim, prop in (("nbf", "issuanceDate"), ("exp", "expirationDate")):
            moment = _moment(payload.get(claim))
            if prop not in cred and moment is not None:
                cred[prop] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        subject = cred.get("credentialSubject")
        if isinstance(subject, Mapping) and "id" not in subject and isinstance(
                payload.get("sub"), str):
            cred["credentialSubject"] = {**subject, "id": payload["sub"]}
        return cred, True
    cred = {k: v for k, v in payload.items()
            if k not in ("iss", "jti", "nbf", "exp", "sub", "iat", "aud")}
    return cred, False


def _claim_checks(payload: Mapping[str, Any], cred: Mapping[str, Any], v11: bool) -> list[Check]:
    checks: list[Check] = []
    start_prop = "issuanceDate" if v11 else "validFrom"
    end_prop = "expirationDate" if v11 else "validUntil"
    expected: list[tuple[str, Any, str, bool]] = [
        ("iss", _issuer_id(cred), "issuer.id", True),
        ("jti", cred.get("id"), "id", True),
        ("sub", _subject_id(cred), "credentialSubject.id", False),
        ("nbf", _numeric_date(cred.get(start_prop)), start_prop, True),
        ("exp", _numeric_date(cred.get(end_prop)) if end_prop in cred else None, end_prop,
         end_prop in cred),
    ]
    for claim, want, prop, required in expected:
        cid = f"jwt.claims.{claim}"
        have = payload.get(claim)
        if claim in ("nbf", "exp") and have is not None:
            have = math.floor(have) if _moment(have) is not None else have
        if have is None and want is None:
            if required:
                checks.append(_failed(cid, "claim-missing",
                                      f"claim {claim!r} and {prop} are both missing",
                                      f"クレーム {claim!r} と {prop} がともにありません"))
            continue
        if have is None:
            checks.append(_check(
                cid, Outcome.FAILED, "claim-missing", f"claim {claim!r} (= {prop}) is missing",
                f"クレーム {claim!r}（{prop}）がありません", required=required))
        elif want is None or have != want:
            checks.append(_failed(cid, "claim-mismatch",
                                  f"claim {claim!r} = {short(have)} does not match {prop} = "
                                  f"{short(want)}",
                                  f"クレーム {claim!r} = {short(have)} が {prop} = {short(want)} "
                                  "と一致しません"))
        else:
            checks.append(_passed(cid, "claim-matches", f"claim {claim!r} matches {prop}",
                                  f"クレーム {claim!r} は {prop} と一致します"))
    return checks


def _validity_check(payload: Mapping[str, Any], cred: Mapping[str, Any], v11: bool,
                    now: datetime, skew: timedelta) -> Check:
    start_prop = "issuanceDate" if v11 else "validFrom"
    end_prop = "expirationDate" if v11 else "validUntil"
    start, end = parse_datetime(cred.get(start_prop)), parse_datetime(cred.get(end_prop))
    if (start_prop in cred and start is None) or (end_prop in cred and end is None):
        return _failed("validity", "validity-unreadable",
                       f"{start_prop}/{end_prop} is not a valid dateTime",
                       f"{start_prop}/{end_prop} の日時が不正です")
    for claim in ("nbf", "exp"):
        value = payload.get(claim)
        if value is None:
            continue
        moment = _moment(value)
        if moment is None:
            return _failed("validity", "validity-unreadable", f"claim {claim!r} is not a "
                           "NumericDate", f"クレーム {claim!r} が NumericDate ではありません")
        if claim == "nbf":
            start = moment if start is None else max(start, moment)
        else:
            end = moment if end is None else min(end, moment)
    if start is not None and end is not None and start > end:
        return _failed("validity", "invalid-validity-period",
                       "the validity period ends before it starts",
                       "有効期間の終わりが始まりより前です")
    if start is not None and now + skew < start:
        return _failed("validity", "not-yet-valid", f"not valid before {start.isoformat()}",
                       f"{start.isoformat()} より前は有効ではありません")
    if end is not None and now - skew > end:
        return _failed("validity", "expired", f"expired at {end.isoformat()}",
                       f"{end.isoformat()} に有効期限が切れています")
    return _passed("validity", "within-validity-period", "within the validity period",
                   "有効期間内です")


def _credential_check(cred: Mapping[str, Any]) -> Check:
    ctx = cred.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    types = cred.get("type")
    types = types if isinstance(types, list) else [types]
    problems = []
    if first not in (_VC_V2, _VC_V1):
        problems.append(f"first @context is {first!r}, not the VC context")
    if "VerifiableCredential" not in types:
        problems.append("type does not include VerifiableCredential")
    if not isinstance(cred.get("credentialSubject"), (Mapping, list)):
        problems.append("credentialSubject is missing")
    if problems:
        return _failed("jwt.credential", "not-a-credential", "; ".join(problems),
                       "ペイロードが検証可能なクレデンシャルではありません: " + "; ".join(problems))
    return _passed("jwt.credential", "credential-shape", "payload is a verifiable credential",
                   "ペイロードは検証可能なクレデンシャルです")


def verify_vc_jwt(
    token: str,
    *,
    resolver: KeyResolver | None = None,
    now: datetime | None = None,
    clock_skew: timedelta = timedelta(minutes=5),
    algorithms: Sequence[str] = DEFAULT_JWT_ALGORITHMS,
    status_checker: Callable[..., Any] | None = None,
    require_status: bool = True,
    verify_endorsements: bool = True,
    max_endorsement_depth: int = 2,
    loader: Any = None,
    limits: Any = None,
    allow_inline_contexts: bool = False,
    **_: Any,
) -> VerificationResult:
    """Verify a VC-JWT (compact JWS) and return a :class:`microcred.VerificationResult`.

    Never raises for a bad token: every problem is a failed check.  Checks, in order:
    ``jwt.format``, ``jwt.header``, ``jwt.alg``, ``jwt.key``, ``jwt.signature``,
    ``jwt.issuer-binding``, ``jwt.credential``, ``jwt.claims.*`` (iss/jti/sub/nbf/exp against
    the credential), then the shared stages of :mod:`microcred._verify`: ``data-model``,
    ``contexts`` and ``safe-mode`` of the payload credential, ``validity`` (at ``now``, with
    ``clock_skew``), ``status`` (``credentialStatus`` via ``status_checker``; without one it
    is "could not check", which fails verification unless ``require_status=False``) and
    ``endorsements`` (verified like any credential, down to ``max_endorsement_depth``).
    A wrong argument type raises :class:`TypeError`.
    """
    options = make_options(resolver=resolver, now=now, clock_skew=clock_skew,
                           status_checker=status_checker, require_status=require_status,
                           loader=loader, limits=limits,
                           allow_inline_contexts=allow_inline_contexts,
                           verify_endorsements=verify_endorsements,
                           max_endorsement_depth=max_endorsement_depth)
    try:
        return _verify_compact(token, options, 0, algorithms)
    except Exception as exc:  # last line of defence: a crash is a failure, never a pass
        return VerificationResult((_failed("verify", "internal-error",
                                           f"unexpected error: {type(exc).__name__}",
                                           f"予期しないエラー: {type(exc).__name__}"),))


def _verify_compact(token: Any, options: Options, depth: int,
                    algorithms: Sequence[str] = DEFAULT_JWT_ALGORITHMS) -> VerificationResult:
    """The VC-JWT adapter: JOSE steps here, then the pipeline's shared stages."""
    now, clock_skew = options.now, options.clock_skew
    checks: list[Check] = []
    try:
        header, payload, signing_input, signature = decode_vc_jwt(token,
                                                                  limits=options.limits)
    except JwtError as exc:
        checks.append(_failed("jwt.format", "jwt-malformed", str(exc),
                              f"JWT の形式が不正です: {exc}"))
        return VerificationResult(tuple(checks))
    checks.append(_passed("jwt.format", "compact-jws", "compact JWS decoded",
                          "コンパクト JWS を復号しました"))
    cred, v11 = _credential_from_payload(payload)
    result_doc: Mapping[str, Any] = cred
    endorsed: tuple[VerificationResult, ...] = ()

    def done() -> VerificationResult:
        return VerificationResult(tuple(checks), document=result_doc, endorsements=endorsed)

    # header --------------------------------------------------------------------------------
    extra = sorted(set(header) - _ALLOWED_HEADERS)
    kid, jwk = header.get("kid"), header.get("jwk")
    header_problem = None
    if extra:
        header_problem = (f"header parameters {extra} are not allowed (OB 3.0: alg, kid, "
                          "jwk, typ; VC-JOSE-COSE: cty)", f"ヘッダー {extra} は許可されていません")
    elif "typ" in header and (not isinstance(header["typ"], str)
                              or header["typ"] not in _ALLOWED_TYP):
        header_problem = (f"typ {short(header['typ'])} is not JWT",
                          f"typ {short(header['typ'])} は JWT ではありません")
    elif "cty" in header and (not isinstance(header["cty"], str)
                              or header["cty"] not in _ALLOWED_CTY):
        header_problem = (f"cty {short(header['cty'])} is not a verifiable credential "
                          "(VC-JOSE-COSE: vc)",
                          f"cty {short(header['cty'])} は検証可能なクレデンシャルではありません")
    elif kid is None and jwk is None:
        header_problem = ("header has neither kid nor jwk", "ヘッダーに kid も jwk もありません")
    elif kid is not None and (not isinstance(kid, str) or not kid):
        header_problem = ("kid must be a non-empty string", "kid は空でない文字列が必要です")
    elif jwk is not None and (not isinstance(jwk, Mapping) or "d" in jwk):
        header_problem = ("jwk must be a public JWK object (no 'd')",
                          "jwk は公開鍵の JWK（d なし）でなければなりません")
    if header_problem:
        checks.append(_failed("jwt.header", "jwt-header-invalid", *header_problem))
        return done()
    checks.append(_passed("jwt.header", "jwt-header-ok", "JOSE header is acceptable",
                          "JOSE ヘッダーは適正です"))

    # algorithm -----------------------------------------------------------------------------
    alg = header.get("alg")
    allowed = [a for a in algorithms if a in _SUPPORTED]
    if not isinstance(alg, str) or alg not in allowed:
        code = "alg-none" if isinstance(alg, str) and alg.lower() == "none" else "alg-not-allowed"
        checks.append(_failed("jwt.alg", code,
                              f"algorithm {alg!r} is not allowed (allowed: {allowed})",
                              f"アルゴリズム {alg!r} は許可されていません（許可: {allowed}）"))
        return done()
    checks.append(_passed("jwt.alg", "alg-allowed", f"algorithm {alg} is allowed",
                          f"アルゴリズム {alg} は許可されています"))

    # key -----------------------------------------------------------------------------------
    chain: KeyResolver = options.resolver
    key: ResolvedKey | None = None
    source = ""
    key_error = ""
    key_error_ja = ""
    if isinstance(kid, str):
        try:
            key = chain.resolve(kid)
            source = "kid"
        except (KeyResolutionError, KeyFormatError) as exc:
            key_error = str(exc)
        except Exception as exc:  # a resolver bug is a failed check, not a crash
            key_error = f"resolver raised {exc!r}"
    if key is None and jwk is not None:
        if _allows_embedded(chain):
            try:
                key = ResolvedKey.from_jwk(str(kid) if kid else "urn:jwk:embedded", jwk,
                                           controller="urn:jwk:embedded")
                source = "embedded-jwk"
            except KeyFormatError as exc:
                key_error = str(exc)
        elif not key_error:
            key_error = ("the key is embedded in the header (jwk); add "
                         "microcred.EmbeddedJwkResolver() to the resolver to accept it")
            key_error_ja = ("鍵はヘッダー（jwk）に埋め込まれています。受け付けるには "
                            "microcred.EmbeddedJwkResolver() をリゾルバーに加えてください")
    if key is None:
        checks.append(_failed("jwt.key", "key-unresolved", f"no key: {key_error}",
                              f"鍵を取得できません: {key_error_ja or key_error}"))
        return done()
    if key.key_type != _EXPECTED_KEY[alg]:
        checks.append(_failed("jwt.key", "key-alg-mismatch",
                              f"{alg} needs a {_EXPECTED_KEY[alg]} key, the key is "
                              f"{key.key_type}",
                              f"{alg} には {_EXPECTED_KEY[alg]} 鍵が必要ですが "
                              f"{key.key_type} 鍵です"))
        return done()
    if source == "embedded-jwk":
        checks.append(_passed("jwt.key", "embedded-jwk",
                              "key taken from the token header (jwk), as the caller allowed",
                              "鍵はトークンのヘッダー（jwk）から取得しました（呼び出し側が許可）",
                              jwk=dict(jwk) if isinstance(jwk, Mapping) else None))
    else:
        checks.append(_passed("jwt.key", "key-resolved", f"key {kid} resolved",
                              f"鍵 {kid} を解決しました", kid=kid, controller=key.controller))

    # signature -----------------------------------------------------------------------------
    try:
        good = _verify_signature(alg, key, signing_input, signature)
        sig_problem = "" if good else "signature does not verify"
    except (KeyFormatError, JwtError) as exc:
        good, sig_problem = False, str(exc)
    if not good:
        checks.append(_failed("jwt.signature", "signature-invalid", sig_problem,
                              f"署名を検証できません: {sig_problem}"))
        return done()
    checks.append(_passed("jwt.signature", "signature-valid", f"{alg} signature verifies",
                          f"{alg} 署名は有効です"))

    # issuer binding --------------------------------------------------------------------------
    iss = payload.get("iss", _issuer_id(cred))
    if source == "embedded-jwk":
        checks.append(_check("jwt.issuer-binding", Outcome.SKIPPED, "embedded-jwk-unbound",
                             "the embedded key is not bound to the issuer; the signature "
                             "proves integrity only",
                             "埋め込み鍵は発行者に結び付いていません。署名は改ざんがないことのみを示します",
                             required=False))
    elif key.controller == iss:
        checks.append(_passed("jwt.issuer-binding", "controller-is-issuer",
                              "the key's controller is the issuer",
                              "鍵の管理者は発行者です"))
    else:
        checks.append(_failed("jwt.issuer-binding", "controller-not-issuer",
                              f"the key's controller {key.controller!r} is not the issuer "
                              f"{iss!r}",
                              f"鍵の管理者 {key.controller!r} が発行者 {iss!r} と異なります"))
    if "assertionMethod" not in key.relationships:
        checks.append(_failed("jwt.key-purpose", "not-assertion-method",
                              "the key is not authorised for assertionMethod",
                              "この鍵は assertionMethod に認められていません"))

    # claims, then the pipeline's shared stages -----------------------------------------------
    checks.append(_credential_check(cred))
    checks.extend(_claim_checks(payload, cred, v11))
    checks.extend(document_checks(cred, options=options))
    checks.append(_validity_check(payload, cred, v11, now, clock_skew))
    shared = Checks()
    check_status(cred, shared, options.status_checker, now, options.require_status)
    check_refresh(cred, shared)
    job = Job(dict(cred), shared, options, depth, None)
    endorsed = tuple(shared.guard("endorsements",
                                  lambda: check_endorsements(job, verify_embedded)) or ())
    checks.extend(shared.items)
    return done()


register_format(FormatAdapter("vc-jwt", _verify_compact))
