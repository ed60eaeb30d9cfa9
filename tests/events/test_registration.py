"""Registering for an event: one click when signed in, double opt-in for visitors, a waiting list that moves by
itself when someone cancels, and each e-mail once, in the registrant's language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.events import services
from app.events.models import Event, EventRegistration, RegistrationStatus
from app.extensions import db
from app.models import utcnow
from tests.events.conftest import link_in


def _registrations(app, event_id: int) -> list[EventRegistration]:
    with app.app_context():
        rows = list(db.session.scalars(select(EventRegistration).where(EventRegistration.event_id == event_id)
                                       .order_by(EventRegistration.id)))
        db.session.expunge_all()
        return rows


def _visitor_registers(app, event_id: int, name: str, email: str, lang: str = "en"):
    browser = app.test_client()
    browser.get(f"/events/{event_id}?lang={lang}")
    if lang == "en":
        browser.post("/language", data={"lang": "en"})
    return browser, browser.post(f"/events/{event_id}/register",
                                 data={"name": name, "email": email, "consent": "y"})


def _confirm(app, outbox, browser, email: str):
    mail = [m for m in outbox() if email in m.to][-1]
    link = link_in(mail, "/events/confirm/")
    page = browser.get(link)
    assert page.status_code == 200 and "Confirm my registration" in page.get_data(as_text=True)
    return browser.post(link)


def test_a_signed_in_newcomer_registers_in_one_click(app, client, newcomer, make_event, outbox):
    event_id = make_event(capacity=5)
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Register with my account" in page and "Only the event&#39;s organisers see them." in page
    response = client.post(f"/events/{event_id}/register", data={})
    assert response.status_code in (302, 303)
    assert "You are registered." in client.get(f"/events/{event_id}").get_data(as_text=True)
    [registration] = _registrations(app, event_id)
    assert (registration.status, registration.user_id, registration.consent_version) == (
        RegistrationStatus.CONFIRMED, newcomer.id, services.CONSENT_VERSION)
    client.post(f"/events/{event_id}/register", data={})  # a double click keeps the one registration
    assert len(_registrations(app, event_id)) == 1
    mails = [m for m in outbox() if newcomer.email in m.to]
    assert [m.subject for m in mails] == ["You are registered: Welcome evening in Örnsköldsvik"]
    assert f"/events/{event_id}.ics" in mails[0].body and "/events/cancel/" in mails[0].body


def test_a_visitor_confirms_by_the_link_and_gets_nothing_else_before(app, make_event, outbox):
    event_id = make_event(capacity=5)
    browser, response = _visitor_registers(app, event_id, "Maria Silva", "maria@example.org")
    assert response.status_code == 200 and "Check your e-mail" in response.get_data(as_text=True)
    [registration] = _registrations(app, event_id)
    assert registration.status == RegistrationStatus.UNCONFIRMED and registration.confirm_digest
    mails = [m for m in outbox() if "maria@example.org" in m.to]
    assert [m.subject for m in mails] == ["Confirm your registration: Welcome evening in Örnsköldsvik"]
    assert "/events/cancel/" not in mails[0].body  # nothing but the confirmation until the address is confirmed
    # The reminder job the day before sends nothing to an unconfirmed registration.
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.starts_at = event.registration_deadline = utcnow() + timedelta(hours=30)
        db.session.commit()
        assert services.send_reminders(utcnow()) == 0

    # Opening the link shows a button: a mail scanner opening it changes nothing.
    assert _registrations(app, event_id)[0].status == RegistrationStatus.UNCONFIRMED
    confirmed = _confirm(app, outbox, browser, "maria@example.org")
    assert "You are registered" in confirmed.get_data(as_text=True)
    assert _registrations(app, event_id)[0].status == RegistrationStatus.CONFIRMED
    again = browser.post(link_in([m for m in outbox() if "maria@example.org" in m.to][0], "/events/confirm/"))
    assert again.status_code == 200  # a second click: still registered, nothing sent again
    subjects = [m.subject for m in outbox() if "maria@example.org" in m.to]
    assert subjects == ["Confirm your registration: Welcome evening in Örnsköldsvik",
                        "You are registered: Welcome evening in Örnsköldsvik"]


def test_the_visitor_is_written_to_in_their_language(app, make_event, outbox):
    event_id = make_event()
    _visitor_registers(app, event_id, "Sara Berg", "sara@example.se", lang="sv")
    [mail] = [m for m in outbox() if "sara@example.se" in m.to]
    assert mail.subject == "Bekräfta din anmälan: Welcome evening in Örnsköldsvik"
    assert _registrations(app, event_id)[0].locale == "sv"
    with app.app_context():
        from app.outbox.models import OutgoingEmail

        assert db.session.scalar(select(OutgoingEmail.locale).where(OutgoingEmail.to_address == "sara@example.se")) \
            == "sv"


def test_bad_input_is_refused_on_its_field_with_nothing_lost(app, make_event):
    event_id = make_event()
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    response = browser.post(f"/events/{event_id}/register", data={"name": "Ana", "email": "not-an-address"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a valid e-mail address" in page and 'value="Ana"' in page
    no_consent = browser.post(f"/events/{event_id}/register", data={"name": "Ana", "email": "ana@example.org"})
    assert no_consent.status_code == 422 and "Tick the box to agree" in no_consent.get_data(as_text=True)
    assert _registrations(app, event_id) == []


def test_a_full_event_gives_a_place_on_the_waiting_list_and_a_cancellation_promotes(app, make_event, make_user,
                                                                                      login, client, outbox):
    event_id = make_event(capacity=1)
    first = make_user("newcomer", full_name="First Person", locale="en")
    login(first)
    client.post(f"/events/{event_id}/register", data={})
    second = app.test_client()
    person = make_user("newcomer", full_name="Second Person", locale="en")
    second.post("/login", data={"email": person.email, "password": person.password})
    page = second.get(f"/events/{event_id}").get_data(as_text=True)
    assert "The event is full: if you register, you get a place on the waiting list." in page
    answer = second.post(f"/events/{event_id}/register", data={}, follow_redirects=True).get_data(as_text=True)
    assert "you are number 1 on the waiting list" in answer
    browser, _ = _visitor_registers(app, event_id, "Third Visitor", "third@example.org")
    waiting = _confirm(app, outbox, browser, "third@example.org").get_data(as_text=True)
    assert "you are number 2 on the waiting list" in waiting
    statuses = [r.status for r in _registrations(app, event_id)]
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED]
    [waiting_mail] = [m for m in outbox() if person.email in m.to]  # waiting: its place, and a link to leave
    assert waiting_mail.subject == "On the waiting list: Welcome evening in Örnsköldsvik"
    assert "you are number 1 on the waiting list" in waiting_mail.body and "/events/cancel/" in waiting_mail.body

    # The first cancels by the link in their e-mail: the seat goes to the second, who is told once.
    cancel = link_in([m for m in outbox() if first.email in m.to][0], "/events/cancel/")
    anonymous = app.test_client()
    anonymous.post("/language", data={"lang": "en"})
    assert "Cancel my registration" in anonymous.get(f"{cancel}?lang=en").get_data(as_text=True)
    assert "Your registration is cancelled" in anonymous.post(cancel).get_data(as_text=True)
    anonymous.post(cancel)  # twice: nothing more happens
    rows = _registrations(app, event_id)
    assert [r.status for r in rows] == [RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED,
                                        RegistrationStatus.WAITLISTED]
    assert rows[1].promoted_at is not None
    promoted = [m for m in outbox() if person.email in m.to]
    assert [m.subject for m in promoted] == ["On the waiting list: Welcome evening in Örnsköldsvik",
                                             "A seat is yours: Welcome evening in Örnsköldsvik"]
    with app.app_context():
        registration = db.session.get(EventRegistration, rows[1].id)
        assert services.send_once(registration, "promotion") is False  # once, whatever runs it again
        db.session.commit()
    assert len([m for m in outbox() if person.email in m.to]) == 2
    third = [m for m in outbox() if "third@example.org" in m.to]
    assert [m.subject.split(":")[0] for m in third] == ["Confirm your registration", "On the waiting list"]


def test_registration_is_refused_after_the_deadline_and_for_a_cancelled_event(app, make_event, make_user, login,
                                                                             client):
    starts = utcnow() + timedelta(days=3)
    event_id = make_event(starts_at=starts, ends_at=starts + timedelta(hours=1),
                          registration_deadline=utcnow() + timedelta(days=1))
    with app.app_context():
        db.session.get(Event, event_id).registration_deadline = utcnow() - timedelta(minutes=1)
        db.session.commit()
    login(make_user("newcomer", locale="en"))
    page = client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "Registration is closed." in page and "Register with my account" not in page
    refused = client.post(f"/events/{event_id}/register", data={})
    assert refused.status_code == 422 and "Registration for this event closed on" in refused.get_data(as_text=True)
    other = make_event()
    organiser = make_user("coordinator", locale="en")
    staff = app.test_client()
    staff.post("/login", data={"email": organiser.email, "password": organiser.password})
    assert staff.post(f"/events/{other}/cancel-event").status_code in (302, 303)
    refused = client.post(f"/events/{other}/register", data={})
    assert refused.status_code == 422 and "This event has been cancelled." in refused.get_data(as_text=True)
    assert _registrations(app, other) == []


def test_a_confirmation_link_is_refused_when_unknown_or_expired(app, make_event, outbox):
    assert app.test_client().get("/events/confirm/nothing-like-it").status_code == 404
    event_id = make_event()
    browser, _ = _visitor_registers(app, event_id, "Late Person", "late@example.org")
    with app.app_context():
        row = db.session.scalar(select(EventRegistration))
        row.created_at = utcnow() - timedelta(days=8)
        db.session.commit()
    link = link_in([m for m in outbox() if "late@example.org" in m.to][0], "/events/confirm/")
    refused = browser.post(link)
    assert refused.status_code == 422 and "This confirmation link has expired" in refused.get_data(as_text=True)


def test_a_signed_in_person_cancels_from_the_page(app, client, newcomer, make_event):
    event_id = make_event()
    client.post(f"/events/{event_id}/register", data={})
    assert client.post(f"/events/{event_id}/cancel-mine", data={}).status_code in (302, 303)
    assert [r.status for r in _registrations(app, event_id)] == [RegistrationStatus.CANCELLED]
    # and may register again (the unique live registration allows a new one after a cancelled one)
    client.post(f"/events/{event_id}/register", data={})
    assert [r.status for r in _registrations(app, event_id)] == [RegistrationStatus.CANCELLED,
                                                                 RegistrationStatus.CONFIRMED]


def test_reminders_go_the_day_before_once_each(app, make_event, make_user, login, client, outbox):
    starts = utcnow() + timedelta(hours=30)
    event_id = make_event(starts_at=starts, ends_at=starts + timedelta(hours=2))
    person = make_user("newcomer", locale="en")
    login(person)
    client.post(f"/events/{event_id}/register", data={})
    from app.events.jobs import event_reminders_job

    with app.app_context():
        tomorrow = services.send_reminders(starts - timedelta(hours=24))
        db.session.commit()
        assert event_reminders_job() == 0  # the job at its real time: the event starts the day after tomorrow
        assert services.send_reminders(starts - timedelta(hours=24)) == 0  # a second run sends nothing
        db.session.commit()
    assert tomorrow == 1
    reminders = [m for m in outbox() if person.email in m.to and m.subject.startswith("Tomorrow:")]
    assert len(reminders) == 1 and "/events/cancel/" in reminders[0].body


def test_registering_is_rate_limited_like_signing_in(make_app, make_event):
    event_id = make_event()
    limited = make_app(RATELIMIT_ENABLED=True)
    browser = limited.test_client()
    statuses = [browser.post(f"/events/{event_id}/register",
                             data={"name": "Flood", "email": "flood@example.org", "consent": "y"}).status_code
                for _ in range(7)]
    assert 429 in statuses and statuses[0] == 200


def test_the_audit_trail_records_registrations(app, client, newcomer, make_event):
    event_id = make_event()
    client.post(f"/events/{event_id}/register", data={})
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "event")).all()
    assert actions == ["event_created", "event_registered"]
