"""Newcomer use cases: they validate, change and flush; the view commits once.

Every change that can alter the arrival plan ends with ``refresh_plan``, so the plan always
follows the household, the citizenship and the dates.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.services import record
from app.auth.models import Role, User
from app.auth.tokens import digest
from app.catalogue.models import HousingContact, Municipality, Occupation, Service
from app.catalogue.services import Serving, salary_threshold, search_occupations, serving_in
from app.extensions import db
from app.i18n import current_locale
from app.models import today as local_today
from app.models import utcnow
from app.talent import partner as partners
from app.talent import plan as rules
from app.talent.errors import ProfileError
from app.talent.housing import ContactFacts, HousingAdvice, advise
from app.talent.models import (
    CONSENT_VERSIONS,
    CalendarFeed,
    Consent,
    ConsentKind,
    Gender,
    Household,
    HouseholdMember,
    HouseholdStatus,
    LanguageLevel,
    MemberLanguage,
    MemberOccupation,
    Moving,
    MunicipalityPreference,
    PlanStep,
    Relation,
    Skill,
    StepStatus,
)
from app.talent.texts import country_name
from app.validators import PhoneNumberError, e164, phone_region

# Bump a version when the wording of its consent text changes: the record says what was shown.
MAX_SKILLS = 30


# --- profile ----------------------------------------------------------------------------------------

def profile_for(user: User, *options, lock: bool = False) -> Household | None:
    """The user's own profile. ``lock`` holds its row (PostgreSQL) until the commit, so two changes
    at once (a double click, two tabs, the API and the web) apply one after the other."""
    stmt = select(Household).where(Household.user_id == user.id).options(*options)
    return db.session.scalar(stmt.with_for_update(of=Household) if lock else stmt)


def profile_id_of(user: User) -> int | None:
    """The id of the user's household, for the audit trail (None for staff and employers)."""
    if user.role != Role.NEWCOMER:
        return None
    return db.session.scalar(select(Household.id).where(Household.user_id == user.id))


def get_or_create_profile(user: User) -> Household:
    profile = profile_for(user)
    if profile is None:
        profile = Household(user=user)
        first_name = (user.full_name.split() or [user.full_name])[0]
        profile.members.append(HouseholdMember(relation=Relation.SELF, first_name=first_name, moving=Moving.NOW))
        db.session.add(profile)
        db.session.flush()
    return profile


CURRENT_FOR = timedelta(days=90)


def complete_step(profile: Household, step: str) -> None:
    if step not in profile.completed_steps:
        profile.completed_steps = [*profile.completed_steps, step]
    confirm_current(profile)  # saving a step is saying the profile is current


def confirm_current(profile: Household) -> None:
    profile.confirmed_at = utcnow()


def is_current(profile: Household, now=None) -> bool:
    return profile.confirmed_at is not None and profile.confirmed_at >= (now or utcnow()) - CURRENT_FOR


def save_about(profile: Household, *, full_name: str, phone: str | None, citizenship,
               current_country: str | None, current_city: str | None, birth_year: int | None = None,
               residence_basis: rules.ResidenceBasis | None = None, gender: Gender | None = None) -> None:
    """The newcomer's own facts; their year of birth decides the age-dependent steps (SFI) and may not come after
    a child's."""
    check_member(Relation.SELF, birth_year, Moving.NOW, None, local_today())
    children = [m.birth_year for m in profile.members if m.relation == Relation.CHILD and m.birth_year is not None]
    if birth_year is not None and children and min(children) < birth_year:
        raise ProfileError("born_after_a_child", field="birth_year", year=min(children))
    if residence_basis is not None and residence_basis not in rules.BASES_FOR.get(citizenship, ()):
        raise ProfileError("basis_not_for_citizenship", field="residence_basis")
    phone = phone_number(phone, current_country)
    profile.user.full_name = full_name
    me = profile.me
    me.birth_year = birth_year
    me.gender = gender
    me.residence_basis = residence_basis
    me.first_name = (full_name.split() or [full_name])[0]
    profile.phone = phone
    profile.citizenship = citizenship
    profile.current_country = current_country or None
    profile.current_city = current_city or None
    complete_step(profile, "about")
    refresh_plan(profile)


