"""schema.org structured data (JSON-LD) for public pages: what search engines read to show a job posting
or an event as such. The builders of each kind (``JobPosting`` in ``app.employers.board``; an ``Event``
page builds its own dict the same way) use these helpers, and a template writes the result with
``{{ json_ld(data) }}`` inside ``<head>``.

A ``<script type="application/ld+json">`` block is data, never run by a browser, so the Content Security
Policy's ``script-src 'self'`` does not apply to it (no nonce needed).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from markupsafe import Markup

CONTEXT = "https://schema.org"
COUNTRY = "SE"
# ``<``, ``>`` and ``&`` written as JSON escapes: text typed by an employer ("</script><script>...")
# cannot close the script element or start a comment; the JSON read back is the same text.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
            ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def json_ld(data: dict[str, Any]) -> Markup:
    """``data`` as a JSON-LD script element, safe inside HTML (``{{ json_ld(posting) }}`` in a template)."""
    text = json.dumps({"@context": CONTEXT} | data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    # JSON with every <, > and & escaped cannot end the element or start markup in it: safe as it is
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704  # nosec B704


def postal_address(municipality) -> dict[str, str]:
    """A municipality as a schema.org ``PostalAddress``: the town, the county (from the reference data)
    and Sweden. ``jobLocation`` of a job and ``location`` of an event in a place both use it."""
    address = {"@type": "PostalAddress", "addressLocality": municipality.name_sv, "addressCountry": COUNTRY}
    county = ((municipality.facts or {}).get("county") or {}).get("name_sv")
    if county:
        address["addressRegion"] = county
    return address


def place(municipality) -> dict[str, Any]:
    return {"@type": "Place", "address": postal_address(municipality)}


def local_moment(value: date | datetime, end_of_day: bool = False) -> str:
    """An ISO 8601 moment in Landa's time zone: a datetime as it is, a date at its start (or, with
    ``end_of_day``, its last minute: a job open "until 31 December" is open all that day)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Stockholm")
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat(timespec="seconds")
    return datetime.combine(value, time(23, 59, 59) if end_of_day else time(0, 0), zone).isoformat()


def monthly_salary(low: int | None, high: int | None, currency: str = "SEK") -> dict[str, Any] | None:
    """A monthly salary (or range) as a ``MonetaryAmount``; None when neither end is known."""
    if low is None and high is None:
        return None
    if low is not None and high is not None and low != high:
        value = {"@type": "QuantitativeValue", "minValue": low, "maxValue": high, "unitText": "MONTH"}
    else:
        value = {"@type": "QuantitativeValue", "value": low if low is not None else high, "unitText": "MONTH"}
    return {"@type": "MonetaryAmount", "currency": currency, "value": value}


def event(item, *, url: str, organizer: str, organizer_url: str, full: bool = False) -> dict[str, Any]:
    """A schema.org ``Event`` (an ``app.events`` event): what Google's event results need (name, startDate,
    location: a ``Place`` with its address or a ``VirtualLocation`` with its address on the web) and what they
    recommend (description, endDate, eventStatus, eventAttendanceMode, organizer, offers: free of charge)."""
    cancelled = item.status == "cancelled"
    if item.online_url:  # the event's page: the meeting's own link is for the people registered
        location: dict[str, Any] = {"@type": "VirtualLocation", "url": url}
        mode = "OnlineEventAttendanceMode"
    else:
        address = postal_address(item.municipality)
        if item.address:
            address = {"@type": "PostalAddress", "streetAddress": item.address, **{
                k: v for k, v in address.items() if k != "@type"}}
        location = {"@type": "Place", "name": item.place_name or item.address, "address": address}
        mode = "OfflineEventAttendanceMode"
    data: dict[str, Any] = {
        "@type": "Event",
        "name": item.title,
        "description": item.description or item.title,
        "startDate": local_moment(item.starts_at),
        "endDate": local_moment(item.ends_at),
        "eventStatus": f"{CONTEXT}/{'EventCancelled' if cancelled else 'EventScheduled'}",
        "eventAttendanceMode": f"{CONTEXT}/{mode}",
        "location": location,
        "organizer": {"@type": "Organization", "name": organizer, "url": organizer_url},
        "inLanguage": item.language,
        "url": url,
        "isAccessibleForFree": True,
        "offers": {"@type": "Offer", "price": 0, "priceCurrency": "SEK", "url": url,
                   "availability": f"{CONTEXT}/{'SoldOut' if full or cancelled else 'InStock'}"},
    }
    return data
