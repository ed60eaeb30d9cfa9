"""The employer side of insights (``app.insights.employers``): needs posted and filled, time to fill, interest
and contact rates, and demand against supply, with crafted small cells, per role."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, insert

from app.auth.models import User
from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    ContactRequest,
    ContactStatus,
    Interest,
    NeedStatus,
    Organisation,
    OrganisationKind,
    OrganisationMember,
    organisation_network,
)
from app.extensions import db
from app.insights.employers import demand_figures, needs_figures
from app.insights.filters import Filters, Scope
from tests.factories import TEST_PASSWORD, AccountFactory, HouseholdFactory, org_number

PERIOD = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
REGION = Scope(role="coordinator")
POSTED = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
FILL_DAYS = (40, 45, 50, 55, 59)  # all filled in April 2025; the median is 50


def _organisation(n: int, name: str, kind=OrganisationKind.EMPLOYER, represents=None) -> Organisation:
    organisation = Organisation(name=name, org_number=org_number(9_000 + n), kind=kind,
                                status=ApprovalStatus.APPROVED, municipality_code="2281", represents_key=represents)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def _need(organisation: Organisation, code: str, place: str, positions: int = 1, filled_after: int | None = None):
    need = CompetenceNeed(organisation_id=organisation.id, title=f"Need {code}", occupation_code=code,
                          municipality_code=place, positions=positions, published_at=POSTED,
                          status=NeedStatus.FILLED if filled_after else NeedStatus.OPEN,
                          closed_at=POSTED + timedelta(days=filled_after) if filled_after else None)
    db.session.add(need)
    return need


@pytest.fixture
def region(app):
    """Our employer (2221 nurses in Sundsvall, 2281: 7 needs, 5 filled, 2 open with 10 positions each; a member
    of the network BizMaker), another employer in Örnsköldsvik (2284: 6 open needs for 3113 and 3 for 7233, 2
    positions each), interest and contact on ours; talent: 7 nurses who chose Sundsvall, 1 open to every place,
    1 who does not consent, and 3 machinery mechanics (7233) for Örnsköldsvik."""
    with app.app_context():
        ours = _organisation(1, "Sjukhuset AB")
        other = _organisation(2, "Verkstaden AB")
        db.session.execute(insert(organisation_network), [{"organisation_id": ours.id, "network_key": "bizmaker"}])
        nurses = [_need(ours, "2221", "2281", positions=10, filled_after=days) for days in FILL_DAYS]
        nurses += [_need(ours, "2221", "2281", positions=10) for _ in range(2)]
        for _ in range(6):
            _need(other, "3113", "2284", positions=2)
        for _ in range(3):
            _need(other, "7233", "2284", positions=2)
        talents = [HouseholdFactory(occupations=("2221",), places=("2281",), consents=("matching",))
                   for _ in range(7)]
        HouseholdFactory(occupations=("2221",), places=("2284",), open_to_all=True, consents=("matching",))
        HouseholdFactory(occupations=("2221",), places=("2281",), consents=())  # no consent: not counted
        for _ in range(3):
            HouseholdFactory(occupations=("7233",), places=("2284",), consents=("matching",))
        db.session.flush()
        # Two interests in each nurse need (14); 10 contact requests, 6 answered yes.
        for n, need in enumerate(nurses):
            for profile in (talents[n], talents[(n + 1) % 7]):
                db.session.add(Interest(need_id=need.id, profile_id=profile.id, member_id=profile.me.id))
        for n in range(10):
            need, profile = nurses[n % 7], talents[(n + 3 + n // 7) % 7]
            db.session.add(ContactRequest(need_id=need.id, profile_id=profile.id, member_id=profile.me.id,
                                          status=ContactStatus.ACCEPTED if n < 6 else ContactStatus.DECLINED))
        owner = AccountFactory(role="employer")
        db.session.add(OrganisationMember(organisation_id=ours.id, user_id=owner.id, is_owner=True))
        db.session.commit()
        ids = {"ours": ours.id, "other": other.id, "owner": owner.id}
        db.session.remove()
    return ids


def _figure(figures, key):
    return next(f for f in figures if f.key == key)


def _rows(figure) -> dict:
    """{first cell: the row's other cells} for a figure."""
    return {row[0]: row[1:] for row in figure.rows}


def _by_code(figure) -> dict:
    """{SSYK group digit or code: row}: the label starts with the code."""
    return {str(row[0]).split()[0]: row[1:] for row in figure.rows}


def test_group_with_seven_needs_is_shown_three_is_withheld_and_one_more_protects_it(app, region):
    with app.test_request_context("/?lang=en"):
        figures = needs_figures(REGION, PERIOD)
    groups = _by_code(_figure(figures, "needs_by_group"))
    assert groups["2"] == (7, 5, 50.0)  # posted, filled, median days to fill
    assert groups["7"][0] is None  # 3 needs: withheld
    # 16 = 7 + 6 + 3 is published per month: the 6 would give the 3 away, so it is withheld too.
    assert groups["3"][0] is None
    assert groups["3"][1] == 0 and groups["7"][1] == 0
    months = _rows(_figure(figures, "needs_by_month"))
    assert months[date(2025, 3, 1)] == (16, 0)
    assert months[date(2025, 4, 1)] == (0, 5)
    assert len(months) == 12
    # The unit groups and industries are suppressed with the groups: 3113 alone is group 3, so it stays withheld
    # (a unit group with nothing to show is left out of its table).
    units = {row[1]: row[2:] for row in _figure(figures, "needs_by_unit").rows}
    assert units == {"2221": (7, 5)}
    industries = _rows(_figure(figures, "needs_by_industry"))
    assert industries["Healthcare"] == (7, 5)
    assert industries["Forest industry"][0] is None  # 7233: three needs
    assert industries["Energy"][0] is None  # 3113 alone: would give the withheld unit away
    assert _rows(_figure(figures, "needs_by_network"))["BizMaker"] == (7, 5)
    rates = _by_code(_figure(figures, "interest_and_contact"))
    assert rates["2"] == (7, 14, 2.0, 10, 6, 0.6)


def test_nothing_in_the_period_counts_nothing(app, region):
    with app.test_request_context("/?lang=en"):
        figures = needs_figures(REGION, Filters(start=date(2024, 2, 1), end=date(2024, 12, 31)))
    assert all(row[1:] == (0, 0) for row in _figure(figures, "needs_by_month").rows)
    assert _figure(figures, "needs_by_group").rows == ()


def test_employer_sees_only_its_own_needs(app, region):
    with app.test_request_context("/?lang=en"):
        own = needs_figures(Scope(role="employer", organisation_ids=(region["ours"],)), PERIOD)
        other = needs_figures(Scope(role="employer", organisation_ids=(region["other"],)), PERIOD)
        nobody = needs_figures(Scope(role="employer"), PERIOD)
        newcomer = needs_figures(Scope(role="newcomer"), PERIOD)
    assert set(_by_code(_figure(own, "needs_by_group"))) == {"2"}
    assert _rows(_figure(own, "needs_by_month"))[date(2025, 3, 1)] == (7, 0)
    assert set(_by_code(_figure(other, "needs_by_group"))) == {"3", "7"}
    assert _rows(_figure(other, "needs_by_month"))[date(2025, 3, 1)] == (9, 0)
    for figures in (nobody, newcomer):
        assert sum(row[1] for row in _figure(figures, "needs_by_month").rows) == 0


def test_officer_sees_only_their_municipality(app, region):
    officer = Scope(role="officer", municipality="2284")
    with app.test_request_context("/?lang=en"):
        figures = needs_figures(officer, PERIOD)
        demand = demand_figures(officer, PERIOD)
    assert _rows(_figure(figures, "needs_by_month"))[date(2025, 3, 1)] == (9, 0)
    assert set(_by_code(_figure(figures, "needs_by_group"))) == {"3", "7"}
    cells = {(row[1], row[2]) for row in _figure(demand, "demand_supply").rows}
    assert cells == {("3113", "Örnsköldsvik"), ("7233", "Örnsköldsvik")}


def test_demand_against_supply(app, region):
    with app.test_request_context("/?lang=en"):
        figures = demand_figures(REGION, PERIOD)
    groups = _figure(figures, "demand_supply_by_group")
    # Largest gap first: nurses (20 positions, 7 who chose Sundsvall + 1 open to all), then 3113 (12, nobody).
    assert [str(row[0]).split()[0] for row in groups.rows] == ["2", "3", "7"]
    assert groups.rows[0][1:] == (20, 8, 12)
    assert groups.rows[1][1:] == (12, 0, 12)
    assert groups.rows[2][1] == 6 and groups.rows[2][2] is None  # three mechanics: withheld, and so the gap
    assert groups.rows[2][3] is None
    cells = {(row[1], row[2]): row[3:] for row in _figure(figures, "demand_supply").rows}
    assert cells[("2221", "Sundsvall")] == (20, 8, 12)
    assert cells[("7233", "Örnsköldsvik")] == (6, None, None)
    assert [row[1] for row in _figure(figures, "demand_supply").rows][-1] == "7233"  # unknown gap last


def test_employer_sees_own_positions_against_anonymous_supply(app, region):
    with app.test_request_context("/?lang=en"):
        figures = demand_figures(Scope(role="employer", organisation_ids=(region["ours"],)), PERIOD)
    cells = {(row[1], row[2]): row[3:] for row in _figure(figures, "demand_supply").rows}
    assert cells == {("2221", "Sundsvall"): (20, 8, 12)}


def test_a_bounded_number_of_queries(app, region):
    seen: list[str] = []
    with app.test_request_context("/?lang=en"):
        engine = db.engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            needs_figures(REGION, PERIOD)
            needs = len(seen)
            demand_figures(REGION, PERIOD)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
    assert needs <= 9, seen
    assert len(seen) - needs <= 5, seen[needs:]


def test_pages_as_each_role(app, client, login, make_user, region):
    login(make_user("coordinator", locale="en"))
    for key in ("employers", "demand"):
        page = client.get(f"/insights/{key}")
        assert page.status_code == 200, page.get_data(as_text=True)[:500]
    assert "Needs posted and filled per occupation group" in client.get("/insights/employers").get_data(as_text=True)
    exported = client.get("/insights/demand?export=csv&figure=demand_supply")
    assert exported.status_code == 200
    assert "2221" in exported.get_data(as_text=True) and "Sundsvall" in exported.get_data(as_text=True)
    client.post("/logout")
    login(make_user("newcomer", locale="en"))
    assert client.get("/insights/demand").status_code in (403, 404)


def test_the_employer_page_shows_an_employer_its_own_needs(app, client, region):
    with app.app_context():
        owner = db.session.get(User, region["owner"])
        owner.locale = "en"
        email = owner.email
        db.session.commit()
    client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    page = client.get("/insights/demand?export=csv&figure=demand_supply")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "2221" in text and "3113" not in text and "7233" not in text
