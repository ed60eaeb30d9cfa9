"""Pseudo-locale crawl: every page each role can reach shows only text that went through gettext.

At test time the Swedish catalogue's msgids (our msgids are English) are turned into a pseudo-English
catalogue: every msgstr is its msgid in look-alike letters between markers (``Save`` -> ``⟦Śȧṽḗ⟧``), with
placeholders, HTML tags, entities and plural forms kept. It is compiled into a temporary directory as the
``en`` catalogue (so Babel still formats dates and numbers as CLDR's ``en``) and served by a second app
(``LANDA_TRANSLATIONS_DIR``). Each role then reads every GET page the access matrix lets it through, with
the real ids of ``test_access_objects``'s world, and follows the same-site links on those pages (query
strings included). On each page the visible text and the attributes people see (title, placeholder,
aria-label, alt, the label of submit buttons) must hold nothing alphabetic once pseudo text, data (what
the database holds and the packaged reference files, but not the Swedish half of a text kept in both
languages), e-mail addresses, URLs, numbers, dates as Babel writes them and the few names below are taken
out.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel import Locale
from babel.dates import get_day_names, get_month_names, get_period_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import JSON, Enum, String, Text, select
from werkzeug.exceptions import HTTPException

from app.extensions import babel, db
from app.i18n import FORMAT_LOCALES
from tests.auth.test_access_matrix import ACCESS, ARGUMENTS, ROLES
from tests.auth.test_access_objects import _url as url_with_ids
from tests.auth.test_access_objects import world  # noqa: F401  # the fixture: a household, an employer, an officer

ROOT = Path(__file__).resolve().parents[2]
SOURCE_CATALOGUE = ROOT / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
OPEN, CLOSE = "⟦", "⟧"
PSEUDO = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ",
)
PSEUDO_LETTERS = frozenset("ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ")
# Left as they are: placeholders (%(name)s, %s, {name}), HTML tags and entities.
PROTECTED = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|%[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{[^{}]*\}"
                       r"|<[^>]*>|&#?\w+;")

# Not meant to be translated, each for its reason:
ALLOWED = {
    "Landa",  # the product's name, the same in every language
    "Svenska", "English",  # the language switch names each language in itself
    "SEK", "kr",  # the currency as Babel writes it (format_sek)
}
# Columns and reference-file fields that hold keys or codes, not text: a key shown as it is would be a bug.
KEY_FIELDS = {
    "key", "kind", "code", "locale", "phase", "applies_to", "confidence", "token_digest", "digest",
    "password_hash", "totp_secret", "id", "data", "action", "object_type", "period",
    "in_demand", "language", "home_language", "current_country", "slug",
}
SKIPPED_ENDPOINTS = {"static", "auth.logout", "auth.sign_out_everywhere"}
MAX_PAGES_PER_ROLE = 150
MAX_LINKS_PER_ENDPOINT = 6  # the same page with other filters or ids adds little
# Error pages and refusals people meet: no such page, a spent link, a door that is not theirs.
ERROR_PAGES = {
    "anonymous": ["/no-such-page", "/reception/follow-up/not-a-real-token", "/password/reset/not-a-real-token",
                  "/welcome/not-a-real-token", "/talent/"],
    "newcomer": ["/no-such-page", "/reception/"],
    "employer": ["/employers/invitations/not-a-real-token", "/talent/"],
    "officer": ["/admin/users", "/reception/cases/2147483647"],
}


# --- the pseudo catalogue ------------------------------------------------------------------------------------

def pseudo(text: str) -> str:
    parts, last = [], 0
    for match in PROTECTED.finditer(text):
        parts += [text[last:match.start()].translate(PSEUDO), match.group()]
        last = match.end()
    parts.append(text[last:].translate(PSEUDO))
    return OPEN + "".join(parts) + CLOSE


def test_pseudo_keeps_placeholders_markup_and_entities():
    assert pseudo("Save") == "⟦Şȧṽḗ⟧"
    assert pseudo("%(name)s arrives on <strong>%(date)s</strong> &amp; {count} %s") == \
        "⟦%(name)s ȧřřīṽḗş ǿƞ <strong>%(date)s</strong> &amp; {count} %s⟧"


@pytest.fixture(scope="session")
def pseudo_translations(tmp_path_factory) -> Path:
    """A translations directory whose ``en`` catalogue is the pseudo-locale of every msgid."""
    with SOURCE_CATALOGUE.open("rb") as fh:
        source = read_po(fh)
    catalog = Catalog(locale="en")
    for message in source:
        if not message.id:
            continue
        string = tuple(pseudo(part) for part in message.id) if message.pluralizable else pseudo(message.id)
        catalog.add(message.id, string, context=message.context, flags=message.flags)
    directory = tmp_path_factory.mktemp("pseudo-translations")
    target = directory / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    return directory


@contextmanager
def own_translation_cache() -> Iterator[None]:
    """Flask-Babel keeps loaded catalogues per locale on the one Babel object all apps share: while the
    pseudo app runs it gets a cache of its own, and the real catalogues come back after."""
    domain = babel.domain_instance
    saved, domain.cache = domain.cache, {}
    try:
        yield
    finally:
        domain.cache = saved


# --- what a page shows ---------------------------------------------------------------------------------------

class PageText(HTMLParser):
    """Visible text nodes, user-visible attributes and the links of one HTML page."""

    HIDDEN = {"script", "style", "template"}
    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # The directory's edit forms hold a text's Swedish half for editing, on English pages too.
        if tag in self.HIDDEN or (tag == "textarea" and (attributes.get("name") or "").endswith("_sv")):
            self._hidden += 1
        for name in self.SHOWN_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset") and attributes.get("value"):
            self.texts.append(attributes["value"])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])

    def handle_endtag(self, tag):
        if (tag in self.HIDDEN or tag == "textarea") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data)


def _words(*lists) -> set[str]:
    return {word for names in lists for word in names.values()}


DATE_WORDS = _words(*(get_month_names(width, context, locale=locale) for locale in ("en", FORMAT_LOCALES["en"])
                      for width in ("wide", "abbreviated") for context in ("format", "stand-alone")),
                    *(get_day_names(width, locale="en") for width in ("wide", "abbreviated", "short")),
                    get_period_names(locale="en"))
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:se|com|eu|org|nu)(?:/\S*)?\b")
# Numbers as Babel writes them (1,234.5; 12:30), and language levels (CEFR: A1 to C2).
NUMBERS = re.compile(r"\b(?:[ABC][12]|\d+(?:[.,:\u00a0\u202f ]\d+)*)\b\.?")
WORD = re.compile(r"[^\W\d_]+")
SEPARATORS = re.compile(r"([,;:/|·•–—()\[\]\n\"“”'?!]+|\s[-+]\s)")
EDGES = " \t\r\n.,;:!?·•–—-()[]\"'“”…*"


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(EDGES)


# Country and language names as Babel writes them for ``en`` (the forms list them from CLDR).
CLDR_NAMES = {_normal(name) for name in (*Locale("en").territories.values(), *Locale("en").languages.values())}


def untranslated(text: str, data: set[str]) -> str | None:
    """What is left of ``text`` that no gettext call produced and that is no data; None when nothing is."""
    while (unmarked := MARKED.sub("\0", text)) != text:  # innermost first: messages within messages
        text = unmarked
    # A message with markup inside spans several text nodes: its pieces have stray markers, pseudo letters.
    text = text.replace(OPEN, "\0").replace(CLOSE, "\0")
    text = WORD.sub(lambda m: "\0" if set(m.group()) <= PSEUDO_LETTERS else m.group(), text)
    left = []
    for fragment in text.split("\0"):
        if not WORD.search(fragment) or _normal(fragment) in data:
            continue
        for piece in _pieces(URL.sub(" ", EMAIL.sub(" ", fragment)), data):
            if [w for w in WORD.findall(NUMBERS.sub(" ", piece)) if w not in DATE_WORDS and w not in ALLOWED]:
                left.append(piece)
    return " | ".join(left) or None


def _pieces(fragment: str, data: set[str]) -> Iterator[str]:
    """The pieces of a list (``a, b · c``) that are not data; the longest run of pieces that is data wins,
    as data may hold separators itself."""
    parts = SEPARATORS.split(fragment)  # the separators are kept: pieces at even places
    start = 0
    while start < len(parts):
        end = next((end for end in range(len(parts), start, -2) if _normal("".join(parts[start:end])) in data),
                   None)
        if end is None:
            piece = _normal(parts[start])
            if WORD.search(_normal(NUMBERS.sub(" ", piece))) and _normal(NUMBERS.sub(" ", piece)) not in data:
                yield piece
            end = start + 1
        start = end + 1


def test_untranslated_finds_what_gettext_did_not_produce():
    data = {"Örnsköldsvik", "Arjun Kumar", "PLC programming, welding"}
    assert untranslated("⟦Ŧħḗ ƥŀȧƞ ǿƒ Arjun Kumar⟧", data) is None
    assert untranslated("⟦Ȧ ⟦ƞḗşŧḗḓ⟧ ḿḗşşȧɠḗ⟧ (3)", data) is None
    assert untranslated("ḗḿƥħȧşīş⟧ Örnsköldsvik, 27 Nov 2026, SEK 28,480", data) is None
    assert untranslated("PLC programming, welding · arjun@example.se · https://landa.se/x", data) is None
    assert untranslated("Landa", data) is None
    assert untranslated("⟦Şȧṽḗ⟧ Cancel", data) == "Cancel"
    assert untranslated("Örnsköldsvik: Household", data) == "Household"
    assert untranslated("1. Örnsköldsvik", data) is None
    assert untranslated("Swedish A1, English C1", data | CLDR_NAMES) is None


# --- what the database and the reference files hold ----------------------------------------------------------

def _is_key(field: str) -> bool:
    return field in KEY_FIELDS or field.endswith(("_code", "_key"))


def _strings(value, field: str = "") -> Iterator[tuple[str, str]]:
    """(field, text) for every text in ``value``; a list's items bear the list's field name."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)
    elif isinstance(value, str) and not _is_key(field):
        yield field, value


