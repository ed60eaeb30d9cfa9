"""Edge cases found in review: consent is the household's alone, closed stays closed, races and repeats."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import today, utcnow
from app.reception.models import Case, CaseMessage, CaseStatus, CaseTask, ClosingReason, FollowUp, FollowUpStatus


def _version(app, case_id):
    with app.app_context():
        return db.session.get(Case, case_id).version


def test_a_desk_officer_cannot_open_a_case_on_someone_elses_account(app, officer, newcomer):
    form = {"full_name": "Arjun Kumar", "email": newcomer.email, "locale": "en", "municipality": "2284", "agreed": "y"}
    asked = officer.post("/reception/cases/new", data=form, follow_redirects=True)
    assert "appears in your case list when they say yes" in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Case)) is None


def test_a_coordinator_must_choose_the_municipality(app, make_user):
    coordinator = make_user("coordinator")
    browser = app.test_client()
    browser.post("/login", data={"email": coordinator.email, "password": coordinator.password})
    response = browser.post("/reception/cases/new", data={"full_name": "Mei Lin", "email": "mei@example.cn",
                                                           "locale": "en", "municipality": "", "agreed": "y"})
    assert response.status_code == 200 and "field-error" in response.get_data(as_text=True)


def test_withdrawing_consent_closes_the_cases_and_cancels_follow_ups(app, client, officer, case_id):
    client.post("/talent/consents", data={"matching": "y"})  # officer_contact no longer ticked
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert (case.status, case.closing_reason) == (CaseStatus.CLOSED, ClosingReason.CONSENT_WITHDRAWN)
        assert {f.status for f in case.follow_ups} <= {FollowUpStatus.CANCELLED}
    client.post("/talent/consents", data={"officer_contact": "y"})  # saving again does not reopen it
    with app.app_context():
        assert [c.status for c in db.session.scalars(select(Case))] == [CaseStatus.CLOSED]


def test_taking_needs_the_version_and_an_unassigned_case(app, officer, make_user, case_id):
    assert officer.post(f"/reception/cases/{case_id}/take", data={}).status_code == 409
    colleague = make_user("officer", municipality_code="2284")
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": colleague.password})
    assert other.post(f"/reception/cases/{case_id}/take", data={"version": _version(app, case_id)}).status_code == 302
    late = officer.post(f"/reception/cases/{case_id}/take", data={"version": _version(app, case_id)})
    assert late.status_code == 422 and "taken this case" in late.get_data(as_text=True)


def test_a_double_click_sends_one_message(app, officer, case_id):
    for _ in range(2):
        officer.post(f"/reception/cases/{case_id}/messages", data={"message-body": "Welcome to Örnsköldsvik!"})
    with app.app_context():
        assert len(db.session.scalars(select(CaseMessage)).all()) == 1


def test_a_late_answer_still_counts(app, client, officer, case_id):
    from app.reception import followups

    client.post("/talent/consents", data={"officer_contact": "y", "follow_up": "y"})
    with app.app_context():
        follow_up = db.session.scalar(select(FollowUp).where(FollowUp.case_id == case_id, FollowUp.offset_days == 14))
        follow_up.status, follow_up.token_digest = FollowUpStatus.MISSED, followups.digest("secret")
        follow_up.expires_at = utcnow() + timedelta(days=3)
        db.session.commit()
    assert app.test_client().post("/reception/follow-up/secret", data={
        "settled": "4", "housing": "permanent", "partner_work": "working"}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(FollowUp.status).where(FollowUp.token_digest == followups.digest("secret"))) \
            == FollowUpStatus.ANSWERED


def test_an_arrival_long_past_sends_only_the_latest_check_in(app, officer, case_id):
    with app.app_context():
        version = db.session.get(Case, case_id).version
    officer.post(f"/reception/cases/{case_id}/arrival", data={
        "arrival-expected_arrival": (today() - timedelta(days=200)).isoformat(), "arrival-version": version})
    with app.app_context():
        statuses = dict(db.session.execute(select(FollowUp.offset_days, FollowUp.status)
                                           .where(FollowUp.case_id == case_id)).all())
    assert statuses == {14: FollowUpStatus.CANCELLED, 91: FollowUpStatus.CANCELLED,
                        182: FollowUpStatus.SCHEDULED, 365: FollowUpStatus.SCHEDULED}


def test_closing_finishes_open_tasks_and_follow_ups_add_none(app, officer, case_id):
    from app.reception import followups

    with app.app_context():
        case = db.session.get(Case, case_id)
        case.tasks.append(CaseTask(title="Call", due_on=today() - timedelta(days=1)))
        follow_up = next(f for f in case.follow_ups if f.offset_days == 14)
        follow_up.status, follow_up.sent_at = FollowUpStatus.SENT, utcnow() - timedelta(days=8)
        db.session.commit()
        follow_up_id = follow_up.id
    officer.post(f"/reception/cases/{case_id}/status", data={
        "status-status": "closed", "status-closing_reason": "settled", "status-version": _version(app, case_id)})
    with app.app_context():
        assert followups.mark_missed(follow_up_id) == "task"
        db.session.commit()
        tasks = db.session.scalars(select(CaseTask).where(CaseTask.case_id == case_id)).all()
        assert [t.title for t in tasks] == ["Call"] and tasks[0].done_at is not None
    assert "Nothing is overdue." in officer.get("/reception/dashboard").get_data(as_text=True)


def test_a_new_destination_gives_the_old_municipality_a_task(app, client, officer, case_id):
    client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2281",
                                              "job_start": "2027-03-15", "arrival": "2027-03-01"})
    page = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "The household now plans to move to Sundsvall" in page
