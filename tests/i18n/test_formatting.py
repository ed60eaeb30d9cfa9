"""Dates, numbers and money as each language writes them, on pages and in e-mails; reference data
(occupations, services, housing rules) in the reader's language."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import today
from tests.matching.test_matching_pages import _employer_with_open_need

NEXT_YEAR = today().year + 1
START = date(NEXT_YEAR, 11, 27)


@pytest.fixture
def need_id(app, make_user):
    """An open need for maintenance technicians in Örnsköldsvik: 28 480 kronor a month, from 27 November."""
    from app.employers.models import CompetenceNeed

    _employer_with_open_need(app, make_user)
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
        need.salary_min, need.salary_max, need.positions = 28480, None, 1200
        need.start_date, need.expires_on = START, START
        db.session.commit()
        return need.id


def _page(app, url: str, lang: str) -> str:
    browser = app.test_client()
    browser.post("/language", data={"lang": lang})
    return browser.get(url).get_data(as_text=True)


def test_job_page_writes_money_dates_and_numbers_per_language(app, need_id):
    swedish, english = _page(app, f"/needs/{need_id}", "sv"), _page(app, f"/needs/{need_id}", "en")
    assert "28\xa0480\xa0kr i månaden" in swedish and f"27 nov. {NEXT_YEAR}" in swedish
    assert "1\xa0200" in swedish
    assert "SEK\xa028,480 a month" in english and f"27 Nov {NEXT_YEAR}" in english
    assert "1,200" in english


def test_english_dates_are_british_not_american(app, officer, case_id):
    """27 Nov 2026, not Nov 27, 2026: as the rest of Landa's English (and its money) is written."""
    from app.reception.models import Case

    with app.app_context():
        db.session.get(Case, case_id).expected_arrival = START
        db.session.commit()
    english = officer.get("/reception/").get_data(as_text=True)
    assert f"27 Nov {NEXT_YEAR}" in english and f"Nov 27, {NEXT_YEAR}" not in english
    officer.post("/language", data={"lang": "sv"})
    assert f"27 nov. {NEXT_YEAR}" in officer.get("/reception/").get_data(as_text=True)


def test_dates_in_emails_are_the_recipients(app, officer, case_id, make_user, outbox):
    """The morning digest: each officer's in their own language, dates written as that language does."""
    from app.reception.digests import officer_digest_job
    from app.reception.models import Case, CaseTask

    swedish = make_user("officer", municipality_code="2284", locale="sv")
    due = today() - timedelta(days=3)
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.tasks.append(CaseTask(title="Ring hushållet", due_on=due))
        db.session.commit()
        assert officer_digest_job() == 2
    mails = {m.to[0]: m.body for m in outbox()}
    months_sv = ["jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec."]
    months_en = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
    assert f"{due.day} {months_sv[due.month - 1]} {due.year}" in mails[swedish.email]
    assert f"due {due.day} {months_en[due.month - 1]} {due.year}" in mails[officer.user.email]


def test_reference_data_is_in_the_readers_language(app, need_id):
    from app.catalogue.models import HousingContact, Occupation, Service

    with app.app_context():
        occupation = db.session.get(Occupation, "7233")
        service = db.session.get(Service, "work_permit")
        housing = next(c for c in db.session.scalars(select(HousingContact).order_by(HousingContact.key))
                       if "2281" in {m.code for m in c.municipalities} and c.rules("sv") and c.rules("en"))
        texts = {"sv": [occupation.label_sv, service.name_sv, housing.rules("sv")[0]],
                 "en": [occupation.label_en, service.name_en, housing.rules("en")[0]]}
    pages = {lang: _page(app, f"/needs/{need_id}", lang) + _page(app, "/directory/2281", lang) for lang in texts}
    for lang, other in (("sv", "en"), ("en", "sv")):
        for mine, theirs in zip(texts[lang], texts[other], strict=True):
            assert mine in pages[lang], (lang, mine)
            assert theirs not in pages[lang], (lang, theirs)
