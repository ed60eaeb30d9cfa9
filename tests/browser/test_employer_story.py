"""An employer's story in Chromium: the HR manager of a plant in Örnsköldsvik registers (in Swedish, saying
where it is based), her organisation is approved by the regional coordinator, she posts a need for 40
maintenance technicians and reads it on its own page as candidates will, reads why the matching talent fits,
a newcomer shows interest, her start page says so and she asks for contact. Then the main path keyboard-only."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import confirm_address, field_error, sign_in
from tests.browser.keyboard import choose_by_keyboard, press_button, press_enter_and_wait, tab_to, type_into

pytestmark = pytest.mark.browser
PASSWORD = "Underhall-Turbin-Kaffe-2026"  # noqa: S105
CANDIDATES = re.compile(r"^Se kandidaterna\W+Underhållstekniker, processindustri$")  # the link names its need


def register_employer(page, live, name: str, email: str) -> None:
    page.goto("/register")
    page.get_by_label("en arbetsgivare som söker kompetens").check()
    page.get_by_label("För- och efternamn").fill(name)
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Skapa konto").click()
    confirm_address(page, live, email)


def approve(chromium, live_server, organisation: str) -> None:
    """The regional coordinator approves the organisation in her own browser."""
    context = chromium.new_context(base_url=live_server, locale="sv-SE")
    coordinator = context.new_page()
    sign_in(coordinator, "coordinator@demo.landa.se")
    coordinator.goto("/employers/review")
    coordinator.get_by_role("button", name=f"Godkänn {organisation}").click()
    coordinator.wait_for_load_state("load")
    context.close()


def test_employer(browser_page, visit, chromium, live_server, live):
    page = browser_page
    register_employer(page, live, "Lena Holm", "lena.holm@domsjo-example.se")
    visit("start-new")
    page.get_by_role("button", name="Registrera min organisation").first.click()
    visit("organisation-form")
    page.get_by_label("Organisationens namn").fill("Domsjö Fabriker Test")
    page.get_by_label("Organisationsnummer").fill("556000-0002")
    page.get_by_label("I vilken kommun finns organisationen?").select_option(label="Örnsköldsvik")
    page.get_by_label("Kontaktperson", exact=True).fill("Lena Holm")
    page.get_by_label("Kontaktpersonens e-post").fill("lena.holm@domsjo-example.se")
    page.get_by_role("button", name="Registrera organisationen").click()
    number = page.get_by_label("Organisationsnummer")
    assert "sista siffran" in field_error(page, number).lower()  # it says the check digit is wrong
    assert page.get_by_label("Organisationens namn").input_value() == "Domsjö Fabriker Test"
    assert page.get_by_label("I vilken kommun finns organisationen?").input_value() == "2284"  # kept, as typed
    visit("organisation-form-error", both_languages=False)
    number.fill("556000-0001")
    page.get_by_role("button", name="Registrera organisationen").click()
    assert "Domsjö Fabriker Test" in page.locator("main").inner_text()
    visit("start-pending")

    approve(chromium, live_server, "Domsjö Fabriker Test")
    page.reload()
    assert "Godkänd" in page.locator("main").inner_text()

    page.get_by_role("button", name="Lägg upp ett kompetensbehov").click()
    visit("need-form")
    page.get_by_label("Titel", exact=True).fill("Underhållstekniker, processindustri")
    page.get_by_label("Titel på engelska (valfritt)").fill("Maintenance technician, process industry")
    page.get_by_label("Yrke (SSYK)").fill("7233")
    page.get_by_label("Var jobbet finns").select_option(label="Örnsköldsvik")
    page.get_by_label("Antal tjänster").fill("40")
    page.get_by_label("Kompetenser som krävs").fill("PLC, hydraulik, vibrationsanalys")
    page.get_by_label("Lägsta nivå i engelska").select_option("B1")
    page.get_by_label("Månadslön från (kronor, frivilligt)").fill("36000")
    page.get_by_label("Månadslön upp till (kronor, frivilligt)").fill("30000")
    page.get_by_role("button", name="Spara behovet").click()
    salary = page.get_by_label("Månadslön upp till (kronor, frivilligt)")
    assert "lägre än den lägsta" in field_error(page, salary)  # less than the lower bound
    assert page.get_by_label("Titel", exact=True).input_value() == "Underhållstekniker, processindustri"
    visit("need-form-error", both_languages=False)
    salary.fill("44000")
    page.get_by_role("button", name="Spara behovet").click()
    # Saved, the need opens on its own page: as candidates and the board will read it, apart from its form.
    assert page.get_by_role("heading", level=1).inner_text() == "Underhållstekniker, processindustri"
    assert page.get_by_label("Titel", exact=True).count() == 0
    visit("need-page-draft")
    page.get_by_role("button", name=re.compile("^Publicera")).click()
    main = page.locator("main").inner_text()
    assert "Öppet" in main and "Det här ser kandidaterna" in main
    assert "Underhållsmekaniker och maskinreparatörer" in main and "PLC, hydraulik, vibrationsanalys" in main
    visit("need-page")
    page.get_by_role("link", name="Tillbaka till min organisation").click()
    visit("start-with-need")

    # Open the candidates from the start page: matching talent is anonymous and explained.
    page.get_by_role("link", name=CANDIDATES).click()
    visit("candidates-before-interest")
    matching = page.locator("main table tbody tr")
    assert matching.count() >= 1
    assert re.search(r"\d+/100", matching.first.inner_text())

    # A newcomer sees the need on the board and shows interest.
    context = chromium.new_context(base_url=live_server, locale="en-GB")
    newcomer = context.new_page()
    sign_in(newcomer, "newcomer@demo.landa.se")
    if newcomer.locator("html").get_attribute("lang") == "sv":
        newcomer.get_by_role("button", name="English").click()
    newcomer.get_by_role("link", name="Jobs").first.click()
    newcomer.get_by_label("Municipality").select_option(label="Örnsköldsvik")
    newcomer.get_by_label("Occupation").fill("7233")
    newcomer.get_by_role("button", name="Show").click()
    newcomer.get_by_role("link", name="Maintenance technician, process industry").first.click()
    fit = newcomer.locator("#fit").inner_text()  # the demo newcomer is a civil engineer: not a match, and why
    assert "How your household fits" in fit and "For you: 0/100" in fit and "Not a match" in fit
    newcomer.get_by_role("button", name="Show my interest").click()
    newcomer.wait_for_load_state("load")
    context.close()

    # Her start page says what is new since she last looked at the candidates, and so does the list.
    page.get_by_role("link", name="Tillbaka till ”Underhållstekniker, processindustri”").click()
    page.get_by_role("link", name="Tillbaka till min organisation").click()
    news = page.locator("main .need-news").first.inner_text()
    assert "Nytt sedan du tittade senast" in news and "1 intresserad kandidat" in news
    page.get_by_role("link", name=CANDIDATES).click()
    candidate = page.locator("main article").first
    assert "Ny för dig" in candidate.inner_text()
    assert re.search(r"Matchning: 0/100", candidate.inner_text())  # scored like the list, with the reason
    assert "Ingen matchning" in candidate.inner_text()
    candidate.get_by_label("Meddelande (frivilligt)").fill("Hej! Vi vill gärna berätta mer om jobbet.")
    visit("candidates-interested")
    page.locator("main article").first.get_by_label("Meddelande (frivilligt)").fill("Hej! Välkommen att höra av dig.")
    page.locator("main article").first.get_by_role("button", name="Be om kontakt").click()
    assert page.locator("main article .badge").first.is_visible()
    visit("candidates-contact-requested")


def test_employer_keyboard_only(browser_page, chromium, live_server, live):
    page = browser_page
    page.goto("/register")
    tab_to(page, "flytta till regionen")  # a radio group is one Tab stop; the arrows choose within it
    page.keyboard.press("ArrowDown")
    assert page.get_by_label("en arbetsgivare som söker kompetens").is_checked()
    type_into(page, "För- och efternamn", "Johan Ek")
    type_into(page, "^E-post$", "johan.ek@kramfors-example.se")
    type_into(page, "^Lösenord$", PASSWORD)
    type_into(page, "Upprepa lösenordet", PASSWORD)
    press_button(page, "^Skapa konto$")
    confirm_address(page, live, "johan.ek@kramfors-example.se", keyboard=True)
    tab_to(page, "Registrera min organisation")
    press_enter_and_wait(page)
    type_into(page, "Organisationens namn", "Kramfors Kraft Test")
    type_into(page, "Organisationsnummer", "556000-0019")
    choose_by_keyboard(page, "I vilken kommun finns organisationen", "Kramfors")
    type_into(page, "^Kontaktperson$", "Johan Ek")
    type_into(page, "Kontaktpersonens e-post", "johan.ek@kramfors-example.se")
    press_button(page, "Registrera organisationen")
    assert "Kramfors Kraft Test" in page.locator("main").inner_text()

    approve(chromium, live_server, "Kramfors Kraft Test")
    page.reload()
    tab_to(page, "Lägg upp ett kompetensbehov")
    press_enter_and_wait(page)
    type_into(page, "^Titel$", "Elektriker, vattenkraft")
    type_into(page, "Yrke", "7411")
    choose_by_keyboard(page, "Var jobbet finns", "Kramfors")
    press_button(page, "Spara behovet")
    press_button(page, "^Publicera")
    assert "Öppet" in page.locator("main").inner_text()
