"""Match lists kept between views: found once, then read; never stale (a change to the household, a need or
an organisation is a new key), and equal to finding them again."""

from __future__ import annotations

from sqlalchemy import select

from app.employers.models import CompetenceNeed
from app.extensions import db
from tests.employers.test_employers import _need
from tests.matching.test_matching_pages import _employer_with_open_need


def _count_rankings(monkeypatch) -> list[int]:
    from app.matching import services

    made: list[int] = []
    original = services.NeedPool.__init__

    def counting(self, *args, **kwargs):
        made.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(services.NeedPool, "__init__", counting)
    return made


def test_the_start_page_ranks_the_needs_once_then_reads_the_kept_list(app, client, newcomer, make_user, monkeypatch):
    _employer_with_open_need(app, make_user)
    made = _count_rankings(monkeypatch)
    first = client.get("/talent/").get_data(as_text=True)
    assert "Maintenance technician" in first and len(made) == 1
    again = client.get("/talent/").get_data(as_text=True)
    assert len(made) == 1  # read, not ranked again
    assert again.count("/100") == first.count("/100") and "Maintenance technician" in again
    client.get("/talent/places")
    client.get("/talent/places")
    assert len(made) == 2  # the comparison ranks once too


def test_a_new_need_and_a_changed_profile_are_seen_at_once(app, client, newcomer, make_user, monkeypatch):
    from app.employers.models import Organisation

    boss = _employer_with_open_need(app, make_user)
    assert "Maintenance technician" in client.get("/talent/").get_data(as_text=True)
    with app.app_context():
        organisation_id = db.session.scalar(select(Organisation.id))
    _need(boss, organisation_id, title="Automation technician for the new plant")
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id).where(CompetenceNeed.title.like("Automation%")))
    boss.post(f"/employers/needs/{need_id}/status", data={"status": "open"})
    assert "Automation technician for the new plant" in client.get("/talent/").get_data(as_text=True)

    # A nurse now: the technician needs are unrelated, so none is listed any more.
    client.post("/talent/profile/work", data={"occupations-0": "2221", "skills": "", "education": "bachelor",
                                              "years_experience": "8"})
    assert "Maintenance technician" not in client.get("/talent/").get_data(as_text=True)


def test_a_kept_list_is_what_ranking_again_finds(app, client, newcomer, make_user):
    from app.matching.kept import forget_all
    from app.matching.services import household_places, needs_for
    from app.talent.models import Household

    _employer_with_open_need(app, make_user)
    with app.app_context():
        profile = db.session.scalar(select(Household))
        kept_needs = needs_for(profile, [None])
        kept_places = household_places(profile)
        forget_all()
        fresh_needs = needs_for(profile, [None])
        fresh_places = household_places(profile)
    assert [[(n.id, m.score) for n, m in people] for people in kept_needs] == \
        [[(n.id, m.score) for n, m in people] for people in fresh_needs]
    assert kept_needs[0]
    assert [(f.municipality, f.score, f.best_need) for f in kept_places[0]] == \
        [(f.municipality, f.score, f.best_need) for f in fresh_places[0]]


def test_nothing_found_in_a_transaction_that_moved_a_version_is_kept(app, client, newcomer, make_user):
    """A rollback would give the moved number to the next change: what was found from it must not stay."""
    from app.matching.kept import household_key
    from app.talent.models import Household
    from app.talent.services import set_occupations

    _employer_with_open_need(app, make_user)
    with app.app_context():
        profile = db.session.scalar(select(Household))
        assert household_key(profile, None) is not None
        set_occupations(profile.me, ["2221"])
        db.session.flush()
        assert household_key(profile, None) is None  # moved here, not committed
        db.session.rollback()
        assert household_key(profile, None) is not None


def _count_searches(monkeypatch) -> list[int]:
    from app.matching import services

    made: list[int] = []
    original = services.rank_talents

    def counting(*args, **kwargs):
        made.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "rank_talents", counting)
    return made


def test_an_employers_list_is_searched_once_then_read_and_a_withdrawal_is_seen_at_once(
        app, client, newcomer, make_user, monkeypatch):
    boss = _employer_with_open_need(app, make_user)
    client.post("/talent/consents", data={"matching": "y"})
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
    made = _count_searches(monkeypatch)
    page = f"/employers/needs/{need_id}/candidates"
    first = boss.get(page).get_data(as_text=True)
    assert "Other talent that matches" in first and len(made) == 1
    again = boss.get(page).get_data(as_text=True)
    assert len(made) == 1 and again.count("/100") == first.count("/100")  # read, not searched again

    client.post("/talent/consents", data={})  # the newcomer withdraws: gone from the next view
    assert "Other talent that matches" not in boss.get(page).get_data(as_text=True)
    assert len(made) == 2


def test_a_kept_employers_list_is_what_searching_again_finds(app, client, newcomer, make_user):
    from app.matching.kept import forget_all
    from app.matching.services import talents_for

    _employer_with_open_need(app, make_user)
    client.post("/talent/consents", data={"matching": "y"})
    with app.app_context():
        need = db.session.scalar(select(CompetenceNeed))
        searched = [(p.member_id, p.match.score, p.match.gaps) for p in talents_for(need)]
        read = [(p.member_id, p.match.score, p.match.gaps) for p in talents_for(need)]
        forget_all()
        again = [(p.member_id, p.match.score, p.match.gaps) for p in talents_for(need)]
    assert searched and searched == read == again
