"""The reception officer's work through the API: the case list, a household's case and its workflow,
tasks, notes, messages, referrals, follow-ups and the dashboard's figures.

The use cases and the rules are the web's (``app.reception.services`` and ``permissions``): an officer
reaches only their own municipality's cases (another's answer 404, as if they did not exist), a
coordinator every municipality's; a change to the case itself names the ``version`` the caller saw and
is refused (409) when someone changed the case since. Refusals say why in the words of the web page.
Every read of a case is recorded in the audit trail, as on the web.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, jsonify
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.api.common import (
    MUNICIPALITY_CODE,
    REQUIRED,
    EmailAddress,
    PageArgsSchema,
    Text,
    page_of,
    page_schema,
    refuse_because,
    sort_field,
    sorted_by,
    within,
)
from app.api.newcomer import MarkedReadSchema, MemberSchema, MessageSchema
from app.audit.services import record
from app.auth.access import role_required
from app.auth.models import Role
from app.auth.services import AccountError
from app.database import Refusal, committed
from app.extensions import db
from app.i18n import localized
from app.reception import inbox, services
from app.reception.dashboard import figures
from app.reception.errors import EXPECTED_ARRIVAL, TASK_DUE
from app.reception.models import (
    OFFICER_CLOSING_REASONS,
    Case,
    CaseMessage,
    CaseNote,
    CaseSource,
    CaseStatus,
    CaseTask,
    ClosingReason,
    FollowUpStatus,
    Housing,
    InboxKind,
    PartnerWork,
    Referral,
    ReferralStatus,
)
from app.reception.permissions import STAFF, case_for
from app.reception.texts import AGREED_REQUIRED, ASKED, NAME_REQUIRED, VIEWS, task_text
from app.talent.models import Household, HouseholdMember
from app.talent.plan import ResidenceBasis

blp = Blueprint("api_reception", __name__,
                description="Reception officers and coordinators: cases, their workflow, tasks, notes, messages, "
                            "referrals, follow-ups and the dashboard")

MAX_ID = 2**31 - 1
CASE_404 = {"description": "No such case, or another municipality's"}

# Where each refusal points in a request, and the refusals that are not about a wrong value.
FIELDS = {"stale": "version", "transition": "status", "closing_reason": "closing_reason",
          "not_an_officer_here": "assigned_officer_id", "due_in_past": "due_on", "try_again": "email",
          "no_such_target": "target", "already_referred": "target", "no_such_municipality": "municipality_code",
          "open_case_there": "municipality_code"}
REFUSAL_STATUS = {"stale": 409, "no_such_task": 404, "no_such_referral": 404}


def _refuse(exc: Exception, fields_: dict[str, str]):
    """A problem document says why, as the case page would (the attempt was rolled back)."""
    if isinstance(exc, AccountError):  # the e-mail address got an account a moment ago (a twin request)
        exc = services.CaseError("try_again")
    elif not isinstance(exc, services.CaseError):  # StaleDataError: changed meanwhile
        exc = services.CaseError("stale")
    refuse_because(exc, REFUSAL_STATUS, field=fields_.get(exc.code, FIELDS.get(exc.code)))


def _commit(change: Callable, conflict: str | None = None, **fields_: str):
    """Make the change and commit it (one transaction), or refuse. ``conflict`` names what a unique
    constraint refusing it means; ``fields_`` points a refusal at another field than usual."""
    result = committed(change, (services.CaseError, AccountError, StaleDataError),
                       conflict=services.CaseError(conflict) if conflict else None)
    if isinstance(result, Refusal):
        _refuse(result.reason, fields_)
    return result


def _shown(schema: Schema, data):
    """The answer, shaped before the commit that records who read it (the commit expires what it read)."""
    body = schema.dump(data)
    db.session.commit()
    return jsonify(body)


def _case(case_id: int, *options) -> Case:
    case = case_for(current_user, case_id, *options)
    if case is None:
        abort(404)  # another municipality's case does not exist for this officer
    return case


def _part(found: Case, schema: Schema, part: str):
    """One part of the case (its tasks, notes, ...), its reading recorded."""
    services.record_view(found, current_user)
    return _shown(schema, getattr(found, part))


# --- cases ------------------------------------------------------------------------------------------------

class CaseSummarySchema(Schema):
    id = fields.Integer()
    full_name = fields.String(metadata={"description": "The household's main applicant"})
    email = fields.String()
    municipality_code = fields.String()
    status = fields.Enum(CaseStatus, by_value=True)
    version = fields.Integer(metadata={"description": "Send it with a change to the case: a change made from an "
                                                      "older version is refused (409)"})
    assigned_officer_id = fields.Integer(allow_none=True)
    assigned_officer_name = fields.String(allow_none=True)
    expected_arrival = fields.Date(allow_none=True)
    source = fields.Enum(CaseSource, by_value=True)
    opened_at = fields.DateTime()
    overdue_tasks = fields.Integer(metadata={"description": "Open tasks past their due date"})
    new = fields.List(fields.Enum(InboxKind, by_value=True), metadata={
        "description": "What is new on the case for reception (in the case list): unseen until the case's officer "
                       "(any officer of the municipality while nobody has it) opens the case"})


class PlanProgressSchema(Schema):
    done = fields.Integer(metadata={"description": "Steps done or not needed"})
    total = fields.Integer(metadata={"description": "Steps that apply to the household"})


class CaseSchema(CaseSummarySchema):
    phone = fields.String(allow_none=True)
    closing_reason = fields.Enum(ClosingReason, by_value=True, allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    household = fields.List(fields.Nested(MemberSchema), metadata={"description": "The main applicant first"})
    plan = fields.Nested(PlanProgressSchema)
    may_message = fields.Boolean(metadata={"description": "The household lets reception contact them"})


def _summary(case: Case, overdue: int) -> dict:
    user, officer = case.profile.user, case.assigned_officer
    return {"id": case.id, "full_name": user.full_name, "email": user.email,
            "municipality_code": case.municipality_code, "status": case.status, "version": case.version,
            "assigned_officer_id": case.assigned_officer_id,
            "assigned_officer_name": officer.full_name if officer else None,
            "expected_arrival": case.expected_arrival, "source": case.source, "opened_at": case.opened_at,
            "overdue_tasks": overdue}


def _summaries(cases: list[Case]) -> list[dict]:
    late = services.overdue_counts([c.id for c in cases])
    news = inbox.unseen_kinds([c.id for c in cases])
    return [{**_summary(c, late.get(c.id, 0)), "new": news.get(c.id, [])} for c in cases]


def _detail_options() -> tuple:
    profile = joinedload(Case.profile)
    members = profile.selectinload(Household.members)
    return (profile.joinedload(Household.user), joinedload(Case.assigned_officer), selectinload(Case.tasks),
            selectinload(Case.messages), members.selectinload(HouseholdMember.languages),
            members.selectinload(HouseholdMember.occupations), profile.selectinload(Household.plan_steps))


def _detail(case: Case) -> dict:
    steps, done = services.plan_progress(case.profile)
    return {**_summary(case, len(services.overdue_tasks(case))), "phone": case.profile.phone or None,
            "closing_reason": case.closing_reason, "closed_at": case.closed_at, "household": case.profile.members,
            "plan": {"done": done, "total": len(steps)}, "may_message": services.may_message(case)}


def _current(case_id: int) -> dict:
    """The case as it is after a change: loaded afresh (the commit expired it), and this reading of the
    household's data recorded as the web's case page records it."""
    found = _case(case_id, *_detail_options())
    body = _detail(found)
    services.record_view(found, current_user)
    db.session.commit()
    return body


CASE_SORTS = {"expected_arrival": func.coalesce(Case.expected_arrival, date(9999, 12, 31)),  # unknown last
              "created_at": Case.created_at, "status": Case.status}


class CaseListArgsSchema(PageArgsSchema):
    view = fields.String(load_default="all", validate=validate.OneOf(list(VIEWS)),
                         metadata={"description": "all, something new for reception (new), the caller's own (mine), "
                                                  "nobody's (unassigned) or arriving in the next 30 days (arriving)"})
    status = fields.Enum(CaseStatus, by_value=True, load_default=None,
                         metadata={"description": "Without it, the open cases"})
    municipality = fields.String(validate=MUNICIPALITY_CODE,  # no default: '' would break its own pattern
                                 metadata={"description": "Coordinators: one municipality's cases (an officer "
                                                          "sees their own municipality's)"})
    month = fields.String(load_default=None, validate=validate.Regexp(r"^(20\d\d|2100)-(0[1-9]|1[0-2])$"),
                          metadata={"description": "Expected to arrive that month", "example": "2027-03"})
    overdue = fields.Boolean(load_default=False, metadata={"description": "Only cases with an overdue task"})
    q = Text(load_default="", max=100, metadata={"description": "Part of the name or e-mail address"})
    sort = sort_field(CASE_SORTS, "expected_arrival")


@blp.route("/cases")
@role_required(*STAFF)
@blp.arguments(CaseListArgsSchema, location="query", unknown="raise")
@blp.response(200, page_schema(CaseSummarySchema, "CasePage"))
def cases(args):
    """The cases the caller may see, filtered as the web's case list; who saw whom is recorded."""
    stmt = services.listed_cases(
        services.scoped_cases(current_user, args.get("municipality", "")), current_user, view=args["view"],
        status=args["status"], month=services.parse_month(args["month"]) if args["month"] else None,
        overdue=args["overdue"], query=args["q"])
    page = page_of(sorted_by(stmt, args["sort"], CASE_SORTS, Case.id), args, items=_summaries)
    record(current_user, "list", "case_list", 0, None, cases=[c["id"] for c in page["items"]])
    return _shown(page_schema(CaseSummarySchema, "CasePage")(), page)


