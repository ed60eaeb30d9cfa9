"""An event (a job fair, a webinar, a welcome meeting...) and the people registered for it.

A registration is personal data: it holds the consent text's version the person agreed to, and only the
event's organisers see it (``app.events.permissions``). Seats are taken under a lock on the event's row
(``app.events.services``), so the last seat goes to one person and the next one gets a place on the
waiting list, never an overbooking. At most one live (not cancelled) registration per event and address.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import TimestampMixin, UTCDateTime, enum_column, utcnow


class EventKind(enum.StrEnum):
    JOB_FAIR = "job_fair"
    WEBINAR = "webinar"
    WELCOME_MEETING = "welcome_meeting"
    LANDLORD_MEETING = "landlord_meeting"
    PARTNER_DAY = "partner_day"
    SCHOOL_EVENING = "school_evening"


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RegistrationStatus(enum.StrEnum):
    UNCONFIRMED = "unconfirmed"  # a visitor who has not opened the link e-mailed to them yet
    CONFIRMED = "confirmed"  # has a seat
    WAITLISTED = "waitlisted"  # confirmed address, no seat yet: promoted in order when a seat frees
    CANCELLED = "cancelled"


KIND_LABELS = {
    EventKind.JOB_FAIR: _l("Job fair"),
    EventKind.WEBINAR: _l("Information webinar"),
    EventKind.WELCOME_MEETING: _l("Welcome meeting"),
    EventKind.LANDLORD_MEETING: _l("Meeting with landlords"),
    EventKind.PARTNER_DAY: _l("Day for spouses and partners"),
    EventKind.SCHOOL_EVENING: _l("School information evening"),
}
STATUS_LABELS = {
    EventStatus.DRAFT: _l("Draft"),
    EventStatus.PUBLISHED: _l("Published"),
    EventStatus.CANCELLED: _l("Cancelled"),
}
REGISTRATION_LABELS = {
    RegistrationStatus.UNCONFIRMED: _l("Not confirmed yet"),
    RegistrationStatus.CONFIRMED: _l("Registered"),
    RegistrationStatus.WAITLISTED: _l("On the waiting list"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}


class Event(TimestampMixin, db.Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("registration_deadline <= starts_at", name="deadline_before_start"),
        CheckConstraint("capacity > 0", name="capacity"),
        CheckConstraint("online_url IS NOT NULL OR address IS NOT NULL", name="somewhere"),
        CheckConstraint("language IN ('sv', 'en')", name="language"),
        Index("ix_event_upcoming", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[EventKind] = enum_column(EventKind)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")  # the language it is held in
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    registration_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    online_url: Mapped[str | None] = mapped_column(String(500))  # online: the address to join
    place_name: Mapped[str | None] = mapped_column(String(200))  # at a place: its name and street address
    address: Mapped[str | None] = mapped_column(String(300))
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    # An employer's event: its members organise it (with the municipality's officers and the coordinators).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"),
                                                        index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    status: Mapped[EventStatus] = enum_column(EventStatus, default=EventStatus.DRAFT)

    municipality = relationship("Municipality", lazy="joined")
    organisation = relationship("Organisation", lazy="joined")
    created_by = relationship("User")
    registrations: Mapped[list[EventRegistration]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
        order_by="EventRegistration.id")

    @property
    def online(self) -> bool:
        return self.online_url is not None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def open_for_registration(self, now: datetime | None = None) -> bool:
        return self.status == EventStatus.PUBLISHED and (now or utcnow()) <= self.registration_deadline


class EventRegistration(db.Model):
    __tablename__ = "event_registration"
    __table_args__ = (
        CheckConstraint("locale IN ('sv', 'en')", name="locale"),
        # One live registration per event and address (a cancelled one may be followed by a new one).
        Index("uq_event_registration_live", "event_id", "email", unique=True,
              sqlite_where=text("status <> 'cancelled'"), postgresql_where=text("status <> 'cancelled'")),
        Index("ix_event_registration_queue", "event_id", "status", "confirmed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    status: Mapped[RegistrationStatus] = enum_column(RegistrationStatus, default=RegistrationStatus.UNCONFIRMED)
    consent_version: Mapped[str] = mapped_column(String(20))
    # Only digests: the confirmation link's secret is e-mailed once; the cancel link's is keyed with the secret key.
    confirm_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    cancel_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the address was confirmed (at once for a signed-in person): the waiting list's order.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attended: Mapped[bool | None] = mapped_column(Boolean)
    # Each e-mail at most once: set by a conditional UPDATE in the same transaction as its outbox row.
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    promotion_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship(back_populates="registrations")
    user = relationship("User")
