from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, or_, select
from wtforms import SelectChoice

from app import sessions
from app.audit.services import record
from app.auth import jobs as account_jobs
from app.auth import services, throttle, timing, tokens, two_factor
from app.auth.access import is_safe_next, public, role_required
from app.auth.forms import (
    BackupCodesForm,
    LinkForm,
    LoginForm,
    PasswordChangeForm,
    RegisterForm,
    ResetPasswordForm,
    ResetRequestForm,
    StaffUserForm,
    TokenForm,
    TwoFactorCodeForm,
    TwoFactorDisableForm,
    TwoFactorEnableForm,
)
from app.auth.models import STAFF_ROLES, TOKEN_SCOPE_LABELS, Role, TokenScope, User
from app.auth.roles import start_url
from app.auth.tokens import owned
from app.catalogue.models import Municipality
from app.database import Refusal, committed
from app.employers.members import sole_owner_of
from app.extensions import db
from app.flows import accounts
from app.i18n import current_locale, localized
from app.models import utcnow
from app.pagination import paginate
from app.ratelimit import guarded, mails_typed_address
from app.reception.services import open_cases_of
from app.talent.services import profile_id_of

bp = Blueprint("auth", __name__, template_folder="templates")

ERRORS = {
    "email_taken": _l("An account with this e-mail address already exists. Sign in, or reset your password."),
    "wrong_password": _l("The current password is not right."),
    "reset_expired": _l("This link has expired. Ask for a new one below."),
    "reset_invalid": _l("This link is not valid any more: it has been used, or the password has changed since."),
    "officer_needs_municipality": _l("Choose the officer's municipality."),
    "role_not_allowed": _l("That kind of account is created by an administrator."),
    "close_self": _l("You cannot close your own account here. Ask another administrator."),
    "already_closed": _l("The account is already closed."),
    "already_open": _l("The account is already open."),
    "erased": _l("The account was erased at the person's request and cannot be reopened."),
    "link_reset_expired": _l("This link has expired. Sign in to get a new one."),
    "link_reset_invalid": _l("This link is not valid any more: it has been used, or a newer one was sent."),
}
TWO_FACTOR_ERRORS = {
    "wrong_code": _l("This code is not right, or it has been used already. Enter the code your app shows now."),
    "wrong_password": _l("The password is not right."),
    "already_enabled": _l("Two-factor sign-in is already on."),
    "not_enabled": _l("Two-factor sign-in is off."),
    "not_offered": _l("Two-factor sign-in is for staff accounts."),
}


def _clear_session() -> None:
    """Empty the session but for the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _sign_in(user: User) -> None:
    _clear_session()
    login_user(user)
    sessions.regenerate(current_app)  # a new session id at every login: a planted id is useless


def _remember_language(user: User) -> None:
    """A language chosen in this browser before signing in becomes the user's saved language."""
    chosen = session.get("lang")
    if chosen in current_app.config["LANDA_LOCALES"]:
        user.locale = chosen


