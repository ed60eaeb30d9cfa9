"""Ranked, explained matches for the pages: needs for a newcomer (and partner), talents for a need.

Both directions find the exact top k without scoring everyone (``ranking.top_k``): talents are
fetched from the database in groups by how close their occupation is to the need's (same, close,
related: ``occupations``) and by class of place, best bound first; needs (a few thousand at most) are
grouped from a light list of all open needs. Talents in an unrelated occupation are never read: they
score 0 and are not listed. Talents for a need are found on read (the employer's lists, as fresh as
every consent); which needs fit a household is kept between views under a key that names everything
it read (``kept``), so it is as fresh as the profiles and needs too, without ranking them on each view.

Only newcomers who consented to matching and confirmed their profile within 90 days appear to employers.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import selectinload

from app.catalogue.models import HousingContact, Municipality
from app.catalogue.services import salary_threshold
from app.employers.models import CompetenceNeed
from app.employers.services import public_needs
from app.extensions import db
from app.matching.adapters import need_facts, talent_facts, talents_by_person
from app.matching.cards import joined
from app.matching.household import SCHOOL_AGES, HousingFacts, household_fit
from app.matching.kept import household_key, kept, need_key
from app.matching.models import TalentCard, TalentCardOccupation
from app.matching.occupations import CLOSE, RELATED, SAME, UNRELATED, related
from app.matching.ranking import LOCATION_BOUND, Search, bound, location_class, neighbours, occupation_tier, top_k
from app.matching.scoring import (
    AVAILABILITY_HORIZON_DAYS,
    CEFR,
    GAP_POINTS,
    MAX_GAP_POINTS,
    OCCUPATION_POINTS,
    REQUIRED_SKILLS_SHARE,
    WEIGHTS,
    Match,
    NeedFacts,
    TalentFacts,
    availability_component,
    language_fraction,
    score,
)
from app.models import today, utcnow
from app.talent.housing import WITHOUT_PERSONNUMMER as WITHOUT_ID_KEYS
from app.talent.models import Household, HouseholdMember, Moving, MunicipalityPreference, Relation
from app.talent.services import CURRENT_FOR

BATCH = 200  # candidates read and scored at a time


# --- talents for a need ---------------------------------------------------------------------------------

def listed_people():
    """The people employers may see (household members: a newcomer, a partner looking for work): each
    consenting to matching themselves, in a household whose profile was confirmed within 90 days."""
    return select(TalentCard.member_id).where(TalentCard.matching_consent.is_(True),
                                              TalentCard.confirmed_at >= utcnow() - CURRENT_FOR)


@dataclass(frozen=True)
class Listed:
    """A person on an employer's matching list, anonymous: whose household member, from where, and how they fit."""

    member_id: int
    partner: bool
    current_country: str | None
    match: Match


def talents_for(need: CompetenceNeed, limit: int = 20) -> list[Listed]:
    """The listed people who fit ``need`` best, anonymous.

    Who they are is kept between views (``kept.need_key``: as fresh as every profile, consent and need);
    their scores and reasons are computed again from the live rows, as every page scores them."""
    facts = need_facts(need)
    found = kept(need_key(need.id, limit, facts.permit_threshold),
                 lambda: [m.key for m in rank_talents(facts, limit)[0]])
    if not found:
        return []
    shown = {member_id: (relation, country) for member_id, relation, country in db.session.execute(
        select(HouseholdMember.id, HouseholdMember.relation, Household.current_country)
        .join(Household, Household.id == HouseholdMember.profile_id)
        .where(HouseholdMember.id.in_([key[1] for key in found])))}
    matches = [m for m in (score(t, facts) for t in talents_by_person(list(shown))) if m.listed]
    return [Listed(m.key[1], shown[m.key[1]][0] == Relation.PARTNER, shown[m.key[1]][1], m)
            for m in sorted(matches, key=lambda m: (-m.score, m.key))]


