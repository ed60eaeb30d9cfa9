"""The plan in the household's calendar: a file to import and a private address that calendar apps poll.
Every document is read by two parsers: icalendar's (which made it) and ical's strict RFC 5545 one."""

from __future__ import annotations

import re
from datetime import date, timedelta

import icalendar
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.talent.models import CalendarFeed, Household, PlanStep, StepStatus
from tests.factories import HouseholdFactory


def _read(body: bytes):
    """The document as icalendar reads it, after ical's strict parser accepted it."""
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    assert strict.events, "a plan with dates has events"
    return icalendar.Calendar.from_ical(body)


def _events(calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def _steps(app, user) -> list[PlanStep]:
    with app.app_context():
        profile = db.session.scalar(select(Household).where(Household.user_id == user.id))
        steps = [s for s in profile.plan_steps if s.applies]
        db.session.expunge_all()
        return steps


def test_the_plan_downloads_as_a_calendar_file(app, client, newcomer):
    response = client.get("/talent/plan.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert 'filename="landa-plan.ics"' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    calendar = _read(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "Arrival plan: Arjun Kumar"
    assert "REFRESH-INTERVAL" not in calendar  # a file is a copy; only the subscription asks again
    events = _events(calendar)
    steps = _steps(app, newcomer)
    dated = [s for s in steps if s.suggested_date]
    assert dated and len(events) == len(dated) + 2  # every step to do, the arrival and the first working day
    for step in dated:
        event = next(e for uid, e in events.items() if uid.startswith(f"plan-{step.profile_id}-{step.service_key}@"))
        assert event.decoded("DTSTART") == step.suggested_date  # a whole day: a date, no time
        assert event.decoded("DTEND") == step.suggested_date + timedelta(days=1)
        assert str(event["URL"]).endswith(f"/talent/plan#step-{step.id}")
    permit = next(e for uid, e in events.items() if "-work_permit@" in uid)
    assert str(permit["SUMMARY"]) == "Work permit"
    assert "Because you are a citizen of a country outside the EU/EEA." in str(permit["DESCRIPTION"])
    assert "Who: Swedish Migration Agency (Migrationsverket) (https://www.migrationsverket.se/)" in \
        str(permit["DESCRIPTION"])
    arrival = next(e for uid, e in events.items() if uid.startswith("arrival-"))
    assert arrival.decoded("DTSTART") == date(2027, 3, 1) and str(arrival["SUMMARY"]) == "You arrive in Örnsköldsvik"
    assert not list(calendar.walk("VALARM"))  # Örnsköldsvik's housing companies give no work-mover bonus

    # In Swedish, for a Swedish reader.
    client.post("/language", data={"lang": "sv"})
    swedish = _events(_read(client.get("/talent/plan.ics").data))
    assert str(next(e for uid, e in swedish.items() if "-work_permit@" in uid)["SUMMARY"]) == "Arbetstillstånd"


def test_the_work_mover_bonus_deadline_has_alarms(app, make_user, login, client):
    """Mitthem (Sundsvall) gives 1,500 queue points to people who move for a job, claimed within 6 months."""
    user = make_user("newcomer", full_name="Priya Nair", locale="en")
    with app.app_context():
        HouseholdFactory(user=db.session.get(User, user.id), destination="2281", job_start=date(2027, 3, 15))
    login(user)
    events = _events(_read(client.get("/talent/plan.ics").data))
    deadline = next(e for uid, e in events.items() if uid.startswith("housing-bonus-") and "-mitthem@" in uid)
    assert deadline.decoded("DTSTART") == date(2027, 9, 15)
    assert str(deadline["SUMMARY"]).startswith("Last day to claim the work-mover bonus at ")
    alarms = deadline.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [-timedelta(days=6, hours=15), -timedelta(hours=15)]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)


def test_a_private_address_follows_the_plan_until_it_is_stopped(app, client, newcomer):
    page = client.get("/talent/plan/calendar")
    assert page.status_code == 200 and "Make a calendar address" in page.get_data(as_text=True)
    made = client.post("/talent/plan/calendar", data={"open": "1"})
    html = made.get_data(as_text=True)
    address = re.search(r"<code[^>]*>(https?://[^<]+\.ics)</code>", html).group(1)
    assert "webcal://" in html
    path = address.split("://", 1)[1].split("/", 1)[1]
    secret = path.rsplit("/", 1)[1].removesuffix(".ics")
    with app.app_context():
        feed = db.session.scalar(select(CalendarFeed))
        assert feed.digest != secret and secret not in feed.digest and feed.last_read_at is None
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "calendar_feed_opened"))

    reader = app.test_client()  # a calendar app: no session, no sign-in
    first = reader.get(f"/{path}")
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    assert "Content-Disposition" not in first.headers
    calendar = _read(first.data)
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=12)
    permit_uid = next(uid for uid in _events(calendar) if "-work_permit@" in uid)
    with app.app_context():
        assert db.session.scalar(select(CalendarFeed)).last_read_at is not None

    # A step marked done leaves the calendar; the same ids come back for the rest.
    permit = next(s for s in _steps(app, newcomer) if s.service_key == "work_permit")
    client.post(f"/talent/plan/{permit.id}", data={"status": StepStatus.DONE.value})
    after = _events(_read(reader.get(f"/{path}").data))
    assert permit_uid not in after and set(after) < set(_events(calendar))

    # The page says when it was made and read, never the address again.
    again = client.get("/talent/plan/calendar").get_data(as_text=True)
    assert secret not in again and "A calendar last read it on" in again

    # A new address stops the old one; stopping it stops both.
    remade = client.post("/talent/plan/calendar", data={"open": "1"}).get_data(as_text=True)
    new_path = re.search(r"<code[^>]*>https?://[^/]+/([^<]+\.ics)</code>", remade).group(1)
    assert reader.get(f"/{path}").status_code == 404 and reader.get(f"/{new_path}").status_code == 200
    stopped = client.post("/talent/plan/calendar", data={"close": "1"}, follow_redirects=True)
    assert "The calendar address is stopped." in stopped.get_data(as_text=True)
    assert reader.get(f"/{new_path}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(CalendarFeed)) is None
        assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.action == "calendar_feed_closed"))


def test_a_closed_account_s_address_reads_nothing(app, client, newcomer):
    html = client.post("/talent/plan/calendar", data={"open": "1"}).get_data(as_text=True)
    path = re.search(r"<code[^>]*>https?://[^/]+/([^<]+\.ics)</code>", html).group(1)
    reader = app.test_client()
    assert reader.get(f"/{path}").status_code == 200
    with app.app_context():
        db.session.get(User, newcomer.id).active = False  # closed
        db.session.commit()
    assert reader.get(f"/{path}").status_code == 404
    assert reader.get("/talent/calendar/" + "x" * 200 + ".ics").status_code == 404


def test_the_plan_page_leads_to_the_calendar(client, newcomer):
    page = client.get("/talent/plan").get_data(as_text=True)
    assert 'href="/talent/plan/calendar"' in page and "Calendar and reminders" in page
