"""Sessions live on the server: in the database by default, in Redis when it is configured."""

from __future__ import annotations

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
