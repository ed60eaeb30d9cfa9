"""The pruned search gives exactly the exhaustive ranking, and the bounds it prunes with hold."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.employers.models import CompetenceNeed
from app.extensions import db
from app.matching import NeedFacts, TalentFacts, score
from app.matching.ranking import bound, location_class, occupation_tier, top_k
from app.matching.scoring import CEFR, OCCUPATION_POINTS

CODES = ["7233", "7231", "7213", "7411", "7412", "7126", "3113", "3114", "3115", "2142", "2144", "8121", "5321",
         "2221", "2222", "9999"]
PLACES = ["2260", "2262", "2280", "2281", "2282", "2283", "2284", "2132", "2184", "2161"]
SKILLS = ["welding", "hydraulics", "plc programming", "forklift", "python", "first aid"]
LEVELS = [None, *CEFR, "native"]
START = date(2027, 3, 1)


def _talent(rng: random.Random, key: int) -> TalentFacts:
    return TalentFacts(
        key=key,
        occupations=tuple(rng.sample(CODES, rng.randint(0, 2))),
        skills=frozenset(rng.sample(SKILLS, rng.randint(0, 4))),
        languages={code: level for code in ("sv", "en") if (level := rng.choice(LEVELS))},
        municipalities=tuple(rng.sample(PLACES, rng.randint(0, 3))),
        open_to_all=rng.random() < 0.2,
        available_from=rng.choice([None, START + timedelta(days=rng.randint(-60, 240))]),
        citizenship=rng.choice([None, "nordic", "eu_eea", "other"]),
    )


def _need(rng: random.Random, key: int) -> NeedFacts:
    return NeedFacts(
        key=key,
        occupation=rng.choice([None, *CODES]),
        required_skills=frozenset(rng.sample(SKILLS, rng.randint(0, 3))),
        nice_skills=frozenset(rng.sample(SKILLS, rng.randint(0, 2))),
        min_levels={code: level for code in ("sv", "en") if (level := rng.choice([None, *CEFR]))},
        municipality=rng.choice([None, *PLACES]),
        start_date=rng.choice([None, START]),
        salary=rng.choice([None, 26000, 40000]),
        permit_threshold=28480,
    )


def _python_groups(talents, need, batch=7):
    """Groups as a caller without a database would build them: by exact bound, best first."""
    by_bound: dict[float, list[TalentFacts]] = {}
    for talent in talents:
        place = location_class(need.municipality, talent.municipalities, talent.open_to_all)
        by_bound.setdefault(bound(occupation_tier(talent.occupations, need.occupation), place), []).append(talent)
    for value in sorted(by_bound, reverse=True):
        members = by_bound[value]
        yield value, (members[i:i + batch] for i in range(0, len(members), batch))


def test_no_talent_scores_above_its_bound():
    rng = random.Random(5)
    for i in range(3000):
        talent, need = _talent(rng, i), _need(rng, i)
        place = location_class(need.municipality, talent.municipalities, talent.open_to_all)
        limit = bound(occupation_tier(talent.occupations, need.occupation), place)
        assert score(talent, need).score <= math.ceil(limit), (talent, need)


@pytest.mark.parametrize("seed", range(6))
def test_pruned_top_k_equals_exhaustive_ranking(seed):
    rng = random.Random(seed)
    talents = [_talent(rng, i) for i in range(400)]
    for j in range(15):
        need = _need(rng, j)
        exhaustive = sorted((score(t, need) for t in talents), key=lambda m: (-m.score, m.key))
        def scorer(batch, need=need):
            return [score(t, need) for t in batch]

        for k in (1, 5, 20):
            pruned, search = top_k(_python_groups(talents, need), scorer, k)
            assert [(m.key, m.score) for m in pruned] == [(m.key, m.score) for m in exhaustive[:k]]
            assert search.scored <= len(talents)


def test_the_search_stops_early_when_the_best_are_clear():
    need = NeedFacts(key=1, occupation="7233", municipality="2284")
    best = [TalentFacts(key=i, occupations=("7233",), municipalities=("2284",)) for i in range(3)]
    others = [TalentFacts(key=100 + i, occupations=("2142",), municipalities=("2281",)) for i in range(50)]
    pruned, search = top_k(_python_groups(best + others, need), lambda batch: [score(t, need) for t in batch], 3)
    assert [m.key for m in pruned] == [0, 1, 2] and search.scored == 3


def test_groups_must_come_best_bound_first():
    with pytest.raises(ValueError):
        top_k([(50.0, [[1]]), (60.0, [[2]])], lambda batch: [], 1)


# --- the database search ---------------------------------------------------------------------------------

@pytest.fixture
def population(app):
    from app.seed.synthetic import build_synthetic

    with app.app_context():
        build_synthetic(talents=300, needs=40, seed=11)
    return app


def test_database_search_equals_exhaustive_scoring_for_every_need(population):
    from app.matching.adapters import need_facts
    from app.matching.services import listed_people, rank_all_talents, rank_talents

    with population.app_context():
        listed = len(db.session.scalars(listed_people()).all())
        scored = []
        for need in db.session.scalars(select(CompetenceNeed).order_by(CompetenceNeed.id)):
            facts = need_facts(need)
            pruned, search = rank_talents(facts)
            exhaustive = rank_all_talents(facts)
            assert [(m.key, m.score) for m in pruned] == [(m.key, m.score) for m in exhaustive], need.title
            scored.append(search.scored)
    assert listed > 100 and sorted(scored)[len(scored) // 2] < listed / 2  # it pruned
    with population.app_context():  # partners are talents of their own, and some of them rank
        from app.talent.models import HouseholdMember, Relation

        partners = set(db.session.scalars(select(HouseholdMember.id)
                                          .where(HouseholdMember.relation == Relation.PARTNER)))
        assert partners & set(db.session.scalars(listed_people()))


def test_database_bounds_hold_for_every_listed_newcomer(population):
    """The SQL bound of each newcomer (as ranking.bound with the finer terms) is never below the score."""
    from app.matching.adapters import need_facts, talents_by_person
    from app.matching.models import TalentCard
    from app.matching.services import _rest_bound, listed_people

    with population.app_context():
        for need in db.session.scalars(select(CompetenceNeed).order_by(CompetenceNeed.id).limit(12)):
            facts = need_facts(need)
            rest = dict(db.session.execute(listed_people().add_columns(_rest_bound(facts, TalentCard))).all())
            for talent in talents_by_person(list(rest)):
                tier = occupation_tier(talent.occupations, facts.occupation)
                limit = OCCUPATION_POINTS[tier] + float(rest[talent.key[1]])
                assert score(talent, facts).score <= max(0, math.ceil(limit)), talent  # 0: never listed


def test_sql_place_class_is_the_python_one(population):
    from app.matching.adapters import talents_by_person
    from app.matching.models import TalentCard
    from app.matching.services import _place, listed_people

    labels = {name: name for name in ("chosen", "open", "near", "none", "far", "unplaced")}
    with population.app_context():
        for code in ("2284", "2281", "2262", None):
            classes = dict(db.session.execute(listed_people().add_columns(_place(code, labels, TalentCard))).all())
            for talent in talents_by_person(list(classes)):
                assert classes[talent.key[1]] == location_class(code, talent.municipalities, talent.open_to_all)


def test_needs_for_a_talent_equal_exhaustive_scoring(population):
    from dataclasses import replace

    from app.matching.adapters import talents_by_person
    from app.matching.services import NeedPool, listed_people

    with population.app_context():
        pool = NeedPool()
        everything = pool.facts([row.id for row in pool.rows])
        for talent in talents_by_person(db.session.scalars(listed_people().limit(40)).all()):
            exhaustive = sorted((m for n in everything if (m := replace(score(talent, n), key=n.key)).listed),
                                key=lambda m: (-m.score, m.key))[:5]
            assert [(m.key, m.score) for m in pool.best(talent, 5)] == [(m.key, m.score) for m in exhaustive]


def test_bulk_facts_equal_the_profile_facts(app, newcomer):
    from app.matching.adapters import talent_facts, talents_by_person
    from app.talent.models import Household

    with app.app_context():
        profile = db.session.scalar(select(Household))
        assert talents_by_person([profile.me.id]) == [talent_facts(profile)]
        from datetime import date

        from app.talent.models import LanguageLevel, Moving, Relation
        from app.talent.services import save_member

        partner = save_member(profile, None, relation=Relation.PARTNER, first_name="Meera", birth_year=1990,
                              home_language=None, moving=Moving.LATER, follows_on=date(2027, 6, 1), seeking_work=True,
                              occupation_codes=["2221"], swedish_level=LanguageLevel.A2, english_level=None)
        db.session.commit()
        assert talents_by_person([partner.id]) == [talent_facts(profile, partner)]


def test_withdrawing_consent_takes_a_newcomer_off_the_list(app, newcomer):
    from app.matching.services import listed_people
    from app.talent.models import ConsentKind, Household
    from app.talent.services import set_consents

    with app.app_context():
        profile = db.session.scalar(select(Household))
        set_consents(profile, {ConsentKind.MATCHING: True})
        db.session.commit()
        assert db.session.scalars(listed_people()).all() == [profile.me.id]
        set_consents(profile, {ConsentKind.MATCHING: False})
        db.session.commit()
        assert db.session.scalars(listed_people()).all() == []


def _bench(name: str, tmp_path=None, monkeypatch=None):
    """``benches/<name>.py`` as a module; with ``tmp_path``, its database is a new SQLite file there."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(f"bench_{name}",
                                                  Path(__file__).resolve().parents[2] / "benches" / f"{name}.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    if tmp_path is not None:
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bench.sqlite3'}")
        monkeypatch.setenv("LANDA_INSTANCE_PATH", str(tmp_path))
        monkeypatch.delenv("REDIS_URL", raising=False)
    return bench


