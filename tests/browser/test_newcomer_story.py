"""A newcomer's story in Chromium: an engineer from Chennai registers (in Swedish, the default),
switches to English, describes herself and her household, reads her arrival plan and ticks a step;
then the main path again with the keyboard alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import DESKTOP, Visit, confirm_address, field_error
from tests.browser.keyboard import (
    choose_by_keyboard,
    focused_name,
    press_button,
    press_enter_and_wait,
    tab_to,
    type_into,
)

pytestmark = pytest.mark.browser
PASSWORD = "Kolam-Filter-Coffee-2026"  # noqa: S105


def test_newcomer(browser_page, visit, live, report):
    page = browser_page
    page.goto("/")
    page.get_by_role("link", name="Skapa konto").first.click()
    visit("create-account")
    page.get_by_label("flytta till regionen", exact=False).check()
    page.get_by_label("För- och efternamn").fill("Meera Krishnan")
    page.get_by_label("E-post").fill("meera.krishnan@example.in")
    page.get_by_label("Lösenord", exact=True).fill("kort")
    page.get_by_label("Upprepa lösenordet").fill("kort")
    page.locator("main").get_by_role("button", name="Skapa konto").click()
    # Bad input: the error is tied to its field and what was typed is kept (except the password).
    password = page.get_by_label("Lösenord", exact=True)
    assert "tecken" in field_error(page, password)  # too short: how many characters it needs
    assert page.get_by_label("För- och efternamn").input_value() == "Meera Krishnan"
    visit("create-account-error", both_languages=False)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Skapa konto").click()
    page.get_by_role("heading", name="Titta i din e-post").wait_for()
    visit("check-email")
    confirm_address(page, live, "meera.krishnan@example.in")

    # She reads English better: the switch is on every page and remembered.
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    visit("start-empty")

    page.get_by_role("button", name="Continue my profile").click()
    visit("profile-about")
    page.get_by_label("A country outside the EU/EEA").check()
    page.get_by_label("Country where you live now").select_option(label="India")
    page.get_by_label("City").fill("Chennai")
    # Switching language mid-form keeps what she typed (not yet saved).
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Svenska").click()
    assert page.get_by_label("Ort", exact=True).input_value() == "Chennai"
    assert page.get_by_label("Ett land utanför EU/EES").is_checked()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="English").click()
    assert page.get_by_label("City").input_value() == "Chennai"
    page.get_by_role("button", name="Save and continue").click()

    visit("profile-languages")
    page.get_by_label("Swedish").select_option("A1")
    page.get_by_label("English").select_option("C1")
    page.get_by_role("button", name="Save and continue").click()

    visit("profile-work")
    page.get_by_label("Occupation 1").fill("underwater basket weaving")
    # While a skill is typed, the vocabulary offers labels as employers write them (the whole field each).
    page.get_by_label("Skills").press_sequentially("Rotating equipment, hydr", delay=20)
    page.wait_for_selector('#skill-list option[value="Rotating equipment, Hydraulik"]', state="attached")
    page.get_by_label("Skills").fill("Rotating equipment, vibration analysis, SAP PM")
    page.get_by_label("Years of work experience in your occupation").fill("11")
    page.get_by_role("button", name="Save and continue").click()
    occupation = page.get_by_label("Occupation 1")
    assert "We found no occupation" in field_error(page, occupation)
    # The summary above the form links to the field with its message.
    jump = page.locator(".form-summary a", has_text="We found no occupation")
    assert jump.get_attribute("href") == "#occupations-0" and jump.inner_text().startswith("Occupation")
    assert page.get_by_label("Skills").input_value() == "Rotating equipment, vibration analysis, SAP PM"
    visit("profile-work-error", both_languages=False)
    occupation.fill("7233")
    page.get_by_role("button", name="Save and continue").click()

    visit("profile-places")
    page.get_by_label("Örnsköldsvik").select_option("1")
    page.get_by_label("Sundsvall").select_option("2")
    page.get_by_role("button", name="Save and continue").click()

    visit("profile-move")
    page.get_by_label("Has a job offer").check()
    page.get_by_label("Municipality you are moving to").select_option(label="Örnsköldsvik")
    page.get_by_label("First day at work").fill((date.today() + timedelta(days=120)).isoformat())
    page.get_by_label("Arrival date").fill((date.today() + timedelta(days=100)).isoformat())
    page.get_by_role("button", name="Save and see my plan").click()
    page.get_by_role("heading", name="Your arrival plan").wait_for()

    # The household: a partner who is looking for work and two children.
    page.get_by_role("link", name="My start page").click()
    page.get_by_role("link", name="Change your household").click()
    visit("household")
    for relation, name, year in (("Partner", "Arun", "1988"), ("Child", "Kavya", "2016"), ("Child", "Dev", "2021")):
        page.get_by_role("button", name=f"Add a {relation.lower()}").click()
        if relation == "Partner":
            visit("household-member")
        page.get_by_label(f"My {relation.lower()}").check()
        page.get_by_label("First name").fill(name)
        page.get_by_label("Year of birth").fill(year)
        page.get_by_label("Moving now").check()
        if relation == "Partner":
            page.get_by_label("Looking for work in Sweden").check()
            page.get_by_label("Your partner's own e-mail address (optional)").fill("arun@example.in")
            page.get_by_label("Occupation 1").fill("2512")
        page.get_by_role("button", name="Save").click()
    household = page.locator("main").inner_text()
    assert all(name in household for name in ("Arun", "Kavya", "Dev"))
    assert "Waiting for Arun to decide" in household
    visit("household-complete")

    # Arun decides for himself, in his own browser, on the page the link in his own e-mail opens (no account).
    own = page.context.browser.new_context(base_url=live.url, viewport=DESKTOP, locale="en-GB")
    arun = own.new_page()
    arun.goto(live.link_in_last_mail("arun@example.in", "/talent/partner/"))
    arun.get_by_role("heading", name="Arun, your page on Landa").wait_for()
    Visit(arun, report, "newcomer")("partner-page")
    arun.get_by_role("button", name="Yes, employers may find me").click()
    assert "Employers can now find you" in arun.locator(".flashes").inner_text()
    assert arun.get_by_role("button", name="Stop showing me to employers").is_visible()
    own.close()
    page.reload()
    assert "Arun decided on" in page.locator("main").inner_text()

    # The plan now has preschool and school for the children and career support for Arun.
    page.get_by_role("link", name="My start page").click()
    page.get_by_role("button", name="See the whole plan").click()
    # The phase to do now is open, the next three things above it; she opens the later phases one by one.
    assert page.locator("main details.plan-phase").first.get_attribute("open") is not None
    assert page.get_by_role("heading", name="Next").is_visible()
    phases = page.locator("main details.plan-phase")
    for n in range(phases.count()):
        if phases.nth(n).get_attribute("open") is None:
            phases.nth(n).locator("summary").click()
    plan = page.locator("main").inner_text()
    for expected in ("Migrationsverket", "Skatteverket", "school", "Arun"):
        assert expected.lower() in plan.lower(), expected
    visit("plan")
    first_step = page.locator("main [id^=step-]").first
    first_step.get_by_role("button", name="Done").click()
    assert "Done" in page.locator(".flashes").inner_text()
    visit("plan-ticked")

    # Consents: she lets Örnsköldsvik's reception contact her.
    page.get_by_role("link", name="My start page").click()
    page.get_by_role("link", name="Let reception officers contact you").click()
    visit("consents")
    page.get_by_label("Let reception officers in the municipalities I chose contact me").check()
    page.get_by_role("button", name="Save my choices").click()
    assert "Örnsköldsvik" in page.locator("main").inner_text()

    # And back to Swedish: the plan in Swedish.
    page.get_by_role("button", name="Svenska").click()
    page.get_by_role("link", name="Min startsida").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    visit("start-complete")


def test_newcomer_keyboard_only(browser_page, live):
    """Register, fill the first profile step, add a child and tick a plan step without a mouse."""
    page = browser_page
    page.goto("/register")
    page.keyboard.press("Tab")  # the first stop is the skip link, and it moves the focus to the content
    assert focused_name(page) == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to(page, "flytta till regionen")
    page.keyboard.press("Space")
    type_into(page, "För- och efternamn", "Rahul Iyer")
    type_into(page, "E-post", "rahul.iyer@example.in")
    type_into(page, "^Lösenord$", PASSWORD)
    type_into(page, "Upprepa lösenordet", PASSWORD + "x")
    press_button(page, "^Skapa konto$")
    # A refused form opens with the focus on its summary; its link takes the focus to the field.
    page.wait_for_function("document.activeElement.className === 'form-summary'", timeout=3000)
    page.keyboard.press("Tab")
    assert focused_name(page).startswith("Upprepa lösenordet: ")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "password_confirm"
    page.keyboard.press("Shift+Tab")  # passwords are never sent back: both are typed again
    assert focused_name(page) == "Lösenord"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    press_button(page, "^Skapa konto$")
    confirm_address(page, live, "rahul.iyer@example.in", keyboard=True)

    tab_to(page, "^English$")
    press_enter_and_wait(page)
    tab_to(page, "Continue my profile")
    press_enter_and_wait(page)
    tab_to(page, "A Nordic country")
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("A country outside the EU/EEA").is_checked()
    choose_by_keyboard(page, "Country where you live now", "India")
    type_into(page, "^City$", "Chennai")
    press_button(page, "Save and continue")
    assert page.get_by_role("heading", name="Languages").is_visible()

    page.goto("/talent/household")
    tab_to(page, "Add a child")
    press_enter_and_wait(page)
    type_into(page, "First name", "Anika")
    type_into(page, "Year of birth", "2019")
    press_button(page, "^Save$")
    assert "Anika" in page.locator("main").inner_text()

    page.goto("/talent/plan")
    tab_to(page, "^Mark as done")
    press_enter_and_wait(page)
    assert "Done" in page.locator(".flashes").inner_text()
