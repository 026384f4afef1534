"""Framework profiles: the seed table cell for cell, Annex I, checks, gaps and comparison."""

from __future__ import annotations

import csv
import io
import re
from fractions import Fraction
from typing import Any

import pytest

from _vectors import project_file
from microcred import Descriptor, MicroCredential, ProfileError, profiles
from microcred.__main__ import build_demo_credential
from microcred.profiles import (
    Finding,
    MinimumEffort,
    Profile,
    ProviderKindIn,
    Requirement,
    Rule,
    Severity,
    Status,
)

SEED = project_file("seed/README.md")
FRAMEWORKS = project_file("research/frameworks.md")


def seed_table() -> dict[int, list[str]]:
    """Rows of the seed's §2 table: number -> [JWG, EU, Australia, Malaysia, 履修証明] cells."""
    rows: dict[int, list[str]] = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\| \d+ \|", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[int(cells[0])] = cells[3:8]
    return rows


def test_seed_table_reproduced_cell_for_cell() -> None:
    rows = seed_table()
    assert len(rows) == 17
    symbol = {"必須": Requirement.REQUIRED, "選択": Requirement.OPTIONAL,
              "有り": Requirement.LISTED, "": Requirement.NOT_LISTED}
    for d in Descriptor:
        if not d.is_common:
            continue
        for col, p in enumerate(profiles.ALL):
            assert p.requirement(d) is symbol[rows[d.number][col]], (p.key, d)


def test_seed_table_via_comparison_markdown() -> None:
    rows = seed_table()
    md = profiles.compare(descriptors=[d for d in Descriptor if d.is_common]).to_markdown("ja")
    lines = md.splitlines()
    assert lines[0] == "| # | 記述項目 | JWG | EU | Australia | Malaysia | 履修証明 |"
    for line in lines[2:]:
        cells = [c.strip().rstrip("*") for c in line.strip().strip("|").split("|")]
        assert cells[2:] == rows[int(cells[0])]


def test_seed_headers_match() -> None:
    text = SEED.read_text(encoding="utf-8")
    header = ("| # | Descriptor (ja) | Descriptor (en) | JWG | EU | Australia | Malaysia "
              "| 履修証明 |")
    assert header in text
    assert [p.key for p in profiles.ALL] == ["JWG", "EU", "AUSTRALIA", "MALAYSIA",
                                             "JP_CERTIFICATE_PROGRAMME"]


def test_eu_council_2022_annex_i() -> None:
    p = profiles.EU_COUNCIL_2022
    req = p.descriptors(Requirement.REQUIRED)
    cond = p.descriptors(Requirement.CONDITIONAL)
    opt = p.descriptors(Requirement.OPTIONAL)
    # frameworks.md §1.2: 11 mandatory elements (M8 level conditional), 5 optional ones.
    assert len(req) + len(cond) == 11 and cond == (Descriptor.LEVEL,)
    assert set(opt) == {Descriptor.PREREQUISITES, Descriptor.SUPERVISION_IDENTITY_VERIFICATION,
                        Descriptor.GRADE, Descriptor.STACKABILITY,
                        Descriptor.FURTHER_INFORMATION}
    for d in (Descriptor.CONTENT, Descriptor.LANGUAGE, Descriptor.CERTIFICATION,
              Descriptor.CREDIT_RECOGNITION):
        assert p.requirement(d) is Requirement.NOT_LISTED
    ids = []
    for d in (*req, *cond, *opt):
        cite = p.rule(d).citation
        assert "Annex I" in cite
        ids += re.findall(r"\belement ([MO]\d+)\b", cite)
    # every Annex I element (frameworks.md §1.2: M1-M11, O1-O5) is encoded exactly once
    assert sorted(ids) == sorted([f"M{i}" for i in range(1, 12)] + [f"O{i}" for i in range(1, 6)])


def test_eu_annex_matches_research_crosswalk() -> None:
    text = FRAMEWORKS.read_text(encoding="utf-8")
    assert "**Mandatory elements** (11)" in text
    assert '**Optional elements, "where relevant (non-exhaustive list)"** (5)' in text
    assert "Mandatory **\"if applicable\"**" in text  # level row of the cross-walk
    for line in text.splitlines():
        if line.startswith("| 9 | Language"):
            assert "**Not an Annex I element**" in line
        if line.startswith("| 16 | Prerequisites"):
            assert "**Optional**" in line


