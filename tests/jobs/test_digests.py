"""Digests and reminders: sent to whom they concern, in their language, once per period."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import today, utcnow
from app.reception.models import Case, CaseTask


def _mails(outbox, to):
    return [m for m in outbox() if m.to == [to]]


def test_officers_get_a_morning_digest_once_a_day(app, officer, case_id, make_user, outbox):
    from app.reception.digests import officer_digest_job

    idle = make_user("officer", municipality_code="2262")
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.expected_arrival = today() + timedelta(days=3)
        case.tasks.append(CaseTask(title="Book the welcome talk", due_on=today() - timedelta(days=2)))
        db.session.commit()
        assert officer_digest_job() == 1
        assert officer_digest_job() == 0  # once a day
    [mail] = _mails(outbox, officer.user.email)
    assert "Book the welcome talk" in mail.body and "Arjun" in mail.body and "/reception/cases/" in mail.body
    # The officer reads English; the case Arjun opened is new to them.
    assert mail.subject == "Reception today: 1 new for you, 1 overdue task, 1 arrival this week"
    assert "New since you last looked" in mail.body and "New case" in mail.body
    assert _mails(outbox, idle.email) == []  # nothing to act on, no e-mail


def test_employers_hear_weekly_about_new_talent_that_fits(app, client, newcomer, make_user, outbox):
    from app.employers.digests import employer_digest_job
    from tests.matching.test_matching_pages import _employer_with_open_need

    _employer_with_open_need(app, make_user)  # maintenance technicians in Örnsköldsvik
    with app.app_context():
        assert employer_digest_job() == 0  # nobody new shares a profile yet
    client.post("/talent/consents", data={"matching": "y"})  # Arjun, a maintenance technician, does now
    with app.app_context():
        assert employer_digest_job() == 0  # this week's newcomers are in next Monday's digest
        from app.talent.models import Consent

        for consent in db.session.scalars(select(Consent)):  # as if it were last week
            consent.recorded_at -= timedelta(days=7)
        db.session.commit()
        assert employer_digest_job() == 1
        assert employer_digest_job() == 0  # once a week
    [mail] = [m for m in outbox() if "New talent for" in m.subject]
    assert "Maintenance technician: 1 newcomer" in mail.body and "/employers/needs/" in mail.body
    assert "Arjun" not in mail.body  # anonymous


def test_a_missed_monday_digest_goes_out_later_that_week_about_the_week_before(app, client, newcomer, make_user,
                                                                               outbox, monkeypatch):
    from datetime import date, datetime

    from app.employers import digests
    from app.talent.models import Consent
    from tests.matching.test_matching_pages import _employer_with_open_need

    _employer_with_open_need(app, make_user)
    client.post("/talent/consents", data={"matching": "y"})
    with app.app_context():
        for consent in db.session.scalars(select(Consent)):  # Tuesday of ISO week 48
            consent.recorded_at = datetime(2026, 11, 24, 10, tzinfo=UTC)
        db.session.commit()
        monkeypatch.setattr(digests, "today", lambda: date(2026, 12, 3))  # Thursday of week 49: Monday was missed
        assert digests.employer_digest_job() == 1
        monkeypatch.setattr(digests, "today", lambda: date(2026, 12, 4))  # the next morning: already sent
        assert digests.employer_digest_job() == 0
        monkeypatch.setattr(digests, "today", lambda: date(2026, 12, 7))  # week 50 is about week 49: nobody new
        assert digests.employer_digest_job() == 0
    assert len([m for m in outbox() if "New talent for" in m.subject]) == 1


def test_newcomers_are_reminded_before_their_profile_pauses(app, client, newcomer, outbox):
    from app.talent.digests import pause_reminder_job
    from app.talent.models import Household

    client.post("/talent/consents", data={"matching": "y"})
    with app.app_context():
        assert pause_reminder_job() == 0  # just confirmed
        profile = db.session.scalar(select(Household))
        profile.confirmed_at = utcnow() - timedelta(days=85)
        db.session.commit()
        assert pause_reminder_job() == 1
        assert pause_reminder_job() == 0  # one reminder per confirmation
        email = profile.user.email
    [mail] = _mails(outbox, email)
    assert "/talent/" in mail.body
