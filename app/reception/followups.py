"""Follow-ups after arrival: scheduled as rows, sent by jobs, answered through a single-use link.

Each follow-up row is the schedule (``due_on``), the send (``sent_at``, the link's digest) and the
answer. A sweep finds what is due; sending claims the row with a conditional UPDATE in the same
transaction that queues the e-mail, so a job that runs twice, or two sweeps that overlap, send once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.auth.services import external_url
from app.extensions import db
from app.models import today, utcnow
from app.outbox.services import queue_email
from app.reception import inbox
from app.reception.models import (
    DEFAULT_FOLLOW_UP_DAYS,
    Case,
    CaseStatus,
    CaseTask,
    FollowUp,
    FollowUpStatus,
    Housing,
    InboxKind,
    PartnerWork,
    ReceptionSettings,
)
from app.talent.models import ConsentKind, Household
from app.talent.services import has_consent

ANSWER_WITHIN = timedelta(days=7)
LINK_VALID = timedelta(days=30)
TASK_DUE_IN = timedelta(days=3)


class FollowUpError(Exception):
    def __init__(self, code: str, follow_up: FollowUp | None = None) -> None:
        super().__init__(code)
        self.code, self.follow_up = code, follow_up  # the follow-up, when known: its household's language


def intervals(municipality_code: str) -> list[int]:
    settings = db.session.get(ReceptionSettings, municipality_code)
    return sorted(settings.follow_up_days) if settings and settings.follow_up_days else list(DEFAULT_FOLLOW_UP_DAYS)


def set_intervals(municipality_code: str, days: list[int]) -> None:
    settings = db.session.get(ReceptionSettings, municipality_code)
    if settings is None:
        settings = ReceptionSettings(municipality_code=municipality_code)
        db.session.add(settings)
    settings.follow_up_days = sorted(set(days))


# --- follow-ups as periods after arrival ------------------------------------------------------------------------
# Reception chooses periods (2 weeks, 3 months ...); each is kept as its day after arrival, as before: a week is
# 7 days, a month a twelfth of a year counted down to whole days (3 months: day 91, 6: day 182, 12: day 365).

WEEKS, MONTHS, DAYS = "weeks", "months", "days"
STANDARD_PERIODS = ((2, WEEKS), (3, MONTHS), (6, MONTHS), (12, MONTHS))
LONGEST = {WEEKS: 104, MONTHS: 24}  # two years after arrival, either way
MOST_FOLLOW_UPS = 8


def days_of(count: int, unit: str) -> int:
    """The day after arrival a period ends on: ``days_of(3, MONTHS) == 91``."""
    return count * 7 if unit == WEEKS else count * 365 // 12


def period_of(days: int) -> tuple[int, str]:
    """The period a day offset is: months when it is a whole number of them, else weeks, else days (an
    interval typed in days before periods were chosen, such as 100)."""
    months = round(days * 12 / 365)
    if months and days_of(months, MONTHS) == days:
        return months, MONTHS
    if days % 7 == 0:
        return days // 7, WEEKS
    return days, DAYS


def period_text(days: int) -> str:
    """``3 months`` / ``2 weeks`` (``3 månader`` / ``2 veckor``), as the follow-ups are listed everywhere."""
    count, unit = period_of(days)
    if unit == MONTHS:
        return ngettext("%(num)d month", "%(num)d months", count)
    if unit == WEEKS:
        return ngettext("%(num)d week", "%(num)d weeks", count)
    return ngettext("%(num)d day", "%(num)d days", count)


def schedule(case: Case) -> None:
    """Follow-ups at the municipality's intervals after the expected arrival. Moving the date moves the
    ones not sent yet; no date, or a closed case, cancels them."""
    existing = {f.offset_days: f for f in case.follow_ups}
    arrival = case.expected_arrival
    wanted = intervals(case.municipality_code) if arrival and case.status != CaseStatus.CLOSED else []
    for days in wanted:
        follow_up = existing.get(days)
        if follow_up is None:
            case.follow_ups.append(FollowUp(offset_days=days, due_on=arrival + timedelta(days=days),
                                            status=FollowUpStatus.SCHEDULED))
        elif follow_up.status in (FollowUpStatus.SCHEDULED, FollowUpStatus.CANCELLED):
            follow_up.due_on, follow_up.status = arrival + timedelta(days=days), FollowUpStatus.SCHEDULED
    for days, follow_up in existing.items():
        if days not in wanted and follow_up.status == FollowUpStatus.SCHEDULED:
            follow_up.status = FollowUpStatus.CANCELLED
    # An arrival long past: only the latest check-in already due is sent, not all of them on one day.
    past = sorted((f for f in case.follow_ups if f.status == FollowUpStatus.SCHEDULED and f.due_on < today()),
                  key=lambda f: f.due_on)
    for follow_up in past[:-1]:
        follow_up.status = FollowUpStatus.CANCELLED


# --- the sweep and the jobs' work ---------------------------------------------------------------------------

def due(on: date | None = None) -> list[int]:
    return list(db.session.scalars(select(FollowUp.id).where(
        FollowUp.status == FollowUpStatus.SCHEDULED, FollowUp.due_on <= (on or today())).order_by(FollowUp.id)))


def unanswered(now=None) -> list[int]:
    return list(db.session.scalars(select(FollowUp.id).where(
        FollowUp.status == FollowUpStatus.SENT, FollowUp.sent_at <= (now or utcnow()) - ANSWER_WITHIN)
        .order_by(FollowUp.id)))


def _claim(follow_up_id: int, before: FollowUpStatus, after: FollowUpStatus, **values) -> bool:
    """Move the row from ``before`` to ``after`` if nobody else did: the only way a follow-up changes state."""
    return db.session.execute(
        update(FollowUp).where(FollowUp.id == follow_up_id, FollowUp.status == before)
        .values(status=after, **values).execution_options(synchronize_session=False)
    ).rowcount == 1


def send(follow_up_id: int) -> str:
    """Send the check-in (or, without consent to follow-up messages, give the officer a task to call).
    The caller commits."""

    if not _claim(follow_up_id, FollowUpStatus.SCHEDULED, FollowUpStatus.SENT, sent_at=utcnow()):
        return "skipped"

    case_of = joinedload(FollowUp.case)
    follow_up = db.session.scalar(  # as the claim left it, with what the message needs, in one query
        select(FollowUp).where(FollowUp.id == follow_up_id)
        .options(case_of.joinedload(Case.profile).joinedload(Household.user),
                 case_of.joinedload(Case.municipality))
        .execution_options(populate_existing=True))
    case, profile = follow_up.case, follow_up.case.profile
    if case.status == CaseStatus.CLOSED:
        follow_up.status = FollowUpStatus.CANCELLED
        return "cancelled"
    if not has_consent(profile, ConsentKind.FOLLOW_UP):
        follow_up.status = FollowUpStatus.SKIPPED
        officer_task(case, "call", follow_up)
        record(None, "follow_up_skipped", "case", case.id, profile.id, follow_up=follow_up.id)
        return "task"
    secret = secrets.token_urlsafe(32)
    follow_up.token_digest = digest(secret)
    follow_up.expires_at = utcnow() + LINK_VALID
    link = external_url(current_app.config["LANDA_BASE_URL"], "reception.survey", token=secret)
    user = profile.user
    queue_email(user.email, "follow_up", user.locale, sensitive=True, user=user, link=link,
                municipality=case.municipality, months=months_after(follow_up.offset_days),
                days=LINK_VALID.days)
    record(None, "follow_up_sent", "case", case.id, profile.id, follow_up=follow_up.id)
    return "sent"


def mark_missed(follow_up_id: int) -> str:
    if not _claim(follow_up_id, FollowUpStatus.SENT, FollowUpStatus.MISSED):
        return "skipped"
    follow_up = db.session.get(FollowUp, follow_up_id)
    db.session.refresh(follow_up)
    officer_task(follow_up.case, "no_answer", follow_up)
    record(None, "follow_up_missed", "case", follow_up.case_id, follow_up.case.profile_id, follow_up=follow_up.id)
    return "task"


def officer_task(case: Case, kind: str, follow_up: FollowUp) -> None:
    """A task for the case's officer, once per follow-up and kind (a unique constraint keeps it so);
    none on a closed case, where nobody would do it."""
    if case.status == CaseStatus.CLOSED:
        return
    exists = db.session.scalar(select(CaseTask.id).where(CaseTask.follow_up_id == follow_up.id,
                                                         CaseTask.kind == kind))
    if exists is None:
        case.tasks.append(CaseTask(title="", kind=kind, follow_up_id=follow_up.id, due_on=today() + TASK_DUE_IN,
                                   assignee_id=case.assigned_officer_id))


def months_after(offset_days: int) -> int:
    """A follow-up's distance from arrival in whole months, rounded, for the e-mail's "It is 3 months since you
    arrived" (0 for the first weeks)."""
    return round(offset_days / 30.4) if offset_days >= 45 else 0


