"""A newcomer goes from registration to a printed plan; bad input is explained and nothing is lost."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import today
from app.talent.models import Consent, Household, HouseholdMember, PlanStep, StepStatus


def _plan(app, user) -> dict[str, PlanStep]:
    with app.app_context():
        profile = db.session.scalar(select(Household).where(Household.user_id == user.id))
        return {s.service_key: s for s in profile.plan_steps if s.applies}


def _add(client, **data):
    base = {"relation": "child", "first_name": "Amal", "birth_year": "2023", "home_language": "ta",
            "moving": "now"}
    return client.post("/talent/household/add", data=base | data)


def test_wizard_saves_each_step_and_builds_the_plan(app, client, newcomer, profile_of):
    profile = profile_of(newcomer)
    assert profile.completed_steps == ["about", "languages", "work", "places", "move"]
    plan = _plan(app, newcomer)
    assert "work_permit" in plan and "sfi" in plan
    assert "preschool_application" not in plan  # no children yet
    page = client.get("/talent/plan").get_data(as_text=True)
    assert "Work permit" in page and "Because you are a citizen of a country outside the EU/EEA." in page
    home = client.get("/talent/").get_data(as_text=True)
    assert re.search(r"0 of \d+ steps done", home)


def test_steps_can_be_resumed_and_show_what_was_saved(client, newcomer):
    html = client.get("/talent/profile/work").get_data(as_text=True)
    assert 'value="7233 ' in html  # the occupation picked, with its code
    assert "PLC programming, welding" in html
    html = client.get("/talent/profile/languages").get_data(as_text=True)
    assert '<option selected value="C1">' in html


def test_missing_citizenship_is_explained_and_the_name_kept(client, login_as):
    login_as("newcomer", locale="en")
    response = client.post("/talent/profile/about", data={"full_name": "Ana Souza", "current_city": "Recife"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose your citizenship: it decides whether you need a work permit." in html
    assert 'value="Ana Souza"' in html and 'value="Recife"' in html


@pytest.mark.parametrize(("typed", "message"), [
    ("9999", "There is no occupation with code 9999 in SSYK 2012."),
    ("sjuksköterska", "fits several occupations"),
    ("xyzzyplugh", "We found no occupation for"),
])
def test_occupation_problems(client, newcomer, typed, message):
    response = client.post("/talent/profile/work", data={"occupations-0": typed, "skills": "welding"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert f'value="{typed}"' in html  # what was typed stays


def test_occupation_by_english_name_or_code(app, client, newcomer):
    response = client.post("/talent/profile/work",
                           data={"occupations-0": "2221", "occupations-1": "professional midwifes"})
    assert response.status_code in (302, 303)
    with app.app_context():
        me = db.session.scalar(select(HouseholdMember).where(HouseholdMember.relation == "self"))
        assert [o.occupation_code for o in me.occupations] == ["2221", "2222"]


def test_skills_are_normalised(app, client, newcomer):
    client.post("/talent/profile/work", data={"occupations-0": "7233",
                                              "skills": "PLC-programming, plc programming , Welding; AutoCAD"})
    with app.app_context():
        profile = db.session.scalar(select(Household))
        assert [s.slug for s in profile.skills] == ["autocad", "plc programming", "welding"]


def test_bad_cefr_level_is_refused(client, newcomer):
    response = client.post("/talent/profile/languages", data={"swedish": "D4", "english": "C1"})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_language_without_level(client, newcomer):
    response = client.post("/talent/profile/languages", data={"english": "C1", "others-0-language": "fr"})
    assert response.status_code == 422
    assert "Choose a level for each language you add." in response.get_data(as_text=True)


def test_each_rank_once(client, newcomer):
    response = client.post("/talent/profile/places", data={"rank_2284": "1", "rank_2281": "1"})
    assert response.status_code == 422
    assert "Choice 1 is given twice" in response.get_data(as_text=True)
    response = client.post("/talent/profile/places", data={})
    assert "Choose at least one municipality" in response.get_data(as_text=True)


@pytest.mark.parametrize(("data", "message"), [
    ({"status": "exploring", "job_start": "2024-01-01"}, "does not fit “exploring”"),
    ({"status": "has_offer", "job_start": "9999-12-20"}, "Enter a date between"),
    ({"status": "arrived", "arrival": "0001-01-05"}, "Enter a date between"),
    ({"status": "has_offer", "job_start": "2027-03-15", "arrival": "2024-01-01"}, "This date has passed"),
    ({"status": "arriving"}, "Enter the date you arrive."),
    ({"status": "arriving", "arrival": "2024-01-01", "job_start": "2024-01-10"}, "This date has passed"),
    ({"status": "arrived", "arrival": "2029-01-01"}, "This date is in the future"),
    ({"status": "has_offer", "arrival": "2027-03-01"}, "Enter your first day at work"),
    ({"status": "has_offer", "job_start": "not a date"}, "Enter a real date, such as 2027-03-15."),
])
def test_dates_must_fit_the_status(client, newcomer, data, message):
    response = client.post("/talent/profile/move", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(("data", "message"), [
    ({"birth_year": str(today().year + 1)}, "The year of birth cannot be in the future."),
    ({"birth_year": str(today().year - 121)}, "cannot be more than 120 years ago"),
    ({"birth_year": ""}, "Enter the child's year of birth"),
    ({"first_name": ""}, "Enter a first name."),
    ({"moving": "later"}, "Enter the date they follow."),
])
def test_household_member_problems(client, newcomer, data, message):
    response = _add(client, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html


def test_household_changes_rebuild_the_plan_and_keep_marked_steps(app, client, newcomer):
    plan = _plan(app, newcomer)
    client.post(f"/talent/plan/{plan['population_registration'].id}", data={"status": "done"})
    client.post(f"/talent/plan/{plan['leisure'].id}", data={"status": "not_relevant"})

    assert _add(client).status_code in (302, 303)  # Amal, born 2023: preschool
    plan = _plan(app, newcomer)
    assert "preschool_application" in plan
    assert plan["preschool_application"].reasons == [{"key": "child_age", "params": {"age": 4, "name": "Amal"}}]
    assert plan["population_registration"].status == StepStatus.DONE
    assert plan["leisure"].status == StepStatus.NOT_RELEVANT

    with app.app_context():
        amal = db.session.scalar(select(HouseholdMember).where(HouseholdMember.first_name == "Amal"))
    client.post(f"/talent/household/{amal.id}", data={"relation": "child", "first_name": "Amal",
                                                       "birth_year": "2019", "moving": "now"})
    plan = _plan(app, newcomer)
    assert "preschool_application" not in plan and "school_enrolment" in plan

    client.post(f"/talent/household/{amal.id}/remove")
    plan = _plan(app, newcomer)
    assert "school_enrolment" not in plan
    assert plan["population_registration"].status == StepStatus.DONE


def test_partner_with_own_competence(app, client, newcomer):
    response = _add(client, relation="partner", first_name="Divya", birth_year="1990", seeking_work="y",
                    **{"occupations-0": "2221"}, english="B2")
    assert response.status_code in (302, 303)
    plan = _plan(app, newcomer)
    assert plan["employment_service"].reasons == [{"key": "partner_seeking_work", "params": {"name": "Divya"}}]
    assert {"key": "regulated_occupation", "params": {"name": "Divya", "occupation": "2221"}} in \
        plan["qualification_recognition"].reasons
    second = _add(client, relation="partner", first_name="Other", birth_year="1991")
    assert second.status_code == 422
    assert "already has a partner" in second.get_data(as_text=True)


def test_someone_elses_household_member_is_not_found(app, client, newcomer, make_user):
    _add(client)
    with app.app_context():
        amal = db.session.scalar(select(HouseholdMember).where(HouseholdMember.first_name == "Amal"))
    other = make_user("newcomer")
    intruder = app.test_client()
    intruder.post("/login", data={"email": other.email, "password": other.password})
    assert intruder.get(f"/talent/household/{amal.id}").status_code == 404
    assert intruder.post(f"/talent/household/{amal.id}/remove").status_code == 404
    plan = _plan(app, newcomer)
    assert intruder.post(f"/talent/plan/{plan['sfi'].id}", data={"status": "done"}).status_code == 404


def test_consents_are_recorded_and_can_be_withdrawn(app, client, newcomer):
    client.post("/talent/consents", data={"matching": "y", "officer_contact": "y"})
    client.post("/talent/consents", data={"officer_contact": "y"})  # withdraws matching
    with app.app_context():
        rows = db.session.scalars(select(Consent).order_by(Consent.id)).all()
        assert [(r.kind, r.granted) for r in rows] == [
            ("matching", True), ("officer_contact", True), ("follow_up", False),  # a first "no" is kept too
            ("matching", False)]
        assert all(r.text_version and r.recorded_at for r in rows)
        from app.talent.services import has_consent

        profile = db.session.scalar(select(Household))
        assert not has_consent(profile, "matching") and has_consent(profile, "officer_contact")
    html = client.get("/talent/consents").get_data(as_text=True)
    assert "Withdrawn" in html


def test_plan_in_swedish(client, newcomer):
    _add(client)  # Amal, 2023
    client.post("/language", data={"lang": "sv"})
    html = client.get("/talent/plan").get_data(as_text=True)
    assert "Din ankomstplan" in html and "Skriv ut planen" in html
    assert "Arbetstillstånd" in html and "Innan du kommer" in html
    assert "Eftersom Amal är 4 år." in html
    assert "Skatteverket" in html and "Swedish Tax Agency" not in html


def test_bad_plan_status(client, newcomer, app):
    plan = _plan(app, newcomer)
    assert client.post(f"/talent/plan/{plan['sfi'].id}", data={"status": "maybe"}).status_code == 400


def test_plan_as_text_for_the_family(client, newcomer, runner):
    _add(client, relation="partner", first_name="Divya", birth_year="1990", seeking_work="y",
         **{"occupations-0": "2221"})
    _add(client)  # Amal, 2023
    result = runner.invoke(args=["talent", "plan", newcomer.email, "--lang", "en"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "BEFORE YOU ARRIVE" in text and "Work permit" in text
    assert "Because Amal is 4 years old." in text
    assert "Because Divya is looking for work." in text
    assert text.index("Population registration") < text.index("Bank account")
    unknown = runner.invoke(args=["talent", "plan", "nobody@example.se"])
    assert unknown.exit_code != 0 and "no newcomer" in unknown.output


def test_what_was_typed_stays_when_the_move_is_refused(client, newcomer):
    response = client.post("/talent/profile/move", data={"status": "arriving", "destination": "2281",
                                                         "job_start": "2027-05-02"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="2027-05-02"' in html and '<option selected value="2281">' in html


def test_what_was_typed_stays_when_a_member_is_refused(client, newcomer):
    response = _add(client, first_name="Amal", birth_year="3023", home_language="ta")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Amal"' in html and 'value="3023"' in html and '<option selected value="ta">' in html


def test_partner_must_be_an_adult_and_follow_after_arrival(client, newcomer):
    young = _add(client, relation="partner", first_name="Kid", birth_year="2015")
    assert "A partner must be at least 18 years old." in young.get_data(as_text=True)
    early = _add(client, relation="partner", first_name="Divya", birth_year="1990", moving="later",
                 follows_on="2027-01-01")
    assert early.status_code == 422
    assert "Following later means after you arrive" in early.get_data(as_text=True)


def test_partner_languages_and_several_occupations(app, client, newcomer):
    response = _add(client, relation="partner", first_name="Divya", birth_year="1990", seeking_work="y",
                    **{"occupations-0": "2221", "occupations-1": "2222"}, english="B2",
                    other_language="ta", other_level="native")
    assert response.status_code in (302, 303)
    with app.app_context():
        divya = db.session.scalar(select(HouseholdMember).where(HouseholdMember.first_name == "Divya"))
        assert [o.occupation_code for o in divya.occupations] == ["2221", "2222"]
        assert {(e.language, e.level.value) for e in divya.languages} == {("en", "B2"), ("ta", "native")}


def test_housing_warning_until_the_number_has_had_time_to_come(app, client, newcomer):
    from datetime import timedelta

    from app.models import utcnow
    from app.talent.services import has_personnummer

    plan = _plan(app, newcomer)
    client.post(f"/talent/plan/{plan['population_registration'].id}", data={"status": "done"})
    with app.app_context():
        profile = db.session.scalar(select(Household))
        assert not has_personnummer(profile)  # just registered: the number takes weeks
        step = next(s for s in profile.plan_steps if s.service_key == "population_registration")
        step.updated_at = utcnow() - timedelta(weeks=5)
        db.session.commit()
        assert has_personnummer(profile)


def test_a_newcomer_records_the_offer_s_salary_and_the_plan_warns_when_a_permit_needs_more(client, newcomer):
    response = client.post("/talent/profile/move", data={
        "status": "has_offer", "destination": "2284", "job_start": "2027-03-15", "arrival": "2027-03-01",
        "offer_salary": "24000"})
    assert response.status_code in (302, 303)
    plan = client.get("/talent/plan").get_data(as_text=True)
    assert "the offered salary of SEK\xa024,000 a month is below the work-permit minimum" in plan
    client.post("/talent/profile/move", data={
        "status": "has_offer", "destination": "2284", "job_start": "2027-03-15", "arrival": "2027-03-01",
        "offer_salary": "41000"})
    assert "below the work-permit minimum" not in client.get("/talent/plan").get_data(as_text=True)
    refused = client.post("/talent/profile/move", data={
        "status": "has_offer", "destination": "2284", "job_start": "2027-03-15", "arrival": "2027-03-01",
        "offer_salary": "a lot"})
    assert refused.status_code == 422 and 'value="a lot"' in refused.get_data(as_text=True)
