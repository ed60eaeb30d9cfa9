"""The personal arrival plan: which steps apply to a household, why, in which order and when.

Pure functions (no Flask, no database session): the caller hands in the household and the
services catalogue as plain values and gets plan items back. Reasons are keys with parameters,
rendered in the reader's language by the view, so the plan itself is language-neutral.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.explained import Reason

# SSYK 2012 unit groups whose holders need a Swedish licence or a recognised qualification
# before they may work in the occupation (Socialstyrelsen, Skolverket, Elsäkerhetsverket...).
REGULATED_OCCUPATIONS = frozenset({
    # Socialstyrelsen's licences (legitimation): physicians, nurses and midwives, psychologists,
    # dentists, physiotherapists, occupational therapists, pharmacists, dieticians, audiologists and
    # speech therapists, opticians, chiropractors, biomedical analysts, prescriptionists, dental hygienists.
    "2211", "2212", "2213", "2219",
    "2221", "2222", "2223", "2224", "2225", "2226", "2227", "2228",
    "2231", "2232", "2233", "2234", "2235", "2239",
    "2241", "2242", "2260", "2271", "2272", "2273", "2281", "2282", "2283", "2284",
    "3212", "3213", "3250",
    # Skolverket's teacher certification (lärarlegitimation).
    "2320", "2330", "2341", "2342", "2343", "2351",
    # Elsäkerhetsverket's authorisation for electrical installation work.
    "7411", "7412",
})
# Service prerequisites that name a condition rather than another step, and the step that
# brings the condition about. Conditions with no step (a passport) stay as notes.
CONDITION_STEPS = {
    "personnummer": ("population_registration",),
    "resident": ("population_registration",),
    "residence_permit_if_non_eu": ("work_permit", "family_permit", "temporary_protection", "research_study_permit"),
}
# How long a personal identity number usually takes after the visit to Skatteverket.
PERSONNUMMER_WAIT = timedelta(weeks=4)
PHASES = ("before_arrival", "week_1", "month_1", "month_1_3", "month_1_6", "month_3")
# When, relative to the arrival date, a step of each phase is suggested.
PHASE_OFFSET = {
    "before_arrival": timedelta(days=-60),
    "week_1": timedelta(days=2),
    "month_1": timedelta(days=14),
    "month_1_3": timedelta(days=45),
    "month_1_6": timedelta(days=60),
    "month_3": timedelta(days=90),
}
SWEDISH_SFI_LIMIT = "B1"  # SFI is for people without basic Swedish; from B1 on it is not needed
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


class Citizenship(enum.StrEnum):
    NORDIC = "nordic"
    EU_EEA = "eu_eea"
    OTHER = "other"


class ResidenceBasis(enum.StrEnum):
    """On what grounds a person may live in Sweden: it decides which permit steps their plan has."""

    SWEDISH = "swedish"  # a Swedish citizen (returning, or a partner)
    NORDIC = "nordic"  # a Nordic citizen: no permit, registers on arrival
    EU_WORK = "eu_work"  # an EU/EEA citizen who works here: right of residence, no permit
    EU_SEEKING = "eu_seeking"  # an EU/EEA citizen who comes to look for work: right of residence while looking
    WORK_PERMIT = "work_permit"  # a work permit (Migrationsverket)
    FAMILY_PERMIT = "family_permit"  # a residence permit as the family of someone who lives here
    TEMPORARY_PROTECTION = "temporary_protection"  # the EU's Temporary Protection Directive (Ukraine)
    RESEARCHER = "researcher"  # a residence permit for research
    STUDENT = "student"  # a residence permit for studies


EU_BASES = frozenset({ResidenceBasis.EU_WORK, ResidenceBasis.EU_SEEKING})
# Which bases fit the citizenship the main applicant gave (a Nordic citizen needs no work permit...).
BASES_FOR = {
    Citizenship.NORDIC: frozenset({ResidenceBasis.NORDIC, ResidenceBasis.SWEDISH}),
    Citizenship.EU_EEA: EU_BASES | {ResidenceBasis.SWEDISH},
    Citizenship.OTHER: frozenset({ResidenceBasis.WORK_PERMIT, ResidenceBasis.FAMILY_PERMIT,
                                  ResidenceBasis.TEMPORARY_PROTECTION, ResidenceBasis.RESEARCHER,
                                  ResidenceBasis.STUDENT, ResidenceBasis.SWEDISH}),
}


def assumed_basis(citizenship: Citizenship | None, relation: str, has_job: bool) -> ResidenceBasis | None:
    """The basis a person most likely has when the household has not said: the main applicant's from their
    citizenship and job, a partner's or child's the family's of a permit holder (or the same right as an EU
    citizen's)."""
    if citizenship == Citizenship.NORDIC:
        return ResidenceBasis.NORDIC
    if citizenship == Citizenship.EU_EEA:
        return ResidenceBasis.EU_WORK if has_job or relation != "self" else ResidenceBasis.EU_SEEKING
    if citizenship == Citizenship.OTHER:
        return ResidenceBasis.WORK_PERMIT if relation == "self" else ResidenceBasis.FAMILY_PERMIT
    return None


