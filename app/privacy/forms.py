from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FormField, IntegerField, SelectChoice, SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired

from app.auth.forms import current_password_field
from app.forms import LandaForm
from app.privacy.models import ACTION_LABELS, ALLOWED_ACTIONS, MAX_MONTHS, MIN_MONTHS, RetentionKind
from app.validators import NumberRange


class DeleteAccountForm(LandaForm):
    password = current_password_field(message=_l("Enter your password to confirm."))
    understood = BooleanField(
        _l("I understand that my account and my household's data are erased for good."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )
    submit = SubmitField(_l("Delete my account"))


def _rule_form(kind: RetentionKind) -> type:
    class RuleForm(LandaForm):
        class Meta:
            csrf = False  # the outer form carries the token

        action = SelectField(_l("What happens"), choices=[SelectChoice(a.value, ACTION_LABELS[a])
                                                               for a in ALLOWED_ACTIONS[kind]],
                             validators=[InputRequired()])
        months = IntegerField(
            _l("After (months)"),
            validators=[InputRequired(message=_l("Enter a number of months.")),
                        NumberRange(min=MIN_MONTHS, max=MAX_MONTHS,
                                    message=_l("Between %(min)d and %(max)d months.", min=MIN_MONTHS, max=MAX_MONTHS))],
        )

    return RuleForm


class RetentionForm(LandaForm):
    submit = SubmitField(_l("Save the rules"))


for _kind in RetentionKind:
    setattr(RetentionForm, _kind.value, FormField(_rule_form(_kind), label=_kind.value))