def scores_for(need: CompetenceNeed, member_ids) -> dict[int, Match]:
    """Each of the people ``member_ids`` scored against ``need`` exactly as the matching list scores them
    (the interested candidates, whoever they are: an unrelated occupation shows as 0 with its reason)."""
    facts = need_facts(need)
    return {t.key[1]: score(t, facts) for t in talents_by_person(member_ids)}


def household_scores(need: CompetenceNeed, profile: Household) -> list[tuple[HouseholdMember | None, Match]]:
    """How the newcomer (None) and a partner looking for work fit ``need``: the score the lists show."""
    facts = need_facts(need)
    partner = profile.partner if profile.partner and profile.partner.seeking_work else None
    return [(member, score(talent_facts(profile, member), facts)) for member in [None] + ([partner] if partner else [])]


def rank_talents(need: NeedFacts, limit: int = 20) -> tuple[list[Match], Search]:
    """The listed top ``limit``: the search covers every talent in a related occupation (the others score
    0), and all with a score above 0 come before any at 0, so dropping those keeps it exact."""
    matches, search = top_k(talent_groups(need), lambda ids: [score(t, need) for t in talents_by_person(ids)],
                            limit)
    return [m for m in matches if m.listed], search


def rank_all_talents(need: NeedFacts, limit: int = 20, chunk: int = 1000) -> list[Match]:
    """Exhaustive scoring of every listed person: the baseline the search must equal."""
    ids = list(db.session.scalars(listed_people().order_by(TalentCard.member_id)))
    matches = [score(t, need) for i in range(0, len(ids), chunk) for t in talents_by_person(ids[i:i + chunk])]
    return sorted((m for m in matches if m.listed), key=lambda m: (-m.score, m.key))[:limit]


def talent_groups(need: NeedFacts, first: int = 32, most: int = BATCH) -> Iterator[tuple[float, Iterator[list[int]]]]:
    """Listed people (household members) in batches, best bound first; a batch's bound is its first
    (highest) one.

    Tiers by how close the person's occupation is to the need's (same, close, related) are read from
    the database only when their best possible bound comes up; the database computes each newcomer's
    bound within the tier (``_rest_bound``), so the search usually stops after a few dozen newcomers.
    (Splitting tiers further by class of place was measured slower: more queries over the same rows.)
    Batches start small and double.
    """
    best_place = "chosen" if need.municipality else "unplaced"
    codes = related(need.occupation)
    tiers = [(bound(tier, best_place), tier) for tier in (SAME, CLOSE, RELATED) if codes[tier]]
    candidates: list[tuple[float, int]] = []  # a heap of (-bound, member id)
    seen: set[int] = set()  # read by a higher tier already
    rest = _rest_bound(need)
    size = first
    while tiers or candidates:
        if tiers and (not candidates or tiers[0][0] >= -candidates[0][0]):
            tier_bound, tier = tiers.pop(0)
            yield tier_bound, iter(())  # lets the search stop before this tier's query runs
            for member_id, rest_points in db.session.execute(_tier(codes[tier], rest)):
                if member_id not in seen:
                    seen.add(member_id)
                    heapq.heappush(candidates, (-(OCCUPATION_POINTS[tier] + float(rest_points)), member_id))
            continue
        batch_bound = -candidates[0][0]
        ids = [heapq.heappop(candidates)[1] for _ in range(min(size, len(candidates)))]
        yield batch_bound, iter([ids])
        size = min(2 * size, most)


def _tier(codes: Sequence[str], rest):
    """Listed people whose own occupations include one of ``codes``, with their rest bound (read from
    ``TalentCardOccupation``: pass ``_rest_bound(need)`` as it is by default). Someone with two of
    ``codes`` comes twice, with the same bound."""
    card = TalentCardOccupation
    return select(card.member_id, rest).where(card.occupation_code.in_(codes), card.matching_consent.is_(True),
                                               card.confirmed_at >= utcnow() - CURRENT_FOR)


