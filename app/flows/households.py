"""A household's own decisions that reception follows."""

from __future__ import annotations

from datetime import date

from app.catalogue.models import Municipality
from app.extensions import db
from app.reception import services as reception
from app.talent import services as talent
from app.talent.models import ConsentKind, Household, HouseholdStatus


def plan_move(profile: Household, *, status: HouseholdStatus, destination_code: str | None,
              job_start: date | None, arrival: date | None, offer_salary: int | None = None,
              permit_decision: date | None = None, works_before_arrival: bool = False) -> None:
    """The move as the household plans it; reception's case and follow-ups follow the dates and place."""
    if destination_code and db.session.get(Municipality, destination_code) is None:
        raise talent.ProfileError("unknown_municipality", field="destination")
    before, destination = profile.arrival_date, profile.destination_code
    talent.save_move(profile, status=status, destination_code=destination_code, job_start=job_start,
                     arrival=arrival, offer_salary=offer_salary, permit_decision=permit_decision,
                     works_before_arrival=works_before_arrival)
    reception.arrival_moved(profile, before)
    reception.destination_changed(profile, destination)
    reception.open_for_newcomer(profile)


def decide_consents(profile: Household, wanted: dict[ConsentKind, bool],
                    shown: dict[ConsentKind, str] | None = None) -> list:
    """Record the choices; reception follows. Withdrawing contact closes the household's open cases
    (the record stays for the archive); granting it opens them. Returns the cases opened."""
    recorded = talent.set_consents(profile, wanted, shown)
    contact = next((c for c in recorded if c.kind == ConsentKind.OFFICER_CONTACT), None)
    if contact is None:
        return []
    if not contact.granted:
        reception.consent_withdrawn(profile)
        return []
    return [c for c in (reception.open_for_newcomer(profile), *reception.open_for_hires(profile)) if c]
