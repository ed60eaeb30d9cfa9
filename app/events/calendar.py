"""Events in calendars (RFC 5545, made by ``icalendar``): one event's file and the public feed of upcoming
events. Times are exact moments, written in UTC; each event's UID is stable, so a calendar that polls the
feed updates what it has; a cancelled event says so (``STATUS:CANCELLED``) instead of vanishing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from icalendar import Event as Entry

from app.events.models import Event, EventStatus
from app.i18n import localized
from app.ical import new_calendar

REFRESH = timedelta(hours=6)


def where(event: Event, url: str) -> str:
    """The place, or for an online event its public page (the meeting's own link is e-mailed to the people
    registered, never published)."""
    if event.online_url:
        return url
    place = ", ".join(part for part in (event.place_name, event.address) if part)
    town = localized(event.municipality, "name") if event.municipality else ""
    return f"{place}, {town}" if town and town not in place else place


def document(events: Iterable[Event], *, name: str, url_of, now: datetime, feed: bool) -> bytes:
    """``url_of(event)`` gives each event's public page."""
    calendar = new_calendar("Events//EN", name, REFRESH if feed else None)
    for event in events:
        url = url_of(event)
        entry = Entry()
        entry.add("uid", f"event-{event.id}@{urlsplit(url).hostname or 'landa'}")
        entry.add("dtstamp", now)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("summary", event.title)
        entry.add("description", "\n\n".join(part for part in (event.description, url) if part))
        entry.add("location", where(event, url))
        entry.add("url", url)
        entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        entry.add("categories", [event.kind.value])
        calendar.add_component(entry)
    return calendar.to_ical()
