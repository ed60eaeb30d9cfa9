"""The public needs board: open competence needs by municipality and occupation, no account needed."""

from __future__ import annotations

import re
from time import monotonic as clock

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.access import public, role_required
from app.auth.models import Role
from app.caching import kept_for_visitors
from app.catalogue.models import Municipality
from app.catalogue.services import search_occupations
from app.database import Refusal, committed
from app.employers import candidates, services
from app.employers.models import EMPLOYMENT_TYPE_LABELS, RELOCATION_SUPPORT, CompetenceNeed, EmploymentType, Interest
from app.extensions import db
from app.i18n import reader_text
from app.main import found, structured
from app.matching.models import MatchingVersion
from app.matching.services import household_scores
from app.models import today
from app.pagination import paginate
from app.talent.services import profile_for

bp = Blueprint("board", __name__, url_prefix="/needs", template_folder="templates")


def _needs_version() -> str:
    """What the board shows moves with every need and organisation (``matching_version.needs``) and with
    the date (needs expire at midnight). Each process reads the version at most once a second
    (``LANDA_BOARD_VERSION_SECONDS``): under load the board is served from the kept page without touching
    the database, and a visitor sees a changed need within that second."""

    memo = current_app.extensions.setdefault("landa_board_version", {"at": float("-inf"), "value": None})
    now = clock()
    if now - memo["at"] >= current_app.config["LANDA_BOARD_VERSION_SECONDS"]:
        memo["value"] = db.session.scalar(select(MatchingVersion.needs).where(MatchingVersion.id == 1))
        memo["at"] = now
    return f"{memo['value']}:{today()}"


# Landa's employment types as schema.org's (Google's) employmentType. Landa records no working hours: its
# needs are recruitments to whole positions, so a permanent one is read as full time.
SCHEMA_EMPLOYMENT_TYPES = {
    EmploymentType.PERMANENT: "FULL_TIME",
    EmploymentType.PROBATIONARY: "FULL_TIME",
    EmploymentType.FIXED_TERM: "TEMPORARY",
    EmploymentType.PROJECT: "TEMPORARY",
    EmploymentType.SEASONAL: "TEMPORARY",
}


def job_posting(need: CompetenceNeed) -> dict:
    """A public need as a schema.org ``JobPosting`` (the fields Google's job search requires, and the
    recommended ones Landa knows), in the reader's language where the employer wrote it twice."""
    title = reader_text(need, "title")
    description = reader_text(need, "description") or _(
        "%(title)s at %(organisation)s in %(place)s.", title=title, organisation=need.organisation.name,
        place=need.municipality.name_sv)
    posting = {
        "@type": "JobPosting",
        "title": title,
        "description": description,
        "datePosted": structured.local_moment(need.published_at or need.created_at),
        "hiringOrganization": {"@type": "Organization", "name": need.organisation.name},
        "jobLocation": structured.place(need.municipality),
        "employmentType": SCHEMA_EMPLOYMENT_TYPES.get(need.employment_type, "OTHER"),
        "totalJobOpenings": need.positions,
        "identifier": {"@type": "PropertyValue", "name": "Landa", "value": str(need.id)},
        "url": found.absolute("board.show", {"need_id": need.id}),
    }
    if need.expires_on is not None:
        posting["validThrough"] = structured.local_moment(need.expires_on, end_of_day=True)
    if need.start_date is not None:
        posting["jobStartDate"] = need.start_date.isoformat()
    salary = structured.monthly_salary(need.salary_min, need.salary_max)
    if salary is not None:
        posting["baseSalary"] = salary
    return posting


@bp.route("/")
@public
@kept_for_visitors(_needs_version)
def index():
    municipality = request.args.get("municipality", "")
    typed = " ".join(request.args.get("occupation", "").split())[:200]
    occupation = re.match(r"\d{1,4}", typed).group(0) if re.match(r"\d{1,4}", typed) else ""
    # A job title typed without picking from the list: the occupations it finds, in Swedish or English.
    codes = [o.code for o in search_occupations(db.session, typed, limit=30)] if typed and not occupation else None
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name_sv)).all()
    if municipality and municipality not in {m.code for m in municipalities}:
        municipality = ""
    stmt = services.public_needs(municipality or None, occupation or None, codes).options(
        joinedload(CompetenceNeed.organisation), joinedload(CompetenceNeed.occupation),
        joinedload(CompetenceNeed.municipality))
    needs = paginate(stmt, per_page=20)
    return render_template("board/index.html", needs=needs, municipalities=municipalities,
                           municipality=municipality, occupation=typed,
                           pager_args={k: v for k, v in (("municipality", municipality),
                                                         ("occupation", typed)) if v},
                           employment_type_labels=EMPLOYMENT_TYPE_LABELS)


@bp.route("/<int:need_id>")
@public
@kept_for_visitors(_needs_version)
def show(need_id: int):
    need = db.session.scalar(services.public_needs().where(CompetenceNeed.id == need_id))
    if need is None:
        abort(404)  # drafts, closed needs and unapproved organisations are not public
    interested = False
    fit = []
    if current_user.is_authenticated and current_user.role == Role.NEWCOMER:

        profile = profile_for(current_user)
        interested = profile is not None and db.session.scalar(
            select(Interest.id).where(Interest.need_id == need.id, Interest.member_id == profile.me.id)) is not None
        fit = household_scores(need, profile) if profile is not None else []
    return render_template("board/need.html", need=need, employment_type_labels=EMPLOYMENT_TYPE_LABELS,
                           relocation_labels=RELOCATION_SUPPORT, interested=interested, fit=fit,
                           job_posting=job_posting(need))


@bp.route("/<int:need_id>/interest", methods=["POST"])
@role_required(Role.NEWCOMER)
def interest(need_id: int):
    profile = profile_for(current_user)
    if profile is None:
        abort(404)
    if request.form.get("withdraw"):
        candidates.withdraw_interest(profile, need_id)
        db.session.commit()
        flash(_("Your interest is withdrawn."), "success")
        return redirect(url_for("board.show", need_id=need_id))
    if isinstance(committed(lambda: candidates.show_interest(profile, need_id), (services.EmployerError,)), Refusal):
        abort(404)
    flash(_("The employer can now see your profile, without your name. You decide if they may contact you."),
          "success")
    return redirect(url_for("board.show", need_id=need_id))
