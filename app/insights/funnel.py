"""The outcome funnel: of the households that registered in the period, how many reached each stage, from a complete
profile to still living in the region a year after arriving; by month of registration, municipality, household
type, residence basis, gender and age band.

One grouped query does the work: every household registered in the period (and matching the filters) gets a flag
per stage (``EXISTS`` over indexed foreign keys), and the flags are summed per combination of the breakdowns
(month, municipality, household type, residence basis, gender, age band). Each figure then adds up those groups,
never single households, so the page costs one query whatever the number of households.

"Matched" is not the matching's relevance score: that is computed in Python for one person at a time and is not
stored, so it cannot be counted in SQL. A household counts as matched when one of its people showed interest in a
need or received a contact request, the two things a match leads to (the definition says so).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from app.auth.models import Role
from app.catalogue.models import Municipality
from app.employers.models import ContactRequest, ContactStatus, Hire, Interest
from app.extensions import db
from app.i18n import current_locale, format_date
from app.insights.figures import ChartKind, Column, Figure
from app.insights.filters import Filters, Scope
from app.insights.suppression import SMALLEST, withhold_nested, withhold_table
from app.insights.views import register_page
from app.models import SWEDEN, today
from app.reception.models import Case, CaseEvent, CaseStatus, ClosingReason, FollowUp, FollowUpStatus, Housing
from app.talent import models as talent
from app.talent.models import (
    AGE_BAND_FLOORS,
    AGE_BAND_LABELS,
    RESIDENCE_BASIS_LABELS,
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

STAGES = ("registered", "profile", "matched", "contacted", "hired", "arrived", "population_register", "housed",
          "stayed")
STAGE_LABELS = {
    "registered": _l("Registered in Landa"),
    "profile": _l("Profile complete"),
    "matched": _l("Matched"),
    "contacted": _l("In contact with an employer"),
    "hired": _l("Hired"),
    "arrived": _l("Arrived"),
    "population_register": _l("Registered in the population register"),
    "housed": _l("Housed"),
    "stayed": _l("Still in the region after 12 months"),
}
HOUSEHOLD_TYPE_LABELS = {"single": _l("Single adult"), "couple": _l("Couple without children"),
                         "children": _l("With children")}
ROLES = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN)


def definitions() -> tuple[tuple[str, str], ...]:
    return (
        (_("Registered in Landa"), _("Households whose account was created in the period (by the day of registration)."
                           " Every other stage counts among these households.")),
        (_("Profile complete"), _("Saved all %(n)d steps of the profile (about, languages, work, places, move).",
                                  n=PROFILE_STEPS)),
        (_("Matched"), _("Someone in the household showed interest in an employer's need or was asked for contact"
                         " by an employer. (The matching's relevance score is worked out for one person at a time"
                         " and not stored, so it cannot be counted; interest and contact requests are what a"
                         " match leads to.)")),
        (_("In contact with an employer"), _("Someone in the household accepted an employer's contact request.")),
        (_("Hired"), _("An employer recorded a hire of someone in the household.")),
        (_("Arrived"), _("The household said it has arrived, or its reception case was marked arrived.")),
        (_("Registered in the population register"), _("The household marked the plan step “Register in the"
                                                        " population register” done.")),
        (_("Housed"), _("A follow-up was answered with “We have a home of our own (a lease or owned)”.")),
        (_("Still in the region after 12 months"), _(
            "Arrived at least 12 months ago (the day the household gave, or the day its case was marked arrived),"
            " and either answered a follow-up sent 12 months or more after arrival,"
            " or the reception case is still open, or it was closed as settled or as moved within the region.")),
        (_("Stages"), _("A household counts at every stage it reached, so a household hired without a contact"
                        " request through Landa counts as hired but not as in contact; a later stage can therefore"
                        " be larger than the one before.")),
    )


def _self_member(*where):
    return (select(HouseholdMember.id).where(HouseholdMember.profile_id == Household.id,
                                             HouseholdMember.relation == Relation.SELF, *where).exists())


def _self_value(column):
    return (select(column).where(HouseholdMember.profile_id == Household.id, HouseholdMember.relation == Relation.SELF)
            .order_by(HouseholdMember.id).limit(1).scalar_subquery())


def _has(relation: Relation):
    return select(HouseholdMember.id).where(HouseholdMember.profile_id == Household.id,
                                            HouseholdMember.relation == relation).exists()


def household_type():
    return case((_has(Relation.CHILD), literal("children")), (_has(Relation.PARTNER), literal("couple")),
                else_=literal("single"))


def age_band_of(birth_year, on: date):
    """The age band (``app.talent.models.age_band``) in SQL: by the year of birth, at ``on``."""
    age = on.year - birth_year
    return case(*[(age >= floor, literal(band)) for floor, band in AGE_BAND_FLOORS if floor > 0],
                (age >= 0, literal(AGE_BAND_FLOORS[-1][1])), else_=None)


def municipality_of():
    """Where the household is heading, or else where its first reception case is."""
    first_case = select(func.min(Case.municipality_code)).where(Case.profile_id == Household.id).scalar_subquery()
    return func.coalesce(Household.destination_code, first_case)


def month_of(column):
    """``YYYY-MM`` of a timestamp (UTC), on PostgreSQL and SQLite."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def months(start: date, end: date) -> list[date]:
    first, out = date(start.year, start.month, 1), []
    while first <= end:
        out.append(first)
        first = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return out


