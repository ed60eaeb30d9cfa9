"""Retention (gallring): each kind of record follows its own rule, set by an administrator.

``apply_retention()`` applies every rule once and returns what it did; ``retention_job`` is the daily
scheduled job (``app/jobs/schedule.py``), ``flask privacy retention`` the same by hand. Every run is
recorded in the audit trail with its counts. Running it twice changes nothing more: anonymised cases are
marked, deleted rows are gone, and the cut-off moves only with the calendar.
"""

from __future__ import annotations

import calendar
import logging
from datetime import datetime

from sqlalchemy import delete, exists, func, or_, select

from app.audit.guard import rewriting_audit
from app.audit.models import AuditEntry
from app.audit.services import record
from app.auth.models import SELF_REGISTERED_ROLES, ApiToken, User
from app.employers.models import Hire, OrganisationMember
from app.events.services import UNCONFIRMED_KEPT, delete_unconfirmed
from app.extensions import db
from app.leads.services import apply_retention as lead_retention
from app.models import utcnow
from app.outbox.models import EmailStatus, OutgoingEmail
from app.privacy.erasure import anonymise_case, scrub_trail
from app.privacy.models import (
    ALLOWED_ACTIONS,
    DEFAULT_RULES,
    MAX_MONTHS,
    MIN_MONTHS,
    RetentionAction,
    RetentionKind,
    RetentionRule,
)
from app.reception.models import Case, CaseStatus
from app.talent.models import Household

log = logging.getLogger(__name__)


class RuleError(ValueError):
    pass


def rules() -> dict[RetentionKind, RetentionRule]:
    """Every kind's rule; a kind without a row yet gets its default (added to the session, not committed)."""
    found = {rule.kind: rule for rule in db.session.scalars(select(RetentionRule))}
    for kind, (action, months) in DEFAULT_RULES.items():
        if kind not in found:
            found[kind] = RetentionRule(kind=kind, action=action, months=months)
            db.session.add(found[kind])
    db.session.flush()
    return {kind: found[kind] for kind in RetentionKind}


def set_rule(actor: User, kind: RetentionKind, action: RetentionAction, months: int) -> RetentionRule:
    """Change one rule (validated here too, whatever the form said); recorded in the audit trail."""
    if action not in ALLOWED_ACTIONS[kind]:
        raise RuleError("action_not_allowed")
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise RuleError("months_out_of_range")
    rule = rules()[kind]
    before = {"action": rule.action.value, "months": rule.months}
    if (rule.action, rule.months) == (action, months):
        return rule
    rule.action, rule.months, rule.updated_by_id = action, months, actor.id
    db.session.flush()
    record(actor, "retention_rule", "retention_rule", 0, None, kind=kind.value, before=before,
           after={"action": action.value, "months": months})
    return rule


def cutoff(months: int, now: datetime | None = None) -> datetime:
    """``months`` calendar months before ``now`` (31 March minus one month is 28 or 29 February)."""
    now = now or utcnow()
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    return now.replace(year=year, month=month + 1, day=min(now.day, calendar.monthrange(year, month + 1)[1]))


def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Apply every rule whose action is not "keep"; returns the number of records changed per kind."""
    now = now or utcnow()
    done: dict[str, int] = {}
    for kind, rule in rules().items():
        if rule.action == RetentionAction.KEEP:
            done[kind.value] = 0
            continue
        before = cutoff(rule.months, now)
        done[kind.value] = APPLY[kind](before)
    # Leads follow fixed rules (app/leads/models.py): unconfirmed after 7 days, never converted after 12 months;
    # recorded in the trail by themselves ("lead_retention") when they delete anything.
    lead_retention(now)
    # A fixed rule: visitors' event registrations never confirmed are deleted after UNCONFIRMED_KEPT (7 days);
    # recorded in the trail by itself ("event_retention") when it deletes anything.
    if deleted := delete_unconfirmed(now - UNCONFIRMED_KEPT):
        record(None, "event_retention", "retention_rule", 0, None, unconfirmed_event_registration=deleted)
    # The run itself is part of the trail (and is never culled by the run that writes it).
    record(None, "retention", "retention_rule", 0, None, **done)
    log.info("retention applied: %s", done)
    return done


def _closed_cases(before: datetime) -> int:
    cases = db.session.scalars(select(Case).where(
        Case.status == CaseStatus.CLOSED, Case.closed_at < before, Case.anonymised_at.is_(None)).order_by(Case.id))
    return sum(anonymise_case(case) for case in list(cases))


def _unused_accounts(before: datetime) -> int:
    """Self-registered accounts nobody signed in to since ``before`` (or ever, created before it) that hold
    nothing the archive needs: no reception case, no hire, no organisation."""
    theirs = Household.user_id == User.id
    stale = select(User).where(
        User.role.in_(SELF_REGISTERED_ROLES), User.created_at < before,
        or_(User.last_login_at.is_(None), User.last_login_at < before),
        ~exists(select(ApiToken.id).where(ApiToken.user_id == User.id, ApiToken.last_used_at >= before)),
        ~exists(select(Case.id).join(Household, Case.profile_id == Household.id).where(theirs)),
        ~exists(select(Hire.id).join(Household, Hire.profile_id == Household.id).where(theirs)),
        ~exists(select(OrganisationMember.id).where(OrganisationMember.user_id == User.id)))
    count = 0
    for user in list(db.session.scalars(stale)):
        scrub_trail(user)  # the trail stays (the archive's), without their name or texts
        db.session.execute(delete(OutgoingEmail).where(func.lower(OutgoingEmail.to_address) == user.email.lower()))
        db.session.delete(user)  # the profile, household, consents... go with it (ON DELETE CASCADE)
        count += 1
    db.session.flush()
    return count


def _sent_emails(before: datetime) -> int:
    done = (EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.HELD)
    return db.session.execute(delete(OutgoingEmail).where(
        OutgoingEmail.status.in_(done), OutgoingEmail.created_at < before)).rowcount or 0


def _audit_entries(before: datetime) -> int:
    with rewriting_audit(db.session, "retention"):  # the archive rule's culling: see app.audit.guard
        return db.session.execute(delete(AuditEntry).where(AuditEntry.at < before)).rowcount or 0


APPLY = {
    RetentionKind.CLOSED_CASE: _closed_cases,
    RetentionKind.UNUSED_ACCOUNT: _unused_accounts,
    RetentionKind.SENT_EMAIL: _sent_emails,
    RetentionKind.AUDIT_ENTRY: _audit_entries,
}


def retention_job() -> dict[str, int]:
    """The daily job: apply the rules and commit (safe to run twice)."""
    done = apply_retention()
    db.session.commit()
    return done
