from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import TimestampMixin, UTCDateTime, enum_column, utcnow


class CaseStatus(enum.StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    PLANNING = "planning"
    ARRIVED = "arrived"
    SETTLING = "settling"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"


class ClosingReason(enum.StrEnum):
    SETTLED = "settled"
    MOVED_IN_REGION = "moved_in_region"
    LEFT_REGION = "left_region"
    NO_RESPONSE = "no_response"


CASE_STATUS_LABELS = {
    CaseStatus.NEW: _l("New"),
    CaseStatus.CONTACTED: _l("Contacted"),
    CaseStatus.PLANNING: _l("Planning"),
    CaseStatus.ARRIVED: _l("Arrived"),
    CaseStatus.SETTLING: _l("Settling in"),
    CaseStatus.FOLLOWED_UP: _l("Followed up"),
    CaseStatus.CLOSED: _l("Closed"),
}
CLOSING_REASON_LABELS = {
    ClosingReason.SETTLED: _l("Settled"),
    ClosingReason.MOVED_IN_REGION: _l("Moved elsewhere in the region"),
    ClosingReason.LEFT_REGION: _l("Left the region"),
    ClosingReason.NO_RESPONSE: _l("No response"),
}


class Case(TimestampMixin, db.Model):
    """One household's case with one municipality. At most one open case per household and municipality."""

    __tablename__ = "reception_case"
    __table_args__ = (
        CheckConstraint("(status = 'closed') = (closing_reason IS NOT NULL)", name="closing_reason"),
        Index(
            "uq_reception_case_open_per_household",
            "profile_id",
            "municipality_code",
            unique=True,
            sqlite_where=text("status <> 'closed'"),
            postgresql_where=text("status <> 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    status: Mapped[CaseStatus] = enum_column(CaseStatus, default=CaseStatus.NEW, index=True)
    closing_reason: Mapped[ClosingReason | None] = enum_column(ClosingReason, nullable=True)
    assigned_officer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"),
                                                             index=True)
    expected_arrival: Mapped[date | None] = mapped_column(Date)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    profile = relationship("NewcomerProfile")
    municipality = relationship("Municipality")
    assigned_officer = relationship("User")
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                   order_by="CaseEvent.id")


class CaseEvent(db.Model):
    """The case's history: every status change, with who and when."""

    __tablename__ = "reception_case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    from_status: Mapped[CaseStatus | None] = enum_column(CaseStatus, name="from_status", nullable=True)
    to_status: Mapped[CaseStatus] = enum_column(CaseStatus, name="to_status")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")
    actor = relationship("User")
