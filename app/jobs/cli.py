"""``flask jobs worker``: an rq worker (with the scheduler) inside the app context."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from rq import Worker

from app.jobs import QUEUES, get_queue
from app.redis_client import get_redis

jobs_cli = AppGroup("jobs", help="Background job workers and queues.")


@jobs_cli.command("worker")
@click.option("--queue", "-q", "queues", multiple=True, type=click.Choice(QUEUES),
              help="Queues to listen on (default: all, in priority order).")
@click.option("--burst", is_flag=True, help="Run what is queued, then exit.")
def worker(queues: tuple[str, ...], burst: bool) -> None:
    """Run an rq worker with the scheduler. Needs REDIS_URL."""
    if get_redis() is None:
        raise click.ClickException(
            "REDIS_URL is not set: in the embedded default, jobs run inside the web process."
        )
    rq_queues = [get_queue(name) for name in (queues or QUEUES)]
    w = Worker(rq_queues, connection=get_redis())
    w.work(with_scheduler=True, burst=burst)


@jobs_cli.command("status")
def status() -> None:
    """Queue lengths and failed-job counts."""
    if get_redis() is None:
        click.echo("REDIS_URL is not set: jobs run in-process.")
        return
    for name in QUEUES:
        q = get_queue(name)
        click.echo(f"{q.name}: {len(q)} queued, {q.failed_job_registry.count} failed")
