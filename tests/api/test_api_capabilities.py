"""Everything a role does in the browser has its API operation: this table is the promise, the OpenAPI
document must keep it (and each operation must be reachable by that role, not refused at the door)."""

from __future__ import annotations

import pytest

CAPABILITIES = {
    "anyone": [
        ("read municipalities, services, housing contacts", "get", "/municipalities"),
        ("read the steps a plan can hold", "get", "/services"),
        ("read housing contacts", "get", "/housing-contacts"),
        ("search occupations", "get", "/occupations"),
        ("search the skill vocabulary", "get", "/skills"),
        ("browse the needs board", "get", "/board"),
        ("read an open need", "get", "/board/{need_id}"),
        ("read aggregate statistics", "get", "/statistics"),
        ("obtain a token", "post", "/tokens"),
        ("list upcoming events", "get", "/events"),
        ("read an event", "get", "/events/{event_id}"),
        ("read a municipality's Move page", "get", "/places/{code}"),
        ("read an organisation's public page", "get", "/board/organisations/{organisation_id}"),
    ],
    "newcomer": [
        ("read the profile", "get", "/newcomer/profile"),
        ("say who they are", "put", "/newcomer/profile/about"),
        ("list languages", "put", "/newcomer/profile/languages"),
        ("describe work and skills", "put", "/newcomer/profile/work"),
        ("rank municipalities", "put", "/newcomer/profile/places"),
        ("plan the move", "put", "/newcomer/profile/move"),
        ("read the household", "get", "/newcomer/household"),
        ("add a partner or child", "post", "/newcomer/household/members"),
        ("change a member", "put", "/newcomer/household/members/{member_id}"),
        ("remove a member", "delete", "/newcomer/household/members/{member_id}"),
        ("send the partner the link to decide for themselves again", "post",
         "/newcomer/household/members/{member_id}/partner-link"),
        ("read consents", "get", "/newcomer/consents"),
        ("read job alerts", "get", "/newcomer/job-alerts"),
        ("turn job alerts on or off", "put", "/newcomer/job-alerts"),
        ("give or withdraw consents", "put", "/newcomer/consents"),
        ("read the arrival plan", "get", "/newcomer/plan"),
        ("tick a plan step", "patch", "/newcomer/plan/steps/{step_id}"),
        ("see matching needs (also the partner's)", "get", "/newcomer/matches"),
        ("list interests", "get", "/newcomer/interests"),
        ("show interest in a need", "put", "/newcomer/interests/{need_id}"),
        ("withdraw interest", "delete", "/newcomer/interests/{need_id}"),
        ("read contact requests", "get", "/newcomer/contact-requests"),
        ("answer a contact request", "put", "/newcomer/contact-requests/{request_id}"),
        ("read hires", "get", "/newcomer/hires"),
        ("let reception follow a hire", "post", "/newcomer/hires/{hire_id}/reception"),
        ("read reception cases and messages", "get", "/newcomer/cases"),
        ("write to reception", "post", "/newcomer/cases/{case_id}/messages"),
        ("mark reception's messages read", "post", "/newcomer/cases/{case_id}/messages/read"),
        ("see which receptions ask to follow the move", "get", "/newcomer/reception-requests"),
        ("answer a reception's request", "post", "/newcomer/reception-requests/{reception_request_id}"),
        ("download everything Landa holds about them", "get", "/newcomer/export"),
        ("register for an event in one click", "post", "/events/{event_id}/registration"),
        ("cancel their registration for an event", "delete", "/events/{event_id}/registration"),
    ],
    "employer": [
        ("list organisations", "get", "/organisations"),
        ("register an organisation", "post", "/organisations"),
        ("read an organisation", "get", "/organisations/{organisation_id}"),
        ("list needs", "get", "/organisations/{organisation_id}/needs"),
        ("post a need", "post", "/organisations/{organisation_id}/needs"),
        ("read a need", "get", "/needs/{need_id}"),
        ("edit a need", "put", "/needs/{need_id}"),
        ("publish, fill or close a need", "put", "/needs/{need_id}/status"),
        ("see interested candidates", "get", "/needs/{need_id}/candidates"),
        ("see matching talent", "get", "/needs/{need_id}/matches"),
        ("ask for contact", "post", "/needs/{need_id}/candidates/{candidate_id}/contact-request"),
        ("ask a matching newcomer for contact", "post", "/needs/{need_id}/matches/{reference}/contact-request"),
        ("record a hire", "post", "/needs/{need_id}/candidates/{candidate_id}/hire"),
        ("list the insights pages about their needs", "get", "/insights"),
        ("read the figures of their needs", "get", "/insights/{key}"),
    ],
    "officer": [
        ("review organisations", "get", "/reviews"),
        ("approve or reject an organisation", "post", "/reviews/{organisation_id}"),
        ("list cases with filters", "get", "/cases"),
        ("open a case at the desk", "post", "/cases"),
        ("read a case", "get", "/cases/{case_id}"),
        ("change status, officer or expected arrival", "patch", "/cases/{case_id}"),
        ("take a case", "post", "/cases/{case_id}/take"),
        ("list tasks", "get", "/cases/{case_id}/tasks"),
        ("add a task", "post", "/cases/{case_id}/tasks"),
        ("mark a task done", "patch", "/cases/{case_id}/tasks/{task_id}"),
        ("read notes", "get", "/cases/{case_id}/notes"),
        ("add a note", "post", "/cases/{case_id}/notes"),
        ("read messages", "get", "/cases/{case_id}/messages"),
        ("message the household", "post", "/cases/{case_id}/messages"),
        ("mark the household's messages read", "post", "/cases/{case_id}/messages/read"),
        ("read referrals", "get", "/cases/{case_id}/referrals"),
        ("refer the household", "post", "/cases/{case_id}/referrals"),
        ("change a referral", "patch", "/cases/{case_id}/referrals/{referral_id}"),
        ("read follow-ups", "get", "/cases/{case_id}/follow-ups"),
        ("read the overview figures", "get", "/reception/dashboard"),
        ("list leads (people thinking of moving here)", "get", "/leads"),
        ("read a lead", "get", "/leads/{lead_id}"),
        ("change a lead's status", "put", "/leads/{lead_id}/status"),
        ("invite a lead to register", "post", "/leads/{lead_id}/invitation"),
        ("organise an event", "post", "/events"),
        ("see an event's registrations and waiting list", "get", "/events/{event_id}/registrations"),
        ("list the insights pages", "get", "/insights"),
        ("read an insights page's figures, filtered as on the page", "get", "/insights/{key}"),
    ],
    "coordinator": [
        ("move a case to another municipality", "post", "/cases/{case_id}/move"),
    ],
}


@pytest.fixture(scope="module")
def document(app):
    return app.test_client().get("/api/v1/openapi.json").get_json()


@pytest.mark.parametrize("role", list(CAPABILITIES))
def test_every_web_capability_has_its_operation(document, role):
    missing = [(what, method.upper(), path) for what, method, path in CAPABILITIES[role]
               if method not in document["paths"].get(f"/api/v1{path}", {})]
    assert not missing, f"{role} cannot do this through the API: {missing}"


def test_the_table_names_every_operation(document):
    """A new operation is added to the table above too, so the promise stays complete."""
    listed = {(method, f"/api/v1{path}") for rows in CAPABILITIES.values() for _what, method, path in rows}
    operations = {(method, path) for path, item in document["paths"].items() for method in item
                  if method in ("get", "post", "put", "patch", "delete")}
    unlisted = operations - listed - {("get", "/api/v1/tokens"), ("delete", "/api/v1/tokens/{token_id}"),
                                      ("get", "/api/v1/me")}
    assert not unlisted