def test_primary_source_notes() -> None:
    assert "if applicable" in profiles.EU.rule(Descriptor.LEVEL).note_en
    assert profiles.EU.requirement(Descriptor.LEVEL) is Requirement.REQUIRED  # the seed's cell
    assert profiles.EU.rule(Descriptor.CREDIT_RECOGNITION).citation
    for p in profiles.BUILTIN:
        assert p.sources and p.name_en and p.name_ja


def test_minimum_volumes() -> None:
    def volumes(p: Profile) -> list[tuple[Fraction, Fraction | None]]:
        return [(c.hours, c.credits) for c in p.constraints if isinstance(c, MinimumEffort)]

    assert volumes(profiles.JWG) == [(Fraction(10), Fraction(1))]  # seed §3
    assert volumes(profiles.AUSTRALIA) == [(Fraction(1), None)]  # NMF
    assert volumes(profiles.JP_CERTIFICATE_PROGRAMME) == [(Fraction(60), None)]  # 施行規則164条
    kinds = [c for c in profiles.JP_CERTIFICATE_PROGRAMME.constraints
             if isinstance(c, ProviderKindIn)]
    assert [sorted(k.value for k in c.kinds) for c in kinds] == [["higher_education"]]


# -- checks ---------------------------------------------------------------------------------------


def demo() -> MicroCredential:
    return build_demo_credential()


def with_(mc: MicroCredential, **changes: Any) -> MicroCredential:
    data = mc.model_dump(mode="json")
    data.update(changes)
    return MicroCredential.parse(data)


def test_demo_against_every_profile() -> None:
    mc = demo()
    status = {p.key: profiles.check(mc, p).status for p in profiles.BUILTIN}
    # 履修証明 counts contact hours (授業時間, issue 16) and the demo states only its 90
    # notional hours, so that column is now undetermined instead of conforming. SAMC: 90 h is
    # not 40 h plus 20-hour steps, and no MQF level; NZQA: level required.
    assert status == {"JWG": Status.CONFORMS, "EU": Status.DOES_NOT_CONFORM,
                      "AUSTRALIA": Status.CONFORMS, "MALAYSIA": Status.INDETERMINATE,
                      "JP_CERTIFICATE_PROGRAMME": Status.INDETERMINATE,
                      "EU_COUNCIL_2022": Status.CONFORMS, "AU_NMF_2021": Status.CONFORMS,
                      "MY_SAMC_2023": Status.DOES_NOT_CONFORM,
                      "NZ_NZQA_2022": Status.DOES_NOT_CONFORM, "UK_QAA_2022": Status.CONFORMS,
                      # no NFQ level and no ECTS; the third outcome is not aligned
                      "IE_IUA_MICROCREDS": Status.DOES_NOT_CONFORM,
                      "CA_ECAMPUSONTARIO_2020": Status.DOES_NOT_CONFORM}
    ca = profiles.check(mc, profiles.CA_ECAMPUSONTARIO_2020)
    assert [f.code for f in ca.findings] == ["outcome_not_aligned"]
    jp = profiles.check(mc, profiles.JP_CERTIFICATE_PROGRAMME)
    assert [f.code for f in jp.findings] == ["contact_hours_unknown"]
    effort = {"hours": "90", "contact_hours": "60"}
    assert profiles.check(with_(mc, effort=effort), profiles.JP_CERTIFICATE_PROGRAMME).conforms
    eu = profiles.check(mc, profiles.EU)
    assert eu.missing_required == (Descriptor.LEVEL,) and not eu.conforms
    my = profiles.check(mc, profiles.MALAYSIA)
    assert [(f.code, f.descriptor) for f in my.findings] == [("missing_listed", Descriptor.LEVEL)]
    annex = profiles.check(mc, profiles.EU_COUNCIL_2022)
    assert {f.code for f in annex.findings} == {"missing_conditional", "preferred_credit_system"}


