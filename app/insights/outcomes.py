"""The outcome rows (``app.insights.models.HouseholdOutcome``): every household's stages, answered once for all.

``refresh_outcomes()`` rebuilds the rows in one statement (``INSERT ... SELECT``): each household's breakdowns
(month of registration, municipality, household type, and the residence basis, gender and year of birth of the
person who registered) and a flag per stage, each an ``EXISTS`` over indexed foreign keys. Readers keep seeing
the previous rows until the rebuild commits. A rebuild takes the ``OutcomeRefresh`` row's lock first, so two
running at once take turns instead of colliding.

An erased household's row goes at once (``household_erased``), not only at the next rebuild.

The job ``refresh_outcomes_job`` runs it on a schedule (``app.jobs.schedule``); ``ensure_outcomes()`` asks for a
first rebuild when there has never been one (a new installation): in the embedded mode the job runs at once.
"""

from __future__ import annotations

from datetime import date, timedelta
from time import perf_counter

from sqlalchemy import and_, case, delete, distinct, func, literal, or_, select

from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    ContactRequest,
    ContactStatus,
    Hire,
    Interest,
    Organisation,
)
from app.extensions import db
from app.insights.models import HouseholdOutcome, OutcomeRefresh
from app.insights.periods import moment, month_of
from app.jobs import enqueue
from app.matching.models import DELIMITER, TalentCardOccupation
from app.models import utcnow
from app.privacy.erasure import household_erased
from app.reception.models import Case, CaseEvent, CaseStatus, ClosingReason, FollowUp, FollowUpStatus, Housing
from app.talent.models import (
    AGE_BAND_FLOORS,
    Household,
    HouseholdMember,
    HouseholdStatus,
    MemberOccupation,
    PlanStep,
    Relation,
    StepStatus,
)

PROFILE_STEPS = 5  # the wizard's steps: about, languages, work, places, move (app/talent/views.py STEPS)
POPULATION_REGISTER = "population_registration"  # the plan step (app/catalogue/data/services.json)
STAYED_DAYS = 365
REFRESH_EVERY_MINUTES = 15  # app.jobs.schedule runs the rebuild this often; the pages say so
JOB_ID = "insights-outcomes"


# --- the questions asked of each household ---------------------------------------------------------------

def _has(relation: Relation):
    return select(HouseholdMember.id).where(HouseholdMember.profile_id == Household.id,
                                            HouseholdMember.relation == relation).exists()


def household_type():
    return case((_has(Relation.CHILD), literal("children")), (_has(Relation.PARTNER), literal("couple")),
                else_=literal("single"))


def municipality_of():
    """Where the household is heading, or else where its first reception case is."""
    first_case = select(func.min(Case.municipality_code)).where(Case.profile_id == Household.id).scalar_subquery()
    return func.coalesce(Household.destination_code, first_case)


def occupation_groups():
    """The SSYK major groups (one digit each) of the household's people's occupations, as one string."""
    digit = func.substr(MemberOccupation.occupation_code, 1, 1)
    if db.session.get_bind().dialect.name == "postgresql":
        joined = func.string_agg(distinct(digit), literal(""))
    else:
        joined = func.replace(func.group_concat(distinct(digit)), ",", "")
    return func.coalesce(
        select(joined).join(HouseholdMember, HouseholdMember.id == MemberOccupation.member_id)
        .where(HouseholdMember.profile_id == Household.id).scalar_subquery(), literal(""))


def stage_flags() -> dict[str, object]:
    """A boolean SQL expression per stage (after "registered"; "stayed" is worked out when counting, from
    ``arrival_date``, ``arrived_at`` and ``staying``), about the household in ``Household``."""
    of_household = Case.profile_id == Household.id

    def case_has(*where):  # the household's cases drive (by profile_id), each case's rows by case_id: no scans
        return select(Case.id).where(of_household, *where).exists()

    arrived_case = case_has(select(CaseEvent.id).where(CaseEvent.case_id == Case.id,
                                                       CaseEvent.to_status == CaseStatus.ARRIVED).exists())
    answered_late = case_has(select(FollowUp.id).where(FollowUp.case_id == Case.id,
                                                       FollowUp.status == FollowUpStatus.ANSWERED,
                                                       FollowUp.offset_days >= STAYED_DAYS).exists())
    staying_case = select(Case.id).where(of_household, or_(
        Case.status != CaseStatus.CLOSED,
        Case.closing_reason.in_((ClosingReason.SETTLED, ClosingReason.MOVED_IN_REGION)))).exists()
    return {
        "profile": func.coalesce(func.json_array_length(Household.completed_steps), 0) >= PROFILE_STEPS,
        "matched": or_(fits_a_need(),
                       select(Interest.id).where(Interest.profile_id == Household.id).exists(),
                       select(ContactRequest.id).where(ContactRequest.profile_id == Household.id).exists()),
        "contacted": select(ContactRequest.id).where(ContactRequest.profile_id == Household.id,
                                                     ContactRequest.status == ContactStatus.ACCEPTED).exists(),
        "hired": select(Hire.id).where(Hire.profile_id == Household.id).exists(),
        "arrived": or_(Household.status == HouseholdStatus.ARRIVED, arrived_case),
        "population_register": select(PlanStep.id).where(PlanStep.profile_id == Household.id,
                                                         PlanStep.service_key == POPULATION_REGISTER,
                                                         PlanStep.status == StepStatus.DONE).exists(),
        "housed": case_has(select(FollowUp.id).where(FollowUp.case_id == Case.id,
                                                     FollowUp.status == FollowUpStatus.ANSWERED,
                                                     FollowUp.housing == Housing.PERMANENT).exists()),
        "staying": or_(answered_late, staying_case),
    }


