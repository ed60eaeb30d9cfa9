"""Database engine settings that Flask-SQLAlchemy does not set by itself."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from app.extensions import db


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


