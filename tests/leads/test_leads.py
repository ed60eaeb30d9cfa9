"""Leads: a visitor thinking of moving here leaves their interest, confirms it by e-mail (double opt-in), the
officers of the municipalities they chose (coordinators: all, and the ones open to all) work the lead, invite it to
register, and what the visitor told us comes with them to their profile. Campaigns are counted for staff."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.leads import services
from app.leads.models import Lead, LeadStatus, SignupCampaign
from app.models import utcnow
from app.talent.models import Household

EN = {"Accept-Language": "en"}
GOOD = {"full_name": "Maria Santos", "email": "maria@example.org", "occupation": "2221", "household_size": "3",
        "children": "yes", "from_country": "PT", "moving_when": "within_6_months", "moving_month": "",
        "municipalities": ["2284", "2281"], "consent": "y"}


@contextmanager
def _db(app):
    """The database as the app sees it, in a context of its own (committed at the end)."""
    with app.app_context():
        yield db.session
        db.session.commit()
        db.session.remove()


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _link(mail, path: str) -> str:
    found = re.search(rf"https?://[^\s\"<>]+{path}[^\s\"<>]+", mail.body)
    assert found, mail.body
    return found.group(0).split("landa.test", 1)[-1] if "landa.test" in found.group(0) else \
        "/" + found.group(0).split("/", 3)[3]


def _leave(client, outbox, **changes) -> str:
    """Fill in the form; returns the confirmation link's path."""
    before = len(outbox())
    data = {**GOOD, **changes}
    response = client.post("/move/interest", data=data, headers=EN)
    assert response.status_code in (302, 303), _text(response)[:2000]
    assert response.headers["Location"].endswith("/move/interest/sent")
    mails = outbox()[before:]
    assert len(mails) == 1 and mails[0].to == [data["email"]]
    return _link(mails[0], "/move/interest/confirm/")


def _confirmed(client, outbox, **changes) -> int:
    link = _leave(client, outbox, **changes)
    assert client.post(link, headers=EN).status_code == 200
    with _db(client.application):
        return db.session.scalar(select(Lead.id).where(Lead.email == changes.get("email", GOOD["email"])))


def _browser(app, make_user, role: str, **values):
    person = make_user(role, locale="en", **values)
    browser = app.test_client()
    assert browser.post("/login", data={"email": person.email, "password": person.password}).status_code in (302, 303)
    browser.user = person
    return browser


# --- the public form --------------------------------------------------------------------------------------------

def test_the_move_pages_lead_to_the_form_which_keeps_what_was_typed_when_refused(app, client):
    region = _text(client.get("/move/?lang=en"))
    assert 'href="/move/interest"' in region and "Thinking of moving here?" in region
    place = _text(client.get("/move/2284?lang=en"))
    assert 'href="/move/interest?municipality=2284"' in place
    page = client.get("/move/interest?municipality=2284", headers=EN)
    assert page.status_code == 200
    assert re.search(r'value="2284" checked', page.get_data(as_text=True))
    assert "lead-2026-12" in _text(page)  # the consent text's version is shown

    bad = {**GOOD, "email": "not-an-address", "household_size": "many", "consent": "", "full_name": "Maria Santos"}
    refused = client.post("/move/interest", data=bad, headers=EN)
    text = _text(refused)
    assert refused.status_code == 422
    assert "Please correct the marked fields." in text
    assert "Enter a valid e-mail address" in text and "whole number from 1 to 15" in text
    assert "Tick the box to agree" in text
    assert 'value="Maria Santos"' in text and 'value="not-an-address"' in text and 'value="2221"' in text
    assert re.search(r'value="2281" checked', text) and '<option selected value="PT">' in text
    with _db(app):
        assert db.session.scalar(select(func.count(Lead.id))) == 0


def test_a_month_is_needed_when_a_month_is_chosen(client):
    refused = client.post("/move/interest", data={**GOOD, "moving_when": "month", "moving_month": ""}, headers=EN)
    assert refused.status_code == 422 and "Choose the month you plan to move." in _text(refused)
    past = client.post("/move/interest", data={**GOOD, "moving_when": "month", "moving_month": "2001-01"}, headers=EN)
    assert past.status_code == 422 and "from this month" in _text(past)


