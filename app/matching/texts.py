"""Match reasons as sentences in the reader's language."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.catalogue.names import municipality_name, occupation_name
from app.i18n import current_locale, format_sek
from app.matching.scoring import Match, Reason
from app.talent.texts import language_name

_occupation = occupation_name
_place = municipality_name


def reason_text(reason: Reason) -> str:
    p = reason.kwargs
    lang = language_name(p.get("language"), current_locale()) if p.get("language") else ""
    texts = {
        "same_occupation": lambda: _("Same occupation: %(occupation)s", occupation=_occupation(p["occupation"])),
        "close_occupation": lambda: _("Close occupation: %(occupation)s, for %(wanted)s",
                                      occupation=_occupation(p["occupation"]), wanted=_occupation(p["wanted"])),
        "related_occupation": lambda: _("Related occupation: %(occupation)s, for %(wanted)s",
                                        occupation=_occupation(p["occupation"]), wanted=_occupation(p["wanted"])),
        "unrelated_occupation": lambda: _("Not a match: %(occupation)s is unrelated to %(wanted)s",
                                          occupation=_occupation(p["occupation"]),
                                          wanted=_occupation(p["wanted"])),
        "no_occupation_given": lambda: _("No occupation given"),
        "need_without_occupation": lambda: _("The need names no occupation"),
        "required_skills": lambda: ngettext("Has %(has)d of %(num)d required skill",
                                            "Has %(has)d of %(num)d required skills", p["of"], has=p["has"]),
        "skill_missing": lambda: _("Missing required skill: %(skill)s", skill=p["skill"]),
        "no_required_skills": lambda: _("No required skills listed"),
        "nice_skills": lambda: ngettext("Has %(has)d of %(num)d nice-to-have skill",
                                        "Has %(has)d of %(num)d nice-to-have skills", p["of"], has=p["has"]),
        "no_language_requirement": lambda: _("No language requirement"),
        "language_met": lambda: _("%(language)s %(required)s required, has %(has)s", language=lang,
                                  required=p["required"], has=p["has"]),
        "language_below": lambda: _("%(language)s %(required)s required, has only %(has)s", language=lang,
                                    required=p["required"], has=p["has"]),
        "language_missing": lambda: _("%(language)s %(required)s required, not listed", language=lang,
                                      required=p["required"]),
        "chosen_municipality": lambda: _("%(place)s is choice %(rank)d", place=_place(p["municipality"]),
                                         rank=p["rank"]),
        "commuting_distance": lambda: _("About %(minutes)d minutes from %(home)s", minutes=p["minutes"],
                                        home=_place(p["home"])),
        "open_to_all": lambda: _("Open to any municipality"),
        "no_municipality_given": lambda: _("No municipality chosen"),
        "not_chosen_municipality": lambda: _("%(place)s is not among the chosen municipalities",
                                             place=_place(p["municipality"])),
        "need_without_place": lambda: _("The need names no municipality"),
        "start_open": lambda: _("No start date"),
        "availability_unknown": lambda: _("Availability not known"),
        "available_in_time": lambda: _("Available by the start date"),
        "available_later": lambda: ngettext("Available %(num)d day after the start date",
                                            "Available %(num)d days after the start date", p["days"]),
        "permit_salary_too_low": lambda: _("The salary is below the work-permit minimum of %(amount)s",
                                           amount=format_sek(p["threshold"])),
    }
    render = texts.get(reason.key)
    return render() if render else reason.key


# Reasons that say a need asked for nothing in particular: true, but not worth a line in a list.
UNREMARKABLE = {"no_required_skills", "no_language_requirement", "start_open"}


PART_LABELS = {
    "job": _l("Job for you"),
    "partner_job": _l("Job for your partner"),
    "schools": _l("Schools"),
    "housing": _l("Housing"),
    "preference": _l("Your wishes"),
}


def part_text(reason: Reason) -> str:
    p = reason.kwargs
    lang = language_name(p.get("language"), current_locale()) if p.get("language") else ""
    texts = {
        "best_job": lambda: _("Best open need: %(score)d/100", score=p["score"]),
        "best_partner_job": lambda: _("Best open need: %(score)d/100", score=p["score"]),
        "no_open_needs": lambda: _("No open need in a related occupation here yet"),
        "no_partner_seeking": lambda: _("No partner looking for work"),
        "schools_for_ages": lambda: _("Preschool and school for ages %(ages)s", ages=p["ages"]),
        "no_children": lambda: _("No children moving"),
        "mother_tongue_likely": lambda: _("Mother-tongue tuition in %(language)s is likely: at least five pupils "
                                          "here speak it", language=lang),
        "mother_tongue_few": lambda: _("Mother-tongue tuition in %(language)s: fewer than five pupils known, "
                                       "ask the municipality", language=lang),
        "housing_contacts": lambda: (ngettext("%(num)d housing contact, with a bonus for people moving for work",
                                              "%(num)d housing contacts, with a bonus for people moving for work",
                                              p["count"]) if p.get("bonus")
                                     else ngettext("%(num)d housing contact", "%(num)d housing contacts", p["count"])),
        "your_choice": lambda: _("Your choice %(rank)d", rank=p["rank"]),
        "open_to_all": lambda: _("Open to any municipality"),
        "not_your_choice": lambda: _("Not among your choices"),
    }
    render = texts.get(reason.key)
    return render() if render else reason.key


def explain(match: Match, limit: int = 4) -> list[str]:
    """What the reader must know: why it is not a match at all, if so; every unmet requirement (never
    cut); then up to ``limit`` of what fits, by weight. Employers and newcomers read the same lines."""
    return [line for line in [verdict(match)] if line] + gaps(match) + fits(match, limit)


def gaps(match: Match) -> list[str]:
    return [reason_text(r) for r in match.gaps]


# Why a match is not listed at all: said before anything else.
VERDICTS = {"unrelated_occupation", "no_occupation_given", "need_without_occupation"}


def verdict(match: Match) -> str | None:
    """For a match that is not listed (an interested candidate in another trade), the reason why."""
    if match.listed:
        return None
    reason = match.component("occupation").reasons[0]
    return reason_text(reason) if reason.key in VERDICTS else None


def fits(match: Match, limit: int = 4) -> list[str]:
    lines = []
    for component in sorted(match.components, key=lambda c: -c.max_points):
        lines.extend(reason_text(r) for r in component.reasons if _fits(r, match))
    return lines[:limit]


def _fits(reason: Reason, match: Match) -> bool:
    if reason.key in UNREMARKABLE or reason.key in VERDICTS or reason in match.gaps:
        return False
    return not (reason.key == "required_skills" and reason.kwargs["has"] == 0)  # the gaps name each one


def register_template_helpers(app) -> None:
    """``match_gaps`` and ``match_fits`` for ``_match.html``, the one way every page shows a match."""
    app.add_template_global(gaps, "match_gaps")
    app.add_template_global(fits, "match_fits")
    app.add_template_global(verdict, "match_verdict")
