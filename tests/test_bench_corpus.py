"""The benchmark corpus (benchmarks/corpus.py): distinct, varied, deterministic, sized.

Only properties of the corpus and that the runner's quick code path runs are checked here;
no time is asserted anywhere (figures: benchmarks/real_traffic.py, docs).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import real_traffic  # noqa: E402


def _canon(doc: Any) -> str:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _walk(node: Any, key: str) -> list[Any]:
    """Every value of ``key`` anywhere below ``node``."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                out.append(v)
            out += _walk(v, key)
    elif isinstance(node, list):
        for v in node:
            out += _walk(v, key)
    return out


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    return list(corpus.documents())


def test_counts_and_keys(entries: list[dict[str, Any]]) -> None:
    assert len(entries) == corpus.N_DOCS == 1000
    keys = corpus.keys()
    issuers = [k for k in keys if k["role"] == "issuer"]
    assert len(issuers) == 50 and len({k["did"] for k in issuers}) == 50
    assert all(k["did"].startswith("did:key:z6Mk") for k in keys)
    assert all(k["secretKeyMultibase"].startswith("z3u2") for k in keys)
    used = Counter(e["key"] for e in entries)
    assert set(used) == {k["k"] for k in issuers}
    by_key = {k["k"]: k["did"] for k in keys}
    assert all(e["document"]["issuer"]["id"] == by_key[e["key"]] for e in entries)


def test_distinct(entries: list[dict[str, Any]]) -> None:
    docs = [_canon(e["document"]) for e in entries]
    assert len(set(docs)) == len(docs)
    assert len({e["document"]["id"] for e in entries}) == len(entries)
    assert len({e["created"] for e in entries}) == len(entries)
    # no document of the corpus is among the warm-up documents
    warm = {_canon(corpus.document(corpus.WARMUP_START + j)["document"]) for j in range(3)}
    assert not warm & set(docs)


def test_variety(entries: list[dict[str, Any]]) -> None:
    versions = Counter(e["version"] for e in entries)
    assert set(versions) == {"3.0.1", "3.0.2", "3.0.2-vc1", "3.0.3"}
    assert min(versions.values()) >= 100
    contexts = {tuple(e["document"]["@context"]) for e in entries}
    assert {c[1].rsplit("-", 1)[1] for c in contexts} == {"3.0.1.json", "3.0.2.json",
                                                          "3.0.3.json"}
    langs = Counter(e["lang"] for e in entries)
    assert langs["ja"] >= 300 and langs["en"] >= 300
    japanese = sum(any("\u3040" <= ch <= "\u9fff" for ch in _canon(e["document"]))
                   for e in entries)
    assert japanese >= 300

    def ach(e: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = e["document"]["credentialSubject"]["achievement"]
        return out

    alignments = Counter(len(ach(e).get("alignment", [])) for e in entries)
    assert set(alignments) == set(range(11))
    assert any(ach(e).get("resultDescription") for e in entries)
    assert all(len(e["document"]["credentialSubject"].get("result", []))
               == len(ach(e).get("resultDescription", [])) for e in entries)
    assert any("evidence" in e["document"] for e in entries)
    endorsements = Counter(len(_walk(e["document"], "endorsement") and
                               [x for v in _walk(e["document"], "endorsement") for x in v])
                           for e in entries)
    assert set(endorsements) == {0, 1, 2, 3}
    for e in entries[:50]:
        for end in (x for v in _walk(e["document"], "endorsement") for x in v):
            assert "EndorsementCredential" in end["type"]
            assert end["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
            assert end["proof"]["proofValue"].startswith("z")
    # numbers: integers or non-integral decimals only (JSON.parse reads 2.0 as the integer 2)
    for e in entries:
        for v in _walk(e["document"], "creditsAvailable") + _walk(e["document"], "creditsEarned"):
            assert isinstance(v, int) or not float(v).is_integer()


def test_sizes(entries: list[dict[str, Any]]) -> None:
    st = corpus.stats(entries)
    assert st["min_bytes"] >= 1_000 and st["max_bytes"] <= 12_000
    assert st["max_bytes"] >= 3 * st["min_bytes"]
    for scale, (target, _count) in corpus.SCALES.items():
        size = corpus.size(corpus.scaled(scale, 0)["document"])
        assert 0.9 * target <= size <= 1.3 * target, (scale, size)


def test_deterministic(tmp_path: Path) -> None:
    assert corpus.document(7) == corpus.document(7)
    assert corpus.keys() == corpus.keys()
    a = corpus.write(tmp_path / "a", n=5, per_scale=1, scales=["1KB", "10KB"])
    b = corpus.write(tmp_path / "b", n=5, per_scale=1, scales=["1KB", "10KB"])
    assert a == b
    for name in a["files"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    # a smaller corpus is a prefix of a larger one
    c = corpus.read(tmp_path / "a" / "corpus.jsonl")
    assert c == [corpus.document(i) for i in range(5)]


@pytest.mark.slow
def test_quick_code_path_on_five_documents(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    args = ["--quick", "--n", "5", "--rounds", "1", "--scales", "1KB", "--per-scale", "2",
            "--warmup", "2", "--corpus", str(tmp_path / "corpus"), "--out", str(out)]
    if real_traffic.node_unavailable() is not None:
        args.append("--no-js")
    assert real_traffic.main(args) == 0
    res = json.loads(out.read_text("utf-8"))
    rows = res["rows"]["corpus"]
    for key in ("microcred/rdfc/sign", "microcred/rdfc/verify", "microcred/rdfc/verify-fresh",
                "microcred/jcs/sign", "microcred/jcs/verify", "naive-pyld/rdfc/sign",
                "plain-jcs/jcs/verify", "floor/any/sign", "floor/any/verify"):
        assert sum(rows[key]["docs"]) >= 1, key
    assert sum(rows["microcred/rdfc/sign"]["docs"]) == 5
    assert "rdfc/sign/naive-pyld/rdfc" in res["ratios"]["corpus"]
    assert "jcs/verify/floor/any" in res["ratios"]["corpus"]
    assert res["load_average"]["start"] and res["git"]["commit"]
    for checks in res["checks"].values():
        for name, value in checks.items():
            done, total = value.split("/")
            assert done == total, (name, value)
