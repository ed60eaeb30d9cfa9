"""Server-side sessions (Flask-Session): in Redis when configured, else in the database.

The browser holds only a random session id; the data stays on the server, so logging out
really ends a session and a copied cookie is worthless afterwards. Flask-Session does the
cookie, the id and its rotation; ``DatabaseSessionStore`` is the small cachelib store that
keeps the embedded default's sessions in Landa's own database (table ``web_session``).

A session is stored only when it holds something (Flask-Session skips empty ones): a signed-in
person, a form's CSRF token, a language choice, a message to show. Pages without a form put
nothing in it, so an anonymous visitor costs no storage; an anonymous session lives an hour
(the CSRF token's own limit) instead of the signed-in ``SESSION_LIFETIME_HOURS``. Each store
knows whose signed-in sessions it holds, so ``end_sessions_of(user_id)`` destroys them all
(erasure leaves no session that still names the person).
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta

from cachelib import BaseCache
from flask import Flask, current_app, request, session
from flask.sessions import session_json_serializer
from flask_session.cachelib import CacheLibSessionInterface
from flask_session.redis import RedisSessionInterface
from sqlalchemy import Index, Integer, String, Text, create_engine, delete, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from app import redis_client
from app.database import sqlite_pragmas
from app.extensions import db
from app.models import UTCDateTime, utcnow

ANONYMOUS_LIFETIME = timedelta(hours=1)  # Flask-WTF's CSRF tokens expire after an hour too


def user_of(data) -> int | None:
    """The id of the person signed in to a session's data (Flask-Login's ``_user_id``: "id:epoch"), or None."""
    raw = data.get("_user_id") if data else None
    try:
        return int(str(raw).split(":", 1)[0]) if raw else None
    except ValueError:
        return None


class WebSession(db.Model):
    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_expires_at", "expires_at"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Who is signed in to it (no foreign key: a session is not a record, and an account removed by the
    # retention rules has had none for a year); ``end_sessions_of`` destroys them by it.
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)


class DatabaseSessionStore(BaseCache):
    """A cachelib store on an engine (a pool of connections) of its own, so it never touches the request's
    transaction and never waits for the requests' pool: a request that still holds its connection when its
    session is saved would otherwise need a second one from the same pool, and as many requests at once as
    the pool holds would each wait for one the others hold (measured: 16 at once stalled the embedded
    default for the pool's 30 s, then answered 500)."""

    PURGE_CHANCE = 0.01  # expired rows are swept on about one write in a hundred

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self.app = app
        self._engine: Engine | None = None
        self._own_engine = False

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self.app.app_context():
                url = db.engine.url
                if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
                    self._engine = db.engine  # one connection holds a memory database: share it
                else:
                    self._engine = create_engine(url, **self.app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
                    self._own_engine = True
                    if url.get_backend_name() == "sqlite":
                        event.listen(self._engine, "connect", sqlite_pragmas)
        return self._engine

    def dispose(self) -> None:
        """Close the store's own connections (an app that is done: tests, a worker shutting down)."""
        if self._engine is not None and self._own_engine:
            self._engine.dispose()
        self._engine = None

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
        user_id = user_of(value)
        table = WebSession.__table__
        update = table.update().where(table.c.id == key).values(data=data, expires_at=expires, user_id=user_id)
        with self.engine.begin() as conn:
            if not conn.execute(update).rowcount:
                try:
                    with conn.begin_nested():
                        conn.execute(table.insert().values(id=key, data=data, expires_at=expires, user_id=user_id))
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

    def delete_sessions_of(self, user_id: int) -> int:
        with self.engine.begin() as conn:
            return conn.execute(delete(WebSession).where(WebSession.user_id == user_id)).rowcount

    def count(self) -> int:
        with self.engine.connect() as conn:
            return len(conn.execute(select(WebSession.id).where(WebSession.expires_at > utcnow())).all())


class _Lifetimes:
    """Anonymous sessions (a form's token, a language choice) live an hour; signed-in ones their full time.

    A request that did not change the session rewrites it only to extend its life, at most once in
    ``REFRESH_EVERY`` (a life of hours does not need extending on every page view: each rewrite is a
    write to the store), and never for a static file or the API: those come in parallel with pages (a
    page's scripts still loading when the next page asks for its form), and a rewrite of the session as
    it was when they began would undo what the page stored meanwhile (its form's token: "the form
    expired")."""

    REFRESH_EVERY = timedelta(minutes=5)
    STORED_AT = "_stored_at"  # when the store last wrote the session (seconds since the epoch)

    def should_set_storage(self, app: Flask, session) -> bool:
        if session.modified:
            return True
        if request.endpoint in ("static", None) or request.path.startswith("/api/"):
            return False  # a file, an API call, or an address that is not a page (a browser's /favicon.ico)
        stored_at = session.get(self.STORED_AT)
        if isinstance(stored_at, int) and time.time() - stored_at < self.REFRESH_EVERY.total_seconds():
            return False  # written a moment ago: its life is long enough
        return super().should_set_storage(app, session)

    def _upsert_session(self, session_lifetime: timedelta, session, store_id: str) -> None:
        session[self.STORED_AT] = int(time.time())
        if user_of(session) is None:
            session_lifetime = min(session_lifetime, ANONYMOUS_LIFETIME)
        super()._upsert_session(session_lifetime, session, store_id)


class RedisSessions(_Lifetimes, RedisSessionInterface):
    """Redis keys ``<prefix>:session:<id>``, and per person a set of their signed-in sessions' keys."""

    def _user_key(self, user_id: int) -> str:
        return f"{self.key_prefix}user:{user_id}"

    def _upsert_session(self, session_lifetime: timedelta, session, store_id: str) -> None:
        super()._upsert_session(session_lifetime, session, store_id)
        user_id = user_of(session)
        if user_id is not None:
            pipe = self.client.pipeline()
            pipe.sadd(self._user_key(user_id), store_id)
            pipe.expire(self._user_key(user_id), int(session_lifetime.total_seconds()))
            pipe.execute()

    def end_sessions_of(self, user_id: int) -> int:
        keys = [k.decode() if isinstance(k, bytes) else k for k in self.client.smembers(self._user_key(user_id))]
        ended = self.client.delete(*keys) if keys else 0
        self.client.delete(self._user_key(user_id))
        return ended

    def count(self) -> int:
        return sum(1 for key in self.client.scan_iter(match=f"{self.key_prefix}*", count=1000)
                   if not (key.decode() if isinstance(key, bytes) else key).startswith(f"{self.key_prefix}user:"))


class DatabaseSessions(_Lifetimes, CacheLibSessionInterface):
    """Rows of ``web_session`` (the embedded default)."""

    def dispose(self) -> None:
        self.cache.dispose()

    def end_sessions_of(self, user_id: int) -> int:
        return self.cache.delete_sessions_of(user_id)

    def count(self) -> int:
        return self.cache.count()


def init_app(app: Flask) -> None:
    redis_client.init_app(app)
    config = app.config
    common = {"app": app, "use_signer": config.get("SESSION_USE_SIGNER", False),
              "permanent": config["SESSION_PERMANENT"]}
    if config["SESSION_TYPE"] == "redis":
        config.setdefault("SESSION_KEY_PREFIX", f"{config['LANDA_REDIS_PREFIX']}:session:")
        app.session_interface = RedisSessions(client=redis_client.get_redis(app),
                                              key_prefix=config["SESSION_KEY_PREFIX"], **common)
    else:
        config.setdefault("SESSION_KEY_PREFIX", "session:")
        app.session_interface = DatabaseSessions(client=DatabaseSessionStore(app),
                                                 key_prefix=config["SESSION_KEY_PREFIX"], **common)


def dispose(app: Flask) -> None:
    """Close the session store's own database connections, if it has any."""
    if isinstance(app.session_interface, DatabaseSessions):
        app.session_interface.dispose()


def end_sessions_of(user_id: int) -> int:
    """Destroy every stored session of the person (after the transaction that erased them has committed):
    how many there were."""
    return current_app.session_interface.end_sessions_of(user_id)


def stored_sessions() -> int:
    """How many sessions the store holds now (tests and operations)."""
    return current_app.session_interface.count()


def regenerate(app: Flask) -> None:
    """Give the current session a new id (at login and logout): a planted or copied id is useless."""
    app.session_interface.regenerate(session)
