"""The employer side of the region's figures: competence needs posted and filled, time to fill, interest and
contact rates (page ``employers``), and demand against supply (page ``demand``): open positions per occupation
and municipality against the consenting talent who fit them, so a coordinator sees where to recruit and where
to train.

Every figure is a handful of ``GROUP BY`` queries (the same on SQLite and PostgreSQL), whatever the size of the
data; Python only folds the grouped rows (at most one per occupation of the catalogue) into major groups and
industries, and suppresses them (``app.insights.suppression``).

Who sees what: coordinators and admins the region, officers their municipality (needs placed there, talent who
would live there), employers and industry networks only their own needs (``Scope.organisation_ids``: needs they
posted or that were posted on their behalf) and the anonymous, suppressed supply counts.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, false, func, literal_column, or_, select, union
from sqlalchemy.sql import ColumnElement

from app.auth.models import Role
from app.catalogue.models import IndustryNetwork, Municipality, Occupation, OccupationGroup
from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    ContactRequest,
    ContactStatus,
    Interest,
    NeedStatus,
    Organisation,
    need_on_behalf_of,
    organisation_network,
)
from app.extensions import db
from app.i18n import current_locale
from app.insights.figures import ChartKind, Column, Figure
from app.insights.filters import Filters, Scope
from app.insights.periods import days_between, month_of, months, within
from app.insights.suppression import SMALLEST, rate, withhold, withhold_table
from app.insights.views import register_page
from app.matching.models import DELIMITER, TalentCardOccupation
from app.models import today, utcnow
from app.talent.services import CURRENT_FOR

# The industries of the catalogue's occupations (``Occupation.industry_tags``), in the reader's words.
INDUSTRY_LABELS = {
    "battery": _l("Batteries"),
    "biorefinery": _l("Biorefinery"),
    "construction": _l("Construction"),
    "education": _l("Education"),
    "efuels": _l("Electrofuels"),
    "energy": _l("Energy"),
    "forest_industry": _l("Forest industry"),
    "forestry": _l("Forestry"),
    "gaming": _l("Games industry"),
    "grid": _l("Electricity grid"),
    "healthcare": _l("Healthcare"),
    "hospitality": _l("Hotels and restaurants"),
    "hydrogen": _l("Hydrogen"),
    "industry": _l("Industry in general"),
    "it": _l("IT"),
    "logistics": _l("Logistics"),
    "manufacturing": _l("Manufacturing"),
    "municipal_care": _l("Municipal care"),
    "process_industry": _l("Process industry"),
    "public_sector": _l("Public sector"),
    "tourism": _l("Tourism"),
    "utilities": _l("Utilities"),
    "wind": _l("Wind power"),
}
UNTAGGED = "_none"
PAGE_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.OFFICER, Role.EMPLOYER)
WITHHELD_NOTE = _l("Counts under %(smallest)s are withheld, and so is one more where the withheld one could be "
                   "worked out from a total.")


# --- shared pieces ---------------------------------------------------------------------------------------

def _need_scope(scope: Scope, filters: Filters) -> list[ColumnElement]:
    """Which needs the reader may count: default-deny, an employer's own only, an officer's municipality."""
    need = CompetenceNeed
    if scope.role == Role.EMPLOYER:
        ids = tuple(scope.organisation_ids)
        if not ids:
            return [false()]
        clauses = [or_(need.organisation_id.in_(ids), need.id.in_(
            select(need_on_behalf_of.c.need_id).where(need_on_behalf_of.c.organisation_id.in_(ids))))]
    elif scope.role in (Role.COORDINATOR, Role.ADMIN, Role.OFFICER):
        clauses = []
    else:
        return [false()]
    if scope.role == Role.OFFICER:
        clauses.append(need.municipality_code == scope.municipality)
    if filters.municipality:
        clauses.append(need.municipality_code == filters.municipality)
    if filters.group:
        clauses.append(need.occupation_code.startswith(filters.group))
    return clauses


def _catalogue() -> tuple[dict[str, str], dict[str, Occupation]]:
    """Major group labels (one digit) and the occupations, in the reader's language (two small queries)."""
    locale = current_locale()
    groups = {g.code: g.label(locale) for g in db.session.scalars(
        select(OccupationGroup).where(OccupationGroup.level == 1))}
    occupations = {o.code: o for o in db.session.scalars(select(Occupation))}
    return groups, occupations


