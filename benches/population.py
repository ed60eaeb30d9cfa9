"""The synthetic population the benchmarks measure on, made once per database."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def environment(database: str, redis: str | None) -> Iterator[None]:
    """Run this process's app against ``database`` (and ``redis``, or none: the embedded default) for a
    while, then put the environment back."""
    saved = dict(os.environ)
    os.environ["DATABASE_URL"] = database
    if redis:
        os.environ["REDIS_URL"] = redis
    else:
        os.environ.pop("REDIS_URL", None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def ensure_population(talents: int, needs: int, seed: int) -> None:
    """Migrate the app's database, load the reference data and, unless exactly ``talents`` synthetic
    newcomers and ``needs`` synthetic needs are there, replace the synthetic population. Call inside
    an app context."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from app.auth.models import Role, User
    from app.catalogue.models import Municipality
    from app.catalogue.services import load_reference_data
    from app.employers.models import CompetenceNeed
    from app.extensions import db
    from app.seed.synthetic import DOMAIN, build_synthetic, remove_synthetic

    upgrade()
    if db.session.scalar(select(func.count()).select_from(Municipality)) == 0:
        load_reference_data(db.session)
        db.session.commit()
    present = db.session.scalar(select(func.count()).select_from(User).where(  # newcomers: officers are made once
        User.email.like(f"%@{DOMAIN}"), User.role == Role.NEWCOMER))
    posted = db.session.scalar(select(func.count()).select_from(CompetenceNeed)
                               .where(CompetenceNeed.title.like("Synthetic need %")))
    if (present, posted) != (talents, needs):
        print(f"seeding {talents} newcomers and {needs} needs ...", flush=True)
        started = time.perf_counter()
        remove_synthetic()
        build_synthetic(talents, needs, seed, progress=lambda line: print(line, flush=True))
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))  # fresh statistics after bulk inserts: the planner's row estimates
        db.session.commit()


def ensure_demo_and_population(talents: int, needs: int, seed: int) -> None:
    """The demo (its logins sign in to the pages measured) and then the synthetic population: the demo is
    quick to build on an empty database and slow on one with 100,000 households."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from app.auth.models import User
    from app.catalogue.models import Municipality
    from app.catalogue.services import load_reference_data
    from app.extensions import db
    from app.seed.demo import LOGINS, build_population

    upgrade()
    if db.session.scalar(select(func.count()).select_from(Municipality)) == 0:
        load_reference_data(db.session)
    if db.session.scalar(select(User).where(User.email == LOGINS[0][1])) is None:
        build_population(seed=2026)
    db.session.commit()
    ensure_population(talents, needs, seed)
