"""Matches on the pages: newcomers see jobs for themselves and their partner; employers see consenting talent."""

from __future__ import annotations

from sqlalchemy import select

from app.employers.models import CompetenceNeed
from app.extensions import db
from tests.employers.test_employers import _open_need, _register


def _employer_with_open_need(app, make_user):
    """An approved employer's browser with an open need: maintenance technicians (7233) in Örnsköldsvik."""
    from app.employers.models import Organisation

    employer = make_user("employer", locale="en")
    boss = app.test_client()
    boss.post("/login", data={"email": employer.email, "password": employer.password})
    _register(boss, org_number="556036-0793")
    with app.app_context():
        organisation = db.session.scalar(select(Organisation))
    _open_need(app, boss, organisation, make_user)
    return boss


def test_newcomer_sees_ranked_explained_jobs(app, client, newcomer, make_user):
    _employer_with_open_need(app, make_user)
    html = client.get("/talent/").get_data(as_text=True)
    assert "Jobs that fit your household" in html and "Maintenance technician" in html
    assert "Same occupation: Agricultural and industrial machinery mechanics and repairers" in html


def test_employer_sees_only_consenting_talent(app, client, newcomer, make_user):
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))

    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Other talent that matches" not in page  # no consent yet

    client.post("/talent/consents", data={"matching": "y"})
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Other talent that matches" in page and "Same occupation" in page
    assert "Arjun Kumar" not in page  # anonymised

    client.post("/talent/consents", data={})  # withdrawn: gone at once
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Other talent that matches" not in page


def test_profiles_not_confirmed_for_90_days_are_paused(app, client, newcomer, make_user):
    from datetime import timedelta

    from app.models import utcnow
    from app.talent.models import NewcomerProfile

    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    client.post("/talent/consents", data={"matching": "y"})
    assert "Other talent that matches" in boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)

    with app.app_context():
        profile = db.session.scalar(select(NewcomerProfile).where(NewcomerProfile.user_id == newcomer.id))
        profile.confirmed_at = utcnow() - timedelta(days=91)
        db.session.commit()
    assert "Other talent that matches" not in boss.get(f"/employers/needs/{need_id}/candidates").get_data(
        as_text=True)
    home = client.get("/talent/").get_data(as_text=True)
    assert "It is paused from employers' lists until you confirm it" in home
    client.post("/talent/confirm")  # one click
    assert "Other talent that matches" in boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)


def test_only_the_partner_looking_for_work_gets_partner_matches(app, client, newcomer, make_user):
    _employer_with_open_need(app, make_user)
    client.post("/talent/profile/work", data={})  # the newcomer gives no occupation
    client.post("/talent/household/add", data={"relation": "partner", "first_name": "Divya", "birth_year": "1990",
                                                "moving": "now", "seeking_work": "y", "occupations-0": "7233"})
    html = client.get("/talent/").get_data(as_text=True)
    assert "For Divya" in html
    assert "No occupation given" in html  # the newcomer's own list says why it scores lower
