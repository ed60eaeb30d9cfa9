"""``flask seed synthetic``: a large, deterministic, plausible population for measuring matching.

Newcomers and needs are drawn from the same skewed occupation mix (most people in a few hundred unit
groups, as in a real region), with skills from their occupation's major group, CEFR levels, ranked
municipalities, dates and consents. Rows are written with bulk inserts, a chunk per transaction.
Synthetic users have e-mails at ``@synthetic.landa.invalid`` and a password nobody knows.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, func, insert, select, update

from app.auth.models import Role, User
from app.auth.passwords import hash_password
from app.catalogue.models import Municipality, Occupation
from app.employers.models import ApprovalStatus, CompetenceNeed, Hire, NeedStatus, Organisation
from app.extensions import db
from app.matching.cards import refresh_cards
from app.matching.models import MatchingVersion
from app.models import today, utcnow
from app.reception.models import (
    OFFICER_CLOSING_REASONS,
    Case,
    CaseEvent,
    CaseMessage,
    CaseSource,
    CaseStatus,
    CaseTask,
    FollowUp,
    FollowUpStatus,
    Housing,
    PartnerWork,
)
from app.talent.models import (
    CONSENT_VERSIONS,
    Citizenship,
    Consent,
    ConsentKind,
    Household,
    HouseholdMember,
    LanguageLevel,
    MemberLanguage,
    MemberOccupation,
    Moving,
    MunicipalityPreference,
    Relation,
    Skill,
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
@click.option("--seed", type=int, default=2026, show_default=True)
@click.option("--replace", is_flag=True, help="Remove earlier synthetic data first.")
@with_appcontext
def seed_synthetic(talents: int, needs: int, seed: int, replace: bool) -> None:
    """Add synthetic newcomers and open needs (for benchmarks; not for production)."""
    if current_app.config["LANDA_ENV"] == "production":
        raise click.ClickException("synthetic data is not created in production")
    if replace:
        remove_synthetic()
    counts = build_synthetic(talents, needs, seed, progress=click.echo)
    click.echo(f"Created {counts['talents']} newcomers, {counts['needs']} open needs and {counts['hires']} hires.")


def remove_synthetic() -> None:
    users = select(User.id).where(User.email.like(f"%@{DOMAIN}"))
    orgs = select(Organisation.id).where(Organisation.contact_email == f"hr@{DOMAIN}")
    db.session.execute(delete(CompetenceNeed).where(CompetenceNeed.organisation_id.in_(orgs)))
    db.session.execute(delete(Organisation).where(Organisation.id.in_(orgs)))
    db.session.execute(delete(Household).where(Household.user_id.in_(users)))  # cascades
    db.session.execute(delete(User).where(User.id.in_(users)))
    _needs_changed()
    db.session.commit()


def _needs_changed() -> None:
    """Bulk writes bypass the session hook that moves the needs' version on (``app.matching.cards``)."""
    db.session.execute(update(MatchingVersion).values(needs=MatchingVersion.needs + 1))


def build_synthetic(talents: int, needs: int, seed: int, progress=None) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311  # nosec B311  # seeded, reproducible synthetic data, not secrets
    occupations = _occupation_mix(rng)
    places = list(db.session.scalars(select(Municipality.code).order_by(Municipality.code)))
    skills = _skill_ids()
    start = db.session.scalar(select(func.count()).select_from(User).where(User.email.like(f"%@{DOMAIN}")))
    password = hash_password(secrets.token_urlsafe(24))
    officers = _officers(places, password)
    made: list[int] = []
    for first in range(0, talents, CHUNK):
        profile_ids = _talent_chunk(rng, range(start + first, start + min(talents, first + CHUNK)), occupations,
                                    places, skills, password)
        _case_chunk(profile_ids, places, officers)
        db.session.commit()
        made += profile_ids
        if progress:
            progress(f"  {min(talents, first + CHUNK)}/{talents} newcomers")
    need_ids = _needs(rng, needs, occupations, places)
    hires = _hires(made, need_ids)
    db.session.commit()
    return {"talents": talents, "needs": needs, "hires": hires}


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


