"""An employer registers, is approved, posts needs; the public board shows only what may be public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.employers.models import ApprovalStatus, CompetenceNeed, NeedStatus, Organisation, OrganisationDecision
from app.employers.services import close_expired_needs
from app.extensions import db
from app.models import today

VALID_ORGNR = "556036-0793"


def _register(client, **data):
    base = {"kind": "employer", "name": "Örnsköldsvik Green Fuels AB", "org_number": VALID_ORGNR,
            "municipalities": ["2284", "2281"], "networks": [], "contact_name": "Karin HR",
            "contact_email": "karin@gf.se"}
    return client.post("/employers/organisations/new", data=base | data)


def _need(client, organisation_id, **data):
    start = today() + timedelta(days=60)
    base = {"title": "Maintenance technician", "occupation": "7233", "municipality": "2284", "positions": "40",
            "employment_type": "permanent", "required_skills": "PLC, hydraulics", "min_english": "B1",
            "start_date": start.isoformat(), "expires_on": (start + timedelta(days=30)).isoformat(),
            "salary_min": "34000", "salary_max": "42000", "relocation_support": ["housing", "partner_career"]}
    return client.post(f"/employers/organisations/{organisation_id}/needs/new", data=base | data)


@pytest.fixture
def employer(client, login_as):
    user = login_as("employer", locale="en", full_name="Karin HR")
    assert _register(client).status_code in (302, 303)
    return user


@pytest.fixture
def organisation(app, employer):
    with app.app_context():
        return db.session.scalar(select(Organisation))


def _approve(app, organisation_id, make_user, municipality="2284"):
    officer = make_user("officer", municipality_code=municipality)
    other = app.test_client()
    other.post("/login", data={"email": officer.email, "password": officer.password})
    return other.post(f"/employers/review/{organisation_id}", data={"decision": "approved", "note": "Known"})


def test_registration_with_a_valid_organisation_number(app, organisation):
    assert organisation.org_number == VALID_ORGNR and organisation.status == ApprovalStatus.PENDING
    assert organisation.municipality_code == "2284"


@pytest.mark.parametrize(("data", "message"), [
    ({"org_number": "556036-0794"}, "This is not a valid Swedish organisation number"),
    ({"org_number": ""}, "Enter the organisation number."),
    ({"municipalities": []}, "Tick at least one municipality."),
    ({"contact_email": "nope"}, "Enter a valid e-mail address"),
])
def test_registration_problems(client, login_as, data, message):
    login_as("employer", locale="en")
    response = _register(client, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert 'value="Örnsköldsvik Green Fuels AB"' in html


def test_the_same_organisation_twice(client, employer, login_as, make_user, app):
    other = make_user("employer")
    second = app.test_client()
    second.post("/login", data={"email": other.email, "password": other.password})
    response = _register(second, org_number="5560360793", name="Copy")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.query(Organisation).count() == 1


def test_needs_stay_drafts_until_approved(app, client, organisation, make_user):
    assert _need(client, organisation.id).status_code in (302, 303)
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
    publish = client.post(f"/employers/needs/{need.id}/status", data={"status": "open"}, follow_redirects=True)
    assert "must be approved before its needs can be published" in publish.get_data(as_text=True)
    assert client.get(f"/needs/{need.id}").status_code == 404

    assert _approve(app, organisation.id, make_user).status_code in (302, 303)
    client.post(f"/employers/needs/{need.id}/status", data={"status": "open"})
    with app.app_context():
        assert db.session.get(CompetenceNeed, need.id).status == NeedStatus.OPEN
        decision = db.session.scalar(select(OrganisationDecision))
        assert decision.decision == ApprovalStatus.APPROVED and decision.actor_id and decision.note == "Known"
    anonymous = app.test_client()
    board = anonymous.get("/needs/?municipality=2284").get_data(as_text=True)
    assert "Maintenance technician" in board
    page = anonymous.get(f"/needs/{need.id}", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Maintenance technician" in page and "Hjälp med boende" in page


def test_review_page_lists_the_organisation(app, organisation, make_user):
    officer = make_user("officer", municipality_code="2284", locale="en")
    client = app.test_client()
    client.post("/login", data={"email": officer.email, "password": officer.password})
    html = client.get("/employers/review").get_data(as_text=True)
    assert "Örnsköldsvik Green Fuels AB" in html and "Approve Örnsköldsvik Green Fuels AB" in html
    assert "Sundsvall" in html  # where it operates
    _approve(app, organisation.id, make_user)
    html = client.get("/employers/review").get_data(as_text=True)
    assert "Approved by" in html


def test_officer_of_another_municipality_cannot_approve(app, organisation, make_user):
    response = _approve(app, organisation.id, make_user, municipality="2260")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Organisation, organisation.id).status == ApprovalStatus.PENDING


@pytest.mark.parametrize(("data", "message"), [
    ({"salary_min": "50000", "salary_max": "40000"}, "The highest salary cannot be lower than the lowest."),
    ({"positions": "0"}, "Enter a number from 1 to 10 000."),
    ({"positions": "-3"}, "Enter a number from 1 to 10 000."),
    ({"start_date": "2020-01-01"}, "The start date has passed"),
    ({"expires_on": (today() + timedelta(days=30)).isoformat()}, "Show the need at least until the start date."),
    ({"occupation": "9999"}, "There is no occupation with code 9999"),
])
def test_need_problems(app, client, organisation, data, message):
    response = _need(client, organisation.id, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert 'value="Maintenance technician"' in html
    with app.app_context():
        assert db.session.query(CompetenceNeed).count() == 0


def test_low_salary_warns_about_work_permits(app, client, organisation):
    _need(client, organisation.id, occupation="2221", salary_min="25000", salary_max="27000")
    html = client.get("/employers/").get_data(as_text=True)
    assert "cannot get a work permit at this salary" in html
    assert "SEK" in html


def test_someone_elses_need_is_not_found(app, client, organisation, make_user):
    _need(client, organisation.id)
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
    other = make_user("employer")
    intruder = app.test_client()
    intruder.post("/login", data={"email": other.email, "password": other.password})
    assert intruder.get(f"/employers/needs/{need.id}").status_code == 404
    assert intruder.post(f"/employers/needs/{need.id}/status", data={"status": "closed"}).status_code == 404
    assert intruder.get(f"/employers/organisations/{organisation.id}/needs/new").status_code == 404


def test_lifecycle_and_expiry(app, client, organisation, make_user):
    _approve(app, organisation.id, make_user)
    _need(client, organisation.id)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    client.post(f"/employers/needs/{need_id}/status", data={"status": "open"})
    client.post(f"/employers/needs/{need_id}/status", data={"status": "filled"})
    with app.app_context():
        assert db.session.get(CompetenceNeed, need_id).status == NeedStatus.FILLED
    bad = client.post(f"/employers/needs/{need_id}/status", data={"status": "closed"}, follow_redirects=True)
    assert "cannot change to that status" in bad.get_data(as_text=True)
    assert client.post(f"/employers/needs/{need_id}/status", data={"status": "bogus"}).status_code == 400

    client.post(f"/employers/needs/{need_id}/status", data={"status": "open"})
    with app.app_context():
        need = db.session.get(CompetenceNeed, need_id)
        assert close_expired_needs(need.expires_on + timedelta(days=1)) == 1
        assert close_expired_needs(need.expires_on + timedelta(days=1)) == 0  # twice: nothing more
        db.session.commit()
        assert db.session.get(CompetenceNeed, need_id).status == NeedStatus.CLOSED


def test_board_filters_and_odd_input(client):
    assert client.get("/needs/?municipality=xx&occupation=abc&page=2").status_code in (200, 404)
    assert client.get("/needs/?occupation=72").status_code == 200


def test_close_expired_command(runner):
    result = runner.invoke(args=["needs", "close-expired"])
    assert result.exit_code == 0 and "expired needs closed" in result.output
