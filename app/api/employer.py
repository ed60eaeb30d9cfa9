"""The employer's work through the API: organisations, competence needs, candidates, contact
requests and hires; and the officers' review of organisations.

The use cases and the object-level rules are the web's (``app.employers.services`` and
``app.employers.candidates``): a member reaches only their own organisations' needs, an
unapproved organisation deals with no candidates, and a candidate's name shows only after they
accepted contact.
"""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.api.board import PublicNeedSchema
from app.api.common import (
    KEY,
    MUNICIPALITY_CODE,
    EmailAddress,
    PageArgsSchema,
    Text,
    Words,
    commit_or_refuse,
    page_of,
    page_schema,
    refuse_because,
    sort_field,
    sorted_by,
    within,
)
from app.auth.access import role_required
from app.auth.models import Role
from app.employers import candidates as candidate_services
from app.employers import services
from app.employers.errors import HIRE_START, NEED_DATES
from app.employers.models import (
    RELOCATION_SUPPORT,
    ApprovalStatus,
    CompetenceNeed,
    EmploymentType,
    NeedStatus,
    Organisation,
    OrganisationKind,
    OrganisationMember,
)
from app.extensions import db
from app.flows import hires
from app.i18n import current_locale
from app.matching.services import scores_for, talents_for
from app.matching.texts import explain, gaps
from app.talent.models import LanguageLevel
from app.validators import MUNICIPALITY_CODE as CODE
from app.validators import line_breaks

blp = Blueprint("api_employer", __name__, description="The employer's organisations, needs and candidates")
review_blp = Blueprint("api_review", __name__, description="Officers review the organisations that register")

CEFR = [level.value for level in LanguageLevel if level.value != "native"]
REFUSAL_STATUS = {"not_approved": 403, "no_such_candidate": 404, "no_longer_listed": 404, "partner_unreachable": 409}
MATCHES_MAX = 50  # the longest matching list the API gives; a reference must be on it


PROPERTIES = {"municipalities": "municipality_codes", "networks": "network_keys", "represents": "represents_key",
              "occupation": "occupation_code", "municipality": "municipality_code"}  # the forms' field -> property


def _refuse(exc: services.EmployerError):
    refuse_because(exc, REFUSAL_STATUS, PROPERTIES)


# --- schemas ---------------------------------------------------------------------------------------------

class OrganisationSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    org_number = fields.String(metadata={"example": "556677-8899"})
    kind = fields.Enum(OrganisationKind, by_value=True)
    status = fields.Enum(ApprovalStatus, by_value=True)
    municipality_code = fields.String(metadata={"description": "Where it is based: its reception officers review it"})
    municipality_codes = fields.Function(lambda o: [m.code for m in o.municipalities],
                                         metadata={"description": "Everywhere it recruits, where it is based first"})
    network_keys = fields.Function(lambda o: [n.key for n in o.networks])
    represents_key = fields.String(allow_none=True)
    contact_name = fields.String()
    contact_email = fields.String()
    contact_phone = fields.String()
    created_at = fields.DateTime()


class OrganisationInSchema(Schema):
    name = Text(required=True, min=1, max=200, blank=_l("Enter the organisation's name."))
    org_number = Text(required=True, min=1, max=20, blank=_l("Enter the organisation number."),
                      metadata={"description": "Ten digits, NNNNNN-NNNN"})
    kind = fields.Enum(OrganisationKind, by_value=True, load_default=OrganisationKind.EMPLOYER)
    # An empty one is the use case's refusal, in the page's words (choose where it is based).
    municipality_code = fields.String(required=True, validate=validate.Regexp(
        f"^(?:{CODE.pattern})?$"), metadata={
        "description": "Where the organisation is based: the reception officers of this municipality review it",
        "example": "2284"})
    municipality_codes = fields.List(fields.String(validate=MUNICIPALITY_CODE), load_default=list,
                                     validate=validate.Length(max=20),
                                     metadata={"description": "Other municipalities where it recruits (where it is "
                                                              "based counts already)"})
    network_keys = fields.List(fields.String(validate=KEY), load_default=list,
                               validate=validate.Length(max=20))
    represents_key = fields.String(load_default=None, allow_none=True, validate=KEY)
    contact_name = Text(required=True, min=1, max=200, blank=_l("Enter a contact person."))
    contact_email = EmailAddress(required=True)
    contact_phone = Text(load_default="", max=40)


