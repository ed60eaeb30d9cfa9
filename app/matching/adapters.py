"""From Landa's rows to the plain facts the scoring functions take."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select

from app.catalogue.services import salary_threshold
from app.employers.models import CompetenceNeed
from app.extensions import db
from app.matching.scoring import NeedFacts, TalentFacts
from app.talent.models import (
    Household,
    HouseholdMember,
    MemberLanguage,
    MemberOccupation,
    MunicipalityPreference,
    Relation,
    Skill,
)
from app.talent.models import profile_skill as ps
from app.talent.services import normalise_skill


def talent_facts(profile: Household, member: HouseholdMember | None = None) -> TalentFacts:
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
        skill_labels={_slug(s): s for s in need.required_skills},
    )


def _slug(label: str) -> str:
    return normalise_skill(label)


def talents_by_person(ids: Collection[int], execute=None) -> list[TalentFacts]:
    """The people ``ids`` (household members: a newcomer or a partner) as talents, read with five plain
    queries (no ORM objects): the same facts ``talent_facts`` gives for a loaded profile, at a fraction
    of the cost, for ranking in bulk. The household's places are shared; skills are the newcomer's."""
    ids = list(ids)
    if not ids:
        return []
    p, person = Household, HouseholdMember
    execute = execute or db.session.execute
    rows = execute(select(person.id, p.id, person.relation, person.follows_on, p.open_to_all_municipalities,
                          p.destination_code, p.arrival_date, p.job_start_date, p.citizenship)
                   .join(p, p.id == person.profile_id).where(person.id.in_(ids))).all()
    profile_ids = {row[1] for row in rows}
    own = {row[1] for row in rows if row[2] == Relation.SELF}
    occupations: dict[int, list[str]] = {}
    for member_id, code in execute(select(MemberOccupation.member_id, MemberOccupation.occupation_code)
                                   .where(MemberOccupation.member_id.in_(ids))
                                   .order_by(MemberOccupation.position, MemberOccupation.id)):
        occupations.setdefault(member_id, []).append(code)
    languages: dict[int, dict[str, str]] = {}
    for member_id, language, level in execute(select(MemberLanguage.member_id, MemberLanguage.language,
                                                     MemberLanguage.level).where(MemberLanguage.member_id.in_(ids))):
        languages.setdefault(member_id, {})[language] = level.value
    skills: dict[int, set[str]] = {}
    if own:
        for pid, slug in execute(select(ps.c.profile_id, Skill.slug).join(Skill, Skill.id == ps.c.skill_id)
                                 .where(ps.c.profile_id.in_(own))):
            skills.setdefault(pid, set()).add(slug)
    places: dict[int, list[str]] = {}
    for pid, code in execute(select(MunicipalityPreference.profile_id, MunicipalityPreference.municipality_code)
                             .where(MunicipalityPreference.profile_id.in_(profile_ids))
                             .order_by(MunicipalityPreference.profile_id, MunicipalityPreference.rank)):
        places.setdefault(pid, []).append(code)
    return [
        TalentFacts(
            key=(pid, member_id),
            occupations=tuple(occupations.get(member_id, ())),
            skills=frozenset(skills.get(pid, ())) if relation == Relation.SELF else frozenset(),
            languages=languages.get(member_id, {}),
            municipalities=tuple(places.get(pid, ())) or ((destination,) if destination else ()),
            open_to_all=open_to_all,
            available_from=follows_on or arrival or job_start,
            citizenship=citizenship.value if citizenship else None,
        )
        for member_id, pid, relation, follows_on, open_to_all, destination, arrival, job_start, citizenship in rows
    ]
