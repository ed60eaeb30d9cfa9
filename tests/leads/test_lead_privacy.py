"""A lead is personal data: a converted lead is in the household's export and goes with its erasure; retention
deletes unconfirmed leads after 7 days and leads never converted after 12 months."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.leads.models import Lead, LeadStatus, SignupCampaign
from app.models import utcnow
from app.privacy.erasure import erase_household
from app.privacy.export import export
from app.privacy.retention import apply_retention
from app.talent.models import Household
from tests.leads.test_leads import _browser, _confirmed, _db, _link


def _registered(app, client, outbox, make_user) -> int:
    """Maria leaves her interest through a campaign, confirms, is invited and registers: her user id."""
    client.get("/move/?utm_campaign=spring&utm_source=facebook")
    lead_id = _confirmed(client, outbox)
    _browser(app, make_user, "officer", municipality_code="2284").post(f"/reception/leads/{lead_id}/invite")
    link = _link(outbox()[-1], "/move/interest/register/")
    app.test_client().post(link, data={"full_name": "Maria Santos", "password": "correct horse battery staple",
                                       "password_confirm": "correct horse battery staple"})
    with _db(app):
        return db.session.scalar(select(User.id).where(User.email == "maria@example.org"))


def test_the_household_export_holds_its_lead_and_campaign(app, client, outbox, make_user):
    user_id = _registered(app, client, outbox, make_user)
    with _db(app):
        profile = db.session.scalar(select(Household).where(Household.user_id == user_id))
        document = export(profile)
        [lead] = document["leads"]
        assert lead["full_name"] == "Maria Santos" and lead["household_size"] == 3 and lead["from_country"] == "PT"
        assert [m["code"] for m in lead["municipalities"]] == ["2281", "2284"]
        assert lead["status"] == "registered" and lead["consent_version"] == "lead-2026-12"
        assert lead["campaign"] == {"utm_source": "facebook", "utm_campaign": "spring"}
        assert document["signup_campaign"]["utm_campaign"] == "spring"
        assert "confirm_digest" not in str(document) and "invite_digest" not in str(document)


def test_the_lead_is_erased_with_the_household(app, client, outbox, make_user):
    user_id = _registered(app, client, outbox, make_user)
    with _db(app):
        # Another lead left later with the same address, never confirmed: it is the person's too.
        db.session.add(Lead(full_name="Maria S", email="maria@example.org", occupation="nurse", household_size=1,
                            moving_when="later", consent_version="lead-2026-12"))
        db.session.add(Lead(full_name="Someone Else", email="else@example.org", occupation="nurse",
                            household_size=1, moving_when="later", consent_version="lead-2026-12"))
    with _db(app):
        done = erase_household(db.session.get(User, user_id))
        assert done.removed["lead"] == 2
    with _db(app):
        assert list(db.session.scalars(select(Lead.full_name))) == ["Someone Else"]
        assert db.session.get(SignupCampaign, user_id) is not None  # a count, with the pseudonymous account


def _lead(created_days_ago: int, *, confirmed: bool = True, user_id: int | None = None, name: str = "x") -> Lead:
    created = utcnow() - timedelta(days=created_days_ago)
    return Lead(full_name=name, email=f"{name}@example.org", occupation="nurse", household_size=1,
                moving_when="later", consent_version="lead-2026-12", created_at=created,
                confirmed_at=created if confirmed else None, user_id=user_id,
                status=LeadStatus.REGISTERED if user_id else LeadStatus.NEW)


def test_retention_deletes_unconfirmed_after_7_days_and_unconverted_after_12_months(app, make_user):
    household = make_user("newcomer")
    with _db(app):
        db.session.add_all([
            _lead(6, confirmed=False, name="fresh-unconfirmed"), _lead(8, confirmed=False, name="old-unconfirmed"),
            _lead(300, name="confirmed-300-days"), _lead(380, name="confirmed-380-days"),
            _lead(500, user_id=household.id, name="converted-long-ago")])
    with _db(app):
        apply_retention()
        kept = set(db.session.scalars(select(Lead.full_name)))
        assert kept == {"fresh-unconfirmed", "confirmed-300-days", "converted-long-ago"}
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "lead_retention"))
        assert entry.detail == {"lead_unconfirmed": 1, "lead_unconverted": 1}
    with _db(app):
        apply_retention()  # twice: nothing more
        assert db.session.scalar(select(func.count(Lead.id))) == 3
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "lead_retention")) == 1
