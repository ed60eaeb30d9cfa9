"""The packaged reference data loads completely and idempotently, and occupations can be found."""

from __future__ import annotations

import json
import shutil
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, inspect, select

from app.catalogue.models import (
    HousingContact,
    IndustryNetwork,
    Municipality,
    Occupation,
    OccupationGroup,
    Service,
)
from app.catalogue.services import (
    DATA_DIR,
    load_reference_data,
    sam_project_period,
    search_occupations,
    work_permit_salary_threshold,
)
from app.extensions import db

MODELS = (Municipality, Service, HousingContact, Occupation, OccupationGroup, IndustryNetwork)


@pytest.fixture
def loaded(app):
    """An app context with the reference data loaded and committed."""
    with app.app_context():
        load_reference_data(db.session)
        db.session.commit()
        yield db.session


def snapshot() -> dict[str, Any]:
    """Every reference row as plain values, read afresh from the database."""
    db.session.expire_all()
    rows: dict[str, Any] = {}
    for model in MODELS:
        columns = [attr.key for attr in inspect(model).column_attrs]
        rows[model.__tablename__] = {
            inspect(obj).identity: {c: getattr(obj, c) for c in columns}
            for obj in db.session.scalars(select(model))
        }
    rows["housing_contact_municipality"] = {
        c.key: [m.code for m in c.municipalities] for c in db.session.scalars(select(HousingContact))
    }
    return rows


def test_load_counts(app):
    with app.app_context():
        counts = load_reference_data(db.session)
        db.session.commit()

    assert counts["municipality"] == 9
    # 21 from the domain notes + upper secondary school (service_texts.json) + a permit step for each way of coming
    assert counts["service"] == 26
    assert counts["authority"] == 18  # 2 regions, 9 municipalities, 7 government service offices
    assert counts["housing_contact"] == 14
    assert counts["occupation"] == 426
    assert counts["occupation_group"] == 204
    assert counts["industry_network"] == 14


def test_loading_twice_changes_nothing(loaded):
    before = snapshot()

    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement.lstrip().split(None, 1)[0].upper())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        counts = load_reference_data(loaded)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    loaded.commit()

    assert statements and set(statements) == {"SELECT"}

    assert snapshot() == before
    assert counts["occupation"] == len(before["occupation"]) == 426


def test_changed_files_update_and_remove_rows(loaded, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)

    def edit(name: str, change) -> None:
        path = data_dir / f"{name}.json"
        path.write_text(json.dumps(change(json.loads(path.read_text("utf-8"))), ensure_ascii=False), "utf-8")

    def rename_nurses(occupations):
        for o in occupations:
            if o["code"] == "2221":
                o["label_en"] = "Registered nurses"
        return occupations

    edit("occupations", rename_nurses)
    edit("industry_networks", lambda networks: [n for n in networks if n["key"] != "bizmaker"])
    edit("housing_contacts", lambda contacts: [
        {**c, "municipality_codes": ["2262", "2281"]} if c["key"] == "mitthem" else c for c in contacts
    ])

    counts = load_reference_data(loaded, data_dir)
    loaded.commit()

    assert counts["industry_network"] == 13
    assert loaded.get(IndustryNetwork, "bizmaker") is None
    assert loaded.get(Occupation, "2221").label("en") == "Registered nurses"
    assert [o.code for o in search_occupations(loaded, "registered nurse")] == ["2221"]
    assert [m.code for m in loaded.get(HousingContact, "mitthem").municipalities] == ["2262", "2281"]

    load_reference_data(loaded)
    loaded.commit()
    assert loaded.get(IndustryNetwork, "bizmaker") is not None
    assert loaded.get(Occupation, "2221").label("en") == "Professional nurses"


