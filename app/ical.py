"""What every iCalendar document Landa writes starts with (RFC 5545 and RFC 7986): the plan's file and
subscription (``app.talent.calendar``) and the events' files and feed (``app.events.calendar``)."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar


def new_calendar(product: str, name: str, refresh: timedelta | None = None) -> Calendar:
    """A published calendar named ``name``; with ``refresh``, a subscription that says how often to ask again
    (REFRESH-INTERVAL, and X-PUBLISHED-TTL for the calendar apps that read only that)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Landa//{product}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", refresh)
    return calendar
