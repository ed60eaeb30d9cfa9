"""The right of access (GDPR art. 15): everything Landa holds about a household, as one JSON document.

``export(profile)`` reads, it changes nothing; the view or the API operation records with
``record_export`` that the person took their data and commits. The document is plain JSON: dates and
times are ISO 8601 strings (times in UTC), enums are their stored keys, reference data (municipalities,
services, occupations) is named in the account's language next to its code.

What it leaves out, on purpose: password hashes, the digests of API tokens and survey links, session
data, and the bodies of e-mails (they repeat what the export holds elsewhere, or carried a sign-in link).
Staff and employers appear by name and role only, never with their e-mail address.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.audit.services import record
from app.auth.models import ApiToken, User
from app.employers.models import CompetenceNeed, ContactRequest, Hire, Interest
from app.events.services import export_for as event_registrations_of
from app.extensions import db
from app.leads.services import export_for as leads_of
from app.matching.models import TalentCard, TalentCardOccupation
from app.models import utcnow
from app.outbox.models import Notice, OutgoingEmail
from app.privacy.trail import emails_to, person_trail
from app.reception.models import Case, CaseEvent, CaseMessage, CaseNote, ReceptionRequest, Referral
from app.talent.models import CalendarFeed, Household, HouseholdMember

FORMAT = "landa-export-1"

# Every table that holds data about a household or its account, and the part of the export that holds
# it. tests/talent/test_privacy_export.py compares these two lists with the schema: a new table that
# references a profile or an account (or a table listed here) fails the test until it is added to one.
COVERED = {
    "user_account": "account",
    "newcomer_profile": "profile",
    "household_member": "household",
    "member_language": "household[].languages",
    "member_occupation": "household[].occupations",
    "profile_skill": "skills",
    "municipality_preference": "municipality_preferences",
    "consent": "consents",
    "plan_step": "plan",
    "calendar_feed": "plan_calendar",
    "talent_card": "matching_card",
    "talent_card_occupation": "matching_card.occupations",
    "need_interest": "interests",
    "contact_request": "contact_requests",
    "contact_reveal": "audit (revealed_to_employer)",
    "hire": "hires",
    "reception_case": "reception_cases",
    "reception_case_event": "reception_cases[].status_history",
    "reception_task": "reception_cases[].tasks",
    "reception_note": "reception_cases[].internal_notes",
    "reception_message": "reception_cases[].messages",
    "reception_referral": "reception_cases[].referrals",
    "reception_follow_up": "reception_cases[].follow_ups",
    "reception_request": "reception_requests",
    "reception_inbox_item": "reception_cases[].new_for_reception",
    "api_token": "api_tokens",
    "audit_entry": "audit",
    "outgoing_email": "emails",
    "notice": "notices",
    "lead": "leads",  # the lead the household registered through, and any other left with its address
    "lead_municipality": "leads[].municipalities",
    "signup_campaign": "signup_campaign",
    "event_registration": "event_registrations",
}
# Tables that reference an account only as the member of staff or the employer who did something.
NOT_ABOUT_THE_HOUSEHOLD = {
    "service": "reference data; edited_by_id is the member of staff who edited its texts",
    "housing_contact": "reference data; edited_by_id is the member of staff who edited its texts",
    "municipal_service": "reference data; edited_by_id is the member of staff who edited its texts",
    "organisation_member": "employer accounts in their organisations; a newcomer's account is in none",
    "organisation_decision": "a reviewer's decision about an organisation",
    "organisation_invitation": "an employer's invitation of a colleague",
    "retention_rule": "settings; updated_by_id is the administrator who last changed a rule",
    "event": "an event; created_by_id is the officer, coordinator or employer who organised it",
    "place_text": "a Move page's text block; author_id is the officer or coordinator who wrote it",
    "two_factor_backup_code": "staff accounts' two-factor backup codes (two-factor sign-in is for staff only)",
    "insights_household_outcome": "a copy the region's figures count, derived from what the export already"
                                  " holds (stages reached, destination, household type, the newcomer's"
                                  " gender and year of birth); rebuilt every 15 minutes, removed at erasure",
    "web_session": "sign-in sessions: who is signed in, the language and the page's token, for at most "
                   "SESSION_LIFETIME_HOURS; destroyed at sign-out and on every device at erasure",
}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _value(enum_value) -> str | None:
    return enum_value.value if enum_value is not None else None


def _person(user: User | None) -> dict | None:
    """Who did something: a name and a role only (None: Landa itself, e.g. a scheduled job)."""
    return {"name": user.full_name, "role": user.role.value} if user is not None else None


def _need(need: CompetenceNeed) -> dict:
    return {"id": need.id, "title": need.title, "organisation": need.organisation.name}


def export(profile: Household) -> dict:
    """Everything Landa holds about ``profile``'s household and account, as a JSON-serialisable dict."""
    user = profile.user
    locale = user.locale
    cases = _cases(profile)
    emails = _emails(user)
    return {
        "format": FORMAT,
        "generated_at": _iso(utcnow()),
        "account": {
            "full_name": user.full_name, "email": user.email, "locale": user.locale, "role": user.role.value,
            "active": user.active, "created_at": _iso(user.created_at), "updated_at": _iso(user.updated_at),
            "last_login_at": _iso(user.last_login_at),
        },
        "profile": {
            "id": profile.id, "phone": profile.phone, "citizenship": _value(profile.citizenship),
            "current_country": profile.current_country, "current_city": profile.current_city,
            "education": _value(profile.education), "years_experience": profile.years_experience,
            "status": profile.status.value, "destination_code": profile.destination_code,
            "destination": profile.destination.label(locale) if profile.destination else None,
            "open_to_all_municipalities": profile.open_to_all_municipalities, "job_alerts": profile.job_alerts,
            "plan_reminders": profile.plan_reminders,
            "offer_salary": profile.offer_salary,
            "job_start_date": _iso(profile.job_start_date), "arrival_date": _iso(profile.arrival_date),
            "works_before_arrival": profile.works_before_arrival,
            "permit_decision_date": _iso(profile.permit_decision_date),
            "completed_steps": list(profile.completed_steps or []), "confirmed_at": _iso(profile.confirmed_at),
            "created_at": _iso(profile.created_at), "updated_at": _iso(profile.updated_at),
        },
        "household": [_member(m, locale) for m in profile.members],
        "skills": [s.label for s in profile.skills],
        "municipality_preferences": [
            {"rank": p.rank, "municipality_code": p.municipality_code, "municipality": p.municipality.label(locale)}
            for p in profile.preferences],
        "consents": [
            {"kind": c.kind.value, "granted": c.granted, "text_version": c.text_version,
             "recorded_at": _iso(c.recorded_at)} for c in profile.consents if c.member_id is None],
        "plan": [
            {"service_key": s.service_key, "service": s.service.label(locale), "position": s.position,
             "status": s.status.value, "suggested_date": _iso(s.suggested_date), "applies": s.applies,
             "reasons": s.reasons, "prerequisites": s.prerequisites, "conditions": s.conditions,
             "created_at": _iso(s.created_at), "updated_at": _iso(s.updated_at)} for s in profile.plan_steps],
        "plan_calendar": [
            {"created_at": _iso(f.created_at), "last_read_at": _iso(f.last_read_at), "address": "kept only as a digest"}
            for f in db.session.scalars(select(CalendarFeed).where(CalendarFeed.profile_id == profile.id))],
        "matching_card": _card(profile),
        # The account holder's own dealings with employers; a partner's are theirs (their own page shows them).
        "interests": [{"need": _need(i.need), "created_at": _iso(i.created_at)} for i in _rows(Interest, profile)],
        "contact_requests": [
            {"id": r.id, "need": _need(r.need), "status": r.status.value, "message": r.message,
             "created_at": _iso(r.created_at), "answered_at": _iso(r.answered_at)}
            for r in _rows(ContactRequest, profile)],
        "hires": [{"need": _need(h.need), "start_date": _iso(h.start_date), "created_at": _iso(h.created_at)}
                  for h in _rows(Hire, profile)],
        "reception_cases": [_case(case, locale) for case in cases],
        "reception_requests": [
            {"municipality_code": r.municipality_code, "officer": r.requested_by.full_name if r.requested_by else None,
             "requested_at": _iso(r.requested_at), "expected_arrival": _iso(r.expected_arrival), "note": r.note,
             "accepted": r.accepted, "answered_at": _iso(r.answered_at)}
            for r in db.session.scalars(select(ReceptionRequest).where(ReceptionRequest.profile_id == profile.id)
                                        .order_by(ReceptionRequest.id))],
        "api_tokens": [
            {"name": t.name, "scope": t.scope.value, "created_at": _iso(t.created_at),
             "expires_at": _iso(t.expires_at), "last_used_at": _iso(t.last_used_at),
             "revoked_at": _iso(t.revoked_at)}  # never the digest
            for t in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))],
        "emails": [
            {"kind": e.kind, "subject": e.subject, "to": e.to_address, "locale": e.locale, "status": e.status.value,
             "created_at": _iso(e.created_at), "sent_at": _iso(e.sent_at)} for e in emails],
        "notices": [
            {"kind": n.kind, "period": n.period, "created_at": _iso(n.created_at)}
            for n in db.session.scalars(select(Notice).where(Notice.user_id == user.id).order_by(Notice.id))],
        **leads_of(user, locale),  # "leads" and "signup_campaign"
        "event_registrations": event_registrations_of(user, locale),
        "audit": _audit(profile, [c.id for c in cases], [e.id for e in emails]),
    }


