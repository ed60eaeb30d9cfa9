"""The newcomer's pages: home, profile wizard, household, consents and the arrival plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import NamedTuple

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError
from wtforms import Field, SelectChoice, SelectField
from wtforms.validators import Optional

from app.auth.access import public, role_required
from app.auth.models import Role
from app.auth.services import external_url
from app.catalogue.models import Municipality, MunicipalService, Occupation
from app.database import Refusal, committed
from app.employers.candidates import answer_request as answer
from app.employers.candidates import hires_for, requests_for, show_interest, withdraw_interest
from app.employers.models import Interest
from app.employers.services import EmployerError
from app.events.services import for_household as events_for_household
from app.extensions import db
from app.flows import households
from app.forms import LandaForm
from app.i18n import current_locale, localized
from app.matching.alerts import profile_for_stop_token, set_alerts, stop_alerts
from app.matching.services import household_places, missing_for_matching, needs_for
from app.matching.texts import PART_LABELS, part_text
from app.models import today as local_today
from app.models import utcnow
from app.pagination import paginate_list
from app.privacy import export as data_export
from app.privacy.texts import action_label, who
from app.privacy.trail import organisations_of, person_trail, reveals_of
from app.reception import services as reception
from app.reception.models import CASE_STATUS_LABELS, Case, CaseMessage
from app.talent import calendar, pdf, services
from app.talent.errors import ERRORS
from app.talent.forms import (
    AboutForm,
    CalendarFeedForm,
    ConsentForm,
    JobAlertForm,
    LanguagesForm,
    MemberForm,
    MoveForm,
    PlacesForm,
    PlanRemindersForm,
    StopJobAlertsForm,
    WorkForm,
    gender_of,
)
from app.talent.housing import WITHOUT_PERSONNUMMER
from app.talent.models import (
    LEVEL_LABELS,
    MOVING_LABELS,
    RELATION_LABELS,
    STATUS_LABELS,
    STEP_STATUS_LABELS,
    Citizenship,
    ConsentKind,
    Education,
    Household,
    HouseholdMember,
    HouseholdStatus,
    LanguageLevel,
    Moving,
    Relation,
    StepStatus,
)
from app.talent.partner import decide_listing, listing_decision, partner_for_token, send_link
from app.talent.plan import PHASES, ResidenceBasis
from app.talent.texts import (
    BRING_LABELS,
    PHASE_LABELS,
    condition_text,
    countries,
    language_name,
    languages,
    reason_text,
)
from app.validators import phone_display

bp = Blueprint("talent", __name__, url_prefix="/talent", template_folder="templates")
bp.add_app_template_filter(condition_text, "condition_text")
bp.add_app_template_filter(reason_text, "reason_text")
bp.add_app_template_filter(phone_display, "phone")  # a kept number as people read it: {{ profile.phone|phone }}

STEPS = ("about", "languages", "work", "places", "move")
STEP_TITLES = {
    "about": _l("About you"),
    "languages": _l("Languages"),
    "work": _l("Work and skills"),
    "places": _l("Where you would live"),
    "move": _l("Your move"),
}


FULL = (
    selectinload(Household.members).selectinload(HouseholdMember.languages),
    selectinload(Household.members).selectinload(HouseholdMember.occupations),
    selectinload(Household.skills),
    selectinload(Household.preferences),
)
WITH_PLAN = (*FULL, selectinload(Household.plan_steps))
ACCESS_LOG_PER_PAGE = 50
HOME = (selectinload(Household.members), selectinload(Household.plan_steps))


def _profile(options=FULL) -> Household:
    """The signed-in newcomer's profile, loaded with what the page needs; locked by a change (a POST),
    so the plan is rebuilt from what the change before wrote. Every newcomer gets a profile with the account.
    """
    profile = services.profile_for(current_user, *options, lock=request.method == "POST")
    if profile is None:
        abort(404)
    return profile


def _municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name_sv)))


def _next_step(step: str) -> str:
    index = STEPS.index(step)
    return url_for("talent.wizard", step=STEPS[index + 1]) if index + 1 < len(STEPS) else url_for("talent.plan")


CHOOSE = _l("Choose…")


def _language_choices(blank=CHOOSE):
    return [SelectChoice("", blank)] + [SelectChoice(code, name) for code, name in languages(current_locale())]


def _occupation_label(occupation: Occupation) -> str:
    return f"{occupation.code} {localized(occupation, 'label')}"


class _Step(NamedTuple):
    """A wizard step's form and what its page shows besides; once the form is valid, the use case that saves
    the step and the field a refusal of it is shown at (none: the use case refuses nothing)."""

    form: LandaForm
    extra: dict
    save: Callable[[], None] | None = None
    refused_at: Callable[[services.ProfileError], Field] | None = None


def _error(form, form_field, exc: services.ProfileError) -> None:
    """Show a refused use case next to the field it is about (after the form itself validated)."""
    form_field.errors = [*form_field.errors, exc.message]
    form._errors = None  # WTForms caches form.errors: let it see the new message


@bp.route("/")
@role_required(Role.NEWCOMER)
def start():
    profile = _profile(WITH_PLAN)  # matching reads languages, occupations and skills too
    steps = [s for s in profile.plan_steps if s.applies]
    done = sum(1 for s in steps if s.status != StepStatus.TODO)
    upcoming = [s for s in steps if s.status == StepStatus.TODO][:3]
    cases = db.session.scalars(
        select(Case).where(Case.profile_id == profile.id)
        .options(selectinload(Case.municipality), selectinload(Case.assigned_officer),
                 selectinload(Case.messages).selectinload(CaseMessage.author))
        .order_by(Case.opened_at.desc())
    ).all()
    # Reception's messages the household had not seen before this visit are marked new on the page, once.
    new_messages = {m.id for case in cases for m in case.messages if not m.from_household and m.read_at is None}
    if sum(reception.mark_read(case, from_household=False) for case in cases):
        db.session.commit()  # the household has now seen reception's messages
    missing = [s for s in STEPS if s not in profile.completed_steps]

    contact_requests, hires = requests_for(profile), hires_for(profile)
    awaiting_reception = reception.hires_awaiting_reception(profile, hires)
    reception_requests = reception.pending_requests(profile)

    partner = profile.partner if profile.partner and profile.partner.seeking_work else None
    job_matches, *rest = needs_for(profile, [None, partner] if partner else [None])
    partner_matches = rest[0] if rest else []
    return render_template(
        "talent/start.html", profile=profile, steps=steps, done=done, upcoming=upcoming, cases=cases,
        new_messages=new_messages, unanswered=[c for c in contact_requests if c.status == "pending"],
        missing=missing, step_titles=STEP_TITLES, today=local_today(), contact_requests=contact_requests,
        hires=hires, awaiting_reception=awaiting_reception, reception_requests=reception_requests,
        job_matches=job_matches,
        partner_matches=partner_matches, missing_for_matching=missing_for_matching(profile),
        alert_form=JobAlertForm(me=profile.job_alerts, partner=bool(partner and partner.job_alerts)),
        profile_current=services.is_current(profile), events=events_for_household(profile),
        status_labels=STATUS_LABELS, relation_labels=RELATION_LABELS,
        moving_labels=MOVING_LABELS, case_status_labels=CASE_STATUS_LABELS,
    )


@bp.route("/profile/<step>", methods=["GET", "POST"])
@role_required(Role.NEWCOMER)
def wizard(step: str):
    if step not in STEPS:
        abort(404)
    profile = _profile()
    handler = {"about": _about, "languages": _languages, "work": _work, "places": _places, "move": _move}[step]
    page = handler(profile)
    if page.save is not None:
        refusals = (services.ProfileError, StaleDataError) if page.refused_at else (StaleDataError,)
        saved = committed(page.save, refusals)
        if not isinstance(saved, Refusal):
            flash(_("Saved."), "success")
            return redirect(request.form.get("next") if request.form.get("next") == url_for("talent.start")
                            else _next_step(step))
        if isinstance(saved.reason, StaleDataError):  # reception changed the case this step also moves, meanwhile
            flash(_("Something changed while you saved. Please save this step again."), "error")
            return redirect(url_for("talent.wizard", step=step))
        _error(page.form, page.refused_at(saved.reason), saved.reason)
    return render_template(f"talent/wizard_{step}.html", form=page.form, step=step, steps=STEPS,
                           step_titles=STEP_TITLES, profile=profile, **page.extra), (422 if page.form.errors else 200)


def _about(profile: Household) -> _Step:
    form = AboutForm()
    form.current_country.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(code, name) for code, name in countries(current_locale())]
    if request.method == "GET":
        form.full_name.data = profile.user.full_name
        form.phone.data = phone_display(profile.phone)
        form.citizenship.data = profile.citizenship.value if profile.citizenship else None
        form.current_country.data = profile.current_country or ""
        form.current_city.data = profile.current_city
        form.birth_year.data = profile.me.birth_year if profile.me is not None else None
        form.gender.data = profile.me.gender.value if profile.me is not None and profile.me.gender else ""
        basis = profile.me.residence_basis if profile.me is not None else None
        form.residence_basis.data = basis.value if basis else ""
    elif form.validate_on_submit():
        return _Step(form, {}, lambda: services.save_about(
            profile, full_name=form.full_name.data, phone=form.phone.data,
            citizenship=Citizenship(form.citizenship.data), current_country=form.current_country.data,
            current_city=form.current_city.data, birth_year=form.birth_year.data, gender=gender_of(form.gender),
            residence_basis=ResidenceBasis(form.residence_basis.data) if form.residence_basis.data else None),
            lambda exc: form[exc.field or "birth_year"])
    return _Step(form, {})


def _languages(profile: Household) -> _Step:
    form = LanguagesForm()
    for entry in form.others.entries:
        entry.form.language.choices = _language_choices()
    me = profile.me
    if request.method == "GET":
        form.swedish.data = me.level_in("sv").value if me.level_in("sv") else ""
        form.english.data = me.level_in("en").value if me.level_in("en") else ""
        others = [e for e in me.languages if e.language not in ("sv", "en")]
        for entry, known in zip(form.others.entries, others, strict=False):
            entry.form.language.data = known.language
            entry.form.level.data = known.level.value
    elif form.validate_on_submit():
        levels = {}
        if form.swedish.data:
            levels["sv"] = LanguageLevel(form.swedish.data)
        if form.english.data:
            levels["en"] = LanguageLevel(form.english.data)
        for entry in form.others.entries:
            if entry.form.language.data and entry.form.language.data not in ("sv", "en"):
                levels[entry.form.language.data] = LanguageLevel(entry.form.level.data)
        return _Step(form, {}, lambda: services.save_languages(profile, levels))
    return _Step(form, {})


def _work(profile: Household) -> _Step:
    form = WorkForm()
    me = profile.me
    occupations = db.session.scalars(select(Occupation).order_by(Occupation.code)).all()
    extra = {"occupations": occupations, "occupation_label": _occupation_label}
    if request.method == "GET":
        for entry, row in zip(form.occupations.entries, me.occupations, strict=False):
            entry.data = _occupation_label(row.occupation)
        form.skills.data = ", ".join(s.label for s in profile.skills)
        form.education.data = profile.education.value if profile.education else ""
        form.years_experience.data = profile.years_experience
    elif form.validate_on_submit():
        codes = [entry.occupation.code for entry in form.occupations.entries if getattr(entry, "occupation", None)]
        skills = [s for s in (form.skills.data or "").replace(";", ",").split(",") if s.strip()]
        return _Step(form, extra, lambda: services.save_work(
            profile, occupation_codes=codes, skills=skills,
            education=Education(form.education.data) if form.education.data else None,
            years_experience=form.years_experience.data), lambda exc: form.skills)
    return _Step(form, extra)


def _places(profile: Household) -> _Step:
    municipalities = _municipalities()
    rank_choices = [SelectChoice("", _("Not considered"))] + [
        SelectChoice(str(i), _("Choice %(rank)d", rank=i)) for i in range(1, len(municipalities) + 1)]

    class Form(PlacesForm):
        pass

    for m in municipalities:
        setattr(Form, f"rank_{m.code}", SelectField(localized(m, "name"), choices=rank_choices,
                                                    validators=[Optional()], default=""))
    form = Form()
    fields = [(m, form[f"rank_{m.code}"]) for m in municipalities]
    if request.method == "GET":
        ranks = {p.municipality_code: p.rank for p in profile.preferences}
        for m, field in fields:
            field.data = str(ranks[m.code]) if m.code in ranks else ""
        form.open_to_all.data = profile.open_to_all_municipalities
    elif form.validate_on_submit():
        chosen = [(int(field.data), m.code, field) for m, field in fields if field.data]
        seen: dict[int, str] = {}
        for rank, _code, field in sorted(chosen):
            if rank in seen:
                field.errors = [*field.errors, _("Choice %(rank)d is given twice: each choice once.", rank=rank)]
            seen[rank] = _code
        if not form.errors and not any(field.errors for _m, field in fields):
            return _Step(form, {"rank_fields": fields}, lambda: services.save_places(
                profile, ranked_codes=[code for _r, code, _f in sorted(chosen)], open_to_all=form.open_to_all.data),
                lambda exc: form.open_to_all)  # the domain's rule, as the API refuses it
    return _Step(form, {"rank_fields": fields})


def _move(profile: Household) -> _Step:
    form = MoveForm()
    form.destination.choices = [SelectChoice("", _("Not decided yet"))] + [
        SelectChoice(m.code, localized(m, "name")) for m in _municipalities()]
    if request.method == "GET":
        form.status.data = profile.status.value
        form.destination.data = profile.destination_code or ""
        form.job_start.data = profile.job_start_date
        form.arrival.data = profile.arrival_date
        form.offer_salary.data = profile.offer_salary
        form.permit_decision.data = profile.permit_decision_date
        form.works_before_arrival.data = profile.works_before_arrival
    elif form.validate_on_submit():
        return _Step(form, {}, lambda: households.plan_move(
            profile, status=HouseholdStatus(form.status.data), destination_code=form.destination.data or None,
            job_start=form.job_start.data, arrival=form.arrival.data, offer_salary=form.offer_salary.data,
            permit_decision=form.permit_decision.data, works_before_arrival=form.works_before_arrival.data),
            lambda exc: form[exc.field or "status"])
    return _Step(form, {})


# --- household --------------------------------------------------------------------------------------

@bp.route("/household")
@role_required(Role.NEWCOMER)
def household():
    profile = _profile()
    partner = profile.partner
    return render_template("talent/household.html", profile=profile, relation_labels=RELATION_LABELS,
                           partner_decision=listing_decision(partner) if partner else None,
                           moving_labels=MOVING_LABELS, level_labels=LEVEL_LABELS,
                           language_name=lambda code: language_name(code, current_locale()))


@bp.route("/household/add", methods=["GET", "POST"], defaults={"member_id": None})
@bp.route("/household/<int:member_id>", methods=["GET", "POST"])
@role_required(Role.NEWCOMER)
def member(member_id: int | None):
    profile = _profile()
    person = None
    if member_id is not None:
        person = services.member_of(profile, member_id)
        if person is None or person.relation == Relation.SELF:
            abort(404)
    form = MemberForm()
    form.home_language.choices = _language_choices(_l("Not given"))
    form.other_language.choices = _language_choices()
    if request.method == "GET" and person is not None:
        form.relation.data = person.relation.value
        form.first_name.data = person.first_name
        form.birth_year.data = person.birth_year
        form.gender.data = person.gender.value if person.gender else ""
        form.residence_basis.data = person.residence_basis.value if person.residence_basis else ""
        form.home_language.data = person.home_language or ""
        form.moving.data = person.moving.value
        form.follows_on.data = person.follows_on
        form.seeking_work.data = person.seeking_work
        form.email.data = person.email
        for entry, row in zip(form.occupations.entries, person.occupations, strict=False):
            entry.data = _occupation_label(row.occupation)
        form.swedish.data = person.level_in("sv").value if person.level_in("sv") else ""
        form.english.data = person.level_in("en").value if person.level_in("en") else ""
        other = next((e for e in person.languages if e.language not in ("sv", "en")), None)
        if other is not None:
            form.other_language.data, form.other_level.data = other.language, other.level.value
    elif request.method == "GET":
        form.relation.data = request.args.get("relation") if request.args.get("relation") in (
            Relation.PARTNER, Relation.CHILD) else None
    elif form.validate_on_submit():
        # The occupation validator keeps what it found on each field.
        codes = [entry.occupation.code for entry in form.occupations.entries if getattr(entry, "occupation", None)]
        saved = committed(lambda: services.save_member(
            profile, person, relation=Relation(form.relation.data), first_name=form.first_name.data,
            birth_year=form.birth_year.data, home_language=form.home_language.data or None,
            moving=Moving(form.moving.data), follows_on=form.follows_on.data,
            seeking_work=form.seeking_work.data, occupation_codes=codes,
            swedish_level=LanguageLevel(form.swedish.data) if form.swedish.data else None,
            english_level=LanguageLevel(form.english.data) if form.english.data else None,
            other_languages={form.other_language.data: LanguageLevel(form.other_level.data)}
            if form.other_language.data else {}, email=form.email.data,
            residence_basis=ResidenceBasis(form.residence_basis.data) if form.residence_basis.data else None,
            gender=gender_of(form.gender),
        ), (services.ProfileError,))
        if isinstance(saved, Refusal):
            _error(form, form[saved.reason.field or "relation"], saved.reason)
        else:
            flash(_("%(name)s is saved. Your plan has been updated.", name=saved.first_name), "success")
            return redirect(url_for("talent.household"))
    occupations = db.session.scalars(select(Occupation).order_by(Occupation.code)).all()
    return render_template("talent/member.html", form=form, person=person, occupations=occupations,
                           occupation_label=_occupation_label), (422 if form.errors else 200)


@bp.route("/household/<int:member_id>/remove", methods=["POST"])
@role_required(Role.NEWCOMER)
def remove_member(member_id: int):
    profile = _profile()
    person = services.member_of(profile, member_id)
    if person is None or person.relation == Relation.SELF:
        abort(404)
    name = person.first_name
    services.remove_member(profile, person)
    db.session.commit()
    flash(_("%(name)s is removed from your household. Your plan has been updated.", name=name), "success")
    return redirect(url_for("talent.household"))


@bp.route("/confirm", methods=["POST"])
@role_required(Role.NEWCOMER)
def confirm_profile():
    profile = _profile(HOME)
    services.confirm_current(profile)
    db.session.commit()
    flash(_("Thank you: your profile is current. Employers can find it again for %(days)d days.",
            days=services.CURRENT_FOR.days), "success")
    return redirect(url_for("talent.start"))


@bp.route("/requests/<int:request_id>", methods=["POST"])
@role_required(Role.NEWCOMER)
def answer_request(request_id: int):
    profile = _profile(HOME)
    accept = request.form.get("answer") == "accept"
    contact = committed(lambda: answer(profile, request_id, accept), (EmployerError,))
    if isinstance(contact, Refusal):
        if contact.reason.code == "no_such_request":
            abort(404)
        flash(_("You have already answered this request."), "error")
    else:
        name = contact.need.organisation.name
        flash(_("%(name)s can now see your name and contact details.", name=name) if accept
              else _("You declined. %(name)s does not see who you are.", name=name), "success")
    return redirect(url_for("talent.start"))


@bp.route("/places")
@role_required(Role.NEWCOMER)
def places():
    """Where the whole household would do well: every municipality, each part of the score shown."""

    profile = _profile(FULL)
    fits, needs = household_places(profile)
    municipalities = {m.code: m for m in db.session.scalars(select(Municipality))}
    return render_template("talent/places.html", profile=profile, fits=fits, needs=needs,
                           municipalities=municipalities, part_labels=PART_LABELS, part_text=part_text)


# --- housing ----------------------------------------------------------------------------------------

@bp.route("/housing")
@role_required(Role.NEWCOMER)
def housing():
    profile = _profile(WITH_PLAN)
    code = services.housing_destination(profile)
    municipality = db.session.get(Municipality, code) if code else None
    advice = services.housing_advice(profile, locale=current_locale()) if code else []
    return render_template("talent/housing.html", profile=profile, municipality=municipality, advice=advice,
                           has_personnummer=services.has_personnummer(profile),
                           alternatives=[c for c, _a in advice if c.key in WITHOUT_PERSONNUMMER])


# --- consents ---------------------------------------------------------------------------------------

@bp.route("/consents", methods=["GET", "POST"])
@role_required(Role.NEWCOMER)
def consents():
    profile = _profile()
    current = services.current_consents(profile)
    form = ConsentForm()
    if request.method == "GET":
        for kind in ConsentKind:
            form[kind.value].data = bool(current[kind] and current[kind].granted)
    elif form.validate_on_submit():
        shown = {kind: request.form.get(f"version_{kind.value}", "") for kind in ConsentKind}
        opened = households.decide_consents(profile, {kind: form[kind.value].data for kind in ConsentKind}, shown)
        db.session.commit()
        flash(_("Your choices are saved. They apply from now on."), "success")
        for case in opened:
            flash(_("The reception in %(municipality)s can now see your move and will contact you.",
                    municipality=localized(case.municipality, "name")), "info")
        return redirect(url_for("talent.consents"))
    history = services.consent_history(profile)
    return render_template("talent/consents.html", form=form, current=current, history=history,
                           versions=services.CONSENT_VERSIONS), (422 if form.errors else 200)


@bp.route("/job-alerts", methods=["POST"])
@role_required(Role.NEWCOMER)
def job_alerts():
    """Turn the weekly e-mail of new jobs that fit on or off, for the newcomer and a partner looking for work."""

    profile = _profile(HOME)
    form = JobAlertForm()
    if not form.validate_on_submit():
        abort(400)
    set_alerts(profile, me=form.me.data, partner=form.partner.data)
    db.session.commit()
    flash(_("Job alerts are on: new jobs that fit come by e-mail once a week.") if profile.job_alerts or (
        profile.partner and profile.partner.job_alerts) else _("Job alerts are off."), "success")
    return redirect(url_for("talent.start") + "#jobs")


@bp.route("/job-alerts/stop/<token>", methods=["GET", "POST"])
@public
def stop_job_alerts(token: str):
    """The link in every job alert: stops them without signing in (one button, so a mail scanner that
    follows links stops nothing)."""

    profile = profile_for_stop_token(token)
    if profile is None:
        abort(404)
    form = StopJobAlertsForm()
    with force_locale(session.get("lang") or profile.user.locale):  # the household's language, signed in or not
        if form.validate_on_submit():
            stop_alerts(profile)
            db.session.commit()
            return render_template("talent/alerts_stopped.html", stopped=True)
        return render_template("talent/alerts_stopped.html", stopped=False, form=form,
                               active=profile.job_alerts or bool(profile.partner and profile.partner.job_alerts))


@bp.route("/my-data.json")
@role_required(Role.NEWCOMER)
def my_data():
    """Everything Landa holds about the household, as a file to keep (GDPR art. 15, the right of access)."""
    profile = _profile(WITH_PLAN)
    data = data_export.export(profile)
    data_export.record_export(current_user, profile, via="web")
    db.session.commit()
    response = current_app.response_class(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                          mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="landa-my-data-{local_today().isoformat()}.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/access-log")
@role_required(Role.NEWCOMER)
def access_log():
    """Who has seen or changed the household's information, and when, newest first (the household's own
    actions left out: they are in the download)."""
    profile = _profile(())
    events = [e for e in person_trail(current_user, profile.id) if e.actor is None or e.actor.id != current_user.id]
    events = paginate_list(events, ACCESS_LOG_PER_PAGE)
    return render_template("talent/access_log.html", events=events, organisations=organisations_of(events.items),
                           action_label=action_label, who=who, pager_args={})


@bp.route("/cases/<int:case_id>/messages", methods=["POST"])
@role_required(Role.NEWCOMER)
def reply(case_id: int):
    """The household answers reception; the answer goes to the case."""
    profile = _profile()
    case = db.session.get(Case, case_id)
    if case is None or case.profile_id != profile.id:
        abort(404)
    body = (request.form.get("body") or "").strip()[:5000]
    if any((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in body):
        flash(_("Remove the invisible control characters from this field."), "error")
        return redirect(url_for("talent.start", _anchor=f"case-{case_id}"))
    if not body:
        flash(_("Write a message first."), "error")
        return redirect(url_for("talent.start", _anchor=f"case-{case_id}"))
    sent = committed(lambda: reception.reply(case, current_user, body), (reception.CaseError,))
    if isinstance(sent, Refusal):
        flash(_("This case is closed. Write to the municipality's reception by e-mail instead."), "error")
        return redirect(url_for("talent.start"))
    flash(_("Your message is sent to the reception."), "success")
    return redirect(url_for("talent.start", _anchor=f"case-{case_id}"))


@bp.route("/reception/<int:hire_id>", methods=["POST"])
@role_required(Role.NEWCOMER)
def reception_for_hire(hire_id: int):
    """The newcomer, hired, lets the municipality of the job follow their move."""
    profile = _profile()
    case = committed(lambda: reception.accept_reception_for_hire(profile, hire_id), (reception.CaseError,))
    if isinstance(case, Refusal):
        abort(404)
    flash(_("The reception in %(municipality)s can now see your move and will contact you.",
            municipality=localized(case.municipality, "name")), "success")
    return redirect(url_for("talent.start"))


@bp.route("/reception-requests/<int:reception_request_id>", methods=["POST"])
@role_required(Role.NEWCOMER)
def answer_reception_request(reception_request_id: int):
    """A municipality's reception asked to follow the move: yes opens the case there, no shows them nothing."""
    answer = request.form.get("answer")
    if answer not in ("yes", "no"):
        flash(_("Choose yes or no."), "error")
        return redirect(url_for("talent.start"))
    profile = _profile()
    case = committed(lambda: reception.answer_request(profile, reception_request_id, answer == "yes"),
                     (reception.CaseError,))
    if isinstance(case, Refusal):
        if case.reason.code == "no_such_request":
            abort(404)
        flash(_("You have answered this question already."), "info")
        return redirect(url_for("talent.start"))
    if case is None:
        flash(_("Thank you. The reception sees nothing of your move."), "success")
    else:
        flash(_("The reception in %(municipality)s can now see your move and will contact you.",
                municipality=localized(case.municipality, "name")), "success")
    return redirect(url_for("talent.start"))


