"""Leads through the API: the same rules as the web (an officer reaches the leads that chose their municipality,
a coordinator every lead), and every lead operation holds its OpenAPI contract as each role."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.catalogue.models import Municipality
from app.extensions import db
from app.leads.models import Lead, LeadStatus
from app.models import utcnow
from tests.leads.test_leads import _db


def _lead(app, *codes: str, name: str = "Lena Lead", confirmed: bool = True) -> int:
    with _db(app):
        lead = Lead(full_name=name, email=f"{name.split()[0].lower()}@example.org", occupation="nurse",
                    household_size=2, moving_when="within_3_months", consent_version="lead-2026-12",
                    confirmed_at=utcnow() if confirmed else None,
                    municipalities=[db.session.get(Municipality, code) for code in codes])
        db.session.add(lead)
        db.session.flush()
        return lead.id


def test_officers_and_coordinators_read_and_change_the_leads_they_see(app, make_user, bearer, outbox):
    mine = _lead(app, "2284")
    open_to_all = _lead(app, name="Otto Open")
    unconfirmed = _lead(app, "2284", name="Uma Unconfirmed", confirmed=False)
    api = app.test_client()
    officer = bearer(make_user("officer", municipality_code="2284"))
    stranger = bearer(make_user("officer", municipality_code="2281"))
    coordinator = bearer(make_user("coordinator"))

    page = api.get("/api/v1/leads", headers=officer).get_json()
    assert [item["id"] for item in page["items"]] == [mine] and page["total"] == 1
    assert page["items"][0]["municipality_codes"] == ["2284"]
    assert api.get(f"/api/v1/leads/{mine}", headers=officer).get_json()["full_name"] == "Lena Lead"
    for lead_id in (open_to_all, unconfirmed):
        assert api.get(f"/api/v1/leads/{lead_id}", headers=officer).status_code == 404
    assert api.get(f"/api/v1/leads/{mine}", headers=stranger).status_code == 404
    assert api.put(f"/api/v1/leads/{mine}/status", headers=stranger, json={"status": "contacted"}).status_code == 404
    assert api.get("/api/v1/leads", headers=stranger).get_json()["total"] == 0

    everything = api.get("/api/v1/leads", headers=coordinator).get_json()
    assert {item["id"] for item in everything["items"]} == {mine, open_to_all}
    assert [i["id"] for i in api.get("/api/v1/leads?municipality=all", headers=coordinator).get_json()["items"]] \
        == [open_to_all]
    assert api.get("/api/v1/leads?status=nonsense", headers=coordinator).status_code == 422

    changed = api.put(f"/api/v1/leads/{mine}/status", headers=officer, json={"status": "contacted"})
    assert changed.status_code == 200 and changed.get_json()["status"] == "contacted"
    refused = api.put(f"/api/v1/leads/{mine}/status", headers=officer, json={"status": "registered"})
    assert refused.status_code == 422 and refused.get_json()["errors"]["status"]
    invited = api.post(f"/api/v1/leads/{mine}/invitation", headers=officer)
    assert invited.status_code == 200 and invited.get_json()["status"] == "invited"
    assert api.post(f"/api/v1/leads/{mine}/invitation", headers=officer).status_code == 409
    assert [m.to for m in outbox()] == [["lena@example.org"]]
    with _db(app):
        lead = db.session.get(Lead, mine)
        assert lead.status == LeadStatus.INVITED
        actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "lead")))
        assert {"lead_list", "lead_view", "lead_status", "lead_invited"} <= actions

    for role in ("newcomer", "employer", "admin"):
        assert api.get("/api/v1/leads", headers=bearer(make_user(role))).status_code == 403
    assert api.get("/api/v1/leads").status_code == 401


def _check(strategy, headers: dict[str, str]) -> None:
    @given(case=strategy)
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    run()


@pytest.mark.filterwarnings("ignore")
@pytest.mark.parametrize("role", ["anonymous", "newcomer", "officer", "coordinator", "admin"])
def test_every_lead_operation_holds_its_contract_as_each_role(app, make_user, bearer, role):
    _lead(app, "2284")
    _lead(app, name="Otto Open")
    headers = {} if role == "anonymous" else bearer(make_user(role, municipality_code="2284"
                                                                if role == "officer" else None))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).include(path_regex="/leads")
    checked = 0
    for result in schema.get_all_operations():
        _check(result.ok().as_strategy(), headers)
        checked += 1
    assert checked == 4
