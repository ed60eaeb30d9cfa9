"""Scoring: the hand-judged orders (``judged.py``) and what each match says about itself."""

from __future__ import annotations

from datetime import date

import pytest

from app.matching import NeedFacts, TalentFacts, commuting_minutes, rank_talents, score
from app.matching.scoring import GAP_POINTS, MAX_GAP_POINTS
from tests.matching.judged import CASES, TECHNICIANS, person, technician


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_judged_order(case):
    ranked = rank_talents(case.order, case.need)
    listed = [m.key for m in ranked if m.listed]
    expected = [t.key for t in case.order if t.key not in case.unlisted]
    assert listed == expected, case.why
    assert {m.key for m in ranked if not m.listed} == set(case.unlisted), case.why


def test_there_are_at_least_forty_judged_cases():
    assert len(CASES) >= 40


def test_perfect_fit_scores_100_with_reasons():
    match = score(technician("a", skills=frozenset({"plc", "hydraulics", "welding"})), TECHNICIANS)
    assert match.score == 100
    assert match.component("occupation").reasons[0].key == "same_occupation"
    assert [r.key for r in match.component("languages").reasons] == ["language_met", "language_met"]
    assert match.gaps == () and match.listed


def test_every_missing_required_skill_is_a_gap_with_its_label():
    need = NeedFacts(key="n", occupation="7233", required_skills=frozenset({"plc", "hydraulics"}),
                     skill_labels={"plc": "PLC", "hydraulics": "Hydraulik"})
    match = score(TalentFacts(key="t", occupations=("7233",)), need)
    assert [(g.key, g.kwargs["skill"]) for g in match.gaps] == [("skill_missing", "Hydraulik"),
                                                               ("skill_missing", "PLC")]
    assert match.component("skills").reasons[0].kwargs == {"has": 0, "of": 2}


def test_every_language_below_its_minimum_is_a_gap_not_only_the_first():
    need = NeedFacts(key="n", occupation="2512", min_levels={"en": "B2", "sv": "B1"})
    match = score(TalentFacts(key="t", occupations=("2512",), languages={"en": "C1", "sv": "A2"}), need)
    assert [(g.key, g.kwargs["language"]) for g in match.gaps] == [("language_below", "sv")]
    none = score(TalentFacts(key="t", occupations=("2512",)), need)
    assert [g.key for g in none.gaps] == ["language_missing", "language_missing"]


def test_each_gap_takes_points_off_the_total_up_to_a_limit():
    need = NeedFacts(key="n", occupation="7233", min_levels={"sv": "B1"})
    met = score(TalentFacts(key="t", occupations=("7233",), languages={"sv": "B1"}), need)
    short = score(TalentFacts(key="t", occupations=("7233",), languages={"sv": "A2"}), need)
    assert short.gap_points == GAP_POINTS
    assert short.score == round(sum(c.points for c in short.components)) - GAP_POINTS
    assert met.score - short.score >= GAP_POINTS + 4  # and the language points one level short does not give
    many = score(TalentFacts(key="t", occupations=("7233",)),
                 NeedFacts(key="n", occupation="7233", required_skills=frozenset("abcdef")))
    assert many.gap_points == MAX_GAP_POINTS


def test_a_skill_is_met_by_the_same_words_or_a_more_specific_skill():
    from app.matching.scoring import has_skill

    assert has_skill(frozenset({"plc programming"}), "plc")
    assert has_skill(frozenset({"spot welding", "cad"}), "welding")
    assert not has_skill(frozenset({"javascript"}), "java")
    assert not has_skill(frozenset({"plc"}), "plc programming")


def test_a_late_start_is_a_gap_unknown_availability_is_not():
    need = NeedFacts(key="n", occupation="7233", start_date=date(2027, 3, 1))
    late = score(TalentFacts(key="t", occupations=("7233",), available_from=date(2027, 4, 1)), need)
    unknown = score(TalentFacts(key="t", occupations=("7233",)), need)
    assert [g.key for g in late.gaps] == ["available_later"] and unknown.gaps == ()


def test_low_salary_is_a_gap_for_non_eu_talent_only_whatever_the_occupation():
    low = NeedFacts(key="low", occupation="5120", salary=25000, permit_threshold=28480)  # cooks: no shortage
    flagged = score(person("in", "5120", citizenship="other"), low)
    assert [g.key for g in flagged.gaps] == ["permit_salary_too_low"] and flagged.listed
    assert score(person("eu", "5120", citizenship="eu_eea"), low).gaps == ()


def test_an_unrelated_occupation_scores_zero_whatever_else_fits():
    nurses = NeedFacts(key="n", occupation="2221")
    developer = score(TalentFacts(key="t", occupations=("2512",), languages={"sv": "C2"}), nurses)
    assert developer.score == 0 and not developer.listed
    assert developer.component("occupation").reasons[0].key == "unrelated_occupation"


def test_no_occupation_given_is_not_listed_and_says_why():
    match = score(technician("blank", occupations=()), TECHNICIANS)
    assert match.component("occupation").reasons[0].key == "no_occupation_given"
    assert not match.listed


def test_need_with_missing_fields_still_scores_with_reasons():
    bare = NeedFacts(key="bare", occupation="7233")
    match = score(technician("t"), bare)
    assert [c.reasons[0].key for c in match.components] == [
        "same_occupation", "no_required_skills", "no_language_requirement", "need_without_place", "start_open"]
    assert match.listed


def test_commuting_table_is_symmetric_and_bounded():
    assert commuting_minutes("2281", "2262") == commuting_minutes("2262", "2281") == 20
    assert commuting_minutes("2281", "2281") == 0
    assert commuting_minutes("2184", "2284") is None
