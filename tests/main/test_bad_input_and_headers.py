"""Odd input never gives a 500; every response carries the security headers."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from app.extensions import db


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_method_not_allowed_keeps_the_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("page", ["abc", "-1", "0", "400000000000000000", "99999"])
def test_odd_page_numbers(client, login_as, page):
    login_as("coordinator")
    response = client.get(f"/reception/?page={page}&_method=DELETE&_anchor=x")
    assert response.status_code in (200, 404)


def test_pager_links_carry_only_the_lists_own_filters(app, client, login_as, demo):
    login_as("coordinator")
    html = client.get("/reception/?_anchor=evil&foo=bar").get_data(as_text=True)
    pager = re.findall(r'<a [^>]*rel="(?:next|prev)"[^>]*>|<a [^>]*href="[^"]*page=\d[^"]*"[^>]*>', html)
    assert any('rel="next"' in link for link in pager), "the demo's cases fill more than one page"
    assert not [link for link in pager if "evil" in link or "foo=bar" in link]


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\\evil.example", "https:evil.example", "https://evil.example/",
    "/ok\r\nSet-Cookie: x=y", "/ok\tx", "javascript:alert(1)",
])
def test_next_never_leaves_the_site_and_never_breaks(client, make_user, target):
    user = make_user("newcomer")
    response = client.post("/login", data={"email": user.email, "password": user.password, "next": target})
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith("/talent/")
    response = client.post("/language", data={"lang": "en", "next": target})
    assert response.status_code in (302, 303)
    assert "evil" not in response.headers["Location"]


def test_control_characters_in_a_name_are_refused(app, client):
    response = client.post("/register", data={
        "role": "newcomer", "full_name": "Bad\x00Name", "email": "nul@example.se",
        "password": "a long enough password", "password_confirm": "a long enough password",
    }, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "Remove the invisible control characters" in response.get_data(as_text=True)


def test_huge_form_is_refused_politely(client):
    response = client.post("/login", data={"email": "x@example.se", "password": "y" * (3 * 1024 * 1024)},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 413
    assert "That was too large" in response.get_data(as_text=True)


def test_sqlite_enforces_foreign_keys(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return  # PostgreSQL always does
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
