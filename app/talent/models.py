"""Newcomers, their households and what Landa keeps for their plan.

Everyone who moves is a ``HouseholdMember``: the newcomer too (relation ``self``), so the
partner's competence (languages, occupations) is kept exactly like the newcomer's own.
"""

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
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import TimestampMixin, UTCDateTime, enum_column, utcnow
from app.talent.plan import Citizenship, ResidenceBasis

__all__ = ["Citizenship"]


class HouseholdStatus(enum.StrEnum):
    EXPLORING = "exploring"
    HAS_OFFER = "has_offer"
    ARRIVING = "arriving"
    ARRIVED = "arrived"


class Relation(enum.StrEnum):
    SELF = "self"
    PARTNER = "partner"
    CHILD = "child"


class Moving(enum.StrEnum):
    NOW = "now"
    LATER = "later"
    STAYING = "staying"


class Education(enum.StrEnum):
    COMPULSORY = "compulsory"
    UPPER_SECONDARY = "upper_secondary"
    VOCATIONAL = "vocational"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"


class LanguageLevel(enum.StrEnum):
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"
    NATIVE = "native"


class ConsentKind(enum.StrEnum):
    MATCHING = "matching"
    OFFICER_CONTACT = "officer_contact"
    FOLLOW_UP = "follow_up"


# The version of the text a person agreed to, per kind (recorded with every decision).
CONSENT_VERSIONS = {
    ConsentKind.MATCHING: "matching-2026-11",
    ConsentKind.OFFICER_CONTACT: "officer-contact-2026-11",
    ConsentKind.FOLLOW_UP: "follow-up-2026-11",
}


class Gender(enum.StrEnum):
    """What a person said when asked (optional); ``None`` on the row: never asked or not answered."""

    WOMAN = "woman"
    MAN = "man"
    ANOTHER = "another"
    UNDISCLOSED = "undisclosed"  # "prefer not to say": an answer of its own, kept and counted as such


GENDER_LABELS = {
    Gender.WOMAN: _l("Woman"),
    Gender.MAN: _l("Man"),
    Gender.ANOTHER: _l("Another gender"),
    Gender.UNDISCLOSED: _l("Prefer not to say"),
}

# Age bands the project reports (by the year of birth, on a given day). Keys are stable (URLs, exports).
AGE_BANDS = ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus")
AGE_BAND_LABELS = {
    "under_18": _l("Under 18"),
    "18_24": _l("18–24"),
    "25_34": _l("25–34"),
    "35_44": _l("35–44"),
    "45_54": _l("45–54"),
    "55_64": _l("55–64"),
    "65_plus": _l("65 or older"),
}
# The youngest age of each band, in order: ``age_band`` and the SQL of the insights read the same bounds.
AGE_BAND_FLOORS = ((65, "65_plus"), (55, "55_64"), (45, "45_54"), (35, "35_44"), (25, "25_34"), (18, "18_24"),
                   (0, "under_18"))


def age_band(birth_year: int | None, on: date) -> str | None:
    """The age band of someone born in ``birth_year`` on the day ``on``, by the year alone (the age they turn
    that year, as the plan counts ages); None when the year is not known or lies after ``on``."""
    if birth_year is None or birth_year > on.year:
        return None
    age = on.year - birth_year
    return next(band for floor, band in AGE_BAND_FLOORS if age >= floor)


class StepStatus(enum.StrEnum):
    TODO = "todo"
    DONE = "done"
    NOT_RELEVANT = "not_relevant"


