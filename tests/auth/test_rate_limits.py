"""Guessing is slowed: token creation, sign-in and password reset are limited per account and address."""

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


def test_an_account_tried_from_many_addresses_is_locked_for_a_while(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    person = make_user("officer")
    client = app.test_client()
    for n in range(10):
        client.post("/login", data={"email": person.email, "password": "wrong"},
                    environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
    locked = client.post("/login", data={"email": person.email, "password": person.password},
                         environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert locked.status_code == 429  # even the right password, from a new address, waits
    other = make_user("officer")
    assert client.post("/login", data={"email": other.email, "password": other.password},
                       environ_base={"REMOTE_ADDR": "10.0.1.1"}).status_code in (302, 303)