def test_double_opt_in_only_the_confirmation_goes_out_and_the_link_confirms_once(app, client, outbox, make_user):
    officer = _browser(app, make_user, "officer", municipality_code="2284")
    link = _leave(client, outbox)
    assert "Check your e-mail" in _text(client.get("/move/interest/sent", headers=EN))
    with _db(app):
        lead = db.session.scalar(select(Lead))
        assert lead.confirmed_at is None and lead.occupation_code == "2221" and lead.consent_version == "lead-2026-12"
        assert lead.confirm_digest and lead.confirm_digest not in link  # only the digest is kept
        lead_id = lead.id
    # Unconfirmed: no officer sees it.
    assert officer.get(f"/reception/leads/{lead_id}").status_code == 404
    assert "Maria Santos" not in _text(officer.get("/reception/leads/"))
    # Opening the link (a mail scanner) changes nothing; the button confirms.
    assert "Confirm my interest" in _text(client.get(link, headers=EN))
    with _db(app):
        assert db.session.get(Lead, lead_id).confirmed_at is None
    done = client.post(link, headers=EN)
    assert done.status_code == 200 and "Your interest is confirmed" in _text(done)
    assert client.post(link, headers=EN).status_code == 410  # once
    assert len(outbox()) == 1  # nothing but the confirmation
    assert officer.get(f"/reception/leads/{lead_id}").status_code == 200


def test_an_expired_link_does_not_confirm(app, client, outbox):
    link = _leave(client, outbox)
    with _db(app):
        db.session.scalar(select(Lead)).confirm_expires_at = utcnow() - timedelta(minutes=1)
    assert client.post(link, headers=EN).status_code == 410
    with _db(app):
        assert db.session.scalar(select(Lead)).confirmed_at is None


def test_a_second_unconfirmed_form_replaces_the_first(app, client, outbox):
    first = _leave(client, outbox)
    _leave(client, outbox, occupation="Sjuksköterska")
    with _db(app):
        assert db.session.scalar(select(func.count(Lead.id))) == 1
    assert client.post(first, headers=EN).status_code == 410


def test_a_typed_job_title_resolves_to_its_ssyk_code_or_stays_text(app):
    with app.app_context():
        assert services.resolve_occupation("2221") == "2221"
        assert services.resolve_occupation("9999") is None
        assert services.resolve_occupation("xyzzy nothing") is None


def test_the_form_is_rate_limited_per_address_typed(make_app):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    browser = limited.test_client()
    answers = [browser.post("/move/interest", data={**GOOD, "consent": ""}).status_code for _ in range(6)]
    assert answers == [422] * 5 + [429]
    assert browser.get("/move/interest").status_code == 200  # reading is never limited


# --- campaigns -----------------------------------------------------------------------------------------------------

def test_the_campaign_is_remembered_from_any_public_page_and_kept_with_the_lead(app, client, outbox):
    page = client.get("/move/?utm_source=facebook&utm_medium=social&utm_campaign=spring-2027")
    assert page.status_code == 200 and "public" not in page.headers.get("Cache-Control", "")
    _leave(client, outbox)
    with _db(app):
        lead = db.session.scalar(select(Lead))
        assert (lead.utm_source, lead.utm_medium, lead.utm_campaign) == ("facebook", "social", "spring-2027")


def test_a_campaign_code_in_the_address_and_junk_values(app, client, outbox):
    client.get("/move/2284?campaign=MASSA27&utm_source=%3Cscript%3E")
    _leave(client, outbox)
    with _db(app):
        lead = db.session.scalar(select(Lead))
        assert lead.campaign_code == "MASSA27" and lead.utm_source is None  # what is no campaign value is dropped


