"""Deterministic Open Badges 3.0 workloads for the benchmarks.

``typical(i)`` is a micro-credential of about 1.5 KB of compact JSON; ``large(i)`` is about
15 KB (embedded, signed endorsements, evidence, many alignments, result descriptions and
results).  Both use the VC 2.0 + OB 3.0.3 contexts in that order and pass JSON-LD safe mode.
The index ``i`` varies identifiers and text so that no two credentials of a batch are equal.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

VC2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CONTEXTS = [VC2, OB303]

Json = dict[str, Any]
#: ``endorse(unsigned_endorsement, k) -> signed endorsement`` (sets the endorser as issuer).
Endorser = Callable[[Json, int], Json]
_ENDORSEMENTS: dict[tuple[int, int, str], Json] = {}
#: The achievement every credential of the cohort is awarded for.
ACHIEVEMENT_ID = "https://university.example.edu/achievements/data-literacy"


def _alignment(i: int, k: int) -> Json:
    return {
        "type": ["Alignment"],
        "targetCode": f"SKILL-{k:03d}",
        "targetName": f"Skill {k} of programme {i % 97}",
        "targetDescription": f"Learners can apply competence {k} in a realistic setting.",
        "targetFramework": "ESCO",
        "targetType": "ext:ESCOSkill" if k % 3 == 0 else "CFItem",
        "targetUrl": f"https://esco.example.org/skill/{i % 97}/{k}",
    }


def _issuer(i: int, issuer_id: str | None) -> Json:
    return {
        "id": issuer_id or f"https://university.example.edu/issuers/{i % 13}",
        "type": ["Profile"],
        "name": f"Example University {i % 13}",
        "url": "https://university.example.edu",
    }


def typical(i: int, issuer_id: str | None = None) -> Json:
    """A typical micro-credential (~1.5 KB compact JSON); ``issuer_id`` e.g. the signer's DID."""
    return {
        "@context": list(CONTEXTS),
        "id": f"urn:uuid:3f0c7a53-8a5e-4b0d-9d53-{i:012d}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": _issuer(i, issuer_id),
        "validFrom": "2025-04-01T00:00:00Z",
        "validUntil": "2030-04-01T00:00:00Z",
        "name": f"Data Literacy Micro-credential #{i}",
        "credentialSubject": {
            "id": f"did:example:learner{i:08d}",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": ACHIEVEMENT_ID,
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Data Literacy for Practitioners",
                "description": "Read, clean and chart tabular data; judge the quality of a "
                "data source; communicate findings to a non-specialist audience.",
                "criteria": {
                    "narrative": "Pass the online assessment (70 % or more) and submit a "
                    "short data story that is graded against the published rubric."
                },
                "creditsAvailable": 2.0,
                "inLanguage": "en",
                "alignment": [_alignment(i, 1), _alignment(i, 2)],
            },
        },
    }


def _proof(i: int, k: int) -> Json:
    return {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2024-05-01T12:00:00Z",
        "verificationMethod": f"did:key:z6MkEndorser{k}#z6MkEndorser{k}",
        "proofPurpose": "assertionMethod",
        "proofValue": "z" + "3" * 86 + f"{i % 10}{k % 10}",
    }


def _endorsement(i: int, k: int, endorse: Endorser | None, subject: str) -> Json:
    if endorse is not None:
        # Real endorsements are the same for a whole cohort: sign each once.
        key = (id(endorse), k, subject)
        if key not in _ENDORSEMENTS:
            doc = _endorsement(0, k, None, subject)
            del doc["proof"]
            _ENDORSEMENTS[key] = endorse(doc, k)
        return json.loads(json.dumps(_ENDORSEMENTS[key]))
    return {
        "@context": list(CONTEXTS),
        "id": f"urn:uuid:9b1e0c44-2f6b-4c2e-8a1d-{i:08d}{k:04d}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": f"Quality endorsement {k}",
        "issuer": {
            "id": f"https://agency{k}.example.org/issuers/1",
            "type": ["Profile"],
            "name": f"Quality Assurance Agency {k}",
        },
        "validFrom": "2024-05-01T00:00:00Z",
        "credentialSubject": {
            "id": subject,
            "type": ["EndorsementSubject"],
            "endorsementComment": "The programme meets the agency's micro-credential "
            f"quality standards (review {2024 + k}).",
        },
        "proof": _proof(i, k),
    }


def large(i: int, issuer_id: str | None = None, endorse: Endorser | None = None) -> Json:
    """A large credential (~15 KB compact JSON): endorsements, evidence, results.

    Without ``endorse`` the five embedded endorsements carry placeholder proofs (fine for
    canonicalisation and for verifying the outer proof only); with it they are really signed.
    """
    doc = typical(i, issuer_id)
    ach = doc["credentialSubject"]["achievement"]
    ach["alignment"] = [_alignment(i, k) for k in range(14)]
    ach["endorsement"] = [_endorsement(i, k, endorse, ACHIEVEMENT_ID) for k in range(3)]
    ach["fieldOfStudy"] = "Data science"
    ach["humanCode"] = "DL-101"
    ach["tag"] = ["data", "literacy", "statistics", "visualisation"]
    rds = []
    for k in range(4):
        rds.append({
            "id": f"urn:uuid:5d2c7c1e-0000-4000-8000-{i:08d}{k:04d}",
            "type": ["ResultDescription"],
            "name": f"Assessment component {k}",
            "resultType": "LetterGrade",
            "allowedValue": ["D", "C", "B", "A"],
            "requiredValue": "C",
            "alignment": [_alignment(i, 100 + k)],
        })
    ach["resultDescription"] = rds
    subj = doc["credentialSubject"]
    subj["result"] = [
        {
            "type": ["Result"],
            "resultDescription": rd["id"],
            "value": "ABCD"[(i + k) % 4],
            "alignment": [_alignment(i, 200 + k)],
        }
        for k, rd in enumerate(rds)
    ]
    subj["activityStartDate"] = "2025-01-10T00:00:00Z"
    subj["activityEndDate"] = "2025-03-28T00:00:00Z"
    subj["creditsEarned"] = 2.0
    doc["evidence"] = [
        {
            "id": f"https://university.example.edu/evidence/{i}/{k}",
            "type": ["Evidence"],
            "name": f"Evidence item {k}",
            "description": "Submitted artefact reviewed by two assessors against the rubric.",
            "narrative": f"Learner {i} submitted item {k}; both assessors agreed on the grade.",
            "genre": "Assignment",
            "audience": "Assessors",
        }
        for k in range(4)
    ]
    doc["issuer"]["endorsement"] = [_endorsement(i, 10 + k, endorse, doc["issuer"]["id"])
                                    for k in range(2)]
    doc["description"] = "Awarded for completing the data literacy micro-credential. " * 2
    return doc


def size(doc: Json) -> int:
    """Compact JSON size in bytes."""
    return len(json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode())


WORKLOADS = {"typical": typical, "large": large}
