"""The demo's past: what the region's reception and employers did over the project period (``LANDA_PROJECT_START``
until today), so that a coordinator's insights have something to tell.

``build_population`` makes a region as it is this week: every household registered today, every case opened in the
last months. This module, run at its end, gives it a history:

* the households registered on days spread over the project period, each before its case opened;
* the cases that have come past arrival (settling, followed up, closed) arrived on days over the period, most of
  them in the months people move (August, when the school year starts, June and January, when employers'
  recruitment rounds end), with the date of every step, follow-ups answered at 2 weeks and 3, 6 and 12 months
  (a home of their own more often as the months go by) and cases closed as settled, moved within the region,
  left the region or no answer;
* earlier households (``EARLIER``), who came in the project's first years and whose cases are closed or followed
  up, so that each month's arrivals make cohorts large enough to be published (counts under 5 are withheld);
* a gender and a year of birth for everyone (the funder's report counts participants by both), the population
  register's plan step done by most who arrived, and hires for about four in ten arrived households by the demo
  employers, for needs they posted and filled over the period, each hire asked for contact first.

Everything is drawn from its own seeded stream (the rest of the demo stays as it was) and written through the
ORM in one flush per part: a few seconds, so ``bin/run`` stays quick. The demo newcomer login (Priya) and her case
are left exactly as they were: the stories and her "who has seen my data" page tell about them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from faker import Faker
from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.catalogue.models import Municipality, Occupation
from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    ContactRequest,
    ContactStatus,
    Hire,
    Interest,
    NeedStatus,
    Organisation,
)
from app.extensions import db
from app.models import utcnow
from app.reception import followups, inbox
from app.reception.models import (
    Case,
    CaseEvent,
    CaseStatus,
    CaseTask,
    ClosingReason,
    FollowUp,
    FollowUpStatus,
    Housing,
    InboxItem,
    InboxKind,
    PartnerWork,
)
from app.seed.demo_needs import NEEDS
from app.talent.models import (
    CONSENT_VERSIONS,
    Consent,
    ConsentKind,
    Education,
    Gender,
    Household,
    HouseholdMember,
    HouseholdStatus,
    LanguageLevel,
    Moving,
    MunicipalityPreference,
    PlanStep,
    Relation,
    StepStatus,
)

SEED = "demo-history-2026"
EARLIER = 200  # households that came before the demo's present ones
DEMO_DOMAIN = "demo.landa.se"
DEMO_LOGIN = f"newcomer@{DEMO_DOMAIN}"
POPULATION_REGISTER = "population_registration"  # the plan step (app/catalogue/data/services.json)
# How likely a month is for a move: August most (the school year), June and January (recruitment rounds end).
SEASON = {1: 3, 2: 0.4, 3: 0.4, 4: 0.4, 5: 0.8, 6: 3, 7: 0.8, 8: 6, 9: 2, 10: 0.8, 11: 0.4, 12: 0.2}
PAST_ARRIVAL = (CaseStatus.SETTLING, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED)
CLOSING = {ClosingReason.SETTLED: 50, ClosingReason.MOVED_IN_REGION: 15, ClosingReason.LEFT_REGION: 20,
           ClosingReason.NO_RESPONSE: 15}
# Days from arrival to closing: a settled household's case after its 12-month check-in; those who leave do so
# over the first year, a few in the first months (a job that did not work out), more after the first winter.
CLOSED_AFTER = {ClosingReason.SETTLED: (372, 450), ClosingReason.MOVED_IN_REGION: (120, 330),
                ClosingReason.LEFT_REGION: (45, 340), ClosingReason.NO_RESPONSE: (120, 300)}
ANSWERED = 0.8  # of the follow-ups sent
HOME_OF_THEIR_OWN = {14: 0.1, 91: 0.35, 182: 0.55, 365: 0.75}  # share answering so, by days after arrival
HIRED = 0.45  # of the households that arrived
GENDERS = ([Gender.WOMAN, Gender.MAN, Gender.ANOTHER, Gender.UNDISCLOSED, None], [46, 46, 1, 3, 4])


def seed_history(today: date, *, origins, person: Callable, say_bases: Callable, password_hash: str,
                 demand: list[str]) -> int:
    """Give the demo region its history (see the module). ``origins``, ``person`` and ``say_bases`` are the
    demo's own (``app.seed.demo``): the earlier households are made like the others. Returns how many earlier
    households were added."""
    rng = random.Random(SEED)  # noqa: S311  # nosec B311  # seeded, reproducible demo data, not secrets
    first = current_app.config["LANDA_PROJECT_START"]
    login = db.session.scalar(select(User.id).where(User.email == DEMO_LOGIN))
    added = _earlier_households(random.Random(f"{SEED}-earlier"), today, origins, person, say_bases,  # noqa: S311
                                password_hash, demand)
    _relive_cases(rng, today, first, login)
    _registrations(random.Random(f"{SEED}-registered"), today, first, login)  # noqa: S311  # nosec B311
    _genders(random.Random(f"{SEED}-genders"), origins, login)  # noqa: S311  # nosec B311
    _population_register(random.Random(f"{SEED}-register"), today, login)  # noqa: S311  # nosec B311
    _hires(random.Random(f"{SEED}-hires"), today, first, login)  # noqa: S311  # nosec B311
    db.session.flush()
    return added


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _moving_day(rng: random.Random, earliest: date, latest: date) -> date:
    """A day between the two, most likely in the months people move (``SEASON``)."""
    if latest <= earliest:
        return earliest
    months, day = [], date(earliest.year, earliest.month, 1)
    while day <= latest:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    month = rng.choices(months, weights=[SEASON[m.month] for m in months])[0]
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    low, high = max(month, earliest), min(following - timedelta(days=1), latest)
    return low + timedelta(days=rng.randint(0, (high - low).days))


# --- earlier households --------------------------------------------------------------------------------------

def _earlier_households(rng, today, origins, person, say_bases, password_hash, demand) -> int:
    """Households that came in the project's first years: arrived, their cases closed or followed up (the
    timeline is drawn by ``_relive_cases``, like the demo's own cases past arrival)."""
    codes = list(db.session.scalars(select(Municipality.code).order_by(Municipality.code)))
    officers: dict[str, list[User]] = {}
    for officer in db.session.scalars(select(User).where(User.role == Role.OFFICER).order_by(User.id)):
        officers.setdefault(officer.municipality_code, []).append(officer)
    fakers: dict[str, Faker] = {}
    for n in range(EARLIER):
        locale, country, citizenship, language = origins[rng.randrange(len(origins))]
        fake = fakers.get(locale)
        if fake is None:
            fake = fakers[locale] = Faker(locale)
            fake.seed_instance(f"{SEED}-{locale}")  # its own stream: the demo's Faker draws stay as they were
        first, last = fake.first_name(), fake.last_name()
        user = User(email=f"earlier{n}@{DEMO_DOMAIN}", password_hash=password_hash, full_name=f"{first} {last}",
                    role=Role.NEWCOMER, locale=rng.choice(["en", "en", "sv"]))
        destination = "2281" if rng.random() < 0.35 else rng.choice(codes)
        profile = Household(
            user=user, citizenship=citizenship, current_country=country, current_city=fake.city(),
            status=HouseholdStatus.ARRIVED, education=rng.choice(list(Education)[1:]),
            years_experience=rng.randrange(2, 25), destination_code=destination,
            completed_steps=["about", "languages", "work", "places", "move", "household"],
        )
        profile.preferences = [MunicipalityPreference(municipality_code=destination, rank=1)]
        swedish = rng.choice([None, None, LanguageLevel.A2, LanguageLevel.B1])
        profile.members.append(person(Relation.SELF, first, today.year - rng.randrange(20, 60), language,
                                      [rng.choice(demand)], swedish, LanguageLevel.B2))
        if rng.random() < 0.6:
            partner = person(Relation.PARTNER, fake.first_name(), today.year - rng.randrange(20, 56), language,
                             [rng.choice(demand)], None, LanguageLevel.B1)
            profile.members.append(partner)
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            profile.members.append(HouseholdMember(relation=Relation.CHILD, first_name=fake.first_name(),
                                                   birth_year=today.year - rng.randrange(0, 18),
                                                   home_language=language, moving=Moving.NOW))
        say_bases(profile, country)
        status = CaseStatus.CLOSED if rng.random() < 0.7 else CaseStatus.FOLLOWED_UP
        case = Case(profile=profile, municipality_code=destination, status=status,  # the reason: see _relive
                    closing_reason=ClosingReason.SETTLED if status == CaseStatus.CLOSED else None,
                    assigned_officer=rng.choice(officers[destination]) if officers.get(destination) else None)
        profile.consents = [Consent(kind=kind, granted=True, text_version=CONSENT_VERSIONS[kind])
                            for kind in (ConsentKind.OFFICER_CONTACT, ConsentKind.FOLLOW_UP)]
        db.session.add_all([user, profile, case])
    db.session.flush()
    return EARLIER


