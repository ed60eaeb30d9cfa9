"""Insights through the API (``app/api/insights.py``): each role gets the pages the web shows it, each page's figures
are the numbers ``page.build`` makes for the same scope and filters, an officer is held to their municipality and
an employer to its own needs, a wrong filter is named in the page's words, and every read is audited."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import Role, User
from app.extensions import db
from app.insights import PAGES, outcomes
from app.insights.filters import Filters, scope_for
from tests.factories import NeedFactory, OrganisationFactory
from tests.insights.reception_crafted import ORNSKOLDSVIK, SUNDSVALL, TIMRA, case, household

STAFF_AND_EMPLOYERS = ("officer", "coordinator", "admin", "employer")
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}
ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def token(make_user, bearer):
    """``token(role, **values)``: the user (an officer works in Sundsvall) and their bearer header, in English."""
    def make(role: str, **values):
        if role == "officer":
            values.setdefault("municipality_code", SUNDSVALL)
        user = make_user(role, locale="en", **values)
        return user, {**bearer(user), **ENGLISH}

    return make


@pytest.fixture
def cases(app):
    """Cases opened in 2025 that arrived: 6 in Sundsvall, 8 in Örnsköldsvik, 3 in Timrå (a withheld count)."""
    with app.app_context():
        for code, count in ((SUNDSVALL, 6), (ORNSKOLDSVIK, 8), (TIMRA, 3)):
            for n in range(count):
                case(code, opened=date(2025, 2, 3 + n), arrived=date(2025, 4, 7 + n))
        db.session.commit()


def _cell(value):
    """The JSON of a cell, by the rule the page reads it (the first of a month is the month)."""
    if isinstance(value, date):
        return value.strftime("%Y-%m") if value.day == 1 else value.isoformat()
    return value


def built(app, key: str, user_id: int, args: dict) -> list[dict]:
    """What the page itself makes for this user and these filters: each figure's key, column keys and rows."""
    with app.test_request_context(f"/api/v1/insights/{key}", headers=ENGLISH):
        user = db.session.get(User, user_id)
        scope = scope_for(user)
        filters, errors = Filters.from_args(args, scope)
        assert not errors
        figures = PAGES[key].build(scope, filters)
        return [{"key": f.key, "columns": [c.key for c in f.columns], "rows": [[_cell(v) for v in r] for r in f.rows]}
                for f in figures]


def served(body: dict) -> list[dict]:
    return [{"key": f["key"], "columns": [c["key"] for c in f["columns"]], "rows": f["rows"]} for f in body["figures"]]


# --- who sees what -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", STAFF_AND_EMPLOYERS)
def test_the_list_holds_the_pages_the_web_shows_the_role(client, token, role):
    _user, headers = token(role)
    response = client.get("/api/v1/insights", headers=headers)
    assert response.status_code == 200
    listed = response.get_json()
    assert [p["key"] for p in listed] == [key for key, page in PAGES.items() if Role(role) in page.roles]
    for item in listed:
        assert item["filters"] == list(PAGES[item["key"]].filters)
        assert item["url"] == f"/api/v1/insights/{item['key']}" and item["title"]
    if role == "employer":
        assert {"employers", "demand"} <= {p["key"] for p in listed} and "funnel" not in {p["key"] for p in listed}


@pytest.mark.parametrize("role", STAFF_AND_EMPLOYERS)
def test_each_page_opens_for_its_roles_and_refuses_the_others(app, client, token, role):
    with app.app_context():
        outcomes.refresh_outcomes_job()  # the funnel's rows, as the scheduled job counts them
    _user, headers = token(role)
    for key, page in PAGES.items():
        response = client.get(f"/api/v1/insights/{key}", headers=headers)
        if Role(role) in page.roles:
            assert response.status_code == 200, (key, response.get_json())
            body = response.get_json()
            assert body["key"] == key and body["figures"] and body["scope"]["role"] == role
            assert set(body["applied"]) == set(page.filters)
            assert response.headers["Cache-Control"] == "private, no-store"
        else:
            assert response.status_code == 403, key
            assert response.mimetype == "application/problem+json"


def test_a_newcomer_is_refused_and_no_token_is_401(client, token):
    _user, headers = token("newcomer")
    key = next(iter(PAGES))
    assert client.get("/api/v1/insights", headers=headers).status_code == 403
    assert client.get(f"/api/v1/insights/{key}", headers=headers).status_code == 403
    assert client.get("/api/v1/insights").status_code == 401
    assert client.get(f"/api/v1/insights/{key}").status_code == 401


