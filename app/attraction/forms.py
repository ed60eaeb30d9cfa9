"""The light comparison on the region page (a GET form: nothing is saved, so no CSRF token), and the officers'
form for a block of text on their municipality's page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, RadioField, SelectChoice, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation
from wtforms.widgets import HiddenInput

from app.attraction.models import MAX_BODY
from app.forms import LandaForm, household_size
from app.validators import line_breaks, printable, squeeze

MAX_HOUSEHOLD = 15


def _yes_or_no(form, field) -> None:
    if field.data not in ("yes", "no"):
        raise StopValidation(_l("Choose Yes or No."))


class CompareForm(Form):
    FIELDS = ("household_size", "children", "occupation")  # in the address: the comparison was asked for

    household_size = StringField(
        _l("How many people are you, counting yourself?"), filters=[squeeze],
        validators=[InputRequired(message=_l("Enter how many you are, for example 4.")), household_size(MAX_HOUSEHOLD)],
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


class PlaceTextForm(LandaForm):
    """One block of a municipality's page in one language. "Preview" shows it as the page will, saving nothing."""

    body = TextAreaField(
        _l("Text"), filters=[line_breaks],
        description=_l("Plain text. An empty line starts a new paragraph; web addresses starting with https:// "
                       "become links. At most %(max)d characters.", max=MAX_BODY),
        render_kw={"rows": 14, "maxlength": MAX_BODY})
    based_on = IntegerField(widget=HiddenInput(), default=0, validators=[Optional()])
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Save"))
    withdraw = SubmitField(_l("Take the text off the page"))