# --- the cases past arrival -------------------------------------------------------------------------------------

def _relive_cases(rng: random.Random, today: date, first: date, login: int | None) -> None:
    """Every case past arrival (but the demo login's) gets an arrival over the period and a timeline to match:
    its steps, its follow-ups and, if closed, its reason and day. What the seed left about the old follow-ups (the
    officers' tasks and the inbox's worries) goes with them; recent ones are noted again."""
    ids = list(db.session.scalars(select(Case.id).join(Household).where(
        Case.status.in_(PAST_ARRIVAL), Household.user_id != login).order_by(Case.id)))
    old_follow_ups = select(FollowUp.id).where(FollowUp.case_id.in_(ids))
    old_tasks = list(db.session.scalars(select(CaseTask.id).where(CaseTask.follow_up_id.in_(old_follow_ups))))
    db.session.execute(delete(InboxItem).where(InboxItem.case_id.in_(ids), InboxItem.kind.in_(
        (InboxKind.WORRY, InboxKind.TASK_DUE))).where(
        (InboxItem.kind == InboxKind.WORRY) | InboxItem.ref_id.in_(old_tasks or [-1])))
    db.session.execute(delete(CaseTask).where(CaseTask.id.in_(old_tasks or [-1])))
    db.session.execute(delete(FollowUp).where(FollowUp.case_id.in_(ids)))
    db.session.execute(delete(CaseEvent).where(CaseEvent.case_id.in_(ids)))
    db.session.expire_all()
    now = utcnow()
    cases = db.session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id).options(
        selectinload(Case.profile).selectinload(Household.consents), selectinload(Case.messages))).all()
    for case in cases:
        _relive(rng, case, today, first, now)
    db.session.flush()
    for case in cases:  # what the jobs would have left for reception this last month
        if case.status == CaseStatus.CLOSED:
            continue
        for follow_up in case.follow_ups:
            if follow_up.due_on < today - timedelta(days=30):
                continue
            if follow_up.status == FollowUpStatus.MISSED:
                followups.officer_task(case, "no_answer", follow_up)
            elif follow_up.trouble:
                followups.officer_task(case, "trouble", follow_up)
                inbox.note(case, InboxKind.WORRY, follow_up.id)
    db.session.flush()