def test_a_registration_records_the_campaign_the_visitor_came_with(app, client, outbox):
    client.get("/needs/?utm_campaign=jobs-fair&utm_source=poster")
    response = client.post("/register", data={"role": "newcomer", "full_name": "Kim Lee", "email": "kim@example.org",
                                              "password": "correct horse battery staple",
                                              "password_confirm": "correct horse battery staple"})
    assert response.status_code in (302, 303), _text(response)[:1500]
    with _db(app):
        user = db.session.scalar(select(User).where(User.email == "kim@example.org"))
        row = db.session.get(SignupCampaign, user.id)
        assert (row.utm_campaign, row.utm_source, row.lead_id) == ("jobs-fair", "poster", None)


def test_a_registration_without_a_campaign_records_none(app, client):
    client.post("/register", data={"role": "newcomer", "full_name": "Kim Lee", "email": "kim@example.org",
                                   "password": "correct horse battery staple",
                                   "password_confirm": "correct horse battery staple"})
    with _db(app):
        assert db.session.scalar(select(User).where(User.email == "kim@example.org")) is not None
        assert db.session.scalar(select(func.count()).select_from(SignupCampaign)) == 0


# --- staff ---------------------------------------------------------------------------------------------------------

def test_officers_see_the_leads_of_their_municipality_coordinators_all(app, client, outbox, make_user):
    client.get("/move/?utm_campaign=spring")
    chosen = _confirmed(client, outbox)  # Örnsköldsvik and Sundsvall
    anywhere = _confirmed(app.test_client(), outbox, email="open@example.org", full_name="Open Person",
                          municipalities=[])
    mine = _browser(app, make_user, "officer", municipality_code="2284")
    other = _browser(app, make_user, "officer", municipality_code="2262")
    coordinator = _browser(app, make_user, "coordinator")

    listed = _text(mine.get("/reception/leads/"))
    assert "Maria Santos" in listed and "Open Person" not in listed and "1 lead" in listed
    assert mine.get(f"/reception/leads/{chosen}").status_code == 200
    assert mine.get(f"/reception/leads/{anywhere}").status_code == 404
    assert "Maria Santos" not in _text(other.get("/reception/leads/"))
    for path in (f"/reception/leads/{chosen}", f"/reception/leads/{chosen}/status",
                 f"/reception/leads/{chosen}/invite"):
        method = other.get if path.endswith(str(chosen)) else other.post
        assert method(path, data={"status": "contacted"}).status_code == 404, path

    everything = _text(coordinator.get("/reception/leads/"))
    assert "Maria Santos" in everything and "Open Person" in everything and "2 leads" in everything
    only_open = _text(coordinator.get("/reception/leads/?municipality=all"))
    assert "Open Person" in only_open and "Maria Santos" not in only_open
    assert coordinator.get("/reception/leads/?status=nonsense").status_code == 404
    assert coordinator.get("/reception/leads/?page=9").status_code == 404

    for role in ("newcomer", "employer", "admin"):
        assert _browser(app, make_user, role).get("/reception/leads/").status_code == 403


def test_status_changes_and_views_are_recorded(app, client, outbox, make_user):
    lead_id = _confirmed(client, outbox)
    officer = _browser(app, make_user, "officer", municipality_code="2284")
    page = officer.get(f"/reception/leads/{lead_id}")
    assert "Portugal" in _text(page) and "3 people" in _text(page)
    refused = officer.post(f"/reception/leads/{lead_id}/status", data={"status": "registered"})
    assert refused.status_code == 422
    changed = officer.post(f"/reception/leads/{lead_id}/status", data={"status": "contacted"}, follow_redirects=True)
    assert "The status is now “Contacted”" in _text(changed)
    assert "Changed the lead&#39;s status" in _text(changed) or "Changed the lead's status" in _text(changed)
    with _db(app):
        lead = db.session.get(Lead, lead_id)
        assert lead.status == LeadStatus.CONTACTED and lead.status_changed_by_id == officer.user.id
        actions = [(e.action, e.actor_id) for e in db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "lead", AuditEntry.object_id == lead_id)
            .order_by(AuditEntry.id))]
        assert ("lead_view", officer.user.id) in actions and ("lead_status", officer.user.id) in actions
        status = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lead_status"))
        assert status.detail == {"before": "new", "after": "contacted"}
    filtered = _text(officer.get("/reception/leads/?status=contacted"))
    assert "Maria Santos" in filtered and "Contacted (1)" in filtered
    assert "Maria Santos" not in _text(officer.get("/reception/leads/?status=new"))