class CaseInSchema(Schema):
    full_name = Text(required=True, min=1, max=200, blank=NAME_REQUIRED)
    email = EmailAddress(required=True)
    locale = fields.String(load_default="sv", validate=validate.OneOf(["sv", "en"]),
                           metadata={"description": "The language Landa writes to the household in"})
    municipality_code = fields.String(load_default=None, validate=MUNICIPALITY_CODE, metadata={
        "description": "Required of coordinators; an officer opens cases in their own municipality"})
    expected_arrival = fields.Date(load_default=None, allow_none=True, validate=within(EXPECTED_ARRIVAL))
    residence_basis = fields.Enum(ResidenceBasis, by_value=True, load_default=None, allow_none=True, metadata={
        "description": "What the household told the desk: starts a new household's plan with its permit steps"})
    note = Text(load_default=None, allow_none=True, max=5000, multiline=True,
                metadata={"description": "An internal note: not on the household's pages, but in their data "
                                         "export and theirs to see if they ask (see GET /cases/{case_id}/notes)"})
    agreed = fields.Boolean(required=True, validate=validate.Equal(True, error=AGREED_REQUIRED),
                            metadata={"description": "The household agreed that reception contacts them"})


class AskedSchema(Schema):
    status = fields.String(metadata={"example": "asked"})
    detail = fields.String()


