"""A reception officer works a case through the API alone, with the web's rules and the web's services:
what the API writes shows on the case page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.extensions import db
from app.models import today
from app.reception.models import Case, CaseStatus, FollowUpStatus
from tests.conftest import statements_during

API = "/api/v1"
PROBLEM = "application/problem+json"


def _officer(make_user, bearer, code="2284", name="Olle Officer"):
    person = make_user("officer", municipality_code=code, full_name=name, locale="en")
    return person, {**bearer(person), "Accept-Language": "en"}


def _refused(response, status: int, field: str | None = None) -> dict:
    body = response.get_json()
    assert response.status_code == status and response.mimetype == PROBLEM, (response.status_code, body)
    if field:
        assert field in body["errors"], body
    return body


def test_an_officer_drives_a_case_through_the_api(app, officer, case_id, make_user, bearer, outbox):
    api = app.test_client()
    person, me = _officer(make_user, bearer)

    listed = api.get(f"{API}/cases", headers=me).get_json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == case_id
    assert listed["items"][0]["full_name"] == "Arjun Kumar" and listed["items"][0]["status"] == "new"
    for query, found in (("view=unassigned", 1), ("view=mine", 0), ("q=ARJUN", 1), ("q=nobody", 0),
                         ("month=2027-03", 1), ("month=2027-04", 0), ("status=closed", 0), ("overdue=true", 0)):
        assert api.get(f"{API}/cases?{query}", headers=me).get_json()["total"] == found, query

    read = api.get(f"{API}/cases/{case_id}", headers=me).get_json()
    assert (read["status"], read["version"], read["municipality_code"], read["source"]) == ("new", 1, "2284",
                                                                                            "newcomer")
    assert read["household"][0]["relation"] == "self" and read["household"][0]["first_name"] == "Arjun"
    assert read["plan"]["total"] > 0 and read["plan"]["done"] == 0 and read["may_message"] is True
    assert read["expected_arrival"] == "2027-03-01" and read["assigned_officer_id"] is None

    mine = api.patch(f"{API}/cases/{case_id}", headers=me, json={"version": 1, "assigned_officer_id": person.id})
    assert mine.status_code == 200 and mine.get_json()["assigned_officer_name"] == "Olle Officer"
    version = mine.get_json()["version"]
    assert api.get(f"{API}/cases?view=mine", headers=me).get_json()["total"] == 1

    for status in ("contacted", "planning", "arrived"):
        moved = api.patch(f"{API}/cases/{case_id}", headers=me, json={"version": version, "status": status})
        assert moved.status_code == 200 and moved.get_json()["status"] == status, moved.get_json()
        stale = _refused(api.patch(f"{API}/cases/{case_id}", headers=me, json={"version": version, "status": "new"}),
                         409, "version")
        assert "Someone else changed this case" in stale["detail"]
        version = moved.get_json()["version"]
    assert moved.get_json()["expected_arrival"] == today().isoformat()  # here earlier than planned
    back_to_start = api.patch(f"{API}/cases/{case_id}", headers=me, json={"version": version, "status": "new"})
    assert "cannot move to that status" in _refused(back_to_start, 422, "status")["detail"]

    follow_ups = api.get(f"{API}/cases/{case_id}/follow-ups", headers=me).get_json()
    assert [(f["offset_days"], f["status"]) for f in follow_ups] == [(d, "scheduled") for d in (14, 91, 182, 365)]
    assert follow_ups[0]["due_on"] == (today() + timedelta(days=14)).isoformat()

    due = (today() + timedelta(days=3)).isoformat()
    task = api.post(f"{API}/cases/{case_id}/tasks", headers=me,
                    json={"title": "  Book the  preschool visit ", "due_on": due, "assignee_id": person.id})
    assert task.status_code == 201 and task.get_json()["title"] == "Book the preschool visit"
    task_id = task.get_json()["id"]
    done = api.patch(f"{API}/cases/{case_id}/tasks/{task_id}", headers=me, json={"done": True})
    assert done.status_code == 200 and done.get_json()["done_at"] and done.get_json()["done_by_id"] == person.id
    assert api.get(f"{API}/cases/{case_id}/tasks", headers=me).get_json()[0]["done_at"]
    assert api.patch(f"{API}/cases/{case_id}/tasks/999999", headers=me, json={"done": True}).status_code == 404

    note = api.post(f"{API}/cases/{case_id}/notes", headers=me, json={"body": "Called: they landed early.\n"})
    assert note.status_code == 201 and note.get_json()["author_name"] == "Olle Officer"
    assert [n["body"] for n in api.get(f"{API}/cases/{case_id}/notes", headers=me).get_json()] == [
        "Called: they landed early."]

    referred = api.post(f"{API}/cases/{case_id}/referrals", headers=me,
                        json={"target": "service:sfi", "note": "Evening"})
    assert referred.status_code == 201 and referred.get_json()["status"] == "sent"
    referral_id = referred.get_json()["id"]
    again = api.post(f"{API}/cases/{case_id}/referrals", headers=me, json={"target": "service:sfi"})
    assert "already referred" in _refused(again, 422, "target")["detail"]
    _refused(api.post(f"{API}/cases/{case_id}/referrals", headers=me, json={"target": "housing:afa"}), 422, "target")
    assert api.post(f"{API}/cases/{case_id}/referrals", headers=me,
                    json={"target": "housing:ovikshem"}).status_code == 201  # it serves Örnsköldsvik
    changed = api.patch(f"{API}/cases/{case_id}/referrals/{referral_id}", headers=me, json={"status": "in_progress"})
    assert changed.status_code == 200 and changed.get_json()["status"] == "in_progress"
    assert api.post(f"{API}/cases/{case_id}/referrals", headers=me,
                    json={"target": "housing:private_landlords"}).status_code == 201
    names = {language: {r["target"]: r["target_name"] for r in api.get(
        f"{API}/cases/{case_id}/referrals", headers=me | {"Accept-Language": language}).get_json()}
        for language in ("sv", "en")}
    assert set(names["en"]) == {"service:sfi", "housing:ovikshem", "housing:private_landlords"}
    assert names["sv"]["housing:private_landlords"] == "Privata hyresvärdar (kommunens listor)"
    assert names["en"]["housing:private_landlords"] == "Private landlords (municipal lists)"

    sent = api.post(f"{API}/cases/{case_id}/messages", headers=me, json={"body": "Welcome! Shall we meet on Monday?"})
    assert sent.status_code == 201 and sent.get_json()["from_household"] is False
    assert any("Shall we meet on Monday?" in m.body for m in outbox())
    assert [m["body"] for m in api.get(f"{API}/cases/{case_id}/messages", headers=me).get_json()] == [
        "Welcome! Shall we meet on Monday?"]

    # The web's case page shows what the API wrote: the same services, the same rows.
    page = officer.get(f"/reception/cases/{case_id}").get_data(as_text=True)
    for shown in ("Arrived", "Olle Officer", "Book the preschool visit", "Called: they landed early.",
                  "Welcome! Shall we meet on Monday?", "In progress"):
        assert shown in page, shown
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id.in_([0, case_id]))))
    assert {"list", "view", "assigned", "status", "task_added", "task_done", "note_added", "referred",
            "referral_status", "message_sent"} <= actions


def test_the_list_pages_and_officers_open_cases_at_the_desk(app, case_id, make_user, bearer, outbox,
                                                            household_answers):
    api = app.test_client()
    person, me = _officer(make_user, bearer)
    desk = {"full_name": "Lena Larsson", "email": "lena@example.se", "locale": "en", "agreed": True,
            "expected_arrival": (today() + timedelta(days=10)).isoformat(), "note": "Came to the desk."}
    asked = api.post(f"{API}/cases", headers=me, json=desk)
    assert asked.status_code == 202 and asked.get_json()["status"] == "asked", asked.get_json()
    assert any(m.to == ["lena@example.se"] for m in outbox())  # invited to choose a password
    household_answers("lena@example.se", yes=True)
    opened = api.post(f"{API}/cases", headers=me, json=desk)
    assert opened.status_code == 200  # open already: the same case
    assert opened.get_json()["assigned_officer_id"] == person.id and opened.get_json()["source"] == "officer"
    _refused(api.post(f"{API}/cases", headers=me, json={**desk, "municipality_code": "2281"}), 422,
             "municipality_code")
    _refused(api.post(f"{API}/cases", headers=me, json={**desk, "agreed": False}), 422, "agreed")
    assert api.post(f"{API}/cases", headers=me, json={**desk, "email": person.email}).status_code == 202  # no tell

    first = api.get(f"{API}/cases?per_page=1", headers=me).get_json()
    assert (first["total"], first["pages"], first["items"][0]["full_name"]) == (2, 2, "Lena Larsson")  # soonest
    assert first["links"]["prev"] is None and "page=2" in first["links"]["next"]
    second = api.get(first["links"]["next"], headers=me).get_json()
    assert second["items"][0]["id"] == case_id and second["links"]["next"] is None
    newest = api.get(f"{API}/cases?sort=-created_at", headers=me).get_json()["items"]
    assert newest[0]["full_name"] == "Lena Larsson"

    colleague, theirs = _officer(make_user, bearer, name="Cilla Colleague")
    lena = opened.get_json()
    taken = api.post(f"{API}/cases/{lena['id']}/take", headers=theirs, json={"version": lena["version"]})
    assert "A colleague has taken this case" in _refused(taken, 422)["detail"]
    took = api.post(f"{API}/cases/{case_id}/take", headers=theirs, json={"version": 1})
    assert took.status_code == 200 and took.get_json()["assigned_officer_id"] == colleague.id


def test_the_list_asks_the_database_the_same_number_of_times_for_more_cases(app, make_user, bearer,
                                                                           household_answers):
    api = app.test_client()
    _person, me = _officer(make_user, bearer)

    def statements_for_the_list() -> int:
        def read() -> None:
            assert api.get(f"{API}/cases", headers=me).status_code == 200

        return statements_during(app, read)

    def desk_case(n: int) -> None:
        assert api.post(f"{API}/cases", headers=me, json={"full_name": f"Household {n}", "agreed": True,
                                                          "email": f"household{n}@example.se"}).status_code == 202
        household_answers(f"household{n}@example.se")  # the case opens when the household says yes

    desk_case(1)
    one = statements_for_the_list()
    for n in range(2, 5):
        desk_case(n)
    assert statements_for_the_list() == one


def test_other_municipalities_cases_do_not_exist_and_roles_are_checked(app, case_id, make_user, bearer,
                                                                      household_answers):
    api = app.test_client()
    _outsider, theirs = _officer(make_user, bearer, code="2281")
    reads = ["", "/tasks", "/notes", "/messages", "/referrals", "/follow-ups"]
    for path in reads:
        assert api.get(f"{API}/cases/{case_id}{path}", headers=theirs).status_code == 404, path
    writes = [("patch", "", {"version": 1, "status": "contacted"}), ("post", "/take", {"version": 1}),
              ("post", "/tasks", {"title": "x", "due_on": today().isoformat()}), ("post", "/notes", {"body": "x"}),
              ("post", "/messages", {"body": "x"}), ("post", "/referrals", {"target": "service:sfi"}),
              ("patch", "/tasks/1", {"done": True}), ("patch", "/referrals/1", {"status": "done"})]
    for method, path, body in writes:
        response = getattr(api, method)(f"{API}/cases/{case_id}{path}", headers=theirs, json=body)
        assert response.status_code == 404 and response.mimetype == PROBLEM, path
    assert api.get(f"{API}/cases", headers=theirs).get_json()["total"] == 0
    assert api.get(f"{API}/reception/dashboard", headers=theirs).get_json()["by_status"]["new"] == 0
    with app.app_context():
        assert db.session.get(Case, case_id).version == 1  # nothing changed

    for role in ("newcomer", "employer"):
        token = bearer(make_user(role))
        for path in ("/cases", f"/cases/{case_id}", "/reception/dashboard"):
            assert api.get(f"{API}{path}", headers=token).status_code == 403
    anonymous = api.get(f"{API}/cases/{case_id}")
    assert anonymous.status_code == 401 and anonymous.mimetype == PROBLEM

    # Another case's task or referral is not part of this one.
    _person, me = _officer(make_user, bearer)
    api.post(f"{API}/cases", headers=me, json={"full_name": "Lena Larsson", "email": "lena@example.se",
                                               "agreed": True})
    household_answers("lena@example.se")
    other = api.post(f"{API}/cases", headers=me, json={"full_name": "Lena Larsson", "email": "lena@example.se",
                                                       "agreed": True}).get_json()  # open now: the case itself
    task = api.post(f"{API}/cases/{other['id']}/tasks", headers=me,
                    json={"title": "Call", "due_on": today().isoformat()}).get_json()
    referral = api.post(f"{API}/cases/{other['id']}/referrals", headers=me, json={"target": "service:sfi"}).get_json()
    assert api.patch(f"{API}/cases/{case_id}/tasks/{task['id']}", headers=me, json={"done": True}).status_code == 404
    assert api.patch(f"{API}/cases/{case_id}/referrals/{referral['id']}", headers=me,
                     json={"status": "done"}).status_code == 404
    assert api.post(f"{API}/cases/{case_id}/move", headers=me,
                    json={"municipality_code": "2281", "version": 1}).status_code == 403  # coordinators only


def test_wrong_requests_name_the_field(app, case_id, make_user, bearer):
    api = app.test_client()
    person, me = _officer(make_user, bearer)
    url = f"{API}/cases/{case_id}"
    past = (today() - timedelta(days=1)).isoformat()
    for method, path, body, field in [
        ("patch", "", {"status": "contacted"}, "version"),
        ("patch", "", {"version": 1, "status": "finished"}, "status"),
        ("patch", "", {"version": 1, "colour": "red"}, "colour"),
        ("patch", "", {"version": 2**31, "status": "contacted"}, "version"),
        ("patch", "", {"version": 1, "status": "closed"}, "closing_reason"),
        ("patch", "", {"version": 1, "status": "closed", "closing_reason": "consent_withdrawn"}, "closing_reason"),
        ("patch", "", {"version": 1, "assigned_officer_id": 2**31}, "assigned_officer_id"),
        ("patch", "", {"version": 1, "assigned_officer_id": 999999}, "assigned_officer_id"),
        ("patch", "", {"version": 1, "expected_arrival": "2019-02-30"}, "expected_arrival"),
        ("patch", "", {"version": 1, "expected_arrival": "1999-01-01"}, "expected_arrival"),
        ("post", "/tasks", {"title": "Call", "due_on": past}, "due_on"),
        ("post", "/tasks", {"title": "   ", "due_on": today().isoformat()}, "title"),
        ("post", "/tasks", {"title": "x" * 201, "due_on": today().isoformat()}, "title"),
        ("post", "/tasks", {"title": "Call", "due_on": today().isoformat(), "assignee_id": person.id + 99},
         "assignee_id"),
        ("post", "/notes", {"body": "null\x00byte"}, "body"),
        ("post", "/notes", {}, "body"),
        ("post", "/messages", {"body": "x" * 5001}, "body"),
        ("post", "/referrals", {"target": "sfi"}, "target"),
        ("post", "/referrals", {"target": "service:nothing_like_it"}, "target"),
        ("post", "/take", {"version": "one"}, "version"),
        ("patch", "/tasks/1", {"done": "maybe"}, "done"),
    ]:
        response = getattr(api, method)(f"{url}{path}", headers=me, json=body)
        _refused(response, 422, field)
    for query, field in (("month=2027-13", "month"), ("view=theirs", "view"), ("sort=name", "sort"),
                         ("per_page=1000", "per_page"), ("overdue=perhaps", "overdue"), ("colour=red", "colour"),
                         ("municipality=Sundsvall", "municipality")):
        _refused(api.get(f"{API}/cases?{query}", headers=me), 422, field)
    assert api.post(f"{API}/cases", headers=me, data="not json", content_type="application/json").status_code in (
        400, 422)
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert (case.version, case.status, case.assigned_officer_id) == (1, CaseStatus.NEW, None)


def test_no_message_without_consent_and_closing_takes_a_reason(app, case_id, make_user, bearer):
    from app.talent.models import ConsentKind
    from app.talent.services import set_consents

    api = app.test_client()
    _person, me = _officer(make_user, bearer)
    with app.app_context():  # consent withdrawn behind reception's back: the case is still open
        set_consents(db.session.get(Case, case_id).profile, {ConsentKind.OFFICER_CONTACT: False})
        db.session.commit()
    refused = api.post(f"{API}/cases/{case_id}/messages", headers=me, json={"body": "Hello"})
    assert "withdrawn its consent" in _refused(refused, 422)["detail"]
    assert api.get(f"{API}/cases/{case_id}", headers=me).get_json()["may_message"] is False

    closed = api.patch(f"{API}/cases/{case_id}", headers=me,
                       json={"version": 1, "status": "closed", "closing_reason": "left_region"})
    assert closed.status_code == 200 and closed.get_json()["closing_reason"] == "left_region"
    with app.app_context():
        follow_ups = db.session.scalars(select(Case).where(Case.id == case_id)).one().follow_ups
        assert {f.status for f in follow_ups} <= {FollowUpStatus.CANCELLED}
    still = api.post(f"{API}/cases/{case_id}/tasks", headers=me, json={"title": "x", "due_on": today().isoformat()})
    assert "This case is closed" in _refused(still, 422)["detail"]
    assert api.post(f"{API}/cases/{case_id}/notes", headers=me, json={"body": "They wrote later."}).status_code == 201


def test_coordinators_see_every_municipality_and_move_cases(app, case_id, make_user, bearer):
    api = app.test_client()
    coordinator = make_user("coordinator", locale="en")
    regional = {**bearer(coordinator), "Accept-Language": "en"}
    _outsider, sundsvall = _officer(make_user, bearer, code="2281")
    _person, me = _officer(make_user, bearer)
    soon = api.patch(f"{API}/cases/{case_id}", headers=me,
                     json={"version": 1, "expected_arrival": (today() + timedelta(days=10)).isoformat()})
    version = soon.get_json()["version"]

    figures = api.get(f"{API}/reception/dashboard", headers=me).get_json()
    assert figures["by_status"]["new"] == 1 and figures["arrivals_soon"] == 1 and figures["overdue_tasks"] == 0
    assert figures["response_rate"] is None and figures["follow_ups_due"] == 1
    assert api.get(f"{API}/reception/dashboard?municipality=2281", headers=me).get_json()["by_status"]["new"] == 1
    assert api.get(f"{API}/reception/dashboard?municipality=2281", headers=regional).get_json()["arrivals_soon"] == 0
    assert api.get(f"{API}/reception/dashboard", headers=regional).get_json()["by_municipality"]["2284"]["new"] == 1
    assert api.get(f"{API}/cases?municipality=2281", headers=regional).get_json()["total"] == 0
    assert api.get(f"{API}/cases?municipality=2284", headers=regional).get_json()["total"] == 1
    assert api.get(f"{API}/cases?municipality=2281", headers=me).get_json()["total"] == 1  # an officer: their own

    assert api.post(f"{API}/cases", headers=regional, json={"full_name": "Lena", "email": "lena@example.se",
                                                            "agreed": True}).status_code == 422  # where?
    _refused(api.post(f"{API}/cases/{case_id}/move", headers=regional,
                      json={"municipality_code": "9999", "version": version}), 422, "municipality_code")
    moved = api.post(f"{API}/cases/{case_id}/move", headers=regional,
                     json={"municipality_code": "2281", "version": version})
    assert moved.status_code == 200 and moved.get_json()["municipality_code"] == "2281"
    assert api.get(f"{API}/cases/{case_id}", headers=me).status_code == 404  # no longer Örnsköldsvik's
    assert api.get(f"{API}/cases/{case_id}", headers=sundsvall).status_code == 200
    _refused(api.post(f"{API}/cases/{case_id}/move", headers=regional,
                      json={"municipality_code": "2284", "version": version}), 409, "version")