# --- the household's answer ----------------------------------------------------------------------------------

def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def by_token(secret: str) -> FollowUp:
    """The follow-up the link belongs to; refuses a used or expired link."""
    follow_up = db.session.scalar(select(FollowUp).where(FollowUp.token_digest == digest(secret)))
    if follow_up is None:
        raise FollowUpError("unknown")
    if follow_up.status == FollowUpStatus.ANSWERED:
        raise FollowUpError("answered", follow_up)
    if follow_up.expires_at is None or follow_up.expires_at < utcnow():
        raise FollowUpError("expired", follow_up)
    return follow_up


def answer(secret: str, *, settled: int, housing: Housing, partner_work: PartnerWork) -> FollowUp:
    follow_up = by_token(secret)
    answers = {"answered_at": utcnow(), "settled": settled, "housing": housing, "partner_work": partner_work}
    # Sent, or missed when the answer comes late (even while the week runs out): both count.
    if not (_claim(follow_up.id, FollowUpStatus.SENT, FollowUpStatus.ANSWERED, **answers)
            or _claim(follow_up.id, FollowUpStatus.MISSED, FollowUpStatus.ANSWERED, **answers)):
        raise FollowUpError("answered", follow_up)
    db.session.refresh(follow_up)
    follow_up.trouble = settled <= 2 or housing == Housing.LOOKING
    profile = follow_up.case.profile
    record(profile.user, "follow_up_answered", "case", follow_up.case_id, profile.id, follow_up=follow_up.id)
    if follow_up.trouble:
        officer_task(follow_up.case, "trouble", follow_up)
        inbox.note(follow_up.case, InboxKind.WORRY, follow_up.id)
    return follow_up
