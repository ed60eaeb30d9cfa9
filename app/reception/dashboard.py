"""The reception dashboard's figures for one municipality or all.

The counts (each one query over every case in scope: they grow with the region's caseload) are kept for
up to ``LANDA_COUNTS_KEPT_SECONDS`` (a minute) and shared by every officer of that scope; the lists
(overdue tasks, arrivals soon) are read on each view, so a task done leaves the list at once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from time import time as clock

from flask import current_app
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from app.caching import remembered
from app.extensions import db
from app.models import today
from app.reception import inbox
from app.reception.models import Case, CaseStatus, CaseTask, FollowUp, FollowUpStatus, InboxItem
from app.talent.models import Household, HouseholdMember, HouseholdStatus, Relation
from app.talent.plan import ResidenceBasis, assumed_basis

SOON = timedelta(days=30)
LISTED = 20  # each list shows this many, with a link to all of them
RESPONSE_WINDOW = timedelta(days=365)


@dataclass
class Figures:
    by_status: dict[CaseStatus, int]
    by_municipality: dict[str, dict[CaseStatus, int]]
    overdue_tasks: list[CaseTask]
    overdue_count: int
    arrivals: list[Case]  # the first twenty
    follow_ups_due: int
    answered: int
    missed: int
    arrivals_count: int
    by_basis: dict  # ResidenceBasis (None: not known) -> households with an open case
    news: list[InboxItem]  # the newest twenty reception has not seen
    news_count: int

    @property
    def response_rate(self) -> float | None:
        asked = self.answered + self.missed
        return self.answered / asked if asked else None


def figures(cases: Select) -> Figures:
    """``cases`` is a ``select(Case)`` already limited to what the reader may see."""
    day = today()
    scope = hashlib.sha256(str(cases.compile(compile_kwargs={"literal_binds": True})).encode()).hexdigest()[:16]
    seconds = current_app.config["LANDA_COUNTS_KEPT_SECONDS"]
    key = f"{scope}:{day.isoformat()}:{int(clock() // seconds)}" if seconds else None
    counts = remembered("reception-figures", 2 * (seconds or 1), key, lambda: _counts(cases, day))
    overdue = _overdue(cases, day)
    # What a row shows is read for the rows shown only (selectinload): joined into the query, it was read
    # for every overdue task before the first twenty were picked.
    overdue_tasks = db.session.scalars(overdue.options(
        selectinload(CaseTask.case).selectinload(Case.profile).joinedload(Household.user),
        selectinload(CaseTask.assignee), selectinload(CaseTask.follow_up))
        .order_by(CaseTask.due_on, CaseTask.id).limit(LISTED)).all()
    arrivals = db.session.scalars(_soon(cases, day).options(
        selectinload(Case.profile).joinedload(Household.user), selectinload(Case.assigned_officer))
        .order_by(Case.expected_arrival, Case.id).limit(LISTED)).all()
    unseen = inbox.unseen_items(cases)  # read on each view: what is new leaves the list as soon as it is seen
    news = db.session.scalars(unseen.options(
        selectinload(InboxItem.case).selectinload(Case.profile).joinedload(Household.user)).limit(LISTED)).all()
    news_count = len(news) if len(news) < LISTED else db.session.scalar(
        unseen.order_by(None).with_only_columns(func.count()))
    return Figures(counts["by_status"], counts["by_municipality"], list(overdue_tasks), counts["overdue"],
                   list(arrivals), counts["follow_ups_due"], counts["answered"], counts["missed"],
                   counts["arrivals"], counts["by_basis"], list(news), news_count)


def _overdue(cases: Select, day) -> Select:
    scope = cases.with_only_columns(Case.id).scalar_subquery()
    return select(CaseTask).where(CaseTask.case_id.in_(scope), CaseTask.done_at.is_(None), CaseTask.due_on < day)


def _soon(cases: Select, day) -> Select:
    return cases.where(Case.status != CaseStatus.CLOSED, Case.expected_arrival >= day,
                       Case.expected_arrival <= day + SOON)


def _by_basis(cases: Select) -> dict[ResidenceBasis | None, int]:
    """Households with an open case by the main applicant's residence basis (as given, else as the household's
    citizenship and job suggest): one query, grouped."""
    by_basis: dict[ResidenceBasis | None, int] = {}
    rows = db.session.execute(
        cases.where(Case.status != CaseStatus.CLOSED)
        .join(Household, Household.id == Case.profile_id)
        .join(HouseholdMember,
              (HouseholdMember.profile_id == Household.id) & (HouseholdMember.relation == Relation.SELF))
        .with_only_columns(HouseholdMember.residence_basis, Household.citizenship, Household.status,
                           Household.job_start_date.is_not(None), func.count(func.distinct(Household.id)))
        .group_by(HouseholdMember.residence_basis, Household.citizenship, Household.status,
                  Household.job_start_date.is_not(None)))
    for basis, citizenship, status, started, count in rows:
        found = basis or assumed_basis(citizenship, "self", bool(started) or status == HouseholdStatus.HAS_OFFER)
        by_basis[found] = by_basis.get(found, 0) + count
    return by_basis


def _counts(cases: Select, day) -> dict:
    scope = cases.with_only_columns(Case.id).scalar_subquery()
    by_status: dict[CaseStatus, int] = {}
    by_municipality: dict[str, dict[CaseStatus, int]] = {}
    for code, status, count in db.session.execute(
            cases.with_only_columns(Case.municipality_code, Case.status, func.count())
            .group_by(Case.municipality_code, Case.status)):
        by_status[status] = by_status.get(status, 0) + count
        by_municipality.setdefault(code, {})[status] = count
    follow_ups = select(FollowUp).where(FollowUp.case_id.in_(scope))
    outcomes = dict(db.session.execute(
        follow_ups.where(FollowUp.status.in_([FollowUpStatus.ANSWERED, FollowUpStatus.MISSED]),
                         FollowUp.due_on >= day - RESPONSE_WINDOW)
        .with_only_columns(FollowUp.status, func.count()).group_by(FollowUp.status)).all())
    return {
        "by_status": by_status, "by_municipality": by_municipality, "by_basis": _by_basis(cases),
        "overdue": db.session.scalar(_overdue(cases, day).with_only_columns(func.count())),
        "arrivals": db.session.scalar(_soon(cases, day).with_only_columns(func.count())),
        "follow_ups_due": db.session.scalar(follow_ups.where(FollowUp.status == FollowUpStatus.SCHEDULED,
                                                             FollowUp.due_on <= day + SOON)
                                            .with_only_columns(func.count())),
        "answered": outcomes.get(FollowUpStatus.ANSWERED, 0), "missed": outcomes.get(FollowUpStatus.MISSED, 0),
    }
