"""Job alerts: once a week, the needs published the week before that fit a newcomer (and, with their own
alert, a partner looking for work) well, by e-mail in the household's language, with a link that stops
them without signing in."""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from app.auth.services import external_url
from app.catalogue.services import salary_threshold
from app.employers.models import CompetenceNeed
from app.employers.services import public_needs
from app.extensions import db
from app.matching.adapters import need_facts, talent_facts
from app.matching.scoring import score
from app.models import today
from app.outbox.notices import send_once
from app.talent.models import Household, HouseholdMember, Relation

log = logging.getLogger(__name__)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
GOOD_FIT = 60  # as the employers' digest: a need worth the newcomer's look
SALT = "landa-job-alerts"


def set_alerts(profile: Household, *, me: bool, partner: bool) -> None:
    """Turn the newcomer's and the partner's alerts on or off (a partner's only while looking for work)."""
    profile.job_alerts = me
    if profile.partner is not None:
        profile.partner.job_alerts = partner and profile.partner.seeking_work


def stop_token(profile: Household) -> str:
    """The e-mail's stop link: names the household, signed, and does nothing but stop its alerts."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).dumps({"p": profile.id})


def profile_for_stop_token(token: str) -> Household | None:
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).loads(token)
    except BadSignature:
        return None
    return db.session.get(Household, data.get("p")) if isinstance(data, dict) else None


def stop_alerts(profile: Household) -> None:
    set_alerts(profile, me=False, partner=False)


def job_alerts_job() -> int:
    """Weekly, tried every morning (once per ISO week per household, keyed notices): the needs published
    in the week before this one's Monday, scored for each subscribed person as every page scores them."""

    day = today()
    year, week, weekday = day.isocalendar()
    monday = datetime.combine(day - timedelta(days=weekday - 1), time.min, tzinfo=STOCKHOLM)
    fresh = db.session.scalars(public_needs().where(CompetenceNeed.published_at >= monday - timedelta(days=7),
                                                    CompetenceNeed.published_at < monday)
                               .options(selectinload(CompetenceNeed.organisation),
                                        selectinload(CompetenceNeed.municipality))).all()
    if not fresh:
        return 0
    threshold = salary_threshold()
    needs = [(need, need_facts(need, threshold)) for need in fresh]
    partner_alerts = select(HouseholdMember.profile_id).where(HouseholdMember.relation == Relation.PARTNER,
                                                              HouseholdMember.job_alerts.is_(True))
    profiles = db.session.scalars(
        select(Household).where(or_(Household.job_alerts.is_(True), Household.id.in_(partner_alerts)))
        .options(selectinload(Household.members).selectinload(HouseholdMember.occupations),
                 selectinload(Household.members).selectinload(HouseholdMember.languages),
                 selectinload(Household.skills), selectinload(Household.preferences))
        .order_by(Household.id)).all()
    base = current_app.config["LANDA_BASE_URL"]
    sent = 0
    for profile in profiles:
        if not profile.user.active:
            continue
        partner = profile.partner
        people = ([None] if profile.job_alerts else []) + (
            [partner] if partner is not None and partner.job_alerts and partner.seeking_work else [])
        lines = []
        for member in people:
            talent = talent_facts(profile, member)
            found = sorted(((need, match) for need, facts in needs
                            if (match := score(talent, facts)).listed and match.score >= GOOD_FIT),
                           key=lambda pair: (-pair[1].score, pair[0].id))
            if found:
                lines.append((member, found))
        if not lines:
            continue
        try:  # one household's failure stops nobody else's alert (a savepoint each, one commit at the end,
            # so the loaded households and needs stay loaded: no query per e-mail)
            with db.session.begin_nested():
                sent += send_once("job_alerts", profile.user, f"{year}-W{week:02d}", lines=lines,
                                  link=lambda need_id: external_url(base, "board.show", need_id=need_id),
                                  stop=external_url(base, "talent.stop_job_alerts", token=stop_token(profile)))
        except Exception:
            log.exception("job alerts for profile %s failed", profile.id)
    db.session.commit()
    return sent
