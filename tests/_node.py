"""The Python side of the JavaScript reference bridges (``tests/interop/*.mjs``).

Each bridge reads one JSON request on stdin (with ``"contexts"``: microcred's bundled context
documents, so the reference never touches the network) and writes one JSON answer.
:func:`bridge` skips the calling test with the reason when Node.js or the pinned npm
packages (``npm ci`` in tests/interop) are absent.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

INTEROP = Path(__file__).resolve().parent / "interop"
NODE = shutil.which("node")

Bridge = Callable[[dict[str, Any]], dict[str, Any]]


def missing(packages: Sequence[str] = ("vc",)) -> str | None:
    """Why the bridges cannot run here (``None`` when they can)."""
    if NODE is None:
        return "Node.js is not installed (interop tests need `node`)"
    for pkg in packages:
        if not (INTEROP / "node_modules" / "@digitalbazaar" / pkg).is_dir():
            return f"npm package @digitalbazaar/{pkg} missing: run `npm ci` in tests/interop"
    return None


def bridge(script: str, packages: Sequence[str] = ("vc",), *,
           allow_fatal: bool = False) -> Bridge:
    """A caller for ``tests/interop/<script>``; skips the test when it cannot run.

    An answer with ``"fatal"`` fails the test unless ``allow_fatal`` (tests that expect the
    reference to refuse a document); a non-zero exit without ``"fatal"`` always fails it.
    """
    reason = missing(packages)
    if reason:
        pytest.skip(reason)
    from microcred import jsonld

    loader = jsonld.default_loader()
    contexts = {url: loader.document(url) for url in loader}

    def call(request: dict[str, Any]) -> dict[str, Any]:
        proc = subprocess.run(
            [str(NODE), str(INTEROP / script)],
            input=json.dumps({**request, "contexts": contexts}).encode(),
            capture_output=True, cwd=INTEROP, timeout=120, check=False)
        out: dict[str, Any] = json.loads(proc.stdout or b"{}")
        if not allow_fatal:
            assert "fatal" not in out, out.get("fatal")
        assert proc.returncode == 0 or "fatal" in out, proc.stderr.decode()
        return out

    return call
