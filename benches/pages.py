"""Benchmark: what each page costs in the production setup, as a share of a trivial request.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python benches/pages.py

It seeds what it measures (the demo and ``flask seed synthetic --talents 100000 --needs 5000``, which makes
about 55,000 reception cases; once per database), starts gunicorn itself with ``LANDA_ENV=production``
on ``benches/helpers/serve.py`` (Landa's app plus ``/_bench/hello``, which touches no database), signs in over
HTTP as a reception officer of the busiest municipality, a newcomer with a partner looking for work and
the demo employer, and then measures every page with wrk (16 connections) in interleaved rounds: each
round measures the trivial endpoint and then every page, and a page's ratio is its requests per second
over the trivial endpoint's in the same round (the median over the rounds is reported). One more line is
read against the pages, not counted with them: ``signed_in_floor`` (``/_bench/signed-in``), an empty page
in the site's layout for the signed-in officer, the floor of any signed-in page on this stack.

The embedded default (SQLite, no Redis, jobs in-process) is then served the same way, on the same data
copied into ``instance/bench/pages.sqlite``, and measured per page against PostgreSQL; it is also asked
by 32 connections at once, whose errors (socket errors, timeouts, non-2xx answers) are counted.

The last line is machine-readable:

    pages: hello_rps=<x> median_ratio=<r> worst_page=<name> worst_ratio=<r> public_ratio=<r> \
sqlite_ratio=<r> sqlite_errors=<n> pages=<n>

(median and worst over the main pages; public is the lowest public page; sqlite the lowest SQLite over
PostgreSQL ratio of any page.) ``wrk`` comes from Debian's package of that name.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess  # nosec B404  # runs gunicorn, wrk and flask: fixed argument lists, no shell
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "bench-pages-2026-not-a-secret"  # noqa: S105  # nosec B105  # set on bench accounts only
HELLO = "/_bench/hello"


@dataclass
class Page:
    name: str
    path: str
    who: str  # anonymous, officer, newcomer, employer, or api-<who>
    public: bool = False
    reference: bool = False  # a floor to read the pages against, not a page of Landa's


@dataclass
class Subjects:
    officer: str
    newcomer: str
    employer: str
    case_id: int
    need_id: int
    municipality: str
    tokens: dict[str, str]


def pages(s: Subjects) -> list[Page]:
    return [
        Page("reception_cases", "/reception/", "officer"),
        Page("reception_case", f"/reception/cases/{s.case_id}", "officer"),
        Page("reception_dashboard", "/reception/dashboard", "officer"),
        Page("talent_start", "/talent/", "newcomer"),
        Page("talent_plan", "/talent/plan", "newcomer"),
        Page("talent_housing", "/talent/housing", "newcomer"),
        Page("talent_places", "/talent/places", "newcomer"),
        Page("employer_start", "/employers/", "employer"),
        Page("employer_candidates", f"/employers/needs/{s.need_id}/candidates", "employer"),
        Page("api_cases", "/api/v1/cases", "api-officer"),
        Page("api_newcomer_matches", "/api/v1/newcomer/matches", "api-newcomer"),
        Page("api_need_matches", f"/api/v1/needs/{s.need_id}/matches", "api-employer"),
        Page("home", "/", "anonymous", public=True),
        Page("board", "/needs/", "anonymous", public=True),
        Page("directory", "/directory/", "anonymous", public=True),
        Page("municipality", f"/directory/{s.municipality}", "anonymous", public=True),
        Page("signed_in_floor", "/_bench/signed-in", "officer", reference=True),
    ]


# -- data ---------------------------------------------------------------------------------------------

def prepare(env: dict[str, str], talents: int, needs: int, seed: int) -> Subjects:
    """Seed (once) and choose whom to sign in as; runs in this process against ``env``'s database."""
    from benches.population import environment

    with environment(env["DATABASE_URL"], env.get("REDIS_URL")):
        return _prepare(talents, needs, seed)


