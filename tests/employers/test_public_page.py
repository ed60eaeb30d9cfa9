"""An approved organisation's public page: its owners write what it does, its website and the relocation support it
offers; anyone reads it (with its open needs, linked both ways with the board) once a reception officer has
approved it, nobody before; search engines find it; an edit shows at once on the kept page."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.auth.models import User
from app.employers.models import ApprovalStatus, Organisation, OrganisationMember
from app.employers.public import MAX_ABOUT
from app.extensions import db
from tests.conftest import statements_during
from tests.factories import NeedFactory, OrganisationFactory

PAGE = {"about": "Vi gör biobränsle av skogsrester.\n\nVi är 120 personer vid Domsjö.",
        "about_en": "We make biofuel from forest residues.", "website": "https://www.greenfuels.example.se",
        "relocation_offers": ["housing", "swedish_lessons"],
        "relocation_text": "Vi hyr lägenheter åt nyanställda första året.",
        "relocation_text_en": "We rent flats for new employees during their first year."}


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def owner(app, make_user):
    """Karin, the owner of an approved organisation with an open need, signed in (English)."""
    person = make_user("employer", full_name="Karin HR", locale="en")
    with app.app_context():
        organisation = OrganisationFactory(owner=db.session.get(User, person.id))
        need = NeedFactory(organisation=organisation, title="Process operator", title_en=None)
        person.organisation_id, person.need_id = organisation.id, need.id
        db.session.remove()
    browser = app.test_client()
    browser.post("/login", data={"email": person.email, "password": person.password})
    browser.user = person
    return browser


def _edit_url(owner) -> str:
    return f"/employers/organisations/{owner.user.organisation_id}/page"


def test_owners_write_the_page_and_everyone_reads_it_with_the_open_needs(app, owner):
    form = owner.get(_edit_url(owner))
    assert form.status_code == 200 and "Public page of Örnsköldsvik Green Fuels AB" in _text(form)
    saved = owner.post(_edit_url(owner), data=PAGE)
    assert saved.status_code in (302, 303)
    assert "Visitors see it now" in _text(owner.get(_edit_url(owner)))
    with app.app_context():
        organisation = db.session.get(Organisation, owner.user.organisation_id)
        assert (organisation.about, organisation.website, organisation.relocation_offers) == (
            PAGE["about"], PAGE["website"], ["housing", "swedish_lessons"])
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "public_page_saved"))
        assert entry.actor_id == owner.user.id and entry.object_id == organisation.id
        assert set(entry.detail["fields"]) == set(PAGE)

    visitor = app.test_client()
    url = f"/organisations/{owner.user.organisation_id}"
    english = _text(visitor.get(url + "?lang=en"))
    assert "<h1>Örnsköldsvik Green Fuels AB</h1>" in english
    assert "<p>We make biofuel from forest residues.</p>" in english and "skogsrester" not in english
    assert f'<a href="{PAGE["website"]}" rel="noopener">' in english
    assert "<li>Help with housing</li>" in english and "<li>Swedish lessons</li>" in english
    assert "Relocation package" not in english and "We rent flats" in english
    assert f'<a href="/needs/{owner.user.need_id}">Process operator</a>' in english
    assert "has 1 open need on the jobs board" in english
    assert '<a href="/move/2284">Örnsköldsvik</a>' in english and '<a href="/move/2281">Sundsvall</a>' in english
    swedish = _text(visitor.get(url + "?lang=sv"))
    assert "<p>Vi gör biobränsle av skogsrester.</p> <p>Vi är 120 personer vid Domsjö.</p>" in swedish
    assert "Vi hyr lägenheter" in swedish and "We make biofuel" not in swedish
    # The need's page on the board names the organisation with a link to its page.
    need_page = _text(visitor.get(f"/needs/{owner.user.need_id}"))
    assert f'<a href="/organisations/{owner.user.organisation_id}">Örnsköldsvik Green Fuels AB</a>' in need_page
    # Owners reach the page from their start page.
    assert _edit_url(owner) in _text(owner.get("/employers/"))


def test_the_page_is_found_by_search_engines_and_reads_as_an_organization(app, owner):
    owner.post(_edit_url(owner), data=PAGE)
    visitor = app.test_client()
    organisation_id = owner.user.organisation_id
    page = visitor.get(f"/organisations/{organisation_id}?lang=en").get_data(as_text=True)
    assert f'<link rel="canonical" href="http://127.0.0.1:5000/organisations/{organisation_id}?lang=en">' in page \
        or re.search(rf'<link rel="canonical" href="[^"]+/organisations/{organisation_id}\?lang=en">', page)
    assert re.search(rf'<link rel="alternate" hreflang="sv" href="[^"]+/organisations/{organisation_id}\?lang=sv">',
                     page)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1))
    assert data["@type"] == "Organization" and data["name"] == "Örnsköldsvik Green Fuels AB"
    assert data["sameAs"] == PAGE["website"] and data["description"] == PAGE["about_en"]
    assert data["address"]["addressLocality"] == "Örnsköldsvik"
    sitemap = visitor.get("/sitemap.xml").get_data(as_text=True)
    assert f"/organisations/{organisation_id}</loc>" in sitemap


def test_only_an_approved_organisation_has_a_public_page(app, owner, make_user):
    url = f"/organisations/{owner.user.organisation_id}"
    visitor = app.test_client()
    assert visitor.get(url).status_code == 200
    with app.app_context():
        pending = OrganisationFactory(owner=db.session.get(User, make_user("employer").id), approved=False,
                                      name="Waiting AB")
        pending_id = pending.id
        db.session.get(Organisation, owner.user.organisation_id).status = ApprovalStatus.REJECTED
        db.session.commit()
    assert visitor.get(url).status_code == 404  # rejected
    assert visitor.get(f"/organisations/{pending_id}").status_code == 404
    assert visitor.get("/organisations/2147483647").status_code == 404
    sitemap = visitor.get("/sitemap.xml").get_data(as_text=True)
    assert "/organisations/" not in sitemap
    # Before the approval the owners may write it, and are told it is not public yet.
    assert "becomes public when a reception officer approves" in _text(owner.get(_edit_url(owner)))


def test_only_its_owners_edit_the_page(app, owner, make_user):
    url = _edit_url(owner)
    colleague = make_user("employer")
    with app.app_context():
        db.session.add(OrganisationMember(organisation_id=owner.user.organisation_id, user_id=colleague.id,
                                          is_owner=False))
        db.session.commit()
    member = app.test_client()
    member.post("/login", data={"email": colleague.email, "password": colleague.password})
    assert member.get(url).status_code == 403
    assert member.post(url, data=PAGE).status_code == 403
    stranger = app.test_client()
    other = make_user("employer")
    stranger.post("/login", data={"email": other.email, "password": other.password})
    assert stranger.get(url).status_code == 404
    assert stranger.post(url, data=PAGE).status_code == 404
    with app.app_context():
        assert db.session.get(Organisation, owner.user.organisation_id).about == ""
    anonymous = app.test_client().get(url)
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["Location"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("about", "", "Write a few sentences about what the organisation does."),
    ("about", "x" * (MAX_ABOUT + 1), f"Use at most {MAX_ABOUT} characters (now {MAX_ABOUT + 1})."),
    ("about_en", "Bell \x07", "Remove the invisible control characters from this field."),
    ("website", "javascript:alert(1)", "Enter the full address of the website, starting with https://"),
    ("website", "www.example.se", "Enter the full address of the website, starting with https://"),
    ("website", "https://localhost", "Enter the full address of the website, starting with https://"),
    ("website", "https://user:pw@example.se", "Enter the full address of the website, starting with https://"),
    ("website", "https://exa mple.se", "Enter the full address of the website, starting with https://"),
    ("website", "https://[bad", "Enter the full address of the website, starting with https://"),
    ("relocation_offers", ["housing", "a_pony"], "Choose the kinds of support from the list."),
])
def test_bad_input_is_named_on_its_field_and_nothing_typed_is_lost(app, owner, field, value, message):
    data = PAGE | {field: value}
    response = owner.post(_edit_url(owner), data=data)
    shown = _text(response)
    assert response.status_code == 422
    assert f'id="{field}-error"' in shown and message in shown
    assert f'<a href="#{field}">' in shown  # in the summary, linked to the field
    if field != "about":
        assert "Vi gör biobränsle av skogsrester." in response.get_data(as_text=True)
    if field == "website" and "<" not in value:
        assert f'value="{value}"' in shown.replace("&amp;", "&")
    with app.app_context():
        assert db.session.get(Organisation, owner.user.organisation_id).about == ""


def test_a_kept_page_shows_an_edit_at_once(app, owner):
    visitor = app.test_client()
    url = f"/organisations/{owner.user.organisation_id}?lang=en"
    first = visitor.get(url)
    assert first.headers.get("ETag") and "public" in first.headers["Cache-Control"]
    again = visitor.get(url)
    assert again.headers["ETag"] == first.headers["ETag"]
    assert visitor.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    owner.post(_edit_url(owner), data=PAGE)
    fresh = visitor.get(url)
    assert fresh.headers["ETag"] != first.headers["ETag"] and "We make biofuel" in _text(fresh)


def test_the_page_is_read_in_a_bounded_number_of_queries(app, owner):
    with app.app_context():
        organisation = db.session.get(Organisation, owner.user.organisation_id)
        for n in range(8):
            NeedFactory(organisation=organisation, title=f"Need {n}", municipality_code="2281")
        db.session.remove()
    reader = app.test_client()
    reader.post("/language", data={"lang": "en"})
    count = statements_during(app, lambda: reader.get(f"/organisations/{owner.user.organisation_id}?page=x"))
    assert "Need 7" in _text(reader.get(f"/organisations/{owner.user.organisation_id}"))
    assert 3 <= count <= 8, count


def test_nothing_the_owners_type_is_read_as_html(app, owner):
    hostile = "<script>alert(1)</script></script><b>x</b> https://example.se/?a=1&b=2"
    assert owner.post(_edit_url(owner), data=PAGE | {"about": hostile, "about_en": "",
                                                     "relocation_text": "<img src=x onerror=alert(1)>"}
                      ).status_code in (302, 303)
    page = app.test_client().get(f"/organisations/{owner.user.organisation_id}?lang=en").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<b>x</b>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.se/?a=1&amp;b=2" rel="noopener">' in page
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "</script" not in data and json.loads(data)["description"] == hostile
