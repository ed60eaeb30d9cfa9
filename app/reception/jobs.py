"""Reception jobs. Each takes ids (or nothing), is idempotent and commits its own work."""

from __future__ import annotations

import logging
from collections import Counter

from app.extensions import db
from app.jobs import enqueue, run_here, sweep_window
from app.models import utcnow
from app.outbox.jobs import deliver_email
from app.reception import followups

log = logging.getLogger(__name__)
BATCH = 25  # check-ins per job: the queue's bookkeeping per job is shared by many, each still its own commit


def queue_due_follow_ups(window: str = "now") -> dict[str, int]:
    """Queue what is due: check-ins whose day has come, and sent ones a week without an answer.

    Job ids are deterministic, so a sweep that overlaps a slow worker queues nothing twice; the
    jobs themselves claim their row, so even a second run sends nothing twice. The caller commits."""
    due, late = followups.due(), followups.unanswered()
    for ids in _batches(due):
        enqueue(send_follow_ups_job, ids, job_id=f"follow-up-send-{ids[0]}-{ids[-1]}-{len(ids)}-{window}")
    for ids in _batches(late):
        enqueue(follow_ups_missed_job, ids, job_id=f"follow-up-missed-{ids[0]}-{ids[-1]}-{len(ids)}-{window}")
    return {"due": len(due), "unanswered": len(late)}


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)]


def sweep_follow_ups_job() -> dict[str, int]:
    counts = queue_due_follow_ups(sweep_window(utcnow()))
    db.session.commit()
    return counts


def send_follow_up_job(follow_up_id: int) -> str:
    outcome = followups.send(follow_up_id)
    db.session.commit()
    return outcome


def send_follow_ups_job(follow_up_ids: list[int]) -> dict[str, int]:
    """Several check-ins, each claimed and committed on its own: one that fails, or a worker killed midway,
    leaves only that one due, and the sweeper hands it over again. Each check-in's e-mail goes out right
    after its commit, from this worker (``run_here``)."""
    with run_here(deliver_email):
        return _each(send_follow_up_job, follow_up_ids)


def follow_ups_missed_job(follow_up_ids: list[int]) -> dict[str, int]:
    return _each(follow_up_missed_job, follow_up_ids)


def _each(job, ids: list[int]) -> dict[str, int]:
    outcomes: Counter[str] = Counter()
    for one in ids:
        try:
            outcomes[job(one)] += 1
        except Exception:  # the others still go; this one stays due
            db.session.rollback()
            log.exception("%s(%s) failed", job.__name__, one)
            outcomes["failed"] += 1
    return dict(outcomes)


def follow_up_missed_job(follow_up_id: int) -> str:
    outcome = followups.mark_missed(follow_up_id)
    db.session.commit()
    return outcome