def _prepare(talents: int, needs: int, seed: int) -> Subjects:
    from sqlalchemy import delete, func, select

    from app import create_app
    from app.auth import tokens
    from app.auth.models import ApiToken, User
    from app.auth.passwords import hash_password
    from app.employers.models import CompetenceNeed, Interest, NeedStatus, OrganisationMember
    from app.extensions import db
    from app.matching.kept import forget_all
    from app.reception.models import Case, CaseStatus, CaseTask
    from app.seed.demo import DEMO_DOMAIN, LOGINS
    from app.talent.models import Household, HouseholdMember, Relation
    from benches.population import ensure_demo_and_population

    app = create_app()
    with app.app_context():
        ensure_demo_and_population(talents, needs, seed)
        forget_all()
        # The demo officer (synthetic e-mail addresses end in .invalid, which no sign-in form accepts) in the
        # busiest municipality, which has thousands of synthetic cases besides the demo's, and its open case
        # with the most tasks; a demo newcomer whose partner looks for work (two people's matches).
        municipality = db.session.scalar(
            select(Case.municipality_code).where(Case.closed_at.is_(None))
            .group_by(Case.municipality_code).order_by(func.count().desc(), Case.municipality_code).limit(1))
        officer = db.session.scalar(select(User).where(User.email == LOGINS[2][1]))
        officer.municipality_code = municipality
        case_id = db.session.scalar(
            select(Case.id).join(CaseTask, CaseTask.case_id == Case.id)
            .where(Case.municipality_code == municipality, Case.status != CaseStatus.CLOSED)
            .group_by(Case.id).order_by(func.count().desc(), Case.id).limit(1))
        newcomer = db.session.scalar(
            select(User).join(Household, Household.user_id == User.id)
            .join(HouseholdMember, HouseholdMember.profile_id == Household.id)
            .where(User.email.like(f"%@{DEMO_DOMAIN}"), HouseholdMember.relation == Relation.PARTNER,
                   HouseholdMember.seeking_work.is_(True))
            .order_by(User.id).limit(1))
        # The demo employer's open need with the most interest.
        employer = db.session.scalar(select(User).where(User.email == LOGINS[1][1]))
        need_id = db.session.scalar(
            select(CompetenceNeed.id)
            .join(OrganisationMember, OrganisationMember.organisation_id == CompetenceNeed.organisation_id)
            .outerjoin(Interest, Interest.need_id == CompetenceNeed.id)
            .where(OrganisationMember.user_id == employer.id, CompetenceNeed.status == NeedStatus.OPEN)
            .group_by(CompetenceNeed.id).order_by(func.count(Interest.id).desc(), CompetenceNeed.id).limit(1))
        password = hash_password(BENCH_PASSWORD)
        made: dict[str, str] = {}
        db.session.execute(delete(ApiToken).where(ApiToken.name == "pages benchmark"))  # earlier runs'
        for who, user in (("officer", officer), ("newcomer", newcomer), ("employer", employer)):
            user.password_hash = password
            user.active = True
            made[who] = tokens.create(user, "pages benchmark")[1]
        db.session.commit()
        return Subjects(officer.email, newcomer.email, employer.email, case_id, need_id, municipality, made)


# -- server -------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str], args) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "benches.helpers.serve:app", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(args.workers), "--worker-class", args.worker_class,
                   "--threads", str(args.threads), "--access-logfile", "-" if args.verbose else "/dev/null",
                   "--log-level", "warning", "--timeout", "60"]
        self.log = open(ROOT / "instance" / "bench" / f"gunicorn-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603  # nosec B603  # a fixed command
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self._wait()

    def _wait(self) -> None:
        import requests

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {self.log.name}")
            try:
                if requests.get(self.base + HELLO, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def sign_in(base: str, email: str) -> str:
    """Sign in through the login form as a browser would; returns the Cookie header that follows."""
    import requests

    jar: dict[str, str] = {}

    def keep(response) -> None:  # the cookies are Secure in production: kept by hand over plain HTTP
        for header in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = header.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]

    def cookie() -> str:
        return "; ".join(f"{k}={v}" for k, v in jar.items())

    page = requests.get(base + "/login", timeout=10)
    keep(page)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page.text)
    answer = requests.post(base + "/login", data={"csrf_token": token.group(1), "email": email,
                                                  "password": BENCH_PASSWORD},
                           headers={"Cookie": cookie()}, allow_redirects=False, timeout=30)
    keep(answer)
    if answer.status_code != 302:
        errors = re.findall(r"<a href=\"#[^\"]+\">([^<]+)</a>", answer.text)
        raise SystemExit(f"signing in as {email} answered {answer.status_code}: {errors}")
    return cookie()


def headers_for(page: Page, cookies: dict[str, str], subjects: Subjects) -> dict[str, str]:
    if page.who == "anonymous":
        return {}
    if page.who.startswith("api-"):
        return {"Authorization": f"Bearer {subjects.tokens[page.who[4:]]}"}
    return {"Cookie": cookies[page.who]}


def check(base: str, page: Page, headers: dict[str, str]) -> int:
    """The page answers 200 with itself (not a sign-in page); returns its size."""
    import requests

    answer = requests.get(base + page.path, headers=headers, allow_redirects=False, timeout=60)
    if answer.status_code != 200:
        raise SystemExit(f"{page.name} ({page.path}) answered {answer.status_code} "
                         f"{answer.headers.get('Location', '')}")
    return len(answer.content)


# -- load ---------------------------------------------------------------------------------------------

@dataclass
class Run:
    rps: float
    errors: int


def wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> Run:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{int(seconds)}s", "--timeout", "10s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True,  # noqa: S603  # nosec B603
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Run(rps, errors + (int(bad.group(1)) if bad else 0))


