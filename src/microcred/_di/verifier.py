"""Moved: the verifier is the pipeline in :mod:`microcred._verify` (kept for old imports)."""

from __future__ import annotations

from .._verify import DEFAULT_CLOCK_SKEW, StatusChecker, document_checks, verify, verify_many

__all__ = ["DEFAULT_CLOCK_SKEW", "StatusChecker", "document_checks", "verify", "verify_many"]
