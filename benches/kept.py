"""Benchmark: what keeping a household's match lists between views buys (``app/matching/kept.py``).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench .venv/bin/python benches/kept.py

On the synthetic population (``flask seed synthetic``; reseeded unless exactly ``--talents`` and
``--needs`` are there), for a sample of households: the start page's matches (the newcomer and a partner
looking for work) and the household comparison, each found (nothing kept) and then read (kept), in the
same run. The last line is machine-readable:

    kept: households=<n> start_found_ms=<ms> start_kept_ms=<ms> places_found_ms=<ms> places_kept_ms=<ms> speedup=<x>

(speedup: the sum of the found medians over the sum of the kept ones).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talents", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--households", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from app import create_app
    from app.extensions import db
    from app.matching.kept import forget_all
    from app.matching.services import household_places, needs_for
    from app.talent.models import Household, HouseholdMember
    from benches.population import ensure_population

    app = create_app()
    with app.app_context():
        ensure_population(args.talents, args.needs, args.seed)
        forget_all()
        ids = db.session.scalars(select(Household.id).order_by(Household.id)
                                 .limit(args.households)).all()
        timings: dict[str, list[float]] = {"start_found": [], "start_kept": [], "places_found": [],
                                           "places_kept": []}
        for profile_id in ids:
            profile = db.session.scalar(select(Household).where(Household.id == profile_id).options(
                selectinload(Household.members).selectinload(HouseholdMember.occupations),
                selectinload(Household.members).selectinload(HouseholdMember.languages),
                selectinload(Household.skills), selectinload(Household.preferences)))
            people = [None, profile.partner] if profile.partner and profile.partner.seeking_work else [None]
            for name, view in (("start", lambda p=profile, m=people: needs_for(p, m)),
                               ("places", lambda p=profile: household_places(p))):
                for phase in ("found", "kept"):
                    started = time.perf_counter()
                    view()
                    timings[f"{name}_{phase}"].append((time.perf_counter() - started) * 1000)
            db.session.rollback()
    medians = {name: statistics.median(values) for name, values in timings.items()}
    speedup = (medians["start_found"] + medians["places_found"]) / (medians["start_kept"] + medians["places_kept"])
    print(f"kept: households={len(ids)} " + " ".join(f"{name}_ms={value:.1f}" for name, value in medians.items())
          + f" speedup={speedup:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
