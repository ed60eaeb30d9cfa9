"""How the employers' domain refuses: its exception and what it says, the same on the web and in the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.refusals import DomainError
from app.validators import PHONE_IMPOSSIBLE, PHONE_UNREADABLE, DateWindow

# How far back and ahead a need's dates and a hire's start may lie (the web and the API alike).
NEED_DATES = DateWindow(5, 5)
HIRE_START = DateWindow(1, 5)


ERRORS = {
    "org_number_taken": _l("An organisation with this number is already registered. Ask its owner to invite you."),
    "no_base": _l("Choose the municipality where the organisation is based."),
    "phone_unreadable": PHONE_UNREADABLE,
    "phone_impossible": PHONE_IMPOSSIBLE,
    "bad_org_number": _l("This is not a valid Swedish organisation number (ten digits, NNNNNN-NNNN)."),
    "org_number_length": _l("An organisation number has ten digits, as in NNNNNN-NNNN."),
    "org_number_check_digit": _l("The last digit does not fit the others: a digit is probably mistyped. Check the "
                                 "number against a letter or Bolagsverket."),
    "unknown_municipality": _l("Choose a municipality from the list."),
    "unknown_network": _l("Choose industry networks from the list."),
    "positions": _l("Enter how many people you need."),
    "salary_range": _l("The highest salary cannot be lower than the lowest."),
    "start_past": _l("The start date has passed: choose a date from today on."),  # a hire's first day
    "start_not_after_today": _l("The start date must be after today: choose tomorrow or a later date."),
    "expiry_past": _l("This date has passed: choose a later date."),
    "unknown_occupation": _l("There is no occupation with code %(code)s in SSYK 2012."),  # as the need form says
    "too_many_skills": _l("List at most %(max)d skills."),  # as a newcomer's skills
    "skill_too_long": _l("Write each skill in at most %(max)d characters."),
    "bad_transition": _l("The need cannot change to that status from where it is now."),
    "not_approved": _l("Your organisation must be approved before its needs can be published."),
    "not_reviewer": _l("You cannot review this organisation."),
    "bad_decision": _l("Choose approve or reject."),
    "need_not_open": _l("This need is not open."),
    "not_interested": _l("You can contact people who showed interest in this need."),
    "already_requested": _l("You have already asked this candidate for contact."),
    "hire_without_contact": _l("You can record a hire only for a candidate who accepted your contact request."),
    "already_hired": _l("This hire is already recorded."),
    "no_such_request": _l("That request is not yours to answer."),
    "already_answered": _l("You have already answered this request."),
    "not_owner": _l("Only the organisation's owners can do that."),
    "already_member": _l("This person is already a member."),
    "invitation_invalid": _l("This invitation link is not valid."),
    "invitation_used": _l("This invitation has already been used."),
    "invitation_expired": _l("This invitation has expired. Ask for a new one."),
    "invitation_role": _l("Invitations are for employer accounts."),
    "invitation_other_email": _l("This invitation is for another e-mail address. Sign in with that address."),
    "last_owner": _l("The organisation needs at least one owner."),
    "no_such_member": _l("That person is not a member."),
    "already_interested": _l("You have already shown interest."),
    "no_positions_left": _l("All positions of this need are already filled."),
    "no_such_candidate": _l("That candidate is not interested in this need."),
    "partner_unreachable": _l("This candidate's household removed the address where they answer employers: "
                              "they cannot be asked now."),
    "no_longer_listed": _l("That newcomer is no longer on the matching list: they may have changed their "
                           "profile or stopped sharing it."),
    "network_needs_reference": _l("Choose the industry network you represent."),
    "not_network_member": _l("Choose among the network's member employers."),
}


class EmployerError(DomainError):
    """An employer's use case refused (``field``: the form field it is about)."""

    MESSAGES = ERRORS
