"""Two-factor sign-in for staff: a code from an authenticator app after the password, optional, single-use."""

from __future__ import annotations

import hashlib
import json
import re

import pyotp
import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth import two_factor
from app.auth.models import User
from app.extensions import db

START = 1_800_000_000.0  # a fixed moment: codes depend on the clock


@pytest.fixture
def clock(monkeypatch):
    """The clock of codes and pending sign-ins, moved by the test: ``clock.now += 30``."""
    class Clock:
        now = START

    monkeypatch.setattr(two_factor, "now", lambda: Clock.now)
    return Clock


def code(secret: str, clock, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).generate_otp(int(clock.now) // 30 + offset_steps)


def wrong_code(secret: str, clock) -> str:
    window = {code(secret, clock, step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in window)


def backup_codes(page) -> list[str]:
    return re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", page.get_data(as_text=True))


def enable_directly(app, user, clock) -> str:
    """Turn two-factor sign-in on for ``user`` as enrolment would (secret, then a confirming code)."""
    secret = pyotp.random_base32()
    with app.app_context():
        two_factor.enable(db.session.get(User, user.id), secret, code(secret, clock))
        db.session.commit()
    clock.now += 30  # the confirming code is spent: sign-ins use the next one
    return secret


def stored(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def actions(app, user_id: int) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.object_type == "user", AuditEntry.object_id == user_id).order_by(AuditEntry.id)))


@pytest.mark.parametrize("role", ["officer", "coordinator", "admin"])
def test_staff_set_it_up_with_a_confirming_code(app, client, login_as, clock, role):
    user = login_as(role, locale="en")
    page = client.get("/account").get_data(as_text=True)
    assert 'id="two-factor"' in page and "Set up two-factor sign-in" in page and "otpauth://" not in page

    assert client.post("/account/two-factor").status_code in (302, 303)
    page = client.get("/account").get_data(as_text=True)
    uri = re.search(r"otpauth://totp/[^<\s]+", page).group(0)
    secret = re.search(r"secret=([A-Z2-7]+)", uri).group(1)
    assert "issuer=Landa" in uri and '<svg viewBox="' in page and 'class="qr-code"' in page
    assert "<script" not in page.split('id="two-factor"')[1].split("</article>")[0]
    assert not stored(app, user.id).two_factor_enabled  # nothing stored before a code confirms it

    refused = client.post("/account/two-factor/confirm", data={"totp-code": wrong_code(secret, clock)})
    assert refused.status_code == 422 and "This code is not right" in refused.get_data(as_text=True)
    assert not stored(app, user.id).two_factor_enabled

    done = client.post("/account/two-factor/confirm", data={"totp-code": code(secret, clock)})
    assert done.status_code == 200 and len(backup_codes(done)) == two_factor.BACKUP_CODES  # shown this once
    assert done.headers["Cache-Control"] == "no-store"
    account = stored(app, user.id)
    assert account.two_factor_enabled and account.totp_secret == secret and account.totp_enabled_at is not None
    assert actions(app, user.id) == ["two_factor_enabled"]
    page = client.get("/account").get_data(as_text=True)
    assert secret not in page and "otpauth://" not in page and "Turn off two-factor sign-in" in page


def test_a_code_with_spaces_is_accepted_and_the_key_is_shown_grouped(app, client, login_as, clock):
    login_as("officer", locale="en")
    client.post("/account/two-factor")
    page = client.get("/account").get_data(as_text=True)
    secret = re.search(r"secret=([A-Z2-7]+)", page).group(1)
    assert two_factor.grouped(secret) in page
    typed = code(secret, clock)
    assert client.post("/account/two-factor/confirm",
                       data={"totp-code": f" {typed[:3]} {typed[3:]} "}).status_code == 200


@pytest.mark.parametrize("role", ["newcomer", "employer"])
def test_newcomers_and_employers_are_not_offered_it(app, client, login_as, role):
    login_as(role, locale="en")
    page = client.get("/account").get_data(as_text=True)
    assert "two-factor" not in page.lower()
    assert client.post("/account/two-factor").status_code == 403
    assert client.post("/account/two-factor/confirm", data={"totp-code": "123456"}).status_code == 403


