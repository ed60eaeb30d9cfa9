"""The plan as a PDF: the page's own HTML, laid out for A4 by WeasyPrint (fonts from the system: DejaVu Sans
covers Swedish and the Latin, Greek and Cyrillic names households write)."""

from __future__ import annotations

import logging

try:
    from weasyprint import HTML
except OSError:  # WeasyPrint needs the system's Pango; without it Landa runs and offers printing instead
    HTML = None

log = logging.getLogger(__name__)


def render(html: str) -> bytes | None:
    """The PDF of ``html`` (None when this machine cannot make PDFs)."""
    if HTML is None:
        log.warning("WeasyPrint is not usable here (Pango missing): no PDF")
        return None
    return HTML(string=html, url_fetcher=_nothing).write_pdf()


def _nothing(url: str, *args, **kwargs):
    """The PDF is made from the page alone: no image, font or style sheet is fetched from anywhere."""
    raise ValueError(f"not fetched: {url}")
