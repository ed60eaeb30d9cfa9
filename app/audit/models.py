from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One view or change of personal data: who, when, what (an object) and whose (a household)."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_object", "object_type", "object_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40))  # "view", "status", "note", "task", ...
    object_type: Mapped[str] = mapped_column(String(40))  # "case", "profile", ...
    object_id: Mapped[int] = mapped_column()
    # The household whose data it is: kept as a plain number so the trail outlives the profile.
    profile_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User")
