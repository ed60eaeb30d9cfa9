"""What ``benches/pages.py`` serves: Landa's own app with one trivial endpoint added.

``/_bench/hello`` goes through everything every request goes through (the app's hooks, the session
interface, the security headers, gunicorn) and touches no database: the floor a page is compared with.
With ``LANDA_BENCH_AUDIT=off`` no audit entry reaches the database (``benches/audit.py`` compares).
Only the benchmark serves this module (``gunicorn benches.helpers.serve:app``); ``wsgi.py`` never has the route.
"""

from __future__ import annotations

import os

from app import create_app
from app.auth.access import public

app = create_app()

if os.environ.get("LANDA_BENCH_AUDIT") == "off":  # benches/audit.py: the same app without its audit trail
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app.audit.models import AuditEntry

    @event.listens_for(Session, "before_flush")
    def _no_audit(session, _context, _instances) -> None:
        for entry in [obj for obj in session.new if isinstance(obj, AuditEntry)]:
            session.expunge(entry)


@app.get("/_bench/signed-in")
def bench_signed_in():
    """The floor of a signed-in page: the session, the person, the site's layout; no query of its own."""
    from flask import render_template

    return render_template(_floor_template())


def _floor_template():
    if "floor" not in _compiled:
        _compiled["floor"] = app.jinja_env.from_string(
            '{% extends "base.html" %}{% block title %}Floor{% endblock %}'
            '{% block content %}<h1>Floor</h1>{% endblock %}')
    return _compiled["floor"]


_compiled: dict = {}


@app.get("/_bench/hello")
@public
def bench_hello():
    return "hello", 200, {"Content-Type": "text/plain; charset=utf-8"}
