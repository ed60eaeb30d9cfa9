"""``flask seed synthetic``: a large, deterministic, plausible population for measuring matching and the
region's insights.

Newcomers and needs are drawn from the same skewed occupation mix (most people in a few hundred unit
groups, as in a real region), with skills from their occupation's major group, CEFR levels, ranked
municipalities, dates and consents. Rows are written with bulk inserts, a chunk per transaction.
Synthetic users have e-mails at ``@synthetic.landa.invalid`` and a password nobody knows.

History over the project period (``LANDA_PROJECT_START`` until today): households register on days spread over
it, with a gender (some "prefer not to say", some never asked) and years of birth, partners and children;
their cases open after they register and move on through first contact, planning and arrival with the dates
of each step (``CaseEvent``), referrals to services, the population register's plan step done after arrival,
follow-ups answered on their day (some worrying, some never answered) and some cases closed because the
household left the region. With ``--cases`` (exactly that many cases) employers have also posted needs over
the period that were filled or closed (``published_at``/``closed_at``), with interest, contact requests and
the hires that filled them.
"""

from __future__ import annotations

import random
import secrets
from datetime import UTC, date, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, func, insert, select, update

from app.auth.models import Role, User
from app.auth.passwords import hash_password
from app.catalogue.models import HousingContact, IndustryNetwork, Municipality, Occupation, Service
from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    ContactRequest,
    ContactStatus,
    Hire,
    Interest,
    NeedStatus,
    Organisation,
    organisation_network,
)
from app.extensions import db
from app.insights.outcomes import refresh_outcomes_job
from app.matching.cards import refresh_cards
from app.matching.models import MatchingVersion
from app.models import today, utcnow
from app.reception.models import (
    Case,
    CaseEvent,
    CaseMessage,
    CaseSource,
    CaseStatus,
    CaseTask,
    ClosingReason,
    FollowUp,
    FollowUpStatus,
    Housing,
    PartnerWork,
    Referral,
    ReferralStatus,
)
from app.talent.models import (
    CONSENT_VERSIONS,
    Citizenship,
    Consent,
    ConsentKind,
    Gender,
    Household,
    HouseholdMember,
    LanguageLevel,
    MemberLanguage,
    MemberOccupation,
    Moving,
    MunicipalityPreference,
    PlanStep,
    Relation,
    Skill,
    StepStatus,
    profile_skill,
)
from app.talent.services import normalise_skill

DOMAIN = "synthetic.landa.invalid"
CHUNK = 5000
SKILLS_BY_MAJOR_GROUP = {
    "1": ["budgeting", "leadership", "procurement", "change management", "lean"],
    "2": ["python", "autocad", "matlab", "project management", "process design", "data analysis", "sap",
          "electrical design", "chemistry lab", "patient care", "teaching", "c++"],
    "3": ["plc programming", "quality control", "laboratory work", "iso 9001", "maintenance planning",
          "scada", "technical drawing", "first aid"],
    "4": ["excel", "bookkeeping", "customer service", "logistics planning"],
    "5": ["elderly care", "childcare", "cooking", "cleaning", "security guard", "first aid"],
    "6": ["forestry machines", "animal care", "chainsaw"],
    "7": ["welding", "hydraulics", "pneumatics", "electrical installation", "plc programming",
          "preventive maintenance", "lathe", "cnc", "pipe fitting", "scaffolding"],
    "8": ["forklift", "crane", "truck licence ce", "process operation", "cnc", "packaging", "paper machine"],
    "9": ["cleaning", "warehouse", "forklift", "kitchen"],
    "0": ["leadership", "first aid"],
}
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]


@click.command("synthetic")
@click.option("--talents", type=click.IntRange(0, 1_000_000), default=1000, show_default=True)
@click.option("--needs", type=click.IntRange(0, 100_000), default=100, show_default=True)
@click.option("--cases", type=click.IntRange(0, 1_000_000), default=None,
              help="Exactly this many reception cases (at most one per newcomer), and needs posted and filled "
                   "over the project period. Default: about 55 % of the newcomers, and open needs only.")
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--replace", is_flag=True, help="Remove earlier synthetic data first.")
@with_appcontext
def seed_synthetic(talents: int, needs: int, cases: int | None, seed: int, replace: bool) -> None:
    """Add synthetic newcomers and open needs (for benchmarks; not for production)."""
    if current_app.config["LANDA_ENV"] == "production":
        raise click.ClickException("synthetic data is not created in production")
    if replace:
        remove_synthetic()
    counts = build_synthetic(talents, needs, seed, progress=click.echo, cases=cases)
    click.echo(f"Created {counts['talents']} newcomers, {counts['cases']} cases, {counts['needs']} open needs, "
               f"{counts['past_needs']} needs posted over the period and {counts['hires']} hires.")
    # The funnel counts outcome rows the insights-outcomes job rebuilds: rebuilt now, not in up to 15 minutes.
    click.echo(f"Counted the outcomes of {refresh_outcomes_job()} households for the insights.")


