"""Ruled tables of a text PDF: the cells the rules draw, each cell's glyphs read as they stand.

Government statistics PDFs (made by Word, WPS or LibreOffice) draw their tables
with rules.  pdfplumber's table finder with the **lines strategy** (both
directions: ruling lines and the edges of filled rectangles, as those programs
draw borders) gives the cell boxes; a merged cell's text stands in its first
column and row and the positions it covers are left empty, so the grid keeps its
shape (``import.merged-cell``, info, as for Word and HTML tables).

Each cell's text is read from its own glyphs, never from pdfplumber's joined
text: glyphs set apart (``GAP``) stay apart with a space, so two figures in one
cell are never fused (``6286.9 1.9``); the lines of a wrapped cell are joined
without a space between Chinese characters, with a space between Latin words,
and with a space where a digit stands on both sides of the break
(``140967`` / ``100.0`` → ``140967 100.0``, never ``140967100.0``), reported as
``import.digit-break`` so the editor checks the cell.
"""

from __future__ import annotations

from bipub.importer.text import is_digit

#: pdfplumber settings: cells from ruling lines only (text never makes a column here)
LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


class Table:
    """A ruled table on one page: its box, its rows of cell texts, and the cells whose lines had a
    digit on both sides of a break (row, column)."""

    __slots__ = ("bbox", "rows", "digit_breaks", "merged")

    def __init__(self, bbox, rows, digit_breaks, merged=0):
        self.bbox, self.rows, self.digit_breaks = bbox, rows, digit_breaks
        self.merged = merged  # grid positions a merged cell covers (left empty)

    @property
    def top(self) -> float:
        return self.bbox[1]

    def holds(self, x0: float, x1: float, top: float, bottom: float) -> bool:
        b = self.bbox
        return b[0] - 1 <= x0 and x1 <= b[2] + 1 and b[1] - 1 <= top and bottom <= b[3] + 1


def find(page, spaced) -> list[Table]:
    """The ruled tables of ``page`` with two rows and two columns at least.  ``spaced(chars)`` is the
    reader's gap rule (``read_pdf._spaced``): the text of one line of glyphs."""
    try:
        found = page.find_tables(LINES)
    except Exception:  # noqa: BLE001 - a table the finder cannot read stays text (its glyphs are read as lines)
        return []
    chars = page.chars
    out = []
    for t in found:
        rows, breaks, merged = [], [], 0
        for r, row in enumerate(t.rows):
            cells = []
            for k, box in enumerate(row.cells):
                text, broken = _cell(box, chars, spaced) if box is not None else ("", False)
                merged += box is None
                cells.append(text)
                if broken:
                    breaks.append((r, k))
            rows.append(cells)
        if rows and max(len(r) for r in rows) >= 2:  # one row may be the rest of a table broken by a page
            out.append(Table(t.bbox, rows, breaks, merged))
    return out


def _cell(box, chars, spaced) -> tuple[str, bool]:
    """The text of the glyphs whose centre lies in ``box``, line by line; and whether a line break
    has a digit on both sides."""
    x0, top, x1, bottom = box
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    lines: list[list[dict]] = []
    for c in sorted(inside, key=lambda c: (c["top"], c["x0"])):
        size = c.get("size") or 1
        if lines and abs(lines[-1][0]["top"] - c["top"]) < 0.5 * size:
            lines[-1].append(c)
        else:
            lines.append([c])
    text, broken = "", False
    for glyphs in lines:
        part = spaced(sorted(glyphs, key=lambda c: c["x0"]))[0]
        if not part:
            continue
        if text:
            if is_digit(text[-1]) and is_digit(part[0]):
                broken, text = True, text + " "
            elif text[-1].isascii() and part[0].isascii() and text[-1].isalnum() and part[0].isalnum():
                text += " "
        text += part
    return text, broken


def join_continued(pages, in_band) -> list[tuple[Table, int]]:
    """A table broken by a page break is one table: when a page ends with a ruled table and the next
    page starts with one of as many columns (nothing but running heads and page numbers, ``in_band``,
    between them), the second's rows are added to the first (a header row left alone at the foot of
    a page included).  ``pages``: ``[(lines, tables)]``, each line's ``table`` the table it lies in
    (updated here).  A one-row ruled box that continues nothing and is continued by nothing is not
    a table: its lines are read as text.  Returns the joins made: (table, page it continued on)."""
    joined = []
    last: tuple[Table, list] | None = None  # the table the previous page ends with, and that page's lines
    for k, (lines, tables) in enumerate(pages, 1):
        tables.sort(key=lambda t: t.top)
        text = [ln for ln in lines if ln.table is None and not in_band(ln)]
        first = tables[0] if tables else None
        if (first is not None and last is not None and len(first.rows[0]) == len(last[0].rows[0])
                and all(ln.top >= first.bbox[3] for ln in text)):
            table = last[0]
            at = len(table.rows)
            table.rows += first.rows
            table.digit_breaks += [(r + at, c) for r, c in first.digit_breaks]
            table.merged += first.merged
            for ln in lines:
                if ln.table is first:
                    ln.table = table
            tables[0] = table  # stands for the continued table on this page
            joined.append((table, k))
        elif last is not None and len(last[0].rows) < 2:
            _release(last[0], *last[1])
        end = tables[-1] if tables else None
        last = (end, [lines, pages[k - 1][1]]) if end is not None and all(ln.bottom <= end.top for ln in text) else None
        for t in [t for t in tables if len(t.rows) < 2 and (last is None or t is not last[0])]:
            _release(t, lines, tables)
        if tables and joined and joined[-1][1] == k and tables[0] is joined[-1][0]:
            tables.pop(0)  # its rows are the first part's now
    if last is not None and len(last[0].rows) < 2:
        _release(last[0], *last[1])
    return joined


def _release(table: Table, lines, tables) -> None:
    """Not a table after all: its lines are read as text."""
    for ln in lines:
        if ln.table is table:
            ln.table = None
    if table in tables:
        tables.remove(table)
