"""Differential mutation test: microcred's verifier against the Digital Bazaar reference stack.

A seeded set of signed credentials — distinct, varied documents of the benchmark corpus
(``benchmarks/corpus.py``: OB 3.0.1/3.0.2/3.0.3, Japanese text, alignments, results,
endorsements) and the unsigned documents of the W3C and 1EdTech vectors in ``tests/vectors`` —
is signed with eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019 and ecdsa-jcs-2019 (P-256).
Each is mutated:

* semantically after signing (a value changed, a property added or removed, an undefined term,
  an array reversed, ``@context`` reordered or changed, types changed, the proof moved or
  duplicated, each proof field altered, removed or added, the issuer's id form changed);
* lexically after signing, on the JSON text (number forms ``1``/``1.0``/``1e0``, Unicode
  escapes, NFC/NFD, key order, whitespace, duplicate keys, escaped slashes, a BOM);
* before signing (then signed by microcred): the forms an issuer may legitimately choose (issuer
  as a string, type as a string, context order, numbers, Unicode) and ones it may not.

Both verifiers run on every mutant — microcred in this process, the reference in one Node
process for the whole batch (``tests/interop/mutate.mjs``, started first so both run at once) —
and each mutant is classified:

* both verified: what each reads must be the same — microcred's RDFC-1.0 N-Quads and JCS of
  ``result.document`` (without its proof) against jsonld.js ``canonize`` and ``canonicalize``
  of what ``JSON.parse`` gave the reference, and the issuer id;
* both refused: fine;
* microcred refuses, the reference accepts: every failed required check must be in
  :data:`STRICTER`, a documented microcred rule (or a consequence of one, :data:`FOLLOWS`);
* microcred accepts, the reference refuses: a bug, unless listed in :data:`LOOSER` with the
  reason the reference is wrong (empty today).

Every :data:`STRICTER` rule and :data:`LOOSER` entry must be met at least once, so one that
stops firing is noticed; and what microcred reads by member name (issuer, validity dates,
subject ids) must be triples of the credential node in the reference's graph.
Deterministic (fixed seeds, fixed ``created``, deterministic ECDSA). Skips with the reason when
Node.js or the npm packages (``npm ci`` in tests/interop) are absent.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import microcred as mc
from _node import INTEROP, NODE, missing
from microcred import jsonld

pytestmark = pytest.mark.interop

ROOT = Path(__file__).resolve().parent.parent
VECTORS = Path(__file__).resolve().parent / "vectors"
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

SEED = 20261207
NOW_TEXT = corpus.VERIFY_NOW
NOW = datetime.fromisoformat(NOW_TEXT.replace("Z", "+00:00"))
SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019")
#: corpus documents per suite (distinct documents for each suite)
N_CORPUS = 6
#: each mutation operator runs on one base credential in SAMPLE of each suite (3: ~4,000
#: mutants, ~45 s; MICROCRED_MUTATION_SAMPLE=1 runs every operator on every base, ~11,800)
SAMPLE = int(os.environ.get("MICROCRED_MUTATION_SAMPLE", "3"))
#: ... but these on every base (the rule each meets is met on a few bases only)
ALWAYS = frozenset({"rdf-top-keyword-id", "pre-dm-context-vc-only"})
P256 = mc.EcdsaKey.from_secret_bytes(
    hashlib.sha256(b"microcred mutation interop P-256").digest(), curve="P-256")
P256_OTHER = mc.EcdsaKey.from_secret_bytes(
    hashlib.sha256(b"microcred mutation interop P-256 other").digest(), curve="P-256")
#: the key the vector documents are signed with, and a key that signed nothing
VECTOR_KEY = mc.Ed25519Key.from_seed(
    hashlib.sha256(b"microcred mutation interop vectors").digest())
OTHER = mc.Ed25519Key.from_seed(hashlib.sha256(b"microcred mutation interop other").digest())
Json = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """A documented microcred rule, and when it is the reason for a refusal."""

    rule: str
    applies: Callable[[Outcome], bool]


def _has_duplicate_key(item: Outcome) -> bool:
    if not isinstance(item.mutant, str):
        return False
    seen: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen.append(len({k for k, _ in items}) < len(items))
        return dict(items)

    try:
        json.loads(item.mutant, object_pairs_hook=pairs)
    except ValueError:
        return False
    return any(seen)


def _contexts(item: Outcome) -> list[Any]:
    doc = _parsed(item.mutant)
    ctx = doc.get("@context", []) if isinstance(doc, dict) else []
    return ctx if isinstance(ctx, list) else [ctx]


def _numbers(node: Any) -> Iterator[int | float]:
    if isinstance(node, dict):
        for v in node.values():
            yield from _numbers(v)
    elif isinstance(node, list):
        for v in node:
            yield from _numbers(v)
    elif isinstance(node, (int, float)) and not isinstance(node, bool):
        yield node


def _js_reads_as_integer(item: Outcome) -> bool:
    """The document has a non-integral number below 1e-6 in magnitude. jsonld.js decides
    "double or integer" by ``String(v).indexOf('.')`` (``lib/types.js`` ``isDouble``), and
    ``String(1e-7)`` is ``"1e-7"``: it writes such a number as the xsd:integer ``"0"``
    (``toFixed(0)``). JSON-LD 1.1 Processing Algorithms, Object to RDF Conversion, makes a
    number "with a non-zero fractional part" an xsd:double (``"1.0E-7"``, the canonical form
    of §8.6 Data Round Tripping), which microcred writes. So the reference refuses such a
    credential signed to the specification, and reads its RDF differently."""
    return any(v != int(v) and abs(v) < 1e-6 for v in _numbers(_parsed(item.mutant))
               if isinstance(v, float))


def _parsed(mutant: Any) -> Any:
    if not isinstance(mutant, str):
        return mutant
    try:
        return json.loads(mutant)
    except ValueError:
        return None


def _members(node: Any, key: str) -> Iterator[Any]:
    """Every value of a member named ``key`` anywhere in ``node``."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _members(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _members(v, key)


_DATE_TIME_STAMP = re.compile(
    r"(?!0000)\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)")


def _bad_date(item: Outcome) -> bool:
    """A validity date that is not an XML Schema dateTimeStamp of years 0001-9999."""
    doc = _parsed(item.mutant)
    return isinstance(doc, dict) and any(
        k in doc and not (isinstance(doc[k], str) and _DATE_TIME_STAMP.fullmatch(doc[k]))
        for k in ("validFrom", "validUntil", "issuanceDate", "expirationDate"))


def _proofs(item: Outcome) -> list[Any]:
    doc = _parsed(item.mutant)
    proofs = doc.get("proof", []) if isinstance(doc, dict) else []
    return [p for p in (proofs if isinstance(proofs, list) else [proofs]) if isinstance(p, dict)]


def _proof_times(item: Outcome, key: str) -> list[datetime]:
    out = []
    for proof in _proofs(item):
        try:
            out.append(datetime.fromisoformat(str(proof[key]).replace("Z", "+00:00")))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _has_proto_key(item: Outcome) -> bool:
    """The document has a member named ``__proto__``. JSON.parse keeps it as an own property,
    but jsonld.js expansion drops it silently, even in safe mode (``expand`` assigns to an
    ordinary object, where ``__proto__`` sets the prototype). JSON-LD 1.1 Expansion expands
    every member of a node object; here ``__proto__`` is an ordinary term (mapped by the
    undefined-terms @vocab), so pyld and microcred write its triples. The reference refuses
    an RDFC credential signed so, and reads a JCS-signed one's RDF without them (and would
    accept any value there in a credential it signed: the member is not signed for it)."""
    return any(True for _ in _members(_parsed(item.mutant), "__proto__"))


