"""Red-team review of the verification surface (the verifier's promise), 2026-12-07.

Each ``test_finding_*`` failed on main at b7028aa and passes with its fix; the property tests
state invariants of :func:`microcred.verify`. An RDFC proof signs the RDF graph, not the JSON:
every JSON-LD spelling of the same graph verifies, so whatever reads the JSON afterwards (the
status checker, the validity and issuer checks, ``result.read()``) must either read it as the
graph or refuse it.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import microcred as mc
from microcred import ob2, ob3
from microcred import statuslist as sl
from test_ob2 import DOCS as OB2_DOCS
from test_ob2 import EMAIL as OB2_EMAIL
from test_ob2 import NOW as OB2_NOW
from test_ob2 import R as OB2_SAMPLES
from test_ob2 import _sign as ob2_sign
from test_verify import credential as base_credential

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=timezone.utc)
KEY = mc.Ed25519Key.from_seed(bytes(range(32)))
CREATED = "2024-04-01T00:00:00Z"
LIST_URL = "https://example.edu/status/1"


def credential(**extra: Any) -> dict[str, Any]:
    """test_verify's OB 3.0 credential, issued by KEY's did:key (no resolver needed)."""
    extra.setdefault("issuer", {"id": KEY.did, "type": ["Profile"],
                                "name": "Example University"})
    return base_credential(**extra)


def sign(doc: dict[str, Any], suite: str = "eddsa-rdfc-2022") -> dict[str, Any]:
    return mc.sign(doc, KEY.signer(), cryptosuite=suite, created=CREATED)


def verify(doc: Any, **kw: Any) -> mc.VerificationResult:
    kw.setdefault("now", NOW)
    return mc.verify(doc, **kw)


def same_graph(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def unsecured(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k != "proof"}

    return bool(mc.jsonld.canonicalize(unsecured(a), safe=False)
                == mc.jsonld.canonicalize(unsecured(b), safe=False))


# -- finding 1: a revoked credential's status entry re-spelt as "could not check" ---------------

def _revoked(**entry: Any) -> tuple[dict[str, Any], sl.BitstringStatusChecker]:
    bits = sl.BitstringStatusList(status_size=entry.get("status_size", 1))
    bits.set(7, 1)
    status_list = sign(sl.status_list_credential(bits, id=LIST_URL, issuer=KEY.did,
                                                 valid_from="2024-01-01T00:00:00Z"))
    checker = sl.BitstringStatusChecker({LIST_URL: status_list},
                                        verify_list=lambda c: verify(c))
    status = sl.status_list_entry(status_list_credential=LIST_URL, index=7, **entry)
    return sign(credential(credentialStatus=status)), checker


_RESPELT = {
    "index as a value object": ("statusListIndex", lambda v: {"@value": v}),
    "list URL as a node reference": ("statusListCredential", lambda v: {"id": v}),
    "purpose repeated": ("statusPurpose", lambda v: [v, v]),
    "statusSize as a string": ("statusSize", str),  # (xsd:integer: "2" and 2 are one literal)
}


@pytest.mark.parametrize("how", sorted(_RESPELT))
def test_finding_1_respelt_status_entry_cannot_hide_a_revocation(how: str) -> None:
    """RDFC signs the graph; the status checker reads the JSON. Before the fix each spelling
    below verified with ``require_status=False`` although the credential is revoked: the
    checker could not read the entry ("could not check"), which that option accepts."""
    member, respell = _RESPELT[how]
    if member == "statusSize":
        signed, checker = _revoked(status_size=2, status_messages={
            0: "valid", 1: "revoked", 2: "suspended", 3: "other"})
    else:
        signed, checker = _revoked()
    strict = verify(signed, status_checker=checker, require_status=False)
    assert not strict.verified and strict.check("status").code in ("status-revoked",
                                                                   "status-revocation")
    forged = copy.deepcopy(signed)
    entry = forged["credentialStatus"]
    entry[member] = respell(entry[member])
    assert same_graph(forged, signed)  # the signature still verifies
    result = verify(forged, status_checker=checker, require_status=False)
    assert result.check("proof.0.signature").code == "signature-valid"
    assert not result.verified
    assert result.check("data-model").code == "credential-status-malformed"


def test_finding_1_sign_refuses_a_status_entry_the_checker_cannot_read() -> None:
    entry = sl.status_list_entry(status_list_credential=LIST_URL, index=7)
    entry["statusListIndex"] = {"@value": "7"}
    with pytest.raises(mc.DataModelError):
        sign(credential(credentialStatus=entry))
    # the forms the checker reads are accepted, including an integer index seen in the wild
    entry["statusListIndex"] = 7
    assert verify(sign(credential(credentialStatus=entry)),
                  require_status=False).check("data-model").ok


# -- finding 2: an RDFC proof's own @context was neither signed nor checked ---------------------

@pytest.mark.parametrize("value", ["https://evil.example/ctx", {"@vocab": "https://evil.example/"},
                                   ["https://www.w3.org/2018/credentials/v1"], None, 5])
def test_finding_2_rdfc_proof_context_must_start_the_document_context(value: Any) -> None:
    """The RDFC proof configuration takes the document's ``@context`` (vc-di-eddsa §3.2.5), so
    a proof's own ``@context`` is not signed; any value verified before. It must now be the
    start of the document's, the rule the JCS suites apply (vc-di-eddsa §3.3.2 step 4.1)."""
    signed = sign(credential())
    forged = copy.deepcopy(signed)
    forged["proof"]["@context"] = value
    result = verify(forged, require_status=False)
    assert not result.verified
    assert result.check("proof.0.signature").code == "context-mismatch"
    # the document's own context (or its start) is what the proof says: accepted
    for good in (signed["@context"], signed["@context"][:1]):
        forged["proof"]["@context"] = good
        assert verify(forged, require_status=False).verified


