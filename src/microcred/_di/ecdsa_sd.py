"""ecdsa-sd-2023: selective disclosure with ECDSA P-256 (W3C Data Integrity ECDSA Cryptosuites
v1.0 §3.4 "Selective Disclosure Functions", §3.5 "ecdsa-sd-2023 Functions", §3.6).

Three roles, one module:

* the **issuer** creates a *base proof* through the ordinary :func:`microcred.sign` with
  ``cryptosuite=ecdsa_sd_2023(mandatory_pointers=[...])``: every canonical N-Quad that is not
  mandatory is signed on its own with a proof-scoped P-256 key, blank nodes get HMAC labels;
* the **holder** calls :func:`derive_proof` with the JSON pointers to reveal: the reveal
  document keeps the mandatory and the selected statements only, and the proof carries just
  their signatures (CBOR, ``u``-base64url);
* the **verifier** runs the ordinary :func:`microcred.verify`: the registered
  ``ecdsa-sd-2023`` suite checks a derived proof in ``verify_hash`` (base proofs are for the
  holder and are refused as such).

JSON-LD expansion, compaction and toRDF are pyld's (through :mod:`microcred.jsonld`, safe
mode, static contexts); RDFC-1.0 is microcred's; ECDSA is ``cryptography``'s; CBOR is
``cbor2``'s (RFC 8949, no tags). Notes on the specification text, resolved as the W3C test
vectors and the Digital Bazaar implementation do: the proof-scoped public key is the
35-byte Multikey (``0x8024`` + 33-byte compressed point; the text says 36), the label map is
encoded with its integer keys in ascending order, and canonical N-Quads are sorted after
relabelling. Only P-256 is defined by the suite's proof value format (64-byte signatures,
32-byte HMAC labels), so P-384 keys are ``wrong-curve``.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._errors import KeyFormatError, SigningError, UnknownCryptosuiteError
from .keys import EcdsaKey, ResolvedKey, Signer, _ec_point
from .multibase import P256_PUB_HEADER, b64url_decode, b64url_encode
from .suites import (
    _EC_VM_TYPES,
    CRYPTOSUITES,
    EcdsaCryptosuite,
    ProofValueError,
    _rdfc,
)

if TYPE_CHECKING:
    import hmac
    import secrets
    import uuid

    import cbor2

    from ..jsonld import DocumentLoader, Limits
else:  # cbor2 (and the rest) load with the first ecdsa-sd-2023 proof value
    from .._lazy import LazyModule

    cbor2 = LazyModule("cbor2")
    hmac = LazyModule("hmac")
    secrets = LazyModule("secrets")
    uuid = LazyModule("uuid")

__all__ = [
    "BaseProofValue",
    "DerivedProofValue",
    "EcdsaSdCryptosuite",
    "VerifyData",
    "canonicalize_and_group",
    "create_verify_data",
    "derive_proof",
    "ecdsa_sd_2023",
    "select_json_ld",
]

BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
#: Skolem IRI prefix (as the Digital Bazaar implementation; never appears in any output).
_SKOLEM = "urn:bnid:"
#: Longest proofValue accepted (a derived proof of ~20 000 statements).
MAX_PROOF_VALUE_LENGTH = 2_000_000

LabelMapFactory = Callable[[Mapping[str, str]], dict[str, str]]


# -- JSON pointers and selection (§3.4.11–3.4.14) -------------------------------------------------

def json_pointer_paths(pointer: str) -> list[str | int]:
    """RFC 6901 pointer → path segments (§3.4.11): digits become array indexes."""
    if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
        raise SigningError(f"{pointer!r} is not a JSON pointer (RFC 6901)")
    paths: list[str | int] = []
    for part in pointer.split("/")[1:]:
        if "~" in part:
            if re.search(r"~[^01]|~$", part):
                raise SigningError(f"JSON pointer {pointer!r}: invalid escape in {part!r}")
            paths.append(part.replace("~1", "/").replace("~0", "~"))
        elif re.fullmatch(r"[0-9]+", part):
            paths.append(int(part))
        else:
            paths.append(part)
    return paths


class _Sparse(dict[int, Any]):
    """A selected array under construction (index → value), made dense at the end."""


def _initial_selection(source: Any) -> dict[str, Any]:
    """§3.4.12: non-blank ``id`` and ``type`` of the source object."""
    selection: dict[str, Any] = {}
    if isinstance(source, Mapping):
        node_id = source.get("id")
        if isinstance(node_id, str) and not node_id.startswith("_:"):
            selection["id"] = node_id
        if "type" in source:
            selection["type"] = copy.deepcopy(source["type"])
    return selection


_MISSING = object()


def _child(container: Any, path: str | int) -> Any:
    """``container[path]`` as JavaScript reads it (``_MISSING`` for undefined)."""
    if isinstance(container, _Sparse):
        return container.get(path, _MISSING) if isinstance(path, int) else _MISSING
    if isinstance(container, list):
        if isinstance(path, int) and 0 <= path < len(container):
            return container[path]
        return _MISSING
    if isinstance(container, Mapping):
        return container.get(str(path), _MISSING)
    return _MISSING


def _put(container: Any, path: str | int, value: Any) -> None:
    """``container[path] = value`` (a list grows as a JavaScript array would, densely)."""
    if isinstance(container, _Sparse):
        if not isinstance(path, int):
            raise SigningError(f"JSON pointer segment {path!r} indexes an array")
        container[path] = value
    elif isinstance(container, list):
        if not isinstance(path, int):
            raise SigningError(f"JSON pointer segment {path!r} indexes an array")
        while len(container) <= path:
            container.append(_MISSING)
        container[path] = value
    else:
        container[str(path)] = value


def _select_paths(document: Mapping[str, Any], pointer: str, paths: Sequence[str | int],
                  selection: dict[str, Any]) -> None:
    """§3.4.13 selectPaths."""
    value: Any = document
    selected_parent: Any = selection
    selected_value: Any = selection
    for path in paths:
        selected_parent = selected_value
        value = _child(value, path)
        if value is _MISSING:
            raise SigningError(f"JSON pointer {pointer!r} does not match the document")
        selected_value = _child(selected_parent, path)
        if selected_value is _MISSING:
            selected_value = _Sparse() if isinstance(value, list) else _initial_selection(value)
            _put(selected_parent, path, selected_value)
    if isinstance(value, list):
        selected_value = copy.deepcopy(value)
    elif isinstance(value, Mapping):
        base = selected_value if isinstance(selected_value, dict) else {}
        selected_value = {**base, **copy.deepcopy(dict(value))}
    else:
        selected_value = value
    _put(selected_parent, paths[-1], selected_value)


def _dense(value: Any) -> Any:
    if isinstance(value, _Sparse):
        return [_dense(value[i]) for i in sorted(value)]
    if isinstance(value, dict):
        return {k: _dense(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dense(v) for v in value if v is not _MISSING]
    return value


def select_json_ld(pointers: Sequence[str], document: Mapping[str, Any]) -> dict[str, Any] | None:
    """§3.4.14 selectJsonLd: the part of a compact JSON-LD document the pointers reach (with
    the ``@context``, and the ``id``/``type`` of every object on the way); ``None`` when
    ``pointers`` is empty. :class:`SigningError` for a pointer that does not match."""
    if not pointers:
        return None
    selection: dict[str, Any] = {"@context": copy.deepcopy(document.get("@context"))}
    selection.update(_initial_selection(document))
    for pointer in pointers:
        paths = json_pointer_paths(pointer)
        if not paths:
            return copy.deepcopy(dict(document))
        _select_paths(document, pointer, paths, selection)
    result: dict[str, Any] = _dense(selection)
    return result


# -- skolemisation, canonicalisation and grouping (§3.4.1–3.4.10, 3.4.15–3.4.17) ----------------

def _skolemize_expanded(expanded: list[Any], random: str, counter: list[int]) -> list[Any]:
    """§3.4.7 skolemizeExpandedJsonLd."""
    out: list[Any] = []
    for element in expanded:
        if not isinstance(element, dict) or "@value" in element:
            out.append(copy.deepcopy(element))
            continue
        node: dict[str, Any] = {}
        for prop, value in element.items():
            node[prop] = (_skolemize_expanded(value, random, counter) if isinstance(value, list)
                          else _skolemize_expanded([value], random, counter)[0])
        node_id = node.get("@id")
        if node_id is None:
            node["@id"] = f"{_SKOLEM}_{random}_{counter[0]}"
            counter[0] += 1
        elif isinstance(node_id, str) and node_id.startswith("_:"):
            node["@id"] = _SKOLEM + node_id[2:]
        out.append(node)
    return out


def _compact(expanded: list[Any], context: Any, loader: DocumentLoader) -> dict[str, Any]:
    """JSON-LD compaction (pyld) of ``expanded`` with ``context`` and static contexts only."""
    from pyld import jsonld as pyld

    from .._errors import JsonLdError
    from ..jsonld._pipeline import _resolver_for

    options = {"documentLoader": loader, "contextResolver": _resolver_for(loader),
               "base": None, "processingMode": "json-ld-1.1"}
    try:
        compacted: dict[str, Any] = pyld.JsonLdProcessor().compact(
            expanded, {"@context": context}, options)
    except (pyld.JsonLdError, ValueError, TypeError, KeyError, RecursionError) as exc:
        raise JsonLdError(f"JSON-LD compaction failed: {exc}") from None
    return compacted


def _deskolemize_term(term: str) -> str:
    if term.startswith("<" + _SKOLEM):
        return "_:" + term[len(_SKOLEM) + 1:-1]
    return term


def _deskolemized_quads(document: Any, loader: DocumentLoader,
                        limits: Limits | None) -> list[tuple[str, str, str, str]]:
    """§3.4.9 toDeskolemizedNQuads (as quads of N-Quads terms)."""
    from ..jsonld import to_rdf

    return [(_deskolemize_term(s), p, _deskolemize_term(o), _deskolemize_term(g) if g else g)
            for s, p, o, g in to_rdf(document, loader=loader, limits=limits)]


def _relabel(quads: Iterable[tuple[str, str, str, str]], mapping: Mapping[str, str]
             ) -> list[str]:
    """Serialise quads with blank nodes renamed by ``mapping`` (labels without ``_:``);
    sorted (by code point), duplicates removed. A label missing from the map raises KeyError."""
    from ..jsonld import serialize_quad

    def term(t: str) -> str:
        return "_:" + mapping[t[2:]] if t.startswith("_:") else t

    return sorted({serialize_quad((term(s), p, term(o), term(g) if g else g))
                   for s, p, o, g in quads})


def _label_replacement_canonicalize(quads: Sequence[tuple[str, str, str, str]],
                                    factory: LabelMapFactory, limits: Limits | None
                                    ) -> tuple[list[str], dict[str, str]]:
    """§3.4.1 labelReplacementCanonicalizeNQuads: (canonical N-Quads with the new labels,
    label map input label → new label), labels without the ``_:`` prefix."""
    from ..jsonld import canonical_labelling

    mapping = canonical_labelling(quads, limits=limits).mapping
    canonical_ids = {k[2:]: v[2:] for k, v in mapping.items()}
    label_map = factory(canonical_ids)
    return _relabel(quads, label_map), label_map


def hmac_label_map_factory(key: bytes) -> LabelMapFactory:
    """§3.4.4 createHmacIdLabelMapFunction with HMAC-SHA-256 under ``key``."""
    def factory(canonical_ids: Mapping[str, str]) -> dict[str, str]:
        return {inp: "u" + b64url_encode(hmac.new(key, c14n.encode("utf-8"),
                                                  hashlib.sha256).digest())
                for inp, c14n in canonical_ids.items()}
    return factory


@dataclass
class _Group:
    matching: dict[int, str]
    non_matching: dict[int, str]
    deskolemized: list[tuple[str, str, str, str]]


@dataclass
class _Grouped:
    groups: dict[str, _Group]
    label_map: dict[str, str]
    nquads: list[str]


def canonicalize_and_group(document: Mapping[str, Any], factory: LabelMapFactory,
                           group_definitions: Mapping[str, Sequence[str]], *,
                           loader: DocumentLoader | None = None,
                           limits: Limits | None = None) -> _Grouped:
    """§3.4.17 canonicalizeAndGroup."""
    from ..jsonld import default_loader, expand

    loader = loader or default_loader()
    expanded = expand(document, loader=loader, limits=limits)
    skolem_expanded = _skolemize_expanded(expanded, str(uuid.uuid4()), [0])
    skolem_compact = _compact(skolem_expanded, document.get("@context"), loader)
    deskolemized = _deskolemized_quads(skolem_expanded, loader, limits)
    nquads, label_map = _label_replacement_canonicalize(deskolemized, factory, limits)
    groups: dict[str, _Group] = {}
    for name, pointers in group_definitions.items():
        selection = select_json_ld(pointers, skolem_compact)
        selected_quads = ([] if selection is None
                          else _deskolemized_quads(selection, loader, limits))
        try:
            selected = set(_relabel(selected_quads, label_map))
        except KeyError:
            raise SigningError(f"the {name} selection has a blank node the document does not"
                               ) from None
        matching = {i: nq for i, nq in enumerate(nquads) if nq in selected}
        non_matching = {i: nq for i, nq in enumerate(nquads) if nq not in selected}
        groups[name] = _Group(matching, non_matching, selected_quads)
    return _Grouped(groups, label_map, nquads)


# -- proof values (§3.5) ------------------------------------------------------------------------

def _cbor(value: Any) -> bytes:
    return bytes(cbor2.dumps(value))


def _uncbor(payload: bytes) -> Any:
    """One CBOR data item, nothing after it; ProofValueError otherwise."""
    fp = io.BytesIO(payload)
    try:
        value = cbor2.CBORDecoder(fp).decode()
    except Exception as exc:  # cbor2 raises several types for malformed input
        raise ProofValueError(f"proofValue: malformed CBOR ({type(exc).__name__})") from None
    if fp.tell() != len(payload):
        raise ProofValueError("proofValue: trailing bytes after the CBOR value")
    return value


def _decode_u(value: object, header: bytes, what: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("u"):
        raise ProofValueError(f"proofValue: an {what} proof value is multibase base64url "
                              "('u…')")
    if len(value) > MAX_PROOF_VALUE_LENGTH:
        raise ProofValueError(f"proofValue: too long ({len(value)} characters)")
    try:
        raw = b64url_decode(value[1:], what="proofValue")
    except KeyFormatError as exc:
        raise ProofValueError(str(exc)) from None
    if raw[:3] != header:
        if raw[:3] == BASE_HEADER:
            raise ProofValueError("proofValue: this is an ecdsa-sd-2023 base proof, which is "
                                  "for the holder; verify a derived (disclosure) proof")
        raise ProofValueError(f"proofValue: not an ecdsa-sd-2023 {what} proof (header "
                              f"0x{raw[:3].hex()})")
    return raw[3:]


def _check_public_key(public_key: Any) -> bytes:
    if type(public_key) is not bytes or len(public_key) != 35 or (
            public_key[:2] != P256_PUB_HEADER):
        raise ProofValueError("proofValue: the proof-scoped key must be a 35-byte P-256 "
                              "Multikey")
    try:
        _ec_point("P-256", public_key[2:])
    except KeyFormatError:
        raise ProofValueError("proofValue: the proof-scoped key is not a P-256 point") from None
    return public_key


def _byte_list(value: Any, size: int, what: str) -> list[bytes]:
    if type(value) is not list or not all(type(v) is bytes and len(v) == size for v in value):
        raise ProofValueError(f"proofValue: {what} must be a list of {size}-byte strings")
    return list(value)


@dataclass(frozen=True)
class BaseProofValue:
    """The components of a base proof value (§3.5.3 parseBaseProofValue)."""

    base_signature: bytes
    public_key: bytes
    hmac_key: bytes = field(repr=False)
    signatures: list[bytes]
    mandatory_pointers: list[str]

    def serialize(self) -> str:
        """§3.5.2 serializeBaseProofValue."""
        return "u" + b64url_encode(BASE_HEADER + _cbor([
            self.base_signature, self.public_key, self.hmac_key, self.signatures,
            self.mandatory_pointers]))

    @classmethod
    def parse(cls, value: object) -> BaseProofValue:
        """Strict parse; :class:`ProofValueError` for anything else."""
        parts = _uncbor(_decode_u(value, BASE_HEADER, "base"))
        if type(parts) is not list or len(parts) != 5:
            raise ProofValueError("proofValue: a base proof value is a CBOR array of 5 items")
        base_signature, public_key, hmac_key, signatures, pointers = parts
        if type(base_signature) is not bytes or len(base_signature) != 64:
            raise ProofValueError("proofValue: the base signature must be 64 bytes")
        if type(hmac_key) is not bytes or len(hmac_key) != 32:
            raise ProofValueError("proofValue: the HMAC key must be 32 bytes")
        if type(pointers) is not list or not all(type(p) is str for p in pointers):
            raise ProofValueError("proofValue: mandatory pointers must be strings")
        return cls(base_signature, _check_public_key(public_key), hmac_key,
                   _byte_list(signatures, 64, "signatures"), list(pointers))


@dataclass(frozen=True)
class DerivedProofValue:
    """The components of a derived proof value (§3.5.8 parseDerivedProofValue); the label
    map decompressed (``c14nN`` → ``u…``)."""

    base_signature: bytes
    public_key: bytes
    signatures: list[bytes]
    label_map: dict[str, str]
    mandatory_indexes: list[int]

    def serialize(self) -> str:
        """§3.5.7 serializeDerivedProofValue (label map keys ascending)."""
        compressed: dict[int, bytes] = {}
        for k, v in sorted(self.label_map.items(), key=lambda kv: int(kv[0][4:])):
            compressed[int(k[4:])] = b64url_decode(v[1:], what="label")
        return "u" + b64url_encode(DERIVED_HEADER + _cbor([
            self.base_signature, self.public_key, self.signatures, compressed,
            self.mandatory_indexes]))

    @classmethod
    def parse(cls, value: object) -> DerivedProofValue:
        """Strict parse (types and sizes of §3.5.8 step 4); :class:`ProofValueError` else."""
        parts = _uncbor(_decode_u(value, DERIVED_HEADER, "derived"))
        if type(parts) is not list or len(parts) != 5:
            raise ProofValueError("proofValue: a derived proof value is a CBOR array of 5 "
                                  "items")
        base_signature, public_key, signatures, compressed, indexes = parts
        if type(base_signature) is not bytes or len(base_signature) != 64:
            raise ProofValueError("proofValue: the base signature must be 64 bytes")
        if type(compressed) is not dict or not all(
                type(k) is int and k >= 0 and type(v) is bytes and len(v) == 32
                for k, v in compressed.items()):
            raise ProofValueError("proofValue: the label map must map integers to 32-byte "
                                  "strings")
        if type(indexes) is not list or not all(type(i) is int for i in indexes):
            raise ProofValueError("proofValue: mandatory indexes must be integers")
        label_map = {f"c14n{k}": "u" + b64url_encode(v) for k, v in compressed.items()}
        return cls(base_signature, _check_public_key(public_key),
                   _byte_list(signatures, 64, "signatures"), label_map, list(indexes))


# -- the suite --------------------------------------------------------------------------------

class _SdTransformed(bytes):
    """Canonical N-Quads (plain RDFC-1.0, as every RDFC suite) that remember the document,
    so that the base proof can select the mandatory statements by JSON pointer."""

    document: Mapping[str, Any]
    loader: DocumentLoader | None
    limits: Limits | None


class _SdHashInput(bytes):
    """The suite's ``hash()`` value: remembers the canonical document and proof config."""

    transformed: bytes
    proof_config: bytes


