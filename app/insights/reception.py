"""Reception side of insights: what the municipalities' reception does and how households answer.

Every figure is computed in SQL (one grouped query, or a few, over the cases in the reader's scope) and every
count of households or people goes through ``app.insights.suppression`` before it becomes a figure:

- caseload and throughput per municipality and per officer (open cases now; cases opened, arrived, closed
  in the period), and per month;
- days from first contact (the case opened) to arrival, the median per municipality;
- follow-up check-ins (2 weeks, 3, 6 and 12 months after arrival): asked, answered, worrying answers;
- referrals to services (SFI, preschool, housing ...) and how far they got;
- events held and attendance; leads by campaign.

Scope: an officer sees their own municipality (``Scope.municipality``, forced into ``Filters.municipality``), its
officers included; coordinators and admins the region, or one municipality when they filter on it.

An arrival is the first time the case was moved to "arrived" (``CaseEvent``). Tables publish disjoint cells with
their totals, so a withheld cell cannot be recovered by subtracting published ones (secondary suppression).
"""

from __future__ import annotations

from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, literal, or_, select

from app.auth.models import User
from app.catalogue.models import Service
from app.catalogue.names import municipality_name
from app.events.models import KIND_LABELS, Event, EventKind, EventRegistration, EventStatus, RegistrationStatus
from app.extensions import db
from app.i18n import localized
from app.insights.figures import ChartKind, Column, Figure
from app.insights.filters import Filters, Scope
from app.insights.periods import bounds, days_between, month_of, months, within
from app.insights.suppression import SMALLEST, rate, withhold_table
from app.insights.views import register_page
from app.leads.models import Lead, lead_municipality
from app.models import utcnow
from app.reception.models import (
    REFERRAL_STATUS_LABELS,
    Case,
    CaseEvent,
    CaseStatus,
    FollowUp,
    FollowUpStatus,
    Referral,
    ReferralStatus,
)

TITLE = _l("Reception")
ROLES = ("officer", "coordinator", "admin")
CAMPAIGNS_SHOWN = 20  # the biggest campaigns by leads; the rest are one row
# Follow-up periods: a municipality may set its own days after arrival; each falls in the nearest period.
PERIODS = (("2w", 14, _l("2 weeks")), ("3m", 91, _l("3 months")), ("6m", 182, _l("6 months")),
           ("12m", 365, _l("12 months")))
WITHHELD_NOTE = _l("Counts from 1 to 4 are withheld and shown as “fewer than 5”, and so is one more cell where "
                   "a withheld one could otherwise be worked out from a total.")


# --- shared helpers ------------------------------------------------------------------------------------------

def place(scope: Scope, filters: Filters) -> str | None:
    """The one municipality the reader looks at (an officer's own, always), or None for the region."""
    return scope.municipality or filters.municipality


def _scoped_cases(stmt, scope: Scope, filters: Filters):
    code = place(scope, filters)
    return stmt.where(Case.municipality_code == code) if code else stmt


def arrivals():
    """Each case's arrival: the first time it was moved to "arrived" (a subquery: ``case_id``, ``arrived_at``)."""
    return (select(CaseEvent.case_id, func.min(CaseEvent.at).label("arrived_at"))
            .where(CaseEvent.to_status == CaseStatus.ARRIVED).group_by(CaseEvent.case_id).subquery())


def with_total(rows: list[tuple], label: str, counts: int) -> list[tuple]:
    """Rows of a label and ``counts`` raw counts, with a total row appended (summed from the raw counts)."""
    return [*rows, (label, *(sum(int(r[i] or 0) for r in rows) for i in range(1, counts + 1)))]


def protected(rows: list[tuple], *, counts: int, total_label: str, row_totals: bool = False) -> tuple[tuple, ...]:
    """Suppress a table of rows of a label and ``counts`` raw counts, published with its total row (the last row
    returned) and, with ``row_totals``, each row's total as its last column (the counts being disjoint parts
    of it)."""
    if row_totals:
        rows = [(*r, sum(int(v or 0) for v in r[1:])) for r in rows]
        counts += 1
    return tuple(withhold_table(with_total(rows, total_label, counts), total_row=True, total_column=row_totals))


