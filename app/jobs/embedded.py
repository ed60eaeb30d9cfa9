"""The embedded runner: the recurring jobs of ``schedule.py`` on time, in this process, without Redis.

``bin/run`` starts it next to the web server, so a laptop demo sends its follow-ups and closes
expired needs like production does with ``flask jobs cron`` and rq workers. Each job runs in its own
app context; the jobs it enqueues run in-process right after its commit.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from croniter import croniter
from flask import Flask

from app.jobs.schedule import SCHEDULE, Scheduled

log = logging.getLogger(__name__)


def next_runs(now: datetime, schedule: tuple[Scheduled, ...] = SCHEDULE) -> dict[str, datetime]:
    return {item.name: croniter(item.cron, now).get_next(datetime) for item in schedule}


def run_due(app: Flask, due: list[Scheduled]) -> None:
    for item in due:
        module, _, name = item.func.rpartition(".")
        func: Callable[[], object] = getattr(importlib.import_module(module), name)
        with app.app_context():
            try:
                log.info("running %s: %s", item.name, func())
            except Exception:
                log.exception("recurring job %s failed; it runs again at its next time", item.name)


def run_forever(app: Flask, schedule: tuple[Scheduled, ...] = SCHEDULE, clock=None, sleep=time.sleep,
                first_run: bool = True, rounds: int | None = None) -> None:
    """Run every job once at start (catching up after the laptop slept), then each at its cron time."""
    clock = clock or (lambda: datetime.now(UTC))
    if first_run:
        run_due(app, list(schedule))
    upcoming = next_runs(clock(), schedule)
    while rounds is None or rounds > 0:
        wake = min(upcoming.values())
        sleep(max(0.0, (wake - clock()).total_seconds()))
        now = clock()
        due = [item for item in schedule if upcoming[item.name] <= now]
        run_due(app, due)
        for item in due:
            upcoming[item.name] = croniter(item.cron, now).get_next(datetime)
        if rounds is not None:
            rounds -= 1
