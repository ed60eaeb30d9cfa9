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


def test_a_task_is_refused_alike_on_the_case_page_and_in_the_api(app, officer, case_id, bearer):
    """The domain's rule (a due date that has passed) and the date window shared by the form and the schema."""
    import html
    from datetime import timedelta

    from app.models import today

    api, headers = app.test_client(), {**bearer(officer.user), "Accept-Language": "en"}
    for due, field_message in (
            ((today() - timedelta(days=1)).isoformat(), "The due date has passed; choose today or a later date."),
            ("9999-01-01", f"Enter a date between 1 January {today().year - 1} and 31 December {today().year + 3}.")):
        web = officer.post(f"/reception/cases/{case_id}/tasks", data={"task-title": "Call", "task-due_on": due})
        assert web.status_code == 422 and field_message in html.unescape(web.get_data(as_text=True))
        answer = api.post(f"/api/v1/cases/{case_id}/tasks", json={"title": "Call", "due_on": due}, headers=headers)
        assert answer.status_code == 422 and answer.get_json()["errors"] == {"due_on": [field_message]}
    assert api.get(f"/api/v1/cases/{case_id}/tasks", headers=headers).get_json() == []
