"""The demo's attraction side: what Sundsvall's officers wrote on its Move page, two employers' public pages, the
region's upcoming events (one of them full, with a waiting list), and people who left their interest on the Move
pages ("Thinking of moving here?").

Confirmed leads in several statuses for the officers' municipalities and some open to all, one unconfirmed
(staff never see it), from a few campaigns, so the lead list, a lead's page and the campaign counts have
something real to show. Idempotent through ``build_population`` (run once per demo database).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.attraction.models import PlaceText
from app.auth.models import User
from app.catalogue.models import Municipality
from app.employers.models import Organisation
from app.events.models import Event, EventKind, EventRegistration, EventStatus, RegistrationStatus
from app.events.services import CONSENT_VERSION as EVENT_CONSENT_VERSION
from app.events.services import cancel_token
from app.extensions import db
from app.leads.models import Lead, LeadStatus, MovingWhen
from app.leads.services import CONSENT_VERSION
from app.models import utcnow

SUNDSVALL, HARNOSAND, KRAMFORS, ORNSKOLDSVIK, TIMRA = "2281", "2280", "2282", "2284", "2262"

# name, e-mail, typed occupation, SSYK, household, children, country, when, municipalities, status,
# days ago, confirmed, campaign (utm_source, utm_medium, utm_campaign, code)
LEADS = [
    ("Priya Raman", "priya.raman@example.com", "Sjuksköterska", "2221", 4, True, "IN", MovingWhen.WITHIN_6,
     [SUNDSVALL], LeadStatus.NEW, 2, True, ("linkedin", "social", "nurses-india-2026", None)),
    ("Tomás García", "tomas.garcia@example.com", "Maintenance technician", "7233", 2, False, "ES",
     MovingWhen.WITHIN_3, [SUNDSVALL, TIMRA], LeadStatus.CONTACTED, 9, True,
     (None, None, None, "JOBBMASSA-MADRID")),
    ("Anna Kowalska", "anna.kowalska@example.com", "Software developer", "2512", 1, False, "PL",
     MovingWhen.WITHIN_12, [], LeadStatus.NEW, 4, True, ("facebook", "social", "move-vasternorrland", None)),
    ("Mehmet Yılmaz", "mehmet.yilmaz@example.com", "Electronics technician", "3113", 3, True, "TR",
     MovingWhen.LATER, [ORNSKOLDSVIK], LeadStatus.NOT_INTERESTED, 40, True, (None, None, None, None)),
    ("Lena Schmidt", "lena.schmidt@example.com", "Fachärztin", "2211", 2, False, "DE",
     MovingWhen.WITHIN_6, [HARNOSAND, SUNDSVALL], LeadStatus.NEW, 1, True,
     ("linkedin", "social", "nurses-india-2026", None)),
    ("Sara Lindqvist", "sara.lindqvist@example.com", "Grundskollärare", "2341", 3, True, "NO",
     MovingWhen.WITHIN_3, [KRAMFORS], LeadStatus.CONTACTED, 14, True, (None, None, None, None)),
    ("Joseph Mensah", "joseph.mensah@example.com", "Welder", None, 1, None, "GH", MovingWhen.LATER,
     [SUNDSVALL], LeadStatus.NEW, 1, False, ("facebook", "social", "move-vasternorrland", None)),
]


def seed_leads() -> int:
    """Add the demo leads; returns how many."""
    places = {m.code: m for m in db.session.scalars(select(Municipality))}
    now = utcnow()
    for (name, email, typed, code, size, children, country, when, chosen, status, days, confirmed,
         (source, medium, campaign, campaign_code)) in LEADS:
        created = now - timedelta(days=days, hours=3)
        db.session.add(Lead(
            full_name=name, email=email, occupation=typed, occupation_code=code, household_size=size,
            children=children, from_country=country, moving_when=when, locale="en" if country != "NO" else "sv",
            consent_version=CONSENT_VERSION, confirmed_at=created + timedelta(minutes=12) if confirmed else None,
            status=status, status_changed_at=created + timedelta(days=1) if status != LeadStatus.NEW else None,
            municipalities=[places[c] for c in chosen], utm_source=source, utm_medium=medium,
            utm_campaign=campaign, campaign_code=campaign_code, created_at=created,
        ))
    db.session.flush()
    return len(LEADS)


# (slot, language, body) for Sundsvall's Move page, written by the officer login.
SUNDSVALL_TEXTS = [
    ("welcome", "sv", "Välkommen till Sundsvall! Vi på kommunens mottagning hjälper dig och din familj från första "
                      "kontakten till ett år efter att ni flyttat hit: bostad, förskola och skola, SFI och jobb "
                      "för din partner.\n\nHör av dig redan innan ni bestämt er."),
    ("welcome", "en", "Welcome to Sundsvall! Our reception team helps you and your family from the first contact "
                      "until a year after you move: housing, preschool and school, Swedish for immigrants and work "
                      "for your partner.\n\nGet in touch before you have decided."),
    ("contact_us", "sv", "Skriv till mottagningen via Landa när du har skapat ett konto, eller lämna en "
                         "intresseanmälan här på sidan så hör vi av oss."),
    ("contact_us", "en", "Write to reception through Landa once you have an account, or tell us you are thinking "
                         "of moving here on this page and we will get in touch."),
]
# Employer name: (about in Swedish, in English, relocation support kinds, in Swedish, in English).
ORGANISATION_PAGES = {
    "SCA Ortviken": (
        "Vi driver en av regionens stora industrier i Sundsvall och anställer underhållstekniker, elektriker "
        "och processoperatörer.",
        "We run one of the region's large industrial sites in Sundsvall and hire maintenance technicians, "
        "electricians and process operators.",
        ["housing", "partner_career", "relocation_package"],
        "Vi hjälper till med tillfälligt boende de första månaderna och ger din partner kontakt med regionens "
        "karriärstöd.",
        "We help with temporary housing for the first months and put your partner in touch with the region's "
        "career support."),
    "Liquid Wind Örnsköldsvik": (
        "Vi bygger en anläggning för grönt bränsle i Örnsköldsvik.",
        "We are building a green fuel plant in Örnsköldsvik.",
        ["relocation_package", "swedish_lessons"], "", None),
}


def seed_pages() -> None:
    """Sundsvall's Move page texts and two employers' public pages."""
    officer = db.session.scalar(select(User).where(User.email == "officer@demo.landa.se"))
    written = utcnow() - timedelta(days=3)
    for slot, language, body in SUNDSVALL_TEXTS:
        db.session.add(PlaceText(municipality_code=SUNDSVALL, slot=slot, language=language, version=1, body=body,
                                 author=officer, created_at=written))
    for organisation in db.session.scalars(select(Organisation).where(Organisation.name.in_(ORGANISATION_PAGES))):
        about, about_en, offers, relocation, relocation_en = ORGANISATION_PAGES[organisation.name]
        organisation.about, organisation.about_en, organisation.relocation_offers = about, about_en, offers
        organisation.relocation_text, organisation.relocation_text_en = relocation, relocation_en
    db.session.flush()


# (kind, title, description, language, days ahead, hour (local), hours long, online, place, address, municipality,
#  organiser login or organisation name, capacity, status)
EVENTS = [
    (EventKind.WELCOME_MEETING, "Välkomstträff för nya Sundsvallsbor",
     "Träffa kommunens mottagning, föreningar och andra som flyttat hit i år. Fika bjuder vi på.", "sv", 12, 17, 2,
     False, "Sundsvalls kommunhus", "Sundsvall", SUNDSVALL, "officer@demo.landa.se", 40, EventStatus.PUBLISHED),
    (EventKind.SCHOOL_EVENING, "Skolkväll: förskola och skola i Sundsvall",
     "Förskolor och skolor berättar hur du söker plats, modersmålsundervisning och fritids.", "sv", 15, 18, 2,
     False, "Sundsvalls kommunhus", "Sundsvall", SUNDSVALL, "officer@demo.landa.se", 60, EventStatus.PUBLISHED),
    (EventKind.WEBINAR, "Living and working in Västernorrland",
     "An online hour about jobs, housing queues, schools and Swedish for immigrants, with time for questions.",
     "en", 20, 12, 1, True, None, None, HARNOSAND, "coordinator@demo.landa.se", 200, EventStatus.PUBLISHED),
    (EventKind.PARTNER_DAY, "Day for spouses and partners in Örnsköldsvik",
     "For the partner who moves along: meet employers, the career support and other partners.", "en", 30, 10, 5,
     False, "Örnsköldsviks bibliotek", "Örnsköldsvik", ORNSKOLDSVIK, "coordinator@demo.landa.se", 25,
     EventStatus.PUBLISHED),
    (EventKind.JOB_FAIR, "SCA Ortviken: meet our maintenance team",
     "A visit for maintenance technicians and electricians: the site, the shifts, and how we help you move.", "en",
     8, 14, 3, False, "SCA Ortviken", "Sundsvall", SUNDSVALL, "SCA Ortviken", 3, EventStatus.PUBLISHED),
    (EventKind.LANDLORD_MEETING, "Träff med bostadsbolagen i Sundsvall",
     "Bostadsbolagen berättar om köer och förstahandskontrakt.", "sv", 40, 17, 2, False, "Sundsvalls kommunhus",
     "Sundsvall", SUNDSVALL, "officer@demo.landa.se", 50, EventStatus.DRAFT),
]


def seed_events(today) -> None:
    """The region's upcoming events; the employer's job fair is full, with two on its waiting list, and the newcomer
    login has a seat at Sundsvall's welcome meeting."""
    local = ZoneInfo("Europe/Stockholm")
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.like("%@demo.landa.se")))}
    organisations = {o.name: o for o in db.session.scalars(select(Organisation))}
    events = []
    for (kind, title, description, language, days, hour, hours, online, place, address, code, organiser,
         capacity, status) in EVENTS:
        starts = datetime.combine(today + timedelta(days=days), time(hour), local)
        organisation = organisations.get(organiser)
        creator = users["employer@demo.landa.se"] if organisation is not None else users[organiser]
        events.append(Event(
            kind=kind, title=title, description=description, language=language, starts_at=starts,
            ends_at=starts + timedelta(hours=hours), registration_deadline=starts - timedelta(days=1),
            online_url="https://meet.example.org/vasternorrland" if online else None, place_name=place,
            address=address, municipality_code=code, created_by_id=creator.id,
            organisation_id=organisation.id if organisation is not None else None, capacity=capacity,
            status=status))
    db.session.add_all(events)
    db.session.flush()
    welcome, _school, _webinar, _partner, job_fair, _landlord = events
    newcomer = users["newcomer@demo.landa.se"]
    people = [(newcomer.full_name, newcomer.email, newcomer.id, welcome, RegistrationStatus.CONFIRMED)]
    people += [(name, email, None, job_fair, status) for name, email, status in (
        ("Tomás García", "tomas.garcia@example.com", RegistrationStatus.CONFIRMED),
        ("Ravi Shankar", "ravi.shankar@example.com", RegistrationStatus.CONFIRMED),
        ("Olena Kovalenko", "olena.kovalenko@example.com", RegistrationStatus.CONFIRMED),
        ("Marco Rossi", "marco.rossi@example.com", RegistrationStatus.WAITLISTED),
        ("Ana Souza", "ana.souza@example.com", RegistrationStatus.WAITLISTED),
        ("Kwame Boateng", "kwame.boateng@example.com", RegistrationStatus.UNCONFIRMED))]
    now = utcnow()
    for minutes, (name, email, user_id, event, status) in enumerate(people):
        at = now - timedelta(days=2, minutes=-minutes)
        registration = EventRegistration(
            event_id=event.id, user_id=user_id, name=name, email=email, locale="sv" if user_id is None else "en",
            status=status, consent_version=EVENT_CONSENT_VERSION, created_at=at,
            confirmed_at=at if status != RegistrationStatus.UNCONFIRMED else None,
            confirmation_sent_at=at if status == RegistrationStatus.CONFIRMED else None)
        db.session.add(registration)
        db.session.flush()
        registration.cancel_digest = hashlib.sha256(cancel_token(registration).encode()).hexdigest()
    db.session.flush()
