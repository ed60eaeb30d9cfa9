from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.forms import DateField, LandaForm
from app.models import today
from app.talent.errors import ARRIVAL, JOB_START
from app.talent.models import (
    CITIZENSHIP_LABELS,
    EDUCATION_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    MOVING_LABELS,
    RESIDENCE_BASIS_LABELS,
    STATUS_LABELS,
    Citizenship,
    Education,
    Gender,
    HouseholdStatus,
    LanguageLevel,
    Moving,
    Relation,
)
from app.talent.services import ADULT, MAX_AGE, ProfileError, phone_number, resolve_occupation
from app.validators import PHONE_MAX_LENGTH, NumberRange, date_within, email_address, printable, squeeze

LEVEL_CHOICES = [SelectChoice("", _l("None"))] + [SelectChoice(level.value, LEVEL_LABELS[level])
                                                  for level in LanguageLevel]


OCCUPATION_ERRORS = {
    "unknown_occupation_code": _l("There is no occupation with code %(code)s in SSYK 2012."),
    "ambiguous_occupation": _l("“%(text)s” fits several occupations: choose one from the list."),
    "no_occupation": _l("We found no occupation for “%(text)s”. Try another word, in Swedish or English."),
}


def occupation(form, field) -> None:
    """Resolve what was picked or typed to an SSYK occupation, kept on ``field.occupation``."""
    field.occupation = None
    if not field.data:
        return
    try:
        field.occupation = resolve_occupation(field.data)
    except ProfileError as exc:
        raise ValidationError(str(OCCUPATION_ERRORS[exc.code]) % exc.params) from None


def _level_field(label):
    return SelectField(label, choices=LEVEL_CHOICES, default="")


def residence_basis_field(label):
    return SelectField(label, choices=[SelectChoice("", _l("As the citizenship suggests"))] + [
        SelectChoice(b.value, RESIDENCE_BASIS_LABELS[b]) for b in RESIDENCE_BASIS_LABELS], default="",
        validators=[Optional()],
        description=_l("It decides which permits the plan has: a work permit, the family's permits, temporary "
                       "protection..."))


def gender_field(label):
    """Optional: left as "Not given" it stays empty; "Prefer not to say" is an answer of its own."""
    return RadioField(label, choices=[SelectChoice("", _l("Not given"))] + [
        SelectChoice(g.value, GENDER_LABELS[g]) for g in Gender], default="",
        invalid_choice_message=_l("Choose one of the answers, or leave it as not given."),
        description=_l("Optional. The region counts how many women and men come, never who: only totals of "
                       "five or more are shown."))


def gender_of(field) -> Gender | None:
    return Gender(field.data) if field.data else None