# -- finding 3: @set / @list re-spellings hide signed values from every reader ------------------

_HIDDEN = {
    "criteria in a @set": (("credentialSubject", "achievement", "criteria"),
                           lambda v: {"@set": [v]}),
    "status index in a @set": (("credentialStatus", "statusListIndex"),
                               lambda v: {"@set": [v]}),
    "allowedValue as a @list": (("credentialSubject", "achievement", "resultDescription", 0,
                                 "allowedValue"), lambda v: {"@list": v}),
}


@pytest.mark.parametrize("how", sorted(_HIDDEN))
def test_finding_3_set_and_list_objects_are_refused(how: str) -> None:
    """``{"@set": [v]}`` has the graph of ``[v]``, and ``{"@list": [...]}`` that of a plain
    array under a list container (OB's ``allowedValue``): an RDFC signature still verified,
    and ``result.read()`` then read ``criteria.narrative`` (or ``allowedValue``) as absent.
    Like ``@included`` and ``@nest`` they are now ``keyword-not-supported``."""
    doc = credential(credentialStatus=sl.status_list_entry(status_list_credential=LIST_URL,
                                                           index=7))
    doc["credentialSubject"]["achievement"]["resultDescription"] = [{
        "id": "urn:uuid:9c0e4ea4-4a8b-4ad9-9c6f-3f0e3b3c2d11", "type": ["ResultDescription"],
        "name": "Grade", "resultType": "LetterGrade", "allowedValue": ["A", "B", "C"]}]
    signed = sign(doc)
    path, respell = _HIDDEN[how]
    forged = copy.deepcopy(signed)
    node = forged
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = respell(node[path[-1]])
    assert same_graph(forged, signed)
    result = verify(forged, require_status=False)
    assert not result.verified
    assert result.check("safe-mode").code == "keyword-not-supported"


# -- finding 4: a context appended after a JCS proof made undefined terms pass ------------------

