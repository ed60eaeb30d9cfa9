"""The insights framework: suppression with crafted small cells, filters in the URL (round trip, bad values named),
who may see what, the chart's SVG, and exports that read back to the same numbers as the page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.audit.models import AuditEntry
from app.extensions import db
from app.insights import charts, exports, outcomes
from app.insights.figures import ChartKind, Column, Figure
from app.insights.filters import Filters, Scope
from app.insights.suppression import rate, total, withhold, withhold_nested, withhold_table
from tests.insights.reception_crafted import SUNDSVALL, case, household

# --- suppression -------------------------------------------------------------------------------------------------


def test_a_count_under_five_is_withheld_and_zero_is_published():
    assert [withhold(n) for n in (0, 1, 3, 4, 5, 120, None)] == [0, None, None, None, 5, 120, None]
    assert total([3, 4]) == 7 and total([1, 2]) is None
    assert rate(5, 10) == 0.5 and rate(None, 10) is None and rate(5, 0) is None


def test_a_cell_of_three_cannot_be_recovered_from_the_column_total():
    rows = [("Sundsvall", 3, 40), ("Timrå", 20, 7), ("Ånge", 12, 30)]
    published = withhold_table(rows, total_row=True)
    assert published[0][1] is None  # the cell of 3
    column = [row[1] for row in published]
    # With the total (35) published, one withheld cell alone would be 35 minus the others: a second goes too.
    assert column.count(None) == 2 and published[2][1] is None  # the smallest other cell (12), not 20
    assert [row[2] for row in published] == [40, 7, 30]  # the other column had nothing small: all published


def test_row_totals_protect_rows_too_and_suppression_repeats_until_stable():
    rows = [("A", 2, 50, 60), ("B", 40, 45, 9)]
    published = withhold_table(rows, total_row=True, total_column=True)
    for line in [[r[c] for r in published] for c in (1, 2, 3)] + [list(r[1:]) for r in published]:
        assert line.count(None) != 1, published
    assert published[0][1] is None


def test_without_totals_only_primary_suppression():
    assert withhold_table([("A", 3, 9), ("B", 8, 9)], total_row=False) == [("A", None, 9), ("B", 8, 9)]


def test_a_funnel_stage_a_few_below_the_one_before_is_withheld():
    assert withhold_nested([100, 98, 50, 50, 3]) == [100, None, 50, 50, None]
    # Rows of stages: the chain rule along the row, then the column rule again.
    published = withhold_table([("A", 100, 97), ("B", 80, 60), ("C", 70, 50)], total_row=True, nested_rows=True)
    assert published[0][2] is None and [r[2] for r in published].count(None) == 2


# --- filters -----------------------------------------------------------------------------------------------------


def test_filters_round_trip_through_the_url(app):
    with app.test_request_context("/"):
        scope = Scope(role="coordinator")
        wanted = Filters(start=date(2025, 1, 1), end=date(2025, 6, 30), municipality=SUNDSVALL, group="2",
                         household="children", basis="work_permit", gender="woman", age_band="25_34")
        read, errors = Filters.from_args(MultiDict(wanted.to_args()), scope)
        assert errors == {} and read == wanted
        default, errors = Filters.from_args(MultiDict(), scope)
        assert errors == {} and default.to_args() == {}
        assert (default.start, default.end) == (date(2024, 2, 1), date(2026, 12, 31))  # the project period


def test_bad_filter_values_are_named_per_field(app):
    with app.test_request_context("/"):
        _filters, errors = Filters.from_args(MultiDict({
            "start": "2025-13-01", "end": "yesterday", "municipality": "9999", "group": "12", "household": "big",
            "basis": "tourist", "gender": "x", "age_band": "old"}), Scope(role="coordinator"))
        assert set(errors) == {"start", "end", "municipality", "group", "household", "basis", "gender", "age_band"}
        _filters, errors = Filters.from_args(MultiDict({"start": "2025-06-01", "end": "2025-01-01"}),
                                             Scope(role="coordinator"))
        assert set(errors) == {"end"}


def test_an_officer_is_held_to_their_municipality(app):
    with app.test_request_context("/"):
        filters, errors = Filters.from_args(MultiDict({"municipality": "2284"}), Scope(role="officer",
                                                                                      municipality=SUNDSVALL))
        assert errors == {} and filters.municipality == SUNDSVALL


# --- pages over HTTP ---------------------------------------------------------------------------------------------


def test_a_bad_filter_answers_422_with_the_field_in_the_summary(client, login_as):
    login_as("coordinator", locale="en")
    response = client.get("/insights/funnel", query_string={"start": "1st of May", "household": "big"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    summary = html[html.index('class="form-summary"'):]
    assert 'href="#filter-start"' in summary and 'href="#filter-household"' in summary
    assert 'id="filter-start"' in html and 'aria-invalid="true"' in html
    assert 'value="1st of May"' in html  # what was typed stays


@pytest.mark.parametrize("role", ["coordinator", "admin", "officer"])
def test_staff_see_the_overview_and_the_funnel(app, client, login_as, role):
    with app.app_context():
        outcomes.refresh_outcomes_job()
    login_as(role, locale="en", municipality_code=SUNDSVALL if role == "officer" else None)
    overview = client.get("/insights/")
    assert overview.status_code == 200
    assert 'href="/insights/funnel"' in overview.get_data(as_text=True)
    page = client.get("/insights/funnel")
    assert page.status_code == 200
    assert 'href="/insights/"' in client.get("/start", follow_redirects=True).get_data(as_text=True)  # the nav


def test_a_newcomer_is_refused_and_a_visitor_sent_to_sign_in(client, login_as):
    assert "/login" in client.get("/insights/funnel").headers["Location"]
    assert "/login" in client.get("/insights/").headers["Location"]
    login_as("newcomer")
    assert client.get("/insights/").status_code == 403
    assert client.get("/insights/funnel").status_code == 403


def test_an_employer_may_not_open_a_staff_page(client, login_as):
    login_as("employer")
    assert client.get("/insights/funnel").status_code == 403
    assert client.get("/insights/no-such-page").status_code == 404


def test_an_officer_sees_only_their_municipality(app, client, login_as):
    with app.app_context():
        for _ in range(6):
            household(created=date(2025, 3, 3), destination=SUNDSVALL)
        for _ in range(9):
            household(created=date(2025, 3, 3), destination="2284")
        db.session.commit()
        outcomes.refresh_outcomes_job()
    login_as("officer", locale="en", municipality_code=SUNDSVALL)
    csv_text = client.get("/insights/funnel", query_string={"export": "csv", "figure": "funnel",
                                                            "municipality": "2284"}).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert rows[1][1] == "6"  # registered: Sundsvall's six, not Örnsköldsvik's nine


# --- exports -----------------------------------------------------------------------------------------------------


@pytest.fixture
def crafted(app):
    """Seven households registered in March 2025 heading to Sundsvall, five arrived (their cases marked so)."""
    with app.app_context():
        for n in range(7):
            profile = household(created=date(2025, 3, 10), destination=SUNDSVALL)
            if n < 5:
                case(SUNDSVALL, opened=date(2025, 3, 12), arrived=date(2025, 5, 2), profile=profile)
        outcomes.refresh_outcomes_job()


def test_csv_and_xlsx_read_back_to_the_page_numbers_and_are_audited(app, client, login_as, crafted):
    user = login_as("coordinator", locale="en")
    args = {"start": "2025-01-01", "end": "2025-12-31"}
    page = client.get("/insights/funnel", query_string=args).get_data(as_text=True)
    funnel = page[page.index('id="funnel"'):page.index('id="by_month"')]
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', funnel)
    assert cells[0] == "7" and cells[5] == "5"  # registered, arrived

    response = client.get("/insights/funnel", query_string={**args, "export": "csv", "figure": "funnel"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="landa-funnel-funnel-2025-01-01_2025-12-31.csv"' in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["stage", "households"]
    assert [r[1] for r in rows[1:]] == [c if c.isdigit() else "" for c in cells]

    response = client.get("/insights/funnel", query_string={**args, "export": "xlsx"})
    assert response.status_code == 200 and response.mimetype == exports.XLSX_TYPE
    book = load_workbook(io.BytesIO(response.get_data()))
    assert len(book.sheetnames) >= 6  # a sheet per figure of the page
    sheet = book[book.sheetnames[0]]
    values = [row for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row[0] == "Stage")
    assert sheet.cell(row=header + 1, column=1).font.bold
    counts = [row[1] for row in values[header + 1:header + 10]]
    assert counts[0] == 7 and counts[5] == 5 and isinstance(counts[0], int)
    assert any(row[0] == "Definitions" for row in values)

    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "insights_exported",
                                                              AuditEntry.actor_id == user.id)).all()
        assert [(e.detail["format"], e.detail["page"]) for e in entries] == [("csv", "funnel"), ("xlsx", "funnel")]
        assert entries[0].detail["filters"] == args


def test_an_unknown_export_or_figure_is_404(client, login_as, crafted):
    login_as("coordinator")
    assert client.get("/insights/funnel?export=pdf").status_code == 404
    assert client.get("/insights/funnel?export=csv&figure=nope").status_code == 404


def test_a_page_reads_in_both_languages(client, login_as, crafted):
    login_as("coordinator", locale="en")
    english = client.get("/insights/funnel?start=2025-01-01&lang=en").get_data(as_text=True)
    assert "From registration to staying" in english and "<dl" in english
    assert client.get("/insights/funnel?start=2025-01-01&lang=sv").status_code == 200


# --- charts ------------------------------------------------------------------------------------------------------


def _figure(kind: ChartKind, rows) -> Figure:
    return Figure(key="test", title="Households & <arrivals>", summary="A test.", kind=kind,
                  columns=(Column("label", "Label", numeric=False), Column("a", "Registered"), Column("b", "Arrived")),
                  rows=tuple(rows))


def test_a_line_chart_has_its_title_a_line_per_series_and_no_inline_style():
    figure = _figure(ChartKind.LINE, [(date(2025, m, 1), m * 10, None if m == 3 else m) for m in range(1, 7)])
    svg = str(charts.svg(figure, "en"))
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="test-caption"' in svg
    assert "<title" in svg and "Households &amp; &lt;arrivals&gt;" in svg
    assert len(re.findall(r'<g id="chart-test-line2d_\d+">\s*<path', svg)) >= 2  # one path per series
    assert "style=" not in svg and "<style" not in svg  # the CSP allows no inline style
    assert "Jan 2025" in svg  # months on the axis, in the reader's language
    assert str(charts.svg(figure, "en")) == svg  # the same figure, the same SVG


def test_a_withheld_cell_is_a_gap_not_a_zero_and_numbers_follow_the_locale():
    figure = _figure(ChartKind.BAR, [("Sundsvall", 12000, 30), ("Timrå", None, 12)])
    svg = str(charts.svg(figure, "sv"))
    first, second = charts.COLOURS[:2]
    # Registered: one bar (Timrå's is withheld: no bar, not a zero) and its legend key; arrived: two and the key.
    assert svg.count(f'fill="{first}"') == 2 and svg.count(f'fill="{second}"') == 3
    assert ">10\u00a0000<" in svg  # a Swedish thousands separator on the axis
    funnel = str(charts.svg(_figure(ChartKind.FUNNEL, [("Registered", 100, 0), ("Hired", None, 0)]), "en",
                            withheld="fewer than 5"))
    assert "fewer than 5" in funnel


def test_no_chart_for_a_table_only_figure():
    assert str(charts.svg(_figure(ChartKind.NONE, [("A", 5, 5)]), "en")) == ""


def test_the_project_period_is_a_setting(tmp_path):
    from app.config import ConfigError, load_config

    config = load_config(tmp_path, {"LANDA_PROJECT_START": "2025-01-01", "LANDA_PROJECT_END": "2027-06-30"})
    assert (config["LANDA_PROJECT_START"], config["LANDA_PROJECT_END"]) == (date(2025, 1, 1), date(2027, 6, 30))
    defaults = load_config(tmp_path, {})
    assert (defaults["LANDA_PROJECT_START"], defaults["LANDA_PROJECT_END"]) == (date(2024, 2, 1), date(2026, 12, 31))
    with pytest.raises(ConfigError, match="LANDA_PROJECT_START"):
        load_config(tmp_path, {"LANDA_PROJECT_START": "1 Feb 2024"})
    with pytest.raises(ConfigError, match="before"):
        load_config(tmp_path, {"LANDA_PROJECT_START": "2026-01-01", "LANDA_PROJECT_END": "2025-01-01"})
