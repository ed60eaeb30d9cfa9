"""Issue 20, items 6 and 7: the employer's start page says what changed on each need since the member last looked
at its candidates (new interest, new people on the matching list), offers the likeliest status first and asks
before closing; a need has a page of its own that reads as candidates see it, apart from the page that edits it."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import User
from app.employers.models import CompetenceNeed, Interest, NeedSeen, NeedStatus, Organisation, OrganisationMember
from app.extensions import db
from app.models import today
from tests.conftest import statements_during
from tests.factories import HouseholdFactory, NeedFactory, OrganisationFactory


def _employer(app, make_user, status=NeedStatus.OPEN, approved=True, karin=None):
    """Karin, HR at an approved plant with a need for 40 maintenance technicians (7233) in Örnsköldsvik: her
    browser (English), the need's id and the organisation's id."""
    karin = karin or make_user("employer", locale="en", full_name="Karin HR")
    with app.app_context():
        organisation = OrganisationFactory(owner=db.session.get(User, karin.id), approved=approved)
        need = NeedFactory(organisation=organisation, status=status)
        ids = need.id, organisation.id
        db.session.remove()
    boss = app.test_client()
    boss.post("/login", data={"email": karin.email, "password": karin.password})
    return boss, *ids


def _colleague(app, make_user, organisation_id):
    """Another member of the organisation, signed in."""
    colleague = make_user("employer", locale="en", full_name="Kalle Kollega")
    with app.app_context():
        db.session.add(OrganisationMember(organisation_id=organisation_id, user_id=colleague.id))
        db.session.commit()
    browser = app.test_client()
    browser.post("/login", data={"email": colleague.email, "password": colleague.password})
    return browser


def _row(page, need_id: int) -> str:
    """The start page's row of one need, as text."""
    text = html.unescape(page.get_data(as_text=True))
    return text.split(f'id="need-{need_id}"', 1)[1].split("</section>", 1)[0]


def test_the_start_page_says_who_showed_interest_since_the_last_look(app, client, newcomer, newcomer_client,
                                                                     make_user):
    boss, need_id, organisation_id = _employer(app, make_user)
    assert "No candidates yet." in _row(boss.get("/employers/"), need_id)

    client.post(f"/needs/{need_id}/interest")  # Arjun
    row = _row(boss.get("/employers/"), need_id)
    assert "New to you (you have not looked at the candidates yet):" in row and "1 interested candidate" in row
    assert "in all" not in row  # everyone interested is new: said once

    candidates = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    assert candidates.count('<span class="badge">New to you</span>') == 1  # Arjun is new on the page too
    row = _row(boss.get("/employers/"), need_id)
    assert "Nothing new since you last looked" in row and "1 interested in all." in row
    assert '<span class="badge">New to you</span>' not in boss.get(f"/employers/needs/{need_id}/candidates").get_data(
        as_text=True)  # the last look was the one before

    _ana, ana = newcomer_client
    ana.post(f"/needs/{need_id}/interest")
    row = _row(boss.get("/employers/"), need_id)
    assert "New since you last looked" in row and "1 interested candidate" in row and "2 interested in all." in row

    # What is new is new to each member: a colleague who never looked finds both.
    colleague = _colleague(app, make_user, organisation_id)
    row = _row(colleague.get("/employers/"), need_id)
    assert "New to you" in row and "2 interested candidates" in row
    with app.app_context():
        assert db.session.query(NeedSeen).count() == 1  # Karin's look only; the start page marks nothing


def test_someone_new_on_the_matching_list(app, client, newcomer, make_user):
    boss, need_id, _organisation_id = _employer(app, make_user)
    boss.get(f"/employers/needs/{need_id}/candidates")  # nobody shares a profile yet
    assert "Nothing new since you last looked" in _row(boss.get("/employers/"), need_id)

    client.post("/talent/consents", data={"matching": "y"})  # Arjun, a maintenance mechanic, shares his profile
    row = _row(boss.get("/employers/"), need_id)
    assert "New since you last looked" in row and "1 on the matching list" in row and "interested in all" not in row
    page = boss.get(f"/employers/needs/{need_id}/candidates").get_data(as_text=True)
    matching = page.split("Other talent that matches", 1)[1]
    assert '<span class="badge">New to you</span>' in matching and "Arjun" not in matching
    assert "Nothing new since you last looked" in _row(boss.get("/employers/"), need_id)


