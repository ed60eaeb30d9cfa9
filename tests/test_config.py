"""Configuration comes from the environment; mistakes stop start-up with a clear message."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent


def test_embedded_default_needs_nothing(tmp_path):
    instance = tmp_path / "instance"  # does not exist yet: it is created
    config = load_config(instance, env={})

    assert config["LANDA_ENV"] == "development"
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'landa.sqlite3'}"
    assert config["REDIS_URL"] is None
    assert config["SESSION_TYPE"] == "cachelib"
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    key_file = instance / "secret_key"
    assert key_file.read_text() == config["SECRET_KEY"] and len(config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The generated key is kept: sessions survive a restart.
    assert load_config(instance, env={})["SECRET_KEY"] == config["SECRET_KEY"]


def test_production_settings(tmp_path):
    env = {
        "LANDA_ENV": "production",
        "SECRET_KEY": "x" * 40,
        "DATABASE_URL": "postgres://landa@db.internal/landa",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "MAIL_SERVER": "smtp.example.se",
        "MAIL_USE_TLS": "yes",
        "LANDA_BASE_URL": "https://landa.example.se/",
    }
    config = load_config(tmp_path, env=env)
    assert config["LANDA_BASE_URL"] == "https://landa.example.se"
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://landa@db.internal/landa"
    assert config["SESSION_TYPE"] == "redis"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert (config["MAIL_BACKEND"], config["MAIL_PORT"], config["MAIL_USE_TLS"]) == ("smtp", 587, True)
    assert config["TRUSTED_HOSTS"] == ["landa.example.se", "localhost", "127.0.0.1"]
    assert load_config(tmp_path, env=env | {"LANDA_TRUSTED_HOSTS": "landa.example.se, .landa.se"})[
        "TRUSTED_HOSTS"] == ["landa.example.se", ".landa.se"]
    assert load_config(tmp_path, env=env | {"LANDA_TRUSTED_HOSTS": "Landa.Example.SE"})["TRUSTED_HOSTS"] == [
        "landa.example.se"]
    assert load_config(tmp_path, env=env | {"LANDA_BASE_URL": "https://LANDA.example.se"})["TRUSTED_HOSTS"][0] == (
        "landa.example.se")
    with pytest.raises(ConfigError, match="not a host name"):
        load_config(tmp_path, env=env | {"LANDA_TRUSTED_HOSTS": "landa.example.se/evil"})


def test_a_request_for_another_host_is_refused(make_app):
    app = make_app(TRUSTED_HOSTS=["landa.test"])
    client = app.test_client()
    assert client.get("/", headers={"Host": "landa.test"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    # Host names are case-insensitive (pen test: LANDA.EXAMPLE.SE got 400).
    assert client.get("/", headers={"Host": "LANDA.TEST"}).status_code == 200
    assert client.get("/", headers={"Host": "Landa.Test:443"}).status_code == 200
    assert client.get("/", headers={"Host": "EVIL.EXAMPLE"}).status_code == 400


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LANDA_ENV": "staging"}, "LANDA_ENV='staging' is unknown"),
        ({"LANDA_ENV": "production", "DATABASE_URL": "postgresql://x/y", "REDIS_URL": "redis://r"},
         "SECRET_KEY is not set"),
        ({"LANDA_ENV": "production", "SECRET_KEY": "short", "DATABASE_URL": "postgresql://x/y",
          "REDIS_URL": "redis://r"}, "at least 32 characters"),
        ({"LANDA_ENV": "production", "SECRET_KEY": "k" * 40, "REDIS_URL": "redis://r"}, "DATABASE_URL is not set"),
        ({"LANDA_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": "postgresql://x/y"},
         "REDIS_URL is not set"),
        ({"LANDA_ENV": "production", "SECRET_KEY": "k" * 40, "DATABASE_URL": "postgresql://x/y",
          "REDIS_URL": "redis://r"}, "LANDA_BASE_URL is not set"),
        ({"LANDA_BASE_URL": "landa.example.se"}, "must start with http:// or https://"),
        ({"LANDA_REDIS_PREFIX": "landa:prod"}, "may hold only letters, digits"),
        ({"DATABASE_URL": "not a url"}, "is not a database URL"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "Landa runs on PostgreSQL or SQLite"),
        ({"DATABASE_URL": "postgresql+psycopg2://u@h/db"}, "psycopg driver"),
        ({"REDIS_URL": "http://localhost:6379"}, "must start with redis://"),
        ({"MAIL_PORT": "smtp"}, "MAIL_PORT='smtp' is not a whole number"),
        ({"MAIL_USE_TLS": "maybe"}, "is not a yes/no value"),
        ({"MAIL_USE_TLS": "1", "MAIL_USE_SSL": "1"}, "cannot both be on"),
    ],
)
def test_bad_configuration_is_explained(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace("+", r"\+")):
        load_config(tmp_path, env=env)


def test_instance_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigError, match="cannot be created"):
        load_config(blocker / "instance", env={})


def test_wsgi_refuses_to_start_with_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL")}
    env.update(LANDA_ENV="production", LANDA_INSTANCE_PATH=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Landa cannot start: DATABASE_URL is not set.")
    assert "Traceback" not in result.stderr


def test_bin_run_links_e_mails_to_its_own_port():
    """``PORT=5077 bin/run`` sends e-mails whose links point to :5077, not :5000 (issue 20, item 15)."""
    script = Path(__file__).resolve().parents[1] / "bin" / "run"
    line = next(line for line in script.read_text().splitlines() if line.startswith("export LANDA_BASE_URL="))
    env = {k: v for k, v in os.environ.items() if k != "LANDA_BASE_URL"}
    shown = subprocess.run(["/bin/bash", "-c", f"{line}; echo $LANDA_BASE_URL"], env={**env, "PORT": "5077"},  # noqa: S603
                           capture_output=True, text=True, check=True).stdout.strip()
    assert shown == "http://127.0.0.1:5077"
    kept = subprocess.run(["/bin/bash", "-c", f"{line}; echo $LANDA_BASE_URL"],  # noqa: S603 (our own script's line)
                          env={**env, "LANDA_BASE_URL": "https://landa.example.se"},
                          capture_output=True, text=True, check=True).stdout.strip()
    assert kept == "https://landa.example.se"
