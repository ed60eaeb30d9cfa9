"""Benchmark: background work that keeps up, and delivers every follow-up exactly once through faults.

    psql -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE landa_jobs"   # once
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_jobs REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python benches/jobs_faults.py

``REDIS_URL`` must name a Redis database the benchmark may empty (it flushes it as one of the faults).
On its own database (a synthetic population of ``--talents`` households, about half with a reception
case; made once) it runs a real SMTP server (``benches/helpers/smtp_sink.py``, aiosmtpd) and two
``flask jobs worker`` processes in production mode, and then:

* **throughput**: ``--followups`` check-ins due today (each in its own household, which consented to
  follow-up messages), handed to the queue by one sweep; the clock stops when the SMTP server has received
  them all. Each follow-up is two jobs: the check-in (claims it, writes the e-mail) and the e-mail's delivery.
* **faults**: as many other check-ins, with two sweepers running at once (each sweeping every two seconds,
  as ``flask jobs cron`` does every minute) while a worker is SIGKILLed, Redis is flushed, the SMTP server
  is down for 15 s and the other worker is SIGKILLed; killed workers are started again. It ends when the
  database has every check-in sent and every e-mail sent (or after ``--limit`` seconds) and counts what the
  SMTP server received per household: delivered once, more than once (duplicates) or never (lost).

The last two lines are machine-readable:

    jobs-throughput: followups_per_s=<x> workers=2
    jobs: due=<n> delivered=<n> duplicates=<n> lost=<n> seconds=<s>
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess  # nosec B404  # runs the workers, the sweepers and the SMTP server: fixed argument lists
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benches.pages import free_port  # noqa: E402

OUT = ROOT / "instance" / "bench"


_made = []


def _app():
    """One app per process (the sweeper subprocesses sweep with it every two seconds)."""
    if not _made:
        from app import create_app

        _made.append(create_app())
    return _made[0]


def prepare(talents: int, seed: int) -> None:
    from app.extensions import db
    from benches.population import ensure_population

    with _app().app_context():
        ensure_population(talents, 0, seed)
        db.session.commit()


def make_due(count: int) -> dict[str, int]:
    """``count`` check-ins due today, one per open case (the first ``count``) whose household has an account;
    every other scheduled check-in is moved a year ahead, the outbox emptied. Returns address -> follow-up."""
    from datetime import timedelta

    from sqlalchemy import delete, insert, select, update

    from app.auth.models import User
    from app.extensions import db
    from app.models import today, utcnow
    from app.outbox.models import OutgoingEmail
    from app.reception.models import Case, CaseStatus, FollowUp, FollowUpStatus
    from app.talent.models import Consent, ConsentKind, Household
    from app.talent.services import CONSENT_VERSIONS

    with _app().app_context():
        day = today()
        db.session.execute(delete(OutgoingEmail))
        db.session.execute(update(FollowUp).where(FollowUp.status == FollowUpStatus.SCHEDULED)
                           .values(due_on=day + timedelta(days=365)))
        rows = db.session.execute(
            select(Case.id, Case.profile_id, User.email).join(Household, Household.id == Case.profile_id)
            .join(User, User.id == Household.user_id)
            .where(Case.status != CaseStatus.CLOSED)
            .order_by(Case.id).limit(count)).all()
        if len(rows) < count:
            raise SystemExit(f"only {len(rows)} open cases to follow up; seed more (--talents)")
        chosen: dict[str, int] = {}
        for case_id, profile_id, email in rows:
            follow_up = db.session.scalar(select(FollowUp.id).where(FollowUp.case_id == case_id)
                                          .order_by(FollowUp.id).limit(1))
            if follow_up is None:
                follow_up = db.session.scalar(insert(FollowUp).returning(FollowUp.id).values(
                    case_id=case_id, offset_days=14, due_on=day, status=FollowUpStatus.SCHEDULED))
            db.session.execute(update(FollowUp).where(FollowUp.id == follow_up).values(
                status=FollowUpStatus.SCHEDULED, due_on=day, sent_at=None, token_digest=None, expires_at=None))
            db.session.execute(insert(Consent).values(
                profile_id=profile_id, kind=ConsentKind.FOLLOW_UP, granted=True,
                text_version=CONSENT_VERSIONS[ConsentKind.FOLLOW_UP], recorded_at=utcnow()))
            chosen[email.lower()] = follow_up
        db.session.commit()
        return chosen


def sweep_once() -> None:
    from app.jobs.sweep import sweep_job

    with _app().app_context():
        sweep_job()


def settled(follow_ups: set[int]) -> bool:
    """Every chosen check-in sent and every e-mail sent (or failed for good)."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.outbox.models import EmailStatus, OutgoingEmail
    from app.reception.models import FollowUp, FollowUpStatus

    with _app().app_context():
        waiting = db.session.scalar(select(func.count()).select_from(FollowUp).where(
            FollowUp.id.in_(follow_ups), FollowUp.status == FollowUpStatus.SCHEDULED))
        unsent = db.session.scalar(select(func.count()).select_from(OutgoingEmail).where(
            OutgoingEmail.status.in_([EmailStatus.PENDING, EmailStatus.SENDING])))
        return waiting == 0 and unsent == 0


def flush_redis() -> None:
    from app.redis_client import get_redis

    with _app().app_context():
        get_redis().flushdb()