# --- the plan ---------------------------------------------------------------------------------------

def _local_services(profile) -> dict[str, MunicipalService]:
    """What the destination's officers wrote about each step (their unit's contact and link)."""
    if not profile.destination_code:
        return {}
    return {row.service_key: row for row in db.session.scalars(
        select(MunicipalService).where(MunicipalService.municipality_code == profile.destination_code))}


def _plan_page(profile) -> dict:
    """What the plan page and its PDF show: the steps by phase, the next ones, and for each step its title,
    who serves the household, the destination's own contact and what to bring."""
    steps = [s for s in profile.plan_steps if s.applies]
    phases, next_steps = services.plan_overview(steps)
    plan = SimpleNamespace(
        profile=profile, titles={s.service_key: localized(s.service, "name") for s in steps},
        by_key={s.service_key: s for s in steps}, now_local=local_today(), local=_local_services(profile),
        serving=services.who_serves(profile, current_locale()), step_status_labels=STEP_STATUS_LABELS,
        statuses=list(StepStatus), bring={s.id: services.what_to_bring(profile, s) for s in steps},
        bring_labels=BRING_LABELS)
    return {"profile": profile, "steps": steps, "phases": phases, "next_steps": next_steps, "plan": plan,
            "phase_labels": PHASE_LABELS, "now_local": plan.now_local}


