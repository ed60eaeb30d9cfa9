"""The insights pages: one generic view renders every registered page.

A query module registers its page with ``register_page(key, title, roles, build)``; ``build(scope, filters)``
returns the page's figures. The view reads the filters from the URL (a bad value: 422 with the field named),
forces the scope of the signed-in user, renders each figure as a chart, a table and its definitions, and serves
``?export=csv|xlsx`` (``&figure=<key>`` for one figure, else the whole page), audited.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from app.auth.access import role_required
from app.auth.models import Role
from app.caching import remembered
from app.catalogue.models import Municipality, OccupationGroup
from app.extensions import db
from app.i18n import current_locale, format_date
from app.insights import exports, outcomes
from app.insights.charts import month_label, svg
from app.insights.figures import Figure
from app.insights.filters import (
    AGE_BANDS,
    FILTER_FIELDS,
    HOUSEHOLD_LABELS,
    HOUSEHOLD_TYPES,
    Filters,
    Scope,
    scope_for,
)
from app.insights.suppression import SMALLEST
from app.talent.models import AGE_BAND_LABELS, GENDER_LABELS, RESIDENCE_BASIS_LABELS, Gender

bp = Blueprint("insights", __name__, url_prefix="/insights", template_folder="templates")

# Who may open /insights/ at all; each page then says which of these may see it.
INSIGHT_ROLES = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN, Role.EMPLOYER)
STAFF = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN)


@dataclass(frozen=True)
class Page:
    key: str
    title: object  # a lazy string
    roles: tuple[Role, ...]
    build: Callable[[Scope, Filters], Sequence[Figure]]
    filters: tuple[str, ...] = FILTER_FIELDS  # the filter fields the page's figures honour
    intro: object | None = None  # a lazy sentence under the title
    kept: bool = False  # its figures count the outcome rows a job rebuilds (app.insights.outcomes): show their age


PAGES: dict[str, Page] = {}  # ordered: the overview lists them in the order they were registered


def register_page(key: str, title, roles: Sequence[Role | str], build: Callable[[Scope, Filters], Sequence[Figure]],
                  *, filters: Sequence[str] = FILTER_FIELDS, intro=None, kept: bool = False) -> Page:
    """Add a page at ``/insights/<key>``. ``roles``: who may see it (officers always in their own municipality);
    ``filters``: which filter fields it honours (the form shows only those); ``kept``: it reads the outcome
    rows, and says how old they are."""
    unknown = set(filters) - set(FILTER_FIELDS)
    if unknown:
        raise ValueError(f"unknown filter fields {sorted(unknown)} for insights page {key!r}")
    page = Page(key=key, title=title, roles=tuple(Role(r) for r in roles), build=build, filters=tuple(filters),
                intro=intro, kept=kept)
    PAGES[key] = page
    return page


def pages_for(role) -> list[Page]:
    return [p for p in PAGES.values() if Role(role) in p.roles]


def filter_choices(page: Page, scope: Scope) -> dict[str, list[tuple[str, str]]]:
    """The options of each select in the filter form, in the reader's words (a few small queries)."""
    locale = current_locale()
    choices: dict[str, list[tuple[str, str]]] = {}
    if "municipality" in page.filters:
        query = select(Municipality).order_by(Municipality.name_sv)
        if scope.municipality:
            query = query.where(Municipality.code == scope.municipality)
        choices["municipality"] = [(m.code, m.label(locale)) for m in db.session.scalars(query)]
    if "group" in page.filters:
        choices["group"] = [(g.code, g.label(locale)) for g in db.session.scalars(
            select(OccupationGroup).where(OccupationGroup.level == 1).order_by(OccupationGroup.code))]
    if "household" in page.filters:
        choices["household"] = [(k, str(HOUSEHOLD_LABELS[k])) for k in HOUSEHOLD_TYPES]
    if "basis" in page.filters:
        choices["basis"] = [(b.value, str(label)) for b, label in RESIDENCE_BASIS_LABELS.items()]
    if "gender" in page.filters:
        choices["gender"] = [(g.value, str(GENDER_LABELS[g])) for g in Gender]
    if "age_band" in page.filters:
        choices["age_band"] = [(a, str(AGE_BAND_LABELS.get(a, a))) for a in AGE_BANDS]
    return choices


CHARTS_KEPT_SECONDS = 24 * 3600  # a chart is kept under a digest of all it draws: never wrong, only unused


