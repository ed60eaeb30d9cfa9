"""The municipality's follow-ups after arrival, chosen as periods (2 weeks, 3, 6 and 12 months, or one of the
officer's own), kept as day offsets, and shown as periods wherever follow-ups are listed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.models import today
from app.reception import followups
from app.reception.models import DEFAULT_FOLLOW_UP_DAYS, Case, FollowUp, FollowUpStatus

SETTINGS = "/reception/settings"


def _saved(app, code="2284"):
    with app.app_context():
        return followups.intervals(code)


def _checked(page: str) -> list[int]:
    """The ticked boxes (WTForms writes attributes in name order)."""
    return sorted(int(v) for v in re.findall(r'<input checked [^>]*name="periods" type="checkbox" value="(\d+)"', page))


def _scheduled(app, officer, case_id):
    with app.app_context():
        version = db.session.get(Case, case_id).version
    officer.post(f"/reception/cases/{case_id}/arrival",
                 data={"arrival-expected_arrival": (today() + timedelta(days=3)).isoformat(),
                       "arrival-version": version})
    with app.app_context():
        return list(db.session.scalars(select(FollowUp.offset_days).where(
            FollowUp.case_id == case_id, FollowUp.status == FollowUpStatus.SCHEDULED).order_by(FollowUp.offset_days)))


# --- periods and days ------------------------------------------------------------------------------------------

def test_the_usual_periods_are_the_default_days():
    assert tuple(followups.days_of(n, unit) for n, unit in followups.STANDARD_PERIODS) == DEFAULT_FOLLOW_UP_DAYS
    assert [followups.period_of(d) for d in DEFAULT_FOLLOW_UP_DAYS] == list(followups.STANDARD_PERIODS)


@pytest.mark.parametrize("unit", [followups.WEEKS, followups.MONTHS])
def test_every_period_reads_back_as_itself(unit):
    for n in range(1, followups.LONGEST[unit] + 1):
        days = followups.days_of(n, unit)
        assert days <= 730
        if unit == followups.MONTHS or followups.period_of(days)[1] == followups.WEEKS:
            assert followups.period_of(days) == (n, unit), (n, unit)
        else:  # 13 weeks is day 91, the same day as 3 months: it reads as months
            assert followups.period_of(days)[1] == followups.MONTHS and days % 7 == 0


def test_days_typed_before_periods_read_as_days():
    assert followups.period_of(100) == (100, followups.DAYS)
    assert followups.period_of(28) == (4, followups.WEEKS)
    assert followups.period_of(30) == (1, followups.MONTHS)


def test_periods_are_written_with_plurals(app):
    from flask_babel import force_locale

    with app.test_request_context():
        with force_locale("en"):
            assert [followups.period_text(d) for d in (7, 14, 30, 91, 100)] == [
                "1 week", "2 weeks", "1 month", "3 months", "100 days"]
        with force_locale("sv"):
            assert [followups.period_text(d) for d in (7, 14, 30, 91)] == [
                "1 vecka", "2 veckor", "1 månad", "3 månader"]


# --- the settings page ------------------------------------------------------------------------------------------

def test_the_page_offers_the_usual_periods_ticked(app, officer):
    page = officer.get(SETTINGS).get_data(as_text=True)
    for label in ("2 weeks", "3 months", "6 months", "12 months"):
        assert f"> {label}</label>" in page, label
    assert _checked(page) == [14, 91, 182, 365]
    assert "14, 91" not in page  # no list of days to type any more
    officer.post("/language", data={"lang": "sv"})
    swedish = officer.get(SETTINGS).get_data(as_text=True)
    assert "> 2 veckor</label>" in swedish and "> 12 månader</label>" in swedish


def test_an_officer_chooses_periods_and_one_of_their_own(app, officer, case_id):
    response = officer.post(SETTINGS, data={"periods": ["14", "182"], "other_count": " 9 ", "other_unit": "months"})
    assert response.status_code == 302
    assert _saved(app) == [14, 182, 273]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "follow_up_intervals"))
        assert entry.detail == {"before": [14, 91, 182, 365], "after": [14, 182, 273]}
    assert _scheduled(app, officer, case_id) == [14, 182, 273]

    page = officer.get(SETTINGS).get_data(as_text=True)
    assert "> 9 months</label>" in page  # now one of the boxes, ticked
    assert _checked(page) == [14, 182, 273]
    assert 'name="other_count" type="text" value=""' in page  # the box for another one is empty again
    case = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "<td>9 months</td>" in case and "<td>2 weeks</td>" in case


def test_weeks_of_their_own(app, officer):
    response = officer.post(SETTINGS, data={"periods": ["91"], "other_count": "6", "other_unit": "weeks"})
    assert response.status_code == 302
    assert _saved(app) == [42, 91]
    assert "> 6 weeks</label>" in officer.get(SETTINGS).get_data(as_text=True)


def test_a_period_of_their_own_that_is_a_usual_one_is_kept_once(app, officer):
    response = officer.post(SETTINGS, data={"periods": ["91"], "other_count": "13", "other_unit": "weeks"})
    assert response.status_code == 302
    assert _saved(app) == [91]


def test_nothing_chosen_is_refused_on_the_list(app, officer):
    response = officer.post(SETTINGS, data={"other_count": "", "other_unit": "months"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    message = "Tick at least one follow-up, or enter another period."
    assert f'<a href="#periods">Follow-ups after arrival: {message}</a>' in page
    assert 'id="periods"' in page and 'type="checkbox"' in page  # the link lands on the first box
    assert f'<small id="periods-error" class="field-error"><span>{message}</span></small>' in page
    assert _saved(app) == list(DEFAULT_FOLLOW_UP_DAYS)


@pytest.mark.parametrize(("count", "unit", "message"), [
    ("soon", "months", "Enter the period as a whole number, for example 4."),
    ("2.5", "weeks", "Enter the period as a whole number, for example 4."),
    ("0", "weeks", "Enter a number of weeks from 1 to 104."),
    ("105", "weeks", "Enter a number of weeks from 1 to 104."),
    ("25", "months", "Enter a number of months from 1 to 24."),
])
def test_a_wrong_period_of_their_own_is_refused_on_its_field(app, officer, count, unit, message):
    response = officer.post(SETTINGS, data={"periods": ["14", "365"], "other_count": count, "other_unit": unit})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<a href="#other_count">Another period: {message}</a>' in page
    assert f'value="{count}"' in page  # what was typed stays
    assert _checked(page) == [14, 365]  # and so do the ticks
    assert re.search(rf'<option selected value="{unit}">|<option value="{unit}" selected>', page)
    assert "Tick at least one" not in page
    assert _saved(app) == list(DEFAULT_FOLLOW_UP_DAYS)


def test_days_kept_from_before_stay_choosable(app, officer):
    with app.app_context():
        followups.set_intervals("2284", [10, 14, 100])
        db.session.commit()
    page = officer.get(SETTINGS).get_data(as_text=True)
    assert "> 10 days</label>" in page and "> 100 days</label>" in page
    assert _checked(page) == [10, 14, 100]
    assert officer.post(SETTINGS, data={"periods": ["14", "100", "182"]}).status_code == 302
    assert _saved(app) == [14, 100, 182]


def test_at_most_eight_follow_ups(app, officer):
    with app.app_context():
        followups.set_intervals("2284", [7, 21, 28, 35])
        db.session.commit()
    nine = ["7", "14", "21", "28", "35", "91", "182", "365"]
    response = officer.post(SETTINGS, data={"periods": nine, "other_count": "9", "other_unit": "months"})
    assert response.status_code == 422
    assert "Choose at most 8 follow-ups: untick one or more." in response.get_data(as_text=True)
    assert officer.post(SETTINGS, data={"periods": nine}).status_code == 302
    assert len(_saved(app)) == 8


def test_a_period_not_offered_is_refused(app, officer):
    response = officer.post(SETTINGS, data={"periods": ["15"]})
    assert response.status_code == 422
    assert _saved(app) == list(DEFAULT_FOLLOW_UP_DAYS)


def test_each_municipality_has_its_own(app, officer, make_user):
    other = make_user("officer", municipality_code="2281", locale="en")
    browser = app.test_client()
    browser.post("/login", data={"email": other.email, "password": other.password})
    assert browser.post(SETTINGS, data={"periods": ["14"]}).status_code == 302
    assert _saved(app, "2281") == [14] and _saved(app, "2284") == list(DEFAULT_FOLLOW_UP_DAYS)
