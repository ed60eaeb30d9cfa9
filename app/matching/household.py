"""Household fit by municipality: where would the whole family do well? Pure functions.

Each part is shown to the family: the best job for the newcomer, the best job for a partner who is
looking for work, schooling for the children, housing, and the household's own preferences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.matching.scoring import Component, Match, Reason

# The partner's job weighs almost as much as the newcomer's: it decides whether families stay.
# A job part is the best listed match's own score (the one every other page shows for that need).
PARTS = {"job": 35, "partner_job": 25, "schools": 10, "housing": 15, "preference": 15}
# A municipality must organise mother-tongue tuition when at least five pupils ask for a language.
MOTHER_TONGUE_PUPILS = 5
SCHOOL_AGES = range(6, 16)


@dataclass(frozen=True)
class HousingFacts:
    contacts: int = 0
    work_mover_bonus: bool = False
    without_personnummer: bool = False  # a route in before the personal identity number arrives


@dataclass(frozen=True)
class PlaceFit:
    municipality: str
    score: int
    parts: tuple[Component, ...]  # the same shape as a match's components
    best_need: object | None = None
    best_partner_need: object | None = None
    best_match: Match | None = None  # the need's match, as every other page shows it (its gaps too)
    best_partner_match: Match | None = None


def _schools(children_ages: Sequence[int], home_languages: Sequence[str], peers: Mapping[str, int]) -> Component:
    """Every municipality must offer preschool (1-5), school (6-15) and upper secondary (16-19): those
    give most of the points. The rest depends on mother-tongue tuition for each home language."""
    top = PARTS["schools"]
    if not children_ages:
        return Component("schools", top, top, (Reason.of("no_children"),))
    reasons = [Reason.of("schools_for_ages", ages=", ".join(map(str, sorted(children_ages))))]
    languages = sorted(set(home_languages))
    if not languages:
        return Component("schools", top, top, tuple(reasons))
    likely = 0
    for language in languages:
        pupils = peers.get(language, 0) + home_languages.count(language)
        likely += pupils >= MOTHER_TONGUE_PUPILS
        reasons.append(Reason.of("mother_tongue_likely" if pupils >= MOTHER_TONGUE_PUPILS else "mother_tongue_few",
                                 language=language, pupils=pupils))
    base = top * 0.6
    return Component("schools", base + (top - base) * likely / len(languages), top, tuple(reasons))


def household_fit(municipalities: Sequence[str], main: Mapping[str, Match],
                  partner: Mapping[str, Match] | None, children_ages: Sequence[int],
                  housing: Mapping[str, HousingFacts], preferences: Sequence[str], open_to_all: bool,
                  home_languages: Sequence[str] = (), peers: Mapping[str, Mapping[str, int]] | None = None,
                  ) -> list[PlaceFit]:
    """Municipalities, best first (ties by code).

    ``main[municipality]`` is the newcomer's best listed match among the open needs there (absent when
    there is none); ``partner`` the same for a partner looking for work (None: no such partner).

    ``home_languages`` are the school-age children's home languages other than Swedish, one per child;
    ``peers[municipality][language]`` counts the children with that home language in other households
    moving there, so that mother-tongue tuition (owed from five pupils) is likely or not.
    """
    fits = []
    for code in municipalities:
        best = main.get(code)
        parts = [Component("job", PARTS["job"] * (best.score if best else 0) / 100, PARTS["job"],
                           (Reason.of("best_job", score=best.score) if best else Reason.of("no_open_needs"),))]
        best_partner = None
        if partner is not None:
            best_partner = partner.get(code)
            parts.append(Component("partner_job", PARTS["partner_job"] * (best_partner.score if best_partner else 0)
                                   / 100, PARTS["partner_job"],
                                   (Reason.of("best_partner_job", score=best_partner.score) if best_partner
                                    else Reason.of("no_open_needs"),)))
        else:
            parts.append(Component("partner_job", PARTS["partner_job"], PARTS["partner_job"],
                                   (Reason.of("no_partner_seeking"),)))
        parts.append(_schools(children_ages, home_languages, (peers or {}).get(code, {})))
        h = housing.get(code, HousingFacts())
        housing_points = (0 if h.contacts == 0 else 8) + (4 if h.work_mover_bonus else 0) + (
            3 if h.without_personnummer else 0)
        parts.append(Component("housing", housing_points, PARTS["housing"],
                          (Reason.of("housing_contacts", count=h.contacts, bonus=h.work_mover_bonus),)))
        if code in preferences:
            rank = preferences.index(code) + 1
            pref, reason = max(0, PARTS["preference"] - 3 * (rank - 1)), Reason.of("your_choice", rank=rank)
        elif open_to_all:
            pref, reason = PARTS["preference"] / 2, Reason.of("open_to_all")
        else:
            pref, reason = 0, Reason.of("not_your_choice")
        parts.append(Component("preference", pref, PARTS["preference"], (reason,)))
        total = round(sum(p.points for p in parts))
        fits.append(PlaceFit(code, total, tuple(parts), best.key if best else None,
                             best_partner.key if best_partner else None, best, best_partner))
    return sorted(fits, key=lambda f: (-f.score, f.municipality))
