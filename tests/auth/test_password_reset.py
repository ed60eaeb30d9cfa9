"""Password reset and staff invitations: e-mailed, time-limited, single-use links."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db


def _link(message) -> str:
    match = re.search(r"https?://\S+/(password/reset|welcome)/(\S+)", message.body)
    assert match, message.body
    return "/" + match.group(1) + "/" + match.group(2)


def test_reset_by_email_link_works_once(app, client, make_user, outbox):
    user = make_user("newcomer", locale="en")
    response = client.post("/password/forgot", data={"email": user.email}, headers={"Accept-Language": "en"})
    assert response.status_code in (302, 303)

    [message] = outbox()
    assert message.to == [user.email]
    assert message.subject == "Choose a new password for Landa"  # in the user's language
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    link = _link(message)

    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "my brand new password", "password_confirm": "my brand new password"})
    assert done.headers["Location"].endswith("/login")
    assert client.post("/login", data={"email": user.email, "password": "my brand new password"}).status_code == 302

    client.post("/logout")
    spent = client.get(link, headers={"Accept-Language": "en"})
    assert spent.headers["Location"].endswith("/password/forgot")
    page = client.get(spent.headers["Location"], headers={"Accept-Language": "en"})
    assert "This link is not valid any more" in page.get_data(as_text=True)


def test_reset_email_in_swedish_for_swedish_users(client, make_user, outbox):
    user = make_user("newcomer", locale="sv")
    client.post("/password/forgot", data={"email": user.email}, headers={"Accept-Language": "en"})
    [message] = outbox()
    assert message.subject == "Välj ett nytt lösenord för Landa"


def test_unknown_email_gets_the_same_answer_and_no_mail(app, client, make_user, outbox):
    from app.jobs import get_queue

    user = make_user("newcomer")
    with app.app_context():
        redis_pass = get_queue("mail") is not None
    if redis_pass:
        # The request does the same work for both: one job each, the lookup happens in the job.
        with app.app_context():
            queue = get_queue("mail")
            other = app.test_client()
            other.post("/password/forgot", data={"email": user.email})
            other.post("/password/forgot", data={"email": "nobody@example.se"})
            assert len(queue) == 2
            assert len(outbox()) == 1  # the job for the unknown address sent nothing
            app.extensions["mailman"].outbox = []
    known = client.post("/password/forgot", data={"email": user.email}, follow_redirects=True,
                        headers={"Accept-Language": "en"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.se"}, follow_redirects=True,
                          headers={"Accept-Language": "en"})
    def strip(html: str) -> str:  # the address typed, and the form's CSRF token (signed with the second it was made)
        html = re.sub(r'<input[^>]*name="csrf_token"[^>]*>', "CSRF", html)
        return html.replace(user.email, "EMAIL").replace("nobody@example.se", "EMAIL")

    assert strip(known.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))
    assert len(outbox()) == 1


def test_expired_link(app, client, make_user, outbox, monkeypatch):
    user = make_user("newcomer")
    client.post("/password/forgot", data={"email": user.email})
    link = _link(outbox()[0])
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(link, follow_redirects=True, headers={"Accept-Language": "en"})
    assert "This link has expired." in response.get_data(as_text=True)


def test_tampered_link(client):
    response = client.get("/password/reset/not-a-real-token", follow_redirects=True,
                          headers={"Accept-Language": "en"})
    assert "This link is not valid any more" in response.get_data(as_text=True)


def test_admin_invites_an_officer(app, client, login_as, outbox):
    login_as("admin", locale="en")
    form = {"full_name": "Lena Lots", "email": "lena@sundsvall.se", "role": "officer", "municipality_code": ""}
    missing = client.post("/admin/users", data=form, headers={"Accept-Language": "en"})
    assert missing.status_code == 422
    assert "Choose the officer's municipality." in missing.get_data(as_text=True)

    created = client.post("/admin/users", data=form | {"municipality_code": "2281"})
    assert created.status_code in (302, 303)
    [message] = outbox()
    link = _link(message)
    assert link.startswith("/welcome/")
    client.post("/logout")

    officer = app.test_client()
    officer.post(link, data={"password": "officer long password", "password_confirm": "officer long password"})
    signed_in = officer.post("/login", data={"email": "lena@sundsvall.se", "password": "officer long password"})
    assert signed_in.headers["Location"].endswith("/reception/")
    with app.app_context():
        lena = db.session.scalar(select(User).where(User.email == "lena@sundsvall.se"))
        assert (lena.role, lena.municipality_code) == ("officer", "2281")
