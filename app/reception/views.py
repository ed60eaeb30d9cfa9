"""The officer's workspace: the case list and each household's case page.

Views parse and render; ``services`` decides and writes; one commit per request. A refused change
re-renders the case page with what the officer typed and a message saying why.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.audit.services import record, trail
from app.auth.access import public, role_required
from app.auth.models import Role
from app.catalogue.models import Municipality
from app.catalogue.services import by_county
from app.database import Refusal, committed
from app.extensions import db
from app.i18n import current_locale, localized
from app.models import today
from app.pagination import paginate
from app.privacy.texts import AUDIT_LABELS
from app.reception import followups, inbox, services
from app.reception.dashboard import figures
from app.reception.errors import ERRORS
from app.reception.forms import (
    ArrivalForm,
    AssignForm,
    IntervalsForm,
    MessageForm,
    MoveForm,
    NewCaseForm,
    NoteForm,
    ReferralForm,
    ReferralStatusForm,
    StatusForm,
    SurveyForm,
    TaskForm,
)
from app.reception.models import (
    CASE_SOURCE_LABELS,
    CASE_STATUS_LABELS,
    CLOSING_REASON_LABELS,
    FOLLOW_UP_STATUS_LABELS,
    HOUSING_LABELS,
    INBOX_LABELS,
    PARTNER_WORK_LABELS,
    REFERRAL_STATUS_LABELS,
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CaseStatus,
    CaseTask,
    ClosingReason,
    Housing,
    PartnerWork,
    Referral,
    ReferralStatus,
)
from app.reception.permissions import STAFF, case_for
from app.reception.texts import ASKED, VIEWS, after_arrival, task_text
from app.talent import services as households
from app.talent.models import (
    MOVING_LABELS,
    RESIDENCE_BASIS_LABELS,
    STEP_STATUS_LABELS,
    Gender,
    Household,
    HouseholdMember,
    MemberOccupation,
    Relation,
)
from app.talent.plan import PHASES, ResidenceBasis
from app.talent.texts import PHASE_LABELS, language_name

bp = Blueprint("reception", __name__, url_prefix="/reception", template_folder="templates")
PER_PAGE = 25
REFUSALS = (services.CaseError, StaleDataError)  # what a case's use cases refuse with (said as the API does)
MEMBER_LABELS = {Relation.SELF: _l("main applicant"), Relation.PARTNER: _l("partner"), Relation.CHILD: _l("child")}


# --- the case list ---------------------------------------------------------------------------------------

@bp.route("/")
@role_required(*STAFF)
def start():
    args = request.args
    view = args.get("view", "all") if args.get("view") in VIEWS else "all"
    status = args.get("status", "") if args.get("status") in CaseStatus.__members__.values() else ""
    municipality = args.get("municipality", "") if current_user.role == Role.COORDINATOR else ""
    month = services.parse_month(args.get("month", ""))
    overdue = args.get("overdue") == "1"
    query = " ".join(args.get("q", "").split())[:100]
    sort = args.get("sort", "") if args.get("sort") in services.SORTS else ""
    descending = bool(sort) and args.get("dir") == "desc"

    base = services.scoped_cases(current_user, municipality)
    counts = dict(db.session.execute(base.with_only_columns(Case.status, func.count()).group_by(Case.status)).all())

    stmt = services.listed_cases(base, current_user, view=view, status=CaseStatus(status) if status else None,
                                 month=month, overdue=overdue, query=query)
    cases = paginate(services.sorted_cases(stmt, sort or "urgent", descending), PER_PAGE)
    late = services.overdue_counts([c.id for c in cases.items])
    news = inbox.unseen_kinds([c.id for c in cases.items])
    counties = by_county(db.session, current_locale()) if current_user.role == Role.COORDINATOR else []
    filters = {"view": view if view != "all" else "", "status": status, "municipality": municipality,
               "month": args.get("month", "") if month else "", "overdue": "1" if overdue else "", "q": query,
               "sort": sort, "dir": "desc" if descending else ""}
    record(current_user, "list", "case_list", 0, None, cases=[c.id for c in cases.items])  # who saw whom
    tabs = [(key, label, url_for("reception.start", **{k: v for k, v in {**filters, "view": key}.items()
                                                       if v and v != "all"})) for key, label in VIEWS.items()]
    page = render_template(
        "reception/start.html", cases=cases, counts=counts, statuses=list(CaseStatus), late=late,
        status_labels=CASE_STATUS_LABELS, counties=counties, tabs=tabs, filters=filters,
        pager_args={k: v for k, v in filters.items() if v}, news=news, inbox_labels=INBOX_LABELS,
        sorting=_sorting(filters), unsorted_args={k: v for k, v in filters.items() if v and k not in ("sort", "dir")},
    )
    db.session.commit()  # rendered first: the commit would expire what the page shows
    return page


def _sorting(filters: dict) -> dict[str, tuple[str, str | None]]:
    """Each sortable column's link (the other direction when it is the current order) and its ``aria-sort``."""
    links = {}
    kept = {k: v for k, v in filters.items() if v and k not in ("sort", "dir")}
    for key in services.SORTS[1:]:
        current = filters["sort"] == key
        descending = current and filters["dir"] != "desc"
        href = url_for("reception.start", **kept, sort=key, **({"dir": "desc"} if descending else {}))
        links[key] = (href, ("descending" if filters["dir"] == "desc" else "ascending") if current else None)
    return links