def _talent_chunk(rng, numbers, occupations, places, skills, password) -> list[int]:
    now, day = utcnow(), today()
    codes, weights = occupations
    users = [{"email": f"newcomer{n}@{DOMAIN}", "password_hash": password, "full_name": f"Synthetic Newcomer {n}",
              "role": Role.NEWCOMER, "locale": rng.choice(["sv", "en"])} for n in numbers]
    user_ids = db.session.scalars(insert(User).returning(User.id, sort_by_parameter_order=True), users).all()
    profiles = []
    for user_id in user_ids:
        open_to_all = rng.random() < 0.15
        profiles.append({
            "user_id": user_id, "citizenship": rng.choices(list(Citizenship), weights=[1, 3, 6])[0],
            "open_to_all_municipalities": open_to_all, "years_experience": rng.randint(0, 30),
            "arrival_date": day + timedelta(days=rng.randint(-200, 300)) if rng.random() < 0.8 else None,
            "job_start_date": day + timedelta(days=rng.randint(0, 300)) if rng.random() < 0.3 else None,
            "confirmed_at": now - timedelta(days=rng.randint(0, 120)),
            "completed_steps": ["about", "languages", "work", "places", "move"],
        })
    profile_ids = db.session.scalars(
        insert(Household).returning(Household.id, sort_by_parameter_order=True), profiles).all()
    members = [{"profile_id": pid, "relation": Relation.SELF, "first_name": "Synthetic", "moving": Moving.NOW}
               for pid in profile_ids]
    member_ids = db.session.scalars(
        insert(HouseholdMember).returning(HouseholdMember.id, sort_by_parameter_order=True), members).all()
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
    jobs, languages, partner_consents = _partners(profile_ids, codes, weights, jobs, languages, now)
    consents += partner_consents
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


