"""The partner as a talent of their own (dual career): they decide themselves whether employers see them.

A partner has no account. The newcomer gives the partner's own e-mail address, and Landa sends the partner
a link to a page of their own: signed, naming the partner and a random key that each new link replaces
(so sending the link again, or a new address, ends every older link). There the partner decides whether
employers see them, withdraws that at any time, answers employers' contact requests and shows interest in
needs. Each decision is a ``Consent`` row with the partner's member id; the newcomer cannot decide it for
them: a new address asks again (and the old address is told), and every link sent is in the audit trail.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.audit.services import record
from app.auth.services import external_url
from app.extensions import db
from app.models import utcnow
from app.outbox.services import queue_email
from app.talent.errors import ProfileError
from app.talent.models import CONSENT_VERSIONS, Consent, ConsentKind, HouseholdMember, Relation

SALT = "landa-partner"
ADDRESS_CHANGED = "address-changed"  # the text version of the "no" a new address records: nobody decided it
RESEND_AFTER = timedelta(minutes=10)
LINKS_PER_DAY = 5  # per household, whatever the addresses: Landa is no way to mail strangers


def partner_token(member: HouseholdMember) -> str:
    """The link's secret: the member and their current key (``send_link`` makes a new key)."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).dumps({"m": member.id, "k": member.link_key})


def partner_link(member: HouseholdMember) -> str:
    return external_url(current_app.config["LANDA_BASE_URL"], "talent.partner_page", token=partner_token(member))


def partner_for_token(token: str) -> HouseholdMember | None:
    """The partner a link names, while it is their newest link; None for anything else."""
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("m"), int) or not isinstance(data.get("k"), str):
        return None
    member = db.session.get(HouseholdMember, data["m"])
    if member is None or member.relation != Relation.PARTNER or not member.email or not member.link_key:
        return None
    return member if hmac.compare_digest(member.link_key, data["k"]) else None


def listing_decision(member: HouseholdMember) -> Consent | None:
    """The partner's latest decision about being listed to employers (None: not decided yet at this address)."""
    latest = _latest(member)
    return None if latest is None or latest.text_version == ADDRESS_CHANGED else latest


def _latest(member: HouseholdMember) -> Consent | None:
    return db.session.scalar(select(Consent).where(Consent.member_id == member.id,
                                                   Consent.kind == ConsentKind.MATCHING)
                             .order_by(Consent.id.desc()).limit(1))


def is_listed(member: HouseholdMember) -> bool:
    decision = listing_decision(member)
    return bool(member.seeking_work and decision is not None and decision.granted)


def decide_listing(member: HouseholdMember, granted: bool) -> Consent | None:
    """Record the partner's own decision (a "no" too); nothing when it does not change. A partner who is
    not looking for work (as the household says) cannot be listed."""

    if granted and not member.seeking_work:
        raise ProfileError("partner_not_seeking_work")
    current = _latest(member)
    if current is not None and current.granted == granted and current.text_version != ADDRESS_CHANGED:
        return None
    consent = Consent(profile_id=member.profile_id, member_id=member.id, kind=ConsentKind.MATCHING,
                      granted=granted, text_version=CONSENT_VERSIONS[ConsentKind.MATCHING])
    db.session.add(consent)
    db.session.flush()  # the partner's card follows in this flush
    return consent


def address_changed(member: HouseholdMember, old: str | None) -> None:
    """A new address for the partner: every old link ends, a listing decided at the old address ends
    (whoever reads the new one decides again), the old address is told and the new one gets its link."""

    member.link_key, member.link_sent_at = None, None
    decision = listing_decision(member)
    if decision is not None:  # a "yes" ends, and a "no" was someone else's: the new address decides
        db.session.add(Consent(profile_id=member.profile_id, member_id=member.id, kind=ConsentKind.MATCHING,
                               granted=False, text_version=ADDRESS_CHANGED))
    db.session.flush()
    if old and decision is not None:  # they had their page: it is not theirs any more
        queue_email(old, "partner_address_changed", member.profile.user.locale, person=member)
    if member.email and member.seeking_work:
        send_link_once(member)


def send_link(member: HouseholdMember) -> None:
    """E-mail the partner a new link to their page, in the household's language (the link is a credential:
    the outbox keeps it unreadable), ending the older ones; recorded in the audit trail. At most one to an
    address in ``RESEND_AFTER`` and ``LINKS_PER_DAY`` a household: a double click, an impatient household
    or someone typing strangers' addresses does not flood anyone's inbox."""

    if not member.email:
        raise ProfileError("partner_without_email", field="email")
    now = utcnow()
    sent = db.session.scalars(select(AuditEntry.at).where(
        AuditEntry.profile_id == member.profile_id, AuditEntry.action == "partner_link_sent",
        AuditEntry.at >= now - timedelta(days=1))).all()
    if member.link_sent_at is not None and member.link_sent_at >= now - RESEND_AFTER:
        raise ProfileError("partner_link_recent", minutes=int(RESEND_AFTER.total_seconds() // 60))
    if len(sent) >= LINKS_PER_DAY:
        raise ProfileError("partner_links_today", count=LINKS_PER_DAY)
    profile = member.profile
    member.link_key, member.link_sent_at = secrets.token_urlsafe(18), now
    record(profile.user, "partner_link_sent", "household_member", member.id, profile.id)
    queue_email(member.email, "partner_invitation", profile.user.locale, sensitive=True, person=member,
                household=profile.user.full_name, link=partner_link(member))


def send_link_once(member: HouseholdMember) -> None:
    """``send_link``, unless one was sent a moment ago or too many today (saving twice sends one e-mail)."""

    try:
        send_link(member)
    except ProfileError as exc:
        if exc.code not in ("partner_link_recent", "partner_links_today"):
            raise
