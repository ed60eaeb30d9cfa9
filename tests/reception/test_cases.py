"""Reception: cases opened three ways, the workflow, the officer's workspace, scoping, audit, lost updates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEntry
from app.extensions import db
from app.models import today
from app.reception.models import Case, CaseEvent, CaseSource, CaseStatus, CaseTask
from tests.conftest import statements_during


def _version(app, case_id):
    with app.app_context():
        return db.session.get(Case, case_id).version


def _status(officer, case_id, status, version, reason=""):
    return officer.post(f"/reception/cases/{case_id}/status",
                        data={"status-status": status, "status-closing_reason": reason, "status-version": version})


def test_one_open_case_per_household_and_municipality(app, client, case_id):
    client.post("/talent/consents", data={"officer_contact": "y", "matching": "y"})  # again: no second case
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 1
        case = db.session.get(Case, case_id)
        db.session.add(Case(profile_id=case.profile_id, municipality_code="2284"))
        with pytest.raises(IntegrityError):  # the database itself refuses a second open case
            db.session.flush()
        db.session.rollback()


def test_the_workflow_moves_only_where_it_makes_sense(app, officer, case_id):
    assert _status(officer, case_id, "contacted", 1).status_code == 302
    refused = _status(officer, case_id, "settling", 2)
    assert refused.status_code == 422 and "cannot move to that status" in refused.get_data(as_text=True)
    no_reason = _status(officer, case_id, "closed", 2)
    assert "Choose why the case is closed." in no_reason.get_data(as_text=True)
    assert _status(officer, case_id, "closed", 2, reason="left_region").status_code == 302
    closed = _status(officer, case_id, "contacted", 3)
    assert "This case is closed" in closed.get_data(as_text=True)
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.status == CaseStatus.CLOSED and case.closing_reason.value == "left_region" and case.closed_at
        events = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id))
        assert [(e.from_status, e.to_status, e.actor_id) for e in events] == [
            (None, CaseStatus.NEW, case.profile.user_id),  # the newcomer opened it
            (CaseStatus.NEW, CaseStatus.CONTACTED, officer.user.id),
            (CaseStatus.CONTACTED, CaseStatus.CLOSED, officer.user.id)]
    page = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "Left the region" in page and "New → Contacted, Olle Officer" in page  # the history, who and when
    assert "Contacted → Closed, Olle Officer" in page


def test_a_lost_update_is_refused_and_shows_the_other_change(app, officer, make_user, case_id):
    colleague = make_user("officer", municipality_code="2284", full_name="Cilla Colleague")
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": colleague.password})
    seen = _version(app, case_id)  # both open the page at the same version
    assert other.post(f"/reception/cases/{case_id}/assign",
                      data={"assign-officer": str(colleague.id), "assign-version": seen}).status_code == 302
    late = officer.post(f"/reception/cases/{case_id}/assign",
                        data={"assign-officer": str(officer.user.id), "assign-version": seen})
    html = late.get_data(as_text=True)
    assert late.status_code == 409 and "Someone else changed this case" in html
    assert "Cilla Colleague" in html  # the page shows the colleague's change
    with app.app_context():
        assert db.session.get(Case, case_id).assigned_officer_id == colleague.id  # not overwritten
    # Submitting again from what they now see works.
    again = officer.post(f"/reception/cases/{case_id}/assign",
                         data={"assign-officer": str(officer.user.id), "assign-version": _version(app, case_id)})
    assert again.status_code == 302


def test_officers_see_only_their_municipality(app, make_user, case_id, officer):
    outsider = make_user("officer", municipality_code="2281")
    browser = app.test_client()
    browser.post("/login", data={"email": outsider.email, "password": outsider.password})
    assert browser.get(f"/reception/cases/{case_id}").status_code == 404
    assert _status(browser, case_id, "contacted", 1).status_code == 404
    assert "1 case matches" not in browser.get("/reception/").get_data(as_text=True)
    assert "Arjun" in officer.get("/reception/").get_data(as_text=True)
    coordinator = make_user("coordinator")
    regional = app.test_client()
    regional.post("/login", data={"email": coordinator.email, "password": coordinator.password})
    assert regional.get(f"/reception/cases/{case_id}").status_code == 200


def test_every_view_and_change_is_audited_and_coordinators_read_it(app, officer, make_user, case_id):
    officer.get(f"/reception/cases/{case_id}")
    _status(officer, case_id, "contacted", 1)
    officer.post(f"/reception/cases/{case_id}/notes", data={"note-body": "Called, they arrive in March."})
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "case",
                                                                     AuditEntry.object_id == case_id)
                                     .order_by(AuditEntry.id)).all()
    assert actions[:1] == ["opened"] and {"view", "status", "note_added"} <= set(actions)
    assert "Audit trail" not in officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    coordinator = make_user("coordinator", locale="en")
    regional = app.test_client()
    regional.post("/language", data={"lang": "en"})
    regional.post("/login", data={"email": coordinator.email, "password": coordinator.password})
    page = regional.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "Audit trail" in page and "Changed the status" in page and "Olle Officer" in page


def test_tasks_refuse_a_past_date_and_keep_what_was_typed(app, officer, case_id):
    past = (today() - timedelta(days=1)).isoformat()
    response = officer.post(f"/reception/cases/{case_id}/tasks",
                            data={"task-title": "Book the preschool visit", "task-due_on": past})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "The due date has passed" in html
    assert 'value="Book the preschool visit"' in html
    soon = (today() + timedelta(days=3)).isoformat()
    officer.post(f"/reception/cases/{case_id}/tasks",
                 data={"task-title": "Book the preschool visit", "task-due_on": soon,
                       "task-assignee": str(officer.user.id)})
    with app.app_context():
        task = db.session.scalar(select(CaseTask))
        assert task.assignee_id == officer.user.id and task.done_at is None
        task.due_on = today() - timedelta(days=2)  # time passes
        db.session.commit()
        task_id = task.id
    assert "Arjun" in officer.get("/reception/?overdue=1").get_data(as_text=True)
    officer.post(f"/reception/cases/{case_id}/tasks/{task_id}", data={"done": "1"})
    assert "Arjun" not in officer.get("/reception/?overdue=1").get_data(as_text=True)
    assert officer.post(f"/reception/cases/{case_id}/tasks/999999", data={"done": "1"}).status_code == 404


def test_the_case_list_filters_and_searches(app, officer, case_id):
    assert "Arjun" in officer.get("/reception/?view=unassigned").get_data(as_text=True)
    assert "Arjun" not in officer.get("/reception/?view=mine").get_data(as_text=True)
    officer.post(f"/reception/cases/{case_id}/take", data={"version": _version(app, case_id)})
    assert "Arjun" in officer.get("/reception/?view=mine").get_data(as_text=True)
    assert "Arjun" in officer.get("/reception/?q=arjun").get_data(as_text=True)
    assert "Arjun" not in officer.get("/reception/?q=nobody").get_data(as_text=True)
    with app.app_context():
        arrival = db.session.get(Case, case_id).expected_arrival
    month = f"{arrival.year}-{arrival.month:02d}"
    assert "Arjun" in officer.get(f"/reception/?month={month}").get_data(as_text=True)
    assert "Arjun" not in officer.get(f"/reception/?month={arrival.year + 1}-01").get_data(as_text=True)
    assert officer.get("/reception/?month=garbage&status=nonsense&view=x").status_code == 200


def test_an_officer_registers_a_walk_in_who_then_says_yes(app, officer, outbox, household_answers):
    form = {"full_name": "Mei Lin", "email": "mei.lin@example.cn", "locale": "en", "municipality": "2284",
            "expected_arrival": (today() + timedelta(days=40)).isoformat(), "note": "Came to the desk."}
    refused = officer.post("/reception/cases/new", data=form)  # without the household's agreement
    assert refused.status_code == 200 and "Reception may only open a case the household agreed to" in \
        refused.get_data(as_text=True)
    response = officer.post("/reception/cases/new", data=form | {"agreed": "y"}, follow_redirects=True)
    assert "appears in your case list when they say yes" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Case)) is None  # nothing to see before the household says yes
    mail = [m for m in outbox() if m.to == ["mei.lin@example.cn"]]
    assert mail and "has opened your move in Landa" in mail[0].subject
    assert "asks whether the reception may follow your move" in mail[0].body

    household_answers("mei.lin@example.cn", yes=True)
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case.source == CaseSource.OFFICER and case.assigned_officer_id == officer.user.id
        assert case.profile.user.email == "mei.lin@example.cn" and len(case.notes) == 1
        assert case.municipality_code == "2284" and case.expected_arrival == today() + timedelta(days=40)
    again = officer.post("/reception/cases/new", data=form | {"agreed": "y"}, follow_redirects=True)
    assert "already has an open case here" in again.get_data(as_text=True)
    staff = officer.post("/reception/cases/new", data=form | {"agreed": "y", "email": officer.user.email},
                         follow_redirects=True)
    assert "appears in your case list when they say yes" in staff.get_data(as_text=True)  # nothing told


def test_newcomers_and_employers_cannot_reach_reception(client, newcomer, case_id):
    assert client.get("/reception/").status_code in (302, 403)
    assert client.get(f"/reception/cases/{case_id}").status_code in (302, 403)


def test_the_case_page_asks_the_database_the_same_number_of_times_as_the_case_grows(app, client, officer, case_id):
    """Notes, tasks, messages both ways and referrals: the case page's statements do not grow with them."""

    def statements() -> int:
        def view() -> None:
            assert officer.get(f"/reception/cases/{case_id}").status_code == 200

        return statements_during(app, view)

    def more(n: int) -> None:
        soon = (today() + timedelta(days=3 + n)).isoformat()
        officer.post(f"/reception/cases/{case_id}/notes", data={"note-body": f"Note {n}"})
        officer.post(f"/reception/cases/{case_id}/tasks", data={"task-title": f"Task {n}", "task-due_on": soon,
                                                                 "task-assignee": str(officer.user.id)})
        officer.post(f"/reception/cases/{case_id}/messages", data={"message-body": f"Message {n}"})
        client.post(f"/talent/cases/{case_id}/messages", data={"body": f"Reply {n}"})
        officer.post(f"/reception/cases/{case_id}/referrals", data={"referral-target": "service:sfi",
                                                                     "referral-note": f"Referral {n}"})

    more(1)
    officer.get(f"/reception/cases/{case_id}")  # marks the household's reply read: a write, once
    one = statements()
    for n in range(2, 6):
        more(n)
    officer.get(f"/reception/cases/{case_id}")
    assert statements() == one
