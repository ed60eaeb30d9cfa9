"""E-mails and what jobs write go out in the recipient's saved language, whatever language the person or
the request that caused them was using."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.models import today
from app.reception.models import FollowUp
from tests.reception.test_follow_ups import _set_arrival


def _mail_to(outbox, address):
    [mail] = [m for m in outbox() if m.to == [address]]
    return mail


def test_staff_invitation_is_in_the_new_colleagues_language(app, client, login_as, outbox):
    login_as("admin", locale="en")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Language for messages" in page
    form = {"full_name": "Lena Lots", "email": "lena@sundsvall.se", "role": "officer", "municipality_code": "2281",
            "locale": "sv"}
    assert client.post("/admin/users", data=form).status_code in (302, 303)
    mail = _mail_to(outbox, "lena@sundsvall.se")
    assert mail.subject != "Your Landa account is ready"  # Swedish, although the admin reads English
    assert "password" not in mail.body and "lösenord" in mail.body
    with app.app_context():
        assert db.session.scalar(select(User.locale).where(User.email == "lena@sundsvall.se")) == "sv"


def test_messages_reach_the_household_in_its_language(app, client, newcomer, case_id, make_user, outbox):
    swedish_officer = make_user("officer", municipality_code="2284", locale="sv", full_name="Sara Svensson")
    officer = app.test_client()
    officer.post("/login", data={"email": swedish_officer.email, "password": swedish_officer.password})
    assert '<html lang="sv">' in officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    officer.post(f"/reception/cases/{case_id}/messages", data={"message-body": "Välkommen till Örnsköldsvik!"})
    mail = _mail_to(outbox, newcomer.email)  # Arjun reads English
    assert "Välkommen till Örnsköldsvik!" in mail.body
    assert mail.subject == "A message from the reception in Örnsköldsvik" and "Sara Svensson" in mail.body


def test_follow_up_is_in_the_households_language_whoever_runs_the_job(app, client, newcomer, case_id, officer,
                                                                      outbox):
    from app.reception.jobs import send_follow_up_job

    client.post("/talent/consents", data={"officer_contact": "y", "follow_up": "y"})
    _set_arrival(app, officer, case_id, today() - timedelta(days=20))
    with app.app_context():
        follow_up_id = db.session.scalar(select(FollowUp.id).where(FollowUp.case_id == case_id,
                                                                   FollowUp.offset_days == 14))
    # The job runs inside a Swedish officer's request (in-process jobs do): the e-mail is still English.
    with app.test_request_context("/", headers={"Accept-Language": "sv"}):
        assert send_follow_up_job(follow_up_id) == "sent"
        db.session.commit()
    mail = _mail_to(outbox, newcomer.email)
    assert "How are you doing" in mail.subject and "Örnsköldsvik" in mail.body


def test_organisation_invitation_in_the_language_the_owner_chose(app, client, login_as, make_user, outbox):
    from tests.employers.test_members import _owner_with_org

    _owner, org_id = _owner_with_org(app, client, login_as)  # the owner reads English
    page = client.get(f"/employers/organisations/{org_id}/members").get_data(as_text=True)
    assert "Language of the invitation" in page
    members = f"/employers/organisations/{org_id}/members"
    assert client.post(members, data={"email": "ny@gf.se", "locale": "sv"}).status_code in (302, 303)
    assert _mail_to(outbox, "ny@gf.se").subject.startswith("Gå med i ")
    # Someone with an account reads it in their own language, whatever the owner chose.
    make_user("employer", email="kollega@gf.se", locale="en")
    assert client.post(members, data={"email": "kollega@gf.se", "locale": "sv"}).status_code in (302, 303)
    assert _mail_to(outbox, "kollega@gf.se").subject.startswith("Join ")
    # An unknown language is refused with the field named, not sent in some default.
    response = client.post(members, data={"email": "tredje@gf.se", "locale": "fi"})
    assert response.status_code == 422 and "tredje@gf.se" in response.get_data(as_text=True)
