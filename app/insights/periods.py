"""Time in the insights' SQL: a period's bounds, the month of a timestamp, days between two timestamps.

Every figure counts by UTC days and months, the way timestamps are stored, so a month's row and the period's
total always agree (a registration at 00:30 Swedish time on 1 March is counted in February). The same
expressions run on PostgreSQL and SQLite.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, and_, cast, func

from app.extensions import db
from app.insights.filters import Filters


def _postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def moment(day: date) -> datetime:
    """The start of a day, as a UTC instant."""
    return datetime.combine(day, time.min, UTC)


def bounds(filters: Filters) -> tuple[datetime, datetime]:
    """The period as UTC instants: its first day's start, and the start of the day after its last."""
    return moment(filters.start), moment(filters.end + timedelta(days=1))


def within(column, filters: Filters):
    """The timestamp ``column`` falls on a day of the period (first and last day included)."""
    start, end = bounds(filters)
    return and_(column >= start, column < end)


def month_of(column):
    """``YYYY-MM`` of a timestamp (UTC)."""
    if _postgresql():
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def days_between(earlier, later, *, whole: bool = False):
    """Days from the timestamp ``earlier`` to ``later``, with fractions (``whole``: only the whole days)."""
    if _postgresql():
        days = func.extract("epoch", later - earlier) / 86400.0
        return cast(func.floor(days), Integer) if whole else days
    days = func.julianday(later) - func.julianday(earlier)
    return cast(days, Integer) if whole else days  # SQLite's CAST drops the fraction


def months(start: date, end: date) -> list[date]:
    """The first day of every month from ``start``'s to ``end``'s."""
    first, found = date(start.year, start.month, 1), []
    while first <= end:
        found.append(first)
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return found