UNDEFINED_TERMS = "https://www.w3.org/ns/credentials/undefined-terms/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "ecdsa-jcs-2019"])
def test_finding_4_jcs_signed_reading_must_pass_safe_mode(suite: str) -> None:
    """A JCS proof signs the document with the proof's ``@context``, which need only be the
    start of the document's (vc-di-eddsa §3.3.2 step 4). Appending the bundled undefined-terms
    context (``@vocab``) after signing made a term the issuer left undefined pass safe mode:
    the credential verified although, as signed, it has an undefined term."""
    key: Any = KEY if suite.startswith("eddsa") else mc.EcdsaKey.from_secret_bytes(
        bytes(31) + b"\x07", curve="P-256")
    issuer = {"id": key.did, "type": ["Profile"], "name": "Example University"}
    doc = credential(issuer=issuer)
    doc["credentialSubject"]["customField"] = "hello"  # defined by no context
    with pytest.raises(mc.SafeModeError):  # sign() refuses it: signed as a negative fixture
        mc.sign(doc, key.signer(), cryptosuite=suite, created=CREATED)
    signed = mc.sign(doc, key.signer(), cryptosuite=suite, created=CREATED,
                     check_data_model=False)
    assert verify(signed).check("safe-mode").code == "safe-mode-violation"
    forged = copy.deepcopy(signed)
    forged["@context"] = [*forged["@context"], UNDEFINED_TERMS]
    result = verify(forged, require_status=False)
    assert not result.verified
    assert result.check("safe-mode").code == "safe-mode-violation"
    assert result.check("safe-mode").details["term"] == "customField"
    # a clean credential with a context appended after signing still verifies (the spec's
    # "starts with" rule: e.g. a suite context added by the securing step)
    clean = mc.sign(credential(issuer=issuer), key.signer(), cryptosuite=suite,
                    created=CREATED)
    clean["@context"] = [*clean["@context"], UNDEFINED_TERMS]
    assert verify(clean, require_status=False).verified


def test_finding_4_context_appended_after_a_jcs_proof_cannot_change_the_meaning() -> None:
    """Signed with the undefined-terms context, ``OpenBadgeCredential`` and ``achievement``
    are issuer-dependent terms (and an OB credential needs the OB context: not verified).
    Appending the OB 3.0 context after signing gave them the OB meaning: it verified as an
    Open Badge the issuer never signed as one."""
    doc = credential()
    doc["@context"] = [doc["@context"][0], UNDEFINED_TERMS]
    signed = mc.sign(doc, KEY.signer(), cryptosuite="eddsa-jcs-2022", created=CREATED)
    assert not verify(signed, require_status=False).verified
    forged = copy.deepcopy(signed)
    forged["@context"] = [*forged["@context"], OB]
    result = verify(forged, require_status=False)
    assert not result.verified
    assert result.check("safe-mode").code == "context-appended"


# -- finding 5: the keyword policy did not apply to VC-JWT payloads -----------------------------

@pytest.mark.parametrize("keyword", ["@included", "@nest", "@set"])
def test_finding_5_vc_jwt_payload_gets_the_keyword_policy(keyword: str) -> None:
    """``@included`` merges values into a node where JSON readers do not look; a Data
    Integrity document using it is ``keyword-not-supported`` (JCS included), but the same
    credential as a VC-JWT verified (the input walk that finds keywords does not see JWT
    payloads)."""
    doc = credential()
    hidden = {"id": "did:example:learner", "type": ["AchievementSubject"],
              "achievement": doc["credentialSubject"]["achievement"]}
    doc[keyword] = [hidden] if keyword != "@nest" else {"name": "Nested"}
    token = mc.issue_vc_jwt(doc, KEY.signer())
    result = verify(token, require_status=False)
    assert result.check("jwt.signature").ok
    assert not result.verified
    assert result.check("safe-mode").code == "keyword-not-supported"


# -- finding 6: OB 2.0 signed assertions forged for an issuer that lists no publicKey -----------

