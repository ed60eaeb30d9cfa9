"""An approved organisation's public page (``/organisations/<id>``: what it does, where, the relocation support it
offers, its open needs), and the page where its owners write it (``/employers/organisations/<id>/page``)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.attraction.texts import paragraphs
from app.auth.access import public, role_required
from app.auth.models import Role
from app.caching import kept_for_visitors
from app.database import Refusal, committed
from app.employers import public as pages
from app.employers import services
from app.employers.board import _needs_version
from app.employers.forms import PublicPageForm
from app.employers.models import EMPLOYMENT_TYPE_LABELS, RELOCATION_SUPPORT, ApprovalStatus, Organisation
from app.i18n import reader_text
from app.main import found, structured

bp = Blueprint("organisations", __name__, template_folder="templates")
FIELDS = ("about", "about_en", "website", "relocation_offers", "relocation_text", "relocation_text_en")


def organisation_data(organisation: Organisation) -> dict:
    """The organisation as a schema.org ``Organization``, in the reader's language where its owners wrote two."""
    data = {
        "@type": "Organization",
        "name": organisation.name,
        "url": found.absolute("organisations.show", {"organisation_id": organisation.id}),
        "address": structured.postal_address(organisation.municipality),
        "identifier": {"@type": "PropertyValue", "name": "organisationsnummer", "value": organisation.org_number},
    }
    about = reader_text(organisation, "about")
    if about:
        data["description"] = about
    if organisation.website:
        data["sameAs"] = organisation.website
    return data


@bp.route("/organisations/<int:organisation_id>")
@public
@kept_for_visitors(_needs_version)  # moves with every need and organisation: an edit shows at once
def show(organisation_id: int):
    organisation = pages.public_organisation(organisation_id)
    if organisation is None:
        abort(404)  # waiting for approval, or rejected: not public
    return render_template("organisations/show.html", organisation=organisation,
                           needs=pages.open_needs_of(organisation), relocation_labels=RELOCATION_SUPPORT,
                           employment_type_labels=EMPLOYMENT_TYPE_LABELS, paragraphs=paragraphs,
                           organisation_data=organisation_data(organisation))


@bp.route("/employers/organisations/<int:organisation_id>/page", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def edit(organisation_id: int):
    organisation = services.member_organisation(current_user, organisation_id)
    if organisation is None:
        abort(404)
    if not pages.is_owner(current_user, organisation):
        abort(403)
    form = PublicPageForm()
    if request.method == "GET":
        for name in FIELDS:
            form[name].data = getattr(organisation, name) or ([] if name == "relocation_offers" else "")
    elif form.validate_on_submit():
        refused = committed(lambda: pages.save_public_page(
            organisation, current_user, **{name: form[name].data for name in FIELDS}), (pages.PageError,))
        if isinstance(refused, Refusal):
            field = refused.reason.field
            if field in form:
                form[field].errors = [*form[field].errors, refused.reason.message]
                form._errors = None
            else:
                flash(refused.reason.message, "error")
        else:
            if organisation.status == ApprovalStatus.APPROVED:
                flash(_("The public page of %(name)s is saved. Visitors see it now.", name=organisation.name),
                      "success")
            else:
                flash(_("The page of %(name)s is saved. It becomes public when a reception officer approves the "
                        "organisation.", name=organisation.name), "success")
            return redirect(url_for("organisations.edit", organisation_id=organisation.id))
    return render_template("organisations/edit.html", organisation=organisation, form=form,
                           approved=organisation.status == ApprovalStatus.APPROVED), (422 if form.errors else 200)
