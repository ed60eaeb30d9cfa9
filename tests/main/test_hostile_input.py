"""Hostile input on every form: hypothesis fills each form each role can reach with random, huge and
malformed values (control characters, escape codes, markup, SQL, numbers where text belongs, numbers of
400 digits, files where text belongs) and posts it; every form also gets a 2,000-deep JSON body.
Never a server error; nothing typed comes back as live markup (XSS); nothing typed
reaches the database inside the SQL text itself (only as a bound parameter).

The API's operations get the same treatment from schemathesis (tests/api/test_api_contract.py)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select

from app.extensions import db

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SCRIPT = "<script>landaXss()</script>"
SQL = "x'); DROP TABLE user_account; --landaSql"
SKIP_ACTIONS = ("/logout", "/language", "/account/sign-out-everywhere", "/account/delete")

PAGES = {
    "newcomer": ["/talent/", "/talent/profile/about", "/talent/profile/languages", "/talent/profile/work",
                 "/talent/profile/places", "/talent/profile/move", "/talent/household", "/talent/household/add",
                 "/talent/consents", "/talent/plan", "/account"],
    "employer": ["/employers/", "/employers/organisations/new", "/account"],
    "officer": ["/reception/", "/reception/cases/new", "/reception/settings", "/employers/review", "/account"],
    "admin": ["/admin/users", "/directory/services/sfi", "/account"],
}

TEXT = st.characters(codec="utf-8", exclude_categories=("Cs",))  # what a browser can send at all
values = st.one_of(
    st.text(alphabet=TEXT, max_size=40),
    st.text(alphabet=TEXT, min_size=200, max_size=3000),
    st.sampled_from([SCRIPT, SQL, "\x00", "\x1b[31m", "-1", "99999999999999999999", "1e309", "2027-02-30", "0000-00-00",
                     "", " ", "on", "y", "2284", "sv", "en", "A1", "native", "done", "../../etc/passwd",
                     "%s%s%s", "{{7*7}}", "${jndi:ldap://x}", "😀" * 50, "9" * 400, "-" + "9" * 400]),
    # A file where text belongs (multipart): Flask-WTF once handed it to the text validators.
    st.builds(lambda: (io.BytesIO(b"%PDF-1.4 not text"), "cv.pdf")),
)
DEEP_JSON = "[" * 2000 + "]" * 2000


class _Forms(HTMLParser):
    """Each form's action and method, and the names of its fields (with the choices offered)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                               "fields": {}})
        elif tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            if attrs.get("type") not in ("submit", "hidden") or attrs.get("name") != "csrf_token":
                self.forms[-1]["fields"].setdefault(attrs["name"], [])
        elif tag == "option" and self.forms and self.forms[-1]["fields"]:
            last = list(self.forms[-1]["fields"])[-1]
            self.forms[-1]["fields"][last].append(attrs.get("value") or "")


def _forms(browser, page: str) -> list[dict]:
    parser = _Forms()
    parser.feed(browser.get(page).get_data(as_text=True))
    found = []
    for form in parser.forms:
        action = form["action"] or page
        if form["method"] == "post" and form["fields"] and not action.startswith(SKIP_ACTIONS):
            found.append({**form, "action": action})
    return found


@pytest.fixture
def signed_in(app, make_user, newcomer, case_id):
    """A browser per role, each with something to work on (Arjun's household has a case in 2284)."""
    browsers = {}
    for role in PAGES:
        if role == "newcomer":
            user = newcomer
            browser = app.test_client()
        else:
            user = make_user(role, municipality_code="2284" if role == "officer" else None)
            browser = app.test_client()
        browser.post("/login", data={"email": user.email, "password": user.password})
        browsers[role] = browser
    registered = browsers["employer"].post("/employers/organisations/new", data={
        "kind": "employer", "name": "Plant AB", "org_number": "556036-0793", "municipality": "2284",
        "contact_name": "K", "contact_email": "k@plant.se"})
    assert registered.status_code in (302, 303)
    return browsers


def _attack(browser, role: str, form: dict, failures: list) -> None:
    """Hypothesis fills this form's fields (random values, or one of the choices it offers) and posts it."""
    @given(data=st.fixed_dictionaries({name: st.one_of(values, st.sampled_from(choices or [""]))
                                       for name, choices in form["fields"].items()}))
    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def post(data):
        response = browser.post(form["action"], data=data)
        if response.status_code >= 500:
            failures.append((role, form["action"], response.status_code, data))
        assert SCRIPT not in response.get_data(as_text=True), (form["action"], "typed markup came back live")
        response.close()

    post()
    # Besides what hypothesis draws, every form gets each hostile shape in every field at once.
    shapes = {"400-digit numbers": lambda: {name: "9" * 400 for name in form["fields"]},
              "files": lambda: {name: (io.BytesIO(b"%PDF-1.4"), "cv.pdf") for name in form["fields"]}}
    for shape, data in shapes.items():
        response = browser.post(form["action"], data=data())
        if response.status_code >= 500:
            failures.append((role, form["action"], response.status_code, shape))
        response.close()
    deep = browser.post(form["action"], data=DEEP_JSON, content_type="application/json")
    if deep.status_code >= 500:
        failures.append((role, form["action"], deep.status_code, "2,000-deep JSON"))
    deep.close()


def test_no_form_breaks_or_echoes_live_markup(app, signed_in, case_id):
    statements: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        from app.employers.models import Organisation

        with app.app_context():
            organisation = db.session.scalar(select(Organisation.id))
        extra = {"officer": [f"/reception/cases/{case_id}"],
                 "employer": [f"/employers/organisations/{organisation}/needs/new"]}
        pages = {role: [*paths, *extra.get(role, [])] for role, paths in PAGES.items()}
        forms = [(role, form) for role, paths in pages.items() for page in paths
                 for form in _forms(signed_in[role], page)]
        assert len(forms) >= 28, [f["action"] for _r, f in forms]
        failures = []
        for role, form in forms:
            _attack(signed_in[role], role, form, failures)
        assert not failures, failures[:3]
        for role, paths in pages.items():  # what was stored shows escaped everywhere it is shown
            for page in paths:
                body = signed_in[role].get(page).get_data(as_text=True)
                assert SCRIPT not in body, page
        assert not [s for s in statements if "landaSql" in s or "landaXss" in s], "typed text inside SQL text"
        assert any("?" in s or "%(" in s for s in statements)  # parameters were bound, not pasted
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def test_the_form_parser_sees_the_household_form(app, signed_in):
    fields = {name for form in _forms(signed_in["newcomer"], "/talent/household/add") for name in form["fields"]}
    assert {"relation", "first_name", "birth_year"} <= fields
    assert re.search(r"occupations-\d", " ".join(fields))


def test_a_nul_in_an_occupation_search_is_no_server_error(client):
    """Found by the test above on PostgreSQL: the board's search took a NUL to the database."""
    assert client.get("/needs/?occupation=%00welder").status_code == 200
    assert client.get("/api/v1/occupations?q=ab%00").status_code == 422