def birth_year_field():
    return IntegerField(
        _l("Year of birth"),
        validators=[Optional(), NumberRange(min=1900, max=2100, message=_l("Enter a year such as 2019."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


def check_birth_year(field) -> None:
    year = field.data
    if year is None:
        return
    this_year = today().year
    if year > this_year:
        raise ValidationError(_l("The year of birth cannot be in the future."))
    if year < this_year - MAX_AGE:
        raise ValidationError(_l("The year of birth cannot be more than %(years)d years ago.", years=MAX_AGE))


class AboutForm(LandaForm):
    full_name = StringField(_l("Full name"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter your name.")), Length(max=200), printable],
        render_kw={"autocomplete": "name"})
    phone = StringField(_l("Phone (optional)"), filters=[squeeze], validators=[
        Optional(), Length(max=PHONE_MAX_LENGTH), printable], render_kw={"autocomplete": "tel", "inputmode": "tel"},
        description=_l("If the number is from another country than the one you live in now, start with + and the "
                       "country code, such as +46 70 123 45 67."))
    citizenship = RadioField(
        _l("Your citizenship"),
        choices=[SelectChoice(c.value, CITIZENSHIP_LABELS[c]) for c in Citizenship],
        validators=[InputRequired(message=_l("Choose your citizenship: it decides whether you need a work permit."))],
        description=_l("If you have several, choose the one that gives you the most rights in Sweden."),
    )
    current_country = SelectField(_l("Country where you live now"), validators=[Optional()])
    current_city = StringField(_l("City"), filters=[squeeze], validators=[Optional(), Length(max=120), printable])
    birth_year = birth_year_field()
    gender = gender_field(_l("Gender (optional)"))
    residence_basis = residence_basis_field(_l("On what grounds will you live in Sweden?"))
    submit = SubmitField(_l("Save and continue"))

    def validate_birth_year(self, field):
        check_birth_year(field)

    def validate_phone(self, field):
        """The use case's rule, asked here too, so the page lists every error at once."""
        try:
            phone_number(field.data, self.current_country.data)
        except ProfileError as exc:
            raise ValidationError(exc.message) from None


class OtherLanguageForm(Form):
    language = SelectField(_l("Language"), validators=[Optional()])
    level = _level_field(_l("Level"))


class LanguagesForm(LandaForm):
    swedish = _level_field(_l("Swedish"))
    english = _level_field(_l("English"))
    others = FieldList(FormField(OtherLanguageForm), min_entries=3, max_entries=3)
    submit = SubmitField(_l("Save and continue"))

    def validate_others(self, field):
        problems = False
        for entry in field.entries:
            if entry.form.language.data and not entry.form.level.data:
                entry.form.level.errors.append(_l("Choose a level for each language you add."))
                problems = True
            if entry.form.level.data and not entry.form.language.data:
                entry.form.language.errors.append(_l("Choose the language for each level you give."))
                problems = True
        if problems:
            raise ValidationError(_l("Please correct the marked fields."))


class WorkForm(LandaForm):
    occupations = FieldList(
        StringField(_l("Occupation"), filters=[squeeze],
                    validators=[Optional(), Length(max=200), printable, occupation]),
        min_entries=3, max_entries=3,
    )
    skills = StringField(
        _l("Skills"), validators=[Optional(), Length(max=2000), printable],
        description=_l("Separate them with commas, for example: PLC programming, welding, AutoCAD. Landa "
                       "suggests skills as employers name them; anything else you type is kept."),
    )
    education = SelectField(
        _l("Highest education"),
        choices=[SelectChoice("", _l("Choose…"))] + [SelectChoice(e.value, EDUCATION_LABELS[e]) for e in Education],
        validators=[Optional()],
    )
    years_experience = IntegerField(
        _l("Years of work experience in your occupation"),
        validators=[Optional(), NumberRange(min=0, max=60, message=_l("Enter a number from 0 to 60."))],
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField(_l("Save and continue"))


class PlacesForm(LandaForm):
    open_to_all = BooleanField(_l("I would consider any municipality in the region"))
    submit = SubmitField(_l("Save and continue"))
    # One "rank_<code>" select per municipality is added by the view.


class MoveForm(LandaForm):
    status = RadioField(
        _l("Where are you in your move?"),
        choices=[SelectChoice(s.value, STATUS_LABELS[s]) for s in HouseholdStatus],
        validators=[InputRequired(message=_l("Choose where you are in your move."))],
    )
    destination = SelectField(_l("Municipality you are moving to"), validators=[Optional()])
    job_start = DateField(_l("First day at work"), validators=[Optional(), date_within(JOB_START)],
                          description=_l("If you have a job offer."))
    arrival = DateField(_l("Arrival date"), validators=[Optional(), date_within(ARRIVAL)],
                        description=_l("The day you (plan to) arrive in Sweden."))
    works_before_arrival = BooleanField(
        _l("I start working before I arrive (remotely, for example)"),
        description=_l("Only if your first day at work is before your arrival date."))
    permit_decision = DateField(_l("Permit decision (optional)"), validators=[Optional(), date_within(ARRIVAL)],
                                description=_l("The day the Migration Agency decided, or is expected to decide, on "
                                               "your permits."))
    offer_salary = IntegerField(
        _l("Monthly salary of your job offer (SEK, optional)"),
        validators=[Optional(), NumberRange(min=0, max=1_000_000, message=_l("Enter an amount in kronor."))],
        description=_l("Before tax. Your plan tells you if it is below what a work permit requires."),
        render_kw={"inputmode": "numeric"})
    submit = SubmitField(_l("Save and see my plan"))


class MemberForm(LandaForm):
    relation = RadioField(
        _l("Who is it?"),
        choices=[SelectChoice(Relation.PARTNER.value, _l("My partner")),
                 SelectChoice(Relation.CHILD.value, _l("My child"))],
        validators=[InputRequired(message=_l("Choose partner or child."))],
    )
    first_name = StringField(_l("First name"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter a first name.")), Length(max=100), printable])
    birth_year = birth_year_field()
    gender = gender_field(_l("Gender (optional)"))
    residence_basis = residence_basis_field(_l("On what grounds will they live in Sweden?"))
    home_language = SelectField(_l("Home language"), validators=[Optional()],
                                description=_l("The language spoken at home. Children may get mother-tongue tuition."))
    moving = RadioField(
        _l("Moving"),
        choices=[SelectChoice(m.value, MOVING_LABELS[m]) for m in Moving],
        default=Moving.NOW.value,
        validators=[InputRequired()],
    )
    follows_on = DateField(_l("Date they follow"), validators=[Optional(), date_within(ARRIVAL)])
    seeking_work = BooleanField(_l("Looking for work in Sweden"))
    email = EmailField(
        _l("Your partner's own e-mail address (optional)"),
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
        validators=[Optional(), Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
                    email_address(_l("Enter a valid e-mail address, like name@example.se."))],
        description=_l("Your partner decides themselves whether employers see them: we send them a link there."),
    )
    occupations = FieldList(
        StringField(_l("Occupation"), filters=[squeeze],
                    validators=[Optional(), Length(max=200), printable, occupation]),
        min_entries=3, max_entries=3,
    )
    swedish = _level_field(_l("Swedish"))
    english = _level_field(_l("English"))
    other_language = SelectField(_l("Another language"), validators=[Optional()])
    other_level = _level_field(_l("Level"))
    submit = SubmitField(_l("Save"))

    def validate_birth_year(self, field):
        check_birth_year(field)
        if self.relation.data == Relation.PARTNER.value and field.data and field.data > today().year - ADULT:
            raise ValidationError(_l("A partner must be at least %(age)d years old.", age=ADULT))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # Optional() ends a field's checks when it is empty, so "required when..." is checked here.
        if self.relation.data == Relation.CHILD.value and self.birth_year.data is None \
                and not self.birth_year.errors:
            self.birth_year.errors.append(_l("Enter the child's year of birth: it decides preschool and school."))
            ok = False
        if self.moving.data == Moving.LATER.value and self.follows_on.data is None and not self.follows_on.errors:
            self.follows_on.errors.append(_l("Enter the date they follow."))
            ok = False
        if self.other_language.data and not self.other_level.data:
            self.other_level.errors.append(_l("Choose a level for each language you add."))
            ok = False
        return ok


class JobAlertForm(LandaForm):
    me = BooleanField(_l("E-mail me new jobs that fit me, once a week"))
    partner = BooleanField(_l("E-mail new jobs that fit my partner too"))
    submit = SubmitField(_l("Save job alerts"))


class StopJobAlertsForm(LandaForm):
    submit = SubmitField(_l("Stop job alerts"))


class PlanRemindersForm(LandaForm):
    on = BooleanField(_l("E-mail me a few days before a deadline in my plan"))
    submit = SubmitField(_l("Save reminders"))


class CalendarFeedForm(LandaForm):
    """Make a new private calendar address (replacing the one before), or stop it."""

    open = SubmitField(_l("Make a calendar address"))
    close = SubmitField(_l("Stop the calendar address"))


class ConsentForm(LandaForm):
    matching = BooleanField(_l("Share my profile with employers for matching"))
    officer_contact = BooleanField(_l("Let reception officers in the municipalities I chose contact me"))
    follow_up = BooleanField(_l("Send me follow-up messages after I arrive"))
    submit = SubmitField(_l("Save my choices"))
