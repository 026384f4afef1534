"""pyld's JSON-LD processor with one deviation fixed: ``null`` for a mapping that is absent.

JSON-LD 1.1 Context Processing (§4.1.2, steps 5.7.2 and 5.8.2): ``"@vocab": null`` (or
``"@language": null``) *removes* the vocabulary mapping (default language) from the result
context. pyld 2.x/3.x implements it as ``del rval['@vocab']``, which raises ``KeyError`` when
the active context has none; jsonld.js treats it as a no-op (``delete`` of an absent
property). The processor below gives pyld the jsonld.js behaviour, so such documents are
processed as the reference processes them (issue 12, VC 2.0 test suite).
"""

from __future__ import annotations

from typing import Any

from pyld import jsonld as _pyld

__all__ = ["JsonLdProcessor"]

_NULLABLE = frozenset({"@vocab", "@language", "@direction", "@base"})


class _ActiveContext(dict):  # type: ignore[type-arg]
    """A processed context whose nullable mappings can be removed when absent."""

    __slots__ = ()

    def __delitem__(self, key: Any) -> None:
        if key in _NULLABLE and key not in self:
            return
        super().__delitem__(key)


class JsonLdProcessor(_pyld.JsonLdProcessor):  # type: ignore[misc]
    """:class:`pyld.jsonld.JsonLdProcessor` whose cloned active contexts tolerate removing an
    absent ``@vocab``/``@language``/``@direction``/``@base`` (jsonld.js semantics)."""

    def _clone_active_context(self, active_ctx: Any) -> Any:
        return _ActiveContext(super()._clone_active_context(active_ctx))
