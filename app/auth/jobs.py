"""Account jobs, and the use case that queues one."""

from __future__ import annotations

from app import jobs
from app.auth.services import normalise_email, send_reset_link
from app.extensions import db


def request_password_reset(email: str, base_url: str) -> None:
    """Queue the reset e-mail. The request does the same work whether the account exists or not
    (the lookup happens in the job), so neither the answer nor its timing tells who has an account."""
    jobs.enqueue(send_password_reset, normalise_email(email), base_url, queue="mail")


def send_password_reset(email: str, base_url: str) -> None:
    """Look the account up and queue its reset e-mail; nothing happens for unknown addresses."""
    send_reset_link(email, base_url)
    db.session.commit()
