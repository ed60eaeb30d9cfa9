"""The newcomer's own data through the API: profile, household, consents, arrival plan, matching
needs, interest, contact requests, hires and messages with reception.

The same use-case functions as the web pages (``app.talent.services``, ``app.employers.candidates``,
``app.reception.services``), so the same rules: a newcomer reaches only their own household's data.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, g, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.api.board import NeedSummarySchema, PublicNeedSchema
from app.api.common import (
    MUNICIPALITY_CODE,
    EmailAddress,
    Text,
    Words,
    commit_or_refuse,
    refuse,
    refuse_because,
    within,
    words,
)
from app.auth.access import role_required
from app.auth.models import Role
from app.database import Refusal, committed
from app.employers import candidates
from app.employers.errors import ERRORS
from app.employers.models import CompetenceNeed, Interest
from app.employers.services import EmployerError, public_needs
from app.extensions import db
from app.flows import households
from app.i18n import current_locale
from app.matching.alerts import set_alerts
from app.matching.services import needs_for
from app.matching.texts import explain, gaps
from app.privacy import export as data_export
from app.reception import services as reception
from app.reception.models import Case, CaseMessage, CaseStatus
from app.talent import services
from app.talent.errors import ARRIVAL, JOB_START
from app.talent.models import (
    ConsentKind,
    Education,
    Gender,
    Household,
    HouseholdStatus,
    LanguageLevel,
    Moving,
    Relation,
    StepStatus,
)
from app.talent.partner import listing_decision, send_link
from app.talent.plan import Citizenship, ResidenceBasis
from app.talent.services import MAX_SKILLS
from app.talent.texts import countries, languages
from app.validators import PHONE_MAX_LENGTH

blp = Blueprint("api_newcomer", __name__, description="The signed-in newcomer's own data")


def _serving(step) -> list[dict]:
    """Who serves the household for ``step`` where it lives (looked up once per request)."""
    by = step.service.authority_by
    if not by:
        return []
    cache = g.setdefault("landa_who_serves", {})
    if step.profile_id not in cache:
        cache[step.profile_id] = services.who_serves(db.session.get(Household, step.profile_id), current_locale())
    return [asdict(s) for s in cache[step.profile_id].get(by, [])]


class PlanStepSchema(Schema):
    id = fields.Integer()
    service_key = fields.String(metadata={"example": "sfi"})
    position = fields.Integer()
    status = fields.String(validate=validate.OneOf([s.value for s in StepStatus]))
    suggested_date = fields.Date(allow_none=True)
    prerequisites = fields.List(fields.String())
    authority = fields.Function(lambda step: step.service.who(current_locale()),
                                metadata={"description": "Who does this step, in general terms"})
    serving = fields.Function(_serving, metadata={
        "type": "array", "items": {"type": "object", "properties": {
            "kind": {"type": "string", "description": "region, municipality, service_office or housing"},
            "key": {"type": "string"}, "name": {"type": "string"}, "link": {"type": ["string", "null"]}}},
        "description": "The region, municipality, government service office or housing companies that serve this "
                       "household for the step where it will live (empty when not known, or the same everywhere)"})


class StepUpdateSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in StepStatus]))


def _profile():
    profile = services.profile_for(current_user, lock=request.method != "GET")
    if profile is None:
        abort(404)
    return profile


@blp.route("/newcomer/plan")
@role_required(Role.NEWCOMER)
@blp.response(200, PlanStepSchema(many=True))
@blp.alt_response(403, description="Not a newcomer")
def plan():
    """The steps of the caller's arrival plan that apply to their household, in order."""
    return [step for step in _profile().plan_steps if step.applies]


@blp.route("/newcomer/plan/steps/<int:step_id>", methods=["PATCH"])
@role_required(Role.NEWCOMER)
@blp.arguments(StepUpdateSchema, unknown="raise")
@blp.response(200, PlanStepSchema)
@blp.alt_response(403, description="Not a newcomer")
@blp.alt_response(404, description="Not a step of the caller's plan")
def update_step(args, step_id: int):
    """Mark a step done, not relevant, or to do again."""
    found = _profile()
    return commit_or_refuse(lambda: services.set_step_status(found, step_id, StepStatus(args["status"])),
                            (services.ProfileError,), lambda exc: abort(404))


# --- the profile, step by step as in the web's wizard -------------------------------------------------------

LANGUAGES = [code for code, _name in languages("en")]
COUNTRIES = [code for code, _name in countries("en")]


