"""The reception dashboard's figures: counts only, each one query, for one municipality or all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import today
from app.reception.models import Case, CaseStatus, CaseTask, FollowUp, FollowUpStatus
from app.talent.models import NewcomerProfile

SOON = timedelta(days=30)
RESPONSE_WINDOW = timedelta(days=365)


@dataclass
class Figures:
    by_status: dict[CaseStatus, int]
    by_municipality: dict[str, dict[CaseStatus, int]]
    overdue_tasks: list[CaseTask]
    overdue_count: int
    arrivals: list[Case]  # the first 50
    follow_ups_due: int
    answered: int
    missed: int
    arrivals_count: int

    @property
    def response_rate(self) -> float | None:
        asked = self.answered + self.missed
        return self.answered / asked if asked else None


def figures(cases: Select) -> Figures:
    """``cases`` is a ``select(Case)`` already limited to what the reader may see."""
    scope = cases.with_only_columns(Case.id).scalar_subquery()
    day = today()
    counts = db.session.execute(
        cases.with_only_columns(Case.municipality_code, Case.status, func.count())
        .group_by(Case.municipality_code, Case.status)).all()
    by_status: dict[CaseStatus, int] = {}
    by_municipality: dict[str, dict[CaseStatus, int]] = {}
    for code, status, count in counts:
        by_status[status] = by_status.get(status, 0) + count
        by_municipality.setdefault(code, {})[status] = count
    overdue = (select(CaseTask).where(CaseTask.case_id.in_(scope), CaseTask.done_at.is_(None), CaseTask.due_on < day))
    overdue_count = db.session.scalar(overdue.with_only_columns(func.count()))
    # What a row shows is read for the rows shown only (selectinload): joined into the query, it was read
    # for every overdue task before the first twenty were picked.
    overdue_tasks = db.session.scalars(overdue.options(
        selectinload(CaseTask.case).selectinload(Case.profile).joinedload(NewcomerProfile.user),
        selectinload(CaseTask.assignee), selectinload(CaseTask.follow_up))
        .order_by(CaseTask.due_on, CaseTask.id).limit(20)).all()
    soon = cases.where(Case.status != CaseStatus.CLOSED, Case.expected_arrival >= day,
                       Case.expected_arrival <= day + SOON)
    arrivals_count = db.session.scalar(soon.with_only_columns(func.count()))
    arrivals = db.session.scalars(soon.options(
        selectinload(Case.profile).joinedload(NewcomerProfile.user), selectinload(Case.assigned_officer))
        .order_by(Case.expected_arrival, Case.id).limit(50)).all()
    follow_ups = select(FollowUp).where(FollowUp.case_id.in_(scope))
    due = db.session.scalar(follow_ups.where(FollowUp.status == FollowUpStatus.SCHEDULED,
                                             FollowUp.due_on <= day + SOON).with_only_columns(func.count()))
    outcomes = dict(db.session.execute(
        follow_ups.where(FollowUp.status.in_([FollowUpStatus.ANSWERED, FollowUpStatus.MISSED]),
                         FollowUp.due_on >= day - RESPONSE_WINDOW)
        .with_only_columns(FollowUp.status, func.count()).group_by(FollowUp.status)).all())
    return Figures(by_status, by_municipality, list(overdue_tasks), overdue_count, list(arrivals), due,
                   outcomes.get(FollowUpStatus.ANSWERED, 0), outcomes.get(FollowUpStatus.MISSED, 0), arrivals_count)
