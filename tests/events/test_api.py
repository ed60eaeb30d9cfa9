"""Events through the API, as each role: the public list and event, an organiser's new event and its
registrations (another municipality's: 404), one-click registration and cancelling for the token's holder."""

from __future__ import annotations

from datetime import timedelta

from app.models import utcnow
from tests.factories import OrganisationFactory


def _body(**values) -> dict:
    starts = utcnow() + timedelta(days=12)
    return {"kind": "job_fair", "title": "Job fair", "starts_at": starts.isoformat(),
            "ends_at": (starts + timedelta(hours=4)).isoformat(), "address": "Storgatan 1",
            "municipality_code": "2284", "capacity": 1, "publish": True} | values


def test_the_public_list_and_event(app, make_event):
    shown = make_event(title="Welcome evening", municipality_code="2281")
    make_event(title="Draft", publish=False)
    client = app.test_client()
    page = client.get("/api/v1/events").get_json()
    assert [e["title"] for e in page["items"]] == ["Welcome evening"] and page["total"] == 1
    assert "online_url" not in page["items"][0]
    assert client.get("/api/v1/events?municipality=2284").get_json()["total"] == 0
    assert client.get("/api/v1/events?kind=job_fair").get_json()["total"] == 0
    assert client.get("/api/v1/events?kind=party").status_code == 422
    assert client.get(f"/api/v1/events/{shown}").get_json()["municipality_code"] == "2281"
    assert client.get(f"/api/v1/events/{shown + 1}").status_code == 404  # the draft


def test_organisers_create_and_read_registrations(app, make_user, bearer):
    officer = make_user("officer", municipality_code="2284", locale="en")
    api = app.test_client()
    made = api.post("/api/v1/events", headers=bearer(officer), json=_body())
    assert made.status_code == 201, made.get_json()
    event_id = made.get_json()["id"]
    elsewhere = api.post("/api/v1/events", headers=bearer(officer), json=_body(municipality_code="2281"))
    assert elsewhere.status_code == 422
    assert elsewhere.get_json()["errors"] == {
        "municipality_code": ["You can organise events in your own municipality only."]}
    no_place = api.post("/api/v1/events", headers=bearer(officer), json=_body(address=None))
    assert no_place.status_code == 422 and "address" in no_place.get_json()["errors"]

    first, second = (make_user("newcomer", full_name=name, locale="en") for name in ("First", "Second"))
    seat = api.post(f"/api/v1/events/{event_id}/registration", headers=bearer(first))
    assert seat.status_code == 201 and seat.get_json()["status"] == "confirmed"
    queued = api.post(f"/api/v1/events/{event_id}/registration", headers=bearer(second)).get_json()
    assert (queued["status"], queued["waiting_list_position"]) == ("waitlisted", 1)

    listed = api.get(f"/api/v1/events/{event_id}/registrations", headers=bearer(officer)).get_json()
    assert [r["name"] for r in listed["seated"]] == ["First"] and [r["name"] for r in listed["waiting"]] == ["Second"]
    other = make_user("officer", municipality_code="2281")
    assert api.get(f"/api/v1/events/{event_id}/registrations", headers=bearer(other)).status_code == 404
    assert api.get(f"/api/v1/events/{event_id}/registrations", headers=bearer(first)).status_code == 403
    coordinator = make_user("coordinator")
    assert api.get(f"/api/v1/events/{event_id}/registrations", headers=bearer(coordinator)).status_code == 200

    # The first cancels: the second has the seat.
    assert api.delete(f"/api/v1/events/{event_id}/registration", headers=bearer(first)).status_code == 204
    assert api.delete(f"/api/v1/events/{event_id}/registration", headers=bearer(first)).status_code == 404
    listed = api.get(f"/api/v1/events/{event_id}/registrations", headers=bearer(officer)).get_json()
    assert [r["name"] for r in listed["seated"]] == ["Second"] and listed["waiting"] == []
    assert listed["cancelled"] == 1


def test_an_employer_organises_for_its_approved_organisation(app, make_user, bearer):
    with app.app_context():
        organisation = OrganisationFactory()
        org_id, email = organisation.id, organisation.members[0].user.email
    owner = type("U", (), {"email": email, "password": "correct horse battery staple"})
    api = app.test_client()
    refused = api.post("/api/v1/events", headers=bearer(owner), json=_body())
    assert refused.status_code == 422 and "organisation_id" in refused.get_json()["errors"]
    made = api.post("/api/v1/events", headers=bearer(owner), json=_body(organisation_id=org_id))
    assert made.status_code == 201 and made.get_json()["organisation_name"] == "Örnsköldsvik Green Fuels AB"
    newcomer = make_user("newcomer")
    assert api.post("/api/v1/events", headers=bearer(newcomer), json=_body()).status_code == 403
    assert api.post("/api/v1/events", json=_body()).status_code == 401


def test_registration_is_refused_for_a_cancelled_event(app, make_user, bearer, make_event):
    event_id = make_event()
    coordinator = make_user("coordinator")
    browser = app.test_client()
    browser.post("/login", data={"email": coordinator.email, "password": coordinator.password})
    browser.post(f"/events/{event_id}/cancel-event")
    refused = app.test_client().post(f"/api/v1/events/{event_id}/registration", headers=bearer(make_user("newcomer")))
    assert refused.status_code == 409
