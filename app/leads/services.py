"""Lead use cases: a visitor leaves their interest and confirms it, staff work the confirmed leads, an invited lead
registers. They validate, change, flush and record; the view commits once, and e-mails go out after the commit
(``queue_email``).

Who sees a lead: only once its owner confirmed the address; the officers of each municipality it names; the
coordinators every lead, and the ones open to all. An unconfirmed lead receives nothing but its confirmation.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, g, has_request_context
from flask import session as web_session
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, delete, event, exists, false, func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from app.audit.models import AuditEntry
from app.audit.services import record, trail
from app.auth import services as auth
from app.auth.models import SELF_REGISTERED_ROLES, Role, User
from app.catalogue.models import Municipality, Occupation
from app.catalogue.services import search_occupations
from app.extensions import db
from app.leads.models import (
    MAX_HOUSEHOLD,
    UNCONFIRMED_DAYS,
    UNCONVERTED_MONTHS,
    Lead,
    LeadStatus,
    MovingWhen,
    SignupCampaign,
    lead_municipality,
)
from app.models import utcnow
from app.outbox.services import queue_email
from app.refusals import DomainError
from app.talent import services as talent

CONFIRM_LIFETIME = timedelta(hours=72)
INVITE_LIFETIME = timedelta(days=30)
STAFF = (Role.OFFICER, Role.COORDINATOR)

# Bump the version when the wording changes: each lead records the version its owner agreed to.
CONSENT_VERSION = "lead-2026-12"
CONSENT_TEXTS = {
    "lead-2026-12": _l(
        "I agree that Region Västernorrland and the municipalities I chose (all of them, if I chose none) keep what "
        "I wrote here to contact me about moving here. Only their reception staff see it. It is deleted after 12 "
        "months unless I create an account, and I can ask for it to be deleted at any time."),
}

# The campaign a visitor arrived with: ``?utm_source=...`` and the like, or ``?campaign=CODE``.
CAMPAIGN_SESSION_KEY = "landa_campaign"
CAMPAIGN_PARAMETERS = {"utm_source": "utm_source", "utm_medium": "utm_medium", "utm_campaign": "utm_campaign",
                       "campaign": "campaign_code"}
CAMPAIGN_VALUE = re.compile(r"[\w .+:/@-]{1,100}")
SIGNUP_CAMPAIGN_OVERRIDE = "landa_signup_campaign"

# Which statuses staff set by hand; "invited" comes with the invitation and "registered" with the account.
MANUAL_STATUSES = (LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.NOT_INTERESTED)


class LeadError(DomainError):
    """A use case refused: ``code`` says why (``ERRORS`` words it), ``field`` where a form shows it."""


ERRORS = {
    "unknown_municipality": _l("Choose municipalities from the list."),
    "bad_household_size": _l("Enter how many you are as a whole number from 1 to %(most)d, for example 4.",
                             most=MAX_HOUSEHOLD),
    "month_needed": _l("Choose the month you plan to move."),
    "month_past": _l("Choose this month or a later one."),
    "not_visible": _l("This lead does not exist."),
    "status_not_allowed": _l("Choose one of the statuses offered."),
    "registered": _l("This person has registered: the lead's status no longer changes."),
    "already_invited": _l("This lead has been invited already. The invitation is sent once."),
    "not_invitable": _l("Only a new or contacted lead can be invited to register."),
    "has_account": _l("This e-mail address already has an account in Landa."),
    "invite_invalid": _l("This invitation link is not valid: it has been used, or it was never sent."),
    "invite_expired": _l("This invitation link has expired. Ask the reception that invited you for a new one."),
    "confirm_invalid": _l("This link is not valid any more: it has been used, or a newer one was sent."),
    "confirm_expired": _l("This link has expired. Fill in the form again to get a new one."),
}
LeadError.MESSAGES = ERRORS


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- the campaign a visitor came with ------------------------------------------------------------------

def campaign_from(args) -> dict[str, str] | None:
    """The campaign fields in a request's query (``utm_*``, ``campaign``), checked; None without any."""
    found = {}
    for name, column in CAMPAIGN_PARAMETERS.items():
        value = " ".join(str(args.get(name, "")).split())[:100]
        if value and CAMPAIGN_VALUE.fullmatch(value):
            found[column] = value
    return found or None


