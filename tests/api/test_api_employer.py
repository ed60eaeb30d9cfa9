"""An HR manager hires through the API alone: registers the plant, is approved by an officer, posts
and publishes a need, sees anonymous candidates, asks for contact and records the hire. The
newcomer's side (interest, answer) goes through the API too."""

from __future__ import annotations

from datetime import timedelta

from app.models import today

ORGNR = "556036-0793"


def _need_body(**changes) -> dict:
    start = today() + timedelta(days=60)
    return {"title": "Maintenance technician", "occupation_code": "7233", "municipality_code": "2284",
            "positions": 40, "required_skills": ["PLC", "hydraulics"], "min_english": "B1",
            "start_date": start.isoformat(), "expires_on": (start + timedelta(days=30)).isoformat(),
            "salary_min": 34000, "salary_max": 42000, "relocation_support": ["housing", "partner_career"]} | changes


def _organisation(api, hr) -> dict:
    created = api.post("/api/v1/organisations", headers=hr, json={
        "name": "Örnsköldsvik Green Fuels AB", "org_number": "5560360793", "municipality_code": "2284",
        "municipality_codes": ["2281"],
        "contact_name": "Karin HR", "contact_email": "karin@gf.se"})
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def test_an_employer_hires_through_the_api(app, make_user, bearer, outbox):
    api = app.test_client()
    hr = bearer(make_user("employer", full_name="Karin HR", locale="en"))
    organisation = _organisation(api, hr)
    assert (organisation["org_number"], organisation["status"]) == (ORGNR, "pending")
    assert organisation["municipality_code"] == "2284" and set(organisation["municipality_codes"]) == {"2284", "2281"}

    need = api.post(f"/api/v1/organisations/{organisation['id']}/needs", headers=hr, json=_need_body())
    assert need.status_code == 201 and need.get_json()["status"] == "draft"
    need_id = need.get_json()["id"]
    refused = api.put(f"/api/v1/needs/{need_id}/status", headers=hr, json={"status": "open"})
    assert refused.status_code == 403 and "approved" in refused.get_json()["detail"]
    assert api.get(f"/api/v1/needs/{need_id}/candidates", headers=hr).status_code == 403

    officer = bearer(make_user("officer", municipality_code="2284"))
    pending = api.get("/api/v1/reviews?status=pending", headers=officer).get_json()
    assert [o["id"] for o in pending["items"]] == [organisation["id"]] and pending["total"] == 1
    approved = api.post(f"/api/v1/reviews/{organisation['id']}", headers=officer,
                        json={"decision": "approved", "note": "Known plant"})
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert api.put(f"/api/v1/needs/{need_id}/status", headers=hr, json={"status": "open"}).status_code == 200

    board = api.get("/api/v1/board?municipality=2284&occupation=7233").get_json()
    assert [n["id"] for n in board["items"]] == [need_id] and board["items"][0]["organisation_name"]
    assert api.get("/api/v1/board?occupation=underhållsmekaniker").get_json()["total"] == 1  # words, not only codes

    talent = make_user("newcomer", full_name="Arjun Kumar", locale="en")
    arjun = bearer(talent)
    api.put("/api/v1/newcomer/profile/work", headers=arjun, json={"occupation_codes": ["7233"], "skills": ["PLC"]})
    assert api.put(f"/api/v1/newcomer/interests/{need_id}", headers=arjun).status_code == 200
    people = api.get(f"/api/v1/needs/{need_id}/candidates", headers=hr).get_json()
    assert len(people) == 1 and people[0]["name"] is None and not people[0]["revealed"]
    assert people[0]["occupation_codes"] == ["7233"]
    candidate = people[0]["id"]

    asked = api.post(f"/api/v1/needs/{need_id}/candidates/{candidate}/contact-request", headers=hr,
                     json={"message": "Can we talk?"})
    assert asked.status_code == 201
    again = api.post(f"/api/v1/needs/{need_id}/candidates/{candidate}/contact-request", headers=hr, json={})
    assert again.status_code == 422 and again.mimetype == "application/problem+json"
    early = api.post(f"/api/v1/needs/{need_id}/candidates/{candidate}/hire", headers=hr,
                     json={"start_date": (today() + timedelta(days=90)).isoformat()})
    assert early.status_code == 422  # only after they accept

    requests = api.get("/api/v1/newcomer/contact-requests", headers=arjun).get_json()
    assert requests[0]["message"] == "Can we talk?" and requests[0]["need"]["id"] == need_id
    answer = api.put(f"/api/v1/newcomer/contact-requests/{requests[0]['id']}", headers=arjun, json={"accept": True})
    assert answer.status_code == 200 and answer.get_json()["status"] == "accepted"
    assert api.put(f"/api/v1/newcomer/contact-requests/{requests[0]['id']}", headers=arjun,
                   json={"accept": False}).status_code == 409
    revealed = api.get(f"/api/v1/needs/{need_id}/candidates", headers=hr).get_json()[0]
    assert (revealed["name"], revealed["email"]) == ("Arjun Kumar", talent.email)

    hired = api.post(f"/api/v1/needs/{need_id}/candidates/{candidate}/hire", headers=hr,
                     json={"start_date": (today() + timedelta(days=90)).isoformat()})
    assert hired.status_code == 201
    mine = api.get("/api/v1/newcomer/hires", headers=arjun).get_json()
    assert [h["need"]["id"] for h in mine] == [need_id]
    assert api.get("/api/v1/newcomer/profile", headers=arjun).get_json()["status"] == "has_offer"

    listed = api.get(f"/api/v1/organisations/{organisation['id']}/needs?status=open&sort=title", headers=hr)
    assert listed.get_json()["total"] == 1 and listed.get_json()["links"]["next"] is None


