"""What every insights page is made of: figures. A figure is one table of aggregate counts with its words (a
title, a one-sentence summary a screen reader or a printout can stand on, the definition of each measure) and
the kind of chart that shows it. The same figure is rendered as an SVG chart with its table, exported as CSV
and XLSX and served by the API, so the numbers can never differ between them.

Counts are small-number suppressed before they become a figure (``app.insights.suppression``): a withheld
cell is ``None`` and reads "fewer than 5" wherever it is shown.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class ChartKind(enum.StrEnum):
    LINE = "line"  # x: periods (months) in order; one line per series
    BAR = "bar"  # x: categories; one bar per series (grouped)
    FUNNEL = "funnel"  # x: the stages in order; one series, each stage at most the one before
    NONE = "none"  # a table only


@dataclass(frozen=True)
class Column:
    key: str  # stable machine name: CSV header, API field
    label: str  # translated heading
    numeric: bool = True
    # How a number reads: "" a count (1 234), "percent" a share from 0 to 1 (25 %), "days" (12,5 days), "decimal".
    unit: str = ""


@dataclass(frozen=True)
class Figure:
    """One chart and its table. ``rows`` are tuples in ``columns`` order; the first column names the row (a month
    as ``date``, a category as text), the others are counts (``None``: withheld) or derived numbers (a rate, a
    median in days) computed only from published counts."""

    key: str  # unique on its page, used in URLs (?figure=) and file names
    title: str
    summary: str  # what the chart shows, in one or two sentences with the main numbers
    kind: ChartKind
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    definitions: tuple[tuple[str, str], ...] = ()  # (measure, how it is counted)
    notes: tuple[str, ...] = ()  # e.g. "Cells under 5 are withheld."
    series: tuple[str, ...] = field(default=())  # the column keys the chart draws; default: every numeric column

    def drawn(self) -> tuple[Column, ...]:
        wanted = self.series or tuple(c.key for c in self.columns[1:] if c.numeric)
        return tuple(c for c in self.columns if c.key in wanted)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
