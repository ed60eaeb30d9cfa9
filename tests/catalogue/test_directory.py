"""The public directory, and who may edit it."""

from __future__ import annotations

from sqlalchemy import select

from app.catalogue.models import HousingContact, Service
from app.catalogue.services import load_reference_data
from app.extensions import db


def test_directory_is_public_in_both_languages(client):
    sv = client.get("/directory/2281", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    en = client.get("/directory/2281", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Mitthem AB" in sv and "Arbetstillstånd" in sv
    assert "Mitthem AB" in en and "Work permit" in en
    assert client.get("/directory/").status_code == 200
    assert client.get("/directory/9999").status_code == 404


def test_officer_edits_own_municipality_only(app, client, login_as):
    login_as("officer", municipality_code="2281", locale="en")
    data = {"contact_sv": "Förskolekontoret, tel 060-19 00 00", "contact_en": "Preschool office, tel +46 60 19 00 00",
            "link": "https://sundsvall.se/forskola"}
    assert client.post("/directory/2281/services/preschool_application", data=data).status_code in (302, 303)
    assert client.post("/directory/2284/services/preschool_application", data=data).status_code == 403
    assert client.post("/directory/housing/ovikshem", data={"name_sv": "Taken over"}).status_code == 403
    bad = client.post("/directory/2281/services/preschool_application", data=data | {"link": "not a link"})
    assert bad.status_code == 422 and "Enter a full address" in bad.get_data(as_text=True)
    assert "Preschool office, tel +46 60 19 00 00" in client.get("/directory/2281").get_data(as_text=True)
    # National texts are the administrators'.
    assert client.get("/directory/services/sfi").status_code == 403
    assert client.get("/directory/housing/mitthem").status_code == 200
    assert client.get("/directory/housing/ovikshem").status_code == 403  # Örnsköldsvik's


def test_newcomer_sees_the_municipality_contact_in_the_plan(app, client, newcomer, make_user):
    officer = make_user("officer", municipality_code="2284")
    other = app.test_client()
    other.post("/login", data={"email": officer.email, "password": officer.password})
    other.post("/directory/2284/services/sfi", data={"contact_sv": "Komvux Örnsköldsvik",
                                                       "contact_en": "Komvux Örnsköldsvik, Nygatan 1"})
    html = client.get("/talent/plan").get_data(as_text=True)
    assert "In Örnsköldsvik:" in html and "Komvux Örnsköldsvik, Nygatan 1" in html


def test_admin_edits_survive_reloading_the_reference_data(app, client, login_as):
    login_as("admin", locale="en")
    response = client.post("/directory/services/sfi", data={
        "name_sv": "SFI – svenska för invandrare", "name_en": "Swedish for immigrants (SFI)",
        "description_sv": "Gratis kurser.", "description_en": "Free courses.", "authority": "Komvux",
        "authority_en": "Komvux (adult education)",
        "link": "https://www.skolverket.se"})
    assert response.status_code in (302, 303)
    client.post("/directory/housing/mitthem", data={"name_sv": "Mitthem", "name_en": "Mitthem",
                                                    "queue_model_en": "queue points",
                                                    "requires_id": "personnummer", "bonus_points": "2000",
                                                    "bonus_valid_months": "6"})
    with app.app_context():
        load_reference_data(db.session)
        db.session.commit()
        sfi = db.session.get(Service, "sfi")
        assert (sfi.name_en, sfi.description_en, sfi.authority) == ("Swedish for immigrants (SFI)",
                                                                    "Free courses.", "Komvux")
        mitthem = db.session.get(HousingContact, "mitthem")
        assert mitthem.details["work_mover_bonus"]["points"] == 2000
        assert mitthem.edited_by_id is not None
        # Put the packaged values back for the other tests.
        for row in (sfi, mitthem):
            row.edited_at = None
        db.session.commit()
        load_reference_data(db.session)
        db.session.commit()
        assert db.session.scalar(select(Service.name_en).where(Service.key == "sfi")) != "Swedish for immigrants (SFI)"


def test_reloading_still_updates_the_rules_of_an_edited_step(app):
    with app.app_context():
        sfi = db.session.get(Service, "sfi")
        sfi.name_en, sfi.phase = "Edited name", "month_3"
        from app.models import utcnow

        sfi.edited_at = utcnow()
        db.session.commit()
        load_reference_data(db.session)
        db.session.commit()
        sfi = db.session.get(Service, "sfi")
        assert sfi.name_en == "Edited name"  # the officer's text stays
        assert sfi.phase == "month_1"  # the rules follow the files
        sfi.edited_at = None
        db.session.commit()
        load_reference_data(db.session)
        db.session.commit()


def test_housing_rules_in_the_readers_language(client):
    sv = client.get("/directory/2281", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    en = client.get("/directory/2281", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "köpoäng" in sv.lower() and "queue points" not in sv
    assert "queue points" in en.lower()
    hudiksvall = client.get("/directory/2184", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Arbetsgivaren intygar anställningen." in hudiksvall


def test_a_generic_housing_contact_is_named_in_the_readers_language(client):
    """A company's name reads the same in both languages; "Private landlords" is a route, named in each."""
    sv = client.get("/directory/2284", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    en = client.get("/directory/2284", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Privata hyresvärdar (kommunens listor)" in sv and "Private landlords" not in sv
    assert "Arbetsgivarens / tillfälligt boende" in sv and "Employer / temporary housing" not in sv
    assert "Private landlords (municipal lists)" in en and "Privata hyresvärdar" not in en
    assert "Employer / temporary housing" in en and "Arbetsgivarens" not in en
    assert "AB Övikshem" in sv and "AB Övikshem" in en


def test_admin_edits_both_names_of_a_housing_contact(app, client, login_as):
    login_as("admin", locale="en")
    form = client.get("/directory/housing/employer_housing").get_data(as_text=True)
    assert 'value="Arbetsgivarens / tillfälligt boende"' in form and 'value="Employer / temporary housing"' in form
    missing = client.post("/directory/housing/employer_housing", data={"name_sv": "Tillfälligt boende"})
    assert missing.status_code == 422 and "Enter a name." in missing.get_data(as_text=True)
    saved = client.post("/directory/housing/employer_housing",
                        data={"name_sv": "Tillfälligt boende via arbetsgivaren", "name_en": "Temporary housing",
                              "requires_id": ""})
    assert saved.status_code in (302, 303)
    assert "Temporary housing" in client.get("/directory/2281", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    with app.app_context():
        load_reference_data(db.session)  # the edit survives reloading the files
        contact = db.session.get(HousingContact, "employer_housing")
        assert (contact.name_sv, contact.name_en) == ("Tillfälligt boende via arbetsgivaren", "Temporary housing")
        contact.edited_at = None  # put the packaged names back for the other tests
        load_reference_data(db.session)
        db.session.commit()
        contact = db.session.get(HousingContact, "employer_housing")
        assert (contact.name_sv, contact.name_en) == ("Arbetsgivarens / tillfälligt boende",
                                                      "Employer / temporary housing")
