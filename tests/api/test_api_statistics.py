"""Open-data figures: counts only, small counts withheld, nothing that names a person."""

from __future__ import annotations


def test_statistics_count_without_naming_anyone(app, client, newcomer, case_id):
    body = client.get("/api/v1/statistics").get_json()
    assert body["withheld_below"] == 5
    ornskoldsvik = next(m for m in body["municipalities"] if m["code"] == "2284")
    assert ornskoldsvik["households_heading_here"] is None  # one household: withheld
    assert ornskoldsvik["cases_before_arrival"] is None
    assert next(m for m in body["municipalities"] if m["code"] == "2260")["cases_received"] == 0
    text = client.get("/api/v1/statistics").get_data(as_text=True)
    assert "Arjun" not in text and newcomer.email not in text
    etag = client.get("/api/v1/statistics").headers["ETag"]
    assert client.get("/api/v1/statistics", headers={"If-None-Match": etag}).status_code == 304


def test_five_households_are_counted(app, make_user, bearer):
    api = app.test_client()
    for _ in range(5):
        me = bearer(make_user("newcomer"))
        saved = api.put("/api/v1/newcomer/profile/move", headers=me,
                        json={"status": "exploring", "destination_code": "2281"})
        assert saved.status_code == 200, saved.get_json()
    sundsvall = next(m for m in api.get("/api/v1/statistics").get_json()["municipalities"] if m["code"] == "2281")
    assert sundsvall["households_heading_here"] == 5
