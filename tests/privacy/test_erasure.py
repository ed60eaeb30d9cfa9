"""The right to erasure and retention (gallring): Arjun deletes his account; the archive keeps anonymised cases,
the published figures do not move; the retention job follows the administrator's rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import JSON, String, Text, func, select, update

from app.api.statistics import figures
from app.audit.models import AuditEntry
from app.auth.models import ApiToken, User
from app.employers.models import CompetenceNeed, Hire
from app.extensions import db
from app.models import today, utcnow
from app.privacy.erasure import ERASED
from app.privacy.models import RetentionAction, RetentionKind
from app.privacy.retention import apply_retention, cutoff, rules
from app.reception.dashboard import figures as dashboard_figures
from app.reception.models import Case, CaseMessage, CaseNote, CaseStatus, ClosingReason
from app.talent.models import Consent, Household, HouseholdMember, Relation
from tests.conftest import TEST_PASSWORD
from tests.talent.test_privacy_export import _profile_id, household  # noqa: F401  (a fixture)

MESSAGES = ("Welcome! Monday at 10?", "Yes, see you then!", "Prefers mornings.", "Välkommen!")


@pytest.fixture
def story(app, client, newcomer, case_id, household, bearer):  # noqa: F811
    """Arjun's household with a case, messages, a note, a referral, a contact request, a hire and a token."""
    bearer(newcomer)
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id))
        profile_id = _profile_id(newcomer)
        member_id = db.session.scalar(select(HouseholdMember.id).where(HouseholdMember.profile_id == profile_id,
                                                                       HouseholdMember.relation == Relation.SELF))
        db.session.add(Hire(need_id=need_id, profile_id=profile_id, member_id=member_id, start_date=today()))
        db.session.commit()
    return household


def _personal(newcomer) -> tuple[str, ...]:
    return ("Arjun", "Kumar", newcomer.email, "Chennai", "Priya", "Amal", *MESSAGES)


def _text_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (String, Text, JSON)) or column.type.__class__.__name__ == "Enum":
                yield table, column


def _where_found(strings: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """Every (table, column, string) where one of ``strings`` occurs in any text or JSON column of any table."""
    found = []
    for table, column in _text_columns():
        if column.type.__class__.__name__ == "Enum":
            continue
        for value in db.session.execute(select(column).where(column.is_not(None))).scalars():
            text = value if isinstance(value, str) else repr(value)
            found += [(table.name, column.name, s) for s in strings if s in text]
    return found


def _counts() -> tuple:
    board = dashboard_figures(select(Case))
    return (figures(), board.by_status, board.by_municipality, board.overdue_count, board.follow_ups_due,
            board.answered, board.missed, board.arrivals_count)


def test_the_household_deletes_its_account_and_only_the_archive_remains(app, client, newcomer, case_id, story,
                                                                       make_user):
    ana = story
    coordinator = make_user("coordinator")
    desk = app.test_client()
    desk.post("/login", data={"email": coordinator.email, "password": coordinator.password})
    assert desk.get("/admin/audit/?q=Arjun Kumar").status_code == 200  # the search itself is in the trail
    with app.app_context():
        assert len(_where_found(_personal(newcomer))) > 10  # the scan does find them before
        before = _counts()
        profile_id = _profile_id(newcomer)

    page = client.get("/account/delete").get_data(as_text=True)
    assert "What is kept, without your name" in page and "archive law" in page
    assert client.get("/talent/consents").get_data(as_text=True).count("/account/delete") == 1
    wrong = client.post("/account/delete", data={"password": "not it", "understood": "y"})
    assert wrong.status_code == 422 and "The password is not right." in wrong.get_data(as_text=True)
    unticked = client.post("/account/delete", data={"password": TEST_PASSWORD})
    assert unticked.status_code == 422
    done = client.post("/account/delete", data={"password": TEST_PASSWORD, "understood": "y"})
    assert done.status_code in (302, 303) and done.headers["Location"] == "/"
    assert "/login" in client.get("/talent/").headers.get("Location", "")  # signed out

    with app.app_context():
        assert _where_found(_personal(newcomer)) == []
        assert _counts() == before  # statistics and dashboard unchanged
        user = db.session.get(User, newcomer.id)
        assert (user.full_name, user.active, user.erased_at is not None) == (ERASED, False, True)
        assert user.email == f"erased-{user.id}@erased.invalid"
        assert db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.user_id == user.id)) == 0
        case = db.session.get(Case, case_id)  # the case stays for the archive, anonymised
        assert (case.municipality_code, case.status, case.anonymised_at is not None) == ("2284", CaseStatus.NEW, True)
        assert {m.body for m in db.session.scalars(select(CaseMessage).where(CaseMessage.case_id == case_id))} == {
            ERASED}
        assert [n.body for n in db.session.scalars(select(CaseNote).where(CaseNote.case_id == case_id))] == [ERASED]
        assert db.session.scalar(select(func.count()).select_from(Hire).where(Hire.profile_id == profile_id)) == 1
        assert [m.first_name for m in db.session.scalars(
            select(HouseholdMember).where(HouseholdMember.profile_id == profile_id))] == [ERASED]
        consents = list(db.session.scalars(select(Consent).where(Consent.profile_id == profile_id)
                                           .order_by(Consent.id)))
        latest = {c.kind: c.granted for c in consents}
        assert any(c.granted for c in consents) and not any(latest.values())  # the proof stays, consents end
        assert db.session.get(Household, profile_id).destination_code == "2284"
        erased = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "erased"))
        assert (erased.actor_id, erased.profile_id, erased.detail["cases"]) == (newcomer.id, profile_id, 1)
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.profile_id == profile_id, AuditEntry.action == "view")) >= 1  # the trail stays
        ana_user = db.session.scalar(select(User).where(User.email == ana.email))
        assert ana_user.full_name == "Ana Souza" and ana_user.erased_at is None  # nobody else

    again = app.test_client().post("/login", data={"email": newcomer.email, "password": TEST_PASSWORD})
    assert again.status_code == 422 and "Location" not in again.headers  # refused, not signed in
    api = app.test_client().post("/api/v1/tokens", json={"email": newcomer.email, "password": TEST_PASSWORD})
    assert api.status_code in (401, 422)


