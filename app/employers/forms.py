from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from app.employers.errors import ERRORS, HIRE_START, NEED_DATES, EmployerError
from app.employers.models import EMPLOYMENT_TYPE_LABELS, RELOCATION_SUPPORT, EmploymentType, OrganisationKind
from app.employers.services import normalise_org_number
from app.forms import CheckboxesField, DateField, LandaForm
from app.i18n import LANGUAGE_NAMES, current_locale
from app.talent.forms import LEVEL_CHOICES, occupation
from app.validators import (
    NumberRange,
    date_within,
    email_address,
    line_breaks,
    printable,
    squeeze,
    strip,
)


def valid_org_number(form, field) -> None:
    """The use case's rule, in its words (what is wrong: the length, the check digit)."""
    try:
        normalise_org_number(field.data or "")
    except EmployerError as exc:
        raise ValidationError(exc.message) from None


class OrganisationForm(LandaForm):
    kind = RadioField(_l("Kind of organisation"), choices=[
        SelectChoice(OrganisationKind.EMPLOYER.value, _l("An employer")),
        SelectChoice(OrganisationKind.NETWORK.value, _l("An industry network posting for its members")),
    ], default=OrganisationKind.EMPLOYER.value, validators=[InputRequired()])
    name = StringField(_l("Name of the organisation"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter the organisation's name.")), Length(max=200), printable])
    org_number = StringField(_l("Organisation number"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter the organisation number.")), Length(max=20), valid_org_number],
        description=_l("Ten digits, as in NNNNNN-NNNN."))
    # Where it is based decides who reviews it: asked on its own, never guessed from the municipalities ticked.
    municipality = SelectField(_l("Where is the organisation based?"),
                               validators=[DataRequired(message=ERRORS["no_base"])],
                               description=_l("Reception officers in this municipality review the organisation."))
    municipalities = CheckboxesField(_l("Other municipalities where you recruit (optional)"),
                                     description=_l("Where you are based is included already."))
    networks = CheckboxesField(_l("Industry networks you belong to"))
    represents = SelectField(_l("The network you represent"), validators=[Optional()],
                             description=_l("Only for an industry network."))
    contact_name = StringField(_l("Contact person"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter a contact person.")), Length(max=200), printable])
    contact_email = EmailField(_l("Contact e-mail"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter an e-mail address.")),
        Length(max=254), email_address()])
    contact_phone = StringField(_l("Contact phone (optional)"), filters=[squeeze], validators=[
        Optional(), Length(max=40), printable])
    submit = SubmitField(_l("Register the organisation"))


class NeedForm(LandaForm):
    title = StringField(_l("Title"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter a title.")), Length(max=200), printable],
        description=_l("For example: Maintenance technician, night shift."))
    title_en = StringField(_l("Title in English (optional)"), filters=[squeeze], validators=[
        Optional(), Length(max=200), printable],
        description=_l("Shown to readers who use Landa in English, when your title is in Swedish."))
    occupation = StringField(_l("Occupation (SSYK)"), filters=[squeeze], validators=[
        DataRequired(message=_l("Choose the occupation.")), Length(max=200), printable, occupation])
    municipality = SelectField(_l("Where the job is"), validators=[DataRequired(message=_l("Choose a municipality."))])
    positions = IntegerField(_l("Number of positions"), default=1, validators=[
        InputRequired(message=_l("Enter how many people you need.")),
        NumberRange(min=1, max=10000, message=_l("Enter a number from 1 to 10 000."))])
    employment_type = SelectField(_l("Employment"), choices=[
        SelectChoice(t.value, EMPLOYMENT_TYPE_LABELS[t]) for t in EmploymentType])
    required_skills = StringField(_l("Required skills"), filters=[squeeze], validators=[
        Optional(), Length(max=1000), printable], description=_l("Separate them with commas."))
    nice_skills = StringField(_l("Nice-to-have skills"), filters=[squeeze], validators=[
        Optional(), Length(max=1000), printable], description=_l("Separate them with commas."))
    min_swedish = SelectField(_l("Swedish at least"), choices=LEVEL_CHOICES[:-1], default="")
    min_english = SelectField(_l("English at least"), choices=LEVEL_CHOICES[:-1], default="")
    start_date = DateField(_l("Start date"), validators=[Optional(), date_within(NEED_DATES)])
    expires_on = DateField(_l("Show the need until"), validators=[Optional(), date_within(NEED_DATES)])
    salary_min = IntegerField(_l("Monthly salary from (SEK, optional)"), validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message=_l("Enter an amount in kronor."))])
    salary_max = IntegerField(_l("Monthly salary up to (SEK, optional)"), validators=[
        Optional(), NumberRange(min=0, max=1_000_000, message=_l("Enter an amount in kronor."))])
    on_behalf_of = CheckboxesField(_l("Member employers this need is for"), coerce=int)
    relocation_support = CheckboxesField(_l("Relocation support you offer"), choices=[
        SelectChoice(key, label) for key, label in RELOCATION_SUPPORT.items()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000), printable])
    description_en = TextAreaField(_l("Description in English (optional)"), validators=[
        Optional(), Length(max=5000), printable])
    submit = SubmitField(_l("Save the need"))


class DecisionForm(LandaForm):
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000), printable])


class HireForm(LandaForm):
    start_date = DateField(_l("First day at work"),
                           validators=[InputRequired(message=_l("Enter the first day at work.")),
                                       date_within(HIRE_START)])


class ContactForm(LandaForm):
    """A contact request's message, refused as the API refuses it (``ContactRequestInSchema``): nothing is cut."""

    message = TextAreaField(_l("Message (optional)"), filters=[line_breaks, strip], validators=[
        Optional(), Length(max=2000), printable])


class InviteForm(LandaForm):
    email = EmailField(_l("Colleague's e-mail"), filters=[squeeze], validators=[
        DataRequired(message=_l("Enter an e-mail address.")),
        Length(max=254), email_address()])
    # Someone without an account has no language of their own yet; the owner knows which one they read.
    locale = SelectField(
        _l("Language of the invitation"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        default=current_locale,
        description=_l("A colleague who already has an account gets it in the language they chose."),
    )


class PublicPageForm(LandaForm):
    """An organisation's public page, as its owners write it. The rules (what is required, how long, a web address)
    are the use case's (``app.employers.public``): the form only carries the text, nothing typed is cut."""

    about = TextAreaField(_l("What the organisation does"), filters=[line_breaks],
                          description=_l("In Swedish, or the language you write in. A few sentences: what you make "
                                         "or do, how many you are, what it is like to work with you."),
                          render_kw={"rows": 6})
    about_en = TextAreaField(_l("What the organisation does, in English (optional)"), filters=[line_breaks],
                             description=_l("Shown to readers who use Landa in English."), render_kw={"rows": 6})
    website = StringField(_l("Website (optional)"), filters=[strip],
                          description=_l("The full address, for example https://www.example.se."),
                          render_kw={"inputmode": "url", "autocomplete": "url"})
    relocation_offers = CheckboxesField(_l("Relocation support you offer everyone you hire from elsewhere"),
                                        choices=[SelectChoice(key, label) for key, label in RELOCATION_SUPPORT.items()],
                                        validate_choice=False)
    relocation_text = TextAreaField(_l("More about the relocation support (optional)"), filters=[line_breaks],
                                    render_kw={"rows": 4})
    relocation_text_en = TextAreaField(_l("More about the relocation support, in English (optional)"),
                                       filters=[line_breaks], render_kw={"rows": 4})
    submit = SubmitField(_l("Save the public page"))
