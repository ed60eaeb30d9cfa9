"""Found and shared (issue 21, item 5): robots.txt, sitemap.xml with hreflang alternates, canonical and
Open Graph tags, pages in a language named in the address, and a need's schema.org JobPosting."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.catalogue.models import Municipality
from app.employers.models import CompetenceNeed, NeedStatus
from app.extensions import db
from app.models import today
from tests.conftest import statements_during
from tests.factories import NeedFactory

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2}))?$")


class Head(HTMLParser):
    """The <link> and <meta> tags and JSON-LD blocks of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict] = []
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link":
            self.links.append(attributes)
        elif tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes["name"]
            self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def head(response) -> Head:
    parsed = Head()
    parsed.feed(response.get_data(as_text=True))
    return parsed


@pytest.fixture
def open_need(app):
    """An open need of an approved employer, and a closed one (id, closed id)."""
    with app.app_context():
        need = NeedFactory(description="Keep the biorefinery running. </script><script>alert(1)</script>",
                           description_en=None)
        closed = NeedFactory(organisation=need.organisation, title="Closed need", status=NeedStatus.CLOSED)
        db.session.commit()
        ids = need.id, closed.id
        db.session.remove()
    return ids


# --- robots.txt -------------------------------------------------------------------------------------------

def test_robots_allows_public_pages_and_keeps_staff_areas_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *" and "Allow: /" in lines
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert {"/reception/", "/employers/", "/talent/", "/admin/", "/api/", "/account", "/login"} <= disallowed
    assert not disallowed & {"/needs/", "/directory/", "/"}
    assert "Allow: /api/v1/docs" in lines and "Allow: /api/v1/openapi.json" in lines
    sitemap = [line.split(": ", 1)[1] for line in lines if line.startswith("Sitemap: ")]
    assert len(sitemap) == 1 and urlsplit(sitemap[0]).scheme in ("http", "https")
    assert urlsplit(sitemap[0]).path == "/sitemap.xml"


@pytest.mark.parametrize("path", ["/robots.txt", "/sitemap.xml"])
def test_files_carry_an_etag_and_answer_a_repeat_with_304(app, open_need, path):
    visitor = app.test_client()
    first = visitor.get(path)
    assert first.status_code == 200 and first.headers["ETag"] and "public" in first.headers["Cache-Control"]
    again = visitor.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    assert visitor.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200
    if path == "/sitemap.xml":
        assert first.headers["Last-Modified"]
        since = visitor.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
        assert since.status_code == 304


@pytest.mark.parametrize("path", ["/", "/privacy", "/accessibility", "/needs/", "NEED", "/directory/",
                                  "/directory/2284", "/move/", "/move/2284", "/events/", "/events/feed.ics"])
