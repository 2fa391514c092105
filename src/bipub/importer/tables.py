"""A table copied one cell per line, rebuilt as a table when its shape is regular.

Statistics releases and reports copied out of a web page or a PDF often lose
their table grid: every cell lands on its own line.  A run of at least
``MIN_CELLS`` short lines (one raw line each, at most ``CELL_MAX`` characters,
no sentence end), at least ``MIN_FIGURES`` of them figures, is a *candidate*.

It is rebuilt as a Markdown table with ``k`` columns (the smallest ``k`` from 2
to ``MAX_COLS`` that fits) when

* the run holds a whole number of rows: a header row and at least two data rows;
* no cell of the header row is a figure, and the first cell of each data row is
  not a figure (a row label);
* every other column is all figures or all text in the data rows, and at least
  one is figures.

One or two lines before the run (a table caption) and after it (a note) may be
left out of it to make it fit.  The cells are the lines as printed: no figure is
joined, split or edited (``import.table``, repaired).  A candidate that fits no
shape is reported as a suspected table (``import.suspected-table``, warning)
and left one cell per paragraph; its cells are never joined to each other.
"""

from __future__ import annotations

import re

from bipub.importer.pieces import Piece
from bipub.importer.report import Report

CELL_MAX = 24
MIN_CELLS = 6
MIN_FIGURES = 3
MAX_COLS = 8
FIGURE = re.compile(r"^[-−+±]?[0-9０-９][0-9０-９,，.．]*[%％‰]?$|^[—–\-－…]{1,2}$")
_ENDS = re.compile("[。！？；!?;]")


def is_figure(cell: str) -> bool:
    return bool(FIGURE.match(cell.strip()))


def _cell(p: Piece) -> bool:
    return p.kind == "paragraph" and p.line == p.end and 0 < len(p.text) <= CELL_MAX and not _ENDS.search(p.text)


def shape(cells: list[str]) -> int | None:
    """The number of columns that makes ``cells`` a regular table, or None."""
    n = len(cells)
    for k in range(2, MAX_COLS + 1):
        if n % k or n // k < 3:
            continue
        rows = [cells[r * k:(r + 1) * k] for r in range(n // k)]
        if any(is_figure(c) for c in rows[0]) or any(is_figure(r[0]) for r in rows[1:]):
            continue
        kinds = [{is_figure(r[j]) for r in rows[1:]} for j in range(1, k)]
        if all(len(s) == 1 for s in kinds) and any(True in s for s in kinds):
            return k
    return None


def rebuild(pieces: list[Piece], report: Report) -> list[Piece]:
    out: list[Piece] = []
    i = 0
    while i < len(pieces):
        if not _cell(pieces[i]):
            out.append(pieces[i])
            i += 1
            continue
        j = i
        while j < len(pieces) and _cell(pieces[j]):
            j += 1
        run = pieces[i:j]
        i = j
        if len(run) < MIN_CELLS or sum(is_figure(p.text) for p in run) < MIN_FIGURES:
            out.extend(run)
            continue
        out.extend(_table(run, report))
    return out


def _table(run: list[Piece], report: Report) -> list[Piece]:
    for lead in range(0, 3):
        for trail in range(0, 3):
            cells = run[lead: len(run) - trail]
            k = shape([p.text for p in cells]) if len(cells) >= MIN_CELLS else None
            if k is None:
                continue
            texts = [p.text for p in cells]
            rows = [texts[r * k:(r + 1) * k] for r in range(len(texts) // k)]
            table = Piece("table", "", cells[0].line, cells[-1].end, block=cells[0].block, rows=rows)
            report.add("table", "repaired", f"rebuilt a table of {len(rows) - 1} rows × {k} columns from one cell per line "
                       f"(lines {table.line}–{table.end}); cells as printed, no figure changed", table.line)
            return run[:lead] + [table] + run[len(run) - trail:]
    for p in run:
        p.fixed = True
    report.add("suspected-table", "warning", f"lines {run[0].line}–{run[-1].end} look like a table copied one cell per line, "
               "but its shape is irregular: kept one cell per paragraph, no figure touched; rebuild the table by hand",
               run[0].line)
    return run


def grid(rows: list[list[tuple[str, int, int]]], report: Report, line: int | None) -> list[list[str]]:
    """Rows of ``(text, colspan, rowspan)`` cells expanded to the table grid.

    A merged cell's text stays in its first column and row; the other grid
    positions it covers become empty cells, so every later cell keeps its
    column (``import.merged-cell``, info).  A row that still has another number
    of cells than the first row is reported (``import.table-shape``, warning):
    the writer pads it, and a figure in it may sit under the wrong header.
    """
    out: list[list[str]] = []
    below: dict[int, int] = {}  # grid column → rows a rowspan still covers
    merged = 0

    def fill(row: list[str], col: int) -> int:
        while below.get(col, 0) > 0:
            row.append("")
            below[col] -= 1
            col += 1
        return col

    for cells in rows:
        row: list[str] = []
        col = 0
        for text, colspan, rowspan in cells:
            col = fill(row, col)
            colspan, rowspan = max(1, colspan), max(1, rowspan)
            if colspan > 1 or rowspan > 1:
                merged += 1
                report.add("merged-cell", "info", f"merged table cell “{text[:30]}” ({colspan} columns × {rowspan} rows) "
                           "expanded to the grid: its text in its first column and row, empty cells for the rest", line)
            row += [text] + [""] * (colspan - 1)
            for c in range(col, col + colspan):
                if rowspan > 1:
                    below[c] = rowspan - 1
            col += colspan
        if below and any(v > 0 for c, v in below.items() if c >= col):
            last = max(c for c, v in below.items() if v > 0)
            while col <= last:
                if below.get(col, 0) > 0:
                    below[col] -= 1
                row.append("")
                col += 1
        out.append(row)
    out = [r for r in out if any(r)]
    if out:
        width = len(out[0])
        odd = [i for i, r in enumerate(out) if len(r) != width]
        if odd:
            report.add("table-shape", "warning", f"{len(odd)} table row(s) have another number of cells than the header "
                       f"({width}): a figure there may sit under the wrong column; check the table against the source", line)
    return out
