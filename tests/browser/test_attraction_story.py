"""The attraction story in Chromium, once in Swedish and once in English: Anders, an officer at Sundsvalls kommun,
writes the welcome text of Sundsvall's Move page (after a preview) and creates a welcome meeting; a visitor
without an account reads the page, compares the municipalities for a family of four, registers for the meeting,
confirms by e-mail and gets the calendar file, then says they are thinking of moving here and confirms that too;
Anders sees the registration and the lead and invites the lead, who registers with what they told carried over.

Every page goes through ``visit`` (axe in both languages, reflow at 320 px and 200 %). The story reads its labels
from the catalogue the pages use, so each run checks the wording the reader of that language sees.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import icalendar
import pytest

from tests.browser.conftest import DESKTOP, Visit, sign_in
from tests.browser.words import Words

pytestmark = pytest.mark.browser
OFFICER = "officer@demo.landa.se"
SUNDSVALL = "2281"


def visitor_page(chromium, live, lang: str):
    context = chromium.new_context(base_url=live.url, viewport=DESKTOP, locale="sv-SE" if lang == "sv" else "en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status == 404 or response.status >= 500 else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_attraction(browser_page, visit, chromium, live, report, lang):
    t = Words(lang)
    officer = browser_page

    # --- Anders writes the welcome text of Sundsvall's Move page, after a preview -------------------------------
    sign_in(officer, OFFICER)
    visit.switch_language(lang)  # saved with his account: the other stories on this server expect Swedish
    try:
        attraction_path(t, officer, visit, chromium, live, report, lang)
    finally:
        if officer.locator("html").get_attribute("lang") != "sv":
            visit.switch_language("sv")


def attraction_path(t, officer, visit, chromium, live, report, lang):
    """The story itself, with Anders signed in and reading ``lang``."""
    tag = f"{lang}-{date.today():%m%d}"
    welcome = f"Välkommen hit ({tag})! Vi hjälper hela familjen." if lang == "sv" else \
        f"Welcome here ({tag})! We help the whole family."
    title = f"Välkomstträff {tag}" if lang == "sv" else f"Welcome meeting {tag}"
    visitor_email, visitor_name = f"visitor-{lang}@example.com", "Meera Iyer" if lang == "en" else "Ravi Iyer"
    officer.goto(f"/move/{SUNDSVALL}")
    officer.get_by_role("link", name=t("Edit the texts on this page")).click()
    officer.locator(f'main a[href$="/texts/welcome/{lang}"]').click()
    officer.get_by_label(t("Text")).fill(welcome)
    officer.get_by_role("button", name=t("Preview"), exact=True).click()
    officer.get_by_role("heading", name=t("Preview: not saved yet")).wait_for()
    assert welcome in officer.locator("main").inner_text()
    assert officer.get_by_label(t("Text")).input_value() == welcome  # what was typed stays in the field
    visit("text-preview", both_languages=False)
    officer.get_by_role("button", name=t("Save"), exact=True).click()
    officer.get_by_role("heading", name=t("History")).wait_for()
    assert "Anders Sjölund" in officer.locator("main").inner_text()

    # --- ... and creates a welcome meeting with two seats --------------------------------------------------------
    officer.get_by_role("link", name=t("Events"), exact=True).first.click()
    officer.get_by_role("link", name=t("Events you organise")).click()
    officer.get_by_role("button", name=t("New event")).click()  # a link that looks like a button
    day = date.today() + timedelta(days=20)
    officer.get_by_label(t("Kind of event")).select_option("welcome_meeting")
    officer.get_by_label(t("Title")).fill(title)
    officer.get_by_label(t("What happens at the event")).fill("Fika och frågor." if lang == "sv" else "Coffee.")
    officer.get_by_label(t("Starts")).fill(f"{day:%Y-%m-%d}T17:00")
    officer.get_by_label(t("Ends")).fill(f"{day:%Y-%m-%d}T19:00")
    officer.get_by_label(t("Street address")).fill("Norrmalmsgatan 4, Sundsvall")
    officer.get_by_label(t("Municipality"), exact=True).select_option(SUNDSVALL)
    officer.get_by_label(t("Number of seats")).fill("2")
    officer.get_by_label(t("Publish: show it on the events page and open registration")).check()
    visit("event-form", both_languages=False)
    officer.get_by_role("button", name=t("Save the event")).click()
    officer.get_by_role("heading", name=title).wait_for()
    registrations_url = officer.url

    # --- A visitor reads the region, compares, reads Sundsvall's page and registers for the meeting -------------
    page, errors = visitor_page(chromium, live, lang)
    seen = Visit(page, report, f"attraction-visitor-{lang}")
    page.goto(f"/move/?lang={lang}")
    page.get_by_label(t("How many people are you, counting yourself?")).fill("4")
    page.locator("input[name=children][value=yes]").check()
    page.get_by_label(t("I work as")).fill("sjuksköterska" if lang == "sv" else "nurse")
    page.get_by_role("button", name=t("Compare")).click()
    page.get_by_role("heading", name=t("What we found")).wait_for()
    seen("move-compare")

    page.goto(f"/move/{SUNDSVALL}")
    main = page.locator("main")
    assert welcome in main.inner_text()
    seen("move-municipality")
    main.get_by_role("link", name=t("All events in %(place)s", place="Sundsvall")).click()  # the next three show
    page.locator("main").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=title).wait_for()
    seen("event")
    page.get_by_label(t("Your name"), exact=True).fill(visitor_name)
    page.get_by_label(t("E-mail"), exact=True).fill(visitor_email)
    page.get_by_label(t("I agree that Landa keeps my name and e-mail address for this event.")).check()
    page.get_by_role("button", name=t("Register"), exact=True).click()
    page.get_by_role("heading", name=t("Check your e-mail")).wait_for()
    assert not live.mails_to(visitor_email)[-1].attachments  # nothing but the request to confirm yet

    page.goto(live.link_in_last_mail(visitor_email, "/events/confirm/"))
    page.get_by_role("button", name=t("Confirm my registration")).click()
    page.get_by_role("heading", name=t("You are registered")).wait_for()
    seen("event-confirmed")
    ics = page.request.get(page.get_by_role("link", name=t("Add to your calendar (.ics)")).get_attribute("href"))
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    [entry] = icalendar.Calendar.from_ical(ics.body()).walk("VEVENT")
    assert str(entry["SUMMARY"]) == title and entry.decoded("DTSTART").date() == day

    # --- ... then tells Sundsvall they are thinking of moving here, and confirms ---------------------------------
    page.goto(f"/move/{SUNDSVALL}")
    page.get_by_role("button", name=t("Thinking of moving here?")).first.click()
    page.get_by_label(t("Your name"), exact=True).fill(visitor_name)
    page.get_by_label(t("E-mail"), exact=True).fill(visitor_email)
    page.get_by_label(t("I work as")).fill("Sjuksköterska" if lang == "sv" else "Nurse")
    page.get_by_label(t("How many people are you, counting yourself?")).fill("4")
    page.locator("input[name=children][value=yes]").check()
    page.locator("input[name=moving_when][value=within_6_months]").check()
    page.locator("input[name=consent]").check()
    seen("interest", both_languages=False)
    page.get_by_role("button", name=t("Send"), exact=True).click()
    page.get_by_role("heading", name=t("Check your e-mail")).wait_for()
    page.goto(live.link_in_last_mail(visitor_email, "/move/interest/confirm/"))
    page.get_by_role("button", name=t("Confirm my interest")).click()
    page.get_by_text(visitor_name).first.wait_for()
    seen("interest-confirmed")

    # --- Anders sees the registration and the lead, and invites the lead -----------------------------------------
    officer.goto(registrations_url)
    assert visitor_name in officer.locator("main table").first.inner_text()
    visit("event-registrations")
    officer.get_by_role("link", name=t("Leads"), exact=True).first.click()
    officer.locator("main table").get_by_role("link", name=visitor_name).first.click()
    officer.get_by_role("heading", name=visitor_name).wait_for()
    visit("lead")
    officer.get_by_role("button", name=t("Invite to register")).click()
    invited = t("We have e-mailed %(name)s a link to register.", name=visitor_name)
    assert invited in officer.locator(".flashes").inner_text()

    # --- The lead registers through the invitation: what they told is in their profile ---------------------------
    page.goto(live.link_in_last_mail(visitor_email, "/move/interest/register/"))
    assert page.get_by_label(t("Your name"), exact=True).input_value() == visitor_name
    seen("register", both_languages=False)
    page.get_by_label(t("Password"), exact=True).fill("lingon sylt kaffe fjäll")
    page.get_by_label(t("Repeat the password")).fill("lingon sylt kaffe fjäll")
    page.get_by_role("button", name=t("Create my account")).click()
    assert re.search(re.escape(t("Welcome to Landa, %(name)s! What you told us is already in your profile.",
                                 name=visitor_name)), page.locator(".flashes").inner_text())
    page.goto("/talent/profile/work")
    assert "2221" in page.locator("main").inner_html()  # the nurse's occupation came along
    page.context.close()
    assert not errors, errors
