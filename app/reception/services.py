"""Reception use cases: opening cases, moving them through the workflow, tasks and notes.

Every function changes the session only; the view commits once per request. Every change is
written to the audit trail in the same transaction. Changes to the case itself name the version the
officer saw; a change made from an older version is refused (``CaseError("stale")``) rather than
silently overwriting a colleague's.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy import case as case_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.services import record
from app.auth.models import Role, User
from app.auth.services import create_user, external_url, find_user_by_email, make_reset_token, token_max_age
from app.catalogue.models import HousingContact, Municipality, Service
from app.employers.models import CompetenceNeed, Hire
from app.extensions import db
from app.models import today, utcnow
from app.outbox.services import queue_email
from app.reception import followups, inbox
from app.reception.dashboard import SOON
from app.reception.errors import CaseError
from app.reception.models import (
    OFFICER_CLOSING_REASONS,
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CaseSource,
    CaseStatus,
    CaseTask,
    ClosingReason,
    InboxKind,
    ReceptionRequest,
    Referral,
    ReferralStatus,
)
from app.reception.permissions import visible_cases
from app.talent.models import ConsentKind, Gender, Household, PlanStep, StepStatus
from app.talent.plan import ResidenceBasis
from app.talent.services import get_or_create_profile, has_consent, refresh_plan, set_consents
from app.validators import MUNICIPALITY_CODE, REFERENCE_KEY


def _municipality(code: str | None) -> Municipality | None:
    return db.session.get(Municipality, code) if code and MUNICIPALITY_CODE.fullmatch(code) else None


# --- opening ---------------------------------------------------------------------------------------------

def open_case(profile: Household, municipality_code: str, *, source: CaseSource, actor: User | None,
              expected_arrival: date | None = None) -> tuple[Case, bool]:
    """The household's open case with the municipality, opened now if there is none: (case, opened).

    The database allows one open case per household and municipality; a concurrent request that opened
    it first wins and this one returns that case."""
    existing = _open_case(profile.id, municipality_code)
    if existing is not None:
        return existing, False
    case = Case(profile_id=profile.id, municipality_code=municipality_code, source=source,
                opened_by_id=actor.id if actor else None,
                expected_arrival=expected_arrival or profile.arrival_date)
    case.events.append(CaseEvent(actor_id=actor.id if actor else None, from_status=None, to_status=CaseStatus.NEW))
    try:
        with db.session.begin_nested():
            db.session.add(case)
    except IntegrityError:
        existing = _open_case(profile.id, municipality_code)
        if existing is None:
            raise
        return existing, False
    record(actor, "opened", "case", case.id, profile.id, source=source.value, municipality=municipality_code)
    followups.schedule(case)
    if inbox.opened_by_someone_else(actor):
        inbox.note(case, InboxKind.NEW_CASE, case.id)
    return case, True


def _open_case(profile_id: int, municipality_code: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.profile_id == profile_id,
                                                Case.municipality_code == municipality_code,
                                                Case.status != CaseStatus.CLOSED))


def open_for_newcomer(profile: Household) -> Case | None:
    """The newcomer let the municipalities contact them and named a destination: that municipality's
    reception gets a case (once)."""

    if not profile.destination_code or not has_consent(profile, ConsentKind.OFFICER_CONTACT):
        return None
    if db.session.scalar(select(Case.id).where(Case.profile_id == profile.id,
                                               Case.municipality_code == profile.destination_code)):
        return None  # open already, or closed by an officer (or moved): saving a page does not reopen it
    case, _opened = open_case(profile, profile.destination_code, source=CaseSource.NEWCOMER, actor=profile.user)
    return case


def open_for_hire(hire) -> Case | None:
    """A recorded hire opens a case where the job is, if the newcomer lets reception contact them;
    otherwise the newcomer is asked on their page (``hires_awaiting_reception``)."""

    profile = hire.profile
    if not has_consent(profile, ConsentKind.OFFICER_CONTACT):
        return None
    case, _opened = open_case(profile, hire.need.municipality_code, source=CaseSource.HIRE, actor=None,
                              expected_arrival=profile.arrival_date or hire.start_date)
    return case


def open_for_hires(profile: Household) -> list[Case]:
    """Consent given: the municipality of each hire gets a case, unless it had one."""

    opened = []
    for hire in db.session.scalars(select(Hire).where(Hire.profile_id == profile.id)):
        if db.session.scalar(select(Case.id).where(Case.profile_id == profile.id,
                                                   Case.municipality_code == hire.need.municipality_code)) is None:
            opened.append(open_for_hire(hire))
    return [case for case in opened if case is not None]


def consent_withdrawn(profile: Household) -> list[Case]:
    """The household no longer lets reception contact them: their open cases close (the record stays for
    the archive), follow-ups not sent are cancelled and open tasks are finished."""
    closed = []
    for case in db.session.scalars(select(Case).where(Case.profile_id == profile.id,
                                                      Case.status != CaseStatus.CLOSED)):
        case.events.append(CaseEvent(actor_id=profile.user_id, from_status=case.status, to_status=CaseStatus.CLOSED))
        record(profile.user, "status", "case", case.id, profile.id, before=case.status.value, after="closed",
               reason=ClosingReason.CONSENT_WITHDRAWN.value)
        _close(case, ClosingReason.CONSENT_WITHDRAWN, profile.user)
        closed.append(case)
    return closed


def _close(case: Case, reason: ClosingReason, actor: User | None) -> None:
    case.status, case.closing_reason, case.closed_at = CaseStatus.CLOSED, reason, utcnow()
    followups.schedule(case)  # cancels the ones not sent
    for task in case.tasks:
        if task.done_at is None:
            task.done_at, task.done_by_id = utcnow(), actor.id if actor else None


def hires_awaiting_reception(profile: Household, hires: list) -> list:
    """Hires whose municipality has never had a case for this household, when the newcomer has not let
    reception contact them: their page asks."""

    if not hires or has_consent(profile, ConsentKind.OFFICER_CONTACT):
        return []
    known = set(db.session.scalars(select(Case.municipality_code).where(Case.profile_id == profile.id)))
    return [hire for hire in hires if hire.need.municipality_code not in known]


def accept_reception_for_hire(profile: Household, hire_id: int) -> Case:
    hire = db.session.scalar(select(Hire).where(Hire.id == hire_id, Hire.profile_id == profile.id))
    if hire is None:
        raise CaseError("no_such_hire")
    set_consents(profile, {ConsentKind.OFFICER_CONTACT: True})
    return open_for_hire(hire)


def arrival_moved(profile: Household, before: date | None) -> None:
    """The newcomer changed their arrival date: open cases that still had the old one (an officer did
    not set another) follow it, and so do their follow-ups."""
    if profile.arrival_date == before:
        return
    for case in db.session.scalars(select(Case).where(Case.profile_id == profile.id,
                                                      Case.status != CaseStatus.CLOSED)):
        if case.expected_arrival in (None, before):
            record(profile.user, "arrival", "case", case.id, profile.id,
                   before=before.isoformat() if before else None,
                   after=profile.arrival_date.isoformat() if profile.arrival_date else None)
            case.expected_arrival = profile.arrival_date
            followups.schedule(case)


def destination_changed(profile: Household, before: str | None) -> None:
    """The household now heads elsewhere: the open case at the old destination gets a task, so its
    officer can close it or hand it over (the household may also have moved on within the region)."""
    if profile.destination_code == before or before is None:
        return
    case = _open_case(profile.id, before)
    if case is not None:
        case.tasks.append(CaseTask(kind="destination_changed", title=profile.destination_code or "",
                                   due_on=today() + timedelta(days=3), assignee_id=case.assigned_officer_id))
        record(profile.user, "destination_changed", "case", case.id, profile.id, before=before,
               after=profile.destination_code)


# --- the case list -----------------------------------------------------------------------------------------

def scoped_cases(user: User, municipality: str = "") -> Select:
    """The cases ``user`` may see; a coordinator may narrow them to one municipality (an officer sees their
    own municipality's whatever they ask)."""
    stmt = visible_cases(user, select(Case))
    if municipality and user.role == Role.COORDINATOR:
        stmt = stmt.where(Case.municipality_code == municipality)
    return stmt


def parse_month(value: str) -> tuple[int, int] | None:
    """``YYYY-MM`` as (year, month); None when it is not a month of the years 2000 to 2100."""
    try:
        year, month = (int(part) for part in value.split("-"))
    except ValueError:
        return None
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


def has_overdue_task():
    return exists().where(CaseTask.case_id == Case.id, CaseTask.done_at.is_(None), CaseTask.due_on < today())


def listed_cases(cases: Select, user: User, *, view: str = "all", status: CaseStatus | None = None,
                 month: tuple[int, int] | None = None, overdue: bool = False, query: str = "") -> Select:
    """The case list's filters on ``cases`` (see ``scoped_cases``), unsorted, with what a row shows loaded:
    the open cases, or those of ``status``; all, the reader's own (``mine``), nobody's (``unassigned``), those
    with something new (``new``) or arriving in the next 30 days (``arriving``);
    those expected in ``month``; those with an overdue task; a name or e-mail containing ``query``.

    What a row shows is read for the rows of the page only (``selectinload``): joined into the query it was
    read for every case of the municipality before the page's twenty were picked (45 ms at 4,000 open cases)."""
    stmt = cases.where(Case.status == status) if status else cases.where(Case.status != CaseStatus.CLOSED)
    if view == "mine":
        stmt = stmt.where(Case.assigned_officer_id == user.id)
    elif view == "unassigned":
        stmt = stmt.where(Case.assigned_officer_id.is_(None))
    elif view == "new":
        stmt = stmt.where(inbox.unseen())
    elif view == "arriving":
        stmt = stmt.where(Case.expected_arrival >= today(), Case.expected_arrival <= today() + SOON)
    if month:
        first = date(*month, 1)
        stmt = stmt.where(Case.expected_arrival >= first,
                          Case.expected_arrival < date(first.year + first.month // 12, first.month % 12 + 1, 1))
    if overdue:
        stmt = stmt.where(has_overdue_task())
    if query:
        needle = query.lower()
        stmt = stmt.join(Case.profile).join(Household.user).where(or_(
            func.lower(User.full_name).contains(needle, autoescape=True),
            func.lower(User.email).contains(needle, autoescape=True)))
    return stmt.options(selectinload(Case.profile).joinedload(Household.user), selectinload(Case.municipality),
                        selectinload(Case.assigned_officer))


SORTS = ("urgent", "household", "municipality", "status", "arrival", "officer", "overdue")


def _overdue_count():
    return (select(func.count()).where(CaseTask.case_id == Case.id, CaseTask.done_at.is_(None),
                                       CaseTask.due_on < today()).correlate(Case).scalar_subquery())


def sorted_cases(stmt: Select, sort: str = "urgent", descending: bool = False) -> Select:
    """The case list in the order asked for (``SORTS``); by default what is urgent first: something new
    for reception, then an overdue task, then the soonest arrival. Ties keep the oldest case first."""
    if sort == "urgent":
        return stmt.order_by(inbox.unseen().desc(), has_overdue_task().desc(), Case.expected_arrival.is_(None),
                             Case.expected_arrival, Case.id)
    name_of = (select(User.full_name).join(Household, Household.user_id == User.id)
               .where(Household.id == Case.profile_id).correlate(Case).scalar_subquery())
    keys = {
        "household": func.lower(name_of),
        "municipality": select(Municipality.name_sv).where(Municipality.code == Case.municipality_code)
                        .correlate(Case).scalar_subquery(),
        "status": case_({s: i for i, s in enumerate(CaseStatus)}, value=Case.status),
        "arrival": Case.expected_arrival,
        "officer": select(func.lower(User.full_name)).where(User.id == Case.assigned_officer_id)
                   .correlate(Case).scalar_subquery(),
        "overdue": _overdue_count(),
    }
    key = keys[sort]
    return stmt.order_by(key.is_(None), key.desc() if descending else key, Case.id)


def overdue_counts(case_ids: list[int]) -> dict[int, int]:
    """How many open tasks past their date each of these cases has (those with none are left out)."""
    if not case_ids:
        return {}
    return dict(db.session.execute(
        select(CaseTask.case_id, func.count()).where(CaseTask.case_id.in_(case_ids), CaseTask.done_at.is_(None),
                                                     CaseTask.due_on < today())
        .group_by(CaseTask.case_id)).all())


# --- the workflow ------------------------------------------------------------------------------------------

def _editable(case: Case, seen_version: int | None) -> None:
    if case.status == CaseStatus.CLOSED:
        raise CaseError("closed")
    if seen_version is not None and seen_version != case.version:
        raise CaseError("stale")


def change_status(case: Case, to: CaseStatus, actor: User, *, seen_version: int | None,
                  reason: ClosingReason | None = None) -> None:
    _editable(case, seen_version)
    if to not in TRANSITIONS[case.status]:
        raise CaseError("transition")
    if to == CaseStatus.CLOSED and reason not in OFFICER_CLOSING_REASONS:  # only the household withdraws consent
        raise CaseError("closing_reason")
    case.events.append(CaseEvent(actor_id=actor.id, from_status=case.status, to_status=to))
    record(actor, "status", "case", case.id, case.profile_id, before=case.status.value, after=to.value,
           reason=reason.value if reason else None)
    if to == CaseStatus.CLOSED:
        _close(case, reason, actor)
        return
    case.status = to
    if to == CaseStatus.ARRIVED and (case.expected_arrival is None or case.expected_arrival > today()):
        case.expected_arrival = today()  # they are here (earlier than planned): follow-ups count from today
        followups.schedule(case)


def officers_for(case: Case) -> list[User]:
    """Who may take the case: the municipality's active officers."""
    return list(db.session.scalars(select(User).where(User.role == Role.OFFICER, User.active.is_(True),
                                                      User.municipality_code == case.municipality_code)
                                   .order_by(User.full_name)))


def assign(case: Case, officer_id: int | None, actor: User, *, seen_version: int | None) -> None:
    _editable(case, seen_version)
    if officer_id is not None and officer_id not in {u.id for u in officers_for(case)}:
        raise CaseError("not_an_officer_here")
    record(actor, "assigned", "case", case.id, case.profile_id, before=case.assigned_officer_id, after=officer_id)
    case.assigned_officer_id = officer_id


def open_cases_of(officer: User) -> Select:
    """The open cases assigned to ``officer``."""
    return select(Case).where(Case.assigned_officer_id == officer.id, Case.status != CaseStatus.CLOSED)


def release_cases(officer: User, actor: User) -> int:
    """Every open case assigned to ``officer`` becomes unassigned (their account is closed), each recorded,
    and so does every task still open in their name (the whole team sees unassigned tasks)."""
    cases = db.session.scalars(open_cases_of(officer).order_by(Case.id)).all()
    for case in cases:
        record(actor, "assigned", "case", case.id, case.profile_id, before=officer.id, after=None)
        case.assigned_officer_id = None
    db.session.execute(update(CaseTask).where(CaseTask.assignee_id == officer.id, CaseTask.done_at.is_(None))
                       .values(assignee_id=None).execution_options(synchronize_session=False))
    return len(cases)


def take(case: Case, actor: User, *, seen_version: int | None) -> None:
    """An officer takes an unassigned case of their municipality."""
    if seen_version is None:
        raise CaseError("stale")
    if case.assigned_officer_id not in (None, actor.id):
        raise CaseError("taken")
    assign(case, actor.id, actor, seen_version=seen_version)


def set_expected_arrival(case: Case, arrival: date | None, actor: User, *, seen_version: int | None) -> None:
    _editable(case, seen_version)
    record(actor, "arrival", "case", case.id, case.profile_id,
           before=case.expected_arrival.isoformat() if case.expected_arrival else None,
           after=arrival.isoformat() if arrival else None)
    case.expected_arrival = arrival
    followups.schedule(case)  # moves the follow-ups not sent yet


def update_case(case: Case, actor: User, *, seen_version: int, changes: Mapping) -> None:
    """Several changes to the case made from the one version the officer saw, all or none: the officer
    (``assigned_officer_id``), the ``expected_arrival``, then the ``status`` (with ``closing_reason``), so
    that closing comes last. A key left out changes nothing."""
    _editable(case, seen_version)
    if "assigned_officer_id" in changes:
        assign(case, changes["assigned_officer_id"], actor, seen_version=None)
    if "expected_arrival" in changes:
        set_expected_arrival(case, changes["expected_arrival"], actor, seen_version=None)
    if "status" in changes:
        change_status(case, changes["status"], actor, seen_version=None, reason=changes.get("closing_reason"))


# --- tasks and notes ------------------------------------------------------------------------------------

def add_task(case: Case, actor: User, *, title: str, due_on: date, assignee_id: int | None) -> CaseTask:
    _editable(case, None)
    if due_on < today():
        raise CaseError("due_in_past")
    if assignee_id is not None and assignee_id not in {u.id for u in officers_for(case)}:
        raise CaseError("not_an_officer_here")
    task = CaseTask(title=title.strip(), due_on=due_on, assignee_id=assignee_id, created_by_id=actor.id)
    case.tasks.append(task)
    db.session.flush()
    record(actor, "task_added", "case", case.id, case.profile_id, task=task.id, title=task.title,
           due_on=due_on.isoformat())
    return task


def complete_task(case: Case, task_id: int, actor: User, done: bool = True) -> CaseTask:
    _editable(case, None)
    task = next((t for t in case.tasks if t.id == task_id), None)
    if task is None:
        raise CaseError("no_such_task")
    if done and task.done_at is None:
        task.done_at, task.done_by_id = utcnow(), actor.id
    elif not done:
        task.done_at, task.done_by_id = None, None
    record(actor, "task_done" if done else "task_reopened", "case", case.id, case.profile_id, task=task.id)
    return task


def add_note(case: Case, actor: User, body: str) -> CaseNote:
    """Notes can be added to a closed case too: what happened afterwards still belongs to the record."""
    note = CaseNote(author_id=actor.id, body=body.strip())
    case.notes.append(note)
    db.session.flush()
    record(actor, "note_added", "case", case.id, case.profile_id, note=note.id)
    return note


def record_view(case: Case, actor: User) -> None:
    record(actor, "view", "case", case.id, case.profile_id)


def viewed(case: Case, reader: User) -> None:
    """The case was shown with its messages: recorded, and the household's messages are read when the reader
    is who answers them."""
    record_view(case, reader)
    if reads_for_reception(case, reader):
        mark_read(case, from_household=True)
        inbox.seen(case, reader)


def plan_progress(profile: Household) -> tuple[list[PlanStep], int]:
    """The household's plan steps that apply, and how many of them are done or not needed."""
    steps = [s for s in profile.plan_steps if s.applies]
    return steps, sum(1 for s in steps if s.status != StepStatus.TODO)


def next_status(case: Case) -> CaseStatus | None:
    """The step forward the case usually takes next (the page's main action); None when the next step is
    closing, which needs a reason, or the case is closed."""
    order = list(CaseStatus)
    forward = [s for s in TRANSITIONS[case.status]
               if s != CaseStatus.CLOSED and order.index(s) > order.index(case.status)]
    return forward[0] if forward else None


def overdue_tasks(case: Case) -> list[CaseTask]:
    return [t for t in case.tasks if t.done_at is None and t.due_on < today()]


def consented_in(profile: Household, municipality_code: str) -> bool:
    """Whether the household lets this municipality's reception follow its move. The consent is for "the
    municipalities I chose": the destination, the ranked places, the municipalities of its hires, and those
    whose request it accepted. Another municipality's officer must ask (``open_at_desk``)."""

    if not has_consent(profile, ConsentKind.OFFICER_CONTACT):
        return False
    if municipality_code == profile.destination_code or any(
            p.municipality_code == municipality_code for p in profile.preferences):
        return True
    hired_there = select(Hire.id).join(CompetenceNeed, Hire.need_id == CompetenceNeed.id).where(
        Hire.profile_id == profile.id, CompetenceNeed.municipality_code == municipality_code)
    accepted = select(ReceptionRequest.id).where(ReceptionRequest.profile_id == profile.id,
                                                 ReceptionRequest.municipality_code == municipality_code,
                                                 ReceptionRequest.accepted.is_(True))
    return bool(db.session.scalar(select(or_(exists(hired_there), exists(accepted)))))


def open_at_desk(actor: User, *, municipality_code: str | None, full_name: str, email: str, locale: str,
                 expected_arrival: date | None, note: str | None,
                 residence_basis: ResidenceBasis | None = None,
                 gender: Gender | None = None) -> tuple[Case | None, bool]:
    """A household at the service desk or on the phone, who agreed that reception contacts them.

    Where the household's account already lets this municipality's reception follow it (``consented_in``) the
    case opens now (or is the open one), and the household is told by e-mail. Otherwise nothing is shown:
    the household is asked, by e-mail and on its start page (a new address first gets an account and an
    invitation to choose a password), and the case opens when it says yes (``answer_request``). The answer
    to the officer is then ``(None, False)`` whether the address had an account or not, so the desk cannot
    be used to find out who uses Landa. An officer acts for their own municipality. ``residence_basis`` (what
    the household told the desk) starts a new household's plan with its permit steps; an existing household's
    own answers are its own (``gender`` likewise: kept only for a new household)."""

    if actor.role == Role.OFFICER:
        municipality_code = municipality_code or actor.municipality_code
        if municipality_code != actor.municipality_code:
            raise CaseError("no_such_municipality")
    municipality = _municipality(municipality_code)
    if municipality is None:
        raise CaseError("no_such_municipality")
    base_url = current_app.config["LANDA_BASE_URL"]
    user = find_user_by_email(email)
    if user is not None and user.role != Role.NEWCOMER:
        return None, False  # staff and employers are no households: the same answer, nothing done
    if user is None:
        user = create_user(email=email, password=secrets.token_urlsafe(32), full_name=full_name,
                           role=Role.NEWCOMER, locale=locale)
        profile = get_or_create_profile(user)
        profile.me.gender = gender
        if residence_basis is not None:
            profile.me.residence_basis = residence_basis
            refresh_plan(profile)
        record(actor, "registered", "profile", profile.id, profile.id, at_desk=municipality_code)
        link = external_url(base_url, "auth.accept_invitation", token=make_reset_token(user, "invite"))
        queue_email(user.email, "newcomer_invitation", user.locale, sensitive=True, user=user, link=link,
                    days=token_max_age("invite") // 86400, officer=actor.full_name, municipality=municipality)
        _ask(profile, municipality_code, actor, expected_arrival, note, notify=False)  # the invitation says it
        return None, False
    profile = get_or_create_profile(user)
    existing = _open_case(profile.id, municipality_code)
    if existing is None and not consented_in(profile, municipality_code):
        _ask(profile, municipality_code, actor, expected_arrival, note, notify=True)
        return None, False
    case, opened = open_case(profile, municipality_code, source=CaseSource.OFFICER, actor=actor,
                             expected_arrival=expected_arrival)
    if opened and case.assigned_officer_id is None and actor.role == Role.OFFICER:
        case.assigned_officer_id = actor.id  # who registers the household at the desk takes the case
    if note:
        add_note(case, actor, note)
    if opened:
        queue_email(user.email, "case_opened_at_desk", user.locale, sensitive=True, user=user,
                    officer=actor.full_name, municipality=municipality, link=external_url(base_url, "talent.start"))
    return case, opened


REASK_AFTER = timedelta(days=30)  # a "no" is not asked again for a month


def _ask(profile: Household, municipality_code: str, actor: User, expected_arrival: date | None,
         note: str | None, *, notify: bool) -> None:
    """Ask the household whether this municipality's reception may follow its move (once while unanswered)."""

    request = db.session.scalar(select(ReceptionRequest).where(ReceptionRequest.profile_id == profile.id,
                                                               ReceptionRequest.municipality_code == municipality_code))
    if request is None:
        request = ReceptionRequest(profile_id=profile.id, municipality_code=municipality_code)
        db.session.add(request)
    elif request.accepted is None:
        notify = False  # asked already: the question is on their page
    elif request.accepted is False and utcnow() - request.answered_at < REASK_AFTER:
        return
    request.requested_by_id, request.requested_at = actor.id, utcnow()
    request.expected_arrival, request.note = expected_arrival, note or request.note
    request.accepted, request.answered_at = None, None
    db.session.flush()
    record(actor, "reception_requested", "profile", profile.id, profile.id, municipality=municipality_code)
    if notify:
        user = profile.user
        queue_email(user.email, "reception_request", user.locale, sensitive=True, user=user,
                    officer=actor.full_name, municipality=request.municipality,
                    link=external_url(current_app.config["LANDA_BASE_URL"], "talent.start"))


def pending_requests(profile: Household) -> list[ReceptionRequest]:
    return list(db.session.scalars(select(ReceptionRequest).where(
        ReceptionRequest.profile_id == profile.id, ReceptionRequest.accepted.is_(None))
        .order_by(ReceptionRequest.requested_at)))


def answer_request(profile: Household, request_id: int, accept: bool) -> Case | None:
    """The household answers a municipality's request. Yes: it lets reception contact it (its consent, for this
    municipality too) and the case opens with what the officer registered. No: nothing is shown, ever."""

    request = db.session.scalar(select(ReceptionRequest).where(ReceptionRequest.id == request_id,
                                                               ReceptionRequest.profile_id == profile.id))
    if request is None:
        raise CaseError("no_such_request")
    if request.accepted is not None:
        raise CaseError("answered")
    request.accepted, request.answered_at = accept, utcnow()
    record(profile.user, "reception_request_answered", "profile", profile.id, profile.id,
           municipality=request.municipality_code, accepted=accept)
    if not accept:
        return None
    set_consents(profile, {ConsentKind.OFFICER_CONTACT: True})
    officer = request.requested_by if request.requested_by is not None and request.requested_by.active else None
    case, opened = open_case(profile, request.municipality_code, source=CaseSource.OFFICER, actor=officer,
                             expected_arrival=request.expected_arrival)
    if opened and officer is not None and officer.role == Role.OFFICER \
            and officer.municipality_code == request.municipality_code:
        case.assigned_officer_id = officer.id
    if opened and request.note and officer is not None:
        add_note(case, officer, request.note)
    return case


# --- messages --------------------------------------------------------------------------------------------

def may_message(case: Case) -> bool:
    return has_consent(case.profile, ConsentKind.OFFICER_CONTACT)


def send_message(case: Case, actor: User, body: str) -> CaseMessage:
    """To the household: shown on their page and e-mailed in their language. Only while they let
    reception contact them."""

    _editable(case, None)
    if not may_message(case):
        raise CaseError("no_contact_consent")
    body = body.strip()
    last = case.messages[-1] if case.messages else None
    if last and last.author_id == actor.id and last.body == body and utcnow() - last.created_at < timedelta(minutes=2):
        return last  # the same message submitted twice (a double click): sent once
    message = CaseMessage(from_household=False, author_id=actor.id, body=body)
    case.messages.append(message)
    db.session.flush()
    record(actor, "message_sent", "case", case.id, case.profile_id, message=message.id)
    user = case.profile.user
    queue_email(user.email, "case_message", user.locale, sensitive=True, user=user, officer=actor.full_name,
                municipality=case.municipality, body=message.body,
                link=external_url(current_app.config["LANDA_BASE_URL"], "talent.start"))
    return message


def reply(case: Case, author: User, body: str) -> CaseMessage:
    """From the household, on their page: it comes back to the case."""
    if case.status == CaseStatus.CLOSED:
        raise CaseError("closed")
    message = CaseMessage(from_household=True, author_id=author.id, body=body.strip())
    case.messages.append(message)
    db.session.flush()
    record(author, "message_received", "case", case.id, case.profile_id, message=message.id)
    inbox.note(case, InboxKind.REPLY, message.id)
    return message


def reads_for_reception(case: Case, user: User) -> bool:
    """Whose visit marks the household's messages read: the case's officer (any officer of the
    municipality while nobody has the case), never a coordinator looking in."""
    return user.role == Role.OFFICER and case.assigned_officer_id in (None, user.id)


def mark_read(case: Case, from_household: bool) -> int:
    """The reader has now seen the other side's messages: how many were new."""
    unread = [m for m in case.messages if m.from_household == from_household and m.read_at is None]
    for message in unread:
        message.read_at = utcnow()
    return len(unread)


# --- referrals -------------------------------------------------------------------------------------------

def _serves(contact, municipality_code: str) -> bool:
    return not contact.municipalities or any(m.code == municipality_code for m in contact.municipalities)


def referral_targets(case: Case) -> tuple[list, list]:
    """Where the household can be referred: the services of the catalogue, and the housing contacts that
    serve the case's municipality."""

    catalogue = db.session.scalars(select(Service).order_by(Service.sort_order)).all()
    housing = db.session.scalars(select(HousingContact).options(selectinload(HousingContact.municipalities))
                                 .order_by(HousingContact.key))
    return list(catalogue), [c for c in housing if _serves(c, case.municipality_code)]


def refer(case: Case, actor: User, *, target: str, note: str) -> Referral:
    """``target`` is ``service:<key>`` or ``housing:<key>`` (a contact serving the case's municipality)."""

    _editable(case, None)
    kind, _, key = target.partition(":")
    model = {"service": Service, "housing": HousingContact}.get(kind)
    found = db.session.get(model, key) if model is not None and REFERENCE_KEY.fullmatch(key) else None
    if found is None or (kind == "housing" and not _serves(found, case.municipality_code)):
        raise CaseError("no_such_target")
    column = Referral.service_key if kind == "service" else Referral.housing_key
    if db.session.scalar(select(Referral.id).where(Referral.case_id == case.id, column == key)) is not None:
        raise CaseError("already_referred")
    referral = Referral(service_key=key if kind == "service" else None, housing_key=key if kind == "housing" else None,
                        note=note.strip(), created_by_id=actor.id)
    case.referrals.append(referral)
    db.session.flush()
    record(actor, "referred", "case", case.id, case.profile_id, referral=referral.id, target=target)
    return referral


def update_referral(case: Case, referral_id: int, status: ReferralStatus, actor: User) -> Referral:
    _editable(case, None)
    referral = next((r for r in case.referrals if r.id == referral_id), None)
    if referral is None:
        raise CaseError("no_such_referral")
    record(actor, "referral_status", "case", case.id, case.profile_id, referral=referral.id,
           before=referral.status.value, after=status.value)
    referral.status = status
    return referral


def move_case(case: Case, municipality_code: str, actor: User, *, seen_version: int | None) -> None:
    """A coordinator hands the case to another municipality (the household settles elsewhere in the
    region): its officers take over; follow-ups follow that municipality's intervals."""

    _editable(case, seen_version)
    if _municipality(municipality_code) is None:
        raise CaseError("no_such_municipality")
    if municipality_code == case.municipality_code:
        return
    if _open_case(case.profile_id, municipality_code) is not None:
        raise CaseError("open_case_there")
    record(actor, "moved", "case", case.id, case.profile_id, before=case.municipality_code, after=municipality_code)
    case.municipality_code, case.assigned_officer_id = municipality_code, None
    for task in case.tasks:
        if task.done_at is None:
            task.assignee_id = None
    followups.schedule(case)
