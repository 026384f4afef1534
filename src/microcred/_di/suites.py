"""Cryptosuites: small objects behind one interface, chosen from an allow-list.

Each suite splits the vc-di-eddsa algorithms into separate steps so that callers (and the
performance work) can cache or replace one of them:

``transform(unsecured)`` → canonical document bytes; ``proof_config(options, unsecured)`` →
canonical proof-configuration bytes; ``hash(transformed, config)`` →
``SHA-256(config) || SHA-256(transformed)``; ``sign_hash`` / ``verify_hash`` (pure Ed25519).

The ECDSA suites (``ecdsa-rdfc-2019``, ``ecdsa-jcs-2019``; W3C Data Integrity ECDSA
Cryptosuites v1.0 §3.2–3.3) are :class:`EcdsaCryptosuite` objects: one registered suite per
name serves both curves, the curve (and so the hash: SHA-256 for P-256, SHA-384 for P-384)
being that of the key or signer (vc-di-ecdsa §3: "parameters … use information from the
verification method — such as the public key size — to determine … the cryptographic hashing
algorithm"); ``suite.for_key(key)`` gives the curve-bound suite. See ``docs/ecdsa.md``.

Every suite answers ``key_problem(key)`` (``None`` or a ``(code, English, Japanese)``
triple); ``verify_hash`` returns ``False`` for bad signatures and unusable keys and raises only
:class:`ProofValueError`, for a malformed proofValue (so that it can be reported as such).

Sources: W3C Data Integrity EdDSA Cryptosuites v1.0 (REC 2025-05-15) §3.2 (eddsa-rdfc-2022),
§3.3 (eddsa-jcs-2022); Ed25519Signature2020 as implemented by the W3C test vectors
(TestVectors/Ed25519Signature2020); eddsa-2022 is the pre-REC name of eddsa-rdfc-2022 and is
verified with the same algorithm (as the 1EdTech validator does; tests/test_interop.py checks
this against @digitalbazaar/eddsa-2022-cryptosuite 1.0).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._errors import KeyFormatError, SigningError, UnknownCryptosuiteError
from .keys import CURVES, ResolvedKey, Signer
from .multibase import b58_decode, b58_encode

if TYPE_CHECKING:
    from ..jsonld import DocumentLoader, Limits

__all__ = [
    "CRYPTOSUITES",
    "DEFAULT_VERIFY_SUITES",
    "XSD_DATETIME_RE",
    "Cryptosuite",
    "EcdsaCryptosuite",
    "ProofValueError",
    "get_suite",
    "suite_for_proof",
]

#: XMLSCHEMA11-2 dateTime (timezone optional, as ``created`` allows); ``dateTimeStamp``
#: additionally requires the timezone group.
XSD_DATETIME_RE = re.compile(
    r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T"
    r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?"
    r"(?P<tz>Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?$"
)

CanonFn = Callable[[Mapping[str, Any]], str]


class ProofValueError(SigningError):
    """A ``proofValue`` is not a ``z``-base58btc signature of the size its suite and key use
    (64 bytes for Ed25519 and ECDSA P-256, 96 for ECDSA P-384)."""


def _rdfc(doc: Mapping[str, Any], loader: DocumentLoader | None = None,
          limits: Limits | None = None) -> bytes:
    """RDFC-1.0 canonical N-Quads (safe mode) of ``doc`` as UTF-8, via :mod:`microcred.jsonld`."""
    from ..jsonld import canonicalize

    return canonicalize(doc, loader=loader, safe=True, limits=limits).encode("utf-8")


@functools.lru_cache(maxsize=512)
def _rdfc_config_cached(config_json: str) -> bytes:
    """Canonical proof configurations, memoised: within a batch the same suite, ``created``,
    verification method, purpose and context recur."""
    return _rdfc(json.loads(config_json), None)


def _jcs(value: Any) -> bytes:
    from ..jsonld import jcs
    from ..jsonld._fast_jcs import fast_jcs

    fast = fast_jcs(value)  # same bytes through the C encoder when it applies, else None
    return fast if fast is not None else bytes(jcs(value))


#: ``created`` values written into a JCS proof configuration template as they are (no escapes)
_PLAIN_CREATED = re.compile(r"[0-9T:.+\-Z]{1,40}\Z")
_CREATED_PLACEHOLDER = "\u2603created\u2603"
_CREATED_MARKER = f'"{_CREATED_PLACEHOLDER}"'.encode()
_JCS_TEMPLATES: dict[Any, bytes] = {}
#: Longest proof-option value (and serialised configuration) memoised: longer ones are
#: computed each time, so a memo never holds attacker-sized keys (issue 11, finding 7).
_MEMO_VALUE_CHARS = 512
_MEMO_CONFIG_CHARS = 4096


def _jcs_config(config: Mapping[str, Any]) -> bytes:
    """JCS of an eddsa-jcs-2022 proof configuration, from a per-shape template.

    Within a batch the configurations differ only in ``created``: the JCS of everything else
    (strings, and the ``@context`` list of strings) is computed once with a placeholder that
    occurs nowhere else, and each call substitutes its own ``created``, which needs no JSON
    escaping. Anything else is canonicalised directly.
    """
    created = config.get("created")
    if isinstance(created, str) and _PLAIN_CREATED.match(created) and all(
            (type(v) is str and len(v) <= _MEMO_VALUE_CHARS)
            or (type(v) is list and len(v) <= 32
                and all(type(x) is str and len(x) <= _MEMO_VALUE_CHARS for x in v))
            for v in config.values()):  # (attacker-sized nonces etc. are never memoised)
        key = frozenset((k, v if type(v) is str else tuple(v))
                        for k, v in config.items() if k != "created")
        template = _JCS_TEMPLATES.get(key)
        if template is None:
            text = _jcs({**config, "created": _CREATED_PLACEHOLDER})
            template = text if text.count(_CREATED_MARKER) == 1 else b""
            if len(_JCS_TEMPLATES) >= 1024:
                _JCS_TEMPLATES.clear()
            _JCS_TEMPLATES[key] = template
        if template:
            return template.replace(_CREATED_MARKER, f'"{created}"'.encode(), 1)
    return _jcs(config)


def _context_list(ctx: Any) -> list[Any]:
    if ctx is None:
        return []
    return list(ctx) if isinstance(ctx, list) else [ctx]


@dataclass(frozen=True)
class Cryptosuite:
    """One proof type / cryptosuite pair and how it canonicalises, hashes and signs.

    ``name`` is what a caller passes to :func:`microcred.sign` (``"eddsa-rdfc-2022"``);
    ``proof_type``/``cryptosuite`` are written into the proof; ``can_sign`` is False for
    verify-only legacy suites; ``key_types`` are the verification-method types accepted.
    """

    name: str
    proof_type: str
    cryptosuite: str | None
    canonicalization: str  # "rdfc" or "jcs"
    can_sign: bool = True
    algorithm: str = "Ed25519"
    key_types: frozenset[str] = frozenset({"Multikey"})
    #: A context the document must list for the proof type to be defined (legacy suites).
    required_context: str | None = None

    # -- the algorithm steps ------------------------------------------------------------------
    def transform(self, unsecured: Mapping[str, Any], *, loader: DocumentLoader | None = None,
                  limits: Limits | None = None) -> bytes:
        """Canonical form of the unsecured document (RDFC-1.0 N-Quads or JCS), UTF-8.

        ``loader`` and ``limits`` are passed to :func:`microcred.jsonld.canonicalize`.
        """
        if self.canonicalization == "jcs":
            return _jcs(unsecured)
        return _rdfc(unsecured, loader, limits)

    def proof_config(self, options: Mapping[str, Any], unsecured: Mapping[str, Any], *,
                     loader: DocumentLoader | None = None, limits: Limits | None = None) -> bytes:
        """Canonical proof configuration (the proof options minus ``proofValue``).

        For RDFC suites the document's ``@context`` is used (vc-di-eddsa §3.2.5); for JCS the
        options are canonicalised as given (they carry the document's ``@context`` already).
        """
        config = {k: v for k, v in options.items() if k != "proofValue"}
        self.check_options(config)
        if self.canonicalization == "jcs":
            return _jcs_config(config)
        config["@context"] = unsecured.get("@context")
        if loader is None and limits is None:  # default loader is frozen: depends on config only
            text = json.dumps(config, sort_keys=True, ensure_ascii=False)
            if len(text) <= _MEMO_CONFIG_CHARS:
                return _rdfc_config_cached(text)
        return _rdfc(config, loader, limits)

    def hash(self, transformed: bytes, proof_config: bytes) -> bytes:
        """``SHA-256(proof_config) || SHA-256(transformed)`` (64 bytes)."""
        return hashlib.sha256(proof_config).digest() + hashlib.sha256(transformed).digest()

    def sign_hash(self, hash_data: bytes, signer: Signer) -> str:
        """Sign ``hash_data`` and encode the signature as a ``z``-base58btc proofValue."""
        if signer.algorithm != self.algorithm:
            raise SigningError(f"{self.name} needs an {self.algorithm} signer, got "
                               f"{signer.algorithm!r}")
        signature = signer.sign(hash_data)
        if not isinstance(signature, (bytes, bytearray)) or len(signature) != 64:
            raise SigningError("the signer did not return a 64-byte Ed25519 signature")
        return b58_encode(bytes(signature))

    def verify_hash(self, hash_data: bytes, proof_value: str, key: ResolvedKey) -> bool:
        """Check ``proof_value`` over ``hash_data`` with ``key``.

        ``False`` for a signature that does not verify and for a key that cannot (wrong type,
        invalid point). The one exception is :class:`ProofValueError`, raised when
        ``proof_value`` itself is malformed (not ``z``-base58btc, or not a signature of the
        size this suite uses), so that a verifier can report ``malformed-proof-value``
        rather than ``signature-invalid``; nothing else is raised.
        """
        signature = self.decode_proof_value(proof_value, key)
        try:
            return key.verify_ed25519(hash_data, signature)
        except (KeyFormatError, TypeError, ValueError):
            return False

    def decode_proof_value(self, value: object, key: ResolvedKey | None = None) -> bytes:
        """The signature bytes of ``value``: ``z``-base58btc of exactly the size this suite
        (and, for ECDSA, the key's curve) produces; :class:`ProofValueError` otherwise."""
        raw = _b58_proof_value(value)
        if len(raw) != 64:
            raise ProofValueError(f"proofValue: Ed25519 signature must be 64 bytes, got "
                                  f"{len(raw)}")
        return raw

    def key_problem(self, key: ResolvedKey) -> tuple[str, str, str] | None:
        """Why ``key`` cannot check this suite's proofs, or ``None`` when it suits.

        The answer is ``(code, English message, Japanese message)`` with code
        ``"wrong-key-type"`` (a key or verification-method type the suite does not use),
        ``"wrong-curve"`` (an EC key on a curve the suite does not use) or
        ``"invalid-public-key"`` (the right type, but not a valid key).
        """
        if key.key_type != self.algorithm or key.type not in self.key_types:
            return ("wrong-key-type",
                    f"{self.name} needs an {self.algorithm} key, the method is a "
                    f"{key.key_type} {key.type}",
                    f"{self.name} には {self.algorithm} 鍵が必要です")
        try:
            key.ed25519_public_bytes()
        except KeyFormatError as exc:
            return _invalid_key(exc)
        return None

    def for_key(self, key: ResolvedKey) -> Cryptosuite:
        """The suite as used with ``key`` (the curve-bound suite for ECDSA; else itself)."""
        return self

    # -- helpers -----------------------------------------------------------------------------
    def check_options(self, options: Mapping[str, Any]) -> None:
        """PROOF_GENERATION_ERROR checks of §3.2.5: type, cryptosuite and ``created`` format."""
        if options.get("type") != self.proof_type:
            raise SigningError(f"proof type must be {self.proof_type!r}, got "
                               f"{options.get('type')!r}")
        if options.get("cryptosuite") != self.cryptosuite:
            raise SigningError(f"cryptosuite must be {self.cryptosuite!r}, got "
                               f"{options.get('cryptosuite')!r}")
        for name in ("created", "expires"):
            value = options.get(name)
            if value is not None and (not isinstance(value, str)
                                      or not XSD_DATETIME_RE.match(value)):
                raise SigningError(f"proof {name} {value!r} is not an XML Schema dateTime")

    def new_options(self, *, verification_method: str, proof_purpose: str,
                    created: str | None, unsecured: Mapping[str, Any],
                    extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Proof options in the member order of the W3C vectors."""
        opts: dict[str, Any] = {"type": self.proof_type}
        if extra and "id" in extra:
            opts["id"] = extra["id"]
        if self.cryptosuite is not None:
            opts["cryptosuite"] = self.cryptosuite
        if created is not None:
            opts["created"] = created
        opts["verificationMethod"] = verification_method
        opts["proofPurpose"] = proof_purpose
        for k, v in (extra or {}).items():
            if k != "id" and v is not None:
                opts[k] = v
        if self.canonicalization == "jcs" and "@context" in unsecured:
            opts["@context"] = unsecured["@context"]
        return opts

    def jcs_unsecured_for_verify(self, unsecured: dict[str, Any],
                                 options: Mapping[str, Any]) -> dict[str, Any] | None:
        """eddsa-jcs-2022 §3.3.2: the document ``@context`` must start with the proof's,
        which then replaces it. ``None`` when it does not."""
        if "@context" not in options:
            return unsecured
        proof_ctx = _context_list(options["@context"])
        doc_ctx = _context_list(unsecured.get("@context"))
        if doc_ctx[: len(proof_ctx)] != proof_ctx:
            return None
        return {**unsecured, "@context": options["@context"]}


def _invalid_key(exc: Exception) -> tuple[str, str, str]:
    return ("invalid-public-key", f"malformed key: {exc}", f"公開鍵の形式が不正です: {exc}")


def _b58_proof_value(value: object) -> bytes:
    try:
        return b58_decode(value, what="proofValue")
    except Exception as exc:  # KeyFormatError; reported as a proof-value problem
        raise ProofValueError(str(exc)) from None


def decode_proof_value(value: object) -> bytes:
    """The signature of a ``z``-base58btc proofValue of any built-in suite (64 bytes: Ed25519,
    ECDSA P-256; 96 bytes: ECDSA P-384); :class:`ProofValueError` else.

    Suite-independent shape check; :meth:`Cryptosuite.decode_proof_value` is exact per suite
    and key.
    """
    raw = _b58_proof_value(value)
    if len(raw) not in (64, 96):
        raise ProofValueError(f"proofValue: a signature must be 64 bytes (Ed25519, ECDSA "
                              f"P-256) or 96 bytes (ECDSA P-384), got {len(raw)}")
    return raw


class _DeferredHash(bytes):
    """The P-256 hash data of the curve-neutral ECDSA suite, remembering its inputs.

    A registered ECDSA suite does not know its curve until it meets a signer or key; its
    ``hash()`` returns the SHA-256 combination (right for P-256) carrying the canonical forms,
    from which ``sign_hash`` / ``verify_hash`` redo the SHA-384 combination for a P-384 key.
    """

    transformed: bytes
    proof_config: bytes


def _relabel_sha384(nquads: bytes) -> bytes:
    """RDFC-1.0 canonical N-Quads with SHA-384 as the hash (vc-di-ecdsa §3: "For P-384 keys,
    SHA-2 with 384-bits of output MUST be used"), from the SHA-256 canonical form.

    Canonical N-Quads describe the dataset up to blank node names, so canonicalising them
    again gives the labels of the SHA-384 run; with fewer than two blank nodes nothing
    changes (the input is canonical, so a second blank node is always ``_:c14n1``).
    """
    if b"_:c14n1 " not in nquads:  # at most one blank node: its label is c14n0 either way
        return nquads
    from ..jsonld import canonicalize_nquads

    return canonicalize_nquads(nquads.decode("utf-8"), hash_algorithm="sha384").encode("utf-8")


#: Verification-method types that can carry an ECDSA key (vc-di-ecdsa §2.1–2.2; JsonWebKey2020
#: as the did:key report and did:jwk use it).
_EC_VM_TYPES = frozenset({"Multikey", "JsonWebKey", "JsonWebKey2020"})
_ECDSA_ALGORITHMS = {"ES256": "P-256", "P-256": "P-256", "ES384": "P-384", "P-384": "P-384"}


@dataclass(frozen=True)
class EcdsaCryptosuite(Cryptosuite):
    """``ecdsa-rdfc-2019`` / ``ecdsa-jcs-2019``: ECDSA over P-256 (SHA-256) or P-384 (SHA-384).

    ``curve`` is ``None`` for the registered suite, which takes the curve of the signer
    (``ES256``/``ES384``) or key; :meth:`for_curve` / :meth:`for_key` give the bound suite whose
    :meth:`canonical` and :meth:`hash` use that curve's hash. Signatures are IEEE P1363
    ``r || s`` (64 or 96 bytes), ``z``-base58btc encoded; DER is refused; high-S is accepted
    (FIPS 186-5 verification; the suite specification sets no low-S rule).
    """

    curve: str | None = None

    def for_curve(self, curve: str) -> EcdsaCryptosuite:
        """This suite bound to ``curve`` (``"P-256"`` or ``"P-384"``)."""
        if curve not in CURVES:
            raise UnknownCryptosuiteError(f"{self.name} is defined for P-256 and P-384, not "
                                          f"{curve!r} / {self.name} は P-256 と P-384 にのみ"
                                          f"定義されています（{curve!r} は対象外です）")
        if self.curve == curve:
            return self
        return _bound(self, curve)

    def for_key(self, key: ResolvedKey) -> Cryptosuite:
        """The suite bound to the key's curve (unchanged if the key has no usable curve)."""
        curve = key.curve
        return self.for_curve(curve) if curve is not None and self.curve is None else self

    # -- the algorithm steps ------------------------------------------------------------------
    def canonical(self, canonical_form: bytes) -> bytes:
        """The canonical form for this curve from :meth:`transform` / :meth:`proof_config`'s
        output: RDFC-1.0 N-Quads relabelled with SHA-384 for P-384; otherwise unchanged."""
        if self.curve == "P-384" and self.canonicalization == "rdfc":
            return _relabel_sha384(canonical_form)
        return canonical_form

    def hash(self, transformed: bytes, proof_config: bytes) -> bytes:
        """``H(proof_config) || H(transformed)`` with the curve's hash H (vc-di-ecdsa §3.2.4 /
        §3.3.4): 64 bytes for P-256, 96 for P-384. The curve-neutral suite gives the P-256
        value, which remembers its inputs so that a P-384 signer or key can redo it."""
        if self.curve is None:
            out = _DeferredHash(hashlib.sha256(proof_config).digest()
                                + hashlib.sha256(transformed).digest())
            out.transformed, out.proof_config = transformed, proof_config
            return out
        h = hashlib.sha256 if self.curve == "P-256" else hashlib.sha384
        return (h(self.canonical(proof_config)).digest()
                + h(self.canonical(transformed)).digest())

    def _hash_data_for(self, curve: str, hash_data: bytes) -> bytes:
        if isinstance(hash_data, _DeferredHash) and curve != "P-256":
            return self.for_curve(curve).hash(hash_data.transformed, hash_data.proof_config)
        return hash_data

    def sign_hash(self, hash_data: bytes, signer: Signer) -> str:
        """ECDSA-sign ``hash_data`` with ``signer`` (``ES256``/``ES384``, which hashes it with
        the curve's hash) and encode the P1363 signature as a ``z``-base58btc proofValue."""
        curve = _ECDSA_ALGORITHMS.get(str(signer.algorithm))
        if curve is None:
            raise SigningError(f"{self.name} needs an ECDSA signer (ES256 or ES384), got "
                               f"{signer.algorithm!r}")
        if self.curve is not None and curve != self.curve:
            raise SigningError(f"this {self.name} suite is bound to {self.curve}, the signer "
                               f"is {curve}")
        signature = signer.sign(self._hash_data_for(curve, hash_data))
        size = 2 * CURVES[curve].size
        if not isinstance(signature, (bytes, bytearray)) or len(signature) != size:
            raise SigningError(f"the signer did not return a {size}-byte {curve} signature in "
                               "IEEE P1363 form (r || s); convert DER with der_to_p1363()")
        return b58_encode(bytes(signature))

    def decode_proof_value(self, value: object, key: ResolvedKey | None = None) -> bytes:
        """The P1363 signature: 64 bytes for P-256, 96 for P-384 (the key's curve, or this
        suite's); :class:`ProofValueError` otherwise, e.g. for a DER signature."""
        raw = _b58_proof_value(value)
        curve = (key.curve if key is not None else None) or self.curve
        sizes = [2 * CURVES[curve].size] if curve else [64, 96]
        if len(raw) not in sizes:
            der = " (it looks DER-encoded; ECDSA proofs use IEEE P1363 r || s)" if (
                raw[:1] == b"\x30" and len(raw) >= 8 and raw[1] == len(raw) - 2) else ""
            raise ProofValueError(f"proofValue: {self.name} signature must be "
                                  f"{' or '.join(map(str, sizes))} bytes"
                                  f"{' for ' + curve if curve else ''}, got {len(raw)}{der}")
        return raw

    def verify_hash(self, hash_data: bytes, proof_value: str, key: ResolvedKey) -> bool:
        """Check the P1363 ``proof_value`` over ``hash_data`` with ``key`` (P-256 or P-384).

        ``False`` for a signature that does not verify (high-S included: it verifies if it
        is valid) and for a key that does not suit (wrong type or curve, invalid point). As
        for every suite, the one exception is :class:`ProofValueError` for a malformed
        ``proof_value``: not ``z``-base58btc, or not 64 / 96 bytes for the key's curve (a DER
        signature among them).
        """
        curve = key.curve
        signature = self.decode_proof_value(proof_value, key)
        if curve is None or (self.curve is not None and curve != self.curve):
            return False
        try:
            return key.verify_ecdsa(self._hash_data_for(curve, hash_data), signature)
        except Exception:  # a verdict, never an exception (e.g. a P-384 relabel limit)
            return False

    def key_problem(self, key: ResolvedKey) -> tuple[str, str, str] | None:
        """``None`` for a valid P-256/P-384 key (of this suite's curve, if bound) in a
        Multikey / JsonWebKey / JsonWebKey2020 method; else ``(code, English, Japanese)``."""
        key_type = key.key_type
        curves = [self.curve] if self.curve else sorted(CURVES)
        wanted = " or ".join(curves)
        if key.public_key_multibase is not None:
            try:
                b58_decode(key.public_key_multibase, what="publicKeyMultibase")
            except KeyFormatError as exc:
                return _invalid_key(exc)
        if key.type not in self.key_types:
            return ("wrong-key-type",
                    f"{self.name} needs a {wanted} key in a Multikey or JsonWebKey "
                    f"verification method, the method is a {key.type}",
                    f"{self.name} には Multikey または JsonWebKey 形式の {wanted} 鍵が必要です"
                    f"（検証方法は {key.type}）")
        is_ec = key_type in CURVES or key_type in ("P-521", "secp256k1") or (
            key.public_key_jwk is not None and key.public_key_jwk.get("kty") == "EC")
        if not is_ec:
            return ("wrong-key-type",
                    f"{self.name} needs an ECDSA {wanted} key, the method is a {key_type} key",
                    f"{self.name} には ECDSA {wanted} 鍵が必要です（鍵は {key_type}）")
        if key_type not in curves:
            return ("wrong-curve",
                    f"{self.name} needs a {wanted} key, the key is on curve {key_type}",
                    f"{self.name} には {wanted} 鍵が必要ですが、鍵の曲線は {key_type} です")
        try:
            key.ec_public_key()
        except KeyFormatError as exc:
            return _invalid_key(exc)
        return None


@functools.lru_cache(maxsize=16)
def _bound(suite: EcdsaCryptosuite, curve: str) -> EcdsaCryptosuite:
    return dataclasses.replace(suite, curve=curve)


#: Verification-method types that can carry an Ed25519 key for the EdDSA suites.
_ED_VM_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020", "JsonWebKey",
                          "JsonWebKey2020"})

#: Suites defined in modules that build on this one, by name: (module, ``cryptosuite`` value,
#: canonicalization). Each module registers its suite in :data:`CRYPTOSUITES` when imported;
#: the table imports it the first time the suite could be seen (see :class:`_SuiteTable`).
_REGISTERED_ELSEWHERE: dict[str, tuple[str, str, str]] = {
    "ecdsa-sd-2023": (f"{__package__}.ecdsa_sd", "ecdsa-sd-2023", "rdfc"),
}


class _SuiteTable(dict[str, "Cryptosuite"]):
    """:data:`CRYPTOSUITES`: a dict of every known suite by name, which imports the modules of
    the suites defined elsewhere (:data:`_REGISTERED_ELSEWHERE`: ecdsa-sd-2023, about 3 ms of
    import) the first time one could be seen: a look-up of its name (``[]``, ``in``,
    ``get``, ``setdefault``, ``pop``), any listing (iteration, ``len``, ``keys``, ``values``,
    ``items``, ``repr``, copies, comparisons) or a removal. Through Python, it reads as a dict
    that held them from the start; a verifier that meets no ecdsa-sd-2023 proof never imports
    the module. Writes need nothing: a suite a caller registers first under the same name is
    kept, as the module registers with ``setdefault``."""

    __slots__ = ()

    def _complete(self) -> None:
        for name, (module, _, _) in _REGISTERED_ELSEWHERE.items():
            if not dict.__contains__(self, name):  # (in the importing thread: re-entrant;
                importlib.import_module(module)     # another thread waits for the import)

    def __missing__(self, key: str) -> Cryptosuite:
        if key in _REGISTERED_ELSEWHERE:
            self._complete()
            if dict.__contains__(self, key):
                return dict.__getitem__(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        if key in _REGISTERED_ELSEWHERE:
            self._complete()
            return dict.__contains__(self, key)
        return False


def _completing(name: str, *, by_key: bool) -> Callable[..., Any]:
    """The dict method ``name`` of :class:`_SuiteTable`: the suites defined elsewhere imported
    first (``by_key``: only when its first argument names one that is absent)."""
    method = getattr(dict, name)

    def call(self: _SuiteTable, *args: Any, **kwargs: Any) -> Any:
        if not by_key or (args and args[0] in _REGISTERED_ELSEWHERE
                          and not dict.__contains__(self, args[0])):
            self._complete()
        return method(self, *args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = method.__doc__
    return call


for _name in ("get", "setdefault", "pop", "__delitem__"):
    setattr(_SuiteTable, _name, _completing(_name, by_key=True))
for _name in ("__iter__", "__reversed__", "__len__", "__repr__", "__eq__", "__ne__", "__or__",
              "__ror__", "__reduce_ex__", "keys", "values", "items", "copy", "popitem",
              "clear"):
    setattr(_SuiteTable, _name, _completing(_name, by_key=False))


#: Every suite microcred knows, by name (ecdsa-sd-2023's module is imported on first sight).
CRYPTOSUITES: dict[str, Cryptosuite] = _SuiteTable({
    s.name: s
    for s in (
        Cryptosuite("eddsa-rdfc-2022", "DataIntegrityProof", "eddsa-rdfc-2022", "rdfc",
                    key_types=_ED_VM_TYPES),
        Cryptosuite("eddsa-jcs-2022", "DataIntegrityProof", "eddsa-jcs-2022", "jcs",
                    key_types=_ED_VM_TYPES),
        Cryptosuite("Ed25519Signature2020", "Ed25519Signature2020", None, "rdfc",
                    key_types=_ED_VM_TYPES,
                    required_context="https://w3id.org/security/suites/ed25519-2020/v1"),
        Cryptosuite("eddsa-2022", "DataIntegrityProof", "eddsa-2022", "rdfc", can_sign=False,
                    key_types=_ED_VM_TYPES),
        EcdsaCryptosuite("ecdsa-rdfc-2019", "DataIntegrityProof", "ecdsa-rdfc-2019", "rdfc",
                         algorithm="ECDSA", key_types=_EC_VM_TYPES),
        EcdsaCryptosuite("ecdsa-jcs-2019", "DataIntegrityProof", "ecdsa-jcs-2019", "jcs",
                         algorithm="ECDSA", key_types=_EC_VM_TYPES),
    )
})

#: Suites accepted by :func:`microcred.verify` unless the caller narrows the allow-list.
DEFAULT_VERIFY_SUITES = frozenset(dict.keys(CRYPTOSUITES)) | frozenset(_REGISTERED_ELSEWHERE)

_JCS_NAMES: list[Any] = [None, frozenset()]


def jcs_cryptosuites() -> frozenset[str]:
    """The ``cryptosuite`` values of the known suites that sign JCS bytes, read without
    importing the suites defined elsewhere (their values are declared with them)."""
    count = dict.__len__(CRYPTOSUITES)
    if _JCS_NAMES[0] != count:
        known = [(s.cryptosuite, s.canonicalization) for s in dict.values(CRYPTOSUITES)]
        known += [(csuite, canon) for name, (_, csuite, canon) in _REGISTERED_ELSEWHERE.items()
                  if not dict.__contains__(CRYPTOSUITES, name)]
        _JCS_NAMES[1] = frozenset(c for c, canon in known if canon == "jcs" and c)
        _JCS_NAMES[0] = count
    names: frozenset[str] = _JCS_NAMES[1]
    return names


def get_suite(name: str | Cryptosuite) -> Cryptosuite:
    """The suite called ``name``; :class:`~microcred.UnknownCryptosuiteError` if unknown."""
    if isinstance(name, Cryptosuite):
        return name
    try:
        return CRYPTOSUITES[name]
    except (KeyError, TypeError):
        known = ", ".join(sorted(CRYPTOSUITES))
        raise UnknownCryptosuiteError(
            f"unknown cryptosuite {name!r}; known: {known} / 暗号スイート {name!r} は"
            f"未知です（既知: {known}）") from None


def suite_for_proof(proof: Mapping[str, Any]) -> Cryptosuite:
    """The suite a proof names (``type`` + ``cryptosuite``); never guessed."""
    ptype, csuite = proof.get("type"), proof.get("cryptosuite")
    if ptype == "DataIntegrityProof" and isinstance(csuite, str) and csuite in CRYPTOSUITES:
        suite = CRYPTOSUITES[csuite]
        if suite.proof_type == "DataIntegrityProof":
            return suite
    if ptype == "Ed25519Signature2020" and csuite is None:
        return CRYPTOSUITES["Ed25519Signature2020"]
    raise UnknownCryptosuiteError(f"unknown proof type/cryptosuite {ptype!r}/{csuite!r} / "
                                  f"証明の種類・暗号スイート {ptype!r}/{csuite!r} は未知です")
