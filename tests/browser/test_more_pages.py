"""The pages people reach from an e-mail (welcome, password reset, the follow-up questionnaire), the
two-factor sign-in, and a tour of each role's remaining main pages: axe-checked and photographed in both
languages like the stories."""

from __future__ import annotations

import re
import time

import pyotp
import pytest

from tests.browser.conftest import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "Granit-Hamn-Lingon-2026"  # noqa: S105
TOUR = {
    "newcomer@demo.landa.se": ["/talent/housing", "/talent/places", "/talent/access-log", "/talent/plan/calendar",
                               "/account"],
    "officer@demo.landa.se": ["/reception/settings", "/reception/cases/new"],
    "coordinator@demo.landa.se": ["/employers/review", "/admin/audit/"],
    "admin@demo.landa.se": ["/admin/users", "/admin/outbox/", "/admin/jobs/", "/admin/retention"],
}


def test_staff_welcome_and_two_factor_sign_in(browser_page, visit, chromium, live):
    """The administrator adds an officer; she follows the e-mailed link, chooses her password, turns on
    two-factor sign-in and signs in with a code."""
    admin = chromium.new_context(base_url=live.url, locale="sv-SE").new_page()
    sign_in(admin, "admin@demo.landa.se")
    admin.goto("/admin/users")
    admin.get_by_label("För- och efternamn").fill("Sara Lindgren")
    admin.get_by_label("E-post", exact=True).fill("sara.lindgren@ange-example.se")
    admin.get_by_label("Roll", exact=True).select_option(label="Inflyttarlots")
    admin.get_by_label("Kommun", exact=True).select_option(label="Ånge")
    admin.get_by_role("button", name="Skapa kontot").click()
    assert "Sara Lindgren" in admin.locator("main").inner_text()
    admin.context.close()

    page = browser_page
    page.goto(live.link_in_last_mail("sara.lindgren@ange-example.se", "/welcome/"))
    visit("welcome", both_languages=False)  # the link works once: switching language would not reload it
    page.get_by_label("Lösenord", exact=True).fill(PASSWORD)
    page.get_by_label("Upprepa lösenordet").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state("load")
    sign_in(page, "sara.lindgren@ange-example.se", PASSWORD)

    page.goto("/account")
    page.get_by_role("button", name="Ställ in tvåstegsinloggning").click()
    visit("two-factor-setup", both_languages=False)
    key = page.locator("code.otp-key").inner_text().replace(" ", "")
    page.get_by_label("Kod från din autentiseringsapp").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Slå på tvåstegsinloggning").click()
    # Ten backup codes, shown this once (switching language would not show them again).
    page.get_by_role("heading", name="Dina reservkoder").wait_for()
    codes = page.get_by_role("list", name="Reservkoder").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    visit("backup-codes", both_languages=False)
    page.get_by_role("link", name=re.compile("Jag har sparat dem")).click()
    assert "10 av dina 10 reservkoder" in page.locator("main").inner_text()
    page.get_by_role("button", name="Logga ut", exact=True).click()
    page.get_by_text("Du är utloggad.").wait_for()  # the sign-out has landed before the next sign-in starts

    sign_in(page, "sara.lindgren@ange-example.se", PASSWORD)
    assert "/login/code" in page.url, page.locator("main").inner_text()
    visit("sign-in-code")
    # The confirming code is spent; the app's next code (a step ahead is accepted for clock drift) signs in.
    code = pyotp.TOTP(key).at(time.time() + 30)
    page.get_by_label(re.compile("Kod från din app eller en reservkod|Code from your app, or a backup code")).fill(code)
    page.locator("main form").get_by_role("button").click()
    page.get_by_role("heading", name=re.compile("Ärenden i Ånge|Cases in Ånge")).wait_for()
    # Without the phone: a backup code from the list.
    page.get_by_role("button", name=re.compile("^(Logga ut|Sign out)$")).click()
    page.get_by_text(re.compile("^(Du är utloggad|You have signed out)")).wait_for()
    sign_in(page, "sara.lindgren@ange-example.se", PASSWORD)
    page.get_by_label(re.compile("Kod från din app eller en reservkod|Code from your app, or a backup code")).fill(
        codes[0])
    page.locator("main form").get_by_role("button").click()
    page.get_by_role("heading", name=re.compile("Ärenden i Ånge|Cases in Ånge")).wait_for()


def test_password_reset_and_follow_up_questionnaire(browser_page, visit, live):
    page = browser_page
    page.goto("/password/forgot")
    page.get_by_label("E-post").fill("employer@demo.landa.se")
    page.locator("main form").get_by_role("button").click()
    page.goto(live.link_in_last_mail("employer@demo.landa.se", "/password/reset/"))
    visit("password-reset")  # the demo password stays: the form is looked at, not sent

    # A household's check-in, sent by the follow-up job as it would be when it falls due.
    with live.app.app_context():
        from sqlalchemy import select

        from app.extensions import db
        from app.reception import followups
        from app.reception.models import FollowUp, FollowUpStatus

        sent = None
        for follow_up in db.session.scalars(select(FollowUp).where(FollowUp.status == FollowUpStatus.SCHEDULED)):
            if followups.send(follow_up.id) == "sent":
                sent = follow_up.case.profile.user.email
                break
            db.session.rollback()
        db.session.commit()
        db.session.remove()
    assert sent, "no household in the demo data takes follow-up messages"
    page.goto(live.link_in_last_mail(sent, "/reception/follow-up/"))
    visit("follow-up-questionnaire")
    for group in page.locator("main fieldset").all():
        group.get_by_role("radio").first.check()
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state("load")
    visit("follow-up-answered", both_languages=False)


@pytest.mark.parametrize("email", list(TOUR))
def test_main_pages_of_each_role(browser_page, visit, email):
    sign_in(browser_page, email, DEMO_PASSWORD)
    for path in TOUR[email]:
        browser_page.goto(path)
        visit(path.strip("/").replace("/", "-") or "start")
    if email.startswith("admin"):  # one account as the administrator manages it (closing it is tested elsewhere)
        browser_page.goto("/admin/users")
        browser_page.get_by_label("Namn eller e-postadress").fill("officer@demo")
        browser_page.get_by_label("Filtrera på roll").select_option(label="Inflyttarlots")
        browser_page.get_by_role("button", name="Sök").click()
        browser_page.locator("main tr", has_text="officer@demo.landa.se").get_by_role("link").click()
        visit("admin-user")
        assert browser_page.get_by_role("button", name="Stäng kontot").is_visible()
    browser_page.goto("/needs/")
    browser_page.locator("main article h2 a").first.click()
    visit("job")