def remove_synthetic() -> None:
    users = select(User.id).where(User.email.like(f"%@{DOMAIN}"))
    orgs = select(Organisation.id).where(Organisation.contact_email == f"hr@{DOMAIN}")
    db.session.execute(delete(CompetenceNeed).where(CompetenceNeed.organisation_id.in_(orgs)))
    db.session.execute(delete(Organisation).where(Organisation.id.in_(orgs)))
    db.session.execute(delete(Household).where(Household.user_id.in_(users)))  # cascades
    db.session.execute(delete(User).where(User.id.in_(users)))
    _needs_changed()
    db.session.commit()


def _insert(model):
    """A bulk insert that sends None as NULL: every row then has the same columns and the rows go to the
    database in a few batches, not one batch per pattern of empty fields (the ORM's default)."""
    return insert(model).execution_options(render_nulls=True)


def _needs_changed() -> None:
    """Bulk writes bypass the session hook that moves the needs' version on (``app.matching.cards``)."""
    db.session.execute(update(MatchingVersion).values(needs=MatchingVersion.needs + 1))


def build_synthetic(talents: int, needs: int, seed: int, progress=None, cases: int | None = None) -> dict[str, int]:
    """``cases`` None: about ``CASE_SHARE`` of the households have a case, and the needs are open ones only (as
    the matching benchmarks have always measured); a number: exactly that many cases (at most one per
    household), and needs posted and filled over the project period besides the open ones."""
    rng = random.Random(seed)  # noqa: S311  # nosec B311  # seeded, reproducible synthetic data, not secrets
    occupations = _occupation_mix(rng)
    places = list(db.session.scalars(select(Municipality.code).order_by(Municipality.code)))
    skills = _skill_ids()
    start = db.session.scalar(select(func.count()).select_from(User).where(User.email.like(f"%@{DOMAIN}")))
    password = hash_password(secrets.token_urlsafe(24))
    officers = _officers(places, password)
    period = _period()
    cases = None if cases is None else min(cases, talents)
    made: list[int] = []
    opened = 0
    for first in range(0, talents, CHUNK):
        last = min(talents, first + CHUNK)
        profile_ids = _talent_chunk(rng, range(start + first, start + last), occupations,
                                    places, skills, password, seed=seed, period=period)
        wanted = None if cases is None else round(cases * last / talents) - round(cases * first / talents)
        opened += _case_chunk(profile_ids, places, officers, wanted=wanted, period=period, stream=f"{seed}-{first}")
        db.session.commit()
        made += profile_ids
        if progress:
            progress(f"  {min(talents, first + CHUNK)}/{talents} newcomers")
    need_ids = _needs(rng, needs, occupations, places)
    past_needs: list[int] = []
    if cases is not None:
        past_needs = _past_needs(random.Random(f"past-needs-{seed}"), max(1, cases // 5) if cases else 0,  # noqa: S311
                                 occupations, places, period)
    hires = _hires(made, need_ids, past_needs, stream=f"{seed}-{start}")
    if past_needs:
        _interest_and_contacts(random.Random(f"contacts-{seed}"), made, past_needs)  # noqa: S311  # nosec B311
    db.session.commit()
    return {"talents": talents, "needs": needs, "hires": hires, "cases": opened, "past_needs": len(past_needs)}


def _period() -> tuple[datetime, datetime]:
    """From the project's first day until now (or its last day, when it has ended), as UTC times."""
    start = current_app.config.get("LANDA_PROJECT_START") or date(2024, 2, 1)
    end = current_app.config.get("LANDA_PROJECT_END") or date(2026, 12, 31)
    now = utcnow()
    first = datetime.combine(start, time(8), tzinfo=UTC)
    last = min(now, datetime.combine(end, time(17), tzinfo=UTC))
    return first, max(first + timedelta(days=1), last)


def _between(rng: random.Random, first: datetime, last: datetime) -> datetime:
    if last <= first:
        return first
    return first + timedelta(seconds=rng.randint(0, int((last - first).total_seconds())))


def _occupation_mix(rng: random.Random) -> tuple[list[str], list[float]]:
    """Every unit group, weighted so that a few hundred hold most people (Zipf-like), skewed to the
    region's industries (engineering, technicians, crafts, machine operators, care)."""
    codes = list(db.session.scalars(select(Occupation.code).order_by(Occupation.code)))
    rng.shuffle(codes)
    industry = {"2": 3.0, "3": 3.0, "7": 4.0, "8": 3.0, "5": 2.0}
    weights = [industry.get(code[0], 1.0) / (rank + 5) for rank, code in enumerate(codes)]
    return codes, weights


def _skill_ids() -> dict[str, int]:
    labels = sorted({label for group in SKILLS_BY_MAJOR_GROUP.values() for label in group})
    existing = dict(db.session.execute(select(Skill.slug, Skill.id)).all())
    missing = [{"slug": normalise_skill(label), "label": label} for label in labels
               if normalise_skill(label) not in existing]
    if missing:
        db.session.execute(insert(Skill), missing)
    return dict(db.session.execute(select(Skill.slug, Skill.id)).all())


def _level(rng: random.Random, weights: list[float]) -> str | None:
    return rng.choices([None, *LEVELS, "native"], weights=weights)[0]


GENDERS = ([Gender.WOMAN, Gender.MAN, Gender.ANOTHER, Gender.UNDISCLOSED, None], [44, 44, 1, 5, 6])


def _gender(rng: random.Random) -> Gender | None:
    return rng.choices(*GENDERS)[0]


def _talent_chunk(rng, numbers, occupations, places, skills, password, seed=0, period=None) -> list[int]:
    now, day = utcnow(), today()
    codes, weights = occupations
    # Registration days, genders and ages from their own stream: everything drawn from ``rng`` stays as it was.
    people = random.Random(f"people-{seed}-{numbers.start}")  # noqa: S311  # nosec B311  # synthetic
    first_day, last_day = period or (now, now)
    registered = sorted(_between(people, first_day, last_day) for _ in numbers)
    users = [{"email": f"newcomer{n}@{DOMAIN}", "password_hash": password, "full_name": f"Synthetic Newcomer {n}",
              "role": Role.NEWCOMER, "locale": rng.choice(["sv", "en"]), "created_at": at}
             for n, at in zip(numbers, registered, strict=True)]
    user_ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users).all()
    profiles = []
    for user_id, at in zip(user_ids, registered, strict=True):
        open_to_all = rng.random() < 0.15
        profiles.append({
            "user_id": user_id, "citizenship": rng.choices(list(Citizenship), weights=[1, 3, 6])[0],
            "open_to_all_municipalities": open_to_all, "years_experience": rng.randint(0, 30),
            "arrival_date": day + timedelta(days=rng.randint(-200, 300)) if rng.random() < 0.8 else None,
            "job_start_date": day + timedelta(days=rng.randint(0, 300)) if rng.random() < 0.3 else None,
            "confirmed_at": now - timedelta(days=rng.randint(0, 120)),
            "completed_steps": ["about", "languages", "work", "places", "move"],
            "created_at": at, "updated_at": at,
        })
    profile_ids = db.session.scalars(
        _insert(Household).returning(Household.id, sort_by_parameter_order=True), profiles).all()
    members = [{"profile_id": pid, "relation": Relation.SELF, "first_name": "Synthetic", "moving": Moving.NOW,
                "gender": _gender(people), "birth_year": day.year - round(people.triangular(19, 66, 31)),
                "created_at": profile["created_at"], "updated_at": profile["created_at"]}
               for pid, profile in zip(profile_ids, profiles, strict=True)]
    member_ids = db.session.scalars(
        _insert(HouseholdMember).returning(HouseholdMember.id, sort_by_parameter_order=True), members).all()
    jobs, languages, chosen, skill_rows, consents = [], [], [], [], []
    for pid, mid, profile in zip(profile_ids, member_ids, profiles, strict=True):
        mine = sorted(set(rng.choices(codes, weights=weights, k=rng.choice([1, 1, 1, 2, 3]))))
        jobs += [{"member_id": mid, "occupation_code": code, "position": i} for i, code in enumerate(mine)]
        english = _level(rng, [1, 1, 2, 4, 6, 5, 2, 2])
        swedish = _level(rng, [8, 4, 3, 2, 1, 1, 0.5, 0.3])
        languages += [{"member_id": mid, "language": code, "level": LanguageLevel(level)}
                      for code, level in (("en", english), ("sv", swedish)) if level]
        vocabulary = {normalise_skill(s) for code in mine for s in SKILLS_BY_MAJOR_GROUP[code[0]]}
        own = rng.sample(sorted(vocabulary), k=min(len(vocabulary), rng.randint(0, 5)))
        skill_rows += [{"profile_id": pid, "skill_id": skills[slug]} for slug in own]
        if rng.random() < 0.85:
            ranked = rng.sample(places, k=rng.randint(1, 3))
            chosen += [{"profile_id": pid, "municipality_code": code, "rank": r} for r, code in enumerate(ranked, 1)]
        if rng.random() < 0.8:
            consents.append({"profile_id": pid, "member_id": None, "kind": ConsentKind.MATCHING,
                             "granted": rng.random() < 0.95,
                             "text_version": CONSENT_VERSIONS[ConsentKind.MATCHING], "recorded_at": now})
        profile["id"] = pid
    jobs, languages, partner_consents = _partners(profile_ids, codes, weights, jobs, languages, now,
                                                  stream=f"{seed}-{numbers.start}")
    consents += partner_consents
    _children(people, members)
    for table, rows in ((MemberOccupation, jobs), (MemberLanguage, languages), (MunicipalityPreference, chosen)):
        if rows:
            db.session.execute(insert(table), rows)
    if skill_rows:
        db.session.execute(insert(profile_skill), skill_rows)
    if consents:
        db.session.execute(insert(Consent), consents)
    refresh_cards(db.session.connection(), profile_ids)  # bulk inserts bypass the session hook
    return list(profile_ids)


