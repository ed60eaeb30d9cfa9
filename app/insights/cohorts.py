"""Arrival cohorts: of the households that arrived in a month, how many were still in the region 3, 6 and 12 months
later. One grouped query over the reception cases (arrival: the first time a case was moved to "arrived").

Still here after N months: the case answered a follow-up sent N months or more after arrival, or it is open, or it
was closed as settled or as moved within the region, or it was closed only after those N months had passed. A
month's cohort is counted for N months only once every day of that month lies N months back.
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select

from app.auth.models import Role
from app.extensions import db
from app.i18n import format_date
from app.insights.figures import ChartKind, Column, Figure
from app.insights.filters import Filters, Scope
from app.insights.funnel import household_filters
from app.insights.models import HouseholdOutcome
from app.insights.periods import bounds, days_between, month_of, months
from app.insights.suppression import SMALLEST, rate, withhold, withhold_table
from app.insights.views import register_page
from app.models import today
from app.reception.models import Case, CaseEvent, CaseStatus, ClosingReason, FollowUp, FollowUpStatus

HORIZONS = ((3, 90), (6, 182), (12, 365))  # months and the days they are counted as
ROLES = (Role.OFFICER, Role.COORDINATOR, Role.ADMIN)


def grouped(scope: Scope, filters: Filters) -> dict[str, list[int]]:
    """Per arrival month (``YYYY-MM``): arrived, still here after 3, 6 and 12 months (one query)."""
    arrivals = (select(CaseEvent.case_id.label("case_id"), func.min(CaseEvent.at).label("arrived_at"))
                .where(CaseEvent.to_status == CaseStatus.ARRIVED).group_by(CaseEvent.case_id).subquery())
    start, end = bounds(filters)
    stays = []
    for _months, days in HORIZONS:
        answered = select(FollowUp.id).where(FollowUp.case_id == Case.id, FollowUp.status == FollowUpStatus.ANSWERED,
                                             FollowUp.offset_days >= days).exists()
        still = or_(answered, Case.status != CaseStatus.CLOSED,
                    Case.closing_reason.in_((ClosingReason.SETTLED, ClosingReason.MOVED_IN_REGION)),
                    days_between(arrivals.c.arrived_at, Case.closed_at) >= days)
        stays.append(func.sum(case((still, 1), else_=0)))
    where = [arrivals.c.arrived_at >= start, arrivals.c.arrived_at < end]
    municipality = scope.municipality or filters.municipality
    if municipality:
        where.append(Case.municipality_code == municipality)
    month = month_of(arrivals.c.arrived_at)
    query = select(month, func.count(), *stays).select_from(arrivals).join(Case, Case.id == arrivals.c.case_id)
    about_household = household_filters(Scope(role=scope.role), filters.with_(municipality=None))
    if about_household:  # the household's breakdowns are on its outcome row (app.insights.outcomes)
        query = query.join(HouseholdOutcome, HouseholdOutcome.profile_id == Case.profile_id)
    query = query.where(*where, *about_household).group_by(month)
    return {m: [int(v or 0) for v in rest] for m, *rest in db.session.execute(query)}


def _month_end(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1) - timedelta(days=1)


def build(scope: Scope, filters: Filters) -> list[Figure]:
    by_month = grouped(scope, filters)
    now = today()
    firsts = months(filters.start, filters.end)
    raw = [(first, *by_month.get(first.strftime("%Y-%m"), [0, 0, 0, 0])) for first in firsts]
    counted = withhold_table(raw, total_row=True, nested_rows=True)
    not_yet = _("not yet")
    rows = []
    for first, arrived, *stayed in counted:
        cells: list = [first, arrived]
        rates: list = []
        for (_m, days), count in zip(HORIZONS, stayed, strict=True):
            if _month_end(first) + timedelta(days=days) > now:
                cells.append(not_yet)
                rates.append(None)
            else:
                cells.append(count)
                rates.append(rate(count, arrived))
        rows.append(tuple(cells + rates))
    columns = (Column("month", _("Month of arrival"), numeric=False), Column("arrived", _("Arrived")),
               Column("stayed_3", _("Still here after 3 months")), Column("stayed_6", _("Still here after 6 months")),
               Column("stayed_12", _("Still here after 12 months")),
               Column("share_3", _("Share after 3 months"), unit="percent"),
               Column("share_6", _("Share after 6 months"), unit="percent"),
               Column("share_12", _("Share after 12 months"), unit="percent"))
    arrived_total = sum(r[1] for r in raw)
    old = [(r, c) for r, c in zip(rows, counted, strict=True) if r[-1] is not None and c[1] is not None]
    twelve = rate(sum(c[4] or 0 for _r, c in old), sum(c[1] for _r, c in old)) if old else None
    arrived_shown = withhold(arrived_total)
    summary = ngettext("%(households)s household arrived from %(start)s to %(end)s.",
                       "%(households)s households arrived from %(start)s to %(end)s.",
                       SMALLEST if arrived_shown is None else arrived_shown,
                       households=format_count(arrived_shown), start=format_date(filters.start),
                       end=format_date(filters.end))
    if twelve is not None:
        summary += " " + _("Of the months a year back or more, %(share)s were still in the region after 12 months.",
                           share=format_percent(twelve))
    definitions = (
        (_("Arrived"), _("Reception cases first marked arrived in the month (a household counts once, in the month"
                         " it first arrived).")),
        (_("Still here after N months"), _(
            "The case answered a follow-up sent N months or more after arrival, or it is still open, or it was closed"
            " as settled or as moved within the region, or it was closed only after those N months.")),
        (_("Not yet"), _("The month is less than N months ago, so it cannot be counted yet.")),
        (_("Share"), _("Still here divided by arrived, from the published counts only.")),
    )
    note = _("Counts from 1 to %(n)d are withheld.", n=SMALLEST - 1)
    return [Figure(key="cohorts", title=_("Still in the region after 3, 6 and 12 months"), summary=summary,
                   kind=ChartKind.LINE, columns=columns, rows=tuple(rows),
                   series=("share_3", "share_6", "share_12"), definitions=definitions, notes=(note,))]


def format_count(value: int | None) -> str:
    return _("fewer than %(n)d", n=SMALLEST) if value is None else format_decimal(value)


register_page("cohorts", _l("Arrival cohorts"), ROLES, build,
              intro=_l("Of the households that arrived in a month, how many were still in the region 3, 6 and 12"
                       " months later."))
