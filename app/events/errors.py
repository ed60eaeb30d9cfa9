"""How the events' use cases refuse: the same words on the web and in the API."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.refusals import DomainError

ERRORS = {
    "not_published": _l("This event is not open for registration."),
    "event_cancelled": _l("This event has been cancelled."),
    "deadline_passed": _l("Registration for this event closed on %(deadline)s."),
    "started": _l("This event has already started."),
    "already_registered": _l("You are already registered for this event."),
    "link_invalid": _l("This link is not valid. Register again from the event's page."),
    "link_expired": _l("This confirmation link has expired. Register again from the event's page."),
    "ends_before_start": _l("The event must end after it starts."),
    "deadline_after_start": _l("The registration deadline must be before the event starts."),
    "in_the_past": _l("The event must start in the future."),
    "no_place": _l("Give the address of the place, or the link to the online event."),
    "capacity": _l("Enter how many people can take part (at least 1)."),
    "capacity_below_seated": _l("%(seated)d people already have a seat: the capacity cannot be lower."),
    "unknown_municipality": _l("Choose a municipality from the list."),
    "not_your_municipality": _l("You can organise events in your own municipality only."),
    "not_your_organisation": _l("Choose one of your approved organisations."),
    "bad_transition": _l("The event cannot change to that status from where it is now."),
    "no_such_registration": _l("That registration is not on this event's list."),
    "consent": _l("Tick the box to agree that Landa keeps your name and e-mail address for this event."),
}


class EventError(DomainError):
    """An event's use case refused (``field``: the form field it is about)."""

    MESSAGES = ERRORS