def _rest_bound(need: NeedFacts, card=TalentCardOccupation):
    """SQL: for each newcomer's card, at least the points location, skills, languages and availability
    can give against ``need``, less the points of the gaps it certainly has. Each term uses the scoring's
    own values, so it is exact or rounded up."""
    return _place(need.municipality, LOCATION_BOUND, card) + _skill_points(need, card) + \
        _language_points(need, card) + _availability_points(need, card) - _certain_gap_points(need, card)


def _certain_gap_points(need: NeedFacts, card):
    """The gap points the scoring takes off for what the card proves missing: a required skill whose words
    appear nowhere in the card, Swedish or English below the minimum (or not given), a start after the
    need's. (A salary under the permit floor is left out: the card does not hold citizenship.)"""
    gaps = [case((card.skills.contains(slug, autoescape=True), 0), else_=1)
            for slug in sorted(need.required_skills)]
    columns = {"sv": card.swedish, "en": card.english}
    for code, required in sorted(need.min_levels.items()):
        if code in columns and required in CEFR:
            met = [has for has in (*CEFR, "native") if language_fraction(required, has) == 1.0]
            gaps.append(case((columns[code].in_(met), 0), else_=1))
    if need.start_date is not None:
        gaps.append(case((card.available_from > need.start_date, 1), else_=0))
    if not gaps:
        return literal(0.0)
    count = sum(gaps[1:], gaps[0])
    return case((count * GAP_POINTS >= MAX_GAP_POINTS, float(MAX_GAP_POINTS)), else_=count * float(GAP_POINTS))


def _place(municipality: str | None, values: dict[str, object], card=TalentCardOccupation):
    """SQL for ``ranking.location_class`` of each card against a need's municipality, as ``values``."""
    if municipality is None:
        return literal(values["unplaced"])

    def among(codes: Sequence[str]):
        return or_(*[card.places.contains(joined([code])) for code in codes])

    whens = [(among([municipality]), values["chosen"]), (card.open_to_all.is_(True), values["open"])]
    if near := neighbours(municipality):
        whens.append((among(near), values["near"]))
    whens.append((card.places == "", values["none"]))
    return case(*whens, else_=values["far"])


def _skill_points(need: NeedFacts, card):
    """The skills component, rounded up: a skill counts when the card's skills contain its words anywhere
    (``scoring.has_skill`` asks for whole words, so this is never less)."""

    def share(slugs: frozenset[str], points: float):
        if not slugs:
            return literal(float(points))
        has = [case((card.skills.contains(slug, autoescape=True), 1), else_=0)
               for slug in sorted(slugs)]
        return sum(has[1:], has[0]) * (points / len(slugs))

    return share(need.required_skills, REQUIRED_SKILLS_SHARE) + \
        share(need.nice_skills, WEIGHTS["skills"] - REQUIRED_SKILLS_SHARE)


def _language_points(need: NeedFacts, card):
    """The languages component exactly: each required language's share times ``language_fraction``."""
    wanted = {code: level for code, level in need.min_levels.items() if level in CEFR}
    if not wanted:
        return literal(float(WEIGHTS["languages"]))
    share = WEIGHTS["languages"] / len(wanted)
    columns = {"sv": card.swedish, "en": card.english}
    terms = [case({has: share * language_fraction(required, has) for has in (*CEFR, "native")},
                  value=columns[code], else_=0.0) if code in columns else literal(0.0)
             for code, required in sorted(wanted.items())]
    return sum(terms[1:], terms[0])


def _availability_points(need: NeedFacts, card):
    """Availability, rounded up to steps: starting within each tenth of the horizon after the need's start
    gives at most the points of that tenth's first day (the points only fall as the start moves later)."""
    top = WEIGHTS["availability"]
    if need.start_date is None:
        return literal(float(top))
    step = AVAILABILITY_HORIZON_DAYS // 10

    def points(late: int | None) -> float:
        start = None if late is None else need.start_date + timedelta(days=late)
        return availability_component(TalentFacts(key=None, available_from=start), need).points

    available = card.available_from
    whens = [(available.is_(None), points(None))]
    whens += [(available <= need.start_date + timedelta(days=step * (k + 1)), points(step * k)) for k in range(10)]
    return case(*whens, else_=0.0)


