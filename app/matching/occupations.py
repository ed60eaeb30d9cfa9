"""How close two occupations (SSYK 2012 unit groups) are: same, close, related or unrelated.

Read from ``data/related_occupations.json``, which ``scripts/build_related_occupations.py`` builds from
what the occupations share in Arbetsförmedlingen's JobTech Taxonomy (their related skills) and, where
that data is thin, from the SSYK hierarchy. Sharing only the first SSYK digit says nothing: a nurse
and a software developer are both "professionals" and still unrelated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

SAME, CLOSE, RELATED, UNRELATED = "same", "close", "related", "unrelated"
TIERS = (SAME, CLOSE, RELATED, UNRELATED)  # closest first
DATA = Path(__file__).parent / "data" / "related_occupations.json"


@cache
def _table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for a, b, tier, _similarity, _why in json.loads(DATA.read_text("utf-8"))["pairs"]:
        table.setdefault(a, {})[b] = tier
        table.setdefault(b, {})[a] = tier
    return table


def tier(code: str | None, wanted: str | None) -> str:
    """How close ``code`` is to ``wanted``."""
    if not code or not wanted:
        return UNRELATED
    if code == wanted:
        return SAME
    return _table().get(wanted, {}).get(code, UNRELATED)


def closest(codes: Iterable[str], wanted: str | None) -> tuple[str | None, str]:
    """The one of ``codes`` closest to ``wanted`` and its tier (ties: the smallest code)."""
    best: tuple[int, str] | None = None
    for code in codes:
        candidate = (TIERS.index(tier(code, wanted)), code)
        best = candidate if best is None or candidate < best else best
    return (None, UNRELATED) if best is None else (best[1], TIERS[best[0]])


def related(wanted: str | None) -> dict[str, list[str]]:
    """The codes in each tier but the last for ``wanted``: {"same": [wanted], "close": [...], "related": [...]}."""
    tiers: dict[str, list[str]] = {SAME: [wanted] if wanted else [], CLOSE: [], RELATED: []}
    for code, name in sorted(_table().get(wanted or "", {}).items()):
        tiers[name].append(code)
    return tiers
