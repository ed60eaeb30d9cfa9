from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import TimestampMixin, UTCDateTime, enum_column, utcnow


class OrganisationKind(enum.StrEnum):
    EMPLOYER = "employer"
    NETWORK = "network"


class ApprovalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class EmploymentType(enum.StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    PROBATIONARY = "probationary"
    PROJECT = "project"
    SEASONAL = "seasonal"


class NeedStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


APPROVAL_LABELS = {
    ApprovalStatus.PENDING: _l("Waiting for approval"),
    ApprovalStatus.APPROVED: _l("Approved"),
    ApprovalStatus.REJECTED: _l("Rejected"),
}
EMPLOYMENT_TYPE_LABELS = {
    EmploymentType.PERMANENT: _l("Permanent (tillsvidare)"),
    EmploymentType.PROBATIONARY: _l("Probationary, then permanent"),
    EmploymentType.FIXED_TERM: _l("Fixed term"),
    EmploymentType.PROJECT: _l("Project"),
    EmploymentType.SEASONAL: _l("Seasonal"),
}
RELOCATION_SUPPORT = {
    "housing": _l("Help with housing"),
    "partner_career": _l("Career support for the partner"),
    "relocation_package": _l("Relocation package"),
    "swedish_lessons": _l("Swedish lessons"),
}
NEED_STATUS_LABELS = {
    NeedStatus.DRAFT: _l("Draft"),
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.FILLED: _l("Filled"),
    NeedStatus.CLOSED: _l("Closed"),
}


organisation_municipality = Table(
    "organisation_municipality",
    db.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True),
)
need_on_behalf_of = Table(
    "need_on_behalf_of",
    db.metadata,
    Column("need_id", ForeignKey("competence_need.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)
organisation_network = Table(
    "organisation_network",
    db.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("network_key", ForeignKey("industry_network.key", ondelete="CASCADE"), primary_key=True),
)


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(11), unique=True)  # NNNNNN-NNNN
    kind: Mapped[OrganisationKind] = enum_column(OrganisationKind, default=OrganisationKind.EMPLOYER)
    status: Mapped[ApprovalStatus] = enum_column(ApprovalStatus, default=ApprovalStatus.PENDING, index=True)
    # Where it is based (its reviewer's municipality); ``municipalities`` are all where it operates.
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    # For an industry network: which network of the reference list it is.
    represents_key: Mapped[str | None] = mapped_column(ForeignKey("industry_network.key", ondelete="SET NULL"))
    # Its public page (``/organisations/<id>``, shown once approved), written by its owners: what it does, its
    # website, and the relocation support it offers (the kinds of ``RELOCATION_SUPPORT``, and in its words).
    about: Mapped[str] = mapped_column(Text, default="", server_default="")
    about_en: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str] = mapped_column(String(300), default="", server_default="")
    relocation_offers: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    relocation_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    relocation_text_en: Mapped[str | None] = mapped_column(Text)

    municipality = relationship("Municipality")
    represents = relationship("IndustryNetwork")
    municipalities = relationship("Municipality", secondary=organisation_municipality, order_by="Municipality.name_sv")
    networks = relationship("IndustryNetwork", secondary=organisation_network, order_by="IndustryNetwork.name")
    decisions: Mapped[list[OrganisationDecision]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="OrganisationDecision.id")
    members: Mapped[list[OrganisationMember]] = relationship(back_populates="organisation",
                                                             cascade="all, delete-orphan")
    needs: Mapped[list[CompetenceNeed]] = relationship(back_populates="organisation",
                                                       cascade="all, delete-orphan",
                                                       order_by="CompetenceNeed.id")


class OrganisationMember(TimestampMixin, db.Model):
    __tablename__ = "organisation_member"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation: Mapped[Organisation] = relationship(back_populates="members")
    user = relationship("User")


class OrganisationDecision(db.Model):
    """An approval or rejection, with who and when (kept even when a later decision changes it)."""

    __tablename__ = "organisation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decision: Mapped[ApprovalStatus] = enum_column(ApprovalStatus)
    note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="decisions")
    actor = relationship("User")