def _group_label(code: str, groups: dict[str, str]) -> str:
    return f"{code} {groups.get(code, '')}".strip()


def _notes() -> tuple[str, ...]:
    return (str(WITHHELD_NOTE) % {"smallest": SMALLEST},)


# --- page "employers": needs posted and filled -------------------------------------------------------------

def _posted_filled_by_occupation(scope: Scope, filters: Filters) -> list[tuple[str, int, int]]:
    """(occupation code, needs posted in the period, needs filled in the period): one query."""
    need = CompetenceNeed
    posted = within(need.published_at, filters)
    filled = and_(need.status == NeedStatus.FILLED, within(need.closed_at, filters))
    return [tuple(row) for row in db.session.execute(
        select(need.occupation_code, func.sum(case((posted, 1), else_=0)), func.sum(case((filled, 1), else_=0)))
        .where(need.published_at.is_not(None), or_(posted, filled), *_need_scope(scope, filters))
        .group_by(need.occupation_code).order_by(need.occupation_code))]


def _by_month(scope: Scope, filters: Filters) -> Figure:
    need = CompetenceNeed
    base = [need.published_at.is_not(None), *_need_scope(scope, filters)]
    month = month_of(need.published_at)
    posted = dict(db.session.execute(
        select(month, func.count()).where(*base, within(need.published_at, filters)).group_by(month)).all())
    month = month_of(need.closed_at)
    filled = dict(db.session.execute(
        select(month, func.count())
        .where(*base, need.status == NeedStatus.FILLED, within(need.closed_at, filters)).group_by(month)).all())
    rows = withhold_table([(m, posted.get(m.strftime("%Y-%m"), 0), filled.get(m.strftime("%Y-%m"), 0))
                           for m in months(filters.start, filters.end)])
    return Figure(
        key="needs_by_month",
        title=_("Needs posted and filled per month"),
        summary=_("In the period, %(posted)s needs were posted and %(filled)s were filled.",
                  posted=_count_text(withhold(sum(posted.values()))),
                  filled=_count_text(withhold(sum(filled.values())))),
        kind=ChartKind.LINE,
        columns=(Column("month", _("Month"), numeric=False), Column("posted", _("Needs posted")),
                 Column("filled", _("Needs filled"))),
        rows=tuple(rows),
        definitions=_definitions_posted_filled(),
        notes=_notes(),
    )


def _definitions_posted_filled() -> tuple[tuple[str, str], ...]:
    return (
        (_("Needs posted"), _("Competence needs published in the month (or period), counted once each, whatever "
                              "their number of positions. Drafts never published are not counted.")),
        (_("Needs filled"), _("Needs marked as filled by their employer in the month (or period), whenever "
                              "they were posted.")),
    )


def _fill_days(scope: Scope, filters: Filters) -> dict[str, tuple[int, float | None]]:
    """Per major group: how many needs were filled in the period and the median days from publication to
    filled, in one query (the middle one or two of each group, found by window functions)."""
    need = CompetenceNeed
    group = func.substr(need.occupation_code, literal_column("1"), literal_column("1"))
    days = days_between(need.published_at, need.closed_at)
    ranked = (
        select(group.label("grp"), days.label("days"),
               func.row_number().over(partition_by=group, order_by=days).label("n"),
               func.count().over(partition_by=group).label("total"))
        .where(need.status == NeedStatus.FILLED, need.published_at.is_not(None), within(need.closed_at, filters),
               *_need_scope(scope, filters))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.grp, ranked.c.total, func.avg(ranked.c.days))
        .where(ranked.c.n.in_([(ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2]))
        .group_by(ranked.c.grp, ranked.c.total)).all()
    return {grp: (int(total), float(median) if median is not None else None) for grp, total, median in rows}


def _rates(scope: Scope, filters: Filters) -> dict[str, tuple[int, int, int]]:
    """Per major group: interests in the needs posted in the period, contact requests sent about them and
    those answered yes (two queries)."""
    need = CompetenceNeed
    group = func.substr(need.occupation_code, literal_column("1"), literal_column("1"))
    where = [need.published_at.is_not(None), within(need.published_at, filters), *_need_scope(scope, filters)]
    interests = dict(db.session.execute(
        select(group, func.count(Interest.id)).select_from(Interest).join(need, need.id == Interest.need_id)
        .where(*where).group_by(group)).all())
    contacts = {g: (int(sent), int(yes or 0)) for g, sent, yes in db.session.execute(
        select(group, func.count(ContactRequest.id),
               func.sum(case((ContactRequest.status == ContactStatus.ACCEPTED, 1), else_=0)))
        .select_from(ContactRequest).join(need, need.id == ContactRequest.need_id).where(*where).group_by(group))}
    return {g: (int(interests.get(g, 0)), *contacts.get(g, (0, 0))) for g in set(interests) | set(contacts)}


