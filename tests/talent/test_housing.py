"""Housing rules for a household: work-mover bonus deadlines and the personal identity number."""

from __future__ import annotations

from datetime import date

from app.talent.housing import ContactFacts, add_months, advise

MITTHEM = ContactFacts("mitthem", "Mitthem AB", ("2281",), requires_id="personnummer_or_samordningsnummer",
                       bonus_points=1500, bonus_valid_months=6)
AFA = ContactFacts("afa", "ÅFA", ("2260",), requires_id="personnummer", bonus_points=1500, bonus_valid_months=6)
MARKETS = ContactFacts("online_marketplaces", "Online marketplaces", ())
TODAY = date(2026, 11, 27)


def test_contacts_of_the_destination_and_the_region():
    advice = advise([MITTHEM, AFA, MARKETS], "2281", job_start=date(2027, 3, 15), has_job=True,
                    has_personnummer=False, today=TODAY)
    assert [(a.contact.key, a.local) for a in advice] == [("mitthem", True), ("online_marketplaces", False)]


def test_bonus_deadline_is_job_start_plus_validity():
    [a] = advise([MITTHEM], "2281", job_start=date(2027, 3, 15), has_job=True, has_personnummer=True, today=TODAY)
    assert a.bonus_claim_by == date(2027, 9, 15) and not a.bonus_deadline_passed
    [late] = advise([MITTHEM], "2281", job_start=date(2026, 1, 10), has_job=True, has_personnummer=True,
                    today=TODAY)
    assert late.bonus_claim_by == date(2026, 7, 10) and late.bonus_deadline_passed
    [exploring] = advise([MITTHEM], "2281", job_start=None, has_job=False, has_personnummer=True, today=TODAY)
    assert exploring.bonus_claim_by is None


def test_personnummer_warning_until_registered():
    [before] = advise([AFA], "2260", job_start=None, has_job=False, has_personnummer=False, today=TODAY)
    [after] = advise([AFA], "2260", job_start=None, has_job=False, has_personnummer=True, today=TODAY)
    assert before.needs_id_warning and not after.needs_id_warning


def test_add_months_keeps_the_end_of_month():
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)


def test_housing_page(app, client, newcomer):
    client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2281",
                                              "job_start": "2027-03-15", "arrival": "2027-03-01"})
    html = client.get("/talent/housing").get_data(as_text=True)
    assert "Housing in Sundsvall" in html and "Mitthem AB" in html
    assert 'Claim it by <time datetime="2027-09-15">15 Sept 2027</time>' in html
    assert "Requires a personal identity number or a coordination number" in html


def test_housing_page_names_generic_contacts_in_the_readers_language(client, newcomer):
    client.post("/talent/profile/move", data={"status": "has_offer", "destination": "2284",
                                              "job_start": "2027-03-15", "arrival": "2027-03-01"})
    en = client.get("/talent/housing").get_data(as_text=True)
    assert "Private landlords (municipal lists)" in en and "Employer / temporary housing" in en
    assert "Privata hyresvärdar" not in en and "Arbetsgivarens" not in en
    client.post("/language", data={"lang": "sv"})
    sv = client.get("/talent/housing").get_data(as_text=True)
    assert '<h2>Privata hyresvärdar (kommunens listor)</h2>' in sv
    assert '<a href="#housing-employer_housing">Arbetsgivarens / tillfälligt boende</a>' in sv
    assert "Private landlords" not in sv and "Employer / temporary housing" not in sv
    assert "AB Övikshem" in sv and "AB Övikshem" in en
