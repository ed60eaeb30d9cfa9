"""Officers write the text blocks of their municipality's "Move to" page (coordinators and administrators every
municipality's): each block in Swedish and English, with a preview that saves nothing, every version kept with
who wrote it, any older version shown and restored as a new one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.attraction import texts
from app.attraction.forms import PlaceTextForm
from app.attraction.models import LANGUAGE_LABELS, LANGUAGES, SLOTS
from app.auth.access import role_required
from app.auth.models import Role
from app.catalogue.models import Municipality
from app.database import Refusal, committed
from app.extensions import db
from app.i18n import localized

bp = Blueprint("place_texts", __name__, url_prefix="/move", template_folder="templates")
STAFF = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN)


def _place(code: str) -> Municipality:
    place = db.get_or_404(Municipality, code)
    if not texts.can_edit(current_user, code):
        abort(403)
    return place


def _block(slot: str, language: str) -> None:
    if slot not in SLOTS or language not in LANGUAGES:
        abort(404)


def _names() -> dict:
    return {"slots": SLOTS, "languages": LANGUAGES, "language_labels": LANGUAGE_LABELS,
            "paragraphs": texts.paragraphs}


@bp.route("/<code>/texts")
@role_required(*STAFF)
def index(code: str):
    place = _place(code)
    return render_template("attraction/texts.html", place=place, current=texts.latest(code), **_names())


@bp.route("/<code>/texts/<slot>/<language>", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(code: str, slot: str, language: str):
    place = _place(code)
    _block(slot, language)
    versions = texts.history(code, slot, language)
    newest = versions[0] if versions else None
    form = PlaceTextForm()
    preview, status = None, 200
    if request.method == "GET":
        form.body.data = newest.body if newest else ""
        form.based_on.data = newest.version if newest else 0
    elif form.validate_on_submit():
        if form.withdraw.data:
            taken = committed(lambda: texts.withdraw(current_user, code, slot, language, form.based_on.data or 0),
                              (texts.PlaceTextError,))
            if isinstance(taken, Refusal):
                flash(taken.reason.message, "error")
            elif taken is not None:
                flash(_("The text is off the page for %(place)s (version %(version)d). An older version can be "
                        "restored from the history.", place=localized(place, "name"), version=taken.version),
                      "success")
            return redirect(url_for("place_texts.edit", code=code, slot=slot, language=language))
        if form.preview.data:
            try:
                preview = texts.check_body(form.body.data)
            except texts.PlaceTextError as exc:
                form.body.errors = [exc.message]
        else:
            saved = committed(lambda: texts.save_text(current_user, code, slot, language, form.body.data,
                                                      form.based_on.data or 0), (texts.PlaceTextError,))
            if isinstance(saved, Refusal):
                form.body.errors = [saved.reason.message]
                if saved.reason.code == "changed_meanwhile":
                    status = 409
                    versions = texts.history(code, slot, language)  # the colleague's version, shown under the form
                    newest = versions[0] if versions else None
                    form.based_on.data, form.based_on.raw_data = (newest.version if newest else 0), None
            else:
                row, new = saved
                if new:
                    flash(_("Saved as version %(version)d. The page for %(place)s shows it now.",
                            version=row.version, place=localized(place, "name")), "success")
                else:
                    flash(_("Nothing changed: version %(version)d is still the page's text.", version=row.version),
                          "success")
                return redirect(url_for("place_texts.edit", code=code, slot=slot, language=language))
    if form.body.errors and status == 200:
        status = 422
    return render_template("attraction/text_edit.html", place=place, slot=slot, language=language, form=form,
                           label=SLOTS[slot][0], heading=SLOTS[slot][1],
                           versions=versions, newest=newest, preview=preview,
                           conflict=status == 409, **_names()), status


@bp.route("/<code>/texts/<slot>/<language>/<int:version>")
@role_required(*STAFF)
def version(code: str, slot: str, language: str, version: int):
    place = _place(code)
    _block(slot, language)
    row = texts.version_of(code, slot, language, version)
    if row is None:
        abort(404)
    newest = texts.history(code, slot, language)[0]
    return render_template("attraction/text_version.html", place=place, slot=slot, language=language, row=row,
                           label=SLOTS[slot][0], heading=SLOTS[slot][1],
                           newest=newest, **_names())


@bp.route("/<code>/texts/<slot>/<language>/<int:version>/restore", methods=["POST"])
@role_required(*STAFF)
def restore(code: str, slot: str, language: str, version: int):
    place = _place(code)
    _block(slot, language)
    row = committed(lambda: texts.restore(current_user, code, slot, language, version), (texts.PlaceTextError,))
    if isinstance(row, Refusal):
        abort(404)
    flash(_("Version %(old)d is back as version %(version)d. The page for %(place)s shows it now.",
            old=version, version=row.version, place=localized(place, "name")), "success")
    return redirect(url_for("place_texts.edit", code=code, slot=slot, language=language))
