"""The versioned JSON API, ``/api/v1``: one marshmallow schema per resource validates input, shapes
output and writes the OpenAPI 3.1 document (flask-smorest, which also gives ETags and pagination).

flask-smorest was chosen over APIFlask and spectree because it builds on the same Flask blueprints,
marshmallow schemas and webargs parsing the rest of Landa can share, generates an OpenAPI 3.1
document, and has ETag and pagination support built in. Errors are Landa's own problem documents
(RFC 9457), in the language of ``Accept-Language``: ``app.main.errors`` writes them for every path
under ``/api/``.
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api as SmorestApi

API_PREFIX = "/api/v1"


class Api(SmorestApi):
    def _register_error_handlers(self) -> None:
        """Landa's error handlers answer for the API too (problem documents): none of flask-smorest's."""


api = Api()


def init_app(app: Flask) -> None:
    app.config.update(
        API_TITLE="Landa API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        ETAG_DISABLED=False,
    )
    api.init_app(app, spec_kwargs={"info": {"description": "Reference data of the region and its services."}})
    from app.auth.access import public

    document = app.view_functions["api-docs.openapi_json"]

    @public
    def openapi_json():  # the document itself is for everyone
        return document()

    app.view_functions["api-docs.openapi_json"] = openapi_json
    from app.api.reference import blp as reference_blp

    api.register_blueprint(reference_blp, url_prefix=API_PREFIX)
