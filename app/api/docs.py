"""The browsable API reference, ``/api/v1/docs``: Swagger UI reading ``/api/v1/openapi.json``.

Everything is served by Landa itself, no CDN: Swagger UI from ``app/static/vendor/swagger-ui/``
(swagger-ui-dist from npm; its README says which version and how to update it), started by
``app/static/js/api-docs.js`` because the Content-Security-Policy allows no inline script. The page
has the same policy as every other page (``app.security``).
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from app.api.common import API_PREFIX
from app.auth.access import public

bp = Blueprint("api_browser", __name__, template_folder="templates")


@bp.get(f"{API_PREFIX}/docs")
@public
def docs():
    return render_template("api/docs.html")


def init_docs(app: Flask) -> None:
    app.register_blueprint(bp)
