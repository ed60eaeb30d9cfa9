"""Leads on the web: the public "Thinking of moving here?" form with its confirmation link and the invited lead's
registration (``/move/interest...``), and the staff's lead list, lead page and campaign counts
(``/reception/leads...``)."""

from __future__ import annotations

from babel import dates
from flask import Blueprint, Flask, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select
from wtforms import SelectChoice

from app import sessions
from app.auth import services as auth
from app.auth.access import is_public_endpoint, public, role_required
from app.auth.models import Role
from app.auth.roles import start_url
from app.catalogue.models import Municipality
from app.catalogue.services import by_county
from app.database import Refusal, committed
from app.extensions import db
from app.i18n import current_locale, formatting_locale
from app.leads import services
from app.leads.forms import ConfirmForm, InterestForm, InviteForm, RegisterForm, StatusForm
from app.leads.models import STATUS_LABELS, WHEN_LABELS, LeadStatus, MovingWhen
from app.pagination import paginate
from app.privacy.texts import action_label
from app.ratelimit import guarded, mails_typed_address
from app.talent.texts import countries, country_name

bp = Blueprint("leads", __name__, template_folder="templates")
PER_PAGE = 25
STAFF = (Role.OFFICER, Role.COORDINATOR)
CAMPAIGN_STORED = "landa_campaign_stored"


def when(lead) -> str:
    """When the lead thinks they will move: "March 2027" / "mars 2027", or the choice made."""
    if lead.moving_month is not None:
        return dates.format_date(lead.moving_month, "LLLL yyyy", locale=formatting_locale())
    return str(WHEN_LABELS[lead.moving_when])


def init_app(app: Flask) -> None:
    """Remember the campaign a visitor arrived with (``utm_*``, ``?campaign=``) on any public page, for the lead
    form and the registration; record it with a self-registered account when it is made."""
    services.listen()

    @app.before_request
    def remember_campaign():
        if request.method == "GET" and request.args and is_public_endpoint(app, request.endpoint) \
                and not request.path.startswith("/static/") and services.campaign_from(request.args) \
                and not current_user.is_authenticated:  # a visitor's; signing in starts a clean session
            services.remember_campaign(request.args)
            g.setdefault(CAMPAIGN_STORED, True)

    @app.after_request
    def not_shared(response):
        # This answer set a session cookie: no shared cache may keep it for others.
        if g.get(CAMPAIGN_STORED):
            response.cache_control.public = False
            response.cache_control.private = True
        return response


# --- the public form -----------------------------------------------------------------------------------------

def _places() -> list:
    return by_county(db.session, current_locale())


def _fill_choices(form: InterestForm) -> None:
    locale = current_locale()
    form.from_country.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(code, name) for code, name in countries(locale)]
    codes = db.session.scalars(select(Municipality.code).order_by(Municipality.code))
    form.municipalities.choices = [SelectChoice(code, code) for code in codes]


@bp.route("/move/interest", methods=["GET", "POST"])
@public
@guarded
@mails_typed_address
def interest():
    form = InterestForm()
    _fill_choices(form)
    if request.method == "GET":
        chosen = request.args.get("municipality", "")
        if chosen in {choice.value for choice in form.municipalities.choices}:
            form.municipalities.data = [chosen]
    if form.validate_on_submit():
        answers = services.Interest(
            full_name=form.full_name.data, email=form.email.data, occupation=form.occupation.data,
            household_size=int(form.household_size.data), children=form.children_value(),
            from_country=form.from_country.data or None, moving_when=MovingWhen(form.moving_when.data),
            moving_month=form.month_value(), municipality_codes=form.municipalities.data or [],
            locale=current_locale())
        campaign = services.campaign_from(request.args) or services.visit_campaign()
        left = committed(lambda: services.leave_interest(answers, campaign), (services.LeadError,))
        if isinstance(left, Refusal):
            getattr(form, left.reason.field or "email").errors.append(left.reason.message)
        else:
            session["lead_sent_to"] = form.email.data
            return redirect(url_for("leads.sent"))
    return render_template("leads/interest.html", form=form, counties=_places(),
                           consent_text=services.CONSENT_TEXTS[services.CONSENT_VERSION],
                           consent_version=services.CONSENT_VERSION), 422 if form.errors else 200


