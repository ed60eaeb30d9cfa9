"""The right to erasure (GDPR art. 17), within the archive law (arkivlagen 1990:782).

``erase_household(user)`` removes everything that says who the household is, and keeps, anonymised, what a
municipality must keep as a public record and what the published figures count:

- **Removed**: the account's name and e-mail address (replaced by a placeholder, sign-in impossible: an
  unusable password, the account inactive, every session ended), the profile's facts (phone, city, country,
  citizenship, education, experience, dates), the partner and children, every language, occupation and
  skill, the municipality preferences, the arrival plan (its reasons name the children), the matching card,
  interests in needs and employers' contact requests (with who saw the name: matchmaking is no record a
  municipality keeps), API tokens, and every e-mail to the account (pending ones are never sent).
- **Kept, anonymised**: the profile row itself (its destination and status: "households heading here" and
  "registered households" are counted from it) with one placeholder member; each reception case with its
  status, municipality, dates, status history, tasks (their titles blanked), follow-ups (their answers are
  choices and numbers; the survey link is revoked), messages and notes (their bodies blanked) and referrals
  (their notes blanked), so the municipality's dashboard and archive keep their counts; hires (positions
  filled); the audit trail, whose entries now point to the placeholder account (a pseudonym: the same
  number, no name) and lose any text that quoted the person.
- **Kept as they are: the consent history.** Each row says which text version was granted or withdrawn
  and when, nothing else; it is the proof that the processing until now was lawful (art. 7(1)), so it is
  kept with the pseudonymous profile, and erasure adds a withdrawal of every consent still granted.

An employer's account (``erase_household`` serves every account; an employer has no household) also leaves
its organisations and their pending invitations to its address, and an organisation whose contact it was
keeps no contact name, address or phone. The organisation, its needs and hires stay: they are a company's,
not a person's; what its members did is kept with the placeholder account, shown by organisation.

``anonymise_case(case)`` is the case part alone; the retention job (``app.privacy.retention``) uses it for
cases closed longer ago than the administrator's rule. Both are idempotent and never commit.

Parts above this module that keep something derived from a household (the insights' outcome rows) listen to
``household_erased`` and remove it in the same transaction, so erasure needs to know none of them.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from blinker import Namespace
from markupsafe import escape
from sqlalchemy import delete, func, or_, select, update

from app.audit.guard import rewriting_audit
from app.audit.models import AuditEntry
from app.audit.services import record
from app.auth.models import ApiToken, BackupCode, Role, User
from app.auth.passwords import hash_password
from app.employers.models import (
    ContactRequest,
    Interest,
    Organisation,
    OrganisationInvitation,
    OrganisationMember,
)
from app.events.services import erase_registrations
from app.extensions import db
from app.leads.services import erase_for as erase_leads
from app.matching.models import TalentCard, TalentCardOccupation
from app.models import utcnow
from app.outbox.models import Notice, OutgoingEmail
from app.reception.models import Case, CaseMessage, CaseNote, CaseTask, FollowUp, ReceptionRequest, Referral
from app.talent.models import (
    Household,
    HouseholdMember,
    MemberLanguage,
    MemberOccupation,
    MunicipalityPreference,
    PlanStep,
    Relation,
)
from app.talent.services import current_consents, set_consents

ERASED = "[erased]"  # what stands where a name or a text was; templates show it as it is
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: no mail is ever delivered to .invalid


@dataclass
class Erasure:
    profile_id: int | None
    cases: int = 0
    removed: dict[str, int] = field(default_factory=dict)


def placeholder_email(user_id: int) -> str:
    return f"erased-{user_id}@{ERASED_DOMAIN}"


def anonymise_case(case: Case, personal: tuple[str, ...] = ()) -> bool:
    """Blank the free text of ``case`` (messages, notes, task titles, referral notes) and revoke its survey
    links; status, municipality, dates and counts stay. False if it was anonymised already."""
    if case.anonymised_at is not None:
        return False
    db.session.execute(update(CaseMessage).where(CaseMessage.case_id == case.id).values(body=ERASED))
    db.session.execute(update(CaseNote).where(CaseNote.case_id == case.id).values(body=ERASED))
    db.session.execute(update(CaseTask).where(CaseTask.case_id == case.id).values(title=ERASED))
    db.session.execute(update(Referral).where(Referral.case_id == case.id).values(note=""))
    db.session.execute(update(FollowUp).where(FollowUp.case_id == case.id).values(token_digest=None))
    # The trail of a task repeats its title.
    _scrub_audit(select(AuditEntry).where(AuditEntry.object_type == "case", AuditEntry.object_id == case.id),
                 personal, drop=("title",))
    case.anonymised_at = utcnow()
    db.session.flush()
    db.session.expire(case)
    record(None, "anonymised", "case", case.id, case.profile_id)
    return True


household_erased = Namespace().signal("household-erased", doc="sent with the profile id, inside the transaction")


def erase_household(user: User) -> Erasure:
    """Erase ``user``'s account and household as described above; the caller commits and signs them out."""
    profile = db.session.scalar(select(Household).where(Household.user_id == user.id))
    result = Erasure(profile.id if profile else None)
    if user.erased_at is not None:
        return result
    personal = _personal_strings(user, profile)
    addresses = {user.email.lower()} | {m.email.lower() for m in (profile.members if profile else []) if m.email}
    removed = result.removed

    def remove(name: str, statement) -> None:
        removed[name] = removed.get(name, 0) + (db.session.execute(statement).rowcount or 0)

    if profile is not None:
        for case in db.session.scalars(select(Case).where(Case.profile_id == profile.id).order_by(Case.id)):
            result.cases += anonymise_case(case, personal)
        # Proof of lawful processing until today: the history stays, and every consent ends now.
        set_consents(profile, {kind: False for kind, row in current_consents(profile).items() if row and row.granted})
        remove("need_interest", delete(Interest).where(Interest.profile_id == profile.id))
        remove("contact_request", delete(ContactRequest).where(ContactRequest.profile_id == profile.id))
        remove("plan_step", delete(PlanStep).where(PlanStep.profile_id == profile.id))
        remove("reception_request", delete(ReceptionRequest).where(ReceptionRequest.profile_id == profile.id))
        remove("municipality_preference",
               delete(MunicipalityPreference).where(MunicipalityPreference.profile_id == profile.id))
        members = select(HouseholdMember.id).where(HouseholdMember.profile_id == profile.id)
        remove("member_language", delete(MemberLanguage).where(MemberLanguage.member_id.in_(members)))
        remove("member_occupation", delete(MemberOccupation).where(MemberOccupation.member_id.in_(members)))
        remove("household_member", delete(HouseholdMember).where(
            HouseholdMember.profile_id == profile.id, HouseholdMember.relation != Relation.SELF))
        db.session.execute(update(HouseholdMember).where(HouseholdMember.profile_id == profile.id).values(
            first_name=ERASED, birth_year=None, gender=None, home_language=None, seeking_work=False, job_alerts=False))
        db.session.expire(profile)
        profile.skills = []
        for name in ("phone", "citizenship", "current_country", "current_city", "education", "years_experience",
                     "job_start_date", "arrival_date", "confirmed_at", "offer_salary"):
            setattr(profile, name, None)
        profile.open_to_all_municipalities = False
        profile.job_alerts = False
        profile.completed_steps = []
        household_erased.send(profile.id)
    if user.role == Role.EMPLOYER:
        email = user.email.lower()
        remove("organisation_member", delete(OrganisationMember).where(OrganisationMember.user_id == user.id))
        remove("organisation_invitation", delete(OrganisationInvitation).where(
            func.lower(OrganisationInvitation.email) == email, OrganisationInvitation.accepted_at.is_(None)))
        db.session.execute(update(Organisation).where(func.lower(Organisation.contact_email) == email)
                           .values(contact_name="", contact_email="", contact_phone=""))
    removed["lead"] = erase_leads(user)  # a converted lead belongs to the household
    removed["event_registration"] = erase_registrations(user)  # by the account or its address
    remove("api_token", delete(ApiToken).where(ApiToken.user_id == user.id))
    remove("two_factor_backup_code", delete(BackupCode).where(BackupCode.user_id == user.id))
    noticed = select(Notice.email_id).where(Notice.user_id == user.id, Notice.email_id.is_not(None))
    emails = list(db.session.scalars(select(OutgoingEmail.id).where(or_(  # the partner's own e-mails too
        func.lower(OutgoingEmail.to_address).in_(addresses), OutgoingEmail.id.in_(noticed)))))
    db.session.execute(update(Notice).where(Notice.email_id.in_(emails)).values(email_id=None))
    remove("outgoing_email", delete(OutgoingEmail).where(OutgoingEmail.id.in_(emails)))
    # E-mails to others that quote the person (an owner's name in a colleague's invitation) keep their
    # place in the outbox, and still read, with "[erased]" where the person was named.
    if personal:
        personal_html = tuple({str(escape(text)) for text in personal} - set(personal))  # O&#39;Brien
        quoted = re.compile("|".join(re.escape(text) for text in personal + personal_html), re.IGNORECASE)
        columns = (OutgoingEmail.subject, OutgoingEmail.body_text, OutgoingEmail.body_html)
        for email in db.session.scalars(select(OutgoingEmail).where(or_(*(
                func.lower(column).contains(text.lower()) for text in personal + personal_html
                for column in columns)))):
            email.subject = quoted.sub(ERASED, email.subject)
            email.body_text = quoted.sub(ERASED, email.body_text)
            email.body_html = quoted.sub(ERASED, email.body_html) if email.body_html else email.body_html

    scrub_trail(user, profile, personal)

    user.full_name = ERASED
    user.email = placeholder_email(user.id)
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # nobody knows it
    user.active = False
    user.session_epoch += 1  # every session ends at its next request
    user.totp_secret, user.totp_enabled_at, user.totp_last_step = None, None, None  # no second factor to keep
    user.erased_at = utcnow()
    db.session.flush()
    if profile is not None:  # the card was rewritten from the blanked profile: remove it altogether
        db.session.execute(delete(TalentCardOccupation).where(TalentCardOccupation.profile_id == profile.id))
        db.session.execute(delete(TalentCard).where(TalentCard.profile_id == profile.id))
    record(user, "erased", "user", user.id, result.profile_id, cases=result.cases, removed=removed)
    db.session.flush()
    return result


