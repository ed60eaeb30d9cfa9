from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
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
    CONSENT_WITHDRAWN = "consent_withdrawn"


# What an officer may give as the reason: only the household closes a case by withdrawing its consent.
OFFICER_CLOSING_REASONS = tuple(r for r in ClosingReason if r != ClosingReason.CONSENT_WITHDRAWN)


class CaseSource(enum.StrEnum):
    NEWCOMER = "newcomer"  # the newcomer let the municipality contact them and chose it as destination
    HIRE = "hire"  # an employer recorded a hire here
    OFFICER = "officer"  # a walk-in at the service desk, a phone call


# Only sensible moves: forward through the reception, one step back to correct a mistake, closing at any
# time with a reason. A closed case stays closed (a household that returns gets a new case).
TRANSITIONS: dict[CaseStatus, tuple[CaseStatus, ...]] = {
    CaseStatus.NEW: (CaseStatus.CONTACTED, CaseStatus.CLOSED),
    CaseStatus.CONTACTED: (CaseStatus.PLANNING, CaseStatus.ARRIVED, CaseStatus.NEW, CaseStatus.CLOSED),
    CaseStatus.PLANNING: (CaseStatus.ARRIVED, CaseStatus.CONTACTED, CaseStatus.CLOSED),
    CaseStatus.ARRIVED: (CaseStatus.SETTLING, CaseStatus.PLANNING, CaseStatus.CLOSED),
    CaseStatus.SETTLING: (CaseStatus.FOLLOWED_UP, CaseStatus.ARRIVED, CaseStatus.CLOSED),
    CaseStatus.FOLLOWED_UP: (CaseStatus.CLOSED, CaseStatus.SETTLING),
    CaseStatus.CLOSED: (),
}

CASE_SOURCE_LABELS = {
    CaseSource.NEWCOMER: _l("The newcomer asked to be contacted"),
    CaseSource.HIRE: _l("An employer recorded a hire"),
    CaseSource.OFFICER: _l("Opened by an officer"),
}
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
    ClosingReason.CONSENT_WITHDRAWN: _l("The household withdrew its consent to be contacted"),
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
        # Insights: a municipality's (or, by its second column, the region's) cases opened in a period.
        Index("ix_reception_case_municipality_opened", "municipality_code", "opened_at"),
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
    source: Mapped[CaseSource] = enum_column(CaseSource, default=CaseSource.NEWCOMER, server_default="newcomer")
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Free text stripped for the archive (erasure or the retention rule for closed cases): counts stay.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Bumped by every change to the case itself; a change made from an older version is refused.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))

    __mapper_args__ = {"version_id_col": version}

    profile = relationship("Household")
    municipality = relationship("Municipality")
    assigned_officer = relationship("User", foreign_keys=[assigned_officer_id])
    opened_by = relationship("User", foreign_keys=[opened_by_id])
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                   order_by="CaseEvent.id")
    tasks: Mapped[list[CaseTask]] = relationship(
        back_populates="case", cascade="all, delete-orphan",
        order_by=lambda: [CaseTask.done_at.is_not(None), CaseTask.due_on, CaseTask.id])
    notes: Mapped[list[CaseNote]] = relationship(cascade="all, delete-orphan", order_by="CaseNote.id.desc()")
    follow_ups: Mapped[list[FollowUp]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                      order_by="FollowUp.offset_days")
    messages: Mapped[list[CaseMessage]] = relationship(cascade="all, delete-orphan", order_by="CaseMessage.id")
    referrals: Mapped[list[Referral]] = relationship(cascade="all, delete-orphan", order_by="Referral.id")
    inbox: Mapped[list[InboxItem]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                  passive_deletes=True, order_by="InboxItem.id")


