"""Bundled contexts: pinned hashes, JSON-equality with published copies, the static loader."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import pytest

import microcred
from _vectors import REFERENCE
from microcred import jsonld
from microcred.jsonld._contexts import BUNDLED_CONTEXTS

REF = REFERENCE

# Context URL -> published copy under tests/vectors/reference (see tests/vectors/SOURCES.md).
PUBLISHED = {
    "https://www.w3.org/2018/credentials/v1": "w3c-vc-data-model/contexts/credentials-v1.jsonld",
    "https://www.w3.org/ns/credentials/v2": "w3c-vc-data-model/contexts/credentials-v2.jsonld",
    "https://www.w3.org/ns/credentials/undefined-terms/v2":
        "w3c-vc-data-model/contexts/credentials-undefined-terms-v2.jsonld",
    "https://w3id.org/security/data-integrity/v1":
        "w3c-vc-data-integrity/contexts/data-integrity-v1.jsonld",
    "https://w3id.org/security/data-integrity/v2":
        "w3c-vc-data-integrity/contexts/data-integrity-v2.jsonld",
    "https://w3id.org/security/multikey/v1": "w3c-vc-data-integrity/contexts/multikey-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1":
        "digitalbazaar-contexts/ed25519-signature-2020-v1.jsonld",
    "https://www.w3.org/ns/did/v1": "digitalbazaar-contexts/did-v1.jsonld",
    "https://www.w3.org/ns/credentials/status/v1":
        "w3c-vc-bitstring-status-list/contexts/status-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json":
        "1edtech-openbadges-specification/contexts/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld":
        "1edtech-digital-credentials-public-validator/contexts/ob-v3p0.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json":
        "1edtech-openbadges-specification/contexts/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json":
        "1edtech-openbadges-specification/contexts/context-3.0.2.json",
    # served: the 1EdTech validator's current state (the 2024 spec state + jti, endorsementJwt)
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json":
        "1edtech-digital-credentials-public-validator/contexts/ob-v3p0-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json":
        "1edtech-digital-credentials-public-validator/contexts/ob-v3p0-extensions.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json":
        "1edtech-digital-credentials-public-validator/contexts/clr-v2p0.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json":
        "1edtech-digital-credentials-public-validator/contexts/clr-v2p0-2.0.1.json",
}

# SHA-256 of the W3C-published bytes, from the RECs:
# the bundled npm copies differ in whitespace only, so their canonical JSON must match these
# documents' canonical JSON, checked through the reference copies.
W3C_PUBLISHED_SHA256 = {
    "w3c-vc-data-model/contexts/credentials-v2.jsonld":
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    "w3c-vc-data-integrity/contexts/data-integrity-v2.jsonld":
        "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    "w3c-vc-data-integrity/contexts/multikey-v1.jsonld":
        "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597",
    "w3c-vc-bitstring-status-list/contexts/status-v1.jsonld":
        "fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7",
}


def _reference(rel: str) -> Path:
    path = REF / rel
    if not path.exists():
        pytest.fail(f"reference copy {rel} is missing (tests/vectors/reference)")
    return path


def _bundled_bytes(filename: str) -> bytes:
    return resources.files("microcred.jsonld").joinpath("contexts").joinpath(
        filename).read_bytes()


@pytest.mark.parametrize("entry", BUNDLED_CONTEXTS, ids=lambda e: e.filename)
def test_bundled_file_matches_pin(entry: jsonld.BundledContext) -> None:
    assert hashlib.sha256(_bundled_bytes(entry.filename)).hexdigest() == entry.sha256


@pytest.mark.parametrize("url", sorted(PUBLISHED))
def test_bundled_context_json_equal_to_published(url: str) -> None:
    published = json.loads(_reference(PUBLISHED[url]).read_bytes())
    assert jsonld.default_loader().document(url) == published


@pytest.mark.parametrize("rel", sorted(W3C_PUBLISHED_SHA256))
def test_reference_copies_are_the_published_bytes(rel: str) -> None:
    assert hashlib.sha256(_reference(rel).read_bytes()).hexdigest() == W3C_PUBLISHED_SHA256[rel]


def test_every_published_url_is_bundled_and_every_url_has_an_entry() -> None:
    served = jsonld.default_loader().urls
    assert set(PUBLISHED) <= served
    assert served == set(jsonld.CONTEXT_URLS)
    # Required by the issue: VC v1/v2, OB 3.0-3.0.3 + extensions, DI v1/v2, Multikey,
    # Ed25519-2020, DID v1.
    assert len(served) >= 15


def test_provenance_lists_every_file_with_its_hash() -> None:
    text = resources.files("microcred.jsonld").joinpath("contexts").joinpath(
        "PROVENANCE.md").read_text(encoding="utf-8")
    for entry in BUNDLED_CONTEXTS:
        assert entry.filename in text and entry.sha256 in text
        for url in entry.urls:
            assert url in text


def test_unknown_context_refused_with_url() -> None:
    loader = jsonld.default_loader()
    with pytest.raises(microcred.UnknownContextError) as info:
        loader("https://www.w3.org/ns/credentials/v3", {})
    assert info.value.url == "https://www.w3.org/ns/credentials/v3"
    assert isinstance(info.value, microcred.JsonLdError)


def test_loader_returns_fresh_copies() -> None:
    loader = jsonld.default_loader()
    first = loader("https://www.w3.org/ns/credentials/v2")["document"]
    first["@context"]["VerifiableCredential"] = "mutated"
    assert loader("https://www.w3.org/ns/credentials/v2")["document"] != first


def test_register_and_refusals() -> None:
    ctx = {"@context": {"effort": "https://example.org/vocab#effort"}}
    loader = jsonld.StaticLoader({"https://example.org/ctx/v1": ctx})
    assert loader.document("https://example.org/ctx/v1") == ctx
    loader.register("https://example.org/ctx/v1", json.dumps(ctx))  # same document: fine
    with pytest.raises(microcred.JsonLdError):
        loader.register("https://example.org/ctx/v1", {"@context": {}})
    with pytest.raises(microcred.JsonLdError):  # overriding a bundled context
        loader.register("https://www.w3.org/ns/credentials/v2", ctx)
    with pytest.raises(microcred.JsonLdError):
        loader.register("relative/ctx", ctx)
    with pytest.raises(microcred.JsonLdError):
        loader.register("https://example.org/no-context", {"a": 1})
    with pytest.raises(microcred.InvalidJsonError):
        loader.register("https://example.org/dup", '{"@context": {}, "@context": {}}')
    loader.register("https://example.org/ctx/v1", {"@context": {}}, replace=True)
    with pytest.raises(microcred.JsonLdError):
        jsonld.default_loader().register("https://example.org/x", ctx)  # frozen
    extended = jsonld.default_loader().extended({"https://example.org/x": ctx})
    assert "https://example.org/x" in extended
    assert "https://example.org/x" not in jsonld.default_loader()
    bare = jsonld.StaticLoader(bundled=False)
    assert "https://www.w3.org/ns/credentials/v2" not in bare
    with pytest.raises(microcred.UnknownContextError):
        bare("https://www.w3.org/ns/credentials/v2")


def test_loader_works_with_pyld_and_never_fetches() -> None:
    from pyld import jsonld as pyld_jsonld

    doc = {"@context": ["https://www.w3.org/ns/credentials/v2",
                        "https://example.invalid/unknown"], "id": "urn:x"}
    with pytest.raises(pyld_jsonld.JsonLdError) as info:
        pyld_jsonld.expand(doc, {"documentLoader": jsonld.default_loader()})
    cause: BaseException | None = info.value
    while cause is not None and not isinstance(cause, microcred.UnknownContextError):
        cause = cause.__cause__
    assert isinstance(cause, microcred.UnknownContextError)
    assert cause.url == "https://example.invalid/unknown"


# -- revisions of the OB 3.0.3 context, the DCC verifier's contexts, OB 2.0 ------------------

OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _ctx(entry: jsonld.BundledContext) -> dict[str, object]:
    ctx = json.loads(_bundled_bytes(entry.filename))["@context"]
    assert isinstance(ctx, dict)
    return ctx


def test_both_ob_303_revisions_are_bundled_and_the_later_only_adds_terms() -> None:
    from microcred.jsonld._contexts import bundled_revisions

    old, new = bundled_revisions(OB303)
    assert (old.revision, new.revision) == ("2024-03-04", "2026-06-29")
    assert json.loads(_reference("1edtech-openbadges-specification/contexts/context-3.0.3.json")
                      .read_bytes()) == json.loads(_bundled_bytes(old.filename))
    before, after = _ctx(old), _ctx(new)
    assert set(after) - set(before) == {"jti", "endorsementJwt"}
    assert all(after[term] == definition for term, definition in before.items())
    assert jsonld.default_loader().document(OB303) == json.loads(_bundled_bytes(new.filename))
    assert jsonld.CONTEXT_URLS.count(OB303) == 1


def test_ob_303_revision_selected_by_content() -> None:
    from microcred.jsonld._contexts import select_revision

    plain = {"@context": ["https://www.w3.org/ns/credentials/v2", OB303], "id": "urn:x",
             "credentialSubject": {"achievement": {"name": "x"}}}
    assert select_revision(OB303, plain) is not None
    assert select_revision(OB303, plain).revision == "2024-03-04"  # type: ignore[union-attr]
    for term in ("jti", "endorsementJwt"):
        doc = {**plain, "issuer": {"id": "urn:i", term: ["a.b.c"]}}
        assert select_revision(OB303, doc).revision == "2026-06-29"  # type: ignore[union-attr]
    assert select_revision("https://example.org/none", plain) is None


def test_same_graph_under_either_revision_for_a_credential_without_the_new_terms() -> None:
    from pyld import jsonld as pyld_jsonld

    from microcred.jsonld._contexts import bundled_revisions

    doc = {"@context": ["https://www.w3.org/ns/credentials/v2", OB303],
           "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
           "issuer": {"id": "https://example.edu", "type": ["Profile"], "name": "E"},
           "validFrom": "2026-01-01T00:00:00Z",
           "credentialSubject": {"id": "did:example:l", "type": ["AchievementSubject"],
                                 "achievement": {"id": "https://example.edu/a", "type":
                                                 ["Achievement"], "name": "A", "description": "d",
                                                 "criteria": {"narrative": "n"}}}}
    expanded = []
    for entry in bundled_revisions(OB303):

        def load(url: str, options: object = None,
                 _e: jsonld.BundledContext = entry) -> dict[str, object]:
            if url == OB303:
                return {"contextUrl": None, "documentUrl": url,
                        "document": json.loads(_bundled_bytes(_e.filename))}
            return jsonld.default_loader()(url, options)

        expanded.append(pyld_jsonld.expand(doc, {"documentLoader": load}))
    assert expanded[0] == expanded[1]


@pytest.mark.parametrize(("url", "term"), [
    ("https://w3id.org/dcc/v1", "EducationalOccupationalCredential"),
    ("https://w3id.org/vc/status-list/2021/v1", "StatusList2021Credential"),
    ("https://w3id.org/security/suites/x25519-2020/v1", "X25519KeyAgreementKey2020"),
    ("https://w3id.org/openbadges/v2", "BadgeClass"),
])
def test_dcc_and_ob2_contexts_are_served(url: str, term: str) -> None:
    assert url in jsonld.default_loader()
    assert term in jsonld.default_loader().document(url)["@context"]


def test_ob2_context_equals_the_1edtech_validator_asset() -> None:
    asset = (Path(__file__).resolve().parent / "vectors" / "real" / "1edtech-validator" / "ob20"
             / "assets" / "openbadges_context.json").read_bytes()
    published = json.loads(asset[asset.index(b"{"):].decode("utf-8-sig"))
    assert jsonld.default_loader().document("https://w3id.org/openbadges/v2") == published