@blp.route("/cases", methods=["POST"])
@role_required(*STAFF)
@blp.arguments(CaseInSchema, unknown="raise")
@blp.response(201, CaseSchema)
@blp.alt_response(200, schema=CaseSchema, description="The household already had an open case there")
@blp.alt_response(202, schema=AskedSchema, description="The household is asked first (whether or not the address "
                                                      "has an account): the case opens when they say yes")
def open_case(args):
    """A household at the service desk or on the phone.

    Where the household's account already lets this municipality's reception follow it (its destination, a
    place it ranked, a hire there, or a request it accepted), the case opens now and the household is told.
    Otherwise the answer is 202 and nothing is shown: the household (a new address first gets an account and
    an invitation) is asked by e-mail and on its start page, and the case appears when it says yes. The answer
    is the same whether the address has an account or not."""
    del args["agreed"]
    case, opened = _commit(lambda: services.open_at_desk(current_user, **args))
    if case is None:
        response = jsonify({"status": "asked", "detail": str(ASKED) % {"email": args["email"]}})
        response.status_code = 202
        return response
    return _current(case.id), 201 if opened else 200


@blp.route("/cases/<int:case_id>")
@role_required(*STAFF)
@blp.response(200, CaseSchema)
@blp.alt_response(404, **CASE_404)
def case(case_id: int):
    """The case with its household, plan progress and officer; reading it is recorded (and changes nothing
    else: ``POST /cases/{case_id}/messages/read`` marks the household's messages read)."""
    found = _case(case_id, *_detail_options())
    services.record_view(found, current_user)
    return _shown(CaseSchema(), _detail(found))


