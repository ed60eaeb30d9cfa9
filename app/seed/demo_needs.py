"""What the demo's employers ask for: job titles, descriptions and requirements a recruiter in the
region would write, per SSYK unit group, in Swedish (the title as posted) and English."""

from __future__ import annotations

from typing import NamedTuple


class NeedText(NamedTuple):
    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    required: tuple[str, ...]  # skills, as an employer would type them (Swedish where Swedish is usual)
    nice: tuple[str, ...]
    min_swedish: str | None
    min_english: str | None


NEEDS: dict[str, NeedText] = {
    "7233": NeedText(
        "Underhållstekniker mekanik, skiftgång", "Mechanical maintenance technician, shifts",
        "Du felsöker och reparerar pumpar, växellådor och hydraulik i en kontinuerlig process, i skiftlag "
        "med operatörer och elektriker.",
        "You find and fix faults in pumps, gearboxes and hydraulics in a continuous process, in a shift team "
        "with operators and electricians.",
        ("Hydraulik", "Felsökning"), ("Svetsning", "PLC"), "A2", "B1"),
    "7411": NeedText(
        "Serviceelektriker", "Service electrician",
        "Installation och service av el i industri och vindkraft. ECY-certifikat (auktorisation) krävs "
        "eller ska kunna valideras.",
        "Installation and service of electrical systems in industry and wind power. An electrician's "
        "authorisation is required or must be validated.",
        ("Elinstallation", "Elsäkerhet"), ("Högspänning", "B-körkort"), "B1", "B1"),
    "7412": NeedText(
        "Industrielektriker", "Industrial electrician",
        "Underhåll av motorer, frekvensomriktare och styrsystem i pappersbruket.",
        "Maintenance of motors, drives and control systems at the paper mill.",
        ("Elmotorer", "Felsökning"), ("PLC",), "A2", "B1"),
    "3113": NeedText(
        "Automationsingenjör", "Automation engineer",
        "Du utvecklar och driftsätter styrsystem (PLC, DCS) för nya produktionslinjer.",
        "You develop and commission control systems (PLC, DCS) for new production lines.",
        ("PLC-programmering", "Automationsteknik"), ("ABB 800xA", "Siemens TIA Portal"), None, "B2"),
    "3115": NeedText(
        "Processtekniker kemi", "Chemical process technician",
        "Optimering av kemiska processer, provtagning och analys, i nära samarbete med operatörerna.",
        "Optimising chemical processes, sampling and analysis, working closely with the operators.",
        ("Processteknik", "Kemisk analys"), ("Lean",), "B1", "B2"),
    "8111": NeedText(
        "Bergarbetare", "Mine and quarry worker",
        "Borrning, laddning och skrotning under jord. Utbildning ges för rätt person.",
        "Drilling, charging and scaling underground. Training is given to the right person.",
        ("Truckkort",), ("Hjullastare", "Heta arbeten (certifikat)"), "A2", "A2"),
    "2141": NeedText(
        "Produktionsplanerare, e-bränsle", "Production planner, e-fuels",
        "Planera produktion och logistik i en ny anläggning för e-metanol från start.",
        "Plan production and logistics in a new e-methanol plant from its start.",
        ("Produktionsplanering",), ("SAP", "Lean"), None, "C1"),
    "2142": NeedText(
        "Byggprojektledare, anläggning", "Construction project manager, civil works",
        "Leda byggandet av en ny industrianläggning: tidplan, entreprenörer och arbetsmiljö.",
        "Lead the construction of a new industrial plant: schedule, contractors and work safety.",
        ("Projektledning", "AutoCAD"), ("BIM",), "B2", "C1"),
    "2143": NeedText(
        "Elkraftingenjör", "Power systems engineer",
        "Elnät och ställverk för industrins elektrifiering: dimensionering, upphandling och driftsättning.",
        "Grids and switchgear for electrifying industry: design, procurement and commissioning.",
        ("Elkraftteknik",), ("Högspänning", "Projektledning"), None, "C1"),
    "2144": NeedText(
        "Maskiningenjör", "Mechanical engineer",
        "Konstruktion och förbättring av processutrustning.",
        "Design and improvement of process equipment.",
        ("CAD",), ("SolidWorks",), None, "B2"),
    "3511": NeedText(
        "Drifttekniker IT", "IT operations technician",
        "Drift av servrar, nätverk och användarstöd för ett energibolag.",
        "Running servers, networks and user support for an energy company.",
        ("Windows Server", "Nätverk"), ("Linux",), "B1", "B2"),
    "2512": NeedText(
        "Spelprogrammerare C++", "Game programmer (C++)",
        "Du bygger gameplay och verktyg i vår egen motor. Teamet arbetar på engelska.",
        "You build gameplay and tools in our own engine. The team works in English.",
        ("C++",), ("Unreal Engine", "Python"), None, "C1"),
    "2516": NeedText(
        "IT-säkerhetsspecialist", "IT security specialist",
        "Skydda våra onlinetjänster: sårbarhetsanalys, incidenthantering och säker utveckling.",
        "Protect our online services: vulnerability assessment, incident response and secure development.",
        ("Informationssäkerhet",), ("Penetrationstest",), None, "C1"),
    "2221": NeedText(
        "Sjuksköterska, medicinavdelning", "Registered nurse, medical ward",
        "Legitimerad sjuksköterska till medicinavdelningen. Vi hjälper dig med legitimation och "
        "språkutbildning.",
        "Registered nurse for the medical ward. We help you with the Swedish licence and language training.",
        ("Legitimation som sjuksköterska",), ("Akutsjukvård",), "C1", "B2"),
    "2222": NeedText(
        "Barnmorska, förlossning", "Midwife, labour ward",
        "Barnmorska till förlossningen i Sundsvall. Introduktion och mentor de första månaderna.",
        "Midwife for the labour ward in Sundsvall. Introduction and a mentor for the first months.",
        ("Legitimation som barnmorska",), ("Amningsrådgivning",), "C1", "B2"),
    "2211": NeedText(
        "Specialistläkare allmänmedicin", "Specialist in general practice",
        "Specialistläkare till vårdcentralen. Flexibla arbetstider och stöd vid flytten.",
        "Specialist physician for the health centre. Flexible hours and help with the move.",
        ("Legitimation som läkare",), ("Specialistkompetens i allmänmedicin",), "C1", "B2"),
    "2341": NeedText(
        "Grundskollärare åk 4–6, matematik och NO", "Primary school teacher, years 4–6, maths and science",
        "Lärare i matematik och NO. Lärarlegitimation eller behörighet som kan prövas.",
        "Teacher of maths and science. A Swedish teaching licence, or qualifications that can be assessed.",
        ("Lärarlegitimation",), ("Matematik", "NO"), "C1", "B2"),
    "2342": NeedText(
        "Fritidspedagog", "After-school teacher",
        "Fritidshem för årskurs F–3: lek, skapande och rörelse.",
        "After-school centre for the first school years: play, crafts and movement.",
        ("Barn- och fritidspedagogik",), (), "B2", None),
    "3119": NeedText(
        "Servicetekniker vindkraft", "Wind turbine service technician",
        "Förebyggande underhåll och felsökning i vindkraftverk. Höjdarbete.",
        "Preventive maintenance and fault finding in wind turbines. Work at height.",
        ("Felsökning", "Höjdarbete"), ("GWO-certifikat", "B-körkort"), "A2", "B2"),
    "7231": NeedText(
        "Fordonsmekaniker tunga fordon", "Heavy vehicle mechanic",
        "Service och reparation av lastbilar och maskiner.",
        "Service and repair of trucks and machines.",
        ("Fordonsteknik",), ("Hydraulik", "C-körkort"), "A2", "B1"),
}