def test_signing_in_asks_for_the_code_after_the_password(app, client, make_user, clock):
    user = make_user("officer", locale="en")
    secret = enable_directly(app, user, clock)
    client.post("/language", data={"lang": "en"})  # chosen before signing in

    answer = client.post("/login", data={"email": user.email, "password": user.password, "next": "/account"})
    assert answer.headers["Location"].endswith("/login/code")
    assert client.get("/reception/").status_code in (302, 303)  # not signed in yet
    page = client.get("/login/code").get_data(as_text=True)
    assert 'autocomplete="one-time-code"' in page and "authenticator app" in page

    refused = client.post("/login/code", data={"code": wrong_code(secret, clock)})
    assert refused.status_code == 422 and "This code is not right" in refused.get_data(as_text=True)
    assert client.get("/reception/").status_code in (302, 303)

    signed_in = client.post("/login/code", data={"code": code(secret, clock)})
    assert signed_in.headers["Location"].endswith("/account")  # where they were going
    assert client.get("/reception/").status_code == 200
    assert stored(app, user.id).last_login_at is not None


def test_a_used_code_is_refused(app, client, make_user, clock):
    user = make_user("coordinator")
    secret = enable_directly(app, user, clock)
    used = code(secret, clock)
    client.post("/login", data={"email": user.email, "password": user.password})
    assert client.post("/login/code", data={"code": used}).status_code in (302, 303)
    client.post("/logout")

    client.post("/login", data={"email": user.email, "password": user.password})
    assert client.post("/login/code", data={"code": used}).status_code == 422  # same code, same 30 seconds
    clock.now += 15
    assert client.post("/login/code", data={"code": used}).status_code == 422  # still inside the window
    assert client.post("/login/code", data={"code": code(secret, clock, -1)}).status_code == 422  # an older one
    clock.now += 30
    assert client.post("/login/code", data={"code": code(secret, clock)}).status_code in (302, 303)


def test_the_code_of_the_step_before_or_after_is_accepted_but_not_further(app, make_user, clock):
    user = make_user("admin")
    secret = enable_directly(app, user, clock)
    with app.app_context():
        account = db.session.get(User, user.id)
        assert not two_factor.verify(account, code(secret, clock, -2))
        assert not two_factor.verify(account, code(secret, clock, 2))
        assert two_factor.verify(account, code(secret, clock, 1))  # a phone a little ahead
        assert not two_factor.verify(account, code(secret, clock, 0))  # a step before the one just used
        db.session.rollback()


def test_the_second_step_waits_five_minutes(app, client, make_user, clock):
    user = make_user("officer", locale="en")
    secret = enable_directly(app, user, clock)
    client.post("/language", data={"lang": "en"})
    client.post("/login", data={"email": user.email, "password": user.password})
    clock.now += 5 * 60 + 1
    late = client.post("/login/code", data={"code": code(secret, clock)})
    assert late.headers["Location"].endswith("/login")
    assert "took more than 5 minutes" in client.get("/login").get_data(as_text=True)
    assert client.get("/reception/").status_code in (302, 303)
    assert client.get("/login/code").headers["Location"].endswith("/login")  # the pending step is gone

    client.post("/login", data={"email": user.email, "password": user.password})
    clock.now += 4 * 60
    assert client.post("/login/code", data={"code": code(secret, clock)}).status_code in (302, 303)


def test_too_many_wrong_codes_start_the_sign_in_over(app, client, make_user, clock):
    user = make_user("officer")
    secret = enable_directly(app, user, clock)
    client.post("/login", data={"email": user.email, "password": user.password})
    for _ in range(two_factor.MAX_CODE_ATTEMPTS - 1):
        assert client.post("/login/code", data={"code": wrong_code(secret, clock)}).status_code == 422
    last = client.post("/login/code", data={"code": wrong_code(secret, clock)})
    assert last.headers["Location"].endswith("/login")
    assert client.post("/login/code", data={"code": code(secret, clock)}).headers["Location"].endswith("/login")


def test_a_password_change_elsewhere_ends_the_pending_step(app, client, make_user, clock):
    user = make_user("officer")
    secret = enable_directly(app, user, clock)
    client.post("/login", data={"email": user.email, "password": user.password})
    with app.app_context():
        db.session.get(User, user.id).session_epoch += 1
        db.session.commit()
    assert client.post("/login/code", data={"code": code(secret, clock)}).headers["Location"].endswith("/login")


