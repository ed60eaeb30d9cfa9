"""Employer use cases: organisations, their approval and their competence needs.

They validate, change and flush; the view commits once.
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

from app.auth.models import Role, User
from app.catalogue.models import IndustryNetwork, Municipality, Occupation
from app.catalogue.services import salary_threshold
from app.employers.errors import EmployerError
from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    NeedStatus,
    Organisation,
    OrganisationDecision,
    OrganisationKind,
    OrganisationMember,
)
from app.extensions import db
from app.i18n import current_locale
from app.models import today as local_today
from app.models import utcnow
from app.validators import MUNICIPALITY_CODE, PHONE_REGION, REFERENCE_KEY, PhoneNumberError, e164

MAX_SKILLS = 30  # in each of a need's lists of skills (required, nice to have), on the web and in the API
MAX_SKILL_LENGTH = 80  # characters in one skill, as the skill vocabulary's column holds

# Which status a need may move to from each status.
TRANSITIONS = {
    NeedStatus.DRAFT: {NeedStatus.OPEN, NeedStatus.CLOSED},
    NeedStatus.OPEN: {NeedStatus.FILLED, NeedStatus.CLOSED, NeedStatus.DRAFT},
    NeedStatus.FILLED: {NeedStatus.OPEN},
    NeedStatus.CLOSED: {NeedStatus.DRAFT},
}
# The order a need's next statuses are offered in, the likeliest first; closing (which asks to confirm) last.
LIKELIHOOD = (NeedStatus.OPEN, NeedStatus.FILLED, NeedStatus.DRAFT, NeedStatus.CLOSED)


def next_statuses(need: CompetenceNeed) -> list[NeedStatus]:
    """Where ``need`` may go from its status, the likeliest first (publishing waits for the organisation's
    approval: ``set_need_status`` refuses it until then)."""
    approved = need.organisation.status == ApprovalStatus.APPROVED
    return [status for status in LIKELIHOOD if status in TRANSITIONS[need.status]
            and (approved or status != NeedStatus.OPEN)]


# --- organisations ------------------------------------------------------------------------------------

def organisations_of(user: User) -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).join(OrganisationMember).where(OrganisationMember.user_id == user.id)
        .order_by(Organisation.name)
    ))


def member_organisation(user: User, organisation_id: int) -> Organisation | None:
    """The organisation if ``user`` is one of its members, else None (never someone else's)."""
    return db.session.scalar(
        select(Organisation).join(OrganisationMember)
        .where(Organisation.id == organisation_id, OrganisationMember.user_id == user.id)
    )


def member_need(user: User, need_id: int) -> CompetenceNeed | None:
    """The need if ``user`` is a member of the organisation that posted it, else None."""
    need = db.session.get(CompetenceNeed, need_id)
    if need is None or member_organisation(user, need.organisation_id) is None:
        return None
    return need


def normalise_org_number(raw: str) -> str:
    """The number as NNNNNN-NNNN, or the refusal that says what is wrong with it: the length, the check digit
    (a mistyped digit), or anything else."""
    try:
        return orgnr.format(orgnr.validate(raw))
    except InvalidLength:
        raise EmployerError("org_number_length", "org_number") from None
    except InvalidChecksum:
        raise EmployerError("org_number_check_digit", "org_number") from None
    except StdnumError:
        raise EmployerError("bad_org_number", "org_number") from None


def organisation_phone(text: str | None) -> str:
    """An organisation's contact phone as it is kept (E.164; "" when none is given): a number without its
    country code is read as a Swedish one."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    try:
        return e164(text, PHONE_REGION)
    except PhoneNumberError as exc:
        if not exc.readable:
            raise EmployerError("phone_unreadable", "contact_phone") from None
        raise EmployerError("phone_impossible", "contact_phone",
                            country=Locale.parse(current_locale()).territories.get(exc.region, exc.region)) from None


def register_organisation(user: User, *, name: str, org_number: str, kind: OrganisationKind,
                          municipality_code: str, municipality_codes: list[str], network_keys: list[str],
                          contact_name: str, contact_email: str, contact_phone: str,
                          represents_key: str | None = None) -> Organisation:
    """Register an organisation based in ``municipality_code`` (whose reception officers review it), recruiting
    there and in ``municipality_codes``."""
    number = normalise_org_number(org_number)
    if db.session.scalar(select(Organisation.id).where(Organisation.org_number == number)):
        raise EmployerError("org_number_taken", "org_number")
    if not municipality_code:
        raise EmployerError("no_base", "municipality")
    if not MUNICIPALITY_CODE.fullmatch(municipality_code):
        raise EmployerError("unknown_municipality", "municipality")
    if not all(MUNICIPALITY_CODE.fullmatch(code) for code in municipality_codes):
        raise EmployerError("unknown_municipality", "municipalities")
    if not all(REFERENCE_KEY.fullmatch(key) for key in network_keys):
        raise EmployerError("unknown_network", "networks")
    codes = list(dict.fromkeys([municipality_code, *municipality_codes]))  # where it is based, then the others
    found = {m.code: m for m in db.session.scalars(select(Municipality).where(Municipality.code.in_(codes)))}
    if municipality_code not in found:
        raise EmployerError("unknown_municipality", "municipality")
    if len(found) != len(codes):
        raise EmployerError("unknown_municipality", "municipalities")
    networks = list(db.session.scalars(select(IndustryNetwork).where(IndustryNetwork.key.in_(network_keys))))
    if len(networks) != len(set(network_keys)):
        raise EmployerError("unknown_network", "networks")
    organisation = Organisation(
        name=name, org_number=number, kind=kind, status=ApprovalStatus.PENDING,
        municipality_code=municipality_code, contact_name=contact_name, contact_email=contact_email,
        contact_phone=organisation_phone(contact_phone),
    )
    if kind == OrganisationKind.NETWORK:
        if not represents_key or db.session.get(IndustryNetwork, represents_key) is None:
            raise EmployerError("network_needs_reference", "represents")
        organisation.represents_key = represents_key
    organisation.municipalities = [found[code] for code in codes]
    organisation.networks = networks
    organisation.members.append(OrganisationMember(user=user, is_owner=True))
    try:
        with db.session.begin_nested():
            db.session.add(organisation)
    except IntegrityError:  # the same number registered at the same moment
        raise EmployerError("org_number_taken", "org_number") from None
    return organisation


def can_review(user: User, organisation: Organisation) -> bool:
    """Officers review the organisations based in their municipality (the one it chose when it registered);
    coordinators and admins all."""
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    return user.role == Role.OFFICER and organisation.municipality_code == user.municipality_code


def _reviewed_by(stmt: Select, user: User) -> Select:
    if user.role == Role.OFFICER:  # the same rule as can_review: based in the officer's municipality
        stmt = stmt.where(Organisation.municipality_code == user.municipality_code)
    return stmt


def organisations_to_review(user: User) -> Select:
    """The organisations ``user`` may review, those waiting for a decision first, oldest first."""
    return _reviewed_by(select(Organisation), user).order_by(Organisation.status != ApprovalStatus.PENDING,
                                                             Organisation.created_at)


def waiting_for_decision(user: User) -> Select:
    """The organisations waiting for ``user``'s decision, in the order they registered."""
    return _reviewed_by(select(Organisation), user).where(Organisation.status == ApprovalStatus.PENDING).order_by(
        Organisation.created_at, Organisation.id)


def decided(user: User) -> Select:
    """The organisations already approved or rejected that ``user`` may review, the latest decision first."""
    latest = (select(func.max(OrganisationDecision.decided_at))
              .where(OrganisationDecision.organisation_id == Organisation.id).scalar_subquery())
    return _reviewed_by(select(Organisation), user).where(Organisation.status != ApprovalStatus.PENDING).order_by(
        latest.desc(), Organisation.id.desc())


def review_counts(user: User) -> tuple[int, int]:
    """How many organisations wait for ``user``'s decision, and how many are decided."""
    counts = dict(db.session.execute(_reviewed_by(select(Organisation.status, func.count(Organisation.id)), user)
                                     .group_by(Organisation.status)).all())
    pending = counts.pop(ApprovalStatus.PENDING, 0)
    return pending, sum(counts.values())


def decide(organisation: Organisation, actor: User, decision: ApprovalStatus, note: str = "") -> None:
    if decision not in (ApprovalStatus.APPROVED, ApprovalStatus.REJECTED):
        raise EmployerError("bad_decision")
    if not can_review(actor, organisation):
        raise EmployerError("not_reviewer")
    organisation.status = decision
    organisation.decisions.append(OrganisationDecision(actor_id=actor.id, decision=decision, note=note or ""))
    if decision == ApprovalStatus.REJECTED:  # nothing stays public
        for need in organisation.needs:
            if need.status == NeedStatus.OPEN:
                need.status = NeedStatus.DRAFT
    db.session.flush()


# --- competence needs ----------------------------------------------------------------------------------

def check_need(*, positions: int, salary_min: int | None, salary_max: int | None, start_date: date | None,
               expires_on: date | None, today: date, previous_start: date | None = None) -> None:
    if positions is None or positions < 1:
        raise EmployerError("positions", "positions")
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise EmployerError("salary_range", "salary_max")
    if start_date is not None and start_date <= today and start_date != previous_start:
        # Work starts after today; a need that has started can still be edited (its start date kept).
        raise EmployerError("start_not_after_today", "start_date")
    if expires_on is not None and expires_on < today:
        raise EmployerError("expiry_past", "expires_on")
    # A need may stop being shown before its start date: job ads close weeks before the work starts.


def network_members(organisation: Organisation) -> list[Organisation]:
    """The approved employers that belong to the network ``organisation`` represents."""
    if organisation.kind != OrganisationKind.NETWORK or not organisation.represents_key:
        return []
    return list(db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.EMPLOYER, Organisation.status == ApprovalStatus.APPROVED,
               Organisation.networks.any(IndustryNetwork.key == organisation.represents_key))
        .order_by(Organisation.name)
    ))