class LanguageLevelSchema(Schema):
    language = fields.String(required=True, validate=validate.OneOf(LANGUAGES),
                             metadata={"description": "ISO 639-1", "example": "sv"})
    level = fields.Enum(LanguageLevel, by_value=True, required=True, metadata={"description": "CEFR or native"})


def _levels(required: bool = False) -> fields.List:
    """Languages and levels, as the profile shows them (a language given twice: the later level counts)."""
    return fields.List(fields.Nested(LanguageLevelSchema), validate=validate.Length(max=12),
                       **({"required": True} if required else {"load_default": list}))


def _as_levels(entries: list[dict]) -> dict:
    return {e["language"]: e["level"] for e in entries}


def _occupation_codes(most: int) -> fields.List:
    return fields.List(fields.String(validate=validate.Regexp(r"^\d{4}$")), load_default=list,
                       validate=validate.Length(max=most), metadata={"description": "SSYK 2012 codes, best first"})


class ProfileSchema(Schema):
    id = fields.Integer()
    full_name = fields.Function(lambda p: p.user.full_name)
    email = fields.Function(lambda p: p.user.email)
    phone = fields.String(allow_none=True, metadata={"description": "E.164, such as +46701234567",
                                                     "example": "+46701234567"})
    citizenship = fields.Enum(Citizenship, by_value=True, allow_none=True)
    current_country = fields.String(allow_none=True)
    current_city = fields.String(allow_none=True)
    birth_year = fields.Function(lambda p: p.me.birth_year, metadata={"description": "The newcomer's year of birth"})
    gender = fields.Function(
        lambda p: p.me.gender.value if p.me.gender else None,
        metadata={"description": "Optional; undisclosed: prefer not to say; null: not given",
                  "type": ["string", "null"], "enum": [*(g.value for g in Gender), None]})
    residence_basis = fields.Function(
        lambda p: p.me.residence_basis.value if p.me.residence_basis else None,
        metadata={"description": "On what grounds the newcomer lives in Sweden; null: as the citizenship suggests",
                  "type": ["string", "null"], "enum": [*(b.value for b in ResidenceBasis), None]})
    languages = fields.Function(lambda p: [{"language": e.language, "level": e.level.value} for e in p.me.languages],
                                metadata={"description": "The newcomer's own languages"})
    occupation_codes = fields.Function(lambda p: [o.occupation_code for o in p.me.occupations])
    skills = fields.Function(lambda p: [s.label for s in p.skills])
    education = fields.Enum(Education, by_value=True, allow_none=True)
    years_experience = fields.Integer(allow_none=True)
    places = fields.Function(lambda p: [pref.municipality_code for pref in p.preferences],
                             metadata={"description": "Municipalities in the order of preference"})
    open_to_all_municipalities = fields.Boolean()
    status = fields.Enum(HouseholdStatus, by_value=True)
    destination_code = fields.String(allow_none=True)
    job_start_date = fields.Date(allow_none=True)
    arrival_date = fields.Date(allow_none=True)
    works_before_arrival = fields.Boolean(metadata={
        "description": "The newcomer said the first day at work comes before the arrival (remote work)"})
    permit_decision_date = fields.Date(allow_none=True)
    offer_salary = fields.Integer(allow_none=True, metadata={"description": "The job offer's monthly salary (SEK)"})
    completed_steps = fields.List(fields.String())
    confirmed_at = fields.DateTime(allow_none=True)


class AboutSchema(Schema):
    full_name = Text(required=True, min=1, max=200, blank=_l("Enter your name."))
    phone = Text(load_default=None, allow_none=True, max=PHONE_MAX_LENGTH, metadata={
        "description": "Read as a number in the country where the newcomer lives now (current_country, else "
                       "Sweden) unless it starts with + and a country code; kept and shown in E.164. A number "
                       "that cannot exist is refused", "example": "070-123 45 67"})
    citizenship = fields.Enum(Citizenship, by_value=True, required=True)
    current_country = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(COUNTRIES))
    current_city = Text(load_default=None, allow_none=True, max=120)
    birth_year = fields.Integer(load_default=None, allow_none=True,  # a year, as the profile form takes it
                                validate=validate.Range(min=1900, max=2100,
                                                        error=words(_l("Enter a year such as 2019."))))
    residence_basis = fields.Enum(ResidenceBasis, by_value=True, load_default=None, allow_none=True)
    gender = fields.Enum(Gender, by_value=True, load_default=None, allow_none=True, metadata={
        "description": "Optional; undisclosed: prefer not to say; null or left out: not given"})


