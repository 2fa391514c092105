"""The reader of text PDFs (as government sites publish them), with pdfplumber.

* A PDF without a text layer (a scan) is refused with one line: run OCR first.
  A page without text among pages with text (a scanned page, an image) is an error
  naming the page (``import.no-text-page``): its words are nowhere in the import.
* **Running heads, footers and page numbers** are found by position and
  repetition, not by guessing from the text: a line in the top or bottom margin
  band (``MARGIN`` of the page height) that, with its digits masked, recurs on at
  least half the pages (two at least), or that is a page number there (``— 2 —``,
  ``2``, ``第 2 页``, ``2/15``).  Each is removed and listed, its figures counted
  as removed.
* **Paragraphs** are rejoined across lines and pages: a line continues the
  paragraph when the one before reached the right edge of the text block (or
  ends mid-sentence: a figure too wide for the rest of the line leaves it short)
  and this one is not indented and has the same font size.  This is reading the
  layout, not a repair, so it is not reported line by line.  A break with a digit on both
  sides is never joined (the editor decides: ``import.digit-break``).
* **Headings** by size and weight: a short line set larger than the body text, or
  bold at body size, standing alone.  Sizes rank the levels (largest first); the
  first heading on page 1 larger than any other is the title.
* **Tables** the PDF draws with rules (pdfplumber's lines strategy, ``pdf_tables``) →
  tables, each cell read from its own glyphs; their lines are not read again as text.
  A caption line (``表1　…``) is a paragraph, never a row.
* **Two columns** (``pdf_columns``): a page with a gutter down the middle and prose on
  both sides is read left column first, then right (``import.columns``).
* **Glyphs set apart are never fused**: a horizontal gap wider than ``GAP`` (a quarter
  em) is a space, so two figures never become one (``6286.9`` ``1.9``).  Lines of
  cells set apart with figures among them are a table without rules: consecutive rows
  with the same number of cells become a table, the others stay one row a paragraph;
  either way ``import.suspected-table`` (warning) asks the editor to check the cells.

**Where an editor finds it**: a finding's ``line`` is the line of the text layer,
counted from the start of the document (table rows included), as for every
reader; its message ends with the place in the PDF a person can find:
``(page 3, line 12)``, the 12th line of text from the top of page 3 (running heads
and table rows counted, as one counts on the page).
"""

from __future__ import annotations

import io
import re
from collections import Counter

from bipub.importer import pagenum, pdf_columns, pdf_tables
from bipub.importer.decode import ImportRefused
from bipub.importer.intake import Intake, Options
from bipub.importer.pieces import Piece
from bipub.importer.report import Report
from bipub.importer.text import head, is_digit, is_terminated

MARGIN = 0.1
_BOLD = re.compile(r"bold|heavy|black|hei|黑体|semibold|demi", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9０-９]+")
#: a line that starts a numbered heading of its own (never the second line of a wrapped one)
_NUMBERED = re.compile(r"^(?:第[一二三四五六七八九十百零〇0-9]+[章节節部编篇条]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十0-9]+[）)]|[0-9]+[.、．])")
#: a table or figure caption: ``表1　2023年…`` (a label with its figure, then the title): never a row of cells
_CAPTION = re.compile(r"^(?:附表|附图|表|图)\s*[0-9０-９一二三四五六七八九十]+(?:[-－.．][0-9０-９]+)?\s")


class PdfReader:
    name = "pdf"
    extensions = (".pdf",)

    def sniff(self, data: bytes) -> bool:
        return data[:1024].lstrip().startswith(b"%PDF")

    def read(self, data: bytes, name: str, report: Report, options: Options) -> Intake:
        import pdfplumber

        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
            raise ImportRefused(f"{name}: byte 0: not a readable PDF (damaged or cut short?); nothing written") from None
        with pdf:
            pages = [_page(p, k) for k, p in enumerate(pdf.pages, 1)]
            drawn = [k for k, p in enumerate(pdf.pages, 1) if not pages[k - 1][0] and (p.images or p.rects or p.curves)]
        if not any(ln for lines, _ in pages for ln in lines):
            raise ImportRefused(f"{name}: byte 0: this PDF has no text layer (a scan?); run OCR on it first, nothing written")
        intake = _Layout(pages, report).run()
        for k in drawn:  # a scanned page among text pages: its words are not in the text layer
            after = next((ln.no for lines, _ in pages[k:] for ln in lines), None)
            report.add("no-text-page", "error", f"page {k} has no text layer, only an image or drawing (a scanned page?): "
                       "nothing of it is imported; run OCR on it or type its text in", after, placed=True)
        return intake