def _case_chunk(profile_ids: list[int], places: list[str], officers: dict[str, list[int]]) -> None:
    """Reception at regional volume: about half the households have a case with their first choice, opened
    over three years and as far along as its age makes likely, with its status history, tasks (some
    overdue), messages and the follow-ups after arrival. (Their own random stream, seeded by the chunk.)"""
    if not profile_ids:
        return
    rng = random.Random(f"cases-{profile_ids[0]}")  # noqa: S311  # nosec B311  # synthetic, not a secret
    now, day = utcnow(), today()
    first_choice = dict(db.session.execute(
        select(MunicipalityPreference.profile_id, MunicipalityPreference.municipality_code)
        .where(MunicipalityPreference.profile_id.in_(profile_ids), MunicipalityPreference.rank == 1)).all())
    statuses = list(CaseStatus)
    cases, plans = [], []
    for profile_id in profile_ids:
        if rng.random() >= CASE_SHARE:
            continue
        code = first_choice.get(profile_id) or rng.choice(places)
        opened = now - timedelta(days=rng.randint(0, 3 * 365), minutes=rng.randint(0, 24 * 60))
        age = (now - opened).days
        reach = min(len(statuses) - 1, rng.randint(0, 1 + age // 60))  # older cases have come further
        status = statuses[reach]
        arrival = (opened + timedelta(days=rng.randint(20, 120))).date()
        cases.append({
            "profile_id": profile_id, "municipality_code": code, "status": status,
            "closing_reason": rng.choice(list(OFFICER_CLOSING_REASONS)) if status == CaseStatus.CLOSED else None,
            "assigned_officer_id": rng.choice(officers[code]) if reach > 0 and officers.get(code) else None,
            "expected_arrival": arrival, "opened_at": opened, "source": rng.choice(list(CaseSource)),
            "closed_at": opened + timedelta(days=age // 2) if status == CaseStatus.CLOSED else None,
            "created_at": opened, "updated_at": opened,
        })
        plans.append((reach, opened, arrival, code))
    if not cases:
        return
    case_ids = db.session.scalars(insert(Case).returning(Case.id, sort_by_parameter_order=True), cases).all()
    events, tasks, follow_ups, messages = [], [], [], []
    for case_id, (reach, opened, arrival, _code), case in zip(case_ids, plans, cases, strict=True):
        officer = case["assigned_officer_id"]
        for step in range(reach + 1):
            events.append({"case_id": case_id, "actor_id": officer if step else None,
                           "from_status": statuses[step - 1] if step else None, "to_status": statuses[step],
                           "at": opened + timedelta(days=step * 12)})
        closed = case["status"] == CaseStatus.CLOSED
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
        if reach >= statuses.index(CaseStatus.ARRIVED):
            for offset in FOLLOW_UP_DAYS:
                due = arrival + timedelta(days=offset)
                past = due < day
                answered = past and rng.random() < 0.75
                status = (FollowUpStatus.CANCELLED if closed and not past else FollowUpStatus.ANSWERED if answered
                          else FollowUpStatus.MISSED if past else FollowUpStatus.SCHEDULED)
                follow_ups.append({
                    "case_id": case_id, "offset_days": offset, "due_on": due, "status": status,
                    "sent_at": datetime.combine(due, datetime.min.time(), tzinfo=now.tzinfo) if past else None,
                    "answered_at": now if answered else None, "settled": rng.randint(1, 5) if answered else None,
                    "housing": rng.choice(list(Housing)) if answered else None,
                    "partner_work": rng.choice(list(PartnerWork)) if answered else None,
                    "trouble": answered and rng.random() < 0.1,
                })
    for model, rows in ((CaseEvent, events), (CaseTask, tasks), (CaseMessage, messages), (FollowUp, follow_ups)):
        if rows:
            db.session.execute(insert(model), rows)


def _partners(profile_ids, codes, weights, jobs, languages, now):
    """A partner looking for work in about a third of the households, with an occupation and languages of
    their own; most of them decided on their own page to be listed. (Drawn from their own random stream,
    seeded by the chunk, so adding partners left every newcomer as it was.)"""
    rng = random.Random(f"partners-{profile_ids[0]}")  # noqa: S311  # synthetic people, not a secret
    households = [pid for pid in profile_ids if rng.random() < 0.3]
    if not households:
        return jobs, languages, []
    partner_ids = db.session.scalars(insert(HouseholdMember).returning(
        HouseholdMember.id, sort_by_parameter_order=True), [
        {"profile_id": pid, "relation": Relation.PARTNER, "first_name": "Synthetic", "moving": Moving.NOW,
         "seeking_work": True, "email": f"partner{pid}@{DOMAIN}"} for pid in households]).all()
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
            "status": NeedStatus.OPEN, "published_at": now,
            "start_date": day + timedelta(days=rng.randint(0, 180)) if rng.random() < 0.7 else None,
            "salary_min": salary, "salary_max": salary + 4000,
            "required_skills": rng.sample(vocabulary, k=rng.randint(0, min(3, len(vocabulary)))),
            "nice_skills": rng.sample(vocabulary, k=rng.randint(0, min(2, len(vocabulary)))),
            "min_swedish": rng.choice([None, None, "A2", "B1", "B2"]),
            "min_english": rng.choice([None, "B1", "B2"]),
        })
    need_ids = db.session.scalars(
        insert(CompetenceNeed).returning(CompetenceNeed.id, sort_by_parameter_order=True), rows).all()
    _needs_changed()
    return list(need_ids)


HIRE_SHARE = 0.4  # of the households whose case has come as far as arrival


def _hires(profile_ids: list[int], need_ids: list[int]) -> int:
    """Hires at regional volume: about four in ten households that have arrived were hired for a need in
    their own first occupation, starting on their arrival date, never more than the need's positions. (Their
    own random stream: the people and needs drawn before stay as they were.)"""
    if not profile_ids or not need_ids:
        return 0
    rng = random.Random(f"hires-{profile_ids[0]}-{len(profile_ids)}")  # noqa: S311  # nosec B311  # synthetic
    arrived = [CaseStatus.ARRIVED, CaseStatus.SETTLING, CaseStatus.FOLLOWED_UP, CaseStatus.CLOSED]
    open_positions: dict[str, list[list[int]]] = {}
    for need_id, code, positions in db.session.execute(
            select(CompetenceNeed.id, CompetenceNeed.occupation_code, CompetenceNeed.positions)
            .where(CompetenceNeed.id.in_(need_ids)).order_by(CompetenceNeed.id)):
        open_positions.setdefault(code, []).append([need_id, positions])
    rows = []
    for first in range(0, len(profile_ids), CHUNK):
        chunk = profile_ids[first:first + CHUNK]
        for profile_id, member_id, code, arrival in db.session.execute(
                select(Case.profile_id, HouseholdMember.id, MemberOccupation.occupation_code, Case.expected_arrival)
                .join(HouseholdMember, HouseholdMember.profile_id == Case.profile_id)
                .join(MemberOccupation, MemberOccupation.member_id == HouseholdMember.id)
                .where(Case.profile_id.in_(chunk), Case.status.in_(arrived),
                       HouseholdMember.relation == Relation.SELF, MemberOccupation.position == 0)
                .order_by(Case.profile_id)):
            choices = [slot for slot in open_positions.get(code, ()) if slot[1] > 0]
            if not choices or rng.random() >= HIRE_SHARE:
                continue
            slot = rng.choice(choices)
            slot[1] -= 1
            rows.append({"need_id": slot[0], "profile_id": profile_id, "member_id": member_id,
                         "start_date": arrival, "created_at": utcnow()})
    if rows:
        db.session.execute(insert(Hire), rows)
    return len(rows)
