"""A deterministic corpus of distinct, varied Open Badges 3.0 credentials for benchmarks.

Every implementation under test (microcred, the naive pyld baseline, the JavaScript reference)
reads the same files, so the figures are on the same bytes::

    python benchmarks/corpus.py OUT_DIR             # 1,000 credentials + scale rows
    python benchmarks/corpus.py OUT_DIR --n 100     # the first 100 of the same corpus

Files written (JSON Lines, UTF-8, one object a line):

``keys.jsonl``
    ``{"k", "role": "issuer"|"endorser", "seed", "did", "verificationMethod",
    "publicKeyMultibase", "secretKeyMultibase"}`` — 50 issuer keys and 12 endorser keys,
    Ed25519 ``did:key`` derived from fixed seeds (SHA-256 of a label).
``corpus.jsonl``
    ``{"i", "key", "created", "version", "lang", "document"}`` — the unsigned credential and what
    its proof must use: issuer key ``key`` (index into keys.jsonl) and the proof's own
    ``created``.  Embedded endorsements are already signed (eddsa-rdfc-2022, by their endorser,
    with the naive pyld baseline of ``baseline.py``, so the corpus does not depend on the code
    being measured).
``scale.jsonl``
    the same shape, plus ``"scale": "1KB"|"10KB"|"100KB"|"1MB"``: credentials grown to about
    that size with many alignments, result descriptions, results and long descriptions.
``warmup.jsonl``
    20 more entries of the same kind (``i`` from 100,000), for warming up; never measured.
``contexts.json``
    ``{url: context document}``: the contexts microcred bundles, so that every implementation
    resolves the same contexts locally (no network).
``manifest.json``
    the parameters, ``verify_now`` (the verification time to use) and the SHA-256 of each
    file (a reader can tell a stale directory).

Document ``i`` depends only on ``i`` (and the generator version), never on ``--n``: a smaller
corpus is a prefix of the full one.  Variety: OB 3.0.1 (VC 1.1 + Data Integrity contexts),
3.0.2 (VC 1.1 or VC 2.0) and 3.0.3 (VC 2.0); 0–10 alignments; 0–3 result descriptions, each
with a result; 0–3 evidence items; 0–3 embedded signed endorsements (achievement and issuer);
English and Japanese text; 1–12 KB compact JSON.  Numbers are integers or non-integral decimals:
``JSON.parse`` turns ``2.0`` into the integer 2 while Python keeps a float, which is harmless
for OB 3.0's ``xsd:float``-typed terms (pyld, microcred and jsonld.js all write ``"2"``) but
would make an untyped value canonicalise differently; the corpus stays clear of that.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import baseline  # noqa: E402

Json = dict[str, Any]

#: Bump when the generated documents change (readers compare it with manifest.json).
GENERATOR_VERSION = "corpus-v1"
N_DOCS = 1000
N_ISSUERS = 50
N_ENDORSERS = 12
#: scale row -> (target compact size in bytes, documents generated).
SCALES: dict[str, tuple[int, int]] = {
    "1KB": (1_000, 200),
    "10KB": (10_000, 50),
    "100KB": (100_000, 5),
    "1MB": (1_000_000, 3),
}

VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"
DI2 = "https://w3id.org/security/data-integrity/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-{}.json"
#: version label -> (@context, VC data model); weights of the corpus mix.
VERSIONS: dict[str, tuple[list[str], int]] = {
    "3.0.1": ([VC1, OB.format("3.0.1"), DI2], 1),
    "3.0.2-vc1": ([VC1, OB.format("3.0.2"), DI2], 1),
    "3.0.2": ([VC2, OB.format("3.0.2")], 2),
    "3.0.3": ([VC2, OB.format("3.0.3")], 2),
}
_VERSION_WEIGHTS = [("3.0.1", 20), ("3.0.2-vc1", 15), ("3.0.2", 15), ("3.0.3", 50)]

_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)
#: The verification time every implementation uses: after every issuance (the last credential
#: is issued in late 2024), before every validUntil/expirationDate (two years or more later).
VERIFY_NOW = "2025-06-01T00:00:00Z"
#: Warm-up entries (not measured) are documents WARMUP_START, WARMUP_START + 1, ...
WARMUP_START = 100_000
N_WARMUP = 20

# -- text ---------------------------------------------------------------------------------------

_EN_SUBJECTS = ["Data Literacy", "Applied Statistics", "Cloud Operations", "Nursing Practice",
                "Welding Safety", "Project Management", "Digital Marketing", "Renewable Energy",
                "Food Hygiene", "Cyber Security Basics", "Academic Writing", "Machine Learning",
                "Early Childhood Care", "Logistics Planning", "Accessible Web Design",
                "Financial Accounting", "Public Speaking", "Sustainable Agriculture"]
_JA_SUBJECTS = ["データリテラシー", "応用統計学", "クラウド運用", "看護実践", "溶接安全",
                "プロジェクトマネジメント", "デジタルマーケティング", "再生可能エネルギー",
                "食品衛生", "サイバーセキュリティ基礎", "学術文章作成", "機械学習", "保育実践",
                "物流計画", "アクセシブルなウェブ設計", "財務会計", "プレゼンテーション",
                "持続可能な農業"]
_EN_LEVELS = ["Foundations of", "Introduction to", "Intermediate", "Advanced", "Practical",
              "Professional"]
_JA_LEVELS = ["入門", "基礎", "中級", "上級", "実践", "専門"]
_EN_SENTENCES = [
    "Learners read, clean and chart tabular data from real sources.",
    "The assessment is graded against a published rubric by two assessors.",
    "Participants complete a supervised practical task in a realistic setting.",
    "The course combines online study with a final proctored examination.",
    "Evidence of workplace application is reviewed by a qualified mentor.",
    "Learners communicate findings clearly to a non-specialist audience.",
    "Safety procedures are demonstrated and recorded on site.",
    "The unit is aligned with the national qualifications framework.",
    "Peer review and reflection are part of the final grade.",
    "Completion requires at least 70 % in every assessment component.",
]
_JA_SENTENCES = [
    "実データを用いて表形式データの整理と可視化を行う。",
    "評価は公開されたルーブリックに基づき二名の評価者が行う。",
    "現場に近い環境で指導者の監督のもと実技課題を修了する。",
    "オンライン学習と監督付きの最終試験を組み合わせた講座である。",
    "職場での実践の証拠を有資格のメンターが確認する。",
    "専門外の相手にも分かりやすく結果を説明できる。",
    "安全手順を現場で実演し、記録する。",
    "本単位は国の資格枠組みに整合している。",
    "相互評価と振り返りを最終成績に含める。",
    "すべての評価項目で七割以上の得点が修了の条件である。",
]
_EN_ORGS = ["University", "Polytechnic", "Institute of Technology", "College", "Academy",
            "Training Centre"]
_JA_ORGS = ["大学", "工業高等専門学校", "技術研究所", "短期大学", "アカデミー", "職業訓練センター"]
_PLACES = ["Kyoto", "Osaka", "Sendai", "Lyon", "Leiden", "Tartu", "Porto", "Aarhus", "Sapporo",
           "Fukuoka", "Nagoya", "Kobe", "Ghent", "Bologna", "Graz", "Turku", "Kanazawa"]
_JA_PLACES = ["京都", "大阪", "仙台", "札幌", "福岡", "名古屋", "神戸", "金沢", "広島", "熊本"]
_FRAMEWORKS = [("ESCO", "ext:ESCOSkill"), ("O*NET", "CFItem"), ("EQF", "CFItem"),
               ("JIS", "CFItem"), ("SFIA", "ext:SFIASkill")]
_ACH_TYPES = ["MicroCredential", "Badge", "Certificate", "Course", "Competency",
              "CertificateOfCompletion", "LearningProgram", "Assessment"]
_RESULT_KINDS = [
    ("LetterGrade", ["D", "C", "B", "A"], "C"),
    ("Percent", None, None),
    ("RubricCriterionLevel", None, None),
    ("Status", None, None),
    ("GradePointAverage", None, None),
]
_GENRES = ["Assignment", "Portfolio", "Report", "Video", "Presentation", "Exam script"]


def _text(rng: random.Random, lang: str, sentences: int) -> str:
    pool = _JA_SENTENCES if lang == "ja" else _EN_SENTENCES
    sep = "" if lang == "ja" else " "
    return sep.join(rng.choice(pool) for _ in range(sentences))


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:]}"


# -- keys ---------------------------------------------------------------------------------------


def _key(role: str, k: int) -> Json:
    import nacl.signing

    seed = hashlib.sha256(f"microcred benchmark corpus {role} key {k}".encode()).digest()
    pub = bytes(nacl.signing.SigningKey(seed).verify_key)
    pub_mb = baseline.b58btc_encode(b"\xed\x01" + pub)
    did = f"did:key:{pub_mb}"
    return {"k": k, "role": role, "seed": seed.hex(), "did": did,
            "verificationMethod": f"{did}#{pub_mb}", "publicKeyMultibase": pub_mb,
            "secretKeyMultibase": baseline.b58btc_encode(b"\x80\x26" + seed)}


def keys() -> list[Json]:
    """The 50 issuer keys (``k`` 0–49) then the 12 endorser keys (``k`` 50–61)."""
    out = [_key("issuer", k) for k in range(N_ISSUERS)]
    out += [dict(_key("endorser", j), k=N_ISSUERS + j) for j in range(N_ENDORSERS)]
    return out


# -- documents ----------------------------------------------------------------------------------


class _Signer:
    """Signs embedded endorsements with the naive pyld baseline (independent of microcred)."""

    def __init__(self) -> None:
        import nacl.signing

        self.naive = baseline.NaiveRdfc(baseline.bundled_contexts()[0])
        self.keys = {r["k"]: r for r in keys()}
        self._nacl = {k: nacl.signing.SigningKey(bytes.fromhex(r["seed"]))
                      for k, r in self.keys.items()}

    def sign(self, doc: Json, k: int, created: str) -> Json:
        return self.naive.sign(doc, self._nacl[k], self.keys[k]["verificationMethod"], created)


_SIGNER: _Signer | None = None


def _signer() -> _Signer:
    global _SIGNER
    if _SIGNER is None:
        _SIGNER = _Signer()
    return _SIGNER


def _vc1(version: str) -> bool:
    return VERSIONS[version][0][0] == VC1


def _dates(doc: Json, version: str, start: datetime, end: datetime | None) -> None:
    if _vc1(version):
        doc["issuanceDate"] = _iso(start)
        if end is not None:
            doc["expirationDate"] = _iso(end)
    else:
        doc["validFrom"] = _iso(start)
        if end is not None:
            doc["validUntil"] = _iso(end)


def _alignment(rng: random.Random, tag: str, k: int, lang: str, long: int = 0) -> Json:
    fw, ttype = rng.choice(_FRAMEWORKS)
    subject = rng.choice(_JA_SUBJECTS if lang == "ja" else _EN_SUBJECTS)
    out: Json = {
        "type": ["Alignment"],
        "targetCode": f"{fw[:4].upper()}-{tag}-{k:05d}",
        "targetName": f"{subject} {k}" if lang == "en" else f"{subject}・能力{k}",
        "targetFramework": fw,
        "targetUrl": f"https://frameworks.example.org/{fw.lower().replace('*', '')}/{tag}/{k}",
    }
    if rng.random() < 0.7 or long:
        out["targetDescription"] = _text(rng, lang, 1 + long + rng.randrange(2))
    if rng.random() < 0.8:
        out["targetType"] = ttype
    return out


def _endorsement(rng: random.Random, version: str, subject_id: str, i: int, j: int,
                 lang: str) -> Json:
    endorser = N_ISSUERS + rng.randrange(N_ENDORSERS)
    ekey = _signer().keys[endorser]
    place = rng.choice(_PLACES)
    start = _EPOCH - timedelta(days=rng.randrange(30, 700), seconds=rng.randrange(86_400))
    doc: Json = {
        "@context": list(VERSIONS[version][0]),
        "id": _uuid(rng),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": (f"品質保証機関による推薦 {i}-{j}" if lang == "ja"
                 else f"Quality endorsement {i}-{j}"),
        "issuer": {"id": ekey["did"], "type": ["Profile"],
                   "name": f"{place} Quality Assurance Agency"},
        "credentialSubject": {
            "id": subject_id, "type": ["EndorsementSubject"],
            "endorsementComment": _text(rng, lang, 1 + rng.randrange(3)),
        },
    }
    _dates(doc, version, start, None)
    created = _iso(start + timedelta(seconds=rng.randrange(3600)))
    return _signer().sign(doc, endorser, created)


def document(i: int) -> Json:
    """Corpus entry ``i``: ``{"i", "key", "created", "version", "lang", "document"}``."""
    rng = random.Random(f"{GENERATOR_VERSION}:{i}")
    version = rng.choices([v for v, _ in _VERSION_WEIGHTS],
                          [w for _, w in _VERSION_WEIGHTS])[0]
    lang = "ja" if rng.random() < 0.4 else "en"
    k = i % N_ISSUERS
    key = _signer().keys[k]
    ja_issuer = k % 5 < 2
    place = _JA_PLACES[k % len(_JA_PLACES)] if ja_issuer else _PLACES[k % len(_PLACES)]
    org = (_JA_ORGS if ja_issuer else _EN_ORGS)[k % 6]
    issuer: Json = {"id": key["did"], "type": ["Profile"],
                    "name": f"{place}{org}" if ja_issuer else f"{place} {org}",
                    "url": f"https://issuer{k}.example.edu"}
    if rng.random() < 0.5:
        issuer["email"] = f"registry@issuer{k}.example.edu"
    if rng.random() < 0.3:
        issuer["description"] = _text(rng, "ja" if ja_issuer else "en", 1)

    subjects, levels = (_JA_SUBJECTS, _JA_LEVELS) if lang == "ja" else (_EN_SUBJECTS, _EN_LEVELS)
    title = (f"{rng.choice(subjects)}{rng.choice(levels)}" if lang == "ja"
             else f"{rng.choice(levels)} {rng.choice(subjects)}")
    ach_id = f"https://issuer{k}.example.edu/achievements/{rng.randrange(10_000):04d}-{i}"
    ach: Json = {
        "id": ach_id, "type": ["Achievement"],
        "achievementType": rng.choice(_ACH_TYPES),
        "name": title,
        "description": _text(rng, lang, 1 + rng.randrange(6)),
        "criteria": {"narrative": _text(rng, lang, 1 + rng.randrange(4))},
    }
    if rng.random() < 0.6:
        ach["creditsAvailable"] = rng.choice([0.5, 1.5, 2.5, 4.5, 7.5, 1, 2, 3, 5, 6])
    if rng.random() < 0.5:
        ach["humanCode"] = f"{title[:2].upper()}-{rng.randrange(100, 999)}"
    if rng.random() < 0.4:
        ach["fieldOfStudy"] = rng.choice(subjects)
    if rng.random() < 0.5:
        ach["tag"] = rng.sample(subjects, 1 + rng.randrange(4))
    if version == "3.0.3" and rng.random() < 0.7:
        ach["inLanguage"] = lang
    n_align = rng.randrange(11)
    if n_align:
        ach["alignment"] = [_alignment(rng, f"a{i}", a, lang) for a in range(n_align)]

    subject: Json = {"type": ["AchievementSubject"], "achievement": ach}
    if rng.random() < 0.9:
        subject["id"] = (f"did:example:learner{rng.getrandbits(40):010x}" if rng.random() < 0.6
                         else _uuid(rng))
    n_rd = rng.choice([0, 0, 1, 1, 2, 3])
    rds, results = [], []
    for r in range(n_rd):
        kind, allowed, required = rng.choice(_RESULT_KINDS)
        rd: Json = {"id": _uuid(rng), "type": ["ResultDescription"],
                    "name": (f"評価項目 {r + 1}" if lang == "ja"
                             else f"Assessment component {r + 1}"),
                    "resultType": kind}
        if allowed:
            rd["allowedValue"] = allowed
            rd["requiredValue"] = required
        if rng.random() < 0.5:
            rd["alignment"] = [_alignment(rng, f"r{i}", 100 + r, lang)]
        rds.append(rd)
        res: Json = {"type": ["Result"], "resultDescription": rd["id"]}
        res["value"] = (rng.choice(allowed) if allowed else
                        f"{rng.randrange(50, 101)}" if kind == "Percent" else
                        "Completed" if kind == "Status" else f"{rng.randrange(20, 41) / 10:.1f}")
        if rng.random() < 0.3:
            res["alignment"] = [_alignment(rng, f"s{i}", 200 + r, lang)]
        results.append(res)
    if rds:
        ach["resultDescription"] = rds
        subject["result"] = results
    if rng.random() < 0.5:
        start = _EPOCH + timedelta(days=rng.randrange(600))
        subject["activityStartDate"] = _iso(start)
        subject["activityEndDate"] = _iso(start + timedelta(days=7 + rng.randrange(120)))
    if "creditsAvailable" in ach and rng.random() < 0.7:
        subject["creditsEarned"] = ach["creditsAvailable"]

    n_end = rng.choice([0, 0, 0, 1, 1, 2, 3])
    if n_end:
        # three endorsements: two of the achievement, one of the issuer
        n_ach = 2 if n_end == 3 else n_end
        ach["endorsement"] = [_endorsement(rng, version, ach_id, i, j, lang)
                              for j in range(n_ach)]
        if n_end == 3:
            issuer["endorsement"] = [
                _endorsement(rng, version, issuer["id"], i, 9, "ja" if ja_issuer else "en")]

    issued = _EPOCH + timedelta(hours=(i % 1200) * 7, seconds=rng.randrange(3600))
    doc: Json = {
        "@context": list(VERSIONS[version][0]),
        "id": _uuid(rng),
        "type": ["VerifiableCredential",
                 "OpenBadgeCredential" if rng.random() < 0.8 else "AchievementCredential"],
        "name": title,
        "issuer": issuer,
    }
    end = issued + timedelta(days=365 * (2 + rng.randrange(4))) if rng.random() < 0.5 else None
    _dates(doc, version, issued, end)
    if rng.random() < 0.5:
        doc["description"] = _text(rng, lang, 1 + rng.randrange(3))
    doc["credentialSubject"] = subject
    n_ev = rng.choice([0, 0, 1, 2, 3])
    if n_ev:
        doc["evidence"] = [{
            "id": f"https://issuer{k}.example.edu/evidence/{i}/{e}",
            "type": ["Evidence"],
            "name": (f"提出物 {e + 1}" if lang == "ja" else f"Evidence item {e + 1}"),
            "description": _text(rng, lang, 1),
            "narrative": _text(rng, lang, 1 + rng.randrange(2)),
            "genre": rng.choice(_GENRES),
            "audience": "Assessors" if lang == "en" else "評価者",
        } for e in range(n_ev)]
    created = _iso(issued + timedelta(minutes=1 + rng.randrange(59), seconds=rng.randrange(60)))
    return {"i": i, "key": k, "created": created, "version": version, "lang": lang,
            "document": doc}


def scaled(scale: str, j: int) -> Json:
    """Scale-row document ``j`` of ``scale`` (``"1KB"`` … ``"1MB"``), grown to about its size.

    Growth is by many distinct alignments, result descriptions with results, evidence and long
    descriptions (every blank node differs, so canonicalisation stays first-degree)."""
    target = SCALES[scale][0]
    rng = random.Random(f"{GENERATOR_VERSION}:scale:{scale}:{j}")
    version = "3.0.3" if j % 3 else "3.0.2"
    lang = "ja" if j % 2 else "en"
    k = (j * 7 + len(scale)) % N_ISSUERS
    key = _signer().keys[k]
    tag = f"{scale.lower()}{j}"
    ach: Json = {"id": f"https://issuer{k}.example.edu/achievements/{tag}",
                 "type": ["Achievement"], "name": f"Scale {scale} credential {j}",
                 "criteria": {"narrative": _text(rng, lang, 1)}}
    subject: Json = {"id": f"did:example:scale{tag}", "type": ["AchievementSubject"],
                     "achievement": ach}
    issued = _EPOCH + timedelta(days=j, seconds=rng.randrange(86_400))
    doc: Json = {"@context": list(VERSIONS[version][0]), "id": _uuid(rng),
                 "type": ["VerifiableCredential", "OpenBadgeCredential"], "name": ach["name"],
                 "issuer": {"id": key["did"], "type": ["Profile"], "name": f"Issuer {k}"}}
    _dates(doc, version, issued, None)
    doc["credentialSubject"] = subject

    def size_now() -> int:
        return size(doc)

    if target <= 1_000:
        ach["description"] = _text(rng, lang, 1)
        if size_now() < target * 0.85:
            ach["alignment"] = [_alignment(rng, tag, 0, lang)]
        return {"i": j, "key": k, "created": _iso(issued), "version": version, "lang": lang,
                "scale": scale, "document": doc}
    long = 1  # the same composition at every size (a log-log slope stays meaningful)
    ach["description"] = _text(rng, lang, 4 + long * 4)
    aligns: list[Json] = []
    rds: list[Json] = []
    results: list[Json] = []
    ach["alignment"] = aligns
    ach["resultDescription"] = rds
    subject["result"] = results
    n = 0
    # grow in steps; recompute the size only now and then (cheap for 1 MB)
    while True:
        cur = size_now()
        if cur >= target * 0.97:
            break
        step = max(1, (target - cur) // 2_000)
        for _ in range(step):
            m = n % 4
            if m < 2:
                aligns.append(_alignment(rng, tag, n, lang, long=long))
            elif m == 2:
                rd_id = f"urn:uuid:00000000-0000-4000-8000-{j:04d}{n:08d}"
                rds.append({"id": rd_id, "type": ["ResultDescription"],
                            "name": f"Component {n}", "resultType": "LetterGrade",
                            "allowedValue": ["D", "C", "B", "A"], "requiredValue": "C",
                            "alignment": [_alignment(rng, tag, 10_000_000 + n, lang)]})
                results.append({"type": ["Result"], "resultDescription": rd_id,
                                "value": rng.choice("ABCD")})
            else:
                ev = doc.setdefault("evidence", [])
                ev.append({"id": f"https://issuer{k}.example.edu/evidence/{tag}/{n}",
                           "type": ["Evidence"], "name": f"Evidence {n}",
                           "narrative": _text(rng, lang, 1 + long)})
            n += 1
    return {"i": j, "key": k, "created": _iso(issued + timedelta(minutes=5)),
            "version": version, "lang": lang, "scale": scale, "document": doc}


def size(doc: Any) -> int:
    """Compact JSON size in bytes (UTF-8, non-ASCII kept)."""
    return len(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode())


def documents(n: int = N_DOCS) -> Iterator[Json]:
    """The first ``n`` corpus entries."""
    for i in range(n):
        yield document(i)


def _scale_counts(per_scale: int | None, scales: Sequence[str] | None) -> dict[str, int]:
    return {s: c if per_scale is None else min(per_scale, c)
            for s, (_t, c) in SCALES.items() if scales is None or s in scales}


def scale_documents(per_scale: int | None = None,
                    scales: Sequence[str] | None = None) -> Iterator[Json]:
    """The scale rows (``per_scale`` documents of each, default ``SCALES``)."""
    for scale, count in _scale_counts(per_scale, scales).items():
        for j in range(count):
            yield scaled(scale, j)


# -- files --------------------------------------------------------------------------------------


def _dump(path: Path, rows: Iterable[Json]) -> str:
    h = hashlib.sha256()
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            line = json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"
            h.update(line.encode())
            f.write(line)
    return h.hexdigest()


def write(out: Path, n: int = N_DOCS, per_scale: int | None = None,
          scales: Sequence[str] | None = None) -> Json:
    """Write the corpus files into ``out`` (``scales``: the scale rows wanted, default all)."""
    out.mkdir(parents=True, exist_ok=True)
    manifest: Json = {"generator": GENERATOR_VERSION, "n": n, "verify_now": VERIFY_NOW,
                      "issuer_keys": N_ISSUERS, "endorser_keys": N_ENDORSERS,
                      "scales": _scale_counts(per_scale, scales), "files": {}}
    manifest["files"]["keys.jsonl"] = _dump(out / "keys.jsonl", keys())
    manifest["files"]["corpus.jsonl"] = _dump(out / "corpus.jsonl", documents(n))
    manifest["files"]["scale.jsonl"] = _dump(out / "scale.jsonl",
                                             scale_documents(per_scale, scales))
    manifest["files"]["warmup.jsonl"] = _dump(
        out / "warmup.jsonl", (document(WARMUP_START + j) for j in range(N_WARMUP)))
    contexts = json.dumps(baseline.bundled_contexts()[0], ensure_ascii=False, sort_keys=True)
    (out / "contexts.json").write_text(contexts, encoding="utf-8")
    manifest["files"]["contexts.json"] = hashlib.sha256(contexts.encode()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def read(path: Path) -> list[Json]:
    """One JSON Lines file."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ensure(out: Path, n: int = N_DOCS, per_scale: int | None = None,
           scales: Sequence[str] | None = None) -> Json:
    """``out`` holds this generator's corpus of (at least) these counts; write it if not."""
    try:
        manifest: Json = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        wanted = _scale_counts(per_scale, scales)
        if (manifest.get("generator") == GENERATOR_VERSION and manifest.get("n", 0) >= n
                and all(manifest["scales"].get(s, 0) >= c for s, c in wanted.items())
                and all((out / f).is_file() for f in manifest["files"])):
            return manifest
    except (OSError, ValueError, KeyError):
        pass
    return write(out, n, per_scale, scales)


def stats(entries: Sequence[Json]) -> Json:
    """Counts and sizes of a list of entries (for the report and the tests)."""
    sizes = sorted(size(e["document"]) for e in entries)
    out: Json = {"n": len(entries), "min_bytes": sizes[0], "max_bytes": sizes[-1],
                 "median_bytes": sizes[len(sizes) // 2],
                 "versions": {}, "langs": {}, "issuer_keys": len({e["key"] for e in entries})}
    for e in entries:
        out["versions"][e["version"]] = out["versions"].get(e["version"], 0) + 1
        out["langs"][e["lang"]] = out["langs"].get(e["lang"], 0) + 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="directory to write")
    ap.add_argument("--n", type=int, default=N_DOCS, help=f"corpus size ({N_DOCS})")
    ap.add_argument("--per-scale", type=int, default=None,
                    help="at most this many documents per scale row (default: all)")
    ap.add_argument("--scales", default=",".join(SCALES),
                    help="scale rows, comma-separated (default: all)")
    args = ap.parse_args(argv)
    manifest = write(args.out, args.n, args.per_scale, [s for s in args.scales.split(",") if s])
    print(json.dumps(stats(read(args.out / "corpus.jsonl")), ensure_ascii=False))
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
