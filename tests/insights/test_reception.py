"""The reception insights: counts agree with crafted rows, small cells are withheld (with a second cell where a
total would give the first away), an officer sees only their municipality."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from app.catalogue.models import Service
from app.events.models import Event, EventKind, EventRegistration, EventStatus, RegistrationStatus
from app.extensions import db
from app.insights import reception
from app.insights.filters import Filters, Scope
from app.leads.models import Lead, MovingWhen, lead_municipality
from app.reception.models import FollowUpStatus, Referral, ReferralStatus
from tests.insights.reception_crafted import (
    ORNSKOLDSVIK,
    SUNDSVALL,
    TIMRA,
    at,
    case,
    days_ago,
    follow_up,
    user,
)

REGION = Scope(role="coordinator")
PERIOD = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))


def officer_scope(code: str) -> Scope:
    return Scope(role="officer", municipality=code)


def rows_by_label(figure) -> dict:
    return {row[0]: row[1:] for row in figure.rows}


def no_lone_withheld(figure, columns: range) -> None:
    """No column has exactly one withheld cell (its published total would give it away)."""
    for c in columns:
        withheld = [row for row in figure.rows if row[c] is None]
        assert len(withheld) != 1, (figure.key, c, figure.rows)


@pytest.fixture
def en(app):
    """An app context reading in English (the figures' words are checked in English)."""
    with app.test_request_context("/"), force_locale("en"):
        yield
        db.session.remove()


def test_caseload_counts_per_municipality_and_withholds_small_cells(en):
    for _ in range(7):  # Sundsvall: 7 open, opened in the period
        case(SUNDSVALL, opened=date(2025, 3, 1))
    for _ in range(6):  # Örnsköldsvik: 6 open, opened before the period
        case(ORNSKOLDSVIK, opened=date(2024, 6, 1))
    for _ in range(2):  # Timrå: 2 open -> withheld; so is the next smallest open count (Örnsköldsvik's 6)
        case(TIMRA, opened=date(2025, 5, 1))
    for _ in range(5):  # closed in the period in Sundsvall: not open, but opened and closed in the period
        case(SUNDSVALL, opened=date(2025, 2, 1), arrived=date(2025, 4, 1), closed=date(2025, 9, 1))
    case(SUNDSVALL, opened=date(2023, 2, 1), closed=date(2023, 9, 1))  # outside the period entirely
    db.session.commit()

    figure = reception.caseload(REGION, PERIOD)
    rows = rows_by_label(figure)
    assert set(rows) == {"Sundsvall", "Örnsköldsvik", "Timrå"}
    # open, opened, arrived, closed: Timrå's 2 opened are withheld, and so Sundsvall's 12 (14 - 12 - 0 = 2)
    assert rows["Sundsvall"] == (7, None, 5, 5)
    assert rows["Timrå"][0] is None and rows["Örnsköldsvik"][0] is None  # 2, and 6 withheld with it
    assert rows["Örnsköldsvik"][1] == 0  # a zero is published
    no_lone_withheld(figure, range(1, 5))
    assert "15 cases are open today" in figure.summary and "14 cases were opened" in figure.summary

    mine = reception.caseload(officer_scope(ORNSKOLDSVIK), PERIOD)
    assert rows_by_label(mine) == {"Örnsköldsvik": (6, 0, 0, 0)}
    # The officer cannot widen the view with a filter for another municipality.
    assert set(rows_by_label(reception.caseload(officer_scope(ORNSKOLDSVIK), PERIOD.with_(
        municipality=SUNDSVALL)))) == {"Örnsköldsvik"}


def test_throughput_per_month(en):
    for _ in range(6):
        case(SUNDSVALL, opened=date(2025, 1, 10), arrived=date(2025, 2, 20), closed=date(2025, 11, 5))
    for _ in range(3):
        case(SUNDSVALL, opened=date(2025, 1, 15))
    db.session.commit()
    figure = reception.throughput(REGION, PERIOD)
    by_month = {row[0]: row[1:] for row in figure.rows}
    assert len(by_month) == 12 and min(by_month) == date(2025, 1, 1)
    assert by_month[date(2025, 1, 1)] == (9, 0, 0)
    assert by_month[date(2025, 2, 1)] == (0, 6, 0)  # the first arrival counts, not the second
    assert by_month[date(2025, 11, 1)] == (0, 0, 6)
    assert "9 cases were opened" in figure.summary
    assert reception.throughput(officer_scope(ORNSKOLDSVIK), PERIOD).rows[0][1:] == (0, 0, 0)


def test_caseload_per_officer_within_the_municipality(en):
    olle = user("officer", name="Olle", municipality=SUNDSVALL)
    petra = user("officer", name="Petra", municipality=SUNDSVALL)
    other = user("officer", name="Otto", municipality=ORNSKOLDSVIK)
    for _ in range(6):
        case(SUNDSVALL, opened=date(2025, 3, 1), officer=olle)
    for _ in range(2):
        case(SUNDSVALL, opened=date(2025, 3, 1), officer=petra)
    for _ in range(5):
        case(SUNDSVALL, opened=date(2025, 3, 1))
    for _ in range(8):
        case(ORNSKOLDSVIK, opened=date(2025, 3, 1), officer=other)
    db.session.commit()

    mine = rows_by_label(reception.officers(officer_scope(SUNDSVALL), PERIOD))
    assert set(mine) == {"Olle", "Petra", "Nobody yet"}
    assert mine["Petra"][0] is None  # 2 cases: withheld
    assert mine["Olle"][0] is None or mine["Nobody yet"][0] is None  # and one more, so 13 - others cannot tell
    region = rows_by_label(reception.officers(REGION, PERIOD))
    assert region["Otto (Örnsköldsvik)"] == (8, 8, 0)


def test_time_from_first_contact_to_arrival(en):
    for days in (10, 20, 30, 40, 50):
        case(SUNDSVALL, opened=date(2025, 1, 1), arrived=date(2025, 1, 1) + timedelta(days=days))
    for days in (5, 6, 7):
        case(ORNSKOLDSVIK, opened=date(2025, 1, 1), arrived=date(2025, 1, 1) + timedelta(days=days))
    case(SUNDSVALL, opened=date(2024, 1, 1), arrived=date(2024, 5, 1))  # arrived before the period
    db.session.commit()
    figure = reception.time_to_arrival(REGION, PERIOD)
    rows = rows_by_label(figure)
    assert rows["Örnsköldsvik"] == (None, None)  # 3 households: neither the count nor the median
    # 8 in all are published, so Sundsvall's 5 is withheld too (8 - 5 = 3 would tell Örnsköldsvik's).
    assert rows["Sundsvall"] == (None, None)
    assert "(8)" in figure.summary and "within 15 days" in figure.summary  # median of 5,6,7,10,20,30,40,50
    mine = reception.time_to_arrival(officer_scope(SUNDSVALL), PERIOD)
    assert mine.rows == (("Sundsvall", 5, 30.0),)


def test_follow_up_answers_and_worrying_answers(en):
    for i in range(13):
        made = case(SUNDSVALL, opened=date(2024, 1, 1), arrived=date(2024, 3, 1))
        status = FollowUpStatus.MISSED if i < 2 else FollowUpStatus.ANSWERED
        follow_up(made, 365, date(2025, 3, 1), status, trouble=2 <= i < 7)  # 5 worrying, 6 fine, 2 missed
        follow_up(made, 14, date(2024, 3, 15), FollowUpStatus.ANSWERED)  # due before the period
        follow_up(made, 91, date(2025, 6, 1), FollowUpStatus.SENT)  # waiting: not counted
        if i < 6:
            follow_up(made, 182, date(2025, 9, 1), FollowUpStatus.ANSWERED)
    db.session.commit()
    figure = reception.follow_ups(REGION, PERIOD)
    rows = rows_by_label(figure)
    assert list(rows) == ["2 weeks", "3 months", "6 months", "12 months"]
    assert rows["2 weeks"][:4] == (0, 0, 0, 0) and rows["3 months"][:4] == (0, 0, 0, 0)
    assert rows["6 months"][:4] == (6, 6, 0, 0) and rows["6 months"][4] == 1.0
    asked, answered, worrying, missed, response, _share = rows["12 months"]
    assert asked == 13 and missed is None  # 2 without an answer: withheld
    assert worrying is None  # and the smallest other cell, or 13 - 6 - 5 would give the 2 away
    # Nor can "answered" be published: 13 - 11 would give the 2 away; so no response rate either.
    assert answered is None and response is None
    assert "Of 19 check-ins" in figure.summary
    assert reception.follow_ups(officer_scope(ORNSKOLDSVIK), PERIOD).rows[3][1] == 0


def test_referrals_by_service_and_status(en):
    keys = db.session.scalars(select(Service.key).order_by(Service.key).limit(3)).all()
    for i in range(18):
        made = case(SUNDSVALL, opened=date(2025, 2, 1))
        if i < 11:  # the first service: 6 done, 5 referred
            status = ReferralStatus.DONE if i < 6 else ReferralStatus.SENT
            db.session.add(Referral(case_id=made.id, service_key=keys[0], status=status,
                                    created_at=at(date(2025, 3, 1))))
        else:  # the second: 7 declined
            db.session.add(Referral(case_id=made.id, service_key=keys[1], status=ReferralStatus.DECLINED,
                                    created_at=at(date(2025, 3, 1))))
    db.session.commit()
    figure = reception.referrals(REGION, PERIOD)
    first, second = (db.session.get(Service, k).name_en or db.session.get(Service, k).name_sv for k in keys[:2])
    rows = rows_by_label(figure)
    columns = [c.key for c in figure.columns]
    assert columns[-1] == "total" and "done" in columns
    done, sent, declined = (columns.index(k) - 1 for k in ("done", "sent", "declined"))
    assert rows[first][done] == 6 and rows[first][sent] == 5 and rows[first][-1] == 11
    assert rows[second][declined] == 7 and rows[second][done] == 0
    assert "made 18 referrals" in figure.summary
    assert reception.referrals(officer_scope(ORNSKOLDSVIK), PERIOD).rows == ()

    # A third service with 2 referrals: withheld, and never the only withheld cell of a column or row.
    for _ in range(2):
        made = case(SUNDSVALL, opened=date(2025, 2, 1))
        db.session.add(Referral(case_id=made.id, service_key=keys[2], status=ReferralStatus.DONE,
                                created_at=at(date(2025, 3, 1))))
    db.session.commit()
    figure = reception.referrals(REGION, PERIOD)
    third = db.session.get(Service, keys[2])
    assert rows_by_label(figure)[third.name_en or third.name_sv][-1] is None
    for row in figure.rows:  # each row is published with its total
        assert sum(v is None for v in row[1:]) != 1, row


def _event(code: str, starts, seated: int, attended: int, *, status=EventStatus.PUBLISHED) -> None:
    event = Event(kind=EventKind.WELCOME_MEETING, title="Välkomstträff", starts_at=starts,
                  ends_at=starts + timedelta(hours=2), registration_deadline=starts - timedelta(days=1),
                  address="Storgatan 1", municipality_code=code, capacity=40, status=status)
    db.session.add(event)
    db.session.flush()
    for i in range(seated):
        db.session.add(EventRegistration(event_id=event.id, name="Ana", email=f"a{event.id}-{i}@example.se",
                                         status=RegistrationStatus.CONFIRMED, consent_version="1",
                                         attended=i < attended))
    db.session.add(EventRegistration(event_id=event.id, name="Wait", email=f"w{event.id}@example.se",
                                     status=RegistrationStatus.WAITLISTED, consent_version="1"))


def test_events_held_and_attendance(en):
    _event(SUNDSVALL, at(date(2025, 4, 1)), seated=12, attended=9)
    _event(SUNDSVALL, at(date(2025, 5, 1)), seated=6, attended=1)
    _event(SUNDSVALL, at(date(2025, 6, 1)), seated=6, attended=0, status=EventStatus.CANCELLED)
    _event(ORNSKOLDSVIK, at(date(2025, 4, 1)), seated=3, attended=3)
    _event(SUNDSVALL, at(days_ago(-30)), seated=8, attended=0)  # not held yet
    db.session.commit()
    mine = reception.events(officer_scope(SUNDSVALL), Filters(start=date(2025, 1, 1), end=days_ago(-60)))
    assert mine.rows == (("Welcome meeting", 2, 80, 18, 10),)
    region = reception.events(REGION, PERIOD)
    (label, held, seats, registered, attended), = region.rows
    assert (held, seats, registered, attended) == (3, 120, 21, 13)


def test_attendance_that_would_single_out_a_person_is_withheld(en):
    _event(SUNDSVALL, at(date(2025, 4, 1)), seated=6, attended=5)
    db.session.commit()
    (row,) = reception.events(REGION, PERIOD).rows
    assert row[3] == 6 and row[4] is None  # 6 registered, 5 attended: 6 - 5 would tell the one who did not come


def _lead(campaign: str | None, *, confirmed: bool, registered: bool, municipality: str | None = None) -> None:
    lead = Lead(full_name="Ana", email=f"{campaign}-{id(object())}@example.se", occupation="Nurse", household_size=1,
                moving_when=MovingWhen.LATER, consent_version="1", utm_campaign=campaign,
                confirmed_at=at(date(2025, 3, 2)) if confirmed else None,
                registered_at=at(date(2025, 3, 5)) if registered else None, created_at=at(date(2025, 3, 1)))
    db.session.add(lead)
    db.session.flush()
    if municipality:
        db.session.execute(lead_municipality.insert().values(lead_id=lead.id, municipality_code=municipality))


def test_leads_by_campaign(en):
    for i in range(15):
        _lead("spring", confirmed=i < 10, registered=i < 5, municipality=SUNDSVALL if i < 7 else None)
    for _ in range(6):
        _lead(None, confirmed=False, registered=False)
    for _ in range(3):
        _lead("autumn", confirmed=True, registered=False, municipality=ORNSKOLDSVIK)
    db.session.commit()
    rows = rows_by_label(reception.leads(REGION, PERIOD.with_(start=date(2025, 1, 1))))
    assert list(rows) == ["spring", "autumn", "No campaign"]  # the biggest campaign first, no campaign last
    assert rows["autumn"][0] is None  # 3 leads
    assert rows["spring"][0] == 15
    mine = rows_by_label(reception.leads(officer_scope(SUNDSVALL), PERIOD))
    assert set(mine) == {"spring"} and mine["spring"][0] == 7
    theirs = reception.leads(officer_scope(ORNSKOLDSVIK), PERIOD)
    assert rows_by_label(theirs) == {"autumn": (None, None, 0, None)}  # a zero tells nothing
    # Without the small campaign every stage is published and agrees with what was inserted.
    db.session.execute(Lead.__table__.delete().where(Lead.utm_campaign == "autumn"))
    db.session.commit()
    rows = rows_by_label(reception.leads(REGION, PERIOD))
    assert rows["spring"] == (15, 10, 5, pytest.approx(5 / 15))
    assert rows["No campaign"] == (6, 0, 0, 0.0)


def test_the_page_builds_every_figure_in_a_bounded_number_of_queries(app, en):
    from tests.conftest import statements_during

    for _ in range(6):
        case(SUNDSVALL, opened=date(2025, 3, 1), arrived=date(2025, 4, 1))
    db.session.commit()
    figures = []
    count = statements_during(app, lambda: figures.extend(reception.build(REGION, PERIOD)))
    assert [f.key for f in figures] == ["caseload", "throughput", "officers", "time_to_arrival", "follow_ups",
                                        "referrals", "events", "leads"]
    assert count <= 15


def test_the_reception_page_by_role(app, make_user):
    with app.app_context():
        for _ in range(6):
            case(SUNDSVALL, opened=date(2025, 3, 1))
        for _ in range(7):
            case(ORNSKOLDSVIK, opened=date(2025, 3, 1))
        db.session.commit()

    def browser(role: str, **values):
        person = make_user(role, locale="en", **values)
        client = app.test_client()
        client.post("/login", data={"email": person.email, "password": person.password})
        return client

    coordinator = browser("coordinator")
    page = coordinator.get("/insights/reception?start=2025-01-01&end=2025-12-31")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Caseload and throughput per municipality" in text and "Örnsköldsvik" in text
    assert "13 cases are open today" in text
    officer = browser("officer", municipality_code=SUNDSVALL)
    text = officer.get("/insights/reception?start=2025-01-01&end=2025-12-31").get_data(as_text=True)
    assert "6 cases are open today" in text and "Örnsköldsvik" not in text.split("<main")[-1].split("</main>")[0]
    # Asking for another municipality shows their own still, nothing of the other.
    forced = officer.get(f"/insights/reception?start=2025-01-01&end=2025-12-31&municipality={ORNSKOLDSVIK}")
    assert "6 cases are open today" in forced.get_data(as_text=True)
    csv = officer.get("/insights/reception?start=2025-01-01&end=2025-12-31&export=csv&figure=caseload")
    assert csv.status_code == 200 and "Sundsvall" in csv.get_data(as_text=True)
    assert "Örnsköldsvik" not in csv.get_data(as_text=True)
    assert browser("employer").get("/insights/reception").status_code == 403
