"""The public "Move to Västernorrland" pages: a visitor reads the region and a municipality in either language,
every fact names its source, the live figures count what the board shows, and the comparison answers bad input
in words."""

from __future__ import annotations

import re

import pytest

from app.attraction import services
from app.auth.models import User
from app.catalogue.models import MunicipalService
from app.employers.models import ApprovalStatus, NeedStatus
from app.extensions import db
from tests.conftest import statements_during
from tests.factories import NeedFactory, OrganisationFactory

SV = {"Accept-Language": "sv"}
EN = {"Accept-Language": "en"}


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _needs(app, make_user, *specs, approved=True):
    """Needs posted by one organisation: each spec is (occupation code, municipality code, positions), open, or
    (…, status). ``approved=False``: the organisation's approval is then taken back (pending review again)."""
    owner = make_user("employer", locale="en")
    with app.app_context():
        organisation = OrganisationFactory(owner=db.session.get(User, owner.id))
        for spec in specs:
            occupation, municipality, positions, *status = spec
            NeedFactory(organisation=organisation, occupation_code=occupation, municipality_code=municipality,
                        positions=positions, status=status[0] if status else NeedStatus.OPEN)
        if not approved:
            organisation.status = ApprovalStatus.PENDING
            db.session.commit()
        db.session.remove()


def test_the_pages_answer_in_both_languages(client):
    sv = _text(client.get("/move/", headers=SV))
    en = _text(client.get("/move/", headers=EN))
    # (The page's own Swedish words arrive with the translations; the facts are Swedish already.)
    assert '<html lang="sv">' in sv and "Västernorrlands län" in sv and "Gävleborgs län" in sv
    assert "Höga kusten är de fyra kommunerna" in sv
    assert "Move to Västernorrland" in en and "Västernorrland County" in en
    # Västernorrland's municipalities come first, then the Sundsvall region's two in Gävleborg.
    assert en.index("Västernorrland County</h2>") < en.index("Örnsköldsvik</a>") < en.index("Gävleborg County</h2>")
    assert en.index("Gävleborg County</h2>") < en.index("Hudiksvall</a>")
    place_sv = _text(client.get("/move/2284", headers=SV))
    place_en = _text(client.get("/move/2284", headers=EN))
    assert "Tillverkningsindustri: BAE Systems Hägglunds" in place_sv and "Manufacturing:" not in place_sv
    assert "Källa: Kommunernas webbplatser" in place_sv and "websites" in place_en
    assert "Move to Örnsköldsvik" in place_en and "AB Övikshem" in place_en and "55,478" in place_en
    assert "Source: ornskoldsvik.se (from a source)" in place_en


def test_an_unknown_municipality_is_not_found(client):
    assert client.get("/move/9999").status_code == 404
    assert client.get("/move/abc").status_code == 404


def test_gavleborg_pages_do_not_borrow_vasternorrlands_health_facts(client):
    html = _text(client.get("/move/2184", headers=EN))
    assert "Region Gävleborg" in html and "In Region Västernorrland you choose" not in html
    assert "well known, not re-checked" in html  # Region Gävleborg's health care is marked est in the notes
    assert "In Region Västernorrland you choose" in _text(client.get("/move/2281", headers=EN))


def test_every_fact_names_its_source_and_a_mark():
    data = services.places()
    records = list(data["region"]) + [f for facts in data["municipalities"].values() for f in facts]
    assert len(records) > 20
    for record in records:
        assert record["source"].strip() and record.get("source_en", "-").strip(), record
        assert record["confidence"] in services.CONFIDENCE, record
        assert record["topic"] in services.TOPICS, record
        assert record["sv"].strip() and record["en"].strip(), record
    for basic in data["basics"].values():
        assert basic["source"].strip() and basic["confidence"] in services.CONFIDENCE
    for rule in data["housing_occupancy"].values():
        assert rule["source"].strip() and rule["confidence"] in services.CONFIDENCE


def test_every_municipality_in_the_facts_exists(app):
    with app.app_context():
        from app.catalogue.models import Municipality

        codes = {m.code for m in db.session.query(Municipality)}
    assert set(services.places()["municipalities"]) <= codes


def test_open_needs_are_counted_as_the_board_shows_them(app, client, make_user):
    _needs(app, make_user, ("2221", "2284", 3), ("2221", "2284", 2), ("7233", "2284", 40),
           ("2221", "2284", 5, NeedStatus.DRAFT),  # a draft is not public
           ("2512", "2281", 1))
    _needs(app, make_user, ("2221", "2284", 9), approved=False)  # nor an organisation not yet approved
    html = _text(client.get("/move/2284", headers=EN))
    assert "Employers have published 3 open needs in Örnsköldsvik in Landa." in html
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th> <td>(\d+)</td> <td>(\d+)</td>', html)
    assert [(label, needs, positions) for _, label, needs, positions in rows] == [
        ("Occupations requiring advanced level of higher education", "2", "5"),
        ("Building and manufacturing workers", "1", "40")]
    assert rows[0][0] == "/needs/?municipality=2284&amp;occupation=2"
    region = _text(client.get("/move/", headers=EN))
    assert "3 open needs" in region and "1 open need<" in region
    assert "None right now" in region  # Ånge
    assert "Employers have published 1 open need in Sundsvall in Landa." in _text(client.get("/move/2281", headers=EN))


