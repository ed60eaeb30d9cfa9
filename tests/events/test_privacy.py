"""A registration is personal data: in the household's export with the consent text it agreed to, erased with
the household, and an unconfirmed one deleted by retention after 7 days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.events.models import EventRegistration, RegistrationStatus
from app.extensions import db
from app.models import utcnow
from app.privacy.erasure import erase_household
from app.privacy.export import export
from app.privacy.retention import apply_retention
from app.talent.models import Household


def test_registrations_are_in_the_export_and_erased_with_the_household(app, client, newcomer, make_event):
    event_id = make_event(title="Welcome evening")
    client.post(f"/events/{event_id}/register", data={})
    # The same address, registered as a visitor for another event before the account was used, is theirs too.
    other = make_event(title="Job fair")
    app.test_client().post(f"/events/{other}/register",
                           data={"name": "Arjun", "email": newcomer.email.upper(), "consent": "y"})
    with app.app_context():
        profile = db.session.scalar(select(Household).where(Household.user_id == newcomer.id))
        data = export(profile)
        exported = data["event_registrations"]
        assert [(r["event"]["title"], r["status"]) for r in exported] == [("Welcome evening", "confirmed"),
                                                                         ("Job fair", "unconfirmed")]
        assert exported[0]["consent_text"].startswith("Landa keeps your name, e-mail address and language")
        assert "confirm_digest" not in exported[0] and "cancel_digest" not in exported[0]

        erase_household(db.session.get(User, newcomer.id))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(EventRegistration)) == 0


def test_an_erased_seat_goes_to_the_waiting_list(app, make_user, login, client, make_event, outbox):
    event_id = make_event(capacity=1)
    leaving = make_user("newcomer", locale="en")
    login(leaving)
    client.post(f"/events/{event_id}/register", data={})
    waiting = make_user("newcomer", locale="en")
    other = app.test_client()
    other.post("/login", data={"email": waiting.email, "password": waiting.password})
    other.post(f"/events/{event_id}/register", data={})
    with app.app_context():
        assert erase_household(db.session.get(User, leaving.id)).removed["event_registration"] == 1
        db.session.commit()
        assert db.session.scalars(select(EventRegistration.status)).all() == [RegistrationStatus.CONFIRMED]
    assert [m.subject.split(":")[0] for m in outbox() if waiting.email in m.to] == ["On the waiting list",
                                                                                   "A seat is yours"]


def test_unconfirmed_registrations_are_deleted_after_seven_days(app, make_event):
    event_id = make_event()
    for email in ("old@example.org", "new@example.org"):
        app.test_client().post(f"/events/{event_id}/register", data={"name": "X", "email": email, "consent": "y"})
    with app.app_context():
        old = db.session.scalar(select(EventRegistration).where(EventRegistration.email == "old@example.org"))
        old.created_at = utcnow() - timedelta(days=7, minutes=1)
        db.session.commit()
        apply_retention()
        apply_retention()  # twice: nothing more
        db.session.commit()
        left = db.session.scalars(select(EventRegistration.email)).all()
        assert left == ["new@example.org"]
        entries = db.session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "event_retention")).all()
        assert entries == [{"unconfirmed_event_registration": 1}]
        assert db.session.scalar(select(EventRegistration.status)) == RegistrationStatus.UNCONFIRMED
