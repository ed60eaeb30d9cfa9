"""Form validators shared by the domains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import validators as wtforms_validators
from wtforms.validators import StopValidation, ValidationError

from app.i18n import format_date
from app.models import today

EMAIL_MAX_LENGTH = 254
# What a municipality's code and a reference key (a service, a housing company, a network) look like. The API
# states them as patterns; the use cases refuse anything else (a stray byte no page offered) before a query.
MUNICIPALITY_CODE = re.compile(r"[0-9]{4}")
REFERENCE_KEY = re.compile(r"[A-Za-z0-9_.-]{1,64}")


@dataclass(frozen=True)
class DateWindow:
    """How far back and ahead a typed date may lie, in whole calendar years (typos like 0207 or 2207 stop
    here). Each domain names its windows once; its web forms (``date_within``) and its API schemas
    (``app.api.common.within``) refuse with the same message."""

    back: int
    ahead: int

    def refusal(self, value: date) -> str | None:
        now = today()
        first, last = date(now.year - self.back, 1, 1), date(now.year + self.ahead, 12, 31)
        if first <= value <= last:
            return None
        return _("Enter a date between %(first)s and %(last)s.",
                 first=format_date(first, "long"), last=format_date(last, "long"))


# What a date field says when what was typed is not a date at all ("2027-13-45"): the same words in every web
# form (``app.forms.DateField``) and for every date of the API (``app.main.errors`` puts them in place of
# marshmallow's "Not a valid date.").
INVALID_DATE = _l("Enter a real date, such as 2027-03-15.")


def date_within(window: DateWindow):
    """A WTForms validator for ``window``."""
    def check(form, field) -> None:
        refusal = None if field.data is None else window.refusal(field.data)
        if refusal:
            raise ValidationError(refusal)

    return check


def is_email_address(value: str) -> bool:
    """The one rule for an e-mail address, wherever one is typed (forms, the API's accounts, ``flask users
    create``): the syntax WTForms' ``Email`` checks (the email-validator library), no DNS look-up, at most
    254 characters."""
    if not isinstance(value, str) or not value or len(value) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def email_address(message=None):
    """A WTForms validator for ``is_email_address``."""
    def check(form, field) -> None:
        if field.data and not is_email_address(field.data):
            raise ValidationError(message or _l("Enter a valid e-mail address, like name@example.se."))
    return check


# What no one types on purpose (a NUL byte, escape codes; tab and newlines pass), and lone UTF-16 halves no
# database can store: the one rule for typed text, in the web forms (``printable``) and the API (``Text``).
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
_CONTROL = re.compile(f"[{CONTROL}]")


def has_control_characters(value: str) -> bool:
    return _CONTROL.search(value) is not None


def printable(form, field) -> None:
    """Refuse ``CONTROL`` characters. It stops the field's other validators: none of them (an occupation
    lookup) may take the value to the database."""
    value = field.data
    if isinstance(value, str) and has_control_characters(value):
        raise StopValidation(_l("Remove the invisible control characters from this field."))


def strip(value):
    """Filter: surrounding whitespace off."""
    return value.strip() if isinstance(value, str) else value


def line_breaks(value):
    """Filter: each line break as one character (LF). A browser sends a textarea's line breaks as CRLF,
    while its ``maxlength`` counts them once: a text it let through stays within the same length here."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def squeeze(value):
    """Filter: surrounding whitespace off and inner runs of whitespace to one space (names, titles)."""
    return " ".join(value.split()) if isinstance(value, str) else value


class NumberRange(wtforms_validators.NumberRange):
    """WTForms' range check that also refuses a number too big for a float: a 400-digit birth year made its
    ``math.isnan`` raise OverflowError (a 500). Every Landa form takes its ``NumberRange`` from here."""

    def __call__(self, form, field) -> None:
        try:
            super().__call__(form, field)
        except OverflowError:
            raise ValidationError(self.message or _l("Enter a smaller number.")) from None
