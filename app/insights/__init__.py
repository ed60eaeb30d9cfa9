"""Insights: the region's figures as charts people can read, with their tables, definitions and exports.

``views`` holds the blueprint and the page registry; each query module registers its pages when imported here:
``funnel`` and ``cohorts`` (outcomes), ``employers`` (demand and supply), ``reception`` (caseload, follow-ups,
services, events, leads) and ``report`` (the funder's report). Shared parts: ``figures`` (what a page is made of),
``filters`` (the URL's filters and the user's scope), ``suppression`` (small numbers), ``charts`` (SVG) and
``exports`` (CSV and XLSX).
"""

from __future__ import annotations

from flask import Flask

from app.insights.views import PAGES, bp, register_page

# isort: off
# The modules that register pages, imported in the order the overview lists them.
from app.insights import funnel  # noqa: F401, E402
from app.insights import cohorts  # noqa: F401, E402
from app.insights import employers  # noqa: F401, E402
from app.insights import reception  # noqa: F401, E402
from app.insights import report  # noqa: F401, E402
# isort: on

__all__ = ["PAGES", "bp", "init_app", "register_page"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)  # /insights: the region's figures (app/insights)
    # The nav shows "Insights" to the roles some page is registered for (base.html).
    app.jinja_env.globals["insights_roles"] = lambda: {role.value for page in PAGES.values() for role in page.roles}
