"""Regression tests added by the lead for problems reported across areas."""

from __future__ import annotations

import pytest

from microcred import JsonLdError, jsonld


@pytest.mark.parametrize("context", ["", "relative", "./ctx.jsonld"])
def test_relative_or_empty_context_iri_is_a_jsonld_error(context: str) -> None:
    # pyld raises a bare ValueError for these; microcred must raise its own typed error.
    with pytest.raises(JsonLdError, match="invalid IRI"):
        jsonld.canonicalize({"@context": context, "name": "x"})
