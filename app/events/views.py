"""Events' pages: the public list, each event's page and calendar file, registering and its links; the
organisers' list, form, registrations and attendance."""

from __future__ import annotations

from babel.dates import format_time
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.auth.access import public, role_required
from app.auth.models import Role
from app.auth.services import external_url
from app.caching import kept_for_visitors
from app.catalogue.models import Municipality
from app.database import Refusal, committed
from app.events import calendar, services
from app.events.errors import EventError
from app.events.forms import (
    AttendanceForm,
    CancelEventForm,
    CancelForm,
    ConfirmForm,
    EventForm,
    OneClickForm,
    RegisterForm,
)
from app.events.models import (
    KIND_LABELS,
    REGISTRATION_LABELS,
    STATUS_LABELS,
    Event,
    EventKind,
    EventRegistration,
    EventStatus,
    RegistrationStatus,
)
from app.extensions import db
from app.i18n import current_locale, format_datetime, formatting_locale, localized
from app.main import structured
from app.models import SWEDEN, utcnow
from app.ratelimit import guarded, mails_typed_address

bp = Blueprint("events", __name__, url_prefix="/events", template_folder="templates")
ORGANISERS = (Role.OFFICER, Role.COORDINATOR, Role.EMPLOYER)
REFUSALS = (EventError,)
LABELS = {"kind_labels": KIND_LABELS, "status_labels": STATUS_LABELS, "registration_labels": REGISTRATION_LABELS}


@bp.app_template_global("event_time")
def event_time(event: Event) -> str:
    """"12 Dec 2026, 17:00–18:00" on one day; both moments in full when it ends on another day."""
    start, end = to_user_timezone(event.starts_at), to_user_timezone(event.ends_at)
    if start.date() == end.date():
        return f"{format_datetime(event.starts_at)}–{format_time(end, 'short', locale=formatting_locale())}"
    return _("%(start)s to %(end)s", start=format_datetime(event.starts_at), end=format_datetime(event.ends_at))


def _show(form, exc: EventError) -> None:
    field = form[exc.field] if form is not None and exc.field and exc.field in form else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
        form._errors = None
    else:
        flash(exc.message, "error")


def _municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name_sv)))


def _public_url(event: Event) -> str:
    return external_url(current_app.config["LANDA_BASE_URL"], "events.event", event_id=event.id)


# --- public ---------------------------------------------------------------------------------------------------

@bp.route("/")
@public
@kept_for_visitors()  # seats left may be LANDA_PUBLIC_KEPT_SECONDS old here; registering checks them afresh
def index():
    municipalities = _municipalities()
    codes = {m.code for m in municipalities}
    municipality = request.args.get("municipality") if request.args.get("municipality") in codes else None
    kind = request.args.get("kind") if request.args.get("kind") in set(EventKind) else None
    events = services.upcoming(municipality=municipality, kind=EventKind(kind) if kind else None, limit=200)
    profile = services.household_of(current_user)
    listed = services.fitted(profile, events)
    return render_template("events/index.html", listed=listed, municipalities=municipalities,
                           municipality=municipality, kind=kind, for_household=profile is not None,
                           counts=services.seat_counts([e.id for e in events]), **LABELS)


@bp.route("/feed.ics")
@public
@kept_for_visitors()
def feed():
    events = services.upcoming(limit=500)
    with_cancelled = db.session.scalars(select(Event).where(
        Event.status == EventStatus.CANCELLED, Event.ends_at > utcnow()).order_by(Event.starts_at)).all()
    body = calendar.document([*events, *with_cancelled], name=_("Events in Västernorrland (Landa)"),
                             url_of=_public_url, now=utcnow(), feed=True)
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="landa-events.ics"'
    return response


def _visible(event_id: int) -> Event:
    event = services.public_event(event_id)
    if event is None:
        draft = db.session.get(Event, event_id)
        if draft is not None and current_user.is_authenticated and services.can_manage(current_user, draft):
            return draft  # its organisers preview a draft
        abort(404)
    return event


def _event_page(event: Event, form: RegisterForm | None = None, status: int = 200):
    counts = services.seat_counts([event.id])[event.id]
    seated = counts.get(RegistrationStatus.CONFIRMED, 0)
    mine = services.own_registration(event.id, current_user) if current_user.is_authenticated else None
    organiser = event.organisation.name if event.organisation else localized(event.municipality, "name")
    event_data = structured.event(event, url=_public_url(event), organizer=organiser, full=seated >= event.capacity,
                               organizer_url=external_url(current_app.config["LANDA_BASE_URL"],
                                                          "attraction.municipality", code=event.municipality_code))
    return render_template(
        "events/event.html", event=event, seats_left=max(event.capacity - seated, 0),
        waiting=counts.get(RegistrationStatus.WAITLISTED, 0), mine=mine, organiser=organiser,
        position=services.waitlist_position(mine) if mine else None, event_data=event_data,
        open=event.open_for_registration(), form=form or RegisterForm(formdata=None), one_click=OneClickForm(),
        cancel_form=CancelForm(), consent=services.consent_text(services.CONSENT_VERSION),
        can_manage=current_user.is_authenticated and services.can_manage(current_user, event), **LABELS), status


