from __future__ import annotations

import enum
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import TimestampMixin, enum_column


class Citizenship(enum.StrEnum):
    NORDIC = "nordic"
    EU_EEA = "eu_eea"
    OTHER = "other"


class NewcomerStatus(enum.StrEnum):
    EXPLORING = "exploring"
    HAS_OFFER = "has_offer"
    ARRIVING = "arriving"
    ARRIVED = "arrived"


class Relation(enum.StrEnum):
    PARTNER = "partner"
    CHILD = "child"


class Moving(enum.StrEnum):
    NOW = "now"
    LATER = "later"
    STAYING = "staying"


CITIZENSHIP_LABELS = {
    Citizenship.NORDIC: _l("Nordic country"),
    Citizenship.EU_EEA: _l("EU/EEA or Switzerland"),
    Citizenship.OTHER: _l("Outside the EU/EEA"),
}
STATUS_LABELS = {
    NewcomerStatus.EXPLORING: _l("Exploring"),
    NewcomerStatus.HAS_OFFER: _l("Has a job offer"),
    NewcomerStatus.ARRIVING: _l("Arriving"),
    NewcomerStatus.ARRIVED: _l("Arrived"),
}
RELATION_LABELS = {Relation.PARTNER: _l("Partner"), Relation.CHILD: _l("Child")}
MOVING_LABELS = {Moving.NOW: _l("Moving now"), Moving.LATER: _l("Following later"),
                 Moving.STAYING: _l("Staying behind")}


class NewcomerProfile(TimestampMixin, db.Model):
    """A newcomer and, through ``members``, their household."""

    __tablename__ = "newcomer_profile"
    __table_args__ = (
        CheckConstraint("years_experience IS NULL OR years_experience BETWEEN 0 AND 60", name="experience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    citizenship: Mapped[Citizenship | None] = enum_column(Citizenship, nullable=True)
    current_country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    current_city: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[NewcomerStatus] = enum_column(NewcomerStatus, default=NewcomerStatus.EXPLORING)
    occupation_code: Mapped[str | None] = mapped_column(ForeignKey("occupation.code"), index=True)
    years_experience: Mapped[int | None] = mapped_column(Integer)
    destination_code: Mapped[str | None] = mapped_column(ForeignKey("municipality.code"), index=True)
    job_start_date: Mapped[date | None] = mapped_column(Date)
    arrival_date: Mapped[date | None] = mapped_column(Date)

    user = relationship("User", lazy="joined")
    occupation = relationship("Occupation")
    destination = relationship("Municipality")
    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )

    @property
    def household_size(self) -> int:
        return 1 + sum(1 for m in self.members if m.moving != Moving.STAYING)


class HouseholdMember(TimestampMixin, db.Model):
    __tablename__ = "household_member"
    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"),
        CheckConstraint("moving <> 'later' OR follows_on IS NOT NULL", name="follows_on_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    relation: Mapped[Relation] = enum_column(Relation)
    first_name: Mapped[str] = mapped_column(String(100))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    home_language: Mapped[str | None] = mapped_column(String(3))  # ISO 639 code
    occupation_code: Mapped[str | None] = mapped_column(ForeignKey("occupation.code"))
    seeking_work: Mapped[bool] = mapped_column(default=False)
    moving: Mapped[Moving] = enum_column(Moving, default=Moving.NOW)
    follows_on: Mapped[date | None] = mapped_column(Date)

    profile: Mapped[NewcomerProfile] = relationship(back_populates="members")
    occupation = relationship("Occupation")