OFFICERS_PER_MUNICIPALITY = 4
CASE_SHARE = 0.55  # of the households: 100,000 newcomers make about 55,000 cases
FOLLOW_UP_DAYS = (14, 91, 182, 365)


def _officers(places: list[str], password: str) -> dict[str, list[int]]:
    """Reception officers of every municipality (made once; a later run finds them)."""
    wanted = [{"email": f"officer-{code}-{i}@{DOMAIN}", "password_hash": password, "role": Role.OFFICER,
               "full_name": f"Synthetic Officer {code}-{i}", "locale": "sv", "municipality_code": code,
               "email_confirmed_at": utcnow()}
              for code in places for i in range(OFFICERS_PER_MUNICIPALITY)]
    existing = set(db.session.scalars(select(User.email).where(User.email.in_([w["email"] for w in wanted]))))
    missing = [w for w in wanted if w["email"] not in existing]
    if missing:
        db.session.execute(insert(User), missing)
    officers: dict[str, list[int]] = {}
    for user_id, code in db.session.execute(select(User.id, User.municipality_code).where(
            User.email.in_([w["email"] for w in wanted])).order_by(User.id)):
        officers.setdefault(code, []).append(user_id)
    return officers


CLOSING_WEIGHTS = {ClosingReason.SETTLED: 45, ClosingReason.MOVED_IN_REGION: 10, ClosingReason.LEFT_REGION: 20,
                   ClosingReason.NO_RESPONSE: 25}
