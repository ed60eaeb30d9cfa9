"""From Landa's rows to the plain facts the scoring functions take."""

from __future__ import annotations

from app.employers.models import CompetenceNeed
from app.employers.services import salary_threshold
from app.matching.scoring import NeedFacts, TalentFacts
from app.talent.models import HouseholdMember, NewcomerProfile


def talent_facts(profile: NewcomerProfile, member: HouseholdMember | None = None) -> TalentFacts:
    """The newcomer (or, with ``member``, their partner) as a talent; the household's places are shared."""
    person = member or profile.me
    return TalentFacts(
        key=(profile.id, person.id if person else 0),
        occupations=tuple(o.occupation_code for o in person.occupations) if person else (),
        skills=frozenset(s.slug for s in profile.skills) if member is None else frozenset(),
        languages={e.language: e.level.value for e in person.languages} if person else {},
        municipalities=tuple(p.municipality_code for p in profile.preferences)
        or ((profile.destination_code,) if profile.destination_code else ()),
        open_to_all=profile.open_to_all_municipalities,
        available_from=(member.follows_on if member is not None and member.follows_on else None)
        or profile.arrival_date or profile.job_start_date,
        citizenship=profile.citizenship.value if profile.citizenship else None,
    )


def need_facts(need: CompetenceNeed, threshold: int | None = None) -> NeedFacts:
    return NeedFacts(
        key=need.id,
        occupation=need.occupation_code,
        required_skills=frozenset(_slug(s) for s in need.required_skills),
        nice_skills=frozenset(_slug(s) for s in need.nice_skills),
        min_levels={code: level for code, level in (("sv", need.min_swedish), ("en", need.min_english)) if level},
        municipality=need.municipality_code,
        start_date=need.start_date,
        salary=need.salary_min if need.salary_min is not None else need.salary_max,
        permit_threshold=threshold if threshold is not None else salary_threshold(),
    )


def _slug(label: str) -> str:
    from app.talent.services import normalise_skill

    return normalise_skill(label)