@bp.route("/plan")
@role_required(Role.NEWCOMER)
def plan():
    return render_template("talent/plan.html", **_plan_page(_profile(WITH_PLAN)))


@bp.route("/plan.pdf")
@role_required(Role.NEWCOMER)
def plan_pdf():
    """The plan as a PDF (made from the page's own step template by WeasyPrint), every phase in order."""
    page = _plan_page(_profile(WITH_PLAN))
    page["phases"] = sorted(page["phases"], key=lambda p: PHASES.index(p.key) if p.key in PHASES else len(PHASES))
    body = pdf.render(render_template("talent/plan_print.html", **page))
    if body is None:
        flash(_("The PDF cannot be made on this server. Print the plan instead: your browser can save it as a PDF."),
              "error")
        return redirect(url_for("talent.plan"))
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="landa-plan.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/plan/<int:step_id>", methods=["POST"])
@role_required(Role.NEWCOMER)
def mark_step(step_id: int):
    profile = _profile(WITH_PLAN)
    try:
        status = StepStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    step = committed(lambda: services.set_step_status(profile, step_id, status), (services.ProfileError,))
    if isinstance(step, Refusal):
        abort(404)
    flash(_("“%(step)s”: %(status)s.", step=localized(step.service, "name"),
            status=STEP_STATUS_LABELS[status]), "success")
    return redirect(url_for("talent.plan") + f"#step-{step.id}")


