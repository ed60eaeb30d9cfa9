"""A refusal is the same refusal on the web and in the API: the same rule (the domain's), the same message,
about the same field, and nothing saved.

Each test drives one use case that is both a page and an API operation with the same bad input on both: the
page answers 422 (or what it answers for that refusal: a redirect to a message, the desk's 200) showing the
message; the API answers 422 with ``errors == {property: [the same message]}``; and nothing was saved. The web
clients and the API are English (``Accept-Language: en``)."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from babel import dates as babel_dates
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from app.auth.models import User
from app.employers.models import ApprovalStatus, ContactRequest, Hire, Interest, NeedStatus, OrganisationDecision
from app.extensions import db
from app.models import today
from app.reception.models import Case, ReceptionRequest
from app.talent import services
from app.talent.models import HouseholdMember, Relation
from tests.factories import NeedFactory, OrganisationFactory, org_number

API = "/api/v1"
PROBLEM = "application/problem+json"
CONTROL = "Remove the invisible control characters from this field."


def _api(app, bearer, user) -> tuple:
    return app.test_client(), {**bearer(user), "Accept-Language": "en"}


def _says(page, message: str, status: int = 422) -> None:
    """The page answered ``status`` and shows ``message`` (on its field, or as the page's message)."""
    shown = html.unescape(page.get_data(as_text=True))
    assert page.status_code == status, (page.status_code, message)
    assert message in shown, message


def _refuses(answer, field: str, message: str, status: int = 422) -> None:
    """The API answered a problem document naming ``field`` with ``message``, and nothing else."""
    body = answer.get_json()
    assert (answer.status_code, answer.mimetype) == (status, PROBLEM), (answer.status_code, body)
    assert body["errors"] == {field: [message]}, body


def _browser(app, user):
    """A web client signed in as ``user``, in English."""
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    assert browser.post("/login", data={"email": user.email, "password": user.password}).status_code in (302, 303)
    return browser


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- the newcomer ---------------------------------------------------------------------------------------

def test_places_are_refused_alike_on_the_web_and_in_the_api(app, client, newcomer, bearer):
    api, headers = app.test_client(), bearer(newcomer)
    nothing = "Choose at least one municipality, or say you would consider any."

    web = client.post("/talent/profile/places", data={})  # no municipality ranked, and not open to any
    assert web.status_code == 422 and nothing in web.get_data(as_text=True)
    answer = api.put("/api/v1/newcomer/profile/places", json={"ranked_codes": [], "open_to_all": False},
                     headers=headers)
    assert answer.status_code == 422 and answer.get_json()["errors"] == {"open_to_all": [nothing]}

    twice = api.put("/api/v1/newcomer/profile/places", json={"ranked_codes": ["2284", "2284"]}, headers=headers)
    assert twice.status_code == 422
    assert twice.get_json()["errors"] == {"ranked_codes": ["Each municipality once: 2284 is listed twice."]}

    assert api.get("/api/v1/newcomer/profile", headers=headers).get_json()["places"] == ["2284", "2281"]
    anywhere = api.put("/api/v1/newcomer/profile/places", json={"ranked_codes": [], "open_to_all": True},
                       headers=headers)
    assert anywhere.status_code == 200 and anywhere.get_json()["places"] == []


def test_a_change_made_meanwhile_is_a_409_in_the_api_too(app, newcomer, bearer, monkeypatch):
    """The web asks to save the step again; the API said 500. Now: 409, nothing saved."""

    def raced(profile, **values):
        profile.phone = "+46 70 000 00 00"
        raise StaleDataError("reception changed the case at the same moment")

    monkeypatch.setattr(services, "save_about", raced)
    api, headers = app.test_client(), bearer(newcomer)
    answer = api.put("/api/v1/newcomer/profile/about", json={"full_name": "Arjun Kumar", "citizenship": "other"},
                     headers=headers)
    assert answer.status_code == 409 and answer.mimetype == "application/problem+json"
    assert api.get("/api/v1/newcomer/profile", headers=headers).get_json()["phone"] in (None, "")


def test_a_name_without_letters_is_refused_alike_about_the_newcomer(app, client, newcomer, bearer):
    """An empty name was "Enter your name." on the page and "Fill in this field." in the API."""
    api, headers = _api(app, bearer, newcomer)
    for name, message in (("", "Enter your name."), ("   ", "Enter your name."), ("Arjun\x07Kumar", CONTROL)):
        web = client.post("/talent/profile/about", data={"full_name": name, "citizenship": "other"})
        _says(web, message)
        _refuses(api.put(f"{API}/newcomer/profile/about", json={"full_name": name, "citizenship": "other"},
                         headers=headers), "full_name", message)
    assert api.get(f"{API}/newcomer/profile", headers=headers).get_json()["full_name"] == "Arjun Kumar"


def test_years_of_birth_that_make_a_child_older_than_a_parent_are_refused_alike(app, client, newcomer, bearer):
    """The main applicant's own year of birth (issue 19): a child may not be born before them, whichever of the
    two is entered last; saved, it is what the plan's age rules read."""
    api, headers = _api(app, bearer, newcomer)
    about = {"full_name": "Arjun Kumar", "citizenship": "other"}
    assert client.post("/talent/profile/about", data={**about, "birth_year": "1990"}).status_code == 302
    assert api.get(f"{API}/newcomer/profile", headers=headers).status_code == 200
    message = "A child cannot be born before you (1990): check the year."
    _says(client.post("/talent/household/add", data={"relation": "child", "first_name": "Maya",
                                                      "birth_year": "1985", "moving": "now"}), message)
    _refuses(api.post(f"{API}/newcomer/household/members", headers=headers,
                      json={"relation": "child", "first_name": "Maya", "birth_year": 1985}), "birth_year", message)
    assert api.post(f"{API}/newcomer/household/members", headers=headers,
                    json={"relation": "child", "first_name": "Maya", "birth_year": 2019}).status_code == 201
    later = "A child in your household is born in 2019, before this year: check your year of birth or the child's."
    _says(client.post("/talent/profile/about", data={**about, "birth_year": "2020"}), later)
    _refuses(api.put(f"{API}/newcomer/profile/about", headers=headers, json={**about, "birth_year": 2020}),
             "birth_year", later)
    with app.app_context():
        me = db.session.scalar(select(HouseholdMember).where(HouseholdMember.relation == Relation.SELF))
        assert me.birth_year == 1990


def test_an_arrival_before_the_permit_decision_is_refused_alike(app, client, newcomer, bearer):
    """Issue 19: the permit decision date the household entered comes before any arrival on the permit."""
    api, headers = _api(app, bearer, newcomer)
    decision, arrival = today() + timedelta(days=60), today() + timedelta(days=40)
    written = babel_dates.format_date(decision, "medium", locale="en_GB")  # "5 Feb 2027", as every page writes it
    message = f"You arrive before the permit decision you entered ({written}): check both dates."
    _says(client.post("/talent/profile/move", data={
        "status": "has_offer", "destination": "2284", "job_start": (arrival + timedelta(days=14)).isoformat(),
        "arrival": arrival.isoformat(), "permit_decision": decision.isoformat()}), message)
    _refuses(api.put(f"{API}/newcomer/profile/move", headers=headers, json={
        "status": "has_offer", "destination_code": "2284", "job_start": (arrival + timedelta(days=14)).isoformat(),
        "arrival": arrival.isoformat(), "permit_decision": decision.isoformat()}), "arrival", message)
    saved = api.put(f"{API}/newcomer/profile/move", headers=headers, json={
        "status": "has_offer", "destination_code": "2284", "job_start": (decision + timedelta(days=30)).isoformat(),
        "arrival": (decision + timedelta(days=10)).isoformat(), "permit_decision": decision.isoformat()})
    assert saved.status_code == 200 and saved.get_json()["permit_decision_date"] == decision.isoformat()


def test_move_dates_that_do_not_fit_the_status_are_refused_alike(app, client, newcomer, bearer):
    api, headers = _api(app, bearer, newcomer)
    start, yesterday, tomorrow = today() + timedelta(days=30), today() - timedelta(days=1), today() + timedelta(days=1)
    for status, arrival, message in (
            ("arriving", None, "Enter the date you arrive."),
            ("arriving", yesterday, "This date has passed: if you are here, choose “arrived”."),
            ("arrived", tomorrow, "This date is in the future: choose “arriving” until you are here.")):
        web = client.post("/talent/profile/move", data={
            "status": status, "destination": "2284", "job_start": start.isoformat(),
            "arrival": arrival.isoformat() if arrival else ""})
        _says(web, message)
        _refuses(api.put(f"{API}/newcomer/profile/move", headers=headers, json={
            "status": status, "destination_code": "2284", "job_start": start.isoformat(),
            "arrival": arrival.isoformat() if arrival else None}), "arrival", message)
    saved = api.get(f"{API}/newcomer/profile", headers=headers).get_json()
    assert (saved["status"], saved["arrival_date"], saved["job_start_date"]) == ("has_offer", "2027-03-01",
                                                                                 "2027-03-15")


def test_a_household_member_is_refused_alike(app, client, newcomer, bearer):
    """A child's year of birth out of the form's range was the form's "Enter a year such as 2019." on the page
    and another rule (1800 to 2200, then "more than 120 years ago") in the API."""
    api, headers = _api(app, bearer, newcomer)
    for sent, field, message in (
            ({"relation": "child", "first_name": "Maya", "birth_year": 1850}, "birth_year",
             "Enter a year such as 2019."),
            ({"relation": "child", "first_name": "Maya", "birth_year": 2150}, "birth_year",
             "Enter a year such as 2019."),
            ({"relation": "child", "first_name": "Maya", "birth_year": today().year + 1}, "birth_year",
             "The year of birth cannot be in the future."),
            ({"relation": "child", "first_name": "Maya"}, "birth_year",
             "Enter the child's year of birth: it decides preschool and school."),
            ({"relation": "partner", "first_name": "Priya", "birth_year": today().year - 10}, "birth_year",
             "A partner must be at least 18 years old."),
            ({"relation": "partner", "first_name": "Priya", "moving": "later"}, "follows_on",
             "Enter the date they follow."),
            ({"relation": "partner", "first_name": "  "}, "first_name", "Enter a first name.")):
        web = client.post("/talent/household/add", data={"moving": "now", **sent})
        _says(web, message)
        _refuses(api.post(f"{API}/newcomer/household/members", json=sent, headers=headers), field, message)
    assert [m["relation"] for m in api.get(f"{API}/newcomer/household", headers=headers).get_json()] == ["self"]


def test_work_is_refused_alike(app, client, newcomer, bearer):
    """Too many skills were "Use at most 30 characters." in the API, and the use case's refusal named the
    occupations."""
    api, headers = _api(app, bearer, newcomer)
    unknown = "There is no occupation with code 9999 in SSYK 2012."
    _says(client.post("/talent/profile/work", data={"occupations-0": "9999"}), unknown)
    _refuses(api.put(f"{API}/newcomer/profile/work", json={"occupation_codes": ["9999"]}, headers=headers),
             "occupation_codes", unknown)

    skills = [f"skill {n}" for n in range(31)]
    _says(client.post("/talent/profile/work", data={"occupations-0": "7233", "skills": ", ".join(skills)}),
          "List at most 30 skills.")
    _refuses(api.put(f"{API}/newcomer/profile/work", json={"occupation_codes": ["7233"], "skills": skills},
                     headers=headers), "skills", "List at most 30 skills.")
    twice = api.put(f"{API}/newcomer/profile/work", json={"occupation_codes": ["7233"], "skills": ["welding"] * 31},
                    headers=headers)  # one skill, as on the web
    assert twice.status_code == 200 and twice.get_json()["skills"] == ["welding"]


def test_a_message_to_reception_is_refused_alike(app, client, newcomer, case_id, bearer):
    api, headers = _api(app, bearer, newcomer)
    for body, message in (("   ", "Write a message first."), ("Hello\x07", CONTROL)):
        _says(client.post(f"/talent/cases/{case_id}/messages", data={"body": body}, follow_redirects=True),
              message, 200)  # the start page, with the message on top
        _refuses(api.post(f"{API}/newcomer/cases/{case_id}/messages", json={"body": body}, headers=headers),
                 "body", message)
    assert api.get(f"{API}/newcomer/cases", headers=headers).get_json()[0]["messages"] == []


# --- the employer ---------------------------------------------------------------------------------------

ORGANISATION = {"name": "Plant AB", "contact_name": "Karin HR", "contact_email": "karin@plant.se"}


def test_an_organisation_is_refused_alike(app, make_user, bearer):
    """An unknown municipality was the page's "'9999' is not a valid choice for this field.". Where the
    organisation is based is asked for on its own (issue 20), on the page and in the API alike."""
    karin = make_user("employer", full_name="Karin HR", locale="en")
    web, (api, headers) = _browser(app, karin), _api(app, bearer, karin)
    with app.app_context():
        taken = OrganisationFactory().org_number  # another employer's
    for changes, field, message in (
            ({"org_number": "123456-7890"}, "org_number",  # issue 20: says that the check digit is wrong
             "The last digit does not fit the others: a digit is probably mistyped. Check the number against a "
             "letter or Bolagsverket."),
            ({"org_number": taken}, "org_number",
             "An organisation with this number is already registered. Ask its owner to invite you."),
            ({"org_number": " "}, "org_number", "Enter the organisation number."),
            ({"municipality_codes": ["9999"]}, "municipality_codes", "Choose a municipality from the list."),
            ({"municipality_code": "9999"}, "municipality_code", "Choose a municipality from the list."),
            ({"municipality_code": ""}, "municipality_code",
             "Choose the municipality where the organisation is based.")):
        body = {**ORGANISATION, "org_number": org_number(1), "municipality_code": "2284",
                "municipality_codes": ["2281"], **changes}
        form = {**{k: v for k, v in body.items() if k not in ("municipality_code", "municipality_codes")},
                "kind": "employer", "municipality": body["municipality_code"],
                "municipalities": body["municipality_codes"]}
        _says(web.post("/employers/organisations/new", data=form), message)
        _refuses(api.post(f"{API}/organisations", headers=headers, json=body), field, message)
    assert api.get(f"{API}/organisations", headers=headers).get_json() == []


def _need_form(**changes) -> tuple[dict, dict]:
    """A need as the page's form sends it and as the API takes it, with the same ``changes``."""
    start = today() + timedelta(days=60)
    need = {"title": "Maintenance technician", "occupation_code": "7233", "municipality_code": "2284",
            "positions": 4, "employment_type": "permanent", "start_date": start.isoformat(),
            "expires_on": (start + timedelta(days=30)).isoformat(), "salary_min": 34000, "salary_max": 42000,
            **changes}
    form = {"occupation" if k == "occupation_code" else "municipality" if k == "municipality_code" else k: v
            for k, v in need.items()}
    return {k: "" if v is None else str(v) for k, v in form.items()}, need


def test_a_need_is_refused_alike(app, make_user, bearer):
    """An unknown occupation was "Choose the occupation from the list." in the API, the form's own words on the
    page; an unknown municipality the page's "Not a valid choice."."""
    karin = make_user("employer", full_name="Karin HR", locale="en")
    web, (api, headers) = _browser(app, karin), _api(app, bearer, karin)
    with app.app_context():
        organisation = OrganisationFactory(owner=db.session.get(User, karin.id)).id
    for changes, field, message in (
            ({"salary_min": 50000, "salary_max": 30000}, "salary_max",
             "The highest salary cannot be lower than the lowest."),
            ({"start_date": (today() - timedelta(days=1)).isoformat()}, "start_date",
             "The start date must be after today: choose tomorrow or a later date."),
            ({"start_date": today().isoformat()}, "start_date",  # issue 20: work starts after today
             "The start date must be after today: choose tomorrow or a later date."),
            ({"occupation_code": "9999"}, "occupation_code", "There is no occupation with code 9999 in SSYK 2012."),
            ({"municipality_code": "9999"}, "municipality_code", "Choose a municipality from the list."),
            ({"title": " "}, "title", "Enter a title.")):
        form, body = _need_form(**changes)
        _says(web.post(f"/employers/organisations/{organisation}/needs/new", data=form), message)
        _refuses(api.post(f"{API}/organisations/{organisation}/needs", json=body, headers=headers), field, message)
    assert api.get(f"{API}/organisations/{organisation}/needs", headers=headers).get_json()["total"] == 0


def test_a_need_status_is_refused_alike(app, make_user, bearer):
    """The API's refusals named no field: now ``status``, as the request's only property. An unapproved
    organisation's need stays a draft: 403 in the API, as for its candidates."""
    karin = make_user("employer", full_name="Karin HR", locale="en")
    web, (api, headers) = _browser(app, karin), _api(app, bearer, karin)
    with app.app_context():
        owner = db.session.get(User, karin.id)
        approved = NeedFactory(organisation=OrganisationFactory(owner=owner), status=NeedStatus.DRAFT).id
        pending = NeedFactory(organisation=OrganisationFactory(owner=owner, approved=False),
                              status=NeedStatus.DRAFT).id
    for need, status, message, refused in (
            (approved, "filled", "The need cannot change to that status from where it is now.", 422),
            (pending, "open", "Your organisation must be approved before its needs can be published.", 403)):
        _says(web.post(f"/employers/needs/{need}/status", data={"status": status}, follow_redirects=True),
              message, 200)  # the start page, with the message on top
        _refuses(api.put(f"{API}/needs/{need}/status", json={"status": status}, headers=headers), "status", message,
                 refused)
        assert api.get(f"{API}/needs/{need}", headers=headers).get_json()["status"] == "draft"


def test_a_hire_date_is_refused_alike(app, make_user, bearer):
    """The page said "Enter the first day at work." whatever was wrong with the date."""
    karin = make_user("employer", full_name="Karin HR", locale="en")
    web, (api, headers) = _browser(app, karin), _api(app, bearer, karin)
    with app.app_context():
        need = NeedFactory(organisation=OrganisationFactory(owner=db.session.get(User, karin.id))).id
    message = f"Enter a date between 1 Jan {today().year - 1} and 31 Dec {today().year + 5}."
    _says(web.post(f"/employers/needs/{need}/candidates/1/hire", data={"start_date": "9999-01-01"},
                   follow_redirects=True), message, 200)  # the candidates, with the message on top
    _refuses(api.post(f"{API}/needs/{need}/candidates/1/hire", json={"start_date": "9999-01-01"}, headers=headers),
             "start_date", message)
    assert _count(app, Hire) == 0


@pytest.mark.parametrize(("skills", "message"), [
    ([f"skill {n}" for n in range(31)], "List at most 30 skills."),  # the page kept 30, the API spoke of characters
    (["welding", "x" * 81], "Write each skill in at most 80 characters."),  # the API refused it, the page saved it
], ids=["too many", "too long"])
def test_a_needs_skills_are_refused_alike(app, make_user, bearer, skills, message):
    karin = make_user("employer", full_name="Karin HR", locale="en")
    web, (api, headers) = _browser(app, karin), _api(app, bearer, karin)
    with app.app_context():
        organisation = OrganisationFactory(owner=db.session.get(User, karin.id)).id
    for field in ("required_skills", "nice_skills"):
        form, body = _need_form(**{field: skills})
        _says(web.post(f"/employers/organisations/{organisation}/needs/new", data={**form, field: ", ".join(skills)}),
              message)
        _refuses(api.post(f"{API}/organisations/{organisation}/needs", json=body, headers=headers), field, message)
    assert api.get(f"{API}/organisations/{organisation}/needs", headers=headers).get_json()["total"] == 0


def test_a_date_that_is_no_date_is_refused_alike(app, make_user, bearer):
    """WTForms said "Not a valid date value.", the API "Enter a date as YYYY-MM-DD."; both say one thing now."""
    karin = make_user("employer", full_name="Karin HR", locale="en")
    web, (api, headers) = _browser(app, karin), _api(app, bearer, karin)
    with app.app_context():
        owned = OrganisationFactory(owner=db.session.get(User, karin.id))
        organisation, need = owned.id, NeedFactory(organisation=owned).id
    message = "Enter a real date, such as 2027-03-15."
    for field in ("start_date", "expires_on"):
        form, body = _need_form(**{field: "2027-13-45"})
        _says(web.post(f"/employers/organisations/{organisation}/needs/new", data=form), message)
        _refuses(api.post(f"{API}/organisations/{organisation}/needs", json=body, headers=headers), field, message)
    _says(web.post(f"/employers/needs/{need}/candidates/1/hire", data={"start_date": "2027-13-45"},
                   follow_redirects=True), message, 200)  # the candidates, with the message on top
    _refuses(api.post(f"{API}/needs/{need}/candidates/1/hire", json={"start_date": "2027-13-45"}, headers=headers),
             "start_date", message)
    web.post("/language", data={"lang": "sv"})  # the same words in Swedish too
    swedish = "Skriv ett riktigt datum, till exempel 2027-03-15."
    form, body = _need_form(start_date="2027-13-45")
    _says(web.post(f"/employers/organisations/{organisation}/needs/new", data=form), swedish)
    _refuses(api.post(f"{API}/organisations/{organisation}/needs", json=body,
                      headers={**headers, "Accept-Language": "sv"}), "start_date", swedish)
    assert api.get(f"{API}/organisations/{organisation}/needs", headers=headers).get_json()["total"] == 1
    assert _count(app, Hire) == 0


def test_a_date_that_is_no_date_is_refused_alike_by_households_and_reception(app, client, newcomer, officer,
                                                                            case_id, bearer):
    """Every form's date field and every date of the API say the same about "2027-13-45" (the households' move
    and a reception task here; the employers' dates above)."""
    message = "Enter a real date, such as 2027-03-15."
    api, headers = _api(app, bearer, newcomer)
    _says(client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2284",
                                                   "job_start": "2027-13-45", "arrival": ""}), message)
    _refuses(api.put(f"{API}/newcomer/profile/move", headers=headers, json={
        "status": "has_offer", "destination_code": "2284", "job_start": "2027-13-45"}), "job_start", message)
    assert api.get(f"{API}/newcomer/profile", headers=headers).get_json()["job_start_date"] == "2027-03-15"

    staff, staff_headers = _api(app, bearer, officer.user)
    _says(officer.post(f"/reception/cases/{case_id}/tasks", data={"task-title": "Call", "task-due_on": "2027-13-45"}),
          message)
    _refuses(staff.post(f"{API}/cases/{case_id}/tasks", json={"title": "Call", "due_on": "2027-13-45"},
                        headers=staff_headers), "due_on", message)
    assert staff.get(f"{API}/cases/{case_id}/tasks", headers=staff_headers).get_json() == []


