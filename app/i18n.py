"""Languages, time zone and formatting.

Locale order (first that applies): an explicit choice stored in the session, the signed-in
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
from babel import dates
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_currency
from flask import Flask, current_app, has_request_context, request, session
from flask.cli import AppGroup
from flask_babel import get_locale, to_user_timezone
from flask_babel import lazy_gettext as _l
from flask_login import current_user
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
# English, as format_sek does, so an English reader sees "27 Nov 2026" and "27/11/2026, 12:30".
FORMAT_LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def formatting_locale() -> str:
    locale = current_locale()
    return FORMAT_LOCALES.get(locale, locale)


def format_date(value: date | datetime | None, format: str = "medium") -> str:
    """A date for the reader: ``27 nov. 2026`` / ``27 Nov 2026`` (a datetime: its day in Landa's time zone)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return dates.format_date(value, format, locale=formatting_locale())


def format_datetime(value: datetime | None, format: str = "medium") -> str:
    """A moment for the reader, in Landa's time zone: ``27 nov. 2026 12:30:00`` / ``27 Nov 2026, 12:30:00``."""
    if value is None:
        return ""
    return dates.format_datetime(to_user_timezone(value), format, locale=formatting_locale())


def localized(obj: object, field: str) -> str:
    """``obj.<field>_sv`` or ``obj.<field>_en`` for the reader's locale, falling back to Swedish."""
    value = getattr(obj, f"{field}_{current_locale()}", None)
    return value or getattr(obj, f"{field}_sv")


def reader_text(obj: object, field: str) -> str:
    """What a user wrote, in the reader's language where they wrote it twice: ``obj.<field>_en`` for an
    English reader when it is set, else ``obj.<field>`` (the text as written, usually Swedish)."""
    return (current_locale() == "en" and getattr(obj, f"{field}_en", None)) or getattr(obj, field)


def language_return_path() -> str:
    """Where the language switch brings the reader back: this page if it can be fetched again (a GET
    route), else the page the form was sent from (a form's errors are shown at a POST-only address such
    as /reception/cases/7/tasks), else the start page."""
    candidates = []
    if request.method == "GET":
        candidates.append(request.full_path if request.query_string else request.path)
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        candidates.append(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
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
    app.jinja_env.filters.update(dateformat=format_date, datetimeformat=format_datetime)  # replace Flask-Babel's
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
        "extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output",
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