def _ob2_forgery() -> tuple[dict[str, Any], dict[str, Any], Any, str, str]:
    """(the payload of the validator's signed sample with an attacker's key as its creator,
    the sample's documents plus that key's document claiming the issuer as owner, the
    attacker's RSA key, the key's URL, the issuer id)."""
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    token = (OB2_SAMPLES / "simple.jwt").read_text().strip()
    body = token.split(".")[1]
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    docs = copy.deepcopy(OB2_DOCS)
    issuer_id = docs[docs[payload["badge"]]["issuer"]]["id"]
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    evil = "https://evil.example/key.json"
    docs[evil] = {"@context": ob2.OB2_CONTEXT, "type": "CryptographicKey", "id": evil,
                  "owner": issuer_id, "publicKeyPem": attacker.public_key().public_bytes(
                      serialization.Encoding.PEM,
                      serialization.PublicFormat.SubjectPublicKeyInfo).decode()}
    payload["verification"]["creator"] = evil
    return payload, docs, attacker, evil, issuer_id


def test_finding_6_ob2_key_must_be_listed_by_the_issuer() -> None:
    """A CryptographicKey's ``owner`` is only what whoever hosts the key document says. For an
    issuer profile without ``publicKey`` (every hosted-only issuer), an attacker's key hosted
    anywhere with ``"owner": <issuer id>`` verified a signed assertion the attacker made.
    Both 1EdTech validators require the key to be listed in the issuer's ``publicKey``
    (openbadges-validator-core ``verify_key_ownership``; the Java validator's "verify key
    ownership": "Assertion signed by a key ... other than those authorized by issuer
    profile")."""
    payload, docs, attacker, _, issuer_id = _ob2_forgery()
    for url, doc in docs.items():  # the issuer's profile, wherever it is served, without keys
        if isinstance(doc, dict) and doc.get("id") == issuer_id:
            docs[url] = {k: v for k, v in doc.items() if k != "publicKey"}
    result = ob2.verify_ob2(ob2_sign(payload, attacker), documents=docs, now=OB2_NOW)
    assert not result.verified
    assert result.codes["ob2.verification"] == "key-not-issuers"


# -- finding 7: the OB 2.0 issuer profile was taken from wherever the assertion pointed ---------

@pytest.mark.parametrize("where", ["embedded in the signed assertion",
                                   "served from another host"])
def test_finding_7_ob2_issuer_profile_must_be_the_published_one(where: str) -> None:
    """The issuer profile that lists the signing keys was taken from wherever the assertion
    pointed: a profile embedded in the attacker-signed assertion (``badge.issuer`` as an
    object), or a document served from the attacker's host whose ``id`` is the real issuer's
    (accepted with a non-required ``issuer-id-differs`` warning). Either listed the attacker's
    key under the real issuer's id, and the forged assertion verified. The 1EdTech validator
    resolves ``badge.issuer`` as a URL."""
    payload, docs, attacker, evil_key, _ = _ob2_forgery()
    badge_url = payload["badge"]
    badge = copy.deepcopy(docs[badge_url])
    profile = {**copy.deepcopy(docs[badge["issuer"]]), "publicKey": evil_key}
    if where == "embedded in the signed assertion":
        badge["issuer"] = profile
    else:
        docs["https://evil.example/profile.json"] = profile
        badge["issuer"] = "https://evil.example/profile.json"
    payload["badge"] = badge
    result = ob2.verify_ob2(ob2_sign(payload, attacker), documents=docs, now=OB2_NOW)
    assert not result.verified
    assert result.codes["ob2.verification"] in ("key-not-issuers", "issuer-id-differs")
    # the issuer's published profile decides: listing that key there (the issuer's own
    # choice) makes the same assertion verify
    issuer_url = docs[badge_url]["issuer"]
    docs[issuer_url] = {**docs[issuer_url], "publicKey": evil_key}
    payload["badge"] = badge_url
    assert ob2.verify_ob2(ob2_sign(payload, attacker), documents=docs, now=OB2_NOW).verified


