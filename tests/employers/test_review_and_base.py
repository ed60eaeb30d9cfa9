"""Issue 20, items 4 and 8: an organisation says where it is based, on its own (the form used to take the first
municipality in the list's order, whatever the employer meant), and that decides which officers review it; the
review page keeps the organisations waiting for a decision apart from those decided, links the organisation number
to Bolagsverket's search, and rejecting an approved organisation asks first."""

from __future__ import annotations

import html

from sqlalchemy import func, select

from app.employers.models import ApprovalStatus, CompetenceNeed, NeedStatus, Organisation, OrganisationDecision
from app.employers.views import BOLAGSVERKET_SEARCH
from app.extensions import db
from tests.factories import NeedFactory, OrganisationFactory, org_number


def _signed_in(app, user):
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": user.password})
    return browser


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_where_it_is_based_is_chosen_and_decides_who_reviews_it(app, client, login_as, make_user, bearer):
    """Based in Sundsvall, recruiting in Härnösand and Örnsköldsvik (ticked in the list's order, which put
    Härnösand first and made it the base): Sundsvall's officers review it, the others' do not."""
    karin = login_as("employer", locale="en", full_name="Karin HR")
    form = client.get("/employers/organisations/new").get_data(as_text=True)
    assert "Where is the organisation based?" in form and "The first one you tick" not in form
    registered = client.post("/employers/organisations/new", data={
        "kind": "employer", "name": "Sundsvalls Mekaniska", "org_number": org_number(7), "municipality": "2281",
        "municipalities": ["2280", "2284"], "contact_name": "Karin HR", "contact_email": "karin@example.se"})
    assert registered.status_code == 302
    with app.app_context():
        organisation = db.session.scalar(select(Organisation))
        assert organisation.municipality_code == "2281"
        assert [m.code for m in organisation.municipalities] == ["2280", "2281", "2284"]  # by name: Härnösand...
        organisation_id = organisation.id
    assert "based in Sundsvall" in client.get("/employers/").get_data(as_text=True)

    for code, reviews in (("2281", True), ("2280", False), ("2284", False)):
        officer = make_user("officer", municipality_code=code, locale="en")
        listed = "Sundsvalls Mekaniska" in _signed_in(app, officer).get("/employers/review").get_data(as_text=True)
        assert listed is reviews, code
        api = app.test_client().get("/api/v1/reviews", headers=bearer(officer)).get_json()
        assert (api["total"] == 1) is reviews, code

    # The API asks the same: where it is based, besides where it recruits.
    api = app.test_client()
    created = api.post("/api/v1/organisations", headers=bearer(karin), json={
        "name": "Timrå Mekaniska", "org_number": org_number(8), "municipality_code": "2262",
        "municipality_codes": ["2281"], "contact_name": "Karin HR", "contact_email": "karin@example.se"})
    assert created.status_code == 201, created.get_json()
    assert (created.get_json()["municipality_code"], created.get_json()["municipality_codes"]) == (
        "2262", ["2281", "2262"])  # Sundsvall, Timrå: by name
    missing = api.post("/api/v1/organisations", headers={**bearer(karin), "Accept-Language": "en"}, json={
        "name": "Ånge Mekaniska", "org_number": org_number(9), "municipality_codes": ["2281"],
        "contact_name": "Karin HR", "contact_email": "karin@example.se"})
    assert missing.status_code == 422 and list(missing.get_json()["errors"]) == ["municipality_code"]
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).status == ApprovalStatus.PENDING


def test_a_refused_registration_keeps_the_base_chosen(client, login_as):
    login_as("employer", locale="en")
    page = client.post("/employers/organisations/new", data={
        "kind": "employer", "name": "Sundsvalls Mekaniska", "org_number": "556677-8898", "municipality": "2281",
        "contact_name": "Karin HR", "contact_email": "karin@example.se"})
    text = _text(page)
    assert page.status_code == 422 and '<option selected value="2281">' in text
    empty = _text(client.post("/employers/organisations/new", data={
        "kind": "employer", "name": "Sundsvalls Mekaniska", "org_number": org_number(7),
        "contact_name": "Karin HR", "contact_email": "karin@example.se"}))
    assert 'href="#municipality"' in empty and "Choose the municipality where the organisation is based." in empty


