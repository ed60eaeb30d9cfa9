"""Events' use cases: organise an event, register (one click or double opt-in), take a seat or a place on the
waiting list, cancel and promote the next person, mark attendance, remind the day before.

Seats: every change that can take or free a seat first locks the event's row (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite runs one writer at a time anyway), then counts the seats taken. So two people asking for
the last seat at once are served one after the other: one gets it, the other a place on the waiting list.

E-mails: each kind goes at most once per registration, marked by a conditional UPDATE of its ``*_sent_at``
column in the same transaction as its outbox row (a second run, or a double click, finds it set and sends
nothing). An unconfirmed visitor gets the confirmation request and nothing else. Like every use case here,
these flush and record; the caller commits.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from app.audit.services import record
from app.auth.models import Role, User
from app.auth.services import external_url
from app.catalogue.models import Municipality
from app.employers.models import ApprovalStatus, Organisation, OrganisationMember
from app.events.errors import EventError
from app.events.models import Event, EventKind, EventRegistration, EventStatus, RegistrationStatus
from app.extensions import db
from app.i18n import localized
from app.models import SWEDEN, utcnow
from app.outbox.services import queue_email
from app.talent.models import Household, Relation

ORGANISER_ROLES = (Role.OFFICER, Role.COORDINATOR, Role.EMPLOYER)
# A visitor's registration waits this long for its confirmation; retention deletes it after that.
UNCONFIRMED_KEPT = timedelta(days=7)
# The consent a registration records, by version: a changed text gets a new version and keeps the old ones.
CONSENT_VERSION = "2026-12-1"
CONSENT_TEXTS = {
    "2026-12-1": _l("Landa keeps your name, e-mail address and language to manage your place at this event and to "
                    "e-mail you about it (a confirmation, a reminder the day before, a free seat). Only the event's "
                    "organisers see them. You can cancel at any time with the link in the e-mails; an "
                    "unconfirmed registration is deleted after 7 days."),
}
EDITABLE = ("kind", "title", "description", "language", "starts_at", "ends_at", "registration_deadline",
            "online_url", "place_name", "address", "municipality_code", "organisation_id", "capacity")


# --- who organises -------------------------------------------------------------------------------------------

def approved_organisations(user: User) -> list[Organisation]:
    """The approved organisations ``user`` is a member of (an employer organises events for those)."""
    if user.role != Role.EMPLOYER:
        return []
    return list(db.session.scalars(
        select(Organisation).join(OrganisationMember)
        .where(OrganisationMember.user_id == user.id, Organisation.status == ApprovalStatus.APPROVED)
        .order_by(Organisation.name)))


def may_organise(user: User) -> bool:
    if user.role in (Role.OFFICER, Role.COORDINATOR):
        return True
    return bool(approved_organisations(user))


def can_manage(user: User, event: Event) -> bool:
    """The event's organisers: its municipality's officers, the coordinators, the organising employer's members.
    They (and nobody else) see its registrations."""
    if not user.is_authenticated:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.OFFICER:
        return user.municipality_code == event.municipality_code
    if user.role == Role.EMPLOYER and event.organisation_id is not None:
        return db.session.scalar(select(OrganisationMember.id).where(
            OrganisationMember.organisation_id == event.organisation_id,
            OrganisationMember.user_id == user.id)) is not None
    return False


def managed_events(user: User) -> list[Event]:
    """The events ``user`` organises, newest start first."""
    query = select(Event).options(selectinload(Event.municipality))
    if user.role == Role.OFFICER:
        query = query.where(Event.municipality_code == user.municipality_code)
    elif user.role == Role.EMPLOYER:
        query = query.where(Event.organisation_id.in_(
            select(OrganisationMember.organisation_id).where(OrganisationMember.user_id == user.id)))
    elif user.role != Role.COORDINATOR:
        return []
    return list(db.session.scalars(query.order_by(Event.starts_at.desc(), Event.id.desc())))


def seat_counts(event_ids: Sequence[int]) -> dict[int, dict[RegistrationStatus, int]]:
    """Per event: how many registrations of each status (one query for a whole list)."""
    counts: dict[int, dict[RegistrationStatus, int]] = {i: {} for i in event_ids}
    if not event_ids:
        return counts
    for event_id, status, count in db.session.execute(
            select(EventRegistration.event_id, EventRegistration.status, func.count())
            .where(EventRegistration.event_id.in_(event_ids))
            .group_by(EventRegistration.event_id, EventRegistration.status)):
        counts[event_id][status] = count
    return counts


# --- organising ----------------------------------------------------------------------------------------------

def _check(actor: User, values: dict, event: Event | None = None, now: datetime | None = None) -> None:
    now = now or utcnow()
    starts, ends = values["starts_at"], values["ends_at"]
    if ends <= starts:
        raise EventError("ends_before_start", "ends_at")
    if (event is None or starts != event.starts_at) and starts <= now:
        raise EventError("in_the_past", "starts_at")
    if values["registration_deadline"] > starts:
        raise EventError("deadline_after_start", "registration_deadline")
    if not values.get("online_url") and not values.get("address"):
        raise EventError("no_place", "address")
    if not isinstance(values.get("capacity"), int) or values["capacity"] < 1:
        raise EventError("capacity", "capacity")
    code = values["municipality_code"]
    if db.session.get(Municipality, code) is None:
        raise EventError("unknown_municipality", "municipality")
    if actor.role == Role.OFFICER and code != actor.municipality_code:
        raise EventError("not_your_municipality", "municipality")
    if actor.role == Role.EMPLOYER:
        mine = {o.id for o in approved_organisations(actor)}
        if values.get("organisation_id") not in mine:
            raise EventError("not_your_organisation", "organisation")
    else:  # staff organise in the municipality's name, and keep an employer's event the employer's
        values["organisation_id"] = event.organisation_id if event is not None else None


def _values(given: dict) -> dict:
    values = {key: given.get(key) for key in EDITABLE}
    values["registration_deadline"] = values["registration_deadline"] or values["starts_at"]
    for key in ("online_url", "place_name", "address"):
        values[key] = (values[key] or "").strip() or None
    values["description"] = values["description"] or ""
    values["language"] = values["language"] or "sv"
    values["kind"] = EventKind(values["kind"])
    return values


def create_event(actor: User, *, publish: bool = False, **given) -> Event:
    if actor.role not in ORGANISER_ROLES:
        raise EventError("not_your_organisation", "organisation")
    values = _values(given)
    _check(actor, values)
    event = Event(**values, created_by_id=actor.id,
                  status=EventStatus.PUBLISHED if publish else EventStatus.DRAFT)
    db.session.add(event)
    db.session.flush()
    record(actor, "event_created", "event", event.id, title=event.title, status=event.status.value)
    return event


def update_event(actor: User, event: Event, *, publish: bool | None = None, **given) -> Event:
    """Change an event (its organisers only: checked by the caller with ``can_manage``). A capacity raised
    gives the freed seats to the waiting list at once; it cannot drop below the seats already taken."""
    if event.status == EventStatus.CANCELLED:
        raise EventError("event_cancelled")
    values = _values({**{key: getattr(event, key) for key in EDITABLE}, **given})
    _check(actor, values, event)
    locked = lock(event.id)
    seated = _seated(locked.id)
    if values["capacity"] < seated:
        raise EventError("capacity_below_seated", "capacity", seated=seated)
    changed = sorted(key for key, value in values.items() if getattr(locked, key) != value)
    for key, value in values.items():
        setattr(locked, key, value)
    if publish is True and locked.status == EventStatus.DRAFT:
        locked.status = EventStatus.PUBLISHED
        changed.append("status")
    elif publish is False and locked.status == EventStatus.PUBLISHED and not seated:
        locked.status = EventStatus.DRAFT
        changed.append("status")
    db.session.flush()
    promoted = _promote(locked)
    record(actor, "event_changed", "event", locked.id, fields=changed, promoted=len(promoted))
    return locked


def cancel_event(actor: User, event: Event) -> Event:
    """The event will not take place: registration closes and the people registered are told, in their language."""
    locked = lock(event.id)
    if locked.status == EventStatus.CANCELLED:
        return locked
    locked.status = EventStatus.CANCELLED
    told = 0
    for registration in locked.registrations:
        if registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
            _email(registration, "event_cancelled")
            told += 1
    db.session.flush()
    record(actor, "event_cancelled", "event", locked.id, told=told)
    return locked


# --- seats ---------------------------------------------------------------------------------------------------

def lock(event_id: int) -> Event:
    """The event's row, locked until the transaction ends: seats are counted and taken one request at a time."""
    event = db.session.scalar(select(Event).where(Event.id == event_id).with_for_update(of=Event)
                              .execution_options(populate_existing=True))
    if event is None:
        raise EventError("not_published")
    return event


