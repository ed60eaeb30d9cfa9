"""Deliver one queued e-mail. Safe to run twice: only a pending row is claimed and sent."""

from __future__ import annotations

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import update

from app.extensions import db
from app.models import utcnow
from app.outbox.models import EmailStatus, OutgoingEmail

MAX_ATTEMPTS = 5
REDACTED = "[sent; removed because it held a sign-in link]"


def deliver_email(email_id: int) -> str:
    claimed = db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id == email_id, OutgoingEmail.status == EmailStatus.PENDING)
        .values(status=EmailStatus.SENDING, attempts=OutgoingEmail.attempts + 1)
    ).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"
    email = db.session.get(OutgoingEmail, email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[email.to_address],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # SMTP and network errors: keep the row, try again later
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        email.status = EmailStatus.FAILED if email.attempts >= MAX_ATTEMPTS else EmailStatus.PENDING
        db.session.commit()
        raise
    email.status = EmailStatus.SENT
    email.sent_at = utcnow()
    email.last_error = None
    if email.sensitive:
        email.body_text = email.body_html = REDACTED
    db.session.commit()
    return "sent"