def test_waiting_and_decided_organisations_apart(app, make_user):
    coordinator = make_user("coordinator", locale="en")
    with app.app_context():
        OrganisationFactory(name="Väntande AB", approved=False)
        OrganisationFactory(name="Godkänt AB")
        db.session.commit()
    review = _signed_in(app, coordinator)
    waiting = _text(review.get("/employers/review"))
    assert "Waiting for a decision (1)" in waiting and "Decided (1)" in waiting
    assert "Väntande AB" in waiting and "Godkänt AB" not in waiting
    assert "Approve Väntande AB" in waiting and "Reject Väntande AB" in waiting  # one click while it waits
    assert f'href="{BOLAGSVERKET_SEARCH}"' in waiting and "search for 553" in waiting.lower()

    decided = _text(review.get("/employers/review?show=decided"))
    assert "Godkänt AB" in decided and "Väntande AB" not in decided and "Approved by Rita Reviewer" in decided
    article = decided.split('id="organisation-', 1)[1]
    assert "<details" in article and 'name="confirm" value="1"' in article  # rejecting it asks in place
    assert article.index("<details") < article.index("Reject Godkänt AB")
    assert review.get("/employers/review?show=decided&page=2").status_code == 404


def test_rejecting_an_approved_organisation_asks_first(app, make_user):
    coordinator = make_user("coordinator", locale="en")
    with app.app_context():
        need = NeedFactory(organisation=OrganisationFactory(name="Godkänt AB"))
        organisation_id, need_id = need.organisation_id, need.id
        db.session.commit()
    review = _signed_in(app, coordinator)
    asked = review.post(f"/employers/review/{organisation_id}", data={"decision": "rejected", "note": "Not real",
                                                                      "show": "decided"})
    text = _text(asked)
    assert asked.status_code == 200 and "Reject Godkänt AB?" in text and ">Not real</textarea>" in text
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).status == ApprovalStatus.APPROVED
        assert db.session.scalar(select(func.count(OrganisationDecision.id))) == 1  # the approval only

    done = review.post(f"/employers/review/{organisation_id}", data={"decision": "rejected", "note": "Not real",
                                                                     "show": "decided", "confirm": "1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/employers/review?show=decided")
    with app.app_context():
        assert db.session.get(Organisation, organisation_id).status == ApprovalStatus.REJECTED
        assert db.session.get(CompetenceNeed, need_id).status == NeedStatus.DRAFT
    # Approving it again, or rejecting one still waiting, asks nothing.
    again = review.post(f"/employers/review/{organisation_id}", data={"decision": "approved"})
    assert again.status_code == 302
    with app.app_context():
        waiting = OrganisationFactory(name="Väntande AB", approved=False).id
        db.session.commit()
    assert review.post(f"/employers/review/{waiting}", data={"decision": "rejected"}).status_code == 302
    with app.app_context():
        assert db.session.get(Organisation, waiting).status == ApprovalStatus.REJECTED


def test_the_contact_phone_is_checked_and_kept_in_one_form(app, client, login_as):
    login_as("employer", locale="en")
    data = {"kind": "employer", "name": "Timrå Verkstad", "org_number": org_number(8), "municipality": "2262",
            "contact_name": "Karin HR", "contact_email": "karin@example.se", "contact_phone": "060-12 34"}
    refused = client.post("/employers/organisations/new", data=data)
    text = _text(refused)
    assert refused.status_code == 422 and "There is no such phone number in Sweden" in text
    assert 'href="#contact_phone"' in text and 'value="060-12 34"' in text  # named, linked, kept
    letters = _text(client.post("/employers/organisations/new", data={**data, "contact_phone": "call me"}))
    assert "Enter a phone number in digits" in letters
    assert client.post("/employers/organisations/new", data={**data, "contact_phone": "060-12 34 56"}
                       ).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Organisation.contact_phone)) == "+4660123456"
