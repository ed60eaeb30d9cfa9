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


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_error_pages(chromium, live_server, report, locale):
    """The 404 and 403 pages, in the browser's language (their own context: these statuses are the point)."""
    from tests.browser.conftest import Visit, sign_in

    context = chromium.new_context(base_url=live_server, locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    visit = Visit(page, report, "errors")
    assert page.goto("/no-such-page").status == 404
    visit(f"not-found-{locale}", both_languages=False)  # switching language leaves the missing page
    sign_in(page, "newcomer@demo.landa.se")
    assert page.goto("/reception/").status == 403
    visit(f"forbidden-{locale}", both_languages=False)
    context.close()


def test_the_board_suggests_occupations_as_they_are_typed(browser_page):
    """The board no longer carries all 426 occupations: they come from the API while a title is typed."""
    page = browser_page
    page.goto("/needs/")
    assert page.locator("#occupation-list option").count() == 0
    page.get_by_label("Yrke").press_sequentially("sjuksköt", delay=20)
    page.wait_for_selector('#occupation-list option[value^="2221 "]', state="attached")
    page.get_by_label("Yrke").fill("2221")
    page.get_by_role("button", name="Visa").click()
    assert "2221" in page.url
