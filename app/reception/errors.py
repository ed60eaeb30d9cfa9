"""How reception refuses: its exception and what it says, the same on the web and in the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.refusals import DomainError
from app.validators import DateWindow

# How far back and ahead a case's dates may lie (the web and the API alike).
EXPECTED_ARRIVAL = DateWindow(2, 3)
TASK_DUE = DateWindow(1, 3)


ERRORS = {
    "closed": _l("This case is closed; it can no longer be changed. Add a note if something happened since."),
    "stale": _l("Someone else changed this case while you were looking at it. Your change was not saved: "
                "the page now shows the case as it is. Make your change again if it still applies."),
    "transition": _l("A case cannot move to that status from where it is now."),
    "closing_reason": _l("Choose why the case is closed."),
    "not_an_officer_here": _l("Choose an officer of this municipality."),
    "due_in_past": _l("The due date has passed; choose today or a later date."),
    "no_such_task": _l("That task is not part of this case."),
    "try_again": _l("Landa could not register the household just now. Try again."),
    "taken": _l("A colleague has taken this case meanwhile."),
    "no_contact_consent": _l("The household has withdrawn its consent to be contacted by reception, so no message "
                             "can be sent. Your text is kept below."),
    "no_such_target": _l("Choose a service or housing contact from the list."),
    "already_referred": _l("The household is already referred there; change that referral's status instead."),
    "no_such_referral": _l("That referral is not part of this case."),
    "no_such_municipality": _l("Choose a municipality from the list."),
    "open_case_there": _l("The household already has an open case in that municipality."),
    "no_such_request": _l("That question is not yours to answer."),
    "answered": _l("You have answered this question already."),
}


class CaseError(DomainError):
    """A change to a case that cannot be made."""

    MESSAGES = ERRORS