def test_a_contact_request_message_is_refused_alike_not_cut(app, client, newcomer, make_user, bearer):
    """The page cut a message to 2,000 characters and sent the rest of it; the API refused it. The page
    refuses it now too, above the candidates (where its form always answers)."""
    karin = make_user("employer", full_name="Karin HR", locale="en")
    web, (api, headers) = _browser(app, karin), _api(app, bearer, karin)
    with app.app_context():
        need = NeedFactory(organisation=OrganisationFactory(owner=db.session.get(User, karin.id))).id
    assert client.post(f"/needs/{need}/interest").status_code in (302, 303)  # Arjun is interested
    with app.app_context():
        interest = db.session.scalar(select(Interest.id))
    message = "Field cannot be longer than 2000 characters."
    _says(web.post(f"/employers/needs/{need}/candidates/{interest}/contact", data={"message": "x" * 2001},
                   follow_redirects=True), message, 200)  # the candidates, with the message on top
    _refuses(api.post(f"{API}/needs/{need}/candidates/{interest}/contact-request", json={"message": "x" * 2001},
                      headers=headers), "message", message)
    assert _count(app, ContactRequest) == 0
    # What a browser's maxlength="2000" lets through is taken whole: it counts a line break once, sends CRLF.
    web.post(f"/employers/needs/{need}/candidates/{interest}/contact", data={"message": "line\r\n" * 400})
    with app.app_context():
        assert db.session.scalar(select(ContactRequest.message)) == ("line\n" * 400).strip()


