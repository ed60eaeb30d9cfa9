"""Small-number suppression: what keeps an aggregate from pointing at a household.

Rules (the same as the open ``/statistics`` API, extended to tables):

1. **Primary**: a count from 1 to 4 (``0 < n < SMALLEST``) is withheld (``None``, shown as "fewer than 5"). A
   zero is published: it tells nothing about a person.
2. **Secondary**: in a table whose totals are published (or can be known), a withheld cell must never be the only
   one withheld in its line, or subtracting the others from the total gives it back. So in every line (a column
   when the column total is published, a row when the row total is) that has exactly one withheld cell, the
   smallest other non-zero cell is withheld too; repeated until no line has a single withheld cell. Totals are
   counted from the raw numbers and are themselves primary-suppressed.
3. **Nested counts** (a funnel: each stage a subset of the one before): the drop between two published stages is a
   count of people too, so a stage whose drop from the last published stage is 1 to 4 is withheld.

Derived numbers (rates, medians) are computed only from published counts (``rate``).
"""

from __future__ import annotations

from collections.abc import Sequence

SMALLEST = 5


def withhold(count: int | None) -> int | None:
    """A count as it may be published: ``None`` for 1 to 4 (and for ``None``), else the count."""
    if count is None:
        return None
    count = int(count)
    return count if count == 0 or count >= SMALLEST else None


def _secondary(cells: list[list[int | None]], raw: list[list[int]], lines: list[list[tuple[int, int]]]) -> None:
    """Withhold one more cell in every line with exactly one withheld cell, until none is left."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            hidden = [(r, c) for r, c in line if cells[r][c] is None]
            if len(hidden) != 1:
                continue
            candidates = [(raw[r][c], r, c) for r, c in line if cells[r][c] is not None and raw[r][c] > 0]
            if not candidates:  # the others are zeros: the total equals the withheld cell, so withhold the total
                continue  # (the caller's totals are suppressed by ``total``; a lone cell beside zeros is its total)
            _value, r, c = min(candidates)
            cells[r][c] = None
            changed = True


def _nested(cells: list[list[int | None]], raw: list[list[int]]) -> bool:
    """Rule 3 along each row: withhold a stage 1 to 4 below the last published stage before it."""
    changed = False
    for r, row in enumerate(raw):
        last = None
        for c, value in enumerate(row):
            if cells[r][c] is None:
                continue
            if last is not None and 0 < last - value < SMALLEST:
                cells[r][c] = None
                changed = True
                continue
            last = value
    return changed


def withhold_table(rows: Sequence[Sequence], *, total_row: bool = True, total_column: bool = False,
                   nested_rows: bool = False, label_columns: int = 1) -> list[tuple]:
    """Suppress a table of counts. ``rows``: tuples whose first ``label_columns`` entries are labels (kept) and
    whose other entries are raw counts. ``total_row``: the column totals are published (or knowable), so each
    column is protected against subtraction; ``total_column``: the same for each row's total; ``nested_rows``:
    each row is a chain of nested counts (funnel stages), rule 3 applies along it.

    Returns the rows with the counts replaced by their publishable values (``None``: withheld)."""
    raw = [[int(v or 0) for v in row[label_columns:]] for row in rows]
    cells: list[list[int | None]] = [[withhold(v) for v in row] for row in raw]
    width = max((len(r) for r in raw), default=0)
    lines: list[list[tuple[int, int]]] = []
    if total_row:
        lines += [[(r, c) for r in range(len(raw)) if c < len(raw[r])] for c in range(width)]
    if total_column:
        lines += [[(r, c) for c in range(len(raw[r]))] for r in range(len(raw))]
    while True:
        nested = _nested(cells, raw) if nested_rows else False
        before = sum(v is None for row in cells for v in row)
        _secondary(cells, raw, lines)
        if not nested and sum(v is None for row in cells for v in row) == before:
            break
    return [tuple(row[:label_columns]) + tuple(cells[i]) for i, row in enumerate(rows)]


def total(counts: Sequence[int | None]) -> int | None:
    """The publishable total of raw counts."""
    return withhold(sum(int(c or 0) for c in counts))


def withhold_nested(counts: Sequence[int | None]) -> list[int | None]:
    """Suppress a chain of nested counts (a funnel), rule 3: a stage is withheld when it is under five or when it
    is 1 to 4 fewer than the last published stage before it."""
    published: list[int | None] = []
    last: int | None = None
    for raw in counts:
        value = withhold(raw)
        if value is not None and last is not None and 0 < last - value < SMALLEST:
            value = None
        published.append(value)
        if value is not None:
            last = value
    return published


def rate(numerator: int | None, denominator: int | None) -> float | None:
    """A share from published counts only (``None`` if either is withheld or the denominator is zero)."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator
