"""The right of access: a newcomer downloads everything Landa holds about their household, and nothing else."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.employers.models import CompetenceNeed, ContactRequest, Interest
from app.extensions import db
from app.models import today
from app.privacy import export as privacy
from tests.matching.test_matching_pages import _employer_with_open_need
from tests.talent.test_newcomer_pages import _add


@pytest.fixture
def household(app, client, newcomer, case_id, officer, make_user, newcomer_client):
    """Arjun's whole story: a family, an employer who saw his name, an officer who worked his case, and Ana,
    another newcomer moving to the same municipality, on the same lists."""
    _add(client, relation="partner", first_name="Priya", birth_year="1990", seeking_work="y", swedish="A2")
    _add(client, first_name="Amal", birth_year="2021")

    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    ana, ana_browser = newcomer_client
    ana_browser.post("/talent/profile/move", data={"status": "exploring", "destination": "2284"})
    ana_browser.post("/talent/consents", data={"officer_contact": "y"})
    for browser in (client, ana_browser):
        assert browser.post(f"/needs/{need_id}/interest").status_code in (302, 303)
    with app.app_context():
        interest_id = db.session.scalar(select(Interest.id).where(Interest.profile_id == _profile_id(newcomer)))
    boss.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact", data={"message": "Välkommen!"})
    with app.app_context():
        request_id = db.session.scalar(select(ContactRequest.id))
    client.post(f"/talent/requests/{request_id}", data={"answer": "accept"})
    assert "Arjun Kumar" in boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)  # revealed

    assert officer.get("/reception/").status_code == 200  # the list shows both households
    with app.app_context():
        assert len(db.session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "list"))["cases"]) == 2
    assert officer.get(f"/reception/cases/{case_id}").status_code == 200
    officer.post(f"/reception/cases/{case_id}/messages", data={"message-body": "Welcome! Monday at 10?"})
    officer.post(f"/reception/cases/{case_id}/notes", data={"note-body": "Prefers mornings."})
    officer.post(f"/reception/cases/{case_id}/referrals", data={"referral-target": "service:sfi"})
    client.post(f"/talent/cases/{case_id}/messages", data={"body": "Yes, see you then!"})
    return ana


def _profile_id(user) -> int:
    from app.talent.models import Household

    return db.session.scalar(select(Household.id).where(Household.user_id == user.id))


def _download(client):
    response = client.get("/talent/my-data.json")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def test_the_household_downloads_everything_about_it(app, client, newcomer, case_id, household):
    response = _download(client)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="landa-my-data-{today().isoformat()}.json"')
    data = response.get_json()
    assert data["format"] == "landa-export-1" and data["generated_at"].endswith("+00:00")
    assert data["account"]["full_name"] == "Arjun Kumar" and data["account"]["email"] == newcomer.email
    assert data["profile"]["current_city"] == "Chennai" and data["profile"]["job_start_date"] == "2027-03-15"
    members = {m["first_name"]: m for m in data["household"]}
    assert set(members) == {"Arjun", "Priya", "Amal"}
    assert {"language": "ta", "level": "native"} in members["Arjun"]["languages"]
    assert members["Arjun"]["occupations"][0]["code"] == "7233"
    assert members["Priya"]["relation"] == "partner" and members["Amal"]["birth_year"] == 2021
    assert data["skills"] == ["PLC programming", "welding"]
    assert [p["municipality_code"] for p in data["municipality_preferences"]] == ["2284", "2281"]
    consents = data["consents"]
    assert consents and all(c["text_version"] and c["recorded_at"] for c in consents)
    assert {"kind": "officer_contact", "granted": True} in [{k: c[k] for k in ("kind", "granted")} for c in consents]
    assert any(s["service_key"] == "sfi" for s in data["plan"])
    assert data["interests"][0]["need"]["title"] == "Maintenance technician"
    contact = data["contact_requests"][0]
    assert (contact["status"], contact["message"]) == ("accepted", "Välkommen!")
    assert contact["need"]["organisation"] == "Örnsköldsvik Green Fuels AB"

    [case] = data["reception_cases"]
    assert (case["id"], case["municipality_code"], case["status"]) == (case_id, "2284", "new")
    assert [(m["from_household"], m["body"]) for m in case["messages"]] == [
        (False, "Welcome! Monday at 10?"), (True, "Yes, see you then!")]
    assert case["messages"][0]["author"] == "Olle Officer"
    assert [n["body"] for n in case["internal_notes"]] == ["Prefers mornings."]  # art. 15: notes are theirs too
    assert case["referrals"][0]["service_key"] == "sfi"
    assert {e["kind"] for e in data["emails"]} >= {"case_message"}
    assert all(e["to"] == newcomer.email for e in data["emails"])

    audit = data["audit"]
    views = [e for e in audit if e["action"] == "view" and e["object_type"] == "case"]
    assert views and views[0]["by"] == {"name": "Olle Officer", "role": "officer"}
    [listed] = [e for e in audit if e["action"] == "list"]
    assert listed["detail"] == {"cases": [case_id]} and listed["by"]["name"] == "Olle Officer"  # not Ana's case
    [reveal] = [e for e in audit if e["action"] == "revealed_to_employer"]
    assert reveal["by"]["role"] == "employer"
    assert reveal["detail"]["need"]["organisation"] == "Örnsköldsvik Green Fuels AB"
    assert [e["at"] for e in audit] == sorted(e["at"] for e in audit)

    text = response.get_data(as_text=True)
    assert json.loads(text) == data
    ana = household
    assert "Ana Souza" not in text
    assert ana.email not in text and "Recife" not in text
    assert "password" not in text and "digest" not in text

    with app.app_context():  # the download itself is in the trail
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "exported"))
        assert (entry.actor_id, entry.profile_id, entry.detail) == (newcomer.id, _profile_id(newcomer), {"via": "web"})
    again = _download(client).get_json()
    assert [e["detail"] for e in again["audit"] if e["action"] == "exported"] == [{"via": "web"}]


def test_the_consents_page_offers_the_download(client, newcomer):
    html = client.get("/talent/consents").get_data(as_text=True)
    assert 'href="/talent/my-data.json"' in html and "Download my data" in html
    client.post("/language", data={"lang": "sv"})
    assert "Ladda ner mina uppgifter" in client.get("/talent/consents").get_data(as_text=True)


@pytest.mark.parametrize("role", ["employer", "officer", "coordinator", "admin"])
def test_only_the_newcomer_downloads(app, make_user, role):
    person = make_user(role)
    browser = app.test_client()
    browser.post("/login", data={"email": person.email, "password": person.password})
    assert browser.get("/talent/my-data.json").status_code == 403


def test_anonymous_is_sent_to_sign_in(app):
    response = app.test_client().get("/talent/my-data.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_api_returns_the_same_document(app, client, newcomer, case_id, household, bearer, make_user):
    headers = bearer(newcomer)
    response = app.test_client().get("/api/v1/newcomer/export", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/json"
    api = response.get_json()
    web = _download(client).get_json()

    def comparable(document):
        return {**document, "generated_at": None,
                "audit": [e for e in document["audit"] if e["action"] != "exported"]}

    assert comparable(api) == comparable(web)
    assert [e["detail"] for e in web["audit"] if e["action"] == "exported"] == [{"via": "api"}]
    assert api["api_tokens"][0]["last_used_at"] and "digest" not in json.dumps(api)
    employer = make_user("employer")
    assert app.test_client().get("/api/v1/newcomer/export", headers=bearer(employer)).status_code == 403
    assert app.test_client().get("/api/v1/newcomer/export").status_code == 401


def test_every_table_about_a_household_is_covered(app):
    """A new table that references a profile or an account (or a covered table, such as a case) is either in the
    export or named, with its reason, as not about the household."""
    tables = db.metadata.tables
    covered, excluded = set(privacy.COVERED), set(privacy.NOT_ABOUT_THE_HOUSEHOLD)
    assert not covered & excluded
    assert covered | excluded <= set(tables), "a listed table no longer exists"
    targets = {"newcomer_profile", "user_account"} | covered
    referencing = {t.name for t in tables.values() if any(fk.column.table.name in targets for fk in t.foreign_keys)}
    # A reference kept as a plain number, without a foreign key (the audit trail's profile_id).
    named = {t.name for t in tables.values()
             if any(c.name in ("profile_id", "user_id") or c.name.endswith(("_profile_id", "_user_id"))
                    for c in t.columns)}
    unlisted = (referencing | named) - covered - excluded
    assert not unlisted, f"add these tables to app/privacy/export.py COVERED or NOT_ABOUT_THE_HOUSEHOLD: {unlisted}"
