"""What insights keep between requests: one row per household with the outcome stages it has reached.

The outcome funnel asks a dozen questions of every household (has it arrived? answered a 12-month follow-up?
been hired?), each an ``EXISTS`` over another table. At regional scale (100,000 households) that is seconds per
page, so ``app.insights.outcomes.refresh_outcomes`` answers them once for every household and keeps the answers
here; the funnel, the cohorts' filters and the report count these rows. A scheduled job rebuilds the table
(``insights-outcomes`` in ``app.jobs.schedule``), and ``OutcomeRefresh`` says when, so each page shows the age
of its figures.

The rows are derived data about a household and go with it (``ON DELETE CASCADE``): an erased household is
gone from the figures at once, not only at the next refresh.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models import UTCDateTime


class HouseholdOutcome(db.Model):
    __tablename__ = "insights_household_outcome"
    __table_args__ = (Index("ix_insights_household_outcome_registered", "registered_at"),)

    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"),
                                            primary_key=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    month: Mapped[str] = mapped_column(String(7))  # of registration, YYYY-MM (UTC), as every figure counts months
    # The breakdowns: where the household is heading (else its first case's municipality), its type (single,
    # couple, children), and the residence basis, gender and year of birth of the person who registered.
    municipality_code: Mapped[str | None] = mapped_column(String(4))
    household_type: Mapped[str] = mapped_column(String(8))
    residence_basis: Mapped[str | None] = mapped_column(String(32))
    gender: Mapped[str | None] = mapped_column(String(16))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    # The occupation groups (SSYK major group: one digit) of the household's people, e.g. "27"; "" for none.
    groups: Mapped[str] = mapped_column(String(10), default="")
    # The stages (app.insights.funnel.STAGES after "registered").
    profile: Mapped[bool] = mapped_column(Boolean, default=False)
    matched: Mapped[bool] = mapped_column(Boolean, default=False)
    contacted: Mapped[bool] = mapped_column(Boolean, default=False)
    hired: Mapped[bool] = mapped_column(Boolean, default=False)
    arrived: Mapped[bool] = mapped_column(Boolean, default=False)
    population_register: Mapped[bool] = mapped_column(Boolean, default=False)
    housed: Mapped[bool] = mapped_column(Boolean, default=False)
    # "Still in the region after 12 months" depends on the day it is counted at (the period's end), so the row
    # keeps what it is made of: when the household arrived (the day it gave, and the first time a case of it
    # was marked arrived) and whether it is staying (a late follow-up answered, an open case, or a case closed
    # as settled or moved within the region).
    arrival_date: Mapped[date | None] = mapped_column(Date)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    staying: Mapped[bool] = mapped_column(Boolean, default=False)


class OutcomeRefresh(db.Model):
    """When the outcome rows were last rebuilt (one row), how many there are and how long it took."""

    __tablename__ = "insights_outcome_refresh"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    households: Mapped[int] = mapped_column(Integer)
    took_ms: Mapped[int] = mapped_column(Integer)
