"""Values kept between requests: in Redis when it is configured (shared by every web process), else in
this process's memory (the embedded default is one process). A store that fails is as if empty: the
value is computed again rather than the page failing.

Each use names its own ``kind`` (a key prefix) and decides what its keys name, so that what is kept is
never wrong for longer than it says: ``app.matching.kept`` keys match lists by every version they read;
``app.reception.dashboard`` keeps counts for a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cachelib import BaseCache, RedisCache, SimpleCache
from flask import current_app

from app.redis_client import get_redis

EXTENSION = "landa_caches"


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
