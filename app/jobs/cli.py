"""``flask jobs worker``: an rq worker (with the scheduler) inside the app context.

The worker runs every job in its own process by default (no fork per job), so the app, its database connection
pool and a kept SMTP connection serve job after job (a fork per job cost a process and a new PostgreSQL
connection each: ~9 follow-ups/s with two workers). A job that must not share the worker's process can
be run with ``--fork``. A job that kills the worker loses nothing: every job's work is claimed in the
database and the sweeper hands over again what is still due (``app.jobs.sweep``).
"""

from __future__ import annotations

import importlib
import os
import time

import click
from flask import current_app
from flask.cli import AppGroup
from rq import SimpleWorker, Worker
from rq.cron import CronScheduler

from app.jobs import QUEUES, WORKER_ORDER, get_queue, queue_name, run_in_app_context
from app.jobs.embedded import run_forever
from app.jobs.health import queue_health, work_health
from app.jobs.schedule import SCHEDULE
from app.redis_client import get_redis

jobs_cli = AppGroup("jobs", help="Background job workers and queues.")


@jobs_cli.command("worker")
@click.option("--queue", "-q", "queues", multiple=True, type=click.Choice(QUEUES),
              help="Queues to listen on (default: all, in priority order).")
@click.option("--burst", is_flag=True, help="Run what is queued, then exit.")
@click.option("--fork", is_flag=True, help="Run each job in a forked process (slower; isolates each job).")
def worker(queues: tuple[str, ...], burst: bool, fork: bool) -> None:
    """Run an rq worker with the scheduler. Needs REDIS_URL."""
    if get_redis() is None:
        raise click.ClickException(
            "REDIS_URL is not set: in the embedded default, jobs run inside the web process."
        )
    rq_queues = [get_queue(name) for name in (queues or WORKER_ORDER)]
    w = (Worker if fork else SimpleWorker)(rq_queues, connection=get_redis())
    w.work(with_scheduler=True, burst=burst)


@jobs_cli.command("status")
def status() -> None:
    """Queue lengths, scheduled and failed jobs, and the work the database says is due."""
    queues = queue_health()
    if queues is None:
        click.echo("queues: REDIS_URL is not set, jobs run in-process (flask jobs embedded runs the schedule)")
    else:
        for name, q in queues.items():
            recovered = f" ({q['recovered']} failed earlier, sent since)" if q["recovered"] else ""
            click.echo(f"queue {name}: {q['queued']} queued, {q['scheduled']} scheduled, {q['failed']} failed"
                       + recovered)
    work = work_health()
    click.echo("e-mails: " + ", ".join(f"{n} {status}" for status, n in work["emails"].items()))
    click.echo(f"follow-ups due: {work['follow_ups_due']}")
    click.echo(f"oldest due item waiting: {work['oldest_due_seconds']} s"
               + (" (LAGGING: is the sweeper running?)" if work["lagging"] else ""))


@jobs_cli.command("cron")
@click.option("--list", "list_only", is_flag=True, help="Only print the schedule.")
def cron(list_only: bool) -> None:
    """Enqueue the recurring jobs (app/jobs/schedule.py) on time. Run one of these next to the workers."""
    for item in SCHEDULE:
        module, _, name = item.func.rpartition(".")
        getattr(importlib.import_module(module), name)  # fail now, not at 2 a.m., if it does not exist
        click.echo(f"{item.name}: {item.cron} (UTC) -> {item.func} on {item.queue}")
    if list_only:
        return
    if get_redis() is None:
        raise click.ClickException("REDIS_URL is not set: the recurring jobs need Redis and a worker.")
    # rq reads cron fields in the process's local time; the schedule is written in UTC.
    os.environ["TZ"] = "UTC"
    time.tzset()
    scheduler = CronScheduler(connection=get_redis(), name="landa-cron")
    app = current_app._get_current_object()
    for item in SCHEDULE:
        scheduler.register(run_in_app_context, queue_name=queue_name(app, item.queue), args=(item.func,),
                           cron=item.cron, name=item.name, job_timeout=1800)
    scheduler.start()


@jobs_cli.command("embedded")
def embedded() -> None:
    """Without Redis: run the recurring jobs on time in this process (bin/run starts it)."""
    if get_redis() is not None:
        raise click.ClickException("REDIS_URL is set: run `flask jobs cron` and `flask jobs worker` instead.")
    click.echo("Running the recurring jobs in-process (Ctrl+C stops them).")
    run_forever(current_app._get_current_object())
