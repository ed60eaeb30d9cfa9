"""Matches on the pages: newcomers see jobs for themselves and their partner; employers see consenting talent."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select

from app.auth.models import User
from app.employers.models import CompetenceNeed
from app.extensions import db
from tests.conftest import statements_during
from tests.employers.test_employers import VALID_ORGNR
from tests.factories import NeedFactory


def _employer_with_open_need(app, make_user):
    """An approved employer's browser with an open need: maintenance technicians (7233) in Örnsköldsvik."""
    employer = make_user("employer", locale="en")
    with app.app_context():
        NeedFactory(organisation__owner=db.session.get(User, employer.id), organisation__org_number=VALID_ORGNR)
        db.session.remove()
    boss = app.test_client()
    boss.post("/login", data={"email": employer.email, "password": employer.password})
    return boss


def test_newcomer_sees_ranked_explained_jobs(app, client, newcomer, make_user):
    _employer_with_open_need(app, make_user)
    html = client.get("/talent/").get_data(as_text=True)
    assert "Jobs that fit your household" in html and "Maintenance technician" in html
    assert "Same occupation: Agricultural and industrial machinery mechanics and repairers" in html


def test_employer_sees_only_consenting_talent(app, client, newcomer, make_user):
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))

    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Other talent that matches" not in page  # no consent yet

    client.post("/talent/consents", data={"matching": "y"})
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Other talent that matches" in page and "Same occupation" in page
    assert "Arjun Kumar" not in page  # anonymised

    client.post("/talent/consents", data={})  # withdrawn: gone at once
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Other talent that matches" not in page


def test_profiles_not_confirmed_for_90_days_are_paused(app, client, newcomer, make_user):
    from datetime import timedelta

    from app.models import utcnow
    from app.talent.models import Household

    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    client.post("/talent/consents", data={"matching": "y"})
    assert "Other talent that matches" in boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)

    with app.app_context():
        profile = db.session.scalar(select(Household).where(Household.user_id == newcomer.id))
        profile.confirmed_at = utcnow() - timedelta(days=91)
        db.session.commit()
    assert "Other talent that matches" not in boss.get(f"/employers/needs/{need_id}/candidates").get_data(
        as_text=True)
    home = client.get("/talent/").get_data(as_text=True)
    assert "It is paused from employers' lists until you confirm it" in home
    client.post("/talent/confirm")  # one click
    assert "Other talent that matches" in boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)


def test_only_the_partner_looking_for_work_gets_partner_matches(app, client, newcomer, make_user):
    _employer_with_open_need(app, make_user)
    client.post("/talent/profile/work", data={})  # the newcomer gives no occupation
    client.post("/talent/household/add", data={"relation": "partner", "first_name": "Divya", "birth_year": "1990",
                                                "moving": "now", "seeking_work": "y", "occupations-0": "7233"})
    html = client.get("/talent/").get_data(as_text=True)
    assert "For Divya" in html
    assert "Matches start from your occupation" in html  # the newcomer's own list says what to add
    assert 'href="/talent/profile/work">Your occupation</a>' in html


def test_every_page_shows_the_same_score_and_every_gap(app, client, newcomer, make_user, bearer):
    """Arjun (7233, skills "PLC programming, welding", arriving after the start) and a need for PLC and
    hydraulics: the start page, the need page, the comparison, the employer's list and the API agree,
    and each names both gaps (no hydraulics, a late start) and what fits (PLC programming covers PLC)."""
    import re

    boss = _employer_with_open_need(app, make_user)
    client.post("/talent/consents", data={"matching": "y"})
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    start = client.get("/talent/").get_data(as_text=True)
    score = re.search(r'class="match-score">(\d+)/100', start).group(1)
    need_page = client.get(f"/needs/{need_id}").get_data(as_text=True)
    candidates = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    places = client.get("/talent/places").get_data(as_text=True)
    api = client.get("/api/v1/newcomer/matches", headers=bearer(newcomer)).get_json()["newcomer"][0]

    assert f'class="match-score">{score}/100' in need_page and f'class="match-score">{score}/100' in candidates
    assert f"Best open need: {score}/100" in places and api["score"] == int(score)
    for page in (start, need_page, candidates, places):
        assert "Missing required skill: hydraulics" in page and "Missing required skill: PLC" not in page
        assert "after the start date" in page and "Does not meet 2 requirements (−20 points)" in page
    assert "Missing required skill: hydraulics" in api["gaps"] and len(api["gaps"]) == 2


def test_an_interested_candidate_in_an_unrelated_occupation_is_scored_zero_with_the_reason(
        app, client, newcomer, make_user, bearer):
    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    client.post("/talent/profile/work", data={"occupations-0": "2211", "education": "doctorate",
                                              "years_experience": "12"})  # a specialist physician
    client.post(f"/needs/{need_id}/interest")
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert 'class="match-score">0/100' in page
    assert "Not a match: Specialist physicians is unrelated to Agricultural and industrial machinery" in page
    assert "Other talent that matches" not in page  # and not listed as a match


def test_a_low_salary_is_a_gap_on_a_non_eu_newcomer_s_match_whatever_the_occupation(app, client, newcomer,
                                                                                   make_user):
    from tests.employers.test_employers import _need

    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        from app.employers.models import Organisation

        organisation_id = db.session.scalar(select(Organisation.id))
    _need(boss, organisation_id, title="Cheap technician", salary_min="20000", salary_max="21000")
    with app.app_context():
        cheap = db.session.scalar(select(CompetenceNeed.id).where(CompetenceNeed.title == "Cheap technician"))
    boss.post(f"/employers/needs/{cheap}/status", data={"status": "open"})
    page = client.get(f"/needs/{cheap}").get_data(as_text=True)
    assert "The salary is below the work-permit minimum" in page


