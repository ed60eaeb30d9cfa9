"""Values kept between requests: in Redis when it is configured (shared by every web process), else in
this process's memory (the embedded default is one process). A store that fails is as if empty: the
value is computed again rather than the page failing.

Each use names its own ``kind`` (a key prefix) and decides what its keys name, so that what is kept is
never wrong for longer than it says: ``app.matching.kept`` keys match lists by every version they read;
``app.reception.dashboard`` keeps counts for a minute; ``kept_for_visitors`` keeps public pages as
visitors who have not signed in see them.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from time import time as clock
from typing import Any

from cachelib import BaseCache, RedisCache, SimpleCache
from flask import current_app, make_response, request, session
from flask_login import current_user

from app.i18n import current_locale
from app.redis_client import get_redis

EXTENSION = "landa_caches"
KEPT_HEADERS = ("Content-Disposition",)  # what a kept page answers with besides its body and type (.ics files)


def store(kind: str, timeout: int) -> BaseCache:
    stores = current_app.extensions.setdefault(EXTENSION, {})
    found = stores.get(kind)
    if found is None:
        redis = get_redis()
        found = RedisCache(host=redis, default_timeout=timeout,
                           key_prefix=f"{current_app.config['LANDA_REDIS_PREFIX']}:{kind}:") \
            if redis is not None else SimpleCache(threshold=5000, default_timeout=timeout)
        stores[kind] = found
    return found


def remembered(kind: str, timeout: int, key: str | None, find: Callable[[], Any]) -> Any:
    """The value kept under ``key``, or ``find()`` kept there for ``timeout`` seconds (None: not kept)."""
    if key is None:
        return find()
    try:
        value = store(kind, timeout).get(key)
    except Exception:  # noqa: BLE001  # Redis away: compute again rather than fail the page
        current_app.logger.warning("%s: store unavailable", kind, exc_info=True)
        value = None
    if value is None:
        value = find()
        try:
            store(kind, timeout).set(key, value)
        except Exception:  # noqa: BLE001
            current_app.logger.warning("%s: store unavailable", kind, exc_info=True)
    return value


def forget(kind: str) -> None:
    """Empty one kind's store (tests)."""
    stores = current_app.extensions.get(EXTENSION, {})
    if kind in stores:
        stores[kind].clear()


def kept_for_visitors(version: Callable[[], object] | None = None):
    """A public page as visitors who have not signed in see it, kept: under a key naming the path and
    query, the language and ``version()`` (the versions of the data it shows: exact), or without a version
    for up to ``LANDA_PUBLIC_KEPT_SECONDS`` (0: not kept). Signed-in readers, and a visitor with a message
    waiting for them, always get the page made for them. The answer carries an ETag (a browser asking
    again with it gets 304) and ``Cache-Control: public`` for the same time."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            seconds = current_app.config["LANDA_PUBLIC_KEPT_SECONDS"]
            if (request.method != "GET" or current_user.is_authenticated or session.get("_flashes")
                    or not (seconds or version)):
                return view(*args, **kwargs)

            stamp = version() if version else int(clock() // seconds)
            key = hashlib.sha256(f"{request.full_path}|{current_locale()}|{stamp}".encode()).hexdigest()[:32]

            def render() -> tuple[int, bytes, str, dict[str, str]]:
                made = make_response(view(*args, **kwargs))
                kept = {name: made.headers[name] for name in KEPT_HEADERS if name in made.headers}
                return made.status_code, made.get_data(), made.mimetype, kept

            status, body, mimetype, headers = remembered("public-pages", 600 if version else 2 * seconds, key, render)
            response = current_app.response_class(body, status=status, mimetype=mimetype, headers=headers)
            response.set_etag(key)
            response.cache_control.public = True
            response.cache_control.max_age = seconds or 60
            return response.make_conditional(request)

        return wrapper

    return decorate
