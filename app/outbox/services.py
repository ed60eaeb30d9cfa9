"""Queue e-mail: render in the recipient's language, store the row, deliver after commit."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from sqlalchemy import update

from app import jobs
from app.extensions import db
from app.models import utcnow
from app.outbox.jobs import deliver_email
from app.outbox.models import EmailStatus, OutgoingEmail


def queue_email(to_address: str, kind: str, locale: str, subject: str | None = None, sensitive: bool = False,
                **context) -> OutgoingEmail:
    """Render ``email/<kind>.txt`` and ``.html`` in ``locale`` and queue delivery after commit."""
    with force_locale(locale):
        text = render_template(f"email/{kind}.txt", **context)
        html = render_template(f"email/{kind}.html", **context)
        subject_line = render_template(f"email/{kind}.subject.txt", **context).strip()
    email = OutgoingEmail(
        to_address=to_address, subject=subject or subject_line, body_text=text, body_html=html,
        locale=locale, kind=kind, sensitive=sensitive,
    )
    db.session.add(email)
    db.session.flush()
    jobs.enqueue(deliver_email, email.id, queue="mail", job_id=delivery_job_id(email))
    return email


def delivery_job_id(email: OutgoingEmail) -> str:
    """One job id per attempt: the sweeper's re-queue of the same attempt is a duplicate, a retry is not."""
    return f"email-{email.id}-{email.attempts or 0}"


def retry(email: OutgoingEmail) -> bool:
    """An administrator sends a failed or held e-mail again, with a fresh set of attempts. Only a row
    still failed or held is reset (two clicks, or two administrators, queue it once)."""
    reset = db.session.execute(
        update(OutgoingEmail).where(OutgoingEmail.id == email.id,
                                    OutgoingEmail.status.in_([EmailStatus.FAILED, EmailStatus.HELD]))
        .values(status=EmailStatus.PENDING, attempts=0, next_attempt_at=None, claimed_at=None)
        .execution_options(synchronize_session=False)).rowcount
    if reset:
        jobs.enqueue(deliver_email, email.id, queue="mail", job_id=f"email-{email.id}-retry-{utcnow():%Y%m%d%H%M%S}")
    return bool(reset)
