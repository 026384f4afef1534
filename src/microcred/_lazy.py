"""Modules imported on first use, so that a verifier that never needs them never loads them.

``import microcred`` and the first ``verify()`` of an Ed25519 credential stay cheap: the
cryptography package (ECDSA, RSA, JWK), cbor2 (ecdsa-sd-2023) and pyld (full JSON-LD
expansion, when the fast path declines) load when a code path first touches them.
``tests/test_lazy_imports.py`` checks which modules an Ed25519 verification leaves unloaded.
"""

from __future__ import annotations

import importlib
import types
from typing import Any

__all__ = ["LazyModule"]


class LazyModule:
    """Stands for the module ``name``: the first attribute read imports it.

    >>> json = LazyModule("json")
    >>> json.dumps([1])
    '[1]'
    """

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: types.ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"
