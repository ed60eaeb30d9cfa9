"""How the newcomer's domain refuses: its exception and what it says, the same on the web and in the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.refusals import DomainError
from app.validators import PHONE_IMPOSSIBLE, PHONE_UNREADABLE, DateWindow

# How far back and ahead the household's dates may lie (the web and the API alike).
JOB_START = DateWindow(5, 5)
ARRIVAL = DateWindow(10, 5)  # an arrival, and the date a member follows


ERRORS = {
    "too_many_skills": _l("List at most %(max)d skills."),
    "unknown_municipality": _l("Choose municipalities from the list."),
    "no_places": _l("Choose at least one municipality, or say you would consider any."),
    "place_twice": _l("Each municipality once: %(code)s is listed twice."),
    "exploring_job_start_past": _l("A first day at work in the past does not fit “exploring”: choose "
                                   "“has a job offer” or “arrived”, or correct the date."),
    "exploring_arrival_past": _l("An arrival date in the past does not fit “exploring”: choose “arrived”, "
                                 "or correct the date."),
    "arriving_needs_date": _l("Enter the date you arrive."),
    "arriving_date_past": _l("This date has passed: if you are here, choose “arrived”."),
    "arrived_needs_date": _l("Enter the date you arrived."),
    "arrived_date_future": _l("This date is in the future: choose “arriving” until you are here."),
    "offer_needs_job_start": _l("Enter your first day at work (an approximate date is fine)."),
    "offer_arrival_past": _l("This date has passed: if you are here, choose “arrived”."),
    "follows_before_arrival": _l("Following later means after you arrive: choose a date after your arrival."),
    "one_partner": _l("The household already has a partner. Edit that person instead."),
    "relation_not_allowed": _l("Choose partner or child."),
    "cannot_remove_self": _l("You cannot remove yourself from your own household."),
    "no_such_step": _l("That step is not in your plan."),
    "born_in_future": _l("The year of birth cannot be in the future."),
    "born_too_long_ago": _l("The year of birth cannot be more than %(years)d years ago."),
    "partner_too_young": _l("A partner must be at least %(age)d years old."),
    "basis_not_for_citizenship": _l("This does not fit your citizenship: a Nordic or EU/EEA citizen needs no permit, "
                                    "and someone from outside the EU/EEA has no right of residence as an EU citizen."),
    "phone_unreadable": PHONE_UNREADABLE,
    "phone_impossible": PHONE_IMPOSSIBLE,
    "job_start_before_arrival": _l("Your first day at work (%(start)s) is before you arrive (%(arrival)s). Correct "
                                   "one of the dates, or say that you start working before you arrive."),
    "arrival_before_permit": _l("You arrive before the permit decision you entered (%(date)s): check both dates."),
    "born_after_a_child": _l("A child in your household is born in %(year)d, before this year: check your year of "
                             "birth or the child's."),
    "child_born_before_you": _l("A child cannot be born before you (%(year)d): check the year."),
    "child_needs_birth_year": _l("Enter the child's year of birth: it decides preschool and school."),
    "follows_needs_date": _l("Enter the date they follow."),
    "no_occupation": _l("We found no occupation for “%(text)s”. Try another word, in Swedish or English."),
    "unknown_occupation_code": _l("There is no occupation with code %(code)s in SSYK 2012."),
    "partner_email_yours": _l("This is your own address: enter your partner's, so they can decide for themselves."),
    "partner_without_email": _l("Enter your partner's e-mail address first."),
    "partner_link_recent": _l("We sent the link a moment ago. You can send it again after %(minutes)d minutes."),
    "partner_links_today": _l("The links for today are all sent: you can send the next one tomorrow."),
    "partner_not_seeking_work": _l("Your household's profile says you are not looking for work: ask them to "
                                   "change that first."),
}


class ProfileError(DomainError):
    """A household's use case refused (``field``: the form field it is about)."""

    MESSAGES = ERRORS