@bp.route("/login", methods=["GET", "POST"])
@public
@guarded
def login():
    if current_user.is_authenticated:
        return redirect(start_url(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email, base_url = form.email.data, current_app.config["LANDA_BASE_URL"]
        if throttle.address_blocked(email):
            form.password.errors.append(_("Too many wrong passwords for this account from here. Try again in "
                                          "%(minutes)d minutes, or choose a new password with the link below.",
                                          minutes=-(-throttle.retry_after(email) // 60)))
            return render_template("auth/login.html", form=form), 429
        user = services.authenticate(email, form.password.data)
        if user is None:  # not committed(): a wrong password is refused, yet the warning it may send is kept
            if throttle.failed(email):
                services.warn_of_attempts(email, base_url)
                db.session.commit()
            form.password.errors.append(_("The e-mail address or the password is not right."))
        elif user.email_confirmed_at is None:  # only whoever chose this password sees this
            services.send_link(user, "confirm", base_url)
            db.session.commit()
            flash(_("Confirm your e-mail address first: we have sent a new link to %(email)s. It works for "
                    "%(hours)d hours.", email=user.email, hours=services.token_max_age("confirm") // 3600), "info")
            return redirect(url_for("auth.register_sent"))
        else:
            _remember_language(user)
            target = form.next.data if is_safe_next(form.next.data) else None
            if two_factor.required_for(user):
                db.session.commit()
                _await_code(user, target)
                return redirect(url_for("auth.login_code"))
            if throttle.protected(email):  # the password may be a guess that came right: the mailbox decides
                services.send_link(user, "sign_in", base_url)
                db.session.commit()
                flash(_("There were many wrong passwords for this account lately, so we sent a sign-in link to "
                        "its e-mail address. Open it within %(minutes)d minutes to sign in.",
                        minutes=services.token_max_age("sign_in") // 60), "info")
                return redirect(url_for("auth.login"))
            db.session.commit()
            _sign_in(user)
            return redirect(target or start_url(user))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


def _link_page(token: str, purpose: str):
    """A link e-mailed to the address (finish registering, or sign in while the account is protected): the
    page asks for one click, so a mail scanner that fetches links changes nothing."""
    try:
        user = services.user_for_reset_token(token, purpose)
    except services.AccountError as exc:  # used, replaced or expired: say so, and where to go on
        return render_template("auth/link.html", problem=ERRORS["link_" + exc.code], purpose=purpose), 410
    form = LinkForm()
    if form.validate_on_submit():
        services.confirm_by_link(user)  # the owner of the mailbox opened it
        _remember_language(user)
        if two_factor.required_for(user):
            db.session.commit()
            _await_code(user, None)
            return redirect(url_for("auth.login_code"))
        user.last_login_at = utcnow()  # spends the sign-in link
        db.session.commit()
        _sign_in(user)
        if purpose == "confirm":
            flash(_("Welcome to Landa, %(name)s!", name=user.full_name), "success")
        target = request.args.get("next")
        return redirect(target if is_safe_next(target) else start_url(user))
    return render_template("auth/link.html", form=form, user=user, purpose=purpose)


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_registration(token: str):
    return _link_page(token, "confirm")


@bp.route("/login/link/<token>", methods=["GET", "POST"])
@public
def sign_in_link(token: str):
    return _link_page(token, "sign_in")


def _await_code(user: User, target: str | None) -> None:
    """The password was right; the account also wants a code: remember who is half-way, for 5 minutes."""
    _clear_session()
    session[two_factor.PENDING_KEY] = {"user": user.id, "epoch": user.session_epoch, "email": user.email,
                                       "at": two_factor.now(), "next": target, "tries": 0}
    sessions.regenerate(current_app)


def _pending_sign_in() -> tuple[User | None, dict | None]:
    """The user waiting for the second step in this session, if the wait is not over."""
    pending = session.get(two_factor.PENDING_KEY)
    if not isinstance(pending, dict):
        return None, None
    elapsed = two_factor.now() - float(pending.get("at") or 0)
    user = db.session.get(User, pending.get("user")) if 0 <= elapsed <= two_factor.PENDING_SECONDS else None
    if (user is None or not user.active or user.session_epoch != pending.get("epoch")
            or not two_factor.required_for(user)):
        return None, pending
    return user, pending


@bp.route("/login/code", methods=["GET", "POST"])
@public
@guarded
def login_code():
    """The second step of signing in: the code from the authenticator app."""
    if current_user.is_authenticated:
        return redirect(start_url(current_user))
    user, pending = _pending_sign_in()
    if user is None:
        session.pop(two_factor.PENDING_KEY, None)
        if pending is not None:
            flash(_("Signing in took more than %(minutes)d minutes. Sign in again.",
                    minutes=two_factor.PENDING_SECONDS // 60), "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data):
            user.last_login_at = utcnow()
            db.session.commit()
            target = pending.get("next")
            _sign_in(user)
            return redirect(target if is_safe_next(target) else start_url(user))
        db.session.rollback()
        pending["tries"] = int(pending.get("tries") or 0) + 1
        if pending["tries"] >= two_factor.MAX_CODE_ATTEMPTS:
            session.pop(two_factor.PENDING_KEY, None)
            flash(_("Too many wrong codes. Sign in again."), "error")
            return redirect(url_for("auth.login"))
        session[two_factor.PENDING_KEY] = pending
        form.code.errors.append(TWO_FACTOR_ERRORS["wrong_code"])
    return render_template("auth/login_code.html", form=form, minutes=two_factor.PENDING_SECONDS // 60), (
        200 if not form.errors else 422)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    logout_user()
    _clear_session()
    flash(_("You have signed out."), "success")
    sessions.regenerate(current_app)  # the old id is deleted on the server
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
@public
@guarded
@mails_typed_address
def register():
    if current_user.is_authenticated:
        return redirect(start_url(current_user))
    form = RegisterForm()
    if request.method == "GET" and request.args.get("role") in (Role.NEWCOMER, Role.EMPLOYER):
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        timing.start()
        target = request.args.get("next")
        registered = committed(lambda: accounts.register(
            email=form.email.data, password=form.password.data, full_name=form.full_name.data,
            role=Role(form.role.data), locale=current_locale(), base_url=current_app.config["LANDA_BASE_URL"],
            next_path=target if is_safe_next(target) else None), (services.AccountError,))
        if isinstance(registered, Refusal):
            form.email.errors.append(ERRORS[registered.reason.code])
        else:
            flash(_("We have sent a message to %(email)s. Open the link in it within %(hours)d hours to finish "
                    "creating your account.", email=form.email.data,
                    hours=services.token_max_age("confirm") // 3600), "info")
            timing.pad()
            return redirect(url_for("auth.register_sent"))
    return render_template("auth/register.html", form=form), 200 if not form.errors else 422


@bp.route("/register/sent")
@public
def register_sent():
    """What to do next: the same page whether the address was new or had an account."""
    return render_template("auth/register_sent.html")


@bp.route("/account", methods=["GET", "POST"])
def account():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        changed = committed(lambda: services.change_password(current_user, form.current_password.data,
                                                             form.password.data), (services.AccountError,))
        if isinstance(changed, Refusal):
            form.current_password.errors.append(ERRORS[changed.reason.code])
        else:
            _sign_in(current_user._get_current_object())  # this session goes on; the others end
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(form=form, status=200 if not form.errors else 422)


def _account_page(form=None, token_form=None, new_secret: str | None = None, status: int = 200,
                  enable_form=None, disable_form=None, backup_form=None):

    return render_template("auth/account.html", form=form or PasswordChangeForm(formdata=None),
                           token_form=token_form or TokenForm(prefix="token", formdata=None),
                           tokens=tokens.owned(current_user), new_secret=new_secret,
                           scope_labels=TOKEN_SCOPE_LABELS,
                           two_factor=_two_factor_section(enable_form, disable_form, backup_form)), status


def _two_factor_section(enable_form=None, disable_form=None, backup_form=None) -> dict | None:
    """What the account page shows about two-factor sign-in: nothing outside staff; for staff the state, and
    while setting it up the secret of this session as a QR code, a link and a key to type."""
    user = current_user._get_current_object()
    if not (two_factor.offered_to(user) or user.two_factor_enabled):
        return None
    section = {"enabled": user.two_factor_enabled, "enabled_at": user.totp_enabled_at,
               "enable_form": enable_form or TwoFactorEnableForm(prefix="totp", formdata=None),
               "disable_form": disable_form or TwoFactorDisableForm(prefix="totp_off", formdata=None),
               "backup_form": backup_form or BackupCodesForm(prefix="backup", formdata=None),
               "backup_left": two_factor.backup_codes_left(user) if user.two_factor_enabled else 0,
               "backup_total": two_factor.BACKUP_CODES}
    secret = session.get(two_factor.ENROL_KEY)
    if secret and not user.two_factor_enabled:
        uri = two_factor.provisioning_uri(user, secret)
        section.update(uri=uri, qr=two_factor.qr_svg(uri), key=two_factor.grouped(secret))
    return section


@bp.route("/account/two-factor", methods=["POST"])
@role_required(*STAFF_ROLES)
def start_two_factor():
    """Make a secret for this session and show it on the account page, to be confirmed with a code."""
    if not current_user.two_factor_enabled:
        session[two_factor.ENROL_KEY] = two_factor.new_secret()
    return redirect(url_for("auth.account", _anchor="two-factor"))


@bp.route("/account/two-factor/confirm", methods=["POST"])
@role_required(*STAFF_ROLES)
@guarded
def confirm_two_factor():
    secret = session.get(two_factor.ENROL_KEY)
    if not secret or current_user.two_factor_enabled:
        return redirect(url_for("auth.account", _anchor="two-factor"))
    enable_form = TwoFactorEnableForm(prefix="totp")
    if enable_form.validate():
        codes = committed(lambda: two_factor.enable(current_user, secret, enable_form.code.data),
                          (two_factor.TwoFactorError,))
        if isinstance(codes, Refusal):
            enable_form.code.errors.append(TWO_FACTOR_ERRORS[codes.reason.code])
        else:
            session.pop(two_factor.ENROL_KEY, None)
            _sign_in(current_user._get_current_object())  # this session goes on; the others end
            flash(_("Two-factor sign-in is on: from now on, signing in asks for a code from your app."), "success")
            return _backup_codes_page(codes)
    return _account_page(enable_form=enable_form, status=422)


def _backup_codes_page(codes: list[str]):
    """The backup codes, shown this once (the page is not cached); the account page says how many are left."""
    response = current_app.make_response(render_template("auth/backup_codes.html", codes=codes))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/two-factor/backup-codes", methods=["POST"])
@role_required(*STAFF_ROLES)
@guarded
def renew_backup_codes():
    backup_form = BackupCodesForm(prefix="backup")
    if backup_form.validate():
        codes = committed(lambda: two_factor.renew_backup_codes(current_user, backup_form.password.data),
                          (two_factor.TwoFactorError,))
        if isinstance(codes, Refusal):
            backup_form.password.errors.append(TWO_FACTOR_ERRORS[codes.reason.code])
        else:
            return _backup_codes_page(codes)
    return _account_page(backup_form=backup_form, status=422)


@bp.route("/account/two-factor/disable", methods=["POST"])
@role_required(*STAFF_ROLES)
@guarded
def disable_two_factor():
    disable_form = TwoFactorDisableForm(prefix="totp_off")
    if disable_form.validate():
        disabled = committed(lambda: two_factor.disable(current_user, disable_form.password.data,
                                                        disable_form.code.data), (two_factor.TwoFactorError,))
        if isinstance(disabled, Refusal):
            code = disabled.reason.code
            target = disable_form.password if code == "wrong_password" else disable_form.code
            target.errors.append(TWO_FACTOR_ERRORS[code])
        else:
            flash(_("Two-factor sign-in is off: signing in asks only for your password."), "success")
            return redirect(url_for("auth.account", _anchor="two-factor"))
    return _account_page(disable_form=disable_form, status=422)


@bp.route("/account/sign-out-everywhere", methods=["POST"])
def sign_out_everywhere():
    """A lost phone, a shared computer: end every session of this account, this one too."""
    services.sign_out_everywhere(current_user)
    db.session.commit()
    logout_user()
    _clear_session()
    sessions.regenerate(current_app)
    flash(_("You are signed out on every device. Sign in again here."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account/tokens", methods=["POST"])
def create_token():
    """A personal access token for the API; its secret is shown this once."""

    token_form = TokenForm(prefix="token")
    if not token_form.validate():
        return _account_page(token_form=token_form, status=422)
    created = committed(lambda: tokens.create(current_user, token_form.name.data, TokenScope(token_form.scope.data)),
                        (tokens.TokenError,))
    if isinstance(created, Refusal):
        token_form.name.errors.append(_("You have 20 active tokens; revoke one first."))
        return _account_page(token_form=token_form, status=422)
    _token, secret = created
    return _account_page(new_secret=secret, status=201)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
def revoke_token(token_id: int):
    revoked = committed(lambda: tokens.revoke(current_user, token_id), (tokens.TokenError,))
    if isinstance(revoked, Refusal):
        abort(404)
    flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("auth.account", _anchor="tokens"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@guarded
@mails_typed_address
def forgot_password():
    form = ResetRequestForm()
    if form.validate_on_submit():
        timing.start()
        # Links go to LANDA_BASE_URL, never to the Host header a request claims.
        account_jobs.request_password_reset(form.email.data, current_app.config["LANDA_BASE_URL"])
        db.session.commit()  # in the embedded default the job runs here: the floor covers it
        timing.pad()
        flash(_("If an account uses %(email)s, a link to choose a new password is on its way. "
                "It works once, for %(minutes)d minutes.",
                email=form.email.data, minutes=services.token_max_age("reset") // 60), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form), 200 if not form.errors else 422


def _password_from_token(token: str, purpose: str):
    try:
        user = services.user_for_reset_token(token, purpose)
    except services.AccountError as exc:
        flash(str(ERRORS[exc.code]), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        services.confirm_by_link(user)  # the link came to the address: it is theirs
        db.session.commit()
        flash(_("Your new password is saved. Sign in with it."), "success")
        return redirect(url_for("auth.login"))
    page = render_template("auth/set_password.html", form=form, user=user, invitation=purpose == "invite")
    return page, (422 if form.errors else 200)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    return _password_from_token(token, "reset")


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    return _password_from_token(token, "invite")


@bp.route("/admin/users", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_users():
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name_sv)).all()
    form = StaffUserForm()
    form.municipality_code.choices = [SelectChoice("", _("— none —"))] + [
        SelectChoice(m.code, localized(m, "name")) for m in municipalities
    ]
    if form.validate_on_submit():
        invited = committed(lambda: services.invite_staff(
            email=form.email.data,
            full_name=form.full_name.data,
            role=Role(form.role.data),
            municipality_code=form.municipality_code.data or None,
            locale=form.locale.data,
        ), (services.AccountError,))
        if isinstance(invited, Refusal):
            form.email.errors.append(ERRORS[invited.reason.code])
        else:
            flash(_("%(name)s can now set a password with the link sent to %(email)s.",
                    name=invited.full_name, email=invited.email), "success")
            return redirect(url_for("auth.admin_users"))
    # Finding one account among hundreds: by a piece of the name or e-mail address, and by role.
    query = " ".join(request.args.get("q", "").split())[:100]
    role = request.args.get("role", "") if request.args.get("role") in {r.value for r in Role} else ""
    accounts = select(User).order_by(User.role, User.email)
    if query:
        accounts = accounts.where(or_(func.lower(User.email).contains(query.lower(), autoescape=True),
                                      func.lower(User.full_name).contains(query.lower(), autoescape=True)))
    if role:
        accounts = accounts.where(User.role == Role(role))
    users = paginate(accounts, per_page=50)
    return render_template("auth/admin_users.html", form=form, users=users, query=query, role=role, roles=list(Role),
                           pager_args={k: v for k, v in {"q": query, "role": role}.items() if v}), (
        200 if not form.errors else 422)


@bp.route("/admin/users/<int:user_id>")
@role_required(Role.ADMIN)
def admin_user(user_id: int):
    """One account as the administrator manages it: closing and reopening it, turning off a lost second factor."""

    user = db.get_or_404(User, user_id)
    open_cases = 0
    if user.role == Role.OFFICER:
        open_cases = db.session.scalar(open_cases_of(user).with_only_columns(func.count()).order_by(None))
    sole_owner = []
    if user.role == Role.EMPLOYER:

        sole_owner = sole_owner_of(user)
    record(current_user, "view", "user", user.id, profile_id_of(user))
    page = render_template("auth/admin_user.html", user=user, open_cases=open_cases, staff_roles=STAFF_ROLES,
                           tokens=sum(1 for t in owned(user) if t.active), sole_owner=sole_owner)
    db.session.commit()  # rendered first: the commit would expire what the page shows
    return page


def _account_change(user_id: int, change) -> object:
    user = db.get_or_404(User, user_id)
    message = committed(lambda: change(user), (services.AccountError,))
    if isinstance(message, Refusal):
        flash(str(ERRORS[message.reason.code]), "error")
    else:
        flash(message, "success")
    return redirect(url_for("auth.admin_user", user_id=user.id))


@bp.route("/admin/users/<int:user_id>/close", methods=["POST"])
@role_required(Role.ADMIN)
def close_account(user_id: int):
    def close(user: User) -> str:
        released = accounts.close_account(user, current_user)
        if released:
            return ngettext("%(name)s can no longer sign in. Their open case is unassigned for a colleague to take.",
                            "%(name)s can no longer sign in. Their %(num)d open cases are unassigned for colleagues "
                            "to take.", released, name=user.full_name)
        return _("%(name)s can no longer sign in.", name=user.full_name)

    return _account_change(user_id, close)


@bp.route("/admin/users/<int:user_id>/reopen", methods=["POST"])
@role_required(Role.ADMIN)
def reopen_account(user_id: int):
    def reopen(user: User) -> str:
        accounts.reopen_account(user, current_user)
        return _("%(name)s can sign in again with their password.", name=user.full_name)

    return _account_change(user_id, reopen)


@bp.route("/admin/users/<int:user_id>/two-factor/reset", methods=["POST"])
@role_required(Role.ADMIN)
def reset_two_factor(user_id: int):
    def reset(user: User) -> str:
        if not two_factor.reset(user, current_user):
            return _("Two-factor sign-in is off.")
        return _("Two-factor sign-in is off for %(name)s: they sign in with their password and can set it up "
                 "again on their account page.", name=user.full_name)

    return _account_change(user_id, reset)