def _relive(rng: random.Random, case: Case, today: date, first: date, now: datetime) -> None:
    earliest = first + timedelta(days=45)  # the first households arrived some weeks into the project
    closed: datetime | None = None
    if case.status == CaseStatus.SETTLING:
        arrival = today - timedelta(days=rng.randint(25, 150))
    elif case.status == CaseStatus.FOLLOWED_UP:
        arrival = _moving_day(rng, max(earliest, today - timedelta(days=480)), today - timedelta(days=100))
    else:
        reason = rng.choices(list(CLOSING), weights=list(CLOSING.values()))[0]
        after = rng.randint(*CLOSED_AFTER[reason])
        arrival = _moving_day(rng, earliest, today - timedelta(days=after + 2))
        case.closing_reason = reason
        closed = min(now - timedelta(hours=1), _at(arrival + timedelta(days=after), rng.randint(8, 16)))
    opened_day = max(first + timedelta(days=rng.randint(0, 10)), arrival - timedelta(days=rng.randint(25, 120)))
    opened = _at(min(opened_day, arrival - timedelta(days=7)), rng.randint(7, 21))
    officer = case.assigned_officer_id
    arrived = _at(arrival, rng.randint(8, 16))
    steps = [(CaseStatus.NEW, opened),
             (CaseStatus.CONTACTED, opened + timedelta(days=rng.randint(1, 6), hours=rng.randint(1, 6))),
             (CaseStatus.PLANNING, min(opened + timedelta(days=rng.randint(7, 20)), arrived - timedelta(hours=6))),
             (CaseStatus.ARRIVED, arrived),
             (CaseStatus.SETTLING, arrived + timedelta(days=rng.randint(14, 45))),
             (CaseStatus.FOLLOWED_UP, arrived + timedelta(days=rng.randint(92, 130)))]
    last = closed or now - timedelta(hours=1)
    if closed is not None:  # closed before the case came further: it was closed from where it stood
        steps = [step for step in steps if step[1] < closed] + [(CaseStatus.CLOSED, closed)]
    else:
        steps = steps[: list(CaseStatus).index(case.status) + 1]
    previous, before = None, opened
    for status, at in steps:
        at = max(before, min(at, last))
        case.events.append(CaseEvent(actor_id=officer if previous else None, from_status=previous, to_status=status,
                                     at=at))
        previous, before = status, at
    case.opened_at = case.created_at = opened
    case.closed_at = closed
    case.expected_arrival = arrival
    profile = case.profile
    profile.status, profile.arrival_date = HouseholdStatus.ARRIVED, arrival
    profile.job_start_date = arrival + timedelta(days=14)
    for consent in profile.consents:
        if consent.member_id is None:
            consent.recorded_at = opened
    for message in case.messages:  # the officer's welcome came with the first contact
        if not message.from_household:
            message.created_at = min(message.created_at, steps[min(1, len(steps) - 1)][1])
    _follow_ups(rng, case, arrival, today, closed)


