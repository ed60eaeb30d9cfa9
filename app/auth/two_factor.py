"""Optional two-factor sign-in for staff: a TOTP code (RFC 6238) from an authenticator app, after the password.

Enrolment: ``new_secret()`` makes a secret that the account page keeps in the server-side session and shows
once, as an ``otpauth://`` link and a QR code; ``enable()`` stores it when a current code from the app proves
the phone has it. From then on ``verify()`` accepts the code of the current 30-second step or of the step
before or after (a phone's clock drifts), and never a step at or before the last one accepted: a code seen
over a shoulder, or sent twice, is refused. ``disable()`` needs the password and a code.

Backup codes: turning two-factor sign-in on makes ten single-use codes, shown once, for signing in when the
phone is not at hand; ``verify()`` accepts one where it accepts an app code. ``renew_backup_codes()``
replaces them (the password again). Without phone and codes, an administrator turns it off (``reset()``).

The use cases change the account, write the audit entry and flush; the view commits.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
from flask import current_app
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update

from app.audit.services import record
from app.auth import tokens
from app.auth.models import STAFF_ROLES, BackupCode, User
from app.auth.passwords import verify_password
from app.extensions import db
from app.models import utcnow

ISSUER = "Landa"
DIGITS = 6
VALID_WINDOW = 1  # the step before and the step after the current one
PENDING_SECONDS = 5 * 60  # how long the second step of a sign-in waits for its code
MAX_CODE_ATTEMPTS = 5  # wrong codes before a pending sign-in starts over (the rate limits apply as well)
PENDING_KEY = "two_factor_pending"  # session: the sign-in waiting for its code
ENROL_KEY = "two_factor_enrol"  # session: the secret shown on the account page, not yet confirmed
BACKUP_CODES = 10
BACKUP_LENGTH = 10  # characters, shown as two groups of five: 49 bits each
BACKUP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: codes are read off paper


class TwoFactorError(Exception):
    """Refused; ``code`` says why (the views map it to a translated message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def now() -> float:
    """The clock of codes and pending sign-ins (tests move it)."""
    return time.time()


def offered_to(user: User) -> bool:
    return user.role in STAFF_ROLES


def required_for(user: User) -> bool:
    return user.two_factor_enabled


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters: 160 bits, as RFC 4226 recommends


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The QR code of ``uri`` as inline SVG markup (paths only: no script, no style, fine under the CSP)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff", svgclass="qr-code",
                                                lineclass=None, omitsize=True)  # a viewBox: CSS sets the size
    return Markup(svg)  # noqa: S704  # nosec B704  # segno's own SVG of modules; the URI is never written as text


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app that cannot scan."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def normalise(code: str | None) -> str | None:
    """Six digits, spaces and dashes allowed in between; None for anything else."""
    digits = "".join(ch for ch in str(code or "") if ch not in " -")
    return digits if len(digits) == DIGITS and digits.isascii() and digits.isdigit() else None


def matching_step(secret: str, code: str | None, last_step: int | None) -> int | None:
    """The time step whose code is ``code``, within the window and after ``last_step``; None otherwise."""
    code = normalise(code)
    if code is None:
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS)
    current = int(now()) // totp.interval
    found = None
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        # Compare with every step in the window (constant work), keep the latest that matches.
        if hmac.compare_digest(totp.generate_otp(step), code) and (last_step is None or step > last_step):
            found = step
    return found


def _use_step(user: User, step: int) -> bool:
    """Record ``step`` as used, unless a concurrent request used it (or a later one) first."""
    result = db.session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def verify(user: User, code: str | None) -> bool:
    """True (and the code is spent) if ``code`` is the user's current app code, not used before, or one of
    their unused backup codes."""
    if not user.two_factor_enabled:
        return False
    step = matching_step(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        return _use_step(user, step)
    return _use_backup_code(user, code)


# --- backup codes --------------------------------------------------------------------------------------------

def _backup_digest(code: str) -> str:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), code.encode(), hashlib.sha256).hexdigest()


def normalise_backup(code: str | None) -> str | None:
    """Ten characters of the backup alphabet, any case, spaces and dashes allowed; None for anything else."""
    text = "".join(ch for ch in str(code or "").lower() if ch not in " -")
    return text if len(text) == BACKUP_LENGTH and all(ch in BACKUP_ALPHABET for ch in text) else None


def new_backup_codes(user: User) -> list[str]:
    """Replace ``user``'s backup codes with new ones; returns them, to be shown once (``abcde-fghjk``)."""
    db.session.execute(delete(BackupCode).where(BackupCode.user_id == user.id))
    codes = ["".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_LENGTH)) for _ in range(BACKUP_CODES)]
    db.session.add_all(BackupCode(user_id=user.id, digest=_backup_digest(code)) for code in codes)
    db.session.flush()
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def backup_codes_left(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(BackupCode).where(
        BackupCode.user_id == user.id, BackupCode.used_at.is_(None)))


def _use_backup_code(user: User, code: str | None) -> bool:
    """Spend one unused backup code; a concurrent request with the same code finds it spent."""

    plain = normalise_backup(code)
    if plain is None:
        return False
    result = db.session.execute(
        update(BackupCode).where(BackupCode.user_id == user.id, BackupCode.digest == _backup_digest(plain),
                                 BackupCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    record(user, "two_factor_backup_used", "user", user.id, None, left=backup_codes_left(user))
    return True


def renew_backup_codes(user: User, password: str) -> list[str]:
    """New backup codes for someone who used or lost theirs: the password again, as a session left open
    is not enough."""

    if not user.two_factor_enabled:
        raise TwoFactorError("not_enabled")
    if not verify_password(user.password_hash, password):
        raise TwoFactorError("wrong_password")
    codes = new_backup_codes(user)
    record(user, "two_factor_backup_renewed", "user", user.id, None)
    return codes


def enable(user: User, secret: str, code: str | None) -> list[str]:
    """Turn two-factor sign-in on with ``secret`` once ``code`` shows the app has it; returns the backup codes
    to show once."""

    if not offered_to(user):
        raise TwoFactorError("not_offered")
    if user.two_factor_enabled:
        raise TwoFactorError("already_enabled")
    step = matching_step(secret, code, None)
    if step is None:
        raise TwoFactorError("wrong_code")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step  # the confirming code cannot sign in afterwards
    # What was obtained with the password alone ends: other sessions, and every API token.

    user.session_epoch += 1
    tokens.revoke_all(user)
    record(user, "two_factor_enabled", "user", user.id, None)
    return new_backup_codes(user)


def disable(user: User, password: str, code: str | None) -> None:
    """Turn two-factor sign-in off: the password and a current code, so a session left open is not enough."""
    if not user.two_factor_enabled:
        raise TwoFactorError("not_enabled")
    if not verify_password(user.password_hash, password):
        raise TwoFactorError("wrong_password")
    if not verify(user, code):
        raise TwoFactorError("wrong_code")
    _turn_off(user, actor=user, action="two_factor_disabled")


def reset(user: User, actor: User | None = None) -> bool:
    """Turn it off without a code (an administrator's command when a phone is lost); False if it was off."""
    if not user.two_factor_enabled:
        return False
    _turn_off(user, actor=actor, action="two_factor_reset")
    return True


def _turn_off(user: User, actor: User | None, action: str) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(BackupCode).where(BackupCode.user_id == user.id))
    record(actor, action, "user", user.id, None)
    db.session.flush()
