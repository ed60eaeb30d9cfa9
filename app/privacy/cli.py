"""``flask privacy retention``: apply the retention rules now (what the daily job does; safe to repeat)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.privacy.retention import retention_job, rules

privacy_cli = AppGroup("privacy", help="Erasure and retention (gallring).")


@privacy_cli.command("retention")
def run_retention() -> None:
    """Apply every retention rule once and print what changed."""
    done = retention_job()
    for kind, rule in rules().items():
        click.echo(f"{kind.value}: {rule.action.value} after {rule.months} months: {done[kind.value]}")
