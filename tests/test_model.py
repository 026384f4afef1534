"""The descriptor model: labels against the seed, round trip, and bad input naming the field."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import microcred
from _vectors import project_file
from microcred import (
    COMMON_DESCRIPTORS,
    EU_EXTRA_DESCRIPTORS,
    Descriptor,
    InvalidDataError,
    LearnerEffort,
    LocalizedText,
    MicroCredential,
    Supervision,
    is_well_formed_language_tag,
)

SEED = project_file("seed/README.md")
JST = timezone(timedelta(hours=9))


def full_example() -> dict[str, Any]:
    """A micro-credential with every descriptor filled in (JSON shape)."""
    return {
        "id": "https://example.ac.jp/mc/ds101",
        "learner": {"id": "did:example:learner1", "name": "Hanako Yamada",
                    "identifiers": [{"identity_type": "emailAddress",
                                     "identity_hash": "sha256$abcd", "hashed": True,
                                     "salt": "s1"}]},
        "issue_date": "2025-03-31T10:00:00+09:00",
        "title": {"text": "Data science basics", "lang": "en",
                  "translations": {"ja": "データサイエンス基礎"}},
        "awarding_body": {"name": {"text": "Example University"},
                          "id": "https://example.ac.jp", "country": "JP", "region": "JP-13"},
        "description": "Statistics and Python for data analysis.",
        "learning_outcomes": [{"statement": "Explain descriptive statistics.",
                               "alignments": [{"target_url": "https://esco.example/skill/1",
                                               "framework": "ESCO"}]}],
        "participation": {"mode": "online", "synchrony": "asynchronous"},
        "languages": ["ja", "en"],
        "effort": {"hours": "90", "credits": [{"amount": "2", "system": "JP_TANI"}]},
        "assessment": {"kinds": ["testing", "project"], "criteria": "Rubric, pass at 60%",
                       "supervision": "supervised_online_with_identity_verification",
                       "identity_verified": True},
        "quality_assurance": [{"kind": "internal", "scope": "programme"},
                              {"kind": "external", "scope": "institution",
                               "body": "NIAD-QE", "reference": "https://niadqe.jp/"}],
        "level": {"framework": "EQF", "value": 6},
        "certification": {"kind": "digital_badge", "name": "Open Badge 3.0"},
        "recognition": {"credits": [{"amount": "2", "system": "JP_TANI"}]},
        "prerequisites": {"description": "High-school mathematics",
                          "credentials": ["https://example.ac.jp/mc/math0"]},
        "stackability": {"integration": "integrated",
                         "towards": [{"name": "Certificate in Data Science",
                                      "pathways": ["modular", "recognition_of_prior_learning"]}]},
        "grade": {"value": "A", "scale": "A-F"},
        "further_information": "https://example.ac.jp/mc",
        "valid_until": "2030-03-31T00:00:00Z",
    }


# -- descriptors against the seed table ---------------------------------------------------------


def test_descriptor_order_and_labels_match_seed_table() -> None:
    assert len(COMMON_DESCRIPTORS) == 17 and len(EU_EXTRA_DESCRIPTORS) == 3
    assert list(Descriptor) == [*COMMON_DESCRIPTORS, *EU_EXTRA_DESCRIPTORS]
    rows = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (\d+) \| ([^|]+) \| ([^|]+) \|", line)
        if m:
            rows[int(m.group(1))] = (m.group(2).strip(), m.group(3).strip())
    assert sorted(rows) == list(range(1, 18))
    for d in COMMON_DESCRIPTORS:
        ja, en = rows[d.number]
        assert (d.label_ja, d.label_en) == (ja, en)
        assert d.is_common
        assert d.label("ja") == ja and d.label() == en


def test_extras_are_eu_annex_elements() -> None:
    assert [d.label_en for d in EU_EXTRA_DESCRIPTORS] == [
        "Supervision and identity verification during assessment",
        "Grade achieved",
        "Further information",
    ]
    assert all(not d.is_common and d.label_ja for d in EU_EXTRA_DESCRIPTORS)


def test_every_descriptor_is_a_model_field() -> None:
    mc = MicroCredential.parse(full_example())
    assert mc.present_descriptors() == frozenset(Descriptor)
    assert mc.missing_descriptors() == ()
    for d in Descriptor:
        obj: Any = mc
        for part in d.field.split("."):
            obj = getattr(obj, part)
        assert obj not in (None, [])
    empty = MicroCredential()
    assert empty.present_descriptors() == frozenset()
    assert empty.missing_descriptors() == tuple(Descriptor)


def test_country_presence_is_separate_from_body() -> None:
    mc = MicroCredential(awarding_body={"name": "X Univ."})
    assert mc.has(Descriptor.AWARDING_BODY) and not mc.has(Descriptor.COUNTRY_REGION)


def test_round_trip_of_full_example() -> None:
    mc = MicroCredential.parse(full_example())
    dumped = mc.model_dump(mode="json")
    again = MicroCredential.parse(dumped)
    assert again == mc
    assert MicroCredential.parse_json(mc.model_dump_json()) == mc
    assert again.model_dump(mode="json") == dumped
    assert mc.issue_date == datetime(2025, 3, 31, 1, 0, tzinfo=timezone.utc)
    assert mc.title is not None and mc.title.in_lang("ja") == "データサイエンス基礎"


def test_effort_interval() -> None:
    assert LearnerEffort(hours=Decimal("12.5")).hours_interval() == (Fraction(25, 2),) * 2
    e = LearnerEffort(credits=[{"amount": "2", "system": "ECTS"},
                               {"amount": "1", "system": "JP_TANI"}])
    assert e.hours_interval() == (Fraction(45), Fraction(60))


# -- BCP 47 ---------------------------------------------------------------------------------------

# Examples from RFC 5646 Appendix A (well-formed) and §2.1/§2.2.5/§2.2.6 (malformed).
RFC5646_GOOD = ["de", "fr", "ja", "i-enochian", "zh-Hant", "zh-Hans", "sr-Cyrl", "sr-Latn",
                "zh-cmn-Hans-CN", "cmn-Hans-CN", "zh-yue-HK", "yue-HK", "zh-Hans-CN",
                "sr-Latn-RS", "sl-rozaj", "sl-rozaj-biske", "sl-nedis", "de-CH-1901",
                "sl-IT-nedis", "hy-Latn-IT-arevela", "de-DE", "en-US", "es-419",
                "de-CH-x-phonebk", "az-Arab-x-AZE-derbend", "x-whatever",
                "qaa-Qaaa-QM-x-southern", "de-Qaaa", "sr-Latn-QM", "sr-Qaaa-RS", "en-US-u-islamcal",
                "zh-CN-a-myext-x-private", "en-a-myext-b-another"]
RFC5646_BAD = ["de-419-DE", "a-DE", "ar-a-aaa-b-bbb-a-ccc", "en_US", "", "-en", "en-",
               "toolongtag", "de-DE-1996-1996", "日本語", "en--US", "x", "123"]


@pytest.mark.parametrize("tag", RFC5646_GOOD)
def test_rfc5646_examples_well_formed(tag: str) -> None:
    assert is_well_formed_language_tag(tag)
    assert MicroCredential(languages=[tag]).languages[0].lower() == tag.lower()


@pytest.mark.parametrize("tag", RFC5646_BAD)
def test_rfc5646_bad_tags_rejected(tag: str) -> None:
    assert not is_well_formed_language_tag(tag)
    with pytest.raises(InvalidDataError) as info:
        MicroCredential.parse({"languages": ["en", tag]})
    assert [e.path for e in info.value.errors] == ["languages.1"]


def test_language_case_is_normalised() -> None:
    mc = MicroCredential(languages=["EN-gb", "ZH-hant-tw"])
    assert mc.languages == ["en-GB", "zh-Hant-TW"]
    with pytest.raises(InvalidDataError):
        MicroCredential.parse({"languages": ["en", "EN"]})


# -- bad input names the field -------------------------------------------------------------------


def _paths(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InvalidDataError) as info:
        MicroCredential.parse(data)
    assert isinstance(info.value, microcred.MicrocredError)
    assert isinstance(info.value.__cause__, Exception)
    return [e.path for e in info.value.errors]


@pytest.mark.parametrize(
    ("patch", "path"),
    [
        ({"issue_date": "2025-03-31T10:00:00"}, "issue_date"),  # naive datetime
        ({"valid_until": "2020-01-01T00:00:00Z"}, "valid_until"),  # before issue
        ({"level": {"framework": "EQF", "value": 9}}, "level.value"),
        ({"level": {"framework": "EQF", "value": 0}}, "level.value"),
        ({"level": {"framework": "AQF", "value": 11}}, "level.value"),
        ({"level": {"framework": "MQF", "value": 9}}, "level.value"),
        ({"level": {"framework": "NQF", "value": 3}}, "level.framework"),
        ({"effort": {"hours": "-3"}}, "effort.hours"),
        ({"effort": {"hours": "0"}}, "effort.hours"),
        ({"effort": {"hours": "1e9"}}, "effort.hours"),
        ({"effort": {"hours": "NaN"}}, "effort.hours"),
        ({"effort": {}}, "effort"),
        ({"effort": {"credits": [{"amount": "-1", "system": "ECTS"}]}}, "effort.credits.0.amount"),
        ({"effort": {"credits": [{"amount": "5000", "system": "ECTS"}]}}, "effort.credits.0"),
        ({"effort": {"credits": [{"amount": "1", "system": "CATS"}]}}, "effort.credits.0.system"),
        ({"awarding_body": {"name": "U", "country": "Japan"}}, "awarding_body.country"),
        ({"awarding_body": {"name": "U", "country": "JP", "region": "US-CA"}},
         "awarding_body.region"),
        ({"awarding_body": {"name": "U", "country": "JP", "region": "JP13"}},
         "awarding_body.region"),
        ({"awarding_body": {"name": "U", "region": "JP-13"}}, "awarding_body.region"),
        ({"awarding_body": {"name": "  "}}, "awarding_body.name.text"),
        ({"stackability": {"integration": "stand_alone", "towards": [{"name": "BSc"}]}},
         "stackability.towards"),
        ({"stackability": {"integration": "integrated"}}, "stackability.towards"),
        ({"stackability": {"integration": "integrated",
                           "towards": [{"name": "BSc", "pathways": ["modular", "modular"]}]}},
         "stackability.towards.0.pathways"),
        ({"assessment": {"kinds": ["testing"],
                         "supervision": "unsupervised_no_identity_verification",
                         "identity_verified": True}}, "assessment.identity_verified"),
        ({"assessment": {"kinds": []}}, "assessment.kinds"),
        ({"learner": {"name": "Anonymous"}}, "learner"),
        ({"learner": {"id": "not a uri"}}, "learner.id"),
        ({"title": {"text": "x", "lang": "en", "translations": {"en": "y"}}},
         "title.translations"),
        ({"title": {"text": "x", "translations": {"bad_tag": "y"}}},
         "title.translations.bad_tag.[key]"),
        ({"title": {"text": "x", "translations": {"en-GB": "y", "EN-gb": "z"}}},
         "title.translations"),
        ({"recognition": {"kind": "academic_credit"}}, "recognition"),
        ({"prerequisites": {}}, "prerequisites"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_names_the_field(patch: dict[str, Any], path: str) -> None:
    data = full_example()
    data.update(patch)
    assert path in _paths(data)


def test_every_problem_is_reported() -> None:
    paths = _paths({"issue_date": "2025-01-01", "languages": ["??"],
                    "level": {"framework": "EQF", "value": 99}})
    assert paths == ["issue_date", "languages.0", "level.value"]


def test_messages_are_bilingual() -> None:
    with pytest.raises(InvalidDataError) as info:
        MicroCredential.parse({"stackability": {"integration": "integrated"}})
    msg = str(info.value)
    assert "integrated" in msg and "積み上げ先" in msg


def test_parse_json_errors() -> None:
    with pytest.raises(InvalidDataError):
        MicroCredential.parse_json("{not json")
    with pytest.raises(InvalidDataError):
        MicroCredential.parse_json('{"level": {"framework": "EQF", "value": 12}}')


def test_model_is_frozen() -> None:
    mc = MicroCredential(title="x")
    with pytest.raises(Exception):  # noqa: B017  (pydantic raises ValidationError)
        mc.title = LocalizedText(text="y")  # type: ignore[misc]


def test_supervision_flag() -> None:
    assert Supervision.SUPERVISED_ONSITE_WITH_ID.identity_verified
    assert not Supervision.SUPERVISED_NO_ID.identity_verified


def test_issue_date_keeps_instant() -> None:
    mc = MicroCredential(issue_date=datetime(2025, 4, 1, 9, 0, tzinfo=JST))
    again = MicroCredential.parse(mc.model_dump(mode="json"))
    assert again.issue_date == mc.issue_date
    assert again.issue_date is not None and again.issue_date.utcoffset() == timedelta(hours=9)


def test_every_enum_value_has_bilingual_labels() -> None:
    enums: list[Any] = [microcred.ProviderKind, microcred.ParticipationMode, microcred.Synchrony,
             microcred.AssessmentKind, Supervision, microcred.QAKind, microcred.QAScope,
             microcred.LevelFramework, microcred.CertificationKind, microcred.RecognitionKind,
             microcred.Integration, microcred.PathwayModel, microcred.CreditSystem]
    for e in enums:
        for m in e:
            assert m.label_en and m.label_ja and m.label_en != m.label_ja, m
            assert m.label("ja") == m.label_ja and m.label("en") == m.label_en
    # seed §6 wording of the pathway models
    labels = [m.label_ja for m in microcred.PathwayModel]
    assert labels == ["内包", "既修得学習の認定", "モジュール"]
    # EU Annex I O2 wording of the supervision values (frameworks.md §1.2)
    assert Supervision.UNSUPERVISED_NO_ID.label_en == "Unsupervised with no identity verification"


# -- issue 11, finding 9: huge exponents are refused before exact conversion ------------------

@pytest.mark.parametrize("amount, code", [
    ("1e10000000", "finite_number"),  # pydantic itself reads this as infinite
    ("1E+10000000", "finite_number"),
    ("1e100", "number_too_large"),
    ("1e-10000000", "number_too_precise"),
    (10**400, "number_too_large"),
    ("1" + "0" * 5000, "number_too_long"),
    ("0.0000001", "number_too_precise"),
])
@pytest.mark.parametrize("where", ["effort", "recognition"])
def test_huge_or_tiny_credit_amounts_fail_fast_and_typed(amount: Any, code: str,
                                                         where: str) -> None:
    import time
    data = {where: {"credits": [{"amount": amount, "system": "ECTS"}]}}
    start = time.perf_counter()
    with pytest.raises(InvalidDataError) as info:
        MicroCredential.parse(data)
    assert time.perf_counter() - start < 0.5
    assert code in {e.type for e in info.value.errors}


def test_huge_hours_fail_fast_and_typed() -> None:
    for hours in ("1e10000000", "1e-10000000", 10**400):
        with pytest.raises(InvalidDataError):
            MicroCredential.parse({"effort": {"hours": hours}})


def test_ordinary_amounts_still_parse() -> None:
    mc = MicroCredential.parse({"effort": {"hours": "12.5",
                                           "credits": [{"amount": "1.500000", "system": "ECTS"}]}})
    assert mc.effort is not None and mc.effort.credits[0].amount == Decimal("1.5")
