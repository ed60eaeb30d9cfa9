"""Benchmark: the top 20 talents for a need, pruned search against exhaustive scoring, in one run.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench .venv/bin/python benches/matching.py

Reads DATABASE_URL like Landa itself (the embedded SQLite when unset), brings the schema up to date,
loads the reference data and, unless the database already holds exactly that population, replaces
the synthetic one (``flask seed synthetic``). Then, for needs sampled with a fixed seed, it times
the search the employer's page uses (``rank_talents``) and, for a subset, the exhaustive baseline
(``rank_all_talents``: read and score every listed newcomer), checks that both give the same top 20
(keys and scores, in order), and times the newcomer's side (``NeedPool.best``: the top 5 needs).
The last line is machine-readable:

    matching: speedup_vs_exhaustive=<x> p95_ms=<ms> identical_top20=<true|false> talents=<n>
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talents", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--samples", type=int, default=200, help="needs timed with the search")
    parser.add_argument("--baseline", type=int, default=10, help="of those, needs also scored exhaustively")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    from sqlalchemy import func, select

    from app import create_app
    from app.employers.models import CompetenceNeed, NeedStatus
    from app.extensions import db
    from app.matching.adapters import need_facts, talents_by_person
    from app.matching.services import NeedPool, listed_people, rank_all_talents, rank_talents
    from benches.population import ensure_population

    app = create_app()
    with app.app_context():
        ensure_population(args.talents, args.needs, args.seed)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")
        listed = db.session.scalar(select(func.count()).select_from(listed_people().subquery()))
        rng = random.Random(args.seed)  # noqa: S311  # seeded choice of needs to time, not a secret
        ids = sorted(db.session.scalars(select(CompetenceNeed.id).where(CompetenceNeed.status == NeedStatus.OPEN)))
        sample = [db.session.get(CompetenceNeed, i) for i in rng.sample(ids, min(args.samples, len(ids)))]
        facts = [need_facts(need) for need in sample]
        db.session.rollback()

        rank_talents(facts[0])  # warm the caches on both sides once
        fast_ms, scored = [], []
        for need in facts:
            started = time.perf_counter()
            _matches, search = rank_talents(need)
            fast_ms.append((time.perf_counter() - started) * 1000)
            scored.append(search.scored)
            db.session.rollback()

        identical = True
        baseline_ms, same_fast_ms = [], []
        for need, ms in zip(facts[: args.baseline], fast_ms, strict=False):
            started = time.perf_counter()
            exhaustive = rank_all_talents(need)
            baseline_ms.append((time.perf_counter() - started) * 1000)
            same_fast_ms.append(ms)
            pruned, _search = rank_talents(need)
            identical &= [(m.key, m.score) for m in pruned] == [(m.key, m.score) for m in exhaustive]
            db.session.rollback()

        # The newcomer's side: the top 5 open needs for sampled listed newcomers.
        people = db.session.scalars(listed_people().order_by(func.random()).limit(50)).all()
        pool_ms = []
        for talent in talents_by_person(people):
            started = time.perf_counter()
            NeedPool().best(talent, 5)
            pool_ms.append((time.perf_counter() - started) * 1000)
            db.session.rollback()

        speedup = sum(baseline_ms) / sum(same_fast_ms)
        print(f"machine: {platform.node()} {os.cpu_count()} cpus, {db.engine.dialect.name}, python "
              f"{platform.python_version()}")
        print(f"population: {listed} listed newcomers of {args.talents}, {len(ids)} open needs")
        print(f"search (employer page, top 20): {len(fast_ms)} needs, median {statistics.median(fast_ms):.1f} ms, "
              f"p95 {percentile(fast_ms, 0.95):.1f} ms, max {max(fast_ms):.1f} ms, "
              f"newcomers scored median {statistics.median(scored):.0f} (p95 {percentile(scored, 0.95):.0f})")
        print(f"exhaustive baseline: {len(baseline_ms)} needs, median {statistics.median(baseline_ms):.0f} ms")
        print(f"needs for a newcomer (top 5 of {len(ids)}): {len(pool_ms)} newcomers, "
              f"median {statistics.median(pool_ms):.1f} ms, p95 {percentile(pool_ms, 0.95):.1f} ms")
        print(f"matching: speedup_vs_exhaustive={speedup:.1f} p95_ms={percentile(fast_ms, 0.95):.1f} "
              f"identical_top20={'true' if identical else 'false'} talents={args.talents}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
