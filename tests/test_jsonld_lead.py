"""Regression tests added by the lead for problems reported across areas."""

from __future__ import annotations

import pytest

from microcred import CanonicalizationLimitError, JsonLdError, jsonld


@pytest.mark.parametrize("context", ["", "relative", "./ctx.jsonld"])
def test_relative_or_empty_context_iri_is_a_jsonld_error(context: str) -> None:
    # pyld raises a bare ValueError for these; microcred must raise its own typed error.
    with pytest.raises(JsonLdError, match="invalid IRI"):
        jsonld.canonicalize({"@context": context, "name": "x"})


def _credential_with_alignments(n: int) -> dict[str, object]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:2f0d3f0e-4e39-4d8a-9b43-6f8c2f1d7a10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:example:issuer", "type": ["Profile"], "name": "Example"},
        "validFrom": "2024-04-01T00:00:00Z",
        "name": "Many alignments",
        "credentialSubject": {
            "id": "did:example:learner", "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/a", "type": ["Achievement"], "name": "A",
                "description": "d", "criteria": {"narrative": "n"},
                "alignment": [{"type": ["Alignment"], "targetName": "x",
                               "targetUrl": f"https://example.edu/t/{i}"} for i in range(n)]}}}


def test_slow_path_node_map_work_is_bounded() -> None:
    # pyld's node map is quadratic in the number of values of one (subject, property) pair:
    # 20,000 alignments took minutes before this limit. The bound is checked before that step.
    doc = _credential_with_alignments(3000)
    with pytest.raises(CanonicalizationLimitError, match="value comparisons"):
        jsonld.to_rdf(doc)
    # a caller who accepts the cost can raise the limit; small documents are unaffected
    assert jsonld.to_rdf(_credential_with_alignments(50))
    quads = jsonld.to_rdf(_credential_with_alignments(60),
                          limits=jsonld.Limits(max_node_map_comparisons=10_000))
    assert len(quads) > 60 * 3


# --- a trailing newline must never slip through a "$"-anchored pattern ------------------------
# Python's `$` also matches before a final "\n"; every validating pattern is anchored with \Z.

def test_language_tag_with_trailing_newline_is_refused_not_written() -> None:
    doc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:x:1",
           "type": ["VerifiableCredential"], "name": {"@value": "v", "@language": "en\n"}}
    with pytest.raises(JsonLdError):
        jsonld.canonicalize(doc)


@pytest.mark.parametrize("field, value", [
    ("languages", ["en\n"]),
    ("awarding_body", {"name": "U", "country": "JP\n"}),
    ("awarding_body", {"name": "U", "country": "JP", "region": "JP-13\n"}),
    ("learner", {"id": "did:example:abc\n"}),
])
def test_model_refuses_trailing_newlines(field: str, value: object) -> None:
    import microcred

    with pytest.raises(microcred.InvalidDataError) as info:
        microcred.MicroCredential.parse({field: value})
    assert any(e.loc and e.loc[0] == field for e in info.value.errors)


def test_did_key_with_trailing_newline_is_refused() -> None:
    import microcred

    key = microcred.Ed25519Key.from_seed(bytes(32))
    with pytest.raises(microcred.MicrocredError):
        microcred.parse_did_key(key.did + "\n")


def test_null_direction_without_one_to_remove_is_processed_as_jsonld_js_does() -> None:
    # found by fuzzing: pyld raised a bare KeyError('@direction') for this context; jsonld.js
    # removes an absent mapping silently, and so does microcred's processor (jsonld/_pyld.py)
    doc = {"@context": {"@direction": None, "p": "https://schema.org/p"}, "@id": "urn:x", "p": "x"}
    plain = {"@context": {"p": "https://schema.org/p"}, "@id": "urn:x", "p": "x"}
    assert jsonld.canonicalize(doc) == jsonld.canonicalize(plain)
    # a context pyld cannot process at all is still a typed error, never a bare exception
    with pytest.raises(JsonLdError):
        jsonld.canonicalize({"@context": {"@direction": 5}, "@id": "urn:x"})


def test_lone_surrogate_inside_a_json_literal_is_a_typed_error() -> None:
    # found by hypothesis (tests/test_fast_check.py): pyld encodes JSON literals itself and
    # raised a bare UnicodeEncodeError
    from microcred import InvalidJsonError

    doc = {"@context": {"d": {"@id": "https://e.example/d", "@type": "@json"}},
           "@id": "urn:x", "d": {"s": "lone \udc00 surrogate"}}
    with pytest.raises(InvalidJsonError):
        jsonld.canonicalize(doc)
    with pytest.raises(InvalidJsonError):
        jsonld.to_rdf(doc)
