"""The audit trail is append-only: no change or deletion gets through, except erasure and retention."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from app.audit.guard import AuditImmutable, rewriting_audit
from app.audit.models import AuditEntry
from app.audit.services import record
from app.extensions import db


def test_entries_cannot_be_changed_or_deleted(app):
    with app.app_context():
        record(None, "view", "case", 1, None)
        db.session.commit()
        entry = db.session.scalar(select(AuditEntry))
        entry.action = "nothing happened"
        with pytest.raises(AuditImmutable):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(select(AuditEntry)))
        with pytest.raises(AuditImmutable):
            db.session.flush()
        db.session.rollback()
        for statement in (update(AuditEntry).values(action="x"), delete(AuditEntry)):
            with pytest.raises(AuditImmutable):
                db.session.execute(statement)
            db.session.rollback()
        assert db.session.scalar(select(AuditEntry.action)) == "view"

        with rewriting_audit(db.session, "retention"):  # the two deliberate exceptions say so
            db.session.execute(delete(AuditEntry))
        db.session.commit()
        assert db.session.scalar(select(AuditEntry)) is None
