"""Test fixtures: one migrated database per test run, emptied after each test.

By default the suite runs on a temporary SQLite file with jobs in-process. With
``LANDA_TEST_DATABASE_URL`` (PostgreSQL) and ``LANDA_TEST_REDIS_URL`` it runs against those
servers: a fresh database is created for the run and dropped afterwards, and jobs go
through real rq queues. ``LANDA_REQUIRE_SERVICES=1`` (set by .ci/run) fails the run if any
test was skipped, so the PostgreSQL + Redis pass cannot silently test less.

With pytest-xdist (``bin/test`` runs ``-n auto``) each worker is its own session: its own SQLite file
or PostgreSQL database and its own Redis prefix; a worker that runs browser stories starts its own live
server and Chromium. (Grouping them on one worker with ``--dist loadgroup`` does nothing on pytest 9.2,
whose node ids xdist 3.8 can no longer rename.)
"""

from __future__ import annotations

import fcntl
import os
import pickle
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from rq import SimpleWorker
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url

from app import create_app
from app.auth.models import User
from app.caching import EXTENSION
from app.catalogue.models import HousingContact, Service
from app.catalogue.services import load_reference_data
from app.extensions import db
from app.i18n import compile_catalogues
from app.jobs import QUEUES, get_queue
from tests.factories import TEST_PASSWORD, AccountFactory, HouseholdFactory

TEST_DATABASE_URL = os.environ.get("LANDA_TEST_DATABASE_URL", "").strip()
TEST_REDIS_URL = os.environ.get("LANDA_TEST_REDIS_URL", "").strip()
REQUIRE_SERVICES = os.environ.get("LANDA_REQUIRE_SERVICES") == "1"
REFERENCE_TABLES = {
    "municipality", "service", "housing_contact", "housing_contact_municipality", "occupation",
    "occupation_group", "industry_network", "alembic_version", "matching_version", "authority",
    "authority_municipality",
}


def pytest_report_header(config):
    return [
        f"landa database: {TEST_DATABASE_URL or 'temporary SQLite file'}",
        f"landa queue: {TEST_REDIS_URL or 'in-process'}",
    ]


def screenshots_dir() -> Path:
    """Where the browser stories save their screenshots (``LANDA_SCREENSHOTS``, default ``screenshots/``)."""
    return Path(os.environ.get("LANDA_SCREENSHOTS") or Path(__file__).resolve().parents[1] / "screenshots")


def _runs_browser_tests(config) -> bool:
    if "not browser" in (config.getoption("markexpr") or ""):
        return False
    browser = Path(__file__).resolve().parent / "browser"
    paths = [Path(str(arg).split("::")[0]).resolve() for arg in config.args] or [browser]
    return any(path == browser or browser in path.parents or path in browser.parents for path in paths)


def pytest_configure(config):
    # Once per run of the browser stories, before any xdist worker starts: the last set of screenshots goes.
    if not hasattr(config, "workerinput") and _runs_browser_tests(config):
        folder = screenshots_dir()
        for old in [*folder.glob("*.png"), *folder.glob("INDEX*.txt")] if folder.exists() else []:
            old.unlink()


