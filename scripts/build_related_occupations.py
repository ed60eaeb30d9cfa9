#!/usr/bin/env python3
"""Build ``app/matching/data/related_occupations.json`` (which SSYK unit groups are close or related)
and ``app/matching/data/skills.json`` (the Taxonomy's skills: the vocabulary offered when people type).

A developer tool, like ``build_reference_data.py``: run it when the JobTech export in
``shared/domain/jobtech`` changes, review the diff and commit the generated file. The application
only reads the generated file (``app.matching.occupations``).

    python scripts/build_related_occupations.py [SOURCE_DIR]

How two unit groups are judged (both directions alike):

* **similarity**: the share of the skills Arbetsförmedlingen's JobTech Taxonomy relates to either
  group that both groups have, each skill weighted by how rare it is (log of groups / groups with the
  skill), so that "hot work certificate" (45 groups) counts far less than "Unity" (2 groups);
* **close**: similarity at least ``CLOSE``, or the same SSYK minor group (3 digits) with similarity at
  least ``CLOSE_WITHIN_MINOR_GROUP``;
* **related**: similarity at least ``RELATED``, or the same SSYK minor group (where the data is thin,
  the hierarchy decides), or a pair in ``CURATED`` (occupations on one career ladder that the
  skill data does not tie together, each with its reason);
* anything else is unrelated: a match in an unrelated occupation is not listed.

The JobTech file names unit groups by Swedish label and has no SSYK code. 358 labels equal a label in
``ssyk2012.csv``; the other 42 are mapped by hand in ``LABELS`` below (checked against SCB's
definitions: the Taxonomy merges the managers' "nivå 1/nivå 2" pairs and a few undersköterska
groups). The build stops if a label is neither equal nor mapped.

Output is deterministic: pairs sorted, one per line.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "domain"
OUT = REPO_ROOT / "app" / "matching" / "data" / "related_occupations.json"
SKILLS_OUT = OUT.parent / "skills.json"

CLOSE = 0.25
CLOSE_WITHIN_MINOR_GROUP = 0.10
RELATED = 0.12

# JobTech label -> the SSYK 2012 codes it stands for (checked by hand; military groups 0110, 0210 and
# 0310 are not in Landa's occupation list).
LABELS: dict[str, tuple[str, ...]] = {
    "Arkiv- och biblioteksassistenter m.fl.": ("4410",),
    "Bergsprängare": ("8115",),
    "Bilrekonditionerare, fönsterputsare m.fl.": ("9120",),
    "Chefer inom arkitekt- och ingenjörsverksamhet": ("1341", "1342"),
    "Chefer inom bank, finans och försäkring": ("1611", "1612"),
    "Chefer inom förskoleverksamhet": ("1421", "1422"),
    "Chefer inom friskvård, sport och fritid": ("1741", "1742"),
    "Chefer inom grund- och gymnasieskola samt vuxenutbildning": ("1411", "1412"),
    "Chefer inom handel": ("1731", "1732"),
    "Chefer inom hälso- och sjukvård": ("1511", "1512"),
    "Chefer inom socialt och kurativt arbete": ("1521", "1522"),
    "Chefer inom äldreomsorg": ("1531", "1532"),
    "Driftchefer inom bygg, anläggning och gruva": ("1361", "1362"),
    "Ekonomi- och finanschefer": ("1211", "1212"),
    "Fastighets- och förvaltningschefer": ("1351", "1352"),
    "Forsknings- och utvecklingschefer": ("1331", "1332"),
    "Fysioterapeuter och sjukgymnaster": ("2272",),
    "Försäljnings- och marknadschefer": ("1251", "1252"),
    "Grafiska formgivare m.fl.": ("2172",),
    "Hotell- och konferenschefer": ("1711", "1712"),
    "IT-chefer": ("1311", "1312"),
    "Informations-, kommunikations- och PR-chefer": ("1241", "1242"),
    "Inköps-, logistik- och transportchefer": ("1321", "1322"),
    "Ljus-, ljud- och scentekniker": ("3522",),
    "Odlare av jordbruksväxter, frukt och bär": ("6111",),
    "Officerare": (),
    "Personal- och HR-chefer": ("1221", "1222"),
    "Processoperatörer, stenkross- och malmförädling": ("8112",),
    "Produktionschefer inom tillverkning": ("1371", "1372"),
    "Restaurang- och kökschefer": ("1721", "1722"),
    "Soldater m.fl.": (),
    "Specialistofficerare": (),
    "Torg- och marknadsförsäljare m.fl.": ("9520",),
    "Undersköterskor, hemtjänst, hemsjukvård, äldreboende och habilitering": ("5321", "5322"),
    "Undersköterskor, vård- och specialavdelning och mottagning": ("5323", "5324"),
    "Övriga administrations- och servicechefer": ("1291", "1292"),
    "Övriga chefer inom samhällsservice": ("1591", "1592"),
    "Övriga chefer inom utbildning": ("1491", "1492"),
    "Övriga chefer inom övrig servicenäring": ("1791", "1792"),
    "Övriga maskinoperatörer, livsmedelsindustri m.m.": ("8169",),
    "Övriga process- och maskinoperatörer": ("8189",),
    "Övriga universitets- och högskolelärare": ("2319",),
}

# Career ladders the skill data misses (the Taxonomy lists engineers' design skills and operators'
# machine skills, not the process both work on). Related, never close.
CURATED: dict[tuple[str, str], str] = {
    ("2145", "8192"): "chemical process: process engineer and chemical process operator",
    ("3115", "8192"): "chemical process: process technician and chemical process operator",
    ("2146", "8193"): "metal production: process engineer and metal process operator",
    ("3116", "8193"): "metal production: process technician and metal process operator",
    ("2146", "8112"): "mining: process engineer and ore processing operator",
    ("3116", "8112"): "mining: process technician and ore processing operator",
    ("3115", "8171"): "pulp: process technician and pulp plant operator",
    ("3115", "8172"): "paper: process technician and paper plant operator",
    ("3113", "7411"): "electrical: electrical engineering technician and installation electrician",
    ("3114", "7233"): "maintenance: mechanical engineering technician and maintenance mechanic",
}


def read_codes(source: Path) -> dict[str, str]:
    with (source / "ssyk2012.csv").open(encoding="utf-8", newline="") as f:
        return {row["code"]: row["label_sv"] for row in csv.DictReader(f)}


def read_skills(source: Path, codes: dict[str, str]) -> dict[str, frozenset[str]]:
    """Each SSYK code's related skill ids, from the JobTech export."""
    concepts = json.loads((source / "jobtech" / "ssyk-level-4-with-related-skills.json").read_text("utf-8"))
    by_label = {label.casefold(): code for code, label in codes.items()}
    skills: dict[str, frozenset[str]] = {}
    unknown = []
    for concept in concepts["data"]["concepts"]:
        label = concept["preferred_label"]
        targets = LABELS.get(label) if label in LABELS else (
            (by_label[label.casefold()],) if label.casefold() in by_label else None)
        if targets is None:
            unknown.append(label)
            continue
        for code in targets:
            if code not in codes:
                raise SystemExit(f"LABELS maps {label!r} to {code}, which is not in ssyk2012.csv")
            skills[code] = frozenset(s["id"] for s in concept["related"] if s.get("type", "skill") == "skill")
    if unknown:
        raise SystemExit(f"JobTech labels neither in ssyk2012.csv nor mapped in LABELS: {sorted(unknown)}")
    return skills


