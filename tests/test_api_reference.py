"""The API reference (MkDocs + mkdocstrings, docs/reference/) renders every public name.

The site is built once into a temporary folder; its ``objects.inv`` lists every object that
mkdocstrings rendered, and each one's page must carry the anchor. Every name in
``microcred.__all__`` and in the ``__all__`` of each public sub-module (any module under
``microcred`` with no ``_``-prefixed component) must be rendered under its own path
(``microcred.ob3.Achievement``). A name of the flat namespace that a public sub-module defines
may instead be rendered there (``microcred.sign`` is ``microcred.signing.sign``, the same
object) if docs/reference/index.md, the ``microcred`` page, links it under its name. When a
name is missing, add a ``::: module.name`` directive (or the module's page) to docs/reference/
and mkdocs.yml's nav. CI also builds the site with ``--strict``.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
import types
import zlib
from pathlib import Path

import pytest

import microcred

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference"

pytest.importorskip("mkdocstrings_handlers.python", reason="the docs extra is not installed")


def public_modules() -> dict[str, types.ModuleType]:
    """``microcred`` and every sub-module whose dotted path has no ``_``-prefixed part."""
    found = {"microcred": microcred}
    for info in pkgutil.walk_packages(microcred.__path__, "microcred."):
        parts = info.name.split(".")[1:]
        if any(part.startswith("_") for part in parts):
            continue
        found[info.name] = importlib.import_module(info.name)
    return found


def read_inventory(path: Path) -> dict[str, tuple[str, str]]:
    """name -> (domain:role, URI) of the primary entries of a Sphinx v2 ``objects.inv``: the
    objects rendered under that name (priority 1), not the other names that resolve to them."""
    data = path.read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = data.index(b"\n", header_end) + 1
    assert data.startswith(b"# Sphinx inventory version 2"), data[:40]
    entries = {}
    for line in zlib.decompress(data[header_end:]).decode().splitlines():
        name, role, priority, uri, _display = line.split(" ", 4)
        if priority == "1":
            entries[name] = (role, uri.replace("$", name))
    return entries


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the site; name -> role of every object rendered with its anchor on its page."""
    site = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site),
         "--config-file", str(ROOT / "mkdocs.yml")],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr[-4000:]
    names = {}
    pages: dict[str, str] = {}
    for name, (role, uri) in read_inventory(site / "objects.inv").items():
        page, _, anchor = uri.partition("#")
        if page not in pages:
            pages[page] = (site / page / "index.html" if page.endswith("/") or not page
                           else site / page).read_text(encoding="utf-8")
        if f'id="{anchor}"' in pages[page]:
            names[name] = role
    return names


def test_every_public_module_defines_all() -> None:
    lacking = [name for name, module in public_modules().items()
               if not isinstance(getattr(module, "__all__", None), (list, tuple))]
    assert not lacking, f"public modules without __all__: {lacking}"


def test_every_public_name_is_in_the_reference(rendered: dict[str, str]) -> None:
    modules = public_modules()
    flat_page = (REFERENCE / "index.md").read_text(encoding="utf-8")
    missing = []
    count = 0
    for module_name, module in modules.items():
        for name in module.__all__:
            count += 1
            value = getattr(module, name)
            path = f"{module_name}.{name}"
            if path in rendered and (rendered[path] == "py:module") == isinstance(
                    value, types.ModuleType):
                continue
            homes = [f"{other}.{name}" for other, sub in modules.items()
                     if other != module_name and name in sub.__all__
                     and getattr(sub, name) is value]
            if module_name == "microcred" and any(
                    home in rendered and f"[`{name}`][{home}]" in flat_page for home in homes):
                continue  # rendered in its sub-module, linked from the microcred page
            missing.append(path)
    assert count > 400, count  # the walk found the modules
    assert not missing, (
        f"{len(missing)} public name(s) not rendered in the API reference (docs/reference/): "
        f"{missing}")


def test_reference_stubs_hold_no_examples() -> None:
    """tests/test_docs.py runs docs/*.md only; the reference pages are directives, not
    examples (the docstrings' own examples render through docs/reference/_docstring_markdown.py)."""
    for page in REFERENCE.glob("*.md"):
        assert ">>>" not in page.read_text(encoding="utf-8"), page.name


def test_docstring_markdown() -> None:
    sys.path.insert(0, str(REFERENCE))
    try:
        from _docstring_markdown import to_markdown
    finally:
        sys.path.remove(str(REFERENCE))
    text = "Intro:\n>>> [1,\n...  2]\n[1, 2]\n\nAfter.\n\n```python\n>>> kept\n```"
    assert to_markdown(text) == (
        "Intro:\n\n```pycon\n>>> [1,\n...  2]\n[1, 2]\n```\n\nAfter.\n\n"
        "```python\n>>> kept\n```")
    assert to_markdown("  >>> x\n  1\n  text") == "  ```pycon\n  >>> x\n  1\n  text\n  ```"
    assert to_markdown("See :func:`~microcred.signing.verify`, :class:`ValueError`.") == (
        'See <autoref identifier="microcred.signing.verify" optional><code>verify</code>'
        "</autoref>, <code>ValueError</code>.")
    assert to_markdown(":meth:`Plan.explain`", "microcred.stack") == (
        '<autoref identifier="microcred.stack.Plan.explain" optional>'
        "<code>Plan.explain</code></autoref>")
