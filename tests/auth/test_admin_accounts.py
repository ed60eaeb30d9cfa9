"""An administrator manages one account: closes it (an officer who has left), reopens it, and turns off
two-factor sign-in for a lost phone. Every change is recorded."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.models import today
from app.reception.models import Case, CaseTask
from tests.reception.test_cases import _version


def _admin(app, make_user):
    admin = make_user("admin", full_name="Ada Admin", locale="en")
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": admin.email, "password": admin.password})
    return admin, browser


def test_closing_an_officers_account_ends_access_and_frees_the_cases(app, client, case_id, officer, make_user):
    officer.post(f"/reception/cases/{case_id}/take", data={"version": _version(app, case_id)})
    with app.app_context():  # a task in the officer's name, as the case page would add it
        db.session.add(CaseTask(case_id=case_id, title="Ring om SFI-start", due_on=today() + timedelta(days=2),
                                assignee_id=officer.user.id, created_by_id=officer.user.id))
        db.session.commit()
    token = officer.post("/api/v1/tokens", json={"email": officer.user.email, "password": officer.user.password})
    assert token.status_code == 201
    bearer = {"Authorization": f"Bearer {token.get_json()['token']}"}
    assert officer.get("/api/v1/cases", headers=bearer).status_code == 200
    admin, browser = _admin(app, make_user)

    listing = browser.get("/admin/users?q=olle+OFF&role=officer").get_data(as_text=True)
    assert f'href="/admin/users/{officer.user.id}"' in listing and "Accounts (1)" in listing
    assert "Accounts (0)" in browser.get("/admin/users?q=olle&role=employer").get_data(as_text=True)
    assert "Accounts (0)" in browser.get("/admin/users?q=%25").get_data(as_text=True)  # % is a character here
    page = browser.get(f"/admin/users/{officer.user.id}").get_data(as_text=True)
    assert "Open cases assigned</dt><dd>1</dd>" in page and "Active API tokens</dt><dd>1</dd>" in page
    assert "Their open case becomes unassigned, for a colleague to take." in page

    closed = browser.post(f"/admin/users/{officer.user.id}/close", follow_redirects=True).get_data(as_text=True)
    assert "Olle Officer can no longer sign in. Their open case is unassigned for a colleague to take." in closed
    assert "Closed: cannot sign in" in closed and "Reopen the account" in closed
    # The session in the officer's browser ends, the token stops working, the password no longer opens it.
    assert officer.get("/reception/").status_code in (302, 303)
    assert app.test_client().get("/api/v1/cases", headers=bearer).status_code == 401
    again = app.test_client().post("/login", data={"email": officer.user.email, "password": officer.user.password})
    assert again.status_code == 422  # refused as a wrong password is: no hint that the account exists
    with app.app_context():
        assert db.session.get(Case, case_id).assigned_officer_id is None
        assert list(db.session.scalars(select(CaseTask.assignee_id).where(CaseTask.case_id == case_id))) == [None]
        actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == admin.id)))
    assert {"view", "account_closed", "tokens_revoked", "assigned"} <= set(actions)
    # The audit search names what happened in words, not keys.
    trail = browser.get(f"/admin/audit/?person={officer.user.id}").get_data(as_text=True)
    assert "Closed the account" in trail and "account_closed" not in trail

    reopened = browser.post(f"/admin/users/{officer.user.id}/reopen", follow_redirects=True)
    assert "Olle Officer can sign in again with their password." in reopened.get_data(as_text=True)
    again = app.test_client().post("/login", data={"email": officer.user.email, "password": officer.user.password})
    assert again.status_code in (302, 303)
    with app.app_context():
        assert db.session.get(Case, case_id).assigned_officer_id is None  # taken again by hand, if at all


def test_an_administrator_cannot_close_their_own_account(app, make_user):
    admin, browser = _admin(app, make_user)
    page = browser.get(f"/admin/users/{admin.id}").get_data(as_text=True)
    assert "Close the account" not in page
    refused = browser.post(f"/admin/users/{admin.id}/close", follow_redirects=True).get_data(as_text=True)
    assert "You cannot close your own account here. Ask another administrator." in refused
    with app.app_context():
        assert db.session.get(User, admin.id).active


def test_a_lost_phone_two_factor_is_turned_off_by_the_administrator(app, make_user):
    from app.auth import two_factor

    coordinator = make_user("coordinator", full_name="Cora Coordinator", locale="en")
    admin, browser = _admin(app, make_user)
    assert "Turn off two-factor sign-in" not in browser.get(f"/admin/users/{coordinator.id}").get_data(as_text=True)
    with app.app_context():
        person, secret = db.session.get(User, coordinator.id), two_factor.new_secret()
        two_factor.enable(person, secret, pyotp.TOTP(secret).now())
        db.session.commit()
    page = browser.get(f"/admin/users/{coordinator.id}").get_data(as_text=True)
    assert "Two-factor sign-in</dt><dd>On</dd>" in page
    done = browser.post(f"/admin/users/{coordinator.id}/two-factor/reset", follow_redirects=True)
    assert "Two-factor sign-in is off for Cora Coordinator" in done.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(User, coordinator.id).two_factor_enabled
        assert db.session.scalar(select(AuditEntry.actor_id).where(AuditEntry.action == "two_factor_reset")) == admin.id


def test_only_administrators_manage_accounts(app, make_user, officer):
    someone = make_user("employer")
    assert officer.get(f"/admin/users/{someone.id}").status_code == 403
    assert officer.post(f"/admin/users/{someone.id}/close").status_code == 403
    _admin_user, browser = _admin(app, make_user)
    assert browser.get("/admin/users/999999").status_code == 404
    assert browser.post("/admin/users/999999/close").status_code == 404


def test_closing_an_organisations_only_owner_is_warned_about(app, client, make_user, login_as):
    from tests.employers.test_members import _owner_with_org

    owner, _org_id = _owner_with_org(app, client, login_as)
    _admin_user, browser = _admin(app, make_user)
    page = browser.get(f"/admin/users/{owner.id}").get_data(as_text=True)
    assert "They are the only owner of " in page and "make a colleague an owner first" in page
    assert "only owner" not in browser.get(f"/admin/users/{make_user('employer').id}").get_data(as_text=True)
