"""Reception's inbox: what is new on a case shows on the case list, the overview and the morning digest until
an officer who answers the case has opened it; lists sort by what is urgent and by each column."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import today
from app.reception import inbox
from app.reception.models import Case, CaseTask, InboxItem, InboxKind
from tests.factories import HouseholdFactory


def _kinds(app, case_id: int, unseen: bool = True) -> list[InboxKind]:
    with app.app_context():
        stmt = select(InboxItem.kind).where(InboxItem.case_id == case_id).order_by(InboxItem.id)
        return list(db.session.scalars(stmt.where(InboxItem.seen_at.is_(None)) if unseen else stmt))


def _row(page: str, name: str) -> str:
    """The case list's row of the household ``name``."""
    return next(row for row in re.findall(r"<tr.*?</tr>", page, re.S) if name in row)


def test_a_reply_is_new_for_reception_until_the_officer_opens_the_case(app, client, officer, case_id, make_user):
    assert _kinds(app, case_id) == [InboxKind.NEW_CASE]  # Arjun let reception contact him: a new case
    listed = officer.get("/reception/").get_data(as_text=True)
    assert 'class="unread"' in _row(listed, "Arjun Kumar") and "New case" in _row(listed, "Arjun Kumar")
    officer.get(f"/reception/cases/{case_id}")
    assert _kinds(app, case_id) == []
    assert "New case" not in _row(officer.get("/reception/").get_data(as_text=True), "Arjun Kumar")

    assert client.post(f"/talent/cases/{case_id}/messages", data={"body": "When can we visit the school?"}) \
        .status_code == 302
    assert _kinds(app, case_id) == [InboxKind.REPLY]
    listed = officer.get("/reception/").get_data(as_text=True)
    assert "New message" in _row(listed, "Arjun Kumar")
    assert "Arjun Kumar" in officer.get("/reception/?view=new").get_data(as_text=True)
    overview = officer.get("/reception/dashboard").get_data(as_text=True)
    assert "New for reception" in overview and "New message" in overview and f"/reception/cases/{case_id}" in overview

    # A coordinator looking in leaves it new; the officer opening the case has seen it.
    coordinator = app.test_client()
    boss = make_user("coordinator", locale="en")
    coordinator.post("/login", data={"email": boss.email, "password": boss.password})
    assert "New message" in _row(coordinator.get("/reception/").get_data(as_text=True), "Arjun Kumar")
    coordinator.get(f"/reception/cases/{case_id}")
    assert _kinds(app, case_id) == [InboxKind.REPLY]
    officer.get(f"/reception/cases/{case_id}")
    assert _kinds(app, case_id) == []
    assert "Arjun Kumar" not in officer.get("/reception/?view=new").get_data(as_text=True)
    assert "Nothing new" in officer.get("/reception/dashboard").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(InboxItem.seen_by_id).where(InboxItem.kind == InboxKind.REPLY)) \
            == officer.user.id


def test_another_officers_case_stays_new_until_its_officer_opens_it(app, client, officer, case_id, make_user):
    colleague = make_user("officer", municipality_code="2284", locale="en")
    assert officer.post(f"/reception/cases/{case_id}/take", data={"version": "1"}).status_code == 302
    client.post(f"/talent/cases/{case_id}/messages", data={"body": "Thank you!"})
    other = app.test_client()
    other.post("/login", data={"email": colleague.email, "password": colleague.password})
    other.get(f"/reception/cases/{case_id}")
    assert InboxKind.REPLY in _kinds(app, case_id)  # Olle's case: his colleague's visit leaves it for him
    officer.get(f"/reception/cases/{case_id}")
    assert _kinds(app, case_id) == []


def test_a_case_opened_at_the_desk_is_not_news_to_the_officer_who_opened_it(app, officer):
    page = officer.post("/reception/cases/new", data={
        "municipality": "2284", "full_name": "Walk In", "email": "walk.in@example.org", "locale": "en",
        "agreed": "y"})
    assert page.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(InboxItem)) == 0


def test_tasks_due_today_are_new_once_and_in_the_morning_digest(app, officer, case_id, outbox):
    from app.reception.digests import officer_digest_job

    officer.get(f"/reception/cases/{case_id}")  # the new case is seen
    with app.app_context():
        case = db.session.get(Case, case_id)
        case.tasks.append(CaseTask(title="Call about preschool", due_on=today()))
        case.tasks.append(CaseTask(title="Next week", due_on=today() + timedelta(days=7)))
        db.session.commit()
        assert inbox.note_tasks_due(today()) == 1
        assert inbox.note_tasks_due(today()) == 0  # once
        db.session.commit()
        assert officer_digest_job() == 1
    assert _kinds(app, case_id) == [InboxKind.TASK_DUE]
    [mail] = [m for m in outbox() if m.to == [officer.user.email]]
    assert mail.subject == "Reception today: 1 new for you"
    assert "New since you last looked" in mail.body and "Task due today" in mail.body and "Arjun Kumar" in mail.body