@dataclass(frozen=True)
class EcdsaSdCryptosuite(EcdsaCryptosuite):
    """``ecdsa-sd-2023`` (P-256). The registered suite verifies derived proofs; build the
    issuer's suite with :func:`ecdsa_sd_2023` to choose the mandatory pointers."""

    mandatory_pointers: tuple[str, ...] = ()
    #: Fixed HMAC key / proof-scoped key, for reproducing test vectors only.
    hmac_key: bytes | None = field(default=None, repr=False, compare=False)
    proof_scoped_key: EcdsaKey | None = field(default=None, repr=False, compare=False)

    def for_curve(self, curve: str) -> EcdsaCryptosuite:
        """Only P-256 is defined for ecdsa-sd-2023."""
        if curve != "P-256":
            raise UnknownCryptosuiteError("ecdsa-sd-2023 is defined for P-256 only / "
                                          "ecdsa-sd-2023 は P-256 にのみ定義されています")
        return self

    def transform(self, unsecured: Mapping[str, Any], *, loader: DocumentLoader | None = None,
                  limits: Limits | None = None) -> bytes:
        """RDFC-1.0 canonical N-Quads, remembering the document for the base proof."""
        out = _SdTransformed(_rdfc(unsecured, loader, limits))
        out.document, out.loader, out.limits = unsecured, loader, limits
        return out

    def hash(self, transformed: bytes, proof_config: bytes) -> bytes:
        """``SHA-256(proof_config) || SHA-256(transformed)``, remembering both inputs (the
        statements are hashed and signed one by one in :meth:`sign_hash` /
        :meth:`verify_hash`)."""
        out = _SdHashInput(hashlib.sha256(proof_config).digest()
                           + hashlib.sha256(transformed).digest())
        out.transformed, out.proof_config = transformed, proof_config
        return out

    # -- issuer ------------------------------------------------------------------------------
    def sign_hash(self, hash_data: bytes, signer: Signer) -> str:
        """Create the base proof value (§3.6.1–3.6.5) with ``signer`` (ES256)."""
        if str(signer.algorithm) not in ("ES256", "P-256"):
            raise SigningError(f"ecdsa-sd-2023 needs a P-256 (ES256) signer, got "
                               f"{signer.algorithm!r}")
        transformed = getattr(hash_data, "transformed", None)
        document = getattr(transformed, "document", None)
        config = getattr(hash_data, "proof_config", None)
        if document is None or config is None:
            raise SigningError("ecdsa-sd-2023 base proofs are made by sign() (the suite needs "
                               "the document to select the mandatory statements)")
        assert isinstance(transformed, _SdTransformed)
        hmac_key = self.hmac_key if self.hmac_key is not None else secrets.token_bytes(32)
        if len(hmac_key) != 32:
            raise SigningError("the ecdsa-sd-2023 HMAC key must be 32 bytes")
        grouped = canonicalize_and_group(
            document, hmac_label_map_factory(hmac_key),
            {"mandatory": list(self.mandatory_pointers)},
            loader=transformed.loader, limits=transformed.limits)
        group = grouped.groups["mandatory"]
        mandatory = list(group.matching.values())
        non_mandatory = list(group.non_matching.values())
        proof_hash = hashlib.sha256(config).digest()
        mandatory_hash = hashlib.sha256("".join(mandatory).encode("utf-8")).digest()
        scoped = self.proof_scoped_key or EcdsaKey.generate("P-256")
        if scoped.curve != "P-256":
            raise SigningError("the proof-scoped key must be P-256")
        signatures = [scoped.sign(nq.encode("utf-8")) for nq in non_mandatory]
        public_key = P256_PUB_HEADER + scoped.public_key
        base_signature = signer.sign(proof_hash + public_key + mandatory_hash)
        if not isinstance(base_signature, (bytes, bytearray)) or len(base_signature) != 64:
            raise SigningError("the signer did not return a 64-byte P-256 signature in IEEE "
                               "P1363 form (r || s); convert DER with der_to_p1363()")
        return BaseProofValue(bytes(base_signature), public_key, hmac_key, signatures,
                              list(self.mandatory_pointers)).serialize()

    # -- verifier ----------------------------------------------------------------------------
    def decode_proof_value(self, value: object, key: ResolvedKey | None = None) -> bytes:
        """The derived proof value's bytes after its header; :class:`ProofValueError` for a
        base proof or anything malformed."""
        DerivedProofValue.parse(value)
        return _decode_u(value, DERIVED_HEADER, "derived")

    def verify_hash(self, hash_data: bytes, proof_value: str, key: ResolvedKey) -> bool:
        """Verify a derived proof (§3.6.7 with §3.5.9 createVerifyData).

        :class:`ProofValueError` for a malformed proof value (a base proof among them);
        ``False`` when any signature fails, the statement count does not match the
        signatures, the label map does not cover the document's blank nodes, or the key is
        not P-256."""
        proof = DerivedProofValue.parse(proof_value)
        transformed = getattr(hash_data, "transformed", None)
        config = getattr(hash_data, "proof_config", None)
        if key.curve != "P-256" or transformed is None or config is None:
            return False
        try:
            return _verify_derived(proof, bytes(transformed), bytes(config), key)
        except Exception:  # a verdict, never an exception
            return False