class Processes:
    def __init__(self, env: dict[str, str], smtp_port: int) -> None:
        self.env, self.smtp_port = env, smtp_port
        self.workers: list[subprocess.Popen] = []
        self.others: list[subprocess.Popen] = []
        self.smtp: subprocess.Popen | None = None
        self.log = open(OUT / "jobs-processes.log", "a")  # noqa: SIM115

    def _start(self, *command: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, *command], cwd=ROOT, env=self.env,  # noqa: S603  # nosec B603
                                stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def smtp_up(self, path: Path) -> None:
        self.smtp = self._start(str(ROOT / "benches" / "helpers" / "smtp_sink.py"), str(self.smtp_port), str(path))
        time.sleep(0.8)

    def smtp_down(self) -> None:
        if self.smtp is not None:
            self.smtp.kill()
            self.smtp.wait()
            self.smtp = None

    def worker(self) -> subprocess.Popen:
        process = self._start("-m", "flask", "--app", "wsgi", "jobs", "worker")
        self.workers.append(process)
        return process

    def kill_worker(self, index: int) -> None:
        os.killpg(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait()
        self.workers[index] = self._start("-m", "flask", "--app", "wsgi", "jobs", "worker")

    def sweeper(self) -> None:
        self.others.append(self._start(str(Path(__file__)), "--sweeper"))

    def stop(self) -> None:
        for process in [*self.workers, *self.others]:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for process in [*self.workers, *self.others]:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:  # an idle rq worker can take long to unsubscribe: no work is lost
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.workers, self.others = [], []
        self.smtp_down()


def received(path: Path) -> Counter:
    if not path.exists():
        return Counter()
    return Counter(line.split()[1].lower() for line in path.read_text().splitlines() if line.strip())


def wait_for(condition, limit: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=1000)
    parser.add_argument("--talents", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--limit", type=int, default=900, help="seconds the fault run may take")
    parser.add_argument("--throughput-only", action="store_true", help="skip the fault run")
    parser.add_argument("--sweeper", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sweeper:  # one of the two sweepers of the fault run
        while True:
            try:
                sweep_once()
            except Exception as exc:  # noqa: BLE001  # Redis flushed or restarting: sweep again
                print(f"sweep failed: {exc}", flush=True)
            time.sleep(2)
    database, redis = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database and database.startswith("postgresql") and redis):
        raise SystemExit("DATABASE_URL (PostgreSQL) and REDIS_URL (a Redis database it may flush) must be set")
    OUT.mkdir(parents=True, exist_ok=True)
    smtp_port = free_port()
    env = {**os.environ, "LANDA_ENV": "production", "SECRET_KEY": "b" * 48, "LANDA_BASE_URL": "http://127.0.0.1",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port), "MAIL_USE_TLS": "0", "MAIL_USE_SSL": "0"}
    os.environ.update(env)
    prepare(args.talents, args.seed)
    flush_redis()
    processes = Processes(env, smtp_port)
    try:
        # Throughput: one sweep hands over every due check-in; two workers do the rest.
        first = make_due(args.followups)
        sink = OUT / "jobs-throughput.txt"
        sink.unlink(missing_ok=True)
        processes.smtp_up(sink)
        processes.worker(), processes.worker()
        time.sleep(2)  # the workers are listening
        started = time.monotonic()
        sweep_once()
        done = wait_for(lambda: len(received(sink)) >= len(first), 600)
        elapsed = time.monotonic() - started
        got = received(sink)
        if not done:
            raise SystemExit(f"throughput: {len(got)} of {len(first)} received in {elapsed:.0f} s")
        rate = len(first) / elapsed
        print(f"throughput: {len(first)} follow-ups in {elapsed:.1f} s", flush=True)
        processes.stop()
        if args.throughput_only:
            print(f"jobs-throughput: followups_per_s={rate:.1f} workers=2")
            return 0

        # Faults: two sweepers, killed workers, Redis flushed, SMTP down for a while.
        flush_redis()
        second = make_due(args.followups)
        sink = OUT / "jobs-faults.txt"
        sink.unlink(missing_ok=True)
        processes.smtp_up(sink)
        processes.worker(), processes.worker()
        time.sleep(2)
        started = time.monotonic()
        processes.sweeper(), processes.sweeper()
        for at, what, fault in ((1, "worker 1 SIGKILLed and started again", lambda: processes.kill_worker(0)),
                                (3, "Redis flushed", flush_redis), (5, "SMTP server down", processes.smtp_down),
                                (8, "worker 2 SIGKILLed and started again", lambda: processes.kill_worker(1)),
                                (20, "SMTP server up", lambda: processes.smtp_up(sink))):
            time.sleep(max(0.0, started + at - time.monotonic()))
            fault()
            print(f"  t={time.monotonic() - started:4.1f} s: {what}", flush=True)
        wait_for(lambda: settled(set(second.values())), args.limit, step=1)
        seconds = time.monotonic() - started
        time.sleep(1)  # the last message's line
    finally:
        processes.stop()
    got = received(sink)
    delivered = sum(1 for address in second if got[address] >= 1)
    duplicates = sum(got[address] - 1 for address in second if got[address] > 1)
    print(f"jobs-throughput: followups_per_s={rate:.1f} workers=2")
    print(f"jobs: due={len(second)} delivered={delivered} duplicates={duplicates} lost={len(second) - delivered} "
          f"seconds={seconds:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