def test_the_lead_list_is_paginated_with_a_bounded_number_of_queries(app, make_user):
    from tests.conftest import statements_during

    with app.app_context():
        for n in range(30):
            db.session.add(Lead(full_name=f"Person {n}", email=f"p{n}@example.org", occupation="nurse",
                                household_size=2, moving_when="later", consent_version="lead-2026-12",
                                confirmed_at=utcnow(), municipalities=[]))
        db.session.commit()
    coordinator = _browser(app, make_user, "coordinator")
    first = _text(coordinator.get("/reception/leads/"))
    assert "30 leads" in first and "Page 1 of 2" in first
    assert "Person" in _text(coordinator.get("/reception/leads/?page=2"))
    queries = statements_during(app, lambda: coordinator.get("/reception/leads/"))
    assert queries < 20


def test_an_invited_lead_registers_and_brings_what_they_told_us(app, client, outbox, make_user):
    client.get("/move/?utm_campaign=spring&utm_source=facebook")
    lead_id = _confirmed(client, outbox)
    officer = _browser(app, make_user, "officer", municipality_code="2284")
    before = len(outbox())
    invited = officer.post(f"/reception/leads/{lead_id}/invite", follow_redirects=True)
    assert "We have e-mailed Maria Santos a link to register." in _text(invited)
    again = officer.post(f"/reception/leads/{lead_id}/invite")
    assert again.status_code == 409 and "invited already" in _text(again)
    mails = outbox()[before:]
    assert len(mails) == 1 and mails[0].to == ["maria@example.org"]  # once
    link = _link(mails[0], "/move/interest/register/")

    visitor = app.test_client()
    form = visitor.get(link, headers=EN)
    assert 'value="Maria Santos"' in _text(form) and "maria@example.org" in _text(form)
    weak = visitor.post(link, data={"full_name": "Maria Santos", "password": "short", "password_confirm": "short"},
                        headers=EN)
    assert weak.status_code == 422 and 'value="Maria Santos"' in _text(weak)
    made = visitor.post(link, data={"full_name": "Maria Santos Silva", "password": "correct horse battery staple",
                                    "password_confirm": "correct horse battery staple"})
    assert made.status_code in (302, 303) and made.headers["Location"].endswith("/talent/")
    assert visitor.get("/talent/").status_code == 200  # signed in
    with _db(app):
        user = db.session.scalar(select(User).where(User.email == "maria@example.org"))
        assert user.full_name == "Maria Santos Silva" and user.email_confirmed_at is not None
        profile = db.session.scalar(select(Household).where(Household.user_id == user.id))
        assert profile.current_country == "PT"
        assert [p.municipality_code for p in profile.preferences] == ["2281", "2284"]
        assert [o.occupation_code for o in profile.me.occupations] == ["2221"]
        lead = db.session.get(Lead, lead_id)
        assert (lead.status, lead.user_id, lead.invite_digest) == (LeadStatus.REGISTERED, user.id, None)
        row = db.session.get(SignupCampaign, user.id)
        assert (row.utm_campaign, row.utm_source, row.lead_id) == ("spring", "facebook", lead_id)
    assert app.test_client().get(link).status_code == 410  # the link worked once
    registered = officer.post(f"/reception/leads/{lead_id}/status", data={"status": "new"})
    assert registered.status_code == 422 and "has registered" in _text(registered)


def test_an_open_to_all_lead_registers_open_to_all(app, client, outbox, make_user):
    lead_id = _confirmed(client, outbox, municipalities=[], occupation="no such job at all")
    coordinator = _browser(app, make_user, "coordinator")
    coordinator.post(f"/reception/leads/{lead_id}/invite")
    link = _link(outbox()[-1], "/move/interest/register/")
    app.test_client().post(link, data={"full_name": "Maria", "password": "correct horse battery staple",
                                       "password_confirm": "correct horse battery staple"})
    with _db(app):
        profile = db.session.scalar(select(Household).join(User).where(User.email == "maria@example.org"))
        assert profile.open_to_all_municipalities and profile.preferences == [] and profile.me.occupations == []


