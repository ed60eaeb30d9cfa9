"""Reference data: municipalities, the steps of the arrival plan, housing contacts, occupations."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.api.common import Text
from app.auth.access import public
from app.catalogue.models import HousingContact, Municipality, Service
from app.catalogue.services import MAX_SEARCH_RESULTS, search_occupations
from app.extensions import db
from app.i18n import current_locale, localized
from app.matching.skills import suggest

blp = Blueprint("api_reference", __name__, description="Reference data (no sign-in needed)")


class MunicipalitySchema(Schema):
    code = fields.String(metadata={"description": "SCB municipality code", "example": "2281"})
    name_sv = fields.String()
    name_en = fields.String()
    county_code = fields.String()


class ServiceSchema(Schema):
    key = fields.String(metadata={"example": "sfi"})
    name_sv = fields.String()
    name_en = fields.String()
    authority = fields.String()
    phase = fields.String()
    prerequisites = fields.List(fields.String())


class HousingContactSchema(Schema):
    key = fields.String()
    name = fields.Function(lambda c: localized(c, "name"),
                           metadata={"description": "The name in the language of the request's Accept-Language "
                                                    "(Swedish by default); a company's name is the same in both"})
    name_sv = fields.String()
    name_en = fields.String()
    kind = fields.String()
    website = fields.String(allow_none=True)
    municipalities = fields.Pluck(MunicipalitySchema, "code", many=True)


class OccupationSchema(Schema):
    code = fields.String(metadata={"description": "SSYK 2012 unit group", "example": "7233"})
    label_sv = fields.String()
    label_en = fields.String()


class OccupationQuerySchema(Schema):
    q = Text(required=True, min=1, max=100,
                      metadata={"description": "Code prefix or words of the Swedish or English label"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_SEARCH_RESULTS))


@blp.after_request
def vary_by_language(response):
    """Housing contacts are named in the caller's language (and problem documents written in it)."""
    response.vary.add("Accept-Language")
    return response


@blp.route("/municipalities")
@public
@blp.etag
@blp.response(200, MunicipalitySchema(many=True))
def municipalities():
    """The municipalities of the region."""
    return db.session.scalars(select(Municipality).order_by(Municipality.code)).all()


@blp.route("/services")
@public
@blp.etag
@blp.response(200, ServiceSchema(many=True))
def services():
    """The steps an arrival plan can hold, in their order."""
    return db.session.scalars(select(Service).order_by(Service.sort_order)).all()


@blp.route("/housing-contacts")
@public
@blp.etag
@blp.response(200, HousingContactSchema(many=True))
def housing_contacts():
    """Landlords, housing queues and other routes to a home, with the municipalities they serve."""
    return db.session.scalars(select(HousingContact).options(selectinload(HousingContact.municipalities))
                              .order_by(HousingContact.key)).all()


@blp.route("/occupations")
@public
@blp.etag
@blp.arguments(OccupationQuerySchema, location="query", unknown="raise")
@blp.response(200, OccupationSchema(many=True))
def occupations(args):
    """Occupations (SSYK 2012) matching a code prefix or words, best first."""
    return search_occupations(db.session, args["q"], current_locale(), limit=args["limit"])





class SkillSchema(Schema):
    id = fields.String(metadata={"description": "The JobTech Taxonomy concept id", "example": "Ehzc_zbS_oqC"})
    label = fields.String(metadata={"description": "The Swedish label", "example": "Hydraulik"})


class SkillQuerySchema(Schema):
    q = Text(required=True, min=1, max=100, metadata={"description": "The start of a word, or part of a label"})
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=MAX_SEARCH_RESULTS))


@blp.route("/skills")
@public
@blp.etag
@blp.arguments(SkillQuerySchema, location="query", unknown="raise")
@blp.response(200, SkillSchema(many=True))
def skills(args):
    """Skills from Arbetsförmedlingen's JobTech Taxonomy (Swedish labels) for what someone is typing:
    labels that start with it first, then those with a word that does, then the rest; the more
    occupations ask for a skill, the earlier. A skill not in the vocabulary can still be entered."""
    return suggest(args["q"], args["limit"])
