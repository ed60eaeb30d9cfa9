"""Officers see the household's plan as the household does: progress, the next steps and the deadlines."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.reception.models import Case
from tests.factories import HouseholdFactory


def test_the_case_page_shows_the_next_steps_and_the_bonus_deadline(app, make_user, login, client):
    household = make_user("newcomer", full_name="Priya Nair", locale="en")
    with app.app_context():
        HouseholdFactory(user=db.session.get(User, household.id), full_name="Priya Nair", destination="2281",
                         places=("2281",), job_start=date(2027, 3, 15), consents=["officer_contact"])
        db.session.commit()
        case_id = db.session.scalar(select(Case.id))
    officer = make_user("officer", municipality_code="2281", locale="en")
    login(officer)
    page = client.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    plan = re.search(r'<section aria-labelledby="plan">(.*?)</section>', page, re.S).group(1)
    # What is next, at the top: the household's next three steps and the deadline.
    nxt = re.search(r'<section aria-labelledby="next"[^>]*>(.*?)</section>', page, re.S).group(1)
    nxt = re.sub(r"<[^>]+>", "", nxt)
    assert nxt.count("For the household:") == 3 and "For the household: Work permit" in nxt
    assert "Last day to claim the work-mover bonus at Mitthem AB: 15 Sept 2027" in nxt
    assert "<h4>Before you arrive: 0 of" in plan and "<progress value=\"0\"" in plan
