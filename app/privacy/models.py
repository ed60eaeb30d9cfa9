"""Retention rules: one row per kind of record, set by an administrator (``/admin/retention``)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import UTCDateTime, enum_column, utcnow


class RetentionKind(enum.StrEnum):
    CLOSED_CASE = "closed_case"  # a reception case closed this long ago
    UNUSED_ACCOUNT = "unused_account"  # a self-registered account nobody signed in to for this long
    SENT_EMAIL = "sent_email"  # an e-mail sent (or given up on) this long ago
    AUDIT_ENTRY = "audit_entry"  # an entry of the audit trail this old


class RetentionAction(enum.StrEnum):
    KEEP = "keep"  # nothing happens: the archive keeps the record as it is
    ANONYMISE = "anonymise"  # the record stays, without what says whom it is about
    DELETE = "delete"  # the record is culled


KIND_LABELS = {
    RetentionKind.CLOSED_CASE: _l("Closed reception cases"),
    RetentionKind.UNUSED_ACCOUNT: _l("Unused accounts (no sign-in, no case, no hire, no organisation)"),
    RetentionKind.SENT_EMAIL: _l("Sent and failed e-mails"),
    RetentionKind.AUDIT_ENTRY: _l("Audit trail entries"),
}
ACTION_LABELS = {
    RetentionAction.KEEP: _l("Keep"),
    RetentionAction.ANONYMISE: _l("Anonymise"),
    RetentionAction.DELETE: _l("Delete"),
}
# What each kind of record may become; the first action of each is what the archive law allows at least.
ALLOWED_ACTIONS = {
    RetentionKind.CLOSED_CASE: (RetentionAction.ANONYMISE, RetentionAction.KEEP),
    RetentionKind.UNUSED_ACCOUNT: (RetentionAction.DELETE, RetentionAction.KEEP),
    RetentionKind.SENT_EMAIL: (RetentionAction.DELETE, RetentionAction.KEEP),
    RetentionKind.AUDIT_ENTRY: (RetentionAction.DELETE, RetentionAction.KEEP),
}
# The defaults: closed cases anonymised after two years, accounts nobody uses removed after one, e-mails
# (copies of what is kept elsewhere) culled after six months, the audit trail kept five years.
DEFAULT_RULES = {
    RetentionKind.CLOSED_CASE: (RetentionAction.ANONYMISE, 24),
    RetentionKind.UNUSED_ACCOUNT: (RetentionAction.DELETE, 12),
    RetentionKind.SENT_EMAIL: (RetentionAction.DELETE, 6),
    RetentionKind.AUDIT_ENTRY: (RetentionAction.DELETE, 60),
}
MIN_MONTHS, MAX_MONTHS = 1, 240


class RetentionRule(db.Model):
    __tablename__ = "retention_rule"
    __table_args__ = (CheckConstraint(f"months BETWEEN {MIN_MONTHS} AND {MAX_MONTHS}", name="months"),)

    kind: Mapped[RetentionKind] = enum_column(RetentionKind, primary_key=True)
    action: Mapped[RetentionAction] = enum_column(RetentionAction, length=16)
    months: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    updated_by = relationship("User")