class CaseChangeSchema(Schema):
    version = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The version the caller saw"})
    status = fields.Enum(CaseStatus, by_value=True)
    closing_reason = fields.String(validate=validate.OneOf([r.value for r in OFFICER_CLOSING_REASONS]),
                                   metadata={"description": "Required when the status is closed"})
    assigned_officer_id = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=MAX_ID),
                                         metadata={"description": "One of the municipality's officers; null: nobody"})
    expected_arrival = fields.Date(allow_none=True, validate=within(EXPECTED_ARRIVAL))


@blp.route("/cases/<int:case_id>", methods=["PATCH"])
@role_required(*STAFF)
@blp.arguments(CaseChangeSchema, unknown="raise")
@blp.response(200, CaseSchema)
@blp.alt_response(404, **CASE_404)
@blp.alt_response(409, description="The case changed since the version the caller saw: nothing was saved")
def change_case(args, case_id: int):
    """Change the officer, the expected arrival and the status, all or none (closing comes last)."""
    found = _case(case_id, selectinload(Case.tasks), selectinload(Case.follow_ups))
    version = args.pop("version")
    if "closing_reason" in args:
        args["closing_reason"] = ClosingReason(args["closing_reason"])
    _commit(lambda: services.update_case(found, current_user, seen_version=version, changes=args))
    return _current(case_id)


class VersionSchema(Schema):
    version = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID),
                             metadata={"description": "The version the caller saw"})


@blp.route("/cases/<int:case_id>/take", methods=["POST"])
@role_required(Role.OFFICER)
@blp.arguments(VersionSchema, unknown="raise")
@blp.response(200, CaseSchema)
@blp.alt_response(404, **CASE_404)
@blp.alt_response(409, description="The case changed since the version the caller saw")
def take(args, case_id: int):
    """"I'll take it": an unassigned case of the officer's municipality becomes theirs."""
    found = _case(case_id)
    _commit(lambda: services.take(found, current_user, seen_version=args["version"]))
    return _current(case_id)


class CaseMoveSchema(VersionSchema):
    municipality_code = fields.String(required=True, validate=MUNICIPALITY_CODE)


@blp.route("/cases/<int:case_id>/move", methods=["POST"])
@role_required(Role.COORDINATOR)
@blp.arguments(CaseMoveSchema, unknown="raise")
@blp.response(200, CaseSchema)
@blp.alt_response(404, **CASE_404)
@blp.alt_response(409, description="The case changed since the version the caller saw")
def move(args, case_id: int):
    """Hand the case to another municipality of the region; its officers take over."""
    found = _case(case_id, selectinload(Case.tasks), selectinload(Case.follow_ups))
    _commit(lambda: services.move_case(found, args["municipality_code"], current_user, seen_version=args["version"]),
            conflict="open_case_there")
    return _current(case_id)


# --- tasks ---------------------------------------------------------------------------------------------------

