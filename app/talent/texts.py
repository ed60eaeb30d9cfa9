"""The household's words in the reader's language: the plan's phases, reasons and conditions, and languages
and countries by their ISO codes (names from Babel's CLDR data)."""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.i18n import current_locale, format_date, format_sek

# Territories that are not countries people live in (continents, EU, world...).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@cache
def languages(locale: str) -> tuple[tuple[str, str], ...]:
    """(ISO 639-1 code, name) for every language with a two-letter code, sorted by name."""
    names = Locale.parse(locale).languages
    pairs = [(code, name[:1].upper() + name[1:]) for code, name in names.items() if len(code) == 2]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


@cache
def countries(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    pairs = [(code, name) for code, name in names.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


@cache
def language_name(code: str | None, locale: str) -> str:
    """A language's name as written in running text: CLDR's own case, so lower case in Swedish
    ("modersmålsundervisning i tamil") and capitalised in English ("Tamil"). The pick lists (``languages``)
    capitalise every name, as list items."""
    if not code:
        return ""
    return Locale.parse(locale).languages.get(code) or code


def country_name(code: str | None, locale: str) -> str:
    if not code:
        return ""
    return dict(countries(locale)).get(code, code)


# --- the plan's phases, reasons and conditions --------------------------------------------------------

PHASE_LABELS = {
    "before_arrival": _l("Before you arrive"),
    "week_1": _l("The first week"),
    "month_1": _l("The first month"),
    "month_1_3": _l("The first three months"),
    "month_1_6": _l("The first six months"),
    "month_3": _l("After about three months"),
}
# What to bring to a step (``bring`` in data/service_texts.json), as a checklist on the plan.
BRING_LABELS = {
    "passport": _l("Passports, for everyone who moves"),
    "residence_permit_card": _l("Residence permit cards"),
    "employment_contract": _l("Your employment contract or job offer"),
    "employer_certificate": _l("A certificate from your employer, for a work-mover bonus"),
    "marriage_certificate": _l("Your marriage or partnership certificate"),
    "birth_certificates": _l("The children's birth certificates"),
    "lease": _l("Your lease, or another proof of your address in Sweden"),
    "personnummer": _l("Your personal identity number (personnummer)"),
    "id_fee": _l("The fee, paid before the visit (Skatteverket's page says how much)"),
    "school_records": _l("Reports from the child's last school"),
    "diplomas": _l("Diplomas, transcripts and proof of your work experience"),
    "driving_licence": _l("Your driving licence"),
    "swedish_id": _l("A Swedish ID card or your passport"),
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
    if key == "salary_below_permit_floor":
        return _("Warning: the offered salary of %(salary)s a month is below the work-permit minimum of "
                 "%(floor)s. The Migration Agency refuses a permit below it: ask the employer to raise the "
                 "salary before you apply.", salary=format_sek(p.get("salary")), floor=format_sek(p.get("floor")))
    if key == "licence_outside_eu":
        return _("If your driving licence is from outside the EU/EEA.")
    if key == "regulated_occupation":
        return _("Because %(name)s works in a regulated occupation (SSYK %(code)s).", name=p.get("name"),
                 code=p.get("occupation"))
    if key == "child_home_language":
        locale = current_locale()
        language = language_name(p.get("language"), locale)
        # Swedish writes language names in lower case ("tamil"), English capitalised ("Tamil").
        return _("Because %(name)s speaks %(language)s at home.", name=p.get("name"),
                 language=language.lower() if locale == "sv" else language)
    if key == "children_under_16":
        return _("Because you move with children under 16 (%(names)s): Försäkringskassan contacts you after "
                 "the registration, about child allowance.", names=p.get("names"))
    if key == "benefit_when_needed":
        return _("Send your information (form 5456) when you need a benefit or an EU health insurance card.")
    if key == "registers_on_arrival":
        day = date.fromisoformat(p["date"]) if p.get("date") else None
        return _("%(name)s registers on arriving, %(date)s.", name=p.get("name"),
                 date=format_date(day) if day else "")
    if key == "child_age":
        return _("Because %(name)s is %(age)d years old.", name=p.get("name"), age=p.get("age", 0))
    if key == "has_job":
        return _("Because you have a job in Sweden.")
    if key == "adult":
        return _("For %(name)s.", name=p.get("name"))
    if key == "no_basic_swedish":
        return _("Because %(name)s is learning Swedish.", name=p.get("name"))
    if key == "family_permit_together":
        return _("Because %(name)s moves as your family: their own permit, applied for together with yours.",
                 name=p.get("name"))
    if key == "family_permit_later":
        return _("Because %(name)s follows later as your family: their own permit, applied for before they come.",
                 name=p.get("name"))
    if key == "eu_working":
        return _("Because %(name)s is an EU/EEA citizen who works here: a right of residence, no permit.",
                 name=p.get("name"))
    if key == "eu_seeking_work":
        return _("Because %(name)s is an EU/EEA citizen who comes to look for work: a right of residence while "
                 "looking, with a real chance of a job.", name=p.get("name"))
    if key == "temporary_protection":
        return _("Because %(name)s has temporary protection: work without a work permit, help from the Migration "
                 "Agency until registered.", name=p.get("name"))
    if key == "registers_after_protection":
        return _("%(name)s registers after two years with temporary protection.", name=p.get("name"))
    if key == "research_permit":
        return _("Because %(name)s comes to do research.", name=p.get("name"))
    if key == "study_permit":
        return _("Because %(name)s comes to study.", name=p.get("name"))
    if key == "partner_seeking_work":
        return _("Because %(name)s is looking for work.", name=p.get("name"))
    return key or ""


def condition_text(condition: str) -> str:
    label = CONDITION_LABELS.get(condition)
    return str(label) if label else condition.replace("_", " ")
