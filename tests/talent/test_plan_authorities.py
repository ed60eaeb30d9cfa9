"""Who serves the household where it lives: the region for health care (two of the nine municipalities are in
Gävleborg), the municipality for its own units, the nearest government service office for visits, the housing
companies; in the plan, the calendar, the directory and the API."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.catalogue.models import Municipality
from app.catalogue.services import serving_in
from app.extensions import db
from tests.factories import HouseholdFactory


def _step_text(page: str, title: str) -> str:
    """The text of the plan card titled ``title`` (tags removed)."""
    card = re.search(rf"<h3>{re.escape(title)}</h3>(.*?)</article>", page, re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", card)).split())


def test_every_municipality_has_its_region_municipality_and_service_office(app):
    with app.app_context():
        for code in db.session.scalars(select(Municipality.code)):
            serving = serving_in(db.session, code, "sv")
            assert {"region", "municipality", "service_office", "housing"} <= set(serving), code
            assert all(s.link and s.link.startswith("https://") for kind in ("region", "municipality")
                       for s in serving[kind])
        assert serving_in(db.session, "2184", "sv")["region"][0].name == "Region Gävleborg"
        assert serving_in(db.session, "2132", "sv")["service_office"][0].key == "service_office_hudiksvall"
        assert serving_in(db.session, "2284", "en")["municipality"][0].name == "Örnsköldsvik Municipality"
        assert serving_in(db.session, None, "sv") == {}


def test_the_plan_names_who_serves_a_household_in_ornskoldsvik(client, newcomer):
    page = client.get("/talent/plan").get_data(as_text=True)
    assert "Region Västernorrland / Region Gävleborg" not in page
    health = _step_text(page, "Register at a health centre")
    assert "Who: Region Västernorrland" in health and "Gävleborg" not in health
    assert 'href="https://www.rvn.se/en/' in page  # the region's page in the reader's language
    sfi = _step_text(page, "Swedish for immigrants")
    assert "Who: Örnsköldsvik Municipality" in sfi
    registration = _step_text(page, "Population registration &amp; personal identity number")
    assert "Who: Swedish Tax Agency (Skatteverket)" in registration
    assert "Where to go: The government service office in Örnsköldsvik (Statens servicecenter)" in registration
    assert "Who: AB Övikshem" in _step_text(page, "Housing queue registration")


@pytest.mark.parametrize(("code", "region", "office"), [
    ("2184", "Region Gävleborg", "servicekontoret i Hudiksvall"),
    ("2132", "Region Gävleborg", "servicekontoret i Hudiksvall"),
    ("2262", "Region Västernorrland", "servicekontoret i Sundsvall"),
])
def test_a_household_in_gavleborg_or_timra_is_sent_to_its_own(app, make_user, login, client, code, region, office):
    user = make_user("newcomer", full_name="Mei Lin", locale="sv")
    with app.app_context():
        HouseholdFactory(user=db.session.get(User, user.id), destination=code, places=(code,))
    login(user)
    page = client.get("/talent/plan").get_data(as_text=True)
    assert f"Vem: {region}" in _step_text(page, "Lista sig på vårdcentral/hälsocentral")
    assert office in _step_text(page, "Folkbokföring och personnummer")
    # The calendar says the same.
    calendar = client.get("/talent/plan.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"Vem: {region}" in calendar


def test_without_a_place_the_step_names_the_authority_in_general(app, make_user, login, client):
    user = make_user("newcomer", full_name="Sam Okafor", locale="en")
    with app.app_context():
        HouseholdFactory(user=db.session.get(User, user.id), destination=None, places=(), open_to_all=True,
                         status="exploring", job_start=None, arrival=None)
    login(user)
    page = client.get("/talent/plan").get_data(as_text=True)
    assert "Who: Region Västernorrland / Region Gävleborg" in _step_text(page, "Register at a health centre")
    assert "Where to go:" not in page


def test_the_directory_and_the_api_name_the_same(app, client, newcomer, bearer):
    directory = client.get("/directory/2184", headers={"Accept-Language": "en"}).get_data(as_text=True)
    card = re.search(r'id="service-health_centre">(.*?)</article>', directory, re.S).group(1)
    assert "Region Gävleborg" in card and "Västernorrland" not in card
    steps = app.test_client().get("/api/v1/newcomer/plan", headers=bearer(newcomer)).get_json()
    by_key = {s["service_key"]: s for s in steps}
    assert by_key["health_centre"]["serving"] == [{
        "kind": "region", "key": "region_vasternorrland", "name": "Region Västernorrland",
        "link": "https://www.rvn.se/en/v1/in-english/startpage/in-english/areas-of-activity/primary-care/"}]
    assert [s["key"] for s in by_key["population_registration"]["serving"]] == ["service_office_ornskoldsvik"]
    assert by_key["population_registration"]["authority"] == "Swedish Tax Agency (Skatteverket)"
    assert by_key["work_permit"]["serving"] == []  # Migrationsverket, the same for everyone
    assert date.fromisoformat(by_key["work_permit"]["suggested_date"])
