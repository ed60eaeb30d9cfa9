from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.auth.access import role_required
from app.auth.models import Role
from app.catalogue.models import Municipality
from app.extensions import db
from app.pagination import paginate
from app.reception.models import CASE_STATUS_LABELS, Case, CaseStatus
from app.reception.permissions import visible_cases
from app.talent.models import NewcomerProfile

bp = Blueprint("reception", __name__, url_prefix="/reception", template_folder="templates")
PER_PAGE = 25


@bp.route("/")
@role_required(Role.OFFICER, Role.COORDINATOR)
def start():
    status = request.args.get("status", "")
    if status and status not in CaseStatus.__members__.values():
        status = ""
    municipality = request.args.get("municipality", "") if current_user.role == Role.COORDINATOR else ""

    base = visible_cases(current_user, select(Case))
    if municipality:
        base = base.where(Case.municipality_code == municipality)
    counts = dict(db.session.execute(
        base.with_only_columns(Case.status, func.count()).group_by(Case.status)
    ).all())

    stmt = base.options(
        joinedload(Case.profile).joinedload(NewcomerProfile.user),
        joinedload(Case.municipality),
        joinedload(Case.assigned_officer),
    ).order_by(Case.expected_arrival.is_(None), Case.expected_arrival, Case.id)
    if status:
        stmt = stmt.where(Case.status == status)
    else:
        stmt = stmt.where(Case.status != CaseStatus.CLOSED)
    cases = paginate(stmt, PER_PAGE)
    municipalities = (
        db.session.scalars(select(Municipality).order_by(Municipality.name_sv)).all()
        if current_user.role == Role.COORDINATOR else []
    )
    return render_template(
        "reception/start.html", cases=cases, counts=counts, status=status, statuses=list(CaseStatus),
        status_labels=CASE_STATUS_LABELS, municipalities=municipalities, municipality=municipality,
        pager_args={k: v for k, v in (("status", status), ("municipality", municipality)) if v},
    )