class TaskSchema(Schema):
    id = fields.Integer()
    title = fields.Function(task_text, metadata={"description": "Landa's own tasks in the reader's language"})
    kind = fields.String(allow_none=True, metadata={"description": "Set on the tasks Landa creates itself"})
    due_on = fields.Date()
    assignee_id = fields.Integer(allow_none=True)
    assignee_name = fields.Function(lambda t: t.assignee.full_name if t.assignee else None, allow_none=True)
    created_at = fields.DateTime()
    done_at = fields.DateTime(allow_none=True, metadata={"description": "null: still to do"})
    done_by_id = fields.Integer(allow_none=True)


class TaskInSchema(Schema):
    title = Text(required=True, min=1, max=200, blank=REQUIRED)
    due_on = fields.Date(required=True, validate=within(TASK_DUE))
    assignee_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=MAX_ID),
                                 metadata={"description": "One of the municipality's officers; null: nobody"})


class TaskDoneSchema(Schema):
    done = fields.Boolean(required=True, metadata={"description": "false reopens the task"})


def _with_tasks(case_id: int) -> Case:
    return _case(case_id, selectinload(Case.tasks).joinedload(CaseTask.assignee),
                 selectinload(Case.tasks).joinedload(CaseTask.follow_up))


@blp.route("/cases/<int:case_id>/tasks")
@role_required(*STAFF)
@blp.response(200, TaskSchema(many=True))
@blp.alt_response(404, **CASE_404)
def tasks(case_id: int):
    """The case's tasks: open ones first, soonest due first."""
    return _part(_with_tasks(case_id), TaskSchema(many=True), "tasks")


@blp.route("/cases/<int:case_id>/tasks", methods=["POST"])
@role_required(*STAFF)
@blp.arguments(TaskInSchema, unknown="raise")
@blp.response(201, TaskSchema)
@blp.alt_response(404, **CASE_404)
def add_task(args, case_id: int):
    """Something to do for the household, by a date, by one of the municipality's officers or anyone."""
    found = _with_tasks(case_id)
    return _commit(lambda: services.add_task(found, current_user, **args), not_an_officer_here="assignee_id")


@blp.route("/cases/<int:case_id>/tasks/<int:task_id>", methods=["PATCH"])
@role_required(*STAFF)
@blp.arguments(TaskDoneSchema, unknown="raise")
@blp.response(200, TaskSchema)
@blp.alt_response(404, description="No such case, or the task is not part of it")
def update_task(args, case_id: int, task_id: int):
    """Mark a task done, or reopen it."""
    found = _with_tasks(case_id)
    return _commit(lambda: services.complete_task(found, task_id, current_user, done=args["done"]))


# --- notes and messages ---------------------------------------------------------------------------------------

class NoteSchema(Schema):
    id = fields.Integer()
    body = fields.String()
    author_id = fields.Integer(allow_none=True)
    author_name = fields.Function(lambda n: n.author.full_name if n.author else None, allow_none=True)
    created_at = fields.DateTime()


class BodySchema(Schema):
    body = Text(required=True, min=1, max=5000, multiline=True, blank=REQUIRED)


@blp.route("/cases/<int:case_id>/notes")
@role_required(*STAFF)
@blp.response(200, NoteSchema(many=True))
@blp.alt_response(404, **CASE_404)
def notes(case_id: int):
    """Internal notes, newest first.

    Notes are not shown on the household's pages, but they are part of the case: officers of the case's
    municipality and the region's coordinators read them, the household's data export (GDPR art. 15,
    ``GET /newcomer/export``) includes them with their authors' names, and the household may ask to see the
    documents of their case. Write only what you would show them."""
    return _part(_case(case_id, selectinload(Case.notes).joinedload(CaseNote.author)), NoteSchema(many=True), "notes")