def test_a_review_note_is_refused_alike(app, officer, bearer):
    """A note over 2,000 characters was a bare 400 on the page."""
    api, headers = _api(app, bearer, officer.user)
    with app.app_context():
        organisation = OrganisationFactory(approved=False).id  # in Örnsköldsvik, the officer's municipality
    message = "Field cannot be longer than 2000 characters."
    _says(officer.post(f"/employers/review/{organisation}", data={"decision": "approved", "note": "x" * 2001},
                       follow_redirects=True), message, 200)  # the organisations to review, with the message on top
    _refuses(api.post(f"{API}/reviews/{organisation}", json={"decision": "approved", "note": "x" * 2001},
                      headers=headers), "note", message)
    assert _count(app, OrganisationDecision) == 0
    assert api.get(f"{API}/reviews", headers=headers).get_json()["items"][0]["status"] == ApprovalStatus.PENDING.value


# --- reception ------------------------------------------------------------------------------------------

def test_a_case_status_is_refused_alike(app, officer, case_id, bearer):
    api, headers = _api(app, bearer, officer.user)
    for change, field, message in (
            ({"status": "arrived"}, "status", "A case cannot move to that status from where it is now."),
            ({"status": "closed"}, "closing_reason", "Choose why the case is closed.")):
        _says(officer.post(f"/reception/cases/{case_id}/status",
                           data={"status-version": "1", **{f"status-{k}": v for k, v in change.items()}}), message)
        _refuses(api.patch(f"{API}/cases/{case_id}", json={"version": 1, **change}, headers=headers), field, message)
    case = api.get(f"{API}/cases/{case_id}", headers=headers).get_json()
    assert (case["status"], case["version"]) == ("new", 1)


