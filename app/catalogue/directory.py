"""Directory use cases: officers and admins edit the texts; each edit is marked so reseeding keeps it."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import User
from app.catalogue.models import HousingContact, MunicipalService, Service
from app.extensions import db
from app.models import utcnow


def update_service(service: Service, editor: User, **fields) -> None:
    for name in ("name_sv", "name_en", "description_sv", "description_en", "authority", "authority_en", "link"):
        setattr(service, name, fields[name] or ("" if name != "link" else None))
    service.edited_at = utcnow()
    service.edited_by_id = editor.id


def municipal_service(code: str, key: str) -> MunicipalService | None:
    return db.session.scalar(select(MunicipalService).where(
        MunicipalService.municipality_code == code, MunicipalService.service_key == key))


def update_municipal_service(code: str, key: str, editor: User, *, contact_sv: str, contact_en: str,
                             link: str | None) -> MunicipalService:
    row = municipal_service(code, key)
    if row is None:
        row = MunicipalService(municipality_code=code, service_key=key)
        db.session.add(row)
    row.contact_sv, row.contact_en, row.link = contact_sv or "", contact_en or "", link or None
    row.edited_at = utcnow()
    row.edited_by_id = editor.id
    db.session.flush()
    return row


def update_housing_contact(contact: HousingContact, editor: User, *, name_sv: str, name_en: str, website: str | None,
                           queue_model_sv: str, queue_model_en: str, rules_sv: str, rules_en: str,
                           notes_sv: str, notes_en: str, requires_id: str, registration_min_age: int | None,
                           bonus_points: int | None, bonus_valid_months: int | None,
                           bonus_conditions_sv: str, bonus_conditions_en: str) -> None:
    details = dict(contact.details)  # a new dict: JSON columns notice replacement, not mutation
    for key in ("queue_model", "other_rules", "notes"):  # the notes' English originals give way to the edit
        details.pop(key, None)
    details.update(queue_model_sv=queue_model_sv, queue_model_en=queue_model_en, notes_sv=notes_sv,
                   notes_en=notes_en, rules_sv=_lines(rules_sv), rules_en=_lines(rules_en))
    details["requires_id"] = requires_id or None
    details["registration_min_age"] = registration_min_age
    if bonus_points:
        details["work_mover_bonus"] = {
            "points": bonus_points, "valid_months": bonus_valid_months or 6,
            "conditions_sv": bonus_conditions_sv or "", "conditions_en": bonus_conditions_en or "",
        }
    else:
        details.pop("work_mover_bonus", None)
    contact.name_sv, contact.name_en = name_sv, name_en
    contact.website = website or None
    contact.details = {k: v for k, v in details.items() if v not in (None, "", [])}
    contact.edited_at = utcnow()
    contact.edited_by_id = editor.id


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
