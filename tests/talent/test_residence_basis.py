"""Every way of coming has its own permit steps, in the order a reception officer would expect (pure rules on the
packaged catalogue), and the household says each person's basis on the profile, the household form and the API."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.talent.models import Household, HouseholdMember, Relation
from app.talent.plan import Citizenship, Person, ResidenceBasis, basis_of, build_plan
from app.talent.services import household_for_plan
from tests.factories import HouseholdFactory
from tests.talent.test_plan_rules import TODAY, chennai_family

B = ResidenceBasis
PERMITS = ("work_permit", "family_permit", "eu_right_of_residence", "temporary_protection", "research_study_permit")


def _plan(services, household):
    return {item.key: item for item in build_plan(household, services, TODAY)}


def _order(plan) -> list[str]:
    return list(plan)


def test_a_work_permit_holder_with_family_applies_for_the_family_s_permits_together(services):
    plan = _plan(services, chennai_family())  # no basis given: as the citizenship suggests
    assert [k for k in plan if k in PERMITS] == ["work_permit", "family_permit"]
    family = plan["family_permit"]
    assert [r.key for r in family.reasons] == ["family_permit_together"] * 3
    assert family.prerequisites == ("work_permit",)
    assert set(plan["population_registration"].prerequisites) >= {"work_permit", "family_permit"}
    order = _order(plan)
    assert order.index("work_permit") < order.index("family_permit") < order.index("population_registration")


def test_a_partner_who_follows_later_applies_later_and_holds_nothing_up(services):
    divya = Person("Divya", "partner", birth_year=1990, arrives=date(2027, 8, 1))
    plan = _plan(services, chennai_family(members=(divya,)))
    assert [r.key for r in plan["family_permit"].reasons] == ["family_permit_later"]
    assert "family_permit" not in plan["population_registration"].prerequisites
    assert plan["population_registration"].suggested_date == date(2027, 3, 3)


def test_an_eu_citizen_looking_for_work_needs_no_permit(services):
    ana = chennai_family(main=Person("Ana", "self", birth_year=1992), citizenship=Citizenship.EU_EEA, members=(),
                         job_start=None, has_job=False)
    plan = _plan(services, ana)
    assert [k for k in plan if k in PERMITS] == ["eu_right_of_residence"]
    assert [r.key for r in plan["eu_right_of_residence"].reasons] == ["eu_seeking_work"]
    assert "union_akassa" not in plan  # no job yet
    working = _plan(services, chennai_family(citizenship=Citizenship.EU_EEA, members=()))
    assert [r.key for r in working["eu_right_of_residence"].reasons] == ["eu_working"]


def test_a_nordic_citizen_just_registers(services):
    plan = _plan(services, chennai_family(main=Person("Sigrid", "self", birth_year=1985),
                                          citizenship=Citizenship.NORDIC, members=()))
    assert not [k for k in plan if k in PERMITS]
    assert plan["population_registration"].prerequisites == ()


def test_temporary_protection_has_its_own_rules(services):
    olena = Person("Olena", "self", birth_year=1987, basis=B.TEMPORARY_PROTECTION)
    son = Person("Taras", "child", birth_year=2015, basis=B.TEMPORARY_PROTECTION)
    plan = _plan(services, chennai_family(main=olena, members=(son,), job_start=None, has_job=False))
    assert [k for k in plan if k in PERMITS] == ["temporary_protection"]  # no work permit: she may work
    assert [r.key for r in plan["temporary_protection"].reasons] == ["temporary_protection"] * 2
    assert [r.kwargs["name"] for r in plan["population_registration"].reasons
            if r.key == "registers_after_protection"] == ["Olena", "Taras"]
    assert "sfi" not in plan  # no right to SFI until registered
    assert "temporary_protection" in plan["population_registration"].prerequisites


def test_a_researcher_and_a_student(services):
    for basis, reason in ((B.RESEARCHER, "research_permit"), (B.STUDENT, "study_permit")):
        plan = _plan(services, chennai_family(main=Person("Wei", "self", birth_year=1990, basis=basis), members=()))
        assert [k for k in plan if k in PERMITS] == ["research_study_permit"]
        assert [r.key for r in plan["research_study_permit"].reasons] == [reason]


def test_a_partner_who_moves_for_the_other_s_job_with_a_swedish_citizen(services):
    """A Swedish citizen coming home with a partner from outside the EU: only the partner needs a permit."""
    karin = Person("Karin", "self", birth_year=1986, basis=B.SWEDISH)
    raj = Person("Raj", "partner", birth_year=1984, basis=B.FAMILY_PERMIT)
    plan = _plan(services, chennai_family(main=karin, members=(raj,)))
    assert [k for k in plan if k in PERMITS] == ["family_permit"]
    assert plan["family_permit"].prerequisites == ()


def test_the_profile_and_the_household_form_say_each_person_s_basis(app, client, newcomer, bearer):
    about = {"full_name": "Arjun Kumar", "citizenship": "other"}
    refused = client.post("/talent/profile/about", data={**about, "residence_basis": "eu_seeking"})
    assert refused.status_code == 422 and "This does not fit your citizenship" in refused.get_data(as_text=True)
    assert client.post("/talent/profile/about", data={**about, "residence_basis": "researcher"}).status_code == 302
    assert client.post("/talent/household/add", data={"relation": "partner", "first_name": "Olena",
                                                      "birth_year": "1987", "moving": "now",
                                                      "residence_basis": "temporary_protection"}).status_code == 302
    page = client.get("/talent/plan").get_data(as_text=True)
    assert "Because Arjun comes to do research." in page and "Because Olena has temporary protection" in page
    api = app.test_client()
    headers = bearer(newcomer)
    profile = api.get("/api/v1/newcomer/profile", headers=headers).get_json()
    assert profile["residence_basis"] == "researcher"
    wrong = api.put("/api/v1/newcomer/profile/about", headers=headers,
                    json={**about, "residence_basis": "nordic"})
    assert wrong.status_code == 422 and list(wrong.get_json()["errors"]) == ["residence_basis"]
    child = api.post("/api/v1/newcomer/household/members", headers=headers,
                     json={"relation": "child", "first_name": "Maya", "birth_year": 2019,
                           "residence_basis": "family_permit"})
    assert child.status_code == 201 and child.get_json()["residence_basis"] == "family_permit"
    with app.app_context():
        bases = dict(db.session.execute(select(HouseholdMember.first_name, HouseholdMember.residence_basis)).all())
        assert bases == {"Arjun": B.RESEARCHER, "Olena": B.TEMPORARY_PROTECTION, "Maya": B.FAMILY_PERMIT}
        assert db.session.scalar(select(HouseholdMember.relation).where(HouseholdMember.first_name == "Arjun")) \
            == Relation.SELF


def test_the_desk_starts_a_new_household_s_plan_with_its_basis(app, officer):
    answer = officer.post("/reception/cases/new", data={
        "full_name": "Olena Kovalenko", "email": "olena@example.ua", "locale": "en", "municipality": "2284",
        "residence_basis": "temporary_protection", "agreed": "y"})
    assert answer.status_code == 302
    with app.app_context():
        me = db.session.scalar(select(HouseholdMember).where(HouseholdMember.first_name == "Olena"))
        assert me.residence_basis == B.TEMPORARY_PROTECTION
        steps = {s.service_key for s in me.profile.plan_steps if s.applies}
        assert "temporary_protection" in steps and "work_permit" not in steps


def test_the_demo_region_has_households_for_every_way_of_coming(app, demo):
    with app.app_context():
        seen = {}
        for profile in db.session.scalars(select(Household)):
            facts = household_for_plan(profile)
            for person in facts.movers:
                seen.setdefault(basis_of(facts, person), profile.id)
        assert set(seen) >= set(ResidenceBasis), set(ResidenceBasis) - set(seen)


def test_the_dashboard_counts_households_by_residence_basis(app, make_user, login, client):
    with app.app_context():
        for name, basis in (("Arjun Kumar", None), ("Olena Kovalenko", B.TEMPORARY_PROTECTION),
                            ("Taras Bondar", B.TEMPORARY_PROTECTION)):
            user = make_user("newcomer", full_name=name, locale="en")
            profile = HouseholdFactory(user=db.session.get(User, user.id), full_name=name,
                                       consents=["officer_contact"])
            profile.me.residence_basis = basis
        db.session.commit()
    login(make_user("coordinator", locale="en"))
    page = client.get("/reception/dashboard").get_data(as_text=True)
    table = re.search(r'<section aria-labelledby="bases">(.*?)</section>', page, re.S).group(1)
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', table))
    assert rows == {"Temporary protection (the EU directive, Ukraine)": "2", "A work permit": "1"}