def test_an_unknown_page_is_404(client, token):
    _user, headers = token("coordinator")
    response = client.get("/api/v1/insights/no-such-page", headers=headers)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


# --- filters -----------------------------------------------------------------------------------------------------


def test_wrong_filters_are_named_each_in_the_pages_words(client, token):
    _user, headers = token("coordinator")
    response = client.get("/api/v1/insights/reception", headers=headers, query_string={
        "start": "1st of May", "municipality": "9999", "household": "children"})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors == {"start": ["Enter the first day as a date, for example 2025-01-31."],
                      "municipality": ["Choose a municipality from the list."],
                      "household": ["This page does not use this filter."]}  # reception: period and place only
    period = client.get("/api/v1/insights/reception", headers=headers, query_string={
        "start": "2025-06-01", "end": "2025-01-01"}).get_json()
    assert period["errors"] == {"end": ["The last day must be on or after the first day."]}
    far = client.get("/api/v1/insights/reception", headers=headers, query_string={
        "start": "9999-12-01", "end": "9999-12-31"})  # its day after cannot be computed: refused, not a 500
    assert far.status_code == 422 and set(far.get_json()["errors"]) == {"start", "end"}
    unknown = client.get("/api/v1/insights/reception", headers=headers, query_string={"lang": "sv"})
    assert unknown.status_code == 422 and set(unknown.get_json()["errors"]) == {"lang"}
    swedish = client.get("/api/v1/insights/reception", headers={**headers, "Accept-Language": "sv"},
                         query_string={"start": "1st of May"}).get_json()
    assert swedish["errors"]["start"] != errors["start"]  # the page's Swedish words


def test_a_wrong_filter_is_refused_in_the_same_words_on_the_page(client, token, login_as):
    _user, headers = token("coordinator")
    wrong = {"start": "2025-01-01", "end": "2024-12-31", "municipality": "12"}
    api = client.get("/api/v1/insights/reception", headers=headers, query_string=wrong)
    login_as("coordinator", locale="en")  # the same client, now a browser signed in
    page = client.get("/insights/reception", query_string=wrong)
    assert api.status_code == page.status_code == 422
    text = html.unescape(page.get_data(as_text=True))
    for field, messages in api.get_json()["errors"].items():
        assert messages[0] in text, field


def test_empty_filters_are_not_asked_for(client, token):
    """A form sends its empty selects: as on the web, an empty value is no filter (not a refused one)."""
    _user, headers = token("coordinator")
    response = client.get("/api/v1/insights/reception", headers=headers, query_string={"municipality": "",
                                                                                        "gender": ""})
    assert response.status_code == 200
    assert response.get_json()["applied"]["municipality"] is None


# --- the same numbers as the page --------------------------------------------------------------------------------


def test_the_figures_are_the_pages_numbers_with_withheld_cells_null(app, client, token, cases):
    user, headers = token("coordinator")
    response = client.get("/api/v1/insights/reception", headers=headers, query_string=PERIOD)
    assert response.status_code == 200
    body = response.get_json()
    assert served(body) == built(app, "reception", user.id, PERIOD)
    assert body["applied"] == {**PERIOD, "municipality": None}
    assert body["withheld_below"] == 5 and body["scope"] == {"role": "coordinator", "municipality": None,
                                                             "organisation_ids": []}
    cells = [cell for figure in body["figures"] for row in figure["rows"] for cell in row[1:]]
    assert None in cells  # Timrå's three
    assert 17 in cells  # the cases opened in February, all three municipalities together
    months = [row[0] for figure in body["figures"] for row in figure["rows"] if isinstance(row[0], str)]
    assert any(re.fullmatch(r"\d{4}-\d{2}", month) for month in months)
    for figure in body["figures"]:
        assert figure["title"] and figure["summary"] and figure["kind"] in ("line", "bar", "funnel", "none")
        assert all(set(c) == {"key", "label", "numeric", "unit"} for c in figure["columns"])
        assert all(set(d) == {"measure", "definition"} for d in figure["definitions"])
        assert set(figure["series"]) <= {c["key"] for c in figure["columns"]}
        assert all(len(row) == len(figure["columns"]) for row in figure["rows"])


def test_the_figures_read_in_the_callers_language(client, token):
    _user, headers = token("coordinator")
    english = client.get("/api/v1/insights/reception", headers=headers).get_json()
    swedish = client.get("/api/v1/insights/reception", headers={**headers, "Accept-Language": "sv"}).get_json()
    assert english["title"] != swedish["title"]
    assert [f["title"] for f in english["figures"]] != [f["title"] for f in swedish["figures"]]
    numbers = [[row[1:] for row in figure["rows"]] for figure in english["figures"]]
    assert numbers == [[row[1:] for row in figure["rows"]] for figure in swedish["figures"]]  # the labels differ


