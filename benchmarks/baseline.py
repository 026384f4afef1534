"""The naive eddsa-rdfc-2022 baseline: pyld + hashlib + PyNaCl, written plainly.

This is what a straightforward Python implementation does (and what the issue measures every
figure against): for each document, pyld ``normalize`` with URDNA2015 over a static in-memory
document loader, for the proof configuration and for the document; SHA-256 of both; Ed25519.
No caching beyond what pyld does by itself.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import nacl.signing
from pyld import jsonld

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}


def b58btc_encode(data: bytes) -> str:
    """``z`` + base58btc, by integer conversion (the cheapest plain implementation).

    The baseline deliberately does not use ``multiformats`` (whose runtime type checks make one
    64-byte encode cost ~1.7 ms): the ratios should measure JSON-LD work, not a slow encoder.
    """
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(_B58[r])
    return "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + "".join(reversed(out))


def b58btc_decode(text: str) -> bytes:
    """Inverse of :func:`b58btc_encode`."""
    body = text[1:]
    n = 0
    for c in body:
        n = n * 58 + _B58_INDEX[c]
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(body) - len(body.lstrip("1"))) + raw


def bundled_contexts() -> tuple[dict[str, Any], str]:
    """Every context microcred bundles (URL -> parsed JSON), read once into a plain dict.

    The baseline looks contexts up in this dict (no copying, no network), which is the
    cheapest static loader a plain implementation can have.
    """
    from microcred.jsonld._loader import default_loader

    loader = default_loader()
    return {url: loader.document(url) for url in loader.urls}, "microcred bundle"


def static_loader(contexts: Mapping[str, Any]) -> Callable[..., dict[str, Any]]:
    """A pyld document loader that serves only ``contexts`` (never the network)."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url not in contexts:
            raise ValueError(f"unknown context {url}")
        return {"contextUrl": None, "documentUrl": url, "document": contexts[url]}

    return load


class NaiveRdfc:
    """eddsa-rdfc-2022 sign/verify the plain way (one pyld normalize per document)."""

    def __init__(self, contexts: Mapping[str, Any]) -> None:
        self.loader = static_loader(contexts)

    def canonize(self, doc: Any) -> str:
        """RDFC-1.0 (URDNA2015) N-Quads through pyld with the right options."""
        out: str = jsonld.normalize(doc, {
            "algorithm": "URDNA2015", "format": "application/n-quads",
            "documentLoader": self.loader, "base": None, "rdfDirection": "i18n-datatype",
        })
        return out

    def _hash_data(self, unsecured: Any, proof_config: Any) -> bytes:
        return (hashlib.sha256(self.canonize(proof_config).encode()).digest()
                + hashlib.sha256(self.canonize(unsecured).encode()).digest())

    def sign(self, doc: dict[str, Any], key: nacl.signing.SigningKey, vm: str,
             created: str) -> dict[str, Any]:
        """Return a copy of ``doc`` with an eddsa-rdfc-2022 DataIntegrityProof."""
        proof = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                 "created": created, "verificationMethod": vm,
                 "proofPurpose": "assertionMethod"}
        config = dict(proof, **{"@context": doc["@context"]})
        sig = key.sign(self._hash_data(doc, config)).signature
        out = copy.deepcopy(doc)
        out["proof"] = dict(proof, proofValue=b58btc_encode(sig))
        return out

    def verify(self, signed: dict[str, Any], public_key: nacl.signing.VerifyKey) -> bool:
        """Check the single eddsa-rdfc-2022 proof of ``signed``."""
        doc = {k: v for k, v in signed.items() if k != "proof"}
        proof = dict(signed["proof"])
        sig = b58btc_decode(proof.pop("proofValue"))
        config = dict(proof, **{"@context": doc["@context"]})
        try:
            public_key.verify(self._hash_data(doc, config), sig)
        except Exception:
            return False
        return True