class CompetenceNeed(TimestampMixin, db.Model):
    __tablename__ = "competence_need"
    __table_args__ = (
        CheckConstraint("positions >= 1", name="positions"),
        CheckConstraint("salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max", name="salary"),
        # The board: open needs, newest first (a page of them is a range of this index, not a sort).
        Index("ix_competence_need_board", "status", "published_at", "id"),
        Index("ix_competence_need_published_at", "published_at"),  # insights: needs posted in a period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))  # as the employer wrote it, usually in Swedish
    title_en: Mapped[str | None] = mapped_column(String(200))  # optional, shown to English readers
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    positions: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[NeedStatus] = enum_column(NeedStatus, default=NeedStatus.DRAFT, index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    employment_type: Mapped[EmploymentType] = enum_column(EmploymentType, default=EmploymentType.PERMANENT)
    required_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    nice_skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_swedish: Mapped[str | None] = mapped_column(String(2))  # CEFR level
    min_english: Mapped[str | None] = mapped_column(String(2))
    relocation_support: Mapped[list[str]] = mapped_column(JSON, default=list)  # keys of RELOCATION_SUPPORT
    description: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship(back_populates="needs")
    # A network's joint need names the member employers it is posted for.
    on_behalf_of: Mapped[list[Organisation]] = relationship(secondary=need_on_behalf_of, order_by="Organisation.name")
    occupation = relationship("Occupation")
    municipality = relationship("Municipality")


class NeedSeen(db.Model):
    """When a member of the organisation last looked at a need's candidates: what came after is new to them
    (their start page and the need's page say so)."""

    __tablename__ = "need_seen"

    need_id: Mapped[int] = mapped_column(ForeignKey("competence_need.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("organisation_member.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ContactStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


CONTACT_STATUS_LABELS = {
    ContactStatus.PENDING: _l("Waiting for an answer"),
    ContactStatus.ACCEPTED: _l("Accepted"),
    ContactStatus.DECLINED: _l("Declined"),
}


class Interest(db.Model):
    """A newcomer's interest in an open need."""

    __tablename__ = "need_interest"
    __table_args__ = (UniqueConstraint("need_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("competence_need.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    # The person: the newcomer's own member or their partner's (each adult is a candidate of their own).
    member_id: Mapped[int] = mapped_column(ForeignKey("household_member.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    need = relationship("CompetenceNeed")
    profile = relationship("Household")
    person = relationship("HouseholdMember")


class ContactRequest(db.Model):
    """An employer asks a candidate for contact; only an accepted request reveals who they are."""

    __tablename__ = "contact_request"
    __table_args__ = (UniqueConstraint("need_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("competence_need.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    # The person: the newcomer's own member or their partner's (each adult is a candidate of their own).
    member_id: Mapped[int] = mapped_column(ForeignKey("household_member.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ContactStatus] = enum_column(ContactStatus, default=ContactStatus.PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    need = relationship("CompetenceNeed")
    profile = relationship("Household")
    person = relationship("HouseholdMember")


class Reveal(db.Model):
    """Every time an employer's user saw a candidate's name and contact details."""

    __tablename__ = "contact_reveal"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_request_id: Mapped[int] = mapped_column(ForeignKey("contact_request.id", ondelete="CASCADE"),
                                                    index=True)
    viewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Hire(db.Model):
    """A candidate hired for a need, with the start date: the event reception builds on."""

    __tablename__ = "hire"
    __table_args__ = (
        UniqueConstraint("need_id", "member_id"),
        Index("ix_hire_created_at", "created_at"),  # insights: hires in a period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("competence_need.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    # The person: the newcomer's own member or their partner's (each adult is a candidate of their own).
    member_id: Mapped[int] = mapped_column(ForeignKey("household_member.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    need = relationship("CompetenceNeed")
    profile = relationship("Household")
    person = relationship("HouseholdMember")


class OrganisationInvitation(db.Model):
    """An owner's invitation for a colleague: a link that works once, until ``expires_at``.

    Only a digest of the link's secret is stored, so a copy of the database cannot be used to join.
    """

    __tablename__ = "organisation_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    organisation: Mapped[Organisation] = relationship()
