"""Household fit by municipality: the family's question, answered part by part."""

from __future__ import annotations

from dataclasses import replace

from app.matching import NeedFacts, TalentFacts, score
from app.matching.household import HousingFacts, household_fit

CODES = ["2281", "2284", "2260"]
ENGINEER = TalentFacts(key="me", occupations=("2142",), languages={"en": "C1"})
NURSE = TalentFacts(key="partner", occupations=("2221",), languages={"en": "B2"})
NEEDS = {
    "2281": [NeedFacts(key=1, occupation="2142", municipality="2281")],
    "2284": [NeedFacts(key=2, occupation="2142", municipality="2284"),
             NeedFacts(key=3, occupation="2221", municipality="2284")],
}
HOUSING = {"2281": HousingFacts(contacts=2, work_mover_bonus=True), "2284": HousingFacts(contacts=2),
           "2260": HousingFacts(contacts=1, work_mover_bonus=True)}


def best(talent, needs_by_place):
    """Each place's best listed need for ``talent``, as ``services.household_places`` hands them on."""
    found = {}
    for code, needs in needs_by_place.items():
        matches = sorted((m for n in needs if (m := replace(score(talent, n), key=n.key)).listed),
                         key=lambda m: (-m.score, m.key))
        if matches:
            found[code] = matches[0]
    return found


def fit(needs_by_place=NEEDS, partner=NURSE, **kw):
    args = dict(municipalities=CODES, main=best(ENGINEER, needs_by_place),
                partner=best(partner, needs_by_place) if partner else None, children_ages=[4, 10],
                housing=HOUSING, preferences=["2281"], open_to_all=False)
    args.update(kw)
    return {f.municipality: f for f in household_fit(**args)}, [f.municipality for f in household_fit(**args)]


def test_a_job_for_the_partner_can_outweigh_a_first_choice():
    places, order = fit()
    # Örnsköldsvik has jobs for both adults; Sundsvall only for one, though it is the family's first choice.
    assert order[0] == "2284"
    assert places["2284"].best_partner_need == 3 and places["2281"].best_partner_need is None


def test_without_a_partner_looking_for_work_the_first_choice_wins():
    _places, order = fit(partner=None)
    assert order[0] == "2281"


def test_every_part_is_shown_with_its_reason():
    places, _order = fit()
    parts = {p.name: p for p in places["2260"].parts}
    assert set(parts) == {"job", "partner_job", "schools", "housing", "preference"}
    assert parts["job"].reasons[0].key == "no_open_needs"
    assert parts["schools"].reasons[0].kwargs == {"ages": "4, 10"}
    assert parts["preference"].reasons[0].key == "not_your_choice"


def test_open_to_all_gives_every_place_half_the_preference_points():
    places, _order = fit(preferences=[], open_to_all=True)
    assert {p.points for f in places.values() for p in f.parts if p.name == "preference"} == {7.5}


def test_ties_in_a_stable_order():
    _places, order = fit(needs_by_place={}, housing={}, preferences=[], partner=None)
    assert order == sorted(CODES)


def test_places_page(client, newcomer):
    html = client.get("/talent/places").get_data(as_text=True)
    assert "Where would your household do well?" in html
    assert "Örnsköldsvik" in html and "Your choice 1" in html


def test_mother_tongue_tuition_counts_other_families_moving_there():
    places, _order = fit(children_ages=[4, 10], home_languages=["ta"], peers={"2284": {"ta": 4}, "2281": {"ta": 2}})
    schools = {code: next(p for p in f.parts if p.name == "schools") for code, f in places.items()}
    assert [r.key for r in schools["2284"].reasons] == ["schools_for_ages", "mother_tongue_likely"]  # 4 + ours
    assert schools["2284"].points == 10
    assert schools["2281"].reasons[1].key == "mother_tongue_few" and schools["2281"].reasons[1].kwargs["pupils"] == 3
    assert schools["2281"].points == schools["2260"].points == 6


def test_children_who_speak_swedish_at_home_need_no_tuition():
    places, _order = fit(children_ages=[8], home_languages=[])
    assert all(next(p for p in f.parts if p.name == "schools").points == 10 for f in places.values())


def test_places_page_tells_the_family_about_mother_tongue_tuition(client, newcomer, app, make_user):
    from tests.talent.test_newcomer_pages import _add

    _add(client, birth_year="2017")  # Amal, 9 or 10 on arrival, speaks Tamil at home
    other = make_user("newcomer", locale="en")
    browser = app.test_client()
    browser.post("/login", data={"email": other.email, "password": other.password})
    browser.post("/talent/profile/move", data={"status": "exploring", "destination": "2284"})
    for n in range(4):
        _add(browser, first_name=f"Child {n}", birth_year="2016")
    html = client.get("/talent/places").get_data(as_text=True)
    assert "Mother-tongue tuition in Tamil is likely" in html  # in Örnsköldsvik: four others and Amal
    assert "Mother-tongue tuition in Tamil: fewer than five pupils known" in html  # elsewhere
