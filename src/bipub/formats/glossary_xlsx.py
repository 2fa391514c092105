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
from pathlib import Path

from bipub.findings import Finding
from bipub.formats.glossary_csv import HEADER_ALIASES
from bipub.formats.xmlsafe import FormatError, plain
from bipub.terms.model import COLUMNS, LIST_SEPARATOR, Term
from bipub.terms.tsv import read_rows

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


def read_xlsx(path: Path, label: str | None = None) -> tuple[list[Term], list[Finding]]:
    """Terms from the first sheet of a workbook; bad rows are findings naming ``label:ROW``."""
    from openpyxl import load_workbook

    path = Path(path)
    label = label or str(path)
    _check_zip(path, label)
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # openpyxl raises many kinds for a damaged workbook
        raise FormatError(f"{label}: cannot be read as a workbook ({type(e).__name__}: {e})") from None
    findings: list[Finding] = []
    lines: list[str] = []
    try:
        sheet = wb.worksheets[0]
        for n, row in enumerate(sheet.iter_rows(), 1):
            cells = []
            for cell in row:
                value = "" if cell.value is None else str(cell.value)
                if getattr(cell, "data_type", "") == "f":
                    findings.append(Finding("glossary.formula", "warning",
                                            f"cell {cell.coordinate} holds a formula; imported as its text {value[:40]!r}",
                                            label, n))
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
    finally:
        wb.close()
    terms, found = read_rows("\n".join(lines), label, delimiter=",", aliases=HEADER_ALIASES, default_status="proposed")
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
