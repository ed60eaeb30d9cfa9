"""The API's reference data, its OpenAPI 3.1 document, problem documents and ETags."""

from __future__ import annotations

import pytest


def test_the_document_is_openapi_3_1_and_lists_the_operations(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert {"/api/v1/municipalities", "/api/v1/services", "/api/v1/housing-contacts",
            "/api/v1/occupations"} <= set(spec["paths"])


def test_occupations_are_searched_in_both_languages(client):
    swedish = client.get("/api/v1/occupations?q=underhållsmek").get_json()
    english = client.get("/api/v1/occupations?q=machinery mechanics").get_json()
    assert swedish[0]["code"] == "7233" and "7233" in [o["code"] for o in english]


@pytest.mark.parametrize(("query", "field"), [("", "q"), ("?q=x&limit=0", "limit"), ("?q=x&bogus=1", "bogus")])
def test_bad_queries_get_a_problem_document_naming_the_field(client, query, field):
    response = client.get(f"/api/v1/occupations{query}", headers={"Accept-Language": "en"})
    problem = response.get_json()
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert problem["status"] == 422 and field in problem["errors"] and field in problem["detail"]
    swedish = client.get(f"/api/v1/occupations{query}", headers={"Accept-Language": "sv"}).get_json()
    assert swedish["title"] == "Något var fel i förfrågan"


def test_reference_data_sends_etags_and_honours_if_none_match(client):
    first = client.get("/api/v1/municipalities")
    assert first.status_code == 200 and len(first.get_json()) >= 7 and first.headers["ETag"]
    again = client.get("/api/v1/municipalities", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_unknown_api_paths_are_problem_documents(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_housing_contacts_are_named_in_the_callers_language(client):
    def by_key(language):
        response = client.get("/api/v1/housing-contacts", headers={"Accept-Language": language})
        assert "Accept-Language" in response.headers["Vary"]
        return {c["key"]: c for c in response.get_json()}

    sv, en = by_key("sv"), by_key("en")
    assert sv["private_landlords"]["name"] == "Privata hyresvärdar (kommunens listor)"
    assert en["private_landlords"]["name"] == "Private landlords (municipal lists)"
    assert sv["employer_housing"] == en["employer_housing"] | {"name": "Arbetsgivarens / tillfälligt boende"}
    assert (en["employer_housing"]["name_sv"], en["employer_housing"]["name_en"]) == (
        "Arbetsgivarens / tillfälligt boende", "Employer / temporary housing")
    assert sv["mitthem"]["name"] == en["mitthem"]["name"] == sv["mitthem"]["name_en"] == "Mitthem AB"


def test_skill_suggestions_come_from_the_vocabulary_best_first(client):
    found = client.get("/api/v1/skills?q=hydr&limit=3").get_json()
    assert found[0] == {"id": found[0]["id"], "label": "Hydraulik"} and len(found) == 3
    assert all("hydr" in s["label"].casefold() for s in found)
    assert client.get("/api/v1/skills?q=PLC").get_json()[0]["label"] == "Programmerbart styrsystem/PLC"
    assert client.get("/api/v1/skills?q=zzzqqq").get_json() == []
    # Offered as one item of a comma-separated list: the Taxonomy's "Abap, programmeringsspråk" would be two.
    assert client.get("/api/v1/skills?q=abap").get_json()[0]["label"] == "Abap (programmeringsspråk)"
    assert not [s for s in client.get("/api/v1/skills?q=a&limit=50").get_json() if "," in s["label"]]
    assert client.get("/api/v1/skills?q=").status_code == 422
