"""The summary above a refused form lists every refused field as a link to it, with its own words, also when
the message is a lazy translation (issue 20, item 11)."""

from __future__ import annotations

import html
import re


def _summary(page) -> list[tuple[str, str]]:
    """(link target, text) of each entry in the form's error summary."""
    text = page.get_data(as_text=True)
    box = re.search(r'<div class="form-summary"[^>]*>(.*?)</div>', text, re.S)
    assert box, "no error summary"
    return [(target, html.unescape(label)) for target, label in re.findall(r'<a href="#([^"]+)">([^<]+)</a>',
                                                                           box.group(1))]


def test_the_profile_step_lists_both_refused_fields(client, newcomer):
    entries = _summary(client.post("/talent/profile/about", data={"full_name": "", "citizenship": ""}))
    assert [t for t, _ in entries] == ["full_name", "citizenship-0"]
    assert entries[0][1] == "Full name: Enter your name."
    assert entries[1][1].startswith("Your citizenship: Choose your citizenship")


def test_registration_lists_its_refused_fields(client):
    entries = dict(_summary(client.post("/register", data={"email": "", "password": "", "full_name": ""},
                                        headers={"Accept-Language": "en"})))
    assert {"full_name", "email", "password"} <= set(entries)


def test_the_desk_form_says_what_each_field_needs(officer):
    entries = dict(_summary(officer.post("/reception/cases/new", data={"full_name": "", "email": "",
                                                                       "municipality": "", "locale": "en"})))
    assert entries["full_name"] == "Name: Enter the name of the person you register."
    assert entries["email"].startswith("E-mail: Enter their e-mail address")
    assert entries["municipality"] == "Municipality: Choose the municipality."
    assert "agreed" in entries
    assert not [e for e in entries.values() if "This field is required" in e]
