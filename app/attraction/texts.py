"""The text blocks of a municipality's "Move to" page: who may write them, their versions, and how a block is
shown. Saving and restoring add a version (the older ones stay: the history) and record who did it in the
audit trail; they flush, the view commits.

A block is plain text: paragraphs separated by an empty line, line breaks kept, and web addresses (``https://``)
made links. Nothing typed is ever read as HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.attraction.models import LANGUAGES, MAX_BODY, SLOTS, PlaceText
from app.audit.services import record
from app.auth.models import Role, User
from app.extensions import db
from app.refusals import DomainError
from app.validators import has_control_characters

ERRORS = {
    "empty": _l("Write the text: a block cannot be empty."),
    "too_long": _l("Use at most %(max)d characters (now %(length)d)."),
    "control": _l("Remove the invisible control characters from this field."),
    "changed_meanwhile": _l("%(name)s saved version %(version)d of this text while you were writing. Their text "
                            "is shown under the form; your text is still in the field. Save again to replace "
                            "theirs."),
    "no_such_version": _l("There is no such version of this text."),
}


class PlaceTextError(DomainError):
    MESSAGES = ERRORS


def can_edit(user: User, code: str) -> bool:
    """Officers write their own municipality's blocks; coordinators and administrators every municipality's."""
    if not user.is_authenticated:
        return False
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return True
    return user.role == Role.OFFICER and user.municipality_code == code


# --- reading -------------------------------------------------------------------------------------------

def stamp(code: str) -> int:
    """What changes whenever any block of ``code`` gets a version (the newest row's id; 0 without any)."""
    return db.session.scalar(select(func.max(PlaceText.id)).where(PlaceText.municipality_code == code)) or 0


def latest(code: str) -> dict[tuple[str, str], PlaceText]:
    """The newest version of each (slot, language) of ``code`` (one query)."""
    newest = (select(func.max(PlaceText.id)).where(PlaceText.municipality_code == code)
              .group_by(PlaceText.slot, PlaceText.language))
    rows = db.session.scalars(select(PlaceText).where(PlaceText.id.in_(newest))
                              .options(selectinload(PlaceText.author)))
    return {(row.slot, row.language): row for row in rows}


@dataclass(frozen=True)
class Block:
    slot: str
    heading: str
    body: str
    language: str  # the language the text is written in: the reader's, or the other one when theirs is missing
    fallback: bool  # shown in the other language


def blocks(code: str, locale: str) -> list[Block]:
    """The page's blocks in the reader's language, each in the other language where the reader's is not written,
    in the page's order (one query)."""
    found = latest(code)
    mine = "en" if str(locale).startswith("en") else "sv"
    other = "sv" if mine == "en" else "en"
    shown = []
    for slot, (_label, heading) in SLOTS.items():
        for language in (mine, other):
            row = found.get((slot, language))
            if row is not None and row.body.strip():
                shown.append(Block(slot, str(heading), row.body, language, language != mine))
                break
    return shown


def history(code: str, slot: str, language: str) -> list[PlaceText]:
    """Every version of one block, the newest first, with their authors (two queries)."""
    return list(db.session.scalars(
        select(PlaceText).where(PlaceText.municipality_code == code, PlaceText.slot == slot,
                                PlaceText.language == language)
        .options(selectinload(PlaceText.author)).order_by(PlaceText.version.desc())))


def version_of(code: str, slot: str, language: str, version: int) -> PlaceText | None:
    return db.session.scalar(select(PlaceText).where(
        PlaceText.municipality_code == code, PlaceText.slot == slot, PlaceText.language == language,
        PlaceText.version == version).options(selectinload(PlaceText.author)))


# --- writing -------------------------------------------------------------------------------------------

def check_body(body: str | None) -> str:
    """The block's text as it is kept (line breaks as LF, surrounding space off), or the refusal naming what is
    wrong with it."""
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise PlaceTextError("empty", "body")
    if has_control_characters(text):
        raise PlaceTextError("control", "body")
    if len(text) > MAX_BODY:
        raise PlaceTextError("too_long", "body", max=MAX_BODY, length=len(text))
    return text


A_COLLEAGUE = _l("A colleague")


def _author(row: PlaceText | None) -> str:
    return row.author.full_name if row is not None and row.author is not None else str(A_COLLEAGUE)


def _newest(code: str, slot: str, language: str) -> PlaceText | None:
    return db.session.scalar(select(PlaceText).where(
        PlaceText.municipality_code == code, PlaceText.slot == slot, PlaceText.language == language)
        .order_by(PlaceText.version.desc()).limit(1))


def _add(actor: User, code: str, slot: str, language: str, body: str, after: PlaceText | None,
         restored_from: int | None = None) -> PlaceText:
    row = PlaceText(municipality_code=code, slot=slot, language=language, body=body,
                    version=(after.version if after else 0) + 1, author_id=actor.id, restored_from=restored_from)
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # a colleague's version took this number at the same moment
        raise PlaceTextError("changed_meanwhile", "body", name=str(A_COLLEAGUE), version=row.version) from None
    return row


def save_text(actor: User, code: str, slot: str, language: str, body: str, based_on: int) -> tuple[PlaceText, bool]:
    """Save ``body`` as the next version of the block, written from version ``based_on`` (0: none yet). Refused
    when a colleague saved a version meanwhile. Returns the newest version and whether it is new (an unchanged
    text adds none)."""
    if slot not in SLOTS or language not in LANGUAGES:
        raise PlaceTextError("no_such_version")
    text = check_body(body)
    newest = _newest(code, slot, language)
    if (newest.version if newest else 0) != based_on:
        raise PlaceTextError("changed_meanwhile", "body", name=_author(newest), version=newest.version if newest else 0)
    if newest is not None and newest.body == text:
        return newest, False
    row = _add(actor, code, slot, language, text, newest)
    record(actor, "place_text_saved", "place_text", row.id, municipality=code, slot=slot, language=language,
           version=row.version)
    return row, True


def withdraw(actor: User, code: str, slot: str, language: str, based_on: int) -> PlaceText | None:
    """Take the block off the page: an empty version (the page then shows the other language's text, if any).
    None when there is nothing on the page to take off."""
    if slot not in SLOTS or language not in LANGUAGES:
        raise PlaceTextError("no_such_version")
    newest = _newest(code, slot, language)
    if newest is None or not newest.body:
        return None
    if newest.version != based_on:
        raise PlaceTextError("changed_meanwhile", "body", name=_author(newest), version=newest.version)
    row = _add(actor, code, slot, language, "", newest)
    record(actor, "place_text_withdrawn", "place_text", row.id, municipality=code, slot=slot, language=language,
           version=row.version)
    return row


def restore(actor: User, code: str, slot: str, language: str, version: int) -> PlaceText:
    """Bring back an older version's text as the newest version (the history keeps every version)."""
    old = version_of(code, slot, language, version)
    if old is None:
        raise PlaceTextError("no_such_version")
    newest = _newest(code, slot, language)
    row = _add(actor, code, slot, language, old.body, newest, restored_from=old.version)
    record(actor, "place_text_restored", "place_text", row.id, municipality=code, slot=slot, language=language,
           version=row.version, restored_from=old.version)
    return row


# --- showing -------------------------------------------------------------------------------------------

# A web address in the text: http(s) only, ending before trailing punctuation ("see https://x.se.").
_ADDRESS = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)\]]")


def _linked(line: str) -> Markup:
    parts, last = [], 0
    for match in _ADDRESS.finditer(line):
        parts.append(escape(line[last:match.start()]))
        parts.append(Markup('<a href="{0}" rel="noopener">{0}</a>').format(match.group(0)))  # format escapes
        last = match.end()
    parts.append(escape(line[last:]))
    return Markup("").join(parts)


def paragraphs(text: str | None) -> Markup:
    """Plain text as HTML paragraphs: an empty line starts a paragraph, a line break stays one, web addresses
    become links; everything typed is escaped."""
    shown = []
    for block in re.split(r"\n[ \t]*\n", (text or "").replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.strip().split("\n")]
        if any(lines):
            shown.append(Markup("<p>") + Markup("<br>\n").join(_linked(line) for line in lines) + Markup("</p>"))
    return Markup("\n").join(shown)