def test_empty_credential_misses_every_required() -> None:
    for p in profiles.BUILTIN:
        r = profiles.check(MicroCredential(), p)
        assert set(r.missing_required) == set(p.descriptors(Requirement.REQUIRED))
        assert r.status is (Status.DOES_NOT_CONFORM if r.missing_required
                            else Status.INDETERMINATE)  # never "conforms" when empty
        for f in r.findings:
            assert f.message_en and f.message_ja and f.message_en != f.message_ja
            assert f.message("ja") == f.message_ja


@pytest.mark.parametrize(
    ("effort", "status", "code"),
    [
        ({"hours": "10"}, Status.CONFORMS, None),
        ({"hours": "9.5"}, Status.DOES_NOT_CONFORM, "effort_below_minimum"),
        ({"credits": [{"amount": "1", "system": "UK_CREDIT"}]}, Status.CONFORMS, None),  # 1 credit
        ({"credits": [{"amount": "0.5", "system": "ECTS"}]}, Status.CONFORMS, None),  # 12.5-15 h
        ({"credits": [{"amount": "0.36", "system": "ECTS"}]}, Status.INDETERMINATE,
         "effort_indeterminate"),  # 9-10.8 h
        ({"credits": [{"amount": "0.2", "system": "ECTS"}]}, Status.DOES_NOT_CONFORM,
         "effort_below_minimum"),  # 5-6 h
    ],
)
def test_jwg_minimum_10_hours_or_1_credit(effort: dict[str, Any], status: Status,
                                          code: str | None) -> None:
    r = profiles.check(with_(demo(), effort=effort), profiles.JWG)
    assert r.status is status
    if code:
        assert code in {f.code for f in r.findings}


def test_certificate_programme_60_hours_and_university() -> None:
    p = profiles.JP_CERTIFICATE_PROGRAMME
    r = profiles.check(with_(demo(), effort={"hours": "59"}), p)
    assert r.status is Status.DOES_NOT_CONFORM
    assert [f.code for f in r.violated_constraints] == ["effort_below_minimum"]
    body = demo().awarding_body
    assert body is not None
    society = body.model_dump(mode="json") | {"kind": "academic_society"}
    r = profiles.check(with_(demo(), awarding_body=society), p)
    assert [f.code for f in r.violated_constraints] == ["provider_kind"]
    unknown = body.model_dump(mode="json") | {"kind": None}
    r = profiles.check(with_(demo(), awarding_body=unknown), p)
    assert r.status is Status.INDETERMINATE and not r.conforms


def test_australia_one_hour() -> None:
    assert profiles.check(with_(demo(), effort={"hours": "1"}), profiles.AUSTRALIA).conforms
    r = profiles.check(with_(demo(), effort={"hours": "0.5"}), profiles.AUSTRALIA)
    assert r.status is Status.DOES_NOT_CONFORM


def test_level_framework_constraints() -> None:
    aqf = with_(demo(), level={"framework": "AQF", "value": 7})
    assert "level_framework" in {f.code for f in profiles.check(aqf, profiles.MALAYSIA).findings}
    assert "level_framework" in {f.code
                                 for f in profiles.check(aqf, profiles.EU_COUNCIL_2022).findings}
    eqf = with_(demo(), level={"framework": "EQF", "value": 5},
                effort={"hours": "90", "credits": [{"amount": "3", "system": "ECTS"}]})
    r = profiles.check(eqf, profiles.EU_COUNCIL_2022)
    assert r.conforms and r.findings == ()
    assert profiles.check(eqf, profiles.EU).conforms


def test_gap() -> None:
    g = profiles.gap(demo(), profiles.EU)
    assert g.must_add == (Descriptor.LEVEL,) and not g.closed
    g2 = profiles.gap(demo(), profiles.EU_COUNCIL_2022)
    assert g2.closed and g2.should_add == (Descriptor.LEVEL,)
    assert "Level" in g.to_text() and "レベル" in g.to_text("ja")
    g3 = profiles.gap(MicroCredential(title="x"), profiles.JWG)
    assert Descriptor.TITLE not in g3.must_add
    assert set(g3.must_add) == set(profiles.JWG.descriptors(Requirement.REQUIRED)) - {
        Descriptor.TITLE}
    assert [f.code for f in g3.to_clarify] == ["effort_unknown"]
    assert g3.as_dict()["profile"] == "JWG"


# -- comparison ---------------------------------------------------------------------------------