class LanguagesSchema(Schema):
    languages = _levels(required=True)


class WorkSchema(Schema):
    occupation_codes = _occupation_codes(3)
    # At most MAX_SKILLS different skills is the use case's rule (the same skill twice counts once), as on the web;
    # the list itself is bounded as the web's text of skills is (2,000 characters: at most 1,000 of them).
    skills = fields.List(Text(min=1, max=80), load_default=list,
                         validate=validate.Length(max=1000, error=Words(lambda **bounds: services.ProfileError(
                             "too_many_skills", field="skills", max=MAX_SKILLS).message)),
                         metadata={"description": f"At most {MAX_SKILLS} different skills"})
    education = fields.Enum(Education, by_value=True, load_default=None, allow_none=True)
    years_experience = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=60))


class PlacesSchema(Schema):
    ranked_codes = fields.List(fields.String(validate=MUNICIPALITY_CODE), required=True,
                               validate=validate.Length(max=20),
                               metadata={"description": "Municipality codes, first choice first"})
    open_to_all = fields.Boolean(load_default=False)


class MoveSchema(Schema):
    status = fields.Enum(HouseholdStatus, by_value=True, required=True)
    destination_code = fields.String(load_default=None, allow_none=True, validate=MUNICIPALITY_CODE)
    job_start = fields.Date(load_default=None, allow_none=True, validate=within(JOB_START))
    arrival = fields.Date(load_default=None, allow_none=True, validate=within(ARRIVAL))
    works_before_arrival = fields.Boolean(load_default=False, metadata={
        "description": "The first day at work comes before the arrival (remote work, a start before the move): "
                       "without it, a job_start before the arrival is refused"})
    permit_decision = fields.Date(load_default=None, allow_none=True, validate=within(ARRIVAL), metadata={
        "description": "When the Migration Agency decided, or is expected to decide, on the permits: no arrival "
                       "before it"})
    offer_salary = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=1_000_000),
                                  metadata={"description": "The job offer's monthly salary before tax (SEK); the "
                                                           "plan warns when it is under the work-permit minimum"})


def _refuse(exc: services.ProfileError, field: str):
    refuse_because(exc, fields={"destination": "destination_code"}, field=field)


def _resolved(codes: list[str], field: str) -> list[str]:
    for code in codes:
        try:
            services.resolve_occupation(code)
        except services.ProfileError as exc:
            _refuse(exc, field)
    return codes


PROFILE_STEP = {"description": "The caller's profile, as saved"}


@blp.route("/newcomer/profile")
@role_required(Role.NEWCOMER)
@blp.response(200, ProfileSchema)
def profile():
    """The caller's profile: about them, languages, work, places and move."""
    return _profile()


def _save(step, **values):
    """One step of the profile through its use case; the caller's profile as saved."""
    found = _profile()
    commit_or_refuse(lambda: step(found, **values), (services.ProfileError,),
                     lambda exc: _refuse(exc, next(iter(values))))
    return found


