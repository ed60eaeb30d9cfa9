from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from app.forms import DateField, LandaForm
from app.reception import followups
from app.reception.errors import EXPECTED_ARRIVAL, TASK_DUE
from app.reception.models import (
    CASE_STATUS_LABELS,
    CLOSING_REASON_LABELS,
    HOUSING_LABELS,
    OFFICER_CLOSING_REASONS,
    PARTNER_WORK_LABELS,
    REFERRAL_STATUS_LABELS,
    Housing,
    PartnerWork,
    ReferralStatus,
)
from app.reception.texts import AGREED_REQUIRED, EMAIL_REQUIRED, NAME_REQUIRED
from app.talent.models import GENDER_LABELS, RESIDENCE_BASIS_LABELS, Gender
from app.validators import date_within, email_address, printable, squeeze, strip


class VersionedForm(LandaForm):
    """A change to the case itself names the version of the case the officer saw."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class StatusForm(VersionedForm):
    status = SelectField(_l("New status"), validators=[DataRequired()])
    closing_reason = SelectField(
        _l("Reason for closing"),
        choices=[SelectChoice("", _l("Only when closing"))]
        + [SelectChoice(r.value, CLOSING_REASON_LABELS[r]) for r in OFFICER_CLOSING_REASONS],
        validators=[Optional()],
    )

    def offer(self, statuses) -> StatusForm:
        self.status.choices = [SelectChoice(s.value, CASE_STATUS_LABELS[s]) for s in statuses]
        return self


def officer_choices(officers) -> list[SelectChoice]:
    """Nobody, or one of the municipality's officers."""
    return [SelectChoice("", _l("Unassigned"))] + [SelectChoice(str(u.id), u.full_name) for u in officers]


class AssignForm(VersionedForm):
    officer = SelectField(_l("Officer"), validators=[Optional()])

    def offer(self, officers) -> AssignForm:
        self.officer.choices = officer_choices(officers)
        return self


class ArrivalForm(VersionedForm):
    expected_arrival = DateField(_l("Expected arrival"), validators=[Optional(), date_within(EXPECTED_ARRIVAL)])


class TaskForm(LandaForm):
    title = StringField(_l("Task"), filters=[squeeze], validators=[DataRequired(), Length(max=200), printable])
    due_on = DateField(_l("Due"),
                       validators=[InputRequired(_l("Enter the date the task is due.")), date_within(TASK_DUE)])
    assignee = SelectField(_l("Who"), validators=[Optional()])

    def offer(self, officers) -> TaskForm:
        self.assignee.choices = officer_choices(officers)
        return self


# What really happens to a note (pen test: the page promised "never by the household" while the household's
# data export carried every note, as the right of access and a party's right to see their case require).
NOTE_READERS = _l("Not shown on the household's pages, but part of their case: read by this municipality's "
                  "reception officers and the region's coordinators, included when the household downloads "
                  "their data (GDPR art. 15), and theirs to see if they ask for the documents of their case. "
                  "Write only what you would show them.")


class NoteForm(LandaForm):
    body = TextAreaField(_l("Internal note"), description=NOTE_READERS,
                         validators=[DataRequired(), Length(max=5000), printable])


class NewCaseForm(LandaForm):
    """A household that came to the service desk or called: the officer registers them."""

    full_name = StringField(_l("Name"), filters=[squeeze], validators=[
        DataRequired(message=NAME_REQUIRED), Length(max=200), printable])
    email = EmailField(_l("E-mail"), filters=[strip], validators=[
        DataRequired(message=EMAIL_REQUIRED),
        Length(max=254), email_address()])
    locale = SelectField(_l("Language for messages"),
                         choices=[SelectChoice("sv", "Svenska"), SelectChoice("en", "English")])
    municipality = SelectField(_l("Municipality"), validators=[DataRequired(message=_l("Choose the municipality."))])
    expected_arrival = DateField(_l("Expected arrival"), validators=[Optional(), date_within(EXPECTED_ARRIVAL)])
    residence_basis = SelectField(
        _l("On what grounds will they live in Sweden?"), default="", validators=[Optional()],
        choices=[SelectChoice("", _l("Not known yet"))] + [SelectChoice(b.value, RESIDENCE_BASIS_LABELS[b])
                                                           for b in RESIDENCE_BASIS_LABELS],
        description=_l("Starts a new household's plan with the right permit steps; a household with an account "
                       "gives it themselves."))
    gender = RadioField(
        _l("Gender (optional)"), default="",
        choices=[SelectChoice("", _l("Not given"))] + [SelectChoice(g.value, GENDER_LABELS[g]) for g in Gender],
        invalid_choice_message=_l("Choose one of the answers, or leave it as not given."),
        description=_l("Only if they want to say it. Kept for a new household; a household with an account "
                       "gives it themselves."))
    agreed = BooleanField(_l("The household agreed that reception contacts them about their move"),
                          validators=[DataRequired(AGREED_REQUIRED)])
    note = TextAreaField(_l("Internal note"), description=NOTE_READERS,
                         validators=[Optional(), Length(max=5000), printable])


