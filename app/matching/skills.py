"""The skill vocabulary: Arbetsförmedlingen's JobTech Taxonomy skills (Swedish labels), offered as people
type. What someone types that is not in it is kept as typed; matching compares skills by their
normalised form (``talent.services.normalise_skill``), so a label chosen from the vocabulary is the same
skill for everyone who chose it."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import NamedTuple

from app.talent.services import normalise_skill

DATA = Path(__file__).parent / "data" / "skills.json"


class Skill(NamedTuple):
    id: str
    label: str
    groups: int  # how many occupations the Taxonomy relates it to
    key: str  # the label normalised for search


def listable(label: str) -> str:
    """A label as one item of a comma-separated list: the Taxonomy's "Abap, programmeringsspråk" would be
    two skills there, so it is offered as "Abap (programmeringsspråk)" ("A-certifikat (dykning – 40 m.)")."""
    first, *rest = [part.strip() for part in label.replace(";", ",").split(",")]
    rest = [part for part in rest if part]
    return f"{first} ({' – '.join(rest)})" if rest else first


@cache
def vocabulary() -> tuple[Skill, ...]:
    return tuple(Skill(i, shown, groups, normalise_skill(shown))
                 for i, label, groups in json.loads(DATA.read_text("utf-8")) for shown in [listable(label)])


def suggest(text: str, limit: int = 10) -> list[Skill]:
    """Skills whose label starts with ``text``, then those with a word starting with it, then those that
    contain it; each group by how many occupations ask for the skill, then by label."""
    wanted = normalise_skill(text)
    if not wanted:
        return []
    ranked = []
    for skill in vocabulary():
        if skill.key.startswith(wanted):
            place = 0
        elif f" {wanted}" in f" {skill.key}":
            place = 1
        elif wanted in skill.key:
            place = 2
        else:
            continue
        ranked.append((place, -skill.groups, skill.key, skill))
    return [row[-1] for row in sorted(ranked)[:limit]]