def test_finding_7_ob2_hosted_origin_policy_comes_from_the_published_profile() -> None:
    """Hosted: the issuer's ``verification.allowedOrigins`` says where its assertions may be
    hosted. An issuer profile embedded in the hosted assertion named the attacker's host, and
    an assertion hosted there in the real issuer's name verified."""
    assertion = ob2.load_assertion((OB2_SAMPLES / "basic-assertion.json").read_bytes()).assertion
    docs = copy.deepcopy(OB2_DOCS)
    badge = copy.deepcopy(docs[assertion["badge"]])
    profile = copy.deepcopy(docs[badge["issuer"]])
    profile["verification"] = {"type": "VerificationObject", "allowedOrigins": "evil.example"}
    badge["issuer"] = profile
    forged = {**assertion, "id": "https://evil.example/assertion.json", "badge": badge}
    docs[forged["id"]] = forged
    result = ob2.verify_ob2(forged, documents=docs, recipient=OB2_EMAIL, now=OB2_NOW)
    assert not result.verified
    assert result.codes["ob2.verification"].startswith("hosted")


# -- finding 8: str / int subclasses in a dict made an RDFC credential "too deep" ---------------

@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_finding_8_enum_values_read_as_their_plain_values(suite: str) -> None:
    """A document built in Python may hold ``str``-valued Enums or IntEnums (or other
    subclasses); JSON writes their plain values. Under RDFC the input stage refused such a
    dict with ``too-deep`` ("nested too deeply") while JCS verified it."""
    import enum

    class Label(str, enum.Enum):
        NAME = "Data Literacy"

    class Key(str):
        pass

    signed = sign(credential(), suite)
    doc = copy.deepcopy(signed)
    doc["name"] = Label.NAME
    doc["credentialSubject"] = {Key(k): v for k, v in doc["credentialSubject"].items()}
    result = verify(doc)
    assert result.check("input").ok
    assert result.verified == verify(signed).verified
    assert type(result.document["name"]) is str



# -- finding 9: a proof whose cryptosuite is a list or an object crashed verify() -------------

@pytest.mark.parametrize("value", [[], {}, ["eddsa-jcs-2022"]])
def test_finding_9_unhashable_cryptosuite_is_an_unknown_proof(value: Any) -> None:
    """``"cryptosuite": []`` made the input stage raise (``[] in frozenset``): the result was
    one ``internal-error`` check, and the valid proof beside it was never looked at. An
    unknown proof is a warning beside a known proof that passes (VC-DI proof sets)."""
    signed = sign(credential())
    odd = {**signed["proof"], "cryptosuite": value}
    doc = {**signed, "proof": [odd, signed["proof"]]}
    result = verify(doc)
    assert all(c.code != "internal-error" for c in result.checks)
    assert result.verified
    assert result.check("proof.0.suite").code == "unknown-cryptosuite"



# -- finding 10: a self-asserted credential's validity period was never checked ----------------

@pytest.mark.parametrize("window", [("2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z"),
                                    ("2030-01-01T00:00:00Z", None)])
def test_finding_10_self_asserted_credential_validity_is_checked(
        window: tuple[str, str | None]) -> None:
    """VC 2.0 §4.13.4: a credential without a proof, issued by the holder, is secured by the
    presentation's proof. Such a credential was reported verified however expired (or not
    yet valid) it was: only its data model and the holder binding were checked."""
    start, end = window
    vc = credential(validFrom=start, **({"validUntil": end} if end else {}))
    vc["issuer"] = {"id": KEY.did, "type": ["Profile"], "name": "The holder"}
    vp = mc.sign_presentation(mc.presentation([vc], holder=KEY.did), KEY.signer(),
                              challenge="c-1", domain="d.example", created=CREATED)
    result = mc.verify_presentation(vp, challenge="c-1", domain="d.example", now=NOW)
    assert result.credentials[0].check("self-asserted").ok
    assert not result.verified
    assert result.credentials[0].check("validity").code in ("expired", "not-yet-valid")



