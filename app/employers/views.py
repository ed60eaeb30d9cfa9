"""Employers' pages: their organisations and competence needs; the officers' review of organisations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from app.auth.access import role_required
from app.auth.models import Role
from app.catalogue.models import IndustryNetwork, Municipality, Occupation
from app.database import Refusal, committed
from app.employers import candidates as candidate_services
from app.employers import digests, members, services
from app.employers.forms import ContactForm, DecisionForm, HireForm, InviteForm, NeedForm, OrganisationForm
from app.employers.models import (
    APPROVAL_LABELS,
    CONTACT_STATUS_LABELS,
    EMPLOYMENT_TYPE_LABELS,
    NEED_STATUS_LABELS,
    RELOCATION_SUPPORT,
    ApprovalStatus,
    CompetenceNeed,
    EmploymentType,
    NeedStatus,
    Organisation,
    OrganisationDecision,
    OrganisationKind,
    OrganisationMember,
)
from app.extensions import db
from app.flows import hires
from app.i18n import current_locale, format_sek, localized
from app.matching.services import scores_for
from app.models import today as local_today
from app.pagination import paginate
from app.talent.models import LEVEL_LABELS
from app.talent.texts import language_name

bp = Blueprint("employers", __name__, url_prefix="/employers", template_folder="templates")
REFUSALS = (services.EmployerError,)  # what the employers' use cases refuse with
# Bolagsverket's public company search: it has no address that opens one organisation by its number alone (that
# needs the company form too), so the review page links the search and shows the number to paste.
BOLAGSVERKET_SEARCH = "https://foretagsinfo.bolagsverket.se/sok-foretagsinformation-web/foretag"

LABELS = {"approval_labels": APPROVAL_LABELS, "need_status_labels": NEED_STATUS_LABELS,
          "employment_type_labels": EMPLOYMENT_TYPE_LABELS, "relocation_labels": RELOCATION_SUPPORT}


def _show(form, exc: services.EmployerError) -> None:
    field = form[exc.field] if exc.field and exc.field in form else None
    message = exc.message
    if field is not None:
        field.errors = [*field.errors, message]
        form._errors = None  # WTForms caches form.errors: let it see the new message
    else:
        flash(message, "error")


def _organisation(organisation_id: int) -> Organisation:
    organisation = services.member_organisation(current_user, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _need(need_id: int) -> CompetenceNeed:
    need = services.member_need(current_user, need_id)
    if need is None:
        abort(404)
    return need


def _approved_need(need_id: int) -> CompetenceNeed:
    """A need of the user's organisation, which must be approved to deal with candidates."""
    need = _need(need_id)
    if need.organisation.status != ApprovalStatus.APPROVED:
        abort(403)
    return need


def _skills(text: str | None) -> list[str]:
    """The skills typed, all of them: how many a need may list is the use case's rule (as in the API)."""
    return [" ".join(s.split()) for s in (text or "").replace(";", ",").split(",") if s.strip()]


@bp.route("/")
@role_required(Role.EMPLOYER)
def start():
    organisations = db.session.scalars(
        select(Organisation).join(OrganisationMember).where(OrganisationMember.user_id == current_user.id)
        .options(selectinload(Organisation.municipality),
                 selectinload(Organisation.needs).selectinload(CompetenceNeed.occupation),
                 selectinload(Organisation.needs).selectinload(CompetenceNeed.municipality))
        .order_by(Organisation.name)
    ).all()
    needs = [need for org in organisations for need in org.needs]
    warnings = {need.id: services.permit_salary_warning(need) for need in needs}
    joint = services.joint_needs_for(list(organisations))
    return render_template("employers/start.html", organisations=organisations, warnings=warnings, joint=joint,
                           news=digests.news_for(needs, current_user), by_status=_by_status,
                           next_statuses=services.next_statuses, today=local_today(), **LABELS)


def _by_status(needs: list[CompetenceNeed]) -> list[CompetenceNeed]:
    """Open needs first, then drafts, filled and closed ones; the newest first within each."""
    order = [NeedStatus.OPEN, NeedStatus.DRAFT, NeedStatus.FILLED, NeedStatus.CLOSED]
    return sorted(needs, key=lambda need: (order.index(need.status), -need.id))


