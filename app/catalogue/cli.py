"""``flask seed``: fill the database. ``reference`` loads the packaged reference data (safe to re-run)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.catalogue.services import load_reference_data
from app.extensions import db

seed_cli = AppGroup("seed", help="Load reference data (and demo data) into the database.")


@seed_cli.command("reference")
def seed_reference() -> None:
    """Load municipalities, services, housing contacts and occupations from the packaged files."""
    counts = load_reference_data(db.session)
    db.session.commit()
    for table, count in counts.items():
        click.echo(f"{table}: {count}")
