"""The directory and housing texts are written for the public: no editing notes, no examples from elsewhere.

The reference files keep their provenance (``notes``, ``source``, ``confidence`` and the [src]/[est]/[unc]
marks) for the people who maintain them; what a reader sees (names, descriptions, queue rules, notes,
bonus conditions) is checked here, in the files and on the pages that show it, in both languages.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "app" / "catalogue" / "data"

# Phrases of an editor talking to another editor, not to a reader.
INTERNAL = [
    "inte kontrollerat", "ej kontrollerat", "inte verifierat", "vi har inte", "troligen", "todo", "fixme", "xxx",
    "verify", "verified", "not checked", "re-checked", "we have not", "probably", "placeholder",
    "[src", "[est", "[unc",
]
# Places and projects outside the nine municipalities that the domain notes cite as examples.
ELSEWHERE = ["Boden", "Skellefteå", "Luleå", "Umeå", "Stegra", "H2 Green Steel", "Flyttatillboden", "Matching Mondays"]
MUNICIPALITIES = ["2132", "2184", "2260", "2262", "2280", "2281", "2282", "2283", "2284"]

# The fields a reader sees, per file (the rest is provenance for maintainers).
PUBLIC_FIELDS = {
    "service_texts": ("name_sv", "name_en", "description_sv", "description_en", "authority", "authority_en"),
    "services": ("name_sv", "name_en", "authority"),
    "housing_texts": ("name_sv", "name_en", "queue_model_sv", "queue_model_en", "rules_sv", "rules_en",
                      "notes_sv", "notes_en", "bonus_conditions_sv", "bonus_conditions_en"),
    "housing_contacts": ("name",),
}


def _read(name: str):
    return json.loads((DATA / f"{name}.json").read_text("utf-8"))


def _public_texts() -> list[tuple[str, str]]:
    """(where, text) for every text a reader can see in the reference files."""
    texts = []
    for name, fields in PUBLIC_FIELDS.items():
        for record in _read(name):
            for field in fields:
                values = record.get(field) or []
                for value in [values] if isinstance(values, str) else values:
                    texts.append((f"{name}.json {record['key']}.{field}", value))
    for authority in _read("authorities")["authorities"]:
        texts += [(f"authorities.json {authority['key']}.{f}", authority[f]) for f in ("name_sv", "name_en")]
    return texts


def _problems(text: str) -> list[str]:
    low = text.casefold()
    found = [phrase for phrase in INTERNAL if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", low)]
    # A place may take a genitive s ("Stegras modulboende").
    return found + [place for place in ELSEWHERE if re.search(rf"(?<!\w){re.escape(place)}s?(?!\w)", text)]


def test_the_checks_catch_what_they_look_for():
    assert _problems("HSB Södra Norrland hyr ut lägenheter. Vi har inte kontrollerat i vilka kommuner.") == [
        "inte kontrollerat", "vi har inte"]
    assert _problems("One example is H2 Green Steel/Stegra's housing in Boden.") == [
        "Boden", "Stegra", "H2 Green Steel"]
    assert _problems("Ett exempel är Stegras modulboende.") == ["Stegra"]
    assert _problems("Coverage per municipality not verified [unc]") == ["verified", "[unc"]
    assert _problems("Kommunen ordnar undervisningen när minst fem elever vill läsa språket.") == []


def test_reference_texts_have_no_editing_notes_or_examples_from_elsewhere():
    texts = _public_texts()
    assert len(texts) > 150  # every file was read
    found = {where: problems for where, text in texts if (problems := _problems(text))}
    assert not found, found


def test_every_housing_contact_and_step_has_landas_own_words_in_both_languages():
    """A contact without Landa's own notes would show the source's English notes ("Legal company name not
    verified") to Swedish readers too; a bonus without Landa's conditions, the source's shorthand."""
    contacts = {c["key"]: c for c in _read("housing_contacts")}
    texts = {t["key"]: t for t in _read("housing_texts")}
    assert set(texts) == set(contacts)
    for key, contact in contacts.items():
        for field in ("notes", "queue_model"):
            assert {f"{field}_sv", f"{field}_en"} <= set(texts[key]), (key, field)
        if contact.get("work_mover_bonus", {}).get("conditions_en") or contact.get("work_mover_bonus", {}).get(
                "conditions_sv"):
            assert texts[key].get("bonus_conditions_sv") and texts[key].get("bonus_conditions_en"), key
    steps = {s["key"] for s in _read("services")} | {s["key"] for s in _read("service_texts")}
    described = {s["key"] for s in _read("service_texts") if s.get("description_sv") and s.get("description_en")}
    assert described == steps


def _page_text(html: str) -> str:
    main = re.search(r"<main\b.*?</main>", html, re.S)
    return unescape(re.sub(r"<[^>]+>", " ", main.group(0) if main else html))


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_directory_pages_read_as_public_texts(client, language):
    for code in MUNICIPALITIES:
        response = client.get(f"/directory/{code}", headers={"Accept-Language": language})
        assert response.status_code == 200
        found = _problems(_page_text(response.get_data(as_text=True)))
        assert not found, (code, found)


def test_the_bonus_conditions_read_as_sentences_in_each_language(client):
    sv = _page_text(client.get("/directory/2281", headers={"Accept-Language": "sv"}).get_data(as_text=True))
    en = _page_text(client.get("/directory/2281", headers={"Accept-Language": "en"}).get_data(as_text=True))
    assert "Lämna ditt anställningsavtal och ett personbevis till Mitthem" in sv and "+ personbevis" not in sv
    assert "Send Mitthem your employment contract" in en and "+ personbevis" not in en
    hudiksvall = client.get("/directory/2184", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Your employer confirms the job with a certificate." in hudiksvall


def test_the_newcomers_housing_page_reads_as_public_text(app, client, newcomer):
    """Arjun moves to Örnsköldsvik: the local companies and the routes open anywhere in the region."""
    for language in ("en", "sv"):
        client.post("/language", data={"lang": language})
        html = client.get("/talent/housing").get_data(as_text=True)
        assert "Övikshem" in html
        found = _problems(_page_text(html))
        assert not found, (language, found)
