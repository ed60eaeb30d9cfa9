"""The access matrix: every route of the URL map (web and API) against a declared table of who may
pass its door. A new route fails this test until it is classified here; a route whose guard changes
fails too. Object-level rules (another household's, another organisation's, another municipality's
ids) are in ``test_access_objects.py``.

"Refused" means: anonymous visitors are sent to sign in (web) or get 401 (API); signed-in users of
another role get 403. Anything else (200, 302, 404 for an id that does not exist, 422 for an empty
form) means the door let them through.
"""

from __future__ import annotations

import pytest

ROLES = ("anonymous", "newcomer", "employer", "officer", "coordinator", "admin")
ANYONE = frozenset(ROLES)
SIGNED_IN = ANYONE - {"anonymous"}
NO_SUCH_ID = "2147483647"

ACCESS: dict[str, frozenset[str] | set[str]] = {
    "api-docs.openapi_json": ANYONE,
    "api_board.board": ANYONE,
    "api_board.board_need": ANYONE,
    "api_browser.docs": ANYONE,
    "api_employer.candidates": {"employer"},
    "api_employer.create_need": {"employer"},
    "api_employer.hire": {"employer"},
    "api_employer.matches": {"employer"},
    "api_employer.need": {"employer"},
    "api_employer.needs": {"employer"},
    "api_employer.organisation": {"employer"},
    "api_employer.organisations": {"employer"},
    "api_employer.register_organisation": {"employer"},
    "api_employer.request_contact": {"employer"},
    "api_employer.request_match_contact": {"employer"},
    "api_employer.set_need_status": {"employer"},
    "api_employer.update_need": {"employer"},
    "api_newcomer.job_alerts": {"newcomer"},
    "api_newcomer.set_job_alerts": {"newcomer"},
    "api_newcomer.add_member": {"newcomer"},
    "api_newcomer.answer_request": {"newcomer"},
    "api_newcomer.consents": {"newcomer"},
    "api_newcomer.contact_requests": {"newcomer"},
    "api_newcomer.decide_consents": {"newcomer"},
    "api_newcomer.export": {"newcomer"},
    "api_newcomer.hires": {"newcomer"},
    "api_newcomer.household": {"newcomer"},
    "api_newcomer.interests": {"newcomer"},
    "api_newcomer.matches": {"newcomer"},
    "api_newcomer.mark_read": {"newcomer"},
    "api_newcomer.own_cases": {"newcomer"},
    "api_newcomer.reception_requests": {"newcomer"},
    "api_newcomer.answer_reception_request": {"newcomer"},
    "api_newcomer.plan": {"newcomer"},
    "api_newcomer.profile": {"newcomer"},
    "api_newcomer.reception_for_hire": {"newcomer"},
    "api_newcomer.remove_member": {"newcomer"},
    "api_newcomer.send_partner_link": {"newcomer"},
    "api_newcomer.reply": {"newcomer"},
    "api_newcomer.save_about": {"newcomer"},
    "api_newcomer.save_languages": {"newcomer"},
    "api_newcomer.save_move": {"newcomer"},
    "api_newcomer.save_places": {"newcomer"},
    "api_newcomer.save_work": {"newcomer"},
    "api_newcomer.show_interest": {"newcomer"},
    "api_newcomer.update_member": {"newcomer"},
    "api_newcomer.update_step": {"newcomer"},
    "api_newcomer.withdraw_interest": {"newcomer"},
    "api_insights.pages": {"admin", "coordinator", "employer", "officer"},  # each page then says who (as on the web)
    "api_insights.page": {"admin", "coordinator", "employer", "officer"},
    "api_leads.leads": {"coordinator", "officer"},  # people thinking of moving here (app/api/leads.py)
    "api_leads.lead": {"coordinator", "officer"},
    "api_leads.set_status": {"coordinator", "officer"},
    "api_leads.invite": {"coordinator", "officer"},
    "api_reception.add_note": {"coordinator", "officer"},
    "api_reception.add_task": {"coordinator", "officer"},
    "api_reception.case": {"coordinator", "officer"},
    "api_reception.cases": {"coordinator", "officer"},
    "api_reception.change_case": {"coordinator", "officer"},
    "api_reception.dashboard": {"coordinator", "officer"},
    "api_reception.follow_ups": {"coordinator", "officer"},
    "api_reception.mark_messages_read": {"coordinator", "officer"},
    "api_reception.messages": {"coordinator", "officer"},
    "api_reception.move": {"coordinator"},
    "api_reception.notes": {"coordinator", "officer"},
    "api_reception.open_case": {"coordinator", "officer"},
    "api_reception.refer": {"coordinator", "officer"},
    "api_reception.referrals": {"coordinator", "officer"},
    "api_reception.send_message": {"coordinator", "officer"},
    "api_reception.take": {"officer"},
    "api_reception.tasks": {"coordinator", "officer"},
    "api_reception.update_referral": {"coordinator", "officer"},
    "api_reception.update_task": {"coordinator", "officer"},
    "api_pages.organisation": ANYONE,  # the public pages as data
    "api_pages.place": ANYONE,
    "api_reference.housing_contacts": ANYONE,
    "api_reference.municipalities": ANYONE,
    "api_reference.occupations": ANYONE,
    "api_reference.services": ANYONE,
    "api_reference.skills": ANYONE,
    "api_review.decide": {"admin", "coordinator", "officer"},
    "api_review.reviews": {"admin", "coordinator", "officer"},
    "api_statistics.statistics": ANYONE,
    "api_tokens.create_token": ANYONE,
    "api_tokens.list_tokens": SIGNED_IN,
    "api_tokens.me": SIGNED_IN,
    "api_tokens.revoke_token": SIGNED_IN,
    "attraction.municipality": ANYONE,  # the public "Move to Västernorrland" pages
    "attraction.region": ANYONE,
    "place_texts.index": {"admin", "coordinator", "officer"},  # an officer: their municipality's (object level)
    "place_texts.edit": {"admin", "coordinator", "officer"},
    "place_texts.version": {"admin", "coordinator", "officer"},
    "place_texts.restore": {"admin", "coordinator", "officer"},
    "organisations.show": ANYONE,  # an approved organisation's public page
    "organisations.edit": {"employer"},  # its owners (object level)
    "api_events.events": ANYONE,
    "api_events.event": ANYONE,
    "api_events.create_event": {"coordinator", "employer", "officer"},
    "api_events.registrations": {"coordinator", "employer", "officer"},  # the event's organisers (object level)
    "api_events.register": SIGNED_IN,  # the caller's own registration
    "api_events.cancel_registration": SIGNED_IN,
    "events.index": ANYONE,  # events: public list, pages, calendar files, registering and its e-mailed links
    "events.feed": ANYONE,
    "events.event": ANYONE,
    "events.event_ics": ANYONE,
    "events.register": ANYONE,
    "events.confirm": ANYONE,
    "events.cancel_link": ANYONE,
    "events.cancel_mine": SIGNED_IN,
    "events.mine": {"coordinator", "employer", "officer"},  # the organisers (object level: their events)
    "events.new": {"coordinator", "employer", "officer"},
    "events.edit": {"coordinator", "employer", "officer"},
    "events.cancel_event": {"coordinator", "employer", "officer"},
    "events.registrations": {"coordinator", "employer", "officer"},
    "events.attendance": {"coordinator", "employer", "officer"},
    "audit.search": {"admin", "coordinator"},
    "auth.accept_invitation": ANYONE,
    "auth.account": SIGNED_IN,
    "auth.admin_user": {"admin"},
    "auth.admin_users": {"admin"},
    "auth.close_account": {"admin"},
    "auth.confirm_two_factor": {"admin", "coordinator", "officer"},
    "auth.create_token": SIGNED_IN,
    "auth.disable_two_factor": {"admin", "coordinator", "officer"},
    "auth.forgot_password": ANYONE,
    "auth.login": ANYONE,
    "auth.login_code": ANYONE,  # the second step of signing in: before anyone is signed in
    "auth.logout": ANYONE,
    "auth.renew_backup_codes": {"admin", "coordinator", "officer"},
    "auth.reopen_account": {"admin"},
    "auth.register": ANYONE,
    "auth.register_sent": ANYONE,
    "auth.confirm_registration": ANYONE,
    "auth.sign_in_link": ANYONE,
    "auth.reset_password": ANYONE,
    "auth.reset_two_factor": {"admin"},
    "auth.revoke_token": SIGNED_IN,
    "auth.sign_out_everywhere": SIGNED_IN,
    "auth.start_two_factor": {"admin", "coordinator", "officer"},
    "board.index": ANYONE,
    "board.interest": {"newcomer"},
    "board.show": ANYONE,
    "directory.edit_housing": {"admin", "officer"},  # an officer: their municipality's (object level)
    "directory.edit_municipal_service": {"admin", "officer"},
    "directory.edit_service": {"admin"},
    "directory.index": ANYONE,
    "directory.municipality": ANYONE,
    "employers.accept_invitation": {"employer"},
    "employers.candidates": {"employer"},
    "employers.decide": {"admin", "coordinator", "officer"},
    "employers.edit_need": {"employer"},
    "employers.hire": {"employer"},
    "employers.leave_joint_need": {"employer"},
    "employers.make_org_owner": {"employer"},
    "employers.need": {"employer"},
    "employers.need_status": {"employer"},
    "employers.org_members": {"employer"},
    "employers.register_organisation": {"employer"},
    "employers.remove_org_member": {"employer"},
    "employers.request_contact": {"employer"},
    "employers.request_match_contact": {"employer"},
    "employers.review": {"admin", "coordinator", "officer"},
    "employers.revoke_invitation": {"employer"},
    "employers.start": {"employer"},
    "insights.index": {"admin", "coordinator", "employer", "officer"},  # each page then says who (tests/insights)
    "insights.page": {"admin", "coordinator", "employer", "officer"},
    "jobs.index": {"admin"},
    "jobs.retry": {"admin"},
    "leads.interest": ANYONE,  # "Thinking of moving here?": the public form, its answer and its signed links
    "leads.sent": ANYONE,
    "leads.confirm": ANYONE,
    "leads.register": ANYONE,
    "leads.index": {"coordinator", "officer"},  # the staff's lead list (object level: tests/auth/test_access_objects)
    "leads.lead": {"coordinator", "officer"},
    "leads.change_status": {"coordinator", "officer"},
    "leads.invite": {"coordinator", "officer"},
    "leads.campaigns": {"coordinator", "officer"},
    "main.accessibility": ANYONE,
    "main.healthz": ANYONE,
    "main.index": ANYONE,
    "main.privacy": ANYONE,
    "main.robots": ANYONE,
    "main.sitemap": ANYONE,
    "main.set_language": ANYONE,
    "main.start": SIGNED_IN,
    "outbox.index": {"admin"},
    "outbox.retry": {"admin"},
    "outbox.show": {"admin"},
    "privacy.delete_account": {"employer", "newcomer"},
    "privacy.retention_rules": {"admin"},
    "reception.add_note": {"coordinator", "officer"},
    "reception.add_task": {"coordinator", "officer"},
    "reception.arrival": {"coordinator", "officer"},
    "reception.assign": {"coordinator", "officer"},
    "reception.case": {"coordinator", "officer"},
    "reception.change_status": {"coordinator", "officer"},
    "reception.dashboard": {"coordinator", "officer"},
    "reception.move": {"coordinator"},
    "reception.new_case": {"coordinator", "officer"},
    "reception.refer": {"coordinator", "officer"},
    "reception.referral_status": {"coordinator", "officer"},
    "reception.send_message": {"coordinator", "officer"},
    "reception.settings": {"officer"},
    "reception.start": {"coordinator", "officer"},
    "reception.survey": ANYONE,
    "reception.take": {"officer"},
    "reception.task_done": {"coordinator", "officer"},
    "static": ANYONE,
    "talent.access_log": {"newcomer"},
    "talent.answer_request": {"newcomer"},
    "talent.confirm_profile": {"newcomer"},
    "talent.consents": {"newcomer"},
    "talent.job_alerts": {"newcomer"},
    "talent.stop_job_alerts": ANYONE,
    "talent.partner_page": ANYONE,  # the partner's own page: a signed link, no account
    "talent.partner_listing": ANYONE,
    "talent.partner_answer": ANYONE,
    "talent.partner_interest": ANYONE,
    "talent.send_partner_link": {"newcomer"},
    "talent.household": {"newcomer"},
    "talent.housing": {"newcomer"},
    "talent.mark_step": {"newcomer"},
    "talent.member": {"newcomer"},
    "talent.my_data": {"newcomer"},
    "talent.places": {"newcomer"},
    "talent.plan": {"newcomer"},
    "talent.plan_ics": {"newcomer"},
    "talent.plan_pdf": {"newcomer"},
    "talent.plan_calendar": {"newcomer"},
    "talent.plan_reminders": {"newcomer"},
    "talent.calendar_feed": ANYONE,  # what a calendar app reads: the private address is the key
    "talent.reception_for_hire": {"newcomer"},
    "talent.answer_reception_request": {"newcomer"},
    "talent.remove_member": {"newcomer"},
    "talent.reply": {"newcomer"},
    "talent.start": {"newcomer"},
    "talent.wizard": {"newcomer"},
}
ARGUMENTS = {"filename": "css/landa.css", "step": "about", "token": "not-a-real-token", "secret": "not-a-real-secret"}
# Public pages that send a visitor with nothing to do there (no sign-in waiting for its code) to the sign-in
# page themselves: refused is then a redirect that asks to come back (``?next=``), which these never do.
SENDS_TO_SIGN_IN = {"auth.login_code"}


