"""Fixtures for the reception tests: a household's case and an officer of its municipality."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.reception.models import Case, CaseSource, CaseStatus


@pytest.fixture
def case_id(app, client, newcomer):
    """Arjun (moving to Örnsköldsvik, 2284) lets reception contact him: the case opens by itself."""
    page = client.post("/talent/consents", data={"officer_contact": "y"}, follow_redirects=True)
    assert "can now see your move and will contact you" in page.get_data(as_text=True)
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.municipality_code, case.source, case.status) == ("2284", CaseSource.NEWCOMER, CaseStatus.NEW)
        return case.id


@pytest.fixture
def officer(app, make_user):
    """An officer of Örnsköldsvik, logged in, in English."""
    person = make_user("officer", municipality_code="2284", full_name="Olle Officer", locale="en")
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": person.email, "password": person.password})
    browser.user = person
    return browser