reader = PdfReader()


class _Line:
    __slots__ = ("text", "x0", "x1", "top", "bottom", "size", "bold", "page", "no", "height", "cells", "table", "pline",
                 "edges")

    def __init__(self, text, x0, x1, top, bottom, size, bold, page, height, cells=(), table=None, edges=None):
        self.text, self.x0, self.x1, self.top, self.bottom = text, x0, x1, top, bottom
        self.size, self.bold, self.page, self.height, self.no = size, bold, page, height, 0
        self.cells = list(cells) or [text]
        self.table = table  # the ruled table (``pdf_tables.Table``) the line lies in, or None
        self.pline = 0  # its line on the page, counted from the top
        self.edges = edges  # on a page in two columns: its column's (left, right) edges


#: a horizontal gap wider than this (in ems) between two glyphs is a space, never a join: glyphs of
#: one word touch (Chinese ones box to box), kerning is less, and table cells stand further apart
GAP = 0.25
#: two digits further apart than this (in ems, beyond the line's usual spacing) are two figures, never one:
#: the digits of one figure touch, and a table set tight puts ``53231.6`` and ``4.8`` a seventh of an em apart
DIGIT_GAP = 0.08


def _spaced(chars) -> tuple[str, list[str]]:
    """The text of a line's glyphs, a space wherever two glyphs stand apart (``GAP``), and its pieces
    split at those gaps (the cells, if the line is the row of a table set without rules)."""
    pieces: list[str] = [""]
    prev = None
    seen = [c for c in chars if not c["text"].isspace()]
    gaps = sorted(b["x0"] - a["x1"] for a, b in zip(seen, seen[1:]))
    usual = gaps[len(gaps) // 2] if gaps else 0.0  # the line's usual spacing (justified text spaces every glyph)
    for c in chars:
        t = c["text"]
        if t.isspace():
            if pieces[-1]:
                pieces[-1] += " "
            continue
        if prev is not None:
            em = max(c.get("size") or prev.get("size") or 1, 1)
            if t == prev["text"] and abs(c["x0"] - prev["x0"]) < 0.1 * em:
                continue  # one glyph drawn twice at one place (as pdfplumber, read once)
            gap = c["x0"] - prev["x1"]
            if gap > GAP * em or (prev["text"].isdigit() and t.isdigit() and gap > max(DIGIT_GAP * em, usual + DIGIT_GAP * em)):
                pieces.append("")
        pieces[-1] += t
        prev = c
    cells = [p.strip() for p in pieces if p.strip()]
    return " ".join(cells), cells


def _figure_cells(ln: "_Line") -> bool:
    """A line of glyphs set apart with a figure beside a gap: ``粮食 70650.0 1.3`` (a table row)."""
    return len(ln.cells) >= 2 and any(is_digit(a[-1]) or is_digit(b[0]) for a, b in zip(ln.cells, ln.cells[1:]))


def _page(page, k: int):
    """(every line of text, the lines of ruled tables marked with their table, ruled tables) of one page."""
    tables = pdf_tables.find(page, _spaced)
    lines = []
    found, _ = pdf_columns.split(page.extract_text_lines(return_chars=True), page.width, page.height, MARGIN)
    for ln in found:
        text = ln["text"].strip()
        if not text:
            continue
        if ln.get("chars"):  # never pdfplumber's join of glyphs 3 pt apart: ``出栏6286.91.9``
            text, cells = _spaced(sorted(ln["chars"], key=lambda c: c["x0"]))
        else:
            cells = [text]
        table = next((t for t in tables if t.holds(ln["x0"], ln["x1"], ln["top"], ln["bottom"])), None)
        chars = ln.get("chars") or []
        sizes = Counter(round(c.get("size", 0), 1) for c in chars if not c["text"].isspace())
        size = sizes.most_common(1)[0][0] if sizes else 0
        bold = sum(1 for c in chars if _BOLD.search(c.get("fontname", ""))) > len(chars) / 2
        lines.append(_Line(text, ln["x0"], ln["x1"], ln["top"], ln["bottom"], size, bold, k, page.height, cells, table,
                           ln.get("edges")))
    return lines, tables


def _in_band(ln: _Line) -> bool:
    """In the top or bottom margin band of its page (where running heads and page numbers stand)."""
    return ln.top < ln.height * MARGIN or ln.bottom > ln.height * (1 - MARGIN)


class _Layout:
    def __init__(self, pages, report: Report) -> None:
        self.pages, self.report = pages, report
        joined = pdf_tables.join_continued(pages, _in_band)
        no = 0
        self.place: dict[int, tuple[int, int]] = {}  # line of the text layer → (page, line on the page)
        for lines, _ in pages:
            for k, ln in enumerate(lines, 1):
                no += 1
                ln.no, ln.pline = no, k
                self.place[no] = (ln.page, k)
        report.where = self.where
        self.all = [ln for lines, _ in pages for ln in lines if ln.table is None]
        self.spans: dict[int, tuple[int, int]] = {}  # id of a table → its first and last line
        for lines, tables in pages:
            for t in tables:
                nos = [ln.no for page, _ in pages for ln in page if ln.table is t] or [self._next_line(lines, t.top)]
                self.spans[id(t)] = (min(nos), max(nos))
        two = sorted({ln.page for ln in self.all if ln.edges})
        if two:
            self.report.add("columns", "info", f"page{'s' if len(two) > 1 else ''} {', '.join(map(str, two))} set in two "
                            "columns: read the left column down, then the right (a line crossing the gutter, such as a "
                            "title, ends a band); check the order where a column ends mid-sentence",
                            next(ln.no for ln in self.all if ln.edges))
        for t, page in joined:
            report.add("table-continued", "repaired", f"the table {head(' '.join(t.rows[0]), 20)} runs on to page "
                       f"{page}: its rows there are added to it", self.spans[id(t)][0])

    def where(self, lines: list[int]) -> str:
        """Where a person finds these lines of the text layer: ``page 3, line 12``,
        ``page 1, lines 4, 5; page 2, line 3`` (lines counted from the top of each page)."""
        pages: dict[int, list[int]] = {}
        for n in lines:
            page, k = self.place.get(n, (0, n))
            pages.setdefault(page, []).append(k)
        return "; ".join((f"page {p}, " if p else "") + ("line " if len(ks) == 1 else "lines ") + ", ".join(map(str, ks))
                         for p, ks in pages.items())

    def _next_line(self, lines, top: float) -> int:
        after = [ln.no for ln in lines if ln.top >= top]
        return after[0] if after else (lines[-1].no if lines else 0)

    def run(self) -> Intake:
        source = [(ln.no, ln.text) for ln in self.all]
        for _, tables in self.pages:
            source += [(self.spans[id(t)][0], c) for t in tables for r in t.rows for c in r]
        drop = self.furniture()
        body = [ln for ln in self.all if ln.no not in drop]
        sizes = Counter()
        for ln in body:
            sizes[ln.size] += len(ln.text)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 0
        self.left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0] if body else 0
        self.right = max((ln.x1 for ln in body), default=0)
        pieces = self.paragraphs(body)
        meta: dict = {}
        first = next((p for p in pieces if p.kind == "heading"), None)
        if first is not None and first.level == 1 and pieces.index(first) <= 1:
            meta["title"] = first.text
            pieces.remove(first)
            self.report.add("front-matter", "info", f"title {head(first.text, 20)}: the largest type on page 1", first.line)
        for p in pieces:
            if p.kind == "heading":
                p.level = max(2, p.level)
        return Intake("PDF (text layer)", meta=meta, pieces=pieces, source=source)

    def furniture(self) -> set[int]:
        """Line numbers of running heads, footers and page numbers (by position and repetition)."""
        n = len(self.pages)
        band: list[_Line] = [ln for ln in self.all if _in_band(ln)]
        masked = Counter()
        for ln in band:
            masked[(_DIGITS.sub("#", ln.text), ln.top < ln.height / 2)] += 1
        drop: set[int] = set()
        heads: list[int] = []
        numbers: list[int] = []
        for ln in band:
            key = (_DIGITS.sub("#", ln.text), ln.top < ln.height / 2)
            if pagenum.is_page_number(ln.text) or re.fullmatch(r"[0-9０-９]{1,4}", ln.text.strip()) and n > 1:
                numbers.append(ln.no)
            elif n >= 2 and masked[key] >= max(2, n // 2):
                heads.append(ln.no)
            else:
                continue
            drop.add(ln.no)
            self.report.remove(ln.no, ln.text)
        by_no = {ln.no: ln for ln in self.all}
        if numbers:
            self.report.add_lines("page-number", "repaired", "removed page numbers (in the page margin: "
                                  f"{', '.join(list(dict.fromkeys(by_no[k].text for k in numbers))[:3])})", numbers)
        if heads:
            self.report.add_lines("running-head", "repaired", "removed running heads and footers (repeated in the page "
                                  f"margin: {head(by_no[heads[0]].text, 20)})", heads)
        return drop

    def paragraphs(self, body: list[_Line]) -> list[Piece]:
        out: list[Piece] = []
        tables = {k: list(t) for k, (_, t) in enumerate(self.pages, 1)}
        cur: Piece | None = None
        prev: _Line | None = None
        levels = sorted({ln.size for ln in body if self._heading(ln)}, reverse=True)
        rows: list[tuple[Piece, _Line]] = []
        for ln in body:
            out.extend(self._tables_before(tables, ln))
            if len(ln.cells) >= 2 and not self._heading(ln) and not _CAPTION.match(ln.text):  # a row, never joined
                cur = Piece("paragraph", ln.text, ln.no, ln.no)
                out.append(cur)
                rows.append((cur, ln))
                cur, prev = None, ln
                continue
            if self._heading(ln):
                level = levels.index(ln.size) + 1 if ln.size > self.body_size * 1.1 else len(levels) + 1
                if out and out[-1].kind == "heading" and prev is not None and self._wraps(out[-1], prev, ln):
                    out[-1].text += " " if out[-1].text[-1].isascii() and ln.text[0].isascii() else ""
                    out[-1].text += ln.text
                    out[-1].end, prev = ln.no, ln
                    continue
                out.append(Piece("heading", ln.text, ln.no, ln.no, level=level, numbering="plain"))
                cur, prev = None, ln
                continue
            if cur is not None and prev is not None and self._continues(prev, ln):
                if is_digit(cur.text[-1]) and is_digit(ln.text[0]):
                    cur = None  # never join at a digit: suspect.py reports the break
                else:
                    sep = " " if cur.text[-1].isascii() and ln.text[0].isascii() and cur.text[-1].isalnum() else ""
                    cur.text += sep + ln.text
                    cur.end = ln.no
                    prev = ln
                    continue
            cur = Piece("paragraph", ln.text, ln.no, ln.no)
            out.append(cur)
            prev = ln
        for k in sorted(tables):
            out.extend(self._tables_before(tables, None, k))
        return self._unruled_tables(out, rows)

    def _unruled_tables(self, out: list[Piece], rows: list[tuple[Piece, _Line]]) -> list[Piece]:
        """Lines of cells set apart with figures among them: a table without rules.  Consecutive rows
        with the same number of cells (two or more with figures) become a table; the others stay one
        row a paragraph, cells a space apart.  Either way a warning: the editor checks the columns."""
        runs: list[list[tuple[Piece, _Line]]] = []
        for piece, ln in rows:
            if runs and runs[-1][-1][1].no == ln.no - 1 and runs[-1][-1][1].page == ln.page:
                runs[-1].append((piece, ln))
            else:
                runs.append([(piece, ln)])
        for run in runs:
            figured = [ln for _, ln in run if _figure_cells(ln)]
            if not figured:
                continue
            lines = [ln.no for _, ln in run]
            if len(figured) >= 2 and len({len(ln.cells) for _, ln in run}) == 1:
                at = out.index(run[0][0])
                for piece, _ in run:
                    out.remove(piece)
                out.insert(at, Piece("table", "", lines[0], lines[-1], rows=[list(ln.cells) for _, ln in run]))
                what = f"read as a table of {len(run)} rows × {len(run[0][1].cells)} columns"
            else:
                what = "kept one row a paragraph, cells a space apart"
            self.report.add_lines("suspected-table", "warning", "a table without rules? (figures set apart in "
                                  f"columns, never joined: {head(run[0][1].text, 24)}) {what}; check the cells", lines)
        return out

    def _tables_before(self, tables, ln: _Line | None, page: int | None = None) -> list[Piece]:
        out = []
        for k in sorted(tables):
            if ln is not None and (k > ln.page):
                break
            if page is not None and k != page:
                continue
            keep = []
            for t in tables[k]:
                if ln is None or k < ln.page or t.top < ln.top:
                    first, last = self.spans[id(t)]
                    out.append(Piece("table", "", first, last, rows=t.rows))
                    if t.merged:
                        self.report.add("merged-cell", "info", f"merged cells in the table {head(' '.join(t.rows[0]), 20)} "
                                        f"expanded to the grid: each text in its first column and row, {t.merged} "
                                        "empty cells for the positions they cover", first)
                    for r, c in t.digit_breaks:
                        self.report.add("digit-break", "warning", f"a cell of this table (row {r + 1}, column {c + 1}: "
                                        f"{head(t.rows[r][c], 24)}) is set on lines with a digit on both sides of the "
                                        "break: kept apart with a space, never joined; check the cell", first)
                else:
                    keep.append(t)
            tables[k] = keep
        return out

    def _wraps(self, piece: Piece, prev: _Line, ln: _Line) -> bool:
        """A heading set on two lines (a long title): the line above is that heading's last, as wide as
        a wrapped line is, in the same type, just above; this one is not numbered; no digit meets a digit."""
        return (piece.end == prev.no and prev.page == ln.page and abs(prev.size - ln.size) < 0.5
                and prev.bold == ln.bold and ln.top - prev.bottom < 0.8 * max(ln.size, 1)
                and prev.x1 - prev.x0 >= 0.6 * (self.right - self.left) and not _NUMBERED.match(ln.text)
                and not (is_digit(piece.text[-1]) and is_digit(ln.text[0])))

    def _heading(self, ln: _Line) -> bool:
        short = len(ln.text) <= 40 and not re.search("[。；！？]$", ln.text)
        bigger = ln.size > self.body_size * 1.1
        right = ln.edges[1] if ln.edges else self.right
        return short and (bigger or (ln.bold and ln.size >= self.body_size * 0.95 and ln.x1 < right - 2 * ln.size))

    def _continues(self, prev: _Line, ln: _Line) -> bool:
        # a line that reached the right edge runs on; so does one cut short before an unbreakable
        # figure (``增长`` | ``5.2%，``) when it ends mid-sentence
        right = prev.edges[1] if prev.edges else self.right
        full = prev.x1 >= right - 1.5 * max(prev.size, 1) or not is_terminated(prev.text)
        indented = ln.x0 > (ln.edges[0] if ln.edges else self.left) + 1.2 * max(ln.size, 1)
        same = abs(prev.size - ln.size) < 0.5
        gap_ok = ln.page != prev.page or ln.top - prev.bottom < 1.2 * max(ln.size, 1)
        return full and not indented and same and gap_ok