def bounds(filters: Filters) -> tuple[datetime, datetime]:
    """The period as UTC instants: from the first day's midnight to the day after the last, Swedish time."""
    start = datetime.combine(filters.start, time.min, tzinfo=SWEDEN)
    end = datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=SWEDEN)
    return start, end


def household_filters(scope: Scope, filters: Filters) -> list:
    """The WHERE of every household query: the filters and the scope (an officer: their municipality)."""
    where = []
    municipality = scope.municipality or filters.municipality
    if municipality:
        # The same rule as the breakdown by municipality: where the household is heading, else its case's place.
        where.append(municipality_of() == municipality)
    if filters.group:
        where.append(select(MemberOccupation.id).join(HouseholdMember, HouseholdMember.id == MemberOccupation.member_id)
                     .where(HouseholdMember.profile_id == Household.id,
                            func.substr(MemberOccupation.occupation_code, 1, 1) == filters.group).exists())
    if filters.household:
        where.append(household_type() == filters.household)
    if filters.basis:
        where.append(_self_member(HouseholdMember.residence_basis == filters.basis))
    gender = getattr(HouseholdMember, "gender", None)
    if filters.gender and gender is not None:
        where.append(_self_member(gender == filters.gender))
    if filters.age_band:
        where.append(age_band_of(_self_value(HouseholdMember.birth_year), filters.end) == filters.age_band)
    return where


def stage_flags(on: date) -> dict[str, object]:
    """A boolean SQL expression per stage (after "registered"), about the household in ``Household``."""
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
        "matched": or_(select(Interest.id).where(Interest.profile_id == Household.id).exists(),
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
        "stayed": and_(or_(Household.arrival_date <= on - timedelta(days=STAYED_DAYS),
                           case_has(select(CaseEvent.id).where(
                               CaseEvent.case_id == Case.id, CaseEvent.to_status == CaseStatus.ARRIVED,
                               CaseEvent.at < datetime.combine(on - timedelta(days=STAYED_DAYS - 1), time.min,
                                                               tzinfo=SWEDEN)).exists())),
                       or_(answered_late, staying_case)),
    }


DIMENSIONS = ("month", "municipality", "household", "basis", "gender", "age_band")


