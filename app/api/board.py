"""The public needs board: open needs of approved organisations, for anyone (no sign-in)."""

from __future__ import annotations

import re

from flask import abort
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy.orm import joinedload

from app.api.common import MUNICIPALITY_CODE, PageArgsSchema, Text, page_of, page_schema, sort_field, sorted_by
from app.auth.access import public
from app.catalogue.services import search_occupations
from app.employers import services
from app.employers.models import CompetenceNeed, EmploymentType
from app.extensions import db

blp = Blueprint("api_board", __name__, description="The public needs board (no sign-in needed)")


class NeedSummarySchema(Schema):
    id = fields.Integer()
    title = fields.String(metadata={"description": "As the employer wrote it"})
    title_en = fields.String(allow_none=True, metadata={"description": "The employer's English title, if given"})
    organisation_name = fields.Function(lambda n: n.organisation.name)
    municipality_code = fields.String()


class PublicNeedSchema(NeedSummarySchema):
    occupation_code = fields.String(metadata={"description": "SSYK 2012 unit group"})
    positions = fields.Integer()
    employment_type = fields.Enum(EmploymentType, by_value=True)
    required_skills = fields.List(fields.String())
    nice_skills = fields.List(fields.String())
    min_swedish = fields.String(allow_none=True)
    min_english = fields.String(allow_none=True)
    start_date = fields.Date(allow_none=True)
    expires_on = fields.Date(allow_none=True)
    salary_min = fields.Integer(allow_none=True)
    salary_max = fields.Integer(allow_none=True)
    relocation_support = fields.List(fields.String())
    description = fields.String()
    description_en = fields.String(allow_none=True)
    published_at = fields.DateTime(allow_none=True)


BOARD_SORTS = {"published_at": CompetenceNeed.published_at, "start_date": CompetenceNeed.start_date,
               "title": CompetenceNeed.title}


class BoardArgsSchema(PageArgsSchema):
    municipality = fields.String(load_default=None, validate=MUNICIPALITY_CODE,
                                 metadata={"description": "A municipality code", "example": "2284"})
    occupation = Text(load_default=None, max=200, metadata={
        "description": "An SSYK code prefix (7, 72, 723, 7233) or words of an occupation, Swedish or English"})
    sort = sort_field(BOARD_SORTS, "-published_at")


@blp.route("/board")
@public
@blp.arguments(BoardArgsSchema, location="query", unknown="raise")
@blp.response(200, page_schema(PublicNeedSchema, "PublicNeedPage"))
def board(args):
    """Open needs, newest first, by municipality and occupation: the web board's search."""
    typed = args["occupation"] or ""
    prefix = re.fullmatch(r"\d{1,4}", typed)
    codes = [o.code for o in search_occupations(db.session, typed, limit=30)] if typed and not prefix else None
    stmt = services.public_needs(args["municipality"], typed if prefix else None, codes).order_by(None)
    stmt = sorted_by(stmt, args["sort"], BOARD_SORTS, CompetenceNeed.id.desc())
    return page_of(stmt.options(joinedload(CompetenceNeed.organisation)), args)


@blp.route("/board/<int:need_id>")
@public
@blp.response(200, PublicNeedSchema)
@blp.alt_response(404, description="No open need with this id")
def board_need(need_id: int):
    """One open need; drafts, closed needs and those of unapproved organisations are not public."""
    need = db.session.scalar(services.public_needs().where(CompetenceNeed.id == need_id))
    if need is None:
        abort(404)
    return need
