"""The arrival plan in the household's own calendar: an iCalendar document (RFC 5545, made by ``icalendar``)
with each step to do on its suggested date, the arrival and the first working day, and deadlines (the last
day to claim a housing company's work-mover bonus) with alarms a week and a day before.

Every event lasts the whole day (a date, no time zone): a step is suggested for a day, not an hour. Event
ids are stable per household and step, so a calendar that polls the subscription updates the events it
has instead of adding new ones, and drops those the plan no longer has (a step done, a date removed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from icalendar import Alarm, Event

from app.catalogue.models import HousingContact, MunicipalService
from app.i18n import current_locale, localized
from app.ical import new_calendar
from app.talent.housing import HousingAdvice
from app.talent.models import Household, PlanStep, StepStatus
from app.talent.services import Serving
from app.talent.texts import condition_text, reason_text

REFRESH = timedelta(hours=12)  # how often a subscribed calendar should ask again (RFC 7986 REFRESH-INTERVAL)
# Alarms before a deadline, from the start of its day: 09:00 a week before and 09:00 the day before.
DEADLINE_ALARMS = (timedelta(days=7) - timedelta(hours=9), timedelta(days=1) - timedelta(hours=9))


@dataclass(frozen=True)
class Entry:
    """One all-day event, in the reader's words."""

    uid: str
    day: date
    summary: str
    description: str
    url: str | None = None
    deadline: bool = False  # alarms before it
    modified: datetime | None = None


def _named(serving: Serving) -> str:
    return f"{serving.name} ({serving.link})" if serving.link else serving.name


def _step_text(step: PlanStep, titles: dict[str, str], local: MunicipalService | None, place: str,
               serves: list[Serving]) -> str:
    locale = current_locale()
    lines = [step.service.description(locale)]
    if serves and step.service.authority_by != "service_office":  # the region, municipality or companies here
        lines.append(_("Who: %(who)s", who=", ".join(map(_named, serves))))
    else:
        who = step.service.who(locale)
        lines.append(_("Who: %(who)s", who=who) + (f" ({step.service.link})" if step.service.link else ""))
        lines.extend(_("Where to go:") + " " + _named(office) for office in serves)
    if local is not None and (local.contact(locale) or local.link):
        lines.append(_("In %(place)s:", place=place) + " " + " ".join(
            part for part in (local.contact(locale), local.link) if part))
    lines.extend(reason_text(reason) for reason in step.reasons)
    if step.prerequisites:
        lines.append(_("First:") + " " + ", ".join(titles.get(key, key) for key in step.prerequisites))
    if step.conditions:
        lines.append(_("You need:") + " " + ", ".join(condition_text(c) for c in step.conditions))
    return "\n".join(line for line in lines if line)


def entries_for(profile: Household, steps: Sequence[PlanStep], housing: Iterable[tuple[HousingContact, HousingAdvice]],
                local: dict[str, MunicipalService], serving: dict[str, list[Serving]], plan_url: str,
                today: date) -> list[Entry]:
    """The household's dated plan as events, in the current locale (the caller chooses the reader's)."""
    host = urlsplit(plan_url).hostname or "landa"
    place = localized(profile.destination, "name") if profile.destination else ""
    titles = {s.service_key: localized(s.service, "name") for s in steps}
    entries = [
        Entry(uid=f"plan-{profile.id}-{step.service_key}@{host}", day=step.suggested_date,
              summary=titles[step.service_key], url=f"{plan_url}#step-{step.id}", modified=step.updated_at,
              description=_step_text(step, titles, local.get(step.service_key), place,
                                     serving.get(step.service.authority_by or "", [])))
        for step in steps
        if step.applies and step.status == StepStatus.TODO and step.suggested_date is not None
    ]
    if profile.arrival_date:
        entries.append(Entry(
            uid=f"arrival-{profile.id}@{host}", day=profile.arrival_date, url=plan_url,
            summary=_("You arrive in %(place)s", place=place) if place else _("You arrive in Sweden"),
            description=_("The day your household plans to arrive. Your plan's dates follow from it.")))
    if profile.job_start_date:
        entries.append(Entry(
            uid=f"job-start-{profile.id}@{host}", day=profile.job_start_date, url=plan_url,
            summary=_("Your first working day"),
            description=_("The start date of your job, as you gave it in your profile.")))
    for contact, advice in housing:
        if advice.bonus_claim_by is None or advice.bonus_claim_by < today:
            continue
        name = contact.label(current_locale())
        entries.append(Entry(
            uid=f"housing-bonus-{profile.id}-{contact.key}@{host}", day=advice.bonus_claim_by, deadline=True,
            url=contact.website or plan_url,
            summary=_("Last day to claim the work-mover bonus at %(company)s", company=name),
            description=_("%(company)s gives %(points)d extra queue points to people who move here for a new job, "
                          "if they are claimed by this day (with a certificate from your employer).",
                          company=name, points=advice.contact.bonus_points or 0)))
    return sorted(entries, key=lambda e: (e.day, e.summary))


def document(entries: Iterable[Entry], *, name: str, now: datetime, subscription: bool) -> bytes:
    """The iCalendar text of ``entries``: a file to import (``METHOD:PUBLISH``) or a subscription (which
    also says how often to ask again)."""
    calendar = new_calendar("Arrival plan//" + current_locale().upper(), name, REFRESH if subscription else None)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", now)
        if entry.modified is not None:
            event.add("last-modified", entry.modified)
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        event.add("transp", "TRANSPARENT")  # a reminder of something to do, not a busy day
        if entry.url:
            event.add("url", entry.url)
        if entry.deadline:
            for before in DEADLINE_ALARMS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", entry.summary)
                alarm.add("trigger", -before)
                event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
