"""The safe-mode walk without RDF (``jsonld._fast.fast_check``) and the eddsa-jcs-2022 lane of
``verify`` that uses it (performance issue).

The walk may only ever say "passes" where the full pipeline (``jsonld.canonicalize`` in safe
mode) succeeds, and its value counts must give the same aliased-term verdict as the check on
the canonical N-Quads.  Everything here compares against those two oracles; the strategies and
mutations are the fast path's own (tests/test_fast.py).
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import jsonld
from microcred._verify import safemode
from microcred.jsonld import StaticLoader, _fast
from test_fast import (
    _EDIT_VALUES,
    UNSAFE_KINDS,
    _edit,
    _reference_documents,
    _unsafe,
    _vector_loader,
    ob3_credential,
)
from test_verify_lead import KEY, _signed

CRED = "https://www.w3.org/2018/credentials#"
XSD_DT = "http://www.w3.org/2001/XMLSchema#dateTime"
NOW = datetime(2025, 1, 1, tzinfo=timezone.utc)


def _full(doc: Any, loader: Any = None, limits: Any = None) -> str | None:
    """The oracle: the RDF dataset of the full pipeline in safe mode (as N-Quads), or None
    when it refuses.  (Canonical *labelling* is not part of safe mode: a JCS proof signs no
    RDF, so the RDFC-1.0 work limits do not apply to it.)"""
    try:
        quads = jsonld.to_rdf(doc, loader=loader, safe=True, limits=limits)
        return "".join(jsonld.serialize_quad(q) for q in quads)
    except Exception:
        return None


def _known(doc: Any, loader: Any = None) -> Any:
    """``loader`` (or a new one) knowing the document's top-level inline contexts by value:
    the walk and the fast path compile known contexts only (issue 11)."""
    ctx = doc.get("@context") if isinstance(doc, dict) else None
    inline = [c for c in (ctx if isinstance(ctx, list) else [ctx]) if isinstance(c, dict)]
    if not inline:
        return loader
    known = StaticLoader() if loader is None else loader.extended({})
    for c in inline:
        known.register_inline(c)
    return known


def _walk(doc: Any, loader: Any = None, limits: Any = None) -> Any:
    return _fast.fast_check(doc, loader=_known(doc, loader), limits=limits,
                            watched=safemode.WATCHED_IRIS)


def _agrees(doc: Any, loader: Any = None, limits: Any = None) -> Any:
    """Assert the walk never passes what the pipeline refuses, and that alias verdicts agree."""
    found = _walk(doc, loader, limits)
    if found is None:
        return None
    nquads = _full(doc, _known(doc, loader), limits)
    assert nquads is not None, "the walk passed a document the full pipeline refuses"
    counted = safemode.aliased_term_counted(doc, found)
    if counted != safemode.UNDECIDED:
        assert counted == safemode.aliased_term(doc, nquads)
    return found


# -- generated documents ---------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=ob3_credential())
def test_walk_passes_exactly_where_the_pipeline_does(doc: dict[str, Any]) -> None:
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    found = _agrees(unsecured)
    if _full(unsecured) is not None and _fast.fast_canonicalize(unsecured) is not None:
        # wherever the fast canonicaliser answers, the walk (its subset) decides too
        assert found is not None
        assert _fast.fast_canonicalize(unsecured) is not None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=ob3_credential(), kind=st.sampled_from(UNSAFE_KINDS))
def test_walk_never_passes_unsafe_documents(doc: dict[str, Any], kind: str) -> None:
    bad = _unsafe(doc, kind)
    if kind in ("id-only-graph-node", "empty-graph-node"):
        pass  # proof-shaped members: the full pipeline decides; the walk must agree
    _agrees(bad)
    if _full(bad) is None:
        assert _walk(bad) is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=ob3_credential(), path=st.lists(st.integers(0, 50), min_size=1, max_size=6),
       value=st.sampled_from(_EDIT_VALUES))
def test_walk_agrees_on_edited_documents(doc: dict[str, Any], path: list[int],
                                         value: Any) -> None:
    edited = _edit(doc, path, value)
    try:
        json.dumps(edited, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate: outside the walk's contract (well-formed text; the jcs lane
        # UTF-8-encodes the document first), and canonicalisation refuses it
        with pytest.raises(mc.MicrocredError):  # a typed error (found: pyld's bare
            jsonld.canonicalize(edited)           # UnicodeEncodeError in a JSON literal)
        return
    _agrees(edited)


def test_every_reference_document() -> None:
    """W3C VC 2.0 / vc-di-eddsa / 1EdTech documents under tests/vectors/reference (vendored)."""
    docs = _reference_documents()
    if not docs:
        pytest.fail("tests/vectors/reference is missing")
    decided = 0
    for loader in (None, _vector_loader()):
        for _name, doc in docs:
            unsecured = {k: v for k, v in doc.items() if k != "proof"}
            if _agrees(unsecured, loader) is not None:
                decided += 1
    assert decided >= 50


# -- limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("limits", [jsonld.Limits(max_quads=5), jsonld.Limits(max_depth=3),
                                    jsonld.Limits(max_depth=2)])
def test_limits_are_respected(limits: jsonld.Limits) -> None:
    doc = _credential()
    assert _walk(doc) is not None
    with pytest.raises(mc.CanonicalizationLimitError):
        jsonld.canonicalize(doc, limits=limits)
    assert _walk(doc, limits=limits) is None


def test_depth_of_json_literals_and_contexts_counts() -> None:
    deep: Any = "x"
    for _ in range(8):
        deep = {"a": deep}
    doc = _credential()
    doc["@context"] = [*doc["@context"], {"mcData": {"@id": "https://w3id.org/microcred/vocab#d",
                                                     "@type": "@json"}}]
    doc["mcData"] = deep
    limits = jsonld.Limits(max_depth=6)
    assert _full(doc, limits=limits) is None
    assert _walk(doc, limits=limits) is None
    assert _agrees(doc) is not None


# -- aliasing ---------------------------------------------------------------------------------


def _credential() -> dict[str, Any]:
    """The review regressions' credential (tests/test_verify_lead.py), unsigned."""
    return {k: v for k, v in _signed().items() if k != "proof"}