def _url(rule) -> str:
    url = rule.rule
    for arg in rule.arguments:
        value = ARGUMENTS.get(arg, NO_SUCH_ID)
        for form in (f"<{arg}>", f"<int:{arg}>", f"<string:{arg}>", f"<path:{arg}>"):
            url = url.replace(form, value)
    return url


def _refused(role: str, response, api: bool, endpoint: str = "") -> bool:
    if role == "anonymous":
        if api:
            return response.status_code == 401
        location = response.headers.get("Location", "")
        if endpoint in SENDS_TO_SIGN_IN:
            return response.status_code in (302, 303) and "/login?next=" in location
        return response.status_code in (302, 303) and "/login" in location
    return response.status_code in (401, 403)


def test_every_route_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "new routes: classify them in ACCESS"
    assert set(ACCESS) - endpoints == set(), "routes that no longer exist: remove them from ACCESS"


@pytest.fixture
def callers(app, make_user, bearer):
    """For each role: a signed-in browser and API headers (nothing for the anonymous visitor)."""
    made = {"anonymous": (app.test_client(), {})}
    for role in ROLES[1:]:
        user = make_user(role, municipality_code="2284" if role == "officer" else None)
        browser = app.test_client()
        assert browser.post("/login", data={"email": user.email, "password": user.password}).status_code in (302, 303)
        made[role] = (browser, bearer(user), user)
    return made


@pytest.mark.parametrize("role", ROLES)
def test_each_role_passes_exactly_the_doors_declared(app, callers, role):
    browser, headers, *user = callers[role]
    signing_out = ("auth.sign_out_everywhere", "auth.logout")  # last, in this order
    rules = sorted(app.url_map.iter_rules(), key=lambda r: signing_out.index(r.endpoint) + 1
                   if r.endpoint in signing_out else 0)
    checked, wrong = 0, []
    for rule in rules:
        api = rule.rule.startswith("/api/")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = browser.open(_url(rule), method=method, headers=headers if api else {})
            allowed = role in ACCESS[rule.endpoint]
            if _refused(role, response, api, rule.endpoint) == allowed:
                wrong.append((rule.endpoint, method, response.status_code, "should pass" if allowed else "let in"))
            response.close()
            checked += 1
    assert not wrong, wrong
    assert checked > 140
