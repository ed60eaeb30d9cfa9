"""A lead: someone who told us they are thinking of moving here, before they have an account.

A lead is personal data. It is seen by staff only once its owner confirmed the address (double opt-in), and
only by the officers of the municipalities it names (coordinators: every lead, and the ones open to all). The
confirmation and invitation links are kept as digests only. Retention (``app.privacy.retention``) deletes an
unconfirmed lead after ``UNCONFIRMED_DAYS`` and a lead never converted after ``UNCONVERTED_MONTHS``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import UTCDateTime, enum_column, utcnow

UNCONFIRMED_DAYS = 7
UNCONVERTED_MONTHS = 12
MAX_HOUSEHOLD = 15


class LeadStatus(enum.StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    INVITED = "invited"
    REGISTERED = "registered"
    NOT_INTERESTED = "not_interested"


STATUS_LABELS = {
    LeadStatus.NEW: lazy_pgettext("a lead", "New"),  # Swedish: "Ny" (an intresseanmälan), not "Nytt"
    LeadStatus.CONTACTED: _l("Contacted"),
    LeadStatus.INVITED: _l("Invited to register"),
    LeadStatus.REGISTERED: _l("Registered"),
    LeadStatus.NOT_INTERESTED: _l("Not interested"),
}


class MovingWhen(enum.StrEnum):
    WITHIN_3 = "within_3_months"
    WITHIN_6 = "within_6_months"
    WITHIN_12 = "within_12_months"
    LATER = "later"
    MONTH = "month"  # a given month: ``moving_month``


WHEN_LABELS = {
    MovingWhen.WITHIN_3: _l("Within 3 months"),
    MovingWhen.WITHIN_6: _l("Within 6 months"),
    MovingWhen.WITHIN_12: _l("Within 12 months"),
    MovingWhen.LATER: _l("Later, or I do not know yet"),
    MovingWhen.MONTH: _l("In a given month"),
}

lead_municipality = Table(
    "lead_municipality",
    db.Model.metadata,
    Column("lead_id", ForeignKey("lead.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True, index=True),
)


class Lead(db.Model):
    __tablename__ = "lead"
    __table_args__ = (
        CheckConstraint(f"household_size BETWEEN 1 AND {MAX_HOUSEHOLD}", name="household_size"),
        CheckConstraint("moving_when <> 'month' OR moving_month IS NOT NULL", name="moving_month"),
        CheckConstraint("locale IN ('sv', 'en')", name="locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    occupation: Mapped[str] = mapped_column(String(200))  # as typed
    # The SSYK code the typed occupation resolved to (as the Move comparison resolves it), when exactly one did.
    occupation_code: Mapped[str | None] = mapped_column(ForeignKey("occupation.code", ondelete="SET NULL"))
    household_size: Mapped[int] = mapped_column(Integer)
    children: Mapped[bool | None] = mapped_column()
    from_country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    moving_when: Mapped[MovingWhen] = enum_column(MovingWhen)
    moving_month: Mapped[date | None] = mapped_column(Date)  # the first day of the month
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    consent_version: Mapped[str] = mapped_column(String(32))
    confirm_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirm_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[LeadStatus] = enum_column(LeadStatus, default=LeadStatus.NEW)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    invite_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    invite_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The account made through the invitation: the lead then belongs to that household.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    utm_source: Mapped[str | None] = mapped_column(String(100))
    utm_medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(100))
    campaign_code: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    municipalities = relationship("Municipality", secondary=lead_municipality, order_by="Municipality.code")
    status_changed_by = relationship("User", foreign_keys=[status_changed_by_id])
    user = relationship("User", foreign_keys=[user_id])
    occupation_ref = relationship("Occupation")

    @property
    def open_to_all(self) -> bool:
        return not self.municipalities

    @property
    def campaign(self) -> str | None:
        return self.utm_campaign or self.campaign_code


class SignupCampaign(db.Model):
    """Where a self-registered account came from: the campaign the visitor arrived with (``utm_*`` or
    ``?campaign=``), or the lead's through which they registered."""

    __tablename__ = "signup_campaign"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    utm_source: Mapped[str | None] = mapped_column(String(100))
    utm_medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(100))
    campaign_code: Mapped[str | None] = mapped_column(String(100))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("lead.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user = relationship("User")
