"""The versioned JSON API, ``/api/v1``: one marshmallow schema per resource validates input, shapes
output and writes the OpenAPI 3.1 document (flask-smorest, which also gives ETags and pagination).

flask-smorest was chosen over APIFlask and spectree because it builds on the same Flask blueprints,
marshmallow schemas and webargs parsing the rest of Landa can share, generates an OpenAPI 3.1
document, and has ETag and pagination support built in. Errors are Landa's own problem documents
(RFC 9457), in the language of ``Accept-Language``: ``app.main.errors`` writes them for every path
under ``/api/``.
"""

from __future__ import annotations

import http
import json

from flask import Flask, g, request
from flask_babel import gettext as _
from flask_smorest import Api as SmorestApi
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields

from app.api import board, employer, newcomer, reception, reference, statistics, tokens
from app.api import events as event_api
from app.api import insights as insight_api
from app.api import leads as lead_api
from app.api import pages as page_api
from app.api.common import API_PREFIX
from app.api.docs import init_docs
from app.auth.access import public
from app.auth.models import TokenScope
from app.auth.tokens import user_for as token_user
from app.extensions import csrf, db, login_manager
from app.main.errors import problem

DESCRIPTION = """Everything a newcomer, an employer and a reception officer do in Landa, as JSON.

**Start here.** Create a token on your account page in Landa, or `POST /api/v1/tokens` with your
e-mail and password; send it as `Authorization: Bearer landa_...` (the *Authorize* button below).
A token acts as you: your role, your municipality, your organisations, your household, nothing
else. A read-only token can only `GET`. Tokens last 90 days; a new password revokes them.

**Lists** are pages (`page`, `per_page` up to 100, `sort=field` or `-field`) with `total` and
`links`. **Errors** are `application/problem+json` (RFC 9457), in the language of
`Accept-Language` (Swedish or English), with `errors` naming each wrong field. **Changes to a
case** send the `version` you read; someone else's change since gives 409. Reference data,
the needs board and the statistics need no token and send ETags.
"""


PROBLEM = "application/problem+json"


class ProblemSchema(Schema):
    """RFC 9457: what went wrong, in the reader's language; ``errors`` names each wrong field."""

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.Raw())


class Api(SmorestApi):
    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        """Landa's error handlers answer for the API too (problem documents): none of flask-smorest's."""

    def _register_responses(self) -> None:
        """Every error response is documented as a problem document (flask-smorest says plain JSON)."""
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM if status >= 400 else self.DEFAULT_RESPONSE_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem document", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


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
    api.init_app(app, spec_kwargs={"info": {"description": DESCRIPTION}})

    document = app.view_functions["api-docs.openapi_json"]

    @public
    def openapi_json():  # the document itself is for everyone
        return document()

    app.view_functions["api-docs.openapi_json"] = openapi_json

    for blueprint in (reference.blp, board.blp, statistics.blp, tokens.blp, newcomer.blp, employer.blp,
                      employer.review_blp, reception.blp, lead_api.blp, event_api.blp, page_api.blp,
                      insight_api.blp):
        csrf.exempt(blueprint)  # the API never reads the browser's session: no cookie, nothing to forge
        api.register_blueprint(blueprint, url_prefix=API_PREFIX)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer",
                                                   "description": "A personal access token (landa_...)"})
    app.before_request(identify_api_caller)
    app.before_request(refuse_unstorable_text)
    init_docs(app)


def identify_api_caller():
    """Under /api/ the caller is whoever the bearer token names, or nobody: never the browser session."""
    if not request.path.startswith(API_PREFIX):
        return None
    header = request.headers.get("Authorization", "")
    if not header:
        g._login_user = login_manager.anonymous_user()
        return None
    scheme, _sep, secret = header.partition(" ")
    found = token_user(secret.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        return problem(401, _("The token is not valid"),
                       _("Send a current token as 'Authorization: Bearer landa_...'. Tokens expire after 90 days "
                         "and stop working when revoked."))
    user, token = found
    if db.session.dirty:
        db.session.commit()  # the token's last use (at most every few minutes: a commit expires the rows)
    if token.scope == TokenScope.READ and request.method not in ("GET", "HEAD", "OPTIONS"):
        return problem(403, _("This token can only read"),
                       _("It was created read only. Create a token that may read and change to do this."))
    g._login_user = user


MAX_JSON_DEPTH = 32  # Landa's deepest document is 3 levels; Python's JSON parser gives up near 1,000


def _check_text(value) -> str | None:
    """Why a parsed JSON document cannot be taken ("depth", "surrogate"), or None. Walked without recursion,
    so no document can exhaust the stack (a 2,000-deep ``[[[...]]]`` raised RecursionError: a 500)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if any("\ud800" <= c <= "\udfff" for c in item):
                return "surrogate"
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return "depth"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


def refuse_unstorable_text():
    """Before any API view reads the body: JSON nested deeper than any operation takes is refused (the parser
    itself would overflow the stack near 1,000 levels), and so is half a UTF-16 pair (``"\\ud800"``), which no
    database stores."""
    if not request.path.startswith(API_PREFIX) or not request.is_json:
        return None
    too_deep = _("The JSON is nested more than %(levels)d levels deep; no operation takes that.",
                 levels=MAX_JSON_DEPTH)
    try:
        document = json.loads(request.get_data(cache=True))
    except RecursionError:
        return problem(400, _("Something in the request was wrong"), too_deep)
    except ValueError:
        return None  # not JSON at all: the operation says so in its own words
    reason = _check_text(document)
    if reason == "depth":
        return problem(400, _("Something in the request was wrong"), too_deep)
    if reason == "surrogate":
        return problem(400, _("Something in the request was wrong"),
                       _("The text holds a character that is not valid Unicode (half of a UTF-16 pair)."))
    return None