def kept_chart(figure: Figure, locale: str) -> Markup:
    """The figure's SVG as its page shows it (``app.insights.charts.svg``, named by its heading and caption), in
    ``locale`` (the current one: its "fewer than 5"), drawn once per distinct content: matplotlib takes about
    0.1 s a chart, while the rows of a period that has ended, or of one rebuild of the outcome rows, do not
    change from one reader to the next (``app.insights.jobs`` draws the usual views' charts ahead)."""
    options = {"labelledby": f"{figure.key}-heading {figure.key}-caption",
               "withheld": _("fewer than %(n)d", n=SMALLEST)}
    what = repr((figure.key, figure.kind, figure.title, figure.columns, figure.rows, figure.series, locale,
                 sorted(options.items())))
    key = hashlib.sha256(what.encode()).hexdigest()
    drawn = remembered("insights-charts", CHARTS_KEPT_SECONDS, key, lambda: str(svg(figure, locale, **options)))
    return Markup(drawn)  # noqa: S704  # nosec B704  # svg()'s own escaped output, kept as text


@bp.context_processor
def helpers() -> dict:
    locale = current_locale()
    withheld = _("fewer than %(n)d", n=SMALLEST)
    return {"chart": lambda figure: kept_chart(figure, locale),
            "cell": lambda value, column: format_cell(value, column, locale, withheld), "withheld_text": withheld}


FIELD_LABELS = {
    "start": _l("From"),
    "end": _l("To"),
    "municipality": _l("Municipality"),
    "group": _l("Occupation group"),
    "household": _l("Household"),
    "basis": _l("Residence basis"),
    "gender": _l("Gender"),
    "age_band": _l("Age band"),
}


@bp.get("/")
@role_required(*INSIGHT_ROLES)
def index():
    return render_template("insights/index.html", pages=pages_for(current_user.role), smallest=SMALLEST)


@bp.get("/<key>")
@role_required(*INSIGHT_ROLES)
def page(key: str):
    shown = PAGES.get(key)
    if shown is None:
        abort(404)
    if Role(current_user.role) not in shown.roles:
        abort(403)
    scope = scope_for(current_user)
    filters, errors = Filters.from_args(request.args, scope)
    errors = {name: message for name, message in errors.items() if name in shown.filters}
    choices = filter_choices(shown, scope)
    if errors:
        return render_template("insights/page.html", page=shown, filters=filters, errors=errors, figures=[],
                               choices=choices, labels=FIELD_LABELS, scope=scope, args=request.args,
                               smallest=SMALLEST), 422
    kept_at = None
    if shown.kept:
        refreshed = outcomes.ensure_outcomes()
        if refreshed is None:  # the first rebuild is under way in a worker
            return render_template("insights/page.html", page=shown, filters=filters, errors={}, figures=[],
                                   choices=choices, labels=FIELD_LABELS, scope=scope, args=request.args,
                                   smallest=SMALLEST, preparing=True), 503, {"Retry-After": "60"}
        kept_at = refreshed.refreshed_at
    figures = list(shown.build(scope, filters))
    kind = request.args.get("export")
    if kind is not None:
        if kind not in exports.KINDS:
            abort(404)
        wanted = request.args.get("figure")
        chosen = figures if not wanted else [f for f in figures if f.key == wanted]
        if not chosen:
            abort(404)
        response = exports.respond(kind, shown, chosen, filters, whole_page=not wanted, actor=current_user)
        db.session.commit()  # the audit entry of the export
        return response
    return render_template("insights/page.html", page=shown, filters=filters, errors={}, figures=figures,
                           choices=choices, labels=FIELD_LABELS, scope=scope, args=request.args,
                           smallest=SMALLEST, export_args=filters.to_args(), kept_at=kept_at,
                           every=outcomes.REFRESH_EVERY_MINUTES)


def page_title(page: Page) -> str:
    return str(page.title) if page.title else _("Insights")


def format_cell(value, column, locale: str, withheld: str) -> str:
    """A table cell as the reader reads it: locale-formatted numbers, months by name, "fewer than 5"."""
    if value is None:
        return withheld if column.numeric else ""
    if isinstance(value, date):
        return month_label(value, locale, short=False) if value.day == 1 else format_date(value)
    if not column.numeric or isinstance(value, str):
        return str(value)
    if column.unit == "percent":
        return format_percent(value, "#,##0.0 %" if locale == "sv" else "#,##0.0%")
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(value, "#,##0.#")
    return format_decimal(value)
