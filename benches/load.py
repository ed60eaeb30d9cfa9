"""Benchmark: 300 people using Landa at once, in the production setup.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python benches/load.py

On the population of ``benches/pages.py`` (seeded once per database), it starts gunicorn in production
mode, signs in a pool of demo accounts over HTTP (newcomers, reception officers of several
municipalities, employers) and makes API tokens, then runs locust headless (``benches/helpers/locustfile.py``):
300 users (120 visitors, 80 newcomers, 50 officers, 30 employers, 20 API clients), each waiting 1-5 s
between requests, for 60 s after all have started. Locust is a library of the benchmarks (``pip install
-e '.[bench]'``). The last line is machine-readable:

    load: users=300 rps=<x> p95_ms=<ms> failures=<n> seconds=<s>
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess  # nosec B404  # runs locust: a fixed argument list, no shell
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benches.pages import BENCH_PASSWORD, Server, production_env, sign_in  # noqa: E402

ACCOUNTS = {"newcomer": 12, "officer": 5, "employer": 5}


def choose(database: str, redis: str, talents: int, needs: int, seed: int) -> dict:
    """Seed (once) and pick the accounts, the cases each officer may open and the needs each employer owns."""
    from benches.population import environment

    with environment(database, redis):
        return _choose(talents, needs, seed)


def _choose(talents: int, needs: int, seed: int) -> dict:
    from sqlalchemy import delete, func, select

    from app import create_app
    from app.auth import tokens
    from app.auth.models import ApiToken, Role, User
    from app.auth.passwords import hash_password
    from app.employers.models import CompetenceNeed, NeedStatus, OrganisationMember
    from app.employers.services import public_needs
    from app.extensions import db
    from app.reception.models import Case, CaseStatus
    from app.seed.demo import DEMO_DOMAIN
    from app.talent.models import Household
    from benches.population import ensure_demo_and_population

    app = create_app()
    with app.app_context():
        ensure_demo_and_population(talents, needs, seed)
        password = hash_password(BENCH_PASSWORD)
        people: dict[str, list[dict]] = {}
        newcomers = db.session.scalars(select(User).join(Household, Household.user_id == User.id)
                                       .where(User.email.like(f"newcomer%@{DEMO_DOMAIN}")).order_by(User.id)
                                       .limit(ACCOUNTS["newcomer"])).all()
        people["newcomer"] = [{"email": u.email} for u in newcomers]
        officers = db.session.scalars(select(User).where(User.role == Role.OFFICER,
                                                         User.email.like(f"%@{DEMO_DOMAIN}"))
                                      .order_by(User.id).limit(ACCOUNTS["officer"])).all()
        people["officer"] = [{"email": u.email, "cases": db.session.scalars(
            select(Case.id).where(Case.municipality_code == u.municipality_code, Case.status != CaseStatus.CLOSED)
            .order_by(func.random()).limit(50)).all()} for u in officers]
        employers = db.session.scalars(select(User).join(OrganisationMember, OrganisationMember.user_id == User.id)
                                       .join(CompetenceNeed, CompetenceNeed.organisation_id
                                             == OrganisationMember.organisation_id)
                                       .where(User.role == Role.EMPLOYER, CompetenceNeed.status == NeedStatus.OPEN)
                                       .group_by(User.id).order_by(User.id).limit(ACCOUNTS["employer"])).all()
        people["employer"] = [{"email": u.email, "needs": db.session.scalars(
            select(CompetenceNeed.id).join(OrganisationMember, OrganisationMember.organisation_id
                                           == CompetenceNeed.organisation_id)
            .where(OrganisationMember.user_id == u.id, CompetenceNeed.status == NeedStatus.OPEN)).all()}
            for u in employers]
        for user in (*newcomers, *officers, *employers):
            user.password_hash = password
            user.active = True
        db.session.execute(delete(ApiToken).where(ApiToken.name == "load benchmark"))
        made = {"officer": tokens.create(officers[0], "load benchmark")[1],
                "newcomer": tokens.create(newcomers[0], "load benchmark")[1]}
        subjects = {
            "people": people, "tokens": made,
            "needs": db.session.scalars(public_needs().with_only_columns(CompetenceNeed.id).limit(200)).all(),
            "municipalities": sorted({u.municipality_code for u in officers}),
        }
        db.session.commit()
        return subjects


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--spawn-rate", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--talents", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    database, redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database and database.startswith("postgresql") and redis):
        raise SystemExit("DATABASE_URL (PostgreSQL) and REDIS_URL must name the production setup to measure")
    out = ROOT / "instance" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    subjects = choose(database, redis, args.talents, args.needs, args.seed)
    server = Server(production_env(), args)
    try:
        cookies: dict[str, list[dict]] = {}
        for role, accounts in subjects.pop("people").items():
            cookies[role] = [{**account, "cookie": sign_in(server.base, account["email"])} for account in accounts]
        subjects["cookies"] = cookies
        (out / "load-subjects.json").write_text(json.dumps(subjects))
        ramp = -(-args.users // args.spawn_rate)
        locustfile = ROOT / "benches" / "helpers" / "locustfile.py"
        command = [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless",
                   "--host", server.base, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                   "--run-time", f"{args.seconds + ramp}s", "--csv", str(out / "load"), "--only-summary",
                   "--stop-timeout", "5"]
        env = {**os.environ, "LANDA_LOAD_SUBJECTS": str(out / "load-subjects.json")}
        subprocess.run(command, cwd=ROOT, env=env, check=False,  # noqa: S603  # nosec B603  # a fixed command
                       stdout=None if args.verbose else subprocess.DEVNULL)
    finally:
        server.stop()
    rows = list(csv.DictReader((out / "load_stats.csv").open()))
    print(f"{'request':28} {'count':>7} {'fail':>5} {'p50':>6} {'p95':>6} {'req/s':>7}")
    for row in rows:
        print(f"{row['Name']:28} {row['Request Count']:>7} {row['Failure Count']:>5} {row['50%']:>6} "
              f"{row['95%']:>6} {float(row['Requests/s']):7.1f}")
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(f"load: users={args.users} rps={float(total['Requests/s']):.1f} p95_ms={total['95%']} "
          f"failures={total['Failure Count']} seconds={args.seconds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