def phone_number(text: str | None, country: str | None) -> str | None:
    """The household's phone number as it is kept (E.164), or None when none is given. A number without its
    country code is read as one in the country where the household lives now (``country``), else Sweden."""
    text = " ".join((text or "").split())
    if not text:
        return None
    try:
        return e164(text, phone_region(country))
    except PhoneNumberError as exc:
        if not exc.readable:
            raise ProfileError("phone_unreadable", field="phone") from None
        raise ProfileError("phone_impossible", field="phone", country=country_name(exc.region, current_locale())
                           ) from None


def update_languages(member: HouseholdMember, levels: dict[str, LanguageLevel | None]) -> None:
    """Set the member's level in each language given; None removes that language."""
    current = {entry.language: entry for entry in member.languages}
    for code, level in levels.items():
        entry = current.get(code)
        if level is None:
            if entry is not None:
                member.languages.remove(entry)
        elif entry is None:
            member.languages.append(MemberLanguage(language=code, level=level))
        else:
            entry.level = level


def save_languages(profile: Household, levels: dict[str, LanguageLevel]) -> None:
    """The newcomer's own languages, exactly these."""
    me = profile.me
    gone = {entry.language: None for entry in me.languages if entry.language not in levels}
    update_languages(me, {**gone, **levels})
    complete_step(profile, "languages")
    refresh_plan(profile)


def resolve_occupation(text: str) -> Occupation:
    """The occupation a person picked or typed: "2221", "2221 Sjuksköterskor..." or a unique name."""
    text = " ".join(text.split())
    match = re.match(r"^(\d{4})\b", text)
    if match:
        occupation = db.session.get(Occupation, match.group(1))
        if occupation is None:
            raise ProfileError("unknown_occupation_code", code=match.group(1))
        return occupation
    found = search_occupations(db.session, text, limit=2)
    exact = [o for o in found if text.casefold() in (o.label_sv.casefold(), o.label_en.casefold())]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]
    raise ProfileError("ambiguous_occupation" if found else "no_occupation", text=text)


def set_occupations(member: HouseholdMember, codes: list[str]) -> None:
    """Exactly these occupations, in this order (rows for codes kept are reused, not re-inserted)."""
    wanted = list(dict.fromkeys(codes))
    current = {o.occupation_code: o for o in member.occupations}
    for code, row in current.items():
        if code not in wanted:
            member.occupations.remove(row)
    for position, code in enumerate(wanted):
        row = current.get(code)
        if row is None:
            member.occupations.append(MemberOccupation(occupation_code=code, position=position))
        else:
            row.position = position


def normalise_skill(label: str) -> str:
    """"PLC-programmering " and "plc programmering" are one skill: case, accents' form, spacing, dashes."""
    text = unicodedata.normalize("NFKC", label).casefold()
    text = re.sub(r"[\s_\-–/|]+", " ", text).strip(" .,;")
    return text[:80]


def set_skills(profile: Household, labels: list[str]) -> None:
    slugs: dict[str, str] = {}
    for label in labels:
        slug = normalise_skill(label)
        if slug and slug not in slugs:
            slugs[slug] = " ".join(label.split())[:80]
    if len(slugs) > MAX_SKILLS:
        raise ProfileError("too_many_skills", field="skills", max=MAX_SKILLS)
    existing = {s.slug: s for s in db.session.scalars(select(Skill).where(Skill.slug.in_(slugs)))}
    skills = []
    for slug, label in slugs.items():
        skill = existing.get(slug)
        if skill is None:
            skill = Skill(slug=slug, label=label)
            db.session.add(skill)
        skills.append(skill)
    profile.skills = skills


