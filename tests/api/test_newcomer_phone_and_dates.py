"""The newcomer's phone number and the move's dates are refused alike on the web and in the API (issue 20, item
12): the same use case (``app.talent.services``), the same words, about the same field, and nothing saved."""

from __future__ import annotations

import html
import re

API = "/api/v1/newcomer"
ABOUT = {"full_name": "Arjun Kumar", "citizenship": "other", "current_country": "IN", "current_city": "Chennai"}
MOVE = {"status": "has_offer", "destination_code": "2284"}


def _api(app, bearer, user) -> tuple:
    return app.test_client(), {**bearer(user), "Accept-Language": "en"}


def _field_error(page, field: str) -> str:
    """The message a page shows at ``field``."""
    text = html.unescape(page.get_data(as_text=True))
    return re.search(rf'<small id="{field}-error" class="field-error"><span>(.*?)</span>', text).group(1)


def test_an_impossible_phone_number_is_refused_alike(app, client, newcomer, bearer):
    api, headers = _api(app, bearer, newcomer)
    for typed in ("070-123 45 67", "123", "ring me", "+999 1234567"):  # in India: no such number; no number at all
        web = client.post("/talent/profile/about", data={**ABOUT, "phone": typed})
        assert web.status_code == 422
        message = _field_error(web, "phone")
        answer = api.put(f"{API}/profile/about", json={**ABOUT, "phone": typed}, headers=headers)
        assert (answer.status_code, answer.get_json()["errors"]) == (422, {"phone": [message]}), typed
    assert api.get(f"{API}/profile", headers=headers).get_json()["phone"] is None


def test_the_api_keeps_a_phone_number_in_e164_read_in_the_households_country(app, newcomer, bearer):
    api, headers = _api(app, bearer, newcomer)
    saved = api.put(f"{API}/profile/about", json={**ABOUT, "phone": "98765 43210"}, headers=headers)
    assert saved.status_code == 200 and saved.get_json()["phone"] == "+919876543210"
    in_sweden = api.put(f"{API}/profile/about", json={**ABOUT, "current_country": "SE", "phone": "070-123 45 67"},
                        headers=headers)
    assert in_sweden.status_code == 200 and in_sweden.get_json()["phone"] == "+46701234567"
    refused = api.put(f"{API}/profile/about", json={**ABOUT, "phone": "070-123 45 67"}, headers=headers)
    assert refused.get_json()["errors"] == {"phone": [
        "There is no such phone number in India: check the digits. A number from another country starts with + and "
        "its country code, such as +46 70 123 45 67."]}
    swedish = api.put(f"{API}/profile/about", json={**ABOUT, "phone": "123"},
                      headers={**headers, "Accept-Language": "sv"})
    assert swedish.status_code == 422 and "Indien" in swedish.get_json()["errors"]["phone"][0]  # the reader's words


def test_a_first_day_at_work_before_the_arrival_is_refused_alike(app, client, newcomer, bearer):
    api, headers = _api(app, bearer, newcomer)
    dates = {"job_start": "2027-02-15", "arrival": "2027-03-01"}
    web = client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2284", **dates})
    assert web.status_code == 422
    message = _field_error(web, "job_start")
    assert "or say that you start working before you arrive" in message
    answer = api.put(f"{API}/profile/move", json={**MOVE, **dates}, headers=headers)
    assert (answer.status_code, answer.get_json()["errors"]) == (422, {"job_start": [message]})
    profile = api.get(f"{API}/profile", headers=headers).get_json()
    assert (profile["job_start_date"], profile["works_before_arrival"]) == ("2027-03-15", False)  # nothing saved

    said = api.put(f"{API}/profile/move", json={**MOVE, **dates, "works_before_arrival": True}, headers=headers)
    assert said.status_code == 200
    assert (said.get_json()["job_start_date"], said.get_json()["works_before_arrival"]) == ("2027-02-15", True)
    # The web's form shows what was said through the API, and saving it unchanged is no refusal.
    assert client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2284", **dates,
                                                     "works_before_arrival": "y"}).status_code == 302