def _by_network(scope: Scope, filters: Filters) -> list[tuple[str, int, int]]:
    """(network name, needs posted, needs filled in the period): needs of the network's member organisations
    and of the network's own organisation, one query."""
    need = CompetenceNeed
    membership = union(
        select(organisation_network.c.organisation_id.label("organisation_id"),
               organisation_network.c.network_key.label("network_key")),
        select(Organisation.id, Organisation.represents_key).where(Organisation.represents_key.is_not(None)),
    ).subquery()
    posted = within(need.published_at, filters)
    filled = and_(need.status == NeedStatus.FILLED, within(need.closed_at, filters))
    return [tuple(row) for row in db.session.execute(
        select(IndustryNetwork.name, func.sum(case((posted, 1), else_=0)), func.sum(case((filled, 1), else_=0)))
        .select_from(need)
        .join(membership, membership.c.organisation_id == need.organisation_id)
        .join(IndustryNetwork, IndustryNetwork.key == membership.c.network_key)
        .where(need.published_at.is_not(None), or_(posted, filled), *_need_scope(scope, filters))
        .group_by(IndustryNetwork.name).order_by(IndustryNetwork.name))]


def _count_text(value: int | None) -> str:
    return _("fewer than %(n)s", n=SMALLEST) if value is None else format_decimal(value)


def _protect(raw: dict, lines: list[list]) -> dict:
    """Suppress counts that are tied together by sums (``suppression`` rules 1 and 2 across tables): ``raw``
    maps a cell's key to its count; each line lists cells of which one is the sum of the others, or whose
    total is published, so a single withheld cell in it could be worked out. In every such line one more
    cell (the smallest other non-zero one) is withheld, until none has a single withheld cell."""
    cells = {key: withhold(value) for key, value in raw.items()}
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for key in line if key in cells and cells[key] is None) != 1:
                continue
            others = [(raw[key], str(key), key) for key in line if cells.get(key) is not None and raw[key] > 0]
            if others:
                cells[min(others)[2]] = None
                changed = True
    return cells


