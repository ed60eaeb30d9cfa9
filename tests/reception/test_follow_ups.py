"""Follow-ups: scheduled from the arrival date, sent once by jobs, answered once, tasks when needed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import today, utcnow
from app.reception.models import Case, CaseTask, FollowUp, FollowUpStatus, InboxItem, InboxKind
from tests.conftest import run_jobs


def _follow_ups(app, case_id):
    with app.app_context():
        return [(f.offset_days, f.due_on, f.status) for f in
                db.session.scalars(select(FollowUp).where(FollowUp.case_id == case_id).order_by(FollowUp.offset_days))]


def _set_arrival(app, officer, case_id, arrival):
    with app.app_context():
        version = db.session.get(Case, case_id).version
    return officer.post(f"/reception/cases/{case_id}/arrival",
                        data={"arrival-expected_arrival": arrival.isoformat() if arrival else "",
                              "arrival-version": version})


def _sweep(app):
    from app.reception.jobs import sweep_follow_ups_job

    with app.app_context():
        counts = sweep_follow_ups_job()
    run_jobs(app)
    return counts


def _make_due(app, case_id, offset_days=14, sent_days_ago=None):
    with app.app_context():
        follow_up = db.session.scalar(select(FollowUp).where(FollowUp.case_id == case_id,
                                                             FollowUp.offset_days == offset_days))
        follow_up.due_on = today()
        if sent_days_ago is not None:
            follow_up.sent_at = utcnow() - timedelta(days=sent_days_ago)
        db.session.commit()
        return follow_up.id


def test_the_arrival_date_schedules_and_moves_the_follow_ups(app, officer, case_id):
    arrival = today() + timedelta(days=30)
    _set_arrival(app, officer, case_id, arrival)
    assert _follow_ups(app, case_id) == [(d, arrival + timedelta(days=d), FollowUpStatus.SCHEDULED)
                                         for d in (14, 91, 182, 365)]
    later = arrival + timedelta(days=10)
    _set_arrival(app, officer, case_id, later)
    assert [due for _, due, _ in _follow_ups(app, case_id)] == [later + timedelta(days=d) for d in (14, 91, 182, 365)]
    _set_arrival(app, officer, case_id, None)
    assert {status for *_, status in _follow_ups(app, case_id)} == {FollowUpStatus.CANCELLED}
    _set_arrival(app, officer, case_id, arrival)
    assert {status for *_, status in _follow_ups(app, case_id)} == {FollowUpStatus.SCHEDULED}


@pytest.fixture
def consenting(client, case_id):
    client.post("/talent/consents", data={"officer_contact": "y", "follow_up": "y"})
    return case_id


def test_a_due_follow_up_is_sent_once_and_answered_once(app, officer, client, consenting, outbox):
    case_id = consenting
    _set_arrival(app, officer, case_id, today() - timedelta(days=20))  # 14 days after arrival is past
    assert _sweep(app)["due"] == 1
    assert _sweep(app)["due"] == 0  # nothing is sent twice
    from app.reception.jobs import send_follow_up_job

    with app.app_context():
        follow_up_id = db.session.scalar(select(FollowUp.id).where(FollowUp.offset_days == 14))
        assert send_follow_up_job(follow_up_id) == "skipped"  # a second run of the same job
    mails = [m for m in outbox() if "How are you doing" in m.subject or "Hur går det" in m.subject]
    assert len(mails) == 1
    link = re.search(r"https?://\S+/reception/follow-up/\S+", mails[0].body).group(0)
    path = link.split("landa.test", 1)[-1] if "landa.test" in link else "/" + link.split("/", 3)[3]
    anonymous = app.test_client()
    assert anonymous.get(path).status_code == 200
    bad = anonymous.post(path, data={"settled": "9"})
    assert bad.status_code == 422
    assert anonymous.post(path, data={"settled": "2", "housing": "looking", "partner_work": "looking"}
                          ).status_code == 200
    assert anonymous.post(path, data={"settled": "5", "housing": "permanent", "partner_work": "working"}
                          ).status_code == 410  # used once
    with app.app_context():
        follow_up = db.session.get(FollowUp, follow_up_id)
        assert (follow_up.status, follow_up.settled, follow_up.trouble) == (FollowUpStatus.ANSWERED, 2, True)
        assert db.session.scalar(select(CaseTask.kind).where(CaseTask.follow_up_id == follow_up_id)) == "trouble"
        worry = select(InboxItem).where(InboxItem.kind == InboxKind.WORRY, InboxItem.ref_id == follow_up_id)
        assert db.session.scalar(worry).seen_at is None  # new for reception
    assert "Worrying answer" in officer.get("/reception/").get_data(as_text=True)
    page = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    assert "shows the household needs support" in page and "Settled 2 of 5" in page
    with app.app_context():
        assert db.session.scalar(worry).seen_at is not None
    assert anonymous.get("/reception/follow-up/not-a-real-token").status_code == 404


def test_a_batch_of_check_ins_sends_each_e_mail_from_its_own_worker(app, officer, consenting, outbox):
    """Each check-in's e-mail goes out right after its commit, from the worker of the batch, not through
    another round trip on the mail queue (on the Redis pass: nothing is left queued)."""
    from app.jobs import get_queue
    from app.outbox.models import EmailStatus, OutgoingEmail
    from app.reception.jobs import send_follow_ups_job

    _set_arrival(app, officer, consenting, today() - timedelta(days=20))
    follow_up_id = _make_due(app, consenting)
    with app.app_context():
        assert send_follow_ups_job([follow_up_id]) == {"sent": 1}
        assert send_follow_ups_job([follow_up_id]) == {"skipped": 1}  # a second run sends nothing twice
        [status] = db.session.scalars(select(OutgoingEmail.status).where(OutgoingEmail.kind == "follow_up"))
        queue = get_queue("mail")
        assert status == EmailStatus.SENT and (queue is None or len(queue) == 0)
    assert len([m for m in outbox() if "How are you doing" in m.subject or "Hur går det" in m.subject]) == 1


def test_no_answer_within_a_week_gives_the_officer_one_task(app, officer, consenting):
    case_id = consenting
    _set_arrival(app, officer, case_id, today() - timedelta(days=20))
    _sweep(app)
    follow_up_id = _make_due(app, case_id, sent_days_ago=8)
    assert _sweep(app)["unanswered"] == 1
    from app.reception.jobs import follow_up_missed_job

    with app.app_context():
        assert follow_up_missed_job(follow_up_id) == "skipped"
        tasks = db.session.scalars(select(CaseTask).where(CaseTask.follow_up_id == follow_up_id)).all()
        assert [t.kind for t in tasks] == ["no_answer"] and db.session.get(FollowUp, follow_up_id).status == \
            FollowUpStatus.MISSED


def test_an_expired_link_is_refused(app, officer, consenting, outbox):
    case_id = consenting
    _set_arrival(app, officer, case_id, today() - timedelta(days=20))
    _sweep(app)
    mail = next(m for m in outbox() if "/reception/follow-up/" in m.body)
    path = "/reception/follow-up/" + re.search(r"/reception/follow-up/(\S+)", mail.body).group(1)
    with app.app_context():
        follow_up = db.session.scalar(select(FollowUp).where(FollowUp.status == FollowUpStatus.SENT))
        follow_up.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410 and "expired" in response.get_data(as_text=True).lower() or \
        "gått ut" in response.get_data(as_text=True)


def test_without_consent_to_follow_up_messages_the_officer_calls(app, officer, case_id, outbox):
    _set_arrival(app, officer, case_id, today() - timedelta(days=20))
    _sweep(app)
    with app.app_context():
        follow_up = db.session.scalar(select(FollowUp).where(FollowUp.offset_days == 14))
        assert follow_up.status == FollowUpStatus.SKIPPED
        assert db.session.scalar(select(CaseTask.kind).where(CaseTask.follow_up_id == follow_up.id)) == "call"
    assert not [m for m in outbox() if "/reception/follow-up/" in m.body]


def test_closing_the_case_cancels_what_is_not_sent(app, officer, case_id):
    _set_arrival(app, officer, case_id, today() + timedelta(days=5))
    with app.app_context():
        version = db.session.get(Case, case_id).version
    officer.post(f"/reception/cases/{case_id}/status",
                 data={"status-status": "closed", "status-closing_reason": "left_region", "status-version": version})
    assert {status for *_, status in _follow_ups(app, case_id)} == {FollowUpStatus.CANCELLED}


def test_officers_set_their_municipality_intervals(app, officer, case_id):
    page = officer.get("/reception/settings").get_data(as_text=True)
    assert '<input checked id="periods" name="periods" type="checkbox" value="14"> 2 weeks' in page
    bad = officer.post("/reception/settings", data={"periods": ["14"], "other_count": "soon", "other_unit": "months"})
    assert bad.status_code == 422 and 'value="soon"' in bad.get_data(as_text=True)
    assert officer.post("/reception/settings", data={"other_count": "1", "other_unit": "months",
                                                     "periods": ["182"]}).status_code == 302
    arrival = today() + timedelta(days=3)
    _set_arrival(app, officer, case_id, arrival)
    scheduled = [d for d, _, s in _follow_ups(app, case_id) if s == FollowUpStatus.SCHEDULED]
    assert scheduled == [30, 182]  # the earlier intervals' follow-ups, never sent, are cancelled


def test_the_follow_up_command_runs_the_sweep(runner):
    result = runner.invoke(args=["reception", "follow-ups"])
    assert result.exit_code == 0 and "0 follow-ups due" in result.output


def test_the_newcomers_new_arrival_date_moves_the_case_and_its_follow_ups(app, client, officer, case_id):
    with app.app_context():
        before = db.session.get(Case, case_id).expected_arrival
    later = before + timedelta(days=21)
    client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2284",
                                              "job_start": later.isoformat(), "arrival": later.isoformat()})
    with app.app_context():
        assert db.session.get(Case, case_id).expected_arrival == later
    assert _follow_ups(app, case_id)[0][1] == later + timedelta(days=14)
    # Once an officer set a date of their own, the newcomer's changes no longer override it.
    _set_arrival(app, officer, case_id, later + timedelta(days=3))
    client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2284",
                                              "job_start": later.isoformat(),
                                              "arrival": (later + timedelta(days=30)).isoformat()})
    with app.app_context():
        assert db.session.get(Case, case_id).expected_arrival == later + timedelta(days=3)


def test_marking_arrived_without_a_date_starts_the_follow_ups_today(app, officer, case_id):
    _set_arrival(app, officer, case_id, None)
    for status in ("contacted", "arrived"):
        with app.app_context():
            version = db.session.get(Case, case_id).version
        officer.post(f"/reception/cases/{case_id}/status", data={"status-status": status, "status-version": version})
    with app.app_context():
        assert db.session.get(Case, case_id).expected_arrival == today()
    assert [due for _, due, s in _follow_ups(app, case_id) if s == FollowUpStatus.SCHEDULED][0] == \
        today() + timedelta(days=14)


def test_due_check_ins_go_in_batches_and_one_failing_does_not_stop_the_others(app, monkeypatch):
    from app.reception import followups
    from app.reception.jobs import BATCH, _batches, send_follow_ups_job

    assert [len(b) for b in _batches(list(range(2 * BATCH + 3)))] == [BATCH, BATCH, 3]
    calls: list[int] = []

    def send(follow_up_id: int) -> str:
        calls.append(follow_up_id)
        if follow_up_id == 2:
            raise RuntimeError("mail template broken")
        return "sent"

    monkeypatch.setattr(followups, "send", send)
    with app.app_context():
        assert send_follow_ups_job([1, 2, 3]) == {"sent": 2, "failed": 1}
    assert calls == [1, 2, 3]
