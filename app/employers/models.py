from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import TimestampMixin, enum_column


class OrganisationKind(enum.StrEnum):
    EMPLOYER = "employer"
    NETWORK = "network"


class ApprovalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


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
NEED_STATUS_LABELS = {
    NeedStatus.DRAFT: _l("Draft"),
    NeedStatus.OPEN: _l("Open"),
    NeedStatus.FILLED: _l("Filled"),
    NeedStatus.CLOSED: _l("Closed"),
}


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(11), unique=True)  # NNNNNN-NNNN
    kind: Mapped[OrganisationKind] = enum_column(OrganisationKind, default=OrganisationKind.EMPLOYER)
    status: Mapped[ApprovalStatus] = enum_column(ApprovalStatus, default=ApprovalStatus.PENDING, index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)

    municipality = relationship("Municipality")
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


class CompetenceNeed(TimestampMixin, db.Model):
    __tablename__ = "competence_need"
    __table_args__ = (
        CheckConstraint("positions >= 1", name="positions"),
        CheckConstraint("salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max", name="salary"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"), index=True)
    positions: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[NeedStatus] = enum_column(NeedStatus, default=NeedStatus.DRAFT, index=True)
    start_date: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship(back_populates="needs")
    occupation = relationship("Occupation")
    municipality = relationship("Municipality")
