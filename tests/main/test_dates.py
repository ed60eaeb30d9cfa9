"""One way to write a date per language, everywhere: ``2 dec. 2026`` / ``2 Dec 2026``, and a moment to the
minute, never the seconds: ``2 dec. 2026 05:50`` / ``2 Dec 2026, 05:50``. Pages mark each in a ``<time>``
element with its ISO form; plain-text e-mails get the words only."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import force_locale

from app.audit.services import record
from app.extensions import db
from app.i18n import format_date, format_datetime, iso_moment

WINTER = datetime(2026, 12, 2, 4, 50, 31, tzinfo=UTC)  # 05:50:31 in Stockholm
SUMMER = datetime(2026, 7, 1, 10, 30, 5, tzinfo=UTC)  # 12:30:05 in Stockholm (summer time)
APP = Path(__file__).resolve().parents[2] / "app"


@pytest.mark.parametrize(("locale", "day", "moment", "summer"), [
    ("sv", "2 dec. 2026", "2 dec. 2026 05:50", "1 juli 2026 12:30"),
    ("en", "2 Dec 2026", "2 Dec 2026, 05:50", "1 Jul 2026, 12:30"),
])
def test_one_format_per_language(app, locale, day, moment, summer):
    with app.test_request_context(), force_locale(locale):
        assert format_date(date(2026, 12, 2)) == day
        assert format_date(WINTER) == day  # a moment's day, in Landa's time zone
        assert format_datetime(WINTER) == moment
        assert format_datetime(SUMMER) == summer


def test_a_moment_late_in_the_evening_is_the_next_day_in_sweden(app):
    with app.test_request_context(), force_locale("en"):
        late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
        assert format_date(late) == "1 Jan 2027" and format_datetime(late) == "1 Jan 2027, 00:30"
        assert iso_moment(late) == "2027-01-01T00:30+01:00"


def test_pages_mark_dates_with_their_iso_form_and_text_e_mails_do_not(app):
    template = "{{ day|dateformat }} · {{ moment|datetimeformat }} · {{ moment|dateformat }} · {{ none|dateformat }}."
    with app.test_request_context(), force_locale("sv"):
        html = app.jinja_env.from_string(template).render(day=date(2026, 12, 2), moment=SUMMER, none=None)
        assert html == ('<time datetime="2026-12-02">2 dec. 2026</time> · '
                        '<time datetime="2026-07-01T12:30+02:00">1 juli 2026 12:30</time> · '
                        '<time datetime="2026-07-01">1 juli 2026</time> · .')
        text = app.jinja_env.overlay(autoescape=False).from_string(template).render(
            day=date(2026, 12, 2), moment=SUMMER, none=None)
        assert text == "2 dec. 2026 · 1 juli 2026 12:30 · 1 juli 2026 · ."


def test_a_date_inside_a_translated_sentence_keeps_its_element(app):
    with app.test_request_context(), force_locale("en"):
        html = render_template_string('{{ _("due %(date)s", date=day|dateformat) }}', day=date(2026, 12, 2))
    assert html == 'due <time datetime="2026-12-02">2 Dec 2026</time>'


def test_a_refusal_names_a_date_as_the_pages_do(app):
    from app.talent.errors import ProfileError

    refusal = ProfileError("arrival_before_permit", field="arrival", date=date(2026, 12, 2))
    with app.test_request_context(), force_locale("en"):
        assert refusal.message == ("You arrive before the permit decision you entered (2 Dec 2026): "
                                   "check both dates.")


def test_templates_name_no_other_format():
    """No template asks for another format (``dateformat('long')``), formats a date itself (strftime), or
    shows one as ISO (``.isoformat()`` belongs in attributes only: ``datetime=``, ``value=``)."""
    found = []
    for path in sorted(APP.rglob("*")):
        if path.suffix not in (".html", ".txt") or "static" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            where = f"{path.relative_to(APP)}:{number}"
            if re.search(r"\|\s*(date|datetime)format\s*\(", line) or "strftime" in line or "%Y" in line:
                found.append(where)
            for expression in re.findall(r"\{\{(.*?)\}\}", line):
                if re.search(r"isoformat\(\)|\.date\(\)\s*$", expression) and not re.search(
                        r'(datetime|value|min|max)="[^"]*\{\{' + re.escape(expression), line):
                    found.append(where)
    assert not found, found


def test_an_admin_page_shows_moments_to_the_minute(app, make_user):
    """The audit search, where a day's entries used to read ``2 dec. 2026 05:50:31``."""
    coordinator = make_user("coordinator", locale="sv")
    person = make_user("newcomer", full_name="Ada Andersson")
    with app.app_context():
        entry = record(None, "follow_up_sent", "user", person.id)
        entry.at = WINTER
        db.session.commit()
    browser = app.test_client()
    browser.post("/login", data={"email": coordinator.email, "password": coordinator.password})
    for lang, shown in (("sv", "2 dec. 2026 05:50"), ("en", "2 Dec 2026, 05:50")):
        browser.post("/language", data={"lang": lang})
        page = browser.get("/admin/audit/", query_string={"person": person.id}).get_data(as_text=True)
        assert f'<td><time datetime="2026-12-02T05:50+01:00">{shown}</time></td>' in page, lang
        assert "05:50:31" not in page and "2026-12-02 05:50" not in page and "02/12/2026" not in page