@bp.route("/dashboard")
@role_required(*STAFF)
def dashboard():
    """Caseload, overdue tasks, arrivals soon and follow-ups for the officer's municipality; the
    coordinator sees every municipality side by side."""
    municipality = request.args.get("municipality", "") if current_user.role == Role.COORDINATOR else ""
    cases = services.scoped_cases(current_user, municipality)
    counties = by_county(db.session, current_locale())
    numbers = figures(cases)
    shown = ({t.case_id for t in numbers.overdue_tasks} | {c.id for c in numbers.arrivals}
             | {i.case_id for i in numbers.news})
    record(current_user, "dashboard", "case_list", 0, None, cases=sorted(shown))
    page = render_template("reception/dashboard.html", figures=numbers, statuses=list(CaseStatus),
                           status_labels=CASE_STATUS_LABELS, counties=counties, municipality=municipality,
                           task_text=task_text, basis_labels=RESIDENCE_BASIS_LABELS, inbox_labels=INBOX_LABELS)
    db.session.commit()
    return page


# --- opening a case at the desk ----------------------------------------------------------------------------

@bp.route("/cases/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new_case():
    form = NewCaseForm()
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name_sv)).all()
    if current_user.role == Role.OFFICER:
        form.municipality.choices = [(current_user.municipality_code, localized(current_user.municipality, "name"))]
    else:
        form.municipality.choices = [(m.code, localized(m, "name")) for m in municipalities]
    form.municipality.validate_choice = False  # where a case may open is the use case's rule, as in the API
    if form.validate_on_submit():
        opened_at_desk = committed(lambda: services.open_at_desk(
            current_user, municipality_code=form.municipality.data, full_name=form.full_name.data,
            email=form.email.data, locale=form.locale.data, expected_arrival=form.expected_arrival.data,
            note=form.note.data,
            residence_basis=ResidenceBasis(form.residence_basis.data) if form.residence_basis.data else None,
            gender=Gender(form.gender.data) if form.gender.data else None),
            (services.CaseError,))
        if isinstance(opened_at_desk, Refusal):
            code = opened_at_desk.reason.code
            field = form.municipality if code == "no_such_municipality" else form.email
            field.errors.append(ERRORS.get(code, code))
        else:
            case, opened = opened_at_desk
            if case is None:  # asked: the same answer whether the address had an account or not
                flash(str(ASKED) % {"email": form.email.data}, "info")
                return redirect(url_for("reception.start"))
            flash(_("The case is open.") if opened else _("This household already has an open case here."),
                  "success" if opened else "info")
            return redirect(url_for("reception.case", case_id=case.id))
    return render_template("reception/new_case.html", form=form)


# --- the case page -------------------------------------------------------------------------------------------