def test_an_address_with_an_account_is_not_invited(app, client, outbox, make_user):
    make_user("newcomer", email="maria@example.org")
    lead_id = _confirmed(client, outbox)
    officer = _browser(app, make_user, "officer", municipality_code="2284")
    refused = officer.post(f"/reception/leads/{lead_id}/invite")
    assert refused.status_code == 409 and "already has an account" in _text(refused)


def test_a_bad_or_expired_invitation_link(app, client, outbox, make_user):
    assert client.get("/move/interest/register/nonsense").status_code == 410
    lead_id = _confirmed(client, outbox)
    _browser(app, make_user, "officer", municipality_code="2284").post(f"/reception/leads/{lead_id}/invite")
    link = _link(outbox()[-1], "/move/interest/register/")
    with _db(app):
        db.session.get(Lead, lead_id).invite_expires_at = utcnow() - timedelta(seconds=1)
    assert "expired" in _text(app.test_client().get(link, headers=EN))


def test_campaign_counts_for_staff(app, client, outbox, make_user):
    client.get("/move/?utm_campaign=spring&utm_source=facebook")
    _confirmed(client, outbox)
    second = app.test_client()
    second.get("/move/?utm_campaign=spring&utm_source=facebook")
    _leave(second, outbox, email="other@example.org")  # not confirmed
    third = app.test_client()
    third.get("/move/?campaign=MASSA27")
    third.post("/register", data={"role": "newcomer", "full_name": "Kim Lee", "email": "kim@example.org",
                                  "password": "correct horse battery staple",
                                  "password_confirm": "correct horse battery staple"})
    with app.app_context():
        lines = {(line.campaign, line.source): line for line in services.campaign_counts()}
        spring = lines[("spring", "facebook")]
        assert (spring.leads, spring.confirmed, spring.registered, spring.accounts) == (2, 1, 0, 0)
        assert lines[("MASSA27", None)].accounts == 1
    page = _browser(app, make_user, "officer", municipality_code="2284").get("/reception/leads/campaigns")
    assert page.status_code == 200 and "spring" in _text(page) and "MASSA27" in _text(page)
    assert _browser(app, make_user, "employer").get("/reception/leads/campaigns").status_code == 403


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_lead_page_renders_in_both_languages(app, client, outbox, make_user, lang):
    assert client.get(f"/move/interest?lang={lang}").status_code == 200
    lead_id = _confirmed(client, outbox)
    coordinator = _browser(app, make_user, "coordinator")
    for path in ("/reception/leads/", f"/reception/leads/{lead_id}", "/reception/leads/campaigns"):
        page = coordinator.get(f"{path}?lang={lang}")
        assert page.status_code == 200 and f'<html lang="{lang}">' in page.get_data(as_text=True), path


def test_a_move_in_a_given_month_shows_the_month(app, client, outbox, make_user):
    from app.models import today

    first = today().replace(day=1)
    month = first.replace(year=first.year + 1)
    lead_id = _confirmed(client, outbox, moving_when="month", moving_month=month.strftime("%Y-%m"))
    with _db(app):
        assert db.session.get(Lead, lead_id).moving_month == month
    page = _text(_browser(app, make_user, "officer", municipality_code="2284").get(f"/reception/leads/{lead_id}"))
    assert f"{month:%B} {month.year}" in page


def test_a_signed_in_reader_of_a_campaign_link_records_nothing(app, make_user):
    staff = _browser(app, make_user, "admin")
    page = staff.get("/move/?utm_campaign=spring")
    assert page.status_code == 200
    with staff.session_transaction() as session:
        assert services.CAMPAIGN_SESSION_KEY not in session
    staff.post("/admin/users", data={"email": "new.officer@example.org", "full_name": "New Officer",
                                     "role": "officer", "municipality_code": "2284", "locale": "en"})
    with _db(app):
        assert db.session.scalar(select(func.count()).select_from(SignupCampaign)) == 0