def test_the_employer_reaches_only_their_own_organisation(app, make_user, bearer):
    api = app.test_client()
    hr = bearer(make_user("employer"))
    organisation = _organisation(api, hr)
    need_id = api.post(f"/api/v1/organisations/{organisation['id']}/needs", headers=hr,
                       json=_need_body()).get_json()["id"]
    rival = bearer(make_user("employer"))
    for method, url in [("get", f"/api/v1/organisations/{organisation['id']}"),
                        ("get", f"/api/v1/organisations/{organisation['id']}/needs"),
                        ("get", f"/api/v1/needs/{need_id}"), ("get", f"/api/v1/needs/{need_id}/candidates"),
                        ("get", f"/api/v1/needs/{need_id}/matches"),
                        ("put", f"/api/v1/needs/{need_id}/status")]:
        response = getattr(api, method)(url, headers=rival, json={"status": "closed"} if method == "put" else None)
        assert response.status_code == 404, url
        assert "Maintenance" not in response.get_data(as_text=True)
    assert api.get("/api/v1/organisations", headers=rival).get_json() == []
    assert api.get(f"/api/v1/board/{need_id}").status_code == 404  # a draft is not public
    newcomer = bearer(make_user("newcomer"))
    assert api.get("/api/v1/organisations", headers=newcomer).status_code == 403
    assert api.get("/api/v1/organisations").status_code == 401
    elsewhere = bearer(make_user("officer", municipality_code="2280"))  # Härnösand: not where the plant operates
    assert api.post(f"/api/v1/reviews/{organisation['id']}", headers=elsewhere,
                    json={"decision": "approved"}).status_code == 404
    assert api.get("/api/v1/reviews", headers=elsewhere).get_json()["total"] == 0


def test_bad_input_names_each_field(app, make_user, bearer):
    api = app.test_client()
    hr = bearer(make_user("employer", locale="en"))
    wrong = api.post("/api/v1/organisations", headers=hr, json={
        "name": "  ", "org_number": "123", "municipality_code": "2284", "municipality_codes": ["9999"],
        "contact_name": "K",
        "contact_email": "not-an-address", "colour": "blue"})
    assert wrong.status_code == 422
    assert {"name", "contact_email", "colour"} <= set(wrong.get_json()["errors"])
    number = api.post("/api/v1/organisations", headers=hr, json={
        "name": "Plant AB", "org_number": "123", "municipality_code": "2284", "contact_name": "K",
        "contact_email": "k@plant.se"})
    assert number.status_code == 422 and list(number.get_json()["errors"]) == ["org_number"]
    place = api.post("/api/v1/organisations", headers=hr, json={
        "name": "Plant AB", "org_number": ORGNR, "municipality_code": "2284", "municipality_codes": ["9999"],
        "contact_name": "K",
        "contact_email": "k@plant.se"})
    assert place.status_code == 422 and list(place.get_json()["errors"]) == ["municipality_codes"]
    organisation = _organisation(api, hr)
    url = f"/api/v1/organisations/{organisation['id']}/needs"
    salary = api.post(url, headers=hr, json=_need_body(salary_min=50000, salary_max=40000))
    assert salary.status_code == 422 and list(salary.get_json()["errors"]) == ["salary_max"]
    occupation = api.post(url, headers=hr, json=_need_body(occupation_code="0000", municipality_code="2284"))
    assert occupation.status_code == 422 and "occupation_code" in occupation.get_json()["errors"]
    control = api.post(url, headers=hr, json=_need_body(title="Tech\x00nician"))
    assert control.status_code == 422 and "control characters" in control.get_json()["errors"]["title"][0]
    broken = api.post(url, headers={**hr, "Content-Type": "application/json"}, data="{not json")
    assert broken.status_code == 400 and broken.mimetype == "application/problem+json"
    swedish = api.post(url, headers={**hr, "Accept-Language": "sv"}, json=_need_body(positions=0))
    assert swedish.status_code == 422 and swedish.get_json()["title"] != "Something in the request was wrong"