def needs_figures(scope: Scope, filters: Filters) -> list[Figure]:
    """The page ``employers``: needs posted and filled over time, per occupation group, unit group, industry
    and network; time to fill; interest and contact rates.

    The group, unit group and industry tables are suppressed together: a group's count is the sum of its
    unit groups', an industry's the sum of its occupations', and the groups add up to the published total."""
    groups, occupations = _catalogue()
    by_code = _posted_filled_by_occupation(scope, filters)
    fills = _fill_days(scope, filters)
    rates = _rates(scope, filters)
    group_codes = sorted({code[0] for code, _p, _f in by_code} | set(fills) | set(rates))
    tags = {code: (occupations[code].industry_tags if code in occupations and occupations[code].industry_tags
                   else [UNTAGGED]) for code, _p, _f in by_code}
    industries = sorted({tag for found in tags.values() for tag in found}, key=lambda t: (t == UNTAGGED, t))
    lines = [[("g", g) for g in group_codes]]
    lines += [[("g", g)] + [("u", code) for code, _p, _f in by_code if code[0] == g] for g in group_codes]
    lines += [[("i", t)] + [("u", code) for code, _p, _f in by_code if t in tags[code]] for t in industries]
    published = []
    for column in (1, 2):  # needs posted, needs filled
        raw: dict = defaultdict(int)
        for row in by_code:
            code, count = row[0], int(row[column])
            raw["u", code] += count
            raw["g", code[0]] += count
            for tag in tags[code]:
                raw["i", tag] += count
        for g in group_codes:
            raw["g", g] += 0
        published.append(_protect(dict(raw), lines))
    posted, filled = published

    median_days = {g: fills[g][1] for g in fills if filled.get(("g", g)) is not None}
    group_rows = [(g, posted[("g", g)], filled[("g", g)]) for g in group_codes]
    by_group = Figure(
        key="needs_by_group",
        title=_("Needs posted and filled per occupation group"),
        summary=_("Needs posted and filled in the period per SSYK major group, with the median number of days "
                  "from posting to filled. Most needs were posted in: %(top)s.",
                  top=_top_label(group_rows, lambda code: _group_label(code, groups))),
        kind=ChartKind.BAR,
        columns=(Column("group", _("Occupation group"), numeric=False), Column("posted", _("Needs posted")),
                 Column("filled", _("Needs filled")), Column("median_days_to_fill", _("Median days to fill"))),
        rows=tuple((_group_label(code, groups), p, f,
                    round(median_days[code], 1) if median_days.get(code) is not None else None)
                   for code, p, f in group_rows),
        definitions=(*_definitions_posted_filled(),
                     (_("Occupation group"), _("The SSYK 2012 major group (first digit) of the need's occupation.")),
                     (_("Median days to fill"), _("Of the needs filled in the period: the middle number of days "
                                                  "from publication to being marked filled. Shown only where "
                                                  "the number of needs filled is shown.")),
                     ),
        notes=_notes(),
        series=("posted", "filled"),
    )

    locale = current_locale()
    units = [(code, posted[("u", code)], filled[("u", code)]) for code, _p, _f in by_code]
    units = [row for row in units if row[1] or row[2]]  # a row withheld or zero throughout says nothing
    by_unit = Figure(
        key="needs_by_unit",
        title=_("Needs posted and filled per occupation"),
        summary=ngettext("Needs posted and filled in the period per SSYK unit group (four digits): %(num)s "
                         "occupation. Occupations with fewer than 5 needs posted and filled are left out.",
                         "Needs posted and filled in the period per SSYK unit group (four digits): %(num)s "
                         "occupations. Occupations with fewer than 5 needs posted and filled are left out.",
                         len(units)),
        kind=ChartKind.NONE,
        columns=(Column("occupation", _("Occupation"), numeric=False), Column("ssyk", _("SSYK"), numeric=False),
                 Column("posted", _("Needs posted")), Column("filled", _("Needs filled"))),
        rows=tuple((occupations[code].label(locale) if code in occupations else code, code, p, f)
                   for code, p, f in units),
        definitions=_definitions_posted_filled(),
        notes=_notes(),
    )

    industry_rows = [(t, posted[("i", t)], filled[("i", t)]) for t in industries]
    by_industry = Figure(
        key="needs_by_industry",
        title=_("Needs posted and filled per industry"),
        summary=_("Needs posted and filled in the period per industry of their occupation. Most needs were "
                  "posted in: %(top)s.", top=_top_label(industry_rows, _industry_label)),
        kind=ChartKind.BAR,
        columns=(Column("industry", _("Industry"), numeric=False), Column("posted", _("Needs posted")),
                 Column("filled", _("Needs filled"))),
        rows=tuple((_industry_label(tag), p, f) for tag, p, f in industry_rows),
        definitions=(*_definitions_posted_filled(),
                     (_("Industry"), _("The industries the catalogue tags the need's occupation with. An occupation "
                                       "with several industries counts in each, so the rows do not add up to the "
                                       "total."))),
        notes=_notes(),
    )

    network_rows = withhold_table(_by_network(scope, filters), total_row=False)
    by_network = Figure(
        key="needs_by_network",
        title=_("Needs posted and filled per industry network"),
        summary=ngettext("Needs posted and filled in the period by the members of each industry network "
                         "(%(num)s network).",
                         "Needs posted and filled in the period by the members of each industry network "
                         "(%(num)s networks).", len(network_rows)),
        kind=ChartKind.NONE,
        columns=(Column("network", _("Industry network"), numeric=False), Column("posted", _("Needs posted")),
                 Column("filled", _("Needs filled"))),
        rows=tuple(network_rows),
        definitions=(*_definitions_posted_filled(),
                     (_("Industry network"), _("Needs posted by an organisation that is a member of the network, "
                                               "or by the network itself. An organisation in several networks "
                                               "counts in each."))),
        notes=_notes(),
    )

    rate_rows = withhold_table([(g, *rates.get(g, (0, 0, 0))) for g in group_codes])
    rates_figure = Figure(
        key="interest_and_contact",
        title=_("Interest and contact per occupation group"),
        summary=_("For the needs posted in the period: how many candidates showed interest per need, and the "
                  "share of contact requests that were answered yes."),
        kind=ChartKind.NONE,
        columns=(Column("group", _("Occupation group"), numeric=False), Column("posted", _("Needs posted")),
                 Column("interests", _("Interests")), Column("interests_per_need", _("Interests per need")),
                 Column("contact_requests", _("Contact requests sent")),
                 Column("contact_accepted", _("Answered yes")), Column("contact_rate", _("Share answered yes"))),
        rows=tuple((_group_label(g, groups), posted[("g", g)], interested,
                    _rounded(rate(interested, posted[("g", g)])), sent, yes, _rounded(rate(yes, sent)))
                   for g, interested, sent, yes in rate_rows),
        definitions=(
            (_("Interests"), _("Candidates (a newcomer or a partner) who showed interest in a need posted in the "
                               "period.")),
            (_("Interests per need"), _("Interests divided by the needs posted in the period.")),
            (_("Contact requests sent"), _("Requests for contact employers sent about needs posted in the "
                                           "period.")),
            (_("Share answered yes"), _("Contact requests the candidate accepted, divided by those sent (a "
                                        "request not yet answered counts as not yes).")),
        ),
        notes=_notes(),
    )
    return [_by_month(scope, filters), by_group, by_unit, by_industry, by_network, rates_figure]


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def _industry_label(tag: str) -> str:
    if tag == UNTAGGED:
        return _("No industry given")
    return str(INDUSTRY_LABELS.get(tag, tag))


