"""The outcome rows the funnel counts: rebuilt by a job, one per household; a page shows their age and waits
for the first rebuild; an erased household's row goes at once."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.insights import outcomes
from app.insights.models import HouseholdOutcome, OutcomeRefresh
from app.jobs.schedule import SCHEDULE
from app.privacy.erasure import erase_household
from app.talent.models import Household
from tests.conftest import TEST_REDIS_URL, run_jobs
from tests.insights.reception_crafted import SUNDSVALL, case, household

ARGS = {"start": "2025-01-01", "end": "2025-12-31", "lang": "en"}


def registered(html: str) -> str:
    funnel = html[html.index('id="funnel"'):html.index('id="by_month"')]
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', funnel)[0]


def test_a_rebuild_answers_each_stage_once_per_household(app):
    with app.app_context():
        family = household(created=date(2025, 3, 3), destination=SUNDSVALL,
                           members=(("woman", 1988), (None, 1987), (None, 2016)))
        case(SUNDSVALL, opened=date(2025, 3, 10), arrived=date(2025, 5, 2), profile=family)
        single = household(created=date(2025, 4, 3), members=(("undisclosed", 1999),))
        assert outcomes.refresh_outcomes() == 2
        assert outcomes.refresh_outcomes() == 2  # again: the same rows, not twice as many
        rows = {r.profile_id: r for r in db.session.scalars(select(HouseholdOutcome))}
        first, second = rows[family.id], rows[single.id]
        assert (first.month, first.household_type, first.gender, first.birth_year) == ("2025-03", "children",
                                                                                        "woman", 1988)
        assert first.municipality_code == SUNDSVALL and first.arrived and first.staying and first.arrived_at
        assert (second.household_type, second.arrived, second.municipality_code) == ("single", False, None)
        assert db.session.get(OutcomeRefresh, 1).households == 2
        db.session.rollback()


def test_the_page_counts_the_last_rebuild_and_says_when(app, client, login_as):
    with app.app_context():
        for _ in range(6):
            household(created=date(2025, 3, 3), destination=SUNDSVALL)
        db.session.commit()
        outcomes.refresh_outcomes_job()
        for _ in range(6):
            household(created=date(2025, 3, 4), destination=SUNDSVALL)
        db.session.commit()
    login_as("coordinator", locale="en")
    html = client.get("/insights/funnel", query_string=ARGS).get_data(as_text=True)
    assert registered(html) == "6"  # the six registered after the rebuild wait for the next one
    assert "Counted at <time" in html and "counted again every 15 minutes" in html
    with app.app_context():
        outcomes.refresh_outcomes_job()
    assert registered(client.get("/insights/funnel", query_string=ARGS).get_data(as_text=True)) == "12"


def test_the_first_view_waits_for_the_first_rebuild(app, client, login_as):
    with app.app_context():
        for _ in range(5):
            household(created=date(2025, 3, 3), destination=SUNDSVALL)
        db.session.commit()
    login_as("coordinator", locale="en")
    first = client.get("/insights/funnel", query_string=ARGS)
    if TEST_REDIS_URL:  # a worker rebuilds: the page says so, and asks to be read again
        assert first.status_code == 503 and first.headers["Retry-After"] == "60"
        assert "being counted for the first time" in first.get_data(as_text=True)
        run_jobs(app)
        first = client.get("/insights/funnel", query_string=ARGS)
    assert first.status_code == 200  # embedded: the job ran in this process when the request committed
    assert registered(first.get_data(as_text=True)) == "5"


def test_an_erased_households_row_goes_with_it(app):
    with app.app_context():
        profile = household(created=date(2025, 3, 3), members=(("woman", 1990),))
        db.session.commit()
        outcomes.refresh_outcomes_job()
        erase_household(profile.user)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(HouseholdOutcome)) == 0
        assert db.session.get(Household, profile.id) is not None  # the anonymised profile row stays


def test_the_rebuild_is_scheduled():
    (scheduled,) = [s for s in SCHEDULE if s.name == "insights-outcomes"]
    assert scheduled.func == "app.insights.jobs.count_outcomes_job"
    assert scheduled.cron == f"*/{outcomes.REFRESH_EVERY_MINUTES} * * * *"


def test_matched_is_a_need_at_the_matchings_closest_tier(app):
    """Arjun (7233, maintenance technician, consenting, Örnsköldsvik or Sundsvall) fits the 40 technicians in
    Örnsköldsvik; without consent, or with only a need in a place he did not choose, he is not matched."""
    from app.talent.models import ConsentKind
    from tests.factories import HouseholdFactory, NeedFactory

    with app.app_context():
        consenting = HouseholdFactory(consents=[ConsentKind.MATCHING])
        declining = HouseholdFactory(full_name="Priya Kumar", consents=[])
        elsewhere = HouseholdFactory(full_name="Ravi Iyer", consents=[ConsentKind.MATCHING], places=("2262",))
        NeedFactory()  # 7233 in Örnsköldsvik (2284)
        db.session.flush()
        outcomes.refresh_outcomes()
        rows = list(db.session.scalars(select(HouseholdOutcome)))
        assert {r.profile_id: r.matched for r in rows} == {consenting.id: True, declining.id: False,
                                                           elsewhere.id: False}
        assert {r.groups for r in rows} == {"7"}  # 7233: SSYK major group 7
        db.session.rollback()


def test_a_household_counts_in_each_of_its_occupation_groups():
    from app.insights import funnel

    stages = [0] * (len(funnel.STAGES) - 1)
    rows = [("27", 3, *stages), ("", 2, *stages)]
    totals = funnel._sum_by(rows, "groups", ("groups",))
    assert {key: counts[0] for key, counts in totals.items()} == {"2": 3, "7": 3, None: 2}
    assert funnel._sum_by(rows, None, ("groups",))[None][0] == 5  # the page's total counts each household once


def test_the_job_draws_the_usual_charts_ahead_of_their_readers(app, client, login_as, monkeypatch):
    from app.insights import jobs, views

    with app.app_context():
        for _ in range(6):
            household(created=date(2025, 3, 3), destination=SUNDSVALL)
        db.session.commit()
        assert jobs.count_outcomes_job() == 6
    monkeypatch.setattr(views, "svg", lambda *a, **k: pytest.fail("a chart was drawn while the reader waited"))
    for role, place in (("coordinator", None), ("officer", SUNDSVALL)):
        for lang in ("sv", "en"):
            login_as(role, locale=lang, municipality_code=place)
            page = client.get("/insights/funnel", query_string={"lang": lang})
            assert page.status_code == 200 and "<svg" in page.get_data(as_text=True)
    # Another period is drawn when it is asked for.
    monkeypatch.undo()
    login_as("coordinator", locale="en")
    assert "<svg" in client.get("/insights/funnel", query_string={"start": "2025-03-01"}).get_data(as_text=True)