@dataclass(frozen=True)
class Person:
    """Someone in the household who is moving now or later."""

    name: str
    relation: str  # "self", "partner" or "child"
    birth_year: int | None = None
    home_language: str | None = None
    swedish_level: str | None = None  # CEFR level, None when they have no Swedish
    occupations: tuple[str, ...] = ()  # SSYK codes
    seeking_work: bool = False
    arrives: date | None = None  # later than the household's arrival for those following later
    basis: ResidenceBasis | None = None  # None: not known (no citizenship given)

    def age_in(self, year: int) -> int | None:
        return None if self.birth_year is None else year - self.birth_year


@dataclass(frozen=True)
class HouseholdFacts:
    """What the plan's rules know of a household (built from a ``Household`` row by the services)."""

    main: Person
    citizenship: Citizenship | None
    members: tuple[Person, ...] = ()  # partner and children who move (now or later)
    arrival: date | None = None
    job_start: date | None = None
    has_job: bool = False
    offer_salary: int | None = None  # the monthly salary of the job offer, when the household gave it
    permit_salary_floor: int | None = None  # the work-permit minimum (a setting: 80 % of the median salary)

    @property
    def movers(self) -> tuple[Person, ...]:
        return (self.main, *self.members)

    @property
    def partner(self) -> Person | None:
        return next((m for m in self.members if m.relation == "partner"), None)

    @property
    def children(self) -> tuple[Person, ...]:
        return tuple(m for m in self.members if m.relation == "child")


@dataclass(frozen=True)
class ServiceDef:
    key: str
    phase: str
    order: int
    applies_to: str
    prerequisites: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanItem:
    key: str
    phase: str
    reasons: tuple[Reason, ...]
    prerequisites: tuple[str, ...]  # keys of earlier steps in this plan
    conditions: tuple[str, ...]  # prerequisites that are not steps (a passport, an address)
    suggested_date: date | None = None


@dataclass
class _Draft:
    service: ServiceDef
    reasons: list[Reason] = field(default_factory=list)


def _below(level: str | None, limit: str) -> bool:
    return level is None or level not in CEFR or CEFR.index(level) < CEFR.index(limit)


def _age_reasons(children: Iterable[Person], year: int, low: int, high: int) -> list[Reason]:
    return [
        Reason.of("child_age", name=c.name, age=age)
        for c in children
        if (age := c.age_in(year)) is not None and low <= age <= high
    ]


def basis_of(household: HouseholdFacts, person: Person) -> ResidenceBasis | None:
    """The person's residence basis as the household gave it, else as its citizenship and job suggest."""
    return person.basis or assumed_basis(household.citizenship, person.relation, household.has_job)


