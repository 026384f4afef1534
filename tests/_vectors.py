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
#: table of the digest of the JWG framework talk, the framework research notes): vendored under
#: ``tests/vectors/project`` with origin, licence and sha256 in SOURCES.md there. Never read
#: from ``../shared`` (a fresh clone has none); the sha256 is checked on every read.
PROJECT_VENDORED = Path(__file__).resolve().parent / "vectors" / "project"


def _project_pins() -> dict[str, str]:
    """file -> sha256, from the table of tests/vectors/project/SOURCES.md."""
    pins = {}
    for line in (PROJECT_VENDORED / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and len(cells[3]) == 64:
            pins[cells[0]] = cells[3]
    return pins


def project_file(relative: str) -> Path:
    """``seed/README.md`` or ``research/frameworks.md``: the vendored copy, its sha256 checked
    against SOURCES.md (a missing or changed copy fails the test instead of skipping it)."""
    import hashlib

    path = PROJECT_VENDORED / relative
    pin = _project_pins().get(relative)
    assert pin is not None, f"{relative} has no sha256 in tests/vectors/project/SOURCES.md"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == pin, f"{relative}: sha256 {digest}, SOURCES.md records {pin}"
    return path
