from __future__ import annotations

from tests.conftest import TEST_REDIS_URL


def test_healthz_reports_database_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["queue"]["backend"] == ("redis" if TEST_REDIS_URL else "in-process")


def test_healthz_says_when_the_database_is_down(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from app.extensions import db

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    with app.app_context():
        monkeypatch.setattr(db.session, "execute", broken)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] == {"ok": False}  # no internals to the public


def test_not_found_page_is_translated(client):
    sv = client.get("/finns-inte", headers={"Accept-Language": "sv"})
    en = client.get("/finns-inte", headers={"Accept-Language": "en"})
    assert sv.status_code == en.status_code == 404
    assert "Vi hittar inte sidan" in sv.get_data(as_text=True)
    assert "We cannot find that page" in en.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["title"] == "We cannot find that page"


def test_server_error_page_is_translated_and_hides_the_error(make_app):
    from flask import Blueprint

    from app.auth.access import public

    bp = Blueprint("boom", __name__)

    @bp.route("/boom")
    @public
    def boom():
        raise RuntimeError("kaboom")

    # A fresh app: routes cannot be added to one that has served requests.
    other = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    other.register_blueprint(bp)
    response = other.test_client().get("/boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert "kaboom" not in response.get_data(as_text=True)


def test_healthz_answers_from_cheap_facts(app, client):
    """Anyone may call it (load balancers do, often): it reads what is due, never counts the whole outbox."""
    from sqlalchemy import event

    from app.extensions import db

    seen: list[str] = []
    with app.app_context():
        engine = db.engine
    listener = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/healthz").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert seen and not [s for s in seen if "GROUP BY" in s.upper() or "count(" in s.lower()], seen
