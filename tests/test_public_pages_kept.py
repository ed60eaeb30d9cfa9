"""Public pages kept for visitors who have not signed in: the board exactly as fresh as its needs, the
directory and home page for up to LANDA_PUBLIC_KEPT_SECONDS; ETags; signed-in readers never get them."""

from __future__ import annotations

from sqlalchemy import event, select

from app.employers.models import CompetenceNeed, Organisation
from app.extensions import db
from tests.employers.test_employers import _need
from tests.matching.test_matching_pages import _employer_with_open_need


def _statements(app) -> list[str]:
    seen: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_the_board_is_kept_for_visitors_and_a_new_need_shows_within_a_second(app, make_user, monkeypatch):
    from app.employers import board

    now = [1000.0]
    monkeypatch.setattr(board, "clock", lambda: now[0])
    monkeypatch.setitem(app.config, "LANDA_BOARD_VERSION_SECONDS", 1.0)
    app.extensions.pop("landa_board_version", None)
    boss = _employer_with_open_need(app, make_user)
    visitor = app.test_client()
    first = visitor.get("/needs/")
    assert "Maintenance technician" in first.get_data(as_text=True) and first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"]
    seen = _statements(app)
    again = visitor.get("/needs/")
    assert again.get_data() == first.get_data()
    assert not [s for s in seen if s.lstrip().upper().startswith("SELECT")]  # the version was read this second
    now[0] += 1
    visitor.get("/needs/")
    assert len([s for s in seen if s.lstrip().upper().startswith("SELECT")]) == 1  # a second later: the version
    assert visitor.get("/needs/", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304

    with app.app_context():
        organisation_id = db.session.scalar(select(Organisation.id))
    _need(boss, organisation_id, title="Automation technician for the new plant")
    with app.app_context():
        need_id = db.session.scalar(select(CompetenceNeed.id).where(CompetenceNeed.title.like("Automation%")))
    boss.post(f"/employers/needs/{need_id}/status", data={"status": "open"})
    now[0] += 1
    fresh = visitor.get("/needs/")
    assert "Automation technician for the new plant" in fresh.get_data(as_text=True)
    assert fresh.headers["ETag"] != first.headers["ETag"]
    assert visitor.get(f"/needs/{need_id}").status_code == 200


def test_each_language_and_query_is_kept_apart(app, make_user):
    _employer_with_open_need(app, make_user)
    visitor = app.test_client()
    swedish = visitor.get("/needs/").get_data(as_text=True)
    visitor.post("/language", data={"lang": "en"})
    english = visitor.get("/needs/").get_data(as_text=True)
    assert swedish != english and 'lang="en"' in english and 'lang="sv"' in swedish
    assert "Maintenance technician" not in visitor.get("/needs/?municipality=2281").get_data(as_text=True)


def test_the_directory_is_kept_for_a_minute_and_signed_in_readers_get_their_own(app, make_user, monkeypatch):
    from app import caching
    from app.catalogue.models import Municipality

    monkeypatch.setitem(app.config, "LANDA_PUBLIC_KEPT_SECONDS", 60)
    now = [2_000_000_040.0]
    monkeypatch.setattr(caching, "clock", lambda: now[0])
    visitor = app.test_client()
    assert "Sundsvall" in visitor.get("/directory/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Municipality, "2281").name_sv = "Sundsvall (renamed)"
        db.session.commit()
    try:
        assert "Sundsvall (renamed)" not in visitor.get("/directory/").get_data(as_text=True)  # kept
        officer = make_user("officer", municipality_code="2281")
        signed_in = app.test_client()
        signed_in.post("/login", data={"email": officer.email, "password": officer.password})
        assert "Sundsvall (renamed)" in signed_in.get("/directory/").get_data(as_text=True)
        now[0] += 60
        assert "Sundsvall (renamed)" in visitor.get("/directory/").get_data(as_text=True)  # a minute later
    finally:
        with app.app_context():
            db.session.get(Municipality, "2281").name_sv = "Sundsvall"
            db.session.commit()
