"""Landa: the digital ecosystem of the SAM project in Västernorrland.

``create_app`` reads as the table of contents of the application.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from app import api, database, i18n, insights, jobs, ratelimit, routing, security, sessions
from app.attraction.editing import bp as place_texts_bp
from app.attraction.views import bp as attraction_bp
from app.audit import guard
from app.audit.views import bp as audit_bp
from app.auth import access, login
from app.auth.cli import users_cli
from app.auth.views import bp as auth_bp
from app.catalogue.cli import seed_cli
from app.catalogue.views import bp as directory_bp
from app.config import ConfigError, load_config
from app.employers.board import bp as board_bp
from app.employers.cli import needs_cli
from app.employers.pages import bp as organisation_pages_bp
from app.employers.views import bp as employers_bp
from app.events.views import bp as events_bp
from app.extensions import csrf, db, mail, migrate
from app.i18n import translate_cli
from app.jobs.cli import jobs_cli
from app.jobs.views import bp as jobs_bp
from app.leads import views as leads
from app.main import errors
from app.main.views import bp as main_bp
from app.matching import cards, texts
from app.outbox.views import bp as outbox_bp
from app.privacy.cli import privacy_cli
from app.privacy.views import bp as privacy_bp
from app.reception.cli import reception_cli
from app.reception.views import bp as reception_bp
from app.seed.demo import register_demo_command
from app.seed.synthetic import seed_synthetic
from app.talent.cli import talent_cli
from app.talent.views import bp as talent_bp

__all__ = ["ConfigError", "create_app"]


def create_app(test_config: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> Flask:
    instance_path = (env or os.environ).get("LANDA_INSTANCE_PATH") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.from_mapping(load_config(app.instance_path, env))
    if test_config:
        app.config.from_mapping(test_config)

    register_extensions(app)
    register_session_hooks(app)
    register_routing(app)
    register_blueprints(app)
    register_access_control(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:

    database.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    mail.init_app(app)
    i18n.init_app(app)
    login.init_app(app)
    sessions.init_app(app)
    jobs.init_app(app)


def register_session_hooks(app: Flask) -> None:
    """What every database session does besides the work it is given (process-wide SQLAlchemy listeners,
    each added once): jobs queued in a transaction go out after its commit and are dropped with its rollback;
    the talent cards that matching searches are rewritten in the same flush as the rows they are built
    from; audit entries cannot be changed or deleted (outside erasure and retention)."""

    jobs.listen(app)
    cards.init_app(app)
    guard.init_app(app)


def register_routing(app: Flask) -> None:

    routing.init_app(app)


def register_blueprints(app: Flask) -> None:

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(talent_bp)
    app.register_blueprint(employers_bp)
    app.register_blueprint(board_bp)
    app.register_blueprint(reception_bp)
    app.register_blueprint(outbox_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(attraction_bp)  # /move: the public "Move to Västernorrland" pages
    app.register_blueprint(events_bp)  # /events: job fairs, webinars, welcome meetings; registrations
    app.register_blueprint(leads.bp)  # /move/interest and /reception/leads; campaigns remembered
    leads.init_app(app)
    app.register_blueprint(place_texts_bp)  # /move/<code>/texts: officers write their municipality's blocks
    app.register_blueprint(organisation_pages_bp)  # /organisations/<id>: an approved organisation's public page
    insights.init_app(app)  # /insights: the region's figures, charts and exports (app/insights)
    api.init_app(app)  # /api/v1 and its OpenAPI document


def register_access_control(app: Flask) -> None:

    access.init_app(app)
    ratelimit.init_app(app)  # sign-in and token creation: per account and per address
    security.init_app(app)


def register_error_handlers(app: Flask) -> None:

    errors.init_app(app)


def register_template_helpers(app: Flask) -> None:

    i18n.register_template_helpers(app)
    texts.register_template_helpers(app)


def register_cli(app: Flask) -> None:

    register_demo_command(seed_cli)
    seed_cli.add_command(seed_synthetic)
    app.cli.add_command(seed_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(translate_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(talent_cli)
    app.cli.add_command(needs_cli)
    app.cli.add_command(reception_cli)
    app.cli.add_command(privacy_cli)