def _aliased(kind: str) -> dict[str, Any]:
    doc = _credential()
    if kind == "embedded-alias":
        doc["@context"] = [*doc["@context"], {"vu": {"@id": CRED + "validUntil",
                                                     "@type": XSD_DT}}]
        doc["vu"] = doc.pop("validUntil")
    elif kind == "full-iri-key":
        doc[CRED + "validUntil"] = {"@value": doc.pop("validUntil"), "@type": XSD_DT}
    elif kind == "both-names":
        doc[CRED + "validUntil"] = {"@value": "2030-01-01T00:00:00Z", "@type": XSD_DT}
    elif kind == "same-value-twice":
        doc[CRED + "validUntil"] = {"@value": doc["validUntil"], "@type": XSD_DT}
    elif kind == "id-reused":
        doc["credentialSubject"]["achievement"]["related"] = [{
            "id": doc["id"], "type": ["Related"], "version": "1"}]
    elif kind == "issuer-list":
        doc["issuer"] = [doc["issuer"], "https://example.edu/other"]
    elif kind == "null-validuntil":
        doc["validUntil"] = None
    elif kind == "no-id":
        del doc["id"]
    elif kind == "at-id":
        doc["@id"] = doc.pop("id")
    elif kind == "status-alias":
        doc["@context"] = [*doc["@context"], {"st": {"@id": CRED + "credentialStatus",
                                                     "@type": "@id"}}]
        doc["st"] = {"id": "https://example.edu/status/1#5", "type": "BitstringStatusListEntry",
                     "statusPurpose": "revocation", "statusListIndex": "5",
                     "statusListCredential": "https://example.edu/status/1"}
    return doc