def _follow_ups(rng: random.Random, case: Case, arrival: date, today: date, closed: datetime | None) -> None:
    """The municipality's check-ins after ``arrival``: sent on their day, most answered (a home of their own more
    often as the months pass); those after the case closed were never sent."""
    for offset in followups.intervals(case.municipality_code):
        due = arrival + timedelta(days=offset)
        follow_up = FollowUp(offset_days=offset, due_on=due, status=FollowUpStatus.SCHEDULED)
        case.follow_ups.append(follow_up)
        if closed is not None and _at(due) >= closed:
            follow_up.status = FollowUpStatus.CANCELLED
            continue
        if due >= today:
            continue
        follow_up.sent_at = _at(due, 8)
        if rng.random() >= ANSWERED:
            follow_up.status = FollowUpStatus.MISSED
            continue
        share = HOME_OF_THEIR_OWN.get(offset, 0.5)
        follow_up.status = FollowUpStatus.ANSWERED
        follow_up.answered_at = min(utcnow(), follow_up.sent_at + timedelta(hours=rng.randint(2, 5 * 24)))
        follow_up.housing = Housing.PERMANENT if rng.random() < share else \
            rng.choices([Housing.TEMPORARY, Housing.LOOKING], weights=[80, 20])[0]
        follow_up.settled = rng.choices([1, 2, 3, 4, 5], weights=[3, 6, 20, 40, 31])[0]
        follow_up.partner_work = rng.choice(list(PartnerWork))
        follow_up.trouble = follow_up.settled <= 2 or follow_up.housing == Housing.LOOKING


# --- registrations, genders, the population register -------------------------------------------------------------

def _registrations(rng: random.Random, today: date, first: date, login: int | None) -> None:
    """The day each household registered: before its case opened (some explored for months first); before its
    arrival if it came on its own; otherwise any day of the period, more of them lately."""
    start, now = _at(first, 8), utcnow()
    opened = dict(db.session.execute(select(Case.profile_id, Case.opened_at).order_by(Case.opened_at.desc())).all())
    households = db.session.scalars(select(Household).where(Household.user_id != login).order_by(Household.id)
                                    .options(selectinload(Household.user), selectinload(Household.members))).all()
    for profile in households:
        case_opened = opened.get(profile.id)
        if case_opened is not None:
            before = case_opened.replace(tzinfo=case_opened.tzinfo or UTC)
            days = rng.randint(0, 45) if rng.random() < 0.8 else rng.randint(45, 300)
            at = before - timedelta(days=days, hours=rng.randint(1, 8))
        elif profile.status == HouseholdStatus.ARRIVED and profile.arrival_date:
            before = _at(profile.arrival_date)
            at = before - timedelta(days=rng.randint(30, 240), hours=rng.randint(1, 8))
        else:
            before = now
            at = start + (now - start) * rng.random() ** 0.6
        if at < start:  # not before the project began: some day between its start and the case or the arrival
            at = start + (max(before, start) - start) * rng.random()
        at = min(at, now - timedelta(hours=1))
        profile.created_at = profile.user.created_at = at
        # They still sign in now and then (an account unused for a year is deleted: app.privacy.retention).
        recent = max(at, now - timedelta(days=300))
        profile.user.last_login_at = recent + (now - recent) * rng.random()
        for member in profile.members:
            member.created_at = at
        confirmed = profile.confirmed_at
        if confirmed is None or confirmed.replace(tzinfo=confirmed.tzinfo or UTC) < at:
            profile.confirmed_at = at
    db.session.flush()


