"""The outcome funnel: of the households that registered in the period, how many reached each stage, from a complete
profile to still living in the region a year after arriving; by month of registration, municipality, household
type, residence basis, gender and age band.

Each household's stages are answered once for all by a job (``app.insights.outcomes``: one row per household,
rebuilt every few minutes; the page shows when). One grouped query over those rows sums the stages per
combination of the breakdowns (month, municipality, household type, residence basis, gender, age band); each
figure then adds up those groups, never single households.

"Matched" is the matching's closest tier (``app.matching.occupations.SAME``: the need's own occupation, in a place
the person chose), which SQL can test against the talent cards; the finer score within a tier is worked out in
Python per person and is not stored. Interest in a need and an employer's contact request count too.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from app.auth.models import Role
from app.catalogue.models import Municipality, OccupationGroup
from app.extensions import db
from app.i18n import current_locale, format_date
from app.insights.figures import ChartKind, Column, Figure
from app.insights.filters import Filters, Scope
from app.insights.models import HouseholdOutcome
from app.insights.outcomes import PROFILE_STEPS, age_band_of, stayed_at
from app.insights.periods import months, within
from app.insights.suppression import SMALLEST, withhold_nested, withhold_table
from app.insights.views import register_page
from app.models import today
from app.talent.models import AGE_BAND_FLOORS, AGE_BAND_LABELS, GENDER_LABELS, RESIDENCE_BASIS_LABELS, Gender

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
        (_("Matched"), _("Someone in the household fits an employer's need at the matching's closest tier: they"
                         " consent to matching, have the need's occupation (the same SSYK unit group) among their"
                         " own and chose the need's municipality or any place, and the need was published and"
                         " still open after the household registered. Showing interest in a need or being asked"
                         " for contact by an employer counts too.")),
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


def household_filters(scope: Scope, filters: Filters, row=HouseholdOutcome) -> list:
    """The WHERE over the outcome rows: the filters and the scope (an officer: their municipality)."""
    where = []
    municipality = scope.municipality or filters.municipality
    if municipality:
        # The same rule as the breakdown by municipality: where the household is heading, else its case's place.
        where.append(row.municipality_code == municipality)
    if filters.group:
        where.append(row.groups.contains(filters.group))
    if filters.household:
        where.append(row.household_type == filters.household)
    if filters.basis:
        where.append(row.residence_basis == filters.basis)
    if filters.gender:
        where.append(row.gender == filters.gender)
    if filters.age_band:
        where.append(age_band_of(row.birth_year, filters.end) == filters.age_band)
    return where


DIMENSIONS = ("month", "municipality", "household", "basis", "gender", "age_band")


def _dimension(name: str, filters: Filters):
    row = HouseholdOutcome
    return {"month": row.month, "municipality": row.municipality_code, "household": row.household_type,
            "basis": row.residence_basis, "gender": row.gender, "age_band": age_band_of(row.birth_year, filters.end),
            "groups": row.groups}[name]


def grouped(scope: Scope, filters: Filters, dimensions: tuple[str, ...] = DIMENSIONS) -> list[tuple]:
    """One query over the outcome rows: per combination of the breakdowns, the number of households at each
    stage. Rows are the ``dimensions``' values (by default ``(month, municipality, household, basis, gender,
    age_band)``), then ``registered, profile, ..., stayed``. ``groups`` (the household's occupation groups, one
    digit each: "27") is asked for on its own: with the others it would make nearly one group per household."""
    row = HouseholdOutcome
    flags = [getattr(row, stage) for stage in STAGES[1:-1]] + [stayed_at(min(filters.end, today()))]
    dims = [_dimension(name, filters) for name in dimensions]
    query = (select(*dims, func.count(), *[func.sum(case((flag, 1), else_=0)) for flag in flags])
             .where(within(row.registered_at, filters), *household_filters(scope, filters))
             .group_by(*dims))
    return [tuple(r) for r in db.session.execute(query)]


def _sum_by(groups: list[tuple], dimension: str | None, dimensions: tuple[str, ...] = DIMENSIONS) -> dict:
    """Stage totals per value of one breakdown (``None``: the whole page), summed over the groups. By
    ``groups``, a household counts once in each of its occupation groups (None: none given)."""
    index = dimensions.index(dimension) if dimension else None
    totals: dict = defaultdict(lambda: [0] * len(STAGES))
    width = len(dimensions)
    for row in groups:
        key = row[index] if index is not None else None
        for each in (list(key) or [None]) if dimension == "groups" else [key]:
            acc = totals[each]
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

    by_group = _sum_by(grouped(scope, filters, ("groups",)), "groups", ("groups",))
    group_names = {g.code: g.label(locale) for g in db.session.scalars(
        select(OccupationGroup).where(OccupationGroup.level == 1))}
    figures.append(Figure(
        key="by_group", title=_("By occupation group"),
        summary=_("Households by the occupation groups (SSYK major groups) of their people, at each stage. A"
                  " household whose people work in two groups counts in both, so the rows add up to more than"
                  " the households."),
        kind=ChartKind.BAR, columns=_stage_columns(Column("group", _("Occupation group"), numeric=False)),
        rows=_table([(group_names.get(code, code), counts) for code, counts in sorted(
                         (code, counts) for code, counts in by_group.items() if code)]
                    + [(_("No occupation given"), by_group.get(None, [0] * len(STAGES)))]),
        series=("registered", "hired", "arrived"), notes=(note,)))

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

    by_gender = _sum_by(groups, "gender")
    figures.append(Figure(
        key="by_gender", title=_("By gender"),
        summary=_("Households by the gender of the person who registered, where given (“prefer not to say” is"
                  " an answer of its own), at each stage."),
        kind=ChartKind.BAR, columns=_stage_columns(Column("gender", _("Gender"), numeric=False)),
        rows=_table([(str(GENDER_LABELS[g]), by_gender.get(g.value, [0] * len(STAGES))) for g in Gender]
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


register_page("funnel", _l("Outcome funnel"), ROLES, build, kept=True,
              intro=_l("From registering in Landa to still living in the region a year after arriving."))
