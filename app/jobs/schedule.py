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
    Scheduled("officer-digest", "0 5 * * *", "app.reception.digests.officer_digest_job"),
    # Weekly, but tried every morning: it sends once per ISO week (keyed notices), so a Monday missed while the
    # scheduler was down goes out on the next morning it runs, still about the week before.
    Scheduled("employer-digest", "0 6 * * *", "app.employers.digests.employer_digest_job"),
    Scheduled("profile-reminders", "0 8 * * *", "app.talent.digests.pause_reminder_job"),
    # Before the plan's deadlines, for households that asked (once each: keyed notices).
    Scheduled("plan-reminders", "15 7 * * *", "app.talent.reminders.plan_reminders_job"),
    # Weekly job alerts for newcomers, tried every morning like the employers' digest (once per ISO week).
    Scheduled("job-alerts", "30 6 * * *", "app.matching.alerts.job_alerts_job"),
    # The day before an event, everyone with a seat (once each: a conditional UPDATE of its marker).
    Scheduled("event-reminders", "0 7 * * *", "app.events.jobs.event_reminders_job"),
    # The outcome funnel's rows, one per household (app/insights/outcomes.py): the pages say how old they are;
    # then the usual views' charts, drawn ahead of their readers (app/insights/jobs.py).
    Scheduled("insights-outcomes", "*/15 * * * *", "app.insights.jobs.count_outcomes_job"),
    # Erasure and culling by the administrator's retention rules (app/privacy/retention.py).
    Scheduled("retention", "30 3 * * *", "app.privacy.retention.retention_job"),
)
