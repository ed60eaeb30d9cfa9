"""The plan page for a phone: the next three things first, phases that fold with the current one open and
first, progress per phase, what to bring as a checklist; and the same plan as a PDF."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.talent import services
from app.talent.models import Moving, PlanStep, Relation, StepStatus
from tests.factories import HouseholdFactory


def _phases(page: str) -> list[tuple[str, bool, str]]:
    """(phase key, open, progress text) of each folding phase, in the page's order."""
    return [(key, bool(is_open), " ".join(progress.split()))
            for key, is_open, progress in re.findall(
                r'<details class="plan-phase" id="phase-([a-z0-9_]+)"( open)?>.*?'
                r'<span class="phase-progress">(.*?)</span>', page, re.S)]


def test_the_page_starts_with_what_is_next_and_the_current_phase(app, client, newcomer):
    page = client.get("/talent/plan").get_data(as_text=True)
    phases = _phases(page)
    assert phases[0][:2] == ("before_arrival", True)  # nothing done yet: the first phase is current, and open
    assert all(not is_open for _, is_open, _ in phases[1:])
    nxt = re.search(r'<section class="plan-next".*?</section>', page, re.S).group(0)
    assert len(re.findall(r"<li>", nxt)) == 3 and 'href="#step-' in nxt
    assert re.search(r'<progress id="plan-progress" value="0" max="\d+">', page)

    # Everything before arrival done: the first week is current and comes first; the done phase last.
    with app.app_context():
        before = db.session.scalars(select(PlanStep).join(PlanStep.service).where(
            PlanStep.applies.is_(True), PlanStep.service.has(phase="before_arrival"))).all()
        for step in before:
            step.status = StepStatus.DONE
        db.session.commit()
        count = len(before)
    page = client.get("/talent/plan").get_data(as_text=True)
    phases = _phases(page)
    assert phases[0][:2] == ("week_1", True) and phases[-1] == ("before_arrival", False, "All done")
    assert re.search(rf'<progress id="plan-progress" value="{count}"', page)
    assert f"{count} of" in page


def test_each_step_lists_what_to_bring_for_this_household(app, client, newcomer, make_user):
    page = client.get("/talent/plan").get_data(as_text=True)
    card = re.search(r"<h3>Population registration &amp; personal identity number</h3>(.*?)</article>", page,
                     re.S).group(1)
    bring = re.search(r'<ul class="checklist">(.*?)</ul>', card, re.S).group(1)
    assert "Passports, for everyone who moves" in bring and "Residence permit cards" in bring
    assert "marriage" not in bring and "birth certificates" not in bring  # Arjun moves alone
    assert "Your lease, or another proof of your address in Sweden" in bring

    # An EU citizen moving with a partner and a child: the certificates, no residence permit cards.
    user = make_user("newcomer", full_name="Ana Souza", locale="en")
    with app.app_context():
        profile = HouseholdFactory(user=db.session.get(User, user.id), full_name="Ana Souza", citizenship="eu_eea")
        services.save_member(profile, None, relation=Relation.PARTNER, first_name="João", birth_year=1988,
                             home_language="pt", moving=Moving.NOW, follows_on=None, seeking_work=False,
                             occupation_codes=[], swedish_level=None, english_level=None, other_languages={})
        services.save_member(profile, None, relation=Relation.CHILD, first_name="Lia", birth_year=2021,
                             home_language="pt", moving=Moving.NOW, follows_on=None, seeking_work=False,
                             occupation_codes=[], swedish_level=None, english_level=None, other_languages={})
        services.refresh_plan(profile)
        db.session.commit()
    ana = app.test_client()
    ana.post("/login", data={"email": user.email, "password": user.password})
    page = ana.get("/talent/plan").get_data(as_text=True)
    card = re.search(r"<h3>Population registration &amp; personal identity number</h3>(.*?)</article>", page,
                     re.S).group(1)
    assert "Your marriage or partnership certificate" in card and "The children's birth certificates" in card
    assert "Residence permit cards" not in card


def test_the_plan_downloads_as_a_pdf(app, client, newcomer):
    response = client.get("/talent/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="landa-plan.pdf"' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    for words in ("Your arrival plan", "Arjun Kumar", "Örnsköldsvik", "Work permit", "Before you arrive",
                  "Passports, for everyone who moves"):
        assert words in text, words
    assert "Mark as done" not in text  # a printout has no buttons
    client.post("/language", data={"lang": "sv"})
    swedish = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(client.get("/talent/plan.pdf").data)).pages)
    assert "Din ankomstplan" in swedish and "Arbetstillstånd" in swedish and "Innan du kommer" in swedish


def test_without_weasyprint_the_page_says_to_print_instead(client, newcomer, monkeypatch):
    from app.talent import pdf

    monkeypatch.setattr(pdf, "HTML", None)
    response = client.get("/talent/plan.pdf", follow_redirects=True)
    assert response.status_code == 200 and "Print the plan instead" in response.get_data(as_text=True)


def test_a_household_arrives_without_a_job_offer(app, client, newcomer, bearer):
    """An EU citizen coming to look for work, or a partner's family: "arriving" needs an arrival date, not a job."""
    arrival = date.today() + timedelta(days=60)
    web = client.post("/talent/profile/move", data={"status": "arriving", "destination": "2281",
                                                     "arrival": arrival.isoformat()})
    assert web.status_code == 302
    with app.app_context():
        keys = set(db.session.scalars(select(PlanStep.service_key).where(PlanStep.applies.is_(True))))
        assert "population_registration" in keys and "union_akassa" not in keys  # no job: no a-kassa step
    api = app.test_client().put("/api/v1/newcomer/profile/move", headers=bearer(newcomer),
                                json={"status": "arriving", "destination_code": "2284",
                                      "arrival": arrival.isoformat()})
    assert api.status_code == 200 and api.get_json()["job_start_date"] is None
    offer = client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2281"})
    assert offer.status_code == 422 and "Enter your first day at work" in offer.get_data(as_text=True)
