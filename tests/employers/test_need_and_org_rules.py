"""Rules an employer meets when registering and posting (issue 20, item 9): an ad may close before the work
starts, and a wrong organisation number says what is wrong with it, on the page and in the API alike."""

from __future__ import annotations

import html
from datetime import timedelta

from app.auth.models import User
from app.extensions import db
from app.models import today
from tests.factories import OrganisationFactory


def _form(**changes) -> dict:
    values = {"kind": "employer", "name": "Norrlands Mekaniska", "org_number": "556677-8899",
              "municipality": "2284", "contact_name": "Karin HR", "contact_email": "karin@example.se"}
    values.update(changes)
    return values


def test_a_wrong_organisation_number_says_what_is_wrong(client, make_user, login, bearer, app):
    karin = make_user("employer", full_name="Karin HR", locale="en")
    login(karin)
    for number, message in (
            ("556677-8898", "The last digit does not fit the others: a digit is probably mistyped."),
            ("55667788", "An organisation number has ten digits, as in NNNNNN-NNNN."),
            ("55667X-8899", "This is not a valid Swedish organisation number")):
        page = client.post("/employers/organisations/new", data=_form(org_number=number))
        assert page.status_code == 422 and message in html.unescape(page.get_data(as_text=True)), number
        api = app.test_client().post("/api/v1/organisations", headers={**bearer(karin), "Accept-Language": "en"},
                                     json={"kind": "employer", "name": "Norrlands Mekaniska", "org_number": number,
                                           "municipality_code": "2284", "contact_name": "Karin HR",
                                           "contact_email": "karin@example.se"})
        assert api.status_code == 422 and message in api.get_json()["errors"]["org_number"][0], number


def test_a_need_may_close_before_the_work_starts(client, make_user, login, app):
    karin = make_user("employer", full_name="Karin HR", locale="en")
    with app.app_context():
        organisation = OrganisationFactory(owner=db.session.get(User, karin.id)).id
    login(karin)
    start, until = today() + timedelta(days=90), today() + timedelta(days=30)
    saved = client.post(f"/employers/organisations/{organisation}/needs/new", data={
        "title": "Maintenance technicians", "occupation": "7233", "municipality": "2284", "positions": "40",
        "employment_type": "permanent", "start_date": start.isoformat(), "expires_on": until.isoformat()})
    assert saved.status_code == 302, html.unescape(saved.get_data(as_text=True))[-2000:]