def record_export(user: User, profile: Household, via: str) -> None:
    """The person took a copy of their data (``via`` "web" or "api"); the caller commits."""
    record(user, "exported", "profile", profile.id, profile.id, via=via)


def _member(member: HouseholdMember, locale: str) -> dict:
    return {
        "id": member.id, "relation": member.relation.value, "first_name": member.first_name,
        "birth_year": member.birth_year, "gender": member.gender.value if member.gender else None,
        "home_language": member.home_language,
        "seeking_work": member.seeking_work, "job_alerts": member.job_alerts, "email": member.email,
        "moving": member.moving.value, "follows_on": _iso(member.follows_on),
        "languages": [{"language": e.language, "level": e.level.value} for e in member.languages],
        "occupations": [{"code": o.occupation_code, "label": o.occupation.label(locale)} for o in member.occupations],
        "created_at": _iso(member.created_at), "updated_at": _iso(member.updated_at),
    }


def _card(profile: Household) -> dict | None:
    """The search's copy of the account holder's facts (``app.matching``): nothing that is not above, but held.
    (A partner's card carries the partner's own decision: theirs, not the account holder's.)"""
    card = db.session.get(TalentCard, profile.me.id) if profile.me else None
    if card is None:
        return None
    return {"matching_consent": card.matching_consent, "confirmed_at": _iso(card.confirmed_at),
            "places": card.places, "open_to_all": card.open_to_all, "swedish": card.swedish,
            "english": card.english, "skills": card.skills, "available_from": _iso(card.available_from),
            "occupations": list(db.session.scalars(select(TalentCardOccupation.occupation_code).where(
                TalentCardOccupation.member_id == card.member_id).order_by(TalentCardOccupation.occupation_code)))}