def reasons_for(service: ServiceDef, household: HouseholdFacts, year: int) -> list[Reason]:
    """Why ``service`` applies to ``household`` (empty: it does not apply)."""
    rule = service.applies_to
    h = household
    if rule == "all" and service.key == "population_registration":
        # Everyone registers, in person: those who follow later do it when they come; a person with temporary
        # protection only after two years with the permit (Migrationsverket; prop. 2023/24:151).
        return [Reason.of("everyone")] + [
            Reason.of("registers_on_arrival", name=m.name, date=m.arrives.isoformat())
            for m in h.members if m.arrives and (h.arrival is None or m.arrives > h.arrival)
        ] + [Reason.of("registers_after_protection", name=p.name) for p in h.movers
             if basis_of(h, p) == ResidenceBasis.TEMPORARY_PROTECTION]
    if rule == "all":
        return [Reason.of("everyone")]
    if rule == "non_eu":
        if basis_of(h, h.main) != ResidenceBasis.WORK_PERMIT:
            return []
        reasons = [Reason.of("citizenship_outside_eu")]
        if (service.key == "work_permit" and h.offer_salary is not None and h.permit_salary_floor is not None
                and h.offer_salary < h.permit_salary_floor):
            reasons.append(Reason.of("salary_below_permit_floor", salary=h.offer_salary, floor=h.permit_salary_floor))
        return reasons
    if rule == "family_permit":
        # Each family member from outside the EU/EEA needs a permit of their own: applied for together with
        # the permit holder's, or later when they follow.
        return [Reason.of("family_permit_later" if m.arrives and (h.arrival is None or m.arrives > h.arrival)
                          else "family_permit_together", name=m.name)
                for m in h.members if basis_of(h, m) == ResidenceBasis.FAMILY_PERMIT]
    if rule == "eu_citizens":
        return [Reason.of("eu_seeking_work" if basis_of(h, p) == ResidenceBasis.EU_SEEKING else "eu_working",
                          name=p.name)
                for p in h.movers if basis_of(h, p) in EU_BASES and p.relation != "child"]
    if rule == "temporary_protection":
        return [Reason.of("temporary_protection", name=p.name) for p in h.movers
                if basis_of(h, p) == ResidenceBasis.TEMPORARY_PROTECTION]
    if rule == "research_study":
        return [Reason.of("research_permit" if basis_of(h, p) == ResidenceBasis.RESEARCHER else "study_permit",
                          name=p.name)
                for p in h.movers if basis_of(h, p) in (ResidenceBasis.RESEARCHER, ResidenceBasis.STUDENT)]
    if rule == "non_eu_licence":
        return [Reason.of("licence_outside_eu")] if h.citizenship == Citizenship.OTHER else []
    if rule == "regulated_professions":
        return [
            Reason.of("regulated_occupation", name=p.name, occupation=code)
            for p in h.movers if p.relation in ("self", "partner")
            for code in p.occupations if code in REGULATED_OCCUPATIONS
        ]
    if rule == "children_1_5":
        return _age_reasons(h.children, year, 1, 5)
    if rule == "children_6_15" and service.key == "mother_tongue":
        # The right to mother-tongue tuition needs another language at home than Swedish.
        return [
            Reason.of("child_home_language", name=c.name, language=c.home_language)
            for c in h.children
            if (age := c.age_in(year)) is not None and 6 <= age <= 15 and c.home_language not in (None, "sv")
        ]
    if rule == "children_6_15":
        return _age_reasons(h.children, year, 6, 15)
    if rule == "children_16_19":
        return _age_reasons(h.children, year, 16, 19)
    if rule == "employees":
        return [Reason.of("has_job")] if h.has_job else []
    if rule == "adults":
        return [Reason.of("adult", name=p.name) for p in h.movers
                if p.relation != "child" or (p.age_in(year) or 0) >= 18]
    if rule == "age_16_plus":
        # SFI is for residents: a person with temporary protection has no right to it until registered.
        return [
            Reason.of("no_basic_swedish", name=p.name)
            for p in h.movers
            if (p.relation != "child" or (p.age_in(year) or 0) >= 16) and _below(p.swedish_level, SWEDISH_SFI_LIMIT)
            and basis_of(h, p) != ResidenceBasis.TEMPORARY_PROTECTION
        ]
    if rule == "social_insurance":
        # With children under 16, Försäkringskassan gets in touch after registration (child allowance);
        # without, the household sends its information (form 5456) when it needs a benefit.
        young = [c for c in h.children if (age := c.age_in(year)) is not None and age < 16]
        if young:
            return [Reason.of("children_under_16", names=", ".join(c.name for c in young))]
        return [Reason.of("benefit_when_needed")]
    if rule == "partner":
        partner = h.partner
        return [Reason.of("partner_seeking_work", name=partner.name)] if partner and partner.seeking_work else []
    return []


