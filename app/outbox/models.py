from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models import UTCDateTime, enum_column, utcnow


class EmailStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt at ``next_attempt_at``
    SENDING = "sending"  # claimed by a worker at ``claimed_at``
    SENT = "sent"
    FAILED = "failed"  # refused for good, or out of attempts: an administrator can retry it
    HELD = "held"  # no mail server configured: kept for the administrator's outbox page


class OutgoingEmail(db.Model):
    """One e-mail: the row is the message, its delivery state and its history of attempts."""

    __tablename__ = "outgoing_email"
    __table_args__ = (Index("ix_outgoing_email_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(5))
    kind: Mapped[str] = mapped_column(String(64))
    # Holds a sign-in link: the bodies are blanked once sent, so the database never keeps it.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[EmailStatus] = enum_column(EmailStatus, default=EmailStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Notice(db.Model):
    """A recurring message sent to someone for a period (a digest, a reminder): at most once, by
    this table's unique constraint, however often the job that sends it runs."""

    __tablename__ = "notice"
    __table_args__ = (UniqueConstraint("kind", "user_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(40))  # e.g. "2026-11-27", "2026-W48"
    email_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_email.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
