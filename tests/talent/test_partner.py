"""The partner as a talent of their own: they decide themselves (by the link sent to their own address) whether
employers see them, answer employers and can be hired; either adult's "no" takes only that adult off the lists."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.employers.models import CompetenceNeed, ContactRequest, Hire, Interest, Reveal
from app.extensions import db
from app.models import today
from app.talent.models import Household, HouseholdMember, Relation
from tests.matching.test_matching_pages import _employer_with_open_need

PARTNER = {"relation": "partner", "first_name": "Meera", "birth_year": "1990", "moving": "now",
           "seeking_work": "y", "email": "meera@example.in", "occupations-0": "7233", "swedish": "A2",
           "english": "C1"}


def _add_partner(client, **changes) -> None:
    response = client.post("/talent/household/add", data={**PARTNER, **changes})
    assert response.status_code in (302, 303), response.get_data(as_text=True)


def _partner_link(outbox, address="meera@example.in") -> str:
    mail = [m for m in outbox() if m.to == [address] and "/talent/partner/" in m.body][-1]
    return re.search(r"https?://[^/\s]+(/talent/partner/\S+)", mail.body).group(1)


def _partner_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(HouseholdMember.id).where(HouseholdMember.relation == Relation.PARTNER))


def _matching_rows(boss, need_id) -> str:
    return boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)


def test_the_partner_decides_for_themselves_and_is_listed_like_the_newcomer(app, client, newcomer, make_user,
                                                                           outbox):
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    _add_partner(client)
    link = _partner_link(outbox)  # the invitation went to the partner's own address

    # Not listed before deciding, whatever the newcomer chose for themselves.
    client.post("/talent/consents", data={"matching": "y"})
    assert _matching_rows(boss, need_id).count('id="match-') == 1
    household = client.get("/talent/household").get_data(as_text=True)
    assert "Waiting for Meera to decide" in household

    page = app.test_client().get(link)  # the partner's own browser, no account
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    html = page.get_data(as_text=True)
    assert "Meera, your page on Landa" in html and "Do you want employers to find you?" in html
    assert "Maintenance technician" in html  # their own matches

    partner_browser = app.test_client()
    assert partner_browser.post(link + "/listing", data={"decision": "yes"}).status_code in (302, 303)
    rows = _matching_rows(boss, need_id)
    assert rows.count('id="match-') == 2 and "Partner in a household moving here" in rows
    assert "Meera" not in rows and "meera@example.in" not in rows  # anonymous until they accept
    assert "decided on" in client.get("/talent/household").get_data(as_text=True)

    # The newcomer's "no" takes only the newcomer off the list ...
    client.post("/talent/consents", data={})
    rows = _matching_rows(boss, need_id)
    assert rows.count('id="match-') == 1 and "Partner in a household moving here" in rows
    # ... and the partner's "no" takes the partner off at once.
    partner_browser.post(link + "/listing", data={"decision": "no"})
    assert 'id="match-' not in _matching_rows(boss, need_id)


def test_an_employer_asks_the_partner_who_accepts_and_is_hired(app, client, newcomer, make_user, outbox):
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    _add_partner(client)
    link = _partner_link(outbox)
    partner_browser = app.test_client()
    partner_browser.post(link + "/listing", data={"decision": "yes"})

    rows = _matching_rows(boss, need_id)
    reference = re.search(r"/matches/([0-9a-f]{24})/contact", rows).group(1)
    assert boss.post(f"/employers/needs/{need_id}/matches/{reference}/contact").status_code in (302, 303)
    with app.app_context():
        contact = db.session.scalar(select(ContactRequest))
        assert contact.member_id == _partner_id(app)
    asked = [m for m in outbox() if m.to == ["meera@example.in"] and "would like to contact you" in m.subject]
    assert asked and "/talent/partner/" in asked[-1].body
    assert f"request-{contact.id}" not in client.get("/talent/").get_data(as_text=True)  # the partner answers

    page = partner_browser.get(link).get_data(as_text=True)
    assert f'id="request-{contact.id}"' in page
    partner_browser.post(f"{link}/requests/{contact.id}", data={"answer": "accept"})
    candidates = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Meera" in candidates and "meera@example.in" in candidates
    assert "Partner in a household moving here" in candidates
    with app.app_context():
        assert db.session.scalar(select(Reveal.id)) is not None  # seeing them is recorded
        interest = db.session.scalar(select(Interest))
        assert interest.member_id == _partner_id(app)  # accepting is interest in the need
        profile = db.session.scalar(select(Household))
        start_before = profile.job_start_date

    first_day = (today() + timedelta(days=60)).isoformat()
    boss.post(f"/employers/needs/{need_id}/candidates/{interest.id}/hire", data={"start_date": first_day})
    with app.app_context():
        hire = db.session.scalar(select(Hire))
        assert hire.member_id == _partner_id(app)
        assert db.session.scalar(select(Household)).job_start_date == start_before  # the newcomer's own
    start = client.get("/talent/").get_data(as_text=True)
    assert "has recorded that Meera is hired" in start


def test_the_partner_shows_interest_on_their_own_page(app, client, newcomer, make_user, outbox):
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    _add_partner(client)
    link = _partner_link(outbox)
    partner_browser = app.test_client()
    assert partner_browser.post(f"{link}/interest/{need_id}", data={"interested": "yes"}).status_code in (302, 303)
    candidates = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Candidate 1" in candidates and "Partner in a household moving here" in candidates
    assert "Meera" not in candidates
    # The newcomer's own interest is theirs: the need page does not say "you are interested".
    assert "Withdraw interest" not in client.get(f"/needs/{need_id}").get_data(as_text=True)
    partner_browser.post(f"{link}/interest/{need_id}", data={"interested": "no"})
    assert "Candidate 1" not in boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)


def test_a_new_address_asks_again_and_ends_the_old_link(app, client, newcomer, make_user, outbox):
    _add_partner(client)
    old = _partner_link(outbox)
    app.test_client().post(old + "/listing", data={"decision": "yes"})
    partner_id = _partner_id(app)
    response = client.post(f"/talent/household/{partner_id}", data={**PARTNER, "email": "me@example.se"})
    assert response.status_code in (302, 303)
    assert app.test_client().get(old).status_code == 404  # the old link is ended
    told = [m for m in outbox() if m.to == ["meera@example.in"] and "moved to another address" in m.subject]
    assert told, "the old address is told its page is not its own any more"
    new = _partner_link(outbox, "me@example.se")
    html = app.test_client().get(new).get_data(as_text=True)
    assert "Yes, employers may find me" in html  # whoever reads the new address decides again
    assert "Waiting for Meera to decide" in client.get("/talent/household").get_data(as_text=True)
    with app.app_context():
        from app.talent.partner import is_listed

        assert not is_listed(db.session.get(HouseholdMember, partner_id))


def test_the_newcomer_cannot_decide_for_the_partner(app, client, newcomer, outbox):
    response = client.post("/talent/household/add", data={**PARTNER, "email": newcomer.email.upper()})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This is your own address" in html and 'value="Meera"' in html  # nothing typed is lost
    assert app.test_client().get("/talent/partner/forged-token").status_code == 404


def test_sending_the_link_again_waits_a_moment(app, client, newcomer, outbox):
    _add_partner(client)
    partner_id = _partner_id(app)
    page = client.post(f"/talent/household/{partner_id}/partner-link", follow_redirects=True).get_data(as_text=True)
    assert "You can send it again after 10 minutes" in page
    assert len([m for m in outbox() if m.to == ["meera@example.in"]]) == 1


def test_the_partner_page_speaks_the_household_language(app, client, login_as, outbox):
    login_as("newcomer", full_name="Aino Virtanen", locale="sv")
    _add_partner(client)
    html = app.test_client().get(_partner_link(outbox)).get_data(as_text=True)
    assert "Meera, din sida i Landa" in html and "Vill du att arbetsgivare ska kunna hitta dig?" in html


def test_the_api_keeps_the_partner_address_and_never_their_decision(app, newcomer, bearer, outbox):
    headers = bearer(newcomer)
    api = app.test_client()
    body = {"relation": "partner", "first_name": "Meera", "birth_year": 1990, "seeking_work": True,
            "email": "Meera@Example.in", "occupation_codes": ["7233"]}
    response = api.post("/api/v1/newcomer/household/members", json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    member = response.get_json()
    assert member["email"] == "meera@example.in" and member["listed"] == "undecided"
    assert _partner_link(outbox)  # asked at their own address
    again = api.post(f"/api/v1/newcomer/household/members/{member['id']}/partner-link", headers=headers)
    assert again.status_code == 422 and "10 minutes" in str(again.get_json())
    refused = api.put(f"/api/v1/newcomer/household/members/{member['id']}", headers=headers,
                      json={**body, "email": newcomer.email})
    assert refused.status_code == 422 and "own address" in str(refused.get_json())
    sneaky = api.put(f"/api/v1/newcomer/household/members/{member['id']}", headers=headers,
                     json={**body, "listed": "yes"})
    assert sneaky.status_code == 422


def test_a_partner_who_said_yes_this_week_counts_in_the_employers_digest(app, client, newcomer, outbox):
    from app.employers.digests import new_talent_ids
    from app.models import utcnow

    _add_partner(client)
    client.post("/talent/consents", data={"matching": "y"})
    since = utcnow() - timedelta(minutes=5)
    with app.app_context():
        newcomer_member = db.session.scalar(select(HouseholdMember.id).where(HouseholdMember.relation == Relation.SELF))
        assert new_talent_ids(since) == [newcomer_member]
    app.test_client().post(_partner_link(outbox) + "/listing", data={"decision": "yes"})
    with app.app_context():
        assert sorted(new_talent_ids(since)) == sorted([newcomer_member, _partner_id(app)])


def test_sending_again_ends_the_older_links_and_a_household_sends_few(app, client, newcomer, outbox):
    from app.audit.models import AuditEntry
    from app.talent.partner import LINKS_PER_DAY

    _add_partner(client)
    first = _partner_link(outbox)
    partner_id = _partner_id(app)
    with app.app_context():  # ten minutes later
        _sent_eleven_minutes_ago(partner_id)
        db.session.commit()
    client.post(f"/talent/household/{partner_id}/partner-link")
    second = _partner_link(outbox)
    assert second != first and app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "partner_link_sent")) == 2
        for _ in range(LINKS_PER_DAY - 2):  # the rest of today's links (to other addresses, say)
            db.session.add(AuditEntry(action="partner_link_sent", object_type="household_member",
                                      object_id=partner_id, profile_id=_profile_id(app), detail={}))
        _sent_eleven_minutes_ago(partner_id)
        db.session.commit()
    page = client.post(f"/talent/household/{partner_id}/partner-link", follow_redirects=True).get_data(as_text=True)
    assert "The links for today are all sent" in page


def _sent_eleven_minutes_ago(member_id: int) -> None:
    from app.models import utcnow

    db.session.get(HouseholdMember, member_id).link_sent_at = utcnow() - timedelta(minutes=11)


def _profile_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Household.id))


def test_an_employer_cannot_ask_a_partner_nobody_can_reach(app, client, newcomer, make_user, outbox):
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    _add_partner(client)
    app.test_client().post(f"{_partner_link(outbox)}/interest/{need_id}", data={"interested": "yes"})
    client.post(f"/talent/household/{_partner_id(app)}", data={**PARTNER, "email": ""})  # address removed
    with app.app_context():
        interest_id = db.session.scalar(select(Interest.id))
    page = boss.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact",
                     follow_redirects=True).get_data(as_text=True)
    assert "they cannot be asked now" in page
    with app.app_context():
        assert db.session.scalar(select(ContactRequest.id)) is None


def test_the_partners_dealings_are_not_the_account_holders(app, client, newcomer, make_user, outbox):
    """The household's export and access log hold the account holder's own contacts; the partner's page
    shows who saw the partner's name."""
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    _add_partner(client)
    link = _partner_link(outbox)
    partner_browser = app.test_client()
    partner_browser.post(f"{link}/listing", data={"decision": "yes"})
    partner_browser.post(f"{link}/interest/{need_id}", data={"interested": "yes"})
    with app.app_context():
        interest_id = db.session.scalar(select(Interest.id))
    boss.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact", data={"message": "Hej Meera"})
    with app.app_context():
        contact_id = db.session.scalar(select(ContactRequest.id))
    partner_browser.post(f"{link}/requests/{contact_id}", data={"answer": "accept"})
    boss.get(f"/employers/needs/{need_id}/candidates")  # the employer sees Meera's name: recorded

    export = client.get("/talent/my-data.json").get_json()
    assert export["interests"] == [] and export["contact_requests"] == [] and "Hej Meera" not in str(export)
    with app.app_context():
        from app.talent.models import Consent

        assert db.session.scalar(select(func.count()).select_from(Consent).where(Consent.member_id.is_not(None)))
        assert len(export["consents"]) == db.session.scalar(
            select(func.count()).select_from(Consent).where(Consent.member_id.is_(None)))
        assert db.session.scalar(select(Reveal.id)) is not None
    assert "Saw the name and contact details" not in client.get("/talent/access-log").get_data(as_text=True)
    page = partner_browser.get(link).get_data(as_text=True)
    assert "Who has seen your name" in page


def test_the_api_leaves_a_missing_address_as_it_was(app, newcomer, bearer, outbox):
    headers = bearer(newcomer)
    api = app.test_client()
    body = {"relation": "partner", "first_name": "Meera", "seeking_work": True, "email": "meera@example.in",
            "occupation_codes": ["7233"]}
    member = api.post("/api/v1/newcomer/household/members", json=body, headers=headers).get_json()
    link = _partner_link(outbox)
    del body["email"]
    updated = api.put(f"/api/v1/newcomer/household/members/{member['id']}", json=body, headers=headers)
    assert updated.status_code == 200 and updated.get_json()["email"] == "meera@example.in"
    assert app.test_client().get(link).status_code == 200  # still their page


def test_a_partner_not_looking_for_work_has_no_needs_to_show_interest_in(app, client, newcomer, make_user, outbox):
    _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    _add_partner(client)
    link = _partner_link(outbox)
    client.post(f"/talent/household/{_partner_id(app)}", data={k: v for k, v in PARTNER.items() if k != "seeking_work"})
    assert app.test_client().post(f"{link}/interest/{need_id}", data={"interested": "yes"}).status_code == 404
