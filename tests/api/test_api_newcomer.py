"""A newcomer drives their arrival plan through the API, with the web's object-level rules."""

from __future__ import annotations

from tests.api.test_api_tokens import _token


def test_a_newcomer_reads_and_ticks_the_plan(app, client, newcomer, make_user):
    headers = {"Authorization": f"Bearer {_token(app.test_client(), newcomer)['token']}"}
    api = app.test_client()
    steps = api.get("/api/v1/newcomer/plan", headers=headers).get_json()
    assert steps and {"id", "service_key", "status"} <= set(steps[0])
    done = api.patch(f"/api/v1/newcomer/plan/steps/{steps[0]['id']}", json={"status": "done"}, headers=headers)
    assert done.status_code == 200 and done.get_json()["status"] == "done"
    assert "done" in client.get("/talent/plan").get_data(as_text=True).lower()  # the web page sees it
    bad = api.patch(f"/api/v1/newcomer/plan/steps/{steps[0]['id']}", json={"status": "finished"}, headers=headers)
    assert bad.status_code == 422 and "status" in bad.get_json()["errors"]

    other = make_user("newcomer")
    theirs = {"Authorization": f"Bearer {_token(app.test_client(), other)['token']}"}
    assert api.patch(f"/api/v1/newcomer/plan/steps/{steps[0]['id']}", json={"status": "todo"},
                     headers=theirs).status_code == 404  # another household's step does not exist for them
    employer = make_user("employer")
    staff = {"Authorization": f"Bearer {_token(app.test_client(), employer)['token']}"}
    forbidden = api.get("/api/v1/newcomer/plan", headers=staff)
    assert forbidden.status_code == 403 and forbidden.mimetype == "application/problem+json"
