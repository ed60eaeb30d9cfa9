"""Loading the packaged reference data, occupation search and the settings that come with the data."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, undefer

from app.catalogue.models import (
    Authority,
    HousingContact,
    IndustryNetwork,
    Municipality,
    Occupation,
    OccupationGroup,
    Service,
    localised,
    search_text,
)
from app.models import Base
from app.models import today as local_today

DATA_DIR = Path(__file__).parent / "data"
MAX_SEARCH_RESULTS = 100

Record = dict[str, Any]
M = TypeVar("M", bound=Base)


def read_data_file(name: str, data_dir: Path = DATA_DIR) -> Any:
    with (data_dir / f"{name}.json").open(encoding="utf-8") as f:
        return json.load(f)


def _without(record: Record, *keys: str) -> Record:
    return {k: v for k, v in record.items() if k not in keys}


def _municipality_row(r: Record) -> Record:
    columns = ("code", "name_sv", "name_en", "population", "health_region")
    return {
        **{k: r[k] for k in columns},
        "county_code": r["county"]["code"],
        "facts": _without(r, *columns),
    }


def _service_row(r: Record) -> Record:
    columns = ("key", "name_sv", "name_en", "authority", "phase", "prerequisites", "applies_to", "notes")
    texts = ("description_sv", "description_en", "link", "authority_en")
    return {
        **{k: r.get(k, "") for k in columns},
        **{k: r.get(k) or ("" if k != "link" else None) for k in texts},
        "sort_order": r["order"],
        "details": _without(r, *columns, *texts, "order"),
    }


def _overlay(records: list[Record], texts_file: Path) -> list[Record]:
    """Landa's own texts (Swedish and English versions of the notes' English rules) over the records."""
    if not texts_file.exists():
        return records
    texts = {t["key"]: t for t in json.loads(texts_file.read_text("utf-8"))}
    return [{**r, **{k: v for k, v in texts.get(r["key"], {}).items() if k != "key"}} for r in records]


def _services(data_dir: Path) -> list[Record]:
    """The catalogue's steps with Landa's own texts (descriptions, links, extra steps) laid over them."""
    services = {r["key"]: dict(r) for r in read_data_file("services", data_dir)}
    texts_file = data_dir / "service_texts.json"
    if texts_file.exists():
        for extra in read_data_file("service_texts", data_dir):
            services.setdefault(extra["key"], {}).update(extra)
    return sorted(services.values(), key=lambda r: r["key"])


def _housing_contact_row(r: Record) -> Record:
    """A company keeps the source's ``name`` in both languages; Landa's texts name a generic route in each."""
    details = _without(r, "key", "name", "name_sv", "name_en", "type", "website", "municipality_codes",
                       "bonus_conditions_sv", "bonus_conditions_en")
    # Landa's own wording of the bonus conditions replaces the source's notes (the work_mover_bonus object).
    conditions = {f"conditions_{lang}": r[f"bonus_conditions_{lang}"] for lang in ("sv", "en")
                  if r.get(f"bonus_conditions_{lang}")}
    if conditions and details.get("work_mover_bonus"):
        details["work_mover_bonus"] = {**details["work_mover_bonus"], **conditions}
    return {"key": r["key"], "name_sv": r.get("name_sv") or r["name"], "name_en": r.get("name_en") or r["name"],
            "kind": r["type"], "website": r.get("website"), "details": details}


def _occupation_row(r: Record) -> Record:
    columns = ("code", "label_sv", "label_en", "synonyms_sv", "in_demand", "industry_tags")
    return {
        **{k: r[k] for k in columns},
        # Given here too (not only by the flush hook) so a change in how they are built reaches every row.
        "search_labels": search_text([r["label_sv"], r["label_en"]]),
        "search_synonyms": search_text(r["synonyms_sv"]),
    }


def _plain_row(*columns: str) -> Callable[[Record], Record]:
    return lambda r: {k: r[k] for k in columns}


# Columns that officers and admins edit in Landa: reloading the files keeps their values once edited.
EDITABLE = {
    "service": {"name_sv", "name_en", "description_sv", "description_en", "authority", "authority_en", "link"},
    "housing_contact": {"name_sv", "name_en", "website", "details"},
}


def _sync(session: Session, model: type[M], key: str, rows: Iterable[Record]) -> dict[str, M]:
    """Make the table hold exactly ``rows``: insert new ones, update changed values, delete the rest.

    In rows that someone edited in Landa (``edited_at`` set) the editable columns keep their values;
    the rest (a step's phase, prerequisites and rules) still follows the files.
    """
    editable = EDITABLE.get(model.__tablename__, set())
    existing: dict[str, M] = {getattr(obj, key): obj for obj in session.scalars(select(model))}
    kept: dict[str, M] = {}
    for row in rows:
        obj = existing.pop(row[key], None)
        if obj is None:
            obj = model(**row)
            session.add(obj)
        else:
            edited = getattr(obj, "edited_at", None) is not None
            for name, value in row.items():
                if edited and name in editable:
                    continue
                if getattr(obj, name) != value:
                    setattr(obj, name, value)
        kept[row[key]] = obj
    # Rows gone from the files go. One still referenced elsewhere (a user's municipality: RESTRICT)
    # makes the flush fail instead of leaving a dangling reference.
    for obj in existing.values():
        session.delete(obj)
    return kept


def load_reference_data(session: Session, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Upsert every packaged reference file; flush, do not commit. Returns the row count per table."""
    files = {name: read_data_file(name, data_dir) for name in (
        "municipalities", "housing_contacts", "occupations", "occupation_groups", "industry_networks",
    )}
    files["services"] = _services(data_dir)
    authorities = read_data_file("authorities", data_dir)["authorities"]
    files["housing_contacts"] = _overlay(files["housing_contacts"], data_dir / "housing_texts.json")
    municipalities = _sync(session, Municipality, "code", map(_municipality_row, files["municipalities"]))
    _sync(session, Service, "key", map(_service_row, files["services"]))
    contacts = _sync(session, HousingContact, "key", map(_housing_contact_row, files["housing_contacts"]))
    for record in files["housing_contacts"]:
        contact = contacts[record["key"]]
        if contact.edited_at is None and [m.code for m in contact.municipalities] != record["municipality_codes"]:
            contact.municipalities = [municipalities[code] for code in record["municipality_codes"]]
    kept = _sync(session, Authority, "key", map(_plain_row(
        "key", "kind", "name_sv", "name_en", "link_sv", "link_en", "confidence", "source"), authorities))
    for record in authorities:
        authority = kept[record["key"]]
        codes = sorted(record["municipality_codes"])
        if [m.code for m in authority.municipalities] != codes:
            authority.municipalities = [municipalities[code] for code in codes]
    _sync(session, Occupation, "code", map(_occupation_row, files["occupations"]))
    _sync(session, OccupationGroup, "code",
          map(_plain_row("code", "level", "label_sv", "label_en"), files["occupation_groups"]))
    _sync(session, IndustryNetwork, "key",
          map(_plain_row("key", "name", "kind", "area"), files["industry_networks"]))
    session.flush()

    models = (Municipality, Service, HousingContact, Authority, Occupation, OccupationGroup, IndustryNetwork)
    counts = {model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
              for model in models}
    counts["housing_contact_municipality"] = sum(len(c.municipalities) for c in contacts.values())
    counts["authority_municipality"] = sum(len(a.municipalities) for a in kept.values())
    return counts


@dataclass(frozen=True)
class Serving:
    """One authority, office or housing company that serves a household for a step, in the reader's words."""

    kind: str  # region, municipality, service_office or housing (Service.authority_by)
    key: str
    name: str
    link: str | None


def serving_in(session: Session, municipality_code: str | None, locale: str) -> dict[str, list[Serving]]:
    """Who serves a household living in ``municipality_code``, by kind of local authority: its region (health
    care), its municipality (its own units), its nearest government service office (visits to Skatteverket
    and Försäkringskassan) and its municipal housing companies. Empty when the municipality is not known."""
    if not municipality_code:
        return {}
    found: dict[str, list[Serving]] = {}
    for a in session.scalars(select(Authority).join(Authority.municipalities)
                             .where(Municipality.code == municipality_code).order_by(Authority.key)):
        found.setdefault(a.kind, [Serving(a.kind, a.key, a.label(locale), a.link(locale))])
    companies = [Serving("housing", c.key, c.label(locale), c.website) for c in session.scalars(
        select(HousingContact).join(HousingContact.municipalities).where(Municipality.code == municipality_code)
        .where(HousingContact.kind == "allmannytta").order_by(HousingContact.key))]  # the municipal companies
    if companies:
        found["housing"] = companies
    return found


def search_occupations(session: Session, q: str, locale: str = "sv", limit: int = 20) -> list[Occupation]:
    """Occupations whose code starts with ``q`` or whose label (sv or en) or Swedish job title contains it.

    Best first: exact code, code prefix, a label or job title equal to ``q``, label prefix, job-title
    prefix, then any other match; within a rank, occupations in demand in the region first, then by code.
    ``locale`` is accepted for symmetry with the views; every language is searched.
    """
    # Only what can be typed: a control character (a NUL) is no label, and PostgreSQL refuses it.
    term = " ".join("".join(c for c in q if c.isprintable() or c.isspace()).split()).casefold()
    if not term:
        return []
    labels, synonyms = Occupation.search_labels, Occupation.search_synonyms
    rank = case(
        (Occupation.code == term, 0),
        (Occupation.code.startswith(term, autoescape=True), 1),
        (labels.contains(search_text([term]), autoescape=True)
         | synonyms.contains(search_text([term]), autoescape=True), 2),
        (labels.contains(f"\n{term}", autoescape=True), 3),
        (synonyms.contains(f"\n{term}", autoescape=True), 4),
        else_=5,
    )
    listed_first = case((Occupation.in_demand.is_(None), 1), else_=0)
    stmt = (
        select(Occupation)
        .where(
            Occupation.code.startswith(term, autoescape=True)
            | labels.contains(term, autoescape=True)
            | synonyms.contains(term, autoescape=True)
        )
        .order_by(rank, listed_first, Occupation.code)
        .limit(max(1, min(limit, MAX_SEARCH_RESULTS)))
    )
    return list(session.scalars(stmt))


@cache
def reference_settings() -> dict[str, Any]:
    """The packaged ``settings.json`` (read once)."""
    return read_data_file("settings")


def work_permit_salary_threshold(on_date: date | None = None) -> int | None:
    """The minimum monthly salary (SEK) for a work permit on ``on_date`` (today by default).

    None before the first known value. The values come from the packaged settings file, which is
    rebuilt when SCB publishes a new median.
    """
    day = (on_date or local_today()).isoformat()
    values = reference_settings()["work_permit_salary_threshold"]["values"]
    current = [v for v in values if v["valid_from"] <= day]
    return max(current, key=lambda v: v["valid_from"])["threshold"] if current else None


def salary_threshold() -> int | None:
    """Today's work-permit salary floor, as this installation applies it (``WORK_PERMIT_SALARY_THRESHOLD``
    overrides the published value)."""
    return current_app.config.get("WORK_PERMIT_SALARY_THRESHOLD") or work_permit_salary_threshold()


def sam_project_period() -> tuple[date, date]:
    """Start and end of the SAM project (the reporting period)."""
    project = reference_settings()["sam_project"]
    return date.fromisoformat(project["start"]), date.fromisoformat(project["end"])


HOME_COUNTY = "22"  # Västernorrland, the project's region: its municipalities come first


@dataclass(frozen=True)
class County:
    code: str
    name: str
    municipalities: list[Municipality]


def by_county(session: Session, locale: str) -> list[County]:
    """The municipalities grouped by county, in the reader's words: Västernorrland first, then the others
    (Gävleborg's Hudiksvall and Nordanstig, of the Sundsvall region), each in name order. One query."""
    counties: dict[str, County] = {}
    for m in session.scalars(select(Municipality).options(undefer(Municipality.facts))):
        county = (m.facts or {}).get("county") or {}
        name = localised(county.get("name_sv", m.county_code), county.get("name_en", ""), locale)
        counties.setdefault(m.county_code, County(m.county_code, name, [])).municipalities.append(m)
    for county in counties.values():
        county.municipalities.sort(key=lambda m: alphabetical(m.label(locale)))
    return sorted(counties.values(), key=lambda c: (c.code != HOME_COUNTY, alphabetical(c.name)))


# Swedish alphabetical order puts å, ä and ö after z, in that order (Unicode puts ä before å); English
# readers see the same order for the same names.
_AFTER_Z = str.maketrans({"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"})


def alphabetical(name: str) -> str:
    """A sort key for names in Swedish alphabetical order (Ånge after Timrå, Örnsköldsvik last)."""
    return name.casefold().translate(_AFTER_Z)