def _case(case_id: int) -> Case:
    profile = joinedload(Case.profile)
    members = profile.selectinload(Household.members)
    case = case_for(
        current_user, case_id,
        profile.joinedload(Household.user), joinedload(Case.municipality), joinedload(Case.assigned_officer),
        selectinload(Case.events).joinedload(CaseEvent.actor),
        selectinload(Case.tasks).joinedload(CaseTask.assignee),
        selectinload(Case.tasks).joinedload(CaseTask.follow_up),
        selectinload(Case.follow_ups), selectinload(Case.messages).joinedload(CaseMessage.author),
        selectinload(Case.referrals).joinedload(Referral.service),
        selectinload(Case.referrals).joinedload(Referral.housing),
        selectinload(Case.notes).joinedload(CaseNote.author),
        members.selectinload(HouseholdMember.languages),
        members.selectinload(HouseholdMember.occupations).joinedload(MemberOccupation.occupation),
        profile.selectinload(Household.plan_steps),
    )
    if case is None:
        abort(404)  # another municipality's case does not exist for this officer
    return case


def _page(case: Case, status: int = 200, news: list | None = None, **forms):
    officers = services.officers_for(case)
    forms.setdefault("status_form", StatusForm(prefix="status", formdata=None, version=case.version))
    forms.setdefault("assign_form", AssignForm(prefix="assign", formdata=None, version=case.version,
                                               officer=str(case.assigned_officer_id or "")))
    forms.setdefault("arrival_form", ArrivalForm(prefix="arrival", formdata=None, version=case.version,
                                                 expected_arrival=case.expected_arrival))
    forms.setdefault("task_form", TaskForm(prefix="task", formdata=None))
    forms.setdefault("note_form", NoteForm(prefix="note", formdata=None))
    forms.setdefault("message_form", MessageForm(prefix="message", formdata=None))
    forms.setdefault("referral_form", ReferralForm(prefix="referral", formdata=None))
    forms["referral_form"].target.choices = referral_targets(case)
    if current_user.role == Role.COORDINATOR:
        forms.setdefault("move_form", MoveForm(prefix="move", formdata=None, version=case.version,
                                               municipality=case.municipality_code))
        forms["move_form"].municipality.choices = municipality_choices()
    forms["status_form"].offer(TRANSITIONS[case.status])
    forms["assign_form"].offer(officers)
    forms["task_form"].offer(officers)
    steps, steps_done = services.plan_progress(case.profile)
    phases, next_steps = households.plan_overview(steps)
    deadlines = [(contact, advice.bonus_claim_by) for contact, advice in
                 households.housing_advice(case.profile, today(), current_locale())
                 if advice.bonus_claim_by is not None and not advice.bonus_deadline_passed]
    audit = trail("case", case.id) if current_user.role in (Role.COORDINATOR, Role.ADMIN) else None
    return render_template(
        "reception/case.html", case=case, profile=case.profile, steps=steps,
        steps_done=steps_done, next_steps=next_steps, deadlines=deadlines, phase_labels=PHASE_LABELS,
        phases=sorted(phases, key=lambda p: PHASES.index(p.key) if p.key in PHASES else len(PHASES)),
        overdue=services.overdue_tasks(case),
        audit=audit, status_labels=CASE_STATUS_LABELS, source_labels=CASE_SOURCE_LABELS,
        closing_labels=CLOSING_REASON_LABELS, today=today(), member_labels=MEMBER_LABELS, moving_labels=MOVING_LABELS,
        step_labels=STEP_STATUS_LABELS, audit_labels=AUDIT_LABELS, task_text=task_text, after_arrival=after_arrival,
        may_message=services.may_message(case), referral_labels=REFERRAL_STATUS_LABELS,
        referral_statuses=list(ReferralStatus), follow_up_labels=FOLLOW_UP_STATUS_LABELS,
        housing_labels=HOUSING_LABELS, partner_labels=PARTNER_WORK_LABELS,
        language_name=lambda code: language_name(code, current_locale()), news=news or [],
        inbox_labels=INBOX_LABELS, next_status=services.next_status(case),
        open_tasks=[t for t in case.tasks if t.done_at is None], **forms,
    ), status