@dataclass(frozen=True)
class VerifyData:
    """§3.5.9 createVerifyData's result."""

    base_signature: bytes
    proof_hash: bytes
    public_key: bytes
    signatures: list[bytes]
    non_mandatory: list[str]
    mandatory_hash: bytes


def create_verify_data(proof: DerivedProofValue, canonical_document: bytes,
                       canonical_config: bytes) -> VerifyData | None:
    """§3.5.9 from the reveal document's plain RDFC-1.0 canonical N-Quads (``c14nN`` labels,
    relabelled here through the proof's label map) and the canonical proof configuration;
    ``None`` when the label map does not name every blank node of the document."""
    from ..jsonld import parse_nquads

    quads = parse_nquads(canonical_document.decode("utf-8"))
    try:
        nquads = _relabel(quads, proof.label_map)
    except KeyError:
        return None
    indexes = set(proof.mandatory_indexes)
    mandatory = [nq for i, nq in enumerate(nquads) if i in indexes]
    return VerifyData(
        base_signature=proof.base_signature,
        proof_hash=hashlib.sha256(canonical_config).digest(),
        public_key=proof.public_key,
        signatures=proof.signatures,
        non_mandatory=[nq for i, nq in enumerate(nquads) if i not in indexes],
        mandatory_hash=hashlib.sha256("".join(mandatory).encode("utf-8")).digest())


