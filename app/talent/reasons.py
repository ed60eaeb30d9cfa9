"""Plan reasons, phases and conditions in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PHASE_LABELS = {
    "before_arrival": _l("Before you arrive"),
    "week_1": _l("The first week"),
    "month_1": _l("The first month"),
    "month_1_3": _l("The first three months"),
    "month_1_6": _l("The first six months"),
    "month_3": _l("After about three months"),
}
CONDITION_LABELS = {
    "address_in_sweden": _l("an address in Sweden"),
    "passport": _l("a passport"),
    "employment": _l("an employment contract"),
}


def reason_text(reason: dict) -> str:
    """One stored reason ({"key": ..., "params": {...}}) as a sentence for the reader."""
    key, p = reason.get("key"), reason.get("params") or {}
    if key == "everyone":
        return _("Everyone who moves to Sweden does this.")
    if key == "citizenship_outside_eu":
        return _("Because you are a citizen of a country outside the EU/EEA.")
    if key == "licence_outside_eu":
        return _("If your driving licence is from outside the EU/EEA.")
    if key == "regulated_occupation":
        return _("Because %(name)s works in a regulated occupation (SSYK %(code)s).", name=p.get("name"),
                 code=p.get("occupation"))
    if key == "child_age":
        return _("Because %(name)s is %(age)d years old.", name=p.get("name"), age=p.get("age", 0))
    if key == "has_job":
        return _("Because you have a job in Sweden.")
    if key == "adult":
        return _("For %(name)s.", name=p.get("name"))
    if key == "no_basic_swedish":
        return _("Because %(name)s is learning Swedish.", name=p.get("name"))
    if key == "partner_seeking_work":
        return _("Because %(name)s is looking for work.", name=p.get("name"))
    return key or ""


def condition_text(condition: str) -> str:
    label = CONDITION_LABELS.get(condition)
    return str(label) if label else condition.replace("_", " ")