def save_work(profile: Household, *, occupation_codes: list[str], skills: list[str], education,
              years_experience: int | None) -> None:
    set_occupations(profile.me, occupation_codes)
    set_skills(profile, skills)
    profile.education = education
    profile.years_experience = years_experience
    complete_step(profile, "work")
    refresh_plan(profile)


def save_places(profile: Household, *, ranked_codes: list[str], open_to_all: bool) -> None:
    """The municipalities the household would live in, first choice first (each once), or none if they
    would consider any."""
    if not ranked_codes and not open_to_all:
        raise ProfileError("no_places", field="open_to_all")
    twice = [code for i, code in enumerate(ranked_codes) if code in ranked_codes[:i]]
    if twice:
        raise ProfileError("place_twice", code=twice[0], field="ranked_codes")
    known = set(db.session.scalars(select(Municipality.code)))
    unknown = [c for c in ranked_codes if c not in known]
    if unknown:
        raise ProfileError("unknown_municipality", code=unknown[0])
    profile.preferences.clear()
    db.session.flush()  # the old ranks go before the new ones take their numbers
    profile.preferences.extend(
        MunicipalityPreference(municipality_code=code, rank=i + 1) for i, code in enumerate(ranked_codes)
    )
    profile.open_to_all_municipalities = open_to_all
    complete_step(profile, "places")


def save_move(profile: Household, *, status: HouseholdStatus, destination_code: str | None,
              job_start: date | None, arrival: date | None, offer_salary: int | None = None,
              permit_decision: date | None = None, works_before_arrival: bool = False) -> None:
    """Where the household is in its move, and its dates. A first day at work before the arrival is refused
    unless the newcomer says they start working before they arrive (``works_before_arrival``: remote work, a
    start before the move), and then kept as said."""
    check_move(status, job_start, arrival, local_today(), works_before_arrival)
    if arrival is not None and permit_decision is not None and arrival < permit_decision:
        # The permit is decided before anyone may travel on it: arriving earlier is a mistake in one of the dates.
        raise ProfileError("arrival_before_permit", field="arrival", date=permit_decision)
    profile.status = status
    profile.destination_code = destination_code or None
    profile.job_start_date = job_start
    profile.arrival_date = arrival
    profile.offer_salary = offer_salary if status != HouseholdStatus.EXPLORING else None
    profile.permit_decision_date = permit_decision
    profile.works_before_arrival = works_before(job_start, arrival) and works_before_arrival
    complete_step(profile, "move")
    refresh_plan(profile)


def works_before(job_start: date | None, arrival: date | None) -> bool:
    """Whether the first day at work comes before the arrival (both known)."""
    return job_start is not None and arrival is not None and job_start < arrival


def check_move(status: HouseholdStatus, job_start: date | None, arrival: date | None, today: date,
               works_before_arrival: bool = False) -> None:
    """The dates must fit the status and each other. Raises ProfileError naming the field and the problem."""
    if status == HouseholdStatus.EXPLORING:
        if job_start is not None and job_start < today:
            raise ProfileError("exploring_job_start_past", field="job_start")
        if arrival is not None and arrival < today:
            raise ProfileError("exploring_arrival_past", field="arrival")
    if status == HouseholdStatus.ARRIVING:
        if arrival is None:
            raise ProfileError("arriving_needs_date", field="arrival")
        if arrival < today:
            raise ProfileError("arriving_date_past", field="arrival")
    if status == HouseholdStatus.ARRIVED:
        if arrival is None:
            raise ProfileError("arrived_needs_date", field="arrival")
        if arrival > today:
            raise ProfileError("arrived_date_future", field="arrival")
    if status == HouseholdStatus.HAS_OFFER and job_start is None:  # arriving may be without a job (yet)
        raise ProfileError("offer_needs_job_start", field="job_start")
    if status == HouseholdStatus.HAS_OFFER and arrival is not None and arrival < today:
        raise ProfileError("offer_arrival_past", field="arrival")
    if works_before(job_start, arrival) and not works_before_arrival:
        raise ProfileError("job_start_before_arrival", field="job_start", start=job_start, arrival=arrival)