def test_the_region_page_runs_the_same_statements_whatever_the_number_of_needs(app, client, make_user):
    _needs(app, make_user, ("2221", "2284", 1))
    client.get("/move/")  # warm up (reference names kept by the process)
    few = statements_during(app, lambda: client.get("/move/"))
    few_place = statements_during(app, lambda: client.get("/move/2284"))
    few_compare = statements_during(app, lambda: client.get("/move/?household_size=4&children=yes&occupation=nurse"))
    _needs(app, make_user, *[(code, place, 2) for code in ("2221", "7233", "2512", "5321")
                             for place in ("2284", "2281", "2260", "2184")])
    assert statements_during(app, lambda: client.get("/move/")) == few
    assert statements_during(app, lambda: client.get("/move/2284")) == few_place
    assert statements_during(app, lambda: client.get(
        "/move/?household_size=4&children=yes&occupation=nurse")) == few_compare
    assert few <= 6


def test_the_comparison_lists_every_municipality_with_its_reasons(app, client, make_user):
    _needs(app, make_user, ("2221", "2284", 3), ("2221", "2284", 1), ("2221", "2260", 2), ("7233", "2281", 4))
    with app.app_context():
        db.session.add(MunicipalService(municipality_code="2260", service_key="preschool_application",
                                        contact_sv="Förskolan", contact_en="Preschool office"))
        db.session.commit()
    response = client.get("/move/?household_size=5&children=yes&occupation=nurse", headers=EN)
    assert response.status_code == 200
    html = _text(response)
    assert "We counted the open needs that employers have published in Landa for: Nurses" in html
    found = html[html.index("What we found"):]
    # Most open needs for the occupation first, then the rest in the region's order.
    assert found.index("Örnsköldsvik") < found.index("Ånge") < found.index("Härnösand")
    assert "2 open needs for your occupation" in found and "4 positions in all." in found
    assert "1 open need for your occupation</a>, 2 positions in all." in found  # Ånge
    sundsvall = found[found.index("Sundsvall</a>"):found.index("Timrå</a>")]
    assert "No open needs for your occupation in Landa right now." in sundsvall  # its need is for another trade
    assert "At ÅFA – Ånge Fastighets &amp; Industri AB your household needs at least 3 rooms and a kitchen." in found
    assert "Mitthem AB gives people who move here for work 1,500 extra queue points" in found
    assert "The municipality has given its own contact for preschool or school applications" in found
    assert "/needs/?municipality=2284&amp;occupation=nurse" in found
    assert found.count("<h4>") == 9


def test_a_ssyk_group_counts_every_occupation_in_it(app, client, make_user):
    _needs(app, make_user, ("2221", "2284", 1), ("2211", "2284", 1), ("7233", "2284", 1))
    html = _text(client.get("/move/?household_size=1&children=no&occupation=22", headers=EN))
    assert "2 open needs for your occupation" in html and "/needs/?municipality=2284&amp;occupation=22" in html
    assert "your household needs at least 1 room and a kitchen" in html
    assert "preschool or school" not in html[html.index("What we found"):]


@pytest.mark.parametrize(("query", "message"), [
    ("household_size=&occupation=nurse", "Enter how many you are, for example 4."),
    ("household_size=four&occupation=nurse", "Enter how many you are as a whole number from 1 to 15"),
    ("household_size=0&occupation=nurse", "Enter how many you are as a whole number from 1 to 15"),
    ("household_size=99999999999999999999999&occupation=nurse", "whole number from 1 to 15"),
    ("household_size=3&occupation=", "Enter your occupation, a job title or an SSYK code."),
    ("household_size=3&occupation=zzqxw", "We found no occupation for “zzqxw”."),
    ("household_size=3&occupation=9999", "We found no occupation for “9999”."),
    ("household_size=3&occupation=nurse%00", "Remove the invisible control characters"),
    ("household_size=1&children=yes&occupation=nurse", "A household of one person has no children"),
    ("household_size=3&children=maybe&occupation=nurse", "Choose Yes or No."),
    ("household_size=3&occupation=" + "x" * 300, "Use at most 200 characters."),
])
def test_bad_answers_get_a_clear_message_and_keep_what_was_typed(client, query, message):
    response = client.get(f"/move/?{query}", headers=EN)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Please correct the marked fields." in html and message in html
    assert "What we found" not in html


def test_the_typed_answers_are_kept_in_the_form(client):
    html = client.get("/move/?household_size=four&children=yes&occupation=sjuksköterska", headers=SV).get_data(
        as_text=True)
    assert 'value="four"' in html and 'value="sjuksköterska"' in html
    assert re.search(r'value="yes"[^>]*checked|checked[^>]*value="yes"', html)


def test_the_comparison_answer_is_never_kept_for_other_visitors(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LANDA_PUBLIC_KEPT_SECONDS", 60)
    assert "ETag" in client.get("/move/").headers  # the plain page is kept
    answer = client.get("/move/?household_size=4&occupation=nurse")
    assert answer.status_code == 200 and "ETag" not in answer.headers


def test_no_fact_or_source_points_readers_to_our_own_notes():
    """What a visitor reads cites public sources, never Landa's internal notes."""
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[2] / "app/attraction/data/places.json").read_text("utf-8"))
    shown: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("sv", "en", "source", "source_en") and isinstance(value, str):
                    shown.append(value)
                elif not key.startswith("_"):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    assert len(shown) > 50
    internal = ("context.md", "domänanteckning", "domain notes", "sam_reference")
    assert [text for text in shown if any(word in text.casefold() for word in internal)] == []
