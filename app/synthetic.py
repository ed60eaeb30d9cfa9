"""``flask seed synthetic``: a large, deterministic, plausible population for measuring matching.

Newcomers and needs are drawn from the same skewed occupation mix (most people in a few hundred unit
groups, as in a real region), with skills from their occupation's major group, CEFR levels, ranked
municipalities, dates and consents. Rows are written with bulk inserts, a chunk per transaction.
Synthetic users have e-mails at ``@synthetic.landa.invalid`` and a password nobody knows.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import delete, func, insert, select, update

from app.auth.models import Role, User
from app.auth.passwords import hash_password
from app.catalogue.models import Municipality, Occupation
from app.employers.models import ApprovalStatus, CompetenceNeed, NeedStatus, Organisation
from app.extensions import db
from app.matching.cards import refresh_cards
from app.matching.models import MatchingVersion
from app.models import today, utcnow
from app.talent.models import (
    Citizenship,
    Consent,
    ConsentKind,
    HouseholdMember,
    LanguageLevel,
    MemberLanguage,
    MemberOccupation,
    Moving,
    MunicipalityPreference,
    NewcomerProfile,
    Relation,
    Skill,
    profile_skill,
)
from app.talent.services import CONSENT_VERSIONS, normalise_skill

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
    from flask import current_app

    if current_app.config["LANDA_ENV"] == "production":
        raise click.ClickException("synthetic data is not created in production")
    if replace:
        remove_synthetic()
    counts = build_synthetic(talents, needs, seed, progress=click.echo)
    click.echo(f"Created {counts['talents']} newcomers and {counts['needs']} open needs.")


def remove_synthetic() -> None:
    users = select(User.id).where(User.email.like(f"%@{DOMAIN}"))
    orgs = select(Organisation.id).where(Organisation.contact_email == f"hr@{DOMAIN}")
    db.session.execute(delete(CompetenceNeed).where(CompetenceNeed.organisation_id.in_(orgs)))
    db.session.execute(delete(Organisation).where(Organisation.id.in_(orgs)))
    db.session.execute(delete(NewcomerProfile).where(NewcomerProfile.user_id.in_(users)))  # cascades
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
    for first in range(0, talents, CHUNK):
        _talent_chunk(rng, range(start + first, start + min(talents, first + CHUNK)), occupations, places,
                      skills, password)
        db.session.commit()
        if progress:
            progress(f"  {min(talents, first + CHUNK)}/{talents} newcomers")
    _needs(rng, needs, occupations, places)
    db.session.commit()
    return {"talents": talents, "needs": needs}


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


def _talent_chunk(rng, numbers, occupations, places, skills, password) -> None:
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
        insert(NewcomerProfile).returning(NewcomerProfile.id, sort_by_parameter_order=True), profiles).all()
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


def _needs(rng, count, occupations, places) -> None:
    if count == 0:
        return
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
    db.session.execute(insert(CompetenceNeed), rows)
    _needs_changed()
