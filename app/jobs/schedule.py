"""Recurring jobs, declared once as data. ``flask jobs cron`` runs them on rq's cron scheduler.

Times are cron expressions in UTC. Every job here must be safe to run twice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scheduled:
    name: str
    cron: str
    func: str  # dotted path of a job function that takes no arguments
    queue: str = "default"


SCHEDULE = (
    Scheduled("close-expired-needs", "15 2 * * *", "app.employers.jobs.close_expired_needs_job"),
    # Every minute: due and retried e-mails, claims of dead workers, due follow-ups.
    Scheduled("sweep", "* * * * *", "app.jobs.sweep.sweep_job"),
)
