"""Owners invite colleagues with a link that works once and expires; they can remove members."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app.employers.models import Organisation, OrganisationInvitation, OrganisationMember
from app.extensions import db
from app.models import utcnow
from tests.employers.test_employers import _register


def _link(message) -> str:
    return "/" + re.search(r"https?://[^/\s]+/(employers/invitations/\S+)", message.body).group(1)


def _owner_with_org(app, client, login_as):
    owner = login_as("employer", locale="en", full_name="Olle Owner")
    _register(client)
    with app.app_context():
        return owner, db.session.scalar(select(Organisation.id))


def test_invite_accept_once_and_remove(app, client, login_as, make_user, outbox):
    _owner, org_id = _owner_with_org(app, client, login_as)
    colleague = make_user("employer", email="kollega@gf.se", locale="en")
    response = client.post(f"/employers/organisations/{org_id}/members", data={"email": "Kollega@GF.se"})
    assert response.status_code in (302, 303)
    [message] = outbox()
    link = _link(message)
    with app.app_context():
        invitation = db.session.scalar(select(OrganisationInvitation))
        assert link.split("/")[-1] not in invitation.token_digest  # only a digest is stored

    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": colleague.password})
    assert other.get(link).status_code == 200
    assert other.post(link).status_code in (302, 303)
    with app.app_context():
        assert db.session.query(OrganisationMember).count() == 2
    reused = other.get(link, follow_redirects=True)
    assert "This invitation has already been used." in reused.get_data(as_text=True)

    # The colleague is not an owner: cannot invite or remove.
    assert other.post(f"/employers/organisations/{org_id}/members", data={"email": "x@y.se"}).status_code == 403
    with app.app_context():
        member_id = db.session.scalar(select(OrganisationMember.id).where(
            OrganisationMember.user_id == colleague.id))
    assert client.post(f"/employers/organisations/{org_id}/members/{member_id}/remove").status_code in (302, 303)
    with app.app_context():
        assert db.session.query(OrganisationMember).count() == 1
    assert other.get(f"/employers/organisations/{org_id}/members").status_code == 404


def test_expired_and_wrong_address_invitations(app, client, login_as, make_user, outbox):
    _owner, org_id = _owner_with_org(app, client, login_as)
    client.post(f"/employers/organisations/{org_id}/members", data={"email": "kollega@gf.se"})
    link = _link(outbox()[0])
    stranger = make_user("employer", email="someone@else.se", locale="en")
    other = app.test_client()
    other.post("/login", data={"email": stranger.email, "password": stranger.password})
    wrong = other.post(link, follow_redirects=True)
    assert "This invitation is for another e-mail address." in wrong.get_data(as_text=True)
    with app.app_context():
        invitation = db.session.scalar(select(OrganisationInvitation))
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    expired = other.get(link, follow_redirects=True)
    assert "This invitation has expired." in expired.get_data(as_text=True)
    assert "not valid" in other.get("/employers/invitations/forged", follow_redirects=True).get_data(as_text=True)


def test_withdrawn_invitation_no_longer_works(app, client, login_as, make_user, outbox):
    _owner, org_id = _owner_with_org(app, client, login_as)
    colleague = make_user("employer", email="kollega@gf.se", locale="en")
    client.post(f"/employers/organisations/{org_id}/members", data={"email": "kollega@gf.se"})
    link = _link(outbox()[0])
    with app.app_context():
        invitation_id = db.session.scalar(select(OrganisationInvitation.id))
    assert client.post(f"/employers/organisations/{org_id}/invitations/{invitation_id}/revoke").status_code in (
        302, 303)
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": colleague.password})
    assert "not valid" in other.get(link, follow_redirects=True).get_data(as_text=True)


def test_last_owner_stays(app, client, login_as):
    owner, org_id = _owner_with_org(app, client, login_as)
    with app.app_context():
        member_id = db.session.scalar(select(OrganisationMember.id))
    response = client.post(f"/employers/organisations/{org_id}/members/{member_id}/remove", follow_redirects=True)
    assert "at least one owner" in response.get_data(as_text=True)


def test_invite_someone_already_in(app, client, login_as):
    owner, org_id = _owner_with_org(app, client, login_as)
    response = client.post(f"/employers/organisations/{org_id}/members", data={"email": owner.email})
    assert response.status_code == 422 and "already a member" in response.get_data(as_text=True)


def test_an_owner_who_leaves_hands_the_organisation_over(app, client, login_as, make_user, outbox):
    owner, org_id = _owner_with_org(app, client, login_as)
    colleague = make_user("employer", email="kollega@gf.se", locale="en", full_name="Karin Kollega")
    client.post(f"/employers/organisations/{org_id}/members", data={"email": "kollega@gf.se"})
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": colleague.password})
    other.post(_link(outbox()[0]))
    with app.app_context():
        ids = dict(db.session.execute(select(OrganisationMember.user_id, OrganisationMember.id)).all())
    # Only an owner shares ownership.
    assert other.post(f"/employers/organisations/{org_id}/members/{ids[owner.id]}/owner").status_code == 403
    page = client.get(f"/employers/organisations/{org_id}/members").get_data(as_text=True)
    assert "Make Karin Kollega an owner" in page
    made = client.post(f"/employers/organisations/{org_id}/members/{ids[colleague.id]}/owner", follow_redirects=True)
    assert "Karin Kollega is an owner too" in made.get_data(as_text=True)
    assert client.post(f"/employers/organisations/{org_id}/members/999999/owner").status_code == 404
    # The new owner removes the one who left.
    assert other.post(f"/employers/organisations/{org_id}/members/{ids[owner.id]}/remove").status_code in (302, 303)
    with app.app_context():
        assert [(m.user_id, m.is_owner) for m in db.session.scalars(select(OrganisationMember))] == [
            (colleague.id, True)]