# --- needs for a talent ------------------------------------------------------------------------------------

class NeedPool:
    """The open needs: a light list of all of them, and their full facts read when a search reaches
    them (remembered, so several searches on one page read each need once)."""

    PREFETCH = 500  # fewer open needs than this: read them all at once

    def __init__(self) -> None:
        self.rows = db.session.execute(public_needs().with_only_columns(
            CompetenceNeed.id, CompetenceNeed.occupation_code, CompetenceNeed.municipality_code)).all()
        self.threshold = salary_threshold()
        self._facts: dict[int, NeedFacts] = {}
        if len(self.rows) <= self.PREFETCH:
            self.facts([row.id for row in self.rows])

    def facts(self, ids: Sequence[int]) -> list[NeedFacts]:
        missing = [i for i in ids if i not in self._facts]
        if missing:
            for need in db.session.scalars(select(CompetenceNeed).where(CompetenceNeed.id.in_(missing))):
                self._facts[need.id] = need_facts(need, self.threshold)
        return [self._facts[i] for i in ids]

    def groups(self, talent: TalentFacts, municipality: str | None = None):
        """Needs in an occupation related to the talent's, grouped by bound (unrelated ones score 0)."""
        places: dict[str, str] = {}
        tiers: dict[str, str] = {}
        buckets: dict[float, list[int]] = {}
        for need_id, occupation, code in self.rows:
            if municipality is not None and code != municipality:
                continue
            if occupation not in tiers:
                tiers[occupation] = occupation_tier(talent.occupations, occupation)
            if tiers[occupation] == UNRELATED:
                continue
            if code not in places:
                places[code] = location_class(code, talent.municipalities, talent.open_to_all)
            buckets.setdefault(bound(tiers[occupation], places[code]), []).append(need_id)
        for group_bound in sorted(buckets, reverse=True):
            ids = sorted(buckets[group_bound])
            yield group_bound, (ids[i:i + BATCH] for i in range(0, len(ids), BATCH))

    def best(self, talent: TalentFacts, k: int, **where) -> list[Match]:
        """The k best listed needs for ``talent``; each match is keyed by its need, the tie-breaker here."""
        matches, _search = top_k(self.groups(talent, **where),
                                 lambda ids: [replace(score(talent, f), key=f.key) for f in self.facts(ids)], k)
        return [m for m in matches if m.listed]


def _needs_by_id(ids) -> dict[int, CompetenceNeed]:
    if not ids:
        return {}
    return {n.id: n for n in db.session.scalars(
        select(CompetenceNeed).where(CompetenceNeed.id.in_(ids)).options(
            selectinload(CompetenceNeed.organisation), selectinload(CompetenceNeed.municipality),
            selectinload(CompetenceNeed.occupation)))}


def needs_for(profile: Household, members: list[HouseholdMember | None], limit: int = 5):
    """For each person (None = the newcomer, or a member such as the partner), the open needs that fit
    best: [[(need, match)], ...]. Which needs is kept between views (``kept``); their scores are computed
    from the live rows each time."""
    threshold = salary_threshold()
    household = household_key(profile, threshold)
    pool: list[NeedPool] = []  # read only when a list must be found again

    def find(member: HouseholdMember | None) -> list[int]:
        pool[:] = pool or [NeedPool()]
        return [m.key for m in pool[0].best(talent_facts(profile, member), limit)]

    found = [kept(f"{household}:needs:{member.id if member else 'me'}:{limit}" if household else None,
                  lambda member=member: find(member)) for member in members]
    needs = _needs_by_id({need_id for ids in found for need_id in ids})
    return [[(needs[i], _scored(profile, member, needs[i], threshold)) for i in ids if i in needs]
            for member, ids in zip(members, found, strict=True)]


