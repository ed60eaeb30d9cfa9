"""``flask seed demo``: one login per role and a believable population to try Landa with.

Deterministic (fixed seeds) and idempotent: a second run finds the demo marker and only
prints the logins again. Refused in production.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

import click
from faker import Faker
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from stdnum import luhn
from stdnum.se import orgnr

from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.auth.passwords import hash_password
from app.catalogue.models import Municipality, Occupation
from app.catalogue.services import load_reference_data
from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    ContactRequest,
    ContactStatus,
    EmploymentType,
    Interest,
    NeedStatus,
    Organisation,
    OrganisationKind,
    OrganisationMember,
)
from app.extensions import db
from app.insights.outcomes import refresh_outcomes
from app.models import today as local_today
from app.models import utcnow
from app.reception import followups, inbox
from app.reception.models import (
    Case,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CaseStatus,
    CaseTask,
    ClosingReason,
    FollowUpStatus,
    Housing,
    InboxKind,
    PartnerWork,
    Referral,
)
from app.seed import demo_attraction, demo_history
from app.seed.demo_needs import NEEDS, NeedText
from app.talent.models import (
    CONSENT_VERSIONS,
    Citizenship,
    Consent,
    ConsentKind,
    Education,
    Household,
    HouseholdMember,
    HouseholdStatus,
    LanguageLevel,
    MemberLanguage,
    MemberOccupation,
    Moving,
    MunicipalityPreference,
    Relation,
    Skill,
)
from app.talent.plan import ResidenceBasis
from app.talent.services import normalise_skill, refresh_plan

DEMO_PASSWORD = "landa-demo-2026"  # noqa: S105  # nosec B105  # demo logins only: documented, refused in production
DEMO_DOMAIN = "demo.landa.se"
SUNDSVALL = "2281"
POPULATION = 240
LOGINS = [
    (Role.NEWCOMER, f"newcomer@{DEMO_DOMAIN}", "Priya Raman"),
    (Role.EMPLOYER, f"employer@{DEMO_DOMAIN}", "Karin Lindqvist"),
    (Role.OFFICER, f"officer@{DEMO_DOMAIN}", "Anders Sjölund"),
    (Role.COORDINATOR, f"coordinator@{DEMO_DOMAIN}", "Maria Nordin"),
    (Role.ADMIN, f"admin@{DEMO_DOMAIN}", "Johan Berglund"),
]
# Where newcomers come from: Faker locale, ISO country, citizenship, home language.
ORIGINS = [
    ("en_IN", "IN", Citizenship.OTHER, "ta"),
    ("en_IN", "IN", Citizenship.OTHER, "hi"),
    ("pt_BR", "BR", Citizenship.OTHER, "pt"),
    ("uk_UA", "UA", Citizenship.OTHER, "uk"),
    ("en_PH", "PH", Citizenship.OTHER, "tl"),
    ("tr_TR", "TR", Citizenship.OTHER, "tr"),
    ("pl_PL", "PL", Citizenship.EU_EEA, "pl"),
    ("es_ES", "ES", Citizenship.EU_EEA, "es"),
    ("de_DE", "DE", Citizenship.EU_EEA, "de"),
    ("it_IT", "IT", Citizenship.EU_EEA, "it"),
    ("fi_FI", "FI", Citizenship.NORDIC, "fi"),
    ("no_NO", "NO", Citizenship.NORDIC, "nb"),
]
# Occupations the region's new industries are hiring for (SSYK 2012).
DEMAND = ["2512", "2141", "2142", "2143", "3113", "3115", "7233", "7411", "7412", "2221", "2222",
          "2341", "2342", "2211", "3119", "8111", "2144", "2516", "3511", "7231"]
EMPLOYERS = [
    ("SCA Ortviken", "5560012345", "2281", ["7233", "7411", "3113"]),
    ("Holmen Iggesund Paperboard", "5560005459", "2184", ["7233", "3115", "8111"]),
    ("Liquid Wind Örnsköldsvik", "5591234560", "2284", ["2141", "2142", "3113", "7411"]),
    ("Sundsvall Energi", "5565544332", "2281", ["2143", "7411", "3511"]),
    ("Mid Sweden Games", "5592345678", "2281", ["2512", "2516"]),
    ("Region Västernorrland", "2321000206", "2280", ["2221", "2222"]),
    ("Härnösands kommun", "2120002429", "2280", ["2341", "2342"]),
    ("Kramfors Mekaniska", "5561239876", "2282", ["7231", "7233"]),
    ("Sollefteå Vårdcentral", "5569876541", "2283", ["2221", "2211"]),
    ("Ånge Vindkraftservice", "5566667777", "2260", ["7411", "7233", "3119"]),
    ("Timrå Batteriteknik", "5567778881", "2262", ["2143", "3115", "8111"]),
]


def _either(text: NeedText | None, name: str, drawn):
    return getattr(text, name) if text else drawn


def _org_number(raw: str) -> str:
    """A valid organisation number from the first nine digits (the tenth is the Luhn check digit)."""
    return orgnr.format(raw[:9] + luhn.calc_check_digit(raw[:9]))


def register_demo_command(group: AppGroup) -> None:
    group.add_command(seed_demo)


@click.command("demo")
@with_appcontext
def seed_demo() -> None:
    """Create demo logins and a believable population (idempotent)."""
    if current_app.config["LANDA_ENV"] == "production":
        raise click.ClickException("demo data is not created in production")
    if db.session.scalar(select(func.count()).select_from(Municipality)) == 0:
        load_reference_data(db.session)
    if db.session.scalar(select(User).where(User.email == LOGINS[0][1])) is None:
        counts = build_population(seed=2026)
        refresh_outcomes()  # the insights' summary of every household, so the pages show the history
        click.echo("Created " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")
    else:
        for _role, email, _name in LOGINS:  # a rerun restores the documented demo password
            user = db.session.scalar(select(User).where(User.email == email))
            if user is not None:
                user.password_hash = hash_password(DEMO_PASSWORD)
                user.active = True
        click.echo("Demo data already present.")
    db.session.commit()
    for role, email, _name in LOGINS:
        click.echo(f"{role.value} {email} {DEMO_PASSWORD}")


def build_population(seed: int) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311  # nosec B311  # seeded, reproducible demo data, not secrets
    Faker.seed(seed)
    fake_sv = Faker("sv_SE")
    today = local_today()
    codes = [m.code for m in db.session.scalars(select(Municipality).order_by(Municipality.code))]
    known = set(db.session.scalars(select(Occupation.code).where(Occupation.code.in_(DEMAND))))
    demand = [c for c in DEMAND if c in known]
    skill_rng = random.Random(seed + 1)  # noqa: S311  # nosec B311  # its own stream: the rest stays as it was
    skills: dict[str, Skill] = {s.slug: s for s in db.session.scalars(select(Skill))}  # any made before
    login_hash = hash_password(DEMO_PASSWORD)
    population_hash = hash_password(fake_sv.password(length=24))  # population accounts cannot sign in

    logins = {}
    for role, email, name in LOGINS:
        user = User(email=email, password_hash=login_hash, full_name=name, role=role, locale="sv",
                    municipality_code=SUNDSVALL if role == Role.OFFICER else None)
        db.session.add(user)
        logins[role] = user
    officers = {SUNDSVALL: [logins[Role.OFFICER]]}
    for code in codes:  # one more officer in every municipality
        officer = User(email=f"lots.{code}@{DEMO_DOMAIN}", password_hash=population_hash,
                       full_name=fake_sv.name(), role=Role.OFFICER, municipality_code=code)
        db.session.add(officer)
        officers.setdefault(code, []).append(officer)

    # Employers with competence needs.
    orgs = []
    owner_user = logins[Role.EMPLOYER]
    for i, (name, number, code, occupations) in enumerate(EMPLOYERS):
        org = Organisation(
            name=name, org_number=_org_number(number), kind=OrganisationKind.EMPLOYER,
            status=ApprovalStatus.PENDING if i == len(EMPLOYERS) - 1 else ApprovalStatus.APPROVED,
            municipality_code=code,
        )
        db.session.add(org)
        if i == 0:
            owner = owner_user
        else:
            owner = User(email=f"hr{i}@{DEMO_DOMAIN}", password_hash=population_hash, full_name=fake_sv.name(),
                         role=Role.EMPLOYER)
            db.session.add(owner)
        org.members.append(OrganisationMember(user=owner, is_owner=True))
        org.municipalities = [db.session.get(Municipality, code)]
        org.contact_name, org.contact_email = owner.full_name, owner.email
        for occupation in occupations:
            if occupation not in known:
                continue
            label = db.session.get(Occupation, occupation).label_sv
            status = rng.choice([NeedStatus.OPEN] * 4 + [NeedStatus.DRAFT, NeedStatus.FILLED])
            if org.status != ApprovalStatus.APPROVED:
                status = NeedStatus.DRAFT
            salary = rng.randrange(32000, 62000, 500)
            text = NEEDS.get(occupation)
            org.needs.append(CompetenceNeed(
                title=text.title_sv if text else label.split(" m.fl.")[0].split(",")[0],
                title_en=text.title_en if text else None,
                description=text.description_sv if text else "",
                description_en=text.description_en if text else None,
                required_skills=list(text.required) if text else [],
                nice_skills=list(text.nice) if text else [],
                occupation_code=occupation,
                municipality_code=code,
                positions=rng.choice([1, 1, 2, 3, 5, 10, 40]),
                status=status,
                start_date=(start := today + timedelta(days=rng.randrange(30, 240))),
                expires_on=start + timedelta(days=rng.randrange(20, 120)),
                employment_type=rng.choice(list(EmploymentType)[:3]),
                # Drawn either way, so that the rest of the population stays as it was.
                min_swedish=_either(text, "min_swedish", rng.choice([None, "A2", "B1"])),
                min_english=_either(text, "min_english", rng.choice(["B1", "B2"])),
                relocation_support=rng.sample(["housing", "partner_career", "relocation_package",
                                               "swedish_lessons"], rng.randrange(0, 4)),
                published_at=utcnow() if status != NeedStatus.DRAFT else None,
                salary_min=salary,
                salary_max=salary + rng.randrange(0, 12000, 500),
            ))
        orgs.append(org)

    # Newcomers and their households; most have a case with their destination municipality.
    statuses = list(CaseStatus)
    profiles = 0
    cases = 0
    partners: list[HouseholdMember] = []
    fakers: dict[str, Faker] = {}
    for i in range(POPULATION):
        locale, country, citizenship, language = ORIGINS[i % len(ORIGINS)] if i else ORIGINS[0]
        fake = fakers.setdefault(locale, Faker(locale))
        if i == 0:
            user = logins[Role.NEWCOMER]
        else:
            first, last = fake.first_name(), fake.last_name()
            user = User(email=f"newcomer{i}@{DEMO_DOMAIN}", password_hash=population_hash,
                        full_name=f"{first} {last}", role=Role.NEWCOMER, locale=rng.choice(["en", "en", "sv"]))
            db.session.add(user)
        # Sundsvall, the largest town, receives about a third of the households.
        destination = "2284" if i == 0 else SUNDSVALL if rng.random() < 0.35 else rng.choice(codes)
        status = HouseholdStatus.HAS_OFFER if i == 0 else rng.choice(list(HouseholdStatus))
        arrival = today + timedelta(days=rng.randrange(-300, 180))
        if status == HouseholdStatus.ARRIVED:
            arrival = today - timedelta(days=rng.randrange(1, 330))
        elif status in (HouseholdStatus.ARRIVING, HouseholdStatus.HAS_OFFER):
            arrival = today + timedelta(days=rng.randrange(14, 180))
        profile = Household(
            user=user, citizenship=citizenship, current_country=country,
            current_city="Chennai" if i == 0 else fake.city(), status=status,
            education=Education.MASTER if i == 0 else rng.choice(list(Education)[1:]),
            years_experience=rng.randrange(2, 25), destination_code=destination,
            arrival_date=None if status == HouseholdStatus.EXPLORING else arrival,
            job_start_date=None if status == HouseholdStatus.EXPLORING else arrival + timedelta(days=14),
            completed_steps=["about", "languages", "work", "places", "move", "household"],
            # Most confirmed lately; about one in five has gone quiet and is paused from employer lists.
            confirmed_at=utcnow() - timedelta(days=rng.randrange(0, 75) if rng.random() < 0.8 else 120),
        )
        profile.preferences = [MunicipalityPreference(municipality_code=destination, rank=1)]
        swedish = LanguageLevel.B1 if citizenship == Citizenship.NORDIC else rng.choice([None, LanguageLevel.A1])
        me = _person(
            Relation.SELF, user.full_name.split()[0], today.year - (36 if i == 0 else rng.randrange(25, 55)), language,
            ["2142"] if i == 0 else [rng.choice(demand)], swedish, LanguageLevel.C1,
        )
        profile.members.append(me)
        profile.skills = _skills_for(me.occupations[0].occupation_code, skill_rng, skills)
        db.session.add(profile)
        profiles += 1
        if i == 0 or rng.random() < 0.65:
            partner = _person(Relation.PARTNER, "Arjun" if i == 0 else fake.first_name(),
                              today.year - (38 if i == 0 else rng.randrange(26, 50)), language,
                              ["2221"] if i == 0 else [rng.choice(demand)], None, LanguageLevel.B2)
            partner.seeking_work = True
            partner.email = "arjun@example.se" if i == 0 else f"partner{i}@example.se"
            partners.append(partner)
            partner.moving = Moving.NOW if i == 0 or rng.random() < 0.8 else Moving.LATER
            if partner.moving == Moving.LATER:
                partner.follows_on = arrival + timedelta(days=rng.randrange(30, 150))
            profile.members.append(partner)
        children = [("Amal", 3), ("Meera", 9)] if i == 0 else [
            (fake.first_name(), rng.randrange(0, 18)) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
        for name, age in children:
            profile.members.append(HouseholdMember(
                relation=Relation.CHILD, first_name=name, birth_year=today.year - age,
                home_language=language, moving=Moving.NOW,
            ))
        _say_bases(profile, country)
        if i != 0 and rng.random() < 0.25:
            continue  # exploring on their own, no case yet
        status_ix = 1 if i == 0 else rng.randrange(len(statuses))
        case_status = statuses[status_ix]
        # Keep the story straight: before arrival the date lies ahead, from arrival on it has passed.
        if status_ix >= statuses.index(CaseStatus.ARRIVED) and i != 0:
            profile.status = HouseholdStatus.ARRIVED
            profile.arrival_date = today - timedelta(days=rng.randrange(7, 60) * (status_ix - 2))
            profile.job_start_date = profile.arrival_date + timedelta(days=14)
        elif profile.arrival_date is not None and profile.arrival_date < today:
            profile.status = HouseholdStatus.ARRIVING
            profile.arrival_date = today + timedelta(days=rng.randrange(14, 180))
            profile.job_start_date = profile.arrival_date + timedelta(days=14)
        officer = rng.choice(officers[destination]) if case_status != CaseStatus.NEW else None
        case = Case(
            profile=profile, municipality_code=destination, status=case_status,
            closing_reason=rng.choice(list(ClosingReason)) if case_status == CaseStatus.CLOSED else None,
            assigned_officer=officer, expected_arrival=profile.arrival_date,
            opened_at=utcnow() - timedelta(days=rng.randrange(status_ix * 20 + 1, status_ix * 40 + 30)),
        )
        previous = None
        for step in statuses[: status_ix + 1]:
            case.events.append(CaseEvent(actor=officer, from_status=previous, to_status=step,
                                         at=case.opened_at + timedelta(days=statuses.index(step) * 12)))
            previous = step
        db.session.add(case)
        # A case opened online means the household let the municipality contact them.
        profile.consents = [Consent(kind=ConsentKind.OFFICER_CONTACT, granted=True,
                                    text_version=CONSENT_VERSIONS[ConsentKind.OFFICER_CONTACT],
                                    recorded_at=case.opened_at)]
        if rng.random() < 0.7:
            profile.consents.append(Consent(kind=ConsentKind.MATCHING, granted=True,
                                            text_version=CONSENT_VERSIONS[ConsentKind.MATCHING],
                                            recorded_at=case.opened_at))
        if rng.random() < 0.75:
            profile.consents.append(Consent(kind=ConsentKind.FOLLOW_UP, granted=True,
                                            text_version=CONSENT_VERSIONS[ConsentKind.FOLLOW_UP],
                                            recorded_at=case.opened_at))
        cases += 1
    db.session.flush()
    # Every other partner looking for work said yes on their own page (Arjun did): employers find them too.
    for partner in partners[::2]:
        partner.link_key = secrets.token_urlsafe(18)  # the link they were sent (the outbox holds no demo mail)
        db.session.add(Consent(profile_id=partner.profile_id, member_id=partner.id, kind=ConsentKind.MATCHING,
                               granted=True, text_version=CONSENT_VERSIONS[ConsentKind.MATCHING]))
    db.session.flush()
    _reception_work(rng, today)
    for profile in db.session.scalars(select(Household)):
        refresh_plan(profile, today)
    _interest_and_contacts(rng, orgs, logins[Role.NEWCOMER], logins[Role.EMPLOYER])
    _demo_household_trail(logins[Role.NEWCOMER])
    demo_attraction.seed_pages()
    demo_attraction.seed_events(today)
    leads = demo_attraction.seed_leads()
    earlier = demo_history.seed_history(today, origins=ORIGINS, person=_person, say_bases=_say_bases,
                                        password_hash=population_hash, demand=demand)
    return {"organisations": len(orgs), "newcomers": profiles + earlier, "cases": cases + earlier, "leads": leads}


def _reception_work(rng: random.Random, today) -> None:
    """What officers have done on the cases: follow-ups past and planned, tasks, notes, referrals and
    messages, so the workspace and the overview look like a working week."""
    tasks = ["Boka välkomstsamtal", "Skicka information om förskoleplats", "Följ upp bostadskön",
             "Kontakta arbetsgivaren om startdatum", "Boka tolk till mötet", "Ring om SFI-start"]
    notes = ["Ringde hushållet, de vill ha hjälp med förskola och bostad.",
             "Partnern söker jobb inom vården; tipsade om validering.",
             "Har fått lägenhet via bostadsbolaget från den första i månaden."]
    referrals = ["sfi", "preschool_application", "employment_service", "dual_career", "housing_queue"]
    for case in db.session.scalars(select(Case).order_by(Case.id)):
        followups.schedule(case)
        for follow_up in case.follow_ups:
            if follow_up.due_on < today and follow_up.status == FollowUpStatus.SCHEDULED:
                answered = rng.random() < 0.7
                follow_up.status = FollowUpStatus.ANSWERED if answered else FollowUpStatus.MISSED
                follow_up.sent_at = utcnow() - timedelta(days=(today - follow_up.due_on).days)
                if answered:
                    follow_up.answered_at = follow_up.sent_at + timedelta(days=rng.randrange(0, 5))
                    follow_up.settled = rng.choice([2, 3, 4, 4, 5, 5])
                    follow_up.housing = rng.choice([Housing.PERMANENT, Housing.PERMANENT, Housing.TEMPORARY])
                    follow_up.partner_work = rng.choice(list(PartnerWork))
                    follow_up.trouble = follow_up.settled <= 2
        db.session.flush()
        for follow_up in case.follow_ups:  # what the jobs would have left for the officer
            if follow_up.status == FollowUpStatus.MISSED or follow_up.trouble:
                followups.officer_task(case, "no_answer" if follow_up.status == FollowUpStatus.MISSED else "trouble",
                                       follow_up)
        if case.status == CaseStatus.CLOSED:
            continue
        officer_id = case.assigned_officer.id if case.assigned_officer else None
        for _ in range(rng.choice([0, 1, 1, 2])):
            case.tasks.append(CaseTask(title=rng.choice(tasks), due_on=today + timedelta(days=rng.randrange(-10, 21)),
                                       assignee_id=officer_id, created_by_id=officer_id))
        demo_login = case.profile.user.email == LOGINS[0][1]  # the newcomer login sees a message too
        if case.assigned_officer and (rng.random() < 0.6 or demo_login):
            case.notes.append(CaseNote(author_id=officer_id, body=rng.choice(notes)))
            case.messages.append(CaseMessage(
                from_household=False, author_id=officer_id,
                body="Välkommen! Jag är din inflyttarlots. Hör av dig om du har frågor om flytten.\n\n"
                     "Welcome! I am your reception officer. Get in touch if you have questions about the move."))
        if case.status != CaseStatus.NEW and rng.random() < 0.5:
            case.referrals.append(Referral(service_key=rng.choice(referrals), created_by_id=officer_id))
    db.session.flush()
    _inbox(today)


def _inbox(today) -> None:
    """What reception has not seen yet: some households answered the welcome message (half of those answers
    are unread), the cases nobody has opened, worrying follow-up answers of the last month and today's tasks.
    Its own random numbers, so the rest of the demo stays as it was."""
    rng = random.Random(2026)  # noqa: S311  # demo data, not secrets
    replies = ["Tack! Vi undrar hur vi ställer oss i bostadskön innan vi flyttar.",
               "Thank you! When can our daughter start preschool after we arrive?",
               "Tack för hjälpen. Min partner vill gärna veta mer om SFI."]
    cases = db.session.scalars(select(Case).where(Case.status != CaseStatus.CLOSED).order_by(Case.id)
                               .options(selectinload(Case.messages), selectinload(Case.follow_ups),
                                        selectinload(Case.profile).joinedload(Household.user))).all()
    officer_login = db.session.scalar(select(User.id).where(User.email == LOGINS[2][1]))
    answered_officer_login = False  # the officer login has one unread answer (the browser story opens it)
    for case in cases:
        if case.status == CaseStatus.NEW:
            inbox.note(case, InboxKind.NEW_CASE, case.id)
        welcomed = any(not m.from_household for m in case.messages)
        theirs = case.assigned_officer_id == officer_login and not answered_officer_login
        if welcomed and case.profile.user.email != LOGINS[0][1] and (theirs or rng.random() < 0.4):
            message = CaseMessage(from_household=True, author_id=case.profile.user_id, body=rng.choice(replies),
                                  created_at=utcnow() - timedelta(hours=rng.randrange(1, 72)))
            unread = rng.random() < 0.5 or theirs
            answered_officer_login = answered_officer_login or theirs
            message.read_at = None if unread else message.created_at + timedelta(hours=2)
            case.messages.append(message)
            db.session.flush()
            if unread:
                inbox.note(case, InboxKind.REPLY, message.id)
        for follow_up in case.follow_ups:
            if follow_up.trouble and follow_up.answered_at and follow_up.answered_at > utcnow() - timedelta(days=30):
                inbox.note(case, InboxKind.WORRY, follow_up.id)
    inbox.note_tasks_due(today)


def _demo_household_trail(newcomer: User) -> None:
    """The audit entries the demo household's work would have left, so its "who has seen my data" page
    tells the story: the case opened online, its officer reading it and moving it on. (The population's
    other households have none; nobody signs in as them.)"""
    case = db.session.scalar(select(Case).join(Household).where(Household.user_id == newcomer.id))
    officer = case.assigned_officer
    entries = [AuditEntry(actor=newcomer, action="opened", at=case.opened_at, detail={
        "source": case.source.value, "municipality": case.municipality_code})]
    for event in case.events:
        if event.from_status is None:
            continue
        entries += [
            AuditEntry(actor=officer, action="view", at=event.at - timedelta(minutes=20), detail={}),
            AuditEntry(actor=officer, action="status", at=event.at, detail={
                "before": event.from_status.value, "after": event.to_status.value}),
        ]
    entries.append(AuditEntry(actor=officer, action="view", at=utcnow() - timedelta(days=2), detail={}))
    for entry in entries:
        entry.object_type, entry.object_id, entry.profile_id = "case", case.id, case.profile_id
    db.session.add_all(entries)


def _interest_and_contacts(rng: random.Random, orgs: list[Organisation], newcomer: User, employer: User) -> None:
    """Interest in open needs, with a contact accepted and one waiting, so every role has something to do."""
    open_needs = [n for org in orgs for n in org.needs if n.status == NeedStatus.OPEN]
    profiles = db.session.scalars(select(Household).order_by(Household.id)
                                  .options(selectinload(Household.members))).all()
    demo_profile = next(p for p in profiles if p.user_id == newcomer.id)
    for need in open_needs:
        for profile in rng.sample(profiles[1:], 4):
            db.session.add(Interest(need_id=need.id, profile_id=profile.id, member_id=profile.me.id))
    db.session.flush()
    # The demo employer's first open need: one candidate accepted contact, one has not answered yet.
    first = next((n for n in open_needs if any(m.user_id == employer.id for m in n.organisation.members)), None)
    if first is not None:
        interested = db.session.scalars(select(Interest).where(Interest.need_id == first.id)
                                        .order_by(Interest.id)).all()
        for interest, status in zip(interested, (ContactStatus.ACCEPTED, ContactStatus.PENDING), strict=False):
            db.session.add(ContactRequest(need_id=first.id, profile_id=interest.profile_id,
                                          member_id=interest.member_id, requested_by_id=employer.id, status=status,
                                          answered_at=utcnow() if status == ContactStatus.ACCEPTED else None))
    # The demo newcomer, an engineer, is asked for contact about an engineering need.
    engineering = next((n for n in open_needs if n.occupation_code.startswith("214")), None)
    if engineering is not None:
        db.session.add(Interest(need_id=engineering.id, profile_id=demo_profile.id, member_id=demo_profile.me.id))
        db.session.add(ContactRequest(need_id=engineering.id, profile_id=demo_profile.id, member_id=demo_profile.me.id,
                                      message="Vi söker ingenjörer till vår nya anläggning. / "
                                              "We are hiring engineers for our new plant."))
    db.session.flush()


def _skills_for(occupation: str, rng: random.Random, known: dict[str, Skill]) -> list[Skill]:
    """Most of what employers ask of the occupation: some newcomers have it all, some lack a skill."""
    text = NEEDS.get(occupation)
    labels = [label for label in (text.required + text.nice if text else ()) if rng.random() < 0.75]
    found = []
    for label in labels:
        slug = normalise_skill(label)
        if slug not in known:
            known[slug] = Skill(slug=slug, label=label)
        found.append(known[slug])
    return found


# Every way of coming has households in the demo: those from Ukraine have temporary protection, those from Turkey
# come to do research, those from the Philippines are Swedish citizens coming home with their family, and a
# Brazilian still exploring comes to study; the rest as their citizenship suggests (a work permit and the
# family's permits, an EU citizen's right of residence, a Nordic citizen's registration).
DEMO_BASES = {"UA": ResidenceBasis.TEMPORARY_PROTECTION, "TR": ResidenceBasis.RESEARCHER,
              "PH": ResidenceBasis.SWEDISH}


def _say_bases(profile: Household, country: str) -> None:
    basis = DEMO_BASES.get(country)
    if country == "BR" and profile.status == HouseholdStatus.EXPLORING:
        basis = ResidenceBasis.STUDENT
    for member in profile.members:
        if member.relation == Relation.SELF or basis == ResidenceBasis.TEMPORARY_PROTECTION:
            member.residence_basis = basis


def _person(relation: Relation, name: str, birth_year: int, home_language: str, occupations: list[str],
            swedish: LanguageLevel | None, english: LanguageLevel) -> HouseholdMember:
    member = HouseholdMember(relation=relation, first_name=name, birth_year=birth_year, home_language=home_language,
                             moving=Moving.NOW)
    member.occupations = [MemberOccupation(occupation_code=code, position=n) for n, code in enumerate(occupations)]
    member.languages = [MemberLanguage(language="en", level=english)]
    if swedish is not None:
        member.languages.append(MemberLanguage(language="sv", level=swedish))
    member.languages.append(MemberLanguage(language=home_language, level=LanguageLevel.NATIVE))
    return member
