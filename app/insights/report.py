"""The funder's report: the indicators the project reports for a period, each with its definition.

The period is the filters' (by default the project period, ``LANDA_PROJECT_START`` to ``LANDA_PROJECT_END``);
a coordinator reads the region or one municipality, an officer their own. Every figure is one or a few grouped
queries; every count goes through ``app.insights.suppression``. The page's whole-page XLSX export
(``?export=xlsx``) is the report as one workbook: every indicator with its definition next to it, and the
participants by gender and age band.

Indicators:
- participants: every member of a participating household (one that registered in Landa in the period, or whose
  reception case opened in the period), by gender (as given; "prefer not to say" is an answer of its own) and
  age band (age at the end of the period, from the year of birth);
- households: the participating households;
- employers engaged: organisations that published a competence need, or asked a candidate for contact, in the
  period;
- people who found work: people with a hire recorded in the period;
- still in the region after 12 months: households whose twelve months after arrival ended in the period, and
  which answered their 12-month check-in or still had their case open at twelve months.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, exists, func, or_, select, union

from app.catalogue.names import municipality_name
from app.employers.models import CompetenceNeed, ContactRequest, Hire
from app.extensions import db
from app.i18n import format_date
from app.insights.figures import ChartKind, Column, Figure
from app.insights.filters import Filters, Scope
from app.insights.periods import bounds, days_between, within
from app.insights.reception import (
    WITHHELD_NOTE,
    arrivals,
    place,
    protected,
)
from app.insights.suppression import SMALLEST, rate, withhold, withhold_nested
from app.insights.views import register_page
from app.reception.models import Case, FollowUp, FollowUpStatus
from app.talent import models as talent
from app.talent.models import Household, HouseholdMember

TITLE = _l("The funder's report")
ROLES = ("officer", "coordinator", "admin")
YEAR = timedelta(days=365)
NOT_GIVEN = "not_given"
UNKNOWN_AGE = "unknown"
TWELVE_MONTHS = 270  # a check-in this many days or more after arrival is the 12-month one


def genders() -> tuple[str, ...]:
    """The genders a person may give, then "not given" (never asked or not answered)."""
    return (*(g.value for g in talent.Gender), NOT_GIVEN)


def gender_label(key: str) -> str:
    return _("Not given") if key == NOT_GIVEN else str(talent.GENDER_LABELS[talent.Gender(key)])


def age_bands() -> tuple[tuple[int, str], ...]:
    """(the youngest age, the band's key), oldest first: the talent model's bands."""
    return talent.AGE_BAND_FLOORS


def age_label(key: str) -> str:
    return _("Year of birth not known") if key == UNKNOWN_AGE else str(talent.AGE_BAND_LABELS.get(key, key))


def _where(scope: Scope, filters: Filters) -> str:
    code = place(scope, filters)
    return municipality_name(code) if code else _("the region")


def participating(scope: Scope, filters: Filters):
    """The ids of the participating households (a compound select): registered in the period, or with a
    reception case opened in the period; in one municipality: heading there, or with a case there. Each part
    is a range of an index (``newcomer_profile.created_at``, ``reception_case`` municipality and opened_at)."""
    code = place(scope, filters)
    cases = select(Case.profile_id.label("id")).where(within(Case.opened_at, filters))
    registered = select(Household.id.label("id")).where(within(Household.created_at, filters))
    if code:
        cases = cases.where(Case.municipality_code == code)
        registered = registered.where(Household.destination_code == code)
    return union(registered, cases)


def participants(scope: Scope, filters: Filters) -> tuple[tuple, ...]:
    """The cross table of participants: (age band label, a count per gender ..., all), then the total row;
    suppressed. One query grouped by the raw year of birth and gender (at most a few hundred groups), put in
    age bands here with the talent model's ``age_band``."""
    gender = HouseholdMember.gender  # None: not given
    ids = participating(scope, filters).subquery()
    counts: dict[str, dict[str, int]] = {}
    for born, gender_key, count in db.session.execute(
            select(HouseholdMember.birth_year, gender, func.count())
            .where(HouseholdMember.profile_id.in_(select(ids.c.id)))
            .group_by(HouseholdMember.birth_year, gender)):
        band_key = talent.age_band(born, filters.end) or UNKNOWN_AGE
        key = NOT_GIVEN if gender_key is None else getattr(gender_key, "value", str(gender_key))
        by_gender = counts.setdefault(band_key, {})
        by_gender[key] = by_gender.get(key, 0) + count
    keys = [key for _floor, key in reversed(age_bands())] + [UNKNOWN_AGE]
    raw = [(age_label(k), *(counts.get(k, {}).get(g, 0) for g in genders())) for k in keys]
    return protected(raw, counts=len(genders()), total_label=_("All participants"), row_totals=True)


def participants_figure(table: tuple[tuple, ...], scope: Scope, filters: Filters) -> Figure:
    every = table[-1]
    return Figure(
        key="participants",
        title=_("Participants by gender and age band"),
        summary=_("%(count)s people in %(where)s took part in the period, counted by gender and by their age at "
                  "the end of the period.", count=_shown(every[-1]), where=_where(scope, filters)),
        kind=ChartKind.BAR,
        columns=(Column("age_band", _("Age band"), numeric=False),
                 *(Column(g, gender_label(g)) for g in genders()), Column("all", _("All"))),
        rows=table[:-1],
        definitions=(
            (_("Participant"), _("Every member (adults and children) of a household that registered in Landa in "
                                 "the period or whose reception case opened in the period.")),
            (_("Gender"), _("As the person gave it; “Prefer not to say” is an answer of its own, “Not given” means "
                            "never asked or not answered.")),
            (_("Age band"), _("Age at the end of the period, from the year of birth.")),
        ),
        notes=(str(WITHHELD_NOTE),),
        series=genders(),
    )


def by_gender_figure(table: tuple[tuple, ...], scope: Scope, filters: Filters) -> Figure:
    """The participants per gender: the column totals of the cross table (suppressed with it)."""
    every = table[-1]
    rows = tuple((gender_label(g), every[1 + i]) for i, g in enumerate(genders()))
    return Figure(
        key="participants_gender",
        title=_("Participants by gender"),
        summary=_("%(count)s people in %(where)s took part in the period; here by gender as they gave it.",
                  count=_shown(every[-1]), where=_where(scope, filters)),
        kind=ChartKind.BAR,
        columns=(Column("gender", _("Gender"), numeric=False), Column("participants", _("Participants"))),
        rows=rows,
        definitions=(
            (_("Gender"), _("As the person gave it; “Prefer not to say” is an answer of its own, “Not given” means "
                            "never asked or not answered.")),
        ),
        notes=(str(WITHHELD_NOTE),),
    )


def _shown(value) -> str:
    return _("fewer than %(n)s", n=SMALLEST) if value is None else format_decimal(value)


def households(scope: Scope, filters: Filters) -> int:
    ids = participating(scope, filters).subquery()
    return db.session.scalar(select(func.count()).select_from(ids))


def employers_engaged(scope: Scope, filters: Filters) -> int:
    """Organisations with a need published, or a contact request made, in the period (one query)."""
    code = place(scope, filters)
    published = select(CompetenceNeed.organisation_id.label("org")).where(within(CompetenceNeed.published_at,
                                                                                 filters))
    asked = (select(CompetenceNeed.organisation_id.label("org")).select_from(ContactRequest)
             .join(CompetenceNeed, CompetenceNeed.id == ContactRequest.need_id)
             .where(within(ContactRequest.created_at, filters)))
    if code:
        published = published.where(CompetenceNeed.municipality_code == code)
        asked = asked.where(CompetenceNeed.municipality_code == code)
    engaged = union(published, asked).subquery()
    return db.session.scalar(select(func.count(func.distinct(engaged.c.org))))


def found_work(scope: Scope, filters: Filters) -> int:
    """People (household members) with a hire recorded in the period."""
    stmt = select(func.count(func.distinct(Hire.member_id))).where(within(Hire.created_at, filters))
    code = place(scope, filters)
    if code:
        stmt = stmt.join(CompetenceNeed, CompetenceNeed.id == Hire.need_id).where(
            CompetenceNeed.municipality_code == code)
    return db.session.scalar(stmt)


def still_here(scope: Scope, filters: Filters) -> tuple[int, int, int]:
    """Households whose twelve months after arrival ended in the period; of them, those still in the region
    (12-month check-in answered, or the case still open twelve months after arrival); and the people in those.
    One query."""
    arrived = arrivals()
    start, end = bounds(filters)
    answered = exists().where(FollowUp.case_id == Case.id, FollowUp.offset_days >= TWELVE_MONTHS,
                              FollowUp.status == FollowUpStatus.ANSWERED)
    open_at_year = or_(Case.closed_at.is_(None),
                       days_between(arrived.c.arrived_at, Case.closed_at, whole=True) >= 365)
    here = or_(answered, open_at_year)
    reached = (select(Case.profile_id, func.max(case((here, 1), else_=0)).label("here")).select_from(Case)
               .join(arrived, arrived.c.case_id == Case.id)
               .where(arrived.c.arrived_at >= start - YEAR, arrived.c.arrived_at < end - YEAR))
    code = place(scope, filters)
    if code:
        reached = reached.where(Case.municipality_code == code)
    reached = reached.group_by(Case.profile_id).subquery()
    people = (select(func.count()).select_from(HouseholdMember)
              .join(reached, reached.c.profile_id == HouseholdMember.profile_id).where(reached.c.here == 1)
              .scalar_subquery())
    row = db.session.execute(select(func.count(), func.coalesce(func.sum(reached.c.here), 0), people)
                             .select_from(reached)).one()
    return int(row[0]), int(row[1]), int(row[2] or 0)


def indicators_figure(scope: Scope, filters: Filters, table: tuple[tuple, ...]) -> Figure:
    raw_reached, raw_stayed, raw_people = still_here(scope, filters)
    reached, stayed = withhold_nested([raw_reached, raw_stayed])
    stayed_people = withhold(raw_people) if stayed is not None else None
    values = (
        ("participants", _("Participants"), table[-1][-1],
         _("Every member (adults and children) of a household that registered in Landa in the period or whose "
           "reception case opened in the period.")),
        ("households", _("Households"), withhold(households(scope, filters)),
         _("Households that registered in Landa in the period or whose reception case opened in the period "
           "(in one municipality: heading there, or with a case there).")),
        ("employers_engaged", _("Employers engaged"), withhold(employers_engaged(scope, filters)),
         _("Employers and other organisations that published a competence need, or asked a candidate for "
           "contact, in the period (in one municipality: for work there).")),
        ("found_work", _("People who found work"), withhold(found_work(scope, filters)),
         _("People (the newcomer or their partner) an employer recorded as hired in the period.")),
        ("reached_12_months", _("Households 12 months after arrival"), reached,
         _("Households whose twelve months after arrival (the case first moved to “arrived”) ended in the "
           "period.")),
        ("still_here_12_months", _("Households still in the region after 12 months"), stayed,
         _("Of those, households that answered their 12-month check-in or whose case was still open twelve "
           "months after arrival.")),
        ("still_here_people", _("People still in the region after 12 months"), stayed_people,
         _("The members of the households still in the region after 12 months.")),
    )
    share = rate(stayed, reached)
    return Figure(
        key="indicators",
        title=_("Indicators"),
        summary=_("From %(start)s to %(end)s in %(where)s: %(participants)s participants in %(households)s "
                  "households, %(employers)s employers engaged, %(work)s people who found work, and %(stayed)s of "
                  "%(reached)s households (%(share)s) still in the region 12 months after arrival.",
                  start=format_date(filters.start), end=format_date(filters.end), where=_where(scope, filters),
                  participants=_shown(values[0][2]), households=_shown(values[1][2]),
                  employers=_shown(values[2][2]), work=_shown(values[3][2]), stayed=_shown(stayed),
                  reached=_shown(reached), share=_shown(None) if share is None else format_percent(share)),
        kind=ChartKind.NONE,
        columns=(Column("indicator", _("Indicator"), numeric=False), Column("value", _("Value")),
                 Column("definition", _("Definition"), numeric=False)),
        rows=tuple((label, value, definition) for _key, label, value, definition in values),
        definitions=tuple((label, definition) for _key, label, _value, definition in values),
        notes=(str(WITHHELD_NOTE),),
    )


def build(scope: Scope, filters: Filters) -> list[Figure]:
    table = participants(scope, filters)
    return [indicators_figure(scope, filters, table), by_gender_figure(table, scope, filters),
            participants_figure(table, scope, filters)]


register_page("report", TITLE, ROLES, build, filters=("start", "end", "municipality"),
              intro=_l("The indicators the project reports to its funder for a period (by default the project "
                       "period), each with its definition."))
