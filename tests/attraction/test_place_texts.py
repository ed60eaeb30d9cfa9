"""The text blocks of a municipality's Move page: its officers write them with a preview, every save is a version
with who wrote it, an old version can be read and restored, the public page shows the newest at once in the
reader's language (or the other one, marked), and nothing typed is ever read as HTML."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.attraction import texts
from app.attraction.models import MAX_BODY, PlaceText
from app.audit.models import AuditEntry
from app.extensions import db
from tests.conftest import statements_during

EDIT = "/move/2284/texts/welcome/en"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _versions(app, code="2284", slot="welcome", language="en") -> list[tuple[int, str]]:
    with app.app_context():
        rows = db.session.execute(select(PlaceText.version, PlaceText.body).where(
            PlaceText.municipality_code == code, PlaceText.slot == slot, PlaceText.language == language)
            .order_by(PlaceText.version)).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def _save(browser, body: str, based_on: int = 0, url: str = EDIT, **extra):
    return browser.post(url, data={"body": body, "based_on": str(based_on), "submit": "Save", **extra})


def _staff(app, make_user, role: str, municipality_code: str | None = None, locale: str = "en"):
    person = make_user(role, municipality_code=municipality_code, locale=locale,
                       full_name=f"{role.title()} {municipality_code or 'all'}")
    browser = app.test_client()
    browser.post("/login", data={"email": person.email, "password": person.password})
    browser.user = person
    return browser


def test_preview_shows_the_block_and_saves_nothing_then_save_publishes_it(app, officer):
    page = officer.get(EDIT)
    assert page.status_code == 200 and "Nothing is written yet" in _text(page)
    typed = "Welcome to Örnsköldsvik!\n\nWe help you find a home: https://www.ornskoldsvik.se/flytta-hit."
    preview = officer.post(EDIT, data={"body": typed, "based_on": "0", "preview": "Preview"})
    shown = _text(preview)
    assert preview.status_code == 200 and "Preview: not saved yet" in shown
    assert ('<p>Welcome to Örnsköldsvik!</p> <p>We help you find a home: <a href="https://www.ornskoldsvik.se/flytta-hit"'
            in shown)  # the full stop after the address is not part of the link
    assert "Welcome to Örnsköldsvik!" in shown.split("Preview: not saved yet")[0]  # still in the field
    assert _versions(app) == []

    saved = _save(officer, typed)
    assert saved.status_code in (302, 303) and saved.headers["Location"].endswith(EDIT)
    assert "Saved as version 1" in _text(officer.get(EDIT))
    assert _versions(app) == [(1, typed)]
    visitor = app.test_client()
    public = _text(visitor.get("/move/2284?lang=en"))
    assert "place-text\">Welcome</h2>" in public and "<p>Welcome to Örnsköldsvik!</p>" in public
    assert public.index("place-text\">Welcome</h2>") < public.index("In short")  # at the top of the page
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "place_text_saved"))
        assert entry.actor_id == officer.user.id and entry.detail == {
            "municipality": "2284", "slot": "welcome", "language": "en", "version": 1}


def test_every_save_is_a_version_with_its_author_and_an_old_one_comes_back_as_a_new_one(app, officer, make_user):
    assert _save(officer, "First text").status_code in (302, 303)
    coordinator = _staff(app, make_user, "coordinator")
    assert _save(coordinator, "Second text", based_on=1).status_code in (302, 303)
    assert _versions(app) == [(1, "First text"), (2, "Second text")]

    history = _text(officer.get(EDIT))
    assert "2 versions, the newest first" in history
    assert history.index("Coordinator all") < history.index("Olle Officer")  # the newest first, with who
    old = officer.get(f"{EDIT}/1")
    assert old.status_code == 200 and "First text" in _text(old) and "Restore version 1" in _text(old)
    assert "Restore" not in _text(officer.get(f"{EDIT}/2"))  # the page shows it now
    assert officer.get(f"{EDIT}/9").status_code == 404

    restored = officer.post(f"{EDIT}/1/restore")
    assert restored.status_code in (302, 303)
    assert _versions(app) == [(1, "First text"), (2, "Second text"), (3, "First text")]
    assert "Restored version 1" in _text(officer.get(EDIT))
    assert "First text" in _text(app.test_client().get("/move/2284?lang=en"))
    assert officer.post(f"{EDIT}/7/restore").status_code == 404
    with app.app_context():
        row = db.session.scalar(select(PlaceText).where(PlaceText.version == 3))
        assert (row.restored_from, row.author_id) == (1, officer.user.id)
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "place_text_restored")) == 1

    # The same text again adds no version.
    assert _save(officer, "First text", based_on=3).status_code in (302, 303)
    assert len(_versions(app)) == 3
    assert "Nothing changed" in _text(officer.get(EDIT))


def test_a_save_from_an_outdated_page_is_refused_with_the_colleagues_text_shown(app, officer, make_user):
    colleague = _staff(app, make_user, "officer", "2284")
    assert _save(colleague, "Text by the colleague").status_code in (302, 303)
    refused = _save(officer, "My text, written at the same time", based_on=0)
    shown = _text(refused)
    assert refused.status_code == 409
    assert "Officer 2284 saved version 1 of this text while you were writing" in shown
    assert "My text, written at the same time</textarea>" in shown  # nothing typed is lost
    assert "Text by the colleague" in shown  # theirs is shown under the form
    assert 'name="based_on" type="hidden" value="1"' in shown
    assert _versions(app) == [(1, "Text by the colleague")]
    assert _save(officer, "My text, written at the same time", based_on=1).status_code in (302, 303)
    assert _versions(app)[-1] == (2, "My text, written at the same time")


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Write the text: a block cannot be empty."),
    ("   \n\n  ", "Write the text: a block cannot be empty."),
    ("x" * (MAX_BODY + 1), f"Use at most {MAX_BODY} characters (now {MAX_BODY + 1})."),
    ("Bell \x07 here", "Remove the invisible control characters from this field."),
])
@pytest.mark.parametrize("button", ["submit", "preview"])
def test_bad_input_is_named_on_the_field_and_nothing_typed_is_lost(app, officer, typed, message, button):
    response = officer.post(EDIT, data={"body": typed, "based_on": "0", button: "x"})
    shown = _text(response)
    assert response.status_code == 422
    assert f'<a href="#body">Text: {message}</a>' in shown  # in the summary, linked to the field
    assert 'id="body-error"' in shown and 'aria-invalid="true"' in shown
    if typed.strip() and "\x07" not in typed:
        assert typed in response.get_data(as_text=True)
    assert _versions(app) == []


def test_nothing_typed_is_read_as_html(app, officer):
    typed = ('<script>alert(1)</script> <b>bold</b>\n"quoted" & javascript:alert(2) '
             'https://example.se/?a=1&b="x" http://example.se/<img src=x>')
    assert _save(officer, typed).status_code in (302, 303)
    page = app.test_client().get("/move/2284?lang=en").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<b>bold" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;<br>" in page
    assert '<a href="https://example.se/?a=1&amp;b=" rel="noopener">https://example.se/?a=1&amp;b=</a>' in page
    assert 'href="javascript' not in page
    assert texts.paragraphs("one\n\n\n\ntwo\nthree") == "<p>one</p>\n<p>two<br>\nthree</p>"


def test_readers_get_their_language_or_the_other_marked_with_its_language(app, officer):
    _save(officer, "Välkommen till Örnsköldsvik!", url="/move/2284/texts/welcome/sv")
    _save(officer, "Ring oss på 0660-880 00.", url="/move/2284/texts/contact_us/sv")
    _save(officer, "Call us on +46 660 880 00.", url="/move/2284/texts/contact_us/en")
    visitor = app.test_client()
    english = _text(visitor.get("/move/2284?lang=en"))
    assert '<div lang="sv"><p>Välkommen till Örnsköldsvik!</p></div>' in english  # only in Swedish: marked
    assert "<p>Call us on +46 660 880 00.</p>" in english and "Ring oss" not in english
    assert english.index("Call us") > english.index("Who helps you here")
    swedish = _text(visitor.get("/move/2284?lang=sv"))
    assert "<p>Välkommen till Örnsköldsvik!</p>" in swedish and '<div lang="sv">' not in swedish
    assert "<p>Ring oss på 0660-880 00.</p>" in swedish and "Call us" not in swedish
    assert "Välkommen" not in _text(visitor.get("/move/2281?lang=en"))  # Örnsköldsvik's, not Sundsvall's


def test_officers_write_only_their_own_municipality(app, officer, make_user, client, login_as):
    sundsvall = _staff(app, make_user, "officer", "2281")
    _save(officer, "Örnsköldsvik's text")
    for url in ("/move/2284/texts", EDIT, f"{EDIT}/1"):
        assert sundsvall.get(url).status_code == 403
    assert sundsvall.post(EDIT, data={"body": "Taken over", "based_on": "1", "submit": "Save"}).status_code == 403
    assert sundsvall.post(f"{EDIT}/1/restore").status_code == 403
    assert _versions(app) == [(1, "Örnsköldsvik's text")]
    assert sundsvall.get("/move/2281/texts").status_code == 200  # their own
    assert sundsvall.get("/move/2281/texts/nowhere/en").status_code == 404
    assert sundsvall.get("/move/2281/texts/welcome/fi").status_code == 404
    assert sundsvall.get("/move/9999/texts").status_code == 404
    # The public page offers the editor to who may use it, and to nobody else.
    assert "Edit the texts on this page" in _text(officer.get("/move/2284"))
    assert "Edit the texts on this page" not in _text(sundsvall.get("/move/2284"))
    assert "Edit the texts on this page" not in _text(app.test_client().get("/move/2284"))
    login_as("employer")
    assert client.get("/move/2284/texts").status_code == 403
    anonymous = app.test_client().get("/move/2284/texts")
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["Location"]


def test_the_overview_lists_each_block_and_language(app, officer):
    _save(officer, "Hej", url="/move/2284/texts/living_here/sv")
    page = _text(officer.get("/move/2284/texts"))
    assert page.count("Edit in ") == 6 and "Not written yet" in page
    assert "Version 1," in page and "by Olle Officer" in page


def test_a_kept_page_shows_a_new_text_at_once(app, officer, monkeypatch):
    from app import caching

    monkeypatch.setitem(app.config, "LANDA_PUBLIC_KEPT_SECONDS", 60)
    now = [3_000_000_010.0]
    monkeypatch.setattr(caching, "clock", lambda: now[0])
    visitor = app.test_client()
    first = visitor.get("/move/2284?lang=en")
    assert first.headers.get("ETag") and "place-text\">Welcome</h2>" not in _text(first)
    assert visitor.get("/move/2284?lang=en").headers["ETag"] == first.headers["ETag"]  # kept
    _save(officer, "Fresh words")
    fresh = visitor.get("/move/2284?lang=en")
    assert fresh.headers["ETag"] != first.headers["ETag"] and "Fresh words" in _text(fresh)
    _save(officer, "Fresher words", based_on=1)
    assert "Fresher words" in _text(visitor.get("/move/2284?lang=en"))
    officer.post(f"{EDIT}/1/restore")
    assert "Fresh words" in _text(visitor.get("/move/2284?lang=en"))


def test_the_page_reads_its_texts_in_a_bounded_number_of_queries(app, officer):
    visitor = app.test_client()
    visitor.get("/move/2284?lang=en")
    before = statements_during(app, lambda: visitor.get("/move/2284?lang=en"))
    for slot in ("welcome", "living_here", "contact_us"):
        for language in ("sv", "en"):
            for n in range(3):
                _save(officer, f"{slot} {language} {n}", based_on=n, url=f"/move/2284/texts/{slot}/{language}")
    after = statements_during(app, lambda: visitor.get("/move/2284?lang=en"))
    assert after <= before + 2, (before, after)
    editing = statements_during(app, lambda: officer.get("/move/2284/texts/contact_us/sv"))
    assert editing <= 12, editing


def test_a_text_taken_off_the_page_leaves_the_other_language_and_its_history(app, officer):
    _save(officer, "Välkommen!", url="/move/2284/texts/welcome/sv")
    _save(officer, "Welcome!")
    visitor = app.test_client()
    assert "<p>Welcome!</p>" in _text(visitor.get("/move/2284?lang=en"))
    taken = officer.post(EDIT, data={"body": "Welcome!", "based_on": "1", "withdraw": "x"})
    assert taken.status_code in (302, 303)
    assert _versions(app) == [(1, "Welcome!"), (2, "")]
    english = _text(visitor.get("/move/2284?lang=en"))
    assert "<p>Welcome!</p>" not in english and '<div lang="sv"><p>Välkommen!</p></div>' in english  # the other one
    page = _text(officer.get(EDIT))
    assert "The text is off the page since version 2" in page and "Taken off the page" in page
    assert "Take the text off the page" not in page  # nothing left to take off
    assert officer.post(EDIT, data={"body": "", "based_on": "2", "withdraw": "x"}).status_code in (302, 303)
    assert len(_versions(app)) == 2  # nothing on the page: nothing taken off again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "place_text_withdrawn")) == 1
    officer.post(f"{EDIT}/1/restore")
    assert "<p>Welcome!</p>" in _text(visitor.get("/move/2284?lang=en"))
    # Taking off from an outdated page is refused, as a save is.
    refused = officer.post(EDIT, data={"body": "Welcome!", "based_on": "1", "withdraw": "x"}, follow_redirects=True)
    assert "saved version 3 of this text while you were writing" in _text(refused)
    assert _versions(app)[-1] == (3, "Welcome!")