def _rows(model, profile: Household) -> list:
    """The account holder's own rows of ``model`` (interest, contact requests, hires)."""
    own = profile.me.id if profile.me else None
    return list(db.session.scalars(
        select(model).where(model.profile_id == profile.id, model.member_id == own)
        .options(selectinload(model.need).selectinload(CompetenceNeed.organisation)).order_by(model.id)))


def _cases(profile: Household) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.profile_id == profile.id)
        .options(selectinload(Case.municipality), selectinload(Case.assigned_officer),
                 selectinload(Case.events).selectinload(CaseEvent.actor), selectinload(Case.tasks),
                 selectinload(Case.notes).selectinload(CaseNote.author),
                 selectinload(Case.messages).selectinload(CaseMessage.author),
                 selectinload(Case.referrals).selectinload(Referral.service),
                 selectinload(Case.referrals).selectinload(Referral.housing), selectinload(Case.follow_ups),
                 selectinload(Case.inbox))
        .order_by(Case.id)))


def _case(case: Case, locale: str) -> dict:
    return {
        "id": case.id, "municipality_code": case.municipality_code,
        "municipality": case.municipality.label(locale), "status": case.status.value,
        "closing_reason": _value(case.closing_reason), "source": case.source.value,
        "officer": case.assigned_officer.full_name if case.assigned_officer else None,  # the name only
        "expected_arrival": _iso(case.expected_arrival), "opened_at": _iso(case.opened_at),
        "closed_at": _iso(case.closed_at),
        "status_history": [{"from": _value(e.from_status), "to": e.to_status.value, "at": _iso(e.at),
                            "by": _person(e.actor)} for e in case.events],
        "messages": [{"from_household": m.from_household, "author": m.author.full_name if m.author else None,
                      "body": m.body, "created_at": _iso(m.created_at), "read_at": _iso(m.read_at)}
                     for m in case.messages],
        "referrals": [{"service_key": r.service_key, "housing_key": r.housing_key,
                       "to": (r.service or r.housing).label(locale), "status": r.status.value,
                       "note": r.note, "created_at": _iso(r.created_at), "updated_at": _iso(r.updated_at)}
                      for r in case.referrals],
        "follow_ups": [{"days_after_arrival": f.offset_days, "due_on": _iso(f.due_on), "status": f.status.value,
                        "sent_at": _iso(f.sent_at), "answered_at": _iso(f.answered_at),
                        "answers": {"settled": f.settled, "housing": _value(f.housing),
                                    "partner_work": _value(f.partner_work), "trouble": f.trouble}
                        if f.answered_at else None} for f in case.follow_ups],  # never the link's digest
        # Officers write notes and tasks for each other, and the household does not see them in Landa. They are
        # personal data about the household all the same (GDPR art. 15 gives access to them), so they are here.
        "internal_notes": [{"author": n.author.full_name if n.author else None, "body": n.body,
                            "created_at": _iso(n.created_at)} for n in sorted(case.notes, key=lambda n: n.id)],
        # What reception was told was new on the case (a reply, a worrying answer...) and when an officer saw it.
        "new_for_reception": [{"kind": i.kind.value, "at": _iso(i.at), "seen_at": _iso(i.seen_at)} for i in case.inbox],
        "tasks": [{"title": t.title, "kind": t.kind, "due_on": _iso(t.due_on), "created_at": _iso(t.created_at),
                   "done_at": _iso(t.done_at)} for t in sorted(case.tasks, key=lambda t: t.id)],
    }


def _emails(user: User) -> list[OutgoingEmail]:
    return list(db.session.scalars(emails_to(user)))


def _audit(profile: Household, case_ids: list[int], email_ids: list[int]) -> list[dict]:
    """Who saw or changed what of the household's data, and when, oldest first (``person_trail`` says what)."""
    events = person_trail(profile.user, profile.id, case_ids=case_ids, email_ids=email_ids)
    return [{"at": _iso(e.at), "by": _person(e.actor), "action": e.action, "object_type": e.object_type,
             "object_id": e.object_id, "detail": e.detail} for e in reversed(events)]
