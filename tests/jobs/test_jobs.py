"""Jobs are handed over only after the transaction commits, and run exactly once in effect."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.outbox.jobs import deliver_email
from app.outbox.models import EmailStatus, OutgoingEmail
from app.outbox.services import queue_email
from tests.conftest import TEST_REDIS_URL, run_jobs


def _queue_reset_mail(user_email="a@example.se"):
    from app.auth.models import User

    user = User(full_name="Ana", email=user_email, locale="en")
    return queue_email(user_email, "password_reset", "en", user=user, link="https://landa.test/x", minutes=60)


def test_rolled_back_transaction_sends_nothing(app, outbox):
    with app.test_request_context():
        _queue_reset_mail()
        db.session.rollback()
        db.session.commit()
    assert outbox() == []
    with app.app_context():
        assert db.session.scalars(select(OutgoingEmail)).all() == []


def test_committed_mail_is_delivered_once(app, outbox):
    with app.test_request_context():
        email = _queue_reset_mail()
        db.session.commit()
        email_id = email.id
    [message] = outbox()
    assert message.subject == "Choose a new password for Landa"
    with app.app_context():
        # A second run of the same job (a retry, a duplicate sweep) does nothing.
        assert deliver_email(email_id) == "skipped"
        row = db.session.get(OutgoingEmail, email_id)
        assert (row.status, row.attempts) == (EmailStatus.SENT, 1)
    assert len(outbox()) == 1


def _stored_reset_mail(app, address="a@example.se") -> int:
    with app.test_request_context():
        email = _queue_reset_mail(address)
        db.session.flush()
        email_id = email.id
        db.session.info.pop(jobs.PENDING_KEY)  # deliver by hand below
        db.session.commit()
    return email_id


def test_a_transient_failure_is_retried_later_by_the_sweeper(app, monkeypatch):
    from datetime import timedelta

    from app.jobs.sweep import sweep_job
    from app.models import utcnow

    email_id = _stored_reset_mail(app)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("flask_mailman.message.EmailMessage.send", refuse)
    with app.app_context():
        assert deliver_email(email_id) == "retry"
        db.session.remove()
        row = db.session.get(OutgoingEmail, email_id)
        # An unreachable server is not the message's fault: the try is not counted.
        assert (row.status, row.attempts) == (EmailStatus.PENDING, 0) and "smtp down" in row.last_error
        assert row.next_attempt_at > utcnow()  # waiting
        assert deliver_email(email_id) == "skipped"  # not before its time
        monkeypatch.undo()
        row.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        assert sweep_job()["emails"] == 1  # the sweeper queues the due retry...
    run_jobs(app)
    with app.app_context():
        row = db.session.get(OutgoingEmail, email_id)
        assert (row.status, row.attempts) == (EmailStatus.SENT, 1)  # ...which is sent


def test_an_outage_longer_than_every_backoff_spends_no_attempt(app, monkeypatch):
    from datetime import timedelta

    from app.models import utcnow
    from app.outbox.jobs import MAX_ATTEMPTS

    email_id = _stored_reset_mail(app)

    def down(self, *args, **kwargs):
        raise TimeoutError("timed out connecting to the mail server")

    monkeypatch.setattr("flask_mailman.message.EmailMessage.send", down)
    with app.app_context():
        for _ in range(MAX_ATTEMPTS + 3):
            assert deliver_email(email_id) == "retry"
            db.session.remove()
            row = db.session.get(OutgoingEmail, email_id)
            row.next_attempt_at = utcnow() - timedelta(seconds=1)  # the minute has passed
            db.session.commit()
        row = db.session.get(OutgoingEmail, email_id)
        assert (row.status, row.attempts) == (EmailStatus.PENDING, 0)
        monkeypatch.undo()
        assert deliver_email(email_id) == "sent"


def test_a_refusal_from_the_mail_server_fails_for_good(app, monkeypatch):
    import smtplib

    email_id = _stored_reset_mail(app)

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"x@example.se": (550, b"no such user")})

    monkeypatch.setattr("flask_mailman.message.EmailMessage.send", refuse)
    with app.app_context():
        assert deliver_email(email_id) == "failed"
        assert db.session.get(OutgoingEmail, email_id).status == EmailStatus.FAILED


def test_a_claim_left_by_a_dead_worker_is_released_as_a_failed_attempt(app):
    from datetime import timedelta

    from app.jobs.sweep import CLAIM_TIMEOUT, sweep_job
    from app.models import utcnow
    from app.outbox.jobs import MAX_ATTEMPTS

    email_id, last_id = _stored_reset_mail(app), _stored_reset_mail(app, "b@example.se")
    with app.app_context():
        for row_id, attempts in ((email_id, 1), (last_id, MAX_ATTEMPTS)):
            row = db.session.get(OutgoingEmail, row_id)
            row.status, row.attempts = EmailStatus.SENDING, attempts
            row.claimed_at = utcnow() - CLAIM_TIMEOUT - timedelta(minutes=1)
        db.session.commit()
        assert sweep_job()["released"] == 2
        row = db.session.get(OutgoingEmail, email_id)
        assert row.status == EmailStatus.PENDING and "claim expired" in row.last_error  # backs off
        assert db.session.get(OutgoingEmail, last_id).status == EmailStatus.FAILED  # out of attempts
        row.next_attempt_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
        sweep_job()
    run_jobs(app)
    with app.app_context():
        assert db.session.get(OutgoingEmail, email_id).status == EmailStatus.SENT


def test_without_a_mail_server_mail_is_held_in_the_outbox(app, monkeypatch, outbox):
    email_id = _stored_reset_mail(app)
    monkeypatch.setitem(app.config, "LANDA_HOLD_MAIL", True)
    with app.app_context():
        assert deliver_email(email_id) == "held"
        assert db.session.get(OutgoingEmail, email_id).status == EmailStatus.HELD
    assert outbox() == []


def test_sensitive_mail_is_not_kept_after_sending(app, outbox):
    with app.test_request_context():
        email = _queue_reset_mail()
        email.sensitive = True
        db.session.commit()
        email_id = email.id
    [message] = outbox()
    assert "https://landa.test/x" in message.body  # the person got the link...
    with app.app_context():
        row = db.session.get(OutgoingEmail, email_id)
        assert "https://landa.test/x" not in row.body_text + (row.body_html or "")  # ...the database did not keep it


def test_savepoint_rollback_keeps_the_outer_jobs(app, outbox):
    with app.test_request_context():
        _queue_reset_mail()
        savepoint = db.session.begin_nested()  # e.g. an insert that may hit a unique constraint
        savepoint.rollback()
        db.session.commit()
    assert len(outbox()) == 1


def test_redis_outage_does_not_fail_the_committed_request(app, monkeypatch):
    if not TEST_REDIS_URL:
        pytest.skip("only the Redis pass has a queue to lose")  # pragma: no cover
    from redis.exceptions import ConnectionError as RedisConnectionError
    from rq import Queue

    def down(*args, **kwargs):
        raise RedisConnectionError("redis is down")

    monkeypatch.setattr(Queue, "enqueue", down)
    with app.test_request_context():
        email = _queue_reset_mail()
        db.session.commit()  # does not raise: the work runs in this process instead
        email_id = email.id
    with app.app_context():
        assert db.session.get(OutgoingEmail, email_id).status == EmailStatus.SENT


@pytest.mark.services
@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (LANDA_TEST_REDIS_URL)")
def test_jobs_go_through_redis_with_unique_ids(app):
    from app.jobs import get_queue

    with app.test_request_context():
        email = _queue_reset_mail()
        db.session.commit()
        queue = get_queue("mail")
        job_id = f"{app.config['LANDA_REDIS_PREFIX']}-email-{email.id}-0"
        assert job_id in queue.get_job_ids()
        # Enqueueing the same id again is refused by rq: the work is already queued.
        jobs.enqueue(deliver_email, email.id, queue="mail", job_id=f"email-{email.id}-0")
        db.session.commit()
        assert queue.get_job_ids().count(job_id) == 1
        run_jobs(app)
        assert db.session.get(OutgoingEmail, email.id).status == EmailStatus.SENT
        assert len(queue) == 0


def test_jobs_run_where_configured(app):
    """In-process after commit without Redis; on an rq queue with it."""
    with app.test_request_context():
        email = _queue_reset_mail()
        db.session.commit()
        inline = list(app.extensions["landa_jobs_inline_log"])
        if TEST_REDIS_URL:
            assert inline == []
            assert len(jobs.get_queue("mail")) == 1
        else:
            assert jobs.get_queue("mail") is None
            assert inline[-1] == ("app.outbox.jobs.deliver_email", (email.id,), "done")


@pytest.mark.services
@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (LANDA_TEST_REDIS_URL)")
def test_flask_jobs_worker_runs_queued_jobs_in_forked_processes(app, runner):
    """The real worker forks per job; the child opens its own database connection."""
    with app.test_request_context():
        email = _queue_reset_mail()
        db.session.commit()
        email_id = email.id
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        row = db.session.get(OutgoingEmail, email_id)
        assert (row.status, row.attempts) == (EmailStatus.SENT, 1)


def test_worker_needs_redis(app, runner):
    result = runner.invoke(args=["jobs", "status"])
    assert result.exit_code == 0
    if not TEST_REDIS_URL:
        assert "jobs run in-process" in result.output
        assert runner.invoke(args=["jobs", "worker", "--burst"]).exit_code != 0
    else:
        assert "0 queued" in result.output


def test_the_administrator_sees_the_outbox_and_sends_a_failed_mail_again(app, make_user, outbox):
    email_id = _stored_reset_mail(app)
    with app.app_context():
        row = db.session.get(OutgoingEmail, email_id)
        row.status, row.attempts, row.last_error = EmailStatus.FAILED, 6, "SMTPServerDisconnected: gone"
        db.session.commit()
    admin = make_user("admin", locale="en")
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": admin.email, "password": admin.password})
    listing = browser.get("/admin/outbox/?status=failed").get_data(as_text=True)
    assert "SMTPServerDisconnected" in listing
    assert browser.post(f"/admin/outbox/{email_id}/retry").status_code == 302
    run_jobs(app)
    with app.app_context():
        assert db.session.get(OutgoingEmail, email_id).status == EmailStatus.SENT
    again = browser.post(f"/admin/outbox/{email_id}/retry", follow_redirects=True)
    assert "Only a failed or held e-mail can be sent again." in again.get_data(as_text=True)
    assert browser.get("/admin/outbox/999999").status_code == 404


def test_status_and_health_report_the_work_that_waits(app, client, runner, make_user):
    from datetime import timedelta

    from app.models import utcnow

    email_id = _stored_reset_mail(app)
    with app.app_context():
        row = db.session.get(OutgoingEmail, email_id)
        row.created_at = utcnow() - timedelta(hours=1)  # nobody swept for an hour
        db.session.commit()
    health = client.get("/healthz").get_json()
    assert health["status"] == "degraded" and health["checks"]["work"] == {"ok": False}  # no figures for anyone
    admin = make_user("admin")
    client.post("/login", data={"email": admin.email, "password": admin.password})
    health = client.get("/healthz").get_json()
    assert health["checks"]["work"]["emails"]["pending"] == 1 and health["checks"]["work"]["lagging"] is True
    result = runner.invoke(args=["jobs", "status"])
    assert result.exit_code == 0 and "1 pending" in result.output and "LAGGING" in result.output


def test_the_administrator_sees_failed_jobs_and_runs_one_again(app, make_user):
    from tests.jobs.test_embedded import broken

    admin = make_user("admin", locale="en")
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": admin.email, "password": admin.password})
    if not TEST_REDIS_URL:
        assert "No Redis: jobs run in this process" in browser.get("/admin/jobs/").get_data(as_text=True)
        return
    with app.app_context():
        jobs.enqueue(broken, job_id="broken-1")
        db.session.commit()
    run_jobs(app)
    page = browser.get("/admin/jobs/").get_data(as_text=True)
    assert "this job fails" in page and "broken-1" in page
    job_id = f"{app.config['LANDA_REDIS_PREFIX']}-broken-1"
    assert browser.post(f"/admin/jobs/default/{job_id}/retry").status_code == 302
    with app.app_context():
        assert job_id in jobs.get_queue("default").get_job_ids()
    twice = browser.post(f"/admin/jobs/default/{job_id}/retry", follow_redirects=True)  # a double click
    assert twice.status_code == 200 and "no longer among the failed ones" in twice.get_data(as_text=True)
    gone = browser.post(f"/admin/jobs/default/{job_id}-nope/retry", follow_redirects=True)
    assert "no longer among the failed ones" in gone.get_data(as_text=True)
    assert browser.post("/admin/jobs/nope/x/retry").status_code == 404


def test_a_try_later_refusal_is_retried_not_failed(app, monkeypatch):
    import smtplib

    email_id = _stored_reset_mail(app)

    def greylist(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"a@example.se": (450, b"greylisted, try again later")})

    monkeypatch.setattr("flask_mailman.message.EmailMessage.send", greylist)
    with app.app_context():
        assert deliver_email(email_id) == "retry"


def test_reset_links_ignore_the_host_the_request_claims(app, make_user, outbox):
    person = make_user("newcomer")
    client = app.test_client()
    client.post("/password/forgot", data={"email": person.email}, headers={"Host": "evil.example"})
    [mail] = [m for m in outbox() if m.to == [person.email]]
    assert "evil.example" not in mail.body and app.config["LANDA_BASE_URL"] in mail.body


@pytest.mark.services
@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (LANDA_TEST_REDIS_URL)")
def test_the_worker_sends_mail_before_other_work(app, runner, monkeypatch):
    """E-mail waited behind every follow-up job queued before it (50-90 s in a burst)."""
    import rq

    from app.jobs import cli, queue_name

    asked: list[tuple[str, list[str]]] = []

    def recording(base):
        class Recording(base):
            def work(self, *args, **kwargs):
                asked.append((base.__name__, [q.name for q in self.queues]))
                return True
        return Recording

    monkeypatch.setattr(cli, "Worker", recording(rq.Worker))
    monkeypatch.setattr(cli, "SimpleWorker", recording(rq.SimpleWorker))
    assert runner.invoke(args=["jobs", "worker", "--burst"]).exit_code == 0
    assert runner.invoke(args=["jobs", "worker", "--burst", "--fork"]).exit_code == 0
    order = [queue_name(app, "mail"), queue_name(app, "default")]
    assert asked == [("SimpleWorker", order), ("Worker", order)]  # no fork per job unless asked


@pytest.mark.services
@pytest.mark.skipif(not TEST_REDIS_URL, reason="needs Redis (LANDA_TEST_REDIS_URL)")
def test_status_forgets_a_failed_delivery_whose_email_was_sent_later(app, runner, make_user):
    """After an outage the failed registry kept every failed attempt: status said "failed" though every
    e-mail had gone out."""
    from tests.jobs.test_embedded import broken

    email_id = _stored_reset_mail(app)
    with app.app_context():
        jobs.enqueue(broken, job_id=f"email-{email_id}-0", queue="mail")  # an attempt that failed
        db.session.commit()
    run_jobs(app)
    assert "1 failed" in runner.invoke(args=["jobs", "status"]).output
    admin = make_user("admin", locale="en")
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": admin.email, "password": admin.password})
    assert "this job fails" in browser.get("/admin/jobs/").get_data(as_text=True)
    with app.app_context():  # a later attempt sent it
        db.session.get(OutgoingEmail, email_id).status = EmailStatus.SENT
        db.session.commit()
    output = runner.invoke(args=["jobs", "status"]).output
    assert "0 failed (1 failed earlier, sent since)" in output
    assert "this job fails" not in browser.get("/admin/jobs/").get_data(as_text=True)