class SurveyForm(LandaForm):
    """The household's three answers, a few weeks or months after arrival."""

    settled = RadioField(_l("How settled do you feel in your new home town?"),
                         choices=[SelectChoice(str(n), label) for n, label in (
                             (1, _l("1 – not at all")), (2, _l("2")), (3, _l("3")), (4, _l("4")),
                             (5, _l("5 – completely")))],
                         validators=[InputRequired(_l("Choose how settled you feel."))])
    housing = RadioField(_l("Where do you live?"),
                         choices=[SelectChoice(h.value, HOUSING_LABELS[h]) for h in Housing],
                         validators=[InputRequired(_l("Choose how you live."))])
    partner_work = RadioField(_l("Does your partner work?"),
                              choices=[SelectChoice(p.value, PARTNER_WORK_LABELS[p]) for p in PartnerWork],
                              validators=[InputRequired(_l("Choose an answer about your partner."))])


class CheckboxesField(SelectMultipleField):
    """Any of a few choices, as a checkbox each."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class IntervalsForm(LandaForm):
    """The follow-ups after arrival, chosen as periods: the usual ones (and any other the municipality keeps)
    ticked or not, and one more of the officer's own. ``days`` holds the result, as day offsets."""

    periods = CheckboxesField(_l("Follow-ups after arrival"), coerce=int,
                              description=_l("Tick each one you want, counted from the household's arrival date."))
    other_count = StringField(_l("Another period"), filters=[strip], validators=[Optional()])
    other_unit = SelectField(_l("Weeks or months"), default=followups.MONTHS,
                             choices=[SelectChoice(followups.WEEKS, _l("weeks")),
                                      SelectChoice(followups.MONTHS, _l("months"))])

    def offer(self, kept: list[int]) -> IntervalsForm:
        """The usual periods, and those the municipality keeps besides (one added earlier, or typed in days)."""
        usual = {followups.days_of(count, unit) for count, unit in followups.STANDARD_PERIODS}
        self.periods.choices = [SelectChoice(d, followups.period_text(d)) for d in sorted(usual | set(kept))]
        return self

    def validate_other_count(self, field) -> None:
        if not (field.data.isascii() and field.data.isdigit()):
            raise ValidationError(_l("Enter the period as a whole number, for example 4."))
        most = followups.LONGEST.get(self.other_unit.data)
        if most and not 1 <= int(field.data) <= most:
            raise ValidationError(_l("Enter a number of weeks from 1 to %(most)d.", most=most)
                                  if self.other_unit.data == followups.WEEKS
                                  else _l("Enter a number of months from 1 to %(most)d.", most=most))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.other_count.errors or self.other_unit.errors or self.periods.errors:
            return False
        days = set(self.periods.data or [])
        if self.other_count.data:
            days.add(followups.days_of(int(self.other_count.data), self.other_unit.data))
        if not days:
            self.periods.errors.append(_l("Tick at least one follow-up, or enter another period."))
        elif len(days) > followups.MOST_FOLLOW_UPS:
            self.periods.errors.append(_l("Choose at most %(most)d follow-ups: untick one or more.",
                                          most=followups.MOST_FOLLOW_UPS))
        self.days = sorted(days)
        return valid and not self.periods.errors


class MessageForm(LandaForm):
    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=5000), printable])


class ReferralForm(LandaForm):
    target = SelectField(_l("Refer to"), validators=[DataRequired()])
    note = StringField(_l("Note"), filters=[squeeze], validators=[Optional(), Length(max=500), printable])


class ReferralStatusForm(LandaForm):
    status = SelectField(_l("Status"),
                         choices=[SelectChoice(s.value, REFERRAL_STATUS_LABELS[s]) for s in ReferralStatus])


class MoveForm(VersionedForm):
    municipality = SelectField(_l("Move to municipality"), validators=[DataRequired()])
