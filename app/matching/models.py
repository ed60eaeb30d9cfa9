"""What the search reads about each talent: one row per person (the newcomer, and a partner looking for
work), derived from the profile.

The card holds, in plain columns of one table, the facts the pruning bound needs (places, languages,
skills, availability, listing), so that the database computes a tier's bounds in one pass instead of
a subquery per fact. Cards are rewritten in the same transaction as every change to the facts they
come from (``app.matching.cards``); the scoring itself always reads the live profile.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models import UTCDateTime

DELIMITER = "|"  # between codes and skill slugs in the text columns; never inside one


class CardFacts:
    """What the search's bound reads about a newcomer, in plain columns."""

    matching_consent: Mapped[bool] = mapped_column(Boolean, default=False)  # the latest decision
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    places: Mapped[str] = mapped_column(String(400), default="")  # "|2281|2262|", the talent's places
    open_to_all: Mapped[bool] = mapped_column(Boolean, default=False)
    swedish: Mapped[str | None] = mapped_column(String(8))  # CEFR level or "native"
    english: Mapped[str | None] = mapped_column(String(8))
    skills: Mapped[str] = mapped_column(Text, default="")  # "|plc programming|welding|"
    available_from: Mapped[date | None] = mapped_column(Date)


class MatchingVersion(db.Model):
    """One row: counters that changes move on in the same transaction, named by the match lists kept
    between views (``app.matching.kept``): ``needs`` by every change to what needs a newcomer may see (a
    need, an organisation's approval), ``talents`` by every rewrite of talent cards (what employers see)."""

    __tablename__ = "matching_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    needs: Mapped[int] = mapped_column(Integer, default=0)
    talents: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class TalentCard(CardFacts, db.Model):
    """A person as a talent, keyed by their household member: ``matching_consent`` is their own decision."""

    __tablename__ = "talent_card"
    __table_args__ = (Index("ix_talent_card_listed", "matching_consent", "confirmed_at"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("household_member.id", ondelete="CASCADE"),
                                           primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)


class TalentCardOccupation(CardFacts, db.Model):
    """The card once per occupation of the person's own, keyed by code first: a tier of the search
    (the listed people in a few occupations, with their bounds) is one index range of one table, not
    a join over every card (measured: the join was most of a large tier's time at 100,000 newcomers)."""

    __tablename__ = "talent_card_occupation"

    occupation_code: Mapped[str] = mapped_column(String(4), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("talent_card.member_id", ondelete="CASCADE"),
                                           primary_key=True, index=True)
    profile_id: Mapped[int] = mapped_column(Integer, index=True)
