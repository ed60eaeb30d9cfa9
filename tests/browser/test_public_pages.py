"""Pages anyone can open: axe-checked and photographed in both languages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PUBLIC = [("home", "/"), ("jobs", "/needs/"), ("directory", "/directory/"), ("municipality", "/directory/2284"),
          ("privacy", "/privacy"), ("accessibility", "/accessibility"), ("sign-in", "/login"),
          ("create-account", "/register"), ("forgot-password", "/password/forgot")]


def test_public(browser_page, visit):
    for name, path in PUBLIC:
        browser_page.goto(path)
        visit(name)
