"""Swedish by default, English on request; catalogues complete in both languages."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_datetime

from app.i18n import format_sek

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def test_swedish_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Logga in" in html


def test_browser_language_is_used(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Sign in" in html


def test_language_switch_is_remembered_in_session_and_profile(app, client, make_user):
    switched = client.post("/language", data={"lang": "en", "next": "/register"})
    assert switched.headers["Location"].endswith("/register")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)

    user = make_user("newcomer", locale="sv")
    client.post("/login", data={"email": user.email, "password": user.password})
    client.post("/language", data={"lang": "en", "next": "/talent/"})
    from app.auth.models import User
    from app.extensions import db

    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"
    # A new browser: the saved language follows the user.
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": user.password})
    assert '<html lang="en">' in other.get("/talent/").get_data(as_text=True)


def test_language_chosen_before_signing_in_is_saved(app, client, make_user):
    from app.auth.models import User
    from app.extensions import db

    user = make_user("employer", locale="sv")
    client.post("/language", data={"lang": "en"})
    client.post("/login", data={"email": user.email, "password": user.password})
    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"


def test_unknown_language_code_is_explained(client):
    response = client.post("/language", data={"lang": "xx", "next": "/"}, follow_redirects=True,
                           headers={"Accept-Language": "en"})
    assert "We do not have that language." in response.get_data(as_text=True)
    assert client.post("/language", data={"lang": "sv", "next": "https://evil.example/"}).headers[
        "Location"].endswith("/")


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_catalogue_is_complete(locale):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if m.pluralizable else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated in {locale}: {untranslated[:5]}"
    assert not fuzzy, f"fuzzy entries in {locale}: {fuzzy[:5]}"


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    """Fails when code has strings that `flask translate update` has not brought into the catalogues."""
    from babel.messages.frontend import CommandLineInterface

    pot = tmp_path / "messages.pot"
    root = TRANSLATIONS.parent
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), "-k", "_l",
                                "--no-location", "-o", str(pot), str(root)])
    with pot.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    for locale in ("sv", "en"):
        with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            have = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
        missing = wanted - have
        assert not missing, f"run `flask translate update` and translate: {sorted(missing)[:5]}"


def test_money_and_dates_per_locale(app):
    moment = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)  # 12:30 in Stockholm (summer time)
    with app.test_request_context():
        with force_locale("sv"):
            assert format_sek(28480) == "28\xa0480\xa0kr"
            assert "12:30" in format_datetime(moment, "short")
        with force_locale("en"):
            assert format_sek(28480) == "SEK\xa028,480"
            assert "12:30" in format_datetime(moment, "short")


def test_po_files_parse(tmp_path):
    # The catalogues are valid gettext (the same check msgfmt --check makes on syntax).
    for locale in ("sv", "en"):
        data = (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").read_bytes()
        read_po(io.BytesIO(data))


def test_the_language_switch_returns_to_a_page_that_can_be_fetched(officer, case_id):
    """A form's errors are shown at its POST-only address; switching language there must not end in 405."""
    import re

    def next_of(html: str) -> str:
        return re.search(r'name="next" value="([^"]*)"', html).group(1)

    case_page = f"/reception/cases/{case_id}"
    error = officer.post(f"{case_page}/tasks", data={"task-title": ""},
                         headers={"Referer": f"http://landa.test{case_page}"})
    assert error.status_code == 422
    assert next_of(error.get_data(as_text=True)) == case_page
    assert officer.post("/language", data={"lang": "sv", "next": case_page}).headers["Location"].endswith(case_page)
    # Without a referrer (or a foreign one) the start page; a GET page returns to itself, query included.
    foreign = officer.post(f"{case_page}/tasks", data={"task-title": ""}, headers={"Referer": "https://evil.example/x"})
    assert next_of(foreign.get_data(as_text=True)) == "/"
    listing = officer.get("/reception/?status=new")
    assert next_of(listing.get_data(as_text=True)) == "/reception/?status=new"