def build_plan(household: HouseholdFacts, services: Sequence[ServiceDef], today: date) -> list[PlanItem]:
    """The steps that apply, each after its prerequisites, with suggested dates."""
    year = (household.arrival or household.job_start or today).year
    drafts: dict[str, _Draft] = {}
    for service in services:
        reasons = reasons_for(service, household, year)
        if reasons:
            drafts[service.key] = _Draft(service, reasons)

    waits_for_number: set[tuple[str, str]] = set()  # (step, prerequisite) where the number must have come
    # Members who follow later: steps that are only about them wait for their arrival, and the household's own
    # steps do not wait for them (a partner's permit applied for later does not hold up the registration).
    arrives_later = {m.name: m.arrives for m in household.members
                     if m.arrives and (household.arrival is None or m.arrives > household.arrival)}

    def only_later(key: str) -> bool:
        names = [r.kwargs.get("name") for r in drafts[key].reasons]
        return bool(names) and all(name in arrives_later for name in names)

    def step_prerequisites(service: ServiceDef) -> tuple[tuple[str, ...], tuple[str, ...]]:
        steps: list[str] = []
        conditions: list[str] = []
        for pre in service.prerequisites:
            if pre == "personnummer":
                waits_for_number.add((service.key, CONDITION_STEPS[pre][0]))
            for step in (pre,) if pre in drafts else CONDITION_STEPS.get(pre, ()):
                if step in drafts and step != service.key and step not in steps and (
                        pre in drafts or not only_later(step) or only_later(service.key)):
                    steps.append(step)
            if pre not in drafts and pre not in CONDITION_STEPS:
                conditions.append(pre)
        return tuple(steps), tuple(conditions)

    prereqs = {key: step_prerequisites(d.service) for key, d in drafts.items()}
    steps_before = {k: p[0] for k, p in prereqs.items()}

    def catalogue_rank(key: str) -> tuple:
        s = drafts[key].service
        return (PHASES.index(s.phase) if s.phase in PHASES else len(PHASES), s.order, key)

    ordered = _topological(drafts, steps_before, catalogue_rank)
    anchor = household.arrival or (household.job_start - timedelta(days=14) if household.job_start else None)

    def step_anchor(key: str) -> date | None:
        if anchor is None:
            return None
        names = [r.kwargs.get("name") for r in drafts[key].reasons]
        if names and all(name in arrives_later for name in names):
            return max(anchor, min(arrives_later[name] for name in names))
        return anchor

    dates: dict[str, date | None] = {}
    items: dict[str, PlanItem] = {}
    for key in ordered:
        service = drafts[key].service
        suggested = None
        anchor_here = step_anchor(key)
        if anchor_here is not None:
            suggested = anchor_here + PHASE_OFFSET.get(service.phase, timedelta(days=30))
            if key == "work_permit" and household.job_start:
                suggested = household.job_start - timedelta(days=120)
            if key == "union_akassa" and household.job_start:
                suggested = household.job_start  # from the first day of employment
            for pre in prereqs[key][0]:
                earlier = dates.get(pre)
                if earlier is None:
                    continue
                gap = PERSONNUMMER_WAIT if (key, pre) in waits_for_number else timedelta(days=3)
                suggested = max(suggested, earlier + gap)
            suggested = max(suggested, today)
        dates[key] = suggested
        items[key] = PlanItem(
            key=key, phase=service.phase, reasons=tuple(drafts[key].reasons),
            prerequisites=prereqs[key][0], conditions=prereqs[key][1], suggested_date=suggested,
        )

    # Within a phase, by date; a step still never before its prerequisites.
    def dated_rank(key: str) -> tuple:
        phase, order, _key = catalogue_rank(key)
        return (phase, dates[key] or date.max, order, key)

    return [items[key] for key in _topological(drafts, steps_before, dated_rank)]


def _topological(drafts: dict[str, _Draft], prereqs: dict[str, tuple[str, ...]], rank) -> list[str]:
    """Steps by ``rank``, except that a step never comes before its prerequisites."""
    done: list[str] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(key: str) -> None:
        if key in placed:
            return
        if key in visiting:
            raise ValueError(f"the services catalogue has a prerequisite cycle through {key!r}")
        visiting.add(key)
        for pre in sorted(prereqs[key], key=rank):
            place(pre)
        visiting.discard(key)
        placed.add(key)
        done.append(key)

    for key in sorted(drafts, key=rank):
        place(key)
    return done
