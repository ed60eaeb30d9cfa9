"""Sessions live on the server: in the database by default, in Redis when it is configured."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.sessions import WebSession
from tests.conftest import TEST_REDIS_URL


def _stored(app, sid: str) -> bool:
    key = app.config["SESSION_KEY_PREFIX"] + sid
    with app.app_context():
        if TEST_REDIS_URL:
            from app.redis_client import get_redis

            return bool(get_redis().exists(key))
        return db.session.scalar(select(WebSession.id).where(WebSession.id == key)) is not None


def test_session_data_stays_on_the_server(app, make_user):
    user = make_user("newcomer")
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": user.password})
    cookie = client.get_cookie("landa_session", domain="landa.test")
    # Only a random id: not Flask's signed cookie (payload.timestamp.signature) with data in it.
    assert "." not in cookie.value and user.email not in cookie.value and len(cookie.value) < 64
    assert _stored(app, cookie.value)

    client.post("/logout")
    assert not _stored(app, cookie.value)


def test_expired_sessions_are_not_used(app, make_user):
    from datetime import timedelta

    from app.models import utcnow

    user = make_user("newcomer")
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": user.password})
    assert client.get("/talent/").status_code == 200
    sid = client.get_cookie("landa_session", domain="landa.test").value
    key = app.config["SESSION_KEY_PREFIX"] + sid
    lifetime = app.permanent_session_lifetime.total_seconds()
    with app.app_context():
        if TEST_REDIS_URL:
            from app.redis_client import get_redis

            assert 0 < get_redis().ttl(key) <= lifetime  # Redis drops it when the lifetime ends
            get_redis().delete(key)
            assert client.get("/talent/").status_code in (302, 303)
            return
        row = db.session.get(WebSession, key)
        assert lifetime - 60 < (row.expires_at - utcnow()).total_seconds() <= lifetime
        for row in db.session.scalars(select(WebSession)):
            row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/talent/").status_code in (302, 303)


def test_staff_sessions_end_after_idle_minutes(app, make_user):
    import time

    from app.auth.login import SEEN_KEY

    officer = make_user("officer", locale="en")
    browser = app.test_client()
    browser.post("/login", data={"email": officer.email, "password": officer.password})
    assert browser.get("/reception/").status_code == 200
    with browser.session_transaction() as stored:
        stored[SEEN_KEY] = time.time() - 29 * 60
    assert browser.get("/reception/").status_code == 200  # 29 minutes: still here, and the clock restarts
    with browser.session_transaction() as stored:
        stored[SEEN_KEY] = time.time() - 31 * 60
    page = browser.get("/reception/", follow_redirects=True)
    assert "signed out after 30 minutes without activity" in page.get_data(as_text=True)
    assert browser.get("/reception/").status_code == 302

    newcomer = make_user("newcomer")  # a household's own session is not cut short
    other = app.test_client()
    other.post("/login", data={"email": newcomer.email, "password": newcomer.password})
    with other.session_transaction() as stored:
        stored[SEEN_KEY] = time.time() - 10 * 3600
    assert other.get("/talent/").status_code == 200


def test_sign_out_everywhere_ends_every_session(app, make_user):
    person = make_user("employer")
    phone, laptop = app.test_client(), app.test_client()
    for browser in (phone, laptop):
        browser.post("/login", data={"email": person.email, "password": person.password})
        assert browser.get("/account").status_code == 200
    response = laptop.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    for browser in (phone, laptop):
        assert browser.get("/account").status_code == 302  # both must sign in again
    phone.post("/login", data={"email": person.email, "password": person.password})
    assert phone.get("/account").status_code == 200


def _sessions(app) -> int:
    from app.sessions import stored_sessions

    with app.app_context():
        return stored_sessions()


ANONYMOUS_PAGES = ["/", "/directory/", "/directory/2281", "/needs/", "/privacy", "/accessibility", "/healthz",
                   "/api/v1/municipalities", "/api/v1/board", "/api/v1/openapi.json", "/no-such-page"]


@pytest.fixture
def guarded(make_app):
    """The app as in production: CSRF tokens on (the suite turns them off for brevity)."""
    return make_app(WTF_CSRF_ENABLED=True)


def test_a_thousand_anonymous_page_views_store_no_session(guarded):
    """Pen test, finding 6: every anonymous page view stored a session (the language switch's CSRF token), so a
    flood filled Redis. Only something to keep stores one: a language choice, a form, a signed-in person."""
    app = guarded
    before = _sessions(app)
    browser = app.test_client()
    for n in range(1000):
        path = ANONYMOUS_PAGES[n % len(ANONYMOUS_PAGES)]
        assert browser.get(path).status_code < 500
        if n % 100 == 0:
            fresh = app.test_client()  # a new visitor too, without cookies
            assert fresh.get(path).status_code < 500
    assert _sessions(app) == before
    assert browser.get_cookie("landa_session", domain="landa.test") is None

    # The anonymous language switch needs no token and keeps the choice (one short session).
    chose = browser.post("/language", data={"lang": "en", "next": "/directory/"})
    assert chose.status_code in (302, 303)
    assert 'lang="en"' in browser.get("/directory/").get_data(as_text=True)
    assert _sessions(app) == before + 1


def _lifetime_left(app, browser):
    from app.models import utcnow

    key = app.config["SESSION_KEY_PREFIX"] + browser.get_cookie("landa_session", domain="landa.test").value
    with app.app_context():
        if TEST_REDIS_URL:
            from app.redis_client import get_redis

            return timedelta(seconds=get_redis().ttl(key))
        return db.session.get(WebSession, key).expires_at - utcnow()


def test_anonymous_sessions_are_short_and_signed_in_ones_last(guarded, make_user):
    from app.sessions import ANONYMOUS_LIFETIME

    app = guarded
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)  # a form in progress: its CSRF token is kept
    assert timedelta(0) < _lifetime_left(app, browser) <= ANONYMOUS_LIFETIME
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    user = make_user("newcomer")
    signed_in = browser.post("/login", data={"email": user.email, "password": user.password, "csrf_token": token})
    assert signed_in.status_code in (302, 303)
    assert _lifetime_left(app, browser) > app.permanent_session_lifetime - timedelta(minutes=1)


def test_a_signed_in_persons_language_switch_needs_their_token(guarded, make_user):
    app = guarded
    user = make_user("newcomer", locale="sv")
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    browser.post("/login", data={"email": user.email, "password": user.password, "csrf_token": token})
    assert 'name="csrf_token"' in browser.get("/talent/").get_data(as_text=True)
    forged = browser.post("/language", data={"lang": "en", "next": "/talent/"})  # from another site: no token
    assert forged.status_code == 400
    with app.app_context():
        from app.auth.models import User

        assert db.session.get(User, user.id).locale == "sv"


def test_erasure_destroys_every_session_of_the_person(app, make_user):
    """Pen test, finding 9: after erasure a session on another device still held the person's data until it
    expired. Every stored session of theirs goes; other people's stay."""
    user = make_user("newcomer", full_name="Mei Lin")
    other = make_user("newcomer")
    phone, laptop, someone_else = app.test_client(), app.test_client(), app.test_client()
    for browser, person in ((phone, user), (laptop, user), (someone_else, other)):
        browser.post("/login", data={"email": person.email, "password": person.password})
        assert browser.get("/talent/").status_code == 200
    phone_sid = phone.get_cookie("landa_session", domain="landa.test").value
    before = _sessions(app)

    deleted = laptop.post("/account/delete", data={"password": user.password, "understood": "y"})
    assert deleted.status_code in (302, 303)
    assert not _stored(app, phone_sid)
    assert _sessions(app) == before - 1  # the phone's went; the laptop's is a new anonymous one with its message
    assert someone_else.get("/talent/").status_code == 200


def test_a_static_file_or_api_call_never_undoes_what_a_page_stored(app):
    """A page's scripts still loading while the next page stores its form's token: the script's request
    read the session before, and must not write that old copy back (the token lost: "the form expired")."""
    from flask import Response, request

    client = app.test_client()
    client.post("/language", data={"lang": "sv", "next": "/"})  # the session holds something
    sid = client.get_cookie("landa_session", domain="landa.test").value
    interface = app.session_interface
    for path, now in (("/static/js/suggest.js", "en"), ("/api/v1/skills?q=hydr", "sv")):
        with app.test_request_context(path, headers={"Cookie": f"landa_session={sid}"}):
            request.url_rule, request.view_args = app.url_map.bind("landa.test").match(
                request.path, return_rule=True)
            stale = interface.open_session(app, request)  # read before the page below stores its change
            client.post("/language", data={"lang": now, "next": "/"})
            interface.save_session(app, stale, Response())
        with app.test_request_context("/", headers={"Cookie": f"landa_session={sid}"}):
            assert interface.open_session(app, request).get("lang") == now, path


def test_a_signed_in_session_is_rewritten_at_most_every_few_minutes(app, client, newcomer, monkeypatch):
    """Each page view used to rewrite the session to extend its life: a store write per view."""
    import time

    interface = type(app.session_interface)
    writes: list[int] = []
    original = interface._upsert_session

    def counting(self, *args, **kwargs):
        writes.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(interface, "_upsert_session", counting)
    client.get("/talent/")  # shows (and so removes) the messages the profile's steps left: a change
    writes.clear()
    client.get("/talent/")
    client.get("/talent/plan")
    assert writes == []
    later = time.time() + interface.REFRESH_EVERY.total_seconds() + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get("/talent/").status_code == 200
    assert writes == [1]  # its life extended