# --- the plan in the household's calendar ----------------------------------------------------------------

def _ics(profile, *, subscription: bool) -> Response:
    """The household's plan as an iCalendar document, in the current locale."""
    steps = [s for s in profile.plan_steps if s.applies]
    local = _local_services(profile)
    today = local_today()
    plan_url = external_url(current_app.config["LANDA_BASE_URL"], "talent.plan")
    entries = calendar.entries_for(profile, steps, services.housing_advice(profile, today, current_locale()),
                                   local, services.who_serves(profile, current_locale()), plan_url, today)
    body = calendar.document(entries, name=_("Arrival plan: %(name)s", name=profile.user.full_name),
                             now=utcnow(), subscription=subscription)
    response = Response(body, mimetype="text/calendar")
    response.headers["Cache-Control"] = "private, no-store"
    if not subscription:
        response.headers["Content-Disposition"] = 'attachment; filename="landa-plan.ics"'
    else:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/plan.ics")
@role_required(Role.NEWCOMER)
def plan_ics():
    """The plan as a file to import into a calendar (a copy: it does not change with the plan)."""
    return _ics(_profile(WITH_PLAN), subscription=False)


@bp.route("/plan/calendar", methods=["GET", "POST"])
@role_required(Role.NEWCOMER)
def plan_calendar():
    """The plan in the household's calendar: a file to import, or a private address that a calendar app
    polls, so the plan's dates follow every change. The address is shown once, when it is made."""
    profile = _profile()
    form = CalendarFeedForm()
    address = None
    if form.validate_on_submit():
        if form.close.data:
            closed = committed(lambda: services.close_calendar_feed(profile, current_user))
            if closed:
                flash(_("The calendar address is stopped. Calendars that used it get nothing more."), "success")
            return redirect(url_for("talent.plan_calendar"))
        secret = committed(lambda: services.open_calendar_feed(profile, current_user))
        address = external_url(current_app.config["LANDA_BASE_URL"], "talent.calendar_feed", secret=secret)
    return render_template("talent/plan_calendar.html", profile=profile, form=form, address=address,
                           feed=services.calendar_feed(profile),
                           reminders_form=PlanRemindersForm(formdata=None, on=profile.plan_reminders))


