from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.access import role_required
from app.auth.models import Role
from app.extensions import db
from app.reception.models import CASE_STATUS_LABELS, Case
from app.talent.models import MOVING_LABELS, RELATION_LABELS, STATUS_LABELS, HouseholdMember, NewcomerProfile

bp = Blueprint("talent", __name__, url_prefix="/talent", template_folder="templates")


@bp.route("/")
@role_required(Role.NEWCOMER)
def start():
    profile = db.session.scalar(
        select(NewcomerProfile)
        .where(NewcomerProfile.user_id == current_user.id)
        .options(
            selectinload(NewcomerProfile.members).joinedload(HouseholdMember.occupation),
            selectinload(NewcomerProfile.occupation),
            selectinload(NewcomerProfile.destination),
        )
    )
    cases = []
    if profile is not None:
        cases = db.session.scalars(
            select(Case).where(Case.profile_id == profile.id).options(selectinload(Case.municipality))
            .order_by(Case.opened_at.desc())
        ).all()
    return render_template(
        "talent/start.html", profile=profile, cases=cases, status_labels=STATUS_LABELS,
        relation_labels=RELATION_LABELS, moving_labels=MOVING_LABELS, case_status_labels=CASE_STATUS_LABELS,
    )
