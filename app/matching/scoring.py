"""Scoring a talent against a competence need. Pure and deterministic."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from pathlib import Path

from app.explained import Reason
from app.matching.occupations import CLOSE, RELATED, SAME, UNRELATED, closest

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
# Points each component can give; they add up to 100.
WEIGHTS = {"occupation": 40, "skills": 20, "languages": 15, "location": 15, "availability": 10}
REQUIRED_SKILLS_SHARE = 15  # of the 20 skill points; nice-to-have skills give the other 5
# Occupation points by how close the talent's occupation is to the need's (``occupations.tier``). An
# unrelated occupation gates the whole match: it scores 0 and is never listed, whatever else fits.
OCCUPATION_POINTS = {SAME: 40, CLOSE: 32, RELATED: 22, UNRELATED: 0}
AVAILABILITY_HORIZON_DAYS = 180  # starting this much later than the need gives no availability points
# Each unmet hard requirement (a language below its minimum, a missing required skill, a salary under
# the work-permit floor for a talent from outside the EU/EEA, a start after the need's) takes points
# off the total, on top of what its component does not give, so that a gap shows in the score.
GAP_POINTS = 10
MAX_GAP_POINTS = 30
GAP_KEYS = frozenset({"language_below", "language_missing", "skill_missing", "permit_salary_too_low",
                      "available_later"})


@dataclass(frozen=True)
class Component:
    name: str
    points: float
    max_points: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Match:
    key: object  # the talent's (or need's) stable key, for deterministic ties
    score: int
    components: tuple[Component, ...]
    gaps: tuple[Reason, ...] = ()  # every unmet hard requirement, each also among its component's reasons
    occupation_tier: str = UNRELATED

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)

    @property
    def listed(self) -> bool:
        """Whether the match belongs in a list at all: a related occupation and a score above 0."""
        return self.occupation_tier != UNRELATED and self.score > 0

    @property
    def gap_points(self) -> int:
        return min(MAX_GAP_POINTS, GAP_POINTS * len(self.gaps))


@dataclass(frozen=True)
class TalentFacts:
    key: object
    occupations: tuple[str, ...] = ()
    skills: frozenset[str] = frozenset()  # normalised skill slugs
    languages: Mapping[str, str] = field(default_factory=dict)  # code -> CEFR level or "native"
    municipalities: tuple[str, ...] = ()  # ranked choices
    open_to_all: bool = False
    available_from: date | None = None
    citizenship: str | None = None  # "nordic", "eu_eea", "other"


@dataclass(frozen=True)
class NeedFacts:
    key: object
    occupation: str | None = None
    required_skills: frozenset[str] = frozenset()
    nice_skills: frozenset[str] = frozenset()
    min_levels: Mapping[str, str] = field(default_factory=dict)  # code -> CEFR level
    municipality: str | None = None
    start_date: date | None = None
    salary: int | None = None  # the lowest offered monthly salary
    permit_threshold: int | None = None
    skill_labels: Mapping[str, str] = field(default_factory=dict)  # slug -> the label the employer wrote


@cache
def _commuting() -> dict[frozenset[str], int]:
    data = json.loads((Path(__file__).parent / "commuting.json").read_text("utf-8"))
    return {frozenset((a, b)): minutes for a, b, minutes in data["pairs"]}


def commuting_minutes(a: str, b: str) -> int | None:
    """Rough commuting time between two municipalities' main towns, or None when too far."""
    return 0 if a == b else _commuting().get(frozenset((a, b)))


def neighbours(code: str) -> list[str]:
    """The municipalities within commuting distance of ``code`` (itself excluded), by code."""
    return sorted(other for pair in _commuting() if code in pair for other in pair if other != code)


def _level(value: str | None) -> int | None:
    if value == "native":
        return len(CEFR)
    return CEFR.index(value) if value in CEFR else None


def occupation_component(talent: TalentFacts, need: NeedFacts) -> Component:
    top = WEIGHTS["occupation"]
    if not need.occupation:
        return Component("occupation", 0, top, (Reason.of("need_without_occupation"),))
    if not talent.occupations:
        return Component("occupation", 0, top, (Reason.of("no_occupation_given"),))
    best, tier = closest(talent.occupations, need.occupation)
    return Component("occupation", OCCUPATION_POINTS[tier], top,
                     (Reason.of(f"{tier}_occupation", occupation=best, wanted=need.occupation),))


def has_skill(skills: frozenset[str], wanted: str) -> bool:
    """Whether normalised ``skills`` cover ``wanted``: the same words, or more specific ones around them
    ("plc programming" covers "plc"; "javascript" does not cover "java"; "plc" does not cover "plc
    programming")."""
    return wanted in skills or any(f" {wanted} " in f" {skill} " for skill in skills)


def met_skills(skills: frozenset[str], wanted: frozenset[str]) -> frozenset[str]:
    return frozenset(s for s in wanted if has_skill(skills, s))