@bp.route("/cases/<int:case_id>")
@role_required(*STAFF)
def case(case_id: int):
    case = _case(case_id)
    news = inbox.unseen_kinds([case.id]).get(case.id, [])  # what is new to the reader, before it is seen
    services.viewed(case, current_user)
    page = _page(case, news=news)  # rendered before the commit, which would expire what the page needs
    db.session.commit()  # the view is recorded in the same transaction as the read marks
    return page


def _refused(case_id: int, exc: Exception, **forms):
    """Roll the attempt back and show the case as it is now, with what the officer typed."""
    db.session.rollback()
    code = exc.code if isinstance(exc, services.CaseError) else "stale"
    flash(ERRORS[code], "error")
    case = _case(case_id)
    for form in forms.values():
        if "version" in form:
            form.version.data = case.version  # resubmitting now applies to what they see
    return _page(case, 409 if code == "stale" else 422, **forms)


@bp.route("/cases/<int:case_id>/status", methods=["POST"])
@role_required(*STAFF)
def change_status(case_id: int):
    case = _case(case_id)
    form = StatusForm(prefix="status").offer(list(CaseStatus))
    if not form.validate():
        return _page(case, 422, status_form=form)
    reason = ClosingReason(form.closing_reason.data) if form.closing_reason.data else None
    refused = committed(lambda: services.change_status(case, CaseStatus(form.status.data), current_user,
                                                       seen_version=form.version.data, reason=reason), REFUSALS)
    if isinstance(refused, Refusal):
        return _refused(case_id, refused.reason, status_form=form)
    flash(_("The case is now: %(status)s.", status=CASE_STATUS_LABELS[case.status]), "success")
    return redirect(url_for("reception.case", case_id=case_id))


@bp.route("/cases/<int:case_id>/assign", methods=["POST"])
@role_required(*STAFF)
def assign(case_id: int):
    case = _case(case_id)
    form = AssignForm(prefix="assign").offer(services.officers_for(case))
    form.officer.validate_choice = False  # who may have the case is the use case's rule, as in the API
    if not form.validate():
        return _page(case, 422, assign_form=form)
    officer = _officer_id(form.officer.data)
    refused = committed(lambda: services.assign(case, officer, current_user, seen_version=form.version.data), REFUSALS)
    if isinstance(refused, Refusal):
        return _refused(case_id, refused.reason, assign_form=form)
    flash(_("The case is assigned.") if case.assigned_officer_id else _("The case is unassigned."), "success")
    return redirect(url_for("reception.case", case_id=case_id))


@bp.route("/cases/<int:case_id>/move", methods=["POST"])
@role_required(Role.COORDINATOR)
def move(case_id: int):
    case = _case(case_id)
    form = MoveForm(prefix="move")
    form.municipality.choices = municipality_choices()
    form.municipality.validate_choice = False  # where a case may go is the use case's rule, as in the API
    if not form.validate():
        return _page(case, 422, move_form=form)
    refused = committed(lambda: services.move_case(case, form.municipality.data, current_user,
                                                   seen_version=form.version.data), REFUSALS,
                        conflict=services.CaseError("open_case_there"))  # the household opened one there meanwhile
    if isinstance(refused, Refusal):
        return _refused(case_id, refused.reason, move_form=form)
    flash(_("The case is now with %(municipality)s.", municipality=localized(case.municipality, "name")), "success")
    return redirect(url_for("reception.case", case_id=case_id))


def _officer_id(chosen: str | None) -> int | None:
    """The officer picked in a form, or None for nobody. A value that is no one's id is 0, which the use case
    refuses as it refuses another municipality's officer."""
    if not chosen:
        return None
    return int(chosen) if chosen.isascii() and chosen.isdigit() and len(chosen) <= 10 else 0


def municipality_choices() -> list[tuple[str, str]]:
    return [(m.code, localized(m, "name")) for m in db.session.scalars(select(Municipality)
                                                                       .order_by(Municipality.name_sv))]


@bp.route("/cases/<int:case_id>/take", methods=["POST"])
@role_required(Role.OFFICER)
def take(case_id: int):
    """An unassigned case in the officer's municipality: "I'll take it"."""
    case = _case(case_id)
    seen = request.form.get("version", type=int)
    refused = committed(lambda: services.take(case, current_user, seen_version=seen), REFUSALS)
    if isinstance(refused, Refusal):
        return _refused(case_id, refused.reason)
    flash(_("The case is yours."), "success")
    return redirect(url_for("reception.case", case_id=case_id))