def _top_label(rows: list[tuple], label) -> str:
    """The label of the row with the most published in its first count column (ties: the first row)."""
    shown = [row for row in rows if row[1]]
    if not shown:
        return _("too few to tell")
    return label(sorted(shown, key=lambda row: -row[1])[0][0])


# --- page "demand": open positions against talent who fit ----------------------------------------------------

def _open_positions(scope: Scope, filters: Filters):
    """SQL: the open needs the reader may count, grouped by (occupation, municipality): needs, positions."""
    need = CompetenceNeed
    return (
        select(need.occupation_code.label("occupation_code"), need.municipality_code.label("municipality_code"),
               func.count().label("needs"), func.sum(need.positions).label("positions"))
        .join(Organisation, Organisation.id == need.organisation_id)
        .where(need.status == NeedStatus.OPEN, Organisation.status == ApprovalStatus.APPROVED,
               or_(need.expires_on.is_(None), need.expires_on >= today()), *_need_scope(scope, filters))
        .group_by(need.occupation_code, need.municipality_code)
    )


def _supply(codes: list[str], places: list[str]) -> Select:
    """SQL: per occupation of ``codes``, the listed talent who fit each municipality of ``places`` (a column
    each, in that order): one pass over the listed people's occupations (``talent_card_occupation``, one row per
    person and occupation), each row tested against the few municipalities of the region."""
    card = TalentCardOccupation
    fits = [func.sum(case((or_(card.open_to_all.is_(True), card.places.contains(f"{DELIMITER}{code}{DELIMITER}")),
                           1), else_=0)) for code in places]
    return (
        select(card.occupation_code, *fits)
        .where(card.occupation_code.in_(codes), card.matching_consent.is_(True),
               card.confirmed_at >= utcnow() - CURRENT_FOR)
        .group_by(card.occupation_code)
    )