def remember_campaign(args) -> None:
    """A visitor arrived through a campaign's link: keep its fields for this visit (the newest one wins)."""
    found = campaign_from(args)
    if found and web_session.get(CAMPAIGN_SESSION_KEY) != found:
        web_session[CAMPAIGN_SESSION_KEY] = found


def visit_campaign() -> dict[str, str]:
    if not has_request_context():
        return {}
    found = web_session.get(CAMPAIGN_SESSION_KEY)
    return {k: v for k, v in found.items() if k in CAMPAIGN_PARAMETERS.values()} if isinstance(found, dict) else {}


def _signup_campaign(session: Session, flush_context, instances) -> None:
    """A self-registered account is being made: record the campaign of the visit (or of the lead it came
    through) with it, in the same flush."""
    if not has_request_context():
        return
    for obj in list(session.new):
        if isinstance(obj, User) and obj.role in SELF_REGISTERED_ROLES:
            campaign = g.get(SIGNUP_CAMPAIGN_OVERRIDE) or visit_campaign()
            if campaign:
                session.add(SignupCampaign(user=obj, **campaign))


def listen() -> None:
    if not event.contains(Session, "before_flush", _signup_campaign):
        event.listen(Session, "before_flush", _signup_campaign)


# --- a visitor leaves their interest ---------------------------------------------------------------------

@dataclass
class Interest:
    full_name: str
    email: str
    occupation: str
    household_size: int
    children: bool | None
    from_country: str | None
    moving_when: MovingWhen
    moving_month: date | None
    municipality_codes: list[str]
    locale: str


def resolve_occupation(typed: str) -> str | None:
    """The SSYK code of what was typed, found as the Move comparison finds it: a 4-digit code, or the one
    occupation whose name matches (an exact name wins); None when nothing or several match."""
    term = " ".join(typed.split())
    if re.fullmatch(r"\d{4}", term):
        return term if db.session.get(Occupation, term) is not None else None
    found = search_occupations(db.session, term, limit=2)
    exact = [o for o in found if term.casefold() in (o.label_sv.casefold(), o.label_en.casefold())]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0].code
    return None


