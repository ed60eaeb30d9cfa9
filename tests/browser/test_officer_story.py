"""A reception officer's story in Chromium: Anders at Sundsvalls kommun signs in, finds the new cases,
takes one, moves it from new to arrived, writes a note and sees the follow-ups scheduled from the
arrival; then the main path keyboard-only."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.conftest import sign_in
from tests.browser.keyboard import choose_by_keyboard, press_button, press_enter_and_wait, tab_to, type_into

pytestmark = pytest.mark.browser
OFFICER = "officer@demo.landa.se"


def unfold(page, summary: str) -> None:
    """Open the folded form whose summary reads ``summary`` (the case page folds its forms)."""
    details = page.locator("details", has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def move_to(page, status: str) -> None:
    unfold(page, "Ändra status, handläggare eller väntad ankomst")
    page.get_by_label("Ny status").select_option(label=status)
    page.get_by_role("button", name="Ändra status").click()
    assert f"Ärendet har nu status: {status}" in page.locator(".flashes").inner_text() or \
        status in page.locator("main dl").first.inner_text()


def test_officer(browser_page, visit):
    page = browser_page
    sign_in(page, OFFICER)
    page.get_by_role("link", name="Min startsida").click()
    page.get_by_role("heading", name="Ärenden i Sundsvall").wait_for()
    visit("cases")
    page.get_by_label("Status").select_option("new")
    with page.expect_navigation(wait_until="load"):
        page.locator("main").get_by_role("button", name="Visa").click()
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 2
    assert all("Nytt" in row for row in rows.all_inner_texts())
    visit("cases-new")

    # The last new case (the keyboard story takes the first), whichever story runs first.
    household = rows.last.get_by_role("link").inner_text()
    rows.last.get_by_role("link").click()
    page.get_by_role("heading", name=household).wait_for()
    visit("case-new")

    page.get_by_role("button", name="Ta det här ärendet").click()
    assert "Anders Sjölund" in page.locator("main").inner_text()
    move_to(page, "Kontakt tagen")
    move_to(page, "Planering")
    visit("case-planning")
    move_to(page, "Har kommit")

    unfold(page, "Skriv en anteckning")
    page.get_by_label("Intern anteckning").fill("Familjen har kommit. Förskoleplats för yngsta barnet behövs i mars.")
    page.get_by_role("button", name="Spara anteckningen").click()
    assert "Förskoleplats för yngsta barnet" in page.locator("main").inner_text()

    # The follow-ups: 2 weeks, 3, 6 and 12 months after the arrival, all still to come.
    follow_ups = page.locator("section", has=page.get_by_role("heading", name="Uppföljningar")).locator("tbody tr")
    assert [row.split("\t")[0] for row in follow_ups.all_inner_texts()] == \
        ["2 veckor", "3 månader", "6 månader", "12 månader"]
    assert str(date.today().year + 1) in follow_ups.last.inner_text()
    visit("case-arrived")

    # The dashboard counts the region's cases by status.
    page.get_by_role("link", name="Min startsida").click()
    page.get_by_role("link", name="Översikt").click()
    visit("dashboard")


def test_officer_keyboard_only(browser_page):
    page = browser_page
    page.goto("/login")
    type_into(page, "^E-post$", OFFICER)
    type_into(page, "^Lösenord$", "landa-demo-2026")
    press_button(page, "^Logga in$")
    tab_to(page, "^Min startsida$")
    press_enter_and_wait(page)
    choose_by_keyboard(page, "^Status", "Nytt")
    press_button(page, "^Visa$")
    household = page.locator("main table tbody tr").first.get_by_role("link").inner_text()
    tab_to(page, f"^{re.escape(household)}$")
    press_enter_and_wait(page)
    tab_to(page, "^Ändra status, handläggare eller väntad ankomst$")
    page.keyboard.press("Enter")  # unfolds the form
    choose_by_keyboard(page, "^Ny status$", "Kontakt tagen")
    press_button(page, "^Ändra status$")
    assert "Kontakt tagen" in page.locator("main").inner_text()
    tab_to(page, "^Skriv en anteckning$")
    page.keyboard.press("Enter")
    type_into(page, "^Intern anteckning$", "Ringde upp, pratade om bostad.")
    press_button(page, "^Spara anteckningen$")
    assert "Ringde upp, pratade om bostad." in page.locator("main").inner_text()


def test_officer_inbox(browser_page, visit):
    """A household's answer to Anders is new on his list until he opens the case; then it is not."""
    page = browser_page
    sign_in(page, OFFICER)
    page.get_by_role("link", name="Min startsida").click()
    page.get_by_role("link", name="Nytt för mottagningen").click()
    rows = page.locator("main table tbody tr")
    row = rows.filter(has_text="Nytt meddelande").filter(has_text="Anders Sjölund").first
    assert row.get_attribute("class") == "unread"
    household = row.get_by_role("link").first.inner_text()
    visit("cases-new")
    row.get_by_role("link").first.click()
    page.get_by_role("heading", name=household, level=1).wait_for()
    assert "Nytt meddelande" in page.locator("main .news").inner_text()
    assert "Läs hushållets nya meddelande" in page.locator("main .next-up").inner_text()
    visit("case-with-answer")

    page.get_by_role("link", name="Alla ärenden").first.click()
    page.get_by_label("Namn eller e-post").fill(household)
    with page.expect_navigation(wait_until="load"):
        page.locator("main").get_by_role("button", name="Visa").click()
    row = page.locator("main table tbody tr", has_text=household)
    assert "Nytt meddelande" not in row.inner_text() and row.get_attribute("class") != "unread"
    page.get_by_role("link", name="Nytt för mottagningen").click()
    assert household not in page.locator("main").inner_text()


def test_officer_desk_form_names_every_refused_field(browser_page, visit):
    """An empty desk form comes back with a summary that links each refused field, in the form's own words
    (lazily translated messages), and a link moves the focus to its field."""
    page = browser_page
    sign_in(page, OFFICER)
    page.goto("/reception/cases/new")
    page.get_by_role("button", name="Öppna ärendet").click()
    page.wait_for_load_state("load")
    summary = page.locator("main .form-summary")
    links = {link.get_attribute("href"): link.inner_text() for link in summary.get_by_role("link").all()}
    assert links["#full_name"] == "Namn: Skriv namnet på den du registrerar."
    assert links["#email"].startswith("E-post: ") and "Skriv" in links["#email"]
    assert "#agreed" in links
    visit("desk-form-errors", both_languages=False)
    summary.get_by_role("link", name=links["#email"]).click()
    assert page.evaluate("document.activeElement.id") == "email"
