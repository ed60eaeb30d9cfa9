"""Database engine settings that Flask-SQLAlchemy does not set by itself, and how a request's change ends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from app.extensions import db

T = TypeVar("T")


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", sqlite_pragmas)


def sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Make the embedded SQLite behave like PostgreSQL where it matters.

    Foreign keys are enforced (SQLite ignores them unless asked), and write-ahead logging lets
    the session store write while a request still reads, and several processes share the file.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()




# --- one request's change: commit it, or refuse it with nothing kept ------------------------------------

@dataclass(frozen=True)
class Refusal:
    """Why a request's change was not kept: the domain's refusal (its exception, with its code), a row
    changed by someone else meanwhile (``StaleDataError``), or the conflict a unique constraint meant."""

    reason: Exception


def committed(change: Callable[[], T], refusals: tuple[type[Exception], ...] = (),
              conflict: Exception | None = None) -> T | Refusal:
    """Run a use case and commit the request's transaction: what ``change`` returned, or a ``Refusal``
    after a rollback (nothing of the attempt kept) when the use case or the commit raised one of
    ``refusals`` (list ``StaleDataError`` to say more than the usual 409 page about a versioned row changed
    meanwhile), or (with ``conflict``) a unique constraint refused the commit. Anything else goes on to the
    error handlers after a rollback. The one way views and API operations end a change, so both refuse
    alike."""
    try:
        result = change()
        db.session.commit()
    except refusals as exc:
        db.session.rollback()
        return Refusal(exc)
    except IntegrityError:
        db.session.rollback()
        if conflict is None:
            raise
        return Refusal(conflict)
    except Exception:
        db.session.rollback()
        raise
    return result