def grouped(scope: Scope, filters: Filters) -> list[tuple]:
    """One query: per combination of the breakdowns, the number of households at each stage. Rows are
    ``(month, municipality, household, basis, gender, age_band, registered, profile, ..., stayed)``."""
    start, end = bounds(filters)
    flags = stage_flags(min(filters.end, today()))
    me = aliased(HouseholdMember)  # the person who registered: joined once, not looked up per breakdown
    gender = getattr(me, "gender", None)
    dims = [month_of(Household.created_at), municipality_of(), household_type(), me.residence_basis,
            gender if gender is not None else literal(None), age_band_of(me.birth_year, filters.end)]
    inner = (select(*[d.label(n) for d, n in zip(dims, DIMENSIONS, strict=True)],
                    *[case((flag, 1), else_=0).label(stage) for stage, flag in flags.items()])
             .select_from(Household)
             .outerjoin(me, and_(me.profile_id == Household.id, me.relation == Relation.SELF))
             .where(Household.created_at >= start, Household.created_at < end, *household_filters(scope, filters))
             .subquery())
    columns = [inner.c[n] for n in DIMENSIONS]
    query = select(*columns, func.count(), *[func.sum(inner.c[s]) for s in STAGES[1:]]).group_by(*columns)
    return [tuple(row) for row in db.session.execute(query)]


def _sum_by(groups: list[tuple], dimension: str | None) -> dict:
    """Stage totals per value of one breakdown (``None``: the whole page), summed over the groups."""
    index = DIMENSIONS.index(dimension) if dimension else None
    totals: dict = defaultdict(lambda: [0] * len(STAGES))
    width = len(DIMENSIONS)
    for row in groups:
        key = row[index] if index is not None else None
        acc = totals[key]
        for i, value in enumerate(row[width:]):
            acc[i] += int(value or 0)
    return totals


def _stage_columns(first: Column, stages=STAGES) -> tuple[Column, ...]:
    return (first, *[Column(s, str(STAGE_LABELS[s])) for s in stages])


def _table(labelled: list[tuple[object, list[int]]]) -> tuple[tuple, ...]:
    """Rows of stage counts, suppressed across rows (a column's total is knowable) and along each row (nested)."""
    return tuple(withhold_table([(label, *counts) for label, counts in labelled], total_row=True, nested_rows=True))


def _text(count: int | None) -> str:
    return _("fewer than %(n)d", n=SMALLEST) if count is None else format_count(count)


def format_count(count: int) -> str:
    return format_decimal(count)


