"""Employer jobs. Each takes ids (or nothing), is idempotent and commits its own work."""

from __future__ import annotations

from app.employers.services import close_expired_needs
from app.extensions import db


def close_expired_needs_job() -> int:
    """Close open needs past their expiry date (daily; running it twice closes nothing more)."""
    closed = close_expired_needs()
    db.session.commit()
    return closed