def leave_interest(interest: Interest, campaign: dict[str, str] | None = None) -> Lead:
    """A new lead, unconfirmed, and the e-mail with its confirmation link (the one e-mail an unconfirmed lead
    ever gets). An unconfirmed lead left earlier with the same address is replaced by this one."""
    if not 1 <= interest.household_size <= MAX_HOUSEHOLD:
        raise LeadError("bad_household_size", "household_size")
    if interest.moving_when == MovingWhen.MONTH:
        if interest.moving_month is None:
            raise LeadError("month_needed", "moving_month")
        if interest.moving_month < utcnow().date().replace(day=1):
            raise LeadError("month_past", "moving_month")
    codes = list(dict.fromkeys(interest.municipality_codes))
    places = list(db.session.scalars(select(Municipality).where(Municipality.code.in_(codes)))) if codes else []
    if len(places) != len(codes):
        raise LeadError("unknown_municipality", "municipalities")
    email = auth.normalise_email(interest.email)
    db.session.execute(delete(Lead).where(func.lower(Lead.email) == email, Lead.confirmed_at.is_(None)))
    token = secrets.token_urlsafe(32)
    campaign = campaign or {}
    lead = Lead(
        full_name=interest.full_name, email=email, occupation=interest.occupation,
        occupation_code=resolve_occupation(interest.occupation), household_size=interest.household_size,
        children=interest.children, from_country=interest.from_country, moving_when=interest.moving_when,
        moving_month=interest.moving_month if interest.moving_when == MovingWhen.MONTH else None,
        locale=interest.locale, consent_version=CONSENT_VERSION, confirm_digest=digest(token),
        confirm_expires_at=utcnow() + CONFIRM_LIFETIME, municipalities=places,
        **{k: v for k, v in campaign.items() if k in CAMPAIGN_PARAMETERS.values()})
    db.session.add(lead)
    db.session.flush()
    link = auth.external_url(current_app.config["LANDA_BASE_URL"], "leads.confirm", token=token)
    queue_email(lead.email, "lead_confirm", lead.locale, sensitive=True, lead=lead, link=link,
                hours=int(CONFIRM_LIFETIME.total_seconds() // 3600))
    return lead


def lead_to_confirm(token: str) -> Lead:
    lead = db.session.scalar(select(Lead).where(Lead.confirm_digest == digest(token)))
    if lead is None:
        raise LeadError("confirm_invalid")
    if lead.confirm_expires_at is None or lead.confirm_expires_at < utcnow():
        raise LeadError("confirm_expired")
    return lead


def confirm(token: str) -> Lead:
    """The owner of the address opened the link and confirmed: the lead is now seen by the staff it names."""
    lead = lead_to_confirm(token)
    lead.confirmed_at = utcnow()
    lead.confirm_digest, lead.confirm_expires_at = None, None  # the link works once
    db.session.flush()
    record(None, "lead_confirmed", "lead", lead.id, None, consent_version=lead.consent_version)
    return lead


# --- who sees which leads ---------------------------------------------------------------------------------

def visible_leads(user: User, stmt: Select) -> Select:
    """Restrict a ``select(Lead)`` to the confirmed leads ``user`` may see."""
    stmt = stmt.where(Lead.confirmed_at.is_not(None))
    if user.role == Role.COORDINATOR:
        return stmt
    if user.role == Role.OFFICER:
        return stmt.where(exists(select(lead_municipality.c.lead_id).where(
            lead_municipality.c.lead_id == Lead.id, lead_municipality.c.municipality_code == user.municipality_code)))
    return stmt.where(false())


def can_view_lead(user: User, lead: Lead) -> bool:
    if lead.confirmed_at is None:
        return False
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.OFFICER and any(m.code == user.municipality_code for m in lead.municipalities)


def lead_for(user: User, lead_id: int) -> Lead | None:
    """The lead if ``user`` may see it; None for another municipality's lead, as for one that does not exist."""
    lead = db.session.scalar(select(Lead).where(Lead.id == lead_id).options(selectinload(Lead.municipalities)))
    return lead if lead is not None and can_view_lead(user, lead) else None


def list_statement(user: User, status: LeadStatus | None = None, municipality: str | None = None) -> Select:
    stmt = visible_leads(user, select(Lead)).options(selectinload(Lead.municipalities))
    if status is not None:
        stmt = stmt.where(Lead.status == status)
    if municipality == "all":
        stmt = stmt.where(~exists(select(lead_municipality.c.lead_id).where(lead_municipality.c.lead_id == Lead.id)))
    elif municipality:
        stmt = stmt.where(exists(select(lead_municipality.c.lead_id).where(
            lead_municipality.c.lead_id == Lead.id, lead_municipality.c.municipality_code == municipality)))
    return stmt.order_by(Lead.confirmed_at.desc(), Lead.id.desc())


def status_counts(user: User) -> dict[LeadStatus, int]:
    """How many of the leads ``user`` sees are in each status (one query)."""
    stmt = visible_leads(user, select(Lead.status, func.count(Lead.id))).group_by(Lead.status)
    found = dict(db.session.execute(stmt).all())
    return {status: found.get(status, 0) for status in LeadStatus}


def viewed(lead: Lead, actor: User) -> None:
    record(actor, "lead_view", "lead", lead.id, _profile_id(lead))


def listed(leads: list[Lead], actor: User) -> None:
    if leads:
        record(actor, "lead_list", "lead", 0, None, leads=[lead.id for lead in leads])


def trail_of(lead: Lead) -> list[AuditEntry]:
    """Who confirmed, viewed, changed and invited the lead, newest first."""
    return trail("lead", lead.id, limit=100)


def _profile_id(lead: Lead) -> int | None:
    return talent.profile_id_of(lead.user) if lead.user is not None else None


# --- staff work a lead --------------------------------------------------------------------------------------

def set_status(lead: Lead, actor: User, status: LeadStatus) -> Lead:
    if not can_view_lead(actor, lead):
        raise LeadError("not_visible")
    if lead.status == LeadStatus.REGISTERED:
        raise LeadError("registered", "status")
    if status not in MANUAL_STATUSES:
        raise LeadError("status_not_allowed", "status")
    if status == lead.status:
        return lead
    before = lead.status
    lead.status, lead.status_changed_at, lead.status_changed_by_id = status, utcnow(), actor.id
    db.session.flush()
    record(actor, "lead_status", "lead", lead.id, _profile_id(lead), before=before.value, after=status.value)
    return lead


def invite(lead: Lead, actor: User) -> Lead:
    """E-mail the lead a link to register (once); the lead becomes "invited"."""
    if not can_view_lead(actor, lead):
        raise LeadError("not_visible")
    if lead.invited_at is not None:
        raise LeadError("already_invited")
    if lead.status not in (LeadStatus.NEW, LeadStatus.CONTACTED):
        raise LeadError("not_invitable")
    if auth.find_user_by_email(lead.email) is not None:
        raise LeadError("has_account")
    token = secrets.token_urlsafe(32)
    now = utcnow()
    before = lead.status
    # Claimed in one statement: two officers inviting at the same moment send one e-mail, not two.
    claimed = db.session.execute(
        update(Lead).where(Lead.id == lead.id, Lead.invited_at.is_(None))
        .values(invited_at=now, invite_digest=digest(token), invite_expires_at=now + INVITE_LIFETIME,
                status=LeadStatus.INVITED, status_changed_at=now, status_changed_by_id=actor.id)
        .execution_options(synchronize_session=False)).rowcount
    if not claimed:
        raise LeadError("already_invited")
    db.session.refresh(lead)
    link = auth.external_url(current_app.config["LANDA_BASE_URL"], "leads.register", token=token)
    queue_email(lead.email, "lead_invitation", lead.locale, sensitive=True, lead=lead, link=link, inviter=actor,
                days=INVITE_LIFETIME.days)
    record(actor, "lead_invited", "lead", lead.id, None, before=before.value)
    return lead


def invitation_for(token: str) -> Lead:
    lead = db.session.scalar(select(Lead).where(Lead.invite_digest == digest(token))
                             .options(selectinload(Lead.municipalities)))
    if lead is None or lead.user_id is not None or lead.status != LeadStatus.INVITED:
        raise LeadError("invite_invalid")
    if lead.invite_expires_at is None or lead.invite_expires_at < utcnow():
        raise LeadError("invite_expired")
    return lead


def register(token: str, *, full_name: str, password: str, locale: str) -> User:
    """The invited lead creates their newcomer account. The link was e-mailed to the address, so the address is
    confirmed. What they told us comes with them: their occupation, where they live now, the municipalities they
    chose (or open to all) and the campaign they came through; the lead becomes "registered" and theirs."""
    lead = invitation_for(token)
    g.setdefault(SIGNUP_CAMPAIGN_OVERRIDE, {**lead_campaign(lead), "lead_id": lead.id})
    user = auth.create_user(email=lead.email, password=password, full_name=full_name, role=Role.NEWCOMER,
                            locale=locale)  # AccountError("email_taken") if made since the invitation
    profile = talent.get_or_create_profile(user)
    profile.current_country = lead.from_country
    if lead.occupation_code and profile.me is not None:
        talent.set_occupations(profile.me, [lead.occupation_code])
    codes = [m.code for m in lead.municipalities]
    talent.save_places(profile, ranked_codes=codes, open_to_all=not codes)
    now = utcnow()
    lead.user_id, lead.registered_at = user.id, now
    lead.status, lead.status_changed_at, lead.status_changed_by_id = LeadStatus.REGISTERED, now, user.id
    lead.invite_digest, lead.invite_expires_at = None, None
    db.session.flush()
    record(user, "lead_registered", "lead", lead.id, profile.id)
    return user


def lead_campaign(lead: Lead) -> dict[str, str]:
    return {k: getattr(lead, k) for k in CAMPAIGN_PARAMETERS.values() if getattr(lead, k)}


# --- campaigns, for staff ------------------------------------------------------------------------------------

@dataclass
class CampaignLine:
    campaign: str | None
    source: str | None
    leads: int = 0
    confirmed: int = 0
    registered: int = 0
    accounts: int = 0


def campaign_counts() -> list[CampaignLine]:
    """Per campaign (``utm_campaign``, else the campaign code) and source: leads, confirmed, registered through a
    lead, and every account created by someone who arrived through it. Two grouped queries."""
    lines: dict[tuple, CampaignLine] = {}
    name = func.coalesce(Lead.utm_campaign, Lead.campaign_code)
    registered = func.sum(func.cast(Lead.status == LeadStatus.REGISTERED, db.Integer))
    for campaign, source, leads, confirmed, done in db.session.execute(
            select(name, Lead.utm_source, func.count(Lead.id), func.count(Lead.confirmed_at), registered)
            .where(or_(Lead.utm_campaign.is_not(None), Lead.campaign_code.is_not(None), Lead.utm_source.is_not(None)))
            .group_by(name, Lead.utm_source)):
        lines[(campaign, source)] = CampaignLine(campaign, source, leads, confirmed, int(done or 0))
    signup = func.coalesce(SignupCampaign.utm_campaign, SignupCampaign.campaign_code)
    for campaign, source, accounts in db.session.execute(
            select(signup, SignupCampaign.utm_source, func.count(SignupCampaign.user_id))
            .group_by(signup, SignupCampaign.utm_source)):
        lines.setdefault((campaign, source), CampaignLine(campaign, source)).accounts = accounts
    return sorted(lines.values(),
                  key=lambda line: (-line.leads, -line.accounts, line.campaign or "", line.source or ""))


# --- privacy: export, erasure, retention ----------------------------------------------------------------------

def export_for(user: User, locale: str) -> dict:
    """The leads of ``user``'s household (the one they registered through, and any other left with the address)
    and the campaign their account came through, for the household's data export."""
    leads = db.session.scalars(select(Lead).where(or_(Lead.user_id == user.id,
                                                      func.lower(Lead.email) == user.email.lower()))
                               .options(selectinload(Lead.municipalities)).order_by(Lead.id))
    campaign = db.session.get(SignupCampaign, user.id)

    def iso(value):
        return value.isoformat() if value is not None else None

    return {
        "leads": [{
            "id": lead.id, "full_name": lead.full_name, "email": lead.email, "occupation": lead.occupation,
            "occupation_code": lead.occupation_code, "household_size": lead.household_size,
            "children": lead.children, "from_country": lead.from_country, "moving_when": lead.moving_when.value,
            "moving_month": iso(lead.moving_month), "locale": lead.locale, "consent_version": lead.consent_version,
            "municipalities": [{"code": m.code, "name": m.label(locale)} for m in lead.municipalities],
            "status": lead.status.value, "created_at": iso(lead.created_at), "confirmed_at": iso(lead.confirmed_at),
            "invited_at": iso(lead.invited_at), "registered_at": iso(lead.registered_at),
            "campaign": lead_campaign(lead),
        } for lead in leads],
        "signup_campaign": None if campaign is None else {
            "utm_source": campaign.utm_source, "utm_medium": campaign.utm_medium,
            "utm_campaign": campaign.utm_campaign, "campaign_code": campaign.campaign_code,
            "created_at": iso(campaign.created_at)},
    }


def erase_for(user: User) -> int:
    """The household is erased: its leads go (the one it registered through, and any left with its address).
    The campaign its account came through stays with the pseudonymous account (no personal data: a count)."""
    return db.session.execute(delete(Lead).where(or_(
        Lead.user_id == user.id, func.lower(Lead.email) == user.email.lower()))).rowcount or 0


def apply_retention(now=None, unconverted_before=None) -> dict[str, int]:
    """Unconfirmed leads older than ``UNCONFIRMED_DAYS`` and leads never converted created before
    ``unconverted_before`` (12 months by default) are deleted; recorded in the trail with the counts."""
    from_now = now or utcnow()
    unconfirmed = db.session.execute(delete(Lead).where(
        Lead.confirmed_at.is_(None), Lead.created_at < from_now - timedelta(days=UNCONFIRMED_DAYS))).rowcount or 0
    unconverted = db.session.execute(delete(Lead).where(
        Lead.user_id.is_(None), Lead.created_at < (unconverted_before or _months_ago(UNCONVERTED_MONTHS, from_now))
    )).rowcount or 0
    done = {"lead_unconfirmed": unconfirmed, "lead_unconverted": unconverted}
    if unconfirmed or unconverted:
        record(None, "lead_retention", "lead", 0, None, **done)
    return done


def _months_ago(months: int, now):
    """``months`` calendar months before ``now`` (as ``app.privacy.retention.cutoff``)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    return now.replace(year=year, month=month + 1, day=min(now.day, calendar.monthrange(year, month + 1)[1]))

