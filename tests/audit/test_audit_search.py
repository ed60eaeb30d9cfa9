"""The audit search: coordinators and administrators read everything recorded about one person's data and
everything the person did; each look is recorded in its turn."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.audit.services import record
from app.extensions import db


def _browser(app, user):
    browser = app.test_client()
    browser.post("/language", data={"lang": "en"})
    browser.post("/login", data={"email": user.email, "password": user.password})
    return browser


@pytest.fixture
def coordinator(app, make_user):
    person = make_user("coordinator", full_name="Cora Coordinator", locale="en")
    browser = _browser(app, person)
    browser.user = person
    return browser


def test_a_coordinator_finds_the_officers_views_of_arjuns_case(app, newcomer, case_id, officer, coordinator):
    assert officer.get(f"/reception/cases/{case_id}").status_code == 200
    found = coordinator.get("/admin/audit/", query_string={"q": "arjun"}).get_data(as_text=True)
    assert "Arjun Kumar" in found and newcomer.email in found
    assert f"/admin/audit/?person={newcomer.id}" in found

    html = coordinator.get("/admin/audit/", query_string={"person": newcomer.id}).get_data(as_text=True)
    assert "Olle Officer (Reception officer, Örnsköldsvik)" in html
    assert "Viewed the case" in html and f"Case {case_id}" in html
    assert "Opened the case" in html  # by Arjun himself, when he let reception contact him
    assert html.index("Viewed the case") < html.index("Opened the case")  # newest first

    with app.app_context():
        looks = db.session.scalars(select(AuditEntry).where(AuditEntry.action.in_(
            ("audit_search", "audit_people_search"))).order_by(AuditEntry.id)).all()
        assert [(e.actor_id, e.action, e.object_type) for e in looks] == [
            (coordinator.user.id, "audit_people_search", "user_search"),
            (coordinator.user.id, "audit_search", "user")]
        assert looks[0].detail == {"query": "arjun", "found": [newcomer.id]}
        assert looks[1].object_id == newcomer.id and looks[1].profile_id is not None


def test_entries_by_the_person_are_there_too(app, newcomer, case_id, officer, coordinator):
    officer.get(f"/reception/cases/{case_id}")
    html = coordinator.get("/admin/audit/", query_string={"person": officer.user.id}).get_data(as_text=True)
    assert "Viewed the case" in html and "this person" in html and f"Case {case_id}" in html


def test_an_administrator_may_search_too_and_others_may_not(app, newcomer, case_id, officer, make_user, login_as):
    admin = _browser(app, make_user("admin"))
    assert admin.get("/admin/audit/", query_string={"person": newcomer.id}).status_code == 200
    for role in ("officer", "newcomer", "employer"):
        browser = _browser(app, make_user(role))
        assert browser.get("/admin/audit/", query_string={"person": newcomer.id}).status_code == 403
        assert browser.get("/admin/audit/", query_string={"q": "arjun"}).status_code == 403
    assert officer.get("/admin/audit/").status_code == 403


def test_a_person_who_does_not_exist_is_404(coordinator):
    assert coordinator.get("/admin/audit/", query_string={"person": 2147483647}).status_code == 404


def test_a_long_trail_is_paged_newest_first(app, newcomer, case_id, officer, coordinator):
    with app.app_context():
        profile_id = db.session.scalar(select(AuditEntry.profile_id).where(AuditEntry.object_id == case_id))
        for n in range(60):
            record(None, "follow_up_sent", "case", case_id, profile_id, follow_up=n)
        db.session.commit()
        total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.profile_id == profile_id))
    first = coordinator.get("/admin/audit/", query_string={"person": newcomer.id}).get_data(as_text=True)
    assert first.count("Sent a follow-up") == 50 and "Page 1 of 2" in first
    assert f"{total} entries about this person" in first
    second = coordinator.get("/admin/audit/", query_string={"person": newcomer.id, "page": 2}).get_data(as_text=True)
    assert "Page 2 of 2" in second and "Opened the case" in second
    assert second.count("Sent a follow-up") == 11  # the first look is now the newest entry: one more moved over
    assert coordinator.get("/admin/audit/", query_string={"person": newcomer.id, "page": 3}).status_code == 404


def test_every_recorded_action_has_a_label():
    """An action without a label would show as its key (``two_factor_reset``) on the audit pages; the
    catalogue tests see that each label is translated."""
    import re
    from pathlib import Path

    from app.privacy.texts import AUDIT_LABELS, OBJECT_LABELS

    source = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[2] / "app").rglob("*.py"))
    actions = set(re.findall(r'record\([^,()]+, "(\w+)"', source)) | set(re.findall(r'action="(\w+)"', source))
    assert len(actions) > 30, actions  # the pattern still finds the calls
    assert actions - set(AUDIT_LABELS) - {action for _, action in OBJECT_LABELS} == set()
