"""The optional accelerator (``python -m microcred._accelerate``, issue 18).

The compiled build itself is tested by CI (``.ci/run``): it compiles a copy of ``src`` and runs
the fast path's differential, vector and interop tests against it with
``MICROCRED_EXPECT_ACCELERATED=1``, which makes :func:`test_the_expected_build_is_loaded`
fail if the pure modules were imported instead. Here: which build is loaded, that a loaded
compiled build matches its sources, and the command's behaviour without its tools.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from microcred import _accelerate, jsonld
from microcred.jsonld import _fast, _fast_jcs

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _is_extension(module: object) -> bool:
    return str(getattr(module, "__file__", "")).endswith(
        tuple(importlib.machinery.EXTENSION_SUFFIXES))


def test_the_expected_build_is_loaded() -> None:
    expected = os.environ.get("MICROCRED_EXPECT_ACCELERATED")
    if expected is None:
        pytest.skip("MICROCRED_EXPECT_ACCELERATED not set (CI sets 1 for its compiled run)")
    if expected == "1":
        assert jsonld.accelerated(), (_fast.__file__, _fast_jcs.__file__)
        assert _is_extension(_fast) and _is_extension(_fast_jcs)
    else:
        assert not jsonld.accelerated(), (_fast.__file__, _fast_jcs.__file__)
        assert _fast.__file__.endswith(".py") and _fast_jcs.__file__.endswith(".py")


def test_accelerated_tells_which_modules_are_loaded() -> None:
    # judged by the loader; here by the file name: the two must agree
    assert jsonld.accelerated() == (_is_extension(_fast) and _is_extension(_fast_jcs))


def test_a_loaded_compiled_build_matches_its_sources() -> None:
    # a compiled module shadows its source: after an edit of _fast.py the build must be redone
    # (or removed), else the tests would run the old code
    if not (_is_extension(_fast) or _is_extension(_fast_jcs)):
        pytest.skip("the pure modules are loaded")
    state = _accelerate.status(Path(_fast.__file__).parent.parent.parent)
    assert state["built"], state
    assert not state["stale"], (
        "the compiled fast path is older than its sources: run "
        "`python -m microcred._accelerate` again or `--remove`", state)


def _fake_tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    for module in _accelerate.MODULES:
        (root / module).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "src" / module, root / module)
    return root


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "microcred._accelerate", *args],
                          capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, **(env or {})})


def test_no_compiler_is_a_plain_message(tmp_path: Path) -> None:
    root = _fake_tree(tmp_path)
    done = _run("--target", str(tmp_path), env={"CC": str(tmp_path / "no-such-cc")})
    assert done.returncode == 3, done.stderr
    tools = _accelerate._installed("mypyc") and _accelerate._installed("setuptools")
    expected = "no C compiler" if tools else "not installed"
    assert done.stderr.startswith("microcred accelerator: "), done.stderr
    assert expected in done.stderr.splitlines()[0], done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in (root / "microcred" / "jsonld").iterdir()) == [
        "_fast.py", "_fast_jcs.py"]  # nothing written


def test_no_mypyc_or_setuptools_is_a_plain_message(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _fake_tree(tmp_path)
    monkeypatch.setattr(_accelerate, "_installed", lambda name: name != "mypyc")
    assert _accelerate.main(["--target", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("microcred accelerator: mypyc not installed: "
                          "`pip install 'microcred[accelerate]'`"), err
    assert "pip install mypy setuptools" in err and "Traceback" not in err


def test_a_tree_without_microcred_is_refused(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert _accelerate.main(["--target", str(tmp_path)]) == 1
    assert "no microcred package here" in capsys.readouterr().err


def test_status_and_remove_cover_exactly_the_build_products(tmp_path: Path) -> None:
    root = _fake_tree(tmp_path)
    jsonld_dir = root / "microcred" / "jsonld"
    assert _accelerate.status(tmp_path)["built"] is False
    products = [jsonld_dir / f"{stem}{SUFFIX}"
                for stem in ("_fast", "_fast_jcs", "_accelerated__mypyc")]
    for path in products:
        path.write_bytes(b"")
    record = root / _accelerate.RECORD
    record.write_text(json.dumps({"sources_sha256": _accelerate._sources(root)}))
    state = _accelerate.status(tmp_path)
    assert state["built"] is True and state["stale"] is False
    (jsonld_dir / "_fast.py").write_text("# edited\n")
    assert _accelerate.status(tmp_path)["stale"] is True
    removed = _accelerate.remove(tmp_path)
    assert sorted(removed) == sorted([*products, record])
    assert sorted(p.name for p in jsonld_dir.iterdir()) == ["_fast.py", "_fast_jcs.py"]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="not a git checkout")
def test_build_products_are_ignored_by_git() -> None:
    names = [f"src/microcred/jsonld/{stem}{SUFFIX}"
             for stem in ("_fast", "_fast_jcs", "_accelerated__mypyc")]
    names += ["src/" + _accelerate.RECORD, "build/temp.linux/x.o", "abc123__mypyc.c"]
    done = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert sorted(done.stdout.split()) == sorted(names)
