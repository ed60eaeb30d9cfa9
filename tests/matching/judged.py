"""Hand-judged matching cases: for a need, the talents in the order a recruiter or a reception officer
would expect, and why. ``tests/matching/test_scoring.py`` requires each order exactly;
``benches/ranking.py`` measures how many ordered pairs the scoring agrees with.

``unlisted`` names talents that must not appear in a list at all (an unrelated occupation, or no
occupation given), whatever else fits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.matching.scoring import NeedFacts, TalentFacts

START = date(2027, 3, 1)
THRESHOLD = 28480  # the work-permit salary floor the cases assume
SUNDSVALL, TIMRA, HARNOSAND, KRAMFORS, SOLLEFTEA, ORNSKOLDSVIK, ANGE, HUDIKSVALL, NORDANSTIG = (
    "2281", "2262", "2280", "2282", "2283", "2284", "2260", "2184", "2132")


@dataclass(frozen=True)
class Case:
    name: str
    why: str
    need: NeedFacts
    order: tuple[TalentFacts, ...]  # best first
    unlisted: frozenset[str] = field(default_factory=frozenset)  # keys that must not be listed


def need(key: str, occupation: str, **kw) -> NeedFacts:
    base = dict(municipality=SUNDSVALL, start_date=START, permit_threshold=THRESHOLD)
    base.update(kw)
    return NeedFacts(key=key, occupation=occupation, **base)


def person(key: str, *occupations: str, **kw) -> TalentFacts:
    base = dict(municipalities=(SUNDSVALL,), available_from=START, citizenship="eu_eea")
    base.update(kw)
    base.setdefault("occupations", occupations)
    return TalentFacts(key=key, **base)


# Ortviken needs maintenance technicians (7233) in Sundsvall: PLC and hydraulics, Swedish A2, English B1.
TECHNICIANS = need("technicians", "7233", required_skills=frozenset({"plc", "hydraulics"}),
                   nice_skills=frozenset({"welding"}), min_levels={"sv": "A2", "en": "B1"}, salary=34000)


def technician(key: str, *occupations: str, **kw) -> TalentFacts:
    base = dict(skills=frozenset({"plc", "hydraulics"}), languages={"sv": "A2", "en": "B2"}, citizenship="other")
    base.update(kw)
    base.setdefault("occupations", occupations or ("7233",))
    return person(key, **base)


NURSES = need("nurses", "2221", municipality=SOLLEFTEA, min_levels={"sv": "B2"})
DEVELOPERS = need("developers", "2512", min_levels={"en": "C1"}, required_skills=frozenset({"python"}))
GAMES = need("games", "2513", municipality=ORNSKOLDSVIK, min_levels={"en": "B2"})
PROCESS = need("process", "8192", municipality=ORNSKOLDSVIK, min_levels={"sv": "B1"})

CASES: tuple[Case, ...] = (
    Case("same occupation before a related one",
         "An electrical fitter (7412) can grow into machinery maintenance; the machinery mechanic is the job.",
         TECHNICIANS, (technician("mechanic"), technician("electrician", "7412"))),
    Case("related occupation listed, unrelated not at all",
         "A motor vehicle mechanic (7231) repairs machines too; a carpenter (7119) does not, however well "
         "the rest fits.",
         TECHNICIANS, (technician("car", "7231"), technician("builder", "7119")), frozenset({"builder"})),
    Case("a missing required skill costs more than a missing nice-to-have",
         "PLC is required, welding only nice to have.",
         TECHNICIANS, (technician("no-welding"), technician("no-plc", skills=frozenset({"hydraulics", "welding"})))),
    Case("Swedish one level short beats no Swedish",
         "Both are short of A2; the one with A1 will get there first.",
         TECHNICIANS, (technician("a1", languages={"sv": "A1", "en": "B2"}),
                       technician("none", languages={"en": "B2"}))),
    Case("first choice, second choice, a daily commute, then too far",
         "Where the household wants to live decides whether they stay.",
         TECHNICIANS, (technician("first", municipalities=(SUNDSVALL, ORNSKOLDSVIK)),
                       technician("second", municipalities=(ORNSKOLDSVIK, SUNDSVALL)),
                       technician("timra", municipalities=(TIMRA,)),
                       technician("solleftea", municipalities=(SOLLEFTEA,)))),
    Case("open to any municipality beats a choice far away",
         "Someone who would move anywhere can take a job in Sundsvall; someone set on Sollefteå cannot commute.",
         TECHNICIANS, (technician("open", municipalities=(), open_to_all=True),
                       technician("elsewhere", municipalities=(SOLLEFTEA,)))),
    Case("on time, a month late, a year late",
         "The employer needs people from the start date; a year late is a gap.",
         TECHNICIANS, (technician("on-time"), technician("month", available_from=date(2027, 4, 1)),
                       technician("year", available_from=date(2028, 3, 1)))),
    Case("ties in the stable order",
         "Equal candidates are shown in the same order on every page.",
         TECHNICIANS, (technician("a"), technician("b"), technician("c"))),
    Case("several occupations: the closest counts",
         "A developer who also trained as a maintenance mechanic is a mechanic for this need.",
         TECHNICIANS, (technician("both", "2512", "7233"), technician("electrician", "7412")),),
    Case("no occupation given: not listed",
         "Without an occupation, nothing says the person can do the job.",
         TECHNICIANS, (technician("mechanic"), technician("blank", occupations=())), frozenset({"blank"})),
    Case("a salary under the permit floor sinks a non-EU candidate below an EU one",
         "At 25,000 SEK a month a candidate from outside the EU/EEA cannot get a work permit.",
         need("low-pay", "7233", salary=25000),
         (person("eu", "7233", citizenship="eu_eea"), person("india", "7233", citizenship="other"))),
    Case("nurse for a nurse need, not a lawyer or a software developer",
         "Sharing SSYK's first digit (professionals) says nothing.",
         NURSES, (person("nurse", "2221", languages={"sv": "B2"}, municipalities=(SOLLEFTEA,)),
                  person("lawyer", "2611", languages={"sv": "C2"}, municipalities=(SOLLEFTEA,)),
                  person("developer", "2512", languages={"sv": "C2"}, municipalities=(SOLLEFTEA,))),
         frozenset({"lawyer", "developer"})),
    Case("a midwife meeting the Swedish requirement before a nurse who does not",
         "A midwife is a registered nurse with a specialisation; the nurse's Swedish is below what the "
         "need asks, a gap the employer must see.",
         NURSES, (person("midwife", "2222", languages={"sv": "B2"}, municipalities=(SOLLEFTEA,)),
                  person("nurse-b1", "2221", languages={"sv": "B1"}, municipalities=(SOLLEFTEA,)))),
    Case("nurses before assistant nurses before resident physicians' unrelated colleagues",
         "An assistant nurse (5323) works beside nurses and is related; a specialist physician (2211) is not "
         "a nurse.",
         NURSES, (person("nurse", "2221", languages={"sv": "B2"}, municipalities=(SOLLEFTEA,)),
                  person("assistant", "5323", languages={"sv": "B2"}, municipalities=(SOLLEFTEA,)),
                  person("physician", "2211", languages={"sv": "C1"}, municipalities=(SOLLEFTEA,))),
         frozenset({"physician"})),
    Case("native Swedish meets any level",
         "A native speaker needs no certificate level.",
         need("nurses-c1", "2221", min_levels={"sv": "C1"}),
         (person("native", "2221", languages={"sv": "native"}), person("b2", "2221", languages={"sv": "B2"}))),
    Case("English C1 required: C1 before B2",
         "The team works in English; B2 is a gap.",
         DEVELOPERS, (person("c1", "2512", languages={"en": "C1"}, skills=frozenset({"python"})),
                      person("b2", "2512", languages={"en": "B2"}, skills=frozenset({"python"})))),
    Case("languages not asked for do not change the order",
         "German and Swedish are nice, but the need asks for English only.",
         need("devs-b2", "2512", min_levels={"en": "B2"}),
         (person("plain", "2512", languages={"en": "C1"}),
          person("polyglot", "2512", languages={"en": "C1", "sv": "B1", "de": "C2"}))),
    Case("a requirement in a language the talent does not list",
         "German A2 is closer to B1 than no German.",
         need("german", "7233", min_levels={"de": "B1"}),
         (person("some", "7233", languages={"de": "A2"}), person("none", "7233", languages={"en": "C1"}))),
    Case("a daily commute beats none",
         "Sollefteå to Kramfors is a daily commute; Hudiksvall is not.",
         need("welders", "7212", municipality=KRAMFORS),
         (person("solleftea", "7212", municipalities=(SOLLEFTEA,)),
          person("hudiksvall", "7212", municipalities=(HUDIKSVALL,)))),
    Case("the right occupation a little later beats the wrong one now",
         "A cook available today is no nurse.",
         need("nurses-now", "2221"),
         (person("nurse", "2221", available_from=date(2027, 5, 1)), person("cook", "5120")),
         frozenset({"cook"})),
    Case("no municipality on the need: the other parts decide",
         "A building engineer is the need; an electrical engineer is related through the engineering skills.",
         need("engineers", "2142", municipality=None),
         (person("building", "2142", municipalities=(ORNSKOLDSVIK,)), person("electrical", "2143"))),
    Case("an explicit second choice beats open to all",
         "Choosing the place says more than accepting any.",
         TECHNICIANS, (technician("second", municipalities=(ORNSKOLDSVIK, SUNDSVALL)),
                       technician("open", municipalities=(), open_to_all=True))),
    Case("game developer, then game designer, then an unrelated developer of nothing",
         "A game designer works on the same games in another SSYK group; a nurse does not.",
         GAMES, (person("gamedev", "2513", languages={"en": "C1"}, municipalities=(ORNSKOLDSVIK,)),
                 person("designer", "2173", languages={"en": "C1"}, municipalities=(ORNSKOLDSVIK,)),
                 person("nurse", "2221", languages={"en": "C2"}, municipalities=(ORNSKOLDSVIK,))),
         frozenset({"nurse"})),
    Case("a software developer is related to games, a tester close to software",
         "Game studios hire software developers; testers work in the same teams.",
         DEVELOPERS, (person("dev", "2512", languages={"en": "C1"}, skills=frozenset({"python"})),
                      person("tester", "2514", languages={"en": "C1"}, skills=frozenset({"python"})),
                      person("gamedev", "2513", languages={"en": "C1"}, skills=frozenset({"python"})))),
    Case("process operator need: operators first, then the process engineer",
         "A chemical process operator is the job; a process engineer knows the process and is on the same "
         "career ladder; a nurse is not.",
         PROCESS, (person("operator", "8192", languages={"sv": "B1"}, municipalities=(ORNSKOLDSVIK,)),
                   person("pharma", "8131", languages={"sv": "B1"}, municipalities=(ORNSKOLDSVIK,)),
                   person("engineer", "2145", languages={"sv": "B1"}, municipalities=(ORNSKOLDSVIK,)),
                   person("nurse", "2221", languages={"sv": "B1"}, municipalities=(ORNSKOLDSVIK,))),
         frozenset({"nurse"})),
    Case("chemical engineer need: the technician is close, the nurse is not listed",
         "The chemical engineering technician does the same work one level down.",
         need("chem", "2145", municipality=ORNSKOLDSVIK),
         (person("engineer", "2145", municipalities=(ORNSKOLDSVIK,)),
          person("technician", "3115", municipalities=(ORNSKOLDSVIK,)),
          person("nurse", "2221", municipalities=(ORNSKOLDSVIK,))),
         frozenset({"nurse"})),
    Case("pulp and paper: a papermaking operator is close to a pulp operator",
         "Both run the same mill's process lines.",
         need("pulp", "8171", municipality=KRAMFORS),
         (person("pulp", "8171", municipalities=(KRAMFORS,)), person("paper", "8172", municipalities=(KRAMFORS,)),
          person("cook", "5120", municipalities=(KRAMFORS,))),
         frozenset({"cook"})),
    Case("preschool teacher need: preschool teacher before primary school teacher",
         "Both are teachers of young children; a primary school teacher is close.",
         need("preschool", "2343", municipality=HARNOSAND, min_levels={"sv": "C1"}),
         (person("preschool", "2343", languages={"sv": "C1"}, municipalities=(HARNOSAND,)),
          person("primary", "2341", languages={"sv": "C1"}, municipalities=(HARNOSAND,)))),
    Case("assistant nurse in home care: a ward assistant nurse is close",
         "The same training, another workplace.",
         need("home-care", "5321", municipality=ANGE, min_levels={"sv": "B1"}),
         (person("home", "5321", languages={"sv": "B1"}, municipalities=(ANGE,)),
          person("ward", "5323", languages={"sv": "B1"}, municipalities=(ANGE,)),
          person("ward-a2", "5323", languages={"sv": "A2"}, municipalities=(ANGE,)))),
    Case("electricians: installation electrician before an electrical fitter, not a mechanic",
         "Installation and fitting are close; machinery maintenance is another trade.",
         need("electricians", "7411", municipality=TIMRA),
         (person("installer", "7411", municipalities=(TIMRA,)), person("fitter", "7412", municipalities=(TIMRA,)),
          person("mechanic", "7233", municipalities=(TIMRA,))),
         frozenset({"mechanic"})),
    Case("civil engineering: the engineer, then the construction technician",
         "The construction technician (3112) does the same projects with a shorter degree.",
         need("civil", "2142", municipality=SUNDSVALL),
         (person("engineer", "2142"), person("technician", "3112"), person("carpenter", "7111")),
         frozenset({"carpenter"})),
    Case("accountants: an accountant before an economic assistant",
         "Related work at another level.",
         need("accountants", "2411"), (person("accountant", "2411"), person("assistant", "4111"))),
    Case("cooks: a cook, then a chef, never a cleaner",
         "A chef can cook; cleaning is another job.",
         need("cooks", "5120", municipality=HUDIKSVALL),
         (person("cook", "5120", municipalities=(HUDIKSVALL,)), person("chef", "3451", municipalities=(HUDIKSVALL,)),
          person("cleaner", "9111", municipalities=(HUDIKSVALL,))),
         frozenset({"cleaner"})),
    Case("every missing required skill counts",
         "Two of three required skills before one of three.",
         need("skills", "7233", required_skills=frozenset({"plc", "hydraulics", "welding"})),
         (person("three", "7233", skills=frozenset({"plc", "hydraulics", "welding"})),
          person("two", "7233", skills=frozenset({"plc", "hydraulics"})),
          person("one", "7233", skills=frozenset({"plc"})))),
    Case("a more specific skill covers the one asked for",
         "Someone who lists PLC programming has PLC; someone who lists JavaScript does not have Java.",
         need("plc", "7233", required_skills=frozenset({"plc", "java"})),
         (person("plc-programming", "7233", skills=frozenset({"plc programming", "java"})),
          person("javascript", "7233", skills=frozenset({"plc", "javascript"})),
          person("neither", "7233", skills=frozenset({"welding"})))),
    Case("a gap weighs more than a weaker place",
         "A candidate meeting every requirement from Timrå before one in Sundsvall short of Swedish.",
         need("sv-b2", "2221", min_levels={"sv": "B2"}),
         (person("timra", "2221", languages={"sv": "B2"}, municipalities=(TIMRA,)),
          person("short", "2221", languages={"sv": "B1"}))),
    Case("two gaps weigh more than one",
         "Short of Swedish and of English is worse than short of Swedish only.",
         need("two-languages", "2512", min_levels={"sv": "B1", "en": "C1"}),
         (person("one-gap", "2512", languages={"sv": "A2", "en": "C1"}),
          person("two-gaps", "2512", languages={"sv": "A2", "en": "B2"}))),
    Case("unknown availability before a known late start",
         "Unknown may be on time; six months late is a gap.",
         need("start", "7233"),
         (person("unknown", "7233", available_from=None), person("late", "7233", available_from=date(2027, 9, 1)))),
    Case("the permit floor does not touch Nordic and EU/EEA candidates",
         "They need no work permit.",
         need("low-pay-2", "2221", salary=24000),
         (person("nordic", "2221", citizenship="nordic"), person("other", "2221", citizenship="other"))),
    Case("a close occupation with everything else in place before the same occupation with two gaps",
         "A tester who meets the requirements is a better hire than a developer without English or the skill.",
         DEVELOPERS, (person("tester", "2514", languages={"en": "C1"}, skills=frozenset({"python"})),
                      person("dev", "2512", languages={"en": "B1"}))),
    Case("Hudiksvall and Nordanstig are in the commuting region",
         "Nordanstig to Hudiksvall is a daily commute; Ånge is not.",
         need("hudik", "5120", municipality=HUDIKSVALL),
         (person("nordanstig", "5120", municipalities=(NORDANSTIG,)), person("ange", "5120", municipalities=(ANGE,)))),
    Case("a related occupation never outranks the same one with the same facts",
         "Whatever the rest, the occupation leads.",
         need("mechanics", "7231", municipality=TIMRA),
         (person("car", "7231", municipalities=(TIMRA,)), person("machinery", "7233", municipalities=(TIMRA,)))),
)