def data_values(app) -> set[str]:
    """Every text the database holds (names, e-mails, what people wrote, reference data) and the packaged
    reference files' texts in both languages, with each line on its own as pages show them."""
    values: list[tuple[str, str]] = []
    for path in (ROOT / "app").rglob("*.json"):
        values += _strings(json.loads(path.read_text(encoding="utf-8")))
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, Text, JSON))
                       and not isinstance(c.type, Enum) and not _is_key(c.name)]  # enums: keys too
            if columns:
                for row in db.session.execute(select(*columns)):
                    for column, value in zip(columns, row, strict=True):
                        values += _strings(value, column.name)
        db.session.remove()
    return known_on_english_pages(values)


def known_on_english_pages(values: Iterable[tuple[str, str]]) -> set[str]:
    """The texts of (field, value) pairs that may stand on an English page, each line on its own too.

    The Swedish half of reference data (``name_sv``, ``rules_sv``...) is no excuse for a text on an English
    page, so a page that shows it where the English half belongs fails; a text both halves share (many place
    names) is fine."""
    found = set()
    for field, value in values:
        if not field.endswith("_sv"):
            found.update({_normal(value), *(_normal(line) for line in value.splitlines())})
    return found - {""}


def test_swedish_reference_text_on_an_english_page_is_untranslated():
    data = known_on_english_pages([("name_sv", "Bostadskö hos Mitthem"), ("name_en", "Housing queue at Mitthem"),
                                   ("name_sv", "Sundsvall"), ("name_en", "Sundsvall"), ("full_name", "Arjun Kumar")])
    assert untranslated("Bostadskö hos Mitthem", data) == "Bostadskö hos Mitthem"
    assert untranslated("Housing queue at Mitthem · Sundsvall · Arjun Kumar", data) is None


