from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from app.forms import LandaForm
from app.validators import NumberRange, printable, strip

LINK = _l("Link")


def _link_field(label=LINK):
    return URLField(label, filters=[strip], validators=[
        Optional(), Length(max=300), URL(require_tld=True, message=_l("Enter a full address, starting with https://."))])


class ServiceTextForm(LandaForm):
    name_sv = StringField(_l("Name in Swedish"), filters=[strip],
                          validators=[DataRequired(message=_l("Enter a name.")), Length(max=200), printable])
    name_en = StringField(_l("Name in English"), filters=[strip],
                          validators=[DataRequired(message=_l("Enter a name.")), Length(max=200), printable])
    description_sv = TextAreaField(_l("Description in Swedish"), validators=[Length(max=3000), printable])
    description_en = TextAreaField(_l("Description in English"), validators=[Length(max=3000), printable])
    authority = StringField(_l("Responsible authority, in Swedish"), filters=[strip],
                            validators=[DataRequired(message=_l("Enter the authority.")), Length(max=200), printable])
    authority_en = StringField(_l("Responsible authority, in English"), filters=[strip],
                               validators=[DataRequired(message=_l("Enter the authority.")), Length(max=200),
                                           printable])
    link = _link_field()
    submit = SubmitField(_l("Save"))


class MunicipalServiceForm(LandaForm):
    contact_sv = TextAreaField(_l("Contact in the municipality, in Swedish"), validators=[Length(max=2000), printable],
                               description=_l("Office, phone, opening hours, e-service: what a newcomer needs."))
    contact_en = TextAreaField(_l("Contact in the municipality, in English"), validators=[Length(max=2000), printable])
    link = _link_field(_l("The municipality's page"))
    submit = SubmitField(_l("Save"))


class HousingContactForm(LandaForm):
    name_sv = StringField(_l("Name in Swedish"), filters=[strip],
                          validators=[DataRequired(message=_l("Enter a name.")), Length(max=200), printable])
    name_en = StringField(_l("Name in English"), filters=[strip],
                          validators=[DataRequired(message=_l("Enter a name.")), Length(max=200), printable])
    website = _link_field(_l("Website"))
    queue_model_sv = StringField(_l("How the queue works, in Swedish"), filters=[strip],
                                 validators=[Length(max=300), printable])
    queue_model_en = StringField(_l("How the queue works, in English"), filters=[strip],
                                 validators=[Length(max=300), printable])
    rules_sv = TextAreaField(_l("Other rules in Swedish, one per line"), validators=[Length(max=3000), printable])
    rules_en = TextAreaField(_l("Other rules in English, one per line"), validators=[Length(max=3000), printable])
    notes_sv = TextAreaField(_l("Notes in Swedish"), validators=[Length(max=2000), printable])
    notes_en = TextAreaField(_l("Notes in English"), validators=[Length(max=2000), printable])
    requires_id = SelectField(_l("Identity number needed to register"), choices=[
        SelectChoice("", _l("None")),
        SelectChoice("personnummer", _l("Personal identity number (personnummer)")),
        SelectChoice("personnummer_or_samordningsnummer", _l("Personal identity or coordination number")),
    ])
    registration_min_age = IntegerField(_l("Minimum age to register"), validators=[
        Optional(), NumberRange(min=0, max=30, message=_l("Enter an age from 0 to 30."))])
    bonus_points = IntegerField(_l("Work-mover bonus (queue points)"), validators=[
        Optional(), NumberRange(min=0, max=100000, message=_l("Enter a number of points."))])
    bonus_valid_months = IntegerField(_l("Months after the first day at work to claim the bonus"), validators=[
        Optional(), NumberRange(min=1, max=36, message=_l("Enter a number of months from 1 to 36."))])
    bonus_conditions_sv = TextAreaField(_l("Bonus conditions in Swedish"), validators=[Length(max=2000), printable])
    bonus_conditions_en = TextAreaField(_l("Bonus conditions in English"), validators=[Length(max=2000), printable])
    submit = SubmitField(_l("Save"))
