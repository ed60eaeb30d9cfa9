"""The sweeper: every minute, hand the queue what the database says is due.

The database is the source of truth for scheduled work; Redis only carries it. The sweeper
re-queues e-mails whose attempt is due (retries, and any whose job was lost with Redis), releases
e-mails claimed by a worker that died, and queues due follow-ups. Job ids are deterministic, so a
sweep that overlaps a slow worker, or another sweep, queues nothing twice; the jobs claim their row
with a conditional UPDATE, so even a job that runs twice sends once.

One boundary stays at-least-once: a worker that dies after the mail server accepted a message but
before its commit leaves the row claimed; after ``CLAIM_TIMEOUT`` it is released and sent again.
Nothing else is ever sent twice. No heartbeat is needed to tell a dead worker from a slow one: a send
is bounded by the mail timeout (15 s; at most twice that when a kept connection is opened again), so a
claim older than a minute belongs to a worker that is gone.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, or_, select

from app.extensions import db
from app.jobs import enqueue, sweep_window
from app.models import utcnow
from app.outbox.jobs import BACKOFF, MAX_ATTEMPTS, deliver_email
from app.outbox.models import EmailStatus, OutgoingEmail
from app.reception.jobs import queue_due_follow_ups

CLAIM_TIMEOUT = timedelta(minutes=1)
SETTLE = timedelta(minutes=1)  # a new e-mail's own job runs first; the sweeper is the safety net


def release_stale_claims(now) -> int:
    """E-mails claimed by a worker that died: the claim counts as a failed attempt (back off, or fail
    for good at the limit), so a message that keeps killing its worker is not sent forever."""
    stale = db.session.scalars(select(OutgoingEmail).where(
        OutgoingEmail.status == EmailStatus.SENDING,
        or_(OutgoingEmail.claimed_at.is_(None), OutgoingEmail.claimed_at < now - CLAIM_TIMEOUT))
        .with_for_update(skip_locked=True)).all()
    for email in stale:
        email.last_error = "the worker sending it stopped (claim expired)"
        if email.attempts >= MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
        else:
            email.status = EmailStatus.PENDING
            email.next_attempt_at = now + BACKOFF[max(0, email.attempts - 1)]
    return len(stale)


def sweep_job() -> dict[str, int]:
    now = utcnow()
    released = release_stale_claims(now)
    due = db.session.execute(select(OutgoingEmail.id, OutgoingEmail.attempts).where(
        OutgoingEmail.status == EmailStatus.PENDING,
        or_(and_(OutgoingEmail.next_attempt_at.is_(None), OutgoingEmail.created_at <= now - SETTLE),
            OutgoingEmail.next_attempt_at <= now)).order_by(OutgoingEmail.id)).all()
    window = sweep_window(now)
    for email_id, attempts in due:
        enqueue(deliver_email, email_id, queue="mail", job_id=f"email-{email_id}-{attempts}-{window}")
    follow_ups = queue_due_follow_ups(window)
    db.session.commit()  # the jobs are handed over once this commits
    return {"emails": len(due), "released": released, **follow_ups}
