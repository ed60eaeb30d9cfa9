"""The insights story in Chromium, once in Swedish and once in English: Maria, the region's coordinator, opens
Insights and reads the outcome funnel, the arrival cohorts, demand and supply and the funder's report for the
project period, on the demo region's history (``app.seed.demo_history``); she narrows the funnel to one
municipality and one household type through the form and sees the URL carry the filters and the numbers change,
opens such a shared URL, and downloads a figure and the whole report as CSV and Excel, whose numbers are the
tables' numbers. Every chart has its table beside it; the filter form and the downloads are reached by Tab.

Every page goes through ``visit`` (axe in both languages, reflow at 320 px and 200 %). The story reads its labels
from the catalogue the pages use, so each run checks the wording the reader of that language sees.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

from tests.browser.conftest import sign_in
from tests.browser.keyboard import tab_to
from tests.browser.words import Words

pytestmark = pytest.mark.browser
COORDINATOR = "coordinator@demo.landa.se"
SUNDSVALL = "2281"


def number(text: str) -> int | None:
    """A count as the table shows it (``1 220``, ``1,220``); None for a withheld or empty cell."""
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits and not re.search(r"[^\d\s.,\u00a0\u202f%]", text) else None


def table_value(page, figure: str, row_label: str, column: int = 1) -> int | None:
    """The cell ``column`` (0: the row's name) of the row named ``row_label`` in the table of ``figure``."""
    row = page.locator(f"#{figure} table tbody tr").filter(has=page.get_by_role("rowheader", name=row_label,
                                                                                   exact=True))
    return number(row.locator("th, td").nth(column).inner_text())


def charts_have_tables(page) -> int:
    """Every figure drawn as a chart has its numbers as a table in the same section; the number of figures."""
    sections = page.locator("main section.insight")
    for n in range(sections.count()):
        section = sections.nth(n)
        name = section.locator("h2").inner_text()
        if section.locator(".chart svg").count():
            table = section.locator("table.insight-table")
            assert table.count() == 1, f"the chart {name!r} has no table"
            assert table.locator("caption").inner_text().strip(), f"the table of {name!r} has no caption"
            assert table.locator("tbody tr").count() >= 1, f"the table of {name!r} is empty"
    return sections.count()


def sheet_value(sheet, label: str):
    """The number beside ``label`` in a worksheet's table (its first row so named: the definitions below the
    table name the measures again, with words beside them)."""
    return next(row[1] for row in sheet.iter_rows(values_only=True) if row and row[0] == label)


def download(page, link) -> bytes:
    with page.expect_download() as event:
        link.click()
    return Path(event.value.path()).read_bytes()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_insights(browser_page, visit, live, lang):
    from app.extensions import db
    from app.insights.outcomes import refresh_outcomes

    with live.app.app_context():  # what earlier stories on this server changed is counted too
        refresh_outcomes()
        db.session.commit()
        db.session.remove()
    page = browser_page
    sign_in(page, COORDINATOR)
    visit.switch_language(lang)  # saved with her account: the other stories on this server expect Swedish
    try:
        insights_path(Words(lang), page, visit)
    finally:
        if page.locator("html").get_attribute("lang") != "sv":
            visit.switch_language("sv")


def insights_path(t, page, visit):
    """The story itself, with Maria signed in and reading her language."""
    # --- Insights, then the funnel for the project period --------------------------------------------------------
    page.locator("header").get_by_role("link", name=t("Insights"), exact=True).click()
    page.get_by_role("heading", name=t("Insights"), level=1).wait_for()
    visit("insights")
    page.locator("main").get_by_role("link", name=t("Outcome funnel")).click()
    page.get_by_role("heading", name=t("Outcome funnel"), level=1).wait_for()
    assert "2024" in page.locator(".insight-scope").inner_text()  # the project period, from 1 February 2024
    assert charts_have_tables(page) >= 5
    registered = table_value(page, "funnel", t("Registered in Landa"))
    hired = table_value(page, "funnel", t("Hired"))
    arrived = table_value(page, "funnel", t("Arrived"))
    assert registered and registered > 100, registered  # the demo's history: households over the whole period
    assert hired and arrived and registered > arrived > hired
    visit("funnel")

    # --- Keyboard: the filter form and the downloads are reached by Tab -------------------------------------------
    page.locator("body").focus()
    tab_to(page, f"^{re.escape(t('Municipality'))}$")
    tab_to(page, f"^{re.escape(t('Household'))}$")
    tab_to(page, f"^{re.escape(t('Show'))}$")
    tab_to(page, f"^{re.escape(t('CSV'))}$")
    tab_to(page, f"^{re.escape(t('Excel (XLSX)'))}$")

    # --- One municipality and one household type, through the form -----------------------------------------------
    page.get_by_label(t("Municipality"), exact=True).select_option(SUNDSVALL)
    page.get_by_label(t("Household"), exact=True).select_option("children")
    page.get_by_role("button", name=t("Show"), exact=True).click()
    page.wait_for_load_state("load")
    query = parse_qs(urlparse(page.url).query)
    assert query.get("municipality") == [SUNDSVALL] and query.get("household") == ["children"], page.url
    narrowed = table_value(page, "funnel", t("Registered in Landa"))
    assert narrowed and narrowed < registered, (narrowed, registered)
    assert page.get_by_label(t("Household"), exact=True).input_value() == "children"
    shared = page.url

    # --- A colleague's shared link shows the same ----------------------------------------------------------------
    page.goto("/insights/")
    page.goto(shared)
    assert page.get_by_label(t("Municipality"), exact=True).input_value() == SUNDSVALL
    assert table_value(page, "funnel", t("Registered in Landa")) == narrowed

    # --- The funnel's figure as CSV and as Excel: the numbers of the table ----------------------------------------
    figure = page.locator("#funnel")
    data = download(page, figure.get_by_role("link", name=re.compile(f"^{re.escape(t('CSV'))}")))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["stage", "households"]
    assert int(rows[1][1]) == narrowed and rows[1][0] == t("Registered in Landa")
    data = download(page, figure.get_by_role("link", name=re.compile(f"^{re.escape(t('Excel (XLSX)'))}")))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet_value(sheet, t("Registered in Landa")) == narrowed
    visit("funnel-filtered")

    # --- Arrival cohorts: 3, 6 and 12 months ----------------------------------------------------------------------
    page.goto("/insights/")
    page.locator("main").get_by_role("link", name=t("Arrival cohorts")).click()
    page.get_by_role("heading", name=t("Arrival cohorts"), level=1).wait_for()
    assert charts_have_tables(page) >= 1
    headers = page.locator("#cohorts table thead th").all_inner_texts()
    for months in ("3", "6", "12"):
        assert t(f"Share after {months} months") in headers, headers
    shares = [c for c in page.locator("#cohorts table tbody td").all_inner_texts() if "%" in c]
    assert shares, "no month shows a share still in the region"
    visit("cohorts")

    # --- Demand and supply -----------------------------------------------------------------------------------------
    page.goto("/insights/")
    page.locator("main").get_by_role("link", name=t("Demand and supply")).click()
    page.get_by_role("heading", name=t("Demand and supply"), level=1).wait_for()
    assert charts_have_tables(page) >= 1
    visit("demand")

    # --- The funder's report for the project period, and its workbook ---------------------------------------------
    page.goto("/insights/")
    page.locator("main").get_by_role("link", name=t("The funder's report")).click()
    page.get_by_role("heading", name=t("The funder's report"), level=1).wait_for()
    assert charts_have_tables(page) >= 3
    participants = table_value(page, "indicators", t("Participants"))
    households = table_value(page, "indicators", t("Households"))
    assert participants and households and participants > households > 100
    women = table_value(page, "participants_gender", t("Woman"))
    men = table_value(page, "participants_gender", t("Man"))
    assert women and men, (women, men)
    by_age = page.locator("#participants table tbody tr")
    assert by_age.count() >= 5  # the age bands, under 18 to 65 or older
    visit("report")
    data = download(page, page.locator("main p.downloads").first.get_by_role(
        "link", name=re.compile(f"^{re.escape(t('CSV'))}")))
    text = data.decode("utf-8-sig")
    assert f"# {t('Indicators')}" in text
    data = download(page, page.locator("main p.downloads").first.get_by_role(
        "link", name=re.compile(f"^{re.escape(t('Excel (XLSX)'))}")))
    book = openpyxl.load_workbook(io.BytesIO(data))
    first = book[book.sheetnames[0]]
    assert sheet_value(first, t("Participants")) == participants
    assert sheet_value(first, t("Households")) == households
    assert len(book.sheetnames) == 3  # the indicators, by gender, by gender and age band