@blp.route("/cases/<int:case_id>/notes", methods=["POST"])
@role_required(*STAFF)
@blp.arguments(BodySchema, unknown="raise")
@blp.response(201, NoteSchema)
@blp.alt_response(404, **CASE_404)
def add_note(args, case_id: int):
    """An internal note (a closed case takes notes too). The household receives it in their data export and
    may ask to see it: see ``GET /cases/{case_id}/notes``."""
    found = _case(case_id)
    return _commit(lambda: services.add_note(found, current_user, args["body"]))


def _with_messages(case_id: int) -> Case:
    return _case(case_id, joinedload(Case.profile).joinedload(Household.user),
                 selectinload(Case.messages).joinedload(CaseMessage.author))


@blp.route("/cases/<int:case_id>/messages")
@role_required(*STAFF)
@blp.response(200, MessageSchema(many=True))
@blp.alt_response(404, **CASE_404)
def messages(case_id: int):
    """Messages between reception and the household, oldest first (reading them is recorded and changes
    nothing else)."""
    found = _with_messages(case_id)
    services.record_view(found, current_user)
    return _shown(MessageSchema(many=True), found.messages)


@blp.route("/cases/<int:case_id>/messages/read", methods=["POST"])
@role_required(*STAFF)
@blp.response(200, MarkedReadSchema)
@blp.alt_response(404, **CASE_404)
def mark_messages_read(case_id: int):
    """The caller has read the household's messages. Only the case's officer (any officer of the municipality
    while nobody has the case) marks them read; a coordinator looking in leaves them unread (``marked``: 0)."""
    found = _with_messages(case_id)
    marked = 0
    if services.reads_for_reception(found, current_user):
        marked = services.mark_read(found, from_household=True)
        inbox.seen(found, current_user, (InboxKind.REPLY,))
    db.session.commit()
    return {"marked": marked}


@blp.route("/cases/<int:case_id>/messages", methods=["POST"])
@role_required(*STAFF)
@blp.arguments(BodySchema, unknown="raise")
@blp.response(201, MessageSchema)
@blp.alt_response(404, **CASE_404)
@blp.alt_response(422, description="The household does not let reception contact them, or the case is closed")
def send_message(args, case_id: int):
    """Write to the household: shown on their page and e-mailed in their language."""
    found = _with_messages(case_id)
    return _commit(lambda: services.send_message(found, current_user, args["body"]))


# --- referrals ------------------------------------------------------------------------------------------------

class ReferralSchema(Schema):
    id = fields.Integer()
    target = fields.Function(lambda r: f"service:{r.service_key}" if r.service_key else f"housing:{r.housing_key}",
                             metadata={"example": "service:sfi"})
    target_name = fields.Function(lambda r: localized(r.service or r.housing, "name"))
    status = fields.Enum(ReferralStatus, by_value=True)
    note = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class ReferralInSchema(Schema):
    target = fields.String(required=True, validate=validate.Regexp(r"^(service|housing):[A-Za-z0-9_.-]{1,64}$"),
                           metadata={"description": "service:<key> (see /services) or housing:<key> (see "
                                                    "/housing-contacts: one serving the case's municipality)",
                                     "example": "service:sfi"})
    note = Text(load_default="", max=500)


class ReferralStatusSchema(Schema):
    status = fields.Enum(ReferralStatus, by_value=True, required=True)


def _with_referrals(case_id: int) -> Case:
    return _case(case_id, selectinload(Case.referrals).joinedload(Referral.service),
                 selectinload(Case.referrals).joinedload(Referral.housing))


@blp.route("/cases/<int:case_id>/referrals")
@role_required(*STAFF)
@blp.response(200, ReferralSchema(many=True))
@blp.alt_response(404, **CASE_404)
def referrals(case_id: int):
    """Where the household has been referred: services and housing contacts."""
    return _part(_with_referrals(case_id), ReferralSchema(many=True), "referrals")


