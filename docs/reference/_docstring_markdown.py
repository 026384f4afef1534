"""A griffe extension for the API reference: docstrings written for ``help()`` read as Markdown.

mkdocs.yml loads it through mkdocstrings' ``extensions`` option; nothing in ``src/`` changes.

* Doctest examples (``>>>``/``...`` lines and their output, up to a blank line) are wrapped in a
  ```` ```pycon ```` fence: unfenced, ``>>>`` reads as nested block quotes and ``[...]`` output
  as reference links.
* Sphinx roles (``:func:`~microcred.verify```) become code spans linked to the object when the
  reference renders it (an optional cross-reference: no link and no warning otherwise).
"""

from __future__ import annotations

import builtins
import functools
import html
import importlib.util
import re
from typing import Any

import griffe

_PROMPT = re.compile(r"^(\s*)>>>( |$)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ROLE = re.compile(
    r":(?:py:)?(?:func|class|mod|meth|data|attr|exc|obj|const):`(?P<tilde>~?)(?P<target>[^`]+)`")


def fence_doctests(text: str) -> list[tuple[bool, str]]:
    """Split ``text`` into (is_code, line) pairs, fencing the doctest examples outside fences."""
    lines = text.split("\n")
    out: list[tuple[bool, str]] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            in_fence = not in_fence
            out.append((True, line))
            i += 1
            continue
        match = None if in_fence else _PROMPT.match(line)
        if match is None:
            out.append((in_fence, line))
            i += 1
            continue
        indent = match.group(1)
        block = []
        while i < len(lines) and lines[i].strip() and lines[i].startswith(indent):
            block.append(lines[i])
            i += 1
        if out and out[-1][1].strip():
            out.append((False, ""))
        out += [(True, f"{indent}```pycon"), *((True, b) for b in block), (True, f"{indent}```")]
        if i < len(lines) and lines[i].strip():
            out.append((False, ""))
    return out


@functools.cache
def _outside(first: str) -> bool:
    """Whether a target's first component names a builtin or another top-level module."""
    return hasattr(builtins, first) or importlib.util.find_spec(first) is not None


def link_roles(line: str, module: str) -> str:
    """Replace Sphinx roles by code spans with optional cross-references."""

    def replace(match: re.Match[str]) -> str:
        target = match["target"].strip().removesuffix("()")
        title = target.rsplit(".", 1)[-1] if match["tilde"] else target
        code = f"<code>{html.escape(title)}</code>"
        if target.split(".")[0] == "microcred":
            identifier = target
        elif _outside(target.split(".")[0]):
            return code
        else:
            identifier = f"{module}.{target}"
        return f'<autoref identifier="{html.escape(identifier)}" optional>{code}</autoref>'

    return _ROLE.sub(replace, line)


def to_markdown(text: str, module: str = "microcred") -> str:
    """The Markdown the reference renders for the docstring ``text`` of an object in ``module``."""
    return "\n".join(line if code else link_roles(line, module)
                     for code, line in fence_doctests(text))


class DocstringMarkdown(griffe.Extension):
    """Rewrite every loaded object's docstring with :func:`to_markdown`."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = to_markdown(obj.docstring.value, obj.module.path)
