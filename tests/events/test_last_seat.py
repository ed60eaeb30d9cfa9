"""Two people ask for the last seat at the same moment: one gets it, the other a place on the waiting list, never
an overbooking. The event's row is locked (SELECT ... FOR UPDATE) while seats are counted and taken; SQLite has
no row locks (it runs one writer at a time), so this is proved on PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.events import services
from app.events.models import EventRegistration, RegistrationStatus
from app.extensions import db


def test_two_registrations_for_the_last_seat_at_once(app, make_event, make_user, monkeypatch):
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("row locks are PostgreSQL's: SQLite serialises writers itself")
    event_id = make_event(capacity=1)
    people = [make_user("newcomer", full_name=f"Person {i}", locale="en") for i in range(2)]
    counted = services._seated

    def slow_count(event_id: int) -> int:  # a wide window between counting the seats and taking one
        seated = counted(event_id)
        time.sleep(0.4)
        return seated

    monkeypatch.setattr(services, "_seated", slow_count)
    start, errors = threading.Barrier(2), []

    def register(user_id: int) -> None:
        try:
            with app.app_context():
                start.wait()
                services.register_user(event_id, db.session.get(User, user_id))
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    with app.app_context():
        statuses = sorted(db.session.scalars(select(EventRegistration.status)
                                             .where(EventRegistration.event_id == event_id)))
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]


def test_without_the_lock_the_same_race_would_overbook(app, make_event, make_user, monkeypatch):
    """The test above can fail: with the lock taken away, the same two requests both get the seat."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            pytest.skip("row locks are PostgreSQL's: SQLite serialises writers itself")
    event_id = make_event(capacity=1)
    people = [make_user("newcomer", full_name=f"Person {i}", locale="en") for i in range(2)]
    counted = services._seated
    from app.events.models import Event

    monkeypatch.setattr(services, "lock", lambda event_id: db.session.get(Event, event_id))
    monkeypatch.setattr(services, "_seated", lambda event_id: (counted(event_id), time.sleep(0.4))[0])
    start = threading.Barrier(2)

    def register(user_id: int) -> None:
        with app.app_context():
            start.wait()
            services.register_user(event_id, db.session.get(User, user_id))
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=register, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    with app.app_context():
        statuses = db.session.scalars(select(EventRegistration.status)
                                      .where(EventRegistration.event_id == event_id)).all()
    assert statuses == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED]
