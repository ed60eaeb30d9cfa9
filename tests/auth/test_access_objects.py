"""Object-level access (no IDOR): every route that names an object by id is tried by a stranger of the
same role, with the owner's real ids: another newcomer, another employer, an officer of another
municipality. Each is refused (403 or 404) and the owner, on the same read routes, is let through, so
the ids are real and the test cannot pass by accident. A new route with an id fails until it is
classified in OWNER below.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import today
from tests.auth.test_access_matrix import ACCESS, ARGUMENTS

# Who owns the object a route names: its rule tried by a stranger of that kind. None: the ids in the
# route are public or the caller's own by construction (a signed link, a language, a static file).
OWNER = {
    "newcomer": "newcomer", "employer": "employer", "staff": "officer",
}
NOT_OWNED = {
    "static", "board.show", "board.interest", "api_board.board_need", "api_newcomer.show_interest",
    "api_newcomer.withdraw_interest", "directory.municipality", "attraction.municipality", "directory.edit_service",
    "directory.edit_municipal_service", "directory.edit_housing",  # reference data: the door decides
    "organisations.show", "api_pages.place", "api_pages.organisation",  # public pages
    "auth.reset_password", "auth.accept_invitation", "employers.accept_invitation", "reception.survey",  # signed links
    "auth.confirm_registration", "auth.sign_in_link", "talent.stop_job_alerts",  # signed links
    "leads.confirm", "leads.register",  # a lead's signed links (tests/leads)
    "events.event", "events.event_ics", "events.register", "events.cancel_mine",  # public events (tests/events)
    "events.confirm", "events.cancel_link",  # a registration's e-mailed links
    "api_events.event", "api_events.register", "api_events.cancel_registration",  # public, or the caller's own
    "talent.calendar_feed",  # a secret address (tests/talent/test_plan_calendar.py)
    "talent.partner_page", "talent.partner_listing", "talent.partner_answer", "talent.partner_interest",
    "outbox.show", "outbox.retry", "jobs.retry", "talent.wizard",  # admin only / the caller's own
    "auth.admin_user", "auth.close_account", "auth.reopen_account", "auth.reset_two_factor",  # admin only
    "reception.move", "api_reception.move",  # coordinators see every municipality
    "employers.decide", "api_review.decide",  # tested in tests/employers (review by municipality)
    "insights.page", "api_insights.page",  # a page of aggregates; its scope is the reader's role (tests/insights)
}


SOON = (today() + timedelta(days=20)).isoformat()
NEED = {"title": "Welder", "occupation_code": "7212", "municipality_code": "2284", "positions": 1}
# Valid bodies: a stranger's request must be refused for whose object it is, not for its shape.
BODIES = {
    "talent.mark_step": {"status": "done"},
    "api_newcomer.update_step": {"status": "done"},
    "api_newcomer.update_member": {"relation": "child", "first_name": "X", "birth_year": 2015},
    "api_newcomer.answer_request": {"accept": False},
    "api_newcomer.reply": {"body": "Hello"},
    "api_newcomer.answer_reception_request": {"accept": False},
    "talent.answer_reception_request": {"answer": "no"},
    "api_employer.create_need": NEED, "api_employer.update_need": NEED,
    "api_employer.set_need_status": {"status": "closed"},
    "api_employer.request_contact": {"message": ""},
    "api_employer.request_match_contact": {"message": ""},
    "api_employer.hire": {"start_date": SOON},
    "api_reception.change_case": {"version": 1, "status": "contacted"},
    "api_reception.take": {"version": 1},
    "api_reception.add_task": {"title": "Call", "due_on": SOON},
    "api_reception.update_task": {"done": True},
    "api_reception.add_note": {"body": "Note"}, "api_reception.send_message": {"body": "Hello"},
    "api_reception.refer": {"target": "service:sfi"},
    "api_reception.update_referral": {"status": "done"},
    "api_leads.set_status": {"status": "contacted"}, "leads.change_status": {"status": "contacted"},
}


def _kind(endpoint: str) -> str | None:
    allowed = ACCESS[endpoint]
    if allowed == {"newcomer"}:
        return "newcomer"
    if allowed == {"employer"}:
        return "employer"
    if "officer" in allowed and "newcomer" not in allowed:
        return "staff"
    return "anyone"


@pytest.fixture
def world(app, client, newcomer, case_id, make_user, bearer):
    """Arjun's household with a case in Örnsköldsvik, a task, a referral and a message; an approved
    employer whose open need Arjun answered, contact accepted and hire recorded; strangers of each kind."""
    from app.auth.models import ApiToken
    from app.employers.models import OrganisationInvitation, OrganisationMember
    from app.talent.models import Household, HouseholdMember, PlanStep, Relation

    api = app.test_client()
    arjun = bearer(newcomer)
    api.post("/api/v1/newcomer/household/members", headers=arjun,
             json={"relation": "partner", "first_name": "Priya", "birth_year": 1990})

    owner = make_user("employer")
    hr = bearer(owner)
    organisation = api.post("/api/v1/organisations", headers=hr, json={
        "name": "Plant AB", "org_number": "556036-0793", "municipality_code": "2284", "contact_name": "K",
        "contact_email": "k@plant.se"}).get_json()
    officer = make_user("officer", municipality_code="2284")
    staff = bearer(officer)
    api.post(f"/api/v1/reviews/{organisation['id']}", headers=staff, json={"decision": "approved"})
    start = today() + timedelta(days=40)
    need = api.post(f"/api/v1/organisations/{organisation['id']}/needs", headers=hr, json={
        "title": "Maintenance technician", "occupation_code": "7233", "municipality_code": "2284", "positions": 3,
        "start_date": start.isoformat()}).get_json()
    api.put(f"/api/v1/needs/{need['id']}/status", headers=hr, json={"status": "open"})
    api.put(f"/api/v1/newcomer/interests/{need['id']}", headers=arjun)
    candidate = api.get(f"/api/v1/needs/{need['id']}/candidates", headers=hr).get_json()[0]["id"]
    api.post(f"/api/v1/needs/{need['id']}/candidates/{candidate}/contact-request", headers=hr, json={})
    request_id = api.get("/api/v1/newcomer/contact-requests", headers=arjun).get_json()[0]["id"]
    api.put(f"/api/v1/newcomer/contact-requests/{request_id}", headers=arjun, json={"accept": True})
    hire = api.post(f"/api/v1/needs/{need['id']}/candidates/{candidate}/hire", headers=hr,
                    json={"start_date": (start + timedelta(days=1)).isoformat()}).get_json()
    task = api.post(f"/api/v1/cases/{case_id}/tasks", headers=staff,
                    json={"title": "Call", "due_on": (today() + timedelta(days=3)).isoformat()}).get_json()
    referral = api.post(f"/api/v1/cases/{case_id}/referrals", headers=staff, json={"target": "service:sfi"}).get_json()
    timra = bearer(make_user("officer", municipality_code="2262"))  # asks to follow Arjun's move: a question to him
    api.post("/api/v1/cases", headers=timra, json={"full_name": "A", "email": newcomer.email, "agreed": True})
    reception_request = api.get("/api/v1/newcomer/reception-requests", headers=arjun).get_json()[0]["id"]
    colleague = make_user("employer")
    owner_browser = app.test_client()
    owner_browser.post("/login", data={"email": owner.email, "password": owner.password})
    owner_browser.post(f"/employers/organisations/{organisation['id']}/members", data={"email": "new@plant.se"})
    with app.app_context():
        profile = db.session.scalar(select(Household).where(Household.user_id == newcomer.id))
        partner = db.session.scalar(select(HouseholdMember.id).where(HouseholdMember.profile_id == profile.id,
                                                                     HouseholdMember.relation == Relation.PARTNER))
        step = db.session.scalar(select(PlanStep.id).where(PlanStep.profile_id == profile.id))
        token = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == newcomer.id))
        member = db.session.scalar(select(OrganisationMember.id).where(
            OrganisationMember.organisation_id == organisation["id"]))
        invitation = db.session.scalar(select(OrganisationInvitation.id))
    assert all((partner, step, token, member, invitation, hire.get("id"), task.get("id"), referral.get("id"))), \
        (hire, task, referral)
    officer_browser = app.test_client()  # a text block of Örnsköldsvik's Move page: version 1 of "welcome" in English
    officer_browser.post("/login", data={"email": officer.email, "password": officer.password})
    assert officer_browser.post("/move/2284/texts/welcome/en", data={"body": "Welcome", "based_on": "0",
                                                                     "submit": "Save"}).status_code in (302, 303)
    ids = {"case_id": case_id, "member_id": partner, "step_id": step, "request_id": request_id,
           "hire_id": hire["id"], "need_id": need["id"], "organisation_id": organisation["id"],
           "interest_id": candidate, "candidate_id": candidate, "task_id": task["id"],
           "referral_id": referral["id"], "token_id": token, "invitation_id": invitation,
           "reception_request_id": reception_request, "lead_id": _lead_for(app, "2284"),
           **_event_for(app, officer.id),  # an event of Örnsköldsvik with a registration
           "code": "2284", "slot": "welcome", "language": "en", "version": 1,  # a municipality's Move page text
           "reference": "0" * 24}  # a matching-list reference: the need's owner decides before it is read
    # an organisation's member, not a household's
    member_ids = {"employers.remove_org_member": member, "employers.make_org_owner": member}

    def signed_in(user):
        browser = app.test_client()
        browser.post("/login", data={"email": user.email, "password": user.password})
        return browser, bearer(user)

    strangers = {"newcomer": signed_in(make_user("newcomer")), "employer": signed_in(colleague),
                 "officer": signed_in(make_user("officer", municipality_code="2281")),
                 "anyone": signed_in(make_user("employer"))}
    owners = {"newcomer": (client, arjun), "employer": (owner_browser, hr), "officer": signed_in(officer),
              "anyone": (client, arjun)}
    return ids, member_ids, strangers, owners


def _lead_for(app, code: str) -> int:
    """A confirmed lead that chose only ``code``: its officers see it, the officers of other municipalities not."""
    from app.catalogue.models import Municipality
    from app.leads.models import Lead
    from app.models import utcnow

    with app.app_context():
        lead = Lead(full_name="Lena Lead", email="lena@example.org", occupation="nurse", household_size=1,
                    moving_when="later", consent_version="lead-2026-12", confirmed_at=utcnow(),
                    municipalities=[db.session.get(Municipality, code)])
        db.session.add(lead)
        db.session.commit()
        return lead.id


def _event_for(app, officer_id: int) -> dict[str, int]:
    """An event organised by an officer of Örnsköldsvik, with one registration: its officers see it, no other."""
    from app.auth.models import User
    from app.events import services as events
    from app.events.models import EventKind
    from app.models import utcnow

    with app.app_context():
        starts = utcnow() + timedelta(days=10)
        event = events.create_event(
            db.session.get(User, officer_id), publish=True, kind=EventKind.JOB_FAIR, title="Job fair",
            starts_at=starts, ends_at=starts + timedelta(hours=2), address="Nygatan 10", municipality_code="2284",
            capacity=10)
        registration = events.register_user(event.id, db.session.get(User, officer_id))
        db.session.commit()
        return {"event_id": event.id, "registration_id": registration.id}


def _url(rule, ids: dict, member_ids: dict) -> str:
    url = rule.rule
    for arg in rule.arguments:
        value = member_ids.get(rule.endpoint) if arg == "member_id" and rule.endpoint in member_ids else ids.get(arg)
        value = ARGUMENTS.get(arg) if value is None else value
        for form in (f"<{arg}>", f"<int:{arg}>", f"<string:{arg}>"):
            url = url.replace(form, str(value))
    return url


def test_strangers_never_reach_anothers_objects(app, world):
    ids, member_ids, strangers, owners = world
    rules = [r for r in app.url_map.iter_rules() if "<" in r.rule and r.endpoint not in NOT_OWNED]
    assert len(rules) > 50
    let_in, vacuous, checked = [], [], 0
    for rule in rules:
        kind = _kind(rule.endpoint)
        who = OWNER.get(kind, "anyone") if kind != "anyone" else "anyone"
        api = rule.rule.startswith("/api/")
        url = _url(rule, ids, member_ids)
        browser, headers = strangers[who]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            body = BODIES.get(rule.endpoint, {}) if method != "GET" else None
            response = browser.open(url, method=method, headers=headers if api else {},
                                    **({"json": body} if api else {"data": body}) if body is not None else {})
            if response.status_code not in (403, 404):
                let_in.append((rule.endpoint, method, url, response.status_code))
            checked += 1
        if "GET" in rule.methods:  # the owner does get in: the ids are real
            browser, headers = owners[who]
            response = browser.get(url, headers=headers if api else {})
            if response.status_code != 200:
                vacuous.append((rule.endpoint, url, response.status_code))
    assert not let_in, "\n".join(map(str, let_in))
    assert not vacuous, vacuous
    assert checked > 60


def test_every_route_with_an_id_is_classified(app):
    for rule in app.url_map.iter_rules():
        if "<" in rule.rule and rule.endpoint not in NOT_OWNED:
            assert set(rule.arguments) <= {"case_id", "member_id", "step_id", "request_id", "hire_id", "need_id",
                                           "organisation_id", "interest_id", "candidate_id", "task_id",
                                           "referral_id", "token_id", "invitation_id", "reception_request_id",
                                           "reference", "lead_id", "code", "slot", "language", "version",
                                           "event_id", "registration_id"}, rule
