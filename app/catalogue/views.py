"""The public directory: each municipality's services and housing contacts, in Swedish and English.

Reading needs no account. Officers edit their own municipality's entries; administrators edit all.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.access import public, role_required
from app.auth.models import Role
from app.caching import kept_for_visitors
from app.catalogue import directory
from app.catalogue.forms import HousingContactForm, MunicipalServiceForm, ServiceTextForm
from app.catalogue.models import HousingContact, Municipality, MunicipalService, Service
from app.catalogue.permissions import can_edit_housing, can_edit_municipality, can_edit_service
from app.catalogue.services import serving_in
from app.extensions import db
from app.i18n import current_locale, localized
from app.talent.plan import PHASES
from app.talent.texts import PHASE_LABELS

bp = Blueprint("directory", __name__, url_prefix="/directory", template_folder="templates")


def _services() -> list[Service]:
    services = db.session.scalars(select(Service)).all()
    return sorted(services, key=lambda s: (PHASES.index(s.phase) if s.phase in PHASES else 99, s.sort_order))


@bp.route("/")
@public
@kept_for_visitors()
def index():
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name_sv)).all()
    return render_template("directory/index.html", municipalities=municipalities)


@bp.route("/<code>")
@public
@kept_for_visitors()
def municipality(code: str):
    place = db.get_or_404(Municipality, code)
    local = {row.service_key: row for row in db.session.scalars(
        select(MunicipalService).where(MunicipalService.municipality_code == code))}
    contacts = sorted(db.session.scalars(select(HousingContact).options(selectinload(HousingContact.municipalities))),
                      key=lambda c: localized(c, "name").casefold())
    here = [c for c in contacts if any(m.code == code for m in c.municipalities)]
    regional = [c for c in contacts if not c.municipalities]
    return render_template(
        "directory/municipality.html", place=place, services=_services(), local=local, here=here,
        serving=serving_in(db.session, code, current_locale()),
        regional=regional, phase_labels=PHASE_LABELS, can_edit_here=can_edit_municipality(current_user, code),
        can_edit_services=can_edit_service(current_user),
        can_edit_housing=lambda c: can_edit_housing(current_user, c),
    )


@bp.route("/<code>/services/<key>", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit_municipal_service(code: str, key: str):
    place = db.get_or_404(Municipality, code)
    service = db.get_or_404(Service, key)
    if not can_edit_municipality(current_user, code):
        abort(403)
    row = directory.municipal_service(code, key)
    form = MunicipalServiceForm(obj=row)
    if form.validate_on_submit():
        directory.update_municipal_service(code, key, current_user, contact_sv=form.contact_sv.data,
                                           contact_en=form.contact_en.data, link=form.link.data)
        db.session.commit()
        flash(_("Saved. Newcomers moving to %(place)s see it in their plan.", place=localized(place, "name")),
              "success")
        return redirect(url_for("directory.municipality", code=code) + f"#service-{key}")
    return render_template("directory/edit_municipal_service.html", form=form, place=place, service=service), (
        422 if form.errors else 200)


@bp.route("/services/<key>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_service(key: str):
    service = db.get_or_404(Service, key)
    if not can_edit_service(current_user):
        abort(403)
    form = ServiceTextForm(obj=service)
    if form.validate_on_submit():
        directory.update_service(service, current_user, **{name: form[name].data for name in (
            "name_sv", "name_en", "description_sv", "description_en", "authority", "authority_en", "link")})
        db.session.commit()
        flash(_("Saved. Reloading the reference data will keep your text."), "success")
        return redirect(request.args.get("back") if (request.args.get("back") or "").startswith("/directory/")
                        else url_for("directory.index"))
    return render_template("directory/edit_service.html", form=form, service=service), (422 if form.errors else 200)


@bp.route("/housing/<key>", methods=["GET", "POST"])
@role_required(Role.OFFICER, Role.ADMIN)
def edit_housing(key: str):
    contact = db.get_or_404(HousingContact, key)
    if not can_edit_housing(current_user, contact):
        abort(403)
    form = HousingContactForm()
    if request.method == "GET":
        bonus = contact.details.get("work_mover_bonus") or {}
        form.name_sv.data, form.name_en.data, form.website.data = contact.name_sv, contact.name_en, contact.website
        form.queue_model_sv.data = contact.text("queue_model", "sv")
        form.queue_model_en.data = contact.text("queue_model", "en")
        form.rules_sv.data = "\n".join(contact.rules("sv"))
        form.rules_en.data = "\n".join(contact.rules("en"))
        form.notes_sv.data = contact.text("notes", "sv")
        form.notes_en.data = contact.text("notes", "en")
        form.requires_id.data = contact.details.get("requires_id") or ""
        form.registration_min_age.data = contact.details.get("registration_min_age")
        form.bonus_points.data = bonus.get("points")
        form.bonus_valid_months.data = bonus.get("valid_months")
        form.bonus_conditions_sv.data = bonus.get("conditions_sv", "")
        form.bonus_conditions_en.data = bonus.get("conditions_en", "")
    elif form.validate_on_submit():
        directory.update_housing_contact(contact, current_user, **{
            name: form[name].data for name in (
                "name_sv", "name_en", "website", "queue_model_sv", "queue_model_en", "rules_sv", "rules_en", "notes_sv",
                "notes_en", "requires_id", "registration_min_age", "bonus_points",
                "bonus_valid_months", "bonus_conditions_sv", "bonus_conditions_en")})
        db.session.commit()
        flash(_("Saved. Reloading the reference data will keep your changes."), "success")
        code = contact.municipalities[0].code if contact.municipalities else None
        return redirect(url_for("directory.municipality", code=code) if code else url_for("directory.index"))
    return render_template("directory/edit_housing.html", form=form, contact=contact), (422 if form.errors else 200)