@bp.route("/cases/<int:case_id>/arrival", methods=["POST"])
@role_required(*STAFF)
def arrival(case_id: int):
    case = _case(case_id)
    form = ArrivalForm(prefix="arrival")
    if not form.validate():
        return _page(case, 422, arrival_form=form)
    refused = committed(lambda: services.set_expected_arrival(case, form.expected_arrival.data, current_user,
                                                              seen_version=form.version.data), REFUSALS)
    if isinstance(refused, Refusal):
        return _refused(case_id, refused.reason, arrival_form=form)
    flash(_("The expected arrival is saved."), "success")
    return redirect(url_for("reception.case", case_id=case_id))


@bp.route("/cases/<int:case_id>/tasks", methods=["POST"])
@role_required(*STAFF)
def add_task(case_id: int):
    case = _case(case_id)
    form = TaskForm(prefix="task").offer(services.officers_for(case))
    form.assignee.validate_choice = False  # who may do it is the use case's rule, as in the API
    if not form.validate():
        return _page(case, 422, task_form=form)
    assignee = _officer_id(form.assignee.data)
    refused = committed(lambda: services.add_task(case, current_user, title=form.title.data, due_on=form.due_on.data,
                                                  assignee_id=assignee), REFUSALS)
    if isinstance(refused, Refusal):
        if not isinstance(refused.reason, services.CaseError):
            return _refused(case_id, refused.reason, task_form=form)
        target = {"due_in_past": form.due_on, "not_an_officer_here": form.assignee}.get(refused.reason.code,
                                                                                      form.title)
        target.errors = [*target.errors, ERRORS[refused.reason.code]]
        return _page(_case(case_id), 422, task_form=form)
    flash(_("The task is added."), "success")
    return redirect(url_for("reception.case", case_id=case_id, _anchor="tasks"))


@bp.route("/cases/<int:case_id>/tasks/<int:task_id>", methods=["POST"])
@role_required(*STAFF)
def task_done(case_id: int, task_id: int):
    case = _case(case_id)
    done = request.form.get("done") == "1"
    refused = committed(lambda: services.complete_task(case, task_id, current_user, done=done), REFUSALS)
    if isinstance(refused, Refusal):
        if getattr(refused.reason, "code", None) == "no_such_task":
            abort(404)
        return _refused(case_id, refused.reason)
    return redirect(url_for("reception.case", case_id=case_id, _anchor="tasks"))


@bp.route("/cases/<int:case_id>/notes", methods=["POST"])
@role_required(*STAFF)
def add_note(case_id: int):
    case = _case(case_id)
    form = NoteForm(prefix="note")
    if not form.validate():
        return _page(case, 422, note_form=form)
    services.add_note(case, current_user, form.body.data)
    db.session.commit()
    flash(_("The note is saved."), "success")
    return redirect(url_for("reception.case", case_id=case_id, _anchor="notes"))


def referral_targets(case: Case) -> list[tuple[str, str]]:
    """The services of the catalogue and the housing contacts that serve the case's municipality."""
    services_, housing = services.referral_targets(case)
    housing = sorted(housing, key=lambda c: localized(c, "name").casefold())  # as the reader reads them
    return ([("", _("Choose…"))] + [(f"service:{s.key}", localized(s, "name")) for s in services_]
            + [(f"housing:{c.key}", _("Housing: %(name)s", name=localized(c, "name"))) for c in housing])


@bp.route("/cases/<int:case_id>/messages", methods=["POST"])
@role_required(*STAFF)
def send_message(case_id: int):
    case = _case(case_id)
    form = MessageForm(prefix="message")
    if not form.validate():
        return _page(case, 422, message_form=form)
    refused = committed(lambda: services.send_message(case, current_user, form.body.data), REFUSALS)
    if isinstance(refused, Refusal):
        return _refused(case_id, refused.reason, message_form=form)
    flash(_("The message is sent."), "success")
    return redirect(url_for("reception.case", case_id=case_id, _anchor="messages"))