def summed(*values: int | None) -> int | None:
    """The sum of published cells, or None if any is withheld."""
    return None if any(v is None for v in values) else sum(values)


def _notes() -> tuple[str, ...]:
    return (str(WITHHELD_NOTE),)


def _where(scope: Scope, filters: Filters) -> str:
    code = place(scope, filters)
    return municipality_name(code) if code else _("the region")


# --- caseload and throughput ---------------------------------------------------------------------------------

def caseload(scope: Scope, filters: Filters) -> Figure:
    """Per municipality: open cases today; cases opened, arrived and closed in the period (two grouped
    queries: the cases' own columns, then the arrivals)."""
    arrived = arrivals()
    opened_in, closed_in = within(Case.opened_at, filters), within(Case.closed_at, filters)
    by_code: dict[str, list[int]] = {}
    for code, still_open, opened, closed in db.session.execute(_scoped_cases(
            select(Case.municipality_code,
                   func.sum(case((Case.status != CaseStatus.CLOSED, 1), else_=0)),
                   func.sum(case((opened_in, 1), else_=0)),
                   func.sum(case((closed_in, 1), else_=0)))
            .where(or_(Case.status != CaseStatus.CLOSED, opened_in, closed_in))
            .group_by(Case.municipality_code), scope, filters)):
        by_code[code] = [int(still_open or 0), int(opened or 0), 0, int(closed or 0)]
    for code, count in db.session.execute(_scoped_cases(
            select(Case.municipality_code, func.count()).select_from(Case)
            .join(arrived, arrived.c.case_id == Case.id).where(within(arrived.c.arrived_at, filters))
            .group_by(Case.municipality_code), scope, filters)):
        by_code.setdefault(code, [0, 0, 0, 0])[2] = count
    raw = sorted(((municipality_name(code), *counts) for code, counts in by_code.items()), key=lambda r: r[0])
    rows = protected(raw, counts=4, total_label=_("All municipalities"))
    every, rows = rows[-1], rows[:-1]
    return Figure(
        key="caseload",
        title=_("Caseload and throughput per municipality"),
        summary=_("In %(where)s, %(open)s cases are open today; in the period %(opened)s cases were opened, "
                  "%(arrived)s households arrived and %(closed)s cases were closed.",
                  where=_where(scope, filters), open=_shown(every[1]), opened=_shown(every[2]),
                  arrived=_shown(every[3]), closed=_shown(every[4])),
        kind=ChartKind.BAR,
        columns=(Column("municipality", _("Municipality"), numeric=False), Column("open", _("Open cases today")),
                 Column("opened", _("Opened in the period")), Column("arrived", _("Arrived in the period")),
                 Column("closed", _("Closed in the period"))),
        rows=rows,
        definitions=_case_definitions(),
        notes=_notes(),
    )


def _case_definitions() -> tuple[tuple[str, str], ...]:
    return (
        (_("Open cases today"), _("Cases not closed, whatever their step (new, contacted, planning, arrived, "
                                  "settling in, followed up).")),
        (_("Cases opened"), _("Cases opened in the period: the first contact between the household and reception.")),
        (_("Households arrived"), _("Cases first moved to “arrived” in the period.")),
        (_("Cases closed"), _("Cases closed in the period, for any reason.")),
    )


def _shown(value) -> str:
    return _("fewer than %(n)s", n=SMALLEST) if value is None else format_decimal(value)