def _seated(event_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.event_id == event_id, EventRegistration.status == RegistrationStatus.CONFIRMED)) or 0


def _waiting(event_id: int) -> list[EventRegistration]:
    return list(db.session.scalars(select(EventRegistration).where(
        EventRegistration.event_id == event_id, EventRegistration.status == RegistrationStatus.WAITLISTED)
        .order_by(EventRegistration.confirmed_at, EventRegistration.id)))


def _seat_or_queue(event: Event, registration: EventRegistration, now: datetime) -> None:
    """Under the event's lock: a seat if one is free, else the end of the waiting list."""
    registration.confirmed_at = registration.confirmed_at or now
    if _seated(event.id) < event.capacity and not _waiting(event.id):
        registration.status = RegistrationStatus.CONFIRMED
    else:
        registration.status = RegistrationStatus.WAITLISTED
    db.session.flush()


def _promote(event: Event, now: datetime | None = None) -> list[EventRegistration]:
    """Under the event's lock: the first on the waiting list take the free seats, and are e-mailed once."""
    now = now or utcnow()
    if event.status != EventStatus.PUBLISHED or event.starts_at <= now:
        return []
    free = event.capacity - _seated(event.id)
    promoted = _waiting(event.id)[:max(free, 0)]
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
    db.session.flush()
    for registration in promoted:
        send_once(registration, "promotion")
    return promoted


