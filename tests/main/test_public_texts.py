"""Swedish texts follow Swedish typography: ”citat” with the Swedish quotation mark on both sides, language
names in lower case in running text ("modersmålsundervisning i tamil"), e-mail subjects that read as Swedish
("Nya kandidater till SCA Ortvikens öppna behov").

The catalogue checks read translations/sv/LC_MESSAGES/messages.po itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from flask import render_template
from flask_babel import force_locale

from app.explained import Reason
from app.matching.texts import part_text
from app.talent.texts import language_name, languages

SV_PO = Path(__file__).resolve().parents[2] / "translations" / "sv" / "LC_MESSAGES" / "messages.po"

# Straight or English double quotes, low-9 quotes, guillemets; a straight single quote used as a quotation
# mark (not an apostrophe inside a word).
WRONG_QUOTES = re.compile(r"[\"“„«»]|(?<!\w)'[^'\n]+'(?!\w)")
# Language names that CLDR writes in lower case in Swedish, as they would look wrongly capitalised.
CAPITALISED = {name[:1].upper() + name[1:] for code, name in Locale.parse("sv").languages.items()
               if len(code) == 2 and name == name.lower() and len(name) >= 4 and " " not in name}
# A capitalised word that neither opens the text nor follows the end of a sentence.
MID_SENTENCE_WORD = re.compile(r"(?<=[^.!?\s]\s)([A-ZÅÄÖ][a-zåäö]+)")


def _swedish_texts() -> list[tuple[str, str]]:
    with SV_PO.open("rb") as f:
        catalogue = read_po(f)
    texts = []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, list | tuple) else [message.string]
        texts += [(str(message.id), s) for s in strings if s]
    return texts


def _wrong_quotes(text: str) -> list[str]:
    return WRONG_QUOTES.findall(text)


def _capitalised_languages(text: str) -> list[str]:
    unquoted = re.sub(r"”[^”]*”", "", text)  # a quoted label ("Välj ”Svenska”") keeps its own case
    return [word for word in MID_SENTENCE_WORD.findall(unquoted) if word in CAPITALISED]


def test_the_checks_catch_what_they_look_for():
    assert _wrong_quotes('tryck på "Ladda ner mina uppgifter"') and _wrong_quotes("välj “har kommit”")
    assert _wrong_quotes("kör det med 'flask privacy retention'")
    assert not _wrong_quotes("välj ”har kommit” i Landas lista, API:et")
    assert _capitalised_languages("Modersmålsundervisning i Tamil") == ["Tamil"]
    assert _capitalised_languages("Vi har inte det språket. Välj Svenska eller English.") == ["Svenska"]
    assert _capitalised_languages("Välj ”Svenska” eller ”English”.") == []
    assert _capitalised_languages("Svenska") == [] and _capitalised_languages("Lägsta nivå i engelska") == []


def test_swedish_catalogue_quotes_the_swedish_way():
    """Needs the lead's merge of /tmp/sv/content.json (its __overrides__) into the sv catalogue."""
    found = {msgid: text for msgid, text in _swedish_texts() if _wrong_quotes(text)}
    assert not found, found


def test_swedish_catalogue_writes_language_names_in_lower_case():
    found = {msgid: text for msgid, text in _swedish_texts() if _capitalised_languages(text)}
    assert not found, found


def test_language_names_in_running_text_follow_each_language():
    assert language_name("ta", "sv") == "tamil" and language_name("ar", "sv") == "arabiska"
    assert language_name("ta", "en") == "Tamil" and language_name("ar", "en") == "Arabic"
    assert language_name("xx", "sv") == "xx" and language_name(None, "sv") == ""
    # The pick lists keep a capital, as list items.
    assert ("ta", "Tamil") in languages("sv")


@pytest.mark.parametrize(("locale", "expected"), [
    ("sv", "Modersmålsundervisning i tamil"),
    ("en", "Mother-tongue tuition in Tamil"),
])
def test_the_household_fit_names_the_language_as_each_language_writes_it(app, locale, expected):
    with app.test_request_context(), force_locale(locale):
        assert part_text(Reason.of("mother_tongue_likely", language="ta")).startswith(expected)


def _digest_subject(app, locale: str, organisation: str) -> str:
    with app.app_context(), force_locale(locale):
        return render_template("email/employer_digest.subject.txt",
                               organisation=SimpleNamespace(name=organisation)).strip()


@pytest.mark.parametrize(("organisation", "english"), [
    ("SCA Ortviken", "SCA Ortviken's"),
    ("Siemens", "Siemens'"),
    ("Örnsköldsvik Green Fuels AB", "Örnsköldsvik Green Fuels AB's"),
])
def test_the_employer_digest_subject_in_english(app, organisation, english):
    assert _digest_subject(app, "en", organisation) == f"New talent for {english} open needs"


@pytest.mark.parametrize(("organisation", "swedish"), [
    ("SCA Ortviken", "SCA Ortvikens"),  # -s
    ("Siemens", "Siemens"),  # nothing after s, x or z
    ("Mitthem AB", "Mitthem AB:s"),  # :s after an abbreviation
    ("  Härnösandshus ", "Härnösandshus"),
])
def test_the_employer_digest_subject_reads_as_swedish(app, organisation, swedish):
    """Needs the lead's merge of the new msgid's Swedish (/tmp/sv/content.json)."""
    assert _digest_subject(app, "sv", organisation) == f"Nya kandidater till {swedish} öppna behov"
