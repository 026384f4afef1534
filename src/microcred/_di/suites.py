"""Cryptosuites: small objects behind one interface, chosen from an allow-list.

Each suite splits the vc-di-eddsa algorithms into separate steps so that callers (and the
performance work) can cache or replace one of them:

``transform(unsecured)`` → canonical document bytes; ``proof_config(options, unsecured)`` →
canonical proof-configuration bytes; ``hash(transformed, config)`` →
``SHA-256(config) || SHA-256(transformed)``; ``sign_hash`` / ``verify_hash`` (pure Ed25519).

Sources: W3C Data Integrity EdDSA Cryptosuites v1.0 (REC 2025-05-15) §3.2 (eddsa-rdfc-2022),
§3.3 (eddsa-jcs-2022); Ed25519Signature2020 as implemented by the W3C test vectors
(TestVectors/Ed25519Signature2020); eddsa-2022 is the pre-REC name of eddsa-rdfc-2022 and is
verified with the same algorithm (as the 1EdTech validator does; tests/test_interop.py checks
this against @digitalbazaar/eddsa-2022-cryptosuite 1.0).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._errors import SigningError, UnknownCryptosuiteError
from .keys import ResolvedKey, Signer
from .multibase import b58_decode, b58_encode

if TYPE_CHECKING:
    from ..jsonld import DocumentLoader, Limits

__all__ = [
    "CRYPTOSUITES",
    "DEFAULT_VERIFY_SUITES",
    "XSD_DATETIME_RE",
    "Cryptosuite",
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
    """A ``proofValue`` is not a ``z``-base58btc 64-byte Ed25519 signature."""


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


def _jcs_config(config: Mapping[str, Any]) -> bytes:
    """JCS of an eddsa-jcs-2022 proof configuration, from a per-shape template.

    Within a batch the configurations differ only in ``created``: the JCS of everything else
    (strings, and the ``@context`` list of strings) is computed once with a placeholder that
    occurs nowhere else, and each call substitutes its own ``created``, which needs no JSON
    escaping. Anything else is canonicalised directly.
    """
    created = config.get("created")
    if isinstance(created, str) and _PLAIN_CREATED.match(created) and all(
            type(v) is str or (type(v) is list and all(type(x) is str for x in v))
            for v in config.values()):
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
            return _rdfc_config_cached(json.dumps(config, sort_keys=True, ensure_ascii=False))
        return _rdfc(config, loader, limits)

    @staticmethod
    def hash(transformed: bytes, proof_config: bytes) -> bytes:
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
        """Check ``proof_value`` over ``hash_data`` with ``key``."""
        return key.verify_ed25519(hash_data, decode_proof_value(proof_value))

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


def decode_proof_value(value: object) -> bytes:
    """The 64-byte signature of a ``z``-base58btc proofValue; :class:`ProofValueError` else."""
    try:
        raw = b58_decode(value, what="proofValue")
    except Exception as exc:  # KeyFormatError; reported as a proof-value problem
        raise ProofValueError(str(exc)) from None
    if len(raw) != 64:
        raise ProofValueError(f"proofValue: Ed25519 signature must be 64 bytes, got {len(raw)}")
    return raw


#: Verification-method types that can carry an Ed25519 key for the EdDSA suites.
_ED_VM_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020", "JsonWebKey",
                          "JsonWebKey2020"})

#: Every suite microcred knows, by name.
CRYPTOSUITES: dict[str, Cryptosuite] = {
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
    )
}

#: Suites accepted by :func:`microcred.verify` unless the caller narrows the allow-list.
DEFAULT_VERIFY_SUITES = frozenset(CRYPTOSUITES)


def get_suite(name: str | Cryptosuite) -> Cryptosuite:
    """The suite called ``name``; :class:`~microcred.UnknownCryptosuiteError` if unknown."""
    if isinstance(name, Cryptosuite):
        return name
    try:
        return CRYPTOSUITES[name]
    except (KeyError, TypeError):
        raise UnknownCryptosuiteError(
            f"unknown cryptosuite {name!r}; known: {', '.join(sorted(CRYPTOSUITES))}") from None


def suite_for_proof(proof: Mapping[str, Any]) -> Cryptosuite:
    """The suite a proof names (``type`` + ``cryptosuite``); never guessed."""
    ptype, csuite = proof.get("type"), proof.get("cryptosuite")
    if ptype == "DataIntegrityProof" and isinstance(csuite, str) and csuite in CRYPTOSUITES:
        suite = CRYPTOSUITES[csuite]
        if suite.proof_type == "DataIntegrityProof":
            return suite
    if ptype == "Ed25519Signature2020" and csuite is None:
        return CRYPTOSUITES["Ed25519Signature2020"]
    raise UnknownCryptosuiteError(f"unknown proof type/cryptosuite {ptype!r}/{csuite!r}")
