"""Answers whose timing must not tell whether an address has an account.

Registering and asking for a password reset do different work for a known address and an unknown one
(an account row, an e-mail rendered and stored; in the embedded default the reset job even runs in the
request). Each such answer is held until ``LANDA_ANSWER_FLOOR_MS`` after the request began, which is
longer than the work takes, so both answers take the floor. Both views are rate limited, so the floor
cannot be used to tie up the server.
"""

from __future__ import annotations

import time

from flask import current_app, g


def start() -> None:
    g.landa_answer_started = time.monotonic()


def pad() -> None:
    """Wait until the floor has passed since ``start()``."""
    started = g.get("landa_answer_started")
    if started is None:
        return
    left = current_app.config["LANDA_ANSWER_FLOOR_MS"] / 1000 - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)
