"""JSON and JSON-LD machinery: strict JSON, JCS, bundled contexts, RDFC-1.0 canonicalisation.

>>> from microcred import jsonld
>>> jsonld.jcs({"b": 1, "a": [True, None]})
b'{"a":[true,null],"b":1}'
>>> doc = {"@context": {"name": "https://schema.org/name"}, "@id": "urn:ex:1", "name": "名前"}
>>> print(jsonld.canonicalize(doc), end="")
<urn:ex:1> <https://schema.org/name> "名前" .

The pipeline is split so that each step can be used (or replaced) on its own:
:func:`expand` → :func:`to_rdf` (quads of canonical N-Quads terms) →
:func:`canonical_labelling` / :func:`canonicalize_quads` (RDFC-1.0).
"""

from __future__ import annotations

from ._contexts import BUNDLED_CONTEXTS, CONTEXT_URLS, BundledContext
from ._jcs import jcs, jcs_number
from ._json import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, parse_json
from ._loader import DocumentLoader, StaticLoader, default_loader
from ._nquads import Quad, escape_literal, parse_nquads, serialize_quad
from ._pipeline import canonicalize, canonicalize_nquads, canonicalize_quads, expand, to_rdf
from ._rdfc import DEFAULT_LIMITS, CanonicalLabelling, Limits, canonical_labelling


def accelerated() -> bool:
    """Whether the fast path runs compiled: ``True`` when both ``jsonld._fast`` and
    ``jsonld._fast_jcs`` are the extension modules built by the optional accelerator
    (``python -m microcred._accelerate``, mypyc), ``False`` when they are the pure-Python
    sources (the default; microcred needs no compiler). Results are byte-identical either
    way, only the speed differs (docs/performance.md). Imports the two modules.

    >>> from microcred import jsonld
    >>> isinstance(jsonld.accelerated(), bool)
    True
    """
    from importlib.machinery import ExtensionFileLoader

    from . import _fast, _fast_jcs

    return all(isinstance(module.__loader__, ExtensionFileLoader)
               for module in (_fast, _fast_jcs))


__all__ = [
    "BUNDLED_CONTEXTS",
    "CONTEXT_URLS",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "BundledContext",
    "CanonicalLabelling",
    "DocumentLoader",
    "Limits",
    "Quad",
    "StaticLoader",
    "accelerated",
    "canonical_labelling",
    "canonicalize",
    "canonicalize_nquads",
    "canonicalize_quads",
    "default_loader",
    "escape_literal",
    "expand",
    "jcs",
    "jcs_number",
    "parse_json",
    "parse_nquads",
    "serialize_quad",
    "to_rdf",
]
