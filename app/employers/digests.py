"""What is new to employers: the weekly digest (newcomers who began sharing their profile this week and fit an
open need), and, on their start page and a need's page, who showed interest in a need or joined its matching
list since the member last looked at its candidates."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.services import external_url
from app.catalogue.services import salary_threshold
from app.employers import candidates
from app.employers.models import ApprovalStatus, CompetenceNeed, NeedStatus, Organisation, OrganisationMember
from app.employers.services import public_needs
from app.extensions import db
from app.matching.adapters import need_facts, talents_by_person
from app.matching.kept import kept, need_key
from app.matching.models import TalentCard
from app.matching.scoring import score
from app.matching.services import Listed, listed_people, rank_talents, talents_for
from app.models import today, utcnow
from app.outbox.notices import send_once
from app.talent.models import Consent, ConsentKind, HouseholdMember, Relation

log = logging.getLogger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")

GOOD_FIT = 60  # a score from which a newcomer is worth the employer's look


def new_talent_ids(since, until=None) -> list[int]:
    """Listed people (household members) whose own matching consent was given from ``since`` (to ``until``):
    the newcomer's decision is recorded without a member, a partner's with theirs."""

    fresh = exists().where(
        Consent.profile_id == TalentCard.profile_id, Consent.kind == ConsentKind.MATCHING, Consent.granted.is_(True),
        Consent.recorded_at >= since, Consent.recorded_at < (until or utcnow()),
        or_(Consent.member_id == TalentCard.member_id,
            and_(Consent.member_id.is_(None), HouseholdMember.relation == Relation.SELF)))
    return list(db.session.scalars(listed_people().join(HouseholdMember, HouseholdMember.id == TalentCard.member_id)
                                   .where(fresh)))


def employer_digest_job() -> int:
    """Weekly. For each organisation, its open needs with the number of new newcomers who fit them well
    (anonymous counts; the candidates page shows them). A second run the same week sends nothing."""

    day = today()
    year, week, weekday = day.isocalendar()
    period = f"{year}-W{week:02d}"
    # The week before this one's Monday, whenever in the week the job runs (a late run misses nobody).
    monday = datetime.combine(day - timedelta(days=weekday - 1), time.min, tzinfo=STOCKHOLM)
    talents = talents_by_person(new_talent_ids(monday - timedelta(days=7), until=monday))
    if not talents:
        return 0
    threshold = salary_threshold()
    needs = db.session.scalars(public_needs().options(selectinload(CompetenceNeed.occupation))).all()
    by_org: dict[int, list[tuple[CompetenceNeed, int]]] = {}
    for need in needs:
        facts = need_facts(need, threshold)
        fits = sum(1 for talent in talents if score(talent, facts).score >= GOOD_FIT)
        if fits:
            by_org.setdefault(need.organisation_id, []).append((need, fits))
    base = current_app.config["LANDA_BASE_URL"]
    sent = 0
    organisations = db.session.scalars(select(Organisation).where(Organisation.id.in_(by_org))
                                       .options(selectinload(Organisation.members)
                                                .selectinload(OrganisationMember.user))).all()
    for organisation in organisations:
        for member in organisation.members:
            if not member.user.active:
                continue
            try:  # one person's failure (a broken address, a template error) stops nobody else's digest
                sent += send_once("employer_digest", member.user, f"{period}-org{organisation.id}",
                                  organisation=organisation, lines=by_org[organisation.id],
                                  link=lambda need_id: external_url(base, "employers.candidates", need_id=need_id))
                db.session.commit()
            except Exception:
                db.session.rollback()
                log.exception("employer digest for user %s failed", member.user_id)
    return sent


# --- what is new on a need since a member last looked at its candidates ------------------------------------------

MATCHING_LISTED = 10  # how many matching talents the candidates page lists under the interested ones


def matching_list(need: CompetenceNeed, involved: set[int], limit: int = MATCHING_LISTED) -> list[Listed]:
    """The matching list under a need's candidates: the listed people who fit best, not yet interested or asked
    (``involved``: household members)."""
    return [person for person in talents_for(need, limit=limit + len(involved))
            if person.member_id not in involved][:limit]


def listed_ids(need: CompetenceNeed, involved: set[int], limit: int = MATCHING_LISTED) -> list[int]:
    """Who ``matching_list`` lists, as household members' ids only: the ranking ``talents_for`` keeps, under
    the same key (found once for the start page and the candidates page alike), without reading and scoring
    each person again for reasons the start page does not show."""
    facts = need_facts(need)
    size = limit + len(involved)
    found = kept(need_key(need.id, size, facts.permit_threshold),
                 lambda: [m.key for m in rank_talents(facts, size)[0]])
    return [key[1] for key in found if key[1] not in involved][:limit]


@dataclass(frozen=True)
class NeedNews:
    """A need's candidates as a member of its organisation finds them: everyone interested, who of them showed
    it since the member last looked (``seen_at``; None: they never looked, so everyone is new to them), and who
    on its matching list began sharing their profile since."""

    interested: int = 0
    new_interested: int = 0
    new_matching: int = 0
    seen_at: datetime | None = None

    @property
    def anything_new(self) -> bool:
        return bool(self.new_interested or self.new_matching)


def news_for(needs: list[CompetenceNeed], viewer: User) -> dict[int, NeedNews]:
    """For each of ``needs`` (of ``viewer``'s organisations): what is new to ``viewer``. The matching list is
    read for open needs of approved organisations only (the others have no one to contact)."""
    seen = candidates.last_seen(needs, viewer)
    interest = candidates.interest_counts(needs, viewer)
    live = [need for need in needs
            if need.status == NeedStatus.OPEN and need.organisation.status == ApprovalStatus.APPROVED]
    involved = candidates.involved_in(live)
    listed = {need.id: listed_ids(need, involved.get(need.id, set())) for need in live}
    since = candidates.sharing_since({member_id for people in listed.values() for member_id in people})
    news = {}
    for need in needs:
        last = seen.get(need.id)
        fresh = sum(1 for member_id in listed.get(need.id, ())
                    if last is None or (since.get(member_id) and since[member_id] > last))
        total, new = interest.get(need.id, (0, 0))
        news[need.id] = NeedNews(interested=total, new_interested=new, new_matching=fresh, seen_at=last)
    return news


def new_on_the_list(people: list[Listed], seen_at: datetime | None) -> set[int]:
    """Who on a matching list is new to a member who last looked at ``seen_at`` (everyone, if never)."""
    if seen_at is None:
        return {person.member_id for person in people}
    since = candidates.sharing_since({person.member_id for person in people})
    return {person.member_id for person in people
            if since.get(person.member_id) and since[person.member_id] > seen_at}
