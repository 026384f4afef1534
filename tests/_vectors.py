"""Where the tests find published reference data (W3C, 1EdTech, rdf-canon vectors).

``tests/vectors/reference`` holds copies of exactly the files the tests read (origin, commit,
licence and sha256 of each in ``tests/vectors/SOURCES.md``), so that a fresh clone runs the
whole suite. ``../shared/reference`` (the full reference checkout next to the repository) is
used only when the vendored copy is absent; ``MICROCRED_REFERENCE=DIR`` overrides both.
"""

from __future__ import annotations

import os
from pathlib import Path

VENDORED = Path(__file__).resolve().parent / "vectors" / "reference"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"


def reference_dir() -> Path:
    """The directory the tests read reference data from."""
    override = os.environ.get("MICROCRED_REFERENCE")
    if override:
        return Path(override)
    return VENDORED if VENDORED.is_dir() else SHARED


REFERENCE = reference_dir()

#: The project's own specification documents the tests check the code against (the descriptor
#: table of the JWG framework talk digest, the framework research notes): vendored under
#: ``tests/vectors/project`` (see SOURCES.md there), ``../shared`` as the fallback.
PROJECT_VENDORED = Path(__file__).resolve().parent / "vectors" / "project"
PROJECT_SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def project_file(relative: str) -> Path:
    """``seed/README.md`` or ``research/frameworks.md``: the vendored copy, else ../shared."""
    vendored = PROJECT_VENDORED / relative
    return vendored if vendored.is_file() else PROJECT_SHARED / relative
