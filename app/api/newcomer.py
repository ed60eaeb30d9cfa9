"""The newcomer's own arrival plan through the API: read it, mark steps done or not relevant.

The same use-case functions as the web pages (``app.talent.services``), so the same object-level
rules: a newcomer reaches only their own profile's steps.
"""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.auth.access import role_required
from app.auth.models import Role
from app.extensions import db
from app.talent import services
from app.talent.models import StepStatus

blp = Blueprint("api_newcomer", __name__, description="The signed-in newcomer's own data")


class PlanStepSchema(Schema):
    id = fields.Integer()
    service_key = fields.String(metadata={"example": "sfi"})
    position = fields.Integer()
    status = fields.String(validate=validate.OneOf([s.value for s in StepStatus]))
    suggested_date = fields.Date(allow_none=True)
    prerequisites = fields.List(fields.String())


class StepUpdateSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in StepStatus]))


def _profile():
    profile = services.profile_for(current_user)
    if profile is None:
        abort(404)
    return profile


@blp.route("/newcomer/plan")
@role_required(Role.NEWCOMER)
@blp.response(200, PlanStepSchema(many=True))
@blp.alt_response(403, description="Not a newcomer")
def plan():
    """The steps of the caller's arrival plan that apply to their household, in order."""
    return [step for step in _profile().plan_steps if step.applies]


@blp.route("/newcomer/plan/steps/<int:step_id>", methods=["PATCH"])
@role_required(Role.NEWCOMER)
@blp.arguments(StepUpdateSchema, unknown="raise")
@blp.response(200, PlanStepSchema)
@blp.alt_response(403, description="Not a newcomer")
@blp.alt_response(404, description="Not a step of the caller's plan")
def update_step(args, step_id: int):
    """Mark a step done, not relevant, or to do again."""
    try:
        step = services.set_step_status(_profile(), step_id, StepStatus(args["status"]))
    except services.ProfileError:
        abort(404)
    db.session.commit()
    return step
