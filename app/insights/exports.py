"""One figure or a whole page as CSV or XLSX, the same numbers as the page shows.

* **CSV**: UTF-8 with a byte-order mark (so Excel opens å, ä, ö right), **comma**-separated (RFC 4180; Excel
  with Swedish settings expects ``;``, so Swedish users open the XLSX, which has no such ambiguity); machine
  column keys as the header row, numbers unformatted (``1234``, ``0.25``), a withheld cell empty. A whole page
  puts its figures one after another, each headed by a ``# <title>`` line; definitions and notes follow as
  ``#`` lines.
* **XLSX** (openpyxl): a sheet per figure; the title and the period on top, the header row in bold (translated
  column names), numbers as numbers, a withheld cell empty with a note beside the table, definitions and notes
  below.
* File names: ``landa-<page>[-<figure>]-<start>_<end>.<csv|xlsx>``.
* Every export is audited (``insights_exported``, ``audit``) with the page, figures, format and filters; so is every
  read of a page through the API (format ``json``, ``app.api.insights``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from flask import Response
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.audit.services import record
from app.insights.figures import Figure
from app.insights.filters import Filters
from app.insights.suppression import SMALLEST

KINDS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filename(page_key: str, figure_key: str | None, filters: Filters, kind: str) -> str:
    parts = ["landa", page_key] + ([figure_key] if figure_key else []) + [filters.label]
    return re.sub(r"[^A-Za-z0-9_.-]", "-", "-".join(parts)) + f".{kind}"


def _cell(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_text(figures: Sequence[Figure], filters: Filters) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    several = len(figures) > 1
    for n, figure in enumerate(figures):
        if several:
            if n:
                writer.writerow([])
            writer.writerow([f"# {figure.title}"])
        writer.writerow([c.key for c in figure.columns])
        for row in figure.rows:
            writer.writerow(["" if v is None else _cell(v) for v in row])
        if several:
            for measure, definition in figure.definitions:
                writer.writerow([f"# {measure}: {definition}"])
    return "\ufeff" + out.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:28].strip() or "Figure"
    candidate, n = name, 2
    while candidate.lower() in used:
        candidate, n = f"{name[:25]} {n}", n + 1
    used.add(candidate.lower())
    return candidate


def xlsx_bytes(figures: Sequence[Figure], filters: Filters, page_title: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for figure in figures:
        sheet = book.create_sheet(_sheet_name(figure.title, used))
        sheet.append([figure.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([f"{page_title} · {filters.start.isoformat()} – {filters.end.isoformat()}"])
        sheet.append([figure.summary])
        sheet.append([])
        sheet.append([c.label for c in figure.columns])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = bold
        withheld = False
        for row in figure.rows:
            sheet.append([_cell(v) for v in row])
            current = sheet.max_row
            for i, (column, value) in enumerate(zip(figure.columns, row, strict=False), start=1):
                cell = sheet.cell(row=current, column=i)
                if value is None and column.numeric:
                    withheld = True
                elif isinstance(value, float) and not float(value).is_integer() and value <= 1 and \
                        column.key.endswith(("rate", "share")):
                    cell.number_format = "0.0%"
                elif isinstance(value, int):
                    cell.number_format = "#,##0"
            sheet.cell(row=current, column=1).alignment = Alignment(horizontal="left")
        sheet.append([])
        if withheld:
            sheet.append([_("An empty cell means fewer than %(n)s: withheld so that no household can be singled "
                            "out.", n=SMALLEST)])
        for note in figure.notes:
            sheet.append([note])
        if figure.definitions:
            sheet.append([])
            sheet.append([_("Definitions")])
            sheet.cell(row=sheet.max_row, column=1).font = bold
            for measure, definition in figure.definitions:
                sheet.append([measure, definition])
        sheet.column_dimensions["A"].width = 34
        for letter in "BCDEFGHIJ":
            sheet.column_dimensions[letter].width = 16
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def respond(kind: str, page, figures: Sequence[Figure], filters: Filters, *, whole_page: bool, actor) -> Response:
    """The download, with its audit entry added to the session (the view commits)."""
    figure_key = None if whole_page else figures[0].key
    name = filename(page.key, figure_key, filters, kind)
    if kind == "csv":
        response = Response(csv_text(figures, filters).encode("utf-8"), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    else:
        response = Response(xlsx_bytes(figures, filters, str(page.title)), mimetype=XLSX_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    audit(actor, page.key, figures, kind, filters)
    return response


def audit(actor, page_key: str, figures: Sequence[Figure], kind: str, filters: Filters) -> None:
    """Record who took which figures out of Landa, in what form (``csv``, ``xlsx``, ``json`` from the API) and
    with which filters: one entry per download or API read, added to the session (the caller commits)."""
    record(actor, "insights_exported", "insights", 0, page=page_key, figures=[f.key for f in figures],
           format=kind, filters=filters.to_args())
