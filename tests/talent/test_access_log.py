"""Who has seen my data: the household reads who looked at or changed its information, and nothing about
anyone else's."""

from __future__ import annotations

from sqlalchemy import select

from app.employers.models import Organisation
from app.extensions import db
from tests.talent.test_privacy_export import household  # noqa: F401 (a fixture)


def test_the_household_sees_the_officer_and_the_employer(app, client, newcomer, case_id, household):  # noqa: F811
    with app.app_context():
        organisation = db.session.scalar(select(Organisation.name))
    html = client.get("/talent/access-log").get_data(as_text=True)
    assert "Olle Officer (Reception officer, Örnsköldsvik)" in html
    assert "Viewed the case" in html and "Saw the case in the case list" in html
    assert "Sent a message to the household" in html and "Added a note" in html
    assert f"{organisation} (employer)" in html
    assert "Saw the name and contact details (contact request accepted): Maintenance technician" in html
    assert "The household wrote" not in html  # their own actions are in the download, not here
    assert html.index("Added a note") < html.index("Viewed the case")  # newest first


def test_nothing_about_another_household(app, client, newcomer, case_id, household):  # noqa: F811
    ana_browser = app.test_client()
    ana_browser.post("/language", data={"lang": "en"})
    ana_browser.post("/login", data={"email": household.email, "password": household.password})
    html = ana_browser.get("/talent/access-log").get_data(as_text=True)
    assert "Who has seen my data" in html
    assert "Saw the case in the case list" in html  # the officer's list showed her case too
    for theirs in ("Viewed the case", "Added a note", "contact request accepted", "(employer)", "Arjun"):
        assert theirs not in html, theirs


def test_a_new_household_has_seen_no_one(client, newcomer):
    html = client.get("/talent/access-log").get_data(as_text=True)
    assert "No one has looked at your information yet." in html
