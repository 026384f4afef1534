"""Optional accelerator: compile the JSON-LD fast path with mypyc.

microcred is pure Python and needs no compiler. This command compiles exactly two modules,
``microcred/jsonld/_fast.py`` (the safe-mode walk, the JSON-LD → RDF walk, RDFC-1.0 for the
common case) and ``microcred/jsonld/_fast_jcs.py`` (the fast JCS lanes), with mypyc, from
their unchanged sources, and puts the compiled extension modules next to them::

    python -m microcred._accelerate              # the microcred that this Python imports
    python -m microcred._accelerate --target DIR # the package tree DIR/microcred (a copy)
    python -m microcred._accelerate --status     # what is built, whether it is stale
    python -m microcred._accelerate --remove     # back to pure Python

Python imports an extension module before a ``.py`` of the same name, so nothing else
changes; :func:`microcred.jsonld.accelerated` tells which modules are loaded. The results are
byte-identical (the differential tests of the fast path run against both builds in CI).

It is a module of the package rather than a script of the repository so that it also works on
an installed (non-editable) microcred: it needs ``mypy`` (which ships mypyc), ``setuptools``
and a C compiler, and fails with a plain message, not a traceback, when one is missing. The
build runs in a temporary copy of the package (mypy's cache, the generated C and the object
files never touch the target); only the extension modules and a small record of the sources'
SHA-256 (``jsonld/_accelerated.json``, so that a stale build is reported) are written to the
target. After editing either source, build again or ``--remove``: a compiled module shadows
its source.

任意の高速化: JSON-LD 高速経路の 2 モジュールだけを mypyc でコンパイルします。コンパイラが
なくても microcred はそのまま動作し、コンパイル版の結果はバイト単位で同一です。
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

__all__ = ["MODULES", "AcceleratorError", "ToolMissing", "build", "check_tools", "main", "remove",
           "status"]

#: The compiled modules, relative to the directory that holds the ``microcred`` package.
MODULES = ("microcred/jsonld/_fast.py", "microcred/jsonld/_fast_jcs.py")
#: mypyc's shared runtime module for the group, placed in the same package so that it is
#: importable wherever the package is (``microcred.jsonld._accelerated__mypyc``).
GROUP = "microcred.jsonld._accelerated"
RECORD = "microcred/jsonld/_accelerated.json"
_TIMEOUT = 600

_MYPY_CONFIG = """\
[mypy]
follow_imports = silent
ignore_missing_imports = True
warn_unused_configs = False
cache_dir = {cache}
"""

_SETUP = """\
import sys
from setuptools import setup
from mypyc.build import mypycify
paths = sys.argv[1:3]
setup(name="microcred-accelerator", packages=[],
      ext_modules=mypycify(["--config-file", "mypy.ini", *paths], opt_level="3",
                           group_name={group!r}, target_dir={c_dir!r}),
      script_args=["build_ext", "--inplace", "--build-temp", {tmp!r}])