class NeedSchema(PublicNeedSchema):
    organisation_id = fields.Integer()
    status = fields.Enum(NeedStatus, by_value=True)
    on_behalf_of = fields.Function(lambda n: [o.id for o in n.on_behalf_of],
                                   metadata={"description": "Member employers a network's need is for"})
    closed_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    permit_salary_minimum = fields.Function(
        services.permit_salary_warning, allow_none=True,
        metadata={"description": "Set when the salary is below the work-permit minimum (SEK a month)"})


def skills() -> fields.List:
    # At most MAX_SKILLS skills of MAX_SKILL_LENGTH characters is the use case's rule, refused as on the web; the
    # list itself is bounded as the web's text of skills is (1,000 characters: at most 500 of them), and past
    # that says the same.
    return fields.List(Text(min=1, max=1000), load_default=list,
                       validate=validate.Length(max=500, error=Words(lambda **bounds: services.EmployerError(
                           "too_many_skills", max=services.MAX_SKILLS).message)),
                       metadata={"description": f"At most {services.MAX_SKILLS} skills"})


class NeedInSchema(Schema):
    title = Text(required=True, min=1, max=200, blank=_l("Enter a title."))
    title_en = Text(load_default=None, allow_none=True, max=200,
                    metadata={"description": "Optional English title, shown to English readers"})
    occupation_code = fields.String(required=True, validate=validate.Regexp(r"^\d{4}$"),
                                    metadata={"example": "7233"})
    municipality_code = fields.String(required=True, validate=MUNICIPALITY_CODE)
    positions = fields.Integer(required=True, validate=validate.Range(min=1, max=10_000))
    employment_type = fields.Enum(EmploymentType, by_value=True, load_default=EmploymentType.PERMANENT)
    required_skills = skills()
    nice_skills = skills()
    min_swedish = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(CEFR))
    min_english = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(CEFR))
    start_date = fields.Date(load_default=None, allow_none=True, validate=within(NEED_DATES))
    expires_on = fields.Date(load_default=None, allow_none=True, validate=within(NEED_DATES))
    salary_min = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=1_000_000))
    salary_max = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0, max=1_000_000))
    relocation_support = fields.List(fields.String(validate=validate.OneOf(list(RELOCATION_SUPPORT))),
                                     load_default=list, validate=validate.Length(max=len(RELOCATION_SUPPORT)))
    description = Text(load_default="", max=5000, multiline=True)
    description_en = Text(load_default=None, allow_none=True, max=5000, multiline=True)
    on_behalf_of = fields.List(fields.Integer(validate=validate.Range(min=1, max=2**31 - 1)), load_default=list,
                               validate=validate.Length(max=100))


class NeedStatusSchema(Schema):
    status = fields.Enum(NeedStatus, by_value=True, required=True)


NEED_SORTS = {"created_at": CompetenceNeed.created_at, "title": CompetenceNeed.title,
              "start_date": CompetenceNeed.start_date, "expires_on": CompetenceNeed.expires_on}


class NeedListArgsSchema(PageArgsSchema):
    status = fields.Enum(NeedStatus, by_value=True, load_default=None)
    sort = sort_field(NEED_SORTS, "-created_at")


class LanguageSchema(Schema):
    language = fields.String(metadata={"description": "ISO 639-1"})
    level = fields.String(metadata={"description": "CEFR level or native"})


class CandidateSchema(Schema):
    id = fields.Integer(allow_none=True, metadata={
        "description": "The candidate's id for this need (its interest); none when only contacted"})
    revealed = fields.Boolean(metadata={"description": "They accepted contact: name and contact details show"})
    name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    occupation_codes = fields.List(fields.String())
    years_experience = fields.Integer(allow_none=True)
    languages = fields.List(fields.Nested(LanguageSchema))
    household_size = fields.Integer(allow_none=True, metadata={"description": "People moving"})
    comes_from = fields.String(allow_none=True, metadata={"description": "A continent, in the reader's language"})
    contact_status = fields.String(allow_none=True)
    hired_from = fields.Date(allow_none=True)
    partner = fields.Boolean(metadata={"description": "The partner of a household moving here (a candidate of "
                                                      "their own, deciding for themselves)"})
    score = fields.Integer(allow_none=True, metadata={
        "description": "0 to 100, as in the matching list (0: unrelated occupation); none for someone only asked "
                       "from the matching list, until they accept"})
    gaps = fields.List(fields.String(), metadata={"description": "Every requirement not met, in the reader's language"})
    reasons = fields.List(fields.String(), metadata={"description": "The gaps, then what fits"})


