#!/usr/bin/env python3
"""Build the packaged reference data (``app/catalogue/data/*.json``) from the shared domain facts.

A developer tool: run it when the facts in ``shared/domain`` change, review the diff and commit the
generated files. The application only ever reads the generated files.

    python scripts/build_reference_data.py [SOURCE_DIR]

Output is deterministic: records sorted by key, one record per line, keys sorted, UTF-8.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "domain"
OUT_DIR = REPO_ROOT / "app" / "catalogue" / "data"

EXPECTED_COUNTS = {
    "municipalities": 9,
    "services": 21,
    "housing_contacts": 14,
    "occupations": 426,
    "occupation_groups": 204,
}
# SCB's English label for 8189 is cut short at the source; ISCO-08's wording for the same group.
LABEL_EN_FIXES = {"8189": "Stationary plant and machine operators not elsewhere classified"}

Record = dict[str, Any]


def read_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def clean(text: str) -> str:
    """Trim and collapse runs of whitespace."""
    return " ".join(text.split())


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def rest(item: Record, used: Iterable[str]) -> Record:
    """The fields of ``item`` not already handled (notes, rules, confidence tags...), kept as they are."""
    skip = set(used)
    return {k: v for k, v in item.items() if k not in skip}


def build_municipalities(sam: Record) -> list[Record]:
    used = ("code", "name_sv", "name_en", "county_code", "county_sv", "county_en", "seat", "population",
            "population_date", "health_region", "subregions", "highlights", "attraction_contact")
    return [
        {
            "code": m["code"],
            "name_sv": m["name_sv"],
            "name_en": m["name_en"],
            "county": {"code": m["county_code"], "name_sv": m["county_sv"], "name_en": m["county_en"]},
            "seat": m["seat"],
            "population": m["population"],
            "population_date": m["population_date"],
            "health_region": m["health_region"],
            "subregions": sorted(m["subregions"]),
            "highlights": m["highlights"],
            "attraction_contact": m.get("attraction_contact"),
            **rest(m, used),
        }
        for m in sorted(sam["municipalities"], key=lambda m: m["code"])
    ]


def build_services(sam: Record) -> list[Record]:
    used = ("id", "name_sv", "name_en", "authority", "phase", "order", "prerequisites", "applies_to", "notes")
    services = [
        {
            "key": s["id"],
            "name_sv": s["name_sv"],
            "name_en": s["name_en"],
            "authority": s["authority"],
            "phase": s["phase"],
            "order": s["order"],
            "prerequisites": s["prerequisites"],
            "applies_to": s["applies_to"],
            "notes": s["notes"],
            **rest(s, used),
        }
        for s in sam["services"]
    ]
    return sorted(services, key=lambda s: (s["order"], s["key"]))


def build_housing_contacts(sam: Record) -> list[Record]:
    used = ("id", "name", "municipality_codes", "website")
    contacts = [
        {
            "key": h["id"],
            "name": h["name"],
            "municipality_codes": sorted(h["municipality_codes"]),
            "website": h.get("website"),
            **rest(h, used),
        }
        for h in sam["housing_contacts"]
    ]
    return sorted(contacts, key=lambda h: h["key"])


def build_occupations(source: Path, sam: Record) -> list[Record]:
    nodes = read_json(source / "ssyk2012_descriptions.json")["nodes"]
    in_demand = {o["ssyk_2012"]: o for o in sam["occupations"]}
    occupations = []
    for row in read_csv(source / "ssyk2012.csv"):
        code = row["code"]
        titles = [clean(s) for s in nodes.get(code, {}).get("synonyms", [])]
        synonyms = {t.casefold(): t for t in titles if t}
        listed = in_demand.get(code, {})
        occupations.append({
            "code": code,
            "label_sv": clean(row["label_sv"]),
            "label_en": LABEL_EN_FIXES.get(code, clean(row["label_en"])),
            "synonyms_sv": sorted(synonyms.values(), key=lambda s: (s.casefold(), s)),
            "in_demand": listed.get("yrkesbarometer_2026_1_national"),
            "industry_tags": sorted(listed.get("industry_tags", [])),
        })
    missing = sorted(set(in_demand) - {o["code"] for o in occupations})
    if missing:
        raise SystemExit(f"in-demand occupations not in ssyk2012.csv: {missing}")
    return sorted(occupations, key=lambda o: o["code"])


def build_occupation_groups(source: Path) -> list[Record]:
    groups = [
        {"code": g["code"], "level": int(g["level"]), "label_sv": clean(g["label_sv"]),
         "label_en": clean(g["label_en"])}
        for g in read_csv(source / "ssyk2012_groups.csv")
    ]
    return sorted(groups, key=lambda g: g["code"])


def build_industry_networks(sam: Record) -> list[Record]:
    networks = [
        {"key": slugify(n["name"]), "name": n["name"], "kind": n["kind"], "area": n["area"]}
        for n in sam["industry_networks"]
    ]
    return sorted(networks, key=lambda n: n["key"])


def full_date(value: str) -> str:
    """``2024-06`` -> ``2024-06-01``; full dates are returned unchanged."""
    return value if len(value) == 10 else f"{value}-01"


def build_settings(sam: Record) -> Record:
    meta = sam["meta"]
    project = meta["project"]
    threshold = meta["work_permit_salary_threshold"]
    values = [
        {
            "valid_from": full_date(v["valid_from"]),
            **({"valid_from_as_published": v["valid_from"]} if len(v["valid_from"]) != 10 else {}),
            "median": v["median"],
            "threshold": v["threshold"],
        }
        for v in threshold["values"]
    ]
    return {
        "sam_project": {k: project.get(k) for k in ("start", "end", "end_note")},
        "work_permit_salary_threshold": {
            "rule": threshold["rule"],
            "values": sorted(values, key=lambda v: v["valid_from"]),
        },
        "occupation_in_demand_source": meta.get("ssyk_note"),
    }


def check(data: dict[str, Any]) -> list[str]:
    """Fail on broken references or unexpected counts; return warnings worth a look."""
    for name, expected in EXPECTED_COUNTS.items():
        if len(data[name]) != expected:
            raise SystemExit(f"{name}: expected {expected} records, got {len(data[name])}")
    for name, key in (("municipalities", "code"), ("services", "key"), ("housing_contacts", "key"),
                      ("occupations", "code"), ("occupation_groups", "code"), ("industry_networks", "key")):
        keys = [r[key] for r in data[name]]
        if len(set(keys)) != len(keys):
            raise SystemExit(f"{name}: duplicate keys")
    codes = {m["code"] for m in data["municipalities"]}
    for h in data["housing_contacts"]:
        if unknown := set(h["municipality_codes"]) - codes:
            raise SystemExit(f"housing contact {h['key']}: unknown municipalities {sorted(unknown)}")
    service_keys = {s["key"] for s in data["services"]}
    return [
        f"service {s['key']}: prerequisite {p!r} is not a service key"
        for s in data["services"]
        for p in s["prerequisites"]
        if p not in service_keys
    ]


def dumps(data: Any) -> str:
    """One record per line for lists (small, readable diffs); indented for the settings object."""
    if isinstance(data, list):
        lines = [json.dumps(r, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for r in data]
        return "[\n" + ",\n".join(lines) + "\n]\n"
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE,
                        help=f"the shared domain folder (default: {DEFAULT_SOURCE})")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default: {OUT_DIR})")
    args = parser.parse_args(argv)

    sam = read_json(args.source / "sam_reference.json")
    data: dict[str, Any] = {
        "municipalities": build_municipalities(sam),
        "services": build_services(sam),
        "housing_contacts": build_housing_contacts(sam),
        "occupations": build_occupations(args.source, sam),
        "occupation_groups": build_occupation_groups(args.source),
        "industry_networks": build_industry_networks(sam),
        "settings": build_settings(sam),
    }
    for warning in check(data):
        print(f"warning: {warning}", file=sys.stderr)

    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in data.items():
        path = args.out / f"{name}.json"
        path.write_text(dumps(content), encoding="utf-8")
        size = path.stat().st_size
        count = len(content) if isinstance(content, list) else 1
        print(f"{path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}: "
              f"{count} records, {size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