def test_another_municipalitys_officer_is_refused_alike(app, officer, case_id, make_user, bearer):
    """The page refused with its list's "Not a valid choice.", the API with the use case's rule."""
    api, headers = _api(app, bearer, officer.user)
    elsewhere = make_user("officer", municipality_code="2281", full_name="Sara Sundsvall", locale="en")
    message = "Choose an officer of this municipality."
    for chosen in (str(elsewhere.id), "nobody"):
        _says(officer.post(f"/reception/cases/{case_id}/assign",
                           data={"assign-version": "1", "assign-officer": chosen}), message)
    _refuses(api.patch(f"{API}/cases/{case_id}", json={"version": 1, "assigned_officer_id": elsewhere.id},
                       headers=headers), "assigned_officer_id", message)
    due = (today() + timedelta(days=3)).isoformat()
    _says(officer.post(f"/reception/cases/{case_id}/tasks", data={
        "task-title": "Call", "task-due_on": due, "task-assignee": str(elsewhere.id)}), message)
    _refuses(api.post(f"{API}/cases/{case_id}/tasks", json={"title": "Call", "due_on": due,
                                                            "assignee_id": elsewhere.id}, headers=headers),
             "assignee_id", message)
    assert api.get(f"{API}/cases/{case_id}", headers=headers).get_json()["assigned_officer_id"] is None
    assert api.get(f"{API}/cases/{case_id}/tasks", headers=headers).get_json() == []


