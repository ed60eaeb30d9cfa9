"""The embedded default (SQLite, one process, sessions in the database) answers many requests at once.

Each request holds its database connection until it ends, and saves its session just before: when the
session store took its connection from the same pool, as many requests at once as the pool holds each
waited for a connection the others held, and all of them answered 500 after the pool's timeout. Here the
pool's timeout is short, so that stall fails the test at once instead of after 30 s.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from types import SimpleNamespace
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener, urlopen

import pytest

CONCURRENT = 32


@pytest.fixture
def embedded(tmp_path, redis_prefix):
    """Landa on the embedded default behind a threaded server, and a newcomer's account."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from app import create_app
    from app.catalogue.services import load_reference_data
    from app.extensions import db
    from app.sessions import dispose
    from tests.conftest import TEST_CONFIG, TEST_PASSWORD, make_env

    env = make_env(f"sqlite:///{tmp_path / 'embedded.sqlite3'}", str(tmp_path), redis_prefix)
    env.pop("REDIS_URL", None)  # the embedded default: no Redis, sessions in the database
    application = create_app({**TEST_CONFIG, "SERVER_NAME": None,
                              "SQLALCHEMY_ENGINE_OPTIONS": {"pool_timeout": 3, "connect_args": {"timeout": 15}}},
                             env=env)
    with application.app_context():
        upgrade()
        load_reference_data(db.session)
        db.session.commit()
        from app.auth.models import Role
        from app.flows.accounts import create_account

        create_account(email="many@example.se", password=TEST_PASSWORD, full_name="Many Tabs", role=Role.NEWCOMER,
                    locale="en", municipality_code=None)
        db.session.commit()
    user = SimpleNamespace(email="many@example.se", password=TEST_PASSWORD)
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", user
    server.shutdown()
    thread.join()
    with application.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    dispose(application)


def _get(url: str, cookie: str) -> int:
    request = Request(url, headers={"Cookie": cookie})  # noqa: S310  # our own test server
    with urlopen(request, timeout=30) as response:  # noqa: S310  # our own test server
        response.read()
        return response.status


def test_many_requests_at_once_are_answered(embedded):
    """A signed-in newcomer's pages read the database and refresh the session (its lifetime) on each view."""
    url, user = embedded
    jar = CookieJar()
    build_opener(HTTPCookieProcessor(jar)).open(Request(  # noqa: S310  # signing in, then to the start page
        f"{url}/login", data=urlencode({"email": user.email, "password": user.password}).encode()), timeout=30)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    assert _get(f"{url}/talent/", cookie) == 200
    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        statuses = list(pool.map(lambda _i: _get(f"{url}/talent/", cookie), range(CONCURRENT * 2)))
    assert statuses == [200] * (CONCURRENT * 2)
