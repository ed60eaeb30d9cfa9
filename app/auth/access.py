"""Default-deny access control.

Every view needs a signed-in user unless it is marked ``@public``. Role checks use
``@role_required``; object-level checks live in each domain's ``permissions.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from flask_login import current_user

from app.auth.models import Role

F = TypeVar("F", bound=Callable)
PUBLIC_ATTR = "_landa_public"


def public(view: F) -> F:
    """Mark a view as reachable without signing in. Keep this list short."""
    setattr(view, PUBLIC_ATTR, True)
    return view


def role_required(*roles: Role) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapper.landa_roles = roles  # read by the access-matrix test
        return wrapper  # type: ignore[return-value]

    return decorator


def is_public_endpoint(app: Flask, endpoint: str | None) -> bool:
    if endpoint is None or endpoint == "static" or endpoint.endswith(".static"):
        return True
    view = app.view_functions.get(endpoint)
    return bool(view is not None and getattr(view, PUBLIC_ATTR, False))


def init_app(app: Flask) -> None:
    @app.before_request
    def require_login():
        if is_public_endpoint(app, request.endpoint):
            return None
        if not current_user.is_authenticated:
            return app.login_manager.unauthorized()
        return None


def is_safe_next(target: str | None) -> bool:
    """Only local paths are followed after login (no open redirects)."""
    if not target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") \
        and "\\" not in target
