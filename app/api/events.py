"""Events through the API: the public list and each event (no sign-in), an organiser's new event and the
registrations they may see, and one-click registration for whoever the token names. The rules are the web's
(``app.events.services``): another municipality's or organisation's event answers 404 to its registrations, as
if it did not exist; a full event gives a place on the waiting list."""

from __future__ import annotations

from flask import abort, jsonify
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.common import (
    MUNICIPALITY_CODE,
    PageArgsSchema,
    Text,
    commit_or_refuse,
    page_of,
    page_schema,
    refuse_because,
)
from app.auth.access import public, role_required
from app.auth.models import Role
from app.events import services
from app.events.errors import EventError
from app.events.models import Event, EventKind, EventStatus, RegistrationStatus
from app.extensions import db
from app.models import utcnow

blp = Blueprint("api_events", __name__, description="Events: job fairs, webinars, welcome meetings; registrations")

ORGANISERS = (Role.OFFICER, Role.COORDINATOR, Role.EMPLOYER)
EVENT_404 = "No such event, or one the caller does not organise"
FIELDS = {"municipality": "municipality_code", "organisation": "organisation_id"}  # the web form's names


class EventSchema(Schema):
    id = fields.Integer()
    kind = fields.Enum(EventKind, by_value=True)
    title = fields.String()
    description = fields.String()
    language = fields.String(metadata={"description": "The language it is held in: sv or en"})
    starts_at = fields.DateTime()
    ends_at = fields.DateTime()
    registration_deadline = fields.DateTime()
    online = fields.Boolean()
    place_name = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    municipality_code = fields.String()
    organisation_name = fields.Function(lambda e: e.organisation.name if e.organisation else None, allow_none=True)
    capacity = fields.Integer()
    status = fields.Enum(EventStatus, by_value=True)


class OrganisedEventSchema(EventSchema):
    online_url = fields.String(allow_none=True, metadata={"description": "Only organisers and registrants get it"})


class EventListArgsSchema(PageArgsSchema):
    municipality = fields.String(load_default=None, validate=MUNICIPALITY_CODE,
                                 metadata={"description": "A municipality code", "example": "2284"})
    kind = fields.Enum(EventKind, by_value=True, load_default=None)


class EventInSchema(Schema):
    kind = fields.Enum(EventKind, by_value=True, required=True)
    title = Text(required=True, min=1, max=200)
    description = Text(load_default="", max=5000, multiline=True)
    language = fields.String(load_default="sv", validate=validate.OneOf(["sv", "en"]))
    starts_at = fields.AwareDateTime(required=True, metadata={"description": "ISO 8601 with a time zone"})
    ends_at = fields.AwareDateTime(required=True)
    registration_deadline = fields.AwareDateTime(load_default=None,
                                                 metadata={"description": "Without one: until it starts"})
    online_url = fields.Url(load_default=None, schemes={"https", "http"}, validate=validate.Length(max=500))
    place_name = Text(load_default=None, max=200)
    address = Text(load_default=None, max=300)
    municipality_code = fields.String(required=True, validate=MUNICIPALITY_CODE)
    organisation_id = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1, max=2**31 - 1),
                                     metadata={"description": "An employer: one of its approved organisations"})
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100000))
    publish = fields.Boolean(load_default=False)

    @validates_schema
    def years(self, data, **kwargs):
        for name in ("starts_at", "ends_at", "registration_deadline"):
            value = data.get(name)
            if value is not None and not 2000 <= value.year <= 2100:
                raise ValidationError("Enter a date between 2000 and 2100.", name)


class RegistrationSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    name = fields.String()
    email = fields.String()
    locale = fields.String()
    status = fields.Enum(RegistrationStatus, by_value=True)
    consent_version = fields.String()
    confirmed_at = fields.DateTime(allow_none=True)
    promoted_at = fields.DateTime(allow_none=True)
    attended = fields.Boolean(allow_none=True)


class MyRegistrationSchema(RegistrationSchema):
    waiting_list_position = fields.Function(lambda r: services.waitlist_position(r), allow_none=True,
                                            metadata={"description": "1 for the first on the waiting list"})


class RegistrationsSchema(Schema):
    seated = fields.List(fields.Nested(RegistrationSchema))
    waiting = fields.List(fields.Nested(RegistrationSchema), metadata={"description": "In the list's order"})
    unconfirmed = fields.Integer(metadata={"description": "Visitors who have not confirmed their address (a count)"})
    cancelled = fields.Integer()


def _refused(exc: EventError):
    refuse_because(exc, fields=FIELDS, statuses={"event_cancelled": 409, "deadline_passed": 409,
                                                 "started": 409, "not_published": 404})


@blp.route("/events")
@public
@blp.arguments(EventListArgsSchema, location="query", unknown="raise")
@blp.response(200, page_schema(EventSchema, "EventPage"))
def events(args):
    """Published events that have not ended, soonest first, by municipality and kind."""
    stmt = services.upcoming_statement(municipality=args["municipality"], kind=args["kind"])
    return page_of(stmt, args)


@blp.route("/events/<int:event_id>")
@public
@blp.response(200, EventSchema)
@blp.alt_response(404, description="No published or cancelled event with this id")
def event(event_id: int):
    """One event (a draft is its organisers' only)."""
    found = services.public_event(event_id)
    if found is None:
        abort(404)
    return found


@blp.route("/events", methods=["POST"])
@role_required(*ORGANISERS)
@blp.arguments(EventInSchema, unknown="raise")
@blp.response(201, OrganisedEventSchema)
def create_event(args):
    """A new event: an officer in their municipality, a coordinator anywhere, an employer for one of its
    approved organisations. ``publish`` shows it and opens registration at once."""
    publish = args.pop("publish")
    return commit_or_refuse(lambda: services.create_event(current_user, publish=publish, **args), (EventError,),
                            _refused)


def _managed(event_id: int) -> Event:
    found = db.session.get(Event, event_id)
    if found is None or not services.can_manage(current_user, found):
        abort(404)
    return found


@blp.route("/events/<int:event_id>/registrations")
@role_required(*ORGANISERS)
@blp.response(200, RegistrationsSchema)
@blp.alt_response(404, description=EVENT_404)
def registrations(event_id: int):
    """Who has a seat and who waits, in order (the organisers only; recorded in the audit trail)."""
    found = services.registrations_of(current_user, _managed(event_id))
    body = RegistrationsSchema().dump(found)
    db.session.commit()
    return jsonify(body)


@blp.route("/events/<int:event_id>/registration", methods=["POST"])
@blp.response(201, MyRegistrationSchema)
@blp.alt_response(404, description="No published event with this id")
@blp.alt_response(409, description="Cancelled, started or past its registration deadline")
def register(event_id: int):
    """Register the caller (one click: their account's address is confirmed): a seat, or a place on the
    waiting list when it is full. Registering twice gives the same registration."""
    if services.public_event(event_id) is None:
        abort(404)
    return commit_or_refuse(lambda: services.register_user(event_id, current_user, utcnow()), (EventError,),
                            _refused)


@blp.route("/events/<int:event_id>/registration", methods=["DELETE"])
@blp.response(204)
@blp.alt_response(404, description="The caller is not registered for this event")
def cancel_registration(event_id: int):
    """Cancel the caller's registration: a seat goes to the first on the waiting list."""
    mine = services.own_registration(event_id, current_user) if services.public_event(event_id) else None
    if mine is None:
        abort(404)
    commit_or_refuse(lambda: services.cancel(mine, current_user), (EventError,), _refused)
    return None
