"""The administrator's outbox: every e-mail Landa wrote, what became of it, and a retry button."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app.audit.services import record
from app.auth.access import role_required
from app.auth.models import Role
from app.extensions import db
from app.outbox import services
from app.outbox.models import EmailStatus, OutgoingEmail
from app.pagination import paginate

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox", template_folder="templates")
STATUS_LABELS = {
    EmailStatus.PENDING: _l("Waiting"), EmailStatus.SENDING: _l("Sending"), EmailStatus.SENT: _l("Sent"),
    EmailStatus.FAILED: _l("Failed"), EmailStatus.HELD: _l("Held: no mail server"),
}


@bp.route("/")
@role_required(Role.ADMIN)
def index():
    status = request.args.get("status", "")
    stmt = select(OutgoingEmail).order_by(OutgoingEmail.id.desc())
    if status in EmailStatus.__members__.values():
        stmt = stmt.where(OutgoingEmail.status == status)
    else:
        status = ""
    counts = dict(db.session.execute(select(OutgoingEmail.status, func.count()).group_by(OutgoingEmail.status)).all())
    return render_template("outbox/index.html", emails=paginate(stmt, 50), counts=counts, status=status,
                           statuses=list(EmailStatus), labels=STATUS_LABELS,
                           pager_args={"status": status} if status else {})


@bp.route("/<int:email_id>")
@role_required(Role.ADMIN)
def show(email_id: int):
    email = db.session.get(OutgoingEmail, email_id) or abort(404)
    # A sign-in link in someone else's e-mail would let the reader into their account: shown only
    # on a development machine, where the held outbox is how a demo gets its links.
    readable = not email.sensitive or current_app.config["LANDA_ENV"] == "development"
    record(current_user, "view", "email", email.id)
    db.session.commit()
    return render_template("outbox/show.html", email=email, readable=readable, labels=STATUS_LABELS)


@bp.route("/<int:email_id>/retry", methods=["POST"])
@role_required(Role.ADMIN)
def retry(email_id: int):
    email = db.session.get(OutgoingEmail, email_id) or abort(404)
    if not services.retry(email):
        db.session.rollback()
        flash(_("Only a failed or held e-mail can be sent again."), "error")
        return redirect(url_for("outbox.show", email_id=email_id))
    record(current_user, "retry", "email", email.id)
    db.session.commit()
    flash(_("The e-mail is queued again."), "success")
    return redirect(url_for("outbox.show", email_id=email_id))