def test_rows_hold_the_facts(loaded):
    sundsvall = loaded.get(Municipality, "2281")
    assert (sundsvall.name_sv, sundsvall.county_code, sundsvall.health_region) == (
        "Sundsvall", "22", "Region Västernorrland"
    )
    assert sundsvall.facts["county"]["name_sv"] == "Västernorrlands län"
    assert {"mitthem", "hyresgaranti"} <= {c.key for c in sundsvall.housing_contacts}
    assert loaded.get(Municipality, "2132").county_code == "21"

    mitthem = loaded.get(HousingContact, "mitthem")
    assert mitthem.kind == "allmannytta"
    assert mitthem.details["work_mover_bonus"]["points"] == 1500
    # Landa's own wording (housing_texts.json) over the source's shorthand, in both languages.
    assert mitthem.details["work_mover_bonus"]["conditions_sv"].startswith("Du har fått en ny provanställning")
    assert mitthem.details["work_mover_bonus"]["conditions_en"].startswith("You have a new full-time")

    services = loaded.scalars(select(Service).order_by(Service.sort_order, Service.key)).all()
    assert {s.key for s in services if s.sort_order == 1} == {  # the permits come first, one per way of coming
        "work_permit", "family_permit", "eu_right_of_residence", "temporary_protection", "research_study_permit"}
    assert loaded.get(Service, "bank_account").prerequisites == ["personnummer", "id_card"]

    nurses = loaded.get(Occupation, "2221")
    assert nurses.in_demand == "brist"
    assert nurses.industry_tags == ["healthcare"]
    assert "Diabetessjuksköterska" in nurses.synonyms_sv
    assert loaded.get(Occupation, "1111").in_demand is None
    assert loaded.get(OccupationGroup, "222").level == 3


def test_labels_follow_the_locale(loaded):
    nurses = loaded.get(Occupation, "2221")
    assert nurses.label() == nurses.label("sv") == "Grundutbildade sjuksköterskor"
    assert nurses.label("en") == "Professional nurses"
    assert loaded.get(Service, "work_permit").label("en") == "Work permit"
    assert loaded.get(Service, "work_permit").label("sv") == "Arbetstillstånd"
    assert loaded.get(Municipality, "2284").label("en") == "Örnsköldsvik"
    # No English name for this group: the Swedish one is shown.
    group = loaded.get(OccupationGroup, "22")
    assert group.label_en == ""
    assert group.label("en") == group.label_sv


@pytest.mark.parametrize("query", ["2221", "Diabetessjuksköterska", "DIABETESSJUKSKÖTERSKA", "sjuksköterska"])
def test_search_puts_nurses_first(loaded, query):
    assert search_occupations(loaded, query, "sv")[0].code == "2221"


def test_search_in_english(loaded):
    results = search_occupations(loaded, "nurse", "en")
    assert "2221" in [o.code for o in results]
    assert all("nurse" in o.label_en.lower() for o in results)
    # Labels that start with the word come before those that only contain it.
    assert results[0].label_en.lower().startswith("nurse")


def test_search_ranking_and_bounds(loaded):
    assert [o.code for o in search_occupations(loaded, "222")] == [f"222{d}" for d in "12345678"]
    # Non-ASCII initials match whatever the case, on SQLite too.
    assert search_occupations(loaded, "översättare")[0].code == "2643"
    assert len(search_occupations(loaded, "a", limit=5)) == 5
    assert search_occupations(loaded, "a") == search_occupations(loaded, "A")
    assert search_occupations(loaded, "  ") == []
    assert search_occupations(loaded, "%") == []
    assert search_occupations(loaded, "_") == []


def test_seed_reference_command(runner):
    result = runner.invoke(args=["seed", "reference"])
    assert result.exit_code == 0, result.output
    assert "occupation: 426" in result.output
    assert "municipality: 9" in result.output

    again = runner.invoke(args=["seed", "reference"])
    assert again.exit_code == 0
    assert again.output == result.output


def test_settings():
    assert work_permit_salary_threshold(date(2023, 5, 1)) is None
    assert work_permit_salary_threshold(date(2024, 1, 15)) == 27360
    assert work_permit_salary_threshold(date(2025, 3, 1)) == 28480
    assert work_permit_salary_threshold() == work_permit_salary_threshold(date.today())
    assert sam_project_period() == (date(2024, 2, 1), date(2026, 12, 31))