def save_need(organisation: Organisation, need: CompetenceNeed | None, *, on_behalf_of: list[int] = (),
              **fields) -> CompetenceNeed:
    check_need(positions=fields["positions"], salary_min=fields.get("salary_min"),
               salary_max=fields.get("salary_max"), start_date=fields.get("start_date"),
               expires_on=fields.get("expires_on"), today=local_today(),
               previous_start=need.start_date if need is not None else None)
    for name in ("required_skills", "nice_skills"):
        if len(fields.get(name) or ()) > MAX_SKILLS:
            raise EmployerError("too_many_skills", name, max=MAX_SKILLS)
        if any(len(skill) > MAX_SKILL_LENGTH for skill in fields.get(name) or ()):
            raise EmployerError("skill_too_long", name, max=MAX_SKILL_LENGTH)
    if db.session.get(Occupation, fields["occupation_code"]) is None:
        raise EmployerError("unknown_occupation", "occupation", code=fields["occupation_code"])
    code = fields["municipality_code"]
    if not MUNICIPALITY_CODE.fullmatch(code or "") or db.session.get(Municipality, code) is None:
        raise EmployerError("unknown_municipality", "municipality")
    allowed = {o.id: o for o in network_members(organisation)}
    if any(org_id not in allowed for org_id in on_behalf_of):
        raise EmployerError("not_network_member", "on_behalf_of")
    if need is None:
        need = CompetenceNeed(status=NeedStatus.DRAFT)
        organisation.needs.append(need)
    for name, value in fields.items():
        setattr(need, name, value)
    need.on_behalf_of = [allowed[org_id] for org_id in dict.fromkeys(on_behalf_of)]
    db.session.flush()
    return need