ALIAS_KINDS = ["plain", "embedded-alias", "full-iri-key", "both-names", "same-value-twice",
               "id-reused", "issuer-list", "null-validuntil", "no-id", "at-id", "status-alias"]


@pytest.mark.parametrize("kind", ALIAS_KINDS)
def test_alias_verdicts_agree_with_the_graph(kind: str) -> None:
    doc = _aliased(kind)
    nquads = _full(doc)
    assert nquads is not None
    expected = safemode.aliased_term(doc, nquads)
    found = _walk(doc)
    assert found is not None
    counted = safemode.aliased_term_counted(doc, found)
    assert counted in (expected, safemode.UNDECIDED)
    if kind in ("plain", "embedded-alias", "full-iri-key", "status-alias", "null-validuntil",
                "no-id"):
        assert counted == expected  # decided by the walk alone
    if kind in ("embedded-alias", "full-iri-key", "status-alias"):
        assert expected is not None


# -- the eddsa-jcs-2022 lane of verify ---------------------------------------------------------


def _codes(result: mc.VerificationResult) -> list[tuple[str, str, str]]:
    return [(c.id, str(c.outcome), c.code) for c in result.checks]


def _both_lanes(doc: Any, monkeypatch: pytest.MonkeyPatch, **options: Any
                ) -> tuple[mc.VerificationResult, mc.VerificationResult]:
    options.setdefault("loader", _known(doc))
    lane = mc.verify(doc, now=NOW, **options)
    with monkeypatch.context() as m:
        m.setattr(safemode, "only_jcs_proofs", lambda _doc: False)
        full = mc.verify(doc, now=NOW, **options)
    return lane, full


