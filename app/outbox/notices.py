"""Recurring messages (digests, reminders) sent at most once per person and period."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.outbox.models import Notice
from app.outbox.services import queue_email


def send_once(kind: str, user, period: str, **context) -> bool:
    """Queue ``email/<kind>`` for ``user`` unless this period's was queued already: the notice row
    and its e-mail are written together, and the unique (kind, user, period) turns a second run of
    the job into a no-op. The caller commits."""
    notice = Notice(kind=kind, user_id=user.id, period=period)
    try:
        with db.session.begin_nested():
            db.session.add(notice)
    except IntegrityError:
        return False
    notice.email_id = queue_email(user.email, kind, user.locale, user=user, **context).id
    return True
