"""Server-side sessions (Flask-Session): Redis when configured, else files in ``instance/``.

The browser holds only a random session id; logging out deletes the data on the server,
so a copied cookie is worthless afterwards.
"""

from __future__ import annotations

import os

from cachelib import FileSystemCache
from flask import Flask

from app import redis_client
from app.extensions import server_session


def init_app(app: Flask) -> None:
    redis_client.init_app(app)
    if app.config["SESSION_TYPE"] == "redis":
        app.config["SESSION_REDIS"] = redis_client.get_redis(app)
        app.config.setdefault("SESSION_KEY_PREFIX", f"{app.config['LANDA_REDIS_PREFIX']}:session:")
    else:
        path = app.config.get("SESSION_FILE_DIR") or os.path.join(app.instance_path, "sessions")
        app.config["SESSION_CACHELIB"] = FileSystemCache(path, threshold=10000, mode=0o600)
    server_session.init_app(app)


def regenerate(app: Flask) -> None:
    """Give the current session a new id (at login), so a planted session id is useless."""
    from flask import session

    app.session_interface.regenerate(session)