def scrub_trail(user: User, profile: Household | None = None, personal: tuple[str, ...] | None = None) -> None:
    """The audit trail about, by or naming ``user`` keeps its entries but loses their texts: task titles,
    strings quoting them, and what a coordinator typed to search for them."""
    if profile is None:
        profile = db.session.scalar(select(Household).where(Household.user_id == user.id))
    personal = _personal_strings(user, profile) if personal is None else personal
    about = [AuditEntry.actor_id == user.id, (AuditEntry.object_type == "user") & (AuditEntry.object_id == user.id)]
    if profile is not None:
        about.append(AuditEntry.profile_id == profile.id)
    _scrub_audit(select(AuditEntry).where(or_(*about)), personal, drop=("title",))
    with rewriting_audit(db.session, "erasure"):
        for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "audit_people_search")):
            found = (entry.detail or {}).get("found") or []
            if user.id in found:
                entry.detail = {**entry.detail, "query": ERASED, "found": [i for i in found if i != user.id]}


def _personal_strings(user: User, profile: Household | None) -> tuple[str, ...]:
    """The texts that say who the household is, to find where else they were quoted."""
    found = {user.full_name, user.email}
    if profile is not None:
        found |= {m.first_name for m in profile.members} | {m.email or "" for m in profile.members}
        found |= {profile.phone or "", profile.current_city or ""}
    return tuple(sorted(s for s in found if s and len(s) >= 3 and s != ERASED))


def _scrub_audit(entries, personal: tuple[str, ...], drop: tuple[str, ...]) -> None:
    """Remove the keys in ``drop`` from the details of ``entries`` and any string quoting ``personal``
    (the one change the append-only trail allows besides retention: see ``app.audit.guard``)."""
    with rewriting_audit(db.session, "erasure"):
        for entry in list(db.session.scalars(entries)):
            detail = entry.detail or {}
            cleaned = {key: _scrub(value, personal) for key, value in detail.items() if key not in drop}
            if cleaned != detail:
                entry.detail = cleaned


def _scrub(value, personal: tuple[str, ...]):
    if isinstance(value, str):
        lowered = value.lower()
        return ERASED if any(p.lower() in lowered for p in personal) else value
    if isinstance(value, list):
        return [_scrub(v, personal) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, personal) for k, v in value.items()}
    return value


__all__ = ["ERASED", "Erasure", "anonymise_case", "erase_household", "placeholder_email", "scrub_trail"]