@bp.route("/plan/reminders", methods=["POST"])
@role_required(Role.NEWCOMER)
def plan_reminders():
    """Turn the e-mails before the plan's deadlines on or off."""
    profile = _profile()
    form = PlanRemindersForm()
    if not form.validate_on_submit():
        abort(400)
    committed(lambda: services.set_plan_reminders(profile, form.on.data, current_user))
    flash(_("Reminders are on: an e-mail comes a few days before a deadline in your plan.") if form.on.data
          else _("Reminders are off."), "success")
    return redirect(url_for("talent.plan_calendar") + "#reminders")


@bp.route("/calendar/<secret>.ics")
@public
def calendar_feed(secret: str):
    """What a calendar app reads at the household's private address (no sign-in: the address is the key)."""
    profile = services.household_for_feed(secret)
    if profile is None:
        abort(404)
    with force_locale(profile.user.locale):
        response = _ics(profile, subscription=True)
    db.session.commit()  # when the address was last read
    return response


# --- the partner's own page (no account: a link sent to their address) ----------------------------------

def _partner(token: str):
    person = partner_for_token(token)
    if person is None:
        abort(404)
    return person


def _partner_locale(person):
    return force_locale(session.get("lang") or person.profile.user.locale)  # the household's language


@bp.route("/partner/<token>")
@public
def partner_page(token: str):
    """Where a partner decides for themselves whether employers see them, answers contact requests and
    shows interest in needs that fit them."""

    person = _partner(token)
    profile = person.profile
    with _partner_locale(person):
        matches = needs_for(profile, [person])[0] if person.seeking_work else []
        interested = set(db.session.scalars(select(Interest.need_id).where(Interest.member_id == person.id)))
        response = render_template(
            "talent/partner.html", token=token, person=person, profile=profile, decision=listing_decision(person),
            contact_requests=requests_for(profile, person), matches=matches, interested=interested,
            reveals=reveals_of(person),
            level_labels=LEVEL_LABELS, language_name=lambda code: language_name(code, current_locale()))
    response = current_app.make_response(response)
    # The address holds the partner's key: no cache keeps the page, and no link on it passes the address on.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/partner/<token>/listing", methods=["POST"])
