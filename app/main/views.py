from __future__ import annotations

import logging
from datetime import datetime

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user
from sqlalchemy import text

from app.auth.access import is_safe_next, public
from app.auth.models import Role
from app.auth.roles import start_url
from app.caching import kept_for_visitors
from app.extensions import csrf, db
from app.jobs.health import LAG_LIMIT, queue_health, work_health, work_lag
from app.main import found, structured
from app.redis_client import get_redis

bp = Blueprint("main", __name__)
log = logging.getLogger(__name__)
bp.add_app_template_global(found.page_links, "found_page")
bp.add_app_template_global(structured.json_ld, "json_ld")


@bp.route("/")
@public
@kept_for_visitors()
def index():
    return render_template("main/index.html")


@bp.route("/privacy")
@public
@kept_for_visitors()
def privacy():
    """How Landa handles personal data (GDPR art. 13): who, what, why, who sees it, how long, your rights."""
    return render_template("main/privacy.html")


@bp.route("/accessibility")
@public
@kept_for_visitors()
def accessibility():
    """The accessibility statement (tillgänglighetsredogörelse) the law on accessible public digital
    services asks for: how accessible Landa is, what is known not to work, and where to report it."""
    return render_template("main/accessibility.html")


@bp.route("/sitemap.xml")
@public
def sitemap():
    """Every public page in both languages, for search engines (the sitemap protocol, with hreflang)."""
    entries = found.public_pages()
    changed = [e.lastmod for e in entries if isinstance(e.lastmod, datetime)]
    return found.conditional(found.sitemap_xml(entries), "application/xml", max(changed) if changed else None)


@bp.route("/robots.txt")
@public
def robots():
    """What crawlers may read: the public pages, not the staff and account areas; where the sitemap is."""
    return found.conditional(found.robots_txt(), "text/plain")


@bp.route("/start")
def start():
    """Each role's own start page."""
    return redirect(start_url(current_user))


@bp.route("/language", methods=["POST"])
@public
@csrf.exempt
def set_language():
    """The language switch on every page. For a signed-in person it also saves their language, so their
    session's CSRF token is checked; an anonymous visitor's choice changes only their own session, so the
    switch needs no token, and a page without a form of its own creates no session."""
    if current_user.is_authenticated and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    lang = request.form.get("lang", "")
    target = request.form.get("next") or ""
    back = target if is_safe_next(target) else url_for("main.index")
    if lang not in current_app.config["LANDA_LOCALES"]:
        flash(_("We do not have that language. Choose Svenska or English."), "error")
        return redirect(back)
    session["lang"] = lang
    if current_user.is_authenticated and current_user.locale != lang:
        current_user.locale = lang
        db.session.commit()
    refresh()
    return redirect(back)


@bp.route("/healthz")
@public
def healthz():
    checks: dict[str, dict] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True, "backend": db.engine.dialect.name}
    except Exception as exc:  # report, never crash: this page is for load balancers and people on call
        db.session.rollback()
        log.warning("health check: database unavailable: %s", exc)
        checks["database"] = {"ok": False}
    redis = get_redis()
    if redis is None:
        checks["queue"] = {"ok": True, "backend": "in-process"}
    else:
        try:
            redis.ping()
            checks["queue"] = {"ok": True, "backend": "redis"}
        except Exception as exc:
            log.warning("health check: redis unavailable: %s", exc)
            checks["queue"] = {"ok": False, "backend": "redis"}
    ok = all(c["ok"] for c in checks.values())
    lagging = False
    if checks["database"]["ok"]:
        # Work waiting too long is reported (for people on call), but a web process that can reach the
        # database and Redis is still healthy: a load balancer should keep sending it requests.
        try:
            lagging = work_lag() > LAG_LIMIT  # cheap: anyone (a load balancer) may ask
            checks["work"] = {"ok": not lagging}
            if current_user.is_authenticated and current_user.role == Role.ADMIN:  # the figures: admins only
                checks["work"].update(work_health(), queues=queue_health() if redis is not None else None)
        except Exception as exc:
            db.session.rollback()
            log.warning("health check: could not read the work figures: %s", exc)
    return jsonify(status="ok" if ok and not lagging else "degraded", checks=checks), 200 if ok else 503
