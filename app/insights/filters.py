"""Who is asking (``Scope``) and what they asked for (``Filters``).

Filters live in the URL (``?start=2025-01-01&municipality=2281``), so a page can be bookmarked and shared; a
bad value is named per field (the view answers 422 with the errors in its summary, never a 500). The scope
comes from the signed-in user and cannot be widened by the URL: an officer's municipality is forced, an
employer sees only its own organisations' needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth.models import Role
from app.catalogue.models import Municipality
from app.employers.models import OrganisationMember
from app.extensions import db
from app.talent import models
from app.talent.models import AGE_BANDS as _AGE_BANDS
from app.talent.plan import ResidenceBasis

HOUSEHOLD_TYPES = ("single", "couple", "children")
HOUSEHOLD_LABELS = {
    "single": _l("Single adult"),
    "couple": _l("Couple without children"),
    "children": _l("With children"),
}
# Age bands (app/talent/models.py): a person's age at the end of the period, by the year of birth.
AGE_BANDS = _AGE_BANDS
FILTER_FIELDS = ("start", "end", "municipality", "group", "household", "basis", "gender", "age_band")


@dataclass(frozen=True)
class Scope:
    """What the signed-in user may see: ``municipality`` is an officer's own (forced on every filter);
    ``organisation_ids`` an employer's or network's own organisations (the employer page only)."""

    role: str
    municipality: str | None = None
    organisation_ids: tuple[int, ...] = ()

    @property
    def regional(self) -> bool:
        return self.role in (Role.COORDINATOR, Role.ADMIN)


def scope_for(user) -> Scope:
    """The scope of a signed-in user (``Role`` values as ``role``). Employers: the organisations they belong to."""
    role = Role(user.role)
    if role is Role.OFFICER:
        return Scope(role=role.value, municipality=user.municipality_code)
    if role is Role.EMPLOYER:
        ids = tuple(sorted(db.session.scalars(
            select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user.id))))
        return Scope(role=role.value, organisation_ids=ids)
    return Scope(role=role.value)


def project_period() -> tuple[date, date]:
    """The project period from the settings (``LANDA_PROJECT_START`` / ``LANDA_PROJECT_END``)."""
    return current_app.config["LANDA_PROJECT_START"], current_app.config["LANDA_PROJECT_END"]


def gender_values() -> tuple[str, ...]:
    """The genders a person may have given."""
    return tuple(g.value for g in models.Gender)


def residence_bases() -> tuple[str, ...]:
    return tuple(b.value for b in ResidenceBasis)


YEARS = range(1900, 2101)  # any period the figures can mean; the day after 9999-12-31 cannot be computed (a 500)


def _date(raw: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        return None
    try:
        parsed = date.fromisoformat(raw)
    except ValueError:
        return None
    return parsed if parsed.year in YEARS else None


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    municipality: str | None = None  # municipality code (4 digits)
    group: str | None = None  # SSYK 2012 major group, one digit
    household: str | None = None  # 'single' | 'couple' | 'children'
    basis: str | None = None  # a ResidenceBasis value
    gender: str | None = None
    age_band: str | None = None  # one of AGE_BANDS

    @classmethod
    def default(cls, scope: Scope | None = None) -> Filters:
        start, end = project_period()
        return cls(start=start, end=end, municipality=scope.municipality if scope else None)

    @classmethod
    def from_args(cls, args, scope: Scope) -> tuple[Filters, dict[str, str]]:
        """Read filters from query arguments. Returns the filters (bad values replaced by the defaults, the
        officer's municipality forced) and the errors, a translated message per field name."""
        errors: dict[str, str] = {}
        start, end = project_period()

        def text(name: str) -> str:
            return (args.get(name) or "").strip()

        if raw := text("start"):
            parsed = _date(raw)
            if parsed is None:
                errors["start"] = str(_l("Enter the first day as a date, for example 2025-01-31."))
            else:
                start = parsed
        if raw := text("end"):
            parsed = _date(raw)
            if parsed is None:
                errors["end"] = str(_l("Enter the last day as a date, for example 2025-12-31."))
            else:
                end = parsed
        if "start" not in errors and "end" not in errors and end < start:
            errors["end"] = str(_l("The last day must be on or after the first day."))
            start, end = project_period()
        if "end" not in errors and "start" not in errors and (end - start).days > 366 * 20:
            errors["start"] = str(_l("Choose a period of at most twenty years."))
            start, end = project_period()

        municipality = text("municipality") or None
        if municipality is not None:
            known = re.fullmatch(r"\d{4}", municipality) and db.session.scalar(
                select(Municipality.code).where(Municipality.code == municipality))
            if not known:
                errors["municipality"] = str(_l("Choose a municipality from the list."))
                municipality = None
        if scope.municipality:
            municipality = scope.municipality  # forced: the URL cannot widen an officer's view

        group = text("group") or None
        if group is not None and not re.fullmatch(r"\d", group):
            errors["group"] = str(_l("Choose an occupation group from the list."))
            group = None
        household = text("household") or None
        if household is not None and household not in HOUSEHOLD_TYPES:
            errors["household"] = str(_l("Choose a household type from the list."))
            household = None
        basis = text("basis") or None
        if basis is not None and basis not in residence_bases():
            errors["basis"] = str(_l("Choose a residence basis from the list."))
            basis = None
        gender = text("gender") or None
        if gender is not None and gender not in gender_values():
            errors["gender"] = str(_l("Choose a gender from the list."))
            gender = None
        age_band = text("age_band") or None
        if age_band is not None and age_band not in AGE_BANDS:
            errors["age_band"] = str(_l("Choose an age band from the list."))
            age_band = None
        return cls(start=start, end=end, municipality=municipality, group=group, household=household,
                   basis=basis, gender=gender, age_band=age_band), errors

    def to_args(self) -> dict[str, str]:
        """The query arguments that give these filters back (the defaults left out)."""
        args: dict[str, str] = {}
        default_start, default_end = project_period()
        if self.start != default_start:
            args["start"] = self.start.isoformat()
        if self.end != default_end:
            args["end"] = self.end.isoformat()
        for name in ("municipality", "group", "household", "basis", "gender", "age_band"):
            value = getattr(self, name)
            if value:
                args[name] = value
        return args

    def with_(self, **changes) -> Filters:
        return replace(self, **changes)

    @property
    def label(self) -> str:
        """For file names: ``2024-02-01_2026-12-31``."""
        return f"{self.start.isoformat()}_{self.end.isoformat()}"