# --- household ---------------------------------------------------------------------------------------

def member_of(profile: Household, member_id: int) -> HouseholdMember | None:
    """A member of this household, or None (never someone else's)."""
    return next((m for m in profile.members if m.id == member_id), None)


def save_member(profile: Household, member: HouseholdMember | None, *, relation: Relation,
                first_name: str, birth_year: int | None, home_language: str | None, moving: Moving,
                follows_on: date | None, seeking_work: bool, occupation_codes: list[str],
                swedish_level: LanguageLevel | None, english_level: LanguageLevel | None,
                other_languages: dict[str, LanguageLevel] | None = None,
                email: str | None = None, residence_basis: rules.ResidenceBasis | None = None,
                gender: Gender | None = None) -> HouseholdMember:
    """Add a partner or child (``member`` None) or change one. The plan follows. A partner's own address
    (``email``) is where they decide for themselves whether employers see them (``app.talent.partner``)."""
    if relation == Relation.SELF or (member is not None and member.relation == Relation.SELF):
        raise ProfileError("relation_not_allowed")
    check_member(relation, birth_year, moving, follows_on, local_today())
    parent = profile.me.birth_year if profile.me is not None else None
    if relation == Relation.CHILD and birth_year is not None and parent is not None and birth_year < parent:
        raise ProfileError("child_born_before_you", field="birth_year", year=parent)
    partner = profile.partner
    if relation == Relation.PARTNER and partner is not None and partner is not member:
        raise ProfileError("one_partner")
    if moving == Moving.LATER and follows_on and profile.arrival_date and follows_on < profile.arrival_date:
        raise ProfileError("follows_before_arrival", field="follows_on")
    email = (email or "").strip().lower() or None if relation == Relation.PARTNER else None
    if email is not None and email == profile.user.email.lower():
        raise ProfileError("partner_email_yours", field="email")
    was_seeking = member is not None and member.seeking_work
    old_address = member.email if member is not None else None
    new_address = email != old_address
    if member is None:
        member = HouseholdMember()
        profile.members.append(member)
    member.relation = relation
    member.first_name = first_name
    member.birth_year = birth_year
    member.gender = gender
    member.residence_basis = residence_basis
    member.home_language = home_language or None
    member.moving = moving
    member.follows_on = follows_on if moving == Moving.LATER else None
    member.seeking_work = seeking_work and relation == Relation.PARTNER
    member.email = email
    set_occupations(member, occupation_codes if relation == Relation.PARTNER else [])
    others = {code: level for code, level in (other_languages or {}).items() if code not in ("sv", "en")}
    gone = {e.language: None for e in member.languages if e.language not in ("sv", "en", *others)}
    update_languages(member, {**gone, "sv": swedish_level, "en": english_level, **others})
    db.session.flush()
    if new_address:
        partners.address_changed(member, old_address)
    elif member.seeking_work and not was_seeking and member.email and partners.listing_decision(member) is None:
        partners.send_link_once(member)  # looking for work now: they can decide
    complete_step(profile, "household")  # the household step is done once someone is in it (web and API)
    refresh_plan(profile)
    return member


MAX_AGE, ADULT = 120, 18


def check_member(relation: Relation, birth_year: int | None, moving: Moving, follows_on: date | None,
                 today: date) -> None:
    """What the household form asks of a partner or child, for every way in (the API too)."""
    if birth_year is not None and birth_year > today.year:
        raise ProfileError("born_in_future", field="birth_year")
    if birth_year is not None and birth_year < today.year - MAX_AGE:
        raise ProfileError("born_too_long_ago", field="birth_year", years=MAX_AGE)
    if relation == Relation.PARTNER and birth_year is not None and birth_year > today.year - ADULT:
        raise ProfileError("partner_too_young", field="birth_year", age=ADULT)
    if relation == Relation.CHILD and birth_year is None:
        raise ProfileError("child_needs_birth_year", field="birth_year")
    if moving == Moving.LATER and follows_on is None:
        raise ProfileError("follows_needs_date", field="follows_on")