def throughput(scope: Scope, filters: Filters) -> Figure:
    """Per month of the period: cases opened, households arrived, cases closed (three grouped queries)."""
    arrived = arrivals()
    by_month: dict[str, list[int]] = {}
    queries = (
        select(month_of(Case.opened_at), func.count()).where(within(Case.opened_at, filters)),
        select(month_of(arrived.c.arrived_at), func.count()).select_from(Case)
        .join(arrived, arrived.c.case_id == Case.id).where(within(arrived.c.arrived_at, filters)),
        select(month_of(Case.closed_at), func.count()).where(within(Case.closed_at, filters)),
    )
    for i, stmt in enumerate(queries):
        month = stmt.selected_columns[0]
        for key, count in db.session.execute(_scoped_cases(stmt, scope, filters).group_by(month)):
            by_month.setdefault(key, [0, 0, 0])[i] = count
    raw = [(first, *by_month.get(first.strftime("%Y-%m"), [0, 0, 0]))
           for first in months(filters.start, filters.end)]
    rows = protected(raw, counts=3, total_label=_("Whole period"))
    return Figure(
        key="throughput",
        title=_("Cases opened, arrivals and cases closed per month"),
        summary=_("Per month in %(where)s: cases opened, households arrived and cases closed. In the whole period "
                  "%(opened)s cases were opened, %(arrived)s households arrived and %(closed)s cases were closed.",
                  where=_where(scope, filters), opened=_shown(rows[-1][1]), arrived=_shown(rows[-1][2]),
                  closed=_shown(rows[-1][3])),
        kind=ChartKind.LINE,
        columns=(Column("month", _("Month"), numeric=False), Column("opened", _("Cases opened")),
                 Column("arrived", _("Households arrived")), Column("closed", _("Cases closed"))),
        rows=rows[:-1],
        definitions=_case_definitions()[1:],
        notes=_notes(),
    )


def officers(scope: Scope, filters: Filters) -> Figure:
    """Per officer (the case's assigned officer): open cases today, opened and closed in the period. An officer
    sees the officers of their own municipality; coordinators every officer of the region (or one
    municipality's)."""
    opened_in, closed_in = within(Case.opened_at, filters), within(Case.closed_at, filters)
    stmt = _scoped_cases(
        select(Case.assigned_officer_id, User.full_name, User.municipality_code,
               func.sum(case((Case.status != CaseStatus.CLOSED, 1), else_=0)),
               func.sum(case((opened_in, 1), else_=0)),
               func.sum(case((closed_in, 1), else_=0)))
        .select_from(Case).outerjoin(User, User.id == Case.assigned_officer_id)
        .where(or_(Case.status != CaseStatus.CLOSED, opened_in, closed_in))
        .group_by(Case.assigned_officer_id, User.full_name, User.municipality_code), scope, filters)
    regional = place(scope, filters) is None
    named, nobody = [], None
    for officer_id, name, code, *counts in db.session.execute(stmt):
        if officer_id is None:
            nobody = (_("Nobody yet"), *counts)
            continue
        label = f"{name} ({municipality_name(code)})" if regional and code else name
        named.append((label, *counts))
    raw = sorted(named, key=lambda r: r[0].casefold()) + ([nobody] if nobody else [])
    rows = protected(raw, counts=3, total_label=_("All officers"))
    every, rows = rows[-1], rows[:-1]
    return Figure(
        key="officers",
        title=_("Caseload per officer"),
        summary=ngettext_officers(len(named), _where(scope, filters), every[1]),
        kind=ChartKind.NONE,  # a list of staff: a table reads better than dozens of bars
        columns=(Column("officer", _("Officer"), numeric=False), Column("open", _("Open cases today")),
                 Column("opened", _("Opened in the period")), Column("closed", _("Closed in the period"))),
        rows=rows,
        definitions=((_("Officer"), _("The officer a case is assigned to now; “Nobody yet” are cases no officer "
                                      "has taken.")),) + _case_definitions()[:2] + _case_definitions()[3:],
        notes=_notes(),
    )


def ngettext_officers(count: int, where: str, open_cases) -> str:
    return ngettext("%(num)d officer in %(where)s has cases; %(open)s cases are open today.",
                    "%(num)d officers in %(where)s have cases; %(open)s cases are open today.",
                    count, where=where, open=_shown(open_cases))


# --- first contact to arrival --------------------------------------------------------------------------------

