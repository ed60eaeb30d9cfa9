"""The insights' scheduled work: count the outcome rows, then draw the charts readers are about to open.

Every 15 minutes (``insights-outcomes`` in ``app.jobs.schedule``) the outcome rows are rebuilt
(``app.insights.outcomes``), which changes the funnel's numbers and so its charts. Drawing a page's eight charts
takes about 0.7 s, so the first reader after each rebuild would wait over a second; instead the job draws the
default view (the project period) of every page that counts the outcome rows, for the region and for each
municipality (what its officers see), in Swedish and English, and keeps the charts
(``app.insights.views.kept_chart``). A chart whose numbers did not change is found kept and not drawn again.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.auth.models import Role
from app.catalogue.models import Municipality
from app.extensions import db
from app.insights.filters import Filters, Scope
from app.insights.outcomes import refresh_outcomes_job
from app.insights.views import PAGES, kept_chart


def count_outcomes_job() -> int:
    """Rebuild the outcome rows (committed), then draw their pages' usual charts; the number of households."""
    count = refresh_outcomes_job()
    draw_usual_charts()
    return count


def draw_usual_charts() -> int:
    """Draw (or find kept) the charts of each outcome page's default view, for the region and each
    municipality, in every language; the number of charts."""
    scopes = [Scope(role=Role.COORDINATOR.value)] + [
        Scope(role=Role.OFFICER.value, municipality=code)
        for code in db.session.scalars(select(Municipality.code).order_by(Municipality.code))]
    drawn = 0
    for locale in current_app.config["LANDA_LOCALES"]:
        with force_locale(locale):
            for page in (p for p in PAGES.values() if p.kept):
                for scope in scopes:
                    filters, _errors = Filters.from_args(MultiDict(), scope)
                    for figure in page.build(scope, filters):
                        kept_chart(figure, locale)
                        drawn += 1
    db.session.rollback()  # read only: end the transaction the figures read in
    return drawn
