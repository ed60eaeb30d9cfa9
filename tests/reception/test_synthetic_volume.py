"""Reception at volume: the synthetic population has cases (with history, tasks, messages and follow-ups),
and the officer's pages ask the database as often when their municipality has three times the cases."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from tests.conftest import statements_during


def _officer_with_most_cases(app, client):
    from app.auth.models import Role, User
    from app.auth.passwords import hash_password
    from app.reception.models import Case, CaseStatus
    from tests.conftest import TEST_PASSWORD

    with app.app_context():
        code = db.session.execute(select(Case.municipality_code, func.count()).where(Case.status != CaseStatus.CLOSED)
                                  .group_by(Case.municipality_code).order_by(func.count().desc())).first()[0]
        officer = db.session.scalar(select(User).where(User.role == Role.OFFICER, User.municipality_code == code)
                                    .order_by(User.id))
        officer.password_hash = hash_password(TEST_PASSWORD)
        officer.email = email = f"officer-{code}@example.se"  # the synthetic domain is not one to sign in with
        db.session.commit()
    assert client.post("/login", data={"email": email, "password": TEST_PASSWORD}).status_code in (302, 303)
    return code


def _every_list_has_rows(app, code: str) -> None:
    """An arrival soon with its officer, and an overdue task with its assignee: the dashboard's lists then
    read what their rows show in both measurements, whatever the random population holds."""
    from datetime import timedelta

    from app.auth.models import Role, User
    from app.models import today
    from app.reception.models import Case, CaseStatus, CaseTask

    with app.app_context():
        officer_id = db.session.scalar(select(User.id).where(User.role == Role.OFFICER, User.municipality_code == code))
        case = db.session.scalar(select(Case).where(Case.municipality_code == code, Case.status != CaseStatus.CLOSED)
                                 .order_by(Case.id))
        case.expected_arrival, case.assigned_officer_id = today() + timedelta(days=5), officer_id
        db.session.add(CaseTask(case_id=case.id, title="Overdue", due_on=today() - timedelta(days=3),
                                assignee_id=officer_id))
        db.session.commit()


def _statements(app, client, path: str) -> int:
    def view() -> None:
        assert client.get(path).status_code == 200

    return statements_during(app, view)


def test_the_synthetic_population_has_reception_work(app):
    from app.reception.models import Case, CaseEvent, CaseStatus, CaseTask, FollowUp, FollowUpStatus
    from app.seed.synthetic import build_synthetic

    with app.app_context():
        build_synthetic(talents=400, needs=10, seed=5)
        cases = db.session.scalar(select(func.count()).select_from(Case))
        assert 150 < cases < 300  # about 55 % of the households
        statuses = set(db.session.scalars(select(Case.status).distinct()))
        assert {CaseStatus.NEW, CaseStatus.ARRIVED, CaseStatus.CLOSED} <= statuses
        assert db.session.scalar(select(func.count()).select_from(CaseEvent)) > cases
        assert db.session.scalar(select(func.count()).select_from(CaseTask).where(CaseTask.done_at.is_(None)))
        assert db.session.scalar(select(func.count()).select_from(FollowUp)
                                 .where(FollowUp.status == FollowUpStatus.ANSWERED))


def test_the_officers_pages_do_not_ask_more_as_the_cases_grow(app, client):
    """Measured with twice the households (in the same places) after a first growth, so that every list on
    the pages has rows both times (an empty list's rows need no reading)."""
    from app.seed.synthetic import build_synthetic

    with app.app_context():
        build_synthetic(talents=600, needs=5, seed=6)
    code = _officer_with_most_cases(app, client)
    _every_list_has_rows(app, code)
    pages = ("/reception/", "/reception/dashboard")
    before = {path: _statements(app, client, path) for path in pages}
    with app.app_context():
        build_synthetic(talents=600, needs=5, seed=7)
    assert {path: _statements(app, client, path) for path in pages} == before
