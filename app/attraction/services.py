"""The public "Move to Västernorrland" pages: sourced facts about each place, and what Landa knows live.

Facts come from the packaged ``data/places.json`` (each with its source and the domain notes' confidence mark);
live figures (open needs, housing contacts, local contacts for the steps) are read in a fixed number of
queries, whatever the number of needs. Nothing here writes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.catalogue.models import HousingContact, Municipality, MunicipalService, OccupationGroup, Service
from app.catalogue.services import search_occupations
from app.employers.services import public_needs

DATA_FILE = Path(__file__).parent / "data" / "places.json"
CONFIDENCE = ("src", "est", "unc")
TOPICS = ("area", "work", "travel", "housing", "schools", "health", "welcome")
# The steps a family with children takes with the municipality (catalogue keys).
CHILDREN_STEPS = ("preschool_application", "school_enrolment")
HEALTH_FACTS_REGION = "Region Västernorrland"  # the region's health facts are this region's


@cache
def places() -> dict[str, Any]:
    """The packaged facts (read once)."""
    return json.loads(DATA_FILE.read_text("utf-8"))


@dataclass(frozen=True)
class Fact:
    topic: str
    text: str
    source: str
    confidence: str


def _facts(records: list[dict[str, Any]], locale: str) -> list[Fact]:
    lang = "en" if str(locale).startswith("en") else "sv"
    return [Fact(r["topic"], r[lang] or r["sv"], _source(r, lang), r["confidence"]) for r in records]


def _source(record: dict[str, Any], lang: str) -> str:
    """The source as written for Swedish readers, or its English wording (``source_en``) for English ones."""
    return (lang == "en" and record.get("source_en")) or record["source"]


def region_facts(locale: str) -> list[Fact]:
    return _facts(places()["region"], locale)


def municipality_facts(code: str, locale: str) -> list[Fact]:
    return _facts(places()["municipalities"].get(code, []), locale)


def shared_facts(place: Municipality, locale: str) -> list[Fact]:
    """The region's facts that hold in ``place`` too: schools and housing everywhere; health care only in the
    municipalities of the region the fact names (Region Västernorrland's health centres)."""
    return [f for f in _facts(places()["region"], locale) if f.topic in ("schools", "housing")
            or (f.topic == "health" and place.health_region == HEALTH_FACTS_REGION)]


def by_topic(facts: list[Fact]) -> list[tuple[str, list[Fact]]]:
    """Facts grouped by topic, in the pages' order of topics."""
    return [(t, [f for f in facts if f.topic == t]) for t in TOPICS if any(f.topic == t for f in facts)]


def basic_source(name: str, municipality: Municipality | None = None, locale: str = "sv") -> tuple[str, str]:
    """Source and confidence of a column the catalogue holds (population, seat, health region). A municipality's
    own mark in its facts (``health_region_confidence``) lowers the general one."""
    basic = places()["basics"][name]
    own = ((municipality.facts or {}).get(f"{name}_confidence") if municipality is not None else None)
    return _source(basic, "en" if str(locale).startswith("en") else "sv"), own or basic["confidence"]


def population_date(place: Municipality) -> date | None:
    """The day the catalogue's population figure was counted (``facts.population_date``), when it says."""
    try:
        return date.fromisoformat((place.facts or {}).get("population_date") or "")
    except ValueError:
        return None


@dataclass(frozen=True)
class Count:
    needs: int = 0
    positions: int = 0


def open_needs_by_municipality(session: Session, occupation_codes: list[str] | None = None,
                               prefix: str | None = None) -> dict[str, Count]:
    """Open needs and their positions per municipality code (one query), for an occupation when asked."""
    shown = public_needs(None, prefix, occupation_codes).order_by(None).subquery()
    rows = session.execute(select(shown.c.municipality_code, func.count(shown.c.id), func.sum(shown.c.positions))
                           .group_by(shown.c.municipality_code))
    return {code: Count(int(n), int(p or 0)) for code, n, p in rows}


@dataclass(frozen=True)
class GroupCount:
    code: str  # an SSYK major group (one digit): the board filters on it as a prefix
    label: str
    needs: int
    positions: int


def open_needs_by_group(session: Session, code: str, locale: str) -> list[GroupCount]:
    """Open needs in one municipality by SSYK major group, most needs first (two queries)."""
    shown = public_needs(code).order_by(None).subquery()
    group = func.substr(shown.c.occupation_code, 1, 1)
    rows = list(session.execute(select(group, func.count(shown.c.id), func.sum(shown.c.positions)).group_by(group)))
    labels = {g.code: g.label(locale) for g in session.scalars(
        select(OccupationGroup).where(OccupationGroup.code.in_([r[0] for r in rows])))} if rows else {}
    counts = [GroupCount(g, labels.get(g, g), int(n), int(p or 0)) for g, n, p in rows]
    return sorted(counts, key=lambda c: (-c.needs, c.code))


def housing_here(session: Session, code: str) -> list[HousingContact]:
    """The housing contacts named for this municipality (one query)."""
    return list(session.scalars(select(HousingContact).join(HousingContact.municipalities)
                                .where(Municipality.code == code).order_by(HousingContact.key)))


def local_steps(session: Session, code: str) -> list[MunicipalService]:
    """The steps of the arrival plan for which the municipality has given its own contact (one query)."""
    return list(session.scalars(
        select(MunicipalService).join(MunicipalService.service)
        .where(MunicipalService.municipality_code == code).options(selectinload(MunicipalService.service))
        .order_by(Service.sort_order)))


# --- The light comparison ------------------------------------------------------------------------------

MAX_MATCHED_OCCUPATIONS = 30


@dataclass(frozen=True)
class Occupations:
    """What an occupation search counts: an SSYK code prefix typed as digits, or the occupations found by text."""

    typed: str
    prefix: str | None = None
    codes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # what was found, for the reader (at most a few)

    @property
    def found(self) -> bool:
        return bool(self.prefix or self.codes)


def find_occupations(session: Session, typed: str, locale: str) -> Occupations:
    """``2221`` or ``22``: that SSYK group; ``sjuksköterska`` or ``nurse``: the occupations whose names match."""
    term = " ".join(typed.split())
    digits = re.fullmatch(r"\d{1,4}", term)
    if digits:
        if len(term) == 4:
            found = search_occupations(session, term, locale, limit=1)
            labels = [f"{o.label(locale)} ({o.code})" for o in found if o.code == term]
        else:
            group = session.get(OccupationGroup, term)
            labels = [f"{group.label(locale)} ({group.code})"] if group is not None else []
        return Occupations(term, prefix=term if labels else None, labels=labels)
    found = search_occupations(session, term, locale, limit=MAX_MATCHED_OCCUPATIONS)
    return Occupations(term, codes=[o.code for o in found], labels=[f"{o.label(locale)} ({o.code})" for o in found])


@dataclass
class Line:
    """One municipality in the comparison, with the reasons it is shown as it is (keys and values, worded by
    the template)."""

    municipality: Municipality
    count: Count
    reasons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def rooms_needed(people: int, limits: dict[str, int]) -> int | None:
    """The fewest rooms (and a kitchen) whose occupancy limit takes ``people``; None when none does."""
    fitting = [int(rooms) for rooms, most in limits.items() if most >= people]
    return min(fitting) if fitting else None


def compare(session: Session, occupations: Occupations, household_size: int, children: bool,
            locale: str, counties: list) -> list[Line]:
    """Every municipality, those with the most open needs for the occupation first, each with its reasons:
    the open needs counted, housing companies' work-mover bonuses and occupancy limits for the household's
    size, and, with children, whether the municipality has given its own contact for preschool and school.
    Four queries, whatever the number of needs (``counties`` comes from ``by_county``)."""
    counts = open_needs_by_municipality(session, occupations.codes or None, occupations.prefix)
    contacts = list(session.scalars(select(HousingContact).options(selectinload(HousingContact.municipalities))
                                    .order_by(HousingContact.key)))
    with_children_contact: set[str] = set()
    if children:
        with_children_contact = set(session.scalars(
            select(MunicipalService.municipality_code).where(MunicipalService.service_key.in_(CHILDREN_STEPS))))
    occupancy = places()["housing_occupancy"]
    order = [m for county in counties for m in county.municipalities]
    lines: list[Line] = []
    for m in order:
        line = Line(m, counts.get(m.code, Count()))
        if line.count.needs:
            line.reasons.append(("needs", {"needs": line.count.needs, "positions": line.count.positions}))
        else:
            line.reasons.append(("no_needs", {}))
        for c in contacts:
            if m.code not in {x.code for x in c.municipalities}:
                continue
            bonus = (c.details or {}).get("work_mover_bonus") or {}
            if bonus.get("points"):
                line.reasons.append(("bonus", {"name": c.label(locale), "points": bonus["points"],
                                               "months": bonus.get("valid_months") or 6}))
            limits = occupancy.get(c.key)
            if limits:
                rooms = rooms_needed(household_size, limits["max_people_by_rooms"])
                most = max(limits["max_people_by_rooms"].values())
                line.reasons.append(("rooms", {"name": c.label(locale), "rooms": rooms, "people": household_size})
                                    if rooms else ("too_many", {"name": c.label(locale), "most": most}))
        if children:
            line.reasons.append(("children_contact", {}) if m.code in with_children_contact
                                else ("children_no_contact", {}))
        lines.append(line)
    rank = {m.code: i for i, m in enumerate(order)}
    return sorted(lines, key=lambda x: (-x.count.needs, rank[x.municipality.code]))
