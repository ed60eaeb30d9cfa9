"""Personal access tokens: obtained with e-mail and password, sent as Bearer, revoked by their owner."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import ApiToken, User
from app.extensions import db
from app.models import utcnow


def _token(client, user, name="laptop"):
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": user.password, "name": name})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_token_names_its_owner_and_stops_working_when_revoked(app, client, make_user):
    officer = make_user("officer", full_name="Olle Officer")
    body = _token(client, officer)
    assert body["token"].startswith("landa_") and body["name"] == "laptop"
    headers = {"Authorization": f"Bearer {body['token']}"}
    me = client.get("/api/v1/me", headers=headers).get_json()
    assert (me["email"], me["role"], me["municipality_code"]) == (officer.email, "officer", "2281")
    assert [t["id"] for t in client.get("/api/v1/tokens", headers=headers).get_json()] == [body["id"]]
    with app.app_context():
        stored = db.session.get(ApiToken, body["id"])
        assert stored.digest != body["token"] and body["token"] not in stored.digest  # only a digest is kept
    assert client.delete(f"/api/v1/tokens/{body['id']}", headers=headers).status_code == 204
    refused = client.get("/api/v1/me", headers=headers)
    assert refused.status_code == 401 and refused.mimetype == "application/problem+json"


def test_wrong_credentials_and_bad_tokens_are_refused_alike(app, client, make_user):
    person = make_user("newcomer")
    wrong = client.post("/api/v1/tokens", json={"email": person.email, "password": "nope"})
    unknown = client.post("/api/v1/tokens", json={"email": "nobody@example.se", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401 and wrong.get_json() == unknown.get_json()
    assert client.post("/api/v1/tokens", json={"email": "x"}).status_code == 422
    assert client.post("/api/v1/tokens", data="{not json", content_type="application/json").status_code in (400, 422)
    for header in ("Bearer landa_made-up", "Bearer", "Basic abc", "Bearer nope"):
        assert client.get("/api/v1/me", headers={"Authorization": header}).status_code == 401
    assert client.get("/api/v1/me").status_code == 401  # no token at all


def test_expired_tokens_and_other_peoples_tokens(app, client, make_user):
    one, other = make_user("employer"), make_user("employer")
    mine, theirs = _token(client, one), _token(client, other)
    headers = {"Authorization": f"Bearer {mine['token']}"}
    assert client.delete(f"/api/v1/tokens/{theirs['id']}", headers=headers).status_code == 404
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.id == mine["id"]))
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_the_api_ignores_the_browser_session(app, client, login_as):
    login_as("newcomer")
    assert client.get("/talent/").status_code == 200  # signed in, in the browser
    assert client.get("/api/v1/me").status_code == 401  # but the API wants a token


def test_people_create_and_revoke_tokens_on_their_account_page(app, client, login_as):
    login_as("employer", locale="en")
    client.post("/language", data={"lang": "en"})
    created = client.post("/account/tokens", data={"token-name": "HR system"})
    html = created.get_data(as_text=True)
    assert created.status_code == 201 and "shown only now" in html
    secret = html.split("<code>")[1].split("</code>")[0]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    page = client.get("/account").get_data(as_text=True)
    assert "HR system" in page and secret not in page  # the secret is never shown again
    assert client.post("/account/tokens", data={"token-name": ""}).status_code == 422
    client.post(f"/account/tokens/{token_id}/revoke")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert client.post("/account/tokens/999999/revoke").status_code == 404


def test_a_read_only_token_only_reads(app, client, make_user, login):
    person = make_user("newcomer")
    body = client.post("/api/v1/tokens", json={"email": person.email, "password": person.password,
                                               "scope": "read"}).get_json()
    assert body["scope"] == "read"
    headers = {"Authorization": f"Bearer {body['token']}"}
    assert client.get("/api/v1/newcomer/profile", headers=headers).status_code == 200
    refused = client.put("/api/v1/newcomer/consents", headers=headers,
                         json={"matching": True, "officer_contact": False, "follow_up": False})
    assert refused.status_code == 403 and refused.mimetype == "application/problem+json"
    assert client.get("/api/v1/newcomer/consents", headers=headers).get_json()["matching"] is False  # nothing saved

    login(person)
    created = client.post("/account/tokens", data={"token-name": "Dashboard", "token-scope": "read"})
    assert created.status_code == 201
    with app.app_context():
        newest = db.session.scalars(select(ApiToken).where(ApiToken.user_id == person.id)
                                    .order_by(ApiToken.id.desc())).first()
        assert (newest.name, newest.scope.value) == ("Dashboard", "read")


def test_twenty_active_tokens_at_most(app, client, make_user):
    from app.auth import tokens

    person = make_user("employer")
    with app.app_context():
        user = db.session.get(User, person.id)
        for n in range(tokens.MAX_ACTIVE):
            tokens.create(user, f"t{n}")
        db.session.commit()
    refused = client.post("/api/v1/tokens", json={"email": person.email, "password": person.password})
    assert refused.status_code == 409 and "20" in refused.get_json()["detail"]


def test_reading_messages_changes_nothing_and_marking_them_read_is_a_write(app, client, newcomer, case_id,
                                                                          make_user):
    """GET never changes state (pen test: a read-only token's GET /newcomer/cases marked the officers' messages
    read). Marking read is its own POST, which a read-only token may not make."""
    from app.reception.models import CaseMessage

    def token(user, scope):
        body = client.post("/api/v1/tokens", json={"email": user.email, "password": user.password,
                                                   "scope": scope}).get_json()
        return {"Authorization": f"Bearer {body['token']}"}

    officer = make_user("officer", municipality_code="2284")
    staff_write = token(officer, "write")
    assert client.post(f"/api/v1/cases/{case_id}/messages", headers=staff_write,
                       json={"body": "Welcome to Örnsköldsvik!"}).status_code == 201
    household_read, household_write = token(newcomer, "read"), token(newcomer, "write")
    assert client.post(f"/api/v1/newcomer/cases/{case_id}/messages", headers=household_write,
                       json={"body": "Thank you!"}).status_code == 201

    def unread(from_household: bool) -> int:
        with app.app_context():
            return len(db.session.scalars(select(CaseMessage).where(CaseMessage.from_household == from_household,
                                                                    CaseMessage.read_at.is_(None))).all())

    for _ in range(2):
        assert client.get("/api/v1/newcomer/cases", headers=household_read).status_code == 200
        assert client.get("/api/v1/newcomer/cases", headers=household_write).status_code == 200
        assert client.get(f"/api/v1/cases/{case_id}", headers=staff_write).status_code == 200
        assert client.get(f"/api/v1/cases/{case_id}/messages", headers=staff_write).status_code == 200
    assert (unread(False), unread(True)) == (1, 1)

    path = f"/api/v1/newcomer/cases/{case_id}/messages/read"
    assert client.post(path, headers=household_read).status_code == 403
    assert unread(False) == 1
    assert client.post(path, headers=household_write).get_json() == {"marked": 1}
    assert client.post(path, headers=household_write).get_json() == {"marked": 0}
    assert unread(False) == 0
    stranger = token(make_user("newcomer"), "write")
    assert client.post(path, headers=stranger).status_code == 404

    staff_read = token(officer, "read")
    assert client.post(f"/api/v1/cases/{case_id}/messages/read", headers=staff_read).status_code == 403
    assert client.post(f"/api/v1/cases/{case_id}/messages/read", headers=staff_write).get_json() == {"marked": 1}
    assert unread(True) == 0
