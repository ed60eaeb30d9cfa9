"""Insights: the region's figures as charts people can read, with their tables, definitions and exports.

``views`` holds the blueprint and the page registry; each query module registers its pages when imported here:
``funnel`` and ``cohorts`` (outcomes), ``employers`` (demand and supply), ``reception`` (caseload, follow-ups,
services, events, leads) and ``report`` (the funder's report). Shared parts: ``figures`` (what a page is made of),
``filters`` (the URL's filters and the user's scope), ``suppression`` (small numbers), ``charts`` (SVG) and
``exports`` (CSV and XLSX).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from flask import Flask

from app.insights.views import PAGES, bp, register_page

# The modules that register pages, in the order the overview lists them. A module not written yet is skipped;
# one that exists is imported (its errors are not hidden).
PAGE_MODULES = ("funnel", "cohorts", "employers", "reception", "report")

for _name in PAGE_MODULES:
    if find_spec(f"app.insights.{_name}") is not None:
        import_module(f"app.insights.{_name}")

__all__ = ["PAGES", "bp", "init_app", "register_page"]


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)  # /insights: the region's figures (app/insights)
    # The nav shows "Insights" to the roles some page is registered for (base.html).
    app.jinja_env.globals["insights_roles"] = lambda: {role.value for page in PAGES.values() for role in page.roles}