@public
def partner_listing(token: str):
    person = _partner(token)
    granted = request.form.get("decision") == "yes"
    with _partner_locale(person):
        decided = committed(lambda: decide_listing(person, granted), (services.ProfileError,))
        if isinstance(decided, Refusal):
            flash(str(ERRORS[decided.reason.code]), "error")
        else:
            flash(_("Employers can now find you, without your name. You decide each contact request here.")
                  if granted else _("Employers do not see you. You can change this here at any time."), "success")
    return redirect(url_for("talent.partner_page", token=token))


@bp.route("/partner/<token>/requests/<int:request_id>", methods=["POST"])
@public
def partner_answer(token: str, request_id: int):
    person = _partner(token)
    accept = request.form.get("answer") == "accept"
    with _partner_locale(person):
        contact = committed(lambda: answer(person.profile, request_id, accept, person), (EmployerError,))
        if isinstance(contact, Refusal):
            if contact.reason.code == "no_such_request":
                abort(404)
            flash(_("You have already answered this request."), "error")
        else:
            name = contact.need.organisation.name
            flash(_("%(name)s can now see your name and e-mail address.", name=name) if accept
                  else _("You declined. %(name)s does not see who you are.", name=name), "success")
    return redirect(url_for("talent.partner_page", token=token) + "#requests")