@blp.route("/newcomer/profile/about", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(AboutSchema, unknown="raise")
@blp.response(200, ProfileSchema, **PROFILE_STEP)
def save_about(args):
    """Name, phone, citizenship (it decides the work permit) and where the newcomer lives now."""
    return _save(services.save_about, **args)


@blp.route("/newcomer/profile/languages", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(LanguagesSchema, unknown="raise")
@blp.response(200, ProfileSchema, **PROFILE_STEP)
def save_languages(args):
    """The newcomer's languages, exactly these."""
    return _save(services.save_languages, levels=_as_levels(args["languages"]))


@blp.route("/newcomer/profile/work", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(WorkSchema, unknown="raise")
@blp.response(200, ProfileSchema, **PROFILE_STEP)
def save_work(args):
    """Occupations (SSYK), skills, education and years of experience."""
    _resolved(args["occupation_codes"], "occupation_codes")
    return _save(services.save_work, occupation_codes=args["occupation_codes"], skills=args["skills"],
                 education=args["education"], years_experience=args["years_experience"])


@blp.route("/newcomer/profile/places", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(PlacesSchema, unknown="raise")
@blp.response(200, ProfileSchema, **PROFILE_STEP)
def save_places(args):
    """Where the household would live, first choice first."""
    return _save(services.save_places, **args)


@blp.route("/newcomer/profile/move", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(MoveSchema, unknown="raise")
@blp.response(200, ProfileSchema, **PROFILE_STEP)
def save_move(args):
    """Where the newcomer is in the move, the destination and the dates; reception's case follows."""
    return _save(households.plan_move, **args)


# --- the household ------------------------------------------------------------------------------------------

class MemberSchema(Schema):
    id = fields.Integer()
    relation = fields.Enum(Relation, by_value=True)
    first_name = fields.String()
    birth_year = fields.Integer(allow_none=True)
    gender = fields.Enum(Gender, by_value=True, allow_none=True)
    residence_basis = fields.Enum(ResidenceBasis, by_value=True, allow_none=True)
    home_language = fields.String(allow_none=True)
    moving = fields.Enum(Moving, by_value=True)
    follows_on = fields.Date(allow_none=True)
    seeking_work = fields.Boolean()
    email = fields.String(allow_none=True, metadata={"description": "A partner's own address: Landa asks them "
                                                                     "there whether employers may find them"})
    listed = fields.Function(lambda m: _listed(m), metadata={
        "description": "A partner looking for work: whether they decided (on the page Landa sent them) that "
                       "employers may find them: yes, no or undecided; none for others"})
    occupation_codes = fields.Function(lambda m: [o.occupation_code for o in m.occupations])
    languages = fields.Function(lambda m: [{"language": e.language, "level": e.level.value} for e in m.languages])


def _listed(member) -> str | None:
    if member.relation != Relation.PARTNER or not member.seeking_work:
        return None
    decision = listing_decision(member)
    return "undecided" if decision is None else ("yes" if decision.granted else "no")


class MemberInSchema(Schema):
    relation = fields.String(required=True, validate=validate.OneOf([Relation.PARTNER.value, Relation.CHILD.value]))
    first_name = Text(required=True, min=1, max=100, blank=_l("Enter a first name."))
    birth_year = fields.Integer(load_default=None, allow_none=True,  # a year as the household form takes it
                                validate=validate.Range(min=1900, max=2100,
                                                        error=words(_l("Enter a year such as 2019."))))
    residence_basis = fields.Enum(ResidenceBasis, by_value=True, load_default=None, allow_none=True)
    gender = fields.Enum(Gender, by_value=True, load_default=None, allow_none=True, metadata={
        "description": "Optional; undisclosed: prefer not to say; null or left out: not given"})
    home_language = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(LANGUAGES))
    moving = fields.Enum(Moving, by_value=True, load_default=Moving.NOW)
    follows_on = fields.Date(load_default=None, allow_none=True, validate=within(ARRIVAL))
    seeking_work = fields.Boolean(load_default=False)
    email = EmailAddress(allow_none=True, metadata={
        "description": "A partner's own address (kept for partners only; left out: unchanged); a new one "
                       "asks them again"})
    occupation_codes = _occupation_codes(3)
    languages = _levels()


@blp.route("/newcomer/household")
@role_required(Role.NEWCOMER)
@blp.response(200, MemberSchema(many=True))
def household():
    """Everyone in the household, the newcomer first."""
    return _profile().members


def _save_member(member_id: int | None, args: dict):
    found = _profile()
    member = None
    if member_id is not None:
        member = services.member_of(found, member_id)
        if member is None or member.relation == Relation.SELF:
            abort(404)
    levels = _as_levels(args["languages"])
    occupation_codes = _resolved(args["occupation_codes"], "occupation_codes")
    return commit_or_refuse(lambda: services.save_member(
        found, member, relation=Relation(args["relation"]), first_name=args["first_name"],
        birth_year=args["birth_year"], home_language=args["home_language"], moving=args["moving"],
        follows_on=args["follows_on"], seeking_work=args["seeking_work"], occupation_codes=occupation_codes,
        swedish_level=levels.pop("sv", None), english_level=levels.pop("en", None), other_languages=levels,
        email=args["email"] if "email" in args else (member.email if member is not None else None),
        residence_basis=args["residence_basis"], gender=args["gender"]),
        (services.ProfileError,), lambda exc: _refuse(exc, "relation"))


@blp.route("/newcomer/household/members", methods=["POST"])
@role_required(Role.NEWCOMER)
@blp.arguments(MemberInSchema, unknown="raise")
@blp.response(201, MemberSchema)
def add_member(args):
    """Add a partner or a child; the plan follows (preschool, school, partner's career support)."""
    return _save_member(None, args)


@blp.route("/newcomer/household/members/<int:member_id>", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(MemberInSchema, unknown="raise")
@blp.response(200, MemberSchema)
@blp.alt_response(404, description="Not a partner or child in the caller's household")
def update_member(args, member_id: int):
    """Change a partner or child."""
    return _save_member(member_id, args)


@blp.route("/newcomer/household/members/<int:member_id>/partner-link", methods=["POST"])
@role_required(Role.NEWCOMER)
@blp.response(202)
@blp.alt_response(404, description="Not the partner in the caller's household")
@blp.alt_response(422, description="No address for the partner, or the link was sent a moment ago")
def send_partner_link(member_id: int):
    """Send the partner the link to their own page again, where they decide whether employers may find
    them and answer employers (at most once in ten minutes)."""

    found = _profile()
    member = services.member_of(found, member_id)
    if member is None or member.relation != Relation.PARTNER:
        abort(404)
    commit_or_refuse(lambda: send_link(member), (services.ProfileError,), lambda exc: _refuse(exc, "email"))
    return ""


@blp.route("/newcomer/household/members/<int:member_id>", methods=["DELETE"])
@role_required(Role.NEWCOMER)
@blp.response(204)
@blp.alt_response(404, description="Not a partner or child in the caller's household")
def remove_member(member_id: int):
    """Take a partner or child off the household; the plan follows."""
    found = _profile()
    member = services.member_of(found, member_id)
    if member is None or member.relation == Relation.SELF:
        abort(404)
    services.remove_member(found, member)
    db.session.commit()


# --- consents -----------------------------------------------------------------------------------------------

class ConsentRecordSchema(Schema):
    kind = fields.Enum(ConsentKind, by_value=True)
    granted = fields.Boolean()
    text_version = fields.String()
    recorded_at = fields.DateTime()


class ConsentsSchema(Schema):
    matching = fields.Boolean(metadata={"description": "Employers may see the profile, without name, for matching"})
    officer_contact = fields.Boolean(metadata={"description": "Reception in the chosen municipality may contact"})
    follow_up = fields.Boolean(metadata={"description": "Follow-up messages after arrival"})


class ConsentStateSchema(ConsentsSchema):
    versions = fields.Dict(keys=fields.String(), values=fields.String(),
                           metadata={"description": "The version of each consent text in force"})
    history = fields.List(fields.Nested(ConsentRecordSchema), metadata={"description": "Every decision, newest first"})


class ConsentsInSchema(Schema):
    matching = fields.Boolean(required=True)
    officer_contact = fields.Boolean(required=True)
    follow_up = fields.Boolean(required=True)


def _consent_state(found) -> dict:
    current = services.current_consents(found)
    return {**{kind.value: bool(row and row.granted) for kind, row in current.items()},
            "versions": {kind.value: version for kind, version in services.CONSENT_VERSIONS.items()},
            "history": services.consent_history(found)}


@blp.route("/newcomer/consents")
@role_required(Role.NEWCOMER)
@blp.response(200, ConsentStateSchema)
def consents():
    """What the newcomer has agreed to now, and every decision before."""
    return _consent_state(_profile())


@blp.route("/newcomer/consents", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(ConsentsInSchema, unknown="raise")
@blp.response(200, ConsentStateSchema)
def decide_consents(args):
    """Give or withdraw each consent (the current texts); withdrawing contact closes open reception cases."""
    found = _profile()
    households.decide_consents(found, {ConsentKind(kind): granted for kind, granted in args.items()})
    db.session.commit()
    return _consent_state(found)


# --- job alerts ---------------------------------------------------------------------------------------------

class JobAlertsSchema(Schema):
    me = fields.Boolean(required=True, metadata={"description": "New needs that fit the newcomer, weekly"})
    partner = fields.Boolean(required=True, metadata={
        "description": "New needs that fit the partner (only while the partner looks for work)"})


def _alerts(found) -> dict:
    return {"me": found.job_alerts, "partner": bool(found.partner and found.partner.job_alerts)}


@blp.route("/newcomer/job-alerts")
@role_required(Role.NEWCOMER)
@blp.response(200, JobAlertsSchema)
def job_alerts():
    """Whether new needs that fit are e-mailed weekly, for the newcomer and the partner."""
    return _alerts(_profile())


@blp.route("/newcomer/job-alerts", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(JobAlertsSchema, unknown="raise")
@blp.response(200, JobAlertsSchema)
def set_job_alerts(args):
    """Turn the weekly e-mail of new needs that fit on or off (each e-mail also has a link that stops it)."""

    found = _profile()
    set_alerts(found, me=args["me"], partner=args["partner"])
    db.session.commit()
    return _alerts(found)


# --- work: matching needs, interest, contact requests, hires -----------------------------------------------

class NeedMatchSchema(Schema):
    need = fields.Nested(PublicNeedSchema)
    score = fields.Integer(metadata={"description": "0 to 100"})
    gaps = fields.List(fields.String(), metadata={"description": "Every requirement not met, in the reader's language"})
    reasons = fields.List(fields.String(), metadata={"description": "The gaps, then what fits"})


class MatchesSchema(Schema):
    newcomer = fields.List(fields.Nested(NeedMatchSchema))
    partner = fields.List(fields.Nested(NeedMatchSchema),
                          metadata={"description": "For a partner looking for work (dual career)"})


@blp.route("/newcomer/matches")
@role_required(Role.NEWCOMER)
@blp.response(200, MatchesSchema)
def matches():
    """The open needs that fit the newcomer best, and their partner's if they look for work."""

    found = _profile()
    partner = found.partner if found.partner and found.partner.seeking_work else None
    mine, *theirs = needs_for(found, [None, partner] if partner else [None])

    def shaped(pairs):
        return [{"need": need, "score": match.score, "gaps": gaps(match), "reasons": explain(match)}
                for need, match in pairs]

    return {"newcomer": shaped(mine), "partner": shaped(theirs[0]) if theirs else []}


class InterestSchema(Schema):
    need = fields.Nested(PublicNeedSchema)
    created_at = fields.DateTime()


@blp.route("/newcomer/interests")
@role_required(Role.NEWCOMER)
@blp.response(200, InterestSchema(many=True))
def interests():
    """The needs the newcomer has shown interest in (open ones)."""

    found = _profile()
    open_needs = {n.id: n for n in db.session.scalars(public_needs().join(Interest).where(
        Interest.member_id == found.me.id).options(selectinload(CompetenceNeed.organisation)))}
    rows = db.session.scalars(select(Interest).where(Interest.member_id == found.me.id,
                                                     Interest.need_id.in_(open_needs)).order_by(Interest.id))
    return [{"need": open_needs[row.need_id], "created_at": row.created_at} for row in rows]


@blp.route("/newcomer/interests/<int:need_id>", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.response(200, InterestSchema)
@blp.alt_response(404, description="No open need with this id")
def show_interest(need_id: int):
    """Show interest in an open need: its employer sees the profile without name."""

    found = _profile()
    interest = committed(lambda: candidates.show_interest(found, need_id), (EmployerError,))
    if isinstance(interest, Refusal):
        if interest.reason.code != "already_interested":
            abort(404)
        # A twin request inserted it a moment ago: the same answer as if this one had.
        interest = db.session.scalar(select(Interest).where(Interest.need_id == need_id,
                                                            Interest.member_id == found.me.id))
    return {"need": interest.need, "created_at": interest.created_at}


@blp.route("/newcomer/interests/<int:need_id>", methods=["DELETE"])
@role_required(Role.NEWCOMER)
@blp.response(204)
def withdraw_interest(need_id: int):
    """Withdraw interest (nothing happens if there was none)."""
    candidates.withdraw_interest(_profile(), need_id)
    db.session.commit()


class OwnContactRequestSchema(Schema):
    id = fields.Integer()
    need = fields.Nested(NeedSummarySchema)
    message = fields.String()
    status = fields.String()
    created_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)


class AnswerSchema(Schema):
    accept = fields.Boolean(required=True, metadata={"description": "true: the employer sees name and contact"})


@blp.route("/newcomer/contact-requests")
@role_required(Role.NEWCOMER)
@blp.response(200, OwnContactRequestSchema(many=True))
def contact_requests():
    """Employers asking to contact the newcomer, newest first."""
    return candidates.requests_for(_profile())


@blp.route("/newcomer/contact-requests/<int:request_id>", methods=["PUT"])
@role_required(Role.NEWCOMER)
@blp.arguments(AnswerSchema, unknown="raise")
@blp.response(200, OwnContactRequestSchema)
@blp.alt_response(404, description="Not a request to the caller")
@blp.alt_response(409, description="Already answered")
def answer_request(args, request_id: int):
    """Accept (the employer sees who you are) or decline (you stay anonymous)."""

    def refused(exc: EmployerError):
        if exc.code == "no_such_request":
            abort(404)
        refuse(409, ERRORS[exc.code])

    found = _profile()
    return commit_or_refuse(lambda: candidates.answer_request(found, request_id, args["accept"]), (EmployerError,),
                            refused)


class OwnHireSchema(Schema):
    id = fields.Integer()
    need = fields.Nested(NeedSummarySchema)
    start_date = fields.Date()
    partner = fields.Boolean(metadata={"description": "The partner's job (the household sees both)"})
    reception_case_id = fields.Integer(allow_none=True, metadata={
        "description": "The reception case in the job's municipality, when there is one"})


def _hires(found) -> list[dict]:
    cases = {c.municipality_code: c.id for c in db.session.scalars(
        select(Case).where(Case.profile_id == found.id, Case.status != CaseStatus.CLOSED))}
    return [{"id": h.id, "need": h.need, "start_date": h.start_date, "partner": h.member_id != found.me.id,
             "reception_case_id": cases.get(h.need.municipality_code)} for h in candidates.hires_for(found)]


@blp.route("/newcomer/hires")
@role_required(Role.NEWCOMER)
@blp.response(200, OwnHireSchema(many=True))
def hires():
    """Jobs the newcomer was hired for."""
    return _hires(_profile())


@blp.route("/newcomer/hires/<int:hire_id>/reception", methods=["POST"])
@role_required(Role.NEWCOMER)
@blp.response(200, OwnHireSchema(many=True))
@blp.alt_response(404, description="Not a hire of the caller")
def reception_for_hire(hire_id: int):
    """Let the reception of the job's municipality follow the move (consent to contact)."""

    found = _profile()
    commit_or_refuse(lambda: reception.accept_reception_for_hire(found, hire_id), (reception.CaseError,),
                     lambda exc: abort(404))
    return _hires(found)


class ReceptionRequestSchema(Schema):
    id = fields.Integer()
    municipality_code = fields.String()
    officer_name = fields.Function(lambda r: r.requested_by.full_name if r.requested_by else None, allow_none=True)
    requested_at = fields.DateTime()


class ReceptionAnswerSchema(Schema):
    accept = fields.Boolean(required=True, metadata={"description": "true: the reception there may follow the "
                                                                    "move (the case opens); false: it sees nothing"})


@blp.route("/newcomer/reception-requests")
@role_required(Role.NEWCOMER)
@blp.response(200, ReceptionRequestSchema(many=True))
def reception_requests():
    """Municipalities whose reception asks to follow the household's move (unanswered)."""

    return reception.pending_requests(_profile())


@blp.route("/newcomer/reception-requests/<int:reception_request_id>", methods=["POST"])
@role_required(Role.NEWCOMER)
@blp.arguments(ReceptionAnswerSchema, unknown="raise")
@blp.response(200, ReceptionRequestSchema(many=True))
@blp.alt_response(404, description="Not a request to the caller's household")
@blp.alt_response(409, description="Answered already")
def answer_reception_request(args, reception_request_id: int):
    """Answer a reception's request; the answer is the requests still open."""

    def refused(exc: reception.CaseError):
        if exc.code == "no_such_request":
            abort(404)
        refuse(409, _("You have answered this question already."))

    found = _profile()
    commit_or_refuse(lambda: reception.answer_request(found, reception_request_id, args["accept"]),
                     (reception.CaseError,), refused)
    return reception.pending_requests(found)


# --- reception: the household's cases and messages ---------------------------------------------------------

class MessageSchema(Schema):
    id = fields.Integer()
    from_household = fields.Boolean()
    author_name = fields.Function(lambda m: m.author.full_name if m.author else None, allow_none=True)
    body = fields.String()
    created_at = fields.DateTime()
    read_at = fields.DateTime(allow_none=True)


class OwnCaseSchema(Schema):
    id = fields.Integer()
    municipality_code = fields.String()
    status = fields.String()
    officer_name = fields.Function(lambda c: c.assigned_officer.full_name if c.assigned_officer else None,
                                   allow_none=True)
    expected_arrival = fields.Date(allow_none=True)
    messages = fields.List(fields.Nested(MessageSchema))


class ReplySchema(Schema):
    body = Text(required=True, min=1, max=5000, multiline=True, blank=_l("Write a message first."))


def _cases(found):
    return db.session.scalars(
        select(Case).where(Case.profile_id == found.id)
        .options(selectinload(Case.assigned_officer), selectinload(Case.messages).selectinload(CaseMessage.author))
        .order_by(Case.opened_at.desc())).all()


@blp.route("/newcomer/cases")
@role_required(Role.NEWCOMER)
@blp.response(200, OwnCaseSchema(many=True))
def own_cases():
    """The household's reception cases with their messages. Reading changes nothing: mark reception's
    messages read with ``POST /newcomer/cases/{case_id}/messages/read``."""
    return _cases(_profile())


class MarkedReadSchema(Schema):
    marked = fields.Integer(metadata={"description": "How many of the other side's messages were unread until now"})


@blp.route("/newcomer/cases/<int:case_id>/messages/read", methods=["POST"])
@role_required(Role.NEWCOMER)
@blp.response(200, MarkedReadSchema)
@blp.alt_response(404, description="Not a case of the caller's household")
def mark_read(case_id: int):
    """The household has read reception's messages in this case (a read-only token may not say so)."""

    case = next((c for c in _cases(_profile()) if c.id == case_id), None)
    if case is None:
        abort(404)
    marked = reception.mark_read(case, from_household=False)
    db.session.commit()
    return {"marked": marked}


@blp.route("/newcomer/cases/<int:case_id>/messages", methods=["POST"])
@role_required(Role.NEWCOMER)
@blp.arguments(ReplySchema, unknown="raise")
@blp.response(201, MessageSchema)
@blp.alt_response(404, description="Not a case of the caller's household")
@blp.alt_response(409, description="The case is closed")
def reply(args, case_id: int):
    """Write to reception in a case; the officer sees it on the case page."""

    found = _profile()
    case = db.session.get(Case, case_id)
    if case is None or case.profile_id != found.id:
        abort(404)
    return commit_or_refuse(
        lambda: reception.reply(case, current_user, args["body"]), (reception.CaseError,),
        lambda exc: refuse(409, _("This case is closed. Write to the municipality's reception by e-mail instead.")))


# --- the right of access: everything Landa holds about the household (GDPR art. 15) ------------------------

class ExportSchema(Schema):
    """The same document as the web's "Download my data" (``app.privacy.export.export``)."""

    format = fields.String(metadata={"example": "landa-export-1"})
    generated_at = fields.String(metadata={"description": "ISO 8601, UTC"})
    account = fields.Dict()
    profile = fields.Dict()
    household = fields.List(fields.Dict())
    skills = fields.List(fields.String())
    municipality_preferences = fields.List(fields.Dict())
    consents = fields.List(fields.Dict(), metadata={"description": "Every decision, with the text version shown"})
    plan = fields.List(fields.Dict())
    plan_calendar = fields.List(fields.Dict(), metadata={"description": "The plan's private calendar address, if made"})
    matching_card = fields.Dict(allow_none=True)
    interests = fields.List(fields.Dict())
    contact_requests = fields.List(fields.Dict())
    hires = fields.List(fields.Dict())
    reception_cases = fields.List(fields.Dict(), metadata={"description": "With messages, referrals, follow-ups, "
                                                                          "internal notes and tasks"})
    reception_requests = fields.List(fields.Dict(), metadata={"description": "Receptions that asked to follow the "
                                                                             "move, and the answers"})
    api_tokens = fields.List(fields.Dict())
    emails = fields.List(fields.Dict())
    notices = fields.List(fields.Dict())
    leads = fields.List(fields.Dict(), metadata={"description": "What the household told us before it registered "
                                                                "(\"Thinking of moving here?\")"})
    signup_campaign = fields.Dict(allow_none=True, metadata={"description": "The campaign the account came through"})
    event_registrations = fields.List(fields.Dict(), metadata={"description": "Registrations for events, with the "
                                                                             "consent text agreed to"})
    audit = fields.List(fields.Dict(), metadata={"description": "Who saw or changed the household's data, when"})


@blp.route("/newcomer/export")
@role_required(Role.NEWCOMER)
@blp.response(200, ExportSchema)
@blp.alt_response(403, description="Not a newcomer")
def export():
    """Everything Landa holds about the caller and their household, as one document (the right of access).

    Dates and times are ISO 8601 strings (times in UTC). The export itself is recorded in the audit trail.
    """

    found = _profile()
    data = data_export.export(found)
    data_export.record_export(current_user, found, via="api")
    db.session.commit()
    return data