def read_vocabulary(source: Path) -> list[list]:
    """Every skill concept once: [id, Swedish label, how many unit groups relate to it], by label."""
    concepts = json.loads((source / "jobtech" / "ssyk-level-4-with-related-skills.json").read_text("utf-8"))
    labels: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for concept in concepts["data"]["concepts"]:
        for skill in concept["related"]:
            if skill.get("type", "skill") == "skill":
                labels[skill["id"]] = " ".join(skill["preferred_label"].split())
                counts[skill["id"]] += 1
    return sorted(([i, labels[i], counts[i]] for i in labels), key=lambda row: (row[1].casefold(), row[0]))


def similarity(a: frozenset[str], b: frozenset[str], weight: dict[str, float]) -> float:
    union = sum(weight[s] for s in a | b)
    return sum(weight[s] for s in a & b) / union if union else 0.0


def build(source: Path) -> dict:
    codes = read_codes(source)
    skills = read_skills(source, codes)
    counts = Counter(s for group in skills.values() for s in group)
    weight = {s: math.log(len(skills) / n) for s, n in counts.items()}
    for pair in CURATED:
        missing = [c for c in pair if c not in codes]
        if missing:
            raise SystemExit(f"CURATED names codes not in ssyk2012.csv: {missing}")
    pairs = []
    ordered = sorted(codes)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            value = similarity(skills.get(a, frozenset()), skills.get(b, frozenset()), weight)
            minor = a[:3] == b[:3]
            if value >= CLOSE or (minor and value >= CLOSE_WITHIN_MINOR_GROUP):
                tier, why = "close", "skills" if value >= CLOSE else "skills+group"
            elif value >= RELATED:
                tier, why = "related", "skills"
            elif minor:
                tier, why = "related", "group"
            elif (a, b) in CURATED:
                tier, why = "related", "curated"
            else:
                continue
            pairs.append([a, b, tier, round(value, 3), why])
    return {
        "source": "JobTech Taxonomy (Arbetsförmedlingen, CC0): SSYK 2012 unit groups and their related "
                  "skills; SSYK 2012 hierarchy (SCB)",
        "rule": {"close": CLOSE, "close_within_minor_group": CLOSE_WITHIN_MINOR_GROUP, "related": RELATED},
        "without_skill_data": sorted(set(codes) - set(skills)),
        "curated": {f"{a}-{b}": why for (a, b), why in sorted(CURATED.items())},
        "pairs": pairs,
    }


def dumps(data: dict) -> str:
    head = {k: v for k, v in data.items() if k != "pairs"}
    text = json.dumps(head, ensure_ascii=False, sort_keys=True, indent=1)[:-2]
    rows = ",\n".join(json.dumps(p, ensure_ascii=False) for p in data["pairs"])
    return f'{text},\n "pairs": [\n{rows}\n ]\n}}\n'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help=f"the shared domain folder (default: {DEFAULT_SOURCE})")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output file (default: {OUT})")
    args = parser.parse_args(argv)
    data = build(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(dumps(data), encoding="utf-8")
    vocabulary = read_vocabulary(args.source)
    SKILLS_OUT.write_text("[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in vocabulary) + "\n]\n",
                          encoding="utf-8")
    print(f"{SKILLS_OUT}: {len(vocabulary)} skills")
    tiers = Counter(p[2] for p in data["pairs"])
    print(f"{args.out}: {tiers['close']} close and {tiers['related']} related pairs, "
          f"{len(data['without_skill_data'])} groups without skill data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
