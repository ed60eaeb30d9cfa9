"""Deliver one queued e-mail. Safe to run twice: only a pending, due row is claimed and sent.

Retries are the row's business, not the queue's: a transient failure puts the row back to pending
with ``next_attempt_at`` later (backing off), and the sweeper (``app.jobs.sweep``) queues it again
then. A refusal from the mail server (a 5xx answer, a rejected recipient) fails it for good. A mail
server that cannot be reached at all (an outage) costs the message no attempt: it waits
``UNREACHABLE_RETRY`` and tries again, however long the outage lasts (``/healthz`` reports the work
lagging meanwhile), so an outage no longer uses up every message's attempts.

A worker keeps its SMTP connection open from one message to the next (one TCP and SMTP handshake per
worker rather than per message); a kept connection the server has meanwhile closed is opened again
once, and any error closes it.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import timedelta

from flask import current_app
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import or_, update

from app.extensions import db
from app.models import utcnow
from app.outbox.models import EmailStatus, OutgoingEmail

log = logging.getLogger(__name__)
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1),
           timedelta(hours=6))
MAX_ATTEMPTS = len(BACKOFF) + 1
UNREACHABLE_RETRY = timedelta(minutes=1)
UNREACHABLE = (ConnectionError, TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)
REDACTED = "[sent; removed because it held a sign-in link]"


_kept = threading.local()  # per thread: the embedded default runs e-mail jobs in web threads


def _backend():
    """This thread's mail backend for the current app, its connection kept open between messages."""
    app = current_app._get_current_object()
    if getattr(_kept, "app", None) is not app:
        _kept.app, _kept.backend = app, app.extensions["mailman"].get_connection(fail_silently=False)
    return _kept.backend


def _close(backend) -> None:
    try:
        backend.close()
    except Exception:  # noqa: BLE001  # a connection that is already broken: forget it all the same
        getattr(backend, "__dict__", {}).update(connection=None)


def send(message: EmailMultiAlternatives) -> None:
    """Send on the kept connection; a kept one the server closed while idle is opened again, once."""
    backend = _backend()
    kept = getattr(backend, "connection", None) is not None
    message.connection = backend
    try:
        backend.open()
        message.send()
    except UNREACHABLE:
        _close(backend)
        if not kept:
            raise
        _send_fresh(backend, message)  # it was idle: the server may have hung up; a second failure is its own
    except Exception:
        _close(backend)
        raise


def _send_fresh(backend, message: EmailMultiAlternatives) -> None:
    try:
        backend.open()
        message.send()
    except Exception:
        _close(backend)
        raise


def permanent(exc: Exception) -> bool:
    """Will trying again never help? A 5xx answer (every recipient refused with 5xx); not timeouts, 4xx
    ("try later", greylisting) or a failed login, which is the server's configuration, not the message."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def deliver_email(email_id: int) -> str:
    now = utcnow()
    claimed = db.session.execute(
        update(OutgoingEmail)
        .where(OutgoingEmail.id == email_id, OutgoingEmail.status == EmailStatus.PENDING,
               or_(OutgoingEmail.next_attempt_at.is_(None), OutgoingEmail.next_attempt_at <= now))
        .values(status=EmailStatus.SENDING, attempts=OutgoingEmail.attempts + 1, claimed_at=now)
    ).rowcount
    db.session.commit()
    if not claimed:
        return "skipped"
    email = db.session.get(OutgoingEmail, email_id)
    if current_app.config.get("LANDA_HOLD_MAIL"):
        email.status = EmailStatus.HELD  # no mail server: the administrator's outbox page shows it
        db.session.commit()
        log.info("e-mail %s held (no MAIL_SERVER): %s to %s", email.id, email.subject, email.to_address)
        return "held"
    message = EmailMultiAlternatives(subject=email.subject, body=email.body_text,
                                     from_email=current_app.config["MAIL_DEFAULT_SENDER"], to=[email.to_address])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        send(message)
    except Exception as exc:  # SMTP and network errors: keep the row and decide what comes next
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if isinstance(exc, UNREACHABLE):  # the server, not the message: this try does not count
            email.status, email.attempts = EmailStatus.PENDING, email.attempts - 1
            email.next_attempt_at = utcnow() + UNREACHABLE_RETRY
        elif permanent(exc) or email.attempts >= MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
        else:
            email.status, email.next_attempt_at = EmailStatus.PENDING, utcnow() + BACKOFF[email.attempts - 1]
        db.session.commit()
        log.warning("e-mail %s attempt %s failed: %s", email.id, email.attempts, email.last_error)
        return "failed" if email.status == EmailStatus.FAILED else "retry"
    email.status, email.sent_at, email.last_error = EmailStatus.SENT, utcnow(), None
    if email.sensitive:
        email.body_text = email.body_html = REDACTED
    db.session.commit()
    return "sent"
