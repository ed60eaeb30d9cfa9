"""The dashboard's figures, and a coordinator moving a case between municipalities."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import today, utcnow
from app.reception.models import Case, CaseTask, FollowUp, FollowUpStatus


def _coordinator(app, make_user):
    person = make_user("coordinator", locale="en", full_name="Rita Regional")
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": person.email, "password": person.password})
    return browser


def test_the_dashboard_counts_what_needs_attention(app, officer, make_user, case_id):
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.expected_arrival = today() + timedelta(days=10)
        case.tasks.append(CaseTask(title="Call the school", due_on=today() - timedelta(days=1)))
        outcomes = {14: FollowUpStatus.ANSWERED, 91: FollowUpStatus.ANSWERED, 182: FollowUpStatus.MISSED}
        for follow_up in db.session.scalars(select(FollowUp).where(FollowUp.case_id == case_id)):
            if follow_up.offset_days in outcomes:  # as if the household had arrived a year ago
                follow_up.status, follow_up.due_on = outcomes[follow_up.offset_days], today() - timedelta(days=30)
            else:
                follow_up.due_on = today() + timedelta(days=20)
        db.session.commit()
    page = officer.get("/reception/dashboard").get_data(as_text=True)
    assert "Reception overview: Örnsköldsvik" in page
    assert "Call the school" in page and "Arjun" in page
    assert "Response rate over the last year: 67% (2 answered, 1 without an answer)" in page
    outsider = make_user("officer", municipality_code="2281")
    other = app.test_client()
    other.post("/login", data={"email": outsider.email, "password": outsider.password})
    assert "Call the school" not in other.get("/reception/dashboard").get_data(as_text=True)
    regional = _coordinator(app, make_user)
    everything = regional.get("/reception/dashboard").get_data(as_text=True)
    assert "Reception overview: the region" in everything and "Call the school" in everything
    assert "Call the school" not in regional.get("/reception/dashboard?municipality=2281").get_data(as_text=True)


def test_a_coordinator_moves_a_case_to_another_municipality(app, officer, make_user, case_id):
    with app.app_context():
        version = db.session.get(Case, case_id).version
    officer.post(f"/reception/cases/{case_id}/take", data={"version": version})
    assert officer.post(f"/reception/cases/{case_id}/move",
                        data={"move-municipality": "2281", "move-version": version + 1}).status_code == 403
    regional = _coordinator(app, make_user)
    moved = regional.post(f"/reception/cases/{case_id}/move",
                          data={"move-municipality": "2281", "move-version": version + 1})
    assert moved.status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert (case.municipality_code, case.assigned_officer_id) == ("2281", None)
    assert officer.get(f"/reception/cases/{case_id}").status_code == 404  # no longer Örnsköldsvik's
    stale = regional.post(f"/reception/cases/{case_id}/move",
                          data={"move-municipality": "2284", "move-version": version})
    assert stale.status_code == 409


def test_the_counts_are_kept_for_a_minute_and_the_lists_are_live(app, officer, make_user, case_id, monkeypatch):
    import re

    from app.reception import dashboard

    monkeypatch.setitem(app.config, "LANDA_COUNTS_KEPT_SECONDS", 60)
    now = [1_000_000_020.0]
    monkeypatch.setattr(dashboard, "clock", lambda: now[0])
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.tasks.append(CaseTask(title="Call the school", due_on=today() - timedelta(days=1)))
        db.session.commit()

    def overdue(browser) -> tuple[str, bool]:
        page = browser.get("/reception/dashboard").get_data(as_text=True)
        count = re.search(r"Overdue tasks</h2><p class=\"progress-line\"><strong>(\d+)", page).group(1)
        return count, "Call the school" in page

    assert overdue(officer) == ("1", True)
    outsider = make_user("officer", municipality_code="2281", locale="en")
    other = app.test_client()
    other.post("/login", data={"email": outsider.email, "password": outsider.password})
    assert overdue(other) == ("0", False)  # each scope its own counts
    with app.app_context():
        db.session.scalar(select(CaseTask).where(CaseTask.title == "Call the school")).done_at = utcnow()
        db.session.commit()
    assert overdue(officer) == ("1", False)  # the count is kept; the list is read again
    now[0] += 60
    assert overdue(officer) == ("0", False)  # a minute later, counted again
