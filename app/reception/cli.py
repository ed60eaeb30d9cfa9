"""``flask reception follow-ups``: queue (or, without Redis, run) the follow-ups that are due."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.reception.jobs import sweep_follow_ups_job

reception_cli = AppGroup("reception", help="Reception of newcomers.")


@reception_cli.command("follow-ups")
def follow_ups() -> None:
    """Send the check-ins that are due and give officers tasks for those a week without an answer
    (safe to run at any time; `flask jobs cron` sweeps every minute)."""
    counts = sweep_follow_ups_job()
    click.echo(f"{counts['due']} follow-ups due, {counts['unanswered']} without an answer for a week")