def _candidate(c: candidate_services.Candidate, match) -> dict:
    me = c.person if c.shared else None  # asked from the matching list: nothing until they accept
    return {
        "score": match.score if c.shared else None, "gaps": gaps(match) if c.shared else [],
        "reasons": explain(match) if c.shared else [],
        "id": c.interest.id if c.interest else None, "revealed": c.revealed,
        "partner": c.is_partner if c.shared else False,
        "name": c.name if c.revealed else None,
        "email": c.email if c.revealed else None,
        "phone": (c.phone or None) if c.revealed else None,
        "occupation_codes": [o.occupation_code for o in me.occupations] if me else [],
        "years_experience": c.profile.years_experience if c.shared and not c.is_partner else None,
        "languages": [{"language": x.language, "level": x.level} for x in me.languages] if me else [],
        "household_size": c.household_size if c.shared else None,
        "comes_from": candidate_services.region_of(c.profile.current_country, current_locale()) if c.shared else None,
        "contact_status": c.contact.status.value if c.contact else None,
        "hired_from": c.hire.start_date if c.hire else None,
    }


class MatchSchema(Schema):
    score = fields.Integer(metadata={"description": "0 to 100"})
    gaps = fields.List(fields.String(), metadata={"description": "Every requirement not met, in the reader's language"})
    reasons = fields.List(fields.String(), metadata={"description": "The gaps, then what fits"})
    comes_from = fields.String()
    partner = fields.Boolean(metadata={"description": "The partner of a household moving here"})
    reference = fields.String(metadata={"description": "Names this person for this need only: ask them for contact "
                                                       "with it (POST .../matches/{reference}/contact-request)"})


class Message(Text):
    """A contact request's message, its line breaks counted once (CRLF as LF), as the web's form counts them."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(line_breaks(value), attr, data, **kwargs)


class ContactRequestInSchema(Schema):
    message = Message(load_default="", max=2000, multiline=True)


class ContactRequestSchema(Schema):
    id = fields.Integer()
    need_id = fields.Integer()
    status = fields.String()
    message = fields.String()
    created_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)


class HireInSchema(Schema):
    start_date = fields.Date(required=True, validate=within(HIRE_START))


class HireSchema(Schema):
    id = fields.Integer()
    need_id = fields.Integer()
    start_date = fields.Date()
    created_at = fields.DateTime()


# --- lookups: the web's rules ------------------------------------------------------------------------------

def _organisation(organisation_id: int) -> Organisation:
    organisation = services.member_organisation(current_user, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _need(need_id: int, approved: bool = False) -> CompetenceNeed:
    need = services.member_need(current_user, need_id)
    if need is None:
        abort(404)
    if approved and need.organisation.status != ApprovalStatus.APPROVED:
        _refuse(services.EmployerError("not_approved"))
    return need


# --- organisations -------------------------------------------------------------------------------------------

@blp.route("/organisations")
@role_required(Role.EMPLOYER)
@blp.response(200, OrganisationSchema(many=True))
def organisations():
    """The organisations the caller is a member of."""
    return db.session.scalars(
        select(Organisation).join(OrganisationMember).where(OrganisationMember.user_id == current_user.id)
        .options(selectinload(Organisation.municipalities), selectinload(Organisation.networks))
        .order_by(Organisation.name)).all()


@blp.route("/organisations", methods=["POST"])
@role_required(Role.EMPLOYER)
@blp.arguments(OrganisationInSchema, unknown="raise")
@blp.response(201, OrganisationSchema)
@blp.alt_response(422, description="A field is wrong, or the organisation number is taken")
def register_organisation(args):
    """Register an organisation; it waits for an officer's approval, its needs stay drafts until then."""
    return commit_or_refuse(lambda: services.register_organisation(current_user, **args),
                            (services.EmployerError,), _refuse)


@blp.route("/organisations/<int:organisation_id>")
@role_required(Role.EMPLOYER)
@blp.response(200, OrganisationSchema)
@blp.alt_response(404, description="Not one of the caller's organisations")
def organisation(organisation_id: int):
    """One of the caller's organisations."""
    return _organisation(organisation_id)


# --- needs ----------------------------------------------------------------------------------------------------