class CaseEvent(db.Model):
    """The case's history: every status change, with who and when."""

    __tablename__ = "reception_case_event"
    # Insights: when a case first reached a status (first contact, arrival) is a range of this index per case.
    __table_args__ = (Index("ix_reception_case_event_case_status_at", "case_id", "to_status", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    from_status: Mapped[CaseStatus | None] = enum_column(CaseStatus, name="from_status", nullable=True)
    to_status: Mapped[CaseStatus] = enum_column(CaseStatus, name="to_status")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")
    actor = relationship("User")


class CaseTask(db.Model):
    """Something to do for the household, by someone, by a date."""

    __tablename__ = "reception_task"
    # A follow-up creates each kind of task at most once, however often its job runs.
    __table_args__ = (
        UniqueConstraint("follow_up_id", "kind"),
        # Open tasks by date: the dashboard's overdue tasks are a range of it, not a search of every task.
        Index("ix_reception_task_open_due", "due_on", "case_id",
              sqlite_where=text("done_at IS NULL"), postgresql_where=text("done_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Tasks Landa creates itself: what for (the page words it in the reader's language) and which follow-up.
    kind: Mapped[str | None] = mapped_column(String(32))
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("reception_follow_up.id", ondelete="CASCADE"))

    case = relationship("Case", back_populates="tasks")
    follow_up = relationship("FollowUp")
    assignee = relationship("User", foreign_keys=[assignee_id])
    done_by = relationship("User", foreign_keys=[done_by_id])


class CaseNote(db.Model):
    """An internal note: not on the household's pages, but read by officers and coordinators and part of the
    household's data export (right of access) and of their case if they ask to see it (``NOTE_READERS``)."""

    __tablename__ = "reception_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author = relationship("User")


# --- follow-ups ----------------------------------------------------------------------------------------------

DEFAULT_FOLLOW_UP_DAYS = (14, 91, 182, 365)  # 2 weeks, 3, 6 and 12 months after arrival


class FollowUpStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    ANSWERED = "answered"
    MISSED = "missed"  # no answer within a week: the officer got a task
    SKIPPED = "skipped"  # the household did not want follow-up messages: the officer got a task
    CANCELLED = "cancelled"  # the arrival date went away, or the case closed


class Housing(enum.StrEnum):
    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    LOOKING = "looking"


class PartnerWork(enum.StrEnum):
    WORKING = "working"
    LOOKING = "looking"
    NOT_LOOKING = "not_looking"
    NO_PARTNER = "no_partner"


FOLLOW_UP_STATUS_LABELS = {
    FollowUpStatus.SCHEDULED: _l("Scheduled"),
    FollowUpStatus.SENT: _l("Sent, waiting for an answer"),
    FollowUpStatus.ANSWERED: _l("Answered"),
    FollowUpStatus.MISSED: _l("No answer"),
    FollowUpStatus.SKIPPED: _l("Not sent: no consent to follow-up messages"),
    FollowUpStatus.CANCELLED: _l("Cancelled"),
}
HOUSING_LABELS = {
    Housing.PERMANENT: _l("We have a home of our own (a lease or owned)"),
    Housing.TEMPORARY: _l("We live temporarily (sublet, corporate or short-term housing)"),
    Housing.LOOKING: _l("We are still looking for somewhere to live"),
}
PARTNER_WORK_LABELS = {
    PartnerWork.WORKING: _l("Yes, my partner works or studies"),
    PartnerWork.LOOKING: _l("Not yet, my partner is looking"),
    PartnerWork.NOT_LOOKING: _l("No, my partner is not looking for work"),
    PartnerWork.NO_PARTNER: _l("I have no partner here"),
}


class ReceptionSettings(db.Model):
    """A municipality's own reception settings, edited by its officers."""

    __tablename__ = "reception_settings"

    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code", ondelete="CASCADE"),
                                                   primary_key=True)
    follow_up_days: Mapped[list[int]] = mapped_column(JSON, default=lambda: list(DEFAULT_FOLLOW_UP_DAYS))


class FollowUp(db.Model):
    """A check-in with the household some days after arrival: the row is the schedule, the send
    and the answer (the database, not the queue, is the source of truth)."""

    __tablename__ = "reception_follow_up"
    __table_args__ = (
        UniqueConstraint("case_id", "offset_days"),
        CheckConstraint("settled IS NULL OR settled BETWEEN 1 AND 5", name="settled"),
        Index("ix_reception_follow_up_due", "status", "due_on"),
        # Insights: a case's answered follow-ups (still here, worrying answers) without reading its others.
        Index("ix_reception_follow_up_case_answered", "case_id", "answered_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"), index=True)
    offset_days: Mapped[int] = mapped_column(Integer)  # after arrival
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[FollowUpStatus] = enum_column(FollowUpStatus, default=FollowUpStatus.SCHEDULED)
    token_digest: Mapped[str | None] = mapped_column(String(64), unique=True)  # of the survey link's secret
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    settled: Mapped[int | None] = mapped_column(Integer)  # how settled do you feel, 1-5
    housing: Mapped[Housing | None] = enum_column(Housing, nullable=True)
    partner_work: Mapped[PartnerWork | None] = enum_column(PartnerWork, nullable=True)
    trouble: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="follow_ups")


# --- messages and referrals ----------------------------------------------------------------------------------

class CaseMessage(db.Model):
    """A message between reception and the household, shown to both; e-mailed to the household."""

    __tablename__ = "reception_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"), index=True)
    from_household: Mapped[bool] = mapped_column(Boolean)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # by the other side

    author = relationship("User")


