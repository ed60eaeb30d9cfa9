"""Every page the performance benchmark measures asks the database as often when the region grows: a
newcomer's, an employer's and an officer's pages and the API's, read before and after the synthetic
population doubles (newcomers, their cases and hires, and open needs)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from tests.conftest import statements_during
from tests.matching.test_matching_pages import _employer_with_open_need
from tests.reception.test_synthetic_volume import _every_list_has_rows


def _statements(app, browser, path: str, headers: dict | None = None) -> int:
    def view() -> None:
        response = browser.get(path, headers=headers or {})
        assert response.status_code == 200, (path, response.status_code)

    return statements_during(app, view)


def test_every_measured_page_asks_as_often_when_the_region_doubles(app, client, newcomer, case_id, officer,
                                                                   make_user, bearer):
    from types import SimpleNamespace

    from app.auth.models import Role, User
    from app.employers.models import CompetenceNeed
    from app.seed.synthetic import build_synthetic
    from tests.conftest import TEST_PASSWORD

    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id).order_by(CompetenceNeed.id))
        employer = SimpleNamespace(email=db.session.scalar(select(User.email).where(User.role == Role.EMPLOYER)),
                                   password=TEST_PASSWORD)
    client.post("/talent/consents", data={"matching": "y", "officer_contact": "y"})
    client.post(f"/needs/{need_id}/interest")
    officer.get(f"/reception/cases/{case_id}")  # the case is read once: its officer's first view is behind
    officer_token, newcomer_token, employer_token = bearer(officer.user), bearer(newcomer), bearer(employer)
    pages = [
        (client, "/talent/", None), (client, "/talent/plan", None), (client, "/talent/housing", None),
        (client, "/talent/places", None), (client, "/api/v1/newcomer/matches", newcomer_token),
        (boss, "/employers/", None), (boss, f"/employers/needs/{need_id}/candidates", None),
        (officer, "/reception/", None), (officer, f"/reception/cases/{case_id}", None),
        (officer, "/reception/dashboard", None), (officer, "/api/v1/cases", officer_token),
        (boss, f"/api/v1/needs/{need_id}/matches", employer_token),
        (client, "/needs/", None), (client, "/directory/", None), (client, "/directory/2284", None),
    ]

    for browser, path, headers in pages:  # once first: what is recorded once (a token's first use) is behind
        browser.get(path, headers=headers or {})

    def measured() -> tuple[dict[str, int], dict[str, int]]:
        """Statements of each page's first view after the region changed (lists found again), then of the
        next view (lists kept)."""
        first = {path: _statements(app, browser, path, headers) for browser, path, headers in pages}
        return first, {path: _statements(app, browser, path, headers) for browser, path, headers in pages}

    with app.app_context():
        build_synthetic(talents=300, needs=60, seed=21)
    _every_list_has_rows(app, "2284")  # the dashboard's lists read their rows' people both times
    before = measured()
    with app.app_context():
        build_synthetic(talents=300, needs=60, seed=22)
        assert db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.NEWCOMER)) > 600
    after = measured()
    assert after[0] == before[0]
    assert after[1] == before[1]


def test_the_synthetic_region_has_hires_within_positions(app):
    from app.employers.models import CompetenceNeed, Hire
    from app.reception.models import Case, CaseStatus
    from app.seed.synthetic import build_synthetic
    from app.talent.models import HouseholdMember, MemberOccupation, Relation

    with app.app_context():
        counts = build_synthetic(talents=800, needs=80, seed=9)
        hires = db.session.execute(
            select(Hire.need_id, CompetenceNeed.occupation_code, CompetenceNeed.positions, HouseholdMember.relation,
                   MemberOccupation.occupation_code, Case.status, Case.expected_arrival, Hire.start_date)
            .join(CompetenceNeed, CompetenceNeed.id == Hire.need_id)
            .join(HouseholdMember, HouseholdMember.id == Hire.member_id)
            .join(MemberOccupation, (MemberOccupation.member_id == Hire.member_id) & (MemberOccupation.position == 0))
            .join(Case, Case.profile_id == Hire.profile_id)).all()
    assert counts["hires"] == len(hires) > 10
    taken: dict[int, int] = {}
    for need, need_code, positions, relation, own_code, status, arrival, start in hires:
        assert (relation, own_code, start) == (Relation.SELF, need_code, arrival)
        assert status in (CaseStatus.ARRIVED, CaseStatus.SETTLING, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED)
        taken[need] = taken.get(need, 0) + 1
        assert taken[need] <= positions