def measure(server: Server, subjects: Subjects, args, label: str) -> dict[str, list[float]]:
    """Interleaved rounds: the trivial endpoint, then every page; per page its ratios and its req/s."""
    cookies = {who: sign_in(server.base, getattr(subjects, who)) for who in ("officer", "newcomer", "employer")}
    listed = pages(subjects)
    heads = {p.name: headers_for(p, cookies, subjects) for p in listed}
    for page in listed:
        check(server.base, page, heads[page.name])
        wrk(server.base + page.path, heads[page.name], 1, args.connections)  # warm: kept lists, caches
    results: dict[str, list[float]] = {"hello": []}
    rates: dict[str, list[float]] = {"hello": []}
    errors = 0
    for round_ in range(args.rounds):
        hello = wrk(server.base + HELLO, {}, args.seconds, args.connections)
        rates["hello"].append(hello.rps)
        errors += hello.errors
        for page in listed:
            run = wrk(server.base + page.path, heads[page.name], args.seconds, args.connections)
            errors += run.errors
            rates.setdefault(page.name, []).append(run.rps)
            results.setdefault(page.name, []).append(run.rps / hello.rps)
        print(f"  {label} round {round_ + 1}/{args.rounds}: hello {hello.rps:.0f} req/s", flush=True)
    if errors:
        raise SystemExit(f"{label}: {errors} errors under load (see gunicorn's log)")
    return {"ratio": results, "rps": rates}


def report(pg: dict, lite: dict | None, listed: list[Page]) -> None:
    print(f"\n{'page':24} {'req/s':>8} {'ratio':>6}" + (f" {'sqlite/pg':>9}" if lite else ""))
    print(f"{'hello (trivial)':24} {statistics.median(pg['rps']['hello']):8.0f} {1:6.3f}")
    for page in listed:
        rps = statistics.median(pg["rps"][page.name])
        extra = f" {statistics.median(lite['rps'][page.name]) / rps:9.2f}" if lite else ""
        print(f"{page.name:24} {rps:8.0f} {statistics.median(pg['ratio'][page.name]):6.3f}{extra}", flush=True)


def production_env() -> dict[str, str]:
    """The environment gunicorn is started with: production mode on DATABASE_URL and REDIS_URL, mail held."""
    env = {**os.environ, "LANDA_ENV": "production", "SECRET_KEY": "b" * 48,
           "LANDA_BASE_URL": "http://127.0.0.1", "LANDA_TRUSTED_HOSTS": "127.0.0.1"}
    env.pop("MAIL_SERVER", None)
    return env


def server_options(parser: argparse.ArgumentParser) -> None:
    """The population, the wrk runs and the gunicorn settings (shared with ``benches/audit.py``)."""
    parser.add_argument("--talents", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--verbose", action="store_true")


def production_setup() -> tuple[str, str]:
    """DATABASE_URL and REDIS_URL of the production setup to measure (PostgreSQL and Redis), and wrk."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    database, redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database and database.startswith("postgresql") and redis):
        raise SystemExit("DATABASE_URL (PostgreSQL) and REDIS_URL must name the production setup to measure")
    (ROOT / "instance" / "bench").mkdir(parents=True, exist_ok=True)
    return database, redis


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    server_options(parser)
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    args = parser.parse_args(argv)
    database, redis = production_setup()

    production = production_env()
    subjects = prepare({"DATABASE_URL": database, "REDIS_URL": redis}, args.talents, args.needs, args.seed)
    server = Server(production, args)
    try:
        pg = measure(server, subjects, args, "PostgreSQL")
    finally:
        server.stop()

    listed = pages(subjects)
    report(pg, None, listed)
    sqlite_ratio, sqlite_errors, lite = None, 0, None
    if not args.no_sqlite:
        embedded = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "LANDA_ENV")}
        embedded["DATABASE_URL"] = f"sqlite:///{ROOT / 'instance' / 'bench' / 'pages.sqlite'}"
        embedded["SECRET_KEY"] = "b" * 48
        lite_subjects = prepare({"DATABASE_URL": embedded["DATABASE_URL"]}, args.talents, args.needs, args.seed)
        server = Server(embedded, args)
        try:
            lite = measure(server, lite_subjects, args, "SQLite")
            storm = wrk(server.base + "/needs/", {}, args.seconds, 32)
            sqlite_errors = storm.errors
        finally:
            server.stop()
        sqlite_ratio = min(statistics.median(lite["rps"][p.name]) / statistics.median(pg["rps"][p.name])
                           for p in listed if not p.reference)

    if lite:
        report(pg, lite, listed)
    ratios = {page.name: statistics.median(pg["ratio"][page.name]) for page in listed}
    hello_rps = statistics.median(pg["rps"]["hello"])
    main_pages = [p.name for p in listed if not p.public and not p.reference]
    worst = min(main_pages, key=ratios.get)
    public = min(ratios[p.name] for p in listed if p.public)
    print(f"pages: hello_rps={hello_rps:.0f} median_ratio={statistics.median(ratios[n] for n in main_pages):.3f} "
          f"worst_page={worst} worst_ratio={ratios[worst]:.3f} public_ratio={public:.3f} "
          f"sqlite_ratio={'n/a' if sqlite_ratio is None else f'{sqlite_ratio:.2f}'} "
          f"sqlite_errors={sqlite_errors} pages={sum(not p.reference for p in listed)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
