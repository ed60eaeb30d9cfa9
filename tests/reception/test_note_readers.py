"""What an officer is told about a note is what happens to it (pen test, finding 2): the household's data
export carries every note of their cases with its author, as the right of access (GDPR art. 15) and a party's
right to see the documents of their case require, so the case page and the API document say so in both
languages instead of promising "never by the household"."""

from __future__ import annotations

import re


def test_officers_are_told_that_the_household_may_read_notes(app, client, case_id, officer, bearer):
    written = officer.post(f"/reception/cases/{case_id}/notes", data={"note-body": "Partner asked about nursing jobs."})
    assert written.status_code in (302, 303)

    english = re.sub(r"\s+", " ", officer.get(f"/reception/cases/{case_id}").get_data(as_text=True))
    assert "never by the household" not in english
    assert "included when the household downloads their data (GDPR art. 15)" in english
    officer.post("/language", data={"lang": "sv"})
    swedish = re.sub(r"\s+", " ", officer.get(f"/reception/cases/{case_id}").get_data(as_text=True))
    assert "aldrig av hushållet" not in swedish
    assert "finns med när hushållet laddar ner sina uppgifter (artikel 15 i GDPR)" in swedish

    export = client.get("/talent/my-data.json").get_json()  # ``client`` is the household (Arjun)
    notes = export["reception_cases"][0]["internal_notes"]
    assert [n["body"] for n in notes] == ["Partner asked about nursing jobs."]

    document = client.get("/api/v1/openapi.json").get_json()
    notes_doc = document["paths"]["/api/v1/cases/{case_id}/notes"]["get"]["description"]
    assert "data export" in notes_doc and "never" not in document["paths"]["/api/v1/cases/{case_id}/notes"]["get"][
        "summary"].lower()
