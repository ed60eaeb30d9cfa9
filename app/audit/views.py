"""The audit search: a coordinator or an administrator looks up one person and reads every entry about their
data (account, profile, cases, e-mails, employers' looks at their name) and every entry by them, newest first.
Each look is itself an entry in the trail, about the person looked up."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import func, or_, select

from app.audit.services import record
from app.auth.access import role_required
from app.auth.models import Role, User
from app.extensions import db
from app.pagination import paginate_list
from app.privacy.texts import action_label, who
from app.privacy.trail import organisations_of, person_trail
from app.talent.services import profile_id_of

bp = Blueprint("audit", __name__, url_prefix="/admin/audit", template_folder="templates")

PER_PAGE = 50
FOUND_AT_MOST = 20


@bp.route("/")
@role_required(Role.COORDINATOR, Role.ADMIN)
def search():
    query = " ".join(request.args.get("q", "").split())[:100]
    person_id = request.args.get("person", type=int)
    found: list[User] = []
    if query and person_id is None:
        pattern = f"%{query.lower()}%"
        found = list(db.session.scalars(
            select(User).where(or_(func.lower(User.email).like(pattern), func.lower(User.full_name).like(pattern)))
            .order_by(User.full_name, User.id).limit(FOUND_AT_MOST)))
        record(current_user, "audit_people_search", "user_search", 0, None, query=query, found=[u.id for u in found])
    person, events, organisations = None, None, {}
    if person_id is not None:
        person = db.session.get(User, person_id)
        if person is None:
            abort(404)
        profile_id = profile_id_of(person)
        events = paginate_list(person_trail(person, profile_id), PER_PAGE)
        organisations = organisations_of(events.items)
        record(current_user, "audit_search", "user", person.id, profile_id, page=events.page)
    page = render_template("audit/search.html", query=query, found=found, person=person, events=events,
                           organisations=organisations, action_label=action_label, who=who,
                           pager_args={"person": person.id} if person else {})
    db.session.commit()  # rendered first: the commit would expire what the page shows
    return page
