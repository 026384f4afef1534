"""Stage ``safe-mode``: JSON-LD processing drops nothing, and the JSON reads as the graph.

Safe mode (VC Data Integrity §4.4 / jsonld.js ``safe: true``): every term, type and IRI is
defined and absolute. Then the *aliased-term* rule: the validity, status and issuer checks
read JSON members by name, so the number of values under each watched name must equal the
number of triples with that predicate on the credential node (an alias or a full-IRI key
would otherwise move a value out of their sight without changing a signed triple). With the
contexts stage admitting known contexts only, this is a second line of defence.

For documents whose proofs all sign JCS bytes no RDF is needed: the safe-mode walk of
:func:`microcred.jsonld._fast.fast_check` decides, or the full canonicalisation does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .._di.proofs import proof_list
from .._di.suites import _jcs, _rdfc
from .._errors import (
    CanonicalizationLimitError,
    InvalidJsonError,
    JsonLdError,
    SafeModeError,
    UnknownContextError,
)
from ..jsonld._fast import fast_check
from . import input as _input
from ._base import Job, context_list
from .input import only_jcs_proofs

CRED = "https://www.w3.org/2018/credentials#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: Members the validity, status and issuer-binding checks read by their JSON name.
WATCHED_TERMS = ("issuer", "validFrom", "validUntil", "issuanceDate", "expirationDate",
                 "credentialStatus")
WATCHED_IRIS = frozenset(CRED + t for t in WATCHED_TERMS)
UNDECIDED = "\0undecided"


def check_safe_mode(job: Job) -> None:
    """Run the stage (sets ``job.safe_mode_ok``)."""
    checks, unsecured = job.checks, job.unsecured
    # (a document that did not come through the input walk, a VC-JWT payload, is walked here)
    keyword = job.scan.keyword if job.scan is not None else _input.first_keyword(unsecured)
    if keyword is not None:
        checks.fail("safe-mode", "keyword-not-supported",
                    f"the document uses the JSON-LD keyword {keyword[:40]!r} as a "
                    "member: it can merge or move signed values where readers of the JSON do "
                    "not look (verifiable credentials do not use it)",
                    f"JSON-LD キーワード {keyword[:40]!r} は受け付けません",
                    keyword=keyword[:200])
        return
    if only_jcs_proofs(job.doc) and _check_safe_mode_jcs(job):
        return
    opts = job.options
    try:
        job.cache[("rdfc", None)] = _rdfc(unsecured, opts.loader, opts.limits)
    except SafeModeError as exc:
        checks.fail("safe-mode", "safe-mode-violation",
                    f"JSON-LD safe mode: {exc}", f"JSON-LD セーフモード違反: {exc}",
                    term=exc.term, path=exc.path)
        return
    except UnknownContextError as exc:
        checks.fail("safe-mode", "unknown-context", str(exc),
                    f"未知のコンテキスト {exc.url} のため展開できません", context=exc.url)
        return
    except CanonicalizationLimitError as exc:
        checks.fail("safe-mode", "canonicalization-limit", f"canonicalisation stopped: {exc}",
                    f"正規化が上限に達して中止されました: {exc}")
        return
    except (JsonLdError, InvalidJsonError) as exc:
        checks.fail("safe-mode", "jsonld-error", f"JSON-LD processing failed: {exc}",
                    f"JSON-LD の処理に失敗しました: {exc}")
        return
    # (the aliased-term rule is about the credential node; a presentation has none: its
    # holder is read by the holder-binding stage, and unknown inline contexts are refused)
    problem = None if job.presentation else aliased_term(
        unsecured, job.cache[("rdfc", None)].decode("utf-8"))
    if problem is not None:
        _fail_aliased(job, problem)
        return
    # (only where a proof signs the graph: a VC-JWT or a JCS proof signs the JSON itself)
    rdf_signed = "proof" in job.doc and not _input.only_jcs_proofs(job.doc)
    where = (iri_key(unsecured, opts.loader)
             if rdf_signed and (job.scan is None or job.scan.colon_keys) else None)
    if where is not None:
        job.checks.fail("safe-mode", "iri-key",
                        f"{where}: a member named by an IRI, not a term: the signed graph has "
                        "its value, but a reader using the vocabulary's terms would not see "
                        "it (an RDFC proof signs the graph, not the JSON names)",
                        f"{where}: 語ではなく IRI で書かれた項目があります（署名されたグラフには"
                        "値がありますが、語で読む側には見えません）", path=where)
        return
    _ok(job)


def iri_key(doc: Mapping[str, Any], loader: Any) -> str | None:
    """The JSON path of the first member named by an absolute or compact IRI instead of a
    term of the document's contexts (outside ``@context`` and JSON literals), or None.

    Such a member expands to the same triples as its term would, so an RDFC signature does
    not tell them apart; but every reader (the OB 3.0 models, the stack and CLR bridges, the
    CLI) reads members by term name, and would not see the value.
    """
    from ..jsonld._loader import default_loader
    from .contexts import vocabulary

    known = vocabulary(doc, loader if loader is not None else default_loader(), inline=True)
    names, json_terms = known.names, known.json_terms
    stack: list[tuple[Any, str]] = [(doc, "$")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if "@value" in node:
                continue
            for key, value in node.items():
                if key == "@context" or key in json_terms:
                    continue
                if ":" in key and not key.startswith("@") and key not in names:
                    return f"{path}.{key}"
                if isinstance(value, (dict, list)):
                    stack.append((value, f"{path}.{key}"))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, (dict, list)):
                    stack.append((item, f"{path}[{i}]"))
    return None


def check_signable_jcs(unsecured: Mapping[str, Any], loader: Any, limits: Any) -> None:
    """Safe mode for a document about to get a JCS proof: raise what this stage would report.

    A JCS proof signs JSON, not a graph, so nothing in signing runs JSON-LD; the verifier
    still requires safe mode (undefined terms and types refused), so :func:`microcred.sign`
    applies it first and never issues what :func:`microcred.verify` refuses. The walk of
    :func:`~microcred.jsonld._fast.fast_check` decides, else pyld's expansion raises
    :class:`~microcred.SafeModeError` (or another :class:`~microcred.JsonLdError`)."""
    if fast_check(unsecured, loader=loader, limits=limits) is not None:
        return
    from ..jsonld import expand

    expand(unsecured, loader=loader, limits=limits)


def _check_safe_mode_jcs(job: Job) -> bool:
    """Safe mode for a document whose proofs all sign JCS bytes, without RDF; False when the
    walk cannot decide (the caller then runs the full canonicalisation)."""
    data = job.cache.get(("jcs", None))
    if data is None:
        try:
            data = _jcs(job.unsecured)
        except Exception:  # not JCS-serialisable (a lone surrogate...): the full path reports
            return False
    opts = job.options
    found = fast_check(job.unsecured, loader=opts.loader, limits=opts.limits,
                       watched=WATCHED_IRIS)
    if found is None:
        return False
    problem = None if job.presentation else aliased_term_counted(job.unsecured, found)
    if problem == UNDECIDED:
        return False
    job.cache[("jcs", None)] = data
    if problem is not None:
        _fail_aliased(job, problem)
        return True
    _ok(job)
    return True


def aliased_term_counted(unsecured: Mapping[str, Any], found: Any) -> str | None:
    """:func:`aliased_term` from the counts of a safe-mode walk (``UNDECIDED`` if unsure).

    The walk's top-level node is the credential node when it is typed VerifiableCredential
    and is the node of the JSON ``id`` (or both are blank); values from elsewhere can reach
    it only through a reused ``@id``, which leaves the question to the full check.
    """
    if CRED + "VerifiableCredential" not in found.root_types or found.root_id_reused:
        return UNDECIDED
    doc_id = unsecured.get("id")
    if not (found.root_id == doc_id and (doc_id is None or isinstance(doc_id, str))):
        return UNDECIDED
    for term in WATCHED_TERMS:
        value = unsecured.get(term)
        in_json = 0 if value is None else len(value) if isinstance(value, list) else 1
        in_graph = found.root_counts.get(CRED + term, 0)
        if in_graph > 1:
            return UNDECIDED
        if in_json != in_graph:
            return term
    return None


def _signed_reading_problem(job: Job) -> Exception | str | None:
    """Whether the document, as a JCS proof signs it, reads as what is read.

    A JCS proof signs the document with the proof's ``@context``, which need only be the
    start of the document's (vc-di-eddsa §3.3.2 / vc-di-ecdsa §3.4.2 step 4): contexts added
    after signing are not signed. A known one can still change what the signed JSON means:
    the undefined-terms context (``@vocab``) makes a term the issuer left undefined pass
    safe mode, and a term context appended after it redefines that vocabulary. So the signed
    reading must pass safe mode and expand exactly as the document does (both computed only
    when the contexts differ). The exception of a failed expansion, a message, or None."""
    from ..jsonld import expand

    doc_ctx = context_list(job.unsecured.get("@context"))
    names = _input.jcs_suite_names()
    seen: list[list[Any]] = []
    read: list[Any] = []
    loader, limits = job.options.loader, job.options.limits
    for proof in proof_list(job.doc.get("proof")):
        if not (isinstance(proof, Mapping) and isinstance(proof.get("cryptosuite"), str)
                and proof["cryptosuite"] in names
                and "@context" in proof):
            continue
        signed_ctx = context_list(proof["@context"])
        if signed_ctx and signed_ctx != doc_ctx and doc_ctx[:len(signed_ctx)] == signed_ctx \
                and signed_ctx not in seen:
            seen.append(signed_ctx)
            try:
                signed = expand({**job.unsecured, "@context": proof["@context"]},
                                loader=loader, limits=limits)
                if not read:
                    read.append(expand(job.unsecured, loader=loader, limits=limits))
            except (JsonLdError, InvalidJsonError) as exc:  # (safe mode, unknown context,
                return exc                                    # limits: all JsonLdErrors)
            if signed != read[0]:
                return ("the contexts added after the proof's @context change what the "
                        "signed document means")
    return None


def _fail_aliased(job: Job, problem: str) -> None:
    job.checks.fail("safe-mode", "aliased-term",
                    f"the JSON members differ from the signed graph for {problem!r}: a term "
                    "is renamed or aliased (e.g. by an embedded context or a full IRI key)",
                    f"{problem!r} について JSON の項目と署名対象のグラフが一致しません"
                    "（別名や IRI キーによる置き換え）", term=problem)


def _ok(job: Job) -> None:
    problem = _signed_reading_problem(job)
    if isinstance(problem, str):
        job.checks.fail("safe-mode", "context-appended",
                        f"{problem} (a JCS proof signs the document with its own @context)",
                        "証明の @context の後に加えられたコンテキストが、署名された文書の意味を"
                        "変えています")
        return
    if problem is not None:
        job.checks.fail("safe-mode", "safe-mode-violation",
                        f"JSON-LD safe mode, as signed (with the proof's @context): {problem}",
                        "署名されたとおり（証明の @context）に読むと JSON-LD セーフモード違反"
                        f"です: {problem}", term=getattr(problem, "term", None),
                        path=getattr(problem, "path", None))
        return
    job.safe_mode_ok = True
    job.checks.ok("safe-mode", "ok", "no term, type or IRI is dropped by JSON-LD processing",
                  "JSON-LD 処理で失われる項目はありません")


def aliased_term(unsecured: Mapping[str, Any], nquads: str) -> str | None:
    """Name a watched member whose JSON view disagrees with the canonical graph, or None.

    The credential node is the node of the JSON ``id``, else the one default-graph
    ``VerifiableCredential`` that is nobody's object; anything else fails closed.
    """
    from ..jsonld import parse_nquads

    doc_id = unsecured.get("id")
    if isinstance(doc_id, str):
        # usual case: only the lines about the node of the JSON id are parsed (canonical
        # N-Quads put one quad on each line, subject first)
        prefix = f"<{doc_id}> "
        lines = _subject_lines(nquads, prefix)
        counted = _own_counts(lines, prefix)
        if counted is not None:
            if counted[0]:
                return _count_mismatch(unsecured, counted[1])
        else:  # (a line the quick reading does not take: parse the node's lines)
            wanted = (prefix + RDF_TYPE + " ", prefix + "<" + CRED)
            own = [q for q in parse_nquads(
                "".join(line + "\n" for line in lines if line.startswith(wanted)))
                if q.graph == ""]
            if any(q.predicate == RDF_TYPE and q.object == f"<{CRED}VerifiableCredential>"
                   for q in own):
                return _watched_mismatch(unsecured, own, prefix[:-1])
    # only lines that mention the VC namespace matter
    relevant = "".join(line + "\n" for line in nquads.splitlines() if CRED in line)
    quads = [q for q in parse_nquads(relevant) if q.graph == ""]
    vc_type = f"<{CRED}VerifiableCredential>"
    credentials = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == vc_type}
    if isinstance(doc_id, str) and f"<{doc_id}>" in credentials:
        root = f"<{doc_id}>"  # (its node may also be an object: issuer id == credential id)
    else:
        objects = {q.object for q in parse_nquads(nquads)}
        roots = {c for c in credentials if c not in objects}
        if len(roots) != 1:
            return "@id"
        root = roots.pop()
    return _watched_mismatch(unsecured, quads, root)


def _subject_lines(nquads: str, prefix: str) -> list[str]:
    """The lines of N-Quads text that start with ``prefix`` (a subject and a space), found
    with ``str.find`` instead of splitting the whole text (which costs more than the rest of
    the check on a credential with embedded endorsements). Any line order."""
    out = []
    start = 0 if nquads.startswith(prefix) else nquads.find("\n" + prefix) + 1
    while start > 0 or (start == 0 and nquads.startswith(prefix)):
        end = nquads.find("\n", start)
        if end < 0:
            end = len(nquads)
        out.append(nquads[start:end])
        nxt = nquads.find("\n" + prefix, end)
        start = nxt + 1 if nxt >= 0 else -1
    return out


def _own_counts(lines: list[str], prefix: str) -> tuple[bool, dict[str, int]] | None:
    """From the canonical lines of one subject: whether it is typed VerifiableCredential in
    the default graph, and how many default-graph triples each VC-namespace predicate has.
    Only the object term is matched (one regex), never a long literal's unescaping; None
    when a line does not read as ``S P O .`` or ``S P O G .`` (the caller parses fully)."""
    from ..jsonld._nquads import _TERM

    vc_line = f"{prefix}{RDF_TYPE} <{CRED}VerifiableCredential> ."
    cred = prefix + "<" + CRED
    start = len(prefix)
    is_vc = False
    counts: dict[str, int] = {}
    for line in lines:
        if line == vc_line:
            is_vc = True
            continue
        if not line.startswith(cred):
            continue  # another predicate (rdf:type of other types...): not watched
        end = line.find("> ", start)
        if end < 0:
            return None
        m = _TERM.match(line, end + 2)
        if m is None:
            return None
        rest = line[m.end():]
        if rest == " .":
            predicate = line[start:end + 1]
            counts[predicate] = counts.get(predicate, 0) + 1
        elif not (rest.startswith(" ") and rest.endswith(" .")):
            return None  # (a named-graph quad otherwise: not counted)
    return is_vc, counts


def _count_mismatch(unsecured: Mapping[str, Any], counts: Mapping[str, int]) -> str | None:
    for term in WATCHED_TERMS:
        value = unsecured.get(term)
        in_json = 0 if value is None else len(value) if isinstance(value, list) else 1
        if in_json != counts.get(f"<{CRED}{term}>", 0):
            return term
    return None


def _watched_mismatch(unsecured: Mapping[str, Any], quads: Iterable[Any],
                      root: str) -> str | None:
    """The first watched member whose JSON value count differs from ``root``'s triples."""
    quads = list(quads)
    for term in WATCHED_TERMS:
        value = unsecured.get(term)
        in_json = 0 if value is None else len(value) if isinstance(value, list) else 1
        predicate = f"<{CRED}{term}>"
        in_graph = sum(1 for q in quads if q.subject == root and q.predicate == predicate)
        if in_json != in_graph:
            return term
    return None