def remove_member(profile: Household, member: HouseholdMember) -> None:
    if member.relation == Relation.SELF:
        raise ProfileError("cannot_remove_self")
    profile.members.remove(member)
    db.session.flush()
    refresh_plan(profile)


# --- consent -------------------------------------------------------------------------------------------

def current_consents(profile: Household) -> dict[ConsentKind, Consent | None]:
    latest: dict[ConsentKind, Consent | None] = {kind: None for kind in ConsentKind}
    rows = db.session.scalars(select(Consent).where(Consent.profile_id == profile.id, Consent.member_id.is_(None))
                              .order_by(Consent.id))
    for row in rows:
        latest[row.kind] = row
    return latest


def consent_history(profile: Household) -> list[Consent]:
    return list(db.session.scalars(
        select(Consent).where(Consent.profile_id == profile.id, Consent.member_id.is_(None)).order_by(Consent.id.desc())
    ))


def has_consent(profile: Household, kind: ConsentKind) -> bool:
    row = current_consents(profile)[kind]
    return bool(row and row.granted)


def set_consents(profile: Household, wanted: dict[ConsentKind, bool],
                 shown: dict[ConsentKind, str] | None = None) -> list[Consent]:
    """Record each first decision (a "no" too) and each change; nothing is ever overwritten.

    ``shown`` names the version of each text the person saw; unknown versions count as the current one.
    """
    current = current_consents(profile)
    recorded = []
    for kind, granted in wanted.items():
        row = current[kind]
        if row is not None and row.granted == granted:
            continue  # no change: nothing to record
        version = (shown or {}).get(kind)
        if version not in CONSENT_VERSIONS.values():
            version = CONSENT_VERSIONS[kind]
        consent = Consent(profile_id=profile.id, kind=kind, granted=granted, text_version=version)
        db.session.add(consent)
        recorded.append(consent)
    db.session.flush()
    return recorded


# --- the arrival plan ------------------------------------------------------------------------------------

def household_for_plan(profile: Household) -> rules.HouseholdFacts:
    def person(member: HouseholdMember) -> rules.Person:
        swedish = member.level_in("sv")
        return rules.Person(
            name=member.first_name,
            relation=member.relation.value,
            birth_year=member.birth_year,
            home_language=member.home_language,
            swedish_level="C2" if swedish == LanguageLevel.NATIVE else (swedish.value if swedish else None),
            occupations=tuple(o.occupation_code for o in member.occupations),
            seeking_work=member.seeking_work,
            arrives=member.follows_on,
            basis=member.residence_basis,
        )

    movers = [m for m in profile.members if m.relation != Relation.SELF and m.moving != Moving.STAYING]
    return rules.HouseholdFacts(
        main=person(profile.me),
        citizenship=profile.citizenship,
        members=tuple(person(m) for m in movers),
        arrival=profile.arrival_date,
        job_start=profile.job_start_date,
        has_job=profile.status == HouseholdStatus.HAS_OFFER or profile.job_start_date is not None,
        offer_salary=profile.offer_salary,
        permit_salary_floor=_permit_salary_floor(),
    )


def _permit_salary_floor() -> int | None:
    return salary_threshold()


def catalogue() -> list[rules.ServiceDef]:
    return [
        rules.ServiceDef(s.key, s.phase, s.sort_order, s.applies_to, tuple(s.prerequisites))
        for s in db.session.scalars(select(Service))
    ]