def test_comparison_outputs() -> None:
    c = profiles.compare(profiles.BUILTIN)
    rows = c.rows()
    assert len(rows) == len(Descriptor)
    assert rows[0] == {"number": 1, "descriptor": "learner_identification",
                       "label_en": "Identification of the learner",
                       "label_ja": "学習者を識別する情報",
                       "JWG": "required", "EU": "required", "AUSTRALIA": "not_listed",
                       "MALAYSIA": "listed", "JP_CERTIFICATE_PROGRAMME": "listed",
                       "EU_COUNCIL_2022": "required", "AU_NMF_2021": "not_listed",
                       "MY_SAMC_2023": "not_listed", "NZ_NZQA_2022": "not_listed",
                       "UK_QAA_2022": "not_listed", "IE_IUA_MICROCREDS": "not_listed",
                       "CA_ECAMPUSONTARIO_2020": "not_listed"}
    parsed = list(csv.DictReader(io.StringIO(c.to_csv())))
    assert [dict(r) for r in parsed] == [{k: str(v) for k, v in r.items()} for r in rows]
    en = c.to_markdown("en", notes=True)
    assert "| 13 | Level | Optional | Required* |" in en
    assert "Conditional*" in en and "if applicable" in en
    assert c.as_dict()["rows"] == rows
    assert c.cell(Descriptor.LEVEL, "EU_COUNCIL_2022") is Requirement.CONDITIONAL
    with pytest.raises(ProfileError):
        c.to_markdown("fr")
    with pytest.raises(ProfileError):
        c.cell(Descriptor.LEVEL, "NOPE")


def test_custom_profile_is_data() -> None:
    mine = Profile(key="MINE", name_en="Mine", name_ja="独自", jurisdiction="JP", sources=("me",),
                   rules={Descriptor.TITLE: Rule(Requirement.REQUIRED, "n", "注", "c")},
                   constraints=(MinimumEffort(Fraction(5)),))
    assert mine.requirement(Descriptor.LEVEL) is Requirement.NOT_LISTED
    assert mine.requirement("title") is Requirement.REQUIRED
    c = profiles.compare([profiles.JWG, mine])
    assert c.rows()[2]["MINE"] == "required"
    assert "| 3 | Title of the micro-credential | Required | Required* |" in c.to_markdown()
    r = profiles.check(MicroCredential(title="T", effort={"hours": 5}), mine)
    assert r.conforms


def test_bad_profiles_and_arguments() -> None:
    with pytest.raises(ProfileError):
        Profile(key="", name_en="", name_ja="", jurisdiction="", sources=(), rules={})
    with pytest.raises(ProfileError):
        Profile(key="X", name_en="", name_ja="", jurisdiction="", sources=(),
                rules={"no_such": Rule(Requirement.REQUIRED)})  # type: ignore[dict-item]
    with pytest.raises(ProfileError):
        Profile(key="X", name_en="", name_ja="", jurisdiction="", sources=(),
                rules={Descriptor.TITLE: "required"})  # type: ignore[dict-item]
    with pytest.raises(ProfileError):
        profiles.compare([])
    with pytest.raises(ProfileError):
        profiles.compare([profiles.JWG, profiles.JWG])
    with pytest.raises(ProfileError):
        profiles.check({"title": "x"}, profiles.JWG)  # type: ignore[arg-type]
    with pytest.raises(ProfileError):
        profiles.get("unknown")
    with pytest.raises(ProfileError):
        Requirement.from_seed_symbol("任意")
    assert profiles.get("jwg") is profiles.JWG


def test_finding_dict() -> None:
    f = Finding("c", Severity.ERROR, "en", "ja", Descriptor.TITLE)
    assert f.as_dict()["descriptor"] == "title"


def test_profile_as_dict_is_json_and_complete() -> None:
    import json

    for p in profiles.BUILTIN:
        d = json.loads(json.dumps(p.as_dict(), ensure_ascii=False))
        assert set(d["rules"]) == {x.value for x in Descriptor}
        assert all(r["requirement"] == p.requirement(k).value for k, r in d["rules"].items())
        assert len(d["constraints"]) == len(p.constraints)
        for c in d["constraints"]:
            assert c["en"] and c["ja"]
