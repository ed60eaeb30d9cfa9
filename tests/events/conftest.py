"""Events' fixtures: an event made through the use case, as an organiser would make it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.auth.models import User
from app.events import services
from app.events.models import EventKind
from app.extensions import db
from app.models import utcnow


@pytest.fixture
def make_event(app, make_user):
    """``make_event(capacity=2, municipality_code="2281")``: a published event organised by an officer of its
    municipality (or ``organiser``); returns its id."""
    def make(organiser=None, publish: bool = True, **values) -> int:
        code = values.get("municipality_code", "2284")
        organiser = organiser or make_user("officer", municipality_code=code, full_name="Olle Organiser", locale="en")
        starts = utcnow() + timedelta(days=10)
        given = {"kind": EventKind.WELCOME_MEETING, "title": "Welcome evening in Örnsköldsvik",
                 "description": "Meet the municipality, schools and employers.", "language": "en",
                 "starts_at": starts, "ends_at": starts + timedelta(hours=2), "registration_deadline": None,
                 "online_url": None, "place_name": "Folkets hus", "address": "Nygatan 10, Örnsköldsvik",
                 "municipality_code": code, "organisation_id": None, "capacity": 20} | values
        with app.app_context():
            event = services.create_event(db.session.get(User, organiser.id), publish=publish, **given)
            db.session.commit()
            return event.id

    return make


def link_in(mail, path: str) -> str:
    """The path of the first link to ``path`` in an e-mail's text."""
    found = re.search(rf"https?://[^/\s]+({re.escape(path)}\S+)", mail.body)
    assert found, mail.body
    return found.group(1)