def skills_component(talent: TalentFacts, need: NeedFacts) -> Component:
    top = WEIGHTS["skills"]
    reasons: list[Reason] = []
    nice_share = top - REQUIRED_SKILLS_SHARE
    if need.required_skills:
        has = met_skills(talent.skills, need.required_skills)
        required = REQUIRED_SKILLS_SHARE * len(has) / len(need.required_skills)
        reasons.append(Reason.of("required_skills", has=len(has), of=len(need.required_skills)))
        reasons.extend(Reason.of("skill_missing", skill=need.skill_labels.get(slug, slug))
                       for slug in sorted(need.required_skills - has))
    else:
        required = REQUIRED_SKILLS_SHARE
        reasons.append(Reason.of("no_required_skills"))
    if need.nice_skills:
        has = met_skills(talent.skills, need.nice_skills)
        nice = nice_share * len(has) / len(need.nice_skills)
        if has:
            reasons.append(Reason.of("nice_skills", has=len(has), of=len(need.nice_skills)))
    else:
        nice = nice_share
    return Component("skills", required + nice, top, tuple(reasons))


def languages_component(talent: TalentFacts, need: NeedFacts) -> Component:
    top = WEIGHTS["languages"]
    wanted = {code: level for code, level in need.min_levels.items() if _level(level) is not None}
    if not wanted:
        return Component("languages", top, top, (Reason.of("no_language_requirement"),))
    share = top / len(wanted)
    points = 0.0
    reasons = []
    for code in sorted(wanted):
        has = talent.languages.get(code)
        points += share * language_fraction(wanted[code], has)
        if _level(has) is None:
            reasons.append(Reason.of("language_missing", language=code, required=wanted[code]))
        else:
            key = "language_met" if _level(has) >= _level(wanted[code]) else "language_below"
            reasons.append(Reason.of(key, language=code, required=wanted[code], has=has))
    return Component("languages", points, top, tuple(reasons))


def language_fraction(required: str, has: str | None) -> float:
    """How much of a language requirement a level meets: all of it, two thirds one level short, a third
    two levels short, nothing further below or without the language."""
    need_level, has_level = _level(required), _level(has)
    if has_level is None:
        return 0.0
    if has_level >= need_level:
        return 1.0
    return max(0.0, 1 - (need_level - has_level) / 3)


def location_component(talent: TalentFacts, need: NeedFacts) -> Component:
    top = WEIGHTS["location"]
    if not need.municipality:
        return Component("location", top / 2, top, (Reason.of("need_without_place"),))
    if need.municipality in talent.municipalities:
        rank = talent.municipalities.index(need.municipality) + 1
        points = top if rank == 1 else top - 2
        return Component("location", points, top, (Reason.of("chosen_municipality", rank=rank,
                                                                   municipality=need.municipality),))
    nearby = [(commuting_minutes(code, need.municipality), code) for code in talent.municipalities]
    nearby = sorted((m, code) for m, code in nearby if m is not None)
    if nearby:
        minutes, code = nearby[0]
        return Component("location", round(top * 0.5 * (1 - minutes / 120), 2), top,
                         (Reason.of("commuting_distance", minutes=minutes, home=code,
                                    municipality=need.municipality),))
    if talent.open_to_all or not talent.municipalities:
        key = "open_to_all" if talent.open_to_all else "no_municipality_given"
        return Component("location", top * 0.8 if talent.open_to_all else top * 0.4, top, (Reason.of(key),))
    return Component("location", 0, top, (Reason.of("not_chosen_municipality", municipality=need.municipality),))


def availability_component(talent: TalentFacts, need: NeedFacts) -> Component:
    top = WEIGHTS["availability"]
    if need.start_date is None:
        return Component("availability", top, top, (Reason.of("start_open"),))
    if talent.available_from is None:
        return Component("availability", top / 2, top, (Reason.of("availability_unknown"),))
    late = (talent.available_from - need.start_date).days
    if late <= 0:
        return Component("availability", top, top, (Reason.of("available_in_time"),))
    return Component("availability", top * max(0.0, 1 - late / AVAILABILITY_HORIZON_DAYS), top,
                     (Reason.of("available_later", days=late),))


def score(talent: TalentFacts, need: NeedFacts) -> Match:
    components = (
        occupation_component(talent, need),
        skills_component(talent, need),
        languages_component(talent, need),
        location_component(talent, need),
        availability_component(talent, need),
    )
    gaps = [r for c in components for r in c.reasons if r.key in GAP_KEYS]
    if (talent.citizenship == "other" and need.salary is not None and need.permit_threshold is not None
            and need.salary < need.permit_threshold):
        gaps.insert(0, Reason.of("permit_salary_too_low", salary=need.salary, threshold=need.permit_threshold))
    tier = closest(talent.occupations, need.occupation)[1] if need.occupation else UNRELATED
    match = Match(talent.key, 0, components, tuple(gaps), tier)
    if tier == UNRELATED:
        return match
    total = round(sum(c.points for c in components)) - match.gap_points
    return replace(match, score=max(0, min(100, total)))


def rank_talents(talents: Iterable[TalentFacts], need: NeedFacts, limit: int | None = None) -> list[Match]:
    """Best first; equal scores in a stable order (by the talent's key)."""
    matches = sorted((score(t, need) for t in talents), key=lambda m: (-m.score, m.key))
    return matches if limit is None else matches[:limit]