def test_a_huge_body_is_refused_whole(app, make_user, bearer):
    api = app.test_client()
    hr = bearer(make_user("employer"))
    organisation = _organisation(api, hr)
    huge = api.post(f"/api/v1/organisations/{organisation['id']}/needs", headers=hr,
                    json=_need_body(description="x" * (3 * 1024 * 1024)))
    assert huge.status_code == 413 and huge.mimetype == "application/problem+json"
    assert api.get(f"/api/v1/organisations/{organisation['id']}/needs", headers=hr).get_json()["total"] == 0


def test_field_messages_follow_accept_language(app, make_user, bearer):
    api = app.test_client()
    hr = bearer(make_user("employer"))
    body = {"name": "Plant AB", "org_number": ORGNR, "municipality_code": "2284", "contact_name": "K"}
    english = api.post("/api/v1/organisations", headers={**hr, "Accept-Language": "en"}, json=body | {"x": 1})
    assert english.get_json()["errors"] == {"contact_email": ["Fill in this field."],
                                            "x": ["This field is not part of the request."]}
    swedish = api.post("/api/v1/organisations", headers={**hr, "Accept-Language": "sv"}, json=body | {"x": 1})
    assert swedish.get_json()["errors"]["x"] == ["Det här fältet hör inte till förfrågan."]


def test_stray_bytes_never_reach_the_database(app, make_user, bearer):
    """PostgreSQL refuses a NUL in a string: every code, key and text field stops it first (422)."""
    api = app.test_client()
    assert api.get("/api/v1/occupations?q=%00").status_code == 422
    assert api.get("/api/v1/board?municipality=%00%00%00%00").status_code == 422
    person = make_user("employer")
    token = api.post("/api/v1/tokens", json={"email": person.email, "password": person.password, "name": "a\x00"})
    assert token.status_code == 422 and list(token.get_json()["errors"]) == ["name"]
    hr = bearer(person)
    body = {"name": "Plant AB", "org_number": ORGNR, "municipality_code": "22\x0084",
            "municipality_codes": ["22\x0084"], "contact_name": "K",
            "contact_email": "k@plant.se", "network_keys": ["a\x00"]}
    wrong = api.post("/api/v1/organisations", headers=hr, json=body)
    assert wrong.status_code == 422
    assert {"municipality_code", "municipality_codes", "network_keys"} <= set(wrong.get_json()["errors"])


def test_an_employer_asks_a_matching_newcomer_for_contact_through_the_api(app, client, newcomer, make_user,
                                                                         bearer):
    api = app.test_client()
    hr = bearer(make_user("employer", locale="en"))
    organisation = _organisation(api, hr)
    api.post(f"/api/v1/reviews/{organisation['id']}", headers=bearer(make_user("officer", municipality_code="2284")),
             json={"decision": "approved"})
    need_id = api.post(f"/api/v1/organisations/{organisation['id']}/needs", headers=hr,
                       json=_need_body()).get_json()["id"]
    api.put(f"/api/v1/needs/{need_id}/status", headers=hr, json={"status": "open"})
    client.post("/talent/consents", data={"matching": "y"})  # Arjun (7233) shares his profile

    [match] = api.get(f"/api/v1/needs/{need_id}/matches", headers=hr).get_json()
    assert match["gaps"] == ["Missing required skill: hydraulics", match["gaps"][1]] and len(match["gaps"]) == 2
    asked = api.post(f"/api/v1/needs/{need_id}/matches/{match['reference']}/contact-request", headers=hr,
                     json={"message": "Night shifts?"})
    assert asked.status_code == 201 and asked.get_json()["status"] == "pending"
    again = api.post(f"/api/v1/needs/{need_id}/matches/{match['reference']}/contact-request", headers=hr, json={})
    assert again.status_code == 422
    assert api.post(f"/api/v1/needs/{need_id}/matches/{'0' * 24}/contact-request", headers=hr,
                    json={}).status_code == 404