def test_the_candidates_looked_at_through_the_api_are_not_new_either(app, client, newcomer, make_user, bearer):
    karin = make_user("employer", locale="en", full_name="Karin HR")
    boss, need_id, _organisation_id = _employer(app, make_user, karin=karin)
    client.post(f"/needs/{need_id}/interest")
    assert app.test_client().get(f"/api/v1/needs/{need_id}/candidates", headers=bearer(karin)).status_code == 200
    assert "Nothing new since you last looked" in _row(boss.get("/employers/"), need_id)


def test_two_looks_at_once_keep_one_row(app, make_user):
    """Two tabs opening the candidates at the same moment: one row per member and need, the latest look."""
    boss, need_id, _organisation_id = _employer(app, make_user)
    boss.get(f"/employers/needs/{need_id}/candidates")
    with app.app_context():
        first = db.session.scalar(select(NeedSeen.seen_at))
    boss.get(f"/employers/needs/{need_id}/candidates")
    with app.app_context():
        assert db.session.query(NeedSeen).count() == 1
        assert db.session.scalar(select(NeedSeen.seen_at)) > first


def test_status_actions_come_likeliest_first_and_closing_asks(app, make_user):
    boss, need_id, _organisation_id = _employer(app, make_user)
    row = _row(boss.get("/employers/"), need_id)
    assert row.index("Mark as filled") < row.index("Back to draft") < row.index("Close…")
    assert "<details" in row and 'name="confirm" value="1"' in row  # closing asks in place, without script

    asked = boss.post(f"/employers/needs/{need_id}/status", data={"status": "closed"})
    page = html.unescape(asked.get_data(as_text=True))
    assert asked.status_code == 200 and "Close “Maintenance technician”?" in page and 'name="confirm"' in page
    with app.app_context():
        assert db.session.get(CompetenceNeed, need_id).status == NeedStatus.OPEN  # not yet

    closed = boss.post(f"/employers/needs/{need_id}/status", data={"status": "closed", "confirm": "1",
                                                                   "back": "need"})
    assert closed.status_code == 302 and closed.headers["Location"].endswith(f"/employers/needs/{need_id}")
    with app.app_context():
        assert db.session.get(CompetenceNeed, need_id).status == NeedStatus.CLOSED
    row = _row(boss.get("/employers/"), need_id)
    assert "Back to draft" in row and "Close…" not in row and "Publish" not in row

    boss.post(f"/employers/needs/{need_id}/status", data={"status": "draft"})
    row = _row(boss.get("/employers/"), need_id)
    assert row.index("Publish") < row.index("Close…")  # a draft: publish first, close last


def test_the_need_page_reads_as_candidates_see_it(app, client, newcomer, make_user):
    boss, need_id, _organisation_id = _employer(app, make_user)
    client.post(f"/needs/{need_id}/interest")
    page = boss.get(f"/employers/needs/{need_id}")
    text = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "<h1>Maintenance technician</h1>" in text and "What candidates see" in text
    assert "Agricultural and industrial machinery mechanics and repairers" in text and "Help with housing" in text
    assert 'name="title"' not in text  # reading, not editing
    assert f'href="/employers/needs/{need_id}/edit"' in text and f'href="/employers/needs/{need_id}/candidates"' in text
    assert "1 person interested, <strong>1 new to you</strong>" in text and "0 of 40 hired" in text
    assert f'href="/needs/{need_id}"' in text  # as it stands on the board
    assert "You have not looked at the candidates yet." in text
    assert text.index("Mark as filled") < text.index("Close…")


def test_the_need_is_edited_on_a_page_of_its_own(app, make_user):
    boss, need_id, _organisation_id = _employer(app, make_user)
    form = html.unescape(boss.get(f"/employers/needs/{need_id}/edit").get_data(as_text=True))
    assert "Edit “Maintenance technician”" in form and 'value="Maintenance technician"' in form
    assert f'href="/employers/needs/{need_id}">Cancel' in form
    start = (today() + timedelta(days=60)).isoformat()
    data = {"title": "Maintenance technician, nights", "occupation": "7233", "municipality": "2284",
            "positions": "40", "employment_type": "permanent", "start_date": start}
    saved = boss.post(f"/employers/needs/{need_id}/edit", data=data)
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/employers/needs/{need_id}")
    # A form opened before the edit page moved still posts to the need's address: it is saved all the same.
    moved = boss.post(f"/employers/needs/{need_id}", data={**data, "title": "Maintenance technician, days"})
    assert moved.status_code == 307 and moved.headers["Location"].endswith(f"/employers/needs/{need_id}/edit")
    boss.post(f"/employers/needs/{need_id}", data={**data, "title": "Maintenance technician, days"},
              follow_redirects=True)
    with app.app_context():
        assert db.session.get(CompetenceNeed, need_id).title == "Maintenance technician, days"


