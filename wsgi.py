"""Entry point for gunicorn (``gunicorn wsgi:app``) and the flask CLI (``FLASK_APP=wsgi``)."""

import sys

from app import ConfigError, create_app

try:
    app = create_app()
except ConfigError as exc:
    sys.exit(f"Landa cannot start: {exc}")