JCS_SUITES = frozenset({"eddsa-jcs-2022", "ecdsa-jcs-2019"})
VC1 = "https://www.w3.org/2018/credentials/v1"
def _keys(node: Any) -> Iterator[str]:
    """Every member name in ``node``, outside ``@context`` values."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            if k != "@context":
                yield from _keys(v)
    elif isinstance(node, list):
        for v in node:
            yield from _keys(v)


def _odd_keyword(item: Outcome) -> bool:
    """A member named by a keyword other than those of a plain document or a value object."""
    def walk(node: Any) -> Iterator[bool]:
        if isinstance(node, dict):
            value_object = "@value" in node
            for k, v in node.items():
                yield k.startswith("@") and k not in (
                    "@context", "@value", "@language", "@direction", "@graph") and not (
                    k == "@type" and value_object)
                if k != "@context":
                    yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)
    return any(walk(_parsed(item.mutant)))


def _text_value_ok(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(_text_value_ok(v) for v in value)
    return isinstance(value, str) or (isinstance(value, dict) and "@value" in value)


_NAMES = Rule(
    "VC 2.0 §4.6: name and description MUST be strings or language value objects (a null, an "
    "object without @value); the reference does not check them",
    lambda o: any(not _text_value_ok(v) for key in ("name", "description")
                  for v in _members(_parsed(o.mutant), key)))


def _typed_member_bad(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return not items or any(not isinstance(i, dict) or "type" not in i for i in items) or any(
        "id" not in i for i in items if isinstance(i, dict) and "@id" in i)


_TYPED_MEMBERS = Rule(
    "VC 2.0 §4.11, §5.4-5.6 (_di/datamodel.py typed members): credentialSchema, "
    "refreshService, termsOfUse and evidence are one or more objects with a type member "
    "(credentialSchema an id too), read by name: an empty list, a null or @id/@type "
    "spellings are refused although the RDF graph is the same",
    lambda o: any(_typed_member_bad(v) for key in ("credentialSchema", "refreshService",
                                                    "termsOfUse", "evidence")
                  for v in _members(_parsed(o.mutant), key)))
_OB_CONTEXT = Rule(
    "OB 3.0 / CLR 2.0: an OpenBadgeCredential's (ClrCredential's) @context includes the OB "
    "(CLR) context (docs/signing.md, contexts codes); VC 2.0's @vocab lets the reference read "
    "their terms as issuer-dependent ones",
    lambda o: not any("/spec/ob/" in str(c) or "/spec/clr/" in str(c) for c in _contexts(o)))
#: (check id, code) -> the microcred rule that makes it stricter than the reference there.
#: ``proof.*`` stands for any proof index. A microcred refusal the reference accepts must have
#: every failed required check here (or in FOLLOWS), each with its rule applying.
STRICTER: dict[tuple[str, str], Rule] = {
    ("input", "invalid-json"): Rule(
        "docs/jsonld.md 'Strict JSON': duplicate object keys are refused, not guessed (RFC 8259 "
        "§4: names SHOULD be unique, behaviour otherwise unpredictable; JSON.parse keeps the "
        "last)", _has_duplicate_key),
    ("contexts", "inline-context-not-allowed"): Rule(
        "docs/signing.md 'Contexts: known ones only': an unregistered inline @context is "
        "refused before JSON-LD processing (issue 11 F2)",
        lambda o: any(isinstance(c, dict) for c in _contexts(o))),
    ("proof.*.signature", "signature-invalid"): Rule(
        "docs/signing.md 'Proof sets and chains': by default (proof_policy='all') every known "
        "proof must pass; jsonld-signatures accepts when one does (ProofSet.verify: "
        "results.some)", lambda o: o.passed_proofs > 0),
    ("proof.*.verification-method", "wrong-key-type"): Rule(
        "as signature-invalid: proof_policy='all' (an Ed25519 key named by an ECDSA proof)",
        lambda o: o.passed_proofs > 0),
    ("proof.*.signature", "malformed-proof-value"): Rule(
        "vc-di-eddsa §3 / vc-di-ecdsa §3: proofValue is the signature encoded base58-btc with "
        "the multibase header 'z'; data-integrity's verifySignature also takes base64url "
        "('u')", lambda o: any(str(p.get("proofValue", "")).startswith("u")
                               for p in _proofs(o))),
    ("proof.*.signature", "proof-config-invalid"): Rule(
        "vc-di-eddsa / vc-di-ecdsa 'Proof Configuration': the proof configuration takes the "
        "document's @context, and undefined terms are an error (VC Data Integrity, safe mode); "
        "a VC 1.1 document without the Data Integrity context leaves 'created' undefined. "
        "@digitalbazaar/data-integrity adds the suite context itself (canonizeProof → "
        "ensureSuiteContext)",
        lambda o: bool(_contexts(o)) and _contexts(o)[0] == VC1 and DI2 not in _contexts(o)),
    ("safe-mode", "safe-mode-violation"): Rule(
        "docs/signing.md: safe mode runs for every cryptosuite, JCS ones included (what is "
        "read must mean what is signed as JSON-LD reads it); the reference's JCS suites do "
        "not process JSON-LD", lambda o: o.suite in JCS_SUITES),
    ("contexts", "missing-ob-context"): _OB_CONTEXT,
    ("contexts", "missing-clr-context"): _OB_CONTEXT,
    ("data-model", "id-not-url"): Rule(
        "VC 2.0 §4.4: an id MUST be a URL (docs/signing.md data-model stage)",
        lambda o: any(isinstance(v, str) and ":" not in v for v in _members(_parsed(o.mutant),
                                                                          "id"))),
    ("data-model", "name-invalid"): _NAMES,
    ("data-model", "description-invalid"): _NAMES,
    ("data-model", "evidence-empty"): _TYPED_MEMBERS,
    ("data-model", "terms-of-use-empty"): _TYPED_MEMBERS,
    ("data-model", "refresh-service-not-object"): _TYPED_MEMBERS,
    ("data-model", "credential-schema-missing-id"): _TYPED_MEMBERS,
    ("data-model", "credential-schema-missing-type"): _TYPED_MEMBERS,
    ("safe-mode", "keyword-not-supported"): Rule(
        "docs/signing.md 'Contexts': members named by JSON-LD keywords verifiable credentials "
        "do not use (@included, @reverse, @nest, and @id / @type outside value objects, which "
        "every VC context aliases as id / type) are refused: they move signed values where "
        "JSON readers do not look", _odd_keyword),
    ("safe-mode", "aliased-term"): Rule(
        "docs/signing.md 'Contexts': the aliased-term rule — a member the validity, status or "
        "issuer checks read, spelt so that they would not see it (a keyword such as @id, a "
        "full IRI), is refused; the graph is the same for the reference, whose vc.js then "
        "does not see validFrom either",
        lambda o: any(k in ("@id", "@type") or ":" in k for k in _keys(_parsed(o.mutant)))),
    ("data-model", "credential-subject-empty"): Rule(
        "VC 2.0 §4.8: credentialSubject holds one or more claims; vc.js accepts []",
        lambda o: _parsed(o.mutant).get("credentialSubject") in ([], {})),
    ("data-model", "invalid-datetime"): Rule(
        "VC 2.0 §4.9: validFrom/validUntil MUST be an XML Schema dateTimeStamp", _bad_date),
    ("validity", "invalid-datetime"): Rule(
        "a validity date must name an instant: an XML Schema dateTime with a time zone, "
        "years 0001-9999 (_verify/_base.parse_datetime(require_tz=True); VC 1.1 "
        "issuanceDate included); vc.js's date regex allows no zone and year 0000", _bad_date),
    ("proof.*.created", "proof-created-in-future"): Rule(
        "docs/signing.md 'Decisions': a proof created after now + clock skew fails; "
        "data-integrity does not compare created with now",
        lambda o: any(t > NOW for t in _proof_times(o, "created"))),
    ("proof.*.created", "proof-expired"): Rule(
        "VC Data Integrity 1.0 'expires': the proof is not valid after it (docs/signing.md "
        "proof.N.created codes); data-integrity checks only its form",
        lambda o: any(t < NOW for t in _proof_times(o, "expires"))),
    ("endorsements", "endorsement-invalid"): Rule(
        "docs/status-baking-jwt.md 'Endorsements' and OB 3.0 verification step 6: embedded "
        "endorsements are verified (verify_endorsements=True); vc.verifyCredential does not "
        "look at them", lambda o: "endorsement" in json.dumps(_parsed(o.mutant))),
}
#: failures that follow from a STRICTER failure of the same document (never alone).
FOLLOWS = frozenset({("proof-set", "no-valid-proof")})
#: microcred accepts (or reads the RDF differently) where the reference refuses, and why: a
#: reference bug (with the specification it breaks) or a documented microcred decision.
LOOSER: dict[str, Rule] = {
    "jsonld.js isDouble": Rule(_js_reads_as_integer.__doc__ or "", _js_reads_as_integer),
    "jsonld.js __proto__": Rule(_has_proto_key.__doc__ or "", _has_proto_key),
    "bare did:key verification method": Rule(
        "not a reference bug but a documented microcred decision (DidKeyResolver: 'a bare "
        "did:key:z6Mk… (no fragment) is accepted too, as the 1EdTech validator does'); a did:key "
        "names exactly one key, so the issuer binding is the same. Controlled Identifiers "
        "'Retrieve Verification Method' dereferences the fragment and errors when the result "
        "is no verification method, which is what data-integrity does",
        lambda o: any(str(p.get("verificationMethod", "")).startswith("did:key:")
                      and "#" not in str(p.get("verificationMethod", "")) for p in _proofs(o))),
}


# -- the base credentials ------------------------------------------------------------------------


@dataclass
class Base:
    """One signed credential and the unsigned document it came from."""

    name: str
    suite: str
    unsigned: Json
    signer: Any
    created: str
    signed: Json = field(default_factory=dict)

    def sign(self, doc: Json, **options: Any) -> Json:
        options.setdefault("created", self.created)
        return mc.sign(doc, self.signer, cryptosuite=self.suite, **options)


def _with_issuer(doc: Json, did: str) -> Json:
    out = deepcopy(doc)
    if isinstance(out.get("issuer"), dict):
        out["issuer"]["id"] = did
        out["issuer"].pop("endorsement", None)  # (about the issuer it had)
    else:
        out["issuer"] = did
    return out


def _vector_documents() -> Iterator[tuple[str, Json]]:
    """Unsigned documents of the W3C / 1EdTech vectors whose contexts are all bundled."""
    ref = VECTORS / "reference"
    paths = [ref / "1edtech-openbadges-specification/impl-test-vectors/obv3p0/"
                   "unsigned-credential.json",
             ref / "1edtech-openbadges-specification/impl-test-vectors/clrv2p0/"
                   "unsigned-credential.json",
             *sorted((ref / "1edtech-openbadges-specification/examples").glob("*.json"))]
    known = set(jsonld.default_loader())
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for member in ("proof", "credentialStatus", "refreshService", "validUntil",
                       "expirationDate"):
            doc.pop(member, None)
        if all(isinstance(c, str) and c in known for c in doc.get("@context", [])):
            yield f"{path.parent.name}-{path.stem}", doc


@functools.cache
def _bases() -> list[Base]:
    rng = random.Random(SEED)
    rows = corpus.keys()
    keys = {r["k"]: r for r in rows}
    picks = rng.sample(range(corpus.N_DOCS), N_CORPUS * len(SUITES))
    vectors = list(_vector_documents())
    out: list[Base] = []
    for s, suite in enumerate(SUITES):
        for i in picks[s * N_CORPUS:(s + 1) * N_CORPUS]:
            entry = corpus.document(i)
            if suite.startswith("ecdsa"):
                signer: Any = P256.signer()
                doc = _with_issuer(entry["document"], P256.did)
            else:
                key = mc.Ed25519Key.from_seed(bytes.fromhex(keys[entry["key"]]["seed"]))
                signer, doc = key.signer(), entry["document"]
            out.append(Base(f"corpus-{i}", suite, doc, signer, entry["created"]))
        for name, vdoc in vectors:
            key: mc.EcdsaKey | mc.Ed25519Key = P256 if suite.startswith("ecdsa") else VECTOR_KEY
            out.append(Base(f"vector-{name}", suite, _with_issuer(vdoc, key.did), key.signer(),
                            "2024-06-01T00:00:00Z"))
    kept = []
    for base in out:
        try:
            base.signed = base.sign(base.unsigned)
        except mc.MicrocredError:
            continue  # (a vector microcred will not sign as it stands: not a base)
        kept.append(base)
    return kept


# -- where to mutate -----------------------------------------------------------------------------

Path_ = tuple[str | int, ...]


def _walk(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """(path, value) of every value below the document, outside ``@context`` and the proof."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "@context" or (path == () and k == "proof"):
                continue
            yield (*path, k), v
            yield from _walk(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*path, i), v
            yield from _walk(v, (*path, i))


