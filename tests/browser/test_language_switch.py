"""Switching language keeps what was typed, returns to a page that exists, and leaves nothing behind."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def switch(page, lang: str) -> None:
    with page.expect_navigation(wait_until="load"):
        page.locator(f'form.language-switch button[value="{lang}"]').click()


def stored(page) -> str | None:
    return page.evaluate("sessionStorage.getItem('landa-typed')")


def test_switching_on_a_form_error_returns_to_the_case_with_the_text(browser_page):
    page = browser_page
    sign_in(page, "officer@demo.landa.se")
    page.goto("/reception/?status=contacted")
    page.locator("main table tbody tr").first.get_by_role("link").click()
    case_page = page.url
    page.locator("summary", has_text="Lägg till en uppgift").click()  # the case page folds its forms
    page.get_by_label("Uppgift", exact=True).fill("Boka tolk till välkomstsamtalet")
    page.get_by_label("Senast").fill((date.today() - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Lägg till uppgiften").click()
    expect(page.get_by_label("Senast")).to_have_attribute("aria-invalid", "true")
    assert page.url.endswith("/tasks")  # the errors are shown at the form's POST-only address
    switch(page, "en")
    assert page.url == case_page  # not a 405 at .../tasks
    expect(page.get_by_label("Task", exact=True)).to_have_value("Boka tolk till välkomstsamtalet")
    assert stored(page) is None
    switch(page, "sv")


def test_nothing_typed_is_left_behind_or_put_into_another_page(browser_page):
    page = browser_page
    sign_in(page, "newcomer@demo.landa.se")
    page.goto("/talent/profile/about")
    saved_city = page.locator("#current_city").input_value()
    page.locator("#current_city").fill("Typed but never saved")
    # The switch fails (an expired session's form): the kept fields must not survive into later pages.
    page.evaluate("document.querySelector('form.language-switch [name=csrf_token]').value = 'expired'")
    page.locator("form.language-switch button").click()
    page.wait_for_load_state("load")
    page.goto("/talent/profile/about")
    expect(page.locator("#current_city")).to_have_value(saved_city)
    assert stored(page) is None
