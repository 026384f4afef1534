"""Library errors that speak both languages write them as ``English / 日本語`` (what the CLI's
``--lang`` splits on), so a run in one language never prints the other (issue 17)."""

from __future__ import annotations

import re

import pytest

import microcred as mc
from microcred import ob3
from microcred.__main__ import _in_lang

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _halves(exc: BaseException) -> tuple[str, str]:
    text = str(exc)
    en, ja = _in_lang(text, "en"), _in_lang(text, "ja")
    assert en != ja, text
    assert not CJK.search(en), en
    assert CJK.search(ja), ja
    return en, ja


def _descriptor(**extra: object) -> mc.MicroCredential:
    return mc.MicroCredential.parse({"title": "Data basics",
                                     "learner": {"id": "did:example:learner"}, **extra})


def test_mapping_errors_are_one_language_at_a_time() -> None:
    with pytest.raises(mc.InvalidDataError) as info:
        ob3.from_micro_credential(_descriptor(), credential_id="urn:uuid:1", issuer="did:x:1")
    en, ja = _halves(info.value)
    assert "validFrom" in en and "有効開始日" in ja
    with pytest.raises(mc.InvalidDataError) as info:
        ob3.from_micro_credential(_descriptor(issue_date="2026-04-01T00:00:00Z",
                                              valid_until="2026-01-01T00:00:00Z"),
                                  credential_id="urn:uuid:1", issuer="did:x:1")
    _halves(info.value)


@pytest.mark.parametrize("call", [
    lambda: mc.sign({"@context": []}, mc.Ed25519Key.from_seed(bytes(32)).signer(),
                    cryptosuite="no-such-suite"),
])
def test_unknown_cryptosuite_is_one_language_at_a_time(call: object) -> None:
    with pytest.raises(mc.UnknownCryptosuiteError) as info:
        call()  # type: ignore[operator]
    en, _ = _halves(info.value)
    assert "no-such-suite" in en and "eddsa-rdfc-2022" in en


def test_summary_shows_an_assessment_by_criteria_in_the_run_language() -> None:
    # an OB 3.0 badge read back has its criteria.narrative as the assessment criteria, kind
    # 'other': the report says what the criteria are instead of a bare "Other"
    from microcred.__main__ import _summary

    cred = mc.MicroCredential.parse({
        "title": "x", "learner": {"id": "did:example:1"},
        "assessment": {"kinds": ["other"], "criteria": {
            "text": "Complete all modules with a passing grade.", "lang": "en",
            "translations": {"ja": "全単元に合格すること"}}}})
    (en,) = [row for row in _summary(cred, "en") if "Type of assessment" in row]
    assert en.endswith("Other — criteria: Complete all modules with a passing grade.")
    (ja,) = [row for row in _summary(cred, "ja") if "評価の方法" in row]
    assert ja.endswith("その他 — 基準: 全単元に合格すること") and not CJK.search(en)
