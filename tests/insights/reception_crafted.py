"""Crafted rows for the reception and report insights tests: inserted straight into the tables (the use cases are
tested elsewhere), so each test knows exactly what the figures must count."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from app.auth.models import User
from app.extensions import db
from app.reception.models import Case, CaseEvent, CaseStatus, ClosingReason, FollowUp, FollowUpStatus
from app.talent.models import Household, HouseholdMember, Relation

SUNDSVALL, ORNSKOLDSVIK, TIMRA = "2281", "2284", "2262"


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def user(role: str = "newcomer", *, name: str = "Test Person", municipality: str | None = None) -> User:
    person = User(email=f"{role}-{uuid.uuid4().hex[:10]}@example.se", password_hash="x", full_name=name, role=role,
                  municipality_code=municipality)
    db.session.add(person)
    db.session.flush()
    return person


def household(*, created: date | None = None, destination: str | None = None,
              members: tuple[tuple[str | None, int | None], ...] = ((None, 1990),)) -> Household:
    """A household with ``members``: (gender or None, birth year or None); the first is the newcomer."""
    profile = Household(user_id=user().id, destination_code=destination)
    db.session.add(profile)
    db.session.flush()
    if created is not None:
        profile.created_at = at(created)
    relations = [Relation.SELF, Relation.PARTNER] + [Relation.CHILD] * 20
    for (gender, born), relation in zip(members, relations, strict=False):
        member = HouseholdMember(profile_id=profile.id, relation=relation, first_name="Ana", birth_year=born)
        if gender is not None:
            member.gender = gender
        db.session.add(member)
    db.session.flush()
    return profile


def case(municipality: str, *, opened: date, arrived: date | None = None, closed: date | None = None,
         reason: ClosingReason = ClosingReason.SETTLED, officer: User | None = None,
         profile: Household | None = None) -> Case:
    """A case opened on ``opened`` (its first contact), arrived (an event) and closed on the days given."""
    profile = profile or household()
    status = CaseStatus.CLOSED if closed else CaseStatus.ARRIVED if arrived else CaseStatus.CONTACTED
    made = Case(profile_id=profile.id, municipality_code=municipality, status=status, opened_at=at(opened, 9),
                closing_reason=reason if closed else None, closed_at=at(closed, 15) if closed else None,
                assigned_officer_id=officer.id if officer else None)
    db.session.add(made)
    db.session.flush()
    if arrived:
        db.session.add(CaseEvent(case_id=made.id, from_status=CaseStatus.PLANNING, to_status=CaseStatus.ARRIVED,
                                 at=at(arrived, 10)))
        # Moved back and arrived again later: the first arrival counts.
        db.session.add(CaseEvent(case_id=made.id, from_status=CaseStatus.PLANNING, to_status=CaseStatus.ARRIVED,
                                 at=at(arrived + timedelta(days=3), 10)))
    return made


def follow_up(made: Case, offset: int, due: date, status: FollowUpStatus, *, trouble: bool = False) -> FollowUp:
    row = FollowUp(case_id=made.id, offset_days=offset, due_on=due, status=status, trouble=trouble,
                   answered_at=at(due) if status == FollowUpStatus.ANSWERED else None)
    db.session.add(row)
    return row


def days_ago(n: int) -> date:
    return datetime.now(UTC).date() - timedelta(days=n)