def refresh_plan(profile: Household, today: date | None = None) -> list[PlanStep]:
    """Rebuild the plan from the household as it is now, keeping what the newcomer marked.

    Steps that still apply keep their status; steps that no longer apply are kept (with their
    status) but marked as not applying, so marking survives a child's birthday or a date change.
    """
    if profile.me is None:
        return []
    items = rules.build_plan(household_for_plan(profile), catalogue(), today or local_today())
    existing = {step.service_key: step for step in profile.plan_steps}
    for position, item in enumerate(items):
        step = existing.pop(item.key, None)
        if step is None:
            step = PlanStep(service_key=item.key, status=StepStatus.TODO)
            profile.plan_steps.append(step)
        step.position = position
        step.applies = True
        step.suggested_date = item.suggested_date
        step.reasons = [{"key": r.key, "params": r.kwargs} for r in item.reasons]
        step.prerequisites = list(item.prerequisites)
        step.conditions = list(item.conditions)
    for offset, step in enumerate(existing.values()):
        step.applies = False
        step.position = len(items) + offset
    db.session.flush()
    return [s for s in profile.plan_steps if s.applies]


def set_step_status(profile: Household, step_id: int, status: StepStatus) -> PlanStep:
    step = next((s for s in profile.plan_steps if s.id == step_id and s.applies), None)
    if step is None:
        raise ProfileError("no_such_step")
    step.status = status
    return step


# --- who serves the household where it lives ------------------------------------------------------------------

def who_serves(profile: Household, locale: str) -> dict[str, list[Serving]]:
    """By kind of local authority, the ones that serve this household where it will live (the destination,
    else its first choice): its region, municipality, nearest government service office and housing
    companies. Empty when that is not known yet; a step then names the authority in general terms."""
    return serving_in(db.session, housing_destination(profile), locale)


# --- the plan in the household's calendar -------------------------------------------------------------------

FEED_READ_EVERY = timedelta(hours=1)  # how often a feed's last reading is written down (calendars poll often)


def calendar_feed(profile: Household) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.profile_id == profile.id))


def set_plan_reminders(profile: Household, on: bool, actor: User) -> None:
    """Opt in to (or out of) reminders before the plan's deadlines (``app.talent.reminders``)."""
    if profile.plan_reminders != on:
        profile.plan_reminders = on
        record(actor, "plan_reminders_on" if on else "plan_reminders_off", "newcomer_profile", profile.id, profile.id)


def open_calendar_feed(profile: Household, actor: User) -> str:
    """A new private address for the household's calendar; it replaces the one before (which stops working).
    Returns the secret, which is shown once: only its digest is kept."""
    secret = secrets.token_urlsafe(32)
    feed = calendar_feed(profile)
    if feed is None:
        feed = CalendarFeed(profile_id=profile.id)
        db.session.add(feed)
    feed.digest, feed.created_at, feed.last_read_at = digest(secret), utcnow(), None
    db.session.flush()
    record(actor, "calendar_feed_opened", "newcomer_profile", profile.id, profile.id)
    return secret


def close_calendar_feed(profile: Household, actor: User) -> bool:
    """Stop the household's calendar address (False: there was none)."""
    feed = calendar_feed(profile)
    if feed is None:
        return False
    db.session.delete(feed)
    record(actor, "calendar_feed_closed", "newcomer_profile", profile.id, profile.id)
    return True


def household_for_feed(secret: str) -> Household | None:
    """The household whose calendar address holds ``secret``, while its account is active; the reading is
    written down (at most once an hour)."""
    if not secret or len(secret) > 100:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.digest == digest(secret)))
    if feed is None or not feed.profile.user.is_active:
        return None
    now = utcnow()
    if feed.last_read_at is None or feed.last_read_at + FEED_READ_EVERY <= now:
        feed.last_read_at = now
    return feed.profile


# --- housing ---------------------------------------------------------------------------------------------

def housing_destination(profile: Household) -> str | None:
    """Where to look for housing: the destination, else the first-choice municipality."""
    if profile.destination_code:
        return profile.destination_code
    return profile.preferences[0].municipality_code if profile.preferences else None


@dataclass(frozen=True)
class Phase:
    """One phase of the plan as the page shows it: its steps and how far the household has come."""

    key: str
    steps: list[PlanStep]
    done: int  # done or not relevant
    current: bool  # the first phase with something still to do

    @property
    def complete(self) -> bool:
        return self.done == len(self.steps)


