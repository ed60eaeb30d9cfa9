"""Declarative base shared by every domain's models.

Domain models live in their own packages (``app/auth/models.py``, ``app/talent/models.py``...);
this module holds only what they share: the base class with a constraint naming convention
(so SQLite batch migrations and PostgreSQL agree on names), timestamps and small helpers.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, Enum, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SWEDEN = ZoneInfo("Europe/Stockholm")
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC. Everything is stored in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Sweden (the server may run in another time zone)."""
    return datetime.now(SWEDEN).date()


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    PostgreSQL keeps the zone (timestamptz); SQLite forgets it, so values are normalised both ways.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def enum_column(enum_cls: type[enum.Enum], length: int = 32, name: str | None = None, **kwargs):
    """Store an enum by its value as a string, with a CHECK constraint listing the allowed values.

    ``name`` names the constraint; give it when one table has two columns of the same enum.
    """
    return mapped_column(
        Enum(
            enum_cls,
            name=name or enum_cls.__name__.lower(),
            native_enum=False,
            create_constraint=True,
            length=length,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
        **kwargs,
    )


__all__ = ["Base", "TimestampMixin", "UTCDateTime", "enum_column", "utcnow", "String"]