@bp.route("/<int:event_id>")
@public
def event(event_id: int):
    return _event_page(_visible(event_id))


@bp.route("/<int:event_id>.ics")
@public
@kept_for_visitors()
def event_ics(event_id: int):
    event = services.public_event(event_id)
    if event is None:
        abort(404)
    body = calendar.document([event], name=event.title, url_of=_public_url, now=utcnow(), feed=False)
    response = current_app.response_class(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="landa-event-{event.id}.ics"'
    return response


@bp.route("/<int:event_id>/register", methods=["POST"])
@public
@guarded
@mails_typed_address
def register(event_id: int):
    event = services.public_event(event_id)
    if event is None:
        abort(404)
    if current_user.is_authenticated:
        if not OneClickForm().validate_on_submit():
            abort(400)
        done = committed(lambda: services.register_user(event.id, current_user), REFUSALS)
        if isinstance(done, Refusal):
            flash(done.reason.message, "error")
            return _event_page(db.session.get(Event, event_id), status=422)
        _flash_result(done)
        return redirect(url_for("events.event", event_id=event_id))
    form = RegisterForm()
    if form.validate_on_submit():
        done = committed(lambda: services.register_visitor(
            event.id, name=form.name.data, email=form.email.data, locale=current_locale(),
            consent=bool(form.consent.data)), REFUSALS)
        if not isinstance(done, Refusal):
            return render_template("events/check_email.html", event=event, email=form.email.data,
                                   days=services.UNCONFIRMED_KEPT.days)
        _show(form, done.reason)
    return _event_page(db.session.get(Event, event_id), form=form, status=422)


def _flash_result(registration: EventRegistration) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        flash(_("You are registered. We have e-mailed you a confirmation."), "success")
    else:
        flash(_("The event is full: you are number %(position)d on the waiting list. If a seat becomes free, it is "
                "yours and we e-mail you.", position=services.waitlist_position(registration) or 1), "info")


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@public
@guarded
def confirm(token: str):
    """The link of the confirmation e-mail: a page with a button (opening a link changes nothing by itself:
    mail scanners open links too)."""
    form = ConfirmForm()
    try:
        registration = services.by_confirm_token(token)
    except EventError as exc:
        return render_template("events/link_refused.html", message=exc.message), 404
    if form.validate_on_submit():
        done = committed(lambda: services.confirm(token), REFUSALS)
        if isinstance(done, Refusal):
            return render_template("events/link_refused.html", message=done.reason.message,
                                   event=registration.event), 422
        return render_template("events/confirmed.html", registration=done, event=done.event,
                               position=services.waitlist_position(done), **LABELS)
    if registration.status != RegistrationStatus.UNCONFIRMED:
        return render_template("events/confirmed.html", registration=registration, event=registration.event,
                               position=services.waitlist_position(registration), **LABELS)
    return render_template("events/confirm.html", registration=registration, event=registration.event, form=form)


@bp.route("/cancel/<token>", methods=["GET", "POST"])
@public
@guarded
def cancel_link(token: str):
    form = CancelForm()
    try:
        registration = services.by_cancel_token(token)
    except EventError as exc:
        return render_template("events/link_refused.html", message=exc.message), 404
    if form.validate_on_submit():
        committed(lambda: services.cancel(registration), REFUSALS)
        return render_template("events/cancelled.html", event=db.session.get(Event, registration.event_id))
    if registration.status == RegistrationStatus.CANCELLED:
        return render_template("events/cancelled.html", event=registration.event)
    return render_template("events/cancel.html", registration=registration, event=registration.event, form=form,
                           **LABELS)


@bp.route("/<int:event_id>/cancel-mine", methods=["POST"])
def cancel_mine(event_id: int):
    """Someone signed in cancels their own registration from the event's page."""
    event = _visible(event_id)
    mine = services.own_registration(event.id, current_user)
    if not CancelForm().validate_on_submit() or mine is None:
        abort(404)
    committed(lambda: services.cancel(mine, current_user), REFUSALS)
    flash(_("Your registration is cancelled."), "success")
    return redirect(url_for("events.event", event_id=event_id))


# --- organisers ----------------------------------------------------------------------------------------------

def _managed(event_id: int) -> Event:
    """An event the user organises; another municipality's or organisation's is not found (as a case is)."""
    event = db.get_or_404(Event, event_id)
    if not services.can_manage(current_user, event):
        abort(404)
    return event


@bp.route("/mine")
@role_required(*ORGANISERS)
def mine():
    events = services.managed_events(current_user)
    return render_template("events/mine.html", events=events, may_organise=services.may_organise(current_user),
                           counts=services.seat_counts([e.id for e in events]), now=utcnow(), **LABELS)


def _choices(form: EventForm, event: Event | None = None) -> None:
    municipalities = _municipalities()
    if current_user.role == Role.OFFICER:
        municipalities = [m for m in municipalities if m.code == current_user.municipality_code]
    form.municipality.choices = [SelectChoice(m.code, localized(m, "name")) for m in municipalities]
    if current_user.role == Role.EMPLOYER:
        organisations = services.approved_organisations(current_user)
        form.organisation.choices = [SelectChoice(str(o.id), o.name) for o in organisations]
    else:
        del form.organisation


def _local(value):
    return value.astimezone(SWEDEN).replace(tzinfo=None) if value is not None else None


@bp.route("/new", methods=["GET", "POST"])
@role_required(*ORGANISERS)
def new():
    if not services.may_organise(current_user):
        flash(_("Your organisation must be approved before it can organise events."), "info")
        return redirect(url_for("events.mine"))
    form = EventForm()
    _choices(form)
    if request.method == "GET" and current_user.role == Role.OFFICER:
        form.municipality.data = current_user.municipality_code
    return _saved(form, None, lambda: services.create_event(current_user, publish=bool(form.publish.data),
                                                            **form.values()))


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(*ORGANISERS)
def edit(event_id: int):
    event = _managed(event_id)
    form = EventForm(obj=None)
    _choices(form, event)
    if request.method == "GET":
        _fill(form, event)

    def save():
        values = form.values()
        if "organisation" not in form:  # only a member of several organisations chooses; others keep theirs
            values.pop("organisation_id")
        return services.update_event(current_user, event, publish=bool(form.publish.data), **values)

    return _saved(form, event, save)


def _fill(form: EventForm, event: Event) -> None:
    """The form as the event is now (the times in Swedish time, as organisers type them)."""
    form.kind.data, form.title.data, form.description.data = event.kind.value, event.title, event.description
    form.language.data, form.capacity.data = event.language, event.capacity
    form.starts_at.data, form.ends_at.data = _local(event.starts_at), _local(event.ends_at)
    form.registration_deadline.data = _local(event.registration_deadline)
    form.where.data = "online" if event.online_url else "place"
    form.online_url.data, form.place_name.data = event.online_url, event.place_name
    form.address.data = event.address
    form.municipality.data = event.municipality_code
    if "organisation" in form and event.organisation_id:
        form.organisation.data = str(event.organisation_id)
    form.publish.data = event.status == EventStatus.PUBLISHED


def _saved(form: EventForm, event: Event | None, save):
    """A posted event form: ``save()`` in one transaction, then the event's registrations; a refusal or a bad
    field shows the form again (422) with what was typed."""
    if form.validate_on_submit():
        done = committed(save, REFUSALS)
        if isinstance(done, Refusal):
            _show(form, done.reason)
        else:
            flash(_("The event is saved."), "success")
            return redirect(url_for("events.registrations", event_id=done.id))
    return render_template("events/form.html", form=form, event=event, **LABELS), 422 if form.errors else 200


@bp.route("/<int:event_id>/cancel-event", methods=["GET", "POST"])
@role_required(*ORGANISERS)
def cancel_event(event_id: int):
    event = _managed(event_id)
    form = CancelEventForm()
    if form.validate_on_submit():
        committed(lambda: services.cancel_event(current_user, event), REFUSALS)
        flash(_("The event is cancelled. Everyone registered has been told by e-mail."), "success")
        return redirect(url_for("events.registrations", event_id=event.id))
    seated = services.seat_counts([event.id])[event.id]
    return render_template("events/cancel_event.html", event=event, form=form, counts=seated, **LABELS)


@bp.route("/<int:event_id>/registrations")
@role_required(*ORGANISERS)
def registrations(event_id: int):
    event = _managed(event_id)
    found = services.registrations_of(current_user, event)
    db.session.commit()  # the view is in the audit trail
    return render_template("events/registrations.html", event=event, found=found, form=AttendanceForm(),
                           **LABELS)


@bp.route("/<int:event_id>/registrations/<int:registration_id>/attendance", methods=["POST"])
@role_required(*ORGANISERS)
def attendance(event_id: int, registration_id: int):
    event = _managed(event_id)
    form = AttendanceForm()
    if not form.validate_on_submit():
        abort(422)
    attended = {"yes": True, "no": False}.get(form.attended.data or "")
    done = committed(lambda: services.mark_attendance(current_user, event, registration_id, attended), REFUSALS)
    if isinstance(done, Refusal):
        abort(404)
    flash(_("Attendance saved."), "success")
    return redirect(url_for("events.registrations", event_id=event.id) + f"#registration-{registration_id}")
