"""Schemathesis drives every operation of the OpenAPI document: no server error, no response that
breaks its own schema, for any input it can generate."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.filterwarnings("ignore")  # hypothesis and schemathesis warn about their own internals


def _check(strategy) -> None:
    @given(case=strategy)
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate()

    run()


def test_every_operation_holds_its_contract(app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checked = 0
    for result in schema.get_all_operations():
        _check(result.ok().as_strategy())
        checked += 1
    assert checked >= 4
