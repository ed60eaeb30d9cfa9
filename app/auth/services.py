"""Account use cases. They validate, change and flush; the view commits once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.audit.services import record
from app.auth import throttle, tokens
from app.auth.models import Role, User
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.extensions import db
from app.models import utcnow
from app.outbox.models import OutgoingEmail
from app.outbox.services import queue_email
from app.validators import is_email_address

TOKEN_PURPOSES = {
    # purpose: (salt, config key with the lifetime in seconds)
    "reset": ("landa-password-reset", "PASSWORD_RESET_MAX_AGE"),
    "invite": ("landa-staff-invitation", "INVITATION_MAX_AGE"),
    "confirm": ("landa-registration-confirm", "REGISTRATION_CONFIRM_MAX_AGE"),
    "sign_in": ("landa-sign-in-link", "SIGN_IN_LINK_MAX_AGE"),
}


class AccountError(Exception):
    """A use case refused; ``code`` says why (views map it to a translated message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(*, email: str, password: str | None = None, full_name: str, role: Role, locale: str = "sv",
                municipality_code: str | None = None, password_hash: str | None = None,
                confirmed: bool = True) -> User:
    """An account. ``confirmed``: staff, the CLI and the desk vouch for the address; a self-registration
    does not, until its owner opens the link e-mailed to it."""
    email = normalise_email(email)
    if not is_email_address(email):
        raise AccountError("bad_email")  # the sign-in form's own rule: an account it would refuse cannot be made
    if find_user_by_email(email) is not None:
        raise AccountError("email_taken")
    if role == Role.OFFICER and not municipality_code:
        raise AccountError("officer_needs_municipality")
    user = User(
        email=email,
        password_hash=password_hash or hash_password(password),
        full_name=full_name,
        role=role,
        locale=locale,
        municipality_code=municipality_code if role == Role.OFFICER else None,
    )
    db.session.add(user)
    db.session.flush()
    if not confirmed:
        user.email_confirmed_at = None  # the column's default confirms (demo and seeded accounts too)
        db.session.flush()
    return user  # a newcomer's household comes with it in app.flows.accounts.create_account


def send_link(user: User, purpose: str, base_url: str, next_path: str | None = None) -> OutgoingEmail:
    """E-mail ``user`` a one-time link that signs them in: ``confirm`` finishes a registration, ``sign_in``
    stands in for a second factor while the account is under attack (``app.auth.throttle``). ``next_path``
    (a local path, checked by the caller) is where the link leads after signing in."""
    endpoint = "auth.confirm_registration" if purpose == "confirm" else "auth.sign_in_link"
    link = external_url(base_url, endpoint, token=make_reset_token(user, purpose),
                        **({"next": next_path} if next_path else {}))  # where they were going (a need's page)
    kind = "registration_confirm" if purpose == "confirm" else "sign_in_link"
    return queue_email(user.email, kind, user.locale, sensitive=True, user=user, link=link,
                       minutes=token_max_age(purpose) // 60, hours=token_max_age(purpose) // 3600)


def warn_of_attempts(email: str, base_url: str) -> None:
    """The account at ``email`` (if there is one) has just had too many wrong passwords: tell its owner."""

    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    queue_email(user.email, "sign_in_attempts", user.locale, user=user, count=throttle.PER_ACCOUNT,
                reset=external_url(base_url, "auth.forgot_password"))


def confirm_by_link(user: User) -> None:
    """The owner of the address opened a link sent to it: the address is theirs."""
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()


def authenticate(email: str, password: str) -> User | None:
    """The user if the e-mail and password match an active account; None otherwise (no hint which)."""
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    if not user.active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def set_password(user: User, password: str) -> None:
    """A new password ends every other session and revokes every API token (a thief's copy too)."""

    user.password_hash = hash_password(password)
    user.session_epoch += 1
    tokens.revoke_all(user)


def sign_out_everywhere(user: User) -> None:
    """Every session of ``user``, on every device, ends at its next request, and every API token is revoked
    (a lost laptop may hold one)."""

    user.session_epoch += 1
    tokens.revoke_all(user)
    record(user, "signed_out_everywhere", "user", user.id, None)


def close_account(user: User, actor: User) -> None:
    """An administrator closes an account: it cannot sign in, its sessions end at their next request and its
    API tokens are revoked (what follows in other domains, and the audit entry: ``app.flows.accounts``)."""

    if user.id == actor.id:
        raise AccountError("close_self")
    if user.erased_at is not None or not user.active:
        raise AccountError("already_closed")
    user.active = False
    user.session_epoch += 1
    tokens.revoke_all(user, actor)


def reopen_account(user: User, actor: User) -> None:
    if user.erased_at is not None:
        raise AccountError("erased")
    if user.active:
        raise AccountError("already_open")
    user.active = True


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not verify_password(user.password_hash, current_password):
        raise AccountError("wrong_password")
    set_password(user, new_password)


# --- password reset: a signed, time-limited link that works once ----------------------------------

def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_PURPOSES[purpose][0])


def token_max_age(purpose: str) -> int:
    return current_app.config[TOKEN_PURPOSES[purpose][1]]


def _fingerprint(user: User, purpose: str) -> str:
    # The token carries a digest of what using it changes, so it works once: the password hash (a reset, an
    # invitation), whether the address is confirmed (a registration), the last sign-in (a sign-in link).
    state = {"confirm": str(user.email_confirmed_at), "sign_in": str(user.last_login_at)}.get(purpose, "")
    return hashlib.sha256(f"{user.password_hash}|{state}".encode()).hexdigest()[:32]


def make_reset_token(user: User, purpose: str = "reset") -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)})


def user_for_reset_token(token: str, purpose: str = "reset") -> User:
    try:
        data = _serializer(purpose).loads(token, max_age=token_max_age(purpose))
    except SignatureExpired:
        raise AccountError("reset_expired") from None
    except BadSignature:
        raise AccountError("reset_invalid") from None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active or not hmac.compare_digest(str(data.get("f")), _fingerprint(user, purpose)):
        raise AccountError("reset_invalid")
    return user


def send_reset_link(email: str, base_url: str) -> OutgoingEmail | None:
    user = find_user_by_email(email)
    if user is None or not user.active:
        return None
    link = external_url(base_url, "auth.reset_password", token=make_reset_token(user))
    minutes = token_max_age("reset") // 60
    return queue_email(user.email, "password_reset", user.locale, sensitive=True, user=user, link=link,
                       minutes=minutes)


def external_url(base_url: str, endpoint: str, **values) -> str:
    """An absolute link to ``endpoint`` on the site at ``base_url``, also outside a request (jobs)."""
    parts = urlsplit(base_url)
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def invite_staff(*, email: str, full_name: str, role: Role, municipality_code: str | None, locale: str) -> User:
    """Create an officer, coordinator or admin with an unusable password and e-mail a set-password link."""
    user = create_user(email=email, password=secrets.token_urlsafe(32), full_name=full_name, role=role,
                       locale=locale, municipality_code=municipality_code)
    link = external_url(current_app.config["LANDA_BASE_URL"], "auth.accept_invitation",
                        token=make_reset_token(user, "invite"))
    days = token_max_age("invite") // 86400
    queue_email(user.email, "staff_invitation", user.locale, sensitive=True, user=user, link=link, days=days)
    return user