@bp.route("/move/interest/sent")
@public
def sent():
    return render_template("leads/sent.html", email=session.get("lead_sent_to"),
                           hours=int(services.CONFIRM_LIFETIME.total_seconds() // 3600))


@bp.route("/move/interest/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token: str):
    """The link e-mailed to the address: one click confirms (a mail scanner that fetches the link changes
    nothing)."""
    try:
        lead = services.lead_to_confirm(token)
    except services.LeadError as exc:
        return render_template("leads/confirm.html", problem=exc.message), 410
    form = ConfirmForm()
    if form.validate_on_submit():
        confirmed = committed(lambda: services.confirm(token), (services.LeadError,))
        if isinstance(confirmed, Refusal):
            return render_template("leads/confirm.html", problem=confirmed.reason.message), 410
        return render_template("leads/confirm.html", done=True, lead=confirmed)
    return render_template("leads/confirm.html", form=form, lead=lead)


@bp.route("/move/interest/register/<token>", methods=["GET", "POST"])
@public
@guarded
def register(token: str):
    """The invited lead creates their account: name prefilled, the address the one the invitation went to."""
    if current_user.is_authenticated:
        return redirect(start_url(current_user))
    try:
        lead = services.invitation_for(token)
    except services.LeadError as exc:
        return render_template("leads/register.html", problem=exc.message), 410
    form = RegisterForm(data={"full_name": lead.full_name} if request.method == "GET" else None)
    if form.validate_on_submit():
        made = committed(lambda: services.register(token, full_name=form.full_name.data, password=form.password.data,
                                                   locale=current_locale()),
                         (services.LeadError, auth.AccountError),
                         conflict=services.LeadError("invite_invalid"))  # a double click: the first one made it
        if isinstance(made, Refusal):
            reason = made.reason
            if isinstance(reason, auth.AccountError):
                return render_template("leads/register.html", problem=_(
                    "An account with this e-mail address already exists. Sign in, or reset your password."),
                    existing=True), 409
            return render_template("leads/register.html", problem=reason.message), 410
        lang = session.get("lang")
        session.clear()
        if lang:
            session["lang"] = lang
        login_user(made)
        sessions.regenerate(current_app)
        flash(_("Welcome to Landa, %(name)s! What you told us is already in your profile.", name=made.full_name),
              "success")
        return redirect(start_url(made))
    return render_template("leads/register.html", form=form, lead=lead), 422 if form.errors else 200


# --- staff ----------------------------------------------------------------------------------------------------

def _filters() -> tuple[LeadStatus | None, str | None]:
    status = request.args.get("status") or None
    if status is not None and status not in {s.value for s in LeadStatus}:
        abort(404)
    municipality = request.args.get("municipality") or None
    if municipality is not None and municipality != "all" and db.session.get(Municipality, municipality) is None:
        abort(404)
    return (LeadStatus(status) if status else None), municipality


@bp.route("/reception/leads/")
@role_required(*STAFF)
def index():
    status, municipality = _filters()
    pager = paginate(services.list_statement(current_user, status, municipality), PER_PAGE)
    services.listed(pager.items, current_user)
    args = {k: v for k, v in (("status", status and status.value), ("municipality", municipality)) if v}
    page = render_template("leads/index.html", pager=pager, pager_args=args,
                           counts=services.status_counts(current_user),
                           filters={"status": status and status.value, "municipality": municipality},
                           counties=_places() if current_user.role == Role.COORDINATOR else None,
                           status_labels=STATUS_LABELS, when=when, statuses=list(LeadStatus))
    db.session.commit()  # the audit entry of what was seen, after the page was made (nothing read twice)
    return page


def _lead_or_404(lead_id: int):
    lead = services.lead_for(current_user, lead_id)
    if lead is None:
        abort(404)
    return lead


def _lead_page(lead, status_form=None, invite_form=None, code: int = 200):
    from_country = country_name(lead.from_country, current_locale()) if lead.from_country else None
    trail = services.trail_of(lead)
    return render_template("leads/lead.html", lead=lead, status_form=status_form or StatusForm(data={
        "status": lead.status.value if lead.status in services.MANUAL_STATUSES else LeadStatus.CONTACTED.value}),
        invite_form=invite_form or InviteForm(), status_labels=STATUS_LABELS, when=when,
        from_country=from_country, trail=trail, audit_label=action_label,
        consent_text=services.CONSENT_TEXTS.get(lead.consent_version)), code


@bp.route("/reception/leads/<int:lead_id>")
@role_required(*STAFF)
def lead(lead_id: int):
    found = _lead_or_404(lead_id)
    services.viewed(found, current_user)
    page = _lead_page(found)
    db.session.commit()
    return page


@bp.route("/reception/leads/<int:lead_id>/status", methods=["POST"])
@role_required(*STAFF)
def change_status(lead_id: int):
    found = _lead_or_404(lead_id)
    form = StatusForm()
    if form.validate_on_submit():
        status = LeadStatus(form.status.data)
        changed = committed(lambda: services.set_status(found, current_user, status), (services.LeadError,))
        if not isinstance(changed, Refusal):
            flash(_("The status is now “%(status)s”.", status=STATUS_LABELS[status]), "success")
            return redirect(url_for("leads.lead", lead_id=lead_id))
        form.status.errors.append(changed.reason.message)
        found = _lead_or_404(lead_id)
    return _lead_page(found, status_form=form, code=422)


@bp.route("/reception/leads/<int:lead_id>/invite", methods=["POST"])
@role_required(*STAFF)
def invite(lead_id: int):
    found = _lead_or_404(lead_id)
    form = InviteForm()
    if form.validate_on_submit():
        invited = committed(lambda: services.invite(found, current_user), (services.LeadError,))
        if not isinstance(invited, Refusal):
            flash(_("We have e-mailed %(name)s a link to register.", name=found.full_name), "success")
            return redirect(url_for("leads.lead", lead_id=lead_id))
        form.submit.errors = [invited.reason.message]
        found = _lead_or_404(lead_id)
    return _lead_page(found, invite_form=form, code=409)


@bp.route("/reception/leads/campaigns")
@role_required(*STAFF)
def campaigns():
    return render_template("leads/campaigns.html", lines=services.campaign_counts())
