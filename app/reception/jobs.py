"""Reception jobs. Each takes ids (or nothing), is idempotent and commits its own work."""

from __future__ import annotations

from app.extensions import db
from app.jobs import enqueue
from app.reception import followups


def queue_due_follow_ups(window: str = "now") -> dict[str, int]:
    """Queue what is due: check-ins whose day has come, and sent ones a week without an answer.

    Job ids are deterministic, so a sweep that overlaps a slow worker queues nothing twice; the
    jobs themselves claim their row, so even a second run sends nothing twice. The caller commits."""
    due, late = followups.due(), followups.unanswered()
    for follow_up_id in due:
        enqueue(send_follow_up_job, follow_up_id, job_id=f"follow-up-send-{follow_up_id}-{window}")
    for follow_up_id in late:
        enqueue(follow_up_missed_job, follow_up_id, job_id=f"follow-up-missed-{follow_up_id}-{window}")
    return {"due": len(due), "unanswered": len(late)}


def sweep_follow_ups_job() -> dict[str, int]:
    from app.jobs.sweep import sweep_window
    from app.models import utcnow

    counts = queue_due_follow_ups(sweep_window(utcnow()))
    db.session.commit()
    return counts


def send_follow_up_job(follow_up_id: int) -> str:
    outcome = followups.send(follow_up_id)
    db.session.commit()
    return outcome


def follow_up_missed_job(follow_up_id: int) -> str:
    outcome = followups.mark_missed(follow_up_id)
    db.session.commit()
    return outcome