@bp.route("/partner/<token>/interest/<int:need_id>", methods=["POST"])
@public
def partner_interest(token: str, need_id: int):
    person = _partner(token)
    if not person.seeking_work:
        abort(404)  # the page offers no needs to someone not looking for work
    with _partner_locale(person):
        if request.form.get("interested") == "no":
            withdraw_interest(person.profile, need_id, person)
            db.session.commit()
            flash(_("Your interest is withdrawn."), "success")
        else:
            shown = committed(lambda: show_interest(person.profile, need_id, person), (EmployerError,))
            if isinstance(shown, Refusal):
                if shown.reason.code != "already_interested":
                    abort(404)
            else:
                flash(_("The employer now sees your profile, without your name, among the candidates."), "success")
    return redirect(url_for("talent.partner_page", token=token) + "#jobs")


@bp.route("/household/<int:member_id>/partner-link", methods=["POST"])
@role_required(Role.NEWCOMER)
def send_partner_link(member_id: int):
    """Send the partner the link to their own page again (a lost e-mail)."""

    profile = _profile()
    person = services.member_of(profile, member_id)
    if person is None or person.relation != Relation.PARTNER:
        abort(404)
    sent = committed(lambda: send_link(person), (services.ProfileError,))
    if isinstance(sent, Refusal):
        flash(sent.reason.message, "error")
    else:
        flash(_("We sent %(name)s the link to %(email)s.", name=person.first_name, email=person.email), "success")
    return redirect(url_for("talent.household") + "#partner")
