"""The public "Move to Västernorrland" pages: the region (with a light comparison for a household that has not
registered) and one page per municipality. Read-only; no account needed; nothing a visitor types is saved."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import caching
from app.attraction import services, texts
from app.attraction.forms import CompareForm
from app.auth.access import public
from app.caching import kept_for_visitors
from app.catalogue.models import Municipality
from app.catalogue.services import by_county, serving_in
from app.events.services import upcoming as upcoming_events
from app.extensions import db
from app.i18n import current_locale

bp = Blueprint("attraction", __name__, url_prefix="/move", template_folder="templates")


def _compared() -> bool:
    """The comparison was asked for: one of its fields is in the address (``?lang=`` alone is not)."""
    return any(name in request.args for name in CompareForm.FIELDS)


def _region():
    locale = current_locale()
    counties = by_county(db.session, locale)
    form = CompareForm(request.args if _compared() else None)
    occupations, lines = None, None
    if _compared() and form.validate():
        occupations = services.find_occupations(db.session, form.occupation.data, locale)
        if occupations.found:
            lines = services.compare(db.session, occupations, form.size(), form.with_children(), locale, counties)
        else:
            form.occupation.errors = [_no_occupation(form.occupation.data)]
    return render_template(
        "attraction/region.html", counties=counties, counts=services.open_needs_by_municipality(db.session),
        facts=services.by_topic(services.region_facts(locale)), form=form, occupations=occupations, lines=lines,
        household_size=form.size() if lines is not None else None,
        with_children=form.with_children() if lines is not None else False,
    ), (422 if form.errors else 200)


def _no_occupation(typed: str) -> str:
    return _("We found no occupation for “%(typed)s”. Try another job title or an SSYK code.", typed=typed)


_kept_region = kept_for_visitors()(_region)


@bp.route("/")
@public
def region():
    # With the comparison's answers in the address the page is made for this visitor and not kept anywhere.
    return _region() if _compared() else _kept_region()


def _place_version() -> str:
    """A municipality's page is kept for ``LANDA_PUBLIC_KEPT_SECONDS`` (its live figures), and a new version of
    one of its text blocks shows at once (its newest text is in the key)."""
    seconds = current_app.config["LANDA_PUBLIC_KEPT_SECONDS"]
    return f"{int(caching.clock() // seconds)}:{texts.stamp(request.view_args['code'])}"


@bp.route("/<code>")
@public
def municipality(code: str):
    if not current_app.config["LANDA_PUBLIC_KEPT_SECONDS"]:
        return _municipality(code)
    return _kept_municipality(code)


def _municipality(code: str):
    place = db.get_or_404(Municipality, code)
    locale = current_locale()
    return render_template(
        "attraction/municipality.html", place=place, blocks=texts.blocks(code, locale), paragraphs=texts.paragraphs,
        can_edit_texts=texts.can_edit(current_user, code),
        facts=services.by_topic(services.municipality_facts(code, locale)),
        region_facts=services.by_topic(services.shared_facts(place, locale)),
        groups=services.open_needs_by_group(db.session, code, locale),
        housing=services.housing_here(db.session, code), steps=services.local_steps(db.session, code),
        serving=serving_in(db.session, code, locale), basic_source=services.basic_source,
        population_date=services.population_date(place),
        events=upcoming_events(municipality=code, limit=3),  # one query: the next events here
    )


_kept_municipality = kept_for_visitors(_place_version)(_municipality)
