"""The public pages as data: ``GET /api/v1/places/<code>`` (a municipality's facts, its officers' texts, its open
needs by occupational area) and ``GET /api/v1/board/organisations/<id>`` (an approved organisation's page), each
holding its OpenAPI contract for any input and saying what the web pages say."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.auth.models import User
from app.employers.models import ApprovalStatus, Organisation
from app.extensions import db
from tests.factories import NeedFactory, OrganisationFactory

EN = {"Accept-Language": "en"}
SV = {"Accept-Language": "sv"}


@pytest.fixture
def world(app, make_user, officer):
    """Örnsköldsvik with a welcome text in Swedish and English and a contact text in Swedish only; an approved
    organisation there with its page written and two open needs (one in Sundsvall)."""
    for slot, language, body in (("welcome", "sv", "Välkommen!"), ("welcome", "en", "Welcome!"),
                                 ("contact_us", "sv", "Ring oss.")):
        assert officer.post(f"/move/2284/texts/{slot}/{language}", data={
            "body": body, "based_on": "0", "submit": "Save"}).status_code in (302, 303)
    owner = make_user("employer")
    with app.app_context():
        organisation = OrganisationFactory(owner=db.session.get(User, owner.id))
        organisation.about, organisation.about_en = "Vi gör biobränsle.", "We make biofuel."
        organisation.website, organisation.relocation_offers = "https://gf.example.se", ["housing"]
        organisation.relocation_text = "Vi hjälper till med bostad."
        NeedFactory(organisation=organisation, title="Process operator", positions=3)
        NeedFactory(organisation=organisation, title="Welder", occupation_code="7212", municipality_code="2281",
                    positions=2)
        db.session.commit()
        organisation_id = organisation.id
        db.session.remove()
    return organisation_id


def test_a_place_reads_as_its_page_does(app, world, officer):
    api = app.test_client()
    english = api.get("/api/v1/places/2284", headers=EN)
    assert english.status_code == 200 and english.headers.get("ETag")
    body = english.get_json()
    assert (body["code"], body["name"], body["county_code"]) == ("2284", "Örnsköldsvik", "22")
    assert body["texts"] == [
        {"slot": "welcome", "heading": "Welcome", "body": "Welcome!", "language": "en"},
        {"slot": "contact_us", "heading": "Contact the municipality", "body": "Ring oss.", "language": "sv"}]
    assert body["open_needs"]["needs"] == 1 and body["open_needs"]["positions"] == 3
    assert body["open_needs"]["by_group"][0]["code"] == "7"
    assert any(f["topic"] == "work" and f["source"] for f in body["facts"])
    swedish = api.get("/api/v1/places/2284", headers=SV).get_json()
    assert [t["body"] for t in swedish["texts"]] == ["Välkommen!", "Ring oss."]
    assert api.get("/api/v1/places/2281", headers=EN).get_json()["texts"] == []
    assert api.get("/api/v1/places/9999").status_code == 404
    assert api.get("/api/v1/places/22%2084").status_code == 404
    # A repeat with the ETag is answered 304; a new text changes it.
    again = api.get("/api/v1/places/2284", headers=EN | {"If-None-Match": english.headers["ETag"]})
    assert again.status_code == 304
    officer.post("/move/2284/texts/welcome/en", data={"body": "Welcome again!", "based_on": "1", "submit": "Save"})
    changed = api.get("/api/v1/places/2284", headers=EN | {"If-None-Match": english.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["texts"][0]["body"] == "Welcome again!"


def test_an_organisation_reads_as_its_page_does(app, world):
    api = app.test_client()
    english = api.get(f"/api/v1/board/organisations/{world}", headers=EN)
    assert english.status_code == 200
    body = english.get_json()
    assert body["about"] == "We make biofuel." and body["website"] == "https://gf.example.se"
    assert body["relocation_offers"] == [{"key": "housing", "label": "Help with housing"}]
    assert body["relocation_text"] == "Vi hjälper till med bostad."  # written in Swedish only
    assert sorted((n["title"], n["municipality_code"], n["positions"]) for n in body["open_needs"]) == [
        ("Process operator", "2284", 3), ("Welder", "2281", 2)]
    assert sorted(body["municipalities"]) == ["2281", "2284"]
    assert api.get(f"/api/v1/board/organisations/{world}", headers=SV).get_json()["about"] == "Vi gör biobränsle."
    with app.app_context():
        db.session.get(Organisation, world).status = ApprovalStatus.PENDING
        db.session.commit()
    assert api.get(f"/api/v1/board/organisations/{world}").status_code == 404
    assert api.get("/api/v1/board/organisations/2147483647").status_code == 404


@pytest.mark.filterwarnings("ignore")  # hypothesis and schemathesis warn about their own internals
def test_both_operations_hold_their_contract_for_any_input(app, world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()
                  if result.ok().path in ("/api/v1/places/{code}", "/api/v1/board/organisations/{organisation_id}")]
    assert len(operations) == 2
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case):
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        run()
