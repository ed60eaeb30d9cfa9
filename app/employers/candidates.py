"""Interest, contact and hire: how a newcomer and an employer get in touch, with the newcomer in control.

A candidate is a person: the newcomer, or their partner looking for work, each deciding for themselves
(the partner through the links Landa e-mails them, ``app.talent.partner``). Employers see interested
candidates without name or contact details; a contact request that the person accepts reveals them,
and every reveal is recorded.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime

from babel import Locale
from babel.core import get_global
from flask import current_app
from sqlalchemy import and_, case, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.services import external_url
from app.employers.models import (
    CompetenceNeed,
    ContactRequest,
    ContactStatus,
    Hire,
    Interest,
    NeedSeen,
    NeedStatus,
    OrganisationMember,
    Reveal,
)
from app.employers.services import EmployerError, public_needs
from app.extensions import db
from app.models import today as local_today
from app.models import utcnow
from app.outbox.services import queue_email
from app.talent.models import Consent, ConsentKind, Household, HouseholdMember, HouseholdStatus, Moving, Relation
from app.talent.partner import partner_link
from app.talent.services import refresh_plan

# Continents by the first part of a country's time zones (CLDR), named by their UN M49 codes;
# island states whose zones are named after an ocean are listed by hand.
CONTINENTS = {"Africa": "002", "America": "019", "Asia": "142", "Europe": "150", "Australia": "009",
              "Pacific": "009"}
ISLANDS = {"CV": "002", "MG": "002", "MU": "002", "SC": "002", "KM": "002", "RE": "002", "YT": "002",
           "ST": "002", "SH": "002", "MV": "142", "IO": "142", "CX": "009", "CC": "009", "IS": "150",
           "FO": "150", "BM": "019", "GS": "019", "FK": "019", "TF": "002"}


def region_of(country: str | None, locale: str) -> str:
    """A continent, in the reader's language: enough to say where someone comes from, not who they are."""
    zones = get_global("territory_zones").get(country or "", [])
    code = ISLANDS.get(country or "") or (CONTINENTS.get(zones[0].split("/")[0]) if zones else None)
    return Locale.parse(locale).territories.get(code, "") if code else ""


@dataclass
class Candidate:
    """What an employer may see of someone interested in a need: ``person`` is who they are in the
    household ``profile`` (the newcomer or their partner)."""

    profile: Household
    person: HouseholdMember
    interest: Interest | None
    contact: ContactRequest | None
    hire: Hire | None

    @property
    def key(self) -> str:
        """How the page names this candidate: by the interest, never by a profile id shared across needs."""
        return str(self.interest.id) if self.interest else f"c{self.contact.id}"

    @property
    def shared(self) -> bool:
        """Whether the employer sees this person's profile: they showed interest, or accepted contact.
        Someone only asked from the matching list is a pending request, nothing more."""
        return self.interest is not None or self.revealed

    @property
    def revealed(self) -> bool:
        return self.contact is not None and self.contact.status == ContactStatus.ACCEPTED

    @property
    def is_partner(self) -> bool:
        return self.person.relation == Relation.PARTNER

    @property
    def name(self) -> str:
        return self.person.first_name if self.is_partner else self.profile.user.full_name

    @property
    def email(self) -> str | None:
        return self.person.email if self.is_partner else self.profile.user.email

    @property
    def phone(self) -> str | None:
        return None if self.is_partner else self.profile.phone

    @property
    def household_size(self) -> int:
        return sum(1 for m in self.profile.members if m.moving != Moving.STAYING)


# --- newcomer side ---------------------------------------------------------------------------------------

def show_interest(profile: Household, need_id: int, person: HouseholdMember | None = None) -> Interest:
    """``person`` (the newcomer when None, or the partner on their own page) is interested in a need."""
    person = person or profile.me
    need = db.session.scalar(public_needs().where(CompetenceNeed.id == need_id))
    if need is None:
        raise EmployerError("need_not_open")
    interest = db.session.scalar(select(Interest).where(Interest.need_id == need_id,
                                                        Interest.member_id == person.id))
    if interest is None:
        interest = Interest(need_id=need_id, profile_id=profile.id, member_id=person.id)
        _insert_once(interest, "already_interested")
    return interest


