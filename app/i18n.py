"""Languages, time zone and formatting.

Locale order (first that applies): a ``?lang=sv|en`` in the address of a page fetched with GET (that
page only), an explicit choice stored in the session, the signed-in
user's saved language, the browser's Accept-Language among Swedish and English, Swedish.
Outside a request (jobs, CLI, e-mails) wrap work in ``flask_babel.force_locale(locale)``.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import click
from babel import Locale, dates
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_currency
from flask import Flask, current_app, has_request_context, request, session
from flask.cli import AppGroup
from flask_babel import get_locale, to_user_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from app.extensions import babel

LANGUAGE_NAMES = {"sv": "Svenska", "en": "English"}
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"


def supported_locales() -> tuple[str, ...]:
    return tuple(current_app.config["LANDA_LOCALES"])


def select_locale() -> str:
    supported = supported_locales()
    if has_request_context() and request.path.startswith("/api/"):
        # The API answers in the language the caller's request names (no session, no cookie).
        best = request.accept_languages.best_match(supported)
        if best:
            return best
        if current_user and current_user.is_authenticated and current_user.locale in supported:
            return current_user.locale
    elif has_request_context():
        # A language named in the address (``?lang=en``, what the sitemap's and the pages' hreflang links
        # point to) shows that page in that language, and stores nothing: the next page is as before.
        asked = request.args.get("lang") if request.method in ("GET", "HEAD") else None
        if asked in supported:
            return asked
        chosen = session.get("lang")
        if chosen in supported:
            return chosen
        if current_user and current_user.is_authenticated and current_user.locale in supported:
            return current_user.locale
        best = request.accept_languages.best_match(supported)
        if best:
            return best
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def init_app(app: Flask) -> None:
    # Flask-Babel resolves relative directories against app/; ours sit at the top level.
    # LANDA_TRANSLATIONS_DIR (an absolute path, set by tests only) replaces them, e.g. by a pseudo-locale.
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(app.config.get("LANDA_TRANSLATIONS_DIR") or TRANSLATIONS_DIR)
    babel.init_app(app, locale_selector=select_locale)


def format_sek(amount: int | float | None) -> str:
    """Money in Swedish kronor for the reader's locale: ``28 480 kr`` / ``SEK 28,480``."""
    if amount is None:
        return ""
    locale = current_locale()
    if locale == "sv":
        return format_currency(amount, "SEK", format="#,##0\xa0¤", locale="sv_SE", currency_digits=False)
    return format_currency(amount, "SEK", format="¤\xa0#,##0", locale="en_GB", currency_digits=False)


# Babel's plain "en" is American English ("Nov 27, 2026", "11/27/26, 12:30 PM"): Landa writes British
# English, as format_sek does, so an English reader sees "27 Nov 2026" and "27 Nov 2026, 12:30".
FORMAT_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def formatting_locale() -> str:
    locale = current_locale()
    return FORMAT_LOCALES.get(locale, locale)


def _local(value: datetime) -> datetime:
    """A moment in Landa's time zone (a naive datetime is taken as UTC, as the database keeps them)."""
    return to_user_timezone(value)


def format_date(value: date | datetime | None) -> str:
    """A date as the reader's language writes it, the same everywhere: ``2 dec. 2026`` / ``2 Dec 2026``
    (a datetime: its day in Landa's time zone). One format per language, in tables and in sentences alike."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return dates.format_date(value, "medium", locale=formatting_locale())


def format_datetime(value: datetime | None) -> str:
    """A moment for the reader, in Landa's time zone and to the minute (seconds say nothing to a reader):
    ``2 dec. 2026 05:50`` / ``2 Dec 2026, 05:50``: the date as ``format_date`` writes it, then the time,
    joined as the language's own conventions (CLDR) join them."""
    if value is None:
        return ""
    locale = Locale.parse(formatting_locale())
    moment = _local(value)
    return locale.datetime_formats["medium"].format(dates.format_time(moment, "short", locale=locale),
                                                     dates.format_date(moment, "medium", locale=locale))


def iso_moment(value: date | datetime) -> str:
    """The machine-readable form of what ``format_date``/``format_datetime`` show (``<time datetime>``):
    ``2026-12-02`` / ``2026-12-02T05:50+01:00``."""
    if isinstance(value, datetime):
        return _local(value).isoformat(timespec="minutes")
    return value.isoformat()


def _time_tag(text: str, value: date | datetime) -> Markup:
    return Markup('<time datetime="{}">{}</time>').format(iso_moment(value), text)


@pass_eval_context
def date_filter(eval_ctx, value: date | datetime | None, _format: str | None = None) -> str | Markup:
    """``{{ day|dateformat }}``: in an HTML page a ``<time>`` element around the date, as text elsewhere
    (plain-text e-mails). A format name (``dateformat('long')``, from older templates) is accepted and
    ignored: Landa writes one date format per language."""
    if value is None:
        return ""
    day = _local(value).date() if isinstance(value, datetime) else value
    return _time_tag(format_date(day), day) if eval_ctx.autoescape else format_date(day)


