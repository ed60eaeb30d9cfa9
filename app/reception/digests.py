"""The officers' morning digest: what is new on their cases, their overdue tasks and this week's arrivals."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.auth.models import Role, User
from app.auth.services import external_url
from app.extensions import db
from app.models import today
from app.outbox.notices import send_once
from app.reception import inbox
from app.reception.models import INBOX_LABELS, Case, CaseStatus, CaseTask, InboxItem
from app.reception.texts import task_text
from app.talent.models import Household

log = logging.getLogger(__name__)


def officer_digest_job() -> int:
    """Daily. One e-mail per officer with something to act on; a second run the same day sends nothing."""
    day = today()
    week_end = day + timedelta(days=7)
    sent = 0
    inbox.note_tasks_due(day)  # today's tasks are new this morning, in the digest and on the lists
    db.session.commit()
    officers = db.session.scalars(select(User).where(User.role == Role.OFFICER, User.active.is_(True))
                                  .order_by(User.id)).all()
    for officer in officers:
        mine = or_(CaseTask.assignee_id == officer.id, CaseTask.assignee_id.is_(None))
        theirs = select(Case).where(Case.municipality_code == officer.municipality_code,
                                    Case.status != CaseStatus.CLOSED,
                                    or_(Case.assigned_officer_id == officer.id, Case.assigned_officer_id.is_(None)))
        news = db.session.scalars(inbox.unseen_items(theirs).options(
            joinedload(InboxItem.case).joinedload(Case.profile).joinedload(Household.user)).limit(30)).all()
        overdue = db.session.scalars(
            select(CaseTask).join(Case).where(Case.municipality_code == officer.municipality_code,
                                              Case.status != CaseStatus.CLOSED, CaseTask.done_at.is_(None),
                                              CaseTask.due_on < day, mine)
            .options(joinedload(CaseTask.case).joinedload(Case.profile).joinedload(Household.user),
                     joinedload(CaseTask.follow_up))
            .order_by(CaseTask.due_on).limit(30)).all()
        arrivals = db.session.scalars(
            theirs.where(Case.expected_arrival >= day, Case.expected_arrival < week_end)
            .options(joinedload(Case.profile).joinedload(Household.user))
            .order_by(Case.expected_arrival)).all()
        if not overdue and not arrivals and not news:
            continue
        base = current_app.config["LANDA_BASE_URL"]
        try:  # one officer's failure stops nobody else's digest
            sent += send_once("officer_digest", officer, day.isoformat(), overdue=overdue, arrivals=arrivals,
                              news=news, inbox_labels=INBOX_LABELS, task_text=task_text,
                              municipality=officer.municipality,
                              link=external_url(base, "reception.dashboard"),
                              case_link=lambda case_id, base=base: external_url(base, "reception.case",
                                                                                case_id=case_id))
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("officer digest for user %s failed", officer.id)
    return sent
