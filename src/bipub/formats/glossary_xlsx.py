"""Glossary as an Excel workbook (.xlsx): the columns of ``glossary/*.tsv`` on the first sheet.

For the spreadsheet round trip (an editor sorts, filters and fills in terms in
Excel or LibreOffice): row 1 is the header (``zh en variants forbidden status
type note``, or the names `glossary_csv.ALIASES` knows), one term per row,
lists separated by ``|``.  Every cell is written as text, never as a formula,
so ``=HYPERLINK(…)`` in a note stays the characters it is; on reading, a cell
that holds a formula is taken as its text and reported.  Findings name the
sheet row (``glossary.xlsx:7``).

Limits: the workbook must be at most `MAX_BYTES` and unpack to at most
`MAX_UNPACKED` (a zip bomb is refused before anything is parsed); openpyxl
parses with defusedxml.  A line break inside a cell becomes a space (glossary
cells are one line), reported.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

from bipub.findings import Finding
from bipub.formats.glossary_csv import HEADER_ALIASES
from bipub.formats.xmlsafe import FormatError, plain
from bipub.terms.model import COLUMNS, LIST_SEPARATOR, Term
from bipub.terms.tsv import header_line, names_of, read_rows

MAX_BYTES = 32 * 1024 * 1024
MAX_UNPACKED = 256 * 1024 * 1024
_BREAKS = re.compile(r"[\t\r\n\v\f\x85\u2028\u2029]+")


def _check_zip(path: Path, label: str) -> None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise FormatError(f"{label}: {size / 1048576:.1f} MB is over the {MAX_BYTES // 1048576} MB limit for a workbook")
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as e:
        raise FormatError(f"{label}: not an .xlsx workbook ({e})") from None
    if unpacked > MAX_UNPACKED:
        raise FormatError(f"{label}: unpacks to {unpacked / 1048576:.0f} MB, over the "
                          f"{MAX_UNPACKED // 1048576} MB limit; refused")


_TERM_COLUMNS = ("zh", "en", "variants", "forbidden")


def _text(cell) -> tuple[str, str]:
    """A cell as text, and what it held when that was not text ("a formula", "a number", "a date")."""
    value = cell.value
    if value is None:
        return "", ""
    if getattr(cell, "data_type", "") == "f":
        return str(value), "a formula"
    if isinstance(value, bool):
        return str(value).upper(), "a truth value"
    if isinstance(value, (int, float)):
        return (str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)), "a number"
    if isinstance(value, (datetime, date, time)):
        if isinstance(value, datetime) and value.time() == time():
            value = value.date()
        return value.isoformat(), "a date"
    return str(value), ""


def _sheet_rows(sheet, label: str, findings: list[Finding]) -> tuple[list[str], dict[int, list]]:
    """A sheet's rows as CSV lines, and per row number the cells that were not text."""
    lines: list[str] = []
    odd: dict[int, list] = {}
    for n, row in enumerate(sheet.iter_rows(), 1):
        cells = []
        for i, cell in enumerate(row):
            value, kind = _text(cell)
            if kind:
                odd.setdefault(n, []).append((i, cell.coordinate, kind, value))
            if _BREAKS.search(value):
                findings.append(Finding("glossary.line-break", "info",
                                        f"cell {cell.coordinate}: line breaks became spaces", label, n))
                value = _BREAKS.sub(" ", value)
            cells.append(value)
        while cells and not cells[-1]:
            cells.pop()
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells)
        lines.append(buf.getvalue())
    return lines, odd


def read_xlsx(path: Path, label: str | None = None) -> tuple[list[Term], list[Finding]]:
    """Terms from the first sheet with a header row (title rows above it are skipped and reported);
    bad rows are findings naming ``label:ROW``.  A cell that is not text is reported: a formula in
    a term's columns leaves the row out (its text is not what the sheet shows), a number or a date
    is imported as its text (``1.1``, ``2023-11-11``) with the row ``proposed``."""
    from openpyxl import load_workbook

    path = Path(path)
    label = label or str(path)
    _check_zip(path, label)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds for a damaged workbook
        raise FormatError(f"{label}: cannot be read as a workbook ({type(e).__name__}: {e})") from None
    findings: list[Finding] = []
    chosen = None
    try:
        for sheet in wb.worksheets:
            found: list[Finding] = []
            lines, odd = _sheet_rows(sheet, label, found)
            at = header_line("\n".join(lines), delimiter=",", aliases=HEADER_ALIASES, default_status="proposed")
            if chosen is None and (at is not None or sheet is wb.worksheets[-1]):
                chosen = (sheet.title, lines, odd, at)
                findings += found
                if sheet is not wb.worksheets[0]:
                    findings.append(Finding("glossary.sheet", "info", f"terms read from sheet {sheet.title!r} "
                                            "(row numbers are that sheet's)", label, None))
            elif any(line.strip(",") for line in lines):
                why = "is after the one read" if chosen is not None else "has no header row naming zh and en"
                findings.append(Finding("glossary.sheet", "info", f"sheet {sheet.title!r} {why}: not read", label, None))
    finally:
        wb.close()
    if chosen is None:
        raise FormatError(f"{label}: the workbook has no worksheet")
    _, lines, odd, at = chosen
    names = names_of(next(csv.reader([lines[at - 1]])), HEADER_ALIASES) if at else []
    doubtful = set()
    for n, cells in sorted(odd.items()):
        for i, coordinate, kind, value in cells:
            column = names[i] if i < len(names) else ""
            if n == at or not column:
                continue
            if kind == "a formula" and column in (*_TERM_COLUMNS, "status"):
                findings.append(Finding("glossary.formula", "warning", f"cell {coordinate} ({column}) holds a formula "
                                        f"{value[:40]!r}, not the text the sheet shows; the row is not imported: "
                                        "type the value as text", label, n))
                lines[n - 1] = ""
                break
            flagged = column in _TERM_COLUMNS
            findings.append(Finding("glossary.formula" if kind == "a formula" else "glossary.not-text", "warning",
                                    f"cell {coordinate} ({column}) holds {kind}, not text: imported as {value[:40]!r}"
                                    + ("; the row comes in as proposed, check it reads as typed" if flagged else ""),
                                    label, n))
            if flagged:
                doubtful.add(n)
    terms, found = read_rows("\n".join(lines), label, delimiter=",", aliases=HEADER_ALIASES,
                             default_status="proposed", header_at=at, keep_unknown=True)
    terms = [replace(t, status="proposed") if t.line in doubtful else t for t in terms]
    return terms, findings + found


def format_xlsx(terms, *, title: str = "glossary") -> bytes:
    """A workbook with the standard header and one row per term; every cell is text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for t in terms:
        values = [t.zh, t.en, LIST_SEPARATOR.join(t.variants), LIST_SEPARATOR.join(t.forbidden), t.status, t.type, t.note]
        ws.append([plain(v) for v in values])
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # text, even when it starts with "=" (no formula ever)
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class Xlsx:
    """The XLSX entry of `bipub.formats.TERMBASES`."""

    name = "xlsx"
    extensions = (".xlsx",)

    @staticmethod
    def read(path: Path, label: str, *, pair=None) -> tuple[list[Term], list[Finding]]:
        return read_xlsx(path, label)

    @staticmethod
    def write(terms, *, source_desc: str = "", approved_only: bool = False, pair=None) -> bytes:
        kept = [t for t in terms if t.status == "approved"] if approved_only else list(terms)
        return format_xlsx(kept)
