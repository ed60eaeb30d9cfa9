"""Configuration from environment variables: one place, safe defaults, clear errors.

The embedded default (nothing set) is a SQLite file in ``instance/`` with jobs run in-process,
so Landa runs on a laptop with no servers. Production (``LANDA_ENV=production``) needs
``SECRET_KEY``, ``DATABASE_URL`` and ``REDIS_URL`` and refuses to start without them.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

ENVIRONMENTS = ("development", "production")
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class ConfigError(RuntimeError):
    """Configuration that Landa cannot start with. The message says what to change."""


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off).")


def _int(env: Mapping[str, str], name: str, default: int, low: int = 0, high: int = 65535) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number.") from None
    if not low <= value <= high:
        raise ConfigError(f"{name}={value} is outside {low}..{high}.")
    return value


def database_url(env: Mapping[str, str], instance_path: Path) -> str:
    raw = (env.get("DATABASE_URL") or "").strip()
    if not raw:
        return f"sqlite:///{instance_path / 'landa.sqlite3'}"
    # Hosting platforms hand out postgres:// URLs; we use the psycopg 3 driver.
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            raw = "postgresql+psycopg://" + raw[len(prefix):]
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ConfigError(
            f"DATABASE_URL={raw!r} is not a database URL "
            "(expected e.g. postgresql+psycopg://user@host:5432/landa)."
        ) from None
    if url.get_backend_name() not in ("postgresql", "sqlite"):
        raise ConfigError(f"DATABASE_URL uses {url.get_backend_name()!r}; Landa runs on PostgreSQL or SQLite.")
    if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
        raise ConfigError("DATABASE_URL for PostgreSQL must use the psycopg driver (postgresql+psycopg://...).")
    return raw


def redis_url(env: Mapping[str, str]) -> str | None:
    raw = (env.get("REDIS_URL") or "").strip()
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"REDIS_URL={raw!r} must start with redis://, rediss:// or unix://.")
    return raw


def secret_key(env: Mapping[str, str], instance_path: Path, production: bool) -> str:
    key = (env.get("SECRET_KEY") or "").strip()
    if key:
        if production and len(key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters in production.")
        return key
    if production:
        raise ConfigError(
            "SECRET_KEY is not set. Production needs a long random secret, e.g. "
            "python -c 'import secrets; print(secrets.token_hex(32))'."
        )
    # Embedded default: generate once and keep it in instance/, so sessions survive restarts.
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process started at the same moment and wrote it first

        for _ in range(50):
            key = path.read_text().strip()
            if key:
                return key
            time.sleep(0.02)
        raise ConfigError(f"{path} is empty: delete it and start again.") from None
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def ensure_instance_path(instance_path: Path) -> None:
    try:
        instance_path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Landa keeps its local files in {instance_path}, which cannot be created ({exc.strerror}). "
            "Create the folder or give the process write access to it."
        ) from None
    if not os.access(instance_path, os.W_OK):
        raise ConfigError(f"The instance folder {instance_path} is not writable by this process.")


def redis_prefix(env) -> str:
    prefix = (env.get("LANDA_REDIS_PREFIX") or "landa").strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", prefix):
        raise ConfigError(f"LANDA_REDIS_PREFIX={prefix!r} may hold only letters, digits, '-' and '_' "
                          "(it becomes part of queue names and job ids).")
    return prefix


def base_url_setting(env, production: bool) -> str:
    base_url = (env.get("LANDA_BASE_URL") or "").strip().rstrip("/")
    if production and not base_url:
        raise ConfigError("LANDA_BASE_URL is not set. Background jobs put links to Landa in e-mails "
                          "(for example https://landa.example.se).")
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"LANDA_BASE_URL={base_url!r} must start with http:// or https://.")
    return base_url or "http://127.0.0.1:5000"


def trusted_hosts(env, production: bool, base_url: str) -> list[str] | None:
    """Host names Landa answers to (others get 400): ``LANDA_TRUSTED_HOSTS``, comma-separated; in
    production by default the host of ``LANDA_BASE_URL`` and the machine itself (health checks)."""
    raw = (env.get("LANDA_TRUSTED_HOSTS") or "").strip()
    if raw:
        hosts = [h.strip().lower() for h in raw.split(",") if h.strip()]  # host names are case-insensitive
        bad = [h for h in hosts if not re.fullmatch(r"\.?[A-Za-z0-9.-]+(:\d+)?|\[[0-9A-Fa-f:]+\]", h)]
        if bad:
            raise ConfigError(f"LANDA_TRUSTED_HOSTS: {bad[0]!r} is not a host name.")
        return hosts
    if not production:
        return None  # a laptop answers to whatever it is called
    return [urlsplit(base_url).hostname, "localhost", "127.0.0.1"]  # urlsplit lower-cases the host


def _date(env: Mapping[str, str], name: str, default: date) -> date:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a date (use YYYY-MM-DD, e.g. 2024-02-01).") from None


def project_period(env: Mapping[str, str]) -> tuple[date, date]:
    """The project period the funder's report and the insights pages default to (``LANDA_PROJECT_START`` and
    ``LANDA_PROJECT_END``, both days included)."""
    start = _date(env, "LANDA_PROJECT_START", date(2024, 2, 1))
    end = _date(env, "LANDA_PROJECT_END", date(2026, 12, 31))
    if end < start:
        raise ConfigError(f"LANDA_PROJECT_END={end.isoformat()} is before LANDA_PROJECT_START={start.isoformat()}.")
    return start, end


def load_config(instance_path: str | Path, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the Flask config from the environment. Raises ConfigError with a readable message."""
    env = os.environ if env is None else env
    instance_path = Path(instance_path)
    landa_env = (env.get("LANDA_ENV") or "development").strip().lower()
    if landa_env not in ENVIRONMENTS:
        raise ConfigError(f"LANDA_ENV={landa_env!r} is unknown; use one of {', '.join(ENVIRONMENTS)}.")
    production = landa_env == "production"
    ensure_instance_path(instance_path)

    if production and not env.get("DATABASE_URL"):
        raise ConfigError("DATABASE_URL is not set. Production runs on PostgreSQL (postgresql+psycopg://...).")
    db_url = database_url(env, instance_path)
    queue_url = redis_url(env)
    if production and not queue_url:
        raise ConfigError(
            "REDIS_URL is not set. Production keeps sessions and background jobs in Redis "
            "so that several web and worker processes share them."
        )

    mail_server = (env.get("MAIL_SERVER") or "").strip() or None
    mail_tls = _bool(env, "MAIL_USE_TLS", default=False)
    mail_ssl = _bool(env, "MAIL_USE_SSL", default=False)
    if mail_tls and mail_ssl:
        raise ConfigError("MAIL_USE_TLS and MAIL_USE_SSL cannot both be on; STARTTLS (587) or SSL (465).")

    engine_options: dict[str, Any] = {"pool_pre_ping": True}
    if db_url.startswith("sqlite"):
        engine_options["connect_args"] = {"timeout": 15}

    return {
        "LANDA_ENV": landa_env,
        "DEBUG": False,
        "SECRET_KEY": secret_key(env, instance_path, production),
        "SQLALCHEMY_DATABASE_URI": db_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        "REDIS_URL": queue_url,
        "LANDA_REDIS_PREFIX": redis_prefix(env),
        # Sessions live on the server: in Redis when configured, else in the database.
        "SESSION_TYPE": "redis" if queue_url else "cachelib",
        "SESSION_PERMANENT": True,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=_int(env, "SESSION_LIFETIME_HOURS", 12, 1, 24 * 30)),
        # How old the reception dashboard's counts may be (0: counted on every view; app/reception/dashboard.py).
        "LANDA_COUNTS_KEPT_SECONDS": _int(env, "LANDA_COUNTS_KEPT_SECONDS", 60, 0, 3600),
        # How old a public page without a data version (home, directory) may be for visitors (app/caching.py).
        "LANDA_PUBLIC_KEPT_SECONDS": _int(env, "LANDA_PUBLIC_KEPT_SECONDS", 60, 0, 3600),
        # How often each process reads the needs' version that the board kept for visitors is keyed by.
        "LANDA_BOARD_VERSION_SECONDS": 1.0,
        "LANDA_STAFF_IDLE_MINUTES": _int(env, "LANDA_STAFF_IDLE_MINUTES", 30, 5, 8 * 60),
        # Proxies in front of gunicorn whose X-Forwarded-For/-Proto to trust (app/security.py): the limits count
        # per client address, which behind a proxy is only known from that header.
        "LANDA_PROXY_HOPS": _int(env, "LANDA_PROXY_HOPS", 0, 0, 5),
        "SESSION_COOKIE_NAME": "landa_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_PROTECTION": "strong",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the server-side session
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
        "LANDA_LOCALES": ("sv", "en"),
        # Password hashing: argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile).
        "ARGON2_TIME_COST": _int(env, "ARGON2_TIME_COST", 3, 1, 20),
        "ARGON2_MEMORY_COST": _int(env, "ARGON2_MEMORY_COST", 65536, 8192, 1048576),
        "PASSWORD_RESET_MAX_AGE": _int(env, "PASSWORD_RESET_MAX_AGE_MINUTES", 60, 5, 24 * 60) * 60,
        "INVITATION_MAX_AGE": 7 * 24 * 3600,
        "REGISTRATION_CONFIRM_MAX_AGE": 24 * 3600,  # the link that finishes a self-registration
        "SIGN_IN_LINK_MAX_AGE": 15 * 60,  # the link e-mailed when an account is under attack (app/auth/throttle.py)
        # Registering and asking for a reset answer no sooner than this, known address or not (app/auth/timing.py).
        "LANDA_ANSWER_FLOOR_MS": _int(env, "LANDA_ANSWER_FLOOR_MS", 600, 0, 5000),
        # E-mail: without MAIL_SERVER, messages are written to the log (development) instead of sent.
        "MAIL_BACKEND": "smtp" if mail_server else "console",
        # Without a mail server, e-mails stay in the outbox (the administrator's page shows them).
        "LANDA_HOLD_MAIL": mail_server is None,
        "MAIL_SERVER": mail_server or "localhost",
        "MAIL_PORT": _int(env, "MAIL_PORT", 465 if mail_ssl else 587 if mail_tls else 25, 1, 65535),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": mail_tls,
        "MAIL_USE_SSL": mail_ssl,
        "MAIL_TIMEOUT": 15,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER") or "Landa <no-reply@landa.local>",
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Where people reach Landa, for links in e-mails sent by background jobs.
        "LANDA_BASE_URL": base_url_setting(env, production),
        "TRUSTED_HOSTS": trusted_hosts(env, production, base_url_setting(env, production)),
        # The work-permit salary floor (SEK a month) changes every year with SCB's median salary.
        # Unset: the latest value in the packaged reference data.
        "WORK_PERMIT_SALARY_THRESHOLD": _int(env, "WORK_PERMIT_SALARY_THRESHOLD", 0, 0, 1_000_000) or None,
        # The project period (app/insights): the funder's report and the insights filters default to it.
        "LANDA_PROJECT_START": project_period(env)[0],
        "LANDA_PROJECT_END": project_period(env)[1],
    }
