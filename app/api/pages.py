"""The public pages as data: a municipality's "Move to" page (its sourced facts, the texts its officers wrote,
its open needs by occupational area) and an approved organisation's page. No sign-in; in the language of the
request's ``Accept-Language`` (Swedish by default), as the web pages show them."""

from __future__ import annotations

from flask import abort
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from app.attraction import services as places
from app.attraction import texts
from app.auth.access import public
from app.catalogue.models import Municipality
from app.employers import public as organisation_pages
from app.employers.models import RELOCATION_SUPPORT
from app.extensions import db
from app.i18n import current_locale, localized, reader_text
from app.validators import MUNICIPALITY_CODE

blp = Blueprint("api_pages", __name__, description="The public pages as data (no sign-in needed)")


class PublicFactSchema(Schema):
    topic = fields.String(metadata={"example": "work"})
    text = fields.String()
    source = fields.String()
    confidence = fields.String(metadata={"description": "src: from a source; est: well known, not re-checked; "
                                                        "unc: uncertain"})


class PublicPlaceTextSchema(Schema):
    slot = fields.String(metadata={"description": "welcome, living_here or contact_us"})
    heading = fields.String()
    body = fields.String(metadata={"description": "Plain text: paragraphs separated by an empty line"})
    language = fields.String(metadata={"description": "The language it is written in: the request's, or the "
                                                      "other one where the municipality has not written it in "
                                                      "the request's"})


class PublicGroupCountSchema(Schema):
    code = fields.String(metadata={"description": "SSYK 2012 major group (one digit)"})
    label = fields.String()
    needs = fields.Integer()
    positions = fields.Integer()


class PublicOpenNeedsSchema(Schema):
    needs = fields.Integer()
    positions = fields.Integer()
    by_group = fields.List(fields.Nested(PublicGroupCountSchema))


class PublicPlaceSchema(Schema):
    code = fields.String(metadata={"example": "2284"})
    name = fields.String()
    county_code = fields.String()
    population = fields.Integer(allow_none=True)
    health_region = fields.String()
    facts = fields.List(fields.Nested(PublicFactSchema))
    texts = fields.List(fields.Nested(PublicPlaceTextSchema))
    open_needs = fields.Nested(PublicOpenNeedsSchema)


class PublicNeedLinkSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    municipality_code = fields.String()
    positions = fields.Integer()


class PublicRelocationOfferSchema(Schema):
    key = fields.String(metadata={"example": "housing"})
    label = fields.String()


class PublicOrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    municipality_code = fields.String(metadata={"description": "Where it is based"})
    municipalities = fields.List(fields.String(), metadata={"description": "Everywhere it recruits"})
    about = fields.String()
    website = fields.String()
    relocation_offers = fields.List(fields.Nested(PublicRelocationOfferSchema))
    relocation_text = fields.String()
    open_needs = fields.List(fields.Nested(PublicNeedLinkSchema))


@blp.after_request
def vary_by_language(response):
    response.vary.add("Accept-Language")
    return response


@blp.route("/places/<code>")
@public
@blp.etag
@blp.response(200, PublicPlaceSchema)
@blp.alt_response(404, description="No municipality with this code")
def place(code: str):
    """A municipality's "Move to" page: its facts with their sources, the texts its officers wrote (the newest
    version of each) and its open needs by occupational area."""
    if not MUNICIPALITY_CODE.fullmatch(code):
        abort(404)
    municipality = db.session.get(Municipality, code)
    if municipality is None:
        abort(404)
    locale = current_locale()
    groups = places.open_needs_by_group(db.session, code, locale)
    return {
        "code": municipality.code, "name": localized(municipality, "name"), "county_code": municipality.county_code,
        "population": municipality.population, "health_region": municipality.health_region,
        "facts": places.municipality_facts(code, locale),
        "texts": [{"slot": b.slot, "heading": b.heading, "body": b.body, "language": b.language}
                  for b in texts.blocks(code, locale)],
        "open_needs": {"needs": sum(g.needs for g in groups), "positions": sum(g.positions for g in groups),
                       "by_group": groups},
    }


@blp.route("/board/organisations/<int:organisation_id>")
@public
@blp.etag
@blp.response(200, PublicOrganisationSchema)
@blp.alt_response(404, description="No approved organisation with this id")
def organisation(organisation_id: int):
    """An approved organisation's public page: what it does, where, the relocation support it offers and its open
    needs on the board. Organisations waiting for approval (or rejected) have none."""
    found = organisation_pages.public_organisation(organisation_id)
    if found is None:
        abort(404)
    return {
        "id": found.id, "name": found.name, "municipality_code": found.municipality_code,
        "municipalities": [m.code for m in found.municipalities], "about": reader_text(found, "about"),
        "website": found.website,
        "relocation_offers": [{"key": key, "label": str(RELOCATION_SUPPORT[key])} for key in found.relocation_offers
                              if key in RELOCATION_SUPPORT],
        "relocation_text": reader_text(found, "relocation_text"),
        "open_needs": [{"id": n.id, "title": reader_text(n, "title"), "municipality_code": n.municipality_code,
                        "positions": n.positions} for n in organisation_pages.open_needs_of(found)],
    }
