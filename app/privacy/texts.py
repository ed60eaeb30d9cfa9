"""The audit trail in the reader's language: what each action means and who did it.

The entries store keys (``action``, ``object_type``); these labels translate them when a page is rendered.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import Role
from app.i18n import localized

AUDIT_LABELS = {
    # a reception case
    "view": _l("Viewed the case"), "opened": _l("Opened the case"), "status": _l("Changed the status"),
    "assigned": _l("Changed the officer"), "arrival": _l("Changed the expected arrival"),
    "task_added": _l("Added a task"), "task_done": _l("Marked a task done"), "task_reopened": _l("Reopened a task"),
    "note_added": _l("Added a note"),
    "message_sent": _l("Sent a message to the household"), "message_received": _l("The household wrote"),
    "referred": _l("Referred the household"), "referral_status": _l("Changed a referral"),
    "moved": _l("Moved the case to another municipality"),
    "follow_up_sent": _l("Sent a follow-up"), "follow_up_skipped": _l("Follow-up not sent: no consent"),
    "follow_up_missed": _l("Follow-up without an answer"),
    "follow_up_answered": _l("The household answered a follow-up"),
    "destination_changed": _l("The household changed destination"),
    # lists of cases, the household's profile and account
    "list": _l("Saw the case in the case list"), "dashboard": _l("Saw the case on the reception overview"),
    "registered": _l("Registered the household at the reception desk"),
    "reception_requested": _l("Asked whether the reception may follow the household's move"),
    "reception_request_answered": _l("Answered a reception's request to follow the move"),
    "exported": _l("Downloaded all their data"),
    "partner_link_sent": _l("Sent the partner the link to their own page"),
    "revealed_to_employer": _l("Saw the name and contact details (contact request accepted)"),
    "plan_reminders_on": _l("Asked for e-mails before the plan's deadlines"),
    "plan_reminders_off": _l("Stopped the e-mails before the plan's deadlines"),
    "calendar_feed_opened": _l("Made a private calendar address for the plan"),
    "calendar_feed_closed": _l("Stopped the plan's calendar address"),
    "token_created": _l("Created an API token"), "token_revoked": _l("Revoked an API token"),
    "tokens_revoked": _l("Revoked all API tokens"), "signed_out_everywhere": _l("Signed out everywhere"),
    "audit_search": _l("Looked up the audit trail about the person"),
    "audit_people_search": _l("Searched for people in the audit trail"),
    "two_factor_enabled": _l("Turned on two-factor sign-in"),
    "two_factor_disabled": _l("Turned off two-factor sign-in"),
    "two_factor_reset": _l("Turned off the person's two-factor sign-in (lost phone)"),
    "two_factor_backup_used": _l("Signed in with a two-factor backup code"),
    "two_factor_backup_renewed": _l("Made new two-factor backup codes"),
    "account_closed": _l("Closed the account"), "account_reopened": _l("Reopened the account"),
    "erasure_refused": _l("Tried to delete the account with a wrong password"),
    "erased": _l("Deleted the account and erased the personal data"),
    "anonymised": _l("Anonymised the case"),
    # staff work
    "retry": _l("Sent an e-mail again"), "retry_job": _l("Ran a failed background job again"),
    "follow_up_intervals": _l("Changed the follow-up intervals"),
    "retention_rule": _l("Changed a retention rule"), "retention": _l("Applied the retention rules"),
    # the Move pages' text blocks and organisations' public pages
    "place_text_saved": _l("Saved a text on the municipality's Move page"),
    "place_text_restored": _l("Restored an older text on the municipality's Move page"),
    "place_text_withdrawn": _l("Took a text off the municipality's Move page"),
    "public_page_saved": _l("Changed the organisation's public page"),
    # a lead (app/leads): someone thinking of moving here
    "lead_confirmed": _l("Confirmed their interest in moving here"), "lead_view": _l("Viewed the lead"),
    "lead_list": _l("Saw leads in the lead list"), "lead_status": _l("Changed the lead's status"),
    "lead_invited": _l("Invited the lead to register"), "lead_registered": _l("Registered through the invitation"),
    "lead_retention": _l("Deleted old leads (retention)"),
    # events
    "event_created": _l("Created an event"), "event_changed": _l("Changed an event"),
    "event_cancelled": _l("Cancelled an event"), "event_registered": _l("Registered for an event"),
    "event_registration_cancelled": _l("Cancelled a registration for an event"),
    "event_registrations_viewed": _l("Saw the registrations of an event"),
    "event_attendance": _l("Marked attendance at an event"),
    "event_retention": _l("Deleted unconfirmed event registrations (retention)"),
    # insights (app/insights): aggregate figures downloaded as CSV or XLSX
    "insights_exported": _l("Exported insights figures"),
}
# The same action on another kind of object.
OBJECT_LABELS = {
    ("email", "view"): _l("Read an e-mail sent to the person"),
    ("user", "view"): _l("Looked at the account"),
}


def action_label(event) -> str:
    """What an audit entry or a line of a person's trail (``app.privacy.trail.Event``) did, in words."""
    label = OBJECT_LABELS.get((event.object_type, event.action)) or AUDIT_LABELS.get(event.action)
    return str(label) if label is not None else event.action


def who(event, organisations: dict[int, str], *, with_name: bool = True) -> str:
    """"Olle Officer (Reception officer, Örnsköldsvik)"; an employer as their organisation ("Plant AB
    (Employer)", with the person's name for staff); "Landa (automatic)" for a scheduled job."""
    actor = event.actor
    if actor is None:
        return _("Landa (automatic)")
    where = (event.organisation or organisations.get(actor.id)) if actor.role == Role.EMPLOYER else None
    if actor.role == Role.OFFICER and actor.municipality is not None:
        where = localized(actor.municipality, "name")
    if where and actor.role == Role.EMPLOYER and not with_name:
        return _("%(organisation)s (employer)", organisation=where)
    if where:
        return _("%(name)s (%(role)s, %(place)s)", name=actor.full_name, role=actor.role.label, place=where)
    return _("%(name)s (%(role)s)", name=actor.full_name, role=actor.role.label)