def test_the_benchmark_runs_and_reports_identical_results(tmp_path, monkeypatch, capsys):
    bench = _bench("matching", tmp_path, monkeypatch)
    assert bench.main(["--talents", "120", "--needs", "15", "--samples", "6", "--baseline", "3"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("matching: speedup_vs_exhaustive=") and "identical_top20=true talents=120" in last


def test_the_ranking_benchmark_finds_no_unrelated_match_and_no_hidden_gap(tmp_path, monkeypatch, capsys):
    bench = _bench("ranking", tmp_path, monkeypatch)
    assert bench.main(["--talents", "150", "--needs", "20", "--samples", "10"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("ranking: cases=") and last.endswith(
        "pairwise_agreement=1.000 unrelated_in_top10=0 hidden_gaps=0"), last


def test_the_ranking_benchmark_sees_gaps_an_explanation_hides():
    """The yardstick itself: a gap left out of the lines counts, one named does not."""
    bench = _bench("ranking")
    need = NeedFacts(key=1, occupation="7233", min_levels={"sv": "B1", "en": "B2"},
                     required_skills=frozenset({"plc"}), start_date=START)
    talent = TalentFacts(key=1, occupations=("7233",), languages={"en": "B1"},
                         available_from=START + timedelta(days=30))
    requirements = bench.unmet(talent, need)
    assert [kind for kind, _value in requirements] == ["language", "language", "skill", "late"]
    lines = ["Swedish B1 required, not listed", "Missing required skill: plc"]
    assert [bench.named(r, lines) for r in requirements] == [False, True, True, False]


def test_cards_follow_every_change_to_the_profile(app, newcomer):
    from app.matching.adapters import talent_facts
    from app.matching.cards import joined
    from app.matching.models import TalentCard
    from app.talent.models import Household, LanguageLevel
    from app.talent.services import save_languages, save_places

    def card_and_facts():
        db.session.expire_all()
        profile = db.session.scalar(select(Household))
        return db.session.get(TalentCard, profile.me.id), talent_facts(profile), profile

    with app.app_context():
        card, facts, profile = card_and_facts()
        assert card.places == joined(facts.municipalities) and card.skills == joined(sorted(facts.skills))
        assert (card.swedish, card.english) == (facts.languages.get("sv"), facts.languages.get("en"))
        save_places(profile, ranked_codes=["2262", "2281"], open_to_all=True)
        save_languages(profile, {"sv": LanguageLevel.B1, "en": LanguageLevel.C1})
        db.session.commit()
        card, facts, _profile = card_and_facts()
        assert card.places == "|2262|2281|" and card.open_to_all and card.swedish == "B1" and card.english == "C1"
        from app.matching.models import TalentCardOccupation

        [per_occupation] = db.session.scalars(select(TalentCardOccupation)).all()  # Arjun: 7233
        assert per_occupation.occupation_code == facts.occupations[0] == "7233"
        assert (per_occupation.places, per_occupation.swedish, per_occupation.skills) == (
            card.places, card.swedish, card.skills)
        db.session.delete(db.session.scalar(select(Household)))
        db.session.commit()
        assert db.session.scalar(select(TalentCard)) is None


def test_a_partner_looking_for_work_has_a_card_of_their_own(app, newcomer):
    from app.matching.adapters import talent_facts
    from app.matching.cards import joined
    from app.matching.models import TalentCard, TalentCardOccupation
    from app.talent.models import Household, LanguageLevel, Moving, Relation
    from app.talent.partner import decide_listing
    from app.talent.services import save_member

    with app.app_context():
        profile = db.session.scalar(select(Household))
        partner = save_member(profile, None, relation=Relation.PARTNER, first_name="Meera", birth_year=1990,
                              home_language=None, moving=Moving.NOW, follows_on=None, seeking_work=True,
                              occupation_codes=["2221"], swedish_level=None, english_level=LanguageLevel.C1)
        db.session.commit()
        card = db.session.get(TalentCard, partner.id)
        facts = talent_facts(profile, partner)
        assert card.profile_id == profile.id and not card.matching_consent  # not before they decide
        assert card.places == joined(facts.municipalities) and card.skills == "" and card.english == "C1"
        assert db.session.scalars(select(TalentCardOccupation.occupation_code)
                                  .where(TalentCardOccupation.member_id == partner.id)).all() == ["2221"]
        decide_listing(partner, True)
        db.session.commit()
        assert db.session.get(TalentCard, partner.id).matching_consent
        assert not db.session.get(TalentCard, profile.me.id).matching_consent  # the newcomer's is theirs
        partner.seeking_work = False  # no longer looking: no card, whatever they decided
        db.session.commit()
        assert db.session.get(TalentCard, partner.id) is None
