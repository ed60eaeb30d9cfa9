"""The base of every web form: what a browser's form sends, and nothing else.

Flask-WTF hands a form the uploaded files too (and a JSON body when there is no form), so a file sent
where a text field is expected reached the text validators as a ``FileStorage`` ("has no len()": a 500,
found by the penetration test on /login, /register and the household forms). Landa takes no files and
its forms are not JSON endpoints (that is the API's job), so a ``LandaForm`` reads ``request.form``
only: a file or a JSON body where a form belongs is simply a form with those fields missing, refused
with the form's own messages.
"""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from wtforms import DateField as WTFormsDateField
from wtforms import SelectMultipleField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from app.validators import INVALID_DATE


class LandaForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            if formdata is _Auto:
                return request.form if _is_submitted() else None
            return formdata


class DateField(WTFormsDateField):
    """A date; what is not one ("2027-13-45") is refused in the words the API uses too (``INVALID_DATE``)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", INVALID_DATE)
        super().__init__(*args, **kwargs)


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def household_size(most: int):
    """A household's size typed as a whole number from 1 to ``most``; anything else is refused in words."""

    def check(form, field) -> None:
        text = (field.data or "").strip()
        if not text.isdecimal() or not 1 <= int(text) <= most:
            raise StopValidation(_l("Enter how many you are as a whole number from 1 to %(most)d, for example 4.",
                                    most=most))

    return check
