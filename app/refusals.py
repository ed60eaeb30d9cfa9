"""How a use case says no, the same way in every domain, on the web and in the API."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from app.i18n import format_date


class DomainError(Exception):
    """A use case refused. ``code`` names why (a key of the domain's ``MESSAGES``), ``field`` what it is about
    (a form field; the API names its property after it), ``params`` fill in the message. Each domain has
    its subclass with its messages (``app/<domain>/errors.py``): a page and an API operation that refuse the
    same thing say the same words."""

    MESSAGES: ClassVar[dict] = {}

    def __init__(self, code: str, /, field: str | None = None, **params) -> None:  # params may hold a "code"
        super().__init__(code)
        self.code, self.field, self.params = code, field, params

    @property
    def message(self) -> str:
        text = str(self.MESSAGES[self.code])
        if not (self.params and "%(" in text):
            return text
        # A date is written as the reader's language writes it on every page ("2 dec. 2026"), not "2026-12-02".
        return text % {k: format_date(v) if isinstance(v, date) else v for k, v in self.params.items()}
