"""The partner as a talent of their own (dual career): they decide themselves whether employers see them.

A partner has no account. The newcomer gives the partner's own e-mail address, and Landa sends the partner
a link to a page of their own (signed, naming the partner and that address, so a changed address ends
the old link). There the partner decides whether employers see them, withdraws that at any time, answers
employers' contact requests and shows interest in needs. Each decision is a ``Consent`` row with the
partner's member id; the newcomer cannot decide it for them, and a new address asks again.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from app.extensions import db
from app.models import utcnow
from app.talent.models import Consent, ConsentKind, HouseholdMember, Relation

SALT = "landa-partner"
ADDRESS_CHANGED = "address-changed"  # the text version of the "no" a new address records: nobody decided it


def _address_digest(email: str | None) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:16]


def partner_token(member: HouseholdMember) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).dumps(
        {"m": member.id, "e": _address_digest(member.email)})


def partner_link(member: HouseholdMember) -> str:
    from app.auth.services import external_url

    return external_url(current_app.config["LANDA_BASE_URL"], "talent.partner_page", token=partner_token(member))


def partner_for_token(token: str) -> HouseholdMember | None:
    """The partner a link names, while it is still their address; None for anything else."""
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("m"), int) or not isinstance(data.get("e"), str):
        return None
    member = db.session.get(HouseholdMember, data["m"])
    if member is None or member.relation != Relation.PARTNER or not member.email:
        return None
    return member if hmac.compare_digest(_address_digest(member.email), data["e"]) else None


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
    from app.talent.services import CONSENT_VERSIONS, ProfileError

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


def address_changed(member: HouseholdMember) -> None:
    """A new address for the partner: a listing decided at the old one ends (whoever reads the new address
    decides again), and the new address gets its link."""
    decision = listing_decision(member)
    if decision is not None:  # a "yes" ends, and a "no" was someone else's: the new address decides
        db.session.add(Consent(profile_id=member.profile_id, member_id=member.id, kind=ConsentKind.MATCHING,
                               granted=False, text_version=ADDRESS_CHANGED))
        db.session.flush()
    if member.email and member.seeking_work:
        send_link_once(member)


def send_link_once(member: HouseholdMember) -> None:
    """``send_link``, unless it was sent a moment ago (saving the household twice sends one e-mail)."""
    from app.talent.services import ProfileError

    try:
        send_link(member)
    except ProfileError as exc:
        if exc.code != "partner_link_recent":
            raise


RESEND_AFTER = timedelta(minutes=10)


def send_link(member: HouseholdMember) -> None:
    """E-mail the partner the link to their page, in the household's language (the link is a credential:
    the outbox keeps it unreadable). At most one per address in ``RESEND_AFTER``: a double click or an
    impatient household does not flood the partner's inbox."""
    from app.outbox.models import OutgoingEmail
    from app.outbox.services import queue_email
    from app.talent.services import ProfileError

    if not member.email:
        raise ProfileError("partner_without_email", field="email")
    if db.session.scalar(select(OutgoingEmail.id).where(
            OutgoingEmail.to_address == member.email, OutgoingEmail.kind == "partner_invitation",
            OutgoingEmail.created_at >= utcnow() - RESEND_AFTER).limit(1)) is not None:
        raise ProfileError("partner_link_recent", minutes=int(RESEND_AFTER.total_seconds() // 60))
    profile = member.profile
    queue_email(member.email, "partner_invitation", profile.user.locale, sensitive=True, person=member,
                household=profile.user.full_name, link=partner_link(member))