def _households(app, officer_id: int, names: list[str]) -> dict[str, int]:
    """Open cases in Örnsköldsvik for households called ``names``; their case ids."""
    from app.reception.models import CaseSource
    from app.reception.services import open_case

    ids = {}
    with app.app_context():
        for n, name in enumerate(names):
            household = HouseholdFactory(full_name=name)
            case, _ = open_case(household, "2284", source=CaseSource.OFFICER, actor=None,
                                expected_arrival=today() + timedelta(days=1 + n))
            ids[name] = case.id
        db.session.query(InboxItem).delete()
        db.session.commit()
    return ids


def test_the_case_list_puts_what_is_urgent_first_and_sorts_by_each_column(app, officer):
    ids = _households(app, officer.user.id, ["Bo Andersson", "Åsa Öberg", "Cecilia Berg"])
    with app.app_context():
        late = db.session.get(Case, ids["Cecilia Berg"])
        late.tasks.append(CaseTask(title="Overdue call", due_on=today() - timedelta(days=3)))
        inbox.note(db.session.get(Case, ids["Åsa Öberg"]), InboxKind.REPLY, 1)
        db.session.commit()

    def order(url: str) -> list[str]:
        page = officer.get(url).get_data(as_text=True)
        found = re.findall(r"(Bo Andersson|Åsa Öberg|Cecilia Berg)", page.split("<tbody>")[1])
        return list(dict.fromkeys(found))

    # Urgent: something new, then an overdue task, then the soonest arrival.
    assert order("/reception/") == ["Åsa Öberg", "Cecilia Berg", "Bo Andersson"]
    assert order("/reception/?sort=household") == ["Bo Andersson", "Cecilia Berg", "Åsa Öberg"]  # Å after Z
    assert order("/reception/?sort=household&dir=desc") == ["Åsa Öberg", "Cecilia Berg", "Bo Andersson"]
    assert order("/reception/?sort=arrival&dir=desc") == ["Cecilia Berg", "Åsa Öberg", "Bo Andersson"]
    assert order("/reception/?sort=arrival") == ["Bo Andersson", "Åsa Öberg", "Cecilia Berg"]
    assert order("/reception/?sort=overdue&dir=desc")[0] == "Cecilia Berg"
    page = officer.get("/reception/?sort=household").get_data(as_text=True)
    assert 'aria-sort="ascending"' in page and "sort=household&amp;dir=desc" in page
    assert order("/reception/?sort=nonsense") == order("/reception/")  # an unknown order is the default


def test_every_cut_list_on_the_overview_links_to_all_of_it(app, officer):
    ids = _households(app, officer.user.id, [f"Household {n}" for n in range(22)])
    with app.app_context():
        for case_id in ids.values():
            case = db.session.get(Case, case_id)
            case.tasks.append(CaseTask(title="Overdue call", due_on=today() - timedelta(days=1)))
            inbox.note(case, InboxKind.REPLY, case_id)
        db.session.commit()
    page = officer.get("/reception/dashboard").get_data(as_text=True)
    assert "22 things have not been seen" in page
    assert "/reception/?view=new" in page and "See every case with something new" in page
    assert "20 of 22 tasks shown here" in page and "/reception/?overdue=1" in page
    assert "See all 22 arrivals in the next 30 days" in page and "view=arriving" in page
    arriving = officer.get("/reception/?view=arriving&sort=arrival").get_data(as_text=True)
    assert "22 cases match." in arriving


def test_the_coordinator_sees_the_municipalities_by_county(app, make_user, login, client):
    boss = make_user("coordinator", locale="en")
    login(boss)
    page = client.get("/reception/dashboard").get_data(as_text=True)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', page, re.S)
    assert [name for name, _ in groups][:2] == ["Västernorrland County", "Gävleborg County"]
    home = re.findall(r">([^<>]+)</option>", groups[0][1])
    assert home == ["Härnösand", "Kramfors", "Sollefteå", "Sundsvall", "Timrå", "Ånge", "Örnsköldsvik"]
    assert re.findall(r">([^<>]+)</option>", groups[1][1]) == ["Hudiksvall", "Nordanstig"]


def test_the_api_lists_what_is_new_and_filters_on_it(app, officer, case_id, bearer):
    headers = bearer(officer.user)
    [item] = app.test_client().get("/api/v1/cases?view=new", headers=headers).get_json()["items"]
    assert (item["id"], item["new"]) == (case_id, ["new_case"])
    officer.get(f"/reception/cases/{case_id}")
    assert app.test_client().get("/api/v1/cases?view=new", headers=headers).get_json()["items"] == []
    [item] = app.test_client().get("/api/v1/cases", headers=headers).get_json()["items"]
    assert item["new"] == []