def waitlist_position(registration: EventRegistration) -> int | None:
    """1 for the first on the waiting list; None when not on it."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(select(func.count()).select_from(EventRegistration).where(
        EventRegistration.event_id == registration.event_id,
        EventRegistration.status == RegistrationStatus.WAITLISTED,
        (EventRegistration.confirmed_at < registration.confirmed_at)
        | ((EventRegistration.confirmed_at == registration.confirmed_at)
           & (EventRegistration.id < registration.id)))) or 0
    return ahead + 1


def _open(event: Event, now: datetime, *, confirming: bool = False) -> None:
    """Refuse unless people can still register (a visitor who registered in time may confirm until it starts)."""
    if event.status == EventStatus.CANCELLED:
        raise EventError("event_cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise EventError("not_published")
    if event.starts_at <= now:
        raise EventError("started")
    if not confirming and now > event.registration_deadline:
        raise EventError("deadline_passed", deadline=event.registration_deadline)


# --- registering ---------------------------------------------------------------------------------------------

def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def cancel_token(registration: EventRegistration) -> str:
    """The secret of a registration's cancel link: keyed with the app's secret key, so every e-mail about the
    registration carries the same link, and the database (which keeps only its digest) cannot make it."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    message = f"landa-event-cancel:{registration.id}:{registration.event_id}:{registration.email}".encode()
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()[:24]).decode()


def _live(event_id: int, email: str) -> EventRegistration | None:
    return db.session.scalar(select(EventRegistration).where(
        EventRegistration.event_id == event_id, func.lower(EventRegistration.email) == email.lower(),
        EventRegistration.status != RegistrationStatus.CANCELLED))


def register_user(event_id: int, user: User, now: datetime | None = None) -> EventRegistration:
    """One click for someone signed in: their account's address is confirmed, so a seat or a place on the
    waiting list at once. Clicking twice keeps the first registration."""
    now = now or utcnow()
    event = lock(event_id)
    _open(event, now)
    existing = _live(event.id, user.email)
    if existing is not None and existing.status != RegistrationStatus.UNCONFIRMED:
        return existing
    registration = existing or EventRegistration(event_id=event.id, email=user.email.lower())
    registration.user_id, registration.name, registration.locale = user.id, user.full_name, user.locale
    registration.consent_version = CONSENT_VERSION
    db.session.add(registration)
    db.session.flush()
    registration.cancel_digest = _digest(cancel_token(registration))
    _seat_or_queue(event, registration, now)
    record(user, "event_registered", "event", event.id, registration=registration.id,
           status=registration.status.value, consent=CONSENT_VERSION)
    send_once(registration, "confirmation" if registration.status == RegistrationStatus.CONFIRMED else "waitlisted")
    return registration


