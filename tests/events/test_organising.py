"""Organisers: officers of the municipality, coordinators and members of approved organisations create, edit and
cancel events, see who registered (and only they), and mark attendance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.events.models import Event, EventKind, EventRegistration, EventStatus, RegistrationStatus
from app.extensions import db
from app.models import SWEDEN, utcnow
from tests.factories import TEST_PASSWORD, OrganisationFactory


def _browser(app, user):
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    assert browser.post("/login", data={"email": user.email, "password": user.password}).status_code in (302, 303)
    return browser


def _form(**values) -> dict:
    starts = (utcnow() + timedelta(days=14)).astimezone(SWEDEN).replace(hour=18, minute=0)
    return {"kind": "partner_day", "title": "Day for partners", "description": "Meet employers and mentors.",
            "language": "en", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"), "registration_deadline": "",
            "where": "place", "place_name": "Folkets hus", "address": "Nygatan 10", "online_url": "",
            "municipality": "2284", "capacity": "30", "publish": "y"} | values


def test_an_officer_creates_an_event_in_their_municipality(app, make_user):
    officer = make_user("officer", municipality_code="2284", locale="en")
    browser = _browser(app, officer)
    page = browser.get("/events/new").get_data(as_text=True)
    assert 'value="2284"' in page and 'value="2281"' not in page  # only their own municipality is offered
    response = browser.post("/events/new", data=_form())
    assert response.status_code in (302, 303)
    with app.app_context():
        event = db.session.scalar(select(Event))
        assert (event.kind, event.status, event.capacity, event.municipality_code, event.created_by_id) == (
            EventKind.PARTNER_DAY, EventStatus.PUBLISHED, 30, "2284", officer.id)
        assert event.starts_at.astimezone(SWEDEN).hour == 18  # typed in Swedish time, kept in UTC
        assert event.registration_deadline == event.starts_at
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_type == "event")) == "event_created"
    # Another municipality, forced into the form, is refused on its field.
    refused = browser.post("/events/new", data=_form(municipality="2281"))
    assert refused.status_code == 422


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"ends_at": "2020-01-01T10:00"}, "ends_at", "The event must end after it starts."),
    ({"where": "online", "online_url": ""}, "address", "Give the address of the place, or the link"),
    ({"capacity": "0"}, "capacity", "Enter how many people can take part (at least 1)."),
    ({"starts_at": "2027-13-45T10:00"}, "starts_at", "Enter a date and a time, such as 2027-03-15 18:00."),
    ({"where": "online", "online_url": "javascript:alert(1)"}, "online_url", "starting with https://"),
])
def test_a_bad_event_is_refused_on_its_field(app, make_user, change, field, message):
    browser = _browser(app, make_user("coordinator", locale="en"))
    response = browser.post("/events/new", data=_form(**change))
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:300]
    assert f'href="#{field}"' in page and message.split("%")[0][:30] in page
    assert 'value="Day for partners"' in page  # nothing typed is lost
    with app.app_context():
        assert db.session.scalar(select(Event)) is None


def test_an_approved_employer_organises_for_its_organisation_only(app, make_user):
    with app.app_context():
        organisation = OrganisationFactory()
        member = organisation.members[0].user
        pending = OrganisationFactory(approved=False, name="Pending AB")
        pending_owner = pending.members[0].user
        org_id, member_email, pending_email, pending_id = organisation.id, member.email, pending_owner.email, pending.id
    employer = type("U", (), {"email": member_email, "password": TEST_PASSWORD})
    browser = _browser(app, employer)
    page = browser.get("/events/new").get_data(as_text=True)
    assert f'value="{org_id}"' in page and f'value="{pending_id}"' not in page
    assert browser.post("/events/new", data=_form(organisation=str(pending_id))).status_code == 422
    assert browser.post("/events/new", data=_form(organisation=str(org_id))).status_code in (302, 303)
    with app.app_context():
        assert db.session.scalar(select(Event.organisation_id)) == org_id
    # An employer whose organisation is not approved yet cannot organise.
    waiting = _browser(app, type("U", (), {"email": pending_email, "password": TEST_PASSWORD}))
    refused = waiting.get("/events/new", follow_redirects=True).get_data(as_text=True)
    assert "Your organisation must be approved before it can organise events." in refused
    assert waiting.post("/events/new", data=_form()).status_code in (302, 303)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Event)) == 1


def test_only_the_organisers_see_the_registrations(app, make_user, make_event, login, client):
    event_id = make_event(capacity=1, municipality_code="2284")
    login(make_user("newcomer", full_name="Seated Person", email="seated@example.org", locale="en"))
    client.post(f"/events/{event_id}/register", data={})
    waiting = make_user("newcomer", full_name="Waiting Person", locale="en")
    _browser(app, waiting).post(f"/events/{event_id}/register", data={})
    app.test_client().post(f"/events/{event_id}/register",
                           data={"name": "Unconfirmed Visitor", "email": "u@example.org", "consent": "y"})

    own = _browser(app, make_user("officer", municipality_code="2284", locale="en"))
    page = own.get(f"/events/{event_id}/registrations").get_data(as_text=True)
    assert "Seated Person" in page and "seated@example.org" in page and "Waiting Person" in page
    assert "Unconfirmed Visitor" not in page and "u@example.org" not in page  # only counted
    assert "1 person has registered but not confirmed their e-mail address yet." in page
    with app.app_context():
        assert "event_registrations_viewed" in db.session.scalars(select(AuditEntry.action)).all()

    other_officer = _browser(app, make_user("officer", municipality_code="2281", locale="en"))
    assert other_officer.get(f"/events/{event_id}/registrations").status_code == 404
    assert other_officer.get(f"/events/{event_id}/edit").status_code == 404
    assert other_officer.post(f"/events/{event_id}/cancel-event").status_code == 404
    coordinator = _browser(app, make_user("coordinator", locale="en"))
    assert coordinator.get(f"/events/{event_id}/registrations").status_code == 200
    with app.app_context():
        other_org = OrganisationFactory(name="Other AB")
        stranger = other_org.members[0].user.email
    employer = _browser(app, type("U", (), {"email": stranger, "password": TEST_PASSWORD}))
    assert employer.get(f"/events/{event_id}/registrations").status_code == 404
    newcomer = _browser(app, waiting)
    assert newcomer.get(f"/events/{event_id}/registrations").status_code == 403


def test_attendance_is_marked_by_the_organiser(app, make_user, make_event, login, client):
    organiser = make_user("officer", municipality_code="2284", locale="en")
    event_id = make_event(organiser=organiser)
    login(make_user("newcomer", locale="en"))
    client.post(f"/events/{event_id}/register", data={})
    with app.app_context():
        registration_id = db.session.scalar(select(EventRegistration.id))
    browser = _browser(app, organiser)
    done = browser.post(f"/events/{event_id}/registrations/{registration_id}/attendance", data={"attended": "yes"})
    assert done.status_code in (302, 303)
    with app.app_context():
        assert db.session.get(EventRegistration, registration_id).attended is True
    browser.post(f"/events/{event_id}/registrations/{registration_id}/attendance", data={"attended": "no"})
    with app.app_context():
        assert db.session.get(EventRegistration, registration_id).attended is False
    other = make_event(organiser=organiser)  # a registration of another event is not this one's
    assert browser.post(f"/events/{other}/registrations/{registration_id}/attendance",
                        data={"attended": "yes"}).status_code == 404


def test_editing_keeps_seats_and_a_larger_capacity_promotes(app, make_user, make_event, outbox):
    organiser = make_user("officer", municipality_code="2284", locale="en")
    event_id = make_event(organiser=organiser, capacity=1)
    people = [make_user("newcomer", full_name=f"P{i}", locale="en") for i in range(2)]
    for person in people:
        _browser(app, person).post(f"/events/{event_id}/register", data={})
    browser = _browser(app, organiser)
    form = browser.get(f"/events/{event_id}/edit").get_data(as_text=True)
    assert 'value="Welcome evening in Örnsköldsvik"' in form
    with app.app_context():
        event = db.session.get(Event, event_id)
        starts = event.starts_at.astimezone(SWEDEN).strftime("%Y-%m-%dT%H:%M")
        ends = event.ends_at.astimezone(SWEDEN).strftime("%Y-%m-%dT%H:%M")
    base = _form(kind="welcome_meeting", title="Welcome evening", starts_at=starts, ends_at=ends)
    too_small = browser.post(f"/events/{event_id}/edit", data=base | {"capacity": "0"})
    assert too_small.status_code == 422
    assert browser.post(f"/events/{event_id}/edit", data=base | {"capacity": "2"}).status_code in (302, 303)
    with app.app_context():
        statuses = db.session.scalars(select(EventRegistration.status).order_by(EventRegistration.id)).all()
        assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED]
        assert db.session.get(Event, event_id).title == "Welcome evening"
    assert [m.subject for m in outbox() if people[1].email in m.to] == [
        "On the waiting list: Welcome evening in Örnsköldsvik", "A seat is yours: Welcome evening"]


def test_cancelling_an_event_tells_everyone_registered(app, make_user, make_event, outbox):
    organiser = make_user("officer", municipality_code="2284", locale="en")
    event_id = make_event(organiser=organiser)
    person = make_user("newcomer", locale="en")
    _browser(app, person).post(f"/events/{event_id}/register", data={})
    browser = _browser(app, organiser)
    assert "1 registered person is told by e-mail" in browser.get(f"/events/{event_id}/cancel-event").get_data(
        as_text=True)
    browser.post(f"/events/{event_id}/cancel-event")
    browser.post(f"/events/{event_id}/cancel-event")  # twice: told once
    assert [m.subject for m in outbox() if person.email in m.to] == [
        "You are registered: Welcome evening in Örnsköldsvik", "Cancelled: Welcome evening in Örnsköldsvik"]
    page = app.test_client().get(f"/events/{event_id}?lang=en").get_data(as_text=True)
    assert "This event has been cancelled." in page


def test_drafts_are_for_the_organisers_only(app, make_user, make_event):
    organiser = make_user("officer", municipality_code="2284", locale="en")
    event_id = make_event(organiser=organiser, publish=False)
    assert app.test_client().get(f"/events/{event_id}").status_code == 404
    assert app.test_client().get(f"/events/{event_id}.ics").status_code == 404
    assert "Welcome evening" not in app.test_client().get("/events/").get_data(as_text=True)
    assert _browser(app, organiser).get(f"/events/{event_id}").status_code == 200
    mine = _browser(app, organiser).get("/events/mine").get_data(as_text=True)
    assert "Welcome evening in Örnsköldsvik" in mine and "Draft" in mine


def test_the_organisers_list_shows_their_events_only(app, make_user, make_event):
    make_event(municipality_code="2284", title="Here")
    make_event(municipality_code="2281", title="Elsewhere")
    officer = _browser(app, make_user("officer", municipality_code="2284", locale="en"))
    page = officer.get("/events/mine").get_data(as_text=True)
    assert ">Here<" in page and "Elsewhere" not in page