def demand_figures(scope: Scope, filters: Filters) -> list[Figure]:
    """The page ``demand``: open positions per occupation and municipality against the talent who fit."""
    groups, occupations = _catalogue()
    locale = current_locale()
    places = {m.code: m.label(locale) for m in db.session.scalars(select(Municipality))}
    demand = {(code, place): int(positions) for code, place, _needs, positions in db.session.execute(
        _open_positions(scope, filters))}
    wanted = sorted({p for _c, p in demand})
    supply = {(row[0], place): int(n or 0) for row in db.session.execute(
        _supply(sorted({code for code, _p in demand}), wanted)) for place, n in zip(wanted, row[1:], strict=True)
        } if demand else {}

    # Each group's row is the sum of its cells: suppressed together (no total over the groups is published).
    group_codes = sorted({code[0] for code, _place in demand})
    lines = [[("g", g)] + [("c", *cell) for cell in demand if cell[0][0] == g] for g in group_codes]
    published = []
    for counts in (demand, supply):
        raw: dict = defaultdict(int)
        for code, place in demand:
            value = counts.get((code, place), 0)
            raw["c", code, place] += value
            raw["g", code[0]] += value
        published.append(_protect(dict(raw), lines))
    positions, talent = published
    cell_rows = [(code, place, positions[("c", code, place)], talent[("c", code, place)])
                 for code, place in sorted(demand) if positions[("c", code, place)] is not None]
    cell_rows.sort(key=lambda r: (_gap(r[2], r[3]) is None, -(_gap(r[2], r[3]) or 0), -(r[2] or 0), r[0], r[1]))
    group_rows = [(g, positions[("g", g)], talent[("g", g)]) for g in group_codes]
    group_rows.sort(key=lambda r: (_gap(r[1], r[2]) is None, -(_gap(r[1], r[2]) or 0), r[0]))

    definitions = (
        (_("Open positions"), _("The positions of the needs open now (published, not filled, closed or expired, "
                                "of an approved employer), whatever the period chosen.")),
        (_("Talent who fit"), _("People who consent to matching and confirmed their profile within the last 90 "
                                "days (those employers can find), who have the need's occupation (the same SSYK "
                                "unit group) among their own and chose the need's municipality or said any "
                                "place will do. A person counts once in each occupation and municipality they "
                                "fit.")),
        (_("Gap"), _("Open positions less talent who fit: above zero, recruit from further away or train; below "
                     "zero, there are more people who fit than positions.")),
    )
    top = next((r for r in group_rows if _gap(r[1], r[2]) is not None and _gap(r[1], r[2]) > 0), None)
    by_group = Figure(
        key="demand_supply_by_group",
        title=_("Open positions and talent who fit, per occupation group"),
        summary=_("Open positions against the consenting talent who fit them, per SSYK major group, largest gap "
                  "first. The largest gap: %(top)s.",
                  top=(_("%(group)s, %(gap)s more positions than people", group=_group_label(top[0], groups),
                         gap=format_decimal(_gap(top[1], top[2]))) if top else _("none shown")))
        if group_rows else _("No open positions to compare."),
        kind=ChartKind.BAR,
        columns=(Column("group", _("Occupation group"), numeric=False), Column("positions", _("Open positions")),
                 Column("talent", _("Talent who fit")), Column("gap", _("Gap"))),
        rows=tuple((_group_label(code, groups), positions, talent, _gap(positions, talent))
                   for code, positions, talent in group_rows),
        definitions=definitions,
        notes=_notes(),
        series=("positions", "talent"),
    )
    by_cell = Figure(
        key="demand_supply",
        title=_("Where to recruit and where to train"),
        summary=ngettext("Open positions against talent who fit, per occupation and municipality, largest gap "
                         "first (%(num)s row). Places with fewer than 5 open positions in an occupation are left "
                         "out.",
                         "Open positions against talent who fit, per occupation and municipality, largest gap "
                         "first (%(num)s rows). Places with fewer than 5 open positions in an occupation are left "
                         "out.", len(cell_rows)),
        kind=ChartKind.NONE,
        columns=(Column("occupation", _("Occupation"), numeric=False), Column("ssyk", _("SSYK"), numeric=False),
                 Column("municipality", _("Municipality"), numeric=False), Column("positions", _("Open positions")),
                 Column("talent", _("Talent who fit")), Column("gap", _("Gap"))),
        rows=tuple((occupations[code].label(locale) if code in occupations else code, code, places.get(place, place),
                    positions, talent, _gap(positions, talent)) for code, place, positions, talent in cell_rows),
        definitions=definitions,
        notes=_notes(),
    )
    return [by_group, by_cell]


def _gap(positions: int | None, talent: int | None) -> int | None:
    return None if positions is None or talent is None else positions - talent


# --- registration -----------------------------------------------------------------------------------------

def _register() -> None:
    register_page("employers", _l("Needs and hiring"), PAGE_ROLES, needs_figures,
                  filters=("start", "end", "municipality", "group"),
                  intro=_l("Competence needs posted and filled, how long they took to fill, and how candidates "
                           "answered."))
    register_page("demand", _l("Demand and supply"), PAGE_ROLES, demand_figures, filters=("municipality", "group"),
                  intro=_l("Open positions against the consenting talent who fit them: where to recruit and where "
                           "to train."))


_register()
