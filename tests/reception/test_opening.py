"""A hire opens a case where the job is, with the newcomer's consent; without it, the newcomer is asked."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.employers.models import ContactRequest, Interest
from app.extensions import db
from app.models import today
from app.reception.models import Case, CaseSource
from app.talent.models import Household
from tests.employers.test_employers import _open_need, employer, organisation  # noqa: F401 (fixtures)


def _hire(app, client, talent, need_id, person):
    talent.post(f"/needs/{need_id}/interest")
    with app.app_context():
        profile_id = db.session.scalar(select(Household.id).where(Household.user_id == person.id))
        interest_id = db.session.scalar(select(Interest.id).where(Interest.profile_id == profile_id))
    client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact", data={"message": "Hej!"})
    with app.app_context():
        request_id = db.session.scalar(select(ContactRequest.id))
    talent.post(f"/talent/requests/{request_id}", data={"answer": "accept"})
    start = today() + timedelta(days=60)
    client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/hire", data={"start_date": start.isoformat()})
    return profile_id


def test_a_hire_without_consent_asks_the_newcomer_first(app, client, organisation, make_user,  # noqa: F811
                                                        newcomer_client):
    need_id = _open_need(app, client, organisation, make_user)
    person, talent = newcomer_client
    profile_id = _hire(app, client, talent, need_id, person)
    with app.app_context():
        assert db.session.scalar(select(Case)) is None  # no consent: no case behind their back
    home = talent.get("/talent/").get_data(as_text=True)
    assert "You are hired in Örnsköldsvik" in home
    with app.app_context():
        from app.employers.models import Hire

        hire_id = db.session.scalar(select(Hire.id))
    assert talent.post(f"/talent/reception/{hire_id + 1}").status_code == 404
    talent.post(f"/talent/reception/{hire_id}")
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.profile_id, case.municipality_code, case.source) == (profile_id, "2284", CaseSource.HIRE)
    assert "You are hired in" not in talent.get("/talent/").get_data(as_text=True)


def test_a_hire_with_consent_opens_the_case_at_once(app, client, organisation, make_user,  # noqa: F811
                                                    newcomer_client):
    need_id = _open_need(app, client, organisation, make_user)
    person, talent = newcomer_client
    talent.post("/talent/consents", data={"officer_contact": "y"})  # no destination yet: no case
    with app.app_context():
        assert db.session.scalar(select(Case)) is None
    _hire(app, client, talent, need_id, person)
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case.source == CaseSource.HIRE and case.expected_arrival is not None