def test_public_pages_are_kept_with_an_etag_and_answer_a_repeat_with_304(app, open_need, monkeypatch, path):
    monkeypatch.setitem(app.config, "LANDA_PUBLIC_KEPT_SECONDS", 60)
    path = f"/needs/{open_need[0]}" if path == "NEED" else path
    visitor = app.test_client()
    for address in (path, f"{path}?lang=en"):
        first = visitor.get(address)
        assert first.status_code == 200 and first.headers["ETag"] and "public" in first.headers["Cache-Control"]
        assert visitor.get(address, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert visitor.get(path).headers["ETag"] != visitor.get(f"{path}?lang=en").headers["ETag"]


def test_the_sitemap_changes_its_etag_when_a_need_opens(app, open_need):
    visitor = app.test_client()
    before = visitor.get("/sitemap.xml")
    with app.app_context():
        db.session.get(CompetenceNeed, open_need[1]).status = NeedStatus.OPEN
        db.session.commit()
    after = visitor.get("/sitemap.xml", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and f"/needs/{open_need[1]}".encode() in after.get_data()


# --- sitemap.xml ------------------------------------------------------------------------------------------

def _sitemap(client) -> ET.Element:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    body = response.get_data()
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>") or body.startswith(b'<?xml version="1.0"')
    return ET.fromstring(body)  # noqa: S314  # our own answer, not untrusted input


def test_sitemap_follows_the_protocol_with_a_pair_of_languages_per_page(app, client, open_need):
    root = _sitemap(client)
    assert root.tag == f"{SITEMAP}urlset"
    urls = root.findall(f"{SITEMAP}url")
    assert urls and len(urls) == len(root)  # nothing but <url> in the set
    locs = []
    for url in urls:
        children = [child.tag for child in url]
        assert children[0] == f"{SITEMAP}loc" and children.count(f"{SITEMAP}loc") == 1
        # The protocol's order: loc, then lastmod, then elements of other namespaces (the alternates).
        assert children[1:] == sorted(children[1:], key=lambda tag: tag != f"{SITEMAP}lastmod")
        assert set(children) <= {f"{SITEMAP}loc", f"{SITEMAP}lastmod", f"{XHTML}link"}
        loc = url.find(f"{SITEMAP}loc").text
        parts = urlsplit(loc)
        assert parts.scheme in ("http", "https") and parts.netloc and "lang" not in parse_qs(parts.query), loc
        locs.append(loc)
        lastmod = url.find(f"{SITEMAP}lastmod")
        if lastmod is not None:
            assert W3C_DATETIME.match(lastmod.text), lastmod.text
        links = url.findall(f"{XHTML}link")
        assert all(link.get("rel") == "alternate" for link in links)
        by_lang = {link.get("hreflang"): link.get("href") for link in links}
        assert len(by_lang) == len(links) == 3 and set(by_lang) == {"sv", "en", "x-default"}
        assert by_lang["x-default"] == loc
        for lang in ("sv", "en"):
            alternate = urlsplit(by_lang[lang])
            assert (alternate.scheme, alternate.netloc, alternate.path) == (parts.scheme, parts.netloc, parts.path)
            assert parse_qs(alternate.query)["lang"] == [lang]
    assert len(set(locs)) == len(locs)
    paths = {urlsplit(loc).path for loc in locs}
    need_id, closed_id = open_need
    with app.app_context():
        codes = set(db.session.scalars(select(Municipality.code)))
    assert {"/", "/privacy", "/accessibility", "/needs/", "/directory/", f"/needs/{need_id}"} <= paths
    assert {f"/directory/{code}" for code in codes} <= paths
    assert f"/needs/{closed_id}" not in paths  # closed needs are not public
    assert not any(p.startswith(("/reception", "/employers", "/talent", "/admin", "/api")) for p in paths)
    need_url = next(u for u in urls if urlsplit(u.find(f"{SITEMAP}loc").text).path == f"/needs/{need_id}")
    assert need_url.find(f"{SITEMAP}lastmod") is not None


def test_every_sitemap_address_answers_in_its_language(app, client, open_need):
    root = _sitemap(client)
    for link in root.iter(f"{XHTML}link"):
        href = urlsplit(link.get("href"))
        response = client.get(href.path + (f"?{href.query}" if href.query else ""))
        assert response.status_code == 200, href
        lang = link.get("hreflang")
        if lang != "x-default":
            assert f'<html lang="{lang}">' in response.get_data(as_text=True)


def test_sitemap_reads_a_bounded_number_of_queries(app, client):
    with app.app_context():
        for n in range(6):
            NeedFactory(title=f"Need {n}")
        db.session.commit()
        db.session.remove()
    few = statements_during(app, lambda: client.get("/sitemap.xml"))
    with app.app_context():
        for n in range(6):
            NeedFactory(title=f"More {n}")
        db.session.commit()
        db.session.remove()
    assert statements_during(app, lambda: client.get("/sitemap.xml")) == few <= 6


def test_one_place_lists_the_public_pages(app, open_need):
    from app.main import found

    with app.test_request_context():
        entries = found.public_pages()
    assert all(isinstance(e, found.Entry) for e in entries)
    assert {e.endpoint for e in entries} <= found.SHARED_ENDPOINTS
    assert found._move_pages in found.SOURCES  # the place the /move/ pages will fill
    rules = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert found.SHARED_ENDPOINTS <= rules


# --- language in the address, canonical, hreflang and Open Graph --------------------------------------------

def test_lang_in_the_address_shows_that_language_and_stores_nothing(app):
    visitor = app.test_client()
    english = visitor.get("/needs/?lang=en", headers={"Accept-Language": "sv"})
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "Set-Cookie" not in english.headers  # no session made for a visitor who only reads
    assert '<html lang="sv">' in visitor.get("/needs/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    swedish = visitor.get("/needs/?lang=sv", headers={"Accept-Language": "en"})
    assert '<html lang="sv">' in swedish.get_data(as_text=True)
    assert '<html lang="en">' in visitor.get("/needs/?lang=xx", headers={"Accept-Language": "en"}).get_data(
        as_text=True)  # an unknown language: the usual choice


def test_lang_in_the_address_wins_over_a_stored_choice_but_the_switch_leaves_it(app, make_user, login):
    user = make_user("newcomer", locale="sv")
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": user.password})
    page = browser.get("/directory/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert 'name="next" value="/directory/"' in page  # choosing Svenska returns to the page without ?lang
    assert '<html lang="sv">' in browser.get("/directory/").get_data(as_text=True)  # nothing was saved
    with app.app_context():
        assert db.session.get(User, user.id).locale == "sv"


def test_language_switch_keeps_other_query_parameters():
    from app.i18n import _without_lang

    assert _without_lang("/needs/", "municipality=2284&lang=en&page=2") == "/needs/?municipality=2284&page=2"
    assert _without_lang("/needs/", "lang=en") == "/needs/"
    assert _without_lang("/needs/", "") == "/needs/"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_public_pages_name_their_canonical_address_alternates_and_open_graph(app, open_need, lang):
    need_id = open_need[0]
    visitor = app.test_client()
    for path in ("/", "/privacy", "/accessibility", "/needs/", f"/needs/{need_id}", "/directory/",
                 "/directory/2284"):
        page = head(visitor.get(f"{path}?lang={lang}&utm_source=newsletter"))
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert len(canonical) == 1, path
        parts = urlsplit(canonical[0])
        assert parts.scheme in ("http", "https") and parts.path == path and parse_qs(parts.query) == {"lang": [lang]}
        alternates = {link["hreflang"]: link["href"] for link in page.links if link.get("rel") == "alternate"}
        assert set(alternates) == {"sv", "en", "x-default"} and alternates[lang] == canonical[0]
        assert "lang" not in parse_qs(urlsplit(alternates["x-default"]).query)
        assert page.meta["og:url"] == canonical and page.meta["og:site_name"] == ["Landa"]
        assert page.meta["og:locale"] == [{"sv": "sv_SE", "en": "en_GB"}[lang]]
        assert page.meta["og:locale:alternate"] == [{"sv": "en_GB", "en": "sv_SE"}[lang]]
        assert page.meta["og:type"] == ["website"] and page.meta["og:title"][0].strip()
        assert page.meta["og:description"][0].strip() and page.meta["description"] == page.meta["og:description"]


def test_a_filtered_board_keeps_its_filter_in_the_canonical_address(client):
    page = head(client.get("/needs/?municipality=2284&lang=en&utm_campaign=x"))
    canonical = next(link["href"] for link in page.links if link.get("rel") == "canonical")
    assert parse_qs(urlsplit(canonical).query) == {"municipality": ["2284"], "lang": ["en"]}


def test_staff_account_and_error_pages_carry_no_canonical(app, client, make_user):
    for path in ("/login", "/register", "/needs/2147483647", "/no-such-page"):
        page = head(client.get(path))
        assert not [link for link in page.links if link.get("rel") in ("canonical", "alternate")], path
        assert "og:url" not in page.meta
    officer = make_user("officer", municipality_code="2284")
    staff = app.test_client()
    staff.post("/login", data={"email": officer.email, "password": officer.password})
    assert 'rel="canonical"' not in staff.get("/reception/").get_data(as_text=True)


def test_a_need_page_describes_itself_for_link_previews(client, open_need):
    page = head(client.get(f"/needs/{open_need[0]}?lang=en"))
    assert page.meta["og:title"][0].startswith("Maintenance technician")
    assert "Örnsköldsvik Green Fuels AB" in page.meta["og:description"][0]


# --- schema.org JobPosting ---------------------------------------------------------------------------------

def _posting(client, path: str) -> dict:
    page = head(client.get(path))
    assert len(page.json_ld) == 1
    return json.loads(page.json_ld[0])


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, value
    return moment


def test_a_need_page_carries_a_job_posting_with_the_required_fields(app, client, open_need):
    need_id = open_need[0]
    posting = _posting(client, f"/needs/{need_id}?lang=en")
    assert posting["@context"] == "https://schema.org" and posting["@type"] == "JobPosting"
    # Google's required fields: title, description, datePosted, hiringOrganization, jobLocation; validThrough
    # when the need expires.
    for field, kind in (("title", str), ("description", str), ("datePosted", str), ("hiringOrganization", dict),
                        ("jobLocation", dict), ("validThrough", str), ("employmentType", str),
                        ("baseSalary", dict), ("url", str)):
        assert isinstance(posting.get(field), kind) and posting[field], field
    assert posting["title"] == "Maintenance technician"
    assert "</script>" in posting["description"]  # read back exactly as typed ...
    html = client.get(f"/needs/{need_id}").get_data(as_text=True)
    assert html.count("</script>") == html.count("<script")  # ... yet it never closed the element
    assert "<script>alert(1)" not in html
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": "Örnsköldsvik Green Fuels AB"}
    assert posting["jobLocation"]["@type"] == "Place"
    address = posting["jobLocation"]["address"]
    assert address == {"@type": "PostalAddress", "addressLocality": "Örnsköldsvik",
                       "addressRegion": "Västernorrlands län", "addressCountry": "SE"}
    assert posting["employmentType"] in {"FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN",
                                         "VOLUNTEER", "PER_DIEM", "OTHER"}
    assert posting["employmentType"] == "FULL_TIME"  # permanent
    assert _moment(posting["datePosted"]).date() <= today()
    expires = today() + timedelta(days=90)
    assert _moment(posting["validThrough"]).date() == expires and _moment(posting["datePosted"]) < _moment(
        posting["validThrough"])
    assert posting["baseSalary"] == {"@type": "MonetaryAmount", "currency": "SEK", "value": {
        "@type": "QuantitativeValue", "minValue": 34000, "maxValue": 42000, "unitText": "MONTH"}}
    assert urlsplit(posting["url"]).path == f"/needs/{need_id}"
    assert posting["totalJobOpenings"] == 40 and date.fromisoformat(posting["jobStartDate"])


def test_a_posting_without_salary_expiry_or_description_leaves_out_what_it_does_not_know(app, client):
    with app.app_context():
        need = NeedFactory(title="Seasonal guide", employment_type="seasonal", salary_min=None, salary_max=None,
                           expires_on=None, description="")
        db.session.commit()
        need_id = need.id
        db.session.remove()
    posting = _posting(client, f"/needs/{need_id}?lang=en")
    assert "baseSalary" not in posting and "validThrough" not in posting
    assert posting["employmentType"] == "TEMPORARY"
    assert posting["description"] == "Seasonal guide at Örnsköldsvik Green Fuels AB in Örnsköldsvik."


def test_one_salary_figure_is_a_single_monthly_value():
    from app.main.structured import monthly_salary

    assert monthly_salary(30000, None)["value"] == {"@type": "QuantitativeValue", "value": 30000, "unitText": "MONTH"}
    assert monthly_salary(None, 31000)["value"]["value"] == 31000
    assert monthly_salary(None, None) is None


def test_json_ld_escapes_what_could_end_the_script():
    from app.main.structured import json_ld

    written = str(json_ld({"@type": "Event", "name": "</script><!-- & -->"}))
    inner = written.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"@context": "https://schema.org", "@type": "Event", "name": "</script><!-- & -->"}


def test_the_content_security_policy_still_forbids_inline_scripts(client, open_need):
    policy = client.get(f"/needs/{open_need[0]}").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_move_pages_are_in_the_sitemap_with_their_languages(client):
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/move/</loc>" in sitemap and "/move/2284</loc>" in sitemap
    assert "/move/2284?lang=en" in sitemap
    page = client.get("/move/2284?lang=en").get_data(as_text=True)
    assert '<link rel="canonical" href="' in page and "/move/2284?lang=en" in page