def test_an_employer_asks_a_matching_newcomer_for_contact_from_the_list(app, client, newcomer, make_user, outbox):
    import re

    from app.employers.models import ContactRequest, Interest

    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    client.post("/talent/consents", data={"matching": "y"})
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    action = re.search(rf'action="(/employers/needs/{need_id}/matches/[0-9a-f]+/contact)"', page).group(1)
    assert "Arjun" not in page

    assert boss.post(f"/employers/needs/{need_id}/matches/{'0' * 24}/contact").status_code == 302
    assert "no longer on the matching list" in boss.get(f"/employers/needs/{need_id}/candidates").get_data(
        as_text=True)
    boss.post(action, data={"message": "We would like to talk about the night shift."})
    asked = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Asked from the matching list" in asked  # a pending request: no profile, no score until they accept
    assert "Years of experience" not in asked
    [mail] = [m for m in outbox() if m.to == [newcomer.email]]
    assert "would like to contact you" in mail.body

    with app.app_context():
        request_id = db.session.scalar(select(ContactRequest.id))
    client.post(f"/talent/requests/{request_id}", data={"answer": "accept"})
    with app.app_context():
        assert db.session.scalar(select(Interest.need_id)) == need_id  # accepting is interest: a hire can follow
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert "Arjun Kumar" in page and "Record the hire" in page


def test_job_alerts_mail_new_needs_that_fit_once_a_week_and_stop_by_the_link(app, client, newcomer, make_user,
                                                                            outbox, monkeypatch):
    import re
    from datetime import date, datetime

    from app.matching import alerts

    boss = _employer_with_open_need(app, make_user)  # maintenance technicians in Örnsköldsvik, published now
    client.post("/talent/household/add", data={"relation": "partner", "first_name": "Divya", "birth_year": "1990",
                                                "moving": "now", "seeking_work": "y", "occupations-0": "2221"})
    assert 'id="job-alerts"' in client.get("/talent/").get_data(as_text=True)
    client.post("/talent/job-alerts", data={"me": "y", "partner": "y"})
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
        need.published_at = datetime(2026, 11, 25, 9, tzinfo=UTC)  # in ISO week 48
        db.session.commit()
        monkeypatch.setattr(alerts, "today", lambda: date(2026, 12, 1))  # Tuesday of week 49
        assert alerts.job_alerts_job() == 1
        assert alerts.job_alerts_job() == 0  # once a week
    [mail] = [m for m in outbox() if m.to == [newcomer.email] and "New jobs" in m.subject]
    assert "Maintenance technician" in mail.body and "/100" in mail.body and "For you" in mail.body
    assert "For Divya" not in mail.body  # a nurse: the mechanic job does not fit her
    assert "does not meet: Missing required skill: hydraulics" in mail.body

    stop = re.search(r"https?://\S+/talent/job-alerts/stop/\S+", mail.body).group(0)
    path = stop.split("://", 1)[1].split("/", 1)[1]
    stranger = app.test_client()  # the link works without signing in
    assert "Stop the weekly e-mail" in stranger.get(f"/{path}").get_data(as_text=True)
    assert stranger.post(f"/{path}").status_code == 200
    with app.app_context():
        from app.talent.models import Household

        profile = db.session.scalar(select(Household))
        assert not profile.job_alerts and not profile.partner.job_alerts
    assert stranger.get(f"/{path[:-3]}xyz").status_code == 404  # a forged link
    assert boss  # the employer's need stays as it was


def test_the_candidates_page_asks_the_database_the_same_number_of_times_for_more_candidates(app, make_user):
    """Interested, asked and accepted candidates (each revealed, so each view records a reveal): the page's
    statements do not grow with them."""

    from app.employers import candidates as candidate_services
    from app.employers.models import Interest
    from app.talent.services import get_or_create_profile, set_occupations

    boss = _employer_with_open_need(app, make_user)
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
        need_id, asker = need.id, need.organisation.members[0].user

    def candidate(n: int) -> None:
        person = make_user("newcomer", full_name=f"Candidate Person {n}", locale="en")
        with app.app_context():
            from app.auth.models import User

            profile = get_or_create_profile(db.session.get(User, person.id))
            set_occupations(profile.me, ["7233"])
            need = db.session.get(CompetenceNeed, need_id)
            interest = candidate_services.show_interest(profile, need_id)
            db.session.flush()
            contact = candidate_services.request_contact(need, interest.id, db.session.merge(asker))
            candidate_services.answer_request(profile, contact.id, True)
            db.session.commit()
            assert db.session.scalar(select(Interest.id).where(Interest.id == interest.id))

    def statements() -> int:
        from app.catalogue.names import occupation_name
        from app.matching.kept import forget_all

        with app.app_context():
            forget_all()  # each view searches (the lists are kept otherwise: fewer statements)
            occupation_name("7233")  # the names are read once per process, not per view

        def view() -> None:
            page = boss.get(f"/employers/needs/{need_id}/candidates")
            assert page.status_code == 200 and "Candidate Person" in page.get_data(as_text=True)

        return statements_during(app, view)

    candidate(1)
    one = statements()
    for n in range(2, 6):
        candidate(n)
    assert statements() == one