@blp.route("/cases/<int:case_id>/referrals", methods=["POST"])
@role_required(*STAFF)
@blp.arguments(ReferralInSchema, unknown="raise")
@blp.response(201, ReferralSchema)
@blp.alt_response(404, **CASE_404)
def refer(args, case_id: int):
    """Refer the household to a service or a housing contact (once each)."""
    found = _with_referrals(case_id)
    return _commit(lambda: services.refer(found, current_user, **args), conflict="already_referred")


@blp.route("/cases/<int:case_id>/referrals/<int:referral_id>", methods=["PATCH"])
@role_required(*STAFF)
@blp.arguments(ReferralStatusSchema, unknown="raise")
@blp.response(200, ReferralSchema)
@blp.alt_response(404, description="No such case, or the referral is not part of it")
def update_referral(args, case_id: int, referral_id: int):
    """Where the referral stands."""
    found = _with_referrals(case_id)
    return _commit(lambda: services.update_referral(found, referral_id, args["status"], current_user))


# --- follow-ups -----------------------------------------------------------------------------------------------

class FollowUpSchema(Schema):
    id = fields.Integer()
    offset_days = fields.Integer(metadata={"description": "Days after arrival"})
    due_on = fields.Date()
    status = fields.Enum(FollowUpStatus, by_value=True)
    sent_at = fields.DateTime(allow_none=True)
    answered_at = fields.DateTime(allow_none=True)
    settled = fields.Integer(allow_none=True, metadata={"description": "How settled they feel, 1 to 5"})
    housing = fields.Enum(Housing, by_value=True, allow_none=True)
    partner_work = fields.Enum(PartnerWork, by_value=True, allow_none=True)
    trouble = fields.Boolean(metadata={"description": "The answers show the household needs support"})


@blp.route("/cases/<int:case_id>/follow-ups")
@role_required(*STAFF)
@blp.response(200, FollowUpSchema(many=True))
@blp.alt_response(404, **CASE_404)
def follow_ups(case_id: int):
    """The check-ins after arrival: when, whether sent, and the household's answers."""
    return _part(_case(case_id, selectinload(Case.follow_ups)), FollowUpSchema(many=True), "follow_ups")


# --- the dashboard --------------------------------------------------------------------------------------------

class DashboardArgsSchema(Schema):
    municipality = fields.String(validate=MUNICIPALITY_CODE,  # no default: '' would break its own pattern
                                 metadata={"description": "Coordinators: one municipality's figures"})


class DashboardSchema(Schema):
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={
        "description": "Cases in each status", "example": {"new": 3, "contacted": 1}})
    by_municipality = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(),
                                                                           values=fields.Integer()))
    overdue_tasks = fields.Integer()
    arrivals_soon = fields.Integer(metadata={"description": "Open cases expected in the next 30 days"})
    follow_ups_due = fields.Integer(metadata={"description": "Follow-ups to send in the next 30 days"})
    answered = fields.Integer(metadata={"description": "Follow-ups answered in the last year"})
    missed = fields.Integer(metadata={"description": "Follow-ups without an answer in the last year"})
    response_rate = fields.Float(allow_none=True, metadata={"description": "0 to 1; null: none answered or missed"})


@blp.route("/reception/dashboard")
@role_required(*STAFF)
@blp.arguments(DashboardArgsSchema, location="query", unknown="raise")
@blp.response(200, DashboardSchema)
def dashboard(args):
    """Counts only, of the cases the caller may see: the caseload, overdue tasks, arrivals and follow-ups."""
    numbers = figures(services.scoped_cases(current_user, args.get("municipality", "")))

    def by_status(counts: dict) -> dict[str, int]:
        return {status.value: counts.get(status, 0) for status in CaseStatus}

    return {"by_status": by_status(numbers.by_status),
            "by_municipality": {code: by_status(counts) for code, counts in numbers.by_municipality.items()},
            "overdue_tasks": numbers.overdue_count, "arrivals_soon": numbers.arrivals_count,
            "follow_ups_due": numbers.follow_ups_due, "answered": numbers.answered, "missed": numbers.missed,
            "response_rate": numbers.response_rate}
