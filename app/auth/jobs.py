"""Account jobs."""

from __future__ import annotations

from app.auth.services import send_reset_link
from app.extensions import db


def send_password_reset(email: str, base_url: str) -> None:
    """Look the account up and queue its reset e-mail; nothing happens for unknown addresses."""
    send_reset_link(email, base_url)
    db.session.commit()
