"""Schemathesis drives every operation of the OpenAPI document, anonymous and as each role: no server
error, no response that breaks its own schema, for any input it can generate, and besides each drawn body
the same body with 400-digit numbers and bodies nested 200 levels deep (the penetration test's shapes).

Each role acts on real data (a household with a case, an approved employer with an open need), so
the generated requests reach the use cases, not only the doors."""

from __future__ import annotations

from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.insights.outcomes import refresh_outcomes_job
from app.models import today

pytestmark = pytest.mark.filterwarnings("ignore")  # hypothesis and schemathesis warn about their own internals

OPERATIONS_AT_LEAST = 68


def _check(strategy, headers: dict[str, str], examples: int) -> None:
    @given(case=strategy)
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        # Every check but "valid data is accepted": a schema cannot know which occupation codes exist,
        # which case version is current or which status may follow which; those refusals are 4xx by
        # design (and the domain tests prove each one).
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    run()


def _huge(value):
    """The same body with every number 400 digits long (pen test, finding 4: an OverflowError was a 500)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return 10**400
    if isinstance(value, dict):
        return {key: _huge(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_huge(item) for item in value]
    return value


def _nested(depth: int):
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def _run_all(app, headers: dict[str, str], examples: int) -> int:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)

    @schema.hook
    def flatmap_body(ctx, body):
        # Besides the drawn body, the hostile shapes of the penetration test: huge numbers and deep nesting
        # (tests/api/test_api_hostile_shapes.py also sends 2,000 levels and files to every operation).
        return st.one_of(st.just(body), st.just(_huge(body)), st.just({"nested": _nested(200)}), st.just(_nested(200)))
    checked = 0
    for result in schema.get_all_operations():
        _check(result.ok().as_strategy(), headers, examples)
        checked += 1
    return checked


def test_every_operation_holds_its_contract_anonymously(app):
    assert _run_all(app, {}, examples=25) >= OPERATIONS_AT_LEAST


def _employer_with_an_open_need(app, make_user, bearer) -> dict[str, str]:
    api = app.test_client()
    hr = bearer(make_user("employer"))
    organisation = api.post("/api/v1/organisations", headers=hr, json={
        "name": "Plant AB", "org_number": "556036-0793", "municipality_code": "2284", "contact_name": "K",
        "contact_email": "k@plant.se"}).get_json()
    officer = bearer(make_user("officer", municipality_code="2284"))
    api.post(f"/api/v1/reviews/{organisation['id']}", headers=officer, json={"decision": "approved"})
    start = today() + timedelta(days=30)
    need = api.post(f"/api/v1/organisations/{organisation['id']}/needs", headers=hr, json={
        "title": "Maintenance technician", "occupation_code": "7233", "municipality_code": "2284", "positions": 3,
        "start_date": start.isoformat()}).get_json()
    assert api.put(f"/api/v1/needs/{need['id']}/status", headers=hr, json={"status": "open"}).status_code == 200
    return hr


@pytest.mark.parametrize("role", ["newcomer", "employer", "officer", "coordinator", "admin"])
def test_every_operation_holds_its_contract_as_each_role(app, role, make_user, bearer, newcomer, case_id):
    """``newcomer`` is Arjun (profile, household, a case in Örnsköldsvik); the officer works there."""
    if role == "newcomer":
        headers = bearer(newcomer)
    elif role == "employer":
        headers = _employer_with_an_open_need(app, make_user, bearer)
    else:
        headers = bearer(make_user(role, municipality_code="2284" if role == "officer" else None))
    with app.app_context():
        refresh_outcomes_job()  # the funnel's rows counted, as the scheduled job does (else: 503 until then)
    assert _run_all(app, headers, examples=8) >= OPERATIONS_AT_LEAST
