"""The forms of events: an organiser's event, a visitor's registration, attendance."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.events.models import KIND_LABELS, EventKind
from app.forms import LandaForm
from app.models import SWEDEN
from app.validators import NumberRange, email_address, line_breaks, printable, squeeze, strip

INVALID_MOMENT = _l("Enter a date and a time, such as 2027-03-15 18:00.")
MOMENT = "%Y-%m-%dT%H:%M"


def local_moment(value: datetime | None) -> datetime | None:
    """A time typed in Sweden's local time, as the aware moment it is."""
    return value.replace(tzinfo=SWEDEN) if value is not None and value.tzinfo is None else value


def web_address(form, field) -> None:
    if field.data and not field.data.startswith(("https://", "http://")):
        raise ValidationError(_l("Enter the full address of the online meeting, starting with https://."))


class EventForm(LandaForm):
    kind = SelectField(_l("Kind of event"), choices=[SelectChoice(k.value, v) for k, v in KIND_LABELS.items()],
                       validators=[InputRequired()])
    title = StringField(_l("Title"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter a title.")), Length(max=200), printable])
    description = TextAreaField(_l("What happens at the event"), filters=[strip, line_breaks],
                                validators=[Optional(), Length(max=5000), printable])
    language = SelectField(_l("Language of the event"), choices=[SelectChoice("sv", "Svenska"),
                                                                SelectChoice("en", "English")], default="sv")
    starts_at = DateTimeLocalField(_l("Starts"), format=MOMENT, invalid_value_message=INVALID_MOMENT,
                                   validators=[InputRequired(message=_l("Enter when the event starts."))],
                                   description=_l("Swedish time."))
    ends_at = DateTimeLocalField(_l("Ends"), format=MOMENT, invalid_value_message=INVALID_MOMENT,
                                 validators=[InputRequired(message=_l("Enter when the event ends."))])
    registration_deadline = DateTimeLocalField(
        _l("Last time to register (optional)"), format=MOMENT, invalid_value_message=INVALID_MOMENT,
        validators=[Optional()], description=_l("Without one, people can register until the event starts."))
    where = RadioField(_l("Where"), choices=[SelectChoice("place", _l("At a place")),
                                             SelectChoice("online", _l("Online"))], default="place",
                       validators=[InputRequired()])
    place_name = StringField(_l("Name of the place (optional)"), filters=[squeeze],
                             validators=[Optional(), Length(max=200), printable],
                             description=_l("For example: Folkets hus, room 2."))
    address = StringField(_l("Street address"), filters=[squeeze], validators=[Optional(), Length(max=300), printable])
    online_url = URLField(_l("Link to the online meeting"), filters=[strip],
                          validators=[Optional(), Length(max=500), printable, web_address])
    municipality = SelectField(_l("Municipality"), validators=[DataRequired(message=_l("Choose a municipality."))])
    organisation = SelectField(_l("Organised by"), validators=[Optional()])
    capacity = IntegerField(_l("Number of seats"), validators=[
        InputRequired(message=_l("Enter how many people can take part (at least 1).")),
        NumberRange(min=1, max=100000, message=_l("Enter how many people can take part (at least 1)."))])
    publish = BooleanField(_l("Publish: show it on the events page and open registration"))
    submit = SubmitField(_l("Save the event"))

    def values(self) -> dict:
        online = self.where.data == "online"
        return {
            "kind": EventKind(self.kind.data), "title": self.title.data, "description": self.description.data or "",
            "language": self.language.data, "starts_at": local_moment(self.starts_at.data),
            "ends_at": local_moment(self.ends_at.data),
            "registration_deadline": local_moment(self.registration_deadline.data),
            "online_url": self.online_url.data if online else None,
            "place_name": None if online else self.place_name.data,
            "address": None if online else self.address.data,
            "municipality_code": self.municipality.data,
            "organisation_id": int(chosen) if (chosen := getattr(self.organisation, "data", None) or "").isdigit()
            else None,
            "capacity": self.capacity.data,
        }


class RegisterForm(LandaForm):
    """A visitor's registration: a name, an address to confirm, and the consent."""

    name = StringField(_l("Your name"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter your name.")), Length(max=200), printable])
    email = EmailField(_l("E-mail"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter an e-mail address.")), Length(max=254), email_address()])
    consent = BooleanField(_l("I agree that Landa keeps my name and e-mail address for this event."))
    submit = SubmitField(_l("Register"))


class OneClickForm(LandaForm):
    submit = SubmitField(_l("Register with my account"))


class ConfirmForm(LandaForm):
    submit = SubmitField(_l("Confirm my registration"))


class CancelForm(LandaForm):
    submit = SubmitField(_l("Cancel my registration"))


class CancelEventForm(LandaForm):
    submit = SubmitField(_l("Cancel the event"))


class AttendanceForm(LandaForm):
    attended = RadioField(_l("Attended"), choices=[
        SelectChoice("yes", _l("Came")), SelectChoice("no", _l("Did not come")), SelectChoice("", _l("Not marked"))],
        validators=[Optional()])
    submit = SubmitField(_l("Save"))
