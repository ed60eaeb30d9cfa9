"""The employers' weekly digest: newcomers who began sharing their profile this week and fit an open need."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from app.auth.services import external_url
from app.catalogue.services import salary_threshold
from app.employers.models import CompetenceNeed, Organisation, OrganisationMember
from app.employers.services import public_needs
from app.extensions import db
from app.matching.adapters import need_facts, talents_by_person
from app.matching.models import TalentCard
from app.matching.scoring import score
from app.matching.services import listed_people
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
