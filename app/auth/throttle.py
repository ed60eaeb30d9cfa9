"""Failed sign-ins, counted per account across the web and the API, that slow a guesser without letting
anyone lock a person out (OWASP Authentication Cheat Sheet: "account lockout" and its denial-of-service
risk).

A wrong password (on ``/login`` or ``POST /api/v1/tokens``, for an account that exists or not: the answer
is the same) counts twice:

* per account **and address**: after ``PER_ADDRESS`` failures, that address may not try that account
  again until the window has passed (429). The guesser is slowed; the owner on their own phone or
  laptop is not.
* per account, **every address together**: after ``PER_ACCOUNT`` failures the account is *protected*
  until the window has passed. The right password alone then no longer signs in: the second factor
  does (staff with two-factor sign-in), or else a one-time sign-in link e-mailed to the owner. The
  owner is told by e-mail when the account becomes protected, once per window.

The counters live where Flask-Limiter keeps its own (Redis when ``REDIS_URL`` is set, so every web
process counts together; memory in the embedded default), in moving windows of ``WINDOW``.
"""

from __future__ import annotations

import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse

WINDOW = "15 minutes"
PER_ADDRESS = 5
PER_ACCOUNT = 10
_PER_ADDRESS = parse(f"{PER_ADDRESS}/{WINDOW}")
_PER_ACCOUNT = parse(f"{PER_ACCOUNT}/{WINDOW}")
_NOTIFIED = parse(f"1/{WINDOW}")


def _strategy():
    return current_app.extensions["landa_limiter"].limiter


def _on() -> bool:
    return current_app.extensions["landa_limiter"].enabled  # RATELIMIT_ENABLED (tests turn it on where they test it)


def _account(email: str) -> str:
    return str(email or "").strip().casefold()[:254]


def address_blocked(email: str) -> bool:
    """This address has tried this account's password too often lately."""
    return _on() and not _strategy().test(_PER_ADDRESS, "sign-in-failures", _account(email), get_remote_address())


def protected(email: str) -> bool:
    """The account had ``PER_ACCOUNT`` wrong passwords lately, from anywhere: a password alone is not enough."""
    return _on() and not _strategy().test(_PER_ACCOUNT, "sign-in-failures", _account(email))


def failed(email: str) -> bool:
    """Count a wrong password. True when the account has just become protected and its owner has not yet been
    told in this window (the caller e-mails them)."""
    if not _on():
        return False
    account, strategy = _account(email), _strategy()
    strategy.hit(_PER_ADDRESS, "sign-in-failures", account, get_remote_address())
    strategy.hit(_PER_ACCOUNT, "sign-in-failures", account)
    return protected(account) and strategy.hit(_NOTIFIED, "sign-in-notified", account)


def retry_after(email: str) -> int:
    """Seconds until this address may try this account again."""
    reset, _remaining = _strategy().get_window_stats(_PER_ADDRESS, "sign-in-failures", _account(email),
                                                     get_remote_address())
    return max(1, int(reset - time.time()))
