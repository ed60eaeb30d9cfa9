"""Reception's inbox: what is new on a case until an officer who answers for it has seen it.

A household's reply, a case the household (or a hire) opened, a follow-up answer that worries and a task that
falls due today each become an ``InboxItem``. Opening the case page marks them seen when the reader is who
answers the case (``reads_for_reception``: its officer, or any officer of the municipality while nobody has
it), never when a coordinator looks in. Lists sort and filter on the unseen items with one ``EXISTS``; what
a row shows is read for the rows shown only.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, exists, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.auth.models import Role, User
from app.extensions import db
from app.models import utcnow
from app.reception.models import Case, CaseStatus, CaseTask, InboxItem, InboxKind


def note(case: Case, kind: InboxKind, ref_id: int) -> None:
    """``kind`` happened on ``case`` (about ``ref_id``): unseen until its reader opens the case. Noting the
    same thing twice keeps one item (a job run twice, a retried request)."""
    if db.session.scalar(select(InboxItem.id).where(InboxItem.case_id == case.id, InboxItem.kind == kind,
                                                    InboxItem.ref_id == ref_id)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(InboxItem(case_id=case.id, kind=kind, ref_id=ref_id))
    except IntegrityError:
        pass  # noted by a concurrent request meanwhile


def opened_by_someone_else(actor: User | None) -> bool:
    """A case is news unless an officer opened it (at the desk: they know)."""
    return actor is None or actor.role != Role.OFFICER


def seen(case: Case, reader: User, kinds: tuple[InboxKind, ...] = tuple(InboxKind)) -> int:
    """``reader`` opened the case (or read its ``kinds`` of news): what was new on it is seen. How many items
    were unseen."""
    result = db.session.execute(
        update(InboxItem).where(InboxItem.case_id == case.id, InboxItem.seen_at.is_(None), InboxItem.kind.in_(kinds))
        .values(seen_at=utcnow(), seen_by_id=reader.id).execution_options(synchronize_session=False))
    return result.rowcount or 0


def unseen() -> exists:
    """For a query over ``Case``: the case has something its officers have not seen."""
    return exists().where(InboxItem.case_id == Case.id, InboxItem.seen_at.is_(None))


def unseen_kinds(case_ids: list[int]) -> dict[int, list[InboxKind]]:
    """What is new on each of these cases (those with nothing new are left out), in the order it came."""
    if not case_ids:
        return {}
    news: dict[int, list[InboxKind]] = {}
    for case_id, kind in db.session.execute(
            select(InboxItem.case_id, InboxItem.kind).where(InboxItem.case_id.in_(case_ids),
                                                            InboxItem.seen_at.is_(None))
            .group_by(InboxItem.case_id, InboxItem.kind).order_by(InboxItem.case_id, func.min(InboxItem.at))):
        news.setdefault(case_id, []).append(kind)
    return news


def unseen_items(cases: Select) -> Select:
    """The unseen items of ``cases`` (a ``select(Case)`` limited to what the reader may see), newest first."""
    scope = cases.with_only_columns(Case.id).scalar_subquery()
    return (select(InboxItem).where(InboxItem.case_id.in_(scope), InboxItem.seen_at.is_(None))
            .order_by(InboxItem.at.desc(), InboxItem.id.desc()))


def note_tasks_due(day: date) -> int:
    """Every open task of an open case falling due on ``day`` is in the inbox once (run each morning; a second
    run adds nothing). How many were added."""
    already = exists().where(InboxItem.case_id == CaseTask.case_id, InboxItem.kind == InboxKind.TASK_DUE,
                             InboxItem.ref_id == CaseTask.id)
    due = (select(CaseTask.case_id, CaseTask.id).join(Case, Case.id == CaseTask.case_id)
           .where(CaseTask.due_on == day, CaseTask.done_at.is_(None), Case.status != CaseStatus.CLOSED, ~already))
    rows = db.session.execute(due).all()
    if rows:
        now = utcnow()
        db.session.execute(insert(InboxItem), [
            {"case_id": case_id, "kind": InboxKind.TASK_DUE, "ref_id": task_id, "at": now}
            for case_id, task_id in rows])
    return len(rows)