def test_codes_are_limited_per_account_like_passwords(make_app, make_user, clock):
    """Five code attempts a minute for an account, however often the password step starts over."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    user, other = make_user("officer"), make_user("officer")
    secret = enable_directly(app, user, clock)
    enable_directly(app, other, clock)
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": user.password})
    for _ in range(two_factor.MAX_CODE_ATTEMPTS):
        client.post("/login/code", data={"code": wrong_code(secret, clock)})
    client.post("/login", data={"email": user.email, "password": user.password})  # the pending step starts over
    refused = client.post("/login/code", data={"code": code(secret, clock)})
    assert refused.status_code == 429 and "För många försök" in refused.get_data(as_text=True)
    assert client.get("/login/code").status_code == 200  # reading the page is never limited

    browser = app.test_client()  # another account from the same address still gets its attempts
    browser.post("/login", data={"email": other.email, "password": other.password})
    assert browser.post("/login/code", data={"code": "000000"}).status_code in (422, 302)


def test_turning_it_off_needs_the_password_and_a_code(app, client, make_user, login, clock):
    user = make_user("officer", locale="en")
    secret = enable_directly(app, user, clock)
    client.post("/login", data={"email": user.email, "password": user.password})
    client.post("/login/code", data={"code": code(secret, clock)})
    clock.now += 30

    no_password = client.post("/account/two-factor/disable",
                              data={"totp_off-password": "not the password", "totp_off-code": code(secret, clock)})
    assert no_password.status_code == 422 and "The password is not right" in no_password.get_data(as_text=True)
    no_code = client.post("/account/two-factor/disable",
                          data={"totp_off-password": user.password, "totp_off-code": wrong_code(secret, clock)})
    assert no_code.status_code == 422 and stored(app, user.id).two_factor_enabled

    off = client.post("/account/two-factor/disable",
                      data={"totp_off-password": user.password, "totp_off-code": code(secret, clock)})
    assert off.status_code in (302, 303)
    account = stored(app, user.id)
    assert not account.two_factor_enabled and account.totp_secret is None
    assert actions(app, user.id) == ["two_factor_enabled", "two_factor_disabled"]
    client.post("/logout")
    assert login(user).headers["Location"].endswith("/reception/")  # the password alone again


def test_an_administrator_turns_it_off_for_a_lost_phone(app, runner, make_user, clock):
    user = make_user("officer")
    enable_directly(app, user, clock)
    result = runner.invoke(args=["users", "reset-two-factor", user.email.upper()])
    assert result.exit_code == 0 and "off" in result.output
    assert not stored(app, user.id).two_factor_enabled
    assert actions(app, user.id)[-1] == "two_factor_reset"
    assert "does not use" in runner.invoke(args=["users", "reset-two-factor", user.email]).output


def test_api_tokens_need_the_code_when_it_is_on(app, make_user, clock):
    user = make_user("coordinator")
    api = app.test_client()
    credentials = {"email": user.email, "password": user.password}
    assert api.post("/api/v1/tokens", json=credentials).status_code == 201  # off: the password is enough

    secret = enable_directly(app, user, clock)
    missing = api.post("/api/v1/tokens", json=credentials)
    assert missing.status_code == 401 and missing.mimetype == "application/problem+json"
    wrong = api.post("/api/v1/tokens", json={**credentials, "totp": wrong_code(secret, clock)})
    assert wrong.status_code == 401 and wrong.get_json() == missing.get_json()  # nothing tells which was wrong
    current = code(secret, clock)
    made = api.post("/api/v1/tokens", json={**credentials, "totp": current})
    assert made.status_code == 201 and made.get_json()["token"].startswith("landa_")
    assert "totp" not in made.get_json()
    assert api.post("/api/v1/tokens", json={**credentials, "totp": current}).status_code == 401  # spent
    bad_password = api.post("/api/v1/tokens", json={**credentials, "password": "wrong", "totp": code(secret, clock, 1)})
    assert bad_password.status_code == 401
    headers = {"Authorization": f"Bearer {made.get_json()['token']}"}
    assert api.get("/api/v1/me", headers=headers).status_code == 200  # tokens themselves are unaffected


def test_the_totp_field_is_documented(app):
    schema = app.test_client().get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert "totp" in schema["TokenRequest"]["properties"]
    assert "totp" not in schema["TokenRequest"].get("required", [])


def test_the_secret_is_never_exported(app, newcomer_client, clock):
    """Newcomers cannot turn it on; even a secret put on their account by hand stays out of their export."""
    user, browser = newcomer_client
    with app.app_context():
        account = db.session.get(User, user.id)
        account.totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        account.totp_enabled_at = account.created_at
        account.totp_last_step = 12345678
        db.session.commit()
    document = browser.get("/talent/my-data.json")
    assert document.status_code == 200, document.status_code
    text = json.dumps(document.get_json())
    assert "JBSWY3DPEHPK3PXP" not in text and "totp" not in text and "12345678" not in text


def test_turning_it_on_ends_what_the_password_alone_gave(app, client, make_user, login, clock, bearer):
    """A token or a session obtained with only the password before stops working; this session goes on."""
    officer = make_user("officer", locale="en")
    headers = bearer(officer)
    other = app.test_client()
    other.post("/login", data={"email": officer.email, "password": officer.password})
    login(officer)
    client.post("/account/two-factor")
    secret = re.search(r"secret=([A-Z2-7]+)", client.get("/account").get_data(as_text=True)).group(1)
    assert client.post("/account/two-factor/confirm", data={"totp-code": code(secret, clock)}).status_code == 200
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401


def test_sign_out_everywhere_revokes_tokens_too(app, make_user, bearer):
    person = make_user("employer")
    headers = bearer(person)
    browser = app.test_client()
    browser.post("/login", data={"email": person.email, "password": person.password})
    browser.post("/account/sign-out-everywhere")
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401


def _enable_in_browser(app, client, login_as, clock) -> tuple[object, list[str]]:
    client.post("/language", data={"lang": "en"})
    user = login_as("officer", locale="en")
    client.post("/account/two-factor")
    secret = re.search(r"secret=([A-Z2-7]+)", client.get("/account").get_data(as_text=True)).group(1)
    codes = backup_codes(client.post("/account/two-factor/confirm", data={"totp-code": code(secret, clock)}))
    clock.now += 30
    client.post("/logout")
    return user, codes


def test_each_backup_code_signs_in_once_without_the_phone(app, client, login_as, clock):
    from app.auth.models import BackupCode

    user, codes = _enable_in_browser(app, client, login_as, clock)
    assert len(set(codes)) == two_factor.BACKUP_CODES
    with app.app_context():  # only keyed digests are kept: not the codes, not a plain hash of them
        digests = set(db.session.scalars(select(BackupCode.digest).where(BackupCode.user_id == user.id)))
    assert len(digests) == 10 and not {c.replace("-", "") for c in codes} & digests
    assert hashlib.sha256(codes[0].replace("-", "").encode()).hexdigest() not in digests

    client.post("/login", data={"email": user.email, "password": user.password})
    typed = f" {codes[0].upper().replace('-', ' ')} "  # read off paper: any case, spaces for the dash
    assert client.post("/login/code", data={"code": typed}).status_code in (302, 303)
    page = client.get("/account").get_data(as_text=True)
    assert "9 of your 10 backup codes are unused" in page
    assert "two_factor_backup_used" in actions(app, user.id)
    client.post("/logout")

    client.post("/login", data={"email": user.email, "password": user.password})
    again = client.post("/login/code", data={"code": codes[0]})
    assert again.status_code == 422 and "This code is not right" in again.get_data(as_text=True)
    assert client.post("/login/code", data={"code": codes[1]}).status_code in (302, 303)


def test_new_backup_codes_need_the_password_and_replace_the_old(app, client, login_as, clock):
    user, codes = _enable_in_browser(app, client, login_as, clock)
    client.post("/login", data={"email": user.email, "password": user.password})
    client.post("/login/code", data={"code": codes[0]})

    refused = client.post("/account/two-factor/backup-codes", data={"backup-password": "not my password"})
    assert refused.status_code == 422 and "The password is not right." in refused.get_data(as_text=True)
    renewed = client.post("/account/two-factor/backup-codes", data={"backup-password": user.password})
    fresh = backup_codes(renewed)
    assert renewed.status_code == 200 and len(fresh) == 10 and not set(fresh) & set(codes)
    assert "10 of your 10 backup codes are unused" in client.get("/account").get_data(as_text=True)
    assert actions(app, user.id)[-1] == "two_factor_backup_renewed"
    client.post("/logout")

    client.post("/login", data={"email": user.email, "password": user.password})
    assert client.post("/login/code", data={"code": codes[1]}).status_code == 422  # the old ones stopped working
    assert client.post("/login/code", data={"code": fresh[0]}).status_code in (302, 303)


def test_a_backup_code_turns_it_off_and_the_codes_go_with_it(app, client, login_as, clock):
    from app.auth.models import BackupCode

    user, codes = _enable_in_browser(app, client, login_as, clock)
    client.post("/login", data={"email": user.email, "password": user.password})
    client.post("/login/code", data={"code": codes[0]})
    off = client.post("/account/two-factor/disable", data={"totp_off-password": user.password,
                                                            "totp_off-code": codes[1]})
    assert off.status_code in (302, 303) and not stored(app, user.id).two_factor_enabled
    with app.app_context():
        assert db.session.scalar(select(BackupCode.id).where(BackupCode.user_id == user.id)) is None
    assert client.post("/account/two-factor/backup-codes", data={"backup-password": user.password}).status_code == 422


def test_an_api_token_with_a_backup_code(app, client, login_as, clock):
    user, codes = _enable_in_browser(app, client, login_as, clock)
    credentials = {"email": user.email, "password": user.password}
    assert app.test_client().post("/api/v1/tokens", json={**credentials, "totp": codes[2]}).status_code == 201
    assert app.test_client().post("/api/v1/tokens", json={**credentials, "totp": codes[2]}).status_code == 401
