"""Three shapes of hostile input sent to every operation of the OpenAPI document, anonymously and as each role
(pen test, finding 4): a 2,000-deep JSON body, a number of 400 digits in every integer field of the body and
the query, and a multipart upload where JSON belongs. Each is refused with a problem document (400/415/422, or
the door's 401/403/404), never a server error. Schemathesis (test_api_contract.py) generates everything else."""

from __future__ import annotations

import io
import re

import pytest

HUGE = 10**400
DEEP = "[" * 2000 + "]" * 2000
PROBLEM = "application/problem+json"


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _huge_body(document: dict, schema: dict) -> dict:
    """A body of the operation's schema with every integer (and number) property set to 400 digits."""
    schema = _resolve(document, schema)
    body = {}
    for name, prop in (schema.get("properties") or {}).items():
        prop = _resolve(document, prop)
        kinds = prop.get("type") if isinstance(prop.get("type"), list) else [prop.get("type")]
        if "integer" in kinds or "number" in kinds:
            body[name] = HUGE
        elif "array" in kinds and _resolve(document, prop.get("items") or {}).get("type") == "integer":
            body[name] = [HUGE]
    return body


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


@pytest.mark.parametrize("role", ["anonymous", "newcomer", "employer", "officer", "coordinator", "admin"])
def test_every_operation_refuses_deep_json_huge_numbers_and_files(app, role, make_user, bearer, newcomer, case_id):
    api = app.test_client()
    if role == "anonymous":
        headers = {}
    elif role == "newcomer":
        headers = bearer(newcomer)
    else:
        headers = bearer(make_user(role, municipality_code="2284" if role == "officer" else None))
    document = api.get("/api/v1/openapi.json").get_json()
    failures, tried = [], 0
    for path, method, operation in _operations(document):
        url = re.sub(r"\{[^}]+\}", str(case_id), path)
        query_ints = [p["name"] for p in operation.get("parameters", [])
                      if p.get("in") == "query" and _resolve(document, p.get("schema") or {}).get("type") == "integer"]
        attempts = []
        if query_ints:
            attempts.append(("huge query", {"query_string": {name: "9" * 400 for name in query_ints}}))
        if "requestBody" in operation:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            attempts += [
                ("deep JSON", {"data": DEEP, "content_type": "application/json"}),
                ("huge numbers", {"json": _huge_body(document, schema)}),
                ("a file", {"data": {"file": (io.BytesIO(b"%PDF-1.4"), "cv.pdf"), "body": "x"},
                            "content_type": "multipart/form-data"}),
            ]
        for shape, kwargs in attempts:
            tried += 1
            response = api.open(url, method=method.upper(), headers=headers, **kwargs)
            if response.status_code >= 500 or (response.status_code >= 400 and response.mimetype != PROBLEM):
                failures.append((method, path, shape, response.status_code, response.get_data(as_text=True)[:200]))
    assert tried > 80
    assert not failures, failures[:5]