def pytest_sessionfinish(session, exitstatus):
    if not hasattr(session.config, "workerinput"):
        _join_screenshot_index()
    # Under xdist the controller's terminal reporter counts every worker's skips; a worker only has its own.
    if not REQUIRE_SERVICES or hasattr(session.config, "workerinput"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped or not (TEST_DATABASE_URL and TEST_REDIS_URL):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.ensure_newline()
            reporter.write_line(
                f"LANDA_REQUIRE_SERVICES=1 but {skipped} tests were skipped "
                "or LANDA_TEST_DATABASE_URL / LANDA_TEST_REDIS_URL is missing", red=True,
            )


def _join_screenshot_index() -> None:
    """The workers' parts of the browser stories' INDEX (one per process) become screenshots/INDEX.txt."""
    folder = screenshots_dir()
    parts = sorted(folder.glob("INDEX.*.txt")) if folder.exists() else []
    if parts:
        shots = len(list(folder.glob("*.png")))
        text = "".join(part.read_text(encoding="utf-8") for part in parts)
        (folder / "INDEX.txt").write_text(f"{shots} screenshots in {folder}\n{text}", encoding="utf-8")
        for part in parts:
            part.unlink()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'landa-test.sqlite3'}"
        return
    # A fresh PostgreSQL database for this run, dropped at the end.
    server = make_url(TEST_DATABASE_URL)
    name = f"landa_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A commit need not wait for the disk (only a crash of the server could lose the last ones): the
        # suite commits thousands of times and would otherwise spend much of its time in fsync.
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_prefix() -> Iterator[str]:
    prefix = f"landa-test-{uuid.uuid4().hex[:8]}"
    yield prefix
    if TEST_REDIS_URL:
        from redis import Redis

        client = Redis.from_url(TEST_REDIS_URL)
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)
        # rq also lists every queue and worker in two global sets: take this run's out of them.
        queues = [q for q in client.smembers("rq:queues") if prefix.encode() in q]
        workers = [w for w in client.smembers("rq:workers")
                   if prefix.encode() in (client.hget(w, "queues") or b"") or not client.exists(w)]
        for name, members in (("rq:queues", queues), ("rq:workers", workers)):
            if members:
                client.srem(name, *members)
        for worker in workers:
            client.delete(worker)
        client.close()


def make_env(database_url: str, instance_path: str, redis_prefix: str, **extra: str) -> dict[str, str]:
    env = {
        "LANDA_ENV": "development",
        "LANDA_INSTANCE_PATH": instance_path,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8192",
        "LANDA_REDIS_PREFIX": redis_prefix,
    }
    if TEST_REDIS_URL:
        env["REDIS_URL"] = TEST_REDIS_URL
    env.update(extra)
    return env


TEST_CONFIG = {"TESTING": True, "WTF_CSRF_ENABLED": False, "MAIL_BACKEND": "locmem", "LANDA_HOLD_MAIL": False,
               "SERVER_NAME": "landa.test", "RATELIMIT_ENABLED": False,  # tests of the limits turn them on
               "LANDA_ANSWER_FLOOR_MS": 0,  # and the test of answer timing its floor
               "LANDA_COUNTS_KEPT_SECONDS": 0,  # the test of kept dashboard counts keeps them
               "LANDA_PUBLIC_KEPT_SECONDS": 0,  # and the test of kept public pages those
               "LANDA_BOARD_VERSION_SECONDS": 0}


@pytest.fixture(scope="session")
def app(database_url, redis_prefix, tmp_path_factory) -> Iterator[Flask]:
    compile_catalogues()
    instance = tmp_path_factory.mktemp("instance")
    application = create_app(TEST_CONFIG, env=make_env(database_url, str(instance), redis_prefix))
    with application.app_context():
        upgrade()
        load_reference_data(db.session)
        db.session.commit()
        db.session.remove()
    yield application
    with application.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    from app.sessions import dispose

    dispose(application)


@pytest.fixture
def make_app(app):
    """Another app on the same database and Redis, with config changes; its connections are closed after."""
    made: list[Flask] = []

    def make(**config) -> Flask:
        env = make_env(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path, app.config["LANDA_REDIS_PREFIX"])
        other = create_app(TEST_CONFIG | config, env=env)
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
        from app.sessions import dispose

        dispose(other)
        redis = other.extensions.get("landa_redis")
        if redis is not None:
            redis.close()


def _empty_database(application: Flask) -> None:
    """Every row of every table but the reference data goes (inside an app context); reference rows a test
    edited through the directory (an admin's text, kept by ``flask seed reference``) get the packaged text
    back, so the next test on this worker reads the steps' own names."""
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                conn.execute(table.delete())
        edited = [conn.execute(update(model).where(model.edited_at.is_not(None)).values(edited_at=None)).rowcount
                  for model in (Service, HousingContact)]
    if any(edited):
        load_reference_data(db.session)
        db.session.commit()


@pytest.fixture(autouse=True)
def _clean_database(request) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        _empty_database(application)
        application.extensions["mailman"].outbox = []
        application.extensions["landa_jobs_inline_log"].clear()
        for kept in application.extensions.get(EXTENSION, {}).values():
            kept.clear()  # lists kept for households whose ids the next test may use again
        application.extensions.pop("landa_reference_names", None)  # a test may rename a municipality
        for name in QUEUES:
            queue = get_queue(name)
            if queue is not None:
                queue.empty()