@blp.route("/organisations/<int:organisation_id>/needs")
@role_required(Role.EMPLOYER)
@blp.arguments(NeedListArgsSchema, location="query", unknown="raise")
@blp.response(200, page_schema(NeedSchema, "NeedPage"))
@blp.alt_response(404, description="Not one of the caller's organisations")
def needs(args, organisation_id: int):
    """The organisation's competence needs, drafts included."""
    stmt = select(CompetenceNeed).where(CompetenceNeed.organisation_id == _organisation(organisation_id).id)
    if args["status"]:
        stmt = stmt.where(CompetenceNeed.status == args["status"])
    stmt = sorted_by(stmt, args["sort"], NEED_SORTS, CompetenceNeed.id).options(
        selectinload(CompetenceNeed.on_behalf_of), selectinload(CompetenceNeed.occupation))
    return page_of(stmt, args)


@blp.route("/organisations/<int:organisation_id>/needs", methods=["POST"])
@role_required(Role.EMPLOYER)
@blp.arguments(NeedInSchema, unknown="raise")
@blp.response(201, NeedSchema)
@blp.alt_response(404, description="Not one of the caller's organisations")
def create_need(args, organisation_id: int):
    """Post a competence need; it starts as a draft (publish it with its status)."""
    organisation = _organisation(organisation_id)
    return commit_or_refuse(lambda: services.save_need(organisation, None, **args), (services.EmployerError,),
                            _refuse)


@blp.route("/needs/<int:need_id>")
@role_required(Role.EMPLOYER)
@blp.response(200, NeedSchema)
@blp.alt_response(404, description="Not a need of the caller's organisations")
def need(need_id: int):
    """One of the caller's organisations' needs."""
    return _need(need_id)


@blp.route("/needs/<int:need_id>", methods=["PUT"])
@role_required(Role.EMPLOYER)
@blp.arguments(NeedInSchema, unknown="raise")
@blp.response(200, NeedSchema)
@blp.alt_response(404, description="Not a need of the caller's organisations")
def update_need(args, need_id: int):
    """Replace a need's details (its status changes on its own)."""
    existing = _need(need_id)
    return commit_or_refuse(lambda: services.save_need(existing.organisation, existing, **args),
                            (services.EmployerError,), _refuse)


@blp.route("/needs/<int:need_id>/status", methods=["PUT"])
@role_required(Role.EMPLOYER)
@blp.arguments(NeedStatusSchema, unknown="raise")
@blp.response(200, NeedSchema)
@blp.alt_response(404, description="Not a need of the caller's organisations")
def set_need_status(args, need_id: int):
    """Publish (open), fill, close or return a need to draft, along the allowed transitions."""
    need = _need(need_id)
    commit_or_refuse(lambda: services.set_need_status(need, args["status"]), (services.EmployerError,), _refuse)
    return need


# --- candidates -----------------------------------------------------------------------------------------------

@blp.route("/needs/<int:need_id>/candidates")
@role_required(Role.EMPLOYER)
@blp.response(200, CandidateSchema(many=True))
@blp.alt_response(403, description="The organisation is not approved yet")
@blp.alt_response(404, description="Not a need of the caller's organisations")
def candidates(need_id: int):
    """Newcomers interested in the need or contacted about it; names only for those who accepted."""
    need = _need(need_id, approved=True)
    found = candidate_services.candidates(need)
    scores = scores_for(need, [c.person.id for c in found])
    people = [_candidate(c, scores[c.person.id]) for c in found]
    candidate_services.record_reveals(found, current_user)
    candidate_services.mark_seen(need, current_user)  # what the start page calls new is new since this look too
    db.session.commit()  # each revealed name shown is recorded
    return people


@blp.route("/needs/<int:need_id>/matches")
@role_required(Role.EMPLOYER)
@blp.arguments(Schema.from_dict({"limit": fields.Integer(load_default=10,
                                                         validate=validate.Range(min=1, max=MATCHES_MAX))},
                                name="MatchArgs"), location="query", unknown="raise")
@blp.response(200, MatchSchema(many=True))
@blp.alt_response(403, description="The organisation is not approved yet")
@blp.alt_response(404, description="Not a need of the caller's organisations")
def matches(args, need_id: int):
    """Newcomers and partners who share their profile for matching, best fit first, without name or contact
    details."""
    need = _need(need_id, approved=True)
    return [{"score": person.match.score, "gaps": gaps(person.match), "reasons": explain(person.match),
             "comes_from": candidate_services.region_of(person.current_country, current_locale()),
             "partner": person.partner,
             "reference": candidate_services.match_reference(need.id, person.member_id)}
            for person in talents_for(need, limit=args["limit"])]


