"""Benchmark: every insights page and its exports at regional scale, in the production setup.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench_insights \\
        REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python benches/insights.py

It migrates the database, loads the reference data and, unless exactly that population is there, seeds it with
``flask seed synthetic --talents 100000 --cases 50000`` (three years of registrations, cases with their dated
steps, follow-ups, referrals, needs posted and filled, hires; a few minutes on PostgreSQL), then ANALYZE, and
does what the scheduled insights-outcomes job does: rebuilds the funnel's outcome rows and draws the usual
views' charts (printing how long each took). It
starts gunicorn with ``LANDA_ENV=production`` on ``benches/helpers/serve.py`` (Landa's app plus
``/_bench/hello``, which touches no database), signs in over HTTP as a coordinator (the whole region: the
largest scope), and asks, one request at a time, for every page registered in ``app.insights.views.PAGES``
(read at run time: whatever pages exist) with its default filters (the project period), and the page's exports
(``?export=csv`` and ``?export=xlsx``: every figure of the page), ``--samples`` times each after one warm-up
request (printed as "first": the funnel's charts were drawn by the job, the other pages' are drawn then, as
for a reader's first view of new figures; the samples read them kept), interleaved with the trivial endpoint.
A page answering anything but 200 stops the run.

It prints per URL the median and the slowest time in milliseconds and the median over the trivial endpoint's
median, then, as its last line:

    insights: pages=<n> worst_page=<name> worst_ms=<ms> profiles=<n> cases=<n>

(``worst_page`` is the page or export with the highest median, named ``<key>``, ``<key>.csv`` or ``<key>.xlsx``;
``profiles`` and ``cases`` are counted in the database measured.) The issue's target is every page under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess  # nosec B404  # the page registry read by a fresh interpreter: a fixed argument list
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benches.pages import (  # noqa: E402  # the path above first
    BENCH_PASSWORD,
    HELLO,
    Server,
    production_env,
    sign_in,
)

COORDINATOR = "insights-bench-coordinator@example.se"


def registered_pages(env: dict[str, str]) -> list[str]:
    """The keys of the pages a coordinator may see, read by a fresh interpreter (as gunicorn will import them:
    a page module written while the population was being seeded is counted too)."""
    code = ("import json; from app import create_app; create_app(); from app.auth.models import Role; "
            "from app.insights.views import PAGES; "
            "print(json.dumps([k for k, p in PAGES.items() if Role.COORDINATOR in p.roles]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                         check=True).stdout  # nosec B603
    return json.loads(out.strip().splitlines()[-1])


def prepare(database: str, redis: str | None, talents: int, cases: int, needs: int, seed: int,
            ) -> tuple[list[str], int, int]:
    """Seed (once) and make the coordinator who signs in; returns the registered page keys and the counts."""
    from benches.population import environment

    with environment(database, redis):
        return _prepare(talents, cases, needs, seed)


def _prepare(talents: int, cases: int, needs: int, seed: int) -> tuple[list[str], int, int]:
    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from app import create_app
    from app.auth.models import Role, User
    from app.auth.passwords import hash_password
    from app.catalogue.models import Municipality
    from app.catalogue.services import load_reference_data
    from app.employers.models import CompetenceNeed
    from app.extensions import db
    from app.insights.jobs import draw_usual_charts
    from app.insights.outcomes import refresh_outcomes_job
    from app.reception.models import Case
    from app.seed.synthetic import DOMAIN, build_synthetic, remove_synthetic
    from app.talent.models import Household

    app = create_app()
    with app.app_context():
        upgrade()
        if db.session.scalar(select(func.count()).select_from(Municipality)) == 0:
            load_reference_data(db.session)
            db.session.commit()
        present = db.session.scalar(select(func.count()).select_from(User).where(
            User.email.like(f"%@{DOMAIN}"), User.role == Role.NEWCOMER))
        opened = db.session.scalar(select(func.count()).select_from(Case))
        past = db.session.scalar(select(func.count()).select_from(CompetenceNeed)  # written last: a run stopped
                                 .where(CompetenceNeed.title.like("Synthetic past need %")))  # before it has none
        if (present, opened, past) != (talents, cases, max(1, cases // 5) if cases else 0):
            print(f"seeding {talents} newcomers and {cases} cases ...", flush=True)
            started = time.perf_counter()
            remove_synthetic()
            build_synthetic(talents, needs, seed, progress=lambda line: print(line, flush=True), cases=cases)
            print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
            if db.engine.dialect.name == "postgresql":
                db.session.execute(text("ANALYZE"))  # the planner's estimates after bulk inserts
                db.session.commit()
        coordinator = db.session.scalar(select(User).where(User.email == COORDINATOR))
        if coordinator is None:
            coordinator = User(email=COORDINATOR, full_name="Insights Benchmark", role=Role.COORDINATOR,
                               locale="sv", password_hash="")
            db.session.add(coordinator)
        coordinator.password_hash = hash_password(BENCH_PASSWORD)
        coordinator.active = True
        db.session.commit()
        # What the scheduled job (insights-outcomes) does every 15 minutes: the funnel's rows, one per household,
        # then the usual views' charts, drawn from scratch here (an earlier run's are forgotten first).
        forget_charts(os.environ.get("REDIS_URL"))
        started = time.perf_counter()
        rows = refresh_outcomes_job()
        counted = time.perf_counter()
        charts = draw_usual_charts()
        print(f"insights-outcomes job: {rows} households counted in {(counted - started) * 1000:.0f} ms, "
              f"{charts} charts drawn in {(time.perf_counter() - counted) * 1000:.0f} ms", flush=True)
        keys = registered_pages({**os.environ})
        profiles = db.session.scalar(select(func.count()).select_from(Household))
        cases_now = db.session.scalar(select(func.count()).select_from(Case))
        return keys, profiles, cases_now


def forget_charts(redis: str | None) -> None:
    """Drop the charts an earlier run kept (``app.insights.views.kept_chart``): the job draws the funnel's from
    scratch, and each other page's first request draws its own, as a reader's first view of new figures does."""
    if not redis:
        return
    from redis import Redis

    client = Redis.from_url(redis)
    for key in client.scan_iter(match="*:insights-charts:*", count=1000):
        client.delete(key)
    client.close()


def timed(session, url: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    answer = session.get(url, headers=headers, allow_redirects=False, timeout=300)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise SystemExit(f"{url} answered {answer.status_code} {answer.headers.get('Location', '')}")
    return elapsed


def measure(base: str, keys: list[str], cookie: str, samples: int) -> tuple[dict[str, list[float]], list[float]]:
    import requests

    session = requests.Session()
    headers = {"Cookie": cookie}
    urls = {}
    for key in keys:
        urls[key] = f"/insights/{key}"
        urls[f"{key}.csv"] = f"/insights/{key}?export=csv"
        urls[f"{key}.xlsx"] = f"/insights/{key}?export=xlsx"
    for name, path in urls.items():  # warm: imports, templates, the database's caches, the kept charts
        first = timed(session, base + path, headers)
        print(f"  first {name}: {first:.0f} ms", flush=True)
    hello: list[float] = []
    results: dict[str, list[float]] = {name: [] for name in urls}
    for round_ in range(samples):
        hello.append(timed(session, base + HELLO, {}))
        for name, path in urls.items():
            results[name].append(timed(session, base + path, headers))
        print(f"  round {round_ + 1}/{samples}", flush=True)
    return results, hello


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talents", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--needs", type=int, default=5_000, help="open needs (matching's); past needs: cases / 5")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--samples", type=int, default=5, help="timed requests per URL (the median is reported)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    database, redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database and database.startswith("postgresql")):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database (the production setup), "
                         "such as postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench_insights")
    (ROOT / "instance" / "bench").mkdir(parents=True, exist_ok=True)

    keys, profiles, cases = prepare(database, redis, args.talents, args.cases, args.needs, args.seed)
    if not keys:
        raise SystemExit("no insights page is registered for coordinators (app.insights.views.PAGES)")
    print(f"pages: {', '.join(keys)}", flush=True)
    server = Server(production_env(), args)
    try:
        cookie = sign_in(server.base, COORDINATOR)
        results, hello = measure(server.base, keys, cookie, args.samples)
    finally:
        server.stop()

    floor = statistics.median(hello)
    print(f"\n{'page or export':36} {'median ms':>10} {'max ms':>8} {'× trivial':>10}")
    print(f"{'hello (trivial)':36} {floor:10.1f} {max(hello):8.1f} {1:10.1f}")
    medians = {name: statistics.median(times) for name, times in results.items()}
    for name, times in results.items():
        print(f"{name:36} {medians[name]:10.1f} {max(times):8.1f} {medians[name] / floor:10.1f}", flush=True)
    worst = max(medians, key=medians.get)
    print(f"insights: pages={len(keys)} worst_page={worst} worst_ms={medians[worst]:.0f} "
          f"profiles={profiles} cases={cases}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
