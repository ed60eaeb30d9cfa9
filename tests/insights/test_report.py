"""The funder's report: every indicator agrees with crafted rows, small cells are withheld, an officer reads
only their municipality, the period defaults to the project period, and the page exports as one workbook."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from app.employers.models import CompetenceNeed, ContactRequest, Hire, Organisation
from app.extensions import db
from app.i18n import format_date
from app.insights import report
from app.insights.filters import Filters, Scope
from app.reception.models import FollowUpStatus
from app.talent.models import HouseholdMember
from tests.insights.reception_crafted import (
    ORNSKOLDSVIK,
    SUNDSVALL,
    at,
    case,
    follow_up,
    household,
)

REGION = Scope(role="coordinator")
PERIOD = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
FAMILY = (("woman", 1990), ("man", 1990), (None, 2018))  # 35, 35 and 7 at the end of 2025


@pytest.fixture
def en(app):
    with app.test_request_context("/"), force_locale("en"):
        yield
        db.session.remove()


def indicators(scope: Scope = REGION, filters: Filters = PERIOD) -> dict:
    figure = report.build(scope, filters)[0]
    assert figure.key == "indicators"
    assert all(row[2] for row in figure.rows), "every indicator has its definition next to it"
    return {row[0]: row[1] for row in figure.rows}


def test_participants_by_gender_and_age_band(en):
    for _ in range(6):
        household(created=date(2025, 3, 1), destination=SUNDSVALL, members=FAMILY)
    late = household(created=date(2023, 3, 1), members=FAMILY)  # registered before, but its case opened in 2025
    case(ORNSKOLDSVIK, opened=date(2025, 6, 1), profile=late)
    household(created=date(2023, 3, 1), members=FAMILY)  # before the period, no case: not a participant
    household(created=date(2026, 3, 1), members=FAMILY)  # after
    db.session.commit()

    _indicators, by_gender, table = report.build(REGION, PERIOD)
    columns = [c.key for c in table.columns]
    assert columns == ["age_band", "woman", "man", "another", "undisclosed", "not_given", "all"]
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["35–44"] == (7, 7, 0, 0, 0, 14)
    assert rows["Under 18"] == (0, 0, 0, 0, 7, 7)
    assert rows["65 or older"] == (0, 0, 0, 0, 0, 0)
    assert dict(by_gender.rows) == {"Woman": 7, "Man": 7, "Another gender": 0, "Prefer not to say": 0,
                                    "Not given": 7}
    assert indicators()["Participants"] == 21 and indicators()["Households"] == 7
    # Sundsvall: the six heading there; Örnsköldsvik: the one whose case opened there (3 people: withheld).
    assert indicators(Scope(role="officer", municipality=SUNDSVALL))["Participants"] == 18
    mine = indicators(Scope(role="officer", municipality=ORNSKOLDSVIK))
    assert mine["Participants"] is None and mine["Households"] is None


def test_a_small_cell_is_withheld_with_another_so_totals_cannot_reveal_it(en):
    for _ in range(6):
        household(created=date(2025, 3, 1), members=FAMILY)
    household(created=date(2025, 3, 1), members=(("undisclosed", 1958),))  # one person, 67, prefers not to say
    db.session.commit()
    _indicators, by_gender, table = report.build(REGION, PERIOD)
    rows = {row[0]: row[1:] for row in table.rows}
    assert rows["65 or older"][3] is None and rows["65 or older"][5] is None
    assert dict(by_gender.rows)["Prefer not to say"] is None
    # No row and no column of the table (whose totals are published) has a single withheld cell.
    full = report.participants(REGION, PERIOD)
    for row in full:
        assert sum(v is None for v in row[1:]) != 1, row
    for c in range(1, len(full[0])):
        assert sum(row[c] is None for row in full) != 1, (c, full)
    assert indicators()["Participants"] == 19


def test_employers_engaged_and_people_who_found_work(en):
    organisations = []
    for i in range(7):
        organisation = Organisation(name=f"Arbetsgivare {i}", org_number=f"556000-{i:04d}",
                                    municipality_code=SUNDSVALL)
        db.session.add(organisation)
        db.session.flush()
        organisations.append(organisation)
    needs = []
    for i, organisation in enumerate(organisations):
        published = date(2025, 4, 1) if i < 4 else date(2024, 4, 1)  # 4 published in the period
        need = CompetenceNeed(organisation_id=organisation.id, title="Svetsare", occupation_code="7212",
                              municipality_code=SUNDSVALL if i < 6 else ORNSKOLDSVIK, published_at=at(published))
        db.session.add(need)
        db.session.flush()
        needs.append(need)
    hired = []
    for i in range(8):
        profile = household(created=date(2024, 1, 1), members=(("man", 1985),))
        member = db.session.query(HouseholdMember).filter_by(profile_id=profile.id).one()
        if i < 3:  # contact requests in the period for organisations 4 and 5 (published before)
            db.session.add(ContactRequest(need_id=needs[4 + i % 2].id, profile_id=profile.id, member_id=member.id,
                                          created_at=at(date(2025, 5, 1))))
        recorded = date(2025, 6, 1) if i < 6 else date(2024, 6, 1)
        db.session.add(Hire(need_id=needs[i % 4].id, profile_id=profile.id, member_id=member.id,
                            start_date=date(2025, 8, 1), created_at=at(recorded)))
        hired.append(member)
    db.session.commit()
    found = indicators()
    assert found["Employers engaged"] == 6  # 4 published + 2 asked (organisation 6 did neither in the period)
    assert found["People who found work"] == 6
    assert indicators(Scope(role="officer", municipality=ORNSKOLDSVIK))["Employers engaged"] == 0


def test_still_in_the_region_after_twelve_months(en):
    arrived = date(2024, 3, 1)  # twelve months end in March 2025: in the period
    for i in range(15):
        made = case(SUNDSVALL, opened=date(2024, 1, 1), arrived=arrived,
                    closed=date(2024, 9, 1) if i >= 6 else None)  # 6 open, 9 closed after 6 months
        if 6 <= i < 8:  # two of the closed answered their 12-month check-in: still here
            follow_up(made, 365, arrived + timedelta(days=365), FollowUpStatus.ANSWERED)
        if i >= 13:  # two closed after more than twelve months: were here at twelve months
            made.closed_at = at(date(2025, 5, 1))
    case(SUNDSVALL, opened=date(2025, 1, 1), arrived=date(2025, 2, 1))  # twelve months not reached
    db.session.commit()
    found = indicators()
    assert found["Households 12 months after arrival"] == 15
    assert found["Households still in the region after 12 months"] == 10
    assert found["People still in the region after 12 months"] == 10
    assert "10 of 15 households (67%) still in the region" in report.build(REGION, PERIOD)[0].summary


def test_still_here_that_would_reveal_a_household_is_withheld(en):
    for i in range(8):
        case(SUNDSVALL, opened=date(2024, 1, 1), arrived=date(2024, 3, 1),
             closed=date(2024, 9, 1) if i < 2 else None)
    db.session.commit()
    found = indicators()
    assert found["Households 12 months after arrival"] == 8
    assert found["Households still in the region after 12 months"] is None  # 8 - 6 would tell the 2 who left
    assert "(fewer than 5) still in the region" in report.build(REGION, PERIOD)[0].summary


def test_the_period_defaults_to_the_project_period(app, en):
    assert (app.config["LANDA_PROJECT_START"], app.config["LANDA_PROJECT_END"]) == (date(2024, 2, 1),
                                                                                  date(2026, 12, 31))
    for _ in range(5):
        household(created=date(2024, 2, 1), members=(("woman", 1990),))
    household(created=date(2024, 1, 31), members=(("woman", 1990),))
    db.session.commit()
    defaults = Filters.default(REGION)
    assert indicators(REGION, defaults)["Households"] == 5
    summary = report.build(REGION, defaults)[0].summary
    assert format_date(date(2024, 2, 1)) in summary and format_date(date(2026, 12, 31)) in summary


def test_the_report_page_and_its_workbook(app, client, make_user, login):
    from io import BytesIO

    from openpyxl import load_workbook

    with app.app_context():
        for _ in range(6):
            household(created=date(2025, 3, 1), members=FAMILY)
        db.session.commit()
    coordinator = make_user("coordinator", locale="en")
    login(coordinator)
    page = client.get("/insights/report?start=2025-01-01&end=2025-12-31&lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Participants by gender and age band" in text and "People who found work" in text
    workbook = client.get("/insights/report?start=2025-01-01&end=2025-12-31&export=xlsx")
    assert workbook.status_code == 200
    book = load_workbook(BytesIO(workbook.data))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert "Employers engaged" in " ".join(cells) or "Engagerade arbetsgivare" in " ".join(cells)
    assert len(book.worksheets) >= 1
    officer = make_user("officer", municipality_code=SUNDSVALL)
    other = app.test_client()
    other.post("/login", data={"email": officer.email, "password": officer.password})
    assert other.get("/insights/report").status_code == 200
    newcomer = make_user("newcomer")
    third = app.test_client()
    third.post("/login", data={"email": newcomer.email, "password": newcomer.password})
    assert third.get("/insights/report").status_code in (403, 404)
