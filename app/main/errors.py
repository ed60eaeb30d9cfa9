"""Translated error pages; JSON under /api/."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from app.extensions import db
from app.validators import INVALID_DATE

log = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Something in the request was wrong"), _("Go back, check what you entered and try again.")),
        403: (_("You do not have access to this page"),
              _("Your account cannot open this page. If you think it should, contact your administrator.")),
        404: (_("We cannot find that page"), _("The address may be mistyped, or the page has moved.")),
        405: (_("That does not work here"), _("This page cannot be used that way.")),
        409: (_("That has changed meanwhile"),
              _("Someone changed it before you. Load it again and repeat your change if it still applies.")),
        413: (_("That was too large"), _("The data sent was larger than Landa accepts.")),
        422: (_("Something in the request was wrong"), _("Go back, check what you entered and try again.")),
        429: (_("Too many attempts"), _("Wait a moment and try again.")),
        500: (_("Something went wrong on our side"),
              _("Nothing you did caused this. Try again in a while; we have been told about it.")),
        503: (_("Landa is busy"), _("Try again in a moment.")),
    }


def _field_messages() -> list[tuple[re.Pattern, object]]:
    """marshmallow's messages (English, fixed) -> the reader's language."""
    return [
        (re.compile(r"Missing data for required field\."), lambda m: _("Fill in this field.")),
        (re.compile(r"Unknown field\."), lambda m: _("This field is not part of the request.")),
        (re.compile(r"Field may not be null\."), lambda m: _("This field cannot be null.")),
        (re.compile(r"Not a valid integer\."), lambda m: _("Enter a whole number.")),
        (re.compile(r"Not a valid string\."), lambda m: _("Enter text.")),
        (re.compile(r"Not a valid boolean\."), lambda m: _("Enter true or false.")),
        (re.compile(r"Not a valid date\."), lambda m: str(INVALID_DATE)),
        (re.compile(r"Not a valid email address\."),
         lambda m: _("Enter a valid e-mail address, like name@example.se.")),
        (re.compile(r"Not a valid list\."), lambda m: _("Enter a list.")),
        (re.compile(r"Invalid input type\."), lambda m: _("Send a JSON object.")),
        (re.compile(r"Invalid value\."), lambda m: _("This value is not valid.")),
        (re.compile(r"Must be one of: (.*)\."), lambda m: _("Choose one of: %(choices)s.", choices=m[1])),
        (re.compile(r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\."),
         lambda m: _("Enter a number from %(min)s to %(max)s.", min=m[1], max=m[2])),
        (re.compile(r"Longer than maximum length (\d+)\."),
         lambda m: _("Use at most %(max)s characters.", max=m[1])),
    ]


def translated(errors):
    """The same errors, marshmallow's own messages in the reader's language (ours already are)."""
    if isinstance(errors, dict):
        return {key: translated(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [translated(value) for value in errors]
    if isinstance(errors, str):
        for pattern, say in _field_messages():
            match = pattern.fullmatch(errors)
            if match:
                return say(match)
    return errors


def render_error(code: int, detail: str | None = None, errors: dict | None = None):
    title, text = _messages().get(code, _messages()[500 if code >= 500 else 400])
    if request.path.startswith("/api/"):
        if errors and not detail:
            detail = _("These fields are wrong: %(fields)s.", fields=", ".join(sorted(errors)))
        return problem(code, title, detail or text, errors)
    return render_template("errors/error.html", code=code, title=title, text=detail or text,
                           error_page=True), code


def problem(status: int, title: str, detail: str, errors: dict | None = None):
    """An RFC 9457 problem document; ``errors`` names each field that was wrong and why."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, _("The form had expired. Go back, reload the page and send it again."))

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # The Host header names a site that is not Landa: no page of ours (no links built on it).
        return Response("400 Bad Request: unknown host\n", status=400, mimetype="text/plain")

    @app.errorhandler(StaleDataError)
    def changed_meanwhile(error: StaleDataError):
        """Two writers of the same versioned row at once: the later one is refused, on every page and API
        operation that does not say more itself (the request's transaction is rolled back: nothing saved)."""
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        # webargs (the API's input validation) leaves the wrong fields in ``data["messages"]``.
        data = getattr(error, "data", None)
        messages = data.get("messages") if isinstance(data, dict) else None
        errors: dict = {}
        for location, found in (messages or {}).items():
            if isinstance(found, dict):
                errors.update(found)  # field -> messages
            else:
                errors[location] = found  # the body as a whole, e.g. JSON that does not parse
        detail = data.get("detail") if isinstance(data, dict) else None  # the API's refusals say why
        response = app.make_response(render_error(error.code, detail, errors=translated(errors) or None))
        for name, value in error.get_headers():  # e.g. Allow on a 405
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        try:
            db.session.rollback()
        except Exception:  # the connection itself may be what failed
            log.exception("rollback after an error failed")
        log.error("unhandled error on %s %s", request.method, request.path,
                  exc_info=getattr(error, "original_exception", None))
        return render_error(500)