def register_visitor(event_id: int, *, name: str, email: str, locale: str, consent: bool,
                     now: datetime | None = None) -> EventRegistration | None:
    """A visitor without an account: the registration waits for the link e-mailed to the address. Whatever
    the address has already (a seat, a place in the queue), the answer is the same, so it tells nobody who
    is registered; an address waiting for its link gets a new one."""
    now = now or utcnow()
    if not consent:
        raise EventError("consent", "consent")
    event = lock(event_id)
    _open(event, now)
    email = email.strip().lower()
    existing = _live(event.id, email)
    if existing is not None and existing.status != RegistrationStatus.UNCONFIRMED:
        return None
    registration = existing or EventRegistration(event_id=event.id, email=email)
    registration.name, registration.locale = name.strip(), locale if locale in ("sv", "en") else "sv"
    registration.consent_version, registration.created_at = CONSENT_VERSION, now
    registration.status = RegistrationStatus.UNCONFIRMED
    token = secrets.token_urlsafe(32)
    registration.confirm_digest = _digest(token)
    db.session.add(registration)
    db.session.flush()
    registration.cancel_digest = _digest(cancel_token(registration))
    link = external_url(current_app.config["LANDA_BASE_URL"], "events.confirm", token=token)
    queue_email(registration.email, "event_optin", registration.locale, sensitive=True, event=event,
                registration=registration, link=link, days=UNCONFIRMED_KEPT.days, **_event_words(event))
    return registration


def by_confirm_token(token: str) -> EventRegistration:
    registration = db.session.scalar(select(EventRegistration).where(
        EventRegistration.confirm_digest == _digest(token)))
    if registration is None:
        raise EventError("link_invalid")
    return registration


def confirm(token: str, now: datetime | None = None) -> EventRegistration:
    """The visitor opened the link: a seat, or a place on the waiting list. Confirming twice changes nothing."""
    now = now or utcnow()
    registration = by_confirm_token(token)
    if registration.status != RegistrationStatus.UNCONFIRMED:
        if registration.status == RegistrationStatus.CANCELLED:
            raise EventError("link_invalid")
        return registration
    if registration.created_at + UNCONFIRMED_KEPT < now:
        raise EventError("link_expired")
    event = lock(registration.event_id)
    _open(event, now, confirming=True)
    db.session.refresh(registration)
    if registration.status != RegistrationStatus.UNCONFIRMED:  # the same link opened twice at once
        return registration
    _seat_or_queue(event, registration, now)
    record(None, "event_registered", "event", event.id, registration=registration.id,
           status=registration.status.value, consent=registration.consent_version)
    send_once(registration, "confirmation" if registration.status == RegistrationStatus.CONFIRMED else "waitlisted")
    return registration


def by_cancel_token(token: str) -> EventRegistration:
    registration = db.session.scalar(select(EventRegistration).where(
        EventRegistration.cancel_digest == _digest(token),
        EventRegistration.status != RegistrationStatus.UNCONFIRMED))
    if registration is None:
        raise EventError("link_invalid")
    return registration


