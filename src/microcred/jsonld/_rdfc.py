"""RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024-05-21), with work limits.

Implements §4.4 (canonicalization), §4.6 (hash first degree quads), §4.7 (hash related blank
node) and §4.8 (hash N-degree quads) over quads whose terms are canonical N-Quads strings
(see :mod:`._nquads`).  Work is bounded as §7.1 / §4.8 ask ("implementations MUST defend
against potential denial-of-service attacks"): a per-blank-node cap on Hash N-Degree Quads
calls in the style of rdf-canonize's ``maxWorkFactor`` and a global cap on permutations, both
raising :class:`~microcred.CanonicalizationLimitError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Any

from .._errors import CanonicalizationLimitError, JsonLdError
from ._json import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH
from ._nquads import serialize_quad

__all__ = ["CanonicalLabelling", "Limits", "canonical_labelling", "canonical_nquads"]


@dataclass(frozen=True)
class Limits:
    """Resource limits for canonicalisation (all configurable; defaults stop poison graphs).

    - ``max_work_factor``: Hash N-Degree Quads may run at most ``n ** max_work_factor`` times
      in total, where ``n`` is the number of blank nodes whose first-degree hash is shared —
      the semantics and default (1) of rdf-canonize's ``maxWorkFactor`` used by jsonld.js, so
      that microcred accepts and refuses the same datasets as the JavaScript stack.  ``0``
      forbids N-degree hashing; the RDFC-1.0 suite's "poison – evil" tests need ``3``.
    - ``max_deep_iterations``: explicit total cap on those calls; overrides the work factor.
    - ``max_permutations``: total permutations examined by Hash N-Degree Quads.
    - ``max_quads``: size of the dataset.
    - ``max_depth`` / ``max_bytes``: nesting depth and size of JSON(-LD) input.
    - ``max_node_map_comparisons``: pyld's node-map step compares every new value of a
      (subject, property) pair with the values already there (quadratic in the length of that
      list); the slow path refuses documents whose worst case exceeds this count. The fast
      path for bundled contexts is linear and does not need it.
    - ``max_number_length``: characters of a JSON number token (digits of an integer given
      as a Python value); checked before any conversion.
    - ``max_context_entries``: ``@context`` entries in one document, counted over every
      ``@context`` member at any depth (URLs and inline objects alike).
    - ``max_inline_context_terms``: term definitions in all inline contexts of one document
      (only relevant where inline contexts are accepted at all).
    - ``max_proofs``: proofs (and ``previousProof`` entries of one proof) in one document.
    - ``max_total_proofs``: proofs in one verification, the document's and every embedded
      endorsement's together (an endorsement is a credential with its own proofs).

    The verifier applies every limit before the work it bounds and reports a failed check
    with a stable code (``too-large``, ``too-deep``, ``number-too-large``,
    ``too-many-contexts``, ``too-many-proofs``, ``canonicalization-limit``).

    >>> Limits().max_work_factor
    1
    """

    max_work_factor: float = 1
    max_deep_iterations: int | None = None
    max_permutations: int = 20_000
    max_quads: int = 100_000
    max_depth: int = DEFAULT_MAX_DEPTH
    max_bytes: int = DEFAULT_MAX_BYTES
    max_node_map_comparisons: int = 1_000_000
    max_number_length: int = 64
    max_context_entries: int = 32
    max_inline_context_terms: int = 256
    max_proofs: int = 16
    max_total_proofs: int = 64

    def __post_init__(self) -> None:
        for name in ("max_permutations", "max_quads", "max_depth", "max_bytes",
                     "max_node_map_comparisons", "max_number_length", "max_context_entries",
                     "max_inline_context_terms", "max_proofs", "max_total_proofs"):
            if getattr(self, name) < 0:
                raise JsonLdError(f"Limits.{name} must not be negative")
        if self.max_work_factor < 0 or (self.max_deep_iterations or 0) < 0:
            raise JsonLdError("Limits: work limits must not be negative")


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class CanonicalLabelling:
    """The result of RDFC-1.0: input blank node label -> canonical label (``c14n0``, ...)."""

    mapping: dict[str, str]
    hash_n_degree_calls: int
    permutations: int


class _Issuer:
    """Identifier issuer (§4.5): issues ``prefix + counter`` in order of first request."""

    __slots__ = ("counter", "issued", "prefix")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.counter = 0
        self.issued: dict[str, str] = {}

    def issue(self, existing: str) -> str:
        ident = self.issued.get(existing)
        if ident is None:
            ident = self.prefix + str(self.counter)
            self.counter += 1
            self.issued[existing] = ident
        return ident

    def copy(self) -> _Issuer:
        new = _Issuer(self.prefix)
        new.counter = self.counter
        new.issued = dict(self.issued)
        return new


#: What a caller that has already grouped a dataset's quads by blank node (and hashed them)
#: can hand over: ({"_:x": [quads mentioning it]}, {"_:x": first-degree hash}).
Precomputed = tuple[Mapping[str, list[tuple[str, str, str, str]]], Mapping[str, str]]


class _State:
    def __init__(self, quads: Sequence[tuple[str, str, str, str]], limits: Limits,
                 hasher: Callable[[bytes], Any], precomputed: Precomputed | None = None) -> None:
        self.limits = limits
        self.hasher = hasher
        self.canonical = _Issuer("c14n")
        self.bnode_quads: dict[str, list[tuple[str, str, str, str]]] = {}
        self.first_degree: dict[str, str] = {}
        if precomputed is not None:
            by_bnode, hashes = precomputed
            self.bnode_quads = {b[2:]: qs for b, qs in by_bnode.items()}
            self.first_degree = {b[2:]: h for b, h in hashes.items()}
        else:
            for quad in dict.fromkeys(quads):  # a dataset is a set: drop duplicate quads
                for label in {t[2:] for t in (quad[0], quad[2], quad[3]) if t.startswith("_:")}:
                    self.bnode_quads.setdefault(label, []).append(quad)
        self.max_deep = 0
        self.calls = 0
        self.permutations = 0

    def hash(self, text: str) -> str:
        return str(self.hasher(text.encode("utf-8")).hexdigest())

    # §4.6 Hash First Degree Quads
    def hash_first_degree(self, ref: str) -> str:
        cached = self.first_degree.get(ref)
        if cached is not None:
            return cached
        lines = []
        for s, p, o, g in self.bnode_quads[ref]:
            if s.startswith("_:"):
                s = "_:a" if s[2:] == ref else "_:z"
            if o.startswith("_:"):
                o = "_:a" if o[2:] == ref else "_:z"
            if g.startswith("_:"):
                g = "_:a" if g[2:] == ref else "_:z"
            lines.append(serialize_quad((s, p, o, g)))
        lines.sort()
        result = self.hash("".join(lines))
        self.first_degree[ref] = result
        return result

    # §4.7 Hash Related Blank Node
    def hash_related(self, related: str, quad: tuple[str, str, str, str], issuer: _Issuer,
                     position: str) -> str:
        ident = self.canonical.issued.get(related) or issuer.issued.get(related)
        identifier = "_:" + ident if ident is not None else self.hash_first_degree(related)
        text = position if position == "g" else position + quad[1]
        return self.hash(text + identifier)

    # §4.8 Hash N-Degree Quads
    def hash_n_degree(self, identifier: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        if self.calls >= self.max_deep:
            raise CanonicalizationLimitError(
                f"RDFC-1.0: more than {self.max_deep} Hash N-Degree Quads iterations needed "
                "(poison graph?) / 正規化の反復回数が上限を超えました")
        self.calls += 1
        hn: dict[str, list[str]] = {}
        for quad in self.bnode_quads[identifier]:
            for term, position in ((quad[0], "s"), (quad[2], "o"), (quad[3], "g")):
                if term.startswith("_:") and term[2:] != identifier:
                    related = term[2:]
                    h = self.hash_related(related, quad, issuer, position)
                    hn.setdefault(h, []).append(related)
        data = []
        for related_hash in sorted(hn):
            data.append(related_hash)
            chosen_path = ""
            chosen_issuer: _Issuer | None = None
            for permutation in permutations(hn[related_hash]):
                self.permutations += 1
                if self.permutations > self.limits.max_permutations:
                    raise CanonicalizationLimitError(
                        f"RDFC-1.0: more than {self.limits.max_permutations} permutations "
                        "examined (poison graph?) / 正規化の順列数が上限を超えました")
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                skip = False
                for related in permutation:
                    canon = self.canonical.issued.get(related)
                    if canon is not None:
                        path += "_:" + canon
                    else:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        path += "_:" + issuer_copy.issue(related)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion:
                    result_hash, result_issuer = self.hash_n_degree(related, issuer_copy)
                    path += "_:" + issuer_copy.issue(related)
                    path += "<" + result_hash + ">"
                    issuer_copy = result_issuer
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            data.append(chosen_path)
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return self.hash("".join(data)), issuer

    # §4.4 Canonicalization Algorithm
    def run(self) -> None:
        hash_to_bnodes: dict[str, list[str]] = {}
        for ref in self.bnode_quads:
            hash_to_bnodes.setdefault(self.hash_first_degree(ref), []).append(ref)
        non_unique: list[list[str]] = []
        for h in sorted(hash_to_bnodes):
            nodes = hash_to_bnodes[h]
            if len(nodes) == 1:
                self.canonical.issue(nodes[0])
            else:
                non_unique.append(nodes)
        shared = sum(len(n) for n in non_unique)
        if self.limits.max_deep_iterations is not None:
            self.max_deep = self.limits.max_deep_iterations
        else:
            self.max_deep = int(min(shared ** self.limits.max_work_factor, 2**53))
        for nodes in non_unique:
            results = []
            for ref in nodes:
                if ref in self.canonical.issued:
                    continue
                temp = _Issuer("b")
                temp.issue(ref)
                results.append(self.hash_n_degree(ref, temp))
            results.sort(key=lambda r: r[0])
            for _, issuer in results:
                for existing in issuer.issued:
                    self.canonical.issue(existing)


def _hasher(name: str) -> Callable[[bytes], Any]:
    algorithm = name.lower().replace("-", "")
    if algorithm not in ("sha256", "sha384"):
        raise JsonLdError(f"unsupported RDFC-1.0 hash algorithm {name!r} (SHA-256 or SHA-384)")
    return lambda data: hashlib.new(algorithm, data)


def canonical_labelling(quads: Sequence[tuple[str, str, str, str]], *,
                        limits: Limits | None = None,
                        hash_algorithm: str = "sha256",
                        _precomputed: Precomputed | None = None) -> CanonicalLabelling:
    """Run RDFC-1.0 on ``quads`` and return the canonical blank node labelling.

    ``quads`` are ``(subject, predicate, object, graph)`` tuples of canonical N-Quads terms.
    Raises :class:`~microcred.CanonicalizationLimitError` when a limit is reached.
    (``_precomputed``, internal: the fast path's grouping of the distinct quads by blank node
    and their SHA-256 first-degree hashes, so that they are not computed twice.)
    """
    limits = limits or DEFAULT_LIMITS
    if len(quads) > limits.max_quads:
        raise CanonicalizationLimitError(
            f"dataset has {len(quads)} quads, more than the limit of {limits.max_quads} / "
            "データセットのクワッド数が上限を超えています")
    state = _State(quads, limits, _hasher(hash_algorithm), _precomputed)
    state.run()
    return CanonicalLabelling(
        mapping={"_:" + k: "_:" + v for k, v in state.canonical.issued.items()},
        hash_n_degree_calls=state.calls,
        permutations=state.permutations,
    )


def relabel(quads: Iterable[tuple[str, str, str, str]], mapping: dict[str, str]) -> list[str]:
    """Serialise quads with blank nodes replaced through ``mapping``; sorted, de-duplicated."""
    lines = set()
    for s, p, o, g in quads:
        if s.startswith("_:"):
            s = mapping[s]
        if o.startswith("_:"):
            o = mapping[o]
        if g.startswith("_:"):
            g = mapping[g]
        lines.add(serialize_quad((s, p, o, g)))
    return sorted(lines)


def canonical_nquads(quads: Sequence[tuple[str, str, str, str]], *,
                     limits: Limits | None = None, hash_algorithm: str = "sha256") -> str:
    """Canonicalise ``quads`` with RDFC-1.0 and return canonical N-Quads text."""
    labelling = canonical_labelling(quads, limits=limits, hash_algorithm=hash_algorithm)
    return "".join(relabel(quads, labelling.mapping))
