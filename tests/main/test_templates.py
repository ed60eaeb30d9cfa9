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