@bp.route("/organisations/new", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def register_organisation():
    form = OrganisationForm()
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.name_sv)).all()
    form.municipality.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(m.code, localized(m, "name")) for m in municipalities]
    form.municipalities.choices = [SelectChoice(m.code, localized(m, "name")) for m in municipalities]
    networks = db.session.scalars(select(IndustryNetwork).order_by(IndustryNetwork.name)).all()
    form.networks.choices = [SelectChoice(n.key, n.name) for n in networks]
    # Where it is based and recruits and which networks it belongs to are the use case's rules, as in the API.
    form.municipality.validate_choice = form.municipalities.validate_choice = form.networks.validate_choice = False
    form.represents.choices = [SelectChoice("", _("Choose…"))] + [SelectChoice(n.key, n.name) for n in networks]
    if request.method == "GET" and not form.contact_name.data:
        form.contact_name.data, form.contact_email.data = current_user.full_name, current_user.email
    if form.validate_on_submit():
        organisation = committed(lambda: services.register_organisation(
            current_user, name=form.name.data, org_number=form.org_number.data,
            kind=OrganisationKind(form.kind.data), municipality_code=form.municipality.data,
            municipality_codes=form.municipalities.data or [],
            network_keys=form.networks.data or [], contact_name=form.contact_name.data,
            contact_email=form.contact_email.data, contact_phone=form.contact_phone.data,
            represents_key=form.represents.data or None), REFUSALS)
        if isinstance(organisation, Refusal):
            _show(form, organisation.reason)
        else:
            flash(_("%(name)s is registered. A reception officer will review it; until then your needs are "
                    "drafts that only you see.", name=organisation.name), "success")
            return redirect(url_for("employers.start"))
    return render_template("employers/organisation_form.html", form=form), (422 if form.errors else 200)


def _need_form(form: NeedForm) -> None:
    form.municipality.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(m.code, localized(m, "name"))
        for m in db.session.scalars(select(Municipality).order_by(Municipality.name_sv))]
    form.municipality.validate_choice = False  # where the job may be is the use case's rule, as in the API


def _need_fields(form: NeedForm) -> dict:
    return {
        "title": form.title.data, "title_en": form.title_en.data or None,
        "occupation_code": form.occupation.occupation.code,
        "municipality_code": form.municipality.data, "positions": form.positions.data,
        "employment_type": EmploymentType(form.employment_type.data),
        "required_skills": _skills(form.required_skills.data), "nice_skills": _skills(form.nice_skills.data),
        "min_swedish": form.min_swedish.data or None, "min_english": form.min_english.data or None,
        "start_date": form.start_date.data, "expires_on": form.expires_on.data,
        "salary_min": form.salary_min.data, "salary_max": form.salary_max.data,
        "relocation_support": [k for k in form.relocation_support.data or [] if k in RELOCATION_SUPPORT],
        "description": form.description.data or "", "description_en": form.description_en.data or None,
    }