def fits_a_need():
    """Someone in the household fits a need at the matching's closest tier: a person who consents to matching
    has the need's occupation (the same SSYK unit group) among their own, chose the need's municipality or any
    place, and the need (of an approved employer) was published and still open at some time after the
    household registered. One index range per person's occupation (``talent_card_occupation`` by profile, then
    the needs by occupation)."""
    card, need = TalentCardOccupation, CompetenceNeed
    return (select(need.id)
            .join(card, card.occupation_code == need.occupation_code)
            .join(Organisation, Organisation.id == need.organisation_id)
            .where(card.profile_id == Household.id, card.matching_consent.is_(True),
                   or_(card.open_to_all.is_(True),
                       card.places.contains(literal(DELIMITER) + need.municipality_code + literal(DELIMITER))),
                   Organisation.status == ApprovalStatus.APPROVED, need.published_at.is_not(None),
                   or_(need.closed_at.is_(None), need.closed_at >= Household.created_at))
            .exists())


def _first_arrival():
    return (select(func.min(CaseEvent.at)).join(Case, Case.id == CaseEvent.case_id)
            .where(Case.profile_id == Household.id, CaseEvent.to_status == CaseStatus.ARRIVED).scalar_subquery())


# --- rebuilding ----------------------------------------------------------------------------------------------

def refresh_outcomes() -> int:
    """Rebuild every household's row in the current transaction (the caller commits); the number of rows."""
    started = perf_counter()
    mark = db.session.get(OutcomeRefresh, 1, with_for_update=True)  # one rebuild at a time
    me = select(HouseholdMember).where(HouseholdMember.relation == Relation.SELF).subquery()
    # The person who registered: the household's first "self" member (there is one; joined, not looked up).
    first_self = (select(HouseholdMember.profile_id, func.min(HouseholdMember.id).label("id"))
                  .where(HouseholdMember.relation == Relation.SELF).group_by(HouseholdMember.profile_id).subquery())
    flags = stage_flags()
    columns = {
        "profile_id": Household.id,
        "registered_at": Household.created_at,
        "month": month_of(Household.created_at),
        "municipality_code": municipality_of(),
        "household_type": household_type(),
        "residence_basis": me.c.residence_basis,
        "gender": me.c.gender,
        "birth_year": me.c.birth_year,
        "groups": occupation_groups(),
        **flags,
        "arrival_date": Household.arrival_date,
        "arrived_at": _first_arrival(),
    }
    rows = (select(*columns.values()).select_from(Household)
            .outerjoin(first_self, first_self.c.profile_id == Household.id)
            .outerjoin(me, me.c.id == first_self.c.id))
    db.session.execute(delete(HouseholdOutcome))
    db.session.execute(HouseholdOutcome.__table__.insert().from_select(list(columns), rows))
    count = db.session.scalar(select(func.count()).select_from(HouseholdOutcome)) or 0
    took = round((perf_counter() - started) * 1000)
    if mark is None:
        db.session.add(OutcomeRefresh(id=1, refreshed_at=utcnow(), households=count, took_ms=took))
    else:
        mark.refreshed_at, mark.households, mark.took_ms = utcnow(), count, took
    db.session.flush()
    return count


def refresh_outcomes_job() -> int:
    """The scheduled rebuild (and the first one, asked for by ``ensure_outcomes``): safe to run twice."""
    count = refresh_outcomes()
    db.session.commit()
    return count


def last_refresh() -> OutcomeRefresh | None:
    return db.session.get(OutcomeRefresh, 1)


def ensure_outcomes() -> OutcomeRefresh | None:
    """The last rebuild; if there has never been one, ask for it (at once in the embedded mode, where jobs run
    when the transaction commits; else a worker does it soon) and return what there is after that."""
    done = last_refresh()
    if done is None:
        enqueue(refresh_outcomes_job, job_id=JOB_ID)
        db.session.commit()
        done = last_refresh()
    return done


@household_erased.connect
def forget_household(profile_id: int, **_kwargs) -> None:
    db.session.execute(delete(HouseholdOutcome).where(HouseholdOutcome.profile_id == profile_id))


# --- counting ------------------------------------------------------------------------------------------------

def stayed_at(on: date):
    """Still in the region 12 months after arriving, counted at the day ``on``."""
    row = HouseholdOutcome
    year_back = on - timedelta(days=STAYED_DAYS)
    return and_(row.staying, or_(row.arrival_date <= year_back, row.arrived_at < moment(year_back + timedelta(days=1))))


def age_band_of(birth_year, on: date):
    """The age band (``app.talent.models.age_band``) in SQL: by the year of birth, at ``on``."""
    age = on.year - birth_year
    return case(*[(age >= floor, literal(band)) for floor, band in AGE_BAND_FLOORS if floor > 0],
                (age >= 0, literal(AGE_BAND_FLOORS[-1][1])), else_=None)