# --- the demo region, seeded once per run -----------------------------------------------------------

@dataclass
class Demo:
    """The rows ``flask seed demo`` wrote (every table but the reference data) and what it printed."""

    output: str
    rows: dict[str, list[dict]]

    @classmethod
    def read(cls, output: str) -> Demo:
        with db.engine.connect() as conn:
            rows = {table.name: [dict(row) for row in conn.execute(table.select()).mappings()]
                    for table in db.metadata.sorted_tables if table.name not in REFERENCE_TABLES}
        return cls(output, {name: found for name, found in rows.items() if found})

    def load(self) -> None:
        """Write the rows into this database in one transaction, as if the seed had just run on it (rows that
        migrations wrote, such as the retention rules, are replaced by the seeded ones)."""
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if self.rows.get(table.name):
                    conn.execute(table.delete())
            for table in db.metadata.sorted_tables:
                if self.rows.get(table.name):
                    conn.execute(table.insert(), self.rows[table.name])
            if conn.dialect.name == "postgresql":  # the next row of each table takes the next free id
                for table in db.metadata.sorted_tables:
                    if table.name in self.rows and "id" in table.c and table.c.id.primary_key:
                        conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"),
                                                        select(func.max(table.c.id)).scalar_subquery())))
            # Lists kept between views name these counters: what was kept before the rows came is stale.
            conn.execute(text("UPDATE matching_version SET needs = needs + 1, talents = talents + 1"))


