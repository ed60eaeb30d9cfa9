"""Everything about one person: who saw or changed what of their data, and when (their own trail page, the
export of their data, the administrator's access log), read over every domain's records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.employers.models import CompetenceNeed, ContactRequest, OrganisationMember, Reveal
from app.extensions import db
from app.outbox.models import Notice, OutgoingEmail
from app.reception.models import Case
from app.talent.models import HouseholdMember, Relation

LIST_ACTIONS = ("list", "dashboard")  # an officer's case list or overview named these cases ("who saw whom")


@dataclass(frozen=True)
class Event:
    """One line of a person's trail: an audit entry, or an employer's look at their name (``contact_reveal``,
    action ``revealed_to_employer``). ``actor`` None: Landa itself (a scheduled job)."""

    at: datetime
    actor: User | None
    action: str
    object_type: str
    object_id: int
    detail: dict = field(default_factory=dict)
    organisation: str | None = None  # the employer's organisation, for a reveal


def emails_to(user: User) -> Select:
    """E-mails to the account's address, and the digests and reminders sent to the account."""
    noticed = select(Notice.email_id).where(Notice.user_id == user.id, Notice.email_id.is_not(None))
    return (select(OutgoingEmail).where(or_(func.lower(OutgoingEmail.to_address) == user.email.lower(),
                                            OutgoingEmail.id.in_(noticed)))
            .order_by(OutgoingEmail.id))


def person_trail(user: User, profile_id: int | None = None, *, case_ids: Iterable[int] | None = None,
                 email_ids: Iterable[int] | None = None) -> list[Event]:
    """Who saw or changed what of a person's data, and when, newest first: the entries about their household
    (``profile_id``: its profile and cases), about their account and by their account, each case list that
    showed one of their cases (with only their cases in its detail: the other households are none of their
    business), each look at an e-mail to them, and each time an employer saw their name.

    The export (``app.privacy.export``), the coordinators' audit search and the household's own "who has seen
    my data" all read this. ``case_ids`` and ``email_ids`` spare the queries when the caller has them loaded.
    A fixed number of queries, whatever the length of the trail."""
    if case_ids is None:
        case_ids = db.session.scalars(select(Case.id).where(Case.profile_id == profile_id)).all() \
            if profile_id is not None else []
    if email_ids is None:
        email_ids = db.session.scalars(emails_to(user).with_only_columns(OutgoingEmail.id)).all()
    case_ids, email_ids = list(case_ids), list(email_ids)
    about = [AuditEntry.actor_id == user.id, (AuditEntry.object_type == "user") & (AuditEntry.object_id == user.id)]
    if profile_id is not None:
        about.append(AuditEntry.profile_id == profile_id)
    if email_ids:
        about.append((AuditEntry.object_type == "email") & AuditEntry.object_id.in_(email_ids))
    entries = db.session.scalars(select(AuditEntry).where(or_(*about)).options(selectinload(AuditEntry.actor)))
    events = [_event(e, e.detail) for e in entries]
    if case_ids:
        theirs = set(case_ids)
        first = db.session.scalar(select(func.min(Case.opened_at)).where(Case.id.in_(case_ids)))
        lists = db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "case_list", AuditEntry.object_id == 0,
                                     AuditEntry.at >= first,  # their own lists are among the entries by them
                                     or_(AuditEntry.actor_id.is_(None), AuditEntry.actor_id != user.id))
            .options(selectinload(AuditEntry.actor)).execution_options(yield_per=500))
        events += [_event(e, {"cases": sorted(shown)}) for e in lists
                   if e.action in LIST_ACTIONS and (shown := theirs.intersection(e.detail.get("cases") or ()))]
    if profile_id is not None:
        reveals = db.session.execute(
            select(Reveal, ContactRequest, User).join(ContactRequest, Reveal.contact_request_id == ContactRequest.id)
            .outerjoin(User, Reveal.viewer_id == User.id).where(ContactRequest.profile_id == profile_id)
            # The person's own: a partner's dealings with employers are theirs (shown on their own page).
            .where(ContactRequest.member_id.in_(select(HouseholdMember.id).where(
                HouseholdMember.profile_id == profile_id, HouseholdMember.relation == Relation.SELF)))
            .options(selectinload(ContactRequest.need).selectinload(CompetenceNeed.organisation)))
        events += [Event(reveal.seen_at, viewer, "revealed_to_employer", "contact_request", contact.id,
                         {"need": {"id": contact.need.id, "title": contact.need.title,
                                   "organisation": contact.need.organisation.name}},
                         organisation=contact.need.organisation.name)
                   for reveal, contact, viewer in reveals]
    return sorted(events, key=lambda e: e.at, reverse=True)


def _event(entry: AuditEntry, detail: dict) -> Event:
    return Event(entry.at, entry.actor, entry.action, entry.object_type, entry.object_id, detail)


def organisations_of(events: Iterable[Event]) -> dict[int, str]:
    """The organisation of each employer among the events' actors (one query): how a household sees them."""
    employers = {e.actor.id for e in events if e.actor is not None and e.actor.role == Role.EMPLOYER}
    if not employers:
        return {}
    names: dict[int, list[str]] = {}
    for member in db.session.scalars(select(OrganisationMember).where(OrganisationMember.user_id.in_(employers))
                                     .options(selectinload(OrganisationMember.organisation))
                                     .order_by(OrganisationMember.id)):
        names.setdefault(member.user_id, []).append(member.organisation.name)
    return {user_id: ", ".join(orgs) for user_id, orgs in names.items()}


def reveals_of(member: HouseholdMember) -> list:
    """Every time an employer's user saw a partner's name and address: (when, organisation, need)."""
    return db.session.execute(
        select(Reveal.seen_at, CompetenceNeed).join(ContactRequest, Reveal.contact_request_id == ContactRequest.id)
        .join(CompetenceNeed, CompetenceNeed.id == ContactRequest.need_id)
        .where(ContactRequest.member_id == member.id).order_by(Reveal.seen_at.desc()).limit(200)
        .options(selectinload(CompetenceNeed.organisation))).all()