def median_of(histogram: dict[int, int]) -> float | None:
    """The median of values given as ``{value: how many}``."""
    n = sum(histogram.values())
    if not n:
        return None
    ordered = sorted(histogram.items())

    def nth(k: int) -> int:  # the k-th smallest value, from 0
        seen = 0
        for value, count in ordered:
            seen += count
            if k < seen:
                return value
        return ordered[-1][0]

    return (nth((n - 1) // 2) + nth(n // 2)) / 2


def time_to_arrival(scope: Scope, filters: Filters) -> Figure:
    """Per municipality, households that arrived in the period: how many, and the median number of days from
    the case's opening (the first contact) to arrival. One query grouped by municipality and number of days."""
    arrived = arrivals()
    days = days_between(Case.opened_at, arrived.c.arrived_at, whole=True)
    stmt = _scoped_cases(
        select(Case.municipality_code, days, func.count()).select_from(Case)
        .join(arrived, arrived.c.case_id == Case.id).where(within(arrived.c.arrived_at, filters))
        .group_by(Case.municipality_code, days), scope, filters)
    histograms: dict[str, dict[int, int]] = {}
    for code, d, count in db.session.execute(stmt):
        spread = histograms.setdefault(code, {})
        spread[max(0, int(d or 0))] = spread.get(max(0, int(d or 0)), 0) + count  # arrived before: 0 days
    region: dict[int, int] = {}
    for spread in histograms.values():
        for d, count in spread.items():
            region[d] = region.get(d, 0) + count
    raw = sorted(((municipality_name(code), sum(spread.values())) for code, spread in histograms.items()),
                 key=lambda r: r[0])
    counted = protected(raw, counts=1, total_label=_("All municipalities"))
    medians = [median_of(histograms[code]) for code in sorted(histograms, key=municipality_name)] + [
        median_of(region)]
    rows = tuple((label, count, medians[i] if count is not None else None)
                 for i, (label, count) in enumerate(counted))
    overall, rows = rows[-1], rows[:-1]
    return Figure(
        key="time_to_arrival",
        title=_("Days from first contact to arrival"),
        summary=_arrival_summary(_where(scope, filters), overall[1], overall[2]),
        kind=ChartKind.BAR,
        columns=(Column("municipality", _("Municipality"), numeric=False), Column("arrived", _("Households arrived")),
                 Column("median_days", _("Median days from first contact to arrival"))),
        rows=rows,
        definitions=(
            (_("First contact"), _("The day the household's case was opened.")),
            (_("Arrival"), _("The day the case was first moved to “arrived”; a household that arrived before its "
                             "case was opened counts 0 days.")),
            (_("Median"), _("Half of the households arrived within this many days, half took longer. Shown only "
                            "where at least 5 households arrived.")),
        ),
        notes=_notes(),
        series=("median_days",),
    )


def _arrival_summary(where: str, count: int | None, median: float | None) -> str:
    if median is None:
        return _("Households in %(where)s that arrived in the period: %(count)s; too few to give the median time "
                 "from first contact to arrival.", where=where, count=_shown(count))
    return ngettext("Of the households in %(where)s that arrived in the period (%(count)s), half arrived within "
                    "%(days)s day of their first contact with reception.",
                    "Of the households in %(where)s that arrived in the period (%(count)s), half arrived within "
                    "%(days)s days of their first contact with reception.",
                    int(median) if median == int(median) else 2, where=where, count=_shown(count),
                    days=_days(median))


def _days(value: float) -> str:
    return format_decimal(value, format="#,##0.#")


# --- follow-ups ----------------------------------------------------------------------------------------------

def period_key(offset_days: int) -> str:
    """The follow-up period a number of days after arrival falls in (the nearest of 2 weeks, 3, 6, 12 months)."""
    return "2w" if offset_days < 50 else "3m" if offset_days < 135 else "6m" if offset_days < 270 else "12m"


def follow_ups(scope: Scope, filters: Filters) -> Figure:
    """Per follow-up period: check-ins due in the period that were answered (with or without a worrying
    answer) or went unanswered; the response rate from the published counts. One query, grouped by the raw
    columns (a few dozen groups) and put in periods here; the case is joined only for one municipality."""
    stmt = (select(FollowUp.offset_days, FollowUp.status, FollowUp.trouble, func.count())
            .where(FollowUp.status.in_([FollowUpStatus.ANSWERED, FollowUpStatus.MISSED]),
                   FollowUp.due_on >= filters.start, FollowUp.due_on <= filters.end)
            .group_by(FollowUp.offset_days, FollowUp.status, FollowUp.trouble))
    if place(scope, filters):
        stmt = _scoped_cases(stmt.join(Case, Case.id == FollowUp.case_id), scope, filters)
    counts: dict[str, dict[str, int]] = {}
    for offset, status, trouble, count in db.session.execute(stmt):
        kind = "missed" if status == FollowUpStatus.MISSED else "worry" if trouble else "fine"
        by_kind = counts.setdefault(period_key(offset), {})
        by_kind[kind] = by_kind.get(kind, 0) + count
    raw = [(str(label), *(counts.get(key, {}).get(k, 0) for k in ("fine", "worry", "missed")))
           for key, _days_after, label in PERIODS]
    cells = protected(raw, counts=3, total_label=_("All check-ins"), row_totals=True)
    rows = []
    for label, fine, worry, missed, asked in cells:
        answered = summed(fine, worry)
        if answered is None and asked is not None and missed is not None:
            answered = asked - missed
        rows.append((label, asked, answered, worry, missed, rate(answered, asked), rate(worry, answered)))
    every, rows = rows[-1], rows[:-1]
    return Figure(
        key="follow_ups",
        title=_("Follow-up check-ins: answers and worrying answers"),
        summary=_("Of %(asked)s check-ins due in the period in %(where)s, %(answered)s were answered "
                  "(%(rate)s) and %(worry)s answers were worrying.",
                  asked=_shown(every[1]), where=_where(scope, filters), answered=_shown(every[2]),
                  rate=_percent(every[5]), worry=_shown(every[3])),
        kind=ChartKind.BAR,
        columns=(Column("period", _("After arrival"), numeric=False), Column("asked", _("Asked")),
                 Column("answered", _("Answers")), Column("worrying", _("Worrying answers")),
                 Column("missed", _("No answer")), Column("response_rate", _("Response rate")),
                 Column("worrying_share", _("Share of answers that worry"))),
        rows=tuple(rows),
        definitions=(
            (_("Asked"), _("Check-ins due in the period that were sent and either answered or left unanswered "
                           "for a week; check-ins not sent (no consent) or still waiting are not counted.")),
            (_("Worrying answers"), _("Answers that show the household needs support: feeling settled 1 or 2 of "
                                      "5, or still looking for somewhere to live.")),
            (_("After arrival"), _("A municipality may set its own days; each check-in counts in the nearest of "
                                   "2 weeks, 3, 6 and 12 months.")),
        ),
        notes=_notes(),
        series=("answered", "worrying", "missed"),
    )


def _percent(value: float | None) -> str:
    return _shown(None) if value is None else format_percent(value)


# --- referrals -----------------------------------------------------------------------------------------------

REFERRAL_COLUMNS = (ReferralStatus.SUGGESTED, ReferralStatus.SENT, ReferralStatus.IN_PROGRESS, ReferralStatus.DONE,
                    ReferralStatus.DECLINED)


def referrals(scope: Scope, filters: Filters) -> Figure:
    """Per service (housing contacts as one): referrals made in the period by how far they got today."""
    housing = Referral.housing_key.is_not(None)
    target = case((housing, literal("housing")), else_=Referral.service_key)
    stmt = _scoped_cases(
        select(target, Referral.status, func.count()).select_from(Referral).join(Case, Case.id == Referral.case_id)
        .where(within(Referral.created_at, filters)).group_by(target, Referral.status), scope, filters)
    counts: dict[str, dict[str, int]] = {}
    for key, status, count in db.session.execute(stmt):
        counts.setdefault(key, {})[ReferralStatus(status)] = count
    services = {s.key: s for s in db.session.scalars(select(Service).where(Service.key.in_(list(counts))))}

    def name(key: str) -> str:
        return _("Housing") if key == "housing" else localized(services[key], "name") if key in services else key

    raw = sorted(((name(key), *(by.get(s, 0) for s in REFERRAL_COLUMNS)) for key, by in counts.items()),
                 key=lambda r: r[0].casefold())
    rows = protected(raw, counts=len(REFERRAL_COLUMNS), total_label=_("All services"), row_totals=True)
    every, rows = rows[-1], rows[:-1]

    return Figure(
        key="referrals",
        title=_("Referrals to services and how far they got"),
        summary=_("In the period, reception in %(where)s made %(count)s referrals; %(done)s are done (the household "
                  "used the service) and %(declined)s were declined.", where=_where(scope, filters),
                  count=_shown(every[-1]), done=_shown(every[4]), declined=_shown(every[5])),
        kind=ChartKind.BAR,
        columns=(Column("service", _("Service"), numeric=False),
                 *(Column(s.value, str(REFERRAL_STATUS_LABELS[s])) for s in REFERRAL_COLUMNS),
                 Column("total", _("All referrals"))),
        rows=rows,
        definitions=(
            (_("Referral"), _("A household sent on to a service (such as SFI, preschool or the tax agency) or to a "
                              "housing contact, made in the period; housing contacts are counted together.")),
            (_("Done"), _("The household has used the service: the officer marked the referral done.")),
        ),
        notes=_notes(),
        series=tuple(s.value for s in REFERRAL_COLUMNS),
    )


# --- events --------------------------------------------------------------------------------------------------

def events(scope: Scope, filters: Filters) -> Figure:
    """Per kind of event, the published events held in the period (before today): how many, their seats,
    the people registered (a seat) and how many of them attended."""
    registered = (select(EventRegistration.event_id,
                         func.count().label("seated"),
                         func.sum(case((EventRegistration.attended.is_(True), 1), else_=0)).label("came"))
                  .where(EventRegistration.status == RegistrationStatus.CONFIRMED)
                  .group_by(EventRegistration.event_id).subquery())
    code = place(scope, filters)
    start, end = bounds(filters)
    stmt = (select(Event.kind, func.count(), func.sum(Event.capacity),
                   func.coalesce(func.sum(registered.c.came), 0),
                   func.coalesce(func.sum(registered.c.seated), 0))
            .select_from(Event).outerjoin(registered, registered.c.event_id == Event.id)
            .where(Event.status == EventStatus.PUBLISHED, Event.starts_at >= start,
                   Event.starts_at < min(end, utcnow()))
            .group_by(Event.kind))
    if code:
        stmt = stmt.where(Event.municipality_code == code)
    found = {EventKind(kind): (held, seats, came, seated) for kind, held, seats, came, seated
             in db.session.execute(stmt)}
    kinds = [k for k in EventKind if k in found]
    people = protected([(str(KIND_LABELS[k]), int(found[k][2]), int(found[k][3]) - int(found[k][2]))
                        for k in kinds], counts=2, total_label=_("All events"), row_totals=True)
    held = [(int(found[k][0]), int(found[k][1] or 0)) for k in kinds]
    held.append((sum(h for h, _s in held), sum(s for _h, s in held)))
    rows = tuple((label, events_held, seats, seated, came)
                 for (label, came, _not_came, seated), (events_held, seats) in zip(people, held, strict=True))
    every, rows = rows[-1], rows[:-1]
    return Figure(
        key="events",
        title=_("Events held and attendance"),
        summary=_("In the period, %(held)s events were held in %(where)s with %(seats)s seats; %(registered)s "
                  "people had a seat and %(attended)s attended.", held=_shown(every[1]),
                  where=_where(scope, filters), seats=_shown(every[2]), registered=_shown(every[3]),
                  attended=_shown(every[4])),
        kind=ChartKind.BAR,
        columns=(Column("kind", _("Kind of event"), numeric=False), Column("held", _("Events held")),
                 Column("seats", _("Seats")), Column("registered", _("People with a seat")),
                 Column("attended", _("People who came"))),
        rows=rows,
        definitions=(
            (_("Events held"), _("Published events that started in the period, up to today; cancelled events are "
                                 "not counted. Events are public, so their number and seats are not withheld.")),
            (_("People with a seat"), _("People with a seat (a confirmed registration, not the waiting list).")),
            (_("People who came"), _("People with a seat the organisers marked as present.")),
        ),
        notes=_notes(),
        series=("registered", "attended"),
    )


# --- leads ---------------------------------------------------------------------------------------------------

def leads(scope: Scope, filters: Filters) -> Figure:
    """Per campaign: leads made in the period, how many confirmed their address and how many registered an
    account. An officer counts the leads that name their municipality."""
    campaign = func.coalesce(Lead.utm_campaign, Lead.campaign_code)
    stage = case((Lead.registered_at.is_not(None), literal("registered")),
                 (Lead.confirmed_at.is_not(None), literal("confirmed")), else_=literal("unconfirmed"))
    stmt = (select(campaign, stage, func.count(func.distinct(Lead.id))).select_from(Lead)
            .where(within(Lead.created_at, filters)).group_by(campaign, stage))
    code = place(scope, filters)
    if code:
        stmt = stmt.join(lead_municipality, lead_municipality.c.lead_id == Lead.id).where(
            lead_municipality.c.municipality_code == code)
    counts: dict[str | None, dict[str, int]] = {}
    for name, kind, count in db.session.execute(stmt):
        counts.setdefault(name, {})[kind] = count
    ranked = sorted((name for name in counts if name is not None),
                    key=lambda n: (-sum(counts[n].values()), n.casefold()))
    stages = ("unconfirmed", "confirmed", "registered")
    raw = [(name, *(counts[name].get(s, 0) for s in stages)) for name in ranked[:CAMPAIGNS_SHOWN]]
    others = [counts[n] for n in ranked[CAMPAIGNS_SHOWN:]]
    if others:
        raw.append((_("Other campaigns"), *(sum(o.get(s, 0) for o in others) for s in stages)))
    if None in counts:
        raw.append((_("No campaign"), *(counts[None].get(s, 0) for s in stages)))
    cells = protected(raw, counts=3, total_label=_("All leads"), row_totals=True)
    rows = []
    for label, unconfirmed, confirmed_only, registered, total in cells:
        confirmed = summed(confirmed_only, registered)
        if confirmed is None and total is not None and unconfirmed is not None:
            confirmed = total - unconfirmed
        rows.append((label, total, confirmed, registered, rate(registered, total)))
    every, rows = rows[-1], rows[:-1]
    return Figure(
        key="leads",
        title=_("Leads by campaign"),
        summary=_("In the period, %(leads)s people in %(where)s told us they think of moving here; %(confirmed)s "
                  "confirmed their address and %(registered)s registered an account.", leads=_shown(every[1]),
                  where=_where(scope, filters), confirmed=_shown(every[2]), registered=_shown(every[3])),
        kind=ChartKind.BAR,
        columns=(Column("campaign", _("Campaign"), numeric=False), Column("leads", _("Leads")),
                 Column("confirmed", _("Confirmed their address")), Column("registered", _("Registered an account")),
                 Column("registered_share", _("Share registered"))),
        rows=tuple(rows),
        definitions=(
            (_("Lead"), _("Someone who filled in the interest form in the period, before having an account.")),
            (_("Campaign"), _("The campaign the person came from (the link's utm_campaign, else its campaign "
                              "code); the %(n)s biggest are shown, the rest together.", n=CAMPAIGNS_SHOWN)),
            (_("Registered an account"), _("Leads who went on to register an account through their invitation.")),
        ),
        notes=_notes(),
        series=("leads", "confirmed", "registered"),
    )


def build(scope: Scope, filters: Filters) -> list[Figure]:
    """The reception page's figures, in reading order."""
    return [caseload(scope, filters), throughput(scope, filters), officers(scope, filters),
            time_to_arrival(scope, filters), follow_ups(scope, filters), referrals(scope, filters),
            events(scope, filters), leads(scope, filters)]


register_page("reception", TITLE, ROLES, build, filters=("start", "end", "municipality"),
              intro=_l("What reception does in the municipalities: caseload, arrivals, follow-up answers, "
                       "referrals to services, events and leads."))