def _close(case_id: int, months_ago: int, days: int = 0) -> None:
    closed = cutoff(months_ago) - timedelta(days=days)
    db.session.execute(update(Case).where(Case.id == case_id).values(
        status=CaseStatus.CLOSED, closing_reason=ClosingReason.SETTLED, closed_at=closed))
    db.session.commit()


def test_retention_anonymises_cases_closed_longer_ago_than_the_rule(app, client, newcomer, case_id, story, make_user,
                                                                    login):
    with app.app_context():
        other = db.session.scalar(select(Case.id).where(Case.id != case_id))
        _close(case_id, 24, days=31)  # 25 months ago
        _close(other, 23)
        done = apply_retention()
        db.session.commit()
        assert done["closed_case"] == 1
        assert db.session.get(Case, case_id).anonymised_at is not None
        assert db.session.get(Case, other).anonymised_at is None
        assert "Yes, see you then!" not in {m.body for m in db.session.scalars(select(CaseMessage))}
        trail = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "retention")).all()
        assert trail[-1].detail["closed_case"] == 1

        assert apply_retention()["closed_case"] == 0  # twice: nothing more
        db.session.commit()
        bodies = sorted(m.body for m in db.session.scalars(select(CaseMessage)))

        assert apply_retention() == {"closed_case": 0, "unused_account": 0, "sent_email": 0, "audit_entry": 0}
        db.session.commit()
        assert sorted(m.body for m in db.session.scalars(select(CaseMessage))) == bodies

    admin = make_user("admin", locale="en")
    browser = app.test_client()
    browser.post("/login", data={"email": admin.email, "password": admin.password})
    page = browser.get("/admin/retention")
    assert page.status_code == 200 and "Closed reception cases" in page.get_data(as_text=True)
    form = {"closed_case-action": "anonymise", "closed_case-months": "22", "unused_account-action": "delete",
            "unused_account-months": "12", "sent_email-action": "delete", "sent_email-months": "6",
            "audit_entry-action": "delete", "audit_entry-months": "60"}
    for bad in ("0", "241", "", "many"):
        refused = browser.post("/admin/retention", data={**form, "closed_case-months": bad})
        assert refused.status_code == 422, bad
    assert browser.post("/admin/retention", data={**form, "closed_case-action": "delete"}).status_code == 422
    assert browser.post("/admin/retention", data=form).status_code in (302, 303)
    with app.app_context():
        assert rules()[RetentionKind.CLOSED_CASE].months == 22
        changed = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "retention_rule"))
        assert changed.actor_id == admin.id and changed.detail["after"] == {"action": "anonymise", "months": 22}
        assert apply_retention()["closed_case"] == 1  # the 23-month-old case, under the new rule
        db.session.commit()
        assert db.session.get(Case, other).anonymised_at is not None

    for role in ("newcomer", "employer", "officer", "coordinator"):
        someone = make_user(role, municipality_code="2284" if role == "officer" else None)
        other_browser = app.test_client()
        other_browser.post("/login", data={"email": someone.email, "password": someone.password})
        assert other_browser.get("/admin/retention").status_code == 403
        assert other_browser.post("/admin/retention", data=form).status_code == 403


