"""Matching: scores with reasons, as pure functions (no Flask, no database session).

``score(talent, need)`` gives 0–100 made of components (occupation, skills, languages, location,
availability), each with the reasons a person can read ("same occupation", "Swedish B1 required,
has A2"), plus flags that inform without hiding anyone (a salary too low for a work permit).
"""

from app.matching.scoring import (
    WEIGHTS,
    Component,
    Match,
    NeedFacts,
    Reason,
    TalentFacts,
    commuting_minutes,
    rank_talents,
    score,
)

__all__ = ["WEIGHTS", "Component", "Match", "NeedFacts", "Reason", "TalentFacts", "commuting_minutes",
           "rank_talents", "score"]