CITIZENSHIP_LABELS = {
    Citizenship.NORDIC: _l("A Nordic country (Denmark, Finland, Iceland, Norway)"),
    Citizenship.EU_EEA: _l("Another EU/EEA country or Switzerland"),
    Citizenship.OTHER: _l("A country outside the EU/EEA"),
}
RESIDENCE_BASIS_LABELS = {
    ResidenceBasis.WORK_PERMIT: _l("A work permit"),
    ResidenceBasis.FAMILY_PERMIT: _l("A residence permit as family of someone who lives or works here"),
    ResidenceBasis.EU_WORK: _l("EU/EEA citizen who works here"),
    ResidenceBasis.EU_SEEKING: _l("EU/EEA citizen who comes to look for work"),
    ResidenceBasis.NORDIC: _l("Nordic citizen"),
    ResidenceBasis.SWEDISH: _l("Swedish citizen"),
    ResidenceBasis.TEMPORARY_PROTECTION: _l("Temporary protection (the EU directive, Ukraine)"),
    ResidenceBasis.RESEARCHER: _l("A residence permit for research"),
    ResidenceBasis.STUDENT: _l("A residence permit for studies"),
}
STATUS_LABELS = {
    HouseholdStatus.EXPLORING: _l("Exploring"),
    HouseholdStatus.HAS_OFFER: _l("Has a job offer"),
    HouseholdStatus.ARRIVING: _l("Arriving"),
    HouseholdStatus.ARRIVED: _l("Arrived"),
}
RELATION_LABELS = {Relation.SELF: _l("You"), Relation.PARTNER: _l("Partner"), Relation.CHILD: _l("Child")}
MOVING_LABELS = {Moving.NOW: _l("Moving now"), Moving.LATER: _l("Following later"),
                 Moving.STAYING: _l("Staying behind")}
EDUCATION_LABELS = {
    Education.COMPULSORY: _l("Compulsory school"),
    Education.UPPER_SECONDARY: _l("Upper secondary school"),
    Education.VOCATIONAL: _l("Vocational training after upper secondary"),
    Education.BACHELOR: _l("Bachelor's degree"),
    Education.MASTER: _l("Master's degree"),
    Education.DOCTORATE: _l("Doctorate"),
}
LEVEL_LABELS = {
    LanguageLevel.A1: _l("A1 – beginner"),
    LanguageLevel.A2: _l("A2 – elementary"),
    LanguageLevel.B1: _l("B1 – intermediate"),
    LanguageLevel.B2: _l("B2 – upper intermediate"),
    LanguageLevel.C1: _l("C1 – advanced"),
    LanguageLevel.C2: _l("C2 – proficient"),
    LanguageLevel.NATIVE: _l("Mother tongue"),
}
STEP_STATUS_LABELS = {StepStatus.TODO: _l("To do"), StepStatus.DONE: _l("Done"),
                      StepStatus.NOT_RELEVANT: _l("Not relevant")}

profile_skill = Table(
    "profile_skill",
    db.metadata,
    Column("profile_id", ForeignKey("newcomer_profile.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_id", ForeignKey("skill.id", ondelete="CASCADE"), primary_key=True),
)


class Skill(db.Model):
    """A normalised skill tag ("plc programming"), shared by everyone who has it."""

    __tablename__ = "skill"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(80))


