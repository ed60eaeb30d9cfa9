"""Personal access tokens for the API: created and revoked by their owner, stored as digests."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.audit.services import record
from app.auth.models import ApiToken, TokenScope, User
from app.extensions import db
from app.models import utcnow

PREFIX = "landa_"
LIFETIME = timedelta(days=90)
TOUCH_EVERY = timedelta(minutes=10)  # how often last use is written (not on every request)
MAX_ACTIVE = 20


class TokenError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(user: User, name: str, scope: TokenScope = TokenScope.WRITE) -> tuple[ApiToken, str]:
    """A new token and its secret, shown once. A read-only token can only look (GET)."""
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())  # one creation at a time
    active = [t for t in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)) if t.active]
    if len(active) >= MAX_ACTIVE:
        raise TokenError("too_many")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:100] or "API", digest=digest(secret), scope=scope,
                     expires_at=utcnow() + LIFETIME)
    db.session.add(token)
    db.session.flush()
    record(user, "token_created", "user", user.id, None, token=token.id, scope=scope.value)
    return token, secret


def owned(user: User) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def revoke(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise TokenError("not_found")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(user, "token_revoked", "user", user.id, None, token=token.id)
    return token


def revoke_all(user: User, actor: User | None = None) -> int:
    """Revoke every active token of ``user`` (a changed or reset password, an account closed by ``actor``)."""
    active = [t for t in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id,
                                                                   ApiToken.revoked_at.is_(None))) if t.active]
    for token in active:
        token.revoked_at = utcnow()
    if active:
        record(actor or user, "tokens_revoked", "user", user.id, None, tokens=[t.id for t in active])
    return len(active)


def user_for(secret: str) -> tuple[User, ApiToken] | None:
    """The active user a bearer secret belongs to, or None (unknown, revoked, expired, inactive user)."""
    if not secret.startswith(PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.digest == digest(secret))
                              .options(joinedload(ApiToken.user)))
    if token is None or not token.active or not token.user.active:
        return None
    if token.last_used_at is None or token.last_used_at < utcnow() - TOUCH_EVERY:
        token.last_used_at = utcnow()
    return token.user, token
