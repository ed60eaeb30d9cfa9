"""``flask needs close-expired``: close open competence needs whose expiry date has passed."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.employers.services import close_expired_needs
from app.extensions import db

needs_cli = AppGroup("needs", help="Competence needs.")


@needs_cli.command("close-expired")
def close_expired() -> None:
    """Close every open need whose expiry date has passed (safe to run at any time, e.g. daily)."""
    closed = close_expired_needs()
    db.session.commit()
    click.echo(f"{closed} expired needs closed")