def test_an_officer_is_held_to_their_municipality(app, client, token, cases):
    officer, headers = token("officer")
    _coordinator, regional = token("coordinator")
    response = client.get("/api/v1/insights/reception", headers=headers,
                          query_string={**PERIOD, "municipality": ORNSKOLDSVIK})
    assert response.status_code == 200
    body = response.get_json()
    assert body["scope"]["municipality"] == SUNDSVALL and body["applied"]["municipality"] == SUNDSVALL
    own = client.get("/api/v1/insights/reception", headers=regional,
                     query_string={**PERIOD, "municipality": SUNDSVALL}).get_json()
    other = client.get("/api/v1/insights/reception", headers=regional,
                       query_string={**PERIOD, "municipality": ORNSKOLDSVIK}).get_json()
    assert served(body) == served(own) != served(other)
    assert served(body) == built(app, "reception", officer.id, {**PERIOD, "municipality": ORNSKOLDSVIK})


def test_the_funnel_is_the_pages_funnel_and_says_when_it_was_counted(app, client, token, cases):
    user, headers = token("admin")
    with app.app_context():
        for _ in range(7):
            household(created=date(2025, 3, 4), destination=SUNDSVALL)
        db.session.commit()
        outcomes.refresh_outcomes()  # as the job does: the funnel counts the outcome rows
        db.session.commit()
        counted = outcomes.last_refresh().refreshed_at
    response = client.get("/api/v1/insights/funnel", headers=headers, query_string=PERIOD)
    assert response.status_code == 200
    body = response.get_json()
    assert served(body) == built(app, "funnel", user.id, PERIOD)
    assert next(f for f in body["figures"] if f["key"] == "funnel")["rows"][0][1] >= 7  # registered
    assert datetime.fromisoformat(body["counted_at"]) == counted
    live = client.get("/api/v1/insights/reception", headers=headers).get_json()
    assert live["counted_at"] is None


def test_the_funnel_waits_for_the_first_count(client, token, monkeypatch):
    """While a worker counts the outcome rows for the first time the page answers 503, and so does the API."""
    _user, headers = token("coordinator")
    monkeypatch.setattr(outcomes, "ensure_outcomes", lambda: None)
    response = client.get("/api/v1/insights/funnel", headers=headers)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert response.mimetype == "application/problem+json"
    assert "counted for the first time" in response.get_json()["detail"]


def test_an_employer_gets_only_its_own_needs(app, client, token):
    employer, headers = token("employer")
    with app.app_context():
        owner = db.session.get(User, employer.id)
        ours = OrganisationFactory(owner=owner, name="Sjukhuset AB")
        for _ in range(6):
            NeedFactory(organisation=ours, positions=2)
        theirs = OrganisationFactory(name="Verkstaden AB")
        for _ in range(9):
            NeedFactory(organisation=theirs, positions=3)
        ours_id = ours.id
    response = client.get("/api/v1/insights/employers", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["scope"] == {"role": "employer", "municipality": None, "organisation_ids": [ours_id]}
    assert served(body) == built(app, "employers", employer.id, {})
    _coordinator, regional = token("coordinator")
    assert served(body) != served(client.get("/api/v1/insights/employers", headers=regional).get_json())
    assert client.get("/api/v1/insights/reception", headers=headers).status_code == 403


# --- the audit trail ---------------------------------------------------------------------------------------------


def test_every_read_is_audited_like_an_export(app, client, token):
    user, headers = token("coordinator")
    read = client.get("/api/v1/insights/reception", headers=headers, query_string={**PERIOD, "municipality": SUNDSVALL})
    assert read.status_code == 200
    assert client.get("/api/v1/insights/reception", headers=headers, query_string={"start": "x"}).status_code == 422
    assert client.get("/api/v1/insights", headers=headers).status_code == 200
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "insights_exported",
                                                              AuditEntry.actor_id == user.id)).all()
        assert len(entries) == 1  # the figures read; neither the refused read nor the list
        assert entries[0].detail["format"] == "json" and entries[0].detail["page"] == "reception"
        assert entries[0].detail["filters"] == {**PERIOD, "municipality": SUNDSVALL}
        assert entries[0].detail["figures"] == [f["key"] for f in read.get_json()["figures"]]
