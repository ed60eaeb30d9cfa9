from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import TimestampMixin, UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    NEWCOMER = "newcomer"
    EMPLOYER = "employer"
    OFFICER = "officer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.NEWCOMER: _l("Newcomer"),
    Role.EMPLOYER: _l("Employer"),
    Role.OFFICER: _l("Reception officer"),
    Role.COORDINATOR: _l("Regional coordinator"),
    Role.ADMIN: _l("Administrator"),
}
SELF_REGISTERED_ROLES = (Role.NEWCOMER, Role.EMPLOYER)
STAFF_ROLES = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN)


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("locale IN ('sv', 'en')", name="locale"),
        CheckConstraint("role <> 'officer' OR municipality_code IS NOT NULL", name="officer_municipality"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = enum_column(Role, length=16)
    locale: Mapped[str] = mapped_column(String(5), default="sv")
    municipality_code: Mapped[str | None] = mapped_column(
        ForeignKey("municipality.code", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped when the password changes: every session signed in before then ends.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A self-registered account is used once its owner opened the link e-mailed to the address (so registering
    # tells nobody whether an address has an account); accounts made by staff, the CLI or the demo count as
    # confirmed when made (the default).
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow)
    # The person had their account erased (app/privacy/erasure.py): the row stays, without personal data.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Optional two-factor sign-in for staff (app/auth/two_factor.py). The TOTP secret is set once the
    # first code is confirmed, never shown again and never exported; the last accepted time step makes
    # every code single-use.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    municipality = db.relationship("Municipality", lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to sign in inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_epoch}"

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None and self.totp_enabled_at is not None

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class TokenScope(enum.StrEnum):
    READ = "read"  # GET only: a dashboard, an export
    WRITE = "write"  # everything the owner may do


TOKEN_SCOPE_LABELS = {
    TokenScope.READ: _l("Read only"),
    TokenScope.WRITE: _l("Read and change"),
}


class ApiToken(db.Model):
    """A personal access token for the API: only a digest of its secret is kept."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = enum_column(TokenScope, default=TokenScope.WRITE, server_default="write")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")

    @property
    def active(self) -> bool:
        return self.revoked_at is None and self.expires_at > utcnow()


class BackupCode(db.Model):
    """A single-use code for two-factor sign-in without the phone, printed or kept by its owner.

    Only an HMAC of the code is kept (keyed with the app's secret key, so a copy of the database alone does
    not allow guessing the codes offline); a used code keeps its row with the time it was used."""

    __tablename__ = "two_factor_backup_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