def set_need_status(need: CompetenceNeed, status: NeedStatus) -> None:
    if status not in TRANSITIONS[need.status]:
        raise EmployerError("bad_transition", "status")
    if status == NeedStatus.OPEN:
        if need.organisation.status != ApprovalStatus.APPROVED:
            raise EmployerError("not_approved", "status")
        if need.expires_on is not None and need.expires_on < local_today():
            raise EmployerError("expiry_past", "expires_on")
        need.published_at = need.published_at or utcnow()
        need.closed_at = None
    if status in (NeedStatus.FILLED, NeedStatus.CLOSED):
        need.closed_at = utcnow()
    need.status = status


def joint_needs_for(organisations: list[Organisation]) -> list[CompetenceNeed]:
    """Needs that networks posted naming any of these organisations."""
    ids = [o.id for o in organisations]
    if not ids:
        return []
    return list(db.session.scalars(
        select(CompetenceNeed).where(CompetenceNeed.on_behalf_of.any(Organisation.id.in_(ids)))
        .options(selectinload(CompetenceNeed.on_behalf_of), selectinload(CompetenceNeed.organisation))
        .order_by(CompetenceNeed.id)
    ))


def leave_joint_need(need: CompetenceNeed, organisation: Organisation) -> None:
    """A member employer takes its name off a network's joint need."""
    if organisation not in need.on_behalf_of:
        raise EmployerError("not_named")
    need.on_behalf_of.remove(organisation)


def close_expired_needs(today: date | None = None) -> int:
    """Close every open need whose expiry date has passed. Safe to run any number of times."""
    result = db.session.execute(
        update(CompetenceNeed)
        .where(CompetenceNeed.status == NeedStatus.OPEN, CompetenceNeed.expires_on < (today or local_today()))
        .values(status=NeedStatus.CLOSED, closed_at=utcnow())
    )
    return result.rowcount


def permit_salary_warning(need: CompetenceNeed) -> int | None:
    """The threshold, when the offered salary is too low for a non-EU candidate's work permit. The floor
    applies to every work permit, whatever the occupation (not only shortage ones)."""
    threshold = salary_threshold()
    offered = need.salary_min if need.salary_min is not None else need.salary_max
    if threshold is None or offered is None:
        return None
    return threshold if offered < threshold else None


def public_needs(municipality: str | None = None, occupation: str | None = None,
                 occupation_codes: list[str] | None = None) -> Select:
    """Open needs of approved organisations that have not expired, newest first."""
    stmt = (
        select(CompetenceNeed).join(Organisation)
        .where(CompetenceNeed.status == NeedStatus.OPEN, Organisation.status == ApprovalStatus.APPROVED)
        .where((CompetenceNeed.expires_on.is_(None)) | (CompetenceNeed.expires_on >= local_today()))
        .order_by(CompetenceNeed.published_at.desc(), CompetenceNeed.id.desc())
    )
    if municipality:
        stmt = stmt.where(CompetenceNeed.municipality_code == municipality)
    if occupation:
        stmt = stmt.where(CompetenceNeed.occupation_code.startswith(occupation))
    if occupation_codes is not None:
        stmt = stmt.where(CompetenceNeed.occupation_code.in_(occupation_codes))
    return stmt
