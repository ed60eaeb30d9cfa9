"""Issue 20 for the newcomer: the start page in the order a newcomer needs it with one main action, the places
page that reads on a phone, phone numbers kept in E.164 and read in the household's country, and a first day
at work before the arrival only when the newcomer says so."""

from __future__ import annotations

import html as markup
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.reception.models import CaseMessage
from app.talent.models import Household
from app.validators import PhoneNumberError, e164, phone_display, phone_region

ABOUT = {"full_name": "Arjun Kumar", "citizenship": "other", "current_country": "IN", "current_city": "Chennai"}
MOVE = {"status": "has_offer", "destination": "2284"}


def _household(app) -> Household:
    with app.app_context():
        profile = db.session.scalar(select(Household))
        db.session.expunge(profile)
        return profile


def _text(response) -> str:
    return markup.unescape(response.get_data(as_text=True))


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


# --- phone numbers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "region", "kept"), [
    ("070-123 45 67", "SE", "+46701234567"),
    ("0046 70 123 45 67", "IN", "+46701234567"),  # its own country code wins over the region
    ("+91 98765 43210", "SE", "+919876543210"),
    ("98765 43210", "IN", "+919876543210"),
    ("060-19 10 00", "SE", "+4660191000"),  # a landline in Sundsvall
])
def test_a_phone_number_is_kept_in_e164(typed, region, kept):
    assert e164(typed, region) == kept


@pytest.mark.parametrize(("typed", "region", "readable", "where"), [
    ("123", "SE", True, "SE"),  # too short for any Swedish number
    ("070-123 45 67", "IN", True, "IN"),  # a Swedish mobile, read as an Indian number: no such number
    ("+1 555 0100", "SE", True, "US"),  # named by its own country code
    ("call me", "SE", False, None),
    ("+999 1234567", "SE", False, None),  # no country has +999
])
def test_a_number_that_cannot_exist_is_refused(typed, region, readable, where):
    with pytest.raises(PhoneNumberError) as refused:
        e164(typed, region)
    assert (refused.value.readable, refused.value.region) == (readable, where)


def test_the_region_is_where_the_household_lives_else_sweden():
    assert phone_region("in") == "IN" and phone_region(None) == "SE" and phone_region("") == "SE"
    assert phone_region("AQ") == "SE"  # Antarctica has no numbering plan of its own


def test_a_kept_number_is_shown_grouped_and_an_old_one_as_typed():
    assert phone_display("+46701234567") == "+46 70 123 45 67"
    assert phone_display("+919876543210") == "+91 98765 43210"
    assert phone_display("070 12") == "070 12" and phone_display(None) == ""


def test_the_phone_is_read_in_the_country_the_household_lives_in(app, client, newcomer):
    saved = client.post("/talent/profile/about", data={**ABOUT, "phone": "98765 43210"})
    assert saved.status_code == 302
    assert _household(app).phone == "+919876543210"
    form = _text(client.get("/talent/profile/about"))
    assert 'value="+91 98765 43210"' in form  # shown grouped, with its country code

    saved = client.post("/talent/profile/about", data={**ABOUT, "current_country": "SE", "phone": "070-123 45 67"})
    assert saved.status_code == 302 and _household(app).phone == "+46701234567"
    saved = client.post("/talent/profile/about", data={**ABOUT, "current_country": "", "phone": "070-123 45 67"})
    assert saved.status_code == 302 and _household(app).phone == "+46701234567"  # no country given: Sweden
    assert client.post("/talent/profile/about", data={**ABOUT, "phone": ""}).status_code == 302
    assert _household(app).phone is None


def test_an_impossible_phone_number_is_refused_and_what_was_typed_stays(app, client, newcomer):
    client.post("/talent/profile/about", data={**ABOUT, "phone": "98765 43210"})
    refused = client.post("/talent/profile/about", data={**ABOUT, "phone": "070-123 45 67"})
    page = _text(refused)
    assert refused.status_code == 422
    assert "There is no such phone number in India: check the digits." in page
    assert 'value="070-123 45 67"' in page and 'aria-invalid="true"' in page
    assert 'href="#phone"' in page  # the error summary links to the field
    assert _household(app).phone == "+919876543210"  # nothing saved

    unreadable = _text(client.post("/talent/profile/about", data={**ABOUT, "phone": "ring me"}))
    assert "Enter a phone number in digits, such as 070-123 45 67" in unreadable and 'value="ring me"' in unreadable


def test_a_wrong_phone_is_listed_with_the_other_errors(client, newcomer):
    page = _text(client.post("/talent/profile/about", data={**ABOUT, "full_name": "", "phone": "123"}))
    summary = page[page.index('class="form-summary"'):]
    assert 'href="#full_name"' in summary and 'href="#phone"' in summary
    assert "There is no such phone number in India" in summary


# --- a first day at work before the arrival ------------------------------------------------------------------