def _gender_of_names(origins) -> tuple[set[str], set[str]]:
    """First names the demo's Faker locales give as women's and as men's."""
    women, men = set(), set()
    for locale in {o[0] for o in origins} | {"sv_SE"}:
        for provider in Faker(locale).providers:
            women.update(getattr(provider, "first_names_female", ()))
            men.update(getattr(provider, "first_names_male", ()))
    return women - men, men - women


def _genders(rng: random.Random, origins, login: int | None) -> None:
    """A gender for everyone, as they might have answered: as their first name suggests for most, a few "prefer
    not to say" and some never asked; the demo login's household as its story has them."""
    women, men = _gender_of_names(origins)
    demo = {"Priya": Gender.WOMAN, "Arjun": Gender.MAN, "Amal": Gender.MAN, "Meera": Gender.WOMAN}
    members = db.session.scalars(select(HouseholdMember).join(Household).options(selectinload(HouseholdMember.profile))
                                 .order_by(HouseholdMember.id)).all()
    for member in members:
        if member.profile.user_id == login:
            member.gender = demo.get(member.first_name)
            continue
        drawn = rng.choices(*GENDERS)[0]
        if drawn in (Gender.WOMAN, Gender.MAN):
            drawn = Gender.WOMAN if member.first_name in women else Gender.MAN if member.first_name in men else drawn
        member.gender = drawn
    db.session.flush()


def _population_register(rng: random.Random, today: date, login: int | None) -> None:
    """Most households that arrived over a week ago have registered in the population register (the plan step
    done, on a day some weeks after arrival)."""
    households = db.session.scalars(select(Household).where(
        Household.status == HouseholdStatus.ARRIVED, Household.arrival_date <= today - timedelta(days=7),
        Household.user_id != login).order_by(Household.id)).all()
    steps = {s.profile_id: s for s in db.session.scalars(select(PlanStep).where(
        PlanStep.service_key == POPULATION_REGISTER))}
    for profile in households:
        if rng.random() >= 0.85:
            continue
        step = steps.get(profile.id)
        if step is None:
            step = PlanStep(profile_id=profile.id, service_key=POPULATION_REGISTER, position=0)
            db.session.add(step)
        step.status = StepStatus.DONE
        step.updated_at = min(utcnow(), _at(profile.arrival_date + timedelta(days=rng.randint(3, 30)), 10))
    db.session.flush()


# --- hires ------------------------------------------------------------------------------------------------------

