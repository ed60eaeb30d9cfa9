"""Benchmark: is the ranking one a recruiter would believe? Quality, not speed.

    .venv/bin/python benches/ranking.py                                  # embedded SQLite
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/landa_bench .venv/bin/python benches/ranking.py

Scores the hand-judged cases (``tests/matching/judged.py``) and the top 10 of a sample of synthetic
needs (the population ``flask seed synthetic`` makes; reseeded unless exactly ``--talents`` and
``--needs`` are there), and reports:

* **pairwise_agreement**: of every pair the judged cases order (a before b, including a before someone
  who must not be listed), the share the ranking orders the same way;
* **unrelated_in_top10**: listed matches, in the top 10 of every judged and sampled need, whose
  occupation is unrelated to the need's by the occupation table (``app.matching.occupations``),
  judged apart from the score;
* **hidden_gaps**: unmet requirements of those listed matches (each language below its minimum, each
  missing required skill, a salary under the work-permit floor for a talent from outside the EU/EEA,
  a start after the need's) that the explanation the pages show does not name. The requirements are
  found from the facts, not from the scoring, and the explanation is read as English text.

The last line is machine-readable:

    ranking: cases=<n> pairwise_agreement=<0..1> unrelated_in_top10=<n> hidden_gaps=<n>
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


def _level(value: str | None) -> int:
    return len(CEFR) if value == "native" else (CEFR.index(value) if value in CEFR else -1)


def listed(match) -> bool:
    return getattr(match, "listed", match.score > 0)


def unmet(talent, need) -> list[tuple[str, object]]:
    """The need's hard requirements the talent does not meet, from the facts alone."""
    found: list[tuple[str, object]] = []
    for code, level in sorted(need.min_levels.items()):
        if level in CEFR and _level(talent.languages.get(code)) < _level(level):
            found.append(("language", (code, level)))
    labels = getattr(need, "skill_labels", {}) or {}
    # A skill is met by the same words or a more specific skill around them ("plc programming": "plc").
    found += [("skill", labels.get(slug, slug)) for slug in sorted(need.required_skills)
              if not any(f" {slug} " in f" {skill} " for skill in talent.skills)]
    if (talent.citizenship == "other" and need.salary is not None and need.permit_threshold is not None
            and need.salary < need.permit_threshold):
        found.append(("salary", need.permit_threshold))
    if need.start_date and talent.available_from and talent.available_from > need.start_date:
        found.append(("late", None))
    return found


def named(requirement: tuple[str, object], lines: list[str]) -> bool:
    from babel import Locale

    kind, value = requirement
    text = [line.casefold() for line in lines]
    if kind == "language":
        code, level = value
        name = (Locale("en").languages.get(code) or code).casefold()
        return any(name in line and level.casefold() in line for line in text)
    if kind == "skill":
        return any(str(value).casefold() in line for line in text)
    if kind == "salary":
        return any("work-permit" in line for line in text)
    return any("after the start date" in line for line in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talents", type=int, default=5_000)
    parser.add_argument("--needs", type=int, default=300)
    parser.add_argument("--samples", type=int, default=100, help="synthetic needs whose top 10 is checked")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    from sqlalchemy import select

    from app import create_app
    from app.employers.models import CompetenceNeed, NeedStatus
    from app.extensions import db
    from app.matching import rank_talents as rank_in_memory
    from app.matching.adapters import need_facts, talents_by_person
    from app.matching.occupations import UNRELATED, closest
    from app.matching.services import rank_talents
    from app.matching.texts import explain
    from benches.population import ensure_population
    from tests.matching.judged import CASES

    app = create_app()
    # The explanation as an English reader of the API sees it.
    with app.app_context(), app.test_request_context("/api/v1/", headers={"Accept-Language": "en"}):
        ensure_population(args.talents, args.needs, args.seed)

        agree = pairs = 0
        checked: list[tuple[object, object, object]] = []  # (talent, need, match) of listed top-10 matches
        for case in CASES:
            ranked = rank_in_memory(case.order, case.need)
            position = {m.key: i if listed(m) else len(ranked) + i for i, m in enumerate(ranked)}
            expected = [t.key for t in case.order]
            for i, a in enumerate(expected):
                for b in expected[i + 1:]:
                    if a in case.unlisted and b in case.unlisted:
                        continue  # neither is shown: no order to judge
                    pairs += 1
                    agree += position[a] < position[b]
            by_key = {t.key: t for t in case.order}
            checked += [(by_key[m.key], case.need, m) for m in [m for m in ranked if listed(m)][:10]]

        rng = random.Random(args.seed)  # noqa: S311  # seeded sample of needs, not a secret
        ids = sorted(db.session.scalars(select(CompetenceNeed.id).where(CompetenceNeed.status == NeedStatus.OPEN)))
        sampled = 0
        for need_id in rng.sample(ids, min(args.samples, len(ids))):
            facts = need_facts(db.session.get(CompetenceNeed, need_id))
            matches, _search = rank_talents(facts, 10)
            matches = [m for m in matches if listed(m)]
            people = {t.key: t for t in talents_by_person([m.key[1] for m in matches])}
            checked += [(people[m.key], facts, m) for m in matches]
            sampled += 1
            db.session.rollback()

        unrelated = sum(closest(t.occupations, n.occupation)[1] == UNRELATED for t, n, _m in checked)
        hidden = 0
        for talent, need, match in checked:
            lines = explain(match)
            hidden += sum(not named(requirement, lines) for requirement in unmet(talent, need))
        agreement = agree / pairs if pairs else 1.0
        print(f"judged: {len(CASES)} cases, {pairs} ordered pairs, {agree} in the judged order")
        print(f"checked: {len(checked)} listed matches in the top 10 of {len(CASES)} judged and {sampled} "
              f"synthetic needs ({args.talents} newcomers, {len(ids)} open needs)")
        print(f"ranking: cases={len(CASES)} pairwise_agreement={agreement:.3f} unrelated_in_top10={unrelated} "
              f"hidden_gaps={hidden}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
