"""The text blocks a municipality's officers write for its "Move to" page. Every save is a new row (a version),
so the history of a block is its rows: who wrote each, when, and which older version a restore brought back."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models import UTCDateTime, utcnow

# The blocks of a municipality's page, in the page's order: (key, what officers see, the heading readers see).
SLOTS = {
    "welcome": (_l("Welcome (at the top of the page)"), _l("Welcome")),
    "living_here": (_l("Living here"), _l("Living here")),
    "contact_us": (_l("Contact the municipality"), _l("Contact the municipality")),
}
LANGUAGES = ("sv", "en")
LANGUAGE_LABELS = {"sv": _l("in Swedish"), "en": _l("in English")}  # in a sentence: "Edit in Swedish"
MAX_BODY = 4000  # characters in one block


class PlaceText(db.Model):
    """One version of one block (``slot``) of a municipality's page in one language."""

    __tablename__ = "place_text"
    __table_args__ = (
        UniqueConstraint("municipality_code", "slot", "language", "version"),
        CheckConstraint("version >= 1", name="version"),
        CheckConstraint("language IN ('sv', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_code: Mapped[str] = mapped_column(ForeignKey("municipality.code", ondelete="CASCADE"))
    slot: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    restored_from: Mapped[int | None] = mapped_column(Integer)  # the version a restore brought back
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author = relationship("User")