def _get(doc: Any, path: Path_) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _pick(rng: random.Random, doc: Json, test: Callable[[Path_, Any], bool]
          ) -> tuple[Path_, Any] | None:
    found = [(p, v) for p, v in _walk(doc) if test(p, v)]
    return rng.choice(found) if found else None


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + ("y" if value.endswith("x") else "x") if value else "x"
    return value


def _other_ob(url: str) -> str:
    for a, b in (("3.0.3", "3.0.2"), ("3.0.2", "3.0.1"), ("3.0.1", "3.0.3")):
        if a in url:
            return url.replace(a, b)
    return url


def _issuer_id(doc: Json) -> Any:
    issuer = doc.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


# -- semantic mutants of the signed credential ---------------------------------------------------

Mutants = list[tuple[str, Any]]
DI2 = "https://w3id.org/security/data-integrity/v2"
UNDEFINED_TERMS = "https://www.w3.org/ns/credentials/undefined-terms/v2"
SIBLING = {"eddsa-rdfc-2022": "eddsa-jcs-2022", "eddsa-jcs-2022": "eddsa-rdfc-2022",
           "ecdsa-rdfc-2019": "ecdsa-jcs-2019", "ecdsa-jcs-2019": "ecdsa-rdfc-2019"}


def _semantic(signed: Json, rng: random.Random) -> Mutants:
    out: Mutants = []

    def mutant(name: str, change: Callable[[Json], Any]) -> None:
        doc = deepcopy(signed)
        change(doc)
        out.append((name, doc))

    def at(test: Callable[[Path_, Any], bool], name: str,
           change: Callable[[Any, Path_, Any], None]) -> None:
        got = _pick(rng, signed, test)
        if got is not None:
            path, value = got
            mutant(name, lambda d: change(_get(d, path[:-1]), path, value))

    def set_last(parent: Any, path: Path_, value: Any) -> None:
        parent[path[-1]] = _changed(value)

    at(lambda p, v: isinstance(v, str) and p[-1] != "id", "value-string", set_last)
    at(lambda p, v: isinstance(v, str) and p[-1] == "id", "value-id", set_last)
    at(lambda p, v: isinstance(v, (int, float)) and not isinstance(v, bool), "value-number",
       set_last)
    at(lambda p, v: p[-1] in ("validFrom", "issuanceDate", "validUntil", "expirationDate"),
       "value-date", lambda parent, p, v: parent.__setitem__(p[-1], "2024-12-31T00:00:00Z"))
    at(lambda p, v: isinstance(v, dict), "add-property",
       lambda parent, p, v: parent[p[-1]].__setitem__(
           "description" if "name" in v else "name", "Injected 追加"))
    at(lambda p, v: isinstance(p[-1], str), "remove-property",
       lambda parent, p, v: parent.pop(p[-1]))
    at(lambda p, v: isinstance(v, dict), "undefined-term",
       lambda parent, p, v: parent[p[-1]].__setitem__("undefinedTerm", "x"))
    at(lambda p, v: isinstance(v, list) and len(v) > 1 and v != v[::-1], "array-reverse",
       lambda parent, p, v: parent.__setitem__(p[-1], v[::-1]))
    at(lambda p, v: p[-1] == "type" and isinstance(v, list) and len(v) == 1, "type-string",
       lambda parent, p, v: parent.__setitem__("type", v[0]))
    at(lambda p, v: p[-1] == "type" and isinstance(v, list), "type-add",
       lambda parent, p, v: parent.__setitem__("type", [*v, "Achievement"]))
    mutant("iri-key", lambda d: d.__setitem__("https://schema.org/name", "Forged"))
    mutant("keyword-included", lambda d: d.__setitem__("@included", [{"id": "urn:x:1"}]))
    mutant("type-drop-vc", lambda d: d.__setitem__(
        "type", [t for t in d["type"] if t != "VerifiableCredential"]))
    mutant("type-swap", lambda d: d.__setitem__("type", [
        {"OpenBadgeCredential": "AchievementCredential",
         "AchievementCredential": "OpenBadgeCredential"}.get(t, t) for t in d["type"]]))
    # @context
    ctx = signed["@context"]
    mutant("context-reverse", lambda d: d.__setitem__("@context", ctx[::-1]))
    mutant("context-tail-reverse", lambda d: d.__setitem__("@context", ctx[:1] + ctx[:0:-1]))
    mutant("context-drop-last", lambda d: d.__setitem__("@context", ctx[:-1]))
    mutant("context-duplicate", lambda d: d.__setitem__("@context", [*ctx, ctx[-1]]))
    mutant("context-other-ob", lambda d: d.__setitem__("@context", [_other_ob(c) for c in ctx]))
    if DI2 not in ctx:
        mutant("context-add-di", lambda d: d.__setitem__("@context", [*ctx, DI2]))
    mutant("context-undefined-terms", lambda d: d.__setitem__("@context", [*ctx, UNDEFINED_TERMS]))
    mutant("context-inline", lambda d: d.__setitem__(
        "@context", [*ctx, {"nick": "https://schema.org/alternateName"}]))
    # the proof, moved or joined
    proof = signed["proof"]
    mutant("proof-array", lambda d: d.__setitem__("proof", [proof]))
    mutant("proof-twice", lambda d: d.__setitem__("proof", [proof, proof]))
    mutant("proof-in-subject",
           lambda d: d["credentialSubject"].__setitem__("proof", d.pop("proof")))
    mutant("proof-missing", lambda d: d.pop("proof"))
    mutant("proof-plus-bad", lambda d: d.__setitem__("proof", [
        proof, dict(proof, proofValue=proof["proofValue"][:-2] + "11")]))
    mutant("proof-plus-unknown-type", lambda d: d.__setitem__("proof", [
        proof, {"type": "UnknownProof2099", "proofPurpose": "assertionMethod",
                "verificationMethod": proof["verificationMethod"], "proofValue": "zabc"}]))
    mutant("proof-plus-other-key", lambda d: d.__setitem__("proof", [
        proof, dict(proof, verificationMethod=OTHER.did_verification_method)]))
    # each proof field
    alter: dict[str, list[Any]] = {
        "type": ["Ed25519Signature2020", "dataIntegrityProof"],
        "cryptosuite": [SIBLING.get(proof.get("cryptosuite", ""), "eddsa-2022"),
                        "eddsa-rdf-2022"],
        "created": ["2099-01-01T00:00:00Z", "not a date",
                    str(proof.get("created", "")).replace("Z", ".000Z")],
        "verificationMethod": [OTHER.did_verification_method,
                               str(proof.get("verificationMethod", "")).split("#")[0],
                               str(proof.get("verificationMethod", "")) + "x"],
        "proofPurpose": ["authentication", "capabilityInvocation"],
        "proofValue": [str(proof.get("proofValue", ""))[:-1] + "1",
                       "u" + str(proof.get("proofValue", ""))[1:], "z"],
    }
    for key in proof:
        mutant(f"proof-drop-{key}", lambda d, k=key: d["proof"].pop(k))
        for j, new in enumerate(alter.get(key, [])):
            mutant(f"proof-alter-{key}-{j}", lambda d, k=key, n=new: d["proof"].__setitem__(k, n))
    for key, value in (("foo", "bar"), ("expires", "2020-01-01T00:00:00Z"),
                       ("expires", "2099-01-01T00:00:00Z"), ("id", "urn:uuid:proof-1"),
                       ("domain", "example.org"), ("challenge", "abc"), ("nonce", "n1"),
                       ("previousProof", "urn:uuid:none"), ("@context", ctx)):
        mutant(f"proof-add-{key}" + ("-future" if value == "2099-01-01T00:00:00Z" else ""),
               lambda d, k=key, v=value: d["proof"].__setitem__(k, v))
    # the issuer's id form
    issuer = signed.get("issuer")
    iid = _issuer_id(signed)
    if isinstance(issuer, dict):
        mutant("issuer-string", lambda d: d.__setitem__("issuer", iid))
    else:
        mutant("issuer-object", lambda d: d.__setitem__("issuer", {"id": iid}))
    mutant("issuer-other-did", lambda d: d.update(_with_issuer(d, OTHER.did)))
    mutant("issuer-vm", lambda d: d.update(_with_issuer(d, proof["verificationMethod"])))
    mutant("issuer-upper", lambda d: d.update(_with_issuer(d, str(iid).replace("did:key:",
                                                                              "DID:KEY:"))))
    return out