def cancel(registration: EventRegistration, actor: User | None = None, now: datetime | None = None
           ) -> list[EventRegistration]:
    """The person cancels: a seat they had goes to the first on the waiting list (e-mailed once). Returns who
    was promoted. Cancelling twice changes nothing."""
    now = now or utcnow()
    event = lock(registration.event_id)
    db.session.refresh(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    db.session.flush()
    record(actor, "event_registration_cancelled", "event", event.id, registration=registration.id)
    return _promote(event, now)


def own_registration(event_id: int, user: User) -> EventRegistration | None:
    return _live(event_id, user.email)


def mark_attendance(actor: User, event: Event, registration_id: int, attended: bool | None) -> EventRegistration:
    registration = db.session.get(EventRegistration, registration_id)
    if registration is None or registration.event_id != event.id \
            or registration.status != RegistrationStatus.CONFIRMED:
        raise EventError("no_such_registration")
    registration.attended = attended
    db.session.flush()
    record(actor, "event_attendance", "event", event.id, registration=registration.id, attended=attended)
    return registration


@dataclass
class Registrations:
    """What the organisers see: the people with a seat, the waiting list in its order, how many have not
    confirmed their address yet (a number: they have not agreed to anything yet) and how many cancelled."""

    seated: list[EventRegistration] = field(default_factory=list)
    waiting: list[EventRegistration] = field(default_factory=list)
    unconfirmed: int = 0
    cancelled: int = 0


def registrations_of(actor: User, event: Event) -> Registrations:
    found = Registrations()
    for registration in db.session.scalars(select(EventRegistration).where(EventRegistration.event_id == event.id)
                                           .order_by(EventRegistration.confirmed_at, EventRegistration.id)):
        if registration.status == RegistrationStatus.CONFIRMED:
            found.seated.append(registration)
        elif registration.status == RegistrationStatus.WAITLISTED:
            found.waiting.append(registration)
        elif registration.status == RegistrationStatus.UNCONFIRMED:
            found.unconfirmed += 1
        else:
            found.cancelled += 1
    found.seated.sort(key=lambda r: r.name.casefold())
    record(actor, "event_registrations_viewed", "event", event.id, seated=len(found.seated),
           waiting=len(found.waiting))
    return found


# --- e-mails -------------------------------------------------------------------------------------------------

SENT = {  # what is sent once: the marker column, the e-mail and the status it needs
    "confirmation": ("confirmation_sent_at", "event_confirmed", RegistrationStatus.CONFIRMED),
    # A place on the waiting list is the answer to the registration instead (its place, and a link to leave).
    "waitlisted": ("confirmation_sent_at", "event_waitlisted", RegistrationStatus.WAITLISTED),
    "promotion": ("promotion_sent_at", "event_promoted", RegistrationStatus.CONFIRMED),
    "reminder": ("reminder_sent_at", "event_reminder", RegistrationStatus.CONFIRMED),
}


def _event_words(event: Event) -> dict:
    base = current_app.config["LANDA_BASE_URL"]
    return {"event_link": external_url(base, "events.event", event_id=event.id),
            "ics_link": external_url(base, "events.event_ics", event_id=event.id)}


def _email(registration: EventRegistration, kind: str, **context) -> None:
    event = registration.event
    cancel_link = external_url(current_app.config["LANDA_BASE_URL"], "events.cancel_link",
                               token=cancel_token(registration))
    queue_email(registration.email, kind, registration.locale, sensitive=True, event=event,
                registration=registration, cancel_link=cancel_link, **_event_words(event), **context)


def send_once(registration: EventRegistration, what: str, now: datetime | None = None) -> bool:
    """Queue the ``what`` e-mail unless it went already (a conditional UPDATE claims its marker), and only in
    the status it is about: an unconfirmed registration gets none of these."""
    column, kind, status = SENT[what]
    now = now or utcnow()
    claimed = db.session.execute(
        update(EventRegistration).where(EventRegistration.id == registration.id,
                                        getattr(EventRegistration, column).is_(None),
                                        EventRegistration.status == status)
        .values({column: now}).execution_options(synchronize_session=False)).rowcount
    if not claimed:
        return False
    setattr(registration, column, now)
    _email(registration, kind, position=waitlist_position(registration))
    return True


def send_reminders(now: datetime | None = None) -> int:
    """The day before (in Sweden): everyone with a seat at a published event starting tomorrow, once."""
    now = now or utcnow()
    tomorrow = now.astimezone(SWEDEN).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), SWEDEN)
    due = db.session.scalars(
        select(EventRegistration).join(Event)
        .where(Event.status == EventStatus.PUBLISHED, Event.starts_at >= start,
               Event.starts_at < start + timedelta(days=1),
               EventRegistration.status == RegistrationStatus.CONFIRMED,
               EventRegistration.reminder_sent_at.is_(None))
        .options(selectinload(EventRegistration.event)).order_by(EventRegistration.id)).all()
    return sum(send_once(registration, "reminder", now) for registration in due)


# --- privacy -------------------------------------------------------------------------------------------------

def delete_unconfirmed(before: datetime) -> int:
    """Retention: visitors' registrations never confirmed, made before ``before``, are deleted."""
    return db.session.execute(delete(EventRegistration).where(
        EventRegistration.status == RegistrationStatus.UNCONFIRMED,
        EventRegistration.created_at < before)).rowcount or 0


def registrations_for_export(user: User) -> list[EventRegistration]:
    return list(db.session.scalars(
        select(EventRegistration).where((EventRegistration.user_id == user.id)
                                        | (func.lower(EventRegistration.email) == user.email.lower()))
        .options(selectinload(EventRegistration.event)).order_by(EventRegistration.id)))


def erase_registrations(user: User) -> int:
    """With the household's erasure: every registration of the account or its address goes; a seat it held
    goes to the first on the waiting list first (as if they had cancelled)."""
    theirs = (EventRegistration.user_id == user.id) | (func.lower(EventRegistration.email) == user.email.lower())
    for registration in db.session.scalars(select(EventRegistration).where(
            theirs, EventRegistration.status == RegistrationStatus.CONFIRMED).order_by(EventRegistration.id)).all():
        cancel(registration)
    return db.session.execute(delete(EventRegistration).where(theirs)).rowcount or 0


