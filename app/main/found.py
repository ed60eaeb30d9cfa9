"""Found and shared: what search engines and link previews read (``sitemap.xml``, ``robots.txt``, the
canonical and ``hreflang`` links and Open Graph tags of public pages).

Every public page is listed once, by ``public_pages()``: a list of ``Entry(endpoint, values, lastmod)``.
The sitemap is that list; the pages whose ``<head>`` carries canonical and alternate links are the
endpoints of ``SHARED_ENDPOINTS``. A new kind of public page adds its endpoint there and its entries in
one source function of ``SOURCES`` (as the "Move to Västernorrland" pages do: ``_move_pages``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any, NamedTuple
from xml.etree import ElementTree as ET

from flask import Response, current_app, request
from sqlalchemy import func, select

from app.auth.services import external_url
from app.catalogue.models import HousingContact, Municipality, MunicipalService, Service
from app.employers.models import ApprovalStatus, CompetenceNeed, Organisation
from app.employers.services import public_needs
from app.extensions import db
from app.i18n import current_locale, supported_locales
from app.models import utcnow

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
MAX_URLS = 50_000  # what one sitemap file may list (sitemaps.org); Landa is far from it
OG_LOCALES = {"sv": "sv_SE", "en": "en_GB"}
# Query parameters that make a public page another page (a filter, a page of a list): kept in its
# canonical address. Anything else (a campaign's utm_*, a typo) is the same page.
PAGE_ARGS = ("municipality", "occupation", "page")


class Entry(NamedTuple):
    endpoint: str
    values: dict[str, Any]
    lastmod: datetime | date | None = None


def _latest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


# --- the sources of public pages: each returns its entries with a bounded number of queries -----------

def _landing_pages() -> list[Entry]:
    return [Entry("main.index", {}), Entry("main.privacy", {}), Entry("main.accessibility", {})]


def _board() -> list[Entry]:
    """The jobs board and each open need: one query."""
    rows = db.session.execute(
        public_needs().with_only_columns(CompetenceNeed.id, CompetenceNeed.updated_at, Organisation.updated_at)
        .limit(MAX_URLS // 2)
    ).all()
    needs = [Entry("board.show", {"need_id": need_id}, _latest(changed, organisation_changed))
             for need_id, changed, organisation_changed in rows]
    return [Entry("board.index", {}, _latest(*(e.lastmod for e in needs))), *needs]


def _directory() -> list[Entry]:
    """The directory and each municipality's page: two queries (what every page shows, then what each
    municipality's officers keep)."""
    shared = db.session.execute(select(
        select(func.max(Service.edited_at)).scalar_subquery(),
        select(func.max(HousingContact.edited_at)).scalar_subquery(),
    )).one()
    common = _latest(*shared)
    rows = db.session.execute(
        select(Municipality.code, func.max(MunicipalService.edited_at))
        .outerjoin(MunicipalService, MunicipalService.municipality_code == Municipality.code)
        .group_by(Municipality.code).order_by(Municipality.code)
    ).all()
    places = [Entry("directory.municipality", {"code": code}, _latest(common, edited)) for code, edited in rows]
    return [Entry("directory.index", {}, common), *places]


def _move_pages() -> list[Entry]:
    """The "Move to Västernorrland" pages: the region's and each municipality's (one query). Their live figures
    change with every need, so no date is claimed for them."""
    codes = db.session.scalars(select(Municipality.code).order_by(Municipality.code)).all()
    return [Entry("attraction.region", {}), *(Entry("attraction.municipality", {"code": code}) for code in codes)]


