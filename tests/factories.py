"""Factories: a test's world built through the domains' own use cases, without HTTP.

Each factory (factory_boy) has the defaults of a believable person or organisation, and builds it by
calling the same services and flows the web views call, so what it saves is what the wizard or the form
would have saved (the plan refreshed, a case opened by the consent, matching cards written), then commits.
Call them inside an app context; ``HouseholdFactory(places=["2262"])`` changes one part of the default.

The HTTP stories in the test modules still walk the journeys; a fixture that only needs "a household with
a complete profile" or "an approved employer with an open need" gets it from here, at a fraction of the
cost of five wizard posts.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import factory
from stdnum import luhn

from app.auth.models import Role, User
from app.employers import services as employers
from app.employers.models import (
    ApprovalStatus,
    CompetenceNeed,
    EmploymentType,
    NeedStatus,
    Organisation,
    OrganisationKind,
)
from app.extensions import db
from app.flows import households
from app.flows.accounts import create_account
from app.models import today
from app.talent import services as talent
from app.talent.models import ConsentKind, Education, Household, HouseholdStatus, LanguageLevel
from app.talent.plan import Citizenship

TEST_PASSWORD = "correct horse battery staple"  # the suite's one password
WIZARD = ("about", "languages", "work", "places", "move")


class UseCase(factory.Factory):
    """Builds through the domain's use cases, then commits (a SubFactory's account first, as in life);
    ``build()`` is not offered: nothing here exists unsaved."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError(f"{cls.__name__} saves through the domain's use cases: call it, not .build()")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        made = cls.make(**kwargs)
        db.session.commit()
        return made

    @classmethod
    def make(cls, **kwargs):
        raise NotImplementedError


class AccountFactory(UseCase):
    """An account of ``role`` (a newcomer's comes with an empty household, as on registration)."""

    class Meta:
        model = User

    role = Role.NEWCOMER
    email = factory.LazyAttribute(lambda o: f"{Role(o.role).value}-{uuid.uuid4().hex[:6]}@example.se")
    password = TEST_PASSWORD
    full_name = "Test Person"
    locale = "sv"
    municipality_code = factory.LazyAttribute(lambda o: "2281" if Role(o.role) == Role.OFFICER else None)

    @classmethod
    def make(cls, *, role, **values) -> User:
        return create_account(role=Role(role), **values)


class HouseholdFactory(UseCase):
    """Arjun Kumar from Chennai: a maintenance technician (7233) with a job offer in Örnsköldsvik (2284),
    who would also live in Sundsvall (2281). ``steps`` says how far through the profile he got;
    ``consents`` the kinds he granted (all others recorded as refused, as the consent form does); granting
    ``officer_contact`` opens his case."""

    class Meta:
        model = Household

    full_name = "Arjun Kumar"
    user = factory.SubFactory(AccountFactory, role=Role.NEWCOMER, full_name=factory.SelfAttribute("..full_name"),
                              locale="en")
    steps = WIZARD
    citizenship = Citizenship.OTHER
    current_country = "IN"
    current_city = "Chennai"
    phone = None
    languages = factory.LazyFunction(lambda: {"sv": LanguageLevel.A1, "en": LanguageLevel.C1,
                                              "ta": LanguageLevel.NATIVE})
    occupations = ("7233",)
    skills = ("PLC programming", "welding")
    education = Education.BACHELOR
    years_experience = 8
    places = ("2284", "2281")
    open_to_all = False
    status = HouseholdStatus.HAS_OFFER
    destination = "2284"
    job_start = date(2027, 3, 15)
    arrival = date(2027, 3, 1)
    offer_salary = None
    consents = None

    @classmethod
    def make(cls, *, user: User, steps, consents, **given) -> Household:
        profile = talent.get_or_create_profile(user)
        if "about" in steps:
            talent.save_about(profile, full_name=given["full_name"], phone=given["phone"],
                              citizenship=Citizenship(given["citizenship"]),
                              current_country=given["current_country"], current_city=given["current_city"])
        if "languages" in steps:
            talent.save_languages(profile, dict(given["languages"]))
        if "work" in steps:
            talent.save_work(profile, occupation_codes=list(given["occupations"]), skills=list(given["skills"]),
                             education=given["education"], years_experience=given["years_experience"])
        if "places" in steps:
            talent.save_places(profile, ranked_codes=list(given["places"]), open_to_all=given["open_to_all"])
        if "move" in steps:
            households.plan_move(profile, status=HouseholdStatus(given["status"]),
                                 destination_code=given["destination"], job_start=given["job_start"],
                                 arrival=given["arrival"], offer_salary=given["offer_salary"])
        if consents is not None:
            granted = {ConsentKind(kind) for kind in consents}
            households.decide_consents(profile, {kind: kind in granted for kind in ConsentKind})
        return profile


def org_number(serial: int) -> str:
    """A valid Swedish organisation number (Luhn check digit) for the ``serial``-th organisation."""
    body = f"55{serial % 10_000_000:07d}"
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


class OrganisationFactory(UseCase):
    """Örnsköldsvik Green Fuels AB, registered by its HR manager, approved by a coordinator
    (``approved=False`` leaves it pending review)."""

    class Meta:
        model = Organisation

    owner = factory.SubFactory(AccountFactory, role=Role.EMPLOYER, full_name="Karin HR", locale="en")
    name = "Örnsköldsvik Green Fuels AB"
    org_number = factory.Sequence(lambda n: org_number(n + 3_600_000))
    kind = OrganisationKind.EMPLOYER
    municipality_code = "2284"  # where it is based: Örnsköldsvik's officers review it
    municipalities = ("2281",)  # and where else it recruits
    networks = ()
    contact_name = "Karin HR"
    contact_email = "karin@gf.se"
    approved = True
    reviewer = factory.Maybe("approved", factory.SubFactory(AccountFactory, role=Role.COORDINATOR,
                                                            full_name="Rita Reviewer"), None)

    @classmethod
    def make(cls, *, owner: User, municipalities, networks, approved: bool, reviewer: User | None,
             **values) -> Organisation:
        organisation = employers.register_organisation(
            owner, municipality_codes=list(municipalities), network_keys=list(networks), contact_phone="",
            **values)
        if approved:
            employers.decide(organisation, reviewer, ApprovalStatus.APPROVED, "Known")
        return organisation


class NeedFactory(UseCase):
    """40 maintenance technicians (7233) in Örnsköldsvik, starting in 60 days, published (``status``)."""

    class Meta:
        model = CompetenceNeed

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Maintenance technician"
    occupation_code = "7233"
    municipality_code = "2284"
    positions = 40
    employment_type = EmploymentType.PERMANENT
    required_skills = ("PLC", "hydraulics")
    min_english = "B1"
    start_date = factory.LazyFunction(lambda: today() + timedelta(days=60))
    expires_on = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=30))
    salary_min = 34000
    salary_max = 42000
    relocation_support = ("housing", "partner_career")
    status = NeedStatus.OPEN

    @classmethod
    def make(cls, *, organisation: Organisation, status, required_skills, relocation_support,
             **fields) -> CompetenceNeed:
        need = employers.save_need(organisation, None, required_skills=list(required_skills),
                                   relocation_support=list(relocation_support), **fields)
        if NeedStatus(status) != NeedStatus.DRAFT:
            employers.set_need_status(need, NeedStatus(status))
        return need