def _hires(rng: random.Random, today: date, first: date, login: int | None) -> None:
    """About four in ten households that arrived were hired by a demo employer weeks before arriving, for a need
    posted in their occupation; the employer asked them for contact first. Needs are made per employer and
    quarter from the hires they filled: posted weeks before the first hire, filled after the last."""
    now = utcnow()
    employers: dict[str, list[Organisation]] = {}
    approved = db.session.scalars(select(Organisation).where(Organisation.status == ApprovalStatus.APPROVED)
                                  .order_by(Organisation.id).options(selectinload(Organisation.needs),
                                                                     selectinload(Organisation.members))).all()
    for org in approved:
        for code in sorted({n.occupation_code for n in org.needs}):
            employers.setdefault(code, []).append(org)
    households = db.session.scalars(select(Household).where(
        Household.status == HouseholdStatus.ARRIVED, Household.user_id != login).order_by(Household.id)
        .options(selectinload(Household.members).selectinload(HouseholdMember.occupations))).all()
    groups: dict[tuple, list] = {}
    for profile in households:
        me = profile.me
        if not me.occupations or rng.random() >= HIRED or profile.arrival_date is None:
            continue
        code = me.occupations[0].occupation_code
        org = rng.choice(employers.get(code) or approved)
        hired = _at(profile.arrival_date - timedelta(days=rng.randint(20, 90)), rng.randint(8, 16))
        registered = profile.created_at.replace(tzinfo=profile.created_at.tzinfo or UTC)
        hired = min(now - timedelta(hours=2), max(hired, registered + timedelta(days=2)))
        quarter = (hired.year, (hired.month - 1) // 3)
        groups.setdefault((org.id, code, quarter), []).append((profile, me, hired))
    orgs = {o.id: o for o in approved}
    for (org_id, code, _quarter), hires in sorted(groups.items(), key=lambda kv: kv[0]):
        org = orgs[org_id]
        owner = next((m.user_id for m in org.members if m.is_owner), None)
        earliest = min(h[2] for h in hires)
        published = max(_at(first, 9), earliest - timedelta(days=rng.randint(14, 50)))
        text = NEEDS.get(code)
        label = db.session.get(Occupation, code).label_sv
        need = CompetenceNeed(
            organisation_id=org.id, title=text.title_sv if text else label.split(" m.fl.")[0].split(",")[0],
            title_en=text.title_en if text else None, description=text.description_sv if text else "",
            description_en=text.description_en if text else None,
            required_skills=list(text.required) if text else [], nice_skills=list(text.nice) if text else [],
            min_swedish=text.min_swedish if text else None, min_english=text.min_english if text else None,
            occupation_code=code, municipality_code=org.municipality_code,
            positions=len(hires) + rng.choice([0, 0, 1]), status=NeedStatus.FILLED, published_at=published,
            closed_at=min(now - timedelta(hours=1), max(h[2] for h in hires) + timedelta(days=rng.randint(1, 7))),
            start_date=min(h[0].arrival_date for h in hires), created_at=published, updated_at=published,
        )
        db.session.add(need)
        db.session.flush()
        for profile, me, hired in hires:
            asked = max(published, hired - timedelta(days=rng.randint(3, 20)))
            if rng.random() < 0.5:
                db.session.add(Interest(need_id=need.id, profile_id=profile.id, member_id=me.id,
                                        created_at=max(published, asked - timedelta(days=rng.randint(1, 7)))))
            db.session.add(ContactRequest(need_id=need.id, profile_id=profile.id, member_id=me.id,
                                          requested_by_id=owner, status=ContactStatus.ACCEPTED, created_at=asked,
                                          answered_at=min(hired, asked + timedelta(days=rng.randint(0, 4)))))
            db.session.add(Hire(need_id=need.id, profile_id=profile.id, member_id=me.id,
                                start_date=profile.arrival_date, recorded_by_id=owner, created_at=hired))
        _other_candidates(rng, need, owner, {h[0].id for h in hires}, households)
    db.session.flush()


def _other_candidates(rng: random.Random, need: CompetenceNeed, owner: int | None, hired: set[int],
                      households: list[Household]) -> None:
    """The employer also talked to others while the need was open: some accepted contact and were not chosen,
    some declined, some only showed interest."""
    registered = [p for p in households if p.id not in hired and p.created_at.replace(
        tzinfo=p.created_at.tzinfo or UTC) < need.published_at]
    for profile in rng.sample(registered, k=min(len(registered), rng.randint(1, 4))):
        at = need.published_at + (need.closed_at - need.published_at) * rng.random()
        if rng.random() < 0.3:
            db.session.add(Interest(need_id=need.id, profile_id=profile.id, member_id=profile.me.id, created_at=at))
            continue
        db.session.add(ContactRequest(
            need_id=need.id, profile_id=profile.id, member_id=profile.me.id, requested_by_id=owner, created_at=at,
            status=ContactStatus.ACCEPTED if rng.random() < 0.6 else ContactStatus.DECLINED,
            answered_at=min(need.closed_at, at + timedelta(days=rng.randint(0, 5)))))

