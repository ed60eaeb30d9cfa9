"""Default-deny: every route needs a signed-in user unless it is on the short public list."""

from __future__ import annotations

import pytest

PUBLIC = {
    "static", "main.index", "main.set_language", "main.healthz",
    "auth.login", "auth.logout", "auth.register", "auth.forgot_password", "auth.reset_password",
    "auth.accept_invitation", "directory.index", "directory.municipality", "board.index", "board.show",
    "reception.survey",  # the household's check-in: the single-use link is the key
    "api-docs.openapi_json", "api_browser.docs", "api_reference.municipalities", "api_reference.services",
    "api_reference.housing_contacts", "api_reference.occupations", "api_tokens.create_token", "api_board.board",
    "api_board.board_need", "api_statistics.statistics",
}
ROLE_PAGES = {
    "/talent/": {"newcomer"},
    "/talent/plan": {"newcomer"},
    "/talent/household": {"newcomer"},
    "/talent/housing": {"newcomer"},
    "/talent/consents": {"newcomer"},
    "/talent/profile/about": {"newcomer"},
    "/directory/services/sfi": {"admin"},
    "/employers/organisations/new": {"employer"},
    "/employers/review": {"officer", "coordinator", "admin"},
    "/employers/": {"employer"},
    "/reception/": {"officer", "coordinator"},
    "/admin/users": {"admin"},
    "/admin/outbox/": {"admin"},
    "/admin/jobs/": {"admin"},
    "/reception/dashboard": {"officer", "coordinator"},
    "/reception/settings": {"officer"},
}


def _sample_url(rule) -> str:
    values = {arg: "1" for arg in rule.arguments}
    if "filename" in values:
        values["filename"] = "css/landa.css"
    url = rule.rule
    for arg, value in values.items():
        url = url.replace(f"<{arg}>", value)
        for conv in ("int", "string", "path"):
            url = url.replace(f"<{conv}:{arg}>", value)
    return url


def test_every_route_is_public_only_when_listed(app):
    from app.auth.access import is_public_endpoint

    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    public = {e for e in endpoints if is_public_endpoint(app, e)}
    assert public == PUBLIC, "a route changed its public status: classify it here"


def test_anonymous_visitors_are_sent_to_login(app, client):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(_sample_url(rule), method=method)
            if rule.rule.startswith("/api/"):  # the API answers with a problem document, not a redirect
                assert response.status_code == 401 and response.mimetype == "application/problem+json", rule
                continue
            assert response.status_code in (302, 303), (rule, method, response.status_code)
            assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["newcomer", "employer", "officer", "coordinator", "admin"])
def test_each_role_reaches_only_its_own_pages(client, login_as, role):
    login_as(role)
    for path, allowed in ROLE_PAGES.items():
        expected = 200 if role in allowed else 403
        assert client.get(path).status_code == expected, (role, path)


def test_forbidden_page_is_in_the_users_language(client, login_as):
    login_as("newcomer", locale="en")
    response = client.get("/reception/", headers={"Accept-Language": "sv"})
    assert response.status_code == 403
    assert "You do not have access to this page" in response.get_data(as_text=True)
    client.post("/language", data={"lang": "sv"})
    assert "Du har inte tillgång till sidan" in client.get("/reception/").get_data(as_text=True)


def test_every_post_without_csrf_token_is_refused(make_app, make_user):
    protected = make_app(WTF_CSRF_ENABLED=True)
    client = protected.test_client()
    response = client.post("/login", data={"email": "a@b.se", "password": "whatever password"},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)

    # Signed in (with a token), every POST route still refuses a request without one.
    admin = make_user("admin")
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    signed_in = client.post("/login", data={"email": admin.email, "password": admin.password, "csrf_token": token})
    assert signed_in.status_code in (302, 303)
    # The API is exempt: it never reads the browser's session, so a forged request carries nothing.
    posts = [r for r in protected.url_map.iter_rules() if "POST" in r.methods and not r.rule.startswith("/api/")]
    assert posts
    for rule in posts:
        response = client.post(_sample_url(rule), data={"lang": "en"})
        assert response.status_code == 400, rule.rule