def _organisation_pages() -> list[Entry]:
    """Each approved organisation's public page (one query), dated by its last change."""
    rows = db.session.execute(select(Organisation.id, Organisation.updated_at)
                              .where(Organisation.status == ApprovalStatus.APPROVED).order_by(Organisation.id)
                              .limit(MAX_URLS // 4)).all()
    return [Entry("organisations.show", {"organisation_id": org_id}, changed) for org_id, changed in rows]


def _events() -> list[Entry]:
    """The events list and each published event that has not ended (one query), dated by its last change. The
    table is read by name: ``app.events`` sits above the domains that import this module (its pages)."""
    event = db.metadata.tables["event"]
    rows = db.session.execute(select(event.c.id, event.c.updated_at)
                              .where(event.c.status == "published", event.c.ends_at > utcnow())
                              .order_by(event.c.starts_at, event.c.id).limit(MAX_URLS // 4)).all()
    events = [Entry("events.event", {"event_id": event_id}, changed) for event_id, changed in rows]
    return [Entry("events.index", {}, _latest(*(e.lastmod for e in events))), *events]


SOURCES: tuple[Callable[[], list[Entry]], ...] = (_landing_pages, _board, _directory, _move_pages, _organisation_pages,
                                                  _events)
# The public pages that carry canonical, hreflang and Open Graph tags: the endpoints the sources list.
SHARED_ENDPOINTS = frozenset({
    "main.index", "main.privacy", "main.accessibility", "board.index", "board.show", "directory.index",
    "directory.municipality", "attraction.region", "attraction.municipality", "organisations.show",
    "events.index", "events.event",
})


def public_pages() -> list[Entry]:
    """Every public page search engines should find, in the order the sitemap lists them."""
    return [entry for source in SOURCES for entry in source()][:MAX_URLS]


# --- addresses --------------------------------------------------------------------------------------------

def absolute(endpoint: str, values: dict[str, Any], lang: str | None = None) -> str:
    """The page's address on Landa's public site (``LANDA_BASE_URL``, never the Host a request names),
    in one language (``?lang=``) or, without ``lang``, as the reader's choice shows it."""
    return external_url(current_app.config["LANDA_BASE_URL"], endpoint, **values, **({"lang": lang} if lang else {}))


def alternates(endpoint: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(hreflang, address) for each language and ``x-default`` (the address without a language)."""
    return [*((code, absolute(endpoint, values, code)) for code in supported_locales()),
            ("x-default", absolute(endpoint, values))]


def _iso(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return moment.isoformat()


def page_links() -> dict[str, Any] | None:
    """For base.html's ``<head>``: the canonical address of this public page in its language, its
    alternates and the Open Graph locale; None for any other page (staff and account pages, forms)."""
    if request.method != "GET" or request.endpoint not in SHARED_ENDPOINTS:
        return None
    values = dict(request.view_args or {})
    values.update((name, request.args[name]) for name in PAGE_ARGS if request.args.get(name))
    locale = current_locale()
    return {
        "canonical": absolute(request.endpoint, values, locale),
        "alternates": alternates(request.endpoint, values),
        "og_locale": OG_LOCALES.get(locale, locale),
        "og_alternates": [OG_LOCALES.get(code, code) for code in supported_locales() if code != locale],
    }


# --- the files -------------------------------------------------------------------------------------------

def sitemap_xml(entries: Iterable[Entry]) -> bytes:
    """The sitemap protocol's ``urlset``: each page's address (x-default), its lastmod and an
    ``xhtml:link rel="alternate"`` for each language (Google's way of telling languages apart)."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(entry.endpoint, entry.values)
        if entry.lastmod is not None:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = _iso(entry.lastmod)
        for hreflang, href in alternates(entry.endpoint, entry.values):
            ET.SubElement(url, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang, href=href)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


# Staff, account and sign-in areas: nothing a search engine should list. The API is for programs, except
# its public documentation.
DISALLOWED = ("/reception/", "/employers/", "/talent/", "/admin/", "/api/", "/account", "/login", "/register",
              "/password/", "/welcome/", "/start", "/language", "/healthz", "/directory/services/",
              "/directory/housing/", "/directory/*/services/", "/needs/*/interest",
              "/events/confirm/", "/events/cancel/", "/events/mine", "/events/new", "/events/*/",
              "/move/interest/")  # a lead's answer page and its signed links (the form itself may be found)
ALLOWED_API = ("api_browser.docs", "api-docs.openapi_json")


def robots_txt() -> bytes:
    base = current_app.config["LANDA_BASE_URL"]
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in DISALLOWED]
    lines += [f"Allow: {external_url(base, endpoint).removeprefix(base)}" for endpoint in ALLOWED_API]
    lines += ["", f"Sitemap: {external_url(base, 'main.sitemap')}", ""]
    return "\n".join(lines).encode()


def conditional(body: bytes, mimetype: str, last_modified: datetime | None = None) -> Response:
    """A public file that any cache may keep: an ETag of its content (and Last-Modified when known), so
    that a repeat with ``If-None-Match`` or ``If-Modified-Since`` is answered 304 without the body."""
    response = current_app.response_class(body, mimetype=mimetype)
    response.set_etag(hashlib.sha256(body).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["LANDA_PUBLIC_KEPT_SECONDS"] or 60
    return response.make_conditional(request)
