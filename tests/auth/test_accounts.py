"""Registration, sign-in, sign-out and password changes, as people use them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.auth.models import Role, User
from app.extensions import db
from tests.conftest import TEST_PASSWORD


def _users(app, email=None) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(User)
        if email:
            stmt = stmt.where(User.email == email)
        return db.session.scalar(stmt)


def _register(client, **overrides):
    data = {"role": "newcomer", "full_name": "Priya Raman", "email": "priya@example.in",
            "password": TEST_PASSWORD, "password_confirm": TEST_PASSWORD}
    data.update(overrides)
    return client.post("/register", data=data, headers={"Accept-Language": "en"})


def test_newcomer_registers_and_lands_on_their_page(app, client):
    response = _register(client, email="  Priya@Example.IN ")
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith("/talent/")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "priya@example.in"))
        assert user.role == Role.NEWCOMER
        assert user.locale == "en"  # the language they registered in
        assert user.password_hash.startswith("$argon2id$")
    page = client.get("/talent/")
    assert page.status_code == 200
    assert "Welcome, Priya Raman" in page.get_data(as_text=True)


def test_employer_registers(client):
    response = _register(client, role="employer", email="hr@plant.se")
    assert response.headers["Location"].endswith("/employers/")


def test_staff_roles_cannot_self_register(app, client):
    response = _register(client, role="admin", email="sneaky@example.se")
    assert response.status_code == 422
    assert _users(app, "sneaky@example.se") == 0


def test_duplicate_email_keeps_what_was_typed(app, client, make_user):
    make_user("newcomer", email="taken@example.se")
    response = _register(client, email="taken@example.se", full_name="Someone Else")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "An account with this e-mail address already exists" in html
    assert 'value="Someone Else"' in html and 'value="taken@example.se"' in html
    assert _users(app, "taken@example.se") == 1


def test_invalid_email_and_password_lengths(app, client):
    html = _register(client, email="not-an-email", password="short", password_confirm="short").get_data(as_text=True)
    assert "Enter a valid e-mail address" in html
    assert "Use between 12 and 128 characters" in html
    too_long = "x" * 129
    html = _register(client, password=too_long, password_confirm=too_long).get_data(as_text=True)
    assert "Use between 12 and 128 characters" in html
    html = _register(client, password_confirm="something else entirely").get_data(as_text=True)
    assert "The two passwords are not the same" in html
    assert _users(app) == 0


def test_registration_errors_in_swedish(client):
    response = client.post("/register", data={"role": "newcomer", "full_name": "", "email": "x",
                                              "password": "", "password_confirm": ""},
                           headers={"Accept-Language": "sv"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skriv ditt namn." in html
    assert "Skriv en giltig e-postadress" in html


def test_wrong_password_and_unknown_email_look_the_same(client, make_user):
    user = make_user("newcomer")
    wrong = client.post("/login", data={"email": user.email, "password": "wrong password here"},
                        headers={"Accept-Language": "en"})
    unknown = client.post("/login", data={"email": "nobody@example.se", "password": "wrong password here"},
                          headers={"Accept-Language": "en"})
    assert wrong.status_code == unknown.status_code == 422
    message = "The e-mail address or the password is not right."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert f'value="{user.email}"' in wrong.get_data(as_text=True)  # what was typed is kept


def test_inactive_user_cannot_sign_in(app, client, make_user):
    user = make_user("employer")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.post("/login", data={"email": user.email, "password": user.password})
    assert response.status_code == 422


def test_login_gives_a_new_session_id_and_logout_ends_it_on_the_server(app, make_user):
    user = make_user("newcomer")
    client = app.test_client()
    client.get("/login")
    before = client.get_cookie("landa_session", domain="landa.test")
    client.post("/login", data={"email": user.email, "password": user.password})
    after = client.get_cookie("landa_session", domain="landa.test")
    assert after is not None and (before is None or before.value != after.value)

    # A copy of the cookie taken while signed in...
    thief = app.test_client()
    thief.set_cookie("landa_session", after.value, domain="landa.test")
    assert thief.get("/talent/").status_code == 200

    assert client.get("/logout").status_code == 405  # no state change on GET
    assert client.post("/logout").status_code in (302, 303)
    assert client.get("/talent/").status_code in (302, 303)
    # ...is worthless after logout: the session is gone from the server.
    assert thief.get("/talent/").status_code in (302, 303)


def test_next_parameter_only_follows_local_paths(client, make_user):
    user = make_user("officer")
    evil = client.post("/login", data={"email": user.email, "password": user.password,
                                       "next": "//evil.example/phish"})
    assert evil.headers["Location"].endswith("/reception/")
    client.post("/logout")
    ok = client.post("/login", data={"email": user.email, "password": user.password,
                                     "next": "/reception/?status=new"})
    assert ok.headers["Location"].endswith("/reception/?status=new")


def test_password_change_ends_other_sessions(app, make_user, login):
    user = make_user("newcomer", locale="en")
    laptop, phone = app.test_client(), app.test_client()
    for c in (laptop, phone):
        c.post("/login", data={"email": user.email, "password": user.password})

    wrong = laptop.post("/account", data={"current_password": "not my password", "password": "a new long password",
                                          "password_confirm": "a new long password"},
                        headers={"Accept-Language": "en"})
    assert "The current password is not right." in wrong.get_data(as_text=True)

    done = laptop.post("/account", data={"current_password": user.password, "password": "a new long password",
                                         "password_confirm": "a new long password"})
    assert done.status_code in (302, 303)
    assert laptop.get("/talent/").status_code == 200
    assert phone.get("/talent/").status_code in (302, 303)
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email, "password": "a new long password"}).status_code == 302


def test_users_create_command(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "Lots@Sundsvall.se", "--name", "Lena Lots",
                                 "--role", "officer", "--municipality", "2281", "--password", TEST_PASSWORD])
    assert result.exit_code == 0, result.output
    assert "officer lots@sundsvall.se created" in result.output
    again = runner.invoke(args=["users", "create", "--email", "lots@sundsvall.se", "--name", "Lena",
                                "--role", "officer", "--municipality", "2281", "--password", TEST_PASSWORD])
    assert again.exit_code != 0 and "already exists" in again.output
    no_town = runner.invoke(args=["users", "create", "--email", "x@y.se", "--name", "X", "--role", "officer",
                                  "--password", TEST_PASSWORD])
    assert no_town.exit_code != 0 and "--municipality" in no_town.output
    assert _users(app) == 1


@pytest.mark.parametrize("address", ["lena@sundsvall", "lena@@sundsvall.se", "lena lots@sundsvall.se",
                                     "Lena <lena@sundsvall.se>", "lena@sundsvall..se"])
def test_users_create_refuses_an_address_the_sign_in_form_refuses(app, runner, client, address):
    """Pen test, finding 9: the CLI made accounts whose address the sign-in form then refused. One rule
    (``app.validators.is_email_address``) serves the forms, the API and the CLI."""
    refused = client.post("/login", data={"email": address, "password": TEST_PASSWORD})
    assert refused.status_code == 422 and "Skriv en giltig e-postadress" in refused.get_data(as_text=True)
    made = runner.invoke(args=["users", "create", "--email", address, "--name", "Lena Lots", "--role", "admin",
                               "--password", TEST_PASSWORD])
    assert made.exit_code != 0 and "not an e-mail address the sign-in form accepts" in made.output
    api = client.post("/api/v1/tokens", json={"email": address, "password": TEST_PASSWORD})
    assert api.status_code == 422 and "email" in api.get_json()["errors"]
    assert _users(app) == 0


def test_users_create_refuses_a_password_the_web_refuses(app, runner):
    weak = runner.invoke(args=["users", "create", "--email", "lena@sundsvall.se", "--name", "Lena Lots",
                               "--role", "admin", "--password", "sundsvall2026"])
    assert weak.exit_code != 0 and "too easy to guess" in weak.output
    assert _users(app) == 0


@pytest.mark.parametrize("password", ["password1234", "qwertyuiop12", "sommar2024sommar", "priyaraman1990"])
def test_common_and_personal_passwords_are_refused(app, client, password):
    response = _register(client, email="priya@example.in", password=password, password_confirm=password)
    assert response.status_code == 422
    assert "too easy to guess" in response.get_data(as_text=True)
    assert "Priya Raman" in response.get_data(as_text=True)  # what was typed is kept
    assert _register(client, email="priya@example.in").status_code in (302, 303)  # a passphrase is fine
