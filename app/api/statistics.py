"""Aggregate figures for the region's open-data portal: counts only, never a person. A count under
five is withheld (``null``), so that no household can be singled out in a small municipality; the
cells never overlap (before arrival, received), so no published figure can be subtracted from
another to reveal a withheld one."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select

from app.auth.access import public
from app.catalogue.models import Municipality
from app.employers.services import public_needs
from app.extensions import db
from app.reception.models import Case, CaseStatus
from app.talent.models import Household

blp = Blueprint("api_statistics", __name__, description="Aggregate figures without personal data (no sign-in)")

SMALLEST = 5


def _withheld(count: int | None) -> int | None:
    return count if count and count >= SMALLEST else (0 if not count else None)


class MunicipalityFiguresSchema(Schema):
    code = fields.String()
    open_needs = fields.Integer()
    open_positions = fields.Integer()
    households_heading_here = fields.Integer(allow_none=True, metadata={"description": "null: fewer than five"})
    cases_before_arrival = fields.Integer(allow_none=True, metadata={
        "description": "Open cases of households not yet arrived; null: fewer than five"})
    cases_received = fields.Integer(allow_none=True, metadata={
        "description": "Households received (arrived, settling or followed up); null: fewer than five"})


class FieldFiguresSchema(Schema):
    major_group = fields.String(metadata={"description": "SSYK 2012 major group (first digit)"})
    open_needs = fields.Integer()
    open_positions = fields.Integer()


class StatisticsSchema(Schema):
    withheld_below = fields.Integer(metadata={"description": "Counts under this are null"})
    open_needs = fields.Integer()
    open_positions = fields.Integer()
    registered_households = fields.Integer(allow_none=True)
    municipalities = fields.List(fields.Nested(MunicipalityFiguresSchema))
    fields_of_work = fields.List(fields.Nested(FieldFiguresSchema))


def figures() -> dict:
    needs = public_needs().order_by(None).subquery()
    by_place = {code: (n, p) for code, n, p in db.session.execute(
        select(needs.c.municipality_code, func.count(), func.coalesce(func.sum(needs.c.positions), 0))
        .group_by(needs.c.municipality_code))}
    major = func.substr(needs.c.occupation_code, 1, 1)
    by_field = db.session.execute(select(major, func.count(), func.coalesce(func.sum(needs.c.positions), 0))
                                  .group_by(major).order_by(major)).all()
    heading = dict(db.session.execute(select(Household.destination_code, func.count())
                                      .where(Household.destination_code.is_not(None))
                                      .group_by(Household.destination_code)).all())
    received = (CaseStatus.ARRIVED, CaseStatus.SETTLING, CaseStatus.FOLLOWED_UP)
    before = (CaseStatus.NEW, CaseStatus.CONTACTED, CaseStatus.PLANNING)
    cases: dict[str, dict[str, int]] = {}
    for code, status, count in db.session.execute(select(Case.municipality_code, Case.status, func.count())
                                                  .group_by(Case.municipality_code, Case.status)):
        place = cases.setdefault(code, {"before": 0, "received": 0})
        if status in before:
            place["before"] += count
        elif status in received:
            place["received"] += count
    codes = db.session.scalars(select(Municipality.code).order_by(Municipality.code)).all()
    return {
        "withheld_below": SMALLEST,
        "open_needs": sum(n for n, _p in by_place.values()), "open_positions": sum(p for _n, p in by_place.values()),
        "registered_households": _withheld(db.session.scalar(select(func.count()).select_from(Household))),
        "municipalities": [{
            "code": code, "open_needs": by_place.get(code, (0, 0))[0], "open_positions": by_place.get(code, (0, 0))[1],
            "households_heading_here": _withheld(heading.get(code)),
            "cases_before_arrival": _withheld(cases.get(code, {}).get("before")),
            "cases_received": _withheld(cases.get(code, {}).get("received")),
        } for code in codes],
        "fields_of_work": [{"major_group": g, "open_needs": n, "open_positions": p} for g, n, p in by_field],
    }


@blp.route("/statistics")
@public
@blp.etag
@blp.response(200, StatisticsSchema)
def statistics():
    """Open needs and positions, households on their way and received, per municipality and field."""
    return figures()
