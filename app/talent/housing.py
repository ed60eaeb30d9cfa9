"""Housing advice for a household: which contacts apply in the destination and what their rules mean.

Pure functions over plain values, like the plan rules.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

# Contacts that work without a Swedish personal identity number, offered while a household has none.
WITHOUT_PERSONNUMMER = ("employer_housing", "private_landlords", "online_marketplaces")


@dataclass(frozen=True)
class ContactFacts:
    key: str
    name: str
    municipality_codes: tuple[str, ...]
    requires_id: str | None = None  # "personnummer" or "personnummer_or_samordningsnummer"
    bonus_points: int | None = None
    bonus_valid_months: int | None = None


@dataclass(frozen=True)
class HousingAdvice:
    contact: ContactFacts
    local: bool  # in the destination municipality (else region-wide)
    needs_id_warning: bool
    bonus_claim_by: date | None
    bonus_deadline_passed: bool = False


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def advise(contacts: list[ContactFacts], destination: str | None, *, job_start: date | None, has_job: bool,
           has_personnummer: bool, today: date) -> list[HousingAdvice]:
    """Contacts for ``destination`` first (then region-wide ones), each with what applies to this household."""
    advice = []
    for contact in contacts:
        local = destination is not None and destination in contact.municipality_codes
        if contact.municipality_codes and not local:
            continue
        claim_by = None
        if contact.bonus_points and contact.bonus_valid_months and has_job and job_start:
            claim_by = add_months(job_start, contact.bonus_valid_months)
        advice.append(HousingAdvice(
            contact=contact,
            local=local,
            needs_id_warning=bool(contact.requires_id) and not has_personnummer,
            bonus_claim_by=claim_by,
            bonus_deadline_passed=claim_by is not None and claim_by < today,
        ))
    return sorted(advice, key=lambda a: (not a.local, a.contact.name.casefold()))