NEXT_STEPS = 3  # the plan page starts with the next few things to do


def plan_overview(steps: list[PlanStep]) -> tuple[list[Phase], list[PlanStep]]:
    """The plan's phases, the current one first, then those after it, then those already complete; and the
    next things to do (the earliest suggested first; undated ones in the plan's order after them)."""
    by_phase: dict[str, list[PlanStep]] = {}
    for step in steps:
        by_phase.setdefault(step.service.phase, []).append(step)
    order = sorted(by_phase, key=lambda k: rules.PHASES.index(k) if k in rules.PHASES else len(rules.PHASES))
    current = next((k for k in order if any(s.status == StepStatus.TODO for s in by_phase[k])), None)
    phases = [Phase(k, by_phase[k], sum(s.status != StepStatus.TODO for s in by_phase[k]), k == current)
              for k in order]
    start = order.index(current) if current else len(order)
    ordered = phases[start:] + phases[:start]
    todo = [s for s in steps if s.status == StepStatus.TODO]
    upcoming = sorted(todo, key=lambda s: (s.suggested_date is None, s.suggested_date or date.max, s.position))
    return ordered, upcoming[:NEXT_STEPS]


def what_to_bring(profile: Household, step: PlanStep) -> list[str]:
    """The documents a step asks for that concern this household (keys of ``texts.BRING_LABELS``): a
    marriage certificate only with a partner who moves, residence permit cards only from outside the EU/EEA."""
    movers = [m for m in profile.members if m.relation != Relation.SELF and m.moving != Moving.STAYING]
    skip = set()
    if not any(m.relation == Relation.PARTNER for m in movers):
        skip.add("marriage_certificate")
    if not any(m.relation == Relation.CHILD for m in movers):
        skip.add("birth_certificates")
    if profile.citizenship != rules.Citizenship.OTHER:
        skip.add("residence_permit_card")
    return [key for key in (step.service.details or {}).get("bring", []) if key not in skip]


def has_personnummer(profile: Household) -> bool:
    """Landa's best knowledge: population registration was marked done, and the number usually
    arrives some weeks later (or a step that needs it, the ID card, is done already)."""
    steps = {s.service_key: s for s in profile.plan_steps if s.applies}
    registration, id_card = steps.get("population_registration"), steps.get("id_card")
    if id_card is not None and id_card.status == StepStatus.DONE:
        return True
    return (registration is not None and registration.status == StepStatus.DONE
            and registration.updated_at + rules.PERSONNUMMER_WAIT <= utcnow())


def contact_facts(contacts: list[HousingContact], locale: str = "sv") -> list[ContactFacts]:
    """What the housing rules read of each contact (its area, ID requirement and work-mover bonus)."""
    facts = []
    for c in contacts:
        bonus = c.details.get("work_mover_bonus") or {}
        facts.append(ContactFacts(
            key=c.key, name=c.label(locale), municipality_codes=tuple(m.code for m in c.municipalities),
            requires_id=c.details.get("requires_id"), bonus_points=bonus.get("points"),
            bonus_valid_months=bonus.get("valid_months"),
        ))
    return facts


def housing_advice(profile: Household, today: date | None = None,
                   locale: str = "sv") -> list[tuple[HousingContact, HousingAdvice]]:
    """The contacts for the household's destination, named (and so ordered) in ``locale``."""
    contacts = list(db.session.scalars(
        select(HousingContact).options(selectinload(HousingContact.municipalities)).order_by(HousingContact.key)
    ))
    by_key = {c.key: c for c in contacts}
    advice = advise(contact_facts(contacts, locale), housing_destination(profile), job_start=profile.job_start_date,
                    has_job=profile.status != HouseholdStatus.EXPLORING,
                    has_personnummer=has_personnummer(profile), today=today or local_today())
    return [(by_key[a.contact.key], a) for a in advice]