@bp.route("/cases/<int:case_id>/referrals", methods=["POST"])
@role_required(*STAFF)
def refer(case_id: int):
    case = _case(case_id)
    form = ReferralForm(prefix="referral")
    form.target.choices = referral_targets(case)
    form.target.validate_choice = False  # where a household may be referred is the use case's rule, as in the API
    if not form.validate():
        return _page(case, 422, referral_form=form)
    refused = committed(lambda: services.refer(case, current_user, target=form.target.data, note=form.note.data or ""),
                        REFUSALS, conflict=services.CaseError("already_referred"))  # a colleague, at the same moment
    if isinstance(refused, Refusal):
        return _refused(case_id, refused.reason, referral_form=form)
    flash(_("The referral is saved."), "success")
    return redirect(url_for("reception.case", case_id=case_id, _anchor="referrals"))


@bp.route("/cases/<int:case_id>/referrals/<int:referral_id>", methods=["POST"])
@role_required(*STAFF)
def referral_status(case_id: int, referral_id: int):
    case = _case(case_id)
    form = ReferralStatusForm()
    if not form.validate():
        flash(_("Choose a status from the list."), "error")
        return redirect(url_for("reception.case", case_id=case_id, _anchor="referrals"))
    status = ReferralStatus(form.status.data)
    refused = committed(lambda: services.update_referral(case, referral_id, status, current_user), REFUSALS)
    if isinstance(refused, Refusal):
        if getattr(refused.reason, "code", None) == "no_such_referral":
            abort(404)
        return _refused(case_id, refused.reason)
    return redirect(url_for("reception.case", case_id=case_id, _anchor="referrals"))


# --- follow-ups ----------------------------------------------------------------------------------------------

SURVEY_ERRORS = {
    "unknown": _l("This link is not valid. Use the newest link from your e-mail."),
    "answered": _l("You have already answered this check-in. Thank you!"),
    "expired": _l("This link has expired. Your reception officer will be in touch."),
}


@bp.route("/follow-up/<token>", methods=["GET", "POST"])
@public
def survey(token: str):
    """The household's check-in, reached from the e-mail without signing in; the link works once."""
    try:
        follow_up = followups.by_token(token)
    except followups.FollowUpError as exc:
        return _survey_closed(exc)
    locale = session.get("lang") or follow_up.case.profile.user.locale
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            followups.answer(token, settled=int(form.settled.data), housing=Housing(form.housing.data),
                             partner_work=PartnerWork(form.partner_work.data))
        except followups.FollowUpError as exc:
            db.session.rollback()
            return _survey_closed(exc)
        db.session.commit()
        with force_locale(locale):
            return render_template("reception/survey_closed.html",
                                   message=_("Thank you! Your answers went to your reception officer."))
    with force_locale(locale):
        return render_template("reception/survey.html", form=form,
                               municipality=follow_up.case.municipality), (422 if form.errors else 200)


def _survey_closed(exc: followups.FollowUpError):
    """Why the link does not work, in the household's language when the link is theirs."""
    locale = session.get("lang") or (exc.follow_up.case.profile.user.locale if exc.follow_up else None)
    with force_locale(locale or current_locale()):
        page = render_template("reception/survey_closed.html", message=str(SURVEY_ERRORS[exc.code]))
    return page, (404 if exc.code == "unknown" else 410)


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.OFFICER)
def settings():
    """The officer's municipality's follow-up intervals; pending follow-ups keep their dates until
    their case's arrival date changes."""
    code = current_user.municipality_code
    before = followups.intervals(code)
    form = IntervalsForm().offer(before)
    if request.method == "GET":
        form.periods.data = before
    elif form.validate_on_submit():
        def save() -> None:
            followups.set_intervals(code, form.days)
            record(current_user, "follow_up_intervals", "municipality", int(code), None, before=before,
                   after=form.days)
        committed(save)
        flash(_("The follow-ups are saved. They apply to arrival dates set or changed from now on."), "success")
        return redirect(url_for("reception.settings"))
    return render_template("reception/settings.html", form=form), (422 if form.errors else 200)
