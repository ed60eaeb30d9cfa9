"""A story's words in the reader's language, read from the catalogue the pages use: a story run in Swedish and
in English checks the wording each reader sees, and a changed translation cannot leave a story behind."""

from __future__ import annotations

from pathlib import Path

from babel.support import Translations

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


class Words:
    """``t("Register")`` is what a reader of ``lang`` sees on the button (English: the msgid itself)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.catalogue = Translations.load(str(TRANSLATIONS), [lang]) if lang == "sv" else None

    def __call__(self, msgid: str, **values) -> str:
        text = self.catalogue.gettext(msgid) if self.catalogue else msgid
        return text % values if values else text
