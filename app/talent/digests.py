"""Reminding newcomers before their profile pauses from employers' lists (90 days unconfirmed)."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.auth.services import external_url
from app.extensions import db
from app.matching.models import TalentCard
from app.models import utcnow
from app.outbox.notices import send_once
from app.talent.models import Household
from app.talent.services import CURRENT_FOR

REMIND_BEFORE = timedelta(days=10)
log = logging.getLogger(__name__)


def pause_reminder_job() -> int:
    """Daily. Newcomers who share their profile with employers and have not confirmed it for 80 days
    get one reminder per confirmation: a click keeps them on the lists."""
    now = utcnow()
    profiles = db.session.scalars(
        select(Household)
        .where(Household.id.in_(select(TalentCard.profile_id).where(TalentCard.matching_consent.is_(True))),
               Household.confirmed_at <= now - (CURRENT_FOR - REMIND_BEFORE),
               Household.confirmed_at > now - CURRENT_FOR)
        .options(joinedload(Household.user)).order_by(Household.id)).all()
    sent = 0
    for profile in profiles:
        pauses_on = (profile.confirmed_at + CURRENT_FOR).date()
        try:  # one person's failure stops nobody else's reminder
            sent += send_once("profile_reminder", profile.user, profile.confirmed_at.date().isoformat(),
                              pauses_on=pauses_on,
                              link=external_url(current_app.config["LANDA_BASE_URL"], "talent.start"))
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("profile reminder for profile %s failed", profile.id)
    return sent