@pytest.mark.parametrize("kind", ALIAS_KINDS)
def test_jcs_lane_reports_what_the_full_check_reports(kind: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _aliased(kind)
    # (some kinds break the data model: signed as a non-conforming issuer would)
    signed = mc.sign(doc, KEY.signer(), cryptosuite="eddsa-jcs-2022",
                     created="2024-01-01T00:00:00Z", check_data_model=False)
    if kind == "at-id":  # (a member named @id is refused before any walk, in both lanes)
        lane, full = _both_lanes(signed, monkeypatch)
        assert lane.codes["safe-mode"] == full.codes["safe-mode"] == "keyword-not-supported"
        return
    walks: list[Any] = []
    real = safemode.fast_check
    monkeypatch.setattr(safemode, "fast_check", lambda *a, **k: walks.append(real(*a, **k))
                        or walks[-1])
    lane, full = _both_lanes(signed, monkeypatch)
    assert len(walks) == 1 and walks[0] is not None  # the lane ran and the walk decided
    assert _codes(lane) == _codes(full)
    assert lane.verified == full.verified
    if kind in ("embedded-alias", "full-iri-key", "status-alias"):
        assert lane.codes["safe-mode"] == "aliased-term"


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(doc=ob3_credential(), edit=st.one_of(st.none(), st.tuples(
    st.lists(st.integers(0, 50), min_size=1, max_size=6), st.sampled_from(_EDIT_VALUES))))
def test_jcs_lane_equals_full_verification(doc: dict[str, Any], edit: Any,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Signed with eddsa-jcs-2022 (then possibly edited): the same checks, codes and verdict
    with the walk as with the full canonicalisation."""
    doc = {k: v for k, v in doc.items() if k != "proof"}
    doc["issuer"] = KEY.did
    try:
        signed = mc.sign(doc, KEY.signer(), cryptosuite="eddsa-jcs-2022",
                         created="2024-01-01T00:00:00Z")
    except mc.MicrocredError:
        return
    if edit is not None:
        signed = _edit(signed, *edit)
    lane, full = _both_lanes(signed, monkeypatch, verify_endorsements=False)
    if full.codes.get("safe-mode") == "canonicalization-limit":
        # the one designed difference: RDFC labelling limits do not apply to JCS proofs
        # (see test_jcs_credential_is_not_held_to_rdfc_labelling_limits)
        # (or the walk left the question to the full check, e.g. a reused @id)
        assert lane.codes["safe-mode"] in ("ok", "aliased-term", "canonicalization-limit")
        return
    assert _codes(lane) == _codes(full)
    assert lane.verified == full.verified


def test_jcs_lane_reports_undefined_terms_with_their_name() -> None:
    doc = _credential()
    doc["credentialSubject"]["achievement"]["notATerm"] = "x"
    # (sign() refuses it too: signed as a negative fixture)
    signed = mc.sign(doc, KEY.signer(), cryptosuite="eddsa-jcs-2022",
                     created="2024-01-01T00:00:00Z", check_data_model=False)
    result = mc.verify(signed, now=NOW)
    assert not result.verified
    assert result.codes["safe-mode"] == "safe-mode-violation"
    check = next(c for c in result.checks if c.id == "safe-mode")
    assert check.details["term"] == "notATerm"


def test_jcs_lane_signature_still_covers_every_byte() -> None:
    signed = mc.sign(_credential(), KEY.signer(), cryptosuite="eddsa-jcs-2022",
                     created="2024-01-01T00:00:00Z")
    assert mc.verify(signed, now=datetime(2024, 3, 1, tzinfo=timezone.utc)).verified
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Data Literacy!"
    result = mc.verify(tampered, now=datetime(2024, 3, 1, tzinfo=timezone.utc))
    assert not result.verified
    assert result.codes["proof.0.signature"] == "signature-invalid"


def test_jcs_credential_is_not_held_to_rdfc_labelling_limits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A graph whose blank nodes need more Hash N-Degree Quads work than the limit allows cannot
    be RDFC-canonicalised, but a JCS proof signs no RDF: safe mode (the expansion) still runs
    and passes, the labelling is not needed. (Found by hypothesis: four equal allowedValue
    strings in two result descriptions.)"""
    doc = _credential()
    doc["credentialSubject"]["achievement"]["resultDescription"] = [
        {"type": ["ResultDescription"], "name": "", "resultType": "LetterGrade"},
        {"type": ["ResultDescription"], "name": "", "resultType": "LetterGrade",
         "allowedValue": ["A", "A", "A", "A"]}]
    doc["credentialSubject"]["achievement"]["criteria"] = {}
    del doc["credentialSubject"]["achievement"]["id"]
    with pytest.raises(mc.CanonicalizationLimitError):
        jsonld.canonicalize(doc)
    signed = mc.sign(doc, KEY.signer(), cryptosuite="eddsa-jcs-2022",
                     created="2024-01-01T00:00:00Z")
    lane, full = _both_lanes(signed, monkeypatch)
    assert lane.codes["safe-mode"] == "ok"
    assert full.codes["safe-mode"] == "canonicalization-limit"


@settings(max_examples=200, deadline=None)
@given(created=st.one_of(st.sampled_from(["2024-01-01T00:00:00Z", "2024-01-01T09:00:00+09:00",
                                          "2010-01-01T00:00:00.123Z", "20240101", "x\"y",
                                          "\u2603created\u2603", ""]),
                         st.text(max_size=30)),
       vm=st.sampled_from([KEY.did + "#" + KEY.did.split(":")[-1], "https://e.example/k#1",
                           "\u2603created\u2603"]),
       extra=st.dictionaries(st.sampled_from(["domain", "challenge", "nonce", "expires",
                                              "@context"]),
                             st.one_of(st.text(max_size=8),
                                       st.lists(st.text(max_size=8), max_size=2)), max_size=3))
def test_jcs_proof_configuration_template(created: str, vm: str, extra: dict[str, Any]) -> None:
    """The per-shape template gives exactly the JCS of the configuration, whatever it holds."""
    from microcred._di.suites import _jcs, _jcs_config

    config = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
              "created": created, "verificationMethod": vm, "proofPurpose": "assertionMethod",
              **extra}
    assert _jcs_config(config) == _jcs(config)
    assert _jcs_config(config) == jsonld.jcs(config)


def _reference_alias(doc: dict[str, Any], nquads: str) -> str | None:
    """The aliased-term rule written plainly over every quad (the oracle for the verifier's
    line-filtered version): the credential node is the JSON id's node if it is typed
    VerifiableCredential, else the one such node that is nobody's object."""
    quads = [q for q in jsonld.parse_nquads(nquads) if q.graph == ""]
    vc = {q.subject for q in quads if q.predicate == safemode.RDF_TYPE
          and q.object == f"<{CRED}VerifiableCredential>"}
    doc_id = doc.get("id")
    if isinstance(doc_id, str) and f"<{doc_id}>" in vc:
        root = f"<{doc_id}>"
    else:
        roots = vc - {q.object for q in jsonld.parse_nquads(nquads)}
        if len(roots) != 1:
            return "@id"
        root = roots.pop()
    for term in safemode.WATCHED_TERMS:
        value = doc.get(term)
        in_json = 0 if value is None else len(value) if isinstance(value, list) else 1
        if in_json != sum(q.subject == root and q.predicate == f"<{CRED}{term}>"
                          for q in quads):
            return term
    return None


@pytest.mark.parametrize("kind", ALIAS_KINDS)
def test_line_filtered_alias_check_equals_the_plain_rule(kind: str) -> None:
    doc = _aliased(kind)
    nquads = jsonld.canonicalize(doc)
    assert safemode.aliased_term(doc, nquads) == _reference_alias(doc, nquads)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=ob3_credential(), kind=st.sampled_from(ALIAS_KINDS))