def test_a_task_is_refused_alike_on_the_case_page_and_in_the_api(app, officer, case_id, bearer):
    """The domain's rule (a due date that has passed) and the date window shared by the form and the schema."""
    api, headers = _api(app, bearer, officer.user)
    for title, due, field, message in (
            ("Call", (today() - timedelta(days=1)).isoformat(), "due_on",
             "The due date has passed; choose today or a later date."),
            ("Call", "9999-01-01", "due_on",
             f"Enter a date between 1 Jan {today().year - 1} and 31 Dec {today().year + 3}."),
            (" ", today().isoformat(), "title", "This field is required.")):
        web = officer.post(f"/reception/cases/{case_id}/tasks", data={"task-title": title, "task-due_on": due})
        _says(web, message)
        _refuses(api.post(f"{API}/cases/{case_id}/tasks", json={"title": title, "due_on": due}, headers=headers),
                 field, message)
    assert api.get(f"{API}/cases/{case_id}/tasks", headers=headers).get_json() == []


def test_a_note_and_a_message_are_refused_alike(app, officer, case_id, bearer):
    """Empty or too long, the page said WTForms' words and the API its own ("Fill in this field.", "Use at
    most 5000 characters.")."""
    api, headers = _api(app, bearer, officer.user)
    for body, message in (("", "This field is required."), ("  \n ", "This field is required."),
                          ("x" * 5001, "Field cannot be longer than 5000 characters."), ("Hi\x07", CONTROL)):
        for part, prefix in (("notes", "note"), ("messages", "message")):
            _says(officer.post(f"/reception/cases/{case_id}/{part}", data={f"{prefix}-body": body}), message)
            _refuses(api.post(f"{API}/cases/{case_id}/{part}", json={"body": body}, headers=headers), "body",
                     message)
    officer.post("/language", data={"lang": "sv"})  # the same words in Swedish too
    for body, message in (("", "Det här fältet är obligatoriskt."),
                          ("x" * 5001, "Fältet får inte vara längre än 5000 tecken.")):
        _says(officer.post(f"/reception/cases/{case_id}/notes", data={"note-body": body}), message)
        _refuses(api.post(f"{API}/cases/{case_id}/notes", json={"body": body},
                          headers={**headers, "Accept-Language": "sv"}), "body", message)
    assert api.get(f"{API}/cases/{case_id}/notes", headers=headers).get_json() == []
    assert api.get(f"{API}/cases/{case_id}/messages", headers=headers).get_json() == []


