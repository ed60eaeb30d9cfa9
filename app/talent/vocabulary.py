"""Languages and countries by their ISO codes, named in the reader's language (from Babel's CLDR data)."""

from __future__ import annotations

from functools import cache

from babel import Locale

# Territories that are not countries people live in (continents, EU, world...).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@cache
def languages(locale: str) -> tuple[tuple[str, str], ...]:
    """(ISO 639-1 code, name) for every language with a two-letter code, sorted by name."""
    names = Locale.parse(locale).languages
    pairs = [(code, name[:1].upper() + name[1:]) for code, name in names.items() if len(code) == 2]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


@cache
def countries(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).territories
    pairs = [(code, name) for code, name in names.items()
             if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    return tuple(sorted(pairs, key=lambda p: p[1].casefold()))


def language_name(code: str | None, locale: str) -> str:
    if not code:
        return ""
    name = dict(languages(locale)).get(code)
    return name or code


def country_name(code: str | None, locale: str) -> str:
    if not code:
        return ""
    return dict(countries(locale)).get(code, code)