@pytest.mark.parametrize("answer", [False, None])
def test_self_asserted_credential_status_is_checked(answer: bool | None) -> None:
    """The same for its status (VC 2.0 §4.10; the red-team residual): a self-asserted
    credential listing a revoked status was reported verified, and one whose status no checker
    could read was not marked as unchecked."""
    vc = credential()
    vc["issuer"] = {"id": KEY.did, "type": ["Profile"], "name": "The holder"}
    vc["credentialStatus"] = {"id": "https://status.example/1#7",
                              "type": "BitstringStatusListEntry",
                              "statusPurpose": "revocation", "statusListIndex": "7",
                              "statusListCredential": "https://status.example/1"}
    vp = mc.sign_presentation(mc.presentation([vc], holder=KEY.did), KEY.signer(),
                              challenge="c-1", domain="d.example", created=CREATED)
    options: dict[str, Any] = {"challenge": "c-1", "domain": "d.example", "now": NOW}
    if answer is not None:
        options["status_checker"] = lambda _cred, now: answer
    result = mc.verify_presentation(vp, **options)
    assert result.credentials[0].check("self-asserted").ok
    assert not result.verified
    expected = "revoked" if answer is False else "status-not-checked"
    assert result.credentials[0].check("status").code == expected
    # a checker that answers "valid", or no checker with require_status=False, lets it verify
    base = {k: v for k, v in options.items() if k != "status_checker"}
    assert mc.verify_presentation(vp, status_checker=lambda _c, now: True, **base).verified
    assert mc.verify_presentation(vp, require_status=False, **base).verified


# -- a type-scoped null context: pyld and jsonld.js read it differently -------------------------

_PETS = "https://example.org/pets/v1"
_PETS_CONTEXT = {"@context": {"@version": 1.1, "petName": "https://example.org/pets#name",
                              "Pet": {"@id": "https://example.org/pets#Pet", "@context": None}}}


