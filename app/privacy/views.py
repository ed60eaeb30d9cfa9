"""Deleting one's own account (newcomers) and the retention rules (administrators)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app import sessions
from app.audit.services import record
from app.auth.access import role_required
from app.auth.models import Role
from app.auth.passwords import verify_password
from app.employers.members import sole_owner_of
from app.extensions import db
from app.privacy import retention
from app.privacy.erasure import erase_household
from app.privacy.forms import DeleteAccountForm, RetentionForm
from app.privacy.models import ACTION_LABELS, KIND_LABELS, RetentionAction, RetentionKind

bp = Blueprint("privacy", __name__, template_folder="templates")


@bp.route("/account/delete", methods=["GET", "POST"])
@role_required(Role.NEWCOMER, Role.EMPLOYER)
def delete_account():
    form = DeleteAccountForm()
    sole_owner = []
    if current_user.role == Role.EMPLOYER:
        form.understood.label.text = _("I understand that my account is erased for good.")
        sole_owner = sole_owner_of(current_user)
    if form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            user = current_user._get_current_object()
            erase_household(user)
            db.session.commit()
            sessions.end_sessions_of(user.id)  # on every device: no stored session still names them
            lang = session.get("lang")
            logout_user()
            session.clear()
            if lang:
                session["lang"] = lang
            sessions.regenerate(current_app)
            flash(_("Your account has been deleted. Thank you for using Landa."), "success")
            return redirect(url_for("main.index"))
        record(current_user, "erasure_refused", "user", current_user.id, None, reason="wrong_password")
        db.session.commit()
        form.password.errors.append(_("The password is not right."))
    return render_template("privacy/delete_account.html", form=form, sole_owner=sole_owner), (
        422 if form.errors else 200)


@bp.route("/admin/retention", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def retention_rules():
    rules = retention.rules()
    form = RetentionForm(data={kind.value: {"action": rule.action.value, "months": rule.months}
                               for kind, rule in rules.items()})
    if form.validate_on_submit():
        for kind in RetentionKind:
            sub = form[kind.value]
            retention.set_rule(current_user, kind, RetentionAction(sub.action.data), sub.months.data)
        db.session.commit()
        flash(_("The retention rules are saved. The next daily run follows them."), "success")
        return redirect(url_for("privacy.retention_rules"))
    db.session.commit()  # the default rules, on the first visit
    return render_template("privacy/retention.html", form=form, rules=rules, kinds=KIND_LABELS,
                           actions=ACTION_LABELS), 422 if form.errors else 200
