from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.access import role_required
from app.auth.models import Role
from app.employers.models import (
    APPROVAL_LABELS,
    NEED_STATUS_LABELS,
    CompetenceNeed,
    Organisation,
    OrganisationMember,
)
from app.extensions import db

bp = Blueprint("employers", __name__, url_prefix="/employers", template_folder="templates")


@bp.route("/")
@role_required(Role.EMPLOYER)
def start():
    organisations = db.session.scalars(
        select(Organisation)
        .join(OrganisationMember)
        .where(OrganisationMember.user_id == current_user.id)
        .options(
            selectinload(Organisation.municipality),
            selectinload(Organisation.needs).selectinload(CompetenceNeed.occupation),
            selectinload(Organisation.needs).selectinload(CompetenceNeed.municipality),
        )
        .order_by(Organisation.name)
    ).all()
    return render_template("employers/start.html", organisations=organisations, approval_labels=APPROVAL_LABELS,
                           need_status_labels=NEED_STATUS_LABELS)