@pytest.fixture(scope="session")
def _demo_seeded(app, tmp_path_factory) -> Demo:
    """``flask seed demo`` runs once per run, in whichever process needs it first; the other xdist workers
    (one folder up is shared by them) load what it wrote, which takes a tenth of the time."""
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") \
        else tmp_path_factory.getbasetemp()
    saved = shared / "landa-demo.pickle"
    with open(shared / "landa-demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if saved.exists():  # plain values: conftest may be imported twice, as conftest and tests.conftest
            return Demo(*pickle.loads(saved.read_bytes()))  # noqa: S301  # this run's own file
        result = app.test_cli_runner().invoke(args=["seed", "demo"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            demo = Demo.read(result.output)
            _empty_database(app)
        saved.write_bytes(pickle.dumps((demo.output, demo.rows)))
        return demo


@pytest.fixture
def demo(app, _demo_seeded) -> Demo:
    """The database holds the demo region (``flask seed demo``), its output in ``demo.output``."""
    with app.app_context():
        _demo_seeded.load()
        db.session.remove()
    return _demo_seeded


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def outbox(app):
    """E-mails handed to the mail backend, after running queued jobs like a worker would."""
    def read():
        run_jobs(app)
        return list(getattr(app.extensions["mailman"], "outbox", []))

    return read


def statements_during(app: Flask, act) -> int:
    """How many SQL statements the app's engine runs while ``act()`` runs (a page view, an API call)."""
    from sqlalchemy import event

    seen: list[int] = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        act()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


class BurstWorker(SimpleWorker):
    """An rq worker that runs what is queued and stops. It listens for no commands: rq's listener thread waits
    up to 60 seconds for a message before it can stop, and it did, at random, in one test in a hundred."""

    def subscribe(self) -> None:
        pass

    def unsubscribe(self) -> None:
        pass


def run_jobs(app: Flask) -> None:
    """Run queued rq jobs in this process (PostgreSQL + Redis pass); in-process jobs already ran."""
    with app.app_context():
        queues = [q for name in QUEUES if (q := get_queue(name)) is not None]
        if queues:
            BurstWorker(queues, connection=queues[0].connection).work(burst=True)


@pytest.fixture
def make_user(app):
    def make(role: str = "newcomer", **values):
        """``make_user("officer", municipality_code="2284", locale="en")``: its id, email, password and role."""
        values = {k: v for k, v in values.items() if v is not None}  # None: the factory's default
        with app.app_context():
            user = AccountFactory(role=role, **values)
            user_id, user_email, role = user.id, user.email, user.role
            db.session.remove()
        return type("U", (), {"id": user_id, "email": user_email, "password": values.get("password", TEST_PASSWORD),
                              "role": role})

    return make


@pytest.fixture
def login(client):
    def do(user, password: str | None = None):
        response = client.post("/login", data={"email": user.email, "password": password or user.password})
        assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
        return response

    return do


@pytest.fixture
def login_as(make_user, login):
    """Sign the test client in as a new user of ``role``; returns the user."""
    def do(role: str, **kwargs):
        user = make_user(role, **kwargs)
        login(user)
        return user

    return do



@pytest.fixture
def newcomer(app, client, make_user, login):
    """A signed-in newcomer (English) who has filled in the profile: Arjun from Chennai, with a job offer
    (``tests.factories.HouseholdFactory``; the wizard itself is walked in tests/talent and the browser story)."""
    user = make_user("newcomer", full_name="Arjun Kumar", locale="en")
    with app.app_context():
        HouseholdFactory(user=db.session.get(User, user.id))
        db.session.remove()
    login(user)
    return user


@pytest.fixture
def profile_of(app):
    def read(user):
        from sqlalchemy import select

        from app.talent.models import Household

        with app.app_context():
            return db.session.scalar(select(Household).where(Household.user_id == user.id))

    return read


@pytest.fixture
def newcomer_client(app, make_user):
    """A second browser: a newcomer (Ana Souza from Brazil, English) with the profile's first step saved."""
    person = make_user("newcomer", full_name="Ana Souza", locale="en")
    with app.app_context():
        HouseholdFactory(user=db.session.get(User, person.id), full_name="Ana Souza", steps=("about",),
                         current_country="BR", current_city="Recife")
        db.session.remove()
    browser = app.test_client()
    browser.post("/login", data={"email": person.email, "password": person.password})
    return person, browser


# --- reception: a household's case and an officer of its municipality ------------------------------

@pytest.fixture
def case_id(app, client, newcomer):
    """Arjun (moving to Örnsköldsvik, 2284) lets reception contact him: the case opens by itself."""
    from sqlalchemy import select

    from app.reception.models import Case, CaseSource, CaseStatus

    page = client.post("/talent/consents", data={"officer_contact": "y"}, follow_redirects=True)
    assert "can now see your move and will contact you" in page.get_data(as_text=True)
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert (case.municipality_code, case.source, case.status) == ("2284", CaseSource.NEWCOMER, CaseStatus.NEW)
        return case.id


@pytest.fixture
def officer(app, make_user):
    """An officer of Örnsköldsvik, logged in, in English."""
    person = make_user("officer", municipality_code="2284", full_name="Olle Officer", locale="en")
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": person.email, "password": person.password})
    browser.user = person
    return browser


@pytest.fixture
def bearer(app):
    """``bearer(user)`` -> the Authorization header of a fresh API token of ``user``, obtained as an outside
    developer would (``POST /api/v1/tokens``)."""
    def headers(user) -> dict[str, str]:
        response = app.test_client().post("/api/v1/tokens", json={"email": user.email, "password": user.password})
        assert response.status_code == 201, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return headers


@pytest.fixture
def household_answers(app, outbox):
    """``household_answers(email, yes=True, password=None)``: a household asked by a reception sets its password
    from the invitation (a new address registered at the desk) or signs in with ``password``, and answers the
    question on its start page. Returns its browser."""
    import re

    def answer(email: str, yes: bool = True, password: str | None = None):
        browser = app.test_client()
        if password is None:
            invitation = [m for m in outbox() if email in m.to and "/welcome/" in m.body][-1]
            link = re.search(r"https?://[^/\s]+(/welcome/\S+)", invitation.body).group(1)
            assert browser.post(link, data={"password": TEST_PASSWORD, "password_confirm": TEST_PASSWORD}
                                ).status_code in (302, 303)
            password = TEST_PASSWORD
        assert browser.post("/login", data={"email": email, "password": password}).status_code in (302, 303)
        page = browser.get("/talent/").get_data(as_text=True)
        found = re.search(r'action="/talent/reception-requests/(\d+)"', page)
        assert found, "no question on the start page"
        answered = browser.post(f"/talent/reception-requests/{found.group(1)}", data={"answer": "yes" if yes else "no"})
        assert answered.status_code in (302, 303)
        return browser

    return answer
