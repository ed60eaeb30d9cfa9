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


def test_a_family_registers_through_the_api(app, make_user, bearer, outbox):
    """The engineer from Chennai: profile step by step, partner and two children, consents; the plan
    and reception follow as they do on the web."""
    api = app.test_client()
    person = make_user("newcomer", full_name="Arjun Kumar", locale="en")
    me = bearer(person)
    steps = [("about", {"full_name": "Arjun Kumar", "citizenship": "other", "current_country": "IN",
                        "current_city": "Chennai"}),
             ("languages", {"languages": [{"language": "en", "level": "C1"}, {"language": "sv", "level": "A1"},
                                          {"language": "ta", "level": "native"}]}),
             ("work", {"occupation_codes": ["2144"], "skills": ["PLC programming", "welding"],
                       "education": "master", "years_experience": 8}),
             ("places", {"ranked_codes": ["2284", "2281"]}),
             ("move", {"status": "has_offer", "destination_code": "2284", "job_start": "2027-03-15",
                       "arrival": "2027-03-01"})]
    for step, body in steps:
        saved = api.put(f"/api/v1/newcomer/profile/{step}", json=body, headers=me)
        assert saved.status_code == 200, (step, saved.get_json())
    profile = api.get("/api/v1/newcomer/profile", headers=me).get_json()
    assert profile["places"] == ["2284", "2281"] and profile["destination_code"] == "2284"
    assert {"language": "ta", "level": "native"} in profile["languages"] and profile["occupation_codes"] == ["2144"]
    assert set(profile["completed_steps"]) >= {"about", "languages", "work", "places", "move"}

    partner = api.post("/api/v1/newcomer/household/members", headers=me, json={
        "relation": "partner", "first_name": "Priya", "birth_year": 1990, "seeking_work": True,
        "occupation_codes": ["2512"],
        "languages": [{"language": "en", "level": "C2"}, {"language": "ta", "level": "native"}]})
    assert partner.status_code == 201 and partner.get_json()["occupation_codes"] == ["2512"]
    for name, year in (("Meera", 2017), ("Amal", 2023)):
        child = api.post("/api/v1/newcomer/household/members", headers=me,
                         json={"relation": "child", "first_name": name, "birth_year": year, "home_language": "ta"})
        assert child.status_code == 201
    household = api.get("/api/v1/newcomer/household", headers=me).get_json()
    assert [m["relation"] for m in household] == ["self", "partner", "child", "child"]
    services = {s["service_key"] for s in api.get("/api/v1/newcomer/plan", headers=me).get_json()}
    assert {"work_permit", "school_enrolment", "preschool_application", "dual_career"} <= services

    no_year = api.post("/api/v1/newcomer/household/members", headers=me, json={"relation": "child", "first_name": "X"})
    assert no_year.status_code == 422 and list(no_year.get_json()["errors"]) == ["birth_year"]
    second = api.post("/api/v1/newcomer/household/members", headers=me,
                      json={"relation": "partner", "first_name": "Y", "birth_year": 1991})
    assert second.status_code == 422 and "partner" in second.get_json()["detail"]
    past = api.put("/api/v1/newcomer/profile/move", headers=me, json={"status": "arriving", "arrival": "2026-01-01"})
    assert past.status_code == 422 and list(past.get_json()["errors"]) == ["arrival"]
    unknown = api.put("/api/v1/newcomer/profile/work", headers=me, json={"occupation_codes": ["9998"]})
    assert unknown.status_code == 422 and "9998" in unknown.get_json()["errors"]["occupation_codes"][0]

    decided = api.put("/api/v1/newcomer/consents", headers=me,
                      json={"matching": True, "officer_contact": True, "follow_up": True})
    assert decided.status_code == 200 and decided.get_json()["officer_contact"] is True
    cases = api.get("/api/v1/newcomer/cases", headers=me).get_json()
    assert [c["municipality_code"] for c in cases] == ["2284"]  # reception opened the case, as on the web
    wrote = api.post(f"/api/v1/newcomer/cases/{cases[0]['id']}/messages", headers=me,
                     json={"body": "We land on 1 March."})
    assert wrote.status_code == 201 and wrote.get_json()["from_household"] is True
    withdrawn = api.put("/api/v1/newcomer/consents", headers=me,
                        json={"matching": True, "officer_contact": False, "follow_up": True})
    assert [h["kind"] for h in withdrawn.get_json()["history"]][:1] == ["officer_contact"]
    closed = api.post(f"/api/v1/newcomer/cases/{cases[0]['id']}/messages", headers=me, json={"body": "Hello?"})
    assert closed.status_code == 409

    member_id = household[1]["id"]
    stranger = bearer(make_user("newcomer"))
    assert api.delete(f"/api/v1/newcomer/household/members/{member_id}", headers=stranger).status_code == 404
    assert api.post(f"/api/v1/newcomer/cases/{cases[0]['id']}/messages", headers=stranger,
                    json={"body": "hi"}).status_code == 404
    assert api.delete(f"/api/v1/newcomer/household/members/{member_id}", headers=me).status_code == 204
    assert len(api.get("/api/v1/newcomer/household", headers=me).get_json()) == 3
    assert api.delete(f"/api/v1/newcomer/household/members/{household[0]['id']}", headers=me).status_code == 404


def test_matches_and_interest(app, make_user, bearer):
    api = app.test_client()
    me = bearer(make_user("newcomer"))
    body = api.get("/api/v1/newcomer/matches", headers=me).get_json()
    assert body == {"newcomer": [], "partner": []}  # no open needs yet
    assert api.put("/api/v1/newcomer/interests/123456", headers=me).status_code == 404
    assert api.delete("/api/v1/newcomer/interests/123456", headers=me).status_code == 204
    assert api.get("/api/v1/newcomer/interests", headers=me).get_json() == []


def test_job_alerts_through_the_api(app, client, newcomer, bearer):
    me = bearer(newcomer)
    assert client.get("/api/v1/newcomer/job-alerts", headers=me).get_json() == {"me": False, "partner": False}
    changed = client.put("/api/v1/newcomer/job-alerts", headers=me, json={"me": True, "partner": True})
    assert changed.get_json() == {"me": True, "partner": False}  # no partner looking for work
    assert client.put("/api/v1/newcomer/job-alerts", headers=me, json={"me": "often"}).status_code == 422
