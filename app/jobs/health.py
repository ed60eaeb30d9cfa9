"""How the background work is doing, for `flask jobs status` and `/healthz`: read from Redis (the
queues) and from the database (what is due, what failed, how long the oldest due item has waited)."""

from __future__ import annotations

import re
from datetime import timedelta

from rq.registry import ScheduledJobRegistry
from sqlalchemy import func, or_, select

from app.extensions import db
from app.jobs import QUEUES, get_queue
from app.jobs.sweep import CLAIM_TIMEOUT
from app.models import today, utcnow
from app.outbox.models import EmailStatus, OutgoingEmail
from app.reception.models import FollowUp, FollowUpStatus

LAG_LIMIT = timedelta(minutes=15)  # the sweeper runs every minute: older due work means it is stuck


def work_lag() -> timedelta:
    """How late the oldest due work is (an e-mail due, a claim nobody released, a follow-up due), read from
    three index ranges of what is due: cheap whatever the size of the outbox (anyone may ask ``/healthz``)."""

    now = utcnow()
    oldest_email = db.session.scalar(select(func.min(func.coalesce(OutgoingEmail.next_attempt_at,
                                                                   OutgoingEmail.created_at)))
                                     .where(OutgoingEmail.status == EmailStatus.PENDING,
                                            or_(OutgoingEmail.next_attempt_at.is_(None),
                                                OutgoingEmail.next_attempt_at <= now)))
    oldest_follow_up = db.session.scalar(select(func.min(FollowUp.due_on)).where(
        FollowUp.status == FollowUpStatus.SCHEDULED, FollowUp.due_on <= today()))
    stale_claim = db.session.scalar(select(func.min(OutgoingEmail.claimed_at)).where(
        OutgoingEmail.status == EmailStatus.SENDING, OutgoingEmail.claimed_at < now - CLAIM_TIMEOUT))
    lag = timedelta(0)
    if stale_claim is not None:  # a claim the sweeper should have released: it is not running
        stale_claim = stale_claim if stale_claim.tzinfo else stale_claim.replace(tzinfo=now.tzinfo)
        lag = max(lag, now - stale_claim - CLAIM_TIMEOUT)
    if oldest_email is not None:
        oldest_email = oldest_email if oldest_email.tzinfo else oldest_email.replace(tzinfo=now.tzinfo)
        lag = max(lag, now - oldest_email)
    if oldest_follow_up is not None and oldest_follow_up < today():
        lag = max(lag, timedelta(days=(today() - oldest_follow_up).days))
    return lag


def work_health() -> dict:
    """The work's figures for people on call (``flask jobs status``, the admin pages): the outbox by status
    (a count over all of it), follow-ups due, and the lag."""

    emails = dict(db.session.execute(select(OutgoingEmail.status, func.count()).group_by(OutgoingEmail.status)).all())
    lag = work_lag()
    return {
        "emails": {status.value: emails.get(status, 0) for status in EmailStatus},
        "follow_ups_due": db.session.scalar(select(func.count()).select_from(FollowUp).where(
            FollowUp.status == FollowUpStatus.SCHEDULED, FollowUp.due_on <= today())),
        "oldest_due_seconds": int(lag.total_seconds()),
        "lagging": lag > LAG_LIMIT,
    }


EMAIL_JOB = re.compile(r"(?:^|-)email-(\d+)-")


def recovered(job_ids: list[str]) -> set[str]:
    """Of these failed jobs, the e-mail deliveries whose e-mail was sent since (by a later attempt): their
    failure is history, not work that waits."""

    emails = {job_id: int(m.group(1)) for job_id in job_ids if (m := EMAIL_JOB.search(job_id))}
    if not emails:
        return set()
    sent = set(db.session.scalars(select(OutgoingEmail.id).where(OutgoingEmail.id.in_(set(emails.values())),
                                                                 OutgoingEmail.status == EmailStatus.SENT)))
    return {job_id for job_id, email_id in emails.items() if email_id in sent}


def queue_health() -> dict | None:
    """Queue lengths, scheduled and failed jobs per queue (failed: still to be dealt with; recovered: failed
    e-mail deliveries whose e-mail was sent later); None without Redis."""

    queues = {}
    for name in QUEUES:
        queue = get_queue(name)
        if queue is None:
            return None
        failed = queue.failed_job_registry.get_job_ids()
        done = recovered(failed)
        queues[name] = {"queued": len(queue), "failed": len(failed) - len(done), "recovered": len(done),
                        "scheduled": ScheduledJobRegistry(queue=queue).count}
    return queues