def test_the_references_differ_on_a_type_scoped_null_context() -> None:
    """The premise, checked on both references: pyld 3.3 ignores a type-scoped
    ``"@context": null`` (JSON-LD 1.1 Expansion step 11 applies it), jsonld.js applies it and
    its safe mode refuses the now-undefined term."""
    import subprocess

    from pyld import jsonld as pyld

    from _node import INTEROP, NODE, missing

    doc = {"@context": [_PETS_CONTEXT["@context"], {"type": "@type"}],
           "type": "Pet", "petName": "Rex"}
    assert pyld.expand(doc) == [{"@type": ["https://example.org/pets#Pet"],
                                 "https://example.org/pets#name": [{"@value": "Rex"}]}]
    if missing(("vc",)):
        pytest.skip(str(missing(("vc",))))
    assert NODE is not None
    script = ("import jsonld from 'jsonld'; const d = JSON.parse(process.argv[1]);"
              "jsonld.expand(d, {safe: true}).then(() => console.log('accepted'),"
              " e => console.log(e.name));")
    out = subprocess.run([NODE, "--input-type=module", "-e", script, json.dumps(doc)],
                         cwd=INTEROP, capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "jsonld.ValidationError"


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_a_type_with_a_null_scoped_context_is_refused(suite: str) -> None:
    """microcred read such a credential as pyld does and verified it, while the JS reference
    refuses it: now sign() and verify() both refuse it (``type-scoped-null-context``)."""
    loader = mc.jsonld.StaticLoader()
    loader.register(_PETS, _PETS_CONTEXT)
    vc = {"@context": ["https://www.w3.org/ns/credentials/v2", _PETS], "id": "urn:uuid:pet-1",
          "type": ["VerifiableCredential"], "issuer": KEY.did,
          "validFrom": "2025-01-01T00:00:00Z",
          "credentialSubject": {"id": "did:example:1", "type": ["Pet"], "petName": "Rex"}}
    with pytest.raises(mc.JsonLdError, match="type-scoped-null-context"):
        mc.sign(vc, KEY.signer(), cryptosuite=suite, loader=loader, created=CREATED)
    signed = mc.sign(vc, KEY.signer(), cryptosuite=suite, loader=loader, created=CREATED,
                     check_data_model=False)
    result = mc.verify(signed, loader=loader, now=NOW)
    assert not result.verified
    assert result.codes["contexts"] == "type-scoped-null-context"
    # the same context without the null scoped context verifies
    plain = mc.jsonld.StaticLoader()
    plain.register(_PETS, {"@context": {**_PETS_CONTEXT["@context"],
                                        "Pet": "https://example.org/pets#Pet"}})
    ok = mc.sign(vc, KEY.signer(), cryptosuite=suite, loader=plain, created=CREATED)
    assert mc.verify(ok, loader=plain, now=NOW).verified


# -- finding 11: "@id" / "@type" spellings hid a subject's id and types -------------------------

@pytest.mark.parametrize("node,key", [(("credentialSubject",), "id"),
                                      (("credentialSubject",), "type"),
                                      (("credentialSubject", "achievement"), "id")])
def test_finding_11_keyword_spelt_id_and_type_are_refused(node: tuple[str, ...],
                                                          key: str) -> None:
    """Every VC context aliases ``@id``/``@type`` as ``id``/``type``, so ``{"@id": ...}`` has
    the graph of ``{"id": ...}`` and an RDFC proof still verified; ``result.read()`` then read
    the subject's id as None: a credential about a named learner read as a bearer
    credential. ``@type`` stays accepted in value objects."""
    signed = sign(credential())
    forged = copy.deepcopy(signed)
    target = forged
    for step in node:
        target = target[step]
    target["@" + key] = target.pop(key)
    assert same_graph(forged, signed)
    result = verify(forged)
    assert not result.verified
    assert result.check("safe-mode").code == "keyword-not-supported"
    # a typed value object is read as JSON-LD says (and verifies when signed so)
    doc = credential()
    doc["credentialSubject"]["achievement"]["description"] = {
        "@value": "Reads charts.", "@type": "http://www.w3.org/2001/XMLSchema#string"}
    assert verify(sign(doc)).check("safe-mode").ok


# -- properties ----------------------------------------------------------------------------------

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                     st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12))
_KEYS = st.one_of(st.sampled_from(["@context", "@id", "@type", "@value", "@included", "@graph",
                                   "@nest", "@reverse", "proof", "type", "id", "issuer",
                                   "credentialSubject", "credentialStatus", "validFrom",
                                   "validUntil", "endorsement", "https://x.example/k"]),
                  st.text(max_size=8))
_JSONISH = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)), max_leaves=25)


def _signed_pair() -> tuple[dict[str, Any], dict[str, Any]]:
    doc = credential(credentialStatus=sl.status_list_entry(status_list_credential=LIST_URL,
                                                           index=7),
                     validUntil="2030-01-01T00:00:00Z")
    doc["credentialSubject"]["achievement"]["tag"] = ["a", "b"]
    return sign(doc), sign(doc, "eddsa-jcs-2022")


RDFC_SIGNED, JCS_SIGNED = _signed_pair()


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for k, v in items:
        out.append((*path, k))
        out.extend(_paths(v, (*path, k)))
    return out


def _replace(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    node: Any = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junk=_JSONISH, where=st.integers(0, 10**6), as_text=st.booleans())
def test_verify_never_raises_and_junk_never_verifies(junk: Any, where: int,
                                                     as_text: bool) -> None:
    """verify() answers every JSON-ish input (at the top, or grafted anywhere into a signed
    credential) with a result, never an exception or an internal-error check; junk at the
    top never verifies."""
    for doc in (junk, _replace(RDFC_SIGNED, _paths(RDFC_SIGNED)[where % len(
            _paths(RDFC_SIGNED))], junk)):
        try:
            given_doc: Any = json.dumps(doc) if as_text else doc
        except ValueError:
            given_doc = doc
        result = verify(given_doc, require_status=False)
        assert all(c.code != "internal-error" for c in result.checks), result.summary()
        if doc is junk:
            assert not result.verified


def _differs_as_jcs(a: Any, b: Any) -> bool:
    try:
        return bool(mc.jsonld.jcs(a) != mc.jsonld.jcs(b))
    except Exception:
        return True


