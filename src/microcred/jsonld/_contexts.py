"""The bundled JSON-LD context documents, pinned by SHA-256 (see contexts/PROVENANCE.md)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

from .._errors import JsonLdError

__all__ = [
    "BUNDLED_CONTEXTS",
    "CONTEXT_URLS",
    "BundledContext",
    "bundled_document",
    "bundled_revisions",
    "select_revision",
]


@dataclass(frozen=True)
class BundledContext:
    """A context document shipped with microcred: file name, SHA-256 pin and served URLs.

    ``revision`` names the state of a context whose URL was republished with other content
    (the OB 3.0.3 context); empty for contexts with one known state.
    """

    filename: str
    sha256: str
    urls: tuple[str, ...]
    revision: str = ""


_OB = "https://purl.imsglobal.org/spec/ob/v3p0/"
_CLR = "https://purl.imsglobal.org/spec/clr/v2p0/"

#: Every bundled context document.
BUNDLED_CONTEXTS: tuple[BundledContext, ...] = (
    BundledContext("credentials-v1.jsonld",
                   "00d7dd6d3ad8b920e3e550dd3a3d9090bffcac84cdbf943da6924b3e0a5c8bb8",
                   ("https://www.w3.org/2018/credentials/v1",)),
    BundledContext("credentials-v2.jsonld",
                   "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f",
                   ("https://www.w3.org/ns/credentials/v2",)),
    BundledContext("credentials-undefined-terms-v2.jsonld",
                   "82dab514ba44eb18f5d1b0f638c5e140c6a556fbfb5089601bdc0fa5eb8b2581",
                   ("https://www.w3.org/ns/credentials/undefined-terms/v2",)),
    BundledContext("data-integrity-v1.jsonld",
                   "b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554",
                   ("https://w3id.org/security/data-integrity/v1",)),
    BundledContext("data-integrity-v2.jsonld",
                   "0f77743daf5b4e8fc067fc5ba5b21044283053aa717fc6b0219843bed3b00363",
                   ("https://w3id.org/security/data-integrity/v2",)),
    BundledContext("multikey-v1.jsonld",
                   "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6",
                   ("https://w3id.org/security/multikey/v1",)),
    BundledContext("ed25519-signature-2020-v1.jsonld",
                   "b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588",
                   ("https://w3id.org/security/suites/ed25519-2020/v1",)),
    BundledContext("did-v1.jsonld",
                   "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f",
                   ("https://www.w3.org/ns/did/v1",)),
    BundledContext("vc-bitstring-status-list-v1.jsonld",
                   "fd08cbf28ddd829ab2f1978c48f43ab07a112c1c90245a0cfac7ba721c65170c",
                   ("https://www.w3.org/ns/credentials/status/v1",)),
    BundledContext("ob-v3p0-3.0.0.json",
                   "9f1c8f9f361ba2994b9b50701f41149919542c50c7b7455b2846d87959295d72",
                   (_OB + "context.json", _OB + "context/ob_v3p0.jsonld")),
    BundledContext("ob-v3p0-3.0.1.json",
                   "af095468326d3449160509b26ca71576e6321d13c85b0369cfe3b654c9a48fba",
                   (_OB + "context-3.0.1.json",)),
    BundledContext("ob-v3p0-3.0.2.json",
                   "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53",
                   (_OB + "context-3.0.2.json",)),
    BundledContext("ob-v3p0-3.0.3.json",
                   "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761",
                   (_OB + "context-3.0.3.json",), revision="2024-03-04"),
    # the same URL, republished by 1EdTech with `jti` (2025-11) and `endorsementJwt` (2026-06)
    # added; listed after the earlier state, so it is the one served (see select_revision)
    BundledContext("ob-v3p0-3.0.3-2026.json",
                   "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84",
                   (_OB + "context-3.0.3.json",), revision="2026-06-29"),
    BundledContext("ob-v3p0-extensions.json",
                   "2d013f981d1f4516081a6a04e55468ba2b071d4153b794f19a79715c45a89a5e",
                   (_OB + "extensions.json",)),
    BundledContext("ob-v3p0-beta.json",
                   "5afdfb3d5ddb92417d2b48f0ab2f89d16d1b03696c2f3fa2e67184819e103326",
                   ("https://imsglobal.github.io/openbadges-specification/ob_v3p0.html",
                    "https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/"
                    "jff-vc-edu-plugfest-1-context.json")),
    BundledContext("clr-v2p0-2.0.0.json",
                   "e198d7b517d74c5036434ce495086f67b10244709e9a3df9dcb7f8b1579b6167",
                   (_CLR + "context.json",)),
    BundledContext("clr-v2p0-2.0.1.json",
                   "880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6",
                   (_CLR + "context-2.0.1.json",)),
    # the contexts the Digital Credentials Consortium's verifier ships
    # (@digitalcredentials/security-document-loader 8.0.0) beyond the ones above
    BundledContext("dcc-v1.jsonld",
                   "1543695325471b0d23e839a28166ba4ea445cca294ac46fe034ca584cbfc6077",
                   ("https://w3id.org/dcc/v1",)),
    BundledContext("vc-status-list-2021-v1.jsonld",
                   "634d71c159289f068c96012e4511c657fdf82ac4231900081bda3ba24e2e1160",
                   ("https://w3id.org/vc/status-list/2021/v1",)),
    BundledContext("x25519-key-agreement-2020-v1.jsonld",
                   "b234f84fe7cebb0efef37cad82667eeacb6d414f6c51ac37f5dc803a4a0c728a",
                   ("https://w3id.org/security/suites/x25519-2020/v1",)),
    # Open Badges 2.0 (hosted and signed assertions, BadgeClass, Issuer)
    BundledContext("openbadges-v2.jsonld",
                   "ee8c373cb831e92f0033b7f26b61a43b2719932a20da2c396e5dad48ec429b2d",
                   ("https://w3id.org/openbadges/v2",)),
)

# a later entry for the same URL (a later revision) is the one served
_BY_URL: dict[str, BundledContext] = {url: c for c in BUNDLED_CONTEXTS for url in c.urls}

#: The URLs that the bundled contexts are served under, in a stable order.
CONTEXT_URLS: tuple[str, ...] = tuple(_BY_URL)


def package_data(*parts: str) -> bytes:
    """A data file of this package (a plain file; ``importlib.resources`` for zipped installs,
    which costs an import of its own)."""
    try:
        with open(os.path.join(os.path.dirname(__file__), *parts), "rb") as fp:
            return fp.read()
    except OSError:
        from importlib import resources

        path = resources.files(__package__)
        for part in parts:
            path = path.joinpath(part)
        return path.read_bytes()


@cache
def _read(filename: str, sha256: str) -> bytes:
    data = package_data("contexts", filename)
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise JsonLdError(f"bundled context {filename} has sha256 {digest}, expected {sha256}: "
                          "the installation is corrupt")
    return data


def bundled_document(url: str) -> Any | None:
    """Return a fresh parsed copy of the bundled context served at ``url``, or ``None``."""
    entry = _BY_URL.get(url)
    if entry is None:
        return None
    return json.loads(_read(entry.filename, entry.sha256))


def bundled_revisions(url: str) -> tuple[BundledContext, ...]:
    """Every bundled revision of the context served at ``url``, oldest first (one for most
    URLs; two for the OB 3.0.3 context, republished with ``jti`` and ``endorsementJwt``)."""
    return tuple(c for c in BUNDLED_CONTEXTS if url in c.urls)


def _terms(document: Any) -> set[str]:
    """Every member name used anywhere in a JSON document (bounded by the document)."""
    found: set[str] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.update(k for k in node if isinstance(k, str))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def select_revision(url: str, document: Any) -> BundledContext | None:
    """The bundled revision of ``url`` that ``document`` (a credential using it) needs.

    Selected by content: the oldest revision that defines every term of the context's
    revisions that the document uses.  A credential that uses ``jti`` or ``endorsementJwt``
    needs the 2026 state of the OB 3.0.3 context; any other gets the 2024-03-04 state it was
    written against.  The later revision only adds terms (each shared term is defined
    identically, checked by the tests), so the document expands to the same graph under the
    selected revision and under the served one (:func:`bundled_document`).  ``None`` when
    ``url`` is not bundled.
    """
    revisions = bundled_revisions(url)
    if not revisions:
        return None
    used = _terms(document)
    defined = [set(_context_terms(c)) for c in revisions]
    every = set().union(*defined)
    for entry, terms in zip(revisions, defined, strict=True):
        if (used & every) <= terms:
            return entry
    return revisions[-1]


def _context_terms(entry: BundledContext) -> dict[str, Any]:
    ctx = json.loads(_read(entry.filename, entry.sha256)).get("@context")
    return ctx if isinstance(ctx, dict) else {}
