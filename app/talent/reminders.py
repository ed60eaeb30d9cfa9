"""Reminders that matter: e-mails a few days before a deadline of a household's plan, for households that
asked for them. Daily; each reminder goes at most once (a keyed notice), in the recipient's language, and
not at all once the step it is about is done or not relevant.

What is reminded:
* the last day to claim a housing company's work-mover bonus (6 months after the job starts, at Mitthem,
  Hudikhem, Ånge's AFA), a week before, while the housing-queue step is still to do;
* registering at a health centre once the personal identity number has probably come (some weeks after
  the population registration was marked done), while that step is still to do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import User
from app.auth.services import external_url
from app.catalogue.models import HousingContact
from app.extensions import db
from app.models import today, utcnow
from app.outbox.notices import send_once
from app.talent.housing import ContactFacts, advise
from app.talent.models import Household, HouseholdStatus, PlanStep, StepStatus
from app.talent.plan import PERSONNUMMER_WAIT
from app.talent.services import contact_facts

BONUS_NOTICE = timedelta(days=7)  # how long before the last day to claim a work-mover bonus
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    kind: str  # "bonus_claim" or "health_centre"
    period: str  # the notice's key: at most one e-mail per household and period
    step: PlanStep
    due: date | None = None
    company: HousingContact | None = None


def _open(step: PlanStep | None) -> bool:
    return step is not None and step.applies and step.status == StepStatus.TODO


def due_reminders(profile: Household, contacts: list[HousingContact], facts: list[ContactFacts], on: date,
                  now: datetime) -> list[Reminder]:
    """What ``profile`` should be reminded of on the day ``on`` (none once the step is done); ``facts`` are the
    ``contacts`` as the housing rules read them."""
    steps = {s.service_key: s for s in profile.plan_steps}
    reminders = []
    queue = steps.get("housing_queue")
    if _open(queue):
        by_key = {c.key: c for c in contacts}
        destination = profile.destination_code or (profile.preferences[0].municipality_code
                                                   if profile.preferences else None)
        for advice in advise(facts, destination, job_start=profile.job_start_date,
                             has_job=profile.status != HouseholdStatus.EXPLORING, has_personnummer=True, today=on):
            claim_by = advice.bonus_claim_by
            if claim_by is not None and claim_by - BONUS_NOTICE <= on <= claim_by:
                period = f"bonus:{claim_by.isoformat()}:{advice.contact.key}"[:40]  # the notice's column
                reminders.append(Reminder("bonus_claim", period, queue, due=claim_by,
                                          company=by_key[advice.contact.key]))
    registration, health = steps.get("population_registration"), steps.get("health_centre")
    if (_open(health) and registration is not None and registration.status == StepStatus.DONE
            and registration.updated_at + PERSONNUMMER_WAIT <= now):
        reminders.append(Reminder("health_centre", "health_centre", health))
    return reminders


def plan_reminders_job() -> int:
    """Daily. Every household that asked for reminders gets the ones due today, once each."""
    on, now = today(), utcnow()
    contacts = db.session.scalars(select(HousingContact).options(selectinload(HousingContact.municipalities))
                                  .order_by(HousingContact.key)).all()
    profiles = db.session.scalars(
        select(Household).join(User, Household.user_id == User.id)
        .where(Household.plan_reminders.is_(True), User.active.is_(True))
        .options(joinedload(Household.user), selectinload(Household.plan_steps), selectinload(Household.preferences))
        .order_by(Household.id)).all()
    facts = contact_facts(contacts)  # read once for every household
    base = current_app.config["LANDA_BASE_URL"]
    settings = external_url(base, "talent.plan_calendar")
    sent = 0
    for profile in profiles:
        for reminder in due_reminders(profile, contacts, facts, on, now):
            try:  # one household's failure stops nobody else's reminder
                with db.session.begin_nested():
                    sent += send_once("plan_reminder", profile.user, reminder.period, reminder=reminder,
                                      link=external_url(base, "talent.plan") + f"#step-{reminder.step.id}",
                                      settings=settings)
            except Exception:
                log.exception("plan reminder %s for profile %s failed", reminder.period, profile.id)
    db.session.commit()
    return sent
