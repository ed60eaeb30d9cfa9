"""Ranked, explained matches for the pages: needs for a newcomer (and partner), talents for a need.

Only newcomers who consented to matching appear to employers; the consent's latest decision counts.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.employers.models import CompetenceNeed
from app.employers.services import public_needs, salary_threshold
from app.extensions import db
from app.matching.adapters import need_facts, talent_facts
from app.matching.scoring import Match, score
from app.models import utcnow
from app.talent.models import Consent, ConsentKind, HouseholdMember, NewcomerProfile, Relation
from app.talent.services import CURRENT_FOR

MAX_CANDIDATES = 2000  # scored exactly after the SQL filter; issue 5's benchmark proves the bound at scale


def needs_for(profile: NewcomerProfile, members: list[HouseholdMember | None], limit: int = 5):
    """For each person (None = the newcomer, or a member such as the partner), the open needs that fit
    best: [[(need, match)], ...]. The needs are read once for everyone."""
    needs = db.session.scalars(public_needs().options(
        selectinload(CompetenceNeed.organisation), selectinload(CompetenceNeed.municipality),
        selectinload(CompetenceNeed.occupation)).limit(MAX_CANDIDATES)).all()
    threshold = salary_threshold()
    facts = [need_facts(need, threshold) for need in needs]
    result = []
    for member in members:
        talent = talent_facts(profile, member)
        matches = sorted(((need, score(talent, f)) for need, f in zip(needs, facts, strict=True)),
                         key=lambda pair: (-pair[1].score, pair[0].id))
        result.append([pair for pair in matches[:limit] if pair[1].score > 0])
    return result


def consenting_profiles():
    """Profiles whose latest decision on matching is a yes."""
    latest = (select(Consent.profile_id, func.max(Consent.id).label("last_id"))
              .where(Consent.kind == ConsentKind.MATCHING).group_by(Consent.profile_id).subquery())
    return (select(NewcomerProfile.id).join(latest, latest.c.profile_id == NewcomerProfile.id)
            .join(Consent, Consent.id == latest.c.last_id).where(Consent.granted.is_(True)))


def talents_for(need: CompetenceNeed, limit: int = 20) -> list[tuple[NewcomerProfile, Match]]:
    """The consenting newcomers who fit ``need`` best, anonymised by the caller."""
    ids = consenting_profiles().where(NewcomerProfile.confirmed_at >= utcnow() - CURRENT_FOR)
    if need.occupation_code:  # the same major group, or no occupation given: others score too low to matter
        from app.talent.models import MemberOccupation

        same_group = (select(HouseholdMember.profile_id).join(MemberOccupation)
                      .where(HouseholdMember.relation == Relation.SELF,
                             MemberOccupation.occupation_code.startswith(need.occupation_code[0])))
        ids = ids.where(NewcomerProfile.id.in_(same_group))
    profiles = db.session.scalars(
        select(NewcomerProfile).where(NewcomerProfile.id.in_(ids.limit(MAX_CANDIDATES)))
        .options(selectinload(NewcomerProfile.members).selectinload(HouseholdMember.occupations),
                 selectinload(NewcomerProfile.members).selectinload(HouseholdMember.languages),
                 selectinload(NewcomerProfile.skills), selectinload(NewcomerProfile.preferences))
    ).all()
    facts = need_facts(need)
    matches = [(p, score(talent_facts(p), facts)) for p in profiles]
    matches.sort(key=lambda pair: (-pair[1].score, pair[0].id))
    return matches[:limit]


def household_places(profile: NewcomerProfile):
    """Every municipality ranked for the whole household, with the needs behind the job parts."""
    from app.catalogue.models import HousingContact, Municipality
    from app.matching.household import HousingFacts, household_fit
    from app.models import today
    from app.talent.housing import WITHOUT_PERSONNUMMER as WITHOUT_ID_KEYS
    from app.talent.models import Moving

    needs = db.session.scalars(public_needs().options(
        selectinload(CompetenceNeed.organisation), selectinload(CompetenceNeed.occupation))
        .limit(MAX_CANDIDATES)).all()
    threshold = salary_threshold()
    by_place: dict[str, list] = {}
    for need in needs:
        by_place.setdefault(need.municipality_code, []).append(need_facts(need, threshold))
    housing: dict[str, HousingFacts] = {}
    regional = db.session.scalars(select(HousingContact).options(selectinload(HousingContact.municipalities))).all()
    without_id = any(c.key in WITHOUT_ID_KEYS for c in regional if not c.municipalities)
    codes = [m.code for m in db.session.scalars(select(Municipality).order_by(Municipality.code))]
    for code in codes:
        local = [c for c in regional if any(m.code == code for m in c.municipalities)]
        housing[code] = HousingFacts(
            contacts=len(local),
            work_mover_bonus=any(c.details.get("work_mover_bonus") for c in local),
            without_personnummer=without_id or any(c.key in WITHOUT_ID_KEYS for c in local),
        )
    year = (profile.arrival_date or today()).year
    children = [year - m.birth_year for m in profile.members
                if m.relation == Relation.CHILD and m.moving != Moving.STAYING and m.birth_year]
    partner = profile.partner if profile.partner and profile.partner.seeking_work else None
    fits = household_fit(
        codes, talent_facts(profile), talent_facts(profile, partner) if partner else None, children,
        by_place, housing, [p.municipality_code for p in profile.preferences], profile.open_to_all_municipalities)
    return fits, {n.id: n for n in needs}