def test_unused_accounts_are_removed_and_keep_rule_keeps_them(app, make_user, newcomer, case_id):
    stale = make_user("newcomer")
    recent = make_user("employer")
    through_api = make_user("newcomer")  # never signs in on the web, uses a token every day
    app.test_client().post("/api/v1/tokens", json={"email": through_api.email, "password": through_api.password})
    with app.app_context():
        long_ago = utcnow() - timedelta(days=400)
        db.session.execute(update(User).where(User.id.in_([stale.id, newcomer.id, through_api.id])).values(
            created_at=long_ago, last_login_at=None))
        db.session.execute(update(ApiToken).where(ApiToken.user_id == through_api.id).values(last_used_at=utcnow()))
        db.session.commit()
        rule = rules()[RetentionKind.UNUSED_ACCOUNT]
        rule.action = RetentionAction.KEEP
        db.session.commit()
        assert apply_retention()["unused_account"] == 0
        rule = rules()[RetentionKind.UNUSED_ACCOUNT]
        rule.action = RetentionAction.DELETE
        db.session.commit()
        assert apply_retention()["unused_account"] == 1
        db.session.commit()
        assert db.session.get(User, stale.id) is None
        assert db.session.get(User, newcomer.id) is not None  # Arjun has a case: the archive needs it
        assert db.session.get(User, recent.id) is not None
        assert db.session.get(User, through_api.id) is not None  # the API is use too


def test_an_employer_deletes_their_account_and_the_organisation_stays(app, client, login_as, make_user, outbox):
    from app.employers.models import Organisation, OrganisationMember
    from tests.employers.test_employers import _register
    from tests.employers.test_members import _link

    owner = login_as("employer", locale="en", full_name="Olle Owner")
    _register(client, contact_name="Olle Owner", contact_email=owner.email.upper())  # the contact person too
    with app.app_context():
        org_id = db.session.scalar(select(Organisation.id))
    colleague = make_user("employer", email="kollega@gf.se", locale="en", full_name="Karin Kollega")
    client.post(f"/employers/organisations/{org_id}/members", data={"email": "kollega@gf.se"})
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": colleague.password})
    other.post(_link(outbox()[0]))
    with app.app_context():  # an invitation still waiting in the outbox (a mail server down), naming the owner
        from app.outbox.models import OutgoingEmail

        db.session.add(OutgoingEmail(to_address="ny@gf.se", subject="Join Örnsköldsvik Green Fuels AB on Landa",
                                     body_text="Olle Owner invites you.", body_html="<p>Olle Owner invites you.</p>",
                                     locale="en", kind="organisation_invitation"))
        db.session.commit()
        owner_email = db.session.get(User, owner.id).email
        before = _where_found(("Olle Owner", owner_email))  # the scan finds them before, in the e-mail too
        assert len(before) >= 4 and ("outgoing_email", "body_text", "Olle Owner") in before, before

    assert "/account/delete" in client.get("/account").get_data(as_text=True)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "You are the only owner of" in page and "I understand that my account is erased for good." in page
    with app.app_context():
        member_id = db.session.scalar(select(OrganisationMember.id).where(OrganisationMember.user_id == colleague.id))
    client.post(f"/employers/organisations/{org_id}/members/{member_id}/owner")
    assert "You are the only owner of" not in client.get("/account/delete").get_data(as_text=True)

    done = client.post("/account/delete", data={"password": TEST_PASSWORD, "understood": "y"})
    assert done.status_code in (302, 303)
    with app.app_context():
        assert _where_found(("Olle Owner", owner_email)) == []
        organisation = db.session.get(Organisation, org_id)
        assert organisation is not None and organisation.needs is not None
        assert (organisation.contact_name, organisation.contact_email) == ("", "")
        assert [m.user_id for m in organisation.members] == [colleague.id]
        assert db.session.get(User, owner.id).erased_at is not None
        pending = db.session.scalar(select(OutgoingEmail).where(OutgoingEmail.to_address == "ny@gf.se"))
        assert (pending.body_text, pending.body_html) == ("[erased] invites you.", "<p>[erased] invites you.</p>")
    # The colleague, now the owner, still runs the organisation.
    assert other.get(f"/employers/organisations/{org_id}/members").status_code == 200
    assert app.test_client().post("/login", data={"email": owner_email, "password": TEST_PASSWORD}).status_code == 422
