"""Background jobs: enqueued only after the request's transaction commits.

With ``REDIS_URL`` set, jobs go to rq queues and run in ``flask jobs worker`` processes.
Without it (the embedded default) they run in-process right after the commit, so a laptop
needs no servers. Job functions take ids, look their rows up again and are idempotent.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import DuplicateJobError
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.redis_client import get_redis

log = logging.getLogger(__name__)
QUEUES = ("default", "mail")
# A worker takes from the first queue that has work: e-mail first, since each is short and someone waits
# for it, while a batch of follow-ups (each of which queues an e-mail) would otherwise hold every e-mail
# back until it is done.
WORKER_ORDER = ("mail", "default")
FAILURE_TTL = 7 * 24 * 3600
PENDING_KEY = "landa_pending_jobs"
HERE_KEY = "landa_jobs_here"


@dataclass
class PendingJob:
    func: Callable[..., Any]
    args: tuple
    queue: str = "default"
    job_id: str | None = None
    options: dict = field(default_factory=dict)


def init_app(app: Flask) -> None:
    # What ran in-process most recently (read by tests and `flask jobs status`).
    app.extensions["landa_jobs_inline_log"] = deque(maxlen=100)
    # Worker processes fork per job: a child must open its own database connections.
    os.register_at_fork(after_in_child=_dispose_engines_in_child)


def listen(_app: Flask) -> None:
    """Jobs go out after their transaction commits and are dropped with its rollback (every session, once)."""
    for name, listener in (("after_commit", _after_commit), ("after_soft_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _dispose_engines_in_child() -> None:
    try:
        for engine in db.engines.values():
            engine.dispose(close=False)
    except RuntimeError:  # no app context in this process: nothing to dispose
        pass


def enqueue(func: Callable[..., Any], *args: Any, queue: str = "default", job_id: str | None = None,
            **options: Any) -> None:
    """Run ``func(*args)`` in the background once the current transaction has committed.

    If the transaction rolls back, the job is dropped with it. ``job_id`` makes the job unique
    in the queue (the same id enqueued twice runs once).
    """
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")
    session = db.session()
    session.info.setdefault(PENDING_KEY, []).append(PendingJob(func, args, queue, job_id, options))


@contextmanager
def run_here(*funcs: Callable[..., Any]) -> Iterator[None]:
    """Inside a job: what it queues of ``funcs`` runs in this process right after each commit instead of
    going through Redis and another worker (a batch of check-ins sends each one's e-mail at once, without a
    queue round trip per e-mail). The guarantees are the queued job's own: it claims its row, and what it
    leaves undone (a worker killed, a server away) the sweeper queues again."""
    session = db.session()
    before = session.info.get(HERE_KEY, frozenset())
    session.info[HERE_KEY] = before | frozenset(funcs)
    try:
        yield
    finally:
        session.info[HERE_KEY] = before


RETRY_EVERY = 1  # minutes: a swept job's id holds for this long, so a job that was lost is handed over again after it


def sweep_window(now) -> str:
    """Part of a swept job's id: sweeps within the same ``RETRY_EVERY`` minutes queue the same job once (rq
    refuses a second job with an existing id); a later sweep queues it again if it is still due (its job
    was lost with a killed worker or a flushed Redis, or has not run yet: then the second run, finding the
    row claimed, does nothing)."""
    return f"{now:%Y%m%d%H}{now.minute // RETRY_EVERY:02d}"


def queue_name(app: Flask, name: str) -> str:
    return f"{app.config['LANDA_REDIS_PREFIX']}-{name}"


def get_queue(name: str = "default", app: Flask | None = None) -> Queue | None:
    app = app or current_app
    connection = get_redis(app)
    if connection is None:
        return None
    return Queue(queue_name(app, name), connection=connection)


def _dispatch(app: Flask, jobs: list[PendingJob], here: frozenset = frozenset()) -> None:
    for job in jobs:
        if job.func in here:
            _run_inline(app, job)
            continue
        queue = get_queue(job.queue, app)
        if queue is not None:
            # A failed job's arguments (an e-mail address typed into a form) stay in Redis a week, not a year.
            kwargs: dict[str, Any] = {"failure_ttl": FAILURE_TTL, **job.options}
            if job.job_id:  # rq job ids are global in Redis: prefix them per installation
                kwargs.update(job_id=f"{app.config['LANDA_REDIS_PREFIX']}-{job.job_id}", unique=True)
            try:
                queue.enqueue(run_in_app_context, _dotted(job.func), *job.args, **kwargs)
            except DuplicateJobError:
                pass  # the same work is already queued
            except RedisError:
                # The transaction has committed and Redis is away: do the work here rather than lose
                # what has no row of its own (a password-reset request). Never fail the request for it.
                log.warning("could not enqueue %s: running it in this process", _dotted(job.func))
                _run_inline(app, job)
            except Exception:  # whatever else: the commit stands, the other jobs still go
                log.exception("could not enqueue %s", _dotted(job.func))
        else:
            _run_inline(app, job)


def _run_inline(app: Flask, job: PendingJob) -> None:
    """Embedded default: run now, in a fresh app context with its own database session."""
    with app.app_context():
        try:
            job.func(*job.args)
        except Exception:
            db.session.rollback()
            log.exception("in-process job %s%r failed", _dotted(job.func), job.args)
            app.extensions["landa_jobs_inline_log"].append((_dotted(job.func), job.args, "failed"))
        else:
            app.extensions["landa_jobs_inline_log"].append((_dotted(job.func), job.args, "done"))


def _dotted(func: Callable[..., Any]) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def run_in_app_context(dotted: str, *args: Any) -> Any:
    """What rq actually runs: import the job function and call it in a fresh app context.

    The worker is started by ``flask jobs worker`` inside the app, so ``current_app`` is there;
    each job gets its own context, hence its own database session, removed afterwards.
    """
    module_name, _, name = dotted.rpartition(".")
    func = getattr(importlib.import_module(module_name), name)
    app = current_app._get_current_object()
    with app.app_context():
        return func(*args)


def _after_commit(session: Session) -> None:
    jobs = session.info.pop(PENDING_KEY, None)
    if jobs:
        _dispatch(current_app._get_current_object(), jobs, session.info.get(HERE_KEY, frozenset()))


def _after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.nested:  # a savepoint: the outer transaction and its jobs go on
        return
    session.info.pop(PENDING_KEY, None)