REFERRED_SERVICES = ("sfi", "preschool_application", "school_enrolment", "employment_service", "housing_queue",
                     "population_registration", "qualification_recognition", "dual_career")


def _case_chunk(profile_ids: list[int], places: list[str], officers: dict[str, list[int]], wanted: int | None = None,
                period: tuple[datetime, datetime] | None = None, stream: str = "") -> int:
    """Reception at regional volume: about half the households (or exactly ``wanted`` of this chunk) have a case
    with their first choice, opened after they registered and as far along as its age makes likely, with the date
    of each step (first contact, planning, arrival on the arrival day, settling, followed up, closed), tasks (some
    overdue), messages, referrals to services, the population register's step of the plan after arrival and the
    follow-ups after arrival (answered on their day, some worrying, some never). (Their own random stream, seeded
    by the chunk.) Returns how many cases were opened."""
    if not profile_ids:
        return 0
    rng = random.Random(f"cases-{stream}")  # noqa: S311  # nosec B311  # synthetic, not a secret
    now, day = utcnow(), today()
    first_choice = dict(db.session.execute(
        select(MunicipalityPreference.profile_id, MunicipalityPreference.municipality_code)
        .where(MunicipalityPreference.profile_id.in_(profile_ids), MunicipalityPreference.rank == 1)).all())
    registered = dict(db.session.execute(select(Household.id, Household.created_at)
                                         .where(Household.id.in_(profile_ids))).all())
    chosen = set(profile_ids) if wanted is None else set(rng.sample(profile_ids, min(wanted, len(profile_ids))))
    catalogue = _keys(Service)
    services = [key for key in REFERRED_SERVICES if key in catalogue]
    housing = sorted(_keys(HousingContact))
    statuses = list(CaseStatus)
    arrived_at = statuses.index(CaseStatus.ARRIVED)
    cases, plans = [], []
    for profile_id in profile_ids:
        if wanted is None:
            if rng.random() >= CASE_SHARE:
                continue
        elif profile_id not in chosen:
            continue
        code = first_choice.get(profile_id) or rng.choice(places)
        start = _aware(registered.get(profile_id)) or now - timedelta(days=rng.randint(0, 3 * 365))
        opened = min(now - timedelta(minutes=rng.randint(1, 600)),
                     start + timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 24 * 60)))
        age = (now - opened).days
        reach = min(len(statuses) - 1, rng.randint(0, 1 + age // 60))  # older cases have come further
        arrival = (opened + timedelta(days=rng.randint(20, 120))).date()
        if reach >= arrived_at and arrival > day:
            reach = arrived_at - 1  # not arrived before the arrival day
        times = _steps(rng, opened, arrival, reach, now)
        status = statuses[reach]
        reason = rng.choices(list(CLOSING_WEIGHTS), weights=list(CLOSING_WEIGHTS.values()))[0] \
            if status == CaseStatus.CLOSED else None
        cases.append({
            "profile_id": profile_id, "municipality_code": code, "status": status, "closing_reason": reason,
            "assigned_officer_id": rng.choice(officers[code]) if reach > 0 and officers.get(code) else None,
            "expected_arrival": arrival, "opened_at": opened, "source": rng.choice(list(CaseSource)),
            "closed_at": times[-1] if status == CaseStatus.CLOSED else None,
            "created_at": opened, "updated_at": times[-1],
        })
        plans.append((reach, opened, arrival, times))
    if not cases:
        return 0
    case_ids = db.session.scalars(_insert(Case).returning(Case.id, sort_by_parameter_order=True), cases).all()
    events, tasks, follow_ups, messages, referrals, steps = [], [], [], [], [], []
    for case_id, (reach, opened, arrival, times), case in zip(case_ids, plans, cases, strict=True):
        officer = case["assigned_officer_id"]
        closed = case["status"] == CaseStatus.CLOSED
        for step in range(reach + 1):
            events.append({"case_id": case_id, "actor_id": officer if step else None,
                           "from_status": statuses[step - 1] if step else None, "to_status": statuses[step],
                           "at": times[step]})
        for n in range(rng.randint(0, 3)):
            due = day + timedelta(days=rng.randint(-20, 40))
            done = closed or due < day - timedelta(days=10) or rng.random() < 0.3
            tasks.append({"case_id": case_id, "title": f"Synthetic task {n + 1}", "due_on": due,
                          "assignee_id": officer, "created_at": opened,
                          "done_at": now if done else None, "done_by_id": officer if done else None})
        for n in range(rng.randint(0, 3)):
            messages.append({"case_id": case_id, "from_household": n % 2 == 1, "author_id": None if n % 2 else officer,
                             "body": f"Synthetic message {n + 1}", "created_at": opened + timedelta(days=n + 1),
                             "read_at": now if closed or rng.random() < 0.7 else None})
        if reach >= 2 and services:  # planning: sent on to services (and a housing contact now and then)
            contacted = times[1]
            for key in rng.sample(services, k=rng.randint(1, min(3, len(services)))):
                referrals.append(_referral(rng, case_id, officer, contacted, now, service_key=key))
            if housing and rng.random() < 0.3:
                referrals.append(_referral(rng, case_id, officer, contacted, now, housing_key=rng.choice(housing)))
        if reach >= arrived_at:
            arrived = times[arrived_at]
            if "population_registration" in catalogue:
                done_at = arrived + timedelta(days=rng.randint(3, 40))
                done = rng.random() < 0.85 and done_at < now
                steps.append({"profile_id": case["profile_id"], "service_key": "population_registration",
                              "position": 0, "status": StepStatus.DONE if done else StepStatus.TODO,
                              "created_at": opened, "updated_at": done_at if done else opened})
            for offset in FOLLOW_UP_DAYS:
                due = arrival + timedelta(days=offset)
                past = due < day
                left = closed and case["closing_reason"] in (ClosingReason.LEFT_REGION, ClosingReason.NO_RESPONSE) \
                    and _aware_day(due) > times[-1]
                answered = past and not left and rng.random() < 0.7
                status = (FollowUpStatus.CANCELLED if (closed and not past) or left else
                          FollowUpStatus.ANSWERED if answered else FollowUpStatus.MISSED if past
                          else FollowUpStatus.SCHEDULED)
                settled = rng.choices([1, 2, 3, 4, 5], weights=[3, 6, 20, 40, 31])[0] if answered else None
                home = rng.choices(list(Housing), weights=[55, 35, 10])[0] if answered else None
                follow_ups.append({
                    "case_id": case_id, "offset_days": offset, "due_on": due, "status": status,
                    "sent_at": _aware_day(due) if past and not left else None,
                    "answered_at": _aware_day(due) + timedelta(hours=rng.randint(2, 6 * 24)) if answered else None,
                    "settled": settled, "housing": home,
                    "partner_work": rng.choice(list(PartnerWork)) if answered else None,
                    "trouble": bool(answered and (settled <= 2 or home == Housing.LOOKING)),
                })
    for model, rows in ((CaseEvent, events), (CaseTask, tasks), (CaseMessage, messages), (FollowUp, follow_ups),
                        (Referral, referrals), (PlanStep, steps)):
        if rows:
            db.session.execute(_insert(model), rows)
    return len(case_ids)


def _steps(rng: random.Random, opened: datetime, arrival: date, reach: int, now: datetime) -> list[datetime]:
    """When the case reached each status up to ``reach``: first contact within two weeks, planning before the
    arrival, arrival on the arrival day, settling weeks later, followed up after months; closed last. Never
    after now, never before the step before."""
    statuses = list(CaseStatus)
    times = [opened]
    for step in range(1, reach + 1):
        before = times[-1]
        target = statuses[step]
        if target == CaseStatus.CONTACTED:
            at = before + timedelta(days=rng.randint(0, 14), hours=rng.randint(1, 8))
        elif target == CaseStatus.PLANNING:
            at = max(before, min(before + timedelta(days=rng.randint(2, 20)),
                                 _aware_day(arrival) - timedelta(hours=rng.randint(1, 48))))
        elif target == CaseStatus.ARRIVED:
            at = max(before + timedelta(hours=1), _aware_day(arrival) + timedelta(hours=rng.randint(8, 16)))
        elif target == CaseStatus.SETTLING:
            at = before + timedelta(days=rng.randint(14, 45))
        elif target == CaseStatus.FOLLOWED_UP:
            at = before + timedelta(days=rng.randint(60, 200))
        else:
            at = before + timedelta(days=rng.randint(20, 120))
        times.append(min(at, now - timedelta(minutes=reach - step + 1)))
    for i in range(1, len(times)):  # monotonic even where "now" clipped
        times[i] = max(times[i], times[i - 1])
    return times


def _referral(rng, case_id, officer, contacted, now, service_key=None, housing_key=None) -> dict:
    at = min(now, contacted + timedelta(days=rng.randint(1, 30)))
    age = (now - at).days
    status = rng.choices(list(ReferralStatus), weights=[5, 30, 20, 35, 10])[0] if age > 30 else \
        rng.choice([ReferralStatus.SUGGESTED, ReferralStatus.SENT, ReferralStatus.IN_PROGRESS])
    return {"case_id": case_id, "service_key": service_key, "housing_key": housing_key, "status": status,
            "note": "", "created_by_id": officer, "created_at": at,
            "updated_at": min(now, at + timedelta(days=rng.randint(0, 60)))}


def _keys(model) -> set[str]:
    """The reference keys there are (services, housing contacts)."""
    return set(db.session.scalars(select(model.key)))


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _aware_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _partners(profile_ids, codes, weights, jobs, languages, now, stream=""):
    """A partner looking for work in about a third of the households, with an occupation and languages of
    their own; most of them decided on their own page to be listed. (Drawn from their own random stream,
    seeded by the chunk, so adding partners left every newcomer as it was.)"""
    rng = random.Random(f"partners-{stream}")  # noqa: S311  # synthetic people, not a secret
    households = [pid for pid in profile_ids if rng.random() < 0.3]
    if not households:
        return jobs, languages, []
    partner_ids = db.session.scalars(_insert(HouseholdMember).returning(
        HouseholdMember.id, sort_by_parameter_order=True), [
        {"profile_id": pid, "relation": Relation.PARTNER, "first_name": "Synthetic", "moving": Moving.NOW,
         "seeking_work": True, "email": f"partner{pid}@{DOMAIN}", **_partner_facts(f"{stream}-{n}", now.year)}
        for n, pid in enumerate(households)]).all()
    consents = []
    for pid, mid in zip(households, partner_ids, strict=True):
        mine = sorted(set(rng.choices(codes, weights=weights, k=rng.choice([1, 1, 2]))))
        jobs += [{"member_id": mid, "occupation_code": code, "position": i} for i, code in enumerate(mine)]
        english, swedish = _level(rng, [1, 1, 2, 4, 6, 5, 2, 2]), _level(rng, [8, 4, 3, 2, 1, 1, 0.5, 0.3])
        for code, level in (("en", english), ("sv", swedish)):
            if level:
                languages.append({"member_id": mid, "language": code, "level": LanguageLevel(level)})
        if rng.random() < 0.7:
            consents.append({"profile_id": pid, "member_id": mid, "kind": ConsentKind.MATCHING, "granted": True,
                             "text_version": CONSENT_VERSIONS[ConsentKind.MATCHING], "recorded_at": now})
    return jobs, languages, consents


def _partner_facts(stream: str, year: int) -> dict:
    """A partner's gender and year of birth (a stream of their own: the partners' other facts stay as they were)."""
    rng = random.Random(f"partner-facts-{stream}")  # noqa: S311  # nosec B311  # synthetic
    return {"gender": _gender(rng), "birth_year": year - round(rng.triangular(20, 66, 33))}


def _children(rng: random.Random, members: list[dict]) -> None:
    """Children in about a third of the households (one to three, under 18), so the figures can tell singles,
    couples and families apart."""
    rows = []
    for me in members:
        if rng.random() >= 0.33:
            continue
        parent_age = today().year - me["birth_year"]
        for n in range(rng.choice([1, 1, 2, 2, 3])):
            age = rng.randint(0, max(0, min(17, parent_age - 19)))
            rows.append({"profile_id": me["profile_id"], "relation": Relation.CHILD, "first_name": f"Child {n + 1}",
                         "moving": Moving.NOW, "birth_year": today().year - age, "gender": _gender(rng),
                         "created_at": me["created_at"], "updated_at": me["created_at"]})
    if rows:
        db.session.execute(_insert(HouseholdMember), rows)


def _needs(rng, count, occupations, places) -> list[int]:
    if count == 0:
        return []
    codes, weights = occupations
    existing = db.session.scalar(select(func.count()).select_from(Organisation)
                                 .where(Organisation.contact_email == f"hr@{DOMAIN}"))
    employers = max(1, count // 25)
    orgs = [{"name": f"Synthetic Employer {n}", "org_number": f"99{n // 10000:04d}-{n % 10000:04d}",
             "status": ApprovalStatus.APPROVED, "municipality_code": rng.choice(places),
             "contact_email": f"hr@{DOMAIN}"} for n in range(existing, existing + employers)]
    org_ids = db.session.scalars(insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
                                 orgs).all()
    day, now = today(), utcnow()
    rows = []
    for n in range(count):
        code = rng.choices(codes, weights=weights)[0]
        vocabulary = SKILLS_BY_MAJOR_GROUP[code[0]]
        salary = rng.randrange(24000, 60000, 500)
        rows.append({
            "organisation_id": rng.choice(org_ids), "title": f"Synthetic need {n} ({code})",
            "occupation_code": code, "municipality_code": rng.choice(places), "positions": rng.randint(1, 10),
            # Posted over the last two months (no draw of its own: the needs stay as they were otherwise).
            "status": NeedStatus.OPEN, "published_at": now - timedelta(days=(n * 7919) % 60),
            "start_date": day + timedelta(days=rng.randint(0, 180)) if rng.random() < 0.7 else None,
            "salary_min": salary, "salary_max": salary + 4000,
            "required_skills": rng.sample(vocabulary, k=rng.randint(0, min(3, len(vocabulary)))),
            "nice_skills": rng.sample(vocabulary, k=rng.randint(0, min(2, len(vocabulary)))),
            "min_swedish": rng.choice([None, None, "A2", "B1", "B2"]),
            "min_english": rng.choice([None, "B1", "B2"]),
        })
    need_ids = db.session.scalars(
        _insert(CompetenceNeed).returning(CompetenceNeed.id, sort_by_parameter_order=True), rows).all()
    _needs_changed()
    return list(need_ids)


HIRE_SHARE = 0.4  # of the households whose case has come as far as arrival


def _organisations(rng, count: int, places: list[str]) -> list[int]:
    existing = db.session.scalar(select(func.count()).select_from(Organisation)
                                 .where(Organisation.contact_email == f"hr@{DOMAIN}"))
    orgs = [{"name": f"Synthetic Employer {n}", "org_number": f"99{n // 10000:04d}-{n % 10000:04d}",
             "status": ApprovalStatus.APPROVED, "municipality_code": rng.choice(places),
             "contact_email": f"hr@{DOMAIN}"} for n in range(existing, existing + count)]
    return list(db.session.scalars(insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
                                   orgs).all())


def _past_needs(rng, count, occupations, places, period) -> list[int]:
    """Needs posted over the project period by employers of their own (most in an industry network): most were
    filled, some closed unfilled, each within a few months of being posted. None is open: matching's open
    needs stay as ``--needs`` made them."""
    if count == 0:
        return []
    codes, weights = occupations
    org_ids = _organisations(rng, max(1, count // 20), places)
    networks = sorted(_keys(IndustryNetwork))
    if networks:
        db.session.execute(insert(organisation_network), [
            {"organisation_id": org_id, "network_key": rng.choice(networks)} for org_id in org_ids
            if rng.random() < 0.7])
    first, last = period
    now = utcnow()
    rows = []
    for n in range(count):
        code = rng.choices(codes, weights=weights)[0]
        published = _between(rng, first, last - timedelta(days=7))
        closed = min(now - timedelta(minutes=1), published + timedelta(days=rng.randint(10, 150)))
        salary = rng.randrange(24000, 60000, 500)
        rows.append({
            "organisation_id": rng.choice(org_ids), "title": f"Synthetic past need {n} ({code})",
            "occupation_code": code, "municipality_code": rng.choice(places), "positions": rng.randint(1, 6),
            "status": NeedStatus.FILLED if rng.random() < 0.75 else NeedStatus.CLOSED,
            "published_at": published, "closed_at": closed, "created_at": published, "updated_at": closed,
            "salary_min": salary, "salary_max": salary + 4000,
            "required_skills": [], "nice_skills": [], "min_swedish": rng.choice([None, "A2", "B1"]),
        })
    ids = db.session.scalars(
        _insert(CompetenceNeed).returning(CompetenceNeed.id, sort_by_parameter_order=True), rows).all()
    _needs_changed()
    return list(ids)


def _hires(profile_ids: list[int], need_ids: list[int], past_need_ids: list[int] | None = None,
           stream: str = "") -> int:
    """Hires at regional volume: about four in ten households that have arrived were hired for a need in
    their own first occupation, starting on their arrival date, never more than the need's positions. With
    needs posted over the period, a hire is for one that was open (posted, not yet closed) when the household
    was hired, weeks before its arrival; a filled need's last hire comes before it closed. (Their own random
    stream: the people and needs drawn before stay as they were.)"""
    if not profile_ids or not (need_ids or past_need_ids):
        return 0
    rng = random.Random(f"hires-{stream}-{len(profile_ids)}")  # noqa: S311  # nosec B311  # synthetic
    arrived = [CaseStatus.ARRIVED, CaseStatus.SETTLING, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED]
    open_positions: dict[str, list[list]] = {}
    for need_id, code, positions in db.session.execute(
            select(CompetenceNeed.id, CompetenceNeed.occupation_code, CompetenceNeed.positions)
            .where(CompetenceNeed.id.in_(need_ids)).order_by(CompetenceNeed.id)) if need_ids else ():
        open_positions.setdefault(code, []).append([need_id, positions])
    past: dict[str, list[list]] = {}
    for first in range(0, len(past_need_ids or ()), CHUNK):
        for need_id, code, positions, published, closed in db.session.execute(
                select(CompetenceNeed.id, CompetenceNeed.occupation_code, CompetenceNeed.positions,
                       CompetenceNeed.published_at, CompetenceNeed.closed_at)
                .where(CompetenceNeed.id.in_(past_need_ids[first:first + CHUNK])).order_by(CompetenceNeed.id)):
            past.setdefault(code, []).append([need_id, positions, _aware(published), _aware(closed)])
    now = utcnow()
    rows = []
    for first in range(0, len(profile_ids), CHUNK):
        chunk = profile_ids[first:first + CHUNK]
        for profile_id, member_id, code, arrival, opened in db.session.execute(
                select(Case.profile_id, HouseholdMember.id, MemberOccupation.occupation_code, Case.expected_arrival,
                       Case.opened_at)
                .join(HouseholdMember, HouseholdMember.profile_id == Case.profile_id)
                .join(MemberOccupation, MemberOccupation.member_id == HouseholdMember.id)
                .where(Case.profile_id.in_(chunk), Case.status.in_(arrived),
                       HouseholdMember.relation == Relation.SELF, MemberOccupation.position == 0)
                .order_by(Case.profile_id, Case.id)):
            if past_need_ids:
                if rng.random() >= HIRE_SHARE or not past.get(code):
                    continue
                hired = max(_aware(opened), _aware_day(arrival) - timedelta(days=rng.randint(14, 90)))
                slot = next((s for s in (rng.choice(past[code]) for _ in range(8))
                             if s[1] > 0 and s[2] <= hired <= s[3]), None)
                if slot is None:
                    continue
            else:
                choices = [slot for slot in open_positions.get(code, ()) if slot[1] > 0]
                if not choices or rng.random() >= HIRE_SHARE:
                    continue
                slot = rng.choice(choices)
                hired = now
            slot[1] -= 1
            rows.append({"need_id": slot[0], "profile_id": profile_id, "member_id": member_id,
                         "start_date": arrival, "created_at": hired})
    for first in range(0, len(rows), CHUNK):
        db.session.execute(_insert(Hire), rows[first:first + CHUNK])
    return len(rows)


def _interest_and_contacts(rng, profile_ids: list[int], past_need_ids: list[int]) -> None:
    """Around the needs posted over the period: every hire was asked for contact first (accepted), and other
    newcomers of the need's occupation showed interest or were asked (some accepted, some declined, some never
    answered), all while the need was open."""
    people: dict[str, list[tuple[int, int]]] = {}
    for first in range(0, len(profile_ids), CHUNK):
        for profile_id, member_id, code in db.session.execute(
                select(HouseholdMember.profile_id, HouseholdMember.id, MemberOccupation.occupation_code)
                .join(MemberOccupation, MemberOccupation.member_id == HouseholdMember.id)
                .where(HouseholdMember.profile_id.in_(profile_ids[first:first + CHUNK]),
                       HouseholdMember.relation == Relation.SELF, MemberOccupation.position == 0)
                .order_by(HouseholdMember.id)):
            people.setdefault(code, []).append((profile_id, member_id))
    interests, contacts = [], []
    for first in range(0, len(past_need_ids), CHUNK):
        ids = past_need_ids[first:first + CHUNK]
        hired: dict[int, list[tuple]] = {}
        for need_id, profile_id, member_id, at in db.session.execute(
                select(Hire.need_id, Hire.profile_id, Hire.member_id, Hire.created_at).where(Hire.need_id.in_(ids))):
            hired.setdefault(need_id, []).append((profile_id, member_id, _aware(at)))
        for need_id, code, published, closed in db.session.execute(
                select(CompetenceNeed.id, CompetenceNeed.occupation_code, CompetenceNeed.published_at,
                       CompetenceNeed.closed_at).where(CompetenceNeed.id.in_(ids)).order_by(CompetenceNeed.id)):
            published, closed = _aware(published), _aware(closed)
            taken = set()
            for profile_id, member_id, at in hired.get(need_id, ()):
                asked = max(published, at - timedelta(days=rng.randint(3, 20)))
                contacts.append({"need_id": need_id, "profile_id": profile_id, "member_id": member_id,
                                 "status": ContactStatus.ACCEPTED, "created_at": asked,
                                 "answered_at": min(at, asked + timedelta(days=rng.randint(0, 5)))})
                taken.add(member_id)
                if rng.random() < 0.5:
                    interests.append({"need_id": need_id, "profile_id": profile_id, "member_id": member_id,
                                      "created_at": max(published, asked - timedelta(days=rng.randint(1, 10)))})
            pool = people.get(code, [])
            for profile_id, member_id in rng.sample(pool, k=min(len(pool), rng.randint(0, 4))):
                if member_id in taken:
                    continue
                taken.add(member_id)
                at = _between(rng, published, closed)
                if rng.random() < 0.6:
                    interests.append({"need_id": need_id, "profile_id": profile_id, "member_id": member_id,
                                      "created_at": at})
                else:
                    status = rng.choices(list(ContactStatus), weights=[20, 45, 35])[0]
                    contacts.append({"need_id": need_id, "profile_id": profile_id, "member_id": member_id,
                                     "status": status, "created_at": at,
                                     "answered_at": None if status == ContactStatus.PENDING
                                     else at + timedelta(days=rng.randint(0, 7))})
    for model, rows in ((Interest, interests), (ContactRequest, contacts)):
        for first in range(0, len(rows), CHUNK):
            db.session.execute(_insert(model), rows[first:first + CHUNK])
