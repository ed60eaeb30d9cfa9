"""Page templates respect the Content-Security-Policy: no inline styles or scripts (e-mails may)."""

from __future__ import annotations

import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"


def test_page_templates_have_no_inline_style_or_script():
    offenders = []
    for path in APP.rglob("*.html"):
        if "email" in path.parts:
            continue
        text = path.read_text("utf-8")
        if re.search(r'\sstyle="', text) or re.search(r"<script(?![^>]*\bsrc=)", text):
            offenders.append(str(path.relative_to(APP)))
    assert offenders == []


def test_the_home_page_sends_a_signed_in_person_to_their_start_page(client, login_as):
    anonymous = client.get("/").get_data(as_text=True)
    assert 'href="/register?role=newcomer"' in anonymous and 'href="/start"' not in anonymous
    login_as("employer")
    signed_in = client.get("/").get_data(as_text=True)
    assert 'href="/start"' in signed_in and "/register?role=" not in signed_in