@pass_eval_context
def datetime_filter(eval_ctx, value: datetime | None, _format: str | None = None) -> str | Markup:
    """``{{ moment|datetimeformat }}``: as ``dateformat``, to the minute."""
    if value is None:
        return ""
    text = format_datetime(value)
    return _time_tag(text, value) if eval_ctx.autoescape else text


def localized(obj: object, field: str) -> str:
    """``obj.<field>_sv`` or ``obj.<field>_en`` for the reader's locale, falling back to Swedish."""
    value = getattr(obj, f"{field}_{current_locale()}", None)
    return value or getattr(obj, f"{field}_sv")


def reader_text(obj: object, field: str) -> str:
    """What a user wrote, in the reader's language where they wrote it twice: ``obj.<field>_en`` for an
    English reader when it is set, else ``obj.<field>`` (the text as written, usually Swedish)."""
    return (current_locale() == "en" and getattr(obj, f"{field}_en", None)) or getattr(obj, field)


def _without_lang(path: str, query: str) -> str:
    """``path?query`` without a ``lang`` parameter: after the switch, the language chosen is the one shown."""
    kept = "&".join(part for part in query.split("&") if part and part.split("=", 1)[0] != "lang")
    return path + (f"?{kept}" if kept else "")


def language_return_path() -> str:
    """Where the language switch brings the reader back: this page if it can be fetched again (a GET
    route), else the page the form was sent from (a form's errors are shown at a POST-only address such
    as /reception/cases/7/tasks), else the start page."""
    candidates = []
    if request.method == "GET":
        candidates.append(_without_lang(request.path, request.query_string.decode()))
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        candidates.append(_without_lang(referrer.path, referrer.query))
    adapter = current_app.url_map.bind(request.host)
    for candidate in candidates:
        try:
            adapter.match(urlsplit(candidate).path, method="GET")
        except HTTPException:  # no such page, a redirect, or POST only
            continue
        return candidate
    return "/"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["sek"] = format_sek
    app.jinja_env.filters.update(dateformat=date_filter, datetimeformat=datetime_filter)  # replace Flask-Babel's
    app.jinja_env.globals["localized"] = localized
    app.jinja_env.globals["reader_text"] = reader_text
    app.jinja_env.globals["language_return_path"] = language_return_path

    @app.context_processor
    def inject_locale() -> dict:
        return {
            "current_locale": current_locale(),
            "language_names": LANGUAGE_NAMES,
            "supported_locales": supported_locales(),
        }


# --- flask translate extract|update|compile -------------------------------------------------------

translate_cli = AppGroup("translate", help=_l("Manage the Swedish and English message catalogues."))


def _pybabel(*args: str) -> None:
    """Run a pybabel command in-process from the project root."""
    cwd = os.getcwd()
    os.chdir(TRANSLATIONS_DIR.parent)
    try:
        status = CommandLineInterface().run(["pybabel", "-q", *args])
    finally:
        os.chdir(cwd)
    if status:
        raise click.ClickException("pybabel " + " ".join(args) + " failed")


@translate_cli.command("extract")
def extract() -> None:
    """Extract messages from the code into translations/messages.pot."""
    _pybabel(
        "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_pgettext:1c,2", "--no-location", "--sort-output",
        "--project", "Landa", "-o", "translations/messages.pot", ".",
    )


@translate_cli.command("update")
def update() -> None:
    """Extract, then merge new messages into the sv and en catalogues (English msgstr = msgid)."""
    extract.callback()
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching",
             "--ignore-obsolete")
    fill_source_catalogue(TRANSLATIONS_DIR / "en" / "LC_MESSAGES" / "messages.po")


@translate_cli.command("compile")
def compile_() -> None:
    """Compile the catalogues into .mo files (done by bin/run and the tests)."""
    compile_catalogues()


def compile_catalogues() -> None:
    """Compile each catalogue to a temporary file and move it into place only when it changed: processes
    reading the catalogues meanwhile (parallel test workers, a running server) never see half a file."""
    for po in sorted(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        with tempfile.TemporaryDirectory(prefix=".compile-", dir=po.parent) as tmp:
            fresh = Path(tmp) / mo.name
            _pybabel("compile", "-i", str(po), "-o", str(fresh), "-l", po.parent.parent.name)
            if fresh.exists() and not (mo.exists() and mo.read_bytes() == fresh.read_bytes()):
                os.replace(fresh, mo)


def fill_source_catalogue(path: Path) -> None:
    """Our msgids are English: the English catalogue's translation is the msgid itself."""
    with path.open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            if not any(message.string):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
    with path.open("wb") as fh:
        write_po(fh, catalog, sort_output=True, omit_header=False)
