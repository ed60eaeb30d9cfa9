"""Server-side sessions (Flask-Session): in Redis when configured, else in the database.

The browser holds only a random session id; the data stays on the server, so logging out
really ends a session and a copied cookie is worthless afterwards. Flask-Session does the
cookie, the id and its rotation; ``DatabaseSessionStore`` is the small cachelib store that
keeps the embedded default's sessions in Landa's own database (table ``web_session``).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from cachelib import BaseCache
from flask import Flask
from flask.sessions import session_json_serializer
from sqlalchemy import Index, String, Text, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app import redis_client
from app.extensions import db, server_session
from app.models import UTCDateTime, utcnow


class WebSession(db.Model):
    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_expires_at", "expires_at"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DatabaseSessionStore(BaseCache):
    """A cachelib store on its own connection, so it never touches the request's transaction."""

    PURGE_CHANCE = 0.01  # expired rows are swept on about one write in a hundred

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self.app = app
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        return self._engine

    def get(self, key: str):
        now = utcnow()
        with self.engine.connect() as conn:
            row = conn.execute(select(WebSession.data, WebSession.expires_at).where(WebSession.id == key)).first()
        if row is None or row.expires_at <= now:
            return None
        return session_json_serializer.loads(row.data)

    def set(self, key: str, value, timeout: int | None = None) -> bool:
        expires = utcnow() + timedelta(seconds=timeout or 86400)
        data = session_json_serializer.dumps(dict(value))
        table = WebSession.__table__
        update = table.update().where(table.c.id == key).values(data=data, expires_at=expires)
        with self.engine.begin() as conn:
            if not conn.execute(update).rowcount:
                try:
                    with conn.begin_nested():
                        conn.execute(table.insert().values(id=key, data=data, expires_at=expires))
                except IntegrityError:  # a parallel request of the same browser inserted it first
                    conn.execute(update)
            if random.random() < self.PURGE_CHANCE:  # noqa: S311  # nosec B311  # when to sweep, not a secret
                conn.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))
        return True

    def delete(self, key: str) -> bool:
        with self.engine.begin() as conn:
            conn.execute(delete(WebSession).where(WebSession.id == key))
        return True

    def has(self, key: str) -> bool:
        return self.get(key) is not None


def init_app(app: Flask) -> None:
    redis_client.init_app(app)
    if app.config["SESSION_TYPE"] == "redis":
        app.config["SESSION_REDIS"] = redis_client.get_redis(app)
        app.config.setdefault("SESSION_KEY_PREFIX", f"{app.config['LANDA_REDIS_PREFIX']}:session:")
    else:
        app.config.setdefault("SESSION_KEY_PREFIX", "session:")
        app.config["SESSION_CACHELIB"] = DatabaseSessionStore(app)
    server_session.init_app(app)


def regenerate(app: Flask) -> None:
    """Give the current session a new id (at login and logout): a planted or copied id is useless."""
    from flask import session

    app.session_interface.regenerate(session)
