"""Words for what Landa writes itself on a case, in the reader's language (pages and e-mails)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.catalogue.models import Municipality
from app.extensions import db
from app.i18n import localized
from app.reception import followups
from app.reception.models import CaseTask

ASKED = _l("We have e-mailed %(email)s. If the household is not yet followed by reception here, Landa asks them "
           "(on their start page) whether you may follow their move; their case appears in your case list when "
           "they say yes.")
VIEWS = {"all": _l("All open cases"), "new": _l("New for reception"), "mine": _l("My cases"),
         "unassigned": _l("Unassigned"), "arriving": _l("Arriving in 30 days")}
AGREED_REQUIRED = _l("Reception may only open a case the household agreed to.")
# What the desk asks for, on the page and in the API.
NAME_REQUIRED = _l("Enter the name of the person you register.")
EMAIL_REQUIRED = _l("Enter their e-mail address: Landa asks them there whether reception may follow them.")

TASK_KINDS = {
    "call": _l("Call the household about the check-in %(when)s after arrival: they did not want it by e-mail"),
    "no_answer": _l("No answer to the check-in %(when)s after arrival: get in touch with the household"),
    "trouble": _l("The check-in %(when)s after arrival shows the household needs support"),
}


def after_arrival(offset_days: int) -> str:
    return followups.period_text(offset_days)


def task_text(task: CaseTask) -> str:
    if task.kind in TASK_KINDS and task.follow_up is not None:
        return str(TASK_KINDS[task.kind]) % {"when": after_arrival(task.follow_up.offset_days)}
    if task.kind == "destination_changed":
        place = db.session.get(Municipality, task.title) if task.title else None
        if place is None:
            return str(_l("The household no longer names a destination: close the case or keep in touch"))
        return str(_l("The household now plans to move to %(municipality)s: close the case or hand it over",
                      municipality=localized(place, "name")))
    return task.title
