"""An approved organisation's public page: what it does, where, the relocation support it offers and its open
needs. Its owners write it (``save_public_page``: validates, changes, records, flushes; the view commits); anyone
reads it once the organisation is approved, nobody before (or after a rejection)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.audit.services import record
from app.auth.models import User
from app.employers.errors import ERRORS, EmployerError
from app.employers.models import (
    RELOCATION_SUPPORT,
    ApprovalStatus,
    CompetenceNeed,
    Organisation,
    OrganisationMember,
    need_on_behalf_of,
)
from app.employers.services import public_needs
from app.extensions import db
from app.validators import has_control_characters

MAX_ABOUT = 3000
MAX_RELOCATION = 2000
MAX_WEBSITE = 300

PAGE_ERRORS = {
    "about_missing": _l("Write a few sentences about what the organisation does."),
    "too_long": _l("Use at most %(max)d characters (now %(length)d)."),
    "control": _l("Remove the invisible control characters from this field."),
    "website": _l("Enter the full address of the website, starting with https:// (for example "
                  "https://www.example.se)."),
    "website_too_long": _l("Use at most %(max)d characters.", max=MAX_WEBSITE),
    "relocation_offer": _l("Choose the kinds of support from the list."),
}


class PageError(EmployerError):
    """A refusal of the public page's use case (a kind of ``EmployerError``: the employers' views show it)."""

    MESSAGES = {**ERRORS, **PAGE_ERRORS}


def is_owner(user: User, organisation: Organisation) -> bool:
    return db.session.scalar(select(OrganisationMember.is_owner).where(
        OrganisationMember.organisation_id == organisation.id, OrganisationMember.user_id == user.id)) is True


def _text(value: str | None, field: str, most: int, required: bool = False) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise PageError("about_missing", field)
    if has_control_characters(text):
        raise PageError("control", field)
    if len(text) > most:
        raise PageError("too_long", field, max=most, length=len(text))
    return text


def check_website(value: str | None) -> str:
    """A web address as it is kept: ``http(s)://`` and a host name with a dot; "" when none is given."""
    text = (value or "").strip()
    if not text:
        return ""
    if len(text) > MAX_WEBSITE:
        raise PageError("website_too_long", "website")
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:
        raise PageError("website", "website") from None
    if (parts.scheme not in ("http", "https") or "." not in host or host.startswith(".") or host.endswith(".")
            or parts.username or parts.password or any(c.isspace() for c in text) or has_control_characters(text)):
        raise PageError("website", "website")
    return text


def save_public_page(organisation: Organisation, actor: User, *, about: str, about_en: str | None, website: str,
                     relocation_offers: list[str], relocation_text: str, relocation_text_en: str | None) -> None:
    """The owners' words for the public page, checked field by field (the first problem is refused, named on its
    field); recorded in the audit trail with the fields that changed."""
    values = {
        "about": _text(about, "about", MAX_ABOUT, required=True),
        "about_en": _text(about_en, "about_en", MAX_ABOUT) or None,
        "website": check_website(website),
        "relocation_text": _text(relocation_text, "relocation_text", MAX_RELOCATION),
        "relocation_text_en": _text(relocation_text_en, "relocation_text_en", MAX_RELOCATION) or None,
    }
    if any(key not in RELOCATION_SUPPORT for key in relocation_offers):
        raise PageError("relocation_offer", "relocation_offers")
    values["relocation_offers"] = [key for key in RELOCATION_SUPPORT if key in relocation_offers]
    changed = sorted(name for name, value in values.items() if getattr(organisation, name) != value)
    for name, value in values.items():
        setattr(organisation, name, value)
    if changed:
        record(actor, "public_page_saved", "organisation", organisation.id, fields=changed)
    db.session.flush()


# --- reading -------------------------------------------------------------------------------------------

def public_organisation(organisation_id: int) -> Organisation | None:
    """The organisation if it is approved (its page is public), else None."""
    return db.session.scalar(
        select(Organisation).where(Organisation.id == organisation_id, Organisation.status == ApprovalStatus.APPROVED)
        .options(joinedload(Organisation.municipality), selectinload(Organisation.municipalities)))


def open_needs_of(organisation: Organisation) -> list[CompetenceNeed]:
    """The board's needs that the organisation posted or that a network posted naming it (one query)."""
    joint = select(need_on_behalf_of.c.need_id).where(need_on_behalf_of.c.organisation_id == organisation.id)
    return list(db.session.scalars(
        public_needs().where((CompetenceNeed.organisation_id == organisation.id) | CompetenceNeed.id.in_(joint))
        .options(joinedload(CompetenceNeed.municipality), joinedload(CompetenceNeed.occupation),
                 joinedload(CompetenceNeed.organisation))).unique())
