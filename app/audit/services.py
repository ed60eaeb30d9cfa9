"""Writing the audit trail, and reading one object's entries. A leaf: every domain records here, and this
module reads none of them (a person's whole trail, over every domain, is ``app.privacy.trail``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEntry
from app.extensions import db


def record(actor, action: str, obj_type: str, obj_id: int, profile_id: int | None = None, **detail) -> AuditEntry:
    """Add an entry to the current transaction: it is committed with the change it describes, or not at all."""
    entry = AuditEntry(actor_id=getattr(actor, "id", None), action=action, object_type=obj_type, object_id=obj_id,
                       profile_id=profile_id, detail=detail)
    db.session.add(entry)
    return entry


def trail(obj_type: str, obj_id: int, limit: int = 200) -> list[AuditEntry]:
    """The newest entries about one object, with their actors."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == obj_type, AuditEntry.object_id == obj_id)
        .options(selectinload(AuditEntry.actor)).order_by(AuditEntry.id.desc()).limit(limit)))