@settings(max_examples=120, deadline=None)
@given(where=st.integers(0, 10**6), value=_SCALARS)
def test_jcs_any_changed_value_breaks_the_signature(where: int, value: Any) -> None:
    """A JCS proof signs the JSON: replacing any member's value (the proof's own included) by
    another value verifies only if the JCS form did not change."""
    paths = _paths(JCS_SIGNED)
    path = paths[where % len(paths)]
    forged = _replace(JCS_SIGNED, path, value)
    assume(_differs_as_jcs(forged, JCS_SIGNED))
    assert not verify(forged, require_status=False).verified


_RESPELLINGS = {
    "value object": lambda v, rnd: {"@value": v} if isinstance(v, (str, int, float)) else None,
    "typed value": lambda v, rnd: {"@value": v, "@type": rnd.choice([
        "http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/2001/XMLSchema#dateTime",
        "http://www.w3.org/2001/XMLSchema#float"])} if isinstance(v, str) else None,
    "in a list": lambda v, rnd: [v] if not isinstance(v, list) else None,
    "repeated": lambda v, rnd: [v, copy.deepcopy(v)] if not isinstance(v, list) else v + v,
    "reversed": lambda v, rnd: v[::-1] if isinstance(v, list) and len(v) > 1 else None,
    "unwrapped": lambda v, rnd: v[0] if isinstance(v, list) and len(v) == 1 else None,
    "node reference": lambda v, rnd: {"id": v} if isinstance(v, str) and ":" in v else None,
    "to reference": lambda v, rnd: v["id"] if isinstance(v, dict) and set(v) == {"id"}
    else None,
    "number as text": lambda v, rnd: str(v) if isinstance(v, (int, float))
    and not isinstance(v, bool) else None,
    "text as number": lambda v, rnd: int(v) if isinstance(v, str) and v.isdigit() else None,
    "@graph": lambda v, rnd: {"@graph": [v]} if isinstance(v, dict) else None,
}


def _read_back(doc: dict[str, Any]) -> Any:
    """What a caller reads: the typed OB 3.0 model, with set-valued lists as sets."""
    def norm(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return sorted({json.dumps(norm(i), sort_keys=True) for i in x})
        return x

    model = ob3.read_credential({k: v for k, v in doc.items() if k != "proof"}).credential
    return norm(model.model_dump(mode="json", exclude_none=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(sorted(_RESPELLINGS)),
                                st.randoms(use_true_random=False)), min_size=1, max_size=3))
def test_rdfc_verified_means_the_reader_reads_what_was_signed(edits: Any) -> None:
    """An RDFC proof signs the graph, so every JSON-LD spelling of it verifies. Whatever
    verifies must read (``result.read()``: the typed OB 3.0 model) as the signed credential,
    up to the order and repetition of set values, or refuse to be read; the status checker
    and the validity and issuer checks must read the same values too."""
    forged = RDFC_SIGNED
    for where, how, rnd in edits:
        paths = [p for p in _paths(forged) if p[0] not in ("proof", "@context")]
        path = paths[where % len(paths)]
        node: Any = forged
        for step in path:
            node = node[step]
        value = _RESPELLINGS[how](copy.deepcopy(node), rnd)
        if value is not None:
            forged = _replace(forged, path, value)
    assume(forged != RDFC_SIGNED)
    result = verify(forged, require_status=False)
    if not result.verified:
        return
    try:
        read = _read_back(result.document)
    except mc.MicrocredError:
        return  # (a reader that refuses reads nothing false)
    assert read == _read_back(RDFC_SIGNED)
    for key in ("issuer", "validFrom", "validUntil", "credentialStatus"):
        assert json.dumps(forged.get(key), sort_keys=True) == json.dumps(
            RDFC_SIGNED.get(key), sort_keys=True) or (key == "issuer" and \
            forged["issuer"].get("id") == RDFC_SIGNED["issuer"]["id"])