def test_a_pending_organisations_need_page_says_why_it_is_a_draft(app, make_user):
    boss, need_id, _organisation_id = _employer(app, make_user, status=NeedStatus.DRAFT, approved=False)
    text = html.unescape(boss.get(f"/employers/needs/{need_id}").get_data(as_text=True))
    assert "once a reception officer has approved the organisation" in text
    assert f"/employers/needs/{need_id}/candidates" not in text  # no candidates until approved
    assert 'value="open"' not in text and "Close…" in text  # nothing to publish yet; closing it is possible
    row = _row(boss.get("/employers/"), need_id)
    assert "No candidates yet." not in row and "See the candidates" not in row and 'value="open"' not in row


def test_the_start_and_need_pages_ask_as_often_however_many_are_interested(app, make_user):
    """What is new is counted for every need at once: more interest, more needs, no more statements (the
    matching list is kept between views: each page is read once after a change before it is counted)."""
    boss, need_id, organisation_id = _employer(app, make_user)

    def interested(count: int) -> None:
        with app.app_context():
            for _ in range(count):
                household = HouseholdFactory()
                db.session.add(Interest(need_id=need_id, profile_id=household.id, member_id=household.me.id))
            db.session.commit()

    interested(1)
    boss.get("/employers/")
    before = (statements_during(app, lambda: boss.get("/employers/")),
              statements_during(app, lambda: boss.get(f"/employers/needs/{need_id}")))
    interested(4)
    boss.get("/employers/")
    after = (statements_during(app, lambda: boss.get("/employers/")),
             statements_during(app, lambda: boss.get(f"/employers/needs/{need_id}")))
    assert after == before
    with app.app_context():  # two more drafts: the start page reads nothing more for them, one by one
        for title in ("Electrician", "Welder"):
            NeedFactory(organisation=db.session.get(Organisation, organisation_id), status=NeedStatus.DRAFT,
                        title=title)
        db.session.commit()
    boss.get("/employers/")
    assert statements_during(app, lambda: boss.get("/employers/")) == before[0]


def test_a_need_starts_after_today(app, make_user):
    """Issue 20, item 12: today is refused (tests/api/test_refusals_agree.py: alike in the API); tomorrow is
    taken; a need that has started keeps its start date when edited."""
    boss, need_id, organisation_id = _employer(app, make_user)
    data = {"title": "Welder", "occupation": "7212", "municipality": "2284", "positions": "2",
            "employment_type": "permanent"}
    refused = boss.post(f"/employers/organisations/{organisation_id}/needs/new",
                        data={**data, "start_date": today().isoformat()})
    text = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 422
    assert 'id="start_date-error"' in text and "The start date must be after today" in text
    assert 'href="#start_date"' in text  # the summary links to the field
    assert 'value="Welder"' in text  # what was typed stays
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert boss.post(f"/employers/organisations/{organisation_id}/needs/new",
                     data={**data, "start_date": tomorrow}).status_code == 302

    started = today() - timedelta(days=3)
    with app.app_context():
        db.session.get(CompetenceNeed, need_id).start_date = started
        db.session.commit()
    kept = boss.post(f"/employers/needs/{need_id}/edit", data={
        "title": "Maintenance technician", "occupation": "7233", "municipality": "2284", "positions": "40",
        "employment_type": "permanent", "start_date": started.isoformat()})
    assert kept.status_code == 302


def test_the_start_page_reads_as_many_rows_for_two_needs_as_for_eight(app, make_user):
    """What changed is read for every need at once: the page's statements do not grow with its needs (the
    matching lists kept, as after a first view)."""
    boss, _need_id, organisation_id = _employer(app, make_user)

    def statements() -> int:
        boss.get("/employers/")  # the matching lists are found and kept
        return statements_during(app, lambda: boss.get("/employers/"))

    few = statements()
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        for _ in range(6):
            NeedFactory(organisation=organisation, status=NeedStatus.OPEN)
        db.session.commit()
    assert statements() == few