def _insert_once(row, reason: str) -> None:
    """Insert under a savepoint: a double click that races past the checks meets the unique
    constraint and gets the same answer as a second click, not an error page."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        raise EmployerError(reason) from None


def withdraw_interest(profile: Household, need_id: int, person: HouseholdMember | None = None) -> None:
    person = person or profile.me
    interest = db.session.scalar(select(Interest).where(Interest.need_id == need_id,
                                                        Interest.member_id == person.id))
    if interest is not None:
        db.session.delete(interest)


def requests_for(profile: Household, person: HouseholdMember | None = None) -> list[ContactRequest]:
    """The contact requests to ``person`` (the newcomer when None): each answers their own."""
    person = person or profile.me
    return list(db.session.scalars(
        select(ContactRequest).where(ContactRequest.member_id == person.id)
        .options(selectinload(ContactRequest.need).selectinload(CompetenceNeed.organisation))
        .order_by(ContactRequest.created_at.desc())
    ))


def answer_request(profile: Household, request_id: int, accept: bool,
                   person: HouseholdMember | None = None) -> ContactRequest:
    person = person or profile.me
    contact = db.session.get(ContactRequest, request_id)
    if contact is None or contact.member_id != person.id:
        raise EmployerError("no_such_request")
    if contact.status != ContactStatus.PENDING:
        raise EmployerError("already_answered")
    contact.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
    contact.answered_at = utcnow()
    still_open = db.session.scalar(public_needs().where(CompetenceNeed.id == contact.need_id)) is not None
    if accept and still_open and db.session.scalar(select(Interest.id).where(
            Interest.need_id == contact.need_id, Interest.member_id == person.id)) is None:
        # Asked from the matching list: accepting is interest in the need, so the employer can hire.
        _insert_once(Interest(need_id=contact.need_id, profile_id=profile.id, member_id=person.id),
                     "already_interested")
    return contact


def hires_for(profile: Household) -> list[Hire]:
    return list(db.session.scalars(
        select(Hire).where(Hire.profile_id == profile.id)
        .options(selectinload(Hire.need).selectinload(CompetenceNeed.organisation), selectinload(Hire.person))
    ))


# --- employer side ---------------------------------------------------------------------------------------

def candidates(need: CompetenceNeed) -> list[Candidate]:
    """Everyone interested in or contacted about ``need`` (show them, then ``record_reveals``)."""
    interests = {i.member_id: i for i in db.session.scalars(select(Interest).where(Interest.need_id == need.id))}
    contacts = {c.member_id: c for c in db.session.scalars(
        select(ContactRequest).where(ContactRequest.need_id == need.id))}
    hires = {h.member_id: h for h in db.session.scalars(select(Hire).where(Hire.need_id == need.id))}
    ids = set(interests) | set(contacts)
    if not ids:
        return []
    profiles = db.session.scalars(
        select(Household).where(Household.id.in_(
            select(HouseholdMember.profile_id).where(HouseholdMember.id.in_(ids))))
        .options(selectinload(Household.members).selectinload(HouseholdMember.languages),
                 selectinload(Household.members).selectinload(HouseholdMember.occupations))
        .order_by(Household.id)
    ).all()
    result = [Candidate(p, m, interests.get(m.id), contacts.get(m.id), hires.get(m.id))
              for p in profiles for m in p.members if m.id in ids]
    # Asked from the matching list and declined, without interest of their own: not a candidate.
    result = [c for c in result if c.interest or c.hire or c.contact.status != ContactStatus.DECLINED]
    return result


def record_reveals(shown: list[Candidate], viewer: User) -> None:
    """Record that ``viewer`` saw the names of the accepted ones among ``shown``: one statement, however
    many, written just before the commit (on SQLite a write holds the database until then)."""
    seen = [{"contact_request_id": c.contact.id, "viewer_id": viewer.id, "seen_at": utcnow()}
            for c in shown if c.revealed]
    if seen:
        db.session.execute(insert(Reveal), seen)


def involved_people(need: CompetenceNeed) -> set[int]:
    """Who (household members) is interested in ``need`` or was asked for contact about it (the page lists
    them as candidates)."""
    return set(db.session.scalars(select(Interest.member_id).where(Interest.need_id == need.id))) | set(
        db.session.scalars(select(ContactRequest.member_id).where(ContactRequest.need_id == need.id)))


def involved_in(needs: list[CompetenceNeed]) -> dict[int, set[int]]:
    """``involved_people`` of each of ``needs``, in two statements for them all."""
    ids = [need.id for need in needs]
    found: dict[int, set[int]] = {}
    if ids:
        for model in (Interest, ContactRequest):
            for need_id, member_id in db.session.execute(select(model.need_id, model.member_id)
                                                         .where(model.need_id.in_(ids))):
                found.setdefault(need_id, set()).add(member_id)
    return found


def _interest(need: CompetenceNeed, interest_id: int) -> Interest:
    interest = db.session.get(Interest, interest_id)
    if interest is None or interest.need_id != need.id:
        raise EmployerError("no_such_candidate")
    return interest


def match_reference(need_id: int, member_id: int) -> str:
    """How the matching list names a person to an employer: stable for this need, meaningless for any
    other need or outside Landa (an HMAC under the app's secret), so no id reaches the page."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"match:{need_id}:{member_id}".encode(), hashlib.sha256).hexdigest()[:24]


def request_contact(need: CompetenceNeed, interest_id: int, requester: User, message: str = "") -> ContactRequest:
    """Ask someone interested in ``need`` for contact."""
    return _ask(need, _interest(need, interest_id).member_id, requester, message)


def request_contact_from_match(need: CompetenceNeed, reference: str, listed: list[int], requester: User,
                               message: str = "") -> ContactRequest:
    """Ask a person on the matching list for contact: ``listed`` are the member ids the list shows now
    (consenting and matching), so a reference to someone who left the list is refused."""
    found = next((mid for mid in listed if hmac.compare_digest(match_reference(need.id, mid), reference)), None)
    if found is None:
        raise EmployerError("no_longer_listed")
    return _ask(need, found, requester, message)


def _ask(need: CompetenceNeed, member_id: int, requester: User, message: str) -> ContactRequest:
    if need.status != NeedStatus.OPEN:
        raise EmployerError("need_not_open")
    existing = db.session.scalar(select(ContactRequest).where(ContactRequest.need_id == need.id,
                                                              ContactRequest.member_id == member_id))
    if existing is not None:
        raise EmployerError("already_requested")
    person = db.session.get(HouseholdMember, member_id)
    if person.relation == Relation.PARTNER and not (person.email and person.link_key):
        raise EmployerError("partner_unreachable")  # no address to ask them at: nobody could answer
    contact = ContactRequest(need_id=need.id, profile_id=person.profile_id, member_id=person.id,
                             requested_by_id=requester.id, message=message or "")
    _insert_once(contact, "already_requested")
    profile = person.profile
    base = current_app.config["LANDA_BASE_URL"]
    if person.relation == Relation.PARTNER:
        queue_email(person.email, "partner_contact_request", profile.user.locale, sensitive=True, person=person,
                    need=need, link=partner_link(person) + f"#request-{contact.id}")
    else:
        queue_email(profile.user.email, "contact_request", profile.user.locale, user=profile.user, need=need,
                    link=external_url(base, "talent.start") + f"#request-{contact.id}")
    return contact


def record_hire(need: CompetenceNeed, interest_id: int, recorder: User, start_date: date) -> Hire:
    """Only someone who accepted contact can be hired; their status, dates and plan follow (the case that
    reception opens for it: ``app.flows.hires.record_hire``, which callers use)."""
    if need.status not in (NeedStatus.OPEN, NeedStatus.FILLED):
        raise EmployerError("need_not_open")
    # Hires of one need one at a time (PostgreSQL row lock until the commit): never more than its positions.
    db.session.execute(select(CompetenceNeed.id).where(CompetenceNeed.id == need.id).with_for_update())
    interest = _interest(need, interest_id)
    hired = db.session.scalar(select(func.count()).select_from(Hire).where(Hire.need_id == need.id))
    contact = db.session.scalar(select(ContactRequest).where(ContactRequest.need_id == need.id,
                                                             ContactRequest.member_id == interest.member_id))
    if contact is None or contact.status != ContactStatus.ACCEPTED:
        raise EmployerError("hire_without_contact")
    if start_date < local_today():
        raise EmployerError("start_past", "start_date")
    if db.session.scalar(select(Hire.id).where(Hire.need_id == need.id, Hire.member_id == interest.member_id)):
        raise EmployerError("already_hired")
    if hired >= need.positions:
        raise EmployerError("no_positions_left")
    hire = Hire(need_id=need.id, profile_id=interest.profile_id, member_id=interest.member_id,
                start_date=start_date, recorded_by_id=recorder.id)
    _insert_once(hire, "already_hired")
    profile = db.session.get(Household, interest.profile_id)
    if interest.person.relation != Relation.PARTNER:  # the newcomer's own job sets the household's dates
        if profile.status == HouseholdStatus.EXPLORING:
            profile.status = HouseholdStatus.HAS_OFFER
        profile.job_start_date = start_date
    profile.destination_code = profile.destination_code or need.municipality_code
    db.session.flush()
    refresh_plan(profile)
    return hire  # reception opens its case in app.flows.hires


# --- what is new to an employer's member since they last looked ------------------------------------------------

def mark_seen(need: CompetenceNeed, viewer: User) -> None:
    """``viewer`` looked at ``need``'s candidates now: what came before is no longer new to them. One
    statement, however often they look (two tabs at once meet the primary key, not an error)."""
    member_id = db.session.scalar(select(OrganisationMember.id).where(
        OrganisationMember.organisation_id == need.organisation_id, OrganisationMember.user_id == viewer.id))
    if member_id is None:
        return
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    upsert = dialect.insert(NeedSeen).values(need_id=need.id, member_id=member_id, seen_at=utcnow())
    db.session.execute(upsert.on_conflict_do_update(index_elements=[NeedSeen.need_id, NeedSeen.member_id],
                                                    set_={"seen_at": upsert.excluded.seen_at}))


def last_seen(needs: list[CompetenceNeed], viewer: User) -> dict[int, datetime]:
    """When ``viewer`` last looked at each of ``needs``' candidates (a need they never looked at is missing)."""
    ids = [need.id for need in needs]
    if not ids:
        return {}
    return dict(db.session.execute(
        select(NeedSeen.need_id, NeedSeen.seen_at).join(OrganisationMember, OrganisationMember.id == NeedSeen.member_id)
        .where(NeedSeen.need_id.in_(ids), OrganisationMember.user_id == viewer.id)).all())


def interest_counts(needs: list[CompetenceNeed], viewer: User) -> dict[int, tuple[int, int]]:
    """For each of ``needs``: how many people are interested, and how many of them showed it since ``viewer``
    last looked at the candidates (all of them when they never did). One statement for all the needs."""
    ids = [need.id for need in needs]
    if not ids:
        return {}
    new = or_(NeedSeen.seen_at.is_(None), Interest.created_at > NeedSeen.seen_at)
    rows = db.session.execute(
        select(Interest.need_id, func.count(Interest.id), func.count(case((new, Interest.id))))
        .join(CompetenceNeed, CompetenceNeed.id == Interest.need_id)
        .outerjoin(OrganisationMember, and_(OrganisationMember.organisation_id == CompetenceNeed.organisation_id,
                                            OrganisationMember.user_id == viewer.id))
        .outerjoin(NeedSeen, and_(NeedSeen.need_id == Interest.need_id, NeedSeen.member_id == OrganisationMember.id))
        .where(Interest.need_id.in_(ids)).group_by(Interest.need_id))
    return {need_id: (total, fresh) for need_id, total, fresh in rows}


@dataclass(frozen=True)
class Contacts:
    """Where the employer's contact requests about a need stand, and how many of its positions are filled."""

    waiting: int = 0
    accepted: int = 0
    declined: int = 0
    hired: int = 0


def contacts_of(need: CompetenceNeed) -> Contacts:
    by_status = dict(db.session.execute(
        select(ContactRequest.status, func.count(ContactRequest.id)).where(ContactRequest.need_id == need.id)
        .group_by(ContactRequest.status)).all())
    hired = db.session.scalar(select(func.count(Hire.id)).where(Hire.need_id == need.id))
    return Contacts(waiting=by_status.get(ContactStatus.PENDING, 0), accepted=by_status.get(ContactStatus.ACCEPTED, 0),
                    declined=by_status.get(ContactStatus.DECLINED, 0), hired=hired)


def sharing_since(member_ids: set[int] | list[int]) -> dict[int, datetime]:
    """When each of these people (household members) last said yes to matching: a person on an employer's
    matching list is new to a member who last looked before that."""
    if not member_ids:
        return {}
    own = or_(Consent.member_id == HouseholdMember.id,
              and_(Consent.member_id.is_(None), HouseholdMember.relation == Relation.SELF))  # the newcomer's own
    return dict(db.session.execute(
        select(HouseholdMember.id, func.max(Consent.recorded_at))
        .join(Consent, Consent.profile_id == HouseholdMember.profile_id)
        .where(HouseholdMember.id.in_(list(member_ids)), Consent.kind == ConsentKind.MATCHING,
               Consent.granted.is_(True), own)
        .group_by(HouseholdMember.id)).all())