"""


class AcceleratorError(Exception):
    """The accelerator cannot be built; the message says why."""


class ToolMissing(AcceleratorError):
    """A build tool is missing (mypy/mypyc, setuptools, a C compiler, Python's headers): the
    message says what to install. The command exits with status 3 for it (CI skips)."""


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _default_root() -> Path:
    """The directory holding the ``microcred`` package this Python imports."""
    spec = importlib.util.find_spec("microcred")
    if spec is None or spec.origin is None:  # pragma: no cover - we are running from it
        raise AcceleratorError("microcred is not importable")
    return Path(spec.origin).resolve().parent.parent


def _root(target: str | os.PathLike[str] | None) -> Path:
    """The tree to build into: ``target`` (holding ``microcred/``, or a checkout holding
    ``src/microcred/``) or the imported package's."""
    if target is None:
        return _default_root()
    root = Path(target).resolve()
    if not (root / "microcred").is_dir() and (root / "src" / "microcred").is_dir():
        root = root / "src"
    if not all((root / m).is_file() for m in MODULES):
        raise AcceleratorError(f"{target}: no microcred package here (expected {MODULES[0]})")
    return root


def _sources(root: Path) -> dict[str, str]:
    return {m: hashlib.sha256((root / m).read_bytes()).hexdigest() for m in MODULES}


def _products(root: Path) -> list[Path]:
    """The compiled files under ``root`` (extension modules of the two modules and the group)."""
    jsonld = root / "microcred" / "jsonld"
    stems = [Path(m).stem for m in MODULES] + [GROUP.rsplit(".", 1)[1] + "__mypyc"]
    found = [p for stem in stems for suffix in importlib.machinery.EXTENSION_SUFFIXES
             if (p := jsonld / (stem + suffix)).exists()]
    record = root / RECORD
    return found + ([record] if record.exists() else [])


def _compiler() -> list[str]:
    """The C compiler command setuptools will use (``$CC`` or Python's build configuration)."""
    cc = os.environ.get("CC") or str(sysconfig.get_config_var("CC") or "cc")
    return shlex.split(cc)


def check_tools() -> None:
    """Raise :class:`ToolMissing` naming what is missing: mypy/mypyc, setuptools, a C
    compiler, or Python's headers."""
    missing = [name for name in ("mypyc", "setuptools") if not _installed(name)]
    if missing:
        raise ToolMissing(
            f"{' and '.join(missing)} not installed: `pip install 'microcred[accelerate]'` "
            "(or `pip install mypy setuptools`; "
            "mypy ships mypyc) / mypy と setuptools をインストールしてください")
    cc = _compiler()
    if not cc or shutil.which(cc[0]) is None:
        raise ToolMissing(
            f"no C compiler ({' '.join(cc) or 'CC'} not found): install gcc or clang, or set CC; "
            "microcred works without it (pure Python) / C コンパイラがありません")
    include = sysconfig.get_paths().get("include", "")
    if not (Path(include) / "Python.h").is_file():
        raise ToolMissing(
            f"Python's C headers are missing ({include}/Python.h): install the python3-dev "
            "package for this interpreter / Python のヘッダがありません")


def build(target: str | os.PathLike[str] | None = None, *, quiet: bool = True) -> list[Path]:
    """Compile the two fast-path modules of the tree ``target`` (default: the imported
    microcred) and return the files written. Raises :class:`AcceleratorError` when a tool is
    missing (:class:`ToolMissing`) or the compilation fails."""
    root = _root(target)
    check_tools()
    with tempfile.TemporaryDirectory(prefix="microcred-accel-") as tmp:
        work = Path(tmp) / "src"
        shutil.copytree(root / "microcred", work / "microcred",
                        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd",
                                                      "_accelerated.json"))
        (work / "mypy.ini").write_text(_MYPY_CONFIG.format(cache=Path(tmp) / "mypy-cache"))
        (work / "setup_accel.py").write_text(_SETUP.format(
            group=GROUP, c_dir=str(Path(tmp) / "c"), tmp=str(Path(tmp) / "obj")))
        try:
            done = subprocess.run(
                [sys.executable, "setup_accel.py", *MODULES], cwd=work, capture_output=True,
                text=True, timeout=_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise AcceleratorError(f"the build took more than {_TIMEOUT} s; nothing was "
                                   "installed") from None
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
            raise AcceleratorError(f"the build failed; nothing was installed:\n{tail}")
        if not quiet:
            print(done.stdout, end="")
        built = _products(work)
        if len(built) != len(MODULES) + 1:
            raise AcceleratorError("the build produced no extension modules; nothing was "
                                   "installed")
        _remove(root)
        written = []
        for path in built:
            dest = root / path.relative_to(work)
            shutil.copy2(path, dest)
            written.append(dest)
    record = root / RECORD
    record.write_text(json.dumps({
        "sources_sha256": _sources(root), "python": sys.version.split()[0],
        "mypy": _mypy_version()}, indent=1, sort_keys=True) + "\n")
    return [*written, record]


def _mypy_version() -> str:
    from mypy.version import __version__  # only after check_tools()

    return str(__version__)


def remove(target: str | os.PathLike[str] | None = None) -> list[Path]:
    """Delete the compiled files of the tree ``target`` (default: the imported microcred) and
    return them: the package is pure Python again (in a new process)."""
    return _remove(_root(target))


def _remove(root: Path) -> list[Path]:
    found = _products(root)
    for path in found:
        path.unlink()
    return found


def status(target: str | os.PathLike[str] | None = None) -> dict[str, object]:
    """What is built in the tree ``target`` (default: the imported microcred): ``built``
    (extension modules present), ``stale`` (a source changed since the build, so the compiled
    module no longer matches it) and the files."""
    root = _root(target)
    found = _products(root)
    record = root / RECORD
    built = len([p for p in found if p != record]) == len(MODULES) + 1
    stale = False
    if found:
        try:
            recorded = json.loads(record.read_text())["sources_sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            recorded = None
        stale = recorded != _sources(root)
    return {"root": str(root), "built": built, "stale": stale,
            "files": [str(p) for p in found]}


def main(argv: list[str] | None = None) -> int:
    """Command line: build (default), ``--status`` or ``--remove``. On failure a message on
    standard error and exit status 3 when a build tool is missing, 1 otherwise."""
    parser = argparse.ArgumentParser(
        prog="python -m microcred._accelerate",
        description="Compile microcred's JSON-LD fast path with mypyc (optional; the results "
                    "are byte-identical to pure Python).")
    parser.add_argument("--target", metavar="DIR",
                        help="the tree holding microcred/ (or src/microcred/); default: the "
                             "microcred this Python imports")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--status", action="store_true", help="report what is built")
    action.add_argument("--remove", action="store_true", help="delete the compiled files")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the build output")
    args = parser.parse_args(argv)
    try:
        if args.status:
            print(json.dumps(status(args.target), indent=1))
            return 0
        if args.remove:
            for path in remove(args.target):
                print(f"removed {path}")
            return 0
        for path in build(args.target, quiet=not args.verbose):
            print(f"wrote {path}")
    except AcceleratorError as exc:
        print(f"microcred accelerator: {exc}", file=sys.stderr)
        return 3 if isinstance(exc, ToolMissing) else 1
    except OSError as exc:  # e.g. no permission to write into an installed package
        print(f"microcred accelerator: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
