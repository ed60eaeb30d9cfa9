"""Leads through the API: the confirmed leads the caller may see, one lead, its status, and the invitation to
register. The rules are the web's (``app.leads.services``): an officer reaches the leads that chose their
municipality (another's answer 404, as if they did not exist), a coordinator every lead, the ones open to all
too. Every read is recorded in the audit trail, as on the web."""

from __future__ import annotations

from flask import abort, jsonify
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.common import PageArgsSchema, commit_or_refuse, page_of, page_schema, refuse_because
from app.auth.access import role_required
from app.extensions import db
from app.leads import services
from app.leads.models import Lead, LeadStatus, MovingWhen

blp = Blueprint("api_leads", __name__,
                description="Reception officers and coordinators: people thinking of moving here (leads)")

STAFF = services.STAFF
LEAD_404 = {"description": "No such lead, or one the caller does not see (another municipality's, unconfirmed)"}


class LeadSchema(Schema):
    id = fields.Integer()
    full_name = fields.String()
    email = fields.String()
    occupation = fields.String(metadata={"description": "As the person typed it"})
    occupation_code = fields.String(allow_none=True, metadata={"description": "SSYK 2012, when the text named one"})
    household_size = fields.Integer()
    children = fields.Boolean(allow_none=True)
    from_country = fields.String(allow_none=True, metadata={"description": "ISO 3166-1 alpha-2"})
    moving_when = fields.Enum(MovingWhen, by_value=True)
    moving_month = fields.Date(allow_none=True)
    municipality_codes = fields.Function(lambda lead: [m.code for m in lead.municipalities],
                                         metadata={"description": "Empty: open to all municipalities"})
    locale = fields.String()
    consent_version = fields.String()
    status = fields.Enum(LeadStatus, by_value=True)
    status_changed_at = fields.DateTime(allow_none=True)
    confirmed_at = fields.DateTime()
    invited_at = fields.DateTime(allow_none=True)
    registered_at = fields.DateTime(allow_none=True)
    utm_source = fields.String(allow_none=True)
    utm_medium = fields.String(allow_none=True)
    utm_campaign = fields.String(allow_none=True)
    campaign_code = fields.String(allow_none=True)
    created_at = fields.DateTime()


class LeadListArgsSchema(PageArgsSchema):
    status = fields.Enum(LeadStatus, by_value=True, load_default=None)
    municipality = fields.String(load_default=None, validate=validate.Regexp(r"^([0-9]{4}|all)$"),
                                 metadata={"description": "A municipality's code, or 'all' for leads open to all"})


class StatusInSchema(Schema):
    status = fields.Enum(LeadStatus, by_value=True, required=True, metadata={
        "description": "new, contacted or not_interested (invited and registered come with what they say)"})


def _shown(schema: Schema, data):
    """The answer, shaped before the commit that records who read it (the commit expires what it read)."""
    body = schema.dump(data)
    db.session.commit()
    return jsonify(body)


def _lead(lead_id: int) -> Lead:
    found = services.lead_for(current_user, lead_id)
    if found is None:
        abort(404)
    return found


@blp.route("/leads")
@role_required(*STAFF)
@blp.arguments(LeadListArgsSchema, location="query", unknown="raise")
@blp.response(200, page_schema(LeadSchema, "LeadPage"))
def leads(args):
    """The confirmed leads the caller may see, newest first; who saw which is recorded."""
    page = page_of(services.list_statement(current_user, args["status"], args["municipality"]), args)
    services.listed(page["items"], current_user)
    return _shown(page_schema(LeadSchema, "LeadPage")(), page)


@blp.route("/leads/<int:lead_id>")
@role_required(*STAFF)
@blp.response(200, LeadSchema)
@blp.alt_response(404, description=LEAD_404["description"])
def lead(lead_id: int):
    """One lead (recorded in its trail)."""
    found = _lead(lead_id)
    services.viewed(found, current_user)
    return _shown(LeadSchema(), found)


@blp.route("/leads/<int:lead_id>/status", methods=["PUT"])
@role_required(*STAFF)
@blp.arguments(StatusInSchema, unknown="raise")
@blp.response(200, LeadSchema)
@blp.alt_response(404, description=LEAD_404["description"])
def set_status(args, lead_id: int):
    """Change the lead's status (recorded: who, from what, to what)."""
    found = _lead(lead_id)
    changed = commit_or_refuse(lambda: services.set_status(found, current_user, args["status"]),
                               (services.LeadError,), lambda exc: refuse_because(exc, field="status"))
    return changed


@blp.route("/leads/<int:lead_id>/invitation", methods=["POST"])
@role_required(*STAFF)
@blp.response(200, LeadSchema)
@blp.alt_response(404, description=LEAD_404["description"])
@blp.alt_response(409, description="Invited already, not new or contacted, or the address has an account")
def invite(lead_id: int):
    """E-mail the lead a link to register (once); the lead becomes "invited"."""
    found = _lead(lead_id)
    invited = commit_or_refuse(lambda: services.invite(found, current_user), (services.LeadError,),
                               lambda exc: refuse_because(exc, statuses={
                                   "already_invited": 409, "not_invitable": 409, "has_account": 409}))
    return invited
