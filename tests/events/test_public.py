"""What anyone sees: the list of upcoming events (filtered; a newcomer's household's first, with why), each event's
page with its schema.org Event, its calendar file and the public feed (read by icalendar and the strict ``ical``
parser), the sitemap and the municipality's Move page."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import icalendar
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import select

from app.auth.models import User
from app.events import services
from app.events.models import Event, EventKind
from app.extensions import db
from app.models import utcnow
from app.talent.models import Household, HouseholdMember, Relation
from tests.conftest import statements_during
from tests.factories import HouseholdFactory


def _read(body: bytes):
    strict = IcsCalendarStream.calendar_from_ics(body.decode())
    assert strict.events, "a calendar with events"
    return strict, icalendar.Calendar.from_ical(body)


def _json_ld(page: str) -> dict:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found, "no JSON-LD"
    return json.loads(found.group(1))


def test_the_list_shows_upcoming_published_events_filtered(app, make_event):
    make_event(title="Job fair in Sundsvall", kind=EventKind.JOB_FAIR, municipality_code="2281")
    make_event(title="Welcome in Örnsköldsvik", municipality_code="2284")
    make_event(title="A draft", publish=False)
    client = app.test_client()
    page = client.get("/events/?lang=en").get_data(as_text=True)
    assert "Job fair in Sundsvall" in page and "Welcome in Örnsköldsvik" in page and "A draft" not in page
    only = client.get("/events/?lang=en&municipality=2281").get_data(as_text=True)
    assert "Job fair in Sundsvall" in only and "Welcome in Örnsköldsvik" not in only
    kind = client.get("/events/?lang=en&kind=welcome_meeting").get_data(as_text=True)
    assert "Job fair in Sundsvall" not in kind and "Welcome in Örnsköldsvik" in kind
    assert client.get("/events/?municipality=<script>&kind=nonsense").status_code == 200  # ignored, never a 500


def test_a_newcomer_sees_what_fits_the_household_first_with_why(app, client, make_user, login, make_event):
    person = make_user("newcomer", full_name="Arjun Kumar", locale="en")
    with app.app_context():
        HouseholdFactory(user=db.session.get(User, person.id), destination="2284", places=("2284",))
        profile = db.session.scalar(select(Household).where(Household.user_id == person.id))
        db.session.add_all([
            HouseholdMember(profile_id=profile.id, relation=Relation.PARTNER, first_name="Priya", seeking_work=True),
            HouseholdMember(profile_id=profile.id, relation=Relation.CHILD, first_name="Anu", birth_year=2018)])
        db.session.commit()
    soon = utcnow() + timedelta(days=3)
    make_event(title="Job fair far away", kind=EventKind.JOB_FAIR, municipality_code="2281",
               starts_at=soon, ends_at=soon + timedelta(hours=1))
    make_event(title="Partner day", kind=EventKind.PARTNER_DAY, municipality_code="2281")
    make_event(title="School evening", kind=EventKind.SCHOOL_EVENING, municipality_code="2284")
    login(person)
    page = client.get("/events/").get_data(as_text=True)
    order = [page.index(title) for title in ("School evening", "Partner day", "Job fair far away")]
    assert order == sorted(order)  # two reasons, one reason, then the rest by date
    assert "For your household first" in page
    assert "Your partner is looking for work: this day is for spouses and partners." in page
    assert "You move with children: schools and preschools present themselves." in page
    assert "In Örnsköldsvik, where you are moving." in page
    # A visitor sees them by date, without reasons.
    visitor = app.test_client().get("/events/?lang=en").get_data(as_text=True)
    assert visitor.index("Job fair far away") < visitor.index("School evening")
    assert "Your partner is looking for work" not in visitor


def test_the_event_page_carries_a_schema_org_event(app, make_event):
    place = make_event(title="Welcome evening", description="Meet the municipality.")
    online = make_event(title="Webinar: moving with a family", kind=EventKind.WEBINAR, address=None, place_name=None,
                        online_url="https://meet.example.org/landa")
    client = app.test_client()
    for event_id, attendance, location in ((place, "OfflineEventAttendanceMode", "Place"),
                                           (online, "OnlineEventAttendanceMode", "VirtualLocation")):
        page = client.get(f"/events/{event_id}?lang=en").get_data(as_text=True)
        data = _json_ld(page)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
        for required in ("name", "startDate", "endDate", "eventAttendanceMode", "eventStatus", "location",
                         "organizer", "description"):
            assert data.get(required), required
        assert data["eventAttendanceMode"] == f"https://schema.org/{attendance}"
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        assert data["location"]["@type"] == location
        assert data["organizer"] == {"@type": "Organization", "name": "Örnsköldsvik",
                                     "url": "http://127.0.0.1:5000/move/2284"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00", data["startDate"])
    place_data = _json_ld(client.get(f"/events/{place}").get_data(as_text=True))
    assert place_data["location"]["address"]["streetAddress"] == "Nygatan 10, Örnsköldsvik"
    assert place_data["location"]["address"]["addressCountry"] == "SE"
    online_page = client.get(f"/events/{online}").get_data(as_text=True)
    assert _json_ld(online_page)["location"]["url"] == f"http://127.0.0.1:5000/events/{online}"
    assert "meet.example.org" not in online_page  # the meeting's link is for the people registered
    assert '<link rel="canonical" href="http://127.0.0.1:5000/events/' in client.get(f"/events/{place}").get_data(
        as_text=True)


def test_the_calendar_file_and_the_feed_are_valid_rfc_5545(app, make_event, make_user):
    event_id = make_event(title="Welcome evening")
    make_event(title="Webinar", kind=EventKind.WEBINAR, address=None, online_url="https://meet.example.org/x")
    cancelled = make_event(title="Landlords")
    coordinator = make_user("coordinator")
    with app.app_context():
        services.cancel_event(db.session.get(User, coordinator.id), db.session.get(Event, cancelled))
        db.session.commit()
        event = db.session.get(Event, event_id)
        starts, ends = event.starts_at, event.ends_at
    client = app.test_client()
    response = client.get(f"/events/{event_id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert f'filename="landa-event-{event_id}.ics"' in response.headers["Content-Disposition"]
    strict, calendar = _read(response.data)
    [entry] = calendar.walk("VEVENT")
    assert entry.decoded("DTSTART") == starts.replace(microsecond=0)  # to the second, in UTC
    assert entry.decoded("DTEND") == ends.replace(microsecond=0)
    assert str(entry["SUMMARY"]) == "Welcome evening" and str(entry["STATUS"]) == "CONFIRMED"
    assert str(entry["LOCATION"]) == "Folkets hus, Nygatan 10, Örnsköldsvik"
    assert str(entry["UID"]) == f"event-{event_id}@127.0.0.1"
    assert strict.events[0].summary == "Welcome evening"

    feed = client.get("/events/feed.ics")
    strict, calendar = _read(feed.data)
    entries = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(entries) == {"Welcome evening", "Webinar", "Landlords"}
    assert str(entries["Landlords"]["STATUS"]) == "CANCELLED"  # a calendar that has it learns it is off
    assert str(entries["Webinar"]["LOCATION"]).startswith("http://127.0.0.1:5000/events/")
    assert b"meet.example.org" not in feed.data
    assert "REFRESH-INTERVAL" in calendar and len(strict.events) == 3


def test_the_sitemap_lists_events_and_robots_keeps_the_links_out(app, make_event):
    event_id = make_event()
    draft = make_event(publish=False)
    client = app.test_client()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert f"/events/{event_id}</loc>" in sitemap and "/events/</loc>" in sitemap
    assert f"/events/{draft}</loc>" not in sitemap
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Disallow: /events/confirm/" in robots and "Disallow: /events/cancel/" in robots


def test_the_municipality_page_lists_its_next_events_in_one_more_query(app, make_event, monkeypatch):
    from app.attraction import views

    client = app.test_client()
    client.get("/move/2284?lang=en")
    with monkeypatch.context() as patched:
        patched.setattr(views, "upcoming_events", lambda **kwargs: [])
        without = statements_during(app, lambda: client.get("/move/2284?lang=en"))
    before = statements_during(app, lambda: client.get("/move/2284?lang=en"))
    assert before == without + 1
    page = client.get("/move/2284?lang=en").get_data(as_text=True)
    assert "Upcoming events" in page and "No events are planned in Örnsköldsvik right now." in page
    for title in ("First", "Second", "Third", "Fourth"):
        make_event(title=f"{title} event", municipality_code="2284")
    make_event(title="Elsewhere event", municipality_code="2281")
    after = statements_during(app, lambda: client.get("/move/2284?lang=en"))
    page = client.get("/move/2284?lang=en").get_data(as_text=True)
    assert "First event" in page and "Third event" in page and "Fourth event" not in page  # the next three
    assert "Elsewhere event" not in page and "/events/?municipality=2284" in page
    assert after == before  # the same statements whatever the number of events (the one query is always made)


def test_the_newcomer_start_page_shows_the_events_that_fit(app, client, newcomer, make_event):
    page = client.get("/talent/").get_data(as_text=True)
    assert "Events for your household" not in page  # nothing fits yet: no block
    make_event(title="Welcome evening in Örnsköldsvik", municipality_code="2284")  # Arjun moves there
    make_event(title="Job fair in Härnösand", kind=EventKind.JOB_FAIR, municipality_code="2280")
    page = client.get("/talent/").get_data(as_text=True)
    assert "Events for your household" in page and "Welcome evening in Örnsköldsvik" in page
    assert "In Örnsköldsvik, where you are moving." in page and "Job fair in Härnösand" not in page


def test_the_meeting_link_is_for_the_people_with_a_seat(app, client, newcomer, make_event):
    event_id = make_event(title="Webinar", kind=EventKind.WEBINAR, address=None, place_name=None,
                          online_url="https://meet.example.org/secret-room")
    assert "secret-room" not in client.get(f"/events/{event_id}").get_data(as_text=True)
    client.post(f"/events/{event_id}/register", data={})
    assert "https://meet.example.org/secret-room" in client.get(f"/events/{event_id}").get_data(as_text=True)
    assert "secret-room" not in app.test_client().get(f"/api/v1/events/{event_id}").get_data(as_text=True)


def test_the_lists_cost_the_same_queries_whatever_their_length(app, make_user, make_event):
    organiser = make_user("coordinator", locale="en")
    staff = app.test_client()
    staff.post("/login", data={"email": organiser.email, "password": organiser.password})
    visitor = app.test_client()
    for _ in range(2):
        make_event(organiser=organiser)

    def counts():
        return (statements_during(app, lambda: visitor.get("/events/")),
                statements_during(app, lambda: staff.get("/events/mine")))

    visitor.get("/events/"), staff.get("/events/mine")
    few = counts()
    for _ in range(6):
        make_event(organiser=organiser, municipality_code="2281", kind=EventKind.JOB_FAIR)
    assert counts() == few


def test_a_kept_calendar_file_keeps_its_name_and_answers_a_repeat_with_304(app, make_event, monkeypatch):
    event_id = make_event(title="Welcome evening")
    monkeypatch.setitem(app.config, "LANDA_PUBLIC_KEPT_SECONDS", 60)
    visitor = app.test_client()
    first, kept = visitor.get(f"/events/{event_id}.ics"), visitor.get(f"/events/{event_id}.ics")
    assert kept.data == first.data and kept.mimetype == "text/calendar"
    assert f'filename="landa-event-{event_id}.ics"' in kept.headers["Content-Disposition"]
    assert visitor.get(f"/events/{event_id}.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
