"""An employer registers, is approved, posts needs; the public board shows only what may be public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.employers.models import ApprovalStatus, CompetenceNeed, NeedStatus, Organisation, OrganisationDecision
from app.employers.services import close_expired_needs
from app.extensions import db
from app.models import today

VALID_ORGNR = "556036-0793"


def _register(client, **data):
    base = {"kind": "employer", "name": "Örnsköldsvik Green Fuels AB", "org_number": VALID_ORGNR,
            "municipality": "2284", "municipalities": ["2284", "2281"], "networks": [], "contact_name": "Karin HR",
            "contact_email": "karin@gf.se"}
    return client.post("/employers/organisations/new", data=base | data)


def _need(client, organisation_id, **data):
    start = today() + timedelta(days=60)
    base = {"title": "Maintenance technician", "occupation": "7233", "municipality": "2284", "positions": "40",
            "employment_type": "permanent", "required_skills": "PLC, hydraulics", "min_english": "B1",
            "start_date": start.isoformat(), "expires_on": (start + timedelta(days=30)).isoformat(),
            "salary_min": "34000", "salary_max": "42000", "relocation_support": ["housing", "partner_career"]}
    return client.post(f"/employers/organisations/{organisation_id}/needs/new", data=base | data)


@pytest.fixture
def employer(client, login_as):
    user = login_as("employer", locale="en", full_name="Karin HR")
    assert _register(client).status_code in (302, 303)
    return user


@pytest.fixture
def organisation(app, employer):
    with app.app_context():
        return db.session.scalar(select(Organisation))


def _approve(app, organisation_id, make_user, municipality="2284"):
    officer = make_user("officer", municipality_code=municipality)
    other = app.test_client()
    other.post("/login", data={"email": officer.email, "password": officer.password})
    return other.post(f"/employers/review/{organisation_id}", data={"decision": "approved", "note": "Known"})


def test_registration_with_a_valid_organisation_number(app, organisation):
    assert organisation.org_number == VALID_ORGNR and organisation.status == ApprovalStatus.PENDING
    assert organisation.municipality_code == "2284"


@pytest.mark.parametrize(("data", "message"), [
    ({"org_number": "556036-0794"}, "The last digit does not fit the others"),
    ({"org_number": ""}, "Enter the organisation number."),
    ({"municipality": ""}, "Choose the municipality where the organisation is based."),
    ({"municipality": "9999"}, "Choose a municipality from the list."),
    ({"municipalities": ["2284", "9999"]}, "Choose a municipality from the list."),
    ({"contact_email": "nope"}, "Enter a valid e-mail address"),
])
def test_registration_problems(client, login_as, data, message):
    login_as("employer", locale="en")
    response = _register(client, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert 'value="Örnsköldsvik Green Fuels AB"' in html


def test_the_same_organisation_twice(client, employer, login_as, make_user, app):
    other = make_user("employer")
    second = app.test_client()
    second.post("/login", data={"email": other.email, "password": other.password})
    response = _register(second, org_number="5560360793", name="Copy")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.query(Organisation).count() == 1


def test_needs_stay_drafts_until_approved(app, client, organisation, make_user):
    assert _need(client, organisation.id).status_code in (302, 303)
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
    publish = client.post(f"/employers/needs/{need.id}/status", data={"status": "open"}, follow_redirects=True)
    assert "must be approved before its needs can be published" in publish.get_data(as_text=True)
    assert client.get(f"/needs/{need.id}").status_code == 404

    assert _approve(app, organisation.id, make_user).status_code in (302, 303)
    client.post(f"/employers/needs/{need.id}/status", data={"status": "open"})
    with app.app_context():
        assert db.session.get(CompetenceNeed, need.id).status == NeedStatus.OPEN
        decision = db.session.scalar(select(OrganisationDecision))
        assert decision.decision == ApprovalStatus.APPROVED and decision.actor_id and decision.note == "Known"
    anonymous = app.test_client()
    board = anonymous.get("/needs/?municipality=2284").get_data(as_text=True)
    assert "Maintenance technician" in board
    page = anonymous.get(f"/needs/{need.id}", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Maintenance technician" in page and "Hjälp med boende" in page


def test_review_page_lists_the_organisation(app, organisation, make_user):
    officer = make_user("officer", municipality_code="2284", locale="en")
    client = app.test_client()
    client.post("/login", data={"email": officer.email, "password": officer.password})
    html = client.get("/employers/review").get_data(as_text=True)
    assert "Örnsköldsvik Green Fuels AB" in html and "Approve Örnsköldsvik Green Fuels AB" in html
    assert "Sundsvall" in html  # where it operates
    _approve(app, organisation.id, make_user)
    assert "Örnsköldsvik Green Fuels AB" not in client.get("/employers/review").get_data(as_text=True)
    html = client.get("/employers/review?show=decided").get_data(as_text=True)
    assert "Örnsköldsvik Green Fuels AB" in html and "Approved by" in html


def test_officer_of_another_municipality_cannot_approve(app, organisation, make_user):
    response = _approve(app, organisation.id, make_user, municipality="2260")
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Organisation, organisation.id).status == ApprovalStatus.PENDING


@pytest.mark.parametrize(("data", "message"), [
    ({"salary_min": "50000", "salary_max": "40000"}, "The highest salary cannot be lower than the lowest."),
    ({"positions": "0"}, "Enter a number from 1 to 10 000."),
    ({"positions": "-3"}, "Enter a number from 1 to 10 000."),
    ({"start_date": "2024-01-01"}, "The start date must be after today: choose tomorrow or a later date."),
    ({"start_date": today().isoformat()}, "The start date must be after today: choose tomorrow or a later date."),
    ({"start_date": "9999-01-01"}, "Enter a date between"),
    ({"occupation": "9999"}, "There is no occupation with code 9999"),
])
def test_need_problems(app, client, organisation, data, message):
    response = _need(client, organisation.id, **data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert 'value="Maintenance technician"' in html
    with app.app_context():
        assert db.session.query(CompetenceNeed).count() == 0


@pytest.mark.parametrize("occupation", ["2221", "5120"])  # nurses are in shortage, cooks are not
def test_low_salary_warns_about_work_permits_whatever_the_occupation(app, client, organisation, occupation):
    _need(client, organisation.id, occupation=occupation, salary_min="25000", salary_max="27000")
    html = client.get("/employers/").get_data(as_text=True)
    assert "cannot get a work permit at this salary" in html
    assert "SEK" in html


def test_someone_elses_need_is_not_found(app, client, organisation, make_user):
    _need(client, organisation.id)
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
    other = make_user("employer")
    intruder = app.test_client()
    intruder.post("/login", data={"email": other.email, "password": other.password})
    assert intruder.get(f"/employers/needs/{need.id}").status_code == 404
    assert intruder.post(f"/employers/needs/{need.id}/status", data={"status": "closed"}).status_code == 404
    assert intruder.get(f"/employers/organisations/{organisation.id}/needs/new").status_code == 404


def test_lifecycle_and_expiry(app, client, organisation, make_user):
    _approve(app, organisation.id, make_user)
    _need(client, organisation.id)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    client.post(f"/employers/needs/{need_id}/status", data={"status": "open"})
    client.post(f"/employers/needs/{need_id}/status", data={"status": "filled"})
    with app.app_context():
        assert db.session.get(CompetenceNeed, need_id).status == NeedStatus.FILLED
    bad = client.post(f"/employers/needs/{need_id}/status", data={"status": "closed"}, follow_redirects=True)
    assert "cannot change to that status" in bad.get_data(as_text=True)
    assert client.post(f"/employers/needs/{need_id}/status", data={"status": "bogus"}).status_code == 400

    client.post(f"/employers/needs/{need_id}/status", data={"status": "open"})
    with app.app_context():
        need = db.session.get(CompetenceNeed, need_id)
        assert close_expired_needs(need.expires_on + timedelta(days=1)) == 1
        assert close_expired_needs(need.expires_on + timedelta(days=1)) == 0  # twice: nothing more
        db.session.commit()
        assert db.session.get(CompetenceNeed, need_id).status == NeedStatus.CLOSED


def test_board_filters_and_odd_input(app, client, organisation, make_user):
    assert client.get("/needs/?municipality=xx&occupation=abc").status_code == 200
    assert client.get("/needs/?page=2").status_code == 404
    need_id = _open_need(app, client, organisation, make_user)
    anonymous = app.test_client()
    for query in ("7233", "72", "7233 Underhållsmekaniker och maskinreparatörer", "underhållsmekaniker"):
        html = anonymous.get("/needs/", query_string={"occupation": query}, headers={"Accept-Language": "en"})
        assert f"/needs/{need_id}" in html.get_data(as_text=True), query
    other = anonymous.get("/needs/", query_string={"occupation": "sjuksköterska"}).get_data(as_text=True)
    assert f"/needs/{need_id}" not in other


def test_close_expired_command(runner):
    result = runner.invoke(args=["needs", "close-expired"])
    assert result.exit_code == 0 and "expired needs closed" in result.output


def _open_need(app, client, organisation, make_user):
    _approve(app, organisation.id, make_user)
    _need(client, organisation.id)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    client.post(f"/employers/needs/{need_id}/status", data={"status": "open"})
    return need_id


def test_interest_contact_and_hire(app, client, organisation, make_user, newcomer_client, outbox):
    from app.employers.models import ContactRequest, Hire, Interest, Reveal
    from app.talent.models import Household, HouseholdStatus

    need_id = _open_need(app, client, organisation, make_user)
    person, talent = newcomer_client
    assert talent.post(f"/needs/{need_id}/interest").status_code in (302, 303)

    page = client.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Candidate 1" in page and "Ana Souza" not in page and person.email not in page
    assert "Americas" in page and "Brazil" not in page  # the continent, not the country
    with app.app_context():
        profile_id = db.session.scalar(select(Household.id).where(Household.user_id == person.id))
        interest_id = db.session.scalar(select(Interest.id).where(Interest.profile_id == profile_id))
    assert f"candidate-{interest_id}" in page

    # No hire before the candidate accepted contact.
    early = client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/hire",
                        data={"start_date": (today() + timedelta(days=90)).isoformat()}, follow_redirects=True)
    assert "only for a candidate who accepted your contact request" in early.get_data(as_text=True)

    client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact", data={"message": "Hej!"})
    with app.app_context():
        request_id = db.session.scalar(select(ContactRequest.id))
    home = talent.get("/talent/").get_data(as_text=True)
    assert "Employers who want to contact you" in home and "Hej!" in home
    mail = [m for m in outbox() if m.to == [person.email]]
    assert mail and mail[0].subject == "Örnsköldsvik Green Fuels AB would like to contact you"
    talent.post(f"/talent/requests/{request_id}", data={"answer": "accept"})

    page = client.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Ana Souza" in page and person.email in page
    with app.app_context():
        assert db.session.query(Reveal).count() == 1  # the reveal is recorded

    start = today() + timedelta(days=90)
    client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/hire", data={"start_date": start.isoformat()})
    again = client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/hire",
                        data={"start_date": start.isoformat()}, follow_redirects=True)
    assert "This hire is already recorded." in again.get_data(as_text=True)
    with app.app_context():
        hire = db.session.scalar(select(Hire))
        profile = db.session.get(Household, profile_id)
        assert hire.start_date == start
        assert (profile.status, profile.job_start_date, profile.destination_code) == (
            HouseholdStatus.HAS_OFFER, start, "2284")
        steps = {s.service_key: s for s in profile.plan_steps if s.applies}
        assert steps["union_akassa"].suggested_date == start  # the plan follows the job
    assert "has recorded that you are hired" in talent.get("/talent/").get_data(as_text=True)


def test_declined_contact_stays_anonymous(app, client, organisation, make_user, newcomer_client):
    from app.employers.models import ContactRequest, Interest

    need_id = _open_need(app, client, organisation, make_user)
    person, talent = newcomer_client
    talent.post(f"/needs/{need_id}/interest")
    with app.app_context():
        interest_id = db.session.scalar(select(Interest.id))
    client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact")
    with app.app_context():
        request_id = db.session.scalar(select(ContactRequest.id))
    talent.post(f"/talent/requests/{request_id}", data={"answer": "decline"})
    again = talent.post(f"/talent/requests/{request_id}", data={"answer": "accept"}, follow_redirects=True)
    assert "already answered" in again.get_data(as_text=True)
    assert "Ana Souza" not in client.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)


def test_contact_only_for_interested_people_and_answers_only_by_them(app, client, organisation, make_user,
                                                                    newcomer_client):
    from app.employers.models import ContactRequest, Interest

    need_id = _open_need(app, client, organisation, make_user)
    person, talent = newcomer_client
    refused = client.post(f"/employers/needs/{need_id}/candidates/12345/contact", follow_redirects=True)
    assert "That candidate is not interested in this need." in refused.get_data(as_text=True)
    talent.post(f"/needs/{need_id}/interest")
    with app.app_context():
        interest_id = db.session.scalar(select(Interest.id))
    client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact")
    twice = client.post(f"/employers/needs/{need_id}/candidates/{interest_id}/contact", follow_redirects=True)
    assert "You have already asked this candidate for contact." in twice.get_data(as_text=True)
    with app.app_context():
        request_id = db.session.scalar(select(ContactRequest.id))
    stranger = make_user("newcomer")
    other = app.test_client()
    other.post("/login", data={"email": stranger.email, "password": stranger.password})
    assert other.post(f"/talent/requests/{request_id}", data={"answer": "accept"}).status_code == 404


def test_register_to_show_interest_comes_back_to_the_need(app, client, organisation, make_user, outbox):
    need_id = _open_need(app, client, organisation, make_user)
    visitor = app.test_client()
    page = visitor.get(f"/needs/{need_id}").get_data(as_text=True)
    assert f"next=/needs/{need_id}" in page
    response = visitor.post(f"/register?next=/needs/{need_id}", data={
        "role": "newcomer", "full_name": "New Person", "email": "new@example.in",
        "password": "a long enough password", "password_confirm": "a long enough password"})
    assert response.headers["Location"].endswith("/register/sent")  # first the address is confirmed
    mail = [m for m in outbox() if "new@example.in" in m.to][-1]
    link = "/" + mail.body.split("/register/confirm/", 1)[1].split()[0]
    confirmed = visitor.post("/register/confirm/" + link.lstrip("/"))
    assert confirmed.headers["Location"].endswith(f"/needs/{need_id}")  # and the link comes back to the need


def test_interest_only_in_public_needs(app, client, organisation, newcomer_client):
    _need(client, organisation.id)  # a draft of an unapproved organisation
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    _person, talent = newcomer_client
    assert talent.post(f"/needs/{need_id}/interest").status_code == 404


def test_network_posts_a_joint_need_for_its_members(app, client, login_as, make_user):
    from app.employers.models import OrganisationKind

    # An employer in the network "Processum", approved.
    login_as("employer", locale="en")
    _register(client, networks=["processum"])
    with app.app_context():
        member_id = db.session.scalar(select(Organisation.id))
    _approve(app, member_id, make_user)

    network_user = make_user("employer", locale="en")
    network = app.test_client()
    network.post("/login", data={"email": network_user.email, "password": network_user.password})
    missing = _register(network, kind="network", name="Processum AB", org_number="556789-0123")
    assert missing.status_code == 422 and "Choose the industry network you represent." in missing.get_data(
        as_text=True)
    assert _register(network, kind="network", name="Processum AB", org_number="556789-0123",
                     represents="processum").status_code in (302, 303)
    with app.app_context():
        network_id = db.session.scalar(select(Organisation.id).where(Organisation.kind == OrganisationKind.NETWORK))
    _approve(app, network_id, make_user)
    form = network.get(f"/employers/organisations/{network_id}/needs/new").get_data(as_text=True)
    assert "Örnsköldsvik Green Fuels AB" in form  # its member employer can be named
    bad = _need(network, network_id, on_behalf_of=["999999"])
    assert bad.status_code == 422
    assert _need(network, network_id, on_behalf_of=[str(member_id)]).status_code in (302, 303)
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
        assert [o.id for o in need.on_behalf_of] == [member_id]
    network.post(f"/employers/needs/{need.id}/status", data={"status": "open"})
    page = app.test_client().get(f"/needs/{need.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "A joint need for: Örnsköldsvik Green Fuels AB" in page

    # The member employer sees it and can take its name off.
    home = client.get("/employers/").get_data(as_text=True)
    assert "Joint needs that networks posted for you" in home
    assert network.post(f"/employers/joint-needs/{need.id}/leave/{member_id}").status_code == 404  # not theirs
    client.post(f"/employers/joint-needs/{need.id}/leave/{member_id}")
    with app.app_context():
        assert db.session.get(CompetenceNeed, need.id).on_behalf_of == []


def test_rejected_organisation_loses_its_public_needs_and_candidates(app, client, organisation, make_user,
                                                                   newcomer_client):
    need_id = _open_need(app, client, organisation, make_user)
    _person, talent = newcomer_client
    talent.post(f"/needs/{need_id}/interest")
    coordinator = make_user("coordinator")
    boss = app.test_client()
    boss.post("/login", data={"email": coordinator.email, "password": coordinator.password})
    boss.post(f"/employers/review/{organisation.id}", data={"decision": "rejected", "note": "Not a real company",
                                                            "confirm": "1"})
    with app.app_context():
        need = db.session.get(CompetenceNeed, need_id)
        assert need.status == NeedStatus.DRAFT
        decisions = db.session.scalars(select(OrganisationDecision).order_by(OrganisationDecision.id)).all()
        assert [d.decision for d in decisions] == [ApprovalStatus.APPROVED, ApprovalStatus.REJECTED]
        assert decisions[-1].actor_id == coordinator.id and decisions[-1].decided_at
    assert app.test_client().get(f"/needs/{need_id}").status_code == 404
    assert client.get(f"/employers/needs/{need_id}/candidates").status_code == 403


def test_the_officers_where_it_is_based_review_it(app, organisation, make_user):
    """Based in Örnsköldsvik (2284), recruiting in Sundsvall (2281) too: Örnsköldsvik's officers review it,
    Sundsvall's neither see nor decide it."""
    recruits_there = make_user("officer", municipality_code="2281", locale="en")
    client = app.test_client()
    client.post("/login", data={"email": recruits_there.email, "password": recruits_there.password})
    assert "Örnsköldsvik Green Fuels AB" not in client.get("/employers/review").get_data(as_text=True)
    assert _approve(app, organisation.id, make_user, municipality="2281").status_code == 403
    based_there = make_user("officer", municipality_code="2284", locale="en")
    client = app.test_client()
    client.post("/login", data={"email": based_there.email, "password": based_there.password})
    assert "Örnsköldsvik Green Fuels AB" in client.get("/employers/review").get_data(as_text=True)


def test_huge_ids_are_not_found(client, login_as):
    login_as("employer")
    assert client.get("/needs/99999999999999999999").status_code == 404
    assert client.get("/employers/needs/99999999999999999999").status_code == 404


def test_employer_pages_in_swedish(app, client, organisation, make_user):
    _approve(app, organisation.id, make_user)
    _need(client, organisation.id)
    client.post("/language", data={"lang": "sv"})
    html = client.get("/employers/").get_data(as_text=True)
    assert "Kompetensbehov" in html and "Publicera" in html and "Godkänd" in html


def test_expired_needs_close_in_a_scheduled_job(app, runner):
    from app.employers.jobs import close_expired_needs_job

    listed = runner.invoke(args=["jobs", "cron", "--list"])
    assert listed.exit_code == 0, listed.output
    assert "close-expired-needs" in listed.output and "app.employers.jobs.close_expired_needs_job" in listed.output
    with app.app_context():
        assert close_expired_needs_job() == 0
