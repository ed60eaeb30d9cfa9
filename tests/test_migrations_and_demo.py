"""The schema comes from migrations; demo data gives every role something real to work with."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.reception.models import Case
from tests.conftest import statements_during


def test_models_and_migrations_agree(runner):
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_migrations_have_a_single_head(app):
    from alembic.script import ScriptDirectory

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def _seed_demo(runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_seed_demo_prints_one_login_per_role_and_is_idempotent(app, runner):
    first = _seed_demo(runner)
    logins = re.findall(r"^(\w+) (\S+@\S+) (\S+)$", first, re.M)
    assert [role for role, _, _ in logins] == ["newcomer", "employer", "officer", "coordinator", "admin"]
    with app.app_context():
        users = db.session.scalar(select(func.count()).select_from(User))
        cases = db.session.scalar(select(func.count()).select_from(Case))
        statuses = set(db.session.scalars(select(Case.status)))
        towns = set(db.session.scalars(select(Case.municipality_code)))
    assert cases >= 30 and len(statuses) >= 5 and len(towns) >= 5
    second = _seed_demo(runner)
    assert "already present" in second
    assert re.findall(r"^(\w+) (\S+@\S+) (\S+)$", second, re.M) == logins
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == users


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_every_demo_login_reaches_its_start_page(app, demo, locale):
    logins = re.findall(r"^(\w+) (\S+@\S+) (\S+)$", demo.output, re.M)
    assert len(logins) == 5
    for role, email, password in logins:
        client = app.test_client()
        client.post("/language", data={"lang": locale})
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code in (302, 303), role
        page = client.get(response.headers["Location"])
        html = page.get_data(as_text=True)
        assert page.status_code == 200, role
        assert f'<html lang="{locale}">' in html
        assert '<a class="skip-link" href="#main">' in html


def test_demo_household_sees_who_worked_its_case(app, demo):
    with app.app_context():
        case = db.session.scalar(select(Case).join(Case.profile).join(User).where(
            User.email == "newcomer@demo.landa.se"))
        officer, town = case.assigned_officer.full_name, case.assigned_officer.municipality.name_sv
    client = app.test_client()
    client.post("/login", data={"email": "newcomer@demo.landa.se", "password": "landa-demo-2026"})
    html = client.get("/talent/access-log").get_data(as_text=True)
    assert f"{officer} (Inflyttarlots, {town})" in html
    assert "Ändrade status" in html and "Visade ärendet" in html


def test_demo_is_refused_in_production(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "LANDA_ENV", "production")
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code != 0 and "not created in production" in result.output


@pytest.mark.parametrize("role", ["newcomer", "employer", "officer", "coordinator", "admin"])
def test_start_pages_do_a_bounded_number_of_queries(app, demo, role):
    """The demo population (hundreds of rows) costs no more queries than the page's fixed set.

    The count includes reading and writing the server-side session (two statements with the
    database store), loading the user and the page's own queries. The newcomer's home is the
    heaviest: profile with household, languages, occupations, skills, places and plan (7), cases with
    their messages, contact requests, hires, whether reception may contact them and receptions asking to (9), the open
    needs for matching (4) and the names in the reasons.
    """
    client = app.test_client()
    location = client.post("/login", data={"email": f"{role}@demo.landa.se",
                                           "password": "landa-demo-2026"}).headers["Location"]
    assert client.get(location).status_code == 200  # warm up (session, caches)
    queries = statements_during(app, lambda: client.get(location))
    assert queries <= 27, f"{role} start page ran {queries} queries"


def test_reception_pages_do_a_bounded_number_of_queries(app, demo):
    """The busiest case of the demo and the overview cost a fixed set of queries, however many rows:
    the case with its household, plan, events, tasks, notes, messages, referrals and follow-ups, the
    officers, the referral targets, and the audit entry and read marks written for the visit."""
    from sqlalchemy import func

    from app.reception.models import CaseTask

    with app.app_context():
        busiest = db.session.scalar(select(Case.id).join(CaseTask).where(Case.municipality_code == "2281")
                                    .group_by(Case.id).order_by(func.count().desc(), Case.id).limit(1))
    client = app.test_client()
    client.post("/login", data={"email": "officer@demo.landa.se", "password": "landa-demo-2026"})
    for url in (f"/reception/cases/{busiest}", "/reception/dashboard", "/reception/?overdue=1"):
        assert client.get(url).status_code == 200  # warm up
        queries = statements_during(app, lambda url=url: client.get(url))
        assert queries <= 22, f"{url} ran {queries} queries"


def test_demo_skills_survive_the_skill_fields():
    """The need form and the profile read skills as a list separated by commas (or semicolons): a demo
    skill with one would come back from an edit as two."""
    from app.seed.demo_needs import NEEDS

    skills = [s for text in NEEDS.values() for s in (*text.required, *text.nice)]
    assert skills and not [s for s in skills if "," in s or ";" in s]
