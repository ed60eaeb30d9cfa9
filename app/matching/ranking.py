"""The exact top k without scoring everyone. Pure: the caller brings the candidates and the scoring.

Candidates arrive in groups, best bound first. A group's *bound* is at least the score of every
candidate in it, built from what an index can tell without loading a profile:

* occupation: exact, because it depends only on how close the occupations are (``occupations.tier``:
  same, close or related; the group is chosen by that tier, and unrelated talents score 0 and are
  never candidates);
* location: the most the candidate's class of place can give (``LOCATION_BOUND`` against
  ``scoring.location_component``: a chosen municipality gives 15 or 13; open to all 12; only a
  commuting neighbour 15 × 0.5 × (1 − minutes/120) < 7.5; no place given 6; elsewhere 0; a need
  without a place 7.5 for everyone);
* skills, languages and availability: their full weight (``REST``);
* unmet requirements only take points off, so they never lift a score above its bound.

The score is the sum of the components rounded to an integer, so no candidate in a group scores more
than ``ceil(bound)`` (the ceiling also absorbs floating-point error in the sum). Ranking is by score,
then by key. Once ``k`` candidates are held and the k-th best score is *greater* than ``ceil(bound)`` of
the next group, nobody in that group or any later one (their bounds are no higher) can reach the
k-th score, so none of them can enter the top k, whatever their key. Hence the result equals ranking
everyone, which ``tests/matching/test_ranking.py`` also checks against exhaustive scoring.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from app.matching.occupations import closest
from app.matching.scoring import OCCUPATION_POINTS, WEIGHTS, Match, commuting_minutes, neighbours

REST = WEIGHTS["skills"] + WEIGHTS["languages"] + WEIGHTS["availability"]
LOCATION_BOUND = {
    "chosen": WEIGHTS["location"],
    "open": WEIGHTS["location"] * 0.8,
    "near": WEIGHTS["location"] * 0.5,
    "none": WEIGHTS["location"] * 0.4,
    "far": 0,
    "unplaced": WEIGHTS["location"] / 2,
}


def occupation_tier(occupations: Iterable[str], wanted: str | None) -> str:
    """How close the closest of ``occupations`` is to ``wanted`` (``occupations.TIERS``)."""
    return closest(occupations, wanted)[1]


def location_class(need_municipality: str | None, places: Sequence[str], open_to_all: bool) -> str:
    """The class of a talent's places for a need's municipality (the SQL search computes the same)."""
    if need_municipality is None:
        return "unplaced"
    if need_municipality in places:
        return "chosen"
    if open_to_all:
        return "open"
    if any(commuting_minutes(code, need_municipality) is not None for code in places):
        return "near"
    return "far" if places else "none"


def bound(tier: str, location: str) -> float:
    return OCCUPATION_POINTS[tier] + LOCATION_BOUND[location] + REST


@dataclass
class Search:
    """What a search did: for the benchmark and for tests that prove it pruned."""

    groups: int = 0
    scored: int = 0


def top_k(groups: Iterable[tuple[float, Iterable[Sequence]]], score_batch: Callable[[Sequence], list[Match]],
          k: int) -> tuple[list[Match], Search]:
    """The k best matches, best first (equal scores by key).

    ``groups`` yields ``(bound, batches)`` with non-increasing bounds; ``batches`` yields lists of
    candidates, scored by ``score_batch``. Both are consumed lazily, so the caller's SQL for a group
    that cannot matter never runs.
    """
    held: list[Match] = []
    search = Search()
    previous = math.inf
    for group_bound, batches in groups:
        if group_bound > previous:
            raise ValueError("groups must come best bound first")
        previous = group_bound
        if _settled(held, k, group_bound):
            break
        search.groups += 1
        for batch in batches:
            if _settled(held, k, group_bound):
                break
            matches = score_batch(batch)
            search.scored += len(matches)
            held = sorted([*held, *matches], key=lambda m: (-m.score, m.key))[:k]
    return held, search


def _settled(held: list[Match], k: int, group_bound: float) -> bool:
    return k <= 0 or (len(held) >= k and held[k - 1].score > math.ceil(group_bound))


__all__ = ["LOCATION_BOUND", "REST", "Search", "bound", "location_class", "neighbours", "occupation_tier", "top_k"]
