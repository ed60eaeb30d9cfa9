"""The embedded runner runs the recurring jobs on time without Redis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.jobs.embedded import run_forever
from app.jobs.schedule import SCHEDULE, Scheduled

RAN: list[datetime] = []


def tick() -> str:
    RAN.append(NOW[0])
    return "ok"


def broken() -> None:
    raise RuntimeError("this job fails")


NOW = [datetime(2026, 11, 27, 8, 3, tzinfo=UTC)]


def test_jobs_run_at_start_and_at_each_cron_time(app):
    RAN.clear()
    schedule = (Scheduled("tick", "*/10 * * * *", f"{__name__}.tick"),
                Scheduled("broken", "0 * * * *", f"{__name__}.broken"))
    slept = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        NOW[0] += timedelta(seconds=seconds)

    run_forever(app, schedule, clock=lambda: NOW[0], sleep=sleep, rounds=3)
    assert [t.strftime("%H:%M") for t in RAN] == ["08:03", "08:10", "08:20", "08:30"]
    assert slept[0] == 7 * 60  # a failing job does not stop the others


def test_the_real_schedule_names_importable_jobs():
    import importlib

    for item in SCHEDULE:
        module, _, name = item.func.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name))
