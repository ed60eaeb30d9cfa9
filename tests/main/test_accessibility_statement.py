"""The accessibility statement the law on accessible public digital services asks for, in both languages."""

from __future__ import annotations


def test_the_statement_is_public_in_both_languages(client):
    english = client.get("/accessibility", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "WCAG) 2.1" in english and "Digg" in english and "Known problems" in english
    client.post("/language", data={"lang": "sv"})
    swedish = client.get("/accessibility").get_data(as_text=True)
    assert 'lang="sv"' in swedish and "Tillgänglighetsredogörelse" in swedish and "Digg" in swedish
    assert 'href="/accessibility"' in client.get("/").get_data(as_text=True)  # linked from every page's footer
