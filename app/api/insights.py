"""Insights through the API: the figures of each ``/insights/<key>`` page as JSON, for whoever may open that page.

The answer is made of the very ``Figure`` objects the page draws and exports (``page.build(scope, filters)``), so
a number can never differ between the chart, the CSV, the XLSX and the API. The rules are the web's: the page's
roles (another role: 403), the caller's scope (an officer's municipality is forced, whatever the query says; an
employer's figures are its own organisations' needs), the filters read by ``Filters.from_args`` with the page's
words for a wrong value (422 naming each field). A filter the page does not use is refused too, rather than
silently ignored: a client must not believe it filtered when it did not. A page that counts the outcome rows
(``app.insights.outcomes``, the funnel) says when they were counted, and answers 503 with ``Retry-After`` while
they are counted for the first time, as the page does. Every read is audited as an export is
(``insights_exported``, format ``json``).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from webargs.flaskparser import abort as refuse_fields

from app.auth.access import role_required
from app.auth.models import Role
from app.extensions import db
from app.insights import PAGES, exports, outcomes
from app.insights.figures import ChartKind, Figure
from app.insights.filters import Filters, scope_for
from app.insights.suppression import SMALLEST
from app.main.errors import problem

blp = Blueprint("api_insights", __name__,
                description="Officers, coordinators, administrators and employers: the insights pages' figures")

# Who may open insights at all, as on the web (``/insights/``); each page then names its own roles.
READERS = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN, Role.EMPLOYER)
KEY_PARAMETER = {"in": "path", "name": "key", "schema": {"type": "string", "enum": list(PAGES)},
                 "description": "The page, as in /insights/<key> on the web (GET /insights lists the caller's)"}
WITHHELD = f"null: fewer than {SMALLEST}, withheld so that no household can be singled out"


class InsightPageSchema(Schema):
    key = fields.String(metadata={"example": "reception"})
    title = fields.String(metadata={"description": "In the reader's language"})
    intro = fields.String(allow_none=True, metadata={"description": "What the page shows, in one sentence"})
    filters = fields.List(fields.String(), metadata={
        "description": "The query filters this page honours (any other is refused with 422)"})
    url = fields.String(metadata={"description": "Its figures: GET this address"})


class ColumnSchema(Schema):
    key = fields.String(metadata={"description": "A stable machine name (the CSV export's header)"})
    label = fields.String(metadata={"description": "The heading, in the reader's language"})
    numeric = fields.Boolean(metadata={"description": "false: the column names the row (a month, a category)"})
    unit = fields.String(metadata={"description": "'' a count; 'percent' a share from 0 to 1; 'days'; 'decimal'"})


class DefinitionSchema(Schema):
    measure = fields.String()
    definition = fields.String(metadata={"description": "How it is counted"})


class FigureSchema(Schema):
    key = fields.String(metadata={"description": "Unique on its page"})
    title = fields.String()
    summary = fields.String(metadata={"description": "What the figure shows, in a sentence or two"})
    kind = fields.Enum(ChartKind, by_value=True, metadata={"description": "How the page draws it"})
    columns = fields.List(fields.Nested(ColumnSchema))
    rows = fields.List(fields.List(fields.Raw(allow_none=True)), metadata={"description": (
        "Each row's cells in the order of columns. The first names the row: text, a month as YYYY-MM or a day "
        f"as YYYY-MM-DD. Numbers are unformatted; {WITHHELD}, or derived from a withheld count.")})
    series = fields.List(fields.String(), metadata={"description": "The keys of the columns the chart draws"})
    definitions = fields.List(fields.Nested(DefinitionSchema))
    notes = fields.List(fields.String())


class AppliedFiltersSchema(Schema):
    """Only the filters the page honours are present; null: not filtered on it."""

    start = fields.Date(metadata={"description": "First day of the period (default: the project's)"})
    end = fields.Date(metadata={"description": "Last day of the period, inclusive"})
    municipality = fields.String(allow_none=True)
    group = fields.String(allow_none=True)
    household = fields.String(allow_none=True)
    basis = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    age_band = fields.String(allow_none=True)


class ScopeSchema(Schema):
    role = fields.String(metadata={"description": "The caller's role, which the figures are limited by"})
    municipality = fields.String(allow_none=True, metadata={
        "description": "An officer's own municipality, forced on every figure whatever the query asks"})
    organisation_ids = fields.List(fields.Integer(), metadata={
        "description": "An employer's organisations: its figures count only their needs"})


class InsightFiguresSchema(InsightPageSchema):
    withheld_below = fields.Integer(metadata={"description": "Counts under this are withheld (null)"})
    counted_at = fields.DateTime(allow_none=True, metadata={"description": (
        "When the outcome rows these figures count were last rebuilt (every "
        f"{outcomes.REFRESH_EVERY_MINUTES} minutes); null: the page counts live, as of this answer")})
    applied = fields.Nested(AppliedFiltersSchema, metadata={"description": "The filters the figures were made with"})
    scope = fields.Nested(ScopeSchema)
    figures = fields.List(fields.Nested(FigureSchema))


def _filter(description: str, **metadata) -> fields.String:
    return fields.String(load_default=None, metadata={"description": description, **metadata})


class InsightArgsSchema(Schema):
    """The web page's filters, read by the page's own rules (so a wrong value is refused in the page's words)."""

    start = _filter("First day of the period", format="date", example="2025-01-01")
    end = _filter("Last day of the period, inclusive", format="date", example="2025-12-31")
    municipality = _filter("A municipality code (an officer's own is forced)", example="2281")
    group = _filter("An SSYK 2012 major group (one digit)", example="2")
    household = _filter("single, couple or children", example="children")
    basis = _filter("A residence basis", example="work_permit")
    gender = _filter("A gender the person gave")
    age_band = _filter("An age band at the end of the period", example="25_34")


def _page(key: str) -> dict:
    page = PAGES[key]
    return {"key": key, "title": str(page.title), "intro": str(page.intro) if page.intro else None,
            "filters": list(page.filters), "url": url_for("api_insights.page", key=key)}


def _cell(value):
    """A cell as JSON: a month (the first of one, as the page reads it) ``YYYY-MM``, a day ISO, numbers as numbers."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.strftime("%Y-%m") if value.day == 1 else value.isoformat()
    if isinstance(value, Decimal):  # PostgreSQL's numeric (an average): JSON has one kind of number
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _figure(figure: Figure) -> dict:
    return {"key": figure.key, "title": str(figure.title), "summary": str(figure.summary), "kind": figure.kind,
            "columns": [{"key": c.key, "label": str(c.label), "numeric": c.numeric, "unit": c.unit}
                        for c in figure.columns],
            "rows": [[_cell(v) for v in row] for row in figure.rows],
            "series": [c.key for c in figure.drawn()],
            "definitions": [{"measure": str(m), "definition": str(d)} for m, d in figure.definitions],
            "notes": [str(note) for note in figure.notes]}


@blp.route("/insights")
@role_required(*READERS)
@blp.response(200, InsightPageSchema(many=True))
def pages():
    """The insights pages the caller may open.

    In the web's order, each with the query filters it honours and the address of its figures."""
    return [_page(key) for key, page in PAGES.items() if Role(current_user.role) in page.roles]


@blp.route("/insights/<key>", parameters=[KEY_PARAMETER])
@role_required(*READERS)
@blp.arguments(InsightArgsSchema, location="query", unknown="raise")
@blp.response(200, InsightFiguresSchema)
@blp.alt_response(403, description="The page is not for the caller's role")
@blp.alt_response(404, description="No such page")
@blp.alt_response(503, description="The outcome rows are being counted for the first time: ask again after "
                                   "Retry-After seconds")
def page(args, key: str):
    """A page's figures: the numbers of the web page with the same filters.

    The figures are the ones the page at /insights/<key> draws and exports, in the reader's language. An officer's
    are always their own municipality's, an employer's its own organisations' needs. Each read is recorded in
    the audit trail, as an export is."""
    shown = PAGES.get(key)
    if shown is None:
        abort(404)
    if Role(current_user.role) not in shown.roles:
        abort(403)
    scope = scope_for(current_user)
    asked = {name for name, value in args.items() if (value or "").strip()}  # empty: not asked, as on the web
    filters, errors = Filters.from_args(args, scope)
    errors = {name: [message] for name, message in errors.items() if name in shown.filters}
    errors.update({name: [_("This page does not use this filter.")] for name in asked - set(shown.filters)})
    if errors:
        refuse_fields(422, messages={"query": errors})
    counted_at = None
    if shown.kept:
        refreshed = outcomes.ensure_outcomes()
        if refreshed is None:  # the first rebuild is under way in a worker
            busy = problem(503, _("The figures are not counted yet"),
                           _("The figures are being counted for the first time. Ask again in a minute."))
            busy.headers["Retry-After"] = "60"
            return busy
        counted_at = refreshed.refreshed_at
    figures = list(shown.build(scope, filters))
    exports.audit(current_user, key, figures, "json", filters)
    db.session.commit()
    applied = {name: getattr(filters, name) for name in shown.filters}
    body = {**_page(key), "withheld_below": SMALLEST, "counted_at": counted_at, "applied": applied,
            "scope": {"role": scope.role, "municipality": scope.municipality,
                      "organisation_ids": list(scope.organisation_ids)},
            "figures": [_figure(f) for f in figures]}
    return body, 200, {"Cache-Control": "private, no-store"}
