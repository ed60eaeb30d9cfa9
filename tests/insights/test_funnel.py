"""The outcome funnel and the arrival cohorts: stage counts agree with crafted rows, filters narrow them, small
cells are withheld, an officer sees only their municipality."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.insights import cohorts, funnel, outcomes
from app.insights.filters import Filters, Scope
from app.reception.models import CaseStatus, ClosingReason, FollowUp, FollowUpStatus, Housing
from app.talent.models import PlanStep, StepStatus
from tests.insights.reception_crafted import ORNSKOLDSVIK, SUNDSVALL, at, case, household

REGION = Scope(role="coordinator")
PERIOD = Filters(start=date(2024, 2, 1), end=date(2025, 12, 31))
STEPS = ["about", "languages", "work", "places", "move"]
FAMILY = ((None, 1990), (None, 1991), (None, 2015))  # the newcomer (35 at the end of 2025), a partner, a child


@pytest.fixture
def en(app):
    with app.test_request_context("/"), force_locale("en"):
        yield
        db.session.remove()


@pytest.fixture
def region(en):
    """20 households registered in March 2024 heading to Sundsvall: 14 completed the profile (the 6 families among
    them), 12 arrived on 1 May 2024; of these 6 registered in the population register, 6 answered a 12-month
    follow-up "a home of our own", 5 left the region a month after arriving. And 6 heading to Örnsköldsvik."""
    arrived = []
    for n in range(20):
        profile = household(created=date(2024, 3, 5), destination=SUNDSVALL, members=FAMILY if n < 6 else
                            ((None, 1980),))
        if n < 14:
            profile.completed_steps = list(STEPS)
        if n < 12:
            leaves = n >= 7
            made = case(SUNDSVALL, opened=date(2024, 3, 20), arrived=date(2024, 5, 1),
                        closed=date(2024, 6, 1) if leaves else None, reason=ClosingReason.LEFT_REGION,
                        profile=profile)
            arrived.append((profile, made))
            if n < 6:
                db.session.add(PlanStep(profile_id=profile.id, service_key=outcomes.POPULATION_REGISTER, position=1,
                                        status=StepStatus.DONE))
                db.session.add(FollowUp(case_id=made.id, offset_days=365, due_on=date(2025, 5, 1),
                                        status=FollowUpStatus.ANSWERED, answered_at=at(date(2025, 5, 2)),
                                        housing=Housing.PERMANENT, settled=4))
    for _ in range(6):
        household(created=date(2024, 3, 6), destination=ORNSKOLDSVIK)
    db.session.flush()
    return arrived


def built(scope: Scope, filters: Filters):
    """The funnel's figures, counted from the outcome rows rebuilt just now (as the job does)."""
    outcomes.refresh_outcomes()
    return funnel.build(scope, filters)


def stages(figures) -> dict[str, int | None]:
    first = next(f for f in figures if f.key == "funnel")
    return dict(zip(funnel.STAGES, [row[1] for row in first.rows], strict=True))


def test_the_funnel_counts_each_stage(region):
    counted = stages(built(REGION, PERIOD.with_(municipality=SUNDSVALL)))
    assert counted == {"registered": 20, "profile": 14, "matched": 0, "contacted": 0, "hired": 0, "arrived": 12,
                       "population_register": 6, "housed": 6, "stayed": 7}
    assert stages(built(REGION, PERIOD))["registered"] == 26  # the whole region


def test_filters_narrow_the_funnel(region):
    families = stages(built(REGION, PERIOD.with_(household="children")))
    assert families["registered"] == 6 and families["arrived"] == 6 and families["population_register"] == 6
    # Born 1990 (the families and Örnsköldsvik's six): 35 at the end of 2025; born 1980: 45.
    assert stages(built(REGION, PERIOD.with_(age_band="35_44")))["registered"] == 12
    assert stages(built(REGION, PERIOD.with_(age_band="45_54")))["registered"] == 14
    nobody = stages(built(REGION, PERIOD.with_(basis="student")))
    assert nobody["registered"] == 0
    before = stages(built(REGION, PERIOD.with_(end=date(2024, 3, 5))))  # registered on the last day counts
    assert before["registered"] == 20


def test_an_officer_sees_only_their_municipality(region):
    officer = Scope(role="officer", municipality=ORNSKOLDSVIK)
    assert stages(built(officer, PERIOD))["registered"] == 6
    assert stages(built(officer, PERIOD.with_(municipality=SUNDSVALL)))["registered"] == 6


def test_breakdowns_add_up_and_small_cells_are_withheld(region):
    figures = {f.key: f for f in built(REGION, PERIOD)}
    types = {row[0]: row[1:] for row in figures["by_household"].rows}
    assert types["With children"][0] == 6 and types["Single adult"][0] == 20
    places = {row[0]: row for row in figures["by_municipality"].rows}
    assert places["Sundsvall"][1] == 20 and places["Örnsköldsvik"][1] == 6
    march = next(row for row in figures["by_month"].rows if row[0] == date(2024, 3, 1))
    assert march[1] == 26
    # Families: 6 registered, 6 arrived; singles: 14 registered, 8 complete... every column with one withheld cell
    # has a second one withheld.
    for figure in figures.values():
        for c in range(1, len(figure.columns)):
            column = [row[c] for row in figure.rows]
            assert column.count(None) != 1, (figure.key, c, figure.rows)


def test_a_small_funnel_withholds_a_stage_a_few_below_the_one_before(en):
    for n in range(9):
        profile = household(created=date(2024, 3, 5), destination=SUNDSVALL)
        profile.completed_steps = list(STEPS) if n < 7 else []  # 9 registered, 7 complete: 2 did not
    db.session.flush()
    counted = stages(built(REGION, PERIOD))
    assert counted["registered"] == 9 and counted["profile"] is None  # 9 - 7 = 2 would show two households


def test_cohorts_count_who_is_still_here(region):
    (figure,) = cohorts.build(REGION, PERIOD)
    may = next(row for row in figure.rows if row[0] == date(2024, 5, 1))
    keys = [c.key for c in figure.columns]
    values = dict(zip(keys, may, strict=True))
    assert values["arrived"] == 12
    assert values["stayed_3"] == values["stayed_6"] == values["stayed_12"] == 7  # five left after a month
    assert values["share_12"] == pytest.approx(7 / 12)
    assert "12 households arrived" in figure.summary


def test_cohorts_follow_the_officers_municipality(region):
    (figure,) = cohorts.build(Scope(role="officer", municipality=ORNSKOLDSVIK), PERIOD)
    assert all(row[1] in (0, None) for row in figure.rows)


def test_a_month_not_yet_long_enough_ago_is_not_yet_counted(en):
    from app.models import today

    recent = date(today().year, today().month, 1)
    for _ in range(6):
        case(SUNDSVALL, opened=recent, arrived=recent)
    db.session.flush()
    (figure,) = cohorts.build(REGION, Filters(start=recent, end=today()))
    row = figure.rows[0]
    assert row[1] == 6 and row[4] == "not yet" and row[7] is None
    assert CaseStatus.ARRIVED  # the crafted cases are open: the 3-month column waits too
    assert row[2] == "not yet"
