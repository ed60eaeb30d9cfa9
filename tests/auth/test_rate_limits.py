"""Guessing is slowed: token creation, sign-in and password reset are limited per account and address, and
wrong passwords are counted per account across the web and the API (app/auth/throttle.py)."""

from __future__ import annotations


def test_token_creation_is_limited_per_account(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    person = make_user("employer")
    client = app.test_client()
    answers = [client.post("/api/v1/tokens", json={"email": person.email, "password": "wrong"}).status_code
               for _ in range(6)]
    assert answers == [401] * 5 + [429]
    refused = client.post("/api/v1/tokens", json={"email": person.email, "password": person.password})
    assert refused.status_code == 429 and refused.mimetype == "application/problem+json"
    assert int(refused.headers["Retry-After"]) > 0
    other = make_user("employer")  # another account from the same address still gets in
    assert client.post("/api/v1/tokens", json={"email": other.email, "password": other.password}).status_code == 201


def test_sign_in_is_limited_per_account(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    person = make_user("newcomer")
    client = app.test_client()
    for _ in range(5):
        client.post("/login", data={"email": person.email, "password": "wrong"})
    page = client.post("/login", data={"email": person.email, "password": person.password})
    assert page.status_code == 429 and "För många försök" in page.get_data(as_text=True)  # Swedish by default
    assert client.get("/login").status_code == 200  # reading the page is never limited


def _mails(app) -> list:
    """What the app has e-mailed (after running queued jobs, as a worker would on the Redis pass)."""
    from tests.conftest import run_jobs

    run_jobs(app)
    return list(getattr(app.extensions["mailman"], "outbox", []))


def _limited(make_app):
    return make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")


def test_wrong_passwords_count_per_account_across_web_and_api(make_app, make_user):
    """Pen test, finding 5: the web and the API each had their own ten guesses. Now five wrong passwords from
    one address, on either door, stop that address for that account, on both doors."""
    app = _limited(make_app)
    person = make_user("officer")
    client = app.test_client()
    for n in range(3):
        assert client.post("/login", data={"email": person.email, "password": f"wrong {n}"}).status_code == 422
    for n in range(2):
        assert client.post("/api/v1/tokens", json={"email": person.email, "password": f"wrong {n}"}).status_code == 401
    assert client.post("/api/v1/tokens", json={"email": person.email, "password": person.password}).status_code == 429
    assert client.post("/login", data={"email": person.email, "password": person.password}).status_code == 429


def test_a_guesser_cannot_lock_the_owner_out_and_the_owner_is_told(make_app, make_user):
    """Pen test, finding 5: ten wrong passwords locked the real user out of the web, even from another address
    with the right password. Now the guessers' addresses wait; the owner signs in from their own address with
    the link e-mailed to them, and is told of the attempts once."""
    app = _limited(make_app)
    person = make_user("officer", full_name="Olle Officer", locale="en")
    client = app.test_client()
    for n in range(12):  # a spread-out guesser: two tries from each of six addresses
        client.post("/login", data={"email": person.email, "password": f"guess {n}"},
                    environ_base={"REMOTE_ADDR": f"203.0.113.{n // 2}"})
    mails = _mails(app)
    assert [m.subject for m in mails] == ["Many wrong passwords for your Landa account"]  # once, not per guess

    owner = app.test_client()
    answer = owner.post("/login", data={"email": person.email, "password": person.password},
                        environ_base={"REMOTE_ADDR": "192.0.2.10"}, headers={"Accept-Language": "en"})
    assert answer.status_code in (302, 303)  # not locked out, but the password alone does not sign in
    assert owner.get("/reception/").status_code in (302, 303)
    link = _mails(app)[-1]
    assert link.subject == "Your link to sign in to Landa"
    path = "/" + link.body.split("http://", 1)[1].split("\n", 1)[0].split("/", 1)[1]
    assert owner.get(path).status_code == 200  # a page with one button: fetching the link changes nothing
    assert owner.post(path, environ_base={"REMOTE_ADDR": "192.0.2.10"}).status_code in (302, 303)
    assert owner.get("/reception/").status_code == 200
    assert app.test_client().post(path).status_code == 410  # the link is spent
    assert "Landa" in app.test_client().get("/login").get_data(as_text=True)

    # A guesser who hits the right password from another address gets no session either.
    thief = app.test_client()
    thief.post("/login", data={"email": person.email, "password": person.password},
               environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert thief.get("/reception/").status_code in (302, 303)


def test_an_unknown_address_is_counted_like_a_known_one(make_app):
    app = _limited(make_app)
    client = app.test_client()
    answers = [client.post("/login", data={"email": "nobody@example.se", "password": "wrong"}).status_code
               for _ in range(6)]
    assert answers == [422] * 5 + [429]


def test_behind_a_proxy_each_client_address_counts_on_its_own(make_app, make_user):
    """In production gunicorn sits behind a TLS proxy: with LANDA_PROXY_HOPS=1 the client's address comes from
    X-Forwarded-For, so a guesser's five wrong passwords stop the guesser, not the owner behind the same proxy.
    Without it the header is ignored, so nobody chooses their own address with it."""
    person = make_user("officer")
    proxied = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", LANDA_PROXY_HOPS=1)
    client = proxied.test_client()
    for n in range(5):
        client.post("/login", data={"email": person.email, "password": f"guess {n}"},
                    headers={"X-Forwarded-For": "203.0.113.9"})
    assert client.post("/login", data={"email": person.email, "password": person.password},
                       headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 429
    assert client.post("/login", data={"email": person.email, "password": person.password},
                       headers={"X-Forwarded-For": "192.0.2.10"}).status_code in (302, 303)

    direct = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = direct.test_client()
    for n in range(5):
        client.post("/login", data={"email": person.email, "password": f"guess {n}"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert client.post("/login", data={"email": person.email, "password": person.password},
                       headers={"X-Forwarded-For": "192.0.2.10"}).status_code == 429  # the header counts for nothing