def test_a_first_day_at_work_before_the_arrival_is_refused_unless_the_newcomer_says_so(app, client, newcomer):
    dates = {"job_start": "2027-02-15", "arrival": "2027-03-01"}
    refused = client.post("/talent/profile/move", data={**MOVE, **dates})
    page = _text(refused)
    assert refused.status_code == 422
    assert re.search(r"Your first day at work \(15 Feb\w* 2027\) is before you arrive \(1 Mar\w* 2027\)\. "
                     r"Correct one of the dates, or say that you start working before you arrive\.", page)
    assert 'value="2027-02-15"' in page and 'value="2027-03-01"' in page  # what was typed stays
    assert 'href="#job_start"' in page
    assert _household(app).job_start_date == date(2027, 3, 15)  # nothing saved

    said = client.post("/talent/profile/move", data={**MOVE, **dates, "works_before_arrival": "y"})
    assert said.status_code == 302
    profile = _household(app)
    assert (profile.job_start_date, profile.arrival_date, profile.works_before_arrival) == (
        date(2027, 2, 15), date(2027, 3, 1), True)
    form = client.get("/talent/profile/move").get_data(as_text=True)
    box = re.search(r'<input[^>]*id="works_before_arrival"[^>]*>', form).group(0)
    assert " checked " in box  # what the newcomer said is shown again

    # Working from the arrival on again: what was said no longer applies, and is not kept.
    assert client.post("/talent/profile/move", data={**MOVE, "job_start": "2027-03-15", "arrival": "2027-03-01",
                                                     "works_before_arrival": "y"}).status_code == 302
    assert _household(app).works_before_arrival is False
    same_day = client.post("/talent/profile/move", data={**MOVE, "job_start": "2027-03-01", "arrival": "2027-03-01"})
    assert same_day.status_code == 302  # the first day at work may be the day of arrival


# --- the start page ------------------------------------------------------------------------------------------

def _primary_actions(page: str) -> list[str]:
    """The buttons and button links of the page's content that are not marked secondary."""
    main = _main(page)
    actions = re.findall(r'<(?:button|a)\b[^>]*?(?:role="button"|type="submit")[^>]*>|<button\b[^>]*>'
                         r'|<input\b[^>]*type="submit"[^>]*>', main)
    return [a for a in set(actions) if "secondary" not in a]


def test_the_start_page_puts_what_to_do_next_first_and_has_one_main_action(app, client, newcomer, case_id, officer):
    officer.post(f"/reception/cases/{case_id}/messages", data={"message-body": "Welcome! Shall we meet?"})
    page = _text(client.get("/talent/"))
    order = [page.index(f'id="{block}"') for block in ("next", "reception", "jobs", "household", "consents")]
    assert order == sorted(order)
    assert [re.sub(r"\s+", " ", a) for a in _primary_actions(page)] == [
        '<a role="button" href="/talent/plan">']
    next_block = page[page.index('id="next"'):page.index('id="reception"')]
    assert "Next steps in your arrival plan" in next_block
    assert "1 new message from the reception in Örnsköldsvik" in next_block
    assert f'href="#case-{case_id}"' in next_block


def test_a_profile_not_complete_is_the_main_action(app, client, make_user, login):
    person = make_user("newcomer", full_name="Ana Souza", locale="en")
    login(person)
    page = _text(client.get("/talent/"))
    assert [re.sub(r"\s+", " ", a) for a in _primary_actions(page)] == [
        '<a role="button" href="/talent/profile/about">']


def test_reception_messages_are_marked_new_once_and_earlier_ones_fold_away(app, client, newcomer, case_id, officer):
    for n in range(5):
        officer.post(f"/reception/cases/{case_id}/messages", data={"message-body": f"Message number {n}"})
    first = _text(client.get("/talent/"))
    assert first.count("New message</span>") == 5  # every new one is shown, none folded away
    assert "5 new messages from the reception in Örnsköldsvik" in first
    assert "Show" not in first[first.index('id="reception"'):first.index('id="jobs"')]
    again = _text(client.get("/talent/"))
    assert "New message</span>" not in again and "new messages from the reception" not in again
    reception = again[again.index('id="reception"'):again.index('id="jobs"')]
    assert "Show 2 earlier messages" in reception
    folded = reception[reception.index("<details>"):reception.index("</details>")]
    assert "Show 2 earlier messages" in folded and "Message number 1" in folded and "Message number 2" not in folded
    assert reception.index("</details>") < reception.index("Message number 2") < reception.index("Message number 4")
    assert 'Your answer to the reception in' in reception
    with app.app_context():
        assert all(m.read_at is not None for m in db.session.scalars(select(CaseMessage)))


def test_what_waits_for_an_answer_links_to_where_it_is_answered(app, demo):
    """Priya (the demo's newcomer) has an employer's contact request to answer: the first block says so and
    links to it; answering it is in the jobs block, a secondary action."""
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": "newcomer@demo.landa.se", "password": "landa-demo-2026"})
    page = _text(browser.get("/talent/"))
    next_block = page[page.index('id="next"'):page.index('id="reception"')]
    assert '<a href="#requests">1 employer asks to contact you</a>' in next_block
    jobs = page[page.index('id="jobs"'):page.index('id="household"')]
    assert '<article id="requests">' in jobs and "<h3>Employers who want to contact you</h3>" in jobs
    assert re.search(r'<button type="submit" name="answer" value="accept" class="secondary">', jobs)


# --- the places page -----------------------------------------------------------------------------------------

def test_the_places_page_lists_each_part_without_a_table(client, newcomer):
    page = _text(client.get("/talent/places"))
    main = _main(page)
    assert "<table" not in main and main.count('<dl class="score-parts">') >= 9
    assert "of 35 points" in main and "Your choice 1" in main
    ranking = main[main.index('<ol class="places-ranking">'):main.index("</ol>")]
    assert ranking.count('<li><a href="#place-') == 9 and '<a href="#place-2284">Örnsköldsvik</a>' in ranking
    assert not re.search(r"\s:\s<a", main)  # the need follows its reason without a stray space