# --- the crawl -----------------------------------------------------------------------------------------------

def _copy_browser(source, target_app):
    """A browser of ``target_app`` holding the session of ``source`` (sessions live on the server)."""
    browser = target_app.test_client()
    for cookie in source._cookies.values():  # Werkzeug's test client has no public list of its cookies
        browser.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return browser


def _endpoint(app, path: str) -> str | None:
    try:
        return app.url_map.bind(app.config["SERVER_NAME"]).match(path, method="GET")[0]
    except HTTPException:
        return None


def _local(app, base: str, href: str) -> str | None:
    """The path and query of a same-site link, or None."""
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https") or parts.netloc not in ("", app.config["SERVER_NAME"]):
        return None
    if parts.path.startswith(("/api/", "/static/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(app, browser, start: list[str]) -> tuple[dict[str, list[str]], int]:
    """GET pages breadth first from ``start``, following same-site links; returns text per page."""
    queue, seen, texts, count = list(start), set(start), {}, 0
    followed: dict[str | None, int] = defaultdict(int)
    while queue and len(texts) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        endpoint = _endpoint(app, urlsplit(url).path)
        if endpoint in SKIPPED_ENDPOINTS or (url not in start and followed[endpoint] >= MAX_LINKS_PER_ENDPOINT):
            continue
        followed[endpoint] += url not in start
        response = browser.get(url)
        found: list[str] = []
        if response.status_code in (301, 302, 303, 307, 308):
            found = [response.headers["Location"]]
        elif response.mimetype == "text/html":
            page = PageText()
            page.feed(response.get_data(as_text=True))
            page.close()
            texts[url] = page.texts
            count += len(page.texts)
            found = page.links
        response.close()
        for href in found:
            target = _local(app, "http://" + app.config["SERVER_NAME"] + url, href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return texts, count


def _tokens(app, ids: dict, monkeypatch) -> dict[str, str]:
    """Working links of the kinds e-mails carry: password reset, staff invitation, organisation invitation,
    a follow-up survey (the world's household is the survey's)."""
    from app.auth.models import Role, User
    from app.auth.services import make_reset_token
    from app.employers import members
    from app.employers.models import Organisation
    from app.models import utcnow
    from app.reception.followups import digest
    from app.reception.models import FollowUp, FollowUpStatus

    tokens = {"survey": "pseudo-survey-secret", "organisation": "pseudo-organisation-invitation"}
    with app.app_context():
        employer = db.session.scalar(select(User).where(User.role == Role.EMPLOYER).order_by(User.id))
        staff = db.session.scalar(select(User).where(User.role == Role.OFFICER))
        tokens |= {"reset": make_reset_token(employer), "invite": make_reset_token(staff, "invite")}
        follow_up = db.session.scalar(select(FollowUp).where(FollowUp.case_id == ids["case_id"]))
        assert follow_up is not None, "the world's case has no follow-ups: give it an arrival date"
        follow_up.token_digest, follow_up.status = digest(tokens["survey"]), FollowUpStatus.SENT
        follow_up.sent_at, follow_up.expires_at = utcnow(), utcnow() + timedelta(days=7)
        organisation = db.session.get(Organisation, ids["organisation_id"])
        with monkeypatch.context() as patch:
            patch.setattr(members.secrets, "token_urlsafe", lambda _n: tokens["organisation"])
            members.invite(organisation, organisation.members[0].user, "colleague@plant.se")
        db.session.commit()
        db.session.remove()
    return tokens


def start_urls(app, role: str, ids: dict, member_ids: dict, tokens: dict) -> list[str]:
    """Every GET page of the URL map the access matrix lets ``role`` through, with real ids."""
    from app.catalogue.models import HousingContact, Service

    with app.app_context():
        service = db.session.scalar(select(Service.key).order_by(Service.sort_order))
        housing = db.session.scalar(select(HousingContact.key).join(HousingContact.municipalities)
                                    .order_by(HousingContact.key))
        db.session.remove()
    arguments = ids | {"code": "2284", "step": "about"}
    keys = {"directory.edit_housing": housing, "insights.page": "funnel"}  # the other insights pages: by links
    by_endpoint = {"auth.reset_password": tokens["reset"], "auth.accept_invitation": tokens["invite"],
                   "reception.survey": tokens["survey"], "employers.accept_invitation": tokens["organisation"]}
    urls = []
    for rule in app.url_map.iter_rules():
        if ("GET" not in rule.methods or rule.rule.startswith("/api/") or rule.endpoint in SKIPPED_ENDPOINTS
                or role not in ACCESS[rule.endpoint]):
            continue
        values = arguments | {"key": keys.get(rule.endpoint, service)}
        if rule.endpoint in by_endpoint:
            values["token"] = by_endpoint[rule.endpoint]
        if all(values.get(arg, ARGUMENTS.get(arg)) is not None for arg in rule.arguments):
            urls.append(url_with_ids(rule, values, member_ids))  # the others are reached by links
    return sorted(urls) + ERROR_PAGES.get(role, [])


def test_every_page_is_translated(app, make_app, make_user, world, pseudo_translations, monkeypatch):  # noqa: F811
    ids, member_ids, _strangers, owners = world
    tokens = _tokens(app, ids, monkeypatch)
    data = data_values(app) | CLDR_NAMES
    for browser, _headers in owners.values():
        browser.get("/")  # what was flashed to them while the world was built, in their language then
    pseudo_app = make_app(LANDA_TRANSLATIONS_DIR=str(pseudo_translations))
    browsers = {"anonymous": pseudo_app.test_client(),
                "newcomer": _copy_browser(owners["newcomer"][0], pseudo_app),
                "employer": _copy_browser(owners["employer"][0], pseudo_app),
                "officer": _copy_browser(owners["officer"][0], pseudo_app)}
    for role in ("coordinator", "admin"):
        user = make_user(role)
        browsers[role] = pseudo_app.test_client()
        browsers[role].post("/login", data={"email": user.email, "password": user.password})

    problems: dict[str, list[str]] = defaultdict(list)
    figures = {}
    started = time.monotonic()
    with own_translation_cache():
        for role in ROLES:
            browser = browsers[role]
            browser.post("/language", data={"lang": "en"})
            texts, count = crawl(pseudo_app, browser, start_urls(pseudo_app, role, ids, member_ids, tokens))
            figures[role] = (len(texts), count)
            for url, nodes in texts.items():
                for node in nodes:
                    if (left := untranslated(node, data)) is not None:
                        problems[left].append(f"{role} {url}")
    elapsed = time.monotonic() - started
    print(f"pseudo-locale crawl in {elapsed:.1f} s: " + ", ".join(
        f"{role} {pages} pages / {nodes} texts" for role, (pages, nodes) in figures.items()))
    report = "\n".join(f"{text!r} on {len(pages)} page(s): {', '.join(sorted(set(pages))[:4])}"
                       for text, pages in sorted(problems.items()))
    assert not problems, f"{len(problems)} untranslated texts:\n{report}"
    assert all(pages >= 5 for pages, _ in figures.values()), figures
    assert figures["newcomer"][0] >= 15 and figures["officer"][0] >= 10, figures