def _verify_derived(proof: DerivedProofValue, transformed: bytes, config: bytes,
                    key: ResolvedKey) -> bool:
    data = create_verify_data(proof, transformed, config)
    if data is None or len(data.non_mandatory) != len(data.signatures):
        return False
    scoped = ResolvedKey(id="urn:ecdsa-sd-2023:proof-scoped", controller="urn:ecdsa-sd-2023",
                         public_key_multibase="z" + _b58(data.public_key))
    if not all(scoped.verify_ecdsa(nq.encode("utf-8"), sig)
               for nq, sig in zip(data.non_mandatory, data.signatures, strict=True)):
        return False
    return key.verify_ecdsa(data.proof_hash + data.public_key + data.mandatory_hash,
                            data.base_signature)


def _b58(data: bytes) -> str:
    from .multibase import b58_encode

    return b58_encode(data)[1:]


def ecdsa_sd_2023(mandatory_pointers: Iterable[str] = (), *, hmac_key: bytes | None = None,
                  proof_scoped_key: EcdsaKey | None = None) -> EcdsaSdCryptosuite:
    """The ``ecdsa-sd-2023`` suite for an issuer: pass it as ``cryptosuite=`` to
    :func:`microcred.sign` to create a base proof.

    ``mandatory_pointers`` are JSON pointers (RFC 6901) to what every derived proof must
    reveal (e.g. ``"/issuer"``, ``"/validFrom"``, ``"/credentialSubject/achievement"``).
    ``hmac_key`` and ``proof_scoped_key`` fix the random parts, for reproducing test vectors
    only (a fixed HMAC key makes blank node labels linkable).
    """
    pointers = tuple(mandatory_pointers)
    for pointer in pointers:
        json_pointer_paths(pointer)
    return EcdsaSdCryptosuite("ecdsa-sd-2023", "DataIntegrityProof", "ecdsa-sd-2023", "rdfc",
                              algorithm="ECDSA", key_types=_EC_VM_TYPES, curve="P-256",
                              mandatory_pointers=pointers, hmac_key=hmac_key,
                              proof_scoped_key=proof_scoped_key)


