"""Form validators shared by the domains."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
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
                 first=format_date(first), last=format_date(last))


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


# --- phone numbers ---------------------------------------------------------------------------------------

PHONE_REGION = "SE"  # where a number typed without its country code is from, unless the person lives elsewhere
PHONE_MAX_LENGTH = 40


# What a refused phone number is told, wherever a phone number is typed (a household's, an organisation's).
PHONE_UNREADABLE = _l("Enter a phone number in digits, such as 070-123 45 67, or with the country code, "
                      "such as +91 98765 43210.")
PHONE_IMPOSSIBLE = _l("There is no such phone number in %(country)s: check the digits. A number from another "
                      "country starts with + and its country code, such as +46 70 123 45 67.")


class PhoneNumberError(ValueError):
    """What was typed is no phone number. ``readable`` False: no number can be read from it at all (letters, a
    country code no country has); True: it is read, but no such number exists in ``region`` (the country of
    the number's own country code, or the one it was read in)."""

    def __init__(self, readable: bool, region: str | None) -> None:
        super().__init__(region)
        self.readable, self.region = readable, region


def phone_region(country: str | None) -> str:
    """The region a number without its country code is read in: ``country`` (ISO 3166-1 alpha-2) when the
    numbering plan is known there, else Sweden."""
    code = (country or "").strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else PHONE_REGION


def e164(text: str, region: str) -> str:
    """``text`` as the one way a phone number is kept: E.164 ("+46701234567"). A number that starts with its
    country code (``+46``, ``0046``) is read as that; any other as a number in ``region`` ("070-123 45 67" in
    SE). Raises ``PhoneNumberError`` for a number that cannot exist (Google's libphonenumber metadata)."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise PhoneNumberError(False, None) from None
    found = phonenumbers.region_code_for_country_code(number.country_code)
    if found == phonenumbers.UNKNOWN_REGION:
        raise PhoneNumberError(False, None)
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberError(True, found)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(value: str | None) -> str:
    """A kept number as people read it, grouped with its country code ("+46 70 123 45 67"); what is not an
    E.164 number (typed before numbers were checked) as it was typed."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


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
