"""The privacy notice: public, in both languages, linked where people decide about their data."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("language", "facts"), [
    ("sv", ["Så hanterar Landa dina personuppgifter", "Västernorrlands kommuner", "dataskyddsombud",
            "förnamn och födelseår", "samtycke", "24 månader", "arkivregler", "Ladda ner mina uppgifter",
            "personnummer", "hälsa", "religion", "anonym"]),
    ("en", ["How Landa handles your personal data", "municipalities of Västernorrland", "data protection officer",
            "first names and years of birth", "consent", "24 months", "archive rules", "Download my data",
            "personal identity number", "health", "religion", "without your name"]),
])
def test_anyone_reads_the_notice_in_both_languages(app, language, facts):
    html = app.test_client().get("/privacy", headers={"Accept-Language": language}).get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    missing = [fact for fact in facts if fact not in html]
    assert not missing, missing


def test_the_footer_and_the_registration_page_link_to_it(client):
    assert 'href="/privacy"' in client.get("/").get_data(as_text=True)
    register = client.get("/register").get_data(as_text=True)
    assert register.count('href="/privacy"') == 2  # in the form and in the footer


def test_the_consents_page_links_to_it_and_to_the_access_log(client, newcomer):
    html = client.get("/talent/consents").get_data(as_text=True)
    assert html.count('href="/privacy"') == 2
    assert 'href="/talent/access-log"' in html and "Who has seen my data" in html
