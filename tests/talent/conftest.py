"""Fixtures of the newcomers' tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.talent.plan import ServiceDef

DATA = Path(__file__).resolve().parents[2] / "app" / "catalogue" / "data"


@pytest.fixture(scope="module")
def services() -> list[ServiceDef]:
    """The packaged catalogue: the domain notes' steps and Landa's own (upper secondary school)."""
    records = {r["key"]: r for r in json.loads((DATA / "services.json").read_text("utf-8"))}
    for overlay in json.loads((DATA / "service_texts.json").read_text("utf-8")):
        records.setdefault(overlay["key"], {}).update(overlay)
    return [ServiceDef(s["key"], s["phase"], s["order"], s["applies_to"], tuple(s["prerequisites"]))
            for s in records.values()]
