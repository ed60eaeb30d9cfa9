"""Default-deny: role pages, the forbidden page in the reader's language, CSRF on every form (the full matrix
of routes and roles is test_access_matrix.py)."""

from __future__ import annotations

import pytest

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