@bp.route("/needs/<int:need_id>", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def need(need_id: int):
    """The need as candidates and the board see it, with where its candidates stand; editing is its own page.
    A form still posted here (the edit form once lived at this address) goes on to the edit page."""
    need = _need(need_id)
    if request.method == "POST":
        return redirect(url_for("employers.edit_need", need_id=need.id), code=307)  # the same POST, body and all
    approved = need.organisation.status == ApprovalStatus.APPROVED
    news = digests.news_for([need], current_user)[need.id]
    return render_template("employers/need.html", need=need, organisation=need.organisation, news=news,
                           contacts=candidate_services.contacts_of(need) if approved else None,
                           approved=approved, warning=services.permit_salary_warning(need),
                           next_statuses=services.next_statuses(need), today=local_today(), **LABELS)


@bp.route("/organisations/<int:organisation_id>/needs/new", methods=["GET", "POST"], defaults={"need_id": None})
@bp.route("/needs/<int:need_id>/edit", methods=["GET", "POST"], defaults={"organisation_id": None})
@role_required(Role.EMPLOYER)
def edit_need(organisation_id: int | None, need_id: int | None):
    existing = _need(need_id) if need_id is not None else None
    organisation = existing.organisation if existing else _organisation(organisation_id)
    form = NeedForm()
    _need_form(form)
    partners = services.network_members(organisation)
    form.on_behalf_of.choices = [SelectChoice(o.id, o.name) for o in partners]
    if request.method == "GET" and existing is not None:
        form.title.data, form.positions.data = existing.title, existing.positions
        form.occupation.data = f"{existing.occupation_code} {localized(existing.occupation, 'label')}"
        form.municipality.data, form.employment_type.data = existing.municipality_code, existing.employment_type.value
        form.required_skills.data = ", ".join(existing.required_skills)
        form.nice_skills.data = ", ".join(existing.nice_skills)
        form.min_swedish.data, form.min_english.data = existing.min_swedish or "", existing.min_english or ""
        form.start_date.data, form.expires_on.data = existing.start_date, existing.expires_on
        form.salary_min.data, form.salary_max.data = existing.salary_min, existing.salary_max
        form.relocation_support.data = list(existing.relocation_support)
        form.on_behalf_of.data = [o.id for o in existing.on_behalf_of]
        form.description.data = existing.description
        form.title_en.data, form.description_en.data = existing.title_en, existing.description_en
    elif request.method == "GET":
        form.municipality.data = organisation.municipality_code
    elif form.validate_on_submit():
        saved = committed(lambda: services.save_need(organisation, existing, on_behalf_of=form.on_behalf_of.data or [],
                                                     **_need_fields(form)), REFUSALS)
        if isinstance(saved, Refusal):
            _show(form, saved.reason)
        else:
            flash(_("“%(title)s” is saved.", title=saved.title), "success")
            threshold = services.permit_salary_warning(saved)
            if threshold:
                flash(_permit_warning(threshold), "error")
            return redirect(url_for("employers.need", need_id=saved.id))

    occupations = db.session.scalars(select(Occupation).order_by(Occupation.code)).all()
    return render_template("employers/need_form.html", form=form, organisation=organisation, need=existing,
                           occupations=occupations, partners=partners, **LABELS), (422 if form.errors else 200)


def _permit_warning(threshold: int) -> str:
    return _("Candidates from outside the EU/EEA cannot get a work permit at this salary: the minimum is "
             "%(amount)s a month.", amount=format_sek(threshold))


@bp.route("/needs/<int:need_id>/status", methods=["POST"])
@role_required(Role.EMPLOYER)
def need_status(need_id: int):
    """Publish, fill, close or return a need to draft. Closing takes it off the board and ends its dealings with
    candidates, so it asks first: without ``confirm`` the answer is the question, on a page of its own (the start
    page and the need's page ask in place, without script, and send ``confirm``)."""
    need = _need(need_id)
    try:
        status = NeedStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    back = url_for("employers.need", need_id=need.id) if request.form.get("back") == "need" else (
        url_for("employers.start") + f"#need-{need.id}")
    if (status == NeedStatus.CLOSED and status in services.TRANSITIONS[need.status]
            and request.form.get("confirm") != "1"):
        return render_template("employers/confirm_close.html", need=need, back=back,
                               from_need=request.form.get("back") == "need")
    refused = committed(lambda: services.set_need_status(need, status), REFUSALS)
    if isinstance(refused, Refusal):
        flash(refused.reason.message, "error")
    else:
        flash(_("“%(title)s” is now %(status)s.", title=need.title, status=str(NEED_STATUS_LABELS[status]).lower()),
              "success")
    return redirect(back)


@bp.route("/joint-needs/<int:need_id>/leave/<int:organisation_id>", methods=["POST"])
@role_required(Role.EMPLOYER)
def leave_joint_need(need_id: int, organisation_id: int):
    organisation = _organisation(organisation_id)
    need = db.get_or_404(CompetenceNeed, need_id)
    if isinstance(committed(lambda: services.leave_joint_need(need, organisation), REFUSALS), Refusal):
        abort(404)
    flash(_("%(name)s is no longer named in “%(title)s”.", name=organisation.name, title=need.title), "success")
    return redirect(url_for("employers.start"))


# --- review by officers, coordinators and admins -------------------------------------------------------

@bp.route("/review")
@role_required(Role.OFFICER, Role.COORDINATOR, Role.ADMIN)
def review():
    """The organisations waiting for a decision, or (``?show=decided``) those approved or rejected already."""
    show = "decided" if request.args.get("show") == "decided" else "pending"
    stmt = services.decided(current_user) if show == "decided" else services.waiting_for_decision(current_user)
    organisations = paginate(stmt.options(
        selectinload(Organisation.municipality), selectinload(Organisation.municipalities),
        selectinload(Organisation.networks), selectinload(Organisation.represents),
        selectinload(Organisation.decisions).selectinload(OrganisationDecision.actor)), per_page=25)
    pending, decided = services.review_counts(current_user)
    return render_template("employers/review.html", organisations=organisations, form=DecisionForm(), show=show,
                           pending=pending, decided=decided, bolagsverket=BOLAGSVERKET_SEARCH,
                           pager_args={"show": "decided"} if show == "decided" else {}, **LABELS)


@bp.route("/review/<int:organisation_id>", methods=["POST"])
@role_required(Role.OFFICER, Role.COORDINATOR, Role.ADMIN)
def decide(organisation_id: int):
    organisation = db.get_or_404(Organisation, organisation_id)
    if not services.can_review(current_user, organisation):
        abort(403)
    form = DecisionForm()
    if not form.validate_on_submit():
        if not form.note.errors:
            abort(400)
        for error in form.note.errors:  # what the form says about the note (the API says the same)
            flash(str(error), "error")
        return redirect(url_for("employers.review") + f"#organisation-{organisation.id}")
    try:
        decision = ApprovalStatus(request.form.get("decision", ""))
    except ValueError:
        abort(400)
    back = url_for("employers.review", show="decided") if request.form.get("show") == "decided" else url_for(
        "employers.review")
    if (decision == ApprovalStatus.REJECTED and organisation.status == ApprovalStatus.APPROVED
            and request.form.get("confirm") != "1"):  # rejecting an approved organisation asks first
        return render_template("employers/confirm_reject.html", organisation=organisation, note=form.note.data or "",
                               back=back, show=request.form.get("show") == "decided")
    if isinstance(committed(lambda: services.decide(organisation, current_user, decision, form.note.data or ""),
                            REFUSALS), Refusal):
        abort(400)
    flash(_("%(name)s: %(decision)s.", name=organisation.name, decision=str(APPROVAL_LABELS[decision]).lower()),
          "success")
    return redirect(back)


# --- candidates: interest, contact and hire --------------------------------------------------------------

@bp.route("/needs/<int:need_id>/candidates")
@role_required(Role.EMPLOYER)
def candidates(need_id: int):
    """Candidates for a need. Showing a revealed name is itself recorded (an audit write on GET, kept in
    the same transaction as the page so that no view goes unrecorded). The page is rendered before the
    commit: a commit first would expire every row loaded for it, and each candidate would be read again."""
    need = _approved_need(need_id)
    people = candidate_services.candidates(need)

    involved = {c.person.id for c in people}
    scores = scores_for(need, involved)
    people.sort(key=lambda c: (-scores[c.person.id].score, c.key))
    listed = digests.matching_list(need, involved)
    matching = [(person, candidate_services.match_reference(need.id, person.member_id)) for person in listed]
    # What came since this member last looked is marked new; then this look is the last one.
    seen_at = candidate_services.last_seen([need], current_user).get(need.id)
    new = {c.key for c in people if c.interest and (seen_at is None or c.interest.created_at > seen_at)}
    page = render_template("employers/candidates.html", need=need, candidates=people, scores=scores,
                           region_of=candidate_services.region_of, hire_form=HireForm(),
                           contact_labels=CONTACT_STATUS_LABELS, level_labels=LEVEL_LABELS,
                           language_name=lambda code: language_name(code, current_locale()), matching=matching,
                           new=new, new_matching=digests.new_on_the_list(listed, seen_at), **LABELS)
    candidate_services.record_reveals(people, current_user)
    candidate_services.mark_seen(need, current_user)
    db.session.commit()  # the reveals shown, and this look
    return page


@bp.route("/needs/<int:need_id>/candidates/<int:interest_id>/contact", methods=["POST"])
@role_required(Role.EMPLOYER)
def request_contact(need_id: int, interest_id: int):
    need = _approved_need(need_id)
    return _ask_for_contact(need, lambda message: candidate_services.request_contact(
        need, interest_id, current_user, message))


@bp.route("/needs/<int:need_id>/matches/<reference>/contact", methods=["POST"])
@role_required(Role.EMPLOYER)
def request_match_contact(need_id: int, reference: str):
    """Ask a talent from the matching list for contact; they stay anonymous until they accept."""
    need = _approved_need(need_id)
    listed = digests.matching_list(need, candidate_services.involved_people(need), limit=MATCHES_CHECKED)
    return _ask_for_contact(need, lambda message: candidate_services.request_contact_from_match(
        need, reference, [person.member_id for person in listed], current_user, message))


MATCHES_CHECKED = 50  # a reference counts while its person is among this many best (the API's longest list)


def _ask_for_contact(need, ask):
    form = ContactForm()
    if not form.validate_on_submit():  # refused, not cut: what the form says is what the API says
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(url_for("employers.candidates", need_id=need.id))
    refused = committed(lambda: ask(form.message.data or ""), REFUSALS)
    if isinstance(refused, Refusal):
        flash(refused.reason.message, "error")
    else:
        flash(_("Your contact request is sent. You see who the candidate is if they accept."), "success")
    return redirect(url_for("employers.candidates", need_id=need.id))


@bp.route("/needs/<int:need_id>/candidates/<int:interest_id>/hire", methods=["POST"])
@role_required(Role.EMPLOYER)
def hire(need_id: int, interest_id: int):
    need = _approved_need(need_id)
    form = HireForm()
    if not form.validate_on_submit():  # what the form says about the date (the API says the same)
        flash(str(next(iter(form.start_date.errors), _("Enter the first day at work."))), "error")
        return redirect(url_for("employers.candidates", need_id=need.id))
    refused = committed(lambda: hires.record_hire(need, interest_id, current_user, form.start_date.data), REFUSALS)
    if isinstance(refused, Refusal):
        flash(refused.reason.message, "error")
    else:
        flash(_("The hire is recorded. The newcomer's plan now follows the start date."), "success")
    return redirect(url_for("employers.candidates", need_id=need.id))


# --- members ---------------------------------------------------------------------------------------------

@bp.route("/organisations/<int:organisation_id>/members", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def org_members(organisation_id: int):
    organisation = _organisation(organisation_id)
    owner = members.is_owner(current_user, organisation)
    form = InviteForm()
    if request.method == "POST":
        if not owner:
            abort(403)
        if form.validate_on_submit():
            invitation = committed(lambda: members.invite(organisation, current_user, form.email.data,
                                                          form.locale.data), REFUSALS)
            if isinstance(invitation, Refusal):
                _show(form, invitation.reason)
            else:
                flash(_("An invitation is on its way to %(email)s. The link works once, for %(days)d days.",
                        email=invitation.email, days=members.INVITATION_LIFETIME.days), "success")
                return redirect(url_for("employers.org_members", organisation_id=organisation.id))
    return render_template("employers/members.html", organisation=organisation, form=form, owner=owner,
                           invitations=members.pending_invitations(organisation)), (422 if form.errors else 200)


@bp.route("/organisations/<int:organisation_id>/members/<int:member_id>/remove", methods=["POST"])
@role_required(Role.EMPLOYER)
def remove_org_member(organisation_id: int, member_id: int):
    organisation = _organisation(organisation_id)
    refused = committed(lambda: members.remove_member(organisation, current_user, member_id), REFUSALS)
    if isinstance(refused, Refusal):
        if refused.reason.code == "not_owner":
            abort(403)
        if refused.reason.code == "no_such_member":
            abort(404)
        flash(refused.reason.message, "error")
    else:
        flash(_("The member is removed."), "success")
    return redirect(url_for("employers.org_members", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/members/<int:member_id>/owner", methods=["POST"])
@role_required(Role.EMPLOYER)
def make_org_owner(organisation_id: int, member_id: int):
    organisation = _organisation(organisation_id)
    member = committed(lambda: members.make_owner(organisation, current_user, member_id), REFUSALS)
    if isinstance(member, Refusal):
        abort(403 if member.reason.code == "not_owner" else 404)
    flash(_("%(name)s is an owner too: they can invite and remove members.", name=member.user.full_name), "success")
    return redirect(url_for("employers.org_members", organisation_id=organisation.id))


@bp.route("/organisations/<int:organisation_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@role_required(Role.EMPLOYER)
def revoke_invitation(organisation_id: int, invitation_id: int):
    organisation = _organisation(organisation_id)
    refused = committed(lambda: members.revoke(organisation, current_user, invitation_id), REFUSALS)
    if isinstance(refused, Refusal):
        abort(403 if refused.reason.code == "not_owner" else 404)
    flash(_("The invitation is withdrawn: the link no longer works."), "success")
    return redirect(url_for("employers.org_members", organisation_id=organisation.id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@role_required(Role.EMPLOYER)
def accept_invitation(token: str):
    try:
        invitation = members.invitation_for(token)
    except services.EmployerError as exc:
        flash(exc.message, "error")
        return redirect(url_for("employers.start"))
    if request.method == "POST":
        organisation = committed(lambda: members.accept(token, current_user), REFUSALS)
        if isinstance(organisation, Refusal):
            flash(organisation.reason.message, "error")
            return redirect(url_for("employers.start"))
        flash(_("You are now a member of %(name)s.", name=organisation.name), "success")
        return redirect(url_for("employers.start"))
    return render_template("employers/accept_invitation.html", invitation=invitation, token=token)