class Household(TimestampMixin, db.Model):
    """A newcomer's household: their own answers (contact, move, places) and ``members``, the newcomer
    included. The table keeps its first name, ``newcomer_profile``; rows point to it as ``profile_id``."""

    __tablename__ = "newcomer_profile"
    __table_args__ = (
        CheckConstraint("years_experience IS NULL OR years_experience BETWEEN 0 AND 60", name="experience"),
        Index("ix_newcomer_profile_created_at", "created_at"),  # insights: registrations in a period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    citizenship: Mapped[Citizenship | None] = enum_column(Citizenship, nullable=True)
    current_country: Mapped[str | None] = mapped_column(String(2))  # ISO 3166-1 alpha-2
    current_city: Mapped[str | None] = mapped_column(String(120))
    education: Mapped[Education | None] = enum_column(Education, nullable=True)
    years_experience: Mapped[int | None] = mapped_column(Integer)
    open_to_all_municipalities: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[HouseholdStatus] = enum_column(
        HouseholdStatus, name="newcomerstatus", default=HouseholdStatus.EXPLORING  # the constraint keeps its name
    )
    destination_code: Mapped[str | None] = mapped_column(ForeignKey("municipality.code"), index=True)
    job_start_date: Mapped[date | None] = mapped_column(Date)
    arrival_date: Mapped[date | None] = mapped_column(Date)
    # The newcomer said their first day at work comes before their arrival (remote work, a start before the move):
    # only then may ``job_start_date`` lie before ``arrival_date`` (``services.check_move``).
    works_before_arrival: Mapped[bool] = mapped_column(default=False, server_default=false())
    # When the Migration Agency decided (or is expected to decide) on the household's permits: no arrival before it.
    permit_decision_date: Mapped[date | None] = mapped_column(Date)
    # The wizard steps the newcomer has saved (resume where they left off).
    completed_steps: Mapped[list[str]] = mapped_column(JSON, default=list)
    # When the newcomer last said the profile is current; after 90 days it is paused from employer lists.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # A weekly e-mail of new needs that fit the newcomer (``app.matching.alerts``); the partner's is theirs.
    job_alerts: Mapped[bool] = mapped_column(default=False, server_default=false())
    # E-mails a few days before a deadline of the plan (app/talent/reminders.py); the household opts in.
    plan_reminders: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The monthly salary of the job offer (SEK), when given: the plan warns if it is under the permit floor.
    offer_salary: Mapped[int | None] = mapped_column(Integer)
    # Moves on with every change to the facts matching reads about the household (``app.matching.cards``):
    # match lists kept between views name it, so a change is seen at once (``app.matching.kept``).
    facts_version: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    user = relationship("User", lazy="joined")
    destination = relationship("Municipality")
    members: Mapped[list[HouseholdMember]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="HouseholdMember.id"
    )
    skills: Mapped[list[Skill]] = relationship(secondary=profile_skill, order_by="Skill.slug")
    preferences: Mapped[list[MunicipalityPreference]] = relationship(
        cascade="all, delete-orphan", order_by="MunicipalityPreference.rank"
    )
    plan_steps: Mapped[list[PlanStep]] = relationship(cascade="all, delete-orphan", order_by="PlanStep.position")
    consents: Mapped[list[Consent]] = relationship(cascade="all, delete-orphan", order_by="Consent.id")

    @property
    def me(self) -> HouseholdMember | None:
        return next((m for m in self.members if m.relation == Relation.SELF), None)

    @property
    def partner(self) -> HouseholdMember | None:
        return next((m for m in self.members if m.relation == Relation.PARTNER), None)



class HouseholdMember(TimestampMixin, db.Model):
    __tablename__ = "household_member"
    __table_args__ = (
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"),
        CheckConstraint("moving <> 'later' OR follows_on IS NOT NULL", name="follows_on_date"),
        CheckConstraint("relation <> 'self' OR moving = 'now'", name="self_moves"),
        # One newcomer and at most one partner per household.
        Index("uq_household_member_self", "profile_id", unique=True,
              sqlite_where=text("relation = 'self'"), postgresql_where=text("relation = 'self'")),
        Index("uq_household_member_partner", "profile_id", unique=True,
              sqlite_where=text("relation = 'partner'"), postgresql_where=text("relation = 'partner'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    relation: Mapped[Relation] = enum_column(Relation)
    first_name: Mapped[str] = mapped_column(String(100))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    home_language: Mapped[str | None] = mapped_column(String(3))  # ISO 639-1 code
    seeking_work: Mapped[bool] = mapped_column(default=False)
    job_alerts: Mapped[bool] = mapped_column(default=False, server_default=false())  # a partner's own alerts
    # The partner's own address: Landa asks them there whether employers may see them (``app.talent.partner``).
    email: Mapped[str | None] = mapped_column(String(254))
    link_key: Mapped[str | None] = mapped_column(String(32))  # the newest link's secret: older links end
    link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # to this address
    moving: Mapped[Moving] = enum_column(Moving, default=Moving.NOW)
    # On what grounds they live in Sweden; None: as the household's citizenship suggests (plan.assumed_basis).
    residence_basis: Mapped[ResidenceBasis | None] = enum_column(ResidenceBasis, nullable=True)
    follows_on: Mapped[date | None] = mapped_column(Date)
    # Optional; ``undisclosed`` is "prefer not to say"; None: not asked (yet) or left empty.
    gender: Mapped[Gender | None] = enum_column(Gender, length=16, nullable=True)

    profile: Mapped[Household] = relationship(back_populates="members")
    languages: Mapped[list[MemberLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="MemberLanguage.id"
    )
    occupations: Mapped[list[MemberOccupation]] = relationship(
        cascade="all, delete-orphan", order_by="MemberOccupation.position"
    )

    def level_in(self, language: str) -> LanguageLevel | None:
        return next((entry.level for entry in self.languages if entry.language == language), None)


class MemberLanguage(db.Model):
    __tablename__ = "member_language"
    __table_args__ = (UniqueConstraint("member_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("household_member.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(3))  # ISO 639-1 code
    level: Mapped[LanguageLevel] = enum_column(LanguageLevel, length=8)


class MemberOccupation(db.Model):
    __tablename__ = "member_occupation"
    __table_args__ = (UniqueConstraint("member_id", "occupation_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("household_member.id", ondelete="CASCADE"), index=True)
    occupation_code: Mapped[str] = mapped_column(ForeignKey("occupation.code"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    occupation = relationship("Occupation", lazy="joined")


class MunicipalityPreference(db.Model):
    """A municipality the newcomer would consider, ranked (1 = first choice)."""

    __tablename__ = "municipality_preference"
    __table_args__ = (UniqueConstraint("profile_id", "municipality_code"), UniqueConstraint("profile_id", "rank"))

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code"))
    rank: Mapped[int] = mapped_column(Integer)

    municipality = relationship("Municipality", lazy="joined")


class Consent(db.Model):
    """One decision, kept forever: granting or withdrawing, with the version of the text shown.

    The current state of a kind of consent is its latest row. ``member_id`` is empty for the account
    holder's decisions (for themselves and the household) and names the partner for the partner's own
    decision about being listed to employers: each adult decides for themselves.
    """

    __tablename__ = "consent"
    __table_args__ = (Index("ix_consent_profile_kind", "profile_id", "kind", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("household_member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ConsentKind] = enum_column(ConsentKind)
    granted: Mapped[bool] = mapped_column(Boolean)
    text_version: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PlanStep(TimestampMixin, db.Model):
    """A step of the newcomer's arrival plan and what they have done about it."""

    __tablename__ = "plan_step"
    __table_args__ = (UniqueConstraint("profile_id", "service_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), index=True)
    service_key: Mapped[str] = mapped_column(ForeignKey("service.key", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[StepStatus] = enum_column(StepStatus, default=StepStatus.TODO)
    suggested_date: Mapped[date | None] = mapped_column(Date)
    # [{"key": "child_age", "params": {"name": "Amal", "age": 3}}, ...] rendered in the reader's language
    reasons: Mapped[list[dict]] = mapped_column(JSON, default=list)
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    # False when the household changed and the step no longer applies; kept for its history.
    applies: Mapped[bool] = mapped_column(Boolean, default=True)

    service = relationship("Service", lazy="joined")


class CalendarFeed(db.Model):
    """A household's private calendar subscription: the plan's dates at an address that calendar apps poll.
    Only a digest of the address's secret is kept (as for API tokens); a new address replaces the old one."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("newcomer_profile.id", ondelete="CASCADE"), unique=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    profile: Mapped[Household] = relationship()
