"""Who may see which cases. Used by views, the API and services alike."""

from __future__ import annotations

from sqlalchemy import Select, false, select

from app.auth.models import Role, User
from app.extensions import db
from app.reception.models import Case

STAFF = (Role.OFFICER, Role.COORDINATOR)  # who works with cases


def visible_cases(user: User, stmt: Select) -> Select:
    """Restrict a ``select(Case)`` to the cases ``user`` may see."""
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return stmt
    if user.role == Role.OFFICER:
        return stmt.where(Case.municipality_code == user.municipality_code)
    return stmt.where(false())


def can_view_case(user: User, case: Case) -> bool:
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    return user.role == Role.OFFICER and case.municipality_code == user.municipality_code


def case_for(user: User, case_id: int, *options) -> Case | None:
    """The case if ``user`` may see it, loaded with ``options``; None for another municipality's case, as for
    one that does not exist."""
    case = db.session.scalar(select(Case).where(Case.id == case_id).options(*options))
    return case if case is not None and can_view_case(user, case) else None