def test_a_referral_to_an_unknown_target_is_refused_alike(app, officer, case_id, bearer):
    """The page refused with its list's "Not a valid choice.", the API with the use case's rule."""
    api, headers = _api(app, bearer, officer.user)
    message = "Choose a service or housing contact from the list."
    for target in ("service:nope", "housing:nope"):
        _says(officer.post(f"/reception/cases/{case_id}/referrals", data={"referral-target": target}), message)
        _refuses(api.post(f"{API}/cases/{case_id}/referrals", json={"target": target}, headers=headers), "target",
                 message)
    _says(officer.post(f"/reception/cases/{case_id}/referrals", data={"referral-target": "service:\x00"}),
          message)  # a stray byte is refused by the rule too, before it reaches a query
    assert api.get(f"{API}/cases/{case_id}/referrals", headers=headers).get_json() == []


def test_a_household_at_the_desk_is_refused_alike(app, officer, make_user, bearer):
    """The desk's page answers a refused form with 200 (tests/reception hold it to that)."""
    coordinator = make_user("coordinator", full_name="Cecilia Coordinator", locale="en")
    api = app.test_client()
    far = (today() + timedelta(days=365 * 10)).isoformat()
    window = f"Enter a date between 1 Jan {today().year - 2} and 31 Dec {today().year + 3}."
    for person, sent, field, message in (
            (officer.user, {"email": "not-an-address"}, "email", "Enter a valid e-mail address, like name@example.se."),
            (officer.user, {"expected_arrival": far}, "expected_arrival", window),
            (officer.user, {"full_name": " "}, "full_name", "Enter the name of the person you register."),
            (officer.user, {"municipality_code": "2281"}, "municipality_code", "Choose a municipality from the list."),
            (coordinator, {"municipality_code": "9999"}, "municipality_code", "Choose a municipality from the list.")):
        body = {"full_name": "Mei Lin", "email": "mei.lin@example.cn", "locale": "en", "municipality_code": "2284",
                **sent}
        form = {"municipality" if k == "municipality_code" else k: v for k, v in body.items()}
        browser = officer if person is officer.user else _browser(app, person)
        _says(browser.post("/reception/cases/new", data={**form, "agreed": "y"}), message, 200)
        _refuses(api.post(f"{API}/cases", json={**body, "agreed": True},
                          headers={**bearer(person), "Accept-Language": "en"}), field, message)
    assert _count(app, User, User.email == "mei.lin@example.cn") == 0
    assert _count(app, ReceptionRequest) == 0


def test_moving_a_case_to_an_unknown_municipality_is_refused_alike(app, case_id, make_user, bearer):
    """The page refused with its list's "Not a valid choice.", the API with the use case's rule."""
    coordinator = make_user("coordinator", full_name="Cecilia Coordinator", locale="en")
    web, (api, headers) = _browser(app, coordinator), _api(app, bearer, coordinator)
    message = "Choose a municipality from the list."
    for chosen in ("9999", "\x00"):  # a stray byte is refused by the rule too, before it reaches a query
        _says(web.post(f"/reception/cases/{case_id}/move", data={"move-version": "1", "move-municipality": chosen}),
              message)
    _refuses(api.post(f"{API}/cases/{case_id}/move", json={"version": 1, "municipality_code": "9999"},
                      headers=headers), "municipality_code", message)
    assert _count(app, Case, Case.municipality_code == "2284", Case.version == 1) == 1

