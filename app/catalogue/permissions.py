"""Who may edit the directory: officers their own municipality's entries, admins everything."""

from __future__ import annotations

from app.auth.models import Role, User
from app.catalogue.models import HousingContact


def can_edit_municipality(user: User, code: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.OFFICER and user.municipality_code == code


def can_edit_service(user: User) -> bool:
    """The catalogue's own texts are national: administrators edit them."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_edit_housing(user: User, contact: HousingContact) -> bool:
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.OFFICER and any(m.code == user.municipality_code for m in contact.municipalities)
