"""The architecture as rules a change cannot break silently.

Read from the source with :mod:`ast` (nothing is imported), so each rule states the code as
written:

* no import cycles among the imports that run when a module is imported (top level, outside
  ``if TYPE_CHECKING:``);
* the layers: ``jsonld`` (JSON-LD, canonicalisation) depends on nothing above it; ``_di``
  (keys, cryptosuites, proofs, the data model) only on ``jsonld``; ``_verify`` (the one
  verification pipeline) only on ``_di`` and ``jsonld``.  Formats (VC-JWT, baking,
  presentations, OB 2.0, CLR) and the CLI sit above and are never imported by those three,
  not even inside a function;
* the core does no I/O: only the CLI, the optional accelerator's builder and the readers of
  bundled package data open files or processes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "microcred"


def _modules() -> dict[str, tuple[Path, bool]]:
    out: dict[str, tuple[Path, bool]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module, *, top_level_only: bool) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of a module, without those under ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST, top: bool) -> None:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if top or not top_level_only:
                found.append(node)
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child, top)
            return
        inner = top and not isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))
        # class bodies run at import time: their imports count as top level
        if isinstance(node, ast.ClassDef):
            inner = top
        for child in ast.iter_child_nodes(node):
            visit(child, inner)

    for statement in tree.body:
        visit(statement, True)
    return found


def _graph(*, top_level_only: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, (path, is_package) in MODULES.items():
        tree = ast.parse(path.read_text("utf-8"))
        package = name if is_package else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in _imports(tree, top_level_only=top_level_only):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in MODULES)
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target not in MODULES:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                edges.add(sub if sub in MODULES else target)
        edges.discard(name)
        graph[name] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def test_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": set()}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"x": {"y"}, "y": set()}) == []


def test_no_import_cycles() -> None:
    assert len(MODULES) > 50
    assert _cycles(_graph(top_level_only=True)) == []


def _layer(module: str) -> str:
    return ".".join(module.split(".")[:2])


#: what each core layer may import (its own modules always)
LAYERS = {
    "microcred.jsonld": {"microcred._errors", "microcred._lazy"},
    "microcred._di": {"microcred._errors", "microcred._lazy", "microcred.jsonld"},
    "microcred._verify": {"microcred._errors", "microcred._lazy", "microcred._di",
                          "microcred.jsonld"},
}
#: reviewed exceptions: (importing module, imported layer, why)
ALLOWED = {
    ("microcred._di.result", "microcred.ob3"):
        "VerificationResult.read() reads the verified document as an OB 3.0 model: "
        "a convenience accessor, imported inside the method on first use",
}


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_core_layers_import_only_below(layer: str) -> None:
    graph = _graph(top_level_only=False)
    members = [m for m in graph if m == layer or m.startswith(layer + ".")]
    assert members
    wrong = sorted((m, target) for m in members for target in graph[m]
                   if _layer(target) != layer and _layer(target) not in LAYERS[layer]
                   and (m, _layer(target)) not in ALLOWED)
    assert wrong == []


def test_allowed_exceptions_are_still_needed() -> None:
    graph = _graph(top_level_only=False)
    for module, target_layer in ALLOWED:
        assert any(_layer(t) == target_layer for t in graph[module]), (module, target_layer)


#: modules that may open files or processes, and why
IO_ALLOWED = {
    "microcred.__main__": "the CLI: reads the files the user names, writes what they ask",
    "microcred._accelerate": "builds the optional compiled modules (runs the compiler)",
    "microcred.jsonld._contexts": "reads the bundled context documents (package data)",
    "microcred.jsonld._ctxsnap": "reads the processed-context snapshot and pyld's version",
}
IO_MODULES = {"socket", "subprocess", "urllib.request", "http.client", "requests", "httpx",
              "aiohttp", "shutil", "tempfile"}
IO_CALLS = {"open", "urlopen", "read_text", "read_bytes", "write_text", "write_bytes",
            "mkdir", "unlink", "rmtree", "Popen", "system"}


def _io_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            uses += [f"import {a.name}" for a in node.names
                     if a.name in IO_MODULES or a.name.split(".")[0] in IO_MODULES]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            if (node.module or "") in IO_MODULES or (node.module or "").split(".")[0] in {
                    "socket", "subprocess", "requests", "httpx", "aiohttp"}:
                uses.append(f"from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name in IO_CALLS:
                uses.append(f"{name}() line {node.lineno}")
    return uses


def test_io_finder_sees_io() -> None:
    assert _io_uses(MODULES["microcred.__main__"][0])
    assert _io_uses(MODULES["microcred.jsonld._contexts"][0])


def test_core_does_no_io() -> None:
    found = {name: uses for name, (path, _pkg) in MODULES.items()
             if name not in IO_ALLOWED and (uses := _io_uses(path))}
    assert found == {}
    for name in IO_ALLOWED:
        assert name in MODULES, name