def build(scope: Scope, filters: Filters) -> list[Figure]:
    groups = grouped(scope, filters)
    locale = current_locale()
    figures: list[Figure] = []
    note = _("Counts from 1 to %(n)d are withheld.", n=SMALLEST - 1)

    whole = _sum_by(groups, None).get(None, [0] * len(STAGES))
    funnel_counts = withhold_nested(whole)
    figures.append(Figure(
        key="funnel", title=_("From registration to staying"),
        summary=_("Of %(registered)s households that registered from %(start)s to %(end)s, %(hired)s were hired,"
                  " %(arrived)s arrived and %(stayed)s were still in the region 12 months after arriving.",
                  registered=_text(funnel_counts[0]), hired=_text(funnel_counts[STAGES.index("hired")]),
                  arrived=_text(funnel_counts[STAGES.index("arrived")]),
                  stayed=_text(funnel_counts[STAGES.index("stayed")]),
                  start=format_date(filters.start), end=format_date(filters.end)),
        kind=ChartKind.FUNNEL,
        columns=(Column("stage", _("Stage"), numeric=False), Column("households", _("Households"))),
        rows=tuple((str(STAGE_LABELS[s]), funnel_counts[i]) for i, s in enumerate(STAGES)),
        definitions=definitions(), notes=(note,)))

    by_month = _sum_by(groups, "month")
    month_rows = _table([(m, by_month.get(m.strftime("%Y-%m"), [0] * len(STAGES)))
                         for m in months(filters.start, filters.end)])
    figures.append(Figure(
        key="by_month", title=_("By month of registration"),
        summary=_("Households registered each month, and how many of them have so far completed the profile,"
                  " been hired and arrived."),
        kind=ChartKind.LINE, columns=_stage_columns(Column("month", _("Month"), numeric=False)), rows=month_rows,
        series=("registered", "profile", "hired", "arrived"), notes=(note,)))

    names = {m.code: m.label(locale) for m in db.session.scalars(select(Municipality))}
    by_place = _sum_by(groups, "municipality")
    place_rows = _table(sorted(((names.get(code, code) if code else _("Not chosen yet"), counts)
                                for code, counts in by_place.items()), key=lambda r: str(r[0])))
    figures.append(Figure(
        key="by_municipality", title=_("By municipality"),
        summary=_("Each municipality's households (where they are heading, or where their reception case is) at each"
                  " stage."),
        kind=ChartKind.BAR, columns=_stage_columns(Column("municipality", _("Municipality"), numeric=False)),
        rows=place_rows, series=("registered", "hired", "arrived"), notes=(note,)))

    by_type = _sum_by(groups, "household")
    figures.append(Figure(
        key="by_household", title=_("By household type"),
        summary=_("Single adults, couples and families with children at each stage."),
        kind=ChartKind.BAR, columns=_stage_columns(Column("household", _("Household"), numeric=False)),
        rows=_table([(str(HOUSEHOLD_TYPE_LABELS[t]), by_type.get(t, [0] * len(STAGES)))
                     for t in ("single", "couple", "children")]),
        series=("registered", "hired", "arrived"), notes=(note,)))

    by_basis = _sum_by(groups, "basis")
    figures.append(Figure(
        key="by_basis", title=_("By residence basis"),
        summary=_("Households by the residence basis of the person who registered, at each stage."),
        kind=ChartKind.BAR, columns=_stage_columns(Column("basis", _("Residence basis"), numeric=False)),
        rows=_table([(str(RESIDENCE_BASIS_LABELS.get(b, b)) if b else _("Not given"), counts)
                     for b, counts in sorted(by_basis.items(), key=lambda kv: (kv[0] is None, str(kv[0])))]),
        series=("registered", "hired", "arrived"), notes=(note,)))

    if getattr(HouseholdMember, "gender", None) is not None:
        labels = getattr(talent, "GENDER_LABELS", {})
        by_gender = _sum_by(groups, "gender")
        order = [g.value for g in getattr(talent, "Gender", [])]
        figures.append(Figure(
            key="by_gender", title=_("By gender"),
            summary=_("Households by the gender of the person who registered, where given (“prefer not to say” is"
                      " an answer of its own), at each stage."),
            kind=ChartKind.BAR, columns=_stage_columns(Column("gender", _("Gender"), numeric=False)),
            rows=_table([(str(labels.get(g, g)), by_gender.get(g, [0] * len(STAGES))) for g in order]
                        + [(_("Not given"), by_gender.get(None, [0] * len(STAGES)))]),
            series=("registered", "hired", "arrived"), notes=(note,)))

    by_age = _sum_by(groups, "age_band")
    bands = [band for _floor, band in reversed(AGE_BAND_FLOORS)]
    figures.append(Figure(
        key="by_age", title=_("By age band"),
        summary=_("Households by the age of the person who registered at the end of the period, at each stage."),
        kind=ChartKind.BAR, columns=_stage_columns(Column("age_band", _("Age band"), numeric=False)),
        rows=_table([(str(AGE_BAND_LABELS[b]), by_age.get(b, [0] * len(STAGES))) for b in bands]
                    + [(_("Not given"), by_age.get(None, [0] * len(STAGES)))]),
        series=("registered", "hired", "arrived"), notes=(note,)))
    return figures


register_page("funnel", _l("Outcome funnel"), ROLES, build,
              intro=_l("From registering in Landa to still living in the region a year after arriving."))