# -- JSON rewrites that keep the RDF graph (an RDFC proof still holds) ------------------------


_READ_AS_IRI = ("id", "type", "resultDescription", "targetUrl", "url", "image", "@context")


def _graph_invariant(signed: Json, rng: random.Random) -> Mutants:
    """Rewrites of the signed JSON that JSON-LD reads as the same graph (an RDFC proof still
    verifies): what microcred's JSON readers see must still be what the proof signs."""
    out: Mutants = []

    def mutant(name: str, test: Callable[[Path_, Any], bool],
               change: Callable[[Any, str | int, Any], None]) -> None:
        got = _pick(rng, signed, test)
        if got is not None:
            doc = deepcopy(signed)
            path, value = got
            change(_get(doc, path[:-1]), path[-1], value)
            out.append((name, doc))

    def plain_string(p: Path_, v: Any) -> bool:
        return isinstance(v, str) and isinstance(p[-1], str) and p[-1] not in _READ_AS_IRI

    mutant("rdf-value-object", plain_string,
           lambda parent, k, v: parent.__setitem__(k, {"@value": v}))
    mutant("rdf-singleton-array", lambda p, v: isinstance(p[-1], str) and p[-1] != "@context"
           and isinstance(v, (str, int, float)),
           lambda parent, k, v: parent.__setitem__(k, [v]))
    mutant("rdf-duplicate-value", lambda p, v: isinstance(v, list) and bool(v),
           lambda parent, k, v: parent.__setitem__(k, [*v, v[0]]))
    for key in ("id", "type"):
        mutant(f"rdf-keyword-{key}", lambda p, v, k=key: isinstance(v, dict) and k in v,
               lambda parent, k, v, key=key: parent.__setitem__(k, {
                   ("@" + key if m == key else m): x for m, x in v.items()}))
    mutant("rdf-null-member", lambda p, v: isinstance(v, dict),
           lambda parent, k, v: parent[k].__setitem__("description", None))
    mutant("rdf-empty-array", lambda p, v: isinstance(v, dict),
           lambda parent, k, v: parent[k].__setitem__("tag", []))
    mutant("rdf-number-as-string", lambda p, v: isinstance(v, int) and not isinstance(v, bool),
           lambda parent, k, v: parent.__setitem__(k, str(v)))
    for key in ("validFrom", "issuanceDate", "validUntil", "expirationDate"):
        if key in signed:
            doc = deepcopy(signed)
            doc[key] = {"@value": signed[key],
                        "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}
            out.append((f"rdf-date-value-object-{key}", doc))
    for key, value in (("validUntil", None), ("expirationDate", None),
                       ("credentialStatus", None), ("credentialStatus", []), ("evidence", []),
                       ("termsOfUse", []), ("refreshService", None)):
        if key not in signed:
            out.append((f"rdf-top-{key}-{'null' if value is None else 'empty'}",
                        {**signed, key: value}))
    if isinstance(signed.get("issuer"), dict):
        out.append(("rdf-issuer-keyword-id", {**signed, "issuer": {
            ("@id" if k == "id" else k): v for k, v in signed["issuer"].items()}}))
    else:
        out.append(("rdf-issuer-object-keyword-id",
                    {**signed, "issuer": {"@id": signed["issuer"]}}))
    subject = signed.get("credentialSubject")
    if isinstance(subject, dict):
        out.append(("rdf-subject-list", {**signed, "credentialSubject": [subject]}))
    if "id" in signed:
        out.append(("rdf-top-keyword-id", {("@id" if k == "id" else k): v
                                          for k, v in signed.items()}))
    out.append(("rdf-top-keyword-type", {("@type" if k == "type" else k): v
                                        for k, v in signed.items()}))
    cred = "https://www.w3.org/2018/credentials#"
    for key in ("validFrom", "issuanceDate"):
        if key in signed:
            typed = {"@value": signed[key], "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}
            out.append((f"rdf-iri-key-{key}", {(cred + k if k == key else k):
                                               (typed if k == key else v)
                                               for k, v in signed.items()}))
    return out


# -- other encodings of the same signature -----------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
ED25519_L = 2**252 + 27742317777372353535851937790883648493


def _b58(data: bytes) -> str:
    n, out = int.from_bytes(data, "big"), ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "z" + "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _unb58(text: str) -> bytes:
    n = 0
    for c in text[1:]:
        n = n * 58 + _B58.index(c)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(text[1:]) - len(text[1:].lstrip("1"))) + body


def _der(r: int, s: int) -> bytes:
    def integer(v: int) -> bytes:
        b = v.to_bytes((v.bit_length() + 8) // 8, "big")
        return b"\x02" + bytes([len(b)]) + b
    body = integer(r) + integer(s)
    return b"\x30" + bytes([len(body)]) + body


def _signature_forms(signed: Json) -> Mutants:
    """The same signature written otherwise: base64url multibase, ECDSA's other S (n - s)
    and DER, Ed25519's S + L, one byte more or less."""
    proof = signed["proof"]
    sig = _unb58(proof["proofValue"])
    forms: list[tuple[str, str]] = [
        ("sig-base64url", "u" + base64.urlsafe_b64encode(sig).rstrip(b"=").decode()),
        ("sig-extra-byte", _b58(sig + b"\0")), ("sig-short", _b58(sig[:-1]))]
    if proof.get("cryptosuite", "").startswith("ecdsa"):
        r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
        forms += [("sig-ecdsa-other-s", _b58(sig[:32] + (P256_N - s).to_bytes(32, "big"))),
                  ("sig-ecdsa-der", _b58(_der(r, s)))]
    else:
        s_plus_l = int.from_bytes(sig[32:], "little") + ED25519_L
        if s_plus_l < 2**256:
            forms.append(("sig-ed25519-s-plus-l",
                          _b58(sig[:32] + s_plus_l.to_bytes(32, "little"))))
    return [(name, {**signed, "proof": {**proof, "proofValue": value}}) for name, value in forms]


# -- lexical mutants of the signed credential's JSON text ----------------------------------------

_NUMBER = re.compile(r'(?<=[:\[,])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=[,\]}])')
_KEY = re.compile(r'"([A-Za-z]\w*)":')


def _dumps(doc: Any, **kw: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, **kw)


def _shuffled(node: Any, rng: random.Random) -> Any:
    if isinstance(node, dict):
        keys = list(node)
        rng.shuffle(keys)
        return {k: _shuffled(node[k], rng) for k in keys}
    if isinstance(node, list):
        return [_shuffled(v, rng) for v in node]
    return node


def _number_forms(token: str) -> list[str]:
    """Other spellings of the same JSON number (equal values in Python and JavaScript)."""
    if re.fullmatch(r"-?\d+", token):
        return [f"{token}.0", f"{token}e0", f"{token}E+0", f"{token}0e-1", f"{token}.000"]
    mantissa, _, exp = token.lower().partition("e")
    if exp or "." not in mantissa:
        return [f"{float(token)!r}"]
    whole, frac = mantissa.split(".")
    return [f"{token}0", f"{whole}{frac}e-{len(frac)}", f"{mantissa}e0", f"{mantissa}E-0"]


def _lexical(signed: Json, rng: random.Random) -> Mutants:
    text = _dumps(signed, separators=(",", ":"))
    out: Mutants = [
        ("lex-compact", text),
        ("lex-pretty", _dumps(signed, indent=2)),
        ("lex-tabs-crlf", _dumps(signed, indent="\t").replace("\n", "\r\n")),
        ("lex-spaces", " \n" + _dumps(signed, separators=(" , ", " : ")) + "\n\t"),
        ("lex-key-order", _dumps(_shuffled(signed, rng))),
        ("lex-ascii-escapes", json.dumps(signed)),
        ("lex-escaped-slash", text.replace("/", "\\/")),
        ("lex-bom", "\ufeff" + text),
        ("lex-trailing-garbage", text + " x"),
        ("lex-trailing-comma", text[:-1] + ",}"),
    ]
    keys = [m for m in _KEY.finditer(text)]
    m = rng.choice(keys)
    out.append(("lex-escaped-key", text[:m.start(1)] + f"\\u{ord(m.group(1)[0]):04x}"
                + text[m.start(1) + 1:]))
    for key in ("@context", "proof", "type", "issuer"):
        quoted = f'"{key}":'
        if quoted in text:
            escaped = "".join(f"\\u{ord(c):04x}" if i == 0 else c for i, c in enumerate(key))
            out.append((f"lex-escaped-{key.strip('@')}-key",
                        text.replace(quoted, f'"{escaped}":', 1)))
    m = re.search(r'":"([A-Za-z])', text)
    if m:
        out.append(("lex-escaped-value", text[:m.start(1)] + f"\\u{ord(m.group(1)):04X}"
                    + text[m.end(1):]))
    # NFD of one string with a decomposable character (also what the whole text becomes)
    nfd = _pick(rng, signed, lambda p, v: isinstance(v, str)
                and unicodedata.normalize("NFD", v) != v)
    if nfd is not None:
        doc = deepcopy(signed)
        parent, path = _get(doc, nfd[0][:-1]), nfd[0]
        parent[path[-1]] = unicodedata.normalize("NFD", nfd[1])
        out.append(("lex-nfd-string", _dumps(doc, separators=(",", ":"))))
    out.append(("lex-lone-surrogate", text.replace('"name":"', '"name":"\\ud800', 1)))
    # duplicate keys: the forged value read first or last
    subject = text.index('"credentialSubject":{') + len('"credentialSubject":{')
    out += [
        ("lex-dup-key-forged-first", '{"issuer":"did:example:forged",' + text[1:]),
        ("lex-dup-key-forged-last", text[:-1] + ',"issuer":"did:example:forged"}'),
        ("lex-dup-key-same", text[:-1] + f',"id":{json.dumps(signed.get("id"))}}}'),
        ("lex-dup-key-nested", text[:subject] + '"id":"did:example:forged",' + text[subject:]),
    ]
    # number forms: every alternative spelling of up to three numbers
    tokens = list(_NUMBER.finditer(text))
    for m in rng.sample(tokens, min(3, len(tokens))):
        for j, form in enumerate(_number_forms(m.group())):
            out.append((f"lex-number-{j}", text[:m.start()] + form + text[m.end():]))
    return out


# -- mutants signed by microcred (what an issuer may write) --------------------------------------


def _presign(base: Base, rng: random.Random, keep: Callable[[str], bool]) -> Mutants:
    """Mutants of the unsigned document, each then signed by microcred (skipped when microcred
    refuses to sign it: a refusal to issue is not a verification); only those ``keep`` wants
    are made."""
    src = base.unsigned
    iid = _issuer_id(src)
    vm = base.signer.verification_method
    ctx = src["@context"]
    vc2 = ctx[0] == "https://www.w3.org/ns/credentials/v2"
    out: Mutants = []

    def mutant(name: str, change: Callable[[Json], Any], **options: Any) -> None:
        if not keep(name):
            return
        doc = deepcopy(src)
        change(doc)
        try:
            out.append((name, base.sign(doc, **options)))
        except mc.MicrocredError:
            out.append((name, None))

    def unchanged(doc: Json) -> None:
        pass

    lax = {"check_data_model": False}

    # what an issuer following the data model would not write (signed all the same)
    date_key = "validFrom" if vc2 else "issuanceDate"
    dates = (("date-only", "2024-01-01"), ("no-zone", "2024-01-01T00:00:00"),
             ("lower-case", "2024-01-01t00:00:00z"), ("fraction", "2024-01-01T00:00:00.5Z"),
             ("offset", "2024-01-01T09:00:00+09:00"), ("leap-second", "2016-12-31T23:59:60Z"),
             ("year-0", "0000-01-01T00:00:00Z"), ("not-a-date", "yesterday"),
             ("future", "2099-01-01T00:00:00Z"))
    for label, value in dates:
        mutant(f"pre-dm-{date_key}-{label}", lambda d, v=value: d.__setitem__(date_key, v), **lax)
    # the clock skew (microcred 5 minutes, vc.js maxClockSkew 300 s): just inside, just outside
    end_key = "validUntil" if vc2 else "expirationDate"
    for label, minutes in (("inside", 4), ("outside", 6)):
        past = (NOW - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
        future = (NOW + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
        mutant(f"pre-skew-ended-{label}", lambda d, v=past: d.__setitem__(end_key, v))
        mutant(f"pre-skew-starts-{label}", lambda d, v=future: d.__setitem__(date_key, v))
        mutant(f"pre-skew-proof-created-{label}", unchanged, created=future)
    mutant("pre-dm-valid-until-before-from", lambda d: d.update({
        "validFrom": "2024-06-01T00:00:00Z", "validUntil": "2024-01-01T00:00:00Z"}), **lax)
    mutant("pre-dm-no-date", lambda d: d.pop(date_key, None), **lax)
    mutant("pre-dm-vc1-date-in-vc2", lambda d: d.update({"issuanceDate": "2024-01-01T00:00:00Z"}),
           **lax)
    mutant("pre-dm-subject-empty", lambda d: d.__setitem__("credentialSubject", {}), **lax)
    mutant("pre-dm-subject-list-empty", lambda d: d.__setitem__("credentialSubject", []), **lax)
    mutant("pre-dm-subject-string", lambda d: d.__setitem__("credentialSubject", "did:ex:1"),
           **lax)
    mutant("pre-dm-no-subject", lambda d: d.pop("credentialSubject"), **lax)
    mutant("pre-dm-no-vc-type", lambda d: d.__setitem__(
        "type", [t for t in d["type"] if t != "VerifiableCredential"]), **lax)
    mutant("pre-dm-type-string", lambda d: d.__setitem__("type", "VerifiableCredential"), **lax)
    mutant("pre-dm-id-not-url", lambda d: d.__setitem__("id", "not a url"), **lax)
    mutant("pre-dm-issuer-not-url", lambda d: d.update(_with_issuer(d, "issuer-5")), **lax)
    mutant("pre-dm-issuer-no-id", lambda d: d.__setitem__("issuer", {"name": "Nobody"}), **lax)
    mutant("pre-dm-context-vc-only", lambda d: d.__setitem__("@context", ctx[:1]), **lax)
    mutant("pre-dm-context-not-first", lambda d: d.__setitem__("@context", ctx[::-1]), **lax)
    mutant("pre-dm-name-object", lambda d: d.__setitem__("name", {"en": "x"}), **lax)
    # the proof's own options
    mutant("pre-proof-created-future", unchanged, created="2099-01-01T00:00:00Z")
    mutant("pre-proof-created-offset", unchanged, created="2024-06-01T09:00:00+09:00")
    mutant("pre-proof-created-fraction", unchanged, created="2024-06-01T00:00:00.123Z")
    mutant("pre-proof-expired", unchanged, expires="2025-01-01T00:00:00Z")
    mutant("pre-proof-expires-future", unchanged, expires="2099-01-01T00:00:00Z")
    mutant("pre-proof-domain", unchanged, domain="example.org")
    mutant("pre-proof-challenge", unchanged, challenge="c-1")
    mutant("pre-proof-nonce", unchanged, nonce="n-1")
    mutant("pre-proof-id", unchanged, proof_id="urn:uuid:00000000-0000-4000-8000-0000000000aa")
    mutant("pre-proof-array", unchanged, proof_array=True)
    mutant("pre-proof-purpose-authentication", unchanged, proof_purpose="authentication")
    did = vm.split("#")[0]
    for label, other_vm in (("did-only", did), ("other-fragment", did + "#key-1"),
                            ("no-fragment-key", f"{did}#{did.split(':')[-1]}x")):
        if keep(f"pre-vm-{label}"):
            signer = type(base.signer)(base.signer.key, other_vm)
            out.append((f"pre-vm-{label}", mc.sign(src, signer, cryptosuite=base.suite,
                                                    created=base.created)))
    if keep("pre-proof-set-other-key"):
        other = OTHER.signer() if base.suite.startswith("eddsa") else P256_OTHER.signer()
        out.append(("pre-proof-set-other-key", mc.sign(base.signed, other,
                                                        cryptosuite=base.suite,
                                                        created=base.created)))
    if keep("pre-proof-chain"):
        first = base.sign(src, proof_id="urn:uuid:00000000-0000-4000-8000-0000000000bb")
        out.append(("pre-proof-chain", base.sign(
            first, previous_proof="urn:uuid:00000000-0000-4000-8000-0000000000bb")))
    # endorsements: one changed after its endorser signed it, then the whole signed again
    if "endorsement" in json.dumps(src):
        def tamper(d: Json) -> None:
            path, value = next((p, v) for p, v in _walk(d) if p[-1] == "endorsementComment")
            _get(d, path[:-1])[path[-1]] = value + " (changed)"
        mutant("pre-endorsement-tampered", tamper)
    mutant("pre-proto-key", lambda d: d.update({
        "@context": [*ctx, UNDEFINED_TERMS], "__proto__": {"polluted": True}}))

    mutant("pre-issuer-string", lambda d: d.__setitem__("issuer", iid))
    mutant("pre-issuer-object", lambda d: d.__setitem__("issuer", {"id": iid}))
    mutant("pre-issuer-vm", lambda d: d.update(_with_issuer(d, vm)))
    # the issuer named otherwise than by the proof's controller: never bound
    for label, form in (("space", f" {iid}"), ("upper", str(iid).replace("did:key:", "DID:KEY:")),
                        ("query", f"{iid}?v=1"), ("other-did", OTHER.did),
                        ("trailing-slash", f"{iid}/"), ("nfc-lookalike", f"{iid}\u200b")):
        mutant(f"pre-issuer-{label}", lambda d, f=form: d.update(_with_issuer(d, f)), **lax)
    mutant("pre-type-string", lambda d: d["credentialSubject"].__setitem__(
        "type", "AchievementSubject"))
    mutant("pre-context-tail-reverse", lambda d: d.__setitem__("@context", ctx[:1] + ctx[:0:-1]))
    if DI2 not in ctx:
        mutant("pre-context-add-di", lambda d: d.__setitem__("@context", [*ctx, DI2]))
    mutant("pre-context-duplicate", lambda d: d.__setitem__("@context", [*ctx, ctx[-1]]))
    mutant("pre-undefined-term", lambda d: d.__setitem__("undefinedTerm", "x"))
    mutant("pre-undefined-terms-context", lambda d: d.update({
        "@context": [*ctx, UNDEFINED_TERMS], "undefinedTerm": "x"}))
    numbers: list[tuple[str, Any]] = [
        ("integral-float", 2.0), ("fraction", 0.1), ("big", 1e21), ("small", 1e-7),
        ("negative-zero", -0.0), ("beyond-2^53", 2**53 + 1), ("max-safe", 2**53 - 1),
        ("tiny", 5e-324), ("e-notation", 1.5e300), ("int-2^60", 2**60),
        ("below-minus-2^53", -2**53 - 1), ("sum", 0.1 + 0.2),
        ("max-double", 1.7976931348623157e308), ("e20", 123456789012345680000.0),
        ("e22", 9.999999999999999e22), ("micro", 1e-6), ("micro-digits", 0.000001234),
        ("e-5", 2.5e-5)]
    for label, number in numbers:
        mutant(f"pre-credits-{label}", lambda d, n=number: d["credentialSubject"].__setitem__(
            "creditsEarned", n))
        if vc2:
            mutant(f"pre-untyped-{label}", lambda d, n=number: d.update({
                "@context": [*ctx, UNDEFINED_TERMS], "undefinedNumber": n}))
    texts = [("nfd", unicodedata.normalize("NFD", "データ・ゼミ café")),
             ("controls", "tab\there\u0000nul\u007fdel\u2028ls"), ("emoji", "🎓 修了 \u05d0"),
             ("empty", ""), ("escapes", "back\\slash \"quote\" \b\f\n\r")]
    for label, value in texts:
        mutant(f"pre-text-{label}", lambda d, v=value: d.__setitem__("name", v))
    mutant("pre-language-value", lambda d: d.__setitem__(
        "name", {"@value": "修了証", "@language": "ja"}))
    mutant("pre-name-array", lambda d: d.__setitem__("name", ["B", "A"]))
    mutant("pre-subject-array", lambda d: d.__setitem__(
        "credentialSubject", [d["credentialSubject"], {"id": "did:example:second"}]))
    return out


# -- running both verifiers ----------------------------------------------------------------------


@dataclass
class Outcome:
    """One mutant and what each verifier made of it."""

    suite: str
    base: str
    op: str
    mutant: Any  # a dict (passed as is to microcred, as JSON text to the reference) or text
    ours: bool = False
    failed: tuple[tuple[str, str], ...] = ()
    passed_proofs: int = 0
    reading: Json = field(default_factory=dict)
    theirs: Json = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return {(True, True): "both-verified", (False, False): "both-refused",
                (False, True): "microcred-stricter",
                (True, False): "microcred-looser"}[(self.ours, bool(self.theirs["verified"]))]

    def where(self) -> str:
        return f"{self.suite} {self.base} {self.op}"


def _failed(result: mc.VerificationResult) -> tuple[tuple[str, str], ...]:
    return tuple(sorted({(re.sub(r"^proof\.\d+\.", "proof.*.", c.id), c.code)
                         for c in result.failures if c.required}))


def _passed_proofs(result: mc.VerificationResult) -> int:
    """How many proofs passed every one of their checks."""
    by_proof: dict[str, list[bool]] = {}
    for c in result.checks:
        m = re.match(r"proof\.(\d+)\.", c.id)
        if m:
            by_proof.setdefault(m.group(1), []).append(c.outcome.value == "passed")
    return sum(all(v) for v in by_proof.values())


def _reading(result: mc.VerificationResult) -> Json:
    doc = dict(result.document or {})
    doc.pop("proof", None)
    try:
        nquads: str | None = jsonld.canonicalize(doc)
    except mc.MicrocredError as exc:  # pragma: no cover - a verified document canonicalises
        nquads = f"error: {exc}"
    try:
        jcs: str | None = jsonld.jcs(doc).decode()
    except mc.MicrocredError as exc:  # (numbers JCS cannot write: compared as a difference)
        jcs = f"error: {exc}"
    return {"nquads": nquads, "jcs": jcs, "issuer": _issuer_id(doc)}


def _mutants() -> list[Outcome]:
    out: list[Outcome] = []
    for n, base in enumerate(_bases()):
        rng = random.Random(f"{SEED}:{base.suite}:{base.name}:{n}")

        def keep(op: str, n: int = n) -> bool:
            """Each operator on every SAMPLE-th base (by a stable hash of its name); the few
            whose rule only some bases meet, on all."""
            return op in ALWAYS or (zlib.crc32(op.encode()) + n) % SAMPLE == 0

        made = [*_semantic(base.signed, rng), *_graph_invariant(base.signed, rng),
                *_signature_forms(base.signed),
                *_lexical(base.signed, rng),
                *_presign(base, rng, keep)]
        out.append(Outcome(base.suite, base.name, "base", base.signed))
        out += [Outcome(base.suite, base.name, op, m) for op, m in made
                if m is not None and keep(op)]
    return out


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    reason = missing(("vc", "ecdsa-rdfc-2019-cryptosuite", "ecdsa-jcs-2019-cryptosuite",
                      "eddsa-jcs-2022-cryptosuite"))
    if reason:
        pytest.skip(reason)
    return _run(_mutants())


def _run(todo: list[Outcome]) -> list[Outcome]:
    """Both verifiers on every mutant of ``todo`` (filled in and returned)."""
    loader = jsonld.default_loader()
    request = {"op": "verify-batch", "now": NOW_TEXT,
               "contexts": {url: loader.document(url) for url in loader},
               "items": [m.mutant if isinstance(m.mutant, str) else _dumps(m.mutant)
                         for m in todo]}
    # the reference works through the batch while microcred verifies here
    with tempfile.TemporaryFile() as stdin:
        stdin.write(json.dumps(request).encode())
        stdin.seek(0)
        proc = subprocess.Popen([str(NODE), str(INTEROP / "mutate.mjs")], stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=INTEROP)
    try:
        for item in todo:
            result = mc.verify(item.mutant, now=NOW)
            item.ours, item.failed = result.verified, _failed(result)
            item.passed_proofs = _passed_proofs(result)
            if result.verified:
                item.reading = _reading(result)
        stdout, stderr = proc.communicate(timeout=600)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    answer = json.loads(stdout or b"{}")
    assert proc.returncode == 0 and "fatal" not in answer, answer.get("fatal", stderr.decode())
    assert len(answer["results"]) == len(todo)
    for item, theirs in zip(todo, answer["results"], strict=True):
        item.theirs = theirs
    return todo


# -- the classification --------------------------------------------------------------------------


def _explained(item: Outcome) -> bool:
    """Every failure is a STRICTER rule that applies here, or follows from one."""
    rules = [STRICTER[f] for f in item.failed if f in STRICTER]
    return (bool(rules) and all(r.applies(item) for r in rules)
            and all(f in STRICTER or f in FOLLOWS for f in item.failed))


def _looser(item: Outcome) -> str | None:
    """The LOOSER entry that explains a disagreement in microcred's favour, if any."""
    return next((name for name, r in LOOSER.items() if r.applies(item)), None)


def _differences(item: Outcome) -> list[str]:
    return [key for key in ("nquads", "jcs", "issuer") if item.reading[key] != item.theirs.get(key)]


def test_every_base_credential_verifies_on_both_sides(outcomes: list[Outcome]) -> None:
    """(The 1EdTech fullOpenBadge example carries endorsements that are invalid on purpose:
    microcred refuses it by the endorsement rule, the reference does not look.)"""
    bases = [o for o in outcomes if o.op == "base"]
    assert Counter(o.suite for o in bases) == {s: len(bases) // len(SUITES) for s in SUITES}
    assert len(bases) >= len(SUITES) * (N_CORPUS + 5)
    assert [o.where() for o in bases if o.kind != "both-verified"
            and not (o.kind == "microcred-stricter" and _explained(o))] == []
    assert sum(o.kind == "both-verified" for o in bases) >= len(bases) - len(SUITES)


@pytest.mark.parametrize("suite", SUITES)
def test_what_both_read_is_the_same(outcomes: list[Outcome], suite: str) -> None:
    """Both verified: the same RDF dataset (RDFC-1.0 N-Quads), the same JSON (JCS), the same
    issuer id."""
    both = [o for o in outcomes if o.suite == suite and o.kind == "both-verified"]
    assert len(both) > 100
    assert [(o.where(), _differences(o)) for o in both
            if _differences(o) and not (_differences(o) == ["nquads"] and _looser(o))] == []


_CRED = "https://www.w3.org/2018/credentials#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DATE_TIME = "^^<http://www.w3.org/2001/XMLSchema#dateTime>"
_QUAD = re.compile(r"(\S+) (<[^>]*>) (.*) \.")


def _unsigned_reads(item: Outcome) -> list[str]:
    """What microcred's validity, issuer and subject checks read from ``result.document``
    that the signed graph (the reference's N-Quads of the same document) does not say about
    the credential node: each must be there."""
    if not isinstance(item.theirs.get("nquads"), str):
        return [f"the reference has no graph: {item.theirs.get('nquadsError')}"]
    quads = [m.groups() for m in map(_QUAD.fullmatch, item.theirs["nquads"].splitlines())
             if m]
    triples = {(s, p, o) for s, p, o in quads}
    doc = _parsed(item.mutant)
    if "id" in doc:
        roots = [f"<{doc['id']}>"]
    else:  # the credential node: a VerifiableCredential that nothing points to
        objects = {o for _, _, o in quads}
        roots = [s for s, p, o in quads if p == _RDF_TYPE
                 and o == f"<{_CRED}VerifiableCredential>" and s not in objects]
    if len(roots) != 1:
        return [f"no single credential node ({len(roots)})"]
    root, missing = roots[0], []
    reads = [("issuer", f"<{item.reading['issuer']}>")]
    for key in ("validFrom", "validUntil", "issuanceDate", "expirationDate"):
        if isinstance(doc.get(key), str):
            reads.append((key, f'"{doc[key]}"{_DATE_TIME}'))
    subjects = doc.get("credentialSubject")
    for subject in subjects if isinstance(subjects, list) else [subjects]:
        if isinstance(subject, dict) and isinstance(subject.get("id"), str):
            reads.append(("credentialSubject", f"<{subject['id']}>"))
    for key, obj in reads:
        if (root, f"<{_CRED}{key}>", obj) not in triples:
            missing.append(f"{key} {obj}")
    return missing


@pytest.mark.parametrize("suite", SUITES)
def test_what_microcred_reads_is_signed(outcomes: list[Outcome], suite: str) -> None:
    """Both verified: the issuer, validity dates and subject ids microcred reads by member
    name are triples of the credential node in the graph the reference reads."""
    both = [o for o in outcomes if o.suite == suite and o.kind == "both-verified"]
    assert [(o.where(), _unsigned_reads(o)) for o in both if _unsigned_reads(o)] == []


@pytest.mark.parametrize("suite", SUITES)
def test_microcred_is_stricter_only_by_a_documented_rule(outcomes: list[Outcome],
                                                         suite: str) -> None:
    stricter = [o for o in outcomes if o.suite == suite and o.kind == "microcred-stricter"]
    assert [(o.where(), o.failed) for o in stricter if not _explained(o)] == []


@pytest.mark.parametrize("suite", SUITES)
def test_microcred_never_accepts_what_the_reference_refuses(outcomes: list[Outcome],
                                                             suite: str) -> None:
    looser = [o for o in outcomes if o.suite == suite and o.kind == "microcred-looser"]
    assert [(o.where(), o.theirs["error"]) for o in looser if not _looser(o)] == []


def test_every_rule_is_met(outcomes: list[Outcome]) -> None:
    """A STRICTER rule or LOOSER entry that no mutant meets any more is stale: remove it."""
    met = {STRICTER[f].rule for o in outcomes if o.kind == "microcred-stricter"
           and _explained(o) for f in o.failed if f in STRICTER}
    assert {r.rule for r in STRICTER.values()} - met == set()
    used = {_looser(o) for o in outcomes
            if o.kind == "microcred-looser" or (o.kind == "both-verified" and _differences(o))}
    assert set(LOOSER) - used == set()


def test_counts(outcomes: list[Outcome]) -> None:
    """Enough mutants of every kind ran on every suite."""
    kinds = Counter((o.suite, o.kind) for o in outcomes)
    for suite in SUITES:
        assert kinds[suite, "both-verified"] > 100, kinds
        assert kinds[suite, "both-refused"] > 200, kinds
        assert kinds[suite, "microcred-stricter"] > 10, kinds


# -- regressions found by this test (run without Node.js too) ------------------------------------


@pytest.mark.parametrize("number", [2**53 + 1, -(2**53) - 1, 12345678901234567890])
@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "ecdsa-rdfc-2019"])
def test_an_integer_javascript_reads_as_another_number_is_refused(number: int,
                                                                  suite: str) -> None:
    """An RDFC proof signs pyld's exact integer; ``JSON.parse`` and jsonld.js read the nearest
    double (2^53 + 1 → 9007199254740992), so the reference refuses what microcred accepted
    and a JavaScript reader of the verified document sees another number. Found by the
    ``pre-credits-beyond-2^53`` / ``pre-untyped-*`` mutants (RFC 8259 §6, RFC 7493 §2.2)."""
    base = next(b for b in _bases() if b.suite == suite and b.name.startswith("corpus"))
    doc = deepcopy(base.unsigned)
    doc["credentialSubject"]["creditsEarned"] = number
    with pytest.raises(mc.SigningError, match="number-too-large"):  # sign() refuses it too
        base.sign(doc)
    signed = base.sign(doc, check_data_model=False)  # (a negative fixture)
    for form in (signed, _dumps(signed)):
        result = mc.verify(form, now=NOW)
        assert not result.verified
        check = result.check("input")
        assert check is not None and check.code == "number-too-large"
    # representable integers beyond 2^53 are read alike and stay accepted
    doc["credentialSubject"]["creditsEarned"] = 2**60
    assert mc.verify(base.sign(doc), now=NOW).verified
