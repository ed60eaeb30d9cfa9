"""One Redis connection pool per process, created lazily from ``REDIS_URL``."""

from __future__ import annotations

from flask import Flask, current_app
from redis import Redis


def init_app(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    app.extensions["landa_redis"] = Redis.from_url(url, socket_timeout=10, health_check_interval=30) if url else None


def get_redis(app: Flask | None = None) -> Redis | None:
    """The app's Redis client, or None in the embedded default (no REDIS_URL)."""
    app = app or current_app
    return app.extensions.get("landa_redis")
