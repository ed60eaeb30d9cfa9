"""Occupation and municipality names by code, kept in each process for a few minutes.

They are reference data (``flask seed reference`` writes them at a deploy; no page edits them), read on
almost every page that explains a match: one query per process every ``KEEP_FOR`` instead of one per
name per request. Kept per app, so each app (and each test's database) reads its own.
"""

from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import select

from app.catalogue.models import Municipality, Occupation
from app.extensions import db
from app.i18n import current_locale

KEEP_FOR = 600.0  # seconds
EXTENSION = "landa_reference_names"


def _names() -> dict:
    names = current_app.extensions.get(EXTENSION)
    if names is None or time.monotonic() - names["at"] > KEEP_FOR:
        names = {
            "at": time.monotonic(),
            "occupation": {code: (sv, en) for code, sv, en in db.session.execute(
                select(Occupation.code, Occupation.label_sv, Occupation.label_en))},
            "municipality": {code: (sv, en) for code, sv, en in db.session.execute(
                select(Municipality.code, Municipality.name_sv, Municipality.name_en))},
        }
        if names["occupation"] and names["municipality"]:  # an empty database (a fresh test) is not kept
            current_app.extensions[EXTENSION] = names
    return names


def _name(kind: str, code) -> str:
    pair = _names()[kind].get(code) if code else None
    if pair is None:
        return str(code or "")
    return (current_locale() == "en" and pair[1]) or pair[0]


def occupation_name(code) -> str:
    """The occupation's name in the reader's language (Swedish when it has no English one)."""
    return _name("occupation", code)


def municipality_name(code) -> str:
    """The municipality's name in the reader's language."""
    return _name("municipality", code)
