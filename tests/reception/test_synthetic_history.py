"""The synthetic region has three years of history for the insights: registrations, cases with dated steps,
follow-ups, referrals and needs posted, filled and hired for, spread over the project period; gender and ages;
exactly the cases asked for; the same data from the same seed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from app.extensions import db


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_synthetic_region_has_a_history_over_the_project_period(app):
    from app.employers.models import CompetenceNeed, ContactRequest, Hire, Interest, NeedStatus
    from app.models import utcnow
    from app.reception.models import (
        Case,
        CaseEvent,
        CaseStatus,
        ClosingReason,
        FollowUp,
        FollowUpStatus,
        Referral,
    )
    from app.seed.synthetic import build_synthetic
    from app.talent.models import Gender, Household, HouseholdMember, PlanStep, Relation, StepStatus

    with app.app_context():
        counts = build_synthetic(talents=600, needs=20, seed=3, cases=400)
        start = datetime.combine(app.config["LANDA_PROJECT_START"], datetime.min.time(), tzinfo=UTC)
        now = utcnow()
        assert counts["cases"] == 400 == _count(Case)
        assert counts["past_needs"] == 80

        registered = [_aware(d) for d in db.session.scalars(select(Household.created_at))]
        assert min(registered) >= start and max(registered) <= now
        assert len({(d.year, d.month) for d in registered}) >= 24  # spread over the years, not one day
        opened = db.session.execute(select(Case.opened_at, Household.created_at).join(Household)).all()
        assert all(_aware(o) >= _aware(r) for o, r in opened)  # a case opens after the household registers

        genders = set(db.session.scalars(select(HouseholdMember.gender).where(
            HouseholdMember.relation == Relation.SELF)))
        assert {Gender.WOMAN, Gender.MAN, Gender.UNDISCLOSED, None} <= genders
        assert _count(HouseholdMember, HouseholdMember.relation == Relation.SELF,
                      HouseholdMember.birth_year.is_(None)) == 0
        assert _count(HouseholdMember, HouseholdMember.relation == Relation.CHILD) > 100

        # Every step has its date, in order: first contact after opening, arrival on the arrival day.
        steps = db.session.execute(select(CaseEvent.case_id, CaseEvent.to_status, CaseEvent.at)
                                   .order_by(CaseEvent.case_id, CaseEvent.id)).all()
        by_case: dict[int, list] = {}
        for case_id, status, at in steps:
            by_case.setdefault(case_id, []).append((status, _aware(at)))
        assert len(by_case) == 400
        assert all([a for _, a in history] == sorted(a for _, a in history) for history in by_case.values())
        arrivals = db.session.execute(select(Case.expected_arrival, CaseEvent.at).join(CaseEvent)
                                      .where(CaseEvent.to_status == CaseStatus.ARRIVED)).all()
        assert len(arrivals) > 100 and all(_aware(at).date() == day for day, at in arrivals)
        assert all(_aware(at) <= now for _, _, at in steps)
        assert _count(Case, Case.closing_reason == ClosingReason.LEFT_REGION)

        answered = db.session.execute(select(FollowUp.due_on, FollowUp.answered_at, FollowUp.trouble)
                                      .where(FollowUp.status == FollowUpStatus.ANSWERED)).all()
        assert answered and all(_aware(at).date() >= due for due, at, _ in answered)
        assert any(trouble for *_, trouble in answered) and not all(trouble for *_, trouble in answered)
        assert _count(FollowUp, FollowUp.status == FollowUpStatus.MISSED)
        assert _count(Referral, Referral.service_key == "sfi")
        assert _count(PlanStep, PlanStep.service_key == "population_registration", PlanStep.status == StepStatus.DONE)

        past = db.session.execute(select(CompetenceNeed.published_at, CompetenceNeed.closed_at)
                                  .where(CompetenceNeed.status.in_([NeedStatus.FILLED, NeedStatus.CLOSED]))).all()
        assert len(past) == 80 and all(start <= _aware(p) < _aware(c) <= now for p, c in past)
        hires = db.session.execute(select(Hire.created_at, CompetenceNeed.published_at, CompetenceNeed.closed_at)
                                   .join(CompetenceNeed)).all()
        assert hires and all(_aware(p) <= _aware(h) <= _aware(c) for h, p, c in hires)
        over = db.session.execute(select(Hire.need_id).join(CompetenceNeed)
                                  .group_by(Hire.need_id, CompetenceNeed.positions)
                                  .having(func.count() > CompetenceNeed.positions)).all()
        assert over == []
        assert _count(ContactRequest) >= len(hires) and _count(Interest)
        assert _count(CompetenceNeed, CompetenceNeed.status == NeedStatus.OPEN) == 20  # matching's needs as asked


def test_the_same_seed_makes_the_same_history(app):
    from app.reception.models import Case, CaseEvent
    from app.seed.synthetic import build_synthetic, remove_synthetic
    from app.talent.models import HouseholdMember

    def snapshot():
        return (db.session.execute(select(Case.municipality_code, Case.status, Case.opened_at).order_by(Case.id)).all(),
                db.session.execute(select(CaseEvent.to_status, CaseEvent.at).order_by(CaseEvent.id)).all(),
                db.session.execute(select(HouseholdMember.gender, HouseholdMember.birth_year)
                                   .order_by(HouseholdMember.id)).all())

    with app.app_context():
        build_synthetic(talents=120, needs=5, seed=8, cases=60)
        first = snapshot()
        remove_synthetic()
        assert _count(Case) == 0
        build_synthetic(talents=120, needs=5, seed=8, cases=60)
        again = snapshot()
    # Row ids move on, times are drawn relative to now: compare what was drawn, to the minute.
    def rounded(rows):
        return [tuple(v.replace(second=0, microsecond=0) if isinstance(v, datetime) else v for v in row)
                for row in rows]
    assert [len(part) for part in first] == [len(part) for part in again]
    assert rounded(first[2]) == rounded(again[2])
    assert [row[:2] for row in first[0]] == [row[:2] for row in again[0]]


def test_the_command_takes_the_number_of_cases(app, runner):
    from app.reception.models import Case

    result = runner.invoke(args=["seed", "synthetic", "--talents", "50", "--needs", "3", "--cases", "20"])
    assert result.exit_code == 0, result.output
    assert "20 cases" in result.output
    with app.app_context():
        assert _count(Case) == 20
