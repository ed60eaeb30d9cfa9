"""A refusal is the same refusal on the web and in the API: the same rule (the domain's), the same message,
about the same field, and nothing saved."""

from __future__ import annotations


def test_places_are_refused_alike_on_the_web_and_in_the_api(app, client, newcomer, bearer):
    api, headers = app.test_client(), bearer(newcomer)
    nothing = "Choose at least one municipality, or say you would consider any."

    web = client.post("/talent/profile/places", data={})  # no municipality ranked, and not open to any
    assert web.status_code == 422 and nothing in web.get_data(as_text=True)
    answer = api.put("/api/v1/newcomer/profile/places", json={"ranked_codes": [], "open_to_all": False},
                     headers=headers)
    assert answer.status_code == 422 and answer.get_json()["errors"] == {"open_to_all": [nothing]}

    twice = api.put("/api/v1/newcomer/profile/places", json={"ranked_codes": ["2284", "2284"]}, headers=headers)
    assert twice.status_code == 422
    assert twice.get_json()["errors"] == {"ranked_codes": ["Each municipality once: 2284 is listed twice."]}

    assert api.get("/api/v1/newcomer/profile", headers=headers).get_json()["places"] == ["2284", "2281"]
    anywhere = api.put("/api/v1/newcomer/profile/places", json={"ranked_codes": [], "open_to_all": True},
                       headers=headers)
    assert anywhere.status_code == 200 and anywhere.get_json()["places"] == []


def test_a_change_made_meanwhile_is_a_409_in_the_api_too(app, newcomer, bearer, monkeypatch):
    """The web asks to save the step again; the API said 500. Now: 409, nothing saved."""
    from sqlalchemy.orm.exc import StaleDataError

    from app.talent import services

    def raced(profile, **values):
        profile.phone = "+46 70 000 00 00"
        raise StaleDataError("reception changed the case at the same moment")

    monkeypatch.setattr(services, "save_about", raced)
    api, headers = app.test_client(), bearer(newcomer)
    answer = api.put("/api/v1/newcomer/profile/about", json={"full_name": "Arjun Kumar", "citizenship": "other"},
                     headers=headers)
    assert answer.status_code == 409 and answer.mimetype == "application/problem+json"
    assert api.get("/api/v1/newcomer/profile", headers=headers).get_json()["phone"] in (None, "")