def _scored(profile: Household, member: HouseholdMember | None, need: CompetenceNeed,
            threshold: int | None) -> Match:
    """A need found for a person, scored as the search scored it (the match keyed by the need)."""
    return replace(score(talent_facts(profile, member), need_facts(need, threshold)), key=need.id)


def missing_for_matching(profile: Household) -> list[str]:
    """What the household could add for (better) matches, most important first: "occupation" (without it
    nothing is listed), "languages", "places", "skills", "partner_occupation"."""
    me, partner = profile.me, profile.partner
    missing = []
    if me is None or not me.occupations:
        missing.append("occupation")
    if me is None or not me.languages:
        missing.append("languages")
    if not profile.preferences and not profile.open_to_all_municipalities and not profile.destination_code:
        missing.append("places")
    if not profile.skills:
        missing.append("skills")
    if partner is not None and partner.seeking_work and not partner.occupations:
        missing.append("partner_occupation")
    return missing


def household_places(profile: Household):
    """Every municipality ranked for the whole household, with the needs behind the job parts."""

    pools: list[NeedPool] = []

    def pool() -> NeedPool:  # read only when a list must be found again
        pools[:] = pools or [NeedPool()]
        return pools[0]

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
    moving_children = [m for m in profile.members
                       if m.relation == Relation.CHILD and m.moving != Moving.STAYING and m.birth_year]
    children = [year - m.birth_year for m in moving_children]
    home_languages = [m.home_language for m in moving_children
                      if year - m.birth_year in SCHOOL_AGES and m.home_language and m.home_language != "sv"]
    partner = profile.partner if profile.partner and profile.partner.seeking_work else None
    people = [None] + ([partner] if partner else [])
    # Each person's best listed need per place (which one is kept between views), scored exactly as the
    # start page scores it.
    threshold = salary_threshold()
    household = household_key(profile, threshold)

    def find(member: HouseholdMember | None) -> dict[str, int]:
        talent = talent_facts(profile, member)
        return {code: found[0].key for code in codes if (found := pool().best(talent, 1, municipality=code))}

    kept_ids = [kept(f"{household}:places:{member.id if member else 'me'}" if household else None,
                     lambda member=member: find(member)) for member in people]
    found_needs = _needs_by_id({need_id for ids in kept_ids for need_id in ids.values()})
    best = [{code: _scored(profile, member, found_needs[need_id], threshold)
             for code, need_id in ids.items() if need_id in found_needs}
            for member, ids in zip(people, kept_ids, strict=True)]
    fits = household_fit(
        codes, best[0], best[1] if partner else None, children,
        housing, [p.municipality_code for p in profile.preferences], profile.open_to_all_municipalities,
        home_languages, _school_peers(profile, set(home_languages), year))
    return fits, {key: found_needs[key] for fit in fits for key in (fit.best_need, fit.best_partner_need) if key}


def _school_peers(profile: Household, languages: set[str], year: int) -> dict[str, dict[str, int]]:
    """School-age children with each of ``languages`` as home language in other households, by the
    municipality they move to (their destination, else their first choice): counts only."""

    if not languages:
        return {}
    child, first = HouseholdMember, MunicipalityPreference
    place = func.coalesce(Household.destination_code, first.municipality_code)
    rows = db.session.execute(
        select(place, child.home_language, func.count())
        .join(Household, Household.id == child.profile_id)
        .outerjoin(first, (first.profile_id == Household.id) & (first.rank == 1))
        .where(child.relation == Relation.CHILD, child.moving != Moving.STAYING, child.home_language.in_(languages),
               child.birth_year.between(year - max(SCHOOL_AGES), year - min(SCHOOL_AGES)),
               Household.id != profile.id)
        .group_by(place, child.home_language))
    peers: dict[str, dict[str, int]] = {}
    for code, language, count in rows:
        if code:
            peers.setdefault(code, {})[language] = count
    return peers
