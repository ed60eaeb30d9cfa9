"""Events' scheduled work (``app/jobs/schedule.py``): the reminders of the day before. Safe to run twice: each
reminder's marker is claimed by a conditional UPDATE in the same transaction as its e-mail."""

from __future__ import annotations

from app.events import services
from app.extensions import db


def event_reminders_job() -> int:
    """Daily: everyone with a seat at an event starting tomorrow is reminded once, in their language."""
    sent = services.send_reminders()
    db.session.commit()
    return sent
