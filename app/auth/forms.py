from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from app.auth.models import ROLE_LABELS, STAFF_ROLES, TOKEN_SCOPE_LABELS, Role, TokenScope
from app.auth.passwords import MAX_LENGTH, MIN_LENGTH, too_easy_to_guess
from app.forms import LandaForm
from app.i18n import LANGUAGE_NAMES
from app.validators import email_address, printable, squeeze


def _email_field(label=None):
    return EmailField(
        label or _l("E-mail"),
        validators=[
            DataRequired(message=_l("Enter your e-mail address.")),
            Length(max=254, message=_l("An e-mail address has at most 254 characters.")),
            email_address(_l("Enter a valid e-mail address, like name@example.se.")),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )


def hard_to_guess(form, field) -> None:
    """Refuse common passwords and ones built from the person's own name or e-mail."""
    if not field.data or len(field.data) < MIN_LENGTH:
        return  # the length message says enough
    hints = tuple(str(form[name].data or "") for name in ("email", "full_name") if name in form)
    if too_easy_to_guess(field.data, hints):
        raise ValidationError(_l("This password is too easy to guess: it is common, or made of your name, a word "
                                 "and a year. A few unrelated words in a row are better."))


def _new_password_fields():
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(message=_l("Choose a password.")),
            Length(
                min=MIN_LENGTH,
                max=MAX_LENGTH,
                message=_l("Use between %(min)d and %(max)d characters.", min=MIN_LENGTH, max=MAX_LENGTH),
            ),
        ],
        description=_l("At least %(min)d characters. A few words in a row make a good password.", min=MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )
    password.kwargs["validators"].append(hard_to_guess)
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(message=_l("Repeat the password.")),
            EqualTo("password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def current_password_field(label=None, message=None) -> PasswordField:
    """The password a person already has, asked to sign in or to confirm something that matters."""
    required = DataRequired(message=message or _l("Enter your password."))
    return PasswordField(label or _l("Your password"), validators=[required, Length(max=MAX_LENGTH)],
                         render_kw={"autocomplete": "current-password"})


class LoginForm(LandaForm):
    email = _email_field()
    password = current_password_field(_l("Password"))
    next = HiddenField()
    submit = SubmitField(_l("Sign in"))


class RegisterForm(LandaForm):
    role = RadioField(
        _l("I am"),
        choices=[
            SelectChoice(Role.NEWCOMER.value, _l("moving to the region, or thinking about it")),
            SelectChoice(Role.EMPLOYER.value, _l("an employer looking for skills")),
        ],
        default=Role.NEWCOMER.value,
        validators=[InputRequired(message=_l("Choose who you are."))],
    )
    full_name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(max=200, message=_l("A name has at most 200 characters.")),
            printable,
        ],
        filters=[squeeze],
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    password, password_confirm = _new_password_fields()
    submit = SubmitField(_l("Create account"))


class PasswordChangeForm(LandaForm):
    current_password = current_password_field(_l("Current password"), _l("Enter your current password."))
    password, password_confirm = _new_password_fields()
    submit = SubmitField(_l("Change password"))


class ResetRequestForm(LandaForm):
    email = _email_field()
    submit = SubmitField(_l("Send the link"))


class ResetPasswordForm(LandaForm):
    password, password_confirm = _new_password_fields()
    submit = SubmitField(_l("Save the new password"))


class StaffUserForm(LandaForm):
    full_name = StringField(
        _l("Full name"),
        validators=[DataRequired(message=_l("Enter a name.")), Length(max=200), printable],
        filters=[squeeze],
    )
    email = _email_field()
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in STAFF_ROLES],
        validators=[InputRequired()],
    )
    municipality_code = SelectField(
        _l("Municipality"),
        description=_l("Reception officers work for one municipality."),
    )
    # The invitation and everything Landa sends later are in the new colleague's language, not the admin's.
    locale = SelectField(
        _l("Language for messages"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        default="sv",
        description=_l("The invitation and later e-mails are written in it. They can change it on their account page."),
    )
    submit = SubmitField(_l("Create the account"))

    def validate_municipality_code(self, field):
        if self.role.data == Role.OFFICER.value and not field.data:
            raise ValidationError(_l("Choose the officer's municipality."))


class TokenForm(LandaForm):
    name = StringField(_l("Name of the token"), filters=[squeeze],
                       description=_l("Where you will use it, for example “HR system”."),
                       validators=[DataRequired(), Length(max=100), printable])
    scope = RadioField(_l("What it may do"), default=TokenScope.WRITE.value, validators=[DataRequired()],
                       choices=[SelectChoice(scope.value, label) for scope, label in TOKEN_SCOPE_LABELS.items()])


def _code_field(backup: bool = False):
    """The code from the authenticator app; where a backup code will do instead, it says so (and the phone
    keyboard has letters)."""
    if backup:
        label = _l("Code from your app, or a backup code")
        message = _l("Enter the code from your app, or a backup code.")
    else:
        label, message = _l("Code from your authenticator app"), _l("Enter the 6-digit code from your app.")
    return StringField(
        label,
        validators=[DataRequired(message=message), Length(max=20)],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text" if backup else "numeric", "maxlength": 20},
    )


class TwoFactorCodeForm(LandaForm):
    """The second step of signing in."""

    code = _code_field(backup=True)
    submit = SubmitField(_l("Sign in"))


class TwoFactorEnableForm(LandaForm):
    code = _code_field()
    submit = SubmitField(_l("Turn on two-factor sign-in"))


class TwoFactorDisableForm(LandaForm):
    password = current_password_field()
    code = _code_field(backup=True)
    submit = SubmitField(_l("Turn off two-factor sign-in"))


class BackupCodesForm(LandaForm):
    password = current_password_field()
    submit = SubmitField(_l("Make new backup codes"))


class LinkForm(LandaForm):
    """One button on the page an e-mailed link opens (a scanner fetching the link changes nothing)."""

    submit = SubmitField(_l("Continue"))
