"""The arrival plan's rules, on households designed to exercise them (pure functions, no database)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.talent.plan import Citizenship, HouseholdFacts, Person, ServiceDef, build_plan

DATA = Path(__file__).resolve().parents[2] / "app" / "catalogue" / "data"
TODAY = date(2026, 11, 27)


def chennai_family(**changes) -> HouseholdFacts:
    """An engineer from Chennai moving to Örnsköldsvik with a partner (a nurse) and two children."""
    values = dict(
        main=Person("Arjun", "self", birth_year=1988, occupations=("2142",)),
        citizenship=Citizenship.OTHER,
        members=(
            Person("Divya", "partner", birth_year=1990, occupations=("2221",), seeking_work=True),
            Person("Amal", "child", birth_year=2024, home_language="tam"),
            Person("Meera", "child", birth_year=2017, home_language="tam"),
        ),
        arrival=date(2027, 3, 1),
        job_start=date(2027, 3, 15),
        has_job=True,
    )
    values.update(changes)
    return HouseholdFacts(**values)


def keys(plan) -> list[str]:
    return [item.key for item in plan]


def by_key(plan):
    return {item.key: item for item in plan}


def test_family_from_outside_the_eu_gets_the_whole_plan(services):
    plan = build_plan(chennai_family(), services, TODAY)
    k = keys(plan)
    for step in ("work_permit", "population_registration", "preschool_application", "school_enrolment",
                 "mother_tongue", "sfi", "employment_service", "dual_career", "qualification_recognition",
                 "bank_account", "bankid", "swish", "driving_licence", "union_akassa"):
        assert step in k, step
    items = by_key(plan)
    assert [r.kwargs for r in items["preschool_application"].reasons] == [{"name": "Amal", "age": 3}]
    assert [r.kwargs for r in items["school_enrolment"].reasons] == [{"name": "Meera", "age": 10}]
    assert [r.kwargs["name"] for r in items["sfi"].reasons] == ["Arjun", "Divya"]
    # The partner's nursing licence, not the engineer's job, needs recognition.
    assert [r.kwargs for r in items["qualification_recognition"].reasons] == [
        {"name": "Divya", "occupation": "2221"}]


@pytest.mark.parametrize("citizenship", [Citizenship.NORDIC, Citizenship.EU_EEA])
def test_no_permit_steps_inside_the_eu(services, citizenship):
    k = keys(build_plan(chennai_family(citizenship=citizenship), services, TODAY))
    assert "work_permit" not in k and "driving_licence" not in k
    assert "population_registration" in k


def test_single_person_without_children_or_partner(services):
    household = chennai_family(members=(), main=Person("Ana", "self", birth_year=1995, swedish_level="B2"))
    k = keys(build_plan(household, services, TODAY))
    for step in ("preschool_application", "school_enrolment", "mother_tongue", "employment_service",
                 "dual_career", "sfi", "qualification_recognition"):
        assert step not in k, step


def test_childrens_ages_decide_preschool_and_school(services):
    def plan_for(birth_year):
        household = chennai_family(members=(Person("Kid", "child", birth_year=birth_year),))
        return keys(build_plan(household, services, TODAY))

    # Ages counted in the arrival year (2027).
    assert "preschool_application" not in plan_for(2027)  # a newborn: under 1
    assert "preschool_application" in plan_for(2026)      # 1
    assert "preschool_application" in plan_for(2022)      # 5
    assert "school_enrolment" not in plan_for(2022)
    assert "school_enrolment" in plan_for(2021)           # 6
    assert "school_enrolment" in plan_for(2012)           # 15
    assert "school_enrolment" not in plan_for(2011)       # 16: upper secondary age
    assert "upper_secondary_school" in plan_for(2011)
    assert "upper_secondary_school" in plan_for(2008)     # 19
    assert "upper_secondary_school" not in plan_for(2007)  # 20


def test_partner_not_looking_for_work_gets_no_job_search_steps(services):
    partner = Person("Divya", "partner", birth_year=1990, seeking_work=False)
    k = keys(build_plan(chennai_family(members=(partner,)), services, TODAY))
    assert "employment_service" not in k and "dual_career" not in k


def test_no_step_before_its_prerequisites(services):
    for household in (chennai_family(), chennai_family(citizenship=Citizenship.EU_EEA, members=())):
        plan = build_plan(household, services, TODAY)
        position = {item.key: i for i, item in enumerate(plan)}
        for item in plan:
            for pre in item.prerequisites:
                assert position[pre] < position[item.key], (pre, item.key)
    items = by_key(build_plan(chennai_family(), services, TODAY))
    # Conditions become steps: a bank account needs the personal identity number and an ID card.
    assert set(items["bank_account"].prerequisites) == {"population_registration", "id_card"}
    assert items["population_registration"].conditions == ("address_in_sweden", "passport")
    assert "work_permit" in items["population_registration"].prerequisites


def test_suggested_dates_follow_arrival_and_prerequisites(services):
    items = by_key(build_plan(chennai_family(), services, TODAY))
    arrival = date(2027, 3, 1)
    # A permit takes months: 120 days before the job starts, which has already passed, so today.
    assert items["work_permit"].suggested_date == TODAY
    later = by_key(build_plan(chennai_family(arrival=date(2027, 9, 1), job_start=date(2027, 9, 15)),
                              services, TODAY))
    assert later["work_permit"].suggested_date == date(2027, 9, 15) - timedelta(days=120)
    assert items["population_registration"].suggested_date == arrival + timedelta(days=2)
    # The ID card waits for the personal identity number (about four weeks after registering).
    assert items["id_card"].suggested_date >= items["population_registration"].suggested_date + timedelta(weeks=4)
    assert items["bank_account"].suggested_date > items["id_card"].suggested_date
    assert items["bankid"].suggested_date > items["bank_account"].suggested_date
    assert items["swish"].suggested_date > items["bankid"].suggested_date


def test_dates_are_never_in_the_past(services):
    late = chennai_family(arrival=TODAY - timedelta(days=200), job_start=TODAY - timedelta(days=190))
    assert all(item.suggested_date >= TODAY for item in build_plan(late, services, TODAY))


def test_without_dates_the_plan_has_order_but_no_dates(services):
    plan = build_plan(chennai_family(arrival=None, job_start=None), services, TODAY)
    assert plan and all(item.suggested_date is None for item in plan)


def test_prerequisite_cycles_are_reported(services):
    looped = [ServiceDef("a", "week_1", 1, "all", ("b",)), ServiceDef("b", "week_1", 2, "all", ("a",))]
    with pytest.raises(ValueError, match="cycle"):
        build_plan(chennai_family(), looped, TODAY)


def test_members_following_later_get_their_steps_when_they_come(services):
    divya = Person("Divya", "partner", birth_year=1990, seeking_work=True, arrives=date(2027, 8, 1))
    meera = Person("Meera", "child", birth_year=2017, arrives=date(2027, 8, 1))
    items = by_key(build_plan(chennai_family(members=(divya, meera)), services, TODAY))
    assert items["school_enrolment"].suggested_date == date(2027, 8, 1) + timedelta(days=2)
    assert items["employment_service"].suggested_date >= date(2027, 8, 1)
    # Steps for the whole household still follow the first arrival.
    assert items["population_registration"].suggested_date == date(2027, 3, 1) + timedelta(days=2)


def test_mother_tongue_needs_another_language_at_home(services):
    kids = (Person("Meera", "child", birth_year=2017, home_language="ta"),
            Person("Leo", "child", birth_year=2018, home_language="sv"),
            Person("Noor", "child", birth_year=2016))
    items = by_key(build_plan(chennai_family(members=kids), services, TODAY))
    assert [r.kwargs for r in items["mother_tongue"].reasons] == [{"name": "Meera", "language": "ta"}]
    only_swedish = by_key(build_plan(chennai_family(members=kids[1:]), services, TODAY))
    assert "mother_tongue" not in only_swedish


def test_social_insurance_depends_on_children_under_16(services):
    with_kids = by_key(build_plan(chennai_family(), services, TODAY))
    assert with_kids["social_insurance"].reasons[0].key == "children_under_16"
    assert with_kids["social_insurance"].reasons[0].kwargs == {"names": "Amal, Meera"}
    teen = (Person("Ravi", "child", birth_year=2009),)
    alone = by_key(build_plan(chennai_family(members=teen), services, TODAY))
    assert alone["social_insurance"].reasons[0].key == "benefit_when_needed"


def test_sfi_does_not_wait_for_the_number_but_the_bank_does(services):
    items = by_key(build_plan(chennai_family(), services, TODAY))
    registration = items["population_registration"].suggested_date
    assert items["sfi"].suggested_date < registration + timedelta(weeks=4)
    assert items["id_card"].suggested_date >= registration + timedelta(weeks=4)


def test_union_from_the_first_day_at_work(services):
    items = by_key(build_plan(chennai_family(), services, TODAY))
    assert items["union_akassa"].suggested_date == date(2027, 3, 15)


def test_swedish_level_boundary_for_sfi(services):
    def sfi_names(level):
        household = chennai_family(members=(), main=Person("Ana", "self", birth_year=1990, swedish_level=level))
        items = by_key(build_plan(household, services, TODAY))
        return [r.kwargs["name"] for r in items["sfi"].reasons] if "sfi" in items else []

    assert sfi_names(None) == ["Ana"] and sfi_names("A2") == ["Ana"]
    assert sfi_names("B1") == [] and sfi_names("C2") == []


def test_regulated_occupations_exist_in_ssyk():
    codes = {o["code"] for o in json.loads((DATA / "occupations.json").read_text("utf-8"))}
    from app.talent.plan import REGULATED_OCCUPATIONS

    assert REGULATED_OCCUPATIONS <= codes


def test_members_following_later_register_when_they_come(services):
    divya = Person("Divya", "partner", birth_year=1990, arrives=date(2027, 8, 1))
    items = by_key(build_plan(chennai_family(members=(divya,)), services, TODAY))
    assert [r.key for r in items["population_registration"].reasons] == ["everyone", "registers_on_arrival"]
    assert items["population_registration"].reasons[1].kwargs == {"name": "Divya", "date": "2027-08-01"}


def test_an_offer_under_the_permit_floor_is_a_warning_on_the_work_permit_step(services):
    low = by_key(build_plan(chennai_family(offer_salary=26000, permit_salary_floor=28480), services, TODAY))
    assert [r.key for r in low["work_permit"].reasons] == ["citizenship_outside_eu", "salary_below_permit_floor"]
    assert low["work_permit"].reasons[1].kwargs == {"salary": 26000, "floor": 28480}
    fine = by_key(build_plan(chennai_family(offer_salary=42000, permit_salary_floor=28480), services, TODAY))
    assert [r.key for r in fine["work_permit"].reasons] == ["citizenship_outside_eu"]
    eu = keys(build_plan(chennai_family(citizenship=Citizenship.EU_EEA, offer_salary=26000,
                                        permit_salary_floor=28480), services, TODAY))
    assert "work_permit" not in eu  # no permit, no warning
