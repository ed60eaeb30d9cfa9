"""Reference data tables. Rows are owned by the packaged files and replaced by ``load_reference_data``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import UTCDateTime


def localised(sv: str, en: str | None, locale: object = "sv") -> str:
    """The English text for an English locale when there is one, else the Swedish text."""
    if en and str(locale).lower().startswith("en"):
        return en
    return sv


housing_contact_municipality = db.Table(
    "housing_contact_municipality",
    Column("housing_contact_key", ForeignKey("housing_contact.key", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True),
)


class Municipality(db.Model):
    __tablename__ = "municipality"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    county_code: Mapped[str] = mapped_column(String(2))
    population: Mapped[int | None] = mapped_column(Integer)
    health_region: Mapped[str] = mapped_column(String(100))
    # Seat, county names, subregions, highlights, population date, confidence tags...
    facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, deferred=True)  # no page reads them yet

    housing_contacts: Mapped[list[HousingContact]] = relationship(
        secondary=housing_contact_municipality, back_populates="municipalities", order_by="HousingContact.key"
    )

    def label(self, locale: object = "sv") -> str:
        return localised(self.name_sv, self.name_en, locale)

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name_sv}>"


class Service(db.Model):
    """A step in a newcomer's first months (work permit, population registration, SFI...)."""

    __tablename__ = "service"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    authority: Mapped[str] = mapped_column(String(200))  # in Swedish
    authority_en: Mapped[str] = mapped_column(String(200), default="")
    phase: Mapped[str] = mapped_column(String(32))
    sort_order: Mapped[int] = mapped_column(Integer)
    # Keys of steps (or conditions such as "personnummer") that come first.
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)
    applies_to: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
    description_sv: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(300))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Set when an officer or admin edits the texts in Landa: `flask seed reference` then leaves them.
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    def label(self, locale: object = "sv") -> str:
        return localised(self.name_sv, self.name_en, locale)

    def description(self, locale: object = "sv") -> str:
        return localised(self.description_sv, self.description_en, locale)

    def who(self, locale: object = "sv") -> str:
        return localised(self.authority, self.authority_en, locale)

    @property
    def authority_by(self) -> str | None:
        """The kind of local authority that serves this step where the household lives (``Authority.kind``,
        or ``housing`` for the housing companies); None: one for the whole country."""
        return (self.details or {}).get("authority_by")

    def __repr__(self) -> str:
        return f"<Service {self.key}>"


authority_municipality = db.Table(
    "authority_municipality",
    Column("authority_key", ForeignKey("authority.key", ondelete="CASCADE"), primary_key=True),
    Column("municipality_code", ForeignKey("municipality.code", ondelete="CASCADE"), primary_key=True),
)


class Authority(db.Model):
    """Who serves a household where it lives (``data/authorities.json``): a region for health care, a
    municipality for its own units, a government service office for visits to Skatteverket and
    Försäkringskassan. A step names the kind it needs (``Service.details["authority_by"]``); the household's
    municipality picks the one."""

    __tablename__ = "authority"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # region, municipality, service_office
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    link_sv: Mapped[str | None] = mapped_column(String(300))
    link_en: Mapped[str | None] = mapped_column(String(300))
    confidence: Mapped[str] = mapped_column(String(8), default="est")  # src, est or unc, as in the domain notes
    source: Mapped[str] = mapped_column(Text, default="")

    municipalities: Mapped[list[Municipality]] = relationship(secondary=authority_municipality,
                                                              order_by=Municipality.code)

    def label(self, locale: object = "sv") -> str:
        return localised(self.name_sv, self.name_en, locale)

    def link(self, locale: object = "sv") -> str | None:
        return localised(self.link_sv or "", self.link_en, locale) or None

    def __repr__(self) -> str:
        return f"<Authority {self.key}>"


