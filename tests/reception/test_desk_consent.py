"""A consent is for the municipalities it names (pen test, finding 1, high): an officer could open a case in their
own municipality for any household that let *another* municipality's reception contact it, and read name,
household, languages, occupations and plan progress; the answer also told apart "consented", "has an account" and
"unknown address". Now the desk opens a case only where the household's consent reaches (its destination, its
ranked places, its hires, a request it accepted); anywhere else the household is asked, by e-mail and on its start
page, nothing is shown until it says yes, and the answer is the same for every address."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.reception.models import Case, CaseSource

API = "/api/v1"


def _desk(email: str, full_name: str = "Arjun Kumar") -> dict:
    return {"full_name": full_name, "email": email, "locale": "en", "agreed": True, "note": "Came to the desk."}


def _cases_in(app, code: str) -> list[Case]:
    with app.app_context():
        return list(db.session.scalars(select(Case).where(Case.municipality_code == code)))


def test_an_officer_elsewhere_cannot_pull_in_a_consenting_household(app, client, newcomer, case_id, make_user,
                                                                   bearer, outbox):
    """Arjun lets reception contact him in the municipalities he chose (Örnsköldsvik, Sundsvall). An officer in
    Härnösand (2280) tries with his address, a stranger's, a household without consent and a staff address."""
    officer = make_user("officer", municipality_code="2280", locale="en")
    headers = {**bearer(officer), "Accept-Language": "en"}
    api = app.test_client()
    silent = make_user("newcomer", email="silent@example.in")  # an account that never let reception contact it
    staff = make_user("officer", municipality_code="2284", email="olle@ornskoldsvik.example.se")

    answers = {}
    for email in (newcomer.email, "nobody-yet@example.in", silent.email, staff.email):
        response = api.post(f"{API}/cases", headers=headers, json=_desk(email))
        answers[email] = (response.status_code, response.get_json()["status"],
                          response.get_json()["detail"].replace(email, "<address>"))
    assert len(set(answers.values())) == 1, answers  # nothing tells the addresses apart
    assert next(iter(answers.values()))[:2] == (202, "asked")

    assert _cases_in(app, "2280") == []  # nothing opened, so nothing to read
    listed = api.get(f"{API}/cases", headers=headers).get_json()
    assert listed["total"] == 0
    assert api.get(f"{API}/cases/{case_id}", headers=headers).status_code == 404

    # The web's desk form gives the same answer.
    browser = app.test_client()
    browser.post("/login", data={"email": officer.email, "password": officer.password})
    pages = [browser.post("/reception/cases/new", data={**_desk(email), "agreed": "y", "municipality": "2280"},
                          headers={"Accept-Language": "en"}, follow_redirects=True).get_data(as_text=True)
             for email in (newcomer.email, "nobody-else@example.in")]
    assert all("appears in your case list when they say yes" in page for page in pages)
    assert "Arjun" not in browser.get("/reception/").get_data(as_text=True)

    # Arjun is asked, once, by e-mail and on his start page.
    asked = [m for m in outbox() if newcomer.email in m.to and "asks to follow your move" in m.subject]
    assert len(asked) == 1 and "Härnösand" in asked[0].subject
    start = client.get("/talent/").get_data(as_text=True)
    assert "asks to follow your household&#39;s move" in start or "asks to follow your household's move" in start

    # He says no: nothing is shown, and asking again soon changes nothing.
    request_id = client.get(f"{API}/newcomer/reception-requests", headers=bearer(newcomer)).get_json()[0]["id"]
    assert client.post(f"/talent/reception-requests/{request_id}", data={"answer": "no"}).status_code in (302, 303)
    assert _cases_in(app, "2280") == []
    assert api.post(f"{API}/cases", headers=headers, json=_desk(newcomer.email)).status_code == 202
    assert len([m for m in outbox() if newcomer.email in m.to and "asks to follow" in m.subject]) == 1
    assert "asks to follow your household" not in client.get("/talent/").get_data(as_text=True)


def test_the_household_says_yes_and_the_case_opens_where_asked(app, client, newcomer, case_id, make_user, bearer):
    officer = make_user("officer", municipality_code="2262", full_name="Tove Timrå", locale="en")
    headers = bearer(officer)
    api = app.test_client()
    assert api.post(f"{API}/cases", headers=headers, json=_desk(newcomer.email)).status_code == 202
    mine = bearer(newcomer)
    pending = api.get(f"{API}/newcomer/reception-requests", headers=mine).get_json()
    assert [(r["municipality_code"], r["officer_name"]) for r in pending] == [("2262", "Tove Timrå")]
    answered = api.post(f"{API}/newcomer/reception-requests/{pending[0]['id']}", headers=mine, json={"accept": True})
    assert answered.status_code == 200 and answered.get_json() == []
    assert api.post(f"{API}/newcomer/reception-requests/{pending[0]['id']}", headers=mine,
                    json={"accept": False}).status_code == 409
    (case,) = _cases_in(app, "2262")
    assert (case.source, case.assigned_officer_id) == (CaseSource.OFFICER, officer.id)
    listed = api.get(f"{API}/cases", headers=headers).get_json()
    assert [c["full_name"] for c in listed["items"]] == ["Arjun Kumar"]
    export = client.get("/talent/my-data.json").get_json()
    assert [(r["municipality_code"], r["accepted"]) for r in export["reception_requests"]] == [("2262", True)]
    stranger = bearer(make_user("newcomer"))
    assert api.post(f"{API}/newcomer/reception-requests/{pending[0]['id']}", headers=stranger,
                    json={"accept": True}).status_code == 404


def test_where_the_household_consented_the_desk_opens_the_case_and_tells_them(app, newcomer, case_id, make_user,
                                                                                bearer, outbox):
    """Sundsvall (2281) is one of Arjun's ranked places: its desk opens his case at once, and he is told."""
    officer = make_user("officer", municipality_code="2281")
    opened = app.test_client().post(f"{API}/cases", headers=bearer(officer), json=_desk(newcomer.email))
    assert opened.status_code == 201 and opened.get_json()["municipality_code"] == "2281"
    told = [m for m in outbox() if newcomer.email in m.to and "opened a case for your household" in m.subject]
    assert len(told) == 1