def test_line_filtered_alias_check_on_generated_documents(doc: dict[str, Any],
                                                          kind: str) -> None:
    doc = {k: v for k, v in doc.items() if k != "proof"}
    if kind == "embedded-alias" and "validUntil" in doc:
        doc["@context"] = [*doc["@context"], {"vu": {"@id": CRED + "validUntil",
                                                     "@type": XSD_DT}}]
        doc["vu"] = doc.pop("validUntil")
    elif kind == "full-iri-key":
        doc[CRED + "validFrom"] = {"@value": doc.pop("validFrom"), "@type": XSD_DT}
    try:
        nquads = jsonld.canonicalize(doc)
    except mc.MicrocredError:  # e.g. a labelling limit: nothing to compare
        return
    assert safemode.aliased_term(doc, nquads) == _reference_alias(doc, nquads)


def test_jcs_result_document_is_the_signed_content_and_isolated() -> None:
    """For eddsa-jcs-2022 the checks (and result.document) read the JCS form that was signed:
    a private copy parsed back from the signed bytes (JCS member order, 2.0 → 2)."""
    doc = _credential()
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = 2.0
    signed = mc.sign(doc, KEY.signer(), cryptosuite="eddsa-jcs-2022",
                     created="2024-01-01T00:00:00Z")
    result = mc.verify(signed, now=datetime(2024, 3, 1, tzinfo=timezone.utc))
    assert result.verified
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    assert result.document is not None
    assert {k: v for k, v in result.document.items() if k != "proof"} == json.loads(
        jsonld.jcs(unsecured))
    assert result.document["proof"] == signed["proof"]
    assert result.document["proof"] is not signed["proof"]
    signed["credentialSubject"]["achievement"]["name"] = "changed later"
    assert result.document["credentialSubject"]["achievement"]["name"] == "DL"
    assert type(result.document["credentialSubject"]["achievement"]["creditsAvailable"]) is int