# --- reading -------------------------------------------------------------------------------------------------

def upcoming_statement(*, municipality: str | None = None, kind: EventKind | None = None,
                       now: datetime | None = None):
    """Published events that have not ended, soonest first (a statement: the API pages it)."""
    query = select(Event).where(Event.status == EventStatus.PUBLISHED, Event.ends_at > (now or utcnow()))
    if municipality:
        query = query.where(Event.municipality_code == municipality)
    if kind is not None:
        query = query.where(Event.kind == kind)
    return query.order_by(Event.starts_at, Event.id)


def upcoming(*, municipality: str | None = None, kind: EventKind | None = None, limit: int | None = None,
             now: datetime | None = None) -> list[Event]:
    """Published events that have not ended, soonest first."""
    query = upcoming_statement(municipality=municipality, kind=kind, now=now)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def public_event(event_id: int) -> Event | None:
    """An event anyone may see: published or cancelled (a draft is its organisers' only)."""
    event = db.session.get(Event, event_id)
    if event is None or event.status == EventStatus.DRAFT:
        return None
    return event


@dataclass(frozen=True)
class Fitted:
    event: Event
    reasons: tuple[str, ...]


def household_of(user: User) -> Household | None:
    if not user.is_authenticated or user.role != Role.NEWCOMER:
        return None
    return db.session.scalar(select(Household).where(Household.user_id == user.id)
                             .options(selectinload(Household.members), selectinload(Household.preferences)))


def fitted(profile: Household | None, events: Iterable[Event]) -> list[Fitted]:
    """The events in the order that suits this household: those that fit it first (the more reasons, the
    sooner), each with why, then the others by date."""
    events = list(events)
    if profile is None:
        return [Fitted(event, ()) for event in events]
    partner = profile.partner
    children = any(m.relation == Relation.CHILD for m in profile.members)
    considered = {p.municipality_code for p in profile.preferences}
    out = []
    for event in events:
        reasons = []
        if event.kind == EventKind.PARTNER_DAY and partner is not None and partner.seeking_work:
            reasons.append(_("Your partner is looking for work: this day is for spouses and partners."))
        if event.kind == EventKind.SCHOOL_EVENING and children:
            reasons.append(_("You move with children: schools and preschools present themselves."))
        place = localized(event.municipality, "name") if event.municipality else ""
        if event.municipality_code == profile.destination_code:
            reasons.append(_("In %(place)s, where you are moving.", place=place))
        elif event.municipality_code in considered:
            reasons.append(_("In %(place)s, one of the places you consider.", place=place))
        out.append(Fitted(event, tuple(reasons)))
    return sorted(out, key=lambda f: (not f.reasons, -len(f.reasons) if f.reasons else 0, f.event.starts_at))


def consent_text(version: str) -> str:
    return str(CONSENT_TEXTS.get(version, version))


def export_for(user: User, locale: str) -> list[dict]:
    """A person's registrations, for their data export in ``locale`` (everything but the links' digests)."""
    def moment(value):
        return value.isoformat() if value is not None else None

    with force_locale(locale):
        texts = {version: consent_text(version) for version in CONSENT_TEXTS}
    return [{"event": {"id": r.event_id, "title": r.event.title, "starts_at": moment(r.event.starts_at)},
             "name": r.name, "email": r.email, "locale": r.locale, "status": r.status.value,
             "consent_version": r.consent_version, "consent_text": texts.get(r.consent_version, r.consent_version),
             "created_at": moment(r.created_at), "confirmed_at": moment(r.confirmed_at),
             "promoted_at": moment(r.promoted_at), "cancelled_at": moment(r.cancelled_at), "attended": r.attended,
             "confirmation_sent_at": moment(r.confirmation_sent_at),
             "promotion_sent_at": moment(r.promotion_sent_at), "reminder_sent_at": moment(r.reminder_sent_at)}
            for r in registrations_for_export(user)]


def for_household(profile: Household, limit: int = 3) -> list[Fitted]:
    """The next events that fit the household, each with why (one query for the events): the start page's."""
    return [f for f in fitted(profile, upcoming(limit=50)) if f.reasons][:limit]