class HousingContact(db.Model):
    """A landlord, housing queue or other housing route, with its rules in ``details``."""

    __tablename__ = "housing_contact"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    # A company's name is the same in both; a generic route ("Employer / temporary housing") has two.
    name_sv: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(32))
    website: Mapped[str | None] = mapped_column(String(300))
    # Queue model, ID requirement, work-mover bonus (with sv/en conditions), other rules, notes...
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=housing_contact_municipality, back_populates="housing_contacts", order_by=Municipality.code
    )

    def label(self, locale: object = "sv") -> str:
        return localised(self.name_sv, self.name_en, locale)

    def text(self, field: str, locale: object = "sv") -> str:
        """``queue_model`` or ``notes`` in the reader's language (the source notes' English as a last resort)."""
        lang = "en" if str(locale).startswith("en") else "sv"
        other = "sv" if lang == "en" else "en"
        d = self.details
        if f"{field}_{lang}" in d or f"{field}_{other}" in d:  # Landa's own texts; "" means nothing to show
            return d.get(f"{field}_{lang}") or d.get(f"{field}_{other}") or ""
        return d.get(field) or ""

    def rules(self, locale: object = "sv") -> list[str]:
        d = self.details
        lang = "en" if str(locale).startswith("en") else "sv"
        return d.get(f"rules_{lang}") or d.get("rules_en" if lang == "sv" else "rules_sv") or d.get("other_rules") or []

    def bonus_conditions(self, locale: object = "sv") -> str:
        bonus = self.details.get("work_mover_bonus") or {}
        return localised(bonus.get("conditions_sv") or bonus.get("conditions_en") or "", bonus.get("conditions_en"),
                         locale)

    def __repr__(self) -> str:
        return f"<HousingContact {self.key}>"


class Occupation(db.Model):
    """An SSYK 2012 unit group (4 digits)."""

    __tablename__ = "occupation"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    label_sv: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200), default="")
    # Job titles people actually type ("Diabetessjuksköterska" under 2221).
    synonyms_sv: Mapped[list[str]] = mapped_column(JSON, default=list, deferred=True)  # read by search only
    # National shortage status from Arbetsförmedlingen's yrkesbarometer ("brist", "balans"...), for
    # the occupations the SAM region asks for; None otherwise.
    in_demand: Mapped[str | None] = mapped_column(String(32))
    industry_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Derived, for search: casefolded terms, each preceded and followed by a newline ("\nterm\n"),
    # so one LIKE works the same on SQLite and PostgreSQL, non-ASCII letters included.
    # Deferred: pages that name an occupation do not read them.
    search_labels: Mapped[str] = mapped_column(Text, default="", deferred=True)
    search_synonyms: Mapped[str] = mapped_column(Text, default="", deferred=True)

    def label(self, locale: object = "sv") -> str:
        return localised(self.label_sv, self.label_en, locale)

    def refresh_search_columns(self) -> None:
        self.search_labels = search_text([self.label_sv, self.label_en or ""])
        self.search_synonyms = search_text(self.synonyms_sv or [])

    def __repr__(self) -> str:
        return f"<Occupation {self.code} {self.label_sv}>"


def search_text(terms: list[str]) -> str:
    """``["Sjuksköterska", ""]`` -> ``"\\nsjuksköterska\\n"``: the form the search columns hold."""
    folded = [" ".join(t.split()).casefold() for t in terms]
    return "\n" + "".join(f"{t}\n" for t in folded if t)


@event.listens_for(Occupation, "before_insert")
@event.listens_for(Occupation, "before_update")
def _refresh_occupation_search(mapper: Any, connection: Any, target: Occupation) -> None:
    target.refresh_search_columns()


class OccupationGroup(db.Model):
    """An SSYK 2012 group above unit level: major (1 digit), sub-major (2) or minor (3) group."""

    __tablename__ = "occupation_group"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    level: Mapped[int] = mapped_column(Integer)
    label_sv: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200), default="")

    def label(self, locale: object = "sv") -> str:
        return localised(self.label_sv, self.label_en, locale)

    def __repr__(self) -> str:
        return f"<OccupationGroup {self.code}>"


class IndustryNetwork(db.Model):
    """A cluster, incubator or business network in the region."""

    __tablename__ = "industry_network"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(100))

    def label(self, locale: object = "sv") -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<IndustryNetwork {self.key}>"


class MunicipalService(db.Model):
    """What one municipality adds to a step of the catalogue: its own contact, link and notes.

    Written only by officers and admins in Landa, never by ``flask seed reference``.
    """

    __tablename__ = "municipal_service"
    __table_args__ = (UniqueConstraint("municipality_code", "service_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code", ondelete="CASCADE"))
    service_key: Mapped[str] = mapped_column(ForeignKey("service.key", ondelete="CASCADE"))
    contact_sv: Mapped[str] = mapped_column(Text, default="")
    contact_en: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str | None] = mapped_column(String(300))
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    edited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    service = relationship("Service")

    def contact(self, locale: object = "sv") -> str:
        return localised(self.contact_sv, self.contact_en, locale)
