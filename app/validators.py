"""Form validators shared by the domains."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation


def printable(form, field) -> None:
    """Refuse control characters (a NUL byte, escape codes) that no one types on purpose. It stops the
    field's other validators: none of them (an occupation lookup) may take the value to the database."""
    value = field.data
    if isinstance(value, str) and any((ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in value):
        raise StopValidation(_l("Remove the invisible control characters from this field."))


def strip(value):
    """Filter: surrounding whitespace off."""
    return value.strip() if isinstance(value, str) else value


def squeeze(value):
    """Filter: surrounding whitespace off and inner runs of whitespace to one space (names, titles)."""
    return " ".join(value.split()) if isinstance(value, str) else value
