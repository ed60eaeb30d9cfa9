"""Reminders before the plan's deadlines: asked for on the calendar page, sent once by the daily job in the
recipient's language, and not at all once the step is done."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.models import utcnow
from app.talent import reminders
from app.talent.models import Household, PlanStep, StepStatus
from tests.factories import HouseholdFactory

CLAIM_BY = date(2027, 9, 15)  # Mitthem's bonus: 6 months after a job that starts on 2027-03-15


def _household(app, make_user, login, *, locale="en", name="Priya Nair", **given):
    user = make_user("newcomer", full_name=name, locale=locale)
    with app.app_context():
        profile = HouseholdFactory(user=db.session.get(User, user.id), full_name=name, destination="2281",
                                   places=("2281",),
                                   job_start=date(2027, 3, 15), **given)
        db.session.commit()
        profile_id = profile.id
    login(user)
    return user, profile_id


def _mails(outbox, address):
    return [m for m in outbox() if m.to == [address]]


def _step(profile_id, key) -> PlanStep:
    return db.session.scalar(select(PlanStep).where(PlanStep.profile_id == profile_id, PlanStep.service_key == key))


def test_a_household_asks_for_reminders_on_the_calendar_page(app, client, newcomer):
    page = client.get("/talent/plan/calendar").get_data(as_text=True)
    assert "E-mail me a few days before a deadline in my plan" in page
    on = client.post("/talent/plan/reminders", data={"on": "y"}, follow_redirects=True).get_data(as_text=True)
    assert "Reminders are on" in on and re.search(r'<input checked[^>]*name="on"', on)
    off = client.post("/talent/plan/reminders", data={}, follow_redirects=True).get_data(as_text=True)
    assert "Reminders are off." in off
    with app.app_context():
        assert db.session.scalar(select(Household.plan_reminders)) is False
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions[-2:] == ["plan_reminders_on", "plan_reminders_off"]


def test_the_bonus_deadline_is_reminded_once_a_week_before(app, client, make_user, login, outbox, monkeypatch):
    user, profile_id = _household(app, make_user, login)
    client.post("/talent/plan/reminders", data={"on": "y"})
    with app.app_context():
        monkeypatch.setattr(reminders, "today", lambda: CLAIM_BY - timedelta(days=8))
        assert reminders.plan_reminders_job() == 0  # not yet
        monkeypatch.setattr(reminders, "today", lambda: CLAIM_BY - timedelta(days=7))
        assert reminders.plan_reminders_job() == 1
        monkeypatch.setattr(reminders, "today", lambda: CLAIM_BY - timedelta(days=6))
        assert reminders.plan_reminders_job() == 0  # once
        queue_step = _step(profile_id, "housing_queue").id
    [mail] = _mails(outbox, user.email)
    assert mail.subject == "Claim your work-mover bonus at Mitthem AB by 15 Sept 2027"
    assert "The last day to claim them is 15 Sept 2027" in mail.body
    assert f"/talent/plan#step-{queue_step}" in mail.body and "/talent/plan/calendar" in mail.body


def test_nothing_is_sent_for_a_step_done_or_to_a_household_that_did_not_ask(app, client, make_user, login, outbox,
                                                                            monkeypatch):
    asked, asked_id = _household(app, make_user, login, name="Asha Rao")
    client.post("/talent/plan/reminders", data={"on": "y"})
    client.post(f"/talent/plan/{_step_id(app, asked_id, 'housing_queue')}", data={"status": StepStatus.DONE.value})
    silent, _ = _household(app, make_user, login, name="Ravi Iyer")  # never asked
    with app.app_context():
        monkeypatch.setattr(reminders, "today", lambda: CLAIM_BY - timedelta(days=3))
        assert reminders.plan_reminders_job() == 0
    assert not _mails(outbox, asked.email) and not _mails(outbox, silent.email)


def _step_id(app, profile_id, key) -> int:
    with app.app_context():
        return _step(profile_id, key).id


def test_the_health_centre_waits_for_the_personal_identity_number(app, client, make_user, login, outbox):
    user, profile_id = _household(app, make_user, login, locale="sv", name="Mei Lin")
    client.post("/talent/plan/reminders", data={"on": "y"})
    client.post(f"/talent/plan/{_step_id(app, profile_id, 'population_registration')}",
                data={"status": StepStatus.DONE.value})
    with app.app_context():
        assert reminders.plan_reminders_job() == 0  # registered today: the number takes some weeks
        registration = _step(profile_id, "population_registration")
        registration.updated_at = utcnow() - timedelta(weeks=5)
        db.session.commit()
        assert reminders.plan_reminders_job() == 1
        assert reminders.plan_reminders_job() == 0
    [mail] = _mails(outbox, user.email)
    assert mail.subject == "Ditt personnummer har troligen kommit: välj en vårdcentral"
    assert "Hej Mei Lin," in mail.body