class ReferralStatus(enum.StrEnum):
    SUGGESTED = "suggested"
    SENT = "sent"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DECLINED = "declined"


REFERRAL_STATUS_LABELS = {
    ReferralStatus.SUGGESTED: _l("Suggested"),
    ReferralStatus.SENT: _l("Referred"),
    ReferralStatus.IN_PROGRESS: _l("In progress"),
    ReferralStatus.DONE: _l("Done"),
    ReferralStatus.DECLINED: _l("Declined"),
}


class Referral(db.Model):
    """The household sent on to a service function (a step of the catalogue) or a housing contact."""

    __tablename__ = "reception_referral"
    __table_args__ = (
        CheckConstraint("(service_key IS NULL) <> (housing_key IS NULL)", name="one_target"),
        UniqueConstraint("case_id", "service_key"),
        UniqueConstraint("case_id", "housing_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"), index=True)
    service_key: Mapped[str | None] = mapped_column(ForeignKey("service.key", ondelete="CASCADE"))
    housing_key: Mapped[str | None] = mapped_column(ForeignKey("housing_contact.key", ondelete="CASCADE"))
    status: Mapped[ReferralStatus] = enum_column(ReferralStatus, default=ReferralStatus.SENT)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    service = relationship("Service")
    housing = relationship("HousingContact")


class InboxKind(enum.StrEnum):
    NEW_CASE = "new_case"  # opened by the household, a hire or a yes to an officer's request
    REPLY = "reply"  # a message from the household
    WORRY = "worry"  # a follow-up answer that shows the household needs support
    TASK_DUE = "task_due"  # a task falls due today


INBOX_LABELS = {
    InboxKind.NEW_CASE: _l("New case"),
    InboxKind.REPLY: _l("New message"),
    InboxKind.WORRY: _l("Worrying answer"),
    InboxKind.TASK_DUE: _l("Task due today"),
}


class InboxItem(db.Model):
    """Something new on a case that reception has not seen yet: unread until the case's officer (any officer of
    the municipality while nobody has the case) opens the case. ``ref_id`` is the message, follow-up, task or
    case it is about: each thing is in the inbox once, however often it is noted."""

    __tablename__ = "reception_inbox_item"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "ref_id"),
        Index("ix_reception_inbox_item_unseen", "case_id",
              sqlite_where=text("seen_at IS NULL"), postgresql_where=text("seen_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("reception_case.id", ondelete="CASCADE"))
    kind: Mapped[InboxKind] = enum_column(InboxKind)
    ref_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship(back_populates="inbox")


class ReceptionRequest(db.Model):
    """An officer asked to follow a household's move where the household has not let reception contact them
    (a desk registration of an address that has an account, or a new one): nothing about the household is
    shown until it says yes on its start page; then the case opens. One row per household and municipality,
    kept as the record of the answer (the household's consent for that municipality)."""

    __tablename__ = "reception_request"
    __table_args__ = (UniqueConstraint("profile_id", "municipality_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expected_arrival: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)  # the officer's internal note, added to the case on yes
    accepted: Mapped[bool | None] = mapped_column(Boolean)  # None: not answered yet
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    municipality = relationship("Municipality", lazy="joined")
    requested_by = relationship("User", lazy="joined")
