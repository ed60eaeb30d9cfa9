"""Rate limits on what an attacker would repeat: guessing passwords for tokens and sign-ins, and two-factor codes.

Views marked ``@guarded`` get two limits on their POSTs: per address and e-mail (someone mistyping
a few times is never stopped, a guesser soon is) and per address (one address trying many accounts).
Views that e-mail the address typed (registration, a password reset) also get a limit per e-mail
whatever the address, so nobody can flood a mailbox. Nothing here is per account alone: wrong
passwords are counted per account by ``app.auth.throttle``, which slows a guesser without letting
them lock the owner out.
Counters live in Redis when ``REDIS_URL`` is set, so every web process counts together;
in the embedded default (one process) they live in memory. If Redis fails, the limits fall back to
memory rather than refusing everyone. Each app has its own limiter (its own storage and switch).
"""

from __future__ import annotations

from flask import Flask, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user

PER_ACCOUNT = "5 per minute;30 per hour"
PER_ADDRESS = "30 per minute;300 per hour"
# Whatever the address: e-mails to one typed address (a reset link, a registration) per hour.
MAILS_PER_ADDRESS_TYPED = "5 per hour"
GUARDED = "_landa_guarded"
MAILS = "_landa_mails"


def guarded(view):
    """Mark a view whose POSTs are limited (applied when the app is made: see ``init_app``)."""
    setattr(view, GUARDED, True)
    return view


def mails_typed_address(view):
    """Mark a guarded view that e-mails the address typed into it."""
    setattr(view, MAILS, True)
    return view


def email() -> str:
    """The account a request tries: the e-mail sent, else the one half-way through signing in."""
    body = request.get_json(silent=True) if request.is_json else None
    given = (body.get("email") if isinstance(body, dict) else None) or request.form.get("email") or _account_email()
    return str(given).strip().casefold()[:254]


def address_and_email() -> str:
    return f"{get_remote_address()}:{email()}"


def _account_email() -> str:
    """Without an e-mail in the request (a two-factor code): the account half-way through signing in, or the one
    signed in, so its codes count against the same limit as its passwords."""
    pending = session.get("two_factor_pending")
    if isinstance(pending, dict) and pending.get("email"):
        return str(pending["email"])
    return current_user.email if current_user and current_user.is_authenticated else ""


def init_app(app: Flask) -> None:
    """After the blueprints: wrap every guarded view in this app's limits."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", f"{app.config['LANDA_REDIS_PREFIX']}:ratelimit")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter = app.extensions["landa_limiter"] = Limiter(key_func=get_remote_address, app=app)  # limits hold it weakly
    per_account = limiter.limit(PER_ACCOUNT, key_func=address_and_email, methods=["POST"], scope="account")
    per_address = limiter.limit(PER_ADDRESS, methods=["POST"], scope="address")
    mails = limiter.limit(MAILS_PER_ADDRESS_TYPED, key_func=email, methods=["POST"], scope="mails",
                          exempt_when=lambda: not email())
    for endpoint, view in list(app.view_functions.items()):
        if getattr(view, GUARDED, False):
            limited = per_address(per_account(view))
            app.view_functions[endpoint] = mails(limited) if getattr(view, MAILS, False) else limited
