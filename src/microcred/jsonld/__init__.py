"""JSON and JSON-LD machinery: strict JSON, JCS, bundled contexts, RDFC-1.0 canonicalisation.

>>> from microcred import jsonld
>>> jsonld.jcs({"b": 1, "a": [True, None]})
b'{"a":[true,null],"b":1}'
"""

from __future__ import annotations

from ._jcs import jcs, jcs_number
from ._json import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, parse_json

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "jcs",
    "jcs_number",
    "parse_json",
]
