"""The audit trail is append-only: the application inserts entries and never changes or deletes one.

Two deliberate exceptions go through ``rewriting_audit``: erasure (a household's texts in the trail
are blanked, GDPR art. 17) and the retention rule (entries older than the archive rule are culled).
Anything else that changes or deletes an entry, through the ORM or an ORM-enabled UPDATE/DELETE
statement, raises ``AuditImmutable`` and the request's transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from app.audit.models import AuditEntry

REWRITE = "landa_audit_rewrite"


class AuditImmutable(RuntimeError):
    """Something tried to change or delete an audit entry outside erasure and retention."""


@contextmanager
def rewriting_audit(session: Session, reason: str) -> Iterator[None]:
    """Allow changing or deleting audit entries inside the block (flushed before it ends)."""
    session.info[REWRITE] = reason
    try:
        yield
        session.flush()
    finally:
        session.info.pop(REWRITE, None)


def _refuse_changes(session: Session, _flush_context, _instances) -> None:
    if session.info.get(REWRITE):
        return
    for entry in (*session.dirty, *session.deleted):
        if isinstance(entry, AuditEntry) and (entry in session.deleted or session.is_modified(entry)):
            raise AuditImmutable(f"audit entry {entry.id} may not be changed or deleted")


def _refuse_statements(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and not state.session.info.get(REWRITE):
        mapper = state.bind_mapper
        if mapper is not None and mapper.class_ is AuditEntry:
            raise AuditImmutable("audit entries may not be updated or deleted in bulk")


def init_app(app) -> None:
    for name, listener in (("before_flush", _refuse_changes), ("do_orm_execute", _refuse_statements)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