@blp.route("/needs/<int:need_id>/matches/<reference>/contact-request", methods=["POST"])
@role_required(Role.EMPLOYER)
@blp.arguments(ContactRequestInSchema, unknown="raise")
@blp.response(201, ContactRequestSchema)
@blp.alt_response(403, description="The organisation is not approved yet")
@blp.alt_response(404, description="Not a need of the caller's organisations, or no longer on its matching list")
def request_match_contact(args, need_id: int, reference: str):
    """Ask a matching newcomer (from GET .../matches) whether they may be contacted; they stay anonymous
    until they accept, and accepting counts as interest in the need."""
    need = _need(need_id, approved=True)
    listed = [person.member_id for person in talents_for(need, limit=MATCHES_MAX)]
    return commit_or_refuse(lambda: candidate_services.request_contact_from_match(need, reference, listed,
                                                                                   current_user, args["message"]),
                            (services.EmployerError,), _refuse)


@blp.route("/needs/<int:need_id>/candidates/<int:candidate_id>/contact-request", methods=["POST"])
@role_required(Role.EMPLOYER)
@blp.arguments(ContactRequestInSchema, unknown="raise")
@blp.response(201, ContactRequestSchema)
@blp.alt_response(403, description="The organisation is not approved yet")
@blp.alt_response(404, description="Not a candidate of the caller's needs")
def request_contact(args, need_id: int, candidate_id: int):
    """Ask an interested newcomer whether they may be contacted; they are e-mailed and decide."""
    need = _need(need_id, approved=True)
    return commit_or_refuse(lambda: candidate_services.request_contact(need, candidate_id, current_user,
                                                                        args["message"]),
                            (services.EmployerError,), _refuse)


@blp.route("/needs/<int:need_id>/candidates/<int:candidate_id>/hire", methods=["POST"])
@role_required(Role.EMPLOYER)
@blp.arguments(HireInSchema, unknown="raise")
@blp.response(201, HireSchema)
@blp.alt_response(403, description="The organisation is not approved yet")
@blp.alt_response(404, description="Not a candidate of the caller's needs")
def hire(args, need_id: int, candidate_id: int):
    """Record that a candidate who accepted contact is hired; their plan follows the start date."""
    need = _need(need_id, approved=True)
    return commit_or_refuse(lambda: hires.record_hire(need, candidate_id, current_user, args["start_date"]),
                            (services.EmployerError,), _refuse)


# --- review by officers, coordinators and admins ------------------------------------------------------------

class ReviewArgsSchema(PageArgsSchema):
    status = fields.Enum(ApprovalStatus, by_value=True, load_default=None)


class DecisionSchema(Schema):
    decision = fields.String(required=True, validate=validate.OneOf([ApprovalStatus.APPROVED.value,
                                                                     ApprovalStatus.REJECTED.value]))
    note = Text(load_default="", max=2000, multiline=True)


STAFF = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN)


@review_blp.route("/reviews")
@role_required(*STAFF)
@review_blp.arguments(ReviewArgsSchema, location="query", unknown="raise")
@review_blp.response(200, page_schema(OrganisationSchema, "OrganisationPage"))
def reviews(args):
    """Organisations the caller may review (an officer: those based in their municipality), pending first."""
    stmt = services.organisations_to_review(current_user).order_by(Organisation.id)
    if args["status"]:
        stmt = stmt.where(Organisation.status == args["status"])
    return page_of(stmt.options(selectinload(Organisation.municipalities), selectinload(Organisation.networks)),
                   args)


@review_blp.route("/reviews/<int:organisation_id>", methods=["POST"])
@role_required(*STAFF)
@review_blp.arguments(DecisionSchema, unknown="raise")
@review_blp.response(200, OrganisationSchema)
@review_blp.alt_response(404, description="Not an organisation the caller may review")
def decide(args, organisation_id: int):
    """Approve or reject an organisation; a rejected one's open needs return to drafts."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not services.can_review(current_user, organisation):
        abort(404)
    services.decide(organisation, current_user, ApprovalStatus(args["decision"]), args["note"])
    db.session.commit()
    return organisation
