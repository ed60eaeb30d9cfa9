"""Messages between reception and the household, and referrals to services and housing contacts."""

from __future__ import annotations

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.reception.models import CaseMessage, Referral, ReferralStatus


def test_reception_and_the_household_write_to_each_other(app, client, officer, case_id, outbox, make_user):
    sent = officer.post(f"/reception/cases/{case_id}/messages",
                        data={"message-body": "Welcome! Shall we meet on Monday at 10?"})
    assert sent.status_code == 302
    mail = [m for m in outbox() if "/talent/" in m.body and "Shall we meet" in m.body]
    assert len(mail) == 1
    home = client.get("/talent/").get_data(as_text=True)
    assert "Shall we meet on Monday at 10?" in home
    assert client.post(f"/talent/cases/{case_id}/messages", data={"body": "Yes, see you then!"}).status_code == 302
    page = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "Yes, see you then!" in page
    with app.app_context():
        messages = db.session.scalars(select(CaseMessage).order_by(CaseMessage.id)).all()
        assert [m.from_household for m in messages] == [False, True]
        assert all(m.read_at is not None for m in messages)  # each side has seen the other's
        actions = set(db.session.scalars(select(AuditEntry.action)))
        assert {"message_sent", "message_received"} <= actions
    stranger = make_user("newcomer")
    other = app.test_client()
    other.post("/login", data={"email": stranger.email, "password": stranger.password})
    assert other.post(f"/talent/cases/{case_id}/messages", data={"body": "Hi"}).status_code == 404


def test_no_message_after_the_household_withdrew_consent(app, client, officer, case_id, outbox):
    client.post("/talent/consents", data={})  # withdraws the consent to be contacted: the case closes
    response = officer.post(f"/reception/cases/{case_id}/messages", data={"message-body": "Are you still coming?"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "This case is closed" in html and "Are you still coming?" in html
    assert "The household withdrew its consent to be contacted" in html  # the closing reason
    with app.app_context():
        assert db.session.scalar(select(CaseMessage)) is None
    assert not [m for m in outbox() if "Are you still coming?" in m.body]


def test_referrals_to_services_and_housing_with_their_status(app, officer, case_id):
    assert officer.post(f"/reception/cases/{case_id}/referrals",
                        data={"referral-target": "service:sfi", "referral-note": "Evening class"}).status_code == 302
    page = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    housing = [value for value in __import__("re").findall(r'value="(housing:[^"]+)"', page)]
    assert housing  # the housing contacts serving Örnsköldsvik are offered
    assert officer.post(f"/reception/cases/{case_id}/referrals",
                        data={"referral-target": housing[0]}).status_code == 302
    again = officer.post(f"/reception/cases/{case_id}/referrals", data={"referral-target": "service:sfi"})
    assert again.status_code == 422 and "already referred there" in again.get_data(as_text=True)
    bogus = officer.post(f"/reception/cases/{case_id}/referrals", data={"referral-target": "service:nope"})
    assert bogus.status_code == 422
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id).where(Referral.service_key == "sfi"))
    officer.post(f"/reception/cases/{case_id}/referrals/{referral_id}", data={"status": "in_progress"})
    with app.app_context():
        assert db.session.get(Referral, referral_id).status == ReferralStatus.IN_PROGRESS
    assert officer.post(f"/reception/cases/{case_id}/referrals/99999", data={"status": "done"}).status_code == 404


def test_housing_referrals_are_named_in_the_readers_language(app, officer, case_id):
    assert officer.post(f"/reception/cases/{case_id}/referrals",
                        data={"referral-target": "housing:private_landlords"}).status_code == 302
    en = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "Housing: Private landlords (municipal lists)" in en and "Privata hyresvärdar" not in en
    officer.post("/language", data={"lang": "sv"})
    sv = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "Bostad: Privata hyresvärdar (kommunens listor)" in sv  # the referral and the list to choose from
    assert "Bostad: Arbetsgivarens / tillfälligt boende" in sv and "Private landlords" not in sv
