"""JSON and JSON-LD machinery: strict JSON, JCS, bundled contexts, RDFC-1.0 canonicalisation.

>>> from microcred import jsonld
>>> jsonld.jcs({"b": 1, "a": [True, None]})
b'{"a":[true,null],"b":1}'
"""

from __future__ import annotations

from ._contexts import BUNDLED_CONTEXTS, CONTEXT_URLS, BundledContext
from ._jcs import jcs, jcs_number
from ._json import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, parse_json
from ._loader import DocumentLoader, StaticLoader, default_loader

__all__ = [
    "BUNDLED_CONTEXTS",
    "CONTEXT_URLS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "BundledContext",
    "DocumentLoader",
    "StaticLoader",
    "default_loader",
    "jcs",
    "jcs_number",
    "parse_json",
]
