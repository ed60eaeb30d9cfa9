"""Flask-Login wiring: how a session id becomes a user."""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from app.auth.access import is_safe_next
from app.auth.models import STAFF_ROLES, User
from app.extensions import db, login_manager
from app.main.errors import problem


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = app.config["SESSION_PROTECTION"]
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(end_idle_staff_sessions)


SEEN_KEY = "_landa_seen"
SEEN_EVERY = 60  # seconds: the session is rewritten at most once a minute for this


def end_idle_staff_sessions():
    """Officers, coordinators and administrators see many households' data: their session ends after
    ``LANDA_STAFF_IDLE_MINUTES`` without a request (a computer left open at the desk)."""
    if request.path.startswith("/api/") or request.endpoint == "static" or not current_user.is_authenticated:
        return None
    if current_user.role not in STAFF_ROLES:
        return None
    now, seen = time.time(), session.get(SEEN_KEY)
    idle = current_app.config["LANDA_STAFF_IDLE_MINUTES"]
    if isinstance(seen, int | float) and now - seen > idle * 60:
        lang = session.get("lang") or current_user.locale  # the sign-in page stays in their language
        logout_user()
        session.clear()
        if lang:
            session["lang"] = lang
        flash(_("You were signed out after %(minutes)d minutes without activity.", minutes=idle), "info")
        return None  # the page's own rule now sends them to sign in
    if not isinstance(seen, int | float) or now - seen > SEEN_EVERY:
        session[SEEN_KEY] = now
    return None


def load_user(user_id: str):
    try:
        raw_id, raw_epoch = user_id.split(":")
        user = db.session.get(User, int(raw_id))
        epoch = int(raw_epoch)
    except (ValueError, AttributeError):
        return None
    if user is None or user.session_epoch != epoch or not user.active:
        return None
    return user


def _unauthorized():
    if request.path.startswith("/api/"):
        return problem(401, _("Sign in to use this resource."),
                       _("Send a personal access token as 'Authorization: Bearer landa_...'; "
                         "POST /api/v1/tokens gives one for an e-mail and password."))
    flash(_("Please sign in to see this page."), "info")
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=target if is_safe_next(target) else None))
