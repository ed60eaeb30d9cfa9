"""The light comparison on the region page: a GET form (nothing is saved, so no CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from app.validators import printable, squeeze

MAX_HOUSEHOLD = 15


def _whole_number(form, field) -> None:
    """The household's size as a whole number from 1 to ``MAX_HOUSEHOLD``; anything else is refused in words."""
    text = (field.data or "").strip()
    if not text.isdecimal() or not 1 <= int(text) <= MAX_HOUSEHOLD:
        raise StopValidation(_l("Enter how many you are as a whole number from 1 to %(most)d, for example 4.",
                                most=MAX_HOUSEHOLD))


def _yes_or_no(form, field) -> None:
    if field.data not in ("yes", "no"):
        raise StopValidation(_l("Choose Yes or No."))


class CompareForm(Form):
    FIELDS = ("household_size", "children", "occupation")  # in the address: the comparison was asked for

    household_size = StringField(
        _l("How many people are you, counting yourself?"), filters=[squeeze],
        validators=[InputRequired(message=_l("Enter how many you are, for example 4.")), _whole_number],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 4})
    children = RadioField(_l("Are there children in the household?"),
                          choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))], default="no",
                          validate_choice=False,
                          validators=[Optional(), _yes_or_no])
    occupation = StringField(
        _l("I work as"), filters=[squeeze],
        description=_l("A job title in Swedish or English, or an SSYK code (for example 2221 or 22)."),
        validators=[InputRequired(message=_l("Enter your occupation, a job title or an SSYK code.")),
                    printable, Length(max=200, message=_l("Use at most 200 characters."))],
        render_kw={"autocomplete": "off", "maxlength": 200})

    def size(self) -> int:
        return int(self.household_size.data)

    def with_children(self) -> bool:
        return self.children.data == "yes"

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and self.with_children() and self.size() < 2:
            self.children.errors = [_l("A household of one person has no children: count the children in the number "
                                       "of people, or choose No.")]
            return False
        return ok
