"""The "Thinking of moving here?" form, the invited lead's registration, and the staff's status change."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional, StopValidation, ValidationError

from app.auth.passwords import MAX_LENGTH, MIN_LENGTH, too_easy_to_guess
from app.forms import CheckboxesField, LandaForm, household_size
from app.leads.models import MAX_HOUSEHOLD, STATUS_LABELS, WHEN_LABELS, MovingWhen
from app.leads.services import MANUAL_STATUSES
from app.models import today
from app.validators import email_address, printable, squeeze


def _month(form, field) -> None:
    """``2027-03``: needed (and checked) only when "In a given month" was chosen."""
    if form.moving_when.data != MovingWhen.MONTH.value:
        field.errors = []
        return
    text = (field.data or "").strip()
    if not text:
        raise StopValidation(_l("Choose the month you plan to move."))
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise StopValidation(_l("Enter the month as year and month, such as 2027-03."))
    month = date(int(match.group(1)), int(match.group(2)), 1)
    first = today().replace(day=1)
    if month < first or month.year > first.year + 5:
        raise StopValidation(_l("Choose a month from this month and at most five years ahead."))


class InterestForm(LandaForm):
    full_name = StringField(_l("Your name"), filters=[squeeze],
                            validators=[InputRequired(message=_l("Enter your name.")), printable,
                                        Length(max=200, message=_l("Use at most 200 characters."))],
                            render_kw={"autocomplete": "name", "maxlength": 200})
    email = EmailField(
        _l("E-mail"), filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        description=_l("We send a link to this address: your answers reach the reception only after you open it."),
        validators=[DataRequired(message=_l("Enter your e-mail address.")),
                    Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
                    email_address(_l("Enter a valid e-mail address, like name@example.se."))],
        render_kw={"autocomplete": "email"})
    occupation = StringField(
        _l("I work as"), filters=[squeeze],
        description=_l("A job title in Swedish or English, or an SSYK code (for example 2221)."),
        validators=[InputRequired(message=_l("Enter your occupation, a job title or an SSYK code.")), printable,
                    Length(max=200, message=_l("Use at most 200 characters."))],
        render_kw={"autocomplete": "organization-title", "maxlength": 200})
    household_size = StringField(
        _l("How many people are you, counting yourself?"), filters=[squeeze],
        validators=[InputRequired(message=_l("Enter how many you are, for example 4.")), household_size(MAX_HOUSEHOLD)],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "size": 4})
    children = RadioField(_l("Are there children in the household?"),
                          choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No")),
                                   SelectChoice("", _l("I would rather not say"))],
                          default="", validate_choice=True, validators=[Optional()])
    from_country = SelectField(_l("Country where you live now"), validators=[Optional()])
    moving_when = RadioField(_l("When do you think you will move?"),
                             choices=[SelectChoice(w.value, WHEN_LABELS[w]) for w in MovingWhen],
                             validators=[InputRequired(message=_l("Choose when you think you will move."))])
    moving_month = StringField(_l("Month"), description=_l("Year and month, such as 2027-03."),
                               validators=[_month], render_kw={"type": "month", "placeholder": "2027-03"})
    municipalities = CheckboxesField(
        _l("Which municipalities are you interested in?"),
        description=_l("Choose none if you are open to all of them: the regional coordinators then see your answers."),
        validators=[Optional()])
    consent = BooleanField(
        _l("Your consent"),
        validators=[DataRequired(message=_l("Tick the box to agree, or we cannot keep your answers."))])
    submit = SubmitField(_l("Send"))

    def validate_children(self, field) -> None:
        if field.data == "yes" and self.household_size.data and self.household_size.data.strip() == "1":
            raise ValidationError(_l("A household of one person has no children: count the children in the number "
                                     "of people, or choose No."))

    def children_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.children.data or "")

    def month_value(self) -> date | None:
        if self.moving_when.data != MovingWhen.MONTH.value or not self.moving_month.data:
            return None
        year, month = self.moving_month.data.strip().split("-")
        return date(int(year), int(month), 1)


class ConfirmForm(LandaForm):
    submit = SubmitField(_l("Confirm my interest"))


def _hard_to_guess(form, field) -> None:
    if field.data and len(field.data) >= MIN_LENGTH and too_easy_to_guess(field.data, (form.full_name.data or "",)):
        raise ValidationError(_l("This password is too easy to guess: it is common, or made of your name, a word "
                                 "and a year. A few unrelated words in a row are better."))


class RegisterForm(LandaForm):
    full_name = StringField(_l("Your name"), filters=[squeeze],
                            validators=[InputRequired(message=_l("Enter your name.")), printable,
                                        Length(max=200, message=_l("Use at most 200 characters."))],
                            render_kw={"autocomplete": "name"})
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Choose a password.")),
                    Length(min=MIN_LENGTH, max=MAX_LENGTH,
                           message=_l("Use between %(min)d and %(max)d characters.", min=MIN_LENGTH, max=MAX_LENGTH)),
                    _hard_to_guess],
        description=_l("At least %(min)d characters. A few words in a row make a good password.", min=MIN_LENGTH),
        render_kw={"autocomplete": "new-password"})
    password_confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(message=_l("Repeat the password.")),
                    EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Create my account"))


class StatusForm(LandaForm):
    status = SelectField(_l("Status"), choices=[SelectChoice(s.value, STATUS_LABELS[s]) for s in MANUAL_STATUSES],
                         validators=[InputRequired(message=_l("Choose a status."))])
    submit = SubmitField(_l("Change status"))


class InviteForm(LandaForm):
    submit = SubmitField(_l("Invite to register"))