#: The registered suite (verification of derived proofs; base proofs without mandatory
#: pointers).
REGISTERED = ecdsa_sd_2023()
CRYPTOSUITES.setdefault(REGISTERED.name, REGISTERED)


# -- holder ---------------------------------------------------------------------------------------

def derive_proof(document: Mapping[str, Any], selective_pointers: Iterable[str], *,
                 proof_id: str | None = None, loader: DocumentLoader | None = None,
                 limits: Limits | None = None) -> dict[str, Any]:
    """Derive a selective-disclosure document from one carrying an ``ecdsa-sd-2023`` base
    proof (§3.6.6 Add Derived Proof; §3.5.4 createDisclosureData).

    The result keeps what the base proof's mandatory pointers and ``selective_pointers``
    (JSON pointers, RFC 6901) reach, plus the ``id`` and ``type`` of every object on the way,
    and a derived proof that verifies with :func:`microcred.verify`. ``proof_id`` picks the
    base proof when the document has several. :class:`SigningError` when there is no (or no
    single) base proof, a pointer does not match, or nothing would be disclosed.
    """
    from ..jsonld import canonical_labelling, default_loader

    proofs = document.get("proof")
    candidates = [p for p in (proofs if isinstance(proofs, list) else [proofs])
                  if isinstance(p, Mapping) and p.get("cryptosuite") == "ecdsa-sd-2023"
                  and (proof_id is None or p.get("id") == proof_id)]
    if len(candidates) != 1:
        raise SigningError("the document needs exactly one ecdsa-sd-2023 base proof"
                           + ("" if proof_id is None else f" with id {proof_id!r}")
                           + f"; found {len(candidates)} (pass proof_id to choose)")
    base_proof = candidates[0]
    try:
        base = BaseProofValue.parse(base_proof.get("proofValue"))
    except ProofValueError as exc:
        raise SigningError(f"not a usable ecdsa-sd-2023 base proof: {exc}") from None
    selective = list(selective_pointers)
    if not base.mandatory_pointers and not selective:
        raise SigningError("nothing selected for disclosure (no mandatory or selective "
                           "pointers)")
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    loader = loader or default_loader()
    combined = base.mandatory_pointers + selective
    grouped = canonicalize_and_group(
        unsecured, hmac_label_map_factory(base.hmac_key),
        {"mandatory": base.mandatory_pointers, "selective": selective, "combined": combined},
        loader=loader, limits=limits)
    mandatory = grouped.groups["mandatory"].matching
    selected = grouped.groups["selective"].matching
    mandatory_indexes = [relative for relative, absolute
                         in enumerate(grouped.groups["combined"].matching)
                         if absolute in mandatory]
    filtered: list[bytes] = []
    index = 0
    for signature in base.signatures:
        while index in mandatory:
            index += 1
        if index in selected:
            filtered.append(signature)
        index += 1
    reveal = select_json_ld(combined, unsecured)
    assert reveal is not None
    combined_quads = grouped.groups["combined"].deskolemized
    canonical_ids = canonical_labelling(combined_quads, limits=limits).mapping
    verifier_labels = {c14n[2:]: grouped.label_map[inp[2:]]
                       for inp, c14n in canonical_ids.items()}
    derived = DerivedProofValue(base.base_signature, base.public_key, filtered,
                                verifier_labels, mandatory_indexes)
    proof = {k: v for k, v in base_proof.items() if k != "@context"}
    proof["proofValue"] = derived.serialize()
    reveal["proof"] = proof
    return reveal
